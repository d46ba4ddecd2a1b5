"""tf.function behaviour checked against TF 2.21 (the expected texts and values are TF's):
argument binding, input_signature errors, concrete functions called by structure, and the
frequent-retracing warning."""
import logging

import numpy as np
import pytest

import numtf as tf


def test_input_signature_accepts_keyword_arguments():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.int32, name="n")])
    def g(x, n):
        return x * tf.cast(n, tf.float32)

    assert g(x=tf.constant([1.0]), n=tf.constant(2)).numpy().tolist() == [2.0]
    assert g(tf.constant([1.0]), n=tf.constant(2)).numpy().tolist() == [2.0]
    assert g.experimental_get_tracing_count() == 1


def test_input_signature_binding_errors_have_tfs_text():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def g(x):
        return x + 1

    sig = "for signature: (x: TensorSpec(shape=(None,), dtype=tf.float32, name=None))."
    with pytest.raises(TypeError) as e:
        g(tf.constant(1.0))
    assert str(e.value) == (
        "Binding inputs to tf.function failed due to `Can not cast TensorSpec(shape=(), dtype=tf.float32, "
        "name=None) to TensorSpec(shape=(None,), dtype=tf.float32, name=None)`. Received args: "
        "(<tf.Tensor: shape=(), dtype=float32, numpy=1.0>,) and kwargs: {} " + sig)
    with pytest.raises(TypeError, match="failed due to `too many positional arguments`"):
        g(tf.constant([1.0]), tf.constant([2.0]))
    with pytest.raises(TypeError, match="failed due to `missing a required argument: 'x'`"):
        g()
    with pytest.raises(TypeError, match="failed due to `Cannot convert 'a' to EagerTensor of dtype float"):
        g("a")


def test_defaults_and_keywords_share_one_trace():
    @tf.function
    def f(x, scale=2.0):
        return x * scale

    x = tf.constant(1.0)
    f(x)
    f(x, 2.0)
    f(scale=2.0, x=x)
    assert f.experimental_get_tracing_count() == 1
    f(x, 3.0)
    assert f.experimental_get_tracing_count() == 2


def test_concrete_function_structured_call_and_signature():
    @tf.function
    def h(a, b=2.0, c=None):
        return {"s": a + b, "p": [a * b, a - b]}

    cf = h.get_concrete_function(tf.TensorSpec([2], tf.float32), tf.TensorSpec([], tf.float32))
    args, kwargs = cf.structured_input_signature
    # (as in TF, specs are equal only when their names are too)
    assert args == (tf.TensorSpec([2], tf.float32, "a"), tf.TensorSpec([], tf.float32, "b"), None) and kwargs == {}
    assert args[0] != tf.TensorSpec([2], tf.float32)
    out = cf(a=tf.constant([1.0, 2.0]), b=tf.constant(3.0))
    assert out["s"].numpy().tolist() == [4.0, 5.0] and out["p"][1].numpy().tolist() == [-2.0, -1.0]
    assert cf(tf.constant([1.0, 2.0]), tf.constant(3.0))["p"][0].numpy().tolist() == [3.0, 6.0]
    assert [i.name for i in cf.inputs] == ["a:0", "b:0"]
    assert cf.name.startswith(b"__inference_h")
    assert repr(cf.function_type) == (
        "(a: TensorSpec(shape=(2,), dtype=tf.float32, name=None), b: TensorSpec(shape=(), dtype=tf.float32, "
        "name=None), c: Literal[None]) -> Dict[['s', TensorSpec(shape=(2,), dtype=tf.float32, name=None)], "
        "['p', List[TensorSpec(shape=(2,), dtype=tf.float32, name=None), TensorSpec(shape=(2,), "
        "dtype=tf.float32, name=None)]]]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"as input #0\(zero-based\) was expected to be a "
                                                             "float tensor but is a int32 tensor"):
        cf(tf.constant([1, 2]), tf.constant(3.0))
    with pytest.raises(TypeError, match="Binding inputs to tf.function failed"):
        cf([1.0, 2.0], tf.constant(3.0))


def test_concrete_function_prints_tfs_layout():
    @tf.function
    def h(a, b=2.0):
        return a * b

    cf = h.get_concrete_function(tf.TensorSpec([2], tf.float32))
    assert str(cf) == ("ConcreteFunction Input Parameters:\n"
                       "  a (POSITIONAL_OR_KEYWORD): TensorSpec(shape=(2,), dtype=tf.float32, name=None)\n"
                       "  b (POSITIONAL_OR_KEYWORD): Literal[2.0]\n"
                       "Output Type:\n"
                       "  TensorSpec(shape=(2,), dtype=tf.float32, name=None)\n"
                       "Captures:\n"
                       "  None")


def test_nested_spec_names():
    @tf.function
    def k(d):
        return d["x"] + d["y"][0]

    cf = k.get_concrete_function({"x": tf.TensorSpec([], tf.float32),
                                  "y": [tf.TensorSpec([], tf.float32, name="yy")]})
    (d,), _ = cf.structured_input_signature
    assert d["x"].name == "d_x" and d["y"][0].name == "yy"
    assert [i.name for i in cf.inputs] == ["d:0", "yy:0"]
    assert float(cf({"x": tf.constant(1.0), "y": [tf.constant(2.0)]})) == 3.0


def _retrace_warnings(caplog):
    return [r.getMessage().split(" triggered")[0] for r in caplog.records
            if "triggered tf.function retracing" in r.getMessage()]


def test_handbook_quiz_retracing_warnings(caplog):
    # the quiz of model-chapter-zh.rst: TF warns after the 9th and the 10th call, and no more
    @tf.function
    def f(x):
        tf.print(x)

    with caplog.at_level(logging.WARNING):
        for v in [tf.constant(1), tf.constant(2), np.array(2, np.int32), tf.constant(0.1), tf.constant(0.2),
                  1, 2, 1, 0.1, 0.2, 0.1]:
            f(v)
    names = [w.split(" calls to ")[0] for w in _retrace_warnings(caplog)]
    assert names == ["5 out of the last 9", "6 out of the last 10"]
    assert "calls to <function test_handbook_quiz_retracing_warnings.<locals>.f at 0x" in _retrace_warnings(caplog)[0]


def test_retracing_warning_counts_functions_made_in_a_loop(caplog):
    def body(x):
        return x + 1

    with caplog.at_level(logging.WARNING):
        for _ in range(7):
            tf.function(body)(tf.constant(1.0))
    assert [w.split(" calls to ")[0] for w in _retrace_warnings(caplog)] == ["5 out of the last 5",
                                                                              "6 out of the last 6"]


def test_jit_compile_is_accepted():
    f = tf.function(lambda x: x * 2, jit_compile=True)
    assert float(f(tf.constant(1.0))) == 2.0
