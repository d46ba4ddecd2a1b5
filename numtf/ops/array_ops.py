"""Array ops: shapes, creation, joining, casting. Each primitive sits beside its gradient.

    >>> tf.reshape(tf.range(6), [2, 3]).shape
    TensorShape([2, 3])
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor, constant
from .registry import primitive, defgrad, no_gradient, execute, execute_unary
from .shape_rules import same_as_input

__all__ = ["reshape", "zeros_like", "ones_like", "zeros", "ones", "stack", "unstack", "tile",
           "one_hot", "cast", "identity", "fill", "shape", "constant", "convert_to_tensor"]


def _as_tensor(x, dtype=None):
    if type(x) is Tensor and dtype is None:
        return x
    return convert_to_tensor(x, dtype)


def _static_shape(t):
    """The tensor's shape as a tuple (eager) or TensorShape (graph)."""
    return t._value.shape if type(t) is Tensor else t.shape


# -- unbroadcast: the one helper through which broadcasting gradients flow ------------------
def _sum_to_kernel(g, like):
    shape = np.shape(like)
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, d in enumerate(shape) if d == 1 and g.shape[i + lead] != 1)
    out = np.sum(g, axis=axes, keepdims=True, dtype=g.dtype)
    return out.reshape(shape)


def _broadcast_like_kernel(g, like):
    return np.ascontiguousarray(np.broadcast_to(g, np.shape(like)))


SUM_TO = primitive("SumToShapeOf", _sum_to_kernel,
                   infer=lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                   grad=lambda n, g: (broadcast_like(g, n.inputs[0]), None))
BROADCAST_LIKE = primitive("BroadcastLike", _broadcast_like_kernel,
                           infer=lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                           grad=lambda n, g: (unbroadcast(g, n.inputs[0]), None))


def unbroadcast(grad, like):
    """Sums `grad` over the axes along which `like` was broadcast, giving `like`'s shape."""
    if grad is None:
        return None
    if type(grad) is Tensor and type(like) is Tensor and grad._value.shape == like._value.shape:
        return grad
    if type(like) is not Tensor and not isinstance(like, Tensor):
        like = like._read() if hasattr(like, "_read") else convert_to_tensor(like)
    gs, ls = grad.shape, like.shape
    if gs.is_fully_defined() and gs == ls:
        return grad
    return execute(SUM_TO, (grad, like))


def broadcast_like(grad, like):
    """Broadcasts `grad` to the shape of `like`."""
    return execute(BROADCAST_LIKE, (grad, like))


# -- shape ops -----------------------------------------------------------------------------
def _reshape_infer(ins, attrs):
    shape = list(attrs["shape"])
    src = ins[0].shape
    if -1 in shape and src.is_fully_defined():
        known = 1
        for d in shape:
            if d != -1:
                known *= d
        shape[shape.index(-1)] = src.num_elements() // known if known else 0
    elif src.is_fully_defined() and -1 not in shape and int(np.prod(shape)) != src.num_elements():
        raise ValueError(f"Cannot reshape a tensor with {src.num_elements()} elements to shape "
                         f"{shape} ({int(np.prod(shape))} elements) for 'Reshape'.")
    return [(TensorShape([None if d == -1 else d for d in shape]), ins[0].dtype)]


def _reshape_kernel(x, shape):
    try:
        return np.reshape(x, shape)
    except ValueError:
        from ..framework.errors import InvalidArgumentError
        n = int(np.prod([d for d in shape if d != -1]))
        raise InvalidArgumentError(None, "Reshape", f"Input to reshape is a tensor with {np.size(x)} values, "
                                   f"but the requested shape {'requires a multiple of' if -1 in shape else 'has'} {n} [Op:Reshape]") from None


RESHAPE = primitive("Reshape", _reshape_kernel, _reshape_infer)
defgrad(RESHAPE, lambda n, g: reshape_like(g, n.inputs[0]))
RESHAPE_LIKE = primitive("ReshapeLike", lambda x, like: np.reshape(x, np.shape(like)),
                         infer=lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                         grad=lambda n, g: (reshape_like(g, n.inputs[0]), None))


def reshape_like(x, like):
    """Reshapes x to the (possibly dynamic) shape of `like`."""
    if type(x) is Tensor and type(like) is Tensor:
        return reshape(x, like._value.shape)
    return execute(RESHAPE_LIKE, (x, like))


def _shape_list(shape):
    if isinstance(shape, Tensor):
        shape = shape.numpy()
    if isinstance(shape, TensorShape):
        shape = shape.as_list()
    if np.ndim(shape) == 0:
        return (int(shape),)
    return tuple(-1 if d is None else int(d) for d in shape)


