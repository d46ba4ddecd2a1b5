"""Confusion-matrix metrics: TruePositives, FalsePositives, TrueNegatives, FalseNegatives,
Precision, Recall and AUC, counting (weighted) predictions above each threshold as tf-keras does.

Evenly spaced thresholds (AUC's, or any list of 3+ evenly spaced ones) take tf-keras's bucketed
path: each prediction falls in bucket ceil(p * (T - 1)) - 1 and a reverse cumulative sum gives
the counts at every threshold, in O(N + T) instead of O(N * T).

    >>> m = tf.keras.metrics.Precision()
    >>> round(float(m([0, 1, 1, 1], [1, 0, 1, 1])), 4)
    0.6667
"""
import numpy as np

from ...framework import dtypes
from ...framework.errors import InvalidArgumentError
from ...ops.array_ops import cast, expand_dims, one_hot, reshape, shape as _shape, transpose, broadcast_to
from ...ops.gather_ops import gather
from ...ops.logic_ops import equal, greater, logical_and, logical_not, where
from ...ops.math_ops import maximum, minimum
from ...ops.math_ops2 import ceil, clip_by_value, divide_no_nan, log
from ...ops.reduction_ops import reduce_mean, reduce_sum
from ...ops.scan_ops import cumsum, unsorted_segment_sum
from ...ops.sort_ops import top_k as _top_k
from .. import backend
from ..losses.utils import LabelShapeError, as_tensor, fmt_shape, squeeze_or_expand_dimensions, static_shape
from .base import Metric, group_updates

__all__ = []

TP, FP, TN, FN = "tp", "fp", "tn", "fn"
NEG_INF = -1e10


def _to_list(x):
    return list(x) if isinstance(x, (list, tuple, np.ndarray)) else [x]


def parse_init_thresholds(thresholds, default_threshold=0.5):
    """`thresholds` (a number or a list, each in [0, 1]) as a list; [default] when None."""
    if thresholds is not None:
        bad = [t for t in _to_list(thresholds) if t is None or t < 0 or t > 1]
        if bad:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {bad}")
    return _to_list(default_threshold if thresholds is None else thresholds)


def is_evenly_distributed_thresholds(thresholds):
    """True for 3+ thresholds equal to i / (n - 1) (up to epsilon)."""
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=backend.epsilon()))


def _compatible(a, b):
    return a is None or b is None or (len(a) == len(b) and all(
        x is None or y is None or x == y for x, y in zip(a, b)))


def _broadcast_weights(weights, values, who):
    """`weights` broadcast to the shape of `values` (tf's broadcast_weights rule)."""
    ws, vs = static_shape(weights), static_shape(values)
    if ws == vs and None not in ws:
        return weights
    if ws is not None and vs is not None and ws and not (len(ws) == len(vs) and all(
            w is None or v is None or w == 1 or w == v for w, v in zip(ws, vs))):
        raise LabelShapeError(f"{who}: `sample_weight` of shape {fmt_shape(ws)} cannot be broadcast to "
                              f"`y_pred` of shape {fmt_shape(vs)}.")
    return broadcast_to(weights, _shape(values) if vs is None or None in vs else vs)


def _filter_top_k(x, k):
    """x where x is among its row's top k, NEG_INF elsewhere."""
    _, idx = _top_k(x, k, sorted=False)
    depth = static_shape(x)[-1]
    mask = reduce_sum(one_hot(idx, depth if depth is not None else _shape(x)[-1], dtype=x.dtype), -2)
    return x * mask + NEG_INF * (1.0 - mask)


