"""Array ops (array_ops), joining ops (join_ops) and sorting ops (sort_ops): values, dtypes, gradients, graph
shape rules (incl. unknown dims and run-time shape arguments) and TF's errors.

Expected values, dtypes and messages were checked in real TensorFlow 2.21.
"""
import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run
from numtf.ops import array_ops, sort_ops
from helpers import check_gradients, check_graph

rng = np.random.default_rng(3)
IAE = tf.errors.InvalidArgumentError


def r(*shape):
    return rng.standard_normal(shape)


def distinct(*shape):
    """Values without ties (sorting gradients are only defined then)."""
    return rng.permutation(int(np.prod(shape))).reshape(shape) * 0.37 + 0.1


def graph_shape(fn, *specs):
    """Static shape/dtype of fn over placeholders of the given (dtype, shape) specs."""
    g = Graph()
    with g.as_default():
        out = fn(*[g.placeholder(d, s) for d, s in specs])
    outs = out if isinstance(out, (list, tuple)) else [out]
    return [o.shape.dims for o in outs] if len(outs) > 1 else outs[0].shape.dims


def check_dynamic(fn, *arrays):
    """Runs fn over placeholders (values known only at run time) and compares with eager."""
    eager = fn(*[tf.constant(a) for a in arrays])
    g = Graph()
    with g.as_default():
        phs = [g.placeholder(tf.as_dtype(np.asarray(a).dtype), np.shape(a)) for a in arrays]
        sym = fn(*phs)
    eager, sym = (x if isinstance(x, (list, tuple)) else [x] for x in (eager, sym))
    for e, s, v in zip(eager, sym, run(g, sym, dict(zip(phs, arrays)))):
        assert s.dtype == e.dtype and s.shape.is_compatible_with(e.shape)
        np.testing.assert_array_equal(v, e.numpy())


def graph_backward(g, target, source):
    """The gradient of sum(target) w.r.t. source, emitted into graph g (as tf.gradients would)."""
    from numtf.autodiff.backprop import backward
    from numtf.ops.registry import OpRecord
    records = [OpRecord(n.op, n.inputs, n.outputs, n.attrs) for n in g.nodes]
    with g.as_default():
        return backward(records, [target], [tf.ones_like(target)], [source])[0]


def check_graph_gradient(fn, *arrays):
    """The gradient emitted into a graph whose inputs have unknown dims equals the eager one."""
    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = fn(*xs)
    eager = tape.gradient(y, xs)
    g = Graph()
    with g.as_default():
        phs = [g.placeholder(tf.float64, [None] * np.ndim(a)) for a in arrays]
        out = fn(*phs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    from numtf.autodiff.backprop import backward
    from numtf.ops.registry import OpRecord
    for ph, e in zip(phs, eager):
        recs = [OpRecord(n.op, n.inputs, n.outputs, n.attrs) for n in g.nodes]
        with g.as_default():
            sym = backward(recs, outs, [tf.ones_like(o) for o in outs], [ph])[0]
        if e is None:
            assert sym is None
            continue
        np.testing.assert_allclose(run(g, [sym], dict(zip(phs, arrays)))[0], e.numpy())


@pytest.mark.parametrize("fn", [
    lambda a, b: tf.concat([a, b], -1), lambda a, b: tf.split(tf.concat([a, b], 0), [1, -1])[1],
    lambda a, b: tf.stack([a, b], 1), lambda a, b: tf.tile(a, [2, 3]) * 2.0,
    lambda a, b: tf.pad(a, [[1, 0], [2, 1]]), lambda a, b: tf.pad(b, [[1, 1], [1, 0]], "REFLECT"),
    lambda a, b: tf.reshape(tf.transpose(a), [-1]), lambda a, b: tf.broadcast_to(a[:1], tf.shape(b)),
    lambda a, b: tf.repeat(a, [1, 2], axis=0), lambda a, b: tf.sort(b, direction="DESCENDING"),
    lambda a, b: tf.squeeze(tf.expand_dims(a, 0)), lambda a, b: tf.reverse(tf.roll(b, 1, 0), [1])],
    ids=["concat", "split", "stack", "tile", "pad", "mirror_pad", "reshape", "broadcast_to", "repeat", "sort",
         "squeeze", "reverse_roll"])
def test_gradients_in_graphs_with_unknown_dims(fn):
    check_graph_gradient(fn, r(2, 3), distinct(2, 3))


# -- reshape -----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,expect", [([2, -1], (2, 3)), ((3, 2), (3, 2)), (6, (6,)),
                                          (tf.TensorShape([1, 6]), (1, 6)), (np.array([3, -1]), (3, 2)),
                                          (tf.constant([2, 3], tf.int64), (2, 3))])
def test_reshape_shape_kinds(shape, expect):
    out = tf.reshape(tf.range(6), shape)
    assert out.shape == expect and out.numpy().ravel().tolist() == list(range(6))


def test_reshape_empty_and_scalar():
    assert tf.reshape(tf.zeros([0, 3]), [0, -1]).shape == (0, 3)   # TF resolves -1 from non-zero dims
    assert tf.reshape(tf.zeros([0, 3]), [-1, 0]).shape == (3, 0)
    assert tf.reshape(tf.zeros([0, 3]), [2, 0, -1]).shape == (2, 0, 1)
    assert tf.reshape([5], []).shape == ()


@pytest.mark.parametrize("shape,msg", [
    ([4], "Input to reshape is a tensor with 6 values, but the requested shape has 4 [Op:Reshape]"),
    ([4, -1], "but the requested shape requires a multiple of 4"),
    ([-1, -1], "Only one input size may be -1, not both 0 and 1"),
    ([-2, 3], "Size 0 must be non-negative, not -2"),
    ([2.0, 3.0], "Value for attr 'Tshape' of float is not in the list of allowed values: int32, int64")])
