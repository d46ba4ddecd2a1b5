"""Makes `import tensorflow` (and its submodules) resolve to numtf, for `python -m numtf`.

    >>> from numtf import _tf_alias; _tf_alias.install()
    >>> import tensorflow as tf, numtf; tf is numtf
    True

A meta-path finder maps an aliased name onto numtf's module of the same path
(`tensorflow.keras.layers` -> `numtf.keras.layers`) and hands back that very module object,
so each module exists once (`sys.modules['tensorflow'] is numtf`) and classes are never
duplicated. It sits first on `sys.meta_path`: otherwise, once `sys.modules['tensorflow']` is
numtf, the ordinary path finder would load `numtf/math.py` a second time as `tensorflow.math`.
Only TensorFlow's public module paths are mapped: `tensorflow.python.*` is private and numtf
has no `python` package, so such imports fail with a message naming numtf.
"""
import importlib
import importlib.machinery
import sys
import types

# Aliased top-level name -> numtf module it stands for. Submodules follow by path.
ALIASES = {
    "tensorflow": "numtf",
    "tf_keras": "numtf.keras",  # the tf-keras package (Keras 2), which TF_USE_LEGACY_KERAS=1 selects
}


def target_name(fullname):
    """The numtf module name an aliased import stands for, or None if `fullname` is not aliased."""
    head, dot, rest = fullname.partition(".")
    base = ALIASES.get(head)
    if base is None:
        return None
    return base + dot + rest


def _resolve(fullname, target):
    """Imports numtf's module `target`; falls back to a module object reachable as an attribute
    of its parent (a namespace exposed under a different real name)."""
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as e:
        # Only a missing `target` (or one of its parents) means "numtf has no such module";
        # anything else failed inside numtf and must surface unchanged.
        if e.name is None or not (target == e.name or target.startswith(e.name + ".")):
            raise
        missing = e
    parent_name, _, attr = target.rpartition(".")
    if parent_name:
        parent = sys.modules.get(parent_name)
        candidate = getattr(parent, attr, None) if parent is not None else None
        if isinstance(candidate, types.ModuleType):
            return candidate
    hint = f"not implemented in numtf {_version()}"
    if ".python" in "." + fullname.partition(".")[2]:
        hint = ("TensorFlow's private implementation modules are not provided; import the "
                "public API instead (e.g. `tensorflow.keras`)")
    raise ModuleNotFoundError(
        f"No module named '{fullname}': under numtf it is '{target}', and numtf has no module "
        f"'{missing.name}' ({hint})", name=fullname) from None


def _version():
    numtf = sys.modules.get("numtf")
    return getattr(numtf, "__version__", "?")


class _AliasLoader:
    """Loads an aliased name by handing back numtf's existing module object."""

    def __init__(self, module):
        self.module = module
        self.spec = module.__spec__

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        # The import system stamps the alias spec onto the module it was given; numtf's module
        # keeps its own spec (its real name, file and loader).
        if self.spec is not None:
            module.__spec__ = self.spec


class TensorFlowAliasFinder:
    """A `sys.meta_path` finder resolving the names in `ALIASES` to numtf modules."""

    def find_spec(self, fullname, path=None, target=None):
        real = target_name(fullname)
        if real is None:
            return None
        module = sys.modules.get(real)
        if module is None:
            module = _resolve(fullname, real)
        return importlib.machinery.ModuleSpec(
            fullname, _AliasLoader(module), is_package=hasattr(module, "__path__"))

    def invalidate_caches(self):
        pass


_finder = TensorFlowAliasFinder()


def install():
    """Puts the alias finder first on `sys.meta_path` (idempotent)."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def uninstall():
    """Removes the finder and every `sys.modules` entry it made."""
    while _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    for name in list(sys.modules):
        real = target_name(name)
        if real is not None and sys.modules.get(name) is sys.modules.get(real):
            del sys.modules[name]
