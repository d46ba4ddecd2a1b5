"""AutoGraph: `for element in dataset:` inside tf.function (one node that iterates the dataset
on every call), compared with the same loop run eagerly."""
import numpy as np

import numtf as tf


def op_types(fn, *args):
    return [n.type for n in fn.get_concrete_function(*args).graph.nodes]


class _Dataset:
    """The tf.data protocol AutoGraph relies on: `element_spec` and `_iter_flat()` (numtf.data's
    Dataset has both); counts how often it was iterated."""

    def __init__(self, *arrays):
        self.arrays = [np.asarray(a) for a in arrays]
        specs = tuple(tf.TensorSpec(a.shape[1:], tf.as_dtype(a.dtype)) for a in self.arrays)
        self.element_spec = specs[0] if len(specs) == 1 else specs
        self.iterations = 0

    def _iter_flat(self):
        self.iterations += 1
        for i in range(len(self.arrays[0])):
            yield tuple(a[i] for a in self.arrays)

    def __iter__(self):
        for flat in self._iter_flat():
            t = [tf.constant(x) for x in flat]
            yield t[0] if len(t) == 1 else tuple(t)


def dataset_total(ds):
    s = 0
    for x in ds:
        s += x
    return s


def dataset_weighted(ds, limit):
    s = tf.zeros([2])
    n = 0
    for x, w in ds:
        if w > limit:
            break
        s += x * tf.cast(w, tf.float32)
        n += 1
    return s, n


def test_loop_over_a_dataset():
    ds = _Dataset(np.arange(5, dtype=np.int32))
    f = tf.function(dataset_total)
    assert int(f(ds)) == 10 == int(dataset_total(ds))
    assert op_types(f, ds).count("ReduceDataset") == 1
    before = ds.iterations
    assert int(f(ds)) == 10
    assert ds.iterations == before + 1  # the graph iterates the dataset on every call
    ds.arrays[0][:] = 1
    assert int(f(ds)) == 5


def test_loop_over_a_dataset_with_break_and_tuple_elements():
    ds = _Dataset(np.arange(6, dtype=np.float32).reshape(3, 2), np.array([1, 2, 3], np.int32))
    for limit in (0, 2, 5):
        s, n = tf.function(dataset_weighted)(ds, tf.constant(limit))
        s_eager, n_eager = dataset_weighted(ds, tf.constant(limit))
        np.testing.assert_array_equal(s.numpy(), s_eager.numpy())
        assert int(n) == n_eager


def test_loop_over_a_dataset_side_effects_and_first_assignment(capfd):
    ds = _Dataset(np.arange(4, dtype=np.int32))
    v = tf.Variable(0)

    @tf.function
    def f(ds):
        for x in ds:
            v.assign_add(x)
            tf.print("element", x)
            last = x * 2
        return last

    assert int(f(ds)) == 6
    assert int(v.numpy()) == 6
    assert capfd.readouterr().err.splitlines() == ["element 0", "element 1", "element 2", "element 3"]


def test_loop_over_a_tf_data_dataset():
    ds = tf.data.Dataset.from_tensor_slices((tf.ones([5, 2]), tf.range(5))).batch(2)

    def g(ds):
        total = tf.zeros([2])
        count = 0
        for x, y in ds:
            total += tf.reduce_sum(x, axis=0) * tf.cast(tf.reduce_sum(y), tf.float32)
            count += 1
        return total, count

    total, count = tf.function(g)(ds)
    eager_total, eager_count = g(ds)
    np.testing.assert_array_equal(total.numpy(), eager_total.numpy())
    assert int(count) == eager_count == 3
    doubled = tf.data.Dataset.from_tensor_slices([0, 1, 2, 3, 4]).map(lambda x: x * 2)
    assert int(tf.function(dataset_total)(doubled)) == 20

    def first(ds):
        for x in ds:
            return x
        return tf.constant(-1, tf.int64)

    f = tf.function(first)
    shuffled = tf.data.Dataset.range(50).shuffle(50)
    assert len({int(f(shuffled)) for _ in range(8)}) > 1  # the dataset is iterated anew on every call
    assert int(f(tf.data.Dataset.range(0))) == -1
