"""Graph passes: rewrites of a graph's node list that keep every result bit for bit.

Each pass takes the IR (an ordered list of nodes with inputs, outputs and attrs) and returns a new
list plus `replace` (id(old tensor) -> the tensor now computing it); the graph itself is never
modified (a traced function's recording and gradient plans run the original nodes). Nodes whose
inputs change are copied with fresh outputs; untouched nodes are shared.

- `fold_constants`: a pure node whose inputs are all constants becomes constants.
- `forward_identities`: `Identity`/`StopGradient` (their kernels return their input) vanish.
- `eliminate_common_subexpressions`: equal pure nodes on the same inputs are computed once.
- `eliminate_dead_code`: only what the fetches and the side effects need is kept.
- `mask_pooled_relu_gradients`: ReluGrad(MaxPoolGrad(x, p, g), x) becomes
  MaxPoolGrad(x, p, ReluGrad(g, p)): the same values, the mask applied to the pooled gradient (a
  quarter of the size for 2x2 pools) instead of the full one.

They never fold, merge or drop a stateful node (random, variable reads and assigns, print), and
treat as opaque every op that is not a registered primitive (control flow: its attrs hold
sub-graphs and plans), every TensorList/py_function op and every node whose attrs hold anything
but plain values. `optimized_plan` runs them, then builds a Plan that also specializes kernels
(`specialize_steps`) and writes elementwise results into dying buffers (`inplace_steps`).
`NUMTF_GRAPH_PASSES=0` turns all of it off. Fusing elementwise chains into one step is not done:
a compiled plan already calls its kernels back to back from straight-line code (a few hundredths of
a microsecond a step beyond the call, benchmarks/graph_exec.py), so a fused step would save nothing
measurable; what fusion would buy (no temporaries) comes from the in-place steps.

    >>> nodes, replace = fold_constants(graph.nodes)
    >>> plan = optimized_plan(graph, [y], [x])
"""
import os

import numpy as np

from ..framework.blas import PARALLEL_FLOPS, big_product
from ..framework.dtypes import DType
from ..framework.tensor import SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..ops.matmul_ops import DOT_MAX_MACS
from ..ops import state_ops
from ..ops.registry import REGISTRY
from .executor import Plan, needed_nodes
from .graph import CONST, PLACEHOLDER, Node

MAX_FOLDED_ELEMENTS = 1 << 20  # a bigger folded result would be kept in memory by the plan
MAX_KEYED_ELEMENTS = 1024  # constants and array attributes compared by value up to this size
_OPAQUE_PREFIXES = ("TensorList", "If", "StatelessIf", "While", "StatelessWhile", "Case", "StatelessCase",
                    "PyFunc", "EagerPyFunc", "PartitionedCall", "StatefulPartitionedCall")
_FORWARDED = ("Identity", "StopGradient")


def enabled():
    """False when `NUMTF_GRAPH_PASSES=0` (read when a plan is built)."""
    return os.environ.get("NUMTF_GRAPH_PASSES", "1").strip().lower() not in ("0", "false", "no", "off")


class GraphView:
    """What a Plan reads of a graph: its node list (here, an optimized copy)."""
    __slots__ = ("nodes", "graph")

    def __init__(self, nodes, graph=None):
        self.nodes = nodes
        self.graph = graph


