"""Writes tests/golden/conv3d.npz: 3-D convolution/pooling ops and layers, and convolutional LSTMs,
as real TensorFlow computes them.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_conv3d_golden.py

It runs TF's reference CPU kernels (TF_ENABLE_ONEDNN_OPTS=0): those are what TF documents, and
oneDNN's 3-D kernels mishandle some arguments (a rank-4 input to Conv3D runs; MaxPool3D on one
crashes the process). The reference Conv3D kernel has no dilations, so dilated cases go through
`tf.nn.convolution`, which then dilates by space-to-batch.

Op cases record the output and the gradients of sum(output * g) for a random g (second-order
cases also the gradient of sum(grad0 * h)); pool inputs are small integers, so windows hold ties
and the tie rule is checked. Layer cases record the output for fixed random weights, the config
and the weight names and shapes. Error cases record TF's exception type and message.
"""
import json
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "conv3d.npz")
S1, S2 = [1, 1, 1, 1, 1], [1, 2, 2, 2, 1]


def case(name, fn, shapes, ints=False, second=False, **kwargs):
    return {"name": name, "fn": fn, "shapes": [list(s) for s in shapes], "ints": ints, "second": second,
            "kwargs": kwargs}


OP_CASES = [
    case("conv3d/same_s1", "conv3d", [(2, 4, 5, 3, 3), (3, 3, 2, 3, 4)], strides=S1, padding="SAME"),
    case("conv3d/valid_s1", "conv3d", [(1, 5, 4, 6, 2), (2, 3, 3, 2, 3)], strides=S1, padding="VALID"),
    case("conv3d/same_s2", "conv3d", [(2, 5, 5, 4, 2), (3, 3, 3, 2, 3)], strides=S2, padding="SAME"),
    case("conv3d/valid_mixed_strides", "conv3d", [(1, 7, 6, 5, 2), (3, 2, 2, 2, 2)], strides=[1, 3, 1, 2, 1],
         padding="VALID"),
    case("conv3d/same_even_kernel", "conv3d", [(1, 4, 5, 4, 2), (2, 4, 2, 2, 3)], strides=[1, 1, 2, 1, 1],
         padding="SAME"),
    case("conv3d/pointwise", "conv3d", [(2, 3, 3, 3, 4), (1, 1, 1, 4, 2)], strides=S1, padding="VALID"),
    case("conv3d/one_channel", "conv3d", [(2, 5, 5, 5, 1), (3, 3, 3, 1, 2)], strides=S1, padding="SAME"),
    case("conv3d/second_order", "conv3d", [(1, 4, 4, 4, 2), (3, 3, 3, 2, 2)], second=True, strides=S2,
         padding="SAME"),
    case("convolution/3d_dilated_same", "convolution", [(1, 6, 6, 5, 2), (3, 2, 3, 2, 3)], padding="SAME",
         dilations=[2, 1, 2], data_format="NDHWC"),
    case("convolution/3d_dilated_valid", "convolution", [(2, 6, 5, 5, 2), (2, 2, 2, 2, 2)], padding="VALID",
         dilations=[2, 2, 1], data_format="NDHWC"),
    case("convolution/3d_strided", "convolution", [(1, 5, 6, 5, 2), (3, 3, 3, 2, 2)], padding="SAME",
         strides=[2, 1, 2], data_format="NDHWC"),
    case("conv3d_transpose/same_s2", "conv3d_transpose", [(2, 2, 3, 2, 3), (3, 3, 3, 2, 3)],
         output_shape=[2, 4, 6, 4, 2], strides=2, padding="SAME"),
    case("conv3d_transpose/same_s2_odd", "conv3d_transpose", [(1, 2, 2, 3, 3), (3, 3, 3, 2, 3)],
         output_shape=[1, 3, 4, 5, 2], strides=[2, 2, 2], padding="SAME"),
    case("conv3d_transpose/valid_mixed", "conv3d_transpose", [(1, 2, 2, 2, 2), (2, 3, 2, 3, 2)],
         output_shape=[1, 5, 5, 3, 3], strides=[1, 2, 2, 1, 1], padding="VALID"),
    case("max_pool3d/tiled", "max_pool3d", [(2, 4, 4, 6, 2)], ints=True, ksize=2, strides=2, padding="VALID"),
    case("max_pool3d/valid_crop", "max_pool3d", [(1, 5, 5, 7, 2)], ints=True, ksize=2, strides=2,
         padding="VALID"),
    case("max_pool3d/same_odd", "max_pool3d", [(1, 5, 3, 5, 2)], ints=True, ksize=[2, 2, 2], strides=[2, 2, 2],
         padding="SAME"),
    case("max_pool3d/overlap_same", "max_pool3d", [(1, 4, 4, 3, 2)], ints=True, ksize=3, strides=1,
         padding="SAME"),
    case("max_pool3d/rect", "max_pool3d", [(1, 4, 6, 5, 2)], ints=True, ksize=[1, 2, 3, 2, 1],
         strides=[1, 1, 2, 2, 1], padding="VALID"),
    case("max_pool3d/second_order", "max_pool3d", [(1, 4, 5, 4, 2)], ints=True, second=True, ksize=3, strides=2,
         padding="SAME"),
    case("max_pool/3d", "max_pool", [(1, 4, 4, 4, 2)], ints=True, ksize=2, strides=2, padding="VALID",
         data_format="NDHWC"),
    case("avg_pool3d/tiled", "avg_pool3d", [(2, 4, 4, 6, 2)], ksize=2, strides=2, padding="VALID"),
    case("avg_pool3d/same_odd", "avg_pool3d", [(1, 5, 3, 5, 2)], ksize=2, strides=2, padding="SAME"),
    case("avg_pool3d/overlap_same", "avg_pool3d", [(1, 4, 4, 3, 2)], ksize=3, strides=1, padding="SAME"),
    case("avg_pool3d/rect", "avg_pool3d", [(1, 4, 6, 5, 2)], ksize=[2, 3, 2], strides=[1, 2, 2],
         padding="VALID"),
    case("avg_pool3d/second_order", "avg_pool3d", [(1, 4, 5, 4, 2)], second=True, ksize=3, strides=2,
         padding="SAME"),
    case("avg_pool/3d", "avg_pool", [(1, 4, 4, 4, 2)], ksize=2, strides=1, padding="SAME", data_format="NDHWC"),
]


