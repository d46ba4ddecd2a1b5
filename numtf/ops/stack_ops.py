"""Casting, identity, stacking, tiling and broadcasting ops.

    >>> tf.stack([[1, 2], [3, 4]], axis=1).numpy().tolist()
    [[1, 3], [2, 4]]
"""
import builtins
import logging

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.tensor import Tensor, SymbolicTensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .convert import convert_to_tensor, constant, convert_all
from .registry import primitive, defgrad, no_gradient, execute, execute_unary, _tf_type_name
from .shape_rules import same_as_input, broadcast_static
from .array_ops import (_err, _dims_text, _as_tensor, _static_shape, _nones, _variant, get_static_value,
                        _shape_slice, _known_dim, _partial_ints, _int_arg, _scalar_int, _raise, reshape,
                        reshape_like, unbroadcast, broadcast_like, shape, _pyrange, transpose)

__all__ = ["cast", "identity", "stack", "unstack", "tile", "broadcast_to", "broadcast_static_shape",
           "broadcast_dynamic_shape"]

# -- casting ---------------------------------------------------------------------------------
def _float_to_int(x, dt):
    """TF's (x86) float->int conversion: truncation; NaN and out-of-range give the minimum of
    int32 (for types up to 32 bits, then wrapped) or int64 (int64, uint32)."""
    if dt == np.uint64:
        t = np.trunc(x).astype(np.float64)
        out = np.full(t.shape, 2 ** 63, np.uint64)
        pos = (t >= 0) & (t < 2.0 ** 64)
        neg = (t < 0) & (t >= -2.0 ** 63)
        out[pos] = t[pos].astype(np.uint64)
        out[neg] = t[neg].astype(np.int64).view(np.uint64)
        return out
    if x.dtype.itemsize < 4:  # float16 can't hold the int32 bounds below
        x = x.astype(np.float32)
    base = np.int64 if dt.itemsize == 8 or dt == np.uint32 else np.int32
    lo = np.iinfo(base).min
    ok = (x >= float(lo)) & (x < -float(lo))
    if ok.all():
        r = x.astype(base)
    else:
        r = np.where(ok, x, 0).astype(base)
        r[~ok] = lo
    return r if dt == base else r.astype(dt)


def _cast_kernel(x, dtype):
    x = np.asarray(x)
    src = x.dtype
    if src == dtype:
        return x
    k, tk = src.kind, dtype.kind
    if k == "O" or tk == "O":
        a, b = (dtypes.as_dtype(d).name for d in (src, dtype))
        raise UnimplementedError(None, "Cast", f"Cast {a} to {b} is not supported [Op:Cast]")
    if k == "c" and tk != "c":
        if tk == "b":
            return x != 0
        x = x.real
        k = "f"
    if k == "f" and tk in "iu":
        return _float_to_int(x, dtype)
    return x.astype(dtype)


def _cast_grad(n, g):
    src, dst = n.inputs[0].dtype, n.outputs[0].dtype
    if (src.is_floating or src.is_complex) and (dst.is_floating or dst.is_complex):
        return cast(g, src)
    return None


CAST = primitive("Cast", _cast_kernel, infer=lambda ins, a: [(ins[0].shape, dtypes.as_dtype(a["dtype"]))],
                 grad=_cast_grad)


def cast(x, dtype, name=None):
    """Casts to `dtype`. Floats to ints truncate toward zero (NaN and out-of-range values give
    the int minimum, as TF on x86); complex to real keeps the real part.

        >>> tf.cast([1.7, -1.7], tf.int32)
        <tf.Tensor: shape=(2,), dtype=int32, numpy=array([ 1, -1], dtype=int32)>
    """
    dtype = dtypes.as_dtype(dtype)
    t = _as_tensor(x)
    if t.dtype is dtype:
        return t
    if t.dtype.is_complex and not dtype.is_complex:
        logging.getLogger("tensorflow").warning(
            f"You are casting an input of type {t.dtype.name} to an incompatible dtype {dtype.name}.  This "
            "will discard the imaginary part and may not be what you intended.")
    return execute_unary(CAST, t, {"dtype": dtype._np})


IDENTITY = primitive("Identity", lambda x: x, same_as_input, grad=lambda n, g: g)


def identity(input, name=None):
    """Returns a tensor with the same value (a variable's current value, for a variable).

        >>> tf.identity(tf.Variable(1.0))
        <tf.Tensor: shape=(), dtype=float32, numpy=1.0>
    """
    return execute_unary(IDENTITY, _as_tensor(input))


CONJ = primitive("Conj", np.conj, same_as_input, grad=lambda n, g: conj(g))


def conj(x, name=None):
    """Complex conjugate (identity on real tensors). `tf.math.conj([1 + 2j])` is [1 - 2j]."""
    t = _as_tensor(x)
    return execute_unary(CONJ, t) if t.dtype.is_complex else t


