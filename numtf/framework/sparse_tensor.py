"""`tf.SparseTensor`: a tensor given by the coordinates (`indices`, int64 [N, rank]) and `values`
([N]) of its stored elements, in a dense shape (`dense_shape`, int64 [rank]).

    >>> sp = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])
    >>> sp.shape, sp.dtype
    (TensorShape([3, 4]), tf.float32)

The ops over it are in numtf/ops/sparse_ops.py (`tf.sparse.*`). The index computations run on
NumPy eagerly; the values flow through numtf ops, so gradients reach them.
"""
import numpy as np

from . import dtypes
from .tensor_shape import TensorShape
from .tensor_spec import TypeSpec, dims


def _int64_tensor(value):
    from ..ops.convert import convert_to_tensor
    from .tensor import Tensor
    if isinstance(value, Tensor) and value.dtype.is_integer and value.dtype is not dtypes.int64:
        from ..ops.stack_ops import cast
        return cast(value, dtypes.int64)
    return convert_to_tensor(value, dtypes.int64)


def _shape_text(shape):
    return str(TensorShape(shape))


class SparseTensor:
    """A sparse tensor: `values[i]` sits at `indices[i]` of a tensor of shape `dense_shape`;
    every other element is zero."""

    def __init__(self, indices, values, dense_shape):
        from ..ops.convert import convert_to_tensor
        self._indices = _int64_tensor(indices)
        self._values = convert_to_tensor(values)
        self._dense_shape = _int64_tensor(dense_shape)
        ishape, vshape, dshape = self._indices.shape, self._values.shape, self._dense_shape.shape
        if ishape.rank != 2:
            raise ValueError(f"Shape {ishape} must have rank 2")
        if vshape.rank != 1:
            raise ValueError(f"Shape {vshape} must have rank 1")
        if dshape.rank != 1:
            raise ValueError(f"Shape {dshape} must have rank 1")
        if ishape[0] is not None and vshape[0] is not None and ishape[0] != vshape[0]:
            raise ValueError(f"Dimensions {ishape[0]} and {vshape[0]} are not compatible")
        if ishape[1] is not None and dshape[0] is not None and ishape[1] != dshape[0]:
            raise ValueError(f"Dimensions {ishape[1]} and {dshape[0]} are not compatible")

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return value
        raise TypeError(f"Expected a SparseTensor, got {value!r}")

    @property
    def indices(self):
        return self._indices

    @property
    def values(self):
        return self._values

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def dtype(self):
        return self._values.dtype

    _shape_hint = None  # the static shape a traced dataset function's sparse argument has (its spec's)

    @property
    def shape(self):
        try:
            return TensorShape([int(d) for d in np.asarray(self._dense_shape)])
        except (NotImplementedError, AttributeError):  # a symbolic dense_shape
            if self._shape_hint is not None:
                return self._shape_hint
            from ..ops.array_ops import get_static_value
            known = get_static_value(self._dense_shape)  # e.g. a constant dense_shape inside a graph
            if known is not None:
                return TensorShape([int(d) for d in np.asarray(known).reshape(-1)])
            rank = self._dense_shape.shape[0] if self._dense_shape.shape.rank else None
            return TensorShape(None if rank is None else [None] * rank)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    def with_values(self, new_values):
        """The same indices and dense shape holding `new_values`."""
        out = SparseTensor(self._indices, new_values, self._dense_shape)
        out._shape_hint = self._shape_hint
        return out

    def consumers(self):
        return []

    def _numtf_arrays(self):
        return np.asarray(self._indices), np.asarray(self._dense_shape)

    # -- operators (TF's SparseTensor overloads) ----------------------------------------------
    def __mul__(self, other):
        from ..ops import sparse_ops
        return sparse_ops._cwise(self, other, "mul")

    __rmul__ = __mul__

    def __truediv__(self, other):
        from ..ops import sparse_ops
        return sparse_ops._cwise(self, other, "div")

    __div__ = __truediv__

    # TF 2.21's SparseTensor has no unary minus, abs or `+` operators (tf.sparse.add).
    __hash__ = object.__hash__

    def __repr__(self):
        return (f"SparseTensor(indices={self._indices!s}, values={self._values!s}, "
                f"dense_shape={self._dense_shape!s})")

    __str__ = __repr__


class SparseTensorValue(tuple):
    """`tf.compat.v1.SparseTensorValue`: a plain (indices, values, dense_shape) triple."""
    __slots__ = ()

    def __new__(cls, indices, values, dense_shape):
        return tuple.__new__(cls, (indices, values, dense_shape))

    indices = property(lambda self: self[0])
    values = property(lambda self: self[1])
    dense_shape = property(lambda self: self[2])


class SparseTensorSpec(TypeSpec):
    """`tf.SparseTensorSpec`: the type of a SparseTensor (its dense shape, None dims unknown, and
    dtype); what `element_spec` shows for a dataset of sparse elements.

        >>> tf.SparseTensorSpec.from_value(tf.SparseTensor([[0, 1]], [2.0], [3, 4]))
        SparseTensorSpec(TensorShape([3, 4]), tf.float32)
    """

    __slots__ = ("_shape", "_dtype")

    def __init__(self, shape=None, dtype=dtypes.float32):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    value_type = property(lambda self: SparseTensor)

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return cls(value.shape, value.dtype)
        if isinstance(value, SparseTensorValue):
            return cls(np.asarray(value.dense_shape).tolist(), dtypes.as_dtype(np.asarray(value.values).dtype))
        from .tensor import Tensor, SymbolicTensor
        kind = "EagerTensor" if isinstance(value, Tensor) and not isinstance(value, SymbolicTensor) \
            else type(value).__name__
        raise TypeError(f"Expected SparseTensor or SparseTensorValue. Received: {value} of type {kind}.")

    def is_compatible_with(self, spec_or_value):
        """True for a SparseTensor (or spec) of the same dtype whose shape fits this one's."""
        other = spec_or_value
        if isinstance(other, (SparseTensor, SparseTensorValue)):
            other = SparseTensorSpec.from_value(other)
        if not isinstance(other, SparseTensorSpec):
            return False
        return self._dtype == other._dtype and self._shape.is_compatible_with(other._shape)

    def most_specific_common_supertype(self, others):
        """The spec whose shape keeps the dims all of them agree on, or None (dtypes differ)."""
        shape = self._shape
        for o in others:
            if not isinstance(o, SparseTensorSpec) or o._dtype != self._dtype:
                return None
            shape = shape.most_specific_compatible_shape(o._shape)
        return SparseTensorSpec(shape, self._dtype)

    def __eq__(self, other):
        return type(other) is SparseTensorSpec and self._dtype == other._dtype and \
            dims(self._shape) == dims(other._shape)

    def __hash__(self):
        return hash((dims(self._shape), self._dtype))

    def __repr__(self):
        return f"SparseTensorSpec({self._shape!r}, {self._dtype!r})"

    __str__ = __repr__
