"""Parsing serialized tf.train.SequenceExamples (`tf.io.parse_single_sequence_example`,
`tf.io.parse_sequence_example`, TF's ParseSequenceExampleV2 op).

The context is parsed like an Example (FixedLenFeature, VarLenFeature); each feature list is
a sequence of Features, parsed with FixedLenSequenceFeature (a dense [steps, *shape] tensor;
batches are padded with zeros and the lengths returned) or VarLenFeature (a SparseTensor of
dense shape [steps, longest step]). Parsing runs as one NumPy-side op, so it works eagerly,
in tf.function and in `Dataset.map`.

    >>> ctx, seq = tf.io.parse_single_sequence_example(
    ...     serialized, {'len': tf.io.FixedLenFeature([], tf.int64)},
    ...     {'tokens': tf.io.FixedLenSequenceFeature([], tf.int64)})   # doctest: +SKIP
"""
import numpy as np

from ..framework import dtypes
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from ..util.events import _fields
from .convert import convert_to_tensor
from .parsing_ops import (sorted_specs, FixedLenFeature, FixedLenSequenceFeature, VarLenFeature, _NP, _TYPE_NAME, _Spec,
                          _example_features, _feature, _shape_text, _err)
from .script_ops import numpy_function

__all__ = ["parse_single_sequence_example", "parse_sequence_example"]

_OP = "ParseSequenceExampleV2"


class _SeqSpec(_Spec):
    """A feature-list entry: FixedLenSequenceFeature (default_value must be None) or VarLenFeature."""

    def __init__(self, key, feature):
        if isinstance(feature, FixedLenFeature) or not isinstance(feature, (FixedLenSequenceFeature,
                                                                            VarLenFeature)):
            raise ValueError(f"Unsupported {type(feature).__name__} {feature!r} for key '{key}'")
        if isinstance(feature, FixedLenSequenceFeature) and feature.default_value is not None:
            raise ValueError(f"Value feature_list.dense_defaults[{key}] must be None")
        if isinstance(feature, FixedLenSequenceFeature) and not feature.allow_missing:
            feature = feature._replace(allow_missing=True)  # (checked per example instead: required here)
            super().__init__(key, feature)
            self.required = True
            return
        super().__init__(key, feature)
        self.required = False


def _sorted_specs(features, cls):
    return sorted_specs(features, cls) if features else []


# -- the wire format of SequenceExample --------------------------------------------------------------
def _feature_lists(buf):
    """{name: [(kind, values) per step]} of a serialized SequenceExample."""
    out = {}
    for number, wire, value in _fields(buf):
        if number == 2 and wire == 2:
            for n, w, entry in _fields(value):
                if n != 1 or w != 2:
                    continue
                key, steps = "", []
                for n3, w3, v3 in _fields(entry):
                    if n3 == 1 and w3 == 2:
                        key = bytes(v3).decode("utf-8")
                    elif n3 == 2 and w3 == 2:
                        steps = [_feature(f) for n4, w4, f in _fields(v3) if n4 == 1 and w4 == 2]
                out[key] = steps
    return out


def _typed(spec, kind, values, where):
    if kind is not None and kind != spec.kind:
        raise _err(f"{where}Data types don't match. Expected type: {_TYPE_NAME[spec.kind]}", _OP)
    out = np.empty(len(values), object) if spec.kind == "bytes" else np.asarray(values, _NP[spec.kind])
    if spec.kind == "bytes":
        out[:] = values
    return out.reshape(len(values))


def _context(spec, feats, name):
    kind, vals = feats.get(spec.key, (None, []))
    if kind is None and not spec.sparse and spec.default is not None:
        return np.broadcast_to(spec.default, spec.shape)
    vals = _typed(spec, kind, vals, f"Name: {name}, Context feature: {spec.key}.  ")
    if spec.sparse:
        return vals
    n = int(np.prod(spec.shape))
    if len(vals) != n:
        raise _err(f"Inconsistent max number of elements for feature {spec.key}: expected {n}, but found "
                   f"{len(vals)}", _OP)
    return vals.reshape(spec.shape)


