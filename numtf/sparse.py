"""`tf.sparse` namespace: re-exports only."""
from .framework.sparse_tensor import SparseTensor  # noqa: F401
from .ops.sparse_ops import (to_dense, from_dense, reorder, reshape, add, reduce_sum, reduce_max,  # noqa: F401
                             sparse_dense_matmul, slice, concat, transpose, retain, fill_empty_rows, expand_dims,
                             to_indicator, map_values, eye, reset_shape)
