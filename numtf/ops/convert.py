"""Turning Python values, NumPy arrays and variables into Tensors, with TF's dtype rules.

Python floats become float32 and ints int32 (int64 when too large); NumPy values keep their
dtype. Given a dtype, Python ints, bools and floats convert into any float dtype, ints and
bools into any int dtype (wrapping like a C cast), and a Python float into an int dtype is a
TypeError; NumPy values are cast.

    >>> tf.convert_to_tensor([1, 2]).dtype, tf.convert_to_tensor(np.ones(2)).dtype
    (tf.int32, tf.float64)
"""
import numbers

import numpy as np

from ..framework import dtypes, variables
from ..framework.context import ctx
from ..framework.tensor import Tensor, SymbolicTensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable

_I32_MIN, _I32_MAX = -2 ** 31, 2 ** 31 - 1
_I64_MAX = 2 ** 63 - 1
_from_np = dtypes.from_numpy
_SCALARS = (int, float, bool)


def _contains_tensor(value):
    for v in value:
        if isinstance(v, (Tensor, Variable)):
            return True
        if isinstance(v, (list, tuple)) and _contains_tensor(v):
            return True
    return False


def _first_tensor_dtype(value):
    for v in value:
        if isinstance(v, (Tensor, Variable)):
            return v.dtype
        if isinstance(v, (list, tuple)):
            d = _first_tensor_dtype(v)
            if d is not None:
                return d
    return None


def _numpy_float_type(value):
    """The float type of a nested list holding NumPy floats (Python floats count as float32),
    or None when it holds no NumPy floats."""
    found = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (np.ndarray, np.generic)):
            if v.dtype.kind == "f":
                found.append(v.dtype)
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
    return np.result_type(np.float32, *found) if found else None


