"""Composite tensors (`tf.SparseTensor`; `tf.IndexedSlices` as results) in tf.function, as TF passes
them: keyed by their spec (a new dense shape traces again, a new number of stored values does
not), fed to the trace as their component tensors, and rebuilt around the trace's outputs.

A SparseTensor argument `x` becomes three placeholders, x (indices, int64 [None, rank]),
x_1 (values, [None]) and x_2 (dense_shape, int64 [rank]); a SparseTensor result becomes
three outputs, and each call returns a SparseTensor of their values.

    >>> f = tf.function(lambda x: x * 2.0)
    >>> f(tf.SparseTensor([[0, 1]], [1.0], [2, 3])).values
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([2.], dtype=float32)>
"""
from ..framework import dtypes
from ..framework.indexed_slices import IndexedSlices
from ..framework.sparse_tensor import SparseTensor, SparseTensorSpec
from ..framework.tensor import SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..util import nest

SPARSE = "S"  # the key-part tag of a SparseTensor argument: ("S", dims or None, dtype)
WIDTH = 3  # component tensors of a SparseTensor argument (a plain tensor, "T", is one)


def key_part(x):
    """The trace-cache key part of a SparseTensor or SparseTensorSpec argument, else None."""
    if isinstance(x, (SparseTensor, SparseTensorSpec)):
        shape = x.shape
        return SPARSE, (None if shape.rank is None else tuple(shape.as_list())), x.dtype
    return None


def components(x):
    """The tensors a SparseTensor argument is fed as (none for a spec): indices, values, dense_shape."""
    return nest.components(x) if isinstance(x, SparseTensor) else []


def spec_of(part):
    """The SparseTensorSpec a key part describes (what structured_input_signature shows)."""
    return SparseTensorSpec(None if part[1] is None else list(part[1]), part[2])


def placeholders(graph, part, name):
    """(the trace's placeholders for a SparseTensor argument, the SparseTensor the traced
    function sees). The placeholders are named name, name_1, name_2 as in TF."""
    _, dims, dtype = part
    rank = None if dims is None else len(dims)
    ins = [graph.placeholder(dtypes.int64, [None, rank], name), graph.placeholder(dtype, [None], name),
           graph.placeholder(dtypes.int64, [rank], name)]
    sparse = SparseTensor(*ins)
    sparse._shape_hint = TensorShape(None if dims is None else list(dims))
    return ins, sparse


class CompositeResult:
    """A traced function's SparseTensor or IndexedSlices result (TF returns both as they are):
    its symbolic components are the trace's outputs, the others (known while tracing) are kept
    as they are."""

    def __init__(self, value):
        self.template = value
        self.parts = nest.components(value)

    def outputs(self):
        return [p for p in self.parts if isinstance(p, SymbolicTensor)]

    def rebuild(self, values):
        """The value of one call, taking its computed components from the iterator `values`."""
        out = nest.from_components(self.template, [next(values) if isinstance(p, SymbolicTensor) else p
                                                   for p in self.parts])
        if isinstance(out, SparseTensor) and isinstance(out.dense_shape, SymbolicTensor):
            out._shape_hint = self.template.shape  # (inlined in another trace: keep the static shape)
        return out


def result_leaf(o):
    """A result leaf as the trace keeps it: a SparseTensor or IndexedSlices becomes a CompositeResult."""
    return CompositeResult(o) if isinstance(o, (SparseTensor, IndexedSlices)) else o


def flat_outputs(leaves):
    """The trace's output tensors of its converted result leaves, composites expanded."""
    out = []
    for o in leaves:
        if isinstance(o, SymbolicTensor):
            out.append(o)
        elif isinstance(o, CompositeResult):
            out.extend(o.outputs())
    return out
