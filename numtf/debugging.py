"""`tf.debugging` namespace: re-exports only."""
from .ops.check_ops import (assert_equal, assert_none_equal, assert_less, assert_less_equal,  # noqa: F401
                            assert_greater, assert_greater_equal, assert_positive, assert_negative,
                            assert_non_negative, assert_non_positive, assert_near, assert_rank, assert_type,
                            assert_shapes, check_numerics, assert_all_finite, Assert, assert_integer,
                            assert_rank_at_least, assert_rank_in, assert_scalar, assert_proper_iterable,
                            assert_same_float_dtype, is_numeric_tensor)