# -- safe keys -----------------------------------------------------------------------------
def value_key(v):
    """A hashable key equal only for values that behave identically, or None (then the value is
    treated as unknown: no folding or merging). Floats compare by bits (so 0.0 != -0.0 and NaN ==
    NaN), types are part of the key (1, 1.0 and True differ), arrays by dtype, shape and bytes."""
    t = type(v)
    if v is None or t is bool or t is int or t is str or t is bytes:
        return (t.__name__, v)
    if t is float:
        return ("float", v.hex())
    if t is complex:
        return ("complex", v.real.hex(), v.imag.hex())
    if t is tuple or t is list:
        keys = tuple(value_key(x) for x in v)
        return None if None in keys else (t.__name__,) + keys
    if t is dict:
        if not all(type(k) is str for k in v):
            return None
        keys = tuple((k, value_key(x)) for k, x in sorted(v.items()))
        return None if any(k[1] is None for k in keys) else ("dict",) + keys
    if t is np.ndarray or isinstance(v, np.generic):
        a = np.asarray(v)
        if a.dtype.hasobject or a.size > MAX_KEYED_ELEMENTS:
            return None
        return ("nd" if t is np.ndarray else "np", a.dtype.str, a.shape, a.tobytes())
    if t is DType:
        return ("DType", v.name)
    if isinstance(v, np.dtype):  # (NumPy 2's dtypes are instances of subclasses)
        return ("dtype", v.str) if not v.hasobject and v.fields is None else None
    if t is TensorShape:
        return ("shape", None if v.rank is None else tuple(v.as_list()))
    if t is slice:
        keys = (value_key(v.start), value_key(v.stop), value_key(v.step))
        return None if None in keys else ("slice",) + keys
    if v is Ellipsis:
        return ("...",)
    if t is type and issubclass(v, np.generic):
        return ("type", np.dtype(v).str)
    return None


def _np_dtype(t):
    return getattr(t.dtype, "_np", None)


def is_opaque(node):
    """True for nodes no pass may fold or merge: stateful ops, ops that are not registered
    primitives (control flow, v1 ops), TensorList and py_function ops, nodes with non-plain attrs."""
    op = node.op
    if op.stateful or REGISTRY.get(op.name) is not op or op.name.startswith(_OPAQUE_PREFIXES):
        return True
    if op is PLACEHOLDER or not node.outputs:
        return True
    if any(_np_dtype(o) is None for o in node.outputs):  # variant/resource outputs: containers, handles
        return True
    return bool(node.attrs) and value_key(node.attrs) is None


# -- rewriting -----------------------------------------------------------------------------
def _copy(node, inputs, control_inputs):
    new = Node(node.op, inputs, node.attrs, node.name, node.graph)
    new.needs = node.needs
    new.control_inputs = control_inputs
    new.outputs = tuple(SymbolicTensor(new, i, o.shape, o.dtype) for i, o in enumerate(node.outputs))
    return new


def _const_node(value, like):
    node = Node(CONST, (), {"value": value, "dtype": like.dtype}, like.op.name, like.op.graph)
    node.outputs = (SymbolicTensor(node, 0, np.shape(value), like.dtype),)
    return node


class _Rewriter:
    """Walks nodes in order, remapping inputs through `replace`; the pass decides per node."""

    def __init__(self):
        self.replace = {}  # id(old tensor) -> new tensor
        self.node_map = {}  # id(old node) -> new node (for control inputs)
        self.nodes = []

    def inputs(self, node):
        rep = self.replace
        ins = tuple(rep.get(id(t), t) for t in node.inputs)
        ctl = tuple(self.node_map.get(id(c), c) for c in node.control_inputs)
        return ins, ctl

    def keep(self, node, ins, ctl):
        """Keeps `node`, copied when its inputs changed; returns the node now in the list."""
        if node.op is not PLACEHOLDER and (any(a is not b for a, b in zip(ins, node.inputs)) or any(
                a is not b for a, b in zip(ctl, node.control_inputs))):  # feeds name placeholders
            new = _copy(node, ins, ctl)
            self.substitute(node, new.outputs, new)
            node = new
        self.nodes.append(node)
        return node

    def substitute(self, node, outputs, new_node=None):
        for o, n in zip(node.outputs, outputs):
            self.replace[id(o)] = n
        if new_node is not None:
            self.node_map[id(node)] = new_node


def _compose(first, second):
    """`replace` of two passes in sequence."""
    out = {k: second.get(id(v), v) for k, v in first.items()}
    for k, v in second.items():
        out.setdefault(k, v)
    return out


# Inputs whose kernels read only the shape (the gradient of a mean reads its input's): with a
# fully known static shape they fold like constants. In the handbook MLP's traced step the
# loss gradient's first three steps (FillLike, ReduceGrad, ExpandReducedDims) become one constant.
_SHAPE_ONLY_INPUTS = {"FillLike": (0,), "ReduceGrad": (1,), "Shape": (0,), "Size": (0,), "Rank": (0,)}


