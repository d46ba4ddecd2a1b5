"""Writes tests/golden/lookup_sets.json: what TensorFlow computes (or raises) for tf.lookup, tf.sets,
tf.data.TextLineDataset / FixedLengthRecordDataset and tf.test.compute_gradient expressions
(tests/ops/test_lookup.py, tests/ops/test_sets.py, tests/data/test_text_line.py and
tests/test_tf_test.py evaluate the same expressions with numtf).

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_lookup_sets_golden.py

Each case is a Python expression over `tf` and `np` and the names ENV defines; ENV runs in a fresh
temporary directory where it writes the small text and binary files the cases read. The file
records each result as tests/ops/_sparse_ragged_golden.py's `check` reads it (value, dtype, shape
and repr of tensors, the parts of SparseTensors, the repr of Python values, or an exception's type
and message). Table exports are sorted by key (`srt`), since TF's order is its hash table's.
"""
import json
import os
import sys
import tempfile

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "lookup_sets.json")
sys.path.insert(0, os.path.dirname(__file__))

ENV = r'''
import gzip, zlib
open('vocab.txt', 'wb').write(b'emerson 10\nlake 20\r\npalmer 30\n')
open('words.txt', 'wb').write(b'a\nb\r\nc')
open('holes.txt', 'wb').write(b'a\n\nc\n')
open('nums.txt', 'wb').write(b'7\t1.5\n-3\t2.25\n')
open('dups.txt', 'wb').write(b'x\nx\n')
open('a.txt', 'wb').write(b'hello\nworld\r\n\nlast')
open('b.txt', 'wb').write(b'one\ntwo\n')
open('e.txt', 'wb').write(b'')
open('c.txt.gz', 'wb').write(gzip.compress(b'g1\ng2\n'))
open('z.txt', 'wb').write(zlib.compress(b'z1\nz2'))
open('r.bin', 'wb').write(b'HDR' + bytes(range(12)) + b'FT')

def srt(kv):
    k, v = kv
    kn = k.numpy().reshape(len(k.numpy()), -1)[:, 0]
    order = np.argsort(kn, kind='stable')
    return tf.gather(k, order), tf.gather(v, order)

def dense_items(table, empty):
    k, v = table.export()
    keep = np.flatnonzero(k.numpy()[:, 0] != empty)
    return srt((tf.gather(k, keep), tf.gather(v, keep)))

def after(table, *updates):
    for u in updates:
        u(table)
    return table

init = tf.lookup.KeyValueTensorInitializer(['a', 'b', 'c'], [1, 2, 3])
t = tf.lookup.StaticHashTable(init, -1)
vinit = tf.lookup.KeyValueTensorInitializer(['a', 'b', 'c'], tf.constant([1, 2, 3], tf.int64))
v = tf.lookup.StaticVocabularyTable(vinit, 3)
vinit2 = tf.lookup.KeyValueTensorInitializer(tf.constant([10, 20, 30], tf.int64), tf.constant([0, 1, 2], tf.int64))
v2 = tf.lookup.StaticVocabularyTable(vinit2, 5)
a = tf.constant([[1, 2, 3], [4, 5, 5]])
b = tf.constant([[2, 3, 9], [6, 6, 6]])
sa = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 2]], [3, 1, 7, 7], [2, 4])
sb = tf.sparse.from_dense(b)
a3 = tf.constant([[[1, 2], [2, 2]], [[3, 1], [0, 0]]])
unsorted = tf.SparseTensor([[0, 1], [0, 0]], [1, 2], [2, 3])
MH = tf.lookup.experimental.MutableHashTable
DH = tf.lookup.experimental.DenseHashTable
'''

