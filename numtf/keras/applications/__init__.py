"""`tf.keras.applications`: ready-made architectures (MobileNetV2, as the handbook uses it).

    >>> model = tf.keras.applications.MobileNetV2(weights=None, classes=5)
"""
from . import mobilenet_v2  # noqa: F401
from .mobilenet_v2 import MobileNetV2  # noqa: F401
