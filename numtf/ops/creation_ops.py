"""Creation ops: fill, zeros, ones, *_like, eye, range, linspace, meshgrid, one_hot.

    >>> tf.range(3).numpy().tolist()
    [0, 1, 2]
"""
import builtins

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
                        reshape_like, unbroadcast, broadcast_like, _pyrange, expand_dims, size)
from .stack_ops import cast, broadcast_static_shape, broadcast_to, stack

__all__ = ["zeros", "ones", "zeros_like", "ones_like", "fill", "eye", "range", "linspace", "lin_space",
           "meshgrid", "one_hot"]

# -- creation --------------------------------------------------------------------------------
def _fill_kernel(value, dims_arr=None, dims=None):
    if dims is None:
        dims = tuple(int(d) for d in np.ravel(dims_arr))
    if np.ndim(value) != 0:
        raise _err("Fill", f"value must represent a scalar, got shape {_dims_text(np.shape(value))}")
    for d in dims:
        if d < 0:
            raise _err("Fill", f"Dimension {d} must be >= 0")
    return np.full(dims, value, dtype=np.asarray(value).dtype)


def _fill_infer(ins, attrs):
    dims = attrs["dims"] if len(ins) == 1 else _partial_ints(ins[1])
    return [(TensorShape(dims), ins[0].dtype)]


FILL = primitive("Fill", _fill_kernel, _fill_infer)
defgrad(FILL, lambda n, g: _nones(n, _reduce_sum(g)))


def _reduce_sum(g, axis=None):
    from .reduction_ops import reduce_sum  # reduction_ops imports this module
    return reduce_sum(g, axis)


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with the scalar `value` (whose dtype it takes).

        >>> tf.fill([2], 7).numpy()
        array([7, 7], dtype=int32)
    """
    v = _as_tensor(value)
    d = _int_arg(dims, "Fill", None)
    if type(d) is tuple:
        return execute_unary(FILL, v, {"dims": d})
    return execute(FILL, (v, d))


def _filled(shape, value, dtype):
    dtype = dtypes.as_dtype(dtype)
    if dtype is dtypes.string:
        if value:
            raise TypeError(f"Cannot convert {value} to EagerTensor of dtype string")
        value = b""
    d = _int_arg(shape, "Fill", None)
    if type(d) is tuple and ctx.graph is None:
        for n in d:
            if n < 0:
                raise _err("Fill", f"Dimension {n} must be >= 0")
        if dtype is dtypes.string:
            return wrap(np.full(d, value, dtype=object), dtype)
        return wrap(np.zeros(d, dtype._np) if value == 0 else np.ones(d, dtype._np), dtype)
    return fill(d, constant(value, dtype))


def zeros(shape, dtype=dtypes.float32, name=None, layout=None):
    """A tensor of zeros. `tf.zeros([2, 3])`; `shape` may be a list, TensorShape or int tensor."""
    return _filled(shape, 0, dtype)


def ones(shape, dtype=dtypes.float32, name=None, layout=None):
    """A tensor of ones. `tf.ones([2, 3], tf.int32)`."""
    return _filled(shape, 1, dtype)


FILL_LIKE = primitive("FillLike", lambda x, value, dtype: np.full(np.shape(x), value, dtype=dtype),
                      infer=lambda ins, a: [(ins[0].shape, dtypes.from_numpy(np.dtype(a["dtype"])))])
no_gradient(FILL_LIKE, "its value does not depend on the input's values")


def _filled_like(input, dtype, value):
    t = _as_tensor(input)
    dt = t._dtype if dtype is None else dtypes.as_dtype(dtype)
    if dt is dtypes.string:
        if value:
            raise InvalidArgumentError(None, "OnesLike", "Value for attr 'T' of string is not in the list "
                                                         "of allowed values [Op:OnesLike]")
        value = b""
    if type(t) is Tensor:
        if value == 0 and dt is not dtypes.string:
            return wrap(np.zeros(t._value.shape, dt._np), dt)
        return wrap(np.full(t._value.shape, value, dt._np), dt)
    return execute_unary(FILL_LIKE, t, {"value": value, "dtype": dt._np})


def zeros_like(input, dtype=None, name=None, layout=None):
    """Zeros with the shape (and dtype, unless `dtype` is given) of `input`."""
    return _filled_like(input, dtype, 0)


def ones_like(input, dtype=None, name=None, layout=None):
    """Ones with the shape (and dtype, unless `dtype` is given) of `input`."""
    return _filled_like(input, dtype, 1)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (or a batch of them).

        >>> tf.eye(2).numpy()
        array([[1., 0.],
               [0., 1.]], dtype=float32)
    """
    dtype = dtypes.as_dtype(dtype)
    n = _scalar_int(num_rows, "num_rows")
    m = n if num_columns is None else _scalar_int(num_columns, "num_columns")
    for d in (n, m):
        if d < 0:
            raise _err("Fill", f"Dimension {d} must be >= 0")
    arr = np.eye(n, m, dtype=dtype._np)
    if batch_shape is not None:
        arr = np.broadcast_to(arr, tuple(_int_arg(batch_shape, "Fill", None)) + arr.shape).copy()
    return constant(arr, dtype)


