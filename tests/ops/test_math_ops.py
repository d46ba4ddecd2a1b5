"""Elementwise math, comparisons, logic, bitwise ops and the Tensor/Variable operators.

Expected values, dtypes, errors and messages were checked against real TensorFlow 2.21."""
import math

import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run
from helpers import check_gradients, check_graph

rng = np.random.default_rng(1234)
IAE = tf.errors.InvalidArgumentError


def rand(*shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, size=shape)


def away_from(x, points, gap=0.15):
    """Moves values within `gap` of any of `points` (kinks, poles) out of the way."""
    x = np.array(x, dtype=np.float64)
    for p in points:
        near = np.abs(x - p) < gap
        x[near] = p + gap * np.where(x[near] >= p, 1.5, -1.5)
    return x


# -- gradients -------------------------------------------------------------------------------------
UNARY = {  # name: (function, low, high, kinks to avoid)
    "negative": (tf.negative, -2, 2, []),
    "square": (tf.square, -2, 2, []),
    "abs": (tf.abs, -2, 2, [0.0]),
    "sign": (tf.sign, -2, 2, [0.0]),
    "sqrt": (tf.sqrt, 0.2, 3, []),
    "rsqrt": (tf.math.rsqrt, 0.2, 3, []),
    "exp": (tf.exp, -2, 2, []),
    "expm1": (tf.math.expm1, -2, 2, []),
    "log": (tf.math.log, 0.2, 3, []),
    "log1p": (tf.math.log1p, -0.8, 3, []),
    "sin": (tf.sin, -3, 3, []),
    "cos": (tf.cos, -3, 3, []),
    "tan": (tf.tan, -1.2, 1.2, []),
    "tanh": (tf.tanh, -3, 3, []),
    "sigmoid": (tf.sigmoid, -5, 5, []),
    "math.sigmoid": (tf.math.sigmoid, -5, 5, []),
    "softplus": (tf.math.softplus, -5, 5, []),
    "erf": (tf.math.erf, -3, 3, []),
    "reciprocal": (tf.math.reciprocal, 0.3, 3, []),
    "asin": (tf.asin, -0.8, 0.8, []),
    "acos": (tf.acos, -0.8, 0.8, []),
    "atan": (tf.atan, -3, 3, []),
    "sinh": (tf.sinh, -2, 2, []),
    "cosh": (tf.cosh, -2, 2, []),
    "asinh": (tf.asinh, -2, 2, []),
    "acosh": (tf.acosh, 1.2, 3, []),
    "atanh": (tf.atanh, -0.8, 0.8, []),
    "reciprocal_no_nan": (tf.math.reciprocal_no_nan, 0.3, 3, []),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients_and_graph(name):
    fn, lo, hi, kinks = UNARY[name]
    x = away_from(rand(3, 4, lo=lo, hi=hi), kinks)
    check_gradients(fn, x)
    check_gradients(fn, np.array(away_from([0.5 * (lo + hi) + 0.1], kinks)[0]))  # a scalar
    check_graph(fn, x.astype(np.float32))
    assert fn(tf.constant(x.astype(np.float32))).dtype == tf.float32


BINARY = {  # name: (function, x range, y range, grad wrt)
    "add": (tf.add, (-2, 2), (-2, 2)),
    "subtract": (tf.subtract, (-2, 2), (-2, 2)),
    "multiply": (tf.multiply, (-2, 2), (-2, 2)),
    "truediv": (tf.truediv, (-2, 2), (0.5, 2)),
    "divide": (tf.divide, (-2, 2), (-2, -0.5)),
    "realdiv": (tf.realdiv, (-2, 2), (0.5, 2)),
    "pow": (tf.pow, (0.5, 2), (-2, 2)),
    "maximum": (tf.maximum, (-2, 2), (-2, 2)),
    "minimum": (tf.minimum, (-2, 2), (-2, 2)),
    "squared_difference": (tf.math.squared_difference, (-2, 2), (-2, 2)),
    "floormod": (tf.math.floormod, (0.1, 0.9), (2.1, 2.9)),
    "divide_no_nan": (tf.math.divide_no_nan, (-2, 2), (0.5, 2)),
    "xlogy": (tf.math.xlogy, (-2, 2), (0.5, 2)),
    "xdivy": (tf.math.xdivy, (-2, 2), (0.5, 2)),
    "multiply_no_nan": (tf.math.multiply_no_nan, (-2, 2), (0.5, 2)),
    "atan2": (tf.atan2, (-2, 2), (0.5, 2)),
    "op+": (lambda a, b: a + b, (-2, 2), (-2, 2)),
    "op-": (lambda a, b: a - b, (-2, 2), (-2, 2)),
    "op*": (lambda a, b: a * b, (-2, 2), (-2, 2)),
    "op/": (lambda a, b: a / b, (-2, 2), (0.5, 2)),
    "op%": (lambda a, b: a % b, (0.1, 0.9), (2.1, 2.9)),
    "op**": (lambda a, b: a ** b, (0.5, 2), (-2, 2)),
}
SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((4,), (3, 4)), ((3, 1), (1, 4)), ((), (3, 4)), ((2, 3), ())]


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients_with_broadcasting(name, shapes):
    fn, (xl, xh), (yl, yh) = BINARY[name]
    x, y = rand(*shapes[0], lo=xl, hi=xh), rand(*shapes[1], lo=yl, hi=yh)
    if name in ("maximum", "minimum"):
        y = y + 0.05 * np.sign(y - 0.0001)  # no ties: the derivative is not defined there
    check_gradients(fn, x, y)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_graph(name):
    fn, (xl, xh), (yl, yh) = BINARY[name]
    check_graph(fn, rand(3, 4, lo=xl, hi=xh).astype(np.float32), rand(4, lo=yl, hi=yh).astype(np.float32))
    check_graph(fn, rand(2, 1, lo=xl, hi=xh), rand(1, 3, lo=yl, hi=yh))


def test_binary_gradients_with_python_scalars():
    check_gradients(lambda a: 2.0 * a - a / 3.0 + a ** 2 - 1 / (a + 4.0), rand(2, 3))
    check_gradients(lambda a: tf.maximum(a, 0.0) + tf.minimum(1.0, a), away_from(rand(5), [0.0, 1.0]))