def _mixes_strings(value):
    """True for a nested sequence holding strings next to other values (NumPy would stringify them)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(v)
        elif not isinstance(v, (str, bytes, np.str_, np.bytes_)):
            return True
    return False


def _mixes_bool(value):
    """True for a nested sequence holding both bools and other numbers (TF rejects it)."""
    has_bool = has_other = False
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, (bool, np.bool_)):
            has_bool = True
        else:
            has_other = True
        if has_bool and has_other:
            return True
    return False


def _leaf_class(x):
    if isinstance(x, (bool, np.bool_)):
        return "b"
    if isinstance(x, (int, np.integer)):
        return "i"
    if isinstance(x, (float, np.floating)):
        return "f"
    if isinstance(x, (complex, np.complexfloating)):
        return "c"
    if isinstance(x, (str, bytes, np.str_, np.bytes_)):
        return "s"
    return None


# What a sequence whose first element has a class accepts later: an int sequence turns float
# on a float, but a bool one takes no numbers and a float one no complex (TF's inference).
_ACCEPTS = {"b": "b", "i": "bif", "f": "bif", "c": "bifc", "s": "s"}


def _sequence_error(value):
    """TF's verdict on a nested sequence, walked depth first as TF does: "mixed" (types that do not
    go together, or a list where the first element was a scalar), "ragged" (lengths differ, or a
    scalar where a list was expected) or None."""
    lengths = []  # the length of the lists at each depth, set by the first list seen there
    leaf_depth = [None]
    state = [None]

    def visit(x, depth):
        if isinstance(x, np.ndarray) and x.ndim:
            x = x.tolist()
        if isinstance(x, (list, tuple)):
            if leaf_depth[0] is not None and depth >= leaf_depth[0]:
                return "mixed"
            if depth < len(lengths):
                if len(x) != lengths[depth]:
                    return "ragged"
            else:
                lengths.append(len(x))
            for v in x:
                err = visit(v, depth + 1)
                if err:
                    return err
            return None
        if leaf_depth[0] is None:
            leaf_depth[0] = depth
        if depth != leaf_depth[0] or depth < len(lengths):
            return "ragged"
        cls = _leaf_class(x)
        if state[0] is None:
            if cls is None:
                return None  # an unsupported first value: the caller names it
            state[0] = cls
        elif cls is None or cls not in _ACCEPTS[state[0]]:
            return "mixed"
        elif state[0] == "i" and cls == "f":
            state[0] = "f"
        return None

    return visit(value, 0)


_MIXED = "Can't convert Python sequence with mixed types to Tensor."


def _python_array(value, dtype):
    """A Python scalar or nested sequence as a NumPy array under TF's rules."""
    try:
        arr = np.array(value)
    except ValueError:
        if _sequence_error(value) == "mixed":
            raise ValueError(_MIXED) from None
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
    kind = arr.dtype.kind
    if isinstance(value, (list, tuple)) and (kind in "iuf" and _mixes_bool(value) or kind in "cO"
                                             or kind in "SU" and _mixes_strings(value)):
        if _sequence_error(value) == "mixed":
            raise ValueError(_MIXED)
    if kind == "O" or kind in "SU":
        if all(isinstance(x, (str, bytes)) for x in np.ravel(arr)):
            if dtype is not None and dtype is not dtypes.string:
                raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
            if kind in "SU":  # NumPy's fixed-width strings drop trailing NULs: take the originals
                originals = np.empty(arr.shape, dtype=object)
                originals[...] = value if arr.ndim else np.array(value, dtype=object)
                arr = originals
            return _object_array(arr)
        if kind == "O":
            if all(isinstance(x, int) for x in np.ravel(arr)):
                raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
            bad = next((x for x in np.ravel(arr) if not isinstance(x, (numbers.Number, str, bytes))), value)
            raise ValueError(f"Attempt to convert a value ({bad!r}) with an unsupported type "
                             f"({type(bad)}) to a Tensor.")
    if dtype is None:
        if kind == "f":
            if isinstance(value, (list, tuple)):
                if arr.size and arr.dtype == np.float64 and np.abs(arr).max() >= 2.0 ** 63 and all(
                        type(x) is int for x in np.ravel(np.array(value, dtype=object))):
                    # ints beyond int64 mixed with others: NumPy made them floats
                    raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
                kept = _numpy_float_type(value)
                if kept is not None:  # NumPy floats keep their width inside a list; Python floats are float32
                    return arr.astype(kept)
            return arr.astype(np.float32)
        if kind in "iu":
            if kind == "u" and arr.size and int(arr.max()) > _I64_MAX:  # 2**63 <= x < 2**64 (NumPy says uint64)
                raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
            if arr.size and (arr.min() < _I32_MIN or arr.max() > _I32_MAX):
                return arr.astype(np.int64)
            return arr.astype(np.int32)
        if kind == "c":
            return arr.astype(np.complex128)
        return arr
    if not arr.size and kind == "f" and isinstance(value, (list, tuple)):  # `[]` fits any dtype
        return np.empty(arr.shape, dtype._np)
    if (dtype.is_integer and kind in "fc") or (dtype is dtypes.bool and kind != "b") \
            or (dtype is dtypes.string):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    with np.errstate(over="ignore", invalid="ignore"):
        if kind in "iu" and dtype.is_integer:
            return arr.astype(np.int64).astype(dtype._np)  # wraps like TF's C cast
        return arr.astype(dtype._np)


def _object_array(value):
    """A NumPy object array as a string tensor's value: TF takes only str (encoded) and bytes."""
    out = np.empty(np.shape(value), dtype=object)
    flat = out.reshape(-1)
    for i, x in enumerate(np.ravel(value)):
        if isinstance(x, str):
            x = x.encode()
        elif isinstance(x, np.bytes_):
            x = bytes(x)
        elif not isinstance(x, bytes):
            raise ValueError("Failed to convert a NumPy array to a Tensor (Unsupported object type "
                             f"{type(x).__name__}).")
        flat[i] = x
    return out


