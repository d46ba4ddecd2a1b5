"""`tf.Tensor`: an immutable NumPy value with a TF dtype; `SymbolicTensor` for graphs.

Arithmetic operators and `__getitem__` are attached by `numtf.ops` (the framework layer
imports nothing above it), exactly like TensorFlow's operator overloading.

    >>> x = tf.constant([[1., 2.], [3., 4.]])
    >>> x.shape, x.dtype
    (TensorShape([2, 2]), tf.float32)
"""
import numpy as np

from . import dtypes
from .context import ctx
from .errors import OperatorNotAllowedInGraphError
from .tensor_shape import TensorShape, from_tuple as _shape_from_tuple

__all__ = ["Tensor", "SymbolicTensor", "wrap", "numpy_text", "Reference"]


def numpy_text(value, is_repr=False):
    """TF's rendering of a tensor's value inside `repr`/`str` (scalars print as plain values)."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        text = repr(value) if is_repr else str(value)
    elif is_repr:  # TF shows a scalar as its Python value: float32 1/3 is 0.3333333432674408
        text = repr(np.asarray(value).item())
    else:
        text = str(value[()] if isinstance(value, np.ndarray) else value)
    if "\n" in text:
        text = "\n" + text
    return text


class Tensor:
    """An eager tensor. `_value` is a NumPy array (or NumPy scalar) that is never mutated."""
    __slots__ = ("_value", "_dtype", "_keras_mask", "_keras_logits", "_keras_history", "_grad_hint",
                 "_sliced_from", "__weakref__")
    # Makes `ndarray + Tensor` call Tensor.__radd__ instead of NumPy broadcasting over it.
    __array_priority__ = 100

    def __init__(self, value, dtype=None):
        # Public constructor for completeness; numtf itself uses `wrap` (no checks, faster).
        value = np.asarray(value)
        self._value = value
        self._dtype = dtypes.as_dtype(dtype) if dtype is not None else dtypes.from_numpy(value.dtype)

    # -- value access -------------------------------------------------------------------
    def numpy(self):
        """The value as a NumPy array (a NumPy scalar for rank 0), as TF returns it."""
        v = self._value
        if type(v) is np.ndarray and v.ndim == 0:
            return v[()]  # a string scalar gives bytes, as TF's
        return v

    def __array__(self, dtype=None, copy=None):
        v = np.asarray(self._value)
        if dtype is not None and v.dtype != dtype:
            return v.astype(dtype)
        if copy:
            return v.copy()
        return v

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return _shape_from_tuple(self._value.shape)

    def get_shape(self):
        return self.shape

    def set_shape(self, shape):
        if not self.shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied shape {TensorShape(shape)}.")

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Tensor.graph is undefined when eager execution is enabled.")

    def ref(self):
        """A hashable reference to this tensor (tensors themselves are unhashable)."""
        return Reference(self)

    experimental_ref = ref

    def _is_symbolic(self):
        return False

    @property
    def op(self):
        raise AttributeError("Tensor.op is undefined when eager execution is enabled.")

    @property
    def value_index(self):
        raise AttributeError("Tensor.value_index is undefined when eager execution is enabled.")

    # -- Python protocol ----------------------------------------------------------------
    def __hash__(self):  # TF2: tensors are unhashable; use .ref()
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def __bool__(self):
        try:
            return bool(self._value)
        except ValueError:
            if self._value.size == 0:  # TF: an empty tensor is False
                return False
            raise

    def __nonzero__(self):
        return self.__bool__()

    def __float__(self):
        return float(self._value)

    def __int__(self):
        return int(self._value)

    def __index__(self):
        # As TF: the NumPy value's own __index__ (a float tensor has none: AttributeError).
        return self.numpy().__index__()

    def __complex__(self):
        return complex(self._value)

    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        from ..ops.array_ops import unstack  # deferred: ops sits above framework
        return iter(unstack(self))

    def __reduce__(self):
        return wrap_new, (self.numpy(), self._dtype.name)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        return (f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, "
                f"numpy={numpy_text(self._value, is_repr=True)}>")

    def __str__(self):
        return f"tf.Tensor({numpy_text(self._value)}, shape={self.shape}, dtype={self._dtype.name})"

    def __format__(self, spec):
        return format(np.asarray(self._value), spec)


EagerTensor = Tensor
_new = object.__new__


def wrap(value, dtype):
    """Wraps a NumPy result as a Tensor without copying or checking (the hot path)."""
    t = _new(Tensor)
    t._value = value
    t._dtype = dtype
    return t


def wrap_new(value, dtype_name):
    return wrap(np.asarray(value), dtypes.as_dtype(dtype_name))


class SymbolicTensor(Tensor):
    """A tensor in a graph: the `index`-th output of node `op`, with a static shape."""
    __slots__ = ("_shape", "op", "value_index")

    def __init__(self, op, value_index, shape, dtype):
        self.op = op
        self.value_index = value_index
        self._shape = TensorShape(shape)
        self._dtype = dtype

    @property
    def shape(self):
        return self._shape

    @property
    def ndim(self):
        return self._shape.rank

    @property
    def name(self):
        if getattr(self, "_keras_history", None) is not None and self.op.op.name == "Placeholder":
            return self.op.name  # a Keras Input is named like its layer ('input_1')
        return f"{self.op.name}:{self.value_index}"

    @property
    def graph(self):
        return self.op.graph

    def _is_symbolic(self):
        return True

    # Graph tensors key feed_dicts (TF1 style), so they hash by identity.
    __hash__ = object.__hash__

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(shape)

    def numpy(self):
        # TF's graph tensors have no `numpy` attribute: an AttributeError, with numtf's hint.
        raise AttributeError(
            "'SymbolicTensor' object has no attribute 'numpy': numpy() is only available when eager "
            f"execution is enabled; {self.name} is a symbolic tensor inside a graph (tf.function or a "
            "v1 graph). Hint: use tf.print to see values while the graph runs, or "
            "tf.config.run_functions_eagerly(True).")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert a symbolic tf.Tensor ({self.name}) to a numpy array. This error "
            "may indicate that you're trying to pass a Tensor to a NumPy call, which is not supported.")

    def eval(self, feed_dict=None, session=None):
        from ..graph.session import default_session_run  # deferred: graph sits above framework
        return default_session_run(self, feed_dict, session)

    def _not_allowed(self, what):
        raise OperatorNotAllowedInGraphError(
            f"{what} a symbolic `tf.Tensor` is not allowed: AutoGraph did convert this function. "
            "This might indicate you are trying to use an unsupported feature."
            if ctx.graph is not None and getattr(ctx.graph, "autograph", False) else
            f"{what} a symbolic `tf.Tensor` is not allowed in Graph execution. Hint: use "
            "Eager execution or decorate this function with @tf.function (AutoGraph converts "
            "Python `if`/`while`/`for` over tensors into tf.cond/tf.while_loop).")

    def __bool__(self):
        self._not_allowed("Using")

    def __iter__(self):
        if self._shape.rank is None or self._shape.rank == 0 or self._shape[0] is None:
            self._not_allowed("Iterating over")
        from ..ops.array_ops import unstack
        return iter(unstack(self))

    def __float__(self):
        self._not_allowed("Converting to float")

    def __int__(self):
        self._not_allowed("Converting to int")

    def __index__(self):
        self._not_allowed("Using as an index")

    def __len__(self):
        if self._shape.rank is None or self._shape.rank == 0 or self._shape[0] is None:
            raise TypeError(f"len is not well defined for a symbolic Tensor ({self.name}) whose first dimension is unknown.")
        return self._shape[0]

    def __reduce__(self):
        raise TypeError(f"Cannot pickle the symbolic tensor {self.name}")

    def __format__(self, spec):
        return format(str(self), spec)

    def __repr__(self):
        history = getattr(self, "_keras_history", None)
        if history is not None:
            return (f"<KerasTensor: shape={self._shape} dtype={self._dtype.name} "
                    f"(created by layer '{history[0].name}')>")
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        history = getattr(self, "_keras_history", None)
        if history is not None:
            spec_name = f"'{self.name}'" if self.op.op.name == "Placeholder" else "None"
            return (f"KerasTensor(type_spec=TensorSpec(shape={self._shape}, dtype=tf.{self._dtype.name}, "
                    f"name={spec_name}), name='{self.name}', description=\"created by layer "
                    f"'{history[0].name}'\")")
        return f"Tensor(\"{self.name}\", shape={self._shape}, dtype={self._dtype.name})"


class Reference:
    """`tensor.ref()`: hashable by identity; `deref()` gives the tensor back."""
    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self):
        return id(self._obj)

    def __eq__(self, other):
        return isinstance(other, Reference) and other._obj is self._obj

    def __repr__(self):
        return f"<Reference wrapping {self._obj!r}>"
