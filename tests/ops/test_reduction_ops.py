"""Reductions, argmax/argmin, scans, count_nonzero and segment sums.

Golden values, dtypes, gradients (ties, zeros) and error messages were checked in real
TensorFlow 2.21."""
import numpy as np
import pytest

import numtf as tf
from numtf.ops import reduction_ops as R
from helpers import check_gradients, check_graph

rng = np.random.default_rng(7)
IAE = tf.errors.InvalidArgumentError
X = rng.standard_normal((2, 3, 4))

REDUCTIONS = {  # name: (numtf function, numpy reference)
    "sum": (tf.reduce_sum, np.sum),
    "mean": (tf.reduce_mean, np.mean),
    "max": (tf.reduce_max, np.max),
    "min": (tf.reduce_min, np.min),
    "prod": (tf.reduce_prod, np.prod),
    "logsumexp": (tf.reduce_logsumexp, lambda x, axis, keepdims: np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))),
    "variance": (R.reduce_variance, np.var),
    "std": (R.reduce_std, np.std),
    "euclidean_norm": (R.reduce_euclidean_norm,
                       lambda x, axis, keepdims: np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims))),
}
AXES = [None, 0, -1, [0, 2], (1,), [-1, -3]]


def _np_axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_values_and_dtype(name, axis, keepdims):
    fn, ref = REDUCTIONS[name]
    x = X.astype(np.float32)
    out = fn(x, axis=axis, keepdims=keepdims)
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), ref(X, axis=_np_axis(axis), keepdims=keepdims), rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, True), ([0, 2], False), (-1, False)])
def test_reduction_gradients(name, axis, keepdims):
    fn = REDUCTIONS[name][0]
    x = rng.uniform(0.5, 2.0, (2, 3, 4)) * rng.choice([-1, 1], (2, 3, 4))  # no ties, no zeros
    check_gradients(lambda t: fn(t, axis=axis, keepdims=keepdims), x)


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction_graph(name):
    fn = REDUCTIONS[name][0]
    x = X.astype(np.float32)
    check_graph(lambda t: fn(t, axis=[0, 2]), x)
    check_graph(lambda t: fn(t, axis=-1, keepdims=True), x)
    check_graph(lambda t: fn(t), x)


def test_axis_as_tensor_and_empty_list():
    x = np.arange(6).reshape(2, 3).astype(np.int32)
    assert tf.reduce_sum(x, axis=tf.constant([1], tf.int64)).numpy().tolist() == [3, 12]
    assert tf.reduce_sum(x, axis=tf.constant(0)).numpy().tolist() == [3, 5, 7]
    out = tf.reduce_sum(x, axis=[])
    assert out.shape == (2, 3) and out.numpy().tolist() == x.tolist()


def test_integer_mean_truncates_like_tf():
    assert tf.reduce_mean(tf.constant([-3, -4, 2])).numpy() == -1
    assert tf.reduce_mean(tf.constant([[1, 2], [3, 5]]), axis=1).numpy().tolist() == [1, 4]
    m = tf.reduce_mean(tf.constant([[1, 2]], tf.uint8))
    assert m.dtype == tf.uint8 and m.numpy() == 1
    assert tf.reduce_mean(tf.constant(np.zeros(0, np.int32))).numpy() == 0
    assert np.isnan(tf.reduce_mean(tf.constant(np.zeros(0, np.float32))).numpy())


def test_integer_dtypes_are_kept():
    x = tf.constant([[1, 2], [3, 4]])
    for fn in (tf.reduce_sum, tf.reduce_prod, tf.reduce_max, tf.reduce_min):
        assert fn(x).dtype == tf.int32
    assert tf.reduce_prod(x).numpy() == 24
    assert tf.reduce_sum(tf.constant([2 ** 30, 2 ** 30])).dtype == tf.int32  # wraps like TF, no int64
    assert R.reduce_euclidean_norm(tf.constant([3, 5])).numpy() == 5  # truncated root
    assert R.reduce_euclidean_norm(tf.constant([-3, 4])).dtype == tf.int32


