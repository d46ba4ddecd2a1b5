"""`tf.IndexedSlices`: a sparse set of rows (`values[i]` is row `indices[i]` of a tensor of
`dense_shape`; repeated indices add up). It is what `tape.gradient` gives for a variable or
tensor read through `tf.gather` (axis 0), as in TF, and what `Variable.scatter_*` take.

    >>> v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    >>> with tf.GradientTape() as tape:
    ...     y = tf.reduce_sum(tf.gather(v, [1, 1]))
    >>> g = tape.gradient(y, v)     # IndexedSlices(indices=[1 1], values=[[1 1] [1 1]], dense_shape=[2 2])
    >>> tf.convert_to_tensor(g).numpy().tolist()
    [[0.0, 0.0], [2.0, 2.0]]

The backward pass (autodiff/backprop.py) passes IndexedSlices through reads and identities,
joins two of them by concatenation, and makes them dense before any other gradient rule or a
sum with a dense gradient; optimizers, `convert_to_tensor` and `add_n` take them dense.
"""


import collections

# What Session.run gives for a fetched IndexedSlices (tf.compat.v1.IndexedSlicesValue).
IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])


class IndexedSlices:
    """Rows `indices` of a dense tensor of shape `dense_shape`, holding `values`."""

    def __init__(self, values, indices, dense_shape=None):
        from ..ops.convert import convert_to_tensor
        self._values = convert_to_tensor(values)
        self._indices = convert_to_tensor(indices)
        self._dense_shape = None if dense_shape is None else convert_to_tensor(dense_shape)

    @property
    def values(self):
        return self._values

    @property
    def indices(self):
        return self._indices

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def shape(self):
        """The dense shape as a TensorShape (None dims where it is known only at run time)."""
        from .tensor_shape import TensorShape
        if self._dense_shape is None:
            return TensorShape(None)
        from ..ops.array_ops import get_static_value
        known = get_static_value(self._dense_shape)
        if known is not None:
            return TensorShape([int(d) for d in known])
        rows = self._values.shape
        return TensorShape(None) if rows.rank is None else TensorShape([None]).concatenate(rows[1:])

    @property
    def device(self):
        return self._values.device

    def _numtf_tensor_(self):  # tf.convert_to_tensor: the dense tensor
        return to_dense(self)

    def __neg__(self):
        from ..ops.math_ops import negative
        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def __str__(self):
        ds = "" if self._dense_shape is None else f", dense_shape={self._dense_shape!s}"
        return f"IndexedSlices(indices={self._indices!s}, values={self._values!s}{ds})"

    __repr__ = __str__


def to_dense(slices):
    """The dense tensor of `slices`: its values added into zeros at their rows."""
    from ..ops import array_ops
    from ..ops.gather_ops import scatter_nd
    if slices.dense_shape is None:
        raise ValueError(f"Cannot convert an IndexedSlices without a dense_shape to a tensor: {slices}")
    return scatter_nd(array_ops.expand_dims(slices.indices, -1), slices.values, slices.dense_shape)


def densify(g):
    """g as a tensor: IndexedSlices made dense, anything else as it is."""
    return to_dense(g) if isinstance(g, IndexedSlices) else g


def concat(a, b):
    """Two IndexedSlices of one tensor as one (TF's sum of sparse gradients: rows of a, then b)."""
    from ..ops.join_ops import concat as concat_tensors
    from ..ops.stack_ops import cast
    ia, ib = a.indices, b.indices
    if ia.dtype != ib.dtype:  # (int32 and int64 rows join as int64, as in TF)
        from . import dtypes
        ia, ib = cast(ia, dtypes.int64), cast(ib, dtypes.int64)
    return IndexedSlices(concat_tensors([a.values, b.values], 0), concat_tensors([ia, ib], 0), a.dense_shape)
