"""`tf.data.experimental`: debug mode, cardinality constants and helpers, option enums.

    >>> tf.data.experimental.enable_debug_mode()  # map functions then run eagerly, per element
"""
from .dataset_ops import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY  # noqa: F401
from .options import (AutoShardPolicy, AutotuneAlgorithm, AutotuneOptions, DistributeOptions,  # noqa: F401
                      ExternalStatePolicy, OptimizationOptions, ThreadingOptions)
from .tracing import set_debug_mode as _set_debug_mode

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "AutoShardPolicy", "AutotuneAlgorithm",
           "AutotuneOptions", "DistributeOptions", "ExternalStatePolicy", "OptimizationOptions",
           "ThreadingOptions", "enable_debug_mode", "cardinality", "get_single_element", "scan"]


def enable_debug_mode():
    """Runs the functions of tf.data transformations created afterwards eagerly, element by element
    (they are still traced once for the element spec, as in TF), so `.numpy()`, `print` and
    breakpoints work inside them. Slow: for debugging only.

        >>> tf.data.experimental.enable_debug_mode()
    """
    _set_debug_mode(True)


def cardinality(dataset):
    """`dataset.cardinality()` (an int64 scalar; -1 infinite, -2 unknown)."""
    return dataset.cardinality()


def get_single_element(dataset):
    """The only element of `dataset`."""
    return dataset.get_single_element()


def scan(initial_state, scan_func):
    """For `dataset.apply`: `dataset.scan(initial_state, scan_func)`."""
    return lambda dataset: dataset.scan(initial_state, scan_func)
