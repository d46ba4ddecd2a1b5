"""Array ops: shapes, creation, casting, stacking, tiling, one-hot, broadcasting.

Each primitive sits beside its gradient. Arguments that TensorFlow takes as int tensors (a
shape, tile multiples) are attrs when their values are known while building, and become extra
op inputs otherwise, so `tf.reshape(x, [tf.shape(x)[0], -1])` works inside graphs too.
Slicing and gathering live in indexing_ops, joining/sorting in sort_ops (both are reachable as
`array_ops.<name>` too, like TensorFlow's own array_ops module).

    >>> tf.reshape(tf.range(6), [2, 3]).shape
    TensorShape([2, 3])
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

__all__ = ["reshape", "shape", "size", "rank", "shape_n", "expand_dims", "squeeze", "transpose",
           "zeros", "ones", "zeros_like", "ones_like", "fill", "eye", "range", "linspace", "lin_space",
           "meshgrid", "cast", "identity", "stack", "unstack", "tile", "one_hot", "broadcast_to",
           "broadcast_static_shape", "broadcast_dynamic_shape", "get_static_value", "newaxis",
           "constant", "convert_to_tensor"]

newaxis = None
_pyrange = builtins.range  # this module defines tf.range


def __getattr__(name):
    # TensorFlow's array_ops also holds gather, concat, pad...: forward to where they live here.
    if not name.startswith("__"):
        from . import indexing_ops, sort_ops
        for mod in (indexing_ops, sort_ops):
            if name in mod.__dict__:
                return mod.__dict__[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- helpers shared by the array-op modules --------------------------------------------------
def _err(op, msg):
    """TF's eager error for a failed op."""
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _dims_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _as_tensor(x, dtype=None):
    if type(x) is Tensor and dtype is None:
        return x
    return convert_to_tensor(x, dtype)


def _static_shape(t):
    """The tensor's shape as a tuple (eager) or TensorShape (graph)."""
    return t._value.shape if type(t) is Tensor else t.shape


def _nones(n, *grads):
    """`grads` padded with None for the remaining (non-differentiable) inputs of node `n`."""
    return grads + (None,) * (len(n.inputs) - len(grads))


_variants = {}


def _variant(base, n, kernel, infer, grad):
    """The op `base` for `n` outputs: an op's output count is static, so one op per count."""
    op = _variants.get((base, n))
    if op is None:
        op = _variants[(base, n)] = primitive(f"{base}_{n}", kernel, infer, num_outputs=n, grad=grad)
    return op


# Ops whose value get_static_value computes from constant inputs (cheap shape arithmetic).
_FOLDABLE = {"Identity", "Cast", "Pack", "ConcatV2", "StridedSlice", "Slice", "Reshape", "ExpandDims",
             "Squeeze", "Range", "Fill", "GatherV2", "AddV2", "Sub", "Mul", "FloorDiv", "Maximum",
             "Minimum", "Neg", "Prod", "Sum", "BroadcastArgs", "Transpose"}


def get_static_value(tensor, partial=False):
    """The value of `tensor` when it is known without running anything (eager tensors, graph
    constants, static shapes and cheap arithmetic on them), else None.

        >>> tf.get_static_value(tf.constant([1, 2]))
        array([1, 2], dtype=int32)
    """
    if type(tensor) is Tensor:
        return tensor.numpy()
    if isinstance(tensor, Variable):
        return None
    if not isinstance(tensor, SymbolicTensor):
        return tensor
    node = tensor.op
    kind = node.op.name
    if kind == "Const":
        return node.attrs["value"]
    if kind in ("Shape", "Size", "Rank"):
        s = node.inputs[0].shape
        if kind == "Rank":
            return None if s.rank is None else np.array(s.rank, np.int32)
        if not s.is_fully_defined():
            return None
        return node.op.kernel(np.broadcast_to(np.bool_(0), s.as_list()), **node.attrs)
    if kind not in _FOLDABLE:
        return None
    n = tensor.shape.num_elements()
    if n is None or n > 1000:  # only small shape-like values are worth computing here
        return None
    if kind == "StridedSlice":  # tf.shape(x)[i] is known when that dim of x is
        d = _shape_slice(tensor)
        if d is not False:
            return None if d is None or isinstance(d, list) and None in d else np.array(d, tensor.dtype._np)
    vals = []
    for t in node.inputs:
        v = get_static_value(t)
        if v is None or np.size(v) > 1000:
            return None
        vals.append(np.asarray(v))
    try:
        out = node.op.kernel(*vals, **node.attrs) if node.attrs else node.op.kernel(*vals)
    except Exception:  # noqa: BLE001 - it will fail again, with its error, when it runs
        return None
    return np.asarray(out if node.op.num_outputs == 1 else out[tensor.value_index])


