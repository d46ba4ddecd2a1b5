"""3-D convolution and pooling (`tf.nn.conv3d`, `conv3d_transpose`, `max_pool3d`, `avg_pool3d`).

NDHWC, as TF's CPU kernels. A convolution is im2col (a strided view of the padded input copied
a few images at a time) plus one BLAS product per chunk; its input gradient is one product per
kernel tap added into the padded gradient. The gradient kernels are primitives (TF's
Conv3DBackpropInputV2 / Conv3DBackpropFilterV2, MaxPool3DGrad / MaxPool3DGradGrad,
AvgPool3DGrad), each with its own gradient, so higher derivatives work. As in TF, max pooling's
gradient goes to every maximum of a window when several tie (MaxPool3DGrad), but its second
derivative reads only the first maximum (MaxPool3DGradGrad): they agree where there are no ties.

    >>> tf.nn.conv3d(tf.ones([1, 3, 3, 3, 1]), tf.ones([2, 2, 2, 1, 1]), [1] * 5, 'VALID').shape
    TensorShape([1, 2, 2, 2, 1])
"""
import itertools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, zeros_like
from .registry import primitive, execute, execute_unary
from .conv_util import (_out_size, _dims_text, _compute, _sizes_infer, _shape_of, _eager, _fail, _get_sequence,
                        _check_padding_string, _TF_TYPE_NAMES)
from .conv_ops import _convert, _linear_pair_grads, _output_shape_tensor

__all__ = []  # public names live in tf.nn

_CONV_TYPES = ("float16", "bfloat16", "float32", "float64")
_ALL_TYPES = _CONV_TYPES + ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool",
                            "complex64", "complex128")  # (_convert's check: this module checks itself)
# TF's MaxPool3D takes no float64; its AvgPool3D does (only a CPU kernel is missing: numtf has one).
_MAX_POOL_TYPES = ("float16", "bfloat16", "float32")
_AVG_POOL_TYPES = ("float16", "bfloat16", "float32", "float64")
_UNIT = (1,) * 5
# im2col chunks of about this many bytes: the whole matrix of a big 3-D input would be huge.
CHUNK_BYTES = 8 << 20


# -- geometry ---------------------------------------------------------------------------------
def _geometry(op, shape, ksize, strides, padding, dilations):
    """((od, oh, ow), ((before, after) per spatial dim)) of an NDHWC input under TF's rules."""
    outs, pads = [], []
    for i in range(3):
        out, before, after = _out_size(shape[i + 1], ksize[i], strides[i + 1], dilations[i + 1], padding)
        if out < 0:
            raise InvalidArgumentError(
                None, op, f"Computed output size would be negative: {out} [input_size: {shape[i + 1]}, "
                f"effective_filter_size: {(ksize[i] - 1) * dilations[i + 1] + 1}, stride: {strides[i + 1]}] [Op:{op}]")
        outs.append(out)
        pads.append((before, after))
    return tuple(outs), tuple(pads)


def _pad(x, pads, fill=0):
    if not any(b or a for b, a in pads):
        return x
    n, d, h, w, c = x.shape
    (pd, qd), (ph, qh), (pw, qw) = pads
    out = np.full((n, d + pd + qd, h + ph + qh, w + pw + qw, c), fill, x.dtype)
    out[:, pd:pd + d, ph:ph + h, pw:pw + w] = x
    return out


def _crop(xp, pads, shape):
    (pd, _), (ph, _), (pw, _) = pads
    return np.ascontiguousarray(xp[:, pd:pd + shape[1], ph:ph + shape[2], pw:pw + shape[3]])


def _tap_view(xp, tap, outs, strides, dilations):
    """The elements of the padded input that kernel tap (a, b, c) meets, one per output position."""
    idx = [slice(None)]
    for i in range(3):
        start = tap[i] * dilations[i + 1]
        idx.append(slice(start, start + strides[i + 1] * (outs[i] - 1) + 1 if outs[i] else start, strides[i + 1]))
    return xp[tuple(idx)]


def _taps(ksize):
    return list(itertools.product(range(ksize[0]), range(ksize[1]), range(ksize[2])))


