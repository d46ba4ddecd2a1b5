"""tf.linalg: lu, lu_solve, lu_matrix_inverse, lu_reconstruct, pinv, expm, logm, sqrtm,
matrix_rank, cholesky_solve, eig and eigvals.

Gradients as TF: lu and logm have none (TF raises LookupError, and so does numtf); lu_solve,
lu_matrix_inverse, lu_reconstruct and cholesky_solve are composites of differentiable ops;
pinv, expm, sqrtm and eig/eigvals have closed-form rules.

    >>> tf.linalg.expm(tf.zeros([2, 2])).numpy().tolist()
    [[1.0, 0.0], [0.0, 1.0]]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, zeros_like, reshape, shape as _shape
from .creation_ops import one_hot, eye
from .join_ops import concat
from .registry import primitive, execute, dtype_error
from . import math_ops as M
from .reduction_ops import check_dtype, is_float_or_complex, reduce_sum, reduce_max
from .linalg_ops import (_square_infer, _check_square, band_part, set_diag, diag_part, diag, matrix_transpose,
                         _FLOAT_OR_COMPLEX, _fail)
from .linalg_ops2 import triangular_solve, solve, svd, _H
from .special_ops import real
from .stack_ops import cast, conj

__all__ = []

_mm = M.matmul


def _input(x, op_name, types=None):
    t = _as_tensor(x)
    if types is None:
        check_dtype(t, op_name, is_float_or_complex, _FLOAT_OR_COMPLEX)
    elif id(t.dtype) not in types.ids:
        raise M.type_error(op_name, t, types, "input")
    return t


def _static_n(t, what):
    n = t.shape[-1] if t.shape.rank is not None else None
    if n is None:
        raise NotImplementedError(f"numtf's {what} needs a statically known matrix size")
    return int(n)


def _batches(x, fn):
    """Applies fn to each matrix of a (..., n, n) array."""
    flat = x.reshape((-1,) + x.shape[-2:])
    out = np.stack([fn(m) for m in flat]) if flat.shape[0] else np.empty(flat.shape, x.dtype)
    return out.reshape(x.shape[:-2] + out.shape[-2:])


# -- lu --------------------------------------------------------------------------------------------
def _lu_kernel(x, output_idx_type):
    _check_square(x, "Lu")
    n = x.shape[-1]
    a = x.reshape((-1, n, n)).copy()
    batch = np.arange(a.shape[0])
    perm = np.tile(np.arange(n, dtype=output_idx_type), (a.shape[0], 1))
    for k in range(n):
        # Partial pivoting: the largest magnitude in the column (the first one on ties).
        piv = k + np.argmax(np.abs(a[:, k:, k]), axis=1)
        rows, prow = a[batch, piv].copy(), perm[batch, piv].copy()
        a[batch, piv], perm[batch, piv] = a[:, k], perm[:, k]
        a[:, k], perm[:, k] = rows, prow
        pivot = a[:, k, k]
        if np.any(pivot == 0):
            raise InvalidArgumentError(None, "Lu", "Input is not invertible. [Op:Lu]")
        a[:, k + 1:, k] /= pivot[:, None]
        a[:, k + 1:, k + 1:] -= a[:, k + 1:, k, None] * a[:, k, None, k + 1:]
    return a.reshape(x.shape), perm.reshape(x.shape[:-1])


def _lu_infer(ins, a):
    s = _square_infer(ins, a)[0][0]
    return [(s, ins[0].dtype), (TensorShape(None) if s.rank is None else s[:-1], a["index_dtype"])]


# TF registers no gradient for Lu: tape.gradient raises LookupError, as here (grad=None and no
# no_gradient reason). Differentiate the factors' consumers (lu_solve, lu_reconstruct) instead.
LU = primitive("Lu", lambda x, output_idx_type, index_dtype: _lu_kernel(x, output_idx_type), _lu_infer,
               num_outputs=2)


def lu(input, output_idx_type=dtypes.int32, name=None):  # noqa: A002
    """The LU factorization with partial pivoting: (lower_upper, perm) with
    L @ U = input[..., perm, :], L unit lower triangular (below the diagonal of lower_upper) and
    U upper triangular (on and above it).

        >>> lu, p = tf.linalg.lu([[1., 2.], [3., 4.]])
        >>> p.numpy().tolist()
        [1, 0]
    """
    t = _input(input, "Lu")
    idx = dtypes.as_dtype(output_idx_type)
    return tuple(execute(LU, (t,), {"output_idx_type": idx.as_numpy_dtype, "index_dtype": idx}))


def _perm_matrix(perm, dtype, n):
    """P with (P @ x)[i] = x[perm[i]]."""
    return one_hot(perm, n, dtype=dtype)


def _lu_factors(lower_upper):
    lower = band_part(lower_upper, -1, 0)
    ones = M.add(zeros_like(diag_part(lower)), 1)
    return set_diag(lower, ones), band_part(lower_upper, 0, -1)


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """X with input @ X = rhs, from input's `tf.linalg.lu` factors.

        >>> lu, p = tf.linalg.lu([[2., 0.], [0., 4.]])
        >>> tf.linalg.lu_solve(lu, p, [[2.], [4.]]).numpy().tolist()
        [[1.0], [1.0]]
    """
    a = _input(lower_upper, "LuSolve")
    b = _as_tensor(rhs, a.dtype)
    if b.dtype is not a.dtype:
        raise dtype_error("MatrixTriangularSolve", 1, a.dtype, b.dtype)
    p = _as_tensor(perm)
    n = _static_n(a, "lu_solve")
    lower, upper = _lu_factors(a)
    permuted = _mm(_perm_matrix(p, a.dtype, n), b)
    return triangular_solve(upper, triangular_solve(lower, permuted, lower=True), lower=False)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """The inverse of a matrix from its `tf.linalg.lu` factors.

        >>> lu, p = tf.linalg.lu([[2., 0.], [0., 4.]])
        >>> tf.linalg.lu_matrix_inverse(lu, p).numpy().tolist()
        [[0.5, 0.0], [0.0, 0.25]]
    """
    a = _input(lower_upper, "LuMatrixInverse")
    n = _static_n(a, "lu_matrix_inverse")
    ident = eye(n, dtype=a.dtype)
    if a.shape.rank is not None and a.shape.rank > 2:
        ident = M.add(ident, zeros_like(a))
    return lu_solve(a, perm, ident)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """The matrix whose `tf.linalg.lu` factors are (lower_upper, perm): P^T L U.

        >>> tf.linalg.lu_reconstruct(*tf.linalg.lu([[1., 2.], [3., 4.]])).numpy().tolist()
        [[1.0, 2.0], [3.0, 4.0]]
    """
    a = _input(lower_upper, "LuReconstruct")
    n = _static_n(a, "lu_reconstruct")
    lower, upper = _lu_factors(a)
    return _mm(_perm_matrix(_as_tensor(perm), a.dtype, n), _mm(lower, upper), transpose_a=True)


# -- pinv ------------------------------------------------------------------------------------------
def _pinv_kernel(a, rcond):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    real_t = s.dtype.type
    if rcond is None:
        rcond = 10 * max(a.shape[-2:]) * np.finfo(real_t).eps
    cutoff = real_t(rcond) * np.max(s, axis=-1, keepdims=True, initial=0)
    with np.errstate(divide="ignore"):
        s_inv = np.where(s > cutoff, 1 / s, 0).astype(s.dtype)
    out = np.conj(np.swapaxes(vh, -1, -2)) * s_inv[..., None, :] @ np.conj(np.swapaxes(u, -1, -2))
    return out.astype(a.dtype, copy=False)


def _pinv_infer(ins, a):
    s = ins[0].shape
    if s.rank is None:
        return [(s, ins[0].dtype)]
    return [(TensorShape(list(s)[:-2] + [s[-1], s[-2]]), ins[0].dtype)]


def _pinv_grad(n, g):
    # P = pinv(A) (rank kept): dP = -P dA P + P P^H dA^H (I - A P) + (I - P A) dA^H P^H P, so
    # Abar = -P^H G P^H + (I - A P) G^H P P^H + P^H P G^H (I - P A).
    a, p = n.inputs[0], n.outputs[0]
    ph = _H(p)
    t1 = M.negative(_mm(ph, _mm(g, ph)))
    t2 = _mm(g, _mm(p, ph), adjoint_a=True)
    t2 = M.subtract(t2, _mm(a, _mm(p, t2)))
    t3 = _mm(_mm(ph, p), g, adjoint_b=True)
    t3 = M.subtract(t3, _mm(_mm(t3, p), a))
    return M.add(M.add(t1, t2), t3)


PINV = primitive("MatrixPinv", _pinv_kernel, _pinv_infer, grad=_pinv_grad)


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse (through the SVD; singular values at or below
    rcond * max(s) are dropped, rcond defaulting to 10 * max(m, n) * eps).

        >>> tf.linalg.pinv([[2., 0.], [0., 0.]]).numpy().tolist()
        [[0.5, 0.0], [0.0, 0.0]]
    """
    t = _input(a, "Pinv")
    if t.shape.rank is not None and t.shape.rank < 2:
        raise ValueError(f"Input `a` must have at least 2 dimensions (saw: {t.shape.rank}).")
    return execute(PINV, (t,), {"rcond": None if rcond is None else float(rcond)})


