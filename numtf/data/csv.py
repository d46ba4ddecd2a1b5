"""CSV input, TensorFlow 2.21 semantics: `tf.data.experimental.CsvDataset` (the records of CSV
files), `tf.io.decode_csv` (CSV strings to columns) and `tf.data.experimental.make_csv_dataset`
(batches of OrderedDict features, column types inferred; in csv_make.py).

A field is quoted when it starts with '"' (and `use_quote_delim`): it may then hold the delimiter,
newlines and doubled quotes. An empty field or one equal to `na_value` takes its column's default;
a column whose default is a dtype (or an empty tensor) is required. Numbers parse as C's strtol /
strtod do (surrounding whitespace, hex floats, inf/nan), with TF's InvalidArgumentError messages.

    >>> ds = tf.data.experimental.CsvDataset("a.csv", [tf.int32, 0.0, ""], header=True)
    >>> tf.io.decode_csv(["1,2.5"], [[0], [0.0]])[1].numpy()
    array([2.5], dtype=float32)
"""
import math
import re

import numpy as np

from ..framework import dtypes
from ..framework.context import eager_mode
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec
from ..ops.convert import convert_to_tensor
from .dataset_ops import Dataset, UNKNOWN
from .readers import _read_file, _text

__all__ = ["CsvDataset", "decode_csv"]

_ACCEPTABLE = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)
_ENUMS = {1: dtypes.float32, 2: dtypes.float64, 3: dtypes.int32, 7: dtypes.string, 9: dtypes.int64}
_TF_NAMES = {"float32": "float", "float64": "double"}
_ALLOWED = "float, double, int32, int64, string"
_INT_RE = re.compile(rb"[ \t\n\r\x0b\x0c]*[+-]?[0-9]+[ \t\n\r\x0b\x0c]*\Z")
_HEX_RE = re.compile(rb"[ \t\n\r\x0b\x0c]*[+-]?0[xX]")
_NAN_RE = re.compile(rb"[ \t\n\r\x0b\x0c]*[+-]?nan\([0-9A-Za-z_]*\)[ \t\n\r\x0b\x0c]*\Z", re.I)
_LIMITS = {"int32": (-2 ** 31, 2 ** 31 - 1), "int64": (-2 ** 63, 2 ** 63 - 1)}


def _err(op, msg):
    return InvalidArgumentError(None, op, msg)


def _parse_float(field):
    """strtod's reading of `field` (bytes) as a Python float, or None."""
    if b"_" in field or not field.isascii():  # Python's float() accepts these, C's strtod does not
        return None
    if _NAN_RE.match(field):
        return math.nan
    try:
        return float.fromhex(field.decode()) if _HEX_RE.match(field) else float(field)
    except ValueError:
        return None


def parse_value(field, dtype):
    """`field` (bytes) as a value of `dtype` (a DType name), or None when it is not one."""
    if dtype == "string":
        return field
    if dtype in _LIMITS:
        if not _INT_RE.match(field):
            return None
        v = int(field)
        lo, hi = _LIMITS[dtype]
        return v if lo <= v <= hi else None
    return _parse_float(field)


def _convert_field(field, k, default, dtype, na_value, where, op):
    """Output column `k`'s value for `field`; `where` is " in record" or " in record <i>"."""
    if field == b"" or field == na_value:
        if default is None:
            raise _err(op, f"Field {k} is required but missing{where}!")
        return default
    v = parse_value(field, dtype)
    if v is None:
        text = field.decode("utf-8", "replace")
        raise _err(op, f"Field {k}{where} is not a valid {_TF_NAMES.get(dtype, dtype)}: {text}")
    return v


