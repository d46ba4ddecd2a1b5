"""`tf.sparse`: ops over `tf.SparseTensor` (numtf/framework/sparse_tensor.py).

Index bookkeeping (sorting, merging, slicing coordinates) runs on NumPy arrays; values move
through numtf ops (gather, segment sums, scatter), so `GradientTape` reaches them. One
primitive, `SparseToDense`, carries its own gradient and runs in traces too (the dense shape is
one of its inputs, as in TF). The other ops run eagerly (their index computations need concrete
values); inside a traced function, ops on a SparseTensor's `values` and `to_dense` work.

    >>> sp = tf.sparse.from_dense([[0, 1], [2, 0]])
    >>> tf.sparse.to_dense(tf.sparse.transpose(sp)).numpy().tolist()
    [[0, 2], [1, 0]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import primitive, execute
from . import array_ops, gather_ops, math_ops, reduction_ops, scan_ops
from .creation_ops import ones_like, zeros_like, fill
from .join_ops import concat as _concat
from .logic_ops import where
from .stack_ops import broadcast_to, conj

__all__ = ["SparseTensor", "to_dense", "from_dense", "reorder", "reshape", "add", "reduce_sum", "reduce_max",
           "sparse_dense_matmul", "matmul", "slice", "concat", "transpose", "retain", "fill_empty_rows",
           "expand_dims", "to_indicator", "map_values", "eye", "reset_shape"]


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _dims(a):
    return "[" + ",".join(str(int(d)) for d in a) + "]"


def _check(sp, what="sp_input"):
    if not isinstance(sp, SparseTensor):
        raise TypeError(f"Input must be a SparseTensor, got {type(sp).__name__} for {what}.")
    return sp


def _arrays(sp):
    return np.asarray(sp.indices, np.int64).reshape(-1, int(np.asarray(sp.dense_shape).size)), \
        np.asarray(sp.dense_shape, np.int64)


def _make(indices, values, shape):
    return SparseTensor(convert_to_tensor(np.asarray(indices, np.int64).reshape(-1, len(shape)), dtypes.int64),
                        values, convert_to_tensor(np.asarray(shape, np.int64), dtypes.int64))


def _take(values, perm):
    """values[perm] as an op (so the gradient reaches `values`)."""
    return gather_ops.gather_dense(values, convert_to_tensor(np.asarray(perm, np.int64), dtypes.int64))


def _linear(idx, shape):
    if not len(shape):
        return np.zeros(len(idx), np.int64)
    strides = np.ones(len(shape), np.int64)
    for i in range(len(shape) - 2, -1, -1):
        strides[i] = strides[i + 1] * shape[i + 1]
    return idx @ strides if len(idx) else np.zeros(0, np.int64)


# -- to_dense: the one primitive -------------------------------------------------------------------
def _to_dense_kernel(indices, values, default, shape, validate=True):
    if np.ndim(default) != 0:
        raise _err("SparseToDense", "default_value should be a scalar.")
    shape = np.asarray(shape, np.int64)
    out = np.full(tuple(shape), default, dtype=values.dtype)
    n = len(indices)
    if n:
        bad = np.any((indices < 0) | (indices >= shape), axis=1)
        lin = _linear(indices, shape)
        order_bad = np.zeros(n, bool)
        repeat = np.zeros(n, bool)
        if validate and n > 1:
            order_bad[1:] = lin[1:] < lin[:-1]
            repeat[1:] = lin[1:] == lin[:-1]
        for i in np.flatnonzero(bad | order_bad | repeat)[:1]:
            if bad[i]:
                raise _err("SparseToDense", f"indices[{i}] = {_dims(indices[i])} is out of bounds: need 0 <= "
                                            f"index < {_dims(shape)}")
            if order_bad[i]:
                raise _err("SparseToDense", f"indices[{i}] = {_dims(indices[i])} is out of order. Many sparse "
                                            "ops require sorted indices.\n    Use `tf.sparse.reorder` to create "
                                            "a correctly ordered copy.\n\n")
            raise _err("SparseToDense", f"indices[{i}] = {_dims(indices[i])} is repeated")
        out.reshape(-1)[lin] = values
    return out


def _to_dense_grad(n, g):
    idx = n.inputs[0]
    dv = gather_ops.gather_nd(g, idx)
    dd = math_ops.subtract(reduction_ops.reduce_sum(g), reduction_ops.reduce_sum(dv))
    return None, dv, dd, None


def _to_dense_infer(ins, attrs):
    # (the dense shape is an input, as in TF: its rank is static, its value known once run;
    # to_dense sets the static shape the SparseTensor knows)
    rank = ins[3].shape[0] if ins[3].shape.rank == 1 else None
    return [(TensorShape(None if rank is None else [None] * rank), ins[1].dtype)]


SPARSE_TO_DENSE = primitive("SparseToDense", _to_dense_kernel, _to_dense_infer, grad=_to_dense_grad)


def to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor: `values` at `indices`, `default_value` (zero) elsewhere.

        >>> tf.sparse.to_dense(tf.SparseTensor([[1]], [5], [3])).numpy().tolist()
        [0, 5, 0]
    """
    sp = _check(sp_input)
    v = sp.values
    if default_value is None:
        default = convert_to_tensor(b"" if v.dtype is dtypes.string else 0, v.dtype)
    else:
        default = convert_to_tensor(default_value, v.dtype)
    out = execute(SPARSE_TO_DENSE, (sp.indices, v, default, sp.dense_shape), {"validate": bool(validate_indices)})
    if isinstance(out, SymbolicTensor):  # traced: the static shape the SparseTensor knows
        out.set_shape(sp.shape)
    return out


