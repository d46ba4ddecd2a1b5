"""Shared machinery of the control-flow ops (cond_ops, while_ops): tracing functions into
sub-graphs, checking their output structures, compiling their plans and building the gradient
plans of sub-graphs. See cond_ops.py for the overall design.
"""
import numpy as np

from ..framework.context import ctx, graph_mode
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.variables import Variable
from ..graph.executor import Plan
from ..graph.function import FuncGraph
from ..graph.graph import Node, PLACEHOLDER
from ..util import nest
from .convert import convert_to_tensor
from .registry import Op, record
from .variable_ops import READ_VARIABLE


def is_diff(t):
    d = t.dtype
    return d.is_floating or d.is_complex


def dtype_text(d):
    return f"<dtype: '{d.name}'>"


def build_graph(*values):
    """The graph to build into: the current one, or that of a symbolic input; None = eager."""
    if ctx.graph is not None:
        return ctx.graph
    for v in values:
        for leaf in nest.flatten(v):
            if isinstance(leaf, SymbolicTensor):
                return leaf.graph
            flow = getattr(leaf, "_flow", None)
            if isinstance(flow, SymbolicTensor):
                return flow.graph
    return None


# -- structures ------------------------------------------------------------------------------
def _type_text(x):
    return f"type={type(x).__name__} str={x}"


def structure_error(a, b, check_types=True):
    """TF's nest.assert_same_structure text for a and b, or None when they match."""
    head = "The two structures don't have the same nested structure.\n\n"
    body = f"First structure: {_type_text(a)}\n\nSecond structure: {_type_text(b)}\n\n"
    detail = _first_difference(a, b, check_types)
    return None if detail is None else head + body + "More specifically: " + detail


def _first_difference(a, b, check_types):
    na, nb = nest.is_nested(a), nest.is_nested(b)
    if na != nb:
        seq, other = (a, b) if na else (b, a)
        return f'Substructure "{_type_text(seq)}" is a sequence, while substructure "{_type_text(other)}" is not'
    if not na:
        return None
    if check_types and type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return (f"The two namedtuples don't have the same sequence type. First structure {_type_text(a)} has "
                f"type {type(a).__name__}, while second structure {_type_text(b)} has type {type(b).__name__}")
    if isinstance(a, dict) != isinstance(b, dict):
        return f"{_type_text(a)} and {_type_text(b)} are not the same kind of structure"
    if isinstance(a, dict):
        if set(a) != set(b):
            return (f"The two dictionaries don't have the same set of keys. First structure has keys "
                    f"{sorted(a, key=str)}, while second structure has keys {sorted(b, key=str)}")
        pairs = [(a[k], b[k]) for k in a]
    else:
        if len(a) != len(b):
            return (f"The two structures don't have the same number of elements. First structure: "
                    f"{_type_text(a)}. Second structure: {_type_text(b)}")
        pairs = zip(a, b)
    for x, y in pairs:
        d = _first_difference(x, y, check_types)
        if d is not None:
            return d
    return None


# -- sub-graphs ------------------------------------------------------------------------------
class _View:
    """What a Plan reads of a graph: the forward nodes only (gradient nodes are added later)."""
    __slots__ = ("nodes",)

    def __init__(self, nodes):
        self.nodes = nodes


class SubGraph:
    """A traced function (branch, loop condition or body) with its plans.

    `feeds` are its parameters (loop variables) then its capture placeholders; `cap_idx[k]` is the
    enclosing node's input that feeds capture k."""

    def __init__(self, graph, params, outputs):
        self.graph = graph
        self.params = params
        self.outputs = outputs  # flat symbolic tensors of this graph
        self.feeds = None
        self.cap_idx = None
        self._fwd = None
        self._plan = self._keep = None
        self._grads = {}

    def finalize(self, input_pos):
        caps = self.graph.external_captures
        self.feeds = list(self.params) + [inner for _, inner in caps]
        self.cap_idx = [input_pos[id(outer)] for outer, _ in caps]
        self._fwd = _View(list(self.graph.nodes))

    def plan(self):
        if self._plan is None:
            self._plan = Plan(self._fwd, self.outputs, self.feeds)
        return self._plan

    def keep_plan(self):
        """The plan that keeps every intermediate (the gradient plan runs over its slots)."""
        if self._keep is None:
            self._keep = Plan(self._fwd, self.outputs, self.feeds, keep_all=True)
        return self._keep

    def stateful(self):
        return any(n.op.stateful for n in self._fwd.nodes)

    def written_variables(self, out):
        written_variables(self._fwd.nodes, out)

    def gradient(self, targets, sources):
        """A `_GradFn` for the outputs `targets` (indices) w.r.t. the feeds `sources` (indices)."""
        key = (tuple(targets), tuple(sources))
        fn = self._grads.get(key)
        if fn is None:
            fn = self._grads[key] = self._build_gradient(targets, sources)
        return fn

    def _build_gradient(self, targets, sources):
        from ..autodiff.backprop import backward
        from ..framework.indexed_slices import densify
        keep = self.keep_plan()
        g = self.graph
        fwd = self._fwd.nodes
        with graph_mode(g):
            seeds = [g.placeholder(self.outputs[i].dtype, self.outputs[i].shape, "grad_seed") for i in targets]
            grads = backward(list(fwd), [self.outputs[i] for i in targets], seeds, [self.feeds[p] for p in sources])
            grads = [densify(gr) for gr in grads]  # (the loop's gradient plan fetches tensors)
        fetch, index = [], []
        for gr in grads:
            if gr is None:
                index.append(-1)
                continue
            if type(gr) is Tensor:
                gr = g.capture(gr)
            index.append(len(fetch))
            fetch.append(gr)
        plan = Plan(g, fetch, seeds, include_stateful=False, preset=[t for n in fwd for t in n.outputs],
                    slot_map=keep._slot_of)
        return _GradFn(plan, index)


