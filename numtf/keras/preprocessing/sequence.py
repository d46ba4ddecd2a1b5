"""`tf.keras.preprocessing.sequence`: re-exports only."""
from ..utils.sequence_utils import pad_sequences  # noqa: F401