def test_reshape_errors(shape, msg):
    with pytest.raises(IAE, match=msg.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        tf.reshape(tf.range(6), shape)
    with pytest.raises(IAE, match="requested shape has 0"):
        tf.reshape(tf.zeros([4]), [0, -1])


def test_reshape_gradient_and_graph():
    check_gradients(lambda x: tf.reshape(x, [3, -1]), r(2, 3))
    check_gradients(lambda x: tf.reshape(x[::-1, ::2], [-1]), r(4, 4))  # non-contiguous input
    check_graph(lambda x: tf.reshape(x, [-1, 2]), r(2, 3).astype(np.float32))
    assert graph_shape(lambda x: tf.reshape(x, [-1, 6]), (tf.float32, [None, None])) == [None, 6]
    assert graph_shape(lambda x: tf.reshape(x, [-1, 2]), (tf.float32, [2, 3])) == [3, 2]
    # shape given as a run-time tensor: an extra op input; partially known values still count
    assert graph_shape(lambda x: tf.reshape(x, [tf.shape(x)[0], -1]), (tf.float32, [4, None])) == [4, None]
    assert graph_shape(lambda x, s: tf.reshape(x, s), (tf.float32, [None, None]), (tf.int32, [3])) == [None] * 3
    check_dynamic(lambda x, s: tf.reshape(x, s), r(2, 3).astype(np.float32), np.array([3, 2], np.int32))
    with pytest.raises(ValueError, match=r"Cannot reshape a tensor with 6 elements to shape \[4\] \(4 elements\)"):
        graph_shape(lambda x: tf.reshape(x, [4]), (tf.float32, [2, 3]))


def test_reshape_dynamic_gradient_in_graph():
    g = Graph()
    x = np.arange(6.0).reshape(2, 3)
    with g.as_default():
        p = g.placeholder(tf.float64, [None, None])
        y = tf.reshape(p, [tf.shape(p)[0] * 3, -1])
    dx = graph_backward(g, y, p)
    assert dx.shape.dims == [None, None]
    out, grad = run(g, [y, dx], {p: x})
    assert out.shape == (6, 1) and grad.shape == (2, 3) and grad.sum() == 6


# -- shape, size, rank ---------------------------------------------------------------------------
def test_shape_size_rank():
    x = tf.zeros([2, 3])
    assert tf.shape(x).numpy().tolist() == [2, 3] and tf.shape(x).dtype == tf.int32
    assert tf.shape(x, out_type=tf.int64).dtype == tf.int64
    assert int(tf.size(x)) == 6 and tf.size(x, out_type=tf.int64).dtype == tf.int64
    assert int(tf.rank(x)) == 2 and int(tf.size(3.0)) == 1 and tf.shape([[1, 2]]).numpy().tolist() == [1, 2]
    assert [s.numpy().tolist() for s in tf.shape_n([x, tf.zeros([1])], out_type=tf.int64)] == [[2, 3], [1]]
    with pytest.raises(IAE, match="Value for attr 'out_type' of float is not in the list"):
        tf.shape(x, out_type=tf.float32)
    assert graph_shape(lambda t: tf.shape(t), (tf.float32, None)) == [None]
    assert graph_shape(lambda t: tf.shape(t), (tf.float32, [None, 3])) == [2]
    check_graph(lambda t: [tf.shape(t), tf.size(t), tf.rank(t)], np.zeros((2, 3), np.float32))
    g = Graph()
    with g.as_default():  # known static shapes fold into constants
        s = tf.shape(g.placeholder(tf.float32, [2, 3]))
        assert tf.get_static_value(s).tolist() == [2, 3]


def test_get_static_value():
    assert tf.get_static_value(tf.constant([1, 2])).tolist() == [1, 2]
    assert tf.get_static_value(tf.Variable(1.0)) is None
    g = Graph()
    with g.as_default():
        p = g.placeholder(tf.int32, [None, 4])
        assert tf.get_static_value(p) is None
        assert tf.get_static_value(tf.shape(p)[1] * 2) == 8
        assert tf.get_static_value(tf.shape(p)) is None


# -- expand_dims / squeeze / transpose -------------------------------------------------------
@pytest.mark.parametrize("axis,shape", [(0, (1, 2, 3)), (-1, (2, 3, 1)), (-3, (1, 2, 3)), (2, (2, 3, 1)),
                                        ([1], (2, 1, 3)), (tf.constant(1), (2, 1, 3))])
def test_expand_dims(axis, shape):
    assert tf.expand_dims(tf.zeros([2, 3]), axis).shape == shape


def test_expand_dims_squeeze_errors_gradients_graphs():
    with pytest.raises(IAE, match="Tried to expand dim index 3 for tensor with 2 dimensions"):
        tf.expand_dims(tf.zeros([2, 3]), 3)
    with pytest.raises(IAE, match="Tried to expand dim index -4"):
        tf.expand_dims(tf.zeros([2, 3]), -4)
    with pytest.raises(IAE, match="'dim' must be a tensor with a single value"):
        tf.expand_dims([3], [0, 1])
    assert tf.expand_dims(3, 0).shape == (1,)
    x = tf.zeros([1, 2, 1])
    assert tf.squeeze(x).shape == (2,) and tf.squeeze(x, -1).shape == (1, 2) and tf.squeeze(x, [0, 2]).shape == (2,)
    with pytest.raises(IAE, match=r"Can not squeeze dim\[1\], expected a dimension of 1, got 2"):
        tf.squeeze(x, 1)
    with pytest.raises(IAE, match="Tried to squeeze dim index 3 for tensor with 3 dimensions"):
        tf.squeeze(x, 3)
    check_gradients(lambda a: tf.expand_dims(a, -2), r(2, 3))
    check_gradients(lambda a: tf.squeeze(a, [0]), r(1, 3))
    check_graph(lambda a: tf.squeeze(tf.expand_dims(a, 1), -2), r(2, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.squeeze(a), (tf.float32, [1, None, 3])) is None  # TF: unknown rank
    assert graph_shape(lambda a: tf.squeeze(a, 0), (tf.float32, [None, None])) == [None]
    assert graph_shape(lambda a: tf.expand_dims(a, -1), (tf.float32, None)) is None
    with pytest.raises(ValueError, match="Can not squeeze dim"):
        graph_shape(lambda a: tf.squeeze(a, 0), (tf.float32, [2, None]))


def test_transpose():
    x = r(2, 3, 4)
    assert tf.transpose(x).shape == (4, 3, 2)
    np.testing.assert_array_equal(tf.transpose(x, [1, -1, 0]).numpy(), x.transpose(1, 2, 0))
    assert tf.transpose([1, 2, 3]).shape == (3,) and tf.transpose(3).shape == ()
    c = tf.transpose(tf.constant([[1 + 2j, 3j]]), conjugate=True)
    assert c.numpy().tolist() == [[1 - 2j], [-3j]]
    with pytest.raises(IAE, match=r"1 is missing from \{0,0\}\. \[Op:Transpose\]"):
        tf.transpose(tf.zeros([2, 3]), [0, 0])
    with pytest.raises(IAE, match="transpose expects a vector of size 2. But input.1. is a vector of size 3"):
        tf.transpose(tf.zeros([2, 3]), [0, 1, 2])
    check_gradients(lambda a: tf.transpose(a, [2, 0, 1]), r(2, 3, 2))
    check_gradients(lambda a: tf.transpose(a), r(2, 3))
    check_graph(lambda a: tf.transpose(a, [1, 0]), r(2, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.transpose(a), (tf.float32, None)) is None


# -- creation ---------------------------------------------------------------------------------
def test_zeros_ones_fill():
    assert tf.zeros([2, 3]).dtype == tf.float32 and tf.zeros(2, tf.int32).numpy().tolist() == [0, 0]
    assert tf.ones(tf.constant([2, 1])).shape == (2, 1) and tf.ones([], tf.bool).numpy() == True  # noqa: E712
    assert tf.zeros(tf.TensorShape([2])).shape == (2,) and tf.zeros([2], tf.string).numpy().tolist() == [b"", b""]
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        tf.ones([2], tf.string)
    with pytest.raises(IAE, match="Dimension -1 must be >= 0"):
        tf.zeros([-1])
    with pytest.raises(TypeError, match=r"Cannot convert \[2.0\] to EagerTensor of dtype int32"):
        tf.zeros([2.0])
    assert tf.fill([2, 2], 7).dtype == tf.int32 and tf.fill([2], "a").numpy().tolist() == [b"a", b"a"]
    with pytest.raises(IAE, match=r"value must represent a scalar, got shape \[2\]"):
        tf.fill([2], [1, 2])
    with pytest.raises(IAE, match="Dimension -2 must be >= 0"):
        tf.fill([-2], 1)
    assert tf.zeros([0, 3]).shape == (0, 3)


def test_fill_gradient_and_dynamic_dims():
    check_gradients(lambda v: tf.fill([2, 3], v), np.array(1.5))
    assert graph_shape(lambda n: tf.fill([n, 2], 1.0), (tf.int32, [])) == [None, 2]
    assert graph_shape(lambda x: tf.zeros(tf.shape(x)), (tf.float32, [None, 3])) == [None, 3]
    check_dynamic(lambda d: tf.fill(d, 2.0), np.array([2, 3], np.int32))
    check_graph(lambda x: tf.ones_like(x, dtype=tf.int64) + tf.zeros_like(x, tf.int64), np.zeros((2, 3), np.float32))


def test_zeros_like_ones_like():
    v = tf.Variable([1.0, 2.0])
    assert tf.zeros_like(v).numpy().tolist() == [0, 0] and tf.zeros_like([1, 2]).dtype == tf.int32
    assert tf.ones_like([1, 2], dtype=tf.float32).dtype == tf.float32
    assert tf.zeros_like([1.5], dtype=tf.int32).numpy().tolist() == [0]
    assert tf.zeros_like(["a", "b"]).numpy().tolist() == [b"", b""]
    with pytest.raises(IAE, match="Value for attr 'T' of string"):
        tf.ones_like(["a"])


def test_eye_meshgrid():
    assert tf.eye(2, 3).numpy().tolist() == [[1, 0, 0], [0, 1, 0]]
    assert tf.eye(2, batch_shape=[3]).shape == (3, 2, 2) and tf.eye(2, dtype=tf.int32).dtype == tf.int32
    assert tf.eye(tf.constant(2)).shape == (2, 2) and tf.eye(0).shape == (0, 0)
    with pytest.raises(IAE, match="Dimension -1 must be >= 0"):
        tf.eye(-1)
    a, b = tf.meshgrid([1, 2, 3], [4, 5])
    assert a.numpy().tolist() == [[1, 2, 3], [1, 2, 3]] and b.numpy().tolist() == [[4, 4, 4], [5, 5, 5]]
    a, b = tf.meshgrid([1, 2, 3], [4, 5], indexing="ij")
    assert a.shape == (3, 2) and b.numpy().tolist() == [[4, 5]] * 3
    assert [t.shape for t in tf.meshgrid([1, 2], [3], [4, 5, 6])] == [(1, 2, 3)] * 3
    with pytest.raises(IAE, match="cannot compute Mul"):
        tf.meshgrid([1, 2], [3.0])
    check_gradients(lambda x, y: tf.meshgrid(x, y), r(3), r(2))


@pytest.mark.parametrize("args,kw,dtype,values", [
    ((5,), {}, tf.int32, [0, 1, 2, 3, 4]), ((1, 5, 2), {}, tf.int32, [1, 3]),
    ((0, 1, 0.25), {}, tf.float32, [0, 0.25, 0.5, 0.75]), ((1, 2.5), {}, tf.float32, [1, 2]),
    ((5,), {"dtype": tf.float64}, tf.float64, [0, 1, 2, 3, 4]), ((5, 0, -2), {}, tf.int32, [5, 3, 1]),
    ((np.int64(3),), {}, tf.int64, [0, 1, 2]), ((1, 4), {"dtype": tf.float32}, tf.float32, [1, 2, 3]),
    ((2, None), {}, tf.int32, [0, 1])])
def test_range(args, kw, dtype, values):
    out = tf.range(*args, **kw)
    assert out.dtype == dtype and out.numpy().tolist() == values


def test_range_tensors_errors_graph():
    assert tf.range(tf.constant(1), tf.constant(3, tf.int64)).dtype == tf.int64  # the widest dtype wins
    assert tf.range(tf.constant(3.0, tf.float64), 5).numpy().tolist() == [3.0, 4.0]
    # floats: size and values computed in the dtype (start + i * delta), like TF
    x = tf.range(0.5, 1000.5, 0.3).numpy()
    assert x.shape == (3334,) and x[-1] == np.float32(0.5) + np.float32(3333) * np.float32(0.3)
    with pytest.raises(IAE, match="Requires start <= limit when delta > 0: 5/0"):
        tf.range(5, 0)
    with pytest.raises(IAE, match="Requires start >= limit when delta < 0: 0/5"):
        tf.range(0, 5, -1)
    with pytest.raises(IAE, match="Requires delta != 0: 0"):
        tf.range(0, 5, 0)
    with pytest.raises(TypeError, match="Cannot convert 0.5 to EagerTensor of dtype int32"):
        tf.range(0.5, 3, dtype=tf.int32)
    assert graph_shape(lambda n: tf.range(n), (tf.int32, [])) == [None]
    assert graph_shape(lambda x: tf.range(3, 10, 2), (tf.float32, [1])) == [4]
    check_dynamic(lambda n: tf.range(n), np.array(4, np.int32))


def test_linspace():
    np.testing.assert_array_equal(tf.linspace(0.0, 1.0, 5).numpy(), [0, 0.25, 0.5, 0.75, 1])
    l = tf.linspace(0.1, 3.7, 9).numpy()
    assert l.dtype == np.float32 and l[-1] == np.float32(3.7)
    assert tf.linspace(0, 10, 5).dtype == tf.float64 and tf.lin_space(0.0, 1.0, 3).shape == (3,)
    assert tf.linspace(2.0, 3.0, 1).numpy().tolist() == [2.0] and tf.linspace(0.0, 1.0, 0).shape == (0,)
    assert tf.linspace([0.0, 1.0], [1.0, 3.0], 3).numpy().tolist() == [[0, 1], [0.5, 2], [1, 3]]
    assert tf.linspace([0.0, 1.0], [1.0, 3.0], 3, axis=-1).numpy().tolist() == [[0, 0.5, 1], [1, 2, 3]]
    check_gradients(lambda a, b: tf.linspace(a, b, 4), r(2), r(2))


# -- cast, identity ------------------------------------------------------------------------------
@pytest.mark.parametrize("values,dtype,expect", [
    ([1.7, -1.7, 3e10, -3e10, np.nan, np.inf], tf.int32, [1, -1] + [-2 ** 31] * 4),
    ([1.7, -1.7, 300.0, -300.0], tf.uint8, [1, 255, 44, 212]),
    ([3e19, -3e19, np.nan], tf.int64, [-2 ** 63] * 3),
    ([1.7, -1.7, 5e9, -5e9, np.nan], tf.uint32, [1, 4294967295, 705032704, 3589934592, 0]),
    ([1.7, -1.7, 5e19, -5e9, np.nan], tf.uint64, [1, 2 ** 64 - 1, 2 ** 63, 2 ** 64 - 5000000000, 2 ** 63]),
    ([40000.5, -40000.5, 3e10], tf.int16, [-25536, 25536, 0]),
    ([70000.5, -1.5], tf.uint16, [4464, 65535]), ([200.5, -200.5], tf.int8, [-56, 56]),
    ([0.0, 0.1, np.nan], tf.bool, [False, True, True]), ([70000.0], tf.float16, [np.inf])])
def test_cast_float_conversions(values, dtype, expect):
    out = tf.cast(values, dtype)
    assert out.dtype == dtype and out.numpy().tolist() == expect


def test_cast_other_kinds_and_gradient():
    assert tf.cast([0, 2, -1], tf.bool).numpy().tolist() == [False, True, True]
    assert tf.cast([300, -1], tf.uint8).numpy().tolist() == [44, 255]
    assert tf.cast(tf.constant([2 ** 40 + 5], tf.int64), tf.int32).numpy().tolist() == [5]
    assert tf.cast([1 + 2j], tf.float32).numpy().tolist() == [1.0]
    assert tf.cast([1.5], tf.complex64).dtype == tf.complex64
    with pytest.raises(tf.errors.UnimplementedError, match="Cast string to int32 is not supported"):
        tf.cast(["a"], tf.int32)
    with pytest.raises(tf.errors.UnimplementedError, match="Cast int32 to string is not supported"):
        tf.cast(3, tf.string)
    check_gradients(lambda x: tf.cast(tf.cast(x, tf.complex128), tf.float64), r(3))
    x32 = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x32)
        y = tf.cast(x32, tf.float64) * tf.constant([3.0, 4.0], tf.float64)
    g = tape.gradient(y, x32)
    assert g.dtype == tf.float32 and g.numpy().tolist() == [3.0, 4.0]
    x = tf.constant([1.5, 2.5], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(tf.cast(x, tf.int32), tf.float64)
    assert tape.gradient(y, x) is None  # through an int: no gradient
    check_graph(lambda a: tf.cast(a, tf.int32), np.array([1.7, -2.5], np.float32))


def test_identity():
    v = tf.Variable([1.0, 2.0])
    check_gradients(lambda x: tf.identity(x), r(3))
    t = tf.identity(v)
    v.assign([3.0, 4.0])
    assert t.numpy().tolist() == [1.0, 2.0]


# -- stack / unstack / tile / one_hot ------------------------------------------------------
def test_stack_unstack():
    assert tf.stack([[1, 2], [3, 4]], axis=-1).numpy().tolist() == [[1, 3], [2, 4]]
    assert tf.stack([]).shape == (0,)
    with pytest.raises(IAE, match=r"Shapes of all inputs must match: values\[0\].shape = \[2\] != values\[1\].shape = \[1\]"):
        tf.stack([[1, 2], [3]])
    with pytest.raises(ValueError, match=r"Argument `axis` = 3 not in range \[-2, 2\)"):
        tf.stack([[1, 2], [3, 4]], axis=3)
    parts = tf.unstack(tf.reshape(tf.range(6), [2, 3]), axis=-1)
    assert [p.numpy().tolist() for p in parts] == [[0, 3], [1, 4], [2, 5]]
    with pytest.raises(IAE, match=r"Input shape axis 0 must equal 3, got shape \[2,3\]"):
        tf.unstack(tf.zeros([2, 3]), num=3)
    with pytest.raises(ValueError, match=r"Argument `axis` = 2 not in range \[-2, 2\)"):
        tf.unstack(tf.zeros([2, 3]), axis=2)
    assert tf.unstack(tf.zeros([0, 3])) == []
    check_gradients(lambda a, b: tf.stack([a, b], axis=1), r(2, 3), r(2, 3))
    check_gradients(lambda a: tf.unstack(a, axis=1)[1], r(2, 3))  # unused outputs get zeros
    check_graph(lambda a, b: tf.stack([a, b], -1), r(2, 3).astype(np.float32), r(2, 3).astype(np.float32))
    check_graph(lambda a: tf.unstack(a, axis=1), r(2, 3).astype(np.float32), unknown_dims=False)
    assert graph_shape(lambda a, b: tf.stack([a, b], 1), (tf.float32, [None, 3]), (tf.float32, [2, None])) == [2, 2, 3]
    with pytest.raises(ValueError, match="Cannot infer argument `num`"):
        graph_shape(lambda a: tf.unstack(a), (tf.float32, [None, 3]))


def test_tensor_iteration_and_len():
    x = tf.constant([[1, 2], [3, 4]])
    assert len(x) == 2 and [row.numpy().tolist() for row in x] == [[1, 2], [3, 4]]
    with pytest.raises(TypeError):
        len(tf.constant(1))


def test_tile():
    assert tf.tile([[1, 2]], [2, 1]).numpy().tolist() == [[1, 2], [1, 2]]
    assert tf.tile([1, 2], tf.constant([2])).numpy().tolist() == [1, 2, 1, 2] and tf.tile([1, 2], [0]).shape == (0,)
    with pytest.raises(IAE, match="Expected multiples argument to be a vector of length 2 but got length 1"):
        tf.tile(tf.zeros([2, 3]), [2])
    with pytest.raises(IAE, match=r"Expected multiples\[1\] >= 0, but got -1"):
        tf.tile(tf.zeros([2, 3]), [2, -1])
    check_gradients(lambda a: tf.tile(a, [2, 3]), r(2, 2))
    check_gradients(lambda a: tf.tile(a[:, ::-1], [1, 2]), r(2, 3))
    check_graph(lambda a: tf.tile(a, [2, 1]), r(2, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.tile(a, [2, 3]), (tf.float32, [None, 3])) == [None, 9]


def test_tile_gradient_with_unknown_shape_in_graph():
    g = Graph()
    with g.as_default():
        p = g.placeholder(tf.float64, [None, None])
        y = tf.tile(p, [2, 3])
    dx = graph_backward(g, y, p)
    np.testing.assert_array_equal(run(g, [dx], {p: np.ones((2, 2))})[0], np.full((2, 2), 6.0))


def test_one_hot():
    assert tf.one_hot([0, 2, -1, 5], 3).numpy().tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]
    o = tf.one_hot([0, 2], 3, on_value=5, off_value=-1)
    assert o.dtype == tf.int32 and o.numpy().tolist() == [[5, -1, -1], [-1, -1, 5]]
    assert tf.one_hot([0], 2, on_value=1, dtype=tf.float32).dtype == tf.float32
    assert tf.one_hot([0], 2, off_value=-1).numpy().tolist() == [[1, -1]]
    assert tf.one_hot([[0, 2]], 3, axis=0).shape == (3, 1, 2) and tf.one_hot(1, 3).shape == (3,)
    assert tf.one_hot([0, 2], 3, on_value=True, off_value=False).dtype == tf.bool
    assert tf.one_hot(tf.constant([0, 2], tf.uint8), 300).shape == (2, 300)
    with pytest.raises(TypeError, match="dtype <dtype: 'int32'> of on_value does not match dtype <dtype: 'float32'> of off_value"):
        tf.one_hot([0], 3, on_value=5, off_value=-1.0)
    with pytest.raises(TypeError, match="does not match dtype parameter <dtype: 'int32'>"):
        tf.one_hot([0], 3, on_value=1.0, dtype=tf.int32)
    with pytest.raises(IAE, match="Value for attr 'TI' of float is not in the list"):
        tf.one_hot([0.0], 3)
    with pytest.raises(IAE, match=r"Expected axis to be -1 or between \[0, 2\).  But received: 2"):
        tf.one_hot([0, 2], 3, axis=2)
    with pytest.raises(IAE, match="depth must be non-negative, got: -1"):
        tf.one_hot([0], -1)
    with pytest.raises(IAE, match=r"on_value must be a scalar, but got: \[2\]"):
        tf.one_hot([1], 3, on_value=[1.0, 2.0])
    check_graph(lambda i: tf.one_hot(i, 4, axis=0), np.array([[0, 3]], np.int32))


# -- broadcasting ----------------------------------------------------------------------------
def test_broadcast_to_and_shapes():
    assert tf.broadcast_to([1, 2], [3, 2]).numpy().tolist() == [[1, 2]] * 3
    assert tf.broadcast_to(1.0, tf.constant([2, 2], tf.int64)).shape == (2, 2)
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3,3\]"):
        tf.broadcast_to([1, 2], [3, 3])
    with pytest.raises(IAE, match=r"Rank of input \(2\) must be no greater than rank of output shape \(1\)"):
        tf.broadcast_to([[1, 2]], [2])
    check_gradients(lambda a: tf.broadcast_to(a, [2, 3, 2]), r(3, 1))
    check_graph(lambda a: tf.broadcast_to(a, [4, 3]), r(1, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.broadcast_to(a, [4, 3]), (tf.float32, [None, 3])) == [4, 3]
    assert tf.broadcast_static_shape(tf.TensorShape([None, 3]), tf.TensorShape([2, 1])) == tf.TensorShape([2, 3])
    with pytest.raises(ValueError, match=r"Incompatible shapes for broadcasting.*Received: \(2, 3\) and \(2, 4\)"):
        tf.broadcast_static_shape(tf.TensorShape([2, 3]), tf.TensorShape([2, 4]))
    assert tf.broadcast_dynamic_shape([2, 1], [3]).numpy().tolist() == [2, 3]
    assert tf.broadcast_dynamic_shape(tf.constant([2, 1], tf.int64), tf.constant([3], tf.int64)).dtype == tf.int64
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2,3\] vs. \[4\]"):
        tf.broadcast_dynamic_shape([2, 3], [4])


# -- concat / split ------------------------------------------------------------------------
def test_concat():
    x = tf.reshape(tf.range(6), [2, 3])
    assert tf.concat([x, x], -1).shape == (2, 6) and tf.concat([x], 0) is not None
    assert tf.concat([[1], [2]], tf.constant(0)).numpy().tolist() == [1, 2]
    for vals, axis, msg in [
            ([x, tf.zeros([3, 3], tf.int32)], 1, r"Dimension 0 in both shapes must be equal: shape\[0\] = \[2,3\] vs. "
                                                 r"shape\[1\] = \[3,3\]"),
            ([x, tf.zeros([3], tf.int32)], 0, "Ranks of all input tensors should match"),
            ([1, 2], 0, r"Can't concatenate scalars \(use tf.stack instead\)")]:
        with pytest.raises(IAE, match=msg):
            tf.concat(vals, axis)
    with pytest.raises(IAE, match=r"Expected concatenating dimensions in the range \[-2, 2\), but got 2"):
        tf.concat([x, x], 2)
    with pytest.raises(IAE, match="cannot compute ConcatV2 as input #1.zero-based. was expected to be a int32 tensor but is a float tensor"):
        tf.concat([x, tf.zeros([3, 3])], 0)
    with pytest.raises(TypeError, match=r"Cannot convert \[3.0\] to EagerTensor of dtype int32"):
        tf.concat([[1, 2], [3.0]], 0)
    check_gradients(lambda a, b, c: tf.concat([a, b, c], -1), r(2, 1), r(2, 3), r(2, 2))
    check_gradients(lambda a, b: tf.concat([a[::-1], b], 0), r(2, 2), r(1, 2))
    check_graph(lambda a, b: tf.concat([a, b], 1), r(2, 1).astype(np.float32), r(2, 3).astype(np.float32))
    assert graph_shape(lambda a, b: tf.concat([a, b], 1), (tf.float32, [None, 3]), (tf.float32, [2, None])) == [2, None]
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 4 and 2"):
        graph_shape(lambda a, b: tf.concat([a, b], 1), (tf.float32, [4, 3]), (tf.float32, [2, None]))


def test_split():
    parts = tf.split(tf.range(6), [1, -1, 2])
    assert [p.numpy().tolist() for p in parts] == [[0], [1, 2, 3], [4, 5]]
    assert [p.shape for p in tf.split(tf.zeros([2, 6]), 3, axis=-1)] == [(2, 2)] * 3
    assert [p.shape for p in tf.split(tf.zeros([2, 3]), tf.constant([1, 2]), axis=1)] == [(2, 1), (2, 2)]
    assert [p.shape for p in tf.split(tf.zeros([0, 2]), 2, axis=1)] == [(0, 1)] * 2
    with pytest.raises(IAE, match=r"evenly divide the split dimension, but got split_dim 0 \(size = 6\) and num_split 4"):
        tf.split(tf.range(6), 4)
    with pytest.raises(IAE, match="Determined shape must either match input shape along split_dim exactly.*Got: 3"):
        tf.split(tf.range(6), [1, 2])
    with pytest.raises(IAE, match="There can only be one -1 in the input."):
        tf.split(tf.range(6), [-1, -1])
    check_gradients(lambda a: tf.split(a, [1, -1], axis=1), r(2, 4))
    check_gradients(lambda a: tf.split(a, 2)[1], r(4, 2))
    check_graph(lambda a: tf.split(a, [1, 2], axis=1), r(2, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.split(a, [1, -1], axis=1), (tf.float32, [None, 5])) == [[None, 1], [None, 4]]
    assert graph_shape(lambda a: tf.split(a, 3, axis=1), (tf.float32, [None, None])) == [[None, None]] * 3


# -- pad --------------------------------------------------------------------------------------
def test_pad_values_and_errors():
    x = tf.reshape(tf.range(6), [2, 3])
    assert tf.pad(x, [[1, 0], [0, 2]], constant_values=9).numpy().tolist() == \
        [[9, 9, 9, 9, 9], [0, 1, 2, 9, 9], [3, 4, 5, 9, 9]]
    np.testing.assert_array_equal(tf.pad(x, [[1, 1], [2, 2]], "REFLECT").numpy(),
                                  np.pad(x.numpy(), [[1, 1], [2, 2]], "reflect"))
    np.testing.assert_array_equal(tf.pad(x, [[2, 2], [3, 1]], "symmetric").numpy(),
                                  np.pad(x.numpy(), [[2, 2], [3, 1]], "symmetric"))
    assert tf.pad(tf.zeros([2]), [[1, 1]], constant_values=2).numpy().tolist() == [2, 0, 0, 2]
    for args, kw, err, msg in [
            ([[2, 0], [0, 0]], {"mode": "REFLECT"}, IAE, "paddings must be less than the dimension size: 2, 0 not less than 2"),
            ([[3, 0], [0, 0]], {"mode": "SYMMETRIC"}, IAE, "paddings must be no greater than the dimension size: 3, 0 greater than 2"),
            ([[1, 1], [0, 0]], {"mode": "FOO"}, ValueError, "expected to be one of \"CONSTANT\", \"REFLECT\", or \"SYMMETRIC\""),
            ([[-1, 0], [0, 0]], {}, IAE, "Paddings must be non-negative: -1 0"),
            ([[1, 1]], {}, IAE, r"The first dimension of paddings must be the rank of inputs\[1,2\] \[2,3\]"),
            ([[1, 1], [0, 0]], {"constant_values": 1.5}, TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32")]:
        with pytest.raises(err, match=msg):
            tf.pad(x, args, **kw)


@pytest.mark.parametrize("mode", ["CONSTANT", "REFLECT", "SYMMETRIC"])
def test_pad_gradients_and_graph(mode):
    p = [[1, 2], [2, 0]] if mode != "REFLECT" else [[1, 2], [2, 1]]
    check_gradients(lambda a: tf.pad(a, p, mode), r(3, 3))
    check_gradients(lambda a: tf.pad(a[:, ::-1], [[0, 1], [2, 2]], mode), r(3, 4))
    check_graph(lambda a: tf.pad(a, p, mode), r(3, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.pad(a, [[1, 2], [0, 1]], mode), (tf.float32, [None, 3])) == [None, 4]


def test_mirror_pad_second_order():
    x = tf.constant(r(3, 3))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.square(tf.pad(x, [[1, 1], [2, 0]], "SYMMETRIC")))
        g = inner.gradient(y, x)
        s = tf.reduce_sum(g)
    h = outer.gradient(s, x)
    src = np.pad(np.arange(9).reshape(3, 3), [[1, 1], [2, 0]], "symmetric")  # which x each output copies
    fold = np.bincount(src.ravel(), minlength=9).reshape(3, 3)
    np.testing.assert_allclose(h.numpy(), 2 * fold)


# -- reverse / roll / repeat ---------------------------------------------------------------
def test_reverse_roll():
    x = tf.constant([[3.0, 1.0, 2.0], [1.0, 5.0, 5.0]])
    assert tf.reverse(x, [-1, 0]).numpy().tolist() == [[5, 5, 1], [2, 1, 3]]
    assert tf.reverse([1, 2], []).numpy().tolist() == [1, 2]
    with pytest.raises(IAE, match="axis 1 specified more than once."):
        tf.reverse(x, [1, -1])
    with pytest.raises(IAE, match=r"'axis'\[0\] = 2 is out of valid range \[0, 1"):
        tf.reverse(x, [2])
    with pytest.raises(IAE, match="'dims' must be 1-dimension, not 0"):
        tf.reverse(x, 1)
    assert tf.roll([0, 1, 2, 3, 4], 2, 0).numpy().tolist() == [3, 4, 0, 1, 2]
    assert tf.roll(x, shift=[1, -1], axis=[0, 1]).numpy().tolist() == [[5, 5, 1], [1, 2, 3]]
    assert tf.roll(x, shift=[1, 1], axis=[1, 1]).numpy().tolist() == [[1, 2, 3], [5, 5, 1]]
    assert tf.roll([1, 2, 3], tf.constant(1), 0).numpy().tolist() == [3, 1, 2]
    with pytest.raises(IAE, match="shift and axis must have the same size"):
        tf.roll(x, shift=[1], axis=[0, 1])
    with pytest.raises(IAE, match="axis 2 is out of range"):
        tf.roll(x, 1, 2)
    check_gradients(lambda a: tf.reverse(a, [0, -1]), r(2, 3))
    check_gradients(lambda a: tf.roll(a, [2, -1], [1, 0]), r(2, 3))
    check_graph(lambda a: [tf.reverse(a, [1]), tf.roll(a, 1, -1)], r(2, 3).astype(np.float32))


def test_repeat():
    x = tf.constant([[3.0, 1.0, 2.0], [1.0, 5.0, 5.0]])
    assert tf.repeat([1, 2, 3], 2).numpy().tolist() == [1, 1, 2, 2, 3, 3]
    assert tf.repeat(x, [1, 0, 2], axis=1).numpy().tolist() == [[3, 2, 2], [1, 5, 5]]
    assert tf.repeat(x, [1, 2, 1, 1, 2, 1]).shape == (8,) and tf.repeat(3, 3).numpy().tolist() == [3, 3, 3]
    assert tf.repeat([[1, 2]], [0], axis=0).shape == (0, 2)
    with pytest.raises(ValueError, match="Dimensions 2 and 3 are not compatible"):
        tf.repeat(x, [1, 2, 3], axis=0)
    with pytest.raises(IAE, match=r"Expected multiples\[1\] >= 0, but got -1"):
        tf.repeat([1, 2], -1)
    check_gradients(lambda a: tf.repeat(a, 3, axis=-1), r(2, 2))
    check_gradients(lambda a: tf.repeat(a, [2, 0, 1], axis=1), r(2, 3))
    check_gradients(lambda a: tf.repeat(a[::-1], [1, 3]), r(2))
    check_graph(lambda a: tf.repeat(a, 2, axis=1), r(2, 3).astype(np.float32))
    assert graph_shape(lambda a: tf.repeat(a, 2, axis=1), (tf.float32, [None, 3])) == [None, 6]


# -- sort / argsort / top_k / unique -------------------------------------------------------
def test_sort_argsort():
    x = tf.constant([[3.0, 1.0, 2.0], [1.0, 5.0, 5.0]])
    assert tf.sort(x).numpy().tolist() == [[1, 2, 3], [1, 5, 5]]
    assert tf.sort(x, direction="DESCENDING").numpy().tolist() == [[3, 2, 1], [5, 5, 1]]
    assert tf.sort(x, axis=0).numpy().tolist() == [[1, 1, 2], [3, 5, 5]]
    assert tf.sort([np.nan, 1.0, 3.0], direction="DESCENDING").numpy()[2] != 0  # NaN last
    assert tf.argsort([1, 3, 1, 2, 3]).numpy().tolist() == [0, 2, 3, 1, 4]
    assert tf.argsort([1, 3, 1, 2, 3], direction="DESCENDING").numpy().tolist() == [1, 4, 3, 0, 2]
    assert tf.argsort(tf.constant([-2 ** 31, 0], tf.int32), direction="DESCENDING").numpy().tolist() == [1, 0]
    assert tf.argsort([[3, 1], [1, 2]], axis=0).numpy().tolist() == [[1, 0], [0, 1]]
    with pytest.raises(ValueError, match="Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction=UP"):
        tf.sort(x, direction="UP")
    check_gradients(lambda a: tf.sort(a), distinct(2, 4))
    check_gradients(lambda a: tf.sort(a, axis=0, direction="DESCENDING"), distinct(3, 2))
    check_graph(lambda a: [tf.sort(a), tf.argsort(a, axis=0)], distinct(2, 3).astype(np.float32))


def test_top_k():
    top_k = sort_ops.top_k
    v, i = top_k([1.0, 3.0, 1.0, 2.0, 3.0], k=3)
    assert v.numpy().tolist() == [3, 3, 2] and i.numpy().tolist() == [1, 4, 3] and i.dtype == tf.int32
    out = top_k([[1.0, 3.0], [4.0, 2.0]])
    assert type(out).__name__ == "TopKV2" and out.indices.numpy().tolist() == [[1], [0]]
    assert top_k([1, 3, 2], 2).values.dtype == tf.int32 and top_k([1.0], 1, index_type=tf.int64).indices.dtype == tf.int64
    v, i = top_k([1.0, np.nan, 3.0], 3)
    assert i.numpy().tolist() == [2, 0, 1]
    assert top_k([1.0, 2.0], 0).values.shape == (0,) and top_k([1.0, 3.0], k=tf.constant(2)).values.shape == (2,)
    with pytest.raises(IAE, match="input must have at least k columns. Had 2, needed 3"):
        top_k([1.0, 3.0], k=3)
    with pytest.raises(IAE, match="Need k >= 0, got -1"):
        top_k([1.0, 3.0], k=-1)
    with pytest.raises(IAE, match=r"input must be >= 1-D, got shape \[\]"):
        top_k(1.0)
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        top_k([True, False])
    check_gradients(lambda a: top_k(a, 2).values, distinct(3, 4))
    check_graph(lambda a: list(top_k(a, 2)), distinct(2, 3).astype(np.float32))
    assert graph_shape(lambda a: list(top_k(a, 2)), (tf.float32, [None, None])) == [[None, 2], [None, 2]]


def test_unique():
    y, idx = tf.unique([3, 1, 3, 2, 1])
    assert y.numpy().tolist() == [3, 1, 2] and idx.numpy().tolist() == [0, 1, 0, 2, 1]
    assert tf.unique([3, 1, 3], out_idx=tf.int64).idx.dtype == tf.int64
    y, idx = tf.unique([1.0, np.nan, np.nan, 1.0])  # every NaN is distinct
    assert y.shape == (3,) and idx.numpy().tolist() == [0, 1, 2, 0]
    assert tf.unique(["b", "a", "b"]).y.numpy().tolist() == [b"b", b"a"]
    assert tf.unique(tf.zeros([0], tf.int32)).y.shape == (0,)
    y, idx, count = tf.unique_with_counts([3, 1, 3, 2, 1])
    assert count.numpy().tolist() == [2, 2, 1]
    with pytest.raises(IAE, match="unique expects a 1D vector."):
        tf.unique([[3, 1], [3, 2]])
    assert graph_shape(lambda a: list(tf.unique(a)), (tf.int32, [None])) == [[None], [None]]
    check_dynamic(lambda a: list(tf.unique(a)), np.array([3, 1, 3], np.int32))


def test_array_ops_module_forwards_to_other_families():
    assert array_ops.gather is tf.gather and array_ops.concat is tf.concat
    with pytest.raises(AttributeError):
        array_ops.no_such_op
