"""UpSampling1D/3D, ZeroPadding1D/3D, Cropping1D/3D, GroupNormalization, UnitNormalization and
Identity against real tf-keras.

Every case of tests/golden/keras_layers4.npz (tools/make_layers4_golden.py, TF 2.21 + tf-keras) goes
through layer_helpers.check_layer (output with the same weights, weight names, config and its round
trip, compute_output_shape, float64 gradients vs finite differences, symbolic call), and its
gradients, functional-model shapes and masks are compared with tf-keras's; so are
GroupNormalization's statistics under an explicit mask and the errors tf-keras raises. The tests
after those (models, saving, graphs) also run against tf-keras with NUMTF_TEST_AGAINST=tensorflow
(TF_USE_LEGACY_KERAS=1).
"""
import importlib
import json
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
layers = tf.keras.layers
GOLDEN_FILE = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_layers4.npz")
NUMTF_ONLY = pytest.mark.skipif(tf.__name__ != "numtf", reason="replays golden files through numtf's helpers")
ARRAYS = np.load(GOLDEN_FILE)
ERRORS = json.loads(str(ARRAYS["errors"]))
if tf.__name__ == "numtf":
    from helpers import check_gradients
    from layer_helpers import (check_golden_case, check_golden_functional, check_golden_gradients, golden_layer,
                               golden_layer_classes, load_golden)
    GOLDEN = load_golden(GOLDEN_FILE)
else:
    GOLDEN = {c["name"]: c for c in json.loads(str(ARRAYS["cases"]))}
NEW_LAYERS = ("UpSampling1D", "ZeroPadding1D", "Cropping1D", "UpSampling3D", "ZeroPadding3D", "Cropping3D",
              "GroupNormalization", "UnitNormalization", "Identity")
MASKED = sorted({k.split("/")[1] for k in ARRAYS.files if k.startswith("masked/")})


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@NUMTF_ONLY
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_case_against_tf_keras(name):
    """check_layer, then tf-keras's float32 gradients, functional-model shapes and predict, and the
    output's _keras_mask."""
    case = GOLDEN[name]
    check_golden_case(case)
    if f"{name}/r" in ARRAYS.files:  # integer inputs have no gradients
        check_golden_gradients(case, ARRAYS)
    check_golden_functional(case)
    layer = golden_layer(case)
    y = layer(tf.constant(case["x"]), **case["call"])
    mask = getattr(y, "_keras_mask", None)
    if f"{name}/mask" in ARRAYS.files:
        np.testing.assert_array_equal(mask.numpy(), ARRAYS[f"{name}/mask"])
    else:
        assert mask is None


@NUMTF_ONLY
def test_every_new_layer_has_golden_cases():
    assert set(NEW_LAYERS) <= golden_layer_classes(GOLDEN), set(NEW_LAYERS) - golden_layer_classes(GOLDEN)


@NUMTF_ONLY
@pytest.mark.parametrize("name", MASKED)
def test_group_normalization_with_an_explicit_mask(name):
    """The statistics weighted by the mask (a wholly masked example gets mean = variance = 0, not
    NaN), the mask passed on, and the gradients, as tf-keras computes them."""
    key = f"masked/{name}"
    x, m = ARRAYS[f"{key}/x"], ARRAYS[f"{key}/m"]
    kwargs = {"groups": 2} if name == "groupnorm" else {"groups": 3, "axis": 1}
    layer = layers.GroupNormalization(**kwargs)
    layer(x)
    layer.set_weights([ARRAYS[f"{key}/w{i}"] for i in range(len(layer.weights))])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = layer(xt, mask=tf.constant(m))
        total = tf.reduce_sum(y * ARRAYS[f"{key}/r"])
    np.testing.assert_allclose(y.numpy(), ARRAYS[f"{key}/y"], rtol=1e-5, atol=1e-5)
    grads = tape.gradient(total, [xt] + layer.trainable_weights)
    for i, g in enumerate(grads):
        np.testing.assert_allclose(g.numpy(), ARRAYS[f"{key}/g{i}"], rtol=1e-4, atol=1e-4, err_msg=f"gradient {i}")
    # float64: the weighted statistics against finite differences
    layer64 = layers.GroupNormalization(dtype="float64", **kwargs)
    layer64(x.astype(np.float64))
    layer64.set_weights([w.astype(np.float64) for w in layer.get_weights()])
    check_gradients(lambda v: layer64(v, mask=tf.constant(m)), x.astype(np.float64), atol=1e-5)


