"""`tf.ragged` namespace: re-exports only."""
from .ops.ragged_ops import (constant, map_flat_values, range, boolean_mask, row_splits_to_segment_ids,  # noqa: F401
                             segment_ids_to_row_splits, stack)