# -- stack / unstack --------------------------------------------------------------------------
def _pack_kernel(*xs, axis):
    try:
        return np.stack(xs, axis=axis)
    except ValueError:
        s0 = np.shape(xs[0])
        for i, x in enumerate(xs):
            if np.shape(x) != s0:
                raise _err("Pack", f"Shapes of all inputs must match: values[0].shape = {_dims_text(s0)} "
                                   f"!= values[{i}].shape = {_dims_text(np.shape(x))}") from None
        raise


def _stack_infer(ins, attrs):
    s = ins[0].shape
    for t in ins[1:]:
        s = s.merge_with(t.shape)
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    axis = attrs["axis"] % (len(dims) + 1)
    return [(TensorShape(dims[:axis] + [len(ins)] + dims[axis:]), ins[0].dtype)]


STACK = primitive("Pack", _pack_kernel, _stack_infer,
                  grad=lambda n, g: unstack(g, num=len(n.inputs), axis=n.attrs["axis"]))


def stack(values, axis=0, name="stack"):
    """Stacks rank-R tensors into one rank-(R+1) tensor along `axis`.

        >>> tf.stack([[1, 2], [3, 4]], axis=1).numpy().tolist()
        [[1, 3], [2, 4]]
    """
    if isinstance(values, (Tensor, Variable)):
        values = unstack(values)
    if not len(values):
        return constant(np.zeros(0, np.float32))
    if axis == 0 and not any(isinstance(v, (Tensor, Variable)) for v in values):
        try:  # as TF: a list of plain values converts as a whole ([1, 2.5] is float32)
            return convert_to_tensor(list(values))
        except (TypeError, ValueError):
            pass
    ts = convert_all(list(values), "Pack")
    r = ts[0].shape.rank
    if r is not None and not -r - 1 <= axis <= r:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-r - 1}, {r + 1})")
    return execute(STACK, ts, {"axis": axis})


def _unstack_kernel(x, num, axis):
    if x.shape[axis] != num:
        raise _err("Unpack", f"Input shape axis {axis} must equal {num}, got shape {_dims_text(x.shape)}")
    parts = x if axis == 0 else np.moveaxis(x, axis, 0)
    return parts[0] if num == 1 else tuple(parts)  # a one-output op returns its array itself


