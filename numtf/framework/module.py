"""`tf.Module`: a named container of variables and other modules.

`variables`, `trainable_variables` and `submodules` walk the module's attributes in sorted
order (into lists, tuples and dicts, dict keys sorted), yielding each object once: first what
the module holds itself, then what its submodules hold, submodule by submodule, as TF does.

    >>> class Scale(tf.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.w = tf.Variable(2.0, name="w")
    >>> Scale().name, [v.name for v in Scale().variables]
    ('scale', ['w:0'])
"""
import functools
import re

from .context import ctx, name_scope
from .variables import Variable

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IGNORED = frozenset(("_self_unconditional_checkpoint_dependencies", "_self_unconditional_dependency_names",
                      "_scope_name", "_name"))


def _snake(name):
    s = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()


def _leaves(value):
    """The leaves of a nest of lists, tuples and dicts (dicts in sorted key order)."""
    if isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _leaves(value[key])
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _is_module(x):
    """A tf.Module, or a Keras layer (tf-keras layers are modules)."""
    return isinstance(x, Module) or hasattr(type(x), "_flatten_layers")


def _walk(module, predicate, recursive, seen):
    if hasattr(type(module), "_flatten_layers"):  # a Keras layer: its own weights and sublayers
        for x in list(module.variables) + list(module.submodules):
            if id(x) not in seen:
                seen.add(id(x))
                if predicate(x):
                    yield x
        return
    found_modules = []
    attrs = vars(module)
    for key in sorted(attrs):
        if key in _IGNORED:
            continue
        for leaf in _leaves(attrs[key]):
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            if predicate(leaf):
                yield leaf
            if recursive and _is_module(leaf):
                found_modules.append(leaf)
    for sub in found_modules:
        yield from _walk(sub, predicate, recursive, seen)


class Module:
    """Base class of objects that own variables and submodules (see `tf.Module`)."""

    def __init__(self, name=None):
        if name is None:
            name = _snake(type(self).__name__)
        elif not _VALID_NAME.match(name):
            raise ValueError(f"'{name}' is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name).")
        self._name = name
        self._scope_name = ctx.scope + name + "/"

    @property
    def name(self):
        return self._name

    @property
    def name_scope(self):
        """A `tf.name_scope` for this module's scope (the one it was created in, plus its name)."""
        return name_scope(self._scope_name)

    @property
    def variables(self):
        return tuple(self._flatten(predicate=lambda x: isinstance(x, Variable)))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: isinstance(x, Variable) and x.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: isinstance(x, Variable) and not x.trainable))

    @property
    def submodules(self):
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(self, recursive=True, predicate=None):
        return _walk(self, predicate or (lambda x: True), recursive, {id(self)})

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method so that it runs inside the module's name scope."""
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return wrapped

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object at {hex(id(self))}>"
