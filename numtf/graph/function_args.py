"""How `tf.function` binds its arguments: the canonical form a call is traced and cached under
(parameters bound, defaults applied, as TF does so `f(x)`, `f(x, 2.0)` and `f(x=x)` share a
trace), the input_signature check with TF's error texts, calls of a ConcreteFunction by its
structured arguments, and the frequent-retracing warning.

    >>> canonical_arguments(inspect.signature(lambda x, y=2.0: 0), (1,), {})
    ((1, 2.0), {})
"""
import inspect

from ..framework.errors import InvalidArgumentError
from ..framework.sparse_tensor import SparseTensor, SparseTensorSpec
from ..framework.tensor import Tensor
from ..framework.tensor_spec import TensorSpec
from ..util import nest
from . import composites

_FLAT_KINDS = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def signature_of(fn):
    """`inspect.signature(fn)`, or None for callables without one."""
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def canonical_arguments(sig, args, kwargs, shown=None):
    """(args, kwargs) bound to `sig` with its defaults applied: every positional-or-keyword
    parameter positional, *args appended, keyword-only and **kwargs in kwargs. Python's
    TypeError (wrapped in TF's text) when the call does not bind."""
    if sig is None:
        return tuple(args), dict(kwargs)
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as e:
        raise TypeError(f"Binding inputs to tf.function failed due to `{e}`. Received args: {tuple(args)} and "
                        f"kwargs: {dict(kwargs)} for signature: {shown or sig}.") from None
    bound.apply_defaults()
    out_args, out_kwargs = [], {}
    for name, p in sig.parameters.items():
        value = bound.arguments[name]
        if p.kind in _FLAT_KINDS:
            out_args.append(value)
        elif p.kind is p.VAR_POSITIONAL:
            out_args.extend(value)
        elif p.kind is p.KEYWORD_ONLY:
            out_kwargs[name] = value
        else:
            out_kwargs.update(value)
    return tuple(out_args), out_kwargs


def _signature_names(fn, n):
    """The parameter names the input_signature's n specs describe (args_i past the named ones)."""
    sig = signature_of(fn)
    names = [name for name, p in sig.parameters.items() if p.kind in _FLAT_KINDS] if sig is not None else []
    return names[:n] + [f"args_{i}" for i in range(len(names), n)]


def bind_input_signature(fn, input_signature, args, kwargs):
    """The call's arguments, one per input_signature entry (tensors converted to the spec's
    dtype, TensorSpecs kept), or TF's TypeError "Binding inputs to tf.function failed due to ..."."""
    sig = list(input_signature)
    names = _signature_names(fn, len(sig))
    shown = "(" + ", ".join(f"{n}: {s!r}" for n, s in zip(names, sig)) + ")"

    def failed(why):
        return TypeError(f"Binding inputs to tf.function failed due to `{why}`. Received args: {tuple(args)} and "
                         f"kwargs: {dict(kwargs)} for signature: {shown}.")

    params = [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names]
    try:
        bound = inspect.Signature(params).bind(*args, **kwargs)
    except TypeError as e:
        raise failed(e) from None
    out = []
    for name, spec in zip(names, sig):
        value = bound.arguments[name]
        specs = nest.flatten(spec)
        if isinstance(spec, TensorSpec):
            leaves = [value]  # (a list for a TensorSpec is one tensor's value)
        else:
            try:
                nest.assert_same_structure(spec, value, check_types=False)
            except (TypeError, ValueError) as e:
                raise failed(e) from None
            leaves = nest.flatten(value)
        if len(leaves) != len(specs):
            raise failed(f"Can not cast {value!r} to {spec!r}")
        converted = [_bind_leaf(v, s, failed) if isinstance(s, TensorSpec) else
                     _bind_sparse(v, s, failed) if isinstance(s, SparseTensorSpec) else v for v, s in zip(leaves, specs)]
        out.append(nest.pack_sequence_as(spec, converted))
    return tuple(out)


def _bind_leaf(value, spec, failed):
    from ..ops.convert import convert_to_tensor
    if isinstance(value, TensorSpec):
        return value
    if isinstance(value, Tensor):
        t = value
    else:
        try:
            t = convert_to_tensor(value, spec.dtype)
        except (TypeError, ValueError) as e:
            raise failed(e) from None
    if t.dtype != spec.dtype or not spec.shape.is_compatible_with(t.shape):
        raise failed(f"Can not cast {TensorSpec.from_tensor(t)!r} to {spec!r}")
    return t


def _bind_sparse(value, spec, failed):
    # (TF checks the components only: dtype and rank, not the dense shape's dims)
    if not isinstance(value, (SparseTensor, SparseTensorSpec)) or value.dtype != spec.dtype or \
            None not in (value.shape.rank, spec.shape.rank) and value.shape.rank != spec.shape.rank:
        raise failed(f"Can not cast {value!r} to {spec!r}")
    return value


