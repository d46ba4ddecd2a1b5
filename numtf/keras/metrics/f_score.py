"""F-scores of `tf.keras.metrics`: FBetaScore and F1Score, per class or averaged ('micro',
'macro', 'weighted'), from (weighted) true/false positive and false negative counts.

Predictions count as positive above `threshold`; with `threshold=None`, the largest score of
each row (if it is not 0) is the positive one, as in tf-keras. The state variables are created
by the first update, which needs 2-D inputs (batch_size, output_dim).

    >>> m = tf.keras.metrics.F1Score(threshold=0.5)
    >>> m([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]).numpy().round(4)
    array([0.5   , 0.8   , 0.6667], dtype=float32)
"""
from ...ops.array_ops import cast, expand_dims
from ...ops.logic_ops import greater, greater_equal, logical_and
from ...ops.math_ops2 import abs as _abs, divide_no_nan
from ...ops.reduction_ops import reduce_max, reduce_mean, reduce_sum
from ...ops.math_ops import divide
from .. import backend
from ..losses.utils import as_tensor, fmt_shape, static_shape
from .base import Metric, group_updates

__all__ = ["FBetaScore", "F1Score"]

_AVERAGES = (None, "micro", "macro", "weighted")
_VARIABLES = ("true_positives", "false_positives", "false_negatives", "intermediate_weights")



def check_2d_inputs(metric, true_shape, pred_shape):
    """tf-keras's check of the metrics that need (batch_size, output_dim) inputs with a known
    output_dim (FBetaScore, R2Score)."""
    if pred_shape is None or true_shape is None or len(pred_shape) != 2 or len(true_shape) != 2:
        raise ValueError(f"{metric} expects 2D inputs with shape (batch_size, output_dim). Received input "
                         f"shapes: y_pred.shape={fmt_shape(pred_shape)} and y_true.shape={fmt_shape(true_shape)}.")
    if pred_shape[-1] is None or true_shape[-1] is None:
        raise ValueError(f"{metric} expects 2D inputs with shape (batch_size, output_dim), with output_dim "
                         "fully defined (not None). Received input shapes: "
                         f"y_pred.shape={fmt_shape(pred_shape)} and y_true.shape={fmt_shape(true_shape)}.")

class FBetaScore(Metric):
    """(1 + beta**2) * precision * recall / (beta**2 * precision + recall), for each class
    (`average=None`) or averaged: 'micro' over all counts, 'macro' the mean over classes,
    'weighted' weighted by each class's number of true instances.

        >>> m = tf.keras.metrics.FBetaScore(beta=2.0, threshold=0.5)
        >>> m([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]).numpy().round(4)
        array([0.3846, 0.9091, 0.8333], dtype=float32)
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in _AVERAGES:
            raise ValueError("Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', "
                             f"'weighted'}}. Received: average={average}")
        if not isinstance(beta, float):
            raise ValueError("Invalid `beta` argument value. It should be a Python float. "
                             f"Received: beta={beta} of type '{type(beta)}'")
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError("Invalid `threshold` argument value. It should be a Python float. "
                                 f"Received: threshold={threshold} of type '{type(threshold)}'")
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError("Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
                                 f"Received: threshold={threshold}")
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0  # 'micro' pools the classes' counts
        self._built = False

    def _build(self, true_shape, pred_shape):
        check_2d_inputs("FBetaScore", true_shape, pred_shape)
        shape = () if self.average == "micro" else (pred_shape[-1],)
        for var in _VARIABLES:
            setattr(self, var, self.add_weight(var, shape=shape, initializer="zeros"))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) TP, FP, FN and true-label counts per class."""
        dtype = self._dtype
        y_true = cast(as_tensor(y_true), dtype)
        y_pred = cast(as_tensor(y_pred), dtype)
        if not self._built:
            self._build(static_shape(y_true), static_shape(y_pred))
        if self.threshold is None:
            # the row's maximum is positive, unless it is 0 (an all-zero row stays all negative)
            top = reduce_max(y_pred, axis=-1, keepdims=True)
            positive = logical_and(greater_equal(y_pred, top), greater(_abs(y_pred), 1e-9))
        else:
            positive = greater(y_pred, self.threshold)
        y_pred = cast(positive, dtype)
        if sample_weight is not None:
            sample_weight = expand_dims(cast(as_tensor(sample_weight), dtype), 1)

        def weighted_sum(values):
            if sample_weight is not None:
                values = values * sample_weight
            return reduce_sum(values, axis=self.axis)

        return group_updates([
            self.true_positives.assign_add(weighted_sum(y_pred * y_true)),
            self.false_positives.assign_add(weighted_sum(y_pred * (1.0 - y_true))),
            self.false_negatives.assign_add(weighted_sum((1.0 - y_pred) * y_true)),
            self.intermediate_weights.assign_add(weighted_sum(y_true))])

    def result(self):
        eps = backend.epsilon()
        tp = self.true_positives.read_value()
        precision = divide(tp, tp + self.false_positives + eps)
        recall = divide(tp, tp + self.false_negatives + eps)
        beta_sq = self.beta ** 2
        score = divide(precision * recall, beta_sq * precision + recall + eps) * (1.0 + beta_sq)
        if self.average == "weighted":
            weights = self.intermediate_weights.read_value()
            # all-zero weights (nothing seen) give 0, as in tf-keras, not NaN
            return reduce_sum(score * divide_no_nan(weights, reduce_sum(weights)))
        if self.average is not None:
            return reduce_mean(score)
        return score

    def reset_state(self):
        if self._built:
            Metric.reset_state(self)

    def get_config(self):
        config = super().get_config()
        config.update({"average": self.average, "beta": self.beta, "threshold": self.threshold})
        return config


class F1Score(FBetaScore):
    """The harmonic mean of precision and recall: FBetaScore with beta = 1.

        >>> m = tf.keras.metrics.F1Score(average='micro', threshold=0.5)
        >>> round(float(m([[1, 0], [0, 1]], [[0.7, 0.2], [0.6, 0.9]])), 4)
        0.8
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
