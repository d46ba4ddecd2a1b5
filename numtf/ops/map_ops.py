"""`tf.map_fn`, `tf.foldl`, `tf.foldr` and `tf.scan`: functions applied to the slices of tensors
along their first dimension. Eagerly they are Python loops; in a graph, a `tf.while_loop` (that
writes one `TensorArray` per output), so their gradients are the loop's.

    >>> tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3]))
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 4, 9], dtype=int32)>
"""
from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..util import nest
from .convert import convert_to_tensor
from .array_ops import shape
from .gather_ops import gather_dense
from .stack_ops import stack
from .while_ops import while_loop
from .tensor_array_ops import TensorArray

__all__ = ["map_fn", "foldl", "foldr", "scan", "vectorized_map"]


def _spec_dtype(spec):
    d = getattr(spec, "dtype", spec)
    return dtypes.as_dtype(d)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """`stack([fn(e) for e in unstack(elems)])`, for a (nested) `elems` and (nested) results.
    `fn_output_signature` (or the deprecated `dtype`) names the results' dtypes when they differ
    from `elems`' structure and dtypes.

        >>> tf.map_fn(lambda x: tf.cast(x, tf.float32) / 2, tf.constant([1, 2]), fn_output_signature=tf.float32)
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 1. ], dtype=float32)>
    """
    if not callable(fn):
        raise TypeError(f"The provided function {fn} is not callable. fn must be callable.")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    leaves = [convert_to_tensor(e) for e in nest.flatten(elems)]
    if not leaves:
        raise ValueError(f"elems must be a Tensor or (possibly nested) sequence of Tensors. Got {elems}, "
                         "which does not contain any Tensors.")
    for t in leaves:
        if t.shape.rank == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    n_static = TensorShape(leaves[0].shape)[0]
    for t in leaves[1:]:
        if not TensorShape([n_static]).is_compatible_with([t.shape[0]]):
            raise ValueError("All elements in elems must have the same first dimension (the dimension "
                             f"mapped over), got {[t.shape[0] for t in leaves]}.")

    def element(i):
        return nest.pack_sequence_as(elems, [t[i] if isinstance(i, int) else gather_dense(t, i) for t in leaves])

    if ctx.graph is None:  # eager: a Python loop
        results = [fn(element(i)) for i in range(int(leaves[0].shape[0]))]
        if not results:
            if signature is None:
                return nest.pack_sequence_as(elems, leaves)
            return nest.map_structure(lambda s: convert_to_tensor([], _spec_dtype(s)), signature)
        structure = results[0]
        flat = [nest.flatten(r) for r in results]
        if signature is None:  # the results must match elems' structure and dtypes
            if len(flat[0]) != len(leaves):
                raise ValueError(f"The structure of fn's output ({len(flat[0])} tensors) does not match "
                                 f"that of elems ({len(leaves)}): pass fn_output_signature.")
            for r, t in zip(flat[0], leaves):
                if isinstance(r, Tensor) and r.dtype is not t.dtype:
                    raise InvalidArgumentError(
                        None, None, f"fn's output has dtype {r.dtype.name}, but elems has dtype "
                        f"{t.dtype.name}: pass fn_output_signature={r.dtype.name} to map_fn.")
        specs = nest.flatten(signature) if signature is not None else [t.dtype for t in leaves]
        out = [stack([convert_to_tensor(r[j], _spec_dtype(specs[j]))
                      for r in flat]) for j in range(len(flat[0]))]
        return nest.pack_sequence_as(structure, out)

    n = shape(leaves[0])[0] if n_static is None else n_static
    structure = signature if signature is not None else elems
    out_dtypes = [_spec_dtype(s) for s in nest.flatten(signature)] if signature is not None else \
        [t.dtype for t in leaves]
    arrays = [TensorArray(d, size=n, infer_shape=infer_shape) for d in out_dtypes]

    def body(i, tas):
        got = nest.flatten(fn(element(i)))
        if len(got) != len(tas):
            raise ValueError(f"The structure of fn's output ({len(got)} tensors) does not match "
                             f"fn_output_signature ({len(tas)}): pass fn_output_signature.")
        return i + 1, [ta.write(i, v) for ta, v in zip(tas, got)]

    _, arrays = while_loop(lambda i, tas: i < n, body, [0, arrays], parallel_iterations=parallel_iterations or 10)
    return nest.pack_sequence_as(structure, [ta.stack() for ta in arrays])


