"""Graphs as JSON plus arrays, and back: what `tf.saved_model` writes for each traced function.

A graph is a list of nodes; a node is its registered op's name (numtf/ops/registry.py
REGISTRY), its name, its inputs as `[node index, output index]` pairs, its control inputs and
its attributes. Attributes are tagged JSON values (`{"@": "dtype", "v": "float32"}`, tuples,
shapes, ...); arrays (the values of constants) go to a separate `{key: array}` dict that the
caller stores in an .npz file; variables are written as references the caller resolves (their
path in the saved object graph). The control-flow nodes ("If", "Case", "While" and their
stateless forms) carry their branches / condition / body as nested graphs, recursively.

Decoding never runs code from the description: op names are looked up in numtf's registry,
attributes are rebuilt from the tagged values only, and an unknown op or tag is an error.
An attribute that cannot be described this way (a Python function, as numpy_function,
py_function and custom_gradient keep) makes encoding raise ValueError naming the op.

    >>> enc = GraphEncoder(var_ref=lambda v: paths[id(v)], what="function f")
    >>> desc = enc.graph(concrete.graph.nodes, concrete.graph.inputs, concrete.outputs)
    >>> g, inputs, outputs = decode_graph(desc, enc.arrays, variables.__getitem__, "f")
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx, graph_mode
from ..framework.random_seed import SeededStream
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from ..ops.registry import REGISTRY
from .graph import Graph

CONTROL_OPS = ("If", "StatelessIf", "Case", "StatelessCase", "While", "StatelessWhile")


def _control_kind(op):
    """'cond' / 'while' for numtf's control-flow ops (they are not in the registry), else None."""
    from ..ops import cond_ops, while_ops
    if op.kernel is cond_ops._cond_kernel:
        return "cond"
    if op.kernel is while_ops._while_kernel:
        return "while"
    return None


