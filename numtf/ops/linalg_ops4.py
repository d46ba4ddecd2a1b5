"""tf.linalg: tridiagonal_solve, tridiagonal_matmul, banded_triangular_solve, tensor_diag,
tensor_diag_part and eigh_tridiagonal.

    >>> tf.linalg.tensor_diag([1, 2]).numpy().tolist()
    [[1, 0], [0, 2]]
"""
import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, zeros_like
from .registry import primitive, execute
from . import math_ops as M
from .join_ops import concat
from .stack_ops import conj
from .reduction_ops import reduce_sum
from .linalg_ops import diag, diag_part, matrix_transpose, _fail
from .linalg_ops2 import triangular_solve, eigh
from .linalg_ops3 import _input
from .special_ops import real

__all__ = []


# -- tridiagonal_solve ---------------------------------------------------------------------------
def _tridiag_solve_kernel(sup, main, sub, rhs, partial_pivoting=True):
    """Gaussian elimination on (..., M) diagonals with (..., M, K) right-hand sides, with row
    interchanges when partial_pivoting (one extra superdiagonal of fill-in). A zero pivot makes
    that system's solution NaN, as in TF."""
    shape = np.broadcast_shapes(sup.shape[:-1], rhs.shape[:-2])
    m = main.shape[-1]
    if rhs.shape[-2] != m or sup.shape[-1] != m or sub.shape[-1] != m:
        raise InvalidArgumentError(None, "TridiagonalSolve", "Input and right-hand side must have the same "
                                   "number of rows. [Op:TridiagonalSolve]")
    dt = np.result_type(main, rhs)
    d = np.broadcast_to(main, shape + (m,)).astype(dt, copy=True)
    du = np.broadcast_to(sup, shape + (m,)).astype(dt, copy=True)
    dl = np.broadcast_to(sub, shape + (m,)).astype(dt, copy=True)
    b = np.broadcast_to(rhs, shape + rhs.shape[-2:]).astype(dt, copy=True)
    du2 = np.zeros(shape + (m,), dt)
    with np.errstate(all="ignore"):
        for i in range(m - 1):
            # Current row i: d[i], du[i] at columns i, i+1. Next row: dl[i+1], d[i+1], du[i+1].
            lo = dl[..., i + 1]
            swap = (np.abs(lo) > np.abs(d[..., i])) if partial_pivoting else np.zeros(lo.shape, bool)
            nxt_du = du[..., i + 1] if i + 1 < m - 1 else np.zeros_like(lo)
            piv = np.where(swap, lo, d[..., i])
            other = np.where(swap, d[..., i], lo)
            fact = other / piv
            row_d1 = np.where(swap, d[..., i + 1], du[..., i])  # pivot row at column i+1
            row_d2 = np.where(swap, nxt_du, 0)  # pivot row at column i+2
            rem_d1 = np.where(swap, du[..., i], d[..., i + 1])  # the other row at column i+1
            rem_d2 = np.where(swap, 0, nxt_du)
            b_piv = np.where(swap[..., None], b[..., i + 1, :], b[..., i, :])
            b_rem = np.where(swap[..., None], b[..., i, :], b[..., i + 1, :])
            d[..., i], du[..., i], du2[..., i] = piv, row_d1, row_d2
            d[..., i + 1] = rem_d1 - fact * row_d1
            if i + 1 < m - 1:
                du[..., i + 1] = rem_d2 - fact * row_d2
            b[..., i, :], b[..., i + 1, :] = b_piv, b_rem - fact[..., None] * b_piv
        x = np.empty_like(b)
        for i in range(m - 1, -1, -1):
            acc = b[..., i, :].copy()
            if i + 1 < m:
                acc -= du[..., i, None] * x[..., i + 1, :]
            if i + 2 < m:
                acc -= du2[..., i, None] * x[..., i + 2, :]
            x[..., i, :] = acc / d[..., i, None]
        singular = np.any(d == 0, axis=-1)
    x[singular] = np.nan
    return x


def _tridiag_solve_infer(ins, a):
    return [(ins[3].shape, ins[3].dtype)]


def _shift_down(t):
    """t[..., i - 1] at position i (0 at i = 0)."""
    return concat([zeros_like(t[..., :1]), t[..., :-1]], -1)


