"""tf.compat.v1.nn.dynamic_rnn / static_rnn / bidirectional_dynamic_rnn / static_bidirectional_rnn
and tf.reverse_sequence against TensorFlow 2.21 (tools/make_v1_rnn_golden.py): the same weights
give the same outputs, final states and variable names."""
import os

import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients

v1 = tf.compat.v1
G = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "v1_rnn.npz"))
X, LENGTHS = G["x"], G["lengths"]


@pytest.fixture(autouse=True)
def fresh_cell_names():
    """TF names TF1 cells uniquely per scope for the whole process; each test starts afresh, as
    the golden program did."""
    from numtf.compat.v1 import _scope
    _scope._state.__dict__.pop("eager_counts", None)  # the eager variable scopes' name counts


def load(cell, key, names=True):
    """Sets the weights TF used; checks TF's variable names for the first cell of its kind."""
    if names:
        assert [w.name for w in cell.weights] == list(G[f"{key}/names"])
    cell.set_weights([G[f"{key}/w{i}"] for i in range(len(cell.weights))])


def check(key, result):
    flat = tf.nest.flatten(result)
    for i, t in enumerate(flat):
        np.testing.assert_allclose(np.asarray(t), G[f"{key}/{i}"], rtol=1e-5, atol=1e-6)
    assert f"{key}/{len(flat)}" not in G.files


def test_lstm_with_sequence_lengths():
    cell = v1.nn.rnn_cell.BasicLSTMCell(6)
    v1.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    load(cell, "lstm")
    out, state = v1.nn.dynamic_rnn(cell, X, sequence_length=LENGTHS, dtype=tf.float32)
    assert isinstance(state, v1.nn.rnn_cell.LSTMStateTuple) and out.shape == (3, 4, 6)
    check("lstm/out", (out, state))
    assert not np.any(out.numpy()[1, 2:]) and not np.any(out.numpy()[2])  # zeros past each end


def test_gru_time_major_with_initial_state():
    cell = v1.nn.rnn_cell.GRUCell(3)
    xt = np.transpose(X, (1, 0, 2))
    v1.nn.dynamic_rnn(cell, xt, initial_state=G["gru/h0"], time_major=True)
    load(cell, "gru")
    check("gru/out", v1.nn.dynamic_rnn(cell, xt, initial_state=tf.constant(G["gru/h0"]), time_major=True))


def test_bidirectional():
    fw, bw = v1.nn.rnn_cell.BasicRNNCell(4), v1.nn.rnn_cell.BasicLSTMCell(2)
    v1.nn.bidirectional_dynamic_rnn(fw, bw, X, dtype=tf.float32)
    load(fw, "bi_fw")
    load(bw, "bi_bw")
    check("bi/out", v1.nn.bidirectional_dynamic_rnn(fw, bw, X, sequence_length=LENGTHS, dtype=tf.float32))


def test_static_rnn_and_static_bidirectional():
    cell = v1.nn.rnn_cell.BasicRNNCell(3)
    steps = tf.unstack(tf.constant(X), axis=1)
    v1.nn.static_rnn(cell, steps, dtype=tf.float32)
    load(cell, "static")
    outputs, state = v1.nn.static_rnn(cell, steps, dtype=tf.float32, sequence_length=LENGTHS)
    assert isinstance(outputs, list) and len(outputs) == 4
    check("static/out", (outputs, state))
    check("static_bi/out", v1.nn.static_bidirectional_rnn(cell, cell, steps, dtype=tf.float32,
                                                          sequence_length=LENGTHS))


def test_multi_rnn_cell_names_and_values():
    multi = v1.nn.rnn_cell.MultiRNNCell([v1.nn.rnn_cell.BasicLSTMCell(4), v1.nn.rnn_cell.GRUCell(2)])
    v1.nn.dynamic_rnn(multi, X, dtype=tf.float32)
    load(multi, "multi")
    check("multi/out", v1.nn.dynamic_rnn(multi, X, dtype=tf.float32))


