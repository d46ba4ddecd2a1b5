"""tf.math special functions: Bessel functions (tf.math and tf.math.special), dawsn, expint,
fresnel_cos/sin, spence, igamma/igammac, betainc, lbeta, ndtri, erfcinv, polygamma, zeta,
xlog1py, softsign, invert_permutation, is_non_decreasing/is_strictly_increasing.

Values, gradients and errors were recorded from TF 2.21 (tests/golden/special_linalg.npz, made by
tools/make_special_linalg_golden.py); gradients are also checked by central differences."""
import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients, check_graph
from _special_linalg_golden import CASES, GOLDEN, run_case, check_error, inputs, outputs, gen

UNARY = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1",
         "bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "dawsn", "expint", "fresnel_cos", "fresnel_sin",
         "spence"]
# TF's own float64 kernels lose digits where the argument is large (its phase x - pi/4 carries the
# rounding of x at 1e5) and near zeros of the function; absolute tolerances cover exactly those.
F64_ATOL = {"bessel_j0": 1e-14, "bessel_j1": 1e-14, "bessel_y0": 1e-14, "bessel_y1": 1e-14, "expint": 1e-16}


@pytest.mark.parametrize("fn", UNARY)
def test_unary_special_float64_matches_tf(fn):
    run_case(fn, rtol=1e-13, atol=F64_ATOL.get(fn, 0.0))


@pytest.mark.parametrize("fn", UNARY)
def test_unary_special_float32_matches_tf(fn):
    # TF computes float32 in float32 (numtf in float64, then rounds): at large arguments of the
    # oscillating functions TF's float32 result is off by up to ~1e-5 absolute.
    big = fn in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "fresnel_cos", "fresnel_sin")
    x = inputs(fn + "_f32")[0]
    keep = np.ones(x.shape, bool)
    if fn == "bessel_y1":  # TF's float32 kernel gives NaN at 0 where its float64 kernel gives -inf
        assert tf.math.special.bessel_y1(tf.constant([0.0])).numpy()[0] == -np.inf
        assert np.isnan(outputs(fn + "_f32")[0][x == 0]).all()
        keep = x != 0
    got = getattr(tf.math.special, fn)(tf.constant(x)).numpy()
    assert got.dtype == np.float32
    atol = 3e-5 if big else 1e-7 if fn == "expint" else 1e-30  # (expint: near its zero at 0.3725)
    np.testing.assert_allclose(got[keep], outputs(fn + "_f32")[0][keep], rtol=3e-6, atol=atol)


@pytest.mark.parametrize("fn", UNARY)
def test_unary_special_gradients(fn):
    run_case(fn + "_grad" if fn + "_grad" in CASES else f"special_{fn}_grad", rtol=1e-13)
    xs = np.array([0.3, 1.7, 4.2])
    if fn not in ("bessel_i0", "bessel_i1", "bessel_k0", "bessel_k1", "expint"):  # (no huge values: the
        xs = np.concatenate([xs, [23.0, 31.0]])  # central differences of their weighted sum lose digits)
    if fn in ("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1", "dawsn",
              "fresnel_cos", "fresnel_sin"):
        xs = np.concatenate([xs, -xs])
    check_gradients(getattr(tf.math.special, fn), xs, rtol=1e-6, atol=1e-8)