def _shift_up(t):
    """t[..., i + 1] at position i (0 at the end)."""
    return concat([t[..., 1:], zeros_like(t[..., :1])], -1)


def _tridiag_solve_grad(n, g):
    sup, main, sub, rhs = n.inputs
    x = n.outputs[0]
    # gb = A^-T g and gA = -gb x^T on the three diagonals. For complex inputs TF's rule has no
    # conjugate (it is not dL/dx + i dL/dy there); numtf gives TF's values. A^T has superdiagonal
    # sub[i+1], diagonal main and subdiagonal sup[i-1].
    gb = execute(TRIDIAGONAL_SOLVE, (_shift_up(sub), main, _shift_down(sup), g), n.attrs)
    xc = x
    g_main = M.negative(reduce_sum(M.multiply(gb, xc), -1))
    g_sup = M.negative(_shift_up_rows(gb, xc))
    g_sub = M.negative(_shift_down_rows(gb, xc))
    return g_sup, g_main, g_sub, gb


def _shift_up_rows(gb, xc):
    """sum_k gb[i, k] xc[i+1, k], 0 for the last row."""
    s = reduce_sum(M.multiply(gb[..., :-1, :], xc[..., 1:, :]), -1)
    return concat([s, zeros_like(s[..., :1])], -1)


def _shift_down_rows(gb, xc):
    """sum_k gb[i, k] xc[i-1, k], 0 for the first row."""
    s = reduce_sum(M.multiply(gb[..., 1:, :], xc[..., :-1, :]), -1)
    return concat([zeros_like(s[..., :1]), s], -1)


TRIDIAGONAL_SOLVE = primitive("TridiagonalSolve", _tridiag_solve_kernel, _tridiag_solve_infer,
                              grad=_tridiag_solve_grad)


def _diagonals(diagonals, fmt, op_name):
    """(superdiagonal, diagonal, subdiagonal), each (..., M), from any of TF's three formats."""
    if fmt == "compact":
        d = _input(diagonals, op_name)
        if d.shape.rank is not None and d.shape.rank < 2:
            raise ValueError(f"Expected diagonals to have rank at least 2, got {d.shape.rank}")
        if d.shape.rank is not None and d.shape[-2] is not None and d.shape[-2] != 3:
            raise ValueError(f"Expected 3 diagonals got {d.shape[-2]}")
        return d[..., 0, :], d[..., 1, :], d[..., 2, :]
    if fmt == "sequence":
        if not isinstance(diagonals, (list, tuple)) or len(diagonals) != 3:
            raise ValueError("Expected diagonals to be a sequence of length 3.")
        sup = _input(diagonals[0], op_name)
        return sup, _as_tensor(diagonals[1], sup.dtype), _as_tensor(diagonals[2], sup.dtype)
    if fmt == "matrix":
        mat = _input(diagonals, op_name)
        if mat.shape.rank is not None and mat.shape.rank < 2:
            raise ValueError(f"Expected diagonals to have rank at least 2, got {mat.shape.rank}")
        main = diag_part(mat)
        return (concat([diag_part(mat, k=1), zeros_like(main[..., :1])], -1), main,
                concat([zeros_like(main[..., :1]), diag_part(mat, k=-1)], -1))
    raise ValueError(f"Unrecognized diagonals_format: {fmt}")


