"""Connectionist temporal classification: tf.nn.ctc_loss (dense or sparse labels), its
gradient, tf.nn.ctc_greedy_decoder, tf.nn.ctc_beam_search_decoder and tf.nn.collapse_repeated.

The loss is -log p(labels | logits) summed over every alignment, by the forward-backward
recursion in log space over the label sequence with blanks between and around the labels
(vectorized over the batch; one step per time frame). The kernel returns the loss and its
gradient w.r.t. the logits (softmax minus the posterior of each class per frame), as TF's
CTCLoss op does; frames past `logit_length` get zero gradient. Labels are in the logits'
class numbering and the blank is class `blank_index` (default 0 for dense labels; sparse
labels need it given, as in TF).

    >>> round(float(tf.nn.ctc_loss([[1]], tf.zeros([2, 1, 3]), [1], [2])[0]), 5)  # 3 of 9 paths give "1"
    1.09861
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, FailedPreconditionError
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _dims_text, _variant, transpose
from .registry import primitive, no_gradient, execute
from . import math_ops as M

__all__ = []  # exported by numtf/nn.py

_NEG = -np.inf


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _log_softmax(x):
    m = x.max(axis=-1, keepdims=True)
    m[~np.isfinite(m)] = 0
    z = x - m
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _lse(*xs):
    m = xs[0]
    for x in xs[1:]:
        m = np.maximum(m, x)
    safe = np.where(np.isfinite(m), m, 0)
    s = sum(np.exp(x - safe) for x in xs)
    with np.errstate(divide="ignore"):
        return np.log(s) + safe


def _ctc_kernel(logits, labels, label_length, logit_length, blank):
    """(loss [B], gradient [T, B, C]) for time-major logits."""
    op = "CTCLoss"
    if logits.ndim != 3:
        raise _err(op, f"logits should be 3-D [max_time, batch, num_classes], got shape {_dims_text(logits.shape)}")
    t_max, b, c = logits.shape
    labels = labels.astype(np.int64).reshape(b, -1)
    ll = label_length.astype(np.int64).reshape(-1)
    tl = logit_length.astype(np.int64).reshape(-1)
    if ll.size != b or tl.size != b:
        raise _err(op, f"label_length and logit_length must have {b} elements, got {ll.size} and {tl.size}")
    if np.any(tl > t_max) or np.any(tl < 0):
        k = int(np.flatnonzero((tl > t_max) | (tl < 0))[0])
        raise _err(op, f"logit_length({k}) <= {t_max}, got {tl[k]}")
    if np.any(ll > labels.shape[1]) or np.any(ll < 0):
        raise _err(op, f"label_length must be in [0, {labels.shape[1]}], got {ll.tolist()}")
    lmax = int(ll.max()) if b else 0
    pos = np.arange(lmax)[None, :]
    lab = np.where(pos < ll[:, None], labels[:, :lmax], blank)
    if np.any((lab < 0) | (lab >= c)):
        raise _err(op, f"labels must be in [0, {c}), got {lab[(lab < 0) | (lab >= c)][0]}")
    s_len = 2 * lmax + 1
    ext = np.full((b, s_len), blank, np.int64)
    ext[:, 1::2] = lab
    valid = np.arange(s_len)[None, :] < (2 * ll + 1)[:, None]
    skip = np.zeros((b, s_len), bool)
    skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    logp = _log_softmax(logits)
    emit = np.take_along_axis(logp, np.broadcast_to(ext[None], (t_max, b, s_len)), axis=2)  # [T, B, S]
    dt = logits.dtype
    neg = np.full((b, 1), _NEG, dt)
    alpha = np.full((t_max, b, s_len), _NEG, dt)
    if t_max:
        a0 = np.full((b, s_len), _NEG, dt)
        a0[:, 0] = emit[0, :, 0]
        if s_len > 1:
            a0[:, 1] = np.where(ll > 0, emit[0, :, 1], _NEG)
        alpha[0] = np.where(tl[:, None] > 0, a0, _NEG)
    for t in range(1, t_max):
        a = alpha[t - 1]
        a1 = np.concatenate([neg, a[:, :-1]], 1)
        a2 = np.where(skip, np.concatenate([neg, neg, a[:, :-2]], 1)[:, :s_len], _NEG)
        new = np.where(valid, _lse(a, a1, a2) + emit[t], _NEG)
        alpha[t] = np.where((t < tl)[:, None], new, a)
    ends = np.stack([2 * ll, np.maximum(2 * ll - 1, 0)], 1)
    end_mask = np.zeros((b, s_len), bool)
    end_mask[np.arange(b), ends[:, 1]] = ll > 0
    end_mask[np.arange(b), ends[:, 0]] = True  # (after: for an empty label both ends are s = 0)
    last = np.clip(tl - 1, 0, max(t_max - 1, 0))
    if t_max:
        fin = np.where(end_mask, alpha[last, np.arange(b)], _NEG)
        mx = fin.max(axis=1)
        safe = np.where(np.isfinite(mx), mx, 0)
        with np.errstate(divide="ignore"):
            loglik = np.log(np.exp(fin - safe[:, None]).sum(axis=1)) + safe
    else:
        loglik = np.zeros(b, dt)
    loglik = np.where(tl == 0, np.where(ll == 0, 0.0, _NEG), loglik).astype(dt)
    # Backward pass: beta[t] includes the emission at t.
    beta = np.full((t_max, b, s_len), _NEG, dt)
    nxt = np.full((b, s_len), _NEG, dt)
    for t in range(t_max - 1, -1, -1):
        b1 = np.concatenate([nxt[:, 1:], neg], 1)
        b2 = np.concatenate([nxt[:, 2:], neg, neg], 1)[:, :s_len]
        skip_next = np.concatenate([skip[:, 2:], np.zeros((b, 2), bool)], 1)[:, :s_len]
        rec = np.where(valid, _lse(nxt, b1, np.where(skip_next, b2, _NEG)) + emit[t], _NEG)
        init = np.where(end_mask, emit[t], _NEG)
        cur = np.where((t == tl - 1)[:, None], init, np.where((t < tl - 1)[:, None], rec, _NEG))
        beta[t] = cur
        nxt = cur
    grad = np.exp(logp)
    grad[np.arange(t_max)[:, None] >= tl[None, :]] = 0
    ok = np.isfinite(loglik)
    if t_max and np.any(ok):
        with np.errstate(invalid="ignore"):
            post = np.exp(alpha + beta - emit - loglik[None, :, None])
        post = np.where(np.isfinite(post), post, 0).astype(dt)
        occ = np.zeros((t_max, b, c), dt)
        tt, bb, ss = np.meshgrid(np.arange(t_max), np.arange(b), np.arange(s_len), indexing="ij")
        np.add.at(occ, (tt.ravel(), bb.ravel(), ext[bb.ravel(), ss.ravel()]), post.ravel())
        grad -= occ
    grad[:, ~ok] = 0  # an impossible labelling: infinite loss, no gradient
    return (-loglik).astype(dt), grad.astype(dt)


def _ctc_infer(ins, attrs):
    s = ins[0].shape
    b = s[1] if s.rank == 3 else None
    return [(TensorShape([b]), ins[0].dtype), (s, ins[0].dtype)]


CTC_LOSS = primitive("CTCLoss", _ctc_kernel, _ctc_infer, num_outputs=2)
# The gradient is the precomputed one scaled per example; TF does not differentiate it again.
CTC_LOSS.grad = lambda n, g, _g2: (M.multiply(n.outputs[1], g[None, :, None]) if g is not None else None,
                                   None, None, None)


def _sparse_to_dense_labels(sp):
    idx, vals = np.asarray(sp.indices), np.asarray(sp.values)
    shape = np.asarray(sp.dense_shape)
    b, width = int(shape[0]), int(shape[1]) if shape.size > 1 else 0
    dense = np.zeros((b, width), np.int64)
    lengths = np.zeros(b, np.int64)
    if idx.size:
        dense[idx[:, 0], idx[:, 1]] = vals
        np.maximum.at(lengths, idx[:, 0], idx[:, 1] + 1)
    return dense, lengths


def ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True, unique=None, blank_index=None,
             name=None):
    """The CTC loss per example, -log p(labels | logits) ([batch]). `logits` are unnormalized
    ([frames, batch, classes] when `logits_time_major`, else batch-major); `labels` is an int
    [batch, max_label_length] tensor with `label_length`, or a SparseTensor (label_length may be
    None). `unique` is TF's optional speed-up hint and does not change the result (numtf
    does not need it).

        >>> tf.nn.ctc_loss([[1, 2]], tf.zeros([3, 1, 3]), [2], [3]).shape
        TensorShape([1])
    """
    x = _as_tensor(logits)
    if x.dtype not in (dtypes.float16, dtypes.float32, dtypes.float64):
        raise TypeError(f"logits must be a floating-point tensor, got {x.dtype.name}")
    if not logits_time_major:
        x = transpose(x, [1, 0, 2])
    num_classes = x.shape[2]
    if isinstance(labels, SparseTensor):
        if type(labels.indices) is not Tensor:
            raise NotImplementedError("numtf's ctc_loss needs eager SparseTensor labels (use dense labels in graphs)")
        dense, lengths = _sparse_to_dense_labels(labels)
        lab = _as_tensor(dense)
        ll = _as_tensor(lengths)
        if blank_index is None:
            raise ValueError("Argument `blank_index` must be provided when `labels` is a `SparseTensor`.")
        default_blank = None
    else:
        if label_length is None:
            raise ValueError("label_length must be provided when labels is a dense tensor")
        lab = _as_tensor(labels)
        if lab.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"labels must be an int32 or int64 tensor, got {lab.dtype.name}")
        ll = _as_tensor(label_length)
        default_blank = 0
    blank = default_blank if blank_index is None else int(blank_index)
    if blank is None:
        raise NotImplementedError("numtf's ctc_loss needs num_classes known when the op is built")
    if blank < 0:
        if num_classes is None:
            raise NotImplementedError("numtf's ctc_loss needs num_classes known for a negative blank_index")
        blank += num_classes
    tl = _as_tensor(logit_length)
    loss, _ = execute(CTC_LOSS, (x, lab, ll, tl), {"blank": blank})
    return loss


# -- decoders -------------------------------------------------------------------------------------
def _sparse_parts(paths, b):
    """(indices [N, 2] int64, values [N] int64, dense_shape [2] int64) of one label list per row."""
    idx = [(i, j) for i, p in enumerate(paths) for j in range(len(p))]
    vals = [v for p in paths for v in p]
    width = max((len(p) for p in paths), default=0)
    return (np.array(idx, np.int64).reshape(-1, 2), np.array(vals, np.int64),
            np.array([b, width], np.int64))


def _check_inputs(op, x, seq_len):
    if x.ndim != 3:
        raise _err(op, f"inputs is not a 3-Tensor, got shape {_dims_text(x.shape)}")
    t_max, b, _ = x.shape
    if seq_len.shape != (b,):
        raise _err(op, f"len(sequence_length) != batch_size.  len(sequence_length):  {seq_len.size} batch_size: {b}")
    for i, n in enumerate(seq_len):
        if n > t_max:  # (TF raises FailedPreconditionError here)
            raise FailedPreconditionError(None, op, f"sequence_length({i}) <= {t_max} [Op:{op}]")


def _greedy_kernel(x, seq_len, merge_repeated, blank):
    op = "CTCGreedyDecoder"
    _check_inputs(op, x, seq_len)
    t_max, b, _ = x.shape
    paths, neg_sum = [], np.zeros((b, 1), x.dtype)
    for i in range(b):
        n = int(seq_len[i])
        best = x[:n, i].argmax(axis=1) if n else np.zeros(0, np.int64)
        neg_sum[i, 0] = -x[np.arange(n), i, best].sum() if n else 0
        out, prev = [], -1
        for k in best:
            if k != blank and not (merge_repeated and k == prev):
                out.append(int(k))
            prev = k
        paths.append(out)
    return _sparse_parts(paths, b) + (neg_sum,)


def _decoder_infer(ins, attrs):
    b = ins[0].shape[1] if ins[0].shape.rank == 3 else None
    k = attrs.get("top_paths", 1)
    parts = [(TensorShape([None, 2]), dtypes.int64), (TensorShape([None]), dtypes.int64),
             (TensorShape([2]), dtypes.int64)] * k
    return parts + [(TensorShape([b, 1 if "merge_repeated" in attrs else k]), ins[0].dtype)]


GREEDY = primitive("CTCGreedyDecoder", _greedy_kernel, _decoder_infer, num_outputs=4)
no_gradient(GREEDY, "decoding is not differentiable")


def _blank_and_inputs(x, blank_index):
    c = x.shape[2]
    if blank_index is None:
        blank_index = -1 if c is None else c - 1
    blank = int(blank_index)
    if blank < 0:
        if c is None:
            raise NotImplementedError("numtf's CTC decoders need num_classes known for a negative blank_index")
        blank += c
    return blank


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """Best-path decoding of time-major logits [frames, batch, classes]: the most likely class
    per frame, repeats merged (with `merge_repeated`), blanks removed. Returns
    ([SparseTensor of int64 labels [batch, max_length]], neg_sum_logits [batch, 1]).

        >>> (d,), s = tf.nn.ctc_greedy_decoder(tf.one_hot([[1], [1], [2], [1]], 3) * 5., [4])
        >>> d.values.numpy().tolist()
        [1, 1]
    """
    x = _as_tensor(inputs)
    if x.dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(f"Value passed to parameter 'inputs' has DataType {x.dtype.name} not in list of allowed "
                        "values: float32, float64")
    sl = _as_tensor(sequence_length, dtypes.int32)
    blank = _blank_and_inputs(x, blank_index)
    i, v, s, neg = execute(GREEDY, (x, sl), {"merge_repeated": bool(merge_repeated), "blank": blank})
    return [SparseTensor(i, v, s)], neg


def _beam_kernel(x, seq_len, beam_width, top_paths, blank):
    op = "CTCBeamSearchDecoder"
    _check_inputs(op, x, seq_len)
    if top_paths > beam_width:
        raise _err(op, f"requested more paths than the beam width. (top_paths={top_paths}, beam_width={beam_width})")
    t_max, b, c = x.shape
    logp = _log_softmax(x)
    results, scores = [[] for _ in range(top_paths)], np.full((b, top_paths), -np.inf, x.dtype)
    labels = [k for k in range(c) if k != blank]
    for i in range(b):
        beams = {(): (0.0, -np.inf)}  # prefix -> (log p ending in blank, log p ending in a label)
        for t in range(int(seq_len[i])):
            lp = logp[t, i]
            new = {}

            def add(prefix, pb, pnb):
                ob, onb = new.get(prefix, (-np.inf, -np.inf))
                new[prefix] = (np.logaddexp(ob, pb), np.logaddexp(onb, pnb))
            for prefix, (pb, pnb) in beams.items():
                total = np.logaddexp(pb, pnb)
                add(prefix, total + lp[blank], -np.inf)
                if prefix:
                    add(prefix, -np.inf, pnb + lp[prefix[-1]])  # the last label repeated (merged)
                for k in labels:
                    # A repeat of the last label needs a blank in between to count again.
                    add(prefix + (k,), -np.inf, (pb if prefix and prefix[-1] == k else total) + lp[k])
            ranked = sorted(new.items(), key=lambda kv: -np.logaddexp(*kv[1]))
            beams = dict(ranked[:beam_width])
        ranked = sorted(beams.items(), key=lambda kv: -np.logaddexp(*kv[1]))
        for k in range(top_paths):
            if k < len(ranked):
                results[k].append(list(ranked[k][0]))
                scores[i, k] = np.logaddexp(*ranked[k][1])
            else:
                results[k].append([])
    out = []
    for k in range(top_paths):
        out.extend(_sparse_parts(results[k], b))
    return tuple(out) + (scores,)


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1):
    """Prefix beam search over time-major logits [frames, batch, classes] (the last class is the
    blank): keeps the `beam_width` most probable label prefixes per frame. Returns
    (list of `top_paths` SparseTensors of int64 labels, log_probability [batch, top_paths]).

        >>> (d,), lp = tf.nn.ctc_beam_search_decoder(tf.math.log([[[0.1, 0.9]], [[0.8, 0.2]]]), [2])
        >>> d.values.numpy().tolist()
        [0]
    """
    x = _as_tensor(inputs)
    if x.dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(f"Value passed to parameter 'inputs' has DataType {x.dtype.name} not in list of allowed "
                        "values: float32, float64")
    sl = _as_tensor(sequence_length, dtypes.int32)
    beam_width, top_paths = int(beam_width), int(top_paths)
    if beam_width < 1:
        raise ValueError(f"Value for attr 'beam_width' of {beam_width} must be at least minimum 1")
    if top_paths < 1:
        raise ValueError(f"Value for attr 'top_paths' of {top_paths} must be at least minimum 1")
    c = x.shape[2]
    if c is None:
        raise NotImplementedError("numtf's ctc_beam_search_decoder needs num_classes known when the op is built")
    op = _variant("CTCBeamSearchDecoder", 3 * top_paths + 1, _beam_kernel, _decoder_infer, None)
    no_gradient(op, "decoding is not differentiable")
    outs = execute(op, (x, sl), {"beam_width": beam_width, "top_paths": top_paths, "blank": c - 1})
    decoded = [SparseTensor(outs[3 * k], outs[3 * k + 1], outs[3 * k + 2]) for k in range(top_paths)]
    return decoded, outs[-1]


# -- collapse_repeated ----------------------------------------------------------------------------
def _collapse_kernel(labels, seq_length):
    op = "CollapseRepeated"
    if labels.ndim != 2:
        raise _err(op, f"labels must be 2-D [batch, max_length], got shape {_dims_text(labels.shape)}")
    b, width = labels.shape
    keep = np.ones((b, width), bool)
    keep[:, 1:] = labels[:, 1:] != labels[:, :-1]
    keep &= np.arange(width)[None, :] < seq_length.reshape(-1, 1)
    new_len = keep.sum(axis=1)
    out = np.zeros((b, int(new_len.max()) if b else 0), labels.dtype)
    for i in range(b):
        out[i, :new_len[i]] = labels[i][keep[i]]
    return out, new_len.astype(seq_length.dtype)


COLLAPSE = primitive("CollapseRepeated", _collapse_kernel,
                     lambda ins, a: [(TensorShape([ins[0].shape[0] if ins[0].shape.rank else None, None]),
                                      ins[0].dtype), (ins[1].shape, ins[1].dtype)], num_outputs=2)
no_gradient(COLLAPSE, "its outputs are integer labels")


def collapse_repeated(labels, seq_length, name=None):
    """Merges consecutive repeats in each row of `labels` ([batch, max_length]) within its
    `seq_length`; returns (labels padded with 0 to the longest new length, new lengths).

        >>> l, n = tf.nn.collapse_repeated([[1, 1, 2, 2, 1], [1, 2, 3, 4, 5]], [5, 3])
        >>> l.numpy().tolist(), n.numpy().tolist()
        ([[1, 2, 1], [1, 2, 3]], [3, 3])
    """
    lab = _as_tensor(labels)
    sl = _as_tensor(seq_length)
    return tuple(execute(COLLAPSE, (lab, sl)))