def _sequence(spec, lists, name):
    if spec.key not in lists:
        if spec.required:
            raise _err(f"Name: {name}, Feature list '{spec.key}' is required but could not be found.  Did you mean "
                       "to include it in feature_list_dense_missing_assumed_empty or "
                       "feature_list_dense_defaults?", _OP)
        return [] if spec.sparse else np.zeros((0,) + spec.shape, _NP[spec.kind])
    steps = []
    for i, (kind, vals) in enumerate(lists[spec.key]):
        where = f"Name: {name}, Feature list: {spec.key}, Index: {i}.  "
        vals = _typed(spec, kind, vals, where)
        if not spec.sparse and len(vals) != int(np.prod(spec.shape)):
            raise _err(f"Name: {name}, Key: {spec.key}, Index: {i}.  Number of values != expected.  values size: "
                       f"{len(vals)} but output shape: {_shape_text(spec.shape)}", _OP)
        steps.append(vals if spec.sparse else vals.reshape(spec.shape))
    if spec.sparse:
        return steps
    return np.stack(steps).astype(_NP[spec.kind]) if steps else np.zeros((0,) + spec.shape, _NP[spec.kind])


def _sparse_parts(per_example, single, nested):
    """(indices, values, dense_shape) of VarLen features: per example a list of values (context) or
    of steps (`nested`, feature lists)."""
    rows = [[ex] if not nested else ex for ex in per_example]  # per example: a list of value vectors
    idx, vals = [], []
    for b, steps in enumerate(rows):
        for t, v in enumerate(steps):
            for j in range(len(v)):
                idx.append(([] if single else [b]) + ([t] if nested else []) + [j])
            vals.extend(v)
    longest = max((len(v) for steps in rows for v in steps), default=0)
    shape = ([] if single else [len(rows)]) + ([max((len(s) for s in rows), default=0)] if nested else []) + [longest]
    rank = len(shape)
    values = np.empty(len(vals), object) if vals and isinstance(vals[0], bytes) else np.asarray(vals)
    if values.dtype == object:
        values[:] = vals
    return np.asarray(idx, np.int64).reshape(-1, rank), values, np.asarray(shape, np.int64)


def _parse_batch(serialized, ctx_specs, seq_specs, names, single):
    flat = np.asarray(serialized, object).reshape(-1)
    parsed = []
    for i, s in enumerate(flat):
        b = s if isinstance(s, bytes) else bytes(s)
        name = names[i] if names is not None else "<unknown>"
        try:
            parsed.append((_example_features(b), _feature_lists(b), name))
        except (ValueError, UnicodeDecodeError):
            raise _err(f"Invalid protocol message input, example id: {name}", _OP) from None
    out = []
    for spec in ctx_specs:
        per = [_context(spec, c, n) for c, _, n in parsed]
        if spec.sparse:
            ind, val, shp = _sparse_parts(per, single, False)
            out += [ind, val.astype(_NP[spec.kind]) if val.dtype != object else val, shp]
        else:
            out.append(np.asarray(per[0] if single else np.stack(per), _NP[spec.kind]))
    for spec in seq_specs:
        per = [_sequence(spec, lists, n) for _, lists, n in parsed]
        if spec.sparse:
            ind, val, shp = _sparse_parts(per, single, True)
            out += [ind, val.astype(_NP[spec.kind]) if val.dtype != object else val, shp]
            continue
        lengths = np.asarray([len(p) for p in per], np.int64)
        if single:
            out.append(per[0])
        else:
            dense = np.zeros((len(per), int(lengths.max(initial=0))) + spec.shape, _NP[spec.kind])
            if spec.kind == "bytes":
                dense[...] = b""
            for i, p in enumerate(per):
                dense[i, :len(p)] = p
            out += [dense, lengths]
    return tuple(out)


