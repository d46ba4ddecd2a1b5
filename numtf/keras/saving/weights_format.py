"""`model.save_weights(path)` / `model.load_weights(path)`: the format follows the file name.

- `*.weights.h5` (needs h5py): Keras 3-style object tree, `<path>/vars/<i>` (structure.py);
  tf-keras 2.21 reads numtf's files and numtf reads tf-keras's.
- `*.h5` / `*.hdf5` (needs h5py): Keras 2's layout: `layer_names`, one group per layer with its
  `weight_names`; loaded in layer order or `by_name`.
- `*.npz` (needs nothing): the same layer-by-layer content as Keras 2's `.h5`, in a NumPy archive:
  each array keyed '<layer name>/<weight name>' ('dense/dense/kernel:0'), with a JSON index under
  `_NUMTF_CHECKPOINT_INDEX` recording the layer order and each layer's weight order.
- anything else is a checkpoint prefix, as tf-keras's TF format: 'ckpt/weights' writes
  'ckpt/weights.npz' (tf.train.Checkpoint's format, keyed by attribute paths, the model the root)
  and the directory's `checkpoint` file; loading it returns a status and restores layers that are
  not built yet when they are built.

Every write is atomic; every load reads and checks all values before assigning any.

    >>> model.save_weights('mlp.weights.h5')
    >>> model.load_weights('mlp.weights.h5')
"""
import io
import json
import logging
import os

import numpy as np

from ...framework import errors
from ...train import checkpoint as _ckpt, checkpoint_io
from ...util import atomic
from . import structure

log = logging.getLogger("tensorflow")
H5_REQUIRED = "h5py is required to read and write .h5 files: pip install h5py"
KERAS_VERSION = "2.21.0"  # the tf-keras release whose semantics numtf follows
NPZ_FORMAT = "numtf.weights"
V3_NPZ_FORMAT = "numtf.keras.weights"
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_ATTR_LIMIT = 64512  # HDF5's object-header limit: longer name lists are split, as Keras does
TOP_LEVEL = "top_level_model_weights"


def h5py_module():
    try:
        import h5py
    except ImportError:
        raise ImportError(H5_REQUIRED) from None
    return h5py


def format_of(path):
    """'weights.h5', 'keras', 'h5', 'npz' or 'checkpoint' (a prefix)."""
    p = os.fspath(path)
    if p.endswith(".weights.h5"):
        return "weights.h5"
    if p.endswith(".keras"):
        return "keras"
    if p.endswith((".h5", ".hdf5")):
        return "h5"
    if p.endswith(".npz"):
        return "npz"
    return "checkpoint"


def confirm_overwrite(path):
    """Keras's prompt when `overwrite=False` and the file exists; True to go ahead."""
    if not os.path.exists(path):
        return True
    try:
        answer = input(f"[WARNING] {path} already exists - overwrite? [y/n]").strip().lower()
    except EOFError:
        return False
    while answer not in ("y", "n"):
        try:
            answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
        except EOFError:
            return False
    return answer == "y"


# -- Keras 2 layer-by-layer content (.h5, .npz) --------------------------------------------------
def legacy_entries(model):
    """[(layer name, [variables])] for `model.layers`, plus the model's own top-level variables."""
    _ckpt.pending_values(structure.collect(model)[1], "legacy", "the weights in Keras 2's layer format")
    entries = [(layer.name, list(layer.weights)) for layer in model.layers]
    in_layers = {id(w) for _, ws in entries for w in ws}
    top = [w for w in model.weights if id(w) not in in_layers]
    return entries, top


def _unique_names(variables):
    out, used = [], set()
    for v in variables:
        name, n = v.name, 1
        while name in used:
            name, n = f"{v.name}_{n}", n + 1
        used.add(name)
        out.append(name)
    return out


def _check_value(var, value, message):
    try:
        return _ckpt.cast_for(var, value, "")
    except ValueError:
        raise ValueError(message) from None


