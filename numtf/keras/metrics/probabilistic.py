"""Probabilistic metrics: the mean cross-entropies, KL divergence and Poisson loss over
everything seen (the loss functions' numerics, including the softmax-logits rule).

    >>> m = tf.keras.metrics.SparseCategoricalCrossentropy()
    >>> round(float(m([1], [[0.5, 0.5]])), 4)
    0.6931
"""
from ..losses import crossentropy as _ce
from ..losses import functions as _fn
from .base import MeanMetricWrapper

__all__ = []


class Poisson(MeanMetricWrapper):
    """The mean Poisson loss, y_pred - y_true * log(y_pred)."""

    def __init__(self, name="poisson", dtype=None):
        super().__init__(_fn.poisson, name, dtype=dtype)


class KLDivergence(MeanMetricWrapper):
    """The mean Kullback-Leibler divergence of y_pred from y_true."""

    def __init__(self, name="kullback_leibler_divergence", dtype=None):
        super().__init__(_fn.kl_divergence, name, dtype=dtype)


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary cross-entropy."""

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(_ce.binary_crossentropy, name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical cross-entropy (one-hot labels)."""

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0,
                 axis=-1):
        super().__init__(_ce.categorical_crossentropy, name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean sparse categorical cross-entropy (integer labels)."""

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, ignore_class=None,
                 axis=-1):
        super().__init__(_ce.sparse_categorical_crossentropy, name, dtype=dtype, from_logits=from_logits,
                         ignore_class=ignore_class, axis=axis)
