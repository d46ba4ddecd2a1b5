"""Element-wise and ordering transformations: map, filter, flat_map/interleave, shuffle, repeat,
take, skip, cache, shard, take_while.

Shuffle, repeat, take and skip keep a dataset index-addressable when their input is (tensor
slices, ranges): they then work on streams of indices, so a following `batch` gathers whole
batches at once (a permutation of a full buffer is one `rng.permutation`).
"""
import collections
import itertools
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..framework import random_seed
from .cache_file import read_cache, write_cache
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import SymbolicTensor
from ..framework.tensor_spec import TensorSpec
from .dataset_ops import Dataset, AUTOTUNE, INFINITE, UNKNOWN
from .tracing import StructuredFunction, scalar


_PROBE_ELEMENTS = 4           # elements a parallel map times before choosing threads or not
_PARALLEL_THRESHOLD = 2e-4    # seconds per element above which a thread pool pays


class _Unary(Dataset):
    """A transformation of one input dataset (same element spec unless the subclass says)."""

    def __init__(self, input_dataset, spec=None):
        self._input = input_dataset
        super().__init__(input_dataset.element_spec if spec is None else spec)

    def _cardinality(self):
        return self._input._cardinality()


def _count(v):
    return None if isinstance(v, SymbolicTensor) else scalar(v)


# -- map / filter / interleave -------------------------------------------------------------------
class MapDataset(_Unary):
    _tf_name = "_MapDataset"

    def __init__(self, input_dataset, map_func, num_parallel_calls=None):
        fn = StructuredFunction(map_func, input_dataset.element_spec, "Dataset.map")
        if fn.output_spec is None:  # debug mode and the function needs values: run it on one element
            first = next(iter(input_dataset._iter_flat()), None)
            if first is None:
                raise ValueError("Dataset.map in debug mode could not determine the output of the function: "
                                 "it needs element values and the input dataset is empty.")
            fn.probe_spec(first)
        self._fn = fn
        self._workers = 1
        if num_parallel_calls is not None:
            self._tf_name = "_ParallelMapDataset"
            n = scalar(num_parallel_calls)
            cpus = os.cpu_count() or 1
            self._workers = cpus if n == AUTOTUNE else max(1, min(n, 4 * cpus))
        super().__init__(input_dataset, fn.output_spec)

    def _iter_flat(self):
        if self._workers > 1 and not self._fn.eager:  # TF's debug mode runs map serially too
            return self._iter_parallel()
        return self._iter_serial()

    def _iter_serial(self):
        run = self._fn.run
        for flat in self._input._iter_flat():
            yield run(flat)

    def _iter_parallel(self):
        """num_parallel_calls: elements stay in order. A few elements are timed first; a thread pool
        (NumPy releases the GIL in its kernels) is used only when the function is heavy enough for
        it to pay, since for cheap functions the hand-offs cost more than they save."""
        run = self._fn.run
        it = self._input._iter_flat()
        spent = 0.0
        for flat in itertools.islice(it, _PROBE_ELEMENTS):
            start = time.perf_counter()
            out = run(flat)
            spent += time.perf_counter() - start
            yield out
        if spent < _PARALLEL_THRESHOLD * _PROBE_ELEMENTS:
            for flat in it:
                yield run(flat)
            return
        workers = self._workers
        pool = ThreadPoolExecutor(workers, thread_name_prefix="numtf-data-map")
        pending = collections.deque()
        try:
            for flat in it:
                pending.append(pool.submit(run, flat))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
            pool.shutdown(wait=False)


class FilterDataset(_Unary):
    _tf_name = "_FilterDataset"

    def __init__(self, input_dataset, predicate):
        fn = StructuredFunction(predicate, input_dataset.element_spec, "Dataset.filter")
        if fn.output_spec is None:
            fn.output_spec = TensorSpec([], "bool")
        out = fn.output_spec
        if not (isinstance(out, TensorSpec) and out.dtype.name == "bool" and out.shape.is_compatible_with([])):
            raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its "
                             f"return type is {out!r}.")
        self._fn = fn
        super().__init__(input_dataset)

    def _cardinality(self):
        return UNKNOWN  # even for an empty input, as TF says

    def _iter_flat(self):
        run = self._fn.run
        for flat in self._input._iter_flat():
            if run(flat)[0]:
                yield flat


