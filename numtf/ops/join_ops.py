"""Joining and reshaping-by-copy ops: concat, split, pad, reverse, roll, repeat. Each primitive sits
beside its gradient.

    >>> tf.concat([[1, 2], [3]], axis=0).numpy()
    array([1, 2, 3], dtype=int32)
"""
import numpy as np

from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import (_as_tensor, _err, _dims_text, _nones, _raise, _scalar_int, _variant, _int_arg,
                        get_static_value, identity, shape)
from .convert import convert_all, convert_to_tensor
from .registry import primitive, execute, execute_unary
from .shape_rules import same_as_input

__all__ = ["concat", "split", "pad", "reverse", "reverse_sequence", "roll", "repeat"]


# -- concat / split -------------------------------------------------------------------------
def _concat_kernel(*xs, axis):
    try:
        return np.concatenate(xs, axis=axis)
    except ValueError:
        pass
    s0 = np.shape(xs[0])
    r = len(s0)
    if r == 0:
        raise _err("ConcatV2", "ConcatOp : Can't concatenate scalars (use tf.stack instead)")
    if not -r <= axis < r:
        raise _err("ConcatV2", f"ConcatOp : Expected concatenating dimensions in the range [{-r}, {r}), but got {axis}")
    a = axis % r
    for i, x in enumerate(xs[1:], 1):
        s = np.shape(x)
        if len(s) != r:
            raise _err("ConcatV2", f"ConcatOp : Ranks of all input tensors should match: shape[0] = {_dims_text(s0)} "
                                   f"vs. shape[{i}] = {_dims_text(s)}")
        for d in range(r):
            if d != a and s[d] != s0[d]:
                raise _err("ConcatV2", f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] = "
                                       f"{_dims_text(s0)} vs. shape[{i}] = {_dims_text(s)}")
    raise _err("ConcatV2", "ConcatOp : invalid inputs")


def _concat_infer(ins, attrs):
    shapes = [t.shape for t in ins]
    known = [s for s in shapes if s.rank is not None]
    if not known:
        return [(TensorShape(None), ins[0].dtype)]
    r = known[0].rank
    axis = attrs["axis"]
    if r == 0 or not -r <= axis < r:
        raise ValueError(f"Shape must be at least rank 1 and axis in range for 'ConcatV2': axis {axis}, rank {r}")
    a = axis % r
    dims = [None] * r
    total = 0
    for s in shapes:
        if s.rank is None:
            total = None
            continue
        if s.rank != r:
            raise ValueError(f"Shape must be rank {r} but is rank {s.rank} for 'ConcatV2'")
        for d in range(r):
            if d == a:
                total = None if total is None or s[d] is None else total + s[d]
            elif s[d] is not None:
                if dims[d] is not None and dims[d] != s[d]:
                    raise ValueError(f"Dimension {d} in both shapes must be equal, but are {dims[d]} and {s[d]}. "
                                     f"Shapes are {shapes[0]} and {s}.")
                dims[d] = s[d]
    dims[a] = total
    return [(TensorShape(dims), ins[0].dtype)]


def _concat_grad(n, *gs):
    return _split_like(gs[0], n.inputs, n.attrs["axis"])


CONCAT = primitive("ConcatV2", _concat_kernel, _concat_infer, grad=_concat_grad)


def _split_like_kernel(g, *likes, axis):
    bounds = np.cumsum([np.shape(x)[axis] for x in likes])[:-1]
    return tuple(np.split(g, bounds, axis=axis))


def _split_like_infer(ins, attrs):
    g = ins[0].shape
    a = attrs["axis"]
    out = []
    for x in ins[1:]:
        if g.rank is None:
            out.append((x.shape, ins[0].dtype))
            continue
        dims = list(g)
        dims[a] = x.shape[a] if x.shape.rank is not None else None
        out.append((TensorShape(dims), ins[0].dtype))
    return out