def load_legacy(model, layers, top, source, by_name=False, skip_mismatch=False):
    """Assigns saved `layers` ([(name, [array])]) and `top` ([array]) to `model`, Keras 2's way."""
    if skip_mismatch and not by_name:
        raise ValueError("When calling model.load_weights, skip_mismatch can only be set to True when "
                         "by_name is True.")
    plan = []

    def shape_msg(k, layer, w, value):
        return (f"Shape mismatch in layer #{k} (named {layer.name}) for weight {w.name}. Weight expects shape "
                f"{tuple(w.shape.as_list())}. Received saved weight with shape {tuple(np.shape(value))}")

    if by_name:
        index = {}
        for name, values in layers:
            index.setdefault(name, values)
        for k, layer in enumerate(model.layers):
            if layer.name not in index:
                continue
            ws, values = layer.weights, index[layer.name]
            if len(ws) != len(values):
                msg = (f"Weight count mismatch for layer #{k} (named {layer.name}). Layer expects {len(ws)} "
                       f"weight(s). Received {len(values)} saved weight(s)")
                if skip_mismatch:
                    log.warning("Skipping loading of weights for layer #%d (named %s) due to mismatch in number "
                                "of weights. Layer expects %d weight(s). Received %d saved weight(s)", k,
                                layer.name, len(ws), len(values))
                    continue
                raise ValueError(msg)
            checked = []
            for w, value in zip(ws, values):
                try:
                    checked.append((w, _check_value(w, value, shape_msg(k, layer, w, value))))
                except ValueError as e:
                    if not skip_mismatch:
                        raise
                    log.warning("Skipping loading weights for layer #%d: %s", k, e)
                    checked = None
                    break
            plan.extend(checked or [])
    else:
        filtered = [layer for layer in model.layers if layer.weights]
        saved = [(name, values) for name, values in layers if values]
        if saved and not filtered and not model.weights:
            raise ValueError(f"Unable to load weights saved in {source!r} into a Model which has not created "
                             "its variables yet. Call the Model first, then load the weights.")
        if len(filtered) != len(saved):
            raise ValueError(f"Layer count mismatch when loading weights from file. Model expected "
                             f"{len(filtered)} layers, found {len(saved)} saved layers.")
        for k, (layer, (name, values)) in enumerate(zip(filtered, saved)):
            ws = layer.weights
            if len(ws) != len(values):
                raise ValueError(f"Weight count mismatch for layer #{k} (named {layer.name} in the current model, "
                                 f"{name} in the save file). Layer expects {len(ws)} weight(s). Received "
                                 f"{len(values)} saved weight(s)")
            plan.extend((w, _check_value(w, v, shape_msg(k, layer, w, v))) for w, v in zip(ws, values))
    own = legacy_entries(model)[1]
    if top:
        if len(own) != len(top):
            if not skip_mismatch:
                raise ValueError(f"Weight count mismatch for top-level weights of model. Model expects {len(own)} "
                                 f"top-level weight(s). Received {len(top)} saved top-level weight(s)")
        else:
            plan.extend((w, _check_value(w, v, f"Shape mismatch in model for top-level weight {w.name}. Weight "
                                               f"expects shape {tuple(w.shape.as_list())}. Received saved weight "
                                               f"with shape {tuple(np.shape(v))}")) for w, v in zip(own, top))
    _ckpt.assign_all(plan)


def _save_npz(model, path):
    entries, top = legacy_entries(model)
    arrays, layer_names, weight_keys = {}, [], {}
    for name, ws in entries + [(TOP_LEVEL, top)]:
        keys = [f"{name}/{n}" for n in _unique_names(ws)]
        arrays.update((k, w.numpy()) for k, w in zip(keys, ws))
        if name != TOP_LEVEL:
            layer_names.append(name)
        weight_keys[name] = keys
    prefix = path[:-len(".npz")]
    checkpoint_io.write_arrays(prefix, arrays, kind=NPZ_FORMAT,
                               extra={"layer_names": layer_names, "weight_keys": weight_keys})


def _npz_layers(index, arrays):
    layers = [(name, [arrays[k] for k in index["weight_keys"].get(name, [])]) for name in index["layer_names"]]
    top = [arrays[k] for k in index["weight_keys"].get(TOP_LEVEL, [])]
    return layers, top


# -- HDF5 -------------------------------------------------------------------------------------
def _save_attr(group, name, values):
    data = np.array([v.encode("utf-8") for v in values]) if values else np.array([])
    if data.nbytes <= _ATTR_LIMIT:
        group.attrs[name] = data
        return
    chunks = int(np.ceil(data.nbytes / _ATTR_LIMIT))
    for i, part in enumerate(np.array_split(data, chunks)):
        group.attrs[f"{name}{i}"] = part


