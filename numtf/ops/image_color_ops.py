"""`tf.image`'s colour spaces and colour adjustments: HSV (rgb_to_hsv, hsv_to_rgb), the linear YIQ
and YUV maps, adjust_hue, adjust_saturation and adjust_gamma.

What TF differentiates is differentiated here, and nothing more: rgb_to_hsv has a gradient (it is a
composite of numtf ops, so its gradient comes from theirs); HSVToRGB has none (the tape gives None,
as TF's does); AdjustHue and AdjustSaturation have no gradient rule at all (differentiating through
them raises LookupError, as in TF); the YIQ/YUV maps and adjust_gamma are composites.

    >>> tf.image.rgb_to_hsv([[[1.0, 0.0, 0.0]]]).numpy().tolist()
    [[[0.0, 1.0, 1.0]]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import FailedPreconditionError, InvalidArgumentError
from .array_ops import _as_tensor, zeros_like
from .convert import convert_to_tensor
from .image_basic_ops import convert_image_dtype
from .linalg_ops import tensordot
from .logic_ops import where, greater, less, equal
from .math_ops import maximum, minimum, multiply, pow as _pow
from .registry import execute, no_gradient, primitive
from .stack_ops import cast, stack, unstack

__all__ = []  # public names live in tf.image

_HSV_TYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)

# The 3x3 matrices TF 2.21 uses (read off its outputs for the unit colours): rows are the R, G, B
# contributions to each output channel; the inverse maps are TF's rounded inverses.
_RGB_TO_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617], [0.114, -0.32134392, 0.31119955]]
_YIQ_TO_RGB = [[1.0, 1.0, 1.0], [0.95598632, -0.27201283, -1.10674024], [0.62082481, -0.64720422, 1.70423055]]
_RGB_TO_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512], [0.114, 0.43601035, -0.10001026]]
_YUV_TO_RGB = [[1.0, 1.0, 1.0], [0.0, -0.39464232, 2.03206182], [1.13988304, -0.58062184, 0.0]]


def _hsv_input(images, op):
    images = _as_tensor(images)
    if images.dtype not in _HSV_TYPES:
        names = {"float32": "float", "float64": "double", "float16": "half"}
        raise InvalidArgumentError(None, op, f"Value for attr 'T' of {names.get(images.dtype.name, images.dtype.name)} "
                                   f"is not in the list of allowed values: half, bfloat16, float, double [Op:{op}]")
    last = images.shape[-1] if images.shape.rank else None
    if images.shape.rank == 0:
        raise InvalidArgumentError(None, op, f"input must be at least 1D[] [Op:{op}]")
    if last is not None and last != 3:
        raise FailedPreconditionError(None, op, f"input must have 3 channels but input only has {last} channels. "
                                      f"[Op:{op}]")
    return images


def rgb_to_hsv(images, name=None):
    """RGB to HSV, each in [0, 1] for RGB in [0, 1]: hue (fraction of a turn), saturation
    (max - min) / max, value max. Float images only; differentiable (TF has a gradient).

        >>> [round(float(v), 4) for v in tf.image.rgb_to_hsv([[[0.5, 0.5, 0.2]]])[0, 0]]
        [0.1667, 0.6, 0.5]
    """
    images = _hsv_input(images, "RGBToHSV")
    r, g, b = unstack(images, num=3, axis=-1)
    v = maximum(maximum(r, g), b)
    span = v - minimum(minimum(r, g), b)
    zero = zeros_like(v)
    one = zero + 1
    # Denominators are made safe before dividing, so the branch where() discards has a finite
    # gradient (0 * inf would poison the backward pass).
    has_span = greater(span, zero)
    safe_span = where(has_span, span, one)
    positive = greater(v, zero)
    s = where(positive, span / where(positive, v, one), zero)
    h = where(equal(v, r), (g - b) / safe_span,
              where(equal(v, g), (b - r) / safe_span + 2, (r - g) / safe_span + 4)) / 6
    h = where(less(h, zero), h + 1, h)
    h = where(has_span, h, zero)
    return stack([h, s, v], axis=-1)


def _hsv_to_rgb_array(hsv):
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    c = s * v
    m = v - c
    dh = h * np.asarray(6, hsv.dtype)
    # Hues outside [0, 1) count as pure red (TF's behaviour), not as wrapped turns.
    sector = np.where((h >= 0) & (h < 1), np.floor(dh), 0).astype(np.int64)
    x = c * (1 - np.abs(np.mod(dh, 2) - 1))
    x = np.where((h >= 0) & (h < 1), x, 0).astype(hsv.dtype, copy=False)
    zero = np.zeros_like(c)
    sectors = [(c, x, zero), (x, c, zero), (zero, c, x), (zero, x, c), (x, zero, c), (c, zero, x)]
    out = np.empty_like(hsv)
    for ch in range(3):
        out[..., ch] = np.choose(np.clip(sector, 0, 5), [sec[ch] for sec in sectors]) + m
    return out


def _rgb_to_hsv_array(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = rgb.max(-1)
    span = v - rgb.min(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(v > 0, span / v, 0)
        h = np.where(v == r, (g - b) / span, np.where(v == g, (b - r) / span + 2, (r - g) / span + 4)) / 6
    h = np.where(h < 0, h + 1, h)
    h = np.where(span > 0, h, 0)
    return np.stack([h, s, v], -1).astype(rgb.dtype, copy=False)


def _same_infer(ins, attrs):
    return [(ins[0].shape, ins[0].dtype)]


def _hsv_to_rgb_kernel(images):
    return _hsv_to_rgb_array(images)


HSV_TO_RGB = primitive("HSVToRGB", _hsv_to_rgb_kernel, _same_infer)
no_gradient(HSV_TO_RGB, "TF declares HSVToRGB not differentiable")


def hsv_to_rgb(images, name=None):
    """HSV to RGB (the inverse of `rgb_to_hsv` for hues in [0, 1)). Float images only; TF gives
    no gradient through it (the tape returns None).

        >>> [round(float(v), 4) for v in tf.image.hsv_to_rgb([[[0.5, 0.5, 0.8]]])[0, 0]]
        [0.4, 0.8, 0.8]
    """
    return execute(HSV_TO_RGB, (_hsv_input(images, "HSVToRGB"),))


def _check_float32(op, images):
    if images.dtype != np.float32:
        raise InvalidArgumentError(None, op, f"images must be float32, got {images.dtype.name} [Op:{op}]")
    if images.ndim < 3:
        raise InvalidArgumentError(None, op, f"input must be at least 3-D, got shape"
                                   f"[{','.join(map(str, images.shape))}] [Op:{op}]")
    if images.shape[-1] != 3:
        raise InvalidArgumentError(None, op, f"input must have 3 channels but instead has {images.shape[-1]} "
                                   f"channels. [Op:{op}]")


def _adjust_hue_kernel(images, delta):
    _check_float32("AdjustHue", images)
    hsv = _rgb_to_hsv_array(images)
    hsv[..., 0] = np.mod(hsv[..., 0] + delta.astype(np.float32), np.float32(1))
    return _hsv_to_rgb_array(hsv)


def _adjust_saturation_kernel(images, scale):
    _check_float32("AdjustSaturation", images)
    hsv = _rgb_to_hsv_array(images)
    hsv[..., 1] = np.clip(hsv[..., 1] * scale.astype(np.float32), 0, 1)
    return _hsv_to_rgb_array(hsv)


# TF registers no gradient for either op: differentiating through adjust_hue/adjust_saturation
# raises LookupError there and here (a primitive without a gradient rule).
ADJUST_HUE = primitive("AdjustHue", _adjust_hue_kernel, _same_infer)
ADJUST_SATURATION = primitive("AdjustSaturation", _adjust_saturation_kernel, _same_infer)


def _in_float32(image, fn):
    """Runs `fn` on the image as float32 (integer images rescaled by convert_image_dtype, other
    floats cast) and converts the result back to the image's dtype."""
    image = _as_tensor(image)
    orig = image.dtype
    if orig is dtypes.float32:
        return fn(image)
    if orig.is_floating:
        return cast(fn(cast(image, dtypes.float32)), orig)
    return convert_image_dtype(fn(convert_image_dtype(image, dtypes.float32)), orig, saturate=True)


