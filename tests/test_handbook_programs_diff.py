"""Differences found by running the handbook's programs (../shared/seeds) side by side under
TensorFlow 2.21 + tf-keras and numtf, each pinned to what TensorFlow does.

- The character-level LSTM (model-chapter-en.md: `tf.keras.layers.LSTMCell(units=256)` + Keras
  Adam; model-chapter-v0.3-en.txt: `tf.nn.rnn_cell.BasicLSTMCell(num_units=256)` +
  `tf.train.AdamOptimizer`) trained from the same weights on the same batches gives TF's losses
  and weights (tests/golden/handbook.json, tools/make_handbook_golden.py). numtf's Adam left the
  256-unit LSTMCell's recurrent kernel untouched: the orthogonal initializer's buffer is not
  C-contiguous and blocked updates of big variables worked on a copy of it.
- TF1 cells inside a Keras model are named by variable scopes ('basic_lstm_cell/kernel:0', no
  model prefix), with 1-based Keras names and TF's deprecation warnings.
- `tf.compat.v1.variable_scope(None, default_name=...)` names x, x_1, x_2 (numtf repeated x_1).
- `tf.keras.backend.set_learning_phase` (the MobileNetV2 section) warns that it is deprecated.
"""
import json
import os
import warnings

import numpy as np
import pytest

import numtf as tf

v1 = tf.compat.v1
with open(os.path.join(os.path.dirname(__file__), "golden", "handbook.json")) as _f:
    G = json.load(_f)
NUM_CHARS, SEQ_LENGTH, BATCH_SIZE, NUM_BATCHES = 57, 40, 50, 4


@pytest.fixture(autouse=True)
def fresh_names():
    """Layer names and eager variable-scope names start afresh, as in the golden program."""
    from numtf.compat.v1 import _scope
    tf.keras.backend.clear_session()
    _scope._state.__dict__.pop("eager_counts", None)
    yield
    tf.keras.backend.clear_session()


# -- the handbook's LSTM programs, from fixed weights ------------------------------------------------
class RNN(tf.keras.Model):
    """model-chapter-en.md's model, as written."""

    def __init__(self, num_chars, batch_size, seq_length):
        super().__init__()
        self.num_chars = num_chars
        self.seq_length = seq_length
        self.batch_size = batch_size
        self.cell = tf.keras.layers.LSTMCell(units=256)
        self.dense = tf.keras.layers.Dense(units=self.num_chars)

    def call(self, inputs, from_logits=False):
        inputs = tf.one_hot(inputs, depth=self.num_chars)
        state = self.cell.get_initial_state(batch_size=self.batch_size, dtype=tf.float32)
        for t in range(self.seq_length):
            output, state = self.cell(inputs[:, t, :], state)
        logits = self.dense(output)
        if from_logits:
            return logits
        else:
            return tf.nn.softmax(logits)


class RNNv03(tf.keras.Model):
    """model-chapter-v0.3-en.txt's model, as written (TF1 names through tf.compat.v1)."""

    def __init__(self, num_chars):
        super().__init__()
        self.num_chars = num_chars
        self.cell = v1.nn.rnn_cell.BasicLSTMCell(num_units=256)
        self.dense = tf.keras.layers.Dense(units=self.num_chars)

    def call(self, inputs):
        batch_size, seq_length = tf.shape(inputs)
        inputs = tf.one_hot(inputs, depth=self.num_chars)
        state = self.cell.zero_state(batch_size=batch_size, dtype=tf.float32)
        for t in range(seq_length.numpy()):
            output, state = self.cell(inputs[:, t, :], state)
        output = self.dense(output)
        return output


def _batches():
    rs = np.random.RandomState(0)
    return [(rs.randint(0, NUM_CHARS, (BATCH_SIZE, SEQ_LENGTH)), rs.randint(0, NUM_CHARS, BATCH_SIZE))
            for _ in range(NUM_BATCHES)]


def _train(model, optimizer, loss_fn):
    losses = []
    for batch_index, (X, y) in enumerate(_batches()):
        if batch_index == 0:  # the golden program's weights
            model(X)
            rs = np.random.RandomState(1)
            for v in model.variables:
                v.assign(rs.uniform(-0.1, 0.1, v.shape).astype(np.float32))
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(X))
        losses.append(float(loss))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    return losses


