"""Slicing ops: slice, strided_slice and `Tensor.__getitem__`. Each primitive sits beside its
gradient. Slices are NumPy views of the input (tensor values are never mutated). (Gathers and
scatters are in gather_ops.)

    >>> x = tf.constant([[1, 2, 3], [4, 5, 6]])
    >>> x[:, ::-1][0].numpy()
    array([3, 2, 1], dtype=int32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape, Dimension
from ..framework.variables import Variable
from .array_ops import _as_tensor, _dyn_ints, _err, _nones, _int_arg, _partial_ints, get_static_value, cast
from .convert import convert_to_tensor
from .registry import primitive, execute, execute_unary

__all__ = ["slice", "strided_slice"]

_pyslice = slice  # this module defines tf.slice
_INDEX_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)
_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


# -- strided_slice ---------------------------------------------------------------------------
def _ss_key(shape, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    """The NumPy index of a TF strided slice of an array of `shape`, or TF's error message (a str)."""
    n, rank = len(begin), len(shape)
    if len(end) != n or len(strides) != n:
        return (f"Expected begin, end, and strides to be 1D equal size tensors, but got shapes [{n}], "
                f"[{len(end)}], and [{len(strides)}] instead.")
    if ellipsis_mask & (ellipsis_mask - 1):
        return "Multiple ellipses in slice spec not allowed"
    used = sum(1 for i in range(n) if not (ellipsis_mask | new_axis_mask) >> i & 1)
    key = []
    dim = 0
    for i in range(n):
        bit = 1 << i
        if ellipsis_mask & bit:
            k = max(rank - used, 0)
            key.extend([_pyslice(None)] * k)
            dim += k
            continue
        if new_axis_mask & bit:
            key.append(None)
            continue
        if dim >= rank:
            return "Attempting to slice scalar input." if rank == 0 else \
                f"Index out of range using input dim {dim}; input has only {rank} dims"
        st = strides[i]
        if st == 0:
            return f"strides[{i}] must be non-zero"
        if shrink_axis_mask & bit:
            if st is not None and st != 1:
                return "only stride 1 allowed on non-range indexing."
            b, d = begin[i], shape[dim]
            if b is None or d is None:  # unknown while building
                key.append(0)
                dim += 1
                continue
            b = b + d if b < 0 else b
            if not 0 <= b < d:
                return f"slice index {b} of dimension {dim} out of bounds."
            key.append(b)
        else:
            key.append(_pyslice(None if begin_mask & bit else begin[i], None if end_mask & bit else end[i], st))
        dim += 1
    return tuple(key)


def _ss_kernel(x, *dyn, begin=None, end=None, strides=None, **masks):
    if dyn:
        begin, end, strides = _dyn_ints(dyn)
    key = _ss_key(np.shape(x), begin, end, strides, **masks)
    if type(key) is str:
        raise _err("StridedSlice", key)
    return x[key]


def _ss_infer(ins, attrs):
    s = ins[0].shape
    bm, em, elm, nam, sam = (attrs[k] for k in _MASKS)
    if len(ins) == 1:
        begin, end, strides = attrs["begin"], attrs["end"], attrs["strides"]
    else:  # values known while building count; unknown ones (None) make only their dims unknown
        begin, end, strides = (_partial_ints(t) for t in ins[1:])
        if begin is None or end is None or strides is None:
            return [(TensorShape(None), ins[0].dtype)]
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    dims = list(s)
    msg = _ss_key(dims, begin, end, strides, bm, em, elm, nam, sam)
    if type(msg) is str:
        raise ValueError(msg)
    n, rank = len(begin), len(dims)
    used = sum(1 for i in range(n) if not (elm | nam) >> i & 1)
    out, dim = [], 0
    for i in range(n):
        bit = 1 << i
        if elm & bit:
            k = max(rank - used, 0)
            out.extend(dims[dim:dim + k])
            dim += k
        elif nam & bit:
            out.append(1)
        elif sam & bit:
            dim += 1
        else:
            d, b, e, st = dims[dim], None if bm & bit else begin[i], None if em & bit else end[i], strides[i]
            unknown = d is None or st is None or b is None and not bm & bit or e is None and not em & bit
            out.append(None if unknown else len(range(*_pyslice(b, e, st).indices(d))))
            dim += 1
    out.extend(dims[dim:])
    return [(TensorShape(out), ins[0].dtype)]


