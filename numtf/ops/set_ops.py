"""`tf.sets`: set operations along the last dimension (TensorFlow 2.21 semantics).

Every index of the leading dimensions names one set: the distinct values of `a[i, j, ..., :]`
(dense) or of the SparseTensor values whose indices start with `[i, j, ...]`. `intersection`,
`union` and `difference` return a `tf.SparseTensor` whose row for each such index lists the
result set in ascending order (strings bytewise), with `dense_shape = leading dims + [largest
result set]`; `size` gives the number of distinct values of each set of a SparseTensor (int32).
Integer (8 to 64 bit, uint8, uint16) and string values only. None of these ops has a gradient
(as in TF). They are primitives, so they work eagerly and inside `tf.function`.

    >>> r = tf.sets.intersection(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[2, 3, 9], [6, 6, 7]]))
    >>> r.indices.numpy().tolist(), r.values.numpy().tolist(), r.dense_shape.numpy().tolist()
    ([[0, 0], [0, 1], [1, 0]], [2, 3, 6], [2, 2])
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import primitive, no_gradient, execute

__all__ = ["intersection", "union", "difference", "size"]

# In the order TF prints its frozenset of supported dtypes.
_SUPPORTED = (dtypes.int32, dtypes.uint8, dtypes.int16, dtypes.int8, dtypes.string, dtypes.int64, dtypes.uint16)


def _dims(shape):
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _dense_sets(x, op):
    """(leading shape, {linear index: set of values}) of a dense tensor."""
    if x.ndim < 2:
        raise _err(op, f"Shape {_dims(x.shape)} has rank {x.ndim} < 2")
    rows = x.reshape(int(np.prod(x.shape[:-1])), x.shape[-1])
    return tuple(x.shape[:-1]), {g: set(r.tolist()) for g, r in enumerate(rows)}


def _sparse_sets(indices, values, shape, validate, op):
    """(leading shape, {linear index: set of values}) of a SparseTensor's arrays."""
    rank = len(shape)
    if rank < 2:
        raise _err(op, f"Invalid rank {rank}.")
    indices = indices.reshape(-1, rank)
    if validate and len(indices):
        bad = np.flatnonzero(((indices < 0) | (indices >= shape)).any(axis=1))
        if bad.size:
            i = int(bad[0])
            raise _err(op, f"indices[{i}] = {_dims(indices[i])} is out of bounds: need 0 <= index < {_dims(shape)}")
        for i in range(1, len(indices)):
            prev, cur = tuple(indices[i - 1].tolist()), tuple(indices[i].tolist())
            if cur == prev:
                raise _err(op, f"indices[{i}] = {_dims(cur)} is repeated")
            if cur < prev:
                raise _err(op, f"indices[{i}] = {_dims(cur)} is out of order. Many sparse ops require sorted "
                           "indices.\n    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n")
    lead = tuple(int(d) for d in shape[:-1])
    strides = np.cumprod((1,) + lead[:0:-1])[::-1] if lead else np.zeros(0, np.int64)
    linear = (indices[:, :-1] * np.asarray(strides, np.int64)).sum(axis=1) if len(indices) else np.zeros(0, np.int64)
    sets = {}
    for g, v in zip(linear.tolist(), values.tolist()):
        sets.setdefault(g, set()).add(v)
    return lead, sets


def _combine(lead_a, sets_a, lead_b, sets_b, how, op):
    if lead_a != lead_b:
        raise _err(op, f"Mismatched shapes {_dims(lead_a)} vs {_dims(lead_b)}")
    empty = set()
    fn = {"intersection": set.intersection, "union": set.union, "a-b": set.difference,
          "b-a": lambda x, y: y - x}[how]
    rows, values, width = [], [], 0
    for g in sorted(set(sets_a) | set(sets_b)):
        result = sorted(fn(sets_a.get(g, empty), sets_b.get(g, empty)))
        if result:
            rows.append((g, len(result)))
            values.extend(result)
            width = max(width, len(result))
    return rows, values, width


def _sparse_result(lead, rows, values, width, dtype):
    n = len(values)
    indices = np.zeros((n, len(lead) + 1), np.int64)
    if n:
        groups = np.repeat(np.asarray([g for g, _ in rows], np.int64), [k for _, k in rows])
        indices[:, :-1] = np.stack(np.unravel_index(groups, lead), axis=1)
        indices[:, -1] = np.concatenate([np.arange(k) for _, k in rows])
    vals = np.array(values, dtype) if n else np.zeros(0, dtype)
    return indices, vals, np.asarray(lead + (width,), np.int64)


def _dd_kernel(a, b, set_operation, validate_indices):
    op = "DenseToDenseSetOperation"
    la, sa = _dense_sets(a, op)
    lb, sb = _dense_sets(b, op)
    lead = la
    return _sparse_result(lead, *_combine(la, sa, lb, sb, set_operation, op), a.dtype)