def _split_like(g, likes, axis):
    """Splits `g` along `axis` into pieces as long as each of `likes` (concat's gradient)."""
    op = _variant("SplitLike", len(likes), _split_like_kernel, _split_like_infer,
                  lambda n, *gs: (concat(list(gs), n.attrs["axis"]),) + (None,) * (len(n.inputs) - 1))
    return list(execute(op, (g,) + tuple(likes), {"axis": axis}))


def concat(values, axis, name="concat"):
    """Joins tensors along an existing `axis` (negative counts from the end).

        >>> tf.concat([[1, 2], [3]], 0).numpy()
        array([1, 2, 3], dtype=int32)
    """
    if isinstance(values, (Tensor,)) or not isinstance(values, (list, tuple)):
        values = [values]
    for v in values:
        if type(v) is not Tensor and hasattr(v, "_numtf_dispatch_"):  # RaggedTensor operands
            return v._numtf_dispatch_("concat", values, axis)
    if not len(values):
        raise _err("ConcatV2", "OpKernel 'ConcatV2' has constraint on attr 'T' not in NodeDef '[N=0]'")
    ts = convert_all(list(values), "ConcatV2")
    axis = _scalar_int(axis, "axis")
    r = ts[0].shape.rank
    if len(ts) == 1:
        if r is not None and not -r <= axis < max(r, 1):
            _raise("ConcatV2", f"ConcatOp : Expected concatenating dimensions in the range [{-r}, {r}), but got {axis}",
                   type(ts[0]) is not Tensor)
        return identity(ts[0])
    if r is not None and type(ts[0]) is Tensor:
        if r == 0:
            raise _err("ConcatV2", "ConcatOp : Can't concatenate scalars (use tf.stack instead)")
        if not -r <= axis < r:
            raise _err("ConcatV2", f"ConcatOp : Expected concatenating dimensions in the range [{-r}, {r}), but got {axis}")
    if r is not None and r > 0 and -r <= axis < r:
        axis %= r
    return execute(CONCAT, ts, {"axis": axis})


def _split_kernel(x, num_split, axis):
    d = x.shape[axis]
    if d % num_split:
        raise _err("Split", f"Number of ways to split should evenly divide the split dimension, but got "
                            f"split_dim {axis % x.ndim} (size = {d}) and num_split {num_split}")
    return tuple(np.split(x, num_split, axis=axis))


def _split_infer(ins, attrs):
    s = ins[0].shape
    n, a = attrs["num_split"], attrs["axis"]
    if s.rank is None:
        return [(s, ins[0].dtype)] * n
    dims = list(s)
    if dims[a] is not None:
        if dims[a] % n:
            raise ValueError(f"Dimension size must be evenly divisible by {n} but is {dims[a]} for 'Split'")
        dims[a] //= n
    return [(TensorShape(dims), ins[0].dtype)] * n


def _splitv_sizes(sizes, d):
    """`sizes` with its -1 resolved against the dimension size `d`, or TF's error."""
    if list(sizes).count(-1) > 1:
        raise _err("SplitV", "There can only be one -1 in the input.")
    known = sum(s for s in sizes if s != -1)
    if known > d or -1 not in sizes and known != d:
        raise _err("SplitV", "Determined shape must either match input shape along split_dim exactly if fully "
                             "specified, or be less than the size of the input along split_dim if not fully "
                             f"specified.  Got: {known}")
    return [d - known if s == -1 else s for s in sizes]


def _splitv_kernel(x, size_splits, axis):
    sizes = _splitv_sizes(size_splits, x.shape[axis])
    return tuple(np.split(x, np.cumsum(sizes)[:-1], axis=axis))


def _splitv_infer(ins, attrs):
    s = ins[0].shape
    sizes, a = attrs["size_splits"], attrs["axis"]
    if s.rank is None:
        return [(s, ins[0].dtype)] * len(sizes)
    dims = list(s)
    if dims[a] is not None:
        try:
            sizes = _splitv_sizes(sizes, dims[a])
        except Exception as e:  # noqa: BLE001
            raise ValueError(e.message.split(" [Op:")[0]) from None
    return [(TensorShape(dims[:a] + [None if k == -1 else k] + dims[a + 1:]), ins[0].dtype) for k in sizes]


