"""Windows and groups of elements: window (elements that are datasets, described by
`DatasetSpec`), group_by_window, bucket_by_sequence_length, rebatch, plus unique,
ignore_errors, choose_from_datasets/sample_from_datasets and counter.

A window element travels through the pipeline as one stacked array per component; it becomes a
`Dataset` (of the array's slices) where the user sees it: in a traced function's arguments
(`ds.window(3).flat_map(lambda w: w.batch(3))`) and from an iterator.
"""
import collections
import itertools

import numpy as np

from ..framework import dtypes, random_seed
from ..framework.errors import OpError
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec
from . import structure
from .dataset_ops import Dataset, INFINITE, UNKNOWN
from .tracing import StructuredFunction, scalar


class DatasetSpec:
    """The spec of an element that is itself a dataset (one component of a `window`)."""

    def __init__(self, element_spec, dataset_shape=()):
        self.element_spec = element_spec
        self.dataset_shape = TensorShape(dataset_shape)
        # how the window travels: the stacked component
        self.dtype = element_spec.dtype
        self.shape = TensorShape([None]).concatenate(element_spec.shape)

    def __repr__(self):
        return f"DatasetSpec({self.element_spec!r}, {self.dataset_shape!r})"

    def __eq__(self, other):
        return isinstance(other, DatasetSpec) and self.element_spec == other.element_spec

    __hash__ = object.__hash__

    def is_compatible_with(self, other):
        return self == other


def user_value(spec, v):
    """A flat window component (stacked array or symbolic tensor) as the dataset the user sees."""
    from .sources import TensorSliceDataset
    return TensorSliceDataset(v)


def has_dataset_specs(flat_specs):
    return any(isinstance(s, DatasetSpec) for s in flat_specs)


