"""`tf.keras.preprocessing.image` (tf-keras 2): NumPy image augmentation (`apply_affine_transform`
and the `random_*` helpers), `ImageDataGenerator` with `flow`/`flow_from_directory`, and the
image file helpers (`load_img`, `img_to_array`, ... from `tf.keras.utils`).

The affine warp resamples like scipy.ndimage.affine_transform (which tf-keras calls): linear
interpolation (order 1; order 0 is nearest) with its 'constant', 'nearest', 'reflect' and 'wrap'
edge modes, written here in NumPy.

    >>> x = np.arange(9.).reshape(3, 3, 1)
    >>> tf.keras.preprocessing.image.apply_affine_transform(
    ...     x, theta=90, row_axis=0, col_axis=1, channel_axis=2)[..., 0].tolist()
    [[2.0, 5.0, 8.0], [1.0, 4.0, 7.0], [0.0, 3.0, 6.0]]
"""
import warnings

import numpy as np

from .. import backend
from ..utils.image_utils import array_to_img, img_to_array, load_img, save_img, smart_resize  # noqa: F401
from .image_iterators import DirectoryIterator, Iterator, NumpyArrayIterator  # noqa: F401

__all__ = ["apply_affine_transform", "random_rotation", "random_shift", "random_shear", "random_zoom",
           "apply_channel_shift", "random_channel_shift", "apply_brightness_shift", "random_brightness",
           "transform_matrix_offset_center", "flip_axis", "ImageDataGenerator", "Iterator", "NumpyArrayIterator",
           "DirectoryIterator", "array_to_img", "img_to_array", "load_img", "save_img", "smart_resize"]


def _map_coordinate(c, n, mode):
    """scipy.ndimage's mapping of a source coordinate into [0, n - 1] ('constant': NaN outside)."""
    if n <= 1:
        return np.zeros_like(c)
    if mode == "nearest":
        return np.clip(c, 0, n - 1)
    if mode == "constant":
        return np.where((c < 0) | (c > n - 1), np.nan, c)
    if mode == "wrap":  # period n - 1: the first and last samples coincide
        sz = n - 1
        neg = c + sz * (np.trunc(-c / sz) + 1)
        pos = c - sz * np.trunc(c / sz)
        return np.where(c < 0, neg, np.where(c > n - 1, pos, c))
    if mode == "reflect":  # half-sample symmetric, period 2n
        sz2 = 2 * n
        neg = np.where(c < -sz2, sz2 * np.trunc(-c / sz2) + c, c)
        neg = np.where(neg < -1.0, neg + sz2, -neg - 1.0)
        pos = c - sz2 * np.trunc(c / sz2)
        pos = np.where(pos >= n, sz2 - pos - 1, pos)
        return np.where(c < 0, neg, np.where(c > n - 1, pos, c))
    raise ValueError(f"boundary mode not supported: {mode}")


def _reflect_index(i, n, mode):
    if mode == "reflect":
        i = np.where(i < 0, -i - 1, i)
        return np.where(i >= n, 2 * n - i - 1, i).clip(0, n - 1)
    return np.clip(i, 0, n - 1)


def _warp(img, matrix, offset, order, mode, cval):
    """out[o] = img[matrix @ o + offset], interpolated (one 2D channel)."""
    h, w = img.shape
    rows, cols = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64), indexing="ij")
    r = matrix[0, 0] * rows + matrix[0, 1] * cols + offset[0]
    c = matrix[1, 0] * rows + matrix[1, 1] * cols + offset[1]
    r, c = _map_coordinate(r, h, mode), _map_coordinate(c, w, mode)
    outside = np.isnan(r) | np.isnan(c)
    r, c = np.nan_to_num(r), np.nan_to_num(c)
    src = img.astype(np.float64)
    if order == 0:
        out = src[_reflect_index(np.floor(r + 0.5).astype(int), h, mode), _reflect_index(np.floor(c + 0.5).astype(int),
                                                                                         w, mode)]
    elif order == 1:
        r0, c0 = np.floor(r).astype(int), np.floor(c).astype(int)
        fr, fc = r - r0, c - c0
        r1, c1 = _reflect_index(r0 + 1, h, mode), _reflect_index(c0 + 1, w, mode)
        r0, c0 = _reflect_index(r0, h, mode), _reflect_index(c0, w, mode)
        out = ((1 - fr) * ((1 - fc) * src[r0, c0] + fc * src[r0, c1]) + fr * ((1 - fc) * src[r1, c0] + fc * src[r1, c1]))
    else:
        raise NotImplementedError(f"apply_affine_transform: spline interpolation of order {order} (only 0 and 1)")
    return np.where(outside, cval, out).astype(img.dtype)