def test_empty_reductions_give_identities():
    assert tf.reduce_max(tf.constant(np.zeros(0, np.float32))).numpy() == -np.inf
    assert tf.reduce_min(tf.constant(np.zeros(0, np.int32))).numpy() == 2 ** 31 - 1
    assert tf.reduce_prod(tf.constant(np.zeros(0, np.int32))).numpy() == 1
    assert tf.reduce_max(tf.constant(np.zeros((0, 3), np.float32)), axis=0).numpy().tolist() == [-np.inf] * 3
    assert tf.reduce_logsumexp(tf.constant(np.zeros(0, np.float32))).numpy() == -np.inf


def test_max_min_gradient_splits_ties():
    x = tf.constant([[1., 3., 3.], [2., 2., 0.]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a, b, c = tf.reduce_max(x), tf.reduce_max(x, axis=1), tf.reduce_min(x, axis=0)
        d = tf.reduce_min(x, axis=[0, 1], keepdims=True)
    assert tape.gradient(a, x).numpy().tolist() == [[0, .5, .5], [0, 0, 0]]
    assert tape.gradient(b, x).numpy().tolist() == [[0, .5, .5], [.5, .5, 0]]
    assert tape.gradient(c, x).numpy().tolist() == [[1, 0, 0], [0, 1, 1]]
    assert tape.gradient(d, x).numpy().tolist() == [[0, 0, 0], [0, 0, 1]]


def test_prod_gradient_with_zeros():
    x = tf.constant([[1., 3., 3.], [2., 2., 0.]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        rows, total = tf.reduce_prod(x, axis=1), tf.reduce_prod(x)
    assert tape.gradient(rows, x).numpy().tolist() == [[9, 3, 3], [0, 0, 4]]
    assert tape.gradient(total, x).numpy().tolist() == [[0, 0, 0], [0, 0, 36]]
    y = tf.constant([[2., 0.], [3., 4.]])
    with tf.GradientTape() as tape:
        tape.watch(y)
        p = tf.reduce_prod(y, axis=[0, 1])
    assert tape.gradient(p, y).numpy().tolist() == [[0, 24], [0, 0]]
    check_gradients(lambda t: tf.reduce_prod(t, axis=[0, 2]), np.array([[[0., 2.], [3., 0.5]], [[1.5, -1.], [0., 0.]]]))


def test_logsumexp_is_stable():
    out = tf.reduce_logsumexp([1e4, 1e4])
    np.testing.assert_allclose(out.numpy(), 10000.693359375)
    assert tf.reduce_logsumexp([-np.inf, -np.inf]).numpy() == -np.inf
    assert tf.reduce_logsumexp([np.inf, 1.]).numpy() == np.inf
    x = tf.constant([[1e4, 1e4], [-1e4, 0.]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_logsumexp(x, axis=1)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [[0.5, 0.5], [0., 1.]])
    v = tf.reduce_logsumexp([[0., 1.], [2., 3.]], axis=[0, 1], keepdims=True)
    assert v.shape == (1, 1)
    np.testing.assert_allclose(v.numpy(), [[3.4401896]], rtol=1e-6)
    z = tf.constant([np.inf, 1.])
    with tf.GradientTape() as tape:
        tape.watch(z)
        y = tf.reduce_logsumexp(z)
    g = tape.gradient(y, z).numpy()
    assert np.isnan(g[0]) and g[1] == 0  # as in TF


def test_logsumexp_second_order():
    def first(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = tf.reduce_logsumexp(t, axis=-1)
        return tape.gradient(y, t)
    check_gradients(first, rng.standard_normal((2, 3)))


def test_variance_std():
    np.testing.assert_allclose(R.reduce_std(tf.constant([1., 2.], tf.float64)).numpy(), 0.5)
    v = R.reduce_variance(tf.constant([1., 3.]), keepdims=True)
    assert v.shape == (1,) and v.numpy().tolist() == [1.0]
    with pytest.raises(TypeError, match="Input must be either real or complex"):
        R.reduce_variance(tf.constant([1, 2]))


def test_any_all():
    x = [[True, False], [False, False]]
    assert tf.reduce_any(x, axis=1).numpy().tolist() == [True, False]
    assert tf.reduce_all([[True, False], [True, True]], axis=1).numpy().tolist() == [False, True]
    assert tf.reduce_any(x, keepdims=True).shape == (1, 1)
    assert tf.reduce_all(tf.constant(np.zeros((0,), bool))).numpy()
    with pytest.raises(IAE, match=r"cannot compute Any as input #0\(zero-based\) was expected to be a bool"):
        tf.reduce_any(tf.constant([1.0]))
    with pytest.raises(TypeError, match="Cannot convert"):
        tf.reduce_all([1])
    check_graph(lambda t: tf.reduce_any(t, axis=0), np.array([[True, False], [False, False]]))


def test_reduction_errors():
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(2 for input with 1 dimension\(s\) \[Op:Sum\]"):
        tf.reduce_sum([1., 2.], axis=2)
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(-3 for input with 1 dimension\(s\) \[Op:Mean\]"):
        tf.reduce_mean([1, 2], axis=-3)
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(0 for input with 0 dimension"):
        tf.reduce_sum(3., axis=0)
    with pytest.raises(IAE, match="Axes contains duplicate dimension: 0"):
        tf.reduce_mean([1., 2.], axis=[0, 0])
    with pytest.raises(IAE, match="Value for attr 'T' of bool is not in the list of allowed values"):
        tf.reduce_sum(tf.constant([True, False]))
    with pytest.raises(IAE, match="Value for attr 'T' of string is not in the list"):
        tf.reduce_max(tf.constant(["a"]))
    with pytest.raises(IAE, match="of int32 is not in the list of allowed values: bfloat16, half, float, double"):
        tf.reduce_logsumexp(tf.constant([1, 2]))


def test_reduction_errors_in_graph():
    from numtf.graph.graph import Graph
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [2])
        with pytest.raises(ValueError, match="Invalid reduction dimension"):
            tf.reduce_sum(x, axis=3)
        b = g.placeholder(tf.bool, [2])
        with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
            tf.reduce_mean(b)


# -- argmax / argmin ---------------------------------------------------------------------------------
def test_argmax_argmin():
    a = tf.argmax(tf.constant([[1, 5], [7, 2]]))
    assert a.dtype == tf.int64 and a.numpy().tolist() == [1, 0]
    b = tf.argmax([[1, 5], [7, 2]], axis=1, output_type=tf.int32)
    assert b.dtype == tf.int32 and b.numpy().tolist() == [1, 0]
    assert tf.argmin([[3, 1], [0, 5]], axis=-1).numpy().tolist() == [1, 0]
    assert tf.argmax([3., 9., 9.]).numpy() == 1  # first of ties
    check_graph(lambda t: tf.argmax(t, axis=-1), X.astype(np.float32))
    check_graph(lambda t: tf.argmin(t, axis=1, output_type=tf.int32), X.astype(np.float32))
    with pytest.raises(IAE, match=r"Expected dimension in the range \[-1, 1\), but got 3 \[Op:ArgMax\]"):
        tf.argmax([1., 2.], axis=3)
    with pytest.raises(IAE, match=r"Reduction axis 0 is empty in shape \[0\] \[Op:ArgMax\]"):
        tf.argmax(tf.constant(np.zeros(0, np.float32)))
    with pytest.raises(IAE, match=r"Expected dimension in the range \[0, 0\), but got 0"):
        tf.argmax(3.)


def test_argmax_has_no_gradient():
    x = tf.constant([1., 3.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(tf.argmax(x), tf.float32) * x
    assert tape.gradient(y, x).numpy().tolist() == [1., 1.]


# -- cumsum / cumprod ----------------------------------------------------------------------------------
def _np_scan(fn, identity, x, axis, exclusive, reverse):
    x = np.flip(x, axis) if reverse else x
    out = fn(x, axis=axis)
    if exclusive:
        out = np.concatenate([np.full_like(np.take(out, [0], axis=axis), identity),
                              np.delete(out, -1, axis=axis)], axis=axis)
    return np.flip(out, axis) if reverse else out


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cumsum_cumprod(exclusive, reverse, axis):
    x = rng.uniform(0.5, 1.5, (3, 4))
    for fn, ref, ident in ((tf.cumsum, np.cumsum, 0), (R.cumprod, np.cumprod, 1)):
        out = fn(x.astype(np.float32), axis=axis, exclusive=exclusive, reverse=reverse)
        assert out.dtype == tf.float32
        np.testing.assert_allclose(out.numpy(), _np_scan(ref, ident, x, axis, exclusive, reverse), rtol=1e-5)
        check_gradients(lambda t: fn(t, axis=axis, exclusive=exclusive, reverse=reverse), x)
    check_graph(lambda t: tf.cumsum(t, axis=axis, exclusive=exclusive, reverse=reverse), x.astype(np.float32))


def test_scan_goldens_and_errors():
    assert tf.cumsum([1, 2, 3], exclusive=True, reverse=True).numpy().tolist() == [5, 3, 0]
    assert tf.cumsum([[1, 2], [3, 4]], axis=tf.constant(1)).numpy().tolist() == [[1, 3], [3, 7]]
    assert R.cumprod([1, 2, 3], exclusive=True).numpy().tolist() == [1, 1, 2]
    assert R.cumprod([[1., 2.], [3., 4.]], axis=-1, reverse=True, exclusive=True).numpy().tolist() == [[2, 1], [4, 1]]
    with pytest.raises(IAE, match=r"ScanOp: Expected scan axis in the range \[-1, 1\), but got 1 \[Op:Cumsum\]"):
        tf.cumsum([1, 2], axis=1)
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        tf.cumsum(tf.constant([True]))


def test_cumprod_gradient_at_zero_matches_tf():
    # TF divides by x (with divide_no_nan): elements equal to zero get gradient 0.
    for kwargs, expected in (({"exclusive": True}, [1, 0, 0, 0]), ({"reverse": True}, [0, 0, 4, 4])):
        x = tf.constant([2., 0., 3., 4.])
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = R.cumprod(x, **kwargs)
        assert tape.gradient(y, x).numpy().tolist() == expected


# -- count_nonzero ---------------------------------------------------------------------------------------
def test_count_nonzero():
    c = R.count_nonzero([1., 0., 2.])
    assert c.dtype == tf.int64 and c.numpy() == 2
    k = R.count_nonzero([[1, 0], [0, 0]], axis=1, keepdims=True, dtype=tf.int32)
    assert k.dtype == tf.int32 and k.numpy().tolist() == [[1], [0]]
    assert R.count_nonzero([[1, 0], [3, 3]], axis=0).numpy().tolist() == [2, 1]
    assert R.count_nonzero(tf.constant([[1, 0], [3, 3]]), keepdims=True).shape == (1, 1)
    assert R.count_nonzero(["a", ""]).numpy() == 1
    check_graph(lambda t: R.count_nonzero(t, axis=0), np.array([[1., 0.], [2., 0.]], np.float32))


# -- segment sums -----------------------------------------------------------------------------------------
def test_segment_sum():
    assert R.segment_sum([1., 2., 3.], [0, 0, 2]).numpy().tolist() == [3, 0, 3]
    assert R.segment_sum([[1., 2.], [3., 4.]], [1, 1]).numpy().tolist() == [[0, 0], [4, 6]]
    out = R.segment_sum(tf.constant([1, 2]), tf.constant([0, 0], tf.int64))
    assert out.dtype == tf.int32 and out.numpy().tolist() == [3]
    check_gradients(lambda d: R.segment_sum(d, [0, 0, 1, 3]), rng.standard_normal((4, 2)))
    with pytest.raises(IAE, match=r"segment ids are not increasing \[Op:SegmentSum\]"):
        R.segment_sum([1., 2., 3.], [0, 2, 1])
    with pytest.raises(IAE, match=r"Segment id -1 out of range \[0, 1\), possibly because 'segment_ids' input is not sorted"):
        R.segment_sum([1., 2., 3.], [-1, 0, 0])
    with pytest.raises(IAE, match="segment_ids should be the same size as dimension 0 of input"):
        R.segment_sum([1., 2., 3.], [0, 0])


def test_unsorted_segment_sum():
    assert R.unsorted_segment_sum([1., 2., 3.], [0, -1, 2], 4).numpy().tolist() == [1, 0, 3, 0]
    assert R.unsorted_segment_sum([[1., 2.], [3., 4.]], [[0, 1], [1, 1]], 2).numpy().tolist() == [1, 9]
    assert R.unsorted_segment_sum([1., 2., 3.], [1, 0, 1], tf.constant(2)).numpy().tolist() == [2, 4]
    check_gradients(lambda d: R.unsorted_segment_sum(d, [2, -1, 0, 2], 3), rng.standard_normal((4, 3)))
    x = tf.constant([2., 0., 3.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = R.unsorted_segment_sum(x, [1, -1, 0], 2) * tf.constant([1., 2.])
    assert tape.gradient(y, x).numpy().tolist() == [2, 0, 1]
    check_graph(lambda d: R.unsorted_segment_sum(d, np.array([1, 0, 1]), 2), np.ones((3, 2), np.float32))
    with pytest.raises(IAE, match=r"segment_ids\[1\] = 5 is out of range \[0, 4\)"):
        R.unsorted_segment_sum([1., 2., 3.], [0, 5, 2], 4)
    with pytest.raises(IAE, match=r"data.shape = \[2\] does not start with segment_ids.shape = \[3\]"):
        R.unsorted_segment_sum([1., 2.], [0, 1, 1], 2)


def test_segment_sum_like_and_second_order():
    params = tf.constant(np.arange(6.).reshape(3, 2))
    g = R.unsorted_segment_sum_like(tf.ones([4, 2], tf.float64), tf.constant([0, 2, 2, 0]), params)
    assert g.numpy().tolist() == [[2, 2], [0, 0], [2, 2]]

    def first(d):
        with tf.GradientTape() as tape:
            tape.watch(d)
            y = tf.reduce_sum(R.unsorted_segment_sum(d * d, [1, 0, 1], 2) * tf.constant([[1.], [3.]], tf.float64))
        return tape.gradient(y, d)
    check_gradients(first, rng.standard_normal((3, 2)))


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "logsumexp", "euclidean_norm", "variance"])
@pytest.mark.parametrize("axis,keepdims", [(None, False), (-1, False), (None, True)])
def test_gradients_in_graphs_of_unknown_rank(name, axis, keepdims):
    from numtf.graph.graph import Graph, run
    from numtf.autodiff.backprop import backward
    fn = REDUCTIONS[name][0]
    x = rng.uniform(0.5, 2.0, (3, 4)).astype(np.float32)
    g = Graph()
    with g.as_default():
        ph = g.placeholder(tf.float32, None)
        y = tf.reduce_sum(fn(ph, axis=axis, keepdims=keepdims) * 1.5)
        grad, = backward(g.nodes, [y], [tf.ones_like(y)], [ph])
    got = run(g, [grad], {ph: x})[0]
    t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = tf.reduce_sum(fn(t, axis=axis, keepdims=keepdims) * 1.5)
    np.testing.assert_allclose(got, tape.gradient(y, t).numpy(), rtol=1e-6)
