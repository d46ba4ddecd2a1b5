"""`tf.nest`: flatten and rebuild nested lists, tuples, dicts and namedtuples.

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


def flatten(structure, expand_composites=False):
    """The leaves of `structure` in TF's order (dicts by sorted key)."""
    if not is_nested(structure):
        return [structure]
    out = []
    stack = [structure]
    # iterative depth-first walk keeps deep structures off the Python stack
    while stack:
        x = stack.pop()
        if is_nested(x):
            stack.extend(reversed(_children(x)))
        else:
            out.append(x)
    return out


def _rebuild(template, it):
    if not is_nested(template):
        return next(it)
    if isinstance(template, dict):
        keys = sorted(template, key=_sort_key)
        vals = {k: _rebuild(template[k], it) for k in keys}
        return type(template)((k, vals[k]) for k in template) if type(template) is not dict else {k: vals[k] for k in template}
    items = [_rebuild(c, it) for c in template]
    if isinstance(template, tuple) and hasattr(template, "_fields"):
        return type(template)(*items)
    return type(template)(items)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Rebuilds `structure` with the leaves taken in order from `flat_sequence`."""
    flat_sequence = list(flat_sequence)
    n = len(flatten(structure))
    if n != len(flat_sequence):
        raise ValueError(f"Could not pack sequence. Structure had {n} atoms, but flat_sequence "
                         f"had {len(flat_sequence)} items.")
    return _rebuild(structure, iter(flat_sequence))


def map_structure(func, *structures, **kwargs):
    """Applies `func` leaf-wise over structures of the same shape."""
    if not structures:
        raise ValueError("Must provide at least one structure")
    for s in structures[1:]:
        assert_same_structure(structures[0], s)
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)])


def assert_same_structure(a, b, check_types=True, expand_composites=False):
    if is_nested(a) != is_nested(b):
        raise ValueError(f"The two structures don't have the same nested structure: {a!r} and {b!r}")
    if is_nested(a):
        ca, cb = _children(a), _children(b)
        if len(ca) != len(cb):
            raise ValueError(f"The two structures don't have the same sequence length: {a!r} and {b!r}")
        for x, y in zip(ca, cb):
            assert_same_structure(x, y, check_types)
