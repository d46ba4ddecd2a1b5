"""tf.debugging's assertion texts, eager and traced. Expected texts are TF 2.21's, printed by the same
calls (2026-11-24; the "{{function_node ...}}" prefix TF's eager kernels add is left out, as elsewhere)."""
import numpy as np
import pytest

import numtf as tf

t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
EAGER = {
    'eq_broadcast': (lambda: tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant(1)),
        'InvalidArgumentError', 'Condition x == y did not hold.\nFirst 2 elements of x:\n[1 2]\nFirst 1 elements of y:\n[1]'),
    'eq_2d': (lambda: tf.debugging.assert_equal(tf.constant([[1, 2], [3, 4]]), tf.constant([[1, 0], [0, 4]]), summarize=5),
        'InvalidArgumentError', 'Condition x == y did not hold.\nIndices of first 2 different values:\n[[0 1]\n [1 0]]\nCorresponding x values:\n[2 3]\nCorresponding y values:\n[0 0]\nFirst 4 elements of x:\n[1 2 3 4]\nFirst 4 elements of y:\n[1 0 0 4]'),
    'eq_float': (lambda: tf.debugging.assert_equal(tf.constant([1.5, 2.0]), tf.constant([1.5, 2.5])),
        'InvalidArgumentError', 'Condition x == y did not hold.\nIndices of first 1 different values:\n[[1]]\nCorresponding x values:\n[2.]\nCorresponding y values:\n[2.5]\nFirst 2 elements of x:\n[1.5 2. ]\nFirst 2 elements of y:\n[1.5 2.5]'),
    'less_big': (lambda: tf.debugging.assert_less(tf.range(10), 5),
        'InvalidArgumentError', 'Condition x < y did not hold.\nFirst 3 elements of x:\n[0 1 2]\nFirst 1 elements of y:\n[5]'),
    'less_sum1': (lambda: tf.debugging.assert_less(tf.range(10), 5, summarize=1),
        'InvalidArgumentError', 'Condition x < y did not hold.\nFirst 1 elements of x:\n[0]\nFirst 1 elements of y:\n[5]'),
    'less_equal_msg': (lambda: tf.debugging.assert_less_equal(tf.constant([3.0]), tf.constant([2.0]), message="m"),
        'InvalidArgumentError', 'm\nCondition x <= y did not hold.\nIndices of first 1 different values:\n[[0]]\nCorresponding x values:\n[3.]\nCorresponding y values:\n[2.]\nFirst 1 elements of x:\n[3.]\nFirst 1 elements of y:\n[2.]'),
    'greater': (lambda: tf.debugging.assert_greater(tf.constant([1, 2]), tf.constant([0, 2])),
        'InvalidArgumentError', 'Condition x > y did not hold.\nIndices of first 1 different values:\n[[1]]\nCorresponding x values:\n[2]\nCorresponding y values:\n[2]\nFirst 2 elements of x:\n[1 2]\nFirst 2 elements of y:\n[0 2]'),
    'pos_big': (lambda: tf.debugging.assert_positive(tf.range(-1, 10)),
        'InvalidArgumentError', "\nCondition x > 0 did not hold element-wise:\nx (shape=(11,) dtype=int32) = \n['-1', '0', '1', '...']"),
    'pos_sum2': (lambda: tf.debugging.assert_positive(tf.range(-1, 10), summarize=2),
        'InvalidArgumentError', "\nCondition x > 0 did not hold element-wise:\nx (shape=(11,) dtype=int32) = \n['-1', '0', '...']"),
    'neg_float': (lambda: tf.debugging.assert_negative(tf.constant([[-1.25, 0.5]])),
        'InvalidArgumentError', "\nCondition x < 0 did not hold element-wise:\nx (shape=(1, 2) dtype=float32) = \n['-1.25', '0.5']"),
    'nonpos': (lambda: tf.debugging.assert_non_positive(tf.constant(3)),
        'InvalidArgumentError', '\nCondition x <= 0 did not hold element-wise:x (shape=() dtype=int32) = \n3'),
    'near_msg': (lambda: tf.debugging.assert_near(tf.constant([1.0, 2.0, 3.0, 4.0]), tf.constant([1.0, 2.5, 3.0, 4.0]), message="close", summarize=2),
        'InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b'close.  '\nb'x and y not equal to tolerance rtol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32), atol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32)'\nb'x (shape=(4,) dtype=float32) = '\n1.0, 2.0, ...\nb'y (shape=(4,) dtype=float32) = '\n1.0, 2.5, ..."),
    'near_f64': (lambda: tf.debugging.assert_near(tf.constant([1.0], tf.float64), tf.constant([1.1], tf.float64), rtol=0.01, atol=0.0),
        'InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b''\nb'x and y not equal to tolerance rtol = tf.Tensor(0.01, shape=(), dtype=float64), atol = tf.Tensor(0.0, shape=(), dtype=float64)'\nb'x (shape=(1,) dtype=float64) = '\n1.0\nb'y (shape=(1,) dtype=float64) = '\n1.1"),
    'assert_float': (lambda: tf.debugging.Assert(False, [tf.constant([[1.5, 2.0], [3.0, 4.0]]), tf.constant("s"), 3]),
        'InvalidArgumentError', "Expected 'False' to be true. Summarized data: 1.5, 2.0, 3.0, ...\nb's'\n3"),
    'assert_sum': (lambda: tf.debugging.Assert(tf.constant(False), [tf.range(10)], summarize=4),
        'InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: 0, 1, 2, 3, ..."),
    'assert_big': (lambda: tf.debugging.Assert(tf.constant(False), [tf.range(10)]),
        'InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: 0, 1, 2, ..."),
    'numerics_inf': (lambda: tf.debugging.check_numerics(tf.constant([1.0, np.inf]), "m"),
        'InvalidArgumentError', 'm : Tensor had Inf values [Op:CheckNumerics] name: '),
    'numerics_both': (lambda: tf.debugging.check_numerics(tf.constant([np.nan, np.inf]), "m"),
        'InvalidArgumentError', 'm : Tensor had Inf and NaN values [Op:CheckNumerics] name: '),
    'numerics_int': (lambda: tf.debugging.check_numerics(tf.constant([1]), "m"),
        'InvalidArgumentError', "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double [Op:CheckNumerics] name: "),
    'rank_msg': (lambda: tf.debugging.assert_rank(tf.ones([2]), 2, message="r"),
        'ValueError', 'r.  Tensor  must have rank 2.  Received rank 1, shape (2,)'),
    'type_msg': (lambda: tf.debugging.assert_type(tf.ones([2]), tf.int32, message="t"),
        'TypeError', 't.  tensor must be of type tf.int32; got tf.float32'),
    'shapes_rank': (lambda: tf.debugging.assert_shapes([(tf.ones([2]), ("N", "M"))]),
        'ValueError', 'Tensor  must have rank 2.  Received rank 1, shape (2,)'),
    'shapes_msg': (lambda: tf.debugging.assert_shapes([(tf.ones([2, 3]), (2, 2))], message="s"),
        'ValueError', 's.  Specified explicitly.  Tensor shape=(2, 3) dtype=float32 dimension 1 must have size 2.  Received size 3, shape (2, 3)'),
    'integer_msg': (lambda: tf.debugging.assert_integer(tf.ones([2]), message="i"),
        'TypeError', 'i.  Expected "x" to be integer type.  Found: tensor of dtype <dtype: \'float32\'>'),
    'rank_at_least': (lambda: tf.debugging.assert_rank_at_least(tf.ones([2]), 2),
        'ValueError', 'Tensor  must have rank at least 2.  Received rank 1, shape (2,)'),
    'rank_in': (lambda: tf.debugging.assert_rank_in(tf.ones([2]), [0, 2]),
        'ValueError', 'Tensor  must have rank in (0, 2).  Received rank 1, shape (2,)'),
    'scalar': (lambda: tf.debugging.assert_scalar(tf.ones([2])),
        'ValueError', 'Expected scalar shape, saw shape: (2,).'),
    'proper_iterable': (lambda: tf.debugging.assert_proper_iterable("abc"),
        'TypeError', 'Expected argument "values" to be a "proper" iterable.  Found: <class \'str\'>'),
    'same_float': (lambda: tf.debugging.assert_same_float_dtype([tf.ones([1]), tf.ones([1], tf.float64)]),
        'ValueError', "tf.Tensor([1.], shape=(1,), dtype=float64), type=<dtype: 'float64'>, must be of the same type (<dtype: 'float32'>) as tf.Tensor([1.], shape=(1,), dtype=float32)."),
    'assert_equal_0': (lambda: tf.debugging.assert_equal(tf.constant(1), tf.constant(2)),
        'InvalidArgumentError', 'Condition x == y did not hold.\nFirst 1 elements of x:\n[1]\nFirst 1 elements of y:\n[2]'),
    'assert_equal_1': (lambda: tf.debugging.assert_equal(tf.constant([1, 2, 3]), tf.constant([1, 5, 3]), message="custom"),
        'InvalidArgumentError', 'custom\nCondition x == y did not hold.\nIndices of first 1 different values:\n[[1]]\nCorresponding x values:\n[2]\nCorresponding y values:\n[5]\nFirst 3 elements of x:\n[1 2 3]\nFirst 3 elements of y:\n[1 5 3]'),
    'assert_positive_2': (lambda: tf.debugging.assert_positive(tf.constant([1, -1]), message="neg"),
        'InvalidArgumentError', "neg.  \nCondition x > 0 did not hold element-wise:\nx (shape=(2,) dtype=int32) = \n['1', '-1']"),
    'assert_non_negative_3': (lambda: tf.debugging.assert_non_negative(tf.constant([1.5, -1.0])),
        'InvalidArgumentError', "\nCondition x >= 0 did not hold element-wise:\nx (shape=(2,) dtype=float32) = \n['1.5', '-1.0']"),
    'assert_less_4': (lambda: tf.debugging.assert_less(tf.constant([1, 5]), tf.constant([2, 3])),
        'InvalidArgumentError', 'Condition x < y did not hold.\nIndices of first 1 different values:\n[[1]]\nCorresponding x values:\n[5]\nCorresponding y values:\n[3]\nFirst 2 elements of x:\n[1 5]\nFirst 2 elements of y:\n[2 3]'),
    'assert_greater_equal_5': (lambda: tf.debugging.assert_greater_equal(tf.constant(1.0), 2.0, summarize=1),
        'InvalidArgumentError', 'Condition x >= y did not hold.\nFirst 1 elements of x:\n[1.]\nFirst 1 elements of y:\n[2.]'),
    'assert_near_6': (lambda: tf.debugging.assert_near(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.1])),
        'InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b''\nb'x and y not equal to tolerance rtol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32), atol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32)'\nb'x (shape=(2,) dtype=float32) = '\n1.0, 2.0\nb'y (shape=(2,) dtype=float32) = '\n1.0, 2.1"),
    'assert_rank_7': (lambda: tf.debugging.assert_rank(t, 3),
        'ValueError', 'Tensor  must have rank 3.  Received rank 2, shape (2, 2)'),
    'assert_type_8': (lambda: tf.debugging.assert_type(t, tf.int32),
        'TypeError', 'tensor must be of type tf.int32; got tf.float32'),
    'assert_shapes_9': (lambda: tf.debugging.assert_shapes([(t, ("N", "M")), (tf.ones([3]), ("N",))]),
        'ValueError', 'Specified by tensor shape=(2, 2) dtype=float32 dimension 0.  Tensor shape=(3,) dtype=float32 dimension 0 must have size 2.  Received size 3, shape (3,)'),
    'assert_shapes_10': (lambda: tf.debugging.assert_shapes([(t, (2, 3))]),
        'ValueError', 'Specified explicitly.  Tensor shape=(2, 2) dtype=float32 dimension 1 must have size 3.  Received size 2, shape (2, 2)'),
    'assert_equal_11': (lambda: tf.debugging.assert_equal(tf.range(30), tf.range(30) * 0),
        'InvalidArgumentError', 'Condition x == y did not hold.\nIndices of first 3 different values:\n[[1]\n [2]\n [3]]\nCorresponding x values:\n[1 2 3]\nCorresponding y values:\n[0 0 0]\nFirst 3 elements of x:\n[0 1 2]\nFirst 3 elements of y:\n[0 0 0]'),
    'Assert_12': (lambda: tf.debugging.Assert(tf.constant(False), [tf.constant([1, 2]), "msg"]),
        'InvalidArgumentError', "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: 1, 2\nb'msg'"),
    'assert_all_finite_13': (lambda: tf.debugging.assert_all_finite(tf.constant([1.0, np.nan]), "bad"),
        'InvalidArgumentError', 'bad : Tensor had NaN values [Op:CheckNumerics] name: '),
    'assert_integer_14': (lambda: tf.debugging.assert_integer(t),
        'TypeError', 'Expected "x" to be integer type.  Found: tensor of dtype <dtype: \'float32\'>'),
    'assert_none_equal_15': (lambda: tf.debugging.assert_none_equal(tf.constant([1, 2]), tf.constant([1, 3])),
        'InvalidArgumentError', 'Condition x != y did not hold.\nIndices of first 1 different values:\n[[0]]\nCorresponding x values:\n[1]\nCorresponding y values:\n[1]\nFirst 2 elements of x:\n[1 2]\nFirst 2 elements of y:\n[1 3]'),
}


