"""Image augmentation layers: RandomRotation, RandomZoom, RandomTranslation, RandomCrop,
RandomContrast, RandomBrightness, RandomHeight and RandomWidth (tf-keras 2's).

While training they transform images (N, H, W, C) or one image (H, W, C) at random; otherwise they
are the identity (a cast to the layer's dtype), except RandomCrop, which then takes the centered
crop of the target's aspect ratio and resizes it. As in tf-keras, calling one directly without
`training` trains (their `call`'s default is True); inside a model the model's phase decides
(`predict` does not augment). The draws follow numtf's seeds, not TensorFlow's streams.

    >>> tf.keras.layers.RandomRotation(0.1)(tf.ones([2, 8, 8, 3]), training=False).shape
    TensorShape([2, 8, 8, 3])

The geometric layers warp with ImageProjectiveTransformV3 (numtf/ops/image_augment_ops.py), which
gradients pass through as TF's do; RandomContrast uses AdjustContrastv2, which, as in TF, has none.
"""
import math

from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, image_augment_ops, image_ops, indexing_ops, math_ops2, random_ops, stack_ops
from ...ops.convert import convert_to_tensor
from .. import backend
from .preprocessing import _Preprocessing, _TF_METHODS, _image_output_shape, _resize, _spatial

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


def _bounds(factor):
    """(lower, upper) of a factor given as a number (-f, f) or a (lower, upper) pair."""
    if isinstance(factor, (tuple, list)):
        return factor[0], factor[1]
    return -factor, factor


def _check_modes(fill_mode, interpolation):
    if fill_mode not in _FILL_MODES:
        raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Only `reflect`, `wrap`, `constant` and "
                                  "`nearest` are supported.")
    if interpolation not in _INTERPOLATIONS:
        raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Only `nearest` and `bilinear` "
                                  "are supported.")


def _draw(shape, lower, upper, seed):
    """Uniform draws in [lower, upper), exactly `lower` when the two are equal (as TF's
    `uniform(minval, maxval)`, also when lower > upper)."""
    u = random_ops.uniform(shape, 0.0, 1.0, seed=seed)
    return u * (float(upper) - float(lower)) + float(lower)


def _seed(seed, k):
    """The seed of a layer's k-th independent draw."""
    return None if seed is None else seed + 7919 * k


class _RandomLayer(_Preprocessing):
    """The training switch shared by the augmentation layers: `_augment` while training, else
    `_inference` (the cast to the layer's dtype)."""

    def __init__(self, seed=None, **kwargs):
        rng_type = kwargs.pop("rng_type", "stateful")
        super().__init__(**kwargs)
        self.seed, self.rng_type = seed, rng_type

    def call(self, inputs, training=True):
        if training is None:
            training = backend.learning_phase()
        if not training:
            return self._inference(inputs)
        return self._augment(self._cast(inputs))

    def _inference(self, inputs):
        return self._cast(inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


def _batched(fn, x):
    """Applies fn (which takes (N, H, W, C)) to a batch or a single image (H, W, C)."""
    rank = x.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"Expected images of rank 3 or 4 (height, width, channels), got shape {x.shape}")
    if rank == 4:
        return fn(x)
    return array_ops.squeeze(fn(array_ops.expand_dims(x, 0)), [0])


def _batch_size(x):
    return array_ops.shape(x)[:1]


class _Transform(_RandomLayer):
    """A geometric augmentation: one projective transform per image, drawn by `_matrices`."""

    def __init__(self, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0, **kwargs):
        super().__init__(seed=seed, **kwargs)
        _check_modes(fill_mode, interpolation)
        self.fill_mode, self.fill_value, self.interpolation = fill_mode, fill_value, interpolation

    def _augment(self, x):
        def warp(images):
            h, w = _spatial(images)
            return transform(images, self._matrices(_batch_size(images), h, w), self.interpolation,
                             self.fill_mode, self.fill_value)
        return _batched(warp, x)


def transform(images, transforms, interpolation="bilinear", fill_mode="reflect", fill_value=0.0, output_shape=None):
    """Warps images (N, H, W, C) by 8-parameter transforms (N or 1, 8) mapping output points to input
    points (`tf.raw_ops.ImageProjectiveTransformV3`, lower-case modes as tf-keras takes them).

        >>> transform(tf.ones([1, 3, 3, 1]), [[1.0, 0, 0, 0, 1, 0, 0, 0]]).shape
        TensorShape([1, 3, 3, 1])
    """
    if output_shape is None:
        output_shape = _spatial(images)
    return image_augment_ops.image_projective_transform_v3(
        images, transforms, list(output_shape), fill_value, interpolation.upper(), fill_mode.upper())


def _stack_rows(columns):
    return stack_ops.stack([convert_to_tensor(c) for c in columns], axis=1)


