"""tf.nn: activations, softmax, cross-entropies, bias_add, dropout, moments, l2_loss, ...

Golden values (including the numerically extreme ones), gradients at kinks, second derivatives
and error messages were checked in real TensorFlow 2.21."""
import numpy as np
import pytest

import numtf as tf
from numtf.ops import nn_losses
from helpers import check_gradients, check_graph

rng = np.random.default_rng(3)
IAE = tf.errors.InvalidArgumentError
KINKS = [-1., 0., 3., 6., 7.]


def away_from_kinks(shape, kinks=(0.0, 6.0), lo=-3, hi=8):
    x = rng.uniform(lo, hi, shape)
    for k in kinks:
        near = np.abs(x - k) < 0.2
        x[near] += 0.5
    return x


def grad_of(f, *xs):
    ts = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        tape.watch(ts)
        y = f(*ts)
    return [None if g is None else g.numpy() for g in tape.gradient(y, ts)]


def second_order(f):
    """x -> d/dx sum(f(x) * w) computed with a tape, so check_gradients differentiates it again."""
    def first(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        return tape.gradient(y, x, output_gradients=tf.constant(np.linspace(-1, 1, int(np.prod(y.shape))).reshape(y.shape), y.dtype))
    return first


# -- activations -------------------------------------------------------------------------------------
SELU_A, SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
ACTIVATIONS = {  # name: (function, numpy reference)
    "relu": (tf.nn.relu, lambda x: np.maximum(x, 0)),
    "relu6": (tf.nn.relu6, lambda x: np.clip(x, 0, 6)),
    "leaky_relu": (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    "leaky_relu_3": (lambda x: tf.nn.leaky_relu(x, alpha=3.0), lambda x: np.where(x > 0, x, 3 * x)),
    "elu": (tf.nn.elu, lambda x: np.where(x > 0, x, np.expm1(x))),
    "selu": (tf.nn.selu, lambda x: SELU_S * np.where(x > 0, x, SELU_A * np.expm1(x))),
    "gelu": (tf.nn.gelu, None),
    "gelu_tanh": (lambda x: tf.nn.gelu(x, approximate=True),
                  lambda x: 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))),
    "silu": (tf.nn.silu, lambda x: x / (1 + np.exp(-x))),
    "swish_beta": (lambda x: tf.nn.swish(x, beta=2.0), lambda x: x / (1 + np.exp(-2 * x))),
    "softplus": (tf.nn.softplus, lambda x: np.log1p(np.exp(x))),
    "log_sigmoid": (nn_losses.log_sigmoid, lambda x: -np.log1p(np.exp(-x))),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_values_gradients_graph(name):
    fn, ref = ACTIVATIONS[name]
    x = away_from_kinks((3, 4))
    out = fn(x.astype(np.float32))
    assert out.dtype == tf.float32 and out.shape == (3, 4)
    if ref is not None:
        np.testing.assert_allclose(out.numpy(), ref(x), rtol=2e-5, atol=2e-6)
    check_gradients(fn, x)
    check_graph(fn, x.astype(np.float32))


@pytest.mark.parametrize("name", ["relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "gelu_tanh", "silu", "log_sigmoid"])
def test_activation_second_order(name):
    check_gradients(second_order(ACTIVATIONS[name][0]), away_from_kinks((2, 3), lo=-3, hi=5))


def test_activation_gradients_at_kinks_match_tf():
    expected = {
        "relu": [0, 0, 1, 1, 1], "relu6": [0, 0, 1, 0, 0], "leaky_relu": [0.2, 0.2, 1, 1, 1],
        "elu": [0.3678794503211975, 1, 1, 1, 1], "selu": [0.6467685699462891] + [1.0507010221481323] * 4,
    }
    for name, want in expected.items():
        np.testing.assert_allclose(grad_of(getattr(tf.nn, name), KINKS)[0], want, rtol=1e-6)


def test_activation_goldens_and_dtypes():
    assert tf.nn.relu6(KINKS).numpy().tolist() == [0, 0, 3, 6, 6]
    r = tf.nn.relu(tf.constant([-1, 2]))
    assert r.dtype == tf.int32 and r.numpy().tolist() == [0, 2]
    lr = tf.nn.leaky_relu(tf.constant([-1, 2]))
    assert lr.dtype == tf.float32
    np.testing.assert_allclose(lr.numpy(), [-0.2, 2.0])
    np.testing.assert_allclose(tf.nn.gelu([-1., 1.]).numpy(), [-0.15865526, 0.8413447], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.gelu([-1., 1.], approximate=True).numpy(), [-0.158808, 0.841192], rtol=1e-5)
    np.testing.assert_allclose(grad_of(tf.nn.gelu, [0.5, -1.])[0], [0.8674951195716858, -0.08331549167633057], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.selu([-1., 1.]).numpy(), [-1.1113307, 1.050701], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.silu([1., -1.], beta=2.0).numpy(), [0.8807971, -0.11920292], rtol=1e-6)
    np.testing.assert_allclose(nn_losses.log_sigmoid([-1e4, 0., 1e4]).numpy(), [-1e4, -0.6931472, 0.], rtol=1e-6)
    np.testing.assert_allclose(grad_of(nn_losses.log_sigmoid, [-1e4, 0., 1e4])[0], [1., 0.5, 0.], atol=1e-7)


def test_activation_dtype_errors():
    with pytest.raises(IAE, match=r"Value for attr 'T' of int32 is not in the list of allowed values: half, "
                                  r"bfloat16, float, double\n\t; NodeDef: \{\{node Elu\}\} \[Op:Elu\]"):
        tf.nn.elu(tf.constant([-1, 2]))
    with pytest.raises(ValueError, match="`features.dtype` must be a floating point tensor"):
        tf.nn.gelu(tf.constant([-1, 1]))
    with pytest.raises(IAE, match="of int32 is not in the list of allowed values"):
        tf.nn.l2_loss(tf.constant([1, 2]))


# -- softmax, log_softmax, sigmoid ---------------------------------------------------------------------------
def _np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [None, -1, 0, 1])
def test_softmax_log_softmax(axis):
    x = rng.standard_normal((3, 4, 5))
    ax = -1 if axis is None else axis
    s, ls = tf.nn.softmax(x.astype(np.float32), axis=axis), tf.nn.log_softmax(x.astype(np.float32), axis=axis)
    assert s.dtype == ls.dtype == tf.float32
    np.testing.assert_allclose(s.numpy(), _np_softmax(x, ax), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ls.numpy(), np.log(_np_softmax(x, ax)), rtol=1e-5, atol=1e-6)
    check_gradients(lambda t: tf.nn.softmax(t, axis=axis), x)
    check_gradients(lambda t: tf.nn.log_softmax(t, axis=axis), x)
    check_graph(lambda t: tf.nn.softmax(t, axis=axis), x.astype(np.float32))
    check_graph(lambda t: tf.nn.log_softmax(t, axis=axis), x.astype(np.float32))


def test_softmax_sigmoid_second_order():
    x = rng.standard_normal((2, 4))
    check_gradients(second_order(tf.nn.softmax), x)
    check_gradients(second_order(lambda t: tf.nn.softmax(t, axis=0)), x)
    check_gradients(second_order(tf.nn.log_softmax), x)
    check_gradients(second_order(tf.nn.sigmoid), x)
    check_gradients(second_order(tf.nn.tanh), x)
    check_gradients(second_order(second_order(tf.nn.softmax)), x, rtol=1e-4)  # third order


def test_softmax_extremes_and_errors():
    np.testing.assert_allclose(tf.nn.softmax([[1e4, 0.], [1., 1.]], axis=0).numpy(), [[1, 0.26894143], [0, 0.73105854]], rtol=1e-6)
    assert tf.nn.log_softmax([1e4, 0.]).numpy().tolist() == [0, -1e4]
    np.testing.assert_allclose(grad_of(lambda t: tf.nn.softmax(t)[0] * 1.0, [1e4, 0.])[0], [0, 0], atol=1e-30)
    with pytest.raises(IAE, match=r"`dim` must be in the range \[-1, 1\) where 1 is the number of dimensions"):
        tf.nn.softmax([1., 2.], axis=3)
    with pytest.raises(IAE, match="Value for attr 'T' of int32 is not in the list"):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(IAE, match="Input dims must be <= 5 and >=1"):
        tf.nn.softmax(tf.constant(1.))


# -- softmax cross-entropy -------------------------------------------------------------------------------------
def _np_xent(labels, logits, axis=-1):
    return -(labels * np.log(_np_softmax(logits, axis))).sum(axis)


def test_softmax_xent_values_and_gradients():
    logits = rng.standard_normal((4, 5))
    labels = _np_softmax(rng.standard_normal((4, 5)))
    out = tf.nn.softmax_cross_entropy_with_logits(labels.astype(np.float32), logits.astype(np.float32))
    assert out.dtype == tf.float32 and out.shape == (4,)
    np.testing.assert_allclose(out.numpy(), _np_xent(labels, logits), rtol=1e-5)
    check_gradients(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z), labels, logits)
    # TF's logits gradient is softmax - labels: exact only when labels are distributions along the axis.
    labels0 = _np_softmax(rng.standard_normal((4, 5)), axis=0)
    check_gradients(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z, axis=0), labels0, logits)
    check_gradients(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z), labels[:1], logits)  # broadcast
    check_graph(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z), labels.astype(np.float32), logits.astype(np.float32))
    check_graph(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z, axis=0),
                labels.astype(np.float32), logits.astype(np.float32))


