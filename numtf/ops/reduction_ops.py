"""Reductions: reduce_sum/mean/max/min/prod/any/all/logsumexp/std/variance/euclidean_norm,
argmax/argmin, cumsum/cumprod, count_nonzero, segment sums.

    >>> tf.reduce_sum([[1, 2], [3, 4]], axis=0).numpy().tolist()
    [4, 6]
"""
import warnings

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, reshape_like
from .registry import primitive, no_gradient, execute, execute_unary
from .shape_rules import reduce_infer, normalize_axes, same_as_input

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
           "reduce_all", "reduce_logsumexp", "argmax", "argmin", "cumsum"]

# TF's allowed-dtype lists, as its error messages spell them.
NUMERIC = ("float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
           "bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64")
REAL = ("float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64, "
        "qint8, quint8, qint32, qint16, quint16")
FLOAT = "half, bfloat16, float, double"
_C_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def check_dtype(t, op_name, allowed, text, param="input"):
    """Raises TF's error when `t`'s dtype is not in `allowed` (a set of DTypes)."""
    if t._dtype in allowed:
        return
    name = _C_NAMES.get(t.dtype.name, t.dtype.name)
    if ctx.graph is None and type(t) is Tensor:
        raise InvalidArgumentError(None, op_name, f"Value for attr 'T' of {name} is not in the list of "
                                   f"allowed values: {text}\n\t; NodeDef: {{{{node {op_name}}}}} [Op:{op_name}]")
    raise TypeError(f"Value passed to parameter '{param}' has DataType {t.dtype.name} not in list of "
                    f"allowed values: {text}")


class _MathOps:
    """Lazy access to the elementwise math ops (math_ops, then math_ops2), which import this
    module: `M.exp(x)`."""

    def __getattr__(self, name):
        from . import math_ops, math_ops2
        f = getattr(math_ops, name, None) or getattr(math_ops2, name, None)
        if f is None:  # M.real, M.conj (complex reductions) live with the complex ops
            from . import special_ops, stack_ops
            f = getattr(special_ops, name, None) or getattr(stack_ops, name)
        setattr(self, name, f)
        return f


M = _MathOps()


_DTYPES = [dtypes.as_dtype(n) for n in ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32",
                                        "int64", "uint8", "uint16", "uint32", "uint64", "complex64", "complex128")]
is_float = frozenset(d for d in _DTYPES if d.is_floating)
is_real = frozenset(d for d in _DTYPES if d.is_floating or d.is_integer)
is_numeric = frozenset(_DTYPES)
is_float_or_complex = frozenset(d for d in _DTYPES if d.is_floating or d.is_complex)
_ALL_AXES = [tuple(range(n)) for n in range(33)]


def _eager(t):
    return ctx.graph is None and type(t) is Tensor


def static_int_value(t, what="axis"):
    """The value of a tensor argument that numtf needs when the op is built (an axis, a count)."""
    if not isinstance(t, Tensor):
        return t
    from .array_ops import get_static_value
    v = get_static_value(t)
    if v is None:
        raise NotImplementedError(f"numtf needs `{what}` to be known when the graph is built; got {t}")
    return v


def _axis_attr(axis):
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = static_int_value(axis)
    elif isinstance(axis, float) or isinstance(axis, (list, tuple)) and any(isinstance(a, float) for a in axis):
        raise TypeError(f"Cannot convert {axis!r} to EagerTensor of dtype int32")  # TF's axis tensor is int
    if np.ndim(axis) == 0:
        return (int(axis),)
    return tuple(int(a) for a in np.ravel(axis))