LOOKUP = [
    "init.key_dtype", "init.value_dtype", "t.key_dtype", "t.value_dtype", "t.default_value", "t.size()", "t.name",
    "t.lookup(tf.constant(['a', 'x', 'c']))", "t.lookup(tf.constant([['a', 'x'], ['c', 'b']]))",
    "t.lookup(tf.constant('b'))", "t.lookup(tf.constant(1))", "srt(t.export())",
    "t.lookup(tf.SparseTensor([[0, 0], [1, 1]], ['a', 'q'], [2, 2]))",
    "t.lookup(tf.ragged.constant([['a'], ['b', 'q']]))",
    "tf.lookup.StaticHashTable(init, -1.0)", "tf.lookup.StaticHashTable(init, 'x')",
    "tf.lookup.StaticHashTable(init, tf.constant(-1, tf.int64))", "tf.lookup.StaticHashTable(init, [-1, -2])",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a', 'a'], [1, 2]), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a', 'a'], [1, 1]), -1).size()",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a', 'b'], [1, 2, 3]), 0)",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([1, 2], [1.5, 2.5]), -1.0).lookup(tf.constant([1, 3]))",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([1, 2], [1.5, 2.5]), -1.0).lookup(tf.constant([1], tf.int64))",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2], tf.int64), ['x', 'y']), 'UNK')"
    ".lookup(tf.constant([2, 5], tf.int64))",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([[1, 2]], [[3, 4]]), 0).lookup(tf.constant([2, 1]))",
    "tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(['a'], [True]), False).lookup(tf.constant(['a', 'b']))",
    "tf.lookup.KeyValueTensorInitializer(['a', 'b'], [1, 2], key_dtype=tf.int64)",
    # StaticVocabularyTable: OOV ids are vocab_size + Fingerprint64(key) % num_oov_buckets
    "v.lookup(tf.constant(['a', 'x', 'c', 'zz', 'hello', '']))", "v.size()", "v.key_dtype", "v.value_dtype",
    "v2.lookup(tf.constant([10, 5, 30, 7, 123456789, -4], tf.int64))", "v2.lookup(tf.constant([10, 5], tf.int32))",
    "tf.lookup.StaticVocabularyTable(vinit2, 5, lookup_key_dtype=tf.int32).lookup(tf.constant([10, 5, 30, 7], tf.int32))",
    "tf.lookup.StaticVocabularyTable(vinit, 0)", "tf.lookup.StaticVocabularyTable(init, 2)",
    "tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer([1, 2], tf.constant([0, 1], tf.int64)), 2)",
    "tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2], tf.int64), "
    "tf.constant([0, 1], tf.int64)), 2, lookup_key_dtype=tf.string)",
    "tf.lookup.StaticVocabularyTable(None, 2).lookup(tf.constant(['a', 'b', 'zzz']))",
    "tf.lookup.StaticVocabularyTable(None, 2).size()", "tf.lookup.StaticVocabularyTable(None, 2).name",
    "tf.lookup.StaticVocabularyTable(None, 2, lookup_key_dtype=tf.int64).lookup(tf.constant([3], tf.int64))",
    "v.lookup(tf.ragged.constant([['a', 'q'], []]))",
    # text files
    "tf.lookup.TextFileIndex.WHOLE_LINE", "tf.lookup.TextFileIndex.LINE_NUMBER",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 0, tf.int64, 1, delimiter=' '), -1)"
    ".lookup(tf.constant(['emerson', 'lake', 'palmer', 'x']))",
    "srt(tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('words.txt', tf.string, -2, tf.int64, -1), -1).export())",
    "srt(tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.int64, -1, tf.string, 0, delimiter=' '),"
    " 'UNK').export())",
    "srt(tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 0, tf.int64, 1, delimiter=' ', "
    "vocab_size=2), -1).export())",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 0, tf.int64, 1, delimiter=' ', "
    "vocab_size=5), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 0, tf.int64, 3, delimiter=' '), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 1, tf.int64, 0, delimiter=' '), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 0, tf.int64, -2), -1)",
    "srt(tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('vocab.txt', tf.string, 1, tf.float32, 1, "
    "delimiter=' '), -1.0).export())",
    "srt(tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('nums.txt', tf.int64, 0, tf.float64, 1), -1.0).export())",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('holes.txt', tf.string, -2, tf.int64, -1), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('nofile.txt', tf.string, -2, tf.int64, -1), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('dups.txt', tf.string, -2, tf.int64, -1), -1)",
    "tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('words.txt', tf.string, -2, tf.int64, -1, delimiter='ab'), -1)",
    "srt(tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer('words.txt', tf.string, -2, tf.int64, -1, "
    "value_index_offset=5), -1).export())",
    "tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer('words.txt', tf.string, -2, tf.int64, -1), 2)"
    ".lookup(tf.constant(['a', 'c', 'zzz', 'b']))",
    "tf.lookup.TextFileInitializer('vocab.txt', tf.string, 0, tf.int64, 1, vocab_size=0)",
    "tf.lookup.TextFileInitializer('', tf.string, 0, tf.int64, 1)",
    "tf.lookup.TextFileInitializer('vocab.txt', tf.string, -3, tf.int64, 1)",
    "tf.lookup.TextFileInitializer('vocab.txt', tf.string, -1, tf.int64, 1)",
    "tf.lookup.TextFileInitializer('vocab.txt', tf.string, -2, tf.string, -1)",
    # MutableHashTable
    "MH(tf.string, tf.int64, -1).size()", "MH(tf.string, tf.int64, -1).name",
    "after(MH(tf.string, tf.int64, -1), lambda m: m.insert(['a', 'b'], [1, 2]), "
    "lambda m: m.insert(tf.constant(['a', 'c']), tf.constant([5, 3], tf.int64))).lookup(tf.constant(['a', 'b', 'c', 'd']))",
    "after(MH(tf.string, tf.int64, -1), lambda m: m.insert(['a', 'b', 'c'], [1, 2, 3]), "
    "lambda m: m.remove(tf.constant(['b', 'zz']))).size()",
    "srt(after(MH(tf.string, tf.int64, -1), lambda m: m.insert(['a', 'b', 'c'], [1, 2, 3]), "
    "lambda m: m.remove(tf.constant(['b']))).export())",
    "MH(tf.string, tf.int64, -1).insert(['a'], [1])",
    "MH(tf.string, tf.int64, -1).lookup(tf.constant([1]))",
    "MH(tf.string, tf.int64, -1).insert(tf.constant(['q']), tf.constant([1]))",
    "MH(tf.string, tf.int64, -1).insert(tf.constant(['q', 'r']), tf.constant([1], tf.int64))",
    "after(MH(tf.string, tf.int64, -1), lambda m: m.insert(['a'], [4])).lookup(tf.constant([['a', 'c'], ['x', 'a']]))",
    "after(MH(tf.string, tf.int64, -1), lambda m: m.insert(['a'], [4])).lookup(tf.constant(['a', 'z']), "
    "dynamic_default_values=tf.constant([7, 8], tf.int64))",
    "MH(tf.string, tf.int64, -1).lookup(tf.constant(['a', 'b']), dynamic_default_values=tf.constant([3], tf.int64))",
    "MH(tf.string, tf.int64, -1).lookup(tf.constant('a'))",
    "after(MH(tf.string, tf.float32, [0.0, 0.0]), lambda m: m.insert(['x'], [[1.0, 2.0]])).lookup(tf.constant(['x', 'y']))",
    "srt(after(MH(tf.string, tf.float32, [0.0, 0.0]), lambda m: m.insert(['x'], [[1.0, 2.0]])).export())",
    "MH(tf.string, tf.float32, [0.0, 0.0]).insert(['x'], [1.0, 2.0])",
    "after(MH(tf.int64, tf.string, 'x'), lambda m: m.insert(tf.constant([3], tf.int64), ['three']))"
    ".lookup(tf.constant([3, 4], tf.int64))",
    "after(MH(tf.int32, tf.float64, 0.5), lambda m: m.insert([1, 2], [1.0, 2.0])).lookup(tf.constant([2, 9]))",
    "after(MH(tf.string, tf.bool, False), lambda m: m.insert(['y'], [True])).lookup(tf.constant(['y', 'n']))",
    "MH(tf.float32, tf.float32, 0.0)", "MH(tf.int32, tf.string, 'x')", "MH(tf.int64, tf.bool, False)",
    # DenseHashTable
    "after(DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1), "
    "lambda d: d.insert(tf.constant([5, 7, 9], tf.int64), tf.constant([50, 70, 90], tf.int64)))"
    ".lookup(tf.constant([5, 6, 9], tf.int64))",
    "after(DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1), "
    "lambda d: d.insert(tf.constant([5, 7, 9], tf.int64), tf.constant([50, 70, 90], tf.int64)), "
    "lambda d: d.remove(tf.constant([7], tf.int64))).size()",
    "dense_items(after(DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1, initial_num_buckets=8), "
    "lambda d: d.insert(tf.constant([5, 7, 9], tf.int64), tf.constant([50, 70, 90], tf.int64)), "
    "lambda d: d.erase(tf.constant([7], tf.int64))), 0)",
    "after(DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1, initial_num_buckets=4), "
    "lambda d: d.insert(tf.constant([1, 2, 3, 4, 5], tf.int64), tf.constant([1, 2, 3, 4, 5], tf.int64)))"
    ".export()[0].shape",
    "DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1, initial_num_buckets=16).export()[0].shape",
    "DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1).insert(tf.constant([0], tf.int64), "
    "tf.constant([1], tf.int64))",
    "DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1).insert(tf.constant([-1], tf.int64), "
    "tf.constant([1], tf.int64))",
    "DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1).lookup(tf.constant([0], tf.int64))",
    "after(DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1), "
    "lambda d: d.insert_or_assign(tf.constant([1], tf.int64), tf.constant([2], tf.int64))).size()",
    "DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=0)",
    "DH(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1, initial_num_buckets=3)",
    "after(DH(tf.int64, tf.float32, default_value=[-1.0, 0.0], empty_key=0, deleted_key=-1), "
    "lambda d: d.insert(tf.constant([3, 4], tf.int64), tf.constant([[1.0, 2.0], [3.0, 4.0]])))"
    ".lookup(tf.constant([3, 9], tf.int64))",
    "after(DH(tf.string, tf.float32, default_value=-1.0, empty_key='', deleted_key='$'), "
    "lambda d: d.insert(['k'], [2.5])).lookup(tf.constant(['k', 'j']))",
    "DH(tf.int64, tf.int64, -1, 0, -1).name",
]