def test_bessel_second_order_and_aliases():
    x = tf.constant([0.5, 2.0, 30.0], tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.math.special.bessel_j0(x)
        dy = inner.gradient(y, x)
    d2 = outer.gradient(dy, x).numpy()
    j0, j1 = tf.math.special.bessel_j0(x).numpy(), tf.math.special.bessel_j1(x).numpy()
    np.testing.assert_allclose(d2, -(j0 - j1 / x.numpy()), rtol=1e-12)  # J0'' = -J1'
    assert tf.math.bessel_i0 is tf.math.special.bessel_i0
    run_case("bessel_batch_2d", rtol=1e-13)
    assert tf.math.special.bessel_k0(tf.constant([1.0], tf.float16)).dtype == tf.float16


def test_igamma_betainc_family_matches_tf():
    for name in ("igamma", "igamma_edges", "igamma_broadcast"):
        run_case(name, rtol=1e-12, atol=1e-300)
    run_case("igammac", rtol=1e-12, atol=1e-300)
    # TF's float32 kernel underflows to 0 below ~1e-38 and is good to ~4e-6 relative.
    run_case("igamma_f32", rtol=1e-5, atol=1e-37)
    run_case("igamma_grad", rtol=1e-12, grad_rtol=1e-10)
    run_case("igammac_grad", rtol=1e-12, grad_rtol=1e-10)
    for name in ("betainc", "betainc_edges", "betainc_scalar_broadcast"):
        run_case(name, rtol=2e-11, atol=1e-300)
    run_case("betainc_f32", rtol=2e-5, atol=1e-30)
    run_case("betainc_grad", rtol=1e-12, grad_rtol=1e-10)  # TF: no gradient w.r.t. a and b


def test_lbeta_ndtri_erfcinv_polygamma_zeta_xlog1py_match_tf():
    for name in ("lbeta", "lbeta_vector", "lbeta_empty", "ndtri", "erfcinv", "ndtri_grad", "erfcinv_grad",
                 "polygamma", "polygamma_edges", "polygamma_grad", "zeta", "zeta_edges", "zeta_grad", "xlog1py",
                 "xlog1py_grad", "softsign"):
        run_case(name, rtol=1e-12, atol=1e-300)
    for name in ("ndtri_f32", "erfcinv_f32", "polygamma_f32", "zeta_f32", "xlog1py_broadcast_f32"):
        run_case(name, rtol=2e-6)


def test_two_argument_gradients_by_central_differences():
    a, x = np.array([0.4, 1.3, 2.5, 8.0]), np.array([0.7, 3.5, 1.1, 9.0])
    check_gradients(tf.math.igamma, a, x, rtol=1e-6)
    check_gradients(tf.math.igammac, a, x, rtol=1e-6)
    check_gradients(lambda x: tf.math.betainc(tf.constant([0.7, 2.0, 5.0], tf.float64),
                                              tf.constant([3.0, 1.5, 4.0], tf.float64), x), np.array([0.3, 0.6, 0.45]))
    check_gradients(lambda q: tf.math.zeta(tf.constant([2.0, 3.5, 1.5], tf.float64), q), np.array([0.5, 2.0, 4.0]))
    check_gradients(lambda x: tf.math.polygamma(tf.constant([0.0, 1.0, 2.0], tf.float64), x),
                    np.array([0.7, 1.5, 3.0]))
    check_gradients(tf.math.xlog1py, np.array([1.5, -2.0, 0.7]), np.array([2.0, 0.3, -0.4]))
    check_gradients(tf.math.lbeta, np.array([[1.0, 2.0, 3.0], [0.5, 0.5, 4.0]]))
    check_gradients(tf.math.ndtri, np.array([0.01, 0.3, 0.6]))
    check_gradients(tf.math.erfcinv, np.array([0.01, 0.3, 1.6]))
    # lgamma is now twice differentiable (trigamma's gradient is polygamma(2, x)).
    x = tf.constant([0.7, 2.5], tf.float64)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.math.digamma(x)
        d = t1.gradient(y, x)
    np.testing.assert_allclose(t2.gradient(d, x).numpy(), tf.math.polygamma(2.0, x).numpy(), rtol=1e-12)


def test_permutation_and_monotonicity_match_tf():
    for name in ("invert_permutation", "invert_permutation_i64", "invert_permutation_empty"):
        run_case(name, rtol=0)
    names = [n for n in CASES if n.startswith(("is_non_decreasing_", "is_strictly_increasing_")) and
             "error" not in CASES[n]]
    assert len(names) == 14
    for name in names:
        run_case(name, rtol=0)


ERROR_CASES = [
    ("invert_permutation_dup", "0 is duplicated in the input."),
    ("invert_permutation_range", "3 is not between 0 and 2"),
    ("invert_permutation_rank", "invert_permutation expects a 1D vector."),
    ("invert_permutation_float", "Value for attr 'T' of double is not in the list of allowed values: int32, int64"),
    ("igamma_int", "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double"),
    ("igamma_dtype_mismatch", "cannot compute Igamma as input #1(zero-based) was expected to be a double tensor"),
    ("bessel_i0_int", "Value for attr 'T' of int32 is not in the list of allowed values"),
    ("special_dawsn_int", "Value for attr 'T' of int32 is not in the list of allowed values"),
    ("betainc_shapes", "Shapes of a and b are inconsistent: [2] vs. [3]"),
    ("zeta_int", "Value for attr 'T' of int32 is not in the list of allowed values: float, double"),
    ("is_non_decreasing_string", "Expected x to be numeric"),
]


@pytest.mark.parametrize("name,fragment", ERROR_CASES)
def test_errors_match_tf(name, fragment):
    check_error(name, fragment)


def test_traced_calls():
    f = tf.function(lambda a, x: (tf.math.igamma(a, x), tf.math.betainc(a, a, x / 10.0),
                                  tf.math.zeta(a + 1.0, x), tf.math.polygamma(tf.ones_like(a), x),
                                  tf.math.special.bessel_y1(x), tf.math.special.fresnel_sin(x), tf.math.lbeta(x)))
    a, x = np.array([0.5, 2.0, 3.0]), np.array([1.0, 2.0, 5.0])
    got = f(tf.constant(a), tf.constant(x))
    eager = [tf.math.igamma(a, x), tf.math.betainc(a, a, x / 10.0), tf.math.zeta(a + 1.0, x),
             tf.math.polygamma(np.ones(3), x), tf.math.special.bessel_y1(x), tf.math.special.fresnel_sin(x),
             tf.math.lbeta(x)]
    for g, e in zip(got, eager):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-14)
    check_graph(lambda t: tf.math.special.bessel_k1e(t), np.array([0.5, 3.0, 30.0]))
    check_graph(lambda t: tf.math.ndtri(t), np.array([[0.2, 0.7]], np.float32))
    check_graph(tf.math.igammac, np.array([1.0, 2.0]), np.array([[0.5], [3.0]]))
    check_graph(lambda t: tf.math.invert_permutation(t), np.array([2, 0, 1], np.int32))
    check_graph(lambda t: tf.cast(tf.math.is_strictly_increasing(t), tf.int32), np.array([1.0, 2.0]))
    # Tracing a gradient through igamma's a-derivative op.
    g = tf.function(_tape_grad)
    ga, gx = g(tf.constant(a), tf.constant(x))
    ea, ex = _tape_grad(tf.constant(a), tf.constant(x))
    np.testing.assert_allclose(ga.numpy(), ea.numpy(), rtol=1e-14)
    np.testing.assert_allclose(gx.numpy(), ex.numpy(), rtol=1e-14)


def _tape_grad(a, x):
    with tf.GradientTape() as tape:
        tape.watch([a, x])
        y = tf.math.igamma(a, x)
    return tape.gradient(y, [a, x])


def test_golden_file_is_complete():
    assert {"igamma", "betainc", "zeta", "bessel_j0", "spence"} <= set(CASES)
    assert gen.CASES and GOLDEN["cases"].size == 1


def test_docstring_examples():
    import doctest
    from numtf.ops import bessel_ops, special_ops2
    for module in (bessel_ops, special_ops2):
        result = doctest.testmod(module, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__