def _known_values(node, ins):
    """The values `node`'s kernel would get, if known now (constants, or stand-ins for inputs only
    read for their known shape); else None."""
    shape_only = _SHAPE_ONLY_INPUTS.get(node.op.name, ()) if REGISTRY.get(node.op.name) is node.op else ()
    values = []
    for i, t in enumerate(ins):
        if t.op.op is CONST:
            values.append(t.op.attrs["value"])
        elif i in shape_only and t.shape.is_fully_defined() and _np_dtype(t) is not None:
            values.append(np.broadcast_to(np.zeros((), _np_dtype(t)), tuple(t.shape)))  # no memory
        else:
            return None
    return values


def fold_constants(nodes):
    """Pure nodes whose inputs are all constants (or, for some ops, of known shape) become
    constant nodes (computed now with the very kernel that would run later). Results larger than
    MAX_FOLDED_ELEMENTS, kernels that raise (the error belongs to run time) and non-array results
    are left alone."""
    rw = _Rewriter()
    for node in nodes:
        ins, ctl = rw.inputs(node)
        values = _known_values(node, ins) if not ctl and ins and not is_opaque(node) else None
        if values is not None:
            folded = _fold(node, values)
            if folded is not None:
                consts = [_const_node(v, o) for v, o in zip(folded, node.outputs)]
                rw.nodes.extend(consts)
                rw.substitute(node, [c.outputs[0] for c in consts], consts[0])
                continue
        rw.keep(node, ins, ctl)
    return rw.nodes, rw.replace


def _fold(node, values):
    attrs = node.attrs
    try:
        result = node.op.kernel(*values, **attrs) if attrs else node.op.kernel(*values)
    except Exception:  # noqa: BLE001 - the node stays and fails at run time, as it would have
        return None
    results = (result,) if len(node.outputs) == 1 else tuple(result)
    if len(results) != len(node.outputs):
        return None
    for r in results:
        if not isinstance(r, (np.ndarray, np.generic)) or r.dtype.hasobject or np.size(r) > MAX_FOLDED_ELEMENTS:
            return None
    return results


def forward_identities(nodes):
    """Drops `Identity` and `StopGradient` nodes (their kernels return their input object), unless
    they carry or serve as control dependencies."""
    controls = {id(c) for n in nodes for c in n.control_inputs}
    rw = _Rewriter()
    for node in nodes:
        ins, ctl = rw.inputs(node)
        op = node.op
        if (op.name in _FORWARDED and REGISTRY.get(op.name) is op and not ctl and len(ins) == 1
                and id(node) not in controls):
            rw.substitute(node, ins)
            continue
        rw.keep(node, ins, ctl)
    return rw.nodes, rw.replace


def eliminate_common_subexpressions(nodes):
    """Merges pure nodes applying the same op to the same inputs with equal attrs (and the same
    control inputs); equal small constants merge too. The first occurrence survives."""
    rw = _Rewriter()
    seen = {}
    for node in nodes:
        ins, ctl = rw.inputs(node)
        key = None
        if node.op is CONST:
            vk = value_key(node.attrs["value"])
            if vk is not None:
                key = ("Const", node.attrs["dtype"].name, vk, tuple(map(id, ctl)))
        elif not is_opaque(node):
            key = (id(node.op), tuple(map(id, ins)), tuple(map(id, ctl)),
                   value_key(node.attrs) if node.attrs else None)
        if key is not None:
            first = seen.get(key)
            if first is not None:
                rw.substitute(node, first.outputs, first)
                continue
        kept = rw.keep(node, ins, ctl)
        if key is not None:
            seen[key] = kept
    return rw.nodes, rw.replace


