"""Indexing ops: slice, strided_slice and `Tensor.__getitem__`, gather, gather_nd, scatter_nd,
tensor_scatter_nd_*, boolean_mask. Each primitive sits beside its gradient.

Slices are NumPy views of the input (tensor values are never mutated); gathers with repeated
indices accumulate their gradients (np.add.at).

    >>> x = tf.constant([[1, 2, 3], [4, 5, 6]])
    >>> x[:, ::-1][0].numpy(), tf.gather(x, [1, 1]).shape
    (array([3, 2, 1], dtype=int32), TensorShape([2, 3]))
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape, Dimension
from ..framework.variables import Variable
from .array_ops import (_as_tensor, _err, _dims_text, _nones, _int_arg, _partial_ints, _raise, _scalar_int,
                        get_static_value, cast, zeros_like)
from .convert import convert_to_tensor
from .registry import primitive, execute, execute_unary, _tf_type_name

__all__ = ["slice", "strided_slice", "gather", "gather_nd", "scatter_nd", "tensor_scatter_nd_update",
           "tensor_scatter_nd_add", "tensor_scatter_nd_sub", "boolean_mask"]

_pyslice = slice  # this module defines tf.slice
_INDEX_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)
_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _dyn_ints(arrays):
    return [tuple(int(v) for v in np.ravel(a)) for a in arrays]


# -- strided_slice ---------------------------------------------------------------------------
def _ss_key(shape, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    """The NumPy index of a TF strided slice of an array of `shape`, or TF's error message (a str)."""
    n, rank = len(begin), len(shape)
    if len(end) != n or len(strides) != n:
        return (f"Expected begin, end, and strides to be 1D equal size tensors, but got shapes [{n}], "
                f"[{len(end)}], and [{len(strides)}] instead.")
    if ellipsis_mask & (ellipsis_mask - 1):
        return "Multiple ellipses in slice spec not allowed"
    used = sum(1 for i in range(n) if not (ellipsis_mask | new_axis_mask) >> i & 1)
    key = []
    dim = 0
    for i in range(n):
        bit = 1 << i
        if ellipsis_mask & bit:
            k = max(rank - used, 0)
            key.extend([_pyslice(None)] * k)
            dim += k
            continue
        if new_axis_mask & bit:
            key.append(None)
            continue
        if dim >= rank:
            return "Attempting to slice scalar input." if rank == 0 else \
                f"Index out of range using input dim {dim}; input has only {rank} dims"
        st = strides[i]
        if st == 0:
            return f"strides[{i}] must be non-zero"
        if shrink_axis_mask & bit:
            if st is not None and st != 1:
                return "only stride 1 allowed on non-range indexing."
            b, d = begin[i], shape[dim]
            if b is None or d is None:  # unknown while building
                key.append(0)
                dim += 1
                continue
            b = b + d if b < 0 else b
            if not 0 <= b < d:
                return f"slice index {b} of dimension {dim} out of bounds."
            key.append(b)
        else:
            key.append(_pyslice(None if begin_mask & bit else begin[i], None if end_mask & bit else end[i], st))
        dim += 1
    return tuple(key)


def _ss_kernel(x, *dyn, begin=None, end=None, strides=None, **masks):
    if dyn:
        begin, end, strides = _dyn_ints(dyn)
    key = _ss_key(np.shape(x), begin, end, strides, **masks)
    if type(key) is str:
        raise _err("StridedSlice", key)
    return x[key]


def _ss_infer(ins, attrs):
    s = ins[0].shape
    bm, em, elm, nam, sam = (attrs[k] for k in _MASKS)
    if len(ins) == 1:
        begin, end, strides = attrs["begin"], attrs["end"], attrs["strides"]
    else:  # values known while building count; unknown ones (None) make only their dims unknown
        begin, end, strides = (_partial_ints(t) for t in ins[1:])
        if begin is None or end is None or strides is None:
            return [(TensorShape(None), ins[0].dtype)]
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    msg = _ss_key(dims, begin, end, strides, bm, em, elm, nam, sam)
    if type(msg) is str:
        raise ValueError(msg)
    n, rank = len(begin), len(dims)
    used = sum(1 for i in range(n) if not (elm | nam) >> i & 1)
    out, dim = [], 0
    for i in range(n):
        bit = 1 << i
        if elm & bit:
            k = max(rank - used, 0)
            out.extend(dims[dim:dim + k])
            dim += k
        elif nam & bit:
            out.append(1)
        elif sam & bit:
            dim += 1
        else:
            d, b, e, st = dims[dim], None if bm & bit else begin[i], None if em & bit else end[i], strides[i]
            unknown = d is None or st is None or b is None and not bm & bit or e is None and not em & bit
            out.append(None if unknown else len(range(*_pyslice(b, e, st).indices(d))))
            dim += 1
    out.extend(dims[dim:])
    return [(TensorShape(out), ins[0].dtype)]


