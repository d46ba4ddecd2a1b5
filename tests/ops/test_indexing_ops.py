"""Indexing ops: `Tensor.__getitem__`, strided_slice, slice, gather, gather_nd, scatter_nd,
tensor_scatter_nd_*, boolean_mask: values, gradients (incl. repeated indices and non-contiguous
inputs), graph shape rules and TF's errors.

Expected values and messages were checked in real TensorFlow 2.21.
"""
import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run
from helpers import check_gradients, check_graph

rng = np.random.default_rng(5)
IAE = tf.errors.InvalidArgumentError
T = tf.constant([[1, 2, 3], [4, 5, 6]])


def r(*shape):
    return rng.standard_normal(shape)


def graph_shape(fn, *specs):
    g = Graph()
    with g.as_default():
        out = fn(*[g.placeholder(d, s) for d, s in specs])
    outs = out if isinstance(out, (list, tuple)) else [out]
    return [o.shape.dims for o in outs] if len(outs) > 1 else outs[0].shape.dims


def run_graph(fn, *arrays):
    """Runs fn over placeholders of the arrays' exact shapes; returns (static shapes, values)."""
    g = Graph()
    with g.as_default():
        phs = [g.placeholder(tf.as_dtype(np.asarray(a).dtype), np.shape(a)) for a in arrays]
        out = fn(*phs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    return [o.shape.dims for o in outs], run(g, outs, dict(zip(phs, arrays)))


@pytest.mark.parametrize("fn", [
    lambda a: a[1:, ::-1], lambda a: a[..., None, -1], lambda a: tf.slice(a, [1, 0], [-1, 2]),
    lambda a: tf.gather(a, [2, 0, 2], axis=0), lambda a: tf.gather(a, [[0, 2], [1, 1], [2, 2]], axis=1, batch_dims=1),
    lambda a: tf.gather_nd(a, [[1, 1], [1, 1]]), lambda a: tf.scatter_nd([[1], [1]], a[:2], [4, 3]),
    lambda a: tf.tensor_scatter_nd_update(a, [[0]], a[1:2] * 3.0), lambda a: tf.boolean_mask(a, [True, False, True])],
    ids=["getitem", "newaxis", "slice", "gather", "gather_batch", "gather_nd", "scatter_nd", "tensor_scatter",
         "boolean_mask"])
def test_gradients_in_graphs_with_unknown_dims(fn):
    from numtf.autodiff.backprop import backward
    from numtf.ops.registry import OpRecord
    a = r(3, 3)
    x = tf.constant(a)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    eager = tape.gradient(y, x)
    g = Graph()
    with g.as_default():
        p = g.placeholder(tf.float64, [None, None])
        out = fn(p)
        recs = [OpRecord(n.op, n.inputs, n.outputs, n.attrs) for n in g.nodes]
        sym = tf.convert_to_tensor(backward(recs, [out], [tf.ones_like(out)], [p])[0])  # (gather: IndexedSlices)
    np.testing.assert_allclose(run(g, [sym], {p: a})[0], tf.convert_to_tensor(eager).numpy())


# -- __getitem__ -------------------------------------------------------------------------------
A = np.arange(24).reshape(2, 3, 4)
SPECS = [0, -1, (1, 2), (slice(None), 1), (Ellipsis, 0), (None, 0), (0, None, Ellipsis, None),
         slice(None, None, -1), (slice(None), slice(None, None, -2)), (slice(-10, 10), slice(1, None)),
         (Ellipsis, slice(3, 0, -1)), (1, -1, -1), (), (slice(5, 10),), (slice(None), None, slice(0, 2), -2),
         (np.int64(1),), (np.array(1), 0), [1, 2], [slice(None), 0]]


@pytest.mark.parametrize("spec", SPECS, ids=[repr(s) for s in SPECS])
def test_getitem_matches_numpy(spec):
    out = tf.constant(A)[spec]
    expect = A[tuple(spec) if isinstance(spec, list) else spec]
    assert out.shape == expect.shape and out.dtype == tf.int64
    np.testing.assert_array_equal(out.numpy(), expect)


def test_getitem_tensor_indices_and_masks():
    assert T[tf.constant(1)].numpy().tolist() == [4, 5, 6]
    assert T[tf.constant(1, tf.int64)].numpy().tolist() == [4, 5, 6]
    assert T[tf.constant(1, tf.int16)].numpy().tolist() == [4, 5, 6]
    assert T[tf.constant(0):tf.constant(1)].shape == (1, 3)
    assert T[tf.constant(1, tf.int64):tf.constant(3)].shape == (1, 3)
    assert T[tf.Variable(1)].numpy().tolist() == [4, 5, 6]
    assert T[[0, 1]].numpy() == 2  # a list indexes like a tuple, not NumPy fancy indexing
    assert T[np.array([True, False])].numpy().tolist() == [[1, 2, 3]]
    assert T[tf.greater(T, 3)].numpy().tolist() == [4, 5, 6]
    assert T[tf.constant([[True, False, True], [False, False, True]])].numpy().tolist() == [1, 3, 6]
    assert tf.constant(3)[...].numpy() == 3 and tf.constant(3)[None].shape == (1,)


@pytest.mark.parametrize("spec,err,msg", [
    (5, IAE, r"slice index 5 of dimension 0 out of bounds. \[Op:StridedSlice\]"),
    (-3, IAE, "slice index -1 of dimension 0 out of bounds."),
    ((slice(None), 7), IAE, "slice index 7 of dimension 1 out of bounds."),
    ((1, 2, 3), IAE, "Index out of range using input dim 2; input has only 2 dims"),
    (slice(None, None, 0), IAE, r"strides\[0\] must be non-zero"),
    ((Ellipsis, Ellipsis), IAE, "Multiple ellipses in slice spec not allowed"),
    ([True, False], IAE, "Value for attr 'Index' of bool is not in the list of allowed values"),
    (0.5, TypeError, r"Only integers, slices \(`:`\), ellipsis \(`...`\), tf.newaxis \(`None`\) and scalar "
                     r"tf.int32/tf.int64 tensors are valid indices, got 0.5"),
    (slice(0.0, 1), TypeError, "valid indices, got 0.0"),
    ([[0, 1]], TypeError, r"valid indices, got \[0, 1\]"),
    (np.array([0, 1]), TypeError, r"valid indices, got array\(\[0, 1\]\)"),
    ("a", TypeError, "valid indices, got 'a'"),
    (True, ValueError, "mask cannot be scalar."),
])
def test_getitem_errors(spec, err, msg):
    with pytest.raises(err, match=msg):
        T[spec]


def test_getitem_tensor_index_errors():
    with pytest.raises(TypeError, match="valid indices, got <tf.Tensor: shape=.2,., dtype=int32"):
        T[tf.constant([0, 1])]
    with pytest.raises(TypeError, match="dtype=float32"):
        T[tf.constant(1.0)]
    with pytest.raises(TypeError, match="dtype=uint8"):
        T[tf.constant(1, tf.uint8)]
    with pytest.raises(IAE, match="Attempting to slice scalar input."):
        tf.constant(3)[0]


@pytest.mark.parametrize("fn", [
    lambda a: a[1], lambda a: a[:, ::-1], lambda a: a[::-2, 1:], lambda a: a[None, ..., -1],
    lambda a: a[..., None, 1:3], lambda a: a[-1, -2], lambda a: a[::2][:, ::-1][1:],
    lambda a: a[tf.constant(1), ::-1], lambda a: a[:, 5:], lambda a: a[[slice(None), 0]]])
def test_getitem_gradients(fn):
    check_gradients(fn, r(3, 4))


def test_strided_slice_function():
    p = tf.reshape(tf.range(10.0), [5, 2])
    assert tf.strided_slice(p, [1, 0], [4, 2], [2, 1]).numpy().tolist() == [[2, 3], [6, 7]]
    assert tf.strided_slice(p, [1, 0], [4, 2], [1, 1], begin_mask=1, end_mask=2,
                            shrink_axis_mask=2).numpy().tolist() == [0, 2, 4, 6]
    assert tf.strided_slice(tf.zeros([2, 3, 4]), [0, 1], [0, 2], [1, 1], ellipsis_mask=1).shape == (2, 3, 1)
    assert tf.strided_slice(tf.zeros([2, 3, 4]), [0, 0], [0, 2], [1, 1], new_axis_mask=1).shape == (1, 2, 3, 4)
    assert tf.strided_slice(p, [3], [4], [1], begin_mask=1, shrink_axis_mask=1).numpy().tolist() == [6, 7]
    assert tf.strided_slice(p, [0], [0], [1], ellipsis_mask=1, new_axis_mask=1).shape == (5, 2)
    assert tf.strided_slice(p, [1], [3]).shape == (2, 2)
    with pytest.raises(IAE, match=r"Expected begin, end, and strides to be 1D equal size tensors, but got "
                                  r"shapes \[2\], \[1\], and \[2\] instead."):
        tf.strided_slice(p, [1, 0], [4], [1, 1])
    with pytest.raises(IAE, match="only stride 1 allowed on non-range indexing."):
        tf.strided_slice(p, [3], [2], [-1], shrink_axis_mask=1)
    check_gradients(lambda a: tf.strided_slice(a, [0, 3], [3, 0], [2, -1], end_mask=1), r(4, 4))


def test_variable_getitem_and_gradient():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    assert v[1, ::-1].numpy().tolist() == [4.0, 3.0]
    with pytest.raises(IAE, match="slice index 3 of dimension 0 out of bounds."):
        v[3]
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v[:, 1] * tf.constant([2.0, 3.0]))
    assert tape.gradient(y, v).numpy().tolist() == [[0, 2], [0, 3]]
    t = v[0]
    v.assign_add([[10.0, 10.0], [10.0, 10.0]])  # the slice (a view) must not change
    assert t.numpy().tolist() == [1.0, 2.0]


