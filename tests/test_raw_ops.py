"""tf.raw_ops: TF's op names and keyword arguments over numtf's ops.

Values, dtypes, shapes and result types come from tests/golden/raw_ops.json (written by
tools/make_raw_ops_golden.py under real TensorFlow 2.21); messages are TF's literal text.
"""
import inspect
import json
import os

import numpy as np
import pytest

import numtf as tf
from numtf import raw_ops

_HERE = os.path.dirname(__file__)
with open(os.path.join(_HERE, "golden", "raw_ops.json")) as _f:
    GOLDEN = json.load(_f)["cases"]


def build(value):
    """A golden case's encoded argument as a numtf tensor, dtype or plain value (the encoding of
    tools/make_raw_ops_golden.py)."""
    if isinstance(value, list):
        return [build(v) for v in value]
    if isinstance(value, dict):
        if "dtype" in value:
            return tf.as_dtype(value["dtype"])
        if "re" in value:
            return tf.constant((np.array(value["re"]) + 1j * np.array(value["im"])).astype(value["d"]))
        return tf.constant(value["t"], dtype=value["d"])
    return value


# Singular and eigen vectors are unique up to sign: compared in absolute value.
_SIGN_FREE = {("Svd", 1), ("Svd", 2), ("SelfAdjointEigV2", 1)}


def _check(want, got, sign_free=False):
    assert got.dtype.name == want["d"]
    assert list(got.shape) == want["s"]
    a = got.numpy()
    if "v" in want:
        if a.dtype == object:
            assert [b.decode("latin-1") for b in np.ravel(a)] == want["v"]
        else:
            expect = np.array([np.nan if v is None else v for v in want["v"]], dtype=np.float64)
            a = np.ravel(a).astype(np.float64)
            if sign_free:
                a, expect = np.abs(a), np.abs(expect)
            np.testing.assert_allclose(a, expect, rtol=2e-5, atol=2e-6)
    elif "re" in want:
        np.testing.assert_allclose(np.ravel(a), np.array(want["re"]) + 1j * np.array(want["im"]),
                                   rtol=2e-5, atol=2e-6)


def _ids(case):
    return case["op"]


@pytest.mark.parametrize("case", GOLDEN, ids=[_ids(c) for c in GOLDEN])
def test_matches_tensorflow(case):
    fn = getattr(raw_ops, case["op"])
    want = case["out"]
    kwargs = {k: build(v) for k, v in case["kwargs"].items()}
    if "error" in want:
        with pytest.raises(Exception) as info:
            fn(**kwargs)
        assert type(info.value).__name__ == want["error"][0]
        if want["error"][0] == "TypeError":
            assert str(info.value) == want["error"][1]
        return
    got = fn(**kwargs)
    if "type" in want:
        assert type(got).__name__ == want["type"] and list(got._fields) == want["fields"]
        assert len(got) == len(want["outs"])
        for i, (w, g) in enumerate(zip(want["outs"], got)):
            _check(w, g, (case["op"], i) in _SIGN_FREE)
    elif "list" in want:
        assert isinstance(got, list) and len(got) == len(want["list"])
        for w, g in zip(want["list"], got):
            _check(w, g)
    else:
        _check(want, got)


def test_every_supported_op_has_a_golden_case():
    covered = {c["op"] for c in GOLDEN}
    assert len(dir(raw_ops)) >= 150
    assert sorted(set(dir(raw_ops)) - covered) == []


def test_keyword_only_and_missing_arguments_raise_tfs_type_errors():
    with pytest.raises(TypeError) as e:
        raw_ops.Add(1, 2)
    assert str(e.value) == ("add only takes keyword args (possible keys: ['x', 'y', 'name']). "
                            "Please pass these args as kwargs instead.")
    with pytest.raises(TypeError, match=r"^add\(\) missing 1 required positional argument: 'y'$"):
        raw_ops.Add(x=1)
    with pytest.raises(TypeError, match=r"^add\(\) got an unexpected keyword argument 'z'$"):
        raw_ops.Add(x=1, y=2, z=3)
    with pytest.raises(TypeError, match=r"^_sum\(\) missing 1 required positional argument: 'axis'$"):
        raw_ops.Sum(input=[1, 2])
    with pytest.raises(TypeError, match=r"^mean\(\) got an unexpected keyword argument 'keepdims'$"):
        raw_ops.Mean(input=[1, 2], axis=0, keepdims=True)


