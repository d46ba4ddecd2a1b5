"""TF1 signatures of `tf.nn` functions: `keep_prob` dropout, `_sentinel` cross-entropies, `dim=`,
`keep_dims=`, `filter=` and `xw_plus_b`.

    >>> tf.compat.v1.nn.dropout(x, keep_prob=0.5)
"""
import sys

__all__ = ["dropout", "softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
           "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits", "softmax",
           "log_softmax", "moments", "l2_normalize", "conv2d", "max_pool", "avg_pool", "xw_plus_b", "relu_layer"]


def _tf():
    return sys.modules["numtf"]


def _named_only(name, sentinel):
    if sentinel is not None:
        raise ValueError(f"Only call `{name}` with named arguments (labels=..., logits=..., ...). "
                         f"Received unnamed argument: {sentinel}")


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """Zeroes entries with probability 1 - keep_prob and scales the rest by 1 / keep_prob."""
    if rate is None:
        if keep_prob is None:
            raise ValueError("You must provide a `rate` to `dropout`.")
        if isinstance(keep_prob, (int, float)) and not 0 < keep_prob <= 1:
            raise ValueError(f"`keep_prob` must be a scalar tensor or a float in the range (0, 1], got {keep_prob}")
        rate = 1 - keep_prob
    elif keep_prob is not None:
        raise ValueError("Cannot specify both 'rate' and 'keep_prob'.")
    return _tf().nn.dropout(x, rate, noise_shape=noise_shape, seed=seed)


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None):
    """Per-example cross-entropy of softmax(logits) against `labels` (no gradient into labels)."""
    _named_only("softmax_cross_entropy_with_logits", _sentinel)
    tf = _tf()
    axis = dim if axis is None else axis
    return tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels), logits=logits, axis=axis)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """Per-example cross-entropy of softmax(logits) against `labels` (labels differentiable)."""
    axis = dim if axis is None else axis
    return _tf().nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, axis=-1 if axis is None else axis)


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Per-example cross-entropy of softmax(logits) against integer labels."""
    _named_only("sparse_softmax_cross_entropy_with_logits", _sentinel)
    return _tf().nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Per-entry logistic loss."""
    _named_only("sigmoid_cross_entropy_with_logits", _sentinel)
    return _tf().nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)


def softmax(logits, axis=None, name=None, dim=None):
    """Softmax along `axis` (TF1 also calls it `dim`).

        >>> tf.compat.v1.nn.softmax(logits, dim=-1)
    """
    axis = dim if axis is None else axis
    return _tf().nn.softmax(logits, axis=-1 if axis is None else axis)


def log_softmax(logits, axis=None, name=None, dim=None):
    """Log-softmax along `axis` (or `dim`).

        >>> tf.compat.v1.nn.log_softmax(logits)
    """
    axis = dim if axis is None else axis
    return _tf().nn.log_softmax(logits, axis=-1 if axis is None else axis)


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and variance over `axes` (TF1's `keep_dims`)."""
    keep = keep_dims if keep_dims is not None else keepdims
    return _tf().nn.moments(x, axes, shift=shift, keepdims=bool(keep))


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2, axis), epsilon)) (TF1 also calls `axis` `dim`).

        >>> tf.compat.v1.nn.l2_normalize(x, dim=1)
    """
    axis = dim if axis is None else axis
    return _tf().nn.l2_normalize(x, axis=axis, epsilon=epsilon)


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True, data_format="NHWC",  # noqa: A002
           dilations=None, name=None, filters=None):
    """2-D convolution (TF1 names the kernel `filter`)."""
    if filters is None:
        filters = filter
    return _tf().nn.conv2d(input, filters, strides, padding, data_format=data_format, dilations=dilations)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """2-D max pooling (TF1 names the input `value`).

        >>> tf.compat.v1.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    """
    return _tf().nn.max_pool2d(value if input is None else input, ksize, strides, padding, data_format=data_format)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """2-D average pooling (TF1 names the input `value`).

        >>> tf.compat.v1.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    """
    return _tf().nn.avg_pool2d(value if input is None else input, ksize, strides, padding, data_format=data_format)


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases."""
    tf = _tf()
    return tf.nn.bias_add(tf.matmul(x, weights), biases)


def relu_layer(x, weights, biases, name=None):
    """relu(matmul(x, weights) + biases)."""
    return _tf().nn.relu(xw_plus_b(x, weights, biases))