def _ss_grad(n, g):
    return _nones(n, execute(SS_GRAD, (g, n.inputs[0]) + tuple(n.inputs[1:]), n.attrs))


def _ss_grad_kernel(g, x, *dyn, begin=None, end=None, strides=None, **masks):
    if dyn:
        begin, end, strides = _dyn_ints(dyn)
    out = np.zeros(np.shape(x), dtype=g.dtype)
    out[_ss_key(np.shape(x), begin, end, strides, **masks)] = g
    return out


STRIDED_SLICE = primitive("StridedSlice", _ss_kernel, _ss_infer, grad=_ss_grad)
SS_GRAD = primitive("StridedSliceGrad", _ss_grad_kernel, lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                    grad=lambda n, g: _nones(n, execute(STRIDED_SLICE, (g,) + tuple(n.inputs[2:]), n.attrs)))


def _ss_execute(t, begin, end, strides, masks):
    if type(begin) is tuple and type(end) is tuple and type(strides) is tuple:
        masks.update(begin=begin, end=end, strides=strides)
        return execute_unary(STRIDED_SLICE, t, masks)
    ins = [convert_to_tensor(v, dtypes.int64) if type(v) is tuple else cast(v, dtypes.int64)
           for v in (begin, end, strides)]
    return execute(STRIDED_SLICE, [t] + ins, masks)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """TF's general slice (what `tensor[...]` builds): per spec entry a range begin:end:stride,
    unless its bit is set in a mask (begin/end: from the start/to the end; ellipsis; new axis;
    shrink: take the single index `begin`).

        >>> tf.strided_slice([[1, 2], [3, 4]], [0, 1], [2, 2], [1, 1]).numpy().tolist()
        [[2], [4]]
    """
    t = _as_tensor(input_)
    b = _int_arg(begin, "StridedSlice", "Index")
    e = _int_arg(end, "StridedSlice", "Index")
    s = _int_arg(strides, "StridedSlice", "Index") if strides is not None else \
        (1,) * (len(b) if type(b) is tuple else b.shape[0])
    masks = {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
             "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
    return _ss_execute(t, b, e, s, masks)


# -- __getitem__ -------------------------------------------------------------------------------
_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
              "tf.int32/tf.int64 tensors are valid indices, got ")


def _index(x):
    """One index value as an int, or as a symbolic scalar int tensor (known only when run)."""
    if type(x) is int:
        return x
    if isinstance(x, (Tensor, Variable)):
        if x.dtype in _INDEX_DTYPES and x.shape.rank in (0, None):
            if isinstance(x, SymbolicTensor):
                v = get_static_value(x)
                return x if v is None else int(v)
            return int(x.numpy())
    elif isinstance(x, (int, np.integer)) or isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iu":
        return int(x)
    elif isinstance(x, Dimension) and x.value is not None:
        return x.value
    raise TypeError(_BAD_INDEX + repr(x))


