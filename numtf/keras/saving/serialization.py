"""`tf.keras.saving.serialize_keras_object` / `deserialize_keras_object`, and how a model's class
and compile() arguments are written to and read from config.json.

Deserialization looks names up (custom_objects, custom_object_scope, the registry of
`register_keras_serializable`, then numtf's own classes); it never executes code from a file.

    >>> tf.keras.saving.serialize_keras_object(tf.keras.layers.Dense(2))['class_name']
    'Dense'
"""
import inspect

import numpy as np


class UnknownObjectError(ValueError, TypeError):
    """A saved config names a class that is not known. (A ValueError; also a TypeError, the type
    tf-keras raises for an unknown model class.)"""


_REGISTER_HINT = ("Pass it to load_model(..., custom_objects={{'{name}': {name}}}), load inside "
                  "`with tf.keras.utils.custom_object_scope({{'{name}': {name}}}):`, or decorate the class with "
                  "`@tf.keras.utils.register_keras_serializable()`.")


def to_json(value):
    """`value` with tuples, NumPy scalars/arrays, TensorShapes and DTypes made JSON-compatible."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if hasattr(value, "as_list") and hasattr(value, "rank"):  # TensorShape
        return value.as_list() if value.rank is not None else None
    if hasattr(value, "as_numpy_dtype") or type(value).__name__ == "DType":
        return value.name
    if hasattr(value, "get_config"):
        return serialize_keras_object(value)
    if callable(value) and hasattr(value, "__name__"):
        return _function_config(value)
    raise TypeError(f"Cannot serialize {value!r} of type {type(value).__name__} to JSON.")


def _function_config(fn):
    from ..utils.object_registry import get_registered_name
    return {"module": getattr(fn, "__module__", None), "class_name": "function", "config": get_registered_name(fn),
            "registered_name": "function"}


def _base_classes():
    from ..engine.base_layer import Layer
    from ..engine.training import Model
    return Layer, Model


def _config_of(obj):
    """obj.get_config(); for a subclassed model that does not define get_config, {} (it is rebuilt
    with no arguments, as tf-keras rebuilds one whose __init__ takes none)."""
    layer, model = _base_classes()
    if isinstance(obj, model):
        defining = next(k for k in type(obj).__mro__ if "get_config" in k.__dict__)
        if defining in (layer, model):
            return {}
    return obj.get_config()


def serialize_keras_object(obj):
    """A Keras object as {'module', 'class_name', 'config', 'registered_name'}; JSON types pass through.

        >>> tf.keras.saving.serialize_keras_object(tf.keras.optimizers.Adam())['class_name']
        'Adam'
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple, dict, np.generic, np.ndarray)):
        return to_json(obj)
    from ..utils.object_registry import get_registered_name
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return _function_config(obj)
    cls = type(obj)
    builtin = cls.__module__.startswith("numtf.")
    module = cls.__module__
    if builtin:
        module = "keras" if module.startswith("numtf.keras.engine") else \
            "keras." + module.split(".")[2] if module.startswith("numtf.keras.") else module
    return {"module": module, "class_name": cls.__name__, "config": to_json(_config_of(obj)),
            "registered_name": None if builtin else get_registered_name(cls)}


def lookup_table(custom_objects=None):
    """Name -> object for loading: registered objects (by registered name, and by class name
    unless that shadows a numtf layer), then `custom_objects` (which win)."""
    from .. import layers
    from ..utils.object_registry import _scope, get_custom_objects
    table = {}
    for registered, obj in list(get_custom_objects().items()) + list(_scope.objects.items()):
        table[registered] = obj
        plain = getattr(obj, "__name__", registered.split(">")[-1])
        if getattr(layers, plain, None) is None:
            table.setdefault(plain, obj)
    table.update(custom_objects or {})
    return table


def _builtin_class(name):
    from .. import layers, models
    from ..engine.base_layer import Layer
    import numtf.keras as keras
    for module in (models, layers, keras):
        cls = getattr(module, name, None)
        if isinstance(cls, type) and issubclass(cls, Layer):
            return cls
    if name == "Functional":
        from ..engine.functional import Functional
        return Functional
    return None


def resolve_class(config, table):
    """The class a serialized config names (registered name first, then class name), or None."""
    for name in (config.get("registered_name"), config.get("class_name")):
        if isinstance(name, str) and name in table:
            return table[name]
    return _builtin_class(config.get("class_name", ""))


def _from_config(cls, inner, table):
    try:
        params = inspect.signature(cls.from_config).parameters
    except (TypeError, ValueError):
        params = {}
    if "custom_objects" in params:
        return cls.from_config(inner, custom_objects=table)
    return cls.from_config(inner)


