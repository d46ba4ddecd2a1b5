"""`tf.compat.v1.losses`: TF1 losses, reduced with weights to a scalar.

Each returns `compute_weighted_loss(per-example losses, weights, reduction)`; the default
reduction, SUM_BY_NONZERO_WEIGHTS, divides the weighted sum by the number of nonzero weights
(broadcast to the losses' shape). In a graph the loss joins the LOSSES collection.

    >>> tf.compat.v1.losses.mean_squared_error(labels=[1., 2.], predictions=[2., 4.])
    <tf.Tensor: shape=(), dtype=float32, numpy=2.5>
"""
import sys

from ...framework import dtypes
from ._graph import GraphKeys, add_to_collection, get_collection

__all__ = ["Reduction", "compute_weighted_loss", "mean_squared_error", "absolute_difference",
           "softmax_cross_entropy", "sparse_softmax_cross_entropy", "sigmoid_cross_entropy", "log_loss",
           "huber_loss", "hinge_loss", "cosine_distance", "mean_pairwise_squared_error", "add_loss",
           "get_losses", "get_regularization_losses", "get_regularization_loss", "get_total_loss"]


def _tf():
    return sys.modules["numtf"]


class Reduction:
    """How `compute_weighted_loss` reduces the weighted losses."""
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


def _float(x):
    tf = _tf()
    x = tf.convert_to_tensor(x)
    return x if x.dtype == dtypes.float32 else tf.cast(x, dtypes.float32)


def _num_present(losses, weights):
    tf = _tf()
    present = tf.where(tf.equal(weights, 0.0), tf.zeros_like(weights), tf.ones_like(weights))
    return tf.reduce_sum(present * tf.ones_like(losses))


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """losses * weights, reduced by `reduction`.

        >>> tf.compat.v1.losses.compute_weighted_loss([1., 2., 3.], weights=[1., 0., 1.])   # 2.0
    """
    Reduction.validate(reduction)
    tf = _tf()
    raw = tf.convert_to_tensor(losses)
    losses = _float(raw)
    weights = _float(weights)
    weighted = losses * weights
    if reduction == Reduction.NONE:
        loss = weighted
    else:
        loss = tf.reduce_sum(weighted)
        if reduction == Reduction.MEAN:
            loss = tf.math.divide_no_nan(loss, tf.reduce_sum(tf.ones_like(losses) * weights))
        elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
            loss = tf.math.divide_no_nan(loss, _num_present(losses, weights))
        elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
            loss = tf.math.divide_no_nan(loss, tf.cast(tf.size(losses), dtypes.float32))
    if raw.dtype != dtypes.float32 and raw.dtype.is_floating:
        loss = tf.cast(loss, raw.dtype)
    if loss_collection:
        add_to_collection(loss_collection, loss)
    return loss


def _check_shapes(labels, predictions):
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of (predictions - labels)^2.

        >>> tf.compat.v1.losses.mean_squared_error(labels=y, predictions=y_pred)
    """
    if labels is None:
        raise ValueError("Argument `labels` must not be None.")
    if predictions is None:
        raise ValueError("Argument `predictions` must not be None.")
    tf = _tf()
    labels, predictions = _float(labels), _float(predictions)
    _check_shapes(labels, predictions)
    return compute_weighted_loss(tf.math.squared_difference(predictions, labels), weights, scope,
                                 loss_collection, reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of |predictions - labels|."""
    tf = _tf()
    labels, predictions = _float(labels), _float(predictions)
    _check_shapes(labels, predictions)
    return compute_weighted_loss(tf.abs(predictions - labels), weights, scope, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean cross-entropy of softmax(logits) against one-hot labels (optionally smoothed)."""
    tf = _tf()
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(tf.convert_to_tensor(onehot_labels), logits.dtype)
    _check_shapes(labels, logits)
    if label_smoothing > 0:
        n = tf.cast(tf.shape(labels)[-1], logits.dtype)
        labels = labels * (1.0 - label_smoothing) + label_smoothing / n
    losses = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels), logits=logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean cross-entropy of softmax(logits) against integer class labels.

        >>> tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=y, logits=y_logit_pred)
    """
    tf = _tf()
    logits = tf.convert_to_tensor(logits)
    labels = tf.convert_to_tensor(labels)
    if labels.shape.rank is not None and logits.shape.rank is not None and labels.shape.rank == logits.shape.rank:
        labels = tf.squeeze(labels, axis=-1)  # [batch, 1] labels, as TF's squeezable dimension
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean sigmoid cross-entropy (labels optionally smoothed towards 1/2)."""
    tf = _tf()
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(tf.convert_to_tensor(multi_class_labels), logits.dtype)
    _check_shapes(labels, logits)
    if label_smoothing > 0:
        labels = labels * (1.0 - label_smoothing) + 0.5 * label_smoothing
    losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of -labels*log(p + eps) - (1 - labels)*log(1 - p + eps)."""
    tf = _tf()
    labels, predictions = _float(labels), _float(predictions)
    _check_shapes(labels, predictions)
    losses = -labels * tf.math.log(predictions + epsilon) - (1.0 - labels) * tf.math.log(1.0 - predictions + epsilon)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean Huber loss: quadratic within `delta`, linear beyond."""
    tf = _tf()
    labels, predictions = _float(labels), _float(predictions)
    _check_shapes(labels, predictions)
    error = tf.abs(predictions - labels)
    quadratic = tf.minimum(error, delta)
    losses = 0.5 * quadratic * quadratic + delta * (error - quadratic)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of max(0, 1 - (2*labels - 1) * logits), labels in {0, 1}."""
    tf = _tf()
    labels, logits = _float(labels), _float(logits)
    _check_shapes(labels, logits)
    losses = tf.nn.relu(1.0 - (2.0 * labels - 1.0) * logits)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """Weighted mean of 1 - sum(labels * predictions, axis) (inputs assumed unit-normalized)."""
    tf = _tf()
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    labels, predictions = _float(labels), _float(predictions)
    _check_shapes(labels, predictions)
    losses = 1.0 - tf.reduce_sum(labels * predictions, axis=axis, keepdims=True)
    return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES):
    """Mean over examples of the mean squared difference of all pairs of errors."""
    tf = _tf()
    labels, predictions = _float(labels), _float(predictions)
    _check_shapes(labels, predictions)
    diffs = predictions - labels
    axes = list(range(1, diffs.shape.rank))
    n = tf.cast(tf.reduce_prod(tf.shape(diffs)[1:]), dtypes.float32)
    sum_sq = tf.reduce_sum(tf.square(diffs), axis=axes)
    sq_sum = tf.square(tf.reduce_sum(diffs, axis=axes))
    per_example = 2.0 * (tf.math.divide_no_nan(sum_sq, n - 1.0) - tf.math.divide_no_nan(sq_sum, n * (n - 1.0)))
    return compute_weighted_loss(per_example, weights, scope, loss_collection, Reduction.SUM_BY_NONZERO_WEIGHTS)


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds `loss` to the LOSSES collection (graph mode)."""
    if loss_collection:
        add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses of the collection (empty when eager)."""
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The REGULARIZATION_LOSSES collection (what get_variable's regularizers added).

        >>> tf.compat.v1.losses.get_regularization_losses()
    """
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (0.0 if none)."""
    losses = get_regularization_losses(scope)
    tf = _tf()
    return tf.add_n(losses) if losses else tf.constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of the LOSSES collection (plus regularization losses)."""
    losses = get_losses(scope) + (get_regularization_losses(scope) if add_regularization_losses else [])
    if not losses:
        raise ValueError("No losses found in collections.")
    return _tf().add_n(losses)
