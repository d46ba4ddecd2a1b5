"""The op registry and the one dispatch path (DESIGN.md "An op is one declaration").

A primitive is declared once: name, NumPy kernel, shape/dtype rule, gradient.

    MUL = primitive('Mul', np.multiply, infer=broadcast_infer)
    defgrad(MUL, lambda n, g: (unbroadcast(g * n.inputs[1], n.inputs[0]),
                               unbroadcast(g * n.inputs[0], n.inputs[1])))

`execute(op, inputs, attrs)` runs it: eagerly (kernel on arrays, result wrapped, recorded on
the active tapes) or, while a graph is being built, as a new graph node with symbolic outputs.
"""
import weakref

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, OpError
from ..framework.tensor import Tensor, SymbolicTensor, wrap

REGISTRY = {}
# Set by numtf.keras: called when an op consumes Keras symbolic tensors (ops never import keras).
keras_hook = [None]
_NO_ATTRS = {}
_from_np = dtypes.from_numpy
_weakref = weakref.ref
_weakref_type = weakref.ReferenceType


class Op:
    """A primitive op. `kernel(*arrays, **attrs)` returns an array (or a tuple of arrays when
    `num_outputs > 1`); `infer(inputs, attrs)` returns [(shape, dtype), ...] for graphs;
    `grad(node, *output_grads)` returns one gradient (or None) per input."""
    __slots__ = ("name", "kernel", "infer", "grad", "num_outputs", "stateful", "no_grad_reason")

    def __init__(self, name, kernel, infer, num_outputs=1, stateful=False):
        self.name = name
        self.kernel = kernel
        self.infer = infer
        self.grad = None
        self.num_outputs = num_outputs
        self.stateful = stateful
        self.no_grad_reason = None

    def __repr__(self):
        return f"<Op {self.name}>"


def primitive(name, kernel, infer, num_outputs=1, stateful=False, grad=None):
    """Declares and registers a primitive op (see module docstring)."""
    if name in REGISTRY:
        raise ValueError(f"Op {name!r} is already registered")
    op = Op(name, kernel, infer, num_outputs, stateful)
    op.grad = grad
    REGISTRY[name] = op
    return op


def defgrad(op, fn):
    """Sets `op`'s gradient rule: fn(node, *output_grads) -> gradient per input (or None)."""
    op.grad = fn
    return fn


def no_gradient(op, reason="it is not differentiable"):
    """Declares that `op` has no gradient: the tape passes no gradient through it."""
    op.no_grad_reason = reason
    op.grad = None


class OpRecord:
    """One executed op as the tape saw it; the same interface as a graph node for gradients.

    A single output is held through a weak reference (`weak` is True): a tensor nobody holds can
    never receive a gradient, so the tape need not keep it (or its buffer) alive. The backward
    pass turns live references back into tensors before calling the gradient rule."""
    __slots__ = ("op", "inputs", "outputs", "attrs", "needs", "weak", "sources")

    def __init__(self, op, inputs, outputs, attrs, weak=False):
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
        self.attrs = attrs
        self.needs = None  # per input: does the backward pass want its gradient
        self.weak = weak
        self.sources = ()  # ids of the tensors the backward pass returns gradients for

    @property
    def type(self):
        return self.op.name

    def live_outputs(self):
        """The output tensors, or None if a weakly held output has died."""
        if self.weak:
            out = self.outputs[0]()
            if out is None:
                return None
            self.outputs = (out,)
            self.weak = False
        return self.outputs


def tracks(ids, t):
    """Whether a tape's id table tracks tensor `t` (entries are objects or weak references)."""
    r = ids.get(id(t))
    return r is not None and (r is t or type(r) is _weakref_type and r() is t)


def record(op, inputs, outputs, attrs):
    """Appends the op to every active tape that tracks one of its inputs."""
    rec = None
    for tape in ctx.tapes:
        ids = tape._ids
        for t in inputs:
            r = ids.get(id(t))
            if r is not None and (r is t or type(r) is _weakref_type and r() is t):
                if rec is None:
                    if len(outputs) == 1:
                        ref = _weakref(outputs[0])
                        rec = OpRecord(op, inputs, (ref,), attrs, True)
                    else:
                        rec = OpRecord(op, inputs, outputs, attrs)
                tape._records.append(rec)
                if rec.weak:
                    ids[id(outputs[0])] = rec.outputs[0]
                else:
                    for o in outputs:
                        ids[id(o)] = o
                break


def shapes_text(arrays):
    return ", ".join(f"[{','.join(str(d) for d in np.shape(a))}]" for a in arrays)


