"""Array ops: reshape, shape/size/rank, expand_dims, squeeze, transpose, and the helpers the
array-op modules share.

Each primitive sits beside its gradient. Arguments that TensorFlow takes as int tensors (a
shape, tile multiples) are attrs when their values are known while building, and become extra
op inputs otherwise, so `tf.reshape(x, [tf.shape(x)[0], -1])` works inside graphs too.
Creation lives in creation_ops, casting/stacking/tiling/broadcasting in stack_ops, slicing in
indexing_ops, gathering and scattering in gather_ops, joining in join_ops, sorting in sort_ops (all
reachable as `array_ops.<name>` too, like TensorFlow's own array_ops module).

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
           "get_static_value", "newaxis", "constant", "convert_to_tensor"]

newaxis = None
_pyrange = builtins.range  # this module defines tf.range


def __getattr__(name):
    # TensorFlow's array_ops also holds gather, concat, pad...: forward to where they live here.
    if not name.startswith("__"):
        from . import gather_ops, indexing_ops, join_ops, sort_ops, creation_ops, stack_ops
        for mod in (creation_ops, stack_ops, indexing_ops, gather_ops, join_ops, sort_ops):
            if name in mod.__dict__:
                return mod.__dict__[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- helpers shared by the array-op modules --------------------------------------------------
def _dyn_ints(arrays):
    """Int tuples of the arrays that carry a kernel's dynamic (graph-fed) sizes."""
    return [tuple(int(v) for v in np.ravel(a)) for a in arrays]


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
        if not value.is_fully_defined():  # TF converts the shape to a tensor, which needs every dim
            raise ValueError(f"Cannot convert a partially known TensorShape {value} to a Tensor.")
        return tuple(value.as_list())
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
        if any(d is None for d in value):  # as converting the list to a tensor fails in TF
            if value[0] is None:
                raise ValueError("Attempt to convert a value (None) with an unsupported type "
                                 "(<class 'NoneType'>) to a Tensor.")
            raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
        value = [d.numpy() if isinstance(d, (Tensor, Variable)) else d for d in value]
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
    if arr.ndim > 1 and op == "Reshape":
        raise _err(op, f"sizes input must be 1-D, not {_dims_text(arr.shape)}")
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
    if conjugate:
        from .stack_ops import conj
        out = conj(out)
    return out


