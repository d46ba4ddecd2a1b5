"""tf.keras.layers.Bidirectional and TimeDistributed against real tf-keras (tests/golden/keras_wrappers.npz,
written by tools/make_wrappers_golden.py under TF 2.21 + tf-keras): outputs and the masks they carry,
gradients, weight names, configs and output shapes, over LSTM/GRU/SimpleRNN/stacked cells with every
merge mode, states, masks, time_major and a given backward layer; TimeDistributed over Dense, Conv2D,
Bidirectional and a custom layer. Then float64 finite differences, traced use, fitting, saving and
errors."""
import json
import os

import numpy as np
import pytest

import numtf as tf
from layer_helpers import check_layer_gradients, jsonable
from recorded_calls import check_recorded_call, check_recorded_sequential, make_layer as make_spec, recorded_args

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_wrappers.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}
LAYER_CASES = [n for n in CASES if n != "embedding"]
L = tf.keras.layers


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


class Scale(tf.keras.layers.Layer):
    """The golden script's custom layer: TimeDistributed calls it step by step (it mixes the batch)."""

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w + tf.reduce_mean(x)


def make_layer(spec):
    return make_spec(spec, {"Scale": Scale})


@pytest.mark.parametrize("name", LAYER_CASES)
def test_layer_matches_tf(name):
    check_recorded_call(make_layer(CASES[name]["layer"]), GOLDEN, name, CASES[name])


@pytest.mark.parametrize("name", LAYER_CASES)
def test_config_and_output_shape_match_tf_and_round_trip(name):
    case = CASES[name]
    layer = make_layer(case["layer"])
    xs, kwargs = recorded_args(GOLDEN, name, case)
    layer(xs[0], **kwargs)
    if case["config"] is not None:
        assert jsonable(layer.get_config()) == case["config"]
    shape = layer.compute_output_shape([None] + case["shape"][1:])
    shapes = [s.as_list() for s in shape] if isinstance(shape, list) else shape.as_list()
    assert shapes == case["output_shape"]
    clone = type(layer).from_config(layer.get_config(), custom_objects={"Scale": Scale})
    clone(xs[0], **kwargs)
    assert [w.shape for w in clone.weights] == [w.shape for w in layer.weights]
    clone.set_weights(layer.get_weights())
    for a, b in zip(tf.nest.flatten(clone(xs[0], **kwargs)), tf.nest.flatten(layer(xs[0], **kwargs))):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert jsonable(clone.get_config()) == jsonable(layer.get_config())


def test_embedding_mask_reaches_both_directions():
    model = tf.keras.Sequential([L.Embedding(6, 3, mask_zero=True), L.Bidirectional(L.LSTM(4)), L.Dense(2)])
    check_recorded_sequential(model, GOLDEN, CASES["embedding"])


# -- float64 finite differences ---------------------------------------------------------------------
MASK = np.array([[True, True, False, True], [False, True, True, True]])


@pytest.mark.parametrize("make, kwargs", [
    (lambda: L.Bidirectional(L.LSTM(2, return_sequences=True, dtype="float64"), merge_mode="sum", dtype="float64"),
     {"mask": tf.constant(MASK)}),
    (lambda: L.Bidirectional(L.GRU(2, dtype="float64"), dtype="float64"), {}),
    (lambda: L.Bidirectional(L.SimpleRNN(2, return_sequences=True, dtype="float64"), merge_mode="mul",
                             dtype="float64"), {"mask": tf.constant(MASK)}),
    (lambda: L.TimeDistributed(L.Dense(3, activation="tanh", dtype="float64"), dtype="float64"), {}),
])
def test_gradients_match_finite_differences(make, kwargs):
    layer = make()
    x = np.random.default_rng(3).standard_normal((2, 4, 3))
    layer(tf.constant(x), **kwargs)
    check_layer_gradients(layer, x, kwargs)


def test_time_distributed_conv_gradients_match_finite_differences():
    layer = L.TimeDistributed(L.Conv2D(2, 2, dtype="float64"), dtype="float64")
    x = np.random.default_rng(4).standard_normal((2, 3, 4, 4, 1))
    layer(tf.constant(x))
    check_layer_gradients(layer, x)