def test_getitem_second_order():
    x = tf.constant(r(4))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(x[::-2] * x[::-2] * x[::-2])
        g = inner.gradient(y, x)
    h = outer.gradient(g, x)
    expect = np.zeros(4)
    expect[::-2] = 6 * x.numpy()[::-2]
    np.testing.assert_allclose(h.numpy(), expect)


def test_getitem_in_graphs():
    assert graph_shape(lambda a: a[:, 1], (tf.float32, [None, None])) == [None]
    assert graph_shape(lambda a: a[1:3, ::-1], (tf.float32, [2, 3])) == [1, 3]
    assert graph_shape(lambda a: a[1:, None, ...], (tf.float32, None)) is None
    assert graph_shape(lambda a: a[-1:, -2], (tf.float32, [2, 3])) == [1]
    assert graph_shape(lambda a: a[..., 0], (tf.float32, [None, 5, 2])) == [None, 5]
    with pytest.raises(ValueError, match="slice index 5 of dimension 0 out of bounds."):
        graph_shape(lambda a: a[5], (tf.float32, [2, 3]))
    check_graph(lambda a: [a[1], a[:, ::-1], a[None, ..., 0], a[-1, 1:]], r(3, 4).astype(np.float32))
    # an index known only at run time becomes an op input; its dims stay known where they can
    assert graph_shape(lambda a, i: a[i], (tf.float32, [2, 3]), (tf.int32, [])) == [3]
    assert graph_shape(lambda a, i: a[i:, :2], (tf.float32, [2, 3]), (tf.int32, [])) == [None, 2]
    x = r(4, 3).astype(np.float32)
    shapes, (v1, v2) = run_graph(lambda a, i: [a[i], a[i:, ::-1]], x, np.array(2, np.int32))
    np.testing.assert_array_equal(v1, x[2])
    np.testing.assert_array_equal(v2, x[2:, ::-1])
    assert graph_shape(lambda a: tf.reshape(a, [tf.shape(a)[0], -1]), (tf.float32, [7, None, 2])) == [7, None]