def _shape_slice(t):
    """For `tf.shape(x)[i]` or `tf.shape(x)[a:b]` while building: the static dims of x it picks
    (an int/None, or a list), else False."""
    node = t.op
    if node.op.name != "StridedSlice" or len(node.inputs) != 1 or node.inputs[0].op.op.name != "Shape":
        return False
    a = node.attrs
    s = node.inputs[0].op.inputs[0].shape
    if s.rank is None or len(a["begin"]) != 1 or a["ellipsis_mask"] | a["new_axis_mask"]:
        return False
    if a["shrink_axis_mask"] == 1:
        i = a["begin"][0]
        return s[i] if -s.rank <= i < s.rank else False
    return list(s)[slice(None if a["begin_mask"] & 1 else a["begin"][0],
                         None if a["end_mask"] & 1 else a["end"][0], a["strides"][0])]


def _known_dim(t):
    """A scalar int tensor's value if known while building (incl. `tf.shape(x)[i]`), else None."""
    v = get_static_value(t)
    if v is not None:
        return int(v)
    d = _shape_slice(t)
    return None if d is False else d


def _partial_ints(t):
    """The elements of a 1-D int tensor known while building (None where unknown), or None when
    even its length is unknown (TF's constant_value_as_shape)."""
    v = get_static_value(t)
    if v is not None:
        return [int(d) for d in np.ravel(v)]
    node = t.op
    kind = node.op.name
    if kind == "Shape":
        s = node.inputs[0].shape
        return None if s.rank is None else list(s)
    if kind == "Pack" and t.shape.rank == 1:
        return [_known_dim(i) for i in node.inputs]
    if kind == "ConcatV2":
        parts = [_partial_ints(i) for i in node.inputs]
        return None if any(p is None for p in parts) else [d for p in parts for d in p]
    if kind == "Cast":
        return _partial_ints(node.inputs[0])
    dims = _shape_slice(t)
    if isinstance(dims, list):
        return dims
    n = t.shape[0] if t.shape.rank == 1 else None
    return None if n is None else [None] * n


def _int_arg(value, op, attr="Tshape"):
    """An int-list argument (shape, multiples) as a tuple of ints, or as an int Tensor when its
    value is only known at run time (it then becomes an extra input of the op)."""
    if type(value) is list or type(value) is tuple:
        for d in value:
            if type(d) is not int:
                break
        else:
            return tuple(value)
    if isinstance(value, TensorShape):
        return tuple(-1 if d is None else d for d in value.as_list())
    if isinstance(value, SymbolicTensor):
        v = get_static_value(value)
        if v is None:
            return value
        value = v
    elif isinstance(value, (list, tuple)) and any(isinstance(d, SymbolicTensor) for d in value):
        vals = [get_static_value(d) if isinstance(d, SymbolicTensor) else d for d in value]
        if any(v is None for v in vals):
            return convert_to_tensor([d if v is None else int(v) for d, v in zip(value, vals)])
        value = vals
    python = not isinstance(value, (np.ndarray, np.generic, Tensor, Variable))
    if isinstance(value, (list, tuple)):
        value = [-1 if d is None else d.numpy() if isinstance(d, (Tensor, Variable)) else d for d in value]
    elif isinstance(value, (Tensor, Variable)):
        value = value.numpy()
    arr = np.asarray(value)
    if arr.dtype.kind not in "iu" and arr.size:
        if attr is None:
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int32")
        if python and arr.dtype == np.float64:  # Python floats are float32 tensors
            arr = arr.astype(np.float32)
        name = _tf_type_name(dtypes.as_dtype(arr.dtype)) if arr.dtype.kind != "O" else "string"
        raise InvalidArgumentError(None, op, f"Value for attr '{attr}' of {name} is not in the list of "
                                   f"allowed values: int32, int64 [Op:{op}]")
    return tuple(int(d) for d in arr.reshape(-1))


def _scalar_int(value, what):
    """A scalar int argument that must be known while building (depth, num, k...)."""
    if type(value) is int:
        return value
    v = get_static_value(value) if not isinstance(value, Variable) else value.numpy()
    if v is None:
        raise ValueError(f"numtf needs `{what}` to be known while building the graph, got {value!r}")
    return int(np.asarray(v).reshape(-1)[0]) if np.size(v) == 1 else int(v)


