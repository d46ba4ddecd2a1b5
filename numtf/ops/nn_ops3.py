"""More of tf.nn, built from existing primitives (so their gradients come for free): crelu,
local_response_normalization, zero_fraction, sufficient_statistics / normalize_moments /
weighted_moments, log_poisson_loss, batch_norm_with_global_normalization, the generic N-D
`pool` (with dilations through `with_space_to_batch`, as TF), `conv_transpose` and
`atrous_conv2d_transpose`.

    >>> tf.nn.crelu([-1.0, 2.0]).numpy().tolist()
    [0.0, 2.0, 1.0, 0.0]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from . import math_ops as M
from .array_ops import _as_tensor, _dims_text, get_static_value, shape as shape_of
from .convert import convert_to_tensor
from .creation_ops import zeros_like, ones_like
from .join_ops import concat, pad
from .logic_ops import where, logical_and, greater_equal, less_equal, equal
from .nn_ops import relu, batch_normalization
from .reduction_ops import reduce_sum, reduce_mean, reduce_prod
from .gather_ops import gather
from .stack_ops import cast
from . import pool_ops, conv_ops, conv3d_ops, space_ops

__all__ = []  # exported by numtf/nn.py

_FLOATS = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


def crelu(features, name=None, axis=-1):
    """Concatenated ReLU: concat([relu(x), relu(-x)], axis), doubling that axis.

        >>> tf.nn.crelu([[-1.0, 2.0]]).numpy().tolist()
        [[0.0, 2.0, 1.0, 0.0]]
    """
    x = _as_tensor(features)
    return relu(concat([x, M.negative(x)], axis))


def local_response_normalization(input, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5, name=None):  # noqa: A002
    """Normalizes each element of a 4-D tensor by the squares of its neighbours along the last
    axis: x / (bias + alpha * sum(x[..., d - r : d + r + 1] ** 2)) ** beta.

        >>> [round(v, 4) for v in tf.nn.lrn(tf.ones([1, 1, 1, 3]), depth_radius=1).numpy().ravel().tolist()]
        [0.5774, 0.5, 0.5774]
    """
    x = _as_tensor(input)
    if x.dtype not in (dtypes.float16, dtypes.bfloat16, dtypes.float32):
        raise TypeError(f"Value passed to parameter 'input' has DataType {x.dtype.name} not in list of allowed "
                        "values: half, bfloat16, float32")
    return _lrn(x, depth_radius, bias, alpha, beta)


def _lrn(x, depth_radius, bias, alpha, beta):
    """LRN for any float dtype (TF's op takes half/bfloat16/float32; the tests use float64)."""
    if x.shape.rank is not None and x.shape.rank != 4:
        if type(x) is Tensor:
            raise InvalidArgumentError(None, "LRN", f"in must be 4-dimensional (got shape "
                                       f"{_dims_text(x.shape)}) [Op:LRN]")
        raise ValueError(f"Shape must be rank 4 but is rank {x.shape.rank} for 'LRN' with input shape {x.shape}")
    r = int(depth_radius)
    if r < 0:
        raise ValueError(f"depth_radius must be non-negative, got {r}")
    sqp = pad(M.square(x), [[0, 0], [0, 0], [0, 0], [r, r]])
    # The window sum is 2r+1 shifted slices of the padded squares (each a differentiable
    # StridedSlice; the end is counted from the back so the depth need not be known).
    total = sqp[..., 0:-2 * r] if 2 * r else sqp
    for k in range(1, 2 * r + 1):
        total = total + (sqp[..., k:k - 2 * r] if k < 2 * r else sqp[..., k:])
    denom = M.pow(M.add(M.multiply(total, float(alpha)), float(bias)), float(beta))
    return M.divide(x, denom)


lrn = local_response_normalization


def zero_fraction(value, name=None):
    """The fraction of zeros in `value`, as a float32 scalar.

        >>> float(tf.nn.zero_fraction([0.0, 1.0, 0.0, 3.0]))
        0.5
    """
    v = _as_tensor(value)
    return reduce_mean(cast(equal(v, zeros_like(v)), dtypes.float32))


def sufficient_statistics(x, axes, shift=None, keepdims=False, name=None):
    """(count, sum(x - shift), sum((x - shift) ** 2), shift) over `axes`: what
    `normalize_moments` turns into a mean and a variance.

        >>> [t.numpy().tolist() for t in tf.nn.sufficient_statistics([1.0, 2.0, 3.0], [0])[:3]]
        [3.0, 6.0, 14.0]
    """
    t = _as_tensor(x)
    axes = [axes] if isinstance(axes, int) else list(axes)
    rank = t.shape.rank
    dims = list(t.shape)
    if rank is not None and all(dims[a] is not None for a in axes):
        count = convert_to_tensor(float(np.prod([dims[a] for a in axes])), t.dtype)
    else:
        count = reduce_prod(gather(cast(shape_of(t), t.dtype), axes))
    if shift is not None:
        sh = convert_to_tensor(shift, t.dtype)
        d = M.subtract(t, sh)
        m_ss = reduce_sum(d, axes, keepdims=keepdims)
        v_ss = reduce_sum(M.square(d), axes, keepdims=keepdims)
    else:
        sh = None
        m_ss = reduce_sum(t, axes, keepdims=keepdims)
        v_ss = reduce_sum(M.square(t), axes, keepdims=keepdims)
    return count, m_ss, v_ss, sh


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """(mean, variance) from sufficient statistics: mean = mean_ss / counts + shift,
    variance = variance_ss / counts - (mean_ss / counts) ** 2.

        >>> [round(t.numpy().tolist(), 5) for t in tf.nn.normalize_moments(3.0, 6.0, 14.0, None)]
        [2.0, 0.66667]
    """
    m = _as_tensor(mean_ss)
    divisor = M.reciprocal(convert_to_tensor(counts, m.dtype))
    shifted_mean = M.multiply(m, divisor)
    mean = shifted_mean if shift is None else M.add(shifted_mean, convert_to_tensor(shift, m.dtype))
    variance = M.subtract(M.multiply(convert_to_tensor(variance_ss, m.dtype), divisor), M.square(shifted_mean))
    return mean, variance


def weighted_moments(x, axes, frequency_weights, keepdims=False, name=None):
    """Frequency-weighted (mean, variance) of `x` over `axes` (weights broadcast against x);
    where the weights sum to zero both are 0.

        >>> [t.numpy().tolist() for t in tf.nn.weighted_moments([1.0, 3.0], [0], [1.0, 3.0])]
        [2.5, 0.75]
    """
    t = _as_tensor(x)
    w = convert_to_tensor(frequency_weights, t.dtype) if not isinstance(frequency_weights, Tensor) \
        else frequency_weights
    low = t.dtype is dtypes.float16
    if low:  # accumulated in float32, as TF does
        t, w = cast(t, dtypes.float32), cast(w, dtypes.float32)
    axes = [axes] if isinstance(axes, int) else list(axes)
    weighted_sum = reduce_sum(M.multiply(w, t), axes, keepdims=True)
    sum_w = reduce_sum(M.add(w, zeros_like(t)), axes, keepdims=True)
    mean = M.divide_no_nan(weighted_sum, sum_w)
    distsq = reduce_sum(M.multiply(w, M.squared_difference(t, mean)), axes, keepdims=True)
    variance = M.divide_no_nan(distsq, sum_w)
    if not keepdims:
        from .array_ops import squeeze
        mean, variance = squeeze(mean, axes), squeeze(variance, axes)
    if low:
        mean, variance = cast(mean, dtypes.float16), cast(variance, dtypes.float16)
    return mean, variance


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """The Poisson negative log likelihood exp(log_input) - targets * log_input; with
    `compute_full_loss`, plus the Stirling approximation of log(targets!) for targets > 1.

        >>> tf.nn.log_poisson_loss([2.0], [0.0]).numpy().tolist()
        [1.0]
    """
    li = _as_tensor(log_input)
    tg = convert_to_tensor(targets, li.dtype) if not isinstance(targets, Tensor) else targets
    if li.shape.rank is not None and tg.shape.rank is not None and not li.shape.is_compatible_with(tg.shape):
        raise ValueError(f"`log_input` and `targets` must have the same shape, received "
                         f"({tuple(li.shape.as_list())} vs {tuple(tg.shape.as_list())}).")
    result = M.subtract(M.exp(li), M.multiply(li, tg))
    if compute_full_loss:
        stirling = M.add(M.subtract(M.multiply(tg, M.log(tg)), tg),
                         M.multiply(M.log(M.multiply(tg, 2 * math.pi)), 0.5))
        zeros, ones = zeros_like(tg), ones_like(tg)
        small = logical_and(greater_equal(tg, zeros), less_equal(tg, ones))
        result = M.add(result, where(small, zeros, stirling))
    return result


def batch_norm_with_global_normalization(t=None, m=None, v=None, beta=None, gamma=None, variance_epsilon=None,
                                         scale_after_normalization=None, name=None, input=None,  # noqa: A002
                                         mean=None, variance=None):
    """TF1's batch normalization with given statistics: (t - m) / sqrt(v + eps) * gamma + beta,
    gamma applied only with `scale_after_normalization`. (`input`/`mean`/`variance` are the
    TF2 names of `t`/`m`/`v`.)

        >>> tf.nn.batch_norm_with_global_normalization([2.0], [1.0], [4.0], [0.5], [2.0], 0.0, True).numpy().tolist()
        [1.5]
    """
    t = input if input is not None else t
    m = mean if mean is not None else m
    v = variance if variance is not None else v
    if variance_epsilon is None or scale_after_normalization is None:
        raise TypeError("batch_norm_with_global_normalization needs variance_epsilon and scale_after_normalization")
    return batch_normalization(t, m, v, beta, gamma if scale_after_normalization else None, variance_epsilon)


# -- generic N-D pooling with dilation ------------------------------------------------------------
def _ints(value, n, what):
    if value is None:
        return [1] * n
    if isinstance(value, int):
        return [value] * n
    v = list(np.ravel(get_static_value(value) if isinstance(value, Tensor) else value))
    if len(v) == 1:
        v = v * n
    if len(v) != n:
        raise ValueError(f"{what} must have length {n}, got {len(v)}")
    return [int(a) for a in v]


def with_space_to_batch(input, dilation_rate, padding, op, filter_shape=None, spatial_dims=None,  # noqa: A002
                        data_format=None):
    """Runs `op(converted_input, num_spatial_dims, padding)` on `input` rearranged by
    space_to_batch with block `dilation_rate`, then rearranges the result back: a stride-1
    'VALID' op becomes its dilated version. 'SAME' needs `filter_shape` (zero padding is
    added for the dilated filter, as TF does).

        >>> f = lambda x, n, p: tf.nn.max_pool2d(x, 2, 1, p)
        >>> tf.nn.with_space_to_batch(tf.ones([1, 5, 5, 1]), [2, 2], 'VALID', f).shape
        TensorShape([1, 3, 3, 1])
    """
    x = _as_tensor(input)
    if data_format is not None and data_format.startswith("NC"):
        raise NotImplementedError(f"numtf's with_space_to_batch supports channels-last data_format only "
                                  f"(got {data_format!r})")
    rate = np.asarray(get_static_value(dilation_rate) if isinstance(dilation_rate, Tensor) else dilation_rate,
                      np.int64).reshape(-1)
    n = rate.size
    if spatial_dims is None:
        spatial_dims = list(range(1, n + 1))
    spatial_dims = sorted(spatial_dims)
    if spatial_dims != list(range(spatial_dims[0], spatial_dims[0] + n)) or spatial_dims[0] != 1:
        raise NotImplementedError("numtf's with_space_to_batch supports spatial_dims=[1, ..., N] only")
    if np.any(rate < 1):
        raise ValueError(f"dilation_rate must be positive, got {rate.tolist()}")
    if np.all(rate == 1):
        return op(x, n, padding)
    padding = padding.upper() if isinstance(padding, str) else padding
    if padding == "SAME":
        if filter_shape is None:
            raise ValueError("filter_shape must be specified for SAME padding")
        fs = np.asarray(filter_shape, np.int64).reshape(-1)[:n]
        extra = (fs - 1) * rate
        base = np.stack([extra // 2, extra - extra // 2], 1)
    elif padding == "VALID":
        base = np.zeros((n, 2), np.int64)
    else:
        raise ValueError(f"Invalid padding method {padding!r}")
    dims = list(x.shape)[1:n + 1]
    if any(d is None for d in dims):
        raise NotImplementedError("numtf's with_space_to_batch needs the spatial dims known when the op is built")
    paddings, crops = space_ops.required_space_to_batch_paddings(dims, rate, base)
    converted = space_ops.space_to_batch_nd(x, rate, paddings)
    result = op(converted, n, "VALID")
    return space_ops.batch_to_space_nd(result, rate, crops)


def pool(input, window_shape, pooling_type, strides=None, padding="VALID", data_format=None,  # noqa: A002
         dilations=None, name=None, dilation_rate=None):
    """N-D (N = 1, 2, 3) max or average pooling over the spatial dims of a channels-last input,
    with optional `dilations` (then `strides` must be 1 and `padding` 'VALID', as in TF).

        >>> tf.nn.pool(tf.ones([1, 6, 6, 1]), [2, 2], 'MAX', strides=[2, 2]).shape
        TensorShape([1, 3, 3, 1])
    """
    x = _as_tensor(input)
    window = [int(w) for w in np.ravel(window_shape)]
    n = len(window)
    if n not in (1, 2, 3):
        raise ValueError(f"`len(window_shape)` must be 1, 2 or 3. Received: window_shape={window_shape} of "
                         f"length {n}")
    if x.shape.rank is not None and x.shape.rank != n + 2:
        raise ValueError(f"`input.shape.rank` must be {n + 2}. Received: input.shape={x.shape} of rank "
                         f"{x.shape.rank}")
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
    if data_format is not None and data_format.startswith("NC"):
        raise NotImplementedError(f"numtf's pool supports channels-last data_format only (got {data_format!r})")
    if dilations is None:
        dilations = dilation_rate
    strides = _ints(strides, n, "strides")
    rate = _ints(dilations, n, "dilations")
    if any(r > 1 for r in rate) and any(s > 1 for s in strides):
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={np.array(strides)} and dilation_rate={np.array(rate)}")
    if isinstance(padding, str):
        padding = padding.upper()
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Invalid padding method {padding!r}")
    if padding == "SAME" and any(r > 1 for r in rate):
        raise ValueError(f"pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. Received: "
                         f"padding={padding} and dilation_rate={np.array(rate)}")

    def op(converted, _, p):
        if n == 3:
            fn = conv3d_ops.max_pool3d if pooling_type == "MAX" else conv3d_ops.avg_pool3d
            return fn(converted, [1] + window + [1], [1] + strides + [1], p)
        if n == 1:
            fn = pool_ops.max_pool1d if pooling_type == "MAX" else pool_ops.avg_pool1d
            return fn(converted, window, strides, p)
        fn = pool_ops.max_pool2d if pooling_type == "MAX" else pool_ops.avg_pool2d
        return fn(converted, window, strides, p)

    return with_space_to_batch(x, rate, padding, op, filter_shape=window)


# -- transposed convolutions ----------------------------------------------------------------------
def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None,  # noqa: A002
                   dilations=None, name=None):
    """The transpose of `tf.nn.convolution`: conv1d/2d/3d_transpose chosen by the length of
    `output_shape` (3, 4 or 5).

        >>> tf.nn.conv_transpose(tf.ones([1, 2, 2, 3]), tf.ones([3, 3, 4, 3]), [1, 4, 4, 4], 2).shape
        TensorShape([1, 4, 4, 4])
    """
    if isinstance(output_shape, Tensor):
        k = output_shape.shape[0]
    elif hasattr(output_shape, "__len__"):
        k = len(output_shape)
    else:
        raise ValueError(f"`output_shape` must be a tensor or sized collection. Received: output_shape={output_shape}")
    n = None if k is None else k - 2
    if n not in (1, 2, 3):
        raise ValueError(f"`output_shape` must be of length 3, 4 or 5. Received: output_shape={output_shape} of "
                         f"length {k}.")
    if n == 1:
        return conv_ops.conv1d_transpose(input, filters, output_shape, strides, padding, data_format or "NWC",
                                         dilations)
    if n == 2:
        return conv_ops.conv2d_transpose(input, filters, output_shape, strides, padding, data_format or "NHWC",
                                         dilations)
    return conv3d_ops.conv3d_transpose(input, filters, output_shape, strides, padding, data_format or "NDHWC",
                                       dilations)


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of `atrous_conv2d`: conv2d_transpose with stride 1 and dilation `rate`.

        >>> tf.nn.atrous_conv2d_transpose(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 2, 1]), [1, 5, 5, 2], 2, 'SAME').shape
        TensorShape([1, 5, 5, 2])
    """
    v, w = _as_tensor(value), _as_tensor(filters)
    if v.shape.rank is not None and w.shape.rank is not None and v.shape[3] is not None and w.shape[3] is not None \
            and v.shape[3] != w.shape[3]:
        raise ValueError(f"value's input channels does not match filters' input channels, {v.shape[3]} != "
                         f"{w.shape[3]}")
    if rate < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be either VALID or SAME: {padding}")
    return conv_ops.conv2d_transpose(v, w, output_shape, [1, 1, 1, 1], padding, "NHWC", [1, rate, rate, 1])