SETS = [
    "tf.sets.intersection(a, b)", "tf.sets.union(a, b)", "tf.sets.difference(a, b)",
    "tf.sets.difference(a, b, aminusb=False)", "tf.sets.size(a)", "tf.sets.size(sa)", "tf.sets.intersection(sa, b)",
    "tf.sets.intersection(a, sa)", "tf.sets.union(a, sa)", "tf.sets.difference(a, sa)", "tf.sets.difference(sa, a)",
    "tf.sets.difference(a, sa, aminusb=False)", "tf.sets.difference(sa, sb, aminusb=False)", "tf.sets.union(sa, sb)",
    "tf.sets.intersection(sa, sb)", "tf.sets.size(a3)", "tf.sets.union(a3, a3)", "tf.sets.difference(a3, a3)",
    "tf.sets.intersection(tf.constant([1, 2]), tf.constant([2, 3]))",
    "tf.sets.intersection(tf.constant([[1.0]]), tf.constant([[1.0]]))",
    "tf.sets.intersection(a, tf.constant([[1, 2]]))", "tf.sets.intersection(a, tf.constant([1, 2, 3]))",
    "tf.sets.intersection(a, tf.constant([[1, 2, 3]], tf.int64))",
    "tf.sets.union(tf.constant([['a', 'b'], ['c', 'a']]), tf.constant([['b', 'z'], ['', 'c']]))",
    "tf.sets.size(unsorted)", "tf.sets.size(unsorted, validate_indices=False)",
    "tf.sets.union(unsorted, a, validate_indices=False)", "tf.sets.union(unsorted, a)",
    "tf.sets.size(tf.SparseTensor([[0, 1], [0, 1]], [1, 1], [2, 3]))",
    "tf.sets.size(tf.SparseTensor([[0, 5]], [1], [2, 3]))",
    "tf.sets.size(tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0], tf.int32), [2, 3]))",
    "tf.sets.size(tf.SparseTensor([[0, 0, 1], [1, 1, 0], [1, 1, 2]], ['x', 'y', 'y'], [2, 2, 3]))",
    "tf.sets.intersection(tf.constant([[1, 2]]), tf.constant([[3, 4]]))",
    "tf.sets.intersection(tf.zeros([2, 0], tf.int32), tf.zeros([2, 0], tf.int32))",
    "tf.sets.union(tf.constant([[1, 2]], tf.uint8), tf.constant([[3, 4]], tf.uint8))",
    "tf.sets.union(tf.constant([[-1, 2]], tf.int64), tf.constant([[3, -4]], tf.int64))",
    "tf.sets.union(tf.constant([[1, 2]], tf.int16), tf.constant([[3, 1]], tf.int16))",
    "tf.sets.union(tf.constant([[True]]), tf.constant([[True]]))",
    "tf.sets.union(sa, tf.SparseTensor([[0, 0]], [1], [2, 5]))",
    "tf.sets.union(sa, tf.SparseTensor([[0, 0]], [1], [3, 4]))",
    "tf.sets.union(tf.SparseTensor([[0, 0, 0]], [1], [2, 2, 4]), sa)",
    "tf.sets.union(a, [[1, 2, 3], [1, 1, 1]])", "tf.sets.union([[1, 2, 3]], [[1, 2, 3]])",
    "tf.sets.union(a, [[1.5, 2, 3], [1, 1, 1]])",
    "tf.sets.size(tf.SparseTensor([[0]], [1], [3]))",
    "tf.sets.size(tf.SparseTensor([[0, 0]], [1.0], [3, 3]))",
    "tf.sets.intersection(tf.SparseTensor([[0]], [1], [3]), tf.SparseTensor([[0]], [1], [3]))",
]

