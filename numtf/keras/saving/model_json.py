"""A model's architecture as JSON, and copies of models: `model.to_json()`,
`tf.keras.models.model_from_json`, `model_from_config` and `clone_model` (tf-keras semantics:
the architecture only, new weights freshly initialized).

    >>> json_string = model.to_json()
    >>> same_architecture = tf.keras.models.model_from_json(json_string)
    >>> twin = tf.keras.models.clone_model(model)       # same layers and names, new weights
"""
import json

from . import serialization, weights_format

__all__ = ["model_to_json", "model_from_json", "model_from_config", "clone_model"]


def model_to_json(model, **kwargs):
    """The JSON string of `{"class_name", "config", "keras_version", "backend"}`; `kwargs` go to
    `json.dumps` (e.g. indent=2)."""
    config = serialization.serialize_keras_object(model)
    entry = {"class_name": config["class_name"], "config": config["config"],
             "keras_version": weights_format.KERAS_VERSION, "backend": "tensorflow"}
    return json.dumps(entry, **kwargs)


def model_from_config(config, custom_objects=None):
    """A new model from `{"class_name": ..., "config": ...}` (as `to_json` or `get_config` give);
    its weights are freshly initialized. Classes are looked up by name, never loaded from code."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise TypeError("`model_from_config` expects a dictionary with a 'class_name' and a 'config' key, e.g. "
                        f"{{'class_name': 'Sequential', 'config': model.get_config()}}. Received: {config!r}")
    return serialization.deserialize_model(config, custom_objects, source="the config")


def model_from_json(json_string, custom_objects=None):
    """A new model from `model.to_json()`'s string (architecture only: weights are new).

        >>> model2 = tf.keras.models.model_from_json(model.to_json())
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as e:
        raise ValueError(f"`model_from_json` expects the JSON string written by `model.to_json()`: {e}") from None
    return model_from_config(config, custom_objects)


def clone_model(model, input_tensors=None, clone_function=None):
    """A copy of `model`'s architecture with new layers and freshly initialized weights (layer names
    kept). `clone_function(layer)` makes each new layer of a Sequential model (by default
    `type(layer).from_config(layer.get_config())`).

        >>> twin = tf.keras.models.clone_model(model)
        >>> twin.set_weights(model.get_weights())     # to copy the values too
    """
    from ..engine.functional import Functional
    from ..engine.sequential import Sequential
    if input_tensors is not None:
        raise NotImplementedError("numtf's clone_model builds the copy on new inputs: `input_tensors` is not "
                                  "supported.")
    if isinstance(model, Sequential):
        make = clone_function or (lambda layer: type(layer).from_config(layer.get_config()))
        layers = [make(layer) for layer in model.layers]
        clone = Sequential(name=model.name)
        if model.inputs:  # a defined input: the copy gets one of the same shape and dtype
            from ..engine.input_layer import Input
            spec = model.inputs[0]
            clone.add(Input(batch_shape=tuple(spec.shape.as_list()), dtype=spec.dtype))
        for layer in layers:
            clone.add(layer)
        return clone
    if isinstance(model, Functional):
        if clone_function is not None:
            raise NotImplementedError("numtf's clone_model takes a `clone_function` for Sequential models only.")
        return model_from_config({"class_name": type(model).__name__ if type(model) is not Functional
                                  else "Functional", "config": model.get_config()})
    if clone_function is not None:
        raise NotImplementedError("numtf's clone_model takes a `clone_function` for Sequential models only.")
    return type(model).from_config(model.get_config())
