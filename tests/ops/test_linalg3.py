"""tf.linalg: lu, lu_solve, lu_matrix_inverse, lu_reconstruct, pinv, expm, logm, sqrtm, matrix_rank,
cholesky_solve, tridiagonal_solve/matmul (three formats), banded_triangular_solve, tensor_diag,
tensor_diag_part, eig, eigvals and eigh_tridiagonal.

Values, gradients and errors were recorded from TF 2.21 (tests/golden/special_linalg.npz, made by
tools/make_special_linalg_golden.py); gradients are also checked by central differences."""
import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients, check_graph
from _special_linalg_golden import CASES, GOLDEN, run_case, check_error, inputs, outputs, gen

_FAMILIES = ("lu", "pinv", "expm", "logm", "sqrtm", "matrix", "cholesky", "tridiagonal", "tensor", "banded",
             "eigh", "eigvals")
# eig's eigenvalue order and eigenvector phases are the solver's: checked separately below.
_CUSTOM = {"eig_check", "eig_complex_abs", "eig_batch_f32", "eigh_tridiagonal_vectors"}
VALUE_CASES = [n for n, c in CASES.items() if "error" not in c and n not in _CUSTOM and
               (n.split("_")[0] in _FAMILIES or n.startswith("eig_"))]
rng = np.random.default_rng(5)


def _single(name):
    return any(d in ("float32", "complex64") for d in CASES[name]["dtypes"])


@pytest.mark.parametrize("name", VALUE_CASES)
def test_linalg_matches_tf(name):
    # TF computes float32 in float32 (numtf's expm, sqrtm and logm work in float64 and round).
    if _single(name):
        run_case(name, rtol=5e-6, atol=1e-6)
    else:
        run_case(name, rtol=1e-10, atol=1e-12, grad_rtol=1e-8, grad_atol=1e-10)


def _match(want, got):
    """The permutation p with got[p] ~ want (eigenvalues in another order)."""
    return [int(np.argmin(np.abs(got - w))) for w in want]


def _phase_fixed(v):
    """Each column divided by the phase of its largest entry (eigenvectors are unique up to it)."""
    idx = np.argmax(np.abs(v), axis=-2)
    lead = np.take_along_axis(v, idx[..., None, :], axis=-2)
    return v * (np.abs(lead) / lead)


def test_eig_matches_tf_up_to_order_and_phase():
    a = inputs("eig_check")[0]
    e, v = tf.linalg.eig(tf.constant(a))
    assert e.dtype == tf.complex128 and v.dtype == tf.complex128
    we, wv = outputs("eig_check")
    p = _match(we, e.numpy())
    np.testing.assert_allclose(e.numpy()[p], we, rtol=1e-12)
    np.testing.assert_allclose(_phase_fixed(v.numpy()[:, p]), _phase_fixed(wv), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a @ v.numpy(), v.numpy() * e.numpy(), atol=1e-12)
    # float32 batch: complex64 outputs.
    b = inputs("eig_batch_f32")[0]
    e, v = tf.linalg.eig(tf.constant(b))
    assert e.dtype == tf.complex64 and e.shape == (2, 3) and v.shape == (2, 3, 3)
    we, wv = outputs("eig_batch_f32")
    for i in range(2):
        p = _match(we[i], e.numpy()[i])
        np.testing.assert_allclose(e.numpy()[i][p], we[i], rtol=1e-5)
        np.testing.assert_allclose(_phase_fixed(v.numpy()[i][:, p]), _phase_fixed(wv[i]), atol=1e-5)


def test_eig_gradient_matches_tf_in_tf_order():
    # TF's loss weights follow TF's eigenvalue order: reorder numtf's outputs to it, then compare.
    name = "eig_complex_abs"
    a = tf.constant(inputs(name)[0])
    we = outputs(name)[0]
    with tf.GradientTape() as tape:
        tape.watch(a)
        e, v = tf.linalg.eig(a)
        p = _match(we, e.numpy())
        outs = [tf.gather(e, p), tf.gather(tf.abs(v), p, axis=1)]
        loss = gen.loss(tf, outs)
    np.testing.assert_allclose(outs[0].numpy(), we, rtol=1e-12)
    np.testing.assert_allclose(outs[1].numpy(), outputs(name)[1], rtol=1e-10)
    np.testing.assert_allclose(tape.gradient(loss, a).numpy(), GOLDEN[f"{name}/grad0"], rtol=1e-8, atol=1e-10)


