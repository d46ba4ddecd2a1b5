"""tf.nn.embedding_lookup_sparse and tf.nn.safe_embedding_lookup_sparse.

Each row of a sparse id tensor (ids, optional weights) combines its embeddings into one vector
by 'sum', 'mean' (sum / sum of weights) or 'sqrtn' (sum / sqrt(sum of squared weights)), as
TF does: the lookup goes through the unique ids (a gather), then a segment sum by row, so
gradients reach the embedding table (and the weights). The sparse index bookkeeping runs on
NumPy, so the SparseTensors must be eager (as numtf's tf.sparse ops are).

    >>> sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([0, 2, 1], tf.int64), [2, 2])
    >>> tf.nn.embedding_lookup_sparse(tf.constant([[1.0], [2.0], [3.0]]), sp, None, combiner='sum').numpy().tolist()
    [[4.0], [2.0]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor
from .array_ops import reshape, shape as shape_of
from .convert import convert_to_tensor
from .gather_ops import gather
from .join_ops import concat
from .logic_ops import where
from .nn_ops import embedding_lookup
from .scan_ops import segment_sum
from .sort_ops import unique
from .stack_ops import cast, broadcast_to
from .creation_ops import zeros_like
from . import math_ops as M
from . import sparse_ops

__all__ = []  # exported by numtf/nn.py

_COMBINERS = ("mean", "sqrtn", "sum")


def _eager_sparse(sp, what):
    if not isinstance(sp, SparseTensor):
        raise TypeError(f"{what} must be SparseTensor, got {type(sp)}")
    if type(sp.indices) is not Tensor:
        raise NotImplementedError(f"numtf's sparse embedding lookups need an eager {what}")
    return sp


def embedding_lookup_sparse(params, sp_ids, sp_weights, combiner=None, max_norm=None, name=None,
                            allow_fast_lookup=False):
    """Per row of the SparseTensor `sp_ids` ([batch, k] ids into `params`), the combination of
    the rows' embeddings weighted by `sp_weights` (same indices; None means weight 1).
    `combiner` is 'mean' (the default), 'sqrtn' or 'sum'. The result has one row per row index
    up to the largest one present (rows without ids give zeros). `allow_fast_lookup` is TF's
    memory/speed hint and does not change the result.

        >>> sp = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([1, 0, 1], tf.int64), [2, 2])
        >>> tf.nn.embedding_lookup_sparse(tf.constant([[2.0], [4.0]]), sp, None).numpy().tolist()
        [[4.0], [3.0]]
    """
    if combiner is None:
        combiner = "mean"
    if combiner not in _COMBINERS:
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner}")
    _eager_sparse(sp_ids, "sp_ids")
    if sp_weights is not None:
        _eager_sparse(sp_weights, "sp_weights")
        if sp_weights.values.shape[0] != sp_ids.values.shape[0]:
            raise ValueError(f"Shapes {sp_weights.values.shape} and {sp_ids.values.shape} are incompatible")
    if not isinstance(params, (list, tuple)):
        params = [params]
    segment_ids = cast(sp_ids.indices[:, 0], dtypes.int32)
    ids, idx = unique(sp_ids.values)
    emb = embedding_lookup(params, ids, max_norm=max_norm)
    emb = gather(emb, idx)
    low = emb.dtype in (dtypes.float16, dtypes.bfloat16)
    original = emb.dtype
    if low:
        emb = cast(emb, dtypes.float32)
    rank = emb.shape.rank
    if sp_weights is None:
        weights = None
        sums = segment_sum(emb, segment_ids)
        if combiner == "sum":
            out = sums
        else:
            counts = segment_sum(M.add(zeros_like(segment_ids, dtype=emb.dtype), 1.0), segment_ids)
            denom = counts if combiner == "mean" else M.sqrt(counts)
            out = M.divide_no_nan(sums, reshape(denom, [-1] + [1] * (rank - 1)))
    else:
        weights = sp_weights.values
        if weights.dtype is not emb.dtype:
            weights = cast(weights, emb.dtype)
        w = reshape(weights, [-1] + [1] * (rank - 1))
        sums = segment_sum(M.multiply(emb, w), segment_ids)
        if combiner == "sum":
            out = sums
        elif combiner == "mean":
            out = M.divide_no_nan(sums, segment_sum(w, segment_ids))
        else:
            out = M.divide_no_nan(sums, M.sqrt(segment_sum(M.square(w), segment_ids)))
    return cast(out, original) if low else out


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None, combiner="mean",
                                 default_id=None, max_norm=None, name=None, allow_fast_lookup=False):
    """`embedding_lookup_sparse` that tolerates invalid input: ids < 0 are dropped, and (unless
    the combiner is 'sum') so are ids with weight <= 0; a row left empty gets the embedding of
    `default_id`, or zeros. `sparse_ids` may have rank > 2: the result has shape
    dense_shape[:-1] + [dim], one vector per row, always.

        >>> sp = tf.SparseTensor([[0, 0], [2, 0]], tf.constant([1, -1], tf.int64), [3, 1])
        >>> tf.nn.safe_embedding_lookup_sparse(tf.constant([[2.0], [4.0]]), sp).numpy().tolist()
        [[4.0], [0.0], [0.0]]
    """
    if combiner not in _COMBINERS:
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner}")
    if embedding_weights is None:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    if isinstance(embedding_weights, (list, tuple)) and not embedding_weights:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    _eager_sparse(sparse_ids, "sparse_ids")
    if sparse_weights is not None:
        _eager_sparse(sparse_weights, "sparse_weights")
    original_shape = np.asarray(sparse_ids.dense_shape)
    rank = original_shape.size
    if rank < 2:
        raise ValueError(f"sparse_ids must have rank >= 2, got dense_shape {original_shape.tolist()}")
    if rank > 2:
        flat = [int(np.prod(original_shape[:-1])), int(original_shape[-1])]
        sparse_ids = sparse_ops.reshape(sparse_ids, flat)
        if sparse_weights is not None:
            sparse_weights = sparse_ops.reshape(sparse_weights, flat)
    keep = np.asarray(sparse_ids.values) >= 0
    if sparse_weights is not None and combiner != "sum":
        keep &= np.asarray(sparse_weights.values) > 0
    sparse_ids = sparse_ops.retain(sparse_ids, keep)
    if sparse_weights is not None:
        sparse_weights = sparse_ops.retain(sparse_weights, keep)
    sparse_ids, empty = sparse_ops.fill_empty_rows(sparse_ids, 0 if default_id is None else default_id)
    if sparse_weights is not None:
        sparse_weights, _ = sparse_ops.fill_empty_rows(sparse_weights, 1.0)
    result = embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights, combiner=combiner,
                                     max_norm=max_norm)
    if default_id is None:
        mask = reshape(empty, [-1] + [1] * (result.shape.rank - 1))
        result = where(broadcast_to(mask, shape_of(result)), zeros_like(result), result)
    head = convert_to_tensor(original_shape[:-1].astype(np.int32))
    return reshape(result, concat([head, shape_of(result)[1:]], 0))

