"""Linear algebra: einsum, tensordot, matvec, matrix transpose, diagonals, trace, inverse,
determinant, band_part, norms and normalization. `tf.linalg` re-exports these.

    >>> tf.einsum('ij,jk->ik', tf.ones([2, 3]), tf.ones([3, 4])).shape
    TensorShape([2, 4])
"""
import string

import numpy as np

from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, cast, reshape, unbroadcast, zeros_like
from .convert import convert_all
from .registry import primitive, defgrad, no_gradient, execute, execute_unary
from .shape_rules import broadcast_static, same_as_input
from . import math_ops, reduction_ops
from .reduction_ops import (M, check_dtype, is_float_or_complex, expand_reduced, reduce_sum, reduce_max,
                            reduce_euclidean_norm, static_int_value)

__all__ = ["einsum", "tensordot", "norm"]

_LETTERS = string.ascii_letters
_FLOAT_OR_COMPLEX = "double, float, half, complex64, complex128"


def _eager(*ts):
    return ctx.graph is None and all(type(t) is Tensor for t in ts)


def _fail(ts, op_name, msg):
    """TF's error for a bad argument: InvalidArgumentError eagerly, ValueError in a graph."""
    if _eager(*ts):
        raise InvalidArgumentError(None, op_name, f"{msg} [Op:{op_name}]")
    raise ValueError(msg)


# -- einsum ------------------------------------------------------------------------------------
def _parse(equation, n):
    """(input subscripts, output subscripts) of an equation, the output made explicit."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    ins = lhs.split(",")
    if len(ins) != n:
        raise ValueError(f"Expected {len(ins)} inputs but got: {n} for equation '{equation}'")
    for s in ins + [rhs]:
        if any(c not in _LETTERS for c in s.replace("...", "")):
            raise ValueError(f"Invalid character in einsum equation: {equation}")
    if not arrow:
        letters = "".join(s.replace("...", "") for s in ins)
        rhs = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
        if any("..." in s for s in ins):
            rhs = "..." + rhs
    for c in rhs.replace("...", ""):
        if c not in lhs:
            raise ValueError(f"Output subscripts contain the label {c} not present in the input subscripts.")
    return ins, rhs


def _explicit(ins, out, ranks):
    """Replaces each '...' by letters (right-aligned across operands, as broadcasting aligns
    them), given the operands' ranks. Returns (input subscripts, output subscripts)."""
    if not any("..." in s for s in ins):
        return list(ins), out
    used = set("".join(ins) + out)
    free = [c for c in _LETTERS if c not in used]
    counts = []
    for s, r in zip(ins, ranks):
        counts.append(r - (len(s) - 3) if "..." in s else 0)
    e = max(counts)
    ell = "".join(free[:e])
    new = [s.replace("...", ell[e - k:]) for s, k in zip(ins, counts)]
    return new, out.replace("...", ell)


def _einsum_infer(ins, attrs):
    subs, out = attrs["equation"].split("->")
    subs = subs.split(",")
    ranks = [t.shape.rank for t in ins]
    if any(r is None for r in ranks):
        if any("..." in s for s in subs):
            return [(TensorShape(None), ins[0].dtype)]
    subs, out = _explicit(subs, out, ranks)
    sizes = {}
    for s, t in zip(subs, ins):
        if t.shape.rank is not None and len(s) != t.shape.rank:
            raise ValueError(f"Einsum subscripts {s!r} do not match the rank {t.shape.rank} of input {t.shape}")
        for c, d in zip(s, t.shape):
            prev = sizes.get(c, 1)
            sizes[c] = broadcast_static(TensorShape([prev]), TensorShape([d]))[0] if c in sizes else d
    return [(TensorShape([sizes[c] for c in out]), ins[0].dtype)]


def _einsum_kernel(*xs, equation):
    # BLAS-backed contraction order only pays for large operands (planning costs ~10us).
    big = len(xs) > 1 and sum(x.size for x in xs) > 20000
    return np.einsum(equation, *xs, optimize="greedy" if big else False)


EINSUM = primitive("Einsum", _einsum_kernel, _einsum_infer)


def _raw_einsum(equation, *ts):
    return execute(EINSUM, ts, {"equation": equation})


def _diag_embed_kernel(g, like, src, dst):
    out = np.zeros(like.shape, dtype=g.dtype)
    np.einsum(f"{dst}->{src}", out)[...] = g  # writes through the diagonal view
    return out


