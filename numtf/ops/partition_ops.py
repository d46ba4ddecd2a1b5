"""Partitioning and small array utilities: tf.dynamic_partition, tf.dynamic_stitch,
tf.unravel_index, tf.histogram_fixed_width(_bins), tf.identity_n and tf.tuple.

dynamic_partition's gradient stitches the output gradients back into the input order (a
dynamic_stitch of the partitioned positions, so it is itself differentiable); dynamic_stitch's
gradient gathers each data tensor's rows of the output gradient by its indices, as TF does (a row
overwritten by a later index still receives that position's gradient).

    >>> [p.numpy().tolist() for p in tf.dynamic_partition([10, 20, 30, 40], [0, 1, 0, 1], 2)]
    [[10, 30], [20, 40]]
"""
import builtins

import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _dims_text, _err, _variant, _scalar_int, reshape, size, shape
from .creation_ops import _tf_range
from .gather_ops import gather
from .registry import primitive, no_gradient, execute
from .stack_ops import cast, identity

__all__ = []  # exported by numtf/__init__.py
_pytuple = builtins.tuple  # this module defines tf.tuple

_INDEX = (dtypes.int32, dtypes.int64)


def _index_tensor(x, op, what):
    t = _as_tensor(x)
    if t.dtype is dtypes.int64 and op == "DynamicPartition":
        raise TypeError(f"Value passed to parameter '{what}' has DataType int64 not in list of allowed values: int32")
    if t.dtype not in _INDEX:
        raise TypeError(f"Value passed to parameter '{what}' has DataType {t.dtype.name} not in list of allowed "
                        f"values: int32{', int64' if op != 'DynamicPartition' else ''}")
    return t


# -- dynamic_partition ---------------------------------------------------------------------------
def _partition_kernel(data, partitions, num_partitions):
    op = "DynamicPartition"
    ps = partitions.shape
    if data.shape[:len(ps)] != ps:
        raise _err(op, f"data.shape must start with partitions.shape, got data.shape = {_dims_text(data.shape)}, "
                       f"partitions.shape = {_dims_text(ps)}")
    flat_p = partitions.reshape(-1)
    bad = np.flatnonzero((flat_p < 0) | (flat_p >= num_partitions))
    if bad.size:
        i = int(bad[0])
        where = ",".join(str(v) for v in np.unravel_index(i, ps)) if ps else ""
        raise _err(op, f"partitions[{where}] = {int(flat_p[i])} is not in [0, {num_partitions})")
    flat = data.reshape((-1,) + data.shape[len(ps):])
    return _pytuple(np.ascontiguousarray(flat[flat_p == k]) for k in range(num_partitions))


def _partition_infer(ins, attrs):
    ds, ps = ins[0].shape, ins[1].shape
    n = attrs["num_partitions"]
    if ds.rank is None or ps.rank is None:
        return [(TensorShape(None), ins[0].dtype)] * n
    if ps.rank > ds.rank or not TensorShape(list(ds)[:ps.rank]).is_compatible_with(ps):
        raise ValueError(f"Dimensions must be equal for 'DynamicPartition': data shape {ds} must start with "
                         f"partitions shape {ps}")
    return [(TensorShape([None] + list(ds)[ps.rank:]), ins[0].dtype)] * n


def _partition_grad(node, *gs):
    data, parts = node.inputs
    n = node.attrs["num_partitions"]
    positions = reshape(_tf_range(size(parts)), shape(parts))
    pieces = dynamic_partition(positions, parts, n)
    stitched = dynamic_stitch(pieces, list(gs))
    return reshape(stitched, shape(data)), None


def dynamic_partition(data, partitions, num_partitions, name=None):
    """Splits `data` into `num_partitions` tensors: element (row) i goes to output
    `partitions[i]`, in order. `partitions` (int32) has a prefix of data's shape.

        >>> [p.numpy().tolist() for p in tf.dynamic_partition([1, 2, 3], [1, 1, 0], 2)]
        [[3], [1, 2]]
    """
    d = _as_tensor(data)
    p = _index_tensor(partitions, "DynamicPartition", "partitions")
    n = _scalar_int(num_partitions, "num_partitions")
    if n < 1:
        raise ValueError(f"Value for attr 'num_partitions' of {n} must be at least minimum 1")
    op = _variant("DynamicPartition", n, _partition_kernel, _partition_infer, _partition_grad)
    return list(execute(op, (d, p), {"num_partitions": n}))