def _defaults(record_defaults, attr, op, allow_dtypes):
    """[(dtype name, default value or None for a required column)] for `record_defaults`."""
    out = []
    for i, x in enumerate(record_defaults):
        if allow_dtypes and not isinstance(x, Tensor):
            # TF tests `x in (float32, ...)`, and a DType equals its enum number: 1 is float32, 3 int32...
            if isinstance(x, dtypes.DType) and x in _ACCEPTABLE:
                out.append((x.name, None))
                continue
            if isinstance(x, (int, float, np.number)) and not isinstance(x, dtypes.DType) and x in _ENUMS:
                out.append((_ENUMS[x].name, None))
                continue
        if isinstance(x, SymbolicTensor):
            raise NotImplementedError("numtf needs the `record_defaults` of CSV parsing as values, not as tensors "
                                      "computed inside a traced function")
        with eager_mode():  # (constants, also while a map function is traced)
            t = convert_to_tensor(x)
        if t.dtype not in _ACCEPTABLE:
            raise _err(op, f"Value for attr '{attr}' of {t.dtype.name} is not in the list of allowed values: "
                           f"{_ALLOWED}")
        v = np.asarray(t._value)
        if v.ndim > 1:
            raise _err(op, "Each record default should be at most rank 1")
        if v.size > 1:
            raise _err(op, f"There should only be 1 default per field but field {i} has {v.size}")
        out.append((t.dtype.name, v.reshape(-1)[0] if v.size else None))
    if not out:
        raise _err(op, f"Length for attr '{attr}' of 0 must be at least minimum 1")
    return out


def _as_bytes(v):
    v = _text(v) if not isinstance(v, (str, bytes)) else v
    return v.encode() if isinstance(v, str) else v


def _int_list(value, what):
    if value is None:
        return []
    if isinstance(value, Tensor):
        value = value._value
    a = np.asarray(value)
    if a.size and a.dtype.kind not in "iu":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int64")
    return [int(c) for c in a.reshape(-1)]


# -- CsvDataset: the records of files --------------------------------------------------------------
def _file_record(data, pos, delim, quote, end_re):
    """(fields, position after the record) for the record at `pos` of `data`. A field that can't be
    parsed ends the list as an InvalidArgumentError, raised when the fields before it are converted."""
    n = len(data)
    fields = []
    while True:
        if quote and data[pos:pos + 1] == b'"':
            i, parts, bad = pos + 1, [], False
            while True:
                j = data.find(b'"', i)
                if j < 0:
                    fields.append(_err("IteratorGetNext", "Reached end of file without closing quoted field in "
                                                          "record"))
                    return fields, n
                parts.append(data[i:j])
                end = data[j + 1:j + 2]
                if end == b'"':  # a doubled quote is one quote
                    parts.append(b'"')
                    i = j + 2
                elif end in (b"", delim, b"\n", b"\r"):
                    break
                else:  # a lone quote: TF reads on (still quoted) and rejects the field at its end
                    bad = True
                    i = j + 1
            if bad:
                fields.append(_err("IteratorGetNext", "Quote inside a string has to be escaped by another quote"))
                return fields, n
            fields.append(b"".join(parts))
            pos = j + 1
        else:
            m = end_re.search(data, pos)
            j = m.start() if m else n
            field = data[pos:j]
            if quote and b'"' in field:
                fields.append(_err("IteratorGetNext", "Unquoted fields cannot have quotes inside"))
                return fields, n
            fields.append(field)
            pos = j
            end = data[j:j + 1]
        if end == delim:
            pos += 1
            continue
        if end == b"\r":  # "\r\n", "\r" and "\n" each end a record
            pos += 2 if data[pos + 1:pos + 2] == b"\n" else 1
        elif end == b"\n":
            pos += 1
        return fields, pos


class _CsvIterator:
    """The records of the files, read in turn (or interleaved one record at a time from `cycle`
    files, as TF's interleave). A class, not a generator, so that it goes on after an error (for
    `ignore_errors`)."""

    def __init__(self, ds):
        self._ds = ds
        self._names = ds._files._iter_flat()
        self._slots = [None] * ds._cycle
        self._index = 0
        self._open = 0
        self._end = False

    def __iter__(self):
        return self

    def __next__(self):
        while not self._end or self._open:
            slot = self._slots[self._index]
            if slot is not None:
                try:
                    out = slot.next_record()
                except StopIteration:
                    self._slots[self._index] = None
                    self._open -= 1
                    self._index = (self._index + 1) % len(self._slots)
                    continue
                except InvalidArgumentError:
                    self._index = (self._index + 1) % len(self._slots)
                    raise
                self._index = (self._index + 1) % len(self._slots)
                return out
            if self._end:
                self._index = (self._index + 1) % len(self._slots)
                continue
            name = next(self._names, None)
            if name is None:
                self._end = True
                continue
            self._slots[self._index] = _CsvFile(self._ds, _text(name[0]))
            self._open += 1
        raise StopIteration


