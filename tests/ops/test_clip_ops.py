"""tf.clip_by_norm, tf.clip_by_global_norm, tf.linalg.global_norm. Expected values are what
TensorFlow 2.21 printed for the same calls."""
import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients


def test_clip_by_norm_values():
    assert np.allclose(tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0), [0.6, 0.8])
    rows = tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]]), 1.0, axes=[1])
    assert np.allclose(rows, [[0.6, 0.8], [0.3, 0.4], [0.0, 0.0]])
    assert np.allclose(tf.clip_by_norm(tf.constant([0.3, 0.4]), 1.0), [0.3, 0.4])  # under the bound
    t = tf.clip_by_norm(tf.constant([3.0, 4.0], tf.float64), 1.0)
    assert t.dtype == tf.float64
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_norm(tf.constant([1, 2]), 1)


def test_clip_by_norm_gradients():
    x = tf.Variable([3.0, 4.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.clip_by_norm(x, 1.0) * tf.constant([1.0, 2.0]))
    assert np.allclose(t.gradient(y, x), [-0.064, 0.048], atol=1e-6)
    z = tf.Variable([0.0, 0.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.clip_by_norm(z, 1.0))
    assert t.gradient(y, z).numpy().tolist() == [1.0, 1.0]  # finite at zero
    check_gradients(lambda a: tf.clip_by_norm(a, 1.5, axes=[1]), np.array([[3.0, -4.0], [0.2, 0.1]]))


def test_clip_by_global_norm():
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0]), tf.constant([12.0])], 5.0)
    assert float(norm) == 13.0 and isinstance(clipped, list)
    assert np.allclose(clipped[0], [1.1538461, 1.5384616]) and np.allclose(clipped[1], [4.6153846])
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0]), None], 10.0)
    assert clipped[1] is None and clipped[0].numpy().tolist() == [3.0, 4.0] and float(norm) == 5.0
    clipped, norm = tf.clip_by_global_norm([tf.constant([float("inf")])], 1.0)
    assert np.isnan(clipped[0].numpy()).all() and np.isinf(norm.numpy())
    assert float(tf.linalg.global_norm([tf.constant([3.0]), tf.constant([[4.0]])])) == 5.0
    with pytest.raises(TypeError):
        tf.clip_by_global_norm(tf.constant([1.0]), 1.0)
    x = tf.Variable([3.0, 4.0])
    with tf.GradientTape() as t:
        c, _ = tf.clip_by_global_norm([x * 2.0], 1.0)
        y = tf.reduce_sum(c[0])
    assert np.allclose(t.gradient(y, x), [0.032, -0.024], atol=1e-6)


def test_clipping_inside_tf_function():
    @tf.function
    def f(v):
        return tf.clip_by_norm(v, 2.0), tf.clip_by_global_norm([v, v], 2.0)
    a, (clipped, norm) = f(tf.constant([3.0, 4.0]))
    assert np.allclose(a, [1.2, 1.6]) and np.allclose(clipped[1], [0.84852815, 1.1313709])
    assert np.isclose(float(norm), 7.0710678)