class TakeWhileDataset(FilterDataset):
    _tf_name = "_TakeWhileDataset"

    def _iter_flat(self):
        run = self._fn.run
        for flat in self._input._iter_flat():
            if not run(flat)[0]:
                return
            yield flat


class InterleaveDataset(_Unary):
    """flat_map (cycle_length 1) and interleave: the function returns a dataset per element."""

    def __init__(self, input_dataset, map_func, cycle_length, block_length, tf_name, what):
        fn = StructuredFunction(map_func, input_dataset.element_spec, what, returns_dataset=True)
        self._fn = fn
        self._cycle = scalar(cycle_length)
        self._block = scalar(block_length)
        if self._cycle <= 0:
            raise InvalidArgumentError(None, "InterleaveDataset", "cycle_length must be greater than zero.")
        if self._block <= 0:
            raise InvalidArgumentError(None, "InterleaveDataset", "block_length must be greater than zero.")
        self._tf_name = tf_name
        super().__init__(input_dataset, fn.output_dataset.element_spec)

    def _cardinality(self):
        return 0 if self._input._cardinality() == 0 else UNKNOWN

    def _iter_flat(self):
        fn = self._fn
        inputs = self._input._iter_flat()
        if self._cycle == 1 and self._block == 1:
            for flat in inputs:
                yield from fn.run_dataset(flat)._iter_flat()
            return
        # TF's deterministic interleave: `block` elements from each open slot in turn; an exhausted
        # slot is refilled from the next input element when its turn comes.
        cycle, block = self._cycle, self._block
        slots = [None] * cycle
        n_open = 0
        end_of_input = False
        index = produced = 0
        while not end_of_input or n_open:
            it = slots[index]
            if it is not None:
                try:
                    x = next(it)
                except StopIteration:
                    slots[index] = None
                    n_open -= 1
                    index, produced = (index + 1) % cycle, 0
                    continue
                produced += 1
                if produced == block:
                    index, produced = (index + 1) % cycle, 0
                yield x
            elif not end_of_input:
                flat = next(inputs, None)
                if flat is None:
                    end_of_input = True
                    continue
                slots[index] = iter(fn.run_dataset(flat)._iter_flat())
                n_open += 1
            else:
                index, produced = (index + 1) % cycle, 0


# -- shuffle ---------------------------------------------------------------------------------------
def _ints(chunks):
    for ch in chunks:
        if type(ch) is range:
            yield from ch
        else:
            yield from ch.tolist()


def _as_index_array(ch):
    return np.arange(ch.start, ch.stop, ch.step, dtype=np.int64) if type(ch) is range else ch


def _buffer_shuffle(items, buffer_size, rng):
    """TF's shuffle buffer: fill `buffer_size` items, then repeatedly emit a random one and put the
    next input item in its place; when the input ends, emit the rest in random order."""
    it = iter(items)
    buf = []
    if buffer_size > 0:
        for x in it:
            buf.append(x)
            if len(buf) == buffer_size:
                break
    else:  # unbounded (UNKNOWN_CARDINALITY): the whole input
        buf.extend(it)
    block, k = (), 0
    for x in it:
        if k == len(block):
            block, k = rng.integers(0, buffer_size, 1024).tolist(), 0
        j = block[k]
        k += 1
        yield buf[j]
        buf[j] = x
    for j in rng.permutation(len(buf)).tolist():
        yield buf[j]


def dataset_seeds(seed):
    """The (graph, op) seeds of a random dataset: from `seed` and tf.random.set_seed, or, with no
    seed anywhere, random ones fixed for this dataset."""
    seeds = random_seed.get_seed(seed)
    if seeds[0] is None:
        seeds = tuple(int(s) for s in np.random.default_rng().integers(0, 2 ** 31 - 1, 2))
    return seeds


