"""The file behind `Dataset.cache(filename)`: the elements of one complete pass, as NumPy arrays
in one .npz (no pickle: reading a cache file never runs code from it), written atomically.

Component j of every element is stored as one flat array of all elements' values (`d<j>`) and
their shapes (`s<j>`, one row per element); string components as their bytes (`d<j>`, uint8) and
each string's length (`n<j>`).

    >>> write_cache(path, [(np.arange(3), np.array(b"a", object))])
    >>> read_cache(path)[0][0].tolist()
    [0, 1, 2]
"""
import numpy as np

from ..util.atomic import atomic_write


def write_cache(path, elements, compress=False):
    """Writes `elements` (a list of equal-length tuples of arrays) to `path` atomically (deflated
    with `compress`)."""
    arrays = {"count": np.array(len(elements)), "arity": np.array(len(elements[0]) if elements else 0)}
    for j in range(int(arrays["arity"])):
        parts = [np.asarray(e[j]) for e in elements]
        arrays[f"s{j}"] = np.array([p.shape for p in parts], np.int64).reshape(len(parts), -1)
        if parts[0].dtype == object:  # strings: their bytes, and each one's length
            items = [bytes(x) for p in parts for x in p.reshape(-1)]
            arrays[f"d{j}"] = np.frombuffer(b"".join(items), np.uint8)
            arrays[f"n{j}"] = np.array([len(x) for x in items], np.int64)
        else:
            arrays[f"d{j}"] = np.concatenate([p.reshape(-1) for p in parts])
    with atomic_write(path, "wb") as f:
        (np.savez_compressed if compress else np.savez)(f, **arrays)


def read_cache(path):
    """The elements written by `write_cache` (a list of tuples of arrays)."""
    with np.load(path, allow_pickle=False) as z:
        count, arity = int(z["count"]), int(z["arity"])
        columns = []
        for j in range(arity):
            shapes = [tuple(s) for s in z[f"s{j}"]]
            data = z[f"d{j}"]
            sizes = [int(np.prod(s)) for s in shapes]
            if f"n{j}" in z.files:
                buf, lengths = data.tobytes(), z[f"n{j}"]
                ends = np.cumsum(lengths)
                strings = np.empty(len(lengths), object)
                for i, (end, n) in enumerate(zip(ends, lengths)):
                    strings[i] = buf[end - n:end]
                data = strings
            starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            columns.append([data[starts[i]:starts[i + 1]].reshape(shapes[i]) for i in range(count)])
    return [tuple(col[i] for col in columns) for i in range(count)]
