"""tf.function tracing rules. Run with NUMTF_TEST_AGAINST=tensorflow under the TF venv to check
these expectations against TensorFlow itself."""
import importlib
import logging
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


def test_handbook_quiz(capfd):
    # print writes to stdout while tracing; tf.print writes to stderr each time the graph runs
    @tf.function
    def f(x):
        print("The function is running in Python")
        tf.print(x)

    a = tf.constant(1, dtype=tf.int32)
    f(a)
    b = tf.constant(2, dtype=tf.int32)
    f(b)
    b_ = np.array(2, dtype=np.int32)
    f(b_)
    c = tf.constant(0.1, dtype=tf.float32)
    f(c)
    d = tf.constant(0.2, dtype=tf.float32)
    f(d)
    f(1)
    f(2)
    f(1)
    f(0.1)
    f(0.2)
    f(0.1)
    out, err = capfd.readouterr()
    assert out == "The function is running in Python\n" * 6
    printed = [line for line in err.splitlines() if line.replace(".", "").isdigit()]  # (TF adds log lines)
    assert printed == ["1", "2", "2", "0.1", "0.2", "1", "2", "1", "0.1", "0.2", "0.1"]


def test_handbook_quiz_2(capsys):
    a = tf.Variable(0.0)

    @tf.function
    def g():
        a.assign(a + 1.0)
        return a

    print(g())
    print(g())
    print(g())
    assert capsys.readouterr().out == ("tf.Tensor(1.0, shape=(), dtype=float32)\n"
                                       "tf.Tensor(2.0, shape=(), dtype=float32)\n"
                                       "tf.Tensor(3.0, shape=(), dtype=float32)\n")


def test_placeholders_are_named_after_arguments(capsys):
    @tf.function
    def f(x, y):
        print(x, y)
        return x + y

    f(tf.constant(1.0), tf.constant([1.0, 2.0]))
    out = capsys.readouterr().out
    assert 'Tensor("x:0", shape=(), dtype=float32)' in out
    assert 'Tensor("y:0", shape=(2,), dtype=float32)' in out


def test_retrace_on_shape_and_dtype_not_on_value():
    traces = []

    @tf.function
    def f(x):
        traces.append(1)
        return x * 2

    f(tf.constant(1.0))
    f(tf.constant(5.0))
    assert len(traces) == 1
    f(tf.constant([1.0]))
    assert len(traces) == 2
    f(tf.constant(1))
    assert len(traces) == 3
    assert f.experimental_get_tracing_count() == 3


def test_numpy_arguments_share_traces_with_tensors_and_are_copied():
    traces = []

    @tf.function
    def f(x):
        traces.append(1)
        return tf.identity(x)

    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    for arg in (a, tf.constant(a), a, a + 1):  # arrays and tensors of one shape and dtype: one trace
        out = f(arg)
    assert len(traces) == 1 and out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), a + 1)
    kept = f(a)
    a[0, 0] = 99.0  # the call took a copy, as TF converts the array to a tensor
    assert kept.numpy()[0, 0] == 0.0
    f(a.astype(np.float64))
    f(np.zeros((3, 3), np.float32))
    assert len(traces) == 3  # a new dtype, a new shape


def test_input_signature_converts_numpy_arguments_every_call():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x * 2

    for _ in range(3):
        out = f(np.array([1.0, 2.0]))  # float64 array, float32 signature
        assert out.dtype == tf.float32
        np.testing.assert_array_equal(out.numpy(), [2.0, 4.0])


def test_input_signature_with_none_dims():
    traces = []

    @tf.function(input_signature=[tf.TensorSpec(shape=[None], dtype=tf.float32)])
    def f(x):
        traces.append(x.shape.as_list())
        return tf.reduce_sum(x)

    assert float(f(tf.constant([1.0, 2.0]))) == 3.0
    assert float(f(tf.constant([1.0, 2.0, 3.0]))) == 6.0
    assert traces == [[None]]
    with pytest.raises((TypeError, ValueError)):
        f(tf.constant([[1.0]]))
    with pytest.raises((TypeError, ValueError)):
        f(tf.constant([1, 2]))


def test_reduce_retracing_relaxes_shapes():
    traces = []

    @tf.function(reduce_retracing=True)
    def f(x):
        traces.append(x.shape.as_list())
        return x + 1

    f(tf.constant([1.0]))
    f(tf.constant([1.0, 2.0]))
    f(tf.constant([1.0, 2.0, 3.0]))
    assert traces == [[1], [None]]


