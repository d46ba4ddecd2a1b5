"""Candidate sampling (tf.random.*_candidate_sampler, also under tf.nn),
tf.nn.compute_accidental_hits, and the sampled losses tf.nn.nce_loss and
tf.nn.sampled_softmax_loss.

A sampler returns (sampled_candidates [num_sampled] int64, true_expected_count
[batch, num_true] float32, sampled_expected_count [num_sampled] float32). The expected count of
a class with probability p is p * num_sampled; with `unique=True` the candidates are drawn
until num_sampled distinct ones are found (after `num_tries` draws) and the expected count is
1 - (1 - p) ** num_tries (p * num_sampled when no draw repeated), as TF's. Random streams are numtf's, not TF's: the contract is the
distribution. learned_unigram_candidate_sampler starts uniform and counts the true classes it
is given after each draw; its counts live in the op (one per traced graph node; a new one per
eager call, where it is therefore uniform).

    >>> s, t, e = tf.random.uniform_candidate_sampler([[1]], 1, 3, True, 10, seed=1)
    >>> s.shape, len(set(s.numpy().tolist()))
    (TensorShape([3]), 3)
"""
import numpy as np

from ..framework import dtypes, random_seed
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _dims_text, reshape
from .convert import convert_to_tensor
from .registry import primitive, no_gradient, execute
from . import math_ops as M
from .join_ops import concat
from .gather_ops import scatter_nd
from .matmul_ops import matmul
from .nn_ops import embedding_lookup
from .nn_losses import sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits
from .reduction_ops import reduce_sum
from .stack_ops import cast, stack
from .creation_ops import ones_like, zeros_like
from ..autodiff.custom_gradient import stop_gradient

__all__ = []  # exported by numtf/random.py and numtf/nn.py

_NO_GRAD = "candidate sampling is not differentiable"


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


class _Unigram:
    """The learned unigram counts of one sampler op (weights start at 1 per class)."""
    __slots__ = ("weights",)

    def __init__(self, range_max):
        self.weights = np.ones(range_max, np.float64)


def _probabilities(kind, range_max, params):
    if kind == "uniform":
        return np.full(range_max, 1.0 / range_max)
    if kind == "log_uniform":
        k = np.arange(range_max, dtype=np.float64)
        return np.log((k + 2) / (k + 1)) / np.log(range_max + 1.0)
    if kind == "learned":
        w = params["state"].weights
        return w / w.sum()
    if kind == "fixed":
        w = params["weights"]
        return w / w.sum()
    raise ValueError(kind)


def _draw(gen, kind, probs, n):
    if kind == "uniform":
        return gen.integers(0, probs.size, n)
    if kind == "log_uniform":
        # Inverse CDF of P(k) = log((k + 2) / (k + 1)) / log(range_max + 1).
        v = np.floor(np.exp(gen.random(n) * np.log(probs.size + 1.0))).astype(np.int64) - 1
        return v % probs.size
    return gen.choice(probs.size, size=n, p=probs)


def _sampler_kernel(true_classes, kind, num_true, num_sampled, unique, range_max, rng, params):
    op = {"uniform": "UniformCandidateSampler", "log_uniform": "LogUniformCandidateSampler",
          "fixed": "FixedUnigramCandidateSampler", "learned": "LearnedUnigramCandidateSampler"}[kind]
    if true_classes.ndim != 2:
        raise _err(op, f"true_classes must be a matrix, got shape {_dims_text(true_classes.shape)}")
    if true_classes.shape[1] != num_true:
        raise _err(op, f"true_classes must have num_true columns, expected: {num_true} was: {true_classes.shape[1]}")
    probs = _probabilities(kind, range_max, params)
    gen = random_seed.generator_of(rng)
    if unique:
        if num_sampled > np.count_nonzero(probs):
            raise _err(op, f"Sampler's range is too small: cannot draw {num_sampled} distinct candidates from "
                           f"{np.count_nonzero(probs)} classes")
        seen, order, tries = set(), [], 0
        while len(order) < num_sampled:
            for v in _draw(gen, kind, probs, max(num_sampled - len(order), 1) * 2):
                tries += 1
                if int(v) not in seen:
                    seen.add(int(v))
                    order.append(int(v))
                    if len(order) == num_sampled:
                        break
        sampled = np.array(order, np.int64)

        def expected(p):
            if tries == num_sampled:  # no repeats were drawn: TF's helper then gives p * num_sampled
                return p * num_sampled
            return -np.expm1(tries * np.log1p(-np.minimum(p, 1.0)))
    else:
        sampled = _draw(gen, kind, probs, num_sampled).astype(np.int64)

        def expected(p):
            return p * num_sampled
    tc = true_classes.astype(np.int64)
    p_true = np.where((tc >= 0) & (tc < range_max), probs[np.clip(tc, 0, range_max - 1)], 0.0)
    out = (sampled, expected(p_true).astype(np.float32), expected(probs[sampled]).astype(np.float32))
    if kind == "learned":  # learn from this batch's true classes after drawing, as TF's sampler
        np.add.at(params["state"].weights, tc[(tc >= 0) & (tc < range_max)], 1.0)
    return out


def _sampler_infer(ins, attrs):
    b = ins[0].shape[0] if ins[0].shape.rank == 2 else None
    n, k = attrs["num_sampled"], attrs["num_true"]
    return [(TensorShape([n]), dtypes.int64), (TensorShape([b, k]), dtypes.float32),
            (TensorShape([n]), dtypes.float32)]


SAMPLER = primitive("CandidateSampler", _sampler_kernel, _sampler_infer, num_outputs=3, stateful=True)
no_gradient(SAMPLER, _NO_GRAD)


def _true_classes(true_classes):
    t = true_classes if isinstance(true_classes, Tensor) else convert_to_tensor(true_classes, dtypes.int64)
    if t.dtype is not dtypes.int64:
        raise TypeError(f"Value passed to parameter 'true_classes' has DataType {t.dtype.name} not in list of "
                        "allowed values: int64")
    return t


def _sample(kind, true_classes, num_true, num_sampled, unique, range_max, seed, params=None):
    t = _true_classes(true_classes)
    for what, v, lo in (("num_true", num_true, 1), ("num_sampled", num_sampled, 1), ("range_max", range_max, 1)):
        if int(v) < lo:
            raise ValueError(f"Value for attr '{what}' of {int(v)} must be at least minimum {lo}")
    attrs = {"kind": kind, "num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "range_max": int(range_max), "rng": random_seed.stream_for(seed, type(t) is not Tensor),
             "params": params or {}}
    return tuple(execute(SAMPLER, (t,), attrs))


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """Samples `num_sampled` classes uniformly from [0, range_max).

        >>> tf.random.uniform_candidate_sampler([[0, 1]], 2, 4, False, 5)[1].numpy().tolist()
        [[0.800000011920929, 0.800000011920929]]
    """
    return _sample("uniform", true_classes, num_true, num_sampled, unique, range_max, seed)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """Samples classes from the Zipfian P(k) = log((k + 2) / (k + 1)) / log(range_max + 1)
    (for vocabularies sorted by decreasing frequency).

        >>> tf.random.log_uniform_candidate_sampler([[0]], 1, 2, False, 3)[0].shape
        TensorShape([2])
    """
    return _sample("log_uniform", true_classes, num_true, num_sampled, unique, range_max, seed)


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None,
                                      name=None):
    """Samples classes by the unigram counts of the true classes this op has seen (see the
    module docstring for where the counts live).

        >>> tf.random.learned_unigram_candidate_sampler([[0]], 1, 2, False, 4)[2].numpy().tolist()
        [0.5, 0.5]
    """
    return _sample("learned", true_classes, num_true, num_sampled, unique, range_max, seed,
                   {"state": _Unigram(int(range_max))})


def _vocab_weights(vocab_file):
    weights = []
    with open(vocab_file, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                weights.append(float(line.split(",")[-1]))
    return weights


def fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, vocab_file="",
                                    distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0, unigrams=(),
                                    seed=None, name=None):
    """Samples classes by given unigram weights (`unigrams`, or the last comma-separated field of
    each line of `vocab_file`) raised to `distortion`; `num_reserved_ids` ids of weight 0 come
    first. With `num_shards`, this op samples only the ids with id % num_shards == shard, which
    it numbers 0, 1, ... in order.

        >>> tf.random.fixed_unigram_candidate_sampler([[0]], 1, 2, False, 3, unigrams=[1, 1, 2])[1].numpy().tolist()
        [[0.5]]
    """
    if vocab_file and len(unigrams):
        raise ValueError("Only one of vocab_file and unigrams may be given")
    weights = _vocab_weights(vocab_file) if vocab_file else [float(u) for u in unigrams]
    if not weights:
        raise ValueError("fixed_unigram_candidate_sampler needs vocab_file or unigrams")
    full = np.concatenate([np.zeros(int(num_reserved_ids)), np.power(np.asarray(weights, np.float64), distortion)])
    if not 0 <= shard < num_shards:
        raise ValueError(f"shard must be in [0, num_shards), got shard={shard}, num_shards={num_shards}")
    mine = full[np.arange(full.size) % num_shards == shard]
    if mine.size != int(range_max):
        raise InvalidArgumentError(None, "FixedUnigramCandidateSampler",
                                   f"range_max must equal the number of ids in this shard ({mine.size}), got "
                                   f"{range_max} [Op:FixedUnigramCandidateSampler]")
    return _sample("fixed", true_classes, num_true, num_sampled, unique, range_max, seed, {"weights": mine})


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """The "sampler" that returns every class 0 .. num_sampled - 1, with expected counts 1
    (for testing the sampled losses against the full ones).

        >>> tf.random.all_candidate_sampler([[3]], 1, 4, True)[0].numpy().tolist()
        [0, 1, 2, 3]
    """
    t = _true_classes(true_classes)
    n = int(num_sampled)
    if t.shape.rank is not None and t.shape.rank != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {t.shape.rank} for 'AllCandidateSampler'")
    sampled = convert_to_tensor(np.arange(n, dtype=np.int64))
    true_expected = M.add(zeros_like(t, dtype=dtypes.float32), 1.0)
    return sampled, true_expected, convert_to_tensor(np.ones(n, np.float32))


# -- accidental hits ------------------------------------------------------------------------------
def _hits_kernel(true_classes, sampled, num_true):
    op = "ComputeAccidentalHits"
    if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
        raise _err(op, f"true_classes must be a matrix with num_true={num_true} columns, got shape "
                       f"{_dims_text(true_classes.shape)}")
    if sampled.ndim != 1:
        raise _err(op, f"sampled_candidates must be a vector, got shape {_dims_text(sampled.shape)}")
    # A candidate sampled more than once is found at its last position, as TF's kernel does.
    last = {int(v): j for j, v in enumerate(sampled)}
    rows, cols = [], []
    for i in range(true_classes.shape[0]):
        for v in true_classes[i]:
            j = last.get(int(v))
            if j is not None:
                rows.append(i)
                cols.append(j)
    n = len(rows)
    return (np.array(rows, np.int32), np.array(cols, np.int64),
            np.full(n, -np.finfo(np.float32).max, np.float32))


HITS = primitive("ComputeAccidentalHits", _hits_kernel,
                 lambda ins, a: [(TensorShape([None]), dtypes.int32), (TensorShape([None]), dtypes.int64),
                                 (TensorShape([None]), dtypes.float32)], num_outputs=3)
no_gradient(HITS, "its outputs are positions")


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """Finds the sampled candidates that are true classes of an example: returns (row indices
    int32, positions in `sampled_candidates` int64, weights -FLT_MAX float32), to be added to
    the sampled logits so those entries drop out.

        >>> i, ids, w = tf.nn.compute_accidental_hits([[1], [3]], [3, 1, 5], 1)
        >>> i.numpy().tolist(), ids.numpy().tolist()
        ([0, 1], [1, 0])

    (A candidate sampled twice counts at its last position only, as in TF.)
    """
    t = _true_classes(true_classes)
    s = sampled_candidates if isinstance(sampled_candidates, Tensor) else convert_to_tensor(sampled_candidates,
                                                                                              dtypes.int64)
    if s.dtype is not dtypes.int64:
        raise TypeError(f"Value passed to parameter 'sampled_candidates' has DataType {s.dtype.name} not in list of "
                        "allowed values: int64")
    return tuple(execute(HITS, (t, s), {"num_true": int(num_true)}))


# -- sampled losses -------------------------------------------------------------------------------
def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
                            subtract_log_q, remove_accidental_hits, seed):
    """(logits [batch, num_true + num_sampled], labels of the same shape) as TF builds them."""
    if not isinstance(weights, (list, tuple)):
        weights = [weights]
    labels = _as_tensor(labels)
    if labels.dtype is not dtypes.int64:
        labels = cast(labels, dtypes.int64)
    x = _as_tensor(inputs)
    labels_flat = reshape(labels, [-1])
    if sampled_values is None:
        sampled_values = log_uniform_candidate_sampler(labels, num_true, num_sampled, True, num_classes, seed=seed)
    sampled, true_expected, sampled_expected = (stop_gradient(_as_tensor(v)) for v in sampled_values)
    sampled = cast(sampled, dtypes.int64) if sampled.dtype is not dtypes.int64 else sampled
    all_ids = concat([labels_flat, sampled], 0)
    all_w = embedding_lookup(weights, all_ids)
    n_true = labels_flat.shape[0]
    if n_true is None:
        raise NotImplementedError("numtf's sampled losses need the batch size known when the op is built")
    true_w, sampled_w = all_w[:n_true], all_w[n_true:]
    sampled_logits = matmul(x, sampled_w, transpose_b=True)
    all_b = embedding_lookup(biases, all_ids)
    true_b, sampled_b = all_b[:n_true], all_b[n_true:]
    dim = x.shape[-1]
    dots = M.multiply(reshape(x, [-1, 1, dim]), reshape(true_w, [-1, num_true, dim]))
    true_logits = M.add(reduce_sum(dots, -1), reshape(true_b, [-1, num_true]))
    sampled_logits = M.add(sampled_logits, sampled_b)
    if remove_accidental_hits:
        rows, cols, w = compute_accidental_hits(labels, sampled, num_true)
        idx = stack([cast(rows, dtypes.int64), cols], 1)
        b = x.shape[0] if x.shape[0] is not None else n_true // num_true
        mask = scatter_nd(idx, cast(w, sampled_logits.dtype), np.array([b, int(num_sampled)], np.int64))
        sampled_logits = M.add(sampled_logits, mask)
    if subtract_log_q:
        true_logits = M.subtract(true_logits, M.log(cast(true_expected, true_logits.dtype)))
        sampled_logits = M.subtract(sampled_logits, M.log(cast(sampled_expected, sampled_logits.dtype)))
    logits = concat([true_logits, sampled_logits], 1)
    out_labels = concat([M.divide(ones_like(true_logits), float(num_true)), zeros_like(sampled_logits)], 1)
    return logits, out_labels


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, name="nce_loss"):
    """Noise-contrastive estimation loss per example ([batch]): a logistic regression of the true
    classes against `num_sampled` sampled ones (log-uniform unless `sampled_values` =
    (sampled, true_expected_count, sampled_expected_count) is given), logits corrected by
    log(expected count). `weights` [num_classes, dim] (or a list of shards), `biases`
    [num_classes], `labels` int [batch, num_true], `inputs` [batch, dim].

        >>> tf.nn.nce_loss(tf.ones([5, 2]), tf.zeros([5]), [[1]], tf.ones([1, 2]), 2, 5).shape
        TensorShape([1])
    """
    logits, labels = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                             sampled_values, True, remove_accidental_hits, None)
    return reduce_sum(sigmoid_cross_entropy_with_logits(labels=labels, logits=logits), 1)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
                         remove_accidental_hits=True, seed=None, name="sampled_softmax_loss"):
    """Sampled softmax cross-entropy per example ([batch]): a softmax over the true classes and
    `num_sampled` sampled ones (see `nce_loss` for the arguments); sampled classes that are
    true classes are removed by default.

        >>> tf.nn.sampled_softmax_loss(tf.ones([5, 2]), tf.zeros([5]), [[1]], tf.ones([1, 2]), 2, 5).shape
        TensorShape([1])
    """
    logits, labels = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                             sampled_values, True, remove_accidental_hits, seed)
    return softmax_cross_entropy_with_logits(labels=stop_gradient(labels), logits=logits)
