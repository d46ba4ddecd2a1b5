"""TF1 names (tf.compat.v1): the TF2 functions under their TF1 names, and TF1-only functions.
Expected values are what TensorFlow 2.21 printed for the same calls."""
import numpy as np
import pytest

import numtf as tf

v1 = tf.compat.v1


def test_tf1_aliases_are_the_tf2_functions():
    assert v1.matrix_inverse is tf.linalg.inv and v1.log1p is tf.math.log1p
    assert v1.sparse_tensor_to_dense is tf.sparse.to_dense and v1.assert_equal is tf.debugging.assert_equal
    assert v1.squared_difference is tf.math.squared_difference and v1.self_adjoint_eig is tf.linalg.eigh
    np.testing.assert_allclose(v1.matrix_determinant([[2., 0.], [0., 3.]]).numpy(), 6.0)
    import numtf.compat.v1 as tf1  # the TF1 namespace as a module
    assert tf1.erf is tf.math.erf and tf1.is_nan is tf.math.is_nan
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        tf1.no_such_name


def test_variable_scatters():
    v = tf.Variable([1., 2., 3.])
    r = v1.scatter_update(v, [0], [5.])  # TF 2.21: the variable's 'UnreadVariable' view
    assert r is not v and r.name == "UnreadVariable" and v.numpy().tolist() == [5., 2., 3.]
    np.testing.assert_array_equal(v1.scatter_add(v, [1, 1], [1., 1.]).numpy(), [5., 4., 3.])
    np.testing.assert_array_equal(v1.scatter_nd_update(v, [[2]], [9.]).numpy(), [5., 4., 9.])
    np.testing.assert_array_equal(v1.scatter_sub(v, [0], [1.]).numpy(), [4., 4., 9.])
    m = tf.Variable([[1., 2.], [3., 4.]])
    np.testing.assert_array_equal(v1.batch_scatter_update(m, [[1], [0]], [[9.], [8.]]).numpy(), [[1., 9.], [8., 4.]])


def test_tf1_only_functions():
    out, idx = v1.setdiff1d([1, 2, 3, 4, 2], [2, 5])
    assert out.numpy().tolist() == [1, 3, 4] and idx.numpy().tolist() == [0, 2, 3]
    assert v1.sparse_to_dense([[0, 1], [1, 0]], [2, 3], [5, 6]).numpy().tolist() == [[0, 5, 0], [6, 0, 0]]
    assert v1.sparse_to_dense([1, 2], [4], 7, default_value=-1).numpy().tolist() == [-1, 7, 7, -1]
    st = v1.string_split(["a b", "c"])
    assert st.indices.numpy().tolist() == [[0, 0], [0, 1], [1, 0]] and st.dense_shape.numpy().tolist() == [2, 2]
    assert st.values.numpy().tolist() == [b"a", b"b", b"c"]
    assert v1.string_split(["a,b", "c"], sep=",", result_type="RaggedTensor").to_list() == [[b"a", b"b"], [b"c"]]
    assert v1.batch_gather([[1, 2, 3], [4, 5, 6]], [[2, 0], [1, 1]]).numpy().tolist() == [[3, 1], [5, 5]]
    np.testing.assert_allclose(v1.clip_by_average_norm([[3., 4.]], 1.).numpy(), [[1.2, 1.6]])
    assert v1.dimension_value(tf.TensorShape([None, 3])[1]) == 3
    assert str(v1.dimension_at_index(tf.TensorShape([None, 3]), 0)) == "?"
    assert v1.to_complex64([1., 2.]).dtype == tf.complex64 and v1.to_complex128([1.]).dtype == tf.complex128
    assert v1.py_func(lambda x: x * 2, [tf.constant([1., 2.])], tf.float32).numpy().tolist() == [2., 4.]
    assert v1.substr("hello", 1, 3).numpy() == b"ell"
    assert v1.convert_to_tensor_or_indexed_slices([1, 2]).numpy().tolist() == [1, 2]
    assert v1.executing_eagerly_outside_functions() and v1.resource_variables_enabled()
    assert v1.control_flow_v2_enabled() and v1.tables_initializer() is None


def test_count_up_to():
    c = tf.Variable(0)
    assert [int(v1.count_up_to(c, 2)) for _ in range(2)] == [0, 1]
    with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
        v1.count_up_to(c, 2)


def test_make_template_shares_variables():
    def linear(x):
        w = v1.get_variable("w", [2, 1], initializer=v1.ones_initializer())
        return tf.matmul(x, w)
    v1.disable_eager_execution()
    try:
        tmpl = v1.make_template("lin", linear)
        a, b = tmpl(tf.ones([1, 2])), tmpl(tf.ones([3, 2]))
        assert [v.name for v in v1.global_variables()] == ["lin/w:0"]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(a).tolist() == [[2.0]] and sess.run(b).shape == (3, 1)
    finally:
        v1.enable_eager_execution()
        v1.reset_default_graph()


def test_behaviour_switches():
    for enable in (v1.enable_resource_variables, v1.enable_control_flow_v2, v1.enable_tensor_equality,
                   v1.enable_v2_tensorshape):
        assert enable() is None
    with pytest.raises(NotImplementedError, match="elementwise"):
        v1.disable_tensor_equality()
    with pytest.raises(NotImplementedError, match="dimension_value"):
        v1.disable_v2_tensorshape()
    with v1.colocate_with(tf.constant(1.0)), v1.container("c"):
        assert float(tf.constant(2.0) + 1) == 3.0


def test_summary_iterator_reads_tf_summary_files(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=3):
        tf.summary.scalar("loss", 0.5)
    writer.flush()
    (path,) = tmp_path.iterdir()
    events = list(v1.train.summary_iterator(str(path)))
    assert events[0].file_version == "brain.Event:2"
    assert events[1].step == 3 and events[1].summary.value[0].tag == "loss"