def from_dense(tensor, name=None):
    """The nonzero (non-empty for strings) elements of a dense tensor, in row-major order.

        >>> tf.sparse.from_dense([0, 3, 0]).indices.numpy().tolist()
        [[1]]
    """
    t = convert_to_tensor(tensor)
    arr = np.asarray(t)
    mask = arr != (b"" if t.dtype is dtypes.string else 0)
    idx = np.argwhere(mask).astype(np.int64).reshape(-1, arr.ndim)
    values = gather_ops.gather_nd(t, convert_to_tensor(idx, dtypes.int64)) if arr.ndim else \
        array_ops.reshape(t, [-1])[:int(mask)]
    return _make(idx, values, arr.shape)


def reorder(sp_input, name=None):
    """The same sparse tensor with its indices in row-major (canonical) order."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    perm = np.argsort(_linear(idx, shape), kind="stable")
    return _make(idx[perm], _take(sp.values, perm), shape)


def reshape(sp_input, shape, name=None):
    """The same elements in a new dense shape (one dimension may be -1)."""
    sp = _check(sp_input)
    idx, old = _arrays(sp)
    new = np.asarray(shape.numpy() if isinstance(shape, Tensor) else shape, np.int64).reshape(-1)
    total = int(np.prod(old))
    unknown = np.flatnonzero(new == -1)
    if len(unknown) > 1:
        raise _err("SparseReshape", "only one output dimension may be -1, not both 0 and 1")
    if len(unknown):
        known = int(np.prod(new[new != -1]))
        if known == 0 or total % known:
            fixed = new.copy()
            fixed[unknown[0]] = 1
            raise _err("SparseReshape", f"Input to reshape is a SparseTensor with {total} dense values, but the "
                                        f"requested shape requires a multiple of {known}. input_shape={_dims(old)} "
                                        f"output_shape={_dims(fixed)}")
        new = new.copy()
        new[unknown[0]] = total // known
    if int(np.prod(new)) != total:
        raise _err("SparseReshape", f"Input to reshape is a tensor with {total} dense values, but the requested "
                                    f"shape has {int(np.prod(new))}. input_shape={_dims(old)} output_shape={_dims(new)}")
    lin = _linear(idx, old)
    out = np.stack(np.unravel_index(lin, tuple(new)), axis=1) if len(new) else np.zeros((len(lin), 0), np.int64)
    return _make(out, sp.values, new)


def _merge(indices, values, shape, drop_below=None):
    """Sums values sharing an index; the result is in canonical order."""
    lin = _linear(indices, shape)
    uniq, inv = np.unique(lin, return_inverse=True)
    summed = scan_ops.unsorted_segment_sum(values, convert_to_tensor(inv.astype(np.int64).reshape(-1), dtypes.int64),
                                           len(uniq))
    idx = np.stack(np.unravel_index(uniq, tuple(shape)), axis=1) if len(shape) else np.zeros((len(uniq), 0))
    if drop_below is not None and drop_below > 0:  # TF thresholds only the sums of coinciding entries
        counts = np.bincount(inv.reshape(-1), minlength=len(uniq))
        keep = np.flatnonzero((counts < 2) | (np.abs(np.asarray(summed)) >= drop_below))
        return _make(idx[keep], _take(summed, keep), shape)
    return _make(idx, summed, shape)


def add(a, b, threshold=0, name=None):
    """`a + b`: two SparseTensors give a SparseTensor (sums at shared indices; with `threshold`,
    sums of smaller magnitude are dropped); a SparseTensor and a dense tensor give a dense tensor."""
    if not isinstance(a, SparseTensor):
        a, b = b, a
    if not isinstance(a, SparseTensor):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add?")
    if not isinstance(b, SparseTensor):
        b = convert_to_tensor(b, a.dtype)
        return math_ops.add(to_dense(a, validate_indices=False), b)
    ia, sa = _arrays(a)
    ib, sb = _arrays(b)
    if len(sa) != len(sb) or np.any(sa != sb):
        if len(sa) != len(sb):
            raise _err("SparseAdd", f"Operands do not have the same ranks; got shapes: {_dims(sa)} and {_dims(sb)}")
        d = int(np.argmax(sa != sb))
        raise _err("SparseAdd", f"Operands' shapes do not match: got {sa[d]} and {sb[d]} for dimension {d}")
    values = _concat([a.values, b.values], 0)
    return _merge(np.concatenate([ia, ib]), values, sa, float(threshold))


def _cwise(sp, other, how):
    """sp * dense, sp / dense: the dense operand is read at sp's indices (TF's SparseDenseCwise ops)."""
    other = convert_to_tensor(other, sp.dtype) if not isinstance(other, (Tensor,)) else other
    if isinstance(other, SparseTensor):
        raise TypeError(f"SparseTensor {how} SparseTensor is not supported")
    if other.shape.rank == 0:
        picked = other
    else:
        full = broadcast_to(other, np.asarray(sp.dense_shape))
        picked = gather_ops.gather_nd(full, sp.indices)
    op = math_ops.multiply if how == "mul" else math_ops.truediv
    return sp.with_values(op(sp.values, picked))


def _reduce_axes(axis, rank):
    if axis is None:
        return list(range(rank))
    axes = [int(a) for a in np.ravel(np.asarray(axis.numpy() if isinstance(axis, Tensor) else axis))]
    return sorted({a % rank for a in axes})


def _reduced_structure(sp, dense_out, axis, keepdims):
    idx, shape = _arrays(sp)
    axes = _reduce_axes(axis, len(shape))
    keep = [d for d in range(len(shape)) if d not in axes]
    if keepdims:
        out_idx, out_shape = idx.copy(), shape.copy()
        out_idx[:, axes] = 0
        out_shape[axes] = 1
    else:
        out_idx, out_shape = idx[:, keep], shape[keep]
    lin = np.unique(_linear(out_idx, out_shape))
    pos = np.stack(np.unravel_index(lin, tuple(out_shape)), axis=1) if len(out_shape) else np.zeros((len(lin), 0))
    vals = gather_ops.gather_nd(dense_out, convert_to_tensor(pos.astype(np.int64), dtypes.int64))
    return _make(pos, vals, out_shape)


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """Sum of the elements over `axis` (missing elements count as zero); dense, or sparse when
    `output_is_sparse`."""
    sp = _check(sp_input)
    out = reduction_ops.reduce_sum(to_dense(sp, validate_indices=False), axis=axis, keepdims=bool(keepdims))
    return _reduced_structure(sp, out, axis, keepdims) if output_is_sparse else out


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """Max of the stored elements over `axis` (missing elements are ignored; an output with no
    stored input element is zero)."""
    sp = _check(sp_input)
    v = sp.values
    low = -np.inf if v.dtype.is_floating else np.iinfo(v.dtype.as_numpy_dtype).min
    dense = to_dense(sp, default_value=low, validate_indices=False)
    present = np.asarray(to_dense(sp.with_values(ones_like(v)), validate_indices=False)) != 0
    out = reduction_ops.reduce_max(dense, axis=axis, keepdims=bool(keepdims))
    any_present = np.any(present, axis=None if axis is None else tuple(_reduce_axes(axis, present.ndim)),
                         keepdims=bool(keepdims))
    out = where(convert_to_tensor(any_present), out, zeros_like(out))
    return _reduced_structure(sp, out, axis, keepdims) if output_is_sparse else out


def sparse_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """Sparse (rank 2) times dense matrix, as gather + multiply + segment sum (so the gradient
    reaches the sparse values and the dense operand). Either operand may be the sparse one."""
    if not isinstance(sp_a, SparseTensor):
        if not isinstance(b, SparseTensor):
            raise TypeError("sparse_dense_matmul needs a SparseTensor operand")
        # A @ S = (S^T @ A^T)^T
        out = sparse_dense_matmul(b, sp_a, adjoint_a=not adjoint_b, adjoint_b=not adjoint_a)
        return array_ops.transpose(out)
    a = sp_a
    b = convert_to_tensor(b, a.dtype)
    idx, shape = _arrays(a)
    if len(shape) != 2 or b.shape.rank != 2:
        raise ValueError("Shape must be rank 2 but is rank "
                         f"{len(shape) if len(shape) != 2 else b.shape.rank}")
    vals = a.values
    if a.dtype.is_complex and adjoint_a:
        vals = conj(vals)
    rows, cols = (idx[:, 1], idx[:, 0]) if adjoint_a else (idx[:, 0], idx[:, 1])
    m, k = (shape[1], shape[0]) if adjoint_a else (shape[0], shape[1])
    if adjoint_b:
        b = array_ops.transpose(conj(b) if b.dtype.is_complex else b)
    if b.shape[0] != k:
        raise _err("SparseTensorDenseMatMul",
                   f"Cannot multiply A and B because inner dimension does not match: {k} vs. {b.shape[0]}.  Did "
                   f"you forget a transpose?  Dimensions of A: [{shape[0]}, {shape[1]}).  Dimensions of B: "
                   f"[{b.shape[0]},{b.shape[1]}]")
    if len(rows) and (rows.min() < 0 or rows.max() >= m or cols.min() < 0 or cols.max() >= k):
        bad = int(np.argmax((rows < 0) | (rows >= m) | (cols < 0) | (cols >= k)))
        raise _err("SparseTensorDenseMatMul", f"k ({k}) from index[{bad},{1 if adjoint_a else 0}] out of bounds")
    picked = gather_ops.gather_dense(b, convert_to_tensor(cols, dtypes.int64))
    terms = math_ops.multiply(array_ops.expand_dims(vals, 1), picked)
    return scan_ops.unsorted_segment_sum(terms, convert_to_tensor(rows, dtypes.int64), int(m))


matmul = sparse_dense_matmul


def slice(sp_input, start, size, name=None):  # noqa: A001 - TF's name
    """The elements in the box [start, start + size) (clipped to the dense shape), shifted to 0."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    start = np.asarray(start, np.int64).reshape(-1)
    size = np.asarray(size, np.int64).reshape(-1)
    end = np.minimum(start + size, shape)
    keep = np.flatnonzero(np.all((idx >= start) & (idx < end), axis=1))
    return _make(idx[keep] - start, _take(sp.values, keep), np.maximum(end - start, 0))


