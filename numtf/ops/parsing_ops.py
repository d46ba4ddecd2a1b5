"""Parsing serialized tf.train.Examples (`tf.io.parse_single_example`, `tf.io.parse_example`, TF's
ParseExampleV2 op) and tensors (`tf.io.serialize_tensor`, `tf.io.parse_tensor`).

A feature description maps feature names to `FixedLenFeature` (a dense tensor of a fixed shape,
with an optional default), `FixedLenSequenceFeature` (a dense tensor whose first dimension is
the number of values / the item size) or `VarLenFeature` (a tf.SparseTensor of all the values).
The dtypes are tf.string, tf.int64 and tf.float32, as in the Example's BytesList, Int64List and
FloatList. Parsing runs as one NumPy-side op (`numpy_function`), so it works eagerly, in
tf.function and in `Dataset.map` (where the dense outputs have their static shapes).

    >>> desc = {'image': tf.io.FixedLenFeature([], tf.string), 'label': tf.io.FixedLenFeature([], tf.int64)}
    >>> tf.io.parse_single_example(example.SerializeToString(), desc)['label']   # doctest: +SKIP
    <tf.Tensor: shape=(), dtype=int64, numpy=7>
"""
import base64
import collections

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..util.events import TENSOR, _fields, _packed_varints, decode, encode, tensor_proto, tensor_to_ndarray
from ..util.protobuf import _quote
from .convert import convert_to_tensor, to_array
from .script_ops import numpy_function

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature", "SparseFeature", "parse_single_example",
           "parse_example", "serialize_tensor", "parse_tensor"]


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A dense feature of a fixed `shape`; `default_value` (else required) when an Example lacks it.

        >>> tf.io.FixedLenFeature([], tf.int64)
        FixedLenFeature(shape=[], dtype=tf.int64, default_value=None)
    """

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """A dense feature of any number of items of `shape` (the result has one more, leading,
    dimension); in a batch the shorter ones are padded with `default_value`.

        >>> tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True)
        FixedLenSequenceFeature(shape=[], dtype=tf.float32, allow_missing=True, default_value=None)
    """

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """All the values of a feature, as a tf.SparseTensor.

        >>> tf.io.VarLenFeature(tf.string)
        VarLenFeature(dtype=tf.string)
    """


class SparseFeature(collections.namedtuple(
        "SparseFeature", ["index_key", "value_key", "dtype", "size", "already_sorted"])):
    """A SparseTensor assembled from an index feature (or one per dimension: a list of keys) and a
    value feature of the same length; `size` is the dense shape (an int, or one per index key).

        >>> tf.io.SparseFeature(index_key='idx', value_key='val', dtype=tf.float32, size=10)
        SparseFeature(index_key='idx', value_key='val', dtype=tf.float32, size=10, already_sorted=False)
    """

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super().__new__(cls, index_key, value_key, dtype, size, already_sorted)


_KINDS = {"string": "bytes", "float32": "float", "int64": "int64"}  # dtype -> Feature kind
_TYPE_NAME = {"bytes": "string", "float": "float", "int64": "int64"}  # kind -> TF's DataType name
_NP = {"bytes": object, "float": np.float32, "int64": np.int64}
_OP_SIGNATURE = (
    "\n\t; NodeDef: {{node ParseExampleV2}}; Op<name=ParseExampleV2; signature=serialized:string, names:string, "
    "sparse_keys:string, dense_keys:string, ragged_keys:string, dense_defaults: -> sparse_indices:num_sparse*int64, "
    "sparse_values:, sparse_shapes:num_sparse*int64, dense_values:, ragged_values:, ragged_row_splits:; "
    "attr=Tdense:list(type),min=0,allowed=[DT_FLOAT, DT_INT64, DT_STRING]; attr=num_sparse:int,min=0; "
    "attr=sparse_types:list(type),min=0,allowed=[DT_FLOAT, DT_INT64, DT_STRING]; "
    "attr=ragged_value_types:list(type),min=0,allowed=[DT_FLOAT, DT_INT64, DT_STRING]; "
    "attr=ragged_split_types:list(type),min=0,allowed=[DT_INT32, DT_INT64]; attr=dense_shapes:list(shape),min=0>")
_TF_DTYPE = {"float32": "float", "float64": "double", "float16": "half"}


def _err(msg, op="ParseExampleV2"):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


# -- the wire format of Example -> {name: (kind, values)} ------------------------------------------------
def _feature(buf):
    kind, values = None, []
    for number, wire, value in _fields(buf):
        if wire != 2 or number not in (1, 2, 3):
            continue
        new = ("bytes", "float", "int64")[number - 1]
        if new != kind:  # a oneof: the last member set wins
            kind, values = new, []
        for n, w, v in _fields(value):
            if n != 1:
                continue
            if new == "bytes":
                values.append(bytes(v))
            elif new == "float":
                values.extend(np.frombuffer(v, "<f4").tolist() if w == 2 else [np.frombuffer(v, "<f4")[0]])
            else:
                vals = _packed_varints(v) if w == 2 else [v]
                values.extend(x - (1 << 64) if x >= 1 << 63 else x for x in vals)
    return kind, values


def _example_features(buf):
    """The features of a serialized Example: {name: (kind or None for an empty Feature, values)}."""
    out = {}
    for number, wire, value in _fields(buf):
        if number == 1 and wire == 2:
            for n, w, entry in _fields(value):
                if n == 1 and w == 2:
                    key, feat = "", b""
                    for n3, w3, v3 in _fields(entry):
                        if n3 == 1 and w3 == 2:
                            key = bytes(v3).decode("utf-8")
                        elif n3 == 2 and w3 == 2:
                            feat = v3
                    out[key] = _feature(feat)
    return out


# -- the feature description ---------------------------------------------------------------------------------
class _Spec:
    """One entry of a feature description, checked: key, kind, shape, default (array or None),
    sequence (FixedLenSequenceFeature) or sparse (VarLenFeature)."""

    def __init__(self, key, feature):
        self.key, self.feature = key, feature
        self.sparse = isinstance(feature, VarLenFeature)
        self.sequence = isinstance(feature, FixedLenSequenceFeature)
        if not (self.sparse or self.sequence or isinstance(feature, FixedLenFeature)):
            raise ValueError(f"Unsupported {type(feature).__name__} {feature!r} for key '{key}'")
        self.dtype = dtypes.as_dtype(feature.dtype)
        self.kind = _KINDS.get(self.dtype.name)
        if self.kind is None:
            attr = "sparse_types" if self.sparse else "Tdense"
            name = _TF_DTYPE.get(self.dtype.name, self.dtype.name)
            raise InvalidArgumentError(None, "ParseExampleV2", f"Value for attr '{attr}' of {name} is not in the list "
                                       f"of allowed values: float, int64, string{_OP_SIGNATURE} [Op:ParseExampleV2]")
        self.shape, self.default = (), None
        if self.sparse:
            return
        if self.sequence and not feature.allow_missing:
            raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")
        if feature.shape is None:
            raise ValueError(f"Missing shape for feature {key}. Received feature={feature!r}.")
        self.shape = tuple(TensorShape(feature.shape).as_list())
        for d in self.shape:
            if d is None or d < 0:
                raise ValueError(f"Dimension {d} must be >= 0")
        if feature.default_value is not None:
            d = feature.default_value  # (a NumPy value, also while a graph is built: it becomes a kernel constant)
            d = np.asarray(d._value if isinstance(d, Tensor) and not isinstance(d, SymbolicTensor) else
                           to_array(d, self.dtype))
            if not self.sequence:  # reshaped, not broadcast: a scalar default fits only a scalar feature
                if d.size != int(np.prod(self.shape)):
                    raise _err(f"Input to reshape is a tensor with {d.size} values, but the requested shape has "
                               f"{int(np.prod(self.shape))}", "Reshape")
                d = d.reshape(self.shape)
            self.default = d


def _specs(features):
    if features is None:
        raise ValueError("Invalid argument: features cannot be None.")
    if not features:
        raise ValueError("Invalid argument: features cannot be empty.")
    return sorted_specs(features, _Spec)


def sorted_specs(features, cls):
    """`cls(key, feature)` for each of `features` (a dict keyed by names), in TF's output order:
    the sparse features by name, then the dense ones by name."""
    for k in features:
        if not isinstance(k, (str, bytes)):
            raise TypeError(f"Cannot convert [{k!r}] to EagerTensor of dtype string")
    specs = [cls(k.decode() if isinstance(k, bytes) else k, v) for k, v in features.items()]
    return sorted(specs, key=lambda s: (not s.sparse, s.key))


def _shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _values(spec, kind, values, where):
    """`values` of the Feature as a NumPy array of the spec's dtype, after TF's type check."""
    if kind is not None and kind != spec.kind:
        if spec.sparse:
            raise _err(f"{where}Data types don't match. Expected type: {_TYPE_NAME[spec.kind]}, "
                       f"Actual type: {_TYPE_NAME[kind]}")
        raise _err(f"{where}Data types don't match. Data type: {_TYPE_NAME[kind]} but expected type: "
                   f"{_TYPE_NAME[spec.kind]}")
    out = np.empty(len(values), object) if spec.kind == "bytes" else np.asarray(values, _NP[spec.kind])
    if spec.kind == "bytes":
        out[:] = values
    return out.reshape(len(values))


def _parse_batch(serialized, specs, names, single):
    """The outputs of ParseExampleV2 for a vector (or, `single`, a scalar) of serialized Examples:
    (indices, values, dense_shape) per sparse spec, then one array per dense spec."""
    flat = np.asarray(serialized, object).reshape(-1)
    parsed = []
    for i, s in enumerate(flat):
        try:
            parsed.append(_example_features(s if isinstance(s, bytes) else bytes(s)))
        except (ValueError, UnicodeDecodeError):
            raise _err(f"Could not parse example input, value: '{_quote(bytes(s))[1:-1]}'") from None
    out = []
    for spec in specs:
        per_example = []
        for i, feats in enumerate(parsed):
            name = names[i] if names is not None else "<unknown>"
            where = f"Key: {spec.key}.  " if single else f"Name: {name}, Key: {spec.key}, Index: {i}.  "
            kind, vals = feats.get(spec.key, (None, []))
            if kind is None and not spec.sparse and not spec.sequence:
                if spec.default is None:
                    prefix = "" if single else f"Name: {name}, "
                    raise _err(f"{prefix}Feature: {spec.key} (data type: {_TYPE_NAME[spec.kind]}) is required but "
                               "could not be found.")
                per_example.append(np.broadcast_to(spec.default, spec.shape))
                continue
            vals = _values(spec, kind, vals, where)
            if spec.sparse:
                per_example.append(vals)
            elif spec.sequence:
                stride = int(np.prod(spec.shape))
                if stride and len(vals) % stride:
                    if single:
                        raise _err(f"Error while parsing feature with key {spec.key}: number of elements should be "
                                   f"divisible by {stride}, found {len(vals)} instead")
                    raise _err(f"{where}Number of {spec.kind} values is not a multiple of stride length. Saw "
                               f"{len(vals)} values but output shape is: {_shape_text(('?',) + spec.shape)}")
                per_example.append(vals.reshape((len(vals) // stride if stride else 0,) + spec.shape))
            else:
                if len(vals) != int(np.prod(spec.shape)):
                    if single:
                        raise _err(f"{where}Can't parse serialized Example: Some {spec.kind}_list slice was not "
                                   "parsed.")
                    raise _err(f"{where}Number of {spec.kind} values != expected.  Values size: {len(vals)} but "
                               f"output shape: {_shape_text(spec.shape)}")
                per_example.append(vals.reshape(spec.shape))
        out.extend(_assemble(spec, per_example, single))
    return out


def _fill(spec):
    if spec.default is not None and spec.sequence:
        return spec.default.reshape(-1)[0] if spec.default.size else spec.default.dtype.type(0)
    return b"" if spec.kind == "bytes" else 0


def _assemble(spec, per_example, single):
    dtype = _NP[spec.kind]
    if spec.sparse:
        lengths = [len(v) for v in per_example]
        values = np.concatenate(per_example).astype(dtype) if per_example else np.zeros(0, dtype)
        if single:
            return [np.arange(lengths[0], dtype=np.int64).reshape(-1, 1), values, np.array([lengths[0]], np.int64)]
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        cols = np.concatenate([np.arange(n, dtype=np.int64) for n in lengths]) if lengths else np.zeros(0, np.int64)
        return [np.stack([rows, cols], 1).reshape(-1, 2), values,
                np.array([len(lengths), max(lengths, default=0)], np.int64)]
    if single:
        return [np.asarray(per_example[0], dtype)]
    if spec.sequence:
        longest = max((len(v) for v in per_example), default=0)
        out = np.full((len(per_example), longest) + spec.shape, _fill(spec), dtype)
        for i, v in enumerate(per_example):
            out[i, :len(v)] = v
        return [out]
    out = np.empty((len(per_example),) + spec.shape, dtype)
    for i, v in enumerate(per_example):
        out[i, ...] = v  # (`out[i] = v` would store a 0-d object array as one string element)
    return [out]


def _parse(serialized, features, example_names, single):
    if features and any(isinstance(f, SparseFeature) for f in features.values()):
        return _parse_with_sparse_features(serialized, features, example_names, single)
    specs = _specs(features)
    t = convert_to_tensor(serialized, dtypes.string)
    rank = t.shape.rank
    if rank is not None and rank > 1:
        raise _err(f"Expected serialized to be a scalar or vector, got shape: {_shape_text(t.shape.as_list())}")
    single = single or rank == 0
    names = None
    if example_names is not None:
        names = [n.decode() if isinstance(n, bytes) else str(n)
                 for n in np.asarray(convert_to_tensor(example_names, dtypes.string)._value, object).reshape(-1)]
    tout = []
    for spec in specs:
        tout += [dtypes.int64, spec.dtype, dtypes.int64] if spec.sparse else [spec.dtype]
    outs = numpy_function(lambda s: tuple(_parse_batch(s, specs, names, single)), [t], tout, stateful=False,
                          name="ParseExampleV2")
    batch = [] if single else [t.shape[0] if rank is not None else None]
    result, i = {}, 0
    for spec in specs:
        if spec.sparse:
            ind, val, shp = outs[i:i + 3]
            i += 3
            for x, s in ((ind, [None, len(batch) + 1]), (val, [None]), (shp, [len(batch) + 1])):
                if isinstance(x.shape, TensorShape) and x.shape.rank is None:
                    x.set_shape(TensorShape(s))
            result[spec.key] = SparseTensor(ind, val, shp)
        else:
            x = outs[i]
            i += 1
            if x.shape.rank is None:
                x.set_shape(TensorShape(batch + ([None] if spec.sequence else []) + list(spec.shape)))
            result[spec.key] = x
    return result


def _parse_with_sparse_features(serialized, features, example_names, single):
    """SparseFeatures are parsed as VarLenFeatures of their index and value keys, then assembled."""
    plain = {k: f for k, f in features.items() if not isinstance(f, SparseFeature)}
    wanted = dict(plain)
    for f in features.values():
        if isinstance(f, SparseFeature):
            keys = [f.index_key] if isinstance(f.index_key, str) else list(f.index_key)
            for k in keys:
                wanted.setdefault(k, VarLenFeature(dtypes.int64))
            wanted.setdefault(f.value_key, VarLenFeature(f.dtype))
    parsed = _parse(serialized, wanted, example_names, single)
    out = {k: parsed[k] for k in plain}
    for name, f in features.items():
        if isinstance(f, SparseFeature):
            out[name] = _sparse_feature(f, parsed, single)
    return out


def _sparse_feature(f, parsed, single):
    keys = [f.index_key] if isinstance(f.index_key, str) else list(f.index_key)
    sizes = [f.size] if isinstance(f.size, int) else list(f.size)
    if len(sizes) != len(keys):
        raise ValueError(f"SparseFeature is invalid: len(size) != len(index_key) for feature {f!r}")
    val = parsed[f.value_key]
    idx = [parsed[k] for k in keys]
    parts = [val.indices, val.values, val.dense_shape] + [t for sp in idx for t in (sp.indices, sp.values)]

    def kernel(*arrays):
        return _assemble_sparse_feature(arrays, len(keys), sizes, single, bool(f.already_sorted))
    if not any(isinstance(t, SymbolicTensor) for t in parts):
        ind, values, shape = kernel(*[np.asarray(t._value) for t in parts])
        return SparseTensor(convert_to_tensor(ind, dtypes.int64), convert_to_tensor(values, val.dtype),
                            convert_to_tensor(shape, dtypes.int64))
    ind, values, shape = numpy_function(kernel, parts, [dtypes.int64, val.dtype, dtypes.int64], stateful=False,
                                        name="ParseExampleV2")
    rank = len(sizes) + (0 if single else 1)
    ind.set_shape([None, rank])
    values.set_shape([None])
    shape.set_shape([rank])
    out = SparseTensor(ind, values, shape)
    batch = val.shape[0] if not single and val.shape.rank else None
    out._shape_hint = TensorShape(sizes if single else [batch] + sizes)
    return out


def _assemble_sparse_feature(arrays, n_keys, sizes, single, already_sorted):
    """(indices, values, dense_shape) of SparseFeatures from the parsed value and index VarLens
    (their sparse indices give each value's example)."""
    val_ind, values, val_shape = arrays[:3]
    idx = [(arrays[3 + 2 * k], arrays[4 + 2 * k]) for k in range(n_keys)]
    for ind, v in idx:
        if len(v) != len(values) or (not single and not np.array_equal(ind[:, 0], val_ind[:, 0])):
            from ..framework.context import ctx
            if ctx.graph is None:  # (eagerly TF finds it when it builds the SparseTensor)
                raise ValueError(f"Dimensions {len(v)} and {len(values)} are not compatible")
            raise _err(f"Number of indices != number of values for a SparseFeature: {len(v)} vs {len(values)}")
    cols = [np.asarray(v, np.int64) for _, v in idx]
    if not single:
        cols = [np.asarray(val_ind[:, 0], np.int64)] + cols
    ind = np.stack(cols, 1).reshape(-1, len(cols)) if cols else np.zeros((0, 0), np.int64)
    if not already_sorted and len(ind):
        order = np.lexsort(ind.T[::-1])
        ind, values = ind[order], values[order]
    batch = [] if single else [int(val_shape[0])]
    return ind, values, np.asarray(batch + [int(s) for s in sizes], np.int64)


def parse_single_example(serialized, features, example_names=None, name=None):
    """Parses one serialized Example (a scalar string) into a dict of tensors (dense features)
    and tf.SparseTensors (VarLenFeature), following the description `features`.

        >>> desc = {'label': tf.io.FixedLenFeature([], tf.int64, default_value=0)}
        >>> tf.io.parse_single_example(b'', desc)['label'].numpy()
        0
    """
    t = convert_to_tensor(serialized, dtypes.string)
    if t.shape.rank not in (0, None):
        raise ValueError("Input serialized must be a scalar")
    return _parse(t, features, None, True)


def parse_example(serialized, features, example_names=None, name=None):
    """Parses a batch (a vector of strings) of serialized Examples: dense features get a leading
    batch dimension (FixedLenSequenceFeature pads to the longest), VarLenFeature gives a
    SparseTensor of shape [batch, longest].

        >>> tf.io.parse_example([s1, s2], {'x': tf.io.FixedLenFeature([2], tf.float32)})['x'].shape  # doctest: +SKIP
        TensorShape([2, 2])
    """
    return _parse(serialized, features, example_names, False)


# -- tensors <-> TensorProto bytes ---------------------------------------------------------------------------------
def _serialize(arr):
    return np.array(encode(TENSOR, tensor_proto(arr)), object)


def serialize_tensor(tensor, name=None):
    """The TensorProto bytes of `tensor`, as a scalar string tensor (the bytes TF writes).

        >>> tf.io.serialize_tensor(tf.constant(5, tf.int64)).numpy()
        b'\\x08\\t\\x12\\x00"\\x08\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00'
    """
    t = convert_to_tensor(tensor)
    out = numpy_function(_serialize, [t], dtypes.string, stateful=False, name="SerializeTensor")
    if out.shape.rank is None:
        out.set_shape(TensorShape([]))
    return out


def _parse_tensor(serialized, dtype):
    buf = serialized.item() if isinstance(serialized, np.ndarray) else serialized
    try:
        proto = decode(TENSOR, buf)
        arr = tensor_to_ndarray(proto) if proto.dtype else None
    except (ValueError, KeyError, TypeError):
        arr = None
    if arr is None:
        raise _err(f"Could not parse `serialized` as TensorProto, base64: {base64.b64encode(buf).decode()}",
                   "ParseTensor")
    got = dtypes.string if proto.dtype == 7 else dtypes.as_dtype(arr.dtype)
    if got != dtype:
        raise _err(f"Type mismatch between parsed tensor ({_TF_DTYPE.get(got.name, got.name)}) and dtype "
                   f"({_TF_DTYPE.get(dtype.name, dtype.name)})", "ParseTensor")
    return arr


def parse_tensor(serialized, out_type, name=None):
    """The tensor of TensorProto bytes (`serialize_tensor`'s inverse); `out_type` must be its dtype.

        >>> tf.io.parse_tensor(tf.io.serialize_tensor([1., 2.]), tf.float32).numpy()
        array([1., 2.], dtype=float32)
    """
    dtype = dtypes.as_dtype(out_type)
    t = convert_to_tensor(serialized, dtypes.string)
    return numpy_function(lambda s: _parse_tensor(s, dtype), [t], dtype, stateful=False, name="ParseTensor")
