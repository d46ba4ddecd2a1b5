"""Machinery shared by the convolution and pooling kernels: reused buffers, im2col, TF's
output-size and padding rules, argument checks, and static shape helpers for graphs.
"""
import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.tensor import Tensor, wrap
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import primitive, execute_unary
from . import array_ops


# -- buffers reused across calls -------------------------------------------------------------
class _Workspace(threading.local):
    def __init__(self):
        self.bufs = {}  # key -> array (insertion order = age)
        self.src = {}   # im2col key -> the input array its buffer currently holds the patches of


_ws = _Workspace()
_MAX_BUFFERS = 24


def _buffer(key, shape, dtype, fill=None):
    bufs = _ws.bufs
    b = bufs.get(key)
    if b is None:
        while len(bufs) >= _MAX_BUFFERS:
            old = next(iter(bufs))
            del bufs[old]
            _ws.src.pop(old, None)
        b = np.empty(shape, dtype) if fill is None else np.full(shape, fill, dtype)
        bufs[key] = b
    return b


def clear_workspace():
    """Frees the buffers the convolution and pooling kernels keep between calls (this thread)."""
    _ws.bufs.clear()
    _ws.src.clear()


# -- BLAS threads for the big products ------------------------------------------------------
from ..framework.blas import big_product as _AllCores  # noqa: E402,F401  (all cores for big products)


# -- geometry ---------------------------------------------------------------------------------
def _trunc_div(a, b):
    return a // b if a >= 0 else -(-a // b)


