"""Variables inside graphs: reads and updates become stateful nodes that act when the graph runs.

Eagerly, `tf.Variable` reads and updates its buffer directly (framework/variables.py); while a
graph is being built, these ops record the same operations as nodes, holding the Variable object
in their attributes (a resource handle, in TF's terms).
"""
import numpy as np

from ..framework import variables
from ..framework.context import ctx
from ..framework.tensor_shape import TensorShape
from .registry import primitive, execute

__all__ = []


def _read_kernel(var):
    return var._value


READ_VARIABLE = primitive("ReadVariableOp", _read_kernel,
                          infer=lambda ins, a: [(a["var"].shape, a["var"].dtype)], stateful=True)
# d(read)/d(variable) is handled by whoever differentiates the graph: the read is a source.
READ_VARIABLE.grad = lambda node, g: ()


def _assign_kernel(value, var, fn, read_value):
    if fn is None:
        var._update(None, value, False)
    else:
        var._update(getattr(np, fn), value, False)
    return var._value if read_value else np.zeros((), np.bool_)


def _assign_infer(ins, attrs):
    var = attrs["var"]
    if attrs["read_value"]:
        return [(var.shape, var.dtype)]
    return [(TensorShape([]), __import__("numtf").bool)]


ASSIGN_VARIABLE = primitive("AssignVariableOp", _assign_kernel, _assign_infer, stateful=True)
ASSIGN_VARIABLE.no_grad_reason = "assignments are not differentiable"


def graph_read(var):
    t = execute(READ_VARIABLE, (), {"var": var})
    for tape in ctx.tapes:  # a tape inside a traced function watches variables as eagerly
        tape._variable_read(var, t)
    return t


def graph_update(var, fn, value, read_value):
    from .convert import convert_to_tensor
    t = convert_to_tensor(value, dtype=var.dtype)
    name = None if fn is None else fn.__name__
    out = execute(ASSIGN_VARIABLE, (t,), {"var": var, "fn": name, "read_value": bool(read_value)})
    return out if read_value else out.op


def variable_initializer(var):
    """A node (in the current graph) that runs nothing: numtf variables hold their value from
    creation. The v1 Session issue gives graph variables real initializers."""
    if ctx.graph is None:
        return None
    return graph_read(var).op


variables.hooks["graph_read"] = graph_read
variables.hooks["graph_update"] = graph_update
variables.hooks["initializer"] = variable_initializer