def test_where_gradients_flow_through_mask():
    cond = np.array([[True, False, True, False]])
    check_gradients(lambda x, y: tf.where(cond, x, y), rand(3, 4), rand(3, 1))
    check_gradients(lambda x, y: tf.where(cond, x, y), rand(4), rand())
    check_graph(lambda c, x, y: tf.where(c, x, y), np.array([[True], [False]]), rand(3).astype(np.float32),
                rand(2, 1).astype(np.float32))
    # the unselected branch's NaN gradient does not leak (TF: where(c, sqrt(x), y) at x = -1)
    x, y = tf.constant([1., -1.]), tf.constant([3., 4.])
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = tf.where([True, False], tf.sqrt(tf.abs(x)), y)
    gx, gy = tape.gradient(z, [x, y])
    np.testing.assert_allclose(gx.numpy(), [0.5, 0.0])
    np.testing.assert_allclose(gy.numpy(), [0.0, 1.0])


def test_clip_by_value_gradients():
    t = away_from(rand(3, 4, lo=-3, hi=3), [-1.0, 1.0])
    check_gradients(lambda a: tf.clip_by_value(a, -1.0, 1.0), t)
    check_gradients(lambda a, lo, hi: tf.clip_by_value(a, lo, hi), t, np.full((4,), -1.0), np.array(1.0))
    check_graph(lambda a: tf.clip_by_value(a, -1.0, 1.0), t.astype(np.float32))


def test_add_n_and_scalar_mul_gradients():
    check_gradients(lambda a, b, c: tf.add_n([a, b, c]), rand(2, 3), rand(2, 3), rand(2, 3))
    check_gradients(lambda a: tf.add_n([a]), rand(2, 3))
    check_gradients(lambda a: tf.scalar_mul(3.0, a), rand(4))
    check_graph(lambda a, b: tf.add_n([a, b, a]), rand(2, 3).astype(np.float32), rand(2, 3).astype(np.float32))


def test_second_order_gradients():
    x = tf.constant([0.3, -1.2, 2.0], tf.float64)
    for fn, d2 in [(tf.sigmoid, lambda v: (s := 1 / (1 + np.exp(-v))) * (1 - s) * (1 - 2 * s)),
                   (tf.tanh, lambda v: -2 * np.tanh(v) * (1 - np.tanh(v) ** 2)),
                   (lambda v: v ** 3.0, lambda v: 6 * v),
                   (tf.math.softplus, lambda v: (s := 1 / (1 + np.exp(-v))) * (1 - s))]:
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = fn(x)
            g = inner.gradient(y, x)
        np.testing.assert_allclose(outer.gradient(g, x).numpy(), d2(x.numpy()), rtol=1e-10)


def grads(fn, *values):
    ts = [tf.constant(v) for v in values]
    with tf.GradientTape() as tape:
        tape.watch(ts)
        y = fn(*ts)
    return [None if g is None else g.numpy() for g in tape.gradient(y, ts)]


def test_tie_and_kink_gradients_match_tf():
    gx, gy = grads(tf.maximum, [1., 2., 3.], [1., 1., 4.])
    assert gx.tolist() == [1, 1, 0] and gy.tolist() == [0, 0, 1]  # ties go to x
    gx, gy = grads(tf.minimum, [1., 2., 3.], [1., 1., 4.])
    assert gx.tolist() == [1, 0, 1] and gy.tolist() == [0, 1, 0]
    (g,) = grads(lambda x: tf.clip_by_value(x, 1., 3.), [0., 1., 2., 3., 4.])
    assert g.tolist() == [0, 1, 1, 1, 0]  # at a bound the gradient goes to t
    g, glo = grads(lambda x, lo: tf.clip_by_value(x, lo, 3.), [0., 1., 2., 3., 4.], [1.] * 5)
    assert g.tolist() == [0, 1, 1, 1, 0] and glo.tolist() == [1, 0, 0, 0, 0]
    assert grads(tf.abs, [-1., 0., 1.])[0].tolist() == [-1, 0, 1]
    assert grads(tf.sign, [-1., 0., 1.])[0].tolist() == [0, 0, 0]
    assert grads(tf.sqrt, [0., 4.])[0].tolist() == [np.inf, 0.25]
    assert grads(tf.math.rsqrt, [0., 4.])[0].tolist() == [-np.inf, -0.0625]
    gx, gy = grads(tf.pow, [0., 0., 2., -2.], [2., 0., 3., 2.])
    assert np.isnan(gx[1]) and gx[[0, 2, 3]].tolist() == [0, 12, -4]
    np.testing.assert_allclose(gy, [0, 0, 8 * np.log(2), 0], rtol=1e-6)
    gx, gy = grads(tf.math.xlogy, [0., 0., 1., 2.], [0., 1., 2., 0.])
    np.testing.assert_allclose(gx, [0, 0, np.log(2), -np.inf])
    assert gy.tolist() == [0, 0, 0.5, np.inf]
    gx, gy = grads(tf.math.divide_no_nan, [1., 2., 0.], [0., 4., 0.])
    assert gx.tolist() == [0, 0.25, 0] and gy.tolist() == [0, -0.125, 0]
    gx, gy = grads(tf.math.floormod, [7., -7.], [2., 3.])
    assert gx.tolist() == [1, 1] and gy.tolist() == [-3, 3]
    (g,) = grads(tf.sigmoid, [-100., 0., 100.])
    assert g.tolist() == [0, 0.25, 0]
    # TF returns None for these piecewise-constant ops
    for fn in (tf.round, tf.floor, tf.math.ceil, tf.math.rint):
        assert grads(fn, [1.5]) == [None]
    assert grads(tf.math.floordiv, [7.], [2.]) == [None, None]
    assert grads(tf.truncatediv, [7.], [2.]) == [None, None]
    with pytest.raises(LookupError, match="TruncateMod"):
        grads(tf.truncatemod, [7.], [2.])


