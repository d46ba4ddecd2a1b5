"""`tf.keras`: Keras 2 (tf-keras) semantics on numtf. Submodules load on first use."""
import importlib

from .engine.base_layer import Layer  # noqa: F401
from .engine.training import Model  # noqa: F401
from .engine.sequential import Sequential  # noqa: F401
from .engine.input_layer import Input  # noqa: F401

_SUBMODULES = ("optimizers", "layers", "models", "losses", "metrics", "initializers", "activations",
               "callbacks", "datasets", "utils", "backend", "regularizers", "constraints", "saving", "applications",
               "preprocessing", "mixed_precision")


def __getattr__(name):
    if name in _SUBMODULES:
        mod = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = mod
        return mod
    raise AttributeError(f"module 'numtf.keras' has no attribute {name!r}")
