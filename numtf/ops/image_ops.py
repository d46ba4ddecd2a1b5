"""Image resizing: `tf.image.resize` (bilinear and nearest neighbour, TF 2's half-pixel centers).

The kernels are TF's ops, ResizeBilinear and ResizeNearestNeighbor (half_pixel_centers=True), with
their gradient ops; each resize is linear in the image: a (new, old) weight matrix per spatial
axis, built from the runtime size (images of a dataset differ), applied with two products.

    >>> tf.image.resize(tf.ones([1, 4, 4, 1]), (2, 2)).shape
    TensorShape([1, 2, 2, 1])
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, expand_dims, squeeze
from .convert import convert_to_tensor
from .registry import primitive, execute
from .stack_ops import cast

__all__ = []  # public names live in tf.image

_METHODS = ("bilinear", "nearest")


def _axis_weights(in_size, out_size, method, dtype):
    """(out_size, in_size) interpolation weights along one axis, as TF computes them: source
    coordinate (i + 0.5) * in/out - 0.5, linear between its two neighbours (clamped at the edges),
    or the pixel containing (i + 0.5) * in/out for nearest."""
    w = np.zeros((out_size, in_size), dtype)
    if in_size == 0 or out_size == 0:
        return w
    scale = in_size / out_size
    rows = np.arange(out_size)
    if method == "nearest":
        w[rows, np.minimum(np.floor((rows + 0.5) * scale).astype(np.int64), in_size - 1)] = 1
        return w
    src = (rows + 0.5) * scale - 0.5
    below = np.floor(src)
    lerp = (src - below).astype(dtype)
    lower = np.clip(below, 0, in_size - 1).astype(np.int64)
    upper = np.clip(np.ceil(src), 0, in_size - 1).astype(np.int64)
    np.add.at(w, (rows, lower), 1 - lerp)
    np.add.at(w, (rows, upper), lerp)
    return w


def _apply(x, wh, ww):
    """x (N, H, W, C) -> (N, h, w, C) with wh (h, H) and ww (w, W)."""
    t = np.einsum("ip,npqc->niqc", wh, x, optimize=True)
    return np.einsum("jq,niqc->nijc", ww, t, optimize=True)


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


def _resize_kernel(method):
    op = "ResizeBilinear" if method == "bilinear" else "ResizeNearestNeighbor"

    def kernel(images, size, align_corners=False, half_pixel_centers=True):
        _check_images(op, images)
        h, w = _size(op, size)
        x = images if method == "nearest" or images.dtype == np.float64 else images.astype(np.float32)
        if method == "nearest":  # a selection: keeps the dtype and the exact values
            rows = np.minimum(np.floor((np.arange(h) + 0.5) * (images.shape[1] / h)).astype(np.int64),
                              images.shape[1] - 1)
            cols = np.minimum(np.floor((np.arange(w) + 0.5) * (images.shape[2] / w)).astype(np.int64),
                              images.shape[2] - 1)
            return np.ascontiguousarray(images[:, rows][:, :, cols])
        dtype = x.dtype
        return _apply(x, _axis_weights(x.shape[1], h, method, dtype), _axis_weights(x.shape[2], w, method, dtype))
    return kernel


def _grad_kernel(method):
    def kernel(grads, original_image, align_corners=False, half_pixel_centers=True):
        _, height, width, _ = original_image.shape
        dtype = grads.dtype
        wh = _axis_weights(height, grads.shape[1], method, dtype)
        ww = _axis_weights(width, grads.shape[2], method, dtype)
        return _apply(grads, wh.T, ww.T).astype(original_image.dtype, copy=False)
    return kernel


def _resize_infer(ins, attrs):
    x = ins[0].shape
    size = ins[1].op.attrs.get("value") if ins[1].op.op.name == "Const" else None
    h, w = (None, None) if size is None else (int(size[0]), int(size[1]))
    dtype = ins[0].dtype if ins[0].dtype in (dtypes.float64,) else dtypes.float32
    return [(TensorShape([x[0] if x.rank else None, h, w, x[3] if x.rank else None]), dtype)]


def _nearest_infer(ins, attrs):
    (shape, _), = _resize_infer(ins, attrs)
    return [(shape, ins[0].dtype)]


RESIZE_BILINEAR = primitive("ResizeBilinear", _resize_kernel("bilinear"), _resize_infer)
RESIZE_NEAREST = primitive("ResizeNearestNeighbor", _resize_kernel("nearest"), _nearest_infer)
RESIZE_BILINEAR_GRAD = primitive("ResizeBilinearGrad", _grad_kernel("bilinear"),
                                 lambda ins, attrs: [(ins[1].shape, ins[1].dtype)])
RESIZE_NEAREST_GRAD = primitive("ResizeNearestNeighborGrad", _grad_kernel("nearest"),
                                lambda ins, attrs: [(ins[1].shape, ins[1].dtype)])

# Each resize is linear in the image, and its gradient op is its transpose: each is the other's
# adjoint (the gradient of a gradient op resizes again).
RESIZE_BILINEAR.grad = lambda n, g: (execute(RESIZE_BILINEAR_GRAD, (g, n.inputs[0]), n.attrs), None)
RESIZE_NEAREST.grad = lambda n, g: (execute(RESIZE_NEAREST_GRAD, (g, n.inputs[0]), n.attrs), None)
RESIZE_BILINEAR_GRAD.grad = lambda n, g: (execute(RESIZE_BILINEAR, (g, _shape_hw(n.inputs[0])), n.attrs), None)
RESIZE_NEAREST_GRAD.grad = lambda n, g: (execute(RESIZE_NEAREST, (g, _shape_hw(n.inputs[0])), n.attrs), None)


def _shape_hw(t):
    from .array_ops import shape
    from .indexing_ops import strided_slice
    return strided_slice(shape(t), [1], [3], [1])


def resize(images, size, method="bilinear", preserve_aspect_ratio=False, antialias=False, name=None):
    """Resizes images (N, H, W, C) or one image (H, W, C) to `size` (new_height, new_width): float32
    results for "bilinear", the input dtype for "nearest" (TF 2's rules, half-pixel centers).

        >>> tf.image.resize(tf.ones([4, 4, 3]), (2, 2)).shape
        TensorShape([2, 2, 3])
    """
    if method not in _METHODS:
        raise ValueError(f"Resize method is not implemented: [{method}] (numtf has {', '.join(_METHODS)})")
    if preserve_aspect_ratio or antialias:
        raise NotImplementedError("tf.image.resize: numtf has no `preserve_aspect_ratio` or `antialias` yet")
    x = _as_tensor(images)
    rank = x.shape.rank
    if rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    size_t = convert_to_tensor(size, dtypes.int32)
    if size_t.shape.rank is not None and size_t.shape.as_list() != [2]:
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    batch = x if rank == 4 else expand_dims(x, 0)
    if method == "bilinear":
        if batch.dtype not in (dtypes.float32, dtypes.float64):
            batch = cast(batch, dtypes.float32)
        out = execute(RESIZE_BILINEAR, (batch, size_t), {"align_corners": False, "half_pixel_centers": True})
        if out.dtype != dtypes.float32:
            out = cast(out, dtypes.float32)
    else:
        out = execute(RESIZE_NEAREST, (batch, size_t), {"align_corners": False, "half_pixel_centers": True})
    return out if rank == 4 else squeeze(out, [0])