def reshape(tensor, shape, name=None):
    """Gives `tensor` a new shape with the same elements; one dimension may be -1.

        >>> tf.reshape([1, 2, 3, 4], [2, -1]).shape
        TensorShape([2, 2])
    """
    return execute_unary(RESHAPE, _as_tensor(tensor), {"shape": _shape_list(shape)})


def _dynamic_shape_kernel(x, out_type):
    return np.array(np.shape(x), dtype=out_type)


SHAPE = primitive("Shape", _dynamic_shape_kernel,
                  infer=lambda ins, a: [((ins[0].shape.rank,), dtypes.as_dtype(a["out_type"]))])
no_gradient(SHAPE, "a shape does not depend on values")


def shape(input, out_type=dtypes.int32, name=None):
    """The shape of a tensor as a 1-D int tensor."""
    t = _as_tensor(input)
    return execute_unary(SHAPE, t, {"out_type": dtypes.as_dtype(out_type)._np})


# -- creation --------------------------------------------------------------------------------
def _filled(shape, value, dtype):
    dtype = dtypes.as_dtype(dtype)
    return constant(np.full(_shape_list(shape), value, dtype=dtype._np), dtype)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros. `tf.zeros([2, 3])`."""
    return _filled(shape, 0, dtype)


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones. `tf.ones([2, 3])`."""
    return _filled(shape, 1, dtype)


FILL_LIKE = primitive("FillLike", lambda x, value: np.full(np.shape(x), value, dtype=np.asarray(x).dtype),
                      infer=same_as_input)
no_gradient(FILL_LIKE, "its value does not depend on the input's values")


def zeros_like(input, dtype=None, name=None):
    """Zeros with the shape (and dtype) of `input`."""
    t = _as_tensor(input)
    if dtype is not None and dtypes.as_dtype(dtype) is not t.dtype:
        t = cast(t, dtype)
    if type(t) is Tensor and ctx.graph is None:
        return Tensor.__new__(Tensor) if False else _wrap_full(t, 0)
    return execute_unary(FILL_LIKE, t, {"value": 0})


def ones_like(input, dtype=None, name=None):
    """Ones with the shape (and dtype) of `input`."""
    t = _as_tensor(input)
    if dtype is not None and dtypes.as_dtype(dtype) is not t.dtype:
        t = cast(t, dtype)
    if type(t) is Tensor and ctx.graph is None:
        return _wrap_full(t, 1)
    return execute_unary(FILL_LIKE, t, {"value": 1})


def _wrap_full(t, value):
    from ..framework.tensor import wrap
    v = t._value
    return wrap(np.full(np.shape(v), value, dtype=np.asarray(v).dtype), t._dtype)


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with scalar `value` (its dtype is value's)."""
    v = _as_tensor(value)
    return constant(np.full(_shape_list(dims), v.numpy(), dtype=v.dtype._np), v.dtype)


# -- casting -----------------------------------------------------------------------------------
def _cast_kernel(x, dtype):
    return np.asarray(x).astype(dtype, copy=False) if np.asarray(x).dtype != dtype else x


CAST = primitive("Cast", _cast_kernel, infer=lambda ins, a: [(ins[0].shape, dtypes.as_dtype(a["dtype"]))])
defgrad(CAST, lambda n, g: cast(g, n.inputs[0].dtype) if n.inputs[0].dtype.is_floating else None)


def cast(x, dtype, name=None):
    """Casts to `dtype` (floats to ints truncate toward zero, as in TF).

        >>> tf.cast([1.7, -1.7], tf.int32)
        <tf.Tensor: shape=(2,), dtype=int32, numpy=array([ 1, -1], dtype=int32)>
    """
    dtype = dtypes.as_dtype(dtype)
    t = _as_tensor(x)
    if t.dtype is dtype:
        return t
    return execute_unary(CAST, t, {"dtype": dtype._np})


IDENTITY = primitive("Identity", lambda x: x, same_as_input, grad=lambda n, g: g)


def identity(input, name=None):
    """Returns a tensor with the same value (a variable's current value, for a variable)."""
    return execute_unary(IDENTITY, _as_tensor(input))


CONJ = primitive("Conj", np.conj, same_as_input, grad=lambda n, g: conj(g))


def conj(x, name=None):
    """Complex conjugate (identity on real tensors)."""
    t = _as_tensor(x)
    return execute_unary(CONJ, t) if t.dtype.is_complex else t


# -- joining ------------------------------------------------------------------------------------
def _stack_infer(ins, attrs):
    axis = attrs["axis"]
    s = ins[0].shape
    for t in ins[1:]:
        s = s.merge_with(t.shape)
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    axis = axis % (len(dims) + 1)
    return [(TensorShape(dims[:axis] + [len(ins)] + dims[axis:]), ins[0].dtype)]


STACK = primitive("Pack", lambda *xs, axis: np.stack(xs, axis=axis), _stack_infer)
defgrad(STACK, lambda n, g: unstack(g, num=len(n.inputs), axis=n.attrs["axis"]))


def stack(values, axis=0, name="stack"):
    """Stacks rank-R tensors into one rank-(R+1) tensor along `axis`.

        >>> tf.stack([[1, 2], [3, 4]], axis=1).numpy().tolist()
        [[1, 3], [2, 4]]
    """
    from .convert import convert_all
    ts = convert_all(list(values), "Pack")
    rank = ts[0].shape.rank
    if rank is not None and not -rank - 1 <= axis <= rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank - 1}, {rank + 1})")
    return execute(STACK, ts, {"axis": axis})


