"""The arguments of saved functions: how a trace's arguments are written, and how a call to a
restored function picks its trace (as tf.function would: tensors by dtype and compatible shape,
Python values by value, after binding the call to the function's parameters and defaults).

    >>> params, canon = describe_trace(concrete, python_function, input_signature)
    >>> fn = RestoredFunction("f", params, [(canon, concrete)])
    >>> fn(tf.ones([3, 2]))
"""
import inspect

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from ..framework.tensor_spec import TensorSpec
from ..util import nest

_KINDS = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", "KEYWORD_ONLY", "VAR_KEYWORD")


class Unsupported(Exception):
    """A trace whose arguments cannot be written (a Python object passed as an argument)."""


class TensorArg:
    """A tensor argument of a trace: its spec and its position among the graph's inputs."""
    __slots__ = ("spec", "index")

    def __init__(self, spec, index):
        self.spec = spec
        self.index = index

    def __repr__(self):
        return repr(self.spec)


# -- JSON of argument structures -----------------------------------------------------------------
def encode(x):
    """An argument structure (TensorArgs, Python values, lists, tuples, dicts) as tagged JSON."""
    if isinstance(x, TensorArg):
        s = x.spec
        return {"@": "spec", "shape": None if s.shape.rank is None else s.shape.as_list(), "dtype": s.dtype.name,
                "name": s.name, "i": x.index}
    if x is None or isinstance(x, (bool, str)) or type(x) is int:
        return x
    if type(x) is float:
        return {"@": "float", "v": repr(x)}
    if isinstance(x, tuple):
        return {"@": "tuple", "v": [encode(e) for e in x]}
    if isinstance(x, list):
        return {"@": "list", "v": [encode(e) for e in x]}
    if isinstance(x, dict) and all(isinstance(k, (str, int)) for k in x):
        return {"@": "dict", "v": [[k, encode(e)] for k, e in x.items()]}
    raise Unsupported(type(x).__name__)


def decode(x):
    if not isinstance(x, dict):
        return x
    tag, v = x.get("@"), x.get("v")
    if tag == "spec":
        return TensorArg(TensorSpec(TensorShape(x["shape"]), dtypes.as_dtype(x["dtype"]), x["name"]), int(x["i"]))
    if tag == "float":
        return float(v)
    if tag == "tuple":
        return tuple(decode(e) for e in v)
    if tag == "list":
        return [decode(e) for e in v]
    if tag == "dict":
        return {k: decode(e) for k, e in v}
    raise ValueError(f"Cannot load a saved function: unknown argument tag {tag!r} (the SavedModel is corrupt).")


# -- parameters ---------------------------------------------------------------------------------
def describe_params(python_function):
    """[[name, kind, default or absent]] of a function's parameters (bound `self` excluded); None
    when they cannot be described (calls are then matched as written)."""
    try:
        sig = inspect.signature(python_function)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            return None
        entry = [p.name, p.kind.name]
        if p.default is not p.empty:
            try:
                entry.append(encode(p.default))
            except Unsupported:
                return None
        out.append(entry)
    return out


def _signature(params):
    return inspect.Signature([inspect.Parameter(name, getattr(inspect.Parameter, kind),
                                                **({"default": decode(rest[0])} if rest else {}))
                              for name, kind, *rest in params])


def bind(params, args, kwargs):
    """The call's arguments as (positional values in parameter order, {}) after applying the
    defaults, or as written when the parameters are unknown."""
    if params is None:
        return tuple(args), dict(kwargs)
    bound = _signature(params).bind(*args, **kwargs)
    bound.apply_defaults()
    return tuple(bound.arguments[name] for name, *_ in params), {}


def describe_trace(concrete, python_function, input_signature=None, names=None):
    """(params, canonical arguments as JSON) of one trace of a tf.function; the tensor arguments'
    names come from the input_signature, else `names`, else the parameters. Raises Unsupported
    when the trace took arguments that cannot be written."""
    template, parts = concrete._signature
    if input_signature is not None:
        names = [s.name for s in nest.flatten(input_signature)]
    leaves = []
    k = 0
    for part in parts:
        if part[0] == "T":
            ph = concrete.graph.inputs[k]
            name = names[k] if names is not None and k < len(names) and names[k] else ph.op.attrs.get("name", ph.op.name)
            leaves.append(TensorArg(TensorSpec(TensorShape(None if part[1] is None else list(part[1])), part[2], name),
                                    k))
            k += 1
        elif part[0] == "P":
            leaves.append(part[2])
        else:
            raise Unsupported("a SparseTensor argument" if part[0] == "S" else "a tf.Variable or Python object argument")
    args, kwargs = nest.pack_sequence_as(template, leaves)
    params = describe_params(python_function)
    try:
        canon = bind(params, args, kwargs)
    except TypeError:
        params = None
        canon = (tuple(args), dict(kwargs))
    return params, {"args": encode(list(canon[0])), "kwargs": encode(canon[1])}


