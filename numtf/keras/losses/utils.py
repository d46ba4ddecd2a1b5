"""Machinery shared by `tf.keras.losses` and `tf.keras.metrics`: the reduction keys, tf-keras's
rank adjustments between labels, predictions and sample weights, the weighted reduction of
per-example losses, and the shape checks that name the loss or metric in their errors.

    >>> from numtf.keras.losses.utils import compute_weighted_loss
    >>> float(compute_weighted_loss(tf.constant([1., 3.]), sample_weight=[1., 0.]))
    0.5
"""
import numpy as np

from ...framework import dtypes, errors
from ...framework.context import ctx
from ...framework.tensor import Tensor
from ...framework.variables import Variable
from ...ops.array_ops import cast, expand_dims, size, squeeze
from ...ops.convert import convert_to_tensor
from ...ops.math_ops2 import divide_no_nan
from ...ops.reduction_ops import reduce_sum


class Reduction:
    """`tf.keras.losses.Reduction`: how a `Loss` reduces its per-example values.

        >>> tf.keras.losses.Reduction.SUM_OVER_BATCH_SIZE
        'sum_over_batch_size'
    """
    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{cls.all()}"')


ReductionV2 = Reduction


class LabelShapeError(ValueError, errors.InvalidArgumentError):
    """Labels and predictions whose shapes don't fit the loss or metric they were given to.

    A ValueError, as TF raises while building a graph, and an InvalidArgumentError, as TF's op
    raises eagerly (`tf.keras.losses.MeanSquaredError()(tf.ones([2, 3]), tf.ones([2, 4]))`)."""

    def __init__(self, message):
        errors.InvalidArgumentError.__init__(self, None, None, message)


def as_tensor(x):
    """`x` as a Tensor (eager tensors pass through untouched: the hot path)."""
    return x if type(x) is Tensor else convert_to_tensor(x)


def is_tensor(x):
    """True for tensors and variables (tf-keras only adjusts ranks when both inputs are tensors)."""
    return isinstance(x, (Tensor, Variable))


def static_shape(t):
    """The shape as a tuple (None for unknown dimensions), or None for an unknown rank."""
    if type(t) is Tensor:
        return np.shape(t._value)
    s = t.shape
    return None if s.rank is None else tuple(s.as_list())


def fmt_shape(shape):
    return "<unknown>" if shape is None else str(tuple(shape))


def _dim_ok(a, b):
    return a is None or b is None or a == b


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """Squeezes a trailing size-1 dimension of `labels` or `predictions` when their ranks differ
    by one from `expected_rank_diff` (tf-keras's rule; ranks must be static)."""
    predictions = as_tensor(predictions)
    labels = as_tensor(labels)
    ps, ls = static_shape(predictions), static_shape(labels)
    if ps is None or ls is None:
        return labels, predictions
    rank_diff = len(ps) - len(ls)
    if rank_diff == expected_rank_diff + 1 and _dim_ok(ps[-1], 1):
        predictions = squeeze(predictions, [-1])
    elif rank_diff == expected_rank_diff - 1 and _dim_ok(ls[-1], 1):
        labels = squeeze(labels, [-1])
    return labels, predictions


def squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None):
    """tf-keras's adjustment of `y_true` (squeeze a trailing 1 to match `y_pred`'s rank, or of
    `y_pred` when it has the extra 1) and of `sample_weight` (squeeze or expand the last dimension
    to match `y_pred`'s rank). Returns (y_pred, y_true) or (y_pred, y_true, sample_weight)."""
    ps = static_shape(y_pred)
    if y_true is not None:
        ts = static_shape(y_true)
        if ts is not None and ps is not None and (len(ps) - len(ts) != 1 or ps[-1] == 1):
            y_true, y_pred = remove_squeezable_dimensions(y_true, y_pred)
            ps = static_shape(y_pred)
    if sample_weight is None:
        return y_pred, y_true
    ws = static_shape(sample_weight)
    if ws is not None and len(ws) and ps is not None:
        if len(ws) - len(ps) == 1:
            sample_weight = squeeze(sample_weight, [-1])
        elif len(ps) - len(ws) == 1:
            sample_weight = expand_dims(sample_weight, -1)
    return y_pred, y_true, sample_weight


def _num_elements(t):
    shape = static_shape(t)
    if shape is not None and None not in shape:
        return int(np.prod(shape, dtype=np.int64))
    return None