def _patch_chunks(x, ksize, strides, dilations, outs, pads):
    """Yields (first image, images, cols): the (images*od*oh*ow, kd*kh*kw*C) im2col matrix of a
    few images at a time (use each before taking the next)."""
    xp = _pad(x, pads)
    s0, s1, s2, s3, s4 = xp.strides
    n, c = x.shape[0], x.shape[4]
    shape = (n,) + outs + tuple(ksize) + (c,)
    st = (s0, s1 * strides[1], s2 * strides[2], s3 * strides[3],
          s1 * dilations[1], s2 * dilations[2], s3 * dilations[3], s4)
    patches = as_strided(xp, shape, st, writeable=False)
    rows, width = int(np.prod(outs)), int(np.prod(ksize)) * c
    step = max(1, min(n, CHUNK_BYTES // max(1, rows * width * x.itemsize)))
    for b in range(0, n, step):
        m = min(step, n - b)
        yield b, m, np.ascontiguousarray(patches[b:b + m]).reshape(m * rows, width)


def _check_ranks(op, **arrays):
    for name, a in arrays.items():
        if a.ndim != 5:
            raise InvalidArgumentError(None, op, f"{name} must be 5-dimensional, got shape "
                                       f"{_dims_text(a.shape)} [Op:{op}]")


def _check_depth(op, in_shape, w_shape):
    if in_shape[4] != w_shape[3]:
        if w_shape[3] and in_shape[4] % w_shape[3] == 0:  # TF's CPU kernel has no grouped 3-D convolution
            raise InvalidArgumentError(None, op, f"Number of channels in filter ({w_shape[3]}) must match last "
                                       f"dimension of input ({in_shape[4]}) [Op:{op}]")
        raise InvalidArgumentError(None, op, f"Input depth must be evenly divisible by filter depth: "
                                   f"{in_shape[4]} vs {w_shape[3]} [Op:{op}]")


def _check_out_backprop(op, dy, expected):
    if dy.shape != tuple(expected):
        raise InvalidArgumentError(None, op, f"{op}: out_backprop has shape {_dims_text(dy.shape)} but the "
                                   f"convolution computes {_dims_text(expected)} [Op:{op}]")


def _sizes(op, sizes):
    sizes = tuple(int(v) for v in np.ravel(sizes))
    if len(sizes) != 5:
        raise InvalidArgumentError(None, op, f"{op}: sizes must be 5-dimensional, got {len(sizes)} [Op:{op}]")
    return sizes


# -- Conv3D and its gradient kernels --------------------------------------------------------
def _conv3d_kernel(x, w, strides, padding, dilations, data_format):
    op = "Conv3D"
    _check_ranks(op, input=x, filter=w)
    _check_depth(op, x.shape, w.shape)
    outs, pads = _geometry(op, x.shape, w.shape[:3], strides, padding, dilations)
    xc, wc = _compute(x), _compute(w)
    o = w.shape[4]
    wm = wc.reshape(-1, o)
    rows = int(np.prod(outs))
    out = np.empty((x.shape[0] * rows, o), xc.dtype)
    if out.size:
        for b, m, cols in _patch_chunks(xc, w.shape[:3], strides, dilations, outs, pads):
            np.matmul(cols, wm, out=out[b * rows:(b + m) * rows])
    return out.reshape((x.shape[0],) + outs + (o,)).astype(x.dtype, copy=False)


def _conv3d_backprop_input_kernel(input_sizes, w, dy, strides, padding, dilations, data_format):
    op = "Conv3DBackpropInputV2"
    in_shape = _sizes(op, input_sizes)
    _check_ranks(op, filter=w, out_backprop=dy)
    _check_depth(op, in_shape, w.shape)
    outs, pads = _geometry(op, in_shape, w.shape[:3], strides, padding, dilations)
    _check_out_backprop(op, dy, (in_shape[0],) + outs + (w.shape[4],))
    wc, dyc = _compute(w), _compute(dy)
    n, c = in_shape[0], in_shape[4]
    dxp = np.zeros((n,) + tuple(in_shape[i + 1] + sum(pads[i]) for i in range(3)) + (c,), dyc.dtype)
    if dy.size and dxp.size:
        dy2 = dyc.reshape(-1, w.shape[4])
        for tap in _taps(w.shape[:3]):  # one product per tap, added where that tap reads the input
            _tap_view(dxp, tap, outs, strides, dilations)[...] += (dy2 @ wc[tap].T).reshape(dy.shape[:4] + (c,))
    return _crop(dxp, pads, in_shape).astype(dy.dtype, copy=False)


def _conv3d_backprop_filter_kernel(x, filter_sizes, dy, strides, padding, dilations, data_format):
    op = "Conv3DBackpropFilterV2"
    w_shape = _sizes(op, filter_sizes)
    _check_ranks(op, input=x, out_backprop=dy)
    _check_depth(op, x.shape, w_shape)
    outs, pads = _geometry(op, x.shape, w_shape[:3], strides, padding, dilations)
    _check_out_backprop(op, dy, (x.shape[0],) + outs + (w_shape[4],))
    xc, dyc = _compute(x), _compute(dy)
    o, rows = w_shape[4], int(np.prod(outs))
    dy2 = dyc.reshape(-1, o)
    dw = np.zeros((int(np.prod(w_shape[:4])), o), dyc.dtype)
    if dy.size:
        for b, m, cols in _patch_chunks(xc, w_shape[:3], strides, dilations, outs, pads):
            dw += cols.T @ dy2[b * rows:(b + m) * rows]
    return dw.reshape(w_shape).astype(dy.dtype, copy=False)


# -- graph shape rules ------------------------------------------------------------------------
def _rank_check(op, shapes, ranks):
    for s, r in zip(shapes, ranks):
        if s.rank is not None and s.rank != r:
            text = ", ".join(_dims_text(t) if t.rank is not None else "?" for t in shapes)
            raise ValueError(f"Shape must be rank {r} but is rank {s.rank} for '{op}' with input shapes: {text}.")


def _spatial_infer(op, xs, ksize, attrs, shapes):
    """Static (od, oh, ow), None where unknown; a VALID window larger than the input is a ValueError."""
    outs = []
    for i in range(3):
        size, k = xs[i + 1], ksize[i]
        if size is None or k is None:
            outs.append(None)
            continue
        s, d = attrs["strides"][i + 1], attrs.get("dilations", _UNIT)[i + 1]
        eff = (k - 1) * d + 1
        if attrs["padding"] == "VALID" and size < eff:
            raise ValueError(f"Negative dimension size caused by subtracting {eff} from {size} for '{op}' with "
                             f"input shapes: {', '.join(_dims_text(t) for t in shapes)}.")
        outs.append(_out_size(size, k, s, d, attrs["padding"])[0])
    return outs


def _conv3d_infer(ins, attrs):
    xs, ws = ins[0].shape, ins[1].shape
    _rank_check("Conv3D", (xs, ws), (5, 5))
    o = ws[4] if ws.rank else None
    if xs.rank is None:
        return [(TensorShape([None] * 4 + [o]), ins[0].dtype)]
    ksize = tuple(ws)[:3] if ws.rank else (None,) * 3
    if ws.rank and xs[4] is not None and ws[3] is not None and xs[4] != ws[3]:
        raise ValueError(f"Depth of input ({xs[4]}) is not a multiple of input depth of filter ({ws[3]}) for "
                         f"'Conv3D' with input shapes: {_dims_text(xs)}, {_dims_text(ws)}.")
    return [(TensorShape([xs[0]] + _spatial_infer("Conv3D", xs, ksize, attrs, (xs, ws)) + [o]), ins[0].dtype)]


def _backprop_input_infer(ins, attrs):
    ws, dys = ins[1].shape, ins[2].shape
    known = (dys[0] if dys.rank else None, None, None, None, ws[3] if ws.rank else None)
    return [(_sizes_infer(ins[0], known), ins[2].dtype)]


def _backprop_filter_infer(ins, attrs):
    xs, dys = ins[0].shape, ins[2].shape
    known = (None, None, None, xs[4] if xs.rank else None, dys[4] if dys.rank else None)
    return [(_sizes_infer(ins[1], known), ins[0].dtype)]


CONV3D = primitive("Conv3D", _conv3d_kernel, _conv3d_infer)
CONV3D_BACKPROP_INPUT = primitive("Conv3DBackpropInputV2", _conv3d_backprop_input_kernel, _backprop_input_infer)
CONV3D_BACKPROP_FILTER = primitive("Conv3DBackpropFilterV2", _conv3d_backprop_filter_kernel,
                                   _backprop_filter_infer)
# All three are bilinear: each one's gradients are the other two (as for Conv2D).
_linear_pair_grads(CONV3D, CONV3D_BACKPROP_INPUT, CONV3D_BACKPROP_FILTER)


# -- pooling kernels ----------------------------------------------------------------------------
def _lowest(dtype):
    return np.finfo(dtype).min  # padding never wins a max (float types only here)


def _pool_geometry(op, shape, ksize, strides, padding):
    if len(shape) != 5:
        raise InvalidArgumentError(None, op, f"tensor_in must be 5-dimensional, got shape {_dims_text(shape)} "
                                   f"[Op:{op}]")
    return _geometry(op, shape, ksize[1:4], strides, padding, _UNIT)


def _pool_taps(ksize):
    return _taps(ksize[1:4])


def _max_pool3d_kernel(x, ksize, strides, padding, data_format):
    outs, pads = _pool_geometry("MaxPool3D", x.shape, ksize, strides, padding)
    xp = _pad(x, pads, _lowest(x.dtype))
    out = None
    for tap in _pool_taps(ksize):
        v = _tap_view(xp, tap, outs, strides, _UNIT)
        if out is None:
            out = np.array(v)
        else:
            np.fmax(out, v, out=out)  # fmax: NaNs never win, as in TF
    return out


def _first_max_masks(xp, y, ksize, strides, outs):
    """Yields (tap, mask): the windows whose first maximum (TF's tie rule) is at this tap."""
    taken = None
    for tap in _pool_taps(ksize):
        m = _tap_view(xp, tap, outs, strides, _UNIT) == y
        if taken is None:
            taken = m.copy()
        else:
            np.greater(m, taken, out=m)  # m and not yet taken
            taken |= m
        yield tap, m


def _check_pool_grad_shapes(op, x, y, g, g_shape, outs):
    expected = (x.shape[0],) + outs + (x.shape[4],)
    if y.shape != expected or g.shape != g_shape:
        raise InvalidArgumentError(None, op, f"Expected orig_output shape {_dims_text(expected)} and grad "
                                   f"shape {_dims_text(g_shape)}, got {_dims_text(y.shape)} and "
                                   f"{_dims_text(g.shape)} [Op:{op}]")


def _max_pool3d_grad_kernel(x, y, g, ksize, strides, padding, data_format):
    op = "MaxPool3DGrad"
    outs, pads = _pool_geometry(op, x.shape, ksize, strides, padding)
    _check_pool_grad_shapes(op, x, y, g, (x.shape[0],) + outs + (x.shape[4],), outs)
    xp = _pad(x, pads, _lowest(x.dtype))
    dxp = np.zeros(xp.shape, g.dtype)
    if g.size:
        # Unlike MaxPoolGrad, TF's MaxPool3DGrad gives each window's gradient to every element
        # equal to its maximum (all of them, when several tie).
        for tap in _pool_taps(ksize):
            _tap_view(dxp, tap, outs, strides, _UNIT)[...] += g * (_tap_view(xp, tap, outs, strides, _UNIT) == y)
    return _crop(dxp, pads, x.shape)


def _max_pool3d_grad_grad_kernel(x, y, gg, ksize, strides, padding, data_format):
    op = "MaxPool3DGradGrad"
    outs, pads = _pool_geometry(op, x.shape, ksize, strides, padding)
    _check_pool_grad_shapes(op, x, y, gg, x.shape, outs)
    xp, ggp = _pad(x, pads, _lowest(x.dtype)), _pad(gg, pads)
    out = np.zeros(y.shape, gg.dtype)
    if out.size:
        for tap, m in _first_max_masks(xp, y, ksize, strides, outs):
            np.copyto(out, _tap_view(ggp, tap, outs, strides, _UNIT), where=m)
    return out


def _avg_divisor(shape, outs, ksize, strides, pads, dtype):
    """The number of real (not padding) elements in each window: TF's SAME averages only those."""
    if not any(b or a for b, a in pads):
        return dtype.type(np.prod(ksize[1:4]))
    counts = []
    for i in range(3):
        start = np.arange(outs[i]) * strides[i + 1] - pads[i][0]
        counts.append(np.minimum(start + ksize[i + 1], shape[i + 1]) - np.maximum(start, 0))
    return (counts[0][:, None, None] * counts[1][None, :, None] * counts[2][None, None, :]).astype(dtype)[..., None]


def _avg_pool3d_kernel(x, ksize, strides, padding, data_format):
    outs, pads = _pool_geometry("AvgPool3D", x.shape, ksize, strides, padding)
    xp = _pad(_compute(x), pads)
    out = np.zeros((x.shape[0],) + outs + (x.shape[4],), xp.dtype)
    for tap in _pool_taps(ksize):
        out += _tap_view(xp, tap, outs, strides, _UNIT)
    out /= _avg_divisor(x.shape, outs, ksize, strides, pads, xp.dtype)
    return out.astype(x.dtype, copy=False)


def _avg_pool3d_grad_kernel(orig_input_shape, g, ksize, strides, padding, data_format):
    op = "AvgPool3DGrad"
    shape = _sizes(op, orig_input_shape)
    outs, pads = _pool_geometry(op, shape, ksize, strides, padding)
    if g.shape != (shape[0],) + outs + (shape[4],):
        raise InvalidArgumentError(None, op, f"grad has shape {_dims_text(g.shape)} but the pool computes "
                                   f"{_dims_text((shape[0],) + outs + (shape[4],))} [Op:{op}]")
    gc = _compute(g)
    gs = gc / _avg_divisor(shape, outs, ksize, strides, pads, gc.dtype)
    dxp = np.zeros((shape[0],) + tuple(shape[i + 1] + sum(pads[i]) for i in range(3)) + (shape[4],), gc.dtype)
    if g.size:
        for tap in _pool_taps(ksize):
            _tap_view(dxp, tap, outs, strides, _UNIT)[...] += gs
    return _crop(dxp, pads, shape).astype(g.dtype, copy=False)


def _pool_infer(op):
    def infer(ins, attrs):
        xs = ins[0].shape
        _rank_check(op, (xs,), (5,))
        if xs.rank is None:
            return [(TensorShape([None] * 5), ins[0].dtype)]
        spatial = _spatial_infer(op, xs, attrs["ksize"][1:4], attrs, (xs,))
        return [(TensorShape([xs[0]] + spatial + [xs[4]]), ins[0].dtype)]
    return infer


def _avg_grad_infer(ins, attrs):
    gs = ins[1].shape
    known = (gs[0], None, None, None, gs[4]) if gs.rank else (None,) * 5
    return [(_sizes_infer(ins[0], known), ins[1].dtype)]


MAX_POOL3D = primitive("MaxPool3D", _max_pool3d_kernel, _pool_infer("MaxPool3D"))
MAX_POOL3D_GRAD = primitive("MaxPool3DGrad", _max_pool3d_grad_kernel,
                            lambda ins, attrs: [(ins[0].shape, ins[2].dtype)])
MAX_POOL3D_GRAD_GRAD = primitive("MaxPool3DGradGrad", _max_pool3d_grad_grad_kernel,
                                 lambda ins, attrs: [(ins[1].shape, ins[2].dtype)])
AVG_POOL3D = primitive("AvgPool3D", _avg_pool3d_kernel, _pool_infer("AvgPool3D"))
AVG_POOL3D_GRAD = primitive("AvgPool3DGrad", _avg_pool3d_grad_kernel, _avg_grad_infer)


def _routing_grad(other):
    # MaxPool3DGrad and MaxPool3DGradGrad are linear in their last input (each the other's
    # adjoint where no window ties: TF pairs them so even where one does) and piecewise constant
    # in the others.
    def grad(node, g):
        x, y, _ = node.inputs
        needs = node.needs or (True, True, True)
        return (zeros_like(x) if needs[0] else None, zeros_like(y) if needs[1] else None,
                execute(other, (x, y, g), node.attrs))
    return grad


MAX_POOL3D.grad = lambda node, g: execute(MAX_POOL3D_GRAD, (node.inputs[0], node.outputs[0], g), node.attrs)
MAX_POOL3D_GRAD.grad = _routing_grad(MAX_POOL3D_GRAD_GRAD)
MAX_POOL3D_GRAD_GRAD.grad = _routing_grad(MAX_POOL3D_GRAD)
AVG_POOL3D.grad = lambda node, g: execute(AVG_POOL3D_GRAD, (_shape_of(node.inputs[0]), g), node.attrs)
AVG_POOL3D_GRAD.grad = lambda node, g: (None, execute_unary(AVG_POOL3D, g, node.attrs))


# -- public functions (tf.nn) ------------------------------------------------------------------
def _attr_list(op, name, value, eager):
    """TF's conv3d takes strides/dilations as lists of (at least) 5 ints only."""
    if isinstance(value, Tensor):
        value = value.numpy().tolist()
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"Expected list for '{name}' argument to 'conv3d' Op, not {value}.")
    value = tuple(int(v) for v in value)
    if len(value) != 5:
        _fail(op, eager, f"Length for attr '{name}' of {len(value)} must be at least minimum 5" if len(value) < 5
              else f"Sliding window {name} field must specify 5 dimensions")
    return value


def _check_dtype(op, dtype, allowed, eager):
    if dtype.name not in allowed:
        names = ", ".join(_TF_TYPE_NAMES.get(a, a) for a in allowed)
        msg = (f"Value for attr 'T' of {_TF_TYPE_NAMES.get(dtype.name, dtype.name)} is not in the list of allowed "
               f"values: {names}")
        if eager:
            raise InvalidArgumentError(None, op, msg)
        raise TypeError(msg)


def _string_padding(op, padding, eager):
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' not {padding}.")
    _check_padding_string(op, padding, eager)
    return padding


def _conv_attrs(op, strides, padding, dilations, eager):
    if strides[0] != 1 or strides[4] != 1:
        _fail(op, eager, "Current implementation does not yet support strides in the batch and depth dimensions.")
    if min(strides) < 1:
        _fail(op, eager, "Spatial strides should be larger than 0.")
    if dilations[0] != 1 or dilations[4] != 1:
        _fail(op, eager, "Current implementation does not yet support dilations in the batch and depth "
              "dimensions.")
    if min(dilations) < 1:
        _fail(op, eager, "Dilated rates should be larger than 0.")
    return {"strides": strides, "padding": padding, "dilations": dilations, "data_format": "NDHWC"}


def _check_format(op, data_format, eager, msg):
    if data_format not in ("NDHWC", "NCDHW"):
        _fail(op, eager, f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
              "values: \"NDHWC\", \"NCDHW\"")
    if data_format == "NCDHW":  # TF's CPU kernels have no NCDHW either
        _fail(op, eager, msg)


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of an NDHWC `input` with DHWIO `filters`. `strides` (and `dilations`)
    are lists of 5 ints, 1 for the batch and channels; `padding` is 'SAME' or 'VALID'.

        >>> tf.nn.conv3d(tf.ones([1, 4, 4, 4, 2]), tf.ones([3, 3, 3, 2, 5]), [1, 2, 2, 2, 1], 'SAME').shape
        TensorShape([1, 2, 2, 2, 5])
    """
    x, w, eager = _convert(input, filters, "Conv3D", _ALL_TYPES)
    _check_dtype("Conv3D", x.dtype, _CONV_TYPES, eager)
    strides = _attr_list("Conv3D", "strides", strides, eager)
    dilations = _UNIT if dilations is None else _attr_list("Conv3D", "dilations", dilations, eager)
    padding = _string_padding("Conv3D", padding, eager)
    _check_format("Conv3D", data_format, eager, "CPU implementation of Conv3D currently only supports the NHWC "
                  "tensor format.")
    return execute(CONV3D, (x, w), _conv_attrs("Conv3D", strides, padding, dilations, eager))


def conv3d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NDHWC", dilations=None,
                     name=None):
    """The transpose (gradient) of conv3d: `filters` is [d, h, w, out_channels, in_channels] and
    `output_shape` the shape of the result (the input of the convolution it transposes).

        >>> tf.nn.conv3d_transpose(tf.ones([1, 2, 2, 2, 3]), tf.ones([3, 3, 3, 4, 3]), [1, 4, 4, 4, 4], 2).shape
        TensorShape([1, 4, 4, 4, 4])
    """
    op = "Conv3DBackpropInputV2"
    x, w, eager = _convert(input, filters, op, _ALL_TYPES)
    _check_dtype(op, x.dtype, _CONV_TYPES, eager)
    padding = _string_padding(op, padding, eager)
    _check_format(op, data_format, eager, "Conv3DBackpropInputOpV2 only supports NDHWC on the CPU.")
    attrs = _conv_attrs(op, _get_sequence(strides, 3, "strides"), padding, _get_sequence(dilations, 3, "dilations"),
                        eager)
    return execute(CONV3D_BACKPROP_INPUT, (_output_shape_tensor(output_shape, 5), w, x), attrs)


def _pool_attrs(op, x, ksize, strides, padding, data_format, eager):
    _check_dtype(op, x.dtype, _MAX_POOL_TYPES if op == "MaxPool3D" else _AVG_POOL_TYPES, eager)
    if data_format != "NDHWC":
        if data_format == "NCDHW":
            _fail(op, eager, "Default Pooling3DOp only supports NDHWC on device type CPU")
        _fail(op, eager, f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
              "values: \"NDHWC\", \"NCDHW\"")
    ksize = _get_sequence(ksize, 3, "ksize")
    strides = _get_sequence(strides, 3, "strides")
    padding = _string_padding(op, padding, eager)
    if min(ksize) < 1:
        _fail(op, eager, "Sliding window ksize field must have non-negative dimensions")
    if min(strides) < 1:
        _fail(op, eager, "Sliding window stride field must have non-negative dimensions")
    if ksize[0] != 1 or strides[0] != 1:
        _fail(op, eager, "Pooling is not yet supported on the batch dimension.", cls=UnimplementedError)
    if ksize[4] != 1 or strides[4] != 1:
        _fail(op, eager, "Pooling is not yet supported on the depth dimension.", cls=UnimplementedError)
    return {"ksize": ksize, "strides": strides, "padding": padding, "data_format": "NDHWC"}


def _pool3d(op, input, ksize, strides, padding, data_format, check_dtype=True):
    x = _as_tensor(input)
    eager = _eager(x)
    if x.shape.rank is not None and x.shape.rank != 5:
        _fail(op.name, eager, f"tensor_in must be 5-dimensional, got shape {x.shape}",
              f"Shape must be rank 5 but is rank {x.shape.rank} for '{op.name}' with input shapes: "
              f"{_dims_text(x.shape)}.")
    attrs = _pool_attrs(op.name, x, ksize, strides, padding, data_format, eager) if check_dtype else \
        {"ksize": _get_sequence(ksize, 3, "ksize"), "strides": _get_sequence(strides, 3, "strides"),
         "padding": padding, "data_format": "NDHWC"}
    return execute_unary(op, x, attrs)


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """Max over each `ksize` window of an NDHWC tensor (ksize/strides: an int, 3 or 5 ints).

        >>> tf.nn.max_pool3d(tf.ones([1, 4, 4, 4, 2]), ksize=2, strides=2, padding='VALID').shape
        TensorShape([1, 2, 2, 2, 2])
    """
    return _pool3d(MAX_POOL3D, input, ksize, strides, padding, data_format)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """Mean over each `ksize` window of an NDHWC tensor (SAME averages only the real elements).

        >>> tf.nn.avg_pool3d(tf.ones([1, 4, 4, 4, 2]), ksize=2, strides=2, padding='SAME').shape
        TensorShape([1, 2, 2, 2, 2])
    """
    return _pool3d(AVG_POOL3D, input, ksize, strides, padding, data_format)
