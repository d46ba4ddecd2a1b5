"""Writes tests/golden/keras_layers.npz: what real tf-keras layers compute with fixed weights.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_layer_golden.py

Each case builds one layer (or a Sequential of a few) after `clear_session()`, so weight names are
predictable, calls it once on a fixed input to build it, replaces every weight with a fixed
random array (set_weights), calls it again and records: the input, the weights, the output, the
weight names/shapes/trainable flags, count_params, get_config() (JSON-normalised) and
compute_output_shape with an unknown batch size. tests/keras/test_layers.py replays the case list
(stored in the file as JSON under "cases") through tests/keras/layer_helpers.check_layer.

Input kinds: "normal" (standard normal, float32), "index" (integers in [0, high)),
"float_index" (integers in [0, high) plus a fraction, float32: Embedding truncates them) and
"masked" (normal, with whole timesteps set to kwargs["mask_value"], 0 by default: Masking).
A kwargs value "@name" names a function of FUNCTIONS (Lambda layers), built with each library.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_layers.npz")


def FUNCTIONS(tf):
    """Functions Lambda cases refer to by '@name' (written once for both libraries)."""
    return {
        "square_plus_one": lambda x: x * x + 1.0,
        "scaled_sum": lambda x, k=1.0: tf.reduce_sum(x, axis=-1, keepdims=True) * k,
    }


def case(name, layer, kwargs, shape, kind="normal", high=None, call=None, grad=True, config_ignore=(),
         config_values_ignore=(), positive=False):
    """One golden case; `grad=False` skips the float64 gradient check (non-differentiable
    inputs are never checked anyway); `config_ignore` lists tf-keras config keys numtf need not
    have (serialisation metadata, not arguments); `config_values_ignore` keys whose values
    can't match (Lambda's pickled bytecode); `positive` makes the golden weights positive (a
    BatchNormalization's moving variance)."""
    return {"name": name, "layer": layer, "kwargs": kwargs, "shape": list(shape), "kind": kind,
            "high": high, "call": call or {}, "grad": grad, "config_ignore": list(config_ignore),
            "config_values_ignore": list(config_values_ignore), "positive": positive}


LAMBDA_META = ("function_type", "module", "output_shape_type", "output_shape_module")

CASES = [
    # -- core ---------------------------------------------------------------------------------
    case("dense/basic", "Dense", {"units": 3}, (2, 4)),
    case("dense/relu", "Dense", {"units": 3, "activation": "relu"}, (4, 5)),
    case("dense/no_bias", "Dense", {"units": 2, "use_bias": False}, (3, 4)),
    case("dense/rank3_tanh", "Dense", {"units": 3, "activation": "tanh"}, (2, 3, 4)),
    case("dense/int_input", "Dense", {"units": 2}, (3, 4), kind="index", high=5),
    case("flatten/4d", "Flatten", {}, (2, 3, 2, 2)),
    case("flatten/2d", "Flatten", {}, (3, 4)),
    case("reshape/basic", "Reshape", {"target_shape": [4, 3]}, (2, 3, 4)),
    case("reshape/minus_one", "Reshape", {"target_shape": [-1, 2]}, (2, 3, 4)),
    case("reshape/flat", "Reshape", {"target_shape": [-1]}, (2, 3, 2)),
    case("activation/tanh", "Activation", {"activation": "tanh"}, (2, 5)),
    case("activation/sigmoid", "Activation", {"activation": "sigmoid"}, (2, 5)),
    case("activation/softmax", "Activation", {"activation": "softmax"}, (2, 3, 4)),
    case("relu/default", "ReLU", {}, (3, 5)),
    case("relu/max_value", "ReLU", {"max_value": 1.0}, (3, 5)),
    case("relu/negative_slope", "ReLU", {"negative_slope": 0.1}, (3, 5)),
    case("relu/threshold", "ReLU", {"threshold": 0.5}, (3, 5)),
    case("relu/all", "ReLU", {"max_value": 2.0, "negative_slope": 0.2, "threshold": 0.3}, (3, 5)),
    case("softmax/default", "Softmax", {}, (2, 5)),
    case("softmax/axis1", "Softmax", {"axis": 1}, (2, 3, 4)),
    case("dropout/inference", "Dropout", {"rate": 0.5}, (3, 4), call={"training": False}),
    case("dropout/no_training_arg", "Dropout", {"rate": 0.3}, (3, 4)),
    case("lambda/square_plus_one", "Lambda", {"function": "@square_plus_one"}, (2, 3),
         config_ignore=LAMBDA_META, config_values_ignore=("function",)),
    case("lambda/arguments", "Lambda", {"function": "@scaled_sum", "arguments": {"k": 2.0}}, (2, 3),
         config_ignore=LAMBDA_META, config_values_ignore=("function",)),
    case("embedding/basic", "Embedding", {"input_dim": 6, "output_dim": 3}, (2, 4), kind="index", high=6),
    case("embedding/input_length", "Embedding", {"input_dim": 5, "output_dim": 2, "input_length": 3}, (2, 3),
         kind="index", high=5),
    case("embedding/mask_zero", "Embedding", {"input_dim": 4, "output_dim": 2, "mask_zero": True}, (2, 3),
         kind="index", high=4),
    case("embedding/float_indices", "Embedding", {"input_dim": 6, "output_dim": 3}, (2, 4), kind="float_index",
         high=6),
    # -- convolution --------------------------------------------------------------------------
    case("conv1d/valid", "Conv1D", {"filters": 2, "kernel_size": 3}, (2, 7, 3)),
    case("conv1d/same_s2", "Conv1D", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 3)),
    case("conv1d/causal_dilated", "Conv1D", {"filters": 2, "kernel_size": 3, "padding": "causal",
                                             "dilation_rate": 2}, (2, 7, 3)),
    case("conv1d/relu_no_bias", "Conv1D", {"filters": 3, "kernel_size": 2, "activation": "relu",
                                           "use_bias": False}, (2, 6, 2)),
    case("conv1d/groups", "Conv1D", {"filters": 4, "kernel_size": 3, "groups": 2}, (1, 7, 4)),
    case("conv2d/valid", "Conv2D", {"filters": 2, "kernel_size": 3}, (2, 5, 5, 3)),
    case("conv2d/same_s2", "Conv2D", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
         (2, 5, 6, 2)),
    case("conv2d/dilated_same", "Conv2D", {"filters": 2, "kernel_size": 3, "padding": "same",
                                           "dilation_rate": 2}, (1, 6, 6, 2)),
    case("conv2d/rect_relu", "Conv2D", {"filters": 3, "kernel_size": [2, 3], "strides": [1, 2],
                                        "activation": "relu"}, (1, 5, 7, 2)),
    case("conv2d/groups", "Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2}, (1, 5, 5, 4)),
    case("depthwise/valid", "DepthwiseConv2D", {"kernel_size": 3}, (2, 5, 5, 3)),
    case("depthwise/same_m2_s2", "DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2, "strides": 2,
                                                     "padding": "same"}, (1, 6, 6, 2)),
    case("depthwise/dilated", "DepthwiseConv2D", {"kernel_size": 2, "padding": "same", "dilation_rate": 2,
                                                  "use_bias": False}, (1, 5, 5, 2)),
    # -- pooling ------------------------------------------------------------------------------
    case("maxpool2d/default", "MaxPooling2D", {}, (2, 4, 6, 3)),
    case("maxpool2d/same_s1", "MaxPooling2D", {"pool_size": 3, "strides": 1, "padding": "same"}, (1, 5, 5, 2)),
    case("maxpool2d/valid_s2_odd", "MaxPooling2D", {"pool_size": 3, "strides": 2}, (1, 7, 6, 2)),
    case("maxpool2d/same_odd", "MaxPooling2D", {"padding": "same"}, (1, 5, 5, 2)),
    case("avgpool2d/default", "AveragePooling2D", {}, (2, 4, 6, 3)),
    case("avgpool2d/same_odd", "AveragePooling2D", {"padding": "same"}, (1, 5, 5, 2)),
    case("avgpool2d/rect", "AveragePooling2D", {"pool_size": [2, 3], "strides": [1, 2]}, (1, 5, 7, 2)),
    case("maxpool1d/default", "MaxPooling1D", {}, (2, 7, 3)),
    case("maxpool1d/same_s1", "MaxPooling1D", {"pool_size": 3, "strides": 1, "padding": "same"}, (2, 6, 2)),
    case("avgpool1d/default", "AveragePooling1D", {}, (2, 7, 3)),
    case("avgpool1d/same_s2", "AveragePooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 6, 2)),
    case("gap2d/default", "GlobalAveragePooling2D", {}, (2, 4, 5, 3)),
    case("gap2d/keepdims", "GlobalAveragePooling2D", {"keepdims": True}, (2, 4, 5, 3)),
    case("gmp2d/default", "GlobalMaxPooling2D", {}, (2, 4, 5, 3)),
    case("gmp2d/keepdims", "GlobalMaxPooling2D", {"keepdims": True}, (2, 4, 5, 3)),
    case("gap1d/default", "GlobalAveragePooling1D", {}, (2, 5, 3)),
    case("gmp1d/keepdims", "GlobalMaxPooling1D", {"keepdims": True}, (2, 5, 3)),
    # -- Sequential (kwargs["layers"]: [class name, kwargs] pairs) -----------------------------
    case("sequential/cnn", "Sequential", {"layers": [
        ["Conv2D", {"filters": 2, "kernel_size": 3, "activation": "relu"}], ["MaxPooling2D", {}],
        ["Flatten", {}], ["Dense", {"units": 3}], ["Softmax", {}]]}, (2, 6, 6, 1)),
    case("sequential/mlp", "Sequential", {"layers": [
        ["Flatten", {}], ["Dense", {"units": 4, "activation": "relu"}], ["Dropout", {"rate": 0.5}],
        ["Dense", {"units": 2}]]}, (3, 2, 3)),
    # -- normalization, padding (added after the cases above: their random draws are unchanged) --
    case("batchnorm/inference", "BatchNormalization", {}, (2, 3, 3, 4), positive=True),
    case("batchnorm/training", "BatchNormalization", {"momentum": 0.9}, (3, 2, 2, 3), call={"training": True},
         positive=True),
    case("batchnorm/dense_training", "BatchNormalization", {"epsilon": 0.01}, (6, 3), call={"training": True},
         positive=True),
    case("batchnorm/axis1", "BatchNormalization", {"axis": 1}, (2, 3, 4, 2), positive=True),
    case("batchnorm/axis1_training", "BatchNormalization", {"axis": 1, "center": False}, (3, 2, 2, 3),
         call={"training": True}, positive=True),
    case("batchnorm/no_scale", "BatchNormalization", {"scale": False, "center": False}, (4, 3), positive=True),
    case("zeropad2d/int", "ZeroPadding2D", {"padding": 1}, (2, 3, 4, 2)),
    case("zeropad2d/rows_cols", "ZeroPadding2D", {"padding": [2, 1]}, (1, 2, 3, 2)),
    case("zeropad2d/asymmetric", "ZeroPadding2D", {"padding": [[1, 2], [0, 3]]}, (1, 2, 3, 1)),
]


def make_input(c, rng):
    shape = c["shape"]
    if c["kind"] == "index":
        return rng.integers(0, c["high"], shape).astype(np.int32)
    if c["kind"] == "float_index":
        return (rng.integers(0, c["high"], shape) + rng.uniform(0.05, 0.95, shape)).astype(np.float32)
    x = (rng.standard_normal(shape) * 1.5).astype(np.float32)
    if c["kind"] == "masked":  # whole timesteps equal to the Masking layer's mask_value
        value = c["kwargs"].get("mask_value", 0.0)
        x[0, 1::2] = value
        x[1:, 0] = value
    return x


def resolve(kwargs, functions):
    return {k: functions[v[1:]] if isinstance(v, str) and v.startswith("@") else v for k, v in kwargs.items()}


def build(tf, c):
    layers = tf.keras.layers
    if c["layer"] == "Sequential":
        return tf.keras.Sequential([getattr(layers, cls)(**kw) for cls, kw in c["kwargs"]["layers"]])
    return getattr(layers, c["layer"])(**resolve(c["kwargs"], FUNCTIONS(tf)))


def jsonable(value):
    """Config values as JSON: tuples become lists, NumPy scalars/arrays Python numbers/lists."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def record(tf, c, rng):
    """Builds, weights and runs case `c` with tf-keras; returns (layer, input, output, {array name:
    array}) and stores what tf-keras reports about the layer in c["tf"]."""
    tf.keras.backend.clear_session()
    layer = build(tf, c)
    x = make_input(c, rng)
    layer(tf.constant(x), **c["call"])
    weights = [(rng.standard_normal(w.shape) * 0.5).astype(w.dtype.as_numpy_dtype) for w in layer.weights]
    if c.get("positive"):
        weights = [np.abs(w) + np.float32(0.5) for w in weights]
    layer.set_weights(weights)
    y = layer(tf.constant(x), **c["call"])
    key = c["name"]
    data = {f"{key}/x": x, f"{key}/y": y.numpy()}
    for i, w in enumerate(weights):
        data[f"{key}/w{i}"] = w
    sub = layer.layers if c["layer"] == "Sequential" else [layer]
    try:
        out_shape = tf.TensorShape(layer.compute_output_shape([None] + c["shape"][1:])).as_list()
    except Exception:  # noqa: BLE001 - tf-keras can't infer some (Sequential before build)
        out_shape = None
    c["tf"] = {
        "weight_names": [w.name for w in layer.weights],
        "weight_shapes": [list(w.shape) for w in layer.weights],
        "trainable": [w.name for w in layer.trainable_weights],
        "non_trainable": [w.name for w in layer.non_trainable_weights],
        "count_params": int(layer.count_params()),
        "output_dtype": y.dtype.name,
        "compute_output_shape": out_shape,
        "configs": [jsonable(s.get_config()) for s in sub],
    }
    return layer, x, y, data


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2024)
    data = {}
    for c in CASES:
        data.update(record(tf, c, rng)[3])
    save(tf, data, CASES, OUT)


def save(tf, data, cases, out):
    """Writes the arrays with the case list (JSON, under "cases") and TF's version."""
    data["cases"] = np.array(json.dumps(cases))
    data["tf_version"] = np.array(tf.__version__)
    np.savez_compressed(out, **data)
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
