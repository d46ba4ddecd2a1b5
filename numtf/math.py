"""`tf.math` namespace: re-exports only."""
from .util.lazy import lazy_attributes  # noqa: E402
from .ops.math_ops import (add, subtract, multiply, truediv, divide, negative, square, pow,  # noqa: F401
                           maximum, minimum, floordiv, floormod, mod, squared_difference, add_n, scalar_mul,
                           abs, sign, sqrt, rsqrt, exp, expm1, log, log1p, sin, cos, tan, tanh, sigmoid,
                           softplus, reciprocal, reciprocal_no_nan, round, rint, floor, ceil, asin, acos, atan,
                           atan2, sinh, cosh, asinh, acosh, atanh, erf, divide_no_nan, multiply_no_nan, xlogy,
                           xdivy, is_nan, is_inf, is_finite, equal, not_equal, less, less_equal, greater,
                           greater_equal, logical_and, logical_or, logical_xor, logical_not)
# The rest of tf.math lives with its op families.
from .ops.reduction_ops import (reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod,  # noqa: F401,E402
                                reduce_any, reduce_all, reduce_logsumexp, reduce_std, reduce_variance,
                                reduce_euclidean_norm, count_nonzero)
from .ops.scan_ops import argmax, argmin, cumsum, cumprod, segment_sum, unsorted_segment_sum  # noqa: F401,E402
from .ops.sort_ops import top_k  # noqa: F401,E402
from .ops.nn_ops import softmax, log_softmax  # noqa: F401,E402
from .ops.nn_losses import log_sigmoid  # noqa: F401,E402
from .ops.linalg_ops import l2_normalize  # noqa: F401,E402
from .ops.array_ops import conj  # noqa: F401,E402
from .ops.complex_ops import angle  # noqa: F401,E402
from .ops.composite_ops import bincount, polyval, confusion_matrix, in_top_k  # noqa: F401,E402
from .ops.special_ops import (lgamma, digamma, erfc, erfinv, nextafter, real, imag,  # noqa: F401,E402
                              cumulative_logsumexp, segment_mean, segment_max, segment_min, segment_prod,
                              unsorted_segment_max, unsorted_segment_min, unsorted_segment_prod,
                              unsorted_segment_mean, unsorted_segment_sqrt_n, accumulate_n)
from .ops.nn_ops import softsign  # noqa: F401,E402

# Loaded on first use (they would add ~10 ms to `import numtf`).
__getattr__ = lazy_attributes(__name__, {
    **dict.fromkeys(("igamma", "igammac", "betainc", "lbeta", "ndtri", "erfcinv", "polygamma", "zeta", "xlog1py",
                     "invert_permutation", "is_non_decreasing", "is_strictly_increasing"), "numtf.ops.special_ops2"),
    **dict.fromkeys(("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e"), "numtf.ops.bessel_ops"),
    "special": "numtf._math_special:"})
