"""`tf.saved_model.save`: an object's variables and traced functions, written as numtf's
SavedModel directory (the format is described in numtf/saved_model/__init__.py).

The object graph is walked from the root as tf.train.Checkpoint walks it (breadth first, the
first path to an object names it): tf.Module attributes in sorted order, Keras layers through
their checkpoint dependencies, lists and dicts by index and key. Every tf.function attribute of
every object is saved with the traces it has (tracing its input_signature first), and the
`signatures` with their input names and output keys.

    >>> tf.saved_model.save(model, "saved/1")
"""
import json
import os
import shutil
import sys
import tempfile
from collections import deque

from ..framework.module import Module
from ..framework.variables import Variable
from ..graph.function import ConcreteFunction, Function
from ..graph.serialize import GraphEncoder
from ..train import checkpoint, checkpoint_io
from ..util import nest
from . import function_spec

FORMAT = "numtf.saved_model"
VERSION = 1
SAVED_MODEL_JSON = "saved_model.json"
CONSTANTS = "constants"  # constants.npz: the values of the functions' constants
VARIABLES_DIR = "variables"
VARIABLES_PREFIX = "variables"  # variables/variables.index + .data-*: a checkpoint of the objects' variables
DEFAULT_SIGNATURE = "serving_default"
_OWN_ENTRIES = {SAVED_MODEL_JSON, CONSTANTS + ".npz", VARIABLES_DIR, "assets", "keras_metadata.json"}
_KERAS_SKIPPED = frozenset({"train_function", "test_function", "predict_function"})


# -- the object graph ----------------------------------------------------------------------------
def _keras_model_cls():
    mod = sys.modules.get("numtf.keras.engine.training")
    return getattr(mod, "Model", None) if mod is not None else None


def _is_layer(obj):
    return checkpoint._isinstance(obj, checkpoint._layer_cls())


def is_trackable(obj):
    """What can be saved as an object of the graph (TF's `Trackable`)."""
    return isinstance(obj, Module) or checkpoint.is_trackable(obj)


def _holds(value):
    if isinstance(value, (list, tuple)):
        return any(is_trackable(v) or _holds(v) for v in value)
    if isinstance(value, dict):
        return any(is_trackable(v) or _holds(v) for v in value.values())
    return False


def children(obj):
    """The (name, child) dependencies of `obj` (as tf.train.Checkpoint names them)."""
    if isinstance(obj, Variable):
        return []
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj) if is_trackable(v) or _holds(v)]
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if is_trackable(v) or _holds(v)]
    if isinstance(obj, Module) and not _is_layer(obj):
        attrs = vars(obj)
        return [(k, attrs[k]) for k in sorted(attrs) if k not in ("_name", "_scope_name") and
                not isinstance(attrs[k], Function) and (is_trackable(attrs[k]) or _holds(attrs[k]))]
    return checkpoint.children(obj)


def walk(root, exclude=()):
    """([objects in walk order], {id: index}, [(index, name, child index)] edges)."""
    objects = [root]
    index = {id(root): 0}
    edges = []
    queue = deque([root])
    skip = {id(x) for x in exclude}
    while queue:
        obj = queue.popleft()
        for name, child in children(obj):
            if id(child) in skip:
                continue
            if id(child) not in index:
                index[id(child)] = len(objects)
                objects.append(child)
                queue.append(child)
            edges.append((index[id(obj)], name, index[id(child)]))
    return objects, index, edges


def _paths(objects, edges):
    """The first (breadth-first) path of each object: its checkpoint key prefix."""
    paths = {0: ""}
    for parent, name, child in edges:
        if child not in paths:
            paths[child] = f"{paths[parent]}/{name}" if paths[parent] else name
    return paths


def tf_functions(obj):
    """{attribute name: tf.function bound to obj} (Keras's own train/test/predict functions left out)."""
    out = {}
    if isinstance(obj, (list, tuple, dict, Variable)):
        return out
    for klass in type(obj).__mro__:
        for name, attr in vars(klass).items():
            if isinstance(attr, Function) and name not in out:
                out[name] = getattr(obj, name)
    if not _is_layer(obj):
        for name, attr in vars(obj).items():
            if isinstance(attr, Function) and not name.startswith("_") and name not in _KERAS_SKIPPED:
                out.setdefault(name, attr)
    return out


def traces(fn):
    """The traces of a tf.function (its input_signature is traced first if needed)."""
    if fn._input_signature is not None:
        fn.get_concrete_function()
    seen = {}
    for c in fn._cache.values():
        if c._signature is not None and not c.graph.external_captures:
            seen.setdefault(id(c), c)
    return list(seen.values())


# -- signatures -----------------------------------------------------------------------------------
def _signature_concrete(value, key):
    if isinstance(value, ConcreteFunction):
        return value
    if isinstance(value, Function) and value._input_signature is not None:
        return value.get_concrete_function()
    raise ValueError(f"Expected a TensorFlow function for which to generate a signature, but got {value}. Only "
                     "`tf.functions` with an input signature or concrete functions can be used as a signature.")


