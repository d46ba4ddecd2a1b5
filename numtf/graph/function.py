"""`tf.function`: trace a Python function into a graph once per input signature, then run the
compiled plan.

Tensors (and NumPy arrays) key the trace cache by shape and dtype, SparseTensors by their spec
(graph/composites.py), Python values by value, other objects by identity. Variables are captured
by reference (their reads and assigns are graph nodes); variables may only be created on the first
trace. Python side effects run while tracing; `tf.print` and assigns run on every call.

    >>> @tf.function
    ... def f(x):
    ...     return x * x + 1.0
    >>> f(tf.constant(2.0))
    <tf.Tensor: shape=(), dtype=float32, numpy=5.0>
"""
import functools
import logging
import weakref

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx, graph_mode
from ..framework.tensor import Tensor, SymbolicTensor, wrap
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec
from ..framework.variables import Variable
from ..ops.registry import Op, OpRecord, tracks, _weakref
from ..util import nest
from .executor import Plan
from . import composites
from .fast_entry import MISS, build_entry
from .function_args import (retrace_detector, bind_concrete_call, bind_input_signature, canonical_arguments,
                            FunctionType, describe, signature_of, structured_input_signature)
from .inline import inline_trace
from .graph import Graph
from .passes import optimized_plan

log = logging.getLogger("tensorflow")
_from_np = dtypes.from_numpy
_NUMERIC_KINDS = frozenset("biufc")


def _fast_key(args):
    """The trace-cache key of positional arguments that are all eager tensors or numeric NumPy
    arrays (the handbook feeds its batches as arrays): shapes and dtypes, as the full key has
    them; None for any other argument (the full `_concrete_for` then decides)."""
    key = []
    for a in args:
        t = type(a)
        if t is Tensor:  # DTypes are singletons: their id is their key (and hashes in C)
            key.append((a._value.shape, id(a._dtype)))
        elif t is np.ndarray and a.dtype.kind in _NUMERIC_KINDS:
            key.append((a.shape, a.dtype))  # a NumPy dtype: never equal to an int
        else:
            return None
    return tuple(key)


def _array_tensor(x):
    """A NumPy argument as a tensor: a copy, as TF makes, so the caller may change the array."""
    return wrap(np.array(x), _from_np(x.dtype))


class FuncGraph(Graph):
    """The graph a traced function builds: its placeholders, outputs and captured variables."""

    def __init__(self, name, outer=None):
        super().__init__(outer)
        self.name = name
        self.inputs = []
        self.outputs = []
        self.structured_outputs = None
        self.variables = []
        self.given_names = []  # per input: the name its TensorSpec gave it, else None


def _is_tensor_like(x):
    return isinstance(x, (Tensor, np.ndarray))