def _reduction_axes(t, axis, op_name):
    """`axis` as a sorted tuple of non-negative ints (None if the rank is unknown), with TF's
    errors for out-of-range or repeated axes."""
    if type(t) is Tensor:  # eager fast paths
        rank = t._value.ndim
        if axis is None and rank < 33:
            return _ALL_AXES[rank]
        if type(axis) is int and -rank <= axis < rank:
            return (axis % rank,)
    axis = _axis_attr(axis)
    rank = t.shape.rank
    if rank is None:
        return axis
    if axis is not None:
        for a in axis:
            if not -rank <= a < rank:
                if _eager(t):
                    raise InvalidArgumentError(None, op_name, f"Invalid reduction dimension ({a} for input "
                                               f"with {rank} dimension(s) [Op:{op_name}]")
                raise ValueError(f"Invalid reduction dimension {a} for input with {rank} dimensions.")
        seen = set()
        for a in axis:
            if a % rank in seen:
                raise InvalidArgumentError(None, op_name, "Invalid reduction arguments: Axes contains duplicate "
                                           f"dimension: {a % rank} [Op:{op_name}]")
            seen.add(a % rank)
    return normalize_axes(axis, rank)


def _count(shape, axis):
    n = 1
    for a in axis:
        n *= shape[a]
    return n


# -- gradient plumbing ---------------------------------------------------------------------------
def _expanded_shape(shape, axes):
    if shape.rank is None:
        return TensorShape(None)
    dims = list(shape)
    for a in sorted(axes):
        dims.insert(a, 1)
    return TensorShape(dims)


def expand_dims_array(g, axes):
    """np.expand_dims for sorted non-negative axes, without its Python-level overhead."""
    if axes and axes[0] < 0:
        return np.expand_dims(g, axes)
    shape = list(np.shape(g))
    for a in axes:
        shape.insert(a, 1)
    return np.reshape(g, shape)


KEEP_DIMS = primitive("ExpandReducedDims", expand_dims_array,
                      infer=lambda ins, a: [(_expanded_shape(ins[0].shape, a["axes"]), ins[0].dtype)],
                      grad=lambda n, g: reshape_like(g, n.inputs[0]))


def expand_reduced(g, axes):
    """Re-inserts the reduced `axes` (size 1) into a reduction's output or gradient."""
    return execute_unary(KEEP_DIMS, g, {"axes": tuple(axes)})


def rank_of(t):
    return t._value.ndim if type(t) is Tensor else t.shape.rank


def runtime_axes(axis, ndim):
    """Axes (None, or ints maybe negative) as sorted non-negative ints for an array of `ndim`."""
    if axis is None:
        return _ALL_AXES[ndim] if ndim < 33 else tuple(range(ndim))
    if any(a < 0 for a in axis):
        return tuple(sorted(a % ndim for a in axis))
    return axis


def reduced_axes(n):
    """A reduction node's axes as sorted non-negative ints (the attr already is, once the rank
    was known when the op was created), or the attr itself when the rank is unknown."""
    axis = n.attrs["axis"]
    if axis is None or any(a < 0 for a in axis):
        rank = rank_of(n.inputs[0])
        return axis if rank is None else normalize_axes(axis, rank)
    return axis


def _expand_like_kernel(g, x, axis):
    return expand_dims_array(g, runtime_axes(axis, x.ndim))


# expand_reduced for graphs where the input's rank (hence the reduced axes) is unknown.
EXPAND_REDUCED_LIKE = primitive("ExpandReducedDimsLike", _expand_like_kernel,
                                infer=lambda ins, a: [(TensorShape(None), ins[0].dtype)],
                                grad=lambda n, g: (reshape_like(g, n.inputs[0]), None))


def _restore_reduced(g, n):
    """Reshapes a reduction's gradient so it broadcasts back against the input."""
    if n.attrs["keepdims"]:
        return g
    x = n.inputs[0]
    if rank_of(x) is None:
        return execute(EXPAND_REDUCED_LIKE, (g, x), {"axis": n.attrs["axis"]})
    return expand_reduced(g, reduced_axes(n))


def _reduce_grad_kernel(g, x, axis, keepdims, mean):
    axis = runtime_axes(axis, x.ndim)
    if not keepdims:
        g = expand_dims_array(g, axis)
    out = np.empty(x.shape, dtype=g.dtype)
    if mean:
        np.divide(g, max(_count(x.shape, axis), 1), out=out)
    else:
        out[...] = g
    return out


