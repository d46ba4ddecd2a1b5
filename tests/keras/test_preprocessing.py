"""Rescaling, Normalization (adapt), Resizing, CenterCrop and RandomFlip against real tf-keras
(tests/golden/keras_preprocessing.npz, tools/make_preprocessing_golden.py, TF 2.21 + tf-keras):
outputs, dtypes, weight names and adapted statistics, configs and their round trip, output-shape
inference; then training inside a Sequential model, gradients, RandomFlip's flips and the errors.
"""
import json
import os

import numpy as np
import pytest

import numtf as tf
from layer_helpers import check_config

layers = tf.keras.layers
GOLDEN_FILE = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_preprocessing.npz")
ARRAYS = np.load(GOLDEN_FILE)
GOLDEN = {c["name"]: c for c in json.loads(str(ARRAYS["cases"]))}
# tf-keras records the input shape adapt built the layer with (serialisation metadata)
CONFIG_IGNORE = ("batch_input_shape",)


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def golden_layer(case):
    name = case["name"]
    layer = getattr(layers, case["layer"])(**case["kwargs"])
    if case["adapt"] is not None:
        a = ARRAYS[name + "/adapt"]
        if case["adapt_as"] == "tensor":
            layer.adapt(tf.constant(a))
        elif case["adapt_as"] == "dataset":
            layer.adapt(tf.data.Dataset.from_tensor_slices(a).batch(case["adapt_batch"]))
        else:
            layer.adapt(a)
    return layer


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_case_against_tf_keras(name):
    case = GOLDEN[name]
    ref = case["tf"]
    layer = golden_layer(case)
    x = ARRAYS[name + "/x"]
    y = layer(tf.constant(x), **case["call"])
    assert y.dtype.name == ref["dtype"]
    np.testing.assert_allclose(y.numpy(), ARRAYS[name + "/y"], rtol=1e-5, atol=1e-5)
    assert [w.name for w in layer.weights] == ref["weight_names"]
    for i, w in enumerate(layer.weights):
        np.testing.assert_allclose(w.numpy(), ARRAYS[f"{name}/w{i}"], rtol=1e-5, atol=1e-6, err_msg=w.name)
        assert w.numpy().dtype == ARRAYS[f"{name}/w{i}"].dtype
    assert not layer.trainable_weights
    check_config(layer.get_config(), ref["config"], ignore=CONFIG_IGNORE, label=case["layer"])
    inferred = tf.TensorShape(layer.compute_output_shape((None,) + tuple(case["shape"][1:])))
    assert inferred.as_list() == ref["compute_output_shape"]
    # config round trip, with the adapted state carried by the weights
    clone = type(layer).from_config(layer.get_config())
    clone(tf.constant(x), **case["call"])
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(clone(tf.constant(x), **case["call"]).numpy(), y.numpy(), rtol=1e-6)
    assert clone.get_config() == layer.get_config()


def test_golden_covers_every_layer():
    assert {c["layer"] for c in GOLDEN.values()} == {"Rescaling", "Normalization", "Resizing", "CenterCrop",
                                                     "RandomFlip"}


def test_normalization_adapt_statistics_and_readapt():
    layer = layers.Normalization()
    data = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])
    layer.adapt(data)
    np.testing.assert_allclose(layer.mean.numpy(), [[3.0, 30.0]], rtol=1e-6)
    np.testing.assert_allclose(layer.variance.numpy(), [[8 / 3, 1400 / 3]], rtol=1e-6)
    assert int(layer.count.numpy()) == 3
    layer.adapt(np.array([[0.0, 0.0], [2.0, 4.0]]))  # a second adapt replaces the statistics
    np.testing.assert_allclose(layer.mean.numpy(), [[1.0, 2.0]])
    np.testing.assert_allclose(layer.variance.numpy(), [[1.0, 4.0]])
    assert int(layer.count.numpy()) == 2


def test_normalization_weights_built_by_call_are_scoped():
    layer = layers.Normalization()
    assert layer.weights == []
    layer(np.ones((2, 3), np.float32))
    assert [w.name for w in layer.weights] == ["normalization/mean:0", "normalization/variance:0",
                                               "normalization/count:0"]


def test_gradients_rescaling_and_normalization():
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    norm = layers.Normalization(mean=[0.0, 1.0, 2.0], variance=[4.0, 9.0, 0.25])
    resc = layers.Rescaling(3.0, offset=1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(norm(resc(x)) * tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    grad = tape.gradient(total, x).numpy()
    expected = 3.0 * np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) / np.array([2.0, 3.0, 0.5])
    np.testing.assert_allclose(grad, expected, rtol=1e-6)
    inv = layers.Normalization(mean=1.0, variance=4.0, invert=True)
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(inv(x))
    np.testing.assert_allclose(tape.gradient(total, x).numpy(), np.full((2, 3), 2.0))


def test_sequential_fit_with_preprocessing():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (8, 6, 6, 1)).astype("uint8")
    labels = rng.integers(0, 2, (8,))
    norm = layers.Normalization(axis=None)
    norm.adapt(images.astype("float32") / 255.0)
    model = tf.keras.Sequential([
        tf.keras.Input((6, 6, 1)), layers.Rescaling(1 / 255), norm, layers.RandomFlip(seed=1),
        layers.CenterCrop(5, 5), layers.Resizing(4, 4), layers.Flatten(), layers.Dense(2)])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    before = [w.numpy().copy() for w in model.trainable_weights]
    stats = [w.numpy().copy() for w in norm.weights]
    history = model.fit(images, labels, epochs=1, batch_size=4, verbose=0)
    assert len(history.history["loss"]) == 1 and np.isfinite(history.history["loss"][0])
    assert any(not np.allclose(b, w.numpy()) for b, w in zip(before, model.trainable_weights))
    for s, w in zip(stats, norm.weights):  # fit leaves the adapted statistics alone
        np.testing.assert_array_equal(s, w.numpy())
    out = model.predict(images, verbose=0)
    assert out.shape == (8, 2)
    np.testing.assert_allclose(model.predict(images, verbose=0), out)  # no flips at inference


