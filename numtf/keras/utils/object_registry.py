"""Keras's registry of custom objects: `register_keras_serializable`, `custom_object_scope`, ...

Saved configs name classes by their registered name ('Custom>MyLayer'); deserializers resolve
names with `get_registered_object`, looking in the active `custom_object_scope`s, then the
global registry, then the `custom_objects` and `module_objects` they were given.

    >>> @tf.keras.utils.register_keras_serializable(package="demo")
    ... def scaled(x):
    ...     return 2 * x
    >>> tf.keras.utils.get_registered_name(scaled)
    'demo>scaled'
"""
import inspect
import threading

__all__ = ["register_keras_serializable", "get_custom_objects", "custom_object_scope", "CustomObjectScope",
           "get_registered_name", "get_registered_object"]

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}


class _ScopeStack(threading.local):
    def __init__(self):
        self.objects = {}


_scope = _ScopeStack()


class CustomObjectScope:
    """`with custom_object_scope({'MyLayer': MyLayer}):` makes the names resolvable while deserializing.

        >>> with tf.keras.utils.custom_object_scope({"f": abs}):
        ...     tf.keras.utils.get_registered_object("f")
        <built-in function abs>
    """

    def __init__(self, *args):
        self.custom_objects = args
        self.backup = None

    def __enter__(self):
        self.backup = _scope.objects.copy()
        for objects in self.custom_objects:
            _scope.objects.update(objects)
        return self

    def __exit__(self, *exc):
        _scope.objects.clear()
        _scope.objects.update(self.backup)


custom_object_scope = CustomObjectScope


def get_custom_objects():
    """The global registry dict (name -> object); mutate it to register objects by hand.

        >>> tf.keras.utils.get_custom_objects()["MyLayer"] = object  # doctest: +SKIP
    """
    return _GLOBAL_CUSTOM_OBJECTS


def register_keras_serializable(package="Custom", name=None):
    """Decorator registering a class or function under '{package}>{name or its __name__}'.

        >>> @tf.keras.utils.register_keras_serializable()
        ... class Scale(tf.keras.layers.Layer):
        ...     pass
        >>> tf.keras.utils.get_registered_name(Scale)
        'Custom>Scale'
    """

    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        registered_name = package + ">" + class_name
        if inspect.isclass(arg) and not hasattr(arg, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        _GLOBAL_CUSTOM_NAMES[arg] = registered_name
        return arg

    return decorator


def get_registered_name(obj):
    """The name `obj` was registered under, else its `__name__`.

        >>> tf.keras.utils.get_registered_name(len)
        'len'
    """
    if obj in _GLOBAL_CUSTOM_NAMES:
        return _GLOBAL_CUSTOM_NAMES[obj]
    return obj.__name__


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The object `name` refers to (scopes, registry, then the given dicts), or None.

        >>> tf.keras.utils.get_registered_object("nothing") is None
        True
    """
    if name in _scope.objects:
        return _scope.objects[name]
    if name in _GLOBAL_CUSTOM_OBJECTS:
        return _GLOBAL_CUSTOM_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None