def test_eigh_tridiagonal_vectors_match_tf_up_to_sign():
    e, v = tf.linalg.eigh_tridiagonal(*[tf.constant(x) for x in inputs("eigh_tridiagonal_vectors")],
                                      eigvals_only=False)
    we, wv = outputs("eigh_tridiagonal_vectors")
    np.testing.assert_allclose(e.numpy(), we, rtol=1e-12)
    np.testing.assert_allclose(_phase_fixed(v.numpy()), _phase_fixed(wv), rtol=1e-10, atol=1e-12)


def test_gradients_by_central_differences():
    m = rng.standard_normal((3, 3)) + 3 * np.eye(3)
    perm = np.array([2, 0, 1], np.int32)
    check_gradients(lambda lu, b: tf.linalg.lu_solve(lu, perm, b), m, rng.standard_normal((3, 2)))
    check_gradients(lambda lu: tf.linalg.lu_matrix_inverse(lu, perm), m)
    check_gradients(lambda lu: tf.linalg.lu_reconstruct(lu, perm), rng.standard_normal((2, 3, 3)))
    check_gradients(tf.linalg.pinv, rng.standard_normal((3, 5)))
    check_gradients(tf.linalg.pinv, rng.standard_normal((2, 4, 3)))
    check_gradients(tf.linalg.expm, rng.standard_normal((3, 3)) * 0.3)
    check_gradients(tf.linalg.expm, rng.standard_normal((2, 3, 3)) * 2.5, rtol=1e-5, atol=1e-5)
    spd = rng.standard_normal((3, 3))
    check_gradients(tf.linalg.sqrtm, spd @ spd.T + 3 * np.eye(3))
    chol = np.linalg.cholesky(spd @ spd.T + 3 * np.eye(3))
    check_gradients(tf.linalg.cholesky_solve, chol, rng.standard_normal((3, 2)))
    tri = np.stack([rng.standard_normal(5), rng.standard_normal(5) + 4, rng.standard_normal(5)])
    check_gradients(tf.linalg.tridiagonal_solve, tri, rng.standard_normal((5, 2)))
    check_gradients(lambda d, b: tf.linalg.tridiagonal_solve(d, b, partial_pivoting=False), tri,
                    rng.standard_normal(5))
    check_gradients(lambda u, d, l, b: tf.linalg.tridiagonal_solve((u, d, l), b, diagonals_format="sequence"),
                    *tri, rng.standard_normal((5, 1)))
    check_gradients(lambda m, b: tf.linalg.tridiagonal_solve(m, b, diagonals_format="matrix"),
                    np.diag(tri[1]) + np.diag(tri[0, :-1], 1) + np.diag(tri[2, 1:], -1), rng.standard_normal((5, 2)))
    check_gradients(tf.linalg.tridiagonal_matmul, rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 4, 2)))
    bands = np.array([[2.0, 3.0, 4.0, 5.0], [1.0, 0.5, -1.0, 0.3], [0.2, 0.5, -0.5, 0.1]])
    for lower, adjoint in ((True, False), (False, False), (True, True), (False, True)):
        check_gradients(lambda bd, b: tf.linalg.banded_triangular_solve(bd, b, lower=lower, adjoint=adjoint),
                        bands if lower else bands[::-1].copy(), rng.standard_normal((4, 2)))
    check_gradients(tf.linalg.tensor_diag, rng.standard_normal((2, 3)))
    check_gradients(tf.linalg.tensor_diag_part, rng.standard_normal((2, 3, 2, 3)))
    nonsym = np.array([[1.0, 2.0, 0.0], [-2.0, 1.0, 1.0], [0.5, 0.0, 3.0]])
    check_gradients(lambda a: tf.math.real(tf.linalg.eigvals(a)) + 2 * tf.math.imag(tf.linalg.eigvals(a)) ** 2,
                    nonsym)
    check_gradients(lambda a: tf.abs(tf.linalg.eig(a)[1]), nonsym)
    # eigh_tridiagonal: the true derivative (TF's bisection-based gradient is not; none is compared).
    check_gradients(lambda a, b: tf.linalg.eigh_tridiagonal(a, b), np.array([1.0, 2.0, 3.0, 4.0]),
                    np.array([0.5, -1.0, 0.3]))


def test_expm_second_order_and_traced_gradient():
    a = tf.constant(rng.standard_normal((3, 3)) * 0.5)

    def grad_of(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.linalg.expm(x) * tf.constant(np.arange(9.0).reshape(3, 3)))
        return tape.gradient(y, x)
    eager = grad_of(a)
    traced = tf.function(grad_of)(a)
    np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-13)
    check_gradients(grad_of, a.numpy(), rtol=1e-5, atol=1e-6)