def concat(axis, sp_inputs, expand_nonconcat_dims=False, concat_dim=None, name=None):
    """Joins SparseTensors along `axis`; the other dimensions must match (or, with
    `expand_nonconcat_dims`, take the largest)."""
    if concat_dim is not None:
        axis = concat_dim
    sps = [_check(s, "sp_inputs") for s in sp_inputs]
    arrs = [_arrays(s) for s in sps]
    rank = len(arrs[0][1])
    axis = int(axis) % rank
    shapes = np.stack([s for _, s in arrs])
    other = [d for d in range(rank) if d != axis]
    if expand_nonconcat_dims:
        out_shape = shapes.max(axis=0)
    else:
        out_shape = shapes[0].copy()
        for i, s in enumerate(shapes[1:], 1):
            if np.any(s[other] != out_shape[other]):
                raise _err("SparseConcat", f"Input shapes must match: expected {_dims(out_shape)} for "
                                           f"dimension 0 but got {_dims(s)} at position {i}")
    out_shape[axis] = shapes[:, axis].sum()
    offsets = np.concatenate([[0], np.cumsum(shapes[:, axis])[:-1]])
    idx = []
    for (i, _), off in zip(arrs, offsets):
        i = i.copy()
        i[:, axis] += off
        idx.append(i)
    idx = np.concatenate(idx) if idx else np.zeros((0, rank), np.int64)
    values = _concat([s.values for s in sps], 0)
    perm = np.argsort(_linear(idx, out_shape), kind="stable")
    return _make(idx[perm], _take(values, perm), out_shape)