# -- dynamic_stitch ------------------------------------------------------------------------------
def _stitch_kernel(*arrays, n):
    op = "DynamicStitch"
    idx, data = arrays[:n], arrays[n:]
    inner = None
    for k, (i, d) in enumerate(zip(idx, data)):
        if d.shape[:i.ndim] != i.shape:
            raise _err(op, f"data[{k}].shape = {_dims_text(d.shape)} does not start with indices[{k}].shape = "
                           f"{_dims_text(i.shape)}")
        rest = d.shape[i.ndim:]
        if inner is None:
            inner = rest
        elif rest != inner:
            raise _err(op, f"Need data[0].shape[{idx[0].ndim}:] = data[{k}].shape[{i.ndim}:], got data[0].shape = "
                           f"{_dims_text(data[0].shape)}, data[{k}].shape = {_dims_text(d.shape)}, indices[0].shape = "
                           f"{_dims_text(idx[0].shape)}, indices[{k}].shape = {_dims_text(i.shape)}")
    flat_i = [np.asarray(i, np.int64).reshape(-1) for i in idx]
    if any(np.any(i < 0) for i in flat_i):
        k = next(k for k, i in enumerate(flat_i) if np.any(i < 0))
        raise _err(op, f"indices[{k}] has a negative value: {int(flat_i[k].min())}")
    m = max((int(i.max()) + 1 for i in flat_i if i.size), default=0)
    out = np.zeros((m,) + inner, data[0].dtype)
    for i, d in zip(flat_i, data):  # later tensors (and later positions) overwrite earlier ones
        if i.size:
            out[i] = d.reshape((-1,) + inner)
    return out


def _stitch_infer(ins, attrs):
    n = attrs["n"]
    idx, data = ins[:n], ins[n:]
    inner = None
    for i, d in zip(idx, data):
        if i.shape.rank is not None and d.shape.rank is not None:
            inner = list(d.shape)[i.shape.rank:]
            break
    return [(TensorShape(None if inner is None else [attrs.get("static_max")] + inner), data[0].dtype)]


def _stitch_grad(node, g):
    n = node.attrs["n"]
    idx = node.inputs[:n]
    return (None,) * n + _pytuple(gather(g, cast(i, dtypes.int32) if i.dtype is not dtypes.int32 else i)
                               for i in idx)


def dynamic_stitch(indices, data, name=None):
    """Interleaves `data` into one tensor: `merged[indices[m][i]] = data[m][i]`; when an index
    repeats, the last one (in list order) wins.

        >>> tf.dynamic_stitch([[0, 2], [1]], [[1., 3.], [2.]]).numpy().tolist()
        [1.0, 2.0, 3.0]
    """
    if len(indices) != len(data):
        raise ValueError(f"List argument 'data' to 'DynamicStitch' Op with length {len(data)} must match length "
                         f"{len(indices)} of argument 'indices'.")
    if not indices:
        raise ValueError("List argument 'indices' to 'DynamicStitch' Op with length 0 shorter than minimum length 1.")
    idx = [_index_tensor(i, "DynamicStitch", "indices") for i in indices]
    ds = [_as_tensor(d) for d in data]
    d0 = ds[0].dtype
    ds = [d if d.dtype is d0 else _as_tensor(d, d0) if type(d) is not Tensor else d for d in ds]
    for k, d in enumerate(ds):
        if d.dtype is not d0:
            raise TypeError(f"Tensors in list passed to 'data' of 'DynamicStitch' Op have types "
                            f"[{', '.join(t.dtype.name for t in ds)}] that don't all match.")
    n = len(idx)
    static_max = None
    if all(type(i) is Tensor for i in idx):
        static_max = max((int(i._value.max()) + 1 for i in idx if i._value.size), default=0)
    op = _stitch_op(n)
    return execute(op, _pytuple(idx) + _pytuple(ds), {"n": n, "static_max": static_max})


