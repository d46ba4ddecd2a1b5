"""Matrix factorizations and solvers: cholesky, solve, triangular_solve, slogdet/logdet, eigh,
eigvalsh, svd, qr, lstsq and cross. `tf.linalg` re-exports these.

    >>> tf.linalg.cholesky([[4., 2.], [2., 5.]]).numpy().tolist()
    [[2.0, 0.0], [1.0, 2.0]]
"""
import collections

import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, zeros_like
from .registry import primitive, defgrad, execute, execute_unary, dtype_error
from . import math_ops, array_ops
from .reduction_ops import check_dtype, is_float_or_complex, expand_reduced, reduce_sum
from .linalg_ops import (_square_infer, _check_square, band_part, diag_part, set_diag, matrix_transpose, inv,
                         _FLOAT_OR_COMPLEX)
from .stack_ops import stack
from .gather_ops import gather_dense

__all__ = []

LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])
_T = lambda x: matrix_transpose(x)  # noqa: E731
_mm = math_ops.matmul


def _H(x):
    """The adjoint (conjugate transpose); the transpose for real x."""
    return matrix_transpose(x, conjugate=True)


def _float_input(x, op_name):
    t = _as_tensor(x)
    check_dtype(t, op_name, is_float_or_complex, _FLOAT_OR_COMPLEX)
    return t


def _lower(x):
    return band_part(x, -1, 0)


# -- cholesky --------------------------------------------------------------------------------------
def _cholesky_kernel(x):
    _check_square(x, "Cholesky")
    try:
        return np.linalg.cholesky(x)
    except np.linalg.LinAlgError:  # TF leaves NaNs where the factorization fails
        flat = x.reshape((-1,) + x.shape[-2:])
        out = np.empty_like(flat)
        for i, m in enumerate(flat):
            try:
                out[i] = np.linalg.cholesky(m)
            except np.linalg.LinAlgError:
                out[i] = np.tril(np.full_like(m, np.nan))
        return out.reshape(x.shape)


CHOLESKY = primitive("Cholesky", _cholesky_kernel, _square_infer)


@lambda f: defgrad(CHOLESKY, f)
def _cholesky_grad(n, g):
    # A = L L^T: Abar = sym(L^-T Phi(L^T Lbar) L^-1), Phi taking the lower triangle with half the diagonal.
    L = n.outputs[0]
    P = _lower(_mm(L, g, adjoint_a=True))
    P = set_diag(P, math_ops.multiply(diag_part(P), 0.5))
    S = triangular_solve(L, _H(triangular_solve(L, P, lower=True, adjoint=True)), lower=True, adjoint=True)
    return math_ops.multiply(math_ops.add(S, _H(S)), 0.5)


def cholesky(input, name=None):  # noqa: A002
    """The lower-triangular L with L L^H = input, for each matrix in the last two axes."""
    return execute_unary(CHOLESKY, _float_input(input, "Cholesky"))


# -- solve, triangular_solve -----------------------------------------------------------------------
def _adj(x):
    return np.conj(np.swapaxes(x, -1, -2))


def _solve_kernel(a, b, adjoint=False):
    _check_square(a, "MatrixSolve")
    if a.shape[-1] != b.shape[-2]:
        raise InvalidArgumentError(None, "MatrixSolve", "Input matrix and right-hand side must have the same "
                                   "number of rows. [Op:MatrixSolve]")
    try:
        return np.linalg.solve(_adj(a) if adjoint else a, b).astype(b.dtype, copy=False)
    except np.linalg.LinAlgError:
        raise InvalidArgumentError(None, "MatrixSolve", "Input matrix is not invertible. [Op:MatrixSolve]") from None


def _solve_infer(ins, a):
    s = ins[1].shape
    return [(s, ins[1].dtype)]


SOLVE = primitive("MatrixSolve", _solve_kernel, _solve_infer)


@lambda f: defgrad(SOLVE, f)
def _solve_grad(n, g):
    a = n.inputs[0]
    x = n.outputs[0]
    adjoint = n.attrs.get("adjoint", False) if n.attrs else False
    gb = solve(a, g, adjoint=not adjoint)
    ga = math_ops.negative(_mm(x, gb, adjoint_b=True) if adjoint else _mm(gb, x, adjoint_b=True))
    return ga, gb


