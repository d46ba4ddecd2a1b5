"""`tf.compat.v1.Session`: runs the part of a graph its fetches reach, with fed values.

TF1 semantics (DESIGN.md "Graphs"): `run(fetches, feed_dict)` executes only the nodes the
fetches depend on (through inputs and control dependencies), so an assign nobody fetches does
not run; fetches may be tensors, ops (giving None), variables, names, or nested lists, tuples,
namedtuples and dicts of them (returned with the same structure). Plans are compiled once per
(fetches, feeds, graph version) and reused; the graph may keep growing between runs.

    >>> x = tf.compat.v1.placeholder(tf.float32, [None, 2])
    >>> y = tf.reduce_sum(x, axis=1)
    >>> with tf.compat.v1.Session() as sess:
    ...     sess.run([y, {'sum': y}], feed_dict={x: [[1., 2.]]})
    [array([3.], dtype=float32), {'sum': array([3.], dtype=float32)}]
"""
import threading

import numpy as np

from ..framework import random_seed
from ..framework.context import ctx, eager_mode, graph_mode
from ..framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.variables import Variable
from .executor import Plan
from .graph import Node

__all__ = ["Session", "InteractiveSession", "get_default_session", "default_session_run"]

_state = threading.local()
_MAX_PLANS = 256


def _stack():
    s = getattr(_state, "stack", None)
    if s is None:
        s = _state.stack = []
    return s


def get_default_session():
    """The innermost Session made default (`with sess:` / `sess.as_default()`), or None."""
    s = _stack()
    return s[-1] if s else None


class _DefaultSession:
    __slots__ = ("session",)

    def __init__(self, session):
        self.session = session

    def __enter__(self):
        _stack().append(self.session)
        return self.session

    def __exit__(self, *exc):
        s = _stack()
        if self.session in s:
            del s[len(s) - 1 - s[::-1].index(self.session)]
        return False


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _type_error(fetch):
    kind = type(fetch).__name__
    return TypeError(f"Argument `fetch` = {fetch} has invalid type \"{kind}\" must be a string or Tensor. "
                     f"(Can not convert a {kind} into a Tensor or Operation.)")


