"""The functions of tf.data transformations (`map`, `filter`, `flat_map`, `reduce`, ...).

As in TensorFlow, a user function is traced once, when the transformation is created, into a
graph whose placeholders have the element's static shapes; each element then runs the compiled
plan (no Python, no Tensor objects). Python side effects therefore happen once, at trace time.
Tuple elements are unpacked into positional arguments (`lambda img, label: ...`); any other
structure (a dict, a namedtuple, a single tensor) is passed as one argument.

`tf.data.experimental.enable_debug_mode()` keeps the trace (for the element spec) but runs the
Python function eagerly on every element, so `.numpy()` and breakpoints work there.
"""
import numpy as np

from ..framework.context import ctx, graph_mode
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from ..graph.executor import Plan
from ..graph.function import FuncGraph
from ..framework.tensor_spec import TensorSpec
from ..ops.convert import convert_to_tensor
from . import structure
from . import sparse_elements as sparse

_debug = [False]


def debug_mode():
    return _debug[0]


def set_debug_mode(enabled):
    _debug[0] = bool(enabled)


_NUMPY_MARKERS = ("numpy() is only available", "Cannot convert a symbolic tf.Tensor")


def _numpy_hint(exc, what, fn):
    name = getattr(fn, "__name__", "the function")
    used = ".numpy()" if "numpy() is only available" in str(exc) else "NumPy conversion"
    # The generic hint of a symbolic tensor (tf.config.run_functions_eagerly) does not apply to
    # tf.data functions, so the message is replaced, not extended.
    return type(exc)(
        f"{used} is not available inside {what}: `{name}` is traced into a graph once, as TensorFlow "
        "does, so its arguments are symbolic tensors that have no values. To run Python code on the "
        "values, wrap it in tf.py_function (or tf.numpy_function), or call "
        "tf.data.experimental.enable_debug_mode() before building the dataset to run the function "
        "eagerly on each element (tf.config.run_functions_eagerly does not apply to tf.data functions).")


def _is_numpy_error(exc):
    return isinstance(exc, (NotImplementedError, AttributeError)) and any(m in str(exc) for m in _NUMPY_MARKERS)


def _autograph(fn):
    try:
        from ..autograph import convert
    except ImportError:
        return fn
    try:
        return convert(fn)
    except Exception:  # noqa: BLE001 - a function AutoGraph can't convert runs as written
        return fn


