"""Neural-network ops: activations (relu family, elu, selu, gelu, swish, softmax, log_softmax),
bias_add, dropout, moments, batch_normalization, l2_loss, embedding_lookup. `tf.nn` re-exports
these (the cross-entropies are in nn_losses.py).

Activations are primitives whose gradients are TF's *Grad ops (ReluGrad, EluGrad, ...), which
use the activation's output (or input) and are themselves differentiable.

    >>> tf.nn.relu([-1., 2.]).numpy().tolist()
    [0.0, 2.0]
"""
import numbers

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, cast, get_static_value, reshape, reshape_like, shape as shape_of
from .convert import convert_to_tensor, convert_pair
from .registry import REGISTRY, primitive, execute, execute_unary
from .shape_rules import same_as_input
from .stack_ops import broadcast_to
from .reduction_ops import (M, check_dtype, is_float, is_real, rank_of, static_int_value, FLOAT, REAL, reduce_sum,
                            reduce_mean)

__all__ = []

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_F32_0_044715 = float(np.float32(0.044715))
_F32_SQRT_HALF = float(np.float32(0.7071067811865476))


def _float_input(features, op_name):
    t = _as_tensor(features)
    check_dtype(t, op_name, is_float, FLOAT, "features")
    return t


def _mask_grad_infer(ins, a):
    return [(ins[0].shape, ins[0].dtype)]


# -- relu, relu6, leaky_relu -----------------------------------------------------------------------
RELU = primitive("Relu", lambda x: np.maximum(x, 0), same_as_input)
# g where the activation passed its input through (y > 0), else 0; also a general mask op.
RELU_GRAD = primitive("ReluGrad", lambda g, y: np.multiply(g, y > 0), _mask_grad_infer,
                      grad=lambda n, gg: (relu_grad(gg, n.inputs[1]), None))
RELU.grad = lambda n, g: relu_grad(g, n.outputs[0])


# Gradient hints (`Tensor._grad_hint`), on eager tensors only. A relu's output x >= 0, so a max
# pool over it routes a window's gradient to a positive element unless the whole window is 0, where
# the relu's own gradient then zeroes it: the pool's gradient rule masks in its 4x smaller output
# space instead (pool_ops) and marks its result, and the relu's rule skips its full-size pass.
RELU_OUTPUT = "relu output"  # this tensor is a relu's output
RELU_MASKED = "relu masked"  # this gradient is already 0 wherever the relu output it is for is 0


def relu_grad(g, y):
    """g * (y > 0): the gradient of relu at output (or input) y."""
    return execute(RELU_GRAD, (g, y))


def relu(features, name=None):
    """max(features, 0).

        >>> tf.nn.relu([-1., 2.]).numpy().tolist()
        [0.0, 2.0]
    """
    t = features if type(features) is Tensor else _as_tensor(features)
    check_dtype(t, "Relu", is_real, REAL, "features")
    return execute_unary(RELU, t)


RELU6 = primitive("Relu6", lambda x: np.clip(x, 0, 6), same_as_input)
_BLOCK = 1 << 16  # elements: a block's masks and product stay in cache


def _relu6_grad_kernel(g, x):
    """g where 0 < x < 6, else 0; big arrays block by block (the two masks and the product make
    four passes: ~20% faster in cache than over MobileNetV2's 38 MB activations)."""
    if x.size < 16 * _BLOCK or g.shape != x.shape or not (g.flags.c_contiguous and x.flags.c_contiguous):
        return np.multiply(g, (x > 0) & (x < 6))
    out = np.empty_like(g)
    gf, xf, of = g.reshape(-1), x.reshape(-1), out.reshape(-1)
    above, below = np.empty(_BLOCK, bool), np.empty(_BLOCK, bool)
    for i in range(0, xf.size, _BLOCK):
        xb = xf[i:i + _BLOCK]
        n = xb.size
        keep = np.greater(xb, 0, out=above[:n])
        keep &= np.less(xb, 6, out=below[:n])
        np.multiply(gf[i:i + _BLOCK], keep, out=of[i:i + _BLOCK])
    return out


RELU6_GRAD = primitive("Relu6Grad", _relu6_grad_kernel, _mask_grad_infer,
                       grad=lambda n, gg: (execute(RELU6_GRAD, (gg, n.inputs[1])), None))
