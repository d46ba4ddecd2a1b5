"""`tf.data.experimental.make_csv_dataset`: batches of CSV records as an OrderedDict of columns
(and a label), with column names from the header and column types inferred from the first rows,
as TensorFlow 2.21 does (int32, int64 when a value needs it, float32, float64, else string).

    >>> ds = tf.data.experimental.make_csv_dataset("train*.csv", batch_size=32, label_name="y")
    >>> features, labels = next(iter(ds))
"""
import collections
import csv
import glob
import gzip
import io
import zlib

import numpy as np

from ..framework import dtypes
from .csv import CsvDataset
from .dataset_ops import Dataset, AUTOTUNE

__all__ = ["make_csv_dataset"]

_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string)


def _file_names(file_pattern, shuffle):
    patterns = [file_pattern] if isinstance(file_pattern, (str, bytes)) else list(file_pattern)
    names = []
    for p in patterns:
        p = p.decode() if isinstance(p, bytes) else str(p)
        names.extend(glob.glob(p))
    if not names:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    return names if shuffle else sorted(names)


def _open_text(filename, compression_type, encoding):
    comp = (compression_type or "").upper()
    with open(filename, "rb") as f:
        data = f.read()
    if comp == "GZIP":
        data = gzip.decompress(data)
    elif comp == "ZLIB":
        data = zlib.decompress(data)
    return io.StringIO(data.decode(encoding), newline="")


def _reader(f, field_delim, use_quote_delim):
    return csv.reader(f, delimiter=field_delim, quoting=csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE)


def _header(filenames, field_delim, use_quote_delim, compression_type, encoding):
    first = None
    for name in filenames:
        with _open_text(name, compression_type, encoding) as f:
            try:
                row = next(_reader(f, field_delim, use_quote_delim))
            except StopIteration:
                raise ValueError(f"Failed when reading the header line of {name}. Is it an empty file?") from None
        if first is None:
            first = row
        elif row != first:
            raise ValueError("All input CSV files should have the same column names in the header row. File "
                             f"{name} has different column names.")
    return first


def _valid(text, dtype):
    if dtype.is_integer:
        try:
            v = int(text)  # (Python's rules: "1_0" and " 1" count as integers here, as in TF)
        except ValueError:
            return False
        return dtype.min <= v <= dtype.max
    if dtype.is_floating:
        try:
            with np.errstate(over="ignore"):
                return bool(dtype._np.type(text) < dtype.max)  # so nan and inf are not numbers here
        except ValueError:
            return False
    return True


def _infer(text, na_value, prev):
    """The narrowest type in int32 < int64 < float32 < float64 < string that holds `text` and `prev`."""
    if text in ("", na_value):
        return prev
    for i, t in enumerate(_TYPES):
        if (prev is None or prev in _TYPES[:i + 1]) and _valid(text, t):
            return t
    return dtypes.string


def _infer_defaults(filenames, n_cols, field_delim, use_quote_delim, na_value, header, num_rows, select_indices,
                    compression_type, encoding):
    types = [None] * n_cols
    rows_read = 0
    for name in filenames:
        with _open_text(name, compression_type, encoding) as f:
            reader = _reader(f, field_delim, use_quote_delim)
            if header:
                next(reader, None)
            for line, row in enumerate(reader, 2 if header else 1):
                if rows_read >= num_rows:
                    break
                if len(row) != n_cols:
                    raise ValueError(f"Problem inferring types: CSV row {line} has {len(row)} number of fields. "
                                     f"Expected: {n_cols}.")
                for i in select_indices:
                    types[i] = _infer(row[i], na_value, types[i])
                rows_read += 1
        if rows_read >= num_rows:
            break
    types = [dtypes.string if t is None else t for t in types]
    return [np.array("" if t is dtypes.string else 0, dtype=object if t is dtypes.string else t._np)
            for t in (types[i] for i in select_indices)]


