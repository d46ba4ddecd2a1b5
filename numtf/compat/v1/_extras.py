"""TF1 functions with no TF2 twin under another name: variable scatters (`tf.scatter_update`),
`py_func`, `setdiff1d`, `sparse_to_dense`, `string_split`, `make_template`, `count_up_to`, the
v2-behaviour switches, and small conveniences.

    >>> v = tf.Variable([1., 2., 3.])
    >>> tf.compat.v1.scatter_update(v, [0], [5.]).numpy()
    array([5., 2., 3.], dtype=float32)
"""
import collections
import contextlib
import logging
import sys

import numpy as np

from ...framework import dtypes
from ...framework.context import ctx
from ...framework.errors import OutOfRangeError
from ...framework.indexed_slices import IndexedSlices
from ...framework.sparse_tensor import SparseTensor
from ...framework.tensor_shape import Dimension, TensorShape
from ...ops.convert import convert_to_tensor
from ...ops.raw_codec_ops import decode_raw_v1 as decode_raw
from ...data.csv import decode_csv_v1 as decode_csv

__all__ = ["decode_raw", "decode_csv", "scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
           "scatter_max", "scatter_min", "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub", "batch_scatter_update",
           "py_func", "to_complex64", "to_complex128", "setdiff1d", "sparse_to_dense", "string_split", "substr",
           "batch_gather", "clip_by_average_norm", "count_up_to", "dimension_value", "dimension_at_index",
           "convert_to_tensor_or_indexed_slices", "convert_to_tensor_or_sparse_tensor", "make_template",
           "colocate_with", "container", "op_scope", "variable_op_scope", "initialize_all_tables",
           "tables_initializer", "executing_eagerly_outside_functions", "resource_variables_enabled",
           "enable_resource_variables", "disable_resource_variables", "control_flow_v2_enabled",
           "enable_control_flow_v2", "disable_control_flow_v2", "enable_tensor_equality", "disable_tensor_equality",
           "enable_v2_tensorshape", "disable_v2_tensorshape", "reverse_sequence"]

log = logging.getLogger("tensorflow")


def _tf():
    return sys.modules["numtf"]


# -- variable scatters: the Variable methods, TF1's function spelling ----------------------------
def _scatter(method):
    def scatter(ref, indices, updates, use_locking=False, name=None):
        slices = IndexedSlices(convert_to_tensor(updates, ref.dtype), convert_to_tensor(indices))
        return getattr(ref, method)(slices)
    scatter.__name__ = method
    scatter.__doc__ = (f"`ref.{method}` on rows `indices` with `updates`; returns the variable.\n\n"
                       f"        >>> tf.compat.v1.{method}(v, [0], [5.])\n    ")
    return scatter


scatter_update, scatter_add, scatter_sub, scatter_mul, scatter_div, scatter_max, scatter_min = (
    _scatter(m) for m in ("scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
                          "scatter_max", "scatter_min"))


def _scatter_nd(method):
    def scatter(ref, indices, updates, use_locking=True, name=None):
        return getattr(ref, method)(indices, convert_to_tensor(updates, ref.dtype))
    scatter.__name__ = method
    scatter.__doc__ = f"`ref.{method}(indices, updates)`; returns the variable."
    return scatter


scatter_nd_update, scatter_nd_add, scatter_nd_sub = (_scatter_nd(m) for m in (
    "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub"))


def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[i..., indices[i..., j]] = updates[i..., j]: a scatter along the last axis of each batch
    entry.

        >>> tf.compat.v1.batch_scatter_update(v, [[1], [0]], [[9.], [8.]])
    """
    tf = _tf()
    idx = convert_to_tensor(indices)
    batch = tf.meshgrid(*[tf.range(d, dtype=idx.dtype) for d in idx.shape[:-1]], indexing="ij")
    full = tf.stack([tf.broadcast_to(b[..., None], tf.shape(idx)) for b in batch] + [idx], axis=-1)
    return ref.scatter_nd_update(full, convert_to_tensor(updates, ref.dtype))


# -- conversions and small ops ----------------------------------------------------------------------
def py_func(func, inp, Tout, stateful=True, name=None):
    """TF1's `py_func`: `func` on NumPy arrays (`tf.numpy_function`)."""
    return _tf().numpy_function(func, inp, Tout, stateful=stateful, name=name)


def to_complex64(x, name="ToComplex64"):
    """`tf.cast(x, tf.complex64)`."""
    return _tf().cast(x, dtypes.complex64)


def to_complex128(x, name="ToComplex128"):
    """`tf.cast(x, tf.complex128)`."""
    return _tf().cast(x, dtypes.complex128)


ListDiff = collections.namedtuple("ListDiff", ("out", "idx"))