def transform_matrix_offset_center(matrix, x, y):
    """The affine `matrix` applied about the image center instead of the origin."""
    o_x, o_y = float(x) / 2 - 0.5, float(y) / 2 - 0.5
    offset = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    return offset @ matrix @ reset


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, row_axis=1, col_axis=2, channel_axis=0,
                           fill_mode="nearest", cval=0.0, order=1):
    """Rotates by `theta` degrees, shifts by (tx, ty) pixels (rows, columns), shears by `shear`
    degrees and zooms by (zx, zy) a 3D image about its center."""
    if np.unique([row_axis, col_axis, channel_axis]).size != 3:
        raise ValueError("'row_axis', 'col_axis', and 'channel_axis' must be distinct")
    actual = {row_axis, col_axis, channel_axis}
    if actual != {0, 1, 2}:
        raise ValueError(f"Invalid axis' indices: {actual - {0, 1, 2}}")
    if x.ndim != 3:
        raise ValueError("Input arrays must be multi-channel 2D images.")
    if channel_axis not in [0, 2]:
        raise ValueError("Channels are allowed and the first and last dimensions.")
    m = None
    if theta != 0:
        t = np.deg2rad(theta)
        m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    if tx != 0 or ty != 0:
        s = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        m = s if m is None else m @ s
    if shear != 0:
        sh = np.deg2rad(shear)
        s = np.array([[1, -np.sin(sh), 0], [0, np.cos(sh), 0], [0, 0, 1]])
        m = s if m is None else m @ s
    if zx != 1 or zy != 1:
        z = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
        m = z if m is None else m @ z
    if m is None:
        return x
    h, w = x.shape[row_axis], x.shape[col_axis]
    m = transform_matrix_offset_center(m, h, w)
    x = np.rollaxis(x, channel_axis, 0)
    if col_axis > row_axis:  # the matrix is in (x, y) order, arrays index (row, col): swap both
        m[:, [0, 1]] = m[:, [1, 0]]
        m[[0, 1]] = m[[1, 0]]
    x = np.stack([_warp(ch, m[:2, :2], m[:2, 2], order, fill_mode, cval) for ch in x], axis=0)
    return np.rollaxis(x, 0, channel_axis + 1)


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                    interpolation_order=1):
    """Rotated by a uniform angle in [-rg, rg] degrees (NumPy's global generator)."""
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                 interpolation_order=1):
    """Shifted by uniform fractions of the height (`hrg`) and width (`wrg`)."""
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = np.random.uniform(-hrg, hrg) * h
    ty = np.random.uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                 interpolation_order=1):
    """Sheared by a uniform angle in [-intensity, intensity] degrees."""
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                interpolation_order=1):
    """Zoomed by two uniform factors in `zoom_range` (lower, upper)."""
    if len(zoom_range) != 2:
        raise ValueError(f"`zoom_range` should be a tuple or list of two floats. Received: {zoom_range}")
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval, order=interpolation_order)


def apply_channel_shift(x, intensity, channel_axis=0):
    """Adds `intensity` to every channel, clipped to the image's original range."""
    x = np.rollaxis(x, channel_axis, 0)
    lo, hi = np.min(x), np.max(x)
    x = np.stack([np.clip(ch + intensity, lo, hi) for ch in x], axis=0)
    return np.rollaxis(x, 0, channel_axis + 1)


def random_channel_shift(x, intensity_range, channel_axis=0):
    return apply_channel_shift(x, np.random.uniform(-intensity_range, intensity_range), channel_axis=channel_axis)


def apply_brightness_shift(x, brightness, scale=True):
    """Pillow's ImageEnhance.Brightness on the 8-bit image of x (values truncated, clipped to
    0..255), returned on x's scale when `scale` is False and x is outside 0..255."""
    x_min, x_max = np.min(x), np.max(x)
    local_scale = (x_min < 0) or (x_max > 255)
    img = np.asarray(array_to_img(x, scale=local_scale or scale))
    out = np.clip(np.trunc(np.float32(brightness) * img.astype(np.float32)), 0, 255).astype(np.uint8)
    x = img_to_array(out if out.ndim == 3 else out[..., None], data_format="channels_last")
    if backend.image_data_format() == "channels_first":
        x = x.transpose(2, 0, 1)
    if not scale and local_scale:
        x = x / 255 * (x_max - x_min) + x_min
    return x


def random_brightness(x, brightness_range, scale=True):
    if len(brightness_range) != 2:
        raise ValueError(f"`brightness_range should be tuple or list of two floats. Received: {brightness_range}")
    return apply_brightness_shift(x, np.random.uniform(brightness_range[0], brightness_range[1]), scale)


def flip_axis(x, axis):
    return np.flip(np.asarray(x), axis)


