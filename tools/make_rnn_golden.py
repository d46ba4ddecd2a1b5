"""Writes tests/golden/keras_rnn.npz: what real tf-keras's LSTMCell computes with fixed weights.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_rnn_golden.py

Cases ("cases", JSON in the file):
- "step/<name>": one LSTMCell step with the cell kwargs of the case: the input x, the states h0 and
  c0, the weights (set_weights), the outputs h and c, and the gradients of sum(h*wh) + sum(c*wc)
  with respect to x, h0, c0 and each weight;
- "handbook": the handbook's RNN model (one-hot characters, LSTMCell over the sequence, Dense,
  softmax) on integer sequences, with the handbook's loss (sparse categorical cross-entropy, mean):
  the probabilities, the loss and the gradients for model.variables.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_rnn.npz")

STEP_CASES = {
    "basic": {"units": 4},
    "relu_hard_sigmoid_no_bias": {"units": 3, "activation": "relu", "recurrent_activation": "hard_sigmoid",
                                  "use_bias": False},
    "no_forget_bias": {"units": 2, "unit_forget_bias": False, "bias_initializer": "ones"},
}
HANDBOOK = {"num_chars": 7, "batch_size": 3, "seq_length": 5, "units": 6}


def handbook_model(tf, num_chars, batch_size, seq_length, units):
    """The handbook's RNN (model chapter), with `units` for its 256."""
    class RNN(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.num_chars, self.seq_length, self.batch_size = num_chars, seq_length, batch_size
            self.cell = tf.keras.layers.LSTMCell(units=units)
            self.dense = tf.keras.layers.Dense(units=num_chars)

        def call(self, inputs, from_logits=False):
            inputs = tf.one_hot(inputs, depth=self.num_chars)
            state = self.cell.get_initial_state(batch_size=self.batch_size, dtype=tf.float32)
            for t in range(self.seq_length):
                output, state = self.cell(inputs[:, t, :], state)
            logits = self.dense(output)
            return logits if from_logits else tf.nn.softmax(logits)
    return RNN()


def main():
    import tensorflow as tf
    rng = np.random.default_rng(11)
    arrays, cases = {}, []
    for name, kwargs in STEP_CASES.items():
        tf.keras.backend.clear_session()
        units, batch, dim = kwargs["units"], 2, 3
        cell = tf.keras.layers.LSTMCell(**kwargs)
        x, h0, c0 = (rng.standard_normal(s).astype(np.float32) for s in ((batch, dim), (batch, units), (batch, units)))
        cell(tf.constant(x), [tf.constant(h0), tf.constant(c0)])
        key = f"step/{name}"
        arrays[key + "/initial_bias"] = cell.bias.numpy() if cell.use_bias else np.zeros(0, np.float32)
        weights = [rng.standard_normal(w.shape).astype(np.float32) * 0.5 for w in cell.get_weights()]
        cell.set_weights(weights)
        wh, wc = (rng.standard_normal((batch, units)).astype(np.float32) for _ in range(2))
        ins = [tf.constant(a) for a in (x, h0, c0)]
        with tf.GradientTape() as tape:
            tape.watch(ins)
            h, (h_again, c) = cell(ins[0], ins[1:])
            loss = tf.reduce_sum(h * wh) + tf.reduce_sum(c * wc)
        grads = tape.gradient(loss, ins + cell.trainable_weights)
        for k, v in dict(x=x, h0=h0, c0=c0, wh=wh, wc=wc, h=h.numpy(), c=c.numpy()).items():
            arrays[f"{key}/{k}"] = v
        for i, w in enumerate(weights):
            arrays[f"{key}/weight{i}"] = w
        for i, g in enumerate(grads):
            arrays[f"{key}/grad{i}"] = g.numpy()
        cases.append({"name": key, "kwargs": kwargs, "weights": len(weights),
                      "weight_names": [w.name for w in cell.weights]})
    tf.keras.backend.clear_session()
    model = handbook_model(tf, **HANDBOOK)
    X = rng.integers(0, HANDBOOK["num_chars"], (HANDBOOK["batch_size"], HANDBOOK["seq_length"]))
    y = rng.integers(0, HANDBOOK["num_chars"], HANDBOOK["batch_size"])
    model(X)
    weights = [rng.standard_normal(w.shape).astype(np.float32) * 0.5 for w in model.get_weights()]
    model.set_weights(weights)
    with tf.GradientTape() as tape:
        y_pred = model(X)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred))
    grads = tape.gradient(loss, model.variables)
    arrays.update({"handbook/X": X, "handbook/y": y, "handbook/probs": y_pred.numpy(),
                   "handbook/loss": loss.numpy(), "handbook/logits": model(X, from_logits=True).numpy()})
    for i, (w, g) in enumerate(zip(weights, grads)):
        arrays[f"handbook/weight{i}"], arrays[f"handbook/grad{i}"] = w, g.numpy()
    cases.append({"name": "handbook", "config": HANDBOOK, "weights": len(weights),
                  "weight_names": [v.name for v in model.variables]})
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez(OUT, **arrays)
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
