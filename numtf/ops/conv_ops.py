"""Convolutions (`tf.nn.conv2d`, `conv1d`, `convolution`, `conv2d_transpose`, `atrous_conv2d`;
the depthwise ones are in depthwise_ops.py).

NHWC only, as TF's CPU kernels. A convolution is im2col (one strided copy of the padded input
into a reused buffer) plus one BLAS product; stride-1 ones take conv_rows.py's row taps. The
gradient kernels are primitives too (TF's Conv2DBackpropInput/Filter), each with its own
gradient, so higher derivatives work.

    >>> tf.nn.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), 1, 'VALID').shape
    TensorShape([1, 2, 2, 1])
"""
import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_pair, convert_to_tensor
from .registry import primitive, execute, dtype_error
from . import conv_rows
from .update_blocks import split_batch, split_sum
from .conv_util import (chunked, im2col_chunks, _AllCores, _buffer, _tap_view, _im2col, _geometry, _dims_text,
                        _check_format, _compute, _static, _sizes_infer, _graph_rank_check, _graph_spatial, _shape_of,
                        _eager, _get_sequence, _explicit_padding, _check_window, _check_dtype, _check_ranks,
                        expand_dims, squeeze)

__all__ = []  # public names live in tf.nn


# -- Conv2D kernels -------------------------------------------------------------------------
def _conv2d_kernel(x, w, strides, padding, explicit_paddings, dilations, data_format):
    _check_format("Conv2D", data_format)
    _check_ranks("Conv2D", x, w)
    _check_groups("Conv2D", x.shape, w.shape)
    oh, ow, pads = _geometry("Conv2D", x.shape, w.shape[0], w.shape[1], strides, padding,
                             explicit_paddings, dilations)
    with _AllCores(2 * x.shape[0] * oh * ow * w.size):
        out = _conv2d(_compute(x), _compute(w), strides[1], strides[2], dilations[1], dilations[2], oh, ow, pads)
    return out.astype(x.dtype, copy=False)


def _check_groups(op_name, xs, ws):
    """Input depth a multiple of the filter's: grouped convolution (TF's CPU kernel has it too)."""
    if ws[2] == 0 or xs[3] % ws[2]:
        raise InvalidArgumentError(None, op_name, f"input depth must be evenly divisible by filter depth: "
                                   f"{xs[3]} vs {ws[2]} (input shape {_dims_text(xs)}, filter shape "
                                   f"{_dims_text(ws)}) [Op:{op_name}]")
    groups = xs[3] // ws[2]
    if ws[3] % groups:
        raise InvalidArgumentError(None, op_name, f"output depth must be evenly divisible by number of groups: "
                                   f"{ws[3]} vs {groups} (input shape {_dims_text(xs)}, filter shape "
                                   f"{_dims_text(ws)}) [Op:{op_name}]")


def _group_blocks(cols, taps, groups):
    """The im2col columns of each group: (P, taps*C) -> [(P, taps*C/groups)] * groups."""
    c4 = cols.reshape(cols.shape[0], taps, groups, -1)
    return [c4[:, :, g].reshape(cols.shape[0], -1) for g in range(groups)]


def _conv2d(x, w, sh, sw, dh, dw, oh, ow, pads):
    kh, kw, cf, o = w.shape
    groups = x.shape[3] // cf
    if conv_rows.applies(x.shape, w.shape, sh, groups):
        return conv_rows.conv2d_rows(x, w, dh, sw, dw, oh, ow, pads)
    if groups == 1 and chunked(x, kh, kw, oh, ow):
        wm, rows = w.reshape(kh * kw * cf, o), oh * ow
        out = np.empty((x.shape[0] * rows, o), x.dtype)
        for b, m, cols in im2col_chunks(x, kh, kw, sh, sw, dh, dw, oh, ow, pads):
            np.matmul(cols, wm, out=out[b * rows:(b + m) * rows])
        return out.reshape(x.shape[0], oh, ow, o)
    cols, transposed = _im2col(x, kh, kw, sh, sw, dh, dw, oh, ow, pads)
    if groups == 1:
        wm = w.reshape(kh * kw * cf, o)
        rows = cols.T if transposed else cols
        out = np.empty((rows.shape[0], o), x.dtype)
        split_batch(lambda a, b: np.matmul(rows[a:b], wm, out=out[a:b]), rows.shape[0], out.size)
    else:
        og = o // groups
        out = np.empty((cols.shape[0], o), x.dtype)
        for g, block in enumerate(_group_blocks(cols, kh * kw, groups)):
            wg = w[..., g * og:(g + 1) * og].reshape(kh * kw * cf, og)
            np.matmul(block, wg, out=out[:, g * og:(g + 1) * og])
    return out.reshape(x.shape[0], oh, ow, o)