def _raise(op, msg, symbolic):
    """Graph building reports bad arguments as ValueError, eager execution as InvalidArgumentError."""
    if symbolic:
        raise ValueError(msg)
    raise _err(op, msg)


# -- unbroadcast: the one helper through which broadcasting gradients flow ------------------
def _sum_to_kernel(g, like):
    shape = np.shape(like)
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(_pyrange(lead)) + tuple(i + lead for i, d in enumerate(shape) if d == 1 and g.shape[i + lead] != 1)
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


# -- reshape ----------------------------------------------------------------------------------
def _resolve_shape(src, shape):
    """`shape` with its -1 resolved for an input of shape `src` (TF's rules), or TF's error."""
    n = 1
    for d in src:
        n *= d
    unknown, known = -1, 1
    for i, d in enumerate(shape):
        if d == -1:
            if unknown != -1:
                raise _err("Reshape", f"Only one input size may be -1, not both {unknown} and {i}")
            unknown = i
        elif d < 0:
            raise _err("Reshape", f"Size {i} must be non-negative, not {d}")
        else:
            known *= d
    if unknown == -1 or known == 0:
        if known != n or unknown != -1 and n:
            raise _err("Reshape", f"Input to reshape is a tensor with {n} values, but the requested shape has {known}")
        if unknown == -1:
            return tuple(shape)
        # An empty tensor: the -1 takes what is left of the input's non-zero dims.
        nz_in = nz_out = 1
        for d in src:
            nz_in *= d or 1
        for d in shape:
            nz_out *= d if d > 0 else 1
        missing = nz_in // nz_out
    else:
        if n % known:
            raise _err("Reshape", f"Input to reshape is a tensor with {n} values, but the requested "
                                  f"shape requires a multiple of {known}")
        missing = n // known
    return tuple(shape[:unknown]) + (missing,) + tuple(shape[unknown + 1:])


def _reshape_kernel(x, shape_arr=None, shape=None):
    if shape is None:
        shape = tuple(int(d) for d in np.ravel(shape_arr))
    for d in shape:
        if d < -1:  # NumPy would take any negative size as -1
            return np.reshape(x, _resolve_shape(np.shape(x), shape))
    try:
        return np.reshape(x, shape)
    except ValueError:
        return np.reshape(x, _resolve_shape(np.shape(x), shape))


def _reshape_infer(ins, attrs):
    x = ins[0]
    shape = attrs["shape"] if len(ins) == 1 else _partial_ints(ins[1])
    if shape is None:
        return [(TensorShape(None), x.dtype)]
    src = x.shape
    if src.is_fully_defined() and None not in shape:
        try:
            shape = _resolve_shape(src.as_list(), shape)
        except InvalidArgumentError as e:
            known = int(np.prod([d for d in shape if d != -1]))
            raise ValueError(f"Cannot reshape a tensor with {src.num_elements()} elements to shape "
                             f"{list(shape)} ({known} elements) for 'Reshape' with input shapes: {src} "
                             f"({e.message.split(' [Op:')[0]})") from None
    return [(TensorShape([None if d is None or d < 0 else d for d in shape]), x.dtype)]


RESHAPE = primitive("Reshape", _reshape_kernel, _reshape_infer,
                    grad=lambda n, g: _nones(n, reshape_like(g, n.inputs[0])))
RESHAPE_LIKE = primitive("ReshapeLike", lambda x, like: np.reshape(x, np.shape(like)),
                         infer=lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                         grad=lambda n, g: (reshape_like(g, n.inputs[0]), None))


def reshape_like(x, like):
    """Reshapes x to the (possibly dynamic) shape of `like`."""
    if type(x) is Tensor and type(like) is Tensor:
        return reshape(x, like._value.shape)
    if like.shape.is_fully_defined():
        return reshape(x, like.shape.as_list())
    return execute(RESHAPE_LIKE, (x, like))


def reshape(tensor, shape, name=None):
    """Gives `tensor` a new shape with the same elements; one dimension may be -1.

        >>> tf.reshape([1, 2, 3, 4], [2, -1]).shape
        TensorShape([2, 2])
    """
    t = _as_tensor(tensor)
    s = _int_arg(shape, "Reshape")
    if type(s) is tuple:
        return execute_unary(RESHAPE, t, {"shape": s})
    return execute(RESHAPE, (t, s))


