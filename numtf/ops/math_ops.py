"""Elementwise arithmetic and matmul, with the dtype checks and fast conversions the whole
elementwise family shares. Each primitive sits beside its gradient; public functions convert
their arguments then dispatch. Unary math lives in math_ops2; comparisons, logic, bitwise ops
and the Tensor/Variable operators in logic_ops. Both are re-exported here (and in `__all__`):
other modules import every elementwise op from `math_ops`.

    >>> tf.add([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
    array([[ 6,  8],
           [10, 12]], dtype=int32)>
"""
import warnings

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, NotFoundError, InternalError
from ..framework.tensor import Tensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .convert import convert_pair, convert_to_tensor
from .registry import primitive, defgrad, no_gradient, execute, execute_binary, execute_unary, dtype_error
from .shape_rules import broadcast_infer, same_as_input
from . import array_ops

__all__ = ["add", "subtract", "multiply", "truediv", "divide", "realdiv", "negative", "square",
           "matmul", "pow", "maximum", "minimum", "truncatediv", "truncatemod", "add_n",
           "scalar_mul"]
# tf.math only (not top-level tf): floordiv, floormod, mod, squared_difference;
# numtf/math.py re-exports them.

# TF returns inf/nan silently where NumPy warns; silence NumPy's warnings raised in numtf kernels.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"numtf\.")

_unbroadcast = array_ops.unbroadcast
_BOOL = dtypes.bool


# -- allowed dtypes (TF's "attr T" lists) ----------------------------------------------------
class Types:
    """An op's allowed input dtypes, checked by identity on the hot path."""
    __slots__ = ("ids", "dtypes")

    def __init__(self, *ds):
        self.dtypes = ds
        self.ids = frozenset(map(id, ds))


_d = dtypes
FLOAT = Types(_d.bfloat16, _d.float16, _d.float32, _d.float64)
FLOAT_C = Types(*FLOAT.dtypes, _d.complex64, _d.complex128)
SIGNED_REAL = Types(*FLOAT.dtypes, _d.int8, _d.int16, _d.int32, _d.int64)
SIGNED = Types(*SIGNED_REAL.dtypes, _d.complex64, _d.complex128)
REAL = Types(*SIGNED_REAL.dtypes, _d.uint8, _d.uint16, _d.uint32, _d.uint64)
NUMERIC = Types(*REAL.dtypes, _d.complex64, _d.complex128)
INTEGER = Types(_d.int8, _d.int16, _d.int32, _d.int64, _d.uint8, _d.uint16, _d.uint32, _d.uint64)
_COMPLEX_IDS = frozenset((id(_d.complex64), id(_d.complex128)))


def cj(t):
    """conj(t) for a complex tensor, t itself otherwise. TF's gradient for a complex z is
    dL/dx + i dL/dy (z = x + iy, L real), so a holomorphic f's rule is g * conj(f'(z)): gradient
    rules wrap their derivative factors in cj (one dtype check, no op, on real tensors)."""
    return array_ops.conj(t) if id(t._dtype) in _COMPLEX_IDS else t
_C_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def type_error(op_name, t, types, param="x"):
    """TF's error for a dtype outside an op's list: InvalidArgumentError eagerly, TypeError
    while building a graph."""
    if ctx.graph is not None or type(t) is not Tensor:
        return TypeError(f"Value passed to parameter '{param}' has DataType {t.dtype.name} not in list "
                         f"of allowed values: {', '.join(d.name for d in types.dtypes)}")
    allowed = ", ".join(_C_NAMES.get(d.name, d.name) for d in types.dtypes)
    return InvalidArgumentError(
        None, op_name, f"Value for attr 'T' of {_C_NAMES.get(t.dtype.name, t.dtype.name)} is not in "
        f"the list of allowed values: {allowed}\n\t; NodeDef: {{{{node {op_name}}}}} [Op:{op_name}] name: ")


_FLOAT_SCALARS = {id(dtypes.float32): np.float32, id(dtypes.float64): np.float64, id(dtypes.float16): np.float16}
_INT_SCALARS = {id(dtypes.int32): np.int32, id(dtypes.int64): np.int64}


def _scalar_like(v, t):
    """A Python float or int as an eager tensor of eager tensor t's dtype, where TF's conversion
    gives exactly that (a fast path for `x * 2.0`); else None: the general conversion decides."""
    tv = type(v)
    if (tv is float or tv is int and -2147483648 <= v <= 2147483647) and ctx.graph is None:
        np_type = _FLOAT_SCALARS.get(id(t._dtype))
        if np_type is None and tv is int:
            np_type = _INT_SCALARS.get(id(t._dtype))
        if np_type is not None:
            return wrap(np_type(v), t._dtype)
    return None


def _binary(op, x, y, types=REAL):
    """Converts (TF's strict rule: a non-tensor takes the tensor's dtype), checks, dispatches."""
    if type(x) is not Tensor or type(y) is not Tensor:
        if type(x) is Tensor:
            s = _scalar_like(y, x)
            if s is not None:
                y = s
        elif type(y) is Tensor:
            s = _scalar_like(x, y)
            if s is not None:
                x = s
        if type(x) is not Tensor or type(y) is not Tensor:
            x, y = convert_pair(x, y)
    if id(x._dtype) not in types.ids:
        raise type_error(op.name, x, types)
    return execute_binary(op, x, y)


def _unary(op, x, types=NUMERIC):
    if type(x) is not Tensor:
        if hasattr(x, "_numtf_map_flat_values_"):  # a RaggedTensor: the op maps its flat values
            return x._numtf_map_flat_values_(lambda v: _unary(op, v, types))
        x = convert_to_tensor(x)
    if id(x._dtype) not in types.ids:
        raise type_error(op.name, x, types)
    return execute_unary(op, x)


def _int_zero_check(op_name, y, error=InvalidArgumentError, text="Integer division by zero"):
    if not np.all(y):
        raise error(None, op_name, f"{text} [Op:{op_name}] name: ")


def _is_int(a):
    return a.dtype.kind in "iu"


# -- add, subtract, multiply, divide -----------------------------------------------------------
def binary_grad(dx, dy):
    """A broadcasting binary op's gradient from one rule per input, `d(node, g)`; only the inputs
    the backward pass needs (node.needs) are computed."""
    def grad(n, g):
        needs = n.needs
        x, y = n.inputs
        return (_unbroadcast(dx(n, g), x) if needs is None or needs[0] else None,
                _unbroadcast(dy(n, g), y) if needs is None or needs[1] else None)
    return grad


ADD = primitive("AddV2", np.add, broadcast_infer, grad=binary_grad(lambda n, g: g, lambda n, g: g))
SUB = primitive("Sub", np.subtract, broadcast_infer, grad=binary_grad(lambda n, g: g, lambda n, g: negative(g)))
MUL = primitive("Mul", np.multiply, broadcast_infer,
                grad=binary_grad(lambda n, g: multiply(g, cj(n.inputs[1])),
                                 lambda n, g: multiply(g, cj(n.inputs[0]))))
REALDIV = primitive("RealDiv", np.true_divide, broadcast_infer,
                    grad=binary_grad(lambda n, g: truediv(g, cj(n.inputs[1])),
                                     lambda n, g: negative(multiply(g, cj(truediv(n.outputs[0], n.inputs[1]))))))
NEG = primitive("Neg", np.negative, same_as_input, grad=lambda n, g: negative(g))
SQUARE = primitive("Square", np.square, same_as_input,
                   grad=lambda n, g: multiply(g, multiply(cj(n.inputs[0]), 2)))


def add(x, y, name=None):
    """x + y elementwise, with broadcasting. `tf.add`, `tf.math.add`, `Tensor.__add__`.

    Unlike most binary ops, a Python value converts on its own (its dtype is only a hint), so
    `tf.constant(1) + 0.5` is an InvalidArgumentError, not a TypeError, as in TF.

        >>> tf.add(1.0, 2.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=3.0>
    """
    if type(x) is Tensor and x._dtype is not _BOOL:
        if type(y) is Tensor:
            return execute_binary(ADD, x, y)
        s = _scalar_like(y, x)
        if s is not None:
            return execute_binary(ADD, x, s)
    if not isinstance(x, (Tensor, Variable)):
        x = convert_to_tensor(x)
    x, y = convert_pair(x, y, hint_only=True)
    if x._dtype is _BOOL:
        raise type_error("AddV2", x, NUMERIC)
    return execute_binary(ADD, x, y)


