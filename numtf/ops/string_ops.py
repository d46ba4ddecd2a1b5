"""`tf.strings`: elementwise functions over string tensors (object arrays of `bytes`), run as
NumPy functions eagerly and as stateless script nodes in graphs (so they work in `tf.function`
and `Dataset.map`). Not differentiable. `split` handles a scalar (a 1-D result); splitting a
batch needs `tf.RaggedTensor`, which numtf does not have.

    >>> tf.strings.upper(tf.constant(["ab", "c"]))
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'AB', b'C'], dtype=object)>
"""
import builtins
import re

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .script_ops import numpy_function

__all__ = []  # public names live in tf.strings


def _text(b):
    return b.decode("utf-8", errors="replace") if isinstance(b, bytes) else str(b)


def _map(fn, inputs, out_dtype, name):
    """fn applied elementwise over the broadcast inputs (tensors), giving a tensor of out_dtype."""
    tensors = [convert_to_tensor(x) for x in inputs]
    for t in tensors[:1]:
        if t.dtype is not dtypes.string:
            raise TypeError(f"{name}: expected a string tensor, got {t.dtype.name}")
    otype = object if out_dtype is dtypes.string else out_dtype.as_numpy_dtype

    def kernel(*arrays):
        arrays = [np.asarray(a) for a in arrays]  # 0-d inputs arrive as scalars
        arrays = [a.astype(object) if a.dtype.kind in "SU" else a for a in arrays]
        out = np.vectorize(fn, otypes=[otype])(*arrays) if any(a.size for a in arrays) else \
            np.zeros(np.broadcast_shapes(*[a.shape for a in arrays]), otype)
        return np.asarray(out, otype)
    out = numpy_function(kernel, tensors, out_dtype, stateful=False)
    if ctx.graph is not None:
        try:
            shape = TensorShape(np.broadcast_shapes(*[tuple(t.shape.as_list()) for t in tensors]))
        except (ValueError, TypeError):
            shape = None
        if shape is not None:
            out.set_shape(shape)
    return out


def length(input, unit="BYTE", name=None):  # noqa: A002 - TF's argument name
    """The length of each string, in bytes or (unit="UTF8_CHAR") in characters."""
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError(f"unit must be one of BYTE, UTF8_CHAR, got {unit}")
    count = (lambda s: len(s)) if unit == "BYTE" else (lambda s: len(_text(s)))
    return _map(count, [input], dtypes.int32, "length")


def upper(input, encoding="", name=None):  # noqa: A002
    return _map(lambda s: _text(s).upper().encode(), [input], dtypes.string, "upper")


def lower(input, encoding="", name=None):  # noqa: A002
    return _map(lambda s: _text(s).lower().encode(), [input], dtypes.string, "lower")


def strip(input, name=None):  # noqa: A002
    """Removes leading and trailing whitespace."""
    return _map(lambda s: s.strip(), [input], dtypes.string, "strip")


def join(inputs, separator="", name=None):
    """Joins the (broadcast) string tensors of `inputs` elementwise with `separator`."""
    sep = separator.encode() if isinstance(separator, str) else separator
    return _map(lambda *parts: sep.join(parts), list(inputs), dtypes.string, "join")


def reduce_join(inputs, axis=None, keepdims=False, separator="", name=None):
    """Joins the strings along `axis` (all of them by default)."""
    sep = separator.encode() if isinstance(separator, str) else separator
    t = convert_to_tensor(inputs)

    def kernel(a):
        a = np.asarray(a, dtype=object)
        if axis is None:
            out = np.array(sep.join(a.ravel().tolist()), dtype=object)
            return out.reshape((1,) * a.ndim) if keepdims else out
        ax = axis % a.ndim
        moved = np.moveaxis(a, ax, -1)
        out = np.empty(moved.shape[:-1], dtype=object)
        for idx in np.ndindex(out.shape):
            out[idx] = sep.join(moved[idx].tolist())
        return np.expand_dims(out, ax) if keepdims else out
    return numpy_function(kernel, [t], dtypes.string, stateful=False)


def substr(input, pos, len, unit="BYTE", name=None):  # noqa: A002
    """`len` bytes (or characters) from `pos` (negative counts from the end)."""
    def cut(s, p, n):
        s = s if unit == "BYTE" else _text(s)
        p = int(p)
        size = builtins.len(s)
        if p < -size or p > size:
            raise InvalidArgumentError(None, "Substr", f"pos {p} out of range for string of length {size}")
        p = p + size if p < 0 else p
        piece = s[p:p + int(n)]
        return piece if unit == "BYTE" else piece.encode()
    return _map(cut, [input, pos, len], dtypes.string, "substr")


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    """Replaces matches of `pattern` with `rewrite` (`\\1` refers to groups), all or the first."""
    rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
    rw = rewrite.encode() if isinstance(rewrite, str) else rewrite
    return _map(lambda s: rx.sub(rw, s, count=0 if replace_global else 1), [input], dtypes.string,
                "regex_replace")