def _check_pair(a, b, op_name):
    if a.dtype is not b.dtype:
        raise dtype_error(op_name, 1, a.dtype, b.dtype)


def solve(matrix, rhs, adjoint=False, name=None):
    """X with matrix @ X = rhs (adjoint(matrix) @ X = rhs when `adjoint`)."""
    a, b = _float_input(matrix, "MatrixSolve"), _as_tensor(rhs)
    _check_pair(a, b, "MatrixSolve")
    return execute(SOLVE, (a, b), {"adjoint": bool(adjoint)})


def _tri_kernel(a, b, lower=True, adjoint=False):
    _check_square(a, "MatrixTriangularSolve")
    t = np.tril(a) if lower else np.triu(a)
    if adjoint:
        t = _adj(t)
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            return np.linalg.solve(t, b).astype(b.dtype, copy=False)
        except np.linalg.LinAlgError:  # a zero on the diagonal: TF divides by it
            return np.full(np.broadcast_shapes(t.shape[:-2], b.shape[:-2]) + b.shape[-2:], np.inf, b.dtype)


TRIANGULAR_SOLVE = primitive("MatrixTriangularSolve", _tri_kernel, _solve_infer)


@lambda f: defgrad(TRIANGULAR_SOLVE, f)
def _tri_grad(n, g):
    a = n.inputs[0]
    x = n.outputs[0]
    lower, adjoint = n.attrs.get("lower", True), n.attrs.get("adjoint", False)
    gb = triangular_solve(a, g, lower=lower, adjoint=not adjoint)
    ga = math_ops.negative(_mm(x, gb, adjoint_b=True) if adjoint else _mm(gb, x, adjoint_b=True))
    ga = band_part(ga, -1, 0) if lower else band_part(ga, 0, -1)
    return ga, gb


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """X with T @ X = rhs, T the lower (or upper) triangle of `matrix`."""
    a, b = _float_input(matrix, "MatrixTriangularSolve"), _as_tensor(rhs)
    _check_pair(a, b, "MatrixTriangularSolve")
    return execute(TRIANGULAR_SOLVE, (a, b), {"lower": bool(lower), "adjoint": bool(adjoint)})


# -- slogdet, logdet -------------------------------------------------------------------------------
def _slogdet_kernel(x):
    _check_square(x, "LogMatrixDeterminant")
    sign, logabs = np.linalg.slogdet(x)
    return np.asarray(sign, x.dtype), np.asarray(logabs, x.dtype)  # complex in, complex log|det| out (TF)


def _slogdet_infer(ins, a):
    s = _square_infer(ins, a)[0][0]
    out = TensorShape(None) if s.rank is None else s[:-2]
    return [(out, ins[0].dtype), (out, ins[0].dtype)]


SLOGDET = primitive("LogMatrixDeterminant", _slogdet_kernel, _slogdet_infer, num_outputs=2)


@lambda f: defgrad(SLOGDET, f)
def _slogdet_grad(n, g_sign, g_logabs):
    x = n.inputs[0]
    if g_logabs is None:
        return zeros_like(x)
    r = x.shape.rank
    return math_ops.multiply(expand_reduced(g_logabs, (r - 2, r - 1)), inv(x, adjoint=True))


def slogdet(input, name=None):  # noqa: A002
    """(sign, log|det|) of each square matrix: a LogMatrixDeterminant named tuple."""
    sign, logabs = execute(SLOGDET, (_float_input(input, "LogMatrixDeterminant"),))
    return LogMatrixDeterminant(sign, logabs)