# -- expm ------------------------------------------------------------------------------------------
_PADE13 = [math.factorial(26 - j) * math.factorial(13) / (math.factorial(26) * math.factorial(j) *
                                                          math.factorial(13 - j)) for j in range(14)]
_THETA13 = 5.371920351148152


def _expm1_matrix(a):
    """exp(a) by scaling and squaring with the [13/13] Pade approximant (Higham 2005)."""
    n = a.shape[-1]
    norm = np.max(np.sum(np.abs(a), axis=0)) if n else 0.0
    s = max(0, int(math.ceil(math.log2(norm / _THETA13)))) if norm > _THETA13 else 0
    a = a / (2.0 ** s)
    ident = np.eye(n, dtype=a.dtype)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    b = _PADE13
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * ident)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * ident
    r = np.linalg.solve(v - u, v + u)
    for _ in range(s):
        r = r @ r
    return r


def _expm_kernel(x):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise InvalidArgumentError(None, "MatrixExponential", "Input matrix must be square. [Op:MatrixExponential]")
    wide = np.complex128 if x.dtype.kind == "c" else np.float64
    with np.errstate(all="ignore"):
        return _batches(x.astype(wide), _expm1_matrix).astype(x.dtype, copy=False)


EXPM = primitive("MatrixExponential", _expm_kernel, _square_infer)


