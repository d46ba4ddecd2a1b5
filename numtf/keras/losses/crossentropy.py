"""The cross-entropy losses of `tf.keras.losses` with tf-keras's numerics.

On probabilities the cross-entropies clip to [epsilon, 1 - epsilon] (epsilon = 1e-7), except
when the probabilities come straight from a softmax (or, for the binary one, a sigmoid): then
the logits are used, through the fused, numerically stable `tf.nn` cross-entropy ops. Eagerly
that is known from the `_keras_logits` attribute Keras's softmax/sigmoid activations put on
their outputs (a plain `tf.nn.softmax` output carries none, so it is clipped, as in tf-keras);
inside a graph, from the Softmax/Sigmoid op that made the tensor.

    >>> y = tf.keras.activations.softmax(tf.constant([[100., 0.]]))
    >>> tf.keras.losses.categorical_crossentropy([[0., 1.]], y).numpy()    # not clipped at 16.1
    array([100.], dtype=float32)
"""
import warnings

from ...framework import dtypes
from ...framework.tensor import Tensor
from ...ops.array_ops import cast, reshape, shape as _shape, transpose, zeros_like
from ...ops.logic_ops import not_equal, where
from ...ops.math_ops2 import clip_by_value, log
from ...ops.nn_losses import (sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits,
                              sparse_softmax_cross_entropy_with_logits)
from ...ops.reduction_ops import reduce_mean, reduce_sum
from .. import backend
from .utils import as_tensor, check_same_shape, check_broadcastable, sparse_shape_error, static_shape

__all__ = ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"]


def _logits_of(output, from_logits, op_type, fn_name):
    """(logits, True) when `output` is known to be a softmax/sigmoid of some logits, else
    (output, from_logits)."""
    logits = getattr(output, "_keras_logits", None)
    if logits is None and type(output) is not Tensor:
        node = getattr(output, "op", None)
        if node is not None and getattr(node.op, "name", None) == op_type and len(node.inputs) == 1 and (
                op_type != "Softmax" or _softmax_over_last_axis(node)):
            logits = node.inputs[0]
    if logits is None:
        return output, from_logits
    if from_logits:
        warnings.warn(f'"`{fn_name}` received `from_logits=True`, but the `output` argument was produced by '
                      f'a {op_type} activation and thus does not represent logits. Was this intended?',
                      stacklevel=3)
    return logits, True


def _softmax_over_last_axis(node):
    # tf.nn.softmax over another axis is a transpose sandwich in TF: not a Softmax op output.
    rank = node.inputs[0].shape.rank
    axis = (node.attrs or {}).get("axis", -1)
    return rank is not None and axis % rank == rank - 1


def _eps(dtype):
    return dtype._np.type(backend.epsilon())


def _smoothing(label_smoothing, y_pred):
    """label_smoothing as a Python float, or as a tensor when it is a symbolic one."""
    if isinstance(label_smoothing, Tensor) and type(label_smoothing) is not Tensor:
        return cast(label_smoothing, y_pred.dtype)
    return float(label_smoothing)


