"""tf.debugging assertions, tf.Assert, tf.ensure_shape, tf.dtypes. The outcomes (pass, or the error
type) are what TensorFlow 2.21 gave for the same calls."""
import pytest

import numtf as tf

X = tf.constant([1.0, 2.0])
IAE = tf.errors.InvalidArgumentError


def test_eager_assertions():
    assert tf.debugging.assert_equal(X, X) is None and tf.debugging.assert_less(X, 3.0) is None
    assert tf.debugging.assert_greater_equal(X, 1.0) is None and tf.debugging.assert_non_negative(X - 1) is None
    assert tf.debugging.assert_near(X, X + 1e-7) is None and tf.Assert(tf.reduce_all(X > 0), [X]) is None
    for bad in (lambda: tf.debugging.assert_equal(X, [1.0, 3.0]), lambda: tf.debugging.assert_less(X, 2.0),
                lambda: tf.debugging.assert_positive(X - 1), lambda: tf.debugging.assert_near(X, X + 1.0),
                lambda: tf.debugging.check_numerics(X / 0.0, "bad values"),
                lambda: tf.Assert(tf.reduce_all(X > 1), [X]), lambda: tf.ensure_shape(X, [3])):
        with pytest.raises(IAE):
            bad()
    with pytest.raises(ValueError):
        tf.debugging.assert_rank(X, 2)
    with pytest.raises(TypeError):
        tf.debugging.assert_type(X, tf.int32)
    tf.debugging.assert_rank(X, 1)
    tf.debugging.assert_shapes([(X, ("N",)), (tf.ones([2, 3]), ("N", "D"))])
    with pytest.raises(ValueError):
        tf.debugging.assert_shapes([(X, ("N",)), (tf.ones([3, 3]), ("N", "D"))])
    assert tf.debugging.check_numerics(X, "msg").numpy().tolist() == [1.0, 2.0]
    assert tf.ensure_shape(X, [None]).numpy().tolist() == [1.0, 2.0]


def test_assertions_in_graphs():
    @tf.function
    def g(v):
        tf.debugging.assert_equal(v, 1.0)
        return v * 2
    assert float(g(tf.constant(1.0))) == 2.0
    with pytest.raises(IAE):
        g(tf.constant(2.0))

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def h(v):
        return tf.ensure_shape(v, [2]) * 1
    assert h(tf.constant([1.0, 2.0])).numpy().tolist() == [1.0, 2.0]
    assert h.get_concrete_function().structured_outputs.shape == (2,)
    with pytest.raises(IAE):
        h(tf.constant([1.0]))
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.function(lambda v: tf.ensure_shape(v, [2]) * 3.0)(x))
    assert t.gradient(y, x).numpy().tolist() == [3.0, 3.0]


def test_dtypes_namespace():
    assert tf.dtypes.float32 is tf.float32 and tf.dtypes.as_dtype("int32") is tf.int32
    assert tf.dtypes.cast(X, tf.int32).numpy().tolist() == [1, 2] and tf.dtypes.DType is tf.DType
