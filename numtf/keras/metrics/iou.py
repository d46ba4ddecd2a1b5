"""Intersection-over-union metrics of `tf.keras.metrics`: IoU, MeanIoU, BinaryIoU, OneHotIoU
and OneHotMeanIoU. All accumulate a (weighted) confusion matrix, `total_confusion_matrix`
(rows: true class, columns: predicted class), and report the mean of TP / (TP + FP + FN) over
the target classes that occurred (a class never seen nor predicted is left out of the mean).

    >>> m = tf.keras.metrics.MeanIoU(num_classes=2)
    >>> float(m([0, 0, 1, 1], [0, 1, 0, 1]))
    0.3333333432674408
"""
from ...framework import dtypes
from ...ops.array_ops import cast, reshape
from ...ops.composite_ops import confusion_matrix
from ...ops.gather_ops import boolean_mask, gather
from ...ops.linalg_ops import diag_part
from ...ops.logic_ops import greater, greater_equal, not_equal
from ...ops.math_ops2 import divide_no_nan
from ...ops.reduction_ops import reduce_sum
from ...ops.scan_ops import argmax
from ..losses.utils import as_tensor, static_shape
from .base import Metric

__all__ = ["IoU", "MeanIoU", "BinaryIoU", "OneHotIoU", "OneHotMeanIoU"]


def _flat(x):
    shape = static_shape(x)
    return reshape(x, [-1]) if shape is None or len(shape) > 1 else x


class _IoUBase(Metric):
    """The confusion-matrix accumulation shared by the IoU metrics."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype)
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_weight("total_confusion_matrix", shape=(num_classes, num_classes),
                                        initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) confusion matrix; labels equal to `ignore_class` are dropped."""
        dtype = self._dtype
        y_true, y_pred = as_tensor(y_true), as_tensor(y_pred)
        if not self.sparse_y_true:
            y_true = argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = argmax(y_pred, axis=self.axis)
        y_true = _flat(cast(y_true, dtype))
        y_pred = _flat(cast(y_pred, dtype))
        if sample_weight is not None:
            sample_weight = _flat(cast(as_tensor(sample_weight), dtype))
        if self.ignore_class is not None:
            valid = not_equal(y_true, cast(self.ignore_class, y_true.dtype))
            y_true = boolean_mask(y_true, valid)
            y_pred = boolean_mask(y_pred, valid)
            if sample_weight is not None:
                sample_weight = boolean_mask(sample_weight, valid)
        # labels are truncated to integers, as tf.math.confusion_matrix casts them to int64
        cm = confusion_matrix(cast(y_true, dtypes.int64), cast(y_pred, dtypes.int64), self.num_classes,
                              weights=sample_weight, dtype=dtype)
        return self.total_cm.assign_add(cm)

    def reset_state(self):
        Metric.reset_state(self)


class IoU(_IoUBase):
    """The mean IoU (TP / (TP + FP + FN)) over `target_class_ids`, from integer class labels
    (or, with `sparse_y_true`/`sparse_y_pred` False, from scores whose argmax along `axis` is the
    class).

        >>> m = tf.keras.metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> float(m([0, 0, 1, 1], [0, 1, 0, 1]))
        0.3333333432674408
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(num_classes=num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        if max(target_class_ids) >= num_classes:
            raise ValueError(f"Target class id {max(target_class_ids)} is out of range, which is [0, "
                             f"{num_classes}).")
        self.target_class_ids = list(target_class_ids)

    def result(self):
        cm = self.total_cm.read_value()
        predicted = reduce_sum(cm, axis=0)
        actual = reduce_sum(cm, axis=1)
        tp = diag_part(cm)
        ids = cast(self.target_class_ids, dtypes.int32)
        denominator = gather(predicted + actual - tp, ids)
        tp = gather(tp, ids)
        # classes with neither labels nor predictions do not count in the mean
        num_valid = reduce_sum(cast(greater(denominator, 1e-9), self._dtype))
        return divide_no_nan(reduce_sum(divide_no_nan(tp, denominator)), num_valid)

    def get_config(self):
        config = super().get_config()
        config.update({"num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                       "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                       "sparse_y_pred": self.sparse_y_pred, "axis": self.axis})
        return config


class MeanIoU(IoU):
    """The mean IoU over all `num_classes` classes.

        >>> m = tf.keras.metrics.MeanIoU(num_classes=2)
        >>> round(float(m([0, 0, 1, 1], [0, 1, 0, 1], sample_weight=[0.3, 0.3, 0.3, 0.1])), 4)
        0.2381
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(num_classes=num_classes, target_class_ids=list(range(num_classes)), name=name,
                         dtype=dtype, ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class BinaryIoU(IoU):
    """IoU of binary labels, with predictions >= `threshold` counting as class 1.

        >>> m = tf.keras.metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
        >>> round(float(m([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])), 4)
        0.3333
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Thresholds `y_pred` (>= threshold is 1), then adds the batch's confusion matrix."""
        y_pred = cast(greater_equal(cast(as_tensor(y_pred), self._dtype), self.threshold), self._dtype)
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold, "name": self.name,
                "dtype": self.dtype}


class OneHotIoU(IoU):
    """IoU over `target_class_ids` from one-hot labels and class scores (argmax along `axis`).

        >>> m = tf.keras.metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 2])
        >>> round(float(m([[0, 0, 1], [1, 0, 0]], [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7]])), 4)
        0.25
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes=num_classes, target_class_ids=target_class_ids, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids, "name": self.name,
                "dtype": self.dtype, "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


class OneHotMeanIoU(MeanIoU):
    """The mean IoU over all classes, from one-hot labels and class scores (argmax along `axis`).

        >>> m = tf.keras.metrics.OneHotMeanIoU(num_classes=3)
        >>> round(float(m([[0, 0, 1], [1, 0, 0]], [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7]])), 4)
        0.25
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1):
        super().__init__(num_classes=num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}
