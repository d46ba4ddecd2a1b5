"""Reading the pickles inside Keras's dataset archives without running code from them.

CIFAR's batches are Python pickles, and imdb.npz/reuters.npz hold object arrays (pickled lists of
word indices). A pickle is a program: loading one with `pickle.load` may call any importable
function named in it (`os.system` included), so a tampered cache file would run code. These files
need nothing of the kind: only NumPy arrays (rebuilt through `numpy.core.multiarray._reconstruct`,
`numpy.ndarray` and `numpy.dtype`), builtin containers and numbers, and, for protocol-2 pickles
written by Python 3, `_codecs.encode(text, 'latin1')` for bytes. `RestrictedUnpickler` resolves
exactly those globals (to the functions themselves, whatever module path the pickle spells for
NumPy 1 or 2) and refuses every other with `pickle.UnpicklingError`.

    >>> load_pickle(io.BytesIO(pickle.dumps({"a": np.zeros(2)})))["a"]  # doctest: +SKIP
    array([0., 0.])
"""
import codecs
import io
import pickle
import zipfile

import numpy as np
from numpy.lib import format as npy_format

__all__ = ["RestrictedUnpickler", "load_pickle", "load_npz"]

# the function ndarray pickles name for rebuilding (its module is numpy.core.multiarray in
# NumPy 1, numpy._core.multiarray in NumPy 2): taken from NumPy itself, never imported by name
_RECONSTRUCT = np.ndarray((0,)).__reduce__()[0]


def _latin1_encode(obj, encoding="utf-8", errors="strict"):
    """`_codecs.encode` as protocol-2 pickles use it (bytes as latin-1 text), and nothing else."""
    if not isinstance(obj, str) or encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError(f"Refusing _codecs.encode({type(obj).__name__}, {encoding!r}) in a dataset "
                                     "pickle: only latin-1 text for bytes is allowed.")
    return codecs.encode(obj, encoding, errors)


_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("_codecs", "encode"): _latin1_encode,
    ("builtins", "list"): list, ("builtins", "dict"): dict, ("builtins", "tuple"): tuple,
    ("builtins", "set"): set, ("builtins", "frozenset"): frozenset, ("builtins", "bytearray"): bytearray,
    ("__builtin__", "list"): list, ("__builtin__", "dict"): dict, ("__builtin__", "set"): set,
}


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that rebuilds NumPy arrays and builtin values only (see the module docstring):
    any other global a pickle names is refused with `pickle.UnpicklingError`."""

    def find_class(self, module, name):
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"Refusing to load {module}.{name} from a dataset pickle: only NumPy "
                                         "arrays and builtin values may be stored there.")
        return found

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("Refusing a persistent id in a dataset pickle.")


def load_pickle(f, encoding="ASCII"):
    """Unpickles the file object `f` with `RestrictedUnpickler` (`encoding` for Python 2 str)."""
    return RestrictedUnpickler(f, encoding=encoding).load()


def _read_npy(f):
    version = npy_format.read_magic(f)
    if version == (1, 0):
        shape, fortran, dtype = npy_format.read_array_header_1_0(f)
    else:
        shape, fortran, dtype = npy_format.read_array_header_2_0(f)
    if dtype.hasobject:  # object arrays are stored as a pickle of the array
        array = load_pickle(f, encoding="latin1")
        if not isinstance(array, np.ndarray):
            raise ValueError("An object array in the .npz file did not unpickle to an array.")
        return array
    data = bytearray(f.read())  # a writable array, as np.load gives
    count = int(np.prod(shape, dtype=np.int64))
    array = np.frombuffer(data, dtype=dtype, count=count)
    return array.reshape(shape[::-1]).transpose() if fortran else array.reshape(shape)


def load_npz(path):
    """{name: array} of an .npz file, object arrays included, read through `RestrictedUnpickler`
    (what `np.load(path, allow_pickle=True)` gives for Keras's files, without its risk)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for member in z.namelist():
            key = member[:-4] if member.endswith(".npy") else member
            out[key] = _read_npy(io.BytesIO(z.read(member)))
    return out
