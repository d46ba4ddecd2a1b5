"""`tf.while_loop`: a Python loop eagerly; one "While" node in graphs.

In a graph, the condition and the body are traced once over placeholders for the loop
variables (shapes from the initial values or `shape_invariants`); the node's kernel then loops
running the two compiled plans over arrays (no re-planning per iteration). TensorArrays travel
through the loop as their flow tensors.

Gradients: when a gradient is wanted (a tape records at run time, or a gradient graph was built
for the node) the loop keeps every iteration's body slots in a hidden output, and the gradient
node runs the body's gradient plan (built by `backward` inside the body graph) backwards over
them, summing the gradients of captured tensors across iterations.

    >>> tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2.0), (0, 1.0))
    (<tf.Tensor: shape=(), dtype=int32, numpy=4>, <tf.Tensor: shape=(), dtype=float32, numpy=16.0>)
"""
from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from ..util import nest
from .control_flow_util import (SubGraph, add_recorded, build_graph, control_op, hoist_variable_reads, node_inputs,
                                rebuild, structure_error, trace, zeros_for, is_diff,
                                dtype_text, no_second_order)
from .convert import convert_to_tensor

__all__ = ["while_loop"]


class _Loop:
    """The hidden output of a loop: each iteration's body slots (None when no gradient is wanted)."""
    __slots__ = ("iters",)

    def __init__(self, iters):
        self.iters = iters


class _WhileState:
    __slots__ = ("cond", "body", "n_vars", "has_max", "out_specs", "accumulate", "back_prop")

    def __init__(self, cond, body, n_vars, has_max, out_specs, back_prop):
        self.cond = cond
        self.body = body
        self.n_vars = n_vars
        self.has_max = has_max
        self.out_specs = out_specs
        self.accumulate = False
        self.back_prop = back_prop

    def written_variables(self, out):
        self.cond.written_variables(out)
        self.body.written_variables(out)


def _while_infer(ins, attrs):
    return attrs["state"].out_specs + [((), dtypes.variant)]


def _while_kernel(*args, state):
    n = state.n_vars
    vals = list(args[:n])
    cond, body = state.cond, state.body
    ccaps = [args[i] for i in cond.cap_idx]
    bcaps = [args[i] for i in body.cap_idx]
    limit = int(args[n]) if state.has_max else -1
    keep = state.accumulate or bool(ctx.tapes)
    run_cond = cond.plan().run
    run_body = (body.keep_plan() if keep else body.plan()).run
    iters = [] if keep else None
    i = 0
    while True:
        if not run_cond(vals + ccaps)[0][0]:
            break
        if i == limit:
            break
        vals, slots = run_body(vals + bcaps)
        if keep:
            iters.append(slots)
        i += 1
    return (*vals, _Loop(iters))


class _WhileGradState:
    __slots__ = ("fn", "owner", "n_vars", "ph_slots", "specs")

    def __init__(self, fn, owner, n_vars, ph_slots, specs):
        self.specs = specs
        self.fn = fn
        self.owner = owner
        self.n_vars = n_vars
        self.ph_slots = ph_slots


def _while_grad_kernel(saved, *args, state):
    if saved.iters is None:
        raise InvalidArgumentError(None, "WhileGrad", "The forward loop did not keep its values for the "
                                                      "gradient (internal error).")
    n = state.n_vars
    dys = list(args[:n])
    caps = args[2 * n:]
    acc = [None] * len(caps)
    run, owner, ph_slots = state.fn.run, state.owner, state.ph_slots
    for slots in reversed(saved.iters):
        res = run(dys, slots)
        dys = [zeros_for(slots[s]) if r is None else r for r, s in zip(res[:n], ph_slots)]
        for o, v in zip(owner, res[n:]):
            if v is not None:
                acc[o] = v if acc[o] is None else acc[o] + v
    out = dys + [zeros_for(c) if a is None else a for a, c in zip(acc, caps)]
    return out[0] if len(out) == 1 else tuple(out)


def _grad_infer(ins, attrs):
    return attrs["state"].specs


