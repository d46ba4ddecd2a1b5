"""Metrics that read one rate at the threshold where another reaches a target, from confusion
counts at `num_thresholds` evenly spaced thresholds in [0, 1] (just 0.5 when num_thresholds is 1):
SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall and RecallAtPrecision.

Each result is the best value of the dependent rate over the thresholds whose constrained rate
is >= the target (0 when none is).

    >>> m = tf.keras.metrics.PrecisionAtRecall(0.5)
    >>> float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]))
    0.5
"""
import numpy as np

from ...ops.gather_ops import boolean_mask
from ...ops.array_ops import zeros_like
from ...ops.logic_ops import greater_equal, where
from ...ops.math_ops2 import divide_no_nan
from ...ops.reduction_ops import reduce_any, reduce_max
from .base import Metric
from .confusion import FN, FP, TN, TP, update_confusion_matrix_variables

__all__ = ["SensitivityAtSpecificity", "SpecificityAtSensitivity", "PrecisionAtRecall", "RecallAtPrecision"]


class _SensitivitySpecificityBase(Metric):
    """Confusion counts at every threshold; subclasses pick the constrained and dependent rates."""
    _value_name = None

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if num_thresholds <= 0:
            raise ValueError("Argument `num_thresholds` must be an integer > 0. "
                             f"Received: num_thresholds={num_thresholds}")
        self.value = value
        self.class_id = class_id
        self.num_thresholds = num_thresholds
        for var in ("true_positives", "true_negatives", "false_positives", "false_negatives"):
            setattr(self, var, self.add_weight(var, shape=(num_thresholds,), initializer="zeros"))
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
            self._thresholds_distributed_evenly = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) confusion counts at every threshold."""
        return update_confusion_matrix_variables(
            {TP: self.true_positives, TN: self.true_negatives, FP: self.false_positives, FN: self.false_negatives},
            y_true, y_pred, self.thresholds, class_id=self.class_id, sample_weight=sample_weight,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            who=f"Metric '{self.name}' ({type(self).__name__})")

    def reset_state(self):
        Metric.reset_state(self)

    def _rate(self, name):
        tp, tn = self.true_positives.read_value(), self.true_negatives.read_value()
        fp, fn = self.false_positives.read_value(), self.false_negatives.read_value()
        if name in ("sensitivity", "recall"):
            return divide_no_nan(tp, tp + fn)
        if name == "specificity":
            return divide_no_nan(tn, tn + fp)
        return divide_no_nan(tp, tp + fp)

    def _max_under_constraint(self, constrained, dependent):
        feasible = greater_equal(constrained, np.float32(self.value))
        # the max over no feasible threshold is -inf; 0 is reported then, as in tf-keras
        best = reduce_max(boolean_mask(dependent, feasible))
        return where(reduce_any(feasible), best, zeros_like(best))

    def get_config(self):
        config = super().get_config()
        config.update({"class_id": self.class_id, "num_thresholds": self.num_thresholds,
                       self._value_name: self.value})
        return config


def _check_range(name, value):
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{name}` must be in the range [0, 1]. Received: {name}={value}")


class SensitivityAtSpecificity(_SensitivitySpecificityBase):
    """The best sensitivity (recall) over the thresholds where specificity TN / (TN + FP) is
    >= `specificity`.

        >>> m = tf.keras.metrics.SensitivityAtSpecificity(0.5)
        >>> float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]))
        0.5
    """
    _value_name = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_range("specificity", specificity)
        self.specificity = specificity
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        return self._max_under_constraint(self._rate("specificity"), self._rate("sensitivity"))


class SpecificityAtSensitivity(_SensitivitySpecificityBase):
    """The best specificity over the thresholds where sensitivity TP / (TP + FN) is >= `sensitivity`.

        >>> m = tf.keras.metrics.SpecificityAtSensitivity(0.5)
        >>> round(float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])), 4)
        0.6667
    """
    _value_name = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_range("sensitivity", sensitivity)
        self.sensitivity = sensitivity
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        return self._max_under_constraint(self._rate("sensitivity"), self._rate("specificity"))


class PrecisionAtRecall(_SensitivitySpecificityBase):
    """The best precision over the thresholds where recall is >= `recall`.

        >>> m = tf.keras.metrics.PrecisionAtRecall(0.5)
        >>> float(m([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]))
        0.5
    """
    _value_name = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_range("recall", recall)
        self.recall = recall
        super().__init__(recall, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        return self._max_under_constraint(self._rate("recall"), self._rate("precision"))


class RecallAtPrecision(_SensitivitySpecificityBase):
    """The best recall over the thresholds where precision is >= `precision`.

        >>> m = tf.keras.metrics.RecallAtPrecision(0.8)
        >>> float(m([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]))
        0.5
    """
    _value_name = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_range("precision", precision)
        self.precision = precision
        super().__init__(precision, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        return self._max_under_constraint(self._rate("precision"), self._rate("recall"))