def transpose(sp_input, perm=None, name=None):
    """Permutes the dimensions (reverses them by default); the result is in canonical order."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    perm = np.arange(len(shape))[::-1] if perm is None else np.asarray(perm, np.int64).reshape(-1)
    idx, shape = idx[:, perm], shape[perm]
    order = np.argsort(_linear(idx, shape), kind="stable")
    return _make(idx[order], _take(sp.values, order), shape)


def retain(sp_input, to_retain):
    """The elements where the boolean vector `to_retain` is True."""
    sp = _check(sp_input)
    mask = np.asarray(to_retain, bool).reshape(-1)
    n = np.asarray(sp.indices).shape[0]
    if mask.size != n:
        raise ValueError(f"Dimensions {n} and {mask.size} are not compatible")
    keep = np.flatnonzero(mask)
    idx, shape = _arrays(sp)
    return _make(idx[keep], _take(sp.values, keep), shape)


def fill_empty_rows(sp_input, default_value, name=None):
    """Adds `default_value` at [row, 0, ...] for every row with no element; returns the filled
    tensor and the boolean indicator of the rows that were empty."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    nrows = int(shape[0])
    empty = np.ones(nrows, bool)
    empty[idx[:, 0]] = False
    new_rows = np.flatnonzero(empty)
    fill_idx = np.zeros((len(new_rows), len(shape)), np.int64)
    fill_idx[:, 0] = new_rows
    default = convert_to_tensor(default_value, sp.dtype)
    values = _concat([sp.values, fill([len(new_rows)], default)], 0)
    all_idx = np.concatenate([idx, fill_idx])
    order = np.argsort(all_idx[:, 0], kind="stable")
    return _make(all_idx[order], _take(values, order), shape), convert_to_tensor(empty)