def _load_attr(group, name):
    if name in group.attrs:
        raw = list(group.attrs[name])
    else:
        raw, i = [], 0
        while f"{name}{i}" in group.attrs:
            raw.extend(group.attrs[f"{name}{i}"])
            i += 1
    return [v.decode("utf-8") if hasattr(v, "decode") else str(v) for v in raw]


def _write_legacy_group(f, model):
    entries, top = legacy_entries(model)
    f.attrs["backend"] = "tensorflow"
    f.attrs["keras_version"] = KERAS_VERSION
    _save_attr(f, "layer_names", [name for name, _ in entries])
    for name, ws in entries + [(TOP_LEVEL, top)]:
        g = f.create_group(name)
        names = _unique_names(ws)
        _save_attr(g, "weight_names", names)
        for n, w in zip(names, ws):
            g.create_dataset(n, data=w.numpy())


def _read_legacy_group(f):
    layers = []
    for name in _load_attr(f, "layer_names"):
        g = f[name]
        layers.append((name, [np.asarray(g[n]) for n in _load_attr(g, "weight_names")]))
    top = []
    if TOP_LEVEL in f:
        g = f[TOP_LEVEL]
        top = [np.asarray(g[n]) for n in _load_attr(g, "weight_names")]
    return layers, top


def write_v3_h5(target, groups):
    """Writes {path: [array]} in Keras 3's layout to a file name or a binary file object."""
    h5py = h5py_module()
    with h5py.File(target, "w") as f:
        for path, values in groups.items():
            g = f.require_group(f"{path}/vars" if path else "vars")
            for i, value in enumerate(values):
                g.create_dataset(str(i), data=value)


def read_v3_h5(f):
    """{path: [array]} from an open h5py File in Keras 3's layout."""
    h5py = h5py_module()
    groups = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and (name == "vars" or name.endswith("/vars")):
            n = len(obj.keys())
            groups[name[:-len("/vars")] if name != "vars" else ""] = [np.asarray(obj[str(i)]) for i in range(n)]

    f.visititems(visit)
    return groups


def _open_h5(path):
    h5py = h5py_module()
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise ValueError(f"Cannot read weights file {path!r}: it is not a valid HDF5 file ({e}). It may be "
                         "truncated or corrupt.") from None


# -- Keras 3-style weights in a NumPy archive (inside .keras files) -----------------------------
def v3_to_npz_bytes(groups):
    arrays = {}
    for path, values in groups.items():
        for i, value in enumerate(values):
            arrays[f"{path}/vars/{i}" if path else f"vars/{i}"] = value
    buf = io.BytesIO()
    payload = dict(arrays)
    index = {"format": V3_NPZ_FORMAT, "version": 1, "keys": sorted(arrays), "groups": list(groups)}
    payload[checkpoint_io.INDEX_KEY] = np.frombuffer(json.dumps(index).encode("utf-8"), np.uint8)
    np.savez(buf, **payload)
    return buf.getvalue()


def v3_from_arrays(index, arrays):
    groups = {path: [] for path in index.get("groups", [])}
    numbered = {}
    for key, value in arrays.items():
        path, _, i = key.rpartition("vars/")
        path = path[:-1] if path.endswith("/") else path
        numbered.setdefault(path, {})[int(i)] = value
    for path, values in numbered.items():
        groups[path] = [values[i] for i in sorted(values)]
    return groups


