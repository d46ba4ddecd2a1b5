"""Conv2DTranspose, Conv1DTranspose, SeparableConv2D, SeparableConv1D, SpatialDropout1D/2D,
GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization and Masking against real
tf-keras.

Every case of tests/golden/keras_layers3.npz (tools/make_layers3_golden.py, TF 2.21 + tf-keras) goes
through layer_helpers.check_layer (output with the same weights, weight names, config and its round
trip, compute_output_shape, float64 gradients vs finite differences, symbolic call), and its
gradients, functional-model shapes, losses and masks are compared with tf-keras's. The tests after
those (random layers, Masking with an LSTM, training, errors) also run against tf-keras with
NUMTF_TEST_AGAINST=tensorflow (TF_USE_LEGACY_KERAS=1): that is how their expected values and error
types were checked.
"""
import importlib
import json
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
layers = tf.keras.layers
GOLDEN_FILE = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_layers3.npz")
NUMTF_ONLY = pytest.mark.skipif(tf.__name__ != "numtf", reason="replays golden files through numtf's helpers")
if tf.__name__ == "numtf":
    from layer_helpers import (check_golden_case, check_golden_functional, check_golden_gradients, golden_layer,
                               golden_layer_classes, load_golden)
    GOLDEN = load_golden(GOLDEN_FILE)
    ARRAYS = np.load(GOLDEN_FILE)
else:
    GOLDEN = {c["name"]: c for c in json.loads(str(np.load(GOLDEN_FILE)["cases"]))}
NEW_LAYERS = ("Conv2DTranspose", "Conv1DTranspose", "SeparableConv2D", "SeparableConv1D", "SpatialDropout1D",
              "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization",
              "Masking")


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@NUMTF_ONLY
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_case_against_tf_keras(name):
    """check_layer, then tf-keras's float32 gradients, functional-model shapes and predict, and
    layer.losses after the call (ActivityRegularization: l1 * sum|x| + l2 * sum x^2 over the batch
    size) and the output's _keras_mask (Masking)."""
    case = GOLDEN[name]
    check_golden_case(case)
    check_golden_gradients(case, ARRAYS)
    check_golden_functional(case)
    layer = golden_layer(case)
    y = layer(tf.constant(case["x"]), **case["call"])
    np.testing.assert_allclose([float(loss) for loss in layer.losses], case["tf"]["losses"], rtol=1e-6)
    mask = getattr(y, "_keras_mask", None)
    if f"{name}/mask" in ARRAYS.files:
        np.testing.assert_array_equal(mask.numpy(), ARRAYS[f"{name}/mask"])
    else:
        assert mask is None


@NUMTF_ONLY
def test_every_new_layer_has_golden_cases():
    assert set(NEW_LAYERS) <= golden_layer_classes(GOLDEN), set(NEW_LAYERS) - golden_layer_classes(GOLDEN)


def built(layer, shape):
    layer(np.zeros(shape, np.float32))
    return [(w.name, w.shape.as_list()) for w in layer.weights]