def _unstack_infer(ins, attrs):
    s = ins[0].shape
    dims = None if s.rank is None else [d for i, d in enumerate(s) if i != attrs["axis"]]
    return [(TensorShape(dims), ins[0].dtype)] * attrs["num"]


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor into a list of rank-(R-1) tensors along `axis`.

        >>> [t.numpy().tolist() for t in tf.unstack([[1, 2], [3, 4]])]
        [[1, 2], [3, 4]]
    """
    t = _as_tensor(value)
    s = t.shape
    if s.rank is not None:
        if not -s.rank <= axis < s.rank:
            raise ValueError(f"Argument `axis` = {axis} not in range [{-s.rank}, {s.rank})")
        axis %= s.rank
    if num is None:
        if s.rank is None or s[axis] is None:
            raise ValueError(f"Cannot infer argument `num` from shape {s}")
        num = s[axis]
    if num == 0:
        return []
    op = _variant("Unpack", num, _unstack_kernel, _unstack_infer,
                  lambda n, *gs: stack(list(gs), axis=n.attrs["axis"]))
    out = execute(op, (t,), {"num": num, "axis": axis})
    return [out] if num == 1 else list(out)


# -- tile --------------------------------------------------------------------------------------
def _tile_kernel(x, mult_arr=None, multiples=None):
    if multiples is None:
        multiples = tuple(int(m) for m in np.ravel(mult_arr))
    if len(multiples) != np.ndim(x):
        raise _err("Tile", f"Expected multiples argument to be a vector of length {np.ndim(x)} but got "
                           f"length {len(multiples)}")
    for i, m in enumerate(multiples):
        if m < 0:
            raise _err("Tile", f"Expected multiples[{i}] >= 0, but got {m}")
    return np.tile(x, multiples)


def _tile_infer(ins, attrs):
    s = ins[0].shape
    m = attrs["multiples"] if len(ins) == 1 else _partial_ints(ins[1])
    if m is None:
        return [(TensorShape(None if s.rank is None else [None] * s.rank), ins[0].dtype)]
    if s.rank is None:
        return [(TensorShape([None] * len(m)), ins[0].dtype)]
    if len(m) != s.rank:
        raise ValueError(f"Shape must be rank {s.rank} but multiples has {len(m)} elements for 'Tile'")
    return [(TensorShape([None if d is None or k is None else d * k for d, k in zip(s, m)]), ins[0].dtype)]


def _tile_grad(n, g):
    from .creation_ops import _reduce_sum
    x = n.inputs[0]
    m = n.attrs["multiples"] if len(n.inputs) == 1 else None
    if m is not None and x.shape.is_fully_defined():
        split = [v for pair in zip(m, x.shape.as_list()) for v in pair]
        return _nones(n, _reduce_sum(reshape(g, split), tuple(_pyrange(0, 2 * len(m), 2))))
    mt = cast(n.inputs[1], dtypes.int32) if m is None else constant(np.array(m, np.int32))
    k = len(m) if m is not None else x.shape.rank
    split = reshape(transpose(stack([mt, shape(x)])), [-1])  # [m0, d0, m1, d1, ...]
    return _nones(n, _reduce_sum(reshape(g, split), tuple(_pyrange(0, 2 * k, 2))))


TILE = primitive("Tile", _tile_kernel, _tile_infer, grad=_tile_grad)


def tile(input, multiples, name=None):
    """Repeats `input` `multiples[i]` times along axis i.

        >>> tf.tile([[1, 2]], [2, 1]).numpy().tolist()
        [[1, 2], [1, 2]]
    """
    t = _as_tensor(input)
    m = _int_arg(multiples, "Tile", "Tmultiples")
    if type(m) is tuple:
        return execute_unary(TILE, t, {"multiples": m})
    return execute(TILE, (t, m))



def _broadcast_to_kernel(x, shape_arr=None, shape=None):
    if shape is None:
        shape = tuple(int(d) for d in np.ravel(shape_arr))
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        if np.ndim(x) > len(shape):
            raise _err("BroadcastTo", f"Rank of input ({np.ndim(x)}) must be no greater than rank of output "
                                      f"shape ({len(shape)}).") from None
        raise _err("BroadcastTo", f"Incompatible shapes: {_dims_text(np.shape(x))} vs. {_dims_text(shape)}") from None


def _broadcast_to_infer(ins, attrs):
    dims = attrs["shape"] if len(ins) == 1 else _partial_ints(ins[1])
    out = TensorShape(dims)
    if len(ins) == 1:
        broadcast_static(ins[0].shape, out)  # raises for incompatible static shapes
    return [(out, ins[0].dtype)]


BROADCAST_TO = primitive("BroadcastTo", _broadcast_to_kernel, _broadcast_to_infer,
                         grad=lambda n, g: _nones(n, unbroadcast(g, n.inputs[0])))


def broadcast_to(input, shape, name=None):
    """Broadcasts `input` to `shape` (NumPy broadcasting rules).

        >>> tf.broadcast_to([1, 2], [2, 2]).numpy().tolist()
        [[1, 2], [1, 2]]
    """
    t = _as_tensor(input)
    s = _int_arg(shape, "BroadcastTo", "Tidx")
    if type(s) is tuple:
        return execute_unary(BROADCAST_TO, t, {"shape": s})
    return execute(BROADCAST_TO, (t, s))


def broadcast_static_shape(shape_x, shape_y):
    """The broadcast of two TensorShapes (ValueError if incompatible).

        >>> tf.broadcast_static_shape(tf.TensorShape([None, 3]), tf.TensorShape([2, 1]))
        TensorShape([2, 3])
    """
    try:
        return broadcast_static(shape_x, shape_y)
    except ValueError:
        raise ValueError("Incompatible shapes for broadcasting. Two shapes are compatible if for each "
                         "dimension pair they are either equal or one of them is 1. Received: "
                         f"{TensorShape(shape_x)} and {TensorShape(shape_y)}.") from None


def _broadcast_args_kernel(a, b):
    try:
        return np.array(np.broadcast_shapes(tuple(a.tolist()), tuple(b.tolist())), dtype=a.dtype)
    except ValueError:
        raise _err("BroadcastArgs", f"Incompatible shapes: {_dims_text(a.tolist())} vs. {_dims_text(b.tolist())}") from None


def _broadcast_args_infer(ins, attrs):
    a, b = ins[0].shape, ins[1].shape
    n = None if a.rank is None or b.rank is None or a[0] is None or b[0] is None else max(a[0], b[0])
    return [(TensorShape([n]), ins[0].dtype)]


BROADCAST_ARGS = primitive("BroadcastArgs", _broadcast_args_kernel, _broadcast_args_infer)
no_gradient(BROADCAST_ARGS, "shapes are integers")


def broadcast_dynamic_shape(shape_x, shape_y):
    """The broadcast of two 1-D int shape tensors, as a tensor. `tf.broadcast_dynamic_shape([2, 1], [3])` is [2, 3]."""
    x, y = convert_all([shape_x, shape_y], "BroadcastArgs")
    return execute(BROADCAST_ARGS, (x, y))