def test_softmax_xent_goldens():
    # TF's gradient is softmax - labels even when labels do not sum to 1.
    np.testing.assert_allclose(tf.nn.softmax_cross_entropy_with_logits([0.5, 0.2], [1., 2.]).numpy(), 0.7192831635475159, rtol=1e-6)
    gl, gz = grad_of(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z), [0.5, 0.2], [1., 2.])
    np.testing.assert_allclose(gl, [1.31326162815094, 0.31326165795326233], rtol=1e-6)
    np.testing.assert_allclose(gz, [-0.23105856776237488, 0.5310586094856262], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.softmax_cross_entropy_with_logits([[0., 1.]], [[1., 2.], [3., 4.]]).numpy(),
                               [0.31326166, 0.31326166], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.softmax_cross_entropy_with_logits([[0., 1.], [1., 0.]], [[1., 2.], [3., 4.]], axis=0).numpy(),
                               [0.12692805, 2.126928], rtol=1e-6)


def test_softmax_xent_extreme_logits():
    out = tf.nn.softmax_cross_entropy_with_logits([[0., 1.]], [[1e4, -1e4]])
    assert out.numpy().tolist() == [20000.0]
    gl, gz = grad_of(lambda y, z: tf.nn.softmax_cross_entropy_with_logits(y, z), [0., 1.], [1e4, -1e4])
    assert gl.tolist() == [0.0, 20000.0] and gz.tolist() == [1.0, -1.0]
    big = tf.nn.softmax_cross_entropy_with_logits([[0.5, 0.5, 0.]], [[1e4, 1e4, -1e4]])
    np.testing.assert_allclose(big.numpy(), [0.6931472], rtol=1e-5)