def deserialize_model(config, custom_objects=None, source="the file"):
    """Rebuilds a model (or layer) from `serialize_keras_object`'s dict, with clear errors."""
    from ..utils.object_registry import custom_object_scope
    table = lookup_table(custom_objects)
    name = config.get("class_name")
    cls = resolve_class(config, table)
    if cls is None:
        raise UnknownObjectError(f"Could not locate class '{name}' needed to load {source!r}. "
                                 + _REGISTER_HINT.format(name=name))
    inner = config.get("config") or {}
    try:
        with custom_object_scope(table):
            return _from_config(cls, inner, table)
    except ValueError as e:
        message = str(e)
        if message.startswith("Unknown layer"):
            missing = message.split("'")[1] if "'" in message else "?"
            raise UnknownObjectError(f"Cannot load {source!r}: {message.split('.')[0]}. "
                                     + _REGISTER_HINT.format(name=missing)) from None
        raise ValueError(f"Cannot load {source!r}: rebuilding '{name}' from its config failed: {message}") from None
    except TypeError as e:
        shown = repr(inner) if len(repr(inner)) <= 200 else repr(inner)[:200] + "...}"
        raise TypeError(f"Cannot load {source!r}: {name}.from_config({shown}) failed: {e}. A custom class "
                        "whose __init__ takes arguments must define get_config() returning them (and "
                        "from_config() if they need converting back).") from None


def deserialize_keras_object(config, custom_objects=None, module_objects=None, printable_module_name="object",
                             **kwargs):
    """The object a `serialize_keras_object` dict (or a plain name) describes.

        >>> tf.keras.saving.deserialize_keras_object({'class_name': 'Dense', 'config': {'units': 2}})
    """
    if config is None or isinstance(config, (bool, int, float)):
        return config
    table = dict(module_objects or {})
    table.update(lookup_table(custom_objects))
    if isinstance(config, str):
        obj = table.get(config) or _builtin_class(config)
        if obj is None:
            raise UnknownObjectError(f"Unknown {printable_module_name}: '{config}'. "
                                     + _REGISTER_HINT.format(name=config))
        return obj
    if isinstance(config, list):
        return [deserialize_keras_object(c, custom_objects, module_objects, printable_module_name) for c in config]
    if not isinstance(config, dict) or "class_name" not in config:
        return config
    if config["class_name"] == "function":
        name = config.get("config")
        fn = table.get(name)
        if fn is None:
            from .. import activations, losses, metrics
            for module in (activations, losses, metrics):
                fn = getattr(module, str(name), None)
                if callable(fn):
                    break
        if fn is None:
            raise UnknownObjectError(f"Unknown function: '{name}'. " + _REGISTER_HINT.format(name=name))
        return fn
    cls = resolve_class(config, table) or _other_class(config["class_name"])
    if cls is None:
        raise UnknownObjectError(f"Unknown {printable_module_name}: '{config['class_name']}'. "
                                 + _REGISTER_HINT.format(name=config["class_name"]))
    return _from_config(cls, config.get("config") or {}, table)


def _other_class(name):
    from .. import constraints, initializers, losses, metrics, optimizers, regularizers
    from ..optimizers import schedules
    for module in (optimizers, losses, metrics, initializers, regularizers, constraints, schedules):
        cls = getattr(module, name, None)
        if isinstance(cls, type) and hasattr(cls, "from_config"):
            return cls
    return None


# -- compile() arguments ----------------------------------------------------------------------
def _serialize_loss_or_metric(value, kind):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): _serialize_loss_or_metric(v, kind) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_serialize_loss_or_metric(v, kind) for v in value]
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return _function_config(value)
    module = __import__(f"numtf.keras.{kind}", fromlist=["serialize"])
    return to_json(module.serialize(value))


def serialize_compile_args(args, model):
    """compile()'s keyword arguments as JSON (the optimizer as its current config)."""
    from ..optimizers import Optimizer, serialize
    out = {}
    for key, value in args.items():
        if key == "optimizer":
            opt = getattr(model, "optimizer", None)
            opt = opt if isinstance(opt, Optimizer) else value
            out[key] = to_json(serialize(opt)) if isinstance(opt, Optimizer) else to_json(opt)
        elif key == "loss":
            out[key] = _serialize_loss_or_metric(value, "losses")
        elif key in ("metrics", "weighted_metrics"):
            out[key] = _serialize_loss_or_metric(value, "metrics")
        else:
            try:
                out[key] = to_json(value)
            except TypeError:
                continue  # e.g. a callback object: not part of what is restored
    return out


def _deserialize_loss_or_metric(value, kind, table):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value  # names stay names: compile() resolves 'accuracy' from the loss
    if isinstance(value, list):
        return [_deserialize_loss_or_metric(v, kind, table) for v in value]
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _deserialize_loss_or_metric(v, kind, table) for k, v in value.items()}
    if isinstance(value, dict) and value.get("class_name") == "function":
        name = value.get("config")
        return table.get(name) or _deserialize_loss_or_metric(name, kind, table)
    module = __import__(f"numtf.keras.{kind}", fromlist=["deserialize"])
    return module.deserialize(value, custom_objects=table)


def deserialize_compile_args(config, custom_objects=None):
    """compile()'s keyword arguments back from `serialize_compile_args`' JSON."""
    from .. import optimizers
    table = lookup_table(custom_objects)
    out = dict(config)
    opt = config.get("optimizer")
    if isinstance(opt, dict):
        out["optimizer"] = optimizers.deserialize(opt, custom_objects=table)
    if "loss" in config:
        out["loss"] = _deserialize_loss_or_metric(config["loss"], "losses", table)
    for key in ("metrics", "weighted_metrics"):
        if key in config:
            out[key] = _deserialize_loss_or_metric(config[key], "metrics", table)
    return out