def layer(name, cls, config, shape, call=None):
    return {"name": name, "cls": cls, "config": config, "shape": list(shape), "call": call or {}}


LAYER_CASES = [
    layer("Conv3D/default", "Conv3D", {"filters": 3, "kernel_size": 3}, (2, 5, 4, 5, 2)),
    layer("Conv3D/same_strided_relu", "Conv3D", {"filters": 4, "kernel_size": (3, 2, 3), "strides": (2, 1, 2),
                                                 "padding": "same", "activation": "relu"}, (2, 5, 4, 5, 3)),
    layer("Conv3D/dilated_nobias", "Conv3D", {"filters": 2, "kernel_size": 2, "dilation_rate": (2, 1, 2),
                                              "use_bias": False}, (1, 5, 4, 5, 2)),
    layer("Conv3DTranspose/default", "Conv3DTranspose", {"filters": 3, "kernel_size": 3}, (2, 3, 2, 3, 2)),
    layer("Conv3DTranspose/same_s2", "Conv3DTranspose", {"filters": 2, "kernel_size": (3, 2, 3), "strides": 2,
                                                         "padding": "same"}, (1, 2, 3, 2, 3)),
    layer("Conv3DTranspose/output_padding", "Conv3DTranspose",
          {"filters": 2, "kernel_size": 3, "strides": (2, 3, 2), "output_padding": (1, 2, 0),
           "activation": "tanh"}, (1, 2, 2, 3, 2)),
    layer("Conv3DTranspose/channels_first", "Conv3DTranspose",
          {"filters": 2, "kernel_size": 2, "strides": 2, "data_format": "channels_first"}, (1, 3, 2, 3, 2)),
    layer("Conv3DTranspose/dilation_ignored", "Conv3DTranspose", {"filters": 2, "kernel_size": 3,
                                                                  "dilation_rate": 2}, (1, 3, 3, 3, 2)),
    layer("MaxPooling3D/default", "MaxPooling3D", {}, (2, 4, 5, 4, 3)),
    layer("MaxPooling3D/same", "MaxPooling3D", {"pool_size": (3, 2, 3), "strides": (2, 1, 2), "padding": "same"},
          (1, 5, 4, 5, 2)),
    layer("MaxPooling3D/channels_first", "MaxPooling3D", {"pool_size": 2, "data_format": "channels_first"},
          (1, 3, 4, 4, 5)),
    layer("AveragePooling3D/default", "AveragePooling3D", {}, (2, 4, 5, 4, 3)),
    layer("AveragePooling3D/same", "AveragePooling3D", {"pool_size": 3, "strides": 2, "padding": "same"},
          (1, 5, 4, 5, 2)),
    layer("AveragePooling3D/channels_first", "AveragePooling3D",
          {"pool_size": (1, 2, 2), "data_format": "channels_first"}, (1, 3, 4, 4, 5)),
    layer("GlobalMaxPooling3D/default", "GlobalMaxPooling3D", {}, (2, 3, 4, 2, 3)),
    layer("GlobalAveragePooling3D/keepdims", "GlobalAveragePooling3D", {"keepdims": True}, (2, 3, 4, 2, 3)),
    layer("GlobalAveragePooling3D/channels_first", "GlobalAveragePooling3D", {"data_format": "channels_first"},
          (2, 3, 4, 2, 3)),
    layer("GlobalMaxPooling3D/channels_first_keepdims", "GlobalMaxPooling3D",
          {"data_format": "channels_first", "keepdims": True}, (2, 3, 4, 2, 3)),
    # Convolutional LSTMs (time axis after the batch).
    layer("ConvLSTM2D/default", "ConvLSTM2D", {"filters": 3, "kernel_size": 3}, (2, 3, 5, 5, 2)),
    layer("ConvLSTM2D/same_sequences", "ConvLSTM2D", {"filters": 2, "kernel_size": (3, 2), "padding": "same",
                                                      "return_sequences": True}, (2, 3, 4, 5, 2)),
    layer("ConvLSTM2D/states_backwards", "ConvLSTM2D",
          {"filters": 2, "kernel_size": 2, "strides": 2, "return_state": True, "go_backwards": True,
           "activation": "relu", "recurrent_activation": "sigmoid", "unit_forget_bias": False},
          (1, 4, 5, 4, 3)),
    layer("ConvLSTM2D/dilated_sequences_states", "ConvLSTM2D",
          {"filters": 2, "kernel_size": 2, "dilation_rate": 2, "padding": "same", "return_sequences": True,
           "return_state": True, "use_bias": False}, (1, 3, 5, 4, 2)),
    layer("ConvLSTM2D/masked", "ConvLSTM2D", {"filters": 2, "kernel_size": 3, "padding": "same",
                                              "return_sequences": True}, (2, 4, 3, 3, 2),
          call={"mask": [[True, True, False, True], [True, False, False, False]]}),
    layer("ConvLSTM2D/initial_state", "ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (2, 3, 5, 5, 2),
          call={"initial_state": True}),
    layer("ConvLSTM1D/same", "ConvLSTM1D", {"filters": 3, "kernel_size": 3, "padding": "same",
                                            "return_sequences": True}, (2, 3, 6, 2)),
    layer("ConvLSTM3D/default", "ConvLSTM3D", {"filters": 2, "kernel_size": 2, "return_state": True},
          (1, 2, 3, 3, 3, 2)),
]