# tf-keras's wording that numtf can't reproduce (TF graph node names, the message of another op)
MESSAGE_PREFIXES = {
    "groupnorm/masking_mask": "Dimensions must be equal, but are 5 and 4 for ",
    "groupnorm/int_input": "cannot compute ",
    "identity/unknown_kwarg": "Keyword argument not understood",
}


def raise_error(entry):
    """Runs one ERRORS entry of the golden file (tools/make_layers4_golden.raise_error)."""
    layer = getattr(layers, entry["layer"])(**entry["kwargs"])
    call = entry["call"]
    if call is None:
        return
    if isinstance(call, list):
        layer(np.ones(call, np.float32))
    elif "symbolic" in call:
        layer(tf.keras.Input(call["symbolic"]))
    elif "masking" in call:
        layer(layers.Masking()(tf.keras.Input(call["masking"])))
    elif "compute_output_shape" in call:
        layer.compute_output_shape(tuple(call["compute_output_shape"]))
    elif "mask" in call:
        layer(np.ones(call["mask"], np.float32), mask=np.ones(call["mask"], bool))
    elif "int" in call:
        layer(np.ones(call["int"], np.int32))
    elif "twice" in call:
        for shape in call["twice"]:
            layer(np.ones(shape, np.float32))


@pytest.mark.parametrize("label", sorted(ERRORS))
def test_errors_match_tf_keras(label):
    """The exception type and message tf-keras raises (within numtf's 'Exception encountered when
    calling layer' frame for errors raised by call())."""
    entry = ERRORS[label]
    with pytest.raises(Exception) as info:
        raise_error(entry)
    assert type(info.value).__name__ == entry["type"], f"{type(info.value).__name__}: {info.value}"
    expected = MESSAGE_PREFIXES.get(label, entry["message"])
    assert expected in str(info.value), f"numtf: {info.value}\ntf-keras: {entry['message']}"


# -- defaults, configs, shapes -----------------------------------------------------------------------
def test_defaults_and_configs():
    assert [k for k in layers.GroupNormalization().get_config()][3:] == [
        "groups", "axis", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer", "beta_regularizer",
        "gamma_regularizer", "beta_constraint", "gamma_constraint"]
    config = layers.GroupNormalization().get_config()
    assert (config["groups"], config["axis"], config["epsilon"]) == (32, -1, 1e-3)
    assert layers.UnitNormalization().get_config()["axis"] == -1
    assert layers.UnitNormalization(axis=(1, 2)).get_config()["axis"] == [1, 2]
    assert set(layers.Identity().get_config()) == {"name", "trainable", "dtype"}
    assert layers.UpSampling1D().get_config()["size"] == 2
    assert layers.UpSampling1D(2.7).size == 2  # tf-keras truncates with int()
    assert layers.ZeroPadding1D().get_config()["padding"] == (1, 1)
    assert layers.Cropping1D().get_config()["cropping"] == (1, 1)
    assert layers.UpSampling3D().get_config()["size"] == (2, 2, 2)
    assert layers.ZeroPadding3D(((1, 2), 3, (5, 6))).get_config()["padding"] == ((1, 2), (3, 3), (5, 6))
    assert layers.Cropping3D([1, 2, 3]).get_config()["cropping"] == ((1, 1), (2, 2), (3, 3))
    for cls in (layers.UpSampling3D, layers.ZeroPadding3D, layers.Cropping3D):
        assert cls().get_config()["data_format"] == "channels_last"
    for layer in (layers.GroupNormalization(), layers.UnitNormalization()):
        assert layer.supports_masking
    for layer in (layers.UpSampling1D(), layers.ZeroPadding1D(), layers.Cropping1D(), layers.Identity()):
        assert not layer.supports_masking


