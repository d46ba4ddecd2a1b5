"""`tf.ragged`: building ragged tensors and the ops over them (numtf/framework/ragged_tensor.py).

Row partitions are NumPy arrays computed eagerly; values move through numtf ops (gather,
segment reductions, scatter), so gradients reach them. Elementwise math maps over the flat
values; tf.reduce_* and tf.concat reach `_dispatch_*` here through `RaggedTensor._numtf_dispatch_`.

    >>> tf.reduce_sum(tf.ragged.constant([[1, 2], [3]]), axis=1).numpy().tolist()
    [3, 3]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.ragged_tensor import RaggedTensor
from ..framework.tensor import Tensor
from ..framework.variables import Variable
from .convert import convert_to_tensor
from . import array_ops, gather_ops, math_ops, reduction_ops, scan_ops

__all__ = ["RaggedTensor", "constant", "map_flat_values", "range", "boolean_mask", "row_splits_to_segment_ids",
           "segment_ids_to_row_splits", "stack"]


def _i64(a):
    return convert_to_tensor(np.asarray(a, np.int64), dtypes.int64)


def _take(values, idx):
    return gather_ops.gather_dense(values, _i64(np.asarray(idx, np.int64).reshape(-1)))


# -- tf.ragged.constant ---------------------------------------------------------------------------
def _depths(value, depth, found):
    if isinstance(value, (list, tuple)):
        if not value:
            found["empty"] = max(found["empty"], depth + 1)
        for v in value:
            _depths(v, depth + 1, found)
    elif isinstance(value, np.ndarray) and value.ndim:
        _depths(value.tolist(), depth, found)
    else:
        found["scalar"].add(depth)


def _flatten_level(items):
    """Concatenates a list of lists one level down; returns (flat items, row lengths)."""
    flat, lengths = [], []
    for row in items:
        row = row.tolist() if isinstance(row, np.ndarray) else list(row)
        flat.extend(row)
        lengths.append(len(row))
    return flat, lengths


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None, row_splits_dtype=dtypes.int64):
    """A RaggedTensor from nested Python lists (a plain Tensor when nothing is ragged).

        >>> tf.ragged.constant([[1, 2], [3]])
        <tf.RaggedTensor [[1, 2], [3]]>
    """
    if isinstance(pylist, RaggedTensor):
        return pylist
    found = {"scalar": set(), "empty": 0}
    _depths(pylist, 0, found)
    if len(found["scalar"]) > 1:
        raise ValueError("all scalar values must have the same nesting depth")
    depth = found["scalar"].pop() if found["scalar"] else max(found["empty"], 1)
    if found["empty"] > depth:
        raise ValueError("pylist has scalar values at depth %d, but ragged_rank=%d requires scalar values at "
                         "depth %d" % (depth, found["empty"], found["empty"]))
    if inner_shape is not None:
        inner_shape = tuple(int(d) for d in inner_shape)
    if ragged_rank is None:
        ragged_rank = max(0, depth - 1 - (len(inner_shape) if inner_shape is not None else 0))
    ragged_rank = int(ragged_rank)
    if ragged_rank < 0:
        raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank={ragged_rank}")
    if ragged_rank and depth <= ragged_rank and found["scalar"] is not None and depth == 0:
        raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank={ragged_rank}")
    if ragged_rank == 0:
        return convert_to_tensor(pylist if inner_shape is None else np.reshape(pylist, inner_shape), dtype)
    items = list(pylist)
    nested_lengths = []
    for _ in builtins_range(ragged_rank):
        items, lengths = _flatten_level(items)
        nested_lengths.append(lengths)
    if items:
        try:
            values = convert_to_tensor(items, dtype)
        except ValueError as e:
            if "non-rectangular" in str(e):
                raise ValueError("inner values have inconsistent shape") from None
            raise
    else:
        shape = (0,) + (inner_shape if inner_shape is not None else (0,) * max(0, depth - 1 - ragged_rank))
        values = convert_to_tensor(np.zeros(shape, np.float32 if dtype is None else dtypes.as_dtype(dtype)._np)
                                   if dtype is None or dtypes.as_dtype(dtype) is not dtypes.string
                                   else np.zeros(shape, object), dtype)
    if inner_shape is not None and values.shape.rank != len(inner_shape) + 1:
        values = array_ops.reshape(values, (-1,) + inner_shape)
    return RaggedTensor.from_nested_row_lengths(values, nested_lengths)


builtins_range = range


# -- dense <-> ragged -------------------------------------------------------------------------------
def from_tensor(tensor, lengths=None, padding=None, ragged_rank=1):
    t = convert_to_tensor(tensor)
    arr = np.asarray(t)
    if ragged_rank > 1:
        inner = from_tensor(array_ops.reshape(t, (-1,) + arr.shape[2:]), lengths, padding, ragged_rank - 1)
        rt = RaggedTensor.from_row_lengths(inner, np.full(arr.shape[0], arr.shape[1]))
        rt._uniform_row_length = arr.shape[1]
        return rt
    n, m = arr.shape[0], arr.shape[1]
    if lengths is not None:
        lens = np.minimum(np.asarray(lengths, np.int64).reshape(-1), m)
    elif padding is not None:
        pad = np.asarray(convert_to_tensor(padding, t.dtype))
        is_pad = (arr == pad).reshape(n, m, -1).all(axis=2)
        not_pad = ~is_pad
        lens = np.where(not_pad.any(axis=1), m - np.argmax(not_pad[:, ::-1], axis=1), 0)
    else:  # every row keeps its length: a uniform row length
        rt = RaggedTensor.from_row_lengths(array_ops.reshape(t, (n * m,) + arr.shape[2:]), np.full(n, m, np.int64))
        rt._uniform_row_length = m
        return rt
    idx = (np.arange(n)[:, None] * m + np.arange(m)[None, :])[np.arange(m)[None, :] < lens[:, None]]
    flat = array_ops.reshape(t, (n * m,) + arr.shape[2:])
    return RaggedTensor.from_row_lengths(_take(flat, idx), lens)


def _bounding_shape(rt):
    """Per dimension, the largest size (rows of ragged dimensions padded to the longest)."""
    if not isinstance(rt, RaggedTensor):
        return list(np.asarray(rt).shape)
    inner = _bounding_shape(rt.values)
    lengths = np.diff(rt._splits())
    return [rt.nrows_int(), int(lengths.max()) if lengths.size else 0] + inner[1:]


def _dense_positions(rt, shape):
    """For each flat value, its coordinates in the padded dense tensor (first ragged_rank + 1 dims)."""
    coords = [np.arange(rt.nrows_int(), dtype=np.int64)]
    node = rt
    while isinstance(node, RaggedTensor):
        s = node._splits()
        ids = node._rowids()
        pos = np.arange(len(ids), dtype=np.int64) - s[:-1][ids]
        coords = [c[ids] for c in coords] + [pos]
        node = node.values
    return np.stack(coords, axis=1)


def to_tensor(rt, default_value=None, shape=None):
    flat = rt.flat_values
    full = _bounding_shape(rt)
    if shape is not None:
        from ..framework.tensor_shape import TensorShape
        want = TensorShape(shape).as_list() if not isinstance(shape, Tensor) else list(np.asarray(shape))
        full = [f if w is None or w == -1 else int(w) for f, w in zip(full, want)]
    k = rt.ragged_rank + 1
    pos = _dense_positions(rt, full)
    keep = np.all(pos < np.asarray(full[:k]), axis=1) if len(pos) else np.zeros(0, bool)
    inner = list(flat.shape)[1:]
    if [int(d) for d in full[k:]] != [int(d) for d in inner]:
        raise ValueError(f"Inner dimensions of shape {full} do not match the values' {inner}")
    if keep.all():
        vals = flat
    else:
        vals = _take(flat, np.flatnonzero(keep))
        pos = pos[keep]
    dense = gather_ops.scatter_nd(_i64(pos.reshape(-1, k)), vals, _i64(full))
    if default_value is None or (flat.dtype is not dtypes.string and np.all(np.asarray(default_value) == 0)):
        if flat.dtype is dtypes.string:
            arr = np.asarray(dense).copy()
            mask = np.ones(full[:k], bool)
            mask[tuple(pos.T)] = False
            arr[mask] = b""
            return convert_to_tensor(arr, dtypes.string)
        return dense
    default = convert_to_tensor(default_value, flat.dtype)
    mask = np.ones(full[:k], bool)
    mask[tuple(pos.T)] = False
    mask = np.broadcast_to(mask.reshape(mask.shape + (1,) * (len(full) - k)), full)
    from .logic_ops import where
    from .stack_ops import broadcast_to
    return where(convert_to_tensor(mask), broadcast_to(default, full), dense)


def to_sparse(rt):
    from ..framework.sparse_tensor import SparseTensor
    full = _bounding_shape(rt)
    k = rt.ragged_rank + 1
    flat = rt.flat_values
    pos = _dense_positions(rt, full)
    if flat.shape.rank > 1:  # each value row spreads over the uniform inner dimensions
        inner = np.stack(np.unravel_index(np.arange(int(np.prod(full[k:]))), full[k:]), axis=1)
        pos = np.concatenate([np.repeat(pos, len(inner), axis=0), np.tile(inner, (len(pos), 1))], axis=1)
        flat = array_ops.reshape(flat, [-1])
    return SparseTensor(_i64(pos.reshape(-1, len(full))), flat, _i64(full))


# -- indexing ---------------------------------------------------------------------------------------
def _index(key):
    if isinstance(key, (Tensor, Variable)):
        return int(np.asarray(key))
    return int(key)


def _row(rt, i):
    n = rt.nrows_int()
    if not -n <= i < n:
        raise IndexError(f"Row key {i} out of bounds")
    i %= n
    s = rt._splits()
    return rt.values[int(s[i]):int(s[i + 1])]


def _slice_rows(rt, slc):
    s = rt._splits()
    rows = builtins_range(*slc.indices(rt.nrows_int()))
    if slc.step in (None, 1):
        start, stop = rows.start, max(rows.stop, rows.start)
        new = s[start:stop + 1] - s[start]
        return RaggedTensor.from_row_splits(rt.values[int(s[start]):int(s[stop])], new, validate=False)
    idx = np.concatenate([np.arange(s[r], s[r + 1]) for r in rows] + [np.zeros(0, np.int64)])
    lengths = np.array([s[r + 1] - s[r] for r in rows], np.int64)
    return RaggedTensor.from_row_lengths(_take(rt.values, idx) if not isinstance(rt.values, RaggedTensor)
                                         else _gather_rows(rt.values, idx), lengths, validate=False)


def _gather_rows(rt, rows):
    """Rows `rows` of a RaggedTensor (as a RaggedTensor)."""
    s = rt._splits()
    idx = np.concatenate([np.arange(s[r], s[r + 1]) for r in rows] + [np.zeros(0, np.int64)])
    lengths = np.array([s[r + 1] - s[r] for r in rows], np.int64)
    inner = _gather_rows(rt.values, idx) if isinstance(rt.values, RaggedTensor) else _take(rt.values, idx)
    return RaggedTensor.from_row_lengths(inner, lengths, validate=False)


def _apply_inner(values, keys):
    """values[(:,) + keys] for the values of a ragged tensor."""
    if not keys:
        return values
    return values[(slice(None),) + tuple(keys)]


def getitem(rt, key):
    key = key if isinstance(key, tuple) else (key,)
    if not key:
        return rt
    if any(k is Ellipsis or k is None for k in key):
        raise ValueError("Ellipsis and tf.newaxis are not supported when indexing a numtf RaggedTensor")
    first, rest = key[0], key[1:]
    if isinstance(first, slice):
        rows = _slice_rows(rt, first)
    else:
        row = _row(rt, _index(first))
        return row[rest] if rest else row
    if not rest:
        return rows
    k1, rest2 = rest[0], rest[1:]
    if not isinstance(k1, slice):
        raise ValueError("Cannot index into an inner ragged dimension.")
    if k1 == slice(None):
        return rows.with_values(_apply_inner(rows.values, rest2))
    s = rows._splits()
    picks, lengths = [], []
    for r in builtins_range(rows.nrows_int()):
        sel = np.arange(s[r], s[r + 1])[k1]
        picks.append(sel)
        lengths.append(len(sel))
    idx = np.concatenate(picks + [np.zeros(0, np.int64)]).astype(np.int64)
    v = rows.values
    v = _gather_rows(v, idx) if isinstance(v, RaggedTensor) else _take(v, idx)
    return RaggedTensor.from_row_lengths(_apply_inner(v, rest2), lengths, validate=False)


# -- elementwise ------------------------------------------------------------------------------------
def _same_splits(a, b):
    for sa, sb in zip(a.nested_row_splits, b.nested_row_splits):
        sa, sb = np.asarray(sa), np.asarray(sb)
        if sa.shape != sb.shape or np.any(sa != sb):
            if sa.shape == sb.shape:
                i = int(np.argmax(sa != sb))
                raise InvalidArgumentError(
                    None, "RaggedTensor", f"Condition x == y did not hold.\nIndices of first 1 different values:\n"
                    f"[[{i}]]\nCorresponding x values:\n[{sa[i]}]\nCorresponding y values:\n[{sb[i]}]\n"
                    f"First {len(sa)} elements of x:\n{sa}\nFirst {len(sb)} elements of y:\n{sb}")
            raise InvalidArgumentError(None, "RaggedTensor", "Condition x == y did not hold: the ragged tensors "
                                                             "have different row partitions.")
    if a.ragged_rank != b.ragged_rank:
        raise ValueError("RaggedTensors with different ragged ranks are not supported")


def _flat_operand(rt, other):
    """`other` (a Tensor or Python value) as an operand of rt.flat_values."""
    if isinstance(other, RaggedTensor):
        _same_splits(rt, other)
        return other.flat_values
    flat = rt.flat_values
    if not isinstance(other, (Tensor, Variable)):
        other = convert_to_tensor(other, dtype_hint=flat.dtype)
    rank = other.shape.rank
    if rank is None or rank <= flat.shape.rank - 1:
        return other  # broadcasts against the uniform inner dimensions
    if rt.ragged_rank == 1 and rank == rt.shape.rank and other.shape[1] == 1:
        return _take(array_ops.squeeze(other, 1) if rank == 2 else other[:, 0], rt._rowids())
    raise InvalidArgumentError(None, "RaggedTensor", "Unable to broadcast: a dense operand must have size 1 "
                                                     "in the ragged dimensions")


_BINARY = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "truediv", "floordiv": "floordiv",
           "mod": "floormod", "pow": "pow", "and": "logical_and", "or": "logical_or", "xor": "logical_xor",
           "lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal", "eq": "equal",
           "ne": "not_equal"}


def _math_fn(name):
    import numtf
    return getattr(numtf.math, name)


def binary(name, rt, other, reverse=False):
    other_flat = _flat_operand(rt, other)
    fn = _math_fn(_BINARY[name])
    flat = rt.flat_values
    return rt.with_flat_values(fn(other_flat, flat) if reverse else fn(flat, other_flat))


def unary(name, rt):
    fn = {"neg": math_ops.negative, "abs": _math_fn("abs"), "invert": _math_fn("logical_not")}[name]
    return rt.with_flat_values(fn(rt.flat_values))


def map_flat_values(op, *args, **kwargs):
    """`op` applied to the flat values of the RaggedTensor arguments (which must share their row
    partitions); the result has their row partitions.

        >>> tf.ragged.map_flat_values(tf.ones_like, tf.ragged.constant([[1, 2], [3]]))
        <tf.RaggedTensor [[1, 1], [1]]>
    """
    found = [a for a in list(args) + list(kwargs.values()) if isinstance(a, RaggedTensor)]
    if not found:
        return op(*args, **kwargs)
    first = found[0]
    for other in found[1:]:
        _same_splits(first, other)
    args = [a.flat_values if isinstance(a, RaggedTensor) else a for a in args]
    kwargs = {k: v.flat_values if isinstance(v, RaggedTensor) else v for k, v in kwargs.items()}
    out = op(*args, **kwargs)
    flat = first.flat_values
    if out.shape.rank == 0 or (flat.shape[0] is not None and out.shape[0] != flat.shape[0]):
        raise ValueError("tf.ragged.map_flat_values requires that the output of `op` have the same outer-dimension "
                         "size as flat_values of any ragged inputs.")
    return first.with_flat_values(out)


# -- reductions (tf.reduce_* dispatch here) ---------------------------------------------------------
def _segment(kind, data, ids, num):
    from . import special_ops
    ids = _i64(ids)
    if kind == "sum":
        return scan_ops.unsorted_segment_sum(data, ids, num)
    if kind == "max":
        return special_ops.unsorted_segment_max(data, ids, num)
    if kind == "min":
        return special_ops.unsorted_segment_min(data, ids, num)
    if kind == "prod":
        return special_ops.unsorted_segment_prod(data, ids, num)
    if kind == "mean":
        total = scan_ops.unsorted_segment_sum(data, ids, num)
        count = np.bincount(np.asarray(ids), minlength=num).astype(np.float64)
        if not data.dtype.is_floating:
            from .stack_ops import cast
            total = cast(total, dtypes.float64)
        count = count.reshape((-1,) + (1,) * (data.shape.rank - 1))
        return math_ops.truediv(total, convert_to_tensor(count.astype(total.dtype.as_numpy_dtype)))
    raise ValueError(kind)


def _reduce_dense(kind, t, axis, keepdims):
    return getattr(reduction_ops, "reduce_" + kind)(t, axis=axis, keepdims=keepdims)


def _reduce(kind, rt, axis, keepdims):
    if axis is None:
        return _reduce_dense(kind, rt.flat_values, None, keepdims=False)
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise NotImplementedError("numtf reduces a RaggedTensor over one axis at a time")
        axis = axis[0]
    axis = int(axis)
    rank = rt.shape.rank
    if axis < 0:
        axis += rank
    if not 0 <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
    if axis == 0:
        if rt.ragged_rank != 1:
            raise NotImplementedError("numtf reduces axis 0 of a RaggedTensor with ragged_rank 1 only")
        s = rt._splits()
        ids = rt._rowids()
        pos = np.arange(len(ids), dtype=np.int64) - s[:-1][ids]
        out = _segment(kind, rt.values, pos, int(np.diff(s).max()) if rt.nrows_int() else 0)
        return array_ops.expand_dims(out, 0) if keepdims else out
    if axis == 1:
        if isinstance(rt.values, RaggedTensor):
            raise NotImplementedError("numtf reduces axis 1 of a RaggedTensor with ragged_rank 1 only")
        out = _segment(kind, rt.values, rt._rowids(), rt.nrows_int())
        return array_ops.expand_dims(out, 1) if keepdims else out
    v = rt.values
    inner = _reduce(kind, v, axis - 1, keepdims) if isinstance(v, RaggedTensor) else \
        _reduce_dense(kind, v, axis - 1, keepdims)
    return rt.with_values(inner)


def _make_dispatch(kind):
    def reduce(rt, axis=None, keepdims=False):
        return _reduce(kind, rt, axis, keepdims)
    return reduce


_dispatch_reduce_sum = _make_dispatch("sum")
_dispatch_reduce_mean = _make_dispatch("mean")
_dispatch_reduce_max = _make_dispatch("max")
_dispatch_reduce_min = _make_dispatch("min")
_dispatch_reduce_prod = _make_dispatch("prod")


# -- concat and stack -------------------------------------------------------------------------------
def _as_ragged(v, like):
    if isinstance(v, RaggedTensor):
        return v
    t = convert_to_tensor(v)
    return from_tensor(t, ragged_rank=like.ragged_rank) if t.shape.rank > 1 else t


def _dispatch_concat(rt, values, axis):
    values = [_as_ragged(v, rt) for v in values]
    if not all(isinstance(v, RaggedTensor) for v in values):
        raise ValueError("tf.concat of a RaggedTensor needs operands of rank >= 2")
    rank = values[0].shape.rank
    axis = int(axis)
    if axis < 0:
        axis += rank
    if axis == 0:
        splits, offset = [np.zeros(1, np.int64)], 0
        for v in values:
            s = v._splits()
            splits.append(s[1:] + offset)
            offset += s[-1]
        inner = [v.values for v in values]
        if isinstance(inner[0], RaggedTensor):
            merged = _dispatch_concat(inner[0], inner, 0)
        else:
            from .join_ops import concat
            merged = concat(inner, 0)
        return RaggedTensor.from_row_splits(merged, np.concatenate(splits), validate=False)
    if axis == 1:
        n = values[0].nrows_int()
        if any(v.nrows_int() != n for v in values):
            raise InvalidArgumentError(None, "RaggedConcat", "Input tensors at index 0 (=x) and 1 (=y) have "
                                                             "incompatible shapes.")
        stacked = _dispatch_concat(values[0], values, 0)  # rows of all operands, operand by operand
        order = np.arange(n * len(values)).reshape(len(values), n).T.reshape(-1)
        rows = _gather_rows(stacked, order)
        lengths = np.diff(rows._splits()).reshape(n, len(values)).sum(axis=1)
        return RaggedTensor.from_row_lengths(rows.values, lengths, validate=False)
    inner = _dispatch_concat(values[0].values, [v.values for v in values], axis - 1) \
        if isinstance(values[0].values, RaggedTensor) else None
    if inner is None:
        from .join_ops import concat
        for v in values[1:]:
            _same_splits(values[0], v)
        inner = concat([v.values for v in values], axis - 1)
    return values[0].with_values(inner)


def stack(values, axis=0, name=None):
    """`tf.ragged.stack` along axis 0: a new outer dimension over the operands' rows."""
    if int(axis) != 0:
        raise NotImplementedError("numtf's tf.ragged.stack supports axis=0 only")
    values = [constant(v) if isinstance(v, list) else v for v in values]
    parts = [v if isinstance(v, RaggedTensor) else from_tensor(array_ops.expand_dims(v, 0)).values
             if convert_to_tensor(v).shape.rank > 1 else v for v in values]
    if all(isinstance(p, RaggedTensor) for p in parts):
        merged = _dispatch_concat(parts[0], parts, 0)
        lengths = [p.nrows_int() for p in parts]
    else:
        from .join_ops import concat
        ts = [convert_to_tensor(p) for p in parts]
        merged = concat(ts, 0)
        lengths = [int(t.shape[0]) for t in ts]
    return RaggedTensor.from_row_lengths(merged, lengths)