# Places g (subscripts `src`, unique letters) on the diagonals of a zero tensor shaped like
# `like` (subscripts `dst`, with repeated letters): the gradient of a diagonal extraction.
DIAG_EMBED = primitive("EinsumDiagEmbed", _diag_embed_kernel,
                       infer=lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                       grad=lambda n, g: (_raw_einsum(f"{n.attrs['dst']}->{n.attrs['src']}", g), None))


@lambda f: defgrad(EINSUM, f)
def _einsum_grad(n, g):
    xs = n.inputs
    subs, out = n.attrs["equation"].split("->")
    subs, out = _explicit(subs.split(","), out, [x.shape.rank for x in xs])
    needs = n.needs or [True] * len(xs)
    grads = []
    for i, x in enumerate(xs):
        if not needs[i]:
            grads.append(None)
            continue
        s = subs[i]
        uniq = "".join(dict.fromkeys(s))
        others = [j for j in range(len(xs)) if j != i]
        # Conjugated operands for complex inputs (TF's convention; math_ops.cj).
        terms, ops = [out] + [subs[j] for j in others], [g] + [math_ops.cj(xs[j]) for j in others]
        avail = set("".join(terms))
        if any(c not in avail for c in uniq):  # letters summed away in x alone: broadcast back
            terms.append(s)
            ops.append(_ones_like(x))
        gx = _raw_einsum(",".join(terms) + "->" + uniq, *ops)
        if uniq != s:
            gx = unbroadcast(gx, _raw_einsum(f"{s}->{uniq}", x))
            gx = execute(DIAG_EMBED, (gx, x), {"src": uniq, "dst": s})
        else:
            gx = unbroadcast(gx, x)
        grads.append(gx)
    return grads


def _ones_like(x):
    from .array_ops import ones_like
    return ones_like(x)


def einsum(equation, *inputs, **kwargs):
    """Einstein summation: `equation` names each operand's axes; repeated letters are multiplied
    and letters absent from the output are summed.

        >>> tf.einsum('ij,jk->ik', [[1., 2.]], [[3.], [4.]]).numpy().tolist()
        [[11.0]]
    """
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)) and equation.count(",") + 1 == len(inputs[0]) > 1:
        inputs = tuple(inputs[0])
    ts = convert_all(list(inputs), "Einsum")
    ins, out = _parse(equation, len(ts))
    ranks = [t.shape.rank for t in ts]
    for s, t, r in zip(ins, ts, ranks):
        if r is None:
            continue
        n_letters = len(s.replace("...", ""))
        if ("..." in s and r < n_letters) or ("..." not in s and r != n_letters):
            _fail(ts, "Einsum", f"Input to einsum with subscripts {s!r} has rank {r}")
    if all(r is not None for r in ranks):
        sizes = {}
        xs, _ = _explicit(ins, out, ranks)
        for s, t, orig in zip(xs, ts, ins):
            labeled = set(orig.replace("...", ""))
            for axis, (c, d) in enumerate(zip(s, t.shape)):
                if c not in labeled or d is None:
                    continue
                if sizes.setdefault(c, d) != d:
                    _fail(ts, "Einsum", f"Expected dimension {sizes[c]} at axis {axis} of the input shaped "
                          f"[{','.join(str(v) for v in t.shape)}] but got dimension {d}")
    return _raw_einsum(",".join(ins) + "->" + out, *ts)


# -- tensordot, matvec, transpose ---------------------------------------------------------------
def _tensordot_axes(a, b, axes):
    ra, rb = a.shape.rank, b.shape.rank
    if isinstance(axes, Tensor):
        axes = static_int_value(axes, "axes").tolist()
    if np.ndim(axes) == 0:
        n = int(axes)
        if n < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {n}.")
        for t, r in ((a, ra), (b, rb)):
            if n > r:
                raise ValueError(f"`axes` must not be larger than the number of dimensions of tensor {t}.  "
                                 f"Received {n}, vs tensor dimensions {r}.")
        return list(range(ra - n, ra)), list(range(n))
    if len(axes) != 2:
        raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
    aa, ba = axes
    aa = [int(aa)] if np.ndim(aa) == 0 else [int(v) for v in aa]
    ba = [int(ba)] if np.ndim(ba) == 0 else [int(v) for v in ba]
    if len(aa) != len(ba):
        raise ValueError(f"Different number of contraction axes `a` and `b`, {len(aa)} != {len(ba)}.")
    return [v % ra for v in aa], [v % rb for v in ba]


