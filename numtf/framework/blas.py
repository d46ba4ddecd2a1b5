"""BLAS threading: numtf runs NumPy's bundled OpenBLAS on one thread by default, and on all
cores only for big products (`with big_product(flops):`).

Measured on the 2-vCPU machines numtf targets: one thread matches or beats two on small products
(a 50x784 @ 784x100 product), and two threads collapse as soon as anything else runs (that product
went from 0.06 ms to over 2 ms); products of tens of MFLOP and more (a convolution's, the CNN's
dense layer) run up to 2x faster on both cores. A user's own OPENBLAS_NUM_THREADS is respected
(and then never switched); NUMTF_BLAS_THREADS=N chooses a fixed count.
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


def _setter():
    lib = _openblas()
    return next((getattr(lib, n) for n in _SETTERS if hasattr(lib, n)), None) if lib is not None else None


PARALLEL_FLOPS = 20e6  # below this a product gains nothing from a second thread
_switch = [None, 1]    # (setter, cores) when numtf's default is in effect and there are cores to use


def configure():
    """numtf's default, applied once at import (see the module docstring)."""
    wanted = os.environ.get("NUMTF_BLAS_THREADS")
    if wanted is None and "OPENBLAS_NUM_THREADS" in os.environ:
        return  # the user chose
    try:
        set_blas_threads(int(wanted) if wanted else 1)
        if wanted is None:
            try:
                cores = len(os.sched_getaffinity(0))
            except (AttributeError, OSError):
                cores = os.cpu_count() or 1
            setter = _setter()
            if setter is not None and cores > 1:
                _switch[0], _switch[1] = setter, cores
    except (ValueError, OSError, AttributeError):
        pass


class big_product:
    """`with big_product(flops):` runs the block's BLAS calls on all cores when `flops` is big
    and numtf's one-thread default is in effect; otherwise it does nothing."""
    __slots__ = ("on",)

    def __init__(self, flops):
        self.on = _switch[0] is not None and flops >= PARALLEL_FLOPS

    def __enter__(self):
        if self.on:
            _switch[0](_switch[1])

    def __exit__(self, *exc):
        if self.on:
            _switch[0](1)  # back to numtf's default (the only case where we switched)
        return False
