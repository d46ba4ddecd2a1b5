"""Convolution and pooling: tf.nn.conv2d / conv1d / convolution / conv2d_transpose / depthwise_conv2d /
separable_conv2d, max_pool* / avg_pool*.

Golden values and gradients (first and second order) come from real TensorFlow 2.21
(tests/golden/conv_ops.npz, written by tools/make_conv_golden.py); error types and messages were
checked there too."""
import json
import os
import types

import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run
from numtf.ops import conv_ops, depthwise_ops, pool_ops, conv_util, conv_rows
from helpers import check_gradients, check_graph

# The module functions themselves (tf.nn re-exports them).
nn = types.SimpleNamespace(**{n: getattr(m, n) for m in (conv_ops, depthwise_ops, pool_ops) for n in dir(m)
                              if not n.startswith("_") and callable(getattr(m, n))})
IAE = tf.errors.InvalidArgumentError
rng = np.random.default_rng(7)
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "conv_ops.npz"))
CASES = json.loads(str(GOLDEN["cases"]))


def r(*shape):
    return rng.standard_normal(shape)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


@pytest.fixture(params=["row_taps", "im2col"])
def strategy(request, monkeypatch):
    """Runs a test with every row-stride-1 convolution on the row-tap path (conv_rows, whatever
    its depth), then with none of them."""
    if request.param == "row_taps":
        monkeypatch.setattr(conv_rows, "MIN_DEPTH", 1)
    else:
        monkeypatch.setattr(conv_rows, "ROW_TAPS", False)
    return request.param


# -- golden values vs TensorFlow --------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_values_and_gradients(case, strategy):
    key = case["name"]
    fn = getattr(nn, case["fn"])
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
        np.testing.assert_allclose(g.numpy(), GOLDEN[f"{key}/grad{i}"], rtol=1e-5, atol=1e-5,
                                   err_msg=f"gradient {i}")
    if case["second"]:
        second = outer.gradient(total, ins)
        for i, g in enumerate(second):
            if f"{key}/second{i}" in GOLDEN:
                np.testing.assert_allclose(g.numpy(), GOLDEN[f"{key}/second{i}"], rtol=1e-5, atol=1e-5)
            else:
                assert g is None or not np.any(g.numpy())


def test_handbook_7x7_example():
    image, w = GOLDEN["handbook/image"], GOLDEN["handbook/W"]
    out = nn.conv2d(image, w, 1, "VALID") + 1.0
    expected = [[6, 5, -2, 1, 2], [3, 0, 3, 2, -2], [4, 2, -1, 0, 0], [2, 1, 2, -1, -3], [1, 1, 1, 3, 1]]
    assert out.shape == (1, 5, 5, 1) and out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy()[0, :, :, 0], expected)
    np.testing.assert_array_equal(out.numpy(), GOLDEN["handbook/out"])
    # strides=2 gives the handbook's 3x3 output
    assert nn.conv2d(image, w, 2, "VALID").shape == (1, 3, 3, 1)