def tensordot(a, b, axes, name=None):
    """Sums the products of `a` and `b` over the given axes (an int n: a's last n with b's first n;
    or a pair of axis lists).

        >>> tf.tensordot([[1., 2.], [3., 4.]], [1., 1.], 1).numpy().tolist()
        [3.0, 7.0]
    """
    if type(a) is not Tensor or type(b) is not Tensor:
        a, b = convert_all([a, b], "MatMul")
    ra, rb = a.shape.rank, b.shape.rank
    if ra is None or rb is None:
        raise ValueError("tensordot needs inputs of known rank")
    aa, ba = _tensordot_axes(a, b, axes)
    sa, sb = a.shape.as_list(), b.shape.as_list()
    free_a = [d for i, d in enumerate(sa) if i not in aa]
    free_b = [d for i, d in enumerate(sb) if i not in ba]
    n = len(aa)
    in_order = aa == list(range(ra - n, ra)) and ba == list(range(n))
    contracted = [sa[i] for i in aa] + [sb[j] for j in ba]
    if in_order and None not in contracted and (free_a + free_b).count(None) <= 1:
        # The common case (Dense on 3-D inputs): one reshape each side and one BLAS matmul.
        k = int(np.prod([sa[i] for i in aa], dtype=np.int64))
        kb = int(np.prod([sb[j] for j in ba], dtype=np.int64))
        m = reshape(a, [-1, k] if None in free_a else [int(np.prod(free_a, dtype=np.int64)), k])
        w = reshape(b, [kb, -1] if None in free_b else [kb, int(np.prod(free_b, dtype=np.int64))])
        return reshape(math_ops.matmul(m, w), [-1 if d is None else d for d in free_a + free_b])
    letters = iter(_LETTERS)
    la = [next(letters) for _ in range(ra)]
    lb = [next(letters) for _ in range(rb)]
    for i, j in zip(aa, ba):
        lb[j] = la[i]
    out = "".join(la[i] for i in range(ra) if i not in aa) + "".join(lb[j] for j in range(rb) if j not in ba)
    return einsum(f"{''.join(la)},{''.join(lb)}->{out}", a, b)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix-vector product over the last axes: (..., M, N) x (..., N) -> (..., M).

        >>> tf.linalg.matvec([[1., 2.], [3., 4.]], [1., 1.]).numpy().tolist()
        [3.0, 7.0]
    """
    a, b = convert_all([a, b], "MatMul")
    if adjoint_a and a.dtype.is_complex:
        a = M.conj(a)
    if (a.shape.rank is not None and a.shape.rank < 2) or (b.shape.rank is not None and b.shape.rank < 1):
        raise ValueError(f"Shape must be at least rank 2 for 'MatMul' (input shapes: {a.shape}, {b.shape}).")
    eq = "...ji,...j->...i" if (transpose_a or adjoint_a) else "...ij,...j->...i"
    return einsum(eq, a, b)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two axes (conjugating complex values when `conjugate`).

        >>> tf.linalg.matrix_transpose(tf.ones([2, 3, 4])).shape
        TensorShape([2, 4, 3])
    """
    a = _as_tensor(a)
    if a.shape.rank is not None and a.shape.rank < 2:
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = {a} "
                         f"with shape: {a.shape}")
    if conjugate and a.dtype.is_complex:
        a = M.conj(a)
    return _raw_einsum("...ij->...ji", a)


def adjoint(matrix, name=None):
    """Conjugate transpose of the last two axes."""
    return matrix_transpose(matrix, conjugate=True)


# -- diagonals -------------------------------------------------------------------------------------
def _diag_index(rows, cols, k):
    r0, c0 = max(-k, 0), max(k, 0)
    d = min(rows - r0, cols - c0)
    idx = np.arange(max(d, 0))
    return idx + r0, idx + c0


def _diag_kernel(diagonal, k, num_rows, num_cols, padding_value):
    n = diagonal.shape[-1]
    rows = num_rows if num_rows >= 0 else None
    cols = num_cols if num_cols >= 0 else None
    min_rows, min_cols = n + max(-k, 0), n + max(k, 0)
    if rows is None and cols is None:
        rows = cols = max(min_rows, min_cols)
    rows = min_rows if rows is None else rows
    cols = min_cols if cols is None else cols
    r, c = _diag_index(rows, cols, k)
    if r.size != n:
        raise InvalidArgumentError(None, "MatrixDiagV3", f"The number of diagonal elements {n} does not match "
                                   f"the diagonal {k} of a {rows}x{cols} matrix [Op:MatrixDiagV3]")
    out = np.full(diagonal.shape[:-1] + (rows, cols), padding_value, dtype=diagonal.dtype)
    out[..., r, c] = diagonal
    return out