# -- shape rules of the other ops -------------------------------------------------------------------
@pytest.mark.parametrize("fn", [
    tf.round, tf.floor, tf.math.ceil, tf.math.rint, tf.math.is_nan, tf.math.is_inf, tf.math.is_finite,
    lambda a: tf.math.floordiv(a, 0.7), lambda a: tf.truncatediv(a, 0.7), lambda a: tf.truncatemod(a, 0.7),
    lambda a: tf.logical_not(a > 0),
])
def test_graph_of_float_ops(fn):
    x = np.array([[-1.5, 0.5, np.inf], [np.nan, 2.5, -0.2]], np.float32)
    check_graph(fn, x)


@pytest.mark.parametrize("fn", [
    tf.equal, tf.not_equal, tf.less, tf.less_equal, tf.greater, tf.greater_equal,
    lambda a, b: a == b, lambda a, b: a != b, lambda a, b: a < b, lambda a, b: a >= b,
    tf.bitwise.bitwise_and, tf.bitwise.bitwise_or, tf.bitwise.bitwise_xor, tf.bitwise.left_shift,
    tf.bitwise.right_shift, lambda a, b: a & b, lambda a, b: a | b, lambda a, b: a ^ b, lambda a, b: ~a,
    tf.math.floordiv, tf.math.floormod, tf.truncatediv, tf.truncatemod, tf.pow, tf.maximum,
    tf.math.squared_difference, lambda a, b: a / b, lambda a, b: a // b, tf.math.divide_no_nan,
])
def test_graph_of_int_ops(fn):
    check_graph(fn, np.array([[-7, 0, 5], [3, 9, -2]], np.int32), np.array([2, 3, 1], np.int32))


@pytest.mark.parametrize("fn", [tf.logical_and, tf.logical_or, tf.math.logical_xor,
                                lambda a, b: a & b, lambda a, b: a | b, lambda a, b: a ^ b,
                                lambda a, b: ~a, lambda a, b: tf.where(a, b, a)])
def test_graph_of_logic_ops(fn):
    check_graph(fn, np.array([[True, False], [False, True]]), np.array([True, False]))


def test_graph_static_rules():
    g = Graph()
    with g.as_default():
        a = g.placeholder(tf.float32, [2])
        b = g.placeholder(tf.float32, [3])
        c = g.placeholder(tf.float32, [None])
        assert (a == b).shape == tf.TensorShape([])  # incompatible: a scalar, as TF
        assert (c == b).shape.rank is None
        assert (a == a).shape == tf.TensorShape([2])
        assert (a == None) is False and (a != None) is True  # noqa: E711
        m = g.placeholder(tf.bool, [None, 3])
        assert tf.where(m).shape.as_list() == [None, 2] and tf.where(m).dtype == tf.int64
        assert tf.where(g.placeholder(tf.bool)).shape.as_list() == [None, None]
        coords = tf.where(m)
        assert tf.add_n([g.placeholder(tf.float32, [None, 2]), g.placeholder(tf.float32, [3, None])]).shape == [3, 2]
        with pytest.raises(ValueError):
            tf.add_n([a, b])
        with pytest.raises(ValueError, match="Dimensions must be equal"):
            a + b
        with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType int32 not in list"):
            tf.sqrt(g.placeholder(tf.int32, [2]))
        with pytest.raises(TypeError, match="DataType bool not in list"):
            g.placeholder(tf.bool, [2]) + g.placeholder(tf.bool, [2])
        with pytest.raises(TypeError, match="does not match"):
            a * g.placeholder(tf.float64, [2])
        with pytest.raises(TypeError, match="`x` and `y` must have the same dtype"):
            a / g.placeholder(tf.float64, [2])
        with pytest.raises(TypeError, match="expected type of bool"):
            tf.logical_and(g.placeholder(tf.int32, [2]), True)
        with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(2, 2\) are incompatible"):
            tf.clip_by_value(a, [[0.], [1.]], 2.)
    (out,) = run(g, [coords], {m: np.array([[True, False, True], [False, False, True]])})
    assert out.dtype == np.int64 and out.tolist() == [[0, 0], [0, 2], [1, 2]]


# -- conversion and dtype rules (verified in TF) ---------------------------------------------------
x_i = tf.constant([1, 2])
x_f = tf.constant([1., 2.])
x_d = tf.constant([1., 2.], tf.float64)
x_b = tf.constant([True, False])


def test_add_uses_a_dtype_hint():
    with pytest.raises(IAE, match=r"cannot compute AddV2 as input #1\(zero-based\) was expected to be a int32 "
                                  r"tensor but is a float tensor \[Op:AddV2\]"):
        x_i + 0.5
    with pytest.raises(IAE, match="expected to be a int32 tensor but is a float tensor"):
        tf.add(x_i, 0.5)
    with pytest.raises(IAE, match="expected to be a float tensor but is a int32 tensor"):
        tf.add(0.5, x_i)
    with pytest.raises(IAE, match="expected to be a int32 tensor but is a float tensor"):
        tf.add(1, x_f)  # the first value converts on its own
    with pytest.raises(IAE, match="expected to be a int32 tensor but is a string tensor"):
        x_i + "a"
    assert (1 + x_f).dtype == tf.float32  # the reflected operator converts strictly
    assert tf.add(x_f, np.array([1., 2.])).dtype == tf.float32
    assert (x_d + 2.0).dtype == tf.float64 and (x_f + True).numpy().tolist() == [2, 3]
    with pytest.raises(ValueError, match="None"):
        x_i + None


@pytest.mark.parametrize("expr", [
    lambda: x_i - 0.5, lambda: tf.subtract(x_i, 0.5), lambda: x_i * 0.5, lambda: x_i // 0.5,
    lambda: x_i % 0.5, lambda: x_i ** 0.5, lambda: tf.maximum(x_i, 0.5), lambda: tf.minimum(x_i, 0.5),
    lambda: x_i < 0.5, lambda: x_i >= 0.5, lambda: x_i == 0.5, lambda: x_i != 0.5, lambda: tf.equal(x_i, 0.5),
    lambda: 0.5 + x_i, lambda: 0.5 - x_i, lambda: 0.5 * x_i, lambda: 0.5 / x_i, lambda: 0.5 < x_i,
    lambda: tf.subtract(0.5, x_i), lambda: tf.pow(x_i, 0.5), lambda: x_i & 0.5, lambda: x_i ^ 1.5,
    lambda: tf.math.divide(2.5, x_i), lambda: tf.where([True, False], x_i, 1.5),
    lambda: tf.clip_by_value(x_i, 0.5, 1), lambda: tf.scalar_mul(2., x_i),
])
def test_other_binary_ops_convert_strictly(expr):
    with pytest.raises(TypeError, match="Cannot convert .* to EagerTensor of dtype int32"):
        expr()