# The gradient of Sum and Mean in one step (broadcast back, and scale for a mean); linear in g.
REDUCE_GRAD = primitive("ReduceGrad", _reduce_grad_kernel,
                        infer=lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                        grad=lambda n, g: (_reduce(MEAN if n.attrs["mean"] else SUM, g, n.attrs["axis"],
                                                   n.attrs["keepdims"]), None))


def _linear_reduce_grad(n, g, mean):
    x = n.inputs[0]
    axis = reduced_axes(n)
    return execute(REDUCE_GRAD, (g, x), {"axis": axis, "keepdims": n.attrs["keepdims"], "mean": mean})


def _reduce(op, t, axis, keepdims):
    return execute_unary(op, t, {"axis": axis, "keepdims": bool(keepdims)})


# -- sum, mean, prod -----------------------------------------------------------------------------
def _sum_kernel(x, axis, keepdims):
    return np.add.reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _mean_kernel(x, axis, keepdims):
    if x.dtype.kind in "fc":
        if x.size == 0:  # nan, as in TF, without NumPy's empty-slice warning
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return np.mean(x, axis=axis, keepdims=keepdims)
        s = np.add.reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype if x.dtype.itemsize >= 4 else np.float32)
        if x.dtype == np.float16:  # TF's half sum is rounded to half before the division (inf past 65504)
            with np.errstate(over="ignore"):
                s = np.asarray(s, dtype=np.float16).astype(np.float32)
        n = x.size if axis is None else _count(x.shape, axis)
        if type(s) is np.ndarray:
            s /= n  # s is fresh
        else:
            s = s / n
        return s.astype(x.dtype, copy=False) if s.dtype != x.dtype else s
    # TF divides integer sums with C semantics: truncation toward zero (and 0 for no elements);
    # narrow integers sum in 64 bits first (the mean of uint8 [200, 100] is 150).
    acc = x.dtype if x.dtype.itemsize == 8 else np.int64
    s = np.add.reduce(x, axis=axis, keepdims=keepdims, dtype=acc)
    n = x.size if axis is None else _count(x.shape, axis)
    if n == 0:
        return np.zeros_like(s, dtype=x.dtype)
    q = s // n
    if x.dtype.kind == "i":
        q = q + ((s % n != 0) & (s < 0)).astype(acc)
    return np.asarray(q, dtype=x.dtype)


def _prod_kernel(x, axis, keepdims):
    return np.multiply.reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


SUM = primitive("Sum", _sum_kernel, reduce_infer, grad=lambda n, g: _linear_reduce_grad(n, g, False))
MEAN = primitive("Mean", _mean_kernel, reduce_infer, grad=lambda n, g: _linear_reduce_grad(n, g, True))
PROD = primitive("Prod", _prod_kernel, reduce_infer)


def _product_of_others(x, axes):
    """For each element, the product of the other elements of its reduction slice, without
    dividing (so zeros are handled): exclusive cumprods both ways along the last axis, times the
    same for the products of the remaining axes."""
    a = axes[-1]
    out = cumprod(x, a, exclusive=True) * cumprod(x, a, exclusive=True, reverse=True)
    if len(axes) > 1:
        out = out * _product_of_others(reduce_prod(x, a, keepdims=True), axes[:-1])
    return out


def _prod_grad(n, g):
    x = n.inputs[0]
    axes = reduced_axes(n)
    if axes is None:
        raise ValueError("The gradient of reduce_prod needs an input of known rank")
    if not axes:
        return g
    return M.cj(_product_of_others(x, axes)) * _restore_reduced(g, n)


