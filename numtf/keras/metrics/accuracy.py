"""Accuracy metrics: functions giving a 0/1 match per example, and the MeanMetricWrapper classes
averaging them (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy).

    >>> tf.keras.metrics.sparse_categorical_accuracy([1, 0], [[0.2, 0.8], [0.3, 0.7]]).numpy()
    array([1., 0.], dtype=float32)
"""
from ...framework import dtypes
from ...ops.array_ops import cast, reshape, shape as _shape, squeeze
from ...ops.gather_ops import gather
from ...ops.logic_ops import equal, greater, logical_and
from ...ops.math_ops import minimum, maximum
from ...ops.math_ops2 import is_finite
from ...ops.reduction_ops import reduce_all, reduce_mean, reduce_sum
from ...ops.scan_ops import argmax
from .. import backend
from ..losses.utils import (as_tensor, check_broadcastable, check_same_shape, sparse_shape_error,
                            static_shape)
from .base import MeanMetricWrapper

__all__ = []


def _floatx():
    return dtypes.as_dtype(backend.floatx())


def accuracy(y_true, y_pred):
    """1.0 where y_true == y_pred (elementwise), else 0.0.

        >>> tf.keras.metrics.accuracy([1, 2], [1, 3]).numpy()
        array([1., 0.], dtype=float32)
    """
    y_true, y_pred = as_tensor(y_true), as_tensor(y_pred)
    check_same_shape("accuracy", y_true, y_pred)
    if y_true.dtype is not y_pred.dtype:
        y_pred = cast(y_pred, y_true.dtype)
    return cast(equal(y_true, y_pred), _floatx())


