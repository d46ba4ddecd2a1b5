"""`tf.keras.datasets.mnist`: 60,000 + 10,000 handwritten digits, 28x28 uint8 (Keras's mnist.npz).

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()  # doctest: +SKIP
    >>> x_train.shape, y_test.dtype  # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'))
"""
import os

import numpy as np

from ..utils.data_utils import get_file

__all__ = ["load_data"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"  # sha256 of the published file


def load_data(path="mnist.npz", cache_dir=None):
    """((x_train, y_train), (x_test, y_test)) as uint8 arrays, from `<cache>/datasets/<path>`.

        >>> (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()  # doctest: +SKIP
    """
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH, cache_dir=cache_dir)
    # allow_pickle=False: a cache file is data, never code to run.
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