def test_group_normalization_weights_and_input_spec():
    gn = layers.GroupNormalization(2, axis=1, center=False)
    gn(np.ones((2, 6, 4), np.float32))
    assert [(w.name, w.shape.as_list()) for w in gn.weights] == [("group_normalization/gamma:0", [6])]
    assert gn.input_spec.ndim == 3 and gn.input_spec.axes == {1: 6}


def test_group_normalization_is_layer_normalization_with_one_group():
    x = np.random.default_rng(0).standard_normal((3, 4, 6)).astype(np.float32)
    np.testing.assert_allclose(layers.GroupNormalization(1)(x).numpy(),
                               layers.LayerNormalization(axis=[1, 2])(x).numpy(), rtol=1e-5, atol=1e-5)


def test_group_normalization_statistics():
    """Each (example, group) has mean 0 and variance var / (var + epsilon) after normalizing."""
    x = np.random.default_rng(1).standard_normal((2, 5, 8)).astype(np.float32) * 3 + 1
    y = layers.GroupNormalization(4, epsilon=0.0)(x).numpy().reshape(2, 5, 4, 2)
    np.testing.assert_allclose(y.mean(axis=(1, 3)), 0, atol=1e-5)
    np.testing.assert_allclose(y.var(axis=(1, 3)), 1, rtol=1e-4)


def test_unit_normalization_norms_and_zeros():
    x = np.random.default_rng(2).standard_normal((3, 2, 4)).astype(np.float32)
    y = layers.UnitNormalization(axis=[1, 2])(x).numpy()
    np.testing.assert_allclose((y ** 2).sum(axis=(1, 2)), 1, rtol=1e-5)
    np.testing.assert_array_equal(layers.UnitNormalization()(np.zeros((2, 3), np.float32)).numpy(), 0)


def test_cropping3d_more_than_a_dimension_leaves_it_empty():
    """tf-keras refuses it in Cropping1D only."""
    x = np.ones((1, 4, 5, 6, 2), np.float32)
    for cropping in (((2, 2), 0, 0), ((3, 3), 0, 0), ((5, 0), 0, 0), ((0, 5), 0, 0)):
        assert layers.Cropping3D(cropping)(x).shape.as_list() == [1, 0, 5, 6, 2]
    assert layers.Cropping3D(((2, 2), 0, 0))(tf.keras.Input((4, 5, 6, 2))).shape.as_list() == [None, 0, 5, 6, 2]


def test_dtypes():
    """Floats are cast to the layer's dtype; integers pass through the reshaping layers and Identity,
    and UnitNormalization normalizes them in its dtype."""
    ints = np.arange(24, dtype=np.int32).reshape((1, 2, 3, 2, 2))
    for layer in (layers.UpSampling3D(), layers.ZeroPadding3D(), layers.Cropping3D(0), layers.Identity()):
        assert layer(ints).dtype == tf.int32
    for layer in (layers.UpSampling1D(), layers.ZeroPadding1D(), layers.Cropping1D(0)):
        assert layer(ints[0, 0]).dtype == tf.int32
    assert layers.UnitNormalization()(ints).dtype == tf.float32
    assert layers.GroupNormalization(2)(np.ones((2, 4))).dtype == tf.float32
    assert layers.Identity()(np.ones((2, 4))).dtype == tf.float32
    nested = layers.Identity()({"a": np.ones((2, 3)), "b": [np.ones(2, np.int32)]})
    assert nested["a"].dtype == tf.float32 and nested["b"][0].dtype == tf.int32


def test_upsampling3d_takes_any_rank():
    """tf-keras 2.21's UpSampling3D sets no input spec: a 4-D input has its axes 1-3 repeated."""
    assert layers.UpSampling3D(2)(np.ones((4, 5, 6, 2), np.float32)).shape.as_list() == [4, 10, 12, 4]


@NUMTF_ONLY
def test_group_and_unit_normalization_gradients_in_float64():
    """check_gradients (float64 central differences) through the layers, w.r.t. the input."""
    rng = np.random.default_rng(3)
    gn = layers.GroupNormalization(3, axis=1, dtype="float64")
    gn(np.ones((2, 6, 2, 2)))
    gn.set_weights([rng.standard_normal(6), rng.standard_normal(6)])
    check_gradients(gn, rng.standard_normal((2, 6, 2, 2)))
    check_gradients(layers.GroupNormalization(-1, dtype="float64"), rng.standard_normal((2, 5, 3)))
    check_gradients(layers.UnitNormalization(dtype="float64"), rng.standard_normal((3, 4)))
    check_gradients(layers.UnitNormalization(axis=[1, 2], dtype="float64"), rng.standard_normal((2, 3, 4)))


