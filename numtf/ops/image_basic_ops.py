"""`tf.image`'s everyday functions, built from other ops: flips and rotations, crops and pads,
dtype conversion (`convert_image_dtype`, with TF's scaling rules), grayscale, brightness and
contrast, standardization, and the random flips and brightness of data augmentation.

Images are `[height, width, channels]` or batches `[batch, height, width, channels]`.

    >>> tf.image.flip_left_right(tf.reshape(tf.range(4), [1, 4, 1]))[0, :, 0].numpy().tolist()
    [3, 2, 1, 0]
"""
from ..framework import dtypes
from .array_ops import shape, transpose
from .convert import convert_to_tensor
from .indexing_ops import slice as _slice
from .join_ops import concat, pad, reverse
from .linalg_ops import tensordot
from .logic_ops import less, where
from .math_ops import maximum, multiply
from .math_ops2 import rsqrt
from .random_ops import uniform
from .reduction_ops import reduce_mean, reduce_std
from .stack_ops import cast

__all__ = []  # public names live in tf.image

_GRAY_WEIGHTS = [0.2989, 0.5870, 0.1140]


def _image(image, name="image"):
    image = convert_to_tensor(image)
    rank = image.shape.rank
    if rank is not None and rank not in (3, 4):
        raise ValueError(f"'{name}' (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image


def flip_left_right(image):
    """Reverses the width axis."""
    return reverse(_image(image), [-2])


def flip_up_down(image):
    """Reverses the height axis."""
    return reverse(_image(image), [-3])


def transpose_image(image, name=None):
    """Swaps height and width (`tf.image.transpose`)."""
    image = _image(image)
    return transpose(image, [1, 0, 2] if image.shape.rank == 3 else [0, 2, 1, 3])


def rot90(image, k=1, name=None):
    """Rotates by 90 degrees counter-clockwise, `k` times."""
    image = _image(image)
    for _ in range(int(k) % 4):
        image = transpose_image(flip_left_right(image))
    return image


def _bits(dtype):
    """The value that stands for 1.0 in an integer image dtype, plus one (a power of two)."""
    return int(dtype.max) + 1


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Converts between image dtypes, rescaling: floats span [0, 1], integers [0, MAX]. int to int
    shifts by the ratio of the ranges; float to int multiplies by MAX + 0.5 (and wraps, as a plain
    cast does, unless `saturate`)."""
    image = convert_to_tensor(image)
    dtype = dtypes.as_dtype(dtype)
    src = image.dtype
    if not (dtype.is_floating or dtype.is_integer) or not (src.is_floating or src.is_integer):
        raise AttributeError(f"dtype must be either floating point or integer, got {dtype.name}")
    if src is dtype:
        return image
    if src.is_integer and dtype.is_integer:
        a, b = _bits(src), _bits(dtype)
        if a > b:
            from .math_ops import floordiv
            return cast(floordiv(image, a // b), dtype)
        return multiply(cast(image, dtype), b // a)
    if src.is_floating and dtype.is_floating:
        return cast(image, dtype)
    if src.is_integer:  # int -> float
        return multiply(cast(image, dtype), 1.0 / int(src.max))
    scaled = multiply(image, float(dtype.max) + 0.5)  # float -> int
    if saturate:
        from .composite_ops import saturate_cast
        return saturate_cast(scaled, dtype)
    return cast(scaled, dtype)


def rgb_to_grayscale(images, name=None):
    """The weighted sum of the RGB channels (0.2989, 0.5870, 0.1140), keeping a channel axis of 1."""
    images = convert_to_tensor(images)
    flt = convert_image_dtype(images, dtypes.float32)
    gray = tensordot(flt, convert_to_tensor(_GRAY_WEIGHTS), [[-1 + flt.shape.rank], [0]])
    from .array_ops import expand_dims
    return convert_image_dtype(expand_dims(gray, -1), images.dtype)


def grayscale_to_rgb(images, name=None):
    """Repeats the single channel three times."""
    images = convert_to_tensor(images)
    return concat([images, images, images], -1)


def adjust_brightness(image, delta):
    """Adds `delta` to every pixel (in floats, converting integer images there and back)."""
    image = convert_to_tensor(image)
    flt = convert_image_dtype(image, dtypes.float32) if not image.dtype.is_floating else image
    out = flt + cast(convert_to_tensor(delta), flt.dtype)
    return convert_image_dtype(out, image.dtype, saturate=True) if not image.dtype.is_floating else out


def adjust_contrast(images, contrast_factor):
    """`(x - mean) * contrast_factor + mean`, with the mean of each channel over the image."""
    images = convert_to_tensor(images)
    flt = convert_image_dtype(images, dtypes.float32) if not images.dtype.is_floating else images
    mean = reduce_mean(flt, axis=[-3, -2], keepdims=True)
    out = (flt - mean) * cast(convert_to_tensor(contrast_factor), flt.dtype) + mean
    return convert_image_dtype(out, images.dtype, saturate=True) if not images.dtype.is_floating else out


def per_image_standardization(image):
    """`(x - mean) / max(stddev, 1 / sqrt(num_pixels))` over each image, in float32."""
    image = cast(_image(image), dtypes.float32)
    num = cast(_prod_last3(shape(image)), dtypes.float32)
    mean = reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
    std = reduce_std(image, axis=[-1, -2, -3], keepdims=True)
    return (image - mean) / maximum(std, rsqrt(num))


def _prod_last3(s):
    from .reduction_ops import reduce_prod
    return reduce_prod(s[-3:])


def _hw(image):
    s = image.shape
    return int(s[-3]), int(s[-2])


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The `[target_height, target_width]` window at the given offsets."""
    image = _image(image)
    h, w = _hw(image)
    if offset_height < 0 or offset_width < 0 or offset_height + target_height > h or offset_width + target_width > w:
        raise ValueError("crop_to_bounding_box: the target box must lie inside the image.")
    if image.shape.rank == 3:
        return _slice(image, [offset_height, offset_width, 0], [target_height, target_width, -1])
    return _slice(image, [0, offset_height, offset_width, 0], [-1, target_height, target_width, -1])


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Pads with zeros to `[target_height, target_width]`, the image at the given offsets."""
    image = _image(image)
    h, w = _hw(image)
    after_h, after_w = target_height - offset_height - h, target_width - offset_width - w
    if offset_height < 0 or offset_width < 0 or after_h < 0 or after_w < 0:
        raise ValueError("pad_to_bounding_box: the target box must contain the image at its offsets.")
    paddings = [[offset_height, after_h], [offset_width, after_w], [0, 0]]
    return pad(image, paddings if image.shape.rank == 3 else [[0, 0]] + paddings)


def resize_with_crop_or_pad(image, target_height, target_width):
    """Crops or zero-pads each side evenly (centred) to `[target_height, target_width]`."""
    image = _image(image)
    h, w = _hw(image)
    ch, cw = max(h - target_height, 0) // 2, max(w - target_width, 0) // 2
    image = crop_to_bounding_box(image, ch, cw, min(h, target_height), min(w, target_width))
    h, w = _hw(image)
    return pad_to_bounding_box(image, max(target_height - h, 0) // 2, max(target_width - w, 0) // 2,
                               target_height, target_width)


def central_crop(image, central_fraction):
    """The central `central_fraction` of the height and width."""
    image = _image(image)
    if central_fraction <= 0.0 or central_fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    if central_fraction == 1.0:
        return image
    h, w = _hw(image)
    top, left = int((h - h * central_fraction) / 2), int((w - w * central_fraction) / 2)
    return crop_to_bounding_box(image, top, left, h - 2 * top, w - 2 * left)


def _random_flip(image, seed, flip):
    image = _image(image)
    if image.shape.rank == 3:
        coin = less(uniform([], 0, 1.0, seed=seed), 0.5)
        return where(coin, flip(image), image)
    n = shape(image)[0]
    coin = less(uniform([n], 0, 1.0, seed=seed), 0.5)
    return where(coin[:, None, None, None], flip(image), image)


def random_flip_left_right(image, seed=None):
    """Flips each image left-right with probability 1/2."""
    return _random_flip(image, seed, flip_left_right)


def random_flip_up_down(image, seed=None):
    """Flips each image upside down with probability 1/2."""
    return _random_flip(image, seed, flip_up_down)


def random_brightness(image, max_delta, seed=None):
    """adjust_brightness by a delta drawn uniformly from [-max_delta, max_delta)."""
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_brightness(image, uniform([], -max_delta, max_delta, seed=seed))

