"""`tf.compat`: `v1` (the TensorFlow 1.x API, with graph mode and Sessions) and `v2` (numtf itself),
plus TF's byte/text helpers (re-exports only; `v1` and `v2` load on first use).

    >>> import numtf.compat.v1 as tf
"""
from ._text import as_bytes, as_text, as_str, as_str_any, path_to_str, dimension_value  # noqa: F401


def __getattr__(name):
    if name in ("v1", "v2"):  # imported on first use, so that `import numtf` stays fast
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'numtf.compat' has no attribute {name!r}")
