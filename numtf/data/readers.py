"""File datasets: `tf.data.TextLineDataset` (the lines of text files),
`tf.data.FixedLengthRecordDataset` (fixed-size binary records) and `tf.data.TFRecordDataset`
(the records of TFRecord files, numtf/util/tfrecord.py), TensorFlow 2.21 semantics.

`filenames` is a string, a list (or tensor) of them, or a dataset of them. Files are read in
order (or interleaved one element at a time from `num_parallel_reads` files, as TF does), when
the dataset is iterated: a missing file is TF's NotFoundError then, not when the dataset is
made. `compression_type` is None/"" (plain), "GZIP" or "ZLIB".

    >>> for line in tf.data.TextLineDataset(["a.txt", "b.txt"]):
    ...     print(line.numpy())
"""
import gzip
import re
import zlib

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, NotFoundError, DataLossError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_spec import TensorSpec
from ..ops.convert import convert_to_tensor
from ..util.tfrecord import TFRecordOptions, iter_records
from .dataset_ops import Dataset, UNKNOWN, AUTOTUNE
from .tracing import scalar

__all__ = ["TextLineDataset", "FixedLengthRecordDataset", "TFRecordDataset", "tf_record_iterator"]

_STRING = TensorSpec([], dtypes.string)


def _filenames_dataset(filenames):
    """`filenames` as a dataset of scalar strings."""
    if isinstance(filenames, Dataset):
        spec = filenames.element_spec
        if not isinstance(spec, TensorSpec) or spec.dtype is not dtypes.string:
            raise TypeError("The `filenames` argument must contain `tf.string` elements. Got a dataset of "
                            f"{spec!r} elements.")
        return filenames
    t = convert_to_tensor(filenames, dtype_hint=dtypes.string)
    if t.dtype is not dtypes.string:
        raise TypeError(f"The `filenames` argument must contain `tf.string` elements. Got `{t.dtype!r}` elements.")
    from ..ops.array_ops import reshape
    return Dataset.from_tensor_slices(reshape(t, [-1]))


def _text(value):
    """A file name held as an array / bytes / tensor, as str."""
    if isinstance(value, Tensor) and not isinstance(value, SymbolicTensor):
        value = value._value
    v = np.asarray(value).item() if not isinstance(value, (bytes, str)) else value
    return v.decode() if isinstance(v, bytes) else str(v)


def _read_file(filename, compression):
    """The (decompressed) bytes of a file, with TF's errors."""
    comp = "" if compression is None else (compression if isinstance(compression, str) else _text(compression))
    comp = comp.upper()
    if comp not in ("", "GZIP", "ZLIB"):
        raise InvalidArgumentError(None, "IteratorGetNext", "Unsupported compression_type.")
    try:
        with open(filename, "rb") as f:
            data = f.read()
    except (FileNotFoundError, NotADirectoryError):
        raise NotFoundError(None, "IteratorGetNext", f"{filename}; No such file or directory") from None
    except IsADirectoryError:
        raise InvalidArgumentError(None, "IteratorGetNext", f"{filename}; Is a directory") from None
    try:
        if comp == "GZIP":
            return gzip.decompress(data) if data else b""
        if comp == "ZLIB":
            return zlib.decompress(data) if data else b""
    except (OSError, EOFError, zlib.error) as e:
        code = re.search(r"Error (-?\d+)", str(e))
        detail = str(e).split(": ", 1)[-1] if code else "incorrect header check"
        raise DataLossError(None, "IteratorGetNext",
                            f"inflate() failed with error {code.group(1) if code else -3}: {detail}") from None
    return data


def _string(b):
    return np.array(b, dtype=object)


class _FileReader(Dataset):
    """One file's elements; `_filename` may be a symbolic tensor while a flat_map is traced (it is
    bound to the element's value when the dataset is iterated)."""

    def __init__(self, filename, params):
        self._filename = filename
        self._params = params
        super().__init__(_STRING)

    def _iter_flat(self):
        return self._records(_text(self._filename), *self._params)


class _TextLines(_FileReader):
    @staticmethod
    def _records(filename, compression):
        data = _read_file(filename, compression)
        if not data:
            return
        lines = data.split(b"\n")
        if lines[-1] == b"":  # the final newline ends the last line
            lines.pop()
        for line in lines:
            yield (_string(line[:-1] if line.endswith(b"\r") else line),)


