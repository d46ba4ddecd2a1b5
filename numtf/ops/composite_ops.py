"""Small public functions built from other ops: `tf.is_tensor`, `tf.sequence_mask`,
`tf.saturate_cast`, `tf.math.bincount`, `tf.math.confusion_matrix`, `tf.math.in_top_k` and
`tf.math.polyval`.

    >>> tf.sequence_mask([1, 3], 4).numpy().tolist()
    [[True, False, False, False], [True, True, True, False]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.tensor import Tensor
from ..framework.variables import Variable
from .convert import convert_to_tensor
from .array_ops import expand_dims
from .creation_ops import range as _tf_range, zeros_like
from .logic_ops import less
from .math_ops import add, multiply
from .reduction_ops import reduce_max, reduce_sum
from .script_ops import numpy_function
from .stack_ops import cast

__all__ = ["is_tensor", "is_symbolic_tensor", "sequence_mask", "saturate_cast", "parallel_stack", "guarantee_const",
           "AggregationMethod"]


def is_tensor(x):
    """True for tensors, variables, tf.SparseTensor, tf.RaggedTensor and tf.IndexedSlices (TF's
    tensor-like types); False for Python and NumPy values.

        >>> tf.is_tensor(tf.constant(1)), tf.is_tensor(1)
        (True, False)
    """
    from ..framework.indexed_slices import IndexedSlices
    from ..framework.ragged_tensor import RaggedTensor
    from ..framework.sparse_tensor import SparseTensor
    return isinstance(x, (Tensor, Variable, SparseTensor, RaggedTensor, IndexedSlices))


def is_symbolic_tensor(tensor):
    """True for a graph tensor (being traced, or in a TF1 graph); False for eager tensors,
    variables and everything else.

        >>> tf.is_symbolic_tensor(tf.constant(1.0))
        False
    """
    return isinstance(tensor, Tensor) and tensor._is_symbolic()


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """`mask[..., j] = j < lengths[...]`, with `maxlen` columns (by default `max(lengths)`).

        >>> tf.sequence_mask([2], 3, dtype=tf.float32).numpy().tolist()
        [[1.0, 1.0, 0.0]]
    """
    lengths = convert_to_tensor(lengths)
    if not lengths.dtype.is_integer:
        raise TypeError(f"sequence_mask expects integer lengths, got {lengths.dtype.name}")
    if maxlen is None:
        maxlen = reduce_max(lengths)
    else:
        maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.rank not in (None, 0):
            raise ValueError(f"Argument `maxlen` must be scalar for sequence_mask, received `maxlen` = {maxlen}.")
    columns = _tf_range(cast(maxlen, lengths.dtype))
    mask = less(columns, expand_dims(lengths, -1))
    dtype = dtypes.as_dtype(dtype)
    return mask if dtype is dtypes.bool else cast(mask, dtype)


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None, axis=None,
             binary_output=False):
    """Counts the occurrences of each value of the non-negative integers `arr` (summing `weights`
    instead when given): an output of length `max(arr) + 1`, at least `minlength`, at most
    `maxlength`. Not differentiable.

        >>> tf.math.bincount([1, 1, 3]).numpy().tolist()
        [0, 2, 0, 1]
    """
    if axis not in (None, 0, -1):
        raise ValueError(f"Unsupported axis value {axis}. Only 0 and -1 are currently supported.")
    arr = convert_to_tensor(arr)
    if not arr.dtype.is_integer:
        raise TypeError(f"bincount expects integer values, got {arr.dtype.name}")
    if weights is not None:
        weights = convert_to_tensor(weights)
        dtype = weights.dtype
    dtype = dtypes.as_dtype(dtype)
    lo = -1 if minlength is None else int(minlength)
    hi = -1 if maxlength is None else int(maxlength)
    last_axis = axis == -1

    def count(a, w=None):
        if (a < 0).any():
            raise ValueError("bincount: input arr must be non-negative")
        rows = a.reshape(-1, a.shape[-1]) if last_axis and a.ndim > 1 else [a.ravel()]
        size = int(a.max()) + 1 if a.size else 0
        size = max(size, lo)
        if hi >= 0:
            size = min(size, hi)
        out = []
        for i, r in enumerate(rows):
            ww = None if w is None else (w.reshape(len(rows), -1)[i] if last_axis and a.ndim > 1 else w.ravel())
            keep = r < size
            c = np.bincount(r[keep], None if ww is None else ww[keep], minlength=size)[:size]
            out.append(np.minimum(c, 1) if binary_output else c)
        res = np.stack(out) if last_axis and a.ndim > 1 else out[0]
        return res.astype(dtype.as_numpy_dtype)

    if weights is None:
        return numpy_function(count, [arr], dtype, stateful=False)
    return numpy_function(count, [arr, weights], dtype, stateful=False)


def polyval(coeffs, x, name=None):
    """`coeffs[0] * x**(n-1) + ... + coeffs[n-1]` by Horner's rule; `coeffs` is a list of scalars
    or tensors. With no coefficients the result is `zeros_like(x)`.

        >>> tf.math.polyval([1.0, 2.0, 3.0], tf.constant(2.0))
        <tf.Tensor: shape=(), dtype=float32, numpy=11.0>
    """
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError(f"Argument coeffs must be list type found {type(coeffs)}.")
    x = convert_to_tensor(x)
    if not coeffs:
        return zeros_like(x)
    out = convert_to_tensor(coeffs[0], x.dtype) if not isinstance(coeffs[0], (Tensor, Variable)) else coeffs[0]
    for c in coeffs[1:]:
        out = add(c, multiply(out, x))
    return out


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=dtypes.int32, name=None):
    """`m[i, j]` counts (or sums `weights` over) the examples of label `i` predicted as `j`; there are
    `max(labels, predictions) + 1` classes unless `num_classes` says. Not differentiable.

        >>> tf.math.confusion_matrix([0, 1, 1], [0, 0, 1]).numpy().tolist()
        [[1, 0], [1, 1]]
    """
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    dtype = dtypes.as_dtype(dtype)
    n = None if num_classes is None else int(num_classes)

    def count(lab, pred, w=None):
        lab, pred = lab.astype(np.int64).ravel(), pred.astype(np.int64).ravel()
        if lab.shape != pred.shape:
            raise ValueError(f"labels and predictions must have the same shape, got {lab.shape} and {pred.shape}")
        if (lab < 0).any() or (pred < 0).any():
            raise ValueError("confusion_matrix: labels and predictions must be non-negative")
        size = n if n is not None else (int(max(lab.max(), pred.max())) + 1 if lab.size else 0)
        if (lab >= size).any() or (pred >= size).any():
            raise ValueError(f"confusion_matrix: labels and predictions must be less than num_classes={size}")
        out = np.zeros((size, size), dtype.as_numpy_dtype)
        np.add.at(out, (lab, pred), 1 if w is None else w.ravel().astype(out.dtype))
        return out

    inputs = [labels, predictions]
    if weights is not None:
        inputs.append(cast(convert_to_tensor(weights), dtype))
    out = numpy_function(count, inputs, dtype, stateful=False)
    if n is not None and ctx.graph is not None:
        out.set_shape([n, n])
    return out


def in_top_k(targets, predictions, k, name=None):
    """Whether `predictions[i, targets[i]]` is among the `k` largest of row i (ties at the boundary
    count as in, as in TF; a non-finite prediction is never in).

        >>> tf.math.in_top_k([0, 1], [[0.1, 0.9], [0.2, 0.8]], 1).numpy().tolist()
        [False, True]
    """
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets)
    from .gather_ops import gather
    from .logic_ops import greater, logical_and
    from .math_ops2 import is_finite
    from .stack_ops import cast as _cast
    target_pred = gather(predictions, targets, axis=1, batch_dims=1)
    better = reduce_sum(_cast(greater(predictions, expand_dims(target_pred, -1)), dtypes.int32), axis=1)
    return logical_and(less(better, k), is_finite(target_pred))


def saturate_cast(value, dtype, name=None):
    """Casts `value` to `dtype`, clipping it first to the range `dtype` can hold.

        >>> tf.saturate_cast([300, -5], tf.uint8).numpy().tolist()
        [255, 0]
    """
    value = convert_to_tensor(value)
    dtype = dtypes.as_dtype(dtype)
    src = value.dtype
    if not (src.is_bool or dtype.is_bool or src.is_complex or dtype.is_complex):
        from .math_ops2 import clip_by_value
        lo, hi = dtype.min, dtype.max
        if src.min < lo or src.max > hi:
            lo_b, hi_b = np.array(max(src.min, lo), src._np), np.array(min(src.max, hi), src._np)
            if src.is_floating:  # the bound in the source type must not round past the target's range
                if float(hi_b) > hi:
                    hi_b = np.nextafter(hi_b, np.array(-np.inf, src._np))
                if float(lo_b) < lo:
                    lo_b = np.nextafter(lo_b, np.array(np.inf, src._np))
            value = clip_by_value(value, lo_b[()], hi_b[()])
    return cast(value, dtype)


def parallel_stack(values, name="parallel_stack"):
    """`tf.stack(values)` along a new first axis (TF copies the inputs in parallel; the result is
    the same). The shapes must be fully known, as TF requires.

        >>> tf.parallel_stack([[1, 2], [3, 4]]).numpy().tolist()
        [[1, 2], [3, 4]]
    """
    from .stack_ops import stack
    from .convert import convert_to_tensor as _convert
    values = [_convert(v) for v in values]
    for v in values:
        if not v.shape.is_fully_defined():
            raise ValueError(f"Cannot infer the shape of the output of parallel_stack: {v.shape} is not fully defined")
    return stack(values)


def guarantee_const(input, name=None):  # noqa: A002 - TF's name
    """`input` itself (TF's hint that it is constant over the graph's runs; deprecated in TF)."""
    from .array_ops import identity
    return identity(input)


class AggregationMethod:
    """How tf.gradients adds the gradients reaching a tensor along several paths. numtf always adds
    them the same way (ADD_N: the results of every method are equal up to rounding)."""
    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2
