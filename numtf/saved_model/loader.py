"""`tf.saved_model.load`: rebuilds a saved object from numtf's SavedModel directory.

The result mirrors the saved object's structure: objects become `_UserObject`s with the same
attribute names, lists and dicts stay lists and dicts, variables are tf.Variables with their
saved names and values, tf.functions are `RestoredFunction`s that run the saved traces, and the
root has `signatures`. Only JSON and NumPy arrays are read (`allow_pickle=False`), and only
numtf's registered ops are instantiated by name: loading never runs code from the files.

    >>> model = tf.saved_model.load("saved/1")
    >>> model(data)
"""
import json
import os

import numpy as np

from ..framework.context import ctx, eager_mode
from ..framework.tensor import SymbolicTensor
from ..framework.variables import Variable
from ..graph.function import ConcreteFunction, _captured_variables
from ..framework.tensor_spec import TensorSpec
from ..graph.serialize import GraphDecoder, new_graph
from ..train import checkpoint_io
from ..util import nest
from . import function_spec
from .saver import CONSTANTS, FORMAT, SAVED_MODEL_JSON, VARIABLES_DIR, VARIABLES_PREFIX, VERSION


class _UserObject:
    """A restored object: its saved attributes (variables, objects, lists, dicts, functions)."""

    def __getattr__(self, name):
        # (only reached when no saved attribute has the name)
        if name in ("variables", "trainable_variables", "non_trainable_variables"):
            out = _variables_under(self)
            if name == "trainable_variables":
                return [v for v in out if v.trainable]
            if name == "non_trainable_variables":
                return [v for v in out if not v.trainable]
            return out
        raise AttributeError(f"'_UserObject' object has no attribute '{name}'")


class _CallableUserObject(_UserObject):
    """A restored object that had a traced `__call__` (or a Keras model's call)."""

    def __call__(self, *args, **kwargs):
        return self.__dict__["__call__"](*args, **kwargs)


def _variables_under(root):
    out, seen, stack = [], {id(root)}, [root]
    while stack:
        obj = stack.pop(0)
        items = (obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else
                 [v for k, v in vars(obj).items() if k not in ("signatures", "optimizer")]  # (a Keras model's own)
                 if isinstance(obj, _UserObject) else [])
        for v in items:
            if id(v) in seen:
                continue
            seen.add(id(v))
            if isinstance(v, Variable):
                out.append(v)
            elif isinstance(v, (list, dict, _UserObject)):
                stack.append(v)
    return out


class RestoredSignature:
    """A signature function: called with its inputs by name (or in order), returns a dict of
    its outputs by key, as TF's signatures do.

        >>> loaded.signatures["serving_default"](x=tf.ones([1, 2]))
        {'output_0': <tf.Tensor: ...>}
    """

    def __init__(self, name, concrete, inputs, outputs):
        self.name = name
        self._concrete = concrete
        self._inputs = inputs  # [(name, TensorArg)]
        self._outputs = outputs  # output keys, one per flattened output
        self.graph = concrete.graph

    @property
    def structured_input_signature(self):
        return (), {n: a.spec for n, a in self._inputs}

    @property
    def structured_outputs(self):
        leaves = [o for o in nest.flatten(self._concrete.structured_outputs)]
        return {k: TensorSpec(t.shape, t.dtype, k) for k, t in zip(self._outputs, leaves) if t is not None}

    @property
    def inputs(self):
        return list(self._concrete.graph.inputs)

    @property
    def outputs(self):
        return self._concrete.outputs

    def __call__(self, *args, **kwargs):
        if len(args) > len(self._inputs):
            raise TypeError(f"Signature {self.name!r} takes {len(self._inputs)} inputs but {len(args)} were given.")
        values = {}
        for (name, _), a in zip(self._inputs, args):
            values[name] = a
        for name, a in kwargs.items():
            if name in values or name not in dict(self._inputs):
                raise TypeError(f"Signature {self.name!r} got an unexpected or repeated argument {name!r}; its inputs "
                                f"are {[n for n, _ in self._inputs]}.")
            values[name] = a
        flat = [None] * len(self._inputs)
        for name, arg in self._inputs:
            if name not in values:
                raise TypeError(f"Signature {self.name!r} is missing the input {name!r}.")
            if not function_spec.match(arg, values[name], flat):
                v = values[name]
                raise ValueError(f"Signature {self.name!r}: input {name!r} expects {arg.spec} but got a value of "
                                 f"shape {np.shape(v) if not hasattr(v, 'shape') else v.shape} and dtype "
                                 f"{getattr(v, 'dtype', type(v).__name__)}.")
        result = function_spec.call_concrete(self._concrete, flat)
        return dict(zip(self._outputs, nest.flatten(result)))

    def __repr__(self):
        ins = ", ".join(f"{n}: {a.spec!r}" for n, a in self._inputs)
        return f"<ConcreteFunction signature_wrapper(*, {ins}) -> Dict[{self._outputs}]>"


