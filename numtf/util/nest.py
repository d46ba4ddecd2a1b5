"""`tf.nest`: flatten and rebuild nested lists, tuples, dicts and namedtuples (dicts in sorted key
order, as TF); with `expand_composites=True`, SparseTensors, RaggedTensors and IndexedSlices too
(as their component tensors). Mismatched structures raise TF's texts.

    >>> tf.nest.flatten({'b': [1, 2], 'a': 3})
    [3, 1, 2]
"""

__all__ = ["flatten", "pack_sequence_as", "map_structure", "is_nested", "assert_same_structure"]


def is_nested(x):
    return isinstance(x, (list, tuple, dict))


def _children(x):
    if isinstance(x, dict):
        return [x[k] for k in sorted(x, key=_sort_key)]
    return list(x)


def _sort_key(k):
    return (type(k).__name__, k) if not isinstance(k, (int, float, str)) else (0, k) if not isinstance(k, str) else (1, k)


# -- composite tensors ---------------------------------------------------------------------------------
def components(x):
    """The component tensors of a composite tensor (TF's order), or None for anything else.

        >>> components(tf.SparseTensor([[0]], [1.0], [2]))   # [indices, values, dense_shape]
    """
    from ..framework.indexed_slices import IndexedSlices
    from ..framework.ragged_tensor import RaggedTensor
    from ..framework.sparse_tensor import SparseTensor
    if isinstance(x, SparseTensor):
        return [x.indices, x.values, x.dense_shape]
    if isinstance(x, RaggedTensor):
        return [x.flat_values] + list(x.nested_row_splits)
    if isinstance(x, IndexedSlices):
        return [x.values, x.indices] + ([] if x.dense_shape is None else [x.dense_shape])
    return None


def from_components(template, parts):
    """A composite of `template`'s type made of `parts` (as `components` lists them)."""
    from ..framework.indexed_slices import IndexedSlices
    from ..framework.ragged_tensor import RaggedTensor
    if isinstance(template, RaggedTensor):
        return RaggedTensor.from_nested_row_splits(parts[0], parts[1:], validate=False)
    if isinstance(template, IndexedSlices):
        return IndexedSlices(*parts)
    return type(template)(*parts)


def _expanded(x, expand):
    return components(x) if expand else None


# -- flatten / pack ------------------------------------------------------------------------------------
def flatten(structure, expand_composites=False):
    """The leaves of `structure` in TF's order (dicts by sorted key)."""
    if not is_nested(structure) and _expanded(structure, expand_composites) is None:
        return [structure]
    out = []
    stack = [structure]
    # iterative depth-first walk keeps deep structures off the Python stack
    while stack:
        x = stack.pop()
        if is_nested(x):
            stack.extend(reversed(_children(x)))
            continue
        parts = _expanded(x, expand_composites)
        if parts is None:
            out.append(x)
        else:
            stack.extend(reversed(parts))
    return out


def _rebuild(template, it, expand):
    if not is_nested(template):
        parts = _expanded(template, expand)
        if parts is None:
            return next(it)
        return from_components(template, [_rebuild(p, it, expand) for p in parts])
    if isinstance(template, dict):
        keys = sorted(template, key=_sort_key)
        vals = {k: _rebuild(template[k], it, expand) for k in keys}
        return type(template)((k, vals[k]) for k in template) if type(template) is not dict else {k: vals[k] for k in template}
    items = [_rebuild(c, it, expand) for c in template]
    if isinstance(template, tuple) and hasattr(template, "_fields"):
        return type(template)(*items)
    return type(template)(items)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Rebuilds `structure` with the leaves taken in order from `flat_sequence`."""
    flat_sequence = list(flat_sequence)
    n = len(flatten(structure, expand_composites))
    if n != len(flat_sequence):
        raise ValueError(f"Could not pack sequence. Structure had {n} atoms, but flat_sequence had "
                         f"{len(flat_sequence)} items.  Structure: {structure}, flat_sequence: {flat_sequence}.")
    return _rebuild(structure, iter(flat_sequence), expand_composites)


def map_structure(func, *structures, **kwargs):
    """Applies `func` leaf-wise over structures of the same shape.

        >>> tf.nest.map_structure(lambda x: x * 2, {'a': [1, 2]})
        {'a': [2, 4]}
    """
    if not structures:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    expand = kwargs.pop("expand_composites", False)
    if kwargs:
        raise ValueError(f"Only valid keyword arguments are `check_types` and `expand_composites`, not: "
                         f"`{'`, `'.join(kwargs)}`")
    for s in structures[1:]:
        assert_same_structure(structures[0], s, check_types, expand)
    flats = [flatten(s, expand) for s in structures]
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)], expand)


# -- assert_same_structure -------------------------------------------------------------------------------
class _Dot:
    def __repr__(self):
        return "."


def _described(x):
    return f"type={type(x).__name__} str={x}"


def _mismatch(a, b, check_types, expand):
    """(exception type, TF's "More specifically" text) of the first difference, or None."""
    na, nb = is_nested(a) or _expanded(a, expand) is not None, is_nested(b) or _expanded(b, expand) is not None
    if na != nb:
        seq, other = (a, b) if na else (b, a)
        return ValueError, (f'Substructure "{_described(seq)}" is a sequence, while substructure '
                            f'"{_described(other)}" is not')
    if not na:
        return None
    if check_types and type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return TypeError, (f"The two namedtuples don't have the same sequence type. First structure {_described(a)} "
                           f"has type {type(a).__name__}, while second structure {_described(b)} has type "
                           f"{type(b).__name__}")
    if isinstance(a, dict) and isinstance(b, dict) and set(a) != set(b):
        ka, kb = sorted(a, key=_sort_key), sorted(b, key=_sort_key)
        return ValueError, (f"The two dictionaries don't have the same set of keys. First structure has keys "
                            f"{_described(ka)}, while second structure has keys {_described(kb)}")
    ca = _children(a) if is_nested(a) else components(a)
    cb = _children(b) if is_nested(b) else components(b)
    if len(ca) != len(cb):
        return ValueError, (f"The two structures don't have the same number of elements. First structure: "
                            f"{_described(a)}. Second structure: {_described(b)}")
    for x, y in zip(ca, cb):
        found = _mismatch(x, y, check_types, expand)
        if found is not None:
            return found
    return None


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises ValueError (TypeError for sequence types that differ, with `check_types`) unless the
    two structures nest alike.

        >>> tf.nest.assert_same_structure([1, [2]], [3, [4]])
    """
    found = _mismatch(nest1, nest2, check_types, expand_composites)
    if found is None:
        return
    kind, detail = found
    dot = _Dot()
    pattern = [map_structure(lambda _: dot, s, check_types=False) for s in (nest1, nest2)]
    raise kind(f"The two structures don't have the same nested structure.\n\nFirst structure: {_described(nest1)}\n\n"
               f"Second structure: {_described(nest2)}\n\nMore specifically: {detail}\nEntire first structure:\n"
               f"{pattern[0]}\nEntire second structure:\n{pattern[1]}")
