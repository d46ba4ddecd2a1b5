"""Namespaces whose rarely used names load on first use, so that `import numtf` stays fast.

    >>> __getattr__ = lazy_attributes(__name__, {"zeta": "numtf.ops.special_ops2"})
"""
import importlib

__all__ = ["lazy_attributes"]


def lazy_attributes(module_name, table):
    """A module-level `__getattr__` for `module_name`: name -> the attribute `name` of the module
    `table[name]`, imported on first use and then cached in the namespace; a `table` entry of
    the form 'module:' is that module itself."""
    def __getattr__(name):
        target = table.get(name)
        if target is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        if target.endswith(":"):
            value = importlib.import_module(target[:-1])
        else:
            value = getattr(importlib.import_module(target), name)
        vars(importlib.import_module(module_name))[name] = value
        return value
    return __getattr__