def test_xent_second_order_matches_tf():
    z = tf.constant([[1., 2., 0.5]])
    w = tf.constant([[1., -2., 3.]])
    for loss in (lambda t: tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0.2, 0.5, 0.3]]), t),
                 lambda t: tf.nn.sparse_softmax_cross_entropy_with_logits([1], t)):
        with tf.GradientTape() as outer:
            outer.watch(z)
            with tf.GradientTape() as inner:
                inner.watch(z)
                y = loss(z)
            s = tf.reduce_sum(inner.gradient(y, z) * w)
        np.testing.assert_allclose(outer.gradient(s, z).numpy(), [[0.37113896, -0.87673485, 0.5055959]], rtol=1e-5)
    labels = _np_softmax(rng.standard_normal((3, 4)))
    check_gradients(second_order(lambda t: tf.nn.softmax_cross_entropy_with_logits(tf.constant(labels), t)),
                    rng.standard_normal((3, 4)))
    check_gradients(second_order(lambda t: tf.nn.sparse_softmax_cross_entropy_with_logits([0, 3, 1], t)),
                    rng.standard_normal((3, 4)))


def test_softmax_xent_errors():
    with pytest.raises(IAE, match=r"logits and labels must be broadcastable: logits_size=\[1,3\] labels_size=\[1,2\]"):
        tf.nn.softmax_cross_entropy_with_logits([[0., 1.]], [[1., 2., 3.]])
    with pytest.raises(IAE, match="Value for attr 'T' of int32"):
        tf.nn.softmax_cross_entropy_with_logits([[0, 1]], tf.constant([[1, 2]]))