RELU6.grad = lambda n, g: execute(RELU6_GRAD, (g, n.inputs[0]))


def relu6(features, name=None):
    """min(max(features, 0), 6).

        >>> tf.nn.relu6([-1., 3., 7.]).numpy().tolist()
        [0.0, 3.0, 6.0]
    """
    t = _as_tensor(features)
    check_dtype(t, "Relu6", is_real, REAL, "features")
    return execute_unary(RELU6, t)


def _leaky_kernel(x, alpha):
    if alpha <= 1:
        return np.maximum(x, x * alpha)
    return np.where(x > 0, x, x * alpha)


LEAKY_RELU = primitive("LeakyRelu", _leaky_kernel, same_as_input)
LEAKY_RELU_GRAD = primitive("LeakyReluGrad", lambda g, x, alpha: np.where(x > 0, g, g * alpha), _mask_grad_infer,
                            grad=lambda n, gg: (execute(LEAKY_RELU_GRAD, (gg, n.inputs[1]), n.attrs), None))
LEAKY_RELU.grad = lambda n, g: execute(LEAKY_RELU_GRAD, (g, n.inputs[0]), n.attrs)


def leaky_relu(features, alpha=0.2, name=None):
    """features where positive, alpha * features elsewhere (integer inputs become float32).

        >>> tf.nn.leaky_relu([-1., 2.]).numpy().tolist()
        [-0.20000000298023224, 2.0]
    """
    t = _as_tensor(features)
    if t.dtype.is_integer:
        t = cast(t, dtypes.float32)
    check_dtype(t, "LeakyRelu", is_float, FLOAT, "features")
    # TF's alpha is a float32 attribute, even for float64 features.
    return execute_unary(LEAKY_RELU, t, {"alpha": float(np.float32(alpha))})


# -- elu, selu -------------------------------------------------------------------------------------
def _elu_kernel(x):
    y = np.minimum(x, 0, out=np.empty_like(x))  # out=: an array even for 0-d x
    np.expm1(y, out=y)
    y += np.maximum(x, 0)
    return y


def _negative_part_grad(n, gg):
    # d/dy of where(y < 0, g * (y + c), g * s) is g where y < 0.
    g, y = n.inputs
    return execute(n.op, (gg, y)), relu_grad(gg * g, -y)


ELU = primitive("Elu", _elu_kernel, same_as_input)
ELU_GRAD = primitive("EluGrad", lambda g, y: np.where(y < 0, g * (y + 1), g), _mask_grad_infer,
                     grad=_negative_part_grad)
ELU.grad = lambda n, g: execute(ELU_GRAD, (g, n.outputs[0]))


def elu(features, name=None):
    """features where positive, exp(features) - 1 elsewhere.

        >>> tf.nn.elu([-1., 2.]).numpy().tolist()
        [-0.6321205496788025, 2.0]
    """
    return execute_unary(ELU, _float_input(features, "Elu"))


def _selu_kernel(x):
    y = np.minimum(x, 0, out=np.empty_like(x))
    np.expm1(y, out=y)
    y *= _SELU_ALPHA
    y += np.maximum(x, 0)
    y *= _SELU_SCALE
    return y


SELU = primitive("Selu", _selu_kernel, same_as_input)
SELU_GRAD = primitive("SeluGrad", lambda g, y: np.where(y < 0, g * (y + _SELU_SCALE * _SELU_ALPHA), g * _SELU_SCALE),
                      _mask_grad_infer, grad=_negative_part_grad)
SELU.grad = lambda n, g: execute(SELU_GRAD, (g, n.outputs[0]))


def selu(features, name=None):
    """Scaled exponential linear unit: scale * elu-like(features) with TF's alpha and scale.

        >>> round(float(tf.nn.selu([1.])[0]), 6)
        1.050701
    """
    return execute_unary(SELU, _float_input(features, "Selu"))


# -- softsign ----------------------------------------------------------------------------------------
def _softsign_kernel(x):
    y = np.abs(x, out=np.empty_like(x))
    y += 1
    return np.divide(x, y, out=y)


SOFTSIGN = primitive("Softsign", _softsign_kernel, same_as_input,
                     grad=lambda n, g: g / M.square(M.abs(n.inputs[0]) + 1.0))