def kernel_error(op, arrays, exc):
    """Turns an exception from inside a kernel into TF's InvalidArgumentError naming the op."""
    if isinstance(exc, OpError):
        return exc
    msg = str(exc)
    if "could not be broadcast" in msg or "broadcast" in msg and "shape" in msg:
        msg = "Incompatible shapes: " + " vs. ".join(
            f"[{','.join(str(d) for d in np.shape(a))}]" for a in arrays)
    else:
        msg = (f"{msg} (input shapes: {shapes_text(arrays)}; dtypes: "
               f"{', '.join(np.asarray(a).dtype.name for a in arrays)})")
    return InvalidArgumentError(None, op.name, f"{msg} [Op:{op.name}] name: ")  # (TF eager ends so)


def execute(op, inputs, attrs=None):
    """Runs `op` on converted Tensors (eagerly or into the graph being built). Returns a Tensor,
    or a list of Tensors when the op has several outputs."""
    graph = ctx.graph
    if graph is None:
        for t in inputs:
            if type(t) is not Tensor:  # a symbolic tensor used outside its graph's build
                graph = t.graph
                break
    if graph is not None:
        outs = graph.add_op(op, inputs, attrs or _NO_ATTRS)
        if ctx.tapes:  # a GradientTape inside a traced function records graph nodes
            record(op, inputs, outs, attrs)
        if keras_hook[0] is not None and graph.keras:  # x + y on Keras tensors becomes a layer
            keras_hook[0](op, inputs, outs, attrs)
        return outs[0] if op.num_outputs == 1 else outs
    arrays = [t._value for t in inputs]
    try:
        result = op.kernel(*arrays, **attrs) if attrs else op.kernel(*arrays)
    except Exception as e:  # noqa: BLE001 - every kernel failure becomes a TF error
        raise kernel_error(op, arrays, e) from None
    if op.num_outputs == 1:
        out = wrap(result, _from_np(result.dtype)) if hasattr(result, "dtype") else _bare_string(result)
        if ctx.tapes:
            record(op, inputs, (out,), attrs)
        return out
    outs = [wrap(r, _from_np(r.dtype)) if hasattr(r, "dtype") else _bare_string(r) for r in result]
    if ctx.tapes:
        record(op, inputs, tuple(outs), attrs)
    return outs


def _bare_string(value):
    """One element of a string array: NumPy indexing gives the bare bytes, a Tensor wants a 0-d array."""
    return wrap(np.array(value, dtype=object), dtypes.string)


def dtype_error(op_name, index, expected, got):
    return InvalidArgumentError(
        None, op_name,
        f"cannot compute {op_name} as input #{index}(zero-based) was expected to be a "
        f"{_tf_type_name(expected)} tensor but is a {_tf_type_name(got)} tensor [Op:{op_name}] name: ")


def _tf_type_name(d):
    # TF's error messages use the C type names for these.
    return {"float32": "float", "float64": "double", "float16": "half"}.get(d.name, d.name)


def execute_binary(op, x, y):
    """The eager fast path for two same-dtype Tensors (callers convert first)."""
    if ctx.graph is None and type(x) is Tensor and type(y) is Tensor:
        if x._dtype is not y._dtype:
            raise dtype_error(op.name, 1, x._dtype, y._dtype)
        a, b = x._value, y._value
        try:
            v = op.kernel(a, b)
        except Exception as e:  # noqa: BLE001
            raise kernel_error(op, (a, b), e) from None
        d = x._dtype  # most results keep the input dtype: skip the lookup then
        try:
            vd = v.dtype
        except AttributeError:  # a 0-d string op (b"a" + b"b") gives a bare Python bytes
            v = np.array(v, dtype=object)
            vd = v.dtype
        out = wrap(v, d if vd is d._np else _from_np(vd))
        if ctx.tapes:
            record(op, (x, y), (out,), None)
        return out
    if x._dtype is not y._dtype:
        if ctx.graph is not None or type(x) is not Tensor or type(y) is not Tensor:
            raise TypeError(f"Input 'y' of '{op.name}' Op has type {y._dtype.name} that does not "
                            f"match type {x._dtype.name} of argument 'x'.")
    return execute(op, (x, y))


def execute_unary(op, x, attrs=None):
    """The eager fast path for one Tensor input and one output."""
    if ctx.graph is None and type(x) is Tensor:
        a = x._value
        try:
            v = op.kernel(a, **attrs) if attrs else op.kernel(a)
        except Exception as e:  # noqa: BLE001
            raise kernel_error(op, (a,), e) from None
        d = x._dtype
        try:
            out = wrap(v, d if v.dtype is d._np else _from_np(v.dtype))
        except AttributeError:  # one string element as bare bytes
            out = _bare_string(v)
        if ctx.tapes:
            record(op, (x,), (out,), attrs)
        return out
    return execute(op, (x,), attrs)


def is_symbolic(t):
    return isinstance(t, SymbolicTensor)