def _while_grad(node, *out_grads):
    state = node.attrs["state"]
    inputs = node.inputs
    if not state.back_prop:
        return [None] * len(inputs)
    state.accumulate = True  # later runs keep every iteration for this gradient
    needs = node.needs
    n = state.n_vars
    body = state.body
    diff = [i for i in range(n) if is_diff(inputs[i])]
    first_cap = n + (1 if state.has_max else 0)
    wanted = [j for j in range(first_cap, len(inputs)) if (needs is None or needs[j]) and is_diff(inputs[j])]
    if not wanted and not any(needs is None or needs[i] for i in diff):
        return [None] * len(inputs)
    where = {j: k for k, j in enumerate(wanted)}
    positions, owner = [], []
    for p, idx in enumerate(body.cap_idx):
        if idx in where:
            positions.append(n + p)
            owner.append(where[idx])
    fn = body.gradient(diff, diff + positions)
    keep = body.keep_plan()
    g_inputs = ([node.outputs[n]] + [out_grads[i] for i in diff] + [inputs[i] for i in diff]
                + [inputs[j] for j in wanted])
    specs = [(inputs[i].shape, inputs[i].dtype) for i in diff] + [(inputs[j].shape, inputs[j].dtype)
                                                                  for j in wanted]
    gstate = _WhileGradState(fn, owner, len(diff), [keep.slot(body.params[i]) for i in diff], specs)
    op = control_op("WhileGrad", len(specs), False, _while_grad_kernel, _grad_infer, no_second_order)
    graph = ctx.graph if ctx.graph is not None else node.graph
    outs = graph.add_op(op, g_inputs, {"state": gstate}, "while_grad")
    result = [None] * len(inputs)
    for i, o in zip(diff + wanted, outs):
        result[i] = o
    return result


# -- tf.while_loop -----------------------------------------------------------------------------
def _check_args(cond, body, loop_vars):
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if isinstance(loop_vars, (list, tuple, dict)) and not loop_vars:
        raise ValueError("'loop_vars' must be provided.")


def _eager_loop(cond, body, loop_vars, maximum_iterations, single):
    from .tensor_array_ops import TensorArray
    limit = -1
    if maximum_iterations is not None:
        m = convert_to_tensor(maximum_iterations)
        if m.shape.rank != 0:
            raise ValueError(f"'maximum_iterations' must be a scalar. Received shape: {m.shape}")
        limit = int(m._value)
    args = [loop_vars] if single else loop_vars
    args = nest.pack_sequence_as(args, [x._read() if isinstance(x, Variable) else x for x in nest.flatten(args)])
    i = 0
    while bool(_truth(cond(*args))) and i != limit:
        out = _as_loop_vars(args, body(*args))
        detail = structure_error(list(args), list(out) if isinstance(out, (list, tuple)) else out, False)
        if detail is not None:
            raise ValueError(detail)
        args = out
        i += 1
    result = [x if isinstance(x, TensorArray) else convert_to_tensor(x) for x in nest.flatten(args)]
    if single:
        return result[0]
    # Eagerly TF hands back the body's last output as it came (a tuple from `lambda i, s: (i + 1, s)`
    # even for list loop_vars); a graph loop keeps loop_vars' structure.
    return nest.pack_sequence_as(args, result)


def _as_loop_vars(loop_vars, out):
    """A body may return its one loop variable bare (TF's graph loops accept that)."""
    if len(loop_vars) == 1 and (not isinstance(out, (list, tuple)) or (
            structure_error(list(loop_vars), list(out), False) is not None
            and structure_error(loop_vars[0], out, False) is None)):
        return [out]
    return out


def _truth(c):
    if isinstance(c, Tensor):
        return c._value
    return c


def _shape_less_equal(shape, invariant):
    """True if every dim of `invariant` is None or equal to `shape`'s (TF's rule)."""
    if invariant.rank is None:
        return True
    if shape.rank != invariant.rank:
        return False
    return all(b is None or a == b for a, b in zip(shape.as_list(), invariant.as_list()))


