"""numtf's BLAS threading: one thread by default, all cores only around big products."""
import numpy as np
import pytest

import numtf as tf
from numtf.framework import blas


def test_big_matmuls_use_all_cores_then_restore_one_thread(monkeypatch):
    calls = []
    monkeypatch.setattr(blas, "_switch", [calls.append, 2])
    a, b = tf.ones((200, 300)), tf.ones((300, 400))  # 48 MFLOP
    np.testing.assert_allclose(tf.matmul(a, b).numpy(), np.full((200, 400), 300.0))
    assert calls == [2, 1]
    calls.clear()
    tf.matmul(tf.ones((50, 784)), tf.ones((784, 100)))  # 7.8 MFLOP: left on one thread
    assert calls == []


def test_no_switch_when_the_user_chose(monkeypatch):
    monkeypatch.setattr(blas, "_switch", [None, 1])
    with blas.big_product(1e12) as _:
        pass
    assert blas.big_product(1e12).on is False


def test_openblas_workers_sleep_soon_after_a_product_unless_the_user_chose(monkeypatch):
    # numtf's default (set at import): OpenBLAS's idle workers wait 2**20 cycles, not 2**28, so
    # a second thread of numtf's own gets the other core (blas._shorten_spin)
    lib = blas._openblas()
    timeout = getattr(lib, "openblas_thread_timeout", None) if lib is not None else None
    if blas._idle_core[0] and timeout is not None:
        assert timeout() == 20
    assert blas.second_core_free() == (blas._idle_core[0] and blas.cores() > 1)
    monkeypatch.setenv("OPENBLAS_THREAD_TIMEOUT", "26")
    assert blas._shorten_spin() is False  # the user's setting is left alone
    assert blas.cores() >= 1


def test_products_stay_right_after_the_workers_restart(monkeypatch):
    monkeypatch.delenv("OPENBLAS_THREAD_TIMEOUT", raising=False)
    blas._shorten_spin()  # stops the workers; the next parallel product starts them again
    a = np.arange(600 * 300, dtype=np.float32).reshape(600, 300) % 7
    with blas.big_product(1e9):
        np.testing.assert_allclose(a @ a.T, (a.astype(np.float64) @ a.T.astype(np.float64)), rtol=1e-6)


def test_one_thread_each_inside_a_big_product(monkeypatch):
    """Code that runs its own two threads (update_blocks.split_batch) gets one-thread BLAS,
    then the big product's all-core setting back."""
    calls = []
    monkeypatch.setattr(blas, "_switch", [calls.append, 2])
    with blas.one_thread_each():
        pass
    assert calls == []  # numtf's default is one thread already
    with blas.big_product(1e12):
        with blas.one_thread_each():
            calls.append("work")
        calls.append("big")
    assert calls == [2, 1, "work", 2, "big", 1]
    assert blas._all_cores == [0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_axpby_scales_and_adds_in_place(dtype):
    x, y = np.arange(5, dtype=dtype), np.ones(5, dtype)
    blas.axpby(2.0, x, 0.5, y)  # y = 2x + 0.5y
    np.testing.assert_array_equal(y, 2 * np.arange(5) + 0.5)
    blas.axpby(-1.0, x[1:3], 1.0, y[1:3])  # slices of the same buffer
    np.testing.assert_array_equal(y, [0.5, 1.5, 2.5, 6.5, 8.5])
    assert not blas.has_axpby(np.dtype(np.int32)) and not blas.has_axpby(np.dtype(np.float16))
