"""Fused batch normalization: TF's `FusedBatchNormV3` and its gradient as two kernels, so that a
training step's BatchNormalization makes a few passes over its activations instead of a dozen
ops' worth (`tf.compat.v1.nn.fused_batch_norm`; Keras's BatchNormalization runs it for 4-D/5-D
float32 inputs normalized over their channels).

    >>> y, mean, var = tf.compat.v1.nn.fused_batch_norm(x, scale, offset)   # x: NHWC, training

Training: y = (x - mean) / sqrt(var + epsilon) * scale + offset with the batch's mean and biased
variance; the returned variance is the unbiased one (times n/(n-1)), what the moving average
follows; with `exponential_avg_factor` f < 1 the returned statistics are already averaged with
the given ones ((1-f)*old + f*batch). Inference normalizes with the given mean and variance.

Channels-last arrays are viewed as (rows, channels). NumPy broadcasts a per-channel vector over
narrow rows slowly (an inner loop of C elements), so the kernels widen the rows to k*C elements
and tile the vectors k times; per-channel sums are one BLAS product with a vector of ones.
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from .convert import convert_to_tensor
from .registry import primitive, execute

__all__ = ["fused_batch_norm"]

_WIDE = 512  # widen rows to at most this many elements (k <= _WIDE // C rows per wide row)


def _wide_rows(x):
    """x (..., C) as a contiguous (M/k, k*C) array, and k (the largest divisor of M allowed)."""
    c = x.shape[-1]
    flat = np.ascontiguousarray(x).reshape(-1, c)
    k = max(1, _WIDE // max(c, 1))
    while k > 1 and flat.shape[0] % k:  # the widest rows that tile the array exactly
        k -= 1
    return flat.reshape(flat.shape[0] // k, k * c), k


def _col_sum(rows, k, c):
    """Per-channel sums of wide rows (one BLAS matrix-vector product)."""
    s = np.ones(rows.shape[0], rows.dtype) @ rows
    return s.reshape(k, c).sum(0) if k > 1 else s


_BLOCK = 1 << 16  # elements per block of rows (256 KB of float32): a block's passes run in cache


def _blocks(rows):
    """Slices of the wide rows of about _BLOCK elements: the kernels make all their passes over
    one block before the next, so each array crosses the memory bus once per loop."""
    per = max(1, _BLOCK // max(1, rows.shape[1]))
    return [slice(i, i + per) for i in range(0, rows.shape[0], per)]


def _channels_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "NCHW" else x


def _restore(rows, shape, data_format):
    y = rows.reshape(shape)
    return np.ascontiguousarray(np.moveaxis(y, -1, 1)) if data_format == "NCHW" else y


def _fused_bn_kernel(x, scale, offset, mean, variance, epsilon, is_training, exponential_avg_factor, data_format):
    xl = _channels_last(x, data_format)
    c = xl.shape[-1]
    rows, k = _wide_rows(xl)
    rows = rows.astype(scale.dtype, copy=False)  # half inputs are normalized in float32, as in TF
    n = rows.size // c
    if not is_training:
        s = scale / np.sqrt(variance + epsilon)
        y = np.multiply(rows, np.tile(s, k))
        y += np.tile(offset - mean * s, k)
        return _restore(y.astype(x.dtype, copy=False), xl.shape, data_format), mean, variance, mean, variance
    batch_mean = _col_sum(rows, k, c) / n
    mean_k = np.tile(batch_mean, k)
    y = np.empty_like(rows)
    squares = np.zeros(rows.shape[1], rows.dtype)
    for b in _blocks(rows):  # x - mean into y, and its squares' sums
        yb = np.subtract(rows[b], mean_k, out=y[b])
        squares += np.einsum("ij,ij->j", yb, yb)
    batch_var = (squares.reshape(k, c).sum(0) if k > 1 else squares) / n
    scale_k, offset_k = np.tile(scale / np.sqrt(batch_var + epsilon), k), np.tile(offset, k)
    for b in _blocks(rows):
        yb = y[b]
        yb *= scale_k
        yb += offset_k
    unbiased = batch_var * (n / max(n - 1, 1))
    f = exponential_avg_factor
    out_mean, out_var = (batch_mean, unbiased) if f == 1.0 or mean.size == 0 else (
        (1.0 - f) * mean + f * batch_mean, (1.0 - f) * variance + f * unbiased)
    dt = scale.dtype
    return (_restore(y.astype(x.dtype, copy=False), xl.shape, data_format), out_mean.astype(dt),
            out_var.astype(dt), batch_mean.astype(dt), batch_var.astype(dt))


def _fused_bn_grad_kernel(dy, x, scale, saved_mean, saved_var, epsilon, is_training, data_format):
    xl = _channels_last(x, data_format)
    c = xl.shape[-1]
    rows, k = _wide_rows(xl)
    dys, _ = _wide_rows(_channels_last(dy, data_format))
    rows, dys = (v.astype(scale.dtype, copy=False) for v in (rows, dys))
    n = rows.size // c
    inv = 1.0 / np.sqrt(saved_var + epsilon)
    mean_k = np.tile(saved_mean, k)
    blocks = _blocks(rows)
    xc = np.empty((blocks[0].stop, rows.shape[1]), rows.dtype)  # one block of x - mean, in cache
    d_offset = _col_sum(dys, k, c)
    dots = np.zeros(rows.shape[1], rows.dtype)
    for b in blocks:
        xcb = np.subtract(rows[b], mean_k, out=xc[:rows[b].shape[0]])
        dots += np.einsum("ij,ij->j", dys[b], xcb)
    d_scale = (dots.reshape(k, c).sum(0) if k > 1 else dots) * inv
    a = scale * inv
    a_k = np.tile(a, k)
    # with training statistics (which depend on x too): dx = a*dy + (x - mean)*p + q
    p_k, q_k = np.tile(-a * inv * d_scale / n, k), np.tile(-a * d_offset / n, k)
    dx = np.empty_like(dys)
    for b in blocks:
        dxb = np.multiply(dys[b], a_k, out=dx[b])
        if is_training:
            xcb = np.subtract(rows[b], mean_k, out=xc[:dxb.shape[0]])
            xcb *= p_k
            xcb += q_k
            dxb += xcb
    dt = scale.dtype
    return _restore(dx.astype(x.dtype, copy=False), xl.shape, data_format), d_scale.astype(dt), d_offset.astype(dt)


def _bn_infer(ins, attrs):
    x, scale = ins[0], ins[1]
    vec = (scale.shape, scale.dtype)
    return [(x.shape, x.dtype)] + [vec] * 4


def _bn_grad_infer(ins, attrs):
    x, scale = ins[1], ins[2]
    return [(x.shape, x.dtype), (scale.shape, scale.dtype), (scale.shape, scale.dtype)]


def _no_second_order(node, *grads):
    raise NotImplementedError("Second-order gradients through FusedBatchNormGradV3 are not supported.")


FUSED_BN_GRAD = primitive("FusedBatchNormGradV3", _fused_bn_grad_kernel, _bn_grad_infer, num_outputs=3,
                          grad=_no_second_order)


def _fused_bn_grad(node, dy, *unused):
    """Only y's gradient flows back (as in TF): the statistics outputs feed moving averages."""
    if dy is None:
        return None, None, None, None, None
    x, scale = node.inputs[0], node.inputs[1]
    attrs = {k: node.attrs[k] for k in ("epsilon", "is_training", "data_format")}
    saved = (node.outputs[3], node.outputs[4]) if node.attrs["is_training"] else (node.inputs[3], node.inputs[4])
    dx, d_scale, d_offset = execute(FUSED_BN_GRAD, (dy, x, scale) + saved, attrs)
    return dx, d_scale, d_offset, None, None


