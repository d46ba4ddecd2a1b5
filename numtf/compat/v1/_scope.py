"""`tf.compat.v1.variable_scope` and `get_variable`: named, shareable graph variables.

`get_variable(name, ...)` makes the variable `<scope>/<name>` or, when the scope reuses
(`reuse=True`, `reuse=tf.AUTO_REUSE`, `scope.reuse_variables()`), returns the one already made,
with TF's errors otherwise. The variable store belongs to the graph; eagerly every call makes
a new variable (TF2 does not share eager variables through scopes).

    >>> with tf.compat.v1.variable_scope('foo'):
    ...     w = tf.compat.v1.get_variable('w', [2], initializer=tf.compat.v1.zeros_initializer())
    >>> w.name
    'foo/w:0'
"""
import threading

from ...framework import dtypes
from ...framework.context import ctx, name_scope
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...framework.variables import Variable, VariableSynchronization
from ._graph import GraphKeys, default_graph_of, add_to_collection
from ._variables import _pending

__all__ = ["variable_scope", "VariableScope", "get_variable_scope", "get_variable", "AUTO_REUSE",
           "get_local_variable", "no_regularizer"]


class _ReuseMode:
    def __repr__(self):
        return "_ReuseMode.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()
_state = threading.local()


def _eager():
    return ctx.graph is None and ctx.eager_default


def no_regularizer(_):
    """Use as `regularizer=` to turn a scope's regularizer off."""
    return None


class VariableScope:
    """A variable scope's settings: name, reuse, and defaults for get_variable."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=dtypes.float32,
                 use_resource=None, constraint=None):
        self._reuse = reuse
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._name_scope = name_scope
        self._dtype = dtypes.as_dtype(dtype)
        self._constraint = constraint
        self._custom_getter = custom_getter

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    dtype = property(lambda self: self._dtype)
    constraint = property(lambda self: self._constraint)
    custom_getter = property(lambda self: self._custom_getter)
    caching_device = property(lambda self: None)
    partitioner = property(lambda self: None)
    use_resource = property(lambda self: True)

    def reuse_variables(self):
        """From now on, get_variable in this scope returns existing variables."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_dtype(self, dtype):
        self._dtype = dtypes.as_dtype(dtype)

    def get_variable(self, var_store, name, *args, **kwargs):
        return get_variable(name, *args, **kwargs)

    def global_variables(self):
        from ._variables import global_variables
        return global_variables(self._name + "/" if self._name else None)

    def trainable_variables(self):
        from ._variables import trainable_variables
        return trainable_variables(self._name + "/" if self._name else None)

    def __repr__(self):
        return f"<VariableScope name={self._name!r} reuse={self._reuse!r}>"


def get_variable_scope():
    """The current VariableScope (the root scope has name '')."""
    s = getattr(_state, "scope", None)
    if s is None:
        s = _state.scope = VariableScope(False)
    return s


def _scope_counts():
    if _eager():
        counts = getattr(_state, "eager_counts", None)
        if counts is None:
            counts = _state.eager_counts = {}
        return counts
    return default_graph_of().variable_scope_counts