# -- traced ------------------------------------------------------------------------------------------
def test_traced_bidirectional_agrees_with_eager():
    layer = L.Bidirectional(L.GRU(3, return_sequences=True, return_state=True), merge_mode="ave")
    x = tf.constant(np.random.default_rng(5).standard_normal((2, 6, 4)).astype(np.float32))
    mask = tf.constant(np.arange(6)[None, :] < np.array([[4], [6]]))
    eager = [t.numpy() for t in layer(x, mask=mask)]
    fixed = tf.function(lambda x, m: layer(x, mask=m))
    for a, b in zip(fixed(x, mask), eager):
        np.testing.assert_allclose(a.numpy(), b, rtol=1e-6, atol=1e-7)
    spec = [tf.TensorSpec([None, None, 4], tf.float32), tf.TensorSpec([None, None], tf.bool)]
    dynamic = tf.function(lambda x, m: layer(x, mask=m), input_signature=spec)  # while_loops, both ways
    for a, b in zip(dynamic(x, mask), eager):
        np.testing.assert_allclose(a.numpy(), b, rtol=1e-6, atol=1e-7)

    @tf.function
    def grad_of_sum(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(layer(x)[0] ** 2)
        return tape.gradient(y, [x] + layer.trainable_weights)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(layer(x)[0] ** 2)
    for a, b in zip(grad_of_sum(x), tape.gradient(y, [x] + layer.trainable_weights)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)


def test_traced_time_distributed_with_unknown_batch_and_steps_agrees_with_eager():
    layer = L.TimeDistributed(L.Conv2D(3, 2, activation="relu"))
    x = tf.constant(np.random.default_rng(6).standard_normal((2, 3, 5, 5, 2)).astype(np.float32))
    eager = layer(x).numpy()
    traced = tf.function(layer, input_signature=[tf.TensorSpec([None, None, 5, 5, 2], tf.float32)])
    np.testing.assert_allclose(traced(x).numpy(), eager, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(traced(x[:1, :2]).numpy(), eager[:1, :2], rtol=1e-6, atol=1e-7)
    dense = L.TimeDistributed(L.Dense(2))
    inputs = tf.keras.Input((None, 4))
    assert dense(inputs).shape.as_list() == [None, None, 2]
    assert dense.compute_output_shape((None, None, 4)).as_list() == [None, None, 2]


# -- fitting, functional use, saving --------------------------------------------------------------
def test_sequence_tagger_needs_both_directions_and_learns():
    """y_t = x_{t-1} + x_{t+1}: a forward RNN alone cannot see x_{t+1}."""
    tf.random.set_seed(0)
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (128, 6, 1)).astype(np.float32)
    padded = np.pad(x, ((0, 0), (1, 1), (0, 0)))
    y = padded[:, :-2] + padded[:, 2:]
    model = tf.keras.Sequential([tf.keras.Input((6, 1)), L.Bidirectional(L.GRU(12, return_sequences=True)),
                                 L.TimeDistributed(L.Dense(1))])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, batch_size=32, epochs=20, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.2 * losses[0], losses


def test_functional_initial_states_and_output_shapes():
    inputs = tf.keras.Input((5, 4))
    states = [tf.keras.Input((3,)) for _ in range(4)]
    bi = L.Bidirectional(L.LSTM(3, return_state=True))
    out, *final = bi(inputs, initial_state=states)
    assert out.shape.as_list() == [None, 6] and [s.shape.as_list() for s in final] == [[None, 3]] * 4
    model = tf.keras.Model([inputs] + states, [out] + final)
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 5, 4)).astype(np.float32)
    s = [rng.standard_normal((2, 3)).astype(np.float32) for _ in range(4)]
    expected = bi(tf.constant(x), initial_state=[tf.constant(v) for v in s])
    for a, b in zip(model([x] + s), expected):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    as_list = bi([tf.constant(x)] + [tf.constant(v) for v in s])  # [inputs, *states], as Keras accepts
    np.testing.assert_allclose(as_list[0].numpy(), expected[0].numpy(), rtol=1e-6)


def test_saved_and_loaded_models_give_the_same_outputs(tmp_path):
    model = tf.keras.Sequential([
        L.Embedding(10, 4, mask_zero=True),
        L.Bidirectional(L.LSTM(5, return_sequences=True), merge_mode="sum"),
        L.TimeDistributed(L.Dense(3, activation="tanh")),
        L.Bidirectional(L.GRU(3), backward_layer=L.GRU(3, go_backwards=True, activation="relu")),
        L.Dense(2)])
    ids = np.array([[1, 2, 3, 0], [4, 5, 0, 0]])
    expected = model(ids).numpy()
    model.save(tmp_path / "wrappers.keras")
    loaded = tf.keras.models.load_model(tmp_path / "wrappers.keras")
    assert [w.name for w in loaded.weights] == [w.name for w in model.weights]
    np.testing.assert_allclose(loaded(ids).numpy(), expected, rtol=1e-6)
    bi = loaded.layers[3]
    assert bi.backward_layer.activation is tf.keras.activations.relu and bi.merge_mode == "concat"