def subtract(x, y, name=None):
    """x - y elementwise. `tf.subtract`, `Tensor.__sub__`.

        >>> tf.subtract(5, 3)
        <tf.Tensor: shape=(), dtype=int32, numpy=2>
    """
    if type(x) is Tensor and type(y) is Tensor and x._dtype is not _BOOL:
        return execute_binary(SUB, x, y)
    return _binary(SUB, x, y, NUMERIC)


def multiply(x, y, name=None):
    """x * y elementwise. `tf.multiply`, `Tensor.__mul__`.

        >>> tf.multiply(2.0, 3.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=6.0>
    """
    if type(x) is Tensor and type(y) is Tensor and x._dtype is not _BOOL:
        return execute_binary(MUL, x, y)
    return _binary(MUL, x, y, NUMERIC)


# Integer inputs of truediv are cast first (TF's _TRUEDIV_TABLE); floats and complex are not.
_TRUEDIV_CAST = {id(d): t for d, t in [
    (_d.int8, _d.float32), (_d.int16, _d.float32), (_d.uint8, _d.float32), (_d.uint16, _d.float32),
    (_d.int32, _d.float64), (_d.int64, _d.float64), (_d.uint32, _d.float64), (_d.uint64, _d.float64),
    (_d.float16, None), (_d.bfloat16, None), (_d.float32, None), (_d.float64, None),
    (_d.complex64, None), (_d.complex128, None)]}


def _div_operands(x, y, where):
    """TF's truediv conversion: x converts on its own, y with x's dtype as a hint, and a dtype
    mismatch is a TypeError. Returns the operands, cast to float when they are integers."""
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if type(y) is not Tensor:
        s = _scalar_like(y, x) if type(x) is Tensor else None
        y = s if s is not None else convert_to_tensor(y, dtype_hint=x._dtype)
    if x._dtype is not y._dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {x._dtype!r} != {y._dtype!r}.")
    key = id(x._dtype)
    if key not in _TRUEDIV_CAST:
        raise TypeError(f"Invalid dtype {x._dtype!r} in {where}. Expected one of {{tf.uint8, tf.int8, "
                        "tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, "
                        "tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}.")
    target = _TRUEDIV_CAST[key]
    if target is not None:
        x, y = array_ops.cast(x, target), array_ops.cast(y, target)
    return x, y


def truediv(x, y, name=None):
    """x / y; integer inputs are first cast to float64 (int32/int64) or float32 (int8/int16).
    `tf.truediv`, `Tensor.__truediv__`.

        >>> tf.truediv(3, 2)
        <tf.Tensor: shape=(), dtype=float64, numpy=1.5>
    """
    if type(x) is Tensor:
        if type(y) is not Tensor:
            s = _scalar_like(y, x)
            if s is not None:
                y = s
        if type(y) is Tensor and x._dtype is y._dtype and _TRUEDIV_CAST.get(id(x._dtype), 0) is None:
            return execute_binary(REALDIV, x, y)
    return execute_binary(REALDIV, *_div_operands(x, y, "__truediv__"))


def divide(x, y, name=None):
    """x / y like `truediv`, except that a non-tensor x takes y's dtype. `tf.divide`, `tf.math.divide`.

        >>> tf.divide(1, tf.constant([2., 4.]))
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5 , 0.25], dtype=float32)>
    """
    if not isinstance(x, (Tensor, Variable)):
        x = convert_to_tensor(x, dtype=y.dtype if isinstance(y, (Tensor, Variable)) else None)
    return truediv(x, y)


def realdiv(x, y, name=None):
    """x / y for floating (and complex) tensors, without truediv's integer casting. `tf.realdiv`.

        >>> tf.realdiv(1., 4.)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.25>
    """
    if type(x) is not Tensor or type(y) is not Tensor:
        x, y = convert_pair(x, y)
    if x._dtype.is_integer and x._dtype is y._dtype:  # TF has no integer RealDiv kernel
        raise NotFoundError(None, "RealDiv", "Could not find device for node: {{node RealDiv}} = "
                            f"RealDiv[T=DT_{x._dtype.name.upper()}] [Op:RealDiv]")
    return _binary(REALDIV, x, y, NUMERIC)


