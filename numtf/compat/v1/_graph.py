"""TF1 graph mode: eager on/off, the default graph, collections, placeholders, control deps.

`disable_eager_execution()` makes a default `Graph` current: every op then adds a node to it
(DESIGN.md "Graphs"), and `Session.run` executes what its fetches reach.

    >>> tf.compat.v1.disable_eager_execution()
    >>> x = tf.compat.v1.placeholder(tf.float32, [None, 3])
    >>> x
    <tf.Tensor 'Placeholder:0' shape=(None, 3) dtype=float32>
"""
from ...framework import dtypes
from ...framework.context import ctx
from ...framework.tensor import Tensor, SymbolicTensor
from ...framework.tensor_shape import TensorShape
from ...framework.variables import Variable
from ...graph import graph as _graph
from ...ops.registry import Op, no_gradient

__all__ = ["Graph", "GraphKeys", "get_default_graph", "reset_default_graph", "enable_eager_execution",
           "disable_eager_execution", "executing_eagerly", "enable_v2_behavior", "disable_v2_behavior",
           "get_collection", "get_collection_ref", "add_to_collection", "add_to_collections",
           "control_dependencies", "group", "no_op", "placeholder", "placeholder_with_default",
           "Operation", "default_graph_of", "NO_OP", "ConfigProto", "GPUOptions", "RunOptions", "RunMetadata"]


class GraphKeys:
    """Standard names of graph collections (`tf.compat.v1.GraphKeys`)."""
    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


Operation = _graph.Node


class Graph(_graph.Graph):
    """A TF1 graph (`tf.compat.v1.Graph`): variables created while it is the default graph are
    graph variables, uninitialized until their initializer runs in a Session.

        >>> g = tf.compat.v1.Graph()
        >>> with g.as_default():
        ...     c = tf.constant(1.0)
        >>> c.graph is g
        True
    """
    v1 = True  # graph variables, collections and get_variable's store live here

    def __init__(self):
        super().__init__()
        self.variable_store = {}       # get_variable: full name -> variable
        self.variable_scope_counts = {}  # variable_scope(default_name=...) uniquification
        self.seed = None
        self._finalized = False

    # -- collections ----------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self.collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for name in ([names] if isinstance(names, str) else dict.fromkeys(names)):
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self.collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        items = self.collections.get(name, [])
        if scope is None:
            return list(items)
        import re
        pattern = re.compile(scope)
        return [i for i in items if pattern.match(getattr(i, "name", "") or "")]

    def get_all_collection_keys(self):
        return [k for k, v in self.collections.items() if v]

    def clear_collection(self, name):
        self.collections.pop(name, None)

    # -- misc TF1 Graph API ---------------------------------------------------------------
    def control_dependencies(self, control_inputs):
        return control_dependencies(control_inputs, graph=self)

    def name_scope(self, name):
        from ...framework.context import name_scope
        return name_scope(name)

    def get_name_scope(self):
        return ctx.scope.rstrip("/")

    def device(self, device_name_or_function):
        import contextlib
        return contextlib.nullcontext()

    def finalize(self):
        self._finalized = True

    @property
    def finalized(self):
        return self._finalized

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        if isinstance(obj, str):
            return self.get_tensor_by_name(obj) if ":" in obj else self.get_operation_by_name(obj)
        return obj

    def get_tensor_by_name(self, name):
        op_name, _, index = name.partition(":")
        try:
            op = super().get_operation_by_name(op_name)
        except KeyError:
            raise KeyError(f"The name '{name}' refers to a Tensor which does not exist. The operation, "
                           f"'{op_name}', does not exist in the graph.") from None
        try:
            return op.outputs[int(index or 0)]
        except (IndexError, ValueError):
            raise KeyError(f"The name '{name}' refers to a Tensor which does not exist. The operation, "
                           f"'{op_name}', exists but only has {len(op.outputs)} outputs.") from None

    def __repr__(self):
        return f"<numtf.compat.v1.Graph object at {id(self):#x}>"


