"""Dataset sources: tensor slices, single tensors, ranges, Python generators; zip and concatenate."""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec
from ..ops.script_ops import python_error
from . import structure
from . import sparse_elements as sparse
from .dataset_ops import Dataset, INFINITE, UNKNOWN
from .tracing import scalar


class _SliceGather:
    """Rows of a list of arrays: one element, or a whole batch (a slice view for a contiguous range)."""
    __slots__ = ("one", "many")

    def __init__(self, arrays):
        if any(type(a) is sparse.SparseValue for a in arrays):
            self._sparse(arrays)
            return
        objs = [a.dtype == object for a in arrays]
        if any(objs):  # a[i] of an object array is the bare Python object: keep a 0-d array instead
            self.one = lambda i: tuple([a[i, ...] if o else a[i] for a, o in zip(arrays, objs)])
        elif len(arrays) == 1:
            a0, = arrays
            self.one = lambda i: (a0[i],)
        elif len(arrays) == 2:
            a0, a1 = arrays
            self.one = lambda i: (a0[i], a1[i])
        else:
            self.one = lambda i: tuple([a[i] for a in arrays])

        def many(idx):
            if type(idx) is range:
                if idx.step == 1:
                    s = slice(idx.start, idx.stop)
                    return tuple([a[s] for a in arrays])
                idx = np.arange(idx.start, idx.stop, idx.step)
            return tuple([a[idx] for a in arrays])
        self.many = many

    def _sparse(self, arrays):
        """Rows of SparseValues too: batches of them are built like `batch` builds them."""
        from .batching import stack
        rows = [sparse.slice_rows(a) if type(a) is sparse.SparseValue else
                (lambda i, a=a: a[i, ...]) for a in arrays]
        self.one = lambda i: tuple([r(i) for r in rows])
        self.many = lambda idx: stack([self.one(i) for i in (idx if type(idx) is range else idx.tolist())])


class TensorSliceDataset(Dataset):
    _tf_name = "_TensorSliceDataset"

    def __init__(self, tensors):
        spec, flat = structure.normalize(tensors)
        n = TensorShape([None])
        for v in flat:
            shape = structure.shape_of(v)
            if shape.rank == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            if shape.rank is not None:
                first = TensorShape([shape[0]])
                if not n.is_compatible_with(first):
                    raise ValueError(f"Dimensions {n[0]} and {shape[0]} are not compatible")
                n = n.merge_with(first)
        self._arrays = flat
        super().__init__(structure.pack(spec, [structure.unbatched_spec(s) for s in structure.flatten(spec)]))

    def _length(self):
        a = self._arrays[0] if self._arrays else None
        if a is None:
            return 0
        if isinstance(a, SymbolicTensor):
            return a.shape[0] if a.shape.rank is not None else None
        return structure.shape_of(a)[0] if type(a) is sparse.SparseValue else a.shape[0]

    def _cardinality(self):
        n = self._length()
        return UNKNOWN if n is None else n

    def _gather(self):
        return _SliceGather(self._arrays)

    def _chunks(self):
        return iter((range(self._length()),))

    def _iter_flat(self):
        return self._iter_gathered()


class TensorDataset(Dataset):
    _tf_name = "_TensorDataset"

    def __init__(self, tensors):
        spec, flat = structure.normalize(tensors)
        self._values = flat
        super().__init__(spec)

    def _cardinality(self):
        return 1

    def _iter_flat(self):
        yield tuple(self._values)


class _RangeGather:
    __slots__ = ("one", "many")

    def __init__(self, start, step, np_dtype):
        typ = np.dtype(np_dtype).type
        self.one = lambda i: (typ(start + i * step),)

        def many(idx):
            if type(idx) is range:
                return (np.arange(start + idx.start * step, start + idx.stop * step, idx.step * step).astype(
                    np_dtype, copy=False),)
            return ((start + np.asarray(idx, np.int64) * step).astype(np_dtype, copy=False),)
        self.many = many