def test_truediv_conversion_and_dtypes():
    msg = "`x` and `y` must have the same dtype, got tf.int32 != tf.float32."
    with pytest.raises(TypeError, match=msg):
        x_i / 0.5
    with pytest.raises(TypeError, match=msg):
        tf.truediv(x_i, 0.5)
    with pytest.raises(TypeError, match="got tf.int32 != tf.float32"):
        tf.truediv(2, x_f)
    with pytest.raises(TypeError, match="got tf.float32 != tf.float64"):
        x_f / x_d
    with pytest.raises(TypeError, match=r"Invalid dtype tf.bool in __truediv__"):
        tf.divide(x_b, x_b)
    with pytest.raises(TypeError, match=r"Invalid dtype tf.bool in tf.math.divide_no_nan"):
        tf.math.divide_no_nan(x_b, x_b)
    assert tf.divide(2, x_f).numpy().tolist() == [2, 1]
    assert (2 / x_f).dtype == tf.float32 and (x_f / 2).dtype == tf.float32
    assert tf.divide(1, 2).dtype == tf.float64
    for dt, out in [(tf.int8, tf.float32), (tf.int16, tf.float32), (tf.uint8, tf.float32), (tf.uint16, tf.float32),
                    (tf.int32, tf.float64), (tf.int64, tf.float64), (tf.uint32, tf.float64)]:
        assert (tf.constant([3], dt) / tf.constant([2], dt)).dtype == out
        assert tf.math.divide_no_nan(tf.constant([3], dt), tf.constant([0], dt)).dtype == out
    assert (x_i / 0).numpy().tolist() == [np.inf, np.inf]
    assert tf.truediv(np.array([1, 2]), 2).dtype == tf.float64
    with pytest.raises(tf.errors.NotFoundError):
        tf.realdiv(x_i, x_i)


def test_mixed_tensor_dtypes_are_invalid_argument():
    for expr, op in [(lambda: x_f * x_d, "Mul"), (lambda: x_f - x_d, "Sub"), (lambda: x_f < x_d, "Less"),
                     (lambda: x_f == x_d, "Equal"), (lambda: x_i != x_f, "NotEqual"),
                     (lambda: tf.maximum(x_f, x_d), "Maximum")]:
        with pytest.raises(IAE, match=rf"cannot compute {op} as input #1\(zero-based\)"):
            expr()


def test_numpy_and_python_operands_take_the_tensor_dtype():
    assert (x_f * np.float64(2.0)).dtype == tf.float32
    assert (np.float64(1.5) * x_f).dtype == tf.float32
    r = np.array([1., 2.]) + x_f
    assert isinstance(r, tf.Tensor) and r.dtype == tf.float32
    assert isinstance(np.array([1, 2]) < x_i, tf.Tensor)
    assert (x_f * np.array([1, 2])).dtype == tf.float32
    assert (x_i * np.array([1, 2], np.int64)).dtype == tf.int32
    assert ([1., 2.] + x_f).dtype == tf.float32
    assert (tf.constant([1], tf.int32) * 2 ** 40).numpy().tolist() == [0]  # wraps like TF's C cast
    assert (tf.constant([1], tf.int64) * 2 ** 40).numpy().tolist() == [2 ** 40]
    assert (tf.constant([1], tf.uint8) - 2).numpy().tolist() == [255]
    assert (tf.constant([1.], tf.float16) * 1e10).numpy().tolist() == [np.inf]
    assert (2 ** x_i).numpy().tolist() == [2, 4] and (2 ** x_i).dtype == tf.int32


def test_bool_and_string_are_rejected_by_arithmetic():
    for expr in (lambda: x_b + x_b, lambda: tf.multiply(x_b, x_b), lambda: tf.maximum(x_b, x_b),
                 lambda: tf.less(x_b, x_b), lambda: -x_b, lambda: tf.pow(x_b, x_b), lambda: tf.square(x_b)):
        with pytest.raises(IAE, match="Value for attr 'T' of bool is not in the list of allowed values"):
            expr()
    with pytest.raises(IAE, match="Value for attr 'T' of string"):
        tf.square(tf.constant(["a"]))
    assert (tf.constant(["a"]) + "b").numpy().tolist() == [b"ab"]
    assert (tf.constant(["a", "b"]) == "a").numpy().tolist() == [True, False]
    assert tf.equal(x_b, True).numpy().tolist() == [True, False]


def test_unary_dtype_rules():
    for fn in (tf.sqrt, tf.exp, tf.math.log, tf.sigmoid, tf.tanh, tf.math.erf, tf.math.softplus,
               tf.math.floor, tf.math.ceil, tf.math.is_nan, tf.math.rsqrt):
        with pytest.raises(IAE, match="Value for attr 'T' of int32 is not in the list of allowed values"):
            fn(x_i)
    with pytest.raises(IAE, match="of uint8 is not in the list"):
        tf.abs(tf.constant([1], tf.uint8))
    with pytest.raises(IAE, match="of uint8 is not in the list"):
        -tf.constant([1], tf.uint8)
    with pytest.raises(tf.errors.NotFoundError, match="Reciprocal"):
        tf.math.reciprocal(x_i)
    assert tf.round(x_i).dtype == tf.int32 and tf.round(x_i).numpy().tolist() == [1, 2]
    assert tf.sign(x_i).numpy().tolist() == [1, 1]
    assert tf.abs(tf.constant([-128], tf.int8)).numpy().tolist() == [-128]  # wraps like TF
    assert tf.sqrt(tf.constant([4.], tf.float16)).dtype == tf.float16
    assert tf.math.erf(tf.constant([0.5], tf.float16)).dtype == tf.float16


