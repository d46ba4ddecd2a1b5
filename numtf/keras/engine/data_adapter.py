"""The data `fit`/`evaluate`/`predict` accept, cut into batches (tf-keras 2 semantics).

- NumPy arrays, tensors, lists of scalars, pandas objects, and lists/tuples/dicts of them
  (multi-input and multi-output models): batches of `batch_size` (default 32, the last one
  partial), reshuffled every epoch with `shuffle=True` ('batch' shuffles batch-sized chunks).
  Floating NumPy data becomes float32 (`floatx`), as in tf-keras. The batches of all epochs
  form one stream, so a `steps_per_epoch` shorter than the data continues where the previous
  epoch stopped, and a longer one runs out of data (training stops with tf-keras's warning).
- `tf.data.Dataset`s (anything iterable with `element_spec` or `cardinality`): elements are
  batches `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`; iterated afresh each epoch unless
  `steps_per_epoch` takes only part of it.
- Python generators/iterators (one stream across epochs) and `keras.utils.Sequence`s.

`class_weight` ({class index: weight}) becomes sample weights looked up from the labels (the
argmax of one-hot labels). `validation_split` takes the validation set from the END of the
arrays, before any shuffling.

    >>> x, y, sw = unpack_x_y_sample_weight((np.ones(3), np.zeros(3)))
    >>> sw is None
    True
"""
import contextlib
import logging
import math

import numpy as np

from ...framework import dtypes
from ...framework.errors import OutOfRangeError
from ...framework.random_seed import rng_for
from ...framework.tensor import Tensor, wrap
from ...framework.variables import Variable
from ...util import nest

__all__ = []

