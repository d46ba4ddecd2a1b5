"""Sorting ops: sort, argsort, top_k, unique. Each primitive sits beside its gradient.

    >>> tf.sort([3, 1, 2]).numpy()
    array([1, 2, 3], dtype=int32)
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _err, _raise, _scalar_int
from .registry import primitive, no_gradient, execute, execute_unary, _tf_type_name

# top_k is tf.math.top_k / tf.nn.top_k only (not top level).
__all__ = ["sort", "argsort", "unique", "unique_with_counts"]


# -- sort, argsort, top_k ----------------------------------------------------------------------
def _argsort_kernel(x, axis, descending):
    if not descending:
        return np.argsort(x, axis=axis, kind="stable").astype(np.int32)
    if x.dtype.kind in "fc":
        return np.argsort(-x, axis=axis, kind="stable").astype(np.int32)  # NaN stays last
    # ints: a stable descending order without negating (which overflows the minimum)
    idx = np.flip(np.argsort(np.flip(x, axis), axis=axis, kind="stable"), axis)
    return (x.shape[axis] - 1 - idx).astype(np.int32)


ARGSORT = primitive("ArgSort", _argsort_kernel, lambda ins, a: [(ins[0].shape, dtypes.int32)])
no_gradient(ARGSORT, "indices are integers")


def _take_along(x, idx, axis):
    return execute(TAKE_ALONG, (x, idx), {"axis": axis})


def _put_along_kernel(g, idx, like, axis):
    out = np.zeros(np.shape(like), g.dtype)
    np.put_along_axis(out, idx, g, axis)
    return out


TAKE_ALONG = primitive("TakeAlongAxis", lambda x, idx, axis: np.take_along_axis(x, idx, axis),
                       lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                       grad=lambda n, g: (execute(PUT_ALONG, (g, n.inputs[1], n.inputs[0]), n.attrs), None))
# Scatters into zeros at distinct positions (sort and top_k indices never repeat).
PUT_ALONG = primitive("PutAlongAxis", _put_along_kernel, lambda ins, a: [(ins[2].shape, ins[0].dtype)],
                      grad=lambda n, g: (_take_along(g, n.inputs[1], n.attrs["axis"]), None, None))


def _check_direction(direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction={direction}")
    return direction == "DESCENDING"


_NEG_TYPES = ("bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64", "complex64",
              "complex128")


def _dtype_check(op, t, allowed):
    """TF's error for a dtype outside an op's list (tf.sort is TopKV2, after Neg when ascending)."""
    if t.dtype.name not in allowed:
        names = ", ".join(_tf_type_name(dtypes.as_dtype(n)) for n in allowed)
        raise _err(op, f"Value for attr 'T' of {_tf_type_name(t.dtype)} is not in the list of allowed values: "
                       f"{names}\n\t; NodeDef: {{{{node {op}}}}}")


def _sort_setup(values, axis, direction):
    t = _as_tensor(values)
    desc = _check_direction(direction)
    if t.dtype.name not in _TOPK_TYPES:
        if not desc and t.dtype.name in ("bool", "string"):  # ascending negates first
            _dtype_check("Neg", t, _NEG_TYPES)
        _dtype_check("TopKV2", t, _TOPK_TYPES)
    axis = _scalar_int(axis, "axis")
    r = t.shape.rank
    if r is not None:
        if r == 0:
            _raise("TopKV2", "input must be >= 1-D, got shape []", type(t) is not Tensor)
        if not -r <= axis < r:
            _raise("TopKV2", f"axis {axis} is out of range for rank {r}", type(t) is not Tensor)
        axis %= r
    return t, execute_unary(ARGSORT, t, {"axis": axis, "descending": desc}), axis


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """Sorts along `axis` (NaN last); differentiable.

        >>> tf.sort([3., 1., 2.], direction='DESCENDING').numpy()
        array([3., 2., 1.], dtype=float32)
    """
    t, idx, axis = _sort_setup(values, axis, direction)
    return _take_along(t, idx, axis)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort `values` along `axis` (always stable: ties keep their order).

        >>> tf.argsort([1, 3, 1, 2]).numpy()
        array([0, 2, 3, 1], dtype=int32)
    """
    return _sort_setup(values, axis, direction)[1]


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])
_TOPK_TYPES = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64", "bfloat16", "uint16",
               "float16", "uint32", "uint64")