class _GradFn:
    __slots__ = ("plan", "index")

    def __init__(self, plan, index):
        self.plan = plan
        self.index = index

    def run(self, dys, slots):
        """Gradients per source (None where unconnected), given the forward run's slots."""
        values = self.plan.run(dys, list(slots))[0]
        return [None if j < 0 else values[j] for j in self.index]


def written_variables(nodes, out):
    """Adds id() of every variable an op among `nodes` (or a nested sub-graph) may modify."""
    for n in nodes:
        if n.op is READ_VARIABLE or not n.attrs:
            continue
        for v in n.attrs.values():
            if isinstance(v, Variable):
                out.add(id(v))
            elif isinstance(v, (list, tuple)):
                out.update(id(x) for x in v if isinstance(x, Variable))
            elif hasattr(v, "written_variables"):
                v.written_variables(out)
    return out


def hoist_variable_reads(graphs, outer):
    """Reads of variables the sub-graphs never modify move to the enclosing graph (before the
    control-flow node), their values entering as captures: the same values, and the read is then
    a source for gradients w.r.t. the variable (tf.function differentiates through top-level
    reads)."""
    written = set()
    for g in graphs:
        written_variables(g.nodes, written)
    reads = {}
    for g in graphs:
        for n in g.nodes:
            if n.op is not READ_VARIABLE or id(n.attrs["var"]) in written:
                continue
            var = n.attrs["var"]
            r = reads.get(id(var))
            if r is None:
                r = reads[id(var)] = outer.add_op(READ_VARIABLE, (), {"var": var})[0]
            inner = n.outputs[0]
            n.op = PLACEHOLDER
            n.attrs = {"dtype": inner.dtype, "shape": inner.shape, "name": n.name}
            g.external_captures.append((r, inner))
            g._symbolic_captures[id(r)] = inner


def output_tensor(g, x):
    """`x` (a branch/body result leaf) as a symbolic tensor of sub-graph `g`; None for None/ops."""
    if x is None or isinstance(x, Node):
        return None
    from .tensor_array_ops import TensorArray
    if isinstance(x, TensorArray):
        x = x._graph_flow()
    t = x if isinstance(x, Tensor) else convert_to_tensor(x)
    if type(t) is Tensor:
        return g.capture(t)
    if t.op.graph is g:
        return t
    if g.encloses(t.op.graph):
        return g.capture_outer(t)
    raise ValueError(f"Tensor {t.name} returned by a control-flow function belongs to another graph.")


def trace(fn, name, outer, param_specs=(), make_args=None, adjust=None):
    """Traces `fn` into a new sub-graph of `outer`. Returns (graph, params, result, flat outputs)
    where flat outputs has one symbolic tensor (or None) per leaf of the result."""
    g = FuncGraph(name, outer=outer)
    with graph_mode(g):
        params = [g.placeholder(dtype, shape, "loop_var") for dtype, shape in param_specs]
        result = fn(*(make_args(params) if make_args else ()))
        if adjust is not None:
            result = adjust(result)
        flat = [output_tensor(g, x) for x in nest.flatten(result)]
    return g, params, result, flat


def rebuild(template_leaves, tensors):
    """Output leaves: TensorArrays are rebuilt around their new flow, None stays None."""
    from .tensor_array_ops import TensorArray
    out = []
    it = iter(tensors)
    for leaf in template_leaves:
        if leaf is None or isinstance(leaf, Node):
            out.append(None)
        elif isinstance(leaf, TensorArray):
            out.append(leaf._with_flow(next(it)))
        else:
            out.append(next(it))
    return out


_OPS = {}


def add_recorded(graph, op, inputs, attrs, name):
    """Adds the control-flow node to `graph`, recorded on the tapes active there (a GradientTape
    inside a traced function differentiates through loops and conditionals too)."""
    outs = graph.add_op(op, inputs, attrs, name)
    if ctx.tapes:
        record(op, inputs, outs, attrs)
    return outs


def control_op(name, n_out, stateful, kernel, infer, grad):
    """An (unregistered) Op object per output count: these ops' arity depends on the traced
    functions."""
    key = (name, n_out)
    op = _OPS.get(key)
    if op is None:
        op = _OPS[key] = Op(name, kernel, infer, num_outputs=n_out, stateful=stateful)
        op.grad = grad
    return op


def node_inputs(selectors, subgraphs):
    """Selectors then the union of the sub-graphs' captured outer tensors; finalizes each."""
    inputs = list(selectors)
    pos = {}
    for sg in subgraphs:
        for outer, _ in sg.graph.external_captures:
            if id(outer) not in pos:
                pos[id(outer)] = len(inputs)
                inputs.append(outer)
    for sg in subgraphs:
        sg.finalize(pos)
    return inputs


def zeros_for(value):
    """A zero gradient shaped like a run-time value (a TensorList's zero is a 0.0 scalar)."""
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype != object:
        return np.zeros_like(value)
    return np.zeros((), np.float32)


class Saved:
    """The hidden output of a conditional: the branch taken and its slots (None when no gradient
    is wanted). Opaque to NumPy (`np.shape` of it is ())."""
    __slots__ = ("branch", "slots")

    def __init__(self, branch, slots):
        self.branch = branch
        self.slots = slots


def no_second_order(node, *grads):
    raise NotImplementedError(f"Second-order gradients through {node.op.name} are not supported.")