def _static_number(x):
    if isinstance(x, (int, float, np.integer, np.floating)):
        return float(x)
    try:
        return float(np.asarray(x._value)) if hasattr(x, "_value") and x._value is not None else None
    except (TypeError, ValueError):
        return None


def adjust_hue(image, delta, name=None):
    """Rotates the hue of RGB images by `delta` (a fraction of a turn, in [-1, 1]), in HSV space.
    Integer images are converted to float32 and back. Not differentiable (as in TF).

        >>> [round(float(v), 4) for v in tf.image.adjust_hue([[[0.2, 0.5, 0.9]]], 0.7)[0, 0]]
        [0.36, 0.9, 0.2]
    """
    d = _static_number(delta)
    if d is not None and not -1 <= d <= 1:
        raise ValueError("delta must be in the interval [-1, 1]")
    delta_t = convert_to_tensor(delta, dtypes.float32)
    return _in_float32(image, lambda x: execute(ADJUST_HUE, (x, delta_t)))


def adjust_saturation(image, saturation_factor, name=None):
    """Multiplies the saturation of RGB images by `saturation_factor` (clipped to [0, 1]), in HSV
    space. Integer images are converted to float32 and back. Not differentiable (as in TF).

        >>> tf.image.adjust_saturation([[[0.2, 0.5, 0.9]]], 0.0).numpy().tolist()
        [[[0.8999999761581421, 0.8999999761581421, 0.8999999761581421]]]
    """
    factor = convert_to_tensor(saturation_factor, dtypes.float32)
    return _in_float32(image, lambda x: execute(ADJUST_SATURATION, (x, factor)))