def _expm_grad(n, g):
    # The adjoint of the Frechet derivative L(A, .) is L(A^H, .), the top-right block of
    # expm([[A^H, G], [0, A^H]]).
    a = n.inputs[0]
    k = _static_n(a, "expm gradient")
    ah = _H(a)
    block = concat([concat([ah, g], -1), concat([zeros_like(a), ah], -1)], -2)
    return expm(block)[..., :k, k:]


EXPM.grad = _expm_grad


def expm(input, name=None):  # noqa: A002
    """The matrix exponential of each square matrix (scaling and squaring, Pade [13/13]).

        >>> tf.linalg.expm([[0., 0.], [0., 0.]]).numpy().tolist()
        [[1.0, 0.0], [0.0, 1.0]]
    """
    t = _input(input, "MatrixExponential")
    if t.shape.rank is not None and t.shape.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {t.shape.rank}")
    return execute(EXPM, (t,))


# -- sqrtm, logm -----------------------------------------------------------------------------------
def _sqrtm1(a):
    """The principal square root by the scaled Denman-Beavers iteration, then one Newton
    correction."""
    n = a.shape[-1]
    y, z = a.copy(), np.eye(n, dtype=a.dtype)
    for it in range(100):
        yi, zi = np.linalg.inv(y), np.linalg.inv(z)
        if it < 8:  # determinant scaling speeds up the first steps
            g = abs(np.linalg.det(y) * np.linalg.det(z)) ** (-1.0 / (2 * n)) if n else 1.0
            if not np.isfinite(g) or g == 0:
                g = 1.0
        else:
            g = 1.0
        y_new = 0.5 * (g * y + zi / g)
        z = 0.5 * (g * z + yi / g)
        done = np.linalg.norm(y_new - y) <= 1e-15 * np.linalg.norm(y_new)
        y = y_new
        if done and g == 1.0:
            break
    return y


def _sqrtm_kernel(x):
    _check_square(x, "MatrixSquareRoot")
    wide = np.complex128 if x.dtype.kind == "c" else np.float64
    with np.errstate(all="ignore"):
        return _batches(x.astype(wide), _sqrtm1).astype(x.dtype, copy=False)


