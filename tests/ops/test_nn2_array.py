"""Top-level array ops of this area: space_to_batch(_nd), batch_to_space(_nd), space_to_depth,
depth_to_space, required_space_to_batch_paddings, dynamic_partition, dynamic_stitch,
unravel_index, histogram_fixed_width(_bins), identity_n and tuple.

Values, gradients and errors were recorded from TF 2.21 (tests/golden/nn2.npz, made by
tools/make_nn2_golden.py); gradients are also checked by central differences in float64."""
import numpy as np
import pytest

import numtf
from numtf.graph.graph import Graph
from helpers import check_gradients, check_graph
from _nn2_golden import CASES, run_case, check_error, tf

rng = np.random.default_rng(11)
ARRAY_CASES = ["s2b_2d", "s2b_1d", "s2b_int", "s2b_3block", "s2b_nn", "b2s_2d", "b2s_1d", "s2d", "s2d_3", "d2s",
               "required_paddings", "required_paddings_base", "dynamic_partition", "dynamic_partition_2d",
               "dynamic_partition_empty", "dynamic_stitch", "dynamic_stitch_int", "unravel", "unravel_scalar",
               "histogram", "histogram_i64", "histogram_f64", "histogram_bins", "histogram_bins_2d", "identity_n",
               "tuple"]
ARRAY_ERRORS = ["s2b_not_divisible", "b2s_batch", "s2d_not_divisible", "d2s_depth", "s2b_negative_pad",
                "dynamic_partition_range", "dynamic_partition_shape", "unravel_bounds", "histogram_nbins"]


@pytest.mark.parametrize("name", ARRAY_CASES)
def test_matches_tf(name):
    run_case(name, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ARRAY_ERRORS)
def test_errors_match_tf(name):
    check_error(name)


def test_golden_table_is_complete():
    names = {n for n, c in CASES.items() if n.startswith(("s2b", "b2s", "s2d", "d2s", "dynamic", "unravel",
                                                           "histogram", "required", "identity_n", "tuple"))}
    assert names == set(ARRAY_CASES) | set(ARRAY_ERRORS)


# -- space / batch / depth -------------------------------------------------------------------------
def test_space_batch_gradients_by_finite_differences():
    check_gradients(lambda x: tf.space_to_batch(x, [2, 3], [[1, 0], [2, 1]]), rng.standard_normal((2, 3, 3, 2)))
    check_gradients(lambda x: tf.batch_to_space(x, [2, 2], [[0, 1], [1, 0]]), rng.standard_normal((4, 2, 3, 1)))
    check_gradients(lambda x: tf.nn.space_to_depth(x, 2), rng.standard_normal((1, 4, 2, 3)))
    check_gradients(lambda x: tf.nn.depth_to_space(x, 2), rng.standard_normal((2, 1, 2, 8)))


def test_space_to_batch_and_back_is_identity_and_second_order():
    x = rng.standard_normal((2, 5, 3, 2))
    p, c = tf.required_space_to_batch_paddings([5, 3], [2, 2], [[1, 0], [0, 0]])
    y = tf.batch_to_space_nd(tf.space_to_batch_nd(x, [2, 2], p), [2, 2], c)
    np.testing.assert_array_equal(y.numpy()[:, 1:], x)  # the base padding row stays at the front
    d = tf.nn.depth_to_space(tf.nn.space_to_depth(x[:, :4, :2], 2), 2)
    np.testing.assert_array_equal(d.numpy(), x[:, :4, :2])
    t = tf.constant(x)
    with tf.GradientTape() as outer:
        outer.watch(t)
        with tf.GradientTape() as inner:
            inner.watch(t)
            z = tf.reduce_sum(tf.space_to_batch(t, [2, 2], p) ** 3)
        g = inner.gradient(z, t)
    np.testing.assert_allclose(outer.gradient(g, t).numpy(), 6 * x, rtol=1e-12)


def test_space_ops_graph_shape_rules():
    x = rng.standard_normal((2, 5, 4, 3)).astype(np.float32)
    check_graph(lambda t: tf.space_to_batch(t, [2, 2], [[1, 0], [0, 2]]), x)
    check_graph(lambda t: tf.batch_to_space(t, [2, 1], [[1, 0], [0, 0]]), x)
    check_graph(lambda t: tf.nn.space_to_depth(t, 2), x[:, :4])
    check_graph(lambda t: tf.nn.depth_to_space(t, 1 + 1), np.zeros((1, 2, 2, 8), np.float32))

    @numtf.function
    def f(t):
        return tf.space_to_batch(t, [2, 2], [[1, 0], [0, 2]]) * 2.0
    np.testing.assert_array_equal(f(x).numpy(), 2 * tf.space_to_batch(x, [2, 2], [[1, 0], [0, 2]]).numpy())


def test_space_ops_argument_errors():
    with pytest.raises(NotImplementedError, match="NHWC"):
        tf.nn.space_to_depth(np.zeros((1, 2, 2, 4), np.float32), 2, data_format="NCHW")
    with pytest.raises(ValueError, match="block_size"):
        tf.nn.depth_to_space(np.zeros((1, 2, 2, 4), np.float32), 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="paddings should have shape"):
        tf.space_to_batch(np.zeros((1, 4, 4, 1), np.float32), [2, 2], [[0, 0]])
    g = Graph()
    with g.as_default():
        ph = g.placeholder(tf.float32, [1, 3, 1])
        with pytest.raises(ValueError, match="padded_shape"):  # graph building reports it as a ValueError
            tf.space_to_batch(ph, [2], [[0, 0]])