def _getitem(tensor, slice_spec):
    """`tensor[slice_spec]` with TensorFlow's rules: ints, slices (any stride), `...`,
    `tf.newaxis`, scalar int tensors; a bool mask goes to `tf.boolean_mask`. A list indexes like
    a tuple (no NumPy fancy indexing)."""
    if slice_spec is True or slice_spec is False or \
            isinstance(slice_spec, (Tensor, Variable, np.ndarray)) and slice_spec.dtype == np.bool_:
        return boolean_mask(tensor, slice_spec)
    t = tensor if type(tensor) is Tensor else _as_tensor(tensor)
    if type(slice_spec) is not tuple:
        slice_spec = tuple(slice_spec) if type(slice_spec) is list else (slice_spec,)
    begin, end, strides = [], [], []
    bm = em = elm = nam = sam = 0
    dynamic = False
    for i, s in enumerate(slice_spec):
        bit = 1 << i
        if type(s) is _pyslice:
            if s.start is None:
                begin.append(0)
                bm |= bit
            else:
                begin.append(_index(s.start))
            if s.stop is None:
                end.append(0)
                em |= bit
            else:
                end.append(_index(s.stop))
            strides.append(1 if s.step is None else _index(s.step))
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            elm |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            nam |= bit
        else:
            v = _index(s)
            begin.append(v), end.append(v + 1 if type(v) is int else 0), strides.append(1)
            sam |= bit
            if type(v) is not int:
                dynamic = True
            continue
        dynamic = dynamic or type(begin[-1]) is not int or type(end[-1]) is not int or type(strides[-1]) is not int
    masks = {"begin_mask": bm, "end_mask": em, "ellipsis_mask": elm, "new_axis_mask": nam, "shrink_axis_mask": sam}
    if sam and all(s is True or s is False for s in slice_spec):  # t[[True, False]]: a bool index tensor
        raise _err("StridedSlice", "Value for attr 'Index' of bool is not in the list of allowed values: "
                                   "int16, int32, int64")
    if not dynamic:
        return _ss_execute(t, tuple(begin), tuple(end), tuple(strides), masks)
    packed = [_pack_indices(v) for v in (begin, end, strides)]
    return execute(STRIDED_SLICE, [t] + packed, masks)


def _pack_indices(values):
    from .array_ops import stack
    return stack([cast(v, dtypes.int64) if isinstance(v, Tensor) else convert_to_tensor(v, dtypes.int64)
                  for v in values])


Tensor.__getitem__ = _getitem
Variable.__getitem__ = _getitem


# -- slice ---------------------------------------------------------------------------------------
def _slice_key(shape, begin, size):
    r = len(shape)
    if len(begin) != r or len(size) != r:
        raise _err("Slice", f"Expected begin and size arguments to be 1-D tensors of size {r}, but got shapes "
                            f"[{len(begin)}] and [{len(size)}] instead.")
    key = []
    for i, (d, b, s) in enumerate(zip(shape, begin, size)):
        if not 0 <= b <= d:
            raise _err("Slice", f"Expected begin[{i}] in [0, {d}], but got {b}")
        if s == -1:
            s = d - b
        if not 0 <= s <= d - b:
            raise _err("Slice", f"Expected size[{i}] in [0, {d - b}], but got {s}")
        key.append(_pyslice(b, b + s))
    return tuple(key)


def _slice_kernel(x, *dyn, begin=None, size=None):
    if dyn:
        begin, size = _dyn_ints(dyn)
    return x[_slice_key(np.shape(x), begin, size)]


def _slice_infer(ins, attrs):
    s = ins[0].shape
    begin, size = (attrs["begin"], attrs["size"]) if len(ins) == 1 else (_partial_ints(t) for t in ins[1:])
    if size is None:
        return [(TensorShape(None if s.rank is None else [None] * s.rank), ins[0].dtype)]
    dims = [None] * len(size) if s.rank is None else list(s)
    if len(dims) != len(size):
        raise ValueError(f"Shape must be rank {len(dims)} but begin/size have {len(size)} elements for 'Slice'")
    out = []
    for i, k in enumerate(size):
        b = None if begin is None else begin[i]
        out.append(k if k is None or k >= 0 else None if dims[i] is None or b is None else dims[i] - b)
    return [(TensorShape(out), ins[0].dtype)]


def _slice_grad_kernel(g, x, *dyn, begin=None, size=None):
    if dyn:
        begin, size = _dyn_ints(dyn)
    out = np.zeros(np.shape(x), dtype=g.dtype)
    out[_slice_key(np.shape(x), begin, size)] = g
    return out


SLICE = primitive("Slice", _slice_kernel, _slice_infer,
                  grad=lambda n, g: _nones(n, execute(SLICE_GRAD, (g, n.inputs[0]) + tuple(n.inputs[1:]), n.attrs)))