def test_defaults_and_weight_names():
    assert built(layers.Conv2DTranspose(4, 3), (1, 5, 5, 2)) == [("conv2d_transpose/kernel:0", [3, 3, 4, 2]),
                                                                 ("conv2d_transpose/bias:0", [4])]
    assert built(layers.Conv1DTranspose(4, 3, use_bias=False), (1, 5, 2)) == [("conv1d_transpose/kernel:0", [3, 4, 2])]
    assert built(layers.SeparableConv2D(4, 3, depth_multiplier=3), (1, 5, 5, 2)) == [
        ("separable_conv2d/depthwise_kernel:0", [3, 3, 2, 3]), ("separable_conv2d/pointwise_kernel:0", [1, 1, 6, 4]),
        ("separable_conv2d/bias:0", [4])]
    assert built(layers.SeparableConv1D(4, 3, data_format="channels_first"), (1, 2, 5)) == [
        ("separable_conv1d/depthwise_kernel:0", [3, 2, 1]), ("separable_conv1d/pointwise_kernel:0", [1, 2, 4]),
        ("separable_conv1d/bias:0", [4])]
    config = layers.Conv2DTranspose(4, 3).get_config()
    assert (config["strides"], config["padding"], config["output_padding"], config["dilation_rate"],
            config["data_format"], config["groups"]) == ((1, 1), "valid", None, (1, 1), "channels_last", 1)
    assert layers.Conv1DTranspose(2, 3, strides=2, output_padding=1).get_config()["output_padding"] == (1,)
    config = layers.SeparableConv2D(4, 3).get_config()
    assert config["depth_multiplier"] == 1
    assert config["depthwise_initializer"]["class_name"] == config["pointwise_initializer"]["class_name"] == \
        "GlorotUniform"
    assert layers.Masking().get_config()["mask_value"] == 0.0
    assert {k: v for k, v in layers.ActivityRegularization().get_config().items() if k in ("l1", "l2")} == \
        {"l1": 0.0, "l2": 0.0}
    for layer in (layers.SpatialDropout1D(0.5), layers.GaussianNoise(0.1), layers.GaussianDropout(0.1),
                  layers.AlphaDropout(0.1), layers.ActivityRegularization(), layers.Masking()):
        assert layer.supports_masking and layer.weights == []
    assert (layers.Convolution2DTranspose, layers.Convolution1DTranspose, layers.SeparableConvolution2D,
            layers.SeparableConvolution1D) == (layers.Conv2DTranspose, layers.Conv1DTranspose, layers.SeparableConv2D,
                                               layers.SeparableConv1D)


# -- the random layers -------------------------------------------------------------------------
RANDOM_LAYERS = {
    "spatial_dropout1d": (lambda: layers.SpatialDropout1D(0.4, seed=1), (4, 5, 6)),
    "spatial_dropout2d": (lambda: layers.SpatialDropout2D(0.4, seed=1), (2, 3, 4, 5)),
    "spatial_dropout2d_channels_first": (lambda: layers.SpatialDropout2D(0.4, "channels_first", seed=1),
                                         (2, 3, 4, 5)),
    "gaussian_noise": (lambda: layers.GaussianNoise(0.5, seed=1), (4, 6)),
    "gaussian_dropout": (lambda: layers.GaussianDropout(0.3, seed=1), (4, 6)),
    "alpha_dropout": (lambda: layers.AlphaDropout(0.3, seed=1), (4, 6)),
}


@pytest.mark.parametrize("name", sorted(RANDOM_LAYERS))
def test_random_layers_are_the_identity_outside_training(name):
    make, shape = RANDOM_LAYERS[name]
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    layer = make()
    for kwargs in ({}, {"training": False}):
        np.testing.assert_array_equal(layer(x, **kwargs).numpy(), x)
    assert not np.array_equal(layer(x, training=True).numpy(), x)  # and they do something while training
    model = tf.keras.Sequential([tf.keras.Input(shape[1:]), make()])
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)


@pytest.mark.parametrize("name", sorted(RANDOM_LAYERS))
def test_random_layers_follow_the_seeds(name):
    """The global seed and the layer's seed fix the draws; the next call draws anew."""
    make, shape = RANDOM_LAYERS[name]
    x = np.ones(shape, np.float32)
    tf.random.set_seed(3)
    layer = make()
    first, second = layer(x, training=True).numpy(), layer(x, training=True).numpy()
    tf.random.set_seed(3)
    layer = make()
    np.testing.assert_array_equal(layer(x, training=True).numpy(), first)
    assert not np.array_equal(first, second)


def test_gaussian_noise_statistics():
    tf.random.set_seed(0)
    noise = layers.GaussianNoise(0.5, seed=2)(np.full((400, 500), 3.0, np.float32), training=True).numpy() - 3.0
    assert noise.dtype == np.float32
    assert abs(noise.mean()) < 0.01 and abs(noise.std() - 0.5) < 0.01


def test_gaussian_dropout_statistics():
    tf.random.set_seed(0)
    x = np.full((400, 500), 2.0, np.float32)
    factor = layers.GaussianDropout(0.2, seed=2)(x, training=True).numpy() / 2.0
    assert abs(factor.mean() - 1.0) < 0.01 and abs(factor.std() - 0.5) < 0.01  # variance rate / (1 - rate)


