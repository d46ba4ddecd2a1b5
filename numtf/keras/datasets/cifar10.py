"""`tf.keras.datasets.cifar10`: 50,000 + 10,000 32x32 colour images in 10 classes.

Keras keeps the extracted archive in `<cache>/datasets/cifar-10-batches-py/` (five training batches
and `test_batch`, pickles read with a restricted unpickler: see `_safe_pickle`).

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()  # doctest: +SKIP
    >>> x_train.shape, y_train.shape  # doctest: +SKIP
    ((50000, 32, 32, 3), (50000, 1))
"""
import os

import numpy as np

from .. import backend
from ..utils.data_utils import get_file
from .cifar import load_batch

__all__ = ["load_data"]

DIRNAME = "cifar-10-batches-py"
ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"  # sha256 of the published archive


def load_data(cache_dir=None):
    """((x_train, y_train), (x_test, y_test)): uint8 images (N, 32, 32, 3) (channels_last; (N, 3,
    32, 32) with 'channels_first') and uint8 labels (N, 1), in the batches' order.

        >>> (x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()  # doctest: +SKIP
    """
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    path = get_file(DIRNAME, origin=ORIGIN, untar=True, file_hash=FILE_HASH, cache_dir=cache_dir)
    parts = [load_batch(os.path.join(path, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([data for data, _ in parts]).astype("uint8")
    y_train = np.concatenate([np.asarray(labels) for _, labels in parts]).astype("uint8")
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if backend.image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test.astype(x_train.dtype), y_test.astype(y_train.dtype))