# -- entry points ---------------------------------------------------------------------------------
def save_weights(model, filepath, overwrite=True, save_format=None, options=None):
    """Writes the model's weights; the format follows `filepath` (see module docstring).

        >>> save_weights(model, 'mlp.npz')
    """
    path = os.fspath(filepath)
    fmt = format_of(path)
    if save_format in ("tf", "tensorflow"):
        fmt = "checkpoint"
    elif save_format in ("h5", "hdf5") and fmt not in ("weights.h5", "h5"):
        fmt = "h5"
    elif save_format not in (None, "tf", "tensorflow", "h5", "hdf5"):
        raise ValueError(f"Unknown format. Received: `save_format`={save_format}. Expected 'tf' or 'h5'.")
    if fmt == "keras":
        raise ValueError("The filename must not end in `.keras` for save_weights(): use model.save(filepath) "
                         "to write a .keras file, or a name ending in `.weights.h5` or `.npz`. "
                         f"Received: filepath={path}")
    if fmt in ("weights.h5", "h5"):
        h5py_module()
    target = checkpoint_io.data_file(path) if fmt == "checkpoint" else path
    if not overwrite and not confirm_overwrite(target):
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    if fmt == "npz":
        _save_npz(model, path)
    elif fmt == "weights.h5":
        h5py_module()
        groups = structure.arrays_of(model, target=repr(path))
        with atomic.atomic_path(path) as tmp:
            write_v3_h5(tmp, groups)
    elif fmt == "h5":
        h5py = h5py_module()
        with atomic.atomic_path(path) as tmp, h5py.File(tmp, "w") as f:
            _write_legacy_group(f, model)
    else:
        _ckpt.save_object(model, path)
        checkpoint_io.update_checkpoint_state(os.path.dirname(path), path)


def _sniff(path):
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except IsADirectoryError:
        return "directory"
    if head.startswith(b"PK"):
        return "zip"
    if head == _HDF5_MAGIC:
        return "hdf5"
    return "unknown"


def _load_h5(model, path, by_name, skip_mismatch):
    with _open_h5(path) as f:
        root = f["model_weights"] if "model_weights" in f and "layer_names" not in f.attrs else f
        if "layer_names" in root.attrs or "layer_names0" in root.attrs:
            layers, top = _read_legacy_group(root)
            legacy = True
        else:
            groups = read_v3_h5(f)
            legacy = False
    if legacy:
        load_legacy(model, layers, top, path, by_name, skip_mismatch)
    else:
        if by_name:
            log.warning("by_name=True is ignored for Keras 3-style weight files (%s).", path)
        structure.load(model, groups, path, skip_mismatch)


def load_weights(model, filepath, skip_mismatch=False, by_name=False, options=None):
    """Loads weights written by `save_weights` (or `model.save(...keras)`) into `model`. Returns a
    checkpoint status for checkpoint prefixes, None otherwise.

        >>> load_weights(model, 'mlp.npz')
    """
    path = os.fspath(filepath)
    fmt = format_of(path)
    if fmt == "checkpoint":
        if fmt == "checkpoint" and os.path.isfile(path) and not checkpoint_io.checkpoint_exists(path):
            kind = _sniff(path)
            if kind == "hdf5":
                return _load_h5(model, path, by_name, skip_mismatch)
            if kind == "zip":
                fmt = "npz"
        if fmt == "checkpoint":
            if by_name:
                raise NotImplementedError("Weights may only be loaded based on topology into Models when loading "
                                          "TensorFlow-formatted weights (got by_name=True to load_weights).")
            return _ckpt.restore_object(model, path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"Unable to load weights: no file found at {path!r}.")
    if os.path.isdir(path):
        raise IsADirectoryError(f"Unable to load weights: {path!r} is a directory.")
    if fmt == "keras":
        from .keras_format import read_archive
        groups = read_archive(path)[2]
        structure.load(model, groups, path, skip_mismatch)
        return None
    if fmt in ("weights.h5", "h5"):
        if _sniff(path) != "hdf5":
            raise ValueError(f"Cannot read weights file {path!r}: it is not an HDF5 file (its first bytes are not "
                             "HDF5's signature). It may be truncated, corrupt, or in another format.")
        return _load_h5(model, path, by_name, skip_mismatch)
    try:
        index, arrays = checkpoint_io.read_npz(path, "weights file")
    except errors.DataLossError as e:
        raise ValueError(str(e)) from None
    kind = index.get("format")
    if kind == checkpoint_io.FORMAT:
        return _ckpt.restore_object(model, path)
    if kind == V3_NPZ_FORMAT:
        structure.load(model, v3_from_arrays(index, arrays), path, skip_mismatch)
        return None
    if kind != NPZ_FORMAT:
        raise ValueError(f"Cannot read weights file {path!r}: unknown format {kind!r}.")
    layers, top = _npz_layers(index, arrays)
    load_legacy(model, layers, top, path, by_name, skip_mismatch)
    return None
