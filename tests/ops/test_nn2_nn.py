"""tf.nn composites and pooling of this area: crelu, lrn, zero_fraction, sufficient_statistics,
normalize_moments, weighted_moments, log_poisson_loss, batch_norm_with_global_normalization,
max_pool_with_argmax, pool (N-D, dilated), conv_transpose, atrous_conv2d_transpose,
dilation2d and erosion2d.

Values, gradients and errors were recorded from TF 2.21 (tests/golden/nn2.npz, made by
tools/make_nn2_golden.py); gradients are also checked by central differences in float64."""
import numpy as np
import pytest

import numtf
from numtf.ops import nn_ops3
from helpers import check_gradients, check_graph
from _nn2_golden import CASES, run_case, check_error, tf

rng = np.random.default_rng(5)
F32 = {"lrn", "lrn_params", "argmax_int32", "pool_3d", "nce_loss_keep"}
NN_CASES = ["crelu", "crelu_axis0", "lrn", "lrn_params", "zero_fraction", "zero_fraction_int", "sufficient_statistics",
            "sufficient_statistics_shift", "normalize_moments", "normalize_moments_noshift", "weighted_moments",
            "weighted_moments_keep", "weighted_moments_zero", "log_poisson", "log_poisson_full", "bn_global",
            "bn_global_noscale", "argmax_same", "argmax_batch", "argmax_int32", "argmax_ties", "pool_max_dilated",
            "pool_avg_dilated_valid", "pool_avg_same", "pool_max_strided", "pool_1d", "pool_1d_dilated", "pool_3d",
            "conv_transpose_2d", "conv_transpose_1d", "conv_transpose_3d", "atrous_transpose_same",
            "atrous_transpose_valid", "dilation2d_same", "dilation2d_rate", "dilation2d_same_strided", "erosion2d",
            "erosion2d_rate"]
NN_ERRORS = ["log_poisson_shape", "lrn_rank", "pool_dilated_same", "pool_dilation_stride", "pool_type",
             "dilation2d_depth"]


def test_docstring_examples():
    import doctest
    import importlib
    for m in ("space_ops", "partition_ops", "nn_ops3", "pool_ops2", "fractional_pool_ops", "ctc_ops", "sampling_ops",
              "embedding_ops"):
        mod = importlib.import_module("numtf.ops." + m)
        result = doctest.testmod(mod, extraglobs={"tf": tf}, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, m


def distinct(*shape):
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.37 - n * 0.15).reshape(shape)


@pytest.mark.parametrize("name", NN_CASES)
def test_matches_tf(name):
    if name in F32:
        run_case(name, rtol=2e-5, atol=2e-6)
    else:
        run_case(name, rtol=1e-10, atol=1e-12)
    assert CASES[name]["n_out"] >= 1


@pytest.mark.parametrize("name", NN_ERRORS)
def test_errors_match_tf(name):
    check_error(name)


# -- composites --------------------------------------------------------------------------------------
def test_composite_gradients_by_finite_differences():
    check_gradients(lambda x: tf.nn.crelu(x, axis=0), rng.standard_normal((3, 4)) + 0.05)
    check_gradients(lambda x: nn_ops3._lrn(x, 2, 0.5, 0.3, 0.75), rng.standard_normal((1, 2, 2, 6)))
    check_gradients(lambda x, s: tf.nn.sufficient_statistics(x, [0, 2], shift=s, keepdims=True)[1:3],
                    rng.standard_normal((2, 3, 2)), np.array(0.3))
    check_gradients(lambda m, v, s: tf.nn.normalize_moments(tf.constant(5.0, tf.float64), m, v, s),
                    rng.standard_normal(3), rng.random(3) + 2, np.array(0.1))
    check_gradients(lambda x, w: tf.nn.weighted_moments(x, [1], w), rng.standard_normal((2, 4)),
                    rng.random(4) + 0.5)
    check_gradients(lambda t, li: tf.nn.log_poisson_loss(t, li, compute_full_loss=True),
                    np.array([0.3, 1.5, 2.0, 4.0]), rng.standard_normal(4), wrt=[1])
    check_gradients(lambda x, m, v, b, g: tf.nn.batch_norm_with_global_normalization(x, m, v, b, g, 1e-3, True),
                    rng.standard_normal((2, 3)), rng.standard_normal(3), rng.random(3) + 0.5, rng.standard_normal(3),
                    rng.standard_normal(3))


