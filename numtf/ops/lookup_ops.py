"""`tf.lookup`: hash tables from keys to values (TensorFlow 2.21 semantics).

A table is a stateful resource: a Python object holding the entries (`_Store`). Its ops
(`LookupTableFindV2`, `LookupTableSizeV2`, `LookupTableExportV2`, `LookupTableInsertV2`,
`LookupTableRemoveV2`) are stateful primitives that carry the table in their attributes, as
variable reads carry their variable (variable_ops.py). Eagerly they run at once; inside a
`tf.function`, a `tf.data` map function or a `tf.compat.v1` graph they become nodes that act on
the table when the graph runs, so a traced lookup sees entries inserted later. None of these ops
has a gradient (TF registers none either).

    >>> table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
    >>> table.lookup(tf.constant(["a", "c"])).numpy().tolist()
    [1, -1]
    >>> m = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, default_value=-1)
    >>> m.insert(["x"], [7]); m.lookup(tf.constant(["x", "y"])).numpy().tolist()
    [7, -1]

Initializers are in lookup_init_ops.py.
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, FailedPreconditionError, NotFoundError
from ..framework.ragged_tensor import RaggedTensor
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import primitive, no_gradient, execute
from .string_ops import fingerprint64
from .lookup_init_ops import (TextFileIndex, KeyValueTensorInitializer, TextFileInitializer,  # noqa: F401
                              TableInitializerBase)

__all__ = ["StaticHashTable", "StaticVocabularyTable", "MutableHashTable", "DenseHashTable",
           "KeyValueTensorInitializer", "TextFileInitializer", "TextFileIndex"]

_S, _I32, _I64, _F32, _F64, _B = (dtypes.string, dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64,
                                  dtypes.bool)
# The (key, value) dtypes TF has kernels for, per table op (TF answers others with NotFoundError).
_KERNELS = {
    "HashTableV2": {(_I32, _F64), (_I32, _F32), (_I32, _I32), (_I32, _S), (_I64, _F64), (_I64, _F32),
                    (_I64, _I32), (_I64, _I64), (_I64, _S), (_S, _B), (_S, _F64), (_S, _F32), (_S, _I32),
                    (_S, _I64), (_S, _S)},
    "MutableHashTableV2": {(_I32, _F64), (_I32, _F32), (_I32, _I32), (_I64, _F64), (_I64, _F32), (_I64, _I32),
                           (_I64, _I64), (_I64, _S), (_S, _B), (_S, _F64), (_S, _F32), (_S, _I32), (_S, _I64)},
    "MutableDenseHashTableV2": {(_I32, _F64), (_I32, _F32), (_I32, _I32), (_I64, _B), (_I64, _F64), (_I64, _F32),
                                (_I64, _I32), (_I64, _I64), (_S, _B), (_S, _F64), (_S, _F32), (_S, _I32),
                                (_S, _I64)},
}


def _dt_enum(d):
    return "DT_" + {"float32": "FLOAT", "float64": "DOUBLE"}.get(d.name, d.name.upper())


def _check_kernel(op, key_dtype, value_dtype):
    if (key_dtype, value_dtype) not in _KERNELS[op]:
        known = "\n".join(f"  device='CPU'; key_dtype in [{_dt_enum(k)}]; value_dtype in [{_dt_enum(v)}]"
                          for k, v in sorted(_KERNELS[op], key=lambda kv: (_dt_enum(kv[0]), _dt_enum(kv[1]))))
        raise NotFoundError(None, op, f"Could not find device for node: {{{{node {op}}}}} = {op}[key_dtype="
                            f"{_dt_enum(key_dtype)}, value_dtype={_dt_enum(value_dtype)}]\nAll kernels registered "
                            f"for op {op}:\n{known}\n [Op:{op}]")


def _keys_list(arr):
    """Hashable Python keys of an array (bytes for strings, ints for integers)."""
    flat = arr.reshape(-1).tolist()
    if arr.dtype == object:
        return [k.encode() if isinstance(k, str) else k for k in flat]
    return flat


def _text(k):
    return k.decode(errors="replace") if isinstance(k, bytes) else str(k)


def _dims(shape):
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


class _Store:
    """A table's entries: `index` maps a key to its row of `vals` (rows [0, n) are live)."""

    def __init__(self, key_dtype, value_dtype, value_shape):
        self.key_dtype, self.value_dtype = key_dtype, value_dtype
        self.value_shape = tuple(value_shape)
        self.index = {}
        self.keys = []
        self.vals = np.zeros((8,) + self.value_shape, value_dtype._np)
        if value_dtype is dtypes.string:
            self.vals[...] = b""

    def __len__(self):
        return len(self.keys)

    def put(self, keys, values, op, exclusive=False):
        """Inserts (or overwrites) entries; `exclusive` refuses a new value for an existing key."""
        n = len(self.keys)
        ks = _keys_list(keys)
        need = n + len(ks)
        if need > len(self.vals):
            grown = np.zeros((max(need, 2 * len(self.vals)),) + self.value_shape, self.vals.dtype)
            if self.vals.dtype == object:
                grown[...] = b""
            grown[:n] = self.vals[:n]
            self.vals = grown
        values = values.reshape((len(ks),) + self.value_shape)
        for k, v in zip(ks, values):
            row = self.index.get(k)
            if row is None:
                self.index[k] = row = len(self.keys)
                self.keys.append(k)
            elif exclusive and not np.array_equal(self.vals[row], v):
                raise FailedPreconditionError(
                    None, op, f"HashTable has different value for same key. Key {_text(k)} has "
                    f"{_text(self.vals[row].item()) if not self.value_shape else self.vals[row]} and trying to add "
                    f"value {_text(v.item()) if not self.value_shape else v} [Op:{op}]")
            self.vals[row] = v

    def remove(self, keys):
        for k in _keys_list(keys):
            row = self.index.pop(k, None)
            if row is None:
                continue
            last = len(self.keys) - 1
            if row != last:  # move the last entry into the hole
                moved = self.keys[last]
                self.keys[row] = moved
                self.vals[row] = self.vals[last]
                self.index[moved] = row
            self.keys.pop()

    def rows(self, keys):
        """The row of each key (-1 when absent), as an int64 array."""
        get = self.index.get
        ks = _keys_list(keys)
        return np.fromiter((get(k, -1) for k in ks), np.int64, len(ks))

    def find(self, keys, default):
        rows = self.rows(keys)
        out = np.empty((rows.size,) + self.value_shape, self.vals.dtype)
        hit = rows >= 0
        out[hit] = self.vals[rows[hit]]
        miss = ~hit
        if miss.any():
            if default.shape == keys.shape + self.value_shape and keys.ndim:  # a default per key
                out[miss] = default.reshape((-1,) + self.value_shape)[miss]
            else:
                out[miss] = default
        return out.reshape(keys.shape + self.value_shape)

    def export(self):
        keys = np.array(self.keys, self.key_dtype._np) if self.keys else np.zeros(0, self.key_dtype._np)
        return keys.reshape(-1), self.vals[:len(self.keys)].copy()