def _split_grad(n, *gs):
    return concat(list(gs), n.attrs["axis"])


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits a tensor along `axis` into `num_or_size_splits` equal pieces, or pieces of the
    given sizes (one of which may be -1). Returns a list.

        >>> [t.numpy().tolist() for t in tf.split(tf.range(6), [1, -1, 2])]
        [[0], [1, 2, 3], [4, 5]]
    """
    t = _as_tensor(value)
    axis = _scalar_int(axis, "axis")
    r = t.shape.rank
    if r is not None:
        if not -r <= axis < r:
            _raise("Split", f"-{r} <= axis < {r} is required, got {axis}", type(t) is not Tensor)
        axis %= r
    spec = num_or_size_splits
    if not isinstance(spec, (list, tuple)):
        spec = get_static_value(spec) if not isinstance(spec, int) else spec
        if np.ndim(spec) == 0:
            k = int(spec)
            op = _variant("Split", k, _split_kernel, _split_infer, _split_grad)
            return list(execute(op, (t,), {"num_split": k, "axis": axis}))
    sizes = _int_arg(spec, "SplitV", "Tlen")
    if num is not None and num != len(sizes):
        raise ValueError(f"Cannot infer argument `num` from shape {TensorShape([len(sizes)])}")
    op = _variant("SplitV", len(sizes), _splitv_kernel, _splitv_infer, _split_grad)
    return list(execute(op, (t,), {"size_splits": sizes, "axis": axis}))


# -- pad -----------------------------------------------------------------------------------------
def _pad_kernel(x, paddings, constant_values):
    out = np.full(tuple(d + a + b for d, (a, b) in zip(np.shape(x), paddings)), constant_values, dtype=x.dtype)
    out[tuple(slice(a, a + d) for d, (a, _) in zip(np.shape(x), paddings))] = x
    return out


def _pad_infer(ins, attrs, sign=1):
    s = ins[0].shape
    p = attrs["paddings"]
    if s.rank is None:
        return [(TensorShape([None] * len(p)), ins[0].dtype)]
    return [(TensorShape([None if d is None else d + sign * (a + b) for d, (a, b) in zip(s, p)]), ins[0].dtype)]


def _pad_grad(n, g):
    from .indexing_ops import slice as slice_
    return _nones(n, slice_(g, [a for a, _ in n.attrs["paddings"]], shape(n.inputs[0])))


PAD = primitive("Pad", _pad_kernel, _pad_infer, grad=_pad_grad)


def _mirror_pad_kernel(x, paddings, mode):
    return np.pad(x, paddings, mode="reflect" if mode == "REFLECT" else "symmetric")


def _mirror_pad_grad_kernel(g, paddings, mode):
    off = 1 if mode == "REFLECT" else 0
    for axis, (a, b) in enumerate(paddings):
        if not a and not b:
            continue
        m = np.moveaxis(g, axis, 0)
        n = m.shape[0] - a - b
        core = m[a:a + n].copy()
        if a:
            core[off:off + a] += m[a - 1::-1]
        if b:
            core[n - off - b:n - off] += m[:a + n - 1:-1]
        g = np.moveaxis(core, 0, axis)
    return g


MIRROR_PAD = primitive("MirrorPad", _mirror_pad_kernel, _pad_infer,
                       grad=lambda n, g: execute_unary(MIRROR_PAD_GRAD, g, n.attrs))
MIRROR_PAD_GRAD = primitive("MirrorPadGrad", _mirror_pad_grad_kernel,
                            lambda ins, attrs: _pad_infer(ins, attrs, -1),
                            grad=lambda n, g: execute_unary(MIRROR_PAD, g, n.attrs))


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads each dimension i with paddings[i] = [before, after] values: `constant_values`
    (CONSTANT), a mirror without the edge (REFLECT) or with it (SYMMETRIC).

        >>> tf.pad([[1, 2]], [[1, 0], [0, 1]]).numpy().tolist()
        [[0, 0, 0], [1, 2, 0]]
    """
    t = _as_tensor(tensor)
    m = str(mode).upper()
    if m not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
                         f"Received `mode` = {mode}")
    op_name = "Pad" if m == "CONSTANT" else "MirrorPad"
    p = get_static_value(paddings) if not isinstance(paddings, (list, tuple)) else paddings
    if p is None:
        raise ValueError("numtf needs the `paddings` of tf.pad to be known while building the graph")
    p = np.asarray(p)
    if p.dtype == object:
        p = np.array([[int(get_static_value(v)) for v in row] for row in paddings])
    symbolic = type(t) is not Tensor
    r = t.shape.rank
    if p.ndim != 2 or p.shape[1] != 2:
        _raise(op_name, f"paddings must be a matrix with 2 columns: {_dims_text(p.shape)}", symbolic)
    if r is not None and p.shape[0] != r:
        _raise(op_name, f"The first dimension of paddings must be the rank of inputs{_dims_text(p.shape)} "
                        f"{_dims_text(t.shape.as_list())}", symbolic)
    p = tuple((int(a), int(b)) for a, b in p)
    for a, b in p:
        if a < 0 or b < 0:
            _raise(op_name, f"Paddings must be non-negative: {a} {b}", symbolic)
    if m == "CONSTANT":
        cv = convert_to_tensor(constant_values, t.dtype) if not isinstance(constant_values, Tensor) \
            else constant_values
        if cv.dtype is not t.dtype:
            raise TypeError(f"constant_values must have the dtype of tensor ({t.dtype.name}), got {cv.dtype.name}")
        return execute_unary(PAD, t, {"paddings": p, "constant_values": np.asarray(get_static_value(cv))})
    if r is not None:
        for d, (a, b) in zip(t.shape, p):
            if d is None:
                continue
            if m == "REFLECT" and (a >= d or b >= d):
                _raise(op_name, f"paddings must be less than the dimension size: {a}, {b} not less than {d}", symbolic)
            if m == "SYMMETRIC" and (a > d or b > d):
                _raise(op_name, f"paddings must be no greater than the dimension size: {a}, {b} greater than {d}",
                       symbolic)
    return execute_unary(MIRROR_PAD, t, {"paddings": p, "mode": m})