def _select_indices(select_columns, column_names):
    if select_columns is None:
        return list(range(len(column_names)))
    if all(isinstance(c, int) for c in select_columns):
        for c in select_columns:
            if not 0 <= c < len(column_names):
                raise ValueError(f"Column index {c} specified in `select_columns` should be > 0  and <= "
                                 f"{len(column_names)}, which is the number of columns.")
        indices = list(select_columns)
    else:
        lookup = {n: i for i, n in enumerate(column_names)}
        indices = []
        for c in select_columns:
            if isinstance(c, int):
                indices.append(c)
                continue
            if c not in lookup:
                raise ValueError(f"Column {c} specified in `select_columns` must be of one of the columns: "
                                 f"{lookup.keys()}.")
            indices.append(lookup[c])
    if len(set(indices)) != len(indices):
        # (TF's message shows an empty set here)
        raise ValueError("The `select_columns` argument contains duplicate columns: set().")
    return sorted(indices)


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None, label_name=None,
                     select_columns=None, field_delim=",", use_quote_delim=True, na_value="", header=True,
                     num_epochs=None, shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False, num_rows_for_inference=100,
                     compression_type=None, ignore_errors=False, encoding="utf-8"):
    """Batches of `batch_size` records of the CSV files matching `file_pattern`: each an OrderedDict
    of column name -> tensor (and, with `label_name`, a `(features, label)` pair), repeated
    `num_epochs` times (None: forever, full batches only) and shuffled unless `shuffle=False`.

        >>> ds = tf.data.experimental.make_csv_dataset("data.csv", 2, num_epochs=1, shuffle=False)
        >>> next(iter(ds))["age"].numpy()
        array([39, 50], dtype=int32)
    """
    filenames = _file_names(file_pattern, shuffle)
    if num_parallel_reads is None:
        num_parallel_reads = 1
    if prefetch_buffer_size is None:
        prefetch_buffer_size = AUTOTUNE
    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` arguments. Neither is provided.")
        column_names = _header(filenames, field_delim, use_quote_delim, compression_type, encoding)
    column_names = list(column_names)
    dups = {n for n in column_names if column_names.count(n) > 1}
    if dups:
        raise ValueError(f"Either `column_names` argument or CSV header row contains duplicate column names: {dups}.")
    indices = _select_indices(select_columns, column_names)
    if column_defaults is not None:
        column_defaults = list(column_defaults)
        if select_columns is not None and len(column_defaults) != len(select_columns):
            raise ValueError("If specified, `column_defaults` and `select_columns` must have the same length: "
                             f"`column_defaults` has length {len(column_defaults)}, `select_columns` has length "
                             f"{len(select_columns)}.")
    else:
        column_defaults = _infer_defaults(filenames, len(column_names), field_delim, use_quote_delim, na_value,
                                          header, num_rows_for_inference, indices, compression_type, encoding)
    if select_columns is not None:
        column_names = [column_names[i] for i in indices]
    if label_name is not None and label_name not in column_names:
        raise ValueError(f"`label_name` provided must be one of the columns: {column_names}. Received: "
                         f"{label_name}.")
    column_names = [n for n, _ in zip(column_names, column_defaults)]  # (TF zips them)
    files = Dataset.from_tensor_slices(filenames)
    if shuffle:
        files = files.shuffle(len(filenames), seed=shuffle_seed)
    ds = CsvDataset(filenames, column_defaults, compression_type=compression_type, header=header,
                    field_delim=field_delim, use_quote_delim=use_quote_delim, na_value=na_value,
                    select_cols=indices if select_columns is not None else None)
    ds._files = files  # (read in the, possibly shuffled, order of `files`)
    ds._cycle = int(num_parallel_reads)
    if ignore_errors:
        ds = ds.ignore_errors()
    if shuffle:
        ds = ds.shuffle(shuffle_buffer_size, seed=shuffle_seed)
    if num_epochs != 1:
        ds = ds.repeat(num_epochs)
    ds = ds.batch(batch_size, drop_remainder=num_epochs is None)

    def to_dict(*columns):
        features = collections.OrderedDict(zip(column_names, columns))
        if label_name is None:
            return features
        label = features.pop(label_name)
        return features, label
    return ds.map(to_dict).prefetch(prefetch_buffer_size)

