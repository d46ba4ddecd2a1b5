"""`tf.keras.utils.set_random_seed`: seeds Python, NumPy and numtf at once.

    >>> tf.keras.utils.set_random_seed(1337)
"""
import random

import numpy as np

from ...framework import random_seed

__all__ = ["set_random_seed"]


def set_random_seed(seed):
    """Same as `random.seed(seed); np.random.seed(seed); tf.random.set_seed(seed)`.

        >>> tf.keras.utils.set_random_seed(0)
    """
    if not isinstance(seed, int):
        raise ValueError("Expected `seed` argument to be an integer. "
                         f"Received: seed={seed} (of type {type(seed)})")
    random.seed(seed)
    np.random.seed(seed)
    random_seed.set_seed(seed)