def op_inputs(c, rng):
    if c["ints"]:
        return [rng.integers(0, 4, s).astype(np.float32) for s in c["shapes"]]
    return [rng.standard_normal(s).astype(np.float32) for s in c["shapes"]]


def run_op(c, arrays, g, h=None):
    fn = getattr(tf.nn, c["fn"])
    ts = [tf.constant(a) for a in arrays]
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(ts)
        with tf.GradientTape() as tape:
            tape.watch(ts)
            y = fn(*ts, **c["kwargs"])
        grads = tape.gradient(y, ts, output_gradients=tf.constant(g))
        total = tf.reduce_sum(grads[0] * tf.constant(h)) if h is not None else None
    second = outer.gradient(total, ts) if h is not None else None
    return y, grads, second


def ops(rng, data):
    for c in OP_CASES:
        arrays = op_inputs(c, rng)
        y = getattr(tf.nn, c["fn"])(*[tf.constant(a) for a in arrays], **c["kwargs"])
        g = rng.standard_normal(y.shape).astype(np.float32)
        h = rng.standard_normal(arrays[0].shape).astype(np.float32) if c["second"] else None
        y, grads, second = run_op(c, arrays, g, h)
        key = "op/" + c["name"]
        for i, a in enumerate(arrays):
            data[f"{key}/in{i}"] = a
        data[f"{key}/out"], data[f"{key}/g"] = y.numpy(), g
        for i, gr in enumerate(grads):
            data[f"{key}/grad{i}"] = gr.numpy()
        if second is not None:
            data[f"{key}/h"] = h
            for i, gr in enumerate(second):
                if gr is not None:
                    data[f"{key}/second{i}"] = gr.numpy()


