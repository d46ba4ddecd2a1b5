"""tf.TensorArray eagerly (a list of tensors) and in graphs (flows through tf.while_loop / tf.cond).

Values and error texts are what TensorFlow 2.21 gave for the same programs."""
import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run

from helpers import check_gradients, check_graph

C = tf.constant


def values(t):
    return np.asarray(t).tolist()


# -- eager -------------------------------------------------------------------------------------
def test_eager_write_read_stack():
    ta = tf.TensorArray(tf.float32, size=3)
    assert ta.write(0, 1.0) is ta  # eager writes update the array in place
    assert int(ta.size()) == 3 and ta.size().dtype == tf.int32
    assert values(ta.stack()) == [1.0, 0.0, 0.0]  # unwritten elements read as zeros
    ta.write(0, 2.0)  # overwriting is allowed eagerly
    assert float(ta.read(0)) == 2.0
    assert float(ta.read(1)) == 0.0
    assert ta.dtype == tf.float32 and ta.element_shape == tf.TensorShape([])
    assert int(tf.TensorArray(tf.int32, size=2).write(C(1), 5).read(C(1))) == 5
    assert ta.flow.dtype == tf.int32 and ta.handle is None


def test_eager_dynamic_size_and_element_shape():
    t = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    t = t.write(0, [1.0, 2.0]).write(2, [3.0, 4.0])
    assert int(t.size()) == 3 and t.element_shape == tf.TensorShape([2])
    assert values(t.stack()) == [[1.0, 2.0], [0.0, 0.0], [3.0, 4.0]]
    assert tf.TensorArray(tf.float32, size=0).stack().shape == (0,)
    assert tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack().shape == (0, 2)
    assert tf.TensorArray(tf.int32, size=1, element_shape=[2]).element_shape == tf.TensorShape([2])
    assert tf.TensorArray(tf.int32, size=2).write(0, [1, 2]).element_shape == tf.TensorShape([2])


def test_eager_unstack_gather_scatter_concat_split():
    rows = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    ta = tf.TensorArray(tf.float32, size=3).unstack(rows)
    assert values(ta.gather([2, 0])) == [[5.0, 6.0], [1.0, 2.0]]
    assert values(tf.TensorArray(tf.float32, size=3).unstack(rows).stack()) == rows
    sc = tf.TensorArray(tf.float32, size=3).scatter([2, 0], [[1.0, 2.0], [3.0, 4.0]])
    assert values(sc.gather([0, 2])) == [[3.0, 4.0], [1.0, 2.0]]
    cat = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0, 2.0]).write(1, [3.0]).concat()
    assert values(cat) == [1.0, 2.0, 3.0]
    assert values(tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [2, 1]).read(1)) == [3.0]


def test_eager_clear_after_read():
    ta = tf.TensorArray(tf.float32, size=1).write(0, 1.0)
    assert float(ta.read(0)) == 1.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not read index 0 twice because it was cleared "
                                                             "after a previous read"):
        ta.read(0)
    keep = tf.TensorArray(tf.float32, size=1, clear_after_read=False).write(0, 1.0)
    assert float(keep.read(0)) == float(keep.read(0)) == 1.0


def test_eager_errors():
    ta = tf.TensorArray(tf.float32, size=3)
    with pytest.raises(tf.errors.OutOfRangeError, match="Tried to write to index 3 but array is not resizeable and "
                                                        "size is: 3"):
        ta.write(3, 2.0)
    with pytest.raises(tf.errors.OutOfRangeError, match=r"Writing to negative indices \(index -1\) is not allowed."):
        ta.write(-1, 2.0)
    with pytest.raises(tf.errors.OutOfRangeError, match="Tried to read from index 5 but array size is: 3"):
        ta.read(5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="TensorArray dtype is float32 but Op is trying to write "
                                                             "dtype int32"):
        ta.write(1, C(1, tf.int32))
    ta.write(1, 1)  # a Python int converts to the array's dtype
    assert ta.read(1).dtype == tf.float32
    with pytest.raises(ValueError, match=r"Incompatible shape for value \(\(2,\)\), expected \(\(\)\)"):
        ta.write(2, [1.0, 2.0])
    with pytest.raises(ValueError, match="Cannot unstack 3 tensors into a TensorArray of static size 2"):
        tf.TensorArray(tf.float32, size=2).unstack([[1.0, 2.0], [3, 4], [5, 6]])
    with pytest.raises(ValueError, match=r"Incompatible shape for value \(\(1,\)\), expected \(\(2,\)\)"):
        tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(1, [3.0])
    with pytest.raises(ValueError, match="Size must be declared"):
        tf.TensorArray(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expected sum of lengths to be equal to values.shape"):
        tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [1, 1])


