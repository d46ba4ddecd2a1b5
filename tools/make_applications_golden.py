"""Writes tests/golden/keras_applications.npz: tf-keras's MobileNetV2, its architecture for several
arguments and its numbers for one small configuration.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_applications_golden.py

- "architectures" (JSON): per argument set, the model's name, layer names, count_params, input
  and output shapes, and the ZeroPadding2D paddings.
- the numbers: MobileNetV2(alpha=0.35, input_shape=(64, 64, 3), classes=3, weights=None) with its
  weights replaced by `weights(model)` (a fixed NumPy generator, positive moving variances; the test
  makes the same arrays), on a fixed batch: the inference output, the training-mode output, the
  loss's gradients for the first and last kernels, and one BatchNormalization's moving statistics
  after the training call.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_applications.npz")
ARCHITECTURES = [
    {"weights": None, "classes": 5},
    {"weights": None, "include_top": False, "input_shape": [96, 96, 3], "alpha": 0.35, "pooling": "avg"},
    {"weights": None, "input_shape": [97, 95, 3], "classes": 3},
    {"weights": None, "include_top": False, "alpha": 1.4, "pooling": "max"},
    {"weights": None, "include_top": False, "input_shape": [64, 64, 1], "alpha": 0.75},
]
# 64x64 inputs and a batch of 4: the last blocks' batch statistics then come from 16 values each
# (with 32x32 and 2 images, from 2: rounding differences between kernels grow to ~1% by the output)
SMALL = {"weights": None, "alpha": 0.35, "input_shape": [64, 64, 3], "classes": 3}


def weights(shapes_and_names, seed=3):
    """Fixed arrays for the model's weights (in model.weights order): small normals, moving
    variances positive."""
    rng = np.random.default_rng(seed)
    out = []
    for shape, name in shapes_and_names:
        w = (rng.standard_normal(shape) * 0.3).astype(np.float32)
        out.append(np.abs(w) + np.float32(0.5) if "moving_variance" in name else w)
    return out


def kwargs_of(spec):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in spec.items()}


def main():
    import tensorflow as tf
    arrays, archs = {}, []
    for spec in ARCHITECTURES:
        tf.keras.backend.clear_session()
        m = tf.keras.applications.MobileNetV2(**kwargs_of(spec))
        archs.append({"spec": spec, "name": m.name, "layers": [l.name for l in m.layers],
                      "count_params": int(m.count_params()), "input_shape": list(m.input_shape),
                      "output_shape": list(m.output_shape),
                      "paddings": [l.get_config()["padding"] for l in m.layers if type(l).__name__ == "ZeroPadding2D"]})
    tf.keras.backend.clear_session()
    m = tf.keras.applications.MobileNetV2(**kwargs_of(SMALL))
    m.set_weights(weights([(tuple(w.shape), w.name) for w in m.weights]))
    x = np.random.default_rng(4).uniform(-1, 1, (4, 64, 64, 3)).astype(np.float32)
    y = np.array([0, 2, 1, 2])
    arrays["x"], arrays["y"] = x, y
    arrays["inference"] = m(x).numpy()
    with tf.GradientTape() as tape:
        p = m(x, training=True)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, p))
    first, last = m.trainable_weights[0], m.trainable_weights[-2]
    g_first, g_last = tape.gradient(loss, [first, last])
    arrays.update({"training": p.numpy(), "loss": loss.numpy(), "grad_first": g_first.numpy(),
                   "grad_last": g_last.numpy()})
    bn = m.get_layer("bn_Conv1")
    arrays["bn_moving_mean"], arrays["bn_moving_variance"] = bn.moving_mean.numpy(), bn.moving_variance.numpy()
    arrays["meta"] = np.array(json.dumps({"architectures": archs, "small": SMALL, "first": first.name,
                                          "last": last.name}))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