class GraphEncoder:
    """Turns graphs into JSON-compatible descriptions; `arrays` collects the constants' values.

    `var_ref(variable)` gives the JSON reference of a captured variable (it raises for a variable
    that cannot be saved); `what` names the function in error messages."""

    def __init__(self, var_ref, what, arrays=None):
        self.var_ref = var_ref
        self.what = what
        self.arrays = {} if arrays is None else arrays

    def graph(self, nodes, inputs, outputs, extra=None):
        """The description of `nodes` (in order) with the given input and output tensors."""
        refs = {}
        index = {id(n): i for i, n in enumerate(nodes)}
        out = []
        for i, node in enumerate(nodes):
            out.append(self.node(node, refs, index))
            for k, t in enumerate(node.outputs):
                refs[id(t)] = [i, k]
        desc = {"nodes": out, "inputs": [self._ref(refs, t, "input") for t in inputs],
                "outputs": [self._ref(refs, t, "output") for t in outputs]}
        if extra:
            desc.update(extra)
        return desc

    def _ref(self, refs, t, role):
        r = refs.get(id(t))
        if r is None:
            raise ValueError(f"Cannot save {self.what}: its {role} {getattr(t, 'name', t)} is not computed by its "
                             "graph (it belongs to an enclosing function).")
        return r

    def node(self, node, refs, index):
        op = node.op
        desc = {"op": op.name, "name": node.name,
                "inputs": [self._ref(refs, t, f"op {node.name}'s input") for t in node.inputs]}
        if node.control_inputs:
            desc["control"] = [index[id(c)] for c in node.control_inputs if id(c) in index]
        kind = _control_kind(op)
        if kind is not None:
            desc["control_flow"] = kind
            desc["stateful"] = bool(op.stateful)
            desc["num_outputs"] = op.num_outputs
            state = node.attrs["state"]
            desc["state"] = self._cond_state(state, node) if kind == "cond" else self._while_state(state, node)
            return desc
        if REGISTRY.get(op.name) is not op:
            raise ValueError(f"Cannot save {self.what}: its op {node.name!r} (type {op.name}) is not one of numtf's "
                             "registered ops, so it cannot be rebuilt when loading (gradient ops built inside a "
                             "function, for instance, are not saved).")
        desc["attrs"] = {k: self.value(v, node, k) for k, v in (node.attrs or {}).items()}
        return desc

    # -- attribute values ----------------------------------------------------------------------
    def value(self, v, node, key):
        """One attribute value as tagged JSON (ValueError naming the op if impossible)."""
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int) and type(v) is not bool:
            return v if type(v) is int else int(v)
        if type(v) is float:
            return {"@": "float", "v": repr(v)}  # (keeps nan and inf exact)
        if isinstance(v, dtypes.DType):
            return {"@": "dtype", "v": v.name}
        if isinstance(v, TensorShape):
            return {"@": "shape", "v": None if v.rank is None else v.as_list()}
        if isinstance(v, Variable):
            return {"@": "var", "v": self.var_ref(v)}
        if isinstance(v, SeededStream):
            return {"@": "rng", "v": None if v.seeds is None else [int(s) for s in v.seeds]}
        if isinstance(v, tuple):
            return {"@": "tuple", "v": [self.value(x, node, key) for x in v]}
        if isinstance(v, list):
            return {"@": "list", "v": [self.value(x, node, key) for x in v]}
        if isinstance(v, dict):
            return {"@": "dict", "v": [[self.value(k, node, key), self.value(x, node, key)] for k, x in v.items()]}
        if isinstance(v, np.ndarray):
            return self._array(v, node, key)
        if isinstance(v, np.generic):
            return {"@": "scalar", "v": self._array(np.asarray(v), node, key)}
        if isinstance(v, np.dtype) or isinstance(v, type) and issubclass(v, np.generic):
            return {"@": "npdtype", "v": np.dtype(v).str}
        if isinstance(v, complex):
            return {"@": "complex", "v": [repr(v.real), repr(v.imag)]}
        if isinstance(v, bytes):
            return {"@": "bytes", "v": v.decode("latin-1")}
        if isinstance(v, slice):
            return {"@": "slice", "v": [self.value(x, node, key) for x in (v.start, v.stop, v.step)]}
        if v is Ellipsis:
            return {"@": "ellipsis"}
        if callable(v):
            fname = getattr(v, "__qualname__", None) or type(v).__name__
            raise ValueError(f"Cannot save {self.what}: its op {node.name!r} (type {node.op.name}) holds the Python "
                             f"function {fname!r} in its attribute {key!r}. A SavedModel holds only numtf ops; Python "
                             "code (tf.numpy_function, tf.py_function, tf.custom_gradient) cannot be saved.")
        raise ValueError(f"Cannot save {self.what}: its op {node.name!r} (type {node.op.name}) has an attribute "
                         f"{key!r} of type {type(v).__name__} that numtf cannot save.")

    def _array(self, a, node, key):
        if a.dtype == object:  # string tensors: bytes elements, kept as latin-1 text
            flat = a.reshape(-1).tolist()
            if not all(isinstance(x, bytes) for x in flat):
                raise ValueError(f"Cannot save {self.what}: op {node.name!r} has an object array in {key!r} "
                                 "whose elements are not bytes.")
            return {"@": "bytes_array", "shape": list(a.shape), "v": [x.decode("latin-1") for x in flat]}
        if a.dtype.kind not in "biufcSU":
            raise ValueError(f"Cannot save {self.what}: op {node.name!r} has an array of dtype {a.dtype} in {key!r}.")
        name = f"c{len(self.arrays)}"
        self.arrays[name] = a
        return {"@": "array", "v": name}

    # -- control flow --------------------------------------------------------------------------
    def _subgraph(self, sg):
        """A branch / loop condition / loop body: its forward nodes, parameters, the placeholders of
        its captures and which input of the enclosing node feeds each capture."""
        nodes = sg._fwd.nodes
        desc = self.graph(nodes, list(sg.params), sg.outputs, {"name": sg.graph.name, "cap_idx": list(sg.cap_idx)})
        where = {id(t): [i, k] for i, n in enumerate(nodes) for k, t in enumerate(n.outputs)}
        desc["captures"] = [where[id(t)] for t in sg.feeds[len(sg.params):]]
        return desc

    def _specs(self, specs, node):
        return [[self.value(TensorShape(s), node, "out_specs"), self.value(dtypes.as_dtype(d), node, "out_specs")]
                for s, d in specs]

    def _cond_state(self, state, node):
        return {"branches": [self._subgraph(b) for b in state.branches], "select": _select_desc(state.select, node,
                                                                                             self.what),
                "n_sel": state.n_sel, "out_specs": self._specs(state.out_specs, node)}

    def _while_state(self, state, node):
        return {"cond": self._subgraph(state.cond), "body": self._subgraph(state.body), "n_vars": state.n_vars,
                "has_max": bool(state.has_max), "back_prop": bool(state.back_prop),
                "out_specs": self._specs(state.out_specs, node)}


