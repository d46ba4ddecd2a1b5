"""`tf.keras.activations`: activation functions by name or function.

`softmax` marks its output with `_keras_logits` so that cross-entropy losses can use the
logits instead of clipped probabilities, as tf-keras does.

    >>> tf.keras.activations.get('relu')(tf.constant([-1., 2.])).numpy()
    array([0., 2.], dtype=float32)
"""
from .. import nn as _nn
from .. import math as _math
from ..ops import array_ops as _array_ops
from ..ops import math_ops as _math_ops


def linear(x):
    return x


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """max(x, 0), with Keras's optional leak `alpha`, cap `max_value` and `threshold`."""
    if alpha == 0.0 and max_value is None and threshold == 0.0:
        return _nn.relu(x)
    if max_value == 6.0 and alpha == 0.0 and threshold == 0.0:
        return _nn.relu6(x)
    x = _array_ops._as_tensor(x)
    negative = _nn.relu(-x + threshold) if alpha != 0.0 else None
    y = _math_ops.multiply(x, _array_ops.cast(_math_ops.greater(x, threshold), x.dtype)) if threshold != 0.0 else _nn.relu(x)
    if max_value is not None:
        y = _math_ops.minimum(y, max_value)
    if negative is not None:
        y = y - alpha * negative
    return y


def softmax(x, axis=-1):
    """Softmax over `axis`; the result remembers its logits for the cross-entropy losses."""
    out = _nn.softmax(x, axis=axis)
    try:
        out._keras_logits = x
    except AttributeError:
        pass
    return out


def sigmoid(x):
    out = _math.sigmoid(x)
    try:
        out._keras_logits = x
    except AttributeError:
        pass
    return out


def tanh(x):
    return _math.tanh(x)


def elu(x, alpha=1.0):
    return _nn.elu(x) if alpha == 1.0 else _math_ops.where(x > 0, _nn.elu(x), alpha * _nn.elu(x))


def selu(x):
    return _nn.selu(x)


def softplus(x):
    return _math.softplus(x)


def softsign(x):
    return _nn.softsign(x)


def swish(x):
    return _nn.silu(x)


silu = swish


def gelu(x, approximate=False):
    return _nn.gelu(x, approximate=approximate)


def exponential(x):
    return _math.exp(x)


def hard_sigmoid(x):
    """Keras 2's piecewise-linear sigmoid: clip(0.2 * x + 0.5, 0, 1)."""
    return _math_ops.clip_by_value(x * 0.2 + 0.5, 0.0, 1.0)


def relu6(x):
    return _nn.relu6(x)


def leaky_relu(x, alpha=0.3):
    return _nn.leaky_relu(x, alpha=alpha)


def mish(x):
    return x * _math.tanh(_math.softplus(x))


def log_softmax(x, axis=-1):
    return _nn.log_softmax(x, axis=axis)


_BY_NAME = {f.__name__: f for f in (linear, relu, softmax, sigmoid, tanh, elu, selu, softplus,
                                      softsign, swish, gelu, exponential, hard_sigmoid, relu6,
                                      leaky_relu, mish, log_softmax)}
_BY_NAME["silu"] = swish


def get(identifier):
    """An activation function from a name, a function, a config dict, or None (linear)."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        fn = _BY_NAME.get(identifier)
        if fn is None:
            raise ValueError(f"Unknown activation function '{identifier}' cannot be deserialized.")  # (tf-keras 2.21)
        return fn
    if isinstance(identifier, dict):
        return get(identifier.get("config", identifier.get("class_name")))
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation):
    """The activation's name (Keras stores activations by name in layer configs)."""
    name = getattr(activation, "__name__", None)
    if name in _BY_NAME and _BY_NAME[name] is activation:
        return name
    for key, fn in _BY_NAME.items():
        if fn is activation:
            return key
    # tf.nn.relu etc. serialize under their Keras names
    if name in _BY_NAME:
        return name
    if name is None:
        raise ValueError(f"Cannot serialize activation {activation!r}")
    return name


def deserialize(name, custom_objects=None):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    return get(name)
