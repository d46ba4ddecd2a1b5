"""Keras's serialized form of losses, metrics and the like, shared by their `serialize` and
`deserialize`: `{"module", "class_name", "config", "registered_name"}`.

    >>> serialize_function(tf.keras.losses.mse, False)['class_name']
    'function'
"""


def serialize_function(fn, use_legacy_format):
    """A plain function is stored by name (its module is 'builtins' in Keras's format)."""
    name = getattr(fn, "__name__", None)
    if use_legacy_format:
        return name
    return {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}


def serialize_instance(obj, config, package, public_module, use_legacy_format):
    """An object of one of Keras's classes (defined under `package`) or of a user's subclass."""
    cls = type(obj)
    if use_legacy_format:
        return {"class_name": cls.__name__, "config": config}
    builtin = cls.__module__.startswith(package)
    return {"module": public_module if builtin else cls.__module__, "class_name": cls.__name__,
            "config": config, "registered_name": None if builtin else cls.__name__}


def from_class_config(config, custom_objects, objects, deserialize, unknown):
    """The object a serialized dict describes: a function by name (via `deserialize`), or a class
    rebuilt with `from_config`; `unknown(name)` builds the error for a name nobody knows."""
    class_name = config.get("class_name")
    inner = config.get("config", {})
    if class_name == "function":
        return deserialize(inner, custom_objects)
    cls = custom_objects.get(class_name) or objects.get(class_name)
    if cls is None:
        raise unknown(class_name)
    if isinstance(cls, type):
        return cls.from_config(dict(inner))
    return cls
