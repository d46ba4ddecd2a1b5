"""`tf.keras.preprocessing.sequence` (tf-keras 2): `pad_sequences`, `TimeseriesGenerator` (batches
of sliding windows over a series), and the word2vec helpers `make_sampling_table` and `skipgrams`.

    >>> gen = tf.keras.preprocessing.sequence.TimeseriesGenerator(np.arange(10), np.arange(10), length=3,
    ...                                                            batch_size=2)
    >>> x, y = gen[0]
    >>> x.tolist(), y.tolist()
    ([[0, 1, 2], [1, 2, 3]], [3, 4])
"""
import json
import random

import numpy as np

from ..engine.data_adapter import Sequence
from ..utils.sequence_utils import pad_sequences  # noqa: F401

__all__ = ["pad_sequences", "TimeseriesGenerator", "make_sampling_table", "skipgrams"]


class TimeseriesGenerator(Sequence):
    """Batches of (windows of `length` past steps every `sampling_rate`, the target at the step
    after the window), windows starting every `stride` steps between `start_index` and
    `end_index`; `shuffle` draws the rows at random (NumPy's generator), `reverse` flips time."""

    def __init__(self, data, targets, length, sampling_rate=1, stride=1, start_index=0, end_index=None,
                 shuffle=False, reverse=False, batch_size=128):
        if len(data) != len(targets):
            raise ValueError(f"Data and targets have to be of same length. Data length is {len(data)} while target "
                             f"length is {len(targets)}")
        self.data, self.targets = data, targets
        self.length, self.sampling_rate, self.stride = length, sampling_rate, stride
        self.start_index = start_index + length
        self.end_index = len(data) - 1 if end_index is None else end_index
        self.shuffle, self.reverse, self.batch_size = shuffle, reverse, batch_size
        if self.start_index > self.end_index:
            raise ValueError(f"`start_index+length={self.start_index} > end_index={self.end_index}` is disallowed, as "
                             "no part of the sequence would be left to be used as current step.")

    def __len__(self):
        return (self.end_index - self.start_index + self.batch_size * self.stride) // (self.batch_size * self.stride)

    def __getitem__(self, index):
        if self.shuffle:
            rows = np.random.randint(self.start_index, self.end_index + 1, size=self.batch_size)
        else:
            i = self.start_index + self.batch_size * self.stride * index
            rows = np.arange(i, min(i + self.batch_size * self.stride, self.end_index + 1), self.stride)
        samples = np.array([self.data[row - self.length:row:self.sampling_rate] for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        return (samples[:, ::-1, ...], targets) if self.reverse else (samples, targets)

    def get_config(self):
        """The arguments, with data and targets as JSON strings (`start_index` already includes
        `length`, as tf-keras writes it)."""
        def as_json(value, what):
            if type(value).__module__ == np.__name__:
                value = value.tolist()
            try:
                return json.dumps(value)
            except TypeError as e:
                raise TypeError(f"{what} not JSON Serializable:", value) from e
        return {"data": as_json(self.data, "Data"), "targets": as_json(self.targets, "Targets"),
                "length": self.length, "sampling_rate": self.sampling_rate, "stride": self.stride,
                "start_index": self.start_index, "end_index": self.end_index, "shuffle": self.shuffle,
                "reverse": self.reverse, "batch_size": self.batch_size}

    def to_json(self, **kwargs):
        return json.dumps({"class_name": self.__class__.__name__, "config": self.get_config()}, **kwargs)


def make_sampling_table(size, sampling_factor=1e-5):
    """Probability of keeping the word of each frequency rank (word2vec's subsampling, with
    Zipf's law for the frequencies).

        >>> tf.keras.preprocessing.sequence.make_sampling_table(3).round(4).tolist()
        [0.0032, 0.0032, 0.0048]
    """
    gamma = 0.577
    rank = np.arange(size)
    rank[0] = 1
    inv_fq = rank * (np.log(rank) + gamma) + 0.5 - 1.0 / (12.0 * rank)
    f = sampling_factor * inv_fq
    return np.minimum(1.0, f / np.sqrt(f))


def skipgrams(sequence, vocabulary_size, window_size=4, negative_samples=1.0, shuffle=True, categorical=False,
              sampling_table=None, seed=None):
    """(couples, labels): [word, context] pairs within `window_size` labelled 1, plus
    `negative_samples` times as many [word, random word] pairs labelled 0 (index 0 is skipped).
    Randomness comes from Python's `random` module, as in tf-keras.

        >>> couples, labels = tf.keras.preprocessing.sequence.skipgrams([1, 2], 3, negative_samples=0)
        >>> sorted(couples)
        [[1, 2], [2, 1]]
    """
    couples, labels = [], []
    for i, wi in enumerate(sequence):
        if not wi:
            continue
        if sampling_table is not None and sampling_table[wi] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j != i:
                wj = sequence[j]
                if not wj:
                    continue
                couples.append([wi, wj])
                labels.append([0, 1] if categorical else 1)
    if negative_samples > 0:
        n = int(len(labels) * negative_samples)
        words = [c[0] for c in couples]
        random.shuffle(words)
        couples += [[words[i % len(words)], random.randint(1, vocabulary_size - 1)] for i in range(n)]
        labels += ([[1, 0]] if categorical else [0]) * n
    if shuffle:
        if seed is None:
            seed = random.randint(0, 10e6)
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels
