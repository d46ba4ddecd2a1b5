"""Writes tests/golden/keras_wrappers.npz: what real tf-keras's Bidirectional and TimeDistributed compute.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_wrappers_golden.py

Each case ("cases", JSON in the file) builds a layer from `layer`, a [class name, kwargs] pair in
which the kwargs "layer" and "backward_layer" are such pairs too ("RNN" takes a list of cells, each a
pair; "Scale" is the small custom layer defined below), and calls it on x (float32, shape `shape`)
with the optional boolean `mask` (batch, time) and `states` initial states, with random weights set
through set_weights. Stored: the weights, the flattened outputs and the masks they carry, the weight
names, the config, compute_output_shape((None, *shape[1:])), and the gradients of
sum_i sum(output_i * w_i) (fixed random w_i) with respect to x, the initial states and each weight.
The "embedding" case is a Sequential of Embedding(mask_zero=True), Bidirectional(LSTM) and Dense on
integer sequences padded with zeros.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_rnn_layers_golden import _jsonable, padding_mask, record_call, record_sequential  # noqa: E402
from make_rnn_layers_golden import make_layer as make_rnn_layer  # noqa: E402

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_wrappers.npz")

SEQ = (3, 5, 2)  # (batch, time, features)


def bi(inner, **kwargs):
    return ["Bidirectional", dict(layer=inner, **kwargs)]


CASES = {
    "bi_lstm_concat": (bi(["LSTM", {"units": 4}]), {}),
    "bi_lstm_sum_sequences_masked": (bi(["LSTM", {"units": 3, "return_sequences": True}], merge_mode="sum"),
                                     {"mask": True}),
    "bi_gru_mul_sequences": (bi(["GRU", {"units": 3, "return_sequences": True}], merge_mode="mul"), {}),
    "bi_gru_ave_state_masked": (bi(["GRU", {"units": 3, "return_state": True}], merge_mode="ave"), {"mask": True}),
    "bi_simple_rnn_none_sequences_masked": (bi(["SimpleRNN", {"units": 3, "return_sequences": True}],
                                               merge_mode=None), {"mask": True}),
    "bi_simple_rnn_none_state": (bi(["SimpleRNN", {"units": 2, "return_state": True}], merge_mode=None), {}),
    "bi_lstm_sequences_state_masked": (bi(["LSTM", {"units": 3, "return_sequences": True, "return_state": True}]),
                                       {"mask": True}),
    "bi_lstm_initial_state": (bi(["LSTM", {"units": 3, "return_state": True}]), {"states": 4}),
    "bi_gru_initial_state_masked": (bi(["GRU", {"units": 2, "return_sequences": True}], merge_mode="sum"),
                                    {"states": 2, "mask": True}),
    "bi_lstm_time_major": (bi(["LSTM", {"units": 3, "time_major": True, "return_sequences": True}]),
                           {"shape": (5, 3, 2)}),
    "bi_gru_backward_layer_masked": (bi(["GRU", {"units": 3, "return_sequences": True}],
                                        backward_layer=["GRU", {"units": 3, "activation": "relu", "go_backwards": True,
                                                                "return_sequences": True, "reset_after": False}]),
                                     {"mask": True}),
    "bi_rnn_stacked_cells": (bi(["RNN", {"cell": [["LSTMCell", {"units": 3}], ["GRUCell", {"units": 2}]],
                                         "return_sequences": True}]), {}),
    "td_dense_masked": (["TimeDistributed", {"layer": ["Dense", {"units": 3, "activation": "tanh"}]}],
                        {"mask": True}),
    "td_conv2d": (["TimeDistributed", {"layer": ["Conv2D", {"filters": 2, "kernel_size": 3}]}],
                  {"shape": (2, 3, 5, 5, 2)}),
    "td_bidirectional": (["TimeDistributed", {"layer": bi(["LSTM", {"units": 2}])}], {"shape": (2, 3, 4, 2)}),
    "td_custom_masked": (["TimeDistributed", {"layer": ["Scale", {}]}], {"mask": True}),
}


def custom_layers(tf):
    class Scale(tf.keras.layers.Layer):
        """A custom layer (so TimeDistributed calls it step by step) that mixes the batch."""

        def build(self, input_shape):
            self.w = self.add_weight(name="w", shape=(input_shape[-1],), initializer="ones")

        def call(self, x):
            return x * self.w + tf.reduce_mean(x)
    return {"Scale": Scale}


def make_layer(tf, spec, custom=None):
    """The layer of a [class name, kwargs] spec (the test builds its own the same way)."""
    name, kwargs = spec
    if name == "RNN":
        return make_rnn_layer(tf, spec)
    kwargs = {k: make_layer(tf, v, custom) if k in ("layer", "backward_layer") else v for k, v in kwargs.items()}
    cls = (custom or {}).get(name) or getattr(tf.keras.layers, name)
    return cls(**kwargs)


def shape_lists(shape):
    if isinstance(shape, (list, tuple)) and shape and not isinstance(shape[0], (int, type(None))):
        return [shape_lists(s) for s in shape]
    return list(shape.as_list() if hasattr(shape, "as_list") else shape)


def main():
    import tensorflow as tf
    custom = custom_layers(tf)
    rng = np.random.default_rng(23)
    arrays, cases = {}, []
    for name, (spec, extra) in CASES.items():
        tf.keras.backend.clear_session()
        layer = make_layer(tf, spec, custom)
        shape = tuple(extra.get("shape", SEQ))
        x = rng.standard_normal(shape).astype(np.float32)
        inner = spec[1]["layer"][1]
        states = [rng.standard_normal((shape[0], inner["units"])).astype(np.float32)
                  for _ in range(extra.get("states", 0))]
        mask = padding_mask(*shape[:2]) if extra.get("mask") else None
        outs, weights, grads = record_call(tf, rng, arrays, name, layer, x, states, mask)
        masks = []
        for i, o in enumerate(outs):
            m = getattr(o, "_keras_mask", None)
            masks.append(m is not None)
            if m is not None:
                arrays[f"{name}/out_mask{i}"] = m.numpy()
        config = None if name == "td_custom_masked" else _jsonable(layer.get_config())
        cases.append({"name": name, "layer": spec, "shape": list(shape), "mask": bool(extra.get("mask")),
                      "states": len(states), "weights": len(weights), "outputs": len(outs), "out_masks": masks,
                      "grads": len(grads), "weight_names": [w.name for w in layer.weights], "config": config,
                      "output_shape": shape_lists(layer.compute_output_shape((None,) + shape[1:]))})

    # Embedding(mask_zero=True) -> Bidirectional(LSTM) -> Dense: the mask reaches both directions
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.layers.Embedding(6, 3, mask_zero=True),
                                 tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(4)), tf.keras.layers.Dense(2)])
    cases.append(record_sequential(tf, rng, arrays, model))
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
