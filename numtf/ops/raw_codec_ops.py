"""`tf.io.decode_raw`: the bytes of strings reinterpreted as numbers (TF's DecodeRaw and
DecodePaddedRaw ops; not differentiable, as in TF).

Every string of the input becomes a vector of `out_type` values, so the result has the input's
shape plus one dimension. Without `fixed_length` all strings must have the same length, a
multiple of the type's size; with it, each string is cut or zero-padded to `fixed_length` bytes.

    >>> tf.io.decode_raw(b"\\x01\\x00\\x02\\x00", tf.int16).numpy()
    array([1, 2], dtype=int16)
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .script_ops import numpy_function

__all__ = []  # public names live in tf.io (and tf.compat.v1)

_ALLOWED = ("float16", "float32", "float64", "int32", "uint16", "uint8", "int16", "int8", "int64", "complex64",
            "complex128", "bool", "bfloat16")
# TF's names for the types in its messages ("the size of float")
_TF_NAMES = {"float16": "half", "float32": "float", "float64": "double"}


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _item_size(dtype):
    return 2 if dtype is dtypes.bfloat16 else np.dtype(dtype.as_numpy_dtype).itemsize


def _decode(data, dtype, little_endian):
    """The values of one buffer of whole items."""
    if dtype is dtypes.bfloat16:  # stored as float32: a bfloat16 is the top half of one
        halves = np.frombuffer(data, "<u2" if little_endian else ">u2").astype(np.uint32)
        return (halves << 16).view(np.float32)
    if dtype is dtypes.bool:
        return np.frombuffer(data, np.uint8) != 0
    np_type = np.dtype(dtype.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
    return np.frombuffer(data, np_type).astype(dtype.as_numpy_dtype)


def _decode_all(strings, dtype, little_endian, fixed_length):
    strings = np.asarray(strings, dtype=object)
    items = [s if isinstance(s, bytes) else str(s).encode() for s in strings.reshape(-1)]
    size = _item_size(dtype)
    if fixed_length is not None:
        items = [s[:fixed_length].ljust(fixed_length, b"\0") for s in items]
        width = fixed_length // size
    else:
        width = len(items[0]) // size if items else 0
        for i, s in enumerate(items):
            if i == 0 and len(s) % size:
                raise _err("DecodeRaw", f"Input to DecodeRaw has length {len(s)} that is not a multiple of "
                           f"{size}, the size of {_TF_NAMES.get(dtype.name, dtype.name)}")
            if len(s) != len(items[0]):
                raise _err("DecodeRaw", f"DecodeRaw requires input strings to all be the same size, but "
                           f"element {i} has size {len(items[0])} != {len(s)}")
    out = np.empty((len(items), width), dtype.as_numpy_dtype)
    for i, s in enumerate(items):
        out[i] = _decode(s, dtype, little_endian)
    return out.reshape(strings.shape + (width,))


def decode_raw(input_bytes, out_type, little_endian=True, fixed_length=None, name=None):
    """Reinterprets the bytes of each string of `input_bytes` as a vector of `out_type` numbers
    (little- or big-endian); `fixed_length` cuts or zero-pads every string to that many bytes.

        >>> tf.io.decode_raw([b"ab", b"cd"], tf.uint8).numpy().tolist()
        [[97, 98], [99, 100]]
    """
    dtype = dtypes.as_dtype(out_type)
    op = "DecodeRaw" if fixed_length is None else "DecodePaddedRaw"
    if dtype.name not in _ALLOWED:
        raise _err(op, f"Value for attr 'out_type' of {dtype.name} is not in the list of allowed values: "
                   f"{', '.join(_TF_NAMES.get(n, n) for n in _ALLOWED)}")
    if fixed_length is not None:
        fixed_length = int(fixed_length)
        if fixed_length % _item_size(dtype):
            raise _err(op, f"fixed_length ({fixed_length}) must be a multiple of the size of out_type "
                       f"({_item_size(dtype)})")
    t = convert_to_tensor(input_bytes, dtypes.string)
    out = numpy_function(lambda s: _decode_all(s, dtype, bool(little_endian), fixed_length), [t], dtype,
                         stateful=False, name=name)
    if isinstance(out.shape, TensorShape) and out.shape.rank is None and t.shape.rank is not None:
        last = fixed_length // _item_size(dtype) if fixed_length is not None else None
        out.set_shape(TensorShape(t.shape.as_list() + [last]))
    return out


def decode_raw_v1(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):
    """TF1's `tf.compat.v1.decode_raw`: as `decode_raw`, the input also given as `bytes=`."""
    if input_bytes is None:
        input_bytes = bytes
    return decode_raw(input_bytes, out_type, little_endian, name=name)
