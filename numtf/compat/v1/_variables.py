"""TF1 graph variables: uninitialized until their initializer runs in a Session.

While a TF1 graph is being built (eager execution disabled, or inside a
`tf.compat.v1.Graph().as_default()`), `tf.Variable(...)` (and so Keras weights and
`get_variable`) makes a `GraphVariable`: its name is uniquified in the graph (`Variable:0`,
`Variable_1:0`), its initial value is a graph tensor computed when its initializer (an assign
node) runs, and reading it before raises `FailedPreconditionError`. numtf keeps one value per
variable, shared by the Sessions of its graph (TensorFlow keeps one per Session).

    >>> v = tf.compat.v1.Variable(tf.compat.v1.random_normal([2]))
    >>> with tf.compat.v1.Session() as sess:
    ...     sess.run(v.initializer)
    ...     sess.run(v).shape
    (2,)
"""
import threading

import numpy as np

from ...framework import dtypes
from ...framework.context import ctx
from ...framework.errors import FailedPreconditionError
from ...framework.tensor import Tensor, SymbolicTensor
from ...framework.tensor_shape import TensorShape
from ...framework import variables as _variables
from ...framework.variables import Variable, VariableSynchronization, VariableAggregation
from ...ops.convert import convert_to_tensor, to_array
from ...ops.registry import Op
from ...ops.variable_ops import ASSIGN_VARIABLE
from ._graph import GraphKeys, group, no_op, default_graph_of, get_collection

__all__ = ["VariableV1", "GraphVariable", "global_variables", "trainable_variables", "local_variables",
           "model_variables", "moving_average_variables", "all_variables", "variables_initializer",
           "global_variables_initializer", "local_variables_initializer", "initialize_all_variables",
           "initialize_variables", "initialize_local_variables", "is_variable_initialized",
           "report_uninitialized_variables", "assert_variables_initialized", "assign", "assign_add",
           "assign_sub", "graph_element"]

_pending = threading.local()  # collections requested by VariableV1(..., collections=[...])


def _uninitialized(var):
    return FailedPreconditionError(
        None, None, f"Could not find variable {var._name}. This could mean that the variable has been "
                    f"deleted. In TF1, it can also mean the variable is uninitialized. Debug info: "
                    f"container=localhost, status error message=Container localhost does not exist. "
                    f"(Could not find resource: localhost/{var._name})")


def _read_kernel(var):
    v = var._value
    if v is None:
        raise _uninitialized(var)
    return v


# Not registered (variable_ops registers TF's name for eager-created variables); the same name,
# so graph code that looks for variable reads by op name finds these too.
READ = Op("ReadVariableOp", _read_kernel, lambda ins, a: [(a["var"].shape, a["var"].dtype)], stateful=True)
READ.grad = lambda node, g: ()  # a read is a source: tf.gradients sums over a variable's reads


def _handle_kernel(var):
    h = np.empty((), object)
    h[()] = var
    return h


VAR_HANDLE = Op("VarHandleOp", _handle_kernel, lambda ins, a: [(TensorShape([]), dtypes.resource)], stateful=True)
VAR_HANDLE.no_grad_reason = "a resource handle is not differentiable"


def _is_initialized_kernel(var):
    return np.asarray(var._value is not None)


IS_INITIALIZED = Op("VarIsInitializedOp", _is_initialized_kernel,
                    lambda ins, a: [(TensorShape([]), dtypes.bool)], stateful=True)
IS_INITIALIZED.no_grad_reason = "a boolean"


def _initialized_value_kernel(initial, var):
    v = var._value
    return initial if v is None else v


INITIALIZED_VALUE = Op("InitializedValue", _initialized_value_kernel,
                       lambda ins, a: [(a["var"].shape, a["var"].dtype)], stateful=True)
INITIALIZED_VALUE.grad = lambda node, g: (None,)


class _in_graph:
    """Builds into `graph` with the given name scope (restoring the caller's state)."""
    __slots__ = ("graph", "scope", "_saved")

    def __init__(self, graph, scope):
        self.graph = graph
        self.scope = scope

    def __enter__(self):
        self._saved = (ctx.graph, ctx.scope, ctx.tapes)
        ctx.graph = self.graph
        ctx.scope = self.scope
        ctx.tapes = ()
        return self.graph

    def __exit__(self, *exc):
        ctx.graph, ctx.scope, ctx.tapes = self._saved
        return False