class _CsvFile:
    """The records of one file (read when its first record is asked for)."""

    def __init__(self, ds, filename):
        self._ds, self._filename = ds, filename
        self._data = None
        self._pos = 0

    def next_record(self):
        ds = self._ds
        if self._data is None:
            self._data = _read_file(self._filename, ds._compression)
            if ds._header:
                if not self._data:
                    raise _err("IteratorGetNext", "Can't read header of file")
                _, self._pos = _file_record(self._data, 0, ds._delim, ds._quote, ds._end_re)
        data = self._data
        if self._pos >= len(data):
            raise StopIteration
        fields, self._pos = _file_record(data, self._pos, ds._delim, ds._quote, ds._end_re)
        out, k, n = [], 0, len(ds._columns)
        for col, field in enumerate(fields):
            if isinstance(field, InvalidArgumentError):
                self._pos = len(data)  # TF gives up on the rest of a file it can't parse
                raise field
            if not ds._selected(col):
                continue
            if k >= n:
                raise _err("IteratorGetNext", f"Expect {n} fields but have more in record")
            dtype, default = ds._columns[k]
            out.append(_convert_field(field, k, default, dtype, ds._na, " in record", "IteratorGetNext"))
            k += 1
        if k < n:
            raise _err("IteratorGetNext", f"Expect {n} fields but have {k} in record")
        return tuple(np.array(v, dtype=object if d == "string" else dtypes.as_dtype(d)._np)
                     for v, (d, _) in zip(out, ds._columns))


class CsvDataset(Dataset):
    """The records of CSV files: one scalar per selected column, typed by `record_defaults` (a
    default value, or a dtype for a required column), parsed when the dataset is iterated.

        >>> ds = tf.data.experimental.CsvDataset("a.csv", [tf.int32, 0.0, ""], header=True,
        ...                                      select_cols=[0, 1, 3])
    """
    _tf_name = "CsvDatasetV2"

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None, exclude_cols=None):
        op = "CSVDatasetV2"
        from .readers import _filenames_dataset
        self._files = _filenames_dataset(convert_to_tensor(filenames, dtypes.string))  # (TF takes no dataset)
        self._columns = _defaults(record_defaults, "output_types", op, allow_dtypes=True)
        comp = "" if compression_type is None else _text(compression_type)
        if comp.upper() not in ("", "GZIP", "ZLIB"):
            raise _err(op, f"Unsupported compression_type: {comp}.")
        self._compression = comp
        if buffer_size is not None and int(np.asarray(buffer_size)) <= 0:
            raise _err(op, "buffer_size should be positive")
        for name, v in (("header", header), ("use_quote_delim", use_quote_delim)):
            if not isinstance(v, (bool, np.bool_)) and not (isinstance(v, Tensor) and v.dtype == dtypes.bool):
                raise TypeError(f"Cannot convert {v!r} to EagerTensor of dtype bool")
        self._header, self._quote = bool(header), bool(use_quote_delim)
        for name, v in (("field_delim", field_delim), ("na_value", na_value)):
            if v is None:
                raise ValueError("Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) "
                                 "to a Tensor.")
        self._delim, self._na = _as_bytes(field_delim), _as_bytes(na_value)
        if len(self._delim) != 1:
            raise _err(op, "field_delim should be only 1 char")
        select, exclude = _int_list(select_cols, "select_cols"), _int_list(exclude_cols, "exclude_cols")
        if select and exclude:
            raise _err(op, "Either select_cols or exclude_cols should be empty")
        for what, cols in (("select_cols", select), ("exclude_cols", exclude)):
            if any(c < 0 for c in cols):
                raise _err(op, f"{what} should be non-negative indices")
            if any(b <= a for a, b in zip(cols, cols[1:])):
                raise _err(op, f"{what} should be strictly increasing indices")
        if select and len(select) != len(self._columns):
            raise _err(op, "select_cols should match output size")
        select, exclude = frozenset(select), frozenset(exclude)
        self._selected = (select.__contains__ if select else
                          (lambda c: c not in exclude) if exclude else (lambda c: True))
        self._end_re = re.compile(b"[" + re.escape(self._delim) + b"\r\n]")
        self._cycle = 1
        super().__init__(tuple(TensorSpec([], dtypes.as_dtype(d)) for d, _ in self._columns))

    def _cardinality(self):
        return UNKNOWN

    def _iter_flat(self):
        return _CsvIterator(self)