DATA = [
    "tf.data.TextLineDataset('a.txt')", "tf.data.TextLineDataset('a.txt').element_spec",
    "tf.data.TextLineDataset('a.txt').cardinality()",
    "list(tf.data.TextLineDataset('a.txt').as_numpy_iterator())",
    "list(tf.data.TextLineDataset(['a.txt', 'b.txt', 'e.txt']).as_numpy_iterator())",
    "list(tf.data.TextLineDataset(tf.constant(['b.txt', 'a.txt'])).as_numpy_iterator())",
    "list(tf.data.TextLineDataset(tf.data.Dataset.from_tensor_slices(['b.txt', 'a.txt'])).as_numpy_iterator())",
    "list(tf.data.TextLineDataset(['a.txt', 'b.txt'], num_parallel_reads=2).as_numpy_iterator())",
    "list(tf.data.TextLineDataset(['a.txt', 'b.txt', 'c.txt.gz'], num_parallel_reads=2, compression_type='GZIP')"
    ".as_numpy_iterator())",
    "list(tf.data.TextLineDataset(['a.txt', 'b.txt'], num_parallel_reads=tf.data.AUTOTUNE).as_numpy_iterator())",
    "list(tf.data.TextLineDataset('c.txt.gz', compression_type='GZIP').as_numpy_iterator())",
    "list(tf.data.TextLineDataset('z.txt', compression_type='ZLIB').as_numpy_iterator())",
    "list(tf.data.TextLineDataset('z.txt', compression_type='BAD').as_numpy_iterator())",
    "list(tf.data.TextLineDataset('a.txt', compression_type='GZIP').as_numpy_iterator())",
    "list(tf.data.TextLineDataset('nope.txt').as_numpy_iterator())",
    "tf.data.TextLineDataset([1, 2])", "list(tf.data.TextLineDataset([]).as_numpy_iterator())",
    "list(tf.data.TextLineDataset([['a.txt']]).as_numpy_iterator())",
    "list(tf.data.TextLineDataset('a.txt', buffer_size=2).as_numpy_iterator())",
    "list(tf.data.TextLineDataset('a.txt').map(lambda s: tf.strings.length(s)).as_numpy_iterator())",
    "list(tf.data.Dataset.from_tensor_slices(['a.txt', 'b.txt']).interleave(lambda f: tf.data.TextLineDataset(f)"
    ".take(2), cycle_length=2).as_numpy_iterator())",
    "list(tf.data.TextLineDataset('b.txt').map(lambda s: tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer("
    "['one', 'two'], [1, 2]), 0).lookup(s)).as_numpy_iterator())",
    "tf.data.FixedLengthRecordDataset('r.bin', 4, header_bytes=3, footer_bytes=2)",
    "tf.data.FixedLengthRecordDataset('r.bin', 4).element_spec",
    "list(tf.data.FixedLengthRecordDataset('r.bin', 4, header_bytes=3, footer_bytes=2).as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('r.bin', 5, header_bytes=3, footer_bytes=2).as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('r.bin', 5).as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset(['r.bin', 'r.bin'], 3, header_bytes=3, footer_bytes=2, "
    "num_parallel_reads=2).as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('r.bin', 0).as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('c.txt.gz', 2, compression_type='GZIP').as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('c.txt.gz', 2, header_bytes=1, footer_bytes=1, compression_type='GZIP')"
    ".as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('e.txt', 2, header_bytes=1).as_numpy_iterator())",
    "list(tf.data.FixedLengthRecordDataset('r.bin', 4, header_bytes=3, footer_bytes=2)"
    ".map(lambda r: tf.strings.substr(r, 1, 2)).batch(2).as_numpy_iterator())",
]