# -- operators ----------------------------------------------------------------------------------------
def test_operator_results():
    assert (x_i // 2).numpy().tolist() == [0, 1] and (x_i % 2).numpy().tolist() == [1, 0]
    assert (x_i ** 2).dtype == tf.int32 and (-x_i).numpy().tolist() == [-1, -2]
    assert abs(tf.constant([-1.5])).numpy().tolist() == [1.5]
    assert (~x_i).numpy().tolist() == [-2, -3] and (~x_b).numpy().tolist() == [False, True]
    assert (x_b & True).numpy().tolist() == [True, False] and (True & x_b).dtype == tf.bool
    assert (x_b | x_b).numpy().tolist() == [True, False] and (x_b ^ x_b).numpy().tolist() == [False, False]
    assert (x_i | 1).numpy().tolist() == [1, 3] and (x_i ^ 3).numpy().tolist() == [2, 1]
    assert (x_i & 3).numpy().tolist() == [1, 2] and (1 | x_i).numpy().tolist() == [1, 3]
    m = tf.constant([[1., 2.], [3., 4.]])
    assert (m @ m).numpy().tolist() == [[7, 10], [15, 22]]
    assert (np.eye(2) @ m).dtype == tf.float32
    with pytest.raises(TypeError, match="bad operand type for unary \\+"):
        +x_f
    with pytest.raises(AttributeError, match="'float' object has no attribute '__ror__'"):
        x_i | 1.5  # TF raises this odd error for `|` only
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype bool"):
        x_b | 1
    with pytest.raises(IAE, match="of float is not in the list"):
        ~x_f
    with pytest.raises(IAE, match="of float is not in the list"):
        x_f & x_f
    with pytest.raises(TypeError):
        x_i << 1  # TF tensors have no shift operators
    with pytest.raises(IAE, match="In\\[0\\] ndims must be >= 2"):
        x_f @ x_f


def test_equality_operators():
    assert (x_i == None) is False and (x_i != None) is True  # noqa: E711
    assert (x_i == 1).numpy().tolist() == [True, False]
    r = x_i == [1, 2, 3]  # unbroadcastable: one scalar answer, as in TF
    assert r.shape == [] and r.numpy() == False  # noqa: E712
    assert (x_i != tf.constant([1, 2, 3])).numpy() == True  # noqa: E712
    assert (tf.constant([1., 2.]) == tf.constant([[1., 2.], [2., 2.]])).numpy().tolist() == [[True, True], [False, True]]
    with pytest.raises(IAE, match="Incompatible shapes: \\[2\\] vs. \\[3\\]"):
        tf.equal(x_i, [1, 2, 3])
    with pytest.raises(IAE) as e:  # (TF's eager errors end with the op's name field, empty here)
        tf.constant([1, 2]) + tf.constant([1, 2, 3])
    assert str(e.value) == "Incompatible shapes: [2] vs. [3] [Op:AddV2] name: "
    with pytest.raises(TypeError, match="Cannot convert 'a' to EagerTensor of dtype int32"):
        x_i == "a"
    with pytest.raises(ValueError, match="Attempt to convert a value"):
        x_i == object()
    with pytest.raises(ValueError, match="None"):
        tf.equal(x_i, None)
    with pytest.raises(TypeError):
        hash(x_i)


def test_variable_operators():
    v = tf.Variable([1., 2.])
    vi = tf.Variable([1, 2])
    assert (v + 1).dtype == tf.float32 and (1 - v).numpy().tolist() == [0, -1]
    assert (v / 2).numpy().tolist() == [0.5, 1] and (2 / v).numpy().tolist() == [2, 1]
    assert (v // 2).numpy().tolist() == [0, 1] and (v % 2).numpy().tolist() == [1, 0]
    assert (v ** 2).numpy().tolist() == [1, 4] and (2 ** v).numpy().tolist() == [2, 4]
    assert (-v).numpy().tolist() == [-1, -2] and abs(v).numpy().tolist() == [1, 2]
    assert (~vi).numpy().tolist() == [-2, -3] and (vi | 1).numpy().tolist() == [1, 3]
    assert (v == [1., 3.]).numpy().tolist() == [True, False] and (v != v).numpy().tolist() == [False, False]
    assert (v < 2).numpy().tolist() == [True, False]
    assert (np.array([1., 1.]) + v).dtype == tf.float32
    with pytest.raises(ValueError, match="None"):
        v == None  # noqa: E711 - unlike a tensor, TF's variable converts None and fails
    with pytest.raises(TypeError, match="bad operand type for unary \\+"):
        +v
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v * v + 3.0 * v)
    assert tape.gradient(y, v).numpy().tolist() == [5, 7]


# -- values and edge cases -----------------------------------------------------------------------------
def vals(t):
    return t.numpy().tolist()


def test_division_family_values():
    a = tf.constant([-7, 7])
    assert vals(a // 2) == [-4, 3] and vals(a % 3) == [2, 1] and vals(a % -3) == [-1, -2]
    assert vals(tf.math.floordiv(a, -2)) == [3, -4]
    assert vals(tf.truncatediv(a, 2)) == [-3, 3] and vals(tf.truncatemod(a, 3)) == [-1, 1]
    assert vals(tf.truncatediv(tf.constant([-7., 7.]), 2.)) == [-3, 3]
    assert vals(tf.truncatemod(tf.constant([-7.5, 7.5]), 2.)) == [-1.5, 1.5]
    f = tf.constant([-7., 7.])
    assert vals(f // 2) == [-4, 3] and vals(f % 3) == [2, 1]
    assert vals(tf.math.floormod(tf.constant([-7.5, 7.5]), -2.)) == [-1.5, -0.5]
    assert vals(tf.math.mod(tf.constant([5, -5], tf.uint8), tf.constant([3, 3], tf.uint8))) == [2, 2]
    assert vals(tf.math.floordiv(tf.constant([-2 ** 31]), -1)) == [-2 ** 31]
    # TF's float formulas: floor(x / y), and the C remainder adjusted toward y's sign
    r = tf.math.floordiv(tf.constant([-0.5]), tf.constant([np.inf])).numpy()
    assert r[0] == 0 and np.signbit(r[0])
    assert vals(tf.math.floormod(tf.constant([-0.5, 0.5]), np.inf)) == [np.inf, 0.5]
    r = tf.math.floormod(tf.constant([-4., 4.]), 2.).numpy()
    assert np.signbit(r).tolist() == [True, False]
    # float division by zero is silent inf/nan
    g = tf.constant([1., -1., 0.])
    assert vals(g / 0)[:2] == [np.inf, -np.inf] and np.isnan(vals(g / 0)[2])
    assert vals(g // 0)[:2] == [np.inf, -np.inf] and np.isnan(vals(g % 0)).all()
    assert vals(tf.math.divide_no_nan(tf.constant([1., np.nan, np.inf]), 0.)) == [0, 0, 0]
    assert vals(tf.math.multiply_no_nan(tf.constant([np.inf, 2.]), [0., 3.])) == [0, 6]
    assert vals(tf.math.xlogy(tf.constant([0., 0., 2.]), [0., np.nan, 1.])) == [0, 0, 0]
    assert vals(tf.math.reciprocal_no_nan(tf.constant([0., 2.]))) == [0, 0.5]


@pytest.mark.parametrize("expr,op", [
    (lambda: x_i // 0, "FloorDiv"), (lambda: x_i % 0, "FloorMod"), (lambda: tf.math.floormod(x_i, 0), "FloorMod"),
    (lambda: tf.math.floordiv(tf.constant([1], tf.uint8), tf.constant([0], tf.uint8)), "FloorDiv"),
])
def test_integer_division_by_zero(expr, op):
    with pytest.raises(IAE, match=rf"Integer division by zero \[Op:{op}\]"):
        expr()


def test_truncated_integer_division_by_zero_is_internal_error():
    with pytest.raises(tf.errors.InternalError, match="only integer div and mod should have errors"):
        tf.truncatediv(x_i, 0)
    with pytest.raises(tf.errors.InternalError, match="TruncateMod"):
        tf.truncatemod(x_i, 0)


def test_pow_values_and_errors():
    for expr in (lambda: x_i ** -1, lambda: tf.pow(x_i, -1), lambda: tf.constant(0) ** -1,
                 lambda: tf.constant([2, 3], tf.int64) ** -1):
        with pytest.raises(IAE, match=r"Integers to negative integer powers are not allowed \[Op:Pow\]"):
            expr()
    assert vals(x_i ** 0) == [1, 1] and vals(tf.pow(2, 3)) == 8
    assert vals(tf.pow(tf.constant([2, 3], tf.int64), 62))[0] == 2 ** 62
    assert vals(tf.pow(tf.constant(2), 31)) == -2 ** 31  # wraps
    r = vals(tf.pow(tf.constant([0., -0., 2., -8.]), tf.constant([-1., -1., 1 / 3, 1 / 3])))
    assert r[:2] == [np.inf, -np.inf] and abs(r[2] - 2 ** (1 / 3)) < 1e-6 and np.isnan(r[3])


def test_maximum_minimum_edge_values():
    nan = np.nan
    assert np.isnan(vals(tf.maximum(tf.constant([nan, 1.]), tf.constant([1., nan])))).all()
    assert np.isnan(vals(tf.minimum(tf.constant([nan, 1.]), tf.constant([1., nan])))).all()
    # on a tie TF returns x: maximum(-0.0, 0.0) is -0.0
    assert np.signbit(tf.maximum(tf.constant([-0.]), tf.constant([0.])).numpy()[0])
    assert not np.signbit(tf.maximum(tf.constant([0.]), tf.constant([-0.])).numpy()[0])
    assert np.signbit(tf.minimum(tf.constant([-0.]), tf.constant([0.])).numpy()[0])
    assert vals(tf.maximum(tf.constant([1, 5], tf.int64), tf.constant(3, tf.int64))) == [3, 5]
    assert vals(tf.maximum(tf.constant([1], tf.uint8), 2)) == [2]


def test_clip_by_value_values_and_errors():
    f = tf.constant([1., 2.])
    assert vals(tf.clip_by_value(f, 2., 1.)) == [2, 2]  # min above max: min wins
    assert vals(tf.clip_by_value(f, [0., 1.], [1.5, 1.5])) == [1, 1.5]
    assert vals(tf.clip_by_value(x_i, 0, 1)) == [1, 1] and tf.clip_by_value(2, 0, 1).dtype == tf.int32
    assert np.isnan(vals(tf.clip_by_value(tf.constant([np.nan]), 0., 1.))[0])
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Maximum\]"):
        tf.clip_by_value(f, [0., 1., 2.], 3.)
    with pytest.raises(IAE, match="expected to be a float tensor but is a double tensor"):
        tf.clip_by_value(f, tf.constant(0., tf.float64), 1.)
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(2, 2\) are incompatible"):
        tf.clip_by_value(f, [[0.], [1.]], 3.)


def test_rounding_and_sign_edge_values():
    r = tf.round(tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4])).numpy()
    assert r.tolist() == [-2, -2, 0, 0, 2, 2, 0] and np.signbit(r[2])  # half to even, keeps -0.0
    assert vals(tf.round(tf.constant([2.5, 3.5], tf.float64))) == [2, 4]
    assert vals(tf.round(tf.constant([2.5, 3.5], tf.float16))) == [2, 4]
    assert vals(tf.math.rint(tf.constant([-1.5, 0.5]))) == [-2, 0]
    assert vals(tf.floor(tf.constant([-2.5, 0.5]))) == [-3, 0] and vals(tf.math.ceil(tf.constant([-2.5, 0.5]))) == [-2, 1]
    s = tf.sign(tf.constant([-0., np.nan, -np.inf, 3.])).numpy()
    assert s[0] == 0 and not np.signbit(s[0]) and np.isnan(s[1]) and s[2:].tolist() == [-1, 1]
    assert not np.signbit(tf.abs(tf.constant([-0.])).numpy()[0])
    assert np.signbit(tf.negative(tf.constant(0.)).numpy())
    assert np.signbit(tf.sqrt(tf.constant(-0.)).numpy()) and np.isnan(vals(tf.sqrt(-1.)))
    assert vals(tf.math.log(tf.constant([-0., 0.]))) == [-np.inf, -np.inf]
    assert vals(tf.math.reciprocal(tf.constant([-0.]))) == [-np.inf]
    assert vals(tf.math.is_finite(tf.constant([1., np.inf, np.nan]))) == [True, False, False]
    assert vals(tf.math.is_inf(tf.constant([1., -np.inf, np.nan]))) == [False, True, False]
    assert vals(tf.math.is_nan(tf.constant([1., -np.inf, np.nan]))) == [False, False, True]


def test_nan_and_inf_propagate():
    x = tf.constant([np.nan, np.inf, -np.inf])
    for fn in (tf.exp, tf.sigmoid, tf.tanh, tf.math.softplus, tf.math.erf, tf.abs, tf.square, tf.sqrt):
        out = fn(x).numpy()
        assert np.isnan(out[0]), fn
    assert vals(tf.exp(x))[1:] == [np.inf, 0] and vals(tf.sigmoid(x))[1:] == [1, 0]
    assert vals(tf.tanh(x))[1:] == [1, -1] and vals(tf.math.softplus(x))[1:] == [np.inf, 0]
    assert vals(tf.math.erf(x))[1:] == [1, -1]
    assert np.isnan(vals(x + 1.)[0]) and vals(x * 0.)[0] != vals(x * 0.)[0]


def test_sigmoid_and_softplus_are_stable():
    assert vals(tf.sigmoid(tf.constant([-100., 0., 100.]))) == [0, 0.5, 1]
    np.testing.assert_allclose(vals(tf.sigmoid(tf.constant([-800., -100.], tf.float64))), [0, 3.72007598e-44], rtol=1e-8)
    sp = tf.math.softplus(tf.constant([-100., -20., 0., 20., 100., 1000.]))
    assert sp.dtype == tf.float32
    np.testing.assert_allclose(sp.numpy(), [0, 2.0611537e-09, 0.6931472, 20, 100, 1000], rtol=1e-6, atol=1e-30)
    assert vals(tf.math.softplus(tf.constant([-100., 100.], tf.float16))) == [0, 100]
    x = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(tf.math.softplus(x).numpy(), np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0), rtol=1e-14)
    np.testing.assert_allclose(tf.sigmoid(x).numpy(), 1 / (1 + np.exp(-x)), rtol=1e-14)
    assert tf.sigmoid(tf.constant(0.5)).dtype == tf.float32  # scalar path keeps the dtype


def test_erf_accuracy():
    x = np.concatenate([np.linspace(-7, 7, 2001), [0., 1e-300, 1e-10, 0.84375, 1.25, 1 / 0.35, 6.]])
    want = np.array([math.erf(v) for v in x])
    np.testing.assert_allclose(tf.math.erf(x).numpy(), want, rtol=3e-16, atol=3e-16)
    got32 = tf.math.erf(x.astype(np.float32)).numpy()
    assert got32.dtype == np.float32
    np.testing.assert_allclose(got32, [math.erf(float(v)) for v in x.astype(np.float32)], rtol=2e-7, atol=2e-7)
    assert np.signbit(tf.math.erf(tf.constant(-0.)).numpy()) and vals(tf.math.erf(tf.constant(3.)).__abs__()) < 1


def test_elementwise_values_against_numpy():
    x = rand(4, 5, lo=0.1, hi=0.9).astype(np.float32)
    for fn, ref in [(tf.exp, np.exp), (tf.math.log, np.log), (tf.math.log1p, np.log1p), (tf.math.expm1, np.expm1),
                    (tf.sin, np.sin), (tf.cos, np.cos), (tf.tan, np.tan), (tf.tanh, np.tanh), (tf.sqrt, np.sqrt),
                    (tf.math.rsqrt, lambda a: 1 / np.sqrt(a)), (tf.math.reciprocal, lambda a: 1 / a),
                    (tf.asin, np.arcsin), (tf.acos, np.arccos), (tf.atan, np.arctan), (tf.sinh, np.sinh),
                    (tf.cosh, np.cosh), (tf.asinh, np.arcsinh), (tf.atanh, np.arctanh),
                    (lambda a: tf.acosh(a + 1), lambda a: np.arccosh(a + 1))]:
        out = fn(x)
        assert out.dtype == tf.float32
        np.testing.assert_allclose(out.numpy(), ref(x), rtol=2e-6)
    np.testing.assert_allclose(vals(tf.atan2(1.0, -1.0)), 3 * np.pi / 4, rtol=1e-6)
    assert vals(tf.math.squared_difference(x_i, x_i)) == [0, 0]


# -- comparisons, logic, where, add_n, scalar_mul, bitwise --------------------------------------------
def test_comparisons_and_logic():
    assert vals(tf.less(1, 2)) is True and tf.equal("a", "a").numpy()
    assert vals(tf.greater_equal([1, 2, 3], 2)) == [False, True, True]
    assert vals(tf.math.logical_xor([True, False], [True, True])) == [False, True]
    assert vals(tf.logical_not([True, False])) == [False, True]
    assert vals(tf.logical_or(True, x_b)) == [True, True] and vals(tf.logical_and(x_b, x_b)) == [True, False]
    with pytest.raises(IAE, match=r"cannot compute LogicalAnd as input #0\(zero-based\) was expected to be a bool "
                                  r"tensor but is a int32 tensor"):
        tf.logical_and(x_i, x_i)
    with pytest.raises(IAE, match=r"input #1\(zero-based\) was expected to be a bool"):
        tf.logical_or(x_b, x_i)
    with pytest.raises(IAE, match="LogicalNot"):
        tf.logical_not(x_i)
    with pytest.raises(TypeError, match=r"Cannot convert \[1\] to EagerTensor of dtype bool"):
        tf.logical_and([True], [1])


def test_where():
    w = tf.where([[True, False], [False, True]])
    assert w.dtype == tf.int64 and vals(w) == [[0, 0], [1, 1]]
    assert vals(tf.where([1, 0, 2])) == [[0], [2]] and vals(tf.where([1., 0., 2.])) == [[0], [2]]
    assert tf.where(tf.zeros([2, 3], tf.bool)).shape == [0, 2]
    with pytest.raises(IAE, match="WhereOp : Unhandled input dimensions: 0"):
        tf.where(True)
    assert vals(tf.where([True, False], [1, 2], [3, 4])) == [1, 4]
    assert vals(tf.where([True, False], 1.5, [3, 4])) == [1.5, 4]  # y takes x's dtype
    assert tf.where([True, False], 1, [3, 4]).dtype == tf.int32
    assert vals(tf.where([True], x_i, [[1], [2]])) == [[1, 2], [1, 2]]
    assert vals(tf.where([[True], [False]], 1., 2.)) == [[1], [2]]
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.where(x_b, 1.5, x_i)
    with pytest.raises(IAE, match=r"cannot compute SelectV2 as input #2\(zero-based\) was expected to be a int32"):
        tf.where(x_b, x_i, x_f)
    with pytest.raises(IAE, match=r"input #0\(zero-based\) was expected to be a bool tensor but is a float"):
        tf.where(tf.constant([1., 0.]), 1, 2)
    with pytest.raises(TypeError, match=r"Cannot convert \[1, 0\] to EagerTensor of dtype bool"):
        tf.where([1, 0], x_i, x_i)
    with pytest.raises(IAE, match=r"condition \[3\], then \[2\], and else \[2\] must be broadcastable"):
        tf.where([True, False, True], x_i, x_i)
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None."):
        tf.where(x_b, x_i)


def test_add_n():
    assert vals(tf.add_n([tf.constant([1, 2]), tf.constant([3, 4])])) == [4, 6]
    assert vals(tf.add_n([1, 2])) == 3 and vals(tf.add_n(x_f)) == 3  # a tensor is a list of its rows
    assert vals(tf.add_n((x_f, x_f, x_f, x_f))) == [4, 8] and vals(tf.add_n([tf.constant(1.)])) == 1
    assert vals(tf.add_n([tf.constant([1, 2], tf.int8), tf.constant([127, 127], tf.int8)])) == [-128, -127]
    assert vals(tf.add_n(iter([x_f, x_f]))) == [2, 4]
    with pytest.raises(ValueError, match="at least one Tensor"):
        tf.add_n([])
    with pytest.raises(IAE, match=r"Inputs to operation AddN of type AddN must have the same size and shape.  "
                                  r"Input 0: \[2\] != input 1: \[1,2\]"):
        tf.add_n([x_i, tf.constant([[3, 4]])])
    with pytest.raises(IAE, match=r"Input 0: \[2\] != input 1: \[\]"):
        tf.add_n([x_f, 1.])
    with pytest.raises(IAE, match=r"cannot compute AddN as input #1\(zero-based\) was expected to be a float "
                                  r"tensor but is a int32 tensor"):
        tf.add_n([x_f, 1])


def test_scalar_mul():
    assert vals(tf.scalar_mul(2, x_f)) == [2, 4] and vals(tf.scalar_mul(2, x_i)) == [2, 4]
    assert tf.math.scalar_mul(2.5, tf.constant([1, 2], tf.float64)).dtype == tf.float64
    assert vals(tf.scalar_mul(tf.constant(2.), x_f)) == [2, 4]
    with pytest.raises(ValueError, match=r"The input scalar must be a 0-D value. Received shape \(2,\)."):
        tf.scalar_mul(x_f, x_f)


def test_bitwise():
    b = tf.bitwise
    assert vals(b.left_shift(x_i, 1)) == [2, 4] and vals(b.left_shift(x_i, 33)) == [-2 ** 31, 0]
    assert vals(b.left_shift(x_i, -1)) == [1, 2] and vals(b.right_shift(tf.constant([-8]), 40)) == [-1]
    assert vals(b.right_shift(tf.constant([-8]), 1)) == [-4]
    assert vals(b.right_shift(tf.constant([8], tf.uint8), 9)) == [0]
    assert vals(b.left_shift(tf.constant([1], tf.uint8), 8)) == [128]
    assert vals(b.invert(tf.constant([1], tf.uint8))) == [254] and vals(b.invert(0)) == -1
    assert vals(b.bitwise_and(12, 10)) == 8 and vals(b.bitwise_or(12, 10)) == 14 and vals(b.bitwise_xor(12, 10)) == 6
    with pytest.raises(IAE, match="Value for attr 'T' of bool is not in the list"):
        b.bitwise_and(x_b, x_b)
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        b.bitwise_or(x_i, 1.5)


def test_math_namespace_reexports():
    for name in ["add", "subtract", "multiply", "truediv", "divide", "floordiv", "floormod", "mod", "pow",
                 "negative", "abs", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "expm1", "sin",
                 "cos", "tan", "tanh", "sigmoid", "maximum", "minimum", "round", "floor", "ceil", "reciprocal",
                 "erf", "softplus", "add_n", "squared_difference", "divide_no_nan", "xlogy", "scalar_mul",
                 "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
                 "logical_or", "logical_not", "logical_xor", "is_nan", "is_inf", "is_finite",
                 "reduce_sum", "reduce_mean", "argmax", "cumsum", "top_k", "softmax", "log_sigmoid", "l2_normalize"]:
        assert callable(getattr(tf.math, name)), name
    for name in ["add", "truediv", "divide", "realdiv", "truncatediv", "truncatemod", "pow", "where",
                 "clip_by_value", "maximum", "sigmoid", "round", "floor", "equal", "logical_and", "add_n"]:
        assert callable(getattr(tf, name)), name
    assert tf.math.mod is tf.math.floormod


def test_matmul_gradients_and_errors():
    a, b = rand(2, 3, 4), rand(4, 5)
    check_gradients(lambda x, y: tf.matmul(x, y), a, b)
    check_gradients(lambda x, y: tf.matmul(x, y, transpose_a=True, transpose_b=True), rand(3, 2), rand(4, 3))
    check_gradients(lambda x, y: x @ y, rand(1, 2, 3), rand(4, 3, 2))
    check_graph(lambda x, y: tf.matmul(x, y, transpose_b=True), a.astype(np.float32), rand(5, 4).astype(np.float32))
    with pytest.raises(IAE, match=r"Matrix size-incompatible: In\[0\]: \[3,2\], In\[1\]: \[4,5\] \[Op:MatMul\]"):
        tf.matmul(tf.ones([3, 2]), tf.ones([4, 5]), transpose_a=True)  # TF names the untransposed shapes
    with pytest.raises(IAE, match=r"compatible batch dimensions: \[2,2,3\] vs. \[3,3,4\] \[Op:BatchMatMulV2\]"):
        tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 4]))
    with pytest.raises(IAE, match=r"Matrix size-incompatible: In\[0\]: \[2,2,3\], In\[1\]: \[2,4,5\]"):
        tf.matmul(tf.ones([2, 2, 3]), tf.ones([2, 4, 5]))