# -- decode_csv: strings to columns ----------------------------------------------------------------
def _split(s, delim, quote, stop):
    """The fields of one record string (bytes), up to column `stop` (None: all)."""
    n = len(s)
    fields = []
    if n == 0:
        return fields
    i = 0
    while stop is None or len(fields) < stop:
        if quote and s[i:i + 1] == b'"':
            j, parts = i + 1, []
            while j < n - 1:
                c = s[j:j + 1]
                if c == b'"':
                    if s[j + 1:j + 2] == delim:
                        break
                    if s[j + 1:j + 2] != b'"':
                        raise _err("DecodeCSV", "Quote inside a string has to be escaped by another quote")
                    parts.append(b'"')
                    j += 2
                else:
                    parts.append(c)
                    j += 1
            if not (j < n and s[j:j + 1] == b'"' and (j == n - 1 or s[j + 1:j + 2] == delim)):
                raise _err("DecodeCSV", "Quoted field has to end with quote followed by delim or end")
            fields.append(b"".join(parts))
            i = j + 2
        else:
            j = s.find(delim, i)
            j = n if j < 0 else j
            field = s[i:j]
            if (quote and b'"' in field) or b"\n" in field or b"\r" in field:
                raise _err("DecodeCSV", "Unquoted fields cannot have quotes/CRLFs inside")
            fields.append(field)
            i = j + 1
        if i > n:
            break
        if i == n:  # a delimiter at the very end: one more, empty, field
            fields.append(b"")
            break
    return fields


def _decode_kernel(records, columns, delim, quote, na, select):
    recs = np.asarray(records, dtype=object)
    flat = [r if isinstance(r, bytes) else str(r).encode() for r in recs.reshape(-1)]
    n = len(columns)
    outs = [np.empty(len(flat), dtype=object if d == "string" else dtypes.as_dtype(d)._np) for d, _ in columns]
    stop = select[-1] + 1 if select else None
    for r, s in enumerate(flat):
        fields = _split(s, delim, quote, stop)
        if select:
            fields = [fields[c] for c in select if c < len(fields)]
        if len(fields) != n:
            raise _err("DecodeCSV", f"Expect {n} fields but have {len(fields)} in record {r}")
        for k, (field, (dtype, default)) in enumerate(zip(fields, columns)):
            outs[k][r] = _convert_field(field, k, default, dtype, na, f" in record {r}", "DecodeCSV")
    return tuple(o.reshape(recs.shape) for o in outs)


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, na_value="", select_cols=None,
               name=None):
    """Parses CSV strings: one tensor per column (shaped like `records`), typed like its
    `record_defaults` entry (a one-element default, or an empty one for a required column).
    Works eagerly and inside `Dataset.map` / `tf.function`.

        >>> a, b = tf.io.decode_csv(["1,x", "2,"], [[0], ["?"]])
        >>> b.numpy()
        array([b'x', b'?'], dtype=object)
    """
    from ..ops.script_ops import numpy_function
    if select_cols is not None:
        select = list(select_cols)
        if any(b <= a for a, b in zip(select, select[1:])):
            raise ValueError("select_cols is not strictly increasing.")
        if select and select[0] < 0:
            raise ValueError("select_cols contains negative values.")
        if len(select) != len(record_defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    else:
        select = []
    columns = _defaults(record_defaults, "OUT_TYPE", "DecodeCSV", allow_dtypes=False)
    delim = _as_bytes(field_delim)
    if len(delim) != 1:
        raise _err("DecodeCSV", "field_delim should be only 1 char")
    t = records if isinstance(records, SymbolicTensor) else convert_to_tensor(records, dtypes.string)
    tout = [dtypes.as_dtype(d) for d, _ in columns]
    args = (columns, delim, bool(use_quote_delim), _as_bytes(na_value), select)
    outs = numpy_function(lambda s: _decode_kernel(s, *args), [t], tout, stateful=False, name=name)
    outs = outs if isinstance(outs, list) else [outs]
    for o in outs:
        if isinstance(o, SymbolicTensor) and t.shape.rank is not None:
            o.set_shape(TensorShape(t.shape))
    return outs


def decode_csv_v1(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
                  select_cols=None):
    """TF1's `tf.compat.v1.decode_csv`: `decode_csv` with `name` before `na_value`.

        >>> tf.compat.v1.decode_csv(["1,a"], [[0], [""]])[0].numpy().tolist()
        [1]
    """
    return decode_csv(records, record_defaults, field_delim, use_quote_delim, na_value, select_cols, name)