def _check(model, losses, golden):
    assert [v.name for v in model.variables] == golden["names"]
    np.testing.assert_allclose(losses, golden["losses"], rtol=2e-6)
    for v, corner in zip(model.variables, golden["corners"]):
        flat = v.numpy().reshape(-1)
        np.testing.assert_allclose(np.concatenate([flat[:4], flat[-4:]]), corner, rtol=1e-4, atol=1e-6)


def test_en_lstm_program_trains_as_tensorflow():
    model = RNN(num_chars=NUM_CHARS, batch_size=BATCH_SIZE, seq_length=SEQ_LENGTH)
    optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)

    def loss_fn(y, y_pred):
        return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred))
    _check(model, _train(model, optimizer, loss_fn), G["en_rnn"])


def test_v03_lstm_program_trains_as_tensorflow():
    model = RNNv03(NUM_CHARS)
    optimizer = v1.train.AdamOptimizer(learning_rate=1e-3)

    def loss_fn(y, logits):
        return v1.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # BasicLSTMCell's deprecation
        _check(model, _train(model, optimizer, loss_fn), G["v03_rnn"])


# -- optimizer steps on variables whose buffer is not C-contiguous -----------------------------------
@pytest.mark.parametrize("make_optimizer", [lambda: tf.keras.optimizers.Adam(1e-3),
                                            lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9),
                                            lambda: v1.train.AdamOptimizer(1e-3)])
def test_update_of_a_big_transposed_variable_is_not_lost(make_optimizer):
    a = np.random.RandomState(0).rand(1024, 300).astype(np.float32)
    var = tf.Variable(a.T)  # 307,200 elements: updated in blocks over a flat view
    grad = tf.constant(np.ones((300, 1024), np.float32))
    make_optimizer().apply_gradients([(grad, var)])
    step = a.T - var.numpy()
    assert step.min() > 0 and np.allclose(step, step.flat[0])  # every element moved, alike


def test_lstm_cell_recurrent_kernel_moves_under_adam():
    cell = tf.keras.layers.LSTMCell(256)
    x = tf.ones([2, 3])
    state = cell.get_initial_state(batch_size=2, dtype=tf.float32)
    cell(x, state)
    before = [v.numpy().copy() for v in cell.variables]
    with tf.GradientTape() as tape:
        out, _ = cell(x, cell(x, state)[1])
        loss = tf.reduce_sum(out)
    grads = tape.gradient(loss, cell.variables)
    tf.keras.optimizers.Adam(1e-3).apply_gradients(zip(grads, cell.variables))
    moved = [float(np.abs(v.numpy() - b).max()) for v, b in zip(cell.variables, before)]
    np.testing.assert_allclose(moved, [1e-3] * 3, rtol=1e-3)  # Adam's first step: lr per element


