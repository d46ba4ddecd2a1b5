"""`tf.RaggedTensor`: rows of different lengths, as `values` (a Tensor or, for several ragged
dimensions, another RaggedTensor) cut into rows by `row_splits` (int64, [nrows + 1]).

    >>> rt = tf.RaggedTensor.from_row_lengths([1, 2, 3], [2, 1])
    >>> rt
    <tf.RaggedTensor [[1, 2], [3]]>
    >>> rt.shape
    TensorShape([2, None])

Row partitions are computed on NumPy eagerly; the values flow through numtf ops, so gradients
reach them. The ops over ragged tensors (tf.ragged.*, reductions, concat, operators) are in
numtf/ops/ragged_ops.py.
"""
import numpy as np

from . import dtypes
from .errors import InvalidArgumentError
from .tensor_shape import TensorShape


def _ops():
    from ..ops import ragged_ops
    return ragged_ops


def _int64(value):
    from ..ops.convert import convert_to_tensor
    arr = np.asarray(value)
    if arr.dtype.kind not in "iu" and arr.size:
        raise TypeError(f"row partition must be an integer tensor, got {arr.dtype}")
    return convert_to_tensor(arr.astype(np.int64).reshape(-1), dtypes.int64)


def _condition_error(prefix, what, values):
    lines = "\n".join(f"'{v}'" for v in values)
    return InvalidArgumentError(
        None, "RaggedTensor", f"{prefix}  \nCondition x >= 0 did not hold element-wise:\nx (shape=({len(values)},) "
        f"dtype=int64) = \n[{', '.join(repr(str(v)) for v in values)}]" if what == "ge" else f"{prefix}\n{lines}")


def _equal_error(prefix, x, y):
    return InvalidArgumentError(None, "RaggedTensor", f"{prefix}\nCondition x == y did not hold.\nFirst 1 elements "
                                                      f"of x:\n[{x}]\nFirst 1 elements of y:\n[{y}]")


def _nrows_of(values):
    return values.nrows_int() if isinstance(values, RaggedTensor) else int(values.shape[0])


def _format(x):
    """TF's rendering of a ragged value: nested NumPy arrays printed with ', ' separators."""
    if isinstance(x, np.ndarray):
        if x.size == 0 or x.dtype == object:
            if x.ndim == 0:
                return _format(x[()])
            if x.size == 0:
                return "[" + ", ".join(_format(r) for r in x) + "]"
        return np.array2string(x, separator=", ", formatter={"all": _format})
    return str(x)