class _SignatureMap(dict):
    """`loaded.signatures`: signature key -> RestoredSignature."""

    def __repr__(self):
        return f"_SignatureMap({dict.__repr__(self)})"


# -- reading ----------------------------------------------------------------------------------------
def saved_model_file(export_dir):
    return os.path.join(os.fspath(export_dir), SAVED_MODEL_JSON)


def contains_saved_model(export_dir):
    """True if `export_dir` holds a SavedModel (numtf's; TensorFlow's saved_model.pb also counts,
    although numtf cannot load it).

        >>> tf.saved_model.contains_saved_model("saved/1")
        True
    """
    d = os.fspath(export_dir)
    return os.path.isfile(saved_model_file(d)) or os.path.isfile(os.path.join(d, "saved_model.pb")) or \
        os.path.isfile(os.path.join(d, "saved_model.pbtxt"))


def _bad(export_dir, detail):
    return ValueError(f"Cannot load the SavedModel at {export_dir}: {detail}")


def read_export(export_dir):
    """(description, constants, {checkpoint key: array}) of an export; OSError if there is none."""
    export_dir = os.fspath(export_dir)
    path = saved_model_file(export_dir)
    if not os.path.isfile(path):
        if os.path.isfile(os.path.join(export_dir, "saved_model.pb")):
            raise _bad(export_dir, "it was written by TensorFlow (saved_model.pb). numtf reads only the SavedModels "
                                   "numtf writes (saved_model.json); re-save the model with numtf.")
        raise OSError(f"SavedModel file does not exist at: {export_dir}{os.sep}{{{SAVED_MODEL_JSON}}}")
    try:
        with open(path, encoding="utf-8") as f:
            desc = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise _bad(export_dir, f"{SAVED_MODEL_JSON} is not valid JSON ({e}); the file is corrupt.") from None
    if not isinstance(desc, dict) or desc.get("format") != FORMAT:
        raise _bad(export_dir, f"{SAVED_MODEL_JSON} is not a numtf SavedModel description.")
    if desc.get("version") != VERSION:
        raise _bad(export_dir, f"its format version {desc.get('version')!r} is not supported (this numtf reads "
                               f"version {VERSION}).")
    index, constants = checkpoint_io.read_npz(os.path.join(export_dir, CONSTANTS + ".npz"), "SavedModel constants")
    if index.get("format") != FORMAT + ".constants":
        raise _bad(export_dir, f"{CONSTANTS}.npz is not a numtf SavedModel constants file.")
    _, variables = checkpoint_io.read_arrays(os.path.join(export_dir, VARIABLES_DIR, VARIABLES_PREFIX))
    return desc, constants, variables


# -- rebuilding ------------------------------------------------------------------------------------
def _decode_structure(x, outs):
    tag, v = x.get("@"), x.get("v")
    if tag == "leaf":
        if isinstance(v, dict) and v.get("@") == "out":
            return outs[int(v["v"])]
        return function_spec.decode(v)
    if tag == "dict":
        return {k: _decode_structure(e, outs) for k, e in v}
    if tag in ("tuple", "list"):
        items = [_decode_structure(e, outs) for e in v]
        return tuple(items) if tag == "tuple" else items
    raise ValueError(f"Cannot load a saved function: unknown output tag {tag!r} (the SavedModel is corrupt).")


def _restore_function(desc, constants, variable, export_dir):
    what = f"function {desc.get('name')!r} of the SavedModel at {export_dir}"
    g = new_graph()
    g.name = desc.get("name", "restored")
    outs = GraphDecoder(constants, variable, what).into(g, desc)
    g.inputs = [outs[i][k] for i, k in desc["inputs"]]
    flat_outputs = [outs[i][k] for i, k in desc["outputs"]]
    g.variables = _captured_variables(g)
    structure = _decode_structure(desc["structure"], flat_outputs)
    concrete = ConcreteFunction(g, structure, flat_outputs)
    concrete._flat_structure = nest.flatten(structure)
    concrete._single_output = isinstance(structure, SymbolicTensor) and len(flat_outputs) == 1
    return concrete