# -- reverse, roll, repeat --------------------------------------------------------------------
REVERSE = primitive("ReverseV2", lambda x, axis: np.flip(x, axis), same_as_input,
                    grad=lambda n, g: execute_unary(REVERSE, g, n.attrs))


def _axes_list(axis, op, what="axis"):
    v = axis if isinstance(axis, (int, list, tuple)) else get_static_value(axis)
    if v is None:
        raise ValueError(f"numtf needs the `{what}` of {op} to be known while building the graph")
    return v


def reverse(tensor, axis, name=None):
    """Reverses the order of elements along each axis in `axis` (a list).

        >>> tf.reverse([[1, 2], [3, 4]], [1]).numpy().tolist()
        [[2, 1], [4, 3]]
    """
    t = _as_tensor(tensor)
    a = _axes_list(axis, "tf.reverse")
    symbolic = type(t) is not Tensor
    if np.ndim(a) != 1:
        _raise("ReverseV2", f"'dims' must be 1-dimension, not {np.ndim(a)}", symbolic)
    a = [int(x) for x in a]
    r = t.shape.rank
    if r is not None:
        seen = set()
        for i, x in enumerate(a):
            if not -r <= x < r:
                _raise("ReverseV2", f"'axis'[{i}] = {x} is out of valid range [0, {r - 1}", symbolic)
            if x % r in seen:
                _raise("ReverseV2", f"axis {x % r} specified more than once.", symbolic)
            seen.add(x % r)
        a = [x % r for x in a]
    return execute_unary(REVERSE, t, {"axis": tuple(a)})