SLICE_GRAD = primitive("SliceGrad", _slice_grad_kernel, lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                       grad=lambda n, g: _nones(n, execute(SLICE, (g,) + tuple(n.inputs[2:]), n.attrs)))


def slice(input_, begin, size, name=None):
    """The block of `size` (-1: to the end) starting at `begin`.

        >>> tf.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [-1, 2]).numpy().tolist()
        [[2, 3], [5, 6]]
    """
    t = _as_tensor(input_)
    b = _int_arg(begin, "Slice", "Index")
    s = _int_arg(size, "Slice", "Index")
    if type(b) is tuple and type(s) is tuple:
        return execute_unary(SLICE, t, {"begin": b, "size": s})
    ins = [convert_to_tensor(v) if type(v) is tuple else v for v in (b, s)]
    return execute(SLICE, [t] + ins)


# -- gather ----------------------------------------------------------------------------------
def _check_indices(indices, n, op="GatherV2"):
    bad = (indices < 0) | (indices >= n)
    if bad.any():
        pos = np.argwhere(bad)[0]
        raise _err(op, f"indices[{','.join(map(str, pos))}] = {indices[tuple(pos)]} is not in [0, {n})")


def _batch_key(pshape, indices, axis, batch_dims):
    """Index for params moved to (batch..., axis, rest...) selecting `indices` per batch."""
    keys = []
    for j in range(batch_dims):
        if pshape[j] != indices.shape[j]:
            raise _err("GatherV2", f"params.shape[{j}]: {pshape[j]} should be equal to indices.shape[{j}]: "
                                   f"{indices.shape[j]}")
        keys.append(np.arange(pshape[j]).reshape([-1 if k == j else 1 for k in range(indices.ndim)]))
    return tuple(keys) + (indices,)


def _batch_perm(pshape, indices, axis, batch_dims):
    """The permutation taking (batch, idx..., params between batch and axis, rest) to TF's order."""
    b, m, mid = batch_dims, indices.ndim - batch_dims, axis - batch_dims
    rest = len(pshape) - axis - 1
    return list(range(b)) + list(range(b + m, b + m + mid)) + list(range(b, b + m)) + \
        list(range(b + m + mid, b + m + mid + rest))


def _gather_kernel(params, indices, axis, batch_dims):
    _check_indices(indices, params.shape[axis])
    if batch_dims == 0:
        return np.take(params, indices, axis=axis)
    moved = np.moveaxis(params, axis, batch_dims)
    out = moved[_batch_key(params.shape, indices, axis, batch_dims)]
    return np.transpose(out, _batch_perm(params.shape, indices, axis, batch_dims))


def _gather_grad_kernel(g, indices, params, axis, batch_dims):
    out = np.zeros(np.shape(params), dtype=g.dtype)
    if batch_dims == 0:
        np.add.at(out, (_pyslice(None),) * axis + (indices,), g)
        return out
    perm = _batch_perm(out.shape, indices, axis, batch_dims)
    np.add.at(np.moveaxis(out, axis, batch_dims), _batch_key(out.shape, indices, axis, batch_dims),
              np.transpose(g, np.argsort(perm)))
    return out


def _gather_infer(ins, attrs):
    p, i = ins[0].shape, ins[1].shape
    a, b = attrs["axis"], attrs["batch_dims"]
    if p.rank is None or i.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    return [(TensorShape(list(p)[:a] + list(i)[b:] + list(p)[a + 1:]), ins[0].dtype)]


GATHER = primitive("GatherV2", _gather_kernel, _gather_infer,
                   grad=lambda n, g: (execute(GATHER_GRAD, (g, n.inputs[1], n.inputs[0]), n.attrs), None))
GATHER_GRAD = primitive("GatherGrad", _gather_grad_kernel, lambda ins, a: [(ins[2].shape, ins[0].dtype)],
                        grad=lambda n, g: (execute(GATHER, (g, n.inputs[1]), n.attrs), None, None))


