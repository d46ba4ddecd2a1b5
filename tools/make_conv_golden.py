"""Writes tests/golden/conv_ops.npz: convolution and pooling results of real TensorFlow.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_conv_golden.py

Each case calls one `tf.nn` function on float32 inputs drawn from a fixed seed (pool inputs are
small integers, so windows hold ties and the tie rule is checked) and records the output and
the gradients of sum(output * g) for a random g. Second-order cases record the gradient of
sum(grad * h), where grad is the first gradient of the input. The case list is stored in the
file as JSON ("cases"), so tests/ops/test_conv_ops.py replays exactly these calls.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "conv_ops.npz")


def case(name, fn, shapes, ints=False, second=False, **kwargs):
    return {"name": name, "fn": fn, "shapes": [list(s) for s in shapes], "ints": ints, "second": second,
            "kwargs": kwargs}


CASES = [
    case("conv2d/same_s1", "conv2d", [(2, 5, 6, 3), (3, 3, 3, 4)], strides=1, padding="SAME"),
    case("conv2d/valid_s2", "conv2d", [(2, 7, 6, 3), (3, 2, 3, 2)], strides=2, padding="VALID"),
    case("conv2d/same_s2_odd", "conv2d", [(1, 5, 5, 2), (2, 2, 2, 3)], strides=[2, 2], padding="SAME"),
    case("conv2d/same_even_kernel", "conv2d", [(1, 6, 5, 2), (4, 2, 2, 3)], strides=1, padding="SAME"),
    case("conv2d/same_s3_asym", "conv2d", [(1, 8, 7, 2), (3, 3, 2, 2)], strides=[1, 3, 2, 1], padding="SAME"),
    case("conv2d/dilated_same", "conv2d", [(1, 7, 7, 2), (3, 3, 2, 2)], strides=1, padding="SAME", dilations=2),
    case("conv2d/dilated_strided", "conv2d", [(1, 9, 8, 2), (2, 3, 2, 3)], strides=2, padding="SAME",
         dilations=[2, 1]),
    case("conv2d/explicit", "conv2d", [(1, 5, 6, 2), (3, 3, 2, 2)], strides=1,
         padding=[[0, 0], [2, 1], [0, 3], [0, 0]]),
    case("conv2d/explicit_strided", "conv2d", [(1, 5, 6, 2), (3, 2, 2, 2)], strides=[2, 3],
         padding=[[0, 0], [1, 0], [2, 1], [0, 0]]),
    case("conv2d/one_channel", "conv2d", [(3, 8, 8, 1), (5, 5, 1, 4)], strides=1, padding="SAME"),
    case("conv2d/pointwise", "conv2d", [(2, 4, 4, 5), (1, 1, 5, 3)], strides=1, padding="VALID"),
    case("conv2d/pointwise_s2", "conv2d", [(2, 5, 5, 4), (1, 1, 4, 3)], strides=2, padding="SAME"),
    case("conv2d/grouped", "conv2d", [(2, 5, 5, 4), (3, 3, 2, 6)], strides=1, padding="SAME"),
    case("conv2d/grouped_s2", "conv2d", [(1, 6, 5, 6), (2, 3, 2, 3)], strides=2, padding="VALID"),
    case("conv2d/second_order", "conv2d", [(1, 5, 5, 2), (3, 3, 2, 2)], second=True, strides=2, padding="SAME"),
    case("conv1d/same_s2", "conv1d", [(2, 9, 3), (3, 3, 2)], stride=2, padding="SAME"),
    case("conv1d/valid_dilated", "conv1d", [(2, 9, 3), (3, 3, 2)], stride=1, padding="VALID", dilations=2),
    case("convolution/2d", "convolution", [(1, 6, 6, 2), (3, 3, 2, 2)], padding="SAME", dilations=2),
    case("conv2d_transpose/same_s2", "conv2d_transpose", [(2, 3, 3, 3), (3, 3, 2, 3)],
         output_shape=[2, 6, 6, 2], strides=2, padding="SAME"),
    case("conv2d_transpose/same_s2_odd", "conv2d_transpose", [(1, 3, 3, 3), (3, 3, 2, 3)],
         output_shape=[1, 5, 5, 2], strides=2, padding="SAME"),
    case("conv2d_transpose/valid_s2", "conv2d_transpose", [(1, 3, 3, 2), (3, 3, 2, 2)],
         output_shape=[1, 8, 8, 2], strides=2, padding="VALID"),
    case("depthwise/same_m2", "depthwise_conv2d", [(2, 5, 5, 3), (3, 3, 3, 2)], strides=[1, 1, 1, 1],
         padding="SAME"),
    case("depthwise/valid_s2", "depthwise_conv2d", [(2, 7, 6, 3), (3, 3, 3, 1)], strides=[1, 2, 2, 1],
         padding="VALID"),
    case("depthwise/same_s2_odd", "depthwise_conv2d", [(1, 5, 5, 4), (3, 3, 4, 1)], strides=[1, 2, 2, 1],
         padding="SAME"),
    case("depthwise/dilated", "depthwise_conv2d", [(1, 7, 7, 2), (2, 2, 2, 2)], strides=[1, 1, 1, 1],
         padding="SAME", dilations=[2, 2]),
    case("separable/same", "separable_conv2d", [(1, 5, 5, 3), (3, 3, 3, 2), (1, 1, 6, 4)],
         strides=[1, 1, 1, 1], padding="SAME"),
    case("max_pool2d/tiled", "max_pool2d", [(2, 4, 6, 3)], ints=True, ksize=2, strides=2, padding="VALID"),
    case("max_pool2d/valid_crop", "max_pool2d", [(2, 5, 7, 3)], ints=True, ksize=2, strides=2, padding="VALID"),
    case("max_pool2d/same_odd", "max_pool2d", [(2, 5, 5, 3)], ints=True, ksize=2, strides=2, padding="SAME"),
    case("max_pool2d/overlap_same", "max_pool2d", [(1, 6, 5, 2)], ints=True, ksize=3, strides=1,
         padding="SAME"),
    case("max_pool2d/3x3_s2", "max_pool2d", [(1, 7, 8, 2)], ints=True, ksize=3, strides=2, padding="SAME"),
    case("max_pool2d/rect", "max_pool2d", [(1, 6, 6, 2)], ints=True, ksize=[2, 3], strides=[1, 2],
         padding="VALID"),
    case("max_pool2d/explicit", "max_pool2d", [(1, 5, 5, 2)], ints=True, ksize=2, strides=2,
         padding=[[0, 0], [1, 0], [0, 1], [0, 0]]),
    case("max_pool2d/second_order", "max_pool2d", [(1, 5, 5, 2)], ints=True, second=True, ksize=3, strides=2,
         padding="SAME"),
    case("max_pool/1d", "max_pool", [(2, 7, 3)], ints=True, ksize=3, strides=2, padding="SAME"),
    case("max_pool1d/valid", "max_pool1d", [(2, 8, 3)], ints=True, ksize=2, strides=2, padding="VALID"),
    case("avg_pool2d/tiled", "avg_pool2d", [(2, 4, 6, 3)], ksize=2, strides=2, padding="VALID"),
    case("avg_pool2d/same_odd", "avg_pool2d", [(2, 5, 5, 3)], ksize=2, strides=2, padding="SAME"),
    case("avg_pool2d/overlap_same", "avg_pool2d", [(1, 6, 5, 2)], ksize=3, strides=1, padding="SAME"),
    case("avg_pool2d/3x3_s2", "avg_pool2d", [(1, 7, 8, 2)], ksize=3, strides=2, padding="SAME"),
    case("avg_pool2d/second_order", "avg_pool2d", [(1, 5, 5, 2)], second=True, ksize=3, strides=2,
         padding="SAME"),
    case("avg_pool/2d", "avg_pool", [(1, 4, 4, 2)], ksize=[2, 2], strides=[1, 1], padding="VALID"),
    case("avg_pool1d/same", "avg_pool1d", [(2, 7, 3)], ksize=3, strides=2, padding="SAME"),
]


def inputs(c, rng):
    if c["ints"]:
        return [rng.integers(0, 4, s).astype(np.float32) for s in c["shapes"]]
    return [rng.standard_normal(s).astype(np.float32) for s in c["shapes"]]


def run(c, arrays, g, h=None):
    """(output, first gradients, second gradients or None) of one case."""
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


def main():
    rng = np.random.default_rng(1234)
    data = {}
    for c in CASES:
        arrays = inputs(c, rng)
        y = getattr(tf.nn, c["fn"])(*[tf.constant(a) for a in arrays], **c["kwargs"])
        g = rng.standard_normal(y.shape).astype(np.float32)
        h = rng.standard_normal(arrays[0].shape).astype(np.float32) if c["second"] else None
        y, grads, second = run(c, arrays, g, h)
        key = c["name"]
        for i, a in enumerate(arrays):
            data[f"{key}/in{i}"] = a
        data[f"{key}/out"] = y.numpy()
        data[f"{key}/g"] = g
        for i, gr in enumerate(grads):
            data[f"{key}/grad{i}"] = gr.numpy()
        if second is not None:
            data[f"{key}/h"] = h
            for i, gr in enumerate(second):
                if gr is not None:
                    data[f"{key}/second{i}"] = gr.numpy()
    # The handbook's 7x7 example (model chapter): one 3x3 filter, bias 1, VALID.
    image = np.array([[0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 1, 2, 1, 0], [0, 0, 2, 2, 0, 1, 0],
                      [0, 1, 1, 0, 2, 1, 0], [0, 0, 2, 1, 1, 0, 0], [0, 2, 1, 1, 2, 0, 0],
                      [0, 0, 0, 0, 0, 0, 0]], np.float32).reshape(1, 7, 7, 1)
    w = np.array([[0, 0, -1], [0, 1, 0], [-2, 0, 2]], np.float32).reshape(3, 3, 1, 1)
    data["handbook/image"], data["handbook/W"] = image, w
    data["handbook/out"] = (tf.nn.conv2d(image, w, 1, "VALID") + 1.0).numpy()
    data["cases"] = np.array(json.dumps(CASES))
    data["tf_version"] = np.array(tf.__version__)
    np.savez_compressed(OUT, **data)
    print(f"wrote {len(CASES)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
