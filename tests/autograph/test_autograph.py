"""AutoGraph: Python control flow over tensors inside tf.function.

Each corpus program runs inside @tf.function and is compared with the same Python function run
eagerly. Error types and messages are TensorFlow 2.21's (checked against it), except where a
test says numtf goes further (a `return` inside a TF loop, a `for ... else`).
"""
import ast

import numpy as np
import pytest

import numtf as tf
from numtf.framework.errors import OperatorNotAllowedInGraphError


def same(f, *args):
    """Runs f eagerly and as a tf.function; asserts both give the same values; returns them."""
    eager = f(*args)
    graph = tf.function(f)(*args)
    np.testing.assert_array_equal(np.asarray(graph), np.asarray(eager))
    assert np.asarray(graph).dtype == np.asarray(tf.convert_to_tensor(eager)).dtype
    return graph


def op_types(fn, *args):
    return [n.type for n in fn.get_concrete_function(*args).graph.nodes]


# -- the corpus ----------------------------------------------------------------------------------
def nested_break_continue(n):
    total = 0
    for i in tf.range(n):
        j = 0
        while j < n:
            j += 1
            if j > i:
                break
            if (i + j) % 2 == 0:
                continue
            total += i * j
    return total


def test_break_and_continue_in_nested_loops():
    for n in (0, 2, 6, 9):
        same(nested_break_continue, tf.constant(n))
    assert int(tf.function(nested_break_continue)(tf.constant(6))) == 54


def first_assigned_in_loop(n):
    for i in tf.range(n):
        y = tf.cast(i, tf.float32) * tf.constant([1.0, 2.0])
        unused = y + 1.0  # a temporary: not carried by the loop
    return y


def test_variable_first_assigned_inside_a_loop():
    for n in (2, 3):
        same(first_assigned_in_loop, tf.constant(n))
    f = tf.function(first_assigned_in_loop)
    np.testing.assert_array_equal(f(tf.constant(4)).numpy(), [3.0, 6.0])


def test_variable_first_assigned_inside_a_loop_must_not_be_read_before():
    def f(n):
        for i in tf.range(n):
            y = y + 1
        return y

    with pytest.raises(ValueError, match="'y' must be defined before the loop\n    Note: AutoGraph tried to define it "
                                         "automatically, but ran into a UnboundLocalError: 'y' is used before "
                                         "assignment"):
        tf.function(f)(tf.constant(2))


def early_return(x):
    i = tf.constant(0)
    while i < 10:
        i += 1
        if i * i > x:
            return i
    return -1


def test_early_return_inside_a_while():
    # (TF 2.21 refuses a return inside a TF loop; numtf carries do_return/retval_ through it)
    for x in (0, 30, 81, 500):
        same(early_return, tf.constant(x))
    assert int(tf.function(early_return)(tf.constant(30))) == 6
    assert int(tf.function(early_return)(tf.constant(500))) == -1


def test_early_return_inside_a_python_while_on_a_tensor_condition_is_tf_error():
    def f(x):
        i = 0
        while i < 10:
            i += 1
            if i * i > x:
                return i
        return -1

    with pytest.raises(ValueError, match="the else branch must also have a return statement."):
        tf.function(f)(tf.constant(30))


def test_return_inside_a_tf_loop_needs_a_return_after_it():
    def f(n):
        i = 0
        while i < n:
            i += 1
            if i == 3:
                return i

    with pytest.raises(NotImplementedError, match="a return statement cannot be placed inside this TensorFlow loop"):
        tf.function(f)(tf.constant(5))


def fill_tensor_array(n):
    ta = tf.TensorArray(tf.float32, size=n)
    for i in tf.range(n):
        ta = ta.write(i, tf.cast(i, tf.float32) ** 2)
    return ta.stack()


def test_range_filling_a_tensor_array():
    out = same(fill_tensor_array, tf.constant(4))
    np.testing.assert_array_equal(out.numpy(), [0.0, 1.0, 4.0, 9.0])