def test_eager_gradients_through_tensor_array():
    def f(x):
        a = tf.TensorArray(tf.float64, size=3, clear_after_read=False).unstack(x)
        b = tf.TensorArray(tf.float64, size=3)
        for i in range(3):
            b = b.write(i, a.read(i) * a.read(i) if i else a.read(0) * 3.0)
        return b.stack() + tf.reduce_sum(b.gather([2, 0]))

    check_gradients(f, np.array([1.0, 2.0, 3.0]))

    def g(x):
        ta = tf.TensorArray(tf.float64, size=2).split(x, [1, 2])
        return ta.concat() * tf.constant([1.0, 2.0, 3.0], tf.float64) + tf.concat([ta.read(1), ta.read(0)], 0)

    check_gradients(g, np.array([0.5, -1.0, 2.0]))


# -- graphs -------------------------------------------------------------------------------------
@tf.function
def squares(n):
    ta = tf.TensorArray(tf.float32, size=n)
    _, ta = tf.while_loop(lambda i, ta: i < n,
                          lambda i, ta: (i + 1, ta.write(i, tf.cast(i, tf.float32) ** 2)), [0, ta])
    return ta.stack()


def test_range_loop_fills_tensor_array_in_function():
    assert values(squares(C(5))) == [0.0, 1.0, 4.0, 9.0, 16.0]
    assert values(squares(C(2))) == [0.0, 1.0]
    out = squares.get_concrete_function(C(5)).structured_outputs
    assert out.shape.as_list() == [None] and out.dtype == tf.float32
    types = [n.type for n in squares.get_concrete_function(C(5)).graph.nodes]
    assert types.count("StatelessWhile") == 1 and "TensorListReserve" in types


def test_autograph_for_over_tf_range_fills_tensor_array():
    @tf.function
    def f(n):
        ta = tf.TensorArray(tf.float32, size=n)
        for i in tf.range(n):
            ta = ta.write(i, tf.cast(i, tf.float32) * 2.0)
        return ta.stack()

    assert values(f(C(4))) == [0.0, 2.0, 4.0, 6.0]
    assert "StatelessWhile" in [n.type for n in f.get_concrete_function(C(4)).graph.nodes]


def test_graph_static_shapes_and_values():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3)
        ta = ta.write(0, x).write(1, x * 2)
        s = ta.stack()
        assert s.shape.as_list() == [3, 2] and ta.element_shape == tf.TensorShape([2])
        return s, ta.read(2), ta.size()

    s, r, n = f(C([1.0, 2.0]))
    assert values(s) == [[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]] and values(r) == [0.0, 0.0] and int(n) == 3


def test_graph_unstack_gather_scatter_concat_split_size():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=2).unstack(x)
        sc = tf.TensorArray(tf.float32, size=2).scatter([1, 0], x)
        sp = tf.TensorArray(tf.float32, size=2).split(tf.reshape(x, [-1]), [3, 1])
        return ta.read(1), ta.gather([1, 0]), ta.concat(), ta.size(), sc.stack(), sp.read(0), ta.read(1) + ta.read(1)

    r, g, c, n, sc, sp, twice = f(C([[1.0, 2.0], [3.0, 4.0]]))
    assert values(r) == [3.0, 4.0] and values(g) == [[3.0, 4.0], [1.0, 2.0]] and values(c) == [1.0, 2.0, 3.0, 4.0]
    assert int(n) == 2 and values(sc) == [[3.0, 4.0], [1.0, 2.0]] and values(sp) == [1.0, 2.0, 3.0]
    assert values(twice) == [6.0, 8.0]  # graph reads never clear


def test_graph_dynamic_size_in_loop():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < tf.shape(x)[0], lambda i, ta: (i + 1, ta.write(i, x[i] * x[i])),
                              [0, ta])
        return ta.stack(), ta.size()

    s, n = f(C([1.0, 2.0, 3.0]))
    assert values(s) == [1.0, 4.0, 9.0] and int(n) == 3


def test_check_graph_with_tensor_array():
    def fn(x):
        ta = tf.TensorArray(x.dtype, size=2).write(0, x).write(1, x + 1.0)
        return ta.stack()

    check_graph(fn, np.array([1.0, 2.0, 3.0], np.float32))


def test_graph_errors():
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(3,\) but expected \(2,\)"):
        tf.function(lambda: tf.TensorArray(tf.float32, size=3, element_shape=[2]).write(0, [1.0, 2.0, 3.0]).stack())()
    with pytest.raises(TypeError, match="TensorArray dtype is float32 but Op is trying to write dtype int32"):
        tf.function(lambda: tf.TensorArray(tf.float32, size=3).write(0, C(1)).stack())()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Trying to modify element 5 in a list with 3 elements."):
        tf.function(lambda: tf.TensorArray(tf.float32, size=3).write(5, 1.0).stack())()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Trying to access element 4 in a list with 3 elements."):
        tf.function(lambda: tf.TensorArray(tf.float32, size=3).read(4))()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tried to stack list which only contains uninitialized "
                                                             "tensors and has a non-fully-defined element_shape"):
        tf.function(lambda: tf.TensorArray(tf.float32, size=2).stack())()
    eager_ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(NotImplementedError, match="construct a new TensorArray inside the function"):
        tf.function(lambda: eager_ta.write(0, 1.0).stack())()


