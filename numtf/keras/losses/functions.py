"""The loss functions of `tf.keras.losses` other than the cross-entropies: regression, hinge,
KL divergence, Poisson, log-cosh and cosine similarity, with tf-keras's numerics (its epsilon
clipping and casts). Each returns one value per example: the mean (or sum) over the last axis.

    >>> tf.keras.losses.mean_squared_error([[0., 1.]], [[1., 1.]]).numpy()
    array([0.5], dtype=float32)
"""
import numpy as np

from ...framework import dtypes
from ...framework.tensor import Tensor
from ...ops.array_ops import cast
from ...ops.linalg_ops import l2_normalize
from ...ops.logic_ops import equal, less_equal, logical_or, where
from ...ops.math_ops import maximum, squared_difference, square
from ...ops.math_ops2 import abs as _abs, clip_by_value, log, softplus
from ...ops.reduction_ops import reduce_all, reduce_max, reduce_mean, reduce_sum
from .. import backend
from .utils import as_tensor, check_broadcastable, in_graph

__all__ = ["mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
           "mean_squared_logarithmic_error", "hinge", "squared_hinge", "categorical_hinge", "huber",
           "log_cosh", "kl_divergence", "poisson", "cosine_similarity"]


def _prepare(fn_name, y_true, y_pred):
    """y_pred as a tensor, y_true cast to its dtype, their shapes checked (tf-keras's preamble)."""
    y_pred = as_tensor(y_pred)
    y_true = cast(y_true, y_pred.dtype)
    check_broadcastable(fn_name, y_true, y_pred)
    return y_true, y_pred


def _mean(x, axis=-1):
    if x.dtype is dtypes.bool:
        x = cast(x, backend.floatx())
    return reduce_mean(x, axis)


def _eps(dtype):
    """Keras's epsilon as a scalar of `dtype` (so that float32 math stays float32)."""
    return dtype._np.type(backend.epsilon()) if dtype.is_floating else backend.epsilon()


def mean_squared_error(y_true, y_pred):
    """mean(square(y_true - y_pred), axis=-1).

        >>> float(tf.keras.losses.mean_squared_error([1., 2.], [1., 4.]))
        2.0
    """
    y_true, y_pred = _prepare("mean_squared_error", y_true, y_pred)
    return _mean(squared_difference(y_pred, y_true))


def mean_absolute_error(y_true, y_pred):
    """mean(abs(y_true - y_pred), axis=-1).

        >>> float(tf.keras.losses.mean_absolute_error([1., 2.], [1., 4.]))
        1.0
    """
    y_true, y_pred = _prepare("mean_absolute_error", y_true, y_pred)
    return _mean(_abs(y_pred - y_true))


def mean_absolute_percentage_error(y_true, y_pred):
    """100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1).

        >>> float(tf.keras.losses.mean_absolute_percentage_error([2., 1.], [1., 1.]))
        25.0
    """
    y_true, y_pred = _prepare("mean_absolute_percentage_error", y_true, y_pred)
    diff = _abs((y_true - y_pred) / maximum(_abs(y_true), _eps(y_pred.dtype)))
    return 100.0 * _mean(diff)


def mean_squared_logarithmic_error(y_true, y_pred):
    """mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1).

        >>> round(float(tf.keras.losses.mean_squared_logarithmic_error([0., 1.], [1., 1.])), 4)
        0.2402
    """
    y_true, y_pred = _prepare("mean_squared_logarithmic_error", y_true, y_pred)
    eps = _eps(y_pred.dtype)
    first = log(maximum(y_pred, eps) + 1.0)
    second = log(maximum(y_true, eps) + 1.0)
    return _mean(squared_difference(first, second))


def _maybe_convert_labels(y_true):
    """Maps {0, 1} labels to {-1, 1} (labels already in {-1, 1} stay)."""
    is_binary = reduce_all(logical_or(equal(y_true, 0), equal(y_true, 1)))
    if not in_graph() and type(is_binary) is Tensor:
        return 2.0 * y_true - 1.0 if bool(is_binary) else y_true
    return where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """mean(maximum(1 - y_true * y_pred, 0), axis=-1), labels in {-1, 1} (or {0, 1}, converted).

        >>> tf.keras.losses.hinge([[0., 1.]], [[0.5, 0.5]]).numpy()
        array([1.], dtype=float32)
    """
    y_true, y_pred = _prepare("hinge", y_true, y_pred)
    y_true = _maybe_convert_labels(y_true)
    return _mean(maximum(1.0 - y_true * y_pred, 0.0))