def test_composites_match_definitions_and_graph():
    x = rng.standard_normal((2, 3)).astype(np.float32)
    assert tf.nn.crelu(x).shape == (2, 6)
    check_graph(lambda t: tf.nn.crelu(t), x)
    check_graph(lambda t: tf.nn.lrn(t, 1), rng.standard_normal((1, 2, 2, 5)).astype(np.float32))
    m, v = tf.nn.moments(tf.constant(x), [0])
    c, ms, vs, _ = tf.nn.sufficient_statistics(x, [0])
    m2, v2 = tf.nn.normalize_moments(c, ms, vs, None)
    np.testing.assert_allclose(m2.numpy(), m.numpy(), rtol=1e-6)
    np.testing.assert_allclose(v2.numpy(), v.numpy(), rtol=1e-4, atol=1e-6)
    wm, wv = tf.nn.weighted_moments(x, [0], np.ones((2, 1), np.float32))
    np.testing.assert_allclose(wm.numpy(), m.numpy(), rtol=1e-6)
    assert tf.nn.zero_fraction(tf.zeros([3], tf.int32)).dtype == tf.float32
    assert tf.nn.lrn is tf.nn.local_response_normalization

    @numtf.function
    def f(t, li):
        c, ms, vs, _ = tf.nn.sufficient_statistics(li, [0])
        return tf.nn.log_poisson_loss(t, li, compute_full_loss=True), c
    lp, cnt = f(np.array([0.5, 3.0], np.float32), np.array([0.1, -0.2], np.float32))
    np.testing.assert_allclose(lp.numpy(), tf.nn.log_poisson_loss([0.5, 3.0], [0.1, -0.2], True).numpy())
    assert float(cnt) == 2.0
    with pytest.raises(TypeError, match="float32"):
        tf.nn.lrn(tf.ones([1, 1, 1, 2], tf.float64))


# -- max_pool_with_argmax ------------------------------------------------------------------------------
def test_argmax_index_convention():
    x = distinct(2, 4, 5, 3)
    v, i = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")
    _, ib = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID", include_batch_in_index=True)
    flat = x.reshape(2, -1)
    for b in range(2):
        np.testing.assert_array_equal(flat[b][i.numpy()[b]], v.numpy()[b])
    np.testing.assert_array_equal(ib.numpy() - i.numpy(), np.broadcast_to(np.arange(2).reshape(2, 1, 1, 1) * 60,
                                                                          i.shape))
    np.testing.assert_array_equal(v.numpy(), tf.nn.max_pool2d(x, 2, 2, "VALID").numpy())
    assert i.dtype == tf.int64


def test_argmax_pool_gradients_and_graph():
    check_gradients(lambda x: tf.nn.max_pool_with_argmax(x, 3, 2, "SAME")[0], distinct(1, 5, 4, 2))
    check_gradients(lambda x: tf.nn.max_pool_with_argmax(x, 2, 1, "VALID", include_batch_in_index=True)[0],
                    distinct(2, 3, 3, 1))
    check_graph(lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, "SAME"), distinct(2, 5, 5, 2).astype(np.float32))
    # The gradient of the gradient w.r.t. the upstream gradient reads the argmax positions back.
    x = tf.constant(distinct(1, 4, 4, 1))
    g = tf.constant(rng.standard_normal((1, 2, 2, 1)))
    with tf.GradientTape() as outer:
        outer.watch(g)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")[0]
        dx = inner.gradient(y, x, output_gradients=g)
        z = tf.reduce_sum(dx * x)
    np.testing.assert_allclose(outer.gradient(z, g).numpy(), y.numpy())
    with pytest.raises(ValueError, match="NHWC"):
        tf.nn.max_pool_with_argmax(x, 2, 2, "VALID", data_format="NCHW")