# -- the ops ------------------------------------------------------------------------------------------
def _find_kernel(keys, default, table):
    return table._find(keys, default)


def _find_infer(ins, attrs):
    table = attrs["table"]
    return [(TensorShape(ins[0].shape).concatenate(table._value_shape), table.value_dtype)]


FIND = primitive("LookupTableFindV2", _find_kernel, _find_infer, stateful=True)
SIZE = primitive("LookupTableSizeV2", lambda table: np.asarray(table._size(), np.int64),
                 lambda ins, a: [(TensorShape([]), dtypes.int64)], stateful=True)


def _export_infer(ins, attrs):
    table = attrs["table"]
    return [(TensorShape(table._export_key_shape()), table.key_dtype),
            (TensorShape(table._export_value_shape()), table.value_dtype)]


EXPORT = primitive("LookupTableExportV2", lambda table: table._export(), _export_infer, num_outputs=2,
                   stateful=True)


def _insert_kernel(keys, values, table):
    table._insert(keys, values)
    return np.zeros((), np.bool_)


def _remove_kernel(keys, table):
    table._remove(keys)
    return np.zeros((), np.bool_)


_NO_OUTPUT = lambda ins, a: [(TensorShape([]), dtypes.bool)]  # noqa: E731 - the op's "done" token
INSERT = primitive("LookupTableInsertV2", _insert_kernel, _NO_OUTPUT, stateful=True)
REMOVE = primitive("LookupTableRemoveV2", _remove_kernel, _NO_OUTPUT, stateful=True)
for _op in (FIND, SIZE, EXPORT, INSERT, REMOVE):
    no_gradient(_op, "lookup table ops are not differentiable (as in TF)")


