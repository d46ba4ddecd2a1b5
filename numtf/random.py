"""`tf.random` namespace: re-exports only."""
from .ops.random_ops import (uniform, normal, truncated_normal, categorical, shuffle, gamma,  # noqa: F401
                             poisson, stateless_uniform, stateless_normal, stateless_truncated_normal,
                             stateless_categorical, set_seed)
from .ops.random_generator import Generator, get_global_generator, set_global_generator  # noqa: F401,E402