# -- gradients (float64 central differences) ----------------------------------------------------
CONV_GRADS = {
    "same_s1": (lambda x, w: nn.conv2d(x, w, 1, "SAME"), (2, 5, 6, 3), (3, 3, 3, 2)),
    "valid_s2": (lambda x, w: nn.conv2d(x, w, 2, "VALID"), (2, 7, 6, 3), (3, 2, 3, 2)),
    "same_s2_odd": (lambda x, w: nn.conv2d(x, w, 2, "SAME"), (1, 5, 5, 2), (2, 2, 2, 3)),
    "same_even_kernel": (lambda x, w: nn.conv2d(x, w, 1, "SAME"), (1, 5, 4, 2), (2, 4, 2, 3)),
    "dilated": (lambda x, w: nn.conv2d(x, w, 1, "SAME", dilations=2), (1, 6, 6, 2), (3, 3, 2, 2)),
    "dilated_strided": (lambda x, w: nn.conv2d(x, w, 2, "VALID", dilations=[2, 1]), (1, 7, 6, 2), (2, 3, 2, 2)),
    "explicit_big_pad": (lambda x, w: nn.conv2d(x, w, 1, [[0, 0], [3, 0], [0, 4], [0, 0]]), (1, 4, 5, 2),
                         (3, 3, 2, 2)),
    "explicit_strided": (lambda x, w: nn.conv2d(x, w, [1, 2], [[0, 0], [2, 1], [0, 3], [0, 0]]), (1, 4, 5, 2),
                         (3, 3, 2, 2)),
    "one_channel": (lambda x, w: nn.conv2d(x, w, 1, "SAME"), (2, 5, 5, 1), (3, 3, 1, 4)),
    "one_channel_s2": (lambda x, w: nn.conv2d(x, w, 2, "VALID"), (2, 6, 5, 1), (2, 2, 1, 3)),
    "pointwise": (lambda x, w: nn.conv2d(x, w, 1, "VALID"), (2, 3, 3, 4), (1, 1, 4, 2)),
    "pointwise_s2": (lambda x, w: nn.conv2d(x, w, 2, "SAME"), (2, 5, 5, 4), (1, 1, 4, 2)),
    "grouped": (lambda x, w: nn.conv2d(x, w, 1, "SAME"), (2, 4, 4, 4), (3, 3, 2, 6)),
    "grouped_s2": (lambda x, w: nn.conv2d(x, w, 2, "SAME"), (1, 5, 5, 6), (2, 3, 2, 3)),
    "grouped_depthwise_like": (lambda x, w: nn.conv2d(x, w, 1, "VALID"), (1, 4, 4, 3), (2, 2, 1, 3)),
    "conv1d": (lambda x, w: nn.conv1d(x, w, 2, "SAME"), (2, 7, 3), (3, 3, 2)),
    "conv1d_grouped": (lambda x, w: nn.conv1d(x, w, 1, "SAME"), (2, 7, 4), (3, 2, 4)),
    "conv1d_dilated": (lambda x, w: nn.conv1d(x, w, 1, "VALID", dilations=2), (2, 7, 3), (2, 3, 2)),
    "convolution": (lambda x, w: nn.convolution(x, w, padding="SAME"), (1, 4, 4, 2), (3, 3, 2, 2)),
    "transpose": (lambda x, w: nn.conv2d_transpose(x, w, [2, 7, 7, 2], 2, "SAME"), (2, 4, 4, 3), (3, 3, 2, 3)),
    "transpose_s1": (lambda x, w: nn.conv2d_transpose(x, w, [1, 6, 6, 2], 1, "VALID"), (1, 4, 4, 3),
                     (3, 3, 2, 3)),
    "conv1d_transpose": (lambda x, w: nn.conv1d_transpose(x, w, [2, 8, 2], 2, "SAME"), (2, 4, 3), (3, 2, 3)),
    "depthwise": (lambda x, w: nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"), (2, 5, 5, 3), (3, 3, 3, 2)),
    "depthwise_s2": (lambda x, w: nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "VALID"), (2, 6, 5, 3), (3, 3, 3, 1)),
    "depthwise_dilated": (lambda x, w: nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", dilations=[2, 2]),
                          (1, 6, 6, 2), (2, 2, 2, 2)),
}


@pytest.mark.parametrize("name", CONV_GRADS)
def test_conv_gradients_and_graph(name, strategy):
    f, xs, ws = CONV_GRADS[name]
    check_gradients(f, r(*xs), r(*ws))
    check_graph(f, f32(*xs), f32(*ws))


POOLS = {
    "max_tiled": lambda x: nn.max_pool2d(x, 2, 2, "VALID"),
    "max_valid_crop": lambda x: nn.max_pool2d(x, 2, 2, "VALID"),
    "max_same_odd": lambda x: nn.max_pool2d(x, 2, 2, "SAME"),
    "max_overlap": lambda x: nn.max_pool2d(x, 3, 1, "SAME"),
    "max_3x3_s2": lambda x: nn.max_pool2d(x, 3, 2, "SAME"),
    "max_explicit": lambda x: nn.max_pool2d(x, 2, 2, [[0, 0], [1, 0], [0, 1], [0, 0]]),
    "max_1d": lambda x: nn.max_pool1d(x, 3, 2, "SAME"),
    "max_nd": lambda x: nn.max_pool(x, [2, 3], [2, 1], "VALID"),
    "avg_tiled": lambda x: nn.avg_pool2d(x, 2, 2, "VALID"),
    "avg_same_odd": lambda x: nn.avg_pool2d(x, 2, 2, "SAME"),
    "avg_overlap": lambda x: nn.avg_pool2d(x, 3, 1, "SAME"),
    "avg_3x3_s2": lambda x: nn.avg_pool2d(x, 3, 2, "SAME"),
    "avg_1d": lambda x: nn.avg_pool1d(x, 3, 2, "SAME"),
    "avg_nd": lambda x: nn.avg_pool(x, 2, 1, "SAME"),
}
POOL_SHAPES = {"max_tiled": (2, 4, 6, 3), "max_valid_crop": (2, 5, 7, 2), "max_1d": (2, 7, 3),
               "avg_1d": (2, 7, 3)}


@pytest.mark.parametrize("name", POOLS)
def test_pool_gradients_and_graph(name):
    shape = POOL_SHAPES.get(name, (2, 5, 5, 2))
    check_gradients(POOLS[name], r(*shape))  # continuous values: no ties, so differentiable
    check_graph(POOLS[name], f32(*shape))


def second_order(f, wrt=0):
    def first(*args):
        with tf.GradientTape() as tape:
            tape.watch(args[wrt])
            y = f(*args)
            s = tf.reduce_sum(y * y)
        return tape.gradient(s, args[wrt])
    return first


