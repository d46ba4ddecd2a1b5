"""Writes tests/golden/keras_layers4.npz: what real tf-keras computes for the 1-D and 3-D reshaping
layers (UpSampling1D/3D, ZeroPadding1D/3D, Cropping1D/3D), GroupNormalization, UnitNormalization
and Identity, with fixed weights.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_layers4_golden.py

Each case is recorded as tools/make_layers2_golden.py records its cases (input "x", weights "w<i>",
output "y", weight names, get_config(), compute_output_shape, gradients "g<i>" of sum(y * r) and the
functional-model shape; integer-input cases have no gradients), plus "<case>/mask": the output's
`_keras_mask`, when it has one.

Besides the cases:
- "masked/<name>/...": GroupNormalization called with an explicit mask "m" (weighted statistics;
  UnitNormalization's call takes no mask: an ERRORS case): input "x", mask "m", output "y", output mask "ym", weights "w<i>",
  gradients "g<i>" of sum(y * r);
- "errors" (JSON): for each ERRORS entry, the exception type and message tf-keras raises.
"""
import json
import os

import numpy as np

from make_layer_golden import case, record, save
from make_layers2_golden import record_with_gradients, sym

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_layers4.npz")
CF = "channels_first"

CASES = [
    # -- 1-D ------------------------------------------------------------------------------------
    sym(case("upsampling1d/default", "UpSampling1D", {}, (2, 3, 4)), (None, 4)),
    case("upsampling1d/size3", "UpSampling1D", {"size": 3}, (1, 4, 2)),
    sym(case("zeropad1d/int", "ZeroPadding1D", {"padding": 2}, (2, 3, 2)), (None, 2)),
    case("zeropad1d/asymmetric", "ZeroPadding1D", {"padding": [0, 3]}, (1, 4, 3)),
    sym(case("cropping1d/default", "Cropping1D", {}, (2, 5, 3)), (None, 3)),
    case("cropping1d/asymmetric", "Cropping1D", {"cropping": [2, 0]}, (2, 6, 2)),
    case("cropping1d/end", "Cropping1D", {"cropping": [0, 4]}, (1, 5, 2)),
    # -- 3-D ------------------------------------------------------------------------------------
    sym(case("upsampling3d/default", "UpSampling3D", {}, (1, 2, 3, 2, 2)), (None, 3, None, 2)),
    case("upsampling3d/rect", "UpSampling3D", {"size": [1, 2, 3]}, (2, 2, 2, 2, 1)),
    sym(case("upsampling3d/channels_first", "UpSampling3D", {"size": [3, 1, 2], "data_format": CF},
             (1, 2, 2, 3, 2)), (2, None, 3, None)),
    sym(case("zeropad3d/int", "ZeroPadding3D", {"padding": 1}, (1, 2, 3, 2, 2)), (None, None, 2, 2)),
    case("zeropad3d/symmetric", "ZeroPadding3D", {"padding": [1, 0, 2]}, (1, 2, 2, 2, 3)),
    case("zeropad3d/asymmetric", "ZeroPadding3D", {"padding": [[1, 2], 0, [0, 3]]}, (2, 2, 1, 2, 1)),
    case("zeropad3d/channels_first", "ZeroPadding3D", {"padding": [[0, 1], [2, 1], 1], "data_format": CF},
         (1, 2, 2, 3, 2)),
    sym(case("cropping3d/default", "Cropping3D", {}, (1, 4, 3, 5, 2)), (None, 3, None, 2)),
    case("cropping3d/symmetric", "Cropping3D", {"cropping": [1, 0, 2]}, (2, 3, 2, 5, 1)),
    case("cropping3d/asymmetric", "Cropping3D", {"cropping": [[0, 2], [1, 0], [2, 1]]}, (1, 4, 3, 5, 2)),
    sym(case("cropping3d/channels_first", "Cropping3D", {"cropping": [[1, 0], 1, [0, 2]], "data_format": CF},
             (1, 2, 3, 4, 5)), (2, None, 4, None)),
    # -- GroupNormalization ---------------------------------------------------------------------
    sym(case("groupnorm/groups2", "GroupNormalization", {"groups": 2}, (2, 3, 4)), (None, 4)),
    case("groupnorm/default_groups", "GroupNormalization", {}, (2, 3, 64)),
    case("groupnorm/dense", "GroupNormalization", {"groups": 3}, (4, 6)),
    case("groupnorm/one_group", "GroupNormalization", {"groups": 1}, (2, 5, 6)),
    # get_config reports the channels as the groups after build
    case("groupnorm/instance", "GroupNormalization", {"groups": -1}, (2, 4, 3)),
    sym(case("groupnorm/channels_first", "GroupNormalization", {"groups": 2, "axis": 1}, (2, 4, 3, 3)),
        (4, None, None)),
    case("groupnorm/negative_axis", "GroupNormalization", {"groups": 2, "axis": -3}, (2, 4, 3, 2)),
    case("groupnorm/image", "GroupNormalization", {"groups": 4, "epsilon": 1e-5}, (2, 3, 2, 8)),
    case("groupnorm/volume", "GroupNormalization", {"groups": 2, "center": False}, (1, 2, 2, 3, 4)),
    case("groupnorm/plain", "GroupNormalization", {"groups": 2, "center": False, "scale": False}, (3, 2, 4)),
    # -- UnitNormalization ----------------------------------------------------------------------
    sym(case("unitnorm/default", "UnitNormalization", {}, (3, 5)), (None,)),
    case("unitnorm/axis1", "UnitNormalization", {"axis": 1}, (2, 3, 4)),
    case("unitnorm/axes", "UnitNormalization", {"axis": [1, 2]}, (2, 3, 4)),
    case("unitnorm/tuple_axes", "UnitNormalization", {"axis": [-1, 1]}, (2, 3, 2, 2)),
    case("unitnorm/int_input", "UnitNormalization", {}, (3, 4), kind="index", high=4, grad=False),
    # -- Identity -------------------------------------------------------------------------------
    case("identity/basic", "Identity", {}, (2, 3)),
    case("identity/int_input", "Identity", {}, (2, 3), kind="index", high=5, grad=False),
    # -- masks that pass through (UnitNormalization) or stop (the reshaping layers, Identity) ----
    case("sequential/masking_unitnorm", "Sequential", {"layers": [["Masking", {}], ["UnitNormalization", {}]]},
         (2, 4, 3), kind="masked", grad=False),
    case("sequential/masking_upsampling1d", "Sequential", {"layers": [["Masking", {}], ["UpSampling1D", {}]]},
         (2, 4, 3), kind="masked", grad=False),
    case("sequential/masking_identity", "Sequential", {"layers": [["Masking", {}], ["Identity", {}]]},
         (2, 4, 3), kind="masked", grad=False),
    # -- in models --------------------------------------------------------------------------------
    case("sequential/sequence", "Sequential", {"layers": [
        ["ZeroPadding1D", {"padding": [2, 1]}], ["Conv1D", {"filters": 4, "kernel_size": 3}],
        ["UpSampling1D", {"size": 2}], ["Cropping1D", {"cropping": [1, 2]}], ["GroupNormalization", {"groups": 2}],
        ["UnitNormalization", {}], ["Identity", {}], ["Dense", {"units": 2}]]}, (2, 5, 3)),
    case("sequential/volume", "Sequential", {"layers": [
        ["ZeroPadding3D", {"padding": [1, 0, 1]}], ["UpSampling3D", {"size": [1, 2, 1]}],
        ["Cropping3D", {"cropping": [[1, 0], [0, 1], 1]}], ["Dense", {"units": 4}],
        ["GroupNormalization", {"groups": 2}], ["UnitNormalization", {"axis": [1, 2, 3]}]]}, (2, 2, 2, 3, 2)),
]

