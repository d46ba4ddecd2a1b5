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
from ..framework.tensor import Tensor
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
        # 0-d inputs arrive as scalars; bytes go straight into object arrays (NumPy's
        # fixed-width strings would drop their trailing NULs)
        arrays = [np.array(a, dtype=object) if isinstance(a, (bytes, str)) else np.asarray(a) for a in arrays]
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
    """Upper-cases ASCII letters (all letters with encoding="utf-8"), as TF does."""
    if not encoding:
        return _map(lambda s: _as_bytes(s).upper(), [input], dtypes.string, "upper")
    return _map(lambda s: _text(s).upper().encode(), [input], dtypes.string, "upper")


def lower(input, encoding="", name=None):  # noqa: A002
    """Lower-cases ASCII letters (all letters with encoding="utf-8"), as TF does."""
    if not encoding:
        return _map(lambda s: _as_bytes(s).lower(), [input], dtypes.string, "lower")
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


_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def encode_base64(input, pad=False, name=None):  # noqa: A002
    """Each string in web-safe base64 ('-' and '_' for '+' and '/'), '=' padding only with `pad`.

        >>> tf.io.encode_base64([b'hello']).numpy()
        array([b'aGVsbG8'], dtype=object)
    """
    import base64
    t = convert_to_tensor(input, dtypes.string)
    return _map(lambda s: base64.urlsafe_b64encode(s) if pad else base64.urlsafe_b64encode(s).rstrip(b"="),
                [t], dtypes.string, "encode_base64")


def decode_base64(input, name=None):  # noqa: A002
    """The bytes of each web-safe base64 string (padded or not), as `encode_base64` writes them.

        >>> tf.io.decode_base64([b'aGVsbG8']).numpy()
        array([b'hello'], dtype=object)
    """
    import base64
    t = convert_to_tensor(input, dtypes.string)

    def decode(s):
        body = s.rstrip(b"=")
        if not _BASE64.issuperset(s) or b"=" in body:
            raise InvalidArgumentError(None, "DecodeBase64", "Invalid character found in base64. [Op:DecodeBase64]")
        if len(body) % 4 == 1:
            raise InvalidArgumentError(None, "DecodeBase64", "Base64 string length cannot be 1 modulo 4. "
                                       "[Op:DecodeBase64]")
        return base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4))
    return _map(decode, [t], dtypes.string, "decode_base64")


def _split_ragged(t, piece_fn, op):
    """Splits every string of an eager vector into a tf.RaggedTensor [n, None], as TF does
    (numtf's RaggedTensor exists only eagerly, and here only for vectors)."""
    if t.shape.rank != 1:
        raise UnimplementedError(None, op, f"tf.strings.{op} of a rank-{t.shape.rank} tensor: numtf splits "
                                 "scalars and vectors only.")
    if type(t) is not Tensor:
        raise UnimplementedError(None, op, f"tf.strings.{op} of a non-scalar tensor inside a graph returns a "
                                 "tf.RaggedTensor, which numtf supports only eagerly; split scalars, or call "
                                 "it outside tf.function.")
    from ..framework.ragged_tensor import RaggedTensor
    strings = np.asarray(t.numpy(), object)
    pieces = [piece_fn(s) for s in strings.reshape(-1)]
    values = np.array([p for ps in pieces for p in ps] or np.zeros([0], object), dtype=object).reshape(-1)
    out = RaggedTensor.from_row_lengths(convert_to_tensor(values, dtypes.string),
                                        np.array([len(ps) for ps in pieces], np.int64))
    return out


def _splitter(sep, maxsplit):
    separator = sep.encode() if isinstance(sep, str) else sep
    return lambda s: s.split(separator, maxsplit) if separator is not None else s.split(None, maxsplit)


def split(input, sep=None, maxsplit=-1, name=None):  # noqa: A002
    """Splits strings (on runs of whitespace by default): a scalar gives a 1-D string tensor, a
    vector a tf.RaggedTensor of shape [n, None].

        >>> tf.strings.split(["a b", "c"])
        <tf.RaggedTensor [[b'a', b'b'], [b'c']]>
    """
    t = convert_to_tensor(input, dtypes.string)
    pieces = _splitter(sep, maxsplit)
    if t.shape.rank != 0:
        return _split_ragged(t, pieces, "split")

    def kernel(s):
        parts = pieces(s)
        return np.array(parts, dtype=object) if parts else np.zeros([0], object)
    return numpy_function(kernel, [t], dtypes.string, stateful=False)


def _bytes_of(s):
    return [bytes([b]) for b in s]