class GraphVariable(Variable):
    """A variable of a TF1 graph (what `tf.Variable` makes while a v1 graph is being built)."""
    __slots__ = ()

    # -- graph identity -----------------------------------------------------------------------
    @property
    def graph(self):
        return self.__dict__["_graph"]

    @property
    def op(self):
        return self.__dict__["_handle"]

    @property
    def initializer(self):
        return self._initializer

    @property
    def initial_value(self):
        return self.__dict__["_initial_value"]

    def _as_graph_element(self):
        return self.__dict__["_snapshot"]

    # -- reads and updates build nodes; a running Session updates the buffer ------------------
    def _read(self):
        g = ctx.graph
        if g is None:  # e.g. inside Keras's eager build scope: still a read of this graph's variable
            with _in_graph(self.graph, ctx.scope):
                return self._read()
        t = g.add_op(READ, (), {"var": self}, "ReadVariableOp")[0]
        for tape in ctx.tapes:
            tape._variable_read(self, t)
        return t

    def _update(self, fn, value, read_value):
        if ctx.graph is not None:
            return _variables.hooks["graph_update"](self, fn, value, read_value)
        if self._value is None:  # the initializer (or a load) sets the first value
            if fn is not None:
                raise _uninitialized(self)
            arr = to_array(value, self._dtype)
            if not self._shape.is_compatible_with(arr.shape):
                raise ValueError(f"Shape mismatch.The variable shape {self._shape}, and the assigned value "
                                 f"shape {TensorShape(arr.shape)} are incompatible.")
            self._value = np.array(arr, dtype=self._dtype._np, copy=True)
            return self if read_value else None
        return Variable._update(self, fn, value, read_value)

    def _writable_buffer(self):
        if self._value is None:
            raise _uninitialized(self)
        return Variable._writable_buffer(self)

    def initialized_value(self):
        """The value, or the initial value when not yet initialized (for other initial values)."""
        g = ctx.graph if ctx.graph is not None else self.graph
        with _in_graph(g, ctx.scope):
            init = self.initial_value
            return g.add_op(INITIALIZED_VALUE, (init,), {"var": self}, "InitializedValue")[0]

    def is_initialized(self, name=None):
        with _in_graph(self.graph, ctx.scope):
            return self.graph.add_op(IS_INITIALIZED, (), {"var": self}, name or "VarIsInitializedOp")[0]

    def eval(self, session=None):
        from ...graph.session import default_session_run
        return default_session_run(self, None, session)

    def load(self, value, session=None):
        """Sets the value in `session` (default: the default session), without running the graph."""
        from ...graph.session import get_default_session
        session = session or get_default_session()
        if session is not None:
            session._load(self)
        saved = ctx.graph
        ctx.graph = None
        try:
            self._update(None, value, False)
        finally:
            ctx.graph = saved

    def numpy(self):
        raise NotImplementedError("numpy() is only available when eager execution is enabled.")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert the graph variable {self.name} to a numpy array: run it in a Session "
            "(sess.run(v)) or use v.eval().")

    def __deepcopy__(self, memo):
        return self


class _VariableV1Meta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Variable)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, Variable)


class VariableV1(Variable, metaclass=_VariableV1Meta):
    """`tf.compat.v1.Variable`: TF1's signature (`collections`, `use_resource`, `expected_shape`).
    Any numtf variable is an instance of it."""
    __slots__ = ()

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE,
                 shape=None):
        _pending.collections = collections
        try:
            Variable.__init__(self, initial_value, trainable, validate_shape, caching_device, name, variable_def,
                              dtype, import_scope, constraint, synchronization, aggregation, shape)
        finally:
            _pending.collections = None


def _create(var, initial_value, trainable, validate_shape, name, dtype, constraint, synchronization, shape):
    """The `v1_variable` hook of framework/variables.py: makes `var` a GraphVariable when a TF1
    graph is being built (returns False otherwise)."""
    g = ctx.graph
    if g is not None:
        if not getattr(g, "v1", False):
            return False
    elif ctx.eager_default:
        return False
    else:  # TF1 mode inside an init scope (Keras builds weights there): still a graph variable
        g = default_graph_of()
    if initial_value is None:
        raise ValueError("The `initial_value` argument to `tf.Variable` must be specified.")
    collections = getattr(_pending, "collections", None)
    _pending.collections = None
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    base = (name or "Variable").split(":")[0]
    with _in_graph(g, ctx.scope):
        handle = g.add_op(VAR_HANDLE, (), {"var": var}, base)[0].op
        full = handle.name
        ctx.scope = full + "/Initializer/"
        if callable(initial_value) and not isinstance(initial_value, (Tensor, Variable)):
            initial_value = initial_value()
        if isinstance(initial_value, GraphVariable):
            initial_value = initial_value.initialized_value()
        if isinstance(initial_value, (Tensor, Variable)):
            init = convert_to_tensor(initial_value)
            if dtype is not None and init.dtype != dtype:
                from ...ops.math_ops import cast
                init = cast(init, dtype)
        else:
            arr = to_array(initial_value, dtype)
            init = g.constant(arr, dtype or dtypes.from_numpy(arr.dtype), "initial_value")
        dtype = init.dtype
        var_shape = init.shape if shape is None else TensorShape(shape)
        if validate_shape and not var_shape.is_compatible_with(init.shape):
            raise ValueError(f"Variable initial value shape {init.shape} is incompatible with shape {var_shape}")
        var.__class__ = GraphVariable
        var._value = None
        var._dtype = dtype
        var._shape = var_shape
        var._name = full
        var.trainable = (synchronization != VariableSynchronization.ON_READ) if trainable is None else bool(trainable)
        var._constraint = constraint
        var._in_graph = True
        d = var.__dict__
        d["_graph"] = g
        d["_session"] = None  # the Session whose value `_value` holds (graph/session.py)
        d["_handle"] = handle
        d["_initial_value"] = init
        ctx.scope = full + "/"
        g.add_op(ASSIGN_VARIABLE, (init,), {"var": var, "fn": None, "read_value": False}, "Assign")
        var._initializer = g.nodes[-1]
        ctx.scope = full + "/Read/"
        d["_snapshot"] = g.add_op(READ, (), {"var": var}, "ReadVariableOp")[0]
    if collections is None:
        collections = [GraphKeys.GLOBAL_VARIABLES]
    collections = list(collections)
    if var.trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
        collections.append(GraphKeys.TRAINABLE_VARIABLES)
    g.add_to_collections(collections, var)
    return True


