"""Layer (de)serialization by class name: `{"class_name": "Dense", "config": {...}}`.

Deserialization looks classes up by name among numtf's layers, then `custom_objects` and the
registry of `tf.keras.utils.register_keras_serializable`: it never executes code from a file.
"""


def serialize_layer(layer):
    """The layer's class name and config (Keras's serialized form)."""
    return {"module": "keras.layers", "class_name": type(layer).__name__, "config": layer.get_config(),
            "registered_name": None}


def deserialize_layer(config, custom_objects=None):
    """Rebuilds a layer from `serialize_layer`'s output."""
    from .. import layers, models
    name = config["class_name"]
    cls = (custom_objects or {}).get(name)
    if cls is None:
        try:
            from ..utils import get_registered_object
            cls = get_registered_object(name, custom_objects)
        except ImportError:
            cls = None
    if cls is None:
        cls = getattr(layers, name, None) or getattr(models, name, None)
    if cls is None:
        raise ValueError(f"Unknown layer: '{name}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope.")
    inner = config.get("config", {})
    try:
        return cls.from_config(inner, custom_objects=custom_objects)
    except TypeError:
        return cls.from_config(inner)