def test_second_order_gradients(strategy):
    conv = lambda x, w: nn.conv2d(x, w, 2, "SAME")  # noqa: E731
    check_gradients(second_order(conv, 0), r(1, 5, 5, 2), r(3, 3, 2, 2))
    check_gradients(second_order(conv, 1), r(1, 5, 5, 2), r(3, 3, 2, 2))
    check_gradients(second_order(lambda x, w: nn.conv2d(x, w, 1, "SAME"), 0), r(1, 4, 4, 2), r(3, 3, 2, 3))
    check_gradients(second_order(lambda x, w: nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"), 1),
                    r(1, 4, 4, 2), r(3, 3, 2, 2))
    check_gradients(second_order(lambda x: nn.max_pool2d(x, 3, 2, "SAME")), r(1, 5, 5, 2))
    check_gradients(second_order(lambda x: nn.avg_pool2d(x, 3, 2, "SAME")), r(1, 5, 5, 2))


# -- tie rule, NaN, SAME averaging ------------------------------------------------------------
def grad_of(f, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return y.numpy(), tape.gradient(y, x).numpy()


def test_max_pool_routes_to_first_maximum():
    x = np.array([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 0, 0], [3, 3, 0, 1]], np.float32).reshape(1, 4, 4, 1)
    _, g = grad_of(lambda t: nn.max_pool2d(t, 2, 2, "VALID"), x)
    np.testing.assert_array_equal(g[0, :, :, 0], [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]])
    y, g = grad_of(lambda t: nn.max_pool2d(t, 3, 1, "SAME"), x)  # overlapping windows accumulate
    np.testing.assert_array_equal(y[0, :, :, 0], [[1, 2, 2, 2], [3, 3, 3, 2], [3, 3, 3, 2], [3, 3, 3, 1]])
    np.testing.assert_array_equal(g[0, :, :, 0], [[1, 0, 4, 0], [0, 0, 1, 0], [6, 3, 0, 0], [0, 0, 0, 1]])
    y, g = grad_of(lambda t: nn.max_pool2d(t, 2, 2, "SAME"), -np.ones((1, 3, 3, 1), np.float32))
    np.testing.assert_array_equal(y[0, :, :, 0], -np.ones((2, 2)))  # padding never wins
    np.testing.assert_array_equal(g[0, :, :, 0], [[1, 0, 1], [0, 0, 0], [1, 0, 1]])


def test_max_pool_ignores_nan_like_tf():
    y, g = grad_of(lambda t: nn.max_pool2d(t, 2, 2, "SAME"),
                   np.array([1, np.nan, 3, 2], np.float32).reshape(1, 2, 2, 1))
    assert y.ravel().tolist() == [3.0] and g.ravel().tolist() == [0, 0, 1, 0]


def test_avg_pool_same_averages_real_elements_only():
    a = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1)
    np.testing.assert_allclose(nn.avg_pool2d(a, 2, 2, "SAME").numpy()[0, :, :, 0],
                               [[3, 5, 6.5], [13, 15, 16.5], [20.5, 22.5, 24]])
    np.testing.assert_allclose(nn.avg_pool2d(a, 3, 2, "SAME").numpy()[0, :, :, 0],
                               [[3, 4.5, 6], [10.5, 12, 13.5], [18, 19.5, 21]])


# -- dtypes, shapes, empty tensors ----------------------------------------------------------------
def test_dtypes():
    x, w = f32(2, 5, 5, 3), f32(3, 3, 3, 4)
    ref = nn.conv2d(x, w, 1, "SAME").numpy()
    y16 = nn.conv2d(x.astype(np.float16), w.astype(np.float16), 1, "SAME")
    assert y16.dtype == tf.float16
    np.testing.assert_allclose(y16.numpy(), ref, rtol=2e-2, atol=5e-2)
    y64 = nn.conv2d(x.astype(np.float64), w.astype(np.float64), 1, "SAME")
    assert y64.dtype == tf.float64
    np.testing.assert_allclose(y64.numpy(), ref, rtol=1e-4, atol=1e-4)
    xi, wi = np.arange(2 * 5 * 5 * 3).reshape(2, 5, 5, 3).astype(np.int32), np.ones((3, 3, 3, 1), np.int32)
    yi = nn.conv2d(xi, wi, 1, "VALID")
    assert yi.dtype == tf.int32 and yi.numpy().ravel()[:4].tolist() == [513, 594, 675, 918]  # TF's values
    # a NumPy filter takes the input's dtype (float64 -> float32, as TF converts it)
    assert nn.conv2d(x, np.ones((1, 1, 3, 1)), 1, "VALID").dtype == tf.float32
    mi = nn.max_pool2d(xi, 2, 2, "VALID")
    assert mi.dtype == tf.int32 and mi.numpy().ravel()[:3].tolist() == [18, 19, 20]
    assert nn.avg_pool2d(x.astype(np.float16), 2, 2, "SAME").dtype == tf.float16
    assert nn.max_pool2d(x.astype(np.float64), 2, 2, "SAME").dtype == tf.float64


