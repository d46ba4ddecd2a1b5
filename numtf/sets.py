"""`tf.sets` namespace: re-exports only (the ops are in ops/set_ops.py).

    >>> tf.sets.union([[1, 2]], [[2, 3]]).values.numpy().tolist()
    [1, 2, 3]
"""
from .ops.set_ops import intersection, union, difference, size  # noqa: F401

__all__ = ["intersection", "union", "difference", "size"]
