"""`tf.py_function` and `tf.numpy_function`: Python code as an op.

Eagerly, `py_function` simply calls the function on the input tensors (so an outer
GradientTape sees its ops). In a graph (tf.function, a dataset's `map`) it is a stateful node
whose kernel calls the function with eager tensors each time the graph runs, which is how
`.numpy()` and arbitrary Python work inside traced code. Its gradient is another py_function
that re-runs the function under a tape. `numpy_function` hands the function NumPy values and
has no gradient.

    >>> ds.map(lambda x: tf.py_function(lambda v: v.numpy() * 2, [x], tf.int64))
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import OpError, InvalidArgumentError, UnknownError, OutOfRangeError
from ..framework.tensor import Tensor, SymbolicTensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .convert import convert_to_tensor
from .registry import primitive, defgrad, no_gradient, record

__all__ = ["py_function", "numpy_function"]

_from_np = dtypes.from_numpy


def python_error(exc, op_name):
    """The TF error a Python exception raised in user code (py_function, a generator) becomes:
    TypeError/ValueError -> InvalidArgumentError, StopIteration -> OutOfRangeError, others ->
    UnknownError; the message names the Python exception."""
    if isinstance(exc, OpError):
        return exc
    if isinstance(exc, (TypeError, ValueError)):
        cls = InvalidArgumentError
    elif isinstance(exc, StopIteration):
        cls = OutOfRangeError
    else:
        cls = UnknownError
    return cls(None, op_name, f"{type(exc).__name__}: {exc} [Op:{op_name}]")


def _tf_name(d):
    return {"float32": "float", "float64": "double"}.get(d.name, d.name)


def _as_list(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


# -- py_function ---------------------------------------------------------------------------------
def _call_py(func, tensors, tout, op_name):
    """Calls `func` eagerly on `tensors` and converts its results to the dtypes `tout`."""
    saved = ctx.graph, ctx.tapes
    ctx.graph = None
    try:
        try:
            result = func(*tensors)
        except Exception as e:  # noqa: BLE001 - every Python failure becomes a TF error
            raise python_error(e, op_name) from e
        if not tout:
            return []
        results = list(result) if isinstance(result, (list, tuple)) else [result]  # TF's rule
        if len(results) != len(tout):
            raise InvalidArgumentError(None, op_name, f"ValueError: the function returned {len(results)} values "
                                       f"but Tout has {len(tout)} [Op:{op_name}]")
        out = []
        for r, d in zip(results, tout):
            if isinstance(r, Variable):
                r = r.read_value()
            try:
                t = convert_to_tensor(r, d)
            except (TypeError, ValueError) as e:
                raise InvalidArgumentError(None, op_name, f"{type(e).__name__}: {e} [Op:{op_name}]") from e
            out.append(t)
        return out
    finally:
        ctx.graph, ctx.tapes = saved


def _eager_py_kernel(*arrays, func, tout, in_dtypes):
    saved = ctx.tapes
    ctx.tapes = ()  # the graph's run is not recorded; the function's ops aren't either
    try:
        tensors = [wrap(a, d) for a, d in zip(arrays, in_dtypes)]
        out = _call_py(func, tensors, tout, "EagerPyFunc")
    finally:
        ctx.tapes = saved
    values = [t._value for t in out]
    if len(values) == 1:
        return values[0]
    return tuple(values)


def _py_infer(inputs, attrs):
    return [(TensorShape(None), d) for d in attrs["tout"]]


EAGER_PY_FUNC = primitive("EagerPyFunc", _eager_py_kernel, _py_infer, num_outputs=-1, stateful=True)


def _differentiable(d):
    return d.is_floating or d.is_complex


def _py_grad(node, *output_grads):
    """A py_function that re-runs the function under a tape and returns its input gradients."""
    from ..autodiff.tape import GradientTape
    from .creation_ops import zeros_like
    func = node.attrs["func"]
    xs = list(node.inputs)
    outs = list(node.outputs)
    wrt = [i for i, x in enumerate(xs) if _differentiable(x.dtype)]
    targets = [j for j, o in enumerate(outs) if _differentiable(o.dtype)]
    if not wrt or not targets:
        return [None] * len(xs)
    n = len(xs)

    def grad_func(*args):
        ins, dys = list(args[:n]), list(args[n:])
        with GradientTape() as tape:
            for i in wrt:
                tape.watch(ins[i])
            ys = _as_list(func(*ins))
        ys = [convert_to_tensor(ys[j]) for j in targets]
        grads = tape.gradient(ys, [ins[i] for i in wrt], output_gradients=[dys[j] for j in range(len(targets))])
        return [zeros_like(ins[i]) if g is None else g for i, g in zip(wrt, grads)]

    seeds = [output_grads[j] for j in targets]
    res = py_function(grad_func, xs + seeds, [xs[i].dtype for i in wrt])
    grads = [None] * n
    for i, g in zip(wrt, res):
        g.set_shape(xs[i].shape)
        grads[i] = g
    return grads


defgrad(EAGER_PY_FUNC, _py_grad)


def _tout_list(Tout):
    if isinstance(Tout, (list, tuple)):
        return [dtypes.as_dtype(d) for d in Tout], True
    return [dtypes.as_dtype(Tout)], False


def _missing_tout(name):
    return TypeError(f"Missing required argument: 'Tout'\n  If using tf.{name} as a decorator, set `Tout`\n"
                     f"  **by name** above the function:\n  `@tf.{name}(Tout=tout)`")


def py_function(func=None, inp=None, Tout=None, name=None):
    """Runs the Python function `func` eagerly on the tensors `inp`, even inside graphs; returns a
    tensor of dtype `Tout` (or a list, when `Tout` is a list). Also a decorator:
    `@tf.py_function(Tout=tf.float32)`.

        >>> tf.py_function(lambda x: x.numpy() * 2, [tf.constant(3)], tf.int32)
        <tf.Tensor: shape=(), dtype=int32, numpy=6>
    """
    if Tout is None:
        raise _missing_tout("py_function")
    if func is None:
        return lambda f: (lambda *args: py_function(f, list(args), Tout, name))
    if inp is None:
        return lambda *args: py_function(func, list(args), Tout, name)
    tout, as_list = _tout_list(Tout)
    inputs = [x if isinstance(x, Tensor) else convert_to_tensor(x) for x in _as_list(inp)]
    graph = ctx.graph
    if graph is None:
        graph = next((t.graph for t in inputs if isinstance(t, SymbolicTensor)), None)
    if graph is None:
        out = _call_py(func, inputs, tout, "EagerPyFunc")
    else:
        attrs = {"func": func, "tout": tuple(tout), "in_dtypes": tuple(t.dtype for t in inputs)}
        out = list(graph.add_op(EAGER_PY_FUNC, inputs, attrs, name or "EagerPyFunc"))
        if ctx.tapes:  # a GradientTape inside a traced function
            record(EAGER_PY_FUNC, inputs, tuple(out), attrs)
    return out if as_list else out[0]


# -- numpy_function --------------------------------------------------------------------------------
def _numpy_kernel(*arrays, func, tout):
    args = [a[()] if isinstance(a, np.ndarray) and a.ndim == 0 else a for a in arrays]
    try:
        result = func(*args)
    except Exception as e:  # noqa: BLE001
        raise python_error(e, "PyFunc") from e
    if not tout:
        return ()
    results = list(result) if isinstance(result, (list, tuple)) else [result]
    if len(results) != len(tout):
        raise InvalidArgumentError(None, "PyFunc", f"ValueError: the function returned {len(results)} values "
                                   f"but Tout has {len(tout)} [Op:PyFunc]")
    values = []
    for i, (r, d) in enumerate(zip(results, tout)):
        if isinstance(r, Tensor):
            r = r._value
        a = np.asarray(r)
        if d is dtypes.string:
            if a.dtype.kind in "SUO":
                a = np.vectorize(lambda s: s.encode() if isinstance(s, str) else s, otypes=[object])(a) \
                    if a.size else a.astype(object)
                values.append(a)
                continue
        elif a.dtype == d._np:
            values.append(a)
            continue
        raise InvalidArgumentError(None, "PyFunc", f"{i}-th value returned by pyfunc is "
                                   f"{_tf_name(_from_np(a.dtype)) if a.dtype.kind != 'U' else 'string'}, "
                                   f"but expects {_tf_name(d)} [Op:PyFunc]")
    if len(values) == 1:
        return values[0]
    return tuple(values)


PY_FUNC = primitive("PyFunc", _numpy_kernel, _py_infer, num_outputs=-1, stateful=True)
PY_FUNC_STATELESS = primitive("PyFuncStateless", _numpy_kernel, _py_infer, num_outputs=-1)
no_gradient(PY_FUNC, "numpy_function has no gradient")
no_gradient(PY_FUNC_STATELESS, "numpy_function has no gradient")


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """Runs `func` on the NumPy values of `inp` (also inside graphs); its results must have the
    dtypes `Tout` exactly. Not differentiable.

        >>> tf.numpy_function(lambda a: a * 2, [np.array([1., 2.])], tf.float64)
        <tf.Tensor: shape=(2,), dtype=float64, numpy=array([2., 4.])>
    """
    if Tout is None:
        raise _missing_tout("numpy_function")
    if func is None:
        return lambda f: (lambda *args: numpy_function(f, list(args), Tout, stateful, name))
    if inp is None:
        return lambda *args: numpy_function(func, list(args), Tout, stateful, name)
    tout, as_list = _tout_list(Tout)
    inputs = [x if isinstance(x, Tensor) else convert_to_tensor(x) for x in _as_list(inp)]
    attrs = {"func": func, "tout": tuple(tout)}
    graph = ctx.graph
    if graph is None:
        graph = next((t.graph for t in inputs if isinstance(t, SymbolicTensor)), None)
    if graph is None:
        result = _numpy_kernel(*[t._value for t in inputs], **attrs)
        values = [result] if len(tout) == 1 else list(result)
        out = [wrap(v, d) for v, d in zip(values, tout)]
    else:
        op = PY_FUNC if stateful else PY_FUNC_STATELESS
        out = list(graph.add_op(op, inputs, attrs, name or op.name))
    return out if as_list else out[0]
