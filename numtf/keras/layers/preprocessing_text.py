"""Hashing, Discretization and TextVectorization, as tf-keras 2.

    >>> layer = tf.keras.layers.TextVectorization()
    >>> layer.adapt(["the cat sat", "the dog"])
    >>> layer(tf.constant(["The cat!", "a dog"])).numpy().tolist()
    [[2, 5], [1, 4]]

numtf has no RaggedTensor: TextVectorization's "int" output without `output_sequence_length` is
padded with 0 to the batch's longest sequence (tf-keras's dense output); `ragged=True` raises.
"""
import re

import numpy as np

from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops import string_ops
from ...ops.convert import convert_to_tensor
from ..engine.base_layer import Layer
from .preprocessing_lookup import StringLookup, data_batches, encode, encode_rule, run

_HASH_MODES = ("int", "one_hot", "multi_hot", "count")
# tf-keras's punctuation class for "strip_punctuation", applied to the UTF-8 bytes
_PUNCTUATION = re.compile(rb'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')


def _as_bytes(v):
    if isinstance(v, bytes):
        return v
    if isinstance(v, (int, np.integer)):  # TF hashes integers by their decimal string
        return str(int(v)).encode()
    return str(v).encode("utf-8")


class Hashing(Layer):
    """Hashes strings (or integers, by their decimal form) into `num_bins` bins with FarmHash
    Fingerprint64, or with keyed SipHash-2-4 when `salt` (an int or two ints) is given; with
    `mask_value`, that value goes to bin 0 and the others to bins 1..num_bins-1.

        >>> tf.keras.layers.Hashing(3)(tf.constant([["A"], ["B"], ["C"]])).numpy().ravel().tolist()
        [1, 0, 1]
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        if num_bins is None or num_bins <= 0:
            raise ValueError(f"The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                             f"Received: num_bins={num_bins}.")
        if output_mode not in _HASH_MODES:
            raise ValueError(f"Unknown `output_mode` value. Expected one of {_HASH_MODES}. "
                             f"Received: output_mode={output_mode}")
        kwargs.setdefault("dtype", "int64" if output_mode == "int" else "float32")
        super().__init__(**kwargs)
        if sparse:
            raise NotImplementedError("numtf has no tf.SparseTensor: Hashing supports sparse=False only.")
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2 and all(isinstance(s, int) for s in salt):
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(f"The `salt` argument for `Hashing` can only be a tuple of size 2 integers, or "
                                 f"a single integer. Received: salt={salt}.")
        self.num_bins, self.mask_value, self.salt = num_bins, mask_value, salt
        self.output_mode, self.sparse = output_mode, sparse

    def _bins(self, values):
        values = np.asarray(values)
        mask = self.mask_value
        bins = self.num_bins - (1 if mask is not None else 0)
        mask_b = None if mask is None else _as_bytes(mask)
        out = np.zeros(values.shape, np.int64)
        for pos, v in np.ndenumerate(values):
            b = _as_bytes(v)
            if mask_b is not None and b == mask_b:
                continue
            h = string_ops.siphash24(self.salt, b) if self.salt else string_ops.fingerprint64(b)
            out[pos] = h % bins + (1 if mask is not None else 0)
        return out

    def call(self, inputs):
        x = convert_to_tensor(inputs)
        if x.dtype.is_floating:
            raise ValueError(f"Hashing accepts string and integer inputs, got {x.dtype.name}")

        def kernel(values):
            idx = self._bins(values)
            return idx if self.output_mode == "int" else encode(idx, self.num_bins, self.output_mode)
        dtype = dtypes.int64 if self.output_mode == "int" else dtypes.float32
        return run(kernel, [x], dtype, self.compute_output_shape(x.shape))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return TensorShape(input_shape)
        return encode_rule(input_shape, self.num_bins, self.output_mode)

    def get_config(self):
        config = super().get_config()
        config.update({"num_bins": self.num_bins, "salt": self.salt, "mask_value": self.mask_value,
                       "output_mode": self.output_mode, "sparse": self.sparse})
        return config


# -- Discretization -------------------------------------------------------------------------------
def _compress(summary, epsilon):
    """Resamples a (values, weights) summary at the quantiles epsilon, 2 epsilon, ..., 1."""
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum = np.cumsum(summary[1])
    cum_pct = cum / cum[-1]
    values = np.interp(percents, cum_pct, summary[0])
    cum_new = np.interp(percents, cum_pct, cum)
    weights = cum_new - np.concatenate(([0.0], cum_new[:-1]))
    return np.stack((values, weights)).astype(np.float32)


def _summarize(values, epsilon):
    values = np.sort(np.asarray(values, np.float32).reshape(-1))
    step_size = int(values.size / (1.0 / epsilon))
    step = max(step_size, 1)
    picked = values[step_size::step]
    return np.stack((picked, np.full(picked.shape, float(step), np.float32)))


class Discretization(Layer):
    """Buckets numbers by `bin_boundaries` (bucket i holds boundaries[i-1] <= x < boundaries[i]), or
    by `num_bins` quantile boundaries learnt with `adapt` (tf-keras's approximate quantiles).

        >>> tf.keras.layers.Discretization([0.0, 1.0])(tf.constant([[-1.0, 0.5, 3.0]])).numpy().tolist()
        [[0, 1, 2]]
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False,
                 **kwargs):
        if output_mode not in _HASH_MODES:
            raise ValueError(f"Unknown `output_mode` value. Expected one of {_HASH_MODES}. "
                             f"Received: output_mode={output_mode}")
        kwargs.setdefault("dtype", "int64" if output_mode == "int" else "float32")
        super().__init__(**kwargs)
        if sparse:
            raise NotImplementedError("numtf has no tf.SparseTensor: Discretization supports sparse=False only.")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(f"Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`")
        self.input_bin_boundaries = bin_boundaries
        self.bin_boundaries = list(bin_boundaries) if bin_boundaries is not None else []
        self.num_bins, self.epsilon = num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse

    def adapt(self, data, batch_size=None, steps=None):
        """Learns `num_bins - 1` quantile boundaries from `data` (array, tensor, list or dataset)."""
        if self.input_bin_boundaries is not None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized with "
                             "`bin_boundaries`, use `num_bins` instead.")
        summary = np.zeros((2, 0), np.float32)
        batches = data_batches(data, steps)
        if not hasattr(data, "as_numpy_iterator"):  # tf-keras adapts arrays in batches (32 by default)
            size = batch_size or 32
            batches = [batches[0][i:i + size] for i in range(0, len(batches[0]), size)]
        for b in batches:
            merged = np.concatenate((summary, _summarize(b, self.epsilon)), axis=1)
            merged = merged[:, np.argsort(merged[0], kind="stable")]
            summary = _compress(merged, self.epsilon)
        self.bin_boundaries = _compress(summary, 1.0 / self.num_bins)[0, :-1].astype(np.float32).tolist()

    def _depth(self):
        return len(self.bin_boundaries) + 1

    def call(self, inputs):
        x = convert_to_tensor(inputs)

        def kernel(values):
            idx = np.searchsorted(np.asarray(self.bin_boundaries, np.float64), np.asarray(values, np.float64),
                                  side="right").astype(np.int64)
            return idx if self.output_mode == "int" else encode(idx, self._depth(), self.output_mode)
        dtype = dtypes.int64 if self.output_mode == "int" else dtypes.float32
        return run(kernel, [x], dtype, self.compute_output_shape(x.shape))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return TensorShape(input_shape)
        return encode_rule(input_shape, self._depth(), self.output_mode)

    def get_config(self):
        config = super().get_config()
        # numtf writes adapted boundaries (with num_bins None) so that saved models keep them
        adapted = self.input_bin_boundaries is None and bool(self.bin_boundaries)
        config.update({"bin_boundaries": list(self.bin_boundaries) if adapted else self.input_bin_boundaries,
                       "num_bins": None if adapted else self.num_bins, "epsilon": self.epsilon,
                       "output_mode": self.output_mode, "sparse": self.sparse})
        return config


