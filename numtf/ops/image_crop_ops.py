"""`tf.image.crop_and_resize`, `tf.image.extract_patches` and `tf.image.resize_with_pad`.

CropAndResize samples each box (normalized [y1, x1, y2, x2], the image's pixel centres spanning
[0, 1]) on a crop_size grid, bilinearly or at the nearest pixel, with `extrapolation_value` outside
the image. Its gradients are TF's two ops: CropAndResizeGradImage (a scatter of the output gradient
with the sampling weights) and CropAndResizeGradBoxes (the bilinear derivative with respect to the
box corners; TF uses it for the nearest method too). TF defines no gradient for either of those.

ExtractImagePatches is linear in the image: its gradient op adds each patch back where it came
from, and the two ops are each other's adjoint.

    >>> tf.image.crop_and_resize(tf.ones([1, 4, 4, 1]), [[0.0, 0.0, 1.0, 1.0]], [0], [2, 2]).shape
    TensorShape([1, 2, 2, 1])
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, OutOfRangeError, UnimplementedError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, get_static_value
from .convert import convert_to_tensor
from .image_basic_ops import _image, pad_to_bounding_box
from .image_ops import resize
from .registry import execute, no_gradient, primitive

__all__ = []  # public names live in tf.image

_CROP_TYPES = (dtypes.uint8, dtypes.uint16, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64,
               dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


def _err(op, msg, cls=InvalidArgumentError):
    return cls(None, op, f"{msg} [Op:{op}]")


# -- CropAndResize --------------------------------------------------------------------------------
def _axis_coords(lo, hi, out, size, work):
    """(N, out) sample coordinates along one axis, in pixels of an axis of `size` pixels."""
    lo, hi = lo.astype(work), hi.astype(work)
    last = work(size - 1)
    if out > 1:
        scale = (hi - lo) * last / work(out - 1)
        return lo[:, None] * last + np.arange(out, dtype=work)[None, :] * scale[:, None]
    return (work(0.5) * (lo + hi) * last)[:, None]


def _sampling(image_shape, boxes, crop_size, work):
    _, h, w, _ = image_shape
    ch, cw = crop_size
    ys = _axis_coords(boxes[:, 0], boxes[:, 2], ch, h, work)
    xs = _axis_coords(boxes[:, 1], boxes[:, 3], cw, w, work)
    valid = ((ys >= 0) & (ys <= h - 1))[:, :, None] & ((xs >= 0) & (xs <= w - 1))[:, None, :]
    return ys, xs, valid


def _corners(ys, xs, h, w):
    top, left = np.floor(ys), np.floor(xs)
    ly, lx = ys - top, xs - left
    t = np.clip(top, 0, h - 1).astype(np.int64)[:, :, None]
    b = np.clip(np.ceil(ys), 0, h - 1).astype(np.int64)[:, :, None]
    left_i = np.clip(left, 0, w - 1).astype(np.int64)[:, None, :]
    right_i = np.clip(np.ceil(xs), 0, w - 1).astype(np.int64)[:, None, :]
    return t, b, left_i, right_i, ly[:, :, None, None], lx[:, None, :, None]


def _nearest(ys, xs, h, w):
    # rounding halves away from zero (the coordinates used are >= 0)
    iy = np.clip(np.floor(ys + 0.5), 0, h - 1).astype(np.int64)[:, :, None]
    ix = np.clip(np.floor(xs + 0.5), 0, w - 1).astype(np.int64)[:, None, :]
    return iy, ix


def _check_crop_args(op, image_shape, boxes, box_ind, crop_size=None):
    if len(image_shape) != 4:
        raise _err(op, f"input image must be 4-D[{','.join(map(str, image_shape))}]")
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise _err(op, f"boxes must be 2-D[{','.join(map(str, boxes.shape))}] with 4 columns")
    if box_ind.shape != (boxes.shape[0],):
        raise _err(op, f"box_index has incompatible shape [{','.join(map(str, box_ind.shape))}] "
                       f"for {boxes.shape[0]} boxes")
    if box_ind.size and (box_ind.min() < 0 or box_ind.max() >= image_shape[0]):
        raise _err(op, "box_index has values outside [0, batch_size)", OutOfRangeError)
    if crop_size is not None:
        crop_size = np.asarray(crop_size)
        if crop_size.shape != (2,):
            raise _err(op, f"crop_size must be a 1-D tensor of length 2, got shape "
                           f"[{','.join(map(str, crop_size.shape))}]")
        if np.any(crop_size <= 0):
            raise _err(op, "crop dimensions must be positive")
        return int(crop_size[0]), int(crop_size[1])


def crop_and_resize_array(image, boxes, box_ind, crop_size, method="bilinear", extrapolation_value=0.0,
                          work=np.float32):
    """The CropAndResize kernel on arrays, computing in `work` (float32 as TF; float64 in tests)."""
    _, h, w, c = image.shape
    ch, cw = crop_size
    ys, xs, valid = _sampling(image.shape, boxes, crop_size, work)
    img = image.astype(work, copy=False)
    bi = box_ind.astype(np.int64)[:, None, None]
    if method == "nearest":
        iy, ix = _nearest(ys, xs, h, w)
        out = img[bi, iy, ix]
    else:
        t, b, lft, rgt, ly, lx = _corners(ys, xs, h, w)
        top = img[bi, t, lft] + (img[bi, t, rgt] - img[bi, t, lft]) * lx
        bottom = img[bi, b, lft] + (img[bi, b, rgt] - img[bi, b, lft]) * lx
        out = top + (bottom - top) * ly
    out = np.where(valid[..., None], out, work(extrapolation_value)).astype(work, copy=False)
    return out.reshape(boxes.shape[0], ch, cw, c)


def crop_and_resize_grad_image_array(grads, boxes, box_ind, image_shape, method="bilinear", work=None):
    """CropAndResizeGradImage on arrays: the output gradient scattered back onto the image."""
    work = work or grads.dtype.type
    _, h, w, _ = image_shape
    ys, xs, valid = _sampling(image_shape, boxes, grads.shape[1:3], work)
    g = np.where(valid[..., None], grads.astype(work, copy=False), 0)
    out = np.zeros(tuple(int(d) for d in image_shape), work)
    bi = box_ind.astype(np.int64)[:, None, None]
    if method == "nearest":
        iy, ix = _nearest(ys, xs, h, w)
        np.add.at(out, (bi, iy, ix), g)
        return out
    t, b, lft, rgt, ly, lx = _corners(ys, xs, h, w)
    np.add.at(out, (bi, t, lft), g * (1 - ly) * (1 - lx))
    np.add.at(out, (bi, t, rgt), g * (1 - ly) * lx)
    np.add.at(out, (bi, b, lft), g * ly * (1 - lx))
    np.add.at(out, (bi, b, rgt), g * ly * lx)
    return out


def _corner_weights(out, size, work):
    """d(coordinate)/d(lo) and d(coordinate)/d(hi) per output position (out,), for one axis."""
    last = work(size - 1)
    if out > 1:
        frac = np.arange(out, dtype=work) / work(out - 1)
        return last * (1 - frac), last * frac
    half = np.full(1, work(0.5) * last, work)
    return half, half


def crop_and_resize_grad_boxes_array(grads, image, boxes, box_ind, work=None):
    """CropAndResizeGradBoxes on arrays: the bilinear sampling's derivative with respect to the
    box corners [y1, x1, y2, x2], zero where the sample point lies outside the image."""
    work = work or np.float32
    _, h, w, _ = image.shape
    ch, cw = grads.shape[1:3]
    ys, xs, valid = _sampling(image.shape, boxes, (ch, cw), work)
    img = image.astype(work, copy=False)
    bi = box_ind.astype(np.int64)[:, None, None]
    t, b, lft, rgt, ly, lx = _corners(ys, xs, h, w)
    tl, tr, bl, br = img[bi, t, lft], img[bi, t, rgt], img[bi, b, lft], img[bi, b, rgt]
    top, bottom = tl + (tr - tl) * lx, bl + (br - bl) * lx
    g = np.where(valid[..., None], grads.astype(work, copy=False), 0)
    gy = np.sum(g * (bottom - top), axis=-1)  # (N, ch, cw)
    gx = np.sum(g * ((1 - ly) * (tr - tl) + ly * (br - bl)), axis=-1)
    wy1, wy2 = _corner_weights(ch, h, work)
    wx1, wx2 = _corner_weights(cw, w, work)
    sy, sx = gy.sum(axis=2), gx.sum(axis=1)  # (N, ch), (N, cw)
    out = np.stack([sy @ wy1, sx @ wx1, sy @ wy2, sx @ wx2], axis=1)
    return out.astype(np.float32, copy=False)


def _crop_kernel(image, boxes, box_ind, crop_size, method="bilinear", extrapolation_value=0.0):
    size = _check_crop_args("CropAndResize", image.shape, boxes, box_ind, crop_size)
    return crop_and_resize_array(image, boxes, box_ind, size, method, extrapolation_value)


def _grad_image_kernel(grads, boxes, box_ind, image_size, T=None, method="bilinear"):
    image_size = np.asarray(image_size)
    _check_crop_args("CropAndResizeGradImage", tuple(image_size.tolist()), boxes, box_ind)
    return crop_and_resize_grad_image_array(grads, boxes, box_ind, image_size.tolist(), method,
                                            work=np.dtype(T).type).astype(T, copy=False)


def _grad_boxes_kernel(grads, image, boxes, box_ind, method="bilinear"):
    _check_crop_args("CropAndResizeGradBoxes", image.shape, boxes, box_ind)
    return crop_and_resize_grad_boxes_array(grads, image, boxes, box_ind)


def _crop_infer(ins, attrs):
    img, boxes = ins[0].shape, ins[1].shape
    size = get_static_value(ins[3])
    h, w = (None, None) if size is None else (int(size[0]), int(size[1]))
    n = boxes[0] if boxes.rank else None
    c = img[3] if img.rank else None
    return [(TensorShape([n, h, w, c]), dtypes.float32)]


def _grad_image_infer(ins, attrs):
    size = get_static_value(ins[3])
    shape = TensorShape(None if size is None else [int(d) for d in size])
    return [(shape, dtypes.as_dtype(attrs["T"]))]


CROP_AND_RESIZE = primitive("CropAndResize", _crop_kernel, _crop_infer)
CROP_AND_RESIZE_GRAD_IMAGE = primitive("CropAndResizeGradImage", _grad_image_kernel, _grad_image_infer)
CROP_AND_RESIZE_GRAD_BOXES = primitive("CropAndResizeGradBoxes", _grad_boxes_kernel,
                                       lambda ins, attrs: [(ins[2].shape, dtypes.float32)])
no_gradient(CROP_AND_RESIZE_GRAD_IMAGE, "TF defines no gradient for CropAndResizeGradImage")
no_gradient(CROP_AND_RESIZE_GRAD_BOXES, "TF defines no gradient for CropAndResizeGradBoxes")


def _crop_grad(node, grad):
    from .array_ops import shape
    image, boxes, box_ind, _ = node.inputs
    method = node.attrs.get("method", "bilinear")
    d_image = None
    if image.dtype in (dtypes.float16, dtypes.float32, dtypes.float64):  # TF: no gradient for integer images
        d_image = execute(CROP_AND_RESIZE_GRAD_IMAGE, (grad, boxes, box_ind, shape(image)),
                          {"T": image.dtype._np, "method": method})
    d_boxes = execute(CROP_AND_RESIZE_GRAD_BOXES, (grad, image, boxes, box_ind), {"method": "bilinear"})
    return d_image, d_boxes, None, None


CROP_AND_RESIZE.grad = _crop_grad


def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear", extrapolation_value=0.0, name=None):
    """Crops boxes [y1, x1, y2, x2] (normalized: 0 and 1 are the first and last pixel centres) out of
    images [batch, H, W, C] (box i from image box_indices[i]) and resizes each to `crop_size`.
    The result is float32 [num_boxes, crop_height, crop_width, C]; points outside the image get
    `extrapolation_value`. Differentiable with respect to the image and the boxes.

        >>> img = tf.reshape(tf.range(16.0), [1, 4, 4, 1])
        >>> tf.image.crop_and_resize(img, [[0.0, 0.0, 1.0, 1.0]], [0], [2, 2])[0, :, :, 0].numpy().tolist()
        [[0.0, 3.0], [12.0, 15.0]]
    """
    if method not in ("bilinear", "nearest"):
        raise ValueError(f"method must be 'bilinear' or 'nearest', got {method!r}")
    image = _as_tensor(image)
    if image.dtype not in _CROP_TYPES:
        raise InvalidArgumentError(None, "CropAndResize", f"Value for attr 'T' of {image.dtype.name} is not in the "
                                   "list of allowed values [Op:CropAndResize]")
    ins = (image, convert_to_tensor(boxes, dtypes.float32), convert_to_tensor(box_indices, dtypes.int32),
           convert_to_tensor(crop_size, dtypes.int32))
    return execute(CROP_AND_RESIZE, ins, {"method": method, "extrapolation_value": float(extrapolation_value)})


# -- ExtractImagePatches --------------------------------------------------------------------------
def _window(vals, what):
    vals = [int(v) for v in vals]
    if len(vals) != 4 or vals[0] != 1 or vals[3] != 1:
        raise UnimplementedError(None, "ExtractImagePatches",
                                 f"Only support {what} across space. [Op:ExtractImagePatches]")
    return vals[1], vals[2]


def _patch_geometry(h, w, ksizes, strides, rates, padding):
    """Output size and the (top, left) padding of a patch grid over an (h, w) image."""
    (kh, kw), (sh, sw), (rh, rw) = ksizes, strides, rates
    eh, ew = kh + (kh - 1) * (rh - 1), kw + (kw - 1) * (rw - 1)
    if padding == "VALID":
        return max((h - eh) // sh + 1, 0), max((w - ew) // sw + 1, 0), 0, 0
    oh, ow = -(-h // sh), -(-w // sw)
    return oh, ow, max((oh - 1) * sh + eh - h, 0) // 2, max((ow - 1) * sw + ew - w, 0) // 2


def _patch_slices(ksizes, strides, rates, oh, ow, c):
    (kh, kw), (sh, sw), (rh, rw) = ksizes, strides, rates
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * rh, i * rh + (oh - 1) * sh + 1, sh)
            cols = slice(j * rw, j * rw + (ow - 1) * sw + 1, sw)
            k = (i * kw + j) * c
            yield rows, cols, slice(k, k + c)


def _padded_shape(n, h, w, c, ksizes, strides, rates, oh, ow, top, left):
    (kh, kw), (sh, sw), (rh, rw) = ksizes, strides, rates
    ph = max(h + top, (oh - 1) * sh + (kh - 1) * rh + 1)
    pw = max(w + left, (ow - 1) * sw + (kw - 1) * rw + 1)
    return (n, ph, pw, c)


def _patches_kernel(images, ksizes, strides, rates, padding):
    if images.ndim != 4:
        raise _err("ExtractImagePatches", f"input must be 4-dimensional[{','.join(map(str, images.shape))}]")
    n, h, w, c = images.shape
    oh, ow, top, left = _patch_geometry(h, w, ksizes, strides, rates, padding)
    xp = np.zeros(_padded_shape(n, h, w, c, ksizes, strides, rates, oh, ow, top, left), images.dtype)
    xp[:, top:top + h, left:left + w] = images
    out = np.empty((n, oh, ow, ksizes[0] * ksizes[1] * c), images.dtype)
    for rows, cols, chans in _patch_slices(ksizes, strides, rates, oh, ow, c):
        out[..., chans] = xp[:, rows, cols]
    return out


def _patches_grad_kernel(grads, images, ksizes, strides, rates, padding):
    n, h, w, c = images.shape
    oh, ow, top, left = _patch_geometry(h, w, ksizes, strides, rates, padding)
    xp = np.zeros(_padded_shape(n, h, w, c, ksizes, strides, rates, oh, ow, top, left), grads.dtype)
    for rows, cols, chans in _patch_slices(ksizes, strides, rates, oh, ow, c):
        xp[:, rows, cols] += grads[..., chans]
    return np.ascontiguousarray(xp[:, top:top + h, left:left + w])


def _patches_infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape([None] * 4), ins[0].dtype)]
    n, h, w, c = s.as_list()
    oh = ow = None
    if h is not None and w is not None:
        oh, ow, _, _ = _patch_geometry(h, w, attrs["ksizes"], attrs["strides"], attrs["rates"], attrs["padding"])
    depth = None if c is None else c * attrs["ksizes"][0] * attrs["ksizes"][1]
    return [(TensorShape([n, oh, ow, depth]), ins[0].dtype)]


EXTRACT_PATCHES = primitive("ExtractImagePatches", _patches_kernel, _patches_infer)
EXTRACT_PATCHES_GRAD = primitive("ExtractImagePatchesGrad", _patches_grad_kernel,
                                 lambda ins, attrs: [(ins[1].shape, ins[0].dtype)])
# A linear pair: each op's gradient is the other one.
EXTRACT_PATCHES.grad = lambda n, g: execute(EXTRACT_PATCHES_GRAD, (g, n.inputs[0]), n.attrs)
EXTRACT_PATCHES_GRAD.grad = lambda n, g: (execute(EXTRACT_PATCHES, (g,), n.attrs), None)


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """Gathers the `sizes` = [1, kh, kw, 1] patches of images [batch, H, W, C] at `strides` (with
    `rates` spacing inside a patch, "VALID" or "SAME" padding with zeros) into the depth axis:
    the result is [batch, out_h, out_w, kh * kw * C], same dtype. Differentiable.

        >>> tf.image.extract_patches(tf.ones([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID").shape
        TensorShape([1, 2, 2, 4])
    """
    padding = str(padding).upper()
    if padding not in ("VALID", "SAME"):
        raise ValueError(f"padding must be 'VALID' or 'SAME', got {padding!r}")
    attrs = {"ksizes": _window(sizes, "ksizes"), "strides": _window(strides, "strides"),
             "rates": _window(rates, "rates"), "padding": padding}
    return execute(EXTRACT_PATCHES, (_as_tensor(images),), attrs)


# -- resize_with_pad ------------------------------------------------------------------------------
def resize_with_pad(image, target_height, target_width, method="bilinear", antialias=False):
    """Resizes to fit inside [target_height, target_width] keeping the aspect ratio, then pads
    with zeros (centred) to exactly that size. The dtype follows `tf.image.resize` (float32 for
    bilinear). The image's height and width must be known (numtf computes the layout in Python).

        >>> tf.image.resize_with_pad(tf.ones([5, 3, 1]), 4, 7)[:, :, 0].numpy()[0].tolist()
        [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    """
    return resize_and_pad(image, target_height, target_width,
                          lambda img, size: resize(img, size, method=method, antialias=antialias))


def resize_and_pad(image, target_height, target_width, resize_fn):
    """resize_with_pad's layout, resizing with `resize_fn(image, [new_h, new_w])` (TF 1's
    resize_image_with_pad resizes with tf.compat.v1.image.resize)."""
    image = _image(image)
    if target_height <= 0:
        raise ValueError("target_height must be > 0.")
    if target_width <= 0:
        raise ValueError("target_width must be > 0.")
    h, w = image.shape[-3], image.shape[-2]
    if h is None or w is None:
        raise ValueError("numtf's resize_with_pad needs the image's height and width to be known")
    f32 = np.float32
    ratio = max(f32(w) / f32(target_width), f32(h) / f32(target_height))
    float_h, float_w = f32(h) / ratio, f32(w) / ratio
    new_h, new_w = int(math.floor(float_h)), int(math.floor(float_w))
    # the offsets come from the unrounded sizes (as TF computes them)
    top = max(0, int((f32(target_height) - float_h) / f32(2)))
    left = max(0, int((f32(target_width) - float_w) / f32(2)))
    resized = resize_fn(image, [new_h, new_w])
    return pad_to_bounding_box(resized, top, left, target_height, target_width)