SQRTM = primitive("MatrixSquareRoot", _sqrtm_kernel, _square_infer)


def _kron(a, b):
    """kron over the last two axes of same-size square matrices."""
    k = _static_n(a, "sqrtm gradient")
    big = M.multiply(a[..., :, None, :, None], b[..., None, :, None, :])
    return reshape(big, concat([_shape(a)[:-2], [k * k, k * k]], 0))


def _sqrtm_grad(n, g):
    # S^2 = A gives dS S + S dS = dA, so Abar solves S^T Y + Y S^T = G: with row-major vec,
    # (S^T kron I + I kron S) vec(Y) = vec(G). For complex inputs TF's rule uses this transpose,
    # not the adjoint (so it is not dL/dx + i dL/dy there); numtf gives TF's values.
    s = n.outputs[0]
    k = _static_n(s, "sqrtm gradient")
    ident = M.add(eye(k, dtype=s.dtype), zeros_like(s))
    lhs = M.add(_kron(matrix_transpose(s), ident), _kron(ident, s))
    vec = solve(lhs, reshape(g, concat([_shape(g)[:-2], [k * k, 1]], 0)))
    return reshape(vec, _shape(g))


SQRTM.grad = _sqrtm_grad


def sqrtm(input, name=None):  # noqa: A002
    """The principal square root of each square matrix (its eigenvalues in the right half plane).

        >>> tf.linalg.sqrtm([[4., 0.], [0., 9.]]).numpy().tolist()
        [[2.0, 0.0], [0.0, 3.0]]
    """
    return execute(SQRTM, (_input(input, "MatrixSquareRoot"),))


_GL_T, _GL_W = np.polynomial.legendre.leggauss(14)
_GL_T, _GL_W = (_GL_T + 1) / 2, _GL_W / 2  # on [0, 1]


def _logm1(a):
    """The principal logarithm by inverse scaling and squaring: square roots until ||A - I||
    is small, then log(I + X) = int_0^1 X (I + t X)^-1 dt by Gauss-Legendre quadrature."""
    n = a.shape[-1]
    ident = np.eye(n, dtype=a.dtype)
    k = 0
    while np.linalg.norm(a - ident, 1) > 0.2 and k < 60:
        a = _sqrtm1(a)
        k += 1
    x = a - ident
    out = np.zeros_like(a)
    for t, w in zip(_GL_T, _GL_W):
        out += w * np.linalg.solve(ident + t * x, x)
    return out * (2.0 ** k)


def _logm_kernel(x):
    _check_square(x, "MatrixLogarithm")
    with np.errstate(all="ignore"):
        return _batches(x.astype(np.complex128), _logm1).astype(x.dtype, copy=False)


# TF registers no gradient for MatrixLogarithm (LookupError), and neither does numtf.
LOGM = primitive("MatrixLogarithm", _logm_kernel, _square_infer)
_COMPLEX = M.Types(dtypes.complex64, dtypes.complex128)


def logm(input, name=None):  # noqa: A002
    """The principal matrix logarithm of complex square matrices (`tf.linalg.logm`; TF accepts
    complex64/complex128 only).

        >>> tf.linalg.logm(tf.eye(2, dtype=tf.complex64)).numpy().real.tolist()
        [[0.0, 0.0], [0.0, 0.0]]
    """
    return execute(LOGM, (_input(input, "MatrixLogarithm", _COMPLEX),))


