"""tf.keras.layers.LSTMCell against real tf-keras: golden steps and the handbook's RNN model
(tests/golden/keras_rnn.npz, written by tools/make_rnn_golden.py under TF 2.21 + tf-keras),
float64 finite differences, config round trip, errors. The golden-free tests also run against
tf-keras with NUMTF_TEST_AGAINST=tensorflow (TF_USE_LEGACY_KERAS=1)."""
import importlib
import json
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_rnn.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}
STEPS = [n for n in CASES if n.startswith("step/")]


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@pytest.mark.parametrize("name", STEPS)
def test_lstm_cell_step_matches_tf(name):
    case, g = CASES[name], lambda k: GOLDEN[f"{name}/{k}"]
    cell = tf.keras.layers.LSTMCell(**case["kwargs"])
    ins = [tf.constant(g(k)) for k in ("x", "h0", "c0")]
    cell(ins[0], ins[1:])
    assert [w.name for w in cell.weights] == case["weight_names"]
    if cell.use_bias:  # the initial bias: the forget quarter at 1 with unit_forget_bias
        np.testing.assert_array_equal(cell.bias.numpy(), g("initial_bias"))
    cell.set_weights([g(f"weight{i}") for i in range(case["weights"])])
    with tf.GradientTape() as tape:
        tape.watch(ins)
        h, state = cell(ins[0], ins[1:])
        loss = tf.reduce_sum(h * g("wh")) + tf.reduce_sum(state[1] * g("wc"))
    assert isinstance(state, list) and state[0] is h
    np.testing.assert_allclose(h.numpy(), g("h"), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state[1].numpy(), g("c"), rtol=1e-5, atol=1e-6)
    for i, grad in enumerate(tape.gradient(loss, ins + cell.trainable_weights)):
        np.testing.assert_allclose(grad.numpy(), g(f"grad{i}"), rtol=1e-4, atol=1e-5, err_msg=f"gradient {i}")


def handbook_rnn(**config):
    """The handbook's model as numtf's example writes it (numtf/examples/rnn.py)."""
    from numtf.examples.rnn import RNN
    return RNN(**config)


NUMTF_ONLY = pytest.mark.skipif(tf.__name__ != "numtf", reason="runs numtf's example model")


@NUMTF_ONLY
def test_handbook_rnn_matches_tf():
    case, g = CASES["handbook"], lambda k: GOLDEN[f"handbook/{k}"]
    model = handbook_rnn(**case["config"])
    X, y = g("X"), g("y")
    model(X)
    assert [v.name for v in model.variables] == case["weight_names"]
    model.set_weights([g(f"weight{i}") for i in range(case["weights"])])
    with tf.GradientTape() as tape:
        y_pred = model(X)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred))
    np.testing.assert_allclose(y_pred.numpy(), g("probs"), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss.numpy(), g("loss"), rtol=1e-5)
    np.testing.assert_allclose(model(X, from_logits=True).numpy(), g("logits"), rtol=1e-5, atol=1e-5)
    for i, grad in enumerate(tape.gradient(loss, model.variables)):
        np.testing.assert_allclose(grad.numpy(), g(f"grad{i}"), rtol=1e-4, atol=1e-6, err_msg=f"gradient {i}")
    np.random.seed(0)
    sampled = model.predict(X[:3], temperature=0.5)  # the handbook's sampling, one char per row
    assert sampled.shape == (3,) and sampled.dtype.kind == "i" and np.all(sampled < case["config"]["num_chars"])


@NUMTF_ONLY
def test_handbook_rnn_learns():
    """A few Adam steps on a fixed batch lower the handbook's loss."""
    tf.random.set_seed(1)
    rng = np.random.default_rng(0)
    model = handbook_rnn(num_chars=5, batch_size=8, seq_length=4, units=16)
    optimizer = tf.keras.optimizers.Adam(learning_rate=1e-2)
    X, y = rng.integers(0, 5, (8, 4)), rng.integers(0, 5, 8)
    losses = []
    for _ in range(30):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=model(X)))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
        losses.append(float(loss))
    assert losses[-1] < 0.5 * losses[0]