# explicit masks of the input's shape: tf-keras weights the statistics by them
MASKED = [
    ("groupnorm", "GroupNormalization", {"groups": 2}, (2, 3, 4)),
    ("groupnorm_image", "GroupNormalization", {"groups": 3, "axis": 1}, (2, 6, 2, 2)),
]

# (label, layer, kwargs, call): call None constructs only; a list is an input shape of float32 ones;
# {"symbolic": shape} a tf.keras.Input shape; {"masking": shape} a Masking layer's output on a
# tf.keras.Input; {"compute_output_shape": shape}; {"int": shape} int32 ones; {"mask": shape} float32
# ones with an explicit mask; {"twice": [a, b]} two calls on float32 ones
ERRORS = [
    ("upsampling1d/rank", "UpSampling1D", {}, [2, 3, 4, 5]),
    ("zeropad1d/three", "ZeroPadding1D", {"padding": [1, 2, 3]}, None),
    ("zeropad1d/one", "ZeroPadding1D", {"padding": [1]}, None),
    ("zeropad1d/negative", "ZeroPadding1D", {"padding": -1}, None),
    ("zeropad1d/negative_pair", "ZeroPadding1D", {"padding": [-1, 2]}, None),
    ("zeropad1d/string", "ZeroPadding1D", {"padding": "a"}, None),
    ("zeropad1d/float", "ZeroPadding1D", {"padding": 1.5}, None),
    ("zeropad1d/none", "ZeroPadding1D", {"padding": None}, None),
    ("zeropad1d/bad_element", "ZeroPadding1D", {"padding": [1, "a"]}, None),
    ("zeropad1d/rank", "ZeroPadding1D", {}, [2, 3]),
    ("cropping1d/three", "Cropping1D", {"cropping": [1, 2, 3]}, None),
    ("cropping1d/negative", "Cropping1D", {"cropping": -1}, None),
    ("cropping1d/too_much", "Cropping1D", {"cropping": [3, 2]}, [2, 5, 4]),
    ("cropping1d/too_much_symbolic", "Cropping1D", {"cropping": [3, 2]}, {"symbolic": [5, 4]}),
    ("cropping1d/compute_output_shape", "Cropping1D", {"cropping": [3, 3]}, {"compute_output_shape": [None, 5, 4]}),
    ("upsampling3d/two", "UpSampling3D", {"size": [2, 2]}, None),
    ("upsampling3d/zero", "UpSampling3D", {"size": [0, 1, 1]}, None),
    ("upsampling3d/negative", "UpSampling3D", {"size": -1}, None),
    ("upsampling3d/float", "UpSampling3D", {"size": 2.0}, None),
    ("upsampling3d/data_format", "UpSampling3D", {"data_format": "foo"}, None),
    ("zeropad3d/two", "ZeroPadding3D", {"padding": [1, 2]}, None),
    ("zeropad3d/string", "ZeroPadding3D", {"padding": "a"}, None),
    ("zeropad3d/float", "ZeroPadding3D", {"padding": 1.5}, None),
    ("zeropad3d/bad_first", "ZeroPadding3D", {"padding": [[1, 2, 3], [3, 4], [5, 6]]}, None),
    ("zeropad3d/bad_second", "ZeroPadding3D", {"padding": [[1, 2], 1.5, [1, 1]]}, None),
    ("zeropad3d/bad_third", "ZeroPadding3D", {"padding": [[1, 2], 1, [1, 1, 1]]}, None),
    ("zeropad3d/negative_entry", "ZeroPadding3D", {"padding": [[1, 2], -1, [1, 1]]}, None),
    ("zeropad3d/data_format", "ZeroPadding3D", {"data_format": "foo"}, None),
    ("zeropad3d/rank", "ZeroPadding3D", {}, [4, 5, 6, 2]),
    ("cropping3d/two", "Cropping3D", {"cropping": [1, 2]}, None),
    ("cropping3d/none", "Cropping3D", {"cropping": None}, None),
    ("cropping3d/bad_first", "Cropping3D", {"cropping": [[1, 2, 3], [3, 4], [5, 6]]}, None),
    ("cropping3d/negative_entry", "Cropping3D", {"cropping": [[-1, 0], 1, 1]}, None),
    ("cropping3d/rank", "Cropping3D", {}, [4, 5, 6, 2]),
    ("cropping3d/compute_output_shape", "Cropping3D", {"cropping": [[2, 3], 0, 0]},
     {"compute_output_shape": [None, 4, 5, 6, 2]}),
    ("groupnorm/not_divisible", "GroupNormalization", {"groups": 3}, [2, 4]),
    ("groupnorm/too_many", "GroupNormalization", {"groups": 8}, [2, 4]),
    ("groupnorm/default_too_many", "GroupNormalization", {}, [2, 3, 16]),
    ("groupnorm/undefined_channels", "GroupNormalization", {"groups": 2}, {"symbolic": [3, None]}),
    ("groupnorm/axis_out_of_range", "GroupNormalization", {"groups": 2, "axis": 3}, [2, 4]),
    ("groupnorm/negative_axis_out_of_range", "GroupNormalization", {"groups": 2, "axis": -3}, [2, 4]),
    ("groupnorm/masking_mask", "GroupNormalization", {"groups": 2}, {"masking": [5, 4]}),
    ("groupnorm/other_channels", "GroupNormalization", {"groups": 2}, {"twice": [[2, 3, 4], [2, 3, 6]]}),
    ("groupnorm/other_channels_axis1", "GroupNormalization", {"groups": 2, "axis": 1},
     {"twice": [[2, 4, 3], [2, 6, 3]]}),
    ("groupnorm/int_input", "GroupNormalization", {"groups": 2}, {"int": [2, 4]}),
    ("unitnorm/axis_string", "UnitNormalization", {"axis": "a"}, None),
    ("unitnorm/axis_out_of_range", "UnitNormalization", {"axis": 3}, [2, 4]),
    ("unitnorm/negative_axis_out_of_range", "UnitNormalization", {"axis": -3}, [2, 4]),
    ("unitnorm/axes_out_of_range", "UnitNormalization", {"axis": [1, 5]}, [2, 3, 4]),
    ("unitnorm/duplicate_axes", "UnitNormalization", {"axis": [1, -2]}, [2, 3, 4]),
    ("unitnorm/explicit_mask", "UnitNormalization", {}, {"mask": [2, 3, 4]}),
    ("identity/unknown_kwarg", "Identity", {"foo": 1}, None),
]


