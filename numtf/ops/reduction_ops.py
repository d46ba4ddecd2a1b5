"""Reductions: reduce_sum/mean/max/min/prod/any/all/logsumexp, argmax/argmin, cumsum.

    >>> tf.reduce_sum([[1, 2], [3, 4]], axis=0).numpy().tolist()
    [4, 6]
"""
import numpy as np

from ..framework.tensor import Tensor
from .array_ops import _as_tensor, broadcast_like, reshape_like
from .registry import primitive, defgrad, execute_unary
from .shape_rules import reduce_infer, normalize_axes

__all__ = ["reduce_sum"]


def _axis_attr(axis):
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = axis.numpy()
    if np.ndim(axis) == 0:
        return (int(axis),)
    return tuple(int(a) for a in np.ravel(axis))


def _sum_kernel(x, axis, keepdims):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype if x.dtype.kind != "b" else None)


def _restore_reduced(g, n):
    """Reshapes a reduction's gradient so it broadcasts back against the input."""
    x = n.inputs[0]
    if n.attrs["keepdims"]:
        return g
    rank = x.shape.rank
    axes = normalize_axes(n.attrs["axis"], rank)
    return execute_unary(KEEP_DIMS, g, {"axes": axes})


KEEP_DIMS = primitive("ExpandReducedDims", lambda g, axes: np.expand_dims(g, axes),
                      infer=lambda ins, a: [(_expanded_shape(ins[0].shape, a["axes"]), ins[0].dtype)],
                      grad=lambda n, g: reshape_like(g, n.inputs[0]))


def _expanded_shape(shape, axes):
    from ..framework.tensor_shape import TensorShape
    if shape.rank is None:
        return TensorShape(None)
    dims = list(shape)
    for a in sorted(axes):
        dims.insert(a, 1)
    return TensorShape(dims)


SUM = primitive("Sum", _sum_kernel, reduce_infer,
                grad=lambda n, g: broadcast_like(_restore_reduced(g, n), n.inputs[0]))


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum over `axis` (all axes when None).

        >>> tf.reduce_sum([[1., 2.], [3., 4.]])
        <tf.Tensor: shape=(), dtype=float32, numpy=10.0>
    """
    t = _as_tensor(input_tensor)
    rank = t.shape.rank
    axis = _axis_attr(axis)
    if rank is not None:
        try:
            axis = normalize_axes(axis, rank)
        except ValueError as e:
            if type(t) is Tensor:
                from ..framework.errors import InvalidArgumentError
                raise InvalidArgumentError(None, "Sum", f"{e} [Op:Sum]") from None
            raise
    return execute_unary(SUM, t, {"axis": axis, "keepdims": bool(keepdims)})
