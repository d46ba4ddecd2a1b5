"""`tf.keras.preprocessing`: re-exports only (`sequence`, `text`; `image` loads on first use)."""
import importlib

from . import sequence, text  # noqa: F401


def __getattr__(name):
    if name == "image":
        mod = importlib.import_module(f"{__name__}.image")
        globals()[name] = mod
        return mod
    if name in ("image_dataset_from_directory", "text_dataset_from_directory", "timeseries_dataset_from_array"):
        from ..utils import dataset_utils
        return getattr(dataset_utils, name)
    raise AttributeError(f"module 'numtf.keras.preprocessing' has no attribute {name!r}")