def _out_size(size, k, s, d, padding, before=0, after=0):
    """(output size, pad before, pad after) of one spatial dimension under TF's rules: SAME puts
    the odd pad at the end. `size` None (unknown) gives None."""
    eff = (k - 1) * d + 1
    if padding == "SAME":
        if size is None:
            return None, None, None
        out = -(-size // s)
        total = max((out - 1) * s + eff - size, 0)
        return out, total // 2, total - total // 2
    if padding == "VALID":
        before = after = 0
    if size is None:
        return None, before, after
    return _trunc_div(size + before + after - eff + s, s), before, after


def _geometry(op_name, x_shape, kh, kw, strides, padding, explicit_paddings, dilations):
    """(oh, ow, (pt, pb, pl, pr)) for an NHWC input; negative sizes raise TF's error."""
    ep = explicit_paddings or (0,) * 8
    oh, pt, pb = _out_size(x_shape[1], kh, strides[1], dilations[1], padding, ep[2], ep[3])
    ow, pl, pr = _out_size(x_shape[2], kw, strides[2], dilations[2], padding, ep[4], ep[5])
    for out, size, k, s, d in ((oh, x_shape[1], kh, strides[1], dilations[1]),
                               (ow, x_shape[2], kw, strides[2], dilations[2])):
        if out < 0:
            raise InvalidArgumentError(
                None, op_name, f"Computed output size would be negative: {out} [input_size: {size}, "
                f"effective_filter_size: {(k - 1) * d + 1}, stride: {s}] [Op:{op_name}]")
    return oh, ow, (pt, pb, pl, pr)


def _padded(x, pt, pb, pl, pr, fill=0):
    """x padded spatially (negative pads crop), in a reused buffer: use it before the next call."""
    if pt < 0 or pb < 0 or pl < 0 or pr < 0:
        x = x[:, max(-pt, 0):x.shape[1] - max(-pb, 0), max(-pl, 0):x.shape[2] - max(-pr, 0)]
        pt, pb, pl, pr = max(pt, 0), max(pb, 0), max(pl, 0), max(pr, 0)
    if not (pt or pb or pl or pr):
        return x
    n, h, w, c = x.shape
    buf = _buffer(("pad", x.shape, x.dtype.str, pt, pb, pl, pr, fill),
                  (n, h + pt + pb, w + pl + pr, c), x.dtype, fill)  # borders stay filled
    buf[:, pt:pt + h, pl:pl + w] = x
    return buf


def _tap_view(xp, i, j, oh, ow, sh, sw, dh, dw):
    """The input elements that kernel tap (i, j) meets, one per output position."""
    i, j = i * dh, j * dw
    return xp[:, i:i + sh * (oh - 1) + 1 if oh else i:sh, j:j + sw * (ow - 1) + 1 if ow else j:sw]


def _im2col(x, kh, kw, sh, sw, dh, dw, oh, ow, pads):
    """The patches of x as a matrix: (N*oh*ow, kh*kw*C), or its transpose (kh*kw, N*oh*ow) when
    C == 1 (much cheaper to copy). Returns (matrix, transposed). The buffer is reused: the same
    input array and geometry (the forward pass, then the filter gradient) skip the copy."""
    n, _, _, c = x.shape
    key = ("cols", x.shape, x.dtype.str, kh, kw, sh, sw, dh, dw) + pads
    if kh == kw == 1 and not any(pads):
        if sh == sw == 1:
            return x.reshape(n * oh * ow, c), False
        return np.ascontiguousarray(x[:, ::sh, ::sw][:, :oh, :ow]).reshape(n * oh * ow, c), False
    tap_major = c == 1
    shape = (kh, kw, n, oh, ow) if tap_major else (n, oh, ow, kh, kw, c)
    buf = _buffer(key, shape, x.dtype)
    # A strong reference: an array we hold is never updated in place (variables copy on write
    # while anyone else holds their buffer), so identity means the same values.
    if _ws.src.get(key) is not x:
        xp = _padded(x, *pads)
        s0, s1, s2, s3 = xp.strides
        if tap_major:
            view = as_strided(xp, shape, (s1 * dh, s2 * dw, s0, s1 * sh, s2 * sw), writeable=False)
        else:
            view = as_strided(xp, shape, (s0, s1 * sh, s2 * sw, s1 * dh, s2 * dw, s3), writeable=False)
        _ws.src[key] = None
        np.copyto(buf, view)
        _ws.src[key] = x
    if tap_major:
        return buf.reshape(kh * kw, n * oh * ow), True
    return buf.reshape(n * oh * ow, kh * kw * c), False


# Chunks of the im2col matrix this small stay in the L2 cache between the copy and the product:
# the CNN's second convolution (a 31 MB matrix whole) ran ~1 ms faster so, forward and backward.
CHUNK_BYTES = 1 << 20


def chunked(x, kh, kw, oh, ow):
    """Whether x's im2col matrix is big enough to be made and used a few images at a time."""
    return x.shape[3] > 1 and x.shape[0] > 1 and x.shape[0] * oh * ow * kh * kw * x.shape[3] * x.itemsize > 4 * CHUNK_BYTES


def im2col_chunks(x, kh, kw, sh, sw, dh, dw, oh, ow, pads):
    """Yields (first image, images, cols) with cols the (images*oh*ow, kh*kw*C) im2col matrix of
    a few images at a time (about CHUNK_BYTES, at least 128 rows for BLAS) in a reused buffer:
    use each before taking the next. (Keeping the whole matrix for the filter gradient, as
    `_im2col` does, measured slower here: writing it out costs more than copying it again.)"""
    n, _, _, c = x.shape
    xp = _padded(x, *pads)
    s0, s1, s2, s3 = xp.strides
    patches = as_strided(xp, (n, oh, ow, kh, kw, c), (s0, s1 * sh, s2 * sw, s1 * dh, s2 * dw, s3), writeable=False)
    rows = oh * ow
    step = min(n, max(1, CHUNK_BYTES // max(1, rows * kh * kw * c * x.itemsize), -(-128 // max(1, rows))))
    buf = _buffer(("cols-chunk", step, oh, ow, kh, kw, c, x.dtype.str), (step, oh, ow, kh, kw, c), x.dtype)
    for b in range(0, n, step):
        m = min(step, n - b)
        np.copyto(buf[:m], patches[b:b + m])
        yield b, m, buf[:m].reshape(m * rows, kh * kw * c)


# -- argument checks shared with pool_ops ------------------------------------------------------
_PADDINGS = ("SAME", "VALID", "EXPLICIT")


def _eager(*ts):
    return ctx.graph is None and all(type(t) is Tensor for t in ts)


def _fail(op_name, eager, msg, graph_msg=None, cls=InvalidArgumentError):
    """TF raises InvalidArgumentError when an eager op fails and ValueError while building a graph."""
    if eager:
        raise cls(None, op_name, f"{msg} [Op:{op_name}]")
    raise ValueError(graph_msg or msg)


def _check_padding_string(op_name, padding, eager, allowed=("SAME", "VALID")):
    if not isinstance(padding, str) or padding not in allowed:
        listed = ", ".join(f'"{p}"' for p in _PADDINGS)
        _fail(op_name, eager, f"Value for attr 'padding' of \"{padding}\" is not in the list of "
              f"allowed values: {listed}",
              f"Attr 'padding' of '{op_name}' Op passed string '{padding}' not in: {listed}.")


def _get_sequence(value, n, name, channel_last=True):
    """TF's normalization of strides/dilations/ksize: an int, or a list of 1, n or n+2 ints,
    becomes n+2 ints with 1 for the batch and channel dimensions."""
    if value is None:
        return (1,) * (n + 2)
    if isinstance(value, Tensor):
        value = value.numpy().tolist()
    if isinstance(value, (int, np.integer)):
        value = [int(value)]
    value = [int(v) for v in value]
    if len(value) == 1:
        value = value * n
    elif len(value) == n + 2:
        return tuple(value)
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: "
                         f"{name}={value} of length {len(value)}")
    return (1,) + tuple(value) + (1,) if channel_last else (1, 1) + tuple(value)


def _explicit_padding(op_name, padding, n, eager):
    """A padding list [[0, 0], [t, b], [l, r], [0, 0]] as (padding 'EXPLICIT', 2*(n+2) ints)."""
    if isinstance(padding, str):
        _check_padding_string(op_name, padding, eager)
        return padding, ()
    padding = list(padding)
    if len(padding) != n + 2:
        raise ValueError(f"When padding is a list, it must be of size {n + 2}. Received: "
                         f"padding={padding} of size {len(padding)}")
    flat = []
    for i, p in enumerate(padding):
        if not isinstance(p, (list, tuple)) or len(p) != 2:
            raise ValueError(f"When `padding` is a list, each element of `padding` must be a list/tuple "
                             f"of size 2. Received: padding={padding} with element at index {i} of "
                             f"type {type(p)}")
        flat += [int(p[0]), int(p[1])]
    if min(flat) < 0:
        _fail(op_name, eager, "All elements of explicit_paddings must be nonnegative")
    if any(flat[:2]) or any(flat[-2:]):
        _fail(op_name, eager, "Nonzero explicit padding in the batch or depth dimensions is not supported")
    return "EXPLICIT", tuple(flat)


def _check_window(op_name, strides, dilations, eager):
    if strides[1] < 1 or strides[2] < 1:
        _fail(op_name, eager, "Row and column strides should be larger than 0.")
    if dilations[1] < 1 or dilations[2] < 1:
        _fail(op_name, eager, "Dilated rates should be larger than 0.")
    if strides[0] != 1 or strides[3] != 1:
        _fail(op_name, eager, "Current implementation does not yet support strides in the batch and "
              "depth dimensions.", cls=UnimplementedError)
    if dilations[0] != 1 or dilations[3] != 1:
        _fail(op_name, eager, "Current implementation does not yet support dilations in the batch and "
              "depth dimensions.", cls=UnimplementedError)


def _dims_text(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _check_format(op_name, data_format, eager=True, msg=None, cls=UnimplementedError):
    """NHWC only: TF's CPU kernels reject NCHW too (eagerly; numtf already while building graphs)."""
    if data_format == "NHWC":
        return
    if data_format != "NCHW":
        _fail(op_name, eager, f"Value for attr 'data_format' of \"{data_format}\" is not in the list of "
              f"allowed values: \"NHWC\", \"NCHW\"")
    _fail(op_name, eager, msg or f"The {op_name} op currently only supports the NHWC tensor format on "
          f"the CPU. The op was given the format: {data_format}", cls=cls)


_TF_TYPE_NAMES = {"float16": "half", "float32": "float", "float64": "double"}


def _check_dtype(op_name, dtype, allowed, eager):
    if dtype.name not in allowed:
        names = ", ".join(_TF_TYPE_NAMES.get(a, a) for a in allowed)
        msg = f"Value for attr 'T' of {dtype.name} is not in the list of allowed values: {names}"
        if eager:
            raise InvalidArgumentError(None, op_name, msg)
        raise TypeError(msg)


def _check_ranks(op_name, x, w, what=("input", "filter")):
    for name, a in zip(what, (x, w)):
        if a.ndim != 4:
            raise InvalidArgumentError(None, op_name, f"convolution {name} must be 4-dimensional: "
                                       f"{_dims_text(a.shape)} [Op:{op_name}]")


def _compute(a):
    """float16 is computed in float32 (NumPy's half matmul is slow and inexact)."""
    return a.astype(np.float32) if a.dtype == np.float16 else a


# -- graph shape rules ------------------------------------------------------------------------
def _static(t, partial=False):
    """A shape tensor's value when known while building a graph (a constant), else None. With
    `partial`, the shape of `x` behind a Shape(x) node, with None for its unknown dimensions."""
    if type(t) is Tensor:
        return tuple(int(v) for v in np.ravel(t._value))
    node = getattr(t, "op", None)
    if node is not None and node.op.name == "Const":
        return tuple(int(v) for v in np.ravel(node.attrs["value"]))
    if partial and node is not None and node.op.name == "Shape" and node.inputs[0].shape.rank is not None:
        return tuple(node.inputs[0].shape)
    return None


def _sizes_infer(t, known):
    """The static shape an op's shape-tensor input gives its output, completed with `known`
    (dims read from the other inputs, None where unknown)."""
    sizes = _static(t, partial=True) or array_ops._partial_ints(t)  # e.g. a stack of shape(x)[0] and ints
    if sizes is None or len(sizes) != len(known):
        sizes = (None,) * len(known)
    return TensorShape([a if a is not None else b for a, b in zip(sizes, known)])


def _graph_rank_check(op_name, shapes, ranks=(4, 4)):
    for s, r in zip(shapes, ranks):
        if s.rank is not None and s.rank != r:
            text = ", ".join(_dims_text(t) if t.rank is not None else "?" for t in shapes)
            raise ValueError(f"Shape must be rank {r} but is rank {s.rank} for '{op_name}' with input "
                             f"shapes: {text}.")


def _graph_spatial(op_name, xs, kh, kw, attrs, shapes):
    """Static (oh, ow) for a graph node (None where unknown). Like TF's shape functions, a VALID
    or explicit window larger than the padded input is a ValueError (even where the kernel
    would compute a size 0)."""
    if xs.rank is None or kh is None or kw is None:
        return None, None
    strides, dilations = attrs["strides"], attrs.get("dilations", (1, 1, 1, 1))
    ep = attrs.get("explicit_paddings") or (0,) * 8
    outs = []
    for dim, k in ((1, kh), (2, kw)):
        size, s, d, before, after = xs[dim], strides[dim], dilations[dim], ep[2 * dim], ep[2 * dim + 1]
        out = _out_size(size, k, s, d, attrs["padding"], before, after)[0]
        eff = (k - 1) * d + 1
        if out is not None and attrs["padding"] != "SAME" and size + before + after < eff:
            raise ValueError(f"Negative dimension size caused by subtracting {eff} from {size + before + after} "
                             f"for '{op_name}' with input shapes: {', '.join(_dims_text(t) for t in shapes)}.")
        outs.append(out)
    return tuple(outs)


def _shape_of(t):
    """t's shape as an int32 tensor (a constant when static)."""
    if type(t) is Tensor:
        return wrap(np.array(t._value.shape, np.int32), dtypes.int32)
    if t.shape.is_fully_defined():
        return convert_to_tensor(np.array(t.shape.as_list(), np.int32))
    return array_ops.shape(t)


# -- the extra spatial dimension of the 1-D ops ------------------------------------------------
def _expand_infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    axis = attrs["axis"]
    dims.insert(axis if axis >= 0 else len(dims) + 1 + axis, 1)
    return [(TensorShape(dims), ins[0].dtype)]


def _squeeze_infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    del dims[attrs["axis"]]
    return [(TensorShape(dims), ins[0].dtype)]


# Private names: array_ops may register TF's ExpandDims/Squeeze; these only serve the 1-D ops.
EXPAND = primitive("ConvExpandDims", lambda x, axis: np.expand_dims(x, axis), _expand_infer,
                   grad=lambda n, g: squeeze(g, n.attrs["axis"]))
SQUEEZE = primitive("ConvSqueeze", lambda x, axis: np.squeeze(x, axis), _squeeze_infer,
                    grad=lambda n, g: expand_dims(g, n.attrs["axis"]))


def expand_dims(x, axis):
    return execute_unary(EXPAND, x, {"axis": axis})


def squeeze(x, axis):
    return execute_unary(SQUEEZE, x, {"axis": axis})
