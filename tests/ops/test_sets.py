"""tf.sets against TensorFlow 2.21 (tests/golden/lookup_sets.json, tools/make_lookup_sets_golden.py):
intersection/union/difference of dense and sparse sets, size, validation and errors; traced calls;
no gradients (TF has none)."""
import numpy as np
import pytest

import numtf as tf
from tests.ops._lookup_sets_golden import GOLDEN, check


@pytest.mark.parametrize("src", sorted(GOLDEN["sets"]))
def test_sets_golden(src, tmp_path):
    check("sets", src, str(tmp_path))


def test_sets_in_tf_function():
    # numtf's tf.function returns Tensors (not SparseTensors): return the parts.
    @tf.function
    def f(x, y):
        r = tf.sets.union(x, y)
        return r.indices, r.values, r.dense_shape
    conc = f.get_concrete_function(tf.TensorSpec([None, 2], tf.int32), tf.TensorSpec([None, 2], tf.int32))
    shapes = [t.shape.as_list() for t in conc.structured_outputs]
    assert shapes == [[None, 2], [None], [2]]
    idx, vals, shape = f(tf.constant([[1, 2], [3, 3]]), tf.constant([[2, 5], [1, 1]]))
    assert idx.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]]
    assert vals.numpy().tolist() == [1, 2, 5, 1, 3] and shape.numpy().tolist() == [2, 3]

    @tf.function
    def g(i, v):
        return tf.sets.size(tf.SparseTensor(i, v, [2, 3]))
    out = g(tf.constant([[0, 0], [0, 1], [1, 2]], tf.int64), tf.constant([4, 4, 1]))
    assert out.numpy().tolist() == [1, 1] and out.dtype == tf.int32


def test_sets_have_no_gradient_and_match_a_python_model():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 6, size=(3, 2, 5)).astype(np.int64)
    b = rng.integers(0, 6, size=(3, 2, 4)).astype(np.int64)
    for fn, py in [(tf.sets.intersection, set.intersection), (tf.sets.union, set.union),
                   (tf.sets.difference, set.difference)]:
        r = fn(a, b)
        dense = tf.sparse.to_dense(r, default_value=-1).numpy()
        for i in range(3):
            for j in range(2):
                want = sorted(py(set(a[i, j].tolist()), set(b[i, j].tolist())))
                assert dense[i, j][:len(want)].tolist() == want
                assert (dense[i, j][len(want):] == -1).all()
    x = tf.constant([[1, 2]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        r = tf.sets.union(x, x)
    assert tape.gradient(r.values, x) is None
