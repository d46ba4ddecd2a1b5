"""Image resizing: `tf.image.resize` with all of TF 2's methods, and TF's resize kernels.

The kernels are TF's ops: ResizeBilinear, ResizeNearestNeighbor, ResizeBicubic (each with TF 1's
`align_corners` and TF 2's `half_pixel_centers` sampling grids), ResizeArea and ScaleAndTranslate,
with their gradient ops (ResizeArea has none, as in TF). Each resize is linear in the image: a
(new, old) weight matrix per spatial axis (numtf/ops/image_resize_methods.py), built from the
runtime size (images of a dataset differ), applied with two products; a gradient op applies the
transposed matrices.

    >>> tf.image.resize(tf.ones([1, 4, 4, 1]), (2, 2)).shape
    TensorShape([1, 2, 2, 1])
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, expand_dims, squeeze
from .convert import convert_to_tensor
from .image_resize_methods import (KERNELS, apply_weights, legacy_weights, nearest_indices,
                                   scale_translate_weights)
from .registry import primitive, execute
from .stack_ops import cast

__all__ = []  # public names live in tf.image

_METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


def _size(op, size):
    size = np.asarray(size)
    if size.shape != (2,) or size.dtype.kind not in "iu":
        raise InvalidArgumentError(None, op, f"size must be a 1-D int32 Tensor of 2 elements: new_height, new_width; "
                                   f"got {size.tolist()} [Op:{op}]")
    if np.any(size <= 0):
        raise InvalidArgumentError(None, op, f"output dimensions must be positive, got {size.tolist()} [Op:{op}]")
    return int(size[0]), int(size[1])


def _check_images(op, x):
    if x.ndim != 4:
        raise InvalidArgumentError(None, op, f"input must be 4-dimensional{list(x.shape)} [Op:{op}]")


def _check_grid(op, align_corners, half_pixel_centers):
    if align_corners and half_pixel_centers:
        raise InvalidArgumentError(None, op, f"If half_pixel_centers is True, align_corners must be False. [Op:{op}]")


_OP_NAMES = {"bilinear": "ResizeBilinear", "nearest": "ResizeNearestNeighbor", "bicubic": "ResizeBicubic",
             "area": "ResizeArea"}


def _resize_kernel(method):
    """The kernel of ResizeBilinear / ResizeNearestNeighbor / ResizeBicubic / ResizeArea on numpy
    arrays (float32 results but nearest's, which selects pixels and keeps the dtype)."""
    op = _OP_NAMES[method]

    def kernel(images, size, align_corners=False, half_pixel_centers=True):
        _check_images(op, images)
        _check_grid(op, align_corners, half_pixel_centers)
        h, w = _size(op, size)
        if method == "nearest":  # a selection: keeps the dtype and the exact values
            rows = nearest_indices(images.shape[1], h, align_corners, half_pixel_centers)
            cols = nearest_indices(images.shape[2], w, align_corners, half_pixel_centers)
            return np.ascontiguousarray(images[:, rows][:, :, cols])
        wh = legacy_weights(images.shape[1], h, method, align_corners, half_pixel_centers)
        ww = legacy_weights(images.shape[2], w, method, align_corners, half_pixel_centers)
        return apply_weights(images.astype(np.float32, copy=False), wh, ww)
    return kernel


def _grad_kernel(method):
    def kernel(grads, original_image, align_corners=False, half_pixel_centers=True):
        _, height, width, _ = original_image.shape
        wh = legacy_weights(height, grads.shape[1], method, align_corners, half_pixel_centers)
        ww = legacy_weights(width, grads.shape[2], method, align_corners, half_pixel_centers)
        return apply_weights(grads, wh.T.astype(grads.dtype), ww.T.astype(grads.dtype)).astype(
            original_image.dtype, copy=False)
    return kernel


def _area_kernel(images, size, align_corners=False):
    return _resize_kernel("area")(images, size, align_corners, False)


def _const(t):
    """The value of a tensor known before running (eager, or a graph constant), else None."""
    if type(t) is Tensor:
        return t._value
    return t.op.attrs.get("value") if t.op.op.name == "Const" else None


def _resize_infer(ins, attrs):
    x = ins[0].shape
    size = _const(ins[1])
    h, w = (None, None) if size is None else (int(size[0]), int(size[1]))
    return [(TensorShape([x[0] if x.rank else None, h, w, x[3] if x.rank else None]), dtypes.float32)]


def _nearest_infer(ins, attrs):
    (shape, _), = _resize_infer(ins, attrs)
    return [(shape, ins[0].dtype)]


def _like_original(ins, attrs):
    return [(ins[1].shape, ins[1].dtype)]


RESIZE_BILINEAR = primitive("ResizeBilinear", _resize_kernel("bilinear"), _resize_infer)
RESIZE_NEAREST = primitive("ResizeNearestNeighbor", _resize_kernel("nearest"), _nearest_infer)
RESIZE_BICUBIC = primitive("ResizeBicubic", _resize_kernel("bicubic"), _resize_infer)
RESIZE_AREA = primitive("ResizeArea", _area_kernel, _resize_infer)  # grad None: TF registers none
RESIZE_BILINEAR_GRAD = primitive("ResizeBilinearGrad", _grad_kernel("bilinear"), _like_original)
RESIZE_NEAREST_GRAD = primitive("ResizeNearestNeighborGrad", _grad_kernel("nearest"), _like_original)
RESIZE_BICUBIC_GRAD = primitive("ResizeBicubicGrad", _grad_kernel("bicubic"), _like_original)


def _shape_hw(t):
    from .array_ops import shape
    from .indexing_ops import strided_slice
    return strided_slice(shape(t), [1], [3], [1])


# Each resize is linear in the image, and its gradient op is its transpose: each is the other's
# adjoint (the gradient of a gradient op resizes again).
for _fwd, _bwd in ((RESIZE_BILINEAR, RESIZE_BILINEAR_GRAD), (RESIZE_NEAREST, RESIZE_NEAREST_GRAD),
                   (RESIZE_BICUBIC, RESIZE_BICUBIC_GRAD)):
    _fwd.grad = (lambda b: lambda n, g: (execute(b, (g, n.inputs[0]), n.attrs), None))(_bwd)
    _bwd.grad = (lambda f: lambda n, g: (execute(f, (g, _shape_hw(n.inputs[0])), n.attrs), None))(_fwd)


# -- ScaleAndTranslate -----------------------------------------------------------------------------
def _st_weights(op, in_hw, out_hw, scale, translation, kernel_type, antialias):
    if kernel_type not in KERNELS:
        raise InvalidArgumentError(None, op, f"Unrecognized kernel type: {kernel_type} [Op:{op}]")
    scale, translation = np.asarray(scale, np.float32), np.asarray(translation, np.float32)
    return [scale_translate_weights(in_hw[k], out_hw[k], kernel_type, scale[k], translation[k], antialias)
            for k in (0, 1)]


def _st_kernel(images, size, scale, translation, kernel_type="lanczos3", antialias=True):
    op = "ScaleAndTranslate"
    _check_images(op, images)
    out_hw = _size(op, size)
    wh, ww = _st_weights(op, images.shape[1:3], out_hw, scale, translation, kernel_type, antialias)
    return apply_weights(images.astype(np.float32, copy=False), wh, ww)


def _st_grad_kernel(grads, original_image, scale, translation, kernel_type="lanczos3", antialias=True):
    wh, ww = _st_weights("ScaleAndTranslateGrad", original_image.shape[1:3], grads.shape[1:3], scale,
                         translation, kernel_type, antialias)
    return apply_weights(grads, wh.T, ww.T).astype(original_image.dtype, copy=False)


SCALE_AND_TRANSLATE = primitive("ScaleAndTranslate", _st_kernel, _resize_infer)
SCALE_AND_TRANSLATE_GRAD = primitive("ScaleAndTranslateGrad", _st_grad_kernel, _like_original)
SCALE_AND_TRANSLATE.grad = lambda n, g: (execute(SCALE_AND_TRANSLATE_GRAD, (g, n.inputs[0], n.inputs[2], n.inputs[3]),
                                                 n.attrs), None, None, None)
SCALE_AND_TRANSLATE_GRAD.grad = lambda n, g: (
    execute(SCALE_AND_TRANSLATE, (g, _shape_hw(n.inputs[0]), n.inputs[2], n.inputs[3]), n.attrs), None, None, None)


# -- tf.image.resize ---------------------------------------------------------------------------------
def check_images_and_size(images, size):
    """TF's checks of `images` (rank 3 or 4) and `size` (two int32 values): the batched images,
    whether a batch dimension was added, and size as an int32 tensor."""
    x = _as_tensor(images)
    rank = x.shape.rank
    if rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    size_t = convert_to_tensor(size)
    if size_t.shape.rank is not None and size_t.shape.as_list() != [2]:
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    if size_t.dtype != dtypes.int32:
        raise ValueError("'size' must be a 1-D int32 Tensor")
    return (x if rank == 4 else expand_dims(x, 0)), rank == 3, size_t


def aspect_preserving_size(batch, size_t):
    """The size that fits inside `size` keeping the image's aspect ratio, computed in float32 and
    rounded half to even as TF does; a constant when the height, width and size are known."""
    height, width = batch.shape[1], batch.shape[2]
    size = _const(size_t)
    if height is not None and width is not None and size is not None:
        f = np.float32
        factor = min(f(size[0]) / f(height), f(size[1]) / f(width))
        return convert_to_tensor([int(np.rint(factor * f(height))), int(np.rint(factor * f(width)))], dtypes.int32)
    from .math_ops2 import round as round_
    from .reduction_ops import reduce_min
    hw = cast(_shape_hw(batch), dtypes.float32)
    factor = reduce_min(cast(size_t, dtypes.float32) / hw)
    return cast(round_(factor * hw), dtypes.int32)


def resize(images, size, method="bilinear", preserve_aspect_ratio=False, antialias=False, name=None):
    """Resizes images (N, H, W, C) or one image (H, W, C) to `size` (new_height, new_width) with
    one of `tf.image.ResizeMethod`'s methods (TF 2's half-pixel sampling). The result is float32,
    but for "nearest", which keeps the input's dtype. `antialias` widens the kernel of a
    downscale (no effect on "nearest" and "area"); `preserve_aspect_ratio` fits the image inside
    `size`.

        >>> tf.image.resize(tf.ones([4, 4, 3]), (2, 2), method="lanczos3").shape
        TensorShape([2, 2, 3])
    """
    if method not in _METHODS:
        raise ValueError(f"Resize method is not implemented: {method}")
    batch, unbatched, size_t = check_images_and_size(images, size)
    if preserve_aspect_ratio:
        size_t = aspect_preserving_size(batch, size_t)
    half_pixel = {"align_corners": False, "half_pixel_centers": True}
    if method == "nearest":
        out = execute(RESIZE_NEAREST, (batch, size_t), half_pixel)
    elif method == "area":
        out = execute(RESIZE_AREA, (batch, size_t), {"align_corners": False})
    elif method in ("bilinear", "bicubic") and not antialias:
        out = execute(RESIZE_BILINEAR if method == "bilinear" else RESIZE_BICUBIC, (batch, size_t), half_pixel)
    else:
        kernel = {"bilinear": "triangle", "bicubic": "keyscubic"}.get(method, method)
        from .math_ops import divide
        scale = divide(cast(size_t, dtypes.float32), cast(_shape_hw(batch), dtypes.float32))
        out = execute(SCALE_AND_TRANSLATE, (batch, size_t, scale, convert_to_tensor([0.0, 0.0])),
                      {"kernel_type": kernel, "antialias": bool(antialias)})
    return squeeze(out, [0]) if unbatched else out
