"""Depthwise convolutions (`tf.nn.depthwise_conv2d`, its two gradients, `separable_conv2d`).

NHWC only, as TF's CPU kernels. Each input channel meets its own `channel_multiplier` filters, so
there is no product to hand to BLAS: the kernels loop over the filter's taps, one NumPy operation on
whole image rows per tap and multiplier, a few images at a time so the arrays stay in cache.

    >>> tf.nn.depthwise_conv2d(tf.ones([1, 4, 4, 3]), tf.ones([3, 3, 3, 2]), [1, 1, 1, 1], 'SAME').shape
    TensorShape([1, 4, 4, 6])
"""
import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .conv_ops import (conv2d, _backprop_filter_infer, _backprop_input_infer, _check_out_backprop, _conv_attrs,
                       _convert, _FLOAT_TYPES, _linear_pair_grads, _output_shape_tensor, _sizes)
from .conv_util import (_padded, _tap_view, _geometry, _dims_text, _check_format, _compute, _graph_rank_check,
                        _graph_spatial, _fail, _get_sequence, _check_ranks)
from .registry import primitive, execute

__all__ = []  # public names live in tf.nn


# -- depthwise convolution ------------------------------------------------------------------
def _depthwise_checks(op, x_shape, w_shape, strides):
    if strides[1] != strides[2]:
        raise InvalidArgumentError(None, op, "Current implementation only supports equal length strides "
                                   f"in the row and column dimensions. [Op:{op}]")
    if x_shape[3] != w_shape[2]:
        raise InvalidArgumentError(None, op, f"input and filter must have the same depth: {x_shape[3]} vs "
                                   f"{w_shape[2]} (input shape {_dims_text(x_shape)}, filter shape "
                                   f"{_dims_text(w_shape)}) [Op:{op}]")


def _row_weights(vec, sw, ow):
    """A per-channel weight vector for products over rows: tiled along the ow columns when the
    column stride is 1 (whole (ow*C) rows: NumPy's loops 30x longer than C), as is otherwise."""
    return np.tile(vec, ow) if sw == 1 else vec


_BLOCK_BYTES = 128 << 10