def softsign(features, name=None):
    """features / (1 + |features|) (`tf.nn.softsign`, `tf.math.softsign`).

        >>> tf.nn.softsign([1., -3.]).numpy().tolist()
        [0.5, -0.75]
    """
    return execute_unary(SOFTSIGN, _float_input(features, "Softsign"))


# -- gelu, swish -----------------------------------------------------------------------------------
def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: x * P(X <= x) for X ~ N(0, 1); `approximate` uses tanh.

        >>> round(float(tf.nn.gelu([1.])[0]), 6)
        0.841345
    """
    t = _as_tensor(features)
    if not t.dtype.is_floating:
        raise ValueError(f"`features.dtype` must be a floating point tensor.Received:features.dtype=<dtype: "
                         f"'{t.dtype.name}'>")
    # TF casts its constants from float32, so float64 results carry the float32-rounded values.
    if approximate:
        inner = (t + (t * t * t) * _F32_0_044715) * 0.7978845608028654
        return (t * 0.5) * (M.tanh(inner) + 1.0)
    try:
        erfc = M.erfc
    except AttributeError:  # until math provides erfc: same values, less accurate far below 0
        return (t * 0.5) * (M.erf(t * _F32_SQRT_HALF) + 1.0)
    return (t * 0.5) * erfc(t * -_F32_SQRT_HALF)


def silu(features, beta=1.0):
    """features * sigmoid(beta * features) (swish).

        >>> round(float(tf.nn.silu([1.])[0]), 6)
        0.731059
    """
    t = _as_tensor(features)
    if isinstance(beta, numbers.Real) and beta == 1.0:
        return t * M.sigmoid(t)
    return t * M.sigmoid(t * beta)


swish = silu


# -- softmax, log_softmax --------------------------------------------------------------------------
def max_keepdims(x, axis):
    """max over one axis, kept as size 1. NumPy reduces a short contiguous last axis slowly
    (a few rows per microsecond), so a small last axis is reduced over a transposed copy."""
    if x.ndim >= 2 and (axis == -1 or axis == x.ndim - 1) and x.shape[-1] <= 16 and x.size >= 256:
        t = x.T if x.ndim == 2 else np.moveaxis(x, -1, 0)
        return np.maximum.reduce(t.copy(), axis=0)[..., None]
    return np.maximum.reduce(x, axis=axis, keepdims=True)


def _softmax_kernel(x, axis):
    if x.size == 0:
        return np.array(x, copy=True)
    e = np.subtract(x, max_keepdims(x, axis))
    np.exp(e, out=e)
    e /= np.add.reduce(e, axis=axis, keepdims=True)
    return e


def _log_softmax_kernel(x, axis):
    if x.size == 0:
        return np.array(x, copy=True)
    y = np.subtract(x, max_keepdims(x, axis))
    s = np.add.reduce(np.exp(y), axis=axis, keepdims=True)
    y -= np.log(s, out=s)
    return y


def _softmax_grad_kernel(g, y, axis):
    out = np.multiply(g, y)
    out -= y * np.add.reduce(out, axis=axis, keepdims=True)
    return out


def _softmax_grad_grad(n, gg):
    # out = g*y - y*sum(g*y); the Jacobian in g is symmetric, so d/dg is SoftmaxGrad itself.
    g, y = n.inputs
    axis = n.attrs["axis"]
    dg = softmax_grad(gg, y, axis)
    dy = gg * g - g * reduce_sum(gg * y, axis, keepdims=True) - gg * reduce_sum(g * y, axis, keepdims=True)
    return dg, dy


SOFTMAX = primitive("Softmax", _softmax_kernel, same_as_input,
                    grad=lambda n, g: softmax_grad(g, n.outputs[0], n.attrs["axis"]))
SOFTMAX_GRAD = primitive("SoftmaxGrad", _softmax_grad_kernel, _mask_grad_infer, grad=_softmax_grad_grad)
LOG_SOFTMAX = primitive("LogSoftmax", _log_softmax_kernel, same_as_input)
LOG_SOFTMAX.grad = lambda n, g: g - M.exp(n.outputs[0]) * reduce_sum(g, n.attrs["axis"], keepdims=True)


def softmax_grad(g, y, axis=-1):
    """(g - sum(g * y, axis)) * y: the gradient of softmax at output y."""
    return execute(SOFTMAX_GRAD, (g, y), {"axis": axis})


def _softmax_axis(t, axis, op_name):
    if type(t) is Tensor:
        rank = t._value.ndim
        if axis is None and rank:
            return rank - 1
    else:
        rank = t.shape.rank
    axis = -1 if axis is None else int(static_int_value(axis))
    if rank is None:
        return axis
    if rank == 0 or not -rank <= axis < rank:
        if rank == 0 and ctx.graph is None and type(t) is Tensor:
            raise InvalidArgumentError(None, op_name, f"Input dims must be <= 5 and >=1 [Op:{op_name}]")
        msg = (f"`dim` must be in the range [{-max(rank, 1)}, {max(rank, 1)}) where {rank} is the number of "
               f"dimensions in the input. Received: dim={axis}")
        if ctx.graph is None and type(t) is Tensor:
            raise InvalidArgumentError(None, op_name, msg)
        raise ValueError(msg)
    return axis % rank


def softmax(logits, axis=None, name=None):
    """exp(logits) / sum(exp(logits), axis), computed stably (axis defaults to -1).

        >>> tf.nn.softmax([1., 1.]).numpy().tolist()
        [0.5, 0.5]
    """
    t = logits if type(logits) is Tensor else _as_tensor(logits)
    check_dtype(t, "Softmax", is_float, FLOAT, "logits")
    return execute_unary(SOFTMAX, t, {"axis": _softmax_axis(t, axis, "Softmax")})


def log_softmax(logits, axis=None, name=None):
    """logits - log(sum(exp(logits), axis)), computed stably.

        >>> tf.nn.log_softmax([1e4, 0.]).numpy().tolist()
        [0.0, -10000.0]
    """
    t = _as_tensor(logits)
    check_dtype(t, "LogSoftmax", is_float, FLOAT, "logits")
    return execute_unary(LOG_SOFTMAX, t, {"axis": _softmax_axis(t, axis, "LogSoftmax")})


# -- bias_add, l2_loss -----------------------------------------------------------------------------
def _bias_add_kernel(value, bias, channels_first):
    if channels_first and value.ndim > 2:
        bias = bias.reshape(bias.shape + (1,) * (value.ndim - 2))
    return value + bias


def _bias_add_grad(n, g):
    return g, bias_add_grad(g, n.attrs["channels_first"])


def _bias_add_grad_kernel(g, channels_first=False):
    if g.ndim < 2:
        raise InvalidArgumentError(None, "BiasAddGrad", f"Input tensor must be at least 2D: "
                                   f"{list(g.shape)} [Op:BiasAddGrad]")
    if (channels_first and g.ndim > 2) or g.dtype.kind != "f" or g.dtype.itemsize < 4:
        keep = 1 if channels_first else g.ndim - 1
        return g.sum(axis=tuple(a for a in range(g.ndim) if a != keep))
    # One BLAS product with a vector of ones: ~4x faster than np.sum over the leading axes
    # (which walks the rows one short channel vector at a time).
    g2 = g.reshape(-1, g.shape[-1])
    return np.ones(g2.shape[0], g.dtype) @ g2


def _bias_add_grad_grad(n, gg):
    g = n.inputs[0]
    rank = rank_of(g)
    axis = 1 if n.attrs["channels_first"] and rank > 2 else rank - 1
    shape = [1] * rank
    shape[axis] = -1
    return broadcast_to(reshape(gg, shape), shape_of(g))


BIAS_ADD_GRAD = primitive("BiasAddGrad", _bias_add_grad_kernel,
                          infer=lambda ins, a: [(_bias_grad_shape(ins[0].shape, a), ins[0].dtype)],
                          grad=_bias_add_grad_grad)


def _bias_grad_shape(shape, attrs):
    if shape.rank is None:
        return TensorShape([None])
    return TensorShape([shape[1] if attrs["channels_first"] and shape.rank > 2 else shape[-1]])


def bias_add_grad(g, channels_first=False):
    """The gradient of bias_add for the bias: `g` summed over every axis but the channel axis.

        >>> bias_add_grad(tf.ones([4, 3])).numpy().tolist()
        [4.0, 4.0, 4.0]
    """
    return execute(BIAS_ADD_GRAD, (g,), {"channels_first": bool(channels_first)})


BIAS_ADD = primitive("BiasAdd", _bias_add_kernel, infer=lambda ins, a: [(ins[0].shape, ins[0].dtype)],
                     grad=_bias_add_grad)


def bias_add(value, bias, data_format=None, name=None):
    """Adds the 1-D `bias` along the channel axis (last for NHWC/None, 1 for NC...).

        >>> tf.nn.bias_add(tf.ones([2, 3]), [1., 2., 3.]).numpy().tolist()[0]
        [2.0, 3.0, 4.0]
    """
    v, b = convert_pair(value, bias) if type(value) is not Tensor or type(bias) is not Tensor else (value, bias)
    if data_format is None and type(v) is Tensor and type(b) is Tensor and v._dtype is b._dtype:
        vs, bs = v._value.shape, b._value.shape
        if len(bs) == 1 and len(vs) >= 2 and vs[-1] == bs[0]:  # the common eager case, checked
            return execute(BIAS_ADD, (v, b), {"channels_first": False})
    channels_first = data_format is not None and data_format.startswith("NC")
    if data_format is not None and not (channels_first or data_format.startswith("N") and data_format.endswith("C")):
        raise ValueError(f"data_format must be of the form `N...C` or `NC...`. Received: data_format={data_format}")
    vr, br = v.shape.rank, b.shape.rank
    eager = ctx.graph is None and type(v) is Tensor and type(b) is Tensor
    msg = None
    if br is not None and br != 1:
        msg = f"Biases must be 1D: [{','.join(map(str, b.shape))}]"
    elif vr is not None and vr < 2:
        msg = f"Input tensor must be at least 2D: [{','.join(map(str, v.shape))}]"
    elif vr is not None and br is not None:
        c = v.shape[1 if channels_first else -1]
        if c is not None and b.shape[0] is not None and c != b.shape[0]:
            msg = (f"Must provide as many biases as the {'channel' if channels_first else 'last'} dimension of "
                   f"the input tensor: [{b.shape[0]}] vs. [{','.join(map(str, v.shape))}]")
    if msg is not None:
        if eager:
            raise InvalidArgumentError(None, "BiasAdd", f"{msg} [Op:BiasAdd]")
        raise ValueError(msg)
    if v.dtype is not b.dtype:
        from .registry import dtype_error
        raise dtype_error("BiasAdd", 1, v.dtype, b.dtype)
    return execute(BIAS_ADD, (v, b), {"channels_first": channels_first})


def _l2_loss_kernel(x):
    v = x.reshape(-1)
    return np.asarray(np.dot(v, v) * 0.5, dtype=x.dtype)


L2_LOSS = primitive("L2Loss", _l2_loss_kernel, infer=lambda ins, a: [((), ins[0].dtype)],
                    grad=lambda n, g: g * n.inputs[0])


def l2_loss(t, name=None):
    """sum(t ** 2) / 2.

        >>> tf.nn.l2_loss([1., 2.]).numpy()
        2.5
    """
    x = _as_tensor(t)
    check_dtype(x, "L2Loss", is_float, FLOAT, "t")
    return execute_unary(L2_LOSS, x)


# -- dropout -----------------------------------------------------------------------------------------
def _dropout_kernel(x, u, rate):
    return np.where(u >= rate, x * (1 / (1 - rate)), x.dtype.type(0))


DROPOUT = primitive("DropoutApply", _dropout_kernel, infer=lambda ins, a: [(ins[0].shape, ins[0].dtype)],
                    grad=lambda n, g: (execute(DROPOUT, (g, n.inputs[1], n.inputs[2])), None, None))


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability `rate` and scales the rest by 1 / (1 - rate);
    `noise_shape` (broadcastable to x's shape, None entries taken from x) shares the draws.

        >>> tf.nn.dropout(tf.ones([4]), rate=0.0).numpy().tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    from .random_ops import uniform
    t = _as_tensor(x)
    if not t.dtype.is_floating:
        raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. Received: "
                         f"x_dtype=<dtype: '{t.dtype.name}'>")
    if isinstance(rate, numbers.Real):
        if not 0 <= rate < 1:
            raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
        if rate == 0:
            return t
    shape = t.shape
    if noise_shape is None:
        noise = shape.as_list() if shape.is_fully_defined() else None
    elif isinstance(noise_shape, Tensor) and type(noise_shape) is not Tensor and \
            get_static_value(noise_shape) is None:
        noise = noise_shape  # known when the graph runs (a stack of tf.shape(x)[i] and ints)
    else:
        ns = noise_shape
        ns = static_int_value(ns, "noise_shape").tolist() if isinstance(ns, Tensor) else list(ns)
        noise = [shape[i] if d is None and shape.rank == len(ns) else d for i, d in enumerate(ns)]
    if noise is None:
        noise = shape_of(t)
    elif type(noise) is list and None in noise:  # x's unknown dims, read when the graph runs
        from .stack_ops import stack
        dims = shape_of(t)
        noise = stack([dims[i] if d is None else d for i, d in enumerate(noise)])
    u = uniform(noise, dtype=t.dtype, seed=seed)
    return execute(DROPOUT, (t, u, convert_to_tensor(rate, t.dtype)))


# -- moments, batch_normalization ------------------------------------------------------------------
def moments(x, axes, shift=None, keepdims=False, name=None):
    """(mean, variance) of `x` over `axes`.

        >>> [v.numpy().tolist() for v in tf.nn.moments(tf.constant([1., 3.]), axes=[0])]
        [2.0, 1.0]
    """
    t = _as_tensor(x)
    mean = reduce_mean(t, axes, keepdims=True)
    stop = REGISTRY.get("StopGradient")  # tf.stop_gradient lives in autodiff, above ops
    dev = t - (execute_unary(stop, mean) if stop is not None else mean)
    variance = reduce_mean(dev * dev, axes, keepdims=keepdims)
    if not keepdims:
        mean = reshape_like(mean, variance)
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset (offset/scale may be None).

        >>> tf.nn.batch_normalization(tf.constant([2.]), 1., 4., 0., 1., 0.).numpy().tolist()
        [0.5]
    """
    t = _as_tensor(x)
    inv = M.rsqrt(convert_to_tensor(variance, t.dtype) + variance_epsilon)
    if scale is not None:
        inv = inv * convert_to_tensor(scale, t.dtype)
    shift = -convert_to_tensor(mean, t.dtype) * inv
    if offset is not None:
        shift = shift + convert_to_tensor(offset, t.dtype)
    return t * inv + shift


