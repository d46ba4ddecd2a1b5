"""tf.nn.max_pool_with_argmax, tf.nn.dilation2d and tf.nn.erosion2d (NHWC).

max_pool_with_argmax returns, beside the max pool, the position of each window's first
maximum (row-major, as TF's CPU kernel) as a flat index into the input:
(y * width + x) * channels + c, plus batch * height * width * channels with
`include_batch_in_index`. Its gradient scatters the output gradient to those positions.

dilation2d is grayscale morphological dilation: out = max over the (dilated) window of
input + filter, per channel; its gradient goes to the first maximizing tap, for both the input
and the filter, as TF's. erosion2d is -dilation2d(-input, reversed filter), as TF defines it.

    >>> v, i = tf.nn.max_pool_with_argmax(tf.reshape(tf.range(16.), [1, 4, 4, 1]), 2, 2, 'VALID')
    >>> i.numpy().ravel().tolist()
    [5, 7, 13, 15]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _dims_text
from .conv_util import _out_size, _get_sequence
from .registry import primitive, no_gradient, execute
from . import math_ops as M
from .join_ops import reverse as _reverse

__all__ = []  # exported by numtf/nn.py


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _geometry(op, shape, kh, kw, sh, sw, dh, dw, padding):
    oh, pt, _ = _out_size(shape[1], kh, sh, dh, padding)
    ow, pl, _ = _out_size(shape[2], kw, sw, dw, padding)
    for out, size, k, s, d in ((oh, shape[1], kh, sh, dh), (ow, shape[2], kw, sw, dw)):
        if out is not None and out <= 0 and size is not None:
            raise _err(op, f"Computed output size would be negative: {out} [input_size: {size}, "
                           f"effective_filter_size: {(k - 1) * d + 1}, stride: {s}]")
    return oh, ow, pt, pl


def _windows(x, kh, kw, sh, sw, dh, dw, oh, ow, pt, pl):
    """Yields (tap index, values [n, oh, ow, c], valid mask [oh, ow, 1], rows, cols) per tap;
    positions outside the input hold the lowest value and are marked invalid."""
    n, h, w, c = x.shape
    rows_all = np.arange(oh) * sh - pt
    cols_all = np.arange(ow) * sw - pl
    t = 0
    for i in range(kh):
        rows = rows_all + i * dh
        rv = (rows >= 0) & (rows < h)
        rc = np.clip(rows, 0, max(h - 1, 0))
        for j in range(kw):
            cols = cols_all + j * dw
            cv = (cols >= 0) & (cols < w)
            cc = np.clip(cols, 0, max(w - 1, 0))
            valid = (rv[:, None] & cv[None, :])[:, :, None]
            yield t, x[:, rc][:, :, cc], valid, rows, cols
            t += 1


# -- max_pool_with_argmax -------------------------------------------------------------------------
def _argmax_pool_kernel(x, ksize, strides, padding, include_batch, out_dtype):
    op = "MaxPoolWithArgmax"
    if x.ndim != 4:
        raise _err(op, f"tensor_in must be 4-dimensional, got shape {_dims_text(x.shape)}")
    n, h, w, c = x.shape
    oh, ow, pt, pl = _geometry(op, x.shape, ksize[1], ksize[2], strides[1], strides[2], 1, 1, padding)
    best = np.full((n, oh, ow, c), _lowest(x.dtype), x.dtype)
    arg = np.full((n, oh, ow, c), -1, np.int64)
    for _, v, valid, rows, cols in _windows(x, ksize[1], ksize[2], strides[1], strides[2], 1, 1, oh, ow, pt, pl):
        take = valid & ((v > best) | (arg < 0))  # strictly greater: the first maximum wins
        flat = (rows[:, None] * w + cols[None, :])[None, :, :, None] * c + np.arange(c)
        np.copyto(best, v, where=take)
        np.copyto(arg, np.broadcast_to(flat, arg.shape), where=take)
    if include_batch:
        arg += (np.arange(n) * (h * w * c))[:, None, None, None]
    return best, arg.astype(out_dtype)


def _argmax_pool_infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        shape = TensorShape([None] * 4)
    else:
        if s.rank != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {s.rank} for 'MaxPoolWithArgmax' with input shape {s}")
        k, st = attrs["ksize"], attrs["strides"]
        oh = _out_size(s[1], k[1], st[1], 1, attrs["padding"])[0]
        ow = _out_size(s[2], k[2], st[2], 1, attrs["padding"])[0]
        shape = TensorShape([s[0], oh, ow, s[3]])
    return [(shape, ins[0].dtype), (shape, dtypes.as_dtype(attrs["out_dtype"]))]


def _scatter_grad_kernel(x, g, argmax, include_batch):
    """The gradient of max_pool_with_argmax w.r.t. its input: g added at the argmax positions."""
    n = x.shape[0]
    per = x.size // max(n, 1)
    idx = argmax.astype(np.int64)
    if not include_batch:
        idx = idx + (np.arange(n) * per).reshape((n,) + (1,) * (idx.ndim - 1))
    if idx.size and (idx.min() < 0 or idx.max() >= x.size):
        raise _err("MaxPoolGradWithArgmax", f"Invalid argmax index {int(idx.max())}: the input has {x.size} elements")
    out = np.zeros(x.size, g.dtype)
    np.add.at(out, idx.reshape(-1), g.reshape(-1))
    return out.reshape(x.shape)


def _gather_grad_kernel(x, gg, argmax, include_batch):
    """The gradient of the scatter above w.r.t. g: gg read at the argmax positions."""
    n = x.shape[0]
    per = x.size // max(n, 1)
    idx = argmax.astype(np.int64)
    if not include_batch:
        idx = idx + (np.arange(n) * per).reshape((n,) + (1,) * (idx.ndim - 1))
    return gg.reshape(-1)[idx]


ARGMAX_POOL_GRAD_GRAD = primitive("MaxPoolGradGradWithArgmax", _gather_grad_kernel,
                                  lambda ins, a: [(ins[2].shape, ins[1].dtype)])
no_gradient(ARGMAX_POOL_GRAD_GRAD, "numtf stops at second derivatives of max_pool_with_argmax")
ARGMAX_POOL_GRAD = primitive(
    "MaxPoolGradWithArgmax", _scatter_grad_kernel, lambda ins, a: [(ins[0].shape, ins[1].dtype)],
    grad=lambda n, gg: (None, execute(ARGMAX_POOL_GRAD_GRAD, (n.inputs[0], gg, n.inputs[2]), n.attrs), None))
ARGMAX_POOL = primitive("MaxPoolWithArgmax", _argmax_pool_kernel, _argmax_pool_infer, num_outputs=2)
ARGMAX_POOL.grad = lambda n, g, g_arg: execute(ARGMAX_POOL_GRAD, (n.inputs[0], g, n.outputs[1]),
                                               {"include_batch": n.attrs["include_batch"]})

_POOL_TYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64,
               dtypes.uint8, dtypes.int16, dtypes.int8, dtypes.uint16)


def _check_padding(op, padding):
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: "
                         "\"SAME\", \"VALID\"")


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", output_dtype=dtypes.int64,  # noqa: A002
                         include_batch_in_index=False, name=None):
    """Max pooling of an NHWC tensor that also returns where each maximum was, as a flat index
    ((y * width + x) * channels + c, with the batch folded in when `include_batch_in_index`).

        >>> v, i = tf.nn.max_pool_with_argmax(tf.reshape(tf.range(8.), [1, 2, 2, 2]), 2, 2, 'VALID')
        >>> i.numpy().ravel().tolist()
        [6, 7]
    """
    x = _as_tensor(input)
    if data_format != "NHWC":
        raise ValueError(f"`data_format` values other  than 'NHWC' are not supported. Received: "
                         f"data_format={data_format}")
    if x.dtype not in _POOL_TYPES:
        raise TypeError(f"Value passed to parameter 'input' has DataType {x.dtype.name} not in list of allowed "
                        "values: " + ", ".join(d.name for d in _POOL_TYPES))
    od = dtypes.as_dtype(output_dtype)
    if od not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'output_dtype' has DataType {od.name} not in list of allowed "
                        "values: int32, int64")
    ksize, strides = _get_sequence(ksize, 2, "ksize"), _get_sequence(strides, 2, "strides")
    _check_padding("MaxPoolWithArgmax", padding)
    if ksize[0] != 1 or ksize[3] != 1 or strides[0] != 1 or strides[3] != 1:
        raise UnimplementedError(None, "MaxPoolWithArgmax", "Pooling is not yet supported on the batch or depth "
                                 "dimension. [Op:MaxPoolWithArgmax]")
    out, arg = execute(ARGMAX_POOL, (x,), {"ksize": ksize, "strides": strides, "padding": padding,
                                           "include_batch": bool(include_batch_in_index), "out_dtype": od._np})
    return out, arg


# -- dilation2d / erosion2d -----------------------------------------------------------------------
def _dilation_scan(x, f, strides, rates, padding, op):
    if x.ndim != 4:
        raise _err(op, f"input must be 4-dimensional{_dims_text(x.shape)}")
    if f.ndim != 3:
        raise _err(op, f"filter must be 3-dimensional: {_dims_text(f.shape)}")
    if x.shape[3] != f.shape[2]:
        raise _err(op, f"input and filter must have the same depth: {x.shape[3]} vs {f.shape[2]}")
    kh, kw, _ = f.shape
    oh, ow, pt, pl = _geometry(op, x.shape, kh, kw, strides[1], strides[2], rates[1], rates[2], padding)
    n, c = x.shape[0], x.shape[3]
    best = np.full((n, oh, ow, c), _lowest(x.dtype), x.dtype)
    tap = np.full((n, oh, ow, c), -1, np.int64)
    for t, v, valid, _, _ in _windows(x, kh, kw, strides[1], strides[2], rates[1], rates[2], oh, ow, pt, pl):
        s = v + f[t // kw, t % kw]
        take = valid & ((s > best) | (tap < 0))
        np.copyto(best, s, where=take)
        np.copyto(tap, t, where=take)
    return best, tap, (oh, ow, pt, pl)


def _dilation_kernel(x, f, strides, rates, padding):
    return _dilation_scan(x, f, strides, rates, padding, "Dilation2D")[0]


def _dilation_backprop(x, f, g, strides, rates, padding, wrt):
    op = "Dilation2DBackpropInput" if wrt == 0 else "Dilation2DBackpropFilter"
    _, tap, (oh, ow, pt, pl) = _dilation_scan(x, f, strides, rates, padding, op)
    if g.shape != tap.shape:
        raise _err(op, f"Expected out_backprop of shape {_dims_text(tap.shape)}, got {_dims_text(g.shape)}")
    n, h, w, c = x.shape
    kw = f.shape[1]
    ti, tj = tap // kw, tap % kw
    if wrt == 1:
        out = np.zeros(f.shape, g.dtype)
        ok = tap >= 0
        np.add.at(out, (ti[ok], tj[ok], np.broadcast_to(np.arange(c), tap.shape)[ok]), g[ok])
        return out
    rows = (np.arange(oh) * strides[1] - pt)[None, :, None, None] + ti * rates[1]
    cols = (np.arange(ow) * strides[2] - pl)[None, None, :, None] + tj * rates[2]
    ok = (tap >= 0) & (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    bidx = np.broadcast_to(np.arange(n)[:, None, None, None], tap.shape)
    cidx = np.broadcast_to(np.arange(c), tap.shape)
    out = np.zeros(x.shape, g.dtype)
    np.add.at(out, (bidx[ok], rows[ok], cols[ok], cidx[ok]), g[ok])
    return out


def _dilation_infer(ins, attrs):
    s, fs = ins[0].shape, ins[1].shape
    if s.rank is None or fs.rank is None:
        return [(TensorShape([None] * 4), ins[0].dtype)]
    st, r = attrs["strides"], attrs["rates"]
    oh = _out_size(s[1], fs[0] if fs[0] is not None else 1, st[1], r[1], attrs["padding"])[0] \
        if fs[0] is not None else None
    ow = _out_size(s[2], fs[1] if fs[1] is not None else 1, st[2], r[2], attrs["padding"])[0] \
        if fs[1] is not None else None
    return [(TensorShape([s[0], oh, ow, s[3]]), ins[0].dtype)]


DILATION_BP_INPUT = primitive("Dilation2DBackpropInput", lambda x, f, g, **a: _dilation_backprop(x, f, g, wrt=0, **a),
                              lambda ins, a: [(ins[0].shape, ins[2].dtype)])
DILATION_BP_FILTER = primitive("Dilation2DBackpropFilter",
                               lambda x, f, g, **a: _dilation_backprop(x, f, g, wrt=1, **a),
                               lambda ins, a: [(ins[1].shape, ins[2].dtype)])
no_gradient(DILATION_BP_INPUT, "TF registers no gradient for it")
no_gradient(DILATION_BP_FILTER, "TF registers no gradient for it")
DILATION = primitive("Dilation2D", _dilation_kernel, _dilation_infer, grad=lambda n, g: (
    execute(DILATION_BP_INPUT, (n.inputs[0], n.inputs[1], g), n.attrs),
    execute(DILATION_BP_FILTER, (n.inputs[0], n.inputs[1], g), n.attrs)))
_MORPH_TYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64,
                dtypes.uint8, dtypes.int16, dtypes.int8, dtypes.uint16)


def _morph_args(op, x, f, strides, padding, data_format, dilations):
    if data_format != "NHWC":
        raise ValueError(f"`data_format` values other  than 'NHWC' are not supported. Received: "
                         f"data_format={data_format}")
    if x.dtype not in _MORPH_TYPES:
        raise TypeError(f"Value passed to parameter 'input' has DataType {x.dtype.name} not in list of allowed values")
    if f.dtype is not x.dtype:
        raise TypeError(f"Input 'filter' of '{op}' Op has type {f.dtype.name} that does not match type "
                        f"{x.dtype.name} of argument 'input'.")
    strides = _get_sequence(strides, 2, "strides")
    rates = _get_sequence(dilations, 2, "dilations")
    if strides[0] != 1 or strides[3] != 1:
        raise ValueError("Stride is only supported across spatial dimensions.")
    if rates[0] != 1 or rates[3] != 1:
        raise ValueError("Rate is only supported across spatial dimensions.")
    _check_padding(op, padding)
    return {"strides": strides, "rates": rates, "padding": padding}


def dilation2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):  # noqa: A002
    """Grayscale morphological dilation of an NHWC tensor by a [h, w, depth] structuring
    function: out[b, y, x, c] = max over taps (i, j) of input[b, y*s + i*r - pad, x*s + j*r - pad, c]
    + filters[i, j, c]. `strides` and `dilations` are 4-element lists [1, s_h, s_w, 1].

        >>> tf.nn.dilation2d(tf.zeros([1, 3, 3, 1]), tf.ones([2, 2, 1]), [1, 1, 1, 1], 'VALID', 'NHWC',
        ...                  [1, 1, 1, 1]).numpy().ravel().tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    x = _as_tensor(input)
    f = _as_tensor(filters, x.dtype) if not isinstance(filters, Tensor) else filters
    return execute(DILATION, (x, f), _morph_args("Dilation2D", x, f, strides, padding, data_format, dilations))


def erosion2d(value, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """Grayscale morphological erosion: min over taps of value - filters (with the filter
    reflected), i.e. -dilation2d(-value, reversed filters).

        >>> tf.nn.erosion2d(tf.zeros([1, 3, 3, 1]), tf.ones([2, 2, 1]), [1, 1, 1, 1], 'VALID', 'NHWC',
        ...                 [1, 1, 1, 1]).numpy().ravel().tolist()
        [-1.0, -1.0, -1.0, -1.0]
    """
    x = _as_tensor(value)
    f = _as_tensor(filters, x.dtype) if not isinstance(filters, Tensor) else filters
    attrs = _morph_args("Dilation2D", x, f, strides, padding, data_format, dilations)
    return M.negative(execute(DILATION, (M.negative(x), _reverse(f, [0, 1])), attrs))
