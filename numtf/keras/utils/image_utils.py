"""Image files <-> arrays for `tf.keras.utils` / `tf.keras.preprocessing.image` (tf-keras 2):
`load_img`, `img_to_array`, `array_to_img`, `save_img`, `smart_resize`.

tf-keras hands out PIL images; numtf has no Pillow, so `load_img`/`array_to_img` return `Image`,
a small stand-in with the parts of PIL's API that Keras code uses (`mode`, `size`, `convert`,
`resize`, `save`, `np.asarray(img)`). Its `resize` follows Pillow's resampling (separable filters
widened when shrinking, 8-bit fixed-point weights, alpha premultiplied) so pixels match Pillow's
up to rounding. Files are read and written with numtf's PNG/BMP codecs: a JPEG (or any other
format) raises an error saying so.

    >>> img = tf.keras.utils.array_to_img(np.zeros((4, 6, 3)))
    >>> img.size, img.mode
    ((6, 4), 'RGB')
"""
import io
import math
import os
import pathlib
import warnings

import numpy as np

from .. import backend

__all__ = ["Image", "load_img", "img_to_array", "array_to_img", "save_img", "smart_resize"]

NEAREST, LANCZOS, BILINEAR, BICUBIC, BOX, HAMMING = 0, 1, 2, 3, 4, 5
_PIL_INTERPOLATION_METHODS = {"nearest": NEAREST, "bilinear": BILINEAR, "bicubic": BICUBIC, "hamming": HAMMING,
                              "box": BOX, "lanczos": LANCZOS}
_CHANNELS = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "I": 1, "I;16": 1}


def _box(x):
    return 1.0 if -0.5 < x <= 0.5 else 0.0


def _triangle(x):
    x = abs(x)
    return 1.0 - x if x < 1.0 else 0.0


def _hamming(x):
    x = abs(x)
    if x == 0.0:
        return 1.0
    if x >= 1.0:
        return 0.0
    x *= math.pi
    return math.sin(x) / x * (0.54 + 0.46 * math.cos(x))


def _bicubic(x, a=-0.5):
    x = abs(x)
    if x < 1.0:
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1
    if x < 2.0:
        return (((x - 5) * x + 8) * x - 4) * a
    return 0.0


def _sinc(x):
    if x == 0.0:
        return 1.0
    x *= math.pi
    return math.sin(x) / x


def _lanczos(x):
    return _sinc(x) * _sinc(x / 3.0) if -3.0 <= x < 3.0 else 0.0


_FILTERS = {BOX: (_box, 0.5), BILINEAR: (_triangle, 1.0), HAMMING: (_hamming, 1.0), BICUBIC: (_bicubic, 2.0),
            LANCZOS: (_lanczos, 3.0)}


def _weights(in_size, out_size, box0, box1, resample):
    """Pillow's per-output-pixel source windows and normalized weights along one axis."""
    fn, support = _FILTERS[resample]
    scale = (box1 - box0) / out_size
    filterscale = max(scale, 1.0)
    support *= filterscale
    w = np.zeros((out_size, in_size))
    for xx in range(out_size):
        center = box0 + (xx + 0.5) * scale
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), in_size)
        k = np.array([fn((x + xmin - center + 0.5) / filterscale) for x in range(xmax - xmin)])
        total = k.sum()
        if total != 0:
            k = k / total
        w[xx, xmin:xmax] = k
    return w


def _resample_axis(a, w, axis, eight_bit):
    out = np.moveaxis(np.tensordot(w, np.moveaxis(a, axis, 0).astype(np.float64), axes=(1, 0)), 0, axis)
    if eight_bit:
        # Pillow sums 22-bit fixed-point weights and rounds half up, then clips to 0..255
        return np.clip(np.floor(out + 0.5), 0, 255)
    return out