def _check_out_backprop(op_name, dy, n, oh, ow, o):
    if dy.ndim != 4 or dy.shape != (n, oh, ow, o):
        raise InvalidArgumentError(None, op_name, f"{op_name}: out_backprop has shape "
                                   f"{_dims_text(dy.shape)} but the convolution computes "
                                   f"{_dims_text((n, oh, ow, o))} [Op:{op_name}]")


def _sizes(op_name, sizes):
    sizes = tuple(int(v) for v in np.ravel(sizes))
    if len(sizes) != 4:
        raise InvalidArgumentError(None, op_name, f"{op_name}: sizes must be 4-dimensional, got "
                                   f"{len(sizes)} [Op:{op_name}]")
    return sizes


def _conv2d_backprop_input_kernel(input_sizes, w, dy, strides, padding, explicit_paddings, dilations,
                                  data_format):
    op = "Conv2DBackpropInput"
    _check_format(op, data_format)
    in_shape = _sizes(op, input_sizes)
    if w.ndim != 4:
        raise InvalidArgumentError(None, op, f"filter must be 4-dimensional: {_dims_text(w.shape)} [Op:{op}]")
    if w.shape[2] == 0 or in_shape[3] % w.shape[2] or w.shape[3] % (in_shape[3] // w.shape[2]):
        raise InvalidArgumentError(None, op, f"Conv2DCustomBackpropInput: input depth must be evenly "
                                   f"divisible by filter depth (input sizes {_dims_text(in_shape)}, filter "
                                   f"shape {_dims_text(w.shape)}) [Op:{op}]")
    if dy.ndim == 4 and dy.shape[3] != w.shape[3]:
        raise InvalidArgumentError(None, op, f"Conv2DCustomBackpropInput: filter and out_backprop must have "
                                   f"the same out_depth (filter shape {_dims_text(w.shape)}, out_backprop "
                                   f"shape {_dims_text(dy.shape)}) [Op:{op}]")
    oh, ow, pads = _geometry(op, in_shape, w.shape[0], w.shape[1], strides, padding, explicit_paddings,
                             dilations)
    _check_out_backprop(op, dy, in_shape[0], oh, ow, w.shape[3])
    with _AllCores(2 * in_shape[0] * oh * ow * w.size):
        dx = _conv2d_input_grad(_compute(w), _compute(dy), in_shape, strides[1], strides[2], dilations[1],
                                dilations[2], pads)
    return dx.astype(dy.dtype, copy=False)


DX_AS_CONV = True  # benchmarks/conv_kernels.py --compare times both input-gradient strategies


def _conv2d_input_grad(w, dy, in_shape, sh, sw, dh, dw, pads):
    n, h, wd, c = in_shape
    kh, kw, cf, o = w.shape
    groups = c // cf
    oh, ow = dy.shape[1], dy.shape[2]
    pt, pb, pl, pr = pads
    if DX_AS_CONV and sh == sw == 1 and (kh > 1 or kw > 1) and o <= 4 * c:
        # Stride 1: the input gradient is itself a convolution of dy with the flipped,
        # transposed filter (grouped alike); its im2col is o/c times the forward's.
        wf = w[::-1, ::-1].reshape(kh, kw, cf, groups, o // groups).transpose(0, 1, 4, 3, 2)
        wf = np.ascontiguousarray(wf).reshape(kh, kw, o // groups, c)
        ekh, ekw = (kh - 1) * dh, (kw - 1) * dw
        return _conv2d(dy, wf, 1, 1, dh, dw, h, wd, (ekh - pt, ekh - pb, ekw - pl, ekw - pr))
    # One product per tap, added into the padded gradient (any stride).
    dxp = np.zeros((n, h + pt + pb, wd + pl + pr, c), dy.dtype)
    dy2 = dy.reshape(n * oh * ow, o)
    tmp = _buffer(("taps", n * oh * ow, c, dy.dtype.str), (n * oh * ow, c), dy.dtype)
    tmp4 = tmp.reshape(n, oh, ow, c)
    wt = w.transpose(0, 1, 3, 2)
    og = o // groups
    for i in range(kh):
        for j in range(kw):
            for g in range(groups):  # into a reused buffer: no page faults per tap
                gi, go = slice(g * cf, (g + 1) * cf), slice(g * og, (g + 1) * og)
                np.matmul(dy2[:, go], wt[i, j, go], out=tmp[:, gi])
            _tap_view(dxp, i, j, oh, ow, sh, sw, dh, dw)[...] += tmp4
    if pt or pb or pl or pr:
        return np.ascontiguousarray(dxp[:, pt:pt + h, pl:pl + wd])
    return dxp


def _conv2d_backprop_filter_kernel(x, filter_sizes, dy, strides, padding, explicit_paddings, dilations,
                                   data_format):
    op = "Conv2DBackpropFilter"
    _check_format(op, data_format)
    kh, kw, c, o = _sizes(op, filter_sizes)
    if x.ndim != 4:
        raise InvalidArgumentError(None, op, f"input must be 4-dimensional: {_dims_text(x.shape)} [Op:{op}]")
    _check_groups(op, x.shape, (kh, kw, c, o))
    oh, ow, pads = _geometry(op, x.shape, kh, kw, strides, padding, explicit_paddings, dilations)
    _check_out_backprop(op, dy, x.shape[0], oh, ow, o)
    with _AllCores(2 * x.shape[0] * oh * ow * kh * kw * c * o):
        dw = _conv2d_filter_grad(_compute(x), _compute(dy), kh, kw, c, o, strides, dilations, oh, ow, pads)
    return dw.astype(dy.dtype, copy=False)


def _conv2d_filter_grad(x, dy, kh, kw, c, o, strides, dilations, oh, ow, pads):
    dy2 = dy.reshape(x.shape[0] * oh * ow, o)
    groups = x.shape[3] // c
    if conv_rows.applies(x.shape, (kh, kw, c, o), strides[1], groups):
        return conv_rows.filter_grad_rows(x, dy, kh, kw, dilations[1], strides[2], dilations[2], pads)
    geometry = (kh, kw, strides[1], strides[2], dilations[1], dilations[2], oh, ow, pads)
    if groups == 1 and chunked(x, kh, kw, oh, ow):
        dw, rows = None, oh * ow
        for b, m, cols in im2col_chunks(x, *geometry):
            part = cols.T @ dy2[b * rows:(b + m) * rows]
            dw = part if dw is None else np.add(dw, part, out=dw)
        return dw.reshape(kh, kw, c, o)
    cols, transposed = _im2col(x, *geometry)
    if groups == 1:
        colsT = cols if transposed else cols.T
        # Two threads, half the output positions each, beat one product on both cores 1.3 -> 0.7 ms
        # on the handbook CNN's first convolution (1 input channel: a 25 x 39200 @ 39200 x 32 product).
        dw = split_sum(lambda a, b: colsT[:, a:b] @ dy2[a:b], dy2.shape[0], dy2.size)
        return dw.reshape(kh, kw, c, o)
    og = o // groups
    dw = np.empty((kh, kw, c, o), dy.dtype)
    for g, block in enumerate(_group_blocks(cols, kh * kw, groups)):
        dw[..., g * og:(g + 1) * og] = (block.T @ dy2[:, g * og:(g + 1) * og]).reshape(kh, kw, c, og)
    return dw


def _conv2d_infer(ins, attrs):
    xs, ws = ins[0].shape, ins[1].shape
    _graph_rank_check("Conv2D", (xs, ws))
    if xs.rank is None:
        return [(TensorShape([None, None, None, ws[3] if ws.rank else None]), ins[0].dtype)]
    c = xs[3]
    kh, kw, cf, o = ws if ws.rank is not None else (None,) * 4
    if c is not None and cf is not None and (cf == 0 or c % cf):
        raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter ({cf}) for "
                         f"'Conv2D' with input shapes: {_dims_text(xs)}, {_dims_text(ws)}.")
    if c is not None and cf and o is not None and o % (c // cf):
        raise ValueError(f"Depth of output ({o}) is not a multiple of the number of groups ({c // cf}) for "
                         f"'Conv2D' with input shapes: {_dims_text(xs)}, {_dims_text(ws)}.")
    oh, ow = _graph_spatial("Conv2D", xs, kh, kw, attrs, (xs, ws))
    return [(TensorShape([xs[0], oh, ow, o]), ins[0].dtype)]


def _backprop_input_infer(ins, attrs):
    ws, dys = ins[1].shape, ins[2].shape
    known = (dys[0] if dys.rank else None, None, None, ws[2] if ws.rank else None)
    return [(_sizes_infer(ins[0], known), ins[2].dtype)]


def _backprop_filter_infer(ins, attrs):
    xs, dys = ins[0].shape, ins[2].shape
    known = (None, None, xs[3] if xs.rank else None, dys[3] if dys.rank else None)
    return [(_sizes_infer(ins[1], known), ins[0].dtype)]


CONV2D = primitive("Conv2D", _conv2d_kernel, _conv2d_infer)
CONV2D_BACKPROP_INPUT = primitive("Conv2DBackpropInput", _conv2d_backprop_input_kernel,
                                  _backprop_input_infer)
CONV2D_BACKPROP_FILTER = primitive("Conv2DBackpropFilter", _conv2d_backprop_filter_kernel,
                                   _backprop_filter_infer)


def _linear_pair_grads(fwd, bp_input, bp_filter):
    """Gradients of a convolution family (forward, backprop-input, backprop-filter: all bilinear)."""
    def fwd_grad(node, g):
        x, w = node.inputs
        needs = node.needs or (True, True)
        # The filter gradient first: it reuses the forward pass's im2col buffer, which computing
        # the input gradient may overwrite.
        dw = execute(bp_filter, (x, _shape_of(w), g), node.attrs) if needs[1] else None
        dx = execute(bp_input, (_shape_of(x), w, g), node.attrs) if needs[0] else None
        return dx, dw

    def input_grad(node, g):
        _, w, dy = node.inputs
        needs = node.needs or (False, True, True)
        dw = execute(bp_filter, (g, _shape_of(w), dy), node.attrs) if needs[1] else None
        return None, dw, (execute(fwd, (g, w), node.attrs) if needs[2] else None)

    def filter_grad(node, g):
        x, _, dy = node.inputs
        needs = node.needs or (True, False, True)
        dx = execute(bp_input, (_shape_of(x), g, dy), node.attrs) if needs[0] else None
        return dx, None, (execute(fwd, (x, g), node.attrs) if needs[2] else None)

    fwd.grad, bp_input.grad, bp_filter.grad = fwd_grad, input_grad, filter_grad


_linear_pair_grads(CONV2D, CONV2D_BACKPROP_INPUT, CONV2D_BACKPROP_FILTER)


# -- public functions (tf.nn) ------------------------------------------------------------------
_CONV_TYPES = ("float16", "bfloat16", "float32", "float64", "int32")
_FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")


def _convert(x, w, op_name, types=_CONV_TYPES, arg="filter"):
    """The input and filter as tensors of one dtype (a Python/NumPy filter takes the input's)."""
    if type(x) is not Tensor or type(w) is not Tensor:
        x, w = convert_pair(x, w)
    eager = _eager(x, w)
    if x._dtype is not w._dtype:
        if eager:
            raise dtype_error(op_name, 1, x._dtype, w._dtype)
        raise TypeError(f"Input '{arg}' of '{op_name}' Op has type {w._dtype.name} that does not match "
                        f"type {x._dtype.name} of argument 'input'.")
    _check_dtype(op_name, x._dtype, types, eager)
    return x, w, eager


def _conv_attrs(op_name, strides, padding, dilations, data_format, eager, n=2):
    _check_format(op_name, data_format, eager)
    strides = _get_sequence(strides, n, "strides")
    dilations = _get_sequence(dilations, n, "dilations")
    padding, explicit = _explicit_padding(op_name, padding, n, eager)
    _check_window(op_name, strides, dilations, eager)
    return {"strides": strides, "padding": padding, "explicit_paddings": explicit, "dilations": dilations,
            "data_format": data_format}


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution of an NHWC `input` with HWIO `filters`. `padding` is 'SAME', 'VALID' or a
    list [[0, 0], [top, bottom], [left, right], [0, 0]].

        >>> tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 2]), strides=1, padding='SAME').shape
        TensorShape([1, 5, 5, 2])
    """
    x, w, eager = _convert(input, filters, "Conv2D")
    return execute(CONV2D, (x, w), _conv_attrs("Conv2D", strides, padding, dilations, data_format, eager))


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of an NWC `input` with WIO `filters` (a conv2d over a height of 1).

        >>> tf.nn.conv1d(tf.ones([1, 5, 2]), tf.ones([3, 2, 4]), stride=1, padding='VALID').shape
        TensorShape([1, 3, 4])
    """
    x, w, eager = _convert(input, filters, "Conv2D")
    if data_format not in ("NWC", "NCW"):
        raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
    fmt = "NHWC" if data_format == "NWC" else "NCHW"
    stride = (1,) + _get_sequence(stride, 1, "stride")
    dil = (1,) + _get_sequence(dilations, 1, "dilations")
    if not isinstance(padding, str):
        padding = [[0, 0]] + [list(p) for p in padding]
    attrs = _conv_attrs("Conv2D", stride, padding, dil, fmt, eager)
    return squeeze(execute(CONV2D, (expand_dims(x, -3), expand_dims(w, 0)), attrs), -3)


