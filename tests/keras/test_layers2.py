"""LeakyReLU, ELU, PReLU, ThresholdedReLU, LayerNormalization, UpSampling2D, Cropping2D,
RepeatVector and Permute against real tf-keras.

Every case of tests/golden/keras_layers2.npz (tools/make_layers2_golden.py, TF 2.21 + tf-keras) goes
through layer_helpers.check_layer (output with the same weights, weight names, config and its round
trip, compute_output_shape, float64 gradients vs finite differences, symbolic call), and its
gradients and functional-model shapes are compared with tf-keras's. The tests after those (kink
gradients, training, errors) also run against tf-keras with NUMTF_TEST_AGAINST=tensorflow
(TF_USE_LEGACY_KERAS=1): that is how their expected values and error types were checked.
"""
import importlib
import json
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
layers = tf.keras.layers
GOLDEN_FILE = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_layers2.npz")
NUMTF_ONLY = pytest.mark.skipif(tf.__name__ != "numtf", reason="replays golden files through numtf's helpers")
if tf.__name__ == "numtf":
    from layer_helpers import (check_golden_case, check_golden_functional, check_golden_gradients,
                               load_golden)
    GOLDEN = load_golden(GOLDEN_FILE)
    ARRAYS = np.load(GOLDEN_FILE)
else:
    GOLDEN = {c["name"]: c for c in json.loads(str(np.load(GOLDEN_FILE)["cases"]))}
NEW_LAYERS = ("LeakyReLU", "ELU", "PReLU", "ThresholdedReLU", "LayerNormalization", "UpSampling2D", "Cropping2D",
              "RepeatVector", "Permute")


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@NUMTF_ONLY
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_layer_against_tf_keras(name):
    check_golden_case(GOLDEN[name])


@NUMTF_ONLY
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_gradients_match_tf_keras(name):
    check_golden_gradients(GOLDEN[name], ARRAYS)


@NUMTF_ONLY
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_functional_model_matches_tf_keras(name):
    check_golden_functional(GOLDEN[name])


def test_every_new_layer_has_golden_cases():
    covered = {c["layer"] for c in GOLDEN.values()}
    covered |= {cls for c in GOLDEN.values() if c["layer"] == "Sequential" for cls, _ in c["kwargs"]["layers"]}
    assert set(NEW_LAYERS) <= covered, set(NEW_LAYERS) - covered


def test_defaults_and_weight_names():
    assert layers.LeakyReLU().get_config()["alpha"] == pytest.approx(0.3)
    assert layers.ELU().get_config()["alpha"] == 1.0 and layers.ThresholdedReLU().get_config()["theta"] == 1.0
    prelu = layers.PReLU(shared_axes=[1, 2])
    prelu(np.ones((2, 3, 4, 5), np.float32))
    assert [(w.name, w.shape.as_list()) for w in prelu.weights] == [("p_re_lu/alpha:0", [1, 1, 5])]
    np.testing.assert_array_equal(prelu.alpha.numpy(), 0)  # alpha_initializer="zeros"
    ln = layers.LayerNormalization(axis=[1, 2])
    ln(np.ones((2, 3, 4), np.float32))
    assert [(w.name, w.shape.as_list()) for w in ln.weights] == [("layer_normalization/gamma:0", [3, 4]),
                                                               ("layer_normalization/beta:0", [3, 4])]
    ln = layers.LayerNormalization(center=False)
    ln(np.ones((2, 3), np.float32))
    assert [w.name for w in ln.weights] == ["layer_normalization_1/gamma:0"]
    for cls in (layers.LayerNormalization, layers.BatchNormalization):  # built: non-negative, in order
        norm = cls(axis=[-1, 1])
        norm(np.ones((2, 3, 4), np.float32))
        assert list(norm.get_config()["axis"]) == [2, 1]
    config = layers.LayerNormalization().get_config()
    assert (config["axis"], config["epsilon"], config["center"], config["scale"]) == (-1, 1e-3, True, True)
    config = layers.UpSampling2D().get_config()
    assert (tuple(config["size"]), config["data_format"], config["interpolation"]) == ((2, 2), "channels_last",
                                                                                       "nearest")
    assert tuple(map(tuple, layers.Cropping2D((1, 2)).get_config()["cropping"])) == ((1, 1), (2, 2))