def _check_index_dtype(t, op, attr="Tindices", allowed=_INDEX_DTYPES):
    if t.dtype not in allowed:
        raise _err(op, f"Value for attr '{attr}' of {_tf_type_name(t.dtype)} is not in the list of allowed "
                       f"values: {', '.join(d.name for d in allowed)}")


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Gathers slices of `params` along `axis` at `indices` (any shape); with `batch_dims`, the
    leading dims of params and indices are batch dims gathered independently.

        >>> tf.gather([[1, 2], [3, 4], [5, 6]], [2, 0]).numpy().tolist()
        [[5, 6], [1, 2]]
    """
    p = _as_tensor(params)
    i = _as_tensor(indices)
    _check_index_dtype(i, "GatherV2")
    ir, pr = i.shape.rank, p.shape.rank
    if batch_dims < 0:
        if ir is None:
            raise ValueError("tf.gather needs the rank of `indices` for a negative batch_dims")
        batch_dims += ir
    axis = batch_dims if axis is None else _scalar_int(axis, "axis")
    if pr is not None:
        if axis < 0:
            axis += pr
        if not 0 <= axis < pr or batch_dims > pr:
            _raise("GatherV2", f"Shape must be at least rank {max(axis, batch_dims) + 1} but is rank {pr}",
                   type(p) is not Tensor)
    elif axis < 0:
        raise ValueError("tf.gather needs the rank of `params` for a negative axis")
    if axis < batch_dims:  # what TensorFlow does with such a pair: a plain gather
        batch_dims = 0
    return execute(GATHER, (p, i), {"axis": axis, "batch_dims": batch_dims})


# -- gather_nd / scatter_nd ---------------------------------------------------------------------
def _nd_key(shape, indices, batch_dims, op, what):
    """The NumPy index of gather_nd/scatter_nd `indices` into an array of `shape`."""
    k = indices.shape[-1]
    inner = shape[batch_dims:batch_dims + k]
    if k > len(shape) - batch_dims:
        raise _err(op, f"index innermost dimension length must be <= params rank; saw: {k} vs. {len(shape)}")
    bad = ((indices < 0) | (indices >= np.array(inner, dtype=np.int64))).any(-1)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        idx = indices.reshape(-1, k)[pos]
        raise _err(op, f"indices[{pos}] = [{', '.join(map(str, idx))}] does not index into {what} {_dims_text(shape)}"
                       + (", node name: GatherNd" if op == "GatherNd" else ""))
    batch = [np.arange(shape[j]).reshape([-1 if t == j else 1 for t in range(indices.ndim - 1)])
             for j in range(batch_dims)]
    return tuple(batch) + tuple(indices[..., j] for j in range(k))


def _gather_nd_kernel(params, indices, batch_dims):
    if indices.shape[-1] == 0 and batch_dims == 0:
        return np.broadcast_to(params, indices.shape[:-1] + params.shape)
    return params[_nd_key(params.shape, indices, batch_dims, "GatherNd", "param shape")]


def _gather_nd_grad_kernel(g, indices, params, batch_dims):
    shape = np.shape(params)
    if indices.shape[-1] == 0 and batch_dims == 0:
        return g.reshape((-1,) + shape).sum(axis=0, dtype=g.dtype)
    out = np.zeros(shape, dtype=g.dtype)
    np.add.at(out, _nd_key(shape, indices, batch_dims, "GatherNd", "param shape"), g)
    return out


def _gather_nd_infer(ins, attrs):
    p, i = ins[0].shape, ins[1].shape
    if p.rank is None or i.rank is None or i[-1] is None:
        return [(TensorShape(None), ins[0].dtype)]
    return [(TensorShape(list(i)[:-1] + list(p)[attrs["batch_dims"] + i[-1]:]), ins[0].dtype)]


GATHER_ND = primitive("GatherNd", _gather_nd_kernel, _gather_nd_infer,
                      grad=lambda n, g: (execute(GATHER_ND_GRAD, (g, n.inputs[1], n.inputs[0]), n.attrs), None))
GATHER_ND_GRAD = primitive("GatherNdGrad", _gather_nd_grad_kernel, lambda ins, a: [(ins[2].shape, ins[0].dtype)],
                           grad=lambda n, g: (execute(GATHER_ND, (g, n.inputs[1]), n.attrs), None, None))


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gathers `params[tuple(index)]` for each index vector in the last axis of `indices`.

        >>> tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]]).numpy()
        array([3, 2], dtype=int32)
    """
    p = _as_tensor(params)
    i = _as_tensor(indices)
    _check_index_dtype(i, "GatherNd")
    return execute(GATHER_ND, (p, i), {"batch_dims": int(batch_dims)})