def _side_effect(out):
    """What TF returns for an update: None eagerly, the op in a graph (for Session.run / deps)."""
    return None if ctx.graph is None and type(out) is Tensor else out.op


def _map_keys(keys, fn):
    """Applies `fn` (dense keys -> dense values) to a tensor, or to the values of a SparseTensor or
    RaggedTensor (whose structure is kept), as TF's table lookups do."""
    if isinstance(keys, SparseTensor):
        return SparseTensor(keys.indices, fn(keys.values), keys.dense_shape)
    if isinstance(keys, RaggedTensor):
        return keys.with_flat_values(fn(keys.flat_values))
    return fn(keys)


# -- the tables ---------------------------------------------------------------------------------------
class LookupInterface:
    """What every table has: `key_dtype`, `value_dtype`, `name`, `lookup`, `size`."""

    def __init__(self, key_dtype, value_dtype, name=None):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)
        self._name = name
        self._value_shape = ()

    @property
    def key_dtype(self):
        """The dtype of the table's keys."""
        return self._key_dtype

    @property
    def value_dtype(self):
        """The dtype of the table's values."""
        return self._value_dtype

    @property
    def name(self):
        """The table's name (None for a static table made without one, as in TF)."""
        return self._name

    def size(self, name=None):
        """The number of entries, as an int64 scalar.

            >>> tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([1, 2], [3, 4]), 0).size().numpy()
            2
        """
        return execute(SIZE, (), {"table": self})

    def _size(self):
        return len(self._store)

    def _export(self):
        return self._store.export()

    def _export_key_shape(self):
        return [None]

    def _export_value_shape(self):
        return [None] + list(self._value_shape)

    def __call__(self, keys):
        """`table(keys)` is `table.lookup(keys)`."""
        return self.lookup(keys)


class StaticHashTable(LookupInterface):
    """An immutable table filled from an initializer; missing keys give `default_value`.

        >>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2])
        >>> tf.lookup.StaticHashTable(init, default_value=-1).lookup(tf.constant([["a"], ["z"]])).numpy().tolist()
        [[1], [-1]]
    """

    def __init__(self, initializer, default_value, name=None, experimental_is_anonymous=False):
        if not isinstance(initializer, TableInitializerBase):
            raise TypeError(f"Invalid `initializer`, expected a table initializer but got {initializer!r}")
        super().__init__(initializer.key_dtype, initializer.value_dtype, name)
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        if self._default_value.shape.rank != 0:
            raise ValueError(f"Shapes {self._default_value.shape} and () are not compatible")
        _check_kernel("HashTableV2", self._key_dtype, self._value_dtype)
        self._initializer = initializer
        self._store = _Store(self._key_dtype, self._value_dtype, ())
        keys, values = initializer._entries()
        self._store.put(keys, values, "LookupTableImportV2", exclusive=True)

    @property
    def default_value(self):
        """The value of missing keys."""
        return self._default_value

    def _find(self, keys, default):
        return self._store.find(keys, default)

    def _check_keys(self, keys):
        keys = keys if isinstance(keys, (Tensor, SparseTensor, RaggedTensor)) else convert_to_tensor(keys)
        if keys.dtype is not self._key_dtype:
            raise TypeError(f"Dtype of argument `keys` must be {self._key_dtype}, received: {keys.dtype}")
        return keys

    def lookup(self, keys, name=None):
        """The value of each key (a Tensor, SparseTensor or RaggedTensor of keys; the result has its
        structure), `default_value` for missing keys.

            >>> table.lookup(tf.constant(["a", "q"]))
        """
        keys = self._check_keys(keys)
        return _map_keys(keys, lambda k: execute(FIND, (k, self._default_value), {"table": self}))

    def export(self, name=None):
        """The (keys, values) of the table, as two tensors (numtf keeps insertion order; TF's
        order is its hash table's)."""
        return tuple(execute(EXPORT, (), {"table": self}))


