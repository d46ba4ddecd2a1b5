"""Special functions and the rarer segment/search/scatter ops: lgamma, digamma, erfc, erfinv,
nextafter, tf.complex, cumulative_logsumexp, segment_{mean,max,min,prod},
unsorted_segment_{max,min,prod,mean,sqrt_n}, searchsorted, tensor_scatter_nd_{max,min},
bitcast and accumulate_n.

    >>> tf.math.lgamma([1.0, 3.0]).numpy().tolist()
    [0.0, 0.6931471824645996]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor
from .registry import primitive, no_gradient, execute, dtype_error
from .shape_rules import same_as_input, broadcast_infer
from . import array_ops, math_ops as M
from .reduction_ops import reduce_max, static_int_value
from .scan_ops import (cumsum, segment_sum, unsorted_segment_sum, GATHER_DROP_NEGATIVES, _check_ids)
from .gather_ops import _scatter_into, _like_tensor, _tensor_scatter_call, gather_nd
from .logic_ops import where as _where
from .stack_ops import cast as _cast
from ..autodiff.custom_gradient import stop_gradient as _stop_gradient

__all__ = []

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.bfloat16)


def _float_unary(op, x):
    return M._unary(op, x, M.FLOAT)


def _vectorized(fn):
    """A float kernel from a scalar float64 function (computed in float64, cast back)."""
    vf = np.frompyfunc(fn, 1, 1)

    def kernel(x):
        return np.asarray(vf(np.asarray(x, np.float64)), np.float64).astype(x.dtype, copy=False)
    return kernel


def _lgamma1(v):
    try:
        return math.lgamma(v)
    except ValueError:  # poles at 0, -1, -2, ...
        return math.inf


def _digamma1(x):
    if math.isnan(x) or x == -math.inf:
        return math.nan
    if x == math.inf:
        return math.inf
    if x <= 0 and x == math.floor(x):
        return math.nan
    r = 0.0
    if x < 0:  # reflection: psi(1 - x) - psi(x) = pi cot(pi x)
        return _digamma1(1 - x) - math.pi / math.tan(math.pi * x)
    while x < 6:
        r -= 1 / x
        x += 1
    f = 1 / (x * x)
    return r + math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))


def _trigamma1(x):
    if x <= 0 and x == math.floor(x):
        return math.inf
    if x < 0:  # psi1(1 - x) + psi1(x) = pi^2 / sin^2(pi x)
        return -_trigamma1(1 - x) + (math.pi / math.sin(math.pi * x)) ** 2
    r = 0.0
    while x < 6:
        r += 1 / (x * x)
        x += 1
    f = 1 / (x * x)
    return r + 1 / x + f / 2 + f / x * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)))


def _erfinv1(y):
    if y <= -1 or y >= 1:
        return math.nan if abs(y) > 1 or math.isnan(y) else math.copysign(math.inf, y)
    # Giles' single-precision approximation, then Newton steps on erf in float64.
    w = -math.log((1 - y) * (1 + y))
    if w < 5:
        w -= 2.5
        p = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            p = c + p * w
    else:
        w = math.sqrt(w) - 3
        p = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            p = c + p * w
    x = p * y
    for _ in range(3):
        x -= (math.erf(x) - y) / (2 / math.sqrt(math.pi) * math.exp(-x * x))
    return x


def _trigamma_grad(n, g):
    # The second derivative of lgamma: d/dx trigamma(x) = polygamma(2, x) (TF differentiates it).
    from .special_ops2 import polygamma  # loaded after this module
    return M.multiply(g, polygamma(2.0 * np.ones((), n.inputs[0].dtype.as_numpy_dtype), n.inputs[0]))


TRIGAMMA = primitive("Trigamma", _vectorized(_trigamma1), same_as_input, grad=_trigamma_grad)
DIGAMMA = primitive("Digamma", _vectorized(_digamma1), same_as_input,
                    grad=lambda n, g: M.multiply(g, execute(TRIGAMMA, (n.inputs[0],))))
LGAMMA = primitive("Lgamma", _vectorized(_lgamma1), same_as_input,
                   grad=lambda n, g: M.multiply(g, execute(DIGAMMA, (n.inputs[0],))))
ERFC = primitive("Erfc", _vectorized(math.erfc), same_as_input, grad=lambda n, g: M.multiply(
    g, M.multiply(M.exp(M.negative(M.square(n.inputs[0]))), -2 / math.sqrt(math.pi))))
ERFINV = primitive("Erfinv", _vectorized(_erfinv1), same_as_input, grad=lambda n, g: M.multiply(
    g, M.multiply(M.exp(M.square(n.outputs[0])),
                  math.sqrt(math.pi) / 2)))
NEXTAFTER = primitive("NextAfter", np.nextafter, broadcast_infer)
no_gradient(NEXTAFTER, "TF defines none")


def lgamma(x, name=None):
    """log|Gamma(x)| elementwise (`tf.math.lgamma`); +inf at the poles 0, -1, -2, ..."""
    return _float_unary(LGAMMA, x)


def digamma(x, name=None):
    """The derivative of lgamma (`tf.math.digamma`)."""
    return _float_unary(DIGAMMA, x)


def erfc(x, name=None):
    """The complementary error function 1 - erf(x), accurate in the tails (`tf.math.erfc`)."""
    return _float_unary(ERFC, x)


def erfinv(x, name=None):
    """The inverse of erf on (-1, 1) (`tf.math.erfinv`)."""
    return _float_unary(ERFINV, x)


def nextafter(x1, x2, name=None):
    """The next representable value after x1 towards x2 (`tf.math.nextafter`)."""
    return M._binary(NEXTAFTER, x1, x2, M.Types(dtypes.float32, dtypes.float64))


# -- complex --------------------------------------------------------------------------------------
def _complex_infer(ins, a):
    s = broadcast_infer(ins, a)[0][0]
    return [(s, dtypes.complex128 if ins[0].dtype is dtypes.float64 else dtypes.complex64)]


def _complex_kernel(re, im):
    ct = np.complex128 if re.dtype == np.float64 else np.complex64
    return (re + 1j * np.asarray(im, ct)).astype(ct, copy=False)


def _complex_grad(n, g):
    x, y = n.inputs
    return M._unbroadcast(real(g), x), M._unbroadcast(imag(g), y)


COMPLEX = primitive("Complex", _complex_kernel, _complex_infer, grad=_complex_grad)
_REAL_OF = {id(dtypes.complex64): dtypes.float32, id(dtypes.complex128): dtypes.float64}
REAL = primitive("Real", np.real, lambda ins, a: [(ins[0].shape, _REAL_OF[id(ins[0].dtype)])],
                 grad=lambda n, g: execute(COMPLEX, (g, array_ops.zeros_like(g))))
IMAG = primitive("Imag", np.imag, lambda ins, a: [(ins[0].shape, _REAL_OF[id(ins[0].dtype)])],
                 grad=lambda n, g: execute(COMPLEX, (array_ops.zeros_like(g), g)))


def real(input, name=None):  # noqa: A002
    """The real part of a complex tensor; a real tensor is returned as it is (`tf.math.real`)."""
    x = _as_tensor(input)
    return execute(REAL, (x,)) if x.dtype.is_complex else x


def imag(input, name=None):  # noqa: A002
    """The imaginary part of a complex tensor; zeros for a real tensor (`tf.math.imag`)."""
    x = _as_tensor(input)
    return execute(IMAG, (x,)) if x.dtype.is_complex else array_ops.zeros_like(x)


def complex(real, imag, name=None):  # noqa: A001 - TensorFlow's public name
    """The complex tensor real + 1j * imag (`tf.complex`): float32 parts give complex64,
    float64 parts complex128."""
    re, im = _as_tensor(real), _as_tensor(imag)
    if re.dtype is not im.dtype or re.dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(f"The `real` and `imag` components have incorrect types: {re.dtype.name} "
                        f"{im.dtype.name}. They must be consistent, and one of [tf.float32, tf.float64]")
    return execute(COMPLEX, (re, im))


# -- scans -----------------------------------------------------------------------------------------
def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """log(cumsum(exp(x))) along `axis`, computed stably (`tf.math.cumulative_logsumexp`)."""
    x = _as_tensor(x)
    m = _stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    m = _where(M.is_finite(m), m, array_ops.zeros_like(m))
    s = cumsum(M.exp(M.subtract(x, m)), axis=axis, exclusive=exclusive, reverse=reverse)
    return M.add(M.log(s), m)


# -- segment reductions ----------------------------------------------------------------------------
def _fill_value(kind, dtype):
    if kind == "prod":
        return 1
    info = np.finfo(dtype) if dtype.kind == "f" else np.iinfo(dtype)
    return info.min if kind == "max" else info.max


_UFUNCS = {"max": np.maximum, "min": np.minimum, "prod": np.multiply}


def _segment_kernel(kind, op_name):
    def kernel(data, ids):
        ids = np.asarray(ids)
        if ids.ndim != 1 or data.ndim < 1 or ids.shape[0] != data.shape[0]:
            raise InvalidArgumentError(None, op_name, "segment_ids should be the same size as dimension 0 "
                                       f"of input. [Op:{op_name}]")
        if ids.size > 1 and np.any(ids[1:] < ids[:-1]):
            raise InvalidArgumentError(None, op_name, f"segment ids are not increasing [Op:{op_name}]")
        if ids.size and ids[0] < 0:
            raise InvalidArgumentError(None, op_name, f"Segment id {ids[0]} out of range [0, {ids[-1] + 1}), "
                                       f"possibly because 'segment_ids' input is not sorted. [Op:{op_name}]")
        num = int(ids[-1]) + 1 if ids.size else 0
        out = np.full((num,) + data.shape[1:], _fill_value(kind, data.dtype), dtype=data.dtype)
        _UFUNCS[kind].at(out, ids, data)
        if kind != "prod":  # TF: an empty segment of a sorted segment_max/min is 0
            present = np.zeros(num, bool)
            present[ids] = True
            out[~present] = 0
        return out
    return kernel


def _unsorted_kernel(kind, op_name):
    def kernel(data, ids, num_segments=None):
        ids = np.asarray(ids)
        if data.shape[:ids.ndim] != ids.shape:
            raise InvalidArgumentError(
                None, op_name, f"data.shape = [{','.join(map(str, data.shape))}] does not start with "
                f"segment_ids.shape = [{','.join(map(str, ids.shape))}] [Op:{op_name}]")
        flat_ids = ids.reshape(-1)
        flat = data.reshape((flat_ids.size,) + data.shape[ids.ndim:])
        over = flat_ids >= num_segments
        if np.any(over):
            i = int(np.argmax(over))
            raise InvalidArgumentError(None, op_name, f"segment_ids[{i}] = {flat_ids[i]} is out of range "
                                       f"[0, {num_segments}) [Op:{op_name}]")
        keep = flat_ids >= 0
        out = np.full((num_segments,) + data.shape[ids.ndim:], _fill_value(kind, data.dtype), dtype=data.dtype)
        _UFUNCS[kind].at(out, flat_ids[keep], flat[keep])
        return out
    return kernel


def _segment_infer(ins, a):
    s = ins[0].shape
    return [(TensorShape(None) if s.rank is None else TensorShape([None] + list(s)[1:]), ins[0].dtype)]


def _unsorted_infer(ins, a):
    s, ids = ins[0].shape, ins[1].shape
    if s.rank is None or ids.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    return [(TensorShape([a["num_segments"]] + list(s)[ids.rank:]), ins[0].dtype)]


def _gathered(x, ids):
    """Row ids[i] of x for each i (zero rows for negative ids)."""
    return execute(GATHER_DROP_NEGATIVES, (x, ids))


def _seg_sum(n, x):
    data, ids = n.inputs
    if n.attrs and "num_segments" in n.attrs:
        return unsorted_segment_sum(x, ids, n.attrs["num_segments"])
    return segment_sum(x, ids)


def _minmax_grad(n, g):
    # The gradient goes to the selected elements, shared evenly between ties (as in TF).
    data, ids = n.inputs
    out = n.outputs[0]
    chosen = M.equal(data, _gathered(out, ids))
    chosen_f = _cast(chosen, data.dtype)
    count = _seg_sum(n, chosen_f)
    share = M.divide_no_nan(g, count)
    return M.multiply(_gathered(share, ids), chosen_f), None


def _prod_grad(n, g):
    data, ids = n.inputs
    is_zero = M.equal(data, array_ops.zeros_like(data))
    zeros = _gathered(_seg_sum(n, _cast(is_zero, data.dtype)), ids)
    safe = _where(is_zero, array_ops.ones_like(data), data)
    prod_nz = execute(n.op, (safe, ids), n.attrs)
    gp = _gathered(M.multiply(g, prod_nz), ids)
    no_zero = M.equal(zeros, array_ops.zeros_like(zeros))
    one_zero = M.equal(zeros, array_ops.ones_like(zeros))
    return _where(is_zero, _where(one_zero, gp, array_ops.zeros_like(gp)),
                           _where(no_zero, M.divide(gp, safe), array_ops.zeros_like(gp))), None


_SEG_OPS, _USEG_OPS = {}, {}
for _kind, _grad in (("max", _minmax_grad), ("min", _minmax_grad), ("prod", _prod_grad)):
    _n = _kind.capitalize()
    _SEG_OPS[_kind] = primitive(f"Segment{_n}", _segment_kernel(_kind, f"Segment{_n}"), _segment_infer,
                                grad=_grad)
    _USEG_OPS[_kind] = primitive(f"UnsortedSegment{_n}", _unsorted_kernel(_kind, f"UnsortedSegment{_n}"),
                                 _unsorted_infer, grad=_grad)


def _segment_call(kind, data, segment_ids, num_segments=None):
    d, ids = _as_tensor(data), _as_tensor(segment_ids)
    sorted_op = num_segments is None
    op = (_SEG_OPS if sorted_op else _USEG_OPS)[kind]
    _check_ids(ids, op.name)
    types = M.REAL
    if id(d.dtype) not in types.ids:
        raise M.type_error(op.name, d, types, "data")
    if sorted_op:
        return execute(op, (d, ids))
    return execute(op, (d, ids), {"num_segments": int(static_int_value(num_segments, "num_segments"))})


def segment_max(data, segment_ids, name=None):
    """Per-segment maximum of rows with sorted ids (empty segments give 0)."""
    return _segment_call("max", data, segment_ids)


def segment_min(data, segment_ids, name=None):
    """Per-segment minimum of rows with sorted ids (empty segments give 0)."""
    return _segment_call("min", data, segment_ids)


def segment_prod(data, segment_ids, name=None):
    """Per-segment product of rows with sorted ids (empty segments give 1)."""
    out = _segment_call("prod", data, segment_ids)
    return out


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """Per-segment maximum; an empty segment holds the lowest value of the dtype."""
    return _segment_call("max", data, segment_ids, num_segments)


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """Per-segment minimum; an empty segment holds the highest value of the dtype."""
    return _segment_call("min", data, segment_ids, num_segments)


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """Per-segment product; an empty segment holds 1."""
    return _segment_call("prod", data, segment_ids, num_segments)


def _counts(ids, num_segments, d, sorted_ids):
    ones = array_ops.ones_like(ids, dtype=d.dtype)
    c = segment_sum(ones, ids) if sorted_ids else unsorted_segment_sum(ones, ids, num_segments)
    c = M.maximum(c, array_ops.ones_like(c))
    extra = d.shape.rank - ids.shape.rank
    return array_ops.reshape(c, array_ops.concat([array_ops.shape(c), array_ops.ones([extra], dtypes.int32)], 0))


def _mean(total, count):
    return M.truncatediv(total, count) if total.dtype.is_integer else M.divide(total, count)


def segment_mean(data, segment_ids, name=None):
    """Per-segment mean of rows with sorted ids (empty segments give 0; integers truncate)."""
    d, ids = _as_tensor(data), _as_tensor(segment_ids)
    return _mean(segment_sum(d, ids), _counts(ids, None, d, True))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Per-segment mean (empty segments give 0)."""
    d, ids = _as_tensor(data), _as_tensor(segment_ids)
    return _mean(unsorted_segment_sum(d, ids, num_segments), _counts(ids, num_segments, d, False))


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Per-segment sum divided by the square root of the segment's size."""
    d, ids = _as_tensor(data), _as_tensor(segment_ids)
    return M.divide(unsorted_segment_sum(d, ids, num_segments), M.sqrt(_counts(ids, num_segments, d, False)))