# -- shape, size, rank ---------------------------------------------------------------------------
def _out_type(out_type, op):
    d = dtypes.int32 if out_type is None else dtypes.as_dtype(out_type)
    if d is not dtypes.int32 and d is not dtypes.int64:
        raise InvalidArgumentError(None, op, f"Value for attr 'out_type' of {_tf_type_name(d)} is not in "
                                             f"the list of allowed values: int32, int64 [Op:{op}]")
    return d


SHAPE = primitive("Shape", lambda x, out_type: np.array(np.shape(x), dtype=out_type),
                  infer=lambda ins, a: [((ins[0].shape.rank,), dtypes.as_dtype(a["out_type"]))])
SIZE = primitive("Size", lambda x, out_type: np.array(np.size(x), dtype=out_type),
                 infer=lambda ins, a: [((), dtypes.as_dtype(a["out_type"]))])
RANK = primitive("Rank", lambda x: np.array(np.ndim(x), dtype=np.int32), infer=lambda ins, a: [((), dtypes.int32)])
for _op in (SHAPE, SIZE, RANK):
    no_gradient(_op, "it does not depend on the input's values")


def _shape_op(op, input, out_type, value):
    t = _as_tensor(input)
    if type(t) is Tensor:
        return wrap(np.array(value(t._value), dtype=out_type._np), out_type)
    s = t.shape
    if s.is_fully_defined():  # TF folds a known shape into a constant
        return constant(np.array(value(np.broadcast_to(np.bool_(0), s.as_list())), out_type._np), out_type)
    return execute_unary(op, t, {"out_type": out_type._np})


def shape(input, out_type=None, name=None):
    """The shape of a tensor as a 1-D int32 (or `out_type`) tensor.

        >>> tf.shape(tf.zeros([2, 3])).numpy()
        array([2, 3], dtype=int32)
    """
    return _shape_op(SHAPE, input, _out_type(out_type, "Shape"), np.shape)


def size(input, out_type=None, name=None):
    """The number of elements, as a scalar int32 (or `out_type`) tensor. `tf.size(tf.zeros([2, 3]))` is 6."""
    return _shape_op(SIZE, input, _out_type(out_type, "Size"), np.size)


def rank(input, name=None):
    """The number of dimensions, as a scalar int32 tensor. `tf.rank(tf.zeros([2, 3]))` is 2."""
    t = _as_tensor(input)
    if t.shape.rank is not None:
        return constant(np.array(t.shape.rank, np.int32), dtypes.int32)
    return execute_unary(RANK, t)


def shape_n(input, out_type=dtypes.int32, name=None):
    """The shapes of a list of tensors. `tf.shape_n([a, b])`."""
    return [shape(x, out_type) for x in input]


# -- expand_dims, squeeze, transpose ------------------------------------------------------------
def _expand_infer(ins, attrs):
    s, axis = ins[0].shape, attrs["axis"]
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    dims.insert(axis if axis >= 0 else len(dims) + 1 + axis, 1)
    return [(TensorShape(dims), ins[0].dtype)]


EXPAND_DIMS = primitive("ExpandDims", lambda x, axis: np.expand_dims(x, axis), _expand_infer,
                        grad=lambda n, g: reshape_like(g, n.inputs[0]))


def expand_dims(input, axis, name=None):
    """Inserts a dimension of size 1 at `axis` (negative counts from the end of the result).

        >>> tf.expand_dims([1, 2], -1).shape
        TensorShape([2, 1])
    """
    t = _as_tensor(input)
    if type(axis) is not int:
        a = np.asarray(get_static_value(axis) if not isinstance(axis, (int, Variable)) else axis)
        if a.size != 1:
            raise _err("ExpandDims", "'dim' must be a tensor with a single value")
        axis = int(a.reshape(()))
    r = t.shape.rank
    if r is not None and not -r - 1 <= axis <= r:
        _raise("ExpandDims", f"Tried to expand dim index {axis} for tensor with {r} dimensions.", type(t) is not Tensor)
    return execute_unary(EXPAND_DIMS, t, {"axis": axis})