def _ss_grad(n, g):
    return _nones(n, execute(SS_GRAD, (g, n.inputs[0]) + tuple(n.inputs[1:]), n.attrs))


def _ss_grad_kernel(g, x, *dyn, begin=None, end=None, strides=None, **masks):
    if dyn:
        begin, end, strides = _dyn_ints(dyn)
    out = np.zeros(np.shape(x), dtype=g.dtype)
    out[_ss_key(np.shape(x), begin, end, strides, **masks)] = g
    return out


STRIDED_SLICE = primitive("StridedSlice", _ss_kernel, _ss_infer, grad=_ss_grad)
SS_GRAD = primitive("StridedSliceGrad", _ss_grad_kernel, lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                    grad=lambda n, g: _nones(n, execute(STRIDED_SLICE, (g,) + tuple(n.inputs[2:]), n.attrs)))


def _ss_execute(t, begin, end, strides, masks):
    if type(begin) is tuple and type(end) is tuple and type(strides) is tuple:
        masks.update(begin=begin, end=end, strides=strides)
        return execute_unary(STRIDED_SLICE, t, masks)
    ins = [convert_to_tensor(v, dtypes.int64) if type(v) is tuple else cast(v, dtypes.int64)
           for v in (begin, end, strides)]
    return execute(STRIDED_SLICE, [t] + ins, masks)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """TF's general slice (what `tensor[...]` builds): per spec entry a range begin:end:stride,
    unless its bit is set in a mask (begin/end: from the start/to the end; ellipsis; new axis;
    shrink: take the single index `begin`).

        >>> tf.strided_slice([[1, 2], [3, 4]], [0, 1], [2, 2], [1, 1]).numpy().tolist()
        [[2], [4]]
    """
    t = _as_tensor(input_)
    b = _int_arg(begin, "StridedSlice", "Index")
    e = _int_arg(end, "StridedSlice", "Index")
    s = _int_arg(strides, "StridedSlice", "Index") if strides is not None else \
        (1,) * (len(b) if type(b) is tuple else b.shape[0])
    masks = {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
             "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
    return _ss_execute(t, b, e, s, masks)


# -- __getitem__ -------------------------------------------------------------------------------
_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
              "tf.int32/tf.int64 tensors are valid indices, got ")


def _index(x):
    """One index value as an int, or as a symbolic scalar int tensor (known only when run)."""
    if type(x) is int:
        return x
    if isinstance(x, (Tensor, Variable)):
        if x.dtype in _INDEX_DTYPES and x.shape.rank in (0, None):
            if isinstance(x, SymbolicTensor):
                v = get_static_value(x)
                return x if v is None else int(v)
            return int(x.numpy())
    elif isinstance(x, (int, np.integer)) or isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iu":
        return int(x)
    elif isinstance(x, Dimension) and x.value is not None:
        return x.value
    raise TypeError(_BAD_INDEX + repr(x))


def _getitem(tensor, slice_spec):
    """`tensor[slice_spec]` with TensorFlow's rules: ints, slices (any stride), `...`,
    `tf.newaxis`, scalar int tensors; a bool mask goes to `tf.boolean_mask`. A list indexes like
    a tuple (no NumPy fancy indexing)."""
    if slice_spec is True or slice_spec is False or \
            isinstance(slice_spec, (Tensor, Variable, np.ndarray)) and slice_spec.dtype == np.bool_:
        from .gather_ops import boolean_mask
        return boolean_mask(tensor, slice_spec)
    t = tensor if type(tensor) is Tensor else _as_tensor(tensor)
    if type(slice_spec) is not tuple:
        slice_spec = tuple(slice_spec) if type(slice_spec) is list else (slice_spec,)
    begin, end, strides = [], [], []
    bm = em = elm = nam = sam = 0
    dynamic = False
    for i, s in enumerate(slice_spec):
        bit = 1 << i
        if type(s) is _pyslice:
            if s.start is None:
                begin.append(0)
                bm |= bit
            else:
                begin.append(_index(s.start))
            if s.stop is None:
                end.append(0)
                em |= bit
            else:
                end.append(_index(s.stop))
            strides.append(1 if s.step is None else _index(s.step))
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            elm |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            nam |= bit
        else:
            v = _index(s)
            begin.append(v), end.append(v + 1 if type(v) is int else 0), strides.append(1)
            sam |= bit
            if type(v) is not int:
                dynamic = True
            continue
        dynamic = dynamic or type(begin[-1]) is not int or type(end[-1]) is not int or type(strides[-1]) is not int
    masks = {"begin_mask": bm, "end_mask": em, "ellipsis_mask": elm, "new_axis_mask": nam, "shrink_axis_mask": sam}
    if sam and all(s is True or s is False for s in slice_spec):  # t[[True, False]]: a bool index tensor
        raise _err("StridedSlice", "Value for attr 'Index' of bool is not in the list of allowed values: "
                                   "int16, int32, int64")
    if not dynamic:
        return _ss_execute(t, tuple(begin), tuple(end), tuple(strides), masks)
    packed = [_pack_indices(v) for v in (begin, end, strides)]
    return execute(STRIDED_SLICE, [t] + packed, masks)