# -- searchsorted ----------------------------------------------------------------------------------
def _searchsorted_kernel(seq, values, side="left", out_type=np.int32):
    if seq.ndim == 0 or seq.shape[:-1] != values.shape[:-1]:
        name = "LowerBound" if side == "left" else "UpperBound"
        raise InvalidArgumentError(None, name, f"Leading dim_size of both tensors must match. [Op:{name}] name: ")
    s2 = seq.reshape(-1, seq.shape[-1])
    v2 = values.reshape(-1, values.shape[-1] if values.ndim else 1)
    out = np.empty(v2.shape, out_type)
    for r in range(s2.shape[0]):
        out[r] = np.searchsorted(s2[r], v2[r], side=side)
    return out.reshape(values.shape)


def _searchsorted_infer(ins, a):
    return [(ins[1].shape, a["out_type_d"])]


SEARCHSORTED = primitive(
    "SearchSorted", lambda s, v, side, out_type, out_type_d: _searchsorted_kernel(s, v, side, out_type),
    _searchsorted_infer)
no_gradient(SEARCHSORTED, "it is piecewise constant (TF returns None)")


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """Insertion indices of `values` into the rows of `sorted_sequence` (`tf.searchsorted`)."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = {side}.")
    s, v = _as_tensor(sorted_sequence), _as_tensor(values)
    if s.dtype is not v.dtype:
        raise dtype_error("LowerBound" if side == "left" else "UpperBound", 1, s.dtype, v.dtype)
    out_type = dtypes.as_dtype(out_type)
    return execute(SEARCHSORTED, (s, v), {"side": side, "out_type": out_type.as_numpy_dtype,
                                          "out_type_d": out_type})


# -- tensor_scatter_nd_max/min ---------------------------------------------------------------------
def _tsmm_kernel(name, ufunc):
    def kernel(tensor, indices, updates):
        return _scatter_into(np.array(tensor, copy=True), indices, updates, ufunc, name)
    return kernel


def _tsmm_grad(n, g):
    t, i, u = n.inputs
    out = n.outputs[0]
    gt = M.multiply(g, _cast(M.equal(t, out), g.dtype))
    gu = M.multiply(gather_nd(g, i), _cast(M.equal(u, gather_nd(out, i)), g.dtype))
    return gt, None, gu


TENSOR_SCATTER_MAX = primitive("TensorScatterMax", _tsmm_kernel("TensorScatterMax", np.maximum), _like_tensor,
                               grad=_tsmm_grad)
TENSOR_SCATTER_MIN = primitive("TensorScatterMin", _tsmm_kernel("TensorScatterMin", np.minimum), _like_tensor,
                               grad=_tsmm_grad)


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """A copy of `tensor` where each indexed element is the max of itself and its updates."""
    return _tensor_scatter_call(TENSOR_SCATTER_MAX, tensor, indices, updates)


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """A copy of `tensor` where each indexed element is the min of itself and its updates."""
    return _tensor_scatter_call(TENSOR_SCATTER_MIN, tensor, indices, updates)


# -- bitcast, accumulate_n -------------------------------------------------------------------------
def _bitcast_kernel(x, type):
    src, dst = x.dtype.itemsize, np.dtype(type).itemsize
    if src == dst:
        return x.view(type)
    if src > dst:
        return np.ascontiguousarray(x).view(type).reshape(x.shape + (src // dst,))
    if x.shape[-1:] != (dst // src,):
        raise InvalidArgumentError(None, "Bitcast", "Cannot bitcast from a smaller type to a larger one "
                                   "unless the last dimension matches the size ratio. [Op:Bitcast]")
    return np.ascontiguousarray(x).view(type).reshape(x.shape[:-1])


def _bitcast_infer(ins, a):
    s, src, dst = ins[0].shape, ins[0].dtype.size, a["type_d"].size
    if s.rank is None or src == dst:
        return [(s, a["type_d"])]
    return [(TensorShape(list(s) + [src // dst]) if src > dst else TensorShape(list(s)[:-1]), a["type_d"])]


BITCAST = primitive("Bitcast", lambda x, type, type_d: _bitcast_kernel(x, type), _bitcast_infer)
no_gradient(BITCAST, "TF defines none")


def bitcast(input, type, name=None):  # noqa: A002 - TensorFlow's public names
    """Reinterprets the bytes of `input` as `type` (`tf.bitcast`)."""
    x = _as_tensor(input)
    t = dtypes.as_dtype(type)
    return execute(BITCAST, (x,), {"type": t.as_numpy_dtype, "type_d": t})


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """The elementwise sum of a list of tensors (deprecated alias of add_n)."""
    return M.add_n(inputs)