def reduce_weighted_loss(weighted_losses, reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """Applies `reduction` to already weighted per-example losses."""
    if reduction == Reduction.NONE:
        return weighted_losses
    total = reduce_sum(weighted_losses)
    if reduction != Reduction.SUM_OVER_BATCH_SIZE:
        return total
    n = _num_elements(weighted_losses)
    if n == 1:
        return total
    if n:
        return total / float(n)
    # an empty batch gives 0 (divide_no_nan), as in tf-keras
    return divide_no_nan(total, cast(size(weighted_losses), weighted_losses.dtype))


def compute_weighted_loss(losses, sample_weight=None, reduction=Reduction.SUM_OVER_BATCH_SIZE, name=None):
    """Weights per-example `losses` by `sample_weight` (broadcast after tf-keras's rank
    adjustment) and reduces them; integer losses are reduced in float32 and cast back."""
    Reduction.validate(reduction)
    if reduction == Reduction.AUTO:
        reduction = Reduction.SUM_OVER_BATCH_SIZE
    losses = as_tensor(losses)
    input_dtype = losses.dtype
    if not input_dtype.is_floating:
        losses = cast(losses, dtypes.float32)
    if sample_weight is not None:
        sample_weight = cast(sample_weight, losses.dtype)
        _, _, sample_weight = squeeze_or_expand_dimensions(losses, None, sample_weight)
        losses = losses * sample_weight
    loss = reduce_weighted_loss(losses, reduction)
    if not input_dtype.is_floating:
        loss = cast(loss, input_dtype)
    return loss


def apply_mask(y_p, sw, mask):
    """Folds a boolean `mask` into the sample weights."""
    if mask is None:
        return sw
    mask = cast(mask, y_p.dtype)
    if sw is None:
        return mask
    sw = cast(sw, mask.dtype)
    mask, _, sw = squeeze_or_expand_dimensions(mask, sample_weight=sw)
    return sw * mask


def apply_valid_mask(losses, sw, mask, reduction):
    """Like `apply_mask`, rescaling the mask so that 'sum_over_batch_size' averages over the
    valid entries only."""
    if mask is not None:
        mask = cast(mask, losses.dtype)
        if reduction in (Reduction.AUTO, Reduction.SUM_OVER_BATCH_SIZE):
            total = cast(size(mask), losses.dtype)
            mask = mask * (total / reduce_sum(mask))
    return apply_mask(losses, sw, mask)


# -- shape checks ---------------------------------------------------------------------------------
def _broadcastable(a, b):
    for x, y in zip(reversed(a), reversed(b)):
        if x is not None and y is not None and x != y and x != 1 and y != 1:
            return False
    return True


def _compatible(a, b):
    return len(a) == len(b) and all(_dim_ok(x, y) for x, y in zip(a, b))


def check_broadcastable(fn_name, y_true, y_pred):
    """Raises LabelShapeError unless `y_true` and `y_pred` broadcast together."""
    ts, ps = static_shape(y_true), static_shape(y_pred)
    if ts == ps or ts is None or ps is None or _broadcastable(ts, ps):
        return
    raise LabelShapeError(f"{fn_name}: `y_true` and `y_pred` have incompatible shapes: "
                          f"y_true.shape={fmt_shape(ts)}, y_pred.shape={fmt_shape(ps)}.")


def looks_sparse(ts, ps):
    """True when labels of shape `ts` look like class indices for predictions of shape `ps`."""
    return ps is not None and ts is not None and len(ps) >= 1 and (
        _compatible(ts, ps[:-1]) or _compatible(ts, ps[:-1] + (1,))) and ps[-1] != 1


def check_same_shape(fn_name, y_true, y_pred, sparse_name=None):
    """Raises LabelShapeError unless the shapes are compatible (equal up to unknown dimensions),
    with a hint at the sparse variant when `y_true` looks like class indices."""
    ts, ps = static_shape(y_true), static_shape(y_pred)
    if ts == ps or ts is None or ps is None or _compatible(ts, ps):
        return
    msg = (f"{fn_name}: `y_true` and `y_pred` must have the same shape, received "
           f"y_true.shape={fmt_shape(ts)} and y_pred.shape={fmt_shape(ps)}.")
    if sparse_name and looks_sparse(ts, ps):
        msg += (f" `y_true` looks like integer class indices, not one-hot vectors: did you mean "
                f"{sparse_name}?")
    raise LabelShapeError(msg)


def sparse_shape_error(fn_name, ts, ps, dense_name=None):
    """The LabelShapeError for class-index labels that don't fit the predictions."""
    msg = f"{fn_name}: `y_true` of shape {fmt_shape(ts)} does not fit `y_pred` of shape {fmt_shape(ps)}"
    if ps is not None and len(ps) >= 1:
        batch = tuple(ps[:-1])
        msg += (f": expected integer class indices of shape {fmt_shape(batch)} or "
                f"{fmt_shape(batch + (1,))}")
    msg += "."
    if dense_name and ts is not None and ps is not None and _compatible(ts, ps):
        msg += f" `y_true` looks one-hot encoded: did you mean {dense_name}?"
    return LabelShapeError(msg)


def in_graph():
    return ctx.graph is not None