def negative(x, name=None):
    """-x elementwise. `tf.negative`, `Tensor.__neg__`.

        >>> tf.negative(2.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=-2.0>
    """
    return _unary(NEG, x, SIGNED)


def square(x, name=None):
    """x * x elementwise.

        >>> tf.square(3.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=9.0>
    """
    return _unary(SQUARE, x, NUMERIC)


# -- integer-style division, powers ------------------------------------------------------------
def _floordiv_kernel(x, y):
    if _is_int(x):
        _int_zero_check("FloorDiv", y)
        return np.floor_divide(x, y)
    return np.floor(np.true_divide(x, y))  # TF's floor(x / y): -0.5 // inf is -0.0, not -1.0


def _floormod_kernel(x, y):
    if _is_int(x):
        _int_zero_check("FloorMod", y)
        return np.remainder(x, y)
    m = np.fmod(x, y)  # TF adjusts the C remainder (so floormod(-4., 2.) is -0.0, unlike NumPy)
    return np.where((m != 0) & ((y < 0) != (m < 0)), m + y, m)


def _truncatediv_kernel(x, y):
    if _is_int(x):
        _int_zero_check("TruncateDiv", y, InternalError,
                        "Unexpected error in binary operator (only integer div and mod should have errors)")
        q = np.floor_divide(x, y)
        if x.dtype.kind == "i":
            q = q + ((np.remainder(x, y) != 0) & ((x < 0) != (y < 0)))
        return q
    return np.trunc(np.true_divide(x, y))


def _truncatemod_kernel(x, y):
    if _is_int(x):
        _int_zero_check("TruncateMod", y, InternalError,
                        "Unexpected error in binary operator (only integer div and mod should have errors)")
    return np.fmod(x, y)


def _pow_kernel(x, y):
    if _is_int(x) and np.any(y < 0):
        raise InvalidArgumentError(None, "Pow", "Integers to negative integer powers are not allowed "
                                   "[Op:Pow] name: ")
    return np.power(x, y)


FLOORDIV = primitive("FloorDiv", _floordiv_kernel, broadcast_infer)
no_gradient(FLOORDIV, "it is piecewise constant (TF returns None)")
FLOORMOD = primitive("FloorMod", _floormod_kernel, broadcast_infer,
                     grad=lambda n, g: (_unbroadcast(g, n.inputs[0]),
                                        _unbroadcast(multiply(negative(g), floordiv(*n.inputs)), n.inputs[1])))
TRUNCATEDIV = primitive("TruncateDiv", _truncatediv_kernel, broadcast_infer)
no_gradient(TRUNCATEDIV, "it is piecewise constant (TF returns None)")
TRUNCATEMOD = primitive("TruncateMod", _truncatemod_kernel, broadcast_infer)  # no gradient in TF either
POW = primitive("Pow", _pow_kernel, broadcast_infer)


@lambda f: defgrad(POW, f)
def _pow_grad(n, g):
    x, y = n.inputs
    needs = n.needs or (True, True)
    gx = gy = None
    if needs[0]:
        gx = _unbroadcast(multiply(g, cj(multiply(y, pow(x, subtract(y, array_ops.ones_like(y)))))), x)
    if needs[1]:
        zero = array_ops.zeros_like(x)
        # log(x) where it is defined (x > 0; for complex x, x != 0), else 0, as TF.
        ok = not_equal(x, zero) if id(x._dtype) in _COMPLEX_IDS else greater(x, zero)
        log_x = where(ok, log(where(ok, x, array_ops.ones_like(x))), zero)
        gy = _unbroadcast(multiply(g, cj(multiply(n.outputs[0], log_x))), y)
    return gx, gy


def floordiv(x, y, name=None):
    """Floor of x / y (for floats `floor(x / y)`); integer division by zero is an error.
    `tf.math.floordiv`, `Tensor.__floordiv__`.

        >>> tf.math.floordiv(-7, 2)
        <tf.Tensor: shape=(), dtype=int32, numpy=-4>
    """
    return _binary(FLOORDIV, x, y, REAL)


