"""3-D convolution and pooling ops: tf.nn.conv3d / conv3d_transpose / max_pool3d / avg_pool3d (and
tf.nn.convolution / max_pool / avg_pool on rank-5 inputs).

Golden values, gradients (first and second order) and errors come from real TensorFlow 2.21's
reference CPU kernels (tests/golden/conv3d.npz, written by tools/make_conv3d_golden.py)."""
import json
import os
import re

import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph
from numtf.ops import conv3d_ops
from helpers import check_gradients, check_graph

IAE = tf.errors.InvalidArgumentError
rng = np.random.default_rng(11)
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "conv3d.npz"))
CASES = json.loads(str(GOLDEN["op_cases"]))


def r(*shape):
    return rng.standard_normal(shape)


# -- golden values vs TensorFlow --------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_values_and_gradients(case):
    key = "op/" + case["name"]
    fn = getattr(tf.nn, case["fn"])
    ins = [tf.constant(GOLDEN[f"{key}/in{i}"]) for i in range(len(case["shapes"]))]
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(ins)
        with tf.GradientTape() as tape:
            tape.watch(ins)
            y = fn(*ins, **case["kwargs"])
        grads = tape.gradient(y, ins, output_gradients=tf.constant(GOLDEN[f"{key}/g"]))
        if case["second"]:
            total = tf.reduce_sum(grads[0] * tf.constant(GOLDEN[f"{key}/h"]))
    assert y.dtype == tf.float32
    np.testing.assert_allclose(y.numpy(), GOLDEN[f"{key}/out"], rtol=1e-5, atol=1e-5)
    for i, g in enumerate(grads):
        np.testing.assert_allclose(g.numpy(), GOLDEN[f"{key}/grad{i}"], rtol=1e-5, atol=1e-5, err_msg=f"gradient {i}")
    if case["second"]:
        second = outer.gradient(total, ins)
        for i, g in enumerate(second):
            if f"{key}/second{i}" in GOLDEN:
                np.testing.assert_allclose(g.numpy(), GOLDEN[f"{key}/second{i}"], rtol=1e-5, atol=1e-5)
            else:
                assert g is None or not np.any(g.numpy())


# -- float64 finite differences and graph shape rules -------------------------------------------
def max_pool(x, *args):  # float64 (TF's MaxPool3D takes none): the op without the public dtype check
    return conv3d_ops._pool3d(conv3d_ops.MAX_POOL3D, x, *args, "NDHWC", check_dtype=False)


CONVS = {
    "same_s1": (lambda x, w: tf.nn.conv3d(x, w, [1] * 5, "SAME"), (1, 3, 4, 3, 2), (2, 3, 2, 2, 2)),
    "valid_s2": (lambda x, w: tf.nn.conv3d(x, w, [1, 2, 1, 2, 1], "VALID"), (2, 5, 3, 4, 2), (2, 2, 2, 2, 3)),
    "same_s3_odd": (lambda x, w: tf.nn.conv3d(x, w, [1, 3, 2, 1, 1], "SAME"), (1, 4, 5, 2, 1), (3, 2, 2, 1, 2)),
    "dilated": (lambda x, w: tf.nn.conv3d(x, w, [1] * 5, "SAME", dilations=[1, 2, 1, 2, 1]), (1, 4, 3, 4, 2),
                (2, 2, 2, 2, 2)),
    "transpose": (lambda x, w: tf.nn.conv3d_transpose(x, w, [1, 4, 5, 3, 2], [2, 2, 1], "SAME"), (1, 2, 3, 3, 3),
                  (3, 2, 2, 2, 3)),
    "transpose_valid": (lambda x, w: tf.nn.conv3d_transpose(x, w, [2, 5, 3, 4, 1], [1, 2, 1, 2, 1], "VALID"),
                        (2, 2, 1, 2, 2), (2, 3, 2, 1, 2)),
}


@pytest.mark.parametrize("name", list(CONVS))
def test_conv_gradients_and_graph(name):
    f, xs, ws = CONVS[name]
    check_gradients(f, r(*xs), r(*ws))
    check_graph(f, r(*xs).astype(np.float32), r(*ws).astype(np.float32))


POOLS = {
    "max_same": lambda x: max_pool(x, [2, 3, 2], [1, 2, 2], "SAME"),
    "max_valid_overlap": lambda x: max_pool(x, 2, 1, "VALID"),
    "avg_same": lambda x: tf.nn.avg_pool3d(x, [2, 3, 2], [1, 2, 2], "SAME"),
    "avg_valid": lambda x: tf.nn.avg_pool3d(x, 2, [1, 1, 2, 2, 1], "VALID"),
}