class Image:
    """A decoded image (a stand-in for PIL's Image): `mode` 'L', 'LA', 'RGB', 'RGBA', 'I' or
    'I;16', `size` (width, height); `np.asarray(img)` gives (height, width[, channels])."""

    def __init__(self, array, mode):
        self._a = np.asarray(array)
        self.mode = mode
        self.format = None

    @property
    def size(self):
        return (self._a.shape[1], self._a.shape[0])

    width = property(lambda self: self._a.shape[1])
    height = property(lambda self: self._a.shape[0])

    def __array__(self, dtype=None, copy=None):
        return self._a if dtype is None else self._a.astype(dtype)

    def __repr__(self):
        return f"<numtf Image mode={self.mode} size={self.size[0]}x{self.size[1]}>"

    def copy(self):
        return Image(self._a.copy(), self.mode)

    def convert(self, mode):
        """Pillow's conversions between 'L', 'LA', 'RGB', 'RGBA' (and from 'I'/'I;16', clipped)."""
        if mode == self.mode:
            return self.copy()
        a = self._a
        if self.mode in ("I", "I;16"):
            a, src = np.clip(a, 0, 255).astype(np.uint8), "L"
        else:
            src = self.mode
        color = a if src in ("RGB", "RGBA") else None
        gray = a if src == "L" else (a[..., 0] if src == "LA" else None)
        alpha = a[..., -1] if src in ("LA", "RGBA") else np.full(a.shape[:2], 255, np.uint8)
        if mode in ("L", "LA"):
            if gray is None:  # ITU-R 601-2 luma in Pillow's 16-bit fixed point
                c = color.astype(np.int64)
                gray = ((c[..., 0] * 19595 + c[..., 1] * 38470 + c[..., 2] * 7471 + 0x8000) >> 16).astype(np.uint8)
            out = gray if mode == "L" else np.stack([gray, alpha], -1)
        elif mode in ("RGB", "RGBA"):
            rgb = color[..., :3] if color is not None else np.repeat(gray[..., None], 3, -1)
            out = rgb if mode == "RGB" else np.concatenate([rgb, alpha[..., None]], -1)
        elif mode == "I":
            out = (gray if gray is not None else np.asarray(self.convert("L"))).astype(np.int32)
        else:
            raise ValueError(f"conversion from {self.mode} to {mode} not supported")
        return Image(out.astype(np.int32 if mode == "I" else np.uint8), mode)

    def resize(self, size, resample=NEAREST, box=None):
        """Resized to `size` (width, height) from `box` (left, upper, right, lower) of the image."""
        w, h = int(size[0]), int(size[1])
        box = tuple(box) if box is not None else (0, 0) + self.size
        a = self._a
        if resample == NEAREST:
            sx, sy = (box[2] - box[0]) / w, (box[3] - box[1]) / h
            xs = np.clip(np.floor(box[0] + (np.arange(w) + 0.5) * sx).astype(int), 0, a.shape[1] - 1)
            ys = np.clip(np.floor(box[1] + (np.arange(h) + 0.5) * sy).astype(int), 0, a.shape[0] - 1)
            return Image(a[ys][:, xs], self.mode)
        if resample not in _FILTERS:
            raise ValueError(f"Unknown resampling filter ({resample}).")
        eight_bit = a.dtype == np.uint8
        alpha = self.mode in ("LA", "RGBA")
        f = a.astype(np.float64)
        if alpha:  # Pillow resizes premultiplied colors ('RGBa'), then divides back
            al = f[..., -1:]
            f = np.concatenate([np.floor((f[..., :-1] * al + 128 + np.floor((f[..., :-1] * al + 128) / 256)) / 256),
                                al], -1)
        if w != a.shape[1] or box[0] or box[2] != a.shape[1]:
            f = _resample_axis(f, _weights(a.shape[1], w, box[0], box[2], resample), 1, eight_bit)
        if h != a.shape[0] or box[1] or box[3] != a.shape[0]:
            f = _resample_axis(f, _weights(a.shape[0], h, box[1], box[3], resample), 0, eight_bit)
        if alpha:
            al = f[..., -1:]
            color = np.where((al == 0) | (al == 255), f[..., :-1],
                             np.clip(np.floor(255 * f[..., :-1] / np.maximum(al, 1)), 0, 255))
            f = np.concatenate([color, al], -1)
        if not eight_bit:
            f = np.floor(f + 0.5) if a.dtype.kind in "iu" else f
        return Image(f.astype(a.dtype), self.mode)

    def save(self, fp, format=None, **kwargs):  # noqa: A002 - PIL's name
        """Writes PNG or BMP (from `format` or the file extension)."""
        if kwargs:
            raise NotImplementedError(f"Image.save options {sorted(kwargs)}")
        fmt = (format or "").lower()
        if not fmt:
            if not isinstance(fp, (str, os.PathLike)):
                raise ValueError("unknown file extension: no format given for a file object")
            ext = os.path.splitext(os.fspath(fp))[1].lower()
            fmt = {".png": "png", ".bmp": "bmp", ".jpg": "jpeg", ".jpeg": "jpeg"}.get(ext)
            if fmt is None:
                raise ValueError(f"unknown file extension: {ext}")
        data = _encode(self, fmt)
        if isinstance(fp, (str, os.PathLike)):
            with open(fp, "wb") as f:
                f.write(data)
        else:
            fp.write(data)


