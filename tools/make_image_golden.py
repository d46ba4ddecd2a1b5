"""Writes tests/golden/image.npz: tf.image.resize of real TensorFlow 2.21, values and gradients.

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_image_golden.py

Cases ("cases", JSON): an input (shape, dtype), a size and a method; recorded: the input, the
output, and for float inputs the gradient of sum(output * weights) with respect to the input.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "image.npz")
CASES = [
    {"name": "bilinear/down", "shape": [2, 7, 9, 3], "dtype": "float32", "size": [3, 4], "method": "bilinear"},
    {"name": "bilinear/up", "shape": [1, 3, 4, 2], "dtype": "float32", "size": [7, 9], "method": "bilinear"},
    {"name": "bilinear/mixed", "shape": [2, 5, 4, 1], "dtype": "float32", "size": [2, 11], "method": "bilinear"},
    {"name": "bilinear/uint8_3d", "shape": [6, 5, 3], "dtype": "uint8", "size": [4, 4], "method": "bilinear"},
    {"name": "bilinear/same", "shape": [1, 4, 4, 1], "dtype": "float32", "size": [4, 4], "method": "bilinear"},
    {"name": "nearest/down", "shape": [2, 7, 9, 3], "dtype": "float32", "size": [3, 4], "method": "nearest"},
    {"name": "nearest/up_uint8", "shape": [1, 3, 4, 2], "dtype": "uint8", "size": [7, 9], "method": "nearest"},
    {"name": "nearest/up", "shape": [1, 3, 4, 2], "dtype": "float32", "size": [5, 6], "method": "nearest"},
]


def main():
    import tensorflow as tf
    rng = np.random.default_rng(9)
    arrays = {}
    for c in CASES:
        x = rng.uniform(0, 255, c["shape"]).astype(c["dtype"])
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = tf.image.resize(xt, c["size"], method=c["method"])
        arrays[c["name"] + "/x"], arrays[c["name"] + "/y"] = x, y.numpy()
        if c["dtype"] == "float32":
            w = rng.standard_normal(y.shape).astype(np.float32)
            arrays[c["name"] + "/w"] = w
            arrays[c["name"] + "/grad"] = tape.gradient(y, xt, output_gradients=tf.constant(w)).numpy()
    arrays["cases"] = np.array(json.dumps(CASES))
    np.savez(OUT, **arrays)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