class ConcreteFunction:
    """One trace: a FuncGraph plus its compiled plans. Call with the flat tensor inputs."""

    _single_output = False
    _signature = None  # set by Function for its traces: ((args, kwargs) with leaves numbered, key parts)

    def __init__(self, graph, outputs_structure, flat_outputs):
        self.graph = graph
        self.structured_outputs = outputs_structure
        self._flat_outputs = flat_outputs
        self._plan = None
        self._recording_plan = None
        self._grad = None
        self._entry = None
        self._n_forward = len(graph.nodes)  # (the gradient adds its nodes to the same graph later)
        self._op = Op(f"__inference_{graph.name}", None, None, num_outputs=len(flat_outputs))
        self._op.grad = self._gradient

    @property
    def inputs(self):
        return list(self.graph.inputs)

    @property
    def outputs(self):
        return list(self._flat_outputs)

    @property
    def variables(self):
        return list(self.graph.variables)

    _fn_signature = None  # the traced Python function's inspect.Signature (set by Function)
    _structured_input_signature = None  # (set by the SavedModel loader for restored traces)

    @property
    def structured_input_signature(self):
        """((args...), {kwargs}) of this trace: TensorSpecs (named after their placeholders)
        for tensor arguments, the Python values of the others."""
        if self._structured_input_signature is None and self._signature is not None:
            self._structured_input_signature = structured_input_signature(self)
        return self._structured_input_signature

    @structured_input_signature.setter
    def structured_input_signature(self, value):
        self._structured_input_signature = value

    @property
    def name(self):
        return self._op.name.encode()

    @property
    def function_type(self):
        """The trace's inputs and output, printed as TF prints its FunctionType."""
        return FunctionType(self)

    def __str__(self):
        if self._signature is None:
            return object.__repr__(self)
        return describe(self)

    def __call__(self, *args, **kwargs):
        inputs = self.graph.inputs
        if not kwargs and len(args) == len(inputs) and all(type(a) is Tensor for a in args):
            # the flat tensor inputs (what Keras' step functions pass), as TF's flat signature takes
            for k, (a, p) in enumerate(zip(args, inputs)):
                if a._dtype != p.dtype:
                    bind_concrete_call(self, None, (), {}, flat_error=(k, a))
            flat = list(args)
        elif self._signature is not None:  # a trace of a tf.function: called by its structured arguments
            flat = bind_concrete_call(self, self._fn_signature, args, kwargs)
        else:
            if kwargs:
                raise TypeError(f"{self._op.name}: this function takes its {len(inputs)} tensor inputs "
                                f"positionally, got keyword arguments {sorted(kwargs)}")
            flat = [a if isinstance(a, Tensor) else wrap(np.asarray(a), _from_np(np.asarray(a).dtype)) for a in args]
        if ctx.graph is not None:  # called while tracing: the trace is copied in
            return inline_trace(self, flat)
        return self._call_flat(flat)

    def _call_fast(self, args):
        """`_call_flat` for positional tensors and NumPy arrays once the plan exists and no tape
        records: the per-call path of a traced training step, kept short."""
        plan = self._plan
        if plan is None or ctx.tapes:
            return self._call_flat([a if type(a) is Tensor else _array_tensor(a) for a in args])
        # (arrays are copied, as TF copies them: an output may be an input, and the caller may
        # change the array afterwards)
        return self._outputs(plan.run([a._value if type(a) is Tensor else np.array(a) for a in args])[0])

    def entry(self, tensors_only):
        """The generated entry (numtf.graph.fast_entry) once the plan is compiled, else None."""
        if self._entry is None and self._plan is not None and self._plan.source is not None:
            self._entry = build_entry(self, tensors_only)
        return self._entry

    def _call_flat(self, tensors):
        arrays = [t._value for t in tensors]
        if ctx.tapes and self._recorded(tensors):
            return self._call_recorded(tensors, arrays)
        if self._plan is None:  # the graph passes run here (numtf.graph.passes; NUMTF_GRAPH_PASSES=0: off)
            self._plan = optimized_plan(self.graph, self._flat_outputs, self.graph.inputs)
        return self._outputs(self._plan.run(arrays)[0])

    def _outputs(self, values):
        """The plan's fetched arrays as the function's structured result."""
        if self._single_output:  # one tensor out: no structure to rebuild
            v = values[0]
            if type(v) is np.ndarray:
                return wrap(v, _from_np(v.dtype))
            v = np.asarray(v)
            return wrap(v, _from_np(v.dtype))
        outs = [wrap(v, _from_np(np.asarray(v).dtype)) for v in values]
        return nest.pack_sequence_as(self.structured_outputs, self._fill(outs))

    def _fill(self, outs):
        it = iter(outs)
        return [next(it) if isinstance(o, SymbolicTensor) else o.rebuild(it) if isinstance(o, composites.CompositeResult)
                else o for o in self._flat_structure]

    def _recorded(self, tensors):
        for tape in ctx.tapes:
            if any(tracks(tape._ids, t) for t in tensors):
                return True
            if any(tape._watch_accessed and v.trainable or tracks(tape._ids, v) for v in self.graph.variables):
                return True
        return False

    def _call_recorded(self, tensors, arrays):
        """Runs forward keeping every intermediate, and records the call as one op on the tapes."""
        if self._recording_plan is None:
            self._recording_plan = Plan(self.graph, self._flat_outputs, self.graph.inputs, keep_all=True)
        var_reads = [v._read() for v in self.graph.variables]  # tells the tapes which variables are used
        values, slots = self._recording_plan.run(arrays)
        outs = [wrap(v, _from_np(np.asarray(v).dtype)) for v in values]
        inputs = tuple(tensors) + tuple(var_reads)
        rec = OpRecord(self._op, inputs, tuple(outs), {"slots": slots})
        for tape in ctx.tapes:
            ids = tape._ids
            if any(tracks(ids, t) for t in inputs):
                tape._records.append(rec)
                for o in outs:
                    ids[id(o)] = o
        return nest.pack_sequence_as(self.structured_outputs, self._fill(outs))

    def _gradient(self, node, *output_grads):
        """The backward graph, built once inside the forward graph, run over the saved values."""
        if self._grad is None:
            self._grad = self._build_gradient()
        seeds, grad_plan, n_inputs, var_slices = self._grad
        slots = list(node.attrs["slots"])
        feed = [np.asarray(g._value) for g in output_grads]
        values, _ = grad_plan.run(feed, slots)
        grads = [None if v is None else wrap(v, _from_np(np.asarray(v).dtype)) for v in values]
        return grads[:n_inputs] + grads[n_inputs:]

    def _build_gradient(self):
        from ..autodiff.backprop import backward
        from ..ops.math_ops import add_n
        from ..framework.indexed_slices import densify
        g = self.graph
        reads = {}
        for node in g.nodes:
            if node.op.name == "ReadVariableOp":
                reads.setdefault(id(node.attrs["var"]), []).append(node.outputs[0])
        forward_nodes = list(g.nodes)
        with g.as_default():
            seeds = [g.placeholder(o.dtype, o.shape, "gradient_seed") for o in self._flat_outputs]
            sources = list(g.inputs) + [t for v in g.variables for t in reads.get(id(v), [])]
            grads = [densify(gr) for gr in backward(g.nodes, self._flat_outputs, seeds, sources)]
            n = len(g.inputs)
            out = list(grads[:n])
            k = n
            for v in g.variables:
                parts = [gr for gr in grads[k:k + len(reads.get(id(v), []))] if gr is not None]
                k += len(reads.get(id(v), []))
                out.append(None if not parts else parts[0] if len(parts) == 1 else add_n(parts))
        fetch = [o for o in out if o is not None]
        # the forward values are in the recorded call's slots: only gradient nodes run
        plan = Plan(g, fetch, seeds, include_stateful=False,
                    preset=[t for node in forward_nodes for t in node.outputs],
                    slot_map=self._recording_plan._slot_of)
        return seeds, _GradPlan(plan, out), len(g.inputs), None