def _diag_infer(ins, a):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    n, k = s[-1], a["k"]
    rows = a["num_rows"] if a["num_rows"] >= 0 else None
    cols = a["num_cols"] if a["num_cols"] >= 0 else None
    if n is not None:
        min_rows, min_cols = n + max(-k, 0), n + max(k, 0)
        if rows is None and cols is None:
            rows = cols = max(min_rows, min_cols)
        rows = min_rows if rows is None else rows
        cols = min_cols if cols is None else cols
    return [(TensorShape(list(s)[:-1] + [rows, cols]), ins[0].dtype)]


def _diag_part_kernel(x, k, padding_value):
    if x.ndim < 2:
        raise InvalidArgumentError(None, "MatrixDiagPartV3", f"input must be at least 2-dim, received shape: "
                                   f"[{','.join(map(str, x.shape))}] [Op:MatrixDiagPartV3]")
    r, c = _diag_index(x.shape[-2], x.shape[-1], k)
    if r.size == 0:
        raise InvalidArgumentError(None, "MatrixDiagPartV3", f"Diagonal {k} is out of the bounds of a "
                                   f"{x.shape[-2]}x{x.shape[-1]} matrix [Op:MatrixDiagPartV3]")
    return x[..., r, c]


def _diag_part_infer(ins, a):
    s = ins[0].shape
    if s.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    rows, cols, k = s[-2], s[-1], a["k"]
    d = None if rows is None or cols is None else min(rows - max(-k, 0), cols - max(k, 0))
    return [(TensorShape(list(s)[:-2] + [d]), ins[0].dtype)]


def _set_diag_kernel(x, diagonal, k):
    r, c = _diag_index(x.shape[-2], x.shape[-1], k)
    out = x.copy()
    out[..., r, c] = diagonal
    return out


MATRIX_DIAG = primitive("MatrixDiagV3", _diag_kernel, _diag_infer,
                        grad=lambda n, g: diag_part(g, k=n.attrs["k"]))
MATRIX_DIAG_PART = primitive("MatrixDiagPartV3", _diag_part_kernel, _diag_part_infer,
                             grad=lambda n, g: set_diag(zeros_like(n.inputs[0]), g, k=n.attrs["k"]))
MATRIX_SET_DIAG = primitive("MatrixSetDiagV3", _set_diag_kernel, same_as_input,
                            grad=lambda n, g: (set_diag(g, zeros_like(n.inputs[1]), k=n.attrs["k"]),
                                               diag_part(g, k=n.attrs["k"])))


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """A (batch of) matrix with `diagonal` on diagonal `k` (0 main, >0 above, <0 below).

        >>> tf.linalg.diag([1, 2]).numpy().tolist()
        [[1, 0], [0, 2]]
    """
    t = _as_tensor(diagonal)
    return execute_unary(MATRIX_DIAG, t, {"k": int(k), "num_rows": int(num_rows), "num_cols": int(num_cols),
                                          "padding_value": padding_value})


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """Diagonal `k` of the (batch of) matrix `input`.

        >>> tf.linalg.diag_part([[1, 2], [3, 4]]).numpy().tolist()
        [1, 4]
    """
    return execute_unary(MATRIX_DIAG_PART, _as_tensor(input), {"k": int(k), "padding_value": padding_value})


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """`input` with diagonal `k` replaced by `diagonal`.

        >>> tf.linalg.set_diag(tf.zeros([2, 2]), [1., 2.]).numpy().tolist()
        [[1.0, 0.0], [0.0, 2.0]]
    """
    x, d = convert_all([input, diagonal], "MatrixSetDiagV3")
    return execute(MATRIX_SET_DIAG, (x, d), {"k": int(k)})


def trace(x, name=None):
    """Sum of the main diagonal of each matrix in the last two axes.

        >>> tf.linalg.trace([[1., 2.], [3., 4.]]).numpy()
        5.0
    """
    return reduce_sum(diag_part(x), -1)


