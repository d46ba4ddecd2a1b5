"""tf.grad_pass_through, tf.recompute_grad, tf.hessians and the TF2 top-level tf.gradients
(values checked against TensorFlow 2.21 and finite differences)."""
import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients


def test_grad_pass_through_is_a_straight_through_estimator():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.grad_pass_through(tf.round)(x * 1.4)
    assert float(y) == 3.0
    assert np.isclose(float(tape.gradient(y, x)), 1.4)  # TF: 1.4


def test_recompute_grad_gives_the_function_s_gradients():
    rng = np.random.default_rng(0)
    w = tf.Variable(rng.standard_normal((3, 2)))
    x = tf.constant(rng.standard_normal((4, 3)))
    block = tf.recompute_grad(lambda a: tf.nn.tanh(a @ w))
    plain = lambda a: tf.nn.tanh(a @ w)  # noqa: E731
    grads = []
    for fn in (block, plain):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(fn(x) ** 2)
        grads.append(tape.gradient(loss, [x, w]))
    np.testing.assert_allclose(float(tf.reduce_sum(block(x))), float(tf.reduce_sum(plain(x))))
    for a, b in zip(*grads):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)
    check_gradients(lambda a: tf.recompute_grad(lambda b: tf.sin(b) * b)(a), rng.standard_normal(5))


def test_hessians_and_gradients_inside_functions():
    @tf.function
    def h(x):
        return tf.hessians(tf.reduce_sum(x ** 3) + x[0] * x[1], [x])[0]
    np.testing.assert_allclose(h(tf.constant([1.0, 2.0])).numpy(), [[6.0, 1.0], [1.0, 12.0]])

    @tf.function
    def g(x):
        return tf.gradients(tf.reduce_sum(x * x), [x])[0]
    np.testing.assert_allclose(g(tf.constant([1.0, -2.0])).numpy(), [2.0, -4.0])
    with pytest.raises(RuntimeError, match="tf.gradients is not supported when eager execution is enabled"):
        tf.gradients(tf.constant(1.0), [tf.constant(2.0)])