class variable_scope:  # noqa: N801 - TF's name
    """Opens a variable scope (and a name scope): get_variable names become '<scope>/<name>'.

        >>> with tf.compat.v1.variable_scope('layer1', reuse=tf.compat.v1.AUTO_REUSE):
        ...     w = tf.compat.v1.get_variable('w', [3])
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        if name_or_scope is None and default_name is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if default_name is not None and name_or_scope is None and reuse is True:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        if not (reuse is None or reuse is True or reuse is False or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._initializer = initializer
        self._regularizer = regularizer
        self._custom_getter = custom_getter
        self._reuse = reuse
        self._dtype = dtype
        self._constraint = constraint
        self._aux = auxiliary_name_scope

    def __enter__(self):
        parent = get_variable_scope()
        counts = _scope_counts()
        target = self._name_or_scope
        if isinstance(target, VariableScope):
            full = target.name
            ns = name_scope(target.original_name_scope or None) if self._aux else None
            base = target
        else:
            if target is None:
                stem = (parent.name + "/" if parent.name else "") + self._default_name
                # TF takes the first of default, default_1, default_2... not opened yet here
                # (a count can be reset to 0 by re-entering the parent by name)
                idx = 0
                while counts.get(stem if idx == 0 else f"{stem}_{idx}", 0) > 0:
                    idx += 1
                short = self._default_name if idx == 0 else f"{self._default_name}_{idx}"
            else:
                short = str(target)
            full = (parent.name + "/" if parent.name else "") + short
            ns = name_scope(short) if self._aux else None
            base = parent
        counts[full] = counts.get(full, 0) + 1
        if target is not None:  # entering a named scope again restarts its default names, as TF1
            for key in [k for k in counts if k.startswith(full + "/")]:
                counts[key] = 0
        if parent.reuse is True or self._reuse is True:
            reuse = True
        elif parent.reuse is AUTO_REUSE or self._reuse is AUTO_REUSE:
            reuse = AUTO_REUSE
        elif isinstance(target, VariableScope):
            reuse = target.reuse
        else:
            reuse = False
        scope_name = ns.__enter__() if ns is not None else ctx.scope
        self._ns = ns
        new = VariableScope(
            reuse, full,
            initializer=self._initializer if self._initializer is not None else base.initializer,
            regularizer=self._regularizer if self._regularizer is not None else base.regularizer,
            custom_getter=self._custom_getter if self._custom_getter is not None else base.custom_getter,
            name_scope=scope_name, dtype=self._dtype if self._dtype is not None else base.dtype,
            constraint=self._constraint if self._constraint is not None else base.constraint)
        self._saved = parent
        _state.scope = new
        return new

    def __exit__(self, *exc):
        _state.scope = self._saved
        if self._ns is not None:
            self._ns.__exit__(*exc)
        return False


def _default_initializer(name, dtype):
    from ._init_ops import glorot_uniform_initializer, zeros_initializer
    if dtype.is_floating:
        return glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_bool or dtype.is_unsigned:
        return zeros_initializer()
    raise ValueError(f"An initializer for variable {name} of {dtype.name} is required")


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=None):
    """The variable '<current variable scope>/<name>': created (uninitialized in a graph) or, when
    the scope reuses, the existing one.

        >>> a = tf.compat.v1.get_variable('a', dtype=tf.float32, shape=[], initializer=tf.zeros_initializer)
    """
    scope = get_variable_scope()
    full = scope.name + "/" + name if scope.name else name
    explicit_dtype = dtype is not None
    dtype = dtypes.as_dtype(dtype) if dtype is not None else scope.dtype
    shape = None if shape is None else TensorShape(shape)
    eager = _eager()
    store = None if eager else default_graph_of().variable_store
    reuse = scope.reuse
    if store is not None:
        found = store.get(full)
        if found is not None:
            if reuse is not True and reuse is not AUTO_REUSE:
                raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set reuse=True "
                                 "or reuse=tf.AUTO_REUSE in VarScope?")
            if shape is not None and not shape.is_compatible_with(found.shape):
                raise ValueError(f"Trying to share variable {full}, but specified shape {shape} and found "
                                 f"shape {found.shape}.")
            if explicit_dtype and dtype != found.dtype:
                raise ValueError(f"Trying to share variable {full}, but specified dtype {dtype.name} and found "
                                 f"dtype {found.dtype.name}.")
            return found
        if reuse is True:
            raise ValueError(f"Variable {full} does not exist, or was not created with tf.get_variable(). Did "
                             "you mean to set reuse=tf.AUTO_REUSE in VarScope?")
    if initializer is None:
        initializer = scope.initializer
    if isinstance(initializer, type):  # TF1 accepts the class itself (tf.zeros_initializer)
        try:
            initializer = initializer(dtype=dtype)
        except TypeError:
            initializer = initializer()
    if initializer is not None and not callable(initializer):  # a tensor or value
        if shape is not None and validate_shape:
            raise ValueError("If initializer is a constant, do not specify shape.")
        initial_value = initializer
        if not explicit_dtype and isinstance(initializer, (Tensor, Variable)):
            dtype = initializer.dtype
    else:
        if shape is None:
            if initializer is None:
                raise ValueError(f"Variable {full} did not get an initializer, so its `shape` argument must be "
                                 "specified.")
            raise ValueError(f"Shape of a new variable ({full}) must be fully defined, but instead was <unknown>.")
        if not shape.is_fully_defined():
            raise ValueError(f"Shape of a new variable ({full}) must be fully defined, but instead was {shape}.")
        if initializer is None:
            initializer = _default_initializer(full, dtype)
        dims = shape.as_list()
        init_fn = initializer

        def initial_value():
            try:
                return init_fn(dims, dtype=dtype, partition_info=None)
            except TypeError:
                return init_fn(dims, dtype=dtype)
    if trainable is None:
        trainable = synchronization != VariableSynchronization.ON_READ
    saved_scope = ctx.scope
    ctx.scope = ""  # get_variable names are the variable scope's, not the name scope's
    try:
        if collections is not None:
            _pending.collections = collections
        var = Variable(initial_value, trainable=trainable, validate_shape=validate_shape, name=full,
                       dtype=dtype, constraint=constraint, synchronization=synchronization)
    finally:
        ctx.scope = saved_scope
        _pending.collections = None
    if store is not None:
        store[full] = var
        reg = regularizer if regularizer is not None else scope.regularizer
        if reg is not None:
            loss = reg(var)
            if loss is not None:
                add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
    return var


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, **kwargs):
    """get_variable in the LOCAL_VARIABLES collection (not trainable)."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape, dtype, initializer, regularizer, False, collections, **kwargs)
