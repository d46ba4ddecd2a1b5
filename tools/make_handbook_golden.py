"""Golden values for the handbook's character-level LSTM programs trained from fixed weights
(tests/test_handbook_programs_diff.py), from TensorFlow 2.21 with tf-keras:

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_handbook_golden.py

Both models of the pages are trained for a few batches of Adam from the same weights (a seeded
RandomState's uniform(-0.1, 0.1), set after the first call built them) on the same batches (a
seeded RandomState's integers over the 57 characters of nietzsche.txt): model-chapter-en.md's
`RNN` (`tf.keras.layers.LSTMCell(units=256)`, `get_initial_state(batch_size=, dtype=)`, Keras
Adam) and model-chapter-v0.3-en.txt's (`tf.nn.rnn_cell.BasicLSTMCell(num_units=256)`,
`zero_state`, `tf.train.AdamOptimizer`, `tf.losses.sparse_softmax_cross_entropy`). Stored: the
loss of every batch, the variable names, and a corner of each variable after training.
"""
import json
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "handbook.json")
NUM_CHARS, SEQ_LENGTH, BATCH_SIZE, NUM_BATCHES = 57, 40, 50, 4


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
        self.cell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(num_units=256)
        self.dense = tf.keras.layers.Dense(units=self.num_chars)

    def call(self, inputs):
        batch_size, seq_length = tf.shape(inputs)
        inputs = tf.one_hot(inputs, depth=self.num_chars)
        state = self.cell.zero_state(batch_size=batch_size, dtype=tf.float32)
        for t in range(seq_length.numpy()):
            output, state = self.cell(inputs[:, t, :], state)
        output = self.dense(output)
        return output


def batches():
    rs = np.random.RandomState(0)
    return [(rs.randint(0, NUM_CHARS, (BATCH_SIZE, SEQ_LENGTH)), rs.randint(0, NUM_CHARS, BATCH_SIZE))
            for _ in range(NUM_BATCHES)]


def set_weights(model, X):
    model(X)
    rs = np.random.RandomState(1)
    for v in model.variables:
        v.assign(rs.uniform(-0.1, 0.1, v.shape).astype(np.float32))


def corners(model):
    return [np.asarray(v.numpy()).reshape(-1)[:4].tolist() + np.asarray(v.numpy()).reshape(-1)[-4:].tolist()
            for v in model.variables]


def run_en():
    model = RNN(num_chars=NUM_CHARS, batch_size=BATCH_SIZE, seq_length=SEQ_LENGTH)
    optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
    losses = []
    for batch_index, (X, y) in enumerate(batches()):
        if batch_index == 0:
            set_weights(model, X)
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred)
            loss = tf.reduce_mean(loss)
        losses.append(float(loss))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    return {"losses": losses, "names": [v.name for v in model.variables], "corners": corners(model)}


def run_v03():
    tf1 = tf.compat.v1
    model = RNNv03(NUM_CHARS)
    optimizer = tf1.train.AdamOptimizer(learning_rate=1e-3)
    losses = []
    for batch_index, (X, y) in enumerate(batches()):
        if batch_index == 0:
            set_weights(model, X)
        with tf.GradientTape() as tape:
            y_logit_pred = model(X)
            loss = tf1.losses.sparse_softmax_cross_entropy(labels=y, logits=y_logit_pred)
        losses.append(float(loss))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    return {"losses": losses, "names": [v.name for v in model.variables], "corners": corners(model)}


if __name__ == "__main__":
    golden = {"en_rnn": run_en()}
    tf.keras.backend.clear_session()  # layer names restart, as in a program of its own
    golden["v03_rnn"] = run_v03()
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
    print(json.dumps({k: v["losses"] for k, v in golden.items()}))
