"""`tf.keras.datasets.cifar100`: 50,000 + 10,000 32x32 colour images, 100 fine classes grouped in
20 coarse ones. Keras keeps the extracted archive in `<cache>/datasets/cifar-100-python/`
(`train` and `test`, pickles read with a restricted unpickler: see `_safe_pickle`).

    >>> (x_train, y_train), _ = tf.keras.datasets.cifar100.load_data(label_mode='coarse')  # doctest: +SKIP
"""
import os

import numpy as np

from .. import backend
from ..utils.data_utils import get_file
from .cifar import load_batch

__all__ = ["load_data"]

DIRNAME = "cifar-100-python"
ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
FILE_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"  # sha256 of the published archive


def load_data(label_mode="fine", cache_dir=None):
    """((x_train, y_train), (x_test, y_test)): uint8 images (N, 32, 32, 3) and int64 labels (N, 1),
    the 100 fine classes or (`label_mode='coarse'`) the 20 superclasses.

        >>> (x_train, y_train), _ = tf.keras.datasets.cifar100.load_data()  # doctest: +SKIP
    """
    if label_mode not in ["fine", "coarse"]:
        raise ValueError(f'`label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode={label_mode}.')
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    path = get_file(DIRNAME, origin=ORIGIN, untar=True, file_hash=FILE_HASH, cache_dir=cache_dir)
    x_train, y_train = load_batch(os.path.join(path, "train"), label_key=label_mode + "_labels")
    x_test, y_test = load_batch(os.path.join(path, "test"), label_key=label_mode + "_labels")
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if backend.image_data_format() == "channels_last":
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