def doubling(x):
    for i in tf.range(3):
        x = tf.concat([x, x], 0)
    return x


def doubling_with_invariant(x):
    for i in tf.range(3):
        tf.autograph.experimental.set_loop_options(shape_invariants=[(x, tf.TensorShape([None]))])
        x = tf.concat([x, x], 0)
    return x


def test_loop_carried_value_changing_shape():
    with pytest.raises(ValueError, match=r"'x' has shape \(1,\) before the loop, but shape \(2,\) after one "
                                         r"iteration. Use tf.autograph.experimental.set_loop_options to set shape "
                                         r"invariants."):
        tf.function(doubling)(tf.constant([1]))
    out = same(doubling_with_invariant, tf.constant([1]))
    assert out.shape == (8,)


def test_shape_invariant_must_fit_the_initial_value():
    def f(x):
        for i in tf.range(3):
            tf.autograph.experimental.set_loop_options(shape_invariants=[(x, tf.TensorShape([None, 3]))])
            x = tf.concat([x, x], 0)
        return x

    with pytest.raises(ValueError, match=r"'x' has shape \(1, 2\) before the loop, which does not conform with the "
                                         r"shape invariant \(None, 3\)."):
        tf.function(f)(tf.ones([1, 2]))


def test_loop_carried_value_changing_dtype():
    def f(x):
        for i in tf.range(3):
            x = tf.cast(x, tf.float32)
        return x

    with pytest.raises(TypeError, match="'x' has dtype int32 before the loop, but dtype float32 after one iteration"):
        tf.function(f)(tf.constant(1))


def test_branches_returning_different_dtypes():
    def f(x):
        if x > 0:
            return tf.constant(1)
        else:
            return tf.constant(1.0)

    def g(x):
        if x > 0:
            y = 1
        else:
            y = 1.0
        return y

    with pytest.raises(TypeError, match="'retval_' has dtype int32 in the main branch, but dtype float32 in the "
                                        "else branch"):
        tf.function(f)(tf.constant(3))
    with pytest.raises(TypeError, match="'y' has dtype int32 in the main branch, but dtype float32 in the else "
                                        "branch"):
        tf.function(g)(tf.constant(3))


def chain(x):
    if x > 10:
        r = 3
    elif x > 5:
        r = 2
    elif x > 0:
        r = 1
    else:
        r = 0
    return r


def test_if_elif_else_chain():
    f = tf.function(chain)
    for x, want in ((11, 3), (6, 2), (1, 1), (-1, 0)):
        assert int(f(tf.constant(x))) == want == chain(tf.constant(x))
    assert f.experimental_get_tracing_count() == 1


