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


# -- v[key].assign(value): a slice of a variable can be assigned, as in TF -----------------------
class _SliceAssign:
    """`Tensor.assign`, present only on a tensor read as a slice of a variable (`v[0, 1]`), whose
    `assign(value)` writes `value` (broadcast to the slice) into those elements of the variable
    and returns the variable. Other tensors have no `assign` attribute, as in TF."""

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        try:
            var, key = obj._sliced_from
        except AttributeError:
            raise AttributeError(f"'{type(obj).__name__}' object has no attribute 'assign'") from None
        return lambda value, use_locking=None, name=None, read_value=True: _assign_slice(var, key, value,
                                                                                        read_value)


def _assign_slice(var, key, value, read_value=True):
    # The slice of a grid of flat indices names the elements to write; one scatter writes them,
    # so this works eagerly and while a graph is being built.
    from .convert import convert_to_tensor
    from .array_ops import reshape
    from .creation_ops import range as _range
    from .gather_ops import tensor_scatter_nd_update
    from .stack_ops import broadcast_to
    value = convert_to_tensor(value, dtype=var.dtype)
    shape = var.shape
    if not shape.is_fully_defined():
        raise ValueError(f"Cannot assign to a slice of variable '{var.name}' of unknown shape {shape}")
    grid = reshape(_range(shape.num_elements()), shape.as_list())
    index = indexing_getitem(grid, key)
    if value.shape != index.shape:
        try:
            np.broadcast_shapes(tuple(value.shape.as_list()), tuple(index.shape.as_list()))
        except (ValueError, TypeError):
            from ..framework.errors import InvalidArgumentError
            dims = lambda s: "[" + ",".join(map(str, s.as_list())) + "]"  # noqa: E731
            raise InvalidArgumentError(None, "ResourceStridedSliceAssign", f"Cannot broadcast input shape "
                                       f"{dims(value.shape)} into final shape {dims(index.shape)} "
                                       "[Op:ResourceStridedSliceAssign] name: strided_slice/_assign") from None
    updates = broadcast_to(value, index.shape.as_list()) if value.shape != index.shape else value
    flat = reshape(var.read_value(), [-1])
    new = tensor_scatter_nd_update(flat, reshape(index, [-1, 1]), reshape(updates, [-1]))
    return var.assign(reshape(new, shape.as_list()), read_value=read_value)


def _variable_getitem(var, key):
    out = indexing_getitem(var, key)
    out._sliced_from = (var, key)
    return out


from .indexing_ops import _getitem as indexing_getitem  # noqa: E402
from ..framework.tensor import Tensor  # noqa: E402

Tensor.assign = _SliceAssign()
variables.Variable.__getitem__ = _variable_getitem


# -- scatter updates and sparse reads (ResourceVariable methods) ----------------------------------
def _scatter_nd_method(fn_name):
    def method(self, indices, updates, name=None):
        from . import gather_ops, special_ops
        fn = getattr(gather_ops, fn_name, None) or getattr(special_ops, fn_name)
        return self.assign(fn(self.read_value(), indices, updates))
    method.__name__ = fn_name.replace("tensor_", "")
    method.__doc__ = f"Writes `{fn_name}(variable, indices, updates)` into the variable."
    return method


def _scatter_method(fn_name, combine=None):
    def method(self, sparse_delta, use_locking=False, name=None):
        from .array_ops import expand_dims
        from .convert import convert_to_tensor
        from . import gather_ops, special_ops
        if not hasattr(sparse_delta, "indices") or not hasattr(sparse_delta, "values"):
            raise TypeError(f"Argument `sparse_delta` must be a `tf.IndexedSlices`. Received arg: {sparse_delta}")
        idx = expand_dims(convert_to_tensor(sparse_delta.indices), -1)
        values = convert_to_tensor(sparse_delta.values, dtype=self.dtype)
        if combine is not None:  # mul / div: combine with the current rows, then write them
            values = combine(gather_ops.gather_nd(self.read_value(), idx), values)
        fn = getattr(gather_ops, fn_name, None) or getattr(special_ops, fn_name)
        return self.assign(fn(self.read_value(), idx, values))
    method.__doc__ = f"Applies the IndexedSlices `sparse_delta` to the variable's rows ({fn_name})."
    return method


def _sparse_read(self, indices, name=None):
    """The rows `indices` of the variable (`tf.gather(variable, indices)`)."""
    from .gather_ops import gather
    return gather(self.read_value(), indices)


def _gather_nd(self, indices, name=None):
    """`tf.gather_nd(variable, indices)`."""
    from .gather_ops import gather_nd
    return gather_nd(self.read_value(), indices)


def _install_scatter_methods():
    from . import math_ops
    V = variables.Variable
    for op in ("add", "sub", "max", "min", "update"):
        if op != "update":  # (Variable.scatter_nd_update is the class's own)
            setattr(V, "scatter_nd_" + op, _scatter_nd_method("tensor_scatter_nd_" + op))
        setattr(V, "scatter_" + op, _scatter_method("tensor_scatter_nd_" + op))
    V.scatter_mul = _scatter_method("tensor_scatter_nd_update", math_ops.multiply)
    V.scatter_div = _scatter_method("tensor_scatter_nd_update", lambda a, b: (
        math_ops.truncatediv(a, b) if a.dtype.is_integer else math_ops.truediv(a, b)))
    V.sparse_read = _sparse_read
    V.gather_nd = _gather_nd


_install_scatter_methods()
