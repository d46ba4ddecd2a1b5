"""numtf's BLAS threading: one thread by default, all cores only around big products."""
import numpy as np

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