# (name, function source, inputs as (nested list, dtype name), delta): tf.test.compute_gradient's answers.
GRADIENTS = [
    ("mul", "lambda x, y: x * x * y", [([1.0, 2.0], "float32"), ([3.0, 4.0], "float32")], None),
    ("cube_sum", "lambda x: tf.reduce_sum(x ** 3, axis=1)", [([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], "float64")], None),
    ("sin_delta", "lambda x: tf.sin(x)", [([0.5, 1.0], "float32")], 0.1),
    ("matmul", "lambda a, b: tf.matmul(a, b)", [([[1.0, 2.0], [3.0, 4.0]], "float64"),
                                                ([[0.5], [-1.0]], "float64")], None),
    ("const", "lambda x: tf.zeros([2]) + 1.0", [([1.0, 1.0, 3.0], "float32")], None),
    ("scalar", "lambda x: tf.reduce_sum(x)", [(2.0, "float32")], None),
]


def describe(tf, value):
    from make_sparse_ragged_golden import describe as base
    if isinstance(value, tuple) and value and all(isinstance(v, tf.Tensor) for v in value):
        return {"kind": "tuple", "items": [base(tf, v) for v in value]}
    if isinstance(value, tf.dtypes.DType):
        return {"kind": "python", "repr": repr(value)}
    if value is None or isinstance(value, (int, float, str, bytes, list)) or hasattr(value, "dtype") \
            or isinstance(value, tf.TensorShape) or type(value).__name__ in ("TensorSpec",):
        return base(tf, value)
    if isinstance(value, tf.data.Dataset):
        return {"kind": "python", "repr": repr(value)}
    if isinstance(value, (tf.SparseTensor, tf.RaggedTensor, tf.Tensor)):
        return base(tf, value)
    return {"kind": "object", "type": type(value).__name__}


