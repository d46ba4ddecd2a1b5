"""Per-thread execution state: eager or graph-building, active tapes, name scopes.

Everything the dispatcher checks on the hot path lives on one `threading.local` object,
`ctx`, so an eager op costs two attribute reads here: `ctx.graph` and `ctx.tapes`.
"""
import threading


class _Context(threading.local):
    graph = None          # the Graph being built, or None when executing eagerly
    tapes = ()            # active recording GradientTapes (a tuple, replaced, never mutated)
    scope = ""            # current name scope, '' or ending in '/'
    eager_default = True  # False after tf.compat.v1.disable_eager_execution()
    default_graph = None  # the v1 default graph, when eager execution is disabled
    functions_eagerly = False
    lifted = None         # the function graph an init_scope left, while inside it


ctx = _Context()


def executing_eagerly():
    """True when ops run immediately (not while a graph is being built)."""
    return ctx.graph is None


class graph_mode:
    """Context manager that makes `graph` the graph being built (and restores the previous)."""
    __slots__ = ("graph", "_saved")

    def __init__(self, graph):
        self.graph = graph

    def __enter__(self):
        self._saved = (ctx.graph, ctx.tapes, ctx.scope)
        ctx.graph = self.graph
        ctx.tapes = ()
        ctx.scope = ""
        return self.graph

    def __exit__(self, *exc):
        ctx.graph, ctx.tapes, ctx.scope = self._saved
        return False


class eager_mode:
    """Context manager that runs ops eagerly inside a graph build (TF's `init_scope`): variables
    created while tracing are created eagerly. `keep_scope` keeps the name scope (Keras names
    weights after the layer scope even when they are built during a trace)."""
    __slots__ = ("_saved", "_keep_scope")

    def __init__(self, keep_scope=False):
        self._keep_scope = keep_scope

    def __enter__(self):
        self._saved = (ctx.graph, ctx.scope, ctx.tapes)
        ctx.graph = None
        ctx.tapes = ()
        if not self._keep_scope:
            ctx.scope = ""

    def __exit__(self, *exc):
        ctx.graph, ctx.scope, ctx.tapes = self._saved
        return False


class name_scope:
    """`tf.name_scope(name)`: prefixes the names of variables and graph nodes made inside.

        >>> with tf.name_scope('layer1'):
        ...     v = tf.Variable(1.0, name='w')
        >>> v.name
        'layer1/w:0'
    """
    __slots__ = ("_name", "_saved")

    def __init__(self, name, *args, **kwargs):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name_scope: name must be a string, got {type(name).__name__}")
        self._name = name

    @property
    def name(self):
        return self._name

    def __enter__(self):
        self._saved = ctx.scope
        name = self._name
        if not name:
            ctx.scope = ""
        elif name.endswith("/"):
            ctx.scope = name  # an absolute scope, as returned by a previous `with ... as s`
        else:
            g = ctx.graph
            full = ctx.scope + name
            if g is not None:
                full = g.unique_name(full, mark_used=True)
            ctx.scope = full + "/"
        return ctx.scope

    def __exit__(self, *exc):
        ctx.scope = self._saved
        return False


def scoped_name(name):
    """`name` prefixed with the current name scope."""
    return ctx.scope + name


def get_current_name_scope():
    """The current name scope without its trailing '/' ('' at the top).

        >>> with tf.name_scope('a'):
        ...     tf.get_current_name_scope()
        'a'
    """
    return ctx.scope[:-1] if ctx.scope.endswith("/") else ctx.scope


def inside_function():
    """True while a tf.function is being traced (a graph other than the TF1 default graph is
    being built)."""
    g = ctx.graph if ctx.graph is not None else ctx.lifted  # TF: still True inside init_scope
    return g is not None and g is not ctx.default_graph


class init_scope:  # noqa: N801 - TF's name
    """`with tf.init_scope():` leaves every function being traced for the outermost context: eager
    execution (or the TF1 default graph when eager execution is disabled), with no tape
    recording; the name scope is kept. Variables and other state made here are made once.

        >>> @tf.function
        ... def f():
        ...     with tf.init_scope():
        ...         return tf.executing_eagerly()   # True
    """
    __slots__ = ("_saved",)

    def __enter__(self):
        self._saved = (ctx.graph, ctx.tapes, ctx.lifted)
        if ctx.graph is not None and ctx.graph is not ctx.default_graph:
            ctx.lifted = ctx.graph
        ctx.graph = None if ctx.eager_default else ctx.default_graph
        ctx.tapes = ()

    def __exit__(self, *exc):
        ctx.graph, ctx.tapes, ctx.lifted = self._saved
        return False
