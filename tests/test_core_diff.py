"""Core TensorFlow behaviour found by differential runs against TF 2.21 (special functions, segment
ops, searchsorted, tf.complex, linalg factorizations, Variable scatter methods, tf.data windows
and groups). Run with NUMTF_TEST_AGAINST=tensorflow under the TF venv to check the expectations
against TensorFlow itself (the gradient checks then are skipped)."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
NUMTF = tf.__name__ == "numtf"
if NUMTF:
    from helpers import check_gradients
grads_only = pytest.mark.skipif(not NUMTF, reason="finite-difference checks use numtf's tape")
D = tf.data.Dataset
rng = np.random.default_rng(0)


def r(*shape):
    return rng.standard_normal(shape)


def close(t, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(t), expected, rtol=rtol, atol=atol)


# -- special functions ------------------------------------------------------------------------------
def test_lgamma_digamma_erfc_erfinv_values():
    close(tf.math.lgamma(tf.constant([0.5, 1., 3., -0.5])), [0.5723649, 0., 0.6931472, 1.2655121])
    out = tf.math.lgamma(tf.constant([0., -1., -2.5]))
    assert out.dtype == tf.float32 and np.isinf(out.numpy()[:2]).all()
    close(tf.math.digamma(tf.constant([0.5, 1., 3., -0.5])), [-1.9635100, -0.5772157, 0.9227843, 0.03648997])
    assert np.isnan(tf.math.digamma(tf.constant([0.])).numpy()).all()
    close(tf.math.erfc(tf.constant([0.5, 5., -3.])), [0.47950011, 1.537460e-12, 1.999978], rtol=1e-5)
    close(tf.math.erfinv(tf.constant([0.5, 0., -0.9])), [0.4769363, 0., -1.1630871], rtol=1e-5)
    e = tf.math.erfinv(tf.constant([-1., 1., 2.])).numpy()
    assert e[0] == -np.inf and e[1] == np.inf and np.isnan(e[2])
    close(tf.math.nextafter(tf.constant([1.]), tf.constant([2.])), [1.0000001])


@grads_only
def test_special_function_gradients():
    x = np.array([0.7, 1.3, 2.9, 4.2])
    check_gradients(tf.math.lgamma, x)
    check_gradients(tf.math.digamma, x, rtol=1e-4)
    check_gradients(tf.math.erfc, np.array([-1.2, 0.1, 0.8]))
    check_gradients(tf.math.erfinv, np.array([-0.6, 0.1, 0.8]))
    check_gradients(lambda t: tf.math.cumulative_logsumexp(t, axis=1, reverse=True), r(2, 4))
    check_gradients(lambda a, b: tf.math.real(tf.complex(a, b)) * tf.math.imag(tf.complex(a, b)), r(3), r(3))


def test_complex_and_cumulative_logsumexp():
    c = tf.complex(tf.constant([1., 2.]), tf.constant([-1., 0.5]))
    assert c.dtype == tf.complex64
    assert repr(c) == ("<tf.Tensor: shape=(2,), dtype=complex64, numpy=array([1.-1.j , 2.+0.5j], "
                       "dtype=complex64)>")
    assert tf.complex(tf.constant(1., tf.float64), tf.constant(2., tf.float64)).dtype == tf.complex128
    with pytest.raises(TypeError, match="incorrect types"):
        tf.complex(tf.constant(1.), tf.constant(2., tf.float64))
    close(tf.math.real(tf.constant([1 + 2j])), [1.])
    close(tf.math.imag(tf.constant([1 + 2j], tf.complex128)), [2.])
    close(tf.math.cumulative_logsumexp(tf.constant([0., 0., 0.])), [0., 0.6931472, 1.0986123])
    close(tf.math.cumulative_logsumexp(tf.constant([[1., 2.], [3., -np.inf]]), axis=1, reverse=True),
          [[2.3132617, 2.], [3., -np.inf]])


# -- segment ops ---------------------------------------------------------------------------------------
def test_sorted_segment_reductions():
    ids = tf.constant([0, 0, 2, 2])
    close(tf.math.segment_mean(tf.constant([1., 2, 3, 4]), ids), [1.5, 0., 3.5])
    close(tf.math.segment_max(tf.constant([1., 2, 3, 4]), ids), [2., 0., 4.])
    close(tf.math.segment_min(tf.constant([1, 2, 3, 4]), ids), [1, 0, 3])
    p = tf.math.segment_prod(tf.constant([1, 2, 3, 4]), ids)
    assert p.dtype == tf.int32 and p.numpy().tolist() == [2, 1, 12]
    m = tf.math.segment_mean(tf.constant([1, 2, 4]), [0, 0, 1])  # integers truncate
    assert m.dtype == tf.int32 and m.numpy().tolist() == [1, 4]
    close(tf.math.segment_max(tf.constant([[1., 5.], [3., 2.], [0., 0.]]), [0, 0, 1]), [[3., 5.], [0., 0.]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment ids are not increasing"):
        tf.math.segment_max(tf.constant([1, 2, 3]), tf.constant([1, 0, 1]))


def test_unsorted_segment_reductions():
    data, ids = tf.constant([1., 2, 3]), tf.constant([2, 0, 2])
    f32 = np.finfo(np.float32)
    close(tf.math.unsorted_segment_max(data, ids, 4), [2., f32.min, 3., f32.min])
    close(tf.math.unsorted_segment_min(data, ids, 4), [2., f32.max, 1., f32.max])
    assert tf.math.unsorted_segment_max(tf.constant([1, 2, 3]), ids, 4).numpy().tolist() == \
        [2, -2147483648, 3, -2147483648]
    close(tf.math.unsorted_segment_prod(data, ids, 4), [2., 1., 3., 1.])
    close(tf.math.unsorted_segment_mean(data, ids, 4), [2., 0., 2., 0.])
    close(tf.math.unsorted_segment_sqrt_n(data, ids, 4), [2., 0., 2.828427, 0.])
    close(tf.math.unsorted_segment_mean(tf.constant([[1., 5.], [3., 2.], [0., 0.]]), [1, 1, -1], 2),
          [[0., 0.], [2., 3.5]])


@grads_only
def test_segment_gradients():
    ids = np.array([0, 0, 1, 3, 3])
    x = r(5, 2)
    x[1] = x[0]  # a tie: the gradient is shared between the tied elements
    for fn in (tf.math.segment_max, tf.math.segment_min, tf.math.segment_prod, tf.math.segment_mean):
        check_gradients(lambda t, fn=fn: fn(t, tf.constant(ids)), x)
    uids = tf.constant([2, 0, 1, -1, 0, 2])  # (every segment non-empty: empty max/min rows are +-DBL_MAX)
    for fn in (tf.math.unsorted_segment_max, tf.math.unsorted_segment_min, tf.math.unsorted_segment_prod,
               tf.math.unsorted_segment_mean, tf.math.unsorted_segment_sqrt_n):
        check_gradients(lambda t, fn=fn: fn(t, uids, 3), r(6, 3))
    z = r(6)
    z[0] = 0.0  # products through one zero, and through two
    check_gradients(lambda t: tf.math.unsorted_segment_prod(t, uids, 3), z)
    z[5] = 0.0
    check_gradients(lambda t: tf.math.unsorted_segment_prod(t, uids, 3), z)


# -- searchsorted, tensor_scatter_nd_max/min, bitcast --------------------------------------------------
def test_searchsorted():
    out = tf.searchsorted(tf.constant([1, 3, 5, 7]), tf.constant([0, 3, 6, 8]))
    assert out.dtype == tf.int32 and out.numpy().tolist() == [0, 1, 3, 4]
    assert tf.searchsorted(tf.constant([[1, 3, 5, 7]]), tf.constant([[0, 3, 6, 8]]),
                           side="right").numpy().tolist() == [[0, 2, 3, 4]]
    assert tf.searchsorted(tf.constant([1., 3.]), tf.constant([2.]), out_type=tf.int64).dtype == tf.int64
    assert tf.searchsorted(tf.constant([[1., 2., 3.], [2., 4., 6.]]),
                           tf.constant([[2.5], [2.5]])).numpy().tolist() == [[2], [1]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Leading dim_size of both tensors must match"):
        tf.searchsorted(tf.constant([[1., 2., 3.]]), tf.constant([[2.5], [2.5]]))


def test_tensor_scatter_nd_max_min_and_bitcast():
    p = tf.reshape(tf.range(12), [3, 4])
    assert tf.tensor_scatter_nd_max(p, [[1, 1]], [50]).numpy()[1].tolist() == [4, 50, 6, 7]
    assert tf.tensor_scatter_nd_min(p, [[1, 1]], [-5]).numpy()[1].tolist() == [4, -5, 6, 7]
    close(tf.tensor_scatter_nd_max(tf.zeros([3]), [[0], [0], [2]], [1., 4., -1.]), [4., 0., 0.])
    assert tf.bitcast(tf.constant([1.0]), tf.int32).numpy().tolist() == [1065353216]
    assert tf.bitcast(tf.constant([1.0], tf.float64), tf.int32).shape == (1, 2)


@grads_only
def test_tensor_scatter_nd_max_gradient():
    check_gradients(lambda t, u: tf.tensor_scatter_nd_max(t, [[0], [2]], u), r(4), r(2))
    check_gradients(lambda t, u: tf.tensor_scatter_nd_min(t, [[1], [3]], u), r(4), r(2))


def test_argmax_of_bools():
    assert tf.argmax(tf.constant([False, True])).numpy() == 1
    assert tf.argmin(tf.constant([[True, False]]), axis=1).numpy().tolist() == [1]


# -- linalg --------------------------------------------------------------------------------------------
A = np.array([[4., 1.], [1., 3.]], np.float32)


def test_linalg_factorizations_values():
    close(tf.linalg.cholesky(A), [[2., 0.], [0.5, 1.6583124]])
    close(tf.linalg.solve(A, tf.constant([[1.], [2.]])), [[0.09090909], [0.6363636]])
    close(tf.linalg.lstsq(A, tf.constant([[1.], [2.]])), [[0.09090909], [0.6363636]], rtol=1e-4)
    close(tf.linalg.triangular_solve(tf.constant([[2., 0.], [1., 1.]]), tf.constant([[2.], [2.]])), [[1.], [1.]])
    sign, logabs = tf.linalg.slogdet(A)
    close(sign, 1.)
    close(logabs, 2.397895336151123)
    close(tf.linalg.logdet(A), 2.397895336151123)
    close(tf.linalg.eigh(A)[0], [2.3819664, 4.6180344])
    close(tf.linalg.eigvalsh(A), [2.3819664, 4.6180344])
    close(tf.linalg.svd(A, compute_uv=False), [4.6180344, 2.3819664])
    s, u, v = tf.linalg.svd(A)
    close(tf.matmul(u * s, v, adjoint_b=True), A, atol=1e-5)
    q, rr = tf.linalg.qr(tf.constant(r(4, 3)))
    assert q.shape == (4, 3) and rr.shape == (3, 3)
    close(tf.linalg.cross(tf.constant([1., 0., 0.]), tf.constant([0., 1., 0.])), [0., 0., 1.])
    bad = tf.linalg.cholesky(tf.constant([[1., 2.], [2., 1.]])).numpy()
    assert np.isnan(bad[0, 0]) and np.isnan(bad[1, 1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="not invertible"):
        tf.linalg.solve(tf.zeros([2, 2]), tf.ones([2, 1]))


@grads_only
def test_linalg_gradients():
    m = r(3, 3)
    spd = m @ m.T + 3 * np.eye(3)
    sym = lambda t: (t + tf.linalg.matrix_transpose(t)) / 2  # noqa: E731
    check_gradients(lambda t: tf.linalg.cholesky(sym(t)), spd, rtol=1e-4)
    check_gradients(lambda a, b: tf.linalg.solve(a, b), spd, r(3, 2), rtol=1e-4)
    check_gradients(lambda a, b: tf.linalg.solve(a, b, adjoint=True), spd, r(3, 2), rtol=1e-4)
    check_gradients(lambda a, b: tf.linalg.triangular_solve(a, b), spd, r(3, 2), rtol=1e-4)
    check_gradients(lambda a, b: tf.linalg.triangular_solve(a, b, lower=False, adjoint=True), spd, r(3, 2),
                    rtol=1e-4)
    check_gradients(lambda t: tf.linalg.slogdet(t)[1], m + 3 * np.eye(3), rtol=1e-4)
    check_gradients(lambda t: tf.linalg.logdet(sym(t)), spd, rtol=1e-4)
    check_gradients(lambda t: tf.linalg.eigh(sym(t))[0], spd, rtol=1e-4)
    check_gradients(lambda t: tf.abs(tf.linalg.eigh(sym(t))[1]), spd, rtol=1e-4)
    check_gradients(lambda t: tf.linalg.svd(t, compute_uv=False), r(4, 3), rtol=1e-4)
    check_gradients(lambda t: tf.linalg.qr(t), r(4, 3), rtol=1e-4)
    check_gradients(lambda a, b: tf.linalg.lstsq(a, b), r(4, 3), r(4, 2), rtol=1e-4)
    check_gradients(lambda a, b: tf.linalg.cross(a, b), r(2, 3), r(2, 3))


# -- Variable scatter methods ------------------------------------------------------------------------
def test_variable_scatter_methods():
    v = tf.Variable(tf.reshape(tf.range(12.), [3, 4]))
    v.scatter_add(tf.IndexedSlices(tf.ones([2, 4]), [1, 1]))
    assert v.numpy()[1].tolist() == [6., 7., 8., 9.]
    v.scatter_sub(tf.IndexedSlices(tf.ones([1, 4]), [0]))
    v.scatter_update(tf.IndexedSlices(tf.zeros([1, 4]), [2]))
    v.scatter_max(tf.IndexedSlices(tf.fill([1, 4], 5.), [0]))
    v.scatter_min(tf.IndexedSlices(tf.fill([1, 4], 5.), [1]))
    v.scatter_mul(tf.IndexedSlices(tf.fill([1, 4], 2.), [1]))
    v.scatter_div(tf.IndexedSlices(tf.fill([1, 4], 4.), [1]))
    assert v.numpy().tolist() == [[5.] * 4, [2.5] * 4, [0.] * 4]
    v.scatter_nd_add([[0, 0], [2, 3]], [10., 20.])
    v.scatter_nd_sub([[0, 0]], [1.])
    v.scatter_nd_max([[0, 1]], [100.])
    assert v.numpy()[0].tolist() == [14., 100., 5., 5.]
    assert v.sparse_read([2, 0]).numpy()[0].tolist() == [0., 0., 0., 20.]
    assert v.gather_nd([[0, 1], [1, 0]]).numpy().tolist() == [100., 2.5]
    w = tf.Variable([7, 9])
    w.scatter_div(tf.IndexedSlices(tf.constant([2]), [1]))
    assert w.numpy().tolist() == [7, 4]
    with pytest.raises(TypeError, match="must be a `tf.IndexedSlices`"):
        v.scatter_add([1.])

    @tf.function
    def f():
        v.scatter_nd_add([[0, 0]], [1.])
        return v.sparse_read([0])
    assert f().numpy().tolist() == [[15., 100., 5., 5.]]


def test_variable_assign_errors():
    v = tf.Variable(tf.zeros([3, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Cannot broadcast input shape \[2\] into final "
                       r"shape \[4\]"):
        v[0].assign([1., 2.])
    with pytest.raises(ValueError, match="Cannot assign value to variable ' Variable:0': Shape mismatch"):
        v.assign(tf.ones([2, 2]))


# -- tf.data -------------------------------------------------------------------------------------------
def test_window_and_flat_map_batching():
    w = D.range(7).window(3, shift=2)
    assert repr(w.element_spec) == "DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))"
    assert [list(x.as_numpy_iterator()) for x in w] == [[0, 1, 2], [2, 3, 4], [4, 5, 6], [6]]
    assert [x.tolist() for x in D.range(7).window(3, 1, drop_remainder=True).flat_map(lambda x: x.batch(3))
            .as_numpy_iterator()] == [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6]]
    assert [list(x.as_numpy_iterator()) for x in D.range(10).window(3, shift=3, stride=2)] == \
        [[0, 2, 4], [3, 5, 7], [6, 8], [9]]
    zipped = D.zip((D.range(5), D.range(5))).window(2).flat_map(lambda a, b: D.zip((a.batch(2), b.batch(2))))
    assert [(a.tolist(), b.tolist()) for a, b in zipped.as_numpy_iterator()] == \
        [([0, 1], [0, 1]), ([2, 3], [2, 3]), ([4], [4])]
    assert [list(x.as_numpy_iterator()) for x in D.from_tensor_slices(["a", "b", "c"]).window(2)] == \
        [[b"a", b"b"], [b"c"]]
    assert [int(D.range(7).window(3, 2).cardinality()), int(D.range(7).window(3, 2, drop_remainder=True)
            .cardinality()), int(D.range(10).window(3, 1, 2, True).cardinality())] == [4, 3, 6]
    with pytest.raises(TypeError, match="as_numpy_iterator"):
        D.range(3).window(2).as_numpy_iterator()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Window size must be greater than zero"):
        D.range(3).window(0)


def test_rebatch_group_by_window_bucket():
    assert [b.tolist() for b in D.range(10).batch(4).rebatch(3).as_numpy_iterator()] == \
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    g = D.range(10).group_by_window(key_func=lambda x: x % 2, reduce_func=lambda k, w: w.batch(3), window_size=3)
    assert [b.tolist() for b in g.as_numpy_iterator()] == [[0, 2, 4], [1, 3, 5], [6, 8], [7, 9]]
    fill = lambda x: tf.fill([x], x)  # noqa: E731
    length = lambda y: tf.shape(y)[0]  # noqa: E731
    shapes = [b.shape for b in D.range(1, 8).map(fill).bucket_by_sequence_length(length, [3, 5], [2, 2, 2])]
    assert shapes == [(2, 2), (2, 4), (2, 6), (1, 7)]


def test_unique_ignore_errors_choose_sample_counter():
    assert list(D.from_tensor_slices([1, 2, 1, 3]).unique().as_numpy_iterator()) == [1, 2, 3]
    with pytest.raises(TypeError, match="only `tf.int32`, `tf.int64`, and `tf.string` are supported"):
        D.from_tensor_slices([1., 2.]).unique()
    ds = D.from_tensor_slices([1., 0., 2.]).map(lambda x: tf.debugging.check_numerics(1. / x, "bad"))
    assert list(ds.ignore_errors().as_numpy_iterator()) == [1.0, 0.5]
    choice = D.from_tensor_slices(tf.constant([0, 0, 0, 1], tf.int64))
    assert list(D.choose_from_datasets([D.range(2), D.range(10, 20)], choice).as_numpy_iterator()) == [0, 1]
    assert list(D.choose_from_datasets([D.range(2), D.range(10, 20)], choice, stop_on_empty_dataset=False)
                .as_numpy_iterator()) == [0, 1, 10]
    mixed = D.sample_from_datasets([D.range(3), D.range(10, 13)], weights=[0.5, 0.5], seed=3)
    assert sorted(mixed.as_numpy_iterator()) == [0, 1, 2, 10, 11, 12]
    assert int(mixed.cardinality()) == -2
    assert list(D.counter(5, 2).take(3).as_numpy_iterator()) == [5, 7, 9]
    assert int(D.counter().cardinality()) == -1


def test_dataset_reprs_and_single_element_errors():
    assert repr(D.counter()) == "<_ScanDataset element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None)>"
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dataset had more than one element"):
        D.range(3).get_single_element()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dataset was empty"):
        D.range(0).get_single_element()


# -- conversions -----------------------------------------------------------------------------------
def test_lists_mixing_tensors_and_numbers():
    t = tf.convert_to_tensor([tf.constant(1.), 2])
    assert t.dtype == tf.float32 and t.numpy().tolist() == [1., 2.]
    assert tf.stack([tf.constant(1.), 2]).dtype == tf.float32
    assert tf.convert_to_tensor([tf.constant(1, tf.int64), 2]).dtype == tf.int64
    assert tf.convert_to_tensor([[tf.constant(1.)], [3]]).numpy().tolist() == [[1.], [3.]]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.convert_to_tensor([tf.constant(1.), tf.constant(2., tf.float64)])


def test_sequences_mixing_strings_and_numbers_are_rejected():
    for value in ([1, "a"], [["a"], [1]]):
        with pytest.raises(ValueError, match="mixed types"):
            tf.constant(value)
    with pytest.raises(ValueError, match="mixed types"):
        D.from_tensor_slices([1, "a"])
    assert tf.constant([b"a", "b"]).numpy().tolist() == [b"a", b"b"]
    with pytest.raises(TypeError, match=r"Tensor \[1 2 3\] \(converted from \[1, 2, 3\]\)"):
        tf.constant([1, 2, 3], shape=[2, 2])