def rotation_matrix(angles, height, width):
    """The transforms (N, 8) rotating images of (height, width) about their center by `angles`
    (radians, counter-clockwise on the screen for positive angles).

        >>> rotation_matrix(tf.constant([0.0]), 4, 4).numpy().tolist()
        [[1.0, -0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]]
    """
    angles = convert_to_tensor(angles, dtypes.float32)
    cos, sin = math_ops2.cos(angles), math_ops2.sin(angles)
    zero = angles * 0.0
    # output (x, y) samples the input at center + R(angle) (offset from the center); with y pointing
    # down, that turns the picture counter-clockwise. The offsets are summed in tf-keras's order, so
    # that nearest-neighbour ties (quarter turns of odd-by-even images) round the same way.
    w1, h1 = float(width - 1), float(height - 1)
    x_offset = (w1 - (cos * w1 - sin * h1)) / 2.0
    y_offset = (h1 - (sin * w1 + cos * h1)) / 2.0
    return _stack_rows([cos, -sin, x_offset, sin, cos, y_offset, zero, zero])


def zoom_matrix(height_zoom, width_zoom, height, width):
    """The transforms (N, 8) scaling sampling distances about the image center: a zoom above 1
    shows more of the image (zooms out), below 1 less (zooms in)."""
    zy, zx = convert_to_tensor(height_zoom, dtypes.float32), convert_to_tensor(width_zoom, dtypes.float32)
    cx, cy = (width - 1) / 2.0, (height - 1) / 2.0
    zero = zy * 0.0
    return _stack_rows([zx, zero, cx * (1.0 - zx), zero, zy, cy * (1.0 - zy), zero, zero])


def translation_matrix(dy, dx):
    """The transforms (N, 8) moving images down by dy and right by dx pixels."""
    dy, dx = convert_to_tensor(dy, dtypes.float32), convert_to_tensor(dx, dtypes.float32)
    zero, one = dy * 0.0, dy * 0.0 + 1.0
    return _stack_rows([one, zero, -dx, zero, one, -dy, zero, zero])


class RandomRotation(_Transform):
    """Rotates each image about its center by a random angle: `factor` is a fraction of a full
    turn, a number f for [-f, f] or a (lower, upper) pair (positive: counter-clockwise). Points
    from outside the image are filled by `fill_mode` (reflect, wrap, constant with `fill_value`,
    nearest); `interpolation` is "bilinear" or "nearest".

        >>> layer = tf.keras.layers.RandomRotation((0.25, 0.25), interpolation="nearest")
        >>> layer(tf.reshape(tf.range(4.0), [2, 2, 1]))[..., 0].numpy().tolist()  # a quarter turn
        [[1.0, 3.0], [0.0, 2.0]]
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0, **kwargs):
        self.factor = factor
        self.lower, self.upper = _bounds(factor)
        if self.upper < self.lower:
            raise ValueError(f"`factor` argument cannot have a negative value. Received: factor={factor}")
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)

    def _matrices(self, n, h, w):
        turn = 2.0 * math.pi
        return rotation_matrix(_draw(n, self.lower * turn, self.upper * turn, self.seed), h, w)

    def get_config(self):
        return self._config("rng_type", "factor", "fill_mode", "fill_value", "interpolation", "seed")


class RandomZoom(_Transform):
    """Zooms each image by a random amount about its center: `height_factor` (and `width_factor`,
    which defaults to zooming both axes alike) is a number f for [-f, f] or a (lower, upper) pair,
    as a fraction of the size; positive values zoom out, negative ones zoom in.

        >>> tf.keras.layers.RandomZoom(0.2, seed=1)(tf.ones([1, 4, 4, 1])).shape
        TensorShape([1, 4, 4, 1])
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, **kwargs):
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = _bounds(height_factor)
        if abs(self.height_lower) > 1.0 or abs(self.height_upper) > 1.0:
            raise ValueError("`height_factor` argument must have values between [-1, 1]. "
                             f"Received: height_factor={height_factor}")
        if width_factor is not None:
            self.width_lower, self.width_upper = _bounds(width_factor)
            if self.width_lower < -1.0 or self.width_upper < -1.0:
                raise ValueError("`width_factor` argument must have values larger than -1. "
                                 f"Received: width_factor={width_factor}")
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)

    def _matrices(self, n, h, w):
        zy = _draw(n, 1.0 + self.height_lower, 1.0 + self.height_upper, self.seed)
        if self.width_factor is None:
            zx = zy
        else:
            zx = _draw(n, 1.0 + self.width_lower, 1.0 + self.width_upper, _seed(self.seed, 1))
        return zoom_matrix(zy, zx, h, w)

    def get_config(self):
        return self._config("rng_type", "height_factor", "width_factor", "fill_mode", "fill_value",
                            "interpolation", "seed")


