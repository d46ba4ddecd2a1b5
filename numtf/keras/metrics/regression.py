"""Regression and hinge metrics: means of the corresponding loss functions over everything
seen (MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
MeanSquaredLogarithmicError, RootMeanSquaredError, CosineSimilarity, LogCoshError, Hinge,
SquaredHinge, CategoricalHinge).

    >>> float(tf.keras.metrics.MeanSquaredError()([[0., 1.], [0., 0.]], [[1., 1.], [0., 0.]]))
    0.25
"""
from ...ops.array_ops import cast
from ...ops.linalg_ops import l2_normalize
from ...ops.math_ops import squared_difference
from ...ops.math_ops2 import divide_no_nan, sqrt
from ...ops.reduction_ops import reduce_sum
from ..losses import functions as _fn
from ..losses.utils import LabelShapeError, check_broadcastable, squeeze_or_expand_dimensions
from .base import Mean, MeanMetricWrapper

__all__ = []


def cosine_similarity(y_true, y_pred, axis=-1):
    """sum(l2_normalize(y_true) * l2_normalize(y_pred), axis): 1 for parallel vectors (the
    metric's sign; the loss is its negative)."""
    check_broadcastable("cosine_similarity", y_true, y_pred)
    y_true = l2_normalize(y_true, axis=axis)
    y_pred = l2_normalize(y_pred, axis=axis)
    return reduce_sum(y_true * y_pred, axis)


class MeanSquaredError(MeanMetricWrapper):
    """The mean of (y_true - y_pred) ** 2."""

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(_fn.mean_squared_error, name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean of |y_true - y_pred|."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(_fn.mean_absolute_error, name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """The mean of 100 * |y_true - y_pred| / |y_true|."""

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(_fn.mean_absolute_percentage_error, name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """The mean of (log(y_true + 1) - log(y_pred + 1)) ** 2."""

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(_fn.mean_squared_logarithmic_error, name, dtype=dtype)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity of y_true and y_pred along `axis`."""

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name, dtype=dtype, axis=axis)


class LogCoshError(MeanMetricWrapper):
    """The mean of log(cosh(y_pred - y_true))."""

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(_fn.log_cosh, name, dtype=dtype)


class Hinge(MeanMetricWrapper):
    """The mean hinge loss."""

    def __init__(self, name="hinge", dtype=None):
        super().__init__(_fn.hinge, name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """The mean squared hinge loss."""

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(_fn.squared_hinge, name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """The mean categorical hinge loss."""

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(_fn.categorical_hinge, name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """sqrt of the (weighted) mean of (y_true - y_pred) ** 2 over everything seen.

        >>> float(tf.keras.metrics.RootMeanSquaredError()([[0., 1.], [0., 0.]], [[1., 1.], [0., 0.]]))
        0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = cast(y_true, self._dtype)
        y_pred = cast(y_pred, self._dtype)
        y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
        try:
            check_broadcastable("root_mean_squared_error", y_true, y_pred)
        except LabelShapeError as e:
            raise self._shape_error(e) from None
        return super().update_state(squared_difference(y_pred, y_true), sample_weight=sample_weight)

    def result(self):
        return sqrt(divide_no_nan(self.total, self.count))
