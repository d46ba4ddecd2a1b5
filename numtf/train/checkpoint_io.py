"""numtf's checkpoint files (TensorFlow's own format) and TensorFlow's `checkpoint` state file.

A checkpoint with prefix `P` (e.g. 'ckpt/ckpt-3') is TensorFlow's V2 checkpoint: `P.index` +
`P.data-00000-of-00001` (numtf/train/tensor_bundle.py), the variables' values keyed by object path
('model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE', as TensorFlow names them), plus the object graph
TensorFlow restores by (`_CHECKPOINTABLE_OBJECT_GRAPH`, numtf/train/object_graph.py). TensorFlow
reads numtf's checkpoints and numtf reads TensorFlow's. Both files are written atomically, the
index last; loading parses them and never runs code from them. Checkpoints of older numtf
versions (one `P.npz`, a NumPy archive with a JSON index, read with `allow_pickle=False`) are
still read. Keras `.npz` weights files and a SavedModel's constants stay NumPy archives
(`write_arrays` with another `kind`).

The `checkpoint` state file in the directory is TensorFlow's text format, so
`tf.train.latest_checkpoint(dir)` works the same way:

    model_checkpoint_path: "ckpt-4"
    all_model_checkpoint_paths: "ckpt-3"
    all_model_checkpoint_paths: "ckpt-4"
"""
import json
import os
import re

import numpy as np

from ..framework import dtypes, errors
from . import object_graph, tensor_bundle

FORMAT = "numtf.checkpoint"
INDEX_KEY = "_NUMTF_CHECKPOINT_INDEX"
SUFFIX = ".npz"
STATE_FILE = "checkpoint"

__all__ = ["latest_checkpoint", "get_checkpoint_state", "list_variables", "load_checkpoint", "load_variable"]


def _atomic():
    from ..util import atomic
    return atomic


# -- checkpoint data files -------------------------------------------------------------------
def data_file(prefix):
    """The file that marks checkpoint `prefix`: 'ckpt-1' -> 'ckpt-1.index' (an older numtf
    checkpoint: 'ckpt-1.npz'; a '.npz' path is itself)."""
    prefix = os.fspath(prefix)
    if prefix.endswith(SUFFIX) and os.path.isfile(prefix):
        return prefix
    index = tensor_bundle.index_path(prefix)
    if not os.path.isfile(index) and os.path.isfile(prefix + SUFFIX):
        return prefix + SUFFIX
    return index


def checkpoint_exists(prefix):
    """True when `prefix` names a checkpoint (TensorFlow's format, or an older numtf `.npz`)."""
    return os.path.isfile(data_file(prefix))


def write_arrays(prefix, arrays, kind=FORMAT, extra=None, root=None):
    """Atomically writes `{key: array}`: a checkpoint (`kind=FORMAT`) as TensorFlow's
    `prefix.index` + `prefix.data-00000-of-00001` with the object graph of `root` (the objects
    the keys came from; without it the graph follows the keys' paths); any other kind as
    `prefix.npz` with a JSON index. Returns the file name (the `.index` of a checkpoint).

        >>> write_arrays('ckpt/w', {'v/.ATTRIBUTES/VARIABLE_VALUE': np.ones(2)})
        'ckpt/w.index'
    """
    if kind == FORMAT:
        arrays = dict(arrays)
        arrays.pop(object_graph.OBJECT_GRAPH_KEY, None)
        graph = object_graph.build(arrays, root)
        arrays[object_graph.OBJECT_GRAPH_KEY] = np.array(graph, dtype=object)
        path = tensor_bundle.write_bundle(prefix, arrays, last=(object_graph.OBJECT_GRAPH_KEY,))
        _atomic().remove_quietly(os.fspath(prefix) + SUFFIX)  # an older numtf file of that prefix is stale now
        return path
    payload = {}
    for key, value in arrays.items():
        value = np.asarray(value)
        if value.dtype.kind in "OV":  # never pickle
            raise TypeError(f"Cannot checkpoint {key!r}: values of dtype {value.dtype} are not supported.")
        payload[key] = value
    index = {"format": kind, "version": 1, "keys": sorted(payload)}
    if extra:
        index.update(extra)
    payload[INDEX_KEY] = np.frombuffer(json.dumps(index).encode("utf-8"), np.uint8)
    path = os.fspath(prefix) + SUFFIX
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with _atomic().atomic_write(path) as f:
        np.savez(f, **payload)
    return path


def _not_found(prefix):
    return errors.NotFoundError(
        None, None, f"Error when restoring from checkpoint or SavedModel at {prefix}: Unsuccessful "
        f"TensorSliceReader constructor: Failed to find any matching files for {prefix}\nPlease double-check "
        "that the path is correct. You may be missing the checkpoint suffix (e.g. the '-1' in 'path/to/ckpt-1').")