def _reverse_sequence_kernel(x, lengths, seq_axis, batch_axis):
    lengths = np.asarray(lengths)
    if lengths.ndim != 1:
        raise _err("ReverseSequence", f"seq_lengths must be 1-dim, not {lengths.ndim}")
    if lengths.shape[0] != x.shape[batch_axis]:
        raise _err("ReverseSequence", f"Length of seq_lengths != input.dims({batch_axis}), "
                                      f"({lengths.shape[0]} vs. {x.shape[batch_axis]})")
    for b, n in enumerate(lengths.tolist()):
        if n < 0:
            raise _err("ReverseSequence", f"seq_lens({b}) < 0")
        if n > x.shape[seq_axis]:
            raise _err("ReverseSequence", f"seq_lens({b}) > input.dims({seq_axis})")
    out = x.copy()
    # One fancy-indexed gather: position t of batch entry b reads t' = n_b - 1 - t when t < n_b.
    t = np.arange(x.shape[seq_axis])
    src = np.where(t[None, :] < lengths[:, None], lengths[:, None] - 1 - t[None, :], t[None, :])  # (batch, time)
    moved = np.moveaxis(x, (batch_axis, seq_axis), (0, 1))
    np.copyto(np.moveaxis(out, (batch_axis, seq_axis), (0, 1)),
              moved[np.arange(len(lengths))[:, None], src])
    return out


_C_NAME = {"float32": "float", "float64": "double", "float16": "half"}  # TF's attr error spelling
REVERSE_SEQUENCE = primitive("ReverseSequence", _reverse_sequence_kernel, same_as_input,
                             grad=lambda n, g: (execute(REVERSE_SEQUENCE, (g, n.inputs[1]), n.attrs), None))


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None):  # noqa: A002 - TF's name
    """Reverses the first `seq_lengths[b]` elements along `seq_axis` of each slice `b` along
    `batch_axis` (default 0); the rest stay in place.

        >>> tf.reverse_sequence([[1, 2, 3], [4, 5, 6]], [2, 3], seq_axis=1).numpy().tolist()
        [[2, 1, 3], [6, 5, 4]]
    """
    if seq_axis is None:
        raise TypeError("Expected int for argument 'seq_dim' not None.")
    batch_axis = 0 if batch_axis is None else int(batch_axis)
    seq_axis = int(seq_axis)
    t = _as_tensor(input)
    lengths = seq_lengths if isinstance(seq_lengths, Tensor) else convert_to_tensor(seq_lengths)
    symbolic = type(t) is not Tensor or type(lengths) is not Tensor
    if lengths.dtype.name not in ("int32", "int64"):
        _raise("ReverseSequence", f"Value for attr 'Tlen' of {_C_NAME.get(lengths.dtype.name, lengths.dtype.name)} is not in the list of allowed values: "
                                  "int32, int64", symbolic)
    r = t.shape.rank
    if r is not None:
        if seq_axis == batch_axis:
            _raise("ReverseSequence", f"batch_dim == seq_dim == {seq_axis}", symbolic)
        for what, a in (("seq_dim", seq_axis), ("batch_dim", batch_axis)):
            if not 0 <= a < r:
                _raise("ReverseSequence", f"Invalid {what} {a}: input rank is {r}", symbolic)
    return execute(REVERSE_SEQUENCE, (t, lengths), {"seq_axis": seq_axis, "batch_axis": batch_axis})


ROLL = primitive("Roll", lambda x, shift, axis: np.roll(x, shift, axis), same_as_input,
                 grad=lambda n, g: execute_unary(ROLL, g, {"shift": tuple(-s for s in n.attrs["shift"]),
                                                           "axis": n.attrs["axis"]}))