class StructuredFunction:
    """A user function over dataset elements, traced once into a graph.

    `input_spec` is the structure of TensorSpecs the function receives; `output_spec` the
    structure it returns (`output_dataset` instead, for functions returning a Dataset)."""

    def __init__(self, func, input_spec, what="Dataset.map", unpack=None, returns_dataset=False,
                 trace=True):
        self.func = func
        self.what = what
        self.input_spec = input_spec
        self.unpack = (type(input_spec) is tuple) if unpack is None else unpack
        self.flat_input_specs = structure.flatten(input_spec)
        self.returns_dataset = returns_dataset
        self.eager = debug_mode() and not returns_dataset
        self.output_spec = None
        self.output_dataset = None
        self._in_sparse = sparse.has_sparse(self.flat_input_specs)
        self._out_layout = None  # per flat output: is it sparse (three graph outputs)? None: none is
        self.captured = []
        self._plan = None
        self._outputs = None
        if trace:
            try:
                self._trace()
            except Exception as e:  # noqa: BLE001
                if _is_numpy_error(e):
                    if self.eager:
                        self.output_spec = None  # the caller probes an element eagerly instead
                        return
                    raise _numpy_hint(e, what, func) from None
                raise

    def _call(self, args):
        if self.unpack:
            return self.func(*args)
        return self.func(args)

    # -- tracing -------------------------------------------------------------------------------
    def _trace(self):
        outer = ctx.graph
        g = FuncGraph(getattr(self.func, "__name__", "fn"), outer=outer)
        fn = self.func
        with graph_mode(g):
            if self._in_sparse:
                phs, leaves = _sparse_placeholders(g, self.flat_input_specs)
            else:
                phs = leaves = [g.placeholder(s.dtype, s.shape, f"args_{i}")
                                for i, s in enumerate(self.flat_input_specs)]
            g.inputs = list(phs)
            args = structure.pack(self.input_spec, _user_values(self.flat_input_specs, leaves))
            conv = _autograph(fn)
            try:
                result = conv(*args) if self.unpack else conv(args)
            except Exception as e:  # noqa: BLE001 - TF's "in user code:" error, the type kept
                if _is_numpy_error(e) or getattr(fn, "__ag_do_not_convert__", False):
                    raise  # (__init__ replaces the first with its hint; do_not_convert keeps TF's plain error)
                from ..autograph.user_errors import in_user_code
                raise in_user_code(e, e.__traceback__.tb_next) from None
            if self.returns_dataset:
                from .dataset_ops import Dataset
                if not isinstance(result, Dataset):
                    raise TypeError(f"The function passed to {self.what} must return a `tf.data.Dataset` "
                                    f"object, but it returned {result!r}.")
                self.output_dataset = result
                outputs = [t for t in symbolic_params(result) if t.op.graph is g]
            else:
                result = _normalize_output(result, self.what)
                leaves = structure.flatten(result)
                layout = [sparse.is_sparse(x) for x in leaves]
                self.output_spec = structure.pack(result, [
                    sparse.output_spec(x) if sp else _spec_of(_graph_tensor(g, x)) for x, sp in zip(leaves, layout)])
                outputs = []
                for x, sp in zip(leaves, layout):
                    outputs += [_graph_tensor(g, c) for c in (x.indices, x.values, x.dense_shape)] if sp \
                        else [_graph_tensor(g, x)]
                self._out_layout = layout if any(layout) else None
        self.graph = g
        self._outputs = outputs
        self.captured = [outer_t for outer_t, _ in g.external_captures]
        feeds = phs + [inner for _, inner in g.external_captures]
        self._plan = Plan(g, outputs, feeds)

    # -- running ---------------------------------------------------------------------------------
    def run(self, flat):
        """The function's flat outputs (arrays) for one element given as a flat list of arrays."""
        if self.eager:
            return self._run_eager(flat)
        if self._in_sparse:
            flat = sparse.expand(flat)
        captured = self.captured
        values, _ = self._plan.run(list(flat) + captured if captured else list(flat))
        if self._out_layout is not None:
            return sparse.regroup(values, self._out_layout)
        return values

    def _run_eager(self, flat):
        args = structure.pack(self.input_spec, _user_values(
            self.flat_input_specs, [sparse.eager_leaf(v, s) for v, s in zip(flat, self.flat_input_specs)]))
        saved = ctx.graph, ctx.tapes
        ctx.graph, ctx.tapes = None, ()
        try:
            result = _normalize_output(self._call(args), self.what)
        finally:
            ctx.graph, ctx.tapes = saved
        out = []
        for x in structure.flatten(result):
            if isinstance(x, Variable):
                x = x.read_value()
            if sparse.is_sparse(x):
                out.append(sparse.eager_output(x))
                continue
            t = x if type(x) is Tensor else convert_to_tensor(x)
            out.append(t._value)
        return out

    def probe_spec(self, flat):
        """Debug mode, when tracing failed: the output spec from one eagerly computed element (its
        dimensions left unknown, since other elements may differ)."""
        args = structure.pack(self.input_spec, [sparse.eager_leaf(v, s) for v, s in zip(flat, self.flat_input_specs)])
        result = _normalize_output(self._call(args), self.what)
        if any(sparse.is_sparse(x) for x in structure.flatten(result)):
            raise NotImplementedError("numtf: in tf.data debug mode, a function that cannot be traced may not "
                                      "return a SparseTensor.")
        flat_out = [convert_to_tensor(x.read_value() if isinstance(x, Variable) else x)
                    for x in structure.flatten(result)]
        self.output_spec = structure.pack(result, [TensorSpec(TensorShape([None] * t.shape.rank), t.dtype)
                                                   for t in flat_out])
        return [t._value for t in flat_out]

    def run_dataset(self, flat):
        """For functions returning a Dataset: that dataset with this element's values bound."""
        env = {}
        if self._outputs:
            values, _ = self._plan.run(list(flat) + self.captured)
            env = {id(t): v for t, v in zip(self._outputs, values)}
        return bind(self.output_dataset, env)

    def _bind(self, env):
        if not self.captured:
            return self
        import copy
        new = copy.copy(self)
        new.captured = [env.get(id(t), t) if isinstance(t, SymbolicTensor) else t for t in self.captured]
        return new