@pytest.mark.parametrize("name", sorted(EAGER))
def test_eager_texts_are_tfs(name):
    call, kind, text = EAGER[name]
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value).__name__ == kind
    assert str(info.value) == text


def test_passing_checks_and_namespace():
    t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert tf.debugging.assert_equal(1, 1) is None and tf.debugging.assert_near(t, t + 1e-7) is None
    assert tf.debugging.assert_scalar(tf.constant(1.0)).shape == ()
    assert tf.debugging.assert_same_float_dtype([t, t]) == tf.float32
    assert tf.debugging.is_numeric_tensor(t) and not tf.debugging.is_numeric_tensor(tf.constant("s"))
    assert tf.debugging.check_numerics(t, "m") is t
    tf.debugging.assert_shapes([(t, ("N", "N")), (tf.ones([2]), ("N",))])
    tf.debugging.assert_proper_iterable([1, 2])


def test_traced_texts_are_tfs_graph_assert():
    @tf.function
    def f(x):
        tf.debugging.Assert(x > 5, [x, "msg", tf.range(5)])
        return x

    @tf.function
    def g(x):
        tf.debugging.assert_equal(x, 2, message="mm")
        return x

    @tf.function
    def h(x):
        tf.debugging.assert_positive(x)
        return x

    # TF 2.21 (after its "Graph execution error: Detected at node ..." lines):
    #   assertion failed: [1] [msg] [0 1 2...]
    #   assertion failed: [mm] [Condition x == y did not hold element-wise:] [x (x:0) = ] [1 2] [y (assert_equal_1/y:0) = ] [2]
    #   assertion failed: [] [Condition x > 0 did not hold element-wise:] [x (x:0) = ] [1 -2]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[1\] \[msg\] \[0 1 2\.\.\.\]"):
        f(tf.constant(1))
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        g(tf.constant([1, 2]))
    assert "assertion failed: [mm] [Condition x == y did not hold element-wise:] [x (x:0) = ] [1 2] [y (" in str(info.value)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[\] \[Condition x > 0 did not hold "
                                                             r"element-wise:\] \[x \(x:0\) = \] \[1 -2\]"):
        h(tf.constant([1, -2]))
    assert int(h(tf.constant([1, 2]))[1]) == 2

    @tf.function
    def near(x):
        tf.debugging.assert_near(x, tf.constant([1.0, 2.0]))
        return x

    assert near(tf.constant([1.0, 2.0])).numpy().tolist() == [1.0, 2.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"x and y not equal to tolerance rtol = "
                                                             r"tf.Tensor\(1.1920929e-06, shape=\(\), dtype=float32\)"):
        near(tf.constant([1.0, 3.0]))
