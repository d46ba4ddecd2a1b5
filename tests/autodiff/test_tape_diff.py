"""GradientTape and tf.custom_gradient behaviour checked against TF 2.21 (expected values and
texts are TF's)."""
import logging

import pytest

import numtf as tf

_USED = "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"


def test_tape_never_entered_raises_tfs_runtime_error():
    x = tf.constant(2.0)
    for tape in (tf.GradientTape(), tf.GradientTape(persistent=True)):
        with pytest.raises(RuntimeError) as e:
            tape.gradient(x, x)
        assert str(e.value) == _USED
    with pytest.raises(RuntimeError, match=r"only be used to compute one set"):
        tf.GradientTape().jacobian(x, x)


def test_gradient_twice_on_non_persistent_tape():
    x = tf.constant(2.0)
    with tf.GradientTape() as t:
        t.watch(x)
        y = x * x
    assert float(t.gradient(y, x)) == 4.0
    with pytest.raises(RuntimeError) as e:
        t.gradient(y, x)
    assert str(e.value) == _USED


def test_target_that_is_a_source_gets_ones_even_unwatched():
    x = tf.constant(2.0)
    v = tf.Variable(1.0)
    with tf.GradientTape() as t:
        pass
    g = t.gradient(x, [x, v])
    assert float(g[0]) == 1.0 and g[1] is None


def test_watch_error_and_unknown_unconnected_gradients():
    x = tf.constant(2.0)
    with tf.GradientTape() as t:
        with pytest.raises(ValueError) as e:
            t.watch(3.0)
        assert str(e.value) == "Passed in object 3.0 of type 'float', not tf.Tensor or tf.Variable or ExtensionType."
        t.watch(x)
        y = x * 2
    with pytest.raises(ValueError) as e:
        t.gradient(y, x, unconnected_gradients="bad")
    assert str(e.value) == "Unknown value for unconnected_gradients: 'bad'"


def test_integer_gradients_warn_only_on_watch(caplog):
    xi = tf.constant(3)
    with caplog.at_level(logging.WARNING):
        with tf.GradientTape() as t:
            t.watch(xi)
            y = xi * 2
        assert t.gradient(y, xi) is None
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert messages == ["The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32"]


def test_custom_gradient_using_variables_needs_a_variables_argument():
    v = tf.Variable(3.0)

    @tf.custom_gradient
    def bad(x):
        y = x * v

        def grad(dy):
            return dy
        return y, grad

    with tf.GradientTape() as t:
        x = tf.constant(2.0)
        t.watch(x)
        with pytest.raises(TypeError) as e:
            bad(x)
    assert str(e.value).startswith("@tf.custom_gradient grad_fn must accept keyword argument 'variables', since "
                                   "function uses variables: [<tf.Variable")
    assert str(e.value).endswith("shape=() dtype=float32, numpy=3.0>]")


def test_custom_gradient_in_tf_function_is_not_converted(caplog):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    @tf.function
    def fgrad(x):
        with tf.GradientTape() as t:
            t.watch(x)
            y = log1pexp(x)
        return t.gradient(y, x)

    with caplog.at_level(logging.WARNING):
        assert float(fgrad(tf.constant(100.0))) == 1.0
    assert "AutoGraph could not transform" not in caplog.text