def bytes_split(input, name=None):  # noqa: A002
    """The bytes of a string: a scalar gives a 1-D string tensor, a vector a tf.RaggedTensor."""
    t = convert_to_tensor(input, dtypes.string)
    if t.shape.rank != 0:
        return _split_ragged(t, _bytes_of, "bytes_split")
    return numpy_function(lambda s: np.array(_bytes_of(s), dtype=object).reshape(-1), [t],
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


# -- hashing: FarmHash Fingerprint64 (TF's tf.fingerprint / to_hash_bucket_fast) and keyed SipHash-2-4
# (to_hash_bucket_strong), written from the published algorithms on Python ints masked to 64 bits.
_M64 = (1 << 64) - 1
_K0, _K1, _K2 = 0xc3a5c85c97cb3127, 0xb492b66fbe98f273, 0x9ae16a3b2f90404f


def _f64(s, i):
    return int.from_bytes(s[i:i + 8], "little")


def _f32(s, i):
    return int.from_bytes(s[i:i + 4], "little")


def _rot(v, r):
    return ((v >> r) | (v << (64 - r))) & _M64 if r else v


def _smix(v):
    return v ^ (v >> 47)


def _h16(u, v, mul):
    a = ((u ^ v) * mul) & _M64
    a ^= a >> 47
    b = ((v ^ a) * mul) & _M64
    b ^= b >> 47
    return (b * mul) & _M64


def _weak32(s, i, a, b):
    w, x, y, z = _f64(s, i), _f64(s, i + 8), _f64(s, i + 16), _f64(s, i + 24)
    a = (a + w) & _M64
    b = _rot((b + a + z) & _M64, 21)
    c = a
    a = (a + x + y) & _M64
    b = (b + _rot(a, 44)) & _M64
    return (a + z) & _M64, (b + c) & _M64


def _fp_short(s, n):
    if n >= 8:
        mul = (_K2 + n * 2) & _M64
        a = (_f64(s, 0) + _K2) & _M64
        b = _f64(s, n - 8)
        c = (_rot(b, 37) * mul + a) & _M64
        d = ((_rot(a, 25) + b) * mul) & _M64
        return _h16(c, d, mul)
    if n >= 4:
        mul = (_K2 + n * 2) & _M64
        return _h16((n + (_f32(s, 0) << 3)) & _M64, _f32(s, n - 4), mul)
    if n > 0:
        y = (s[0] + (s[n >> 1] << 8)) & 0xffffffff
        z = (n + (s[n - 1] << 2)) & 0xffffffff
        return (_smix(((y * _K2) ^ (z * _K0)) & _M64) * _K2) & _M64
    return _K2


def _fp_17to32(s, n):
    mul = (_K2 + n * 2) & _M64
    a = (_f64(s, 0) * _K1) & _M64
    b = _f64(s, 8)
    c = (_f64(s, n - 8) * mul) & _M64
    d = (_f64(s, n - 16) * _K2) & _M64
    return _h16((_rot((a + b) & _M64, 43) + _rot(c, 30) + d) & _M64,
                (a + _rot((b + _K2) & _M64, 18) + c) & _M64, mul)


def _fp_33to64(s, n):
    mul = (_K2 + n * 2) & _M64
    a = (_f64(s, 0) * _K2) & _M64
    b = _f64(s, 8)
    c = (_f64(s, n - 8) * mul) & _M64
    d = (_f64(s, n - 16) * _K2) & _M64
    y = (_rot((a + b) & _M64, 43) + _rot(c, 30) + d) & _M64
    z = _h16(y, (a + _rot((b + _K2) & _M64, 18) + c) & _M64, mul)
    e = (_f64(s, 16) * mul) & _M64
    f = _f64(s, 24)
    g = ((y + _f64(s, n - 32)) * mul) & _M64
    h = ((z + _f64(s, n - 24)) * mul) & _M64
    return _h16((_rot((e + f) & _M64, 43) + _rot(g, 30) + h) & _M64,
                (e + _rot((f + a) & _M64, 18) + g) & _M64, mul)


def fingerprint64(s):
    """FarmHash's Fingerprint64 of the bytes `s`, as a Python int in [0, 2**64)."""
    n = len(s)
    if n <= 16:
        return _fp_short(s, n)
    if n <= 32:
        return _fp_17to32(s, n)
    if n <= 64:
        return _fp_33to64(s, n)
    seed = 81
    x = seed
    y = (seed * _K1 + 113) & _M64
    z = (_smix((y * _K2 + 113) & _M64) * _K2) & _M64
    v0 = v1 = w0 = w1 = 0
    x = (x * _K2 + _f64(s, 0)) & _M64
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    i = 0
    while True:
        x = (_rot((x + y + v0 + _f64(s, i + 8)) & _M64, 37) * _K1) & _M64
        y = (_rot((y + v1 + _f64(s, i + 48)) & _M64, 42) * _K1) & _M64
        x ^= w1
        y = (y + v0 + _f64(s, i + 40)) & _M64
        z = (_rot((z + w0) & _M64, 33) * _K1) & _M64
        v0, v1 = _weak32(s, i, (v1 * _K1) & _M64, (x + w0) & _M64)
        w0, w1 = _weak32(s, i + 32, (z + w1) & _M64, (y + _f64(s, i + 16)) & _M64)
        z, x = x, z
        i += 64
        if i == end:
            break
    mul = (_K1 + ((z & 0xff) << 1)) & _M64
    i = last64
    w0 = (w0 + ((n - 1) & 63)) & _M64
    v0 = (v0 + w0) & _M64
    w0 = (w0 + v0) & _M64
    x = (_rot((x + y + v0 + _f64(s, i + 8)) & _M64, 37) * mul) & _M64
    y = (_rot((y + v1 + _f64(s, i + 48)) & _M64, 42) * mul) & _M64
    x ^= (w1 * 9) & _M64
    y = (y + v0 * 9 + _f64(s, i + 40)) & _M64
    z = (_rot((z + w0) & _M64, 33) * mul) & _M64
    v0, v1 = _weak32(s, i, (v1 * mul) & _M64, (x + w0) & _M64)
    w0, w1 = _weak32(s, i + 32, (z + w1) & _M64, (y + _f64(s, i + 16)) & _M64)
    z, x = x, z
    return _h16((_h16(v0, w0, mul) + _smix(y) * _K0 + z) & _M64, (_h16(v1, w1, mul) + x) & _M64, mul)


def siphash24(key, s):
    """SipHash-2-4 of the bytes `s` under the 128-bit key given as two 64-bit words `key`."""
    k0, k1 = key[0] & _M64, key[1] & _M64
    v = [k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573]

    def rounds(count):
        for _ in range(count):
            v[0] = (v[0] + v[1]) & _M64
            v[1] = _rot(v[1], 64 - 13) ^ v[0]
            v[0] = _rot(v[0], 32)
            v[2] = (v[2] + v[3]) & _M64
            v[3] = _rot(v[3], 64 - 16) ^ v[2]
            v[0] = (v[0] + v[3]) & _M64
            v[3] = _rot(v[3], 64 - 21) ^ v[0]
            v[2] = (v[2] + v[1]) & _M64
            v[1] = _rot(v[1], 64 - 17) ^ v[2]
            v[2] = _rot(v[2], 32)
    n = len(s)
    full = n - n % 8
    for i in range(0, full, 8):
        m = _f64(s, i)
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    m = ((n & 0xff) << 56) | int.from_bytes(s[full:], "little")
    v[3] ^= m
    rounds(2)
    v[0] ^= m
    v[2] ^= 0xff
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def _as_bytes(s):
    return s if isinstance(s, bytes) else str(s).encode()


def to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002
    """Each string's FarmHash Fingerprint64 modulo `num_buckets` (int64), as TF computes it.

        >>> tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3).numpy().tolist()
        [0, 2, 2]
    """
    if num_buckets < 1:
        raise InvalidArgumentError(None, "StringToHashBucketFast", "num_buckets must be >= 1")
    return _map(lambda s: fingerprint64(_as_bytes(s)) % num_buckets, [input], dtypes.int64, "to_hash_bucket_fast")


def to_hash_bucket_strong(input, num_buckets, key, name=None):  # noqa: A002
    """Each string's keyed SipHash-2-4 (key: two integers) modulo `num_buckets` (int64)."""
    if len(key) != 2:
        raise ValueError(f"Key must have 2 elements, got {len(key)}")
    key = [int(k) for k in key]
    return _map(lambda s: siphash24(key, _as_bytes(s)) % num_buckets, [input], dtypes.int64,
                "to_hash_bucket_strong")


def fingerprint(data, method="farmhash64", name=None):
    """The Fingerprint64 of each string of a 1-D (or N-D, per first-axis row) string tensor, as
    8 little-endian uint8 bytes per row: shape (batch, 8). Only string data is supported here."""
    t = convert_to_tensor(data)
    if t.dtype is not dtypes.string:
        raise UnimplementedError(None, "Fingerprint", "numtf's tf.fingerprint supports string tensors only")

    def kernel(a):
        a = np.asarray(a, dtype=object)
        rows = a.reshape(a.shape[0], -1) if a.ndim else a.reshape(1, 1)
        out = np.zeros((rows.shape[0], 8), np.uint8)
        for r, row in enumerate(rows):
            if row.size != 1:  # TF fingerprints the row's strings together; not needed by Keras
                raise UnimplementedError(None, "Fingerprint", "numtf fingerprints one string per row only")
            out[r] = np.frombuffer(fingerprint64(_as_bytes(row[0])).to_bytes(8, "little"), np.uint8)
        return out
    return numpy_function(kernel, [t], dtypes.uint8, stateful=False)