def _top_k_kernel(x, k, index_type):
    if np.ndim(x) == 0:
        raise _err("TopKV2", "input must be >= 1-D, got shape []")
    if k < 0:
        raise _err("TopKV2", f"Need k >= 0, got {k}")
    if x.shape[-1] < k:
        raise _err("TopKV2", f"input must have at least k columns. Had {x.shape[-1]}, needed {k}")
    idx = _argsort_kernel(x, -1, True)[..., :k].astype(index_type)
    return np.take_along_axis(x, idx, -1), idx


def _top_k_infer(ins, attrs):
    s = ins[0].shape
    dims = None if s.rank is None else list(s)[:-1] + [attrs["k"]]
    return [(TensorShape(dims), ins[0].dtype), (TensorShape(dims), dtypes.as_dtype(attrs["index_type"]))]


def _top_k_grad(n, g, gi):
    return execute(PUT_ALONG, (g, n.outputs[1], n.inputs[0]), {"axis": -1})


TOP_K = primitive("TopKV2", _top_k_kernel, _top_k_infer, num_outputs=2, grad=_top_k_grad)


def top_k(input, k=1, sorted=True, index_type=dtypes.int32, name=None):
    """The `k` largest entries of the last axis and their indices (ties: lower index first),
    as a namedtuple `(values, indices)`. `tf.math.top_k`.

        >>> tf.math.top_k([1., 3., 2.], k=2).indices.numpy()
        array([1, 2], dtype=int32)
    """
    t = _as_tensor(input)
    _dtype_check("TopKV2", t, _TOPK_TYPES)
    k = _scalar_int(k, "k")
    return TopKV2(*execute(TOP_K, (t,), {"k": k, "index_type": dtypes.as_dtype(index_type)._np}))


# -- unique ------------------------------------------------------------------------------------
def _unique_kernel(x, out_idx, counts=False):
    if np.ndim(x) != 1:
        raise _err("UniqueWithCounts" if counts else "Unique", "unique expects a 1D vector.")
    kw = {"equal_nan": False} if x.dtype.kind in "fc" else {}
    _, first, inv, cnt = np.unique(x, return_index=True, return_inverse=True, return_counts=True, **kw)
    order = np.argsort(first, kind="stable")  # TF lists values in order of first appearance
    pos = np.empty_like(order)
    pos[order] = np.arange(order.size)
    out = (x[first[order]], pos[inv.reshape(-1)].astype(out_idx))
    return out + (cnt[order].astype(out_idx),) if counts else out


def _unique_infer(ins, attrs, n=2):
    idx = dtypes.as_dtype(attrs["out_idx"])
    return [(TensorShape([None]), ins[0].dtype), (ins[0].shape, idx), (TensorShape([None]), idx)][:n]


UNIQUE = primitive("Unique", _unique_kernel, _unique_infer, num_outputs=2)
UNIQUE_COUNTS = primitive("UniqueWithCounts", lambda x, out_idx: _unique_kernel(x, out_idx, True),
                          lambda ins, a: _unique_infer(ins, a, 3), num_outputs=3)
no_gradient(UNIQUE, "TensorFlow registers no gradient for Unique")
no_gradient(UNIQUE_COUNTS, "TensorFlow registers no gradient for UniqueWithCounts")
Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def unique(x, out_idx=dtypes.int32, name=None):
    """The distinct values of a 1-D tensor in order of appearance, and for each element the
    index of its value: a namedtuple `(y, idx)`.

        >>> tf.unique([3, 1, 3]).y.numpy()
        array([3, 1], dtype=int32)
    """
    return Unique(*execute(UNIQUE, (_as_tensor(x),), {"out_idx": dtypes.as_dtype(out_idx)._np}))


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """Like `tf.unique`, plus how often each value occurs: `(y, idx, count)`."""
    return UniqueWithCounts(*execute(UNIQUE_COUNTS, (_as_tensor(x),), {"out_idx": dtypes.as_dtype(out_idx)._np}))