def to_array(value, dtype=None):
    """`value` as a NumPy array of `dtype` (a DType or None), never aliasing user memory."""
    if dtype is not None and type(dtype) is not dtypes.DType:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        v = np.asarray(value._value)
    elif isinstance(value, Variable):
        v = value._value
    elif isinstance(value, (np.ndarray, np.generic)):
        if value.dtype.kind in "SU":
            return _python_array(value.tolist(), dtype)
        if value.dtype.kind == "O" and (dtype is None or dtype is dtypes.string):
            return _object_array(value)
        if dtype is dtypes.string:  # TF reads the numbers as objects, which string tensors refuse
            return _object_array(np.array(value, dtype=object) if value.size else np.empty(value.shape, object))
        return np.array(value, dtype=None if dtype is None else dtype._np, copy=True)
    else:
        if isinstance(value, (list, tuple)) and _contains_tensor(value):
            value = [to_array(v) for v in value]
        return _python_array(value, dtype)
    if dtype is not None and v.dtype != dtype._np:
        return v.astype(dtype._np)
    return v


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None, preferred_dtype=None):
    """Converts `value` to a Tensor (variables are read, lists of tensors are stacked).

        >>> tf.convert_to_tensor(1.5)
        <tf.Tensor: shape=(), dtype=float32, numpy=1.5>
    """
    if type(value) is Tensor and dtype is None:
        return value
    if dtype is not None and type(dtype) is not dtypes.DType:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and value._dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value._dtype.name}: {value!r}")
        return value
    if isinstance(value, Variable):
        # the dtype read, not the stored one: a mixed-precision layer's variable reads in its
        # compute dtype (keras.mixed_precision's AutoCastVariable)
        read_dtype = value._dtype if dtype is None or type(value) is Variable else \
            getattr(value, "_read_dtype", lambda: value._dtype)()
        if dtype is not None and read_dtype is not dtype:
            raise ValueError(f"Incompatible type conversion requested to type {dtype.name} for `tf.Variable "
                             f"of type {read_dtype.name}. (Variable: {value!r})")
        return value._read()
    if isinstance(value, TensorShape):
        return _shape_tensor(value, dtype)
    convert = getattr(value, "_numtf_tensor_", None)  # objects that know their tensor form
    if convert is not None:
        return convert_to_tensor(convert(), dtype)
    hint = dtype_hint or preferred_dtype
    if dtype is None and hint is not None:
        try:
            return convert_to_tensor(value, dtypes.as_dtype(hint))
        except (TypeError, ValueError):
            pass
    if isinstance(value, (list, tuple)) and value and _contains_tensor(value):
        from .array_ops import stack  # packing tensors is an op (it has a gradient)
        if dtype is None:  # Python numbers next to tensors take the first tensor's dtype, as in TF
            d = _first_tensor_dtype(value)
            return stack([convert_to_tensor(v, None if isinstance(v, (Tensor, Variable)) else d) for v in value])
        return stack([convert_to_tensor(v, dtype) for v in value])
    if value is None:
        raise ValueError("Attempt to convert a value (None) with an unsupported type "
                         "(<class 'NoneType'>) to a Tensor.")
    arr = to_array(value, dtype)
    t = wrap(arr, dtype if dtype is not None else _from_np(arr.dtype))
    if ctx.graph is not None:
        return ctx.graph.constant(t._value, t._dtype)
    return t


def _shape_tensor(shape, dtype):
    """A fully known TensorShape as its int32 (int64 when a dim needs it) dims vector."""
    if not shape.is_fully_defined():
        raise ValueError(f"Cannot convert a partially known TensorShape {shape} to a Tensor.")
    dims = shape.as_list()
    if dtype is None:
        dtype = dtypes.int64 if any(d > _I32_MAX for d in dims) else dtypes.int32
    elif dtype is not dtypes.int32 and dtype is not dtypes.int64:
        raise TypeError(f"Cannot convert TensorShape {shape} to dtype {dtype}. Allowed dtypes are "
                        "tf.int32 and tf.int64.")
    return convert_to_tensor(np.array(dims, dtype=dtype._np), dtype)