log = logging.getLogger("tensorflow")
_from_np = dtypes.from_numpy


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from a batch `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

        >>> unpack_x_y_sample_weight(([1.], [2.]))[1]
        [2.0]
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
                     f"found: {data}")


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch `unpack_x_y_sample_weight` takes apart (a tuple `x` is wrapped as `(x,)`).

        >>> pack_x_y_sample_weight([1.], [2.])
        ([1.0], [2.0])
    """
    if y is None:
        return (x,) if isinstance(x, tuple) else x
    if sample_weight is None:
        return x, y
    return x, y, sample_weight


class Sequence:
    """`tf.keras.utils.Sequence`: a dataset of batches by index (`__len__` batches,
    `__getitem__(i)` returns batch i, `on_epoch_end()` runs after each epoch).

        >>> class Batches(tf.keras.utils.Sequence):
        ...     def __len__(self): return 10
        ...     def __getitem__(self, i): return np.ones((4, 2)), np.zeros(4)
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def on_epoch_end(self):
        pass

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


# -- conversions ----------------------------------------------------------------------------------
def _is_array_like(v):
    return isinstance(v, (np.ndarray, np.generic, Tensor, Variable)) or hasattr(v, "to_numpy") or \
        (hasattr(v, "__array__") and hasattr(v, "shape") and hasattr(v, "dtype"))


def _is_scalar_list(v):
    """A (nested) list of Python scalars: one array, not a structure of inputs."""
    if not isinstance(v, (list, tuple)) or not v:
        return False
    first = v[0]
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    return isinstance(first, (int, float, bool, np.number, np.bool_))


def _as_array(v):
    """A leaf of user data as a NumPy array (floating NumPy data as float32, as tf-keras)."""
    if v is None:
        return None
    if isinstance(v, Tensor):
        return np.asarray(v._value)
    if isinstance(v, Variable):
        return v.numpy()
    if hasattr(v, "to_numpy") and not isinstance(v, np.ndarray):  # pandas
        a = v.to_numpy()
        if a.ndim == 1 and type(v).__name__ == "Series":
            a = a[:, None]
    else:
        a = np.asarray(v)
    if a.dtype.kind == "f" and a.dtype != np.float32:
        from .. import backend
        a = a.astype(backend.floatx())
    elif a.dtype.kind in "US" or a.dtype.kind == "O" and _all_strings(a):
        a = a.astype(object)  # strings (a text model's inputs) batch as numtf's string tensors
    elif a.dtype.kind == "O":
        raise ValueError(f"Failed to find data adapter that can handle input: {type(v)} (data of dtype "
                         f"{a.dtype} is not supported)")
    return a


def _all_strings(a):
    return a.size > 0 and all(isinstance(x, (str, bytes)) for x in a.flat)


def _structure(v):
    """User data as a structure of leaves: lists of arrays become tuples (as tf.data does)."""
    if v is None:
        return None
    if isinstance(v, dict):
        return {k: _structure(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return np.asarray(v) if _is_scalar_list(v) else tuple(_structure(x) for x in v)
    return v


def _structure3(x, y, sw):
    return _structure(x), _structure(y), _structure(sw)


def _to_tensor(a):
    return a if isinstance(a, Tensor) else wrap(a, _from_np(a.dtype))


def _batch_to_tensors(batch):
    """An element from a dataset, generator or Sequence: lists as tuples, arrays as tensors."""
    def leaf(v):
        if v is None or isinstance(v, Tensor):
            return v
        if isinstance(v, Variable):
            return v._read()
        a = _as_array(v)
        return wrap(np.array(a) if a is v else a, _from_np(a.dtype))
    return nest.map_structure(leaf, _structure(batch))


# -- class weights ----------------------------------------------------------------------------------
def _class_weight_table(class_weight):
    keys = sorted(int(k) for k in class_weight)
    if keys != list(range(len(keys))):
        raise ValueError("Expected `class_weight` to be a dict with keys from 0 to one less than the number of "
                         f"classes, found {class_weight}")
    return np.array([class_weight[k] for k in keys], dtype=np.float32)


def apply_class_weight(table, y, sw):
    """Sample weights `sw * table[class of y]` (NumPy arrays in, NumPy array out)."""
    if nest.is_nested(y):
        raise ValueError("`class_weight` is only supported for Models with a single output.")
    y = np.asarray(y)
    if y.ndim > 2:
        raise ValueError("`class_weight` not supported for 3+ dimensional targets.")
    classes = np.argmax(y, axis=-1) if y.ndim == 2 and y.shape[-1] > 1 else y.reshape(-1).astype(np.int64)
    bad = (classes < 0) | (classes >= len(table))
    if bad.any():
        raise ValueError(f"`class_weight` has no weight for class {int(classes[bad][0])} found in the labels "
                         f"(it has weights for classes 0 to {len(table) - 1}).")
    weights = table[classes]
    if sw is None:
        return weights
    sw = np.asarray(sw, dtype=np.float32)
    return sw * (weights.reshape(sw.shape[:1] + (1,) * (sw.ndim - 1)) if sw.ndim > 1 else weights)


def _weighted(batch, table):
    x, y, sw = unpack_x_y_sample_weight(batch)
    sw = apply_class_weight(table, y, sw)
    return pack_x_y_sample_weight(x, y, wrap(sw, dtypes.float32))


# -- validation split ----------------------------------------------------------------------------
def train_validation_split(arrays, validation_split):
    """((x, y, sw) for training, (x, y, sw) for validation): the last `validation_split` of
    every array is held out, before any shuffling."""
    arrays = tuple(_structure(a) for a in arrays)
    flat = [a for a in nest.flatten(arrays) if a is not None]
    bad = [type(a) for a in flat if not (_is_array_like(a) or _is_scalar_list(a))]
    if bad:
        raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found following "
                         f"types in the input: {bad}")
    # (no range check, as in tf-keras: a split outside (0, 1) fails below only when it leaves
    # either set empty)
    arrays = nest.map_structure(lambda a: None if a is None else _as_array(a), arrays)
    n = int(nest.flatten(arrays)[0].shape[0])
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(f"Training data contains {n} samples, which is not sufficient to split it into a "
                         f"validation and training set as specified by `validation_split={validation_split}`. "
                         "Either provide more data, or a different value for the `validation_split` argument.")
    train = nest.map_structure(lambda a: None if a is None else a[:split_at], arrays)
    val = nest.map_structure(lambda a: None if a is None else a[split_at:], arrays)
    return train, val


def _check_cardinality(x, y, sw):
    sizes = {name: [int(a.shape[0]) for a in nest.flatten(v) if a is not None]
             for name, v in (("x", x), ("y", y), ("sample_weight", sw))}
    all_sizes = {s for v in sizes.values() for s in v}
    if len(all_sizes) > 1:
        lines = "".join(f"  {name} sizes: {', '.join(str(s) for s in v)}\n" for name, v in sizes.items() if v)
        raise ValueError(f"Data cardinality is ambiguous:\n{lines}Make sure all arrays contain the same number "
                         "of samples.")


# -- adapters -------------------------------------------------------------------------------------
class _ArrayAdapter:
    """In-memory arrays: one stream of batches over `epochs` passes (see module docstring)."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, epochs=1, steps=None, shuffle=False,
                 class_weight=None):
        inputs = _structure3(x, y, sample_weight)
        inputs = nest.map_structure(lambda a: None if a is None else _as_array(a), inputs)
        for a in nest.flatten(inputs):
            if a is not None and a.ndim == 0:
                raise ValueError(f"Expected input data to have a batch dimension, got a scalar: {a}")
        x, y, sw = inputs
        _check_cardinality(x, y, sw)
        if class_weight is not None and y is not None:
            sw = apply_class_weight(_class_weight_table(class_weight), y, sw)
        self._inputs = pack_x_y_sample_weight(x, y, sw)
        self._flat = [a for a in nest.flatten(self._inputs)]
        n = int(next(a for a in self._flat if a is not None).shape[0])
        if not batch_size:
            batch_size = int(math.ceil(n / steps)) if steps else 32
        self.num_samples = n
        self.batch_size = int(batch_size)
        self.size = int(math.ceil(n / self.batch_size))
        self._epochs = max(int(epochs), 0)
        self._shuffle = shuffle.lower() if isinstance(shuffle, str) else bool(shuffle)
        self._rng = rng_for(None) if self._shuffle else None

    def should_recreate_iterator(self):
        return False

    def get_size(self):
        return self.size

    def on_epoch_end(self):
        pass

    def _order(self):
        n, bs = self.num_samples, self.batch_size
        if self._shuffle == "batch":
            chunks = [np.arange(i, min(i + bs, n)) for i in range(0, n, bs)]
            return [self._rng.permutation(chunks[j]) for j in self._rng.permutation(len(chunks))]
        if self._shuffle:
            perm = self._rng.permutation(n)
            return [perm[i:i + bs] for i in range(0, n, bs)]
        return [slice(i, min(i + bs, n)) for i in range(0, n, bs)]

    def iterator(self):
        # every batch full: tf-keras's dataset has a static batch size, so its steps trace with it
        full = self.num_samples % self.batch_size == 0
        return _Batches(self._batches(), self.batch_size if full else None)

    def peek(self):
        n = min(self.batch_size, self.num_samples)
        leaves = [None if a is None else _to_tensor(a[:n].copy()) for a in self._flat]
        return nest.pack_sequence_as(self._inputs, leaves)

    def _batches(self):
        flat, structure = self._flat, self._inputs
        for _ in range(self._epochs):
            for index in self._order():
                # slices are views of the user's arrays: copy them; fancy indexing already did
                leaves = [None if a is None else _to_tensor(a[index].copy() if type(index) is slice else a[index])
                          for a in flat]
                yield nest.pack_sequence_as(structure, leaves)


class _DatasetAdapter:
    """A `tf.data.Dataset` (duck-typed: iterable, with `element_spec` or `cardinality`)."""

    def __init__(self, x, steps=None, class_weight=None, **kwargs):
        self._dataset = x
        self._user_steps = steps
        self._table = None if class_weight is None else _class_weight_table(class_weight)
        size = self._cardinality()
        if size == -1 and steps is None:
            raise ValueError("When providing an infinite dataset, you must specify the number of steps to run (if "
                             "you did not intend to create an infinite dataset, make sure to not call `repeat()` on "
                             "the dataset).")
        self.size = size if size is not None and size >= 0 else None

    def _cardinality(self):
        card = getattr(self._dataset, "cardinality", None)
        if card is None:
            try:
                return len(self._dataset)
            except TypeError:
                return None
        value = card() if callable(card) else card
        try:
            return int(np.asarray(value))
        except (TypeError, ValueError):
            return None

    def get_size(self):
        return self.size

    def should_recreate_iterator(self):
        return self._user_steps is None or self.size == self._user_steps

    def on_epoch_end(self):
        pass

    def iterator(self):
        return _Converting(iter(self._dataset), self._table, _static_batch(self._dataset))

    def peek(self):
        return next(_Converting(iter(self._dataset), None), None)


class _GeneratorAdapter:
    """A Python generator or iterator: one stream for all epochs."""

    def __init__(self, x, class_weight=None, **kwargs):
        self._iter = iter(x)
        self._table = None if class_weight is None else _class_weight_table(class_weight)
        self.size = None

    def get_size(self):
        return None

    def should_recreate_iterator(self):
        return False

    def on_epoch_end(self):
        pass

    def iterator(self):
        return _Converting(self._iter, self._table)


class _SequenceAdapter:
    """A `keras.utils.Sequence` (anything with `__len__` and `__getitem__` giving batches)."""

    def __init__(self, x, shuffle=False, class_weight=None, **kwargs):
        self._seq = x
        self._shuffle = bool(shuffle)
        self._rng = rng_for(None) if self._shuffle else None
        self._table = None if class_weight is None else _class_weight_table(class_weight)
        self.size = len(x)

    def get_size(self):
        return self.size

    def should_recreate_iterator(self):
        return True

    def on_epoch_end(self):
        end = getattr(self._seq, "on_epoch_end", None)
        if end is not None:
            end()

    def peek(self):
        return _batch_to_tensors(self._seq[0]) if len(self._seq) else None

    def iterator(self):
        order = self._rng.permutation(len(self._seq)) if self._shuffle else range(len(self._seq))
        seq = self._seq
        return _Converting((seq[int(i)] for i in order), self._table)


class _Batches:
    """An iterator over batches that knows their size when every one is full (`static_batch`;
    None otherwise): the step functions trace with it (training_steps.StepFunction)."""
    __slots__ = ("_it", "static_batch")

    def __init__(self, it, static_batch=None):
        self._it = it
        self.static_batch = static_batch

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._it)


def _static_batch(dataset):
    """The batch size all of a dataset's elements share by its element_spec (`batch(n,
    drop_remainder=True)`), or None."""
    spec = getattr(dataset, "element_spec", None)
    dims = set()
    for leaf in nest.flatten(spec) if spec is not None else ():
        shape = getattr(leaf, "shape", None)
        if shape is None or shape.rank in (None, 0):
            return None
        dims.add(shape[0])
    return dims.pop() if len(dims) == 1 and None not in dims else None


class _Converting:
    """Iterates user batches as structures of tensors (class weights folded in)."""
    __slots__ = ("_it", "_table", "static_batch")

    def __init__(self, it, table, static_batch=None):
        self._it = it
        self._table = table
        self.static_batch = static_batch

    def __iter__(self):
        return self

    def __next__(self):
        batch = _batch_to_tensors(next(self._it))
        return batch if self._table is None else _weighted(batch, self._table)


def _kind(x):
    if _is_array_like(x) or isinstance(x, dict) or isinstance(x, (list, tuple)):
        return "array"
    if hasattr(x, "element_spec") or (hasattr(x, "cardinality") and hasattr(x, "__iter__")):
        return "dataset"
    if hasattr(x, "__getitem__") and hasattr(x, "__len__"):
        return "sequence"
    if hasattr(x, "__next__") or (hasattr(x, "__iter__") and not isinstance(x, (str, bytes))):
        return "generator"
    return None


_NAMES = {"dataset": "dataset", "generator": "python generator", "sequence": "`keras.utils.Sequence`"}


def select_adapter(x, y=None, sample_weight=None):
    """('array' | 'dataset' | 'generator' | 'sequence', adapter class) for `x`, with tf-keras's
    errors for what cannot be combined."""
    kind = _kind(x)
    if kind == "array":
        leaves = [v for v in nest.flatten(_structure3(x, y, sample_weight)) if v is not None]
        bad = [v for v in leaves if not (_is_array_like(v) or _is_scalar_list(v))]
        if bad or not leaves:
            raise ValueError("Failed to find data adapter that can handle input: "
                             f"{', '.join(str(type(v)) for v in ([x] if bad else [x]) + [y])}")
        return _ArrayAdapter
    if kind is None or isinstance(x, (str, bytes)):
        raise ValueError(f"Failed to find data adapter that can handle input: {type(x)}, {type(y)}")
    if y is not None:
        raise ValueError(f"`y` argument is not supported when using {_NAMES[kind]} as input.")
    if sample_weight is not None:
        raise ValueError(f"`sample_weight` argument is not supported when using {_NAMES[kind]} as input.")
    return {"dataset": _DatasetAdapter, "generator": _GeneratorAdapter, "sequence": _SequenceAdapter}[kind]


# -- the handler fit/evaluate/predict loop over ---------------------------------------------------
class DataHandler:
    """Epochs and steps over the data: `for epoch, iterator in enumerate_epochs(): with
    catch_stop_iteration(): for step in steps(): batch = next(iterator) ...`."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, initial_epoch=0,
                 epochs=1, shuffle=False, class_weight=None, model=None, steps_per_execution=None):
        if steps_per_epoch not in (None, -1) and steps_per_epoch <= 0:
            raise ValueError(f"steps_per_epoch must be positive, None or -1. Received {steps_per_epoch}. "
                             "See `Model.fit`.")
        if batch_size is not None and batch_size <= 0:
            raise ValueError(f"Expected batch_size to be positive. Received is {batch_size}.")
        if epochs is not None and epochs <= 0:
            raise ValueError(f"Expected epochs to be positive. Received is {epochs}.")
        self._initial_epoch = int(initial_epoch)
        self._initial_step = 0
        self._epochs = int(epochs)
        self._steps_per_epoch = steps_per_epoch
        self._steps_per_execution = int(steps_per_execution or 1)
        self._insufficient_data = False
        self._current_step = 0
        self.step_increment = 0
        cls = select_adapter(x, y, sample_weight)
        self._adapter = cls(x, y=y, sample_weight=sample_weight, batch_size=batch_size,
                            epochs=self._epochs - self._initial_epoch, steps=steps_per_epoch,
                            shuffle=shuffle, class_weight=class_weight)
        self._inferred_steps = self._infer_steps(steps_per_epoch)
        if self._inferred_steps == 0:
            raise ValueError("Expected input data to be non-empty.")

    def _infer_steps(self, steps):
        if steps == -1:
            log.warning("Due to setting `steps_per_epoch=-1`, the training will run indefinitely: use batch-level "
                        "callbacks to stop it.")
            return None
        if steps is not None:
            return int(steps)
        return self._adapter.get_size()

    @property
    def inferred_steps(self):
        """Steps per epoch, or None when unknown until the data runs out."""
        return self._inferred_steps

    @property
    def batch_size(self):
        return getattr(self._adapter, "batch_size", None)

    @property
    def num_samples(self):
        return getattr(self._adapter, "num_samples", None)

    def has_sample_weight(self):
        """Whether the batches carry sample weights, when that is known without reading a batch
        of a dataset or generator (a dataset's elements are then `(x, y, sample_weight)`)."""
        adapter = self._adapter
        if isinstance(adapter, _ArrayAdapter):
            return unpack_x_y_sample_weight(adapter._inputs)[2] is not None
        if isinstance(adapter, _DatasetAdapter):
            spec = getattr(adapter._dataset, "element_spec", None)
            return isinstance(spec, tuple) and len(spec) == 3
        if isinstance(adapter, _SequenceAdapter):
            batch = adapter.peek()
            return isinstance(batch, tuple) and len(batch) == 3
        return False

    def peek_x(self):
        """The inputs of a first batch, read without consuming the data (None for generators)."""
        peek = getattr(self._adapter, "peek", None)
        batch = peek() if peek is not None else None
        return None if batch is None else unpack_x_y_sample_weight(batch)[0]

    def enumerate_epochs(self):
        """Yields (epoch, iterator) from `initial_epoch` to `epochs`."""
        iterator = None
        for epoch in range(self._initial_epoch, self._epochs):
            if self._insufficient_data:
                break
            if iterator is None or self._adapter.should_recreate_iterator():
                iterator = self._adapter.iterator()
                if iterator is not None and self._steps_per_epoch is None and self._adapter.get_size() is not None:
                    self._inferred_steps = self._adapter.get_size()
            yield epoch, iterator
            self._adapter.on_epoch_end()

    @contextlib.contextmanager
    def catch_stop_iteration(self):
        """Ends the epoch when the data runs out: the first time, that fixes the epoch length
        (unknown before); afterwards it stops training with tf-keras's warning."""
        try:
            yield
        except (StopIteration, OutOfRangeError):
            if self._inferred_steps is None:
                self._inferred_steps = self._current_step
            else:
                self._insufficient_data = True
                total = self._epochs - self._initial_epoch
                log.warning("Your input ran out of data; interrupting training. Make sure that your dataset or "
                            "generator can generate at least `steps_per_epoch * epochs` batches (in this case, "
                            "%d batches). You may need to use the repeat() function when building your dataset.",
                            total * self._inferred_steps)

    def steps(self):
        """Yields the first step index of each execution of the current epoch."""
        self._current_step = self._initial_step
        self._initial_step = 0
        spe = self._steps_per_execution
        while self._inferred_steps is None or self._current_step < self._inferred_steps:
            if self._insufficient_data:
                break
            remaining = None if self._inferred_steps is None else self._inferred_steps - self._current_step
            self.step_increment = spe - 1 if remaining is None or remaining >= spe else remaining - 1
            yield self._current_step
            self._current_step += self.step_increment + 1


def single_batch_iterator(x, y=None, sample_weight=None, class_weight=None):
    """An iterator over one batch made of all of `x` (train_on_batch and friends)."""
    if _kind(x) != "array":
        raise ValueError(f"Failed to find data adapter that can handle input: {type(x)}, {type(y)}")
    inputs = nest.map_structure(lambda a: None if a is None else _as_array(a), _structure3(x, y, sample_weight))
    x, y, sw = inputs
    _check_cardinality(x, y, sw)
    if class_weight is not None:
        sw = apply_class_weight(_class_weight_table(class_weight), y, sw)
    batch = nest.map_structure(lambda a: None if a is None else _to_tensor(np.array(a)),
                               pack_x_y_sample_weight(x, y, sw))
    return iter([batch])
