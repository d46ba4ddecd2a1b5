"""BatchNormalization's training semantics (the golden outputs are in test_layers.py). Run with
NUMTF_TEST_AGAINST=tensorflow (TF_USE_LEGACY_KERAS=1) under the TF venv to check them against
tf-keras."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def batch(shape, seed=0):
    return (np.random.default_rng(seed).standard_normal(shape) * 2 + 1).astype(np.float32)


@pytest.mark.parametrize("shape,unbiased", [((4, 3, 3, 2), True), ((5, 2), False), ((2, 3, 4), False)])
def test_moving_statistics_follow_tf_keras(shape, unbiased):
    """4-D inputs take TF's fused kernel, which moves toward the unbiased batch variance."""
    bn = tf.keras.layers.BatchNormalization(momentum=0.5)
    x = batch(shape)
    y = bn(x, training=True)
    axes = tuple(range(len(shape) - 1))
    n = np.prod([shape[a] for a in axes])
    mean, var = x.mean(axes), x.var(axes)
    np.testing.assert_allclose(y.numpy(), (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.5 * mean, rtol=1e-5, atol=1e-6)
    moved = var * n / (n - 1) if unbiased else var
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.5 + 0.5 * moved, rtol=1e-5)
    np.testing.assert_allclose(bn(x).numpy(), (x - bn.moving_mean.numpy()) / np.sqrt(bn.moving_variance.numpy() + 1e-3),
                               rtol=1e-4, atol=1e-5)  # no `training`: inference, moving stats unchanged
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.5 * mean, rtol=1e-5, atol=1e-6)


def test_frozen_layer_runs_in_inference_mode():
    bn = tf.keras.layers.BatchNormalization()
    x = batch((3, 2, 2, 4))
    bn(x, training=True)
    bn.trainable = False
    before = [w.numpy() for w in bn.weights]
    y = bn(x, training=True)
    np.testing.assert_allclose(y.numpy(), (x - before[2]) / np.sqrt(before[3] + 1e-3), rtol=1e-4, atol=1e-5)
    for b, w in zip(before, bn.weights):
        np.testing.assert_array_equal(b, w.numpy())
    assert bn.trainable_weights == [] and len(bn.non_trainable_weights) == 4


def test_weights_names_and_config():
    bn = tf.keras.layers.BatchNormalization(epsilon=1e-6)
    bn(batch((2, 2, 2, 3)))
    assert [w.name for w in bn.weights] == ["batch_normalization/gamma:0", "batch_normalization/beta:0",
                                           "batch_normalization/moving_mean:0",
                                           "batch_normalization/moving_variance:0"]
    assert [w.trainable for w in bn.weights] == [True, True, False, False]
    assert bn.epsilon == 1e-6 and bn.get_config()["epsilon"] == 1e-6
    assert list(bn.get_config()["axis"]) == [3]  # the normalized axis, once built


def test_traced_and_fit_steps_update_the_moving_statistics():
    bn = tf.keras.layers.BatchNormalization(momentum=0.0)  # moving stats = the last batch's
    x = batch((4, 3, 3, 2))

    @tf.function
    def step(x):
        return bn(x, training=True)
    step(x)
    np.testing.assert_allclose(bn.moving_mean.numpy(), x.mean((0, 1, 2)), rtol=1e-5)
    step(x + 1.0)
    np.testing.assert_allclose(bn.moving_mean.numpy(), x.mean((0, 1, 2)) + 1.0, rtol=1e-5)
    model = tf.keras.Sequential([tf.keras.layers.BatchNormalization(momentum=0.0), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.zeros((4, 2), np.float32), batch_size=4, epochs=1, verbose=0)
    np.testing.assert_allclose(model.layers[0].moving_mean.numpy(), x.mean((0, 1, 2)), rtol=1e-5)


def test_bad_axis_and_undefined_channels():
    with pytest.raises(ValueError, match=r"Expected 0 <= axis < inputs.rank \(with inputs.rank=2\). "
                                         r"Received: axis=\(3,\)"):
        tf.keras.layers.BatchNormalization(axis=3)(batch((2, 3)))
    with pytest.raises(ValueError, match=r"Duplicate axis: \(1, 1\)"):
        tf.keras.layers.BatchNormalization(axis=[1, 1])(batch((2, 3, 3)))
    with pytest.raises(ValueError, match=r"Input has undefined `axis` dimension. Received input with shape "
                                         r"\(None, 3, None\) and axis=\(2,\)"):
        tf.keras.layers.BatchNormalization()(tf.keras.Input(shape=(3, None)))