def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False, conjugate_rhs=False,
                      name=None, partial_pivoting=True, perturb_singular=False):
    """X with A @ X = rhs for tridiagonal A, given as 'compact' ([..., 3, M]: superdiagonal (last
    entry ignored), diagonal, subdiagonal (first entry ignored)), 'sequence' (those three
    [..., M] tensors) or 'matrix' ([..., M, M]). rhs is [..., M, K] or [..., M]; transpose_rhs
    takes a [..., K, M] rhs. A singular system gives NaN.

        >>> tf.linalg.tridiagonal_solve([[1., 0.], [2., 2.], [0., 1.]], [[4.], [5.]]).numpy().tolist()
        [[1.0], [2.0]]
    """
    if perturb_singular:
        raise NotImplementedError("tridiagonal_solve(perturb_singular=True) is not supported by numtf")
    sup, main, sub = _diagonals(diagonals, diagonals_format, "TridiagonalSolve")
    b = _as_tensor(rhs, sup.dtype)
    vector = b.shape.rank is not None and sup.shape.rank is not None and b.shape.rank == sup.shape.rank
    if vector:
        b = b[..., None]
    elif transpose_rhs:
        b = matrix_transpose(b)
    if conjugate_rhs and b.dtype.is_complex:
        b = conj(b)
    ms, mb = main.shape, b.shape
    if ms.rank is not None and mb.rank is not None and ms[-1] is not None and mb[-2] is not None \
            and ms[-1] != mb[-2]:
        _fail([main, b], "TridiagonalSolve", f"The number of rows of rhs ({mb[-2]}) must match the size of "
              f"the diagonals ({ms[-1]})")
    x = execute(TRIDIAGONAL_SOLVE, (sup, main, sub, b), {"partial_pivoting": bool(partial_pivoting)})
    return x[..., 0] if vector else x


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """A @ rhs for tridiagonal A in one of tridiagonal_solve's formats; rhs is [..., M, N].

        >>> tf.linalg.tridiagonal_matmul([[1., 0.], [2., 2.], [0., 1.]], [[1.], [1.]]).numpy().tolist()
        [[3.0], [3.0]]
    """
    sup, main, sub = _diagonals(diagonals, diagonals_format, "TridiagonalMatMul")
    x = _as_tensor(rhs, main.dtype)
    ms, xs = sup.shape, x.shape
    if ms.rank is not None and xs.rank is not None and (xs.rank < 2 or (
            ms[-1] is not None and xs[-2] is not None and ms[-1] != xs[-2])):
        _fail([sup, x], "TridiagonalMatMul", "Invalid superdiagonal shape.")
    zero_row = zeros_like(x[..., :1, :])
    below = concat([x[..., 1:, :], zero_row], -2)  # x[i + 1]
    above = concat([zero_row, x[..., :-1, :]], -2)  # x[i - 1]
    return M.add(M.add(M.multiply(main[..., None], x), M.multiply(sup[..., None], below)),
                 M.multiply(sub[..., None], above))


# -- banded_triangular_solve ---------------------------------------------------------------------
def banded_triangular_solve(bands, rhs, lower=True, adjoint=False, name=None):
    """X with T @ X = rhs for a banded triangular T given by its K bands ([..., K, M]): the
    diagonal then subdiagonals 1..K-1 (lower; subdiagonals padded on the left), or
    superdiagonals K-1..1 then the diagonal (upper; padded on the right).

        >>> tf.linalg.banded_triangular_solve([[2., 2.], [0., 1.]], [[2.], [3.]]).numpy().tolist()
        [[1.0], [1.0]]
    """
    b = _input(bands, "BandedTriangularSolve")
    x = _as_tensor(rhs, b.dtype)
    k, m = b.shape[-2], b.shape[-1]
    if k is None or m is None:
        raise NotImplementedError("numtf's banded_triangular_solve needs statically known band sizes")
    k, m = int(k), int(m)
    dense = None
    for row in range(k):
        off = row if lower else k - 1 - row  # which sub/superdiagonal this band row holds
        vals = b[..., row, off:] if lower else b[..., row, :m - off]
        part = diag(vals, k=-off if lower else off, num_rows=m, num_cols=m)
        dense = part if dense is None else M.add(dense, part)
    return triangular_solve(dense, x, lower=lower, adjoint=adjoint)


# -- tensor_diag, tensor_diag_part ---------------------------------------------------------------
def _tensor_diag_kernel(x):
    n = x.size
    out = np.zeros((n, n), x.dtype)
    out[np.arange(n), np.arange(n)] = x.reshape(-1)
    return out.reshape(x.shape + x.shape)