def _parse(serialized, context_features, sequence_features, example_names, single):
    if context_features is None and sequence_features is None:
        raise ValueError("Both context_features and sequence_features are None, but at least one should have values.")
    ctx_specs = _sorted_specs(context_features, _Spec)
    seq_specs = _sorted_specs(sequence_features, _SeqSpec)
    for s in ctx_specs:
        if s.sequence:
            raise ValueError(f"Unsupported FixedLenSequenceFeature {s.feature!r} for key '{s.key}'")
    t = convert_to_tensor(serialized, dtypes.string)
    names = None
    if example_names is not None:
        names = [n.decode() if isinstance(n, bytes) else str(n)
                 for n in np.asarray(convert_to_tensor(example_names, dtypes.string)._value, object).reshape(-1)]
    tout = []
    for s in ctx_specs:
        tout += [dtypes.int64, s.dtype, dtypes.int64] if s.sparse else [s.dtype]
    for s in seq_specs:
        tout += [dtypes.int64, s.dtype, dtypes.int64] if s.sparse else ([s.dtype] if single else [s.dtype, dtypes.int64])
    outs = numpy_function(lambda x: _parse_batch(x, ctx_specs, seq_specs, names, single), [t], tout,
                          stateful=False, name=_OP)
    if len(tout) == 1:
        outs = [outs] if not isinstance(outs, (list, tuple)) else outs
    batch = [] if single else [t.shape[0] if t.shape.rank else None]
    it = iter(outs)
    context, seqs, lengths = {}, {}, {}
    for s in ctx_specs:
        context[s.key] = _sparse(it, len(batch) + 1) if s.sparse else _shaped(next(it), batch + list(s.shape))
    for s in seq_specs:
        if s.sparse:
            seqs[s.key] = _sparse(it, len(batch) + 2)
        else:
            seqs[s.key] = _shaped(next(it), batch + [None] + list(s.shape))
            if not single:
                lengths[s.key] = _shaped(next(it), batch)
    return context, seqs, lengths


def _shaped(x, shape):
    if x.shape.rank is None:
        x.set_shape(TensorShape(shape))
    return x


def _sparse(it, rank):
    ind, val, shp = next(it), next(it), next(it)
    for x, s in ((ind, [None, rank]), (val, [None]), (shp, [rank])):
        _shaped(x, s)
    return SparseTensor(ind, val, shp)


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None, example_name=None,
                                  name=None):
    """Parses one serialized SequenceExample: (context dict, feature-list dict).

        >>> c, s = tf.io.parse_single_sequence_example(
        ...     data, sequence_features={'t': tf.io.FixedLenSequenceFeature([], tf.int64)})  # doctest: +SKIP
        >>> s['t'].shape                                                                   # doctest: +SKIP
        TensorShape([3])
    """
    t = convert_to_tensor(serialized, dtypes.string)
    if t.shape.rank not in (0, None):
        raise ValueError("Input serialized must be a scalar")
    names = None if example_name is None else [example_name]
    context, seqs, _ = _parse(t, context_features, sequence_features, names, True)
    return context, seqs


def parse_sequence_example(serialized, context_features=None, sequence_features=None, example_names=None,
                           name=None):
    """Parses a vector of serialized SequenceExamples: (context, feature lists, lengths) dicts;
    dense feature lists are padded to the longest sequence and `lengths` holds each one's length.

        >>> c, s, n = tf.io.parse_sequence_example(
        ...     [d1, d2], sequence_features={'t': tf.io.FixedLenSequenceFeature([], tf.int64)})  # doctest: +SKIP
    """
    t = convert_to_tensor(serialized, dtypes.string)
    if t.shape.rank not in (1, None):
        raise ValueError(f"Shape {t.shape} must have rank 1")
    return _parse(t, context_features, sequence_features, example_names, False)