def test_empty_and_degenerate_shapes():
    w = f32(3, 3, 3, 4)
    assert nn.conv2d(np.zeros((0, 5, 5, 3), np.float32), w, 1, "SAME").shape == (0, 5, 5, 4)
    assert nn.conv2d(f32(2, 5, 5, 3), np.zeros((3, 3, 3, 0), np.float32), 1, "SAME").shape == (2, 5, 5, 0)
    assert nn.max_pool2d(f32(2, 5, 5, 3), 6, 2, "VALID").shape == (2, 0, 0, 3)  # TF: (5-6+2)//2 = 0
    assert nn.avg_pool2d(np.zeros((0, 4, 4, 1), np.float32), 2, 2, "VALID").shape == (0, 2, 2, 1)


def test_shape_rules_with_unknown_dims():
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 28, 28, 1])
        w1, w2 = tf.constant(f32(5, 5, 1, 32)), tf.constant(f32(5, 5, 32, 64))
        h = nn.max_pool2d(nn.conv2d(x, w1, 1, "SAME"), 2, 2, "VALID")
        y = nn.max_pool2d(nn.conv2d(h, w2, 1, "SAME"), [2, 2], 2, "SAME")
        assert h.shape.as_list() == [None, 14, 14, 32] and y.shape.as_list() == [None, 7, 7, 64]
        assert nn.conv2d(x, w1, 2, "VALID").shape.as_list() == [None, 12, 12, 32]
        u = g.placeholder(tf.float32, None)
        assert nn.conv2d(u, w1, 2, "SAME").shape.as_list() == [None, None, None, 32]
        assert nn.depthwise_conv2d(h, tf.constant(f32(3, 3, 32, 2)), [1, 2, 2, 1], "SAME").shape.as_list() \
            == [None, 7, 7, 64]
        assert nn.avg_pool2d(x, 3, 2, "SAME").shape.as_list() == [None, 14, 14, 1]
        assert nn.conv1d(g.placeholder(tf.float32, [None, 9, 3]), tf.constant(f32(3, 3, 2)), 2, "VALID") \
            .shape.as_list() == [None, 4, 2]


GRAPH_GRAD_OPS = {
    "conv2d": (lambda x, w: nn.conv2d(x, w, 2, "SAME"), (3, 3, 2, 4)),
    "conv2d_s1": (lambda x, w: nn.conv2d(x, w, 1, "VALID"), (3, 3, 2, 4)),
    "depthwise": (lambda x, w: nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"), (3, 3, 2, 2)),
    "max_pool": (lambda x, w: nn.max_pool2d(x, 3, 2, "SAME"), None),
    "avg_pool": (lambda x, w: nn.avg_pool2d(x, 2, 2, "SAME"), None),
}


@pytest.mark.parametrize("name", GRAPH_GRAD_OPS)
def test_gradient_rules_build_graphs_with_unknown_batch(name):
    f, wshape = GRAPH_GRAD_OPS[name]
    xv = f32(3, 5, 5, 2)
    wv = f32(*wshape) if wshape else None
    xt, wt = tf.constant(xv), (tf.constant(wv) if wshape else None)
    with tf.GradientTape() as tape:
        tape.watch([t for t in (xt, wt) if t is not None])
        y = f(xt, wt)
    gv = f32(*y.shape)
    eager = tape.gradient(y, [t for t in (xt, wt) if t is not None], output_gradients=tf.constant(gv))
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 5, 5, 2])
        w = g.placeholder(tf.float32, wshape) if wshape else None
        ys = f(x, w)
        gy = g.placeholder(tf.float32, [None] + ys.shape.as_list()[1:])
        node = ys.op
        grads = node.op.grad(node, gy)
        grads = [t for t in (grads if isinstance(grads, (list, tuple)) else [grads]) if t is not None]
        assert grads[0].shape.as_list() == [None, 5, 5, 2]
        if wshape:
            assert grads[1].shape.as_list() == list(wshape)
        feeds = {x: xv, gy: gv}
        if wshape:
            feeds[w] = wv
        got = run(g, grads, feeds)
    for a, b in zip(got, eager):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-5, atol=1e-5)


# -- performance-relevant behaviour ---------------------------------------------------------------
def test_no_input_gradient_when_the_input_needs_none(monkeypatch):
    calls = []
    op = conv_ops.CONV2D_BACKPROP_INPUT
    kernel = op.kernel
    monkeypatch.setattr(op, "kernel", lambda *a, **k: calls.append(1) or kernel(*a, **k))
    x, w = tf.constant(f32(2, 6, 6, 1)), tf.Variable(f32(3, 3, 1, 4))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(nn.conv2d(x, w, 1, "SAME"))
    assert tape.gradient(loss, w).shape == (3, 3, 1, 4)
    assert calls == []  # the first layer's input gradient is never computed
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(nn.conv2d(x, w, 1, "SAME"))
    tape.gradient(loss, [x, w])
    assert calls == [1]


