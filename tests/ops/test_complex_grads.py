"""Gradients through complex-valued ops follow TF's convention: for a real loss L and a complex
source z = x + iy, tape.gradient(L, z) is dL/dx + i dL/dy (so a holomorphic f's rule is
g * conj(f'(z))).

(a) golden values recorded from TF 2.21 (tests/golden/complex_grads.npz, written by
tools/make_complex_golden.py, which also verifies that identity against TF by central
differences); (b) the identity checked numerically on numtf itself in float64/complex128, for
every case where TF's gradient is the true one (the golden file records which)."""
import importlib.util
import json
import os

import numpy as np
import pytest

import numtf as tf

_HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(_HERE, "..", "golden", "complex_grads.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}

# The case table's helpers (the loss S, the evaluation and the central differences) are shared
# with the generator, which runs them against TF.
_spec = importlib.util.spec_from_file_location(
    "make_complex_golden", os.path.join(_HERE, "..", "..", "tools", "make_complex_golden.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

TOL = {"complex64": (2e-4, 2e-5), "float32": (2e-4, 2e-5), "complex128": (1e-9, 1e-11), "float64": (1e-9, 1e-11)}


def _inputs(case):
    return [GOLDEN[f"{case['name']}/in{i}"] for i in range(len(case["dtypes"]))]


@pytest.mark.parametrize("name", list(CASES))
def test_gradient_matches_tf(name):
    case = CASES[name]
    inputs = _inputs(case)
    single = any(d in ("complex64", "float32") for d in case["dtypes"]) or "complex64" in case["fn"]
    rtol, atol = TOL["complex64" if single else "complex128"]
    loss, grads = gen.evaluate(tf, case["fn"], inputs, case["sources"])
    np.testing.assert_allclose(loss, GOLDEN[f"{name}/loss"], rtol=rtol, atol=atol)
    for i, g in zip(case["sources"], grads):
        want = GOLDEN[f"{name}/grad{i}"]
        assert g.dtype == want.dtype, f"input {i}: dtype {g.dtype} != TF's {want.dtype}"
        scale = max(1.0, float(np.max(np.abs(want))))
        np.testing.assert_allclose(g, want, rtol=rtol, atol=atol * scale, err_msg=f"gradient of input {i}")


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c["true_grad"]])
def test_gradient_is_dL_dx_plus_i_dL_dy(name):
    case = CASES[name]
    inputs = _inputs(case)
    _, grads = gen.evaluate(tf, case["fn"], inputs, case["sources"])
    for i, g in zip(case["sources"], grads):
        np.testing.assert_allclose(g, gen.true_gradient(tf, case["fn"], inputs, i), rtol=1e-6, atol=1e-6,
                                   err_msg=f"gradient of input {i}")


def test_tf_quirks_are_recorded():
    # Where TF's complex rule is not the true gradient, numtf follows TF (see the golden cases).
    assert {n for n, c in CASES.items() if c["true_grad"] is False} == gen.QUIRKS


def test_real_gradients_unchanged_by_the_conjugates():
    x = tf.constant([1.5, -2.0, 0.5], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.exp(x) * x / (x + 3.0) + tf.sqrt(x * x) + tf.pow(x * x, 1.5))
    want = (np.exp(x.numpy()) * x.numpy() / (x.numpy() + 3) * (1 + 1 / x.numpy() - 1 / (x.numpy() + 3))
            + np.sign(x.numpy()) + 3 * x.numpy() ** 2 * np.sign(x.numpy()))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), want, rtol=1e-12)


def test_complex_abs_and_angle():
    z = tf.constant([3 + 4j, -1 + 0j, 0j], tf.complex64)
    a = tf.abs(z)
    assert a.dtype == tf.float32
    np.testing.assert_allclose(a.numpy(), [5, 1, 0])
    ang = tf.math.angle(z)
    assert ang.dtype == tf.float32
    np.testing.assert_allclose(ang.numpy(), [np.arctan2(4, 3), np.pi, 0], rtol=1e-6)
    np.testing.assert_allclose(tf.math.angle(tf.constant([1.0, -2.0, 0.0])).numpy(), [0, np.pi, 0], rtol=1e-6)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(z)
        a = tf.abs(z)
        ang = tf.math.angle(z)
    np.testing.assert_allclose(tape.gradient(a, z).numpy(), [0.6 + 0.8j, -1, 0], rtol=1e-6)
    g = tape.gradient(ang, z).numpy()
    np.testing.assert_allclose(g[:2], [-0.16 + 0.12j, -1j], rtol=1e-6, atol=1e-7)
    assert np.isnan(g[2].real) and np.isnan(g[2].imag)  # as TF: the angle has no derivative at 0
    r = tf.constant([1.0, -2.0])
    with tf.GradientTape() as tape:
        tape.watch(r)
        y = tf.math.angle(r)
    assert tape.gradient(y, r) is None  # piecewise constant on reals: no gradient, as TF


def test_complex_gradients_in_graphs_and_second_order():
    z = tf.constant([1 + 2j, -0.5 + 0.7j], tf.complex128)

    @tf.function
    def grad(z):
        with tf.GradientTape() as tape:
            tape.watch(z)
            y = tf.reduce_sum(tf.math.real(tf.exp(z) * z))
        return tape.gradient(y, z)
    zv = z.numpy()
    np.testing.assert_allclose(grad(z).numpy(), np.conj(np.exp(zv) * (1 + zv)), rtol=1e-12)
    # d/dz of the real part of the (conjugated) gradient: second order through conj.
    with tf.GradientTape() as outer:
        outer.watch(z)
        with tf.GradientTape() as inner:
            inner.watch(z)
            y = tf.reduce_sum(tf.math.real(z * z * z))
        s = tf.reduce_sum(tf.math.real(inner.gradient(y, z)))
    # s = Re(conj(3 z^2)) = Re(3 z^2): its gradient is conj(6 z).
    np.testing.assert_allclose(outer.gradient(s, z).numpy(), np.conj(6 * zv), rtol=1e-12)


def test_squared_difference_of_complex_is_the_squared_modulus():
    x, y = tf.constant([1 + 2j]), tf.constant([-2 + 0j])
    np.testing.assert_allclose(tf.math.squared_difference(x, y).numpy(), [13 + 0j])