_STITCH = {}


def _stitch_op(n):
    """The DynamicStitch op for `n` index/data pairs (an op's input list is fixed per op here)."""
    op = _STITCH.get(n)
    if op is None:
        op = _STITCH[n] = primitive(f"DynamicStitch_{n}", lambda *a, n, static_max=None: _stitch_kernel(*a, n=n),
                                    _stitch_infer, grad=_stitch_grad)
    return op


# -- unravel_index -------------------------------------------------------------------------------
def _unravel_kernel(indices, dims):
    op = "UnravelIndex"
    if dims.ndim != 1:
        raise _err(op, f"The dims argument must be a 1-D vector, got shape {_dims_text(dims.shape)}")
    if np.any(dims <= 0):
        raise _err(op, "All dimensions in dims must be positive")
    if indices.ndim > 1:
        raise _err(op, f"The indices argument must be a scalar or 1-D vector, got shape {_dims_text(indices.shape)}")
    total = int(np.prod(dims.astype(np.int64)))
    if np.any((indices < 0) | (indices >= total)):
        raise _err(op, "index is out of bound as with dims")
    return np.stack(np.unravel_index(indices.astype(np.int64), _pytuple(int(d) for d in dims))).astype(indices.dtype)


def _unravel_infer(ins, attrs):
    d = ins[1].shape
    k = d[0] if d.rank == 1 else None
    i = ins[0].shape
    return [(TensorShape([k] + ([] if i.rank == 0 else [None] if i.rank is None else list(i))), ins[0].dtype)]


UNRAVEL = primitive("UnravelIndex", _unravel_kernel, _unravel_infer)
no_gradient(UNRAVEL, "its outputs are integer coordinates")


def unravel_index(indices, dims, name=None):
    """Converts flat indices into coordinates in an array of shape `dims` (row-major): returns
    [len(dims)] for a scalar index, [len(dims), N] for N indices.

        >>> tf.unravel_index([5, 7], [3, 4]).numpy().tolist()
        [[1, 1], [1, 3]]
    """
    i = _index_tensor(indices, "UnravelIndex", "indices")
    d = _as_tensor(dims, i.dtype) if not isinstance(dims, Tensor) else dims
    if d.dtype is not i.dtype:
        raise TypeError(f"Input 'dims' of 'UnravelIndex' Op has type {d.dtype.name} that does not match type "
                        f"{i.dtype.name} of argument 'indices'.")
    return execute(UNRAVEL, (i, d))


# -- histograms ----------------------------------------------------------------------------------
def _bins_kernel(values, value_range, nbins, dtype):
    op = "HistogramFixedWidth"
    if value_range.shape != (2,):
        raise _err(op, f"value_range should be a vector of 2 elements, got shape {_dims_text(value_range.shape)}")
    if np.ndim(nbins) != 0:
        raise _err(op, f"nbins should be a scalar, got shape {_dims_text(np.shape(nbins))}")
    n = int(nbins)
    if n <= 0:
        raise _err(op, f"nbins should be a positive number, but got '{n}'")
    lo, hi = value_range[0], value_range[1]
    if not lo < hi:
        raise _err(op, f"value_range should satisfy value_range[0] < value_range[1], but got '[{lo}, {hi}]'")
    # Computed in the values' dtype, as TF's kernel does (it decides which bin a boundary lands in).
    if values.dtype.kind == "f":
        scaled = (values - lo) / (hi - lo)
        idx = np.floor(scaled * values.dtype.type(n))
    else:
        scaled = (values.astype(np.float64) - float(lo)) / (float(hi) - float(lo))
        idx = np.floor(scaled * n)
    idx = np.clip(np.nan_to_num(idx, nan=0.0, posinf=n - 1, neginf=0), 0, n - 1).astype(np.int64)
    return idx


def _histogram_kernel(values, value_range, nbins, dtype):
    idx = _bins_kernel(values, value_range, nbins, dtype)
    return np.bincount(idx.reshape(-1), minlength=int(nbins)).astype(dtype)