def _ds_kernel(a, bi, bv, bs, set_operation, validate_indices):
    op = "DenseToSparseSetOperation"
    la, sa = _dense_sets(a, op)
    lb, sb = _sparse_sets(bi, bv, bs, validate_indices, op)
    return _sparse_result(la, *_combine(la, sa, lb, sb, set_operation, op), a.dtype)


def _ss_kernel(ai, av, ashape, bi, bv, bs, set_operation, validate_indices):
    op = "SparseToSparseSetOperation"
    la, sa = _sparse_sets(ai, av, ashape, validate_indices, op)
    lb, sb = _sparse_sets(bi, bv, bs, validate_indices, op)
    return _sparse_result(la, *_combine(la, sa, lb, sb, set_operation, op), av.dtype)


def _result_infer(rank_of, dtype_of):
    def infer(ins, attrs):
        rank = rank_of(ins)
        return [(TensorShape([None, rank]), dtypes.int64), (TensorShape([None]), ins[dtype_of].dtype),
                (TensorShape([rank]), dtypes.int64)]
    return infer


DENSE_DENSE = primitive("DenseToDenseSetOperation", _dd_kernel, _result_infer(lambda ins: ins[0].shape.rank, 0),
                        num_outputs=3)
DENSE_SPARSE = primitive("DenseToSparseSetOperation", _ds_kernel,
                         _result_infer(lambda ins: ins[0].shape.rank, 0), num_outputs=3)
SPARSE_SPARSE = primitive("SparseToSparseSetOperation", _ss_kernel,
                          _result_infer(lambda ins: ins[0].shape[1], 1), num_outputs=3)


def _size_kernel(indices, values, shape, validate_indices):
    lead, sets = _sparse_sets(indices, values, shape, validate_indices, "SetSize")
    out = np.zeros(int(np.prod(lead)), np.int32)
    for g, s in sets.items():
        out[g] = len(s)
    return out.reshape(lead)


def _size_infer(ins, attrs):
    rank = ins[0].shape[1]
    return [(TensorShape(None if rank is None else [None] * (rank - 1)), dtypes.int32)]


SET_SIZE = primitive("SetSize", _size_kernel, _size_infer)
for _op in (DENSE_DENSE, DENSE_SPARSE, SPARSE_SPARSE, SET_SIZE):
    no_gradient(_op, "set operations are not differentiable (as in TF)")


def _check_dtype(t, which):
    if t.dtype not in _SUPPORTED:
        raise TypeError(f"{which} dtype `{t.dtype}` not in supported dtypes: `frozenset({{"
                        + ", ".join(repr(d) for d in _SUPPORTED) + "})`.")


def _convert(x):
    return x if isinstance(x, SparseTensor) else convert_to_tensor(x)


def size(a, validate_indices=True):
    """The number of distinct values of each set (the last dimension) of a SparseTensor, as int32
    with the leading dimensions' shape.

        >>> tf.sets.size(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [7, 7, 3], [2, 3])).numpy().tolist()
        [1, 1]
    """
    if not isinstance(a, SparseTensor):
        raise TypeError(f"Expected `SparseTensor`, got {str(a)}.")
    _check_dtype(a.values, "Invalid")
    return execute(SET_SIZE, (a.indices, a.values, a.dense_shape), {"validate_indices": bool(validate_indices)})


def _set_operation(a, b, how, validate_indices):
    a, b = _convert(a), _convert(b)
    _check_dtype(a.values if isinstance(a, SparseTensor) else a, "'a' has invalid")
    if a.dtype is not b.dtype:
        raise TypeError(f"Types don't match, {a.dtype} vs {b.dtype}.")
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):  # TF's ops take the dense one first
        a, b = b, a
        how = {"a-b": "b-a", "b-a": "a-b"}.get(how, how)
    attrs = {"set_operation": how, "validate_indices": bool(validate_indices)}
    if isinstance(a, SparseTensor):
        outs = execute(SPARSE_SPARSE, (a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape), attrs)
    elif isinstance(b, SparseTensor):
        outs = execute(DENSE_SPARSE, (a, b.indices, b.values, b.dense_shape), attrs)
    else:
        outs = execute(DENSE_DENSE, (a, b), attrs)
    return SparseTensor(*outs)


def intersection(a, b, validate_indices=True):
    """The values in both `a` and `b`, per set (dense tensors or SparseTensors of the same leading
    shape).

        >>> tf.sets.intersection([[1, 2, 3]], [[3, 1, 5]]).values.numpy().tolist()
        [1, 3]
    """
    return _set_operation(a, b, "intersection", validate_indices)


def union(a, b, validate_indices=True):
    """The values in `a` or `b`, per set.

        >>> tf.sets.union([[1, 2]], [[3, 1]]).values.numpy().tolist()
        [1, 2, 3]
    """
    return _set_operation(a, b, "union", validate_indices)


def difference(a, b, aminusb=True, validate_indices=True):
    """The values of `a` not in `b` (or of `b` not in `a` when `aminusb` is False), per set.

        >>> tf.sets.difference([[1, 2, 3]], [[3, 5]]).values.numpy().tolist()
        [1, 2]
    """
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)