def test_python_globals_are_frozen_at_trace():
    scale = [2.0]

    @tf.function
    def f(x):
        return x * scale[0]

    assert float(f(tf.constant(1.0))) == 2.0
    scale[0] = 10.0
    assert float(f(tf.constant(1.0))) == 2.0


def test_variables_created_on_first_trace_only():
    holder = []

    @tf.function
    def f(x):
        if not holder:
            holder.append(tf.Variable(1.0))
        return x * holder[0]

    assert float(f(tf.constant(2.0))) == 2.0
    assert float(f(tf.constant(3.0))) == 3.0

    @tf.function
    def g(x):
        v = tf.Variable(1.0)
        return x * v

    with pytest.raises(ValueError, match="tf.function only supports singleton tf.Variables created on the first call"):
        g(tf.constant(1.0))


def test_gradient_through_traced_call():
    w = tf.Variable([[1.0], [2.0]])

    @tf.function
    def loss(x):
        return tf.reduce_sum(tf.square(tf.matmul(x, w)))

    x = tf.constant([[1.0, 2.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        value = loss(x)
    gx, gw = tape.gradient(value, [x, w])
    assert float(value) == 25.0
    np.testing.assert_allclose(gw.numpy(), [[10.0], [20.0]])
    np.testing.assert_allclose(gx.numpy(), [[10.0, 20.0]])


def test_gradient_inside_traced_function():
    w = tf.Variable(3.0)

    @tf.function
    def grad():
        with tf.GradientTape() as tape:
            y = w * w
        return tape.gradient(y, w)

    assert float(grad()) == 6.0


def test_methods_and_keras_model():
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(2, kernel_initializer="ones")

        @tf.function
        def call(self, x):
            return self.d(x)

    net = Net()
    np.testing.assert_allclose(net(tf.ones((1, 3))).numpy(), [[3.0, 3.0]])
    assert len(net.variables) == 2


def test_run_functions_eagerly(capsys):
    @tf.function
    def f(x):
        print("python", x.numpy() if hasattr(x, "numpy") and tf.executing_eagerly() else "graph")
        return x

    tf.config.run_functions_eagerly(True)
    try:
        f(tf.constant(1))
        f(tf.constant(2))
    finally:
        tf.config.run_functions_eagerly(False)
    assert capsys.readouterr().out == "python 1\npython 2\n"


def test_concrete_function_and_python_function():
    def raw(x):
        return x + 1

    f = tf.function(raw)
    assert f.python_function is raw
    cf = f.get_concrete_function(tf.TensorSpec([None, 2], tf.float32))
    assert cf.inputs[0].shape.as_list() == [None, 2]
    assert float(cf(tf.constant([[1.0, 2.0]]))[0, 1]) == 3.0


def test_nested_functions():
    @tf.function
    def inner(x):
        return x * 2

    @tf.function
    def outer(x):
        return inner(x) + 1

    assert float(outer(tf.constant(3.0))) == 7.0


def test_retracing_warning(caplog):
    @tf.function
    def f(x):
        return x

    with caplog.at_level(logging.WARNING):
        for i in range(8):
            f(tf.ones([i + 1]))
    # TF's text, twice at most: "5 out of the last 5 calls to <function ...f at 0x...> triggered ..."
    warnings = [r.getMessage() for r in caplog.records if "triggered tf.function retracing" in r.getMessage()]
    assert [w.split(" calls to ")[0] for w in warnings] == ["5 out of the last 5", "6 out of the last 6"]
    assert "<function test_retracing_warning.<locals>.f at 0x" in warnings[0]


def test_python_values_returned_come_back_as_tensors():
    # TF 2.21 returns strings and bools as tensors too (numtf returned them as Python values).
    s = tf.function(lambda: "s")()
    assert tf.is_tensor(s) and s.dtype == tf.string and s.numpy() == b"s"
    out = tf.function(lambda: {"a": 2, "b": (True,), "c": [1.5, None]})()
    assert out["a"].dtype == tf.int32 and out["b"][0].dtype == tf.bool and bool(out["b"][0])
    assert out["c"][0].dtype == tf.float32 and out["c"][1] is None


def test_a_first_call_that_creates_variables_traces_twice_and_counts_both(capfd):
    # TF traces again (without creating variables) after a trace that created them: Python side
    # effects run twice and experimental_get_tracing_count says 2
    model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
    opt = tf.keras.optimizers.Adam()

    @tf.function
    def step(x):
        print("trace")
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(model(x))
        opt.apply_gradients(zip(tape.gradient(loss, model.variables), model.variables))
        return loss

    x = tf.ones((2, 4))
    step(x)
    step(x)
    assert capfd.readouterr().out == "trace\ntrace\n"
    assert step.experimental_get_tracing_count() == 2
