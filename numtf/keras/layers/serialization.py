"""Layer (de)serialization by class name: `{"class_name": "Dense", "config": {...}}`.

Deserialization looks classes up by registered name, then class name, in `custom_objects` and the
registry of `tf.keras.utils.register_keras_serializable`, then among numtf's layers and models: it
never executes code from a file.
"""


def serialize_layer(layer):
    """The layer's class name and config (Keras's serialized form), with the input shape it was
    built for (`build_config`) when it is built, as tf-keras writes a model's layers."""
    cls = type(layer)
    if cls.__module__.startswith("numtf."):
        from ..engine.training import Model
        module, registered = ("keras" if isinstance(layer, Model) else "keras.layers"), None
    else:
        from ..utils.object_registry import get_registered_name
        module = None if cls.__module__ == "__main__" else cls.__module__
        registered = get_registered_name(cls)
    entry = {"module": module, "class_name": cls.__name__, "config": layer.get_config(),
             "registered_name": registered}
    shape = layer.__dict__.get("_build_input_shape") if layer.built else None
    if shape is not None:
        entry["build_config"] = {"input_shape": _shape_value(shape)}
    return entry


def _shape_value(shape):
    """A built layer's input shape(s) as tf-keras's configs hold them: tuples, in lists or dicts."""
    if hasattr(shape, "as_list"):
        return None if shape.rank is None else tuple(shape.as_list())
    if isinstance(shape, dict):
        return {k: _shape_value(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)):
        if all(d is None or isinstance(d, int) for d in shape):
            return tuple(shape)
        return [_shape_value(s) for s in shape]
    return shape


def deserialize_layer(config, custom_objects=None, build=False):
    """Rebuilds a layer from `serialize_layer`'s output; with `build`, built for the input shape
    of its `build_config` (a model's layers, as tf-keras builds them)."""
    from .. import layers, models
    from ..utils import get_registered_object
    name = config["class_name"]
    cls = None
    for key in (config.get("registered_name"), name):  # a registered name first, as tf-keras
        if cls is None and isinstance(key, str):
            cls = (custom_objects or {}).get(key) or get_registered_object(key, custom_objects)
    if cls is None:
        cls = getattr(layers, name, None) or getattr(models, name, None)
    if cls is None:
        raise ValueError(f"Unknown layer: '{name}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope.")
    inner = config.get("config", {})
    try:
        layer = cls.from_config(inner, custom_objects=custom_objects)
    except TypeError:
        layer = cls.from_config(inner)
    build_config = config.get("build_config")
    if build and build_config and not layer.built:
        _build_from_config(layer, build_config)
    return layer


def _build_from_config(layer, build_config):
    """Builds a deserialized layer for the input shape it was saved with, as tf-keras does (a
    class may define its own `build_from_config`). A layer that cannot be built from the shape
    alone is left as it was: it builds on its first call."""
    own = getattr(type(layer), "build_from_config", None)
    if own is not None:
        own(layer, build_config)
        return
    shape = build_config.get("input_shape")
    if shape is None:
        return
    from ...framework.tensor_shape import TensorShape
    from ..engine.base_layer import build_in_scope
    shapes = _tensor_shapes(shape, TensorShape)
    kept = (list(layer._trainable_weights), list(layer._non_trainable_weights))
    try:
        if layer._name_scoped:
            build_in_scope(layer, shapes)
        else:  # a model: its layers are named in the caller's scope
            layer.build(shapes)
    except Exception:  # noqa: BLE001 - see the docstring
        layer.__dict__["_trainable_weights"], layer.__dict__["_non_trainable_weights"] = kept
        layer.built = False
        return
    layer._build_input_shape = shapes


def _tensor_shapes(shape, tensor_shape):
    if isinstance(shape, dict):
        return {k: _tensor_shapes(v, tensor_shape) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and not all(d is None or isinstance(d, int) for d in shape):
        return [_tensor_shapes(s, tensor_shape) for s in shape]
    return tensor_shape(shape)