def _pack_indices(values):
    from .array_ops import stack
    return stack([cast(v, dtypes.int64) if isinstance(v, Tensor) else convert_to_tensor(v, dtypes.int64)
                  for v in values])


Tensor.__getitem__ = _getitem
Variable.__getitem__ = _getitem


# -- slice ---------------------------------------------------------------------------------------
def _slice_key(shape, begin, size):
    r = len(shape)
    if len(begin) != r or len(size) != r:
        raise _err("Slice", f"Expected begin and size arguments to be 1-D tensors of size {r}, but got shapes "
                            f"[{len(begin)}] and [{len(size)}] instead.")
    key = []
    for i, (d, b, s) in enumerate(zip(shape, begin, size)):
        if not 0 <= b <= d:
            raise _err("Slice", f"Expected begin[{i}] in [0, {d}], but got {b}")
        if s == -1:
            s = d - b
        if not 0 <= s <= d - b:
            raise _err("Slice", f"Expected size[{i}] in [0, {d - b}], but got {s}")
        key.append(_pyslice(b, b + s))
    return tuple(key)


def _slice_kernel(x, *dyn, begin=None, size=None):
    if dyn:
        begin, size = _dyn_ints(dyn)
    return x[_slice_key(np.shape(x), begin, size)]


def _slice_infer(ins, attrs):
    s = ins[0].shape
    begin, size = (attrs["begin"], attrs["size"]) if len(ins) == 1 else (_partial_ints(t) for t in ins[1:])
    if size is None:
        return [(TensorShape(None if s.rank is None else [None] * s.rank), ins[0].dtype)]
    dims = [None] * len(size) if s.rank is None else list(s)
    if len(dims) != len(size):
        raise ValueError(f"Shape must be rank {len(dims)} but begin/size have {len(size)} elements for 'Slice'")
    out = []
    for i, k in enumerate(size):
        b = None if begin is None else begin[i]
        out.append(k if k is None or k >= 0 else None if dims[i] is None or b is None else dims[i] - b)
    return [(TensorShape(out), ins[0].dtype)]


def _slice_grad_kernel(g, x, *dyn, begin=None, size=None):
    if dyn:
        begin, size = _dyn_ints(dyn)
    out = np.zeros(np.shape(x), dtype=g.dtype)
    out[_slice_key(np.shape(x), begin, size)] = g
    return out


SLICE = primitive("Slice", _slice_kernel, _slice_infer,
                  grad=lambda n, g: _nones(n, execute(SLICE_GRAD, (g, n.inputs[0]) + tuple(n.inputs[1:]), n.attrs)))
SLICE_GRAD = primitive("SliceGrad", _slice_grad_kernel, lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                       grad=lambda n, g: _nones(n, execute(SLICE, (g,) + tuple(n.inputs[2:]), n.attrs)))


def slice(input_, begin, size, name=None):
    """The block of `size` (-1: to the end) starting at `begin`.

        >>> tf.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [-1, 2]).numpy().tolist()
        [[2, 3], [5, 6]]
    """
    t = _as_tensor(input_)
    b = _int_arg(begin, "Slice", "Index")
    s = _int_arg(size, "Slice", "Index")
    if type(b) is tuple and type(s) is tuple:
        return execute_unary(SLICE, t, {"begin": b, "size": s})
    ins = [convert_to_tensor(v) if type(v) is tuple else v for v in (b, s)]
    return execute(SLICE, [t] + ins)