# -- construction helpers ---------------------------------------------------------------------------
def range(starts, limits=None, deltas=1, dtype=None, name=None, row_splits_dtype=dtypes.int64):  # noqa: A001
    """Row i is tf.range(starts[i], limits[i], deltas[i]) (arguments broadcast).

        >>> tf.ragged.range([3, 1])
        <tf.RaggedTensor [[0, 1, 2], [0]]>
    """
    if limits is None:
        starts, limits = 0, starts
    ts = [convert_to_tensor(v) if dtype is None else convert_to_tensor(v, dtype) for v in (starts, limits, deltas)]
    out_dtype = dtypes.as_dtype(dtype) if dtype is not None else ts[0].dtype
    for t in ts:
        if dtype is None and t.dtype is not out_dtype:
            if t.dtype.is_floating or out_dtype.is_floating:
                out_dtype = dtypes.float32 if dtypes.float64 not in (t.dtype, out_dtype) else dtypes.float64
            elif t.dtype is dtypes.int64:
                out_dtype = dtypes.int64
    s, lim, d = np.broadcast_arrays(*[np.asarray(t).reshape(-1) if np.ndim(t) else np.asarray(t) for t in ts])
    s, lim, d = (np.atleast_1d(a) for a in (s, lim, d))
    if np.any(d == 0):
        raise InvalidArgumentError(None, "RaggedRange", "Requires delta != 0 [Op:RaggedRange]")
    rows = [np.arange(a, b, c, dtype=out_dtype.as_numpy_dtype) for a, b, c in zip(s, lim, d)]
    values = np.concatenate(rows + [np.zeros(0, out_dtype.as_numpy_dtype)])
    return RaggedTensor.from_row_lengths(convert_to_tensor(values, out_dtype), [len(r) for r in rows])