# -- graphs, models, saving ------------------------------------------------------------------------------
def test_inside_tf_function_with_unknown_dims():
    gn, un, up = layers.GroupNormalization(2), layers.UnitNormalization(), layers.UpSampling3D((1, 2, 1))
    crop, pad = layers.Cropping1D((1, 2)), layers.ZeroPadding3D(((1, 0), 0, (0, 2)))

    @tf.function(input_signature=[tf.TensorSpec([None, None, 4]), tf.TensorSpec([None, None, 2, None, 3])])
    def run(seq, vol):
        return un(gn(crop(seq))), up(pad(vol))

    rng = np.random.default_rng(4)
    seq = rng.standard_normal((2, 7, 4)).astype(np.float32)
    vol = rng.standard_normal((1, 2, 2, 3, 3)).astype(np.float32)
    a, b = run(seq, vol)
    np.testing.assert_allclose(a.numpy(), un(gn(crop(seq))).numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(b.numpy(), up(pad(vol)).numpy())
    assert b.shape.as_list() == [1, 3, 4, 5, 3]


def sequence_model():
    return tf.keras.Sequential([
        tf.keras.Input((6, 3)), layers.ZeroPadding1D((1, 2)), layers.Conv1D(8, 3), layers.UpSampling1D(2),
        layers.Cropping1D((2, 1)), layers.GroupNormalization(4), layers.UnitNormalization(), layers.Identity(),
        layers.GlobalAveragePooling1D(), layers.Dense(1)])


def volume_model():
    inputs = tf.keras.Input((2, 3, 2, 2))
    x = layers.UpSampling3D((2, 1, 2), data_format="channels_first")(inputs)
    x = layers.ZeroPadding3D(((0, 1), 1, 0))(x)
    x = layers.Cropping3D(((1, 0), (0, 1), (0, 1)))(x)
    x = layers.Dense(4)(x)
    x = layers.GroupNormalization(2, axis=-1, gamma_regularizer="l2")(x)
    x = layers.UnitNormalization(axis=[1, 2, 3])(x)
    x = layers.Identity()(x)
    return tf.keras.Model(inputs, layers.Dense(1)(layers.Flatten()(x)))


@pytest.mark.parametrize("make,shape", [(sequence_model, (8, 6, 3)), (volume_model, (8, 2, 3, 2, 2))],
                         ids=["sequence", "volume"])
def test_models_train_and_round_trip(make, shape, tmp_path):
    """compile + a tiny fit: a finite loss, every trainable weight moves; then .keras save/load
    and the config round trip give the same predictions."""
    tf.random.set_seed(0)
    rng = np.random.default_rng(0)
    model = make()
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    x = rng.standard_normal(shape).astype(np.float32)
    y = rng.standard_normal((shape[0], 1)).astype(np.float32)
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
    clone = type(model).from_config(model.get_config())
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x, verbose=0), predictions, rtol=1e-5, atol=1e-6)


def test_group_normalization_regularizer_losses():
    gn = layers.GroupNormalization(2, gamma_regularizer="l2", beta_initializer="ones", beta_constraint="non_neg")
    gn(np.ones((2, 4), np.float32))
    assert [float(v) for v in gn.losses] == pytest.approx([0.04])
    config = gn.get_config()
    assert config["beta_initializer"]["class_name"] == "Ones"
    assert config["beta_constraint"]["class_name"] == "NonNeg"
    assert config["gamma_regularizer"]["class_name"] == "L2"


@NUMTF_ONLY
@pytest.mark.parametrize("module", ["reshaping_nd", "group_normalization"])
def test_docstring_examples(module):
    import doctest
    mod = importlib.import_module(f"numtf.keras.layers.{module}")
    result = doctest.testmod(mod, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0, module