def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive definite matrices (through their Cholesky factor)."""
    c = cholesky(matrix)
    return math_ops.multiply(reduce_sum(math_ops.log(math_ops.abs(diag_part(c))), axis=-1),
                             np.asarray(2, c.dtype.as_numpy_dtype))


# -- eigh --------------------------------------------------------------------------------------------
def _eigh_kernel(x, compute_v=True):
    _check_square(x, "SelfAdjointEigV2")
    e, v = np.linalg.eigh(x, UPLO="L")
    e = e.astype(x.real.dtype if x.dtype.kind == "c" else x.dtype, copy=False)
    return (e, v.astype(x.dtype, copy=False)) if compute_v else (e, np.zeros((0,), x.dtype))


def _eigh_infer(ins, a):
    s = _square_infer(ins, a)[0][0]
    e = TensorShape(None) if s.rank is None else s[:-1]
    return [(e, ins[0].dtype), (s if a.get("compute_v", True) else TensorShape([0]), ins[0].dtype)]


EIGH = primitive("SelfAdjointEigV2", _eigh_kernel, _eigh_infer, num_outputs=2)


@lambda f: defgrad(EIGH, f)
def _eigh_grad(n, ge, gv):
    # A = V diag(e) V^T: Abar = V (diag(ebar) + F * (V^T Vbar)) V^T, F_ij = 1 / (e_j - e_i) off the
    # diagonal; symmetrized from the lower triangle TF reads.
    e, v = n.outputs
    inner = _diag_matrix(ge if ge is not None else zeros_like(e))
    if gv is not None:
        diff = math_ops.subtract(e[..., None, :], e[..., :, None])
        f = math_ops.divide_no_nan(array_ops.ones_like(diff), diff)  # (0 on the diagonal)
        inner = math_ops.add(inner, math_ops.multiply(f, _mm(v, gv, adjoint_a=True)))
    ga = _mm(v, _mm(inner, v, adjoint_b=True))
    ga = math_ops.add(ga, _T(ga))
    ga = set_diag(ga, math_ops.multiply(diag_part(ga), 0.5))
    return _lower(ga)


def _diag_matrix(d):
    from .linalg_ops import diag
    return diag(d)


def eigh(tensor, name=None):
    """(eigenvalues ascending, eigenvectors as columns) of self-adjoint matrices (lower triangle read)."""
    e, v = execute(EIGH, (_float_input(tensor, "SelfAdjointEigV2"),), {"compute_v": True})
    return e, v


def eigvalsh(tensor, name=None):
    """The eigenvalues (ascending) of self-adjoint matrices."""
    return eigh(tensor)[0]


# -- svd, qr -----------------------------------------------------------------------------------------
def _svd_kernel(x, full_matrices=False, compute_uv=True):
    if compute_uv:
        u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
        return s.astype(x.dtype, copy=False), u.astype(x.dtype, copy=False), _adj(vh).astype(x.dtype, copy=False)
    s = np.linalg.svd(x, compute_uv=False).astype(x.dtype, copy=False)
    return s, np.zeros((0,), x.dtype), np.zeros((0,), x.dtype)


def _svd_infer(ins, a):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)] * 3
    if s.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {s.rank}")
    batch, m, n = list(s)[:-2], s[-2], s[-1]
    k = None if m is None or n is None else min(m, n)
    if not a.get("compute_uv", True):
        return [(TensorShape(batch + [k]), ins[0].dtype)] + [(TensorShape([0]), ins[0].dtype)] * 2
    full = a.get("full_matrices", False)
    return [(TensorShape(batch + [k]), ins[0].dtype), (TensorShape(batch + [m, m if full else k]), ins[0].dtype),
            (TensorShape(batch + [n, n if full else k]), ins[0].dtype)]


SVD = primitive("Svd", _svd_kernel, _svd_infer, num_outputs=3)


@lambda f: defgrad(SVD, f)
def _svd_grad(n, gs, gu, gv):
    from .nn_losses import _is_zero
    if any(t is not None and not _is_zero(t) for t in (gu, gv)):
        raise NotImplementedError("numtf differentiates tf.linalg.svd only through its singular values "
                                  "(use compute_uv=False or only `s`).")
    x = n.inputs[0]
    if not n.attrs.get("compute_uv", True):
        _, u, v = execute(SVD, (x,), {"full_matrices": False, "compute_uv": True})
    else:
        _, u, v = n.outputs
    return _mm(math_ops.multiply(u, gs[..., None, :]), v, adjoint_b=True)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values (descending) and, when `compute_uv`, (s, u, v) with tensor = u diag(s) v^H."""
    t = _float_input(tensor, "Svd")
    s, u, v = execute(SVD, (t,), {"full_matrices": bool(full_matrices), "compute_uv": bool(compute_uv)})
    return (s, u, v) if compute_uv else s