def _unstack_kernel(x, num, axis):
    return tuple(np.moveaxis(x, axis, 0))


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor into a list of rank-(R-1) tensors along `axis`."""
    t = _as_tensor(value)
    shape = t.shape
    if num is None:
        if shape.rank is None or shape[axis] is None:
            raise ValueError(f"Cannot infer argument `num` from shape {shape}")
        num = shape[axis]
    axis = axis % max(shape.rank, 1)
    return list(execute(_unstack_op(num), (t,), {"num": num, "axis": axis}))


_UNSTACK_OPS = {}


def _unstack_op(num):
    # The op's output count depends on `num`; one registered variant per count.
    op = _UNSTACK_OPS.get(num)
    if op is None:
        def infer(ins, attrs, num=num):
            s = ins[0].shape
            dims = None if s.rank is None else [d for i, d in enumerate(s) if i != attrs["axis"]]
            return [(TensorShape(dims), ins[0].dtype)] * num
        op = primitive(f"Unpack{num}" if num != 1 else "Unpack", _unstack_kernel, infer, num_outputs=num)
        defgrad(op, lambda n, *gs: stack(list(gs), axis=n.attrs["axis"]))
        _UNSTACK_OPS[num] = op
    return op


def _tile_infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    return [(TensorShape([None if d is None else d * m for d, m in zip(s, attrs["multiples"])]), ins[0].dtype)]


TILE = primitive("Tile", lambda x, multiples: np.tile(x, multiples), _tile_infer)


@lambda f: defgrad(TILE, f)
def _tile_grad(n, g):
    x = n.inputs[0]
    m = n.attrs["multiples"]
    s = x.shape.as_list()
    split = []
    for mi, d in zip(m, s):
        split += [mi, d]
    from .reduction_ops import reduce_sum
    return reduce_sum(reshape(g, split), axis=list(range(0, 2 * len(s), 2)))


def tile(input, multiples, name=None):
    """Repeats `input` `multiples[i]` times along axis i."""
    return execute_unary(TILE, _as_tensor(input), {"multiples": _shape_list(multiples)})


def _one_hot_kernel(indices, depth, on, off, axis, dtype):
    idx = np.asarray(indices)
    out = np.full(idx.shape + (depth,), off, dtype=dtype)
    valid = (idx >= 0) & (idx < depth)
    np.put_along_axis(out, np.where(valid, idx, 0)[..., None], np.where(valid, on, off)[..., None].astype(dtype), axis=-1)
    return np.moveaxis(out, -1, axis) if axis != -1 else out


def _one_hot_infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), dtypes.as_dtype(attrs["dtype"]))]
    dims = list(s)
    axis = attrs["axis"]
    dims.insert(len(dims) if axis == -1 else axis, attrs["depth"])
    return [(TensorShape(dims), dtypes.as_dtype(attrs["dtype"]))]


ONE_HOT = primitive("OneHot", _one_hot_kernel, _one_hot_infer)
no_gradient(ONE_HOT, "indices are integers")


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot encoding: out[..., indices[...]] = on_value (1), elsewhere off_value (0).

        >>> tf.one_hot([0, 2], 3).numpy().tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if dtype is None:
        dtype = dtypes.float32
        for v in (on_value, off_value):
            if isinstance(v, (Tensor, np.ndarray, np.generic)):
                dtype = v.dtype
    dtype = dtypes.as_dtype(dtype)
    on = 1 if on_value is None else np.asarray(on_value)
    off = 0 if off_value is None else np.asarray(off_value)
    return execute_unary(ONE_HOT, _as_tensor(indices), {
        "depth": int(depth), "on": on, "off": off, "axis": -1 if axis is None else axis, "dtype": dtype._np})
