"""Fused product + bias + relu ops (_FusedConv2D, _FusedMatMul) and BiasAddGrad: the same values
and gradients as the separate ops (first and second order), float64 finite differences, graph
shape rules, and the Keras layers that use them eagerly."""
import numpy as np
import pytest

import numtf as tf
from numtf.ops import conv_ops, fused_ops, nn_ops
from helpers import check_gradients, check_graph

rng = np.random.default_rng(3)
CONV = conv_ops._conv_attrs("Conv2D", 1, "SAME", None, "NHWC", True)
CONV_S2 = conv_ops._conv_attrs("Conv2D", 2, "VALID", None, "NHWC", True)


def separate_conv(x, w, b, activation, attrs):
    y = tf.nn.bias_add(tf.nn.conv2d(x, w, attrs["strides"], attrs["padding"]), b)
    return tf.nn.relu(y) if activation == "relu" else y


def separate_matmul(x, w, b, activation):
    y = tf.nn.bias_add(tf.matmul(x, w), b)
    return tf.nn.relu(y) if activation == "relu" else y


@pytest.mark.parametrize("activation", [None, "relu"])
@pytest.mark.parametrize("attrs", [CONV, CONV_S2])
def test_fused_conv2d_matches_separate_ops_and_finite_differences(activation, attrs):
    x, w, b = rng.standard_normal((2, 6, 5, 3)), rng.standard_normal((3, 3, 3, 4)), rng.standard_normal(4)
    fused = fused_ops.fused_conv2d(tf.constant(x), tf.constant(w), tf.constant(b), activation, attrs)
    np.testing.assert_allclose(fused.numpy(), separate_conv(x, w, b, activation, attrs).numpy(), rtol=1e-12)
    check_gradients(lambda x, w, b: fused_ops.fused_conv2d(x, w, b, activation, attrs), x, w, b)


@pytest.mark.parametrize("activation", [None, "relu"])
def test_fused_matmul_matches_separate_ops_and_finite_differences(activation):
    x, w, b = rng.standard_normal((5, 3)), rng.standard_normal((3, 4)), rng.standard_normal(4)
    fused = fused_ops.fused_matmul(tf.constant(x), tf.constant(w), tf.constant(b), activation)
    np.testing.assert_allclose(fused.numpy(), separate_matmul(x, w, b, activation).numpy(), rtol=1e-12)
    check_gradients(lambda x, w, b: fused_ops.fused_matmul(x, w, b, activation), x, w, b)


def test_fused_second_order_gradients_match_separate_ops():
    x, w, b = (tf.Variable(rng.standard_normal(s)) for s in ((4, 3), (3, 2), (2,)))

    def second(fn):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = tf.reduce_sum(fn(*map(tf.convert_to_tensor, (x, w, b)), None) ** 3)
            gx, gw, gb = inner.gradient(y, [x, w, b])
            z = tf.reduce_sum(gx * gx) + tf.reduce_sum(gw) + tf.reduce_sum(gb * gb)
        return [g.numpy() for g in outer.gradient(z, [x, w, b])]

    for got, want in zip(second(fused_ops.fused_matmul), second(separate_matmul)):
        np.testing.assert_allclose(got, want, rtol=1e-10)


def test_fused_ops_in_graphs_infer_shapes_and_run():
    x, w, b = rng.standard_normal((2, 6, 5, 3)), rng.standard_normal((3, 3, 3, 4)), rng.standard_normal(4)
    check_graph(lambda x, w, b: fused_ops.fused_conv2d(x, w, b, "relu", CONV_S2), x, w, b)
    check_graph(lambda x, w, b: fused_ops.fused_matmul(x, w, b, "relu"), x[0, 0], w[0, 0], b)


def test_fused_conv2d_errors_name_conv2d():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Conv2D"):
        fused_ops.fused_conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 1]), tf.ones([1]), None, CONV)


@pytest.mark.parametrize("shape,channels_first", [((7, 3), False), ((2, 5, 4, 3), False), ((2, 3, 4, 5), True),
                                                  ((6, 4), True)])
def test_bias_add_grad_sums_all_but_the_channel_axis(shape, channels_first):
    g = rng.standard_normal(shape).astype(np.float32)
    keep = 1 if channels_first else len(shape) - 1
    want = g.astype(np.float64).sum(axis=tuple(a for a in range(len(shape)) if a != keep))
    got = nn_ops.bias_add_grad(tf.constant(g), channels_first)
    assert got.dtype == tf.float32 and got.shape == want.shape
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-5)
    check_gradients(lambda g: nn_ops.bias_add_grad(g, channels_first), g.astype(np.float64))
    check_graph(lambda g: nn_ops.bias_add_grad(g, channels_first), g)


def test_bias_add_grad_of_int_and_half_tensors_and_rank_error():
    assert nn_ops.bias_add_grad(tf.ones([3, 2], tf.int32)).numpy().tolist() == [3, 3]
    assert nn_ops.bias_add_grad(tf.ones([3, 2], tf.float16)).dtype == tf.float16
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Input tensor must be at least 2D: \[3\] \[Op:BiasAddGrad\]"):
        nn_ops.bias_add_grad(tf.ones([3]))


