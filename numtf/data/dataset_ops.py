"""`tf.data.Dataset`: input pipelines (TensorFlow 2.21 semantics).

A Dataset is an immutable description of a stream of elements; each `iter()` starts the stream
over (and a `shuffle` reshuffles). Elements travel through the pipeline as flat tuples of NumPy
arrays and become eager tensors, nested like `element_spec`, only when they come out. User
functions (`map`, `filter`, ...) are traced once into graphs, as in TensorFlow.

    >>> ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
    >>> for images, labels in ds:
    ...     pass

Index-addressable pipelines (tensor slices and ranges, through shuffle/repeat/take/skip) are
batched by gathering whole batches at once instead of stacking single elements.
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import OutOfRangeError, InvalidArgumentError
from ..framework.tensor import wrap
from . import structure
from .tracing import StructuredFunction, symbolic_params

__all__ = ["Dataset", "Iterator", "NumpyIterator", "AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY"]

AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2
INFINITE = INFINITE_CARDINALITY
UNKNOWN = UNKNOWN_CARDINALITY


class Dataset:
    """A stream of elements with a static `element_spec` (see module docstring)."""

    _tf_name = "_Dataset"  # the class name TensorFlow shows in the repr

    def __init__(self, spec):
        self._spec = spec
        self._flat_specs = structure.flatten(spec)

    # -- what subclasses implement -----------------------------------------------------------
    def _iter_flat(self):
        """An iterator over the elements as flat tuples of arrays."""
        raise NotImplementedError

    def _cardinality(self):
        return UNKNOWN

    def _gather(self):
        """For index-addressable datasets: an object with `one(i)` (an element) and `many(idx)`
        (a batch: idx is a `range` or an int array); None otherwise."""
        return None

    def _chunks(self):
        """For index-addressable datasets: an iterator over index chunks (ranges or int arrays)."""
        raise NotImplementedError

    def _iter_gathered(self):
        one = self._gather().one
        for ch in self._chunks():
            for i in (ch if type(ch) is range else ch.tolist()):
                yield one(i)

    # -- static information ---------------------------------------------------------------------
    @property
    def element_spec(self):
        """The structure of `tf.TensorSpec`s of one element."""
        return self._spec

    def cardinality(self):
        """The number of elements as an int64 scalar tensor: `tf.data.INFINITE_CARDINALITY` (-1) or
        `tf.data.UNKNOWN_CARDINALITY` (-2) when not known statically.

            >>> tf.data.Dataset.range(10).batch(3).cardinality().numpy()
            4
        """
        return wrap(np.asarray(self._cardinality(), np.int64), dtypes.int64)

    def __len__(self):
        n = self._cardinality()
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True  # never __len__ (which raises for infinite or unknown lengths)

    def __repr__(self):
        return f"<{self._tf_name} element_spec={self._spec!r}>"

    # -- iteration ----------------------------------------------------------------------------------
    def __iter__(self):
        if ctx.graph is not None:
            raise RuntimeError("numtf supports `iter()`/`next()` on a `tf.data.Dataset` only in eager mode. "
                               "Inside a tf.function, loop over the dataset with `for element in dataset:` "
                               "(AutoGraph stages that loop), or iterate outside and pass the elements in.")
        _check_concrete(self)
        return Iterator(self)

    def as_numpy_iterator(self):
        """An iterator over the elements as NumPy values (scalars for rank 0, bytes for strings).

            >>> list(tf.data.Dataset.range(3).as_numpy_iterator())
            [np.int64(0), np.int64(1), np.int64(2)]
        """
        _check_concrete(self)
        from .windowing import has_dataset_specs
        if has_dataset_specs(self._flat_specs):
            raise TypeError("`tf.data.Dataset.as_numpy_iterator()` is not supported for datasets that produce "
                            f"values of type {Dataset}")
        return NumpyIterator(self)

    def options(self):
        """The `tf.data.Options` set on this dataset or upstream (with_options)."""
        own = self.__dict__.get("_options")
        if own is not None:
            return own
        upstream = self.__dict__.get("_input")
        if upstream is not None:
            return upstream.options()
        from .options import Options
        return Options()

    # -- sources --------------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """A dataset of the slices of `tensors` along their first dimension.

            >>> ds = tf.data.Dataset.from_tensor_slices(([1, 2], [3., 4.]))
        """
        from .sources import TensorSliceDataset
        return TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset with the single element `tensors`.

            >>> tf.data.Dataset.from_tensors([1, 2]).element_spec
            TensorSpec(shape=(2,), dtype=tf.int32, name=None)
        """
        from .sources import TensorDataset
        return TensorDataset(tensors)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        """Like Python's `range` (1 to 3 arguments), as int64 scalars.

            >>> list(tf.data.Dataset.range(2, 10, 3).as_numpy_iterator())
            [np.int64(2), np.int64(5), np.int64(8)]
        """
        from .sources import RangeDataset
        return RangeDataset(args, output_type)

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """Zips a (nested) tuple or dict of datasets: `Dataset.zip((a, b))` or `Dataset.zip(a, b)`."""
        from .sources import ZipDataset
        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else tuple(args)
        return ZipDataset(datasets)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        """A dataset whose elements `generator()` yields, converted to `output_signature`.

            >>> ds = tf.data.Dataset.from_generator(
            ...     lambda: iter(range(3)), output_signature=tf.TensorSpec([], tf.int32))
        """
        from .sources import GeneratorDataset
        return GeneratorDataset(generator, output_types, output_shapes, args, output_signature)

    # -- transformations ------------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Applies `map_func` to each element; traced once into a graph (tuple elements are
        unpacked into positional arguments). With `num_parallel_calls`, a function heavy enough
        for it runs on a thread pool; the order of elements is kept either way.

            >>> ds.map(lambda img, label: (tf.cast(img, tf.float32) / 255.0, label))
        """
        from .transforms import MapDataset
        return MapDataset(self, map_func, num_parallel_calls)

    def filter(self, predicate, name=None):
        """Keeps the elements for which `predicate` (a traced function returning a bool scalar) is True.

            >>> tf.data.Dataset.range(10).filter(lambda x: x % 3 == 0)
        """
        from .transforms import FilterDataset
        return FilterDataset(self, predicate)

    def flat_map(self, map_func, name=None):
        """Maps each element to a dataset (`map_func` returns one) and chains them.

            >>> tf.data.Dataset.range(3).flat_map(lambda x: tf.data.Dataset.from_tensors(x).repeat(x))
        """
        from .transforms import InterleaveDataset
        return InterleaveDataset(self, map_func, 1, 1, "_FlatMapDataset", "Dataset.flat_map")

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None):
        """Maps elements to datasets and interleaves `block_length` elements from `cycle_length` of
        them at a time (deterministically)."""
        from .transforms import InterleaveDataset
        import os
        cycle = AUTOTUNE if cycle_length is None else cycle_length
        if cycle == AUTOTUNE:  # TF's default: the number of schedulable CPU cores
            cycle = os.cpu_count() or 1
        tf_name = "_InterleaveDataset" if num_parallel_calls is None else "_ParallelInterleaveDataset"
        return InterleaveDataset(self, map_func, cycle, 1 if block_length is None else block_length,
                                 tf_name, "Dataset.interleave")

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None):
        """Stacks `batch_size` consecutive elements (the last batch may be smaller unless
        `drop_remainder`; the static batch dimension is None unless `drop_remainder`).

            >>> tf.data.Dataset.range(10).batch(3).element_spec
            TensorSpec(shape=(None,), dtype=tf.int64, name=None)
        """
        from .batching import BatchDataset
        return BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None):
        """Batches elements of different shapes, padding each component to `padded_shapes` (default:
        the longest in the batch) with `padding_values` (default 0, or b'' for strings)."""
        from .batching import PaddedBatchDataset
        return PaddedBatchDataset(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def unbatch(self, name=None):
        """Splits each element along its first dimension (the inverse of `batch`)."""
        from .batching import UnbatchDataset
        return UnbatchDataset(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Shuffles with a buffer: fills `buffer_size` elements, emits a random one and replaces it
        with the next. A buffer of 1 keeps the order; one as large as the dataset permutes it.
        `seed` (with `tf.random.set_seed`) makes the orders reproducible.

            >>> tf.data.Dataset.range(5).shuffle(5, seed=1)
        """
        from .transforms import ShuffleDataset
        return ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        """Repeats the dataset `count` times (None or -1: forever)."""
        from .transforms import RepeatDataset
        return RepeatDataset(self, count)

    def take(self, count, name=None):
        """The first `count` elements (-1: all)."""
        from .transforms import TakeDataset
        return TakeDataset(self, count)

    def skip(self, count, name=None):
        """All but the first `count` elements (-1: skips everything)."""
        from .transforms import SkipDataset
        return SkipDataset(self, count)

    def cache(self, filename="", name=None):
        """Keeps the elements of the first complete iteration (in memory, or in `filename`) and
        replays them afterwards."""
        from .transforms import CacheDataset
        return CacheDataset(self, filename)

    def prefetch(self, buffer_size, name=None):
        """Produces up to `buffer_size` elements ahead in a background thread."""
        from .prefetch import PrefetchDataset
        return PrefetchDataset(self, buffer_size)

    def scan(self, initial_state, scan_func, name=None):
        """Yields `output` for each element, where `state, output = scan_func(state, element)`.

            >>> list(tf.data.Dataset.range(4).scan(np.int64(0), lambda s, x: (s + x, s + x)).as_numpy_iterator())
            [0, 1, 3, 6]
        """
        from .transforms import ScanDataset
        return ScanDataset(self, initial_state, scan_func)

    def enumerate(self, start=0, name=None):
        """Pairs each element with its index: `(i, element)` as int64, from `start`."""
        from .sources import RangeDataset, ZipDataset
        return ZipDataset((RangeDataset((start, np.iinfo(np.int64).max), dtypes.int64), self))

    def concatenate(self, dataset, name=None):
        """This dataset's elements followed by `dataset`'s (same structure and dtypes)."""
        from .sources import ConcatenateDataset
        return ConcatenateDataset(self, dataset)

    def shard(self, num_shards, index, name=None):
        """Every `num_shards`-th element, starting at `index`."""
        from .transforms import ShardDataset
        return ShardDataset(self, num_shards, index)

    def take_while(self, predicate, name=None):
        """Elements while `predicate` holds."""
        from .transforms import TakeWhileDataset
        return TakeWhileDataset(self, predicate)

    def apply(self, transformation_func):
        """`transformation_func(self)`, which must return a Dataset."""
        out = transformation_func(self)
        if not isinstance(out, Dataset):
            raise TypeError(f"`transformation_func` must return a `tf.data.Dataset` object. Got {type(out)}.")
        return out

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        """Groups elements into windows, each a dataset (of `size` elements `stride` apart, starting
        every `shift`): `ds.window(3, 1, drop_remainder=True).flat_map(lambda w: w.batch(3))`."""
        from .windowing import WindowDataset
        return WindowDataset(self, size, shift, stride, drop_remainder)

    def rebatch(self, batch_size, drop_remainder=False, name=None):
        """Re-splits a batched dataset into batches of `batch_size`."""
        from .batching import BatchDataset, UnbatchDataset
        if any(s.shape.rank == 0 for s in structure.flatten(self.element_spec)):
            raise ValueError("Invalid `batch_sizes`. Expected dataset with rank of >= 1 but found a dataset with "
                             "scalar elements. Fix the issue by adding the `batch` transformation to the dataset.")
        out = BatchDataset(UnbatchDataset(self), batch_size, drop_remainder)
        out._tf_name = "_RebatchDataset"
        return out

    def group_by_window(self, key_func, reduce_func, window_size=None, window_size_func=None, name=None):
        """Groups elements by the int64 `key_func(element)`; every full window of a key (and, at
        the end, the rest) becomes the dataset `reduce_func(key, window)`."""
        from .windowing import GroupByWindowDataset
        return GroupByWindowDataset(self, key_func, reduce_func, window_size, window_size_func)

    def bucket_by_sequence_length(self, element_length_func, bucket_boundaries, bucket_batch_sizes,
                                  bucket_batch_sizes_func=None, padded_shapes=None, padding_values=None,
                                  pad_to_bucket_boundary=False, no_padding=False, drop_remainder=False,
                                  name=None):
        """Batches elements of similar length together (padded batches per length bucket)."""
        from .windowing import BucketBySequenceLengthDataset
        return BucketBySequenceLengthDataset(self, element_length_func, bucket_boundaries, bucket_batch_sizes,
                                             padded_shapes, padding_values, pad_to_bucket_boundary,
                                             no_padding, drop_remainder)

    def unique(self, name=None):
        """The elements without repeats (first occurrences, in order)."""
        from .windowing import UniqueDataset
        return UniqueDataset(self)

    def ignore_errors(self, log_warning=False, name=None):
        """Drops the elements whose computation raises an error."""
        from .windowing import IgnoreErrorsDataset
        return IgnoreErrorsDataset(self)

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
        """Element i comes from `datasets[choice_dataset[i]]`."""
        from .windowing import ChooseDataset
        return ChooseDataset(datasets, choice_dataset, stop_on_empty_dataset)

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None):
        """Elements drawn at random from `datasets` with probabilities `weights`."""
        from .windowing import SampleDataset
        return SampleDataset(datasets, weights, seed, stop_on_empty_dataset)

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None):
        """The infinite stream start, start + step, ..."""
        from .windowing import CounterDataset
        return CounterDataset(start, step, dtype)

    @staticmethod
    def random(seed=None, rerandomize_each_iteration=None, name=None):
        """An infinite stream of random int64 values in [0, 2**32); with `rerandomize_each_iteration`
        each pass over the dataset draws new ones.

            >>> tf.data.Dataset.random(seed=4).take(2)
        """
        from .windowing import RandomDataset
        return RandomDataset(seed, rerandomize_each_iteration)

    def save(self, path, compression=None, shard_func=None, checkpoint_args=None):
        """Writes the elements under the directory `path` (numtf's format: a JSON element_spec and
        .npz shards, see save_load.py), for `tf.data.Dataset.load(path)`.

            >>> tf.data.Dataset.range(3).save("/tmp/r3")
        """
        from .save_load import save
        return save(self, path, compression, shard_func, checkpoint_args)

    @staticmethod
    def load(path, element_spec=None, compression=None, reader_func=None, wait=False):
        """The dataset `Dataset.save` wrote to `path` (element_spec read from it unless given).

            >>> tf.data.Dataset.load("/tmp/r3").cardinality().numpy()
            3
        """
        from .save_load import load
        return load(path, element_spec, compression, reader_func, wait)

    def with_options(self, options, name=None):
        """This dataset with `options` (a `tf.data.Options`) merged into its options."""
        from .options import OptionsDataset
        return OptionsDataset(self, options)

    # -- consuming ------------------------------------------------------------------------------
    def reduce(self, initial_state, reduce_func, name=None):
        """Folds the elements into a state: `state = reduce_func(state, element)` (traced once;
        the state keeps its dtypes and structure).

            >>> tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x).numpy()
            10
        """
        _check_concrete(self)
        state_spec, state = structure.normalize(initial_state)

        def trace(spec):
            fn = StructuredFunction(reduce_func, (spec, self._spec), "Dataset.reduce", unpack=True)
            if not structure.same_structure(spec, fn.output_spec):
                raise TypeError(f"The structure of the new state must match the initial state. Expected "
                                f"{spec!r}; got {fn.output_spec!r}.")
            return fn, fn.output_spec
        fn, state_spec = relax_state(state_spec, trace)
        state = list(state)
        for flat in self._iter_flat():
            state = fn.run(list(state) + list(flat))
        flat_specs = structure.flatten(state_spec)
        return structure.pack(state_spec, [wrap(structure.as_array(v), s.dtype) for v, s in zip(state, flat_specs)])

    def get_single_element(self, name=None):
        """The only element of a one-element dataset."""
        it = iter(self)
        try:
            first = next(it)
        except StopIteration:
            raise InvalidArgumentError(None, None, "Dataset was empty. [Op:DatasetToSingleElement] name: ") from None
        try:
            next(it)
        except StopIteration:
            return first
        raise InvalidArgumentError(None, None, "Dataset had more than one element. [Op:DatasetToSingleElement] name: ")