def floormod(x, y, name=None):
    """Remainder with the sign of y (x - floordiv(x, y) * y). `tf.math.floormod`, `tf.math.mod`, `%`.

        >>> tf.math.floormod(-7, 3)
        <tf.Tensor: shape=(), dtype=int32, numpy=2>
    """
    return _binary(FLOORMOD, x, y, REAL)


mod = floormod


def truncatediv(x, y, name=None):
    """x / y rounded toward zero. `tf.truncatediv`.

        >>> tf.truncatediv(-7, 2)
        <tf.Tensor: shape=(), dtype=int32, numpy=-3>
    """
    return _binary(TRUNCATEDIV, x, y, REAL)


def truncatemod(x, y, name=None):
    """Remainder with the sign of x (C's fmod). `tf.truncatemod`.

        >>> tf.truncatemod(-7, 3)
        <tf.Tensor: shape=(), dtype=int32, numpy=-1>
    """
    return _binary(TRUNCATEMOD, x, y, REAL)


def pow(x, y, name=None):  # noqa: A001 - TensorFlow's public name
    """x ** y elementwise; integers to negative integer powers are an error. `tf.pow`, `**`.

        >>> tf.pow(2.0, 3.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=8.0>
    """
    return _binary(POW, x, y, SIGNED)


# -- maximum, minimum, squared difference ------------------------------------------------------
def _max_min_grad(select_x):
    """TF's rule: the gradient goes to x where select_x(x, y) (ties included), else to y."""
    def grad(n, g):
        x, y = n.inputs
        mask = select_x(x, y)
        zeros = array_ops.zeros_like(g)
        needs = n.needs or (True, True)
        gx = _unbroadcast(where(mask, g, zeros), x) if needs[0] else None
        gy = _unbroadcast(where(mask, zeros, g), y) if needs[1] else None
        return gx, gy
    return grad


# np.maximum returns its second argument on ties; TF returns x (maximum(-0.0, 0.0) is -0.0).
MAXIMUM = primitive("Maximum", lambda x, y: np.maximum(y, x), broadcast_infer,
                    grad=_max_min_grad(lambda x, y: greater_equal(x, y)))
MINIMUM = primitive("Minimum", lambda x, y: np.minimum(y, x), broadcast_infer,
                    grad=_max_min_grad(lambda x, y: less_equal(x, y)))


def _sqdiff_kernel(x, y):
    d = np.subtract(x, y)
    if d.dtype.kind == "c":  # TF's complex squared difference is |x - y|^2 (imaginary part 0)
        return np.multiply(d, np.conj(d))
    return np.multiply(d, d)


SQDIFF = primitive("SquaredDifference", _sqdiff_kernel, broadcast_infer)


@lambda f: defgrad(SQDIFF, f)
def _sqdiff_grad(n, g):
    # 2 g (x - y), without a conjugate even for complex inputs: TF's rule.
    x, y = n.inputs
    gxy = multiply(multiply(g, subtract(x, y)), 2)
    needs = n.needs or (True, True)
    return (_unbroadcast(gxy, x) if needs[0] else None,
            _unbroadcast(negative(gxy), y) if needs[1] else None)


def maximum(x, y, name=None):
    """The larger of x and y elementwise (NaN if either is NaN). `tf.maximum`, `tf.math.maximum`.

        >>> tf.maximum([1., 5.], 3.)
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 5.], dtype=float32)>
    """
    return _binary(MAXIMUM, x, y, REAL)


def minimum(x, y, name=None):
    """The smaller of x and y elementwise (NaN if either is NaN). `tf.minimum`, `tf.math.minimum`.

        >>> tf.minimum([1., 5.], 3.)
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 3.], dtype=float32)>
    """
    return _binary(MINIMUM, x, y, REAL)


def squared_difference(x, y, name=None):
    """(x - y) ** 2 elementwise. `tf.math.squared_difference`.

        >>> tf.math.squared_difference(1., 4.)
        <tf.Tensor: shape=(), dtype=float32, numpy=9.0>
    """
    return _binary(SQDIFF, x, y, SIGNED)


