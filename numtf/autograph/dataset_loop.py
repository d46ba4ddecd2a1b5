"""`for element in dataset:` inside a graph: one node that iterates the dataset each time the
graph runs (TF's `ReduceDataset`), running the traced loop body on every element.

The loop body is traced once, like a tf.while_loop body, with the loop variables and the
element (shaped by `dataset.element_spec`) as placeholders; `break`/`return` flags are traced
into a test run before each element. Datasets are duck-typed: anything with `element_spec`
(a structure of TensorSpecs) and `_iter_flat()` (an iterator over the elements as flat tuples
of arrays), which is numtf.data's Dataset protocol.

    @tf.function
    def total(ds):
        s = 0
        for x in ds:
            s += x
        return s
"""
import numpy as np

from ..framework.context import ctx
from ..framework.tensor import Tensor
from ..util import nest
from .operators import _mark_graph, _to_output

__all__ = ["is_dataset", "dataset_for_stmt"]


def is_dataset(x):
    return hasattr(x, "_iter_flat") and hasattr(x, "element_spec") and not isinstance(x, Tensor)


class _LoopState:
    __slots__ = ("dataset", "body", "test", "n_vars", "out_specs")

    def __init__(self, dataset, body, test, n_vars, out_specs):
        self.dataset = dataset
        self.body = body
        self.test = test
        self.n_vars = n_vars
        self.out_specs = out_specs

    def written_variables(self, out):
        self.body.written_variables(out)
        if self.test is not None:
            self.test.written_variables(out)


def _infer(ins, attrs):
    return attrs["state"].out_specs


def _kernel(*args, state):
    n = state.n_vars
    values = list(args[:n])
    run_body = state.body.plan().run
    body_caps = [args[i] for i in state.body.cap_idx]
    test = state.test
    if test is not None:
        run_test = test.plan().run
        test_caps = [args[i] for i in test.cap_idx]
    for flat in state.dataset._iter_flat():
        if test is not None and not run_test(values + test_caps)[0][0]:
            break
        values = run_body(values + [np.asarray(a) for a in flat] + body_caps)[0]
    return values[0] if n == 1 else tuple(values)


def _no_gradient(node, *grads):
    raise LookupError("No gradient defined for a loop over a tf.data.Dataset.")


def dataset_for_stmt(dataset, extra_test, body, get_state, set_state, symbol_names, opts):
    """Stages the loop as one node of the graph being built (see module docstring).

        >>> dataset_for_stmt(ds, None, loop_body, get_state, set_state, ('s',), {})
    """
    from ..ops.control_flow_util import SubGraph, control_op, hoist_variable_reads, node_inputs, rebuild, trace
    from ..ops.while_ops import _loop_var_tensor
    from .loops import _define_undefined, _verify_loop_vars, _verify_none
    graph = ctx.graph
    _mark_graph()
    spec = dataset.element_spec
    elem_specs = [(s.dtype, s.shape) for s in nest.flatten(spec)]

    def element(params=None):
        if params is None:  # the scratch trace of _define_undefined
            params = [ctx.graph.placeholder(d, s, "element") for d, s in elem_specs]
        return nest.pack_sequence_as(spec, list(params))

    init = tuple(get_state())
    keep, init, _ = _define_undefined(lambda: body(element()), get_state, set_state, init, symbol_names)
    names = [symbol_names[i] for i in keep]
    loop_vars = [_to_output(init[i], n) for i, n in zip(keep, names)]
    counter = not loop_vars  # a loop that carries nothing still needs one loop variable
    leaves = nest.flatten(loop_vars) if not counter else [0]
    inits = [_loop_var_tensor(graph, x) for x in leaves]
    specs = [(t.dtype, t.shape) for t in inits]
    current = list(init)

    def set_loop_vars(params):
        if counter:
            return
        values = nest.pack_sequence_as(loop_vars, rebuild(leaves, params))
        for i, v in zip(keep, values):
            current[i] = v
        set_state(tuple(current))

    def traced_body(*params):
        _mark_graph()
        set_loop_vars(params[:len(leaves)])
        body(element(params[len(leaves):]))
        state = tuple(get_state())
        new = [state[i] for i in keep]
        _verify_none(new, names)
        new = [_to_output(v, n) for v, n in zip(new, names)]
        _verify_loop_vars(loop_vars, new, names, [None] * len(new))
        return [params[0] + 1] if counter else new

    def traced_test(*params):
        _mark_graph()
        set_loop_vars(params)
        go = extra_test()
        if not isinstance(go, Tensor):
            from ..ops.convert import convert_to_tensor
            go = convert_to_tensor(bool(go))
        return go

    bg, bparams, _, bflat = trace(traced_body, "dataset_for_body", graph, specs + elem_specs, list)
    graphs, subgraphs = [bg], []
    body_sg = SubGraph(bg, bparams, bflat)
    test_sg = None
    if extra_test is not None:
        cg, cparams, _, cflat = trace(traced_test, "dataset_for_test", graph, specs, list)
        graphs.append(cg)
        test_sg = SubGraph(cg, cparams, cflat)
    hoist_variable_reads(graphs, graph)
    subgraphs = [body_sg] + ([test_sg] if test_sg is not None else [])
    inputs = node_inputs(inits, subgraphs)
    out_specs = [(s, d) for d, s in specs]
    op = control_op("ReduceDataset", len(specs), True, _kernel, _infer, _no_gradient)
    state = _LoopState(dataset, body_sg, test_sg, len(specs), out_specs)
    outs = graph.add_op(op, inputs, {"state": state}, "dataset_for")
    set_loop_vars(list(outs))