def mask_pooled_relu_gradients(nodes, fetches=()):
    """ReluGrad(MaxPoolGrad(x, p, g), x) -> MaxPoolGrad(x, p, ReluGrad(g, p)) when the routed
    gradient has no other use. Equal values: a window routes g to its first maximum, where
    x == p, so masking by x > 0 there is masking by p > 0; everywhere else both are 0. (The eager
    tape does the same through gradient hints, nn_ops.RELU_OUTPUT.) The backward pass of a
    Conv2D+relu layer followed by a max pool, the handbook CNN's, saves a full-size pass."""
    uses = {}
    for node in nodes:
        for t in node.inputs:
            uses[id(t)] = uses.get(id(t), 0) + 1
    controls = {id(c) for n in nodes for c in n.control_inputs}
    kept = {id(f) for f in fetches}
    pairs = {}  # id(MaxPoolGrad node) -> its ReluGrad consumer
    for node in nodes:
        if node.op.name == "ReluGrad" and not node.control_inputs and REGISTRY.get("ReluGrad") is node.op:
            routed, x = node.inputs
            m = routed.op
            if (m.op.name == "MaxPoolGrad" and REGISTRY.get("MaxPoolGrad") is m.op and m.inputs[0] is x
                    and uses[id(routed)] == 1 and id(routed) not in kept and id(m) not in controls
                    and not m.control_inputs):
                pairs[id(m)] = node
    if not pairs:
        return nodes, {}
    rw = _Rewriter()
    dropped = set()
    for node in nodes:
        if id(node) in dropped:
            continue
        ins, ctl = rw.inputs(node)
        relu = pairs.get(id(node))
        if relu is None:
            rw.keep(node, ins, ctl)
            continue
        x, p, g = ins
        masked = _new_node(relu, (g, p), p)
        routed = _new_node(node, (x, p, masked.outputs[0]), x)
        rw.nodes += [masked, routed]
        rw.substitute(relu, routed.outputs, routed)
        dropped.add(id(relu))
    return rw.nodes, rw.replace


def _new_node(like, inputs, shaped_as):
    """A node applying `like`'s op and attrs to `inputs`; one output shaped like `shaped_as`."""
    node = Node(like.op, inputs, like.attrs, like.name, like.graph)
    node.needs = like.needs
    node.outputs = (SymbolicTensor(node, 0, shaped_as.shape, like.outputs[0].dtype),)
    return node


def eliminate_dead_code(nodes, fetches, include_stateful=True):
    """The nodes the fetches (tensors or nodes) need, plus every stateful node, in order."""
    fetch_nodes = [f.op if isinstance(f, SymbolicTensor) else f for f in fetches]
    needed = needed_nodes(GraphView(nodes), fetch_nodes, include_stateful)
    return [n for n in nodes if id(n) in needed]


def optimize(nodes, fetches, include_stateful=True):
    """Runs every pass; returns (nodes, fetches remapped onto them)."""
    replace = {}
    for p in (forward_identities, fold_constants, eliminate_common_subexpressions):
        nodes, rep = p(nodes)
        replace = _compose(replace, rep)
    fetches = [replace.get(id(f), f) if isinstance(f, SymbolicTensor) else f for f in fetches]
    nodes, rep = mask_pooled_relu_gradients(nodes, fetches)
    fetches = [rep.get(id(f), f) if isinstance(f, SymbolicTensor) else f for f in fetches]
    return eliminate_dead_code(nodes, fetches, include_stateful), fetches


def optimized_plan(graph, fetches, feeds=(), include_stateful=True):
    """A Plan of `graph` after the passes (a plain Plan when NUMTF_GRAPH_PASSES=0). The feeds are
    placeholders, which no pass touches."""
    if not enabled():
        return Plan(graph, fetches, feeds, include_stateful)
    nodes, new_fetches = optimize(list(graph.nodes), fetches, include_stateful)
    return Plan(GraphView(nodes, graph), new_fetches, feeds, include_stateful, optimize=True)


# -- plan-level: specialized kernels and in-place steps -------------------------------------
def _static(t):
    """The static shape as a tuple (None dims allowed), or None for an unknown rank."""
    shape = t.shape
    return None if shape.rank is None else tuple(shape.as_list())


def _registered(op, name):
    return op.name == name and REGISTRY.get(name) is op


def _matmul_ta(a, b):
    return np.matmul(np.swapaxes(a, -1, -2), b)


def _matmul_tb(a, b):
    return np.matmul(a, np.swapaxes(b, -1, -2))


def _matmul_tab(a, b):
    return np.matmul(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2))


