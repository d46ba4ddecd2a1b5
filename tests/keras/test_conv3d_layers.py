"""3-D convolution and pooling layers (Conv3D, Conv3DTranspose, MaxPooling3D, AveragePooling3D,
GlobalMax/AveragePooling3D) and the convolutional LSTMs (ConvLSTM1D/2D/3D) against tf-keras.

Every layer case of tests/golden/conv3d.npz (tools/make_conv3d_golden.py, TF 2.21 + tf-keras)
is replayed with the same weights: outputs, get_config (keys in tf-keras's order), weight names
and shapes, compute_output_shape; then tf-keras's errors; then a tiny model trained with fit and
saved/loaded as .keras."""
import json
import os
import re

import numpy as np
import pytest

import numtf as tf

layers = tf.keras.layers
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "conv3d.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["layer_cases"]))}
CONFIGS = json.loads(str(GOLDEN["configs"]))
TF_ERRORS = json.loads(str(GOLDEN["errors"]))


@pytest.fixture(autouse=True)
def _fresh_names():
    tf.keras.backend.clear_session()


def _jsonable(value):
    return json.loads(json.dumps(value))


def _make(case):
    key = "layer/" + case["name"]
    x = GOLDEN[f"{key}/x"]
    layer = getattr(layers, case["cls"])(**case["config"])
    layer.build(x.shape)
    weights = [GOLDEN[f"{key}/w{i}"] for i in range(len(layer.weights))]
    layer.set_weights(weights)
    return layer, x