@pytest.mark.parametrize("name", list(POOLS))
def test_pool_gradients_and_graph(name):
    check_gradients(POOLS[name], r(2, 4, 5, 3, 2))  # continuous values: no ties, so differentiable
    check_graph(POOLS[name], r(1, 4, 5, 3, 2).astype(np.float32))


def second_order(f, wrt=0):
    def first(*args):
        with tf.GradientTape() as tape:
            tape.watch(args[wrt])
            y = f(*args)
            s = tf.reduce_sum(y * y)  # (not linear: the second derivative is not 0)
        return tape.gradient(s, args[wrt])
    return first


def test_second_order_gradients():
    conv = lambda x, w: tf.nn.conv3d(x, w, [1, 2, 1, 2, 1], "SAME")  # noqa: E731
    check_gradients(second_order(conv, 0), r(1, 3, 3, 4, 2), r(2, 2, 3, 2, 2))
    check_gradients(second_order(conv, 1), r(1, 3, 3, 4, 2), r(2, 2, 3, 2, 2))
    tconv = lambda x, w: tf.nn.conv3d_transpose(x, w, [1, 4, 3, 3, 2], 2, "SAME")  # noqa: E731
    check_gradients(second_order(tconv, 0), r(1, 2, 2, 2, 2), r(2, 2, 2, 2, 2))
    check_gradients(second_order(lambda x: max_pool(x, 3, 2, "SAME")), r(1, 4, 4, 3, 2))
    check_gradients(second_order(lambda x: tf.nn.avg_pool3d(x, 3, 2, "SAME")), r(1, 4, 4, 3, 2))


def test_max_pool_gradient_goes_to_every_tied_maximum_but_gradgrad_to_the_first():
    # TF's MaxPool3DGrad (unlike its 2-D MaxPoolGrad) routes to all tied maxima; MaxPool3DGradGrad
    # (the gradient of MaxPool3DGrad with respect to its grad) reads the first one only.
    x = tf.constant(np.array([1, 0, 1, 2, 1, 2, 3, 3], np.float32).reshape(1, 2, 2, 2, 1))
    h = tf.constant(np.arange(1, 9, dtype=np.float32).reshape(1, 2, 2, 2, 1))
    with tf.GradientTape() as outer:
        g = tf.ones([1, 1, 1, 1, 1])
        outer.watch(g)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.max_pool3d(x, 2, 2, "VALID")
        dx = tape.gradient(y, x, output_gradients=g)
        total = tf.reduce_sum(dx * h)
    np.testing.assert_array_equal(dx.numpy().ravel(), [0, 0, 0, 0, 0, 0, 1, 1])
    np.testing.assert_array_equal(outer.gradient(total, g).numpy().ravel(), [7])


def test_max_pool_ignores_nan_and_padding():
    x = np.full((1, 1, 1, 3, 1), -5.0, np.float32)
    x[0, 0, 0, 1, 0] = np.nan
    out = tf.nn.max_pool3d(x, [1, 1, 2], [1, 1, 2], "SAME").numpy().ravel()
    np.testing.assert_array_equal(out, [-5, -5])  # NaN never wins; the padding (lowest float) never does


def test_rank5_dispatch_of_generic_functions():
    x, w = r(1, 4, 4, 4, 2).astype(np.float32), r(3, 3, 3, 2, 3).astype(np.float32)
    np.testing.assert_allclose(tf.nn.convolution(x, w, padding="SAME").numpy(),
                               tf.nn.conv3d(x, w, [1] * 5, "SAME").numpy())
    np.testing.assert_allclose(tf.nn.max_pool(x, 2, 2, "VALID").numpy(), tf.nn.max_pool3d(x, 2, 2, "VALID").numpy())
    np.testing.assert_allclose(tf.nn.avg_pool(x, 2, 2, "SAME").numpy(), tf.nn.avg_pool3d(x, 2, 2, "SAME").numpy())


def test_dtypes_and_float32_kernels():
    x, w = r(1, 3, 3, 3, 2), r(2, 2, 2, 2, 2)
    assert tf.nn.conv3d(x, w, [1] * 5, "SAME").dtype == tf.float64
    for dt in (tf.float16, tf.float32):
        xt, wt = tf.cast(tf.constant(x), dt), tf.cast(tf.constant(w), dt)
        assert tf.nn.conv3d(xt, wt, [1] * 5, "SAME").dtype == dt
        assert tf.nn.conv3d_transpose(xt, wt, [1, 3, 3, 3, 2], 1).dtype == dt
        assert tf.nn.max_pool3d(xt, 2, 1, "SAME").dtype == dt
        assert tf.nn.avg_pool3d(xt, 2, 1, "SAME").dtype == dt
    x32 = tf.constant(x.astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x32)
        y = tf.nn.conv3d(x32, tf.constant(w.astype(np.float32)), [1] * 5, "SAME")
    assert y.numpy().dtype == np.float32 and tape.gradient(y, x32).numpy().dtype == np.float32