@pytest.mark.parametrize("cfg", [
    dict(xs=(8, 5, 5, 3), ws=(3, 3, 3, 4), padding="SAME"),
    dict(xs=(7, 6, 5, 2), ws=(2, 3, 2, 3), padding="VALID", dilations=2),
    dict(xs=(9, 5, 6, 4), ws=(3, 3, 2, 6), padding="SAME"),  # grouped
    dict(xs=(8, 5, 5, 2), ws=(3, 3, 2, 2), padding=[[0, 0], [3, 0], [0, 4], [0, 0]]),  # pads > k-1 crop dy
], ids=["same", "dilated", "grouped", "big_explicit_pads"])
def test_input_gradient_strategies_agree(cfg, monkeypatch):
    """Stride 1: dy convolved with the flipped filter (in batch chunks) == one product per tap."""
    x, w = f32(*cfg["xs"]), f32(*cfg["ws"])
    pad, dil = cfg["padding"], cfg.get("dilations", 1)
    dy = f32(*nn.conv2d(x, w, 1, pad, dilations=dil).shape)

    def input_grad():
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = nn.conv2d(xt, w, 1, pad, dilations=dil)
        return tape.gradient(y, xt, output_gradients=tf.constant(dy)).numpy()
    monkeypatch.setattr(conv_util, "CHUNK_BYTES", 1)  # several chunks
    chunked = input_grad()
    monkeypatch.setattr(conv_ops, "DX_AS_CONV", False)
    np.testing.assert_allclose(chunked, input_grad(), rtol=1e-5, atol=1e-5)


def conv_and_gradients(x, w, cfg):
    """A function returning conv2d(x, w, **cfg)'s output and the gradients of a fixed random
    weighting of it with respect to x and w, as NumPy arrays."""
    args, dil = (cfg["strides"], cfg["padding"]), cfg.get("dilations", 1)
    weights = tf.constant(f32(*nn.conv2d(x, w, *args, dilations=dil).shape))

    def run():
        xt, wt = tf.constant(x), tf.constant(w)
        with tf.GradientTape() as tape:
            tape.watch([xt, wt])
            y = nn.conv2d(xt, wt, *args, dilations=dil)
            loss = tf.reduce_sum(y * weights)
        return [y.numpy()] + [g.numpy() for g in tape.gradient(loss, [xt, wt])]
    return run


@pytest.mark.parametrize("cfg", [
    dict(xs=(8, 5, 5, 3), ws=(3, 3, 3, 4), strides=1, padding="SAME"),
    dict(xs=(7, 9, 8, 2), ws=(2, 3, 2, 3), strides=2, padding="VALID", dilations=1),
    dict(xs=(7, 6, 5, 2), ws=(2, 3, 2, 3), strides=1, padding="VALID", dilations=2),
], ids=["same", "strided", "dilated"])
def test_im2col_in_chunks_gives_the_whole_matrix_results(cfg, monkeypatch):
    """Big convolutions make their im2col matrix a few images at a time (conv_util.CHUNK_BYTES):
    forward, filter and input gradients equal those of the whole matrix."""
    x, w = f32(*cfg["xs"]), f32(*cfg["ws"])
    run = conv_and_gradients(x, w, cfg)
    monkeypatch.setattr(conv_util, "CHUNK_BYTES", 1 << 40)
    assert not conv_util.chunked(x, *cfg["ws"][:2], 4, 4)
    whole = run()
    monkeypatch.setattr(conv_util, "CHUNK_BYTES", 1)
    assert conv_util.chunked(x, *cfg["ws"][:2], 4, 4)
    for got, want in zip(run(), whole):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("cfg", [
    dict(xs=(7, 6, 5, 4), ws=(3, 3, 4, 5), strides=1, padding="SAME"),
    dict(xs=(5, 7, 9, 3), ws=(2, 3, 3, 2), strides=[1, 2], padding="VALID", dilations=1),
    dict(xs=(6, 8, 7, 2), ws=(3, 2, 2, 3), strides=1, padding="SAME", dilations=[2, 1]),
    dict(xs=(4, 5, 6, 3), ws=(3, 3, 3, 2), strides=1, padding=[[0, 0], [4, 0], [1, 3], [0, 0]]),
    dict(xs=(3, 4, 4, 2), ws=(5, 3, 2, 2), strides=1, padding="VALID"),  # no output rows
    dict(xs=(3, 2, 4, 2), ws=(5, 3, 2, 2), strides=1, padding="SAME"),  # taps beyond both edges
], ids=["same", "col_stride", "row_dilation", "big_explicit_pads", "empty", "kernel_taller_than_input"])
def test_row_taps_in_chunks_agree_with_im2col(cfg, monkeypatch):
    """conv_rows (im2col over the filter's columns, one product for all its rows, shifted adds),
    a few images at a time: forward, filter and input gradients equal those of im2col."""
    x, w = f32(*cfg["xs"]), f32(*cfg["ws"])
    run = conv_and_gradients(x, w, cfg)
    monkeypatch.setattr(conv_rows, "ROW_TAPS", False)
    want = run()
    monkeypatch.setattr(conv_rows, "ROW_TAPS", True)
    monkeypatch.setattr(conv_rows, "MIN_DEPTH", 1)
    monkeypatch.setattr(conv_rows, "ROW_CHUNK_BYTES", 1)  # one image per chunk
    assert conv_rows.applies(x.shape, w.shape, 1, 1)
    for _ in range(2):  # the second time through reused buffers (the shifted dy keeps its zeros)
        for got, expected in zip(run(), want):
            assert got.shape == expected.shape
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-4)