def _vocab_find_kernel(keys, table):
    return table._find_with_buckets(keys)


VOCAB_FIND = primitive("LookupTableFindWithOovBuckets", _vocab_find_kernel,
                       lambda ins, a: [(ins[0].shape, dtypes.int64)], stateful=True)
no_gradient(VOCAB_FIND, "lookup table ops are not differentiable (as in TF)")


class StaticVocabularyTable(LookupInterface):
    """A vocabulary (key -> int64 id in [0, vocab_size)) whose out-of-vocabulary keys get one of
    `num_oov_buckets` extra ids: `vocab_size + Fingerprint64(key) % num_oov_buckets`, where an
    integer key is hashed as its decimal text (as TF does).

        >>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
        >>> tf.lookup.StaticVocabularyTable(init, num_oov_buckets=3).lookup(tf.constant(["b", "zz"])).numpy()
        array([1, 3])
    """

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False):
        if num_oov_buckets <= 0:
            raise ValueError("`num_oov_buckets` must be > 0; use StaticHashTable.")
        if initializer is not None:
            if not isinstance(initializer, TableInitializerBase):
                raise TypeError(f"Invalid `initializer`, expected a table initializer but got {initializer!r}")
            if initializer.value_dtype is not dtypes.int64:
                raise TypeError(f"Invalid `value_dtype`, expected {dtypes.int64} but got "
                                f"{initializer.value_dtype}.")
            key_dtype = initializer.key_dtype
            if key_dtype not in (dtypes.int64, dtypes.string):
                raise TypeError(f"Invalid `key_dtype`, expected one of (tf.int64, tf.string), but got {key_dtype}.")
            lookup_dtype = dtypes.as_dtype(lookup_key_dtype) if lookup_key_dtype is not None else key_dtype
            if lookup_dtype.is_integer != key_dtype.is_integer:
                raise TypeError(f"Invalid `key_dtype`, expected {'integer' if lookup_dtype.is_integer else 'non-integer'}"
                                f" but got {key_dtype}.")
        else:  # TF then hashes string keys only (lookup_key_dtype is ignored)
            key_dtype = lookup_dtype = dtypes.string
            name = "hash_bucket" if name is None else name
        super().__init__(lookup_dtype, dtypes.int64, name)
        self._num_oov_buckets = int(num_oov_buckets)
        self._initializer = initializer
        self._store = _Store(key_dtype, dtypes.int64, ())
        if initializer is not None:
            keys, values = initializer._entries()
            self._store.put(keys, values, "LookupTableImportV2", exclusive=True)

    def _size(self):
        return len(self._store) + self._num_oov_buckets

    def _find_with_buckets(self, keys):
        rows = self._store.rows(keys)
        ids = np.full(rows.shape, -1, np.int64)
        hit = rows >= 0
        ids[hit] = self._store.vals[rows[hit]]
        n = len(self._store)
        miss = np.flatnonzero(~hit)
        flat = keys.reshape(-1)
        for i in miss.tolist():  # as TF: hash the key's text (an integer key's decimal digits)
            k = flat[i]
            b = k if isinstance(k, bytes) else (k.encode() if isinstance(k, str) else str(int(k)).encode())
            ids[i] = n + fingerprint64(b) % self._num_oov_buckets
        return ids.reshape(keys.shape)

    def lookup(self, keys, name=None):
        """The id of each key (a Tensor, SparseTensor or RaggedTensor; the result has its structure).

            >>> table.lookup(tf.constant(["a", "unseen"]))
        """
        keys = keys if isinstance(keys, (Tensor, SparseTensor, RaggedTensor)) else convert_to_tensor(keys)
        if keys.dtype is not self._key_dtype:
            raise TypeError(f"Dtype of argument `keys` must be {self._key_dtype}, received: {keys.dtype}")
        return _map_keys(keys, lambda k: execute(VOCAB_FIND, (k,), {"table": self}))