class RaggedTensor:
    """A tensor with ragged dimensions (see module docstring). Build one with the `from_*`
    class methods or `tf.ragged.constant`."""

    _uniform_row_length = None  # set when every row has this length (RaggedTensor.from_tensor)

    def __init__(self, values, row_splits, internal=False):
        self._values = values
        self._row_splits = row_splits

    # -- factories --------------------------------------------------------------------------
    @classmethod
    def _wrap_values(cls, values):
        if isinstance(values, RaggedTensor):
            return values
        from ..ops.convert import convert_to_tensor
        v = convert_to_tensor(values)
        if v.shape.rank == 0:
            raise ValueError(f"values must have rank >= 1, got shape {v.shape}")
        return v

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        values = cls._wrap_values(values)
        splits = _int64(row_splits)
        s = np.asarray(splits)
        if validate:
            pre = "Arguments to from_row_splits do not form a valid RaggedTensor:"
            if not s.size:
                raise ValueError("row_splits must have at least one element")
            if s[0] != 0:
                raise _equal_error(pre + "zero", s[0], 0)
            d = np.diff(s)
            if np.any(d < 0):
                raise _condition_error(pre + "monotonic.", "ge", d.tolist())
            n = _nrows_of(values)
            if s[-1] != n:
                raise _equal_error("Arguments to _from_row_partition do not form a valid RaggedTensor", s[-1], n)
        return cls(values, splits, internal=True)

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        lengths = np.asarray(row_lengths).astype(np.int64).reshape(-1)
        if validate and np.any(lengths < 0):
            raise _condition_error("Arguments to from_row_lengths do not form a valid RowPartition.", "ge",
                                   lengths.tolist())
        return cls.from_row_splits(values, np.concatenate([[0], np.cumsum(lengths)]), validate=validate)

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        values = cls._wrap_values(values)
        starts = np.asarray(row_starts).astype(np.int64).reshape(-1)
        return cls.from_row_splits(values, np.concatenate([starts, [_nrows_of(values)]]), validate=validate)

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        limits = np.asarray(row_limits).astype(np.int64).reshape(-1)
        return cls.from_row_splits(values, np.concatenate([[0], limits]), validate=validate)

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        ids = np.asarray(value_rowids).astype(np.int64).reshape(-1)
        if validate and ids.size > 1 and np.any(np.diff(ids) < 0):
            raise _condition_error("Arguments to from_value_rowids do not form a valid RowPartition.", "ge",
                                   np.diff(ids).tolist())
        if nrows is None:
            nrows = int(ids[-1]) + 1 if ids.size else 0
        else:
            nrows = int(nrows)
            if ids.size and nrows < ids[-1] + 1:
                raise ValueError(f"Expected nrows >= value_rowids[-1] + 1; got nrows={nrows}, "
                                 f"value_rowids[-1]={ids[-1]}")
        lengths = np.bincount(ids, minlength=nrows) if ids.size else np.zeros(nrows, np.int64)
        return cls.from_row_lengths(values, lengths, validate=validate)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        result = flat_values
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits, validate=validate)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        result = flat_values
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths, validate=validate)
        return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None, name=None,
                                 validate=True):
        nested_nrows = [None] * len(nested_value_rowids) if nested_nrows is None else list(nested_nrows)
        result = flat_values
        for ids, n in reversed(list(zip(nested_value_rowids, nested_nrows))):
            result = cls.from_value_rowids(result, ids, n, validate=validate)
        return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None, row_splits_dtype=None):
        return _ops().from_tensor(tensor, lengths, padding, ragged_rank)

    # -- structure --------------------------------------------------------------------------
    @property
    def values(self):
        return self._values

    @property
    def row_splits(self):
        return self._row_splits

    @property
    def flat_values(self):
        v = self._values
        while isinstance(v, RaggedTensor):
            v = v._values
        return v

    @property
    def nested_row_splits(self):
        out, v = [self._row_splits], self._values
        while isinstance(v, RaggedTensor):
            out.append(v._row_splits)
            v = v._values
        return tuple(out)

    @property
    def ragged_rank(self):
        return 1 + (self._values.ragged_rank if isinstance(self._values, RaggedTensor) else 0)

    @property
    def dtype(self):
        return self.flat_values.dtype

    @property
    def row_splits_dtype(self):
        return dtypes.int64

    @property
    def uniform_row_length(self):
        if self._uniform_row_length is None:
            return None
        from ..ops.convert import convert_to_tensor
        return convert_to_tensor(np.int64(self._uniform_row_length), dtypes.int64)

    @property
    def shape(self):
        inner = self._values.shape
        return TensorShape([self.nrows_int(), self._uniform_row_length] + list(inner)[1:])

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    def _splits(self):
        return np.asarray(self._row_splits)

    def nrows_int(self):
        return len(self._splits()) - 1

    def nrows(self, out_type=None, name=None):
        from ..ops.convert import convert_to_tensor
        return convert_to_tensor(np.int64(self.nrows_int()), out_type or dtypes.int64)

    def row_lengths(self, axis=1, name=None):
        from ..ops.convert import convert_to_tensor
        if axis != 1:
            if isinstance(self._values, RaggedTensor) and axis > 1:
                return self.with_values(self._values.row_lengths(axis - 1))
            raise ValueError(f"axis={axis} is not a ragged dimension")
        return convert_to_tensor(np.diff(self._splits()), dtypes.int64)

    def row_starts(self, name=None):
        from ..ops.convert import convert_to_tensor
        return convert_to_tensor(self._splits()[:-1], dtypes.int64)

    def row_limits(self, name=None):
        from ..ops.convert import convert_to_tensor
        return convert_to_tensor(self._splits()[1:], dtypes.int64)

    def _rowids(self):
        s = self._splits()
        return np.repeat(np.arange(len(s) - 1, dtype=np.int64), np.diff(s))

    def value_rowids(self, name=None):
        from ..ops.convert import convert_to_tensor
        return convert_to_tensor(self._rowids(), dtypes.int64)

    def nested_row_lengths(self, name=None):
        out, rt = [], self
        while isinstance(rt, RaggedTensor):
            out.append(rt.row_lengths())
            rt = rt._values
        return tuple(out)

    def with_values(self, new_values):
        rt = RaggedTensor(new_values, self._row_splits, internal=True)
        rt._uniform_row_length = self._uniform_row_length
        return rt

    def with_flat_values(self, new_values):
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype):
        return self

    def _numtf_map_flat_values_(self, fn):
        return self.with_flat_values(fn(self.flat_values))

    def _numtf_dispatch_(self, name, *args, **kwargs):
        return getattr(_ops(), "_dispatch_" + name)(self, *args, **kwargs)

    # -- conversions ------------------------------------------------------------------------
    def to_tensor(self, default_value=None, name=None, shape=None):
        return _ops().to_tensor(self, default_value, shape)

    def to_sparse(self, name=None):
        return _ops().to_sparse(self)

    def _rows(self):
        inner = self._values.numpy() if isinstance(self._values, RaggedTensor) else np.asarray(self._values)
        s = self._splits()
        return inner, [inner[s[i]:s[i + 1]] for i in range(len(s) - 1)]

    def numpy(self):
        """A NumPy array: a regular one when all rows have one length, else an object array of rows."""
        inner, rows = self._rows()
        lengths = np.diff(self._splits())
        regular = inner.ndim == (self._values.shape.rank or 0)  # not an object array of rows
        if regular and (not len(rows) or np.all(lengths == lengths[0])):
            return inner.reshape((len(rows), int(lengths[0]) if len(rows) else 0) + inner.shape[1:])
        out = np.empty(len(rows), dtype=object)
        for i, r in enumerate(rows):
            out[i] = r
        return out

    def to_list(self):
        v = self._values
        inner = v.to_list() if isinstance(v, RaggedTensor) else np.asarray(v).tolist()
        s = self._splits()
        return [inner[s[i]:s[i + 1]] for i in range(len(s) - 1)]

    def __repr__(self):
        return f"<tf.RaggedTensor {_format(self.numpy())}>"

    __str__ = __repr__

    # -- Python protocol --------------------------------------------------------------------
    __hash__ = object.__hash__

    def __len__(self):
        return self.nrows_int()

    def __iter__(self):
        return (self[i] for i in range(self.nrows_int()))

    def __bool__(self):
        raise TypeError("RaggedTensor may not be used as a boolean.")

    def __getitem__(self, key):
        return _ops().getitem(self, key)

    def _numtf_tensor_(self):
        raise ValueError("TypeError: object of type 'RaggedTensor' has no len()")


def _binary_method(name, reverse=False):
    def method(self, other):
        return _ops().binary(name, self, other, reverse)
    method.__name__ = f"__{'r' if reverse else ''}{name}__"
    return method


for _n in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor"):
    setattr(RaggedTensor, f"__{_n}__", _binary_method(_n))
    setattr(RaggedTensor, f"__r{_n}__", _binary_method(_n, True))
for _n in ("lt", "le", "gt", "ge", "eq", "ne"):
    setattr(RaggedTensor, f"__{_n}__", _binary_method(_n))
RaggedTensor.__hash__ = object.__hash__
RaggedTensor.__neg__ = lambda self: _ops().unary("neg", self)
RaggedTensor.__abs__ = lambda self: _ops().unary("abs", self)
RaggedTensor.__invert__ = lambda self: _ops().unary("invert", self)