class ImageDataGenerator:
    """Real-time augmentation and standardization of image batches (tf-keras 2's deprecated but
    still shipped generator). Randomness comes from NumPy's global generator.

        >>> gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255., horizontal_flip=True)
        >>> x, y = next(gen.flow(np.full((4, 8, 8, 3), 255.), np.arange(4), batch_size=2))
        >>> x.shape, float(x.max())
        ((2, 8, 8, 3), 1.0)
    """

    def __init__(self, featurewise_center=False, samplewise_center=False, featurewise_std_normalization=False,
                 samplewise_std_normalization=False, zca_whitening=False, zca_epsilon=1e-6, rotation_range=0,
                 width_shift_range=0.0, height_shift_range=0.0, brightness_range=None, shear_range=0.0,
                 zoom_range=0.0, channel_shift_range=0.0, fill_mode="nearest", cval=0.0, horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None, data_format=None,
                 validation_split=0.0, interpolation_order=1, dtype=None):
        data_format = data_format or backend.image_data_format()
        self.dtype = dtype or backend.floatx()
        self.featurewise_center, self.samplewise_center = featurewise_center, samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening, self.zca_epsilon = zca_whitening, zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range, self.height_shift_range = width_shift_range, height_shift_range
        self.shear_range, self.channel_shift_range = shear_range, channel_shift_range
        self.fill_mode, self.cval = fill_mode, cval
        self.horizontal_flip, self.vertical_flip = horizontal_flip, vertical_flip
        self.rescale, self.preprocessing_function = rescale, preprocessing_function
        self.interpolation_order = interpolation_order
        if data_format not in {"channels_last", "channels_first"}:
            raise ValueError('`data_format` should be `"channels_last"` (channel after row and column) or '
                             f'`"channels_first"` (channel before row and column). Received: {data_format}')
        self.data_format = data_format
        self.channel_axis, self.row_axis, self.col_axis = (1, 2, 3) if data_format == "channels_first" else (3, 1, 2)
        if validation_split and not 0 < validation_split < 1:
            raise ValueError(f"`validation_split` must be strictly between 0 and 1.  Received: {validation_split}")
        self._validation_split = validation_split
        self.mean = self.std = self.zca_whitening_matrix = None
        if isinstance(zoom_range, (float, int)):
            self.zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif len(zoom_range) == 2 and all(isinstance(v, (float, int)) for v in zoom_range):
            self.zoom_range = [zoom_range[0], zoom_range[1]]
        else:
            raise ValueError(f"`zoom_range` should be a float or a tuple or list of two floats. Received: {zoom_range}")
        if zca_whitening:
            if not featurewise_center:
                self.featurewise_center = True
                warnings.warn("This ImageDataGenerator specifies `zca_whitening`, which overrides setting of "
                              "`featurewise_center`.", stacklevel=2)
            if featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn("This ImageDataGenerator specifies `zca_whitening` which overrides setting of"
                              "`featurewise_std_normalization`.", stacklevel=2)
        if featurewise_std_normalization and not featurewise_center:
            self.featurewise_center = True
            warnings.warn("This ImageDataGenerator specifies `featurewise_std_normalization`, which overrides setting "
                          "of `featurewise_center`.", stacklevel=2)
        if samplewise_std_normalization and not samplewise_center:
            self.samplewise_center = True
            warnings.warn("This ImageDataGenerator specifies `samplewise_std_normalization`, which overrides setting "
                          "of `samplewise_center`.", stacklevel=2)
        if brightness_range is not None and (not isinstance(brightness_range, (tuple, list))
                                             or len(brightness_range) != 2):
            raise ValueError(f"`brightness_range should be tuple or list of two floats. Received: {brightness_range}")
        self.brightness_range = brightness_range

    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None, save_to_dir=None,
             save_prefix="", save_format="png", ignore_class_split=False, subset=None):
        """Batches of (augmented x, y[, sample_weight]) from arrays."""
        return NumpyArrayIterator(x, y, self, batch_size=batch_size, shuffle=shuffle, sample_weight=sample_weight,
                                  seed=seed, data_format=self.data_format, save_to_dir=save_to_dir,
                                  save_prefix=save_prefix, save_format=save_format,
                                  ignore_class_split=ignore_class_split, subset=subset, dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb", classes=None,
                            class_mode="categorical", batch_size=32, shuffle=True, seed=None, save_to_dir=None,
                            save_prefix="", save_format="png", follow_links=False, subset=None,
                            interpolation="nearest", keep_aspect_ratio=False):
        """Batches of (augmented images, labels) read from one sub-folder per class."""
        return DirectoryIterator(directory, self, target_size=target_size, color_mode=color_mode,
                                 keep_aspect_ratio=keep_aspect_ratio, classes=classes, class_mode=class_mode,
                                 data_format=self.data_format, batch_size=batch_size, shuffle=shuffle, seed=seed,
                                 save_to_dir=save_to_dir, save_prefix=save_prefix, save_format=save_format,
                                 follow_links=follow_links, subset=subset, interpolation=interpolation,
                                 dtype=self.dtype)

    def flow_from_dataframe(self, *args, **kwargs):
        raise NotImplementedError("ImageDataGenerator.flow_from_dataframe: numtf has no pandas")

    def _warn_unfit(self, what):
        warnings.warn(f"This ImageDataGenerator specifies `{what}`, but it hasn't been fit on any training data. "
                      "Fit it first by calling `.fit(numpy_data)`.", stacklevel=3)

    def standardize(self, x):
        """preprocessing_function, rescale, then the sample- and feature-wise normalizations (in place
        for float arrays, as tf-keras)."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, keepdims=True) + 1e-6
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                self._warn_unfit("featurewise_center")
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= self.std + 1e-6
            else:
                self._warn_unfit("featurewise_std_normalization")
        if self.zca_whitening:
            if self.zca_whitening_matrix is not None:
                flat = x.reshape(-1, np.prod(x.shape[-3:]))
                x = np.reshape(flat @ self.zca_whitening_matrix, x.shape)
            else:
                self._warn_unfit("zca_whitening")
        return x

    def get_random_transform(self, img_shape, seed=None):
        """A dict of random transform parameters for one image (theta, tx, ty, shear, zx, zy,
        flip_horizontal, flip_vertical, channel_shift_intensity, brightness)."""
        row, col = self.row_axis - 1, self.col_axis - 1
        if seed is not None:
            np.random.seed(seed)
        theta = np.random.uniform(-self.rotation_range, self.rotation_range) if self.rotation_range else 0

        def shift(rng, size):
            if not rng:
                return 0
            try:  # an int or a list: a value from it with a random sign (np.random.choice rejects floats)
                t = np.random.choice(rng)
                t *= np.random.choice([-1, 1])
            except ValueError:
                t = np.random.uniform(-rng, rng)
            return t * size if np.max(rng) < 1 else t
        tx = shift(self.height_shift_range, img_shape[row])
        ty = shift(self.width_shift_range, img_shape[col])
        shear = np.random.uniform(-self.shear_range, self.shear_range) if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_h = (np.random.random() < 0.5) * self.horizontal_flip
        flip_v = (np.random.random() < 0.5) * self.vertical_flip
        cs = None
        if self.channel_shift_range != 0:
            cs = np.random.uniform(-self.channel_shift_range, self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = np.random.uniform(self.brightness_range[0], self.brightness_range[1])
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy, "flip_horizontal": flip_h,
                "flip_vertical": flip_v, "channel_shift_intensity": cs, "brightness": brightness}

    def apply_transform(self, x, transform_parameters):
        """Applies `get_random_transform`'s parameters to one 3D image."""
        p = transform_parameters
        row, col, ch = self.row_axis - 1, self.col_axis - 1, self.channel_axis - 1
        x = apply_affine_transform(x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0), p.get("shear", 0),
                                   p.get("zx", 1), p.get("zy", 1), row_axis=row, col_axis=col, channel_axis=ch,
                                   fill_mode=self.fill_mode, cval=self.cval, order=self.interpolation_order)
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"], ch)
        if p.get("flip_horizontal", False):
            x = flip_axis(x, col)
        if p.get("flip_vertical", False):
            x = flip_axis(x, row)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False)
        return x

    def random_transform(self, x, seed=None):
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Computes the feature-wise mean, std and ZCA matrix from sample images (rank 4)."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError("Input to `.fit()` should have rank 4. Got array with shape: " + str(x.shape))
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn(f'Expected input to be images (as Numpy array) following the data format convention '
                          f'"{self.data_format}" (channels on axis {self.channel_axis}), i.e. expected either 1, 3 '
                          f"or 4 channels on axis {self.channel_axis}. However, it was passed an array with shape "
                          f"{x.shape} ({x.shape[self.channel_axis]} channels).", stacklevel=2)
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if self.rescale:
            x *= self.rescale
        if augment:
            ax = np.zeros((rounds * x.shape[0],) + x.shape[1:], dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    ax[i + r * x.shape[0]] = self.random_transform(x[i])
            x = ax
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=(0, self.row_axis, self.col_axis)), shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=(0, self.row_axis, self.col_axis)), shape)
            x /= self.std + 1e-6
        if self.zca_whitening:
            n = len(x)
            u, s, _ = np.linalg.svd(np.reshape(x, (n, -1)).T, full_matrices=False)
            self.zca_whitening_matrix = (u * (np.sqrt(n) / (s + self.zca_epsilon))).dot(u.T)