class _GradPlan:
    """Runs the gradient plan and lines its results up with the sources (None where unconnected)."""

    def __init__(self, plan, out):
        self.plan = plan
        self.out = out

    def run(self, feed, slots):
        values, _ = self.plan.run(feed, slots)
        it = iter(values)
        return [None if o is None else next(it) for o in self.out], None


class Function:
    """The callable `tf.function` returns (see module docstring)."""

    def __init__(self, python_function, input_signature=None, autograph=True, reduce_retracing=False,
                 jit_compile=None, name=None, experimental_relax_shapes=None, **kwargs):
        self._python_function = python_function
        self._input_signature = None if input_signature is None else list(input_signature)
        self._autograph = autograph
        self._reduce_retracing = bool(reduce_retracing or experimental_relax_shapes)
        self._name = name or getattr(python_function, "__name__", "function")
        self._cache = {}
        self._fast = {}  # (shape, dtype) per positional tensor argument -> trace
        self._entry = None  # the last fast trace's generated entry (numtf.graph.fast_entry)
        self._traced_shapes = {}
        self._created_variables = False
        self._trace_count = 0
        self._retraces = retrace_detector(python_function)
        self._fn_signature = signature_of(python_function)
        self._instances = weakref.WeakKeyDictionary()
        _all_functions.add(self)
        functools.update_wrapper(self, python_function)

    @property
    def python_function(self):
        return self._python_function

    def __get__(self, instance, owner):
        # a tf.function used as a method: one Function (and trace cache) per instance
        if instance is None:
            return self
        bound = self._instances.get(instance)
        if bound is None:
            bound = Function(self._python_function.__get__(instance, owner), self._input_signature,
                             self._autograph, self._reduce_retracing, name=self._name)
            self._instances[instance] = bound
        return bound

    def __call__(self, *args, **kwargs):
        self._retraces.calls += 1  # (for the retracing warning's "N out of the last M calls")
        entry = self._entry
        if entry is not None and not kwargs:  # the same shapes as the last fast call
            result = entry(args)
            if result is not MISS:
                return result
        if not kwargs:  # the common call: tensors or arrays only, traced before (None is never a key)
            concrete = self._fast.get(_fast_key(args))
            if concrete is not None and ctx.graph is None and not ctx.functions_eagerly:
                result = concrete._call_fast(args)
                self._entry = concrete.entry(self._input_signature is not None)
                return result
        if ctx.functions_eagerly or ctx.graph is not None and ctx.graph.keras:
            return self._python_function(*args, **kwargs)  # (Keras graphs: ops become op layers)
        concrete, flat = self._concrete_for(args, kwargs)
        if ctx.graph is not None:  # called while tracing another function: inline the trace
            if concrete.graph.external_captures:  # it read the outer trace's tensors: not reusable
                self._cache = {k: c for k, c in self._cache.items() if c is not concrete}
            self._retraces.flush(log)
            return inline_trace(concrete, flat)
        if not kwargs:
            key = _fast_key(args)
            # (an input_signature converts arrays to its dtypes: only tensors, which it checks, skip it)
            # (nor when a default is a tensor: the fast path feeds the positional arguments only)
            if key is not None and (self._input_signature is None or all(type(a) is Tensor for a in args)) \
                    and len(flat) == len(args):
                self._fast[key] = concrete
        result = concrete._call_flat(flat)
        self._retraces.flush(log)  # (after the call, as TF)
        return result

    def get_concrete_function(self, *args, **kwargs):
        """The trace for these arguments (TensorSpecs allowed), tracing it if needed."""
        if not args and not kwargs and self._input_signature is not None:
            args = tuple(self._input_signature)
        concrete = self._concrete_for(args, kwargs, allow_specs=True)[0]
        self._retraces.flush(log)
        return concrete

    # -- tracing ---------------------------------------------------------------------------
    def _concrete_for(self, args, kwargs, allow_specs=False):
        # (keep the key rules in step with _fast_key: a call that finds its trace there skips this)
        if self._input_signature is not None:
            args = bind_input_signature(self._python_function, self._input_signature, args, kwargs)
            kwargs = {}
        else:  # bound, defaults applied: f(x), f(x, 2.0) and f(y=2.0, x=x) share one trace, as in TF
            args, kwargs = canonical_arguments(self._fn_signature, args, kwargs)
        leaves = nest.flatten((args, kwargs))
        key_parts = []
        flat = []
        for x in leaves:
            if isinstance(x, Tensor):
                key_parts.append(("T", tuple(x.shape.as_list()) if x.shape.rank is not None else None, x.dtype))
                flat.append(x)
            elif isinstance(x, np.ndarray):
                t = _array_tensor(x)
                key_parts.append(("T", x.shape, t.dtype))
                flat.append(t)
            elif isinstance(x, TensorSpec):
                key_parts.append(("T", tuple(x.shape.as_list()) if x.shape.rank is not None else None, x.dtype))
                flat.append(x)
            elif composites.key_part(x) is not None:  # a SparseTensor (or its spec)
                key_parts.append(composites.key_part(x))
                flat.extend(composites.components(x))
            elif isinstance(x, Variable):
                key_parts.append(("V", id(x)))
            elif isinstance(x, (int, float, str, bool, bytes, type(None))):
                key_parts.append(("P", type(x).__name__, x))
            else:
                key_parts.append(("O", id(x)))
        if self._input_signature is not None:  # one trace for the whole signature
            key_parts = [("T", tuple(s.shape.as_list()) if s.shape.rank is not None else None, s.dtype)
                         if p[0] == "T" else composites.key_part(s) if p[0] == composites.SPARSE else p
                         for s, p in zip(_signature_leaves(self._input_signature, key_parts), key_parts)]
        key = repr(nest.pack_sequence_as((args, kwargs), key_parts))
        concrete = self._cache.get(key)
        if concrete is None and self._reduce_retracing:
            concrete = self._compatible_trace(key_parts)
        if concrete is None:
            concrete = self._trace(args, kwargs, key_parts)
            # tf.saved_model saves each trace's arguments: their structure (leaves numbered) and key parts
            concrete._signature = (nest.pack_sequence_as((args, kwargs), range(len(key_parts))), concrete._key_parts)
            concrete._fn_signature = self._fn_signature if self._input_signature is None else \
                _input_signature_parameters(self._python_function, len(self._input_signature))
        self._cache[key] = concrete
        return concrete, [t for t in flat if isinstance(t, Tensor)]

    def _compatible_trace(self, key_parts):
        """With reduce_retracing: an existing trace whose (relaxed) input specs accept these."""
        for concrete in self._cache.values():
            parts = concrete._key_parts
            if len(parts) == len(key_parts) and all(_accepts(p, q) for p, q in zip(parts, key_parts)):
                return concrete
        return None

    def _trace(self, args, kwargs, key_parts):
        self._trace_count += 1
        if not self._reduce_retracing:
            self._retraces.traced(self._python_function)
        self._last_key_parts = key_parts
        fn = self._python_function
        if self._autograph:
            try:
                from ..autograph import convert
                fn = convert(fn)
            except ImportError:
                pass
        concrete, created = self._trace_once(fn, args, kwargs, key_parts)
        if created:
            if self._created_variables:
                raise _singleton_error()
            # TF traces again after a trace that created variables: a function that creates
            # variables on every trace is an error even on its first call.
            concrete, again = self._trace_once(fn, args, kwargs, key_parts)
            self._trace_count += 1  # (TF counts both traces)
            if again:
                raise _singleton_error()
            self._created_variables = True
        return concrete

    def _trace_once(self, fn, args, kwargs, key_parts):
        from ..framework.variables import creation_count
        g = FuncGraph(self._name, outer=ctx.graph)  # (a nested call may capture the outer trace's tensors)
        before = creation_count()
        names = _argument_names(self._python_function, args, kwargs)
        with graph_mode(g):
            leaves = nest.flatten((args, kwargs))
            # a TensorSpec's own name (the input_signature's, or one passed to
            # get_concrete_function) names its placeholder, as in TF
            specs = _signature_leaves(self._input_signature, key_parts) if self._input_signature is not None \
                else leaves
            sym = []
            traced_parts = []  # the key parts with the shapes the placeholders got (relaxed ones)
            for x, part, spec in zip(leaves, key_parts, specs):
                if isinstance(spec, TensorSpec) and spec.name:
                    names[id(x)] = spec.name
                if part[0] == "T":
                    shape = x.shape
                    if self._input_signature is not None:
                        shape = TensorShape(part[1])  # the signature's shape (key_parts hold it)
                    elif self._reduce_retracing:
                        shape = self._relaxed_shape(len(sym), shape)
                    p = g.placeholder(x.dtype, shape, names.get(id(x), f"args_{len(g.inputs)}"))
                    g.inputs.append(p)
                    g.given_names.append(spec.name if isinstance(spec, TensorSpec) else None)
                    sym.append(p)
                    part = ("T", None if p.shape.rank is None else tuple(p.shape.as_list()), part[2])
                elif part[0] == composites.SPARSE:
                    if self._reduce_retracing and self._input_signature is None:
                        relaxed = self._relaxed_shape(len(sym), TensorShape(part[1]))
                        part = (part[0], None if relaxed.rank is None else tuple(relaxed.as_list()), part[2])
                    ins, value = composites.placeholders(g, part, names.get(id(x), f"args_{len(g.inputs)}"))
                    g.inputs.extend(ins)
                    g.given_names.extend([None] * len(ins))
                    sym.append(value)
                else:
                    sym.append(x)
                traced_parts.append(part)
            t_args, t_kwargs = nest.pack_sequence_as((args, kwargs), sym)
            try:
                result = fn(*t_args, **t_kwargs)
            except Exception as e:  # (only tracing pays for this; calls of a trace never get here)
                if not self._autograph or getattr(self._python_function, "__ag_do_not_convert__", False):
                    raise
                from ..autograph.user_errors import in_user_code
                raise in_user_code(e, e.__traceback__.tb_next) from None  # TF's "in user code:" error
            flat_out = nest.flatten(result)
            converted = []
            for o in flat_out:
                if isinstance(o, Variable):
                    o = o._read()  # a returned variable is read after the function's assigns
                elif isinstance(o, (int, float, bool, str, bytes, np.ndarray, np.generic)):
                    from ..ops.convert import convert_to_tensor
                    o = convert_to_tensor(o)  # Python values (numbers, bools, strings) come back as tensors, as in TF
                converted.append(composites.result_leaf(o))
        g.variables = _captured_variables(g)
        concrete = ConcreteFunction(g, result, composites.flat_outputs(converted))
        concrete._flat_structure = converted
        concrete._key_parts = traced_parts
        concrete._single_output = isinstance(result, SymbolicTensor) and len(converted) == 1
        return concrete, creation_count() - before

    def _relaxed_shape(self, index, shape):
        seen = self._traced_shapes.get(index)
        if seen is None:
            self._traced_shapes[index] = shape
            return shape
        relaxed = seen.most_specific_compatible_shape(shape)
        self._traced_shapes[index] = relaxed
        return relaxed

    def experimental_get_tracing_count(self):
        return self._trace_count