class RangeDataset(Dataset):
    _tf_name = "_RangeDataset"

    def __init__(self, args, output_type=dtypes.int64):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid `args`. The length of `args` should be between 1 and 3 but was {len(args)}.")
        if len(args) == 1:
            args = (0, args[0], 1)
        elif len(args) == 2:
            args = (args[0], args[1], 1)
        self._args = tuple(structure.to_value(a, dtypes.int64) if not isinstance(a, int) else a for a in args)
        self._dtype = dtypes.as_dtype(output_type)
        if not any(isinstance(a, SymbolicTensor) for a in self._args) and self._bounds()[2] == 0:
            raise InvalidArgumentError(None, "RangeDataset", "step must be a non-zero integer. [Op:RangeDataset]")
        super().__init__(TensorSpec([], self._dtype))

    def _bounds(self):
        return tuple(scalar(a) for a in self._args)

    def _cardinality(self):
        if any(isinstance(a, SymbolicTensor) for a in self._args):
            return UNKNOWN
        start, stop, step = self._bounds()
        n = -((start - stop) // step) if step > 0 else -((stop - start) // -step)
        return max(n, 0)  # len(range(...)) without its sys.maxsize limit (enumerate counts to int64 max)

    def _gather(self):
        start, _, step = self._bounds()
        return _RangeGather(start, step, self._dtype._np)

    def _chunks(self):
        return iter((range(self._cardinality()),))

    def _iter_flat(self):
        start, stop, step = self._bounds()
        typ = self._dtype._np.type
        for v in range(start, stop, step):
            yield (typ(v),)


class GeneratorDataset(Dataset):
    _tf_name = "_FlatMapDataset"  # TF builds from_generator as a flat_map over a py_function

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is not None:
            if output_types is not None:
                raise TypeError("The `output_types` argument can not be used together with the "
                                "`output_signature` argument.")
            if output_shapes is not None:
                raise TypeError("The `output_shapes` argument can not be used together with the "
                                "`output_signature` argument.")
            for s in structure.flatten(output_signature):
                if not isinstance(s, TensorSpec):
                    raise TypeError(f"`output_signature` must contain objects that are subclass of "
                                    f"`tf.TypeSpec` but found {type(s)} which is not.")
            spec = output_signature
        else:
            if output_types is None:
                raise TypeError("To specify the output signature you need to provide either the "
                                "`output_signature` argument or the `output_types` argument.")
            types = structure.map_leaves(dtypes.as_dtype, output_types)
            if output_shapes is None:
                spec = structure.map_leaves(lambda d: TensorSpec(None, d), types)
            else:
                flat_types = structure.flatten(types)
                shapes = _flatten_shapes(types, output_shapes)
                spec = structure.pack(types, [TensorSpec(s, d) for s, d in zip(shapes, flat_types)])
        self._generator = generator
        self._args = tuple(structure.to_value(a) for a in (args or ()))
        self._types_repr = repr(structure.map_leaves(lambda s: s.dtype, spec))
        super().__init__(spec)

    def _iter_flat(self):
        args = [structure.numpy_value(a, None) for a in self._args]
        try:
            it = iter(self._generator(*args))
        except Exception as e:  # noqa: BLE001 - the generator's errors reach the consumer as TF's
            raise python_error(e, "IteratorGetNext") from e
        convert = self._convert
        try:
            while True:
                try:
                    value = next(it)
                except StopIteration:
                    return
                except Exception as e:  # noqa: BLE001
                    raise python_error(e, "IteratorGetNext") from e
                yield convert(value)
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()

    def _convert(self, value):
        leaves = []
        if not _flatten_up_to(self._spec, value, leaves):
            raise _yield_error(f"`generator` yielded an element that did not match the expected structure. "
                               f"The expected structure was {self._types_repr}, but the yielded element was {value!r}.")
        out = []
        for v, s in zip(leaves, self._flat_specs):
            try:
                a = structure.cast_value(v, s)
            except (TypeError, ValueError):
                raise _yield_error(f"`generator` yielded an element that could not be converted to the "
                                   f"expected type. The expected type was {s.dtype.name}, but the yielded "
                                   f"element was {v}.") from None
            if not s.shape.is_compatible_with(a.shape):
                raise _yield_error(f"`generator` yielded an element of shape {_shape_text(a.shape)} where an "
                                   f"element of shape {s.shape} was expected.")
            out.append(a)
        return tuple(out)


def _shape_text(shape):
    return str(tuple(shape))


def _yield_error(msg):
    return InvalidArgumentError(None, "IteratorGetNext", f"TypeError: {msg} [Op:IteratorGetNext]")


def _flatten_up_to(spec, value, out):
    if isinstance(spec, TensorSpec):
        out.append(value)
        return True
    if isinstance(spec, dict):
        if not isinstance(value, dict) or set(value) != set(spec):
            return False
        return all(_flatten_up_to(spec[k], value[k], out) for k in sorted(spec))
    if not isinstance(value, (tuple, list)) or len(value) != len(spec):
        return False
    return all(_flatten_up_to(s, v, out) for s, v in zip(spec, value))


def _flatten_shapes(types, shapes):
    """output_shapes given up to the structure of output_types (a shape is a leaf)."""
    if isinstance(types, dict):
        return [s for k in sorted(types) for s in _flatten_shapes(types[k], shapes[k])]
    if isinstance(types, tuple):
        return [s for t, sh in zip(types, shapes) for s in _flatten_shapes(t, sh)]
    return [TensorShape(shapes)]


def _combine_cardinality(values, how):
    if how == "min":
        if UNKNOWN in values:
            return UNKNOWN
        finite = [v for v in values if v != INFINITE]
        return min(finite) if finite else INFINITE
    if INFINITE in values:
        return INFINITE
    if UNKNOWN in values:
        return UNKNOWN
    return sum(values)


class ZipDataset(Dataset):
    _tf_name = "_ZipDataset"

    def __init__(self, datasets):
        if isinstance(datasets, list):
            raise TypeError("Invalid `datasets`. `datasets` is expected to be a (nested) structure of "
                            "`tf.data.Dataset` objects. Python `list` is not supported and you should "
                            "use `tuple` instead.")
        leaves = structure.flatten(structure.map_leaves(lambda d: d, datasets))
        for d in leaves:
            if not isinstance(d, Dataset):
                raise TypeError(f"Invalid `datasets`. `datasets` is expected to be a (nested) structure of "
                                f"`tf.data.Dataset` objects but encountered object of type {type(d)}.")
        self._datasets = leaves
        self._structure = datasets
        super().__init__(structure.map_leaves(lambda d: d.element_spec, datasets))

    def _cardinality(self):
        return _combine_cardinality([d._cardinality() for d in self._datasets], "min")

    def _iter_flat(self):
        iters = [d._iter_flat() for d in self._datasets]
        if len(iters) == 2:
            a, b = iters
            for x, y in zip(a, b):
                yield x + y if type(x) is tuple and type(y) is tuple else tuple(x) + tuple(y)
            return
        for parts in zip(*iters):
            out = ()
            for p in parts:
                out += tuple(p)
            yield out


class ConcatenateDataset(Dataset):
    _tf_name = "_ConcatenateDataset"

    def __init__(self, first, second):
        if not isinstance(second, Dataset):
            raise TypeError(f"Invalid `dataset`. `dataset` is expected to be a `tf.data.Dataset` but got "
                            f"{type(second)}.")
        a, b = first.element_spec, second.element_spec
        specs = None
        if structure.same_structure(a, b):
            specs = [structure.compatible_spec(x, y) for x, y in zip(structure.flatten(a), structure.flatten(b))]
        if specs is None or any(s is None for s in specs):
            raise TypeError(f"Incompatible dataset elements:\n  {a!r} vs.   {b!r}")
        self._first, self._second = first, second
        super().__init__(structure.pack(a, specs))

    def _cardinality(self):
        return _combine_cardinality([self._first._cardinality(), self._second._cardinality()], "sum")

    def _iter_flat(self):
        yield from self._first._iter_flat()
        yield from self._second._iter_flat()
