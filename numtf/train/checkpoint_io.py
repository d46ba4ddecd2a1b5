"""numtf's checkpoint files and TensorFlow's `checkpoint` state file.

A checkpoint with prefix `P` (e.g. 'ckpt/ckpt-3') is ONE file, `P.npz`: a NumPy archive of the
variables' values keyed by object path ('model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE', as
TensorFlow names them) plus a JSON index under `_NUMTF_CHECKPOINT_INDEX` (a uint8 array). It is
written atomically and read with `allow_pickle=False`: loading never runs code from the file.
TensorFlow's binary format (`P.index` + `P.data-*`) is not read or written.

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
    """The file holding checkpoint `prefix` ('ckpt-1' -> 'ckpt-1.npz'; a '.npz' path is itself)."""
    prefix = os.fspath(prefix)
    if prefix.endswith(SUFFIX) and os.path.isfile(prefix):
        return prefix
    return prefix + SUFFIX


def checkpoint_exists(prefix):
    """True when `prefix` names a numtf checkpoint (or a TensorFlow one, to report it clearly)."""
    return os.path.isfile(data_file(prefix)) or os.path.isfile(os.fspath(prefix) + ".index")


def write_arrays(prefix, arrays, kind=FORMAT, extra=None):
    """Atomically writes `{key: array}` as `prefix.npz` with its JSON index; returns the file name."""
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


def read_arrays(prefix):
    """(index, {key: array}) of checkpoint `prefix`; NotFoundError / DataLossError otherwise."""
    prefix = os.fspath(prefix)
    path = data_file(prefix)
    if not os.path.isfile(path):
        if os.path.isfile(prefix + ".index"):
            raise errors.UnimplementedError(
                None, None, f"{prefix} is a TensorFlow checkpoint ({prefix}.index + .data files): numtf reads "
                f"only its own checkpoints ({prefix}{SUFFIX}). Re-save it with numtf.")
        if os.path.isdir(prefix):
            raise errors.NotFoundError(
                None, None, f"{prefix} is a directory, not a checkpoint prefix. Use "
                f"tf.train.latest_checkpoint({prefix!r}) to find the latest checkpoint in it.")
        raise _not_found(prefix)
    index, arrays = read_npz(path, "checkpoint")
    if index.get("format") != FORMAT:
        raise ValueError(f"{path!r} is not a checkpoint written by tf.train.Checkpoint or save_weights(prefix) "
                         f"(its format is {index.get('format')!r}); load Keras weights files with "
                         "model.load_weights(path).")
    return index, arrays


def remove_checkpoint(prefix):
    """Deletes checkpoint `prefix`'s file (and a TensorFlow checkpoint's files of that prefix)."""
    atomic = _atomic()
    atomic.remove_quietly(data_file(prefix))
    prefix = os.fspath(prefix)
    directory, base = os.path.split(prefix)
    if os.path.isfile(prefix + ".index"):
        atomic.remove_quietly(prefix + ".index")
        for name in os.listdir(directory or "."):
            if name.startswith(base + ".data-"):
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
    """`tf.train.load_checkpoint(path)`: read access to a checkpoint's values by key."""

    def __init__(self, prefix):
        _, self._arrays = read_arrays(prefix)

    def get_variable_to_shape_map(self):
        return {k: list(v.shape) for k, v in self._arrays.items()}

    def get_variable_to_dtype_map(self):
        return {k: dtypes.as_dtype(v.dtype) for k, v in self._arrays.items()}

    def has_tensor(self, name):
        return name in self._arrays

    def get_tensor(self, name):
        if name not in self._arrays:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        value = self._arrays[name]
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
        [('model/dense/bias/.ATTRIBUTES/VARIABLE_VALUE', [10]), ...]
    """
    _, arrays = read_arrays(_resolve(ckpt_dir_or_file))
    return sorted((k, list(v.shape)) for k, v in arrays.items())