class WindowDataset(Dataset):
    _tf_name = "_WindowDataset"

    def __init__(self, input_dataset, size, shift=None, stride=1, drop_remainder=False):
        self._input = input_dataset
        self._size = scalar(size)
        self._shift = self._size if shift is None else scalar(shift)
        self._stride = scalar(stride)
        for what, v in (("size", self._size), ("shift", self._shift), ("stride", self._stride)):
            if v <= 0:
                from ..framework.errors import InvalidArgumentError
                raise InvalidArgumentError(None, "WindowDataset", f"Window {what} must be greater than zero. "
                                           "[Op:WindowDataset] name: ")
        self._drop = bool(drop_remainder)
        super().__init__(structure.map_leaves(DatasetSpec, input_dataset.element_spec))

    def _cardinality(self):
        c = self._input._cardinality()
        if c < 0:
            return c
        if self._drop:
            span = (self._size - 1) * self._stride + 1
            return 0 if c < span else (c - span) // self._shift + 1
        return -(-c // self._shift)

    def _iter_flat(self):
        size, shift, stride = self._size, self._shift, self._stride
        it = self._input._iter_flat()
        buf, base, done, k = collections.deque(), 0, False, 0
        n = len(self._flat_specs)
        objs = [s.dtype is dtypes.string for s in self._flat_specs]
        while True:
            start = k * shift
            end = start + (size - 1) * stride
            while buf and base < start:
                buf.popleft()
                base += 1
            while not buf and base < start and not done:
                try:
                    next(it)
                    base += 1
                except StopIteration:
                    done = True
            while not done and base + len(buf) <= end:
                try:
                    buf.append(next(it))
                except StopIteration:
                    done = True
            picked = [buf[i - base] for i in range(start, end + 1, stride) if 0 <= i - base < len(buf)]
            if not picked or base < start or (self._drop and len(picked) < size):
                return
            yield tuple(_stack([e[j] for e in picked], objs[j]) for j in range(n))
            k += 1


def _stack(parts, obj):
    if obj:
        out = np.empty((len(parts),) + np.shape(parts[0]), object)
        for i, p in enumerate(parts):
            out[i:i + 1] = np.asarray(p, object)[None]
        return out
    return np.stack([np.asarray(p) for p in parts])


class GroupByWindowDataset(Dataset):
    _tf_name = "_GroupByWindowDataset"

    def __init__(self, input_dataset, key_func, reduce_func, window_size=None, window_size_func=None):
        if (window_size is None) == (window_size_func is None):
            raise ValueError("Either the `window_size` argument or the `window_size_func` argument must be "
                             "specified.")
        spec = input_dataset.element_spec
        self._input = input_dataset
        self._key = StructuredFunction(key_func, spec, "Dataset.group_by_window")
        out = self._key.output_spec
        if not (isinstance(out, TensorSpec) and out.dtype is dtypes.int64 and out.shape.rank == 0):
            raise ValueError(f"Invalid `key_func`. `key_func` must return a single tf.int64 scalar tensor but its "
                             f"return type is {out!r}.")
        self._size_fn = None if window_size_func is None else StructuredFunction(
            window_size_func, TensorSpec([], dtypes.int64), "Dataset.group_by_window")
        self._size = None if window_size is None else scalar(window_size)
        win_spec = (TensorSpec([], dtypes.int64), structure.map_leaves(DatasetSpec, spec))
        self._reduce = StructuredFunction(reduce_func, win_spec, "Dataset.group_by_window", unpack=True,
                                          returns_dataset=True)
        super().__init__(self._reduce.output_dataset.element_spec)

    def _window_size(self, key):
        if self._size is not None:
            return self._size
        return int(self._size_fn.run([np.asarray(key, np.int64)])[0])

    def _emit(self, key, elems):
        n = len(self._input._flat_specs)
        objs = [s.dtype is dtypes.string for s in self._input._flat_specs]
        flat = [np.asarray(key, np.int64)] + [_stack([e[j] for e in elems], objs[j]) for j in range(n)]
        return self._reduce.run_dataset(flat)._iter_flat()

    def _iter_flat(self):
        groups = {}
        for e in self._input._iter_flat():
            key = int(self._key.run(e)[0])
            g = groups.setdefault(key, [])
            g.append(e)
            if len(g) >= self._window_size(key):
                del groups[key]
                yield from self._emit(key, g)
        for key, g in groups.items():
            yield from self._emit(key, g)


class BucketBySequenceLengthDataset(Dataset):
    _tf_name = "_GroupByWindowDataset"

    def __init__(self, input_dataset, element_length_func, bucket_boundaries, bucket_batch_sizes,
                 padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False, no_padding=False,
                 drop_remainder=False):
        from .batching import PaddedBatchDataset, BatchDataset
        if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
            raise ValueError(f"`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` but "
                             f"`len(bucket_batch_sizes)={len(bucket_batch_sizes)}` and "
                             f"`len(bucket_boundaries)={len(bucket_boundaries)}`.")
        self._input = input_dataset
        self._len = StructuredFunction(element_length_func, input_dataset.element_spec,
                                       "Dataset.bucket_by_sequence_length")
        self._bounds = [int(b) for b in bucket_boundaries]
        self._sizes = [int(b) for b in bucket_batch_sizes]
        self._drop = bool(drop_remainder)
        self._pad_to_bound = bool(pad_to_bucket_boundary)
        self._batcher = (BatchDataset(input_dataset, 1) if no_padding else
                         PaddedBatchDataset(input_dataset, 1, padded_shapes, padding_values))
        self._no_padding = no_padding
        super().__init__(self._batcher.element_spec)

    def _make(self, bucket, elems):
        if self._no_padding:
            from .batching import stack
            return stack(elems)
        if self._pad_to_bound:
            bound = (self._bounds + [None])[bucket]
            if bound is None:
                raise OpError(None, None, "When `pad_to_bucket_boundary=True`, elements must have length < "
                              "`max(bucket_boundaries)`.")
            saved = self._batcher._shapes
            self._batcher._shapes = [TensorShape([bound - 1] + [None] * (s.rank - 1)) if s.rank else s
                                     for s in saved]
            try:
                return self._batcher._pad(elems)
            finally:
                self._batcher._shapes = saved
        return self._batcher._pad(elems)

    def _iter_flat(self):
        buckets = collections.defaultdict(list)
        for e in self._input._iter_flat():
            length = int(self._len.run(e)[0])
            b = int(np.searchsorted(self._bounds, length, side="right"))
            buckets[b].append(e)
            if len(buckets[b]) == self._sizes[b]:
                yield self._make(b, buckets.pop(b))
        if not self._drop:
            for b in sorted(buckets):
                yield self._make(b, buckets[b])


class UniqueDataset(Dataset):
    _tf_name = "_UniqueDataset"

    def __init__(self, input_dataset):
        spec = input_dataset.element_spec
        ok = (dtypes.int32, dtypes.int64, dtypes.string)
        if not (isinstance(spec, TensorSpec) and spec.dtype in ok):
            raise TypeError("`tf.data.Dataset.unique` does not support type "
                            f"{getattr(spec, 'dtype', spec)!r} -- only `tf.int32`, `tf.int64`, and `tf.string` "
                            "are supported.")
        self._input = input_dataset
        super().__init__(spec)

    def _cardinality(self):
        return UNKNOWN

    def _iter_flat(self):
        seen = set()
        for e in self._input._iter_flat():
            v = np.asarray(e[0])
            key = v.item() if v.ndim == 0 else v.tobytes()
            if key not in seen:
                seen.add(key)
                yield e


class IgnoreErrorsDataset(Dataset):
    _tf_name = "_IgnoreErrorsDataset"

    def __init__(self, input_dataset):
        self._input = input_dataset
        super().__init__(input_dataset.element_spec)

    def _cardinality(self):
        return UNKNOWN

    def _iter_flat(self):
        src = self._input
        fn = getattr(src, "_fn", None)
        if type(src).__name__ == "MapDataset" and fn is not None:  # skip just the failing elements
            for flat in src._input._iter_flat():
                try:
                    out = fn.run(flat)
                except OpError:
                    continue
                yield out
            return
        it = src._iter_flat()
        while True:
            try:
                e = next(it)
            except StopIteration:
                return
            except OpError:
                continue  # (a failing map skips its element; the stream goes on)
            yield e


def _check_same_specs(datasets, what):
    spec = datasets[0].element_spec
    for d in datasets[1:]:
        if not structure.same_structure(spec, d.element_spec) or [s.dtype for s in structure.flatten(spec)] != \
                [s.dtype for s in structure.flatten(d.element_spec)]:
            raise TypeError(f"All datasets must have the same type. {what}")
    flat = [structure.flatten(d.element_spec) for d in datasets]
    return structure.pack(spec, [TensorSpec(_common(s.shape for s in group), group[0].dtype)
                                 for group in zip(*flat)])


def _common(shapes):
    shapes = list(shapes)
    out = shapes[0]
    for s in shapes[1:]:
        if out.rank is None or s.rank is None or out.rank != s.rank:
            return TensorShape(None)
        out = TensorShape([a if a == b else None for a, b in zip(out.as_list(), s.as_list())])
    return out


class ChooseDataset(Dataset):
    _tf_name = "_DirectedInterleaveDataset"

    def __init__(self, datasets, choices, stop_on_empty_dataset):
        self._datasets = list(datasets)
        self._choices = choices
        self._stop = stop_on_empty_dataset
        super().__init__(_check_same_specs(self._datasets, "choose_from_datasets"))

    def _iter_flat(self):
        its = [d._iter_flat() for d in self._datasets]
        live = [True] * len(its)
        for c in self._choices._iter_flat():
            i = int(c[0])
            if not 0 <= i < len(its):
                from ..framework.errors import InvalidArgumentError
                raise InvalidArgumentError(None, "IteratorGetNext", f"Selector index out of range: {i} >= "
                                           f"{len(its)}")
            if not live[i]:
                continue
            try:
                yield next(its[i])
            except StopIteration:
                live[i] = False
                if self._stop or not any(live):
                    return


class SampleDataset(Dataset):
    _tf_name = "_DirectedInterleaveDataset"

    def __init__(self, datasets, weights, seed, stop_on_empty_dataset):
        self._datasets = list(datasets)
        n = len(self._datasets)
        w = np.full(n, 1.0 / n) if weights is None else np.asarray(
            weights._value if hasattr(weights, "_value") else weights, np.float64)
        if w.shape != (n,):
            raise ValueError(f"`weights` must have the same length as `datasets` ({n}), got shape {w.shape}.")
        self._weights = w / w.sum()
        self._seed = seed
        self._stop = stop_on_empty_dataset
        super().__init__(_check_same_specs(self._datasets, "sample_from_datasets"))

    def _cardinality(self):
        cs = [d._cardinality() for d in self._datasets]
        if all(c == INFINITE for c in cs):
            return INFINITE
        return UNKNOWN

    def _iter_flat(self):
        g, o = random_seed.get_seed(self._seed)
        rng = np.random.default_rng(None if g is None and o is None else [g or 0, o or 0])
        its = [d._iter_flat() for d in self._datasets]
        w = self._weights.copy()
        while w.sum() > 0:
            i = int(rng.choice(len(its), p=w / w.sum()))
            try:
                yield next(its[i])
            except StopIteration:
                if self._stop:
                    return
                w[i] = 0


class CounterDataset(Dataset):
    _tf_name = "_ScanDataset"  # (TF builds counter() from a scan)

    def __init__(self, start, step, dtype):
        self._start, self._step = scalar(start), scalar(step)
        self._dtype = dtypes.as_dtype(dtype)
        super().__init__(TensorSpec([], self._dtype))

    def _cardinality(self):
        return INFINITE

    def _iter_flat(self):
        v, step, t = self._start, self._step, self._dtype._np
        while True:
            yield (np.asarray(v, t),)
            v += step


class RandomDataset(Dataset):
    """`Dataset.random`: an infinite stream of int64 values uniform in [0, 2**32) from numtf's own
    generator (TF's values differ; seeds make either reproducible)."""
    _tf_name = "_RandomDataset"

    def __init__(self, seed, rerandomize_each_iteration):
        from .transforms import dataset_seeds
        self._seeds = dataset_seeds(seed)
        self._rerandomize = bool(rerandomize_each_iteration)
        self._iterations = itertools.count()
        super().__init__(TensorSpec([], dtypes.int64))

    def _cardinality(self):
        return INFINITE

    def _iter_flat(self):
        key = list(self._seeds) + ([next(self._iterations)] if self._rerandomize else [])
        rng = np.random.default_rng(key)
        while True:
            for v in rng.integers(0, 2 ** 32, 256, dtype=np.int64):
                yield (np.asarray(v),)


class AssertCardinalityDataset(Dataset):
    """`dataset.apply(tf.data.experimental.assert_cardinality(n))`: reports `n` as its cardinality
    and fails on iteration when the input holds fewer or more elements."""
    _tf_name = "_AssertCardinalityDataset"

    def __init__(self, input_dataset, expected):
        self._input = input_dataset
        self._expected = int(expected)
        super().__init__(input_dataset.element_spec)

    def _cardinality(self):
        return self._expected

    def _iter_flat(self):
        from ..framework.errors import FailedPreconditionError
        want = self._expected
        seen = 0
        for e in self._input._iter_flat():
            seen += 1
            if want >= 0 and seen > want:
                raise FailedPreconditionError(None, "IteratorGetNext", f"Input dataset was expected to contain "
                                              f"{want} elements but contained at least {seen} elements. "
                                              "[Op:IteratorGetNext] name: ")
            yield e
        if want == INFINITE or seen < want:
            raise FailedPreconditionError(None, "IteratorGetNext", f"Input dataset was expected to contain "
                                          f"{'an infinite number of' if want == INFINITE else want} elements "
                                          f"but contained only {seen} elements. [Op:IteratorGetNext] name: ")