# -- concrete functions ----------------------------------------------------------------------------
def structured_input_signature(concrete, path_names=True):
    """((args...), {kwargs}) of a trace: TensorSpecs for tensor arguments (named as given, else
    after their parameter and place: 'x', 'd_x' for d["x"]; unnamed with path_names=False),
    the Python values otherwise."""
    template, parts = concrete._signature
    args, kwargs = template
    params = [n for n, p in concrete._fn_signature.parameters.items() if p.kind in _FLAT_KINDS] \
        if concrete._fn_signature is not None else []
    paths = {}  # leaf number -> the name its place gives it
    if path_names:
        for i, a in enumerate(args):
            _leaf_paths(a, params[i] if i < len(params) else f"args_{i}", paths)
        for k, a in kwargs.items():
            _leaf_paths(a, k, paths)
    given = getattr(concrete.graph, "given_names", [])
    leaves = []
    k = 0
    for n, part in enumerate(parts):
        if part[0] == "T":
            name = given[k] if k < len(given) and given[k] else paths.get(n)
            leaves.append(TensorSpec(part[1], part[2], name))
            k += 1
        elif part[0] == composites.SPARSE:
            leaves.append(composites.spec_of(part))
            k += composites.WIDTH
        else:
            leaves.append(part[2] if part[0] == "P" else part)
    return nest.pack_sequence_as(template, leaves)


def _leaf_paths(structure, prefix, out):
    """Fills out[leaf number] = prefix plus the keys/indices leading to it."""
    if isinstance(structure, dict):
        for key in sorted(structure):
            _leaf_paths(structure[key], f"{prefix}_{key}", out)
    elif isinstance(structure, (list, tuple)):
        for i, v in enumerate(structure):
            _leaf_paths(v, f"{prefix}_{i}", out)
    else:
        out[structure] = prefix