def _blocks(n, oh, row_bytes):
    """(images, output rows) slices of about _BLOCK_BYTES of output each, so that the ~2 passes
    per tap the depthwise loops make over their arrays run in cache: several whole images when
    images are small, else bands of rows of one image (2x faster than whole 1.6 MB images)."""
    image_bytes = max(1, oh * row_bytes)
    if image_bytes >= _BLOCK_BYTES:
        band = max(1, _BLOCK_BYTES // max(1, row_bytes))
        return [(slice(b, b + 1), slice(r, min(oh, r + band))) for b in range(n) for r in range(0, oh, band)]
    step = max(1, _BLOCK_BYTES // image_bytes)
    return [(slice(b, min(n, b + step)), slice(0, oh)) for b in range(0, n, step)]


def _tapper(xp, sh, sw, dh, dw, ow):
    """tap(b, r, i, j): the input elements kernel tap (i, j) meets for output rows r of images b.
    With a column stride of 1 they are (images, rows, ow*C) row views: plain slices of one view
    made here (a view per tap and block would cost more than the block's arithmetic)."""
    if sw != 1:
        return lambda b, r, i, j: _tap_view(xp[b, r.start * sh:], i, j, r.stop - r.start, ow, sh, sw, dh, dw)
    # (a non-contiguous input is copied once; a contiguous one, which gradients write into, is
    # the same array, viewed as rows)
    xr, c = _as_rows(np.ascontiguousarray(xp), 1), xp.shape[3]

    def tap(b, r, i, j):
        top = r.start * sh + i * dh
        return xr[b, top:top + sh * (r.stop - r.start - 1) + 1:sh, j * dw * c:(j * dw + ow) * c]
    return tap


def _as_rows(a, sw):
    """A contiguous (..., ow, C) array as (..., ow*C) rows when the column stride is 1."""
    return a.reshape(a.shape[:-2] + (a.shape[-2] * a.shape[-1],)) if sw == 1 else a


def _by_multiplier(a, n, oh, ow, c, m):
    """(n, oh, ow, c*m) -> (m, n, oh, ow, c), so each multiplier's slice is contiguous."""
    a = a.reshape(n, oh, ow, c, m)
    return a[None, ..., 0] if m == 1 else np.ascontiguousarray(np.moveaxis(a, -1, 0))


def _depthwise_kernel(x, w, strides, padding, explicit_paddings, dilations, data_format):
    op = "DepthwiseConv2dNative"
    _check_format(op, data_format)
    _check_ranks(op, x, w)
    _depthwise_checks(op, x.shape, w.shape, strides)
    kh, kw, c, m = w.shape
    n = x.shape[0]
    oh, ow, pads = _geometry(op, x.shape, kh, kw, strides, padding, explicit_paddings, dilations)
    xc, wc = _compute(x), _compute(w)
    xp = _padded(xc, *pads)
    acc = np.empty((m, n, oh, ow, c), xc.dtype)
    sw = strides[2]
    acc_r, tmp_r = _as_rows(acc, sw), _as_rows(np.empty((n, oh, ow, c), xc.dtype), sw)
    wr = [[[_row_weights(wc[i, j, :, k], sw, ow) for k in range(m)] for j in range(kw)] for i in range(kh)]
    tap = _tapper(xp, strides[1], sw, dilations[1], dilations[2], ow)
    for b, r in _blocks(n, oh, ow * c * acc.itemsize):
        t_ = tmp_r[:b.stop - b.start, :r.stop - r.start]
        for t in range(kh * kw):
            i, j = divmod(t, kw)
            v = tap(b, r, i, j)
            for k in range(m):  # one multiplier at a time: a size-m innermost axis is slow
                a = acc_r[k, b, r]
                if t == 0:
                    np.multiply(v, wr[i][j][k], out=a)
                else:
                    np.multiply(v, wr[i][j][k], out=t_)
                    a += t_
    out = acc[0] if m == 1 else np.moveaxis(acc, 0, -1)
    return np.ascontiguousarray(out).reshape(n, oh, ow, c * m).astype(x.dtype, copy=False)


def _depthwise_backprop_input_kernel(input_sizes, w, dy, strides, padding, explicit_paddings, dilations,
                                     data_format):
    op = "DepthwiseConv2dNativeBackpropInput"
    _check_format(op, data_format)
    n, h, wd, c = in_shape = _sizes(op, input_sizes)
    _depthwise_checks(op, in_shape, w.shape, strides)
    kh, kw, _, m = w.shape
    oh, ow, (pt, pb, pl, pr) = _geometry(op, in_shape, kh, kw, strides, padding, explicit_paddings, dilations)
    _check_out_backprop(op, dy, n, oh, ow, c * m)
    wc, dyc = _compute(w), _compute(dy)
    dyk = _by_multiplier(dyc, n, oh, ow, c, m)
    dxp = np.zeros((n, h + pt + pb, wd + pl + pr, c), dyc.dtype)
    sw = strides[2]
    tmp_r, dy_r = _as_rows(np.empty((n, oh, ow, c), dyc.dtype), sw), _as_rows(dyk, sw)
    wr = [[[_row_weights(wc[i, j, :, k], sw, ow) for k in range(m)] for j in range(kw)] for i in range(kh)]
    tap = _tapper(dxp, strides[1], sw, dilations[1], dilations[2], ow)
    for b, r in _blocks(n, oh, ow * c * tmp_r.itemsize):
        t_ = tmp_r[:b.stop - b.start, :r.stop - r.start]
        for i in range(kh):
            for j in range(kw):
                d = tap(b, r, i, j)
                for k in range(m):
                    np.multiply(dy_r[k, b, r], wr[i][j][k], out=t_)
                    d += t_
    return np.ascontiguousarray(dxp[:, pt:pt + h, pl:pl + wd]).astype(dy.dtype, copy=False)


def _depthwise_backprop_filter_kernel(x, filter_sizes, dy, strides, padding, explicit_paddings, dilations,
                                      data_format):
    op = "DepthwiseConv2dNativeBackpropFilter"
    _check_format(op, data_format)
    kh, kw, c, m = w_shape = _sizes(op, filter_sizes)
    if x.ndim != 4:
        raise InvalidArgumentError(None, op, f"input must be 4-dimensional: {_dims_text(x.shape)} [Op:{op}]")
    _depthwise_checks(op, x.shape, w_shape, strides)
    n = x.shape[0]
    oh, ow, pads = _geometry(op, x.shape, kh, kw, strides, padding, explicit_paddings, dilations)
    _check_out_backprop(op, dy, n, oh, ow, c * m)
    xc, dyc = _compute(x), _compute(dy)
    xp = _padded(xc, *pads)
    dyk = _by_multiplier(dyc, n, oh, ow, c, m)
    dw = np.zeros(w_shape, xc.dtype)
    dy_r = _as_rows(dyk, strides[2])
    tap = _tapper(xp, strides[1], strides[2], dilations[1], dilations[2], ow)
    for b, r in _blocks(n, oh, ow * c * xc.itemsize):
        for i in range(kh):
            for j in range(kw):
                v = tap(b, r, i, j)
                for k in range(m):  # per-channel sums of products, without a temporary
                    dw[i, j, :, k] += _channel_dot(v, dy_r[k, b, r], c)
    return dw.astype(dy.dtype, copy=False)


def _channel_dot(a, b, c):
    """Per-channel sums of a * b for (..., W*C) row views (or (..., C) arrays)."""
    ix = "abcdefgh"[:a.ndim - 1] + "k"
    s = np.einsum(f"{ix},{ix}->k", a, b)
    return s.reshape(-1, c).sum(0) if s.size != c else s


def _depthwise_infer(ins, attrs):
    xs, ws = ins[0].shape, ins[1].shape
    _graph_rank_check("DepthwiseConv2dNative", (xs, ws))
    if xs.rank is None or ws.rank is None:
        return [(TensorShape([xs[0] if xs.rank else None, None, None, None]), ins[0].dtype)]
    kh, kw, c, m = ws
    if xs[3] is not None and c is not None and xs[3] != c:
        raise ValueError(f"Dimensions must be equal, but are {xs[3]} and {c} for 'DepthwiseConv2dNative' "
                         f"with input shapes: {_dims_text(xs)}, {_dims_text(ws)}.")
    oh, ow = _graph_spatial("DepthwiseConv2dNative", xs, kh, kw, attrs, (xs, ws))
    c = c if c is not None else xs[3]
    return [(TensorShape([xs[0], oh, ow, None if c is None or m is None else c * m]), ins[0].dtype)]


DEPTHWISE = primitive("DepthwiseConv2dNative", _depthwise_kernel, _depthwise_infer)
DEPTHWISE_BACKPROP_INPUT = primitive("DepthwiseConv2dNativeBackpropInput", _depthwise_backprop_input_kernel,
                                     _backprop_input_infer)
DEPTHWISE_BACKPROP_FILTER = primitive("DepthwiseConv2dNativeBackpropFilter", _depthwise_backprop_filter_kernel,
                                      _backprop_filter_infer)


_linear_pair_grads(DEPTHWISE, DEPTHWISE_BACKPROP_INPUT, DEPTHWISE_BACKPROP_FILTER)


# -- public functions (tf.nn) ------------------------------------------------------------------
def _depthwise_attrs(op_name, strides, padding, dilations, data_format, eager):
    if not isinstance(strides, (list, tuple)):
        raise TypeError(f"Expected list for 'strides' argument to 'depthwise_conv2d_native' Op, not {strides}.")
    if len(strides) != 4:
        _fail(op_name, eager, "Sliding window strides field must specify 4 dimensions")
    dil = _get_sequence(dilations, 2, "dilations")
    if max(strides[1:3]) > 1 and max(dil[1:3]) > 1:
        # TF only warns here and computes something else; numtf refuses.
        raise ValueError(f"When dilation rate is greater than 1, then all values of strides must be 1. "
                         f"Received: `dilation rate` {list(dil[1:3])} and `strides` {list(strides)}")
    return _conv_attrs(op_name, tuple(int(s) for s in strides), padding, dil, data_format or "NHWC", eager)


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Convolves each input channel with its own `channel_multiplier` filters: `filter` is
    [h, w, in_channels, channel_multiplier]; the output has in_channels * channel_multiplier channels.

        >>> tf.nn.depthwise_conv2d(tf.ones([1, 4, 4, 3]), tf.ones([3, 3, 3, 2]), [1, 1, 1, 1], 'SAME').shape
        TensorShape([1, 4, 4, 6])
    """
    x, w, eager = _convert(input, filter, "DepthwiseConv2dNative", _FLOAT_TYPES)
    attrs = _depthwise_attrs("DepthwiseConv2dNative", strides, padding, dilations, data_format, eager)
    return execute(DEPTHWISE, (x, w), attrs)


def depthwise_conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding, data_format="NHWC",
                                    dilations=(1, 1, 1, 1), name=None):
    """The gradient of depthwise_conv2d with respect to its input (of shape `input_sizes`).

        >>> tf.nn.depthwise_conv2d_backprop_input([1, 4, 4, 2], tf.ones([3, 3, 2, 1]), tf.ones([1, 4, 4, 2]),
        ...                                       [1, 1, 1, 1], 'SAME').shape
        TensorShape([1, 4, 4, 2])
    """
    w, dy, eager = _convert(filter, out_backprop, "DepthwiseConv2dNativeBackpropInput", _FLOAT_TYPES)
    attrs = _depthwise_attrs("DepthwiseConv2dNativeBackpropInput", strides, padding, dilations, data_format, eager)
    return execute(DEPTHWISE_BACKPROP_INPUT, (_output_shape_tensor(input_sizes, 4, "input_sizes"), w, dy), attrs)


def depthwise_conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, data_format="NHWC",
                                     dilations=(1, 1, 1, 1), name=None):
    """The gradient of depthwise_conv2d with respect to its filter (of shape `filter_sizes`).

        >>> tf.nn.depthwise_conv2d_backprop_filter(tf.ones([1, 4, 4, 2]), [3, 3, 2, 1], tf.ones([1, 4, 4, 2]),
        ...                                        [1, 1, 1, 1], 'SAME').shape
        TensorShape([3, 3, 2, 1])
    """
    x, dy, eager = _convert(input, out_backprop, "DepthwiseConv2dNativeBackpropFilter", _FLOAT_TYPES)
    attrs = _depthwise_attrs("DepthwiseConv2dNativeBackpropFilter", strides, padding, dilations, data_format,
                             eager)
    sizes = _output_shape_tensor(filter_sizes, 4, "filter_sizes")
    return execute(DEPTHWISE_BACKPROP_FILTER, (x, sizes, dy), attrs)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, data_format=None,
                     dilations=None, name=None):
    """depthwise_conv2d followed by a 1x1 conv2d with `pointwise_filter`.

        >>> tf.nn.separable_conv2d(tf.ones([1, 4, 4, 3]), tf.ones([3, 3, 3, 2]), tf.ones([1, 1, 6, 5]),
        ...                        [1, 1, 1, 1], 'SAME').shape
        TensorShape([1, 4, 4, 5])
    """
    y = depthwise_conv2d(input, depthwise_filter, strides, padding, data_format, dilations)
    return conv2d(y, pointwise_filter, 1, "VALID", data_format or "NHWC")