_variables.hooks["v1_variable"] = _create


def graph_element(x):
    """What fetching (or depending on) a variable means in a graph: its snapshot read."""
    if isinstance(x, GraphVariable):
        return x._as_graph_element()
    return x._read()


# -- collections ---------------------------------------------------------------------------------
def global_variables(scope=None):
    """The variables of the default graph's GLOBAL_VARIABLES collection."""
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def all_variables():
    """The old name of `global_variables`."""
    return global_variables()


def trainable_variables(scope=None):
    """The variables of the default graph created with trainable=True."""
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    """The variables of the LOCAL_VARIABLES collection.

        >>> tf.compat.v1.local_variables()
    """
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    """The variables of the MODEL_VARIABLES collection."""
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    """The variables of the MOVING_AVERAGE_VARIABLES collection."""
    return get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


# -- initializers ----------------------------------------------------------------------------------
def _eager():
    return ctx.graph is None and ctx.eager_default


def variables_initializer(var_list, name="init"):
    """An op running the initializers of `var_list` (None when eager: variables start initialized).

        >>> sess.run(tf.compat.v1.variables_initializer([a, b]))
    """
    if _eager():
        return None
    g = ctx.graph if ctx.graph is not None else default_graph_of()
    with _in_graph(g, ctx.scope):
        return group(*[v.initializer for v in var_list], name=name)


def global_variables_initializer():
    """An op initializing every global variable of the default graph.

        >>> sess.run(tf.compat.v1.global_variables_initializer())
    """
    if _eager():
        return None
    return variables_initializer(global_variables(), name="init")


def local_variables_initializer():
    """An op initializing every local variable of the default graph."""
    if _eager():
        return None
    return variables_initializer(local_variables(), name="init")


def initialize_all_variables():
    """The old name of `global_variables_initializer`."""
    return global_variables_initializer()


def initialize_local_variables():
    """The old name of `local_variables_initializer`."""
    return local_variables_initializer()


def initialize_variables(var_list, name="init"):
    """The old name of `variables_initializer`."""
    return variables_initializer(var_list, name)


def is_variable_initialized(variable):
    """A boolean tensor: has `variable` been initialized (in this graph's value store)?"""
    if isinstance(variable, GraphVariable):
        return variable.is_initialized()
    return convert_to_tensor(True)


def _report_kernel(*flags, names):
    return np.array([n for n, f in zip(names, flags) if not f], dtype=object)


_REPORT = Op("ReportUninitializedVariables", _report_kernel,
             lambda ins, a: [(TensorShape([None]), dtypes.string)], stateful=True)
_REPORT.no_grad_reason = "strings"


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A string tensor naming the variables not yet initialized."""
    if _eager():
        return convert_to_tensor(np.array([], dtype=object))
    var_list = global_variables() + local_variables() if var_list is None else list(var_list)
    g = default_graph_of()
    flags = [is_variable_initialized(v) for v in var_list]
    names = [v.name.split(":")[0].encode() for v in var_list]
    return g.add_op(_REPORT, tuple(flags), {"names": names}, name)[0]


def assert_variables_initialized(var_list=None):
    """A no-op here: reading an uninitialized variable raises FailedPreconditionError anyway."""
    return no_op()


# -- assign ---------------------------------------------------------------------------------------
def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """`ref.assign(value)`: in a graph, a tensor whose evaluation assigns (and gives the new value).

        >>> sess.run(tf.compat.v1.assign(v, 5.0))
    """
    return ref.assign(value)


def assign_add(ref, value, use_locking=None, name=None):
    """`ref.assign_add(value)`."""
    return ref.assign_add(value)


def assign_sub(ref, value, use_locking=None, name=None):
    """`ref.assign_sub(value)`."""
    return ref.assign_sub(value)