def adjust_gamma(image, gamma=1, gain=1):
    """`gain * image ** gamma` (gamma correction). float16/float32 images are used as they are;
    other dtypes go to float32 with convert_image_dtype and back (saturating). Differentiable.

        >>> tf.image.adjust_gamma([[[0.5]]], gamma=2.0).numpy().tolist()
        [[[0.25]]]
    """
    image = _as_tensor(image)
    g = _static_number(gamma)
    if g is not None and g < 0:
        raise ValueError("Gamma should be a non-negative real number.")
    orig = image.dtype
    flt = image if orig in (dtypes.float16, dtypes.float32) else convert_image_dtype(image, dtypes.float32)
    out = multiply(convert_to_tensor(gain, flt.dtype), _pow(flt, convert_to_tensor(gamma, flt.dtype)))
    return convert_image_dtype(out, orig, saturate=True)


def _linear(images, matrix, op):
    images = _as_tensor(images)
    if not images.dtype.is_floating:
        raise TypeError(f"Cannot convert {matrix} to EagerTensor of dtype {images.dtype.name}")
    rank = images.shape.rank
    last = images.shape[-1] if rank else None
    if last is not None and last != 3:
        rows = int(np.prod(images.shape.as_list()[:-1])) if images.shape.is_fully_defined() else -1
        raise InvalidArgumentError(None, "MatMul", f"{op}: Matrix size-incompatible: In[0]: [{rows},{last}], "
                                   "In[1]: [3,3] [Op:MatMul]")
    kernel = convert_to_tensor(np.asarray(matrix, images.dtype.as_numpy_dtype), images.dtype)
    return tensordot(images, kernel, [[rank - 1], [0]])


def rgb_to_yiq(images):
    """RGB to YIQ, a linear map of the last axis (size 3). Float images; differentiable.

        >>> [abs(round(float(v), 4)) for v in tf.image.rgb_to_yiq([[[1.0, 1.0, 1.0]]])[0, 0]]
        [1.0, 0.0, 0.0]
    """
    return _linear(images, _RGB_TO_YIQ, "rgb_to_yiq")


def yiq_to_rgb(images):
    """YIQ to RGB (the inverse of `rgb_to_yiq`). Float images; differentiable.

        >>> [abs(round(float(v), 4)) for v in tf.image.yiq_to_rgb([[[1.0, 0.0, 0.0]]])[0, 0]]
        [1.0, 1.0, 1.0]
    """
    return _linear(images, _YIQ_TO_RGB, "yiq_to_rgb")


def rgb_to_yuv(images):
    """RGB to YUV, a linear map of the last axis (size 3). Float images; differentiable.

        >>> [abs(round(float(v), 4)) for v in tf.image.rgb_to_yuv([[[1.0, 1.0, 1.0]]])[0, 0]]
        [1.0, 0.0, 0.0]
    """
    return _linear(images, _RGB_TO_YUV, "rgb_to_yuv")


def yuv_to_rgb(images):
    """YUV to RGB (the inverse of `rgb_to_yuv`). Float images; differentiable.

        >>> [abs(round(float(v), 4)) for v in tf.image.yuv_to_rgb([[[1.0, 0.0, 0.0]]])[0, 0]]
        [1.0, 1.0, 1.0]
    """
    return _linear(images, _YUV_TO_RGB, "yuv_to_rgb")