# -- sparse softmax cross-entropy ---------------------------------------------------------------------------
def test_sparse_xent_values_gradients_graph():
    logits = rng.standard_normal((2, 3, 5))
    labels = rng.integers(0, 5, (2, 3))
    out = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits.astype(np.float32))
    assert out.dtype == tf.float32 and out.shape == (2, 3)
    expected = -np.log(np.take_along_axis(_np_softmax(logits), labels[..., None], -1))[..., 0]
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5)
    check_gradients(lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels, z), logits)
    check_graph(lambda y, z: tf.nn.sparse_softmax_cross_entropy_with_logits(y, z), labels.astype(np.int64), logits.astype(np.float32))
    assert tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1], tf.int64), tf.zeros([1, 3], tf.float64)).dtype == tf.float64


def test_sparse_xent_goldens_and_extremes():
    np.testing.assert_allclose(tf.nn.sparse_softmax_cross_entropy_with_logits(1, tf.zeros([10])).numpy(), 2.3025851249694824, rtol=1e-6)
    out = tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([[1, 2]], tf.int64), [[[1e4, -1e4, 0.], [0., 0., -1e4]]])
    np.testing.assert_allclose(out.numpy(), [[20000., 10000.693]], rtol=1e-6)
    assert grad_of(lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits([1], z), [[1e4, -1e4]])[0].tolist() == [[1.0, -1.0]]


def test_sparse_xent_errors():
    with pytest.raises(IAE, match=r"Received a label value of 10 which is outside the valid range of \[0, 10\)\.  "
                                  r"Label values: 10 1 \[Op:SparseSoftmaxCrossEntropyWithLogits\]"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([10, 1], tf.zeros([2, 10]))
    with pytest.raises(IAE, match=r"Received a label value of -1 which is outside the valid range of \[0, 10\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([1, -1], tf.zeros([2, 10]))
    with pytest.raises(ValueError, match=r"`labels.shape` must equal `logits.shape` except for the last dimension. "
                                         r"Received: labels.shape=\(1,\) and logits.shape=\(2, 10\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([1], tf.zeros([2, 10]))
    with pytest.raises(IAE, match="Value for attr 'Tlabels' of float is not in the list of allowed values: int32, int64"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([1.], tf.zeros([1, 10]))


# -- sigmoid and weighted cross-entropy --------------------------------------------------------------------
def test_sigmoid_xent():
    logits, labels = rng.standard_normal((3, 4)) * 3, rng.uniform(0, 1, (3, 4))
    p = 1 / (1 + np.exp(-logits))
    out = tf.nn.sigmoid_cross_entropy_with_logits(labels.astype(np.float32), logits.astype(np.float32))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), -labels * np.log(p) - (1 - labels) * np.log(1 - p), rtol=1e-5)
    check_gradients(lambda y, z: tf.nn.sigmoid_cross_entropy_with_logits(y, z), labels, logits)
    check_gradients(second_order(lambda z: tf.nn.sigmoid_cross_entropy_with_logits(tf.constant(labels), z)), logits)
    check_graph(lambda y, z: tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z),
                labels.astype(np.float32), logits.astype(np.float32))


def test_sigmoid_xent_extremes_and_errors():
    assert tf.nn.sigmoid_cross_entropy_with_logits([1., 0.], [1e4, 1e4]).numpy().tolist() == [0.0, 10000.0]
    np.testing.assert_allclose(tf.nn.sigmoid_cross_entropy_with_logits(labels=[1., 0.], logits=[-1e4, -3.]).numpy(),
                               [1e4, 4.8587352e-02], rtol=1e-6)
    gl, gz = grad_of(lambda y, z: tf.nn.sigmoid_cross_entropy_with_logits(y, z), [0., 1.], [1e4, -1e4])
    assert gl.tolist() == [-1e4, 1e4] and gz.tolist() == [1.0, -1.0]
    gl, gz = grad_of(lambda y, z: tf.nn.sigmoid_cross_entropy_with_logits(y, z), [0.3, 1.], [0., 0.])
    np.testing.assert_allclose(gz, [0.2, -0.5], rtol=1e-6)
    with pytest.raises(ValueError, match=r"`logits` and `labels` must have the same shape, received \(\(3,\) vs \(2,\)\)"):
        tf.nn.sigmoid_cross_entropy_with_logits([1., 0.], [1., 2., 3.])


def test_weighted_xent():
    np.testing.assert_allclose(tf.nn.weighted_cross_entropy_with_logits([1., 0.], [1., -2.], 2.0).numpy(),
                               [0.6265234, 0.12692809], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.weighted_cross_entropy_with_logits([1., 0.], [1e4, -1e4], 3.0).numpy(), [0, 0], atol=1e-6)
    logits, labels = rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))
    check_gradients(lambda y, z: tf.nn.weighted_cross_entropy_with_logits(y, z, 1.7), labels, logits)
    check_graph(lambda y, z: tf.nn.weighted_cross_entropy_with_logits(y, z, 0.5), labels.astype(np.float32), logits.astype(np.float32))


