"""`tf.cond`, `tf.case` and `tf.switch_case` (sub-graph machinery: control_flow_util.py).

Eagerly these just call the chosen Python function (its ops run on the tape as usual). While a
graph is being built, each branch is traced into its own sub-graph (`Graph(outer=...)`, so outer
tensors become captured placeholders) and ONE node is added: "If" / "Case" (or their "Stateless"
forms when no branch has side effects), whose inputs are the selector(s) plus the union of the
branches' captures and whose kernel runs the chosen branch's compiled Plan.

Gradients (DESIGN.md): when a gradient is wanted (a tape is recording at run time, or a gradient
graph was built for the node) the node keeps the chosen branch's slot array in an extra, hidden
output; the gradient node runs that branch's gradient plan (built by `backward` inside the branch
sub-graph) over those slots, with zeros for inputs that branch does not use.

    >>> tf.cond(tf.constant(2.0) > 0, lambda: 1.0, lambda: -1.0)
    1.0
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.variables import Variable
from ..util import nest
from .control_flow_util import (SubGraph, add_recorded, build_graph, control_op, hoist_variable_reads, node_inputs, rebuild,
                                structure_error, trace, zeros_for, is_diff, dtype_text, Saved, no_second_order)
from .convert import convert_to_tensor

__all__ = ["cond", "case", "switch_case"]


# -- the conditional node ------------------------------------------------------------------
class _CondState:
    __slots__ = ("branches", "select", "n_sel", "out_specs", "accumulate")

    def __init__(self, branches, select, n_sel, out_specs):
        self.branches = branches
        self.select = select
        self.n_sel = n_sel
        self.out_specs = out_specs
        self.accumulate = False

    def written_variables(self, out):
        for b in self.branches:
            b.written_variables(out)


def _cond_infer(ins, attrs):
    return attrs["state"].out_specs + [((), dtypes.variant)]


def _cond_kernel(*args, state):
    k = state.select(args[:state.n_sel])
    sg = state.branches[k]
    feeds = [args[i] for i in sg.cap_idx]
    if state.accumulate or ctx.tapes:
        values, slots = sg.keep_plan().run(feeds)
        saved = Saved(k, slots)
    else:
        values = sg.plan().run(feeds)[0]
        saved = Saved(k, None)
    if not values:
        return saved
    return (*values, saved)


class _CondGradState:
    __slots__ = ("per_branch", "n_targets", "specs")

    def __init__(self, state, wanted, targets, specs):
        self.specs = specs
        self.n_targets = len(targets)
        self.per_branch = []
        where = {i: k for k, i in enumerate(wanted)}
        for sg in state.branches:
            positions, owner = [], []
            for p, idx in enumerate(sg.cap_idx):
                if idx in where:
                    positions.append(len(sg.params) + p)
                    owner.append(where[idx])
            self.per_branch.append((sg.gradient(targets, positions) if positions else None, owner))


def _cond_grad_kernel(saved, *args, state):
    if saved.slots is None:
        raise InvalidArgumentError(None, "IfGrad", "The forward conditional did not keep its values for "
                                                   "the gradient (internal error).")
    fn, owner = state.per_branch[saved.branch]
    n = state.n_targets
    dys, xs = args[:n], args[n:]
    res = [None] * len(xs)
    if fn is not None:
        for o, v in zip(owner, fn.run(dys, saved.slots)):
            if v is not None:
                res[o] = v if res[o] is None else res[o] + v
    out = tuple(zeros_for(x) if r is None else r for r, x in zip(res, xs))
    return out[0] if len(out) == 1 else out


def _grad_infer(ins, attrs):
    return attrs["state"].specs


def _cond_grad(node, *out_grads):
    state = node.attrs["state"]
    state.accumulate = True  # later runs keep the branch's values for this gradient
    inputs = node.inputs
    needs = node.needs
    n_out = len(state.out_specs)
    wanted = [i for i in range(state.n_sel, len(inputs)) if (needs is None or needs[i]) and is_diff(inputs[i])]
    targets = [i for i in range(n_out) if is_diff(node.outputs[i])]
    if not wanted or not targets:
        return [None] * len(inputs)
    specs = [(inputs[i].shape, inputs[i].dtype) for i in wanted]
    gstate = _CondGradState(state, wanted, targets, specs)
    g_inputs = [node.outputs[n_out]] + [out_grads[i] for i in targets] + [inputs[i] for i in wanted]
    op = control_op("IfGrad", len(wanted), False, _cond_grad_kernel, _grad_infer, no_second_order)
    graph = ctx.graph if ctx.graph is not None else node.graph
    outs = graph.add_op(op, g_inputs, {"state": gstate}, "cond_grad")
    result = [None] * len(inputs)
    for i, o in zip(wanted, outs):
        result[i] = o
    return result


def _build_conditional(graph, op_name, selectors, fns, labels, api, select, name):
    """Traces each fn as a branch, checks they agree and adds one conditional node."""
    traced = []
    for fn, label in zip(fns, labels):
        g, _, result, flat = trace(fn, f"{name}_{label}", graph)
        hoist_variable_reads([g], graph)
        traced.append((g, result, flat))
    first_result, first_flat = traced[0][1], traced[0][2]
    first_tensors = [t for t in first_flat if t is not None]
    for b in range(1, len(traced)):
        result, flat = traced[b][1], traced[b][2]
        tensors = [t for t in flat if t is not None]

        def error(detail):
            raise TypeError(f"{labels[0]} and {labels[b]} arguments to {api} must have the same number, type, "
                            f"and overall structure of return values.\n\n{labels[0]} output: "
                            f"{_shown(first_result, first_flat)}\n{labels[b]} output: {_shown(result, flat)}\n\n"
                            f"Error details:\n{detail}")
        detail = structure_error(_shown(first_result, first_flat), _shown(result, flat))
        if detail is not None:
            error(detail)
        if len(tensors) != len(first_tensors):
            kind = "cond" if api == "tf.cond" else "case"
            raise ValueError(f"Lengths of branch outputs of {kind} must match.\nlen(graphs[0].outputs): "
                             f"{len(first_tensors)}\nlen(graphs[{b}].outputs): {len(tensors)}\n")
        for x, y in zip(first_tensors, tensors):
            if x.dtype != y.dtype:
                error(f"{x} and {y} have different types")
    specs = []
    for i, t in enumerate(first_tensors):
        shape = t.shape
        for _, _, flat in traced[1:]:
            shape = shape.most_specific_compatible_shape([u for u in flat if u is not None][i].shape)
        specs.append((shape, t.dtype))
    branches = [SubGraph(g, [], [t for t in flat if t is not None]) for g, _, flat in traced]
    inputs = node_inputs(selectors, branches)
    stateful = any(b.stateful() for b in branches)
    op = control_op(op_name if stateful else "Stateless" + op_name, len(specs) + 1, stateful, _cond_kernel,
                    _cond_infer, _cond_grad)
    state = _CondState(branches, select, len(selectors), specs)
    outs = add_recorded(graph, op, inputs, {"state": state}, name)
    outs = outs[:len(specs)]
    leaves = rebuild(nest.flatten(first_result), outs)
    return nest.pack_sequence_as(first_result, leaves)


def _shown(result, flat):
    """A branch's result with its converted tensors, as TF shows it in errors."""
    return nest.pack_sequence_as(result, [x if t is None else t for x, t in zip(nest.flatten(result), flat)])