def _closure(fn):
    return dict(zip(fn.__code__.co_freevars, (c.cell_contents for c in fn.__closure__ or ())))


def _select_desc(select, node, what):
    """How a conditional picks its branch (tf.cond, tf.switch_case or tf.case), as data."""
    from ..ops import cond_ops
    if select is cond_ops._select_if:
        return {"kind": "if"}
    qual = getattr(select, "__qualname__", "")
    if qual.startswith("_select_index."):
        return {"kind": "index", "n": int(_closure(select)["n"])}
    if qual.startswith("_case_select."):
        c = _closure(select)
        return {"kind": "case", "n_pairs": int(c["n_pairs"]), "has_default": bool(c["has_default"]),
                "exclusive": bool(c["exclusive"]), "names": [str(x) for x in c["names"]]}
    raise ValueError(f"Cannot save {what}: the conditional {node.name!r} chooses its branch with an unknown "
                     "function.")


# -- decoding ------------------------------------------------------------------------------------
def _bad(what, detail):
    return ValueError(f"Cannot load {what}: {detail} (the SavedModel is corrupt or was written by another "
                      "version of numtf).")


_ops_imported = [False]


def lookup_op(name, what):
    """The registered op `name` (numtf's op modules are imported once if it is not registered yet)."""
    op = REGISTRY.get(name)
    if op is None and not _ops_imported[0]:
        import importlib
        import pkgutil
        from .. import ops as ops_package
        for info in pkgutil.iter_modules(ops_package.__path__):  # numtf's own modules, never a name from the file
            importlib.import_module(f"{ops_package.__name__}.{info.name}")
        _ops_imported[0] = True
        op = REGISTRY.get(name)
    if op is None:
        raise _bad(what, f"it uses the op {name!r}, which numtf does not have")
    return op