def _translation_bounds(factor, name):
    lower, upper = _bounds(factor)
    if upper < lower:
        raise ValueError(f"`{name}` cannot have upper bound less than lower bound, got {factor}")
    if abs(lower) > 1.0 or abs(upper) > 1.0:
        if name == "height_factor":
            raise ValueError(f"`height_factor` argument must have values between [-1, 1]. "
                             f"Received: height_factor={factor}")
        raise ValueError(f"`width_factor` must have values between [-1, 1], got {factor}")
    return lower, upper


class RandomTranslation(_Transform):
    """Shifts each image by a random fraction of its height and width: each factor is a number f
    for [-f, f] or a (lower, upper) pair; positive values move the image down / right.

        >>> layer = tf.keras.layers.RandomTranslation((0.5, 0.5), 0.0, fill_mode="constant")
        >>> layer(tf.ones([2, 1, 1]))[:, 0, 0].numpy().tolist()
        [0.0, 1.0]
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, **kwargs):
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = _translation_bounds(height_factor, "height_factor")
        self.width_lower, self.width_upper = _translation_bounds(width_factor, "width_factor")
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)

    def _matrices(self, n, h, w):
        dy = _draw(n, self.height_lower, self.height_upper, self.seed) * float(h)
        dx = _draw(n, self.width_lower, self.width_upper, _seed(self.seed, 1)) * float(w)
        return translation_matrix(dy, dx)

    def get_config(self):
        return self._config("rng_type", "height_factor", "width_factor", "fill_mode", "fill_value",
                            "interpolation", "seed")


class RandomCrop(_RandomLayer):
    """While training, crops (height, width) at a random offset (one for the whole batch); images
    smaller than that, and every image at inference, are instead cropped to the target's aspect
    ratio at their center and resized (bilinear).

        >>> tf.keras.layers.RandomCrop(2, 3, seed=1)(tf.ones([4, 5, 5, 1])).shape
        TensorShape([4, 2, 3, 1])
    """

    def __init__(self, height, width, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.height, self.width = height, width

    def _inference(self, inputs):
        x = self._cast(inputs)
        _spatial(x)
        return _resize(x, self.height, self.width, "bilinear", True)

    def _augment(self, x):
        h, w = _spatial(x)
        if h < self.height or w < self.width:
            return _resize(x, self.height, self.width, "bilinear", True)
        top = random_ops.uniform([], 0, h - self.height + 1, dtypes.int32, seed=self.seed)
        left = random_ops.uniform([], 0, w - self.width + 1, dtypes.int32, seed=_seed(self.seed, 1))
        zero = top * 0
        if x.shape.rank == 3:
            out = indexing_ops.slice(x, stack_ops.stack([top, left, zero]), [self.height, self.width, -1])
        else:
            out = indexing_ops.slice(x, stack_ops.stack([zero, top, left, zero]), [-1, self.height, self.width, -1])
        out.set_shape(_image_output_shape(x.shape, self.height, self.width))  # the offsets only are dynamic
        return out

    def compute_output_shape(self, input_shape):
        return _image_output_shape(input_shape, self.height, self.width)

    def get_config(self):
        return self._config("rng_type", "height", "width", "seed")


class RandomContrast(_RandomLayer):
    """Scales each channel's deviation from its mean over the image by one random factor per batch
    in [1 - lower, 1 + upper] (`factor` is a number for both or a (lower, upper) pair), then clips
    to [0, 255]. Like TF's AdjustContrastv2, it passes no gradient (tape.gradient raises).

        >>> float(tf.keras.layers.RandomContrast(0.5)(tf.ones([1, 2, 2, 3]), training=True).numpy().max())
        1.0
    """

    def __init__(self, factor, seed=None, **kwargs):
        self.factor = factor
        if isinstance(factor, (tuple, list)):
            self.lower, self.upper = factor[0], factor[1]
        else:
            self.lower = self.upper = factor
        if self.lower < 0.0 or self.upper < 0.0 or self.lower > 1.0:
            raise ValueError("`factor` argument cannot have negative values or values greater than 1."
                             f"Received: factor={factor}")
        super().__init__(seed=seed, **kwargs)

    def _augment(self, x):
        lower, upper = 1.0 - self.lower, 1.0 + self.upper
        if not upper > lower:  # raised by tf.image's random contrast, when called
            raise ValueError("upper must be > lower.")
        factor = _draw([], lower, upper, self.seed)
        out = image_augment_ops.adjust_contrast_v2(x, stack_ops.cast(factor, x.dtype))
        return math_ops2.clip_by_value(out, 0.0, 255.0)

    def get_config(self):
        return self._config("rng_type", "factor", "seed")


def _brightness_factor(factor):
    def bad(value):
        return ValueError("The `factor` argument should be a number (or a list of two numbers) in the range "
                          f"[-1.0, 1.0]. Got {value}")
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        if abs(factor) > 1.0:
            raise bad(factor)
        return [-abs(factor), abs(factor)]
    if isinstance(factor, (tuple, list)) and len(factor) == 2:
        for f in factor:
            if not -1.0 <= f <= 1.0:
                raise bad(f)
        return sorted(factor)
    raise bad(factor)


class RandomBrightness(_RandomLayer):
    """Adds to each image one random delta, a fraction in `factor` (a number f for [-f, f] or a
    pair) of the `value_range` span, then clips to `value_range` (the images' range, default
    (0, 255)).

        >>> layer = tf.keras.layers.RandomBrightness((0.5, 0.5), value_range=(0, 1))
        >>> layer(tf.constant([[[0.25]], [[0.75]]]))[:, 0, 0].numpy().tolist()
        [0.75, 1.0]
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        self.factor = _brightness_factor(factor)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(f"The `value_range` argument should be a list of two numbers. Got {value_range}")
        self.value_range = sorted(value_range)
        super().__init__(seed=seed, **kwargs)

    def _augment(self, x):
        rank = x.shape.rank
        if rank not in (3, 4):
            raise ValueError(f"Expected the input image to be rank 3 or 4. Got inputs.shape = {tuple(x.shape.as_list())}")
        lo, hi = self.value_range
        shape = [1, 1, 1] if rank == 3 else stack_ops.stack([array_ops.shape(x)[0], 1, 1, 1])
        delta = _draw(shape, self.factor[0], self.factor[1], self.seed) * float(hi - lo)
        return math_ops2.clip_by_value(x + stack_ops.cast(delta, x.dtype), float(lo), float(hi))

    def get_config(self):
        return self._config("rng_type", "factor", "value_range", "seed")


