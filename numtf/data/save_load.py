"""`Dataset.save(path)` and `tf.data.Dataset.load(path)` (also `tf.data.experimental.save/load`).

numtf's own format, not TF's snapshot: `path` is a directory holding `dataset_spec.json` (the
element_spec, the number of elements, the compression and the shard files) and a run directory
of shards, each a .npz written by cache_file.py (no pickle: loading never runs code from the
files). A run is written to a temporary directory and renamed into place, then the JSON is
replaced atomically; as in TF, saving into an existing directory keeps files that are not ours
(and replaces a previous save).

    >>> tf.data.Dataset.range(5).map(lambda x: {"x": x}).save("/tmp/ds")
    >>> tf.data.Dataset.load("/tmp/ds").cardinality().numpy()
    5
"""
import collections
import json
import os
import re
import shutil
import tempfile
import uuid

import numpy as np

from ..framework import dtypes
from ..framework.errors import DataLossError, FailedPreconditionError, InvalidArgumentError, NotFoundError
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec
from ..util.atomic import atomic_write
from . import structure
from .cache_file import read_cache, write_cache
from .dataset_ops import Dataset, INFINITE
from .tracing import StructuredFunction

__all__ = ["save", "load"]

SPEC_FILE = "dataset_spec.json"
_FORMAT = "numtf.data.save"
_RUN_RE = re.compile(r"run_[0-9a-f]{32}\Z")
_SHARD_RE = re.compile(r"shard_[0-9]{8}\.npz\Z")


# -- the element_spec as JSON -------------------------------------------------------------------------
def spec_to_json(spec):
    """A JSON-able description of a structure of TensorSpecs (tuples, namedtuples, dicts)."""
    if isinstance(spec, TensorSpec):
        shape = None if spec.shape.rank is None else spec.shape.as_list()
        return {"type": "TensorSpec", "shape": shape, "dtype": spec.dtype.name, "name": spec.name}
    if isinstance(spec, tuple) and hasattr(spec, "_fields"):
        return {"type": "namedtuple", "name": type(spec).__name__, "fields": list(spec._fields),
                "items": [spec_to_json(s) for s in spec]}
    if isinstance(spec, tuple):
        return {"type": "tuple", "items": [spec_to_json(s) for s in spec]}
    if isinstance(spec, dict):
        for k in spec:
            if not isinstance(k, str):
                raise NotImplementedError(f"Dataset.save supports string dict keys only, got {k!r}")
        # (an OrderedDict loads as a dict, as in TF)
        return {"type": "dict", "keys": list(spec), "items": [spec_to_json(s) for s in spec.values()]}
    raise NotImplementedError(f"Dataset.save does not support elements described by {spec!r}")


def spec_from_json(d):
    """The structure `spec_to_json` described."""
    kind = d["type"]
    if kind == "TensorSpec":
        return TensorSpec(TensorShape(d["shape"]), dtypes.as_dtype(d["dtype"]), d.get("name"))
    items = [spec_from_json(x) for x in d["items"]]
    if kind == "tuple":
        return tuple(items)
    if kind == "namedtuple":
        return collections.namedtuple(d["name"], d["fields"])(*items)
    if kind == "dict":
        return dict(zip(d["keys"], items))
    raise DataLossError(None, "LoadDataset", f"Unknown element_spec entry {kind!r} in {SPEC_FILE}")


# -- save -----------------------------------------------------------------------------------------------
def _compression(value):
    comp = "" if value is None else str(value).upper()
    if comp == "SNAPPY":
        raise NotImplementedError("Dataset.save/load: compression='SNAPPY' is not supported by numtf (use 'GZIP')")
    if comp not in ("", "GZIP"):
        raise ValueError(f"Unsupported compression {value!r}: use None or 'GZIP'")
    return comp


