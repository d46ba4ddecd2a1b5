"""Unary math functions (with erf), the division variants that define 0/0 (divide_no_nan,
xlogy, ...), is_nan/is_inf/is_finite and clip_by_value. `math_ops` re-exports all of it:
import these names from `math_ops` (this module imports `math_ops`' names while that module
is loading).

    >>> tf.sigmoid(0.0)
    <tf.Tensor: shape=(), dtype=float32, numpy=0.5>
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import NotFoundError
from ..framework.tensor import Tensor
from ..framework.variables import Variable
from .convert import convert_to_tensor
from .registry import primitive, defgrad, no_gradient, execute_binary
from .shape_rules import broadcast_infer, same_as_input
from . import array_ops
from .math_ops import (FLOAT, FLOAT_C, SIGNED_REAL, SIGNED, NUMERIC, _COMPLEX_IDS, _binary, _unary, _unbroadcast,
                       _div_operands, cj, add, subtract, multiply, truediv, negative, square, minimum, maximum)

__all__ = ["abs", "sign", "sqrt", "exp", "sin", "cos", "tan", "tanh", "sigmoid", "round", "floor",
           "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh", "atanh", "clip_by_value"]
# tf.math only: rsqrt, log, log1p, expm1, ceil, rint, reciprocal, reciprocal_no_nan, erf, softplus,
# is_nan, is_inf, is_finite, divide_no_nan, multiply_no_nan, xlogy, xdivy.

_BOOL = dtypes.bool
_zeros_like = array_ops.zeros_like


# -- unary math --------------------------------------------------------------------------------
def _unary_op(name, kernel, grad=None):
    op = primitive(name, kernel, same_as_input, grad=grad)
    if grad is None:
        no_gradient(op, "it is piecewise constant (TF returns None)")
    return op


def _sigmoid_kernel(x):
    r = np.negative(x)
    if type(r) is not np.ndarray:  # 0-d input: NumPy gives a scalar, which has no out=
        return 1 / (1 + np.exp(r))
    np.exp(r, out=r)
    r += 1
    return np.reciprocal(r, out=r)


def _softplus_kernel(x):
    # max(x, 0) + log1p(exp(-|x|)): no overflow, exact tails (np.logaddexp is 10x slower).
    r = np.abs(x)
    if type(r) is not np.ndarray:
        return np.maximum(x, 0) + np.log1p(np.exp(-r))
    np.negative(r, out=r)
    np.exp(r, out=r)
    np.log1p(r, out=r)
    r += np.maximum(x, 0)
    return r


def _reciprocal_kernel(x):
    if x.dtype.kind in "iu":
        raise NotFoundError(None, "Reciprocal", "Could not find device for node: {{node Reciprocal}} = "
                            f"Reciprocal[T=DT_{dtypes.from_numpy(x.dtype).name.upper()}] [Op:Reciprocal]")
    return np.reciprocal(x)


ABS = _unary_op("Abs", np.abs, lambda n, g: multiply(g, sign(n.inputs[0])))
# For complex x the rules below multiply by conj(f'(x)) (see math_ops.cj): cj is the identity on
# real tensors, so real gradients are unchanged.
SIGN = _unary_op("Sign", np.sign, lambda n, g: _sign_grad(n, g))
SQRT = _unary_op("Sqrt", np.sqrt, lambda n, g: truediv(g, multiply(cj(n.outputs[0]), 2)))
RSQRT = _unary_op("Rsqrt", lambda x: np.reciprocal(np.sqrt(x)),
                  lambda n, g: multiply(multiply(g, -0.5), cj(multiply(n.outputs[0], square(n.outputs[0])))))
EXP = _unary_op("Exp", np.exp, lambda n, g: multiply(g, cj(n.outputs[0])))
EXPM1 = _unary_op("Expm1", np.expm1, lambda n, g: multiply(g, cj(exp(n.inputs[0]))))
LOG = _unary_op("Log", np.log, lambda n, g: truediv(g, cj(n.inputs[0])))
LOG1P = _unary_op("Log1p", np.log1p, lambda n, g: truediv(g, cj(add(n.inputs[0], 1))))
SIN = _unary_op("Sin", np.sin, lambda n, g: multiply(g, cj(cos(n.inputs[0]))))
COS = _unary_op("Cos", np.cos, lambda n, g: negative(multiply(g, cj(sin(n.inputs[0])))))
TAN = _unary_op("Tan", np.tan, lambda n, g: truediv(g, cj(square(cos(n.inputs[0])))))
TANH = _unary_op("Tanh", np.tanh, lambda n, g: multiply(g, cj(subtract(1, square(n.outputs[0])))))
SIGMOID = _unary_op("Sigmoid", _sigmoid_kernel,
                    lambda n, g: multiply(g, cj(multiply(n.outputs[0], subtract(1, n.outputs[0])))))
SOFTPLUS = _unary_op("Softplus", _softplus_kernel, lambda n, g: multiply(g, sigmoid(n.inputs[0])))
RECIPROCAL = _unary_op("Reciprocal", _reciprocal_kernel,
                       lambda n, g: negative(multiply(g, cj(square(n.outputs[0])))))
ROUND = _unary_op("Round", np.round)  # NumPy and TF both round half to even
RINT = _unary_op("Rint", np.rint)
FLOOR = _unary_op("Floor", np.floor)
CEIL = _unary_op("Ceil", np.ceil)
ASIN = _unary_op("Asin", np.arcsin, lambda n, g: truediv(g, cj(sqrt(subtract(1, square(n.inputs[0]))))))
ACOS = _unary_op("Acos", np.arccos,
                 lambda n, g: negative(truediv(g, cj(sqrt(subtract(1, square(n.inputs[0])))))))
ATAN = _unary_op("Atan", np.arctan, lambda n, g: truediv(g, cj(add(square(n.inputs[0]), 1))))
SINH = _unary_op("Sinh", np.sinh, lambda n, g: multiply(g, cj(cosh(n.inputs[0]))))
COSH = _unary_op("Cosh", np.cosh, lambda n, g: multiply(g, cj(sinh(n.inputs[0]))))
ASINH = _unary_op("Asinh", np.arcsinh, lambda n, g: truediv(g, cj(cosh(n.outputs[0]))))
ACOSH = _unary_op("Acosh", np.arccosh, lambda n, g: truediv(g, cj(sinh(n.outputs[0]))))
ATANH = _unary_op("Atanh", np.arctanh, lambda n, g: truediv(g, cj(subtract(1, square(n.inputs[0])))))


def _sign_grad(n, g):
    """Zero for real x. For complex x, sign(x) = x/|x| is not holomorphic and TF returns its true
    gradient: g conj(d sign/dx) + conj(g) d sign/dconj(x) = g/(2|x|) - conj(g) x^2/(2|x|^3),
    and 0 at x = 0."""
    x = n.inputs[0]
    if id(x._dtype) not in _COMPLEX_IDS:
        return _zeros_like(x)
    from .complex_ops import complex_abs  # loaded after this module
    from .logic_ops import where, not_equal
    nz = not_equal(x, _zeros_like(x))
    r = array_ops.cast(complex_abs(x), x.dtype)
    safe = where(nz, r, array_ops.ones_like(r))
    s = truediv(x, safe)  # sign(x), 0 at 0
    out = truediv(subtract(g, multiply(cj(g), square(s))), multiply(safe, 2))
    return where(nz, out, _zeros_like(out))


def abs(x, name=None):  # noqa: A001 - TensorFlow's public name
    """|x| elementwise (the most negative integer stays negative, as in TF). `tf.abs`, `abs(t)`.

        >>> tf.abs([-1., 2.])
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>
    """
    if type(x) is not Tensor:
        if hasattr(x, "_numtf_dispatch_"):  # a RaggedTensor: over its flat values, as _unary does
            return _unary(ABS, x, SIGNED_REAL)
        x = convert_to_tensor(x)
    if id(x._dtype) in _COMPLEX_IDS:  # TF's ComplexAbs: a real magnitude
        from .complex_ops import complex_abs
        return complex_abs(x)
    return _unary(ABS, x, SIGNED_REAL)


def sign(x, name=None):
    """-1, 0 or 1 by the sign of x (0 for -0.0, NaN for NaN); its gradient is zero. `tf.sign`.

        >>> tf.sign([-2., 0., 3.])
        <tf.Tensor: shape=(3,), dtype=float32, numpy=array([-1.,  0.,  1.], dtype=float32)>
    """
    return _unary(SIGN, x, SIGNED)


def sqrt(x, name=None):
    """Square root elementwise. `tf.sqrt`, `tf.math.sqrt`.

        >>> tf.sqrt(4.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=2.0>
    """
    return _unary(SQRT, x, FLOAT_C)


def rsqrt(x, name=None):
    """1 / sqrt(x) elementwise. `tf.math.rsqrt`.

        >>> tf.math.rsqrt(4.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.5>
    """
    return _unary(RSQRT, x, FLOAT_C)


def exp(x, name=None):
    """e ** x elementwise. `tf.exp`, `tf.math.exp`.

        >>> tf.exp(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=1.0>
    """
    return _unary(EXP, x, FLOAT_C)


def expm1(x, name=None):
    """exp(x) - 1, accurate near 0. `tf.math.expm1`.

        >>> tf.math.expm1(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(EXPM1, x, FLOAT_C)


def log(x, name=None):
    """Natural logarithm elementwise (-inf at 0, NaN below). `tf.math.log`.

        >>> tf.math.log(1.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(LOG, x, FLOAT_C)


def log1p(x, name=None):
    """log(1 + x), accurate near 0. `tf.math.log1p`.

        >>> tf.math.log1p(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(LOG1P, x, FLOAT_C)


def sin(x, name=None):
    """Sine elementwise. `tf.sin`, `tf.math.sin`.

        >>> tf.sin(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(SIN, x, FLOAT_C)


def cos(x, name=None):
    """Cosine elementwise. `tf.cos`, `tf.math.cos`.

        >>> tf.cos(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=1.0>
    """
    return _unary(COS, x, FLOAT_C)


def tan(x, name=None):
    """Tangent elementwise. `tf.tan`, `tf.math.tan`.

        >>> tf.tan(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(TAN, x, FLOAT_C)


def tanh(x, name=None):
    """Hyperbolic tangent; its gradient uses the output. `tf.tanh`, `tf.math.tanh`, `tf.nn.tanh`.

        >>> tf.tanh(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(TANH, x, FLOAT_C)


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)); its gradient uses the output. `tf.sigmoid`, `tf.math.sigmoid`.

        >>> tf.sigmoid(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.5>
    """
    return _unary(SIGMOID, x, FLOAT_C)


def softplus(features, name=None):
    """log(exp(x) + 1), computed without overflow. `tf.math.softplus`, `tf.nn.softplus`.

        >>> tf.math.softplus(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.6931472>
    """
    return _unary(SOFTPLUS, features, FLOAT)


def reciprocal(x, name=None):
    """1 / x elementwise (floating types). `tf.math.reciprocal`.

        >>> tf.math.reciprocal(4.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.25>
    """
    return _unary(RECIPROCAL, x, NUMERIC)


def reciprocal_no_nan(x, name=None):
    """1 / x, and 0 where x == 0. `tf.math.reciprocal_no_nan`.

        >>> tf.math.reciprocal_no_nan(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    x = convert_to_tensor(x)
    return divide_no_nan(array_ops.ones_like(x), x)


def round(x, name=None):  # noqa: A001 - TensorFlow's public name
    """Rounds half to even ("banker's rounding"); integers are returned as they are. `tf.round`.

        >>> tf.round([0.5, 1.5, 2.5, -0.5])
        <tf.Tensor: shape=(4,), dtype=float32, numpy=array([ 0.,  2.,  2., -0.], dtype=float32)>
    """
    return _unary(ROUND, x, SIGNED)


def rint(x, name=None):
    """Nearest integer, half to even. `tf.math.rint`.

        >>> tf.math.rint(2.5)
        <tf.Tensor: shape=(), dtype=float32, numpy=2.0>
    """
    return _unary(RINT, x, FLOAT)


def floor(x, name=None):
    """Largest integer not above x (floats only). `tf.floor`, `tf.math.floor`.

        >>> tf.floor(-1.5)
        <tf.Tensor: shape=(), dtype=float32, numpy=-2.0>
    """
    return _unary(FLOOR, x, FLOAT)


def ceil(x, name=None):
    """Smallest integer not below x (floats only). `tf.math.ceil`.

        >>> tf.math.ceil(-1.5)
        <tf.Tensor: shape=(), dtype=float32, numpy=-1.0>
    """
    return _unary(CEIL, x, FLOAT)


def asin(x, name=None):
    """Inverse sine. `tf.asin`, `tf.math.asin`: `tf.asin(1.0)` is 1.5707964 (pi / 2)."""
    return _unary(ASIN, x, FLOAT_C)


def acos(x, name=None):
    """Inverse cosine. `tf.acos`, `tf.math.acos`: `tf.acos(1.0)` is 0.0."""
    return _unary(ACOS, x, FLOAT_C)


def atan(x, name=None):
    """Inverse tangent. `tf.atan`, `tf.math.atan`: `tf.atan(1.0)` is 0.7853982 (pi / 4)."""
    return _unary(ATAN, x, FLOAT_C)


def sinh(x, name=None):
    """Hyperbolic sine. `tf.sinh`, `tf.math.sinh`: `tf.sinh(0.0)` is 0.0."""
    return _unary(SINH, x, FLOAT_C)


def cosh(x, name=None):
    """Hyperbolic cosine. `tf.cosh`, `tf.math.cosh`: `tf.cosh(0.0)` is 1.0."""
    return _unary(COSH, x, FLOAT_C)


def asinh(x, name=None):
    """Inverse hyperbolic sine. `tf.asinh`, `tf.math.asinh`: `tf.asinh(0.0)` is 0.0."""
    return _unary(ASINH, x, FLOAT_C)


def acosh(x, name=None):
    """Inverse hyperbolic cosine. `tf.acosh`, `tf.math.acosh`: `tf.acosh(1.0)` is 0.0."""
    return _unary(ACOSH, x, FLOAT_C)


def atanh(x, name=None):
    """Inverse hyperbolic tangent. `tf.atanh`, `tf.math.atanh`.

        >>> tf.atanh(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(ATANH, x, FLOAT_C)


ATAN2 = primitive("Atan2", np.arctan2, broadcast_infer)


@lambda f: defgrad(ATAN2, f)
def _atan2_grad(n, g):
    y, x = n.inputs
    scale = truediv(g, add(square(x), square(y)))
    return _unbroadcast(multiply(x, scale), y), _unbroadcast(negative(multiply(y, scale)), x)


def atan2(y, x, name=None):
    """The angle of the point (x, y), in [-pi, pi]. `tf.atan2`, `tf.math.atan2`.

        >>> tf.atan2(1.0, 1.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.7853982>
    """
    return _binary(ATAN2, y, x, FLOAT)


# erf: fdlibm's rational approximations (Sun Microsystems, freely distributable), about 1 ulp
# in float64, evaluated piecewise in the input's dtype.
_ERF_PP = (1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
           -5.77027029648944159157e-03, -2.37630166566501626084e-05)
_ERF_QQ = (1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
           1.32494738004321644526e-04, -3.96022827877536812320e-06)
_ERF_PA = (-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
           3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
           -2.16637559486879084300e-03)
_ERF_QA = (1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
           1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02)
_ERF_RA = (-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
           -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
           -8.12874355063065934246e+01, -9.81432934416914548592e+00)
_ERF_SA = (1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
           6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
           6.57024977031928170135e+00, -6.04244152148580987438e-02)
_ERF_RB = (-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
           -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
           -4.83519191608651397019e+02)
_ERF_SB = (1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
           3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
           -2.24409524465858183362e+01)


def _poly(coeffs, s):
    r = coeffs[-1]
    for c in coeffs[-2::-1]:
        r = r * s + c
    return r


def _erf_kernel(x):
    x = np.asarray(x)
    work = np.float32 if x.dtype == np.float16 else x.dtype
    a = np.abs(x.astype(work, copy=False)).ravel()
    out = np.ones_like(a)  # |x| >= 6 rounds to 1
    m = a < 0.84375
    if m.any():
        s = a[m]
        z = s * s
        out[m] = s + s * (_poly(_ERF_PP, z) / _poly(_ERF_QQ, z))
    m = (a >= 0.84375) & (a < 1.25)
    if m.any():
        s = a[m] - 1
        out[m] = 0.845062911510467529297 + _poly(_ERF_PA, s) / _poly(_ERF_QA, s)
    m = (a >= 1.25) & (a < 6) | np.isnan(a)
    if m.any():
        s = a[m]
        z = 1 / (s * s)
        r = np.where(s < 1 / 0.35, _poly(_ERF_RA, z) / _poly(_ERF_SA, z), _poly(_ERF_RB, z) / _poly(_ERF_SB, z))
        out[m] = 1 - np.exp(-s * s - 0.5625 + r) / s
    return np.copysign(out, x.ravel()).reshape(x.shape).astype(x.dtype, copy=False)


ERF = _unary_op("Erf", _erf_kernel, lambda n, g: multiply(
    g, multiply(exp(negative(square(n.inputs[0]))), 2 / math.sqrt(math.pi))))


def erf(x, name=None):
    """The Gauss error function. `tf.math.erf`.

        >>> tf.math.erf(0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _unary(ERF, x, FLOAT)


# -- division variants that define 0/0 ---------------------------------------------------------
def _div_no_nan_kernel(x, y):
    return np.where(y == 0, 0, np.true_divide(x, y))


def _xlogy_kernel(x, y):
    return np.where(x == 0, 0, np.multiply(x, np.log(y)))


def _xdivy_kernel(x, y):
    return np.where(x == 0, 0, np.true_divide(x, y))


DIV_NO_NAN = primitive("DivNoNan", _div_no_nan_kernel, broadcast_infer)
XLOGY = primitive("Xlogy", _xlogy_kernel, broadcast_infer)
XDIVY = primitive("Xdivy", _xdivy_kernel, broadcast_infer)


@lambda f: defgrad(DIV_NO_NAN, f)
def _div_no_nan_grad(n, g):
    x, y = n.inputs
    needs = n.needs or (True, True)
    # Conjugated for complex inputs, as TF (unlike xlogy, xdivy and multiply_no_nan, whose TF
    # gradients use no conjugate: those below keep the plain rule).
    gx = _unbroadcast(divide_no_nan(g, cj(y)), x) if needs[0] else None
    gy = (_unbroadcast(multiply(g, cj(divide_no_nan(divide_no_nan(negative(x), y), y))), y)
          if needs[1] else None)
    return gx, gy


def _nonzero(x):
    from .logic_ops import not_equal  # loaded after this module
    return array_ops.cast(not_equal(x, array_ops.zeros_like(x)), x.dtype)


defgrad(XLOGY, lambda n, g: (_unbroadcast(multiply(g, xlogy(_nonzero(n.inputs[0]), n.inputs[1])), n.inputs[0]),
                             _unbroadcast(multiply(g, xdivy(*n.inputs)), n.inputs[1])))
defgrad(XDIVY, lambda n, g: (_unbroadcast(multiply(g, xdivy(_nonzero(n.inputs[0]), n.inputs[1])), n.inputs[0]),
                             _unbroadcast(multiply(g, xdivy(negative(n.inputs[0]), square(n.inputs[1]))),
                                          n.inputs[1])))


def divide_no_nan(x, y, name=None):
    """x / y, but 0 where y == 0 (even for x inf or nan); integers cast like truediv.
    `tf.math.divide_no_nan`.

        >>> tf.math.divide_no_nan(1.0, 0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    if not isinstance(x, (Tensor, Variable)) and isinstance(y, (Tensor, Variable)):
        y = convert_to_tensor(y)
        x = convert_to_tensor(x, dtype=y.dtype)
    return execute_binary(DIV_NO_NAN, *_div_operands(x, y, "tf.math.divide_no_nan"))


def xlogy(x, y, name=None):
    """x * log(y), and 0 where x == 0. `tf.math.xlogy`.

        >>> tf.math.xlogy(0., 0.)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _binary(XLOGY, x, y, FLOAT_C)


def xdivy(x, y, name=None):
    """x / y, and 0 where x == 0. `tf.math.xdivy`.

        >>> tf.math.xdivy(0., 0.)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _binary(XDIVY, x, y, FLOAT_C)


MUL_NO_NAN = primitive("MulNoNan", lambda x, y: np.where(y == 0, 0, np.multiply(x, y)), broadcast_infer)
defgrad(MUL_NO_NAN, lambda n, g: (_unbroadcast(multiply_no_nan(g, n.inputs[1]), n.inputs[0]),
                                  _unbroadcast(multiply_no_nan(n.inputs[0], g), n.inputs[1])))


def multiply_no_nan(x, y, name=None):
    """x * y, and 0 where y == 0 even if x is inf or NaN. `tf.math.multiply_no_nan`.

        >>> tf.math.multiply_no_nan(float('inf'), 0.0)
        <tf.Tensor: shape=(), dtype=float32, numpy=0.0>
    """
    return _binary(MUL_NO_NAN, x, y, FLOAT_C)


# -- is_nan, is_inf, is_finite -------------------------------------------------------------------
def _bool_like(ins, attrs):
    return [(ins[0].shape, _BOOL)]


IS_NAN = primitive("IsNan", np.isnan, _bool_like)
IS_INF = primitive("IsInf", np.isinf, _bool_like)
IS_FINITE = primitive("IsFinite", np.isfinite, _bool_like)
for _op in (IS_NAN, IS_INF, IS_FINITE):
    no_gradient(_op, "its output is boolean")


def is_nan(x, name=None):
    """True where x is NaN. `tf.math.is_nan`.

        >>> tf.math.is_nan([1., float('nan')])
        <tf.Tensor: shape=(2,), dtype=bool, numpy=array([False,  True])>
    """
    return _unary(IS_NAN, x, FLOAT)


def is_inf(x, name=None):
    """True where x is +inf or -inf. `tf.math.is_inf`: `tf.math.is_inf([1., -np.inf])` is [False, True]."""
    return _unary(IS_INF, x, FLOAT)


def is_finite(x, name=None):
    """True where x is neither inf nor NaN. `tf.math.is_finite`: `tf.math.is_finite([1., np.nan])` is
    [True, False]."""
    return _unary(IS_FINITE, x, FLOAT)


# -- clip_by_value -------------------------------------------------------------------------------
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips t to [clip_value_min, clip_value_max] as maximum(minimum(t, max), min), so a min above
    max gives min, and at a bound (a tie) the gradient goes to t. `tf.clip_by_value`.

        >>> tf.clip_by_value([-1., 0.5, 2.], 0., 1.)
        <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0. , 0.5, 1. ], dtype=float32)>
    """
    t = convert_to_tensor(t)
    out = minimum(t, clip_value_max)
    for r in (out, maximum(out, clip_value_min)):
        if not t.shape.is_compatible_with(r.shape):
            raise ValueError(f"Shapes {t.shape} and {r.shape} are incompatible")
        out = r
    return out
