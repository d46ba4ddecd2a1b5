"""`tf.keras.layers`: re-exports only."""
from ..engine.base_layer import Layer  # noqa: F401
from ..engine.input_spec import InputSpec  # noqa: F401
from .core import (Dense, Flatten, Reshape, Activation, ReLU, Softmax, Dropout, Lambda,  # noqa: F401
                   Embedding)