# -- bias_add, l2_loss ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("data_format,shape,bias", [(None, (2, 3), 3), ("NHWC", (2, 4, 4, 3), 3),
                                                    ("NCHW", (2, 3, 4, 4), 3), ("NCHW", (2, 3), 3), ("NC", (2, 3, 5), 3)])
def test_bias_add(data_format, shape, bias):
    v, b = rng.standard_normal(shape), rng.standard_normal(bias)
    channel = 1 if data_format and data_format.startswith("NC") else len(shape) - 1
    expected = v + b.reshape([-1 if i == channel else 1 for i in range(len(shape))])
    np.testing.assert_allclose(tf.nn.bias_add(v, b, data_format=data_format).numpy(), expected)
    check_gradients(lambda x, y: tf.nn.bias_add(x, y, data_format=data_format), v, b)
    check_graph(lambda x, y: tf.nn.bias_add(x, y, data_format=data_format), v.astype(np.float32), b.astype(np.float32))


def test_bias_add_errors():
    with pytest.raises(IAE, match=r"Must provide as many biases as the last dimension of the input tensor: \[2\] vs\. \[2,3\]"):
        tf.nn.bias_add(tf.ones([2, 3]), [1., 2.])
    with pytest.raises(IAE, match=r"Input tensor must be at least 2D: \[3\]"):
        tf.nn.bias_add(tf.ones([3]), [1., 2., 3.])
    with pytest.raises(IAE, match=r"Biases must be 1D: \[1,3\]"):
        tf.nn.bias_add(tf.ones([2, 3]), [[1., 2., 3.]])


def test_l2_loss():
    out = tf.nn.l2_loss([1., 2.])
    assert out.dtype == tf.float32 and out.numpy() == 2.5
    check_gradients(tf.nn.l2_loss, rng.standard_normal((3, 4)))
    check_graph(tf.nn.l2_loss, rng.standard_normal((3, 4)).astype(np.float32))


# -- dropout --------------------------------------------------------------------------------------------------
def test_dropout_scales_and_drops():
    x = tf.ones([200, 100])
    y = tf.nn.dropout(x, rate=0.25)
    v = y.numpy()
    assert y.dtype == tf.float32
    assert set(np.unique(v).tolist()) <= {0.0, np.float32(1 / 0.75)}
    assert abs((v == 0).mean() - 0.25) < 0.02
    assert tf.nn.dropout(x, rate=0.0) is x
    rows = tf.nn.dropout(tf.ones([50, 8]), rate=0.5, noise_shape=[50, 1]).numpy()
    assert (rows == rows[:, :1]).all() and 0 < (rows[:, 0] == 0).sum() < 50
    rows = tf.nn.dropout(tf.ones([50, 8]), rate=0.5, noise_shape=[None, 1]).numpy()
    assert (rows == rows[:, :1]).all()
    t = tf.nn.dropout(tf.ones([100]), rate=tf.constant(0.5)).numpy()
    assert set(np.unique(t).tolist()) <= {0.0, 2.0}