def roll(input, shift, axis, name=None):
    """Rolls elements along `axis` by `shift` (both scalars or equal-length lists; shifts on a
    repeated axis add up).

        >>> tf.roll([0, 1, 2, 3, 4], shift=2, axis=0).numpy()
        array([3, 4, 0, 1, 2], dtype=int32)
    """
    t = _as_tensor(input)
    shift = [int(s) for s in np.ravel(_axes_list(shift, "tf.roll", "shift"))]
    axis = [int(a) for a in np.ravel(_axes_list(axis, "tf.roll"))]
    symbolic = type(t) is not Tensor
    if len(shift) != len(axis):
        _raise("Roll", "shift and axis must have the same size", symbolic)
    r = t.shape.rank
    if r is not None:
        for a in axis:
            if not -r <= a < r:
                _raise("Roll", f"axis {a} is out of range", symbolic)
    return execute_unary(ROLL, t, {"shift": tuple(shift), "axis": tuple(axis)})


def _repeat_infer(ins, attrs):
    s, reps, a = ins[0].shape, attrs["repeats"], attrs["axis"]
    if s.rank is None:
        return [(s, ins[0].dtype)]
    dims = list(s)
    if isinstance(reps, tuple) and len(reps) != 1:
        dims[a] = sum(reps)
    elif dims[a] is not None:
        dims[a] *= reps if isinstance(reps, int) else reps[0]
    return [(TensorShape(dims), ins[0].dtype)]


def _repeat_grad_kernel(g, x, repeats, axis):
    n = np.shape(x)[axis]
    reps = np.asarray(repeats)
    if reps.size == 1:
        s = g.shape
        return g.reshape(s[:axis] + (n, int(reps.reshape(-1)[0])) + s[axis + 1:]).sum(axis=axis + 1, dtype=g.dtype)
    out = np.zeros(np.shape(x), g.dtype)
    nz = reps > 0
    if nz.any():
        starts = np.concatenate([[0], np.cumsum(reps)[:-1]])[nz]
        np.moveaxis(out, axis, 0)[nz] = np.moveaxis(np.add.reduceat(g, starts, axis=axis), axis, 0)
    return out


REPEAT = primitive("Repeat", lambda x, repeats, axis: np.repeat(x, repeats, axis), _repeat_infer,
                   grad=lambda n, g: execute(REPEAT_GRAD, (g, n.inputs[0]), n.attrs))
REPEAT_GRAD = primitive("RepeatGrad", _repeat_grad_kernel, lambda ins, a: [(ins[1].shape, ins[0].dtype)],
                        grad=lambda n, g: (execute_unary(REPEAT, g, n.attrs), None))


def repeat(input, repeats, axis=None, name=None):
    """Repeats each element `repeats` times (a scalar, or one count per element along `axis`);
    with `axis=None` the input is flattened first.

        >>> tf.repeat([1, 2], 2).numpy()
        array([1, 1, 2, 2], dtype=int32)
    """
    from .array_ops import reshape
    t = _as_tensor(input)
    if axis is None:
        t, axis = reshape(t, [-1]), 0
    axis = _scalar_int(axis, "axis")
    reps = np.asarray(_axes_list(repeats, "tf.repeat", "repeats"))
    r = t.shape.rank
    if r is not None:
        if not -r <= axis < r:
            _raise("Repeat", f"axis {axis} is out of range for rank {r}", type(t) is not Tensor)
        axis %= r
    for i, k in enumerate(np.ravel(reps)):
        if k < 0:
            raise _err("Tile", f"Expected multiples[1] >= 0, but got {k}")
    if reps.ndim == 0:
        reps = int(reps)
    else:
        reps = tuple(int(k) for k in reps.reshape(-1))
        d = t.shape[axis] if r is not None else None
        if len(reps) != 1 and d is not None and d != len(reps):
            raise ValueError(f"Dimensions {d} and {len(reps)} are not compatible")
    return execute_unary(REPEAT, t, {"repeats": reps, "axis": axis})