def _smooth_categorical(y_true, ls, axis):
    """y_true * (1 - ls) + ls / num_classes, computed in y_true's dtype."""
    np_t = y_true.dtype._np.type
    ts = static_shape(y_true)
    n = None if ts is None else ts[axis]
    num_classes = np_t(n) if n is not None else cast(_shape(y_true)[axis], y_true.dtype)
    if isinstance(ls, float):
        ls = np_t(ls)
    return y_true * (np_t(1.0) - ls) + ls / num_classes


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """-sum(y_true * log(y_pred), axis) per example, for one-hot (or soft) labels.

        >>> tf.keras.losses.categorical_crossentropy([[0., 1.]], [[0.5, 0.5]]).numpy()
        array([0.6931472], dtype=float32)
    """
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")
    y_pred = as_tensor(y_pred)
    y_true = cast(y_true, y_pred.dtype)
    check_same_shape("categorical_crossentropy", y_true, y_pred, "sparse_categorical_crossentropy")
    ps = static_shape(y_pred)
    if ps and ps[-1] == 1:
        warnings.warn(f"In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, num_classes) "
                      f"with num_classes > 1. Received: y_pred.shape={y_pred.shape}. Consider using "
                      "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=2)
    ls = _smoothing(label_smoothing, y_pred)
    if not isinstance(ls, float) or ls:
        y_true = _smooth_categorical(y_true, ls, axis)
    output, from_logits = _logits_of(y_pred, from_logits, "Softmax", "categorical_crossentropy")
    if from_logits:
        return softmax_cross_entropy_with_logits(labels=y_true, logits=output, axis=axis)
    output = output / reduce_sum(output, axis, keepdims=True)
    eps = _eps(output.dtype)
    output = clip_by_value(output, eps, output.dtype._np.type(1.0) - eps)
    return -reduce_sum(y_true * log(output), axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1, ignore_class=None):
    """-log(y_pred[y_true]) per example, for integer class labels of shape y_pred.shape[:-1]
    (or with a trailing 1); float labels are truncated to integers. Labels equal to
    `ignore_class` give 0 and are masked out of the reduction.

        >>> tf.keras.losses.sparse_categorical_crossentropy([1], [[0.5, 0.5]]).numpy()
        array([0.6931472], dtype=float32)
    """
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true)
    ts0, ps0 = static_shape(y_true), static_shape(y_pred)
    output, from_logits = _logits_of(y_pred, from_logits, "Softmax", "sparse_categorical_crossentropy")
    if not from_logits:
        eps = _eps(output.dtype)
        output = log(clip_by_value(output, eps, output.dtype._np.type(1.0) - eps))
    rank = len(ps0) if ps0 is not None else None
    if rank is not None:
        if rank == 0:
            raise sparse_shape_error("sparse_categorical_crossentropy", ts0, ps0)
        axis %= rank
        if axis != rank - 1:
            perm = [i for i in range(rank) if i != axis] + [axis]
            output = transpose(output, perm)
    elif axis != -1:
        raise ValueError(f"Cannot compute sparse categorical crossentropy with `axis={axis}` on an output "
                         "tensor with unknown rank")
    labels = y_true
    if labels.dtype not in (dtypes.int32, dtypes.int64):
        labels = cast(labels, dtypes.int64)
    out_shape = static_shape(output)
    batch_shape = None if out_shape is None else out_shape[:-1]
    flatten = ts0 is not None and rank is not None and len(ts0) != rank - 1
    if ts0 is not None and batch_shape is not None:
        n_labels = _count(ts0)
        n_rows = _count(batch_shape)
        ok = (n_labels is None or n_rows is None or n_labels == n_rows) if flatten else all(
            a is None or b is None or a == b for a, b in zip(ts0, batch_shape))
        if not ok:
            raise sparse_shape_error("sparse_categorical_crossentropy", ts0, ps0, "categorical_crossentropy")
    if flatten:
        labels = reshape(labels, [-1])
        if rank != 2:
            output = reshape(output, [-1, out_shape[-1] if out_shape[-1] is not None else -1])
    if ignore_class is not None:
        valid = not_equal(labels, cast(ignore_class, labels.dtype))
        labels = where(valid, labels, zeros_like(labels))
        res = sparse_softmax_cross_entropy_with_logits(labels=labels, logits=output)
        res = res * cast(valid, res.dtype)
        if batch_shape is not None and None not in batch_shape:
            res = reshape(res, batch_shape)
            valid = reshape(valid, batch_shape)
        res._keras_mask = valid
        return res
    res = sparse_softmax_cross_entropy_with_logits(labels=labels, logits=output)
    if flatten and rank >= 3:
        res = reshape(res, [d if d is not None else -1 for d in batch_shape])
    return res


def _count(shape):
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def smooth_binary_labels(y_true, y_pred, label_smoothing):
    """Binary labels squeezed towards 0.5: y * (1 - ls) + 0.5 * ls (in y_pred's dtype)."""
    ls = _smoothing(label_smoothing, y_pred)
    if not isinstance(ls, float) or ls:
        np_t = y_pred.dtype._np.type
        if isinstance(ls, float):
            ls = np_t(ls)
        y_true = y_true * (np_t(1.0) - ls) + np_t(0.5) * ls
    return y_true


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """mean(-y_true * log(y_pred) - (1 - y_true) * log(1 - y_pred), axis) per example.

        >>> tf.keras.losses.binary_crossentropy([[0., 1.]], [[0.5, 0.5]]).numpy().round(5)
        array([0.69315], dtype=float32)
    """
    y_pred = as_tensor(y_pred)
    y_true = cast(y_true, y_pred.dtype)
    check_broadcastable("binary_crossentropy", y_true, y_pred)
    y_true = smooth_binary_labels(y_true, y_pred, label_smoothing)
    output, from_logits = _logits_of(y_pred, from_logits, "Sigmoid", "binary_crossentropy")
    if from_logits:
        return reduce_mean(sigmoid_cross_entropy_with_logits(labels=y_true, logits=output), axis)
    np_t = output.dtype._np.type
    eps = np_t(backend.epsilon())
    output = clip_by_value(output, eps, np_t(1.0) - eps)
    bce = y_true * log(output + eps)
    bce = bce + (1.0 - y_true) * log(1.0 - output + eps)
    return reduce_mean(-bce, axis)