class ShuffleDataset(_Unary):
    _tf_name = "_ShuffleDataset"

    def __init__(self, input_dataset, buffer_size, seed=None, reshuffle_each_iteration=True):
        size = _count(buffer_size)
        if size is not None and size <= 0 and size != UNKNOWN:
            raise InvalidArgumentError(None, "ShuffleDatasetV3", "buffer_size must be greater than zero or "
                                       "UNKNOWN_CARDINALITY [Op:ShuffleDatasetV3]")
        self._buffer_size = buffer_size
        self._seeds = dataset_seeds(seed)
        self._reshuffle = bool(reshuffle_each_iteration)
        self._iterations = itertools.count()  # each iterator of a reshuffling dataset gets a new order
        super().__init__(input_dataset)

    def _rng(self):
        g, o = self._seeds
        if self._reshuffle:
            return np.random.default_rng([g, o, next(self._iterations)])
        return np.random.default_rng([g, o])

    def _fits(self, size):
        """True when the whole input fits in the buffer (the output is then one permutation)."""
        c = self._input._cardinality()
        return size == UNKNOWN and c != INFINITE or c >= 0 and c <= size

    def _gather(self):
        return self._input._gather()

    def _chunks(self):
        size = scalar(self._buffer_size)
        rng = self._rng()
        chunks = self._input._chunks()
        if self._fits(size):
            parts = [_as_index_array(ch) for ch in chunks]
            if parts:
                idx = np.concatenate(parts) if len(parts) > 1 else parts[0]
                yield idx[rng.permutation(len(idx))]
            return
        out = []
        for i in _buffer_shuffle(_ints(chunks), size, rng):
            out.append(i)
            if len(out) == 4096:
                yield np.array(out, np.int64)
                out = []
        if out:
            yield np.array(out, np.int64)

    def _iter_flat(self):
        if self._input._gather() is not None:
            return self._iter_gathered()
        return self._iter_elements()

    def _iter_elements(self):
        size = scalar(self._buffer_size)
        rng = self._rng()
        if self._fits(size):
            items = list(self._input._iter_flat())
            for j in rng.permutation(len(items)).tolist():
                yield items[j]
            return
        yield from _buffer_shuffle(self._input._iter_flat(), size, rng)


# -- repeat / take / skip ------------------------------------------------------------------------
class RepeatDataset(_Unary):
    _tf_name = "_RepeatDataset"

    def __init__(self, input_dataset, count=None):
        self._count = -1 if count is None else count
        super().__init__(input_dataset)

    def _cardinality(self):
        n = _count(self._count)
        c = self._input._cardinality()
        if n is None:
            return UNKNOWN
        if n == 0 or c == 0:
            return 0
        if n < 0 or c == INFINITE:
            return INFINITE
        if c == UNKNOWN:
            return UNKNOWN
        return c * n

    def _epochs(self, make, size=None):
        n = scalar(self._count)
        i = 0
        while n < 0 or i < n:
            empty = True
            for x in make():
                if size is None or size(x):
                    empty = False
                yield x
            if empty:  # repeating an empty dataset forever yields nothing, it doesn't hang
                return
            i += 1

    def _gather(self):
        return self._input._gather()

    def _chunks(self):
        for ch in self._epochs(self._input._chunks, len):
            if len(ch):
                yield ch

    def _iter_flat(self):
        if self._input._gather() is not None:
            return self._iter_gathered()
        return self._epochs(self._input._iter_flat)


class TakeDataset(_Unary):
    _tf_name = "_TakeDataset"

    def __init__(self, input_dataset, count):
        self._count = count
        super().__init__(input_dataset)

    def _cardinality(self):
        n = _count(self._count)
        c = self._input._cardinality()
        if n is None:
            return UNKNOWN
        if n < 0:
            return c
        if c == INFINITE:
            return n
        if c == UNKNOWN:
            return UNKNOWN
        return min(n, c)

    def _gather(self):
        return self._input._gather()

    def _chunks(self):
        left = scalar(self._count)
        if left < 0:
            yield from self._input._chunks()
            return
        if left == 0:
            return
        for ch in self._input._chunks():
            if len(ch) >= left:
                yield ch[:left]
                return
            left -= len(ch)
            yield ch

    def _iter_flat(self):
        if self._input._gather() is not None:
            return self._iter_gathered()
        n = scalar(self._count)
        it = self._input._iter_flat()
        return it if n < 0 else itertools.islice(it, n)


