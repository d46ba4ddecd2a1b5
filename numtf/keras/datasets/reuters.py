"""`tf.keras.datasets.reuters`: 11,228 Reuters newswires as lists of word indices, labelled with one
of 46 topics (`get_label_names()`). Keras's reuters.npz holds the lists as a pickled object array:
read here with a restricted unpickler (see `_safe_pickle`).

    >>> (x_train, y_train), _ = tf.keras.datasets.reuters.load_data(num_words=10000)  # doctest: +SKIP
"""
import json
import os

import numpy as np

from ..utils.data_utils import get_file
from . import _sequences
from ._safe_pickle import load_npz

__all__ = ["load_data", "get_word_index", "get_label_names"]

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"  # sha256 of reuters.npz
INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"  # md5 of reuters_word_index.json
LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar",
    "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
    "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog",
    "lead")


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
              start_char=1, oov_char=2, index_from=3, cache_dir=None, **kwargs):
    """((x_train, y_train), (x_test, y_test)): object arrays of int lists and int labels.

    The newswires are shuffled (`np.random.RandomState(seed)`), shifted and filtered as imdb's
    (`start_char`, `index_from`, `maxlen`, `num_words`, `skip_top`, `oov_char`), then the first
    `int(n * (1 - test_split))` are the training set.

        >>> (x_train, y_train), _ = tf.keras.datasets.reuters.load_data(test_split=0.1)  # doctest: +SKIP
    """
    num_words = _sequences.check_kwargs(kwargs, num_words, period=False)
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    path = get_file(path, origin=BASE + "reuters.npz", file_hash=FILE_HASH, cache_dir=cache_dir)
    f = load_npz(path)
    xs, labels = f["x"], f["y"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(xs))
    rng.shuffle(indices)
    xs, labels = xs[indices], labels[indices]
    xs = _sequences.shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = _sequences.remove_long(maxlen, xs, labels)
        if not xs:
            raise ValueError(f"After filtering for sequences shorter than maxlen={str(maxlen)}, no sequence was "
                             "kept. Increase maxlen.")
    xs = _sequences.limit_words(xs, num_words, skip_top, oov_char)
    idx = int(len(xs) * (1 - test_split))
    x_train, y_train = np.array(xs[:idx], dtype="object"), np.array(labels[:idx])
    x_test, y_test = np.array(xs[idx:], dtype="object"), np.array(labels[idx:])
    return (x_train, y_train), (x_test, y_test)


def get_word_index(path="reuters_word_index.json"):
    """{word: index} of the Reuters vocabulary (indices before `index_from` shifting)."""
    path = get_file(path, origin=BASE + "reuters_word_index.json", file_hash=INDEX_HASH)
    with open(path) as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, in label order.

        >>> tf.keras.datasets.reuters.get_label_names()[:3]
        ('cocoa', 'grain', 'veg-oil')
    """
    return LABEL_NAMES