def type_text(value):
    """A structure of specs/tensors/values as TF's function types print it
    (`Dict[['s', TensorSpec(...)]]`, `List[...]`, `Literal[2.0]`)."""
    if isinstance(value, Tensor):
        return repr(TensorSpec(value.shape, value.dtype))
    if isinstance(value, (TensorSpec, SparseTensorSpec)):
        return repr(value)
    if isinstance(value, SparseTensor):
        return repr(SparseTensorSpec(value.shape, value.dtype))
    if isinstance(value, dict):
        return "Dict[" + ", ".join(f"[{k!r}, {type_text(v)}]" for k, v in value.items()) + "]"
    if isinstance(value, list):
        return "List[" + ", ".join(type_text(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "Tuple[" + ", ".join(type_text(v) for v in value) + "]"
    return f"Literal[{value!r}]"


def function_type_text(concrete):
    """'(a: TensorSpec(...), b: Literal[2.0]) -> TensorSpec(...)': a trace's inputs and output."""
    args, kwargs = structured_input_signature(concrete, path_names=False)
    params = [n for n, p in concrete._fn_signature.parameters.items() if p.kind in _FLAT_KINDS] \
        if concrete._fn_signature is not None else []
    names = [params[i] if i < len(params) else f"args_{i}" for i in range(len(args))] + list(kwargs)
    shown = ", ".join(f"{n}: {type_text(v)}" for n, v in zip(names, list(args) + list(kwargs.values())))
    return f"({shown}) -> {type_text(concrete.structured_outputs)}"


def describe(concrete):
    """What printing a trace shows (TF's layout): its parameters, output type and captures."""
    args, kwargs = concrete.structured_input_signature
    sig = concrete._fn_signature
    params = [(n, p.kind.name) for n, p in sig.parameters.items() if p.kind in _FLAT_KINDS] if sig else []
    rows = [(params[i] if i < len(params) else (f"args_{i}", "POSITIONAL_ONLY"), v) for i, v in enumerate(args)]
    rows += [((k, "KEYWORD_ONLY"), v) for k, v in kwargs.items()]
    lines = ["ConcreteFunction Input Parameters:"]
    lines += [f"  {n} ({kind}): {type_text(_unnamed(v))}" for (n, kind), v in rows]
    lines += ["Output Type:", f"  {type_text(concrete.structured_outputs)}", "Captures:"]
    lines += [f"  {id(v)}: TensorSpec(shape=(), dtype=tf.resource, name=None)" for v in concrete.graph.variables] \
        or ["  None"]
    return "\n".join(lines)


def _unnamed(structure):
    return nest.map_structure(lambda v: TensorSpec(v.shape, v.dtype) if isinstance(v, TensorSpec) else v,
                              structure)


class FunctionType:
    """`concrete.function_type`: shows as '(a: TensorSpec(...), b: Literal[2.0]) -> TensorSpec(...)'."""

    def __init__(self, concrete):
        self._concrete = concrete

    def __repr__(self):
        return function_type_text(self._concrete)


def _dtype_error(name, k, expected, got):
    return InvalidArgumentError(None, None, f"cannot compute {name} as input #{k}(zero-based) was expected to be "
                                f"a {_tf_type_name(expected)} tensor but is a {_tf_type_name(got)} tensor [Op:{name}]")


def _tf_type_name(dtype):
    """The dtype as TF's runtime errors spell it ('float' for float32)."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)


def bind_concrete_call(concrete, sig, args, kwargs, flat_error=None):
    """The flat tensor inputs of a call of a trace by its structured arguments (`cf(x, n=3)`);
    flat_error=(k, tensor) raises TF's error for a flat input of the wrong dtype."""
    name = concrete._op.name
    if flat_error is not None:
        k, t = flat_error
        raise _dtype_error(name, k, concrete.graph.inputs[k].dtype, t.dtype)
    template, parts = concrete._signature
    call_args, call_kwargs = canonical_arguments(sig, args, kwargs, function_type_text(concrete))
    try:
        leaves = nest.flatten((call_args, call_kwargs))
        if len(leaves) != len(parts):
            raise ValueError("the arguments' structure differs from the trace's")
        nest.assert_same_structure(template, (call_args, call_kwargs))
    except (TypeError, ValueError) as e:
        raise TypeError(f"Binding inputs to tf.function failed due to `{e}`. Received args: {tuple(args)} and "
                        f"kwargs: {dict(kwargs)} for signature: {function_type_text(concrete)}.") from None
    flat = []
    for leaf, part in zip(leaves, parts):
        if part[0] == "T":
            if not isinstance(leaf, Tensor):
                raise TypeError(f"{name}: expected argument #{len(flat)}(zero-based) to be a Tensor; got "
                                f"{type(leaf).__name__} ({leaf!r}).")
            if leaf.dtype != part[2]:
                raise _dtype_error(name, len(flat), part[2], leaf.dtype)
            flat.append(leaf)
        elif part[0] == composites.SPARSE:
            if not isinstance(leaf, SparseTensor) or not composites.spec_of(part).is_compatible_with(leaf):
                raise TypeError(f"{name}: expected argument #{len(flat)}(zero-based) to be a SparseTensor fitting "
                                f"{composites.spec_of(part)!r}; got {leaf!r}.")
            flat.extend(composites.components(leaf))
        elif part[0] == "P" and not (type(leaf).__name__ == part[1] and leaf == part[2]):
            raise TypeError(f"Binding inputs to tf.function failed due to `{leaf!r} is not the traced value "
                            f"{part[2]!r}`. Received args: {tuple(args)} and kwargs: {dict(kwargs)}.")
    return flat


# -- the retracing warning -------------------------------------------------------------------------
_THRESHOLD = 5      # this many traces among the recent calls warn ...
_HISTORY = 10       # ... the recent calls being about this many (older traces are forgotten)
_MAX_WARNINGS = 2   # ... at most twice per function
_DETECTORS = {}     # code object -> RetraceDetector: tf.functions made again and again of one def share one


def retrace_detector(fn):
    """The detector of `fn`'s traces: shared by every tf.function of the same user code (so a
    tf.function created in a loop is noticed, as in TF); numtf's own functions get their own."""
    func = getattr(fn, "__func__", fn)
    code = getattr(func, "__code__", None)
    module = getattr(func, "__module__", None) or ""
    if code is None or module == "numtf" or module.startswith("numtf.") and not module.startswith("numtf.examples"):
        return RetraceDetector()
    detector = _DETECTORS.get(code)
    if detector is None:
        detector = _DETECTORS[code] = RetraceDetector()
    return detector


class RetraceDetector:
    """Counts the calls and traces of a tf.function; warns, as TF does, when 5 or more of the
    recent calls traced ("N out of the last M calls"). TF warns once the call has run: `traced`
    notes the warning, `flush` logs it. Functions count `calls` themselves (one add per call)."""

    def __init__(self):
        self.calls = 0
        self.traced_at = []  # the call numbers that traced, oldest first
        self.warnings = 0
        self.pending = None

    def traced(self, fn):
        """Notes that the current call traced."""
        at = self.traced_at
        at.append(self.calls)
        while at:  # forget the oldest trace (and the calls up to the next) while that leaves enough history
            first_group = (at[1] if len(at) > 1 else self.calls + 1) - at[0]
            if self.calls - at[0] + 1 - first_group > _HISTORY:
                at.pop(0)
            else:
                break
        if len(at) >= _THRESHOLD and self.warnings < _MAX_WARNINGS:
            self.warnings += 1
            self.pending = (len(at), self.calls - at[0] + 1, getattr(fn, "__func__", fn))

    def flush(self, log):
        """Logs the warning the last trace noted, if any."""
        if self.pending is not None:
            args, self.pending = self.pending, None
            log.warning(
                "%d out of the last %d calls to %r triggered tf.function retracing. Tracing is expensive and "
                "the excessive number of tracings could be due to (1) creating @tf.function repeatedly in a "
                "loop, (2) passing tensors with different shapes, (3) passing Python objects instead of "
                "tensors. For (1), please define your @tf.function outside of the loop. For (2), "
                "@tf.function has reduce_retracing=True option that can avoid unnecessary retracing. For (3), "
                "please refer to https://www.tensorflow.org/guide/function#controlling_retracing and "
                "https://www.tensorflow.org/api_docs/python/tf/function for  more details.", *args)