def _is_flip_of(out, x, mode):
    options = [x]
    if mode in ("horizontal", "horizontal_and_vertical"):
        options.append(x[:, ::-1])
    if mode in ("vertical", "horizontal_and_vertical"):
        options.append(x[::-1])
    if mode == "horizontal_and_vertical":
        options.append(x[::-1, ::-1])
    return any(np.array_equal(out, o) for o in options)


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical"])
def test_random_flip_training_flips_each_image(mode):
    x = np.arange(40 * 3 * 4 * 2, dtype=np.float32).reshape(40, 3, 4, 2)
    layer = layers.RandomFlip(mode, seed=5)
    y = layer(tf.constant(x), training=True).numpy()
    assert y.shape == x.shape and y.dtype == np.float32
    assert all(_is_flip_of(y[i], x[i], mode) for i in range(len(x)))
    changed = sum(not np.array_equal(y[i], x[i]) for i in range(len(x)))
    assert 0 < changed < len(x)  # per image, not all or none (40 images: chance 2 * 2^-40 at most)
    # called directly, tf-keras's RandomFlip trains (its call's `training` defaults to True)
    assert all(_is_flip_of(o, i, mode) for o, i in zip(layer(tf.constant(x)).numpy(), x))
    np.testing.assert_array_equal(layer(tf.constant(x), training=False).numpy(), x)
    single = layer(tf.constant(x[0]), training=True).numpy()
    assert single.shape == x[0].shape and _is_flip_of(single, x[0], mode)


def test_random_flip_seeded_layers_reproduce():
    x = tf.constant(np.arange(16 * 2 * 2, dtype=np.float32).reshape(16, 2, 2, 1))
    tf.random.set_seed(3)
    a = layers.RandomFlip(seed=11)(x, training=True).numpy()
    tf.random.set_seed(3)
    b = layers.RandomFlip(seed=11)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


def test_errors():
    with pytest.raises(ValueError, match="both `mean` and `variance` must be set. Got mean: \\[1.0\\] and "
                                         "variance: None"):
        layers.Normalization(mean=[1.0])
    with pytest.raises(ValueError, match="All `axis` values must be in the range \\[-ndim, ndim\\). Found ndim: "
                                         "`2`, axis: \\(3,\\)"):
        layers.Normalization(axis=3).adapt(np.ones((2, 2)))
    with pytest.raises(ValueError, match="All `axis` values must be in the range"):
        layers.Normalization(axis=-3)(np.ones((2, 2)))
    with pytest.raises(ValueError, match="Cannot `adapt` a Normalization layer that is initialized with static "
                                         "`mean` and `variance`, you passed mean 1.0 and variance 2.0."):
        layers.Normalization(mean=1.0, variance=2.0).adapt(np.ones((2, 2)))
    with pytest.raises(ValueError, match="RandomFlip layer random_flip received an unknown mode argument diag"):
        layers.RandomFlip(mode="diag")
    with pytest.raises(NotImplementedError, match="Value not recognized for `interpolation`: foo"):
        layers.Resizing(2, 2, interpolation="foo")


def test_normalization_before_adapt_is_identity():
    """tf-keras raises nothing: the unadapted statistics are mean 0 and variance 1."""
    x = np.array([[1.5, -2.0, 3.0]], np.float32)
    np.testing.assert_allclose(layers.Normalization()(x).numpy(), x)


def test_docstring_examples():
    import doctest
    from numtf.keras.layers import preprocessing
    result = doctest.testmod(preprocessing, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


def test_resizing_takes_every_tf_interpolation():
    # values from tf-keras 2.21 (first image, first row)
    x = np.arange(2 * 5 * 6, dtype="float32").reshape(2, 5, 6, 1)
    expected = {"bicubic": [1.6143, 3.1965, 4.6965, 6.2786], "area": [2.7333, 4.0667, 5.7333, 7.0667],
                "lanczos3": [1.3964, 3.0443, 4.4635, 6.1115], "gaussian": [2.3044, 3.8111, 5.2598, 6.7665]}
    for method, row in expected.items():
        y = tf.keras.layers.Resizing(3, 4, interpolation=method)(x)
        np.testing.assert_allclose(y.numpy()[0, 0, :, 0], row, atol=1e-4)
    assert tf.keras.layers.RandomHeight(0.3, interpolation="bicubic", seed=3)(x, training=True).shape[2:] == (6, 1)