def test_big_products_use_all_cores_then_restore_the_default(monkeypatch):
    from numtf.framework import blas
    calls = []
    monkeypatch.setattr(blas, "_switch", [calls.append, 2])
    x, w = tf.constant(f32(16, 16, 16, 16)), tf.constant(f32(3, 3, 16, 32))  # 38 MFLOP per product
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = nn.conv2d(x, w, 1, "SAME")
    tape.gradient(y, [x, w])
    assert calls == [2, 1] * 3  # forward, filter and input gradients, each back to one thread
    calls.clear()
    nn.conv2d(f32(1, 5, 5, 2), f32(3, 3, 2, 2), 1, "SAME")  # small: BLAS left alone
    assert calls == []


def test_reused_buffers_never_serve_stale_patches():
    w = tf.constant(f32(3, 3, 2, 3))
    v = tf.Variable(f32(1, 5, 5, 2))
    before = nn.conv2d(v, w, 1, "SAME").numpy()
    v.assign_add(np.ones((1, 5, 5, 2), np.float32))  # in place when no tensor holds the buffer
    after = nn.conv2d(v, w, 1, "SAME").numpy()
    np.testing.assert_allclose(after, nn.conv2d(v.numpy(), w, 1, "SAME").numpy(), rtol=1e-6)
    assert not np.allclose(before, after)
    a, b = f32(2, 6, 6, 1), f32(2, 6, 6, 1)  # same shapes, different arrays (tap-major patches)
    wa = tf.constant(f32(3, 3, 1, 2))
    ya, yb = nn.conv2d(a, wa, 1, "SAME").numpy(), nn.conv2d(b, wa, 1, "SAME").numpy()
    conv_util.clear_workspace()
    np.testing.assert_allclose(nn.conv2d(a, wa, 1, "SAME").numpy(), ya, rtol=1e-6)
    assert not np.allclose(ya, yb)


def test_float32_kernels_stay_float32():
    x, w = tf.constant(f32(2, 6, 6, 3)), tf.constant(f32(3, 3, 3, 4))
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = nn.avg_pool2d(nn.max_pool2d(nn.conv2d(x, w, 2, "SAME"), 2, 1, "SAME"), 2, 2, "SAME")
        d = nn.depthwise_conv2d(x, tf.constant(f32(3, 3, 3, 2)), [1, 2, 2, 1], "SAME")
        loss = tf.reduce_sum(y) + tf.reduce_sum(d)
    gx, gw = tape.gradient(loss, [x, w])
    for t in (y, d, gx, gw):
        assert t.numpy().dtype == np.float32


