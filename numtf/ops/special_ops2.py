"""More special functions of `tf.math`: igamma, igammac, betainc, lbeta, ndtri, erfcinv,
polygamma, zeta, xlog1py, and the permutation/monotonicity helpers invert_permutation,
is_non_decreasing and is_strictly_increasing.

Kernels compute in float64 (series and Lentz continued fractions run to float64 precision) and
cast back. Gradients follow TF: igamma/igammac w.r.t. both a and x, betainc w.r.t. x only,
zeta w.r.t. q only, polygamma w.r.t. x only.

    >>> round(float(tf.math.igamma(1.0, 1.0)), 6)
    0.632121
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from .array_ops import _as_tensor, reshape, zeros_like
from .registry import primitive, no_gradient, execute, defgrad, dtype_error
from .shape_rules import same_as_input, broadcast_infer
from . import math_ops as M
from .reduction_ops import reduce_sum, reduce_all
from .special_ops import _lgamma1, lgamma

__all__ = []

_EPS = 1e-16
_TINY = 1e-300
_lg_u = np.frompyfunc(_lgamma1, 1, 1)


def _lgamma(x):
    return np.asarray(_lg_u(np.asarray(x, np.float64)), np.float64)


def _digamma(x):
    """digamma in float64 to a few ulps: reflection below 0, recurrence up to x >= 10, then the
    asymptotic series through B_14."""
    x = np.array(x, np.float64)
    out = np.full_like(x, np.nan)
    pole = (x <= 0) & (x == np.floor(x))
    neg = (x < 0) & ~pole
    shift = np.zeros_like(x)
    with np.errstate(all="ignore"):
        shift[neg] = -math.pi / np.tan(math.pi * x[neg])  # psi(x) = psi(1 - x) - pi cot(pi x)
        y = np.where(neg, 1 - x, x)
        ok = ~pole & ~np.isnan(x)
        y = np.where(ok, y, 1.0)
        acc = np.zeros_like(y)
        for _ in range(10):
            small = y < 10
            acc = np.where(small, acc - 1 / y, acc)
            y = np.where(small, y + 1, y)
        f = 1 / (y * y)
        series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (
            691 / 32760 - f / 12))))))
        val = acc + np.log(y) - 0.5 / y - series + shift
    out[ok] = val[ok]
    out[x == np.inf] = np.inf
    return out


def _f64(*arrays):
    """float64 copies broadcast together, and the dtype of the first input to cast back to."""
    return [np.array(a, np.float64) for a in np.broadcast_arrays(*arrays)], arrays[0].dtype


# -- incomplete gamma ------------------------------------------------------------------------------
def _gamma_series(a, x):
    """(P(a, x), dP/da) by the series P = x^a e^-x / Gamma(a+1) sum_n x^n / ((a+1)...(a+n)),
    differentiated term by term in a (for x < a + 1)."""
    t, dt = np.ones_like(a), np.zeros_like(a)
    s, ds = t.copy(), dt.copy()
    for n in range(1, 5000):
        t = t * x / (a + n)
        dt = (dt * x - t) / (a + n)  # d/da of t_n = t_{n-1} x / (a + n)
        s += t
        ds += dt
        if np.all((t <= _EPS * s) & (np.abs(dt) <= _EPS * np.abs(ds) + _TINY)):
            break
    logp = a * np.log(x) - x - _lgamma(a + 1)
    pre = np.exp(logp)
    p = pre * s
    return p, p * (np.log(x) - _digamma(a + 1)) + pre * ds


def _gamma_cf(a, x):
    """(Q(a, x), dQ/da) by the continued fraction Q = x^a e^-x / Gamma(a) / (x+1-a- 1(1-a)/(x+3-a- ...)),
    evaluated with the modified Lentz method on (value, d/da) pairs (for x >= a + 1)."""
    b, db = x + 1 - a, -np.ones_like(a)
    c, dc = np.full_like(a, 1 / _TINY), np.zeros_like(a)
    d, dd = 1 / b, -db / (b * b)
    h, dh = d.copy(), dd.copy()
    for i in range(1, 5000):
        an, dan = -i * (i - a), i * np.ones_like(a)
        b, db = b + 2, db
        # d <- 1 / (an d + b); c <- b + an / c; h <- h d c
        den = an * d + b
        dden = dan * d + an * dd + db
        den = np.where(np.abs(den) < _TINY, _TINY, den)
        d, dd = 1 / den, -dden / (den * den)
        c_new = b + an / c
        dc = db + (dan * c - an * dc) / (c * c)
        c = np.where(np.abs(c_new) < _TINY, _TINY, c_new)
        delta, ddelta = d * c, dd * c + d * dc
        h, dh = h * delta, dh * delta + h * ddelta
        if np.all((np.abs(delta - 1) < _EPS) & (np.abs(ddelta) < _EPS * (np.abs(dh / h) + 1))):
            break
    pre = np.exp(a * np.log(x) - x - _lgamma(a))
    q = pre * h
    return q, q * (np.log(x) - _digamma(a)) + pre * dh


def _igamma_both(a, x):
    """(P, Q, dP/da) on float64 arrays, with TF's values at the domain edges."""
    p, q, dp = np.full_like(a, np.nan), np.full_like(a, np.nan), np.full_like(a, np.nan)
    ok = (x > 0) & (a > 0) & np.isfinite(x) & np.isfinite(a)
    ser = ok & (x < a + 1)
    if ser.any():
        pv, dv = _gamma_series(a[ser], x[ser])
        p[ser], q[ser], dp[ser] = pv, 1 - pv, dv
    cf = ok & ~ser
    if cf.any():
        qv, dv = _gamma_cf(a[cf], x[cf])
        p[cf], q[cf], dp[cf] = 1 - qv, qv, -dv
    pos = (a > 0) & ~np.isnan(x)
    p[(x == 0) & ~np.isnan(a)] = 0
    q[(x == 0) & pos] = 1
    inf_x = (x == np.inf) & pos
    p[inf_x], q[inf_x], dp[inf_x] = 1, 0, 0
    inf_a = (a == np.inf) & (x > 0) & np.isfinite(x)
    p[inf_a], q[inf_a], dp[inf_a] = 0, 1, 0
    return p, q, dp


