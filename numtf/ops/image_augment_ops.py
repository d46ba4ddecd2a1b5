"""The kernels behind the image augmentation layers: TF's ImageProjectiveTransformV3 (an
8-parameter projective warp with fill modes and interpolation) and AdjustContrastv2.

`image_projective_transform_v3` is `tf.raw_ops.ImageProjectiveTransformV3`: each transform
[a0, a1, a2, b0, b1, b2, c0, c1] maps an output pixel (x, y) to the input point
((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k) with k = c0 x + c1 y + 1, which is then sampled.

    >>> shift = tf.constant([[1.0, 0, -1, 0, 1, 0, 0, 0]])  # output x reads input x - 1
    >>> img = tf.reshape(tf.range(4.0), [1, 1, 4, 1])
    >>> image_projective_transform_v3(img, shift, [1, 4], 0.0, fill_mode="CONSTANT")[0, 0, :, 0].numpy().tolist()
    [0.0, 0.0, 1.0, 2.0]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import execute, primitive

__all__ = []  # used by numtf.keras's augmentation layers (public names live in tf.image)

FILL_MODES = ("REFLECT", "WRAP", "CONSTANT", "NEAREST")
INTERPOLATIONS = ("NEAREST", "BILINEAR")


def _reflect(c, n):
    """Reflection about the pixel edges -0.5 and n - 0.5 (d c b a | a b c d | d c b a), period 2n."""
    if n <= 1:
        return np.zeros_like(c)
    period = np.float32(2 * n)
    c = np.mod(c + np.float32(0.5), period) - np.float32(0.5)
    return np.where(c >= n - np.float32(0.5), period - 1 - c, c)


def _wrap(c, n):
    """TF's wrap: whole image widths are added to (subtracted from) a coordinate left of 0 (right
    of n - 1), their count being the coordinate over n - 1, truncated (plus one on the left); what
    still falls outside is clamped (so far coordinates are not exactly periodic, as in TF)."""
    if n <= 1:
        return np.zeros_like(c)
    span = np.float32(n - 1)
    below = c + n * (np.trunc(-c / span) + 1)
    above = c - n * np.trunc(c / span)
    return np.where(c < 0, below, np.where(c > span, above, c))


def _map_coords(c, n, fill_mode):
    """The coordinate each fill mode samples instead of `c` (CONSTANT keeps it: reads outside
    the image give the fill value)."""
    if fill_mode == "CONSTANT":
        return c
    if fill_mode == "REFLECT":
        c = _reflect(c, n)
    elif fill_mode == "WRAP":
        c = _wrap(c, n)
    return np.clip(c, 0, max(n - 1, 0)).astype(np.float32, copy=False)


def _gather(images, b, y, x, fill):
    """images[b, y, x] (integer index arrays of one shape), `fill` where (y, x) is outside."""
    _, h, w, _ = images.shape
    inside = (y >= 0) & (y < h) & (x >= 0) & (x < w)
    vals = images[b, np.clip(y, 0, h - 1), np.clip(x, 0, w - 1)]
    return np.where(inside[..., None], vals, fill)


def _transform_kernel(images, transforms, output_shape, fill_value, interpolation="NEAREST",
                      fill_mode="CONSTANT", dtype=None):
    op = "ImageProjectiveTransformV3"
    if images.ndim != 4:
        raise InvalidArgumentError(None, op, f"Input images must have rank 4 [Op:{op}]")
    n, h, w, _ = images.shape
    if transforms.ndim != 2 or transforms.shape[1] != 8 or transforms.shape[0] not in (1, n):
        raise InvalidArgumentError(None, op, f"Input transform should be num_images x 8 [Op:{op}]")
    shape = np.asarray(output_shape)
    if shape.ndim != 1:
        raise InvalidArgumentError(None, op, f"output shape must be 1-dimensional [Op:{op}]")
    if shape.size != 2:
        raise InvalidArgumentError(None, op, f"output shape must have two elements [Op:{op}]")
    oh, ow = int(shape[0]), int(shape[1])
    if oh <= 0 or ow <= 0:
        raise InvalidArgumentError(None, op, f"output dimensions must be positive [Op:{op}]")
    t = np.broadcast_to(transforms.astype(np.float32, copy=False), (n, 8))[:, :, None, None]
    ys, xs = np.meshgrid(np.arange(oh, dtype=np.float32), np.arange(ow, dtype=np.float32), indexing="ij")
    k = t[:, 6] * xs + t[:, 7] * ys + np.float32(1)
    singular = k == 0  # a point sent to infinity samples nothing: it gets the fill value
    k = np.where(singular, np.float32(1), k)
    in_x = _map_coords((t[:, 0] * xs + t[:, 1] * ys + t[:, 2]) / k, w, fill_mode)
    in_y = _map_coords((t[:, 3] * xs + t[:, 4] * ys + t[:, 5]) / k, h, fill_mode)
    work = images.dtype if images.dtype == np.float64 else np.float32
    fill = np.asarray(fill_value, work)
    b = np.arange(n)[:, None, None]
    if interpolation == "NEAREST":  # rounding halves away from zero (C's round), as TF
        ry = np.trunc(in_y + np.copysign(np.float32(0.5), in_y)).astype(np.int64)
        rx = np.trunc(in_x + np.copysign(np.float32(0.5), in_x)).astype(np.int64)
        out = _gather(images.astype(work, copy=False), b, ry, rx, fill)
    else:
        y0, x0 = np.floor(in_y), np.floor(in_x)
        wy, wx = (in_y - y0).astype(work)[..., None], (in_x - x0).astype(work)[..., None]
        iy, ix = y0.astype(np.int64), x0.astype(np.int64)
        src = images.astype(work, copy=False)
        top = (1 - wx) * _gather(src, b, iy, ix, fill) + wx * _gather(src, b, iy, ix + 1, fill)
        bottom = (1 - wx) * _gather(src, b, iy + 1, ix, fill) + wx * _gather(src, b, iy + 1, ix + 1, fill)
        out = (1 - wy) * top + wy * bottom
    out = np.where(singular[..., None], fill, out)
    return out.astype(images.dtype, copy=False)


def _transform_infer(ins, attrs):
    x = ins[0].shape
    size = ins[2].op.attrs.get("value") if ins[2].op.op.name == "Const" else None
    h, w = (None, None) if size is None else (int(size[0]), int(size[1]))
    n, c = (x[0], x[3]) if x.rank else (None, None)
    return [(TensorShape([n, h, w, c]), ins[0].dtype)]


IMAGE_PROJECTIVE_TRANSFORM_V3 = primitive("ImageProjectiveTransformV3", _transform_kernel, _transform_infer)


def _inverse(transforms):
    """The inverse of each 8-parameter transform (its 3x3 matrix inverted, rescaled so the last
    entry is 1), computed with numtf ops so it works in graphs too."""
    from .array_ops import reshape
    from .gather_ops import gather
    from .join_ops import concat
    from .linalg_ops import inv as matrix_inverse
    ones = transforms[:, :1] * 0 + 1
    m = reshape(concat([transforms, ones], 1), [-1, 3, 3])
    inv = reshape(matrix_inverse(m), [-1, 9])
    return gather(inv, list(range(8)), axis=1) / inv[:, 8:9]


def _transform_grad(node, grad):
    # TF's gradient of this op (which users do get through the geometric layers): the upstream
    # gradient warped back by the inverse transform, with the forward op's interpolation and fill
    # mode, onto the input's size. It is not the exact adjoint of the sampling (TF's is not either).
    from .array_ops import shape
    from .indexing_ops import strided_slice
    images, transforms = node.inputs[0], node.inputs[1]
    size = strided_slice(shape(images), [1], [3], [1])
    attrs = dict(node.attrs)
    back = execute(IMAGE_PROJECTIVE_TRANSFORM_V3,
                   (grad, _inverse(transforms), size, convert_to_tensor(0.0, dtypes.float32)), attrs)
    return back, None, None, None


IMAGE_PROJECTIVE_TRANSFORM_V3.grad = _transform_grad


def image_projective_transform_v3(images, transforms, output_shape, fill_value=0.0, interpolation="NEAREST",
                                  fill_mode="CONSTANT", name=None):
    """`tf.raw_ops.ImageProjectiveTransformV3`: warps images (N, H, W, C) by transforms (N or 1, 8)
    to `output_shape` (new_height, new_width); fill modes REFLECT, WRAP, CONSTANT (`fill_value`
    outside the image) and NEAREST; interpolation NEAREST or BILINEAR. The output has the image
    dtype (integer images are interpolated in float32 and truncated).

        >>> identity = tf.constant([[1.0, 0, 0, 0, 1, 0, 0, 0]])
        >>> image_projective_transform_v3(tf.ones([1, 2, 2, 1]), identity, [2, 2]).shape
        TensorShape([1, 2, 2, 1])
    """
    interpolation, fill_mode = str(interpolation).upper(), str(fill_mode).upper()
    if interpolation not in INTERPOLATIONS:
        raise InvalidArgumentError(None, "ImageProjectiveTransformV3",
                                   f"Invalid interpolation {interpolation} [Op:ImageProjectiveTransformV3]")
    if fill_mode not in FILL_MODES:
        raise InvalidArgumentError(None, "ImageProjectiveTransformV3",
                                   f"Invalid fill_mode {fill_mode} [Op:ImageProjectiveTransformV3]")
    images = convert_to_tensor(images)
    ins = (images, convert_to_tensor(transforms, dtypes.float32), convert_to_tensor(output_shape, dtypes.int32),
           convert_to_tensor(fill_value, dtypes.float32))
    return execute(IMAGE_PROJECTIVE_TRANSFORM_V3, ins, {"interpolation": interpolation, "fill_mode": fill_mode})


def _contrast_kernel(images, contrast_factor):
    if images.ndim < 3:
        raise InvalidArgumentError(None, "AdjustContrastv2", "input must be at least 3-D, got shape"
                                   f"[{','.join(map(str, images.shape))}] [Op:AdjustContrastv2]")
    mean = images.mean(axis=(-3, -2), keepdims=True, dtype=images.dtype)
    return ((images - mean) * contrast_factor.astype(images.dtype) + mean).astype(images.dtype, copy=False)


# TF registers no gradient for AdjustContrastv2: differentiating through it (tf.image.adjust_contrast,
# RandomContrast) raises LookupError there, and here too (a primitive without a gradient rule).
ADJUST_CONTRAST_V2 = primitive("AdjustContrastv2", _contrast_kernel, lambda ins, attrs: [(ins[0].shape, ins[0].dtype)])


def adjust_contrast_v2(images, contrast_factor):
    """`tf.raw_ops.AdjustContrastv2`: `(x - mean) * contrast_factor + mean` with the mean of each
    channel over every image's height and width; float images only, no gradient (as in TF).

        >>> adjust_contrast_v2(tf.constant([[[1.0], [3.0]]]), 2.0)[:, :, 0].numpy().tolist()
        [[0.0, 4.0]]
    """
    images = convert_to_tensor(images)
    return execute(ADJUST_CONTRAST_V2, (images, convert_to_tensor(contrast_factor, dtypes.float32)))
