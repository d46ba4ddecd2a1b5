"""Generated plans compute 1/0 -> inf as TF does, without NumPy's RuntimeWarnings (numtf filters
them for its modules; the generated code counts as one)."""
import warnings

import numpy as np

import numtf as tf


def _runtime_warnings(fn):
    with warnings.catch_warnings(record=True) as caught:  # (the filters in force, numtf's included)
        result = fn()
    return result, [w for w in caught if issubclass(w.category, RuntimeWarning)]


def test_dataset_map_divides_by_zero_silently():
    ds = tf.data.Dataset.from_tensor_slices([1.0, 0.0]).map(lambda x: 1.0 / x)
    values, caught = _runtime_warnings(lambda: list(ds.as_numpy_iterator()))
    assert values == [1.0, np.inf] and not caught


def test_traced_function_logs_zero_silently():
    f = tf.function(lambda x: tf.math.log(x) / x)
    value, caught = _runtime_warnings(lambda: float(f(tf.constant(0.0))))
    assert value == -np.inf and not caught
