"""Pooling (`tf.nn.max_pool2d`, `max_pool`, `max_pool1d`, `avg_pool2d`, `avg_pool`, `avg_pool1d`).

NHWC only, as TF's CPU kernels. A pool is a loop over the window's taps of one NumPy operation
on strided views (no padding copy when the windows tile the input, e.g. 2x2 stride 2). The max
pool gradient routes each window's gradient to its first maximum in row-major order, as TF does.

    >>> tf.nn.max_pool2d(tf.reshape(tf.range(16.), [1, 4, 4, 1]), 2, 2, 'VALID').numpy().ravel().tolist()
    [5.0, 7.0, 13.0, 15.0]
"""
import numpy as np

from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, zeros_like
from .nn_ops import RELU_MASKED, RELU_OUTPUT, relu_grad
from .registry import primitive, execute, execute_unary
from .update_blocks import split_batch
from .conv_util import (_padded, _tap_view, _geometry, _dims_text, _check_format, _compute, _sizes_infer,
                        _graph_rank_check, _graph_spatial, _shape_of, _eager, _fail, _get_sequence,
                        _explicit_padding, _check_dtype, _check_padding_string, expand_dims, squeeze)

__all__ = []  # public names live in tf.nn

_MAX_TYPES = ("float16", "bfloat16", "float32", "float64", "int32", "int64", "uint8", "int16", "int8",
              "uint16")
_AVG_TYPES = ("float16", "bfloat16", "float32", "float64")
_UNIT = (1, 1, 1, 1)


def _lowest(dtype):
    # Padding never wins a max (TF pads with the lowest value of the type).
    return np.finfo(dtype).min if dtype.kind == "f" else np.iinfo(dtype).min


def _pool_geometry(op, shape, ksize, strides, padding, explicit_paddings):
    if len(shape) != 4:
        raise InvalidArgumentError(None, op, f"tensor_in_shape must have 2 spatial dimensions: input of "
                                   f"shape {_dims_text(shape)} is not 4-dimensional [Op:{op}]")
    return _geometry(op, shape, ksize[1], ksize[2], strides, padding, explicit_paddings, _UNIT)


def _taps(ksize):
    return [(i, j) for i in range(ksize[1]) for j in range(ksize[2])]


def _tiles_exactly(shape, oh, ow, ksize, strides, pads):
    """Windows that tile the whole input: every element in exactly one window, no padding."""
    return (not any(pads) and ksize[1] == strides[1] and ksize[2] == strides[2]
            and oh * ksize[1] == shape[1] and ow * ksize[2] == shape[2])


# -- max pooling ----------------------------------------------------------------------------
def _max_pool_kernel(x, ksize, strides, padding, explicit_paddings, data_format):
    _check_format("MaxPool", data_format, msg="Default MaxPoolingOp only supports NHWC on device type CPU",
                  cls=InvalidArgumentError)
    oh, ow, pads = _pool_geometry("MaxPool", x.shape, ksize, strides, padding, explicit_paddings)
    xp = _padded(x, *pads, fill=_lowest(x.dtype))
    fmax = np.fmax if x.dtype.kind == "f" else np.maximum  # fmax: NaNs never win, as in TF
    views = [_tap_view(xp, i, j, oh, ow, strides[1], strides[2], 1, 1) for i, j in _taps(ksize)]
    if len(views) == 1:
        return np.array(views[0])
    out = fmax(views[0], views[1])  # (on two threads: no faster in the handbook CNN's step)
    for v in views[2:]:
        fmax(out, v, out=out)
    return out


def _first_max_masks(xp, y, ksize, strides, oh, ow):
    """Yields (i, j, mask) per tap (i, j): the mask marks the windows whose first maximum
    (row-major, TF's tie rule) is at this tap."""
    taken = None
    taps = _taps(ksize)
    for t, (i, j) in enumerate(taps):
        m = _tap_view(xp, i, j, oh, ow, strides[1], strides[2], 1, 1) == y
        if taken is None:
            taken = m.copy()
        else:
            np.greater(m, taken, out=m)  # m and not taken
            if t != len(taps) - 1:
                taken |= m
        yield i, j, m


