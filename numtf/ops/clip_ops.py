"""`tf.clip_by_norm`, `tf.clip_by_global_norm` and `tf.linalg.global_norm`: composites of
primitives (their gradients come from those).

    >>> tf.clip_by_norm([3.0, 4.0], 1.0)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.6, 0.8], dtype=float32)>
"""
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor import Tensor
from .convert import convert_to_tensor
from .creation_ops import ones_like
from .logic_ops import where
from .stack_ops import cast, stack
from .math_ops import maximum, minimum, multiply, sqrt, truediv
from .reduction_ops import reduce_sum

__all__ = ["clip_by_norm", "clip_by_global_norm", "global_norm"]


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """Scales `t` so that its L2 norm (over `axes`, all by default) is at most `clip_norm`:
    `t * clip_norm / max(norm, clip_norm)`. A zero `t` stays zero, with a zero gradient.

        >>> tf.clip_by_norm([[3.0, 4.0], [0.3, 0.4]], 1.0, axes=1).numpy().tolist()
        [[0.6000000238418579, 0.800000011920929], [0.30000001192092896, 0.4000000059604645]]
    """
    if isinstance(t, IndexedSlices):  # (TF: the norm of the values, the result IndexedSlices)
        return IndexedSlices(clip_by_norm(t.values, clip_norm, axes), t.indices, t.dense_shape)
    t = convert_to_tensor(t)
    clip_norm = convert_to_tensor(clip_norm, t.dtype)
    sq = reduce_sum(t * t, axes, keepdims=True)
    nonzero = sq > 0
    norm = where(nonzero, sqrt(where(nonzero, sq, ones_like(sq))), sq)  # sqrt(0) has an infinite gradient
    out = truediv(t * clip_norm, maximum(norm, clip_norm))
    if not t.shape.is_compatible_with(out.shape):
        raise ValueError(f"Shapes {t.shape} and {out.shape} are incompatible")
    return out


def global_norm(t_list, name=None):
    """sqrt(sum of the squared L2 norms of the tensors in `t_list`); `None` entries are skipped.

        >>> tf.linalg.global_norm([tf.constant([3.0]), None, tf.constant([4.0])])
        <tf.Tensor: shape=(), dtype=float32, numpy=5.0>
    """
    if isinstance(t_list, (Tensor, str)) or not hasattr(t_list, "__iter__"):
        raise TypeError("`t_list` should be a sequence of tensors. Received {}.".format(type(t_list)))
    # (an IndexedSlices counts by its values, repeated rows apart, as in TF)
    ts = [t.values if isinstance(t, IndexedSlices) else convert_to_tensor(t) for t in t_list if t is not None]
    if not ts:
        return convert_to_tensor(0.0)
    sums = [cast(reduce_sum(t * t), ts[0].dtype) for t in ts]
    return sqrt(reduce_sum(stack(sums)))


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales every tensor of `t_list` by `clip_norm / max(global_norm, clip_norm)`; returns
    `(list_clipped, global_norm)`. `None` entries stay `None`. An infinite or NaN global norm
    makes every clipped value NaN, as in TF.

        >>> clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0]), tf.constant([12.0])], 6.5)
        >>> float(norm), clipped[1].numpy().tolist()
        (13.0, [6.0])
    """
    if isinstance(t_list, (Tensor, str)) or not hasattr(t_list, "__iter__"):
        raise TypeError("`t_list` should be a sequence of tensors. Received {}.".format(type(t_list)))
    t_list = list(t_list)
    norm = global_norm(t_list) if use_norm is None else convert_to_tensor(use_norm)
    clip = convert_to_tensor(clip_norm, norm.dtype)
    # clip * min(1 / norm, 1 / clip): NaN when the norm is, and 1 when there is nothing to clip.
    scale = multiply(clip, minimum(truediv(1.0, norm), truediv(1.0, clip)))
    nan_norm = norm != norm
    scale = where(nan_norm | (norm == float("inf")), convert_to_tensor(float("nan"), norm.dtype), scale)
    out = []
    for t in t_list:
        if t is None:
            out.append(None)
            continue
        if isinstance(t, IndexedSlices):
            out.append(IndexedSlices(t.values * cast(scale, t.dtype), t.indices, t.dense_shape))
            continue
        t = convert_to_tensor(t)
        out.append(t * cast(scale, t.dtype))
    return out, norm
