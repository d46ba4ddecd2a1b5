"""`tf.raw_ops` table: shape, indexing, gather/scatter and creation ops (see __init__).

    >>> TABLE["Reshape"][0]
    'tensor, shape'
"""
from .. import linalg as L
from ..framework import dtypes
from ..ops import (array_ops, stack_ops, join_ops, creation_ops, indexing_ops, gather_ops, logic_ops, sort_ops,
                   special_ops, linalg_ops)
from ..ops.convert import convert_to_tensor
from ..ops.composite_ops import bincount
from ..ops.partition_ops import unravel_index, histogram_fixed_width, identity_n
from ..ops.space_ops import space_to_batch_nd, batch_to_space_nd, space_to_depth, depth_to_space
from ..ops.check_ops import ensure_shape, check_numerics
from ..autodiff.custom_gradient import stop_gradient
from ._math_table import same_type
from ..ops.linalg_ops4 import tensor_diag, tensor_diag_part

__all__ = ["TABLE"]


def _select(condition, x, y):
    # TF1's Select: a vector condition picks whole rows of higher-rank x and y.
    c, x = convert_to_tensor(condition), convert_to_tensor(x)
    if c.shape.rank == 1 and x.shape.rank not in (None, 1):
        c = array_ops.reshape(c, [-1] + [1] * (x.shape.rank - 1))
    return logic_ops.where(c, x, y)


def _cast(x, DstT, Truncate):  # noqa: N803 - TF's attr names
    t = convert_to_tensor(x)
    dst = dtypes.as_dtype(DstT)
    if Truncate and t.dtype.is_floating and dst.is_floating and dst.size < t.dtype.size:
        raise NotImplementedError("Cast: Truncate=True (truncating float rounding) is not supported by numtf")
    return stack_ops.cast(t, dst)


def _unpack(value, num, axis):
    return stack_ops.unstack(value, num=num, axis=axis)


def _squeeze(input, axis):  # noqa: A002
    return array_ops.squeeze(input, list(axis) or None)


def _strided_slice(input, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask,  # noqa: A002
                   shrink_axis_mask):
    return indexing_ops.strided_slice(input, begin, end, strides, begin_mask, end_mask, ellipsis_mask,
                                      new_axis_mask, shrink_axis_mask)


def _policy(fn, n):
    """An op with TF's `bad_indices_policy` attr; numtf always raises on a bad index ('' or 'ERROR')."""
    def op(*args):
        if args[n] not in ("", "DEFAULT", "ERROR"):
            raise NotImplementedError(f"bad_indices_policy={args[n]!r} is not supported by numtf")
        return fn(*args[:n])
    return op


def _split(axis, value, num_split):
    return join_ops.split(value, num_split, axis=axis)


def _split_v(value, size_splits, axis, num_split):
    return join_ops.split(value, size_splits, axis=axis, num=num_split)


def _unique(fn):
    return lambda x, out_idx: fn(x, out_idx)


def _bincount(arr, size, weights):
    w = convert_to_tensor(weights)  # TF's result has the weights' dtype even when they are empty
    return bincount(arr, None if w.shape.num_elements() == 0 else w, minlength=size, maxlength=size, dtype=w.dtype)


def _dense_bincount(input, size, weights, binary_output):  # noqa: A002
    w = convert_to_tensor(weights)
    has_w = w.shape.num_elements() != 0
    x = convert_to_tensor(input)
    return bincount(x, w if has_w else None, minlength=size, maxlength=size, binary_output=binary_output,
                    dtype=w.dtype if has_w else x.dtype, axis=-1 if x.shape.rank == 2 else None)


def _diag_v3(op):
    def check(align):
        if align != "RIGHT_LEFT":
            raise NotImplementedError(f"{op}: align={align!r} is not supported by numtf (only 'RIGHT_LEFT')")
    return check


def _matrix_diag_v3(diagonal, k, num_rows, num_cols, padding_value, align):
    _diag_v3("MatrixDiagV3")(align)
    return L.diag(diagonal, k=k, num_rows=num_rows, num_cols=num_cols, padding_value=padding_value)


def _matrix_diag_part_v3(input, k, padding_value, align):  # noqa: A002
    _diag_v3("MatrixDiagPartV3")(align)
    return L.diag_part(input, k=k, padding_value=padding_value)


def _matrix_set_diag_v3(input, diagonal, k, align):  # noqa: A002
    _diag_v3("MatrixSetDiagV3")(align)
    return L.set_diag(input, diagonal, k=k)


