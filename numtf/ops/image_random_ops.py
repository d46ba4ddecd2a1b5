"""`tf.image`'s random augmentations beyond flips and brightness: random_contrast, random_hue,
random_saturation and random_crop, and the `stateless_random_*` family, whose draws are fully
determined by a `seed` pair (shape [2]), as `tf.random.stateless_uniform`'s are.

The contract is TF's: the distribution of the drawn factor (uniform in [lower, upper) or
[-max_delta, max_delta)), shapes and dtypes, TF's argument checks and messages, and reproducibility
under numtf's seeds (not TF's random streams).

    >>> tf.image.stateless_random_contrast(tf.ones([2, 2, 3]), 0.5, 1.5, seed=[1, 2]).shape
    TensorShape([2, 2, 3])
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from .array_ops import _as_tensor, shape as _shape, get_static_value
from .convert import convert_to_tensor
from .image_basic_ops import (_image, adjust_brightness, adjust_contrast, flip_left_right, flip_up_down)
from .image_color_ops import adjust_hue, adjust_saturation
from .indexing_ops import slice as _slice
from .logic_ops import less, where
from .math_ops import floormod
from .random_ops import stateless_uniform, uniform

__all__ = []  # public names live in tf.image

_INT32_MAX = np.iinfo(np.int32).max


def _check_range(lower, upper):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")


def _check_hue_delta(max_delta):
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")


def _stateless(minval, maxval, seed, shape=()):
    return stateless_uniform(list(shape), seed=seed, minval=minval, maxval=maxval)


def random_contrast(image, lower, upper, seed=None):
    """adjust_contrast by a factor drawn uniformly from [lower, upper).

        >>> tf.image.random_contrast(tf.ones([2, 2, 3]), 0.5, 1.5, seed=1).shape
        TensorShape([2, 2, 3])
    """
    _check_range(lower, upper)
    return adjust_contrast(image, uniform([], lower, upper, seed=seed))


def random_hue(image, max_delta, seed=None):
    """adjust_hue by a delta drawn uniformly from [-max_delta, max_delta), max_delta in [0, 0.5].

        >>> tf.image.random_hue(tf.ones([2, 2, 3]), 0.2, seed=1).shape
        TensorShape([2, 2, 3])
    """
    _check_hue_delta(max_delta)
    return adjust_hue(image, uniform([], -max_delta, max_delta, seed=seed))


def random_saturation(image, lower, upper, seed=None):
    """adjust_saturation by a factor drawn uniformly from [lower, upper).

        >>> tf.image.random_saturation(tf.ones([2, 2, 3]), 0.5, 1.5, seed=1).shape
        TensorShape([2, 2, 3])
    """
    _check_range(lower, upper)
    return adjust_saturation(image, uniform([], lower, upper, seed=seed))


def stateless_random_brightness(image, max_delta, seed):
    """adjust_brightness by a delta drawn from [-max_delta, max_delta), determined by `seed`.

        >>> tf.image.stateless_random_brightness(tf.ones([2, 2, 3]), 0.2, seed=[1, 2]).shape
        TensorShape([2, 2, 3])
    """
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_brightness(image, _stateless(-max_delta, max_delta, seed))


def stateless_random_contrast(image, lower, upper, seed):
    """adjust_contrast by a factor from [lower, upper), determined by `seed`.

        >>> tf.image.stateless_random_contrast(tf.ones([2, 2, 3]), 0.5, 1.5, seed=[1, 2]).shape
        TensorShape([2, 2, 3])
    """
    _check_range(lower, upper)
    return adjust_contrast(image, _stateless(lower, upper, seed))


def stateless_random_hue(image, max_delta, seed):
    """adjust_hue by a delta from [-max_delta, max_delta), determined by `seed`.

        >>> tf.image.stateless_random_hue(tf.ones([2, 2, 3]), 0.2, seed=[1, 2]).shape
        TensorShape([2, 2, 3])
    """
    _check_hue_delta(max_delta)
    return adjust_hue(image, _stateless(-max_delta, max_delta, seed))


def stateless_random_saturation(image, lower, upper, seed):
    """adjust_saturation by a factor from [lower, upper), determined by `seed`.

        >>> tf.image.stateless_random_saturation(tf.ones([2, 2, 3]), 0.5, 1.5, seed=[1, 2]).shape
        TensorShape([2, 2, 3])
    """
    _check_range(lower, upper)
    return adjust_saturation(image, _stateless(lower, upper, seed))


def _stateless_flip(image, seed, flip):
    image = _image(image)
    if image.shape.rank == 3:
        return where(less(_stateless(0.0, 1.0, seed), 0.5), flip(image), image)
    coin = less(stateless_uniform(_shape(image)[:1], seed=seed, minval=0.0, maxval=1.0), 0.5)
    return where(coin[:, None, None, None], flip(image), image)


def stateless_random_flip_left_right(image, seed):
    """Flips each image left-right with probability 1/2, determined by `seed`.

        >>> tf.image.stateless_random_flip_left_right(tf.ones([2, 2, 1]), seed=[1, 2]).shape
        TensorShape([2, 2, 1])
    """
    return _stateless_flip(image, seed, flip_left_right)


def stateless_random_flip_up_down(image, seed):
    """Flips each image upside down with probability 1/2, determined by `seed`.

        >>> tf.image.stateless_random_flip_up_down(tf.ones([2, 2, 1]), seed=[1, 2]).shape
        TensorShape([2, 2, 1])
    """
    return _stateless_flip(image, seed, flip_up_down)


def _crop_setup(value, size):
    value = _as_tensor(value)
    size = convert_to_tensor(size, dtypes.int32)
    have, want = get_static_value(_shape(value)), get_static_value(size)
    if have is not None and want is not None:
        have, want = np.asarray(have), np.asarray(want)
        if have.shape != want.shape:
            raise InvalidArgumentError(None, "GreaterEqual", f"Incompatible shapes: [{have.size}] vs. "
                                       f"[{want.size}] [Op:GreaterEqual]")
        if np.any(have < want):
            raise InvalidArgumentError(None, "random_crop", "Need value.shape >= size, got "
                                       f"{have.tolist()} {want.tolist()}")
    return value, size, _shape(value) - size + 1


def random_crop(value, size, seed=None, name=None):
    """A window of shape `size` at a uniformly random offset of `value` (any rank; `size` has one
    entry per dimension). Differentiable with respect to `value` (it is a slice).

        >>> tf.image.random_crop(tf.ones([4, 4, 3]), [2, 2, 3], seed=1).shape
        TensorShape([2, 2, 3])
    """
    value, size, limit = _crop_setup(value, size)
    offset = floormod(uniform(_shape(size), 0, _INT32_MAX, dtype=dtypes.int32, seed=seed), limit)
    return _slice(value, offset, size)


def stateless_random_crop(value, size, seed, name=None):
    """`random_crop` whose offset is determined by `seed` (shape [2]).

        >>> tf.image.stateless_random_crop(tf.ones([4, 4, 3]), [2, 2, 3], seed=[1, 2]).shape
        TensorShape([2, 2, 3])
    """
    value, size, limit = _crop_setup(value, size)
    offset = floormod(stateless_uniform(_shape(size), seed=seed, minval=0, maxval=_INT32_MAX,
                                        dtype=dtypes.int32), limit)
    return _slice(value, offset, size)