def _max_pool_grad_kernel(x, y, g, ksize, strides, padding, explicit_paddings, data_format):
    op = "MaxPoolGrad"
    oh, ow, (pt, pb, pl, pr) = _pool_geometry(op, x.shape, ksize, strides, padding, explicit_paddings)
    if y.shape != g.shape or y.shape != (x.shape[0], oh, ow, x.shape[3]):
        raise InvalidArgumentError(None, op, f"Expected orig_output shape and grad shape to be "
                                   f"{_dims_text((x.shape[0], oh, ow, x.shape[3]))}, got {_dims_text(y.shape)} "
                                   f"and {_dims_text(g.shape)} [Op:{op}]")
    xp = _padded(x, pt, pb, pl, pr, fill=_lowest(x.dtype))
    disjoint = ksize[1] <= strides[1] and ksize[2] <= strides[2]
    exact = _tiles_exactly(x.shape, oh, ow, ksize, strides, (pt, pb, pl, pr))
    dxp = np.empty(xp.shape, g.dtype) if exact else np.zeros(xp.shape, g.dtype)

    def route(a, b):  # images a..b-1
        for i, j, m in _first_max_masks(xp[a:b], y[a:b], ksize, strides, oh, ow):
            d = _tap_view(dxp[a:b], i, j, oh, ow, strides[1], strides[2], 1, 1)
            if disjoint:  # each element in at most one window: write, don't accumulate
                np.multiply(g[a:b], m, out=d)
            else:
                d += g[a:b] * m
    # Two threads on big batches: 3.1 -> ~2 ms for the handbook CNN's first pool (50x28x28x32).
    split_batch(route, x.shape[0], x.size)
    if pt or pb or pl or pr:
        return np.ascontiguousarray(dxp[:, pt:pt + x.shape[1], pl:pl + x.shape[2]])
    return dxp


def _max_pool_grad_grad_kernel(x, y, gg, ksize, strides, padding, explicit_paddings, data_format):
    op = "MaxPoolGradGrad"
    oh, ow, pads = _pool_geometry(op, x.shape, ksize, strides, padding, explicit_paddings)
    if gg.shape != x.shape:
        raise InvalidArgumentError(None, op, f"grad must have the shape of orig_input {_dims_text(x.shape)}, "
                                   f"got {_dims_text(gg.shape)} [Op:{op}]")
    xp = _padded(x, *pads, fill=_lowest(x.dtype))
    ggp = np.pad(gg, ((0, 0), pads[:2], pads[2:], (0, 0))) if any(pads) else gg
    out = np.zeros(y.shape, gg.dtype)
    for i, j, m in _first_max_masks(xp, y, ksize, strides, oh, ow):
        np.copyto(out, _tap_view(ggp, i, j, oh, ow, strides[1], strides[2], 1, 1), where=m)
    return out


def _pool_infer(op_name):
    def infer(ins, attrs):
        xs = ins[0].shape
        _graph_rank_check(op_name, (xs,), (4,))
        if xs.rank is None:
            return [(TensorShape([None] * 4), ins[0].dtype)]
        oh, ow = _graph_spatial(op_name, xs, attrs["ksize"][1], attrs["ksize"][2], attrs, (xs,))
        return [(TensorShape([xs[0], oh, ow, xs[3]]), ins[0].dtype)]
    return infer


MAX_POOL = primitive("MaxPool", _max_pool_kernel, _pool_infer("MaxPool"))
MAX_POOL_GRAD = primitive("MaxPoolGrad", _max_pool_grad_kernel,
                          lambda ins, attrs: [(ins[0].shape, ins[2].dtype)])
MAX_POOL_GRAD_GRAD = primitive("MaxPoolGradGrad", _max_pool_grad_grad_kernel,
                               lambda ins, attrs: [(ins[1].shape, ins[2].dtype)])


def _max_pool_grad(node, g):
    x, y = node.inputs[0], node.outputs[0]
    if getattr(x, "_grad_hint", None) is RELU_OUTPUT and id(x) not in node.sources:
        # x is a relu's output (see nn_ops.RELU_OUTPUT); unless the caller wants x's own gradient,
        # give the one the relu's rule would make of it: zero for windows whose maximum is 0.
        dx = execute(MAX_POOL_GRAD, (x, y, relu_grad(g, y)), node.attrs)
        dx._grad_hint = RELU_MASKED
        return dx
    return execute(MAX_POOL_GRAD, (x, y, g), node.attrs)


def _routing_grad(other):
    # MaxPoolGrad and MaxPoolGradGrad are linear in their last input (each the other's adjoint)
    # and piecewise constant in the others.
    def grad(node, g):
        x, y, _ = node.inputs
        needs = node.needs or (True, True, True)
        return (zeros_like(x) if needs[0] else None, zeros_like(y) if needs[1] else None,
                execute(other, (x, y, g), node.attrs))
    return grad


MAX_POOL.grad = _max_pool_grad
MAX_POOL_GRAD.grad = _routing_grad(MAX_POOL_GRAD_GRAD)
MAX_POOL_GRAD_GRAD.grad = _routing_grad(MAX_POOL_GRAD)