def convert_pair(x, y, hint_only=False):
    """Converts the two operands of a binary op to one dtype, the first tensor's (TF's rule).
    With `hint_only` (tf.add), a value that can't take that dtype converts on its own and the
    op then reports the mismatch, as TF does."""
    if type(y) is Variable:  # the common Keras case: tensor @ kernel
        y = y._read()
        if type(x) is Tensor:
            return x, y
    if type(x) is Variable:
        x = x._read()
    if isinstance(x, (Tensor, Variable)):
        x = convert_to_tensor(x)
        y = _convert_like(y, x._dtype, hint_only)
    elif isinstance(y, (Tensor, Variable)):
        y = convert_to_tensor(y)
        x = _convert_like(x, y._dtype, hint_only)
    else:
        x = convert_to_tensor(x)
        y = _convert_like(y, x._dtype, hint_only)
    return x, y


def _convert_like(value, dtype, hint_only):
    if isinstance(value, (Tensor, Variable)):
        return convert_to_tensor(value)
    if hint_only:
        return convert_to_tensor(value, dtype_hint=dtype)
    return convert_to_tensor(value, dtype)


def convert_all(values, op_name):
    """Converts a list of values to tensors of one dtype (the first tensor's, TF's rule), raising
    TF's error for two tensors of different dtypes."""
    dtype = None
    for v in values:
        if isinstance(v, (Tensor, Variable)):
            dtype = v.dtype
            break
    out = [convert_to_tensor(v) if isinstance(v, (Tensor, Variable)) else None for v in values]
    if dtype is None:
        out[0] = convert_to_tensor(values[0])
        dtype = out[0]._dtype
    for i, v in enumerate(values):
        if out[i] is None:
            out[i] = convert_to_tensor(v, dtype)
        elif out[i]._dtype is not dtype:
            from .registry import dtype_error
            if ctx.graph is not None or any(isinstance(t, SymbolicTensor) for t in out if t is not None):
                raise TypeError(f"{op_name}: all inputs must have the same dtype, got "
                                f"{dtype.name} and {out[i]._dtype.name}")
            raise dtype_error(op_name, i, dtype, out[i]._dtype)
    return out


def constant(value, dtype=None, shape=None, name="Const"):
    """`tf.constant`: a tensor holding a copy of `value`; `shape` reshapes or broadcasts a scalar.

        >>> tf.constant([[1, 2], [3, 4]])
        <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
        array([[1, 2],
               [3, 4]], dtype=int32)>
    """
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, Variable) and dtype is not None and value.dtype is not dtype and ctx.graph is None:
        value = value.numpy()  # TF converts a variable's value anew (a tensor must match instead)
    if isinstance(value, (Tensor, Variable)):
        t = convert_to_tensor(value)
        if dtype is not None and t.dtype is not dtype:
            raise TypeError(f"Expected tensor {t.numpy()} with dtype {dtype!r}, but got dtype {t.dtype!r}.")
        arr = np.asarray(t._value) if not isinstance(t, SymbolicTensor) else None
        if arr is None:
            return t
    else:
        arr = to_array(value, dtype)
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        if arr.size == 1:
            arr = np.broadcast_to(arr.reshape(()), shape).copy()
        elif arr.size == int(np.prod(shape)):
            arr = arr.reshape(shape)
        else:
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor "
                            f"{arr} (converted from {value!r}) has {arr.size} elements, but "
                            f"got `shape` {shape} with {int(np.prod(shape))} elements).")
    dt = dtype if dtype is not None else _from_np(arr.dtype)
    if ctx.graph is not None:
        return ctx.graph.constant(arr, dt, name)
    return wrap(arr, dt)


variables.hooks["to_array"] = to_array
