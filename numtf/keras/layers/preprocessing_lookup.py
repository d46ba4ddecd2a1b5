"""Lookup preprocessing layers: StringLookup, IntegerLookup, CategoryEncoding, as tf-keras 2.

    >>> layer = tf.keras.layers.StringLookup(vocabulary=["a", "b"])
    >>> layer(tf.constant([["a", "z", "b"]])).numpy().tolist()
    [[1, 0, 2]]

The work is done by NumPy kernels run through `numpy_function`, so the layers run eagerly, in
functional models, in `tf.function` and in `Dataset.map`; the kernels read the vocabulary when they
run, so a model built before `adapt` sees the adapted vocabulary. A learnt vocabulary (and its
idf weights) is written into `get_config()` (tf-keras keeps it in the `.keras` file's assets, which
numtf's archives do not have), so saved models load with it.
"""
import collections

import numpy as np

from ...framework import dtypes
from ...framework.context import ctx
from ...framework.errors import InvalidArgumentError
from ...framework.tensor_shape import TensorShape
from ...ops import string_ops
from ...ops.convert import convert_to_tensor
from ...ops.script_ops import numpy_function
from ..engine.base_layer import Layer

_LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


# -- shared encoding ------------------------------------------------------------------------------
def encode_rule(shape, depth, mode):
    """The static output shape of encoding indices of `shape` into `depth` bins (tf-keras's rules:
    one_hot adds an axis unless the last one is 1; counts are taken along the last axis; outputs
    above rank 2 are refused)."""
    dims = TensorShape(shape).as_list() if TensorShape(shape).rank is not None else None
    if dims is None:
        return TensorShape(None)
    if not dims:
        dims = [1]
    if mode == "one_hot" and dims[-1] != 1:
        dims = dims + [1]
    if len(dims) > 2:
        raise ValueError("When output_mode is not `'int'`, maximum supported output rank is 2. "
                         f"Received output_mode {mode} and input shape {TensorShape(shape)}, which would "
                         f"result in output rank {len(dims)}.")
    return TensorShape(dims[:-1] + [depth])


def encode(idx, depth, mode, weights=None, idf=None):
    """NumPy: bin counts (or presence) of the int array `idx` along its last axis; entries < 0
    (dropped mask tokens) count nowhere. `weights` weight each entry (count mode), `idf` each bin."""
    idx = np.asarray(idx)
    if idx.ndim == 0:
        idx = idx[None]
    if mode == "one_hot" and idx.shape[-1] != 1:
        idx = idx[..., None]
        weights = None if weights is None else np.asarray(weights)[..., None]
    rows = idx.reshape(-1, idx.shape[-1]) if idx.ndim == 2 else idx.reshape(1, -1)
    out = np.zeros((rows.shape[0], depth), np.float32)
    r, c = np.nonzero(rows >= 0)
    cols = rows[r, c].astype(np.int64)
    if mode in ("count", "tf_idf"):
        w = np.ones(len(cols), np.float32) if weights is None else \
            np.asarray(weights, np.float32).reshape(rows.shape)[r, c]
        np.add.at(out, (r, cols), w)
    else:
        out[r, cols] = 1.0
    if idf is not None:
        out *= np.asarray(idf, np.float32)
    return out if idx.ndim == 2 else out[0]


def run(kernel, inputs, dtype, shape):
    """`kernel` over the input tensors as an op, with the static `shape` set while tracing."""
    out = numpy_function(kernel, inputs, dtype, stateful=False)
    if ctx.graph is not None and shape is not None:
        out.set_shape(shape)
    return out


def data_batches(data, steps=None):
    """adapt's data (a list, an array, a tensor, or a dataset of batches) as a list of NumPy batches."""
    if hasattr(data, "as_numpy_iterator"):
        out = []
        for i, b in enumerate(data):
            if steps is not None and i >= steps:
                break
            out.append(b.numpy() if hasattr(b, "numpy") else np.asarray(b))
        return out
    if hasattr(data, "numpy"):
        return [data.numpy()]
    arr = np.asarray(data, dtype=object if _has_text(data) else None)
    return [arr]


def _has_text(data):
    if isinstance(data, (str, bytes)):
        return True
    if isinstance(data, (list, tuple)):
        return any(_has_text(d) for d in data[:1])
    return isinstance(data, np.ndarray) and data.dtype.kind in "SUO"


def _listify(v):
    if v is None or isinstance(v, str):
        return v
    if hasattr(v, "numpy"):
        v = v.numpy()
    return [_listify(x) if isinstance(x, (list, tuple, np.ndarray)) else _py(x) for x in v]