class Session:
    """A TF1 session over `graph` (the default graph when None).

        >>> with tf.compat.v1.Session() as sess:
        ...     sess.run(tf.compat.v1.global_variables_initializer())
    """

    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            from ..compat.v1._graph import get_default_graph
            graph = get_default_graph()
        self._graph = graph
        self._closed = False
        self._plans = {}
        self._values = {}      # graph variable's ref() -> its value in this session, while another holds it
        self._feed_specs = {}  # fed tensor -> (NumPy dtype, static dims or None)
        self._reads = {}       # id(eager variable) -> (its read node's output, the variable)
        self._graph_context = None
        self._default = None
        # TF1 restarts every seeded random op's stream in each new Session.
        random_seed.restart_graph_streams(graph)

    # -- properties ----------------------------------------------------------------------------
    @property
    def graph(self):
        return self._graph

    @property
    def sess_str(self):
        return ""

    def list_devices(self):
        return []

    # -- default session / context manager -----------------------------------------------------
    def as_default(self):
        """Context manager making this the default session (for `Tensor.eval`, `Operation.run`)."""
        return _DefaultSession(self)

    def __enter__(self):
        if self._default is not None:
            raise RuntimeError("Session context managers are not re-entrant. Use `Session.as_default()` "
                               "if you want to enter a session multiple times.")
        self._default = _DefaultSession(self)
        self._default.__enter__()
        if ctx.graph is not self._graph:
            self._graph_context = graph_mode(self._graph)
            self._graph_context.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._graph_context is not None:
            self._graph_context.__exit__(exc_type, exc, tb)
            self._graph_context = None
        if self._default is not None:
            self._default.__exit__(exc_type, exc, tb)
            self._default = None
        self.close()
        return False

    def close(self):
        """Frees the session; running it afterwards raises RuntimeError."""
        self._closed = True
        self._plans = {}

    # -- running -------------------------------------------------------------------------------
    def _element(self, fetch):
        """The graph tensor or node a single fetch names."""
        if isinstance(fetch, SymbolicTensor):
            el = fetch
        elif isinstance(fetch, Node):
            el = fetch
        elif isinstance(fetch, Variable):
            snapshot = getattr(fetch, "_as_graph_element", None)  # a TF1 graph variable's read
            if snapshot is not None:
                el = snapshot()
            else:  # an eager variable: one read node in this graph, made once
                hit = self._reads.get(id(fetch))
                if hit is None:
                    with graph_mode(self._graph):
                        hit = self._reads[id(fetch)] = (fetch._read(), fetch)
                el = hit[0]
        elif isinstance(fetch, str):
            try:
                el = self._graph.get_tensor_by_name(fetch) if ":" in fetch else \
                    self._graph.get_operation_by_name(fetch)
            except KeyError as e:
                raise ValueError(f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. "
                                 f"(\"{e.args[0]}\")") from None
        elif fetch is None:
            raise TypeError("Argument `fetch` = None has invalid type \"NoneType\". Cannot be None")
        elif hasattr(fetch, "_as_graph_element"):
            return self._element(fetch._as_graph_element())
        else:
            raise _type_error(fetch)
        if el.graph is not self._graph:
            what = "Tensor" if isinstance(el, SymbolicTensor) else "Operation"
            raise ValueError(f"Argument `fetch` = {el} cannot be interpreted as a Tensor. ({what} {el} is not "
                             "an element of this graph.)")
        return el

    def _parse(self, fetch, elements, index):
        """A recipe rebuilding `fetch`'s structure from the values of `elements` (appended)."""
        if isinstance(fetch, (list, tuple)) and not isinstance(fetch, (str, bytes)):
            kind = "nt" if _is_namedtuple(fetch) else "seq"
            return (kind, type(fetch), [self._parse(f, elements, index) for f in fetch])
        if isinstance(fetch, dict):
            return ("dict", type(fetch), [(k, self._parse(v, elements, index)) for k, v in fetch.items()])
        if isinstance(fetch, (IndexedSlices, SparseTensor)):  # their numpy values, as TF gives
            parts, kind = ((fetch.values, fetch.indices, fetch.dense_shape), IndexedSlicesValue) \
                if isinstance(fetch, IndexedSlices) else ((fetch.indices, fetch.values, fetch.dense_shape),
                                                           SparseTensorValue)
            return ("nt", kind, [self._parse(p, elements, index) for p in parts])
        el = self._element(fetch)
        i = index.get(id(el))
        if i is None:
            i = index[id(el)] = len(elements)
            elements.append(el)
        return ("el", i)

    def _feeds(self, feed_dict):
        tensors, arrays = [], []
        for key, value in feed_dict.items():
            t = key
            if isinstance(key, str):
                try:
                    t = self._graph.get_tensor_by_name(key)
                except KeyError as e:
                    raise TypeError(f"Cannot interpret feed_dict key as Tensor: {e.args[0]}") from None
            elif isinstance(key, Variable):
                t = self._element(key)
            elif not isinstance(key, SymbolicTensor):
                raise TypeError(f"Cannot interpret feed_dict key as Tensor: Can not convert a "
                                f"{type(key).__name__} into a Tensor.")
            if t.graph is not self._graph:
                raise ValueError(f"Cannot interpret feed_dict key as Tensor: Tensor {t} is not an element "
                                 "of this graph.")
            if isinstance(value, (SymbolicTensor, Variable)):
                raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                                "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles. "
                                f"For reference, the tensor object was {value} which was passed to the "
                                f"argument `feed_dict` with key {key}.")
            if type(value) is Tensor:
                value = value._value
            spec = self._feed_specs.get(t)
            if spec is None:
                dims = t.shape.as_list() if t.shape.rank is not None else None
                exact = tuple(dims) if dims is not None and None not in dims else None
                spec = self._feed_specs[t] = (t.dtype._np, exact, dims)
            arr = np.asarray(value, dtype=spec[0])
            if arr.shape != spec[1] and spec[2] is not None and (
                    arr.ndim != len(spec[2]) or any(d is not None and d != n for d, n in zip(spec[2], arr.shape))):
                raise ValueError(f"Cannot feed value of shape {arr.shape} for Tensor {t.name}, which has "
                                 f"shape {t.shape}")
            tensors.append(t)
            arrays.append(arr)
        return tensors, arrays

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs what `fetches` need, with `feed_dict` values for placeholders (or any tensor);
        returns the fetched values in `fetches`' structure (None for ops).

            >>> sess.run(train_op, feed_dict={x: X, y: Y})
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        elements = []
        recipe = self._parse(fetches, elements, {})
        tensors, arrays = self._feeds(feed_dict) if feed_dict else ((), ())
        key = (tuple(map(id, elements)), tuple(map(id, tensors)), self._graph.version)
        cached = self._plans.get(key)
        if cached is None:
            plan = Plan(self._graph, elements, tensors, include_stateful=False)
            if len(self._plans) >= _MAX_PLANS:
                self._plans.pop(next(iter(self._plans)))
            cached = self._plans[key] = (plan, _graph_variables(plan), elements, tensors)  # keeps keys alive
        plan = cached[0]
        for var in cached[1]:
            if var.__dict__["_session"] is not self:
                self._load(var)
        with eager_mode():
            values, _ = plan.run(arrays)
        fed = {id(t): a for t, a in zip(tensors, arrays)}
        out = []
        for el, v in zip(elements, values):
            if isinstance(el, Node):
                out.append(None)
            elif id(el) in fed:
                out.append(np.array(fed[id(el)]))
            elif type(v) is np.ndarray:
                out.append(v[()] if v.ndim == 0 else v.copy())
            else:
                out.append(v)
        return _rebuild(recipe, out)

    def _load(self, var):
        """Makes `var` hold this session's value (TF keeps a value per Session; numtf swaps values in
        when a session runs a plan using the variable). A variable no session owns yet (e.g. set
        with `load` before any run) keeps its value."""
        d = var.__dict__
        owner = d["_session"]
        if owner is not None:
            owner._values[var.ref()] = var._value
            var._value = self._values.pop(var.ref(), None)
        d["_session"] = self

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function running `fetches` with its positional arguments fed to `feed_list`."""
        feed_list = list(feed_list or [])

        def call(*args, **kwargs):
            return self.run(fetches, dict(zip(feed_list, args)))
        return call

    def partial_run_setup(self, fetches, feeds=None):
        raise NotImplementedError("Session.partial_run is not supported by numtf")


def _graph_variables(plan):
    """The TF1 graph variables the plan's nodes read or update (held in their attributes)."""
    from ..compat.v1._variables import GraphVariable
    found = {}
    for step in plan.steps:
        for value in step[3].values():
            for v in (value if isinstance(value, (list, tuple)) else (value,)):
                if isinstance(v, GraphVariable):
                    found[id(v)] = v
    return tuple(found.values())


