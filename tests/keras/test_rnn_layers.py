"""tf.keras.layers.RNN, LSTM, GRU, SimpleRNN, GRUCell, SimpleRNNCell and StackedRNNCells against
real tf-keras (tests/golden/keras_rnn_layers.npz, written by tools/make_rnn_layers_golden.py under
TF 2.21 + tf-keras): outputs, gradients, weight names and configs; masks (passed and carried by an
Embedding), go_backwards, time_major, initial and kept (stateful) states; float64 finite
differences; traced and fitted use; errors."""
import json
import os

import numpy as np
import pytest

import numtf as tf
from layer_helpers import check_layer_gradients
from recorded_calls import check_recorded_call, check_recorded_sequential, make_layer, recorded_args

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_rnn_layers.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}
LAYER_CASES = [n for n in CASES if n != "embedding"]


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@pytest.mark.parametrize("name", LAYER_CASES)
def test_layer_matches_tf(name):
    check_recorded_call(make_layer(CASES[name]["layer"]), GOLDEN, name, CASES[name])


@pytest.mark.parametrize("name", LAYER_CASES)
def test_config_matches_tf_and_round_trips(name):
    from layer_helpers import jsonable
    case = CASES[name]
    layer = make_layer(case["layer"])
    xs, kwargs = recorded_args(GOLDEN, name, case)
    layer(xs[0], **kwargs)
    ours, theirs = jsonable(layer.get_config()), case["config"]
    if "cell" in theirs:  # tf-keras also records the cell's build input shape
        _drop_build_config(theirs["cell"])
    assert ours == theirs
    clone = type(layer).from_config(layer.get_config())
    clone(xs[0], **kwargs)
    clone.set_weights(layer.get_weights())
    for a, b in zip(tf.nest.flatten(clone(xs[0], **kwargs)), tf.nest.flatten(layer(xs[0], **kwargs))):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def _drop_build_config(serialized):
    serialized.pop("build_config", None)
    for cell in serialized.get("config", {}).get("cells", []):
        _drop_build_config(cell)


def test_embedding_mask_reaches_the_lstm():
    model = tf.keras.Sequential([tf.keras.layers.Embedding(6, 3, mask_zero=True), tf.keras.layers.LSTM(4)])
    check_recorded_sequential(model, GOLDEN, CASES["embedding"])
    g = lambda k: GOLDEN[f"embedding/{k}"]  # noqa: E731
    seq = tf.keras.layers.Embedding(6, 3, mask_zero=True)(g("ids"))
    out = tf.keras.layers.GRU(2, return_sequences=True)(seq)
    np.testing.assert_array_equal(out._keras_mask.numpy(), g("ids") != 0)  # sequences keep the mask


@pytest.mark.parametrize("layer_cls, kwargs", [
    (tf.keras.layers.LSTM, {"return_sequences": True}), (tf.keras.layers.GRU, {"reset_after": False}),
    (tf.keras.layers.GRU, {"implementation": 1, "go_backwards": True}), (tf.keras.layers.SimpleRNN, {})])
def test_gradients_match_finite_differences(layer_cls, kwargs):
    layer = layer_cls(3, dtype="float64", **kwargs)
    x = np.random.default_rng(3).standard_normal((2, 4, 3))
    layer(tf.constant(x))
    check_layer_gradients(layer, x)


