"""A tf.function called while another function is being traced: its own trace for those
arguments is copied into the graph being built, as TF inlines a nested function call.

The nested function's Python therefore runs only when it traces (as in TF: a nested call with
a known signature prints nothing), and a later direct call reuses the same trace.

    >>> @tf.function
    ... def inner(x):
    ...     print("tracing inner")
    ...     return x * x
    >>> inner(tf.constant(2.0))       # prints "tracing inner"
    >>> @tf.function
    ... def outer(x):
    ...     return inner(x) + 1.0     # inner's trace is copied in: nothing printed
"""
from ..framework.context import ctx
from ..ops.registry import record
from ..ops.variable_ops import READ_VARIABLE, graph_read
from ..util import nest
from .graph import PLACEHOLDER


def inline_trace(concrete, tensors):
    """Copies `concrete`'s graph into the graph being built, its inputs replaced by `tensors` (and
    its captured outer tensors by themselves); returns its structured outputs there."""
    graph = ctx.graph
    inner = concrete.graph
    mapped = {id(p): t for p, t in zip(inner.inputs, tensors)}
    for outer_tensor, placeholder in inner.external_captures:
        mapped[id(placeholder)] = outer_tensor
    new_node = {}
    for node in inner.nodes[:concrete._n_forward]:
        if node.op is PLACEHOLDER:
            if id(node.outputs[0]) not in mapped:
                raise ValueError(f"{inner.name}: placeholder {node.name} is neither an argument nor a capture")
            continue
        if node.op is READ_VARIABLE:  # a read the outer tapes see (watch_accessed_variables)
            outs = (graph_read(node.attrs["var"]),)
        else:
            ins = [mapped[id(t)] for t in node.inputs]
            outs = graph.add_op(node.op, ins, node.attrs, node.name.rpartition("/")[2])
            if ctx.tapes:
                record(node.op, ins, outs, node.attrs)
        copy = graph.nodes[-1]
        new_node[id(node)] = copy
        if node.control_inputs:
            copy.control_inputs = tuple(copy.control_inputs) + tuple(
                new_node[id(c)] for c in node.control_inputs if id(c) in new_node)
        for old, new in zip(node.outputs, outs):
            mapped[id(old)] = new
    outs = [mapped[id(o)] for o in concrete._flat_outputs]
    return nest.pack_sequence_as(concrete.structured_outputs, concrete._fill(outs))