def test_getitem_graph_gradient_with_dynamic_index():
    from numtf.autodiff.backprop import backward
    from numtf.ops.registry import OpRecord
    g = Graph()
    with g.as_default():
        a = g.placeholder(tf.float64, [None, 3])
        i = g.placeholder(tf.int32, [])
        y = a[i, ::-1]
        recs = [OpRecord(n.op, n.inputs, n.outputs, n.attrs) for n in g.nodes]
        dx = backward(recs, [y], [tf.constant([1.0, 2.0, 3.0], tf.float64)], [a])[0]
    out = run(g, [dx], {a: np.zeros((3, 3)), i: np.array(1, np.int32)})[0]
    np.testing.assert_array_equal(out, [[0, 0, 0], [3, 2, 1], [0, 0, 0]])


# -- slice ---------------------------------------------------------------------------------------
def test_slice():
    p = tf.reshape(tf.range(10.0), [5, 2])
    assert tf.slice(p, [1, 0], [2, -1]).numpy().tolist() == [[2, 3], [4, 5]]
    assert tf.slice(p, tf.constant([4, 1]), [1, 1]).numpy().tolist() == [[9]]
    for begin, size, msg in [([4, 0], [2, -1], r"Expected size\[0\] in \[0, 1\], but got 2"),
                             ([-1, 0], [1, 1], r"Expected begin\[0\] in \[0, 5\], but got -1"),
                             ([1], [2], "Expected begin and size arguments to be 1-D tensors of size 2, but got "
                                        r"shapes \[1\] and \[1\] instead."),
                             ([1, 0], [-2, 1], r"Expected size\[0\] in \[0, 4\], but got -2")]:
        with pytest.raises(IAE, match=msg):
            tf.slice(p, begin, size)
    check_gradients(lambda a: tf.slice(a, [1, 0], [2, -1]), r(4, 3))
    check_gradients(lambda a: tf.slice(a[::-1], [0, 1], [-1, 2]), r(3, 3))
    check_graph(lambda a: tf.slice(a, [0, 1], [-1, 2]), r(3, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.slice(a, [0, 1], [-1, 2]), (tf.float32, [None, 3])) == [None, 2]
    shapes, (v,) = run_graph(lambda a, b: tf.slice(a, b, [2, -1]), r(4, 3), np.array([1, 1], np.int32))
    assert shapes == [[2, None]] and v.shape == (2, 2)


# -- gather ----------------------------------------------------------------------------------
P = np.arange(10.0).reshape(5, 2)
B = np.arange(12).reshape(2, 3, 2)


@pytest.mark.parametrize("args,kw,expect", [
    ((P, [2, 0]), {}, P[[2, 0]]), ((P, [[1, 0]]), {"axis": -1}, P[:, [[1, 0]]]), ((P, 2), {}, P[2]),
    ((P, tf.constant([1], tf.int64)), {}, P[[1]]), ((P, np.zeros(0, np.int32)), {}, P[:0]),
    ((P, [1]), {"axis": tf.constant(1)}, P[:, [1]]),
    ((B, [[0, 2], [1, 1]]), {"axis": 1, "batch_dims": 1}, [[[0, 1], [4, 5]], [[8, 9], [8, 9]]]),
    ((B, [[0, 2], [1, 1]]), {"axis": -2, "batch_dims": -1}, [[[0, 1], [4, 5]], [[8, 9], [8, 9]]]),
    ((B, [[0, 1], [1, 1]]), {"axis": 2, "batch_dims": 1}, [[[0, 1], [2, 3], [4, 5]], [[7, 7], [9, 9], [11, 11]]]),
    ((B, [[0, 1], [1, 1]]), {"axis": 0, "batch_dims": 1}, B[[[0, 1], [1, 1]]]),  # TF: a plain gather
    ((np.array([b"a", b"b"], object), [1]), {}, np.array([b"b"], object))])
def test_gather_values(args, kw, expect):
    out = tf.gather(*args, **kw)
    np.testing.assert_array_equal(out.numpy(), np.asarray(expect))


def test_gather_errors():
    for idx, kw, msg in [([0, 7], {}, r"indices\[1\] = 7 is not in \[0, 5\) \[Op:GatherV2\]"),
                         ([0, -1], {}, r"indices\[1\] = -1 is not in \[0, 5\)"),
                         ([[0, 1], [7, 0]], {}, r"indices\[1,0\] = 7 is not in \[0, 5\)"),
                         ([0, 2], {"axis": 1}, r"indices\[1\] = 2 is not in \[0, 2\)"),
                         ([0], {"axis": 2}, "Shape must be at least rank 3 but is rank 2")]:
        with pytest.raises(IAE, match=msg):
            tf.gather(P, idx, **kw)
    with pytest.raises(IAE, match="Value for attr 'Tindices' of float is not in the list of allowed values"):
        tf.gather(P, [0.0])
    with pytest.raises(IAE, match=r"params.shape\[0\]: 2 should be equal to indices.shape\[0\]: 3"):
        tf.gather(B, [[0, 1], [1, 1], [0, 0]], axis=1, batch_dims=1)
    with pytest.raises(IAE, match=r"indices\[1,1\] = 5 is not in \[0, 3\)"):
        tf.gather(B, [[0, 2], [1, 5]], axis=1, batch_dims=1)


def test_gather_gradients_accumulate_repeats():
    check_gradients(lambda p: tf.gather(p, [0, 2, 0, 0]), r(3, 2))
    check_gradients(lambda p: tf.gather(p, [[1, 1], [0, 1]], axis=1), r(2, 3, 2))
    check_gradients(lambda p: tf.gather(p, [[0, 2, 2], [1, 1, 0]], axis=1, batch_dims=1), r(2, 3, 2))
    check_gradients(lambda p: tf.gather(p, [[0, 0], [1, 0]], axis=2, batch_dims=1), r(2, 3, 2))
    check_gradients(lambda p: tf.gather(p[::-1, ::2], [1, 1, 0], axis=-1), r(2, 6))
    x = tf.constant(np.ones((3, 2)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.gather(x, [2, 2, 2, 0])
    assert tf.convert_to_tensor(tape.gradient(y, x)).numpy().tolist() == [[1, 1], [0, 0], [3, 3]]


def test_gather_second_order_and_graph():
    x = tf.constant(r(4))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.square(tf.gather(x, [1, 1, 3])))
        g = inner.gradient(y, x)
        assert isinstance(g, tf.IndexedSlices) and g.indices.numpy().tolist() == [1, 1, 3]  # (TF: the same)
        dense = tf.convert_to_tensor(g)
    g2 = outer.gradient(dense, x)
    assert isinstance(g2, tf.IndexedSlices)
    np.testing.assert_allclose(tf.convert_to_tensor(g2).numpy(), [0, 4, 0, 2])
    check_graph(lambda p, i: tf.gather(p, i, axis=1), r(2, 3).astype(np.float32), np.array([[2, 0]], np.int32))
    assert graph_shape(lambda p, i: tf.gather(p, i, axis=1), (tf.float32, [None, None]),
                       (tf.int32, [None, 4])) == [None, None, 4, ]
    check_graph(lambda p, i: tf.gather(p, i, axis=1, batch_dims=1), B.astype(np.float32), np.array([[0, 2], [1, 1]]))


# -- gather_nd -----------------------------------------------------------------------------------
def test_gather_nd():
    assert tf.gather_nd(P, [[1, 0], [4, 1]]).numpy().tolist() == [2, 9]
    assert tf.gather_nd(P, [[1], [4]]).numpy().tolist() == [[2, 3], [8, 9]]
    assert tf.gather_nd(B, [[1], [2]], batch_dims=1).numpy().tolist() == [[2, 3], [10, 11]]
    assert tf.gather_nd(B, [[[1, 0]], [[2, 1]]], batch_dims=1).numpy().tolist() == [[2], [11]]
    assert tf.gather_nd([[1, 2], [3, 4]], tf.zeros([2, 0], tf.int32)).shape == (2, 2, 2)
    assert tf.gather_nd([[1, 2], [3, 4]], tf.zeros([0, 2], tf.int32)).shape == (0,)
    with pytest.raises(IAE, match=r"indices\[1\] = \[5, 1\] does not index into param shape \[5,2\], node name: GatherNd"):
        tf.gather_nd(P, [[1, 0], [5, 1]])
    with pytest.raises(IAE, match=r"indices\[1\] = \[-1, 1\] does not index into param shape"):
        tf.gather_nd(P, [[1, 0], [-1, 1]])
    with pytest.raises(IAE, match="index innermost dimension length must be <= params rank; saw: 3 vs. 2"):
        tf.gather_nd(P, [[1, 0, 0]])
    check_gradients(lambda p: tf.gather_nd(p, [[1, 0], [1, 0], [0, 2]]), r(2, 3))
    check_gradients(lambda p: tf.gather_nd(p, [[1], [1]]), r(2, 3))
    check_gradients(lambda p: tf.gather_nd(p, [[[1, 0]], [[2, 1]]], batch_dims=1), r(2, 3, 2))
    check_graph(lambda p, i: tf.gather_nd(p, i), r(3, 2).astype(np.float32), np.array([[1, 0], [2, 1]], np.int32))
    assert graph_shape(lambda p, i: tf.gather_nd(p, i), (tf.float32, [None, None]), (tf.int32, [5, 2])) == [5]


# -- scatter ---------------------------------------------------------------------------------
def test_scatter_nd():
    assert tf.scatter_nd([[1], [3], [1]], [1.0, 2.0, 3.0], [5]).numpy().tolist() == [0, 4, 0, 2, 0]
    assert tf.scatter_nd([[1]], [[1.0, 2.0]], [3, 2]).numpy().tolist() == [[0, 0], [1, 2], [0, 0]]
    assert tf.scatter_nd([[1]], [5], tf.constant([3], tf.int64)).numpy().tolist() == [0, 5, 0]
    for args, msg in [(([[1], [7]], [1.0, 2.0], [5]), r"indices\[1\] = \[7\] does not index into shape \[5\]"),
                      (([[-1]], [1.0], [3]), r"indices\[0\] = \[-1\] does not index into shape \[3\]"),
                      (([[1]], [1.0], [-3]), "Dimension -3 must be >= 0"),
                      (([[1]], [[1.0, 2.0, 3.0]], [3, 2]), r"Dimensions \[1,2\) of input\[shape=\[3,2\]\] must match "
                                                            r"dimensions \[1,2\) of updates\[shape=\[1,3\]\]")]:
        with pytest.raises(IAE, match=msg):
            tf.scatter_nd(*args)
    check_gradients(lambda u: tf.scatter_nd([[1], [0], [1]], u, [3, 2]), r(3, 2))
    check_graph(lambda i, u: tf.scatter_nd(i, u, [4, 3]), np.array([[1], [3]], np.int32), r(2, 3).astype(np.float32))
    assert graph_shape(lambda i, u: tf.scatter_nd(i, u, [4, 3]), (tf.int32, [None, 1]), (tf.float32, [None, 3])) == [4, 3]


def test_tensor_scatter():
    assert tf.tensor_scatter_nd_update([1, 2, 3, 4], [[1], [3]], [9, 8]).numpy().tolist() == [1, 9, 3, 8]
    assert tf.tensor_scatter_nd_add([1, 2, 3, 4], [[1], [3], [1]], [9, 8, 7]).numpy().tolist() == [1, 18, 3, 12]
    assert tf.tensor_scatter_nd_sub([1, 2, 3, 4], [[1], [3], [1]], [9, 8, 7]).numpy().tolist() == [1, -14, 3, -4]
    assert tf.tensor_scatter_nd_update([1.0, 2.0], [[1]], [9]).dtype == tf.float32
    assert tf.tensor_scatter_nd_add(tf.zeros([3, 2]), [[0], [0]], [[1.0, 2.0], [3.0, 4.0]]).numpy().tolist() == \
        [[4, 6], [0, 0], [0, 0]]
    with pytest.raises(IAE, match=r"indices\[1\] = \[5\] does not index into shape \[4\] \[Op:TensorScatterUpdate\]"):
        tf.tensor_scatter_nd_update([1, 2, 3, 4], [[1], [5]], [9, 8])
    with pytest.raises(IAE, match=r"Inner dimensions of output shape must match inner dimensions of updates shape. "
                                  r"Output: \[2\] updates: \[1,2\]"):
        tf.tensor_scatter_nd_update([1, 2], [[0]], [[1, 2]])
    t = tf.constant([1, 2])
    assert tf.tensor_scatter_nd_update(t, [[0]], [5]) is not t and t.numpy().tolist() == [1, 2]  # input unchanged
    check_gradients(lambda t, u: tf.tensor_scatter_nd_update(t, [[2], [0]], u), r(4, 2), r(2, 2))
    check_gradients(lambda t, u: tf.tensor_scatter_nd_add(t, [[2], [2]], u), r(4, 2), r(2, 2))
    check_gradients(lambda t, u: tf.tensor_scatter_nd_sub(t, [[1, 1], [0, 0]], u), r(2, 2), r(2))
    check_graph(lambda t, i, u: tf.tensor_scatter_nd_add(t, i, u), r(4).astype(np.float32),
                np.array([[1], [1]], np.int32), r(2).astype(np.float32))


# -- boolean_mask ------------------------------------------------------------------------------
def test_boolean_mask():
    m = [True, False, True, False, True]
    assert tf.boolean_mask(P, m).numpy().tolist() == P[[0, 2, 4]].tolist()
    assert tf.boolean_mask(P, [True, False], axis=1).numpy().tolist() == P[:, :1].tolist()
    assert tf.boolean_mask(P, [[True, False]] * 5).numpy().tolist() == [0, 2, 4, 6, 8]
    assert tf.boolean_mask(B, [[True, False], [False, True], [True, True]], axis=1).numpy().tolist() == \
        [[0, 3, 4, 5], [6, 9, 10, 11]]
    assert tf.boolean_mask(P, [1, 0, 1, 0, 1]).shape == (3, 2) and tf.boolean_mask([1, 2], [1.0, 0.0]).shape == (1,)
    assert tf.boolean_mask(tf.zeros([0, 2]), tf.zeros([0], tf.bool)).shape == (0, 2)
    with pytest.raises(ValueError, match=r"Shapes \(5,\) and \(2,\) are incompatible"):
        tf.boolean_mask(P, [True, False])
    with pytest.raises(ValueError, match=r"Shapes \(\) and \(2,\) are incompatible"):  # TF rejects axis=-1 so
        tf.boolean_mask(P, [True, False], axis=-1)
    with pytest.raises(ValueError, match="mask cannot be scalar."):
        tf.boolean_mask(P, True)
    check_gradients(lambda a: tf.boolean_mask(a, [True, False, True]), r(3, 2))
    check_gradients(lambda a: tf.boolean_mask(a[::-1], [[True, False], [False, True]], axis=1), r(2, 2, 2))
    shapes, (v,) = run_graph(lambda a, k: tf.boolean_mask(a, k), P, np.array(m))
    assert shapes == [[None, 2]] and v.tolist() == P[[0, 2, 4]].tolist()
    assert graph_shape(lambda a, k: tf.boolean_mask(a, k), (tf.float32, [None, 3]), (tf.bool, [None])) == [None, 3]
