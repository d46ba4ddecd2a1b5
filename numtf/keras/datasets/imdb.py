"""`tf.keras.datasets.imdb`: 25,000 + 25,000 movie reviews as lists of word indices (by decreasing
frequency), labelled 0 (negative) or 1 (positive). Keras's imdb.npz holds the lists as pickled
object arrays: read here with a restricted unpickler (see `_safe_pickle`), never `np.load(
allow_pickle=True)`.

    >>> (x_train, y_train), _ = tf.keras.datasets.imdb.load_data(num_words=10000)  # doctest: +SKIP
    >>> x_train[0][:3]  # doctest: +SKIP
    [1, 14, 22]
"""
import json
import os

import numpy as np

from ..utils.data_utils import get_file
from . import _sequences
from ._safe_pickle import load_npz

__all__ = ["load_data", "get_word_index"]

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"  # sha256 of imdb.npz
INDEX_HASH = "bfafd718b763782e994055a2d397834f"  # md5 of imdb_word_index.json


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
              index_from=3, cache_dir=None, **kwargs):
    """((x_train, y_train), (x_test, y_test)): object arrays of int lists and the labels.

    Each set is shuffled (`np.random.RandomState(seed)`, training then test), word indices are
    shifted by `index_from` after a `start_char`, sequences of `maxlen` words or more are dropped,
    and words outside [skip_top, num_words) become `oov_char` (dropped when it is None).

        >>> (x_train, y_train), _ = tf.keras.datasets.imdb.load_data(maxlen=100)  # doctest: +SKIP
    """
    num_words = _sequences.check_kwargs(kwargs, num_words, period=True)
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    path = get_file(path, origin=BASE + "imdb.npz", file_hash=FILE_HASH, cache_dir=cache_dir)
    f = load_npz(path)
    x_train, labels_train, x_test, labels_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    x_train = _sequences.shift(x_train, start_char, index_from)
    x_test = _sequences.shift(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = _sequences.remove_long(maxlen, x_train, labels_train)
        x_test, labels_test = _sequences.remove_long(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={str(maxlen)}, no sequence was "
                             "kept. Increase maxlen.")
        labels_train, labels_test = np.array(labels_train), np.array(labels_test)
    xs = _sequences.limit_words(x_train + x_test, num_words, skip_top, oov_char)
    idx = len(x_train)
    x_train, y_train = np.array(xs[:idx], dtype="object"), labels_train
    x_test, y_test = np.array(xs[idx:], dtype="object"), labels_test
    return (x_train, y_train), (x_test, y_test)


def get_word_index(path="imdb_word_index.json"):
    """{word: index} of the imdb vocabulary (indices before `index_from` shifting).

        >>> tf.keras.datasets.imdb.get_word_index()["the"]  # doctest: +SKIP
        1
    """
    path = get_file(path, origin=BASE + "imdb_word_index.json", file_hash=INDEX_HASH)
    with open(path) as f:
        return json.load(f)
