"""Writes tests/golden/keras_layers2.npz: what real tf-keras computes for the activation,
LayerNormalization and reshaping layers (LeakyReLU, ELU, PReLU, ThresholdedReLU,
LayerNormalization, UpSampling2D, Cropping2D, RepeatVector, Permute) with fixed weights.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_layers2_golden.py

Each case is recorded as tools/make_layer_golden.py records its cases (same keys, so
tests/keras/layer_helpers.check_layer replays it: input "x", weights "w<i>" set via set_weights,
output "y", weight names, get_config(), compute_output_shape), plus:
- "r": a fixed random array shaped like the output, and "g<i>": the gradients of sum(y * r) with
  respect to the input (g0) and each trainable weight (g1, ...);
- c["tf"]["functional_shape"]: the output shape of the layer called on `tf.keras.Input` (shape
  c["sym_input"], by default the case's shape without its batch), as a functional model sees it.
The case list is stored in the file as JSON under "cases".
"""
import os

import numpy as np

from make_layer_golden import case, record, save

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_layers2.npz")


def sym(c, shape):
    """`c` with a symbolic input shape (no batch) for the functional-shape record."""
    c["sym_input"] = list(shape)
    return c


CASES = [
    # -- activation layers --------------------------------------------------------------------
    case("leaky_relu/default", "LeakyReLU", {}, (3, 5)),
    case("leaky_relu/alpha", "LeakyReLU", {"alpha": 0.1}, (2, 3, 4)),
    case("leaky_relu/alpha_above_one", "LeakyReLU", {"alpha": 1.5}, (2, 6)),
    case("elu/default", "ELU", {}, (3, 5)),
    case("elu/alpha", "ELU", {"alpha": 0.5}, (2, 3, 4)),
    case("prelu/default", "PReLU", {}, (3, 5)),
    case("prelu/shared_image", "PReLU", {"shared_axes": [1, 2]}, (2, 3, 4, 2)),
    case("prelu/shared_int", "PReLU", {"shared_axes": 2}, (2, 3, 4)),
    case("thresholded_relu/default", "ThresholdedReLU", {}, (3, 5)),
    case("thresholded_relu/theta", "ThresholdedReLU", {"theta": 0.5}, (2, 3, 4)),
    # -- LayerNormalization -------------------------------------------------------------------
    case("layernorm/default", "LayerNormalization", {}, (3, 5)),
    case("layernorm/rank3", "LayerNormalization", {}, (2, 3, 4)),
    case("layernorm/trailing_axes", "LayerNormalization", {"axis": [1, 2]}, (2, 3, 4)),
    case("layernorm/axis1", "LayerNormalization", {"axis": 1}, (2, 3, 4)),
    case("layernorm/unsorted_axes", "LayerNormalization", {"axis": [-1, 1]}, (2, 3, 4)),
    case("layernorm/gapped_axes", "LayerNormalization", {"axis": [1, 3]}, (2, 3, 2, 4)),
    case("layernorm/image", "LayerNormalization", {"axis": [1, 2, 3]}, (2, 3, 3, 2)),
    case("layernorm/plain", "LayerNormalization", {"center": False, "scale": False}, (3, 4)),
    case("layernorm/small_epsilon", "LayerNormalization", {"epsilon": 1e-6, "center": False}, (2, 6)),
    # -- reshaping ----------------------------------------------------------------------------
    sym(case("upsampling2d/default", "UpSampling2D", {}, (2, 3, 4, 2)), (None, 4, 2)),
    case("upsampling2d/rect", "UpSampling2D", {"size": [2, 3]}, (1, 2, 3, 2)),
    # bilinear resizing outputs float32 even in a float64 layer (tf.image.resize): no float64 check
    # here; tests/ops/test_image_ops.py checks the resize ops against finite differences
    case("upsampling2d/bilinear", "UpSampling2D", {"size": 2, "interpolation": "bilinear"}, (1, 3, 4, 2),
         grad=False),
    case("upsampling2d/bilinear_rect", "UpSampling2D", {"size": [3, 2], "interpolation": "bilinear"},
         (2, 2, 3, 1), grad=False),
    case("upsampling2d/channels_first", "UpSampling2D", {"size": [2, 1], "data_format": "channels_first"},
         (1, 2, 3, 4)),
    sym(case("cropping2d/int", "Cropping2D", {"cropping": 1}, (2, 4, 5, 2)), (None, None, 2)),
    case("cropping2d/rows_cols", "Cropping2D", {"cropping": [1, 2]}, (1, 4, 6, 3)),
    case("cropping2d/asymmetric", "Cropping2D", {"cropping": [[1, 0], [2, 1]]}, (2, 4, 5, 1)),
    case("cropping2d/channels_first", "Cropping2D", {"cropping": [[0, 1], [1, 1]], "data_format": "channels_first"},
         (1, 2, 4, 5)),
    case("repeat_vector/basic", "RepeatVector", {"n": 3}, (2, 4)),
    case("permute/swap", "Permute", {"dims": [2, 1]}, (2, 3, 4)),
    case("permute/rotate", "Permute", {"dims": [3, 1, 2]}, (2, 3, 4, 2)),
    # -- all of them in one model -------------------------------------------------------------
    case("sequential/all", "Sequential", {"layers": [
        ["Conv2D", {"filters": 2, "kernel_size": 3, "padding": "same"}], ["UpSampling2D", {}],
        ["Cropping2D", {"cropping": 1}], ["PReLU", {"shared_axes": [1, 2]}], ["LayerNormalization", {}],
        ["ELU", {"alpha": 0.7}], ["Flatten", {}], ["RepeatVector", {"n": 2}], ["Permute", {"dims": [2, 1]}],
        ["LeakyReLU", {}], ["ThresholdedReLU", {"theta": 0.1}]]}, (2, 3, 3, 1)),
]


def record_with_gradients(tf, c, rng):
    """`record` plus the gradients "r"/"g<i>" and the functional shape (module docstring); returns
    (layer, {array name: array})."""
    layer, x, y, data = record(tf, c, rng)
    key = c["name"]
    r = rng.standard_normal(y.shape).astype(np.float32)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        total = tf.reduce_sum(layer(xt, **c["call"]) * r)
    grads = tape.gradient(total, [xt] + layer.trainable_weights)
    data[f"{key}/r"] = r
    for i, g in enumerate(grads):
        data[f"{key}/g{i}"] = tf.convert_to_tensor(g).numpy()
    c["tf"]["grad_sources"] = ["input"] + [w.name for w in layer.trainable_weights]
    symbolic = layer(tf.keras.Input(c.get("sym_input", c["shape"][1:])))
    c["tf"]["functional_shape"] = symbolic.shape.as_list()
    return layer, data


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2025)
    data = {}
    for c in CASES:
        data.update(record_with_gradients(tf, c, rng)[1])
    save(tf, data, CASES, OUT)


if __name__ == "__main__":
    main()
