"""`tf.keras.saving`: whole-model saving (`save_model`, `load_model`) and (de)serialization of Keras
objects. Re-exports only; the formats are described in keras_format.py (.keras), h5_format.py
(.h5), weights_format.py (save_weights) and numtf/train/checkpoint_io.py (checkpoints).

    >>> tf.keras.saving.save_model(model, 'mlp.keras')
    >>> model = tf.keras.saving.load_model('mlp.keras')
"""
from ..utils.object_registry import (custom_object_scope, get_custom_objects,  # noqa: F401
                                     get_registered_name, get_registered_object, register_keras_serializable)
from .keras_format import load_model, save_model  # noqa: F401
from .serialization import deserialize_keras_object, serialize_keras_object  # noqa: F401

__all__ = ["custom_object_scope", "deserialize_keras_object", "get_custom_objects", "get_registered_name",
           "get_registered_object", "load_model", "register_keras_serializable", "save_model",
           "serialize_keras_object"]