def _slices(elems, name):
    leaves = [convert_to_tensor(e) for e in nest.flatten(elems)]
    if not leaves:
        raise ValueError(f"{name}: elems must be a Tensor or (possibly nested) sequence of Tensors.")
    for t in leaves:
        if t.shape.rank == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    n = leaves[0].shape[0]
    n = shape(leaves[0])[0] if n is None else int(n)

    def element(i):
        return nest.pack_sequence_as(elems, [t[i] if isinstance(i, int) else gather_dense(t, i) for t in leaves])
    return n, element


def _fold(fn, elems, initializer, reverse, name, keep_all):
    """The loop behind foldl/foldr/scan: `acc = fn(acc, elems[i])` over i (backwards if `reverse`);
    returns the last acc, or (keep_all) every acc stacked."""
    n, element = _slices(elems, name)
    if initializer is None:
        first = (n - 1) if reverse else 0
        acc = element(first)
        start = 1
    else:
        acc = nest.map_structure(convert_to_tensor, initializer)
        start = 0
    if ctx.graph is None:  # eager: a Python loop
        outs = [acc] if (keep_all and initializer is None) else []
        for k in range(start, n):
            acc = fn(acc, element(n - 1 - k if reverse else k))
            outs.append(acc)
        if not keep_all:
            return acc
        flat = [nest.flatten(o) for o in outs]
        if reverse:
            flat = flat[::-1]
        if not flat:
            return nest.map_structure(lambda a: convert_to_tensor(a)[None][:0], acc)
        return nest.pack_sequence_as(acc, [stack(list(col)) for col in zip(*flat)])
    flat_acc = [convert_to_tensor(a) for a in nest.flatten(acc)]
    arrays = [TensorArray(a.dtype, size=n) for a in flat_acc] if keep_all else []
    if keep_all and initializer is None:
        pos = (n - 1) if reverse else 0
        arrays = [ta.write(pos, a) for ta, a in zip(arrays, flat_acc)]

    def body(k, acc_flat, tas):
        i = (n - 1 - k) if reverse else k
        new = nest.flatten(fn(nest.pack_sequence_as(acc, acc_flat), element(i)))
        new = [convert_to_tensor(v, a.dtype) for v, a in zip(new, acc_flat)]
        return k + 1, new, [ta.write(i, v) for ta, v in zip(tas, new)]

    _, flat_acc, arrays = while_loop(lambda k, a, t: k < n, body, [start, flat_acc, arrays])
    if keep_all:
        return nest.pack_sequence_as(acc, [ta.stack() for ta in arrays])
    return nest.pack_sequence_as(acc, flat_acc)


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """`acc = fn(acc, x)` for each slice `x` of `elems` from the first (acc starts at `initializer`,
    or at `elems[0]`); returns the final acc.

        >>> tf.foldl(lambda a, x: a + x, tf.constant([1, 2, 3]))
        <tf.Tensor: shape=(), dtype=int32, numpy=6>
    """
    return _fold(fn, elems, initializer, False, "foldl", False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """foldl from the last slice to the first (acc starts at `elems[-1]` without an initializer).

        >>> tf.foldr(lambda a, x: a - x, tf.constant([1, 2, 3]))
        <tf.Tensor: shape=(), dtype=int32, numpy=0>
    """
    return _fold(fn, elems, initializer, True, "foldr", False)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """Like foldl, but returns every intermediate acc stacked (`reverse` scans from the end and
    keeps the results in elems' order).

        >>> tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3]))
        <tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 3, 6], dtype=int32)>
    """
    return _fold(fn, elems, initializer, reverse, "scan", True)


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """`map_fn` whose output dtypes come from `fn` itself (TF vectorizes the loop; numtf runs it
    as map_fn does).

        >>> tf.vectorized_map(lambda x: tf.cast(x, tf.float32) * 2, tf.constant([1, 2]))
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 4.], dtype=float32)>
    """
    _, element = _slices(elems, "vectorized_map")
    probe = fn(element(0))  # in a graph this only adds nodes that nothing uses
    signature = nest.map_structure(lambda t: convert_to_tensor(t).dtype, probe)
    return map_fn(fn, elems, fn_output_signature=signature)