def test_empty_output():
    y = tf.nn.conv3d(tf.zeros([1, 2, 4, 4, 2]), tf.zeros([3, 3, 3, 2, 4]), [1] * 5, "VALID")
    assert y.shape == (1, 0, 2, 2, 4)
    assert tf.nn.max_pool3d(tf.zeros([1, 1, 4, 4, 2]), 2, 2, "VALID").shape == (1, 0, 2, 2, 2)


def test_shape_rules_with_unknown_dims():
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 5, None, 7, 2])
        w = g.placeholder(tf.float32, [3, 3, 3, 2, 4])
        assert tf.nn.conv3d(x, w, [1, 2, 1, 2, 1], "SAME").shape.as_list() == [None, 3, None, 4, 4]
        assert tf.nn.conv3d(x, w, [1] * 5, "VALID").shape.as_list() == [None, 3, None, 5, 4]
        assert tf.nn.max_pool3d(x, 2, 2, "VALID").shape.as_list() == [None, 2, None, 3, 2]
        assert tf.nn.avg_pool3d(x, 3, 2, "SAME").shape.as_list() == [None, 3, None, 4, 2]
        t = g.placeholder(tf.float32, [None, 3, 3, 3, 4])
        wt = g.placeholder(tf.float32, [3, 3, 3, 2, 4])
        assert tf.nn.conv3d_transpose(t, wt, [2, 6, 6, 6, 2], 2).shape.as_list() == [2, 6, 6, 6, 2]
        with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 3 from 2"):
            tf.nn.conv3d(g.placeholder(tf.float32, [1, 2, 4, 4, 2]), w, [1] * 5, "VALID")
        with pytest.raises(ValueError, match="Shape must be rank 5 but is rank 4"):
            tf.nn.conv3d(g.placeholder(tf.float32, [1, 4, 4, 2]), w, [1] * 5, "VALID")


def test_gradients_inside_tf_function_with_unknown_batch():
    w = tf.Variable(r(2, 2, 2, 2, 3).astype(np.float32))

    @tf.function(input_signature=[tf.TensorSpec([None, 4, 4, 4, 2], tf.float32)])
    def step(x):
        with tf.GradientTape() as tape:
            y = tf.nn.max_pool3d(tf.nn.conv3d(x, w, [1] * 5, "SAME"), 2, 2, "VALID")
            loss = tf.reduce_sum(tf.nn.avg_pool3d(y, 2, 2, "SAME"))
        return tape.gradient(loss, w)

    x = r(2, 4, 4, 4, 2).astype(np.float32)
    eager = step.python_function(tf.constant(x)) if hasattr(step, "python_function") else None
    got = step(tf.constant(x))
    assert got.shape == (2, 2, 2, 2, 3)
    if eager is not None:
        np.testing.assert_allclose(got.numpy(), eager.numpy(), rtol=1e-5, atol=1e-6)


# -- errors: TF's types and messages --------------------------------------------------------------
def _z(*shape, dtype=np.float32):
    return tf.constant(np.zeros(shape, dtype))


