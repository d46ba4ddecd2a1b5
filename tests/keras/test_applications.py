"""tf.keras.applications.MobileNetV2 against tf-keras (tests/golden/keras_applications.npz, written
by tools/make_applications_golden.py): the architecture for several arguments (layer names,
parameter counts, shapes, paddings) and, for a small configuration with the same weights, the
inference and training outputs, gradients and moving statistics; argument errors."""
import importlib.util
import json
import os

import numpy as np
import pytest

import numtf as tf

HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(HERE, "..", "golden", "keras_applications.npz"))
META = json.loads(str(GOLDEN["meta"]))
_spec = importlib.util.spec_from_file_location("make_applications_golden",
                                               os.path.join(HERE, "..", "..", "tools", "make_applications_golden.py"))
generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generator)  # its weights() and kwargs_of(): the same arrays and arguments as TF got


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@pytest.mark.parametrize("arch", META["architectures"], ids=lambda a: a["name"])
def test_architecture_matches_tf_keras(arch):
    model = tf.keras.applications.MobileNetV2(**generator.kwargs_of(arch["spec"]))
    assert model.name == arch["name"]
    assert [layer.name for layer in model.layers] == arch["layers"]
    assert model.count_params() == arch["count_params"]
    assert list(model.input_shape) == arch["input_shape"] and list(model.output_shape) == arch["output_shape"]
    paddings = [[list(p) for p in layer.get_config()["padding"]] for layer in model.layers
                if type(layer).__name__ == "ZeroPadding2D"]
    assert paddings == arch["paddings"]


def test_small_model_numbers_match_tf_keras():
    model = tf.keras.applications.MobileNetV2(**generator.kwargs_of(META["small"]))
    model.set_weights(generator.weights([(tuple(w.shape), w.name) for w in model.weights]))
    x, y = GOLDEN["x"], GOLDEN["y"]
    np.testing.assert_allclose(model(x).numpy(), GOLDEN["inference"], rtol=1e-4, atol=1e-6)
    with tf.GradientTape() as tape:
        p = model(x, training=True)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, p))
    first, last = model.trainable_weights[0], model.trainable_weights[-2]
    assert (first.name, last.name) == (META["first"], META["last"])
    np.testing.assert_allclose(p.numpy(), GOLDEN["training"], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(loss.numpy(), GOLDEN["loss"], rtol=1e-5)
    # The gradients come through 52 batch normalizations in training mode, whose float32 rounding
    # (TF's fused kernels vs numtf's ops) compounds: compared relative to their size.
    for got, want in zip(tape.gradient(loss, [first, last]), (GOLDEN["grad_first"], GOLDEN["grad_last"])):
        assert np.linalg.norm(got.numpy() - want) <= 2e-3 * np.linalg.norm(want)
        np.testing.assert_allclose(got.numpy(), want, rtol=0, atol=1e-2 * np.abs(want).max())
    bn = model.get_layer("bn_Conv1")
    np.testing.assert_allclose(bn.moving_mean.numpy(), GOLDEN["bn_moving_mean"], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(bn.moving_variance.numpy(), GOLDEN["bn_moving_variance"], rtol=1e-5)


def test_handbook_flower_classifier_trains():
    """The handbook's MobileNetV2(weights=None, classes=5) under compile/fit, shrunk to 32x32 inputs."""
    tf.random.set_seed(0)
    model = tf.keras.applications.MobileNetV2(weights=None, classes=5, input_shape=(32, 32, 3), alpha=0.35)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
                  loss=tf.keras.losses.sparse_categorical_crossentropy,
                  metrics=[tf.keras.metrics.sparse_categorical_accuracy])
    rng = np.random.default_rng(0)
    x = tf.keras.applications.mobilenet_v2.preprocess_input(rng.uniform(0, 255, (8, 32, 32, 3)).astype(np.float32))
    y = rng.integers(0, 5, 8)
    history = model.fit(x, y, batch_size=4, epochs=6, verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 6 and losses[-1] < losses[0]
    assert model.predict(x, verbose=0).shape == (8, 5)


def test_preprocess_and_argument_errors():
    np.testing.assert_allclose(tf.keras.applications.mobilenet_v2.preprocess_input(np.array([0., 127.5, 255.])),
                               [-1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"The `weights` argument should be either `None`.*Received `weights=foo`"):
        tf.keras.applications.MobileNetV2(weights="foo")
    with pytest.raises(ValueError, match=r"Input size must be at least 32x32; Received: input_shape=\(20, 20, 3\)"):
        tf.keras.applications.MobileNetV2(weights=None, input_shape=(20, 20, 3))
    with pytest.raises(ValueError, match=r"`classes` should be 1000. Received `classes=5`"):
        tf.keras.applications.MobileNetV2(classes=5)
    with pytest.raises(ValueError, match="pretrained ImageNet weights.*weights=None"):
        tf.keras.applications.MobileNetV2()