def _py(x):
    if isinstance(x, bytes):
        return x.decode("utf-8")
    return x.item() if isinstance(x, np.generic) else x


# -- the index lookup -----------------------------------------------------------------------------
class _IndexLookup(Layer):
    """Maps tokens to indices: [mask (int mode)] + [OOV] * num_oov_indices + vocabulary."""

    _strings = True

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, **kwargs):
        kwargs.pop("vocabulary_size", None)
        kwargs.pop("vocabulary_dtype", None)
        kwargs.pop("encoding", None)
        if output_mode not in _LOOKUP_MODES:
            raise ValueError(f"Unknown `output_mode` value. Expected one of {_LOOKUP_MODES}. "
                             f"Received: output_mode={output_mode}")
        kwargs.setdefault("dtype", "int64" if output_mode == "int" else "float32")
        super().__init__(**kwargs)
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError("If pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens=None")
        if num_oov_indices < 0:
            raise ValueError(f"`num_oov_indices` must be greater than or equal to 0. "
                             f"Received: num_oov_indices={num_oov_indices}")
        if invert and output_mode != "int":
            raise ValueError(f"`output_mode` must be `'int'` when `invert` is true. Received: "
                             f"output_mode={output_mode}")
        if sparse:
            raise NotImplementedError("numtf has no tf.SparseTensor: lookup layers support sparse=False only.")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
                             f"idf_weights={idf_weights} and output_mode={output_mode}")
        self.max_tokens, self.num_oov_indices = max_tokens, num_oov_indices
        self.mask_token, self.oov_token = mask_token, oov_token
        self.invert, self.output_mode, self.sparse = invert, output_mode, sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.input_vocabulary, self.input_idf_weights = vocabulary, idf_weights
        self._tokens, self._idf, self._adapted = [], None, False
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # vocabulary ---------------------------------------------------------------------------------
    def _token(self, t):
        """A token as stored: str for StringLookup, int for IntegerLookup."""
        if self._strings:
            return t.decode("utf-8") if isinstance(t, bytes) else str(t)
        return int(t)

    def _special(self):
        mask = [self.mask_token] if self.mask_token is not None and self.output_mode == "int" else []
        return mask + [self.oov_token] * self.num_oov_indices

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (a list, an array, or a file with one token per line) and, for
        tf_idf, its idf weights."""
        if isinstance(vocabulary, str):
            with open(vocabulary, encoding="utf-8") as f:
                vocabulary = [line.rstrip("\n").rstrip("\r") for line in f]
            vocabulary = vocabulary[:-1] if vocabulary and vocabulary[-1] == "" else vocabulary
        tokens = [self._token(t) for t in (vocabulary.numpy() if hasattr(vocabulary, "numpy") else vocabulary)]
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        repeated = [t for t, n in collections.Counter(tokens).items() if n > 1]
        if repeated:
            raise ValueError(f"The passed vocabulary has at least one repeated term. Please uniquify your "
                             f"dataset. The repeated terms are {repeated}")
        special = self._special()
        if tokens[:len(special)] == special and special:  # a vocabulary from get_vocabulary()
            tokens = tokens[len(special):]
        if self.mask_token is not None and self.mask_token in tokens:
            raise ValueError(f"Found reserved mask token at unexpected location in `vocabulary`. "
                             f"Received: mask_token={self.mask_token}")
        if self.max_tokens is not None and len(tokens) + len(special) > self.max_tokens:
            raise ValueError(f"Attempted to set a vocabulary larger than the maximum vocab size. Received "
                             f"vocabulary size is {len(tokens) + len(special)}; `max_tokens` is {self.max_tokens}.")
        self._tokens = tokens
        self._idf = None if idf_weights is None else np.asarray(_listify(idf_weights), np.float32)
        if self._idf is not None and len(self._idf) != len(tokens):
            raise ValueError(f"`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                             f"{len(self._idf)}; len(vocabulary) is {len(tokens)}")

    def get_vocabulary(self, include_special_tokens=True):
        """The tokens by index (with the mask and OOV tokens unless include_special_tokens=False)."""
        return (self._special() if include_special_tokens else []) + list(self._tokens)

    def vocabulary_size(self):
        """The number of indices the layer maps to (special tokens included)."""
        return len(self._special()) + len(self._tokens)

    def _depth(self):
        return self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()

    def _learn(self, docs):
        """Sets the vocabulary from `docs` (lists of tokens): by frequency, ties by token descending."""
        counts, doc_freq, n_docs = collections.Counter(), collections.Counter(), 0
        for doc in docs:
            doc = [self._token(t) for t in doc]
            counts.update(doc)
            doc_freq.update(set(doc))
            n_docs += 1
        for special in (self.mask_token, self.oov_token):
            counts.pop(special, None)
        key = (lambda t: t.encode("utf-8")) if self._strings else (lambda t: t)
        ranked = sorted(counts, key=lambda t: (counts[t], key(t)), reverse=True)
        if self.max_tokens is not None:
            ranked = ranked[:max(self.max_tokens - len(self._special()), 0)]
        self._tokens = ranked
        self._idf = (np.log1p(n_docs / (1.0 + np.array([doc_freq[t] for t in ranked], np.float64)))
                     .astype(np.float32) if self.output_mode == "tf_idf" else None)
        self._adapted = True

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary (and idf weights) from `data`: a list, an array, a tensor or a
        batched dataset. Each row of 2-D data is one document; each element of 1-D data is one."""
        if self.input_vocabulary is not None:
            raise ValueError("Cannot adapt a lookup layer that was built with a `vocabulary`.")
        docs = []
        for b in data_batches(data, steps):
            b = np.asarray(b, dtype=object)
            b = b.reshape(-1, 1) if b.ndim <= 1 else b.reshape(b.shape[0], -1)
            docs.extend(list(row) for row in b)
        self._learn(docs)

    # lookup -------------------------------------------------------------------------------------
    def _idf_full(self, depth):
        idf = np.zeros(depth, np.float32)
        base = np.asarray(self._idf if self._idf is not None else [], np.float32)
        start = len(self._special())
        idf[:self.num_oov_indices] = base.mean() if base.size else 0.0
        idf[start:start + base.size] = base
        return idf

    def _oov_hash(self, token, raw):
        if self._strings:
            return string_ops.fingerprint64(raw if isinstance(raw, bytes) else str(raw).encode())
        return int(token)

    def lookup_indices(self, values):
        """NumPy: the index of each token of `values` (-1 for a dropped mask token)."""
        values = np.asarray(values, dtype=object)
        special = self._special()
        index = {t: i + len(special) for i, t in enumerate(self._tokens)}
        mask_in_vocab = self.mask_token is not None and self.output_mode == "int"
        oov_start = 1 if mask_in_vocab else 0
        n_oov = self.num_oov_indices

        def one(raw):
            t = self._token(raw)
            i = index.get(t)
            if i is not None:
                return i
            if self.mask_token is not None and t == self.mask_token:
                return 0 if mask_in_vocab else -1
            if n_oov == 0:
                raise InvalidArgumentError(None, "LookupTableFindV2", f"Encountered an out-of-vocabulary "
                                           f"token {t!r} with num_oov_indices=0")
            return oov_start + (self._oov_hash(t, raw) % n_oov if n_oov > 1 else 0)
        return np.fromiter((one(v) for v in values.ravel()), np.int64, values.size).reshape(values.shape)

    def _invert(self, values):
        vocab = self.get_vocabulary()
        mask_in_vocab = self.mask_token is not None
        special = len(self._special())
        out = np.empty(values.shape, object if self._strings else np.int64)
        for pos, i in np.ndenumerate(values):
            i = int(i)
            if mask_in_vocab and i == 0:
                tok = self.mask_token
            elif special <= i < len(vocab):
                tok = vocab[i]
            else:
                tok = self.oov_token
            out[pos] = tok.encode("utf-8") if self._strings else tok
        return out

    def _kernel(self, values):
        values = np.asarray(values)
        if self.invert:
            return self._invert(values)
        idx = self.lookup_indices(values)
        if self.output_mode == "int":
            return idx
        depth = self._depth()
        return encode(idx, depth, self.output_mode,
                      idf=self._idf_full(depth) if self.output_mode == "tf_idf" else None)

    def _out_dtype(self):
        if self.invert:
            return dtypes.string if self._strings else dtypes.int64
        return dtypes.int64 if self.output_mode == "int" else dtypes.float32

    def _convert(self, inputs):
        x = convert_to_tensor(inputs)
        if self._strings and not self.invert and x.dtype is not dtypes.string:
            raise ValueError(f"StringLookup expects string inputs, got {x.dtype.name}")
        return x

    def call(self, inputs):
        x = self._convert(inputs)
        return run(self._kernel, [x], self._out_dtype(), self.compute_output_shape(x.shape))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return TensorShape(input_shape)
        return encode_rule(input_shape, self._static_depth(), self.output_mode)

    def _static_depth(self):
        """The encoded width when already known (a vocabulary is set, or padding to max_tokens)."""
        return self._depth() if self.pad_to_max_tokens or self._tokens else None

    def get_config(self):
        config = super().get_config()
        adapted = self._adapted or (self.input_vocabulary is None and self._tokens)
        vocabulary = self.input_vocabulary
        if adapted:  # numtf keeps a learnt vocabulary in the config (see the module docstring)
            vocabulary = list(self._tokens)
        elif vocabulary is not None and not isinstance(vocabulary, str):
            vocabulary = _listify(vocabulary)
        idf = _listify(self._idf) if adapted and self._idf is not None else _listify(self.input_idf_weights)
        config.update({"invert": self.invert, "max_tokens": self.max_tokens,
                       "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                       "mask_token": self.mask_token, "output_mode": self.output_mode, "sparse": self.sparse,
                       "pad_to_max_tokens": self.pad_to_max_tokens, "idf_weights": idf,
                       "vocabulary": vocabulary, "vocabulary_size": self.vocabulary_size()})
        return config