TABLE = {
    "Reshape": ("tensor, shape", array_ops.reshape),
    "Transpose": ("x, perm", array_ops.transpose),
    "ConcatV2": ("values, axis", join_ops.concat),
    "Pack": ("values, axis=0", stack_ops.stack),
    "Unpack": ("value, num, axis=0", _unpack),
    "Squeeze": ("input, axis=[]", _squeeze),
    "ExpandDims": ("input, axis", array_ops.expand_dims),
    "Shape": ("input, out_type=@int32", array_ops.shape),
    "Size": ("input, out_type=@int32", array_ops.size),
    "Rank": ("input", array_ops.rank),
    "Fill": ("dims, value", creation_ops.fill),
    "ZerosLike": ("x", creation_ops.zeros_like),
    "OnesLike": ("x", creation_ops.ones_like),
    "Tile": ("input, multiples", stack_ops.tile),
    "BroadcastTo": ("input, shape", stack_ops.broadcast_to),
    "BroadcastArgs": ("s0, s1", stack_ops.broadcast_dynamic_shape),
    "Slice": ("input, begin, size", indexing_ops.slice),
    "StridedSlice": ("input, begin, end, strides, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, "
                     "shrink_axis_mask=0", _strided_slice),
    "GatherV2": ("params, indices, axis, batch_dims=0",
                 lambda params, indices, axis, batch_dims: gather_ops.gather(params, indices, axis=axis,
                                                                             batch_dims=batch_dims)),
    "GatherNd": ("params, indices, bad_indices_policy=''", _policy(gather_ops.gather_nd, 2)),
    "ScatterNd": ("indices, updates, shape, bad_indices_policy=''", _policy(gather_ops.scatter_nd, 3)),
    "TensorScatterUpdate": ("tensor, indices, updates, bad_indices_policy=''",
                            _policy(gather_ops.tensor_scatter_nd_update, 3)),
    "TensorScatterAdd": ("tensor, indices, updates, bad_indices_policy=''",
                         _policy(gather_ops.tensor_scatter_nd_add, 3)),
    "TensorScatterSub": ("tensor, indices, updates, bad_indices_policy=''",
                         _policy(gather_ops.tensor_scatter_nd_sub, 3)),
    "TensorScatterMax": ("tensor, indices, updates, bad_indices_policy=''",
                         _policy(special_ops.tensor_scatter_nd_max, 3)),
    "TensorScatterMin": ("tensor, indices, updates, bad_indices_policy=''",
                         _policy(special_ops.tensor_scatter_nd_min, 3)),
    "Pad": ("input, paddings", join_ops.pad),
    "PadV2": ("input, paddings, constant_values",
              lambda input, paddings, constant_values: join_ops.pad(input, paddings,  # noqa: A002
                                                                    constant_values=constant_values)),
    "MirrorPad": ("input, paddings, mode", join_ops.pad),
    "Where": ("condition", logic_ops.where),
    "Select": ("condition, x, y", _select),
    "Cast": ("x, DstT, Truncate=False", _cast),
    "Identity": ("input", stack_ops.identity),
    "Snapshot": ("input", stack_ops.identity),
    "IdentityN": ("input", identity_n),
    "StopGradient": ("input", stop_gradient),
    "EnsureShape": ("input, shape", ensure_shape),
    "CheckNumerics": ("tensor, message", check_numerics),
    "OneHot": ("indices, depth, on_value, off_value, axis=-1", creation_ops.one_hot),
    "Range": ("start, limit, delta",
              lambda start, limit, delta: creation_ops._tf_range(*same_type(start, limit, delta,
                                                                            default=dtypes.int32))),
    "LinSpace": ("start, stop, num", creation_ops.linspace),
    "ReverseV2": ("tensor, axis", join_ops.reverse),
    "Roll": ("input, shift, axis", join_ops.roll),
    "ReverseSequence": ("input, seq_lengths, seq_dim, batch_dim=0", join_ops.reverse_sequence),
    "Split": ("axis, value, num_split", _split),
    "SplitV": ("value, size_splits, axis, num_split", _split_v),
    "Unique": ("x, out_idx=@int32", _unique(sort_ops.unique)),
    "UniqueWithCounts": ("x, out_idx=@int32", _unique(sort_ops.unique_with_counts)),
    "TopKV2": ("input, k, sorted=True, index_type=@int32", sort_ops.top_k),
    "SpaceToBatchND": ("input, block_shape, paddings", space_to_batch_nd),
    "BatchToSpaceND": ("input, block_shape, crops", batch_to_space_nd),
    "SpaceToDepth": ("input, block_size, data_format='NHWC'", space_to_depth),
    "DepthToSpace": ("input, block_size, data_format='NHWC'", depth_to_space),
    "Bitcast": ("input, type", special_ops.bitcast),
    "UnravelIndex": ("indices, dims", unravel_index),
    "HistogramFixedWidth": ("values, value_range, nbins, dtype=@int32", histogram_fixed_width),
    "Bincount": ("arr, size, weights", _bincount),
    "DenseBincount": ("input, size, weights, binary_output=False", _dense_bincount),
    "Diag": ("diagonal", tensor_diag),
    "DiagPart": ("input", tensor_diag_part),
    "MatrixDiagV3": ("diagonal, k, num_rows, num_cols, padding_value, align='RIGHT_LEFT'", _matrix_diag_v3),
    "MatrixDiagPartV3": ("input, k, padding_value, align='RIGHT_LEFT'", _matrix_diag_part_v3),
    "MatrixSetDiagV3": ("input, diagonal, k, align='RIGHT_LEFT'", _matrix_set_diag_v3),
    "MatrixBandPart": ("input, num_lower, num_upper", linalg_ops.band_part),
    "Einsum": ("inputs, equation", lambda inputs, equation: linalg_ops.einsum(equation, *inputs)),
}