# -- eager on/off and the default graph ------------------------------------------------------
def default_graph_of():
    """The graph TF1 APIs build into: the current v1 graph, else the default graph."""
    g = ctx.graph
    if g is not None and getattr(g, "v1", False):
        return g
    return _default_graph()


def _default_graph():
    g = ctx.default_graph
    if g is None:
        g = ctx.default_graph = Graph()
    return g


def get_default_graph():
    """The graph new ops are added to (the default graph when eager execution is on).

        >>> tf.compat.v1.get_default_graph()
    """
    g = ctx.graph
    return g if g is not None else _default_graph()


def reset_default_graph():
    """Replaces the default graph with a new, empty one (its variables and collections go too)."""
    if ctx.graph is not None and ctx.graph is not ctx.default_graph:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
                             "cleared graph, exit the nesting and create a new graph.")
    g = ctx.default_graph = Graph()
    if not ctx.eager_default:
        ctx.graph = g
        ctx.scope = ""


def disable_eager_execution():
    """TF1 mode: ops build the default graph; run them with a `Session`.

        >>> tf.compat.v1.disable_eager_execution()
    """
    ctx.eager_default = False
    ctx.graph = _default_graph()
    ctx.scope = ""


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Back to eager execution (TF2's default; a no-op when already eager)."""
    if ctx.eager_default and ctx.graph is None:
        return
    ctx.eager_default = True
    ctx.graph = None
    ctx.scope = ""


def executing_eagerly():
    """False while building a graph (always, once eager execution is disabled)."""
    return ctx.graph is None


def disable_v2_behavior():
    """TF1 behaviour: here, graph mode (`disable_eager_execution`).

        >>> tf.compat.v1.disable_v2_behavior()
    """
    disable_eager_execution()


def enable_v2_behavior():
    """TF2 behaviour: eager execution.

        >>> tf.compat.v1.enable_v2_behavior()
    """
    enable_eager_execution()


# -- collections on the default graph --------------------------------------------------------
def get_collection(key, scope=None):
    """The list of values in the default graph's collection `key` (empty when eager)."""
    if ctx.graph is None and ctx.eager_default:
        return []
    return default_graph_of().get_collection(key, scope)


def get_collection_ref(key):
    """The default graph's list for collection `key` itself (appending to it adds).

        >>> tf.compat.v1.get_collection_ref(tf.compat.v1.GraphKeys.UPDATE_OPS)
    """
    return default_graph_of().get_collection_ref(key)


def add_to_collection(name, value):
    """Appends `value` to the default graph's collection `name` (nothing when eager).

        >>> tf.compat.v1.add_to_collection("losses", loss)
    """
    if ctx.graph is None and ctx.eager_default:
        return
    default_graph_of().add_to_collection(name, value)


def add_to_collections(names, value):
    """Appends `value` to each of the collections `names`.

        >>> tf.compat.v1.add_to_collections(["a", "b"], v)
    """
    if ctx.graph is None and ctx.eager_default:
        return
    default_graph_of().add_to_collections(names, value)


# -- no_op, group, control_dependencies -------------------------------------------------------
def _no_op_kernel():
    return ()


# Not registered: the name is TF's, and tf.function's own NoOp may register it.
NO_OP = Op("NoOp", _no_op_kernel, lambda ins, attrs: [], num_outputs=0)
no_gradient(NO_OP, "it computes nothing")


def no_op(name=None):
    """An op that does nothing (a place to hang control dependencies); None when eager."""
    g = ctx.graph
    if g is None:
        return None
    g.add_op(NO_OP, (), {}, name or "NoOp")
    return g.nodes[-1]


def _as_op(x):
    if isinstance(x, SymbolicTensor):
        return x.op
    if isinstance(x, _graph.Node):
        return x
    if isinstance(x, Variable):
        from ._variables import graph_element
        return graph_element(x).op
    if type(x) is Tensor or x is None:
        return None
    raise TypeError(f"Can not convert a {type(x).__name__} into a Tensor or Operation.")


def group(*inputs, name=None):
    """An op that runs all `inputs` (ops or tensors) when run; None when eager.

        >>> train_op = tf.group(update_a, update_b)
    """
    g = ctx.graph
    if g is None:
        return None
    ops = []
    for x in inputs:
        for item in (x if isinstance(x, (list, tuple, set)) else [x]):
            op = _as_op(item)
            if op is not None and op not in ops:
                ops.append(op)
    saved = g._control_inputs
    g._control_inputs = tuple(ops) + tuple(o for o in saved if o not in ops)
    try:
        g.add_op(NO_OP, (), {}, name or "NoOp")
    finally:
        g._control_inputs = saved
    return g.nodes[-1]


class control_dependencies:
    """Ops created inside wait for `control_inputs` (ops, tensors or variables) when run; None
    clears the outer dependencies. A no-op when executing eagerly.

        >>> with tf.control_dependencies([update]):
        ...     out = tf.identity(x)
    """

    def __init__(self, control_inputs, graph=None):
        self._inputs = control_inputs
        self._graph = graph

    def __enter__(self):
        g = self._graph or ctx.graph
        self._g = g
        if g is None:
            return None
        self._saved = g._control_inputs
        if self._inputs is None:
            g._control_inputs = ()
            return None
        ops = list(self._saved)
        for x in self._inputs:
            if callable(x) and not isinstance(x, (Tensor, _graph.Node, Variable)):
                x = x()
            op = _as_op(x)
            if op is not None and op not in ops:
                ops.append(op)
        g._control_inputs = tuple(ops)
        return None

    def __exit__(self, *exc):
        if self._g is not None:
            self._g._control_inputs = self._saved
        return False


# -- placeholders -------------------------------------------------------------------------------
def placeholder(dtype, shape=None, name=None):
    """A graph input that must be fed when the graph runs (`shape` may have None dimensions).

        >>> x = tf.compat.v1.placeholder(tf.float32, shape=[None, 3], name='X')
    """
    if ctx.graph is None:
        raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
    try:
        shape = TensorShape(shape)
    except (TypeError, ValueError) as e:
        raise type(e)(f"Error converting shape to a TensorShape: {e}.") from None
    return ctx.graph.placeholder(dtypes.as_dtype(dtype), shape, name or "Placeholder")


def _pwd_kernel(value, shape=None):
    return value


_PWD = Op("PlaceholderWithDefault", _pwd_kernel, lambda ins, attrs: [(attrs["shape"], ins[0].dtype)])
_PWD.grad = lambda node, g: (g,)


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF's argument name
    """A tensor that is `input` unless fed.

        >>> p = tf.compat.v1.placeholder_with_default(2.0, shape=[])
    """
    from ...ops.convert import convert_to_tensor
    value = convert_to_tensor(input)
    shape = TensorShape(shape)
    if not shape.is_compatible_with(value.shape):
        raise ValueError(f"Shapes {shape} and {value.shape} are incompatible")
    g = ctx.graph
    if g is None:
        return value
    return g.add_op(_PWD, (value,), {"shape": shape}, name or "PlaceholderWithDefault")[0]


# -- Session options (accepted and ignored: numtf runs on the CPU, in this process) ------------------
class _Options:
    """An attribute bag standing for one of TF's protocol buffers."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = _Options()
        self.__dict__[name] = value  # nested messages (config.gpu_options.allow_growth = True)
        return value

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class ConfigProto(_Options):
    """`tf.compat.v1.ConfigProto(...)`: Session configuration, accepted and ignored.

        >>> config = tf.compat.v1.ConfigProto(); config.gpu_options.allow_growth = True
    """


class GPUOptions(_Options):
    """`tf.compat.v1.GPUOptions(...)`: accepted and ignored (numtf runs on the CPU)."""


class RunOptions(_Options):
    """`tf.compat.v1.RunOptions(...)`: accepted by Session.run and ignored."""


class RunMetadata(_Options):
    """`tf.compat.v1.RunMetadata()`: accepted by Session.run and left empty."""
