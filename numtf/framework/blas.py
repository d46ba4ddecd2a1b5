"""BLAS threading: numtf runs NumPy's bundled OpenBLAS on one thread by default.

Measured on the 2-vCPU machines numtf targets: one thread matches or beats two on the handbook's
matrix products (the two vCPUs share one core's arithmetic units), and two threads collapse as
soon as anything else runs (a 50x784 @ 784x100 product went from 0.06 ms to over 2 ms). A user's
own OPENBLAS_NUM_THREADS is respected; NUMTF_BLAS_THREADS=N chooses another count.
"""
import ctypes
import glob
import os

import numpy as np

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
            "openblas_set_num_threads")


def _openblas():
    libs = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    for path in glob.glob(os.path.join(libs, "*openblas*")):
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def set_blas_threads(n):
    """Sets the number of threads of NumPy's bundled OpenBLAS; returns False if there is none."""
    lib = _openblas()
    if lib is None:
        return False
    for name in _SETTERS:
        setter = getattr(lib, name, None)
        if setter is not None:
            setter(int(n))
            return True
    return False


def configure():
    """numtf's default, applied once at import (see the module docstring)."""
    wanted = os.environ.get("NUMTF_BLAS_THREADS")
    if wanted is None and "OPENBLAS_NUM_THREADS" in os.environ:
        return  # the user chose
    try:
        set_blas_threads(int(wanted) if wanted else 1)
    except (ValueError, OSError, AttributeError):
        pass
