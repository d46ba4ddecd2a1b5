"""Cross-entropy losses of `tf.nn`: softmax (dense and sparse labels), sigmoid and weighted
sigmoid, computed from logits in one stable pass.

The softmax cross-entropies are TF's fused ops with two outputs, (loss, backprop = softmax -
labels): the gradient is one multiply, and the backprop output carries second derivatives.

    >>> tf.nn.sparse_softmax_cross_entropy_with_logits([0], [[0., 0.]]).numpy().tolist()
    [0.6931471824645996]
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, unbroadcast, zeros_like
from .convert import convert_to_tensor
from .registry import primitive, execute
from .shape_rules import broadcast_static, same_as_input
from .reduction_ops import M, check_dtype, expand_reduced, is_float, rank_of, FLOAT
from .nn_ops import max_keepdims, softmax, softmax_grad, log_softmax

__all__ = []


def _eager(*ts):
    return ctx.graph is None and all(type(t) is Tensor for t in ts)


def _is_zero(t):
    """True for a gradient known to be zero: the backward pass fills unused outputs' gradients
    with zeros (an eager all-zero tensor, or a zeros_like node in a graph)."""
    if type(t) is Tensor:
        return not t._value.any()
    node = getattr(t, "op", None)
    return node is not None and node.op.name == "FillLike" and node.attrs.get("value") == 0


def _dims(shape):
    return ",".join(str(d) for d in shape)


def _not_broadcastable(logits_shape, labels_shape):
    return InvalidArgumentError(
        None, "SoftmaxCrossEntropyWithLogits", f"logits and labels must be broadcastable: logits_size="
        f"[{_dims(logits_shape)}] labels_size=[{_dims(labels_shape)}] [Op:SoftmaxCrossEntropyWithLogits]")


# -- softmax cross-entropy with dense labels ---------------------------------------------------------
def _softmax_xent_kernel(logits, labels, axis):
    if logits.shape != labels.shape:
        try:
            np.broadcast_shapes(logits.shape, labels.shape)
        except ValueError:
            raise _not_broadcastable(logits.shape, labels.shape) from None
    log_sm = np.subtract(logits, max_keepdims(logits, axis))
    sm = np.exp(log_sm)
    s = np.add.reduce(sm, axis=axis, keepdims=True)
    sm /= s
    log_sm -= np.log(s, out=s)
    loss = -np.add.reduce(labels * log_sm, axis=axis)
    # TF's backprop ignores sum(labels) (right for labels that are distributions).
    return loss, np.subtract(sm, labels)


def _softmax_xent_infer(ins, a):
    s = broadcast_static(ins[0].shape, ins[1].shape)
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype), (s, ins[0].dtype)]
    axis = a["axis"] % s.rank
    return [(TensorShape([d for i, d in enumerate(s) if i != axis]), ins[0].dtype), (s, ins[0].dtype)]


def _softmax_xent_grad(n, g_loss, g_backprop):
    logits, labels = n.inputs
    backprop = n.outputs[1]
    axis = n.attrs["axis"]
    needs = n.needs or (True, True)
    rank = rank_of(backprop)
    gl = expand_reduced(g_loss, (axis if rank is None else axis % rank,))
    second = g_backprop is not None and not _is_zero(g_backprop)
    g_logits = g_labels = None
    if needs[0]:
        g_logits = gl * backprop
        if second:
            g_logits = g_logits + softmax_grad(g_backprop, softmax(logits, axis), axis)
        g_logits = unbroadcast(g_logits, logits)
    if needs[1]:
        g_labels = gl * -log_softmax(logits, axis)
        if second:
            g_labels = g_labels - g_backprop
        g_labels = unbroadcast(g_labels, labels)
    return g_logits, g_labels


SOFTMAX_XENT = primitive("SoftmaxCrossEntropyWithLogits", _softmax_xent_kernel, _softmax_xent_infer,
                         num_outputs=2, grad=_softmax_xent_grad)


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits), axis) per example; the gradient flows to the logits and
    to the labels (TF2's v2 op).

        >>> tf.nn.softmax_cross_entropy_with_logits([[0., 1.]], [[0., 0.]]).numpy().tolist()
        [0.6931471824645996]
    """
    z = _as_tensor(logits)
    check_dtype(z, "SoftmaxCrossEntropyWithLogits", is_float, FLOAT, "features")
    y = labels if isinstance(labels, Tensor) and labels.dtype is z.dtype else convert_to_tensor(labels, z.dtype)
    try:
        rank = broadcast_static(z.shape, y.shape).rank
    except ValueError:
        if not _eager(z, y):
            raise
        raise _not_broadcastable(z.shape, y.shape) from None
    axis = int(axis)
    if rank is not None:
        if rank == 0 or not -rank <= axis < rank:
            raise ValueError(f"`axis` = {axis} is out of range for logits of rank {rank}")
        axis %= rank
    return execute(SOFTMAX_XENT, (z, y), {"axis": axis})[0]


