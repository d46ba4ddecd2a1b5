"""Elementwise arithmetic, comparisons and logic, matmul. Each primitive sits beside its
gradient; public functions convert their arguments then dispatch.

    >>> tf.add([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
    array([[ 6,  8],
           [10, 12]], dtype=int32)>
"""
import warnings

import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .convert import convert_pair, convert_to_tensor
from .registry import primitive, defgrad, execute, execute_binary, execute_unary
from .shape_rules import broadcast_infer, same_as_input
from . import array_ops

__all__ = ["add", "subtract", "multiply", "truediv", "divide", "negative", "square", "matmul"]

# TF returns inf/nan silently where NumPy warns; silence NumPy's warnings raised in numtf kernels.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"numtf\.")

_unbroadcast = array_ops.unbroadcast


def _binary(op, x, y, hint_only=False):
    if type(x) is not Tensor or type(y) is not Tensor:
        x, y = convert_pair(x, y, hint_only)
    return execute_binary(op, x, y)


def _unary(op, x):
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    return execute_unary(op, x)


# -- arithmetic ---------------------------------------------------------------------------
ADD = primitive("AddV2", np.add, broadcast_infer,
                grad=lambda n, g: (_unbroadcast(g, n.inputs[0]), _unbroadcast(g, n.inputs[1])))
SUB = primitive("Sub", np.subtract, broadcast_infer,
                grad=lambda n, g: (_unbroadcast(g, n.inputs[0]), _unbroadcast(negative(g), n.inputs[1])))
MUL = primitive("Mul", np.multiply, broadcast_infer,
                grad=lambda n, g: (_unbroadcast(multiply(g, n.inputs[1]), n.inputs[0]),
                                   _unbroadcast(multiply(g, n.inputs[0]), n.inputs[1])))
REALDIV = primitive("RealDiv", np.true_divide, broadcast_infer,
                    grad=lambda n, g: (_unbroadcast(truediv(g, n.inputs[1]), n.inputs[0]),
                                       _unbroadcast(negative(multiply(g, truediv(n.outputs[0], n.inputs[1]))),
                                                    n.inputs[1])))
NEG = primitive("Neg", np.negative, same_as_input, grad=lambda n, g: negative(g))
SQUARE = primitive("Square", np.square, same_as_input,
                   grad=lambda n, g: multiply(g, multiply(n.inputs[0], 2)))


def add(x, y, name=None):
    """x + y elementwise, with broadcasting. `tf.add`, `tf.math.add`, `Tensor.__add__`.

        >>> tf.add(1.0, 2.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=3.0>
    """
    if type(x) is Tensor and type(y) is Tensor:
        return execute_binary(ADD, x, y)
    return _binary(ADD, x, y, hint_only=True)


def subtract(x, y, name=None):
    """x - y elementwise. `tf.subtract`, `Tensor.__sub__`."""
    return _binary(SUB, x, y)


def multiply(x, y, name=None):
    """x * y elementwise. `tf.multiply`, `Tensor.__mul__`."""
    if type(x) is Tensor and type(y) is Tensor:
        return execute_binary(MUL, x, y)
    return _binary(MUL, x, y)


def truediv(x, y, name=None):
    """x / y; integer inputs are first cast to float64 (int32/int64) or float32 (int8/int16)."""
    if type(x) is not Tensor or type(y) is not Tensor:
        x, y = convert_pair(x, y)
    if x.dtype.is_integer or x.dtype.is_bool:
        if x.dtype is not y.dtype:
            return execute_binary(REALDIV, x, y)  # reports the mismatch
        target = dtypes.float32 if x.dtype in (dtypes.int8, dtypes.int16, dtypes.uint8, dtypes.uint16) \
            else dtypes.float64
        x, y = array_ops.cast(x, target), array_ops.cast(y, target)
    return execute_binary(REALDIV, x, y)


divide = truediv


def negative(x, name=None):
    """-x elementwise."""
    return _unary(NEG, x)


def square(x, name=None):
    """x * x elementwise.

        >>> tf.square(3.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=9.0>
    """
    return _unary(SQUARE, x)


