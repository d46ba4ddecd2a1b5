"""tf.signal against TF 2.21 goldens (tests/golden/signal.npz, written by tools/make_signal_golden.py):
values, dtypes and TF's gradients of every case, and the true gradient (central differences on
numtf, float64/complex128) wherever TF has a gradient rule, including the fft_length crops where
TF's rule fails and numtf returns the true gradient. Graph tracing, errors and the ND transforms
(no CPU kernel in TF 2.21: checked against NumPy) are in tests/ops/test_signal_extra.py."""
import importlib.util
import json
import os

import numpy as np
import pytest

import numtf as tf
import numtf.signal as sig

_HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(_HERE, "..", "golden", "signal.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}

# The case table and its helpers (the loss S, evaluation, central differences) are shared with the
# generator, which runs them against TF.
_spec = importlib.util.spec_from_file_location(
    "make_signal_golden", os.path.join(_HERE, "..", "..", "tools", "make_signal_golden.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

_SINGLE = ("float32", "complex64", "float16")


def _inputs(case):
    return [GOLDEN[f"{case['name']}/in{i}"] for i in range(len(case["dtypes"]))]


def _tol(arr):
    if arr.dtype.name in _SINGLE:
        return 2e-5, 2e-5
    return 1e-9, 1e-10


def _close(got, want, what):
    rtol, atol = _tol(want)
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol * scale, err_msg=what)


@pytest.mark.parametrize("name", list(CASES))
def test_value_matches_tf(name):
    case = CASES[name]
    out = gen.compile_fn(tf, sig, case["fn"])(*[tf.constant(v) for v in _inputs(case)])
    want = GOLDEN[f"{name}/out"]
    assert out.dtype.name == want.dtype.name
    assert tuple(out.shape) == want.shape
    _close(out.numpy(), want, "output")


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c["sources"] and c["tf_grad"] == "ok"])
def test_gradient_matches_tf(name):
    case = CASES[name]
    _, grads = gen.evaluate(tf, sig, case["fn"], _inputs(case), case["sources"])
    for i, g in zip(case["sources"], grads):
        want = GOLDEN[f"{name}/grad{i}"]
        assert g.dtype == want.dtype, f"input {i}: dtype {g.dtype} != TF's {want.dtype}"
        _close(g, want, f"gradient of input {i}")


_TRUE_CASES = [n for n, c in CASES.items() if c["sources"] and c["tf_grad"] != "none"
               and all(d in ("float64", "complex128") for d in c["dtypes"])]


@pytest.mark.parametrize("name", _TRUE_CASES)
def test_gradient_is_dL_dx_plus_i_dL_dy(name):
    case = CASES[name]
    inputs = _inputs(case)
    assert case["true_grad"] in (True, None), "TF's gradient is the true one wherever it works"
    _, grads = gen.evaluate(tf, sig, case["fn"], inputs, case["sources"])
    for i, g in zip(case["sources"], grads):
        np.testing.assert_allclose(g, gen.true_gradient(tf, sig, case["fn"], inputs, i), rtol=1e-6, atol=1e-6,
                                   err_msg=f"gradient of input {i}")


def test_where_tf_gradients_fail_is_recorded():
    # TF's RFFT/IRFFT(2D) rules break when fft_length crops the input; numtf gives the true gradient.
    assert {n for n, c in CASES.items() if c["tf_grad"] == "error"} == {
        "rfft_crop", "rfft2d_crop", "irfft_crop", "irfft2d_crop0", "stft_short_fft"}
    assert {n for n, c in CASES.items() if c["tf_grad"] == "none"} == {"rfft3d", "irfft3d"}


@pytest.mark.parametrize("fn,dtype", [(sig.rfft3d, tf.float64), (sig.irfft3d, tf.complex128)])
def test_no_gradient_where_tf_registers_none(fn, dtype):
    x = tf.ones([2, 2, 2], dtype)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.math.real(fn(x)))
    with pytest.raises(LookupError, match="gradient registry has no entry for: " + ("RFFT3D" if dtype == tf.float64
                                                                                     else "IRFFT3D")):
        tape.gradient(y, x)


def test_second_order_gradients_of_fft_and_rfft():
    x = tf.constant(np.random.default_rng(3).standard_normal(6))

    def first(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = tf.reduce_sum(tf.abs(sig.rfft(t * t)) ** 2)
        return tape.gradient(y, t)
    with tf.GradientTape() as outer:
        outer.watch(x)
        g = tf.reduce_sum(first(x) * tf.constant(np.arange(6.0)))
    got = outer.gradient(g, x).numpy()
    eps, want = 1e-6, np.zeros(6)
    for j in range(6):
        d = np.zeros(6)
        d[j] = eps
        up = float(tf.reduce_sum(first(tf.constant(x.numpy() + d)) * np.arange(6.0)))
        down = float(tf.reduce_sum(first(tf.constant(x.numpy() - d)) * np.arange(6.0)))
        want[j] = (up - down) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_round_trips():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 8)).astype(np.float32)
    np.testing.assert_allclose(sig.irfft(sig.rfft(x)).numpy(), x, atol=1e-5)
    z = (x + 1j * x[::-1]).astype(np.complex64)
    np.testing.assert_allclose(sig.ifft2d(sig.fft2d(z)).numpy(), z, atol=1e-5)
    np.testing.assert_allclose(sig.idct(sig.dct(x, type=3, norm="ortho"), type=3, norm="ortho").numpy(), x, atol=1e-5)
    np.testing.assert_allclose(sig.idct(sig.dct(x, type=1), type=1).numpy() / (2 * 7), x, atol=1e-5)
    s = rng.standard_normal(64).astype(np.float32)
    back = sig.inverse_stft(sig.stft(s, 16, 4), 16, 4, window_fn=sig.inverse_stft_window_fn(4)).numpy()
    np.testing.assert_allclose(back[12:-12], s[12:-12], atol=1e-5)  # away from the ends
    back = sig.inverse_mdct(sig.mdct(s, 8, norm="ortho"), norm="ortho").numpy()
    np.testing.assert_allclose(back[4:-4], s[4:-4], atol=1e-5)