_MATMULS = {(False, False): np.matmul, (True, False): _matmul_ta, (False, True): _matmul_tb,
            (True, True): _matmul_tab}
_DOTS = {(False, False): np.dot, (True, False): lambda a, b: np.dot(a.T, b),
         (False, True): lambda a, b: np.dot(a, b.T), (True, True): lambda a, b: np.dot(a.T, b.T)}


def _big_matmul(fn, transpose_b):
    """fn on all cores when the product is big (what MatMul's own kernel does), for products
    whose static shapes don't prove them small."""
    n_axis = 0 if transpose_b else 1

    def matmul(a, b):
        flops = 2.0 * a.size * b.shape[n_axis]
        if flops >= PARALLEL_FLOPS:
            with big_product(flops):
                return fn(a, b)
        return fn(a, b)
    return matmul


_BIG_MATMULS = {(ta, tb): _big_matmul(fn, tb) for (ta, tb), fn in _MATMULS.items()}


def specialize_steps(steps):
    """Replaces a kernel by the NumPy calls it ends in when the static shapes already prove what
    its checks verify: MatMul of two rank-2 operands with known, equal inner dimensions becomes
    np.matmul (of the transposed views when asked); BiasAdd in channels-last layout becomes np.add.
    (Steps are [kernel, ins, outs, attrs, node, frees] lists.)"""
    for step in steps:
        node = step[4]
        op = node.op
        if _registered(op, "MatMul"):
            attrs = node.attrs or {}
            ta, tb = bool(attrs.get("transpose_a")), bool(attrs.get("transpose_b"))
            a, b = (_static(t) for t in node.inputs)
            if (a is not None and b is not None and len(a) == 2 and len(b) == 2
                    and a[0 if ta else 1] is not None and a[0 if ta else 1] == b[1 if tb else 0]
                    and node.inputs[0].dtype is node.inputs[1].dtype):
                m, k, n = a[1 if ta else 0], a[0 if ta else 1], b[0 if tb else 1]
                small = m is not None and n is not None and 2.0 * m * k * n < PARALLEL_FLOPS
                tiny = small and m * k * n < DOT_MAX_MACS  # (np.dot: less call overhead, same bits)
                step[0], step[3] = (_DOTS if tiny else _MATMULS if small else _BIG_MATMULS)[ta, tb], {}
        elif _registered(op, "BiasAdd"):
            v = _static(node.inputs[0])
            if node.inputs[0].dtype is node.inputs[1].dtype and (
                    not (node.attrs or {}).get("channels_first") or v is not None and len(v) <= 2):
                step[0], step[3] = np.add, {}


_ADAM_SLOTS = ("var", "m", "v", "vhat")


def group_adam_steps(steps):
    """Consecutive ResourceApplyAdam steps of one optimizer step (the same learning-rate and step
    inputs and hyperparameters) become one step that computes Adam's coefficients once
    (state_ops.adam_group_kernel): ~2 us saved per variable. Returns the new step list."""
    out, run = [], []  # run: the Adam steps that can still be merged with the next one

    def close_run():
        if len(run) == 1:
            out.append(run[0])
        elif run:
            first = run[0][4]
            hyper = {k: v for k, v in first.attrs.items() if k not in _ADAM_SLOTS}
            targets = [tuple(s[4].attrs.get(k) for k in _ADAM_SLOTS) for s in run]
            ins = tuple(s[1][0] for s in run) + run[0][1][1:]  # every gradient, then lr and step
            frees = tuple(sorted({f for s in run for f in s[5]}))
            out.append([state_ops.adam_group_kernel(targets, **hyper), ins, (), {}, first, frees])
        run.clear()

    for step in steps:
        if not _registered(step[4].op, "ResourceApplyAdam"):
            close_run()
            out.append(step)
            continue
        if run and not _same_adam_step(run[0], step):
            close_run()
        run.append(step)
    close_run()
    return out


def _same_adam_step(a, b):
    """Whether two ResourceApplyAdam steps read the same learning rate and step, with equal
    hyperparameters."""
    hyper = [{k: v for k, v in s[4].attrs.items() if k not in _ADAM_SLOTS} for s in (a, b)]
    return a[1][1:] == b[1][1:] and hyper[0] == hyper[1]