def relax_state(state_spec, trace):
    """Traces a state-carrying function (`trace(spec)` -> (function, new state's spec)) with the
    state's shapes relaxed until the new state fits them, as `reduce` and `scan` do; the dtypes
    must stay. Returns (function, final state spec)."""
    for _ in range(10):
        fn, new_spec = trace(state_spec)
        old, new = structure.flatten(state_spec), structure.flatten(new_spec)
        if any(a.dtype != b.dtype for a, b in zip(old, new)):
            raise TypeError(f"The element types for the new state must match the initial state. "
                            f"Expected {tuple(a.dtype for a in old)!r}; got {tuple(b.dtype for b in new)!r}.")
        relaxed = [a.shape.most_specific_compatible_shape(b.shape) for a, b in zip(old, new)]
        if all(r == a.shape for r, a in zip(relaxed, old)):
            break
        state_spec = structure.pack(state_spec, [type(a)(r, a.dtype) for a, r in zip(old, relaxed)])
    return fn, state_spec


def _check_concrete(dataset):
    if symbolic_params(dataset):
        raise RuntimeError("This dataset was built from symbolic tensors (inside a traced function) "
                           "and can only be used there (e.g. returned from a flat_map/interleave function).")


class Iterator:
    """What `iter(dataset)` returns: yields eager tensors nested like the element spec."""

    def __init__(self, dataset):
        self._element_spec = dataset._spec
        self._it = dataset._iter_flat()
        self._wrap = structure.make_wrapper(dataset._flat_specs)
        self._pack = structure.make_packer(dataset._spec)

    @property
    def element_spec(self):
        return self._element_spec

    def __iter__(self):
        return self

    def __next__(self):
        return self._pack(self._wrap(next(self._it)))

    def get_next(self, name=None):
        """The next element; raises `tf.errors.OutOfRangeError` at the end."""
        try:
            return next(self)
        except StopIteration:
            raise OutOfRangeError(None, None, "End of sequence") from None

    def get_next_as_optional(self):
        try:
            return _Optional(next(self), self._element_spec)
        except StopIteration:
            return _Optional(None, self._element_spec)

    def __repr__(self):
        return f"<numtf.data.Iterator element_spec={self._element_spec!r}>"


class _Optional:
    def __init__(self, value, spec):
        self._value = value
        self.element_spec = spec

    def has_value(self):
        return wrap(np.asarray(self._value is not None), dtypes.bool)

    def get_value(self):
        if self._value is None:
            raise InvalidArgumentError(None, None, "The optional does not have a value.")
        return self._value


class NumpyIterator:
    """What `as_numpy_iterator()` returns: elements as NumPy values."""

    def __init__(self, dataset):
        self._it = dataset._iter_flat()
        self._spec = dataset._spec
        self._pack = structure.make_packer(dataset._spec)
        self._dtypes = [s.dtype for s in dataset._flat_specs]

    def __iter__(self):
        return self

    def __next__(self):
        flat = next(self._it)
        return self._pack([structure.numpy_value(v, d) for v, d in zip(flat, self._dtypes)])

    def __repr__(self):
        return f"<numtf.data.NumpyIterator element_spec={self._spec!r}>"
