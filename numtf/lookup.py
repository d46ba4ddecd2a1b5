"""`tf.lookup` namespace: re-exports only (the tables are in ops/lookup_ops.py, their
initializers in ops/lookup_init_ops.py).

    >>> table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
"""
import sys as _sys
import types as _types

from .ops.lookup_ops import StaticHashTable, StaticVocabularyTable  # noqa: F401
from .ops.lookup_init_ops import KeyValueTensorInitializer, TextFileInitializer, TextFileIndex  # noqa: F401
from .ops import lookup_ops as _lookup_ops

# tf.lookup.experimental: the mutable tables (a module object, so `from numtf.lookup.experimental
# import MutableHashTable` works as well).
experimental = _types.ModuleType(__name__ + ".experimental", "`tf.lookup.experimental`: the mutable tables.")
experimental.MutableHashTable = _lookup_ops.MutableHashTable
experimental.DenseHashTable = _lookup_ops.DenseHashTable
_sys.modules[experimental.__name__] = experimental

__all__ = ["StaticHashTable", "StaticVocabularyTable", "KeyValueTensorInitializer", "TextFileInitializer",
           "TextFileIndex", "experimental"]