def _inplace_form(step):
    """(ufunc, extra positional args) computing the step with an `out` argument, or None."""
    kernel, ins, outs, attrs, node = step[:5]
    if len(outs) != 1:
        return None
    if (type(kernel) is np.ufunc and kernel.signature is None  # elementwise (np.matmul is a gufunc)
            and kernel.nout == 1 and kernel.nin == len(ins) and not attrs):
        return kernel, ()
    if _registered(node.op, "Relu") and len(ins) == 1:
        return np.maximum, (0,)
    return None


# ops whose kernels always return a new array, never a view of (or one of) their inputs
_FRESH_OPS = ("MatMul", "BiasAdd", "BiasAddGrad", "Relu", "ReluGrad", "Sigmoid", "Softplus", "Conv2D",
              "Conv2DBackpropInput", "Conv2DBackpropFilter", "MaxPool", "MaxPoolGrad")


def _fresh(step):
    kernel, node = step[0], step[4]
    if type(kernel) is np.ufunc:
        return kernel.nout == 1
    if kernel is np.matmul or any(kernel in table.values() for table in (_MATMULS, _BIG_MATMULS, _DOTS)):
        return True
    return node.op.name in _FRESH_OPS and REGISTRY.get(node.op.name) is node.op


_dtype_ok = {}


def _same_dtype_result(fn, extra, dtypes, out_dtype):
    """Whether fn on arrays of these dtypes gives `out_dtype` (checked once on tiny arrays)."""
    if None in dtypes:
        return False
    key = (fn, tuple(dtypes), out_dtype, value_key(extra))
    ok = _dtype_ok.get(key)
    if ok is None:
        try:
            ok = fn(*[np.zeros(2, d) for d in dtypes], *extra).dtype == out_dtype
        except Exception:  # noqa: BLE001
            ok = False
        _dtype_ok[key] = ok
    return ok


def _result_is(buf, other):
    """Whether broadcasting `buf` (static shape) with `other` provably gives buf's shape."""
    if len(other) > len(buf):
        return False
    for a, b in zip(buf[len(buf) - len(other):], other):
        if not (b == 1 or a is not None and a != 1):
            return False
    return True


def inplace_steps(steps, keep, external):
    """Elementwise steps that may write their result into an input buffer that dies with them:
    {step index: (ufunc, extra args, index of the reused input, index of the input whose run-time
    shape must equal it, or None)}.

    A buffer is reused only if this plan made it (a step known to return a fresh array: never a
    constant, a feed, a preset slot or a variable's buffer, which a read returns), it is not
    fetched (`keep`), every step that reads it returns fresh arrays too (so no live view of it
    exists), its rank is known and non-zero (NumPy returns scalars for 0-d results) and the
    result provably has its shape and dtype."""
    readers = {}
    for i, step in enumerate(steps):
        for s in step[1]:
            readers.setdefault(s, []).append(i)
    fresh = set()
    found = {}
    for i, step in enumerate(steps):
        ins, outs, node, frees = step[1], step[2], step[4], step[5]
        form = _inplace_form(step)
        if form is not None:
            fn, extra = form
            out_t = node.outputs[0]
            out_np = _np_dtype(out_t)
            for which, s in enumerate(ins):
                t = node.inputs[which]
                if (s not in fresh or s not in frees or s in keep or s in external
                        or t.dtype is not out_t.dtype or out_np is None
                        or not all(_fresh(steps[j]) for j in readers[s])):
                    continue
                if not _same_dtype_result(fn, extra, [_np_dtype(x) for x in node.inputs], out_np):
                    break
                buf = _static(t)
                check = None
                if len(ins) == 2:
                    other = _static(node.inputs[1 - which])
                    if other is None:
                        continue
                    if not _result_is(buf, other):
                        if len(other) != len(buf):
                            continue
                        check = 1 - which  # reuse when the shapes match at run time
                found[i] = (fn, extra, which, check)
                break
        if i in found or _fresh(step):
            for s, o in zip(outs, node.outputs):
                shape = _static(o)
                if shape is not None and len(shape) > 0:
                    fresh.add(s)
    return found
