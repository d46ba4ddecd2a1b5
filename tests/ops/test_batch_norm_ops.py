"""Fused batch normalization (numtf/ops/batch_norm_ops.py) against TF's FusedBatchNormV3
(tests/golden/batch_norm.npz, written by tools/make_batch_norm_golden.py): outputs, statistics and
gradients; float64 finite differences of the kernels; TF's errors; malloc tuning."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import numtf as tf
from numtf.ops.batch_norm_ops import _fused
from helpers import check_gradients

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "batch_norm.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}


@pytest.mark.parametrize("name", list(CASES))
def test_fused_batch_norm_matches_tf(name):
    case, g = CASES[name], lambda k: GOLDEN[f"{name}/{k}"]
    kwargs = dict(case["kwargs"])
    if case["stats"]:
        kwargs.update(mean=g("mean"), variance=g("variance"))
    xs = [tf.constant(g(k)) for k in ("x", "scale", "offset")]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y, mean, variance = tf.compat.v1.nn.fused_batch_norm(*xs, **kwargs)
        loss = tf.reduce_sum(y * g("w"))
    np.testing.assert_allclose(y.numpy(), g("y"), rtol=1e-5, atol=2e-5)
    np.testing.assert_allclose(mean.numpy(), g("batch_mean"), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(variance.numpy(), g("batch_variance"), rtol=1e-5, atol=1e-6)
    for got, key in zip(tape.gradient(loss, xs), ("dx", "dscale", "doffset")):
        np.testing.assert_allclose(got.numpy(), g(key), rtol=1e-4, atol=1e-4, err_msg=key)


@pytest.mark.parametrize("is_training, fmt, shape", [(True, "NHWC", (2, 4, 4, 3)), (True, "NCHW", (2, 3, 2, 4)),
                                                     (False, "NHWC", (3, 2, 2, 5)), (True, "NHWC", (4, 2, 2, 64))])
def test_fused_batch_norm_gradients_match_finite_differences(is_training, fmt, shape):
    rng = np.random.default_rng(1)
    c = shape[1] if fmt == "NCHW" else shape[-1]
    x = rng.standard_normal(shape) * 2 + 0.5
    scale, offset = rng.standard_normal(c), rng.standard_normal(c)
    stats = (None, None) if is_training else (rng.standard_normal(c), rng.random(c) + 0.5)

    def f(x, scale, offset):
        return _fused(x, scale, offset, *stats, 1e-3, fmt, is_training, 1.0, allowed=(tf.float64,))[0]
    check_gradients(f, x, scale, offset, rtol=1e-5, atol=1e-6)


def test_traced_fused_batch_norm_agrees_with_eager():
    rng = np.random.default_rng(2)
    x = tf.constant(rng.standard_normal((4, 3, 3, 8)).astype(np.float32))
    scale, offset = tf.constant(rng.random(8).astype(np.float32)), tf.constant(rng.random(8).astype(np.float32))

    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y, mean, var = tf.compat.v1.nn.fused_batch_norm(x, scale, offset)
            loss = tf.reduce_sum(y * y * tf.range(8, dtype=tf.float32))
        return y, mean, var, tape.gradient(loss, x)
    for a, b in zip(step(x), tf.function(step)(x)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)


def test_fused_batch_norm_errors_are_tfs():
    x = tf.ones([2, 3, 3, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"input must be 4-dimensional\[3,3,4\]"):
        tf.compat.v1.nn.fused_batch_norm(x[0], tf.ones([4]), tf.zeros([4]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="scale must have the same number of elements as the channels of x, got 3 and 4"):
        tf.compat.v1.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'T' of float64 is not in the list"):
        tf.compat.v1.nn.fused_batch_norm(tf.ones([2, 3, 3, 4], tf.float64), tf.ones([4], tf.float64),
                                         tf.zeros([4], tf.float64))


def test_half_inputs_are_normalized_in_float32():
    x = np.random.default_rng(4).standard_normal((2, 3, 3, 4)).astype(np.float16)
    y, mean, var = tf.compat.v1.nn.fused_batch_norm(tf.constant(x), tf.ones([4]), tf.zeros([4]))
    assert y.dtype == tf.float16 and mean.dtype == tf.float32
    flat = x.astype(np.float32).reshape(-1, 4)
    expected = (flat - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3)
    np.testing.assert_allclose(y.numpy().astype(np.float32).reshape(-1, 4), expected, rtol=1e-2, atol=1e-2)


def test_malloc_tuning_applies_on_glibc_and_can_be_turned_off():
    code = "import numtf.framework.memory as m; print(m.configure())"
    env = dict(os.environ, NUMTF_MALLOC_TUNING="0")
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert off.stdout.strip() == "False"
    on = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import platform
    assert on.stdout.strip() == str(sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc")
