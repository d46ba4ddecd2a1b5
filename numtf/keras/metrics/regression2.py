"""Regression metrics added in tf-keras 2.11+: R2Score (coefficient of determination, optionally
adjusted for the number of regressors) and MeanRelativeError.

    >>> m = tf.keras.metrics.R2Score()
    >>> round(float(m([[1.], [2.], [3.]], [[1.], [2.5], [3.]])), 4)
    0.875
"""
import warnings

import numpy as np

from ...framework import dtypes
from ...ops.array_ops import broadcast_to, cast, expand_dims, shape as _shape, size
from ...framework.context import ctx
from ...ops.logic_ops import greater, where
from ...ops.math_ops import divide
from ...ops.math_ops2 import abs as _abs, divide_no_nan, is_inf
from ...ops.reduction_ops import reduce_mean, reduce_sum
from .f_score import check_2d_inputs
from ..losses.utils import (LabelShapeError, as_tensor, fmt_shape, squeeze_or_expand_dimensions,
                            static_shape)
from .base import Mean, Metric, group_updates

__all__ = ["R2Score", "MeanRelativeError"]

_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """1 - SS_res / SS_tot per output column (from weighted sums, so it accumulates over
    batches), aggregated by `class_aggregation`: 'uniform_average' (mean), 'variance_weighted_average'
    (weighted by each column's variance) or None (one score per column). With `num_regressors`
    p > 0 it is the adjusted R2: 1 - (1 - R2) * (n - 1) / (n - p - 1), where n counts every
    value seen (tf-keras counts elements, not rows).

        >>> m = tf.keras.metrics.R2Score(class_aggregation=None)
        >>> m([[1., 0.], [2., 1.], [3., 2.]], [[1., 0.], [2., 2.], [4., 2.]]).numpy().round(4)
        array([0.5, 0.5], dtype=float32)
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError("Invalid value for argument `class_aggregation`. Expected one of "
                             f"{_AGGREGATIONS}. Received: class_aggregation={class_aggregation}")
        if num_regressors < 0:
            raise ValueError("Invalid value for argument `num_regressors`. Expected a value >= 0. "
                             f"Received: num_regressors={num_regressors}")
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_weight("num_samples", dtype=dtypes.int32, initializer="zeros")
        self._built = False

    def _build(self, true_shape, pred_shape):
        check_2d_inputs("R2Score", true_shape, pred_shape)
        n = (pred_shape[-1],)
        self.squared_sum = self.add_weight("squared_sum", shape=n, initializer="zeros")
        self.sum = self.add_weight("sum", shape=n, initializer="zeros")
        self.total_mse = self.add_weight("residual", shape=n, initializer="zeros")
        self.count = self.add_weight("count", shape=n, initializer="zeros")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's weighted sums of y, y**2 and (y - y_pred)**2 per column."""
        dtype = self._dtype
        y_true = cast(as_tensor(y_true), dtype)
        y_pred = cast(as_tensor(y_pred), dtype)
        if not self._built:
            self._build(static_shape(y_true), static_shape(y_pred))
        weights = cast(as_tensor(1.0 if sample_weight is None else sample_weight), dtype)
        ws, ts = static_shape(weights), static_shape(y_true)
        if ws is not None and len(ws) == 1:
            weights = expand_dims(weights, 1)  # one weight per row
            ws = static_shape(weights)
        if ws != ts:
            if ws and ts is not None and not (len(ws) == len(ts) and all(
                    w is None or t is None or w == 1 or w == t for w, t in zip(ws, ts))):
                raise LabelShapeError(f"Metric '{self.name}' (R2Score): `sample_weight` of shape {fmt_shape(ws)} "
                                      f"cannot be broadcast to `y_true` of shape {fmt_shape(ts)}.")
            weights = broadcast_to(weights, ts if ts is not None and None not in ts else _shape(y_true))
        weighted = y_true * weights
        return group_updates([
            self.sum.assign_add(reduce_sum(weighted, axis=0)),
            self.squared_sum.assign_add(reduce_sum(y_true * weighted, axis=0)),
            self.total_mse.assign_add(reduce_sum((y_true - y_pred) ** 2 * weights, axis=0)),
            self.count.assign_add(reduce_sum(weights, axis=0)),
            self.num_samples.assign_add(size(y_true))])

    def result(self):
        if not self._built:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'sum'")
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw = 1.0 - self.total_mse / total
        raw = where(is_inf(raw), raw * 0.0, raw)  # a constant column scores 0, not -inf
        if self.class_aggregation == "uniform_average":
            score = reduce_mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = divide(reduce_sum(total * raw), reduce_sum(total))
        else:
            score = raw
        if self.num_regressors != 0 and ctx.graph is not None:
            # tf-keras cannot trace this (it tests a tensor in Python); numtf falls back in-graph
            n, p = cast(self.num_samples, self._dtype), float(self.num_regressors)
            adjusted = 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)
            return where(greater(n - 1.0, p), adjusted, score)
        if self.num_regressors != 0:
            n = int(np.asarray(self.num_samples.numpy()))
            if self.num_regressors > n - 1:
                warnings.warn("More independent predictors than datapoints in adjusted R2 score. Falling "
                              "back to standard R2 score.", stacklevel=2)
            elif self.num_regressors == n - 1:
                warnings.warn("Division by zero in adjusted R2 score. Falling back to standard R2 score.",
                              stacklevel=2)
            else:
                n, p = float(n), float(self.num_regressors)
                score = 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)
        return score

    def reset_state(self):
        Metric.reset_state(self)

    def get_config(self):
        config = super().get_config()
        config.update({"class_aggregation": self.class_aggregation, "num_regressors": self.num_regressors})
        return config


class MeanRelativeError(Mean):
    """The mean of |y_true - y_pred| / normalizer (0 where the normalizer is 0).

        >>> m = tf.keras.metrics.MeanRelativeError(normalizer=[1., 3., 2., 3.])
        >>> round(float(m([1., 3., 2., 3.], [2., 4., 6., 8.])), 4)
        1.25
    """

    def __init__(self, normalizer, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.normalizer = cast(as_tensor(normalizer), self._dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's relative errors to the mean."""
        dtype = self._dtype
        y_true = cast(as_tensor(y_true), dtype)
        y_pred = cast(as_tensor(y_pred), dtype)
        y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
        y_pred, normalizer = _remove_squeezable(y_pred, self.normalizer)
        ps, ts = static_shape(y_pred), static_shape(y_true)
        if ps is not None and ts is not None and not (len(ps) == len(ts) and all(
                a is None or b is None or a == b for a, b in zip(ps, ts))):
            raise ValueError(f"Shapes {fmt_shape(ps)} and {fmt_shape(ts)} are incompatible")
        errors = divide_no_nan(_abs(y_true - y_pred), normalizer)
        return super().update_state(errors, sample_weight=sample_weight)

    def get_config(self):
        config = super().get_config()
        config["normalizer"] = self.normalizer.numpy()
        return config


def _remove_squeezable(labels, predictions):
    """tf's remove_squeezable_dimensions: drops a trailing 1 from whichever has rank one more."""
    from ...ops.array_ops import squeeze
    ls, ps = static_shape(labels), static_shape(predictions)
    if ls is None or ps is None:
        return labels, predictions
    if len(ps) - len(ls) == 1 and ps[-1] == 1:
        predictions = squeeze(predictions, [-1])
    elif len(ls) - len(ps) == 1 and ls[-1] == 1:
        labels = squeeze(labels, [-1])
    return labels, predictions