def _scatter_into(out, indices, updates, ufunc, op):
    """Writes (ufunc None) or accumulates `updates` into `out` at `indices`, with TF's checks."""
    k = indices.shape[-1]
    expect = indices.shape[:-1] + out.shape[k:]
    if updates.shape != expect:
        nb = indices.ndim - 1
        if op == "ScatterNd":
            raise _err(op, f"Dimensions [{k},{out.ndim}) of input[shape={_dims_text(out.shape)}] must match "
                           f"dimensions [{nb},{updates.ndim}) of updates[shape={_dims_text(updates.shape)}]")
        # TF's tensor_scatter_* checks, in its order: updates' rank, outer dims, inner rank, inner dims
        if updates.ndim == 0:
            raise _err(op, "Updates shape must have rank at least one. Found:[]")
        if updates.shape[:nb] != indices.shape[:-1]:
            raise _err(op, f"Outer dimensions of indices and update must match. Indices shape: "
                           f"{_dims_text(indices.shape)}, updates shape:{_dims_text(updates.shape)}")
        if out.ndim - k == updates.ndim - nb:
            raise _err(op, f"The inner {out.ndim - k} dimensions of output.shape={_dims_text(out.shape)} must "
                           f"match the inner {updates.ndim - nb} dimensions of updates.shape="
                           f"{_dims_text(updates.shape)}")
        raise _err(op, f"Inner dimensions of output shape must match inner dimensions of updates shape. Output: "
                       f"{_dims_text(out.shape)} updates: {_dims_text(updates.shape)}")
    key = _nd_key(out.shape, indices, 0, op, "shape")
    if ufunc is None:
        out[key] = updates
    else:
        ufunc.at(out, key, updates)
    return out


def _scatter_nd_kernel(indices, updates, *dyn, shape=None):
    if dyn:
        shape = _dyn_ints(dyn)[0]
    for d in shape:
        if d < 0:
            raise _err("ScatterNd", f"Dimension {d} must be >= 0")
    return _scatter_into(np.zeros(shape, dtype=updates.dtype), indices, updates, np.add, "ScatterNd")


def _scatter_nd_infer(ins, attrs):
    dims = attrs["shape"] if len(ins) == 2 else _partial_ints(ins[2])
    return [(TensorShape(dims), ins[1].dtype)]


SCATTER_ND = primitive("ScatterNd", _scatter_nd_kernel, _scatter_nd_infer,
                       grad=lambda n, g: _nones(n, None, gather_nd(g, n.inputs[0])))


def scatter_nd(indices, updates, shape, name=None):
    """Zeros of `shape` with `updates` added at `indices` (repeated indices add up).

        >>> tf.scatter_nd([[1], [3], [1]], [1., 2., 3.], [5]).numpy()
        array([0., 4., 0., 2., 0.], dtype=float32)
    """
    i = _as_tensor(indices)
    _check_index_dtype(i, "ScatterNd")
    u = _as_tensor(updates)
    s = _int_arg(shape, "ScatterNd", "Tindices")
    if type(s) is tuple:
        return execute(SCATTER_ND, (i, u), {"shape": s})
    return execute(SCATTER_ND, (i, u, s))


def _tensor_scatter(name, ufunc):
    def kernel(tensor, indices, updates):
        return _scatter_into(np.array(tensor, copy=True), indices, updates, ufunc, name)
    return kernel


def _tsu_grad(n, g):
    i, u = n.inputs[1], n.inputs[2]
    return tensor_scatter_nd_update(g, i, zeros_like(u)), None, gather_nd(g, i)


def _tsa_grad(n, g, sign=1):
    from .math_ops import negative
    gu = gather_nd(g, n.inputs[1])
    return g, None, gu if sign > 0 else negative(gu)


_like_tensor = lambda ins, a: [(ins[0].shape, ins[0].dtype)]  # noqa: E731
TENSOR_SCATTER_UPDATE = primitive("TensorScatterUpdate", _tensor_scatter("TensorScatterUpdate", None),
                                  _like_tensor, grad=_tsu_grad)