def _encode(img, fmt):
    from ...ops.image_io_ops import encode_png_array, unsupported_format_message
    a = img._a
    if fmt == "png":
        if img.mode in ("I", "I;16"):
            a = np.clip(a, 0, 65535).astype(np.uint16)
        return encode_png_array(a if a.ndim == 3 else a[..., None])
    if fmt == "bmp":
        rgb = np.asarray(img.convert("RGB") if img.mode != "RGB" else img)
        h, w = rgb.shape[:2]
        row = (w * 3 + 3) // 4 * 4
        body = np.zeros((h, row), np.uint8)
        body[:, :w * 3] = rgb[::-1, :, ::-1].reshape(h, w * 3)  # bottom-up rows, BGR
        size = 54 + body.size
        header = (b"BM" + size.to_bytes(4, "little") + bytes(4) + (54).to_bytes(4, "little")
                  + (40).to_bytes(4, "little") + w.to_bytes(4, "little") + h.to_bytes(4, "little", signed=True)
                  + (1).to_bytes(2, "little") + (24).to_bytes(2, "little") + bytes(4)
                  + body.size.to_bytes(4, "little") + bytes(16))
        return header + body.tobytes()
    raise ValueError(unsupported_format_message(fmt))


def _decode(data, source):
    from ...ops.image_io_ops import decode_image_array
    from ...framework.errors import InvalidArgumentError
    try:
        a = decode_image_array(data, 0, op="load_img", source=source)
    except InvalidArgumentError as e:
        raise ValueError(e.message if hasattr(e, "message") else str(e)) from None
    if a.dtype == np.uint16:
        return Image(a[..., 0].astype(np.int32), "I") if a.shape[-1] == 1 else \
            Image((a >> 8).astype(np.uint8), {2: "LA", 3: "RGB", 4: "RGBA"}[a.shape[-1]])
    mode = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[a.shape[-1]]
    return Image(a[..., 0] if mode == "L" else a, mode)