def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """The values of 1-D `x` not in `y`, in x's order, and their positions in x.

        >>> tf.compat.v1.setdiff1d([1, 2, 3, 4, 2], [2, 5]).out.numpy()
        array([1, 3, 4], dtype=int32)
    """
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    keep = np.flatnonzero(~np.isin(x.numpy(), y.numpy()))
    return ListDiff(_tf().gather(x, keep), convert_to_tensor(keep.astype(dtypes.as_dtype(index_dtype).as_numpy_dtype)))


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True, name=None):
    """A dense tensor of `output_shape` holding `sparse_values` at `sparse_indices` and
    `default_value` elsewhere (TF1; TF2 builds a tf.SparseTensor and calls tf.sparse.to_dense)."""
    tf = _tf()
    idx = tf.cast(convert_to_tensor(sparse_indices), dtypes.int64)
    if idx.shape.rank in (0, 1):
        idx = tf.reshape(idx, [-1, 1])
    values = convert_to_tensor(sparse_values)
    n = idx.shape[0]
    values = tf.broadcast_to(values, [n]) if values.shape.rank == 0 else values
    shape = tf.cast(tf.reshape(convert_to_tensor(output_shape), [-1]), dtypes.int64)
    st = SparseTensor(idx, values, shape)
    return tf.sparse.to_dense(tf.sparse.reorder(st), default_value=tf.cast(default_value, values.dtype),
                              validate_indices=validate_indices)


def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor", name=None):
    """Splits each string of a 1-D tensor on any of the characters of `sep` (a space by default):
    a tf.SparseTensor [n, max pieces] (or a tf.RaggedTensor with result_type='RaggedTensor')."""
    from ...framework.ragged_tensor import RaggedTensor
    sep = delimiter if sep is None else sep
    sep = " " if sep is None else sep
    strings = [s.decode() if isinstance(s, bytes) else s for s in np.asarray(convert_to_tensor(source).numpy(),
                                                                           object).reshape(-1).tolist()]
    rows = [[p for p in _split_any(s, sep) if p or not skip_empty] for s in strings]
    if result_type == "RaggedTensor":
        flat = np.array([p.encode() for r in rows for p in r] or np.zeros([0]), dtype=object).reshape(-1)
        return RaggedTensor.from_row_lengths(convert_to_tensor(flat, dtypes.string),
                                             np.array([len(r) for r in rows], np.int64))
    if result_type != "SparseTensor":
        raise ValueError(f"result_type must be 'RaggedTensor' or 'SparseTensor', not {result_type!r}")
    indices = [[i, j] for i, r in enumerate(rows) for j in range(len(r))]
    values = np.array([p.encode() for r in rows for p in r] or np.zeros([0]), dtype=object).reshape(-1)
    width = max((len(r) for r in rows), default=0)
    return SparseTensor(np.array(indices, np.int64).reshape(-1, 2), convert_to_tensor(values, dtypes.string),
                        np.array([len(rows), width], np.int64))


def _split_any(s, chars):
    """s split at every character of `chars` (TF1's string_split splits on each delimiter char;
    an empty `chars` splits into characters)."""
    if chars == "":
        return list(s)
    out, cur = [], ""
    for ch in s:
        if ch in chars:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,  # noqa: A002
                     batch_dim=None):
    """`tf.reverse_sequence` that also takes TF1's `seq_dim`/`batch_dim` names."""
    seq_axis = seq_dim if seq_axis is None else seq_axis
    batch_axis = batch_dim if batch_axis is None else batch_axis
    return _tf().reverse_sequence(input, seq_lengths, seq_axis=seq_axis, batch_axis=batch_axis)


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF's names
    """`tf.strings.substr`."""
    return _tf().strings.substr(input, pos, len, unit=unit)


def batch_gather(params, indices, name=None):
    """`tf.gather(params, indices, batch_dims=rank(indices) - 1)`."""
    indices = convert_to_tensor(indices)
    return _tf().gather(params, indices, batch_dims=indices.shape.rank - 1)


def clip_by_average_norm(t, clip_norm, name=None):
    """t * clip_norm / max(l2norm(t) / size(t), clip_norm): clips the average L2 norm per element."""
    tf = _tf()
    t = convert_to_tensor(t)
    n = tf.cast(tf.size(t), t.dtype)
    avg = tf.norm(t) / n
    clip_norm = tf.cast(clip_norm, t.dtype)
    return t * clip_norm / tf.maximum(avg, clip_norm)