def _accepts(traced, part):
    """Whether a trace whose argument was keyed `traced` (relaxed shapes) takes one keyed `part`."""
    if traced[0] != part[0] or traced[0] not in ("T", composites.SPARSE):
        return traced == part
    if traced[2] != part[2]:
        return False
    if traced[1] is None:  # (an unknown rank takes any shape)
        return True
    # (the trace's shape must be as general: a (3, 4) trace does not take a (None, None) spec)
    return part[1] is not None and len(part[1]) == len(traced[1]) and \
        all(t is None or t == d for t, d in zip(traced[1], part[1]))


def _singleton_error():
    return ValueError("tf.function only supports singleton tf.Variables created on the first call. Make "
                      "sure the tf.Variable is only created once or created outside tf.function.")


def _input_signature_parameters(fn, n):
    """The Signature a trace of an input_signature is called with: its n specs' parameters."""
    import inspect
    from .function_args import _signature_names
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature([inspect.Parameter(name, kind) for name in _signature_names(fn, n)])


def _signature_leaves(signature, key_parts):
    specs = iter(nest.flatten(signature))
    return [next(specs) if p[0] in ("T", composites.SPARSE) else None for p in key_parts]


def _argument_names(fn, args, kwargs):
    """id(tensor argument) -> the parameter name TF gives its placeholder ('x', 'x_1' for nested)."""
    import inspect
    names = {}
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return names
    for pname, value in bound.arguments.items():
        for leaf in nest.flatten(value):
            if isinstance(leaf, (Tensor, np.ndarray, TensorSpec)) or composites.key_part(leaf) is not None:
                names.setdefault(id(leaf), pname)
    return names


def _captured_variables(graph):
    seen = {}
    for node in graph.nodes:
        var = (node.attrs or {}).get("var")
        if isinstance(var, Variable) and id(var) not in seen:
            seen[id(var)] = var
    return list(seen.values())


def function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False,
             experimental_relax_shapes=None, experimental_compile=None, name=None, **kwargs):
    """Compiles a Python function into a graph (decorator or call form).

        >>> @tf.function
        ... def add(a, b):
        ...     return a + b
    """
    def decorate(f):
        return Function(f, input_signature, autograph, reduce_retracing, jit_compile, name,
                        experimental_relax_shapes)

    if func is None:
        return decorate
    return decorate(func)


_all_functions = weakref.WeakSet()  # whose entries run_functions_eagerly drops


def run_functions_eagerly(run_eagerly):
    """`tf.config.run_functions_eagerly(True)` makes every tf.function run its Python eagerly (in
    every thread, as in TF).

        >>> tf.config.run_functions_eagerly(True)
    """
    type(ctx).functions_eagerly = bool(run_eagerly)  # the class attribute: all threads see it
    for f in list(_all_functions):
        f._entry = None  # entries don't check the flag: calls take the generic path, which does


def functions_run_eagerly():
    return ctx.functions_eagerly


del _weakref