# -- errors ---------------------------------------------------------------------------------------
EAGER_ERRORS = [
    (lambda: nn.conv2d(f32(5, 5, 3), f32(3, 3, 3, 4), 1, "SAME"), IAE,
     "convolution input must be 4-dimensional: [5,5,3] [Op:Conv2D]"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 4), 1, "SAME"), IAE, "filter must be 4-dimensional: [3,3,4]"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 2, 4), 1, "SAME"), IAE,
     "input depth must be evenly divisible by filter depth: 3 vs 2 (input shape [2,5,5,3], filter shape "
     "[3,3,2,4]) [Op:Conv2D]"),
    (lambda: nn.conv2d(f32(2, 5, 5, 4), f32(3, 3, 2, 3), 1, "SAME"), IAE,
     "output depth must be evenly divisible by number of groups: 3 vs 2"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 4), 1, "same"), IAE,
     "Value for attr 'padding' of \"same\" is not in the list of allowed values: \"SAME\", \"VALID\", \"EXPLICIT\""),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(7, 7, 3, 1), 1, "VALID"), IAE,
     "Computed output size would be negative: -1 [input_size: 5, effective_filter_size: 7, stride: 1]"),
    (lambda: nn.conv2d(f32(2, 3, 5, 5), f32(3, 3, 3, 4), 1, "SAME", data_format="NCHW"),
     tf.errors.UnimplementedError, "only supports the NHWC tensor format on the CPU"),
    (lambda: nn.conv2d(tf.constant(f32(2, 5, 5, 3)), tf.constant(r(3, 3, 3, 1)), 1, "VALID"), IAE,
     "expected to be a float tensor but is a double tensor [Op:Conv2D]"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 4), [1, 2, 3], "SAME"), ValueError,
     "strides should be of length 1, 2 or 4. Received: strides=[1, 2, 3] of length 3"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 4), 0, "SAME"), IAE, "strides should be larger than 0"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 4), [2, 1, 1, 1], "SAME"), tf.errors.UnimplementedError,
     "does not yet support strides in the batch and depth dimensions"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 4), 1, [[0, 0], [1, 1]]), ValueError,
     "When padding is a list, it must be of size 4"),
    (lambda: nn.conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 4), 1, [[0, 0], [-1, 1], [0, 0], [0, 0]]), IAE,
     "All elements of explicit_paddings must be nonnegative"),
    (lambda: nn.conv2d(tf.constant(np.ones((1, 3, 3, 1), np.int64)), np.ones((1, 1, 1, 1), np.int64), 1, "SAME"),
     IAE, "Value for attr 'T' of int64 is not in the list of allowed values"),
    (lambda: nn.conv1d(f32(5, 3), f32(3, 3, 4), 1, "SAME"), IAE, "convolution input must be 4-dimensional: [1,5,3]"),
    (lambda: nn.convolution(f32(5, 3), f32(3, 3, 4)), ValueError, "`num_spatial_dims` must be 1, 2, or 3"),
    (lambda: nn.convolution(f32(1, 5, 5, 3), f32(3, 3, 3, 4), strides=2, dilations=2), ValueError,
     "`strides > 1` not supported in conjunction with `dilation_rate > 1`"),
    (lambda: nn.conv2d_transpose(f32(2, 5, 5, 3), f32(3, 3, 2, 4), [2, 11, 11, 2], 2, "VALID"), IAE,
     "filter and out_backprop must have the same out_depth"),
    (lambda: nn.conv2d_transpose(f32(2, 5, 5, 3), f32(3, 3, 2, 3), [2, 13, 13, 2], 2, "VALID"), IAE,
     "out_backprop has shape [2,5,5,3] but the convolution computes [2,6,6,3]"),
    (lambda: nn.depthwise_conv2d(f32(2, 5, 5, 3), f32(3, 3, 2, 2), [1, 1, 1, 1], "SAME"), IAE,
     "input and filter must have the same depth: 3 vs 2"),
    (lambda: nn.depthwise_conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 2), 1, "SAME"), TypeError,
     "Expected list for 'strides' argument"),
    (lambda: nn.depthwise_conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 2), [1, 2, 1, 1], "SAME"), IAE,
     "only supports equal length strides in the row and column dimensions"),
    (lambda: nn.depthwise_conv2d(f32(2, 5, 5, 3), f32(3, 3, 3, 2), [1, 2, 2, 1], "SAME", dilations=[2, 2]),
     ValueError, "When dilation rate is greater than 1, then all values of strides must be 1"),
    (lambda: nn.max_pool2d(f32(5, 5, 3), 2, 2, "SAME"), IAE,
     "input of shape [5,5,3] is not 4-dimensional [Op:MaxPool]"),
    (lambda: nn.avg_pool2d(f32(5, 5, 3), 2, 2, "SAME"), IAE, "[Op:AvgPool]"),
    (lambda: nn.max_pool2d(f32(1, 5, 5, 3), 2, 2, "FOO"), IAE, "Value for attr 'padding' of \"FOO\""),
    (lambda: nn.max_pool2d(f32(1, 5, 5, 3), 0, 1, "VALID"), IAE,
     "Sliding window ksize must be positive. The specified or inferred ksize is: 1,0,0,1"),
    (lambda: nn.max_pool2d(f32(1, 5, 5, 3), 2, 0, "VALID"), IAE, "Stride must be > 0, but got 0"),
    (lambda: nn.max_pool2d(f32(1, 5, 5, 3), [2, 2, 2], 2, "VALID"), ValueError, "ksize should be of length 1, 2 or 4"),
    (lambda: nn.max_pool2d(f32(1, 5, 5, 3), 2, [2, 2, 2, 1], "VALID"), tf.errors.UnimplementedError,
     "Pooling is not yet supported on the batch dimension."),
    (lambda: nn.max_pool2d(f32(1, 3, 5, 5), 2, 2, "SAME", data_format="NCHW"), IAE,
     "Default MaxPoolingOp only supports NHWC on device type CPU"),
    (lambda: nn.avg_pool2d(np.ones((1, 4, 4, 1), np.int32), 2, 2, "VALID"), IAE,
     "Value for attr 'T' of int32 is not in the list of allowed values: half, bfloat16, float, double"),
    (lambda: nn.avg_pool2d(f32(1, 5, 5, 3), 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]), TypeError,
     "Expected string for argument 'padding'"),
    (lambda: nn.max_pool(f32(4, 1), 2, 2, "VALID"), ValueError, "`input.shape.rank` must be 3, 4 or 5"),
]


@pytest.mark.parametrize("i", range(len(EAGER_ERRORS)))
def test_eager_errors(i):
    f, exc, fragment = EAGER_ERRORS[i]
    with pytest.raises(exc) as info:
        f()
    assert fragment in str(info.value)