# -- partition / stitch ----------------------------------------------------------------------------
def test_dynamic_partition_and_stitch_gradients():
    parts = np.array([1, 0, 2, 1, 1], np.int32)
    check_gradients(lambda d: numtf.add_n([tf.reduce_sum(p * (k + 1.0)) for k, p in
                                            enumerate(tf.dynamic_partition(d, parts, 3))]) * d[0, 0],
                    rng.standard_normal((5, 2)))
    check_gradients(lambda a, b: tf.dynamic_stitch([[0, 3], [1, 2]], [a, b]), rng.standard_normal((2, 3)),
                    rng.standard_normal((2, 3)))


def test_dynamic_stitch_later_index_wins_like_tf():
    out = tf.dynamic_stitch([[0, 1], [1]], [[1.0, 2.0], [9.0]])
    assert out.numpy().tolist() == [1.0, 9.0]
    # Inverse of dynamic_partition (TF's documented round trip).
    x = rng.standard_normal((6, 2))
    p = np.array([1, 0, 1, 2, 0, 2], np.int32)
    idx = tf.dynamic_partition(np.arange(6, dtype=np.int32), p, 3)
    np.testing.assert_array_equal(tf.dynamic_stitch(idx, tf.dynamic_partition(x, p, 3)).numpy(), x)


def test_partition_stitch_in_tf_function():
    @numtf.function
    def f(d, p):
        a, b = tf.dynamic_partition(d, p, 2)
        assert a.shape.as_list() == [None, 2]
        return tf.dynamic_stitch([tf.constant([1]), tf.constant([0])], [b[:1], a[:1]])
    d = np.arange(8.0).reshape(4, 2).astype(np.float32)
    out = f(d, np.array([0, 1, 1, 0], np.int32))
    np.testing.assert_array_equal(out.numpy(), [[0.0, 1.0], [2.0, 3.0]])


def test_partition_argument_errors():
    with pytest.raises(TypeError, match="int32"):
        tf.dynamic_partition([1.0], np.array([0], np.int64), 1)
    with pytest.raises(ValueError, match="num_partitions"):
        tf.dynamic_partition([1.0], [0], 0)
    with pytest.raises(ValueError, match="length"):
        tf.dynamic_stitch([[0]], [[1.0], [2.0]])


# -- unravel / histograms / identity_n / tuple ---------------------------------------------------------
def test_unravel_histogram_graph_and_no_gradient():
    check_graph(lambda i: tf.unravel_index(i, [3, 4]), np.array([1, 11, 5], np.int32))
    check_graph(lambda v: tf.histogram_fixed_width_bins(v, [0.0, 1.0], nbins=4), rng.random(6).astype(np.float32))

    @numtf.function
    def h(v):
        out = tf.histogram_fixed_width(v, [0.0, 1.0], nbins=4)
        assert out.shape.as_list() == [4]
        return out
    v = np.array([0.1, 0.3, 0.3, 0.99, 2.0], np.float32)
    assert h(v).numpy().tolist() == [1, 2, 0, 2]
    x = tf.constant(v)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(tf.histogram_fixed_width_bins(x, [0.0, 1.0], nbins=4), tf.float32)
    assert tape.gradient(y, x) is None  # integer bin indices: no gradient, as in TF


def test_identity_n_and_tuple():
    a, b = tf.identity_n([tf.constant([1.0, 2.0]), tf.constant(3)])
    assert a.dtype == tf.float32 and b.dtype == tf.int32
    check_gradients(lambda x, y: tf.identity_n([x * 2.0, y]), rng.standard_normal(3), rng.standard_normal(2))
    check_graph(lambda x, y: tf.identity_n([x, y]), np.ones(2, np.float32), np.arange(3, dtype=np.int32))
    t = tf.tuple([tf.constant(1.0), None], control_inputs=[tf.constant(0)])
    assert t[1] is None and float(t[0]) == 1.0
    with pytest.raises(TypeError, match="control_inputs"):
        tf.tuple([tf.constant(1.0)], control_inputs=[3])

    @numtf.function
    def f(x):
        return tf.tuple([x + 1.0, x * 2.0])
    assert [float(v) for v in f(tf.constant(2.0))] == [3.0, 4.0]


def test_public_names_are_wired():
    import numtf as tf
    from numtf.ops import partition_ops, sampling_ops, space_ops
    for name in ("space_to_batch", "space_to_batch_nd", "batch_to_space", "required_space_to_batch_paddings"):
        assert getattr(tf, name) is getattr(space_ops, name)
    for name in ("dynamic_partition", "dynamic_stitch", "unravel_index", "histogram_fixed_width",
                 "histogram_fixed_width_bins", "identity_n", "tuple"):
        assert getattr(tf, name) is getattr(partition_ops, name)
    assert tf.random.log_uniform_candidate_sampler is sampling_ops.log_uniform_candidate_sampler
    assert tf.nn.space_to_depth is space_ops.space_to_depth and tf.compat.v1.nn.crelu is tf.nn.crelu
    assert tf.compat.v1.batch_to_space_nd is tf.batch_to_space and tf.compat.v1.dynamic_stitch is tf.dynamic_stitch
