"""`tf.Variable`: mutable state whose reads are tensors.

Updates happen in place for speed, but a tensor read from a variable never changes: an
update writes in place only when nothing else holds the buffer (NumPy views hold their base,
so `sys.getrefcount` sees them too); otherwise it writes a fresh buffer (copy on write).

    >>> v = tf.Variable(1.0)
    >>> t = v.read_value(); _ = v.assign_add(1.0)
    >>> float(t), float(v)
    (1.0, 2.0)
"""
import enum
import sys

import numpy as np

from . import dtypes
from .context import ctx
from .tensor import Tensor, numpy_text, wrap, Reference
from .tensor_shape import TensorShape

_refcount = sys.getrefcount
_created = [0]  # variables created so far (tf.function allows creation on the first trace only)


def creation_count():
    return _created[0]
# Hooks installed by numtf.ops (framework imports nothing above it): value conversion and
# the graph-mode versions of reads and updates.
hooks = {}


class VariableSynchronization(enum.Enum):
    """When a distributed variable's copies agree (tf.distribute): `tf.VariableSynchronization.ON_READ`..."""
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


class _Aggregation(enum.Enum):
    # TF has two aggregation enums, V2 (tf.VariableAggregation) and V1 (tf.compat.v1's, also the
    # default of a variable given none); members of the same name are equal across the two.
    def __eq__(self, other):
        return self is other or isinstance(other, _Aggregation) and self.value == other.value

    def __hash__(self):
        return hash(self.value)


class VariableAggregationV2(_Aggregation):
    """How a distributed variable's updates combine: `tf.VariableAggregation.SUM`, MEAN..."""
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3


class VariableAggregation(_Aggregation):
    """TF1's aggregation enum (`tf.compat.v1.VariableAggregation`), equal to V2's members."""
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3


def _checked_modes(synchronization, aggregation, name):
    if not isinstance(synchronization, VariableSynchronization):
        raise ValueError(f"Invalid variable synchronization mode: {synchronization} for variable: {name}")
    if not isinstance(aggregation, _Aggregation):
        raise ValueError(f"Invalid variable aggregation mode: {aggregation} for variable: {name}")