def _qr_kernel(x, full_matrices=False):
    q, r = np.linalg.qr(x, mode="complete" if full_matrices else "reduced")
    return q.astype(x.dtype, copy=False), r.astype(x.dtype, copy=False)


def _qr_infer(ins, a):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)] * 2
    batch, m, n = list(s)[:-2], s[-2], s[-1]
    k = m if a.get("full_matrices") or m is None or n is None else min(m, n)
    return [(TensorShape(batch + [m, k]), ins[0].dtype), (TensorShape(batch + [k, n]), ins[0].dtype)]


QR = primitive("Qr", _qr_kernel, _qr_infer, num_outputs=2)


@lambda f: defgrad(QR, f)
def _qr_grad(n, gq, gr):
    # For m >= n (reduced): M = R Rbar^T - Qbar^T Q; Abar = (Qbar + Q copyltu(M)) R^-T.
    q, r = n.outputs
    x = n.inputs[0]
    m, k = x.shape[-2], x.shape[-1]
    if m is None or k is None or m < k:
        raise NotImplementedError("numtf differentiates tf.linalg.qr only for matrices with at least as many "
                                  "rows as columns.")
    gq = zeros_like(q) if gq is None else gq
    gr = zeros_like(r) if gr is None else gr
    mm = math_ops.subtract(_mm(r, gr, adjoint_b=True), _mm(gq, q, adjoint_a=True))
    low = _lower(mm)
    copyltu = math_ops.add(low, _T(band_part(mm, -1, 0) - band_part(mm, 0, 0)))
    b = math_ops.add(gq, _mm(q, copyltu))
    return _T(triangular_solve(r, _T(b), lower=False, adjoint=False))


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """(q, r) with input = q r, q orthonormal columns, r upper triangular."""
    q, r = execute(QR, (_float_input(input, "Qr"),), {"full_matrices": bool(full_matrices)})
    return q, r


# -- lstsq, cross ----------------------------------------------------------------------------------
def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The least-squares solution X of matrix @ X = rhs (regularized normal equations)."""
    a, b = _float_input(matrix, "MatrixSolveLs"), _as_tensor(rhs)
    _check_pair(a, b, "MatrixSolveLs")
    m, k = a.shape[-2], a.shape[-1]
    lam = np.asarray(l2_regularizer, a.dtype.as_numpy_dtype)
    if m is not None and k is not None and m < k:  # underdetermined: the minimum-norm solution
        gram = math_ops.add(_mm(a, a, adjoint_b=True), lam * np.eye(m, dtype=lam.dtype))
        return _mm(a, solve(gram, b), adjoint_a=True)
    gram = math_ops.add(_mm(a, a, adjoint_a=True), lam * np.eye(k, dtype=lam.dtype))
    return solve(gram, _mm(a, b, adjoint_a=True))


def cross(a, b, name=None):
    """The cross product of 3-vectors along the last axis."""
    a, b = _as_tensor(a), _as_tensor(b)
    if a.dtype is not b.dtype:
        raise dtype_error("Cross", 1, a.dtype, b.dtype)
    for t in (a, b):
        if t.shape.rank is not None and t.shape[-1] is not None and t.shape[-1] != 3:
            raise ValueError(f"Dimension must be 3 but is {t.shape[-1]}")
    c = [gather_dense(a, i, axis=-1) for i in range(3)]
    d = [gather_dense(b, i, axis=-1) for i in range(3)]
    sub, mul = math_ops.subtract, math_ops.multiply
    return stack([sub(mul(c[1], d[2]), mul(c[2], d[1])), sub(mul(c[2], d[0]), mul(c[0], d[2])),
                  sub(mul(c[0], d[1]), mul(c[1], d[0]))], axis=-1)