def _select_if(sel):
    return 0 if sel[0] else 1


def _eager_truth(pred):
    if isinstance(pred, Variable):
        pred = pred._read()
    if isinstance(pred, Tensor):
        return bool(pred._value)
    return bool(np.asarray(pred))


# -- tf.cond -----------------------------------------------------------------------------------
def cond(pred, true_fn=None, false_fn=None, name=None):
    """`true_fn()` if `pred` else `false_fn()`; inside a graph, one "If" node running either branch.

        >>> tf.cond(tf.constant(3) > 2, lambda: tf.constant(1), lambda: tf.constant(0)).numpy()
        1
    """
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    graph = build_graph(pred)
    if graph is None:
        return true_fn() if _eager_truth(pred) else false_fn()
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    pred = convert_to_tensor(pred)
    if pred.dtype is not dtypes.bool:
        raise TypeError(f"Input 'pred' passed {pred.dtype.name} expected bool to tf.cond.")
    if pred.shape.rank is not None and pred.shape.num_elements() not in (1, None):
        raise ValueError(f"Shape must be rank 0 but is rank {pred.shape.rank} for 'pred' of tf.cond "
                         f"(input shape {pred.shape}).")
    return _build_conditional(graph, "If", [pred], [true_fn, false_fn], ["true_fn", "false_fn"], "tf.cond",
                              _select_if, name or "cond")


# -- tf.case -----------------------------------------------------------------------------------
def _pred_text(p):
    return p.name if isinstance(p, SymbolicTensor) else "?"