# -- TF1 cells' names and warnings (TF 2.21 eager) ---------------------------------------------------
def test_tf1_cells_in_a_keras_model_are_named_by_variable_scope():
    class M(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.cell = v1.nn.rnn_cell.BasicLSTMCell(num_units=4)
            self.cell2 = v1.nn.rnn_cell.GRUCell(num_units=4)
            self.dense = tf.keras.layers.Dense(2)

        def call(self, inputs):
            o, _ = self.cell(inputs, self.cell.zero_state(2, tf.float32))
            o2, _ = self.cell2(inputs, self.cell2.zero_state(2, tf.float32))
            return self.dense(o + o2)

    x = tf.ones([2, 3])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = M()
        m(x)
        c = v1.nn.rnn_cell.BasicLSTMCell(num_units=4)
        c(x, c.zero_state(2, tf.float32))
        with tf.name_scope("foo"):  # name scopes do not enter TF1 variable names
            c2 = v1.nn.rnn_cell.BasicLSTMCell(num_units=4)
            c2(x, c2.zero_state(2, tf.float32))
        with v1.variable_scope("vs"):
            c3 = v1.nn.rnn_cell.BasicRNNCell(num_units=4)
            c3(x, c3.zero_state(2, tf.float32))
        mc = v1.nn.rnn_cell.MultiRNNCell([v1.nn.rnn_cell.BasicLSTMCell(4), v1.nn.rnn_cell.BasicLSTMCell(4)])
        mc(x, mc.zero_state(2, tf.float32))
        named = [v1.nn.rnn_cell.BasicLSTMCell(4, name="mycell") for _ in range(2)]
        for n in named:
            n(x, n.zero_state(2, tf.float32))
    assert [v.name for v in m.variables] == [
        "basic_lstm_cell/kernel:0", "basic_lstm_cell/bias:0", "gru_cell/gates/kernel:0", "gru_cell/gates/bias:0",
        "gru_cell/candidate/kernel:0", "gru_cell/candidate/bias:0", "m/dense/kernel:0", "m/dense/bias:0"]
    assert [v.name for v in c.variables] == ["basic_lstm_cell_1/kernel:0", "basic_lstm_cell_1/bias:0"]
    assert [v.name for v in c2.variables] == ["basic_lstm_cell_2/kernel:0", "basic_lstm_cell_2/bias:0"]
    assert [v.name for v in c3.variables] == ["vs/basic_rnn_cell/kernel:0", "vs/basic_rnn_cell/bias:0"]
    assert [v.name for v in mc.variables] == [
        "multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0", "multi_rnn_cell/cell_0/basic_lstm_cell/bias:0",
        "multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0", "multi_rnn_cell/cell_1/basic_lstm_cell/bias:0"]
    assert [[v.name for v in n.variables] for n in named] == [["mycell/kernel:0", "mycell/bias:0"],
                                                              ["mycell_1/kernel:0", "mycell_1/bias:0"]]
    # Keras names: 1-based for default names, kept when given
    assert (m.cell.name, m.cell2.name, c.name, c2.name, named[1].name) == (
        "basic_lstm_cell_1", "gru_cell_1", "basic_lstm_cell_2", "basic_lstm_cell_3", "mycell")


def test_dynamic_rnn_in_a_keras_model_names_rnn_scope():
    class M2(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.cell = v1.nn.rnn_cell.BasicLSTMCell(num_units=4)

        def call(self, inputs):
            out, _ = v1.nn.dynamic_rnn(self.cell, inputs, dtype=tf.float32)
            return out

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m2 = M2()
    m2(tf.ones([2, 5, 3]))
    assert [v.name for v in m2.variables] == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]


@pytest.mark.parametrize("cls, keras", [("BasicRNNCell", "SimpleRNNCell"), ("BasicLSTMCell", "LSTMCell"),
                                        ("LSTMCell", "LSTMCell"), ("GRUCell", "GRUCell")])
def test_tf1_cells_warn_as_tensorflow(cls, keras):
    with pytest.warns(UserWarning) as record:
        getattr(v1.nn.rnn_cell, cls)(2)
    assert [str(w.message) for w in record] == [
        f"`tf.nn.rnn_cell.{cls}` is deprecated and will be removed in a future version. This class is "
        f"equivalent as `tf.keras.layers.{keras}`, and will be replaced by that in Tensorflow 2.0."]
    assert record[0].filename == __file__  # attributed to the line that made the cell


def test_variable_scope_default_names_count_up():
    names = []
    for _ in range(3):
        with v1.variable_scope(None, default_name="x") as s:
            names.append(s.name)
    with v1.variable_scope("y"):
        pass
    with v1.variable_scope(None, default_name="y") as s:
        names.append(s.name)
    assert names == ["x", "x_1", "x_2", "y_1"]


def test_set_learning_phase_warns_deprecated():
    try:
        with pytest.warns(UserWarning, match=r"^`tf.keras.backend.set_learning_phase` is deprecated and will be "
                                             r"removed after 2020-10-11. To update it, simply pass a True/False "
                                             r"value to the `training` argument of the `__call__` method of your "
                                             r"layer or model.$"):
            tf.keras.backend.set_learning_phase(True)
        assert tf.keras.backend.learning_phase() == 1
    finally:
        tf.keras.backend.clear_session()