class Variable:
    """A mutable tensor-like value. `tf.Variable(initial_value, trainable=True, name=None, dtype=None,
    shape=None)`; `initial_value` may be a callable (called once)."""
    __slots__ = ("_value", "_dtype", "_shape", "_name", "trainable", "_constraint",
                 "_initializer", "_in_graph", "_keras_attrs", "__weakref__", "__dict__")
    __array_priority__ = 100

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE,
                 shape=None, experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except when you are "
                             "not providing a `variable_def`. You provided neither.")
        _created[0] += 1
        v1 = hooks.get("v1_variable")  # tf.compat.v1 graphs: uninitialized until the initializer runs
        if v1 is not None and v1(self, initial_value, trainable, validate_shape, name, dtype, constraint,
                                  synchronization, shape):
            return
        if ctx.graph is not None and ctx.eager_default:
            # Created while tracing a tf.function: the variable is created eagerly (TF's init_scope).
            from .context import eager_mode
            with eager_mode(keep_scope=True):
                self.__init__(initial_value, trainable, validate_shape, caching_device, name, variable_def,
                              dtype, import_scope, constraint, synchronization, aggregation, shape)
            _created[0] -= 1
            return
        if callable(initial_value):
            initial_value = initial_value()
        if isinstance(initial_value, Variable):
            initial_value = initial_value.read_value()
        value = hooks["to_array"](initial_value, dtype)
        self._dtype = dtypes.from_numpy(value.dtype) if dtype is None else dtypes.as_dtype(dtype)
        self._value = np.array(value, dtype=self._dtype._np, copy=True)
        self._shape = TensorShape(value.shape) if shape is None else TensorShape(shape)
        if validate_shape and not self._shape.is_compatible_with(value.shape):
            raise ValueError(f"In this `tf.Variable` creation, the initial value's shape ({value.shape}) is not "
                             f"compatible with the explicitly supplied `shape` argument ({self._shape.as_list()}).")
        _checked_modes(synchronization, aggregation, name)
        self.trainable = (synchronization != VariableSynchronization.ON_READ) if trainable is None else bool(trainable)
        if synchronization is not VariableSynchronization.AUTO:
            self.__dict__["_synchronization"] = synchronization
        if aggregation is not VariableAggregation.NONE:
            self.__dict__["_aggregation"] = aggregation
        self._constraint = constraint
        base = (name or "Variable").split(":")[0]
        self._in_graph = False  # a TF1 graph variable (compat.v1's GraphVariable) sets it
        self._name = ctx.scope + base
        self._initializer = None
        adopt = hooks.get("distribute")  # tf.distribute: the strategy whose scope is open adopts it
        if adopt is not None:
            adopt(self, synchronization, aggregation)

    # -- reading ------------------------------------------------------------------------
    def _read(self):
        """The current value as a Tensor, recorded as a read on the active tapes."""
        if ctx.graph is not None:
            return hooks["graph_read"](self)
        t = wrap(self._value, self._dtype)
        if ctx.tapes:
            for tape in ctx.tapes:
                tape._variable_read(self, t)
        return t

    def read_value(self):
        return self._read()

    def value(self):
        return self._read()

    def numpy(self):
        v = self._value.copy()
        return v[()] if v.ndim == 0 else v

    def __array__(self, dtype=None, copy=None):
        return np.array(self._value, dtype=dtype, copy=True)

    # -- updating -----------------------------------------------------------------------
    def _update(self, fn, value, read_value):
        """Applies fn(current, delta) in place when no one else holds the buffer."""
        if isinstance(value, (Tensor, Variable)) and value.dtype is not self._dtype:
            # Python values and NumPy arrays convert to the variable's dtype; tensors must match it.
            if isinstance(value, Variable):
                raise ValueError(f"Incompatible type conversion requested to type {self._dtype.name} for "
                                 f"`tf.Variable of type {value.dtype.name}. (Variable: {value!r})")
            raise ValueError(f"Tensor conversion requested dtype {self._dtype.name} for Tensor with dtype "
                             f"{value.dtype.name}: {value!r}")
        if ctx.graph is not None:
            return hooks["graph_update"](self, fn, value, read_value)
        delta = hooks["to_array"](value, self._dtype)
        cur = self._value
        if fn is None:  # plain assign
            if delta.shape != cur.shape:
                if not self._shape.is_compatible_with(delta.shape):
                    raise ValueError(f"Cannot assign value to variable ' {self.name}': Shape mismatch."
                                     f"The variable shape {self._shape}, and the assigned "
                                     f"value shape {TensorShape(delta.shape)} are incompatible.")
                self._value = np.array(delta, dtype=cur.dtype)
            elif _refcount(cur) <= 3:  # ours + the local + getrefcount's argument
                np.copyto(cur, delta)
            else:
                self._value = np.array(delta, dtype=cur.dtype)
        else:
            try:
                if _refcount(cur) <= 3 and (delta.shape == cur.shape or not delta.ndim  # (broadcast_shapes: ~2 us)
                                            or np.broadcast_shapes(cur.shape, delta.shape) == cur.shape):
                    fn(cur, delta, out=cur)
                else:
                    new = np.asarray(fn(cur, delta))  # 0-d ufunc results are NumPy scalars
                    if new.shape != cur.shape:
                        raise ValueError("shape")
                    self._value = new
            except ValueError:
                raise ValueError(f"Cannot update variable '{self.name}' of shape {cur.shape} with a "
                                 f"value of shape {delta.shape}") from None
        if not read_value:
            return None
        return _UnreadVariable(self) if type(self) is Variable else self

    def _writable_buffer(self):
        """The buffer an in-place update may write: our own, or a fresh copy when a tensor read
        from this variable (or a NumPy view of it) is still alive (copy on write)."""
        cur = self._value
        # ours + the local + getrefcount's argument. A non-C-contiguous buffer (an orthogonal
        # initializer's transposed Q, tf.Variable(a.T)) is copied too: blocked update kernels work
        # on flat views, and reshape(-1) of such a buffer is a copy, so the update would be lost.
        if _refcount(cur) > 3 or not cur.flags.c_contiguous:
            cur = self._value = cur.copy()  # ndarray.copy() is C-ordered
        return cur

    def assign(self, value, use_locking=None, name=None, read_value=True):
        return self._update(None, value, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._update(np.add, delta, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._update(np.subtract, delta, read_value)

    def scatter_nd_update(self, indices, updates, name=None):
        arr = np.array(self._value)
        idx = hooks["to_array"](indices, None)
        arr[tuple(np.moveaxis(idx, -1, 0))] = hooks["to_array"](updates, self._dtype)
        return self.assign(arr)

    # -- properties ---------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    @property
    def ndim(self):
        return self._shape.rank

    @property
    def name(self):
        return self._name + ":0"

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    @property
    def constraint(self):
        return self._constraint

    @property
    def initial_value(self):
        return wrap(self._value.copy(), self._dtype)

    @property
    def initializer(self):
        return hooks["initializer"](self)

    @property
    def synchronization(self):
        return self.__dict__.get("_synchronization", VariableSynchronization.AUTO)

    @property
    def aggregation(self):
        return self.__dict__.get("_aggregation", VariableAggregation.NONE)

    def ref(self):
        return Reference(self)

    experimental_ref = ref

    # -- Python protocol ----------------------------------------------------------------
    def __hash__(self):  # TF2: variables are unhashable (equality is elementwise); use .ref()
        raise TypeError(f"Variable is unhashable. Instead, use variable.ref() as the key. (Variable: {self!r})")

    def __bool__(self):
        return bool(self._value)

    def __float__(self):
        return float(self._value)

    def __int__(self):
        return int(self._value)

    def __len__(self):  # TF's variables have no len() (a tensor read from one has)
        raise TypeError("object of type 'ResourceVariable' has no len()")

    def __iter__(self):
        return iter(self._read())

    def __repr__(self):
        if ctx.graph is not None or self._in_graph:
            return f"<tf.Variable '{self.name}' shape={self._shape} dtype={self._dtype.name}>"
        return (f"<tf.Variable '{self.name}' shape={self._shape} dtype={self._dtype.name}, "
                f"numpy={numpy_text(self._value, is_repr=True)}>")

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("numtf variables are not picklable; save weights with "
                        "get_weights()/set_weights() or tf.train.Checkpoint")

    def __deepcopy__(self, memo):
        v = Variable(self._value.copy(), trainable=self.trainable, name=self._name, dtype=self._dtype)
        memo[id(self)] = v
        return v


def _delegate(slot):
    return property(lambda self: getattr(self._parent, slot), lambda self, v: setattr(self._parent, slot, v))


class _UnreadVariable(Variable):
    """What an eager `assign`/`assign_add`/`assign_sub` returns, as in TF: the same variable under
    the name 'UnreadVariable' (so it prints so), whose reads and updates act on the variable."""
    __slots__ = ("_parent",)

    def __init__(self, parent):
        self._parent = parent

    _value, _dtype, _shape, _name = (_delegate(n) for n in ("_value", "_dtype", "_shape", "_name"))
    trainable, _constraint, _initializer = (_delegate(n) for n in ("trainable", "_constraint", "_initializer"))
    _in_graph, _keras_attrs = _delegate("_in_graph"), _delegate("_keras_attrs")

    @property
    def name(self):
        return "UnreadVariable"

    def _read(self):
        return self._parent._read()  # a tape records a read of the variable itself

    def _update(self, fn, value, read_value):
        return self._parent._update(fn, value, read_value)

    def _writable_buffer(self):
        return self._parent._writable_buffer()


def is_variable(x):
    return isinstance(x, Variable)


__all__ = ["Variable", "VariableAggregation", "VariableSynchronization", "is_variable", "Tensor"]