def test_alpha_dropout_keeps_mean_and_variance():
    """Standard normal inputs stay (near) zero mean, unit variance; a fraction `rate` of them takes
    one value (SELU's saturation mapped by the same affine map as the kept ones)."""
    tf.random.set_seed(0)
    rate = 0.3
    x = np.random.default_rng(0).standard_normal((400, 500)).astype(np.float32)
    y = layers.AlphaDropout(rate, seed=2)(x, training=True).numpy()
    assert abs(y.mean()) < 0.02 and abs(y.std() - 1.0) < 0.02
    saturation = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * saturation ** 2)) ** -0.5
    b = -a * saturation * rate
    dropped = np.isclose(y, a * saturation + b, atol=1e-6)
    assert abs(dropped.mean() - rate) < 0.01
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("make,shape,shared", [
    (lambda: layers.SpatialDropout1D(0.4, seed=2), (200, 7, 64), (1,)),
    (lambda: layers.SpatialDropout2D(0.4, seed=2), (100, 3, 4, 128), (1, 2)),
    (lambda: layers.SpatialDropout2D(0.4, data_format="channels_first", seed=2), (100, 128, 3, 4), (2, 3)),
], ids=["1d", "2d", "2d_channels_first"])
def test_spatial_dropout_drops_whole_channels(make, shape, shared):
    """One draw per sample and channel, shared along the steps/pixels; the kept channels are scaled
    by 1 / (1 - rate); about `rate` of them are dropped; the gradient follows the same pattern."""
    tf.random.set_seed(0)
    x = tf.constant(np.ones(shape, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = make()(x, training=True)
    values = y.numpy()
    first = values[(slice(None),) + tuple(slice(0, 1) if a in shared else slice(None) for a in range(1, 4))
                   if len(shape) == 4 else (slice(None), slice(0, 1), slice(None))]
    np.testing.assert_array_equal(values, np.broadcast_to(first, shape))
    np.testing.assert_allclose(np.unique(values), [0.0, 1 / 0.6], rtol=1e-6)
    assert abs((first == 0).mean() - 0.4) < 0.03
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), values)


def test_spatial_dropout_pattern_with_an_unknown_batch_in_a_graph():
    """Traced with unknown batch and steps, the draws are still one per sample and channel."""
    layer = layers.SpatialDropout1D(0.5, seed=4)
    run = tf.function(lambda x: layer(x, training=True), input_signature=[tf.TensorSpec([None, None, 32])])
    values = run(tf.ones([16, 5, 32])).numpy()
    np.testing.assert_array_equal(values, np.broadcast_to(values[:, :1], values.shape))
    assert 0 < (values[:, 0] == 0).mean() < 1


def test_activity_regularization_adds_to_the_training_loss():
    """Keras's activity penalty: l1 * sum|y| + l2 * sum y^2, divided by the batch size."""
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], np.float32)
    target = np.zeros((2, 3), np.float32)
    model = tf.keras.Sequential([tf.keras.Input((3,)), layers.ActivityRegularization(l1=0.5, l2=0.25)])
    model.compile(loss="mse")
    expected = np.mean(x ** 2) + (0.5 * np.abs(x).sum() + 0.25 * (x ** 2).sum()) / 2
    assert model.evaluate(x, target, batch_size=2, verbose=0) == pytest.approx(expected, rel=1e-6)
    model(x)
    assert [float(v) for v in model.losses] == pytest.approx([expected - np.mean(x ** 2)], rel=1e-6)


# -- Masking -------------------------------------------------------------------------------------
def masked_sequences(mask_value=0.0):
    x = np.random.default_rng(5).standard_normal((3, 6, 4)).astype(np.float32)
    x[0, 3:] = mask_value
    x[1, 1] = mask_value
    x[2, 0] = mask_value
    return x