# -- band_part, inverse, determinant ----------------------------------------------------------------
def _band_kernel(x, num_lower, num_upper):
    m, n = x.shape[-2:]
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    mask = ((num_lower < 0) | (i - j <= num_lower)) & ((num_upper < 0) | (j - i <= num_upper))
    return np.where(mask, x, x.dtype.type(0))


BAND_PART = primitive("MatrixBandPart", _band_kernel, same_as_input,
                      grad=lambda n, g: execute_unary(BAND_PART, g, n.attrs))


def band_part(input, num_lower, num_upper, name=None):
    """Keeps `num_lower` sub-diagonals and `num_upper` super-diagonals (-1: all), zeroes the rest.

        >>> tf.linalg.band_part(tf.ones([3, 3]), 0, -1).numpy().tolist()[2]
        [0.0, 0.0, 1.0]
    """
    t = _as_tensor(input)
    if t.shape.rank is not None and t.shape.rank < 2:
        _fail([t], "MatrixBandPart", f"input must be at least 2-dim, received shape: {t.shape}")
    lo = int(static_int_value(num_lower, "num_lower"))
    up = int(static_int_value(num_upper, "num_upper"))
    return execute_unary(BAND_PART, t, {"num_lower": lo, "num_upper": up})


def _check_square(x, op_name):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise InvalidArgumentError(None, op_name, f"Input matrix must be square. [Op:{op_name}]")


def _inv_kernel(x, adjoint=False):
    _check_square(x, "MatrixInverse")
    if adjoint:
        x = np.conj(np.swapaxes(x, -1, -2))
    try:
        return np.linalg.inv(x)
    except np.linalg.LinAlgError:
        raise InvalidArgumentError(None, "MatrixInverse", "Input is not invertible. [Op:MatrixInverse]") from None


def _det_kernel(x):
    _check_square(x, "MatrixDeterminant")
    return np.linalg.det(x)


def _square_infer(ins, a):
    s = ins[0].shape
    if s.rank is not None:
        if s.rank < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {s.rank}")
        if s[-1] is not None and s[-2] is not None and s[-1] != s[-2]:
            raise ValueError(f"Dimensions must be equal, but are {s[-2]} and {s[-1]}")
    return [(s, ins[0].dtype)]


INV = primitive("MatrixInverse", _inv_kernel, _square_infer)
DET = primitive("MatrixDeterminant", _det_kernel,
                infer=lambda ins, a: [(TensorShape(None) if ins[0].shape.rank is None else ins[0].shape[:-2],
                                       _square_infer(ins, a)[0][1])])


@lambda f: defgrad(INV, f)
def _inv_grad(n, g):
    y = n.outputs[0]
    if (n.attrs or {}).get("adjoint"):
        return -math_ops.matmul(y, math_ops.matmul(g, y, adjoint_a=True), adjoint_b=False)
    return -math_ops.matmul(y, math_ops.matmul(g, y, adjoint_b=True), adjoint_a=True)


@lambda f: defgrad(DET, f)
def _det_grad(n, g):
    x = n.inputs[0]
    r = x.shape.rank
    # g det(x) inv(x)^H: for complex x TF conjugates the inverse but not the determinant.
    scale = expand_reduced(g * n.outputs[0], (r - 2, r - 1))
    return scale * inv(x, adjoint=True)


def inv(input, adjoint=False, name=None):
    """Inverse of each square matrix in the last two axes (of its adjoint when `adjoint`).

        >>> tf.linalg.inv([[2., 0.], [0., 4.]]).numpy().tolist()
        [[0.5, 0.0], [0.0, 0.25]]
    """
    t = _as_tensor(input)
    check_dtype(t, "MatrixInverse", is_float_or_complex, _FLOAT_OR_COMPLEX)
    return execute_unary(INV, t, {"adjoint": True} if adjoint else None)


def det(input, name=None):
    """Determinant of each square matrix in the last two axes.

        >>> tf.linalg.det([[1., 2.], [3., 4.]]).numpy()
        -2.0
    """
    t = _as_tensor(input)
    check_dtype(t, "MatrixDeterminant", is_float_or_complex, _FLOAT_OR_COMPLEX)
    return execute_unary(DET, t)


# -- norms -----------------------------------------------------------------------------------------
def _spectral_kernel(x, axes, keepdims):
    m = np.moveaxis(x, axes, (-2, -1))
    s = np.linalg.svd(m, compute_uv=False)[..., 0].astype(x.dtype, copy=False)
    return np.expand_dims(s, tuple(sorted(axes))) if keepdims else s