def update_confusion_matrix_variables(variables_to_update, y_true, y_pred, thresholds, top_k=None,
                                      class_id=None, sample_weight=None, multi_label=False, label_weights=None,
                                      thresholds_distributed_evenly=False, who="metric"):
    """Adds the (weighted) counts of `variables_to_update` ({'tp'|'fp'|'tn'|'fn': variable}) at
    each threshold: a prediction counts as positive when it is above the threshold."""
    var_dtype = next(iter(variables_to_update.values())).dtype
    y_true = cast(y_true, var_dtype)
    y_pred = cast(y_pred, var_dtype)
    thresholds = np.asarray(thresholds, dtype=np.float64)
    with_epsilon = bool(thresholds[0] < 0.0 or thresholds[-1] > 1.0)
    num_thresholds = len(thresholds)
    if sample_weight is None:
        y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
    else:
        sample_weight = cast(sample_weight, var_dtype)
        y_pred, y_true, sample_weight = squeeze_or_expand_dimensions(y_pred, y_true, sample_weight)
    ps, ts = static_shape(y_pred), static_shape(y_true)
    if not _compatible(ps, ts):
        raise LabelShapeError(f"{who}: `y_true` and `y_pred` must have the same shape, received "
                              f"y_true.shape={fmt_shape(ts)} and y_pred.shape={fmt_shape(ps)}.")
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true = gather(y_true, [class_id], axis=-1)
        y_pred = gather(y_pred, [class_id], axis=-1)
    weights = None
    if sample_weight is not None:
        weights = _broadcast_weights(sample_weight, y_pred, who)
    if label_weights is not None and not multi_label:
        lw = _broadcast_weights(expand_dims(label_weights, 0), y_pred, who)
        weights = lw if weights is None else weights * lw
    if thresholds_distributed_evenly:
        return _update_bucketed(variables_to_update, y_true, y_pred, weights, num_thresholds, multi_label,
                                with_epsilon)
    return _update_compared(variables_to_update, y_true, y_pred, weights, thresholds, multi_label)


def _update_bucketed(variables, y_true, y_pred, weights, num_thresholds, multi_label, with_epsilon):
    dtype = y_pred.dtype
    y_pred = clip_by_value(y_pred, 0.0, 1.0)
    y_true = cast(cast(y_true, dtypes.bool), dtype)
    if not multi_label:
        y_true = reshape(y_true, [-1])
        y_pred = reshape(y_pred, [-1])
        if weights is not None:
            weights = reshape(weights, [-1])
    true_labels = y_true if weights is None else y_true * weights
    false_labels = 1.0 - y_true if weights is None else (1.0 - y_true) * weights
    buckets = ceil(y_pred * float(num_thresholds - 1)) - 1.0
    if with_epsilon:
        buckets = maximum(buckets, 0.0)
    buckets = cast(buckets, dtypes.int32)
    if multi_label:
        # one segment range per label: bucket + label * T (negative buckets stay dropped)
        num_labels = static_shape(y_pred)[1]
        offsets = np.arange(num_labels, dtype=np.int32) * num_thresholds
        buckets = where(greater(buckets, -1), buckets + offsets, buckets)
        segments = num_labels * num_thresholds

        def counts(labels):
            flat = unsorted_segment_sum(labels, buckets, segments)
            return cumsum(transpose(reshape(flat, [num_labels, num_thresholds])), axis=0, reverse=True)
    else:
        def counts(labels):
            return cumsum(unsorted_segment_sum(labels, buckets, num_thresholds), reverse=True)
    tp = counts(true_labels) if TP in variables or FN in variables else None
    fp = counts(false_labels) if FP in variables or TN in variables else None
    updates = []
    if TP in variables:
        updates.append(variables[TP].assign_add(tp))
    if FP in variables:
        updates.append(variables[FP].assign_add(fp))
    if TN in variables:
        updates.append(variables[TN].assign_add(reduce_sum(false_labels, 0) - fp))
    if FN in variables:
        updates.append(variables[FN].assign_add(reduce_sum(true_labels, 0) - tp))
    return group_updates(updates)


def _update_compared(variables, y_true, y_pred, weights, thresholds, multi_label):
    dtype = y_pred.dtype
    if multi_label:
        preds = expand_dims(y_pred, 0)
        labels = expand_dims(cast(y_true, dtypes.bool), 0)
        thresh = thresholds.astype(dtype._np).reshape(-1, 1, 1)
        w = None if weights is None else expand_dims(weights, 0)
    else:
        preds = reshape(y_pred, [1, -1])
        labels = reshape(cast(y_true, dtypes.bool), [1, -1])
        thresh = thresholds.astype(dtype._np).reshape(-1, 1)
        w = None if weights is None else reshape(weights, [1, -1])
    pred_pos = greater(preds, thresh)

    def count(label, pred):
        hits = cast(logical_and(label, pred), dtype)
        return reduce_sum(hits if w is None else hits * w, 1)

    updates = []
    if TP in variables:
        updates.append(variables[TP].assign_add(count(labels, pred_pos)))
    if FN in variables or TN in variables:
        pred_neg = logical_not(pred_pos)
    if FN in variables:
        updates.append(variables[FN].assign_add(count(labels, pred_neg)))
    if FP in variables or TN in variables:
        label_neg = logical_not(labels)
        if FP in variables:
            updates.append(variables[FP].assign_add(count(label_neg, pred_pos)))
        if TN in variables:
            updates.append(variables[TN].assign_add(count(label_neg, pred_neg)))
    return group_updates(updates)


