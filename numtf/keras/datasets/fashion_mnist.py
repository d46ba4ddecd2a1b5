"""`tf.keras.datasets.fashion_mnist`: Zalando's 70,000 28x28 uint8 clothing images, 10 classes.

Keras keeps the four gzipped IDX files in `<cache>/datasets/fashion-mnist/`.

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()  # doctest: +SKIP
"""
import gzip
import os

import numpy as np

from ..utils.data_utils import get_file

__all__ = ["load_data"]

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")
_LABEL_MAGIC, _IMAGE_MAGIC = 2049, 2051


def _read_idx(path, magic, offset):
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[:4], "big") if len(data) >= 4 else None
    if found != magic:
        raise ValueError(f"{path} is not an IDX {'label' if magic == _LABEL_MAGIC else 'image'} file "
                         f"(magic number {found}, expected {magic}).")
    return np.frombuffer(data, np.uint8, offset=offset)


def load_data(cache_dir=None):
    """((x_train, y_train), (x_test, y_test)): images (N, 28, 28) and labels (N,), all uint8.

        >>> (x_train, y_train), _ = tf.keras.datasets.fashion_mnist.load_data()  # doctest: +SKIP
    """
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    dirname = os.path.join("datasets", "fashion-mnist")
    paths = [get_file(fname, origin=BASE + fname, cache_dir=cache_dir, cache_subdir=dirname) for fname in FILES]
    y_train = _read_idx(paths[0], _LABEL_MAGIC, 8)
    x_train = _read_idx(paths[1], _IMAGE_MAGIC, 16).reshape(len(y_train), 28, 28)
    y_test = _read_idx(paths[2], _LABEL_MAGIC, 8)
    x_test = _read_idx(paths[3], _IMAGE_MAGIC, 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