def _spectral_outer_kernel(x, axes):
    m = np.moveaxis(x, axes, (-2, -1))
    u, _, vh = np.linalg.svd(m)
    outer = u[..., :, :1] * vh[..., :1, :]
    return np.moveaxis(outer, (-2, -1), axes).astype(x.dtype, copy=False)


def _spectral_infer(ins, a):
    return reduction_ops.reduce_infer(ins, {"axis": a["axes"], "keepdims": a["keepdims"]})


SPECTRAL_NORM = primitive("MatrixSpectralNorm", _spectral_kernel, _spectral_infer)
SPECTRAL_OUTER = primitive("MatrixSpectralNormGrad", _spectral_outer_kernel, same_as_input)
no_gradient(SPECTRAL_OUTER, "only first-order gradients of the matrix 2-norm are supported")


@lambda f: defgrad(SPECTRAL_NORM, f)
def _spectral_grad(n, g):
    axes = n.attrs["axes"]
    if not n.attrs["keepdims"]:
        g = expand_reduced(g, tuple(sorted(axes)))
    return g * execute_unary(SPECTRAL_OUTER, n.inputs[0], {"axes": axes})


def _is_inf(o):
    return isinstance(o, (int, float, np.number)) and not isinstance(o, bool) and np.isinf(o) and o > 0


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector norm (axis None or an int) or matrix norm (axis a pair) of `tensor`.

    Vector ords: 'euclidean', 1, np.inf, any p > 0. Matrix ords: 'euclidean'/'fro', 1, 2, np.inf.

        >>> tf.norm([3., 4.]).numpy()
        5.0
    """
    t = _as_tensor(tensor)
    keepdims = bool(keepdims)
    if isinstance(axis, Tensor):
        axis = static_int_value(axis).tolist()
    matrix = axis is not None and np.ndim(axis) == 1 and len(axis) == 2
    if axis is not None and np.ndim(axis) == 1 and len(axis) not in (1, 2):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    if matrix:
        rank = t.shape.rank
        row, col = (int(a) % rank for a in axis)
        if row == col:
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
        if ord in ("euclidean", "fro"):
            return reduce_euclidean_norm(t, [row, col], keepdims)
        if ord == 2:
            return execute_unary(SPECTRAL_NORM, t, {"axes": (row, col), "keepdims": keepdims})
        if ord == 1 or _is_inf(ord):
            if _is_inf(ord):
                row, col = col, row  # max over rows of the row sums
            s = reduce_sum(M.abs(t), row, keepdims=keepdims)
            return reduce_max(s, col if keepdims or col < row else col - 1, keepdims=keepdims)
        raise ValueError(f"'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got {ord}")
    if axis is not None and np.ndim(axis) == 1:
        axis = int(axis[0])
    ok = ord == "euclidean" or _is_inf(ord) or (isinstance(ord, (int, float, np.number))
                                                 and not isinstance(ord, bool) and ord > 0)
    if not ok:
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    if ord == "euclidean" or ord == 2:
        return reduce_euclidean_norm(t, axis, keepdims)
    a = M.abs(t)
    if _is_inf(ord):
        return reduce_max(a, axis, keepdims)
    if ord == 1:
        return reduce_sum(a, axis, keepdims)
    return M.pow(reduce_sum(M.pow(a, float(ord)), axis, keepdims), 1.0 / float(ord))


def normalize(tensor, ord="euclidean", axis=None, name=None):
    """(tensor / norm, norm), the norm kept with reduced dimensions of size 1.

        >>> tf.linalg.normalize([3., 4.])[0].numpy().tolist()
        [0.6000000238418579, 0.800000011920929]
    """
    t = _as_tensor(tensor)
    n = norm(t, ord, axis, keepdims=True)
    return t / n, n


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon)).

        >>> tf.nn.l2_normalize([3., 4.]).numpy().tolist()
        [0.6000000238418579, 0.800000011920929]
    """
    t = _as_tensor(x)
    if axis is None:
        axis = dim
    if t.dtype.is_complex:
        sq = reduce_sum(M.real(t * M.conj(t)), axis, keepdims=True)
        inv_norm = cast(M.rsqrt(M.maximum(sq, epsilon)), t.dtype)
    else:
        sq = reduce_sum(t * t, axis, keepdims=True)
        inv_norm = M.rsqrt(M.maximum(sq, epsilon))
    return t * inv_norm
