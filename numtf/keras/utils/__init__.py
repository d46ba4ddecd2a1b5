"""`tf.keras.utils`: downloads (`get_file`), label helpers, seeding, the progress bar, and the
custom-object registry. Only re-exports; see the modules for the rules (DESIGN.md, "Data").

    >>> tf.keras.utils.to_categorical([1], 2)
    array([[0., 1.]], dtype=float32)
"""
from .data_utils import get_file  # noqa: F401
from .np_utils import normalize, to_categorical  # noqa: F401
from .object_registry import (CustomObjectScope, custom_object_scope, get_custom_objects,  # noqa: F401
                              get_registered_name, get_registered_object, register_keras_serializable)
from .progbar import Progbar  # noqa: F401
from .seed_utils import set_random_seed  # noqa: F401