def test_dropout_gradient_uses_the_same_mask():
    x = tf.constant(rng.standard_normal((20, 10)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.dropout(x, rate=0.4)
    g = tape.gradient(y, x).numpy()
    kept = y.numpy() != 0
    np.testing.assert_allclose(g[kept], 1 / 0.6, rtol=1e-6)
    assert (g[~kept] == 0).all()


def test_dropout_graph_and_errors():
    check_graph(lambda t: tf.nn.dropout(t, rate=0.0), np.ones((2, 3), np.float32))
    from numtf.graph.graph import Graph, run
    g = Graph()
    with g.as_default():
        ph = g.placeholder(tf.float32, [4, 5])
        y = tf.nn.dropout(ph, rate=0.5)
    assert y.shape == (4, 5) and y.dtype == tf.float32
    assert set(np.unique(run(g, [y], {ph: np.ones((4, 5), np.float32)})[0]).tolist()) <= {0.0, 2.0}
    with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the range \[0, 1\)"):
        tf.nn.dropout(tf.ones([4]), rate=1.0)
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor as `x` will be scaled"):
        tf.nn.dropout(tf.constant([1, 2]), rate=0.5)


# -- moments, batch_normalization, average losses --------------------------------------------------------------
def test_moments():
    m, v = tf.nn.moments(tf.constant([[1., 2.], [3., 5.]]), axes=[0])
    assert m.numpy().tolist() == [2.0, 3.5] and v.numpy().tolist() == [1.0, 2.25]
    m, v = tf.nn.moments(tf.constant([[1., 2.], [3., 5.]]), axes=[0, 1], keepdims=True)
    assert m.shape == v.shape == (1, 1) and m.numpy()[0, 0] == 2.75 and v.numpy()[0, 0] == 2.1875
    m, v = tf.nn.moments(tf.constant([[1, 2], [3, 5]]), axes=[0])
    assert m.dtype == tf.int32 and m.numpy().tolist() == [2, 3] and v.numpy().tolist() == [1, 2]
    x = rng.standard_normal((4, 3, 2))
    check_gradients(lambda t: tf.nn.moments(t, axes=[0, 2]), x)
    check_graph(lambda t: tf.nn.moments(t, axes=[0, 1]), x.astype(np.float32))


def test_batch_normalization():
    x, mean, var = rng.standard_normal((4, 3)), rng.standard_normal(3), rng.uniform(0.5, 2, 3)
    offset, scale = rng.standard_normal(3), rng.standard_normal(3)
    expected = (x - mean) / np.sqrt(var + 1e-3) * scale + offset
    out = tf.nn.batch_normalization(x, mean, var, offset, scale, 1e-3)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-10)
    check_gradients(lambda *ts: tf.nn.batch_normalization(*ts, 1e-3), x, mean, var, offset, scale)
    assert tf.nn.batch_normalization(tf.constant([2.]), 1., 4., None, None, 0.).numpy().tolist() == [0.5]


def test_average_losses():
    assert tf.nn.compute_average_loss([1., 3.]).numpy() == 2.0
    assert tf.nn.compute_average_loss([1., 3.], sample_weight=[1., 0.], global_batch_size=4).numpy() == 0.25
    assert tf.nn.compute_average_loss([[1., 3.], [2., 2.]]).numpy() == 4.0
    assert tf.nn.scale_regularization_loss([1., 2.]).numpy() == 3.0


# -- embedding_lookup, softsign ---------------------------------------------------------------------------------
def test_embedding_lookup():
    params = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    assert tf.nn.embedding_lookup(params, [2, 0]).numpy().tolist() == [[5, 6], [1, 2]]
    assert tf.nn.embedding_lookup(params, [[1], [0]]).shape == (2, 1, 2)
    # A list of params is a 'div'-sharded table; a nested Python list is such a list (as in TF).
    assert tf.nn.embedding_lookup([[1., 2.], [3., 4.]], [1, 0, 1]).numpy().tolist() == [2, 1, 2]
    shards = [tf.constant([[1., 2.]]), tf.constant([[3., 4.], [5., 6.]])]
    assert tf.nn.embedding_lookup(shards, [2, 0]).numpy().tolist() == [[5, 6], [1, 2]]
    check_gradients(lambda p: tf.nn.embedding_lookup(p, [[0, 2], [2, 2]]), rng.standard_normal((3, 4)))
    with pytest.raises(IAE, match=r"indices\[0\] = 3 is not in \[0, 3\)"):
        tf.nn.embedding_lookup(params, [3])


def test_embedding_lookup_max_norm_matches_tf():
    p = tf.constant([[3., 4.], [0.3, 0.4], [0., 0.]])
    with tf.GradientTape() as tape:
        tape.watch(p)
        y = tf.nn.embedding_lookup(p, [[0, 1], [2, 0]], max_norm=1.0)
    np.testing.assert_allclose(y.numpy(), [[[0.6, 0.8], [0.3, 0.4]], [[0, 0], [0.6, 0.8]]], rtol=1e-6)
    np.testing.assert_allclose(tf.convert_to_tensor(tape.gradient(y, p)).numpy(),
                               [[0.06399998, -0.04800001], [1, 1], [1, 1]], rtol=1e-5)


def test_softsign():
    assert tf.nn.softsign([1., -3.]).numpy().tolist() == [0.5, -0.75]
    x = rng.standard_normal((3, 4)) * 3
    check_gradients(tf.nn.softsign, x)
    check_gradients(second_order(tf.nn.softsign), away_from_kinks((2, 3), kinks=(0.0,)))
    check_graph(tf.nn.softsign, x.astype(np.float32))
    with pytest.raises(IAE, match="Value for attr 'T' of int32"):
        tf.nn.softsign(tf.constant([1]))


def test_gradients_in_graphs_of_unknown_rank():
    from numtf.graph.graph import Graph, run
    from numtf.autodiff.backprop import backward
    z, lab = rng.standard_normal((3, 4)).astype(np.float32), np.array([0, 1, 3], np.int32)
    y = _np_softmax(rng.standard_normal((3, 4))).astype(np.float32)
    losses = [lambda z, y, lab: tf.nn.softmax_cross_entropy_with_logits(y, z),
              lambda z, y, lab: tf.nn.sparse_softmax_cross_entropy_with_logits(lab, z),
              lambda z, y, lab: tf.nn.softmax(z) * y, lambda z, y, lab: tf.nn.log_softmax(z) * y,
              lambda z, y, lab: tf.nn.sigmoid_cross_entropy_with_logits(y, z), lambda z, y, lab: tf.nn.elu(z) * y]
    for loss in losses:
        g = Graph()
        with g.as_default():
            pz, py, pl = g.placeholder(tf.float32, None), g.placeholder(tf.float32, None), g.placeholder(tf.int32, None)
            out = tf.reduce_sum(loss(pz, py, pl))
            grads = backward(g.nodes, [out], [tf.ones_like(out)], [pz])
        got = run(g, grads, {pz: z, py: y, pl: lab})[0]
        np.testing.assert_allclose(got, grad_of(lambda t: tf.reduce_sum(loss(t, tf.constant(y), lab)), z)[0], rtol=1e-5)


def test_relu6_gradient_of_big_arrays_in_blocks_is_the_same():
    """Big relu6 gradients run block by block in cache: the same values (edges 0 and 6 give 0)."""
    from numtf.ops.nn_ops import _BLOCK
    rng = np.random.default_rng(0)
    x = ((rng.random((17, 4, _BLOCK // 4)) - 0.3) * 10).astype(np.float32)
    x.reshape(-1)[:4] = [0.0, 6.0, 5.999, 1e-7]
    v = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(v)
        y = tf.nn.relu6(v) * 3.0
    grad = tape.gradient(y, v).numpy()
    np.testing.assert_array_equal(grad, np.where((x > 0) & (x < 6), 3.0, 0.0).astype(np.float32))
    assert grad.reshape(-1)[:4].tolist() == [0.0, 0.0, 3.0, 3.0]