def _igamma_kernel(a, x):
    (a, x), dt = _f64(a, x)
    return _igamma_both(a, x)[0].astype(dt, copy=False)


def _igammac_kernel(a, x):
    (a, x), dt = _f64(a, x)
    return _igamma_both(a, x)[1].astype(dt, copy=False)


def _igamma_grad_a_kernel(a, x):
    (a, x), dt = _f64(a, x)
    return _igamma_both(a, x)[2].astype(dt, copy=False)


def _dp_dx(a, x):
    """x^(a-1) e^-x / Gamma(a), the x-derivative of P(a, x)."""
    return M.exp(M.subtract(M.subtract(M.xlogy(M.subtract(a, 1.0), x), x), lgamma(a)))


def _igamma_grad(sign):
    def grad(n, g):
        a, x = n.inputs
        needs = n.needs or (True, True)
        ga = gx = None
        if needs[0]:
            da = execute(IGAMMA_GRAD_A, (a, x))
            ga = M._unbroadcast(M.multiply(g, da if sign > 0 else M.negative(da)), a)
        if needs[1]:
            dx = _dp_dx(a, x)
            gx = M._unbroadcast(M.multiply(g, dx if sign > 0 else M.negative(dx)), x)
        return ga, gx
    return grad


IGAMMA_GRAD_A = primitive("IgammaGradA", _igamma_grad_a_kernel, broadcast_infer)
no_gradient(IGAMMA_GRAD_A, "TF defines no second derivative of igamma w.r.t. a")
IGAMMA = primitive("Igamma", _igamma_kernel, broadcast_infer, grad=_igamma_grad(1))
IGAMMAC = primitive("Igammac", _igammac_kernel, broadcast_infer, grad=_igamma_grad(-1))
_FLOAT = M.Types(dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64)
_F32_64 = M.Types(dtypes.float32, dtypes.float64)