def output_keys(concrete):
    """TF's output names of a signature: a dict's keys, else 'output_0', 'output_1', ..."""
    out = concrete.structured_outputs
    if isinstance(out, dict) and all(isinstance(k, str) for k in out) and not any(nest.is_nested(v)
                                                                                    for v in out.values()):
        return sorted(out, key=lambda k: (1, k))  # (nest's order of a dict)
    return [f"output_{i}" for i in range(len(nest.flatten(out)))]


def input_names(concrete):
    return [t.op.attrs.get("name", t.op.name) for t in concrete.graph.inputs]


def resolve_signatures(root, signatures, default=None):
    """{key: (concrete, input names or None, output keys or None)} from save's `signatures`."""
    if signatures is None:
        if default is not None:
            return {DEFAULT_SIGNATURE: default}
        candidates = [f for f in tf_functions(root).values() if f._input_signature is not None]
        if len(candidates) != 1:
            return {}
        signatures = candidates[0]
    if not isinstance(signatures, dict):
        signatures = {DEFAULT_SIGNATURE: signatures}
    return {str(k): (_signature_concrete(v, k), None, None) for k, v in signatures.items()}


# -- writing --------------------------------------------------------------------------------------
def _untracked(function_name, var):
    return AssertionError(
        "Tried to export a function which references an 'untracked' resource. TensorFlow objects (e.g. "
        "tf.Variable) captured by functions must be 'tracked' by assigning them to an attribute of a tracked "
        "object or assigned to an attribute of the main object directly. See the information below:\n"
        f"\tFunction name = {function_name}\n\tTrackable referencing this tensor = {var!r}")


class _Writer:
    def __init__(self, objects, index):
        self.objects = objects
        self.index = index
        self.arrays = {}
        self.functions = []  # JSON of each concrete function
        self.fids = {}  # id(concrete) -> index

    def function(self, concrete):
        fid = self.fids.get(id(concrete))
        if fid is not None:
            return fid
        what = f"function {concrete.graph.name!r}"

        def var_ref(v):
            i = self.index.get(id(v))
            if i is None:
                raise _untracked(concrete.graph.name, v)
            return i
        enc = GraphEncoder(var_ref, what, self.arrays)
        g = concrete.graph
        desc = enc.graph(g.nodes[:concrete._n_forward], g.inputs, concrete._flat_outputs, {"name": g.name})
        desc["structure"] = _output_structure(concrete, enc)
        fid = self.fids[id(concrete)] = len(self.functions)
        self.functions.append(desc)
        return fid


def _output_structure(concrete, enc):
    where = {id(t): i for i, t in enumerate(concrete._flat_outputs)}
    leaves = []
    for x in concrete._flat_structure:
        if id(x) in where:
            leaves.append({"@": "out", "v": where[id(x)]})
        elif x is None or isinstance(x, (bool, int, str, float)) or not hasattr(x, "op"):
            try:
                leaves.append(function_spec.encode(x))
            except function_spec.Unsupported:
                leaves.append(None)  # (an op returned by the function, e.g. an assign's: None when loaded)
        else:
            leaves.append(None)
    template = nest.pack_sequence_as(concrete.structured_outputs, range(len(leaves)))
    return _encode_template(template, leaves)


def _encode_template(t, leaves):
    if isinstance(t, dict):
        return {"@": "dict", "v": [[k, _encode_template(v, leaves)] for k, v in t.items()]}
    if isinstance(t, (list, tuple)):
        return {"@": "tuple" if isinstance(t, tuple) else "list", "v": [_encode_template(v, leaves) for v in t]}
    return {"@": "leaf", "v": leaves[t]}


def _describe_function(writer, name, fn):
    entries = []
    params = function_spec.describe_params(fn._python_function)
    for c in traces(fn):
        try:
            p, canon = function_spec.describe_trace(c, fn._python_function, fn._input_signature,
                                                    getattr(fn, "_saved_input_names", None))
        except function_spec.Unsupported:
            continue  # (a trace taking a Python object cannot be matched after loading)
        if p != params:
            params = None
        entries.append({"fid": writer.function(c), **canon})
    return {"params": params, "traces": entries}


def _signature_json(writer, key, concrete, names, keys):
    names = names or input_names(concrete)
    keys = keys or output_keys(concrete)
    n_leaves = len(nest.flatten(concrete.structured_outputs))
    if len(keys) != n_leaves:
        raise ValueError(f"Signature {key!r}: {len(keys)} output names for {n_leaves} outputs.")
    inputs = [[nm, function_spec.encode(function_spec.TensorArg(
        _spec(t, nm), i))] for i, (nm, t) in enumerate(zip(names, concrete.graph.inputs))]
    return {"fid": writer.function(concrete), "inputs": inputs, "outputs": keys}


def _spec(t, name):
    from ..framework.tensor_spec import TensorSpec
    return TensorSpec(t.shape, t.dtype, name)