TENSOR_SCATTER_ADD = primitive("TensorScatterAdd", _tensor_scatter("TensorScatterAdd", np.add),
                               _like_tensor, grad=_tsa_grad)
TENSOR_SCATTER_SUB = primitive("TensorScatterSub", _tensor_scatter("TensorScatterSub", np.subtract),
                               _like_tensor, grad=lambda n, g: _tsa_grad(n, g, -1))


def _tensor_scatter_call(op, tensor, indices, updates):
    t = _as_tensor(tensor)
    i = _as_tensor(indices)
    _check_index_dtype(i, op.name)
    u = _as_tensor(updates, None if isinstance(updates, (Tensor, Variable)) else t.dtype)
    if u.dtype is not t.dtype:
        from .registry import dtype_error
        raise dtype_error(op.name, 2, t.dtype, u.dtype)
    return execute(op, (t, i, u))


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` written at `indices`.

        >>> tf.tensor_scatter_nd_update([1, 2, 3], [[0]], [9]).numpy()
        array([9, 2, 3], dtype=int32)
    """
    return _tensor_scatter_call(TENSOR_SCATTER_UPDATE, tensor, indices, updates)


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at `indices` (repeats add up)."""
    return _tensor_scatter_call(TENSOR_SCATTER_ADD, tensor, indices, updates)


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at `indices`."""
    return _tensor_scatter_call(TENSOR_SCATTER_SUB, tensor, indices, updates)


# -- boolean_mask ------------------------------------------------------------------------------
def _flat_mask_view(shape, axis, k):
    return shape[:axis] + (int(np.prod(shape[axis:axis + k], dtype=np.int64)),) + shape[axis + k:]


def _boolean_mask_kernel(x, mask, axis):
    k = mask.ndim
    if x.shape[axis:axis + k] != mask.shape:
        raise _err("BooleanMask", f"Shapes {_dims_text(x.shape[axis:axis + k])} and {_dims_text(mask.shape)} "
                                  "are incompatible")
    flat = x.reshape(_flat_mask_view(x.shape, axis, k))
    return np.compress(mask.reshape(-1).astype(bool), flat, axis=axis)


def _boolean_mask_grad_kernel(g, mask, x, axis):
    shape = np.shape(x)
    out = np.zeros(_flat_mask_view(shape, axis, mask.ndim), dtype=g.dtype)
    out[(_pyslice(None),) * axis + (mask.reshape(-1).astype(bool),)] = g
    return out.reshape(shape)


def _boolean_mask_infer(ins, attrs):
    s, m, a = ins[0].shape, ins[1].shape, attrs["axis"]
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    return [(TensorShape(dims[:a] + [None] + dims[a + m.rank:]), ins[0].dtype)]


BOOLEAN_MASK = primitive("BooleanMask", _boolean_mask_kernel, _boolean_mask_infer,
                         grad=lambda n, g: (execute(BOOLEAN_MASK_GRAD, (g, n.inputs[1], n.inputs[0]), n.attrs), None))
BOOLEAN_MASK_GRAD = primitive("BooleanMaskGrad", _boolean_mask_grad_kernel,
                              lambda ins, a: [(ins[2].shape, ins[0].dtype)],
                              grad=lambda n, g: (execute(BOOLEAN_MASK, (g, n.inputs[1]), n.attrs), None, None))


def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The entries of `tensor` where `mask` is true; mask covers dims axis..axis+mask.ndim-1,
    which collapse into one dimension.

        >>> tf.boolean_mask([[1, 2], [3, 4], [5, 6]], [True, False, True]).numpy().tolist()
        [[1, 2], [5, 6]]
    """
    t = _as_tensor(tensor)
    m = _as_tensor(mask)
    k = m.shape.rank
    if k == 0:
        raise ValueError("mask cannot be scalar.")
    if k is None:
        raise ValueError("Number of mask dimensions must be specified, even if some dimensions are None.  "
                         "E.g. shape=[None] is ok, but shape=None is not.")
    axis = 0 if axis is None else _scalar_int(axis, "axis")
    s = t.shape
    if s.rank is not None:
        part = s[axis:axis + k]
        if not part.is_compatible_with(m.shape):
            raise ValueError(f"Shapes {part} and {m.shape} are incompatible")
    return execute(BOOLEAN_MASK, (t, m), {"axis": axis})

