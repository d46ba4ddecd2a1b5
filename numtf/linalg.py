"""`tf.linalg` namespace: re-exports only."""
from .util.lazy import lazy_attributes  # noqa: E402
from .ops.math_ops import matmul  # noqa: F401
from .ops.array_ops import eye  # noqa: F401
from .ops.clip_ops import global_norm  # noqa: F401
from .ops.linalg_ops import (einsum, tensordot, matvec, matrix_transpose, adjoint, diag,  # noqa: F401
                             diag_part, set_diag, trace, band_part, inv, det, norm, normalize,
                             l2_normalize)
from .ops.linalg_ops2 import (cholesky, solve, triangular_solve, slogdet, logdet, eigh, eigvalsh,  # noqa: F401
                              svd, qr, lstsq, cross)

transpose = matrix_transpose  # older TF 2 releases had tf.linalg.transpose

# Loaded on first use (they would add ~15 ms to `import numtf`).
__getattr__ = lazy_attributes(__name__, {
    **dict.fromkeys(("lu", "lu_solve", "lu_matrix_inverse", "lu_reconstruct", "pinv", "expm", "logm", "sqrtm",
                     "matrix_rank", "cholesky_solve", "eig", "eigvals"), "numtf.ops.linalg_ops3"),
    **dict.fromkeys(("tridiagonal_solve", "tridiagonal_matmul", "banded_triangular_solve", "tensor_diag",
                     "tensor_diag_part", "eigh_tridiagonal"), "numtf.ops.linalg_ops4")})