def boolean_mask(data, mask, name=None):
    """Keeps data[..., i, ...] where mask is True; rows of the result are ragged.

        >>> tf.ragged.boolean_mask([[1, 2], [3, 4]], [[True, False], [True, True]])
        <tf.RaggedTensor [[1], [3, 4]]>
    """
    m = np.asarray(mask.to_tensor() if isinstance(mask, RaggedTensor) else mask, bool)
    if isinstance(data, RaggedTensor):
        if not isinstance(mask, RaggedTensor):
            raise ValueError("boolean_mask of a RaggedTensor needs a RaggedTensor mask")
        _same_splits(data, mask)
        keep = np.asarray(mask.flat_values, bool)
        if data.ragged_rank != 1:
            raise NotImplementedError("numtf's tf.ragged.boolean_mask supports ragged_rank 1")
        ids = data._rowids()[keep]
        return RaggedTensor.from_value_rowids(_take(data.values, np.flatnonzero(keep)), ids, data.nrows_int())
    t = convert_to_tensor(data)
    if m.ndim == 1:
        return gather_ops.boolean_mask(t, convert_to_tensor(m))
    if m.ndim != 2:
        raise NotImplementedError("numtf's tf.ragged.boolean_mask supports masks of rank 1 and 2")
    flat = array_ops.reshape(t, (-1,) + tuple(np.asarray(t).shape[2:]))
    return RaggedTensor.from_row_lengths(_take(flat, np.flatnonzero(m.reshape(-1))), m.sum(axis=1))


def row_splits_to_segment_ids(splits, name=None, out_type=None):
    s = np.asarray(splits, np.int64)
    ids = np.repeat(np.arange(len(s) - 1, dtype=np.int64), np.diff(s))
    return convert_to_tensor(ids, out_type or dtypes.int64)


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    ids = np.asarray(segment_ids, np.int64).reshape(-1)
    n = int(num_segments) if num_segments is not None else (int(ids.max()) + 1 if ids.size else 0)
    return convert_to_tensor(np.concatenate([[0], np.cumsum(np.bincount(ids, minlength=n))]).astype(np.int64),
                             out_type or dtypes.int64)