def igamma(a, x, name=None):
    """The regularized lower incomplete gamma function P(a, x) (`tf.math.igamma`).

        >>> tf.math.igamma(tf.constant([1.0, 2.0], tf.float64), [1.0, 1.0]).numpy().round(6).tolist()
        [0.632121, 0.264241]
    """
    return M._binary(IGAMMA, a, x, _FLOAT)


def igammac(a, x, name=None):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x) (`tf.math.igammac`).

        >>> round(float(tf.math.igammac(1.0, 1.0)), 6)
        0.367879
    """
    return M._binary(IGAMMAC, a, x, _FLOAT)


# -- incomplete beta -------------------------------------------------------------------------------
def _beta_cf(a, b, x):
    """The continued fraction of I_x(a, b) (modified Lentz), for x < (a+1)/(a+b+2)."""
    qab, qap, qam = a + b, a + 1, a - 1
    c = np.ones_like(x)
    d = 1 - qab * x / qap
    d = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
    h = d.copy()
    for m in range(1, 10000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
            c = 1 + aa / c
            c = np.where(np.abs(c) < _TINY, _TINY, c)
            delta = d * c
            h = h * delta
        if np.all(np.abs(delta - 1) < _EPS):
            break
    return h


def _betainc64(a, b, x):
    out = np.full_like(x, np.nan)
    ok = (a > 0) & (b > 0) & (x >= 0) & (x <= 1)
    out[ok & (x == 0)] = 0
    out[ok & (x == 1)] = 1
    inner = ok & (x > 0) & (x < 1)
    a, b, x = a[inner], b[inner], x[inner]
    swap = x > (a + 1) / (a + b + 2)
    aa, bb, xx = np.where(swap, b, a), np.where(swap, a, b), np.where(swap, 1 - x, x)
    lbeta = _lgamma(aa) + _lgamma(bb) - _lgamma(aa + bb)
    front = np.exp(aa * np.log(xx) + bb * np.log1p(-xx) - lbeta) / aa
    v = front * _beta_cf(aa, bb, xx)
    out[inner] = np.where(swap, 1 - v, v)
    return out


def _betainc_kernel(a, b, x):
    for name, t in (("b", b), ("x", x)):
        if a.ndim and t.ndim and a.shape != t.shape:
            raise InvalidArgumentError(None, "Betainc", f"Shapes of a and {name} are inconsistent: "
                                       f"[{','.join(map(str, a.shape))}] vs. [{','.join(map(str, t.shape))}] "
                                       "[Op:Betainc]")
    if b.ndim and x.ndim and b.shape != x.shape:
        raise InvalidArgumentError(None, "Betainc", f"Shapes of b and x are inconsistent: "
                                   f"[{','.join(map(str, b.shape))}] vs. [{','.join(map(str, x.shape))}] [Op:Betainc]")
    (a64, b64, x64), _ = _f64(a, b, x)
    with np.errstate(all="ignore"):
        return _betainc64(a64, b64, x64).astype(a.dtype, copy=False)


def _betainc_infer(ins, attrs):
    s = ins[0].shape
    for t in ins[1:]:
        if s.rank == 0:
            s = t.shape
    return [(s, ins[0].dtype)]


def _betainc_grad(n, g):
    a, b, x = n.inputs
    # x^(a-1) (1-x)^(b-1) / B(a, b); TF differentiates w.r.t. x only.
    log_beta = M.subtract(M.add(lgamma(a), lgamma(b)), lgamma(M.add(a, b)))
    dx = M.exp(M.subtract(M.add(M.xlogy(M.subtract(a, 1.0), x), xlog1py(M.subtract(b, 1.0), M.negative(x))),
                          log_beta))
    return None, None, M._unbroadcast(M.multiply(g, dx), x)


BETAINC = primitive("Betainc", _betainc_kernel, _betainc_infer, grad=_betainc_grad)


def betainc(a, b, x, name=None):
    """The regularized incomplete beta function I_x(a, b) (`tf.math.betainc`). a, b and x have
    one shape (or are scalars). TF differentiates it w.r.t. x only.

        >>> float(tf.math.betainc(2.0, 3.0, 0.5).numpy().round(6))
        0.6875
    """
    ta = _as_tensor(a)
    if id(ta.dtype) not in _F32_64.ids:
        raise M.type_error("Betainc", ta, _F32_64, "a")
    tb, tx = _as_tensor(b, ta.dtype), _as_tensor(x, ta.dtype)
    for i, t in ((1, tb), (2, tx)):
        if t.dtype is not ta.dtype:
            raise dtype_error("Betainc", i, ta.dtype, t.dtype)
    return execute(BETAINC, (ta, tb, tx))


def lbeta(x, name=None):
    """log|B(x)| = sum(lgamma(x)) - lgamma(sum(x)) over the last axis (`tf.math.lbeta`); an empty
    last axis gives -inf, as TF.

        >>> round(float(tf.math.lbeta([1.0, 2.0])), 6)
        -0.693147
    """
    t = _as_tensor(x)
    return M.subtract(reduce_sum(lgamma(t), -1), lgamma(reduce_sum(t, -1)))


# -- ndtri, erfcinv ----------------------------------------------------------------------------------
_erfc_u = np.frompyfunc(math.erfc, 1, 1)


def _erfc(x):
    return np.asarray(_erfc_u(x), np.float64)


def _erfcinv64(y):
    """The x with erfc(x) = y, for y in [0, 2] (NaN outside)."""
    out = np.full_like(y, np.nan)
    out[y == 0] = np.inf
    out[y == 2] = -np.inf
    upper = (y > 1) & (y < 2)
    yy = np.where(upper, 2 - y, y)  # erfcinv(y) = -erfcinv(2 - y); 2 - y is exact there
    ok = (yy > 0) & (yy <= 1)
    v = yy[ok]
    # A starting point: erfc(x) ~ exp(-x^2) / (x sqrt(pi)) in the tail, erfinv near the middle.
    t = np.sqrt(-np.log(np.minimum(v, 0.5)))
    x = t.copy()
    for _ in range(3):
        x = np.sqrt(np.maximum(-np.log(v) - np.log(x * math.sqrt(math.pi)), 0.01))
    from .special_ops import _erfinv1
    mid = v > 0.1
    x[mid] = np.asarray(np.frompyfunc(_erfinv1, 1, 1)(1 - v[mid]), np.float64)
    logv = np.log(v)
    for _ in range(8):
        # Newton on erfc(x) - y, the step scaled by y so nothing overflows in the far tail.
        step = (_erfc(x) / v - 1) * (math.sqrt(math.pi) / 2) * np.exp(x * x + logv)
        x = x + step
    res = np.where(upper[ok], -x, x)
    out[ok] = res
    return out


def _erfcinv_kernel(y):
    with np.errstate(all="ignore"):
        return _erfcinv64(np.asarray(y, np.float64)).astype(y.dtype, copy=False)


def _ndtri_kernel(p):
    p64 = np.asarray(p, np.float64)
    with np.errstate(all="ignore"):
        # ndtri(p) = -sqrt(2) erfcinv(2p); for p > 1/2 use 1 - p, which is exact there.
        hi = p64 > 0.5
        q = np.where(hi, 1 - p64, p64)
        v = -math.sqrt(2) * _erfcinv64(2 * q)
        return np.where(hi, -v, v).astype(p.dtype, copy=False)


ERFCINV = primitive("Erfcinv", _erfcinv_kernel, same_as_input, grad=lambda n, g: M.multiply(
    g, M.multiply(M.exp(M.square(n.outputs[0])), -math.sqrt(math.pi) / 2)))
NDTRI = primitive("Ndtri", _ndtri_kernel, same_as_input, grad=lambda n, g: M.multiply(
    g, M.multiply(M.exp(M.multiply(M.square(n.outputs[0]), 0.5)), math.sqrt(2 * math.pi))))


def ndtri(x, name=None):
    """The inverse of the standard normal CDF (`tf.math.ndtri`); -inf at 0, inf at 1.

        >>> tf.math.ndtri([0.5]).numpy().tolist() == [0.0]
        True
    """
    return M._unary(NDTRI, x, _FLOAT)


def erfcinv(x, name=None):
    """The inverse of erfc on [0, 2] (`tf.math.erfcinv`).

        >>> tf.math.erfcinv([1.0]).numpy().tolist()
        [0.0]
    """
    return M._unary(ERFCINV, x, _FLOAT)


# -- zeta, polygamma ---------------------------------------------------------------------------------
_B2K = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330,
        854513 / 138, -236364091 / 2730, 8553103 / 6]


def _zeta64(s, q):
    """The Hurwitz zeta function sum_k (q + k)^-s, with TF's values off its domain."""
    out = np.full_like(s, np.nan)
    q_int = (q <= 0) & (q == np.floor(q))
    s_int = s == np.floor(s)
    even = s_int & (np.fmod(s, 2) == 0)
    out[q_int & even] = np.inf  # a pole (q + k = 0) under an even power
    ok = (s > 1) & ~q_int & ((q > 0) | s_int) & ~np.isnan(q)
    out[s == 1] = np.inf
    if ok.any():
        x, a = s[ok], q[ok]
        n_sum = int(min(max(12, np.max(x) / 2 + 12, np.max(-a) + 12), 400))
        total = np.zeros_like(x)
        for k in range(n_sum):  # the head of the sum; Euler-Maclaurin for the tail
            total += np.power(a + k, -x)
        w = a + n_sum
        total += np.power(w, 1 - x) / (x - 1) + 0.5 * np.power(w, -x)
        fac = x * np.power(w, -x - 1)
        fact = 2.0  # (2j)!
        for j, b in enumerate(_B2K, start=1):
            if j > 1:
                fac = fac * (x + 2 * j - 3) * (x + 2 * j - 2) / (w * w)
                fact *= (2 * j - 1) * (2 * j)
            total += b / fact * fac
        out[ok] = total
    out[np.isnan(s) | np.isnan(q)] = np.nan
    return out