def _shard_function(shard_func, spec):
    fn = StructuredFunction(shard_func, spec, "Dataset.save")
    out = fn.output_spec
    if not isinstance(out, TensorSpec) or out.dtype is not dtypes.int64 or out.shape.rank != 0:
        raise InvalidArgumentError(None, "SaveDataset", "`shard_func` must return a scalar int64.")
    return fn


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None):
    """Writes the elements of `dataset` under the directory `path` (see module docstring);
    `shard_func(element)` (an int64 scalar) spreads them over several shard files."""
    if checkpoint_args is not None:
        raise NotImplementedError("Dataset.save: numtf does not support `checkpoint_args` (checkpointed saves)")
    from .transforms import _refuse_sparse
    _refuse_sparse(dataset._flat_specs, "Dataset.save")
    comp = _compression(compression)
    path = os.fspath(path)
    if os.path.exists(path) and not os.path.isdir(path):
        raise FailedPreconditionError(None, "SaveDataset", f"{path} is not a directory")
    if dataset._cardinality() == INFINITE:
        raise ValueError("Dataset.save: the dataset is infinite (TensorFlow would write forever)")
    spec_json = spec_to_json(dataset.element_spec)
    fn = None if shard_func is None else _shard_function(shard_func, dataset.element_spec)
    shards = collections.defaultdict(list)
    count = 0
    for flat in dataset._iter_flat():
        key = 0 if fn is None else int(np.asarray(fn.run(flat)[0]))
        shards[key].append(tuple(np.asarray(v) for v in flat))
        count += 1
    keys = sorted(shards)
    if not keys:
        keys = [0]
    meta = {"format": _FORMAT, "version": 1, "element_spec": spec_json, "cardinality": count,
            "compression": comp, "shards": [f"shard_{i:08d}.npz" for i in range(len(keys))]}
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    fresh = not os.path.exists(path)
    # A fresh save is built beside `path` and renamed into place; into an existing directory, the
    # run is built inside it and the JSON naming it is replaced last.
    tmp_root = tempfile.mkdtemp(prefix=".numtf-save-", dir=parent if fresh else path)
    try:
        run = "run_" + uuid.uuid4().hex
        run_dir = os.path.join(tmp_root, run) if fresh else tmp_root
        os.makedirs(run_dir, exist_ok=True)
        for name, key in zip(meta["shards"], keys):
            write_cache(os.path.join(run_dir, name), shards.get(key, []), compress=comp == "GZIP")
        meta["run"] = run
        if fresh:
            with open(os.path.join(tmp_root, SPEC_FILE), "w", encoding="utf-8") as f:
                json.dump(meta, f, indent=1)
            os.replace(tmp_root, path)
            return None
        old = _read_meta(path, missing_ok=True)
        os.replace(tmp_root, os.path.join(path, run))
    except BaseException:
        shutil.rmtree(tmp_root, ignore_errors=True)
        raise
    with atomic_write(os.path.join(path, SPEC_FILE), "w") as f:
        json.dump(meta, f, indent=1)
    if old is not None and _RUN_RE.match(str(old.get("run", ""))):  # our previous save, now unreferenced
        shutil.rmtree(os.path.join(path, old["run"]), ignore_errors=True)
    return None


# -- load -----------------------------------------------------------------------------------------------
def _read_meta(path, missing_ok=False):
    try:
        with open(os.path.join(path, SPEC_FILE), encoding="utf-8") as f:
            meta = json.load(f)
    except (FileNotFoundError, NotADirectoryError):
        if missing_ok:
            return None
        raise
    except ValueError as e:
        raise DataLossError(None, "LoadDataset", f"{os.path.join(path, SPEC_FILE)} is corrupted: {e}") from None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        raise DataLossError(None, "LoadDataset", f"{os.path.join(path, SPEC_FILE)} was not written by Dataset.save")
    return meta


