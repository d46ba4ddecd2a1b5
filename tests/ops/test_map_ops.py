"""tf.map_fn eagerly and in graphs. Expected values are what TensorFlow 2.21 printed."""
import numpy as np
import pytest

import numtf as tf


def test_map_fn_eager():
    assert tf.map_fn(lambda v: v * v, tf.constant([1, 2, 3])).numpy().tolist() == [1, 4, 9]
    half = tf.map_fn(lambda v: tf.cast(v, tf.float32) / 2, tf.constant([1, 2]), fn_output_signature=tf.float32)
    assert half.dtype == tf.float32 and half.numpy().tolist() == [0.5, 1.0]
    assert tf.map_fn(tf.reduce_sum, tf.constant([[1.0, 2.0], [3.0, 4.0]])).numpy().tolist() == [3.0, 7.0]
    prod = tf.map_fn(lambda p: p[0] * p[1], (tf.constant([1, 2]), tf.constant([3, 4])), fn_output_signature=tf.int32)
    assert prod.numpy().tolist() == [3, 8]
    pos, neg = tf.map_fn(lambda x: (x, -x), tf.constant([1.0, 2.0]), fn_output_signature=(tf.float32, tf.float32))
    assert neg.numpy().tolist() == [-1.0, -2.0]
    d = tf.map_fn(lambda x: {"a": x * 2}, tf.constant([1.0, 2.0]), fn_output_signature={"a": tf.float32})
    assert d["a"].numpy().tolist() == [2.0, 4.0]


def test_map_fn_errors():
    with pytest.raises(ValueError):
        tf.map_fn(lambda v: v, tf.constant(1))  # scalars can't be mapped over
    with pytest.raises(tf.errors.InvalidArgumentError):  # dtype changes need fn_output_signature
        tf.map_fn(lambda v: tf.cast(v, tf.float32), tf.constant([1, 2]))


def test_map_fn_in_graphs_and_gradients():
    @tf.function
    def f(x):
        return tf.map_fn(lambda r: tf.reduce_max(r), x)
    assert f(tf.constant([[1.0, 5.0], [7.0, 2.0], [0.0, -1.0]])).numpy().tolist() == [5.0, 7.0, 0.0]

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def g(x):
        return tf.map_fn(lambda r: r * 2.0, x)
    assert g(tf.constant([[1.0, 5.0]])).numpy().tolist() == [[2.0, 10.0]]
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.map_fn(lambda v: v * v, x))
    assert t.gradient(y, x).numpy().tolist() == [2.0, 4.0, 6.0]
    with tf.GradientTape() as t:
        y = tf.reduce_sum(f(tf.reshape(x, [3, 1]) * 1.0))
    assert np.allclose(t.gradient(y, x), [1.0, 1.0, 1.0])


def test_foldl_foldr_scan():
    assert int(tf.foldl(lambda a, v: a + v, tf.constant([1, 2, 3]))) == 6
    assert float(tf.foldl(lambda a, v: a * v, tf.constant([1.0, 2.0, 3.0]), initializer=tf.constant(10.0))) == 60.0
    assert int(tf.foldr(lambda a, v: a - v, tf.constant([1, 2, 3]))) == 0
    assert tf.scan(lambda a, v: a + v, tf.constant([1, 2, 3])).numpy().tolist() == [1, 3, 6]
    assert tf.scan(lambda a, v: a + v, tf.constant([1, 2, 3]), reverse=True).numpy().tolist() == [6, 5, 3]
    assert tf.scan(lambda a, v: a * 2 + v, tf.constant([1.0, 2.0]), initializer=tf.constant(1.0)).numpy().tolist() == [
        3.0, 8.0]
    s, p = tf.scan(lambda a, v: (a[0] + v, a[1] * v), tf.constant([1, 2, 3]),
                   initializer=(tf.constant(0), tf.constant(1)))
    assert s.numpy().tolist() == [1, 3, 6] and p.numpy().tolist() == [1, 2, 6]


def test_scan_and_foldl_in_graphs_and_gradients():
    @tf.function
    def g(x):
        return tf.scan(lambda a, v: a + v, x), tf.foldl(lambda a, v: a + v, x, initializer=tf.constant(0.0))
    s, total = g(tf.constant([1.0, 2.0, 3.0]))
    assert s.numpy().tolist() == [1.0, 3.0, 6.0] and float(total) == 6.0
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.scan(lambda a, v: a * v, x))
    assert t.gradient(y, x).numpy().tolist() == [9.0, 4.0, 2.0]
    with tf.GradientTape() as t:
        y = tf.reduce_sum(g(x)[0])
    assert t.gradient(y, x).numpy().tolist() == [3.0, 2.0, 1.0]


def test_vectorized_map_takes_dtypes_from_fn():
    assert tf.vectorized_map(lambda v: v * 2, tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    f = tf.vectorized_map(lambda v: tf.cast(v, tf.float32) * 2, tf.constant([1, 2]))
    assert f.dtype == tf.float32 and f.numpy().tolist() == [2.0, 4.0]
    a, b = tf.vectorized_map(lambda p: (p[0] + p[1], tf.reduce_sum(p[0])), (tf.ones([2, 3]), tf.ones([2, 3])))
    assert a.shape == (2, 3) and b.numpy().tolist() == [3.0, 3.0]

    @tf.function
    def g(x):
        return tf.vectorized_map(lambda r: tf.reduce_max(r), x)
    assert g(tf.constant([[1.0, 3.0], [5.0, 2.0]])).numpy().tolist() == [3.0, 5.0]