@pytest.mark.parametrize("mask_value", [0.0, -1.0])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_masking_feeds_an_lstm_like_an_explicit_mask(mask_value, return_sequences):
    x = masked_sequences(mask_value)
    mask = np.any(x != mask_value, axis=-1)
    masking = layers.Masking(mask_value=mask_value)
    lstm = layers.LSTM(5, return_sequences=return_sequences)
    y = masking(x)
    np.testing.assert_array_equal(y._keras_mask.numpy(), mask)
    np.testing.assert_array_equal(y.numpy(), x * mask[..., None])
    masked = lstm(y).numpy()
    np.testing.assert_allclose(masked, lstm(x * mask[..., None], mask=tf.constant(mask)).numpy(), rtol=1e-6,
                               atol=1e-7)
    assert not np.allclose(masked, lstm(x).numpy())  # the mask matters
    if return_sequences:  # a masked step repeats the previous output
        np.testing.assert_array_equal(masked[0, 3:], np.broadcast_to(masked[0, 2], (3, 5)))
    inputs = tf.keras.Input((6, 4))
    functional = tf.keras.Model(inputs, lstm(masking(inputs)))
    sequential = tf.keras.Sequential([tf.keras.Input((6, 4)), masking, lstm])
    for model in (functional, sequential):
        np.testing.assert_allclose(model.predict(x, verbose=0), masked, rtol=1e-5, atol=1e-6)


def test_masking_mask_when_called_symbolically():
    outputs = layers.Masking()(tf.keras.Input((None, 3)))
    assert outputs.shape.as_list() == [None, None, 3] and outputs._keras_mask.shape.as_list() == [None, None]
    assert layers.Masking().compute_mask(tf.constant([[[0.0, 1.0], [0.0, 0.0]]])).numpy().tolist() == [[True, False]]


# -- in models -----------------------------------------------------------------------------------
def sequential_model():
    return tf.keras.Sequential([
        tf.keras.Input((4, 4, 2)), layers.Conv2DTranspose(3, 3, strides=2, padding="same", output_padding=1),
        layers.SpatialDropout2D(0.2), layers.SeparableConv2D(4, 3, depth_multiplier=2, activation="relu"),
        layers.GaussianNoise(0.1), layers.Conv2DTranspose(2, 2, data_format="channels_first"),
        layers.GaussianDropout(0.1), layers.Flatten(), layers.Dense(1), layers.ActivityRegularization(l2=0.01)])


def functional_model():
    inputs = tf.keras.Input((4, 4, 2))
    up = layers.Conv2DTranspose(3, 3, strides=2, padding="same")(inputs)
    separable = layers.SeparableConv2D(4, 3, padding="same", depth_multiplier=2)(layers.AlphaDropout(0.1)(up))
    merged = layers.Concatenate()([up, separable])
    sequence = layers.Reshape((64, 7))(merged)
    sequence = layers.SeparableConv1D(3, 3, padding="causal")(layers.SpatialDropout1D(0.2)(sequence))
    sequence = layers.Conv1DTranspose(2, 3, strides=2, padding="same")(sequence)
    return tf.keras.Model(inputs, layers.Dense(1)(layers.GlobalAveragePooling1D()(sequence)))


@pytest.mark.parametrize("make,weights", [(sequential_model, 9), (functional_model, 12)],
                         ids=["sequential", "functional"])
def test_models_with_the_new_layers_train(make, weights):
    """compile + one tiny epoch of fit: a finite loss, every trainable weight moves, predict works."""
    tf.random.set_seed(0)
    rng = np.random.default_rng(0)
    model = make()
    model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss="mse")
    before = [w.numpy().copy() for w in model.trainable_weights]
    assert len(before) == weights
    x = rng.standard_normal((8, 4, 4, 2)).astype(np.float32)
    y = rng.standard_normal((8, 1)).astype(np.float32)
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1 and np.isfinite(history.history["loss"][0])
    moved = [not np.array_equal(b, w.numpy()) for b, w in zip(before, model.trainable_weights)]
    assert all(moved), [w.name for w, m in zip(model.trainable_weights, moved) if not m]
    predictions = model.predict(x, verbose=0)
    assert predictions.shape == (8, 1)
    np.testing.assert_array_equal(model.predict(x, verbose=0), predictions)  # no noise outside training


