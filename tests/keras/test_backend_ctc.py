"""tf.keras.backend.ctc_batch_cost and ctc_decode: values and gradients as tf-keras 2.21 gives them
for one fixed input (numbers read off real TF; the softmax outputs come from a seeded NumPy draw)."""
import numpy as np
import pytest

import numtf as tf

K = tf.keras.backend
Y_TRUE = [[1, 2, 2, 0], [3, 1, 0, 0]]


def _inputs():
    logits = np.random.default_rng(0).standard_normal((2, 6, 5)).astype(np.float32)
    return tf.nn.softmax(logits), tf.constant([[6], [5]]), tf.constant([[3], [2]])


def test_ctc_batch_cost_and_gradient_match_tf_keras():
    y_pred, il, ll = _inputs()
    yp = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        cost = K.ctc_batch_cost(tf.constant(Y_TRUE), yp, il, ll)
    assert cost.shape == (2, 1) and cost.dtype == tf.float32
    np.testing.assert_allclose(cost.numpy(), [[7.547362804412842], [4.903264045715332]], rtol=1e-5)
    grad = tape.gradient(cost, yp).numpy()
    np.testing.assert_allclose(grad[0, :2], [[1.0, -3.94451, 1.0, 1.0, -1.17121],
                                             [1.0, -0.25582, -0.42357, 1.0, 0.36908]], rtol=1e-4, atol=1e-5)
    traced = tf.function(lambda a: K.ctc_batch_cost(tf.constant(Y_TRUE), a, il, ll))(y_pred)
    np.testing.assert_allclose(traced.numpy(), cost.numpy(), rtol=1e-6)


def test_ctc_decode_greedy_and_beam_match_tf_keras():
    y_pred, _, _ = _inputs()
    paths, log_prob = K.ctc_decode(y_pred, tf.constant([6, 5]))
    assert len(paths) == 1 and paths[0].dtype == tf.int64
    assert paths[0].numpy().tolist() == [[2, 1, 1, -1, -1, -1], [3, 1, 2, 3, -1, -1]]
    np.testing.assert_allclose(log_prob.numpy(), [[5.6454925537109375], [4.869316577911377]], rtol=1e-5)
    paths, log_prob = K.ctc_decode(y_pred, tf.constant([6, 5]), greedy=False, beam_width=10, top_paths=2)
    assert [p.numpy().tolist() for p in paths] == [[[2, 1, 3, -1, -1, -1], [3, 2, 3, -1, -1, -1]],
                                                  [[2, 1, 3, 1, -1, -1], [3, 1, 3, -1, -1, -1]]]
    np.testing.assert_allclose(log_prob.numpy(), [[-4.05403, -4.14894], [-3.13095, -3.32931]], rtol=1e-4)


def test_ctc_batch_cost_needs_column_lengths():
    y_pred, il, ll = _inputs()
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
        K.ctc_batch_cost(tf.constant(Y_TRUE), y_pred, tf.constant([[6, 1], [5, 1]]), ll)