# -- add_n, scalar_mul --------------------------------------------------------------------------
def _add_n_kernel(*xs):
    first = np.shape(xs[0])
    for i, a in enumerate(xs[1:], 1):
        if np.shape(a) != first:
            raise InvalidArgumentError(
                None, "AddN", "Inputs to operation AddN of type AddN must have the same size and shape.  "
                f"Input 0: [{','.join(map(str, first))}] != input {i}: "
                f"[{','.join(map(str, np.shape(a)))}] [Op:AddN] name: ")
    out = np.add(xs[0], xs[1])
    if type(out) is np.ndarray:
        for a in xs[2:]:
            np.add(out, a, out=out)
    else:
        for a in xs[2:]:
            out = np.add(out, a)
    return out


def _add_n_infer(ins, attrs):
    shape = TensorShape(ins[0].shape)
    for t in ins[1:]:
        if not shape.is_compatible_with(t.shape):
            raise ValueError(f"Shapes must be equal for 'AddN': {ins[0].shape} and {t.shape} are incompatible.")
        shape = shape.merge_with(t.shape)
    return [(shape, ins[0].dtype)]


ADD_N = primitive("AddN", _add_n_kernel, _add_n_infer, grad=lambda n, g: [g] * len(n.inputs))


def add_n(inputs, name=None):
    """Sums a list of tensors of one dtype and shape (no broadcasting). `tf.add_n`, `tf.math.add_n`.

        >>> tf.add_n([tf.constant([1, 2]), tf.constant([3, 4])])
        <tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 6], dtype=int32)>
    """
    if isinstance(inputs, (Tensor, Variable)):
        inputs = list(convert_to_tensor(inputs))
    elif not isinstance(inputs, (list, tuple)) and hasattr(inputs, "__iter__"):
        inputs = list(inputs)
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with the same "
                         "dtype and shape.")
    ts = [x if type(x) is Tensor else convert_to_tensor(x) for x in inputs]  # each on its own, as TF
    first = ts[0]._dtype
    for i, t in enumerate(ts[1:], 1):
        if t._dtype is not first:
            if ctx.graph is not None or type(t) is not Tensor or type(ts[0]) is not Tensor:
                raise TypeError(f"Input 'inputs' of 'AddN' Op has type {t.dtype.name} at index {i} that does "
                                f"not match type {first.name} at index 0.")
            raise dtype_error("AddN", i, first, t._dtype)
    if len(ts) == 1:
        return array_ops.identity(ts[0])
    if id(first) not in NUMERIC.ids:
        raise type_error("AddN", ts[0], NUMERIC, "inputs")
    return execute(ADD_N, ts)


def scalar_mul(scalar, x, name=None):
    """Multiplies x by a 0-D scalar (which takes x's dtype). `tf.scalar_mul`, `tf.math.scalar_mul`.

        >>> tf.scalar_mul(2, tf.constant([1., 2.]))
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 4.], dtype=float32)>
    """
    x = convert_to_tensor(x)
    scalar = convert_to_tensor(scalar, dtype=x.dtype)
    if scalar.shape.rank != 0:
        raise ValueError(f"The input scalar must be a 0-D value. Received shape {tuple(scalar.shape.as_list())}.")
    return multiply(scalar, x)


# Matmul and the rest of the elementwise library. Their modules import the names above, so they
# are imported last; math_ops re-exports them, and its __all__ covers them for `tf.`.
from .matmul_ops import matmul, MATMUL, DOT_MAX_MACS  # noqa: E402,F401
from . import math_ops2 as _math_ops2, logic_ops as _logic_ops  # noqa: E402
from .math_ops2 import *  # noqa: E402,F401,F403
from .logic_ops import *  # noqa: E402,F401,F403
from .math_ops2 import (rsqrt, log, log1p, expm1, ceil, rint, reciprocal, reciprocal_no_nan,  # noqa: E402,F401
                        erf, softplus, is_nan, is_inf, is_finite, divide_no_nan, multiply_no_nan, xlogy,
                        xdivy)  # the tf.math-only names
from .logic_ops import where, greater, greater_equal, less_equal  # noqa: E402,F401 - used by gradients here
from .logic_ops import (not_equal, logical_xor, bitwise_and, bitwise_or, bitwise_xor,  # noqa: E402,F401
                        invert, left_shift, right_shift)

__all__ = __all__ + _math_ops2.__all__ + _logic_ops.__all__