PROD.grad = _prod_grad


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum over `axis` (all axes when None).

        >>> tf.reduce_sum([[1., 2.], [3., 4.]])
        <tf.Tensor: shape=(), dtype=float32, numpy=10.0>
    """
    if type(input_tensor) is not Tensor and hasattr(input_tensor, "_numtf_dispatch_"):  # RaggedTensor
        return input_tensor._numtf_dispatch_("reduce_sum", axis, keepdims)
    t = _as_tensor(input_tensor)
    check_dtype(t, "Sum", is_numeric, NUMERIC)
    return _reduce(SUM, t, _reduction_axes(t, axis, "Sum"), keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean over `axis`; integer tensors give the truncated integer mean, as in TF.

        >>> tf.reduce_mean([[1., 2.], [3., 5.]], axis=0).numpy().tolist()
        [2.0, 3.5]
    """
    if type(input_tensor) is not Tensor and hasattr(input_tensor, "_numtf_dispatch_"):  # RaggedTensor
        return input_tensor._numtf_dispatch_("reduce_mean", axis, keepdims)
    t = _as_tensor(input_tensor)
    check_dtype(t, "Mean", is_numeric, NUMERIC)
    return _reduce(MEAN, t, _reduction_axes(t, axis, "Mean"), keepdims)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product over `axis`; the gradient is exact where elements are zero.

        >>> tf.reduce_prod([[1., 2.], [3., 4.]], axis=1).numpy().tolist()
        [2.0, 12.0]
    """
    if type(input_tensor) is not Tensor and hasattr(input_tensor, "_numtf_dispatch_"):  # RaggedTensor
        return input_tensor._numtf_dispatch_("reduce_prod", axis, keepdims)
    t = _as_tensor(input_tensor)
    check_dtype(t, "Prod", is_numeric, NUMERIC)
    return _reduce(PROD, t, _reduction_axes(t, axis, "Prod"), keepdims)


# -- max, min ------------------------------------------------------------------------------------
def _extreme_kernel(fn, init):
    def kernel(x, axis, keepdims):
        if x.size == 0:  # TF gives the identity element (-inf / dtype min for max) on empty input
            lim = np.iinfo(x.dtype) if x.dtype.kind in "iu" else None
            v = (lim.min if init < 0 else lim.max) if lim is not None else init
            return fn(x, axis=axis, keepdims=keepdims, initial=v)
        return fn(x, axis=axis, keepdims=keepdims)
    return kernel


def _tie_weights_kernel(x, y, axis, keepdims):
    # 1/k on each of the k elements equal to the extreme of their slice, 0 elsewhere.
    axis = runtime_axes(axis, x.ndim)
    if not keepdims:
        y = expand_dims_array(y, axis)
    w = (x == y).astype(x.dtype)
    w /= np.add.reduce(w, axis=axis, keepdims=True)
    return w


TIE_WEIGHTS = primitive("ReduceTieWeights", _tie_weights_kernel,
                        infer=lambda ins, a: [(ins[0].shape, ins[0].dtype)])
no_gradient(TIE_WEIGHTS, "it is piecewise constant")


def _extreme_grad(n, g):
    x = n.inputs[0]
    axis = reduced_axes(n)
    w = execute(TIE_WEIGHTS, (x, n.outputs[0]), {"axis": axis, "keepdims": n.attrs["keepdims"]})
    return w * _restore_reduced(g, n)


MAX = primitive("Max", _extreme_kernel(np.maximum.reduce, -np.inf), reduce_infer, grad=_extreme_grad)
MIN = primitive("Min", _extreme_kernel(np.minimum.reduce, np.inf), reduce_infer, grad=_extreme_grad)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum over `axis`; the gradient is split evenly among tied maxima, as in TF.

        >>> tf.reduce_max([[1., 5.], [7., 2.]], axis=1).numpy().tolist()
        [5.0, 7.0]
    """
    if type(input_tensor) is not Tensor and hasattr(input_tensor, "_numtf_dispatch_"):  # RaggedTensor
        return input_tensor._numtf_dispatch_("reduce_max", axis, keepdims)
    t = _as_tensor(input_tensor)
    check_dtype(t, "Max", is_real, REAL)
    return _reduce(MAX, t, _reduction_axes(t, axis, "Max"), keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum over `axis`; the gradient is split evenly among tied minima.

        >>> tf.reduce_min([[1., 5.], [7., 2.]], axis=0).numpy().tolist()
        [1.0, 2.0]
    """
    if type(input_tensor) is not Tensor and hasattr(input_tensor, "_numtf_dispatch_"):  # RaggedTensor
        return input_tensor._numtf_dispatch_("reduce_min", axis, keepdims)
    t = _as_tensor(input_tensor)
    check_dtype(t, "Min", is_real, REAL)
    return _reduce(MIN, t, _reduction_axes(t, axis, "Min"), keepdims)


# -- any, all ------------------------------------------------------------------------------------
ANY = primitive("Any", lambda x, axis, keepdims: np.any(x, axis=axis, keepdims=keepdims), reduce_infer)
ALL = primitive("All", lambda x, axis, keepdims: np.all(x, axis=axis, keepdims=keepdims), reduce_infer)
no_gradient(ANY, "booleans are not differentiable")
no_gradient(ALL, "booleans are not differentiable")


def _logical_reduce(op, input_tensor, axis, keepdims):
    t = _as_tensor(input_tensor, None if isinstance(input_tensor, Tensor) else dtypes.bool)
    if t.dtype is not dtypes.bool:
        if _eager(t):
            from .registry import dtype_error
            raise dtype_error(op.name, 0, dtypes.bool, t.dtype)
        raise TypeError(f"Value passed to parameter 'input' has DataType {t.dtype.name} not in list of "
                        "allowed values: bool")
    return _reduce(op, t, _reduction_axes(t, axis, op.name), keepdims)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical or over `axis` (bool tensors only).

        >>> tf.reduce_any([[True, False], [False, False]], axis=1).numpy().tolist()
        [True, False]
    """
    return _logical_reduce(ANY, input_tensor, axis, keepdims)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical and over `axis` (bool tensors only).

        >>> tf.reduce_all([[True, False], [True, True]], axis=1).numpy().tolist()
        [False, True]
    """
    return _logical_reduce(ALL, input_tensor, axis, keepdims)


# -- logsumexp, variance, std, euclidean norm ----------------------------------------------------
def _finite_max(x, axis):
    m = np.maximum.reduce(x, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0)  # all -inf (or an inf) slices: no shift, as in TF


def _logsumexp_kernel(x, axis, keepdims):
    if x.size == 0:
        return np.log(np.add.reduce(np.exp(x), axis=axis, keepdims=keepdims))
    m = _finite_max(x, axis)
    e = np.subtract(x, m, out=np.empty_like(x))  # out=: an array even for 0-d x
    np.exp(e, out=e)
    s = np.asarray(np.add.reduce(e, axis=axis, keepdims=True))
    np.log(s, out=s)
    s += m
    return s if keepdims else np.squeeze(s, axis=axis)


def _logsumexp_weights_kernel(x, axis):
    if x.size == 0:
        return np.array(x, copy=True)
    e = np.subtract(x, _finite_max(x, axis), out=np.empty_like(x))  # out=: an array even for 0-d x
    np.exp(e, out=e)
    e /= np.add.reduce(e, axis=axis, keepdims=True)
    return e


# softmax over several axes, shifted like the forward pass (exp(x - lse) loses float32 digits).
LOGSUMEXP_WEIGHTS = primitive("ReduceLogSumExpWeights", _logsumexp_weights_kernel, same_as_input)
LOGSUMEXP_WEIGHTS.grad = lambda n, g: _softmax_grad(g, n.outputs[0], n.attrs["axis"])


def _softmax_grad(g, y, axis):
    from .nn_ops import softmax_grad
    return softmax_grad(g, y, axis)


def _logsumexp_grad(n, g):
    x = n.inputs[0]
    axis = reduced_axes(n)
    return _restore_reduced(g, n) * execute_unary(LOGSUMEXP_WEIGHTS, x, {"axis": axis})


LOGSUMEXP = primitive("ReduceLogSumExp", _logsumexp_kernel, reduce_infer, grad=_logsumexp_grad)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) over `axis`, computed stably (the max is subtracted first).

        >>> tf.reduce_logsumexp([1e4, 1e4]).numpy()
        10000.693
    """
    t = _as_tensor(input_tensor)
    check_dtype(t, "IsFinite", is_float, "bfloat16, half, float, double", "x")
    return _reduce(LOGSUMEXP, t, _reduction_axes(t, axis, "Max"), keepdims)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Population variance over `axis` (floating or complex tensors).

        >>> tf.math.reduce_variance([1., 3.]).numpy()
        1.0
    """
    t = _as_tensor(input_tensor)
    if not (t.dtype.is_floating or t.dtype.is_complex):
        raise TypeError(f"Input must be either real or complex. Received integer type <dtype: '{t.dtype.name}'>.")
    means = reduce_mean(t, axis, keepdims=True)
    dev = t - means
    if t.dtype.is_complex:
        sq = M.real(dev * M.conj(dev))
    else:
        sq = dev * dev
    return reduce_mean(sq, axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Population standard deviation over `axis`.

        >>> tf.math.reduce_std([1., 3.]).numpy()
        1.0
    """
    return M.sqrt(reduce_variance(input_tensor, axis, keepdims))


def _euclidean_kernel(x, axis, keepdims):
    if x.dtype.kind == "c":
        s = np.add.reduce((x * np.conj(x)).real, axis=axis, keepdims=keepdims)
        return np.sqrt(s).astype(x.dtype)
    s = np.add.reduce(x * x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if x.dtype.kind in "iu":  # TF truncates the root of an integer sum
        return np.sqrt(s).astype(x.dtype)
    return np.sqrt(s)


EUCLIDEAN_NORM = primitive("EuclideanNorm", _euclidean_kernel, reduce_infer,
                           grad=lambda n, g: _restore_reduced(g, n) * n.inputs[0] / _restore_reduced(n.outputs[0], n))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x ** 2)) over `axis` (integer inputs give the truncated integer root, as in TF).

        >>> tf.math.reduce_euclidean_norm([3., 4.]).numpy()
        5.0
    """
    t = _as_tensor(input_tensor)
    check_dtype(t, "EuclideanNorm", is_numeric, NUMERIC)
    return _reduce(EUCLIDEAN_NORM, t, _reduction_axes(t, axis, "EuclideanNorm"), keepdims)


# -- count_nonzero ---------------------------------------------------------------------------------
def _count_nonzero_kernel(x, axis, keepdims, dtype):
    if x.dtype == object:
        x = np.vectorize(bool, otypes=[bool])(x) if x.size else x.astype(bool)
    out = np.count_nonzero(x, axis=axis, keepdims=keepdims)
    return np.asarray(out, dtype=dtype)


COUNT_NONZERO = primitive(
    "CountNonzero", _count_nonzero_kernel,
    infer=lambda ins, a: [(reduce_infer(ins, a)[0][0], dtypes.as_dtype(a["dtype"]))])
no_gradient(COUNT_NONZERO, "counts are integers")


def count_nonzero(input, axis=None, keepdims=None, dtype=dtypes.int64, name=None):
    """Number of non-zero elements over `axis` (empty strings count as zero).

        >>> tf.math.count_nonzero([1., 0., 2.]).numpy()
        2
    """
    t = _as_tensor(input)
    axes = _reduction_axes(t, axis, "Sum")
    return execute_unary(COUNT_NONZERO, t, {"axis": axes, "keepdims": bool(keepdims),
                                            "dtype": dtypes.as_dtype(dtype)._np})


from .scan_ops import (argmax, argmin, cumsum, cumprod, segment_sum,  # noqa: E402,F401
                       unsorted_segment_sum, unsorted_segment_sum_like)