def raise_error(tf, layer_name, kwargs, call):
    """Runs one ERRORS entry (with the library `tf`); returns normally if nothing is raised."""
    layers = tf.keras.layers
    layer = getattr(layers, layer_name)(**kwargs)
    if call is None:
        return
    if isinstance(call, list):
        layer(np.ones(call, np.float32))
    elif "symbolic" in call:
        layer(tf.keras.Input(call["symbolic"]))
    elif "masking" in call:
        layer(layers.Masking()(tf.keras.Input(call["masking"])))
    elif "compute_output_shape" in call:
        layer.compute_output_shape(tuple(call["compute_output_shape"]))
    elif "mask" in call:
        layer(np.ones(call["mask"], np.float32), mask=np.ones(call["mask"], bool))
    elif "int" in call:
        layer(np.ones(call["int"], np.int32))
    elif "twice" in call:
        for shape in call["twice"]:
            layer(np.ones(shape, np.float32))


def core_message(message):
    """The message without tf-keras's 'Exception encountered when calling layer' frame."""
    if message.startswith("Exception encountered when calling layer"):
        return message.split("\n\n")[1]
    return message


def record_errors(tf):
    errors = {}
    for label, layer_name, kwargs, call in ERRORS:
        tf.keras.backend.clear_session()
        try:
            raise_error(tf, layer_name, kwargs, call)
        except Exception as e:  # noqa: BLE001 - recorded
            errors[label] = {"layer": layer_name, "kwargs": kwargs, "call": call, "type": type(e).__name__,
                             "message": core_message(str(e))}
        else:
            raise AssertionError(f"{label}: tf-keras raised nothing")
    return errors


