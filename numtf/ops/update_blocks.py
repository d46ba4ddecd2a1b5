"""Running an in-place elementwise update (an optimizer step: several NumPy passes over the
variable, its slots and the gradient) over large arrays: in cache-sized blocks, and on two
threads for the largest ones; and any kernel over the two halves of a big batch (`split_batch`).

    >>> run_update(fn, (var, m), g, 1, (lr, momentum))   # calls fn(var, m, g, tmp, lr, momentum)
"""
import threading

import numpy as np

from ..framework.blas import one_thread_each, second_core_free


# Elements per block: the ~6 arrays an update touches (128 KB each) stay in the L2 cache. On the
# 3136x1024 dense kernel of the handbook's CNN this halves Adam's time (12 ms -> 5.2 ms here).
# Arrays of up to _WHOLE elements (all six arrays, ~2 MB, still fit) are updated whole: fewer
# NumPy calls (the handbook MLP's 784x100 kernel: Adam 118 -> 108 us).
_BLOCK, _WHOLE = 1 << 15, 1 << 17
# Variables of at least _SPLIT elements are updated by two threads, each over its half in blocks
# of _SPLIT_BLOCK (NumPy releases the GIL inside ufuncs). Measured on the same kernel: 5.2 ms ->
# 4.0 ms. Smaller blocks lose it all to the two threads taking turns at the GIL (32K-element
# blocks: 6.0 ms, slower than one thread).
_SPLIT, _SPLIT_BLOCK = 1 << 19, 1 << 17
_scratch = threading.local()  # per thread: {(dtype, block): [scratch blocks]}, reused across calls
_helper = []  # the one helper thread's executor, made on first use


def _block_buffers(dtype, n, block):
    """n scratch blocks of `dtype`, allocated once per thread: fresh 128 KB+ buffers on every
    call cost page faults that doubled the update time of the handbook MLP's kernel."""
    pool = getattr(_scratch, "pool", None)
    if pool is None:
        pool = _scratch.pool = {}
    key = (dtype, block)
    bufs = pool.get(key)
    if bufs is None or len(bufs) < n:
        bufs = pool[key] = [np.empty(block, dtype) for _ in range(n)]
    return bufs[:n]


def run_update(fn, bufs, g, n_tmp, coeffs):
    """Calls fn(*bufs, g, *scratch, *coeffs) on whole arrays, or on cache-sized blocks of their
    flat views for large ones, with `n_tmp` (1 or 2) scratch arrays. `bufs` are updated in place."""
    n = g.size
    for b in bufs:  # (a plain loop: a generator here cost the MLP's traced step ~2%)
        if not b.flags.c_contiguous:
            _run_on_copies(fn, bufs, g, n_tmp, coeffs)
            return
    if n <= _WHOLE:
        # Every update takes one or two temporaries, spelled out: a comprehension here cost
        # ~0.5 us more per variable (measured on the handbook MLP's Adam step).
        tmps = (np.empty_like(g),) if n_tmp == 1 else (np.empty_like(g), np.empty_like(g))
        fn(*bufs, g, *tmps, *coeffs)
        return
    flats = [b.reshape(-1) for b in bufs]
    g = g.reshape(-1)
    if n < _SPLIT or not second_core_free():
        _run_blocks(fn, flats, g, n_tmp, coeffs, _BLOCK)
        return
    split_batch(lambda a, b: _run_blocks(fn, [f[a:b] for f in flats], g[a:b], n_tmp, coeffs, _SPLIT_BLOCK), n, n)


def _run_on_copies(fn, bufs, g, n_tmp, coeffs):
    """Blocks are flat views and axpby walks memory in order: buffers that are not C-contiguous (a
    transposed array) are updated in contiguous copies, then written back."""
    work = [np.ascontiguousarray(b) for b in bufs]
    run_update(fn, work, np.ascontiguousarray(g), n_tmp, coeffs)
    for b, w in zip(bufs, work):
        if w is not b:
            b[...] = w


def _executor():
    if not _helper:
        from concurrent.futures import ThreadPoolExecutor
        _helper.append(ThreadPoolExecutor(1, thread_name_prefix="numtf-update"))
    return _helper[0]


def split_batch(fn, n, elements):
    """Calls fn(start, stop) over [0, n): as two halves on two threads when the work covers at
    least _SPLIT `elements` and a second core is free, else once. `fn` must write disjoint
    outputs per range and run mostly inside NumPy calls (which release the GIL); its BLAS calls
    run on one thread each.

        >>> split_batch(lambda a, b: np.multiply(g[a:b], m[a:b], out=out[a:b]), len(g), g.size)
    """
    if n < 2 or elements < _SPLIT or not second_core_free():
        fn(0, n)
        return
    half = n // 2
    with one_thread_each():
        second = _executor().submit(fn, half, n)
        try:
            fn(0, half)
        finally:
            second.result()


def split_sum(fn, n, elements):
    """fn(0, n), or fn(0, n/2) + fn(n/2, n) computed on two threads as `split_batch` decides:
    for sums over a batch (a filter gradient) where each half makes its own partial sum.

        >>> split_sum(lambda a, b: x[a:b].T @ dy[a:b], len(x), x.size)
    """
    parts = {}
    split_batch(lambda a, b: parts.__setitem__(a, fn(a, b)), n, elements)
    return parts[0] if len(parts) == 1 else np.add(parts[0], parts[n // 2], out=parts[0])


def _run_blocks(fn, flats, g, n_tmp, coeffs, block):
    n = g.size
    tmps = _block_buffers(g.dtype, n_tmp, block)
    for s in range(0, n, block):
        e = min(s + block, n)
        if e - s != block:
            tmps = [t[:e - s] for t in tmps]
        fn(*[b[s:e] for b in flats], g[s:e], *tmps, *coeffs)