def binary_matches(y_true, y_pred, threshold=0.5):
    """1.0 where (y_pred > threshold) equals y_true, else 0.0 (elementwise)."""
    y_pred = as_tensor(y_pred)
    y_true = cast(y_true, y_pred.dtype)
    check_broadcastable("binary_accuracy", y_true, y_pred)
    y_pred = cast(greater(y_pred, cast(threshold, y_pred.dtype)), y_pred.dtype)
    return cast(equal(y_true, y_pred), _floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """The fraction of (y_pred > threshold) == y_true over the last axis.

        >>> tf.keras.metrics.binary_accuracy([[1., 0.]], [[0.7, 0.6]]).numpy()
        array([0.5], dtype=float32)
    """
    return reduce_mean(binary_matches(y_true, y_pred, threshold), -1)


def sparse_categorical_matches(y_true, y_pred, fn_name="sparse_categorical_accuracy"):
    """1.0 where argmax(y_pred) equals the integer label, else 0.0; labels may carry a trailing 1."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true)
    ts, ps = static_shape(y_true), static_shape(y_pred)
    reshape_matches = False
    if ts is not None and ps is not None:
        if len(ps) == 0:
            raise sparse_shape_error(fn_name, ts, ps)
        if len(ts) == len(ps):
            if ts[-1] not in (1, None):
                raise sparse_shape_error(fn_name, ts, ps, fn_name.replace("sparse_", "", 1))
            y_true_shape = _shape(y_true) if None in ts else ts
            y_true = squeeze(y_true, [-1])
            reshape_matches = True
            ts = ts[:-1]
        if not _fits(ts, ps[:-1]):
            raise sparse_shape_error(fn_name, ts + (1,) if reshape_matches else ts, ps)
    y_pred = argmax(y_pred, axis=-1)
    if y_pred.dtype is not y_true.dtype:
        y_pred = cast(y_pred, y_true.dtype)
    matches = cast(equal(y_true, y_pred), _floatx())
    if reshape_matches:
        matches = reshape(matches, y_true_shape)
    return matches


def _fits(ts, batch):
    return len(ts) == len(batch) and all(a is None or b is None or a == b for a, b in zip(ts, batch))


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_pred, -1) equals the integer label y_true, else 0.0.

        >>> tf.keras.metrics.sparse_categorical_accuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]).numpy()
        array([0., 1.], dtype=float32)
    """
    matches = sparse_categorical_matches(y_true, y_pred)
    s = static_shape(matches)
    if s is not None and len(s) > 1 and s[-1] == 1:
        matches = squeeze(matches, [-1])
    return matches


def _categorical_labels(fn_name, sparse_name, y_true, y_pred):
    y_true, y_pred = as_tensor(y_true), as_tensor(y_pred)
    check_same_shape(fn_name, y_true, y_pred, sparse_name)
    return argmax(y_true, axis=-1), y_pred


def categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_pred, -1) == argmax(y_true, -1) (one-hot labels), else 0.0.

        >>> tf.keras.metrics.categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).numpy()
        array([0., 1.], dtype=float32)
    """
    labels, y_pred = _categorical_labels("categorical_accuracy", "sparse_categorical_accuracy", y_true, y_pred)
    return sparse_categorical_matches(labels, y_pred, "categorical_accuracy")


def in_top_k(predictions, targets, k):
    """True where predictions[i, targets[i]] is among the k largest of row i (ties count as in;
    an out-of-range target or a non-finite row gives False), as `tf.math.in_top_k`."""
    predictions = as_tensor(predictions)
    targets = as_tensor(targets)
    num_classes = static_shape(predictions)[-1]
    in_range = logical_and(greater(targets, -1), greater(num_classes, targets)) if num_classes is not None \
        else greater(targets, -1)
    safe = maximum(minimum(targets, (num_classes or 1) - 1), 0) if num_classes is not None else maximum(targets, 0)
    target_pred = gather(predictions, safe, batch_dims=1)
    more = reduce_sum(cast(greater(predictions, reshape(target_pred, [-1, 1])), dtypes.int32), -1)
    ok = logical_and(in_range, reduce_all(is_finite(predictions), -1))
    return logical_and(ok, greater(k, more))


def sparse_top_k_categorical_matches(y_true, y_pred, k=5, fn_name="sparse_top_k_categorical_accuracy"):
    """1.0 where the integer label is among the k highest predictions, else 0.0."""
    y_true, y_pred = as_tensor(y_true), as_tensor(y_pred)
    ts, ps = static_shape(y_true), static_shape(y_pred)
    reshape_matches = False
    orig = None
    if ts is not None and ps is not None:
        n_rows, n_labels = _prod(ps[:-1]), _prod(ts)
        if len(ps) == 0 or (n_rows is not None and n_labels is not None and n_rows != n_labels):
            raise sparse_shape_error(fn_name, ts, ps, fn_name.replace("sparse_", "", 1))
        if len(ps) > 2:
            y_pred = reshape(y_pred, [-1, ps[-1] if ps[-1] is not None else -1])
        if len(ts) > 1:
            reshape_matches = True
            orig = _shape(y_true) if None in ts else ts
            y_true = reshape(y_true, [-1])
    matches = cast(in_top_k(y_pred, cast(y_true, dtypes.int32), k), _floatx())
    if reshape_matches:
        matches = reshape(matches, orig)
    return matches


def _prod(shape):
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the integer label y_true is among the top k of y_pred, else 0.0.

        >>> tf.keras.metrics.sparse_top_k_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=2).numpy()
        array([1., 1.], dtype=float32)
    """
    return sparse_top_k_categorical_matches(y_true, y_pred, k)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where argmax(y_true) (one-hot labels) is among the top k of y_pred, else 0.0.

        >>> y_pred = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
        >>> tf.keras.metrics.top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]], y_pred, k=1).numpy()
        array([0., 1.], dtype=float32)
    """
    labels, y_pred = _categorical_labels("top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
                                         y_true, y_pred)
    return sparse_top_k_categorical_matches(labels, y_pred, k, "top_k_categorical_accuracy")


def _categorical_matches(y_true, y_pred):
    labels, y_pred = _categorical_labels("categorical_accuracy", "SparseCategoricalAccuracy", y_true, y_pred)
    return sparse_categorical_matches(labels, y_pred, "categorical_accuracy")


def _top_k_matches(y_true, y_pred, k):
    labels, y_pred = _categorical_labels("top_k_categorical_accuracy", "SparseTopKCategoricalAccuracy",
                                         y_true, y_pred)
    return sparse_top_k_categorical_matches(labels, y_pred, k, "top_k_categorical_accuracy")


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels.

        >>> float(tf.keras.metrics.Accuracy()([[1], [2], [3], [4]], [[0], [2], [3], [4]]))
        0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often (y_pred > threshold) matches binary labels.

        >>> float(tf.keras.metrics.BinaryAccuracy()([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]))
        0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_matches, name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) matches one-hot labels.

        >>> float(tf.keras.metrics.CategoricalAccuracy()([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
        0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(_categorical_matches, name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) matches integer labels.

        >>> float(tf.keras.metrics.SparseCategoricalAccuracy()([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]))
        0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_matches, name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the top `k` predictions.

        >>> m = tf.keras.metrics.TopKCategoricalAccuracy(k=1)
        >>> float(m([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
        0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(_top_k_matches, name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the top `k` predictions.

        >>> float(tf.keras.metrics.SparseTopKCategoricalAccuracy(k=1)([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
        0.5
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(sparse_top_k_categorical_matches, name, dtype=dtype, k=k)