# -- calls -----------------------------------------------------------------------------------------
def _as_tensor(value, spec):
    from ..ops.convert import convert_to_tensor
    if isinstance(value, Variable):
        value = value._read()
    if isinstance(value, Tensor):
        return value
    if isinstance(value, TensorSpec):
        return value
    if isinstance(value, np.ndarray):
        return convert_to_tensor(value)
    try:
        return convert_to_tensor(value, dtype=spec.dtype)
    except (TypeError, ValueError):
        return None


def match(expected, value, flat):
    """Whether `value` fits the saved argument `expected`; tensors found go to flat[index]."""
    if isinstance(expected, TensorArg):
        t = _as_tensor(value, expected.spec)
        if t is None or t.dtype != expected.spec.dtype or not expected.spec.shape.is_compatible_with(t.shape):
            return False
        flat[expected.index] = t
        return True
    if isinstance(expected, (list, tuple)):
        return isinstance(value, (list, tuple)) and len(value) == len(expected) and all(
            match(e, v, flat) for e, v in zip(expected, value))
    if isinstance(expected, dict):
        return isinstance(value, dict) and set(value) == set(expected) and all(
            match(expected[k], value[k], flat) for k in expected)
    if isinstance(value, (Tensor, np.ndarray)):
        return False
    return type(value) is type(expected) and value == expected


def _shown(x, name):
    if isinstance(x, Tensor):
        shape = "<unknown>" if x.shape.rank is None else str(tuple(x.shape.as_list()))
        return f"<tf.Tensor '{name}:0' shape={shape} dtype={x.dtype.name}>"
    if isinstance(x, np.ndarray):
        return f"<tf.Tensor '{name}:0' shape={x.shape} dtype={x.dtype}>"
    return repr(x)


def _arguments_text(args, kwargs, names):
    lines = [f"  Positional arguments ({len(args)} total):"]
    lines += [f"    * {_shown(a, names[i] if i < len(names) else f'args_{i}')}" for i, a in enumerate(args)]
    lines.append(f"  Keyword arguments: {kwargs}")
    return "\n".join(lines)


def no_match_error(params, args, kwargs, options):
    """TF's error for a call that matches none of a restored function's traces."""
    names = [p[0] for p in params] if params else []
    text = ["Could not find matching concrete function to call loaded from the SavedModel. Got:",
            _arguments_text(args, kwargs, names), "",
            f" Expected these arguments to match one of the following {len(options)} option(s):"]
    for i, (o_args, o_kwargs) in enumerate(options):
        text += ["", f"Option {i + 1}:", _arguments_text(o_args, o_kwargs, names)]
    return ValueError("\n".join(text))


def call_concrete(concrete, flat):
    """Runs a restored trace on flat tensors: eagerly, or inlined into the graph being built."""
    if ctx.graph is not None:  # (a Keras model traced by fit, or a tf.function calling the loaded one)
        from ..graph.inline import inline_trace
        return inline_trace(concrete, flat)
    return concrete._call_flat(flat)


class RestoredFunction:
    """A tf.function loaded from a SavedModel: calls run the saved trace that matches the
    arguments (TF's ValueError when none does).

        >>> loaded.f(tf.ones([3, 2]))
    """

    def __init__(self, name, params, concretes):
        self.__name__ = name
        self._params = params
        self._concretes = concretes  # [((args, kwargs) with TensorArgs, ConcreteFunction)]

    @property
    def concrete_functions(self):
        return [c for _, c in self._concretes]

    def _find(self, args, kwargs):
        try:
            c_args, c_kwargs = bind(self._params, args, kwargs)
        except TypeError as e:
            raise TypeError(f"{self.__name__}(): {e}") from None
        for (e_args, e_kwargs), concrete in self._concretes:
            flat = [None] * len(concrete.graph.inputs)
            if match(list(e_args), list(c_args), flat) and match(e_kwargs, c_kwargs, flat):
                return concrete, flat
        raise no_match_error(self._params, c_args, c_kwargs, [(e_a, e_k) for (e_a, e_k), _ in self._concretes])

    def __call__(self, *args, **kwargs):
        concrete, flat = self._find(args, kwargs)
        return call_concrete(concrete, flat)

    def get_concrete_function(self, *args, **kwargs):
        """The saved trace matching these arguments (TensorSpecs allowed)."""
        return self._find(args, kwargs)[0]

    def __get__(self, instance, owner):
        return self  # (stored on instances: never bound)

    def __repr__(self):
        return f"<numtf.saved_model RestoredFunction {self.__name__!r} ({len(self._concretes)} trace(s))>"