class _MutableBase(LookupInterface):
    """Shared by MutableHashTable and DenseHashTable: insert / remove / lookup with conversion."""
    _kernel_op = None

    def _setup(self, key_dtype, value_dtype, default_value, name):
        super().__init__(key_dtype, value_dtype, name)
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        self._value_shape = tuple(self._default_value.shape.as_list())
        _check_kernel(self._kernel_op, self._key_dtype, self._value_dtype)
        self._store = _Store(self._key_dtype, self._value_dtype, self._value_shape)

    @property
    def default_value(self):
        return self._default_value

    def _convert(self, value, dtype, what):
        try:
            return convert_to_tensor(value, dtype=dtype)
        except ValueError as e:
            raise ValueError(f"{what}: {e}") from None

    def _find(self, keys, default):
        full = keys.shape + self._value_shape
        if default.shape != self._value_shape and default.shape != full:
            raise InvalidArgumentError(None, "LookupTableFindV2", f"Expected shape {_dims(self._value_shape)} or "
                                       f"{_dims(full)} for default value, got {_dims(default.shape)} "
                                       "[Op:LookupTableFindV2]")
        self._check_special(keys, "LookupTableFindV2")
        return self._store.find(keys, default)

    def _insert(self, keys, values):
        expected = keys.shape + self._value_shape
        if values.shape != expected:
            raise InvalidArgumentError(None, "LookupTableInsertV2", f"Expected shape {_dims(expected)} for value, "
                                       f"got {_dims(values.shape)} [Op:LookupTableInsertV2]")
        self._check_special(keys, "LookupTableInsertV2")
        self._store.put(keys, values, "LookupTableInsertV2")

    def _remove(self, keys):
        self._check_special(keys, "LookupTableRemoveV2")
        self._store.remove(keys)

    def _check_special(self, keys, op):
        pass

    def lookup(self, keys, dynamic_default_values=None, name=None):
        """The value of each key (shape `keys.shape + value_shape`); missing keys give the default
        value, or the matching element of `dynamic_default_values` (shaped like the result).

            >>> m.lookup(tf.constant(["a", "b"]))
        """
        if isinstance(keys, (SparseTensor, RaggedTensor)):
            return _map_keys(keys, lambda k: self.lookup(k, dynamic_default_values))
        keys = self._convert(keys, self._key_dtype, "keys")
        default = (self._default_value if dynamic_default_values is None
                   else self._convert(dynamic_default_values, self._value_dtype, "dynamic_default_values"))
        return execute(FIND, (keys, default), {"table": self})

    def insert(self, keys, values, name=None):
        """Adds `keys` with `values` (overwriting existing keys). `values` has shape
        `keys.shape + value_shape`. Returns None eagerly (the op in a graph).

            >>> m.insert(tf.constant(["a"]), tf.constant([5], tf.int64))
        """
        keys = self._convert(keys, self._key_dtype, "keys")
        values = self._convert(values, self._value_dtype, "values")
        return _side_effect(execute(INSERT, (keys, values), {"table": self}))

    def remove(self, keys, name=None):
        """Removes `keys` (absent keys are ignored). Returns None eagerly (the op in a graph)."""
        keys = self._convert(keys, self._key_dtype, "keys")
        return _side_effect(execute(REMOVE, (keys,), {"table": self}))

    def export(self, name=None):
        """The (keys, values) of the table as two tensors."""
        return tuple(execute(EXPORT, (), {"table": self}))


class MutableHashTable(_MutableBase):
    """A table that grows and shrinks: `insert`, `remove`, `lookup`, `size`, `export`. Values may
    be vectors (the shape of `default_value`).

        >>> m = tf.lookup.experimental.MutableHashTable(tf.string, tf.float32, default_value=[0.0, 0.0])
        >>> m.insert(["a"], [[1.0, 2.0]]); m.lookup(tf.constant(["a", "b"])).numpy().tolist()
        [[1.0, 2.0], [0.0, 0.0]]
    """
    _kernel_op = "MutableHashTableV2"

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable", checkpoint=True,
                 experimental_is_anonymous=False):
        self._setup(key_dtype, value_dtype, default_value, None if name == "MutableHashTable" else name)


