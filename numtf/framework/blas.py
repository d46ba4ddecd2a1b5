"""BLAS threading: numtf runs NumPy's bundled OpenBLAS on one thread by default, and on all
cores only for big products (`with big_product(flops):`).

Measured on the 2-vCPU machines numtf targets: one thread matches or beats two on small products
(a 50x784 @ 784x100 product), and two threads collapse as soon as anything else runs (that product
went from 0.06 ms to over 2 ms); products of tens of MFLOP and more (a convolution's, the CNN's
dense layer) run up to 2x faster on both cores. A user's own OPENBLAS_NUM_THREADS is respected
(and then never switched); NUMTF_BLAS_THREADS=N chooses a fixed count.

After a parallel product, OpenBLAS's worker threads busy-wait for 2**28 cycles (~0.1 s here)
before they sleep, so for 0.1 s after every big product a core is taken: numtf's own second
thread (optimizer updates of large variables) then ran at half speed, 2x slower than with no
second thread at all. numtf shortens that wait to 2**20 cycles (~0.4 ms: still long enough that
the workers never sleep inside one product), unless the user set OPENBLAS_THREAD_TIMEOUT.
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


def cores():
    """The number of CPUs this process may run on."""
    if not _cores:
        try:
            _cores.append(len(os.sched_getaffinity(0)))
        except (AttributeError, OSError):
            _cores.append(os.cpu_count() or 1)
    return _cores[0]


_cores = []
PARALLEL_FLOPS = 20e6  # below this a product gains nothing from a second thread
_switch = [None, 1]    # (setter, cores) when numtf's default is in effect and there are cores to use
_idle_core = [False]   # True once other threads can count on a core BLAS leaves alone


def configure():
    """numtf's default, applied once at import (see the module docstring)."""
    wanted = os.environ.get("NUMTF_BLAS_THREADS")
    if wanted is None and "OPENBLAS_NUM_THREADS" in os.environ:
        return  # the user chose
    try:
        set_blas_threads(int(wanted) if wanted else 1)
        if wanted is None:
            setter = _setter()
            if setter is not None and cores() > 1:
                _switch[0], _switch[1] = setter, cores()
                _idle_core[0] = _shorten_spin()
        else:
            _idle_core[0] = int(wanted) == 1
    except (ValueError, OSError, AttributeError):
        pass


def _shorten_spin():
    """Makes OpenBLAS's workers sleep ~0.4 ms after their last product (module docstring): sets
    the timeout OpenBLAS reads when it starts its threads, and restarts them (they start again at
    the next parallel product). True if done."""
    lib = _openblas()
    read_env = getattr(lib, "openblas_read_env", None)
    shutdown = getattr(lib, "blas_thread_shutdown_", None)
    if read_env is None or shutdown is None or "OPENBLAS_THREAD_TIMEOUT" in os.environ:
        return False
    os.environ["OPENBLAS_THREAD_TIMEOUT"] = "20"
    try:
        read_env()
        shutdown()
    finally:
        del os.environ["OPENBLAS_THREAD_TIMEOUT"]
    return True


def second_core_free():
    """True when a second thread of numtf's own can use another core: there is one, and BLAS's
    workers don't spin on it after every big product."""
    return _idle_core[0] and cores() > 1


class big_product:
    """`with big_product(flops):` runs the block's BLAS calls on all cores when `flops` is big
    and numtf's one-thread default is in effect; otherwise it does nothing."""
    __slots__ = ("on",)

    def __init__(self, flops):
        self.on = _switch[0] is not None and flops >= PARALLEL_FLOPS

    def __enter__(self):
        if self.on:
            _all_cores[0] += 1
            _switch[0](_switch[1])

    def __exit__(self, *exc):
        if self.on:
            _all_cores[0] -= 1
            _switch[0](1)  # back to numtf's default (the only case where we switched)
        return False


_all_cores = [0]  # big_product blocks in effect


class one_thread_each:
    """`with one_thread_each():` BLAS calls in the block run on one thread, even inside a
    big_product: for code that runs its own two threads (update_blocks.split_batch), each
    calling BLAS. OpenBLAS's thread count is global, so the block must not be entered from two
    threads at once."""
    __slots__ = ("on",)

    def __enter__(self):
        self.on = _all_cores[0] > 0 and _switch[0] is not None
        if self.on:
            _switch[0](1)

    def __exit__(self, *exc):
        if self.on:
            _switch[0](_switch[1])
        return False


# -- axpby: y = a*x + b*y in one pass -------------------------------------------------------------
_AXPBY_NAMES = (("scipy_cblas_{}axpby64_", ctypes.c_int64), ("cblas_{}axpby64_", ctypes.c_int64),
                ("cblas_{}axpby", ctypes.c_int))
_axpby = {}  # NumPy dtype char -> ctypes function or None


def _axpby_function(char):
    if char not in _axpby:
        _axpby[char] = None
        lib = _openblas()
        scalar = ctypes.c_float if char == "f" else ctypes.c_double
        for pattern, int_type in _AXPBY_NAMES if lib is not None else ():
            fn = getattr(lib, pattern.format("s" if char == "f" else "d"), None)
            if fn is not None:
                fn.argtypes = [int_type, scalar, ctypes.c_void_p, int_type, scalar, ctypes.c_void_p, int_type]
                fn.restype = None
                _axpby[char] = fn
                break
    return _axpby[char]


def has_axpby(dtype):
    """Whether `axpby` works on arrays of `dtype` here (float32/float64 and NumPy's OpenBLAS
    exporting cblas_?axpby)."""
    return dtype.char in "fd" and _axpby_function(dtype.char) is not None


def axpby(a, x, b, y):
    """y = a*x + b*y in place, for contiguous 1-D arrays of one dtype for which `has_axpby`: one
    pass over memory where NumPy takes three (and a temporary). ctypes releases the GIL, so two
    threads can run it at once. The call costs ~2 us: worth it from ~16K elements.

        >>> axpby(0.1, g, 0.9, m)   # m = 0.9*m + 0.1*g
    """
    found = _axpby.get(x.dtype.char) or _axpby_function(x.dtype.char)
    found(x.size, a, x.ctypes.data, 1, b, y.ctypes.data, 1)