def read_npz(path, what, name=None):
    """(index, arrays) of a numtf archive (a file name or file object); any defect ->
    DataLossError naming the file."""
    name = name or path
    try:
        with np.load(path, allow_pickle=False) as z:
            if not hasattr(z, "files") or INDEX_KEY not in z.files:
                raise ValueError(f"it has no {INDEX_KEY} entry")
            index = json.loads(z[INDEX_KEY].tobytes().decode("utf-8"))
            if not isinstance(index, dict) or not isinstance(index.get("keys"), list):
                raise ValueError("its index is malformed")
            arrays = {k: z[k] for k in z.files if k != INDEX_KEY}
    except Exception as e:  # noqa: BLE001 - a bad file of any kind gets the same clear error
        raise errors.DataLossError(
            None, None, f"Unable to read {what} {name!r}: {type(e).__name__}: {e}. The file is truncated, "
            f"corrupt, or not a numtf {what}.") from None
    missing = [k for k in index["keys"] if k not in arrays]
    if missing:
        raise errors.DataLossError(None, None, f"Unable to read {what} {name!r}: it lacks the values "
                                   f"{missing[:5]} listed in its index (the file is corrupt).")
    return index, arrays


def _bundle(prefix):
    """The Bundle of TensorFlow-format checkpoint `prefix` (whose `.index` exists)."""
    return tensor_bundle.read_bundle(prefix)


def _graph_of(bundle):
    """The object graph of a bundle, or None when it has none (a TF1 name-based checkpoint)."""
    if object_graph.OBJECT_GRAPH_KEY not in bundle.entries:
        return None
    try:
        return object_graph.parse(bundle.tensor(object_graph.OBJECT_GRAPH_KEY)[()])
    except ValueError as e:
        raise errors.DataLossError(None, None, f"Unable to read checkpoint {bundle.prefix}: its object graph "
                                   f"({object_graph.OBJECT_GRAPH_KEY}) is malformed ({e}).") from None


def read_arrays(prefix):
    """(index, {key: array}) of checkpoint `prefix`; NotFoundError / DataLossError otherwise.

    The values of a TensorFlow-format checkpoint are keyed as numtf's checkpoint.walk keys the
    objects they belong to (by the object graph: TensorFlow's 'layer_with_weights-0' of a Keras
    model is numtf's 'layer-0'); the object graph itself is left out."""
    prefix = os.fspath(prefix)
    path = data_file(prefix)
    if not os.path.isfile(path):
        if os.path.isdir(prefix):
            raise errors.NotFoundError(
                None, None, f"{prefix} is a directory, not a checkpoint prefix. Use "
                f"tf.train.latest_checkpoint({prefix!r}) to find the latest checkpoint in it.")
        raise _not_found(prefix)
    if not path.endswith(SUFFIX):
        bundle = _bundle(prefix)
        graph = _graph_of(bundle)
        rename = object_graph.numtf_keys(graph) if graph is not None else {}
        arrays = {}
        for key in bundle.keys():
            if key != object_graph.OBJECT_GRAPH_KEY:
                arrays.setdefault(rename.get(key, key), bundle.tensor(key))
        return {"format": FORMAT, "version": 2, "keys": sorted(arrays)}, arrays
    index, arrays = read_npz(path, "checkpoint")
    if index.get("format") != FORMAT:
        raise ValueError(f"{path!r} is not a checkpoint written by tf.train.Checkpoint or save_weights(prefix) "
                         f"(its format is {index.get('format')!r}); load Keras weights files with "
                         "model.load_weights(path).")
    return index, arrays


def remove_checkpoint(prefix):
    """Deletes checkpoint `prefix`'s files (`.index` and its `.data-*` shards; an older `.npz`)."""
    atomic = _atomic()
    prefix = os.fspath(prefix)
    atomic.remove_quietly(prefix + SUFFIX)
    directory, base = os.path.split(prefix)
    atomic.remove_quietly(tensor_bundle.index_path(prefix))
    try:
        names = os.listdir(directory or ".")
    except OSError:
        return
    for name in names:
        if name.startswith(base + ".data-") and "-of-" in name:
            atomic.remove_quietly(os.path.join(directory, name))