def _spec_of(t):
    return TensorSpec(t.shape, t.dtype)


def _sparse_placeholders(g, flat_specs):
    """(the placeholders, the arguments: a SparseTensor over three placeholders per sparse spec)."""
    phs, leaves = [], []
    for i, s in enumerate(flat_specs):
        if type(s) is sparse.SparseTensorSpec:
            parts, sp = sparse.symbolic_input(g, s, i)
            phs += parts
            leaves.append(sp)
        else:
            p = g.placeholder(s.dtype, s.shape, f"args_{i}")
            phs.append(p)
            leaves.append(p)
    return phs, leaves


def _user_values(flat_specs, flat):
    """The flat arguments as the user sees them: window components become datasets."""
    from .windowing import has_dataset_specs, user_value, DatasetSpec
    if not has_dataset_specs(flat_specs):
        return flat
    return [user_value(s, v) if isinstance(s, DatasetSpec) else v for s, v in zip(flat_specs, flat)]


def _normalize_output(result, what):
    if isinstance(result, list):  # TF converts a returned list to a tuple
        result = tuple(result)
    if result is None:
        raise TypeError(f"The function passed to {what} returned None; it must return tensors "
                        "(or nested tuples/dicts of tensors).")
    # nested lists are values (stacked into one tensor), as in TF
    return structure.map_leaves(lambda x: convert_to_tensor(x) if isinstance(x, list) else x, result)


def _graph_tensor(g, x):
    """A function output as a tensor of graph `g` (Python values and eager tensors become constants)."""
    if isinstance(x, Variable):
        x = x._read()
    if isinstance(x, SymbolicTensor):
        if x.op.graph is not g:
            return g.capture_outer(x)
        return x
    if type(x) is Tensor:
        return g.capture(x)
    if x is None:
        raise TypeError("A function passed to a tf.data transformation returned None inside its result.")
    t = convert_to_tensor(x)
    if type(t) is Tensor:
        return g.capture(t)
    return t


# -- datasets holding symbolic tensors (built inside a traced flat_map/interleave function) -------
def _walk(value, out, seen):
    from .dataset_ops import Dataset
    if isinstance(value, SymbolicTensor):
        out.append(value)
    elif isinstance(value, Dataset):
        if id(value) in seen:
            return
        seen.add(id(value))
        for k, v in vars(value).items():
            if k not in _NOT_PARAMS:
                _walk(v, out, seen)
    elif isinstance(value, StructuredFunction):
        for v in value.captured:
            _walk(v, out, seen)
    elif type(value) in (list, tuple):
        for v in value:
            _walk(v, out, seen)


_NOT_PARAMS = frozenset(["_store"])  # a cache's elements are arrays, never symbolic: don't walk them


def symbolic_params(dataset):
    """The symbolic tensors a dataset (and its inputs and functions) depend on."""
    out = []
    _walk(dataset, out, set())
    unique = {}
    for t in out:
        unique.setdefault(id(t), t)
    return list(unique.values())


def _bind_value(v, env):
    from .dataset_ops import Dataset
    if isinstance(v, SymbolicTensor):
        return env.get(id(v), v)
    if isinstance(v, Dataset):
        return bind(v, env)
    if isinstance(v, StructuredFunction):
        return v._bind(env)
    if type(v) in (list, tuple):
        return type(v)(_bind_value(x, env) for x in v)
    return v


def bind(dataset, env):
    """A copy of `dataset` with its symbolic tensors replaced by the arrays in `env` (id -> value)."""
    import copy
    if not env:
        return dataset
    new = copy.copy(dataset)
    for k, v in vars(dataset).items():
        setattr(new, k, _bind_value(v, env))
    return new




def scalar(v):
    """A count/size parameter (Python int, array or eager tensor) as a Python int."""
    if isinstance(v, SymbolicTensor):
        raise TypeError("A tf.data parameter given as a symbolic tensor has no value here.")
    if isinstance(v, Tensor):
        v = v._value
    return int(np.asarray(v))
