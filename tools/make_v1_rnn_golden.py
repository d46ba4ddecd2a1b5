"""Golden values for tf.compat.v1.nn.dynamic_rnn / static_rnn / bidirectional_dynamic_rnn and
tf.reverse_sequence (tests/compat/test_v1_rnn.py), from TensorFlow 2.21 with tf-keras:

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_v1_rnn_golden.py

Each case stores its inputs, the cells' weights (set from a seeded RandomState so numtf can load
them), the outputs and final states, and the variable names TF gave.
"""
import os

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "v1_rnn.npz")
rng = np.random.RandomState(7)
data = {}


def set_weights(cell, key):
    ws = [rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in cell.weights]
    cell.set_weights(ws)
    for i, w in enumerate(ws):
        data[f"{key}/w{i}"] = w
    data[f"{key}/names"] = np.array([w.name for w in cell.weights])


def save(key, value):
    for i, t in enumerate(tf.nest.flatten(value)):
        data[f"{key}/{i}"] = t.numpy()


x = rng.rand(3, 4, 5).astype(np.float32)
lengths = np.array([4, 2, 0], np.int32)
data["x"], data["lengths"] = x, lengths

# LSTM with sequence lengths (zero outputs and carried state past the end)
cell = v1.nn.rnn_cell.BasicLSTMCell(6)
v1.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)  # builds the weights
set_weights(cell, "lstm")
save("lstm/out", v1.nn.dynamic_rnn(cell, tf.constant(x), sequence_length=lengths, dtype=tf.float32))

# GRU, time-major, given initial state
cell = v1.nn.rnn_cell.GRUCell(3)
xt = tf.transpose(tf.constant(x), (1, 0, 2))
h0 = tf.constant(rng.rand(3, 3).astype(np.float32))
data["gru/h0"] = h0.numpy()
v1.nn.dynamic_rnn(cell, xt, initial_state=h0, time_major=True)
set_weights(cell, "gru")
save("gru/out", v1.nn.dynamic_rnn(cell, xt, initial_state=h0, time_major=True))

# bidirectional with sequence lengths
fw, bw = v1.nn.rnn_cell.BasicRNNCell(4), v1.nn.rnn_cell.BasicLSTMCell(2)
v1.nn.bidirectional_dynamic_rnn(fw, bw, tf.constant(x), dtype=tf.float32)
set_weights(fw, "bi_fw")
set_weights(bw, "bi_bw")
save("bi/out", v1.nn.bidirectional_dynamic_rnn(fw, bw, tf.constant(x), sequence_length=lengths, dtype=tf.float32))

# static_rnn and static_bidirectional_rnn over a list of steps
cell = v1.nn.rnn_cell.BasicRNNCell(3)
steps = tf.unstack(tf.constant(x), axis=1)
v1.nn.static_rnn(cell, steps, dtype=tf.float32)
set_weights(cell, "static")
save("static/out", v1.nn.static_rnn(cell, steps, dtype=tf.float32, sequence_length=lengths))
save("static_bi/out", v1.nn.static_bidirectional_rnn(cell, cell, steps, dtype=tf.float32, sequence_length=lengths))

# a stacked cell
multi = v1.nn.rnn_cell.MultiRNNCell([v1.nn.rnn_cell.BasicLSTMCell(4), v1.nn.rnn_cell.GRUCell(2)])
v1.nn.dynamic_rnn(multi, tf.constant(x), dtype=tf.float32)
set_weights(multi, "multi")
save("multi/out", v1.nn.dynamic_rnn(multi, tf.constant(x), dtype=tf.float32))

# tf.reverse_sequence on several axes and its gradient
y = rng.rand(3, 4, 2)
data["rs/y"] = y
data["rs/out1"] = tf.reverse_sequence(y, [3, 1, 4], seq_axis=1).numpy()
data["rs/out2"] = tf.reverse_sequence(y, [2, 0], seq_axis=0, batch_axis=2).numpy()
yt = tf.constant(y)
w = tf.constant(rng.rand(3, 4, 2))
with tf.GradientTape() as tape:
    tape.watch(yt)
    loss = tf.reduce_sum(tf.reverse_sequence(yt, [3, 1, 4], seq_axis=1) * w)
data["rs/w"] = w.numpy()
data["rs/grad"] = tape.gradient(loss, yt).numpy()

np.savez_compressed(OUT, **data)
print("wrote", OUT, len(data), "arrays")