# -- TextVectorization ----------------------------------------------------------------------------
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_TEXT_MODES = ("int", "multi_hot", "count", "tf_idf")


def _standardize(s, how):
    if how in ("lower_and_strip_punctuation", "lower"):
        s = s.lower()  # bytes.lower() changes ASCII letters only, as tf.strings.lower does
    if how in ("lower_and_strip_punctuation", "strip_punctuation"):
        s = _PUNCTUATION.sub(b"", s)
    return s


def _ngrams(tokens, widths, separator=b" "):
    out = []
    for n in widths:
        out.extend(separator.join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


class TextVectorization(Layer):
    """Turns strings into token indices ("int") or per-string vectors ("multi_hot", "count",
    "tf_idf"): standardize (lower-case ASCII and strip punctuation by default), split (on
    whitespace by default, "character", None, or a callable applied to each string), optional
    n-grams, then a vocabulary given or learnt by `adapt` ('' is index 0 and '[UNK]' index 1).

        >>> layer = tf.keras.layers.TextVectorization(output_sequence_length=3)
        >>> layer.adapt(["a b b"])
        >>> layer(tf.constant(["b a z"])).numpy().tolist()
        [[2, 3, 1]]
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace",
                 ngrams=None, output_mode="int", output_sequence_length=None, pad_to_max_tokens=False,
                 vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding="utf-8", **kwargs):
        kwargs.pop("vocabulary_size", None)
        kwargs.setdefault("dtype", "string")
        super().__init__(**kwargs)
        if not (standardize is None or callable(standardize) or standardize in _STANDARDIZE):
            raise ValueError(f"`standardize` must be one of {(None,) + _STANDARDIZE} or a callable. "
                             f"Received: standardize={standardize}")
        if not (split is None or callable(split) or split in _SPLIT):
            raise ValueError(f"`split` must be one of {(None,) + _SPLIT} or a callable. Received: split={split}")
        if output_mode not in _TEXT_MODES:
            raise ValueError(f"`output_mode` must be one of {_TEXT_MODES}. Received: output_mode={output_mode}")
        if not (ngrams is None or isinstance(ngrams, int) and ngrams > 0 or
                isinstance(ngrams, tuple) and all(isinstance(n, int) and n > 0 for n in ngrams)):
            raise ValueError(f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams}")
        if output_mode == "int" and not (output_sequence_length is None or
                                         isinstance(output_sequence_length, int) and output_sequence_length > 0):
            raise ValueError(f"`output_sequence_length` must be either None or an integer when `output_mode` "
                             f"is 'int'. Received: output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(f"`output_sequence_length` must not be set if `output_mode` is not 'int'. Received "
                             f"output_sequence_length={output_sequence_length}.")
        if ragged:
            raise NotImplementedError("numtf has no tf.RaggedTensor: TextVectorization supports ragged=False "
                                      "only (int outputs are padded with 0 to the longest sequence).")
        if max_tokens is not None and max_tokens < 1:
            raise ValueError(f"`max_tokens` must be > 1. Received: max_tokens={max_tokens}")
        self.max_tokens, self.standardize, self.split, self.ngrams = max_tokens, standardize, split, ngrams
        self.output_mode, self.output_sequence_length = output_mode, output_sequence_length
        self.pad_to_max_tokens, self.sparse, self.ragged, self.encoding = pad_to_max_tokens, sparse, ragged, encoding
        self._widths = (tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams)
        self._lookup_layer = StringLookup(max_tokens=max_tokens, mask_token="", vocabulary=vocabulary,
                                          idf_weights=idf_weights, output_mode=output_mode,
                                          pad_to_max_tokens=pad_to_max_tokens, name=f"{self.name}_lookup")

    # text processing ----------------------------------------------------------------------------
    def _flat_input(self, values):
        values = np.asarray(values, dtype=object)
        if values.ndim == 2 and values.shape[1] == 1:
            values = values[:, 0]
        return values.reshape(-1) if values.ndim == 0 else values

    def _tokens(self, s):
        """The tokens (bytes) of one standardized string."""
        if self.split is None:
            tokens = [s]
        elif self.split == "whitespace":
            tokens = s.split()
        elif self.split == "character":
            tokens = [c.encode("utf-8") for c in s.decode("utf-8", errors="replace")]
        else:  # a callable, given each string as a scalar tensor
            out = self.split(convert_to_tensor(s, dtypes.string))
            out = out.numpy() if hasattr(out, "numpy") else out
            tokens = [_as_bytes(t) for t in np.asarray(out, dtype=object).ravel()]
        return _ngrams(tokens, self._widths) if self._widths else tokens

    def _documents(self, values):
        values = self._flat_input(values)
        how = self.standardize if isinstance(self.standardize, str) else None
        return [self._tokens(_standardize(_as_bytes(s), how) if how else _as_bytes(s)) for s in values]

    def _prepare(self, x):
        """Checks the input's shape and applies a callable `standardize` (with tf ops)."""
        x = convert_to_tensor(x)
        if x.dtype is not dtypes.string:
            raise ValueError(f"TextVectorization expects string inputs, got {x.dtype.name}")
        rank = x.shape.rank
        if rank is not None and rank > 1 and x.shape[-1] is not None and x.shape[-1] != 1:
            raise ValueError(f"When using `TextVectorization` to tokenize strings, the input rank must be 1 or "
                             f"the last shape dimension must be 1. Received: inputs.shape={x.shape} with "
                             f"rank={rank}")
        if callable(self.standardize):
            x = self.standardize(x)
        return x

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary (and idf weights) from strings: a list, an array, a tensor or a
        dataset of batches; each string is one document."""
        if self._lookup_layer.input_vocabulary is not None:
            raise ValueError("Cannot adapt a TextVectorization layer that was built with a `vocabulary`.")
        docs = []
        for b in data_batches(data, steps):
            b = np.asarray(b, dtype=object)
            if callable(self.standardize):
                b = self._prepare(b.reshape(-1)).numpy()
            docs.extend(self._documents(b))
        self._lookup_layer._learn(docs)

    def _kernel(self, values):
        docs = self._documents(values)
        lookup = self._lookup_layer
        if self.output_mode == "int" and self.split is None:  # one token per string: shape (batch,)
            return lookup.lookup_indices(np.array([d[0] for d in docs], dtype=object).reshape(len(docs)))
        if self.output_mode == "int":
            length = self.output_sequence_length
            if length is None:
                length = max((len(d) for d in docs), default=0)
            out = np.zeros((len(docs), length), np.int64)
            for r, d in enumerate(docs):
                d = d[:length]
                if d:
                    out[r, :len(d)] = lookup.lookup_indices(np.array(d, dtype=object))
            return out
        depth = lookup._depth()
        idf = lookup._idf_full(depth) if self.output_mode == "tf_idf" else None
        out = np.zeros((len(docs), depth), np.float32)
        for r, d in enumerate(docs):
            if d:
                out[r] = encode(lookup.lookup_indices(np.array(d, dtype=object))[None], depth, self.output_mode,
                                idf=idf)[0]
        return out

    def call(self, inputs):
        x = self._prepare(inputs)
        dtype = dtypes.int64 if self.output_mode == "int" else dtypes.float32
        return run(self._kernel, [x], dtype, self.compute_output_shape(x.shape))

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list() if TensorShape(input_shape).rank else [None]
        batch = dims[0]
        if self.output_mode == "int" and self.split is None:
            return TensorShape([batch])
        if self.output_mode == "int":
            return TensorShape([batch, self.output_sequence_length])
        return TensorShape([batch, self._lookup_layer._static_depth()])

    # vocabulary ---------------------------------------------------------------------------------
    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary by index ('' and '[UNK]' first in "int" mode, unless excluded)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)
        self._lookup_layer.input_vocabulary = vocabulary

    def get_config(self):
        config = super().get_config()
        lookup = self._lookup_layer.get_config()
        config.update({"max_tokens": self.max_tokens, "standardize": self.standardize, "split": self.split,
                       "ngrams": self.ngrams, "output_mode": self.output_mode,
                       "output_sequence_length": self.output_sequence_length,
                       "pad_to_max_tokens": self.pad_to_max_tokens, "sparse": self.sparse, "ragged": self.ragged,
                       "vocabulary": lookup["vocabulary"], "idf_weights": lookup["idf_weights"],
                       "encoding": self.encoding, "vocabulary_size": self.vocabulary_size()})
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("ngrams"), list):  # JSON turned the tuple into a list
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)
