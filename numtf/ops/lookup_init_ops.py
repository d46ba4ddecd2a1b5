"""The initializers of `tf.lookup` tables: `KeyValueTensorInitializer` (keys and values given as
tensors) and `TextFileInitializer` (one entry per line of a text file, columns picked by index),
with `TextFileIndex`. The tables are in lookup_ops.py.

numtf builds a table's contents when the table is made (TF runs an initializer op, which
`tf.compat.v1.tables_initializer()` collects; numtf's is a no-op), so an initializer's keys and
values must be known then: eager tensors, constants, or a file name.

    >>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2])
    >>> tf.lookup.StaticHashTable(init, -1).lookup(tf.constant(["b", "z"])).numpy().tolist()
    [2, -1]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, NotFoundError
from ..framework.tensor import Tensor
from .array_ops import get_static_value
from .convert import convert_to_tensor

__all__ = ["TextFileIndex", "KeyValueTensorInitializer", "TextFileInitializer"]


class TextFileIndex:
    """Special column indices of `TextFileInitializer`: the whole line, or its (0-based) number."""
    WHOLE_LINE = -2
    LINE_NUMBER = -1


def static_array(value, what):
    """The NumPy value of `value` (a tensor known now, or a Python/NumPy value)."""
    v = get_static_value(value) if isinstance(value, Tensor) else value
    if v is None:
        raise NotImplementedError(
            f"numtf builds lookup tables when they are made, so the table's {what} must be known then "
            f"(an eager tensor or a constant), got {value!r}")
    return np.asarray(v)


class TableInitializerBase:
    """The base of table initializers: `key_dtype`, `value_dtype` and `_entries()`, which gives
    the (keys, values) arrays a table imports."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        """The dtype of the keys."""
        return self._key_dtype

    @property
    def value_dtype(self):
        """The dtype of the values."""
        return self._value_dtype

    def _entries(self):
        raise NotImplementedError


class KeyValueTensorInitializer(TableInitializerBase):
    """Table contents from a tensor of keys and a tensor of values (`keys[i]` maps to `values[i]`).

        >>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([1, 2], tf.int64))
        >>> init.key_dtype, init.value_dtype
        (tf.string, tf.int64)
    """

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = convert_to_tensor(keys, key_dtype, name="keys")
        self._values = convert_to_tensor(values, value_dtype, name="values")
        self._name = name
        super().__init__(self._keys.dtype, self._values.dtype)

    def _entries(self):
        keys = static_array(self._keys, "keys")
        values = static_array(self._values, "values")
        if keys.shape != values.shape:  # TF checks this when the table imports them
            raise InvalidArgumentError(
                None, "LookupTableImportV2", "Expected shape " + _dims(keys.shape) + " for value, got "
                + _dims(values.shape) + " [Op:LookupTableImportV2]")
        return keys.reshape(-1), values.reshape(-1)


def _dims(shape):
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


_PARSERS = {"int64": (np.int64, "int64"), "int32": (np.int32, "int32"), "float32": (np.float32, "float"),
            "float64": (np.float64, "double")}


class TextFileInitializer(TableInitializerBase):
    """Table contents from a text file: line `i` gives one entry whose key and value are the
    columns `key_index` and `value_index` of the line split by `delimiter`, or the whole line
    (`TextFileIndex.WHOLE_LINE`, -2), or the line number `i` (`TextFileIndex.LINE_NUMBER`, -1;
    plus `value_index_offset` for values). A trailing '\\r' of a line is dropped; an empty line is
    an error. `vocab_size` reads only that many lines (and checks the file has them).

        >>> init = tf.lookup.TextFileInitializer("vocab.txt", tf.string, tf.lookup.TextFileIndex.WHOLE_LINE,
        ...                                      tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER)
        >>> table = tf.lookup.StaticHashTable(init, -1)
    """

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index, vocab_size=None,
                 delimiter="\t", name=None, value_index_offset=0):
        if not isinstance(filename, Tensor) and not filename:
            raise ValueError("`filename` argument required for tf.lookup.TextFileInitializer")
        key_dtype, value_dtype = dtypes.as_dtype(key_dtype), dtypes.as_dtype(value_dtype)
        if key_index < -2:
            raise ValueError(f"`key_index` should be >= -2, received: {key_index}.")
        if key_index == TextFileIndex.LINE_NUMBER and key_dtype is not dtypes.int64:
            raise ValueError(f"`key_dtype` must be int64 if `key_index` is {key_index}, received: {key_dtype}")
        if value_index < -2:
            raise ValueError(f"`value_index` should be >= -2, received: {value_index}")
        if value_index == TextFileIndex.LINE_NUMBER and value_dtype is not dtypes.int64:
            raise ValueError(f"`value_dtype` must be int64 for `value_index` {value_index}, received: "
                             f"{value_dtype}")
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"`vocab_size` should be > 0, received: {vocab_size}")
        self._filename = filename
        self._key_index, self._value_index = key_index, value_index
        self._vocab_size = vocab_size
        self._delimiter = delimiter
        self._offset = value_index_offset
        self._name = name
        super().__init__(key_dtype, value_dtype)

    def _entries(self):
        filename = static_array(self._filename, "file name").item()
        if isinstance(filename, bytes):
            filename = filename.decode()
        filename = str(filename)
        op = "InitializeTableFromTextFileV2"
        if len(self._delimiter) != 1:
            raise InvalidArgumentError(None, op, f"delimiter should be only 1 char [Op:{op}]")
        try:
            with open(filename, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise NotFoundError(None, op, f"{filename}; No such file or directory [Op:{op}]") from None
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":  # the file's final newline ends the last line
            lines.pop()
        if self._vocab_size is not None:
            if len(lines) < self._vocab_size:
                raise InvalidArgumentError(None, op, f"Invalid vocab_size in {filename}: expected "
                                           f"{self._vocab_size} but got {len(lines)} [Op:{op}]")
            lines = lines[:self._vocab_size]
        delim = self._delimiter.encode()
        need = max(self._key_index, self._value_index) + 1
        keys, values = [], []
        pos = 0
        for i, raw in enumerate(lines):
            pos += len(raw) + 1
            line = raw[:-1] if raw.endswith(b"\r") else raw
            if not line:
                raise InvalidArgumentError(None, op, f"Invalid content in {filename}: empty line found at "
                                           f"position {pos}. [Op:{op}]")
            cols = line.split(delim) if need > 0 else None
            if need > 0 and len(cols) < need:
                raise InvalidArgumentError(
                    None, op, f"Invalid number of columns in {filename} line {i} ({line.decode(errors='replace')}) "
                    f": expected at least {need} got {len(cols)} [Op:{op}]")
            keys.append(self._field(line, cols, self._key_index, i, 0, self._key_dtype, op))
            values.append(self._field(line, cols, self._value_index, i, self._offset, self._value_dtype, op))
        kd, vd = self._key_dtype._np, self._value_dtype._np
        return np.array(keys, kd).reshape(-1), np.array(values, vd).reshape(-1)

    @staticmethod
    def _field(line, cols, index, number, offset, dtype, op):
        if index == TextFileIndex.LINE_NUMBER:
            return number + offset
        text = line if index == TextFileIndex.WHOLE_LINE else cols[index]
        if dtype is dtypes.string:
            return text
        typ, tf_name = _PARSERS.get(dtype.name, (None, dtype.name))
        try:
            if typ is None:
                raise ValueError
            v = int(text) if dtype.is_integer else float(text)
            if dtype.is_integer and not np.iinfo(typ).min <= v <= np.iinfo(typ).max:
                raise ValueError
            return v
        except ValueError:
            raise InvalidArgumentError(None, op, f"Field {text.decode(errors='replace')} in line {number} is not "
                                       f"a valid {tf_name}. [Op:{op}]") from None
