"""tf.lookup against TensorFlow 2.21 (tests/golden/lookup_sets.json, tools/make_lookup_sets_golden.py):
static, vocabulary, mutable and dense hash tables, their initializers and errors; tables inside
tf.function, tf.data map functions and a tf.compat.v1 Session; no gradients through table ops."""
import numpy as np
import pytest

import numtf as tf
from tests.ops._lookup_sets_golden import GOLDEN, check

# TF's message for a dtype pair it has no kernel for names the node's generated shared_name; numtf
# says the same thing without it (the type is checked).
LOOSE = {"MH(tf.float32, tf.float32, 0.0)", "MH(tf.int32, tf.string, 'x')", "MH(tf.int64, tf.bool, False)"}


@pytest.mark.parametrize("src", sorted(GOLDEN["lookup"]))
def test_lookup_golden(src, tmp_path):
    check("lookup", src, str(tmp_path), messages=src not in LOOSE)


def _table():
    return tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3]), -1)


def test_static_table_in_tf_function_and_dataset():
    table = _table()
    f = tf.function(lambda k: table.lookup(k))
    assert f(tf.constant(["c", "z"])).numpy().tolist() == [3, -1]
    conc = f.get_concrete_function(tf.TensorSpec([None, 2], tf.string))
    assert conc.structured_outputs.shape.as_list() == [None, 2] and conc.structured_outputs.dtype == tf.int32
    ds = tf.data.Dataset.from_tensor_slices(["b", "q", "a"]).map(table.lookup)
    assert [int(x) for x in ds.as_numpy_iterator()] == [2, -1, 1]
    vocab = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(["x"], tf.constant([0], tf.int64)), num_oov_buckets=4)
    g = tf.function(lambda k: vocab.lookup(k))
    assert g(tf.constant(["x", "hello"])).numpy().tolist() == vocab.lookup(tf.constant(["x", "hello"])).numpy().tolist()
    assert g(tf.constant(["x"])).dtype == tf.int64


def test_mutable_table_is_a_captured_resource():
    m = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, default_value=-1)
    find = tf.function(lambda k: m.lookup(k))
    assert find(tf.constant(["a"])).numpy().tolist() == [-1]
    m.insert(["a"], [4])  # an insert after tracing is seen by the traced lookup
    assert find(tf.constant(["a"])).numpy().tolist() == [4]

    @tf.function
    def insert_and_count(k, v):
        m.insert(k, v)
        return m.size()
    assert int(insert_and_count(tf.constant(["z"]), tf.constant([9], tf.int64))) == 2
    assert find(tf.constant(["z"])).numpy().tolist() == [9]

    @tf.function
    def remove(k):
        m.remove(k)
        return m.size()
    assert int(remove(tf.constant(["a"]))) == 1
    ds = tf.data.Dataset.from_tensor_slices(["a", "z"]).map(m.lookup)
    assert [int(x) for x in ds.as_numpy_iterator()] == [-1, 9]
    keys, values = tf.function(lambda: m.export())()
    assert keys.numpy().tolist() == [b"z"] and values.numpy().tolist() == [9]


def test_dense_table_export_and_traced_insert():
    d = tf.lookup.experimental.DenseHashTable(tf.int64, tf.float32, default_value=[-1.0, 0.0], empty_key=0,
                                              deleted_key=-1, initial_num_buckets=4)
    tf.function(lambda k, v: d.insert(k, v))(tf.constant([3, 4, 5, 6], tf.int64), tf.ones([4, 2]))
    assert int(d.size()) == 4
    keys, values = d.export()
    assert keys.shape.as_list() == [8, 1] and values.shape.as_list() == [8, 2]  # grown past 80% full
    assert sorted(k for k in keys.numpy()[:, 0].tolist() if k != 0) == [3, 4, 5, 6]
    assert d.lookup(tf.constant([6, 7], tf.int64)).numpy().tolist() == [[1.0, 1.0], [-1.0, 0.0]]


def test_tables_in_v1_session():
    g = tf.compat.v1.Graph()
    with g.as_default():
        table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b"], [10, 20]), 0)
        m = tf.lookup.experimental.MutableHashTable(tf.string, tf.int32, default_value=-1)
        keys = tf.compat.v1.placeholder(tf.string, [None])
        found = table.lookup(keys)
        insert = m.insert(tf.constant(["q"]), tf.constant([7]))
        mfound = m.lookup(keys)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.tables_initializer())
            assert sess.run(found, {keys: ["b", "x", "a"]}).tolist() == [20, 0, 10]
            assert sess.run(mfound, {keys: ["q"]}).tolist() == [-1]
            sess.run(insert)
            assert sess.run(mfound, {keys: ["q"]}).tolist() == [7]


def test_no_gradient_through_lookups():
    m = tf.lookup.experimental.MutableHashTable(tf.string, tf.float32, default_value=0.0)
    m.insert(["a"], [2.0])
    d = tf.constant([5.0, 6.0])
    with tf.GradientTape() as tape:
        tape.watch(d)
        y = m.lookup(tf.constant(["a", "b"]), dynamic_default_values=d)
    assert y.numpy().tolist() == [2.0, 6.0]
    assert tape.gradient(y, d) is None  # TF registers no gradient for LookupTableFindV2 either


def test_lookup_details():
    table = _table()
    assert table(tf.constant(["a"])).numpy().tolist() == [1]
    assert table.lookup(["b", "q"]).numpy().tolist() == [2, -1]  # numtf also converts Python lists
    with pytest.raises(NotImplementedError, match="known"):
        with tf.compat.v1.Graph().as_default():
            tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
                tf.compat.v1.placeholder(tf.string, [2]), [1, 2]), 0)
    from numtf.lookup.experimental import MutableHashTable
    assert MutableHashTable is tf.lookup.experimental.MutableHashTable
    v = tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer(tf.constant([1], tf.int64),
                                                                            tf.constant([0], tf.int64)), 3)
    ids = v.lookup(tf.constant(np.arange(50), tf.int64)).numpy()
    assert ids[1] == 0 and set(ids.tolist()) <= {0, 1, 2, 3}
