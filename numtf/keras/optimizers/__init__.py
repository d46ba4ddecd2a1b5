"""`tf.keras.optimizers` (tf-keras 2.11+ optimizers; the older ones are in `.legacy`).

    >>> opt = tf.keras.optimizers.Adam(learning_rate=1e-3)
    >>> opt.apply_gradients(zip(grads, model.trainable_variables))
"""
from . import experimental, legacy, schedules  # noqa: F401
from .adafactor import Adafactor  # noqa: F401
from .adam import Adam, AdamW, Adamax, Nadam  # noqa: F401
from .ftrl import Ftrl  # noqa: F401
from .lion import Lion  # noqa: F401
from .optimizer import Optimizer  # noqa: F401
from .serialization import deserialize, get, serialize  # noqa: F401
from .sgd import SGD, RMSprop, Adagrad, Adadelta  # noqa: F401

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl",
           "Lion", "Adafactor", "get", "serialize", "deserialize", "schedules", "legacy", "experimental"]

