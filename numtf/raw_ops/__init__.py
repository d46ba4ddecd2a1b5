"""`tf.raw_ops`: every numtf op under its TF op name, called with TF's keyword arguments only.

The ops are made from tables (`_math_table`, `_array_table`, `_nn_table`, `_misc_table`), one
entry per op: TF's argument list (a signature string in TF's order, with TF's defaults; `name`
is implied) and the numtf call it becomes (a public function, or a primitive of
numtf/ops/registry.py where no public function has the op's form). This module turns an entry
into a function with TF's name, signature, keyword-only check and multi-output result type,
on first use.

    >>> from numtf import raw_ops
    >>> raw_ops.AddV2(x=tf.constant(1.0), y=2.0)
    <tf.Tensor: shape=(), dtype=float32, numpy=3.0>
    >>> raw_ops.TopKV2(input=[1., 3., 2.], k=2).indices.numpy().tolist()
    [1, 2]
"""
import ast
import collections
import importlib
import inspect
import re

from ..framework import dtypes

__all__ = []

_REQUIRED = inspect.Parameter.empty
# TF gives these ops' Python functions a leading underscore (their names shadow builtins).
_UNDERSCORED = frozenset(("Abs", "All", "Any", "ClipByValue", "Complex", "HistogramFixedWidth", "Max", "Min",
                          "Pow", "Range", "Slice", "Sum"))
# Ops with several named outputs return a namedtuple named as the op, as TF does.
_OUTPUTS = {
    "Unique": "y idx", "UniqueWithCounts": "y idx count", "TopKV2": "values indices",
    "FusedBatchNormV3": "y batch_mean batch_variance reserve_space_1 reserve_space_2 reserve_space_3",
    "SoftmaxCrossEntropyWithLogits": "loss backprop", "SparseSoftmaxCrossEntropyWithLogits": "loss backprop",
    "Qr": "q r", "Svd": "s u v", "SelfAdjointEigV2": "e v", "LogMatrixDeterminant": "sign log_abs_determinant",
    "Lu": "lu p", "MaxPoolWithArgmax": "output argmax", "StringSplitV2": "indices values shape",
    "NonMaxSuppressionV5": "selected_indices selected_scores valid_outputs",
    "CTCGreedyDecoder": "decoded_indices decoded_values decoded_shape log_probability",
}
_result_types = {}
_cache = {}


def _tables():
    if not _cache:
        for part in ("_math_table", "_array_table", "_nn_table", "_misc_table"):
            _cache.update(importlib.import_module(f"{__name__}.{part}").TABLE)
    return _cache


def _py_name(op_name):
    """TF's Python function name of an op: snake case, '2D' as '2d', builtins' names underscored."""
    s = re.sub(r"(\d)D", r"\1d", op_name)
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", s)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()
    return "_" + s if op_name in _UNDERSCORED else s


def _default(text):
    """A default from a table's signature string: a Python literal, or '@int64' for a dtype."""
    if text.startswith("@"):
        return dtypes.as_dtype(text[1:])
    return ast.literal_eval(text)


def _split_top(spec):
    """The comma-separated items of a signature string (commas inside [...] do not split)."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(spec + ","):
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            items.append(spec[start:i].strip())
            start = i + 1
    return [s for s in items if s]


def _params(spec):
    out = []
    for item in _split_top(spec):
        key, eq, value = item.partition("=")
        out.append((key.strip(), _default(value.strip()) if eq else _REQUIRED))
    return out


def _missing_text(pyname, names):
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = " and ".join(quoted)
    else:
        listed = ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    s = "s" if len(names) > 1 else ""
    return f"{pyname}() missing {len(names)} required positional argument{s}: {listed}"


def _result_type(op_name):
    cls = _result_types.get(op_name)
    if cls is None:
        cls = _result_types[op_name] = collections.namedtuple(op_name, _OUTPUTS[op_name])
    return cls


def _doc(op_name, params, fn):
    first = (inspect.getdoc(fn) or "").split("\n\n")[0].strip()
    lines = [f"`tf.raw_ops.{op_name}`" + (f": runs as {first}" if first else "."), "", "  Args:"]
    for key, default in params:
        lines.append(f"    {key}: " + ("required." if default is _REQUIRED else f"defaults to {default!r}."))
    lines += ["    name: A name for the op (optional).", "",
              f"  Example: `tf.raw_ops.{op_name}({', '.join(k + '=...' for k, d in params if d is _REQUIRED)})`"]
    return "\n".join(lines)


def _make(op_name, spec, fn):
    params = _params(spec)
    keys = [k for k, _ in params]
    known = frozenset(keys + ["name"])
    pyname = _py_name(op_name)
    multi = op_name in _OUTPUTS

    def raw_op(*args, **kwargs):
        if args:
            raise TypeError(f"{pyname} only takes keyword args (possible keys: {keys + ['name']}). "
                            "Please pass these args as kwargs instead.")
        for k in kwargs:
            if k not in known:
                raise TypeError(f"{pyname}() got an unexpected keyword argument '{k}'")
        missing = [k for k, d in params if d is _REQUIRED and k not in kwargs]
        if missing:
            raise TypeError(_missing_text(pyname, missing))
        result = fn(*[kwargs.get(k, d) for k, d in params])
        if multi:
            return _result_type(op_name)(*result)
        return result

    raw_op.__name__ = raw_op.__qualname__ = pyname
    raw_op.__module__ = __name__
    raw_op.__signature__ = inspect.Signature(
        [inspect.Parameter(k, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=d) for k, d in params]
        + [inspect.Parameter("name", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)])
    raw_op.__doc__ = _doc(op_name, params, fn)
    return raw_op


def __getattr__(name):
    entry = None if name.startswith("_") else _tables().get(name)
    if entry is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = _make(name, *entry)
    return value


def __dir__():
    return sorted(_tables())
