"""`tf.keras.optimizers.get`, `serialize` and `deserialize`.

    >>> tf.keras.optimizers.get('adam').get_config()['learning_rate']
    0.001
"""
import warnings

import numpy as np

from . import adafactor, adam, ftrl, legacy, lion, schedules, sgd
from .optimizer import Optimizer

_CURRENT = {"adadelta": sgd.Adadelta, "adagrad": sgd.Adagrad, "adam": adam.Adam, "adamw": adam.AdamW,
            "adamax": adam.Adamax, "nadam": adam.Nadam, "rmsprop": sgd.RMSprop, "sgd": sgd.SGD,
            "experimentaladadelta": sgd.Adadelta, "experimentaladagrad": sgd.Adagrad,
            "experimentaladam": adam.Adam, "experimentalsgd": sgd.SGD,
            "ftrl": ftrl.Ftrl}  # (of the 2.11+ additions, tf-keras's get knows only this one by name)
# what tf-keras's saving format ({"module": "keras.optimizers", "class_name": ...}) also resolves
_SAVED = {"Lion": lion.Lion, "Adafactor": adafactor.Adafactor}
_LEGACY = {"adadelta": legacy.Adadelta, "adagrad": legacy.Adagrad, "adam": legacy.Adam,
           "adamax": legacy.Adamax, "nadam": legacy.Nadam, "rmsprop": legacy.RMSprop, "sgd": legacy.SGD,
           "adamw": adam.AdamW, "experimentaladadelta": sgd.Adadelta, "experimentaladagrad": sgd.Adagrad,
           "experimentaladam": adam.Adam, "experimentalsgd": sgd.SGD}


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def serialize(optimizer, use_legacy_format=False):
    """The optimizer's configuration as a JSON-compatible dict.

        >>> tf.keras.optimizers.serialize(tf.keras.optimizers.SGD())['class_name']
        'SGD'
    """
    if optimizer is None:
        return None
    if not isinstance(optimizer, Optimizer):
        warnings.warn("The `keras.optimizers.serialize()` API should only be used for objects of type "
                      f"`keras.optimizers.Optimizer`. Found an instance of type {type(optimizer)}, which may "
                      "lead to improper serialization.")
    cls = type(optimizer)
    config = _plain(optimizer.get_config())
    if use_legacy_format:
        return {"class_name": cls.__name__, "config": config}
    if isinstance(optimizer, legacy.Optimizer):
        module = "keras.optimizers.legacy"
    elif cls.__module__.startswith(__package__):
        module = "keras.optimizers"
    else:
        module = cls.__module__
    builtin = cls.__module__.startswith(__package__)
    return {"module": module, "class_name": cls.__name__, "config": config,
            "registered_name": None if builtin else cls.__name__}


def deserialize(config, custom_objects=None, use_legacy_format=False, **kwargs):
    """Builds an optimizer from `serialize`'s dict ({'class_name', 'config'}). A non-empty config
    without 'is_legacy_optimizer' makes a legacy optimizer, as in tf-keras.

        >>> tf.keras.optimizers.deserialize({'class_name': 'Adam', 'config': {}})
    """
    use_legacy_optimizer = kwargs.pop("use_legacy_optimizer", False)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments: {kwargs}")
    inner = config.get("config") or {}
    if inner:
        use_legacy_optimizer = inner.get("is_legacy_optimizer", True)
    name = config["class_name"]
    cls = (custom_objects or {}).get(name)
    if cls is None:
        cls = (_LEGACY if use_legacy_optimizer else _CURRENT).get(name.lower())
    if cls is None and config.get("module") == "keras.optimizers":
        cls = _SAVED.get(name)
    if cls is None:
        raise ValueError(f"Unknown optimizer: '{name}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope. See "
                         "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object "
                         "for details.")
    inner = dict(inner)
    if isinstance(inner.get("learning_rate"), dict):
        inner["learning_rate"] = schedules.deserialize(inner["learning_rate"], custom_objects=custom_objects)
    return cls.from_config(inner)


def get(identifier, **kwargs):
    """An optimizer from a name ('adam'), a config dict, or an optimizer (returned as is).

        >>> tf.keras.optimizers.get('sgd')
    """
    use_legacy_optimizer = kwargs.pop("use_legacy_optimizer", False)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments: {kwargs}")
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier, use_legacy_optimizer=use_legacy_optimizer)
    if isinstance(identifier, str):
        return deserialize({"class_name": str(identifier), "config": {}}, use_legacy_optimizer=use_legacy_optimizer)
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
