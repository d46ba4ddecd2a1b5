"""tf.is_tensor, tf.sequence_mask, tf.math.bincount, tf.math.polyval. Expected values are what
TensorFlow 2.21 printed for the same calls."""
import numpy as np
import pytest

import numtf as tf


def test_is_tensor():
    assert tf.is_tensor(tf.constant(1)) and tf.is_tensor(tf.Variable(1.0))
    assert not tf.is_tensor(1) and not tf.is_tensor([1]) and not tf.is_tensor(np.array(1))


def test_sequence_mask():
    m = tf.sequence_mask([1, 3, 2], 5)
    assert m.dtype == tf.bool and m.numpy().astype(int).tolist() == [[1, 0, 0, 0, 0], [1, 1, 1, 0, 0],
                                                                      [1, 1, 0, 0, 0]]
    assert tf.sequence_mask([[1, 3], [2, 0]]).shape == (2, 2, 3)
    f = tf.sequence_mask(tf.constant([1, 2]), dtype=tf.float32)
    assert f.dtype == tf.float32 and f.numpy().tolist() == [[1.0, 0.0], [1.0, 1.0]]

    @tf.function
    def g(lengths):
        return tf.sequence_mask(lengths, 4), tf.sequence_mask(lengths)
    a, b = g(tf.constant([1, 3]))
    assert a.shape == (2, 4) and b.numpy().astype(int).tolist() == [[1, 0, 0], [1, 1, 1]]


def test_bincount():
    x = tf.constant([1, 1, 3])
    assert tf.math.bincount(x).numpy().tolist() == [0, 2, 0, 1]
    assert tf.math.bincount(x, minlength=6).numpy().tolist() == [0, 2, 0, 1, 0, 0]
    assert tf.math.bincount(x, maxlength=2).numpy().tolist() == [0, 2]
    w = tf.math.bincount(x, weights=tf.constant([0.5, 1.0, 2.0]))
    assert w.dtype == tf.float32 and w.numpy().tolist() == [0.0, 1.5, 0.0, 2.0]
    e = tf.math.bincount(tf.constant([], tf.int32))
    assert e.dtype == tf.int32 and e.shape == (0,)
    assert tf.math.bincount(tf.constant([1, 2]), dtype=tf.float32).numpy().tolist() == [0.0, 1.0, 1.0]


def test_polyval():
    assert tf.math.polyval([1.0, 2.0, 3.0], tf.constant([2.0, 0.0])).numpy().tolist() == [11.0, 3.0]
    r = tf.math.polyval([tf.constant(2), tf.constant(1)], tf.constant(3))
    assert r.dtype == tf.int32 and int(r) == 7
    assert float(tf.math.polyval([], tf.constant(3.0))) == 0.0


def test_confusion_matrix():
    m = tf.math.confusion_matrix([0, 1, 1, 2], [0, 0, 1, 2])
    assert m.dtype == tf.int32 and m.numpy().tolist() == [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
    f = tf.math.confusion_matrix([0, 1], [1, 1], num_classes=3, dtype=tf.float32)
    assert f.dtype == tf.float32 and f.numpy().tolist() == [[0, 1, 0], [0, 1, 0], [0, 0, 0]]
    w = tf.math.confusion_matrix([0, 1, 1], [0, 1, 1], weights=[1.0, 0.5, 2.0])  # weights cast to int32
    assert w.numpy().tolist() == [[1, 0], [0, 2]]

    @tf.function
    def cm(labels, preds):
        return tf.math.confusion_matrix(labels, preds, num_classes=3)
    out = cm(tf.constant([0, 2]), tf.constant([1, 2]))
    assert out.numpy().tolist() == [[0, 1, 0], [0, 0, 0], [0, 0, 1]]


def test_in_top_k():
    assert tf.math.in_top_k(targets=[0, 1], predictions=[[0.1, 0.9], [0.2, 0.8]], k=1).numpy().tolist() == [
        False, True]
    # ties at the boundary count as in
    got = tf.math.in_top_k([2, 0, 1], [[0.1, 0.5, 0.5], [0.3, 0.3, 0.4], [1.0, 2.0, 3.0]], k=2)
    assert got.numpy().tolist() == [True, True, True]
    assert tf.nn.in_top_k([1], [[0.5, 0.5]], 1).numpy().tolist() == [True]


def test_saturate_cast():
    assert tf.saturate_cast(tf.constant([300, -5]), tf.uint8).numpy().tolist() == [255, 0]
    big = tf.saturate_cast(tf.constant([1e10, -1e10]), tf.int32)
    assert big.dtype == tf.int32 and big.numpy().tolist() == [2147483520, -2147483648]
    assert tf.saturate_cast(tf.constant([1.5, 300.7]), tf.int8).numpy().tolist() == [1, 127]


def test_parallel_stack_guarantee_const_and_aggregation_method():
    assert tf.parallel_stack([[1, 2], [3, 4]]).numpy().tolist() == [[1, 2], [3, 4]]
    assert float(tf.guarantee_const(tf.constant(1.5))) == 1.5
    assert tf.AggregationMethod.DEFAULT == tf.AggregationMethod.ADD_N == 0

    @tf.function(input_signature=[tf.TensorSpec([None, 2])])
    def stack_unknown(x):
        return tf.parallel_stack([x, x])
    with pytest.raises(ValueError, match="not fully defined"):
        stack_unknown.get_concrete_function()