S1 = [1, 1, 1, 1, 1]
_X, _W = (1, 4, 4, 4, 2), (3, 3, 3, 2, 3)
ERROR_CALLS = {
    "conv3d/int_strides": lambda: tf.nn.conv3d(_z(*_X), _z(*_W), 1, "SAME"),
    "conv3d/short_strides": lambda: tf.nn.conv3d(_z(*_X), _z(*_W), [1, 1, 1], "SAME"),
    "conv3d/depth_mismatch": lambda: tf.nn.conv3d(_z(1, 4, 4, 4, 3), _z(*_W), S1, "SAME"),
    "conv3d/grouped": lambda: tf.nn.conv3d(_z(1, 4, 4, 4, 4), _z(*_W), S1, "SAME"),
    "conv3d/rank4": lambda: tf.nn.conv3d(_z(1, 4, 4, 2), _z(*_W), S1, "SAME"),
    "conv3d/bad_padding": lambda: tf.nn.conv3d(_z(*_X), _z(*_W), S1, "FOO"),
    "conv3d/list_padding": lambda: tf.nn.conv3d(_z(*_X), _z(*_W), S1, [[0, 0]] * 5),
    "conv3d/batch_stride": lambda: tf.nn.conv3d(_z(*_X), _z(*_W), [2, 1, 1, 1, 1], "SAME"),
    "conv3d/zero_stride": lambda: tf.nn.conv3d(_z(*_X), _z(*_W), [1, 0, 1, 1, 1], "SAME"),
    "conv3d/dtype_mismatch": lambda: tf.nn.conv3d(_z(*_X), _z(*_W, dtype=np.float64), S1, "SAME"),
    "conv3d/int32": lambda: tf.nn.conv3d(_z(*_X, dtype=np.int32), _z(*_W, dtype=np.int32), S1, "SAME"),
    "conv3d/ncdhw": lambda: tf.nn.conv3d(_z(*_X), _z(3, 3, 3, 1, 3), S1, "SAME", data_format="NCDHW"),
    "conv3d_transpose/ncdhw": lambda: tf.nn.conv3d_transpose(_z(1, 3, 2, 2, 2), _z(3, 3, 3, 2, 3), [1, 2, 4, 4, 4],
                                                             2, data_format="NCDHW"),
    "conv3d/too_small": lambda: tf.nn.conv3d(_z(1, 1, 4, 4, 2), _z(*_W), S1, "VALID"),
    "conv3d_transpose/bad_output_shape": lambda: tf.nn.conv3d_transpose(_z(1, 2, 2, 2, 2), _z(3, 3, 3, 3, 2),
                                                                        [1, 7, 4, 4, 3], 2),
    "max_pool3d/int32": lambda: tf.nn.max_pool3d(_z(*_X, dtype=np.int32), 2, 2, "VALID"),
    "max_pool3d/float64": lambda: tf.nn.max_pool3d(_z(*_X, dtype=np.float64), 2, 2, "VALID"),
    "max_pool3d/ksize0": lambda: tf.nn.max_pool3d(_z(*_X), 0, 2, "VALID"),
    "max_pool3d/depth": lambda: tf.nn.max_pool3d(_z(*_X), [1, 2, 2, 2, 2], [1, 2, 2, 2, 2], "VALID"),
    "max_pool3d/batch": lambda: tf.nn.max_pool3d(_z(*_X), [2, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID"),
    "max_pool3d/ncdhw": lambda: tf.nn.max_pool3d(_z(*_X), 2, 2, "VALID", data_format="NCDHW"),
    "max_pool3d/list_padding": lambda: tf.nn.max_pool3d(_z(*_X), 2, 2, [[0, 0]] * 5),
    "avg_pool3d/int32": lambda: tf.nn.avg_pool3d(_z(*_X, dtype=np.int32), 2, 2, "VALID"),
}
TF_ERRORS = json.loads(str(GOLDEN["errors"]))
# Where numtf's message says the same in other words.
OWN_WORDS = {"conv3d_transpose/bad_output_shape": "out_backprop has shape [1,2,2,2,2] but the convolution "
                                                  "computes [1,4,2,2,2]"}


def _core(message):
    """TF's message without its function-node prefix and NodeDef / [Op:...] suffixes."""
    message = re.sub(r"^\{\{function_node [^}]*\}\} ", "", message)
    return re.split(r"\s*\t; NodeDef|\s*\[Op:", message)[0].strip()


@pytest.mark.parametrize("label", list(ERROR_CALLS))
def test_eager_errors_match_tf(label):
    kind, message = TF_ERRORS[label]
    with pytest.raises(Exception) as info:
        ERROR_CALLS[label]()
    assert type(info.value).__name__ == kind
    assert OWN_WORDS.get(label, _core(message)) in str(info.value)


def test_graph_errors_are_value_errors():
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [1, 4, 4, 4, 2])
        with pytest.raises(ValueError, match="Spatial strides should be larger than 0"):
            tf.nn.conv3d(x, g.placeholder(tf.float32, [2, 2, 2, 2, 2]), [1, 0, 1, 1, 1], "SAME")
        with pytest.raises(ValueError, match="Depth of input"):
            tf.nn.conv3d(x, g.placeholder(tf.float32, [2, 2, 2, 3, 2]), S1, "SAME")
        with pytest.raises(ValueError, match="Default Pooling3DOp only supports NDHWC"):
            tf.nn.max_pool3d(x, 2, 2, "VALID", data_format="NCDHW")
        with pytest.raises(TypeError, match="Value for attr 'T' of int32"):
            tf.nn.max_pool3d(g.placeholder(tf.int32, [1, 4, 4, 4, 2]), 2, 2, "VALID")