def _tensor_diag_part_kernel(x):
    r = x.ndim
    if r == 0 or r % 2:
        raise InvalidArgumentError(None, "DiagPart", "The rank of the tensor should be even and positive, got "
                                   f"shape [{','.join(map(str, x.shape))}] [Op:DiagPart]")
    half = x.shape[:r // 2]
    for i in range(r // 2):
        if x.shape[i] != x.shape[i + r // 2]:
            raise InvalidArgumentError(None, "DiagPart", f"Invalid shape [{','.join(map(str, x.shape))}]: "
                                       f"dimensions {i} and {i + r // 2} do not match. [Op:DiagPart]")
    n = int(np.prod(half, dtype=np.int64))
    return np.ascontiguousarray(x.reshape(n, n).diagonal()).reshape(half)


def _tensor_diag_infer(ins, a):
    s = ins[0].shape
    return [(TensorShape(None) if s.rank is None else TensorShape(list(s) + list(s)), ins[0].dtype)]


def _tensor_diag_part_infer(ins, a):
    s = ins[0].shape
    if s.rank is None:
        return [(s, ins[0].dtype)]
    if s.rank == 0 or s.rank % 2:
        raise ValueError(f"Input must have even rank <= 8, input rank is {s.rank}")
    return [(TensorShape(list(s)[:s.rank // 2]), ins[0].dtype)]


TENSOR_DIAG = primitive("Diag", _tensor_diag_kernel, _tensor_diag_infer,
                        grad=lambda n, g: execute(TENSOR_DIAG_PART, (g,)))
TENSOR_DIAG_PART = primitive("DiagPart", _tensor_diag_part_kernel, _tensor_diag_part_infer,
                             grad=lambda n, g: execute(TENSOR_DIAG, (g,)))


def tensor_diag(diagonal, name=None):
    """The tensor of rank 2k with `diagonal` (rank k) on its diagonal:
    out[i1..ik, i1..ik] = diagonal[i1..ik], zero elsewhere.

        >>> tf.linalg.tensor_diag([1, 2]).numpy().tolist()
        [[1, 0], [0, 2]]
    """
    return execute(TENSOR_DIAG, (_as_tensor(diagonal),))


def tensor_diag_part(input, name=None):  # noqa: A002
    """The inverse of tensor_diag: out[i1..ik] = input[i1..ik, i1..ik] for an input of rank 2k.

        >>> tf.linalg.tensor_diag_part([[1, 2], [3, 4]]).numpy().tolist()
        [1, 4]
    """
    return execute(TENSOR_DIAG_PART, (_as_tensor(input),))


# -- eigh_tridiagonal ----------------------------------------------------------------------------
def eigh_tridiagonal(alpha, beta, eigvals_only=True, select="a", select_range=None, tol=None, name=None):
    """Eigenvalues (ascending; and eigenvectors as columns unless eigvals_only) of the Hermitian
    tridiagonal matrix with diagonal alpha ([n]) and subdiagonal beta ([n-1]; its conjugate above).
    select 'a': all; 'i': indices select_range[0]..select_range[1] inclusive; 'v': eigenvalues
    in (select_range[0], select_range[1]]. Values are computed to full precision (so any `tol`
    is met). Gradients are the true derivatives (TF's bisection gives zeros or artifacts).

        >>> tf.linalg.eigh_tridiagonal([2., 2.], [1.]).numpy().tolist()
        [1.0, 3.0]
    """
    a = _input(alpha, "EighTridiagonal")
    b = _as_tensor(beta, a.dtype)
    if a.shape.rank is not None and a.shape.rank != 1:
        raise ValueError(f"alpha must be a vector, got shape {a.shape}")
    if select not in ("a", "i", "v"):
        raise ValueError(f"Invalid select: {select!r}; expected 'a', 'v' or 'i'.")
    if select != "a" and select_range is None:
        raise ValueError("select_range must be given with select 'i' or 'v'")
    lower = diag(b, k=-1)
    upper = diag(conj(b) if b.dtype.is_complex else b, k=1)
    mat = M.add(M.add(diag(a), lower), upper)
    e, v = eigh(mat)
    e = real(e) if a.dtype.is_complex else e
    if e.dtype.is_complex:  # (some eigh kernels keep the input's complex dtype)
        e = real(e)
    if select == "i":
        lo, hi = int(select_range[0]), int(select_range[1])
        e, v = e[lo:hi + 1], v[:, lo:hi + 1]
    elif select == "v":
        if type(e) is not Tensor:
            raise NotImplementedError("eigh_tridiagonal(select='v') needs concrete values (call it eagerly)")
        vals = e.numpy()
        keep = np.nonzero((vals > float(select_range[0])) & (vals <= float(select_range[1])))[0]
        lo, hi = (int(keep[0]), int(keep[-1]) + 1) if keep.size else (0, 0)
        e, v = e[lo:hi], v[:, lo:hi]
    return e if eigvals_only else (e, v)