def test_graph_errors_are_value_errors():
    g = Graph()
    with g.as_default():
        p3 = g.placeholder(tf.float32, [5, 5, 3])
        p = g.placeholder(tf.float32, [None, 5, 5, 3])
        w = tf.constant(f32(3, 3, 3, 4))
        with pytest.raises(ValueError, match=r"Shape must be rank 4 but is rank 3 for 'Conv2D' with input "
                                             r"shapes: \[5,5,3\], \[3,3,3,4\]"):
            nn.conv2d(p3, w, 1, "SAME")
        with pytest.raises(ValueError, match=r"Depth of input \(3\) is not a multiple of input depth of filter "
                                             r"\(2\) for 'Conv2D' with input shapes: \[\?,5,5,3\], \[3,3,2,4\]"):
            nn.conv2d(p, tf.constant(f32(3, 3, 2, 4)), 1, "SAME")
        with pytest.raises(ValueError, match=r"Depth of output \(3\) is not a multiple of the number of groups \(2\)"):
            nn.conv2d(g.placeholder(tf.float32, [None, 5, 5, 4]), tf.constant(f32(3, 3, 2, 3)), 1, "SAME")
        with pytest.raises(ValueError, match="Attr 'padding' of 'Conv2D' Op passed string 'FOO' not in"):
            nn.conv2d(p, w, 1, "FOO")
        with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 7 from 5"):
            nn.conv2d(p, tf.constant(f32(7, 7, 3, 4)), 1, "VALID")
        with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3 for 'MaxPool'"):
            nn.max_pool2d(p3, 2, 2, "SAME")
        with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 7 from 5 for 'AvgPool'"):
            nn.avg_pool2d(p, 7, 2, "VALID")
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2 for 'DepthwiseConv2dNative'"):
            nn.depthwise_conv2d(p, tf.constant(f32(3, 3, 2, 2)), [1, 1, 1, 1], "SAME")
        with pytest.raises(ValueError, match="only supports the NHWC tensor format"):
            nn.conv2d(p, w, 1, "SAME", data_format="NCHW")
        with pytest.raises(TypeError, match="Input 'filter' of 'Conv2D' Op has type float64"):
            nn.conv2d(p, tf.constant(r(3, 3, 3, 4)), 1, "SAME")


def test_max_pool_gradient_on_two_threads_equals_one(monkeypatch):
    """Big batches are routed by two threads, each over half the images (update_blocks.split_batch)."""
    from numtf.ops import update_blocks
    x = tf.constant(rng.integers(0, 3, (6, 8, 6, 3)).astype(np.float32))  # many ties: first max wins
    weights = [tf.constant(f32(6, 4, 3, 3)) for _ in range(2)]

    def grads():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = nn.max_pool2d(x, 2, 2, "VALID") * weights[0]
            z = nn.max_pool2d(x, 3, 2, "SAME") * weights[1]  # overlapping windows
        return [g.numpy() for g in tape.gradient([y, z], [x])]
    monkeypatch.setattr(update_blocks, "second_core_free", lambda: False)
    one = grads()
    threads = []
    monkeypatch.setattr(update_blocks, "second_core_free", lambda: True)
    monkeypatch.setattr(update_blocks, "_SPLIT", 1)
    executor = update_blocks._executor()
    submit = executor.submit
    monkeypatch.setattr(executor, "submit", lambda fn, *a: threads.append(a) or submit(fn, *a))
    two = grads()
    assert threads == [(3, 6), (3, 6)]  # the second half of each gradient on the helper thread
    np.testing.assert_array_equal(two[0], one[0])


@pytest.mark.parametrize("cfg", [
    dict(xs=(6, 7, 6, 4), ws=(3, 3, 4, 5), strides=1, padding="SAME"),  # row taps (conv_rows)
    dict(xs=(5, 8, 8, 1), ws=(5, 5, 1, 3), strides=1, padding="SAME"),  # one channel: tap-major im2col
], ids=["row_taps", "one_channel"])
def test_convolutions_on_two_threads_equal_one(cfg, monkeypatch):
    """Big batches: each thread takes half the images (or output positions) with its own
    buffers and one-thread BLAS; forward, filter and input gradients are unchanged."""
    from numtf.ops import update_blocks
    x, w = f32(*cfg["xs"]), f32(*cfg["ws"])
    run = conv_and_gradients(x, w, cfg)
    monkeypatch.setattr(conv_rows, "MIN_DEPTH", 1)
    monkeypatch.setattr(update_blocks, "second_core_free", lambda: False)
    one = run()
    monkeypatch.setattr(update_blocks, "second_core_free", lambda: True)
    monkeypatch.setattr(update_blocks, "_SPLIT", 1)
    executor = update_blocks._executor()
    submit, halves = executor.submit, []
    monkeypatch.setattr(executor, "submit", lambda fn, *a: halves.append(a) or submit(fn, *a))
    for got, want in zip(run(), one):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert len(halves) >= 3  # forward, filter gradient and (row taps) input gradient