def convolution(input, filters, strides=None, padding="VALID", data_format=None, dilations=None, name=None):
    """N-D convolution (N = 1, 2 or 3), dispatching on the input's rank to conv1d / conv2d / conv3d.

        >>> tf.nn.convolution(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1])).shape
        TensorShape([1, 3, 3, 1])
    """
    x, w, _ = _convert(input, filters, "Conv2D")
    rank = x.shape.rank if x.shape.rank is not None else w.shape.rank
    n = None if rank is None else rank - 2
    if n not in (1, 2, 3):
        raise ValueError(f"`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims={n}.")
    s, d = _get_sequence(strides, n, "strides")[1:-1], _get_sequence(dilations, n, "dilations")[1:-1]
    if max(s) > 1 and max(d) > 1:
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={np.array(s)} and dilation_rate={np.array(d)}")
    if n == 3:
        from .conv3d_ops import conv3d  # (conv3d_ops imports this module)
        return conv3d(x, w, [1, *s, 1], padding, data_format or "NDHWC", [1, *d, 1])
    if n == 1:
        return conv1d(x, w, list(s), padding, data_format or "NWC", list(d))
    return conv2d(x, w, list(s), padding, data_format or "NHWC", list(d))


def _output_shape_tensor(output_shape, rank, name="output_shape"):
    if isinstance(output_shape, Tensor) and type(output_shape) is not Tensor:
        return output_shape  # symbolic
    shape = [int(v) for v in np.ravel(output_shape.numpy() if isinstance(output_shape, Tensor) else output_shape)]
    if len(shape) != rank:
        raise ValueError(f"{name} must have shape ({rank},), got ({len(shape)},)")
    return convert_to_tensor(np.array(shape, np.int32))


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC",
                     dilations=None, name=None):
    """The transpose (gradient) of conv2d: `filters` is [h, w, out_channels, in_channels].

        >>> tf.nn.conv2d_transpose(tf.ones([1, 2, 2, 3]), tf.ones([3, 3, 4, 3]), [1, 4, 4, 4], 2).shape
        TensorShape([1, 4, 4, 4])
    """
    x, w, eager = _convert(input, filters, "Conv2DBackpropInput", arg="filter")
    attrs = _conv_attrs("Conv2DBackpropInput", strides, padding, dilations, data_format, eager)
    return execute(CONV2D_BACKPROP_INPUT, (_output_shape_tensor(output_shape, 4), w, x), attrs)


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",
                     dilations=None, name=None):
    """The transpose of conv1d: `filters` is [w, out_channels, in_channels].

        >>> tf.nn.conv1d_transpose(tf.ones([1, 3, 2]), tf.ones([3, 4, 2]), [1, 6, 4], 2).shape
        TensorShape([1, 6, 4])
    """
    x, w, eager = _convert(input, filters, "Conv2DBackpropInput")
    if data_format != "NWC":
        _check_format("Conv2DBackpropInput", "NCHW" if data_format == "NCW" else data_format, eager)
    shape = _output_shape_tensor(output_shape, 3)
    if _static(shape) is None:
        raise ValueError("numtf's conv1d_transpose needs an output_shape known when the graph is built")
    n, wd, c = _static(shape)
    attrs = _conv_attrs("Conv2DBackpropInput", (1,) + _get_sequence(strides, 1, "strides"), padding,
                        (1,) + _get_sequence(dilations, 1, "dilations"), "NHWC", eager)
    sizes = convert_to_tensor(np.array([n, 1, wd, c], np.int32))
    return squeeze(execute(CONV2D_BACKPROP_INPUT, (sizes, expand_dims(w, 0), expand_dims(x, -3)), attrs), -3)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d with dilation `rate` (TF1's name for a dilated convolution).

        >>> tf.nn.atrous_conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 1]), rate=2, padding='VALID').shape
        TensorShape([1, 1, 1, 1])
    """
    if rate < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    return conv2d(value, filters, 1, padding, dilations=rate)