def recorded_ops(layer, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
    return [r.op.name for r in tape._records if r.op.name != "TapeVariableRead"], y


@pytest.mark.parametrize("activation,fused", [("relu", True), (tf.nn.relu, True), (None, True),
                                              ("tanh", False)])
def test_keras_dense_and_conv2d_fuse_eagerly_with_relu_or_no_activation(activation, fused):
    x = tf.constant(rng.standard_normal((2, 6, 6, 3)).astype(np.float32))
    conv = tf.keras.layers.Conv2D(4, 3, padding="same", activation=activation)
    names, y = recorded_ops(conv, x)
    assert (names == ["_FusedConv2D"]) == fused
    np.testing.assert_allclose(y.numpy(), conv.activation(tf.nn.bias_add(
        tf.nn.conv2d(x, conv.kernel, 1, "SAME"), conv.bias)).numpy(), rtol=1e-5, atol=1e-6)
    dense = tf.keras.layers.Dense(5, activation=activation)
    names, y = recorded_ops(dense, x[:, 0, 0])
    assert (names == ["_FusedMatMul"]) == fused
    np.testing.assert_allclose(y.numpy(), dense.activation(x[:, 0, 0] @ dense.kernel + dense.bias).numpy(),
                               rtol=1e-5, atol=1e-6)


def test_keras_layers_keep_tf_op_names_in_graphs():
    inputs = tf.keras.Input((4,))
    assert tf.keras.layers.Dense(3, activation="relu")(inputs).name.endswith("Relu:0")
    without_bias = tf.keras.layers.Dense(3, activation="relu", use_bias=False)
    names, _ = recorded_ops(without_bias, tf.ones([2, 4]))
    assert names == ["MatMul", "Relu"]


# -- a max pool over a relu's output masks the gradient in its own (smaller) space -------------------
def relu_conv_then_pool(x, w, b, fused=True):
    """Conv2D+relu (fused, as the Keras layer runs it eagerly, or separate ops) then a 2x2 max pool.
    The bias is very negative for half the channels: many windows are all zero."""
    w, b = tf.convert_to_tensor(w), tf.convert_to_tensor(b)  # (the fused op takes tensors)
    y = (fused_ops.fused_conv2d(x, w, b, "relu", CONV) if fused else separate_conv(x, w, b, "relu", CONV))
    return y, tf.nn.max_pool2d(y, 2, 2, "VALID")


def pool_case():
    x, w = rng.standard_normal((3, 6, 4, 2)), rng.standard_normal((3, 3, 2, 4))
    b = np.array([0.3, -50.0, 0.0, -50.0])
    return tf.constant(x), tf.Variable(w), tf.Variable(b), tf.constant(rng.standard_normal((3, 3, 2, 4)))


def test_pool_over_relu_output_gives_the_separate_ops_gradients(monkeypatch):
    x, w, b, g = pool_case()
    relu_grads = []
    kernel = nn_ops.RELU_GRAD.kernel
    monkeypatch.setattr(nn_ops.RELU_GRAD, "kernel", lambda g, y: relu_grads.append(g.shape) or kernel(g, y))
    grads = {}
    for fused in (True, False):
        for second_consumer in (False, True):
            relu_grads.clear()
            with tf.GradientTape() as tape:
                tape.watch(x)
                y, p = relu_conv_then_pool(x, w, b, fused)
                loss = tf.reduce_sum(p * g) + (tf.reduce_sum(y[:, :1] ** 2) if second_consumer else 0)
            grads[fused, second_consumer] = [t.numpy() for t in tape.gradient(loss, [x, w, b])]
            if fused:  # the relu mask is applied to the pooled gradient, then once more only if y's
                # gradient is a sum
                assert relu_grads == [(3, 3, 2, 4)] + [(3, 6, 4, 4)] * second_consumer
    for second_consumer in (False, True):
        for got, want in zip(grads[True, second_consumer], grads[False, second_consumer]):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_gradient_for_the_relu_output_itself_is_the_exact_one():
    """Asked for as a source, the relu's output gets TF's max-pool gradient: a window of zeros
    sends its gradient to its first element (the masked shortcut would send nothing)."""
    x, w, b, g = pool_case()
    with tf.GradientTape() as tape:
        y, p = relu_conv_then_pool(x, w, b)
        loss = tf.reduce_sum(p * g)
    dy, dw = tape.gradient(loss, [y, w])
    plain = tf.constant(y.numpy())  # the same values, not marked as a relu's output
    with tf.GradientTape() as tape:
        tape.watch(plain)
        loss = tf.reduce_sum(tf.nn.max_pool2d(plain, 2, 2, "VALID") * g)
    np.testing.assert_array_equal(dy.numpy(), tape.gradient(loss, plain).numpy())
    assert np.any(dy.numpy()[:, 0::2, 0::2, 1] != 0)  # the all-zero channel still routes to first elements
    with tf.GradientTape() as tape:
        y, p = relu_conv_then_pool(x, w, b, fused=False)
        loss = tf.reduce_sum(p * g)
    np.testing.assert_allclose(dw.numpy(), tape.gradient(loss, w).numpy(), rtol=1e-12)


def test_pool_over_relu_output_second_order_matches_separate_ops():
    x, w, b, g = pool_case()

    def second(fused):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                _, p = relu_conv_then_pool(x, w, b, fused)
                loss = tf.reduce_sum(p * p * g)
            gw = inner.gradient(loss, w)
            z = tf.reduce_sum(gw * gw)
        return outer.gradient(z, [w, b])

    for got, want in zip(second(True), second(False)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-10, atol=1e-12)
