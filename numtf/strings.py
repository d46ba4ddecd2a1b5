"""`tf.strings` namespace: re-exports only."""
from .ops.string_ops import (length, upper, lower, strip, join, reduce_join, substr, regex_replace,  # noqa: F401
                             regex_full_match, as_string, to_number, split, bytes_split, format,
                             to_hash_bucket_fast, to_hash_bucket_strong)