def expand_dims(sp_input, axis=None, name=None):
    """Inserts a dimension of size 1 at `axis`."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    axis = -1 if axis is None else int(axis)
    rank = len(shape)
    if not -rank - 1 <= axis <= rank:
        raise ValueError(f"Axis {axis} out of range for a SparseTensor of rank {rank}")
    axis %= rank + 1
    idx = np.insert(idx, axis, 0, axis=1)
    shape = np.insert(shape, axis, 1)
    return _make(idx, sp.values, shape)


def to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor [..., vocab_size]: True at (the index's leading coordinates, value)
    for every stored value (of an integer SparseTensor)."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    vals = np.asarray(sp.values).astype(np.int64)
    out = np.zeros(tuple(shape[:-1]) + (int(vocab_size),), bool)
    out[tuple(idx[:, :-1].T) + (vals,)] = True
    return convert_to_tensor(out)


def map_values(op, *args, **kwargs):
    """`op` applied to the values of the SparseTensor arguments (which must share indices)."""
    found = [a for a in list(args) + list(kwargs.values()) if isinstance(a, SparseTensor)]
    if not found:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = found[0]
    ref = np.asarray(first.indices)
    for s in found[1:]:
        if not np.array_equal(np.asarray(s.indices), ref):
            raise InvalidArgumentError(None, "map_values", "Condition x == y did not hold.")
    args = [a.values if isinstance(a, SparseTensor) else a for a in args]
    kwargs = {k: v.values if isinstance(v, SparseTensor) else v for k, v in kwargs.items()}
    return first.with_values(op(*args, **kwargs))


def eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    """A sparse identity matrix."""
    num_rows = int(num_rows)
    num_columns = num_rows if num_columns is None else int(num_columns)
    n = min(num_rows, num_columns)
    idx = np.stack([np.arange(n), np.arange(n)], axis=1)
    return _make(idx, convert_to_tensor(np.ones(n), dtypes.as_dtype(dtype)), [num_rows, num_columns])


def reset_shape(sp_input, new_shape=None):
    """The same elements in a (no smaller) dense shape; by default the tightest shape."""
    sp = _check(sp_input)
    idx, shape = _arrays(sp)
    if new_shape is None:
        new = idx.max(axis=0) + 1 if len(idx) else np.zeros(len(shape), np.int64)
    else:
        new = np.asarray(new_shape, np.int64).reshape(-1)
        if np.any(new < shape):
            raise _err("SparseReset", "new_shape must be no smaller than the current shape")
    return _make(idx, sp.values, new)
