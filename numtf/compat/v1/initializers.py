"""`tf.compat.v1.initializers`: TF1 initializers under their short names (re-exports only)."""
from ._init_ops import (zeros_initializer as zeros, ones_initializer as ones,  # noqa: F401
                        constant_initializer as constant, random_normal_initializer as random_normal,
                        random_uniform_initializer as random_uniform,
                        truncated_normal_initializer as truncated_normal,
                        variance_scaling_initializer as variance_scaling,
                        glorot_uniform_initializer as glorot_uniform, glorot_normal_initializer as glorot_normal,
                        he_normal, he_uniform, lecun_normal, lecun_uniform)
from ._variables import (global_variables_initializer as global_variables,  # noqa: F401
                         local_variables_initializer as local_variables,
                         variables_initializer as variables)
