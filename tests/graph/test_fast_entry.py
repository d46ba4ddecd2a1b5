"""A traced function called again and again with the same shapes runs through its generated entry
(numtf.graph.fast_entry): every call here must behave exactly as the generic path and as TF.
Run with NUMTF_TEST_AGAINST=tensorflow under the TF venv to check the expectations against TF."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
AGAINST_TF = os.environ.get("NUMTF_TEST_AGAINST") == "tensorflow"
CALLS = 4  # enough for the plan to compile and the entry to take over


def test_the_entry_takes_over_and_gives_the_same_results():
    @tf.function
    def f(x, w):
        return tf.tanh(tf.matmul(x, w) + 1.0) * x

    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3) / 6)
    w = tf.constant(np.eye(3, dtype=np.float32))
    expected = np.tanh(x.numpy() @ w.numpy() + 1.0) * x.numpy()
    for _ in range(CALLS):
        out = f(x, w)
        assert out.dtype == tf.float32 and out.shape == (2, 3)
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
    if not AGAINST_TF:
        assert f._entry is not None and f.experimental_get_tracing_count() == 1


def test_arrays_are_copied_and_other_shapes_and_dtypes_retrace():
    @tf.function
    def f(x):
        return x + 1

    a = np.ones((2, 2), np.float32)
    for _ in range(CALLS):
        out = f(a)
    a[:] = 5  # the caller changes its array: the result made from it stays
    np.testing.assert_array_equal(out.numpy(), np.full((2, 2), 2, np.float32))
    np.testing.assert_array_equal(f(a).numpy(), np.full((2, 2), 6, np.float32))
    assert f(np.ones(3, np.float32)).shape == (3,)  # another shape: a new trace
    assert f(np.ones((2, 2), np.float64)).dtype == tf.float64  # another dtype: a new trace
    assert f(tf.ones((2, 2), tf.int32)).dtype == tf.int32
    np.testing.assert_array_equal(f(a).numpy(), np.full((2, 2), 6, np.float32))
    assert f.experimental_get_tracing_count() == 4


def test_an_identity_returns_a_tensor_of_its_input():
    f = tf.function(lambda x: x)
    x = tf.constant([1.0, 2.0])
    for _ in range(CALLS):
        out = f(x)
    np.testing.assert_array_equal(out.numpy(), [1.0, 2.0])
    a = np.array([3.0, 4.0], np.float32)
    for _ in range(CALLS):
        out = f(a)
    a[0] = 0.0
    np.testing.assert_array_equal(out.numpy(), [3.0, 4.0])


def test_input_signature_with_unknown_batch_accepts_every_batch_and_rejects_bad_ranks():
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def f(x):
        return tf.reduce_sum(x, axis=1)

    for n in (3, 3, 3, 5, 5, 5, 3):
        np.testing.assert_allclose(f(tf.ones((n, 2))).numpy(), np.full(n, 2.0))
    np.testing.assert_allclose(f(np.ones((4, 2), np.float64)).numpy(), np.full(4, 2.0))  # converted
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises((TypeError, ValueError)):
        f(tf.ones((3, 3)))
    with pytest.raises((TypeError, ValueError)):
        f(tf.ones((3,)))


def test_structured_outputs_and_no_arguments():
    v = tf.Variable(1.0)

    @tf.function
    def pair(x):
        return {"sum": x + v, "parts": (x, v * 2.0)}

    @tf.function
    def count():
        v.assign_add(1.0)
        return v.read_value()

    for i in range(CALLS):
        out = pair(tf.constant(2.0))
        assert sorted(out) == ["parts", "sum"] and float(out["sum"]) == 3.0
        assert float(out["parts"][0]) == 2.0 and float(out["parts"][1]) == 2.0
    for i in range(CALLS):
        assert float(count()) == 2.0 + i  # the assign runs on every call
    assert float(v) == 1.0 + CALLS


def test_gradients_nested_traces_and_eager_mode_after_the_entry_exists(capfd):
    @tf.function
    def f(x):
        print("tracing")
        tf.print("running")
        return x * x

    x = tf.constant(3.0)
    for _ in range(CALLS):
        f(x)
    with tf.GradientTape() as tape:  # a recording tape: the call is recorded
        tape.watch(x)
        y = f(x)
    assert float(tape.gradient(y, x)) == 6.0

    @tf.function
    def outer(x):
        return f(x) + 1.0  # called while tracing: inlined
    assert float(outer(x)) == 10.0
    tf.config.run_functions_eagerly(True)
    try:
        assert float(f(x)) == 9.0  # runs the Python: prints "tracing" again
    finally:
        tf.config.run_functions_eagerly(False)
    assert float(f(x)) == 9.0
    out, err = capfd.readouterr()
    assert out.count("tracing") == 2  # the first trace and the eager run (outer copies the trace in)
    assert err.count("running") == CALLS + 4


def test_a_kernel_failure_in_the_entry_is_tf_error_naming_the_op():
    @tf.function
    def f(x, i):
        return tf.gather(x, i)

    x = tf.constant([1.0, 2.0, 3.0])
    for _ in range(CALLS):
        assert float(f(x, tf.constant(1))) == 2.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="GatherV2"):
        f(x, tf.constant(7))


@pytest.mark.skipif(AGAINST_TF, reason="numtf's generated entry (internal)")
def test_entry_misses_fall_back_to_the_generic_path():
    from numtf.graph.fast_entry import MISS
    f = tf.function(lambda x, y: x * y)
    x = tf.constant([1.0, 2.0])
    for _ in range(CALLS):
        f(x, x)
    entry = f._entry
    assert entry((x, x)) is not MISS
    assert entry((x,)) is MISS and entry((x, x, x)) is MISS  # another number of arguments
    assert entry((x, tf.constant([1, 2]))) is MISS  # another dtype
    assert entry((x, tf.constant([1.0, 2.0, 3.0]))) is MISS  # another shape
    assert entry((x, 2.0)) is MISS  # a Python number: keyed by value on the generic path
    assert entry((x, np.array(["a", "b"]))) is MISS
    np.testing.assert_array_equal(f(x, 2.0).numpy(), [2.0, 4.0])