FUSED_BN = primitive("FusedBatchNormV3", _fused_bn_kernel, _bn_infer, num_outputs=5, grad=_fused_bn_grad)

_ALLOWED = (dtypes.float16, dtypes.bfloat16, dtypes.float32)


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None, exponential_avg_factor=1.0):
    """Batch normalization of a 4-D input over its channels in one op: (y, mean, variance).

        >>> y, m, v = tf.compat.v1.nn.fused_batch_norm(tf.ones([2, 3, 3, 4]), tf.ones([4]), tf.zeros([4]))
        >>> v.numpy().tolist()   # the unbiased batch variance
        [0.0, 0.0, 0.0, 0.0]
    """
    return _fused(x, scale, offset, mean, variance, epsilon, data_format, is_training, exponential_avg_factor,
                  ranks=(4,))[:3]


def _fused(x, scale, offset, mean, variance, epsilon, data_format, is_training, exponential_avg_factor,
           ranks=(4, 5), allowed=_ALLOWED):
    """FusedBatchNormV3's five outputs, checked as TF checks them."""
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    if x.dtype not in allowed:
        names = ", ".join(d.name for d in allowed).replace("float32", "float")
        raise InvalidArgumentError(None, "FusedBatchNormV3", f"Value for attr 'T' of {x.dtype.name} is not in the "
                                                             f"list of allowed values: {names}")
    vec_dtype = dtypes.float32 if x.dtype is not dtypes.float64 else x.dtype
    scale, offset = (convert_to_tensor(v, vec_dtype) for v in (scale, offset))
    empty = convert_to_tensor(np.zeros(0, vec_dtype.as_numpy_dtype))
    mean = empty if mean is None else convert_to_tensor(mean, vec_dtype)
    variance = empty if variance is None else convert_to_tensor(variance, vec_dtype)
    rank = x.shape.rank
    if rank is not None and rank not in ranks:
        dims = ",".join(str(d) for d in x.shape.as_list())
        raise InvalidArgumentError(None, "FusedBatchNormV3", f"input must be {ranks[0]}-dimensional[{dims}] "
                                                             "[Op:FusedBatchNormV3]")
    if data_format not in ("NHWC", "NCHW", "NDHWC", "NCDHW"):
        raise ValueError(f"Invalid data_format: {data_format!r}; expected 'NHWC' or 'NCHW'")
    fmt = "NCHW" if data_format.startswith("NC") else "NHWC"
    channels = x.shape[1 if fmt == "NCHW" else -1] if rank else None
    for what, v in (("scale", scale), ("offset", offset)) + ((("mean", mean), ("variance", variance))
                                                           if not is_training else ()):
        size = v.shape.num_elements()
        if channels is not None and size is not None and size != channels:
            raise InvalidArgumentError(None, "FusedBatchNormV3", f"{what} must have the same number of elements as "
                                       f"the channels of x, got {size} and {channels} [Op:FusedBatchNormV3]")
    attrs = {"epsilon": float(epsilon), "is_training": bool(is_training),
             "exponential_avg_factor": float(exponential_avg_factor), "data_format": fmt}
    return execute(FUSED_BN, (x, scale, offset, mean, variance), attrs)