def collatz(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def test_while_with_a_tensor_condition_collatz():
    f = tf.function(collatz)
    assert int(f(tf.constant(27))) == 111
    assert int(f(tf.constant(1))) == 0
    same(collatz, tf.constant(6))
    assert "While" in op_types(f, tf.constant(27)) or "StatelessWhile" in op_types(f, tf.constant(27))


def sum_range(n):
    s = 0
    for i in tf.range(n):
        s += i
    return s


def test_for_over_tf_range_sums():
    assert int(same(sum_range, tf.constant(10))) == 45
    assert int(tf.function(sum_range)(tf.constant(0))) == 0



def ranges(a, b):
    out = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    k = 0
    for i in tf.range(a, b, -3):
        out = out.write(k, i)
        k += 1
    s = 0.0
    for x in tf.range(0.0, 1.0, 0.25):
        s += x
    return out.stack(), s


def test_for_over_ranges_with_steps_and_float_ranges():
    stacked, s = tf.function(ranges)(tf.constant(10), tf.constant(0))
    np.testing.assert_array_equal(stacked.numpy(), [10, 7, 4, 1])
    assert float(s) == 1.5
    stacked, _ = tf.function(ranges)(tf.constant(0), tf.constant(10))
    assert stacked.shape == (0,)

def _helper_abs(x):
    if x > 0:
        return x
    return -x


class _Reducer:
    def __init__(self, k):
        self.k = k

    def reduce(self, y):
        while y >= self.k:
            y -= self.k
        return y


def nested_calls(x):
    def inner(y):
        return _Reducer(10).reduce(y)
    return inner(_helper_abs(x)) + 1


def test_calls_into_user_functions_are_converted():
    assert int(same(nested_calls, tf.constant(-37))) == 8
    assert int(same(nested_calls, tf.constant(4))) == 5



def test_nested_tf_functions_are_inlined_and_converted():
    @tf.function
    def inner(x):
        if x > 0:
            return x * 10
        return x

    def outer(x):
        return inner(x) + 1

    f = tf.function(outer)
    assert int(f(tf.constant(3))) == 31 and int(f(tf.constant(-3))) == -2


def test_functions_without_source_run_unconverted_with_a_warning(caplog):
    namespace = {}
    exec("def f(x):\n    return x + 1\n", namespace)
    with caplog.at_level("WARNING", logger="numtf"):
        assert int(tf.function(namespace["f"])(tf.constant(1))) == 2
    assert "AutoGraph could not transform" in caplog.text
    with pytest.raises(OSError):
        tf.autograph.to_graph(namespace["f"])

def scaled(x, training):
    if training:  # a Python bool: stays a Python if
        x = x * 2.0
    n = 3
    while n > 0:  # a Python loop, unrolled
        x = x + 1.0
        n -= 1
    return x


def test_python_conditions_stay_python():
    f = tf.function(scaled)
    assert float(f(tf.constant(1.0), True)) == 5.0
    assert float(f(tf.constant(1.0), False)) == 4.0
    types = op_types(f, tf.constant(1.0), True)
    assert not any(t in ("If", "StatelessIf", "While", "StatelessWhile") for t in types)
    assert types.count("Mul") == 1 and types.count("AddV2") == 3
    assert "Mul" not in op_types(f, tf.constant(1.0), False)


def test_print_inside_a_converted_loop_runs_once_at_trace(capsys):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            print("tracing the body")
            s += i
        return s

    assert int(f(tf.constant(3))) == 3
    assert int(f(tf.constant(5))) == 10
    assert capsys.readouterr().out == "tracing the body\n"


# -- more statements and expressions ----------------------------------------------------------
def test_to_code_shows_the_converted_function():
    def square_if_positive(x):
        if x > 0:
            x = x * x
        else:
            x = 0
        return x

    code = tf.autograph.to_code(square_if_positive)
    assert code.startswith("def tf__square_if_positive(x):\n    do_return = False\n"
                           "    retval_ = ag__.UndefinedReturnValue()\n")
    assert "ag__.if_stmt(x > 0, if_body, else_body, get_state, set_state, ('x',), 1)" in code
    assert "def get_state():\n        return (x,)" in code
    assert "def if_body():\n        nonlocal x\n        x = x * x" in code
    assert code.rstrip().endswith("return ag__.ret(retval_, do_return)")
    ast.parse(code)
    assert tf.autograph.to_code(tf.function(square_if_positive)) == code


def test_to_graph_runs_eagerly_too():
    g = tf.autograph.to_graph(collatz)
    assert int(g(tf.constant(6))) == 8
    assert tf.autograph.to_graph(g) is g


def test_logical_operators():
    def f(x, y):
        if x > 0 and y > 0 or not x < -5:
            return 1
        return 0

    for x, y in ((1, 1), (1, -1), (-6, 1), (-1, -1)):
        assert int(tf.function(f)(tf.constant(x), tf.constant(y))) == f(tf.constant(x), tf.constant(y))

    def g(x):
        return (x > 0) or (x < -10)

    assert bool(tf.function(g)(tf.constant(5))) and not bool(tf.function(g)(tf.constant(-5)))


def test_logical_operators_keep_python_short_circuits():
    calls = []

    def check(v):
        calls.append(v)
        return v

    def f(x, opt):
        if opt is not None and opt > 0:
            x = x + opt
        a = check(0) and check(1)
        b = check(2) or check(3)
        return x, a, b

    out = tf.function(f)(tf.constant(1), None)
    assert int(out[0]) == 1 and calls == [0, 2]
    assert int(tf.function(f)(tf.constant(1), 2)[0]) == 3


def test_conditional_expression():
    def f(x):
        return x * 2 if x > 0 else -x

    assert int(same(f, tf.constant(-3))) == 3
    assert int(same(f, tf.constant(4))) == 8


def test_for_over_a_tensor_iterates_its_first_axis():
    def f(x):
        s = tf.zeros([3])
        for row in x:
            s += row
        return s

    out = same(f, tf.reshape(tf.range(12.0), [4, 3]))
    np.testing.assert_array_equal(out.numpy(), [18.0, 22.0, 26.0])

    def g(x):
        total = 0
        for v in x:
            total += v
        return total

    with pytest.raises(ValueError, match="len requires a non-scalar tensor"):
        tf.function(g)(tf.constant(1))


def test_for_over_python_range_of_a_tensor_and_len():
    def f(x):
        s = 0
        for i in range(len(x)):
            s += x[i]
        return s

    assert int(same(f, tf.constant([1, 2, 3]))) == 6
    sig = tf.function(f, input_signature=[tf.TensorSpec([None], tf.int32)])
    assert int(sig(tf.constant([4, 5]))) == 9


def test_loop_else_clauses():
    def w(x):
        while x > 0:
            x -= 1
        else:
            x += 10
        return x

    def f(x):
        for i in tf.range(x):
            if i > 2:
                break
        else:
            x = x + 100
        return x

    assert int(same(w, tf.constant(3))) == 10
    assert int(same(f, tf.constant(2))) == 102
    assert int(same(f, tf.constant(5))) == 5


def test_maximum_iterations_loop_option():
    def f(x):
        i = 0
        while x > 0:
            tf.autograph.experimental.set_loop_options(maximum_iterations=2)
            x = x - 1
            i += 1
        return i

    assert int(tf.function(f)(tf.constant(10))) == 2


def test_none_before_the_loop_is_defined_by_the_loop():
    def f(x):
        s = None
        for i in tf.range(x):
            s = i
        return s

    assert int(same(f, tf.constant(3))) == 2


def test_methods_closures_and_globals():
    counter = [0]
    offset = tf.constant(100)
    calls = 0

    class Model:
        def __init__(self):
            self.scale = 3

        @tf.function
        def __call__(self, x):
            nonlocal calls
            calls += 1
            if x > 0:
                x = x * self.scale
            counter.append(1)
            return x + offset

    m = Model()
    assert int(m(tf.constant(2))) == 106
    assert int(m(tf.constant(-2))) == 98
    assert calls == 1 and len(counter) == 2
    offset = tf.constant(1000)  # closure cells are shared with the original function
    assert int(tf.function(Model.__call__.python_function)(m, tf.constant(1))) == 1003



class _Clip:
    def __init__(self, hi):
        self.hi = hi

    def __call__(self, x):
        if x > self.hi:
            x = self.hi
        return x


def test_callable_objects_are_converted_through_their_call_method():
    clip = tf.function(_Clip(tf.constant(5)))
    assert int(clip(tf.constant(9))) == 5 and int(clip(tf.constant(2))) == 2

class _Base:
    def f(self, x):
        return x + 1


class _Derived(_Base):
    def f(self, x):
        if x > 0:
            x = super().f(x)
        return x


def test_zero_argument_super_in_a_converted_method():
    d = _Derived()
    assert int(tf.function(d.f)(tf.constant(1))) == 2
    assert int(tf.function(d.f)(tf.constant(-1))) == -1


# -- errors ----------------------------------------------------------------------------------
def test_variable_defined_in_only_one_branch():
    def only_if(x):
        if x > 0:
            y = 1
        return y

    def only_else(x):
        if x > 0:
            pass
        else:
            y = 1
        return y

    def unused(x):
        if x > 0:
            y = 2
            x = x + y
        return x

    with pytest.raises(ValueError, match="'y' must also be initialized in the else branch"):
        tf.function(only_if)(tf.constant(3))
    with pytest.raises(ValueError, match="'y' must also be initialized in the main branch"):
        tf.function(only_else)(tf.constant(3))
    assert int(tf.function(unused)(tf.constant(1))) == 3


def test_missing_return_in_a_branch():
    def f(x):
        if x > 0:
            return x

    def g(x):
        if x > 0:
            return x
        return x + 1

    with pytest.raises(ValueError, match="the else branch must also have a return statement."):
        tf.function(f)(tf.constant(3))
    assert int(same(g, tf.constant(-3))) == -2


def test_undefined_variable_read_after_a_python_if():
    def f(k):
        if k > 1:
            y = 2
        return y

    with pytest.raises(UnboundLocalError, match="'y' is used before assignment"):
        tf.function(f)(1)
    assert int(tf.function(f)(2)) == 2


def test_condition_must_be_a_bool_scalar():
    def f(x):
        if x:
            x = x + 1
        return x

    def g(x):
        while x:
            x = x - 1
        return x

    with pytest.raises(ValueError, match=r"condition of if statement expected to be `tf.bool` scalar, got "
                                         r"Tensor\(\"x:0\", shape=\(\), dtype=int32\); to use as boolean Tensor, "
                                         r"use `tf.cast`; to check for None, use `is not None`"):
        tf.function(f)(tf.constant(1))
    with pytest.raises(ValueError, match="condition of while loop expected to be `tf.bool` scalar"):
        tf.function(g)(tf.constant(3))


def test_tensor_break_in_a_python_loop():
    def f(x):
        s = 0
        for i in range(5):
            if x > i:
                break
            s += i
        return s

    def g(x):
        i = 0
        while i < 3:
            i += x
        return i

    with pytest.raises(NotImplementedError, match="break and return statements which depend on a TF condition are "
                                                  "not supported in Python for loops"):
        tf.function(f)(tf.constant(3))
    with pytest.raises(NotImplementedError, match="The condition of while loop started as non-Tensor, then changed "
                                                  "to Tensor"):
        tf.function(g)(tf.constant(1))


def test_none_at_the_end_of_a_branch():
    def f(x):
        if x > 0:
            y = None
        else:
            y = 1
        return y

    with pytest.raises(ValueError, match="'y' is None at the end of the main branch."):
        tf.function(f)(tf.constant(3))


def test_do_not_convert():
    @tf.autograph.experimental.do_not_convert
    def raw(x):
        if x > 0:
            return x
        return -x

    def f(x):
        return raw(x)

    with pytest.raises(OperatorNotAllowedInGraphError, match="AutoGraph did convert this function"):
        tf.function(f)(tf.constant(1))
    with pytest.raises(OperatorNotAllowedInGraphError, match="Hint"):
        tf.function(raw)(tf.constant(1))
    assert tf.autograph.do_not_convert is tf.autograph.experimental.do_not_convert
    assert int(raw(tf.constant(-2))) == 2


def test_autograph_false_leaves_control_flow_alone():
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(OperatorNotAllowedInGraphError, match="Hint: use Eager execution"):
        tf.function(f, autograph=False)(tf.constant(1))


# -- gradients through converted control flow ---------------------------------------------------
def test_gradient_through_converted_if_and_loop():
    @tf.function
    def f(x):
        if x > 0:
            y = x * x
        else:
            y = -x
        for i in tf.range(3):
            y = y * 2.0
        return y

    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = f(x)
    assert float(y) == 72.0
    assert float(tape.gradient(y, x)) == 48.0

