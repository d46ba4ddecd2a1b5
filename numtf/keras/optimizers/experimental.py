"""`tf.keras.optimizers.experimental`: the current optimizers under their 2.9-2.10 names."""
from .adafactor import Adafactor  # noqa: F401
from .adam import Adam, AdamW, Adamax, Nadam  # noqa: F401
from .ftrl import Ftrl  # noqa: F401
from .optimizer import Optimizer  # noqa: F401
from .sgd import SGD, RMSprop, Adagrad, Adadelta  # noqa: F401

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Adafactor",
           "Ftrl"]
