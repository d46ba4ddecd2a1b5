"""Initializers, activations, regularizers, constraints. Run with NUMTF_TEST_AGAINST=tensorflow
(TF_USE_LEGACY_KERAS=1) under the TF venv to check the expectations against tf-keras."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
init = tf.keras.initializers


def test_deterministic_initializers():
    np.testing.assert_array_equal(init.Zeros()((2, 3)).numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(init.Ones()((2,), dtype="float64").numpy(), [1.0, 1.0])
    assert init.Ones()((2,), dtype="float64").dtype == tf.float64
    np.testing.assert_array_equal(init.Constant(3.0)((2,)).numpy(), [3.0, 3.0])
    np.testing.assert_array_equal(init.Constant([[1, 2], [3, 4]])((2, 2)).numpy(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(init.Identity(gain=2.0)((2, 3)).numpy(), [[2, 0, 0], [0, 2, 0]])
    np.testing.assert_array_equal(tf.zeros_initializer()((2,)).numpy(), [0.0, 0.0])
    np.testing.assert_array_equal(tf.constant_initializer(5.0)((1,)).numpy(), [5.0])
    assert init.get("zeros").__class__.__name__ == "Zeros"
    assert init.get("glorot_uniform").__class__.__name__ == "GlorotUniform"


@pytest.mark.parametrize("name, std", [
    ("glorot_uniform", np.sqrt(2.0 / (300 + 200))), ("glorot_normal", np.sqrt(2.0 / (300 + 200))),
    ("he_uniform", np.sqrt(2.0 / 300)), ("he_normal", np.sqrt(2.0 / 300)),
    ("lecun_uniform", np.sqrt(1.0 / 300)), ("lecun_normal", np.sqrt(1.0 / 300))])
def test_variance_scaling_statistics(name, std):
    w = init.get(name)((300, 200)).numpy()
    assert w.dtype == np.float32 and w.shape == (300, 200)
    assert abs(w.mean()) < 0.02 * std * 10 and abs(w.std() / std - 1) < 0.03
    if "uniform" in name:
        assert np.abs(w).max() <= np.sqrt(3) * std * 1.0001
    else:
        assert np.abs(w).max() <= 2 * std / 0.87962566103423978 * 1.0001  # truncated at two stddevs


def test_random_initializers_and_seeds():
    u = init.RandomUniform(-1.0, 1.0)((10000,)).numpy()
    assert -1 <= u.min() and u.max() < 1 and abs(u.mean()) < 0.05
    n = init.RandomNormal(1.0, 2.0)((10000,)).numpy()
    assert abs(n.mean() - 1) < 0.1 and abs(n.std() - 2) < 0.1
    t = init.TruncatedNormal(0.0, 1.0)((10000,)).numpy()
    assert np.abs(t).max() <= 2.0
    seeded = init.GlorotUniform(seed=3)
    np.testing.assert_array_equal(seeded((3, 4)).numpy(), seeded((3, 4)).numpy())
    if os.environ.get("NUMTF_TEST_AGAINST") is None:
        # numtf's unseeded initializers honour tf.random.set_seed (issue 3 asks for it; tf-keras 2.21's
        # draw from a generator that set_seed does not reset, so this part is numtf's own contract)
        tf.random.set_seed(7)
        a = init.GlorotUniform()((3, 4)).numpy()
        tf.random.set_seed(7)
        b = init.GlorotUniform()((3, 4)).numpy()
        np.testing.assert_array_equal(a, b)
    q = init.Orthogonal()((5, 3)).numpy()
    np.testing.assert_allclose(q.T @ q, np.eye(3), atol=1e-5)


def test_initializer_config_round_trip():
    i = init.VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform", seed=1)
    config = i.get_config()
    assert config == {"scale": 2.0, "mode": "fan_out", "distribution": "uniform", "seed": 1}
    j = init.VarianceScaling.from_config(config)
    np.testing.assert_array_equal(i((2, 2)).numpy(), j((2, 2)).numpy())
    s = init.serialize(init.GlorotUniform())
    assert s["class_name"] == "GlorotUniform" and s["config"] == {"seed": None}
    with pytest.raises(ValueError):
        init.get("no_such_initializer")


def test_activations():
    x = tf.constant([-2.0, -0.5, 0.0, 0.5, 2.0])
    act = tf.keras.activations
    np.testing.assert_allclose(act.relu(x).numpy(), [0, 0, 0, 0.5, 2])
    np.testing.assert_allclose(act.relu(x, alpha=0.1).numpy(), [-0.2, -0.05, 0, 0.5, 2], rtol=1e-6)
    np.testing.assert_allclose(act.relu(x, max_value=1.0).numpy(), [0, 0, 0, 0.5, 1])
    np.testing.assert_allclose(act.relu(x, threshold=0.5).numpy(), [0, 0, 0, 0, 2])
    np.testing.assert_allclose(act.sigmoid(x).numpy(), 1 / (1 + np.exp(-x.numpy())), rtol=1e-6)
    np.testing.assert_allclose(act.softmax(tf.constant([[1.0, 2.0]])).numpy(), [[0.26894142, 0.73105858]], rtol=1e-6)
    np.testing.assert_allclose(act.hard_sigmoid(x).numpy(), [0.1, 0.4, 0.5, 0.6, 0.9], rtol=1e-6)
    np.testing.assert_allclose(act.elu(x).numpy(), np.where(x.numpy() > 0, x.numpy(), np.expm1(x.numpy())), rtol=1e-6)
    np.testing.assert_allclose(act.linear(x).numpy(), x.numpy())
    assert act.get("relu") is act.relu and act.get(None) is act.linear
    assert act.serialize(act.relu) == "relu"
    with pytest.raises(ValueError, match="Unknown activation function"):
        act.get("no_such_activation")


def test_regularizers_and_constraints():
    w = tf.constant([[1.0, -2.0], [3.0, -4.0]])
    assert float(tf.keras.regularizers.L2(0.1)(w)) == pytest.approx(3.0)
    assert float(tf.keras.regularizers.L1(0.1)(w)) == pytest.approx(1.0)
    assert float(tf.keras.regularizers.L1L2(l1=0.1, l2=0.1)(w)) == pytest.approx(4.0)
    dense = tf.keras.layers.Dense(2, kernel_regularizer="l2", kernel_initializer="ones")
    dense(tf.ones((1, 3)))
    assert len(dense.losses) == 1 and float(dense.losses[0]) == pytest.approx(0.06)
    np.testing.assert_allclose(tf.keras.constraints.NonNeg()(w).numpy(), [[1, 0], [3, 0]])
    norm = tf.keras.constraints.MaxNorm(2.0)(w).numpy()
    assert np.all(np.linalg.norm(norm, axis=0) <= 2.0 + 1e-5)
    unit = tf.keras.constraints.UnitNorm()(w).numpy()
    np.testing.assert_allclose(np.linalg.norm(unit, axis=0), [1.0, 1.0], rtol=1e-5)