def _zeta_kernel(x, q):
    (x64, q64), dt = _f64(x, q)
    with np.errstate(all="ignore"):
        return _zeta64(x64, q64).astype(dt, copy=False)


def _polygamma64(n, x):
    out = np.full_like(x, np.nan)
    valid = (n >= 0) & (n == np.floor(n))
    zero = valid & (n == 0)
    out[zero] = _digamma(x[zero])
    pos = valid & (n > 0)
    nn = n[pos]
    fact = np.exp(_lgamma(nn + 1))
    out[pos] = np.where(np.fmod(nn, 2) == 1, 1.0, -1.0) * fact * _zeta64(nn + 1, x[pos])
    return out


def _polygamma_kernel(n, x):
    (n64, x64), dt = _f64(n, x)
    with np.errstate(all="ignore"):
        return _polygamma64(n64, x64).astype(dt, copy=False)


ZETA = primitive("Zeta", _zeta_kernel, broadcast_infer, grad=lambda n, g: (None, M._unbroadcast(
    M.multiply(g, M.multiply(M.negative(n.inputs[0]), zeta(M.add(n.inputs[0], 1.0), n.inputs[1]))), n.inputs[1])))
POLYGAMMA = primitive("Polygamma", _polygamma_kernel, broadcast_infer, grad=lambda n, g: (None, M._unbroadcast(
    M.multiply(g, polygamma(M.add(n.inputs[0], 1.0), n.inputs[1])), n.inputs[1])))


