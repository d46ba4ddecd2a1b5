"""Writes tests/golden/special_linalg.npz: TF 2.21's values, gradients and errors for the special
functions of tf.math / tf.math.special and the rarer tf.linalg functions.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_special_linalg_golden.py

Each case is a Python expression `fn` (a lambda over the case's inputs, evaluated with `tf` bound
to the module under test: TF here, numtf in tests/ops/test_special2.py and test_linalg3.py).
Stored per case: the inputs (`{name}/in{i}`), every output of fn (flattened in order,
`{name}/out{k}`) and, for `grad` cases, the gradient of the loss S(outputs) (fixed weights on
every real and imaginary part, see `loss`) w.r.t. the listed inputs (`{name}/grad{i}`; an
absent key means TF gave None). Error cases store TF's exception class and message. The "cases"
entry (JSON) lists name, fn, grad sources, error class/message and output dtypes.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "special_linalg.npz")

f64, f32, c128, c64, i32, i64 = np.float64, np.float32, np.complex128, np.complex64, np.int32, np.int64
rng = np.random.default_rng(2024)


def A(v, dt=f64):
    return np.asarray(v, dt)


def rnd(*shape, dt=f64, scale=1.0):
    v = rng.standard_normal(shape) * scale
    if np.dtype(dt).kind == "c":
        v = v + 1j * rng.standard_normal(shape) * scale
    return v.astype(dt)


def spd(n, batch=(), dt=f64):
    m = rnd(*batch, n, n, dt=dt)
    return (m @ np.conj(np.swapaxes(m, -1, -2)) + n * np.eye(n)).astype(dt)


def well(n, batch=(), dt=f64):
    return (rnd(*batch, n, n, dt=dt) + 3 * np.eye(n)).astype(dt)


CASES = []  # (name, fn, inputs, grad sources or None)
ERRORS = []  # (name, fn, inputs)


def C(name, fn, inputs, grad=None):
    CASES.append((name, fn, [np.asarray(v) for v in inputs], grad))


def E(name, fn, inputs):
    ERRORS.append((name, fn, [np.asarray(v) for v in inputs]))


# -- special functions -------------------------------------------------------------------------
BI = [-30, -5, -0.5, 0, 1e-3, 0.5, 1, 2, 5, 10, 19.9, 20.1, 25, 50, 100, 700, 720]
BJ = [-7.5, -0.3, 0, 1e-8, 0.1, 0.5, 1, 1.99, 2.01, 2.404825557695773, 3.8317059702075125, 5, 8, 10, 15,
      24.9, 25.1, 30, 50, 100, 1000, 1e5]
BY = [-1, 0, 1e-8, 0.1, 0.5, 1, 1.99, 2.01, 0.8935769662791675, 2.197141326031017, 5, 8, 10, 15, 24.9, 25.1,
      30, 50, 100, 1000, 1e5]
BK = [-1, 0, 1e-8, 0.1, 0.5, 1, 1.99, 2.01, 3, 5, 10, 19.9, 20.1, 50, 100, 700, 800]
GX = [0.3, 1.7, 4.2]  # interior points for gradients
for nm in ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e"]:
    C(f"{nm}", f"lambda x: tf.math.{nm}(x)", [A(BI)])
    C(f"{nm}_f32", f"lambda x: tf.math.{nm}(x)", [A(BI, f32)])
    C(f"special_{nm}_grad", f"lambda x: tf.math.special.{nm}(x)", [A([-2.5] + GX)], grad=[0])
for nm, xs in [("bessel_j0", BJ), ("bessel_j1", BJ), ("bessel_y0", BY), ("bessel_y1", BY), ("bessel_k0", BK),
               ("bessel_k0e", BK), ("bessel_k1", BK), ("bessel_k1e", BK)]:
    C(nm, f"lambda x: tf.math.special.{nm}(x)", [A(xs)])
    C(f"{nm}_f32", f"lambda x: tf.math.special.{nm}(x)", [A(xs, f32)])
    C(f"{nm}_grad", f"lambda x: tf.math.special.{nm}(x)", [A(GX + [30.0])], grad=[0])
SP = {
    "dawsn": [-20, -5, -1, -0.1, 0, 1e-5, 0.19, 0.21, 0.5, 1, 2, 5, 9.9, 10.1, 50, 1e3, 1e10],
    "expint": [-50, -10, -2, -1, -0.5, -1e-3, 0, 1e-8, 0.1, 0.3725, 0.5, 1, 5, 20, 39.9, 40.1, 100, 700, 720],
    "fresnel_cos": [-10, -2, -1.5, -1, 0, 1e-5, 0.5, 1, 1.49, 1.51, 2, 3, 5, 10, 100, 1000.5, 1e5],
    "fresnel_sin": [-10, -2, -1.5, -1, 0, 1e-5, 0.5, 1, 1.49, 1.51, 2, 3, 5, 10, 100, 1000.5, 1e5],
    "spence": [-1, 0, 1e-10, 0.1, 0.5, 0.9, 1, 1.1, 1.5, 2, 3, 10, 1e3, 1e10],
}
for nm, xs in SP.items():
    C(nm, f"lambda x: tf.math.special.{nm}(x)", [A(xs)])
    C(f"{nm}_f32", f"lambda x: tf.math.special.{nm}(x)", [A(xs, f32)])
    C(f"{nm}_grad", f"lambda x: tf.math.special.{nm}(x)", [A(GX)], grad=[0])
C("bessel_batch_2d", "lambda x: tf.math.special.bessel_j0(x) + tf.math.bessel_i1e(x)", [rnd(2, 3)])

ga, gx = np.meshgrid([0.1, 0.5, 1, 2.5, 10, 50, 200], [0, 0.01, 0.5, 1, 3, 10, 60, 250], indexing="ij")
C("igamma", "lambda a, x: tf.math.igamma(a, x)", [ga, gx])
C("igammac", "lambda a, x: tf.math.igammac(a, x)", [ga, gx])
C("igamma_f32", "lambda a, x: tf.math.igamma(a, x)", [ga.astype(f32), gx.astype(f32)])
C("igamma_edges", "lambda a, x: (tf.math.igamma(a, x), tf.math.igammac(a, x))",
  [A([0, -1, 1, 1, 1, 2, np.inf, np.nan, 0]), A([1, 1, -1, 0, np.inf, np.nan, 1, 1, 0])])
C("igamma_broadcast", "lambda a, x: tf.math.igamma(a, x)", [A([[0.5], [2.0]]), A([0.3, 1.0, 4.0])])
C("igamma_grad", "lambda a, x: tf.math.igamma(a, x)", [A([0.3, 1.2, 2.5, 7.0, 30.0]), A([0.5, 3.0, 1.0, 9.0, 25.0])],
  grad=[0, 1])
C("igammac_grad", "lambda a, x: tf.math.igammac(a, x)", [A([0.3, 1.2, 2.5, 7.0]), A([0.5, 3.0, 1.0, 9.0])],
  grad=[0, 1])
ba, bb, bx = np.meshgrid([0.5, 1, 2.5, 10, 50], [0.5, 1, 3.5, 40], [0, 0.01, 0.3, 0.5, 0.9, 1], indexing="ij")
C("betainc", "lambda a, b, x: tf.math.betainc(a, b, x)", [ba, bb, bx])
C("betainc_f32", "lambda a, b, x: tf.math.betainc(a, b, x)", [ba.astype(f32), bb.astype(f32), bx.astype(f32)])
C("betainc_edges", "lambda a, b, x: tf.math.betainc(a, b, x)",
  [A([0, -1, 1, 1, 1, 2]), A([1, 1, 0, 1, 1, 2]), A([0.5, 0.5, 0.5, -0.1, 1.1, np.nan])])
C("betainc_scalar_broadcast", "lambda a, b, x: tf.math.betainc(a, b, x)", [A(2.0), A(3.0), A([0.1, 0.5, 0.8])])
C("betainc_grad", "lambda a, b, x: tf.math.betainc(a, b, x)", [A([0.7, 2.0, 5.0]), A([3.0, 1.5, 4.0]),
                                                                 A([0.3, 0.6, 0.45])], grad=[0, 1, 2])
C("lbeta", "lambda x: tf.math.lbeta(x)", [A([[1, 2, 3], [0.5, 0.5, 4]])], grad=[0])
C("lbeta_vector", "lambda x: tf.math.lbeta(x)", [A([2.5, 3.5], f32)])
C("lbeta_empty", "lambda x: tf.math.lbeta(x)", [np.zeros((2, 0))])
C("ndtri", "lambda p: tf.math.ndtri(p)", [A([0, 1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-12, 1,
                                             -0.1, 1.1])])
C("ndtri_f32", "lambda p: tf.math.ndtri(p)", [A([1e-30, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99], f32)])
C("ndtri_grad", "lambda p: tf.math.ndtri(p)", [A([0.01, 0.3, 0.6])], grad=[0])
C("erfcinv", "lambda y: tf.math.erfcinv(y)", [A([0, 1e-300, 1e-20, 1e-5, 0.1, 0.5, 1, 1.5, 1.99, 2, -0.1, 2.1])])
C("erfcinv_f32", "lambda y: tf.math.erfcinv(y)", [A([1e-30, 1e-5, 0.1, 0.5, 1, 1.5, 1.99], f32)])
C("erfcinv_grad", "lambda y: tf.math.erfcinv(y)", [A([0.01, 0.3, 1.6])], grad=[0])
pn, px = np.meshgrid([0, 1, 2, 3, 5], [-2.5, 0.3, 1, 2.5, 10, 100], indexing="ij")
C("polygamma", "lambda n, x: tf.math.polygamma(n, x)", [pn.astype(f64), px])
C("polygamma_f32", "lambda n, x: tf.math.polygamma(n, x)", [pn.astype(f32), px.astype(f32)])
C("polygamma_edges", "lambda n, x: tf.math.polygamma(n, x)", [A([-1, 1.5, 1, 1, 2, 0]), A([1, 1, 0, -1, -2, 0])])
C("polygamma_grad", "lambda n, x: tf.math.polygamma(n, x)", [A([0, 1, 2, 3]), A([0.7, 1.5, 3.0, 2.2])], grad=[0, 1])
zx, zq = np.meshgrid([1, 1.5, 2, 3, 10, 30], [-2.5, -2, 0, 0.3, 1, 5, 100], indexing="ij")
C("zeta", "lambda x, q: tf.math.zeta(x, q)", [zx.astype(f64), zq])
C("zeta_f32", "lambda x, q: tf.math.zeta(x, q)", [zx.astype(f32), zq.astype(f32)])
C("zeta_edges", "lambda x, q: tf.math.zeta(x, q)", [A([0.5, -1, 2, 2.5, 3]), A([1, 1, -1.5, -1.5, -1.5])])
C("zeta_grad", "lambda x, q: tf.math.zeta(x, q)", [A([2.0, 3.5, 1.5]), A([0.5, 2.0, 4.0])], grad=[0, 1])
C("xlog1py", "lambda x, y: tf.math.xlog1py(x, y)", [A([0, 0, 1, 2.5, -1, 3]), A([-1, 0.5, -1, 3, 1e-10, np.nan])])
C("xlog1py_grad", "lambda x, y: tf.math.xlog1py(x, y)", [A([0.0, 1.5, -2.0, 0.7]), A([0.5, 2.0, 0.3, -0.4])],
  grad=[0, 1])
C("xlog1py_broadcast_f32", "lambda x, y: tf.math.xlog1py(x, y)", [A([[0.5], [2.0]], f32), A([0.0, 1.0, 3.0], f32)])
C("softsign", "lambda x: tf.math.softsign(x)", [A([-3, -0.5, 0, 2.0])], grad=[0])
C("invert_permutation", "lambda x: tf.math.invert_permutation(x)", [A([3, 1, 0, 2], i32)])
C("invert_permutation_i64", "lambda x: tf.math.invert_permutation(x)", [A([0, 2, 1], i64)])
C("invert_permutation_empty", "lambda x: tf.math.invert_permutation(x)", [A([], i32)])
for nm in ["is_non_decreasing", "is_strictly_increasing"]:
    for k, v in enumerate([[1, 2, 2, 5], [1, 2, 3], [3, 1], [], [7], [[1, 2], [3, 3]], [[1, 2], [3, 4]]]):
        C(f"{nm}_{k}", f"lambda x: tf.math.{nm}(x)", [A(v, i32 if k % 2 else f32)])
E("invert_permutation_dup", "lambda x: tf.math.invert_permutation(x)", [A([0, 0, 1], i32)])
E("invert_permutation_range", "lambda x: tf.math.invert_permutation(x)", [A([0, 3], i32)])
E("invert_permutation_rank", "lambda x: tf.math.invert_permutation(x)", [A([[0, 1]], i32)])
E("invert_permutation_float", "lambda x: tf.math.invert_permutation(x)", [A([0.0, 1.0])])
E("igamma_int", "lambda a, x: tf.math.igamma(a, x)", [A([1, 2], i32), A([1, 2], i32)])
E("igamma_dtype_mismatch", "lambda a, x: tf.math.igamma(a, x)", [A([1.0]), A([1.0], f32)])
E("bessel_i0_int", "lambda x: tf.math.bessel_i0(x)", [A([1, 2], i32)])
E("special_dawsn_int", "lambda x: tf.math.special.dawsn(x)", [A([1, 2], i32)])
E("betainc_shapes", "lambda a, b, x: tf.math.betainc(a, b, x)", [A([1.0, 2.0]), A([1.0, 2.0, 3.0]), A([0.5, 0.5])])
E("zeta_int", "lambda x, q: tf.math.zeta(x, q)", [A([2], i32), A([1], i32)])
E("is_non_decreasing_string", "lambda x: tf.math.is_non_decreasing(x)", [np.array([b"a", b"b"])])

# -- linalg ------------------------------------------------------------------------------------
L4 = rnd(4, 4)
C("lu", "lambda a: tf.linalg.lu(a)", [L4])
C("lu_f32", "lambda a: tf.linalg.lu(a)", [L4.astype(f32)])
C("lu_batch", "lambda a: tf.linalg.lu(a)", [rnd(2, 3, 3)])
C("lu_complex", "lambda a: tf.linalg.lu(a)", [rnd(3, 3, dt=c128)])
C("lu_int64", "lambda a: tf.linalg.lu(a, output_idx_type=tf.int64)", [rnd(3, 3)])
E("lu_singular", "lambda a: tf.linalg.lu(a)", [A([[1, 2, 3], [2, 4, 6], [1, 0, 1]])])
C("lu_ties", "lambda a: tf.linalg.lu(a)", [A([[1, 2], [-1, 3]])])
lu4, p4 = np.linalg.qr(L4)[0] + 2 * np.eye(4), A([2, 0, 3, 1], i32)
C("lu_solve", "lambda lu, p, b: tf.linalg.lu_solve(lu, p, b)", [lu4, p4, rnd(4, 2)], grad=[0, 2])
C("lu_solve_batch", "lambda lu, p, b: tf.linalg.lu_solve(lu, p, b)",
  [rnd(2, 3, 3) + 3 * np.eye(3), A([[0, 1, 2], [2, 0, 1]], i32), rnd(2, 3, 1)])
C("lu_solve_complex", "lambda lu, p, b: tf.linalg.lu_solve(lu, p, b)",
  [rnd(3, 3, dt=c128) + 3 * np.eye(3), A([1, 2, 0], i32), rnd(3, 2, dt=c128)], grad=[0, 2])
C("lu_matrix_inverse", "lambda lu, p: tf.linalg.lu_matrix_inverse(lu, p)", [lu4, p4], grad=[0])
C("lu_reconstruct", "lambda lu, p: tf.linalg.lu_reconstruct(lu, p)", [lu4, p4], grad=[0])
C("lu_reconstruct_batch_f32", "lambda lu, p: tf.linalg.lu_reconstruct(lu, p)",
  [rnd(2, 3, 3, dt=f32), A([[0, 1, 2], [2, 0, 1]], i32)])
C("lu_roundtrip", "lambda a: tf.linalg.lu_reconstruct(*tf.linalg.lu(a))", [rnd(2, 4, 4)])
rank2 = rnd(3, 2) @ rnd(2, 3)
C("pinv", "lambda a: tf.linalg.pinv(a)", [rank2])
C("pinv_wide", "lambda a: tf.linalg.pinv(a)", [rnd(3, 5)], grad=[0])
C("pinv_tall_f32", "lambda a: tf.linalg.pinv(a)", [rnd(5, 3, dt=f32)])
C("pinv_batch_rcond", "lambda a: tf.linalg.pinv(a, rcond=0.3)", [rnd(2, 3, 3)])
C("pinv_square_grad", "lambda a: tf.linalg.pinv(a)", [well(3)], grad=[0])
C("expm", "lambda a: tf.linalg.expm(a)", [rnd(3, 3, scale=0.1)], grad=[0])
C("expm_big", "lambda a: tf.linalg.expm(a)", [rnd(4, 4, scale=3.0)], grad=[0])
C("expm_mid", "lambda a: tf.linalg.expm(a)", [rnd(2, 3, 3, scale=0.6)])
C("expm_f32", "lambda a: tf.linalg.expm(a)", [rnd(3, 3, dt=f32)])
C("expm_complex", "lambda a: tf.linalg.expm(a)", [rnd(3, 3, dt=c128)], grad=[0])
C("expm_zero", "lambda a: tf.linalg.expm(a)", [np.zeros((2, 2))])
C("logm", "lambda a: tf.linalg.logm(a)", [(np.eye(3) + rnd(3, 3, scale=0.2)).astype(c128)])
C("logm_general", "lambda a: tf.linalg.logm(a)", [well(4, dt=c128)])
C("logm_c64_batch", "lambda a: tf.linalg.logm(a)", [spd(3, (2,), dt=c64)])
C("sqrtm", "lambda a: tf.linalg.sqrtm(a)", [spd(3)], grad=[0])
C("sqrtm_general", "lambda a: tf.linalg.sqrtm(a)", [spd(4) + rnd(4, 4, scale=0.5)], grad=[0])
C("sqrtm_f32_batch", "lambda a: tf.linalg.sqrtm(a)", [spd(3, (2,), dt=f32)])
C("sqrtm_complex", "lambda a: tf.linalg.sqrtm(a)", [spd(3, dt=c128) + rnd(3, 3, dt=c128, scale=0.3)], grad=[0])
C("matrix_rank", "lambda a: tf.linalg.matrix_rank(a)", [np.stack([rank2, well(3), np.zeros((3, 3))])])
C("matrix_rank_tol", "lambda a: tf.linalg.matrix_rank(a, tol=0.5)", [A(np.diag([3.0, 0.4, 1e-3]), f32)])
C("matrix_rank_wide", "lambda a: tf.linalg.matrix_rank(a)", [rnd(2, 5)])
C("cholesky_solve", "lambda c, b: tf.linalg.cholesky_solve(c, b)", [np.linalg.cholesky(spd(3)), rnd(3, 2)],
  grad=[0, 1])
C("cholesky_solve_batch", "lambda c, b: tf.linalg.cholesky_solve(c, b)",
  [np.linalg.cholesky(spd(3, (2,))), rnd(2, 3, 1)])
tri = np.stack([rnd(5), rnd(5) + 4, rnd(5)])
C("tridiagonal_solve", "lambda d, b: tf.linalg.tridiagonal_solve(d, b)", [tri, rnd(5, 2)], grad=[0, 1])
C("tridiagonal_solve_vector", "lambda d, b: tf.linalg.tridiagonal_solve(d, b)", [tri, rnd(5)], grad=[0, 1])
C("tridiagonal_solve_sequence", "lambda u, d, l, b: tf.linalg.tridiagonal_solve((u, d, l), b, "
  "diagonals_format='sequence')", [tri[0], tri[1], tri[2], rnd(5, 3)], grad=[0, 1, 2, 3])
C("tridiagonal_solve_matrix", "lambda m, b: tf.linalg.tridiagonal_solve(m, b, diagonals_format='matrix')",
  [np.diag(tri[0, :-1], 1) + np.diag(tri[1]) + np.diag(tri[2, 1:], -1) + np.diag([9.0] * 3, 2), rnd(5, 2)],
  grad=[0, 1])
C("tridiagonal_solve_transpose_rhs", "lambda d, b: tf.linalg.tridiagonal_solve(d, b, transpose_rhs=True)",
  [np.stack([tri, tri * 0.5 + 1]), rnd(2, 3, 5)])
C("tridiagonal_solve_complex", "lambda d, b: tf.linalg.tridiagonal_solve(d, b, transpose_rhs=True, "
  "conjugate_rhs=True)", [np.stack([rnd(4, dt=c128), rnd(4, dt=c128) + 4, rnd(4, dt=c128)]), rnd(2, 4, dt=c128)],
  grad=[0, 1])
C("tridiagonal_solve_no_pivot_f32", "lambda d, b: tf.linalg.tridiagonal_solve(d, b, partial_pivoting=False)",
  [tri.astype(f32), rnd(5, 2, dt=f32)])
C("tridiagonal_solve_pivoting_needed", "lambda d, b: tf.linalg.tridiagonal_solve(d, b)",
  [A([[1, 2, 0], [0, 1, 1], [0, 3, 1]]), A([[1], [2], [3]])])
C("tridiagonal_matmul", "lambda d, b: tf.linalg.tridiagonal_matmul(d, b)", [tri, rnd(5, 2)], grad=[0, 1])
C("tridiagonal_matmul_sequence", "lambda u, d, l, b: tf.linalg.tridiagonal_matmul((u, d, l), b, "
  "diagonals_format='sequence')", [rnd(2, 4), rnd(2, 4), rnd(2, 4), rnd(2, 4, 3)], grad=[0, 1, 2, 3])
C("tridiagonal_matmul_matrix", "lambda m, b: tf.linalg.tridiagonal_matmul(m, b, diagonals_format='matrix')",
  [rnd(4, 4), rnd(4, 2)], grad=[0, 1])
C("tridiagonal_matmul_complex", "lambda d, b: tf.linalg.tridiagonal_matmul(d, b)",
  [rnd(3, 4, dt=c128), rnd(4, 2, dt=c128)], grad=[0, 1])
C("tensor_diag", "lambda x: tf.linalg.tensor_diag(x)", [rnd(2, 3)], grad=[0])
C("tensor_diag_vector_int", "lambda x: tf.linalg.tensor_diag(x)", [A([1, 2, 3], i32)])
C("tensor_diag_part", "lambda x: tf.linalg.tensor_diag_part(x)", [rnd(2, 3, 2, 3)], grad=[0])
C("tensor_diag_part_matrix", "lambda x: tf.linalg.tensor_diag_part(x)", [rnd(3, 3, dt=f32)])
nonsym = A([[1, 2, 0], [-2, 1, 1], [0.5, 0, 3]])
C("eigvals", "lambda a: tf.linalg.eigvals(a)", [nonsym], grad=[0])
C("eig_values", "lambda a: tf.linalg.eig(a)[0]", [nonsym], grad=[0])
C("eig_vectors_abs", "lambda a: tf.abs(tf.linalg.eig(a)[1])", [nonsym], grad=[0])
C("eig_check", "lambda a: tf.linalg.eig(a)", [nonsym])
C("eig_complex_abs", "lambda a: (tf.linalg.eig(a)[0], tf.abs(tf.linalg.eig(a)[1]))", [rnd(3, 3, dt=c128)],
  grad=[0])
C("eig_batch_f32", "lambda a: tf.linalg.eig(a)", [spd(3, (2,), dt=f32)])
C("eigvals_symmetric", "lambda a: tf.linalg.eigvals(a)", [spd(4)], grad=[0])
band_l = A([[2, 3, 4, 5], [1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5]])
C("banded_lower", "lambda bands, b: tf.linalg.banded_triangular_solve(bands, b)", [band_l, rnd(4, 2)],
  grad=[0, 1])
C("banded_upper", "lambda bands, b: tf.linalg.banded_triangular_solve(bands, b, lower=False)",
  [band_l[::-1].copy(), rnd(4, 2)], grad=[0, 1])
C("banded_adjoint", "lambda bands, b: tf.linalg.banded_triangular_solve(bands, b, adjoint=True)",
  [band_l[:2], rnd(4, 3)], grad=[0, 1])
C("banded_upper_adjoint_batch", "lambda bands, b: tf.linalg.banded_triangular_solve(bands, b, lower=False, "
  "adjoint=True)", [np.stack([band_l, band_l + 1])[:, ::-1].copy(), rnd(2, 4, 1)])
C("banded_complex", "lambda bands, b: tf.linalg.banded_triangular_solve(bands, b)",
  [rnd(2, 3, dt=c128) + A([[3], [0]]), rnd(3, 2, dt=c128)])
ta, tb = A([1.0, 2.0, 3.0, 4.0]), A([0.5, -1.0, 0.3])
C("eigh_tridiagonal", "lambda a, b: tf.linalg.eigh_tridiagonal(a, b)", [ta, tb])
C("eigh_tridiagonal_vectors", "lambda a, b: tf.linalg.eigh_tridiagonal(a, b, eigvals_only=False)", [ta, tb])
C("eigh_tridiagonal_select_i", "lambda a, b: tf.linalg.eigh_tridiagonal(a, b, select='i', select_range=[1, 2])",
  [ta, tb])
C("eigh_tridiagonal_select_v", "lambda a, b: tf.linalg.eigh_tridiagonal(a, b, select='v', "
  "select_range=[0.0, 3.5])", [ta, tb])
C("eigh_tridiagonal_complex", "lambda a, b: tf.linalg.eigh_tridiagonal(a, b)",
  [ta.astype(c128), (tb + 1j * A([0.2, 0.1, -0.4])).astype(c128)])
C("eigh_tridiagonal_f32", "lambda a, b: tf.linalg.eigh_tridiagonal(a, b)", [ta.astype(f32), tb.astype(f32)])
E("lu_nonsquare", "lambda a: tf.linalg.lu(a)", [rnd(2, 3)])
E("lu_int", "lambda a: tf.linalg.lu(a)", [A([[1, 2], [3, 4]], i32)])
E("logm_real", "lambda a: tf.linalg.logm(a)", [spd(2)])
E("expm_nonsquare", "lambda a: tf.linalg.expm(a)", [rnd(2, 3)])
E("sqrtm_nonsquare", "lambda a: tf.linalg.sqrtm(a)", [rnd(2, 3)])
E("tridiagonal_solve_singular", "lambda d, b: tf.linalg.tridiagonal_solve(d, b)",
  [A([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), rnd(3, 1)])
E("tridiagonal_solve_bad_shape", "lambda d, b: tf.linalg.tridiagonal_solve(d, b)", [rnd(2, 5), rnd(5, 1)])
E("tridiagonal_solve_bad_format", "lambda d, b: tf.linalg.tridiagonal_solve(d, b, diagonals_format='foo')",
  [rnd(3, 5), rnd(5, 1)])
E("tridiagonal_matmul_bad_shape", "lambda d, b: tf.linalg.tridiagonal_matmul(d, b)", [rnd(3, 5), rnd(4, 1)])
E("tensor_diag_part_odd", "lambda x: tf.linalg.tensor_diag_part(x)", [rnd(2, 3, 2)])
E("tensor_diag_part_mismatch", "lambda x: tf.linalg.tensor_diag_part(x)", [rnd(2, 3)])
E("eig_nonsquare", "lambda a: tf.linalg.eig(a)", [rnd(2, 3)])
E("cholesky_solve_shapes", "lambda c, b: tf.linalg.cholesky_solve(c, b)", [spd(3), rnd(2, 1)])
E("lu_grad_missing", "lambda a: _grad(tf, lambda t: tf.linalg.lu(t)[0], a)", [L4])
E("logm_grad_missing", "lambda a: _grad(tf, tf.linalg.logm, a)", [spd(2).astype(c128)])


def _grad(tf, f, a):
    t = tf.constant(a)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = f(t)
    return tape.gradient(y, t)


def flatten(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flatten(o)]
    return [out]


def weights(shape, k):
    n = int(np.prod(shape))
    return (np.cos(np.arange(n) * 1.3 + 0.2 + k).reshape(shape), np.sin(np.arange(n) * 0.7 - 0.4 + k).reshape(shape))


def loss(tf, outs):
    """A real scalar from every float/complex output: fixed weights on real and imaginary parts."""
    total = 0.0
    for k, t in enumerate(outs):
        if not (t.dtype.is_floating or t.dtype.is_complex):
            continue
        w1, w2 = weights(tuple(int(d) for d in t.shape), k)
        re = tf.math.real(t)
        total = total + tf.reduce_sum(re * tf.constant(w1, re.dtype))
        if t.dtype.is_complex:
            total = total + tf.reduce_sum(tf.math.imag(t) * tf.constant(w2, re.dtype))
    return total


def evaluate(tf, fn_src, inputs, sources=None):
    """(outputs as NumPy arrays, gradients of the sources (None where the module gave None))."""
    fn = eval(fn_src, {"tf": tf, "np": np, "_grad": _grad})  # noqa: S307 - our own case table
    ts = [tf.constant(v) for v in inputs]
    if not sources:
        return [np.asarray(o.numpy()) for o in flatten(fn(*ts))], []
    with tf.GradientTape() as tape:
        tape.watch([ts[i] for i in sources])
        outs = flatten(fn(*ts))
        total = loss(tf, outs)
    grads = tape.gradient(total, [ts[i] for i in sources])
    return [np.asarray(o.numpy()) for o in outs], [None if g is None else np.asarray(g.numpy()) for g in grads]


def main():
    import tensorflow as tf
    arrays, cases = {}, []
    for name, fn, inputs, sources in CASES:
        try:
            outs, grads = evaluate(tf, fn, inputs, sources)
        except Exception as e:  # noqa: BLE001 - a case table mistake: say which
            raise RuntimeError(f"case {name} failed under TF: {e}") from e
        for i, v in enumerate(inputs):
            arrays[f"{name}/in{i}"] = v
        for k, o in enumerate(outs):
            arrays[f"{name}/out{k}"] = o
        for i, g in zip(sources or [], grads):
            if g is not None:
                arrays[f"{name}/grad{i}"] = g
        cases.append({"name": name, "fn": fn, "n_in": len(inputs), "n_out": len(outs), "sources": sources or [],
                      "dtypes": [str(o.dtype) for o in outs]})
    for name, fn, inputs in ERRORS:
        f = eval(fn, {"tf": tf, "np": np, "_grad": _grad})  # noqa: S307
        try:
            f(*[tf.constant(v) for v in inputs])
            err, msg = None, None
        except Exception as e:  # noqa: BLE001 - recording TF's exception
            err, msg = type(e).__name__, str(e)
        print(f"{name}: {err}: {(msg or '')[:200]!r}")
        for i, v in enumerate(inputs):
            arrays[f"{name}/in{i}"] = v
        cases.append({"name": name, "fn": fn, "n_in": len(inputs), "error": err, "message": msg})
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}: {len(CASES)} value cases, {len(ERRORS)} error cases")


if __name__ == "__main__":
    main()