def _loop_var_tensor(graph, x):
    from .tensor_array_ops import TensorArray
    if isinstance(x, TensorArray):
        return x._graph_flow()
    if isinstance(x, Variable):
        x = x._read()
    t = x if isinstance(x, Tensor) else convert_to_tensor(x)
    if type(t) is Tensor:
        return graph.capture(t)
    if t.op.graph is not graph and graph.encloses(t.op.graph):
        return graph.capture_outer(t)
    return t


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, maximum_iterations=None, name=None):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`; returns the final loop_vars.

        >>> tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), [0])
        (<tf.Tensor: shape=(), dtype=int32, numpy=10>,)
    """
    _check_args(cond, body, loop_vars)
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    single = not isinstance(loop_vars, (list, tuple))
    graph = build_graph(loop_vars, maximum_iterations)
    if graph is None:
        return _eager_loop(cond, body, loop_vars, maximum_iterations, single)
    from .tensor_array_ops import TensorArray
    structure = [loop_vars] if single else loop_vars
    leaves = nest.flatten(structure)
    if shape_invariants is not None:
        inv_structure = [shape_invariants] if single else shape_invariants
        detail = structure_error(structure, inv_structure, False)
        if detail is not None:
            raise ValueError(detail)
        invariants = nest.flatten(inv_structure)
    else:
        invariants = [None] * len(leaves)
    inits = [_loop_var_tensor(graph, x) for x in leaves]
    specs = []
    for x, t, inv in zip(leaves, inits, invariants):
        if isinstance(x, TensorArray) or inv is None:
            specs.append((t.dtype, t.shape))
            continue
        inv = TensorShape(inv)
        if not t.shape.is_compatible_with(inv):
            raise ValueError(f"The shape invariant specified for {t.name} is not compatible with the initial "
                             f"shape of the loop variable. It enters the loop with shape {t.shape}, but the "
                             f"specified shape invariant is {inv}.")
        specs.append((t.dtype, inv))
    has_max = maximum_iterations is not None
    if has_max:
        limit = convert_to_tensor(maximum_iterations, dtypes.int32) if not isinstance(
            maximum_iterations, Tensor) else maximum_iterations
        if limit.shape.rank not in (0, None):
            raise ValueError(f"'maximum_iterations' must be a scalar. Received shape: {limit.shape}")
        if not limit.dtype.is_integer:
            raise TypeError(f"'maximum_iterations' must be an integer tensor, got {dtype_text(limit.dtype)}")

    def make_args(params):
        return nest.pack_sequence_as(structure, rebuild(leaves, params))

    name = name or "while"
    cg, cparams, cres, cflat = trace(lambda *a: cond(*a), f"{name}_cond", graph, specs, make_args)
    pred = cflat[0] if len(cflat) == 1 else None
    if pred is None or pred.dtype is not dtypes.bool:
        got = "a structure" if pred is None else pred.dtype.name
        raise TypeError(f"The loop condition of tf.while_loop must return a boolean scalar tensor, got {got}.")
    if pred.shape.rank is not None and pred.shape.num_elements() not in (1, None):
        raise ValueError(f"The loop condition of tf.while_loop must return a scalar, got shape {pred.shape}.")
    bg, bparams, bres, bflat = trace(lambda *a: body(*a), f"{name}_body", graph, specs, make_args,
                                     lambda out: _as_loop_vars(structure, out))
    detail = structure_error(bres, structure, False)
    if detail is not None:
        raise ValueError(detail)
    for t, o, (dtype, shape), x in zip(inits, bflat, specs, leaves):
        if o is None:
            raise ValueError(f"The body of tf.while_loop returned None for loop variable {t.name}.")
        if o.dtype != dtype:
            raise TypeError(f"Loop var {t.name} enters the loop with type {dtype_text(dtype)} but has type "
                            f"{dtype_text(o.dtype)} after 1 iteration. {t.name} type should remain constant.")
        if not isinstance(x, TensorArray) and not _shape_less_equal(o.shape, shape):
            raise ValueError(f"Input tensor `{t.name}` enters the loop with shape {shape}, but has shape "
                             f"{o.shape} after one iteration. To allow the shape to vary across iterations, "
                             "use the `shape_invariants` argument of tf.while_loop to specify a less-specific "
                             "shape.")
    hoist_variable_reads([cg, bg], graph)
    csg = SubGraph(cg, cparams, [pred])
    bsg = SubGraph(bg, bparams, bflat)
    selectors = inits + ([limit] if has_max else [])
    inputs = node_inputs(selectors, [csg, bsg])
    stateful = csg.stateful() or bsg.stateful()
    out_specs = [(shape, dtype) for dtype, shape in specs]
    op = control_op("While" if stateful else "StatelessWhile", len(specs) + 1, stateful, _while_kernel,
                    _while_infer, _while_grad)
    state = _WhileState(csg, bsg, len(specs), has_max, out_specs, back_prop)
    outs = add_recorded(graph, op, inputs, {"state": state}, name)[:len(specs)]
    result = rebuild(leaves, outs)
    if single:
        return result[0]
    return nest.pack_sequence_as(loop_vars, result)

