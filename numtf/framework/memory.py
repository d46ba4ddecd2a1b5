"""Big arrays without page faults: glibc's malloc tuned for a training loop's allocations.

glibc serves blocks above its mmap threshold straight from mmap and unmaps them on free. The
threshold adapts to the sizes freed, but never beyond 32 MB: so every array over 32 MB (a
MobileNetV2 activation at batch 50 is 240 MB) comes back from the kernel zeroed and is faulted in
page by page, by every op, every step. Measured here: a 38 MB subtraction costs 4.7 ms into a
fresh array and 2.9 ms into a reused one; MobileNetV2's training step at batch 50 goes from 7.6 s
to 5.7 s with the tuning. numtf therefore raises the mmap threshold to 1 GB and the threshold
above which free memory at the top of the heap is returned to the system to 2 GB, as a caching
allocator would (freed blocks are reused by the next step's arrays; the process keeps its peak
memory mapped). Only on glibc; `NUMTF_MALLOC_TUNING=0` leaves malloc alone.
"""
import ctypes
import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 1 << 30
TRIM_THRESHOLD = (1 << 31) - 1


def configure():
    """Applies the tuning once at import; returns True if glibc accepted it."""
    if os.environ.get("NUMTF_MALLOC_TUNING", "1") == "0" or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, say)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