def _fixed_bins_kernel(values, value_range, nbins, dtype):
    return _bins_kernel(values, value_range, nbins, dtype).astype(dtype)


HISTOGRAM = primitive("HistogramFixedWidth", _histogram_kernel,
                      lambda ins, a: [(TensorShape([None]), dtypes.as_dtype(a["dtype"]))])
HISTOGRAM_BINS = primitive("HistogramFixedWidthBins", _fixed_bins_kernel,
                           lambda ins, a: [(ins[0].shape, dtypes.as_dtype(a["dtype"]))])
no_gradient(HISTOGRAM, "its outputs are integer counts")
no_gradient(HISTOGRAM_BINS, "its outputs are integer bin indices")
_HIST_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16)


def _hist_args(values, value_range, nbins, dtype):
    v = _as_tensor(values)
    if v.dtype not in _HIST_TYPES:
        raise TypeError(f"Value passed to parameter 'values' has DataType {v.dtype.name} not in list of allowed "
                        "values: int32, int64, float32, float64")
    r = _as_tensor(value_range, v.dtype) if not isinstance(value_range, Tensor) else value_range
    if r.dtype is not v.dtype:
        raise TypeError(f"Input 'value_range' of 'HistogramFixedWidth' Op has type {r.dtype.name} that does not "
                        f"match type {v.dtype.name} of argument 'values'.")
    d = dtypes.as_dtype(dtype)
    if d not in _INDEX:
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {d.name} not in list of allowed values: "
                        "int32, int64")
    return v, r, _scalar_int(nbins, "nbins"), d


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """Counts `values` in `nbins` equal bins spanning `value_range` ([lo, hi]); values below lo
    count in the first bin and values at or above hi in the last.

        >>> tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], [0.0, 5.0], nbins=5).numpy().tolist()
        [2, 1, 1, 0, 2]
    """
    v, r, n, d = _hist_args(values, value_range, nbins, dtype)
    out = execute(HISTOGRAM, (v, r), {"nbins": n, "dtype": d._np})
    if type(out) is not Tensor:
        out.set_shape([n])
    return out


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """The bin index of each element of `values` for the binning `histogram_fixed_width` uses.

        >>> tf.histogram_fixed_width_bins([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], [0.0, 5.0], nbins=5).numpy().tolist()
        [0, 0, 1, 2, 4, 4]
    """
    v, r, n, d = _hist_args(values, value_range, nbins, dtype)
    return execute(HISTOGRAM_BINS, (v, r), {"nbins": n, "dtype": d._np})


# -- identity_n / tuple --------------------------------------------------------------------------
def _identity_n_infer(ins, attrs):
    return [(t.shape, t.dtype) for t in ins]


def identity_n(input, name=None):  # noqa: A002
    """Returns a list of tensors with the same values as the list `input` (any dtypes); the
    gradient passes straight through.

        >>> [t.numpy().tolist() for t in tf.identity_n([1, 2.0])]
        [1, 2.0]
    """
    ts = [_as_tensor(t) for t in input]
    if not ts:
        raise ValueError("List argument 'input' to 'IdentityN' Op with length 0 shorter than minimum length 1.")
    op = _variant("IdentityN", len(ts), lambda *a: _pytuple(a), _identity_n_infer, lambda n, *gs: gs)
    return list(execute(op, _pytuple(ts)))


def tuple(tensors, control_inputs=None, name=None):  # noqa: A001 - TensorFlow's name
    """Groups tensors: returns them (as identities) once all of them, and every op in
    `control_inputs`, have been computed. Eagerly everything has already run, so this only
    checks its arguments; in numtf graphs ops run in traced order, which gives the same
    guarantee. `None` entries stay None.

        >>> [t.numpy().tolist() for t in tf.tuple([tf.constant(1), tf.constant(2)])]
        [1, 2]
    """
    if control_inputs is not None:
        for c in control_inputs:
            if not (isinstance(c, Tensor) or hasattr(c, "outputs") or hasattr(c, "node") or hasattr(c, "run")):
                raise TypeError(f"'control_inputs' must only contain Operation or Tensor. Received: {type(c)}")
    return [None if t is None else identity(t) for t in tensors]
