"""`tf.IndexedSlices`: a sparse set of rows (`values[i]` is row `indices[i]` of a tensor of
`dense_shape`), as taken by `Variable.scatter_*`.

    >>> v.scatter_add(tf.IndexedSlices(tf.ones([1, 4]), [1]))
"""


class IndexedSlices:
    """Rows `indices` of a dense tensor, holding `values`."""

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
        from .tensor_shape import TensorShape
        if self._dense_shape is None:
            return TensorShape(None)
        return TensorShape([int(d) for d in self._dense_shape.numpy()])

    def __neg__(self):
        from ..ops.math_ops import negative
        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def __repr__(self):
        ds = "" if self._dense_shape is None else f", dense_shape={self._dense_shape}"
        return f"IndexedSlices(indices={self._indices}, values={self._values}{ds})"