class _ThresholdMetric(Metric):
    """Shared update of the metrics with per-threshold confusion counts."""

    def _update(self, variables, y_true, y_pred, sample_weight, top_k=None, class_id=None):
        return update_confusion_matrix_variables(
            variables, y_true, y_pred, self.thresholds, top_k=top_k, class_id=class_id,
            sample_weight=sample_weight, thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            who=f"Metric '{self.name}' ({type(self).__name__})")

    def reset_state(self):
        Metric.reset_state(self)


class _ConfusionMatrixConditionCount(_ThresholdMetric):
    _condition = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = is_evenly_distributed_thresholds(self.thresholds)
        self.accumulator = self.add_weight("accumulator", shape=(len(self.thresholds),), initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        return self._update({self._condition: self.accumulator}, y_true, y_pred, sample_weight)

    def result(self):
        acc = self.accumulator.read_value()
        return acc[0] if len(self.thresholds) == 1 else acc

    def get_config(self):
        config = super().get_config()
        config["thresholds"] = self.init_thresholds
        return config


class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of positive labels predicted above the threshold(s).

        >>> float(tf.keras.metrics.TruePositives()([0, 1, 1, 1], [1, 0, 1, 1]))
        2.0
    """
    _condition = TP


class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of negative labels predicted above the threshold(s)."""
    _condition = FP


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of negative labels predicted at or below the threshold(s)."""
    _condition = TN


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of positive labels predicted at or below the threshold(s)."""
    _condition = FN


class _PrecisionRecall(_ThresholdMetric):
    _other = None  # FP for precision, FN for recall

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = parse_init_thresholds(thresholds, default_threshold=default)
        self._thresholds_distributed_evenly = is_evenly_distributed_thresholds(self.thresholds)
        n = len(self.thresholds)
        self.true_positives = self.add_weight("true_positives", shape=(n,), initializer="zeros")
        other = "false_positives" if self._other == FP else "false_negatives"
        setattr(self, other, self.add_weight(other, shape=(n,), initializer="zeros"))

    def _other_var(self):
        return self.false_positives if self._other == FP else self.false_negatives

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's true positives and false positives (negatives) at each threshold."""
        return self._update({TP: self.true_positives, self._other: self._other_var()}, y_true, y_pred,
                            sample_weight, self.top_k, self.class_id)

    def result(self):
        tp = self.true_positives.read_value()
        out = divide_no_nan(tp, tp + self._other_var().read_value())
        return out[0] if len(self.thresholds) == 1 else out

    def get_config(self):
        config = super().get_config()
        config.update({"thresholds": self.init_thresholds, "top_k": self.top_k, "class_id": self.class_id})
        return config


class Precision(_PrecisionRecall):
    """TP / (TP + FP): how many predicted positives (y_pred > threshold) are positive.

        >>> round(float(tf.keras.metrics.Precision()([0, 1, 1, 1], [1, 0, 1, 1])), 4)
        0.6667
    """
    _other = FP


class Recall(_PrecisionRecall):
    """TP / (TP + FN): how many positives are predicted positive (y_pred > threshold).

        >>> round(float(tf.keras.metrics.Recall()([0, 1, 1, 1], [1, 0, 1, 1])), 4)
        0.6667
    """
    _other = FN


_CURVES = {"roc": "ROC", "pr": "PR", "pr_gain": "PR_GAIN", "prgain": "PR_GAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


class AUC(_ThresholdMetric):
    """Area under the ROC (or PR) curve, from confusion counts at `num_thresholds` thresholds
    (Riemann sum; 'interpolation' uses the trapezoid rule, and for PR Davis & Goadrich's
    interpolation).

        >>> round(float(tf.keras.metrics.AUC(num_thresholds=3)([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])), 4)
        0.75
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None, dtype=None,
                 thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False):
        curve_value = getattr(curve, "value", curve)
        if _CURVES.get(str(curve_value).lower()) is None:
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC", "PR_GAIN"]')
        summation = str(getattr(summation_method, "value", summation_method))
        if summation.lower() not in _SUMMATIONS or summation not in (summation.lower(), summation.capitalize()):
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". Expected values are '
                             '["interpolation", "majoring", "minoring"]')
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = is_evenly_distributed_thresholds(
                np.array([0.0] + thresholds + [1.0]))
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        eps = backend.epsilon()
        self._thresholds = np.array([0.0 - eps] + list(thresholds) + [1.0 + eps])
        self.curve = _CURVES[str(curve_value).lower()]
        self.summation_method = summation.lower()
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        if label_weights is not None:
            lw = np.asarray(label_weights, dtype=self._dtype._np)
            if (lw < 0).any():
                raise InvalidArgumentError(None, "AssertGreaterEqual",
                                           "All values of `label_weights` must be non-negative.")
            from ...ops.convert import convert_to_tensor
            self.label_weights = convert_to_tensor(lw)
        else:
            self.label_weights = None
        self._from_logits = from_logits
        self._built = False
        if self.multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self):
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if shape is None or len(shape) != 2:
                raise ValueError(f"`y_pred` must have rank 2 when `multi_label=True`. Found rank "
                                 f"{None if shape is None else len(shape)}. Full shape received for `y_pred`: "
                                 f"{fmt_shape(shape)}")
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        for var in ("true_positives", "true_negatives", "false_positives", "false_negatives"):
            setattr(self, var, self.add_weight(var, shape=variable_shape, initializer="zeros"))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's confusion counts at every threshold."""
        y_true, y_pred = as_tensor(y_true), as_tensor(y_pred)
        if not self._built:
            self._build(static_shape(y_pred))
        if self.multi_label or self.label_weights is not None:
            ts = static_shape(y_true)
            n_labels = self._num_labels if self.multi_label else static_shape(self.label_weights)[0]
            if ts is not None and (len(ts) != 2 or ts[1] not in (None, n_labels)):
                raise LabelShapeError(f"Metric '{self.name}' (AUC): Number of labels is not consistent: y_true "
                                      f"of shape {fmt_shape(ts)} for {n_labels} labels.")
        if self._from_logits:
            from ..activations import sigmoid
            y_pred = sigmoid(y_pred)
        variables = {TP: self.true_positives, TN: self.true_negatives, FP: self.false_positives,
                     FN: self.false_negatives}
        return update_confusion_matrix_variables(
            variables, y_true, y_pred, self._thresholds, sample_weight=sample_weight, multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            who=f"Metric '{self.name}' (AUC)")

    def _by_label(self, values):
        if not self.multi_label:
            return reduce_sum(values)
        by_label = reduce_sum(values, 0)
        if self.label_weights is None:
            return reduce_mean(by_label)
        return divide_no_nan(reduce_sum(by_label * self.label_weights), reduce_sum(self.label_weights))

    def interpolate_pr_auc(self):
        """PR AUC with the precision interpolated between thresholds (Davis & Goadrich, 2006)."""
        n = self.num_thresholds
        tp = self.true_positives.read_value()
        fp = self.false_positives.read_value()
        fn = self.false_negatives.read_value()
        dtp = tp[:n - 1] - tp[1:]
        p = tp + fp
        dp = p[:n - 1] - p[1:]
        prec_slope = divide_no_nan(dtp, maximum(dp, 0.0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = where(logical_and(greater(p[:n - 1], 0.0), greater(p[1:], 0.0)),
                             divide_no_nan(p[:n - 1], maximum(p[1:], 0.0)), p[1:] * 0.0 + 1.0)
        increment = divide_no_nan(prec_slope * (dtp + intercept * log(safe_p_ratio)),
                                  maximum(tp[1:] + fn[1:], 0.0))
        return self._by_label(increment)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        n = self.num_thresholds
        tp = self.true_positives.read_value()
        fp = self.false_positives.read_value()
        tn = self.true_negatives.read_value()
        fn = self.false_negatives.read_value()
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, divide_no_nan(tp, tp + fp)
        else:
            scale = divide_no_nan(tp + fn, fp + tn)
            no_tp = equal(tp, 0.0)
            recall_gain = where(no_tp, tp * 0.0, 1.0 - scale * divide_no_nan(fn, tp))
            precision_gain = where(no_tp, tp * 0.0 + 1.0, 1.0 - scale * divide_no_nan(fp, tp))
            x, y = maximum(recall_gain, 0.0), precision_gain
        if self.summation_method == "interpolation":
            heights = (y[:n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = minimum(y[:n - 1], y[1:])
        else:
            heights = maximum(y[:n - 1], y[1:])
        return self._by_label((x[:n - 1] - x[1:]) * heights)

    def reset_state(self):
        if self._built:
            Metric.reset_state(self)

    def get_config(self):
        lw = self.label_weights
        config = super().get_config()
        config.update({"num_thresholds": self.num_thresholds, "curve": self.curve,
                       "summation_method": self.summation_method, "multi_label": self.multi_label,
                       "num_labels": self.num_labels,
                       "label_weights": None if lw is None else lw.numpy().tolist(),
                       "from_logits": self._from_logits})
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config