def count_up_to(ref, limit, name=None):
    """Increments the integer variable `ref`; returns its value before. Eagerly, raises
    OutOfRangeError once it has reached `limit` (in graphs it only counts).

        >>> c = tf.Variable(0); tf.compat.v1.count_up_to(c, 2).numpy()
        0
    """
    old = ref.read_value()
    if ctx.graph is None and int(old) >= limit:
        raise OutOfRangeError(None, "ResourceCountUpTo", f"Reached limit of {limit} [Op:ResourceCountUpTo]")
    ref.assign_add(convert_to_tensor(1, ref.dtype))
    return old


def dimension_value(dimension):
    """The int (or None) of a TensorShape entry, whether an int or a Dimension."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape, index):
    """Entry `index` of `shape` as a Dimension (Dimension(None) when unknown)."""
    shape = TensorShape(shape)
    return Dimension(None) if shape.rank is None else Dimension(shape[index])


def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    """IndexedSlices as they are, anything else through tf.convert_to_tensor."""
    return value if isinstance(value, IndexedSlices) else convert_to_tensor(value, dtype)


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """SparseTensors as they are, anything else through tf.convert_to_tensor."""
    return value if isinstance(value, SparseTensor) else convert_to_tensor(value, dtype)


def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None, **kwargs):
    """`func_` wrapped so that every call shares the variables the first call creates with
    `get_variable`: calls run in variable scope `name_`, reusing it after the first.

        >>> dense = tf.compat.v1.make_template('dense', lambda x: x @ tf.compat.v1.get_variable('w', [3, 1]))
    """
    from ._scope import variable_scope
    state = {"calls": 0, "scope": None}

    def template(*args, **kw):
        scope = state["scope"] or unique_name_ or name_
        with variable_scope(scope, reuse=True if state["calls"] else None) as vs:
            state["scope"] = vs
            out = func_(*args, **dict(kwargs, **kw))
        state["calls"] += 1
        return out
    template.__name__ = name_
    return template


@contextlib.contextmanager
def colocate_with(op, ignore_existing=False):
    """Places the block's ops with `op`'s: numtf has one device, so nothing moves."""
    yield


@contextlib.contextmanager
def container(container_name):
    """TF1 resource containers: numtf keeps no containers, so the block runs as is."""
    yield


def op_scope(values, name, default_name=None):
    """Deprecated TF1 spelling of `name_scope(name, default_name, values)`."""
    from ._ops import name_scope
    return name_scope(name, default_name, values)


def variable_op_scope(values, name_or_scope, default_name=None, **kwargs):
    """Deprecated TF1 spelling of `variable_scope(name_or_scope, default_name, values)`."""
    from ._scope import variable_scope
    return variable_scope(name_or_scope, default_name, values, **kwargs)


def tables_initializer(name="init_all_tables"):
    """The op that initializes lookup tables: numtf's tables are ready when made, so a no-op."""
    from ._graph import no_op
    return no_op(name=name) if ctx.graph is not None else None


initialize_all_tables = tables_initializer


def executing_eagerly_outside_functions():
    """Whether the outermost context is eager (False after disable_eager_execution)."""
    return ctx.eager_default


# -- switches between TF1 and TF2 behaviour -------------------------------------------------------
def resource_variables_enabled():
    """True: numtf's variables are always resource variables."""
    return True


def control_flow_v2_enabled():
    """True: numtf's control flow is always TF2's."""
    return True


def enable_resource_variables():
    """numtf's variables are always resource variables: nothing to change."""


def enable_control_flow_v2():
    """numtf's control flow is always TF2's: nothing to change."""


def enable_tensor_equality():
    """numtf's tensors always compare elementwise with `==` (TF2): nothing to change."""


def enable_v2_tensorshape():
    """numtf's TensorShape entries are always ints or None (TF2): nothing to change."""


def disable_resource_variables():
    """TF1 reference variables: numtf has only resource variables, which give the same results for
    programs that do not rely on reads racing with assignments; it says so and keeps them."""
    log.warning("numtf has only resource variables: disable_resource_variables() keeps them.")


def disable_control_flow_v2():
    """TF1 control flow: numtf builds TF2's (same results); it says so and keeps it."""
    log.warning("numtf has only TF2 control flow: disable_control_flow_v2() keeps it.")


def disable_tensor_equality():
    """TF1's identity `==` on tensors is not supported: numtf's tensors compare elementwise."""
    raise NotImplementedError("numtf's tensors always compare elementwise with == (TF2's tensor equality); "
                              "compare with `a is b` or `a.ref() == b.ref()` to compare identities.")


def disable_v2_tensorshape():
    """TF1's Dimension-valued TensorShape entries are not supported: entries are ints or None."""
    raise NotImplementedError("numtf's TensorShape entries are always ints or None (TF2 behaviour); use "
                              "tf.compat.v1.dimension_value(shape[i]) where TF1 code reads shape[i].value.")