def test_traced_and_v1_graph_with_unknown_time_steps():
    cell = v1.nn.rnn_cell.BasicLSTMCell(6)
    v1.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    load(cell, "lstm", names=False)  # the second LSTM cell of this scope: 'rnn/basic_lstm_cell_1'

    @tf.function
    def run(x, lengths):
        return v1.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    check("lstm/out", run(tf.constant(X), tf.constant(LENGTHS)))
    weights = cell.get_weights()
    v1.disable_eager_execution()
    try:
        x = v1.placeholder(tf.float32, [None, None, 5])
        lengths = v1.placeholder(tf.int32, [None])
        graph_cell = v1.nn.rnn_cell.BasicLSTMCell(6)
        out, state = v1.nn.dynamic_rnn(graph_cell, x, sequence_length=lengths, dtype=tf.float32)
        assert out.shape.as_list() == [None, None, 6]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for var, w in zip(graph_cell.weights, weights):
                var.load(w, sess)
            result = sess.run([out, state], {x: X, lengths: LENGTHS})
        check("lstm/out", result)
    finally:
        v1.enable_eager_execution()
        v1.reset_default_graph()


def test_gradients_flow_through_dynamic_rnn():
    cell = v1.nn.rnn_cell.BasicRNNCell(3, dtype=tf.float64)
    x = X[:, :, :2].astype(np.float64)
    v1.nn.dynamic_rnn(cell, x, dtype=tf.float64)
    check_gradients(lambda a: v1.nn.dynamic_rnn(cell, a, sequence_length=LENGTHS, dtype=tf.float64)[0], x)


def test_errors():
    cell = v1.nn.rnn_cell.BasicLSTMCell(2)
    with pytest.raises(ValueError, match="argument `dtype` must be specified"):
        v1.nn.dynamic_rnn(cell, X)
    with pytest.raises(ValueError, match=r"Shape \(5, 4\) must have rank at least 3"):
        v1.nn.dynamic_rnn(cell, X[0], dtype=tf.float32)
    with pytest.raises(ValueError, match="sequence_length must be a vector"):
        v1.nn.dynamic_rnn(cell, X, sequence_length=[[1, 2, 3]], dtype=tf.float32)
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        v1.nn.static_rnn(cell, tf.constant(X), dtype=tf.float32)


# -- tf.reverse_sequence ----------------------------------------------------------------------------
def test_reverse_sequence_matches_tf():
    y = G["rs/y"]
    np.testing.assert_array_equal(tf.reverse_sequence(y, [3, 1, 4], seq_axis=1).numpy(), G["rs/out1"])
    np.testing.assert_array_equal(tf.reverse_sequence(y, [2, 0], seq_axis=0, batch_axis=2).numpy(), G["rs/out2"])
    np.testing.assert_array_equal(v1.reverse_sequence(y, [3, 1, 4], seq_dim=1).numpy(), G["rs/out1"])
    yt = tf.constant(y)
    with tf.GradientTape() as tape:
        tape.watch(yt)
        loss = tf.reduce_sum(tf.reverse_sequence(yt, [3, 1, 4], seq_axis=1) * G["rs/w"])
    np.testing.assert_allclose(tape.gradient(loss, yt).numpy(), G["rs/grad"])
    check_gradients(lambda a: tf.reverse_sequence(a, [3, 1, 4], seq_axis=1), y)


def test_reverse_sequence_traced_and_errors():
    spec = tf.function(lambda a, n: tf.reverse_sequence(a, n, seq_axis=1)).get_concrete_function(
        tf.TensorSpec([None, 3, 4]), tf.TensorSpec([None], tf.int32))
    assert spec.structured_outputs.shape.as_list() == [None, 3, 4]
    x = tf.reshape(tf.range(24), (2, 3, 4))
    cases = [({"seq_lengths": [2, 5], "seq_axis": 1}, tf.errors.InvalidArgumentError, r"seq_lens\(1\) > input.dims\(1\)"),
             ({"seq_lengths": [2, 3, 1], "seq_axis": 1}, tf.errors.InvalidArgumentError, r"Length of seq_lengths != "),
             ({"seq_lengths": [[2, 3]], "seq_axis": 1}, tf.errors.InvalidArgumentError, "must be 1-dim, not 2"),
             ({"seq_lengths": [2., 3.], "seq_axis": 1}, tf.errors.InvalidArgumentError, "'Tlen' of float is not"),
             ({"seq_lengths": [-1, 2], "seq_axis": 1}, tf.errors.InvalidArgumentError, r"seq_lens\(0\) < 0"),
             ({"seq_lengths": [1, 2], "seq_axis": 0}, tf.errors.InvalidArgumentError, "batch_dim == seq_dim == 0"),
             ({"seq_lengths": [1, 2]}, TypeError, "Expected int for argument 'seq_dim' not None")]
    for kwargs, error, message in cases:
        with pytest.raises(error, match=message):
            tf.reverse_sequence(x, **kwargs)