# -- softmax cross-entropy with sparse labels --------------------------------------------------------
def _sparse_xent_kernel(logits, labels):
    classes = logits.shape[-1]
    flat_labels = labels.reshape(-1)
    if flat_labels.size and (flat_labels.min() < 0 or flat_labels.max() >= classes):
        bad = flat_labels[np.argmax((flat_labels < 0) | (flat_labels >= classes))]
        values = " ".join(str(v) for v in flat_labels)
        raise InvalidArgumentError(
            None, "SparseSoftmaxCrossEntropyWithLogits", f"Received a label value of {bad} which is outside the "
            f"valid range of [0, {classes}).  Label values: {values} [Op:SparseSoftmaxCrossEntropyWithLogits]")
    n = flat_labels.size
    shifted = logits.reshape(n, classes)
    shifted = np.subtract(shifted, max_keepdims(shifted, -1))
    sm = np.exp(shifted)
    s = np.add.reduce(sm, axis=-1)
    sm /= s[:, None]
    at = np.arange(0, n * classes, classes)  # flat positions of the labels' logits
    at += flat_labels
    loss = np.log(s, out=s)
    loss -= shifted.reshape(-1)[at]
    sm.reshape(-1)[at] -= 1  # sm is fresh and contiguous: reshape is a view
    return loss.reshape(labels.shape), sm.reshape(logits.shape)


def _sparse_xent_grad(n, g_loss, g_backprop):
    logits = n.inputs[0]
    backprop = n.outputs[1]
    rank = rank_of(backprop)
    g = expand_reduced(g_loss, (-1,) if rank is None else (rank - 1,)) * backprop
    if g_backprop is not None and not _is_zero(g_backprop):
        g = g + softmax_grad(g_backprop, softmax(logits))
    return g, None