@pytest.mark.parametrize("make", [sequential_model, functional_model], ids=["sequential", "functional"])
def test_keras_file_round_trip(make, tmp_path):
    model = make()
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    assert [type(l).__name__ for l in loaded.layers] == [type(l).__name__ for l in model.layers]
    x = np.random.default_rng(3).standard_normal((2, 4, 4, 2)).astype(np.float32)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_config_round_trip_through_a_model():
    model = sequential_model()
    clone = tf.keras.Sequential.from_config(model.get_config())
    x = np.random.default_rng(1).standard_normal((2, 4, 4, 2)).astype(np.float32)
    clone(x)
    model.set_weights([np.random.default_rng(2).standard_normal(w.shape) for w in model.get_weights()])
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone(x).numpy(), model(x).numpy(), rtol=1e-5)
    assert [type(l).__name__ for l in clone.layers] == [type(l).__name__ for l in model.layers]
    assert clone.layers[4].get_config()["data_format"] == "channels_first"


IMAGE = np.ones((1, 5, 5, 2), np.float32)
IAE = tf.errors.InvalidArgumentError
NOT_TO_STRIDES = r"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "


@pytest.mark.parametrize("make,x,error,message", [
    (lambda: layers.Conv2DTranspose(2, 3, strides=2, output_padding=2), None, ValueError,
     r"Strides must be greater than output padding. Received strides=\(2, 2\), output_padding=\(2, 2\)."),
    (lambda: layers.Conv2DTranspose(2, 3, output_padding=1), None, ValueError,
     r"Received strides=\(1, 1\), output_padding=\(1, 1\)."),
    (lambda: layers.Conv1DTranspose(2, 3, strides=2, output_padding=(1, 1)), None, ValueError,
     r"The `output_padding` argument must be a tuple of 1 integers. Received: \(1, 1\)"),
    (lambda: layers.Conv2DTranspose(2, 3, strides=2, dilation_rate=2), None, ValueError,
     NOT_TO_STRIDES + r"strides=\(2, 2\) and dilation_rate=\(2, 2\)"),
    (lambda: layers.SeparableConv1D(2, 3, strides=2, dilation_rate=2), None, ValueError,
     NOT_TO_STRIDES + r"strides=\(2,\) and dilation_rate=\(2,\)"),
    (lambda: layers.Conv2D(2, 3, strides=(1, 2), dilation_rate=(2, 1)), None, ValueError, NOT_TO_STRIDES),
    (lambda: layers.Conv2DTranspose(2, 3, dilation_rate=(2, 1)), IMAGE, ValueError,
     r"Expected the 2 dimensions of the `dilation_rate` argument to be equal to each other. "
     r"Received: dilation_rate=\(2, 1\)"),
    (lambda: layers.Conv2DTranspose(2, 3), np.ones((1, 5, 5), np.float32), ValueError,
     r'Input 0 of layer "conv2d_transpose" is incompatible with the layer: expected min_ndim=4, found ndim=3. '
     r"Full shape received: \(1, 5, 5\)"),
    (lambda: layers.Conv2DTranspose(2, 3), np.ones((1, 5, 5, 2, 2), np.float32), ValueError,
     r"Inputs should have rank 4. Received input_shape=\(1, 5, 5, 2, 2\)."),
    (lambda: layers.Conv1DTranspose(2, 3), IMAGE, ValueError, r"Inputs should have rank 3."),
    (lambda: layers.Conv2DTranspose(2, 3), (5, 5, None), ValueError,
     r"The channel dimension of the inputs to `Conv2DTranspose` should be defined. The input_shape received is "
     r"\(None, 5, 5, None\), where axis -1 \(0-based\) is the channel dimension, which found to be `None`."),
    (lambda: layers.Conv1DTranspose(2, 3, data_format="channels_first"), (None, 5), ValueError,
     r"inputs to `Conv1DTranspose` should be defined. The input_shape received is \(None, None, 5\), where axis -2 "),
    (lambda: layers.SeparableConv2D(2, 3), (5, 5, None), ValueError,
     r"The channel dimension of the inputs should be defined. The input_shape received is \(None, 5, 5, None\)"),
    (lambda: layers.SeparableConv1D(2, 3), (5, None), ValueError, r"The channel dimension of the inputs should"),
    (lambda: layers.Conv2DTranspose(0, 3), None, ValueError,
     r"Invalid value for argument `filters`. Expected a strictly positive value. Received filters=0."),
    (lambda: layers.Conv2DTranspose(2, 3, padding="causal"), None, ValueError,
     r"Causal padding is only supported for `Conv1D`and `SeparableConv1D`."),
    (lambda: layers.Conv1DTranspose(2, 3, padding="causal"), np.ones((1, 5, 2), np.float32), AssertionError, None),
    (lambda: layers.Conv2DTranspose(2, 3, padding="full"), None, ValueError,
     r'The `padding` argument must be a list/tuple or one of "valid", "same" \(or "causal", only for `Conv1D\). '
     r"Received: full"),
    (lambda: layers.SeparableConv2D(2, 3, data_format="foo"), None, ValueError,
     r'The `data_format` argument must be one of "channels_first", "channels_last". Received: foo'),
    (lambda: layers.Conv2DTranspose(2, 3, data_format="foo"), None, ValueError, r"Received: foo"),
    (lambda: layers.Conv1DTranspose(2, (3, 3)), None, ValueError,
     r"The `kernel_size` argument must be a tuple of 1 integers. Received: \(3, 3\)"),
    (lambda: layers.SeparableConv2D(2, (3, 0)), None, ValueError,
     r"The `kernel_size` argument must be a tuple of 2 integers. Received: \(3, 0\) including \{0\} that does not "
     r"satisfy the requirement `> 0`."),
    (lambda: layers.Conv2DTranspose(2, 3, dilation_rate=0), None, ValueError,
     r"The `dilation_rate` argument must be a tuple of 2 integers. Received: 0 including \{0\}"),
    (lambda: layers.Conv2DTranspose(2, 3, strides=0), None, ValueError,
     r"The argument `strides` cannot contains 0\(s\). Received: \(0, 0\)"),
    (lambda: layers.Conv2DTranspose(2, 3), [IMAGE, np.ones((1, 5, 5, 3), np.float32)], ValueError,
     r"expected axis -1 of input shape to have value 2, but received input with shape \(1, 5, 5, 3\)"),
    (lambda: layers.SeparableConv2D(2, 3, data_format="channels_first"),
     [np.ones((1, 2, 5, 5), np.float32), np.ones((1, 3, 5, 5), np.float32)], ValueError,
     r"expected axis -3 of input shape to have value 2, but received input with shape \(1, 3, 5, 5\)"),
    (lambda: layers.Conv2DTranspose(2, 3), np.ones((1, 5, 5, 2), np.int32), IAE, r"Conv2DBackpropInput"),
    (lambda: layers.SeparableConv2D(2, 3), np.ones((1, 5, 5, 2), np.int32), IAE, r"DepthwiseConv2dNative"),
    (lambda: layers.SeparableConv2D(2, 5), np.ones((1, 3, 3, 2), np.float32), IAE,
     r"Computed output size would be negative: -1 \[input_size: 3, effective_filter_size: 5, stride: 1\]"),
    (lambda: layers.SeparableConv2D(2, 5), (3, 3, 2), ValueError, r"Negative dimension size caused by subtracting 5 "
                                                                  r"from 3"),
    (lambda: layers.SpatialDropout1D(0.5), np.ones((2, 3, 4, 5), np.float32), ValueError,
     r'Input 0 of layer "spatial_dropout1d" is incompatible with the layer: expected ndim=3, found ndim=4'),
    (lambda: layers.SpatialDropout2D(0.5), np.ones((2, 3, 4), np.float32), ValueError,
     r"expected ndim=4, found ndim=3. Full shape received: \(2, 3, 4\)"),
    (lambda: layers.SpatialDropout2D(0.5, data_format="channels_middle"), None, ValueError,
     r'`data_format` must be "channels_last" or "channels_first". Received: data_format=channels_middle.'),
    (lambda: layers.SpatialDropout1D(1.5), None, ValueError,
     r"Invalid value 1.5 received for `rate`, expected a value between 0 and 1."),
    (lambda: layers.SpatialDropout1D(1.0), "training", ValueError,
     r"`rate` must be a scalar tensor or a float in the range \[0, 1\). Received: rate=1.0"),
    (lambda: layers.SpatialDropout1D(0.5), "int training", ValueError,
     r"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: x_dtype=<dtype: 'int32'>"),
    (lambda: layers.GaussianNoise(1.0), "int training", TypeError, r"Cannot convert 0.0 to EagerTensor of dtype int32"),
    (lambda: layers.Masking(), np.ones((2, 3, 2), np.int32), TypeError,
     r"Cannot convert 0.0 to EagerTensor of dtype int32"),
])
def test_errors_match_tf_keras(make, x, error, message):
    """Error types and messages as tf-keras raises them (x: None constructs only; a tuple is a
    tf.keras.Input shape; a list several calls; "training" a call on float ones while training,
    "int training" on int32 ones)."""
    with pytest.raises(error, match=message):
        layer = make()
        if isinstance(x, str):
            dtype = np.int32 if x.startswith("int") else np.float32
            layer(np.ones((2, 3, 4), dtype), training=True)
        for value in (x if isinstance(x, list) else [] if x is None or isinstance(x, str) else [x]):
            layer(tf.keras.Input(value) if isinstance(value, tuple) else value)