def _case_pairs(pred_fn_pairs, exclusive, eager):
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError(f"'pred_fn_pairs' must be a list, tuple, or dict. Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, dict):
        if eager and not exclusive:
            raise ValueError("Unordered dictionaries are not supported for the 'pred_fn_pairs' argument when "
                             "`exclusive=False` and eager mode is enabled.")
        pairs = list(pred_fn_pairs.items())
        if not eager:
            pairs.sort(key=lambda kv: _pred_text(kv[0]))
    else:
        pairs = list(pred_fn_pairs)
    if not pairs:
        raise ValueError("not enough values to unpack (expected 2, got 0): tf.case needs at least one "
                         "(predicate, fn) pair")
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'pred_fn_pairs' must be a 2-tuple. Received {pair}.")
        pred, fn = pair
        if isinstance(pred, Tensor):
            if pred.dtype is not dtypes.bool:
                raise TypeError(f"pred must be Tensor of type bool: {_pred_text(pred)}")
        else:
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if not callable(fn):
            raise TypeError(f"fn for pred {_pred_text(pred)} must be callable.")
    return [p for p, _ in pairs], [f for _, f in pairs]


def _raw_preds(pairs):
    if isinstance(pairs, dict):
        return list(pairs)
    if isinstance(pairs, (list, tuple)):
        return [p[0] for p in pairs if isinstance(p, tuple) and p]
    return []


def _case_error(eager, message, values, names):
    if eager:
        text = (f"Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
                f"b'{message}'\n{', '.join(str(bool(v)) for v in values)}")
    else:
        text = f"assertion failed: [{message}] [{' '.join(str(int(bool(v))) for v in values)}]"
    return InvalidArgumentError(None, "Assert", text)


def _case_select(n_pairs, has_default, exclusive, names, eager):
    def select(sel):
        vals = [bool(np.asarray(s)) for s in sel]
        if exclusive:
            checked = vals if has_default else vals[:-1]
            if sum(checked) > 1:
                chosen = names if has_default else names[:-1]
                raise _case_error(eager, f"Input error: exclusive=True: more than 1 conditions "
                                         f"({', '.join(chosen)}) evaluated as True:", checked, chosen)
        for i, v in enumerate(vals):
            if v:
                return i
        if has_default:
            return n_pairs
        raise _case_error(eager, "Input error: None of conditions evaluated as True:", vals, names)
    return select


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The fn of the first true predicate in `pred_fn_pairs` (else `default`); one node in graphs.

        >>> x = tf.constant(2)
        >>> tf.case([(x > 3, lambda: 1), (x > 1, lambda: 2)], default=lambda: 3)
        2
    """
    graph = build_graph(_raw_preds(pred_fn_pairs))
    eager = graph is None
    preds, fns = _case_pairs(pred_fn_pairs, exclusive, eager)
    if default is not None and not callable(default):
        raise TypeError("'false_fn' must be callable.")
    names = [_pred_text(p) for p in preds]
    select = _case_select(len(preds), default is not None, exclusive, names, eager)
    if eager:
        k = select([p._value for p in preds])
        return fns[k]() if k < len(fns) else default()
    branches = fns + ([default] if default is not None else [])
    labels = ["true_fn"] + ["false_fn"] * (len(branches) - 1)
    return _build_conditional(graph, "If", preds, branches, labels, "tf.cond", select, name or "case")


# -- tf.switch_case ----------------------------------------------------------------------------
def _select_index(n):
    def select(sel):
        i = int(np.asarray(sel[0]).reshape(-1)[0]) if np.ndim(sel[0]) else int(sel[0])
        return i if 0 <= i < n else n - 1
    return select


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """`branch_fns[branch_index]()` (out of range: `default`, else the last); a "Case" node in graphs.

        >>> tf.switch_case(tf.constant(1), [lambda: 10, lambda: 20, lambda: 30])
        20
    """
    if isinstance(branch_index, Variable):
        branch_index = branch_index._read()
    if not isinstance(branch_index, Tensor):
        raise TypeError(f"'branch_index' must be a Tensor, got {type(branch_index)}")
    if not branch_index.dtype.is_integer:
        raise TypeError(f"'branch_index' must be an integer Tensor, got {dtype_text(branch_index.dtype)}")
    if not branch_fns:
        raise ValueError("Must provide at least one item in 'branch_fns'")
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("'branch_fns' must be a list, tuple, or dict")
    items = list(branch_fns.items()) if isinstance(branch_fns, dict) else list(branch_fns)
    if all(callable(f) for f in items):
        items = list(enumerate(items))
    for pair in items:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'branch_fns' must be a 2-tuple. Received {pair}.")
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError(f"key must be a Python `int`, got {type(key)}")
        if not callable(fn):
            raise TypeError(f"fn for key {key} must be callable.")
    keys = [k for k, _ in items]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError(f"branch indices (keys) must form contiguous range of [0 to {len(keys)}) but found "
                         f"{{{','.join(map(str, sorted(keys)))}}}")
    fns = [f for _, f in sorted(items, key=lambda kv: kv[0])]
    if default is not None:
        if not callable(default):
            raise TypeError("'default' must be callable.")
        fns.append(default)
    graph = build_graph(branch_index)
    select = _select_index(len(fns))
    if graph is None:
        return fns[select([branch_index._value])]()
    labels = [f"branches[{i}]" for i in range(len(fns))]
    return _build_conditional(graph, "Case", [branch_index], fns, labels, "tf.switch_case", select,
                              name or "switch_case")