def test_lstm_cell_states_config_and_errors():
    cell = tf.keras.layers.LSTMCell(units=3, dropout=0.5, recurrent_dropout=2.0)
    assert cell.state_size == [3, 3] and cell.output_size == 3
    assert cell.dropout == 0.5 and cell.recurrent_dropout == 1.0  # clipped into [0, 1]
    state = cell.get_initial_state(batch_size=2, dtype=tf.float64)
    assert isinstance(state, list) and [s.shape.as_list() for s in state] == [[2, 3], [2, 3]]
    assert state[0].dtype == tf.float64 and not np.any(state[0].numpy())
    x = tf.ones([4, 5])
    from_inputs = cell.get_initial_state(inputs=x)
    assert [s.shape.as_list() for s in from_inputs] == [[4, 3], [4, 3]] and from_inputs[0].dtype == tf.float32
    config = cell.get_config()
    assert config["units"] == 3 and config["recurrent_activation"] == "sigmoid"
    assert config["implementation"] == 1  # a recurrent dropout makes tf-keras use implementation 1
    clone = tf.keras.layers.LSTMCell.from_config(config)
    assert clone.units == 3 and clone.dropout == 0.5
    with pytest.raises(ValueError, match="expected a positive integer, got 0"):
        tf.keras.layers.LSTMCell(units=0)
    with pytest.raises(ValueError, match="batch_size and dtype cannot be None"):
        cell.get_initial_state(batch_size=None, dtype=tf.float32)


@pytest.mark.parametrize("kwargs", [{"dropout": 0.5}, {"dropout": 0.5, "recurrent_dropout": 0.5},
                                    {"dropout": 0.5, "implementation": 1}])
def test_lstm_cell_dropout_masks_are_made_once(kwargs):
    """tf-keras's cells keep the dropout masks of their first call until reset: made outside
    training they keep everything, made in training they drop the same units every step."""
    x = tf.ones([3, 6])
    cell = tf.keras.layers.LSTMCell(units=4, **kwargs)
    state = cell.get_initial_state(batch_size=3, dtype=tf.float32)
    plain = cell(x, state)[0].numpy()
    np.testing.assert_array_equal(cell(x, state, training=True)[0].numpy(), plain)  # masks of ones
    cell.reset_dropout_mask()
    cell.reset_recurrent_dropout_mask()
    state = [tf.fill([3, 4], 0.5)] * 2
    plain = cell(x, state, training=False)[0].numpy()
    cell.reset_dropout_mask()
    cell.reset_recurrent_dropout_mask()
    dropped = cell(x, state, training=True)[0].numpy()
    np.testing.assert_array_equal(cell(x, state, training=True)[0].numpy(), dropped)  # the same masks
    assert not np.allclose(dropped, plain)


@pytest.mark.skipif(tf.__name__ != "numtf", reason="numtf's float64 finite-difference helper")
@pytest.mark.parametrize("kwargs", [{}, {"implementation": 1, "activation": "relu"}, {"use_bias": False}])
def test_lstm_cell_gradients_match_finite_differences(kwargs):
    from layer_helpers import check_layer_gradients

    class Unrolled(tf.keras.layers.Layer):
        """Three steps of the cell from states taken from the input (so they get gradients too)."""

        def __init__(self):
            super().__init__(dtype="float64")
            self.cell = tf.keras.layers.LSTMCell(3, dtype="float64", **kwargs)

        def call(self, x):
            state = [x[:, 0, :3] * 0.5, x[:, 0, 1:]]
            for t in range(x.shape[1]):
                out, state = self.cell(x[:, t, :], state)
            return tf.concat([out, state[1]], axis=1)

    layer = Unrolled()
    x = np.random.default_rng(5).standard_normal((2, 3, 4))
    layer(tf.constant(x))
    check_layer_gradients(layer, x)