# -- embedding_lookup, average losses ------------------------------------------------------------------
def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows of `params` selected by `ids` (a list of params is a 'div'-sharded table).

        >>> tf.nn.embedding_lookup([[1., 2.], [3., 4.], [5., 6.]], [2, 0]).numpy().tolist()
        [[5.0, 6.0], [1.0, 2.0]]
    """
    from . import array_ops, gather_ops
    if isinstance(params, (list, tuple)):
        shards = [_as_tensor(p) for p in params]
        params = shards[0] if len(shards) == 1 else array_ops.concat(shards, 0)
    out = gather_ops.gather(params, ids)
    if max_norm is not None:
        ids_rank = _as_tensor(ids).shape.rank
        axes = list(range(ids_rank, out.shape.rank))
        # tf.clip_by_norm: out * clip / max(norm, clip), written so a zero row has gradient 0.
        clip = convert_to_tensor(max_norm, out.dtype)
        out = out * (clip * M.rsqrt(M.maximum(reduce_sum(out * out, axes, keepdims=True), clip * clip)))
    return out


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """sum(per_example_loss * sample_weight) / global_batch_size (default: the batch size).

        >>> tf.nn.compute_average_loss([1., 3.]).numpy()
        2.0
    """
    loss = _as_tensor(per_example_loss)
    if sample_weight is not None:
        loss = loss * convert_to_tensor(sample_weight, loss.dtype)
    if global_batch_size is None:  # the mean over the batch of each example's total
        rank = loss.shape.rank
        return reduce_mean(reduce_sum(loss, list(range(1, rank))) if rank and rank > 1 else loss)
    return M.divide_no_nan(reduce_sum(loss), convert_to_tensor(global_batch_size, loss.dtype))


def scale_regularization_loss(regularization_loss):
    """Sum of the regularization losses (scaled by the number of replicas: one here).

        >>> tf.nn.scale_regularization_loss([1., 2.]).numpy()
        3.0
    """
    if isinstance(regularization_loss, (list, tuple)):
        regularization_loss = M.add_n([_as_tensor(r) for r in regularization_loss])
    return reduce_sum(regularization_loss)

