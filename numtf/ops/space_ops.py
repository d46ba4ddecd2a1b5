"""Space <-> batch and space <-> depth rearrangements: tf.space_to_batch(_nd), tf.batch_to_space(_nd),
tf.nn.space_to_depth, tf.nn.depth_to_space and tf.required_space_to_batch_paddings.

Each op is a pad/crop plus one reshape-transpose-reshape; the gradient of each is its inverse
(SpaceToBatchND's is BatchToSpaceND with the paddings as crops, and back; DepthToSpace's is
SpaceToDepth). The block shape and the paddings/crops must be known when the op is built
(they are attrs, as TF's shape function needs them to give static shapes too).

    >>> tf.space_to_batch(tf.reshape(tf.range(16), [1, 4, 4, 1]), [2, 2], [[0, 0], [0, 0]]).shape
    TensorShape([4, 2, 2, 1])
"""
import numpy as np

from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _dims_text, _err, get_static_value
from .convert import convert_to_tensor
from .registry import primitive, execute

__all__ = []  # public names are exported by numtf/__init__.py and numtf/nn.py


def _static_ints(value, what, op):
    """An int tensor argument whose value must be known while building, as a NumPy int array."""
    v = get_static_value(value) if isinstance(value, Tensor) else value
    if v is None:
        raise NotImplementedError(f"numtf's {op} needs `{what}` known when the op is built (got {value!r})")
    arr = np.asarray(v.numpy() if hasattr(v, "numpy") else v)
    if arr.size and arr.dtype.kind not in "iu":
        raise TypeError(f"Value passed to parameter '{what}' has DataType {arr.dtype.name} not in list of "
                        f"allowed values: int32, int64")
    return arr.astype(np.int64)


def _check_block(op, block, pads, what, symbolic=False):
    m = block.size
    if block.ndim != 1:
        msg = f"block_shape must be 1-D, got shape {_dims_text(block.shape)}"
    elif pads.shape != (m, 2):
        msg = f"{what} should have shape [{m}, 2] instead of {_dims_text(pads.shape)}"
    elif np.any(block < 1):
        msg = f"All values in block_shape must be positive, got value, {block.min()} at index {int(np.argmin(block))}."
    elif np.any(pads < 0):
        msg = "Paddings must be non-negative" if what == "paddings" else "Crops must be non-negative"
    else:
        return
    if symbolic:
        raise ValueError(msg)
    raise _err(op, msg)