# -- pool -------------------------------------------------------------------------------------------
def test_pool_dilated_matches_definition_and_gradients():
    x = distinct(1, 7, 6, 2)
    out = tf.nn.pool(x, [2, 2], "MAX", dilations=[2, 3]).numpy()
    ref = np.max([x[:, i * 2:i * 2 + 5, j * 3:j * 3 + 3] for i in range(2) for j in range(2)], axis=0)
    np.testing.assert_array_equal(out, ref)
    check_gradients(lambda t: tf.nn.pool(t, [2, 2], "MAX", dilations=[2, 3]), x)
    check_gradients(lambda t: tf.nn.pool(t, [3], "AVG", dilations=[2]), rng.standard_normal((2, 8, 2)))
    check_graph(lambda t: tf.nn.pool(t, [2, 2], "AVG", dilations=[2, 2]), x.astype(np.float32), unknown_dims=False)
    check_graph(lambda t: tf.nn.pool(t, [2, 2], "MAX", strides=[2, 1], padding="SAME"), x.astype(np.float32))
    with pytest.raises(NotImplementedError, match="channels-last"):
        tf.nn.pool(x, [2, 2], "MAX", data_format="NCHW")


# -- transposed convolutions ---------------------------------------------------------------------------
def test_conv_transpose_family():
    x, w = rng.standard_normal((1, 3, 3, 2)), rng.standard_normal((2, 2, 3, 2))
    np.testing.assert_allclose(tf.nn.conv_transpose(x, w, [1, 6, 6, 3], 2).numpy(),
                               tf.nn.conv2d_transpose(x, w, [1, 6, 6, 3], 2).numpy())
    check_gradients(lambda a, b: tf.nn.atrous_conv2d_transpose(a, b, [1, 3, 3, 3], 2, "SAME"), x, w)
    check_gradients(lambda a, b: tf.nn.conv_transpose(a, b, [1, 7, 3], 2, "VALID"),
                    rng.standard_normal((1, 3, 2)), rng.standard_normal((3, 3, 2)))
    check_graph(lambda a, b: tf.nn.atrous_conv2d_transpose(a, b, [1, 3, 3, 3], 2, "SAME"),
                x.astype(np.float32), w.astype(np.float32), unknown_dims=False)
    with pytest.raises(ValueError, match="length 3, 4 or 5"):
        tf.nn.conv_transpose(x, w, [1, 6], 2)
    with pytest.raises(ValueError, match="rate"):
        tf.nn.atrous_conv2d_transpose(x, w, [1, 3, 3, 3], 0, "SAME")


# -- morphology ----------------------------------------------------------------------------------------
def test_dilation_erosion_definitions_gradients_graph():
    x, f = distinct(1, 5, 6, 2), rng.standard_normal((2, 3, 2))
    out = tf.nn.dilation2d(x, f, [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1]).numpy()
    ref = np.max([x[:, i:i + 4, j:j + 4] + f[i, j] for i in range(2) for j in range(3)], axis=0)
    np.testing.assert_allclose(out, ref)
    ero = tf.nn.erosion2d(x, f, [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1]).numpy()
    ref = np.min([x[:, i:i + 4, j:j + 4] - f[1 - i, 2 - j] for i in range(2) for j in range(3)], axis=0)
    np.testing.assert_allclose(ero, ref)
    check_gradients(lambda a, b: tf.nn.dilation2d(a, b, [1, 2, 1, 1], "SAME", "NHWC", [1, 1, 2, 1]), x, f)
    check_gradients(lambda a, b: tf.nn.erosion2d(a, b, [1, 1, 1, 1], "SAME", "NHWC", [1, 2, 1, 1]), x, f)
    check_graph(lambda a, b: tf.nn.dilation2d(a, b, [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1]),
                x.astype(np.float32), f.astype(np.float32))

    @numtf.function
    def g(a, b):
        return tf.nn.erosion2d(a, b, [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1])
    np.testing.assert_allclose(g(x, f).numpy(), ero)
    with pytest.raises(ValueError, match="Stride"):
        tf.nn.dilation2d(x, f, [2, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1])