def zeta(x, q, name=None):
    """The Hurwitz zeta function sum_k (q + k)^-x (`tf.math.zeta`); differentiable w.r.t. q only.

        >>> round(float(tf.math.zeta(2.0, 1.0)), 6)
        1.644934
    """
    return M._binary(ZETA, x, q, _F32_64)


def polygamma(a, x, name=None):
    """The a-th derivative of digamma at x, for integer a >= 0 (`tf.math.polygamma`); NaN for other a.

        >>> round(float(tf.math.polygamma(1.0, 1.0)), 6)
        1.644934
    """
    return M._binary(POLYGAMMA, a, x, _F32_64)


# -- xlog1py -----------------------------------------------------------------------------------------
def _xlog1py_kernel(x, y):
    with np.errstate(all="ignore"):
        return np.where(x == 0, x.dtype.type(0), np.multiply(x, np.log1p(y)))


XLOG1PY = primitive("Xlog1py", _xlog1py_kernel, broadcast_infer)


@lambda f: defgrad(XLOG1PY, f)
def _xlog1py_grad(n, g):
    from .math_ops2 import _nonzero
    x, y = n.inputs
    return (M._unbroadcast(M.multiply(g, xlog1py(_nonzero(x), y)), x),
            M._unbroadcast(M.multiply(g, M.xdivy(x, M.add(y, 1.0))), y))


