"""Dataset.scan and tf.data.experimental.scan. Expectations are TensorFlow 2.21's outputs for the
same pipelines; run with NUMTF_TEST_AGAINST=tensorflow under the TF venv to check them again."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


def values(ds):
    return [np.asarray(x).tolist() if not isinstance(x, dict) else {k: int(v) for k, v in x.items()}
            for x in ds.as_numpy_iterator()]


def test_scan_running_sums_and_structures():
    ds = tf.data.Dataset.from_tensor_slices([1, 2, 3, 4, 5])
    sums = ds.scan(0, lambda s, x: (s + x, s + x))
    assert values(sums) == [1, 3, 6, 10, 15] and sums.element_spec == tf.TensorSpec([], tf.int32)
    both = ds.scan((0, 1), lambda s, x: ((s[0] + x, s[1] * x), {"sum": s[0] + x, "prod": s[1] * x}))
    assert values(both)[-1] == {"sum": 15, "prod": 120}
    prev = tf.data.Dataset.range(4).scan(np.int64(0), lambda s, x: (s + x, tf.cast(s, tf.float32)))
    assert values(prev) == [0.0, 0.0, 1.0, 3.0]
    assert values(ds.apply(tf.data.experimental.scan(10, lambda s, x: (s - x, s)))) == [10, 9, 7, 4, 0]
    # the state's shape may change: it is relaxed, as in reduce
    grow = ds.scan(tf.constant([0]), lambda s, x: (tf.concat([s, [x]], 0), tf.size(s)))
    assert values(grow) == [1, 2, 3, 4, 5]
    assert int(ds.scan(0, lambda s, x: (s, x)).cardinality()) == 5


def test_scan_errors():
    ds = tf.data.Dataset.from_tensor_slices([1, 2, 3])
    with pytest.raises(TypeError):
        ds.scan(0, lambda s, x: s + x)  # not a (state, output) pair
    with pytest.raises(TypeError):
        ds.scan(0, lambda s, x: (tf.cast(s, tf.float32), x))  # the state's dtype changed