def _range_kernel(start, limit, delta):
    s, l, d = start[()], limit[()], delta[()]
    if d == 0:
        raise _err("Range", f"Requires delta != 0: {d}")
    if d > 0 and s > l:
        raise _err("Range", f"Requires start <= limit when delta > 0: {s}/{l}")
    if d < 0 and s < l:
        raise _err("Range", f"Requires start >= limit when delta < 0: {s}/{l}")
    dt = start.dtype
    if dt.kind in "iu":
        return np.arange(s, l, d, dtype=dt)
    n = int(np.ceil(np.abs((l - s) / d)))  # computed in the tensor's dtype, like TF
    return np.arange(n, dtype=dt) * d + s


def _range_infer(ins, attrs):
    vals = [get_static_value(t) for t in ins]
    if any(v is None for v in vals):
        return [(TensorShape([None]), ins[0].dtype)]
    try:
        return [(TensorShape([_range_kernel(*map(np.asarray, vals)).shape[0]]), ins[0].dtype)]
    except InvalidArgumentError as e:
        raise ValueError(e.message.split(" [Op:")[0]) from None


RANGE = primitive("Range", _range_kernel, _range_infer)
no_gradient(RANGE, "its inputs are bounds, not values")
_I32_MIN, _I32_MAX = -2 ** 31, 2 ** 31 - 1
_RANGE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