# -- matmul ------------------------------------------------------------------------------
def _matmul_kernel(a, b, transpose_a=False, transpose_b=False):
    if a.ndim < 2 or b.ndim < 2:
        raise ValueError(f"In[{0 if a.ndim < 2 else 1}] ndims must be >= 2")
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    if a.shape[-1] != b.shape[-2]:
        from ..framework.errors import InvalidArgumentError
        sa, sb = ",".join(map(str, a.shape)), ",".join(map(str, b.shape))
        raise InvalidArgumentError(None, "MatMul", f"Matrix size-incompatible: In[0]: [{sa}], In[1]: [{sb}] [Op:MatMul]")
    return np.matmul(a, b)


def _matmul_infer(ins, attrs):
    a, b = ins[0].shape, ins[1].shape
    if a.rank is not None and a.rank < 2 or b.rank is not None and b.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 for 'MatMul' (input shapes: {a}, {b}).")
    if a.rank is None or b.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    m, ka = (a[-1], a[-2]) if attrs.get("transpose_a") else (a[-2], a[-1])
    kb, n = (b[-1], b[-2]) if attrs.get("transpose_b") else (b[-2], b[-1])
    if ka is not None and kb is not None and ka != kb:
        raise ValueError(f"Dimensions must be equal, but are {ka} and {kb} for 'MatMul' with input shapes: {a}, {b}.")
    from .shape_rules import broadcast_static
    batch = broadcast_static(a[:-2], b[:-2])
    return [(batch.concatenate([m, n]), ins[0].dtype)]


MATMUL = primitive("MatMul", _matmul_kernel, _matmul_infer)


@lambda f: defgrad(MATMUL, f)
def _matmul_grad(n, g):
    a, b = n.inputs
    attrs = n.attrs or {}
    ta, tb = attrs.get("transpose_a", False), attrs.get("transpose_b", False)
    needs = n.needs or (True, True)
    ga = gb = None
    if not ta and not tb:
        ga = matmul(g, b, transpose_b=True) if needs[0] else None
        gb = matmul(a, g, transpose_a=True) if needs[1] else None
    elif not ta and tb:
        ga = matmul(g, b) if needs[0] else None
        gb = matmul(g, a, transpose_a=True) if needs[1] else None
    elif ta and not tb:
        ga = matmul(b, g, transpose_b=True) if needs[0] else None
        gb = matmul(a, g) if needs[1] else None
    else:
        ga = matmul(b, g, transpose_a=True, transpose_b=True) if needs[0] else None
        gb = matmul(g, a, transpose_a=True, transpose_b=True) if needs[1] else None
    if a.shape.rank != b.shape.rank or a.shape.rank > 2:  # batch broadcasting
        ga = None if ga is None else _unbroadcast(ga, a)
        gb = None if gb is None else _unbroadcast(gb, b)
    return ga, gb


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """Matrix product over the last two axes (leading axes are batch axes and broadcast).

        >>> tf.matmul([[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]])
        <tf.Tensor: shape=(2, 2), dtype=float32, numpy=
        array([[19., 22.],
               [43., 50.]], dtype=float32)>
    """
    if type(a) is not Tensor or type(b) is not Tensor:
        a, b = convert_pair(a, b)
    ta, tb = transpose_a or adjoint_a, transpose_b or adjoint_b
    if adjoint_a and a.dtype.is_complex:
        a = array_ops.conj(a)
    if adjoint_b and b.dtype.is_complex:
        b = array_ops.conj(b)
    if a._dtype is not b._dtype:
        return execute_binary(MATMUL, a, b)  # reports the dtype mismatch
    if ta or tb:
        return execute(MATMUL, (a, b), {"transpose_a": ta, "transpose_b": tb})
    return execute(MATMUL, (a, b))


# -- operators on Tensor and Variable ------------------------------------------------------
def _install_operators():
    def rev(f):
        return lambda y, x: f(x, y)

    table = {"add": add, "sub": subtract, "mul": multiply, "truediv": truediv, "matmul": matmul}
    for cls in (Tensor, Variable):
        for name, f in table.items():
            setattr(cls, f"__{name}__", f)
            setattr(cls, f"__r{name}__", rev(f))
        cls.__neg__ = negative


_install_operators()