class _FixedRecords(_FileReader):
    @staticmethod
    def _records(filename, compression, record_bytes, header_bytes, footer_bytes):
        record, header, footer = scalar(record_bytes), scalar(header_bytes), scalar(footer_bytes)
        if record <= 0:
            raise InvalidArgumentError(None, "IteratorGetNext", "`record_bytes` must be > 0")
        if header < 0 or footer < 0:
            raise InvalidArgumentError(None, "IteratorGetNext", "`header_bytes` and `footer_bytes` must be >= 0")
        data = _read_file(filename, compression)
        body = len(data) - header - footer
        compressed = compression is not None and str(compression).upper() in ("GZIP", "ZLIB")
        if not compressed and (body < 0 or body % record):
            raise InvalidArgumentError(  # TF's length is unsigned: a file shorter than header+footer wraps
                None, "IteratorGetNext", f"Excluding the header ({header} bytes) and footer ({footer} bytes), input "
                f"file \"{filename}\" has body length {body % 2 ** 64} bytes, which is not an exact multiple of "
                f"the record length ({record} bytes).")
        for start in range(header, header + max(body, 0) - record + 1, record):
            yield (_string(data[start:start + record]),)


class _TFRecords(_FileReader):
    @staticmethod
    def _records(filename, compression):
        comp = "" if compression is None else (compression if isinstance(compression, str) else _text(compression))
        # TF reads a file with an unknown compression type as uncompressed (it only logs an error)
        data = _read_file(filename, comp if comp.upper() in ("GZIP", "ZLIB") else None)
        for record in iter_records(data, DataLossError, "IteratorGetNext"):
            yield (_string(record),)


class _FileDataset(Dataset):
    """The files of `filenames` read by `reader(filename)` one after another, or interleaved one
    element at a time from `num_parallel_reads` of them (AUTOTUNE reads them in turn, as TF 2.21
    does)."""

    def __init__(self, filenames, reader, num_parallel_reads):
        files = _filenames_dataset(filenames)
        n = num_parallel_reads
        if n is None or n == AUTOTUNE:  # TF 2.21 reads the files in turn for AUTOTUNE too
            self._impl = files.flat_map(reader)
        else:
            if scalar(n) <= 0:
                raise ValueError(f"`num_parallel_reads` must be positive or tf.data.AUTOTUNE, got {n}")
            self._impl = files.interleave(reader, cycle_length=n, block_length=1, num_parallel_calls=n)
        super().__init__(_STRING)

    def _cardinality(self):
        return UNKNOWN

    def _iter_flat(self):
        return self._impl._iter_flat()


class TextLineDataset(_FileDataset):
    """The lines of text files as scalar strings, without their '\\n' (or '\\r\\n'); empty lines are
    kept. `buffer_size` (read-buffer bytes) does not change the result.

        >>> ds = tf.data.TextLineDataset("poem.txt").map(tf.strings.length)
    """
    _tf_name = "TextLineDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        if buffer_size is not None and scalar(buffer_size) < 0:
            raise ValueError(f"`buffer_size` must be >= 0, got {buffer_size}")
        super().__init__(filenames, lambda f: _TextLines(f, (compression_type,)), num_parallel_reads)


class FixedLengthRecordDataset(_FileDataset):
    """Records of `record_bytes` bytes from binary files, after skipping `header_bytes` at the start
    and `footer_bytes` at the end of each file. An uncompressed body that is not a whole number of
    records is TF's InvalidArgumentError; a compressed one drops its incomplete last record.

        >>> ds = tf.data.FixedLengthRecordDataset("data.bin", record_bytes=3073)
        >>> ds = ds.map(lambda r: tf.io.decode_raw(r, tf.uint8))
    """
    _tf_name = "FixedLengthRecordDatasetV2"

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None, num_parallel_reads=None, name=None):
        params = (compression_type, record_bytes, 0 if header_bytes is None else header_bytes,
                  0 if footer_bytes is None else footer_bytes)
        super().__init__(filenames, lambda f: _FixedRecords(f, params), num_parallel_reads)


class TFRecordDataset(_FileDataset):
    """The records of TFRecord files as scalar strings (typically serialized tf.train.Examples).
    A corrupted or truncated record is TF's DataLossError when it is reached; `buffer_size`
    (read-buffer bytes) does not change the result.

        >>> ds = tf.data.TFRecordDataset("train.tfrecord").map(
        ...     lambda r: tf.io.parse_single_example(r, {"label": tf.io.FixedLenFeature([], tf.int64)}))
    """
    _tf_name = "TFRecordDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        super().__init__(filenames, lambda f: _TFRecords(f, (compression_type,)), num_parallel_reads)


def tf_record_iterator(path, options=None):
    """TF1's reader (`tf.compat.v1.io.tf_record_iterator`): the records of a TFRecord file as
    bytes; `options` is a compression type or a tf.io.TFRecordOptions.

        >>> for record in tf.compat.v1.io.tf_record_iterator("data.tfrecord"):
        ...     example = tf.train.Example.FromString(record)
    """
    kind = TFRecordOptions.get_compression_type_string(options)
    data = _read_file(_text(path), kind or None)
    for record in iter_records(data):
        yield record