def _squeeze_axes(s, axis, symbolic):
    """Checks squeeze's axes against shape `s`; returns them non-negative."""
    r = s.rank
    out = []
    for a in axis:
        if not -r <= a < r:
            _raise("Squeeze", f"Tried to squeeze dim index {a} for tensor with {r} dimensions.", symbolic)
        a %= r
        if s[a] is not None and s[a] != 1:
            _raise("Squeeze", f"Can not squeeze dim[{a}], expected a dimension of 1, got {s[a]}", symbolic)
        out.append(a)
    return tuple(sorted(set(out)))


def _squeeze_infer(ins, attrs):
    s, axis = ins[0].shape, attrs["axis"]
    if s.rank is None or axis is None and not s.is_fully_defined():
        return [(TensorShape(None), ins[0].dtype)]
    if axis is None:
        return [(TensorShape([d for d in s if d != 1]), ins[0].dtype)]
    return [(TensorShape([d for i, d in enumerate(s) if i not in axis]), ins[0].dtype)]


SQUEEZE = primitive("Squeeze", lambda x, axis: np.squeeze(x, axis), _squeeze_infer,
                    grad=lambda n, g: reshape_like(g, n.inputs[0]))


def squeeze(input, axis=None, name=None):
    """Removes dimensions of size 1 (all of them, or those in `axis`).

        >>> tf.squeeze(tf.zeros([1, 2, 1])).shape
        TensorShape([2])
    """
    t = _as_tensor(input)
    if axis is not None:
        axis = (axis,) if isinstance(axis, int) else tuple(int(a) for a in np.ravel(get_static_value(axis)))
        if t.shape.rank is not None:
            axis = _squeeze_axes(t.shape, axis, type(t) is not Tensor)
    return execute_unary(SQUEEZE, t, {"axis": axis})


def _transpose_kernel(x, perm=None):
    try:
        return np.transpose(x, perm)
    except (ValueError, TypeError):
        n = np.ndim(x)
        if len(perm) != n:
            raise _err("Transpose", f"transpose expects a vector of size {n}. But input(1) is a vector "
                                    f"of size {len(perm)}") from None
        seen = {p % n for p in perm if -n <= p < n}
        missing = next(i for i in _pyrange(n) if i not in seen)
        raise _err("Transpose", f"{missing} is missing from {{{','.join(map(str, perm))}}}.") from None


def _transpose_infer(ins, attrs):
    s, perm = ins[0].shape, attrs.get("perm")
    if perm is None:
        return [(TensorShape(None if s.rank is None else list(s)[::-1]), ins[0].dtype)]
    if s.rank is not None:
        if len(perm) != s.rank:
            raise ValueError(f"Dimension must be {s.rank} but is {len(perm)} for 'Transpose' with input shapes: {s}")
        return [(TensorShape([s[p] for p in perm]), ins[0].dtype)]
    return [(TensorShape([None] * len(perm)), ins[0].dtype)]


def _transpose_grad(n, g):
    perm = (n.attrs or {}).get("perm")
    if perm is None:
        return transpose(g)
    k = len(perm)
    return transpose(g, [int(i) for i in np.argsort([p % k for p in perm])])


TRANSPOSE = primitive("Transpose", _transpose_kernel, _transpose_infer, grad=_transpose_grad)


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes dimensions (reverses them when `perm` is None); `conjugate` also conjugates.

        >>> tf.transpose(tf.zeros([2, 3])).shape
        TensorShape([3, 2])
    """
    t = _as_tensor(a)
    if perm is not None:
        perm = _int_arg(perm, "Transpose", "Tperm")
        if not isinstance(perm, tuple):
            raise ValueError("numtf needs the `perm` of tf.transpose to be known while building the graph")
    out = execute_unary(TRANSPOSE, t, {"perm": perm})
    return conj(out) if conjugate else out


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
                      infer=lambda ins, a: [(ins[0].shape, dtypes.as_dtype(a["dtype"]))])
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
    from .sort_ops import concat
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
    ts = convert_all(list(values), "Pack")
    r = ts[0].shape.rank
    if r is not None and not -r - 1 <= axis <= r:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-r - 1}, {r + 1})")
    return execute(STACK, ts, {"axis": axis})


def _unstack_kernel(x, num, axis):
    if x.shape[axis] != num:
        raise _err("Unpack", f"Input shape axis {axis} must equal {num}, got shape {_dims_text(x.shape)}")
    return tuple(x) if axis == 0 else tuple(np.moveaxis(x, axis, 0))


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
    return list(execute(op, (t,), {"num": num, "axis": axis}))


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


range = _tf_range  # noqa: A001 - TensorFlow's name; from here on this module says _pyrange for Python's