def squared_hinge(y_true, y_pred):
    """mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1).

        >>> tf.keras.losses.squared_hinge([[0., 1.]], [[0.5, 0.5]]).numpy()
        array([1.25], dtype=float32)
    """
    y_true, y_pred = _prepare("squared_hinge", y_true, y_pred)
    y_true = _maybe_convert_labels(y_true)
    return _mean(square(maximum(1.0 - y_true * y_pred, 0.0)))


def categorical_hinge(y_true, y_pred):
    """maximum(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis.

        >>> tf.keras.losses.categorical_hinge([[0., 1.]], [[0.3, 0.7]]).numpy()
        array([0.6], dtype=float32)
    """
    y_true, y_pred = _prepare("categorical_hinge", y_true, y_pred)
    pos = reduce_sum(y_true * y_pred, -1)
    neg = reduce_max((1.0 - y_true) * y_pred, -1)
    return maximum(neg - pos + 1.0, 0.0)


def huber(y_true, y_pred, delta=1.0):
    """mean(0.5 * e**2 if |e| <= delta else delta * |e| - 0.5 * delta**2, axis=-1), e = y_pred -
    y_true, computed in `floatx` (tf-keras casts both to it).

        >>> float(tf.keras.losses.huber([0., 0.], [0.5, 3.]))
        1.3125
    """
    floatx = dtypes.as_dtype(backend.floatx())
    y_pred = cast(y_pred, floatx)
    y_true = cast(y_true, floatx)
    check_broadcastable("huber", y_true, y_pred)
    if isinstance(delta, Tensor):
        delta = cast(delta, floatx)
    else:
        delta = floatx._np.type(delta)
    error = y_pred - y_true
    abs_error = _abs(error)
    half = floatx._np.type(0.5)
    return _mean(where(less_equal(abs_error, delta), half * square(error),
                       delta * abs_error - half * square(delta)))


def log_cosh(y_true, y_pred):
    """mean(log(cosh(y_pred - y_true)), axis=-1), as x + softplus(-2x) - log(2) (no overflow).

        >>> round(float(tf.keras.losses.log_cosh([0., 0.], [1., 0.])), 5)
        0.21689
    """
    y_true, y_pred = _prepare("log_cosh", y_true, y_pred)
    x = y_pred - y_true
    log2 = y_pred.dtype._np.type(np.log(2.0)) if y_pred.dtype.is_floating else np.log(2.0)
    return _mean(x + softplus(-2.0 * x) - log2)


def kl_divergence(y_true, y_pred):
    """sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [epsilon, 1].

        >>> round(float(tf.keras.losses.kl_divergence([0.5, 0.5], [0.25, 0.75])), 5)
        0.14384
    """
    y_true, y_pred = _prepare("kl_divergence", y_true, y_pred)
    eps = _eps(y_pred.dtype)
    y_true = clip_by_value(y_true, eps, 1)
    y_pred = clip_by_value(y_pred, eps, 1)
    return reduce_sum(y_true * log(y_true / y_pred), -1)


def poisson(y_true, y_pred):
    """mean(y_pred - y_true * log(y_pred + epsilon), axis=-1).

        >>> round(float(tf.keras.losses.poisson([1., 0.], [1., 1.])), 5)
        1.0
    """
    y_true, y_pred = _prepare("poisson", y_true, y_pred)
    return _mean(y_pred - y_true * log(y_pred + _eps(y_pred.dtype)))


def cosine_similarity(y_true, y_pred, axis=-1):
    """-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis): -1 for parallel vectors.

        >>> tf.keras.losses.cosine_similarity([[0., 1.]], [[0., 2.]]).numpy()
        array([-1.], dtype=float32)
    """
    y_true, y_pred = _prepare("cosine_similarity", y_true, y_pred)
    y_true = l2_normalize(y_true, axis=axis)
    y_pred = l2_normalize(y_pred, axis=axis)
    return -reduce_sum(y_true * y_pred, axis)