class Loader:
    """Rebuilds the objects, variables and functions of one export."""

    def __init__(self, export_dir, desc, constants, arrays):
        self.export_dir = export_dir
        self.desc = desc
        self.constants = constants
        objects = desc["objects"]
        self.nodes = [self._make(o, arrays) for o in objects]
        self.concretes = [None] * len(desc["functions"])
        for i, o in enumerate(objects):
            for name, child in o.get("children", ()):
                self._attach(self.nodes[i], o["kind"], name, self.nodes[child])
            for name, fn in o.get("functions", ()):
                restored = self._function(name, fn)
                if o["kind"] == "object":
                    self.nodes[i].__dict__[name] = restored
        root = self.nodes[0]
        if isinstance(root, _UserObject):
            sigs = _SignatureMap()
            for key, s in desc.get("signatures", {}).items():
                inputs = [(n, function_spec.decode(a)) for n, a in s["inputs"]]
                sigs[key] = RestoredSignature(key, self._concrete(s["fid"]), inputs, list(s["outputs"]))
            root.__dict__["signatures"] = sigs
        self.root = root

    def _make(self, o, arrays):
        kind = o.get("kind")
        if kind == "variable":
            key = o["key"]
            if key not in arrays:
                raise _bad(self.export_dir, f"the variable {o['name']!r} has no value in the variables file ({key}).")
            with eager_mode(keep_scope=False):
                v = Variable(arrays[key], name=o["name"], dtype=o["dtype"], trainable=o["trainable"],
                             shape=o["shape"])
            v._name = o["name"]
            return v
        if kind == "list":
            return []
        if kind == "dict":
            return {}
        if kind == "object":
            calls = any(name == "__call__" for name, _ in o.get("functions", ()))
            return _CallableUserObject() if calls else _UserObject()
        raise _bad(self.export_dir, f"unknown object kind {kind!r}")

    def _attach(self, parent, kind, name, child):
        if kind == "list":
            parent.append(child)
        elif kind == "dict":
            parent[name] = child
        else:
            parent.__dict__[name] = child

    def _variable(self, ref):
        v = self.nodes[ref] if isinstance(ref, int) and 0 <= ref < len(self.nodes) else None
        if not isinstance(v, Variable):
            raise _bad(self.export_dir, f"a function refers to object {ref!r}, which is not a variable.")
        return v

    def _concrete(self, fid):
        if self.concretes[fid] is None:
            self.concretes[fid] = _restore_function(self.desc["functions"][fid], self.constants, self._variable,
                                                    self.export_dir)
        return self.concretes[fid]

    def _function(self, name, fn):
        entries = []
        for t in fn["traces"]:
            args = function_spec.decode(t["args"])
            kwargs = function_spec.decode(t["kwargs"])
            concrete = self._concrete(t["fid"])
            concrete.structured_input_signature = (tuple(args), kwargs)
            entries.append(((args, kwargs), concrete))
        return function_spec.RestoredFunction(name, fn.get("params"), entries)


def load(export_dir, tags=None, options=None):
    """Loads a SavedModel written by `tf.saved_model.save` (see module docstring).

        >>> imported = tf.saved_model.load("saved/1")
        >>> imported.signatures["serving_default"](x=tf.ones([1, 2]))
    """
    from .options import LoadOptions
    if options is not None and not isinstance(options, LoadOptions):
        raise TypeError(f"options must be a tf.saved_model.LoadOptions, got {type(options).__name__}")
    if tags is not None:
        wanted = {tags} if isinstance(tags, str) else set(tags)
        if not wanted <= {"serve"}:
            raise RuntimeError(f"MetaGraphDef associated with tags {sorted(wanted)} could not be found in SavedModel, "
                               "with available tags '[{'serve'}]'.")
    desc, constants, arrays = read_export(export_dir)
    if ctx.graph is not None:  # (loaded while a function is being traced: the objects are made eagerly)
        with eager_mode():
            return Loader(os.fspath(export_dir), desc, constants, arrays).root
    return Loader(os.fspath(export_dir), desc, constants, arrays).root
