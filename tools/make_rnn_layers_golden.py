"""Writes tests/golden/keras_rnn_layers.npz: what real tf-keras's recurrent layers compute.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_rnn_layers_golden.py

Each case ("cases", JSON in the file) builds a layer from `layer` (a class name and kwargs; "RNN"
takes a list of cells, each a class name and kwargs), calls it on the input x (float32,
(batch, time, features), or time-major) with the optional boolean `mask` and `initial_state`, with
random weights set through set_weights. Stored: the weights, the flattened outputs, the weight
names, the layer's config, and the gradients of sum_i sum(output_i * w_i) (fixed random w_i)
with respect to x, the initial states and each weight. The "embedding" case is a Sequential of
Embedding(mask_zero=True) and LSTM on integer sequences padded with zeros.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_rnn_layers.npz")

CASES = {
    "lstm_sequences_state": (["LSTM", {"units": 4, "return_sequences": True, "return_state": True}], {}),
    "gru_default": (["GRU", {"units": 4}], {}),
    "gru_reset_before": (["GRU", {"units": 3, "reset_after": False, "return_sequences": True}], {}),
    "gru_implementation1": (["GRU", {"units": 3, "implementation": 1, "return_state": True}], {}),
    "simple_rnn_relu": (["SimpleRNN", {"units": 4, "activation": "relu", "return_sequences": True}], {}),
    "lstm_implementation1_no_bias": (["LSTM", {"units": 3, "implementation": 1, "use_bias": False}], {}),
    "lstm_masked": (["LSTM", {"units": 3, "return_sequences": True}], {"mask": True}),
    "gru_masked_backwards": (["GRU", {"units": 3, "go_backwards": True, "return_sequences": True,
                                      "return_state": True}], {"mask": True}),
    "simple_rnn_masked_zero_output": (["RNN", {"cell": [["SimpleRNNCell", {"units": 2}]], "return_sequences": True,
                                               "zero_output_for_mask": True}], {"mask": True}),
    "lstm_initial_state": (["LSTM", {"units": 3, "return_state": True}], {"initial_state": True}),
    "lstm_time_major": (["LSTM", {"units": 3, "time_major": True, "return_sequences": True}], {}),
    "stacked_cells": (["RNN", {"cell": [["LSTMCell", {"units": 3}], ["GRUCell", {"units": 2}],
                                        ["SimpleRNNCell", {"units": 2}]],
                               "return_sequences": True, "return_state": True}], {}),
    "simple_rnn_cell_rnn_backwards": (["RNN", {"cell": [["SimpleRNNCell", {"units": 3}]], "go_backwards": True}], {}),
}
BATCH, STEPS, FEATURES = 3, 5, 2


def make_layer(tf, spec):
    name, kwargs = spec
    kwargs = dict(kwargs)
    if name == "RNN":
        cells = [getattr(tf.keras.layers, c)(**k) for c, k in kwargs.pop("cell")]
        return tf.keras.layers.RNN(cells if len(cells) > 1 else cells[0], **kwargs)
    return getattr(tf.keras.layers, name)(**kwargs)


def flat_outputs(tf, out):
    return tf.nest.flatten(out)


def padding_mask(batch, steps):
    """A (batch, time) mask with a hole, a padded tail and a padded head (batch >= 3)."""
    mask = np.ones((batch, steps), bool)
    mask[0, 2] = False           # a hole
    mask[1, 3:] = False          # a padded tail
    mask[2, :2] = False          # a padded head
    return mask


def record_call(tf, rng, arrays, name, layer, x, states=(), mask=None):
    """Calls `layer` on x (with the initial `states` and the `mask`, if any) with random weights, and
    stores under `name`: x, the states, the mask, the weights, the flattened outputs, the output
    weights w_i and the gradients of sum_i sum(output_i * w_i) w.r.t. x, the states and the trainable
    weights. Returns (outputs, weights, grads)."""
    xs = [tf.constant(x)] + [tf.constant(s) for s in states]
    kwargs = {} if mask is None else {"mask": tf.constant(mask)}
    if states:
        kwargs["initial_state"] = xs[1:]
    if mask is not None:
        arrays[f"{name}/mask"] = mask
    for i, s in enumerate(states):
        arrays[f"{name}/state{i}"] = s
    layer(xs[0], **kwargs)
    weights = [rng.standard_normal(w.shape).astype(np.float32) * 0.6 for w in layer.get_weights()]
    layer.set_weights(weights)
    with tf.GradientTape() as tape:
        tape.watch(xs)
        outs = flat_outputs(tf, layer(xs[0], **kwargs))
        ws = [rng.standard_normal(o.shape).astype(np.float32) for o in outs]
        loss = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outs, ws)])
    grads = tape.gradient(loss, xs + layer.trainable_weights)
    arrays[f"{name}/x"] = xs[0].numpy()
    for i, w in enumerate(weights):
        arrays[f"{name}/weight{i}"] = w
    for i, (o, w) in enumerate(zip(outs, ws)):
        arrays[f"{name}/out{i}"] = o.numpy()
        arrays[f"{name}/w{i}"] = w
    for i, g in enumerate(grads):
        arrays[f"{name}/grad{i}"] = g.numpy()
    return outs, weights, grads


def record_sequential(tf, rng, arrays, model, name="embedding"):
    """The same for a model of Embedding(mask_zero=True) first, on integer sequences padded with zeros
    (gradients w.r.t. the weights only); returns the case's entry."""
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [1, 1, 1, 1, 1]], np.int32)
    model(ids)
    weights = [rng.standard_normal(w.shape).astype(np.float32) * 0.6 for w in model.get_weights()]
    model.set_weights(weights)
    with tf.GradientTape() as tape:
        out = model(ids)
        w = rng.standard_normal(out.shape).astype(np.float32)
        loss = tf.reduce_sum(out * w)
    grads = tape.gradient(loss, model.trainable_weights)
    arrays[f"{name}/ids"] = ids
    arrays[f"{name}/out"] = out.numpy()
    arrays[f"{name}/w"] = w
    for i, (wt, g) in enumerate(zip(weights, grads)):
        arrays[f"{name}/weight{i}"] = wt
        arrays[f"{name}/grad{i}"] = tf.convert_to_tensor(g).numpy()
    return {"name": name, "weights": len(weights), "weight_names": [v.name for v in model.weights]}


