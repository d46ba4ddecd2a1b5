"""TensorFlow's DType objects, mapped one-to-one onto NumPy dtypes.

    >>> import numtf as tf
    >>> tf.float32, tf.as_dtype('int64').is_integer
    (tf.float32, True)
"""
import numpy as np

__all__ = ["DType", "as_dtype", "float16", "float32", "float64", "half", "double",
           "bfloat16", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
           "uint64", "bool", "string", "complex64", "complex128", "variant", "resource"]


class DType:
    """A tensor element type, e.g. `tf.float32`. Singletons: compare with `is` or `==`."""
    __slots__ = ("name", "as_numpy_dtype_", "_np", "_grad")

    def __init__(self, name, np_dtype):
        self.name = name
        self._np = np.dtype(np_dtype) if np_dtype is not None else None
        # carries gradients (float, complex, variant): read on the backward pass's hot path
        self._grad = name == "variant" or self._np is not None and self._np.kind in "fc"

    @property
    def as_numpy_dtype(self):
        return self._np.type

    @property
    def is_floating(self):
        return self._np is not None and self._np.kind == "f"

    @property
    def is_integer(self):
        return self._np is not None and self._np.kind in "iu"

    @property
    def is_unsigned(self):
        return self._np is not None and self._np.kind == "u"

    @property
    def is_bool(self):
        return self is bool

    @property
    def is_complex(self):
        return self._np is not None and self._np.kind == "c"

    @property
    def is_numeric(self):
        return self._np is not None and self._np.kind in "iufc"

    @property
    def is_quantized(self):
        return False

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        if self is complex64:
            return float32
        if self is complex128:
            return float64
        return self

    @property
    def size(self):
        return self._np.itemsize if self._np is not None else 1

    @property
    def min(self):
        if self.is_floating:
            return np.finfo(self._np).min.item() if self._np.itemsize > 2 else np.finfo(self._np).min
        if self.is_integer:
            return int(np.iinfo(self._np).min)
        if self is bool:
            return False
        raise TypeError(f"Cannot find minimum value of {self}.")

    @property
    def max(self):
        if self.is_floating:
            return np.finfo(self._np).max.item() if self._np.itemsize > 2 else np.finfo(self._np).max
        if self.is_integer:
            return int(np.iinfo(self._np).max)
        if self is bool:
            return True
        raise TypeError(f"Cannot find maximum value of {self}.")

    @property
    def limits(self):
        return self.min, self.max

    def is_compatible_with(self, other):
        return self is as_dtype(other)

    def __eq__(self, other):
        if other is None:
            return False
        if isinstance(other, DType):
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = half = DType("float16", np.float16)
float32 = DType("float32", np.float32)
float64 = double = DType("float64", np.float64)
# NumPy has no bfloat16; numtf stores it as float32 (documented limitation).
bfloat16 = DType("bfloat16", np.float32)
int8 = DType("int8", np.int8)
int16 = DType("int16", np.int16)
int32 = DType("int32", np.int32)
int64 = DType("int64", np.int64)
uint8 = DType("uint8", np.uint8)
uint16 = DType("uint16", np.uint16)
uint32 = DType("uint32", np.uint32)
uint64 = DType("uint64", np.uint64)
bool = DType("bool", np.bool_)  # noqa: A001 - TensorFlow's public name
string = DType("string", np.object_)
complex64 = DType("complex64", np.complex64)
complex128 = DType("complex128", np.complex128)
variant = DType("variant", None)
resource = DType("resource", None)

_ALL = [float16, float32, float64, bfloat16, int8, int16, int32, int64, uint8, uint16,
        uint32, uint64, bool, string, complex64, complex128, variant, resource]
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update(half=float16, double=float64, float=float32)  # TF's C names
# NumPy dtype -> DType; strings of any NumPy kind map to tf.string.
_BY_NP = {d._np: d for d in reversed(_ALL) if d._np is not None and d is not bfloat16}
_BY_NP[np.dtype(np.float32)] = float32


def as_dtype(type_value):
    """Converts a DType, NumPy dtype or type, TF type name, or Python float/bool/object to a `tf.DType`.
    As in TF, names are TF's own ('float' is float32; NumPy codes like 'f4' are not names) and the
    Python types int, str, bytes and complex (whose width TF will not guess) are refused.

        >>> tf.as_dtype(np.float32) is tf.float32
        True
    """
    if type(type_value) is DType:
        return type_value
    if isinstance(type_value, str):
        d = _BY_NAME.get(type_value)
        if d is not None:
            return d
        raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType.")
    if type_value is float:
        return float32
    if type_value is builtins_bool:
        return bool
    if type_value is object:
        return string
    if type_value is None or any(type_value is t for t in _NO_PY_TYPES):
        raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType.")
    if hasattr(type_value, "dtype") and not isinstance(type_value, type):
        type_value = type_value.dtype
        if type(type_value) is DType:
            return type_value
        if isinstance(type_value, str):  # np.dtype would read it as a NumPy code
            raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType.")
    try:
        npd = np.dtype(type_value)
    except TypeError:
        npd = None
    if npd is not None:
        if npd.kind in "SUO":
            return string
        d = _BY_NP.get(npd)
        if d is not None:
            return d
    raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType.")


def from_numpy(np_dtype):
    """Fast path: the DType of a NumPy dtype (raises TypeError for unsupported kinds)."""
    d = _BY_NP.get(np_dtype)
    if d is None:
        return as_dtype(np_dtype)
    return d


import builtins as _builtins  # noqa: E402
builtins_bool = _builtins.bool
_NO_PY_TYPES = (int, str, bytes, complex)
