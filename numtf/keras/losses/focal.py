"""Focal cross-entropies (Lin et al., 2017) of `tf.keras.losses`, with tf-keras's numerics:
the cross-entropy down-weighted by (1 - p_t) ** gamma, so well-classified examples count less.

`binary_focal_crossentropy` clips probabilities like `binary_crossentropy` (and uses the logits
of a Keras sigmoid output), but computes p_t from the unclipped probabilities, as tf-keras does;
`categorical_focal_crossentropy` normalizes and clips the probabilities (softmax of the logits
with `from_logits`) and always applies `alpha`.

    >>> round(float(tf.keras.losses.BinaryFocalCrossentropy(gamma=2.0)([[1.]], [[0.5]])), 4)  # 0.25 * ln 2
    0.1733
"""
import warnings

from ...ops.array_ops import cast
from ...ops.math_ops import pow as _pow
from ...ops.math_ops2 import clip_by_value, log, sigmoid
from ...ops.nn_losses import sigmoid_cross_entropy_with_logits
from ...ops.nn_ops import softmax
from ...ops.reduction_ops import reduce_mean, reduce_sum
from .. import backend
from .classes import LossFunctionWrapper
from .crossentropy import _logits_of, _smooth_categorical, _smoothing, smooth_binary_labels
from .utils import Reduction, as_tensor, check_broadcastable, check_same_shape, static_shape

__all__ = ["binary_focal_crossentropy", "categorical_focal_crossentropy", "BinaryFocalCrossentropy",
           "CategoricalFocalCrossentropy"]


def _elementwise_bce(target, output, from_logits):
    """tf-keras's backend.binary_crossentropy: elementwise, clipped at epsilon unless logits."""
    output, from_logits = _logits_of(output, from_logits, "Sigmoid", "binary_crossentropy")
    if from_logits:
        return sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    np_t = output.dtype._np.type
    eps = np_t(backend.epsilon())
    output = clip_by_value(output, eps, np_t(1.0) - eps)
    bce = target * log(output + eps)
    return -(bce + (1.0 - target) * log(1.0 - output + eps))


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1):
    """mean((1 - p_t) ** gamma * bce, axis) per example, where p_t is the predicted probability of
    the true label; with `apply_class_balancing`, positives are weighted by `alpha` and negatives
    by 1 - alpha.

        >>> tf.keras.losses.binary_focal_crossentropy([[0., 1.]], [[0.4, 0.6]], gamma=2.0).numpy().round(4)
        array([0.0817], dtype=float32)
    """
    y_pred = as_tensor(y_pred)
    y_true = cast(y_true, y_pred.dtype)
    check_broadcastable("binary_focal_crossentropy", y_true, y_pred)
    y_true = smooth_binary_labels(y_true, y_pred, label_smoothing)
    # p_t from the probabilities as given (tf-keras does not clip them here)
    probs = sigmoid(y_pred) if from_logits else y_pred
    p_t = y_true * probs + (1.0 - y_true) * (1.0 - probs)
    focal = _pow(1.0 - p_t, float(gamma)) * _elementwise_bce(y_true, y_pred, from_logits)
    if apply_class_balancing:
        focal = (y_true * float(alpha) + (1.0 - y_true) * (1.0 - float(alpha))) * focal
    return reduce_mean(focal, axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
                                   axis=-1):
    """sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis) per example, p the (normalized,
    clipped) predicted probabilities.

        >>> tf.keras.losses.categorical_focal_crossentropy([[0., 1.]], [[0.5, 0.5]]).numpy().round(4)
        array([0.0433], dtype=float32)
    """
    y_pred = as_tensor(y_pred)
    y_true = cast(y_true, y_pred.dtype)
    ls = _smoothing(label_smoothing, y_pred)
    if not isinstance(ls, float) or ls:
        y_true = _smooth_categorical(y_true, ls, -1)
    ps = static_shape(y_pred)
    if ps and ps[-1] == 1:
        warnings.warn("In loss categorical_focal_crossentropy, expected y_pred.shape to be (batch_size, "
                      f"num_classes) with num_classes > 1. Received: y_pred.shape={y_pred.shape}. Consider using "
                      "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=2)
    check_same_shape("categorical_focal_crossentropy", y_true, y_pred, "sparse_categorical_crossentropy")
    output, from_logits = _logits_of(y_pred, from_logits, "Softmax", "categorical_focal_crossentropy")
    if from_logits:
        output = softmax(output, axis=axis)
    output = output / reduce_sum(output, axis, keepdims=True)
    np_t = output.dtype._np.type
    eps = np_t(backend.epsilon())
    output = clip_by_value(output, eps, np_t(1.0) - eps)
    cce = -y_true * log(output)
    weight = _pow(1.0 - output, float(gamma)) * float(alpha)
    return reduce_sum(weight * cce, axis)


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy scaled by (1 - p_t) ** gamma (and, with `apply_class_balancing`,
    by alpha for positives and 1 - alpha for negatives).

        >>> loss = tf.keras.losses.BinaryFocalCrossentropy(gamma=2.0, from_logits=True)
        >>> round(float(loss([[0., 1.]], [[-1., 2.]])), 4)
        0.0122
    """

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0,
                 axis=-1, reduction=Reduction.AUTO, name="binary_focal_crossentropy"):
        super().__init__(binary_focal_crossentropy, reduction=reduction, name=name,
                         apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy scaled by alpha * (1 - p) ** gamma, for one-hot labels.

        >>> loss = tf.keras.losses.CategoricalFocalCrossentropy()
        >>> round(float(loss([[0., 1., 0.]], [[0.1, 0.8, 0.1]])), 5)
        0.00223
    """

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction=Reduction.AUTO, name="categorical_focal_crossentropy"):
        super().__init__(categorical_focal_crossentropy, reduction=reduction, name=name, alpha=alpha, gamma=gamma,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.alpha = alpha
        self.gamma = gamma
