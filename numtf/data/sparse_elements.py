"""SparseTensor elements in tf.data.

A sparse component is one leaf of the element structure, described by a `tf.SparseTensorSpec`.
Inside the pipeline it travels as one `SparseValue` (the read-only indices, values and
dense_shape arrays) in the element's flat tuple, so shuffle, repeat, take, cache, prefetch, zip
and concatenate pass it on untouched; slicing, batching, unbatching and the boundaries of traced
functions (where it is three placeholders/outputs) are done here, as TensorFlow does them.

    >>> ds = tf.data.Dataset.from_tensor_slices(tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [2, 3]))
    >>> ds.element_spec
    SparseTensorSpec(TensorShape([3]), tf.float32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.sparse_tensor import SparseTensor, SparseTensorSpec
from ..framework.tensor import Tensor, SymbolicTensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec


class SparseValue:
    """A sparse component as the pipeline stores it: (indices [N, rank] int64, values [N],
    dense_shape [rank] int64) NumPy arrays, never written to."""

    __slots__ = ("indices", "values", "dense_shape")

    def __init__(self, indices, values, dense_shape):
        self.indices, self.values, self.dense_shape = indices, values, dense_shape

    def __repr__(self):
        return f"SparseValue({self.indices!r}, {self.values!r}, {self.dense_shape!r})"


def _frozen(a, dtype=None):
    a = np.array(a, dtype=dtype, copy=True)
    a.setflags(write=False)
    return a


def is_sparse(x):
    return isinstance(x, SparseTensor)


def to_value(sp):
    """A user's SparseTensor as a SparseValue (eager) or, while a graph is built, unsupported."""
    parts = (sp.indices, sp.values, sp.dense_shape)
    if any(isinstance(p, SymbolicTensor) for p in parts):
        raise NotImplementedError("numtf: a dataset built inside a traced function (flat_map, interleave) "
                                  "from a symbolic SparseTensor is not supported.")
    return SparseValue(_frozen(sp.indices._value, np.int64), _frozen(sp.values._value),
                       _frozen(sp.dense_shape._value, np.int64))


def spec_of(v):
    return SparseTensorSpec(TensorShape([int(d) for d in v.dense_shape]), dtypes.from_numpy(v.values.dtype))


def user_value(v, spec):
    """The SparseTensor of eager tensors the user sees for a stored SparseValue."""
    return SparseTensor(wrap(v.indices, dtypes.int64), wrap(v.values, spec.dtype), wrap(v.dense_shape, dtypes.int64))


def dense_value(v):
    """What `as_numpy_iterator` yields for a sparse component: the dense array, as TF does."""
    out = np.zeros(tuple(int(d) for d in v.dense_shape), v.values.dtype)
    if len(v.indices):
        out[tuple(v.indices.T)] = v.values
    return out


# -- slicing, batching, unbatching --------------------------------------------------------------------
def rank_of(v):
    return len(v.dense_shape)


def slice_rows(v):
    """The rows (along the first dimension) of a SparseValue: a function i -> SparseValue."""
    if rank_of(v) == 0:
        raise ValueError("Unbatching a tensor is only supported for rank >= 1")
    first = v.indices[:, 0]
    order = np.argsort(first, kind="stable")
    starts = np.searchsorted(first[order], np.arange(int(v.dense_shape[0]) + 1))
    rest_shape = _frozen(v.dense_shape[1:], np.int64)

    def row(i):
        pick = order[starts[i]:starts[i + 1]]
        return SparseValue(_frozen(v.indices[pick, 1:], np.int64), _frozen(v.values[pick]), rest_shape)
    return row


def batch_values(parts):
    """One SparseValue for a list of them: a leading batch dimension, the dense shape the largest
    of each dimension (TF's rule); the ranks must agree."""
    rank = rank_of(parts[0])
    for k, p in enumerate(parts):
        if rank_of(p) != rank:
            raise InvalidArgumentError(None, "DeserializeSparse", "Inconsistent shape across SparseTensors: rank "
                                       f"prior to SparseTensor[{k}] was: {rank} but rank of SparseTensor[{k}] is: "
                                       f"{rank_of(p)} [Op:DeserializeSparse] name: ")
    rows = [np.full((len(p.indices), 1), i, np.int64) for i, p in enumerate(parts)]
    indices = np.concatenate([np.concatenate([r, p.indices.reshape(-1, rank)], 1) for r, p in zip(rows, parts)])
    values = np.concatenate([p.values for p in parts])
    shape = np.max(np.stack([p.dense_shape for p in parts]), 0) if rank else np.zeros(0, np.int64)
    return SparseValue(_frozen(indices, np.int64), _frozen(values),
                       _frozen(np.concatenate([[len(parts)], shape]), np.int64))


def unbatch_value(v):
    """The rows of a batched SparseValue (each keeps the batch's dense shape past the first dim)."""
    row = slice_rows(v)
    return [row(i) for i in range(int(v.dense_shape[0]))]


def batched_spec(spec, dim):
    return SparseTensorSpec(TensorShape([dim]).concatenate(spec.shape), spec.dtype)


def unbatched_spec(spec):
    if spec.shape.rank is None:
        return SparseTensorSpec(None, spec.dtype)
    if spec.shape.rank == 0:
        raise ValueError("Cannot unbatch an input with scalar components.")
    return SparseTensorSpec(spec.shape[1:], spec.dtype)


# -- the boundary of traced functions ----------------------------------------------------------------
def component_specs(spec):
    """The TensorSpecs of a sparse spec's three components (what a traced function's placeholders are)."""
    rank = spec.shape.rank
    return [TensorSpec([None, rank], dtypes.int64), TensorSpec([None], spec.dtype), TensorSpec([rank], dtypes.int64)]


def has_sparse(flat_specs):
    return any(type(s) is SparseTensorSpec for s in flat_specs)


def symbolic_input(g, spec, i):
    """Placeholders for a sparse argument and the SparseTensor over them (with the spec's static shape)."""
    phs = [g.placeholder(c.dtype, c.shape, f"args_{i}{suffix}")
           for c, suffix in zip(component_specs(spec), ("_indices", "_values", "_dense_shape"))]
    sp = SparseTensor(*phs)
    sp._shape_hint = spec.shape
    return phs, sp


def expand(flat):
    """A flat element with its SparseValues spread into their three arrays."""
    out = []
    for v in flat:
        if type(v) is SparseValue:
            out += [v.indices, v.values, v.dense_shape]
        else:
            out.append(v)
    return out


def regroup(values, layout):
    """The inverse of `expand` for a function's outputs; `layout` says per output whether it is sparse."""
    out, k = [], 0
    for sparse in layout:
        if sparse:
            ind, val, shp = (np.asarray(x) for x in values[k:k + 3])
            out.append(SparseValue(_frozen(ind, np.int64), _frozen(val), _frozen(shp, np.int64)))
            k += 3
        else:
            out.append(values[k])
            k += 1
    return out


def output_spec(x):
    """The SparseTensorSpec of a traced function's SparseTensor output."""
    return SparseTensorSpec(x.shape, x.dtype)


def eager_leaf(v, spec):
    """A flat component as the user sees it in an eagerly run (debug mode) function."""
    return user_value(v, spec) if type(v) is SparseValue else wrap(v, spec.dtype)


def eager_output(x):
    """An eagerly computed function output as what the pipeline stores."""
    if isinstance(x, SparseTensor):
        return to_value(x)
    return x._value if isinstance(x, Tensor) else x