def test_masked_gradients_match_finite_differences():
    class Masked(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__(dtype="float64")
            self.rnn = tf.keras.layers.LSTM(2, return_sequences=True, dtype="float64")

        def call(self, x):
            return self.rnn(x, mask=tf.constant([[True, False, True], [False, True, True]]))

    layer = Masked()
    x = np.random.default_rng(4).standard_normal((2, 3, 2))
    layer(tf.constant(x))
    check_layer_gradients(layer, x)


@pytest.mark.parametrize("layer_cls", [tf.keras.layers.LSTM, tf.keras.layers.GRU, tf.keras.layers.SimpleRNN])
def test_traced_and_unknown_steps_agree_with_eager(layer_cls):
    layer = layer_cls(3, return_sequences=True, go_backwards=True)
    x = tf.constant(np.random.default_rng(5).standard_normal((2, 6, 4)).astype(np.float32))
    mask = tf.constant(np.arange(6)[None, :] < np.array([[4], [6]]))
    eager = layer(x, mask=mask).numpy()
    fixed = tf.function(lambda x, m: layer(x, mask=m))
    np.testing.assert_allclose(fixed(x, mask).numpy(), eager, rtol=1e-6, atol=1e-7)
    spec = [tf.TensorSpec([None, None, 4], tf.float32), tf.TensorSpec([None, None], tf.bool)]
    dynamic = tf.function(lambda x, m: layer(x, mask=m), input_signature=spec)  # a while_loop
    np.testing.assert_allclose(dynamic(x, mask).numpy(), eager, rtol=1e-6, atol=1e-7)
    short = x[:, :3]
    np.testing.assert_allclose(dynamic(short, mask[:, :3]).numpy(), layer(short, mask=mask[:, :3]).numpy(),
                               rtol=1e-6, atol=1e-7)

    @tf.function(input_signature=[spec[0]])
    def grad_of_sum(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(layer(x) ** 2)
        return tape.gradient(y, x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(layer(x) ** 2)
    np.testing.assert_allclose(grad_of_sum(x).numpy(), tape.gradient(y, x).numpy(), rtol=1e-5, atol=1e-6)


def test_functional_model_with_variable_length_fits():
    inputs = tf.keras.Input(shape=(None, 3))
    seq = tf.keras.layers.LSTM(8, return_sequences=True)(inputs)
    out = tf.keras.layers.Dense(1)(tf.keras.layers.GRU(4)(seq))
    model = tf.keras.Model(inputs, out)
    assert seq.shape.as_list() == [None, None, 8] and out.shape.as_list() == [None, 1]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 5, 3)).astype(np.float32)
    y = x.sum(axis=(1, 2))[:, None] / 5
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=8, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert model.predict(x[:2, :3], verbose=0).shape == (2, 1)  # other lengths run too


def test_sequential_text_classifier_learns():
    """An Embedding(mask_zero) + LSTM classifier learns which of two tokens is more frequent."""
    tf.random.set_seed(0)
    rng = np.random.default_rng(1)
    ids = rng.integers(1, 3, (200, 7))
    lengths = rng.integers(3, 8, 200)
    ids[np.arange(7)[None, :] >= lengths[:, None]] = 0  # zero padding after each length
    y = ((ids == 1).sum(1) > (ids == 2).sum(1)).astype(np.int32)
    model = tf.keras.Sequential([tf.keras.layers.Embedding(3, 8, mask_zero=True),
                                 tf.keras.layers.LSTM(16), tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(ids, y, batch_size=32, epochs=15, verbose=0)
    assert model.evaluate(ids, y, verbose=0)[1] > 0.85


def test_stateful_keeps_states_between_calls():
    layer = tf.keras.layers.GRU(3, stateful=True, return_state=True)
    x = tf.constant(np.random.default_rng(6).standard_normal((2, 4, 2)).astype(np.float32))
    _, first = layer(x)
    assert len(layer.states) == 1 and len(layer.weights) == 3  # kept states are not weights
    np.testing.assert_array_equal(layer.states[0].numpy(), first.numpy())
    _, second = layer(x)
    expected = tf.keras.layers.GRU(3, return_state=True)
    expected(x)
    expected.set_weights(layer.get_weights())
    np.testing.assert_allclose(second.numpy(), expected(x, initial_state=first)[1].numpy(), rtol=1e-6)
    layer.reset_states()
    assert not np.any(layer.states[0].numpy())
    np.testing.assert_allclose(layer(x)[1].numpy(), first.numpy(), rtol=1e-6)
    with pytest.raises(AttributeError, match="must be stateful"):
        tf.keras.layers.GRU(3).reset_states()


def test_dropout_masks_are_fixed_over_the_sequence():
    """tf-keras draws a layer's dropout masks once per call: the same units drop at every step."""
    layer = tf.keras.layers.SimpleRNN(4, dropout=0.5, recurrent_dropout=0.5, return_sequences=True,
                                      kernel_initializer="ones", recurrent_initializer="zeros")
    # inputs 0.1..0.6: twice any kept subset's sum is a multiple of 0.2, never the plain sum 2.1,
    # so every possible mask changes the output
    tf.random.set_seed(3)
    x = tf.constant(np.tile(np.arange(1, 7, dtype=np.float32) / 10, (2, 3, 1)))
    plain = layer(x).numpy()
    np.testing.assert_array_equal(layer(x, training=False).numpy(), plain)
    dropped = layer(x, training=True).numpy()
    assert not np.allclose(dropped, plain)
    np.testing.assert_allclose(dropped[:, 0], dropped[:, 2], rtol=1e-6)  # same inputs, same mask


def test_cells_and_layers_expose_the_cell_arguments():
    lstm = tf.keras.layers.LSTM(5, dropout=0.25, unit_forget_bias=False)
    assert lstm.units == 5 and lstm.dropout == 0.25 and lstm.unit_forget_bias is False
    assert tf.keras.layers.GRU(2).reset_after is True and tf.keras.layers.GRUCell(2).state_size == 2
    assert tf.keras.layers.SimpleRNNCell(3).output_size == 3
    stacked = tf.keras.layers.StackedRNNCells([tf.keras.layers.LSTMCell(3), tf.keras.layers.GRUCell(2)])
    assert stacked.state_size == ([3, 3], 2) and stacked.output_size == 2
    with pytest.raises(AttributeError):
        lstm.not_an_argument
    cell = tf.keras.layers.GRUCell(3)
    h, state = cell(tf.ones([2, 4]), tf.zeros([2, 3]))
    assert isinstance(state, tf.Tensor) and state is h  # a lone state in, a lone state out
    h, state = cell(tf.ones([2, 4]), [tf.zeros([2, 3])])
    assert isinstance(state, list) and state[0] is h


def test_output_shape_and_symbolic_states():
    layer = tf.keras.layers.LSTM(4, return_sequences=True, return_state=True)
    assert [s.as_list() for s in layer.compute_output_shape((2, 7, 3))] == [[2, 7, 4], [2, 4], [2, 4]]
    inputs = tf.keras.Input(shape=(7, 3))
    seq, h, c = layer(inputs)
    assert seq.shape.as_list() == [None, 7, 4] and h.shape.as_list() == [None, 4]


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match=r'layer "lstm.*expected ndim=3, found ndim=2'):
        tf.keras.layers.LSTM(3)(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="expects 2 state"):
        tf.keras.layers.LSTM(3)(tf.ones([2, 4, 3]), initial_state=[tf.zeros([2, 3])])
    with pytest.raises(ValueError, match="should have a `call` method"):
        tf.keras.layers.RNN(3)
    with pytest.raises(ValueError, match="needs to know its batch size"):
        tf.keras.Sequential([tf.keras.layers.Input((4, 2)), tf.keras.layers.LSTM(3, stateful=True)])


def test_saved_and_loaded_models_give_the_same_outputs(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Embedding(10, 4, mask_zero=True),
                                 tf.keras.layers.LSTM(5, return_sequences=True), tf.keras.layers.GRU(3),
                                 tf.keras.layers.Dense(2)])
    ids = np.array([[1, 2, 3, 0], [4, 5, 0, 0]])
    expected = model(ids).numpy()
    model.save(tmp_path / "seq.keras")
    np.testing.assert_array_equal(tf.keras.models.load_model(tmp_path / "seq.keras")(ids).numpy(), expected)
    inputs = tf.keras.Input((None, 3))
    stacked = tf.keras.layers.RNN([tf.keras.layers.LSTMCell(4), tf.keras.layers.SimpleRNNCell(2)])
    model = tf.keras.Model(inputs, stacked(inputs))
    x = np.random.default_rng(7).random((2, 5, 3)).astype(np.float32)
    expected = model(x).numpy()
    model.save(tmp_path / "stacked.keras")
    loaded = tf.keras.models.load_model(tmp_path / "stacked.keras")
    assert [w.name for w in loaded.weights] == [w.name for w in model.weights]
    np.testing.assert_array_equal(loaded(x).numpy(), expected)