def xlog1py(x, y, name=None):
    """x * log1p(y), and 0 where x == 0 (`tf.math.xlog1py`).

        >>> float(tf.math.xlog1py(0.0, -1.0).numpy())
        0.0
    """
    return M._binary(XLOG1PY, x, y, M.FLOAT_C)


# -- permutations and monotonicity -------------------------------------------------------------------
def _invert_permutation_kernel(x):
    if x.ndim != 1:
        raise InvalidArgumentError(None, "InvertPermutation", "invert_permutation expects a 1D vector. "
                                   "[Op:InvertPermutation]")
    n = x.shape[0]
    out = np.full(n, -1, x.dtype)
    for i, v in enumerate(x.tolist()):
        if not 0 <= v < n:
            raise InvalidArgumentError(None, "InvertPermutation", f"{v} is not between 0 and {n} "
                                       "[Op:InvertPermutation]")
        if out[v] != -1:
            raise InvalidArgumentError(None, "InvertPermutation", f"{v} is duplicated in the input. "
                                       "[Op:InvertPermutation]")
        out[v] = i
    return out


INVERT_PERMUTATION = primitive("InvertPermutation", _invert_permutation_kernel, same_as_input)
no_gradient(INVERT_PERMUTATION, "its values are integer indices")
_INDEX = M.Types(dtypes.int32, dtypes.int64)


def invert_permutation(x, name=None):
    """y with y[x[i]] = i for a permutation x of 0..n-1 (`tf.math.invert_permutation`).

        >>> tf.math.invert_permutation([3, 1, 0, 2]).numpy().tolist()
        [2, 1, 3, 0]
    """
    t = _as_tensor(x)
    if id(t.dtype) not in _INDEX.ids:
        raise M.type_error("InvertPermutation", t, _INDEX)
    return execute(INVERT_PERMUTATION, (t,))


def _monotone(x, strict):
    t = _as_tensor(x)
    if not (t.dtype.is_floating or t.dtype.is_integer or t.dtype.is_complex):
        raise TypeError(f"Expected x to be numeric, instead found: {t}")
    flat = reshape(t, [-1])
    diff = M.subtract(flat[1:], flat[:-1])
    zero = zeros_like(diff)
    return reduce_all(M.greater(diff, zero) if strict else M.greater_equal(diff, zero))


def is_non_decreasing(x, name=None):
    """True when x, read in row-major order, never decreases (`tf.math.is_non_decreasing`).

        >>> bool(tf.math.is_non_decreasing([1, 2, 2]))
        True
    """
    return _monotone(x, False)


def is_strictly_increasing(x, name=None):
    """True when x, read in row-major order, always increases (`tf.math.is_strictly_increasing`).

        >>> bool(tf.math.is_strictly_increasing([1, 2, 2]))
        False
    """
    return _monotone(x, True)