def _space_to_batch_kernel(x, block, paddings):
    op = "SpaceToBatchND"
    block, pads = np.asarray(block, np.int64), np.asarray(paddings, np.int64).reshape(-1, 2)
    m = block.size
    if x.ndim < m + 1:
        raise _err(op, f"input rank should be >= {m + 1} instead of {x.ndim}")
    padded = []
    for i in range(m):
        p = x.shape[i + 1] + pads[i, 0] + pads[i, 1]
        if p % block[i]:
            raise _err(op, f"padded_shape[{i}]={p} is not divisible by block_shape[{i}]={block[i]}")
        padded.append(p)
    xp = np.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - m - 1)) if pads.any() else x
    b = x.shape[0]
    rest = x.shape[m + 1:]
    split = [b]
    for i in range(m):
        split += [padded[i] // block[i], block[i]]
    y = xp.reshape(split + list(rest))
    # [b, p1, k1, ..., pm, km, rest] -> [k1..km, b, p1..pm, rest]
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + list(range(2 * m + 1, y.ndim))
    y = y.transpose(perm)
    return np.ascontiguousarray(y).reshape([b * int(np.prod(block))] + [p // k for p, k in zip(padded, block)]
                                           + list(rest))


def _batch_to_space_kernel(x, block, crops):
    op = "BatchToSpaceND"
    block, crops = np.asarray(block, np.int64), np.asarray(crops, np.int64).reshape(-1, 2)
    m = block.size
    if x.ndim < m + 1:
        raise _err(op, f"input rank should be >= {1 + m} instead of {x.ndim}")
    prod = int(np.prod(block))
    if x.shape[0] % prod:
        raise _err(op, f"Input batch dimension ({x.shape[0]}) is not divisible by product of block sizes ({prod})")
    b = x.shape[0] // prod
    for i in range(m):
        full = x.shape[i + 1] * block[i]
        if crops[i, 0] + crops[i, 1] > full:
            raise _err(op, f"crops must be non-negative and not exceed the spatial size: crop_start[{i}]="
                           f"{crops[i, 0]}, crop_end[{i}]={crops[i, 1]}, input_shape[{i + 1}]={full}")
    rest = list(x.shape[m + 1:])
    y = x.reshape(list(block) + [b] + list(x.shape[1:]))
    # [k1..km, b, p1..pm, rest] -> [b, p1, k1, ..., pm, km, rest]
    perm = [m]
    for i in range(m):
        perm += [m + 1 + i, i]
    perm += list(range(2 * m + 1, y.ndim))
    y = np.ascontiguousarray(y.transpose(perm)).reshape([b] + [x.shape[i + 1] * block[i] for i in range(m)] + rest)
    sl = tuple(slice(crops[i, 0], y.shape[i + 1] - crops[i, 1]) for i in range(m))
    return np.ascontiguousarray(y[(slice(None),) + sl])


def _s2b_infer(ins, attrs):
    s = ins[0].shape
    block, pads = np.asarray(attrs["block"]), np.asarray(attrs["paddings"]).reshape(-1, 2)
    m = block.size
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    if s.rank < m + 1:
        raise ValueError(f"input rank should be >= {m + 1} instead of {s.rank}")
    dims = list(s)
    out = [None if dims[0] is None else dims[0] * int(np.prod(block))]
    for i in range(m):
        d = dims[i + 1]
        if d is None:
            out.append(None)
            continue
        p = d + int(pads[i].sum())
        if p % block[i]:
            raise ValueError(f"padded_shape[{i}]={p} is not divisible by block_shape[{i}]={block[i]}")
        out.append(p // int(block[i]))
    return [(TensorShape(out + dims[m + 1:]), ins[0].dtype)]


def _b2s_infer(ins, attrs):
    s = ins[0].shape
    block, crops = np.asarray(attrs["block"]), np.asarray(attrs["crops"]).reshape(-1, 2)
    m = block.size
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    if s.rank < m + 1:
        raise ValueError(f"input rank should be >= {m + 1} instead of {s.rank}")
    dims = list(s)
    prod = int(np.prod(block))
    if dims[0] is not None and dims[0] % prod:
        raise ValueError(f"Input batch dimension ({dims[0]}) is not divisible by product of block sizes ({prod})")
    out = [None if dims[0] is None else dims[0] // prod]
    for i in range(m):
        d = dims[i + 1]
        out.append(None if d is None else d * int(block[i]) - int(crops[i].sum()))
    return [(TensorShape(out + dims[m + 1:]), ins[0].dtype)]


SPACE_TO_BATCH = primitive("SpaceToBatchND", _space_to_batch_kernel, _s2b_infer)
BATCH_TO_SPACE = primitive("BatchToSpaceND", _batch_to_space_kernel, _b2s_infer)
SPACE_TO_BATCH.grad = lambda n, g: execute(BATCH_TO_SPACE, (g,), {"block": n.attrs["block"],
                                                                  "crops": n.attrs["paddings"]})
BATCH_TO_SPACE.grad = lambda n, g: execute(SPACE_TO_BATCH, (g,), {"block": n.attrs["block"],
                                                                  "paddings": n.attrs["crops"]})


def _block_args(op, block_shape, pads, what, x):
    block = _static_ints(block_shape, "block_shape", op)
    block = block.reshape(-1) if block.ndim == 0 else block
    p = _static_ints(pads, what, op)
    if p.size == 0 and block.size:
        p = p.reshape(0, 2)
    _check_block(op, block, p.reshape(-1, 2) if p.size % 2 == 0 and p.ndim == 2 else p, what,
                 symbolic=type(x) is not Tensor)
    return tuple(int(v) for v in block), tuple(map(tuple, p.reshape(-1, 2).tolist()))


def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002
    """Zero-pads the M spatial dims of `input` ([batch] + spatial + rest) by `paddings` ([M, 2])
    and moves each `block_shape` block of positions into the batch dimension.

        >>> tf.space_to_batch_nd(tf.ones([1, 4, 4, 3]), [2, 2], [[0, 0], [0, 0]]).shape
        TensorShape([4, 2, 2, 3])
    """
    x = _as_tensor(input)
    block, pads = _block_args("SpaceToBatchND", block_shape, paddings, "paddings", x)
    return execute(SPACE_TO_BATCH, (x,), {"block": block, "paddings": pads})


def space_to_batch(input, block_shape, paddings, name=None):  # noqa: A002
    """TF2's `tf.space_to_batch`: the same as `tf.space_to_batch_nd`.

        >>> tf.space_to_batch(tf.ones([1, 4, 4, 1]), [2, 2], [[0, 0], [0, 0]]).shape
        TensorShape([4, 2, 2, 1])
    """
    return space_to_batch_nd(input, block_shape, paddings, name)


def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002
    """The inverse of `space_to_batch_nd`: moves batch blocks back into the M spatial dims, then
    crops them by `crops` ([M, 2]).

        >>> tf.batch_to_space(tf.ones([4, 2, 2, 3]), [2, 2], [[0, 0], [0, 0]]).shape
        TensorShape([1, 4, 4, 3])
    """
    x = _as_tensor(input)
    block, crops = _block_args("BatchToSpaceND", block_shape, crops, "crops", x)
    return execute(BATCH_TO_SPACE, (x,), {"block": block, "crops": crops})


def batch_to_space(input, block_shape, crops, name=None):  # noqa: A002
    """TF2's `tf.batch_to_space`: the same as `tf.compat.v1.batch_to_space_nd`.

        >>> tf.batch_to_space(tf.ones([4, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]]).shape
        TensorShape([1, 2, 2, 1])
    """
    return batch_to_space_nd(input, block_shape, crops, name)


def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """The (paddings, crops) that make `input_shape` (+ `base_paddings`) divisible by
    `block_shape`: the extra padding goes at the end and is cropped off again.

        >>> p, c = tf.required_space_to_batch_paddings([5, 4], [2, 3])
        >>> p.numpy().tolist(), c.numpy().tolist()
        ([[0, 1], [0, 2]], [[0, 1], [0, 2]])
    """
    op = "required_space_to_batch_paddings"
    shape = _static_ints(input_shape, "input_shape", op).reshape(-1)
    block = _static_ints(block_shape, "block_shape", op).reshape(-1)
    if shape.size != block.size:
        raise ValueError(f"Shapes must be equal rank, but are 1 and 1 for input_shape {_dims_text(shape)} "
                         f"and block_shape {_dims_text(block)}")
    base = (np.zeros((block.size, 2), np.int64) if base_paddings is None
            else _static_ints(base_paddings, "base_paddings", op).reshape(block.size, 2))
    full = shape + base[:, 0] + base[:, 1]
    extra = (block - full % block) % block
    paddings = np.stack([base[:, 0], base[:, 1] + extra], 1).astype(np.int32)
    crops = np.stack([np.zeros_like(extra), extra], 1).astype(np.int32)
    return convert_to_tensor(paddings), convert_to_tensor(crops)


# -- space_to_depth / depth_to_space --------------------------------------------------------------
def _check_nhwc(op, x, data_format):
    if data_format not in ("NHWC", None):
        if data_format in ("NCHW", "NCHW_VECT_C"):
            raise NotImplementedError(f"numtf's {op} supports data_format='NHWC' only (got {data_format!r})")
        raise ValueError(f"Invalid data_format: {data_format!r}")


def _s2d_kernel(x, block_size):
    op = "SpaceToDepth"
    if x.ndim != 4:
        raise _err(op, f"Input rank should be: 4 instead of: {x.ndim}")
    n, h, w, c = x.shape
    bs = block_size
    if h % bs or w % bs:
        raise _err(op, f"Image width {w} and height {h} should be divisible by block_size: {bs}")
    y = x.reshape(n, h // bs, bs, w // bs, bs, c).transpose(0, 1, 3, 2, 4, 5)
    return np.ascontiguousarray(y).reshape(n, h // bs, w // bs, bs * bs * c)


def _d2s_kernel(x, block_size):
    op = "DepthToSpace"
    if x.ndim != 4:
        raise _err(op, f"Input rank should be: 4 instead of: {x.ndim}")
    n, h, w, c = x.shape
    bs = block_size
    if c % (bs * bs):
        raise _err(op, f"Input depth dimension {c} should be divisible by: {bs * bs}")
    y = x.reshape(n, h, w, bs, bs, c // (bs * bs)).transpose(0, 1, 3, 2, 4, 5)
    return np.ascontiguousarray(y).reshape(n, h * bs, w * bs, c // (bs * bs))


def _s2d_infer(ins, attrs):
    s, bs = ins[0].shape, attrs["block_size"]
    if s.rank is None:
        return [(TensorShape([None] * 4), ins[0].dtype)]
    if s.rank != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {s.rank} for 'SpaceToDepth' with input shape {s}")
    n, h, w, c = list(s)
    for d, what in ((w, "width"), (h, "height")):
        if d is not None and d % bs:
            raise ValueError(f"Dimension size must be evenly divisible by {bs} but is {d} for 'SpaceToDepth' "
                             f"({what})")
    return [(TensorShape([n, None if h is None else h // bs, None if w is None else w // bs,
                          None if c is None else c * bs * bs]), ins[0].dtype)]


def _d2s_infer(ins, attrs):
    s, bs = ins[0].shape, attrs["block_size"]
    if s.rank is None:
        return [(TensorShape([None] * 4), ins[0].dtype)]
    if s.rank != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {s.rank} for 'DepthToSpace' with input shape {s}")
    n, h, w, c = list(s)
    if c is not None and c % (bs * bs):
        raise ValueError(f"Dimension size must be evenly divisible by {bs * bs} but is {c} for 'DepthToSpace'")
    return [(TensorShape([n, None if h is None else h * bs, None if w is None else w * bs,
                          None if c is None else c // (bs * bs)]), ins[0].dtype)]


SPACE_TO_DEPTH = primitive("SpaceToDepth", _s2d_kernel, _s2d_infer)
DEPTH_TO_SPACE = primitive("DepthToSpace", _d2s_kernel, _d2s_infer)
SPACE_TO_DEPTH.grad = lambda n, g: execute(DEPTH_TO_SPACE, (g,), n.attrs)
DEPTH_TO_SPACE.grad = lambda n, g: execute(SPACE_TO_DEPTH, (g,), n.attrs)


def _block_size(op, block_size):
    bs = int(block_size)
    if bs < 2:
        raise ValueError(f"Value for attr 'block_size' of {bs} must be at least minimum 2")
    return bs


def space_to_depth(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """Moves each block_size x block_size spatial block of an NHWC tensor into the depth
    dimension (the block's rows, then columns, then the channels).

        >>> tf.nn.space_to_depth(tf.ones([1, 4, 6, 3]), 2).shape
        TensorShape([1, 2, 3, 12])
    """
    x = _as_tensor(input)
    _check_nhwc("SpaceToDepth", x, data_format)
    return execute(SPACE_TO_DEPTH, (x,), {"block_size": _block_size("SpaceToDepth", block_size)})


def depth_to_space(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """The inverse of `space_to_depth`: spreads the depth of an NHWC tensor over
    block_size x block_size spatial blocks.

        >>> tf.nn.depth_to_space(tf.ones([1, 2, 3, 12]), 2).shape
        TensorShape([1, 4, 6, 3])
    """
    x = _as_tensor(input)
    _check_nhwc("DepthToSpace", x, data_format)
    return execute(DEPTH_TO_SPACE, (x,), {"block_size": _block_size("DepthToSpace", block_size)})

