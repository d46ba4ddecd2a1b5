"""The math functions of `tf.keras.backend` (`K.mean`, `K.sum`, `K.dot`, ...): thin wrappers over
numtf's ops with Keras's defaults (the last axis, `floatx()` for new values). `backend` loads
this module on first use of one of these names.

    >>> tf.keras.backend.mean(tf.constant([[1., 2.], [3., 4.]]), axis=0)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 3.], dtype=float32)>
"""
import numtf as _tf

from . import backend

__all__ = ["mean", "sum", "max", "min", "prod", "std", "var", "any", "all", "argmax", "argmin", "square",
           "sqrt", "exp", "log", "abs", "pow", "sign", "round", "clip", "maximum", "minimum", "equal",
           "not_equal", "greater", "less", "dot", "concatenate", "reshape", "stack", "expand_dims",
           "squeeze", "transpose", "cast", "flatten", "batch_flatten", "shape", "ones_like", "zeros_like",
           "variable", "constant", "zeros", "ones", "eye", "softmax", "relu", "sigmoid", "tanh", "softplus",
           "elu", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
           "gradients", "stop_gradient", "l2_normalize", "cumsum", "sin", "cos", "gather", "one_hot"]


def _floatx_if_bool(x):
    x = _tf.convert_to_tensor(x)
    return _tf.cast(x, backend.floatx()) if x.dtype is _tf.bool else x


def mean(x, axis=None, keepdims=False):
    return _tf.reduce_mean(_floatx_if_bool(x), axis, keepdims)


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    return _tf.reduce_sum(x, axis, keepdims)


def max(x, axis=None, keepdims=False):  # noqa: A001
    return _tf.reduce_max(x, axis, keepdims)


def min(x, axis=None, keepdims=False):  # noqa: A001
    return _tf.reduce_min(x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _tf.reduce_prod(x, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return _tf.math.reduce_std(_floatx_if_bool(x), axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _tf.math.reduce_variance(_floatx_if_bool(x), axis, keepdims)


def any(x, axis=None, keepdims=False):  # noqa: A001
    return _tf.reduce_any(_tf.cast(x, _tf.bool), axis, keepdims)


def all(x, axis=None, keepdims=False):  # noqa: A001
    return _tf.reduce_all(_tf.cast(x, _tf.bool), axis, keepdims)


def argmax(x, axis=-1):
    return _tf.argmax(x, axis)


def argmin(x, axis=-1):
    return _tf.argmin(x, axis)


def sqrt(x):
    """sqrt of x clipped at 0 (Keras never returns NaN here)."""
    x = _tf.convert_to_tensor(x)
    return _tf.sqrt(_tf.maximum(x, _tf.zeros([], x.dtype)))


def clip(x, min_value, max_value):
    """clip_by_value, with `max_value` raised to `min_value` when it is smaller."""
    if isinstance(min_value, (int, float)) and isinstance(max_value, (int, float)) and max_value < min_value:
        max_value = min_value
    if min_value is None:
        min_value = -float("inf")
    if max_value is None:
        max_value = float("inf")
    return _tf.clip_by_value(x, min_value, max_value)


def pow(x, a):  # noqa: A001
    return _tf.pow(x, a)


def dot(x, y):
    """Matrix product; for ranks above 2, contracts x's last axis with y's second to last."""
    x, y = _tf.convert_to_tensor(x), _tf.convert_to_tensor(y)
    if x.shape.rank is not None and y.shape.rank is not None and (x.shape.rank > 2 or y.shape.rank > 2):
        return _tf.tensordot(x, y, [[x.shape.rank - 1], [y.shape.rank - 2 if y.shape.rank > 1 else 0]])
    return _tf.matmul(x, y)


def concatenate(tensors, axis=-1):
    return _tf.concat(tensors, axis)


def expand_dims(x, axis=-1):
    return _tf.expand_dims(x, axis)


def squeeze(x, axis):
    return _tf.squeeze(x, [axis])


def transpose(x):
    return _tf.transpose(x)


def flatten(x):
    return _tf.reshape(x, [-1])


def batch_flatten(x):
    return _tf.reshape(x, _tf.stack([-1, _tf.reduce_prod(_tf.shape(x)[1:])]))


def variable(value, dtype=None, name=None, constraint=None):
    return _tf.Variable(value, dtype=_tf.as_dtype(dtype or backend.floatx()), name=name, constraint=constraint)


def constant(value, dtype=None, shape=None, name=None):
    return _tf.constant(value, dtype=dtype or backend.floatx(), shape=shape, name=name)


def zeros(shape, dtype=None, name=None):
    """A variable of zeros (Keras's K.zeros makes a variable)."""
    return _tf.Variable(_tf.zeros(shape, dtype or backend.floatx()), name=name)


def ones(shape, dtype=None, name=None):
    return _tf.Variable(_tf.ones(shape, dtype or backend.floatx()), name=name)


def eye(size, dtype=None, name=None):
    return _tf.Variable(_tf.eye(size, dtype=dtype or backend.floatx()), name=name)


def ones_like(x, dtype=None, name=None):
    return _tf.ones_like(x, dtype=dtype)


def zeros_like(x, dtype=None, name=None):
    return _tf.zeros_like(x, dtype=dtype)


def softmax(x, axis=-1):
    return _tf.nn.softmax(x, axis)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    return _tf.keras.activations.relu(x, alpha=alpha, max_value=max_value, threshold=threshold)


def elu(x, alpha=1.0):
    return _tf.keras.activations.elu(x, alpha)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _tf.keras.losses.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _tf.keras.losses.sparse_categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def binary_crossentropy(target, output, from_logits=False):
    """Elementwise (no mean over the last axis, unlike the loss function)."""
    target, output = _tf.convert_to_tensor(target), _tf.convert_to_tensor(output)
    if from_logits:
        return _tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = backend.epsilon()
    output = _tf.clip_by_value(output, eps, 1.0 - eps)
    return -(target * _tf.math.log(output) + (1.0 - target) * _tf.math.log(1.0 - output))


def gradients(loss, variables):
    return _tf.compat.v1.gradients(loss, variables)


def l2_normalize(x, axis=None):
    return _tf.math.l2_normalize(x, axis=axis)


def cumsum(x, axis=0):
    return _tf.cumsum(x, axis=axis)


def gather(reference, indices):
    return _tf.gather(reference, indices)


def one_hot(indices, num_classes):
    return _tf.one_hot(indices, depth=num_classes, axis=-1)


def _plain(name, fn):
    def f(*args):
        return fn(*args)
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"`tf.keras.backend.{name}`: {getattr(fn, '__name__', name)} of numtf."
    return f


for _name, _fn in (("square", _tf.square), ("exp", _tf.exp), ("log", _tf.math.log), ("abs", _tf.abs),
                   ("sign", _tf.sign), ("round", _tf.round), ("maximum", _tf.maximum), ("minimum", _tf.minimum),
                   ("equal", _tf.equal), ("not_equal", _tf.not_equal), ("greater", _tf.greater), ("less", _tf.less),
                   ("reshape", _tf.reshape), ("cast", _tf.cast), ("shape", _tf.shape), ("sigmoid", _tf.sigmoid),
                   ("tanh", _tf.tanh), ("softplus", _tf.math.softplus), ("stop_gradient", _tf.stop_gradient),
                   ("sin", _tf.sin), ("cos", _tf.cos)):
    globals()[_name] = _plain(_name, _fn)


def stack(x, axis=0):
    return _tf.stack(x, axis=axis)