# -- the `checkpoint` state file ---------------------------------------------------------------
class CheckpointState:
    """What the `checkpoint` file says: `model_checkpoint_path`, `all_model_checkpoint_paths`,
    `all_model_checkpoint_timestamps`, `last_preserved_timestamp` (paths joined to the directory)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(), all_model_checkpoint_timestamps=(),
                 last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def __repr__(self):
        return (f"model_checkpoint_path: {self.model_checkpoint_path!r}\nall_model_checkpoint_paths: "
                f"{self.all_model_checkpoint_paths!r}")


_LINE = re.compile(r'^\s*(\w+)\s*:\s*(".*"|[-+0-9.eE]+)\s*$')


def _quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(s):
    return re.sub(r"\\(.)", r"\1", s[1:-1])


def _relative(path, directory):
    path = os.fspath(path)
    if os.path.isabs(path) and os.path.dirname(os.path.abspath(path)) == os.path.abspath(directory):
        return os.path.basename(path)
    if not os.path.isabs(path) and os.path.dirname(path) and \
            os.path.abspath(os.path.dirname(path)) == os.path.abspath(directory):
        return os.path.basename(path)
    return path


def update_checkpoint_state(directory, model_checkpoint_path, all_model_checkpoint_paths=None,
                            all_model_checkpoint_timestamps=None, last_preserved_timestamp=None,
                            latest_filename=None):
    """Atomically rewrites `directory/checkpoint` (paths inside the directory are stored relative)."""
    if all_model_checkpoint_paths is None:
        all_model_checkpoint_paths = [model_checkpoint_path]
    lines = [f"model_checkpoint_path: {_quote(_relative(model_checkpoint_path, directory))}"]
    lines += [f"all_model_checkpoint_paths: {_quote(_relative(p, directory))}" for p in all_model_checkpoint_paths]
    lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in all_model_checkpoint_timestamps or ()]
    if last_preserved_timestamp is not None:
        lines.append(f"last_preserved_timestamp: {last_preserved_timestamp!r}")
    os.makedirs(directory or ".", exist_ok=True)
    _atomic().write_text(os.path.join(directory, latest_filename or STATE_FILE), "\n".join(lines) + "\n")


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The `checkpoint` file of `checkpoint_dir` as a CheckpointState, or None when there is none.

        >>> tf.train.get_checkpoint_state('./save').model_checkpoint_path
        './save/ckpt-3'
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    path = os.path.join(checkpoint_dir, latest_filename or STATE_FILE)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    state = CheckpointState()
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        key, value = m.groups()
        if value.startswith('"'):
            value = _unquote(value)
            if not os.path.isabs(value):
                value = os.path.join(checkpoint_dir, value)
        else:
            value = float(value)
        if key == "model_checkpoint_path":
            state.model_checkpoint_path = value
        elif key in ("all_model_checkpoint_paths", "all_model_checkpoint_timestamps"):
            getattr(state, key).append(value)
        elif key == "last_preserved_timestamp":
            state.last_preserved_timestamp = value
    if not state.model_checkpoint_path:
        return None
    return state


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint recorded in `checkpoint_dir/checkpoint`, or None.

        >>> checkpoint.restore(tf.train.latest_checkpoint('./save'))
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None:
        return None
    if checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    return None


# -- inspecting checkpoints ----------------------------------------------------------------------
def _resolve(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}")
        return latest
    return path


class CheckpointReader:
    """`tf.train.load_checkpoint(path)`: read access to a checkpoint's values by key (TensorFlow's
    keys, `_CHECKPOINTABLE_OBJECT_GRAPH` included).

        >>> tf.train.load_checkpoint('./save').get_variable_to_shape_map()
        {'_CHECKPOINTABLE_OBJECT_GRAPH': [], 'step/.ATTRIBUTES/VARIABLE_VALUE': []}
    """

    def __init__(self, prefix):
        prefix = os.fspath(prefix)
        if not data_file(prefix).endswith(SUFFIX):  # TensorFlow's format: values read on demand
            if not os.path.isfile(tensor_bundle.index_path(prefix)):
                raise _not_found(prefix)
            self._bundle = _bundle(prefix)
            self._arrays = None
            return
        self._bundle = None
        _, self._arrays = read_arrays(prefix)

    def _keys(self):
        return self._bundle.keys() if self._bundle is not None else list(self._arrays)

    def get_variable_to_shape_map(self):
        if self._bundle is not None:
            return {k: self._bundle.shape(k) for k in self._keys()}
        return {k: list(v.shape) for k, v in self._arrays.items()}

    def get_variable_to_dtype_map(self):
        if self._bundle is not None:
            return {k: dtypes.string if self._bundle.entries[k].dtype == tensor_bundle.STRING_DTYPE
                    else dtypes.as_dtype(self._bundle.np_dtype(k)) for k in self._keys()}
        return {k: dtypes.as_dtype(v.dtype) for k, v in self._arrays.items()}

    def has_tensor(self, name):
        return name in (self._bundle.entries if self._bundle is not None else self._arrays)

    def get_tensor(self, name):
        """The value of `name`: a NumPy array, a NumPy scalar for a scalar, bytes for a scalar string."""
        if not self.has_tensor(name):
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        value = self._bundle.tensor(name) if self._bundle is not None else self._arrays[name]
        return value[()] if value.ndim == 0 else value.copy()


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a checkpoint prefix or the latest checkpoint of a directory.

        >>> tf.train.load_checkpoint('./save').get_tensor('step/.ATTRIBUTES/VARIABLE_VALUE')
    """
    return CheckpointReader(_resolve(ckpt_dir_or_file))


def load_variable(ckpt_dir_or_file, name):
    """One value of a checkpoint, as a NumPy array.

        >>> tf.train.load_variable('./save', 'step/.ATTRIBUTES/VARIABLE_VALUE')
    """
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def list_variables(ckpt_dir_or_file):
    """Sorted `(key, shape)` pairs of a checkpoint prefix or a directory's latest checkpoint.

        >>> tf.train.list_variables('./save')
        [('_CHECKPOINTABLE_OBJECT_GRAPH', []), ('model/dense/bias/.ATTRIBUTES/VARIABLE_VALUE', [10]), ...]
    """
    shapes = CheckpointReader(_resolve(ckpt_dir_or_file)).get_variable_to_shape_map()
    return sorted(shapes.items())