class DenseHashTable(_MutableBase):
    """A mutable table with open addressing: like `MutableHashTable`, plus two reserved keys that
    may never be inserted or looked up (`empty_key`, `deleted_key`), a bucket count (a power of
    2, at least 4; doubled when more than 80% full) and `insert_or_assign`/`erase` aliases.
    `export()` gives every bucket (keys as [num_buckets, 1], `empty_key` in empty buckets and
    `deleted_key` with the old value in the buckets of removed keys; numtf fills the buckets in
    entry order, TF places entries by their hash).

        >>> d = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1, empty_key=0,
        ...                                           deleted_key=-1)
        >>> d.insert(tf.constant([5], tf.int64), tf.constant([50], tf.int64))
        >>> d.lookup(tf.constant([5, 6], tf.int64)).numpy().tolist()
        [50, -1]
    """
    _kernel_op = "MutableDenseHashTableV2"

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key, initial_num_buckets=None,
                 name="MutableDenseHashTable", checkpoint=True, experimental_is_anonymous=False):
        self._setup(key_dtype, value_dtype, default_value, None if name == "MutableDenseHashTable" else name)
        op = "MutableDenseHashTableV2"
        self._empty_key = convert_to_tensor(empty_key, dtype=self._key_dtype)
        self._deleted_key = convert_to_tensor(deleted_key, dtype=self._key_dtype)
        e, d = _keys_list(np.asarray(self._empty_key.numpy())), _keys_list(np.asarray(self._deleted_key.numpy()))
        if e == d:
            raise InvalidArgumentError(None, op, f"Empty and deleted keys cannot be equal [Op:{op}] name: {name}")
        self._special = {e[0]: "empty_key", d[0]: "deleted_key"}
        n = 2 ** 17 if initial_num_buckets is None else int(initial_num_buckets)
        if n < 4 or n & (n - 1):
            raise InvalidArgumentError(None, op, f"Number of buckets must be at least 4 and a power of 2, got: {n} "
                                       f"[Op:{op}] name: {name}")
        self._num_buckets = n
        self._tombstones = []

    def _check_special(self, keys, op):
        for k in _keys_list(keys):
            which = self._special.get(k)
            if which is not None:
                raise InvalidArgumentError(None, op, f"Using the {which} as a table key is not allowed [Op:{op}]")

    def _insert(self, keys, values):
        super()._insert(keys, values)
        if len(self._store) > 0.8 * self._num_buckets:  # TF's maximum load factor: rebuild, bigger
            while len(self._store) > 0.8 * self._num_buckets:
                self._num_buckets *= 2
            self._tombstones = []  # a rebuild drops the buckets of removed keys

    def _remove(self, keys):
        self._check_special(keys, "LookupTableRemoveV2")
        store = self._store
        for k in _keys_list(keys):  # a removed key's bucket keeps its value under deleted_key, as in TF
            row = store.index.get(k)
            if row is not None:
                self._tombstones.append(store.vals[row].copy())
        store.remove(keys)

    def _export(self):
        keys, vals = self._store.export()
        n = self._num_buckets
        out_k = np.empty((n, 1), self._key_dtype._np)
        out_k[...] = self._empty_key.numpy()
        width = int(np.prod(self._value_shape)) if self._value_shape else 1
        out_v = np.zeros((n, width), self._value_dtype._np)
        if out_v.dtype == object:
            out_v[...] = b""
        out_k[:len(keys), 0] = keys
        out_v[:len(keys)] = vals.reshape(len(keys), width)
        for i, v in enumerate(self._tombstones[:n - len(keys)]):
            out_k[len(keys) + i, 0] = self._deleted_key.numpy()
            out_v[len(keys) + i] = np.reshape(v, width)
        return out_k, out_v

    def _export_key_shape(self):
        return [None, 1]

    def _export_value_shape(self):
        return [None, int(np.prod(self._value_shape)) if self._value_shape else 1]

    def insert_or_assign(self, keys, values, name=None):
        """`insert` (TF's other name for it)."""
        return self.insert(keys, values, name)

    def erase(self, keys, name=None):
        """`remove` (TF's other name for it)."""
        return self.remove(keys, name)