# -- average pooling ------------------------------------------------------------------------
def _window_counts(size, out, k, s, before):
    start = np.arange(out) * s - before
    return np.minimum(start + k, size) - np.maximum(start, 0)


def _avg_divisor(shape, oh, ow, ksize, strides, pads, dtype):
    """The number of real (not padding) elements in each window, as TF's SAME averages them."""
    if not any(pads):
        return ksize[1] * ksize[2]
    ch = _window_counts(shape[1], oh, ksize[1], strides[1], pads[0])
    cw = _window_counts(shape[2], ow, ksize[2], strides[2], pads[2])
    return (ch[:, None] * cw[None, :]).astype(dtype)[:, :, None]


def _avg_pool_kernel(x, ksize, strides, padding, data_format):
    _check_format("AvgPool", data_format, msg="Default AvgPoolingOp only supports NHWC on device type CPU",
                  cls=InvalidArgumentError)
    oh, ow, pads = _pool_geometry("AvgPool", x.shape, ksize, strides, padding, None)
    xc = _compute(x)
    xp = _padded(xc, *pads)
    out = None
    for i, j in _taps(ksize):
        v = _tap_view(xp, i, j, oh, ow, strides[1], strides[2], 1, 1)
        if out is None:
            out = np.array(v)
        else:
            out += v
    out /= _avg_divisor(x.shape, oh, ow, ksize, strides, pads, xc.dtype)
    return out.astype(x.dtype, copy=False)


def _avg_pool_grad_kernel(input_sizes, g, ksize, strides, padding, data_format):
    op = "AvgPoolGrad"
    shape = tuple(int(v) for v in np.ravel(input_sizes))
    oh, ow, (pt, pb, pl, pr) = _pool_geometry(op, shape, ksize, strides, padding, None)
    if g.shape != (shape[0], oh, ow, shape[3]):
        raise InvalidArgumentError(None, op, f"grad has shape {_dims_text(g.shape)} but the pool computes "
                                   f"{_dims_text((shape[0], oh, ow, shape[3]))} [Op:{op}]")
    gc = _compute(g)
    gs = gc / _avg_divisor(shape, oh, ow, ksize, strides, (pt, pb, pl, pr), gc.dtype)
    exact = _tiles_exactly(shape, oh, ow, ksize, strides, (pt, pb, pl, pr))
    padded_shape = (shape[0], shape[1] + pt + pb, shape[2] + pl + pr, shape[3])
    dxp = np.empty(padded_shape, gc.dtype) if exact else np.zeros(padded_shape, gc.dtype)
    for i, j in _taps(ksize):
        d = _tap_view(dxp, i, j, oh, ow, strides[1], strides[2], 1, 1)
        if exact:
            d[...] = gs
        else:
            d += gs
    if pt or pb or pl or pr:
        dxp = np.ascontiguousarray(dxp[:, pt:pt + shape[1], pl:pl + shape[2]])
    return dxp.astype(g.dtype, copy=False)


def _avg_pool_grad_infer(ins, attrs):
    gs = ins[1].shape
    known = (gs[0], None, None, gs[3]) if gs.rank else (None,) * 4
    return [(_sizes_infer(ins[0], known), ins[1].dtype)]


AVG_POOL = primitive("AvgPool", _avg_pool_kernel, _pool_infer("AvgPool"))
AVG_POOL_GRAD = primitive("AvgPoolGrad", _avg_pool_grad_kernel, _avg_pool_grad_infer)
AVG_POOL.grad = lambda node, g: execute(AVG_POOL_GRAD, (_shape_of(node.inputs[0]), g), node.attrs)
AVG_POOL_GRAD.grad = lambda node, g: (None, execute_unary(AVG_POOL, g, node.attrs))