def layers(rng, data):
    L = tf.keras.layers
    configs = {}
    for c in LAYER_CASES:
        key = "layer/" + c["name"]
        x = rng.standard_normal(c["shape"]).astype(np.float32)
        lay = getattr(tf.keras.layers, c["cls"])(**c["config"])
        kwargs = {}
        if "mask" in c["call"]:
            kwargs["mask"] = tf.constant(c["call"]["mask"])
        if c["call"].get("initial_state"):
            lay.build(x.shape)  # the states' shape is the output's: make it from a plain call
            shape = lay(tf.constant(x)).shape
            states = [rng.standard_normal(shape).astype(np.float32) for _ in range(2)]
            for i, s in enumerate(states):
                data[f"{key}/state{i}"] = s
            kwargs["initial_state"] = [tf.constant(s) for s in states]
        lay.build(x.shape)
        weights = [rng.standard_normal(w.shape).astype(np.float32) * 0.5 for w in lay.weights]
        lay.set_weights(weights)
        if c["cls"] == "Conv3DTranspose" and c["config"].get("data_format") == "channels_first":
            # TF's reference kernel has no NCDHW (oneDNN's has): the same layer channels last,
            # between transposes, is what tf-keras computes with oneDNN.
            twin = L.Conv3DTranspose(**dict(c["config"], data_format="channels_last"))
            twin.build([x.shape[0]] + list(x.shape[2:]) + [x.shape[1]])
            twin.set_weights(weights)
            out = tf.transpose(twin(tf.transpose(x, [0, 2, 3, 4, 1])), [0, 4, 1, 2, 3])
        else:
            out = lay(tf.constant(x), **kwargs)
        outs = out if isinstance(out, (list, tuple)) else [out]
        data[f"{key}/x"] = x
        for i, w in enumerate(weights):
            data[f"{key}/w{i}"] = w
        for i, o in enumerate(outs):
            data[f"{key}/out{i}"] = o.numpy()
        configs[c["name"]] = {"config": lay.get_config(), "weights": [[w.name, list(w.shape)] for w in lay.weights],
                              "output_shape": [list(tf.TensorShape(s).as_list()) for s in
                                               tf.nest.flatten(lay.compute_output_shape([None] + c["shape"][1:]),
                                                               expand_composites=False)]
                              if not c["cls"].startswith("ConvLSTM") else None}
    return configs


