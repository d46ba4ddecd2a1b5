"""Gathering and scattering ops: gather, gather_nd, scatter_nd, tensor_scatter_nd_*, boolean_mask.
Each primitive sits beside its gradient; gathers with repeated indices accumulate their gradients
(np.add.at). (Slicing and `Tensor.__getitem__` are in indexing_ops.)

    >>> tf.gather(tf.constant([[1, 2], [3, 4]]), [1, 1]).numpy().tolist()
    [[3, 4], [3, 4]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .array_ops import (_as_tensor, _dyn_ints, _err, _dims_text, _nones, _int_arg, _partial_ints, _raise,
                        _scalar_int, zeros_like)
from .registry import Op, primitive, execute, _tf_type_name

__all__ = ["gather", "gather_nd", "scatter_nd", "tensor_scatter_nd_update", "tensor_scatter_nd_add",
           "tensor_scatter_nd_sub", "boolean_mask"]

_INDEX_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


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
        np.add.at(out, (slice(None),) * axis + (indices,), g)
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


def _gather_grad(n, g):
    params, indices = n.inputs
    if n.attrs["axis"] == 0 and n.attrs["batch_dims"] == 0:
        # TF's: the gathered rows as IndexedSlices (an embedding's gradient touches few rows)
        from .array_ops import reshape, shape
        from .join_ops import concat
        rows = params.shape[1:]
        dims = [-1] + rows.as_list() if rows.is_fully_defined() else concat([[-1], shape(params)[1:]], 0)
        return IndexedSlices(reshape(g, dims), reshape(indices, [-1]), shape(params)), None
    return execute(GATHER_GRAD, (g, indices, params), n.attrs), None


GATHER = primitive("GatherV2", _gather_kernel, _gather_infer, grad=_gather_grad)
# The same op whose gradient is always dense: for composites (tf.signal.frame, map_fn, the
# row loop of a traced `for x in tensor`) whose TF ops have dense gradients.
GATHER_DENSE = Op("GatherV2", _gather_kernel, _gather_infer)
GATHER_DENSE.grad = lambda n, g: (execute(GATHER_GRAD, (g, n.inputs[1], n.inputs[0]), n.attrs), None)
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


def gather_dense(params, indices, axis=0):
    """`tf.gather(params, indices, axis=axis)` with a dense gradient (never IndexedSlices), for
    numtf's composites whose TF counterparts have dense gradients.

        >>> gather_dense(x, [2, 0])   # == tf.gather(x, [2, 0]); tape.gradient gives a tensor
    """
    p, i = _as_tensor(params), _as_tensor(indices)
    if axis < 0:
        axis += p.shape.rank
    return execute(GATHER_DENSE, (p, i), {"axis": axis, "batch_dims": 0})


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
    out[(slice(None),) * axis + (mask.reshape(-1).astype(bool),)] = g
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

