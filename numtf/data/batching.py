"""batch, padded_batch and unbatch.

`batch` over an index-addressable input (tensor slices or a range, possibly shuffled, repeated,
taken or skipped) gathers each batch in one indexing operation per component (a slice view when
the indices are contiguous) instead of stacking single elements.
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, DataLossError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_spec import TensorSpec
from ..ops.convert import convert_to_tensor
from . import structure
from . import sparse_elements as sparse
from .dataset_ops import Dataset, INFINITE, UNKNOWN
from .tracing import scalar


def _dims_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _next_error(msg):
    return InvalidArgumentError(None, "IteratorGetNext", f"{msg} [Op:IteratorGetNext]")


def stack(batch):
    """Stacks a list of flat elements into one flat batch (TF's error when shapes differ)."""
    out = []
    for k in range(len(batch[0])):
        parts = [e[k] for e in batch]
        if type(parts[0]) is sparse.SparseValue:
            out.append(sparse.batch_values(parts))
            continue
        try:
            out.append(np.stack(parts))
        except ValueError:
            first = np.shape(parts[0])
            bad = next(np.shape(p) for p in parts if np.shape(p) != first)
            raise _next_error(f"Cannot add tensor to the batch: number of elements does not match. Shapes "
                              f"are: [tensor]: {_dims_text(bad)}, [batch]: {_dims_text(first)}") from None
    return tuple(out)


def _index_batches(chunks, size, drop_remainder):
    """Groups a stream of index chunks into batches of `size` indices (ranges stay ranges)."""
    pieces, n = [], 0
    for ch in chunks:
        pos, length = 0, len(ch)
        while pos < length:
            k = min(size - n, length - pos)
            pieces.append(ch[pos:pos + k])
            n += k
            pos += k
            if n == size:
                yield _merge(pieces)
                pieces, n = [], 0
    if n and not drop_remainder:
        yield _merge(pieces)


def _merge(pieces):
    if len(pieces) == 1:
        return pieces[0]
    return np.concatenate([np.arange(p.start, p.stop, p.step) if type(p) is range else p for p in pieces])


def _batch_cardinality(c, size, drop_remainder):
    if c < 0 or size is None:
        return c if size is not None else UNKNOWN
    return c // size if drop_remainder else -(-c // size)


def _batch_size(batch_size, op):
    if isinstance(batch_size, SymbolicTensor):
        return None
    size = scalar(batch_size)
    if size <= 0:
        raise InvalidArgumentError(None, op, f"Batch size must be greater than zero. [Op:{op}]")
    return size


class BatchDataset(Dataset):
    _tf_name = "_BatchDataset"

    def __init__(self, input_dataset, batch_size, drop_remainder=False):
        size = _batch_size(batch_size, "BatchDatasetV2")
        self._input = input_dataset
        self._size = batch_size
        self._drop = bool(drop_remainder)
        dim = size if self._drop else None
        spec = structure.map_leaves(lambda s: structure.batched_spec(s, dim), input_dataset.element_spec)
        super().__init__(spec)

    def _cardinality(self):
        size = None if isinstance(self._size, SymbolicTensor) else scalar(self._size)
        return _batch_cardinality(self._input._cardinality(), size, self._drop)

    def _iter_flat(self):
        size = scalar(self._size)
        gather = self._input._gather()
        if gather is not None:
            many = gather.many
            for idx in _index_batches(self._input._chunks(), size, self._drop):
                yield many(idx)
            return
        buf = []
        for x in self._input._iter_flat():
            buf.append(x)
            if len(buf) == size:
                yield stack(buf)
                buf = []
        if buf and not self._drop:
            yield stack(buf)


def _padding_value(value, spec):
    if value is None:
        return b"" if spec.dtype is dtypes.string else np.zeros((), spec.dtype._np)
    t = value if isinstance(value, Tensor) else convert_to_tensor(value)
    if t.dtype != spec.dtype:
        raise TypeError(f"Invalid `padding_values`. `padding_values` values type <dtype: '{t.dtype.name}'> does "
                        f"not match type <dtype: '{spec.dtype.name}'> of the corresponding input component.")
    if t.shape.rank != 0:
        raise ValueError(f"Invalid `padding_values`. `padding_values` values should be scalars, but got {t.shape}.")
    v = np.asarray(t._value)
    return v[()] if spec.dtype is not dtypes.string else v.item()


def _up_to(spec, value, n_leaves):
    """`value` given per component of `spec` (a leaf of `value` may stand for a whole substructure)."""
    if value is None or not structure.is_structure(spec):
        return [value] * n_leaves if not structure.is_structure(spec) or value is None else None
    if isinstance(spec, dict):
        return [v for k in sorted(spec) for v in _up_to(spec[k], value[k], len(structure.flatten(spec[k])))]
    if not isinstance(value, (tuple, list)) or len(value) != len(spec):
        return [value] * n_leaves
    return [v for s, x in zip(spec, value) for v in _up_to(s, x, len(structure.flatten(s)))]


def _shape_leaves(spec, shapes):
    """padded_shapes: a shape (list/tuple of dims, TensorShape, int) per component."""
    if isinstance(spec, TensorSpec):
        return [shapes]
    if isinstance(spec, dict):
        return [s for k in sorted(spec) for s in _shape_leaves(spec[k], shapes[k])]
    return [s for sp, sh in zip(spec, shapes) for s in _shape_leaves(sp, sh)]


def _as_padded_shape(s):
    if isinstance(s, Tensor):
        s = np.asarray(s._value).tolist()
    if isinstance(s, (list, tuple)):
        s = [None if d is None or int(d) < 0 else int(d) for d in s]
    return TensorShape(s)


def _padded_compatible(padded, shape):
    if padded.rank is None or shape.rank is None:
        return True
    if padded.rank != shape.rank:
        return False
    return all(p is None or d is None or p >= d for p, d in zip(padded, shape))


class PaddedBatchDataset(Dataset):
    _tf_name = "_PaddedBatchDataset"

    def __init__(self, input_dataset, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False):
        size = _batch_size(batch_size, "PaddedBatchDatasetV2")
        in_spec = input_dataset.element_spec
        flat = structure.flatten(in_spec)
        for s in flat:
            if not isinstance(s, TensorSpec):
                raise TypeError("`padded_batch` is only supported for datasets that produce tensor elements but type "
                                "spec of elements in the input dataset is not a subclass of TensorSpec: "
                                f"`{s!r}`.")
        if padded_shapes is None:
            for s in flat:
                if s.shape.rank is None:
                    raise ValueError("You must provide `padded_shapes` argument because component 0 has "
                                     "unknown rank.")
            shapes = [s.shape for s in flat]
        else:
            shapes = [_as_padded_shape(p) for p in _shape_leaves(in_spec, padded_shapes)]
            for p, s in zip(shapes, flat):
                if not _padded_compatible(p, s.shape):
                    raise ValueError(f"The padded shape {p} is not compatible with the shape {s.shape} of the "
                                     f"corresponding input component.")
        values = _up_to(in_spec, padding_values, len(flat)) if padding_values is not None else [None] * len(flat)
        self._pads = [_padding_value(v, s) for v, s in zip(values, flat)]
        self._shapes = shapes
        self._input = input_dataset
        self._size = batch_size
        self._drop = bool(drop_remainder)
        dim = size if self._drop else None
        out = [TensorSpec(TensorShape([dim]).concatenate(p if p.rank is not None else s.shape), s.dtype)
               for p, s in zip(shapes, flat)]
        super().__init__(structure.pack(in_spec, out))

    def _cardinality(self):
        size = None if isinstance(self._size, SymbolicTensor) else scalar(self._size)
        return _batch_cardinality(self._input._cardinality(), size, self._drop)

    def _pad(self, buf):
        out = []
        for k, (shape, pad, spec) in enumerate(zip(self._shapes, self._pads, self._flat_specs)):
            parts = [np.asarray(e[k]) for e in buf]
            rank = parts[0].ndim
            if any(p.ndim != rank for p in parts):
                raise _next_error("Cannot batch tensors of different ranks in component %d." % k)
            target = []
            for d in range(rank):
                want = shape[d] if shape.rank is not None else None
                longest = max(p.shape[d] for p in parts)
                if want is None:
                    want = longest
                elif longest > want:
                    raise DataLossError(None, "IteratorGetNext", "Attempted to pad to a smaller size than the "
                                        "input element. [Op:IteratorGetNext]")
                target.append(want)
            dtype = object if spec.dtype is dtypes.string else spec.dtype._np
            batch = np.full([len(parts)] + target, pad, dtype=dtype)
            for i, p in enumerate(parts):
                # a leading length-1 axis makes the copy element-wise (a 0-d object array would
                # otherwise be stored as an element itself)
                batch[(slice(i, i + 1),) + tuple(slice(0, n) for n in p.shape)] = p[None]
            out.append(batch)
        return tuple(out)

    def _iter_flat(self):
        size = scalar(self._size)
        buf = []
        for x in self._input._iter_flat():
            buf.append(x)
            if len(buf) == size:
                yield self._pad(buf)
                buf = []
        if buf and not self._drop:
            yield self._pad(buf)


class UnbatchDataset(Dataset):
    _tf_name = "_UnbatchDataset"

    def __init__(self, input_dataset):
        flat = structure.flatten(input_dataset.element_spec)
        known = None
        for s in flat:
            if s.shape.rank == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
            d = s.shape[0] if s.shape.rank is not None else None
            if d is not None:
                if known is not None and d != known:
                    raise ValueError("`unbatch()` is only supported for datasets of elements whose components "
                                     f"have a matching leading dimension. Encountered both {known} and {d}.")
                known = d
        self._input = input_dataset
        super().__init__(structure.map_leaves(structure.unbatched_spec, input_dataset.element_spec))

    def _cardinality(self):
        c = self._input._cardinality()
        return c if c in (0, INFINITE) else UNKNOWN

    def _iter_flat(self):
        objs = [s.dtype is dtypes.string for s in self._flat_specs]
        if sparse.has_sparse(self._flat_specs):
            yield from self._iter_sparse()
            return
        for x in self._input._iter_flat():
            arrays = [np.asarray(a) for a in x]
            n = arrays[0].shape[0] if arrays[0].ndim else 0
            for k, a in enumerate(arrays):
                if a.ndim == 0:
                    raise _next_error("Input element must have at least one dimension to be unbatched.")
                if a.shape[0] != n:
                    raise _next_error(f"Input element must have the same batch size in each component. Component "
                                      f"0 had size {n} but component {k} had size, {a.shape[0]}.")
            for i in range(n):
                yield tuple([a[i, ...] if o else a[i] for a, o in zip(arrays, objs)])

    def _iter_sparse(self):
        """Unbatching elements with sparse components: each is split into its rows."""
        for x in self._input._iter_flat():
            parts = [sparse.unbatch_value(a) if type(a) is sparse.SparseValue else
                     [a[i, ...] for i in range(np.shape(a)[0])] for a in x]
            n = len(parts[0])
            for k, p in enumerate(parts):
                if len(p) != n:
                    raise _next_error(f"Input element must have the same batch size in each component. Component "
                                      f"0 had size {n} but component {k} had size, {len(p)}.")
            yield from zip(*parts)