def errors():
    """(label, exception type, message) of calls that fail in TF."""
    x, w = tf.zeros([1, 4, 4, 4, 2]), tf.zeros([3, 3, 3, 2, 3])
    L = tf.keras.layers
    calls = {
        "conv3d/int_strides": lambda: tf.nn.conv3d(x, w, 1, "SAME"),
        "conv3d/short_strides": lambda: tf.nn.conv3d(x, w, [1, 1, 1], "SAME"),
        "conv3d/depth_mismatch": lambda: tf.nn.conv3d(tf.zeros([1, 4, 4, 4, 3]), w, S1, "SAME"),
        "conv3d/grouped": lambda: tf.nn.conv3d(tf.zeros([1, 4, 4, 4, 4]), w, S1, "SAME"),
        "conv3d/rank4": lambda: tf.nn.conv3d(tf.zeros([1, 4, 4, 2]), w, S1, "SAME"),
        "conv3d/bad_padding": lambda: tf.nn.conv3d(x, w, S1, "FOO"),
        "conv3d/list_padding": lambda: tf.nn.conv3d(x, w, S1, [[0, 0]] * 5),
        "conv3d/batch_stride": lambda: tf.nn.conv3d(x, w, [2, 1, 1, 1, 1], "SAME"),
        "conv3d/zero_stride": lambda: tf.nn.conv3d(x, w, [1, 0, 1, 1, 1], "SAME"),
        "conv3d/dtype_mismatch": lambda: tf.nn.conv3d(x, tf.cast(w, tf.float64), S1, "SAME"),
        "conv3d/int32": lambda: tf.nn.conv3d(tf.cast(x, tf.int32), tf.cast(w, tf.int32), S1, "SAME"),
        "conv3d/ncdhw": lambda: tf.nn.conv3d(x, tf.zeros([3, 3, 3, 1, 3]), S1, "SAME", data_format="NCDHW"),
        "conv3d_transpose/ncdhw": lambda: tf.nn.conv3d_transpose(
            tf.zeros([1, 3, 2, 2, 2]), tf.zeros([3, 3, 3, 2, 3]), [1, 2, 4, 4, 4], 2, data_format="NCDHW"),
        "conv3d/too_small": lambda: tf.nn.conv3d(tf.zeros([1, 1, 4, 4, 2]), w, S1, "VALID"),
        "conv3d_transpose/bad_output_shape": lambda: tf.nn.conv3d_transpose(
            tf.zeros([1, 2, 2, 2, 2]), tf.zeros([3, 3, 3, 3, 2]), [1, 7, 4, 4, 3], 2),
        "max_pool3d/int32": lambda: tf.nn.max_pool3d(tf.cast(x, tf.int32), 2, 2, "VALID"),
        "max_pool3d/float64": lambda: tf.nn.max_pool3d(tf.cast(x, tf.float64), 2, 2, "VALID"),
        "max_pool3d/ksize0": lambda: tf.nn.max_pool3d(x, 0, 2, "VALID"),
        "max_pool3d/depth": lambda: tf.nn.max_pool3d(x, [1, 2, 2, 2, 2], [1, 2, 2, 2, 2], "VALID"),
        "max_pool3d/batch": lambda: tf.nn.max_pool3d(x, [2, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID"),
        "max_pool3d/ncdhw": lambda: tf.nn.max_pool3d(x, 2, 2, "VALID", data_format="NCDHW"),
        "max_pool3d/list_padding": lambda: tf.nn.max_pool3d(x, 2, 2, [[0, 0]] * 5),
        "avg_pool3d/int32": lambda: tf.nn.avg_pool3d(tf.cast(x, tf.int32), 2, 2, "VALID"),
        "Conv3D/causal": lambda: L.Conv3D(2, 3, padding="causal"),
        "Conv3D/stride_and_dilation": lambda: L.Conv3D(2, 3, strides=2, dilation_rate=2),
        "Conv3D/zero_filters": lambda: L.Conv3D(0, 3),
        "Conv3D/kernel_size_length": lambda: L.Conv3D(2, (3, 3)),
        "Conv3D/rank4_input": lambda: L.Conv3D(2, 3)(tf.zeros([1, 4, 4, 2])),
        "Conv3DTranspose/output_padding": lambda: L.Conv3DTranspose(2, 3, strides=2, output_padding=2),
        "MaxPooling3D/rank4_input": lambda: L.MaxPooling3D()(tf.zeros([1, 4, 4, 2])),
        "AveragePooling3D/bad_data_format": lambda: L.AveragePooling3D(data_format="nchw"),
        "ConvLSTM2D/rank4_input": lambda: L.ConvLSTM2D(2, 3)(tf.zeros([1, 4, 4, 2])),
    }
    out = {}
    for label, fn in calls.items():
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            out[label] = [type(e).__name__, str(e)]
        else:
            out[label] = None
    return out


def main():
    rng = np.random.default_rng(3303)
    data = {}
    ops(rng, data)
    configs = layers(rng, data)
    data["op_cases"] = np.array(json.dumps(OP_CASES))
    data["layer_cases"] = np.array(json.dumps(LAYER_CASES))
    data["configs"] = np.array(json.dumps(configs))
    data["errors"] = np.array(json.dumps(errors()))
    data["tf_version"] = np.array(tf.__version__)
    np.savez_compressed(OUT, **data)
    print(f"wrote {len(OP_CASES)} op cases and {len(LAYER_CASES)} layer cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