def regex_full_match(input, pattern, name=None):  # noqa: A002
    rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
    return _map(lambda s: rx.fullmatch(s) is not None, [input], dtypes.bool, "regex_full_match")


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):  # noqa: A002
    """Numbers and bools as strings (floats with 6 decimals unless `precision`, like TF)."""
    t = convert_to_tensor(input)
    if t.dtype is dtypes.string:
        raise TypeError("Value passed to parameter 'input' has DataType string not in the list of allowed values")

    def fmt(v):
        if t.dtype.is_bool:
            s = "true" if v else "false"
        elif t.dtype.is_floating:
            spec = "e" if scientific else ("g" if shortest else "f")
            s = builtins.format(float(v), f".{precision if precision >= 0 else 6}{spec}")
        else:
            s = str(int(v))
        if width > 0:
            s = s.rjust(width, fill or " ")
        return s.encode()

    def kernel(a):
        a = np.asarray(a)
        return np.asarray(np.vectorize(fmt, otypes=[object])(a) if a.size else a.astype(object), object)
    return numpy_function(kernel, [t], dtypes.string, stateful=False)


def to_number(input, out_type=dtypes.float32, name=None):  # noqa: A002
    """Parses each string as a number of `out_type`."""
    out_type = dtypes.as_dtype(out_type)
    t = convert_to_tensor(input, dtypes.string)

    def parse(s):
        try:
            return float(s) if out_type.is_floating else int(s)
        except ValueError:
            raise InvalidArgumentError(None, "StringToNumber", f"StringToNumberOp could not correctly convert "
                                       f"string: {_text(s)} [Op:StringToNumber]") from None
    return _map(parse, [t], out_type, "to_number")


def split(input, sep=None, maxsplit=-1, name=None):  # noqa: A002
    """Splits a scalar string (on runs of whitespace by default) into a 1-D string tensor."""
    t = convert_to_tensor(input, dtypes.string)
    if t.shape.rank != 0:
        raise UnimplementedError(None, "StringSplit", "tf.strings.split of a non-scalar tensor returns a "
                                 "tf.RaggedTensor, which numtf does not support; split scalars, or use "
                                 "tf.numpy_function.")
    separator = sep.encode() if isinstance(sep, str) else sep

    def kernel(s):
        parts = s.split(separator, maxsplit) if separator is not None else s.split(None, maxsplit)
        return np.array(parts, dtype=object) if parts else np.zeros([0], object)
    return numpy_function(kernel, [t], dtypes.string, stateful=False)


def bytes_split(input, name=None):  # noqa: A002
    """The bytes of a scalar string, as a 1-D string tensor."""
    t = convert_to_tensor(input, dtypes.string)
    if t.shape.rank != 0:
        raise UnimplementedError(None, "StringSplit", "tf.strings.bytes_split of a non-scalar tensor returns "
                                 "a tf.RaggedTensor, which numtf does not support.")
    return numpy_function(lambda s: np.array([bytes([b]) for b in s], dtype=object).reshape(-1), [t],
                          dtypes.string, stateful=False)


def format(template, inputs, placeholder="{}", summarize=3, name=None):  # noqa: A001
    """`template` with each `placeholder` replaced by the next input, printed as tf.print prints
    it (the first and last `summarize` entries of each dimension).

        >>> tf.strings.format("x={}", tf.constant([1, 2]))
        <tf.Tensor: shape=(), dtype=string, numpy=b'x=[1 2]'>
    """
    from .logging_ops import format_tensor
    tensors = [convert_to_tensor(x) for x in (inputs if isinstance(inputs, (list, tuple)) else [inputs])]
    pieces = template.split(placeholder)
    if len(pieces) - 1 != builtins.len(tensors):
        raise ValueError(f"num placeholders in template and num inputs must match: {len(pieces) - 1} vs. "
                         f"{builtins.len(tensors)}")

    def kernel(*arrays):
        out = pieces[0]
        for a, rest in zip(arrays, pieces[1:]):
            out += format_tensor(a, summarize) + rest
        return np.array(out.encode(), dtype=object)
    return numpy_function(kernel, tensors, dtypes.string, stateful=False)