def _rebuild(recipe, values):
    kind = recipe[0]
    if kind == "el":
        return values[recipe[1]]
    if kind == "seq":
        items = [_rebuild(r, values) for r in recipe[2]]
        return items if recipe[1] is list else recipe[1](items)
    if kind == "nt":
        return recipe[1](*[_rebuild(r, values) for r in recipe[2]])
    out = recipe[1]()
    for k, r in recipe[2]:
        out[k] = _rebuild(r, values)
    return out


class InteractiveSession(Session):
    """A Session that makes itself (and its graph) the default on creation, for shells.

        >>> sess = tf.compat.v1.InteractiveSession()
        >>> tf.constant(2.0).eval()
    """

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._interactive_default = _DefaultSession(self)
        self._interactive_default.__enter__()
        self._interactive_graph = None
        if ctx.graph is not self._graph:
            self._interactive_graph = graph_mode(self._graph)
            self._interactive_graph.__enter__()

    def close(self):
        super().close()
        if self._interactive_default is not None:
            self._interactive_default.__exit__(None, None, None)
            self._interactive_default = None
        if self._interactive_graph is not None:
            if ctx.graph is self._graph:
                self._interactive_graph.__exit__(None, None, None)
            self._interactive_graph = None


def default_session_run(obj, feed_dict=None, session=None):
    """`Tensor.eval()` / `Operation.run()` / `Variable.eval()`: runs `obj` in `session` or the
    default session."""
    is_op = isinstance(obj, Node)
    graph = obj.graph
    if session is None:
        session = get_default_session()
        if session is None:
            if is_op:
                raise ValueError("Cannot execute operation using `run()`: No default session is registered. "
                                 "Use `with sess.as_default():` or pass an explicit session to "
                                 "`run(session=sess)`")
            raise ValueError("Cannot evaluate tensor using `eval()`: No default session is registered. Use "
                             "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`")
        if graph is not session.graph:
            if is_op:
                raise ValueError("Cannot use the default session to execute operation: the operation's graph "
                                 "is different from the session's graph. Pass an explicit session to "
                                 "run(session=sess).")
            raise ValueError("Cannot use the default session to evaluate tensor: the tensor's graph is "
                             "different from the session's graph. Pass an explicit session to "
                             "`eval(session=sess)`.")
    elif graph is not session.graph:
        what = "execute operation" if is_op else "evaluate tensor"
        noun = "operation" if is_op else "tensor"
        raise ValueError(f"Cannot use the given session to {what}: the {noun}'s graph is different from the "
                         "session's graph.")
    return session.run(obj, feed_dict)