def test_traced_calls_and_shape_rules():
    m = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    check_graph(lambda t: tf.linalg.lu(t), m)
    check_graph(lambda t: tf.linalg.lu(t, output_idx_type=tf.int64)[1], m.astype(np.float32))
    check_graph(tf.linalg.expm, m * 0.2)
    check_graph(tf.linalg.pinv, rng.standard_normal((2, 3, 4)))
    check_graph(tf.linalg.sqrtm, m @ np.swapaxes(m, -1, -2))
    parts = lambda ts: [f(t) for t in ts for f in (tf.math.real, tf.math.imag)]  # noqa: E731 - complex outputs
    check_graph(lambda t: parts([tf.linalg.logm(t)]), (m @ np.swapaxes(m, -1, -2)).astype(np.complex128))
    check_graph(tf.linalg.matrix_rank, m)
    check_graph(lambda d, b: tf.linalg.tridiagonal_solve(d, b), np.stack([np.ones(4), 4 * np.ones(4), np.ones(4)]),
                rng.standard_normal((4, 2)), unknown_dims=False)
    check_graph(lambda d, b: tf.linalg.tridiagonal_matmul(d, b), rng.standard_normal((3, 4)),
                rng.standard_normal((4, 2)), unknown_dims=False)
    check_graph(tf.linalg.tensor_diag, rng.standard_normal((2, 3)))
    check_graph(tf.linalg.tensor_diag_part, rng.standard_normal((2, 3, 2, 3)))
    check_graph(lambda t: parts(tf.linalg.eig(t)), m)
    check_graph(lambda b, x: tf.linalg.banded_triangular_solve(b, x), np.array([[2.0, 3.0, 4.0], [1.0, 1.0, 1.0]]),
                rng.standard_normal((3, 1)), unknown_dims=False)
    lu, p = tf.linalg.lu(m)
    f = tf.function(lambda lu, p: (tf.linalg.lu_reconstruct(lu, p), tf.linalg.lu_matrix_inverse(lu, p)))
    rec, inv = f(lu, p)
    np.testing.assert_allclose(rec.numpy(), m, atol=1e-12)
    np.testing.assert_allclose(inv.numpy(), np.linalg.inv(m), rtol=1e-10, atol=1e-12)


ERROR_CASES = [
    ("lu_singular", "Input is not invertible."),
    ("lu_nonsquare", "Input matrix must be square."),
    ("lu_int", "Value for attr 'T' of int32 is not in the list of allowed values: double, float, half, complex64"),
    ("logm_real", "Value for attr 'T' of double is not in the list of allowed values: complex64, complex128"),
    ("sqrtm_nonsquare", "Input matrix must be square."),
    ("eig_nonsquare", "Input matrix must be square."),
    ("tridiagonal_solve_bad_shape", "Expected 3 diagonals got 2"),
    ("tridiagonal_solve_bad_format", "Unrecognized diagonals_format: foo"),
    ("tridiagonal_matmul_bad_shape", "Invalid superdiagonal shape."),
    ("tensor_diag_part_odd", "The rank of the tensor should be"),
    ("tensor_diag_part_mismatch", "Invalid shape [2,3]: dimensions 0 and 1 do not match."),
    ("cholesky_solve_shapes", "In[0] mismatch In[1] shape: 3 vs. 2"),
    ("lu_grad_missing", "gradient registry has no entry for: Lu"),
    ("logm_grad_missing", "gradient registry has no entry for: MatrixLogarithm"),
]


@pytest.mark.parametrize("name,fragment", ERROR_CASES)
def test_errors_match_tf(name, fragment):
    check_error(name, fragment)


def test_other_failures():
    # TF: expm of a non-square matrix fails in its matmul; numtf names MatrixExponential.
    assert CASES["expm_nonsquare"]["error"] == "InvalidArgumentError"
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix must be square"):
        tf.linalg.expm(tf.ones([2, 3]))
    # A singular tridiagonal system gives NaN, with or without pivoting (TF raises nothing).
    assert CASES["tridiagonal_solve_singular"]["error"] is None
    d = tf.constant(inputs("tridiagonal_solve_singular")[0])
    for pivot in (True, False):
        assert np.isnan(tf.linalg.tridiagonal_solve(d, tf.ones([3, 1], tf.float64),
                                                    partial_pivoting=pivot).numpy()).all()
    with pytest.raises(NotImplementedError, match="perturb_singular"):
        tf.linalg.tridiagonal_solve(d, tf.ones([3, 1], tf.float64), perturb_singular=True)
    with pytest.raises(ValueError, match="select"):
        tf.linalg.eigh_tridiagonal([1.0, 2.0], [0.5], select="x")


def test_docstring_examples():
    import doctest
    from numtf.ops import linalg_ops3, linalg_ops4
    for module in (linalg_ops3, linalg_ops4):
        result = doctest.testmod(module, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__