def run(tf, cases):
    out = {}
    for src in cases:
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory() as d:
            os.chdir(d)
            try:
                env = {"tf": tf, "np": np}
                exec(ENV, env)
                try:
                    out[src] = describe(tf, eval(src, env))
                except Exception as e:  # noqa: BLE001 - the error is the answer
                    out[src] = {"kind": "error", "type": type(e).__name__, "message": str(e)}
            finally:
                os.chdir(cwd)
    return out


def gradients(tf):
    out = {}
    for name, src, inputs, delta in GRADIENTS:
        xs = [tf.constant(np.array(v, dtype)) for v, dtype in inputs]
        theoretical, numerical = tf.test.compute_gradient(eval(src, {"tf": tf}), xs, delta=delta)
        out[name] = {"src": src, "inputs": inputs, "delta": delta,
                     "theoretical": [j.tolist() for j in theoretical], "numerical": [j.tolist() for j in numerical],
                     "dtypes": [j.dtype.name for j in theoretical]}
    return out


def main():
    import tensorflow as tf
    data = {"tf_version": tf.__version__, "env": ENV, "lookup": run(tf, LOOKUP), "sets": run(tf, SETS),
            "data": run(tf, DATA), "gradients": gradients(tf),
            "build": {name: getattr(tf.test, name)() for name in ("is_built_with_rocm", "gpu_device_name")}}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