def test_tensor_array_through_cond():
    @tf.function
    def f(x):
        ta = tf.TensorArray(x.dtype, size=2).write(0, x)
        ta = tf.cond(x > 0, lambda: ta.write(1, x * 2.0), lambda: ta.write(1, -x))
        return ta.stack()

    assert values(f(C(3.0))) == [3.0, 6.0] and values(f(C(-3.0))) == [-3.0, 3.0]
    check_gradients(f, np.array(1.5))
    check_gradients(f, np.array(-1.5))


def test_graph_gradient_write_in_loop():
    @tf.function
    def f(x):
        ta = tf.TensorArray(x.dtype, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < tf.shape(x)[0], lambda i, ta: (i + 1, ta.write(i, x[i] * x[i])),
                              [0, ta])
        return ta.stack() * tf.constant([1.0, 10.0, 100.0], x.dtype)

    x = C([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.reduce_sum(f(x))
    assert values(t.gradient(y, x)) == [2.0, 40.0, 600.0]
    check_gradients(f, np.array([1.0, 2.0, 3.0]))


def test_graph_gradient_read_in_loop_and_captured_array():
    @tf.function
    def f(x):
        ta = tf.TensorArray(x.dtype, size=3).unstack(x)

        def body(i, acc):
            return i + 1, acc * ta.read(i) + ta.read(i)
        return tf.while_loop(lambda i, acc: i < 3, body, [0, tf.ones([], x.dtype)])[1]

    x = C([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = f(x)
    assert float(y) == ((1 + 1) * 2 + 2) * 3 + 3
    check_gradients(f, np.array([1.0, 2.0, 3.0]))


def test_graph_gradient_gather_scatter_concat_split():
    @tf.function
    def f(x):
        a = tf.TensorArray(x.dtype, size=3).unstack(x)
        b = tf.TensorArray(x.dtype, size=3).scatter([2, 0], a.gather([0, 1]) * 2.0)
        c = tf.TensorArray(x.dtype, size=2).split(tf.reshape(x, [-1]), [4, 2])
        return b.stack() * b.stack(), c.concat() * tf.reshape(x, [-1]), a.concat()

    check_gradients(f, np.arange(6.0).reshape(3, 2) - 2.0)


def test_rnn_style_loop_over_time_steps_with_variable():
    w = tf.Variable([[0.5, -0.2], [0.1, 0.3]], dtype=tf.float64)

    def step(h, x_t):
        return tf.tanh(tf.matmul(h, w) + x_t)

    @tf.function
    def rnn(xs):
        inputs = tf.TensorArray(tf.float64, size=3).unstack(xs)
        outs = tf.TensorArray(tf.float64, size=3)

        def body(t, h, outs):
            h = step(h, inputs.read(t))
            return t + 1, h, outs.write(t, h)
        _, h, outs = tf.while_loop(lambda t, h, outs: t < 3, body, [0, tf.zeros([1, 2], tf.float64), outs])
        return outs.stack()

    def rnn_eager(xs):
        h, out = tf.zeros([1, 2], tf.float64), []
        for t in range(3):
            h = step(h, xs[t])
            out.append(h)
        return tf.stack(out)

    xs = C(np.array([[[0.1, 0.2]], [[0.3, -0.1]], [[-0.2, 0.4]]]))
    np.testing.assert_allclose(rnn(xs).numpy(), rnn_eager(xs).numpy())
    with tf.GradientTape(persistent=True) as t:
        t.watch(xs)
        a = tf.reduce_sum(rnn(xs) ** 2)
        b = tf.reduce_sum(rnn_eager(xs) ** 2)
    for u, v in zip(t.gradient(a, [xs, w]), t.gradient(b, [xs, w])):
        np.testing.assert_allclose(u.numpy(), v.numpy(), rtol=1e-12)
    check_gradients(rnn, xs.numpy())


def test_gradient_in_graph_via_backward():
    from numtf.autodiff.backprop import backward
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float64, [3])
        ta = tf.TensorArray(tf.float64, size=3).unstack(x * x)
        total = ta.read(0) + ta.read(2) * 3.0 + tf.reduce_sum(ta.stack())
        gx, = backward(list(g.nodes), [total], [tf.ones_like(total)], [x])
    assert values(run(g, [gx], {x: np.array([1.0, 2.0, 3.0])})[0]) == [4.0, 4.0, 24.0]
