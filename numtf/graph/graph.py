"""The graph IR shared by tf.function, Keras functional models and the v1 Session.

A `Graph` is an ordered list of `Node`s; each node applies one registered op to symbolic
input tensors and produces `SymbolicTensor` outputs whose static shapes come from the op's
shape rule. Eager tensors used while building are captured as constants.

    >>> g = Graph()
    >>> with g.as_default():
    ...     x = placeholder(tf.float32, [None, 3])
    ...     y = tf.reduce_sum(x * 2.0, axis=1)
    >>> y.shape, run(g, [y], {x: np.ones((2, 3), np.float32)})[0]
    (TensorShape([None]), array([6., 6.], dtype=float32))
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import graph_mode
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..ops.registry import primitive, no_gradient


class Node:
    """One op application in a graph (TF's `Operation`). Same interface as a tape record."""
    __slots__ = ("op", "inputs", "outputs", "attrs", "name", "graph", "needs", "control_inputs", "sources")

    def __init__(self, op, inputs, attrs, name, graph):
        self.op = op
        self.inputs = inputs
        self.attrs = attrs
        self.name = name
        self.graph = graph
        self.outputs = ()
        self.needs = None
        self.sources = ()
        self.control_inputs = ()

    @property
    def type(self):
        return self.op.name

    def live_outputs(self):
        return self.outputs

    def get_attr(self, name):
        return self.attrs[name]

    def run(self, feed_dict=None, session=None):
        from .session import default_session_run
        default_session_run(self, feed_dict, session)

    def __repr__(self):
        return f"<tf.Operation '{self.name}' type={self.op.name}>"


def _const_kernel(value):
    return value


def _placeholder_kernel(name):
    raise InvalidArgumentError(None, "Placeholder",
                               f"You must feed a value for placeholder tensor '{name}'")


CONST = primitive("Const", _const_kernel, infer=None)
CONST.infer = lambda ins, attrs: [(attrs["value"].shape, attrs["dtype"])]
no_gradient(CONST, "constants have no inputs")
PLACEHOLDER = primitive("Placeholder", _placeholder_kernel, infer=lambda ins, a: [(a["shape"], a["dtype"])])
no_gradient(PLACEHOLDER, "placeholders have no inputs")


class Graph:
    """An ordered list of nodes; `version` grows with every node (plans cache on it)."""
    _control_inputs = ()  # nodes every new node waits for (tf.control_dependencies)
    _gradient_overrides = None  # op type -> registered gradient name, inside gradient_override_map

    def __init__(self, outer=None):
        self.nodes = []
        self._names = {}
        self._captures = {}  # id(eager tensor) -> (tensor, constant node output)
        self.collections = {}
        self.outer = outer  # the enclosing graph of a sub-graph (cond branch, loop body)
        self.keras = False  # True for Keras's scratch graph of symbolic layer outputs
        self.external_captures = []  # [(outer symbolic tensor, placeholder in this graph)]
        self._symbolic_captures = {}

    @property
    def version(self):
        return len(self.nodes)

    def as_default(self):
        """Context manager that builds ops into this graph."""
        return graph_mode(self)

    def gradient_override_map(self, op_type_map):
        """Context manager: ops of the mapped types built inside take their `tf.gradients` rule from
        the function `tf.RegisterGradient` registered under the mapped name.

            >>> with g.gradient_override_map({"Square": "ClipGrad"}):
            ...     y = tf.square(x)
        """
        from ..autodiff.gradient_registry import override_map
        return override_map(self, op_type_map)

    def unique_name(self, name, mark_used=True):
        n = self._names.get(name, 0)
        unique = name if n == 0 else f"{name}_{n}"
        while n and unique in self._names:
            n += 1
            unique = f"{name}_{n}"
        if mark_used:
            self._names[name] = n + 1
            self._names.setdefault(unique, 1)
        return unique

    def add_op(self, op, inputs, attrs, name=None):
        """Appends a node applying `op`; returns its symbolic outputs (static shapes inferred)."""
        from ..framework.context import ctx
        ins = []
        for t in inputs:
            if type(t) is Tensor:
                t = self.capture(t)
            elif t.op.graph is not self:
                if not self.encloses(t.op.graph):
                    raise ValueError(f"Tensor {t.name} must be from the same graph as the other inputs "
                                     f"of {op.name} (it belongs to another graph).")
                t = self.capture_outer(t)
            ins.append(t)
        node = Node(op, tuple(ins), attrs, self.unique_name(ctx.scope + (name or op.name)), self)
        if self._control_inputs:
            node.control_inputs = self._control_inputs
        if self._gradient_overrides and op.name in self._gradient_overrides:
            self.__dict__.setdefault("gradient_op_types", {})[node.name] = self._gradient_overrides[op.name]
        specs = op.infer(ins, attrs)
        node.outputs = tuple(SymbolicTensor(node, i, shape, dtype) for i, (shape, dtype) in enumerate(specs))
        self.nodes.append(node)
        return node.outputs

    def constant(self, value, dtype, name="Const"):
        return self.add_op(CONST, (), {"value": value, "dtype": dtype}, name)[0]

    def capture(self, tensor):
        """An eager tensor used inside the graph becomes a constant node (once per tensor)."""
        hit = self._captures.get(id(tensor))
        if hit is not None and hit[0] is tensor:
            return hit[1]
        sym = self.constant(tensor._value, tensor._dtype)
        self._captures[id(tensor)] = (tensor, sym)
        return sym

    def encloses(self, other):
        """True if `other` is an enclosing graph of this one (its tensors may be captured)."""
        g = self.outer
        while g is not None:
            if g is other:
                return True
            g = g.outer
        return False

    def capture_outer(self, tensor):
        """A tensor of an enclosing graph used here becomes a placeholder of this graph, fed by the
        enclosing node at run time (`external_captures` lists the pairs, in capture order)."""
        hit = self._symbolic_captures.get(id(tensor))
        if hit is not None:
            return hit
        original = tensor
        if self.outer is not tensor.op.graph:  # capture through each level in between
            tensor = self.outer.capture_outer(tensor)
            hit = self._symbolic_captures.get(id(tensor))
            if hit is not None:
                self._symbolic_captures[id(original)] = hit
                return hit
        inner = self.placeholder(tensor.dtype, tensor.shape, "capture")
        self._symbolic_captures[id(tensor)] = inner
        self._symbolic_captures[id(original)] = inner  # one placeholder however deep the source
        self.external_captures.append((tensor, inner))
        return inner

    def placeholder(self, dtype, shape=None, name="Placeholder"):
        dtype = dtypes.as_dtype(dtype)
        shape = TensorShape(shape)
        out = self.add_op(PLACEHOLDER, (), {"dtype": dtype, "shape": shape}, name)[0]
        out.op.attrs["name"] = out.op.name
        return out

    def get_operations(self):
        return list(self.nodes)

    def get_operation_by_name(self, name):
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(f"The name '{name}' refers to an Operation not in the graph.")

    def get_tensor_by_name(self, name):
        op_name, _, index = name.partition(":")
        return self.get_operation_by_name(op_name).outputs[int(index or 0)]


def placeholder(dtype, shape=None, name=None):
    """A graph input; must be fed when the graph runs."""
    from ..framework.context import ctx
    if ctx.graph is None:
        raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
    return ctx.graph.placeholder(dtype, shape, name or "Placeholder")


def run(graph, fetches, feeds=None):
    """Runs what `fetches` (symbolic tensors or nodes) need, with `feeds` mapping symbolic tensors
    to arrays; side-effect nodes nothing fetches don't run. Returns one array (None for a node)
    per fetch. (A one-off Plan: callers that run a graph repeatedly keep their Plan.)"""
    from .executor import Plan
    feeds = dict(feeds or {})
    plan = Plan(graph, fetches, list(feeds), include_stateful=False)
    return plan.run([np.asarray(v) for v in feeds.values()])[0]
