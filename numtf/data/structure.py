"""Element structures of tf.data: nested tuples and dicts of tensors, described by TensorSpecs.

Inside a pipeline an element travels as a flat tuple of NumPy arrays (one per component, in
`nest.flatten` order); it is packed into its structure of eager tensors only when it leaves the
pipeline. As in TensorFlow, tuples, dicts and namedtuples are structure while Python lists are
values (`from_tensor_slices([[1, 2], [3, 4]])` slices one 2x2 tensor).

    >>> normalize(([1, 2], {'a': 1.0}))[0]
    (TensorSpec(shape=(2,), dtype=tf.int32, name=None), {'a': TensorSpec(shape=(), dtype=tf.float32, name=None)})
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor, SymbolicTensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from ..framework.tensor_spec import TensorSpec
from ..ops.convert import convert_to_tensor
from ..util import nest
from . import sparse_elements as sparse

_from_np = dtypes.from_numpy


def is_structure(x):
    return isinstance(x, (tuple, dict))


def map_leaves(fn, structure):
    """Applies `fn` to each leaf of a tuple/dict structure (lists are leaves), keeping its shape."""
    if isinstance(structure, dict):
        return type(structure)((k, map_leaves(fn, v)) for k, v in structure.items()) \
            if type(structure) is not dict else {k: map_leaves(fn, v) for k, v in structure.items()}
    if isinstance(structure, tuple):
        items = [map_leaves(fn, v) for v in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return fn(structure)


def flatten(structure):
    return nest.flatten(structure)


def pack(structure, flat):
    return nest.pack_sequence_as(structure, flat)


def to_value(x, dtype=None):
    """A leaf as what a dataset stores: a read-only NumPy array of its own (so the slices and
    batches it hands out can be views, and nothing can write through them) or, while a graph is
    being built, a symbolic tensor."""
    if isinstance(x, sparse.SparseTensor):
        return sparse.to_value(x)
    if isinstance(x, SymbolicTensor):
        if dtype is not None and x.dtype != dtype:
            raise TypeError(f"Expected {dtype.name}, got a tensor of dtype {x.dtype.name}")
        return x
    if isinstance(x, (Tensor, Variable)):
        t = convert_to_tensor(x, dtype)
        if isinstance(t, SymbolicTensor):
            return t
        a = np.array(t._value, copy=True)  # never freeze a buffer someone else owns
    elif isinstance(x, np.ndarray) and x.dtype.kind not in "SUO":
        a = np.array(x, copy=True)
        if dtype is not None and a.dtype != dtype._np:
            a = a.astype(dtype._np)
    else:
        if x is None:
            raise TypeError("Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) "
                            "to a Tensor.")
        from ..ops.convert import to_array
        a = np.array(to_array(x, dtype), copy=True)
    a.setflags(write=False)
    return a


def dtype_of(v):
    """The DType of a stored leaf (array or symbolic tensor)."""
    if isinstance(v, SymbolicTensor):
        return v.dtype
    return _from_np(v.dtype)


def shape_of(v):
    if type(v) is sparse.SparseValue:
        return TensorShape([int(d) for d in v.dense_shape])
    if isinstance(v, SymbolicTensor):
        return v.shape
    return TensorShape(v.shape)


def spec_of(v):
    if type(v) is sparse.SparseValue:
        return sparse.spec_of(v)
    return TensorSpec(shape_of(v), dtype_of(v))


def normalize(value):
    """(structure of TensorSpecs, flat list of stored leaves) for a user-given element (lists are
    values here, so they are converted like `tf.constant` would)."""
    struct = map_leaves(to_value, value)  # every leaf converted; containers are tuples and dicts only
    flat = flatten(struct)
    return map_leaves(spec_of, struct), flat


def make_packer(structure):
    """A fast function from a flat list of tensors to the element's structure."""
    if isinstance(structure, TensorSpec):
        return _first
    if type(structure) is tuple and all(isinstance(s, TensorSpec) for s in structure):
        return tuple
    return lambda flat: nest.pack_sequence_as(structure, flat)


def _first(flat):
    return flat[0]


def as_array(v):
    """A kernel result as an array (NumPy scalars included) with a `.shape`."""
    if isinstance(v, (np.ndarray, np.generic)):
        return v
    return np.asarray(v)


def make_wrapper(flat_specs):
    """A function from a flat tuple of arrays to a list of eager tensors of the specs' dtypes."""
    dts = [s.dtype for s in flat_specs]
    from .windowing import has_dataset_specs, user_value, DatasetSpec
    if has_dataset_specs(flat_specs):
        return lambda flat: [user_value(s, v) if isinstance(s, DatasetSpec) else wrap(v, s.dtype)
                             for v, s in zip(flat, flat_specs)]
    if sparse.has_sparse(flat_specs):
        return lambda flat: [sparse.eager_leaf(v, s) for v, s in zip(flat, flat_specs)]
    if len(dts) == 1:
        d0 = dts[0]
        return lambda flat: [wrap(flat[0], d0)]
    return lambda flat: [wrap(v, d) for v, d in zip(flat, dts)]


def compatible_spec(a, b):
    """The most specific spec compatible with both (dtype must agree), or None."""
    if type(a) is not type(b) or a.dtype != b.dtype:
        return None
    if type(a) is sparse.SparseTensorSpec:
        return a.most_specific_common_supertype([b])
    return TensorSpec(a.shape.most_specific_compatible_shape(b.shape), a.dtype)


def same_structure(a, b):
    try:
        nest.assert_same_structure(a, b)
    except (ValueError, TypeError):
        return False
    return True


def batched_spec(spec, dim):
    if type(spec) is sparse.SparseTensorSpec:
        return sparse.batched_spec(spec, dim)
    return TensorSpec(TensorShape([dim]).concatenate(spec.shape), spec.dtype)


def unbatched_spec(spec):
    if type(spec) is sparse.SparseTensorSpec:
        return sparse.unbatched_spec(spec)
    if spec.shape.rank is None:
        return TensorSpec(None, spec.dtype)
    return TensorSpec(spec.shape[1:], spec.dtype)


def numpy_value(v, dtype):
    """What `as_numpy_iterator` yields for a component: NumPy scalars for rank 0 (bytes for strings)."""
    if type(v) is sparse.SparseValue:
        return sparse.dense_value(v)
    if not isinstance(v, (np.ndarray, np.generic)):
        v = np.asarray(v)
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return v[()]
    return v


def cast_value(value, spec):
    """Converts a Python/NumPy value to an array of `spec.dtype` (from_generator's rule: NumPy's cast)."""
    if isinstance(value, Tensor):
        value = value._value
    dt = spec.dtype
    if dt is dtypes.string:
        a = np.asarray(value, dtype=object)
        out = np.empty(a.shape, dtype=object)
        flat_out = out.reshape(-1)
        for i, x in enumerate(a.reshape(-1)):
            if isinstance(x, str):
                x = x.encode()
            elif not isinstance(x, bytes):
                raise TypeError(x)
            flat_out[i] = x
        return out
    return np.asarray(value).astype(dt._np, copy=False)