class SkipDataset(_Unary):
    _tf_name = "_SkipDataset"

    def __init__(self, input_dataset, count):
        self._count = count
        super().__init__(input_dataset)

    def _cardinality(self):
        n = _count(self._count)
        c = self._input._cardinality()
        if n is None or c == UNKNOWN:
            return UNKNOWN
        if c == INFINITE:
            return INFINITE if n >= 0 else 0
        return 0 if n < 0 else max(c - n, 0)

    def _gather(self):
        return self._input._gather()

    def _chunks(self):
        left = scalar(self._count)
        for ch in self._input._chunks():
            if left < 0:
                continue  # skip(-1) skips everything
            if left >= len(ch):
                left -= len(ch)
                continue
            yield ch[left:]
            left = 0

    def _iter_flat(self):
        if self._input._gather() is not None:
            return self._iter_gathered()
        n = scalar(self._count)
        it = self._input._iter_flat()
        if n < 0:
            for _ in it:
                pass
            return iter(())
        return itertools.islice(it, n, None)


# -- cache, shard ------------------------------------------------------------------------------------
def _refuse_sparse(flat_specs, what):
    from .sparse_elements import has_sparse
    if has_sparse(flat_specs):
        raise NotImplementedError(f"numtf: {what} does not support SparseTensor components (its file format "
                                  "holds dense arrays only).")


class CacheDataset(_Unary):
    """Replays the elements of the first complete iteration (an iteration stopped early caches
    nothing, as in TF). With a filename, the cache is also written to `<filename>.numtf-cache` and
    reused by later programs."""
    _tf_name = "CacheDataset"

    def __init__(self, input_dataset, filename=""):
        self._filename = str(filename) if filename else ""
        self._store = None
        super().__init__(input_dataset)
        if self._filename:
            _refuse_sparse(self._flat_specs, "Dataset.cache(filename)")

    def _path(self):
        return self._filename + ".numtf-cache"

    def _iter_flat(self):
        store = self._store
        if store is None and self._filename and os.path.exists(self._path()):
            store = self._store = read_cache(self._path())
        if store is not None:
            yield from store
            return
        collected = []
        for x in self._input._iter_flat():
            collected.append(x)
            yield x
        self._store = collected
        if self._filename:
            write_cache(self._path(), collected)  # atomic: a crash never leaves a half-written cache


class ShardDataset(_Unary):
    _tf_name = "_ShardDataset"

    def __init__(self, input_dataset, num_shards, index):
        self._num, self._index = scalar(num_shards), scalar(index)
        if self._num <= 0:
            raise InvalidArgumentError(None, "ShardDataset", "Number of shards must be greater than zero "
                                       f"(currently num_shards = {self._num}).")
        if not 0 <= self._index < self._num:
            raise InvalidArgumentError(None, "ShardDataset", f"Index must be between 0 and {self._num - 1} "
                                       f"(currently index = {self._index}).")
        super().__init__(input_dataset)

    def _cardinality(self):
        c = self._input._cardinality()
        if c < 0:
            return c
        return max(0, (c - self._index + self._num - 1) // self._num)

    def _iter_flat(self):
        return itertools.islice(self._input._iter_flat(), self._index, None, self._num)



# -- scan ------------------------------------------------------------------------------------------
class ScanDataset(_Unary):
    """`Dataset.scan(initial_state, scan_func)`: `scan_func(state, element)` returns
    `(new_state, output)`; the dataset yields the outputs. The function is traced once; the state
    keeps its structure and dtypes (its shapes relax to fit, as in `reduce`)."""
    _tf_name = "_ScanDataset"

    def __init__(self, input_dataset, initial_state, scan_func):
        from . import structure
        from .dataset_ops import relax_state
        state_spec, state = structure.normalize(initial_state)

        def trace(spec):
            fn = StructuredFunction(scan_func, (spec, input_dataset.element_spec), "Dataset.scan", unpack=True)
            out = fn.output_spec
            if not (isinstance(out, tuple) and len(out) == 2):
                raise TypeError("The scan function must return a pair comprising the new state and the output "
                                "value.")
            if not structure.same_structure(spec, out[0]):
                raise TypeError(f"The element classes for the new state must match the initial state. Expected "
                                f"{spec!r}; got {out[0]!r}.")
            trace.elem_spec = out[1]
            return fn, out[0]
        fn, state_spec = relax_state(state_spec, trace)
        elem_spec = trace.elem_spec
        self._fn, self._state, self._n_state = fn, list(state), len(structure.flatten(state_spec))
        super().__init__(input_dataset, elem_spec)

    def _iter_flat(self):
        state, n, run = list(self._state), self._n_state, self._fn.run
        for flat in self._input._iter_flat():
            out = run(state + list(flat))
            state = list(out[:n])
            yield tuple(out[n:])
