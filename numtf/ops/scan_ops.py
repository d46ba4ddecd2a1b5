"""Index reductions, scans and segment sums: argmax/argmin, cumsum/cumprod, segment_sum,
unsorted_segment_sum. Reached through reduction_ops (whose helpers they share).

    >>> tf.cumsum([1, 2, 3]).numpy().tolist()
    [1, 3, 6]
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor
from .registry import primitive, no_gradient, execute, execute_unary
from .shape_rules import same_as_input
from .reduction_ops import M, NUMERIC, check_dtype, is_numeric, static_int_value, _eager

__all__ = []


# -- argmax, argmin --------------------------------------------------------------------------------
def _arg_kernel(fn, name, nan_as):
    def kernel(x, axis, output_type):
        if x.shape[axis] == 0:
            raise InvalidArgumentError(None, name, f"Reduction axis {axis} is empty in shape "
                                       f"[{','.join(map(str, x.shape))}] [Op:{name}]")
        if x.dtype.kind == "f":
            nan = np.isnan(x)
            if nan.any():  # TF never picks a NaN over a number: treat NaN as the worst value
                x = np.where(nan, x.dtype.type(nan_as), x)
        return fn(x, axis=axis).astype(output_type, copy=False)
    return kernel


def _arg_infer(ins, a):
    s = ins[0].shape
    out = TensorShape(None) if s.rank is None else TensorShape([d for i, d in enumerate(s) if i != a["axis"] % s.rank])
    return [(out, dtypes.as_dtype(a["output_type"]))]


ARGMAX = primitive("ArgMax", _arg_kernel(np.argmax, "ArgMax", -np.inf), _arg_infer)
ARGMIN = primitive("ArgMin", _arg_kernel(np.argmin, "ArgMin", np.inf), _arg_infer)
no_gradient(ARGMAX, "indices are integers")
no_gradient(ARGMIN, "indices are integers")


def _arg_reduce(op, input, axis, output_type):
    t = _as_tensor(input)
    if t.dtype is not dtypes.bool:  # TF's ArgMax/ArgMin kernels also take bool
        check_dtype(t, op.name, is_numeric, NUMERIC)
    axis = 0 if axis is None else int(static_int_value(axis))
    rank = t.shape.rank
    if rank is not None and not -rank <= axis < rank:
        msg = f"Expected dimension in the range [{-rank}, {rank}), but got {axis}"
        if _eager(t):
            raise InvalidArgumentError(None, op.name, f"{msg} [Op:{op.name}]")
        raise ValueError(msg)
    if rank is not None:
        axis %= rank
    return execute_unary(op, t, {"axis": axis, "output_type": dtypes.as_dtype(output_type)._np})


def argmax(input, axis=None, output_type=dtypes.int64, name=None):
    """Index of the largest value along `axis` (default 0); int64 unless `output_type` says.

        >>> tf.argmax([[1, 5], [7, 2]]).numpy().tolist()
        [1, 0]
    """
    return _arg_reduce(ARGMAX, input, axis, output_type)


def argmin(input, axis=None, output_type=dtypes.int64, name=None):
    """Index of the smallest value along `axis` (default 0).

        >>> tf.argmin([[3, 1], [0, 5]], axis=-1).numpy().tolist()
        [1, 0]
    """
    return _arg_reduce(ARGMIN, input, axis, output_type)


# -- cumsum, cumprod -------------------------------------------------------------------------------
def _scan_kernel(fn, identity):
    def kernel(x, axis, exclusive, reverse):
        if reverse:
            x = np.flip(x, axis)
        if exclusive:
            out = np.empty_like(x)
            head = [slice(None)] * x.ndim
            head[axis] = slice(0, 1)
            out[tuple(head)] = identity
            if x.shape[axis] > 1:
                dst, src = list(head), list(head)
                dst[axis], src[axis] = slice(1, None), slice(0, -1)
                fn(x[tuple(src)], axis=axis, dtype=x.dtype, out=out[tuple(dst)])
        else:
            out = fn(x, axis=axis, dtype=x.dtype)
        return np.flip(out, axis) if reverse else out
    return kernel


CUMSUM = primitive("Cumsum", _scan_kernel(np.cumsum, 0), same_as_input,
                   grad=lambda n, g: cumsum(g, n.attrs["axis"], n.attrs["exclusive"], not n.attrs["reverse"]))
CUMPROD = primitive("Cumprod", _scan_kernel(np.cumprod, 1), same_as_input)


def _cumprod_grad(n, g):
    # TF's rule, including its division: elements equal to zero get a zero gradient.
    x, a = n.inputs[0], n.attrs
    prod = cumprod(x, a["axis"], a["exclusive"], a["reverse"])
    # No conjugates for complex x either: TF's cumprod gradient is this plain rule.
    out = cumsum(prod * g, a["axis"], a["exclusive"], not a["reverse"])
    return M.divide_no_nan(out, x)


CUMPROD.grad = _cumprod_grad


def _scan(op, x, axis, exclusive, reverse):
    t = _as_tensor(x)
    check_dtype(t, op.name, is_numeric, NUMERIC)
    axis = int(static_int_value(axis))
    rank = t.shape.rank
    if rank is not None:
        if not -max(rank, 1) <= axis < max(rank, 1):
            msg = f"ScanOp: Expected scan axis in the range [{-rank}, {rank}), but got {axis}"
            if _eager(t):
                raise InvalidArgumentError(None, op.name, f"{msg} [Op:{op.name}]")
            raise ValueError(msg)
        axis %= max(rank, 1)
    return execute_unary(op, t, {"axis": axis, "exclusive": bool(exclusive), "reverse": bool(reverse)})


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis`; `exclusive` starts from 0, `reverse` sums from the end.

        >>> tf.cumsum([1, 2, 3], exclusive=True, reverse=True).numpy().tolist()
        [5, 3, 0]
    """
    return _scan(CUMSUM, x, axis, exclusive, reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along `axis` (`tf.math.cumprod`).

        >>> tf.math.cumprod([1, 2, 3], exclusive=True).numpy().tolist()
        [1, 1, 2]
    """
    return _scan(CUMPROD, x, axis, exclusive, reverse)


# -- segment sums ----------------------------------------------------------------------------------
def _segment_sum_kernel(data, ids):
    ids = np.asarray(ids)
    if ids.ndim != 1 or data.ndim < 1 or ids.shape[0] != data.shape[0]:
        raise InvalidArgumentError(None, "SegmentSum", "segment_ids should be the same size as dimension 0 "
                                   "of input. [Op:SegmentSum]")
    num = int(ids[-1]) + 1 if ids.size else 0
    if ids.size and ids.min() < 0:
        bad = ids[np.argmax(ids < 0)]
        raise InvalidArgumentError(None, "SegmentSum", f"Segment id {bad} out of range [0, {max(num, 0)}), "
                                   "possibly because 'segment_ids' input is not sorted. [Op:SegmentSum]")
    if ids.size > 1 and np.any(ids[1:] < ids[:-1]):
        raise InvalidArgumentError(None, "SegmentSum", "segment ids are not increasing [Op:SegmentSum]")
    out = np.zeros((num,) + data.shape[1:], dtype=data.dtype)
    np.add.at(out, ids, data)
    return out


def _unsorted_segment_sum_kernel(data, ids, *like, num_segments=None):
    ids = np.asarray(ids)
    if like:
        num_segments = like[0].shape[0]
    if data.shape[:ids.ndim] != ids.shape:
        raise InvalidArgumentError(
            None, "UnsortedSegmentSum", f"data.shape = [{','.join(map(str, data.shape))}] does not start with "
            f"segment_ids.shape = [{','.join(map(str, ids.shape))}] [Op:UnsortedSegmentSum]")
    flat_ids = ids.reshape(-1)
    flat = data.reshape((flat_ids.size,) + data.shape[ids.ndim:])
    over = flat_ids >= num_segments
    if np.any(over):
        i = int(np.argmax(over))
        raise InvalidArgumentError(None, "UnsortedSegmentSum", f"segment_ids[{i}] = {flat_ids[i]} is out of range "
                                   f"[0, {num_segments}) [Op:UnsortedSegmentSum]")
    keep = flat_ids >= 0  # TF drops negative ids
    out = np.zeros((num_segments,) + data.shape[ids.ndim:], dtype=data.dtype)
    if keep.all():
        np.add.at(out, flat_ids, flat)
    else:
        np.add.at(out, flat_ids[keep], flat[keep])
    return out


def _gather_drop_negatives_kernel(params, ids):
    safe = np.maximum(ids, 0)
    out = params[safe]
    neg = ids < 0
    if neg.any():
        out[neg] = 0
    return out


def _segment_sum_infer(ins, a):
    s = ins[0].shape
    return [(TensorShape(None) if s.rank is None else TensorShape([None] + list(s)[1:]), ins[0].dtype)]


def _unsorted_infer(ins, a):
    s, ids = ins[0].shape, ins[1].shape
    num = ins[2].shape[0] if len(ins) > 2 and ins[2].shape.rank else a.get("num_segments")
    if s.rank is None or ids.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    return [(TensorShape([num] + list(s)[ids.rank:]), ins[0].dtype)]


def _gather_infer(ins, a):
    p, ids = ins[0].shape, ins[1].shape
    if p.rank is None or ids.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    return [(TensorShape(list(ids) + list(p)[1:]), ins[0].dtype)]


SEGMENT_SUM = primitive("SegmentSum", _segment_sum_kernel, _segment_sum_infer,
                        grad=lambda n, g: (execute(GATHER_DROP_NEGATIVES, (g, n.inputs[1])), None))
UNSORTED_SEGMENT_SUM = primitive("UnsortedSegmentSum", _unsorted_segment_sum_kernel, _unsorted_infer,
                                 grad=lambda n, g: (execute(GATHER_DROP_NEGATIVES, (g, n.inputs[1])), None)
                                 + (None,) * (len(n.inputs) - 2))
# Rows of `params` picked by `ids`, zero where an id is negative (unsorted_segment_sum's gradient).
GATHER_DROP_NEGATIVES = primitive(
    "GatherDropNegatives", _gather_drop_negatives_kernel, _gather_infer,
    grad=lambda n, g: (execute(UNSORTED_SEGMENT_SUM, (g, n.inputs[1], n.inputs[0])), None))


def _check_ids(ids, op_name):
    if not ids.dtype.is_integer:
        from .registry import dtype_error
        raise dtype_error(op_name, 1, dtypes.int32, ids.dtype)


def segment_sum(data, segment_ids, name=None):
    """Sums rows of `data` sharing a (sorted) segment id: out[i] = sum of data[j] with ids[j] == i.

        >>> tf.math.segment_sum([1., 2., 3.], [0, 0, 2]).numpy().tolist()
        [3.0, 0.0, 3.0]
    """
    d, ids = _as_tensor(data), _as_tensor(segment_ids)
    _check_ids(ids, "SegmentSum")
    check_dtype(d, "SegmentSum", is_numeric, NUMERIC, "data")
    return execute(SEGMENT_SUM, (d, ids))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums slices of `data` into `num_segments` rows by id (any order; negative ids are dropped).

        >>> tf.math.unsorted_segment_sum([1., 2., 3.], [1, 0, 1], 2).numpy().tolist()
        [2.0, 4.0]
    """
    d, ids = _as_tensor(data), _as_tensor(segment_ids)
    _check_ids(ids, "UnsortedSegmentSum")
    check_dtype(d, "UnsortedSegmentSum", is_numeric, NUMERIC, "data")
    num = int(static_int_value(num_segments, "num_segments"))
    return execute(UNSORTED_SEGMENT_SUM, (d, ids), {"num_segments": num})


def unsorted_segment_sum_like(data, segment_ids, like):
    """unsorted_segment_sum with num_segments = like.shape[0], known only when the graph runs
    (for gradients of gathers: `unsorted_segment_sum_like(grad, indices, params)`)."""
    return execute(UNSORTED_SEGMENT_SUM, (data, segment_ids, like))
