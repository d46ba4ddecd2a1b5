"""`tf.dtypes` namespace: re-exports only."""
from .framework.dtypes import (DType, as_dtype, float16, float32, float64, half, double, bfloat16,  # noqa: F401
                               int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool, string,
                               complex64, complex128)
from .ops.stack_ops import cast  # noqa: F401
from .ops.composite_ops import saturate_cast  # noqa: F401