class StringLookup(_IndexLookup):
    """Maps strings to integer indices (or, `invert=True`, indices to strings) with a vocabulary
    given (a list or a file) or learnt by `adapt` (most frequent first); output_mode "int",
    "one_hot", "multi_hot", "count" or "tf_idf".

        >>> layer = tf.keras.layers.StringLookup()
        >>> layer.adapt(["b", "a", "b"])
        >>> layer.get_vocabulary(), layer(tf.constant(["a", "b", "x"])).numpy().tolist()
        (['[UNK]', 'b', 'a'], [2, 1, 0])
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
                 idf_weights=None, encoding="utf-8", invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, **kwargs):
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse, pad_to_max_tokens=pad_to_max_tokens, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["encoding"] = self.encoding
        return config


class IntegerLookup(_IndexLookup):
    """Maps integers to contiguous indices (or back, `invert=True`); OOV values hash to one of
    `num_oov_indices` buckets by `value mod num_oov_indices`, as in tf-keras.

        >>> layer = tf.keras.layers.IntegerLookup(vocabulary=[12, 36])
        >>> layer(tf.constant([12, 36, 7])).numpy().tolist()
        [1, 2, 0]
    """

    _strings = False

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                 vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, **kwargs):
        if vocabulary_dtype != "int64":
            raise ValueError(f"numtf's IntegerLookup supports vocabulary_dtype='int64' only; "
                             f"received {vocabulary_dtype}")
        self.vocabulary_dtype = vocabulary_dtype
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse, pad_to_max_tokens=pad_to_max_tokens, **kwargs)

    def _convert(self, inputs):
        x = convert_to_tensor(inputs)
        if x.dtype is dtypes.string:
            raise ValueError("IntegerLookup expects integer inputs, got string")
        return x

    def get_config(self):
        config = super().get_config()
        config["vocabulary_dtype"] = self.vocabulary_dtype
        return config


class CategoryEncoding(Layer):
    """Encodes integer indices in [0, num_tokens) as one-hot, multi-hot or count vectors
    (`count_weights` weight each entry in count mode).

        >>> tf.keras.layers.CategoryEncoding(3, output_mode="count")(tf.constant([[0, 2, 2]])).numpy().tolist()
        [[1.0, 0.0, 2.0]]
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        kwargs.setdefault("dtype", "float32")
        super().__init__(**kwargs)
        if output_mode == "binary":  # tf-keras's old name
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of tokens is not known "
                             "beforehand, use the IntegerLookup layer instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise NotImplementedError("numtf has no tf.SparseTensor: CategoryEncoding supports sparse=False only.")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse

    def call(self, inputs, count_weights=None):
        x = convert_to_tensor(inputs)
        if count_weights is not None and self.output_mode != "count":
            raise ValueError(f"`count_weights` is not used when `output_mode` is not `'count'`. Received "
                             f"`count_weights={count_weights}`.")
        shape = self.compute_output_shape(x.shape)
        n = self.num_tokens

        def kernel(values, *weights):
            values = np.asarray(values)
            if values.size and (values.max() >= n or values.min() < 0):
                raise InvalidArgumentError(None, "CategoryEncoding", f"Input values must be in the range "
                                           f"0 <= values < num_tokens with num_tokens={n}")
            return encode(values.astype(np.int64), n, self.output_mode, weights=weights[0] if weights else None)
        args = [x] + ([convert_to_tensor(count_weights)] if count_weights is not None else [])
        return run(kernel, args, dtypes.float32, shape)

    def compute_output_shape(self, input_shape):
        return encode_rule(input_shape, self.num_tokens, self.output_mode)

    def get_config(self):
        config = super().get_config()
        config.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode, "sparse": self.sparse})
        return config