SPARSE_SOFTMAX_XENT = primitive(
    "SparseSoftmaxCrossEntropyWithLogits", _sparse_xent_kernel,
    lambda ins, a: [(ins[1].shape, ins[0].dtype), (ins[0].shape, ins[0].dtype)],
    num_outputs=2, grad=_sparse_xent_grad)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """-log_softmax(logits)[label] per example, for integer class `labels` of shape
    logits.shape[:-1]; out-of-range labels raise InvalidArgumentError.

        >>> tf.nn.sparse_softmax_cross_entropy_with_logits([1], [[0., 0.]]).numpy().tolist()
        [0.6931471824645996]
    """
    z = _as_tensor(logits)
    y = _as_tensor(labels)
    check_dtype(z, "SparseSoftmaxCrossEntropyWithLogits", is_float, FLOAT, "features")
    if y._dtype is not dtypes.int32 and y._dtype is not dtypes.int64:
        name = {"float32": "float", "float64": "double"}.get(y.dtype.name, y.dtype.name)
        msg = f"Value for attr 'Tlabels' of {name} is not in the list of allowed values: int32, int64"
        if _eager(y):
            raise InvalidArgumentError(None, "SparseSoftmaxCrossEntropyWithLogits",
                                       f"{msg} [Op:SparseSoftmaxCrossEntropyWithLogits]")
        raise TypeError(msg)
    if type(z) is Tensor and type(y) is Tensor and z._value.ndim and y._value.shape == z._value.shape[:-1]:
        return execute(SPARSE_SOFTMAX_XENT, (z, y))[0]  # the common eager case, checked
    zs, ys = z.shape, y.shape
    if zs.rank == 0:
        raise ValueError(f"Logits cannot be scalars - received shape {zs}.")
    if zs.rank is not None and ys.rank is not None:
        if ys.rank != zs.rank - 1 or not ys.is_compatible_with(zs[:-1]):
            raise ValueError("`labels.shape` must equal `logits.shape` except for the last dimension. Received: "
                             f"labels.shape={ys} and logits.shape={zs}")
    return execute(SPARSE_SOFTMAX_XENT, (z, y))[0]


# -- sigmoid cross-entropy ---------------------------------------------------------------------------
def _sigmoid_xent_kernel(x, z):
    # max(x, 0) - x * z + log(1 + exp(-|x|)): no overflow for any x.
    t = np.abs(x, out=np.empty_like(x))  # out=: an array even for 0-d x
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    loss = np.maximum(x, 0)
    loss -= x * z
    loss += t
    return loss


def _sigmoid_xent_grad(n, g):
    x, z = n.inputs
    needs = n.needs or (True, True)
    gx = g * (M.sigmoid(x) - z) if needs[0] else None
    gz = g * -x if needs[1] else None
    return gx, gz


SIGMOID_XENT = primitive("SigmoidCrossEntropyWithLogits", _sigmoid_xent_kernel, same_as_input,
                         grad=_sigmoid_xent_grad)


def _sigmoid_xent(logits, labels):
    return execute(SIGMOID_XENT, (logits, labels))


def _logits_and_labels(labels, logits):
    z = _as_tensor(logits)
    y = labels if isinstance(labels, Tensor) and labels.dtype is z.dtype else convert_to_tensor(labels, z.dtype)
    if not z.shape.is_compatible_with(y.shape):
        raise ValueError(f"`logits` and `labels` must have the same shape, received ({z.shape} vs {y.shape}).")
    return z, y


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Elementwise -labels * log(sigmoid(logits)) - (1 - labels) * log(1 - sigmoid(logits)),
    computed stably.

        >>> tf.nn.sigmoid_cross_entropy_with_logits([1., 0.], [1e4, 1e4]).numpy().tolist()
        [0.0, 10000.0]
    """
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")
    z, y = _logits_and_labels(labels, logits)
    check_dtype(z, "SigmoidCrossEntropyWithLogits", is_float, FLOAT, "logits")
    return _sigmoid_xent(z, y)


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy whose positive term is weighted by `pos_weight`.

        >>> round(float(tf.nn.weighted_cross_entropy_with_logits([1.], [1.], 2.)[0]), 5)
        0.62652
    """
    z, y = _logits_and_labels(labels, logits)
    q = convert_to_tensor(pos_weight, z.dtype)
    log_weight = (q - 1.0) * y + 1.0
    softplus_neg = _sigmoid_xent(-z, zeros_like(z))  # log(1 + exp(-z)), stably
    return (1.0 - y) * z + log_weight * softplus_neg


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), computed stably (`tf.math.log_sigmoid`).

        >>> tf.math.log_sigmoid([0.]).numpy().tolist()
        [-0.6931471824645996]
    """
    t = _as_tensor(x)
    check_dtype(t, "Softplus", is_float, FLOAT, "features")
    return -_sigmoid_xent(-t, zeros_like(t))
