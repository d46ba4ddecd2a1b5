"""`tf.gradients`: symbolic derivatives in a graph, by walking its nodes backwards (no tape).

The same backward pass as `GradientTape` (numtf.autodiff.backprop) runs over the graph's
nodes and emits gradient nodes into the graph, under a `gradients/` name scope. A variable's
gradient is the sum over the nodes that read it.

    >>> x = tf.compat.v1.placeholder(tf.float32, [None, 2])
    >>> y = tf.reduce_sum(x * x)
    >>> tf.compat.v1.gradients(y, [x])
    [<tf.Tensor 'gradients/...' shape=(None, 2) dtype=float32>]
"""
from ..framework.indexed_slices import densify
from ..framework.context import ctx, name_scope
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.variables import Variable
from ..autodiff.backprop import backward
from ..autodiff.tape import UnconnectedGradients
from ..autodiff.gradient_registry import with_overrides

__all__ = ["gradients", "variable_reads"]


def _flat(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def variable_reads(graph, var):
    """The outputs of `graph`'s nodes that read `var`."""
    return [n.outputs[0] for n in graph.nodes
            if n.op.name == "ReadVariableOp" and n.attrs and n.attrs.get("var") is var]


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE):
    """Symbolic d(sum(ys))/d(x) for each x in `xs` (tensors or variables); None where `ys` does
    not depend on x (or zeros with unconnected_gradients='zero').

        >>> dw, db = tf.compat.v1.gradients(loss, [w, b])
    """
    from ..ops.convert import convert_to_tensor
    from ..ops import array_ops, math_ops
    g = ctx.graph
    if g is None:
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. Use "
                           "tf.GradientTape instead.")
    unconnected = UnconnectedGradients(unconnected_gradients)
    ys = [convert_to_tensor(y) for y in _flat(ys)]
    xs = _flat(xs)
    for y in ys:
        if not isinstance(y, SymbolicTensor) or y.graph is not g:
            raise ValueError(f"Tensor {y} is not an element of this graph (tf.gradients differentiates "
                             "tensors of the graph being built).")
    if grad_ys is None:
        grad_ys = [None] * len(ys)
    else:
        grad_ys = _flat(grad_ys)
        if len(grad_ys) != len(ys):
            raise ValueError(f"Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    stops = {id(s) for s in _flat(stop_gradients)} if stop_gradients is not None else set()
    records = with_overrides(g, [n for n in g.nodes if not any(id(o) in stops for o in n.outputs)])
    sources, spans = [], []
    for x in xs:
        if isinstance(x, Variable):
            reads = variable_reads(g, x)
        elif isinstance(x, SymbolicTensor):
            reads = [x]
        elif isinstance(x, Tensor):
            reads = []  # an eager tensor is a constant of the graph: nothing depends on it
        else:
            raise TypeError(f"tf.gradients: xs must be tensors or variables, got {type(x).__name__}")
        spans.append((len(sources), len(sources) + len(reads)))
        sources.extend(reads)
    with name_scope(name):
        seeds = [array_ops.ones_like(y) if gy is None else convert_to_tensor(gy, dtype=y.dtype)
                 for y, gy in zip(ys, grad_ys)]
        flat = backward(records, ys, seeds, sources) if sources else []
        out = []
        for x, (a, b) in zip(xs, spans):
            parts = [p for p in flat[a:b] if p is not None]
            if not parts:
                grad = None
            elif len(parts) == 1:
                grad = parts[0]  # (an IndexedSlices stays one, as in TF)
            else:
                grad = math_ops.add_n([densify(p) for p in parts])
            if grad is None and unconnected is UnconnectedGradients.ZERO:
                grad = array_ops.zeros_like(x)
            out.append(grad)
    return out