class GraphDecoder:
    """Rebuilds graphs from `GraphEncoder` descriptions. `arrays` holds the constants' values;
    `variable(ref)` gives the Variable a reference names."""

    def __init__(self, arrays, variable, what):
        self.arrays = arrays
        self.variable = variable
        self.what = what

    def into(self, graph, desc, feeds=None):
        """Adds the nodes of `desc` to `graph` (which must be empty or a fresh FuncGraph). Returns
        the list of nodes' outputs."""
        saved_scope = ctx.scope
        ctx.scope = ""  # the saved names are full names
        try:
            with graph_mode(graph):
                return self._nodes(graph, desc)
        finally:
            ctx.scope = saved_scope

    def _nodes(self, graph, desc):
        outs = []
        nodes = []
        for nd in desc["nodes"]:
            try:
                ins = [outs[i][k] for i, k in nd["inputs"]]
            except (IndexError, TypeError, ValueError):
                raise _bad(self.what, f"node {nd.get('name')!r} has a bad input reference") from None
            kind = nd.get("control_flow")
            if kind is not None:
                result = self._control(graph, nd, ins, kind)
            else:
                op = lookup_op(nd["op"], self.what)
                attrs = {k: self.value(v) for k, v in nd.get("attrs", {}).items()}
                result = graph.add_op(op, ins, attrs, nd["name"])
            node = graph.nodes[-1]
            if node.name != nd["name"] and nd["op"] != "Placeholder":
                node.name = nd["name"]
            if "control" in nd:
                node.control_inputs = tuple(nodes[i] for i in nd["control"])
            nodes.append(node)
            outs.append(result)
        return outs

    def tensors(self, outs, refs):
        return [outs[i][k] for i, k in refs]

    def value(self, v):
        if not isinstance(v, dict):
            if isinstance(v, list):
                raise _bad(self.what, "an attribute is an untagged list")
            return v
        tag = v.get("@")
        x = v.get("v")
        if tag == "float":
            return float(x)
        if tag == "dtype":
            return dtypes.as_dtype(x)
        if tag == "shape":
            return TensorShape(x)
        if tag == "var":
            return self.variable(x)
        if tag == "rng":
            return SeededStream(None if x is None else tuple(int(s) for s in x))
        if tag == "tuple":
            return tuple(self.value(e) for e in x)
        if tag == "list":
            return [self.value(e) for e in x]
        if tag == "dict":
            return {self.value(k): self.value(e) for k, e in x}
        if tag == "array":
            if x not in self.arrays:
                raise _bad(self.what, f"the constant {x!r} is missing")
            return self.arrays[x]
        if tag == "scalar":
            return self.value(x)[()]
        if tag == "bytes_array":
            flat = np.empty(len(x), dtype=object)
            flat[:] = [s.encode("latin-1") for s in x]
            return flat.reshape(v["shape"])
        if tag == "npdtype":
            return np.dtype(x)
        if tag == "complex":
            return complex(float(x[0]), float(x[1]))
        if tag == "bytes":
            return x.encode("latin-1")
        if tag == "slice":
            return slice(*(self.value(e) for e in x))
        if tag == "ellipsis":
            return Ellipsis
        raise _bad(self.what, f"unknown attribute tag {tag!r}")

    # -- control flow --------------------------------------------------------------------------
    def _subgraph(self, desc, outer, outer_inputs):
        from ..ops.control_flow_util import SubGraph, _View
        from .function import FuncGraph
        g = FuncGraph(desc["name"], outer=outer)
        saved_scope = ctx.scope
        ctx.scope = ""
        try:
            with graph_mode(g):
                outs = self._nodes(g, desc)
        finally:
            ctx.scope = saved_scope
        params = self.tensors(outs, desc["inputs"])
        caps = self.tensors(outs, desc["captures"])
        sg = SubGraph(g, params, self.tensors(outs, desc["outputs"]))
        sg.feeds = params + caps
        sg.cap_idx = list(desc["cap_idx"])
        g.external_captures = [(outer_inputs[i], c) for i, c in zip(sg.cap_idx, caps)]
        sg._fwd = _View(list(g.nodes))
        return sg

    def _specs(self, specs):
        return [(self.value(s), self.value(d)) for s, d in specs]

    def _control(self, graph, nd, ins, kind):
        from ..ops import cond_ops, while_ops
        from ..ops.control_flow_util import control_op
        st = nd["state"]
        name = nd["op"]
        if name not in CONTROL_OPS:
            raise _bad(self.what, f"unknown control-flow op {name!r}")
        specs = self._specs(st["out_specs"])
        if kind == "cond":
            branches = [self._subgraph(b, graph, ins) for b in st["branches"]]
            state = cond_ops._CondState(branches, _select_from(st["select"], self.what), int(st["n_sel"]), specs)
            op = control_op(name, len(specs) + 1, bool(nd["stateful"]), cond_ops._cond_kernel, cond_ops._cond_infer,
                            cond_ops._cond_grad)
        else:
            cond = self._subgraph(st["cond"], graph, ins)
            body = self._subgraph(st["body"], graph, ins)
            state = while_ops._WhileState(cond, body, int(st["n_vars"]), bool(st["has_max"]), specs,
                                          bool(st["back_prop"]))
            op = control_op(name, len(specs) + 1, bool(nd["stateful"]), while_ops._while_kernel,
                            while_ops._while_infer, while_ops._while_grad)
        return graph.add_op(op, ins, {"state": state}, nd["name"])


def _select_from(desc, what):
    from ..ops import cond_ops
    kind = desc.get("kind")
    if kind == "if":
        return cond_ops._select_if
    if kind == "index":
        return cond_ops._select_index(int(desc["n"]))
    if kind == "case":
        return cond_ops._case_select(int(desc["n_pairs"]), bool(desc["has_default"]), bool(desc["exclusive"]),
                                     [str(x) for x in desc["names"]], False)
    raise _bad(what, f"unknown branch selection {kind!r}")


def new_graph():
    """An empty top-level graph to decode a function into (a FuncGraph)."""
    from .function import FuncGraph
    return FuncGraph("restored")


__all__ = ["GraphEncoder", "GraphDecoder", "lookup_op", "new_graph", "Graph"]
