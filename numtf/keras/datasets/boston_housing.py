"""`tf.keras.datasets.boston_housing`: 506 Boston suburbs (1970s), 13 features each, and the median
home value (in k$) as target.

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.boston_housing.load_data()  # doctest: +SKIP
    >>> x_train.shape, x_test.shape  # doctest: +SKIP
    ((404, 13), (102, 13))
"""
import os

import numpy as np

from ..utils.data_utils import get_file

__all__ = ["load_data"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"  # sha256 of the published file


def load_data(path="boston_housing.npz", test_split=0.2, seed=113, cache_dir=None):
    """((x_train, y_train), (x_test, y_test)) float64: the samples shuffled with
    `np.random.RandomState(seed)`, the first `int(n * (1 - test_split))` for training.

        >>> (x_train, y_train), _ = tf.keras.datasets.boston_housing.load_data(test_split=0.1)  # doctest: +SKIP
    """
    if not 0 <= test_split < 1:  # tf-keras asserts it
        raise AssertionError(f"test_split must be in [0, 1): received {test_split}.")
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH, cache_dir=cache_dir)
    with np.load(path, allow_pickle=False) as f:  # plain float arrays: no pickle needed
        x, y = f["x"], f["y"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))
