"""tf.SparseTensor and tf.sparse against TensorFlow 2.21 (tests/golden/sparse_ragged.json,
tools/make_sparse_ragged_golden.py): values, printed forms, errors and gradients."""
import numpy as np
import pytest

import numtf as tf
from tests.helpers import check_gradients
from tests.ops._sparse_ragged_golden import GOLDEN, env, check, check_grad

# numtf's error for these says the same thing in other words (TF's text is the grappler's).
LOOSE_MESSAGES = set()


@pytest.mark.parametrize("src", sorted(GOLDEN["sparse"]))
def test_sparse_golden(src):
    check(src, GOLDEN["sparse"][src], env(), messages=src not in LOOSE_MESSAGES)


@pytest.mark.parametrize("name", ["to_dense", "matmul", "matmul_adj", "reduce_sum", "add", "add_dense"])
def test_sparse_gradients_match_tf(name):
    check_grad(name)


IDX = [[0, 1], [1, 0], [1, 2]]


def test_sparse_finite_difference_gradients():
    v = np.array([1.0, 2.0, -3.0])
    check_gradients(lambda x: tf.sparse.to_dense(tf.SparseTensor(IDX, x, [2, 3])), v)
    check_gradients(lambda x, d: tf.sparse.to_dense(tf.SparseTensor(IDX, x, [2, 3]), default_value=d), v,
                    np.array(0.5))
    b = np.arange(6.0).reshape(3, 2) / 3
    check_gradients(lambda x, m: tf.sparse.sparse_dense_matmul(tf.SparseTensor(IDX, x, [2, 3]), m), v, b)
    check_gradients(lambda x, m: tf.sparse.sparse_dense_matmul(tf.SparseTensor(IDX, x, [2, 3]), m, adjoint_a=True,
                                                               adjoint_b=True), v, np.arange(4.0).reshape(2, 2))
    check_gradients(lambda m, x: tf.sparse.sparse_dense_matmul(m, tf.SparseTensor(IDX, x, [2, 3])),
                    np.arange(4.0).reshape(2, 2), v)
    check_gradients(lambda x: tf.sparse.reduce_sum(tf.SparseTensor(IDX, x, [2, 3]), axis=0), v)
    check_gradients(lambda x: tf.sparse.reduce_max(tf.SparseTensor(IDX, x, [2, 3]), axis=1), v)
    check_gradients(lambda x, y: tf.sparse.add(tf.SparseTensor(IDX, x, [2, 3]),
                                               tf.SparseTensor([[0, 1], [0, 2]], y, [2, 3])).values, v,
                    np.array([5.0, 7.0]))
    check_gradients(lambda x, d: tf.sparse.add(tf.SparseTensor(IDX, x, [2, 3]), d), v, np.ones((2, 3)))
    check_gradients(lambda x: tf.sparse.to_dense(tf.sparse.transpose(tf.SparseTensor(IDX, x, [2, 3]))), v)
    check_gradients(lambda x: tf.sparse.concat(1, [tf.SparseTensor(IDX, x, [2, 3])] * 2).values, v)
    check_gradients(lambda x: tf.sparse.slice(tf.SparseTensor(IDX, x, [2, 3]), [1, 0], [1, 3]).values, v)
    check_gradients(lambda x: tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0]], x, [3, 2]), 4.0)[0].values,
                    np.array([2.5]))


def test_sparse_ops_details():
    sp = tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])
    assert sp.shape == tf.TensorShape([3, 4]) and sp.dtype == tf.float32 and sp.indices.dtype == tf.int64
    assert tf.sparse.SparseTensor is tf.SparseTensor
    assert tf.sparse.matmul is tf.sparse.sparse_dense_matmul if hasattr(tf.sparse, "matmul") else True
    assert tf.SparseTensor(tf.constant([[1]]), [1], [2]).indices.dtype == tf.int64  # int32 indices are cast
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.sparse.to_dense(tf.SparseTensor([[0, 0], [1, 2]], x * x, [3, 4])))
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0]
    with pytest.raises(TypeError):
        tf.sparse.to_dense(tf.constant([1.0]))
    d = tf.constant([[0.0, 1.5], [2.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(d)
        y = tf.reduce_sum(tf.sparse.from_dense(d).values * [3.0, 5.0])
    assert tape.gradient(y, d).numpy().tolist() == [[0.0, 3.0], [5.0, 0.0]]