class _RandomResize(_RandomLayer):
    """RandomHeight and RandomWidth: one random size per batch along `_axis` (-3 or -2)."""
    _less = "less"

    def __init__(self, factor, interpolation="bilinear", seed=None, **kwargs):
        self.factor = factor
        self.lower, self.upper = _bounds(factor)
        if self.upper < self.lower:
            raise ValueError(f"`factor` argument cannot have an upper bound {self._less} than the lower bound. "
                             f"Received: factor={factor}")
        if self.lower < -1.0 or self.upper < -1.0:
            raise ValueError(f"`factor` argument must have values larger than -1. Received: factor={factor}")
        if interpolation not in _TF_METHODS:
            raise NotImplementedError(f"Value not recognized for `interpolation`: {interpolation}. Supported "
                                      f"values are: dict_keys({list(_TF_METHODS)})")
        super().__init__(seed=seed, **kwargs)
        self.interpolation = interpolation

    def _inference(self, inputs):
        return convert_to_tensor(inputs)  # tf-keras neither resizes nor casts here

    def _augment(self, x):
        h, w = _spatial(x)
        old = h if self._axis == -3 else w
        scale = _draw([], 1.0 + self.lower, 1.0 + self.upper, self.seed)
        new = stack_ops.cast(scale * float(old), dtypes.int32)  # truncated, as tf-keras
        size = stack_ops.stack([new, w]) if self._axis == -3 else stack_ops.stack([h, new])
        out = image_ops.resize(x, size, method=self.interpolation)
        out = out if out.dtype == x.dtype else stack_ops.cast(out, x.dtype)
        out.set_shape(self.compute_output_shape(x.shape))  # only the resized axis is dynamic
        return out

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        dims[self._axis] = None
        return TensorShape(dims)

    def get_config(self):
        return self._config("rng_type", "factor", "interpolation", "seed")


class RandomHeight(_RandomResize):
    """While training, resizes the batch to a random height, (1 + f) times the height for one f
    drawn in `factor` (a number f for [-f, f] or a pair; values above -1); the identity otherwise
    (without even a cast).

        >>> tf.keras.layers.RandomHeight((0.5, 0.5))(tf.ones([1, 4, 3, 1])).shape
        TensorShape([1, 6, 3, 1])
    """
    _axis = -3
    _less = "lesser"  # tf-keras's wording differs between the two layers


class RandomWidth(_RandomResize):
    """RandomHeight along the width.

        >>> tf.keras.layers.RandomWidth((-0.5, -0.5))(tf.ones([1, 4, 4, 1])).shape
        TensorShape([1, 4, 2, 1])
    """
    _axis = -2


__all__ = ["RandomRotation", "RandomZoom", "RandomTranslation", "RandomCrop", "RandomContrast", "RandomBrightness",
           "RandomHeight", "RandomWidth"]