@NUMTF_ONLY
def test_separable_conv2d_unequal_strides_are_refused():
    """TF 2.21's float32 CPU kernel (oneDNN) computes them, its float64 one refuses them as numtf's
    depthwise kernel does (tests/ops/test_conv_ops.py)."""
    with pytest.raises(IAE, match="only supports equal length strides in the row and column dimensions"):
        layers.SeparableConv2D(2, 3, strides=(1, 2))(np.ones((1, 9, 9, 2), np.float32))


# -- the ops under the layers ----------------------------------------------------------------------
def test_conv2d_transpose_static_shape_from_a_partly_known_output_shape():
    """An output_shape stacked from tf.shape(x)[0] and ints gives the ints as static dims."""
    @tf.function(input_signature=[tf.TensorSpec([None, 3, 3, 2])])
    def up(x):
        y = tf.nn.conv2d_transpose(x, tf.ones([3, 3, 4, 2]), tf.stack([tf.shape(x)[0], 6, 6, 4]), 2)
        assert y.shape.as_list() == [None, 6, 6, 4]
        return y

    assert up(tf.ones([2, 3, 3, 2])).shape == (2, 6, 6, 4)


@pytest.mark.parametrize("dropout", [
    lambda x: layers.Dropout(0.5, noise_shape=(None, 1), seed=1)(x, training=True),
    lambda x: tf.nn.dropout(x, 0.5, noise_shape=tf.stack([tf.shape(x)[0], 1]), seed=1),
], ids=["keras_none", "nn_tensor"])
def test_dropout_noise_shape_with_unknown_dims_in_a_graph(dropout):
    """Keras's None entries of noise_shape (and a noise_shape tensor) take the input's dims when the
    graph runs: one draw per row here."""
    run = tf.function(dropout, input_signature=[tf.TensorSpec([None, None])])
    values = run(tf.ones([64, 8])).numpy()
    np.testing.assert_array_equal(values, np.broadcast_to(values[:, :1], values.shape))
    assert 0 < (values[:, 0] == 0).mean() < 1


def test_depthwise_conv2d_of_a_transposed_input():
    x = np.random.default_rng(0).standard_normal((2, 3, 5, 4)).astype(np.float32)
    w = np.random.default_rng(1).standard_normal((3, 3, 3, 2)).astype(np.float32)
    transposed = tf.transpose(tf.constant(x), [0, 2, 3, 1])
    expected = tf.nn.depthwise_conv2d(np.ascontiguousarray(x.transpose(0, 2, 3, 1)), w, [1, 1, 1, 1], "SAME")
    np.testing.assert_allclose(tf.nn.depthwise_conv2d(transposed, w, [1, 1, 1, 1], "SAME").numpy(), expected.numpy(),
                               rtol=1e-6)


@NUMTF_ONLY
@pytest.mark.parametrize("module", ["conv_transpose", "noise"])
def test_docstring_examples(module):
    import doctest
    mod = importlib.import_module(f"numtf.keras.layers.{module}")
    result = doctest.testmod(mod, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0, module
