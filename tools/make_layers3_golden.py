"""Writes tests/golden/keras_layers3.npz: what real tf-keras computes for the transposed and
separable convolutions (Conv2DTranspose, Conv1DTranspose, SeparableConv2D, SeparableConv1D) and the
regularization layers outside training (SpatialDropout1D/2D, GaussianNoise, GaussianDropout,
AlphaDropout, ActivityRegularization, Masking), with fixed weights.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_layers3_golden.py

Each case is recorded as tools/make_layers2_golden.py records its cases (input "x", weights "w<i>",
output "y", weight names, get_config(), compute_output_shape, gradients "g<i>" of sum(y * r) and the
functional-model shape), plus:
- c["tf"]["losses"]: the values of `layer.losses` after the call (ActivityRegularization);
- "<case>/mask": the output's `_keras_mask`, when it has one (Masking).
"""
import os

import numpy as np

from make_layer_golden import case, save
from make_layers2_golden import record_with_gradients, sym

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_layers3.npz")
INFERENCE = {"training": False}

CASES = [
    # -- Conv2DTranspose ------------------------------------------------------------------------
    sym(case("conv2d_transpose/valid", "Conv2DTranspose", {"filters": 2, "kernel_size": 3}, (2, 4, 4, 3)),
        (None, None, 3)),
    sym(case("conv2d_transpose/same_s2", "Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                                                             "padding": "same"}, (2, 3, 4, 2)), (None, 4, 2)),
    case("conv2d_transpose/valid_s2_output_padding", "Conv2DTranspose",
         {"filters": 3, "kernel_size": 3, "strides": 2, "output_padding": 1}, (1, 3, 3, 2)),
    sym(case("conv2d_transpose/same_rect_output_padding", "Conv2DTranspose",
             {"filters": 2, "kernel_size": [3, 2], "strides": [2, 3], "padding": "same", "output_padding": [1, 2]},
             (1, 3, 2, 2)), (3, None, 2)),
    case("conv2d_transpose/dilated", "Conv2DTranspose", {"filters": 2, "kernel_size": 3, "dilation_rate": 2},
         (1, 4, 4, 2)),
    case("conv2d_transpose/dilated_same_even", "Conv2DTranspose",
         {"filters": 2, "kernel_size": 2, "dilation_rate": 3, "padding": "same"}, (1, 4, 5, 2)),
    case("conv2d_transpose/kernel_above_stride", "Conv2DTranspose",
         {"filters": 2, "kernel_size": 5, "strides": 2, "padding": "same"}, (1, 3, 3, 2)),
    case("conv2d_transpose/relu_no_bias", "Conv2DTranspose",
         {"filters": 3, "kernel_size": [2, 3], "strides": [2, 1], "activation": "relu", "use_bias": False},
         (2, 3, 3, 2)),
    sym(case("conv2d_transpose/channels_first", "Conv2DTranspose",
             {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first"},
             (1, 3, 3, 4)), (3, None, None)),
    case("conv2d_transpose/channels_first_output_padding", "Conv2DTranspose",
         {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1, "data_format": "channels_first"},
         (2, 2, 3, 2)),
    # -- Conv1DTranspose ------------------------------------------------------------------------
    sym(case("conv1d_transpose/valid", "Conv1DTranspose", {"filters": 2, "kernel_size": 3}, (2, 5, 3)), (None, 3)),
    case("conv1d_transpose/same_s2_output_padding", "Conv1DTranspose",
         {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1}, (2, 4, 2)),
    case("conv1d_transpose/dilated", "Conv1DTranspose", {"filters": 2, "kernel_size": 3, "dilation_rate": 2},
         (1, 5, 2)),
    case("conv1d_transpose/channels_first", "Conv1DTranspose",
         {"filters": 2, "kernel_size": 2, "strides": 3, "data_format": "channels_first"}, (2, 3, 4)),
    # -- SeparableConv2D ------------------------------------------------------------------------
    sym(case("separable_conv2d/valid", "SeparableConv2D", {"filters": 2, "kernel_size": 3}, (2, 5, 5, 3)),
        (None, None, 3)),
    case("separable_conv2d/same_s2_m2", "SeparableConv2D",
         {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, (1, 6, 5, 2)),
    case("separable_conv2d/dilated_same", "SeparableConv2D",
         {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "padding": "same"}, (1, 6, 6, 2)),
    case("separable_conv2d/rect_relu_no_bias", "SeparableConv2D",
         {"filters": 4, "kernel_size": [2, 3], "activation": "relu", "use_bias": False, "depth_multiplier": 2},
         (2, 4, 5, 2)),
    sym(case("separable_conv2d/channels_first", "SeparableConv2D",
             {"filters": 2, "kernel_size": 3, "depth_multiplier": 2, "data_format": "channels_first"},
             (1, 3, 5, 5)), (3, None, 5)),
    # -- SeparableConv1D ------------------------------------------------------------------------
    sym(case("separable_conv1d/valid", "SeparableConv1D", {"filters": 2, "kernel_size": 3}, (2, 7, 3)),
        (None, 3)),
    case("separable_conv1d/causal_dilated_m2", "SeparableConv1D",
         {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2, "depth_multiplier": 2},
         (2, 7, 2)),
    case("separable_conv1d/same_s2", "SeparableConv1D",
         {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 3)),
    case("separable_conv1d/channels_first", "SeparableConv1D",
         {"filters": 2, "kernel_size": 2, "data_format": "channels_first"}, (2, 3, 6)),
    # -- regularization layers outside training -------------------------------------------------
    case("spatial_dropout1d/inference", "SpatialDropout1D", {"rate": 0.5}, (2, 4, 3), call=INFERENCE),
    case("spatial_dropout1d/no_training_arg", "SpatialDropout1D", {"rate": 0.3, "seed": 3}, (2, 4, 3)),
    # numtf's SpatialDropout2D config also has data_format (tf-keras's forgets channels_first)
    case("spatial_dropout2d/inference", "SpatialDropout2D", {"rate": 0.5}, (2, 3, 3, 2), call=INFERENCE,
         config_ignore=["data_format"]),
    case("spatial_dropout2d/channels_first", "SpatialDropout2D", {"rate": 0.2, "data_format": "channels_first"},
         (2, 2, 3, 3), call=INFERENCE, config_ignore=["data_format"]),
    case("gaussian_noise/inference", "GaussianNoise", {"stddev": 0.5}, (3, 4), call=INFERENCE),
    case("gaussian_noise/no_training_arg", "GaussianNoise", {"stddev": 1.0, "seed": 1}, (2, 3, 4)),
    case("gaussian_dropout/inference", "GaussianDropout", {"rate": 0.4}, (3, 4), call=INFERENCE),
    case("alpha_dropout/inference", "AlphaDropout", {"rate": 0.2, "seed": 5}, (3, 4), call=INFERENCE),
    case("activity_regularization/l1_l2", "ActivityRegularization", {"l1": 0.1, "l2": 0.01}, (3, 4)),
    case("activity_regularization/default", "ActivityRegularization", {}, (2, 3, 2)),
    case("activity_regularization/int_l1", "ActivityRegularization", {"l1": 1}, (2, 3)),
    case("masking/random", "Masking", {}, (2, 4, 3)),
    # exact zeros are a kink of the masking (finite differences see y = x there): tf-keras's
    # gradients only (test_gradients_match_tf_keras)
    case("masking/zero_steps", "Masking", {}, (3, 5, 2), kind="masked", grad=False),
    case("masking/value", "Masking", {"mask_value": 1.5}, (2, 4, 3), kind="masked", grad=False),
    # -- in one model --------------------------------------------------------------------------
    case("sequential/transpose_separable", "Sequential", {"layers": [
        ["Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1}],
        ["GaussianNoise", {"stddev": 0.3}], ["SeparableConv2D", {"filters": 2, "kernel_size": 3,
                                                                  "depth_multiplier": 2, "activation": "relu"}],
        ["SpatialDropout2D", {"rate": 0.3}], ["Conv2DTranspose", {"filters": 1, "kernel_size": 2}],
        ["ActivityRegularization", {"l2": 0.01}]]}, (2, 3, 3, 2), config_ignore=["data_format"]),
    case("sequential/masking_lstm", "Sequential", {"layers": [
        ["Masking", {}], ["LSTM", {"units": 3, "return_sequences": True}], ["SeparableConv1D", {
            "filters": 2, "kernel_size": 2, "padding": "causal"}], ["Conv1DTranspose", {"filters": 2,
                                                                                       "kernel_size": 2}]]},
         (2, 5, 3), kind="masked", grad=False),
]


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2026)
    data = {}
    for c in CASES:
        layer, arrays = record_with_gradients(tf, c, rng)
        data.update(arrays)
        # as check_layer asks: with a tuple (a Sequential given the list [None, 5, 3] loses the steps
        # of its masked LSTM case, (None, None, 2), and gives (None, 6, 2) for the tuple)
        c["tf"]["compute_output_shape"] = tf.TensorShape(
            layer.compute_output_shape((None,) + tuple(c["shape"][1:]))).as_list()
        y = layer(tf.constant(arrays[c["name"] + "/x"]), **c["call"])
        c["tf"]["losses"] = [float(loss) for loss in layer.losses]
        mask = getattr(y, "_keras_mask", None)
        if mask is not None:
            data[c["name"] + "/mask"] = mask.numpy()
    save(tf, data, CASES, OUT)


if __name__ == "__main__":
    main()
