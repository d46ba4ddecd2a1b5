"""`tf.data.experimental`: debug mode, cardinality constants and helpers, option enums.

    >>> tf.data.experimental.enable_debug_mode()  # map functions then run eagerly, per element
"""
from .dataset_ops import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY  # noqa: F401
from .options import (AutoShardPolicy, AutotuneAlgorithm, AutotuneOptions, DistributeOptions,  # noqa: F401
                      ExternalStatePolicy, OptimizationOptions, ThreadingOptions)
from .tracing import set_debug_mode as _set_debug_mode
from .csv import CsvDataset  # noqa: F401
from .csv_make import make_csv_dataset  # noqa: F401

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "AutoShardPolicy", "AutotuneAlgorithm",
           "AutotuneOptions", "DistributeOptions", "ExternalStatePolicy", "OptimizationOptions",
           "ThreadingOptions", "enable_debug_mode", "cardinality", "get_single_element", "scan",
           "choose_from_datasets", "sample_from_datasets", "Counter", "group_by_window", "unique", "ignore_errors",
           "CsvDataset", "make_csv_dataset", "save", "load", "get_structure", "assert_cardinality"]


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


def get_structure(dataset_or_iterator):
    """The element spec (TensorSpecs, SparseTensorSpecs, ... nested like an element) of a dataset
    or iterator.

        >>> tf.data.experimental.get_structure(tf.data.Dataset.range(3))
        TensorSpec(shape=(), dtype=tf.int64, name=None)
    """
    try:
        return dataset_or_iterator.element_spec
    except AttributeError:
        raise TypeError(f"Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a `tf.data.Dataset` or "
                        f"tf.data.Iterator object, but got {type(dataset_or_iterator)}.") from None


def get_single_element(dataset):
    """The only element of `dataset`."""
    return dataset.get_single_element()


def scan(initial_state, scan_func):
    """For `dataset.apply`: `dataset.scan(initial_state, scan_func)`."""
    return lambda dataset: dataset.scan(initial_state, scan_func)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """Deprecated alias of `Dataset.choose_from_datasets` (whose default stops on an empty dataset)."""
    from .dataset_ops import Dataset
    return Dataset.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset)


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """Deprecated alias of `Dataset.sample_from_datasets`."""
    from .dataset_ops import Dataset
    return Dataset.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset)


def Counter(start=0, step=1, dtype=None):  # noqa: N802 - TensorFlow's public name
    """Deprecated alias of `Dataset.counter`."""
    from .dataset_ops import Dataset
    from ..framework import dtypes
    return Dataset.counter(start, step, dtypes.int64 if dtype is None else dtype)


def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    """For `dataset.apply`: `dataset.group_by_window(...)`."""
    return lambda dataset: dataset.group_by_window(key_func, reduce_func, window_size, window_size_func)


def assert_cardinality(expected_cardinality):
    """For `dataset.apply`: the dataset with cardinality `expected_cardinality` (an int, or
    INFINITE_CARDINALITY); iterating it raises FailedPreconditionError when the count differs.

        >>> ds = tf.data.Dataset.range(8).filter(lambda x: x < 5)
        >>> len(ds.apply(tf.data.experimental.assert_cardinality(5)))
        5
    """
    from .windowing import AssertCardinalityDataset
    return lambda dataset: AssertCardinalityDataset(dataset, int(expected_cardinality))


def unique():
    """For `dataset.apply`: `dataset.unique()`."""
    return lambda dataset: dataset.unique()


def ignore_errors(log_warning=False):
    """For `dataset.apply`: `dataset.ignore_errors()`."""
    return lambda dataset: dataset.ignore_errors()


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None):
    """Deprecated alias of `dataset.save(path, ...)`."""
    return dataset.save(path, compression, shard_func, checkpoint_args)


def load(path, element_spec=None, compression=None, reader_func=None):
    """Deprecated alias of `tf.data.Dataset.load(path, ...)`."""
    from .dataset_ops import Dataset
    return Dataset.load(path, element_spec, compression, reader_func)