def record_masked(tf, rng):
    data = {}
    for name, layer_name, kwargs, shape in MASKED:
        tf.keras.backend.clear_session()
        key = f"masked/{name}"
        x = (rng.standard_normal(shape) * 1.5).astype(np.float32)
        m = rng.uniform(size=shape) > 0.3
        m[0] = False  # one example entirely masked: its statistics are zero (no NaN)
        layer = getattr(tf.keras.layers, layer_name)(**kwargs)
        layer(x)
        weights = [(rng.standard_normal(w.shape) * 0.5).astype(np.float32) for w in layer.weights]
        layer.set_weights(weights)
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = layer(xt, mask=tf.constant(m))
            r = rng.standard_normal(y.shape).astype(np.float32)
            total = tf.reduce_sum(y * r)
        grads = tape.gradient(total, [xt] + layer.trainable_weights)
        data.update({f"{key}/x": x, f"{key}/m": m, f"{key}/y": y.numpy(), f"{key}/ym": y._keras_mask.numpy(),
                     f"{key}/r": r})
        data.update({f"{key}/w{i}": w for i, w in enumerate(weights)})
        data.update({f"{key}/g{i}": g.numpy() for i, g in enumerate(grads)})
    return data


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2027)
    data = {}
    for c in CASES:
        if c["kind"] == "index":  # integer inputs have no gradient: no "r"/"g<i>" arrays
            layer, _, _, arrays = record(tf, c, rng)
            c["tf"]["functional_shape"] = layer(tf.keras.Input(c["shape"][1:], dtype="int32")).shape.as_list()
        else:
            layer, arrays = record_with_gradients(tf, c, rng)
        data.update(arrays)
        c["tf"]["compute_output_shape"] = tf.TensorShape(
            layer.compute_output_shape((None,) + tuple(c["shape"][1:]))).as_list()
        y = layer(tf.constant(arrays[c["name"] + "/x"]), **c["call"])
        mask = getattr(y, "_keras_mask", None)
        if mask is not None:
            data[c["name"] + "/mask"] = mask.numpy()
    data.update(record_masked(tf, rng))
    data["errors"] = np.array(json.dumps(record_errors(tf)))
    save(tf, data, CASES, OUT)


if __name__ == "__main__":
    main()