@pytest.mark.parametrize("make,expected", [
    (lambda: layers.LeakyReLU(), [0.3, 1.0, 0.3]),
    (lambda: layers.ELU(), [1.0, 1.0, np.exp(-1.0)]),
    (lambda: layers.ELU(alpha=0.5), [0.5, 1.0, 0.5 * np.exp(-1.0)]),
    (lambda: layers.ThresholdedReLU(theta=0.0), [0.0, 1.0, 0.0]),
    (lambda: layers.PReLU(alpha_initializer="ones"), [0.0, 1.0, 1.0]),
], ids=["leaky_relu", "elu", "elu_alpha", "thresholded_relu", "prelu"])
def test_gradients_at_the_kink_follow_tf_keras(make, expected):
    """At 0 the activations pick a side as tf-keras's ops do (input [0, 1, -1])."""
    x = tf.constant([[0.0, 1.0, -1.0]])
    layer = make()
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [expected], rtol=1e-6)


def test_float64_finite_differences_of_layer_normalization_over_unsorted_axes():
    """LayerNormalization in float64: tape gradients vs central differences, gamma and beta not
    trivial, normalized over axes [2, 1] of a 3-D input (the parameters reshaped, not transposed)."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 4))
    r = rng.standard_normal((2, 3, 4))
    ln = layers.LayerNormalization(axis=[2, 1], dtype="float64")
    ln(tf.constant(x))
    ln.set_weights([rng.standard_normal((4, 3)), rng.standard_normal((4, 3))])

    def total(x_value, gamma, beta):
        ln.set_weights([gamma, beta])
        return float(np.sum(ln(tf.constant(x_value)).numpy() * r))

    gamma, beta = (w.copy() for w in ln.get_weights())
    arrays = [x.copy(), gamma.copy(), beta.copy()]
    expected = []
    for i, a in enumerate(arrays):
        g = np.zeros_like(a)
        for j in range(a.size):
            up = [b.copy() for b in arrays]
            down = [b.copy() for b in arrays]
            up[i].flat[j] += 1e-6
            down[i].flat[j] -= 1e-6
            g.flat[j] = (total(*up) - total(*down)) / 2e-6
        expected.append(g)
    ln.set_weights([gamma, beta])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = tf.reduce_sum(ln(xt) * r)
    for got, want, label in zip(tape.gradient(out, [xt, ln.gamma, ln.beta]), expected, ("x", "gamma", "beta")):
        np.testing.assert_allclose(tf.convert_to_tensor(got).numpy(), want, rtol=1e-6, atol=1e-8, err_msg=label)
    normalized = (x - x.mean((1, 2), keepdims=True)) / np.sqrt(x.var((1, 2), keepdims=True) + 1e-3)
    np.testing.assert_allclose(ln(xt).numpy(), normalized * gamma.reshape(1, 3, 4) + beta.reshape(1, 3, 4),
                               rtol=1e-12)


def stack():
    """Every new layer in one stack, between a convolution and two Dense layers."""
    return [layers.Conv2D(3, 3, padding="same"), layers.PReLU(shared_axes=[1, 2], alpha_initializer="ones"),
            layers.LayerNormalization(axis=[1, 2, 3]), layers.UpSampling2D(interpolation="bilinear"),
            layers.Cropping2D(((1, 2), (2, 1))), layers.LeakyReLU(), layers.Flatten(), layers.Dense(4),
            layers.RepeatVector(2), layers.Permute((2, 1)), layers.ELU(alpha=0.5), layers.ThresholdedReLU(theta=0.0),
            layers.Flatten(), layers.Dense(1)]


def test_functional_stack_shapes():
    inputs = tf.keras.Input((4, 4, 1))
    x, shapes = inputs, []
    for layer in stack():
        x = layer(x)
        shapes.append(tuple(x.shape.as_list()))
    assert shapes == [(None, 4, 4, 3)] * 3 + [(None, 8, 8, 3), (None, 5, 5, 3), (None, 5, 5, 3), (None, 75),
                                              (None, 4), (None, 2, 4)] + [(None, 4, 2)] * 3 + [(None, 8), (None, 1)]
    model = tf.keras.Model(inputs, x)
    assert model.output_shape == (None, 1) and len(model.trainable_weights) == 9


def test_sequential_with_the_new_layers_trains():
    """compile + one tiny epoch of fit: the loss is finite and every trainable weight moves."""
    tf.random.set_seed(0)
    rng = np.random.default_rng(0)
    model = tf.keras.Sequential([tf.keras.Input((4, 4, 1))] + stack())
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    before = [w.numpy().copy() for w in model.trainable_weights]
    assert len(before) == 9  # conv 2, alpha, gamma, beta, dense 2, dense 2
    x = rng.standard_normal((8, 4, 4, 1)).astype(np.float32)
    y = rng.standard_normal((8, 1)).astype(np.float32)
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1 and np.isfinite(history.history["loss"][0])
    moved = [not np.array_equal(b, w.numpy()) for b, w in zip(before, model.trainable_weights)]
    assert all(moved), [w.name for w, m in zip(model.trainable_weights, moved) if not m]
    assert model.predict(x, verbose=0).shape == (8, 1)


def test_config_round_trip_through_a_model():
    model = tf.keras.Sequential([tf.keras.Input((3, 4)), layers.Permute((2, 1)), layers.LayerNormalization(axis=1),
                                 layers.PReLU(shared_axes=1), layers.Flatten(), layers.RepeatVector(2),
                                 layers.ThresholdedReLU(0.2)])
    clone = tf.keras.Sequential.from_config(model.get_config())
    x = np.random.default_rng(1).standard_normal((2, 3, 4)).astype(np.float32)
    clone(x)
    model.set_weights([np.random.default_rng(2).standard_normal(w.shape) for w in model.get_weights()])
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone(x).numpy(), model(x).numpy(), rtol=1e-6)
    assert [type(l).__name__ for l in clone.layers] == ["Permute", "LayerNormalization", "PReLU", "Flatten",
                                                        "RepeatVector", "ThresholdedReLU"]


IMAGE = np.ones((1, 3, 4, 2), np.float32)
IAE = tf.errors.InvalidArgumentError


@pytest.mark.parametrize("make,x,error,message", [
    (lambda: layers.Cropping2D(((2, 1), (0, 0))), IMAGE, ValueError,
     r"Argument `cropping` must be greater than the input shape. Received: inputs.shape=\(1, 3, 4, 2\), "
     r"and cropping=\(\(2, 1\), \(0, 0\)\)"),
    (lambda: layers.Cropping2D(((0, 0), (2, 2))), IMAGE, ValueError, r"cropping=\(\(0, 0\), \(2, 2\)\)"),
    (lambda: layers.Cropping2D(((2, 1), (0, 0))), "input", ValueError,
     r"Received: inputs.shape=\(None, 3, 4, 2\), and cropping"),
    (lambda: layers.Cropping2D((1, 2, 3)), None, ValueError, r"`cropping` should have two elements. Received"),
    (lambda: layers.Cropping2D(((1, 2, 3), (1, 1))), None, ValueError,
     r"The `1st entry of cropping` argument must be a tuple of 2 integers. Received: \(1, 2, 3\)"),
    (lambda: layers.Cropping2D(1), np.ones((2, 3, 4), np.float32), ValueError,
     r'Input 0 of layer "cropping2d" is incompatible with the layer: expected ndim=4, found ndim=3'),
    (lambda: layers.Permute((1, 3)), None, ValueError,
     r"Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive "
     r"and start from 1. Received dims=\(1, 3\)"),
    (lambda: layers.Permute((0, 1)), None, ValueError, r"Received dims=\(0, 1\)"),
    (lambda: layers.Permute((1, 1)), None, ValueError, r"Received dims=\(1, 1\)"),
    (lambda: layers.Permute((2, 1)), np.ones((2, 3, 4, 5), np.float32), ValueError, r"expected ndim=3, found ndim=4"),
    (lambda: layers.RepeatVector(2.0), None, TypeError, r"Expected an integer value for `n`, got <class 'float'>"),
    (lambda: layers.RepeatVector(2), np.ones((2, 3, 4), np.float32), ValueError, r"expected ndim=2, found ndim=3"),
    (lambda: layers.RepeatVector(-1), np.ones((2, 3), np.float32), IAE, r"Expected multiples\[1\] >= 0, but got -1"),
    (lambda: layers.LayerNormalization(axis=3), np.ones((2, 3), np.float32), ValueError,
     r"Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank \(with inputs.rank=2\). "
     r"Received: axis=\(3,\)"),
    (lambda: layers.LayerNormalization(axis=-3), np.ones((2, 3), np.float32), ValueError, r"Received: axis=\(-1,\)"),
    (lambda: layers.LayerNormalization(axis=[1, -2]), np.ones((2, 3, 4), np.float32), ValueError,
     r"Duplicate axis: \(1, 1\)"),
    (lambda: layers.BatchNormalization(axis=-3), np.ones((2, 3), np.float32), ValueError, r"Received: axis=\(-1,\)"),
    (lambda: layers.BatchNormalization(axis=[1, -2]), np.ones((2, 3, 4), np.float32), ValueError,
     r"Duplicate axis: \(1, 1\)"),
    (lambda: layers.LayerNormalization(axis="a"), None, TypeError,
     r"Expected an int or a list/tuple of ints for the argument 'axis', but received: 'a'"),
    (lambda: layers.UpSampling2D(interpolation="cubic"), None, NotImplementedError,
     r"Value not recognized for `interpolation`: cubic"),
    (lambda: layers.UpSampling2D(size=(1, 2, 3)), None, ValueError,
     r"The `size` argument must be a tuple of 2 integers. Received: \(1, 2, 3\)"),
    (lambda: layers.UpSampling2D(data_format="channels_firs"), None, ValueError,
     r'The `data_format` argument must be one of "channels_first", "channels_last". Received: channels_firs'),
    (lambda: layers.UpSampling2D(), np.ones((2, 3, 4), np.float32), ValueError, r"expected ndim=4, found ndim=3"),
    (lambda: layers.LeakyReLU(alpha=None), None, ValueError,
     r"The alpha value of a Leaky ReLU layer cannot be None, Expecting a float. Received: None"),
    (lambda: layers.ELU(alpha=None), None, ValueError, r"Alpha of an ELU layer cannot be None"),
    (lambda: layers.ThresholdedReLU(theta=None), None, ValueError, r"Theta of a Thresholded ReLU layer cannot be None"),
    (lambda: layers.ThresholdedReLU(theta=-1), None, ValueError,
     r"The theta value of a Thresholded ReLU layer should be >=0. Received: -1"),
    (lambda: layers.ThresholdedReLU(), np.array([1, 2], np.int32), IAE, r"Mul"),
    (lambda: layers.PReLU(), [np.ones((2, 3), np.float32), np.ones((2, 4), np.float32)], IAE,
     r"Incompatible shapes"),
    (lambda: layers.PReLU(shared_axes=[1]), [np.ones((2, 3, 4), np.float32), np.ones((2, 3, 5), np.float32)],
     ValueError, r"expected axis 2 of input shape to have value 4"),
])
def test_errors_match_tf_keras(make, x, error, message):
    """Error types (and messages, where tf-keras's say something) as tf-keras raises them."""
    with pytest.raises(error, match=message):
        layer = make()
        inputs = x if isinstance(x, list) else [x]
        for value in inputs:
            if value is None:
                continue
            layer(tf.keras.Input((3, 4, 2)) if isinstance(value, str) else value)


@NUMTF_ONLY
@pytest.mark.parametrize("make,shape", [
    (lambda: layers.LayerNormalization(), (3, None)),
    (lambda: layers.PReLU(), (None, 3)),
])
def test_unknown_normalized_or_parameter_dims_are_clear_errors(make, shape):
    """tf-keras fails here while converting None to a tensor; numtf names the layer and the shape."""
    with pytest.raises(ValueError, match=r"undefined `axis` dimension|must be known") as info:
        make()(tf.keras.Input(shape))
    assert "None" in str(info.value)


@NUMTF_ONLY
def test_unsupported_interpolation_is_named():
    """tf-keras also resizes with 'area', 'bicubic', ...: numtf says it has only two."""
    with pytest.raises(NotImplementedError, match=r"numtf supports interpolation='nearest' and 'bilinear'. "
                                                  r"Received: interpolation='area'"):
        layers.UpSampling2D(interpolation="area")
