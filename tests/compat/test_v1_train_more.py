"""tf.compat.v1.train's other optimizers (Adadelta, Ftrl, ProximalGradientDescent,
ProximalAdagrad) and TF1's learning-rate decays against TF 2.21 (tests/golden/v1_train_more.json
from tools/make_v1_train_golden.py, whose scenario this runs with numtf.compat.v1)."""
import json
import os
import sys

import numpy as np
import pytest

import numtf as tf
import numtf.compat.v1 as tf1

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
from make_v1_train_golden import run  # noqa: E402

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "v1_train_more.json")))


@pytest.fixture(scope="module")
def ours():
    return run(tf1)


@pytest.mark.parametrize("name", ["adadelta", "ftrl", "ftrl_shrink", "proximal_gd", "proximal_adagrad"])
def test_v1_optimizer_matches_tf(ours, name):
    want, got = GOLDEN[name], ours[name]
    np.testing.assert_allclose(got["w"], want["w"], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(got["b"], want["b"], rtol=1e-5, atol=1e-7)
    assert got["slot_names"] == want["slot_names"] and got["var_names"] == want["var_names"]
    for slot, value in want["slots"].items():
        np.testing.assert_allclose(got["slots"][slot], value, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("name", sorted(GOLDEN["decays"]))
def test_v1_decay_matches_tf(ours, name):
    np.testing.assert_allclose(ours["decays"][name], GOLDEN["decays"][name], rtol=1e-5, atol=1e-8)


def test_decays_and_optimizers_eagerly():
    """Eagerly a decay is a function of the step variable (TF1's eager form) and the optimizers
    update at once."""
    step = tf.Variable(0, dtype=tf.int64)
    lr = tf1.train.polynomial_decay(0.1, step, 4, end_learning_rate=0.01, cycle=True)
    assert callable(lr) and float(lr()) == pytest.approx(0.1)
    step.assign(5)
    assert float(lr()) == pytest.approx(GOLDEN["decays"]["polynomial_cycle"][5], rel=1e-5)
    v = tf.Variable([1.0, -1.0])
    tf1.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=1.0).minimize(
        lambda: tf.reduce_sum(v * v), var_list=[v])
    np.testing.assert_allclose(v.numpy(), [0.7, -0.7], rtol=1e-6)  # 1 - 0.1*2 = 0.8, minus lr*l1 = 0.1


def test_bad_arguments():
    """TF's messages."""
    with pytest.raises(ValueError, match="learning_rate_power 0.500000 needs to be negative or zero"):
        tf1.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
    with pytest.raises(ValueError, match="l1_regularization_strength -1.000000 needs to be positive or zero"):
        tf1.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.0)
    with tf1.Graph().as_default():
        with pytest.raises(ValueError, match="None values not supported."):
            tf1.train.cosine_decay(0.1, None, 10)
    lazy = tf1.train.cosine_decay(0.1, None, 10)  # eagerly: the error waits for the call, as in TF
    with pytest.raises(ValueError, match="None values not supported."):
        lazy()