def test_unknown_op_is_an_attribute_error_and_signatures_are_tfs():
    with pytest.raises(AttributeError, match="module 'numtf.raw_ops' has no attribute 'NoSuchOp'"):
        raw_ops.NoSuchOp  # noqa: B018
    assert str(inspect.signature(raw_ops.Sum)) == "(input, axis, keep_dims=False, name=None)"
    assert str(inspect.signature(raw_ops.Conv2D)) == (
        "(input, filter, strides, padding, use_cudnn_on_gpu=True, explicit_paddings=[], data_format='NHWC', "
        "dilations=[1, 1, 1, 1], name=None)")
    assert str(inspect.signature(raw_ops.ArgMax)) == "(input, dimension, output_type=tf.int64, name=None)"
    assert raw_ops.Conv2D.__name__ == "conv2d" and raw_ops.FFT2D.__name__ == "fft2d"
    assert raw_ops.Max.__name__ == "_max" and raw_ops.AddV2.__name__ == "add_v2"
    assert "tf.raw_ops.MatMul" in raw_ops.MatMul.__doc__
    assert raw_ops.Sum(input=[1, 2], axis=0, name="total").numpy() == 3


def test_raw_ops_trace_in_tf_function_and_differentiate():
    @tf.function
    def f(x, w):
        y = raw_ops.MatMul(a=x, b=w, transpose_b=True)
        return raw_ops.Sum(input=raw_ops.Relu(features=y), axis=[0, 1])

    x = tf.constant([[1.0, -2.0], [3.0, 4.0]])
    w = tf.Variable([[0.5, 1.0]])
    assert float(f(x, w)) == pytest.approx(float(np.maximum(x.numpy() @ w.numpy().T, 0).sum()))
    with tf.GradientTape() as tape:
        loss = f(x, w)
    g = tape.gradient(loss, w)
    np.testing.assert_allclose(g.numpy(), [[3.0, 4.0]])  # only the second row is active
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = raw_ops.Tanh(x=x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 1 - np.tanh(x.numpy()) ** 2, rtol=1e-6)


def test_random_seed_semantics():
    a = raw_ops.RandomUniform(shape=[3], dtype=tf.float32, seed=1, seed2=2)
    b = raw_ops.RandomUniform(shape=[3], dtype=tf.float32, seed=1, seed2=2)
    assert not np.array_equal(a.numpy(), b.numpy())  # one stream per (seed, seed2): it advances
    tf.random.set_seed(5)  # ... and set_seed restarts it
    c = raw_ops.RandomUniform(shape=[3], dtype=tf.float32, seed=1, seed2=2)
    tf.random.set_seed(None)
    np.testing.assert_array_equal(a.numpy(), c.numpy())
    s1 = raw_ops.StatelessRandomNormal(shape=[4], seed=[3, 4])
    np.testing.assert_array_equal(s1.numpy(), raw_ops.StatelessRandomNormal(shape=[4], seed=[3, 4]).numpy())
    k = dict(shape=[4], key=[7], alg=1)
    v1 = raw_ops.StatelessRandomUniformV2(counter=[0, 0], **k)
    np.testing.assert_array_equal(v1.numpy(), raw_ops.StatelessRandomUniformV2(counter=[0, 0], **k).numpy())
    assert not np.array_equal(v1.numpy(), raw_ops.StatelessRandomUniformV2(counter=[0, 1], **k).numpy())
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"key must have shape \[1\], not \[2\]"):
        raw_ops.StatelessRandomUniformV2(shape=[2], key=[1, 2], counter=[0, 0], alg=1)


def test_unsupported_attrs_raise_not_implemented():
    with pytest.raises(NotImplementedError, match="incompatible_shape_error=False"):
        raw_ops.Equal(x=[1, 2], y=[1, 2, 3], incompatible_shape_error=False)


def test_random_raw_ops_in_tf_function():
    @tf.function
    def f():
        return (raw_ops.RandomUniform(shape=[2], dtype=tf.float32, seed=1, seed2=2),
                raw_ops.StatelessRandomUniformV2(shape=[2], key=[1], counter=[0, 0], alg=1))

    (a1, s1), (a2, s2) = f(), f()
    assert a1.shape == [2] and not np.array_equal(a1.numpy(), a2.numpy())
    np.testing.assert_array_equal(s1.numpy(), s2.numpy())