def main():
    import tensorflow as tf
    rng = np.random.default_rng(21)
    arrays, cases = {}, []
    for name, (spec, extra) in CASES.items():
        tf.keras.backend.clear_session()
        layer = make_layer(tf, spec)
        time_major = spec[1].get("time_major", False)
        shape = (STEPS, BATCH, FEATURES) if time_major else (BATCH, STEPS, FEATURES)
        x = rng.standard_normal(shape).astype(np.float32)
        states = []
        if extra.get("initial_state"):
            units = spec[1]["units"]
            states = [rng.standard_normal((BATCH, units)).astype(np.float32) for _ in range(2)]
        mask = padding_mask(BATCH, STEPS) if extra.get("mask") else None
        outs, weights, grads = record_call(tf, rng, arrays, name, layer, x, states, mask)
        cases.append({"name": name, "layer": spec, "mask": bool(extra.get("mask")), "states": len(states),
                      "weights": len(weights), "outputs": len(outs), "grads": len(grads),
                      "weight_names": [w.name for w in layer.weights], "config": _jsonable(layer.get_config())})

    # Embedding(mask_zero=True) -> LSTM: the mask travels with the embedded sequence
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.layers.Embedding(6, 3, mask_zero=True), tf.keras.layers.LSTM(4)])
    cases.append(record_sequential(tf, rng, arrays, model))
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}: {len(cases)} cases")


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.generic,)):
        return value.item()
    return value


if __name__ == "__main__":
    main()
