"""`tf.TensorSpec`: the type of a tensor (shape, None dims matching any size, and dtype) plus an
optional name; what tf.function input signatures, `element_spec` and traces describe tensors by.

    >>> tf.TensorSpec([None, 3], tf.float32, name="x")
    TensorSpec(shape=(None, 3), dtype=tf.float32, name='x')
    >>> tf.TensorSpec([None, 3]).is_compatible_with(tf.ones([2, 3]))
    True
"""
from . import dtypes
from .tensor_shape import TensorShape


class TypeSpec:
    """What tf.TensorSpec and tf.SparseTensorSpec share (TF's TypeSpec base)."""
    __slots__ = ()

    def most_specific_compatible_type(self, other):
        """(Deprecated in TF) `most_specific_common_supertype([other])`, raising when there is none."""
        out = self.most_specific_common_supertype([other])
        if out is None:
            raise ValueError(f"No TypeSpec is compatible with both {self!r} and {other!r}")
        return out

    def __ne__(self, other):
        return not self == other


class TensorSpec(TypeSpec):
    """Describes a tensor: `tf.TensorSpec(shape, dtype=tf.float32, name=None)`.

    As in TF, two specs are equal only when their names are too, and `is_compatible_with`
    accepts tensors and TensorSpecs (not NumPy arrays, lists or Variables)."""

    __slots__ = ("shape", "dtype", "name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self.shape = TensorShape(shape)
        self.dtype = dtypes.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of `tensor` (named `name`)."""
        return cls(tensor.shape, tensor.dtype, name)

    @classmethod
    def from_spec(cls, spec, name=None):
        """A copy of `spec`, renamed when `name` is given: `TensorSpec.from_spec(s, name="y")`."""
        return cls(spec.shape, spec.dtype, name or spec.name)

    @property
    def value_type(self):
        from .tensor import Tensor
        return Tensor

    def is_compatible_with(self, spec_or_tensor):
        """Whether a tensor (or spec) of the same dtype whose shape fits this one's."""
        from .tensor import Tensor
        if not isinstance(spec_or_tensor, (TensorSpec, Tensor)):
            return False
        return self.dtype == spec_or_tensor.dtype and self.shape.is_compatible_with(spec_or_tensor.shape)

    def is_subtype_of(self, other):
        """True when every tensor this spec describes fits `other` (same dtype and name)."""
        return type(other) is TensorSpec and self.dtype == other.dtype and self.name == other.name \
            and other.shape.is_compatible_with(self.shape) and (other.shape.rank is None or self.shape.rank is not None
                                                                and _more_specific(self.shape, other.shape))

    def most_specific_common_supertype(self, others):
        """The spec keeping the dims all of them agree on; None when dtypes or names differ."""
        shape = self.shape
        for o in others:
            if type(o) is not TensorSpec or o.dtype != self.dtype or o.name != self.name:
                return None
            shape = shape.most_specific_compatible_shape(o.shape)
        return TensorSpec(shape, self.dtype, self.name)

    def __eq__(self, other):
        return type(other) is TensorSpec and self.dtype == other.dtype and self.name == other.name \
            and dims(self.shape) == dims(other.shape)

    def __hash__(self):  # (the name is left out, as in TF)
        return hash((dims(self.shape), self.dtype))

    def __repr__(self):
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"


def dims(shape):
    """A shape's dims as a tuple (None dims kept), or None for an unknown rank: a hashable key."""
    return None if shape.rank is None else tuple(shape.as_list())


def _more_specific(a, b):
    """a's dims equal b's wherever b's are known (both of one rank)."""
    return all(y is None or x == y for x, y in zip(a.as_list(), b.as_list()))