# -- public functions (tf.nn) ------------------------------------------------------------------
def _pool_attrs(op_name, x, ksize, strides, padding, data_format, n, explicit_ok):
    eager = _eager(x)
    _check_dtype(op_name, x.dtype, _MAX_TYPES if op_name == "MaxPool" else _AVG_TYPES, eager)
    kind = "MaxPoolingOp" if op_name == "MaxPool" else "AvgPoolingOp"
    _check_format(op_name, data_format, eager, msg=f"Default {kind} only supports NHWC on device type CPU",
                  cls=InvalidArgumentError)
    ksize = _get_sequence(ksize, n, "ksize")
    strides = _get_sequence(strides, n, "strides")
    if isinstance(padding, str) or not explicit_ok:
        if not isinstance(padding, str):
            raise TypeError(f"Expected string for argument 'padding' not {padding}.")
        _check_padding_string(op_name, padding, eager)
        explicit = ()
    else:
        padding, explicit = _explicit_padding(op_name, padding, n, eager)
    if min(ksize) < 1:
        _fail(op_name, eager, f"Sliding window ksize must be positive. The specified or inferred ksize is: "
              f"{','.join(map(str, ksize))}")
    if min(strides) < 1:
        _fail(op_name, eager, f"Stride must be > 0, but got {min(strides)}")
    if ksize[0] != 1 or strides[0] != 1:
        _fail(op_name, eager, "Pooling is not yet supported on the batch dimension.", cls=UnimplementedError)
    if ksize[3] != 1 or strides[3] != 1:
        _fail(op_name, eager, "numtf does not implement pooling across the depth dimension.",
              cls=UnimplementedError)
    attrs = {"ksize": ksize, "strides": strides, "padding": padding, "data_format": "NHWC"}
    if op_name == "MaxPool":
        attrs["explicit_paddings"] = explicit
    return attrs


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Max over each `ksize` window of an NHWC tensor. `padding`: 'SAME', 'VALID' or an explicit list.

        >>> tf.nn.max_pool2d(tf.ones([1, 4, 4, 3]), ksize=2, strides=2, padding='VALID').shape
        TensorShape([1, 2, 2, 3])
    """
    x = _as_tensor(input)
    return execute_unary(MAX_POOL, x, _pool_attrs("MaxPool", x, ksize, strides, padding, data_format, 2, True))


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Mean over each `ksize` window of an NHWC tensor (SAME averages only the real elements).

        >>> tf.nn.avg_pool2d(tf.ones([1, 4, 4, 3]), ksize=2, strides=2, padding='SAME').shape
        TensorShape([1, 2, 2, 3])
    """
    x = _as_tensor(input)
    return execute_unary(AVG_POOL, x, _pool_attrs("AvgPool", x, ksize, strides, padding, data_format, 2, False))


def _pool1d(op, op_name, input, ksize, strides, padding, data_format, explicit_ok):
    x = _as_tensor(input)
    if data_format not in ("NWC", "NCW"):
        raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
    if not isinstance(padding, str) and explicit_ok:
        padding = [[0, 0]] + [list(p) for p in padding]
    attrs = _pool_attrs(op_name, x, (1,) + _get_sequence(ksize, 1, "ksize"),
                        (1,) + _get_sequence(strides, 1, "strides"), padding,
                        "NHWC" if data_format == "NWC" else "NCHW", 2, explicit_ok)
    return squeeze(execute_unary(op, expand_dims(x, -3), attrs), -3)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """Max pooling over the W axis of an NWC tensor.

        >>> tf.nn.max_pool1d(tf.ones([1, 6, 2]), ksize=2, strides=2, padding='VALID').shape
        TensorShape([1, 3, 2])
    """
    return _pool1d(MAX_POOL, "MaxPool", input, ksize, strides, padding, data_format, True)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """Average pooling over the W axis of an NWC tensor.

        >>> tf.nn.avg_pool1d(tf.ones([1, 6, 2]), ksize=2, strides=2, padding='VALID').shape
        TensorShape([1, 3, 2])
    """
    return _pool1d(AVG_POOL, "AvgPool", input, ksize, strides, padding, data_format, False)


def _pool_nd(pool1d, pool2d, input, ksize, strides, padding, data_format):
    x = _as_tensor(input)
    rank = x.shape.rank
    if rank not in (3, 4, 5):
        raise ValueError(f"`input.shape.rank` must be 3, 4 or 5. Received: input.shape={x.shape} of rank {rank}.")
    if rank == 5:
        from . import conv3d_ops  # (it imports modules that import this one)
        pool3d = conv3d_ops.max_pool3d if pool2d is max_pool2d else conv3d_ops.avg_pool3d
        return pool3d(x, ksize, strides, padding, data_format or "NDHWC")
    if rank == 3:
        return pool1d(x, ksize, strides, padding, data_format or "NWC")
    return pool2d(x, ksize, strides, padding, data_format or "NHWC")


def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Max pooling for a rank-3 (NWC) or rank-4 (NHWC) input.

        >>> tf.nn.max_pool(tf.ones([1, 4, 4, 1]), 2, 2, 'SAME').shape
        TensorShape([1, 2, 2, 1])
    """
    return _pool_nd(max_pool1d, max_pool2d, input, ksize, strides, padding, data_format)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Average pooling for a rank-3 (NWC) or rank-4 (NHWC) input.

        >>> tf.nn.avg_pool(tf.ones([1, 4, 4, 1]), 2, 2, 'SAME').shape
        TensorShape([1, 2, 2, 1])
    """
    return _pool_nd(avg_pool1d, avg_pool2d, input, ksize, strides, padding, data_format)
