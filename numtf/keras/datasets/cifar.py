"""Reading CIFAR batches (`tf.keras.datasets.cifar10` / `cifar100`): each is a Python pickle of a
dict with bytes keys (b'data': (n, 3072) uint8, b'labels' or b'fine_labels'/b'coarse_labels'),
read with `RestrictedUnpickler`: a cache file can rebuild arrays and lists, never run code.

    >>> data, labels = load_batch('~/.keras/datasets/cifar-10-batches-py/data_batch_1')  # doctest: +SKIP
    >>> data.shape
    (10000, 3, 32, 32)
"""
import os

from ._safe_pickle import load_pickle

__all__ = ["load_batch"]


def load_batch(fpath, label_key="labels"):
    """(data (n, 3, 32, 32) uint8, labels list) of one CIFAR batch file."""
    with open(os.path.expanduser(fpath), "rb") as f:
        d = load_pickle(f, encoding="bytes")  # the published batches were written by Python 2
    if not isinstance(d, dict):
        raise ValueError(f"{fpath} is not a CIFAR batch (a pickled dict); found {type(d).__name__}.")
    d = {(k.decode("utf8") if isinstance(k, bytes) else k): v for k, v in d.items()}
    data = d["data"]
    labels = d[label_key]
    return data.reshape(data.shape[0], 3, 32, 32), labels