class LoadDataset(Dataset):
    """The elements `Dataset.save` wrote to `path`, shard after shard (interleaved one element at a
    time from as many shards as there are CPU cores, as TF's default reader does)."""
    _tf_name = "_LoadDataset"

    def __init__(self, path, element_spec=None, compression=None, reader_func=None):
        path = os.fspath(path)
        try:
            meta = _read_meta(path)
        except (FileNotFoundError, NotADirectoryError):
            if element_spec is None:
                raise NotFoundError(None, "LoadDataset", f"tf.data snapshot element_spec file not found: "
                                    f"{os.path.join(path, SPEC_FILE)}.") from None
            raise NotFoundError(None, "LoadDataset", f"Could not find metadata file [{path}]") from None
        self._path, self._meta = path, meta
        self._compression = _compression(compression)
        run = str(meta.get("run", ""))
        names = meta.get("shards", [])
        if not _RUN_RE.match(run) or not all(isinstance(n, str) and _SHARD_RE.match(n) for n in names):
            raise DataLossError(None, "LoadDataset", f"{os.path.join(path, SPEC_FILE)} names unexpected files")
        self._files = [os.path.join(path, run, n) for n in names]
        saved = spec_from_json(meta["element_spec"])
        spec = saved if element_spec is None else element_spec
        super().__init__(spec)
        self._saved_dtypes = [s.dtype for s in structure.flatten(saved)]
        self._reader = None
        if reader_func is not None:
            self._reader = self._apply_reader(reader_func)

    def _apply_reader(self, reader_func):
        if not isinstance(self._spec, TensorSpec) or not self._spec.shape.is_fully_defined():
            raise NotImplementedError("Dataset.load: numtf supports `reader_func` only for datasets whose elements "
                                      "are single tensors of a fully defined shape")
        from .windowing import DatasetSpec
        out = reader_func(_ShardsDataset(self, DatasetSpec(self._spec)))
        if not isinstance(out, Dataset):
            raise TypeError(f"`reader_func` must return a `tf.data.Dataset`, got {out!r}")
        return out

    def _cardinality(self):
        if self._reader is not None:
            return self._reader._cardinality()
        return int(self._meta["cardinality"])

    def _shard(self, i):
        """The elements of shard `i` (a list of flat tuples of arrays), checked against the spec."""
        if self._compression != self._meta.get("compression", ""):
            raise DataLossError(None, "IteratorGetNext", f"corrupted record at 0 (the dataset in {self._path} was "
                                f"saved with compression={self._meta.get('compression') or None!r}, not "
                                f"{self._compression or None!r})")
        want = [s.dtype for s in self._flat_specs]
        for j, (a, b) in enumerate(zip(want, self._saved_dtypes)):
            if a != b:
                raise InvalidArgumentError(None, "IteratorGetNext", f"Data type mismatch at component {j}: "
                                           f"expected {a.name} but got {b.name}.")
        try:
            elements = read_cache(self._files[i])
        except FileNotFoundError:
            raise NotFoundError(None, "IteratorGetNext", f"{self._files[i]}; No such file or directory") from None
        return [tuple(_frozen(v) for v in e) for e in elements]

    def _iter_flat(self):
        if self._reader is not None:
            return self._reader._iter_flat()
        return self._interleave()

    def _interleave(self):
        # TF's deterministic interleave, one element at a time: an exhausted slot takes the next
        # shard when its turn comes.
        slots = [None] * (os.cpu_count() or 1)
        pending = list(range(len(self._files)))
        index = n_open = 0
        while pending or n_open:
            if slots[index] is None and pending:
                slots[index] = iter(self._shard(pending.pop(0)))
                n_open += 1
            if slots[index] is not None:
                x = next(slots[index], None)
                if x is None:
                    slots[index] = None
                    n_open -= 1
                    continue
                yield x
            index = (index + 1) % len(slots)


def _frozen(v):
    v.setflags(write=False)
    return v


class _ShardsDataset(Dataset):
    """The dataset `reader_func` receives: one element per shard, each a dataset of its elements."""
    _tf_name = "_ShardsDataset"

    def __init__(self, loaded, spec):
        self._loaded = loaded
        super().__init__(spec)

    def _cardinality(self):
        return len(self._loaded._files)

    def _iter_flat(self):
        for i in range(len(self._loaded._files)):
            elements = self._loaded._shard(i)
            shape = (len(elements),) + tuple(self._loaded._spec.shape.as_list())
            dt = object if self._loaded._spec.dtype is dtypes.string else self._loaded._spec.dtype._np
            stacked = np.array([e[0] for e in elements], dtype=dt).reshape(shape)
            yield (_frozen(stacked),)


def load(path, element_spec=None, compression=None, reader_func=None, wait=False):
    """The dataset `Dataset.save` wrote to `path`; its element_spec comes from the saved JSON unless
    given. `reader_func(datasets)` (numtf: single-tensor elements only) combines the shards.

        >>> ds = tf.data.Dataset.load("/tmp/ds")
    """
    if wait:
        raise NotImplementedError("Dataset.load: numtf does not support `wait=True` (distributed snapshots)")
    return LoadDataset(path, element_spec, compression, reader_func)
