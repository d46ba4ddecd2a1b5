"""`tf.keras.mixed_precision`: dtype policies (float16/bfloat16 computations with float32
variables), the global policy, and the loss-scaling optimizer float16 training needs.

    >>> tf.keras.mixed_precision.set_global_policy('mixed_float16')
    >>> layer = tf.keras.layers.Dense(2)
    >>> layer.compute_dtype, layer.variable_dtype
    ('float16', 'float32')
    >>> tf.keras.mixed_precision.set_global_policy('float32')

numtf computes float16 in NumPy float16 (correct, not fast: NumPy has no fast half precision).
"""
from .policy import Policy, global_policy, set_global_policy  # noqa: F401
from .loss_scale_optimizer import LossScaleOptimizer, LossScaleOptimizerV3  # noqa: F401
