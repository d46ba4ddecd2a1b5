"""Static shape/dtype rules shared by many ops (used when building graphs)."""
from ..framework import dtypes
from ..framework.tensor_shape import TensorShape


def broadcast_static(a, b):
    """Broadcasts two TensorShapes with unknown dims; raises ValueError if incompatible."""
    a, b = TensorShape(a), TensorShape(b)
    if a.rank is None or b.rank is None:
        return TensorShape(None)
    da, db = list(a), list(b)
    n = max(len(da), len(db))
    da = [1] * (n - len(da)) + da
    db = [1] * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y} for shapes {a} and {b}.")
    return TensorShape(out)


def same_as_input(ins, attrs):
    """Elementwise unary op: output like input 0."""
    return [(ins[0].shape, ins[0].dtype)]


def broadcast_infer(ins, attrs):
    """Elementwise binary op: broadcast shape, dtype of input 0."""
    return [(broadcast_static(ins[0].shape, ins[1].shape), ins[0].dtype)]


def broadcast_bool(ins, attrs):
    """Comparison: broadcast shape, bool."""
    return [(broadcast_static(ins[0].shape, ins[1].shape), dtypes.bool)]


def normalize_axes(axis, rank):
    """Axis (int, list or None) as a sorted tuple of non-negative ints; None means all."""
    if axis is None:
        return tuple(range(rank))
    if isinstance(axis, int):
        axis = (axis,)
    out = []
    for a in axis:
        if not -rank <= a < max(rank, 1):
            raise ValueError(f"Invalid reduction dimension {a} for input with {rank} dimensions.")
        out.append(a % rank if rank else 0)
    return tuple(sorted(set(out)))


def reduce_infer(ins, attrs):
    """Reductions with attrs axis (tuple or None) and keepdims."""
    shape = ins[0].shape
    axis, keep = attrs.get("axis"), attrs.get("keepdims", False)
    if shape.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    axes = normalize_axes(axis, shape.rank)
    dims = [1 if i in axes else d for i, d in enumerate(shape)] if keep else \
        [d for i, d in enumerate(shape) if i not in axes]
    return [(TensorShape(dims), ins[0].dtype)]