# -- matrix_rank, cholesky_solve -------------------------------------------------------------------
def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values above tol (default max(s) * max(m, n) * eps), as int32.

        >>> int(tf.linalg.matrix_rank([[1., 2.], [2., 4.]]))
        1
    """
    t = _input(a, "MatrixRank")
    s = svd(t, compute_uv=False)
    if tol is None:
        m, k = t.shape[-2], t.shape[-1]
        eps = float(np.finfo(s.dtype.as_numpy_dtype).eps)
        if m is not None and k is not None:
            size = float(max(m, k))
        else:  # a graph with unknown matrix sizes
            size = cast(reduce_max(_shape(t)[-2:]), s.dtype)
        tol = M.multiply(M.multiply(reduce_max(s, -1, keepdims=True), size), eps)
    else:
        tol = _as_tensor(tol, s.dtype)
    return reduce_sum(cast(M.greater(s, tol), dtypes.int32), -1)


def cholesky_solve(chol, rhs, name=None):
    """X with A @ X = rhs, given chol = tf.linalg.cholesky(A).

        >>> tf.linalg.cholesky_solve([[2., 0.], [0., 2.]], [[4.], [8.]]).numpy().tolist()
        [[1.0], [2.0]]
    """
    c, b = _input(chol, "MatrixTriangularSolve"), _as_tensor(rhs)
    if c.dtype is not b.dtype:
        raise dtype_error("MatrixTriangularSolve", 1, c.dtype, b.dtype)
    cs, bs = c.shape, b.shape
    if (cs.rank is not None and bs.rank is not None and cs[-1] is not None and bs[-2] is not None
            and cs[-1] != bs[-2]):
        _fail([c, b], "MatrixTriangularSolve", f"In[0] mismatch In[1] shape: {cs[-1]} vs. {bs[-2]}: "
              f"[{','.join(map(str, cs))}] [{','.join(map(str, bs))}] 1 0")
    return triangular_solve(c, triangular_solve(c, b, lower=True), lower=True, adjoint=True)


# -- eig, eigvals ----------------------------------------------------------------------------------
_COMPLEX_OF = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128,
               np.dtype(np.complex64): np.complex64, np.dtype(np.complex128): np.complex128}
_COMPLEX_D = {id(dtypes.float32): dtypes.complex64, id(dtypes.float64): dtypes.complex128,
              id(dtypes.complex64): dtypes.complex64, id(dtypes.complex128): dtypes.complex128}


def _eig_kernel(x):
    _check_square(x, "Eig")
    ct = _COMPLEX_OF[x.dtype]
    w, v = np.linalg.eig(x.astype(np.complex128 if x.dtype.kind == "c" else np.float64))
    return w.astype(ct), v.astype(ct)  # unit-norm eigenvector columns


def _eig_infer(ins, a):
    s = _square_infer(ins, a)[0][0]
    ct = _COMPLEX_D[id(ins[0].dtype)]
    return [(TensorShape(None) if s.rank is None else s[:-1], ct), (s, ct)]


def _eig_grad(n, ge, gv):
    # A V = V diag(e) with unit-norm columns: Abar = V^-H (diag(ebar) + conj(F) * (V^H Vbar -
    # V^H V diag(Re diag(V^H Vbar)))) V^H, F_ij = 1 / (e_j - e_i) off the diagonal.
    x = n.inputs[0]
    e, v = n.outputs
    mid = diag(ge if ge is not None else zeros_like(e))
    if gv is not None:
        diff = conj(M.subtract(e[..., None, :], e[..., :, None]))
        f = M.divide_no_nan(M.add(zeros_like(diff), 1), diff)
        vgv = _mm(v, gv, adjoint_a=True)
        d = cast(real(diag_part(vgv)), vgv.dtype)
        corr = M.subtract(vgv, _mm(_mm(v, v, adjoint_a=True), diag(d)))
        mid = M.add(mid, M.multiply(f, corr))
    ga = solve(v, _mm(mid, v, adjoint_b=True), adjoint=True)
    return ga if x.dtype.is_complex else real(ga)


EIG = primitive("Eig", _eig_kernel, _eig_infer, num_outputs=2, grad=_eig_grad)


def eig(tensor, name=None):
    """(eigenvalues, eigenvectors) of general square matrices, both complex (complex64 for
    float32, complex128 for float64); eigenvector columns have unit norm. The order of the
    eigenvalues and the phase of each eigenvector are the solver's (LAPACK's, which may differ
    from TF's Eigen): use quantities invariant to them.

        >>> tf.linalg.eig([[2., 0.], [0., 3.]])[0].numpy().tolist()
        [(2+0j), (3+0j)]
    """
    t = _input(tensor, "Eig")
    e, v = execute(EIG, (t,))
    return e, v


def eigvals(tensor, name=None):
    """The (complex) eigenvalues of general square matrices (see `eig` on their order).

        >>> tf.linalg.eigvals([[2., 0.], [0., 3.]]).numpy().tolist()
        [(2+0j), (3+0j)]
    """
    return eig(tensor)[0]