def _tf_range(start, limit=None, delta=1, dtype=None, name="range"):
    """`tf.range`: start, start + delta, ... up to (excluding) limit. Python ints give int32,
    floats float32; tensors of several dtypes take the widest.

        >>> tf.range(1, 7, 2).numpy()
        array([1, 3, 5], dtype=int32)
    """
    if limit is None:
        start, limit = 0, start
    if dtype is None and type(start) is int and type(limit) is int and type(delta) is int and ctx.graph is None \
            and _I32_MIN <= min(start, limit) and max(start, limit) <= _I32_MAX:  # the common eager case
        return wrap(_range_kernel(np.array(start, np.int32), np.array(limit, np.int32), np.array(delta, np.int32)),
                    dtypes.int32)
    args = (start, limit, delta)
    if dtype is not None:
        dt = dtypes.as_dtype(dtype)
        ts = [cast(a, dt) if isinstance(a, (Tensor, Variable)) else convert_to_tensor(a, dt) for a in args]
    else:
        ts = [_as_tensor(a) for a in args]
        dt = max((t.dtype for t in ts), key=lambda d: _RANGE_ORDER.index(d) if d in _RANGE_ORDER else -1)
        ts = [cast(t, dt) for t in ts]
    return execute(RANGE, ts)


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` inclusive (ints compute in float64);
    start and stop may be tensors, then the values run along `axis`.

        >>> tf.linspace(0., 1., 5).numpy()
        array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
    """
    from .math_ops import add, multiply, subtract, truediv
    from .join_ops import concat
    start = _as_tensor(start)
    stop = _as_tensor(stop, None if isinstance(stop, (Tensor, Variable)) else start.dtype)
    if start.dtype.is_integer:
        start, stop = cast(start, dtypes.float64), cast(stop, dtypes.float64)
    n = _scalar_int(num, "num")
    if start.shape != stop.shape:
        b = broadcast_static_shape(start.shape, stop.shape).as_list()
        start, stop = broadcast_to(start, b), broadcast_to(stop, b)
    rank1 = start.shape.rank + 1
    axis = axis % rank1
    first, last = expand_dims(start, axis), expand_dims(stop, axis)
    if n <= 1:
        if n == 1:
            return first
        dims = start.shape.as_list()
        return zeros(dims[:axis] + [0] + dims[axis:], start.dtype)
    parts = [first]
    if n > 2:
        delta = truediv(subtract(last, first), constant(n - 1, start.dtype))
        steps = reshape(_tf_range(1, n - 1, dtype=start.dtype), [-1 if i == axis else 1 for i in _pyrange(rank1)])
        parts.append(add(first, multiply(delta, steps)))
    parts.append(last)
    return concat(parts, axis)


lin_space = linspace


def meshgrid(*args, **kwargs):
    """N-D coordinate grids from 1-D coordinates; `indexing='xy'` (default) or `'ij'`.

        >>> [g.shape for g in tf.meshgrid([1, 2, 3], [4, 5])]
        [TensorShape([2, 3]), TensorShape([2, 3])]
    """
    from .math_ops import multiply
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError("Argument `indexing` parameter must be either 'xy' or 'ij', got '{indexing}'")
    ndim = len(args)
    outs = [reshape(_as_tensor(x), [-1 if i == k else 1 for i in _pyrange(ndim)]) for k, x in enumerate(args)]
    sizes = [size(x) for x in outs]
    if indexing == "xy" and ndim > 1:
        outs[0] = reshape(outs[0], [1, -1] + [1] * (ndim - 2))
        outs[1] = reshape(outs[1], [-1, 1] + [1] * (ndim - 2))
        sizes[0], sizes[1] = sizes[1], sizes[0]
    if ndim == 0:
        return []
    mult = ones(stack(sizes), outs[0].dtype) if any(type(s) is not Tensor for s in sizes) \
        else ones([int(s) for s in sizes], outs[0].dtype)
    return [multiply(x, mult) for x in outs]



# -- one_hot ---------------------------------------------------------------------------------
def _one_hot_kernel(indices, depth, on, off, axis, dtype):
    out = np.where(np.expand_dims(indices, -1) == np.arange(depth), on, off).astype(dtype, copy=False)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


def _one_hot_infer(ins, attrs):
    s, dt = ins[0].shape, dtypes.as_dtype(attrs["dtype"])
    if s.rank is None:
        return [(TensorShape(None), dt)]
    dims = list(s)
    axis = attrs["axis"]
    dims.insert(len(dims) if axis == -1 else axis, attrs["depth"])
    return [(TensorShape(dims), dt)]


ONE_HOT = primitive("OneHot", _one_hot_kernel, _one_hot_infer)
no_gradient(ONE_HOT, "indices are integers")
_ONE_HOT_INDEX = (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64)


def _dtype_text(d):
    return f"<dtype: '{d.name}'>"


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot encoding: out[..., indices[...]] = on_value (1), elsewhere off_value (0); the
    dtype comes from on/off_value (else `dtype`, else float32). Out-of-range indices give rows
    of off_value.

        >>> tf.one_hot([0, 2], 3).numpy().tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    idx = _as_tensor(indices)
    if idx.dtype not in _ONE_HOT_INDEX:
        raise InvalidArgumentError(None, "OneHot", f"Value for attr 'TI' of {_tf_type_name(idx.dtype)} is not in "
                                   "the list of allowed values: uint8, int8, int32, int64 [Op:OneHot]")
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    on = None if on_value is None else convert_to_tensor(on_value, dtype_hint=dtype)
    off = None if off_value is None else convert_to_tensor(off_value, dtype_hint=dtype)
    if dtype is not None:
        for v, what in ((on, "on_value"), (off, "off_value")):
            if v is not None and v.dtype is not dtype:
                raise TypeError(f"dtype {_dtype_text(v.dtype)} of {what} does not match dtype parameter "
                                f"{_dtype_text(dtype)}")
    elif on is not None or off is not None:
        dtype = (on if on is not None else off).dtype
    else:
        dtype = dtypes.float32
    if on is not None and off is not None and on.dtype is not off.dtype:
        raise TypeError(f"dtype {_dtype_text(on.dtype)} of on_value does not match dtype "
                        f"{_dtype_text(off.dtype)} of off_value")
    vals = []
    for v, what, default in ((on, "on_value", 1), (off, "off_value", 0)):
        if v is None and (dtype is dtypes.bool or dtype is dtypes.string):  # TF converts the default 1 / 0
            raise TypeError(f"Cannot convert {default} to EagerTensor of dtype {dtype.name}")
        a = np.asarray(default, dtype._np) if v is None else get_static_value(v)
        if a is None:
            raise ValueError(f"numtf needs `{what}` of tf.one_hot to be known while building the graph")
        a = np.asarray(a)
        if a.ndim:
            raise _err("OneHot", f"{what} must be a scalar, but got: {_dims_text(a.shape)}")
        vals.append(a)
    depth = _scalar_int(depth, "depth")
    if depth < 0:
        raise _err("OneHot", f"depth must be non-negative, got: {depth}")
    axis = -1 if axis is None else axis
    r = idx.shape.rank
    if r is not None and not (axis == -1 or 0 <= axis <= r):
        raise _err("OneHot", f"Expected axis to be -1 or between [0, {r + 1}).  But received: {axis}")
    return execute_unary(ONE_HOT, idx, {"depth": depth, "on": vals[0], "off": vals[1], "axis": axis,
                                        "dtype": dtype._np})


# -- broadcasting ------------------------------------------------------------------------------


range = _tf_range  # noqa: A001 - TensorFlow's name; this module says _pyrange for Python's