# -- the rest of the contract ---------------------------------------------------------------------
def test_directions_masks_and_weights():
    layer = L.Bidirectional(L.SimpleRNN(2, return_sequences=True, return_state=True), merge_mode=None)
    assert (layer.forward_layer.name, layer.backward_layer.name) == ("forward_simple_rnn", "backward_simple_rnn")
    assert not layer.forward_layer.go_backwards and layer.backward_layer.go_backwards
    x = tf.ones([2, 4, 3])
    fwd, bwd, h_f, h_b = layer(x, mask=tf.constant(MASK))
    assert not np.any(fwd.numpy()[~MASK]) and not np.any(bwd.numpy()[~MASK])  # masked steps give zeros
    np.testing.assert_array_equal(layer.compute_mask(x, tf.constant(MASK))[1].numpy(), MASK)
    assert layer.compute_mask(x, tf.constant(MASK))[2:] == [None, None]
    weights = [np.full(w.shape, 0.1 * i, np.float32) for i, w in enumerate(layer.get_weights())]
    preset = L.Bidirectional(L.SimpleRNN(2, return_sequences=True), weights=weights)
    preset(x)
    for got, want in zip(preset.get_weights(), weights):  # forward half, then backward half
        np.testing.assert_array_equal(got, want)
    assert not L.Bidirectional(L.LSTM(2, trainable=False)).trainable


def test_stateful_bidirectional_resets_both_directions():
    layer = L.Bidirectional(L.GRU(2, stateful=True))
    x = tf.ones([2, 3, 4])
    first = layer(x).numpy()
    assert not np.allclose(layer(x).numpy(), first)  # the kept states moved on
    layer.reset_states()
    np.testing.assert_allclose(layer(x).numpy(), first, rtol=1e-6)
    with pytest.raises(AttributeError, match="must be stateful"):
        L.Bidirectional(L.GRU(2)).reset_states()


def test_time_distributed_shares_weights_and_passes_the_mask():
    dense = L.Dense(2)
    layer = L.TimeDistributed(dense)
    x = np.random.default_rng(9).standard_normal((3, 4, 5)).astype(np.float32)
    y = layer(x).numpy()
    assert len(layer.weights) == 2 and layer.weights[0] is dense.kernel
    for t in range(4):
        np.testing.assert_allclose(y[:, t], dense(x[:, t]).numpy(), rtol=1e-6, atol=1e-6)
    embedded = L.TimeDistributed(L.Embedding(5, 2, mask_zero=True))(np.array([[[1, 0], [0, 0]]]))
    np.testing.assert_array_equal(embedded._keras_mask.numpy(), [[[True, False], [False, False]]])
    dropped = L.TimeDistributed(L.Dropout(0.5))(tf.ones([2, 3, 4]), training=True).numpy()
    assert set(np.unique(dropped)) == {0.0, 2.0}  # training reaches the wrapped layer


def test_bad_arguments_raise_tfs_errors():
    with pytest.raises(KeyError, match="go_backwards"):  # not a recurrent layer (tf-keras's error too)
        L.Bidirectional(L.Dense(3))
    with pytest.raises(ValueError, match="Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer`"):
        L.Bidirectional(3)
    with pytest.raises(ValueError, match=r"Invalid merge mode. Received: foo. Merge mode should be one of"):
        L.Bidirectional(L.LSTM(3), merge_mode="foo")
    with pytest.raises(ValueError, match="should have different `go_backwards` value"):
        L.Bidirectional(L.LSTM(3), backward_layer=L.LSTM(3))
    with pytest.raises(ValueError, match='same value for attribute "return_sequences"'):
        L.Bidirectional(L.LSTM(3), backward_layer=L.LSTM(3, go_backwards=True, return_sequences=True))
    with pytest.raises(ValueError, match="`backward_layer` need to be a `tf.keras.layers.Layer` instance"):
        L.Bidirectional(L.LSTM(3), backward_layer=3)
    with pytest.raises(ValueError, match=r'layer "bidirectional.*expected ndim=3, found ndim=2'):
        L.Bidirectional(L.LSTM(3))(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="When passing `initial_state` to a Bidirectional RNN"):
        L.Bidirectional(L.LSTM(3))(tf.ones([2, 3, 4]), initial_state=[tf.ones([2, 3])] * 3)
    with pytest.raises(ValueError, match="Please initialize `TimeDistributed` layer with a"):
        L.TimeDistributed(3)
    with pytest.raises(ValueError, match=r"`TimeDistributed` Layer should be passed an `input_shape ` with at least "
                                         r"3 dimensions, received: \(2, 3\)"):
        L.TimeDistributed(L.Dense(3))(tf.ones([2, 3]))