def load_img(path, grayscale=False, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False):
    """Reads a PNG or BMP file into an `Image` ('rgb', 'rgba' or 'grayscale'), resized to
    `target_size` (height, width) with `interpolation` (Pillow's filters), the center crop of the
    target's aspect ratio first with `keep_aspect_ratio`.

        >>> img = tf.keras.utils.load_img("cat.png", target_size=(32, 32))  # doctest: +SKIP
    """
    if grayscale:
        warnings.warn("grayscale is deprecated. Please use color_mode = \"grayscale\"", stacklevel=2)
        color_mode = "grayscale"
    if isinstance(path, io.BytesIO):
        img = _decode(path.read(), None)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        if isinstance(path, pathlib.Path):
            path = str(path.resolve())
        with open(path, "rb") as f:
            img = _decode(f.read(), os.fsdecode(path))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode == "rgba":
        if img.mode != "RGBA":
            img = img.convert("RGBA")
    elif color_mode == "rgb":
        if img.mode != "RGB":
            img = img.convert("RGB")
    else:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    if target_size is not None:
        wh = (target_size[1], target_size[0])
        if img.size != wh:
            if interpolation not in _PIL_INTERPOLATION_METHODS:
                raise ValueError("Invalid interpolation method {} specified. Supported methods are {}".format(
                    interpolation, ", ".join(_PIL_INTERPOLATION_METHODS.keys())))
            resample = _PIL_INTERPOLATION_METHODS[interpolation]
            if keep_aspect_ratio:
                width, height = img.size
                crop_h = min(height, (width * wh[1]) // wh[0])
                crop_w = min(width, (height * wh[0]) // wh[1])
                h0, w0 = (height - crop_h) // 2, (width - crop_w) // 2
                img = img.resize(wh, resample, box=[w0, h0, w0 + crop_w, h0 + crop_h])
            else:
                img = img.resize(wh, resample)
    return img


def img_to_array(img, data_format=None, dtype=None):
    """An image as a 3D float array (height, width, channels), or channels first.

        >>> tf.keras.utils.img_to_array(tf.keras.utils.array_to_img(np.ones((2, 2, 1)))).shape
        (2, 2, 1)
    """
    data_format = data_format or backend.image_data_format()
    dtype = dtype or backend.floatx()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(f"Unknown data_format: {data_format}")
    x = np.asarray(img, dtype=dtype)
    if x.ndim == 3:
        if data_format == "channels_first":
            x = x.transpose(2, 0, 1)
    elif x.ndim == 2:
        x = x.reshape((1, x.shape[0], x.shape[1])) if data_format == "channels_first" \
            else x.reshape((x.shape[0], x.shape[1], 1))
    else:
        raise ValueError(f"Unsupported image shape: {x.shape}")
    return x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A 3D array as an `Image` ('L' for 1 channel, 'I' when above 255, 'RGB', 'RGBA'); `scale`
    maps the array's range onto 0..255 first."""
    data_format = data_format or backend.image_data_format()
    x = np.asarray(x, dtype=dtype or backend.floatx())
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}")
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(f"Invalid data_format: {data_format}")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x /= x_max
        x *= 255
    if x.shape[2] == 4:
        return Image(x.astype("uint8"), "RGBA")
    if x.shape[2] == 3:
        return Image(x.astype("uint8"), "RGB")
    if x.shape[2] == 1:
        if np.max(x) > 255:  # Pillow's 32-bit integer grayscale
            return Image(x[:, :, 0].astype("int32"), "I")
        return Image(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {x.shape[2]}")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves a 3D array as an image file (PNG or BMP; numtf cannot write JPEG)."""
    data_format = data_format or backend.image_data_format()
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format in ("jpg", "jpeg"):
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def smart_resize(x, size, interpolation="bilinear"):
    """Resizes to `size` (height, width) without distortion: crops the largest centered window of
    the target's aspect ratio, then resizes it (a NumPy input gives a NumPy output).

        >>> tf.keras.preprocessing.image.smart_resize(np.ones((10, 20, 3)), (5, 5)).shape
        (5, 5, 3)
    """
    import numtf as tf
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    img = tf.convert_to_tensor(x)
    if img.shape.rank is not None and (img.shape.rank < 3 or img.shape.rank > 4):
        raise ValueError("Expected an image array with shape `(height, width, channels)`, or `(batch_size, height, "
                         f"width, channels)`, but got input with incorrect rank, of shape {img.shape}.")
    shape = tf.shape(img)
    height, width = shape[-3], shape[-2]
    th, tw = size
    crop_h = tf.minimum(height, tf.cast(tf.cast(width * th, "float32") / tw, "int32"))
    crop_w = tf.minimum(width, tf.cast(tf.cast(height * tw, "float32") / th, "int32"))
    h0 = tf.cast(tf.cast(height - crop_h, "float32") / 2, "int32")
    w0 = tf.cast(tf.cast(width - crop_w, "float32") / 2, "int32")
    if img.shape.rank == 4:
        img = tf.slice(img, tf.stack([0, h0, w0, 0]), tf.stack([-1, crop_h, crop_w, -1]))
    else:
        img = tf.slice(img, tf.stack([h0, w0, 0]), tf.stack([crop_h, crop_w, -1]))
    img = tf.image.resize(images=img, size=size, method=interpolation)
    return img.numpy() if isinstance(x, np.ndarray) else img