@pytest.mark.parametrize("name", list(CASES))
def test_layer_against_tf_keras(name):
    case, expected = CASES[name], CONFIGS[name]
    key = "layer/" + name
    layer, x = _make(case)
    kwargs = {}
    if "mask" in case["call"]:
        kwargs["mask"] = tf.constant(case["call"]["mask"])
    if case["call"].get("initial_state"):
        kwargs["initial_state"] = [tf.constant(GOLDEN[f"{key}/state{i}"]) for i in range(2)]
    out = layer(tf.constant(x), **kwargs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    assert len(outs) == len([k for k in GOLDEN.files if k.startswith(key + "/out")])
    for i, o in enumerate(outs):
        assert o.dtype == tf.float32
        np.testing.assert_allclose(o.numpy(), GOLDEN[f"{key}/out{i}"], rtol=1e-5, atol=1e-5, err_msg=f"output {i}")
    config = _jsonable(layer.get_config())
    want = expected["config"]
    assert list(config) == list(want)
    assert {k: v for k, v in config.items() if k != "name"} == {k: v for k, v in want.items() if k != "name"}
    names = [re.sub(r"^.*/", "", w.name) for w in layer.weights]
    assert [[n, list(w.shape)] for n, w in zip(names, layer.weights)] == \
        [[re.sub(r"^.*/", "", n), s] for n, s in expected["weights"]]
    if expected["output_shape"] is not None:
        shape = layer.compute_output_shape([None] + case["shape"][1:])
        assert [TensorShapeList(shape)] == expected["output_shape"]
    # from_config rebuilds the same layer
    clone = type(layer).from_config(layer.get_config())
    assert _jsonable(clone.get_config()) == config


def TensorShapeList(shape):
    return tf.TensorShape(shape).as_list()


# -- errors ---------------------------------------------------------------------------------------
ERROR_CALLS = {
    "Conv3D/causal": lambda: layers.Conv3D(2, 3, padding="causal"),
    "Conv3D/stride_and_dilation": lambda: layers.Conv3D(2, 3, strides=2, dilation_rate=2),
    "Conv3D/zero_filters": lambda: layers.Conv3D(0, 3),
    "Conv3D/kernel_size_length": lambda: layers.Conv3D(2, (3, 3)),
    "Conv3D/rank4_input": lambda: layers.Conv3D(2, 3)(tf.zeros([1, 4, 4, 2])),
    "Conv3DTranspose/output_padding": lambda: layers.Conv3DTranspose(2, 3, strides=2, output_padding=2),
    "MaxPooling3D/rank4_input": lambda: layers.MaxPooling3D()(tf.zeros([1, 4, 4, 2])),
    "AveragePooling3D/bad_data_format": lambda: layers.AveragePooling3D(data_format="nchw"),
    "ConvLSTM2D/rank4_input": lambda: layers.ConvLSTM2D(2, 3)(tf.zeros([1, 4, 4, 2])),
}


@pytest.mark.parametrize("label", list(ERROR_CALLS))
def test_errors_match_tf_keras(label):
    kind, message = TF_ERRORS[label]
    with pytest.raises(Exception) as info:
        ERROR_CALLS[label]()
    assert type(info.value).__name__ == kind
    # (layer names differ: tf-keras's uniquified ones count the layers its generator made before)
    expected = re.sub(r'layer "\w+"', "layer", message)
    assert expected in re.sub(r'layer "\w+"', "layer", str(info.value)), f"numtf: {info.value}\ntf-keras: {message}"


# -- models -----------------------------------------------------------------------------------------
def volume_model():
    inputs = tf.keras.Input((4, 4, 4, 2))
    x = layers.Conv3D(3, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling3D()(x)
    x = layers.Conv3DTranspose(2, 2, strides=2)(x)
    x = layers.AveragePooling3D(2)(x)
    y = layers.Dense(1)(layers.GlobalAveragePooling3D()(x))
    return tf.keras.Model(inputs, y)


def test_conv3d_model_trains_saves_and_loads(tmp_path):
    tf.random.set_seed(0)
    rng = np.random.default_rng(0)
    model = volume_model()
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    x = rng.standard_normal((8, 4, 4, 4, 2)).astype(np.float32)
    y = rng.standard_normal((8, 1)).astype(np.float32)
    before = [w.numpy().copy() for w in model.trainable_weights]
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    moved = [not np.array_equal(b, w.numpy()) for b, w in zip(before, model.trainable_weights)]
    assert all(moved), [w.name for w, m in zip(model.trainable_weights, moved) if not m]
    predictions = model.predict(x, verbose=0)
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    assert [type(l).__name__ for l in loaded.layers] == [type(l).__name__ for l in model.layers]
    np.testing.assert_allclose(loaded.predict(x, verbose=0), predictions, rtol=1e-5, atol=1e-6)


def test_aliases_and_symbolic_shapes():
    assert layers.MaxPool3D is layers.MaxPooling3D and layers.AvgPool3D is layers.AveragePooling3D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D
    assert layers.Convolution3D is layers.Conv3D and layers.Convolution3DTranspose is layers.Conv3DTranspose
    inputs = tf.keras.Input((None, 6, 5, 2))
    assert layers.Conv3D(4, 3, strides=(1, 2, 2), padding="same")(inputs).shape.as_list() == [None, None, 3, 3, 4]
    assert layers.Conv3DTranspose(3, 3, strides=2)(inputs).shape.as_list() == [None, None, 13, 11, 3]
    assert layers.MaxPooling3D((1, 2, 2))(inputs).shape.as_list() == [None, None, 3, 2, 2]


# -- convolutional LSTMs ------------------------------------------------------------------------
def test_conv_lstm_stateful_carries_states_across_calls():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 4, 5, 5, 2)).astype(np.float32)
    whole = layers.ConvLSTM2D(3, 3, padding="same", return_state=True)
    whole.build(x.shape)
    stateful = layers.ConvLSTM2D(3, 3, padding="same", stateful=True)
    stateful.build(x.shape)
    stateful.set_weights(whole.get_weights())
    out, h, c = whole(x)
    stateful(x[:, :2])
    np.testing.assert_allclose(stateful(x[:, 2:]).numpy(), out.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(stateful.states[1].numpy(), c.numpy(), rtol=1e-5, atol=1e-6)
    stateful.reset_states()
    assert not np.any(stateful.states[0].numpy())


def test_conv_lstm_gradients_reach_every_weight_and_the_inputs():
    layer = layers.ConvLSTM1D(2, 2, dropout=0.2, recurrent_dropout=0.2)
    x = tf.constant(np.random.default_rng(2).standard_normal((2, 3, 5, 2)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x, training=True) ** 2)
    grads = tape.gradient(loss, [x] + layer.trainable_weights)
    assert all(g is not None and np.any(g.numpy()) for g in grads)
    assert layer(x).shape == (2, 4, 2)  # inference: no dropout, deterministic
    np.testing.assert_array_equal(layer(x).numpy(), layer(x).numpy())


def test_conv_lstm_model_trains_saves_and_loads(tmp_path):
    tf.random.set_seed(0)
    rng = np.random.default_rng(0)
    model = tf.keras.Sequential([tf.keras.Input((3, 5, 5, 1)),
                                 layers.ConvLSTM2D(2, 3, padding="same", return_sequences=True),
                                 layers.ConvLSTM2D(2, 3, go_backwards=True),
                                 layers.GlobalAveragePooling2D(), layers.Dense(1)])
    assert model.layers[0].output.shape.as_list() == [None, 3, 5, 5, 2]
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    x = rng.standard_normal((4, 3, 5, 5, 1)).astype(np.float32)
    y = rng.standard_normal((4, 1)).astype(np.float32)
    before = [w.numpy().copy() for w in model.trainable_weights]
    history = model.fit(x, y, batch_size=2, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert all(not np.array_equal(b, w.numpy()) for b, w in zip(before, model.trainable_weights))
    predictions = model.predict(x, verbose=0)
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), predictions, rtol=1e-5, atol=1e-6)


def test_conv_lstm_unit_forget_bias():
    layer = layers.ConvLSTM2D(2, 1)
    layer.build((None, 2, 3, 3, 1))
    np.testing.assert_array_equal(layer.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])
