"""`tf.keras.preprocessing`: re-exports only (`sequence.pad_sequences` so far)."""
from . import sequence  # noqa: F401