def build_description(obj, signatures=None, extra_functions=None, default_signature=None, exclude=()):
    """(saved_model.json's content, constants, {checkpoint key: array}) for `obj`."""
    objects, index, edges = walk(obj, exclude)
    paths = _paths(objects, edges)
    writer = _Writer(objects, index)
    nodes = []
    variables = {}
    for i, o in enumerate(objects):
        if isinstance(o, Variable):
            key = paths[i] + checkpoint.VALUE_SUFFIX
            variables[key] = o.numpy()
            nodes.append({"kind": "variable", "name": o.name.split(":")[0], "dtype": o.dtype.name,
                          "shape": None if o.shape.rank is None else o.shape.as_list(), "trainable": bool(o.trainable),
                          "key": key})
        elif isinstance(o, (list, tuple)):
            nodes.append({"kind": "list", "children": []})
        elif isinstance(o, dict):
            nodes.append({"kind": "dict", "children": []})
        else:
            nodes.append({"kind": "object", "class": type(o).__name__, "children": [], "functions": []})
    for parent, name, child in edges:
        nodes[parent]["children"].append([name, child])
    for i, o in enumerate(objects):
        if nodes[i]["kind"] != "object":
            continue
        fns = tf_functions(o)
        if i == 0 and extra_functions:
            fns.update(extra_functions)
        for name in sorted(fns):
            nodes[i]["functions"].append([name, _describe_function(writer, name, fns[name])])
    sigs = {}
    for key, (concrete, names, keys) in resolve_signatures(obj, signatures, default_signature).items():
        sigs[key] = _signature_json(writer, key, concrete, names, keys)
    desc = {"format": FORMAT, "version": VERSION, "objects": nodes, "functions": writer.functions,
            "signatures": sigs}
    return desc, writer.arrays, variables


def check_root(obj):
    if not is_trackable(obj) or isinstance(obj, (Variable, list, tuple, dict)):
        raise ValueError(f"Expected an object of type `Trackable`, such as `tf.Module` or a subclass of the "
                         f"`Trackable` class, for export. Got {obj} with type {type(obj)}.")


def write_export(export_dir, desc, constants, variables, extra_files=None):
    """Writes the export into a temporary directory next to `export_dir`, then moves it into
    place: an existing export is replaced as a whole, never left half-written."""
    export_dir = os.path.abspath(os.fspath(export_dir))
    parent = os.path.dirname(export_dir)
    os.makedirs(parent, exist_ok=True)
    if os.path.isdir(export_dir):
        foreign = sorted(set(os.listdir(export_dir)) - _OWN_ENTRIES)
        if foreign:
            raise ValueError(f"Cannot save a SavedModel to {export_dir}: the directory holds files that are not part of "
                             f"a numtf SavedModel ({', '.join(foreign[:5])}). numtf replaces an export directory as a "
                             "whole: choose a new or empty directory.")
    elif os.path.exists(export_dir):
        raise ValueError(f"Cannot save a SavedModel to {export_dir}: it exists and is not a directory.")
    temp = tempfile.mkdtemp(prefix=os.path.basename(export_dir) + ".tmp-", dir=parent)
    try:
        checkpoint_io.write_arrays(os.path.join(temp, VARIABLES_DIR, VARIABLES_PREFIX), variables)
        checkpoint_io.write_arrays(os.path.join(temp, CONSTANTS), constants, kind=FORMAT + ".constants")
        for name, content in (extra_files or {}).items():
            with open(os.path.join(temp, name), "w", encoding="utf-8") as f:
                json.dump(content, f)
        with open(os.path.join(temp, SAVED_MODEL_JSON), "w", encoding="utf-8") as f:
            json.dump(desc, f)
        _swap_in(temp, export_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap_in(temp, export_dir):
    if not os.path.exists(export_dir):
        os.rename(temp, export_dir)
        return
    old = tempfile.mkdtemp(prefix=os.path.basename(export_dir) + ".old-", dir=os.path.dirname(export_dir))
    os.rmdir(old)
    os.rename(export_dir, old)  # the previous export stays whole under another name until the new one is in place
    try:
        os.rename(temp, export_dir)
    except BaseException:
        os.rename(old, export_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def save(obj, export_dir, signatures=None, options=None):
    """Saves `obj`'s variables, tf.functions (every trace so far and those of an input_signature)
    and `signatures` (a tf.function with an input_signature, a concrete function, or a dict of
    them) to the directory `export_dir`. A Keras model gets TF's 'serving_default' signature
    from its call when its input shape is known.

        >>> tf.saved_model.save(model, "saved/1")
    """
    check_root(obj)
    _check_options(options)
    extra, default, exclude, files = {}, None, (), None
    model_cls = _keras_model_cls()
    if model_cls is not None and isinstance(obj, model_cls):
        from ..keras.saving import saved_model_format
        extra, default = saved_model_format.keras_functions(obj)
        files = {saved_model_format.METADATA: saved_model_format.metadata(obj)}  # (as tf-keras writes it)
    desc, constants, variables = build_description(obj, signatures, extra, default, exclude)
    write_export(export_dir, desc, constants, variables, files)


def _check_options(options):
    from . import options as options_module
    if options is not None and not isinstance(options, options_module.SaveOptions):
        raise TypeError(f"options must be a tf.saved_model.SaveOptions, got {type(options).__name__}")
