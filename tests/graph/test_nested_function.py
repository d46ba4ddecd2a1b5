"""A tf.function called while another is being traced: its trace is reused (its Python runs only
when it traces), its side effects run on every outer call, gradients flow through it, and it may
read the outer trace's tensors. Run with NUMTF_TEST_AGAINST=tensorflow under the TF venv to check
these expectations against TensorFlow itself."""
import importlib
import os

import numpy as np

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


def test_a_nested_call_reuses_the_inner_trace(capfd):
    @tf.function
    def inner(x):
        print("trace inner")
        tf.print("run inner")
        return x * x

    @tf.function
    def outer(x):
        print("trace outer")
        return inner(x) + 1.0

    x = tf.constant(3.0)
    assert float(outer(x)) == 10.0  # traces inner inside outer's trace
    assert float(inner(x)) == 9.0  # the same signature: no new trace
    assert float(outer(x)) == 10.0
    assert float(outer(tf.constant([1.0, 2.0]))[1]) == 5.0  # a new shape traces both again
    out, err = capfd.readouterr()
    assert out.split() == ["trace", "outer", "trace", "inner", "trace", "outer", "trace", "inner"]
    assert err.count("run inner") == 4
    assert inner.experimental_get_tracing_count() == 2


def test_gradients_through_a_nested_function():
    v = tf.Variable(2.0)

    @tf.function
    def inner(x):
        return tf.sin(x) * v

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:  # a tape inside the outer trace sees the inner ops and read
            tape.watch(x)
            y = inner(x) * x
        return tape.gradient(y, [x, v])

    x = tf.constant(0.5)
    inner(x)  # traced first, outside
    gx, gv = step(x)
    np.testing.assert_allclose(float(gx), 2.0 * (np.cos(0.5) * 0.5 + np.sin(0.5)), rtol=1e-6)
    np.testing.assert_allclose(float(gv), np.sin(0.5) * 0.5, rtol=1e-6)

    @tf.function
    def outer(x):
        return inner(x) + x

    with tf.GradientTape() as tape:  # the outer call recorded eagerly
        tape.watch(x)
        y = outer(x)
    np.testing.assert_allclose(float(tape.gradient(y, x)), 2.0 * np.cos(0.5) + 1.0, rtol=1e-6)


def test_a_nested_function_may_read_the_outer_traces_tensors_and_branch():
    @tf.function
    def outer(x):
        shift = x * 10.0

        @tf.function
        def inner(y):
            if y > 0:  # AutoGraph: a tf.cond inside the nested trace
                return y + shift
            return y - shift
        return inner(x) * inner(-x)  # (11 x) * (-11 x)

    np.testing.assert_allclose(float(outer(tf.constant(1.0))), -121.0)
    np.testing.assert_allclose(float(outer(tf.constant(2.0))), -484.0)


def test_assigns_in_a_nested_function_run_on_every_outer_call():
    counter = tf.Variable(0)

    @tf.function
    def bump():
        counter.assign_add(1)
        return counter.read_value()

    @tf.function
    def twice():
        bump()
        return bump()

    assert int(twice()) == 2
    assert int(twice()) == 4
    assert int(bump()) == 5
