"""tf.cond, tf.case, tf.switch_case, tf.while_loop: eager and in graphs, errors, gradients.

Expected values and error texts are what TensorFlow 2.21 gave for the same programs."""
import sys

import numpy as np
import pytest

import numtf as tf
from numtf.autodiff.backprop import backward
from numtf.graph.graph import Graph, run
from numtf.ops import control_flow_util

from helpers import check_gradients, check_graph

C = tf.constant


def node_types(fn, *specs):
    return [n.type for n in fn.get_concrete_function(*specs).graph.nodes]


# -- tf.cond: eager ----------------------------------------------------------------------------
def test_cond_eager_calls_the_chosen_branch():
    calls = []
    assert tf.cond(True, lambda: calls.append("t") or 1, lambda: calls.append("f") or 2) == 1
    assert calls == ["t"]  # only the chosen branch runs eagerly
    assert float(tf.cond(C(False), lambda: C(1.0), lambda: 2.0)) == 2.0
    assert tf.cond(C(1), lambda: 1, lambda: 2) == 1  # TF accepts any truthy scalar eagerly
    assert tf.cond(C([True]), lambda: "a", lambda: "b") == "a"
    assert tf.cond(True, lambda: [1], lambda: [2]) == [1]  # results come back as they are
    assert tf.cond(True, lambda: None, lambda: None) is None


def test_cond_eager_is_differentiable():
    x = C(3.0)
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.cond(x > 0, lambda: x * x, lambda: -x)
    assert float(t.gradient(y, x)) == 6.0


def test_cond_argument_errors():
    with pytest.raises(TypeError, match="'false_fn' argument required"):
        tf.cond(True, lambda: 1)
    with pytest.raises(TypeError, match="'true_fn' argument required"):
        tf.cond(True, None, lambda: 2)
    with pytest.raises(TypeError, match="'true_fn' must be callable."):
        tf.cond(C(True), 1, lambda: 2)
    with pytest.raises(ValueError, match="truth value of an array"):
        tf.cond(C([True, False]), lambda: 1, lambda: 2)


# -- tf.cond: graphs ---------------------------------------------------------------------------
@tf.function
def piecewise(x):
    return tf.cond(x > 0, lambda: x * x, lambda: tf.sin(x) - x)


def test_cond_in_function_values_and_one_node():
    assert float(piecewise(C(3.0))) == 9.0
    assert np.isclose(float(piecewise(C(-2.0))), np.sin(-2.0) + 2.0)
    types = node_types(piecewise, C(1.0))
    assert types.count("StatelessIf") == 1 and "If" not in types
    assert types == ["Placeholder", "Const", "Greater", "StatelessIf"]


def test_cond_graph_output_structure_and_python_values():
    f = tf.function(lambda x: tf.cond(x > 0, lambda: {"a": (1, 2.0)}, lambda: {"a": (3, 4.0)}))
    out = f(C(1.0))
    assert out["a"][0].dtype == tf.int32 and int(out["a"][0]) == 1
    assert out["a"][1].dtype == tf.float32 and float(f(C(-1.0))["a"][1]) == 4.0
    assert tf.function(lambda x: tf.cond(x > 0, lambda: None, lambda: None))(C(1.0)) is None


def test_cond_static_shape_is_most_specific_compatible():
    f = tf.function(lambda x: tf.cond(x[0] > 0, lambda: x, lambda: tf.zeros([3])))
    assert f.get_concrete_function(tf.TensorSpec([None])).structured_outputs.shape.as_list() == [None]
    assert f.get_concrete_function(tf.TensorSpec([3])).structured_outputs.shape.as_list() == [3]
    assert f.get_concrete_function(tf.TensorSpec([2])).structured_outputs.shape.as_list() == [None]
    g = tf.function(lambda x: tf.cond(x > 0, lambda: x, lambda: tf.zeros([3])))
    assert g.get_concrete_function(tf.TensorSpec([])).structured_outputs.shape.rank is None


def test_cond_check_graph_static_rule():
    check_graph(lambda x, y: tf.cond(tf.reduce_sum(x) > 0, lambda: x * y, lambda: x - y),
                np.array([[1.0, 2.0]], np.float32), np.array([[3.0], [4.0]], np.float32))
    check_graph(lambda x: tf.cond(tf.reduce_sum(x) > 100, lambda: x * 2, lambda: x + 1), np.arange(6).reshape(2, 3))


def test_cond_node_inputs_are_pred_and_union_of_captures():
    g = Graph()
    with g.as_default():
        p = g.placeholder(tf.bool, [])
        a = g.placeholder(tf.float32, [])
        b = g.placeholder(tf.float32, [])
        out = tf.cond(p, lambda: a * 2.0, lambda: b + a)
    node = out.op
    assert node.inputs[0] is p and list(node.inputs[1:]) == [a, b]
    assert run(g, [out], {p: True, a: 3.0, b: 1.0})[0] == 6.0
    assert run(g, [out], {p: False, a: 3.0, b: 1.0})[0] == 4.0


COND_HEAD = ("true_fn and false_fn arguments to tf.cond must have the same number, type, and overall structure "
             "of return values.")


@pytest.mark.parametrize("t, f, exc, text", [
    (lambda: 1, lambda: 2.0, TypeError, "have different types"),
    (lambda: (1, 2), lambda: [1, 2], TypeError, "don't have the same nested structure"),
    (lambda: {"a": 1}, lambda: {"b": 1}, TypeError, "don't have the same set of keys"),
    (lambda: (1,), lambda: 1, TypeError, "is a sequence, while substructure"),
    (lambda: (1, 2), lambda: (1, 2, 3), TypeError, "same number of elements"),
])
def test_cond_branch_mismatch_errors(t, f, exc, text):
    fn = tf.function(lambda x: tf.cond(x > 0, t, f))
    with pytest.raises(exc) as info:
        fn(C(1.0))
    assert COND_HEAD in str(info.value) and text in str(info.value)
    assert "true_fn output: " in str(info.value) and "false_fn output: " in str(info.value)


def test_cond_graph_errors():
    # (raised while tracing: TF prefixes "in user code:" and the frames, and indents the message)
    with pytest.raises(ValueError, match=r"(?s)^in user code:.*    ValueError: Lengths of branch outputs of cond must match.\n    len\(graphs\[0\]"):
        tf.function(lambda x: tf.cond(x > 0, lambda: None, lambda: 1))(C(1.0))
    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        tf.function(lambda x: tf.cond(True, lambda: x, lambda: x))(C(1.0))
    with pytest.raises(TypeError, match="expected bool"):
        tf.function(lambda x: tf.cond(x, lambda: x, lambda: x))(C(1))
    with pytest.raises(TypeError, match="'true_fn' must be callable."):
        tf.function(lambda x: tf.cond(x > 0, 1, lambda: 2))(C(1.0))


def test_cond_side_effects_run_only_in_the_taken_branch(capsys):
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        tf.cond(x > 0, lambda: tf.print("pos", output_stream=sys.stdout),
                lambda: tf.print("neg", output_stream=sys.stdout))
        tf.cond(x > 0, lambda: v.assign_add(1.0), lambda: v.assign_sub(1.0))
        return x

    f(C(1.0))
    f(C(-1.0))
    f(C(2.0))
    assert capsys.readouterr().out == "pos\nneg\npos\n"
    assert float(v.numpy()) == 1.0
    types = node_types(f, C(1.0))
    assert types.count("If") == 2 and "StatelessIf" not in types


def test_cond_variable_read_in_branch_is_differentiable():
    v = tf.Variable(2.0)
    f = tf.function(lambda x: tf.cond(x > 0, lambda: v * x, lambda: x + 1.0))
    assert "ReadVariableOp" in node_types(f, C(1.0))  # the read moved before the If node
    with tf.GradientTape() as t:
        y = f(C(3.0))
    assert float(t.gradient(y, v)) == 3.0
    with tf.GradientTape() as t:
        y = f(C(-3.0))
    g = t.gradient(y, v)
    assert g is None or float(g) == 0.0
    v.assign(5.0)
    assert float(f(C(2.0))) == 10.0  # the read happens at each call


def test_cond_gradients_match_eager_and_finite_differences():
    def eager(x, y):
        return tf.cond(tf.reduce_sum(x) > 0, lambda: x * x * y, lambda: tf.sin(x) + y)

    traced = tf.function(eager)
    for sign in (1.0, -1.0):
        x = np.array([0.3, 0.8]) * sign
        y = np.array([1.5, -0.5])
        check_gradients(traced, x, y)
        xs, ys = C(x), C(y)
        with tf.GradientTape(persistent=True) as t:
            t.watch([xs, ys])
            a = eager(xs, ys)
            b = traced(xs, ys)
        for u, w in zip(t.gradient(a, [xs, ys]), t.gradient(b, [xs, ys])):
            np.testing.assert_allclose(u.numpy(), w.numpy())


def test_cond_gradient_unused_input_in_taken_branch_is_zero():
    f = tf.function(lambda x, y: tf.cond(x > 0, lambda: x * 2.0, lambda: y * 3.0))
    x, y = C(1.0, tf.float64), C(2.0, tf.float64)
    with tf.GradientTape() as t:
        t.watch([x, y])
        out = f(x, y)
    gx, gy = t.gradient(out, [x, y])
    assert float(gx) == 2.0 and float(gy) == 0.0


def test_cond_gradient_in_graph_via_backward():
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float64, [])
        y = tf.cond(x > 1, lambda: x ** 3, lambda: tf.exp(x))
        gx, = backward(list(g.nodes), [y], [tf.ones_like(y)], [x])
    assert np.isclose(run(g, [gx], {x: 2.0})[0], 12.0)
    assert np.isclose(run(g, [gx], {x: 0.5})[0], np.exp(0.5))


def test_cond_gradient_with_int_outputs_and_multiple_outputs():
    @tf.function
    def f(x):
        a, n, b = tf.cond(x > 0, lambda: (x * 3.0, 1, x * x), lambda: (x, 2, x * 0.0))
        return a + b * 2.0

    check_gradients(f, np.array(1.5))
    check_gradients(f, np.array(-1.5))


# -- tf.case / tf.switch_case ------------------------------------------------------------------
def test_case_eager_and_graph():
    for run_fn in (lambda f, x: f(x), lambda f, x: tf.function(f)(x)):
        def f(x):
            return tf.case([(x > 3, lambda: 1), (x > 1, lambda: 2)], default=lambda: 3)
        assert [int(run_fn(f, C(v))) for v in (0.0, 2.0, 5.0)] == [3, 2, 1]


def test_case_no_default_and_exclusive():
    x = C(2.0)
    assert int(tf.case([(x > 3, lambda: 1), (x > 1, lambda: 2)])) == 2
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input error: None of conditions evaluated as True"):
        tf.case([(x > 3, lambda: 1), (x > 5, lambda: 2)])
    with pytest.raises(tf.errors.InvalidArgumentError, match="exclusive=True: more than 1 conditions"):
        tf.case([(x > 0, lambda: 1), (x > 1, lambda: 2)], exclusive=True, default=lambda: 5)
    assert int(tf.case([(x > 0, lambda: 1), (x > 1, lambda: 2)], exclusive=True)) == 1  # as TF: last is default
    f = tf.function(lambda x: tf.case([(x > 3, lambda: 1), (x > 5, lambda: 2)]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"assertion failed: \[Input error: None of conditions evaluated as True:\] \[0 0\]"):
        f(C(0.0))
    assert node_types(f, C(0.0)).count("StatelessIf") == 1


def test_case_errors():
    x = C(2.0)
    with pytest.raises(TypeError, match="'pred_fn_pairs' must be a list, tuple, or dict"):
        tf.case(lambda: 1)
    with pytest.raises(TypeError, match="Each entry in 'pred_fn_pairs' must be a 2-tuple"):
        tf.case([x > 3], default=lambda: 3)
    with pytest.raises(TypeError, match="pred must be a Tensor, got: True"):
        tf.case([(True, lambda: 1)])
    with pytest.raises(TypeError, match="pred must be Tensor of type bool"):
        tf.function(lambda x: tf.case([(x, lambda: 1)]))(C(1.0))
    with pytest.raises(TypeError, match="fn for pred Greater.* must be callable"):
        tf.function(lambda x: tf.case([(x > 1, 1)]))(C(1.0))
    with pytest.raises(TypeError, match="have different types"):
        tf.function(lambda x: tf.case([(x > 0, lambda: 1), (x > 1, lambda: 2.0)], default=lambda: 3))(C(1.0))


def test_switch_case_eager_and_graph():
    fns = [lambda: 10, lambda: 20, lambda: 30]
    assert tf.switch_case(C(1), fns) == 20
    assert tf.switch_case(C(5), fns) == 30 and tf.switch_case(C(-1), fns) == 30  # out of range: last
    assert tf.switch_case(C(5), fns[:2], default=lambda: 0) == 0
    assert tf.switch_case(C(1, tf.int64), fns) == 20
    assert tf.switch_case(C(1), {1: lambda: 10, 0: lambda: 20}) == 10
    f = tf.function(lambda i: tf.switch_case(i, [lambda: 10, lambda: 20, lambda: 30]))
    assert [int(f(C(k))) for k in (-1, 0, 1, 2, 5)] == [30, 10, 20, 30, 30]
    assert node_types(f, C(0)) == ["Placeholder", "StatelessCase"]


def test_switch_case_errors():
    with pytest.raises(TypeError, match="'branch_index' must be a Tensor, got <class 'int'>"):
        tf.switch_case(1, [lambda: 10])
    with pytest.raises(TypeError, match="'branch_index' must be an integer Tensor, got <dtype: 'float32'>"):
        tf.switch_case(C(1.0), [lambda: 10])
    with pytest.raises(ValueError, match="Must provide at least one item in 'branch_fns'"):
        tf.switch_case(C(1), [])
    with pytest.raises(TypeError, match="'branch_fns' must be a list, tuple, or dict"):
        tf.switch_case(C(1), lambda: 10)
    with pytest.raises(ValueError, match=r"must form contiguous range of \[0 to 2\) but found \{1,3\}"):
        tf.switch_case(C(1), {3: lambda: 10, 1: lambda: 20})
    with pytest.raises(TypeError, match="key must be a Python `int`"):
        tf.switch_case(C(1), {3: lambda: 10, 3.5: lambda: 20})
    with pytest.raises(TypeError, match="branches\\[0\\] and branches\\[1\\] arguments to tf.switch_case"):
        tf.function(lambda i: tf.switch_case(i, [lambda: 10, lambda: 20.0]))(C(0))


def test_switch_case_gradient():
    @tf.function
    def f(i, x):
        return tf.switch_case(i, [lambda: x * x, lambda: tf.sin(x), lambda: x * 0.5])

    for k in (0, 1, 2):
        check_gradients(lambda x: f(C(k), x), np.array([0.4, -1.2]))


# -- tf.while_loop: eager -----------------------------------------------------------------------
def test_while_eager():
    i, s = tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2.0), (0, 1.0))
    assert int(i) == 4 and float(s) == 16.0 and s.dtype == tf.float32
    # Eagerly TF returns the body's output as it came (TF 2.21: a tuple here); a loop that never
    # runs returns the loop_vars' structure.
    assert isinstance(tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [0]), tuple)
    assert isinstance(tf.while_loop(lambda i: i < 3, lambda i: [i + 1], (0,)), list)
    assert isinstance(tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s), [0, 0]), tuple)
    assert isinstance(tf.while_loop(lambda i, s: i < 0, lambda i, s: (i + 1, s), [0, 0]), list)
    assert int(tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])[0]) == 3
    assert int(tf.while_loop(lambda i: i < 30, lambda i: (i + 1,), [0], maximum_iterations=5)[0]) == 5
    out = tf.while_loop(lambda d: d["a"] < 3, lambda d: {"a": d["a"] + 1, "b": d["b"] * 2}, [{"a": 0, "b": C(1.0)}])
    assert int(out[0]["a"]) == 3 and float(out[0]["b"]) == 8.0
    calls = []
    tf.while_loop(lambda i: calls.append(i) or i < 2, lambda i: (i + 1,), [0])
    assert len(calls) == 3


def test_while_eager_is_differentiable():
    x = C(1.5)
    with tf.GradientTape() as t:
        t.watch(x)
        _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * x), [0, C(1.0)])
    assert np.isclose(float(t.gradient(y, x)), 4 * 1.5 ** 3)


def test_while_eager_errors():
    with pytest.raises(TypeError, match="'cond' must be callable."):
        tf.while_loop(1, lambda i: i, [0])
    with pytest.raises(TypeError, match="'body' must be callable."):
        tf.while_loop(lambda i: True, 1, [0])
    with pytest.raises(ValueError, match="'loop_vars' must be provided."):
        tf.while_loop(lambda: True, lambda: (), [])
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tf.while_loop(lambda i: i < 3, lambda i: (i + 1, 2), [0])


# -- tf.while_loop: graphs ---------------------------------------------------------------------
@tf.function
def power(x, n):
    _, y = tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y * x), [0, tf.ones_like(x)])
    return y


def test_while_in_function_values_and_one_node():
    assert float(power(C(2.0), C(5))) == 32.0
    assert float(power(C(2.0), C(0))) == 1.0
    types = node_types(power, C(2.0), C(5))
    assert types.count("StatelessWhile") == 1 and "While" not in types


def test_while_graph_structure_and_maximum_iterations():
    f = tf.function(lambda: tf.while_loop(lambda i: i < 30, lambda i: i + 1, [0], maximum_iterations=5))
    assert isinstance(f(), list) and int(f()[0]) == 5
    g = tf.function(lambda m: tf.while_loop(lambda i: i < 30, lambda i: (i + 1,), [0], maximum_iterations=m))
    assert int(g(C(7))[0]) == 7
    h = tf.function(lambda: tf.while_loop(lambda i, j: i < 3, lambda i, j: [i + 1, j], (0, 1)))
    out = h()
    assert isinstance(out, tuple) and [int(v) for v in out] == [3, 1]


def test_while_shape_invariants():
    @tf.function
    def grow(x):
        return tf.while_loop(lambda y: tf.reduce_sum(y) < 100, lambda y: tf.concat([y, y], 0), [x],
                             shape_invariants=[tf.TensorShape([None])])[0]

    out = grow(C([2.0]))
    assert out.shape == (64,)
    assert grow.get_concrete_function(C([2.0])).structured_outputs.shape.as_list() == [None]
    fixed = tf.function(lambda x: tf.while_loop(lambda y: tf.reduce_sum(y) < 100, lambda y: y * 2, [x]))
    assert fixed.get_concrete_function(C([2.0])).structured_outputs[0].shape.as_list() == [1]


def test_while_check_graph_static_rule():
    check_graph(lambda x: tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 2.0 + 1.0), [0, x])[1],
                np.array([[1.0, 2.0]], np.float32))


def test_while_graph_errors():
    def w(c, b, lv, **kw):
        return tf.function(lambda: tf.while_loop(c, b, lv, **kw))

    with pytest.raises(ValueError, match=r"Input tensor `Const:0` enters the loop with shape \(2,\), but has shape "
                                         r"\(3,\) after one iteration. To allow the shape to vary across iterations, "
                                         r"use the `shape_invariants` argument of tf.while_loop to specify a "
                                         r"less-specific shape."):
        w(lambda i: tf.size(i) < 3, lambda i: tf.concat([i, [1]], 0), [C([1, 2])])()
    with pytest.raises(TypeError, match=r"Loop var Const:0 enters the loop with type <dtype: 'int32'> but has type "
                                        r"<dtype: 'float32'> after 1 iteration. Const:0 type should remain constant."):
        w(lambda i: i < 3, lambda i: tf.cast(i, tf.float32) + 1, [0])()
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        w(lambda i: i < 3, lambda i: (i + 1, 2), [0])()
    with pytest.raises(ValueError, match=r"The shape invariant specified for Const:0 is not compatible with the "
                                         r"initial shape of the loop variable. It enters the loop with shape \(2,\), "
                                         r"but the specified shape invariant is \(3,\)."):
        w(lambda i: i[0] < 3, lambda i: i + 1, [C([1, 2])], shape_invariants=[tf.TensorShape([3])])()
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        w(lambda i: i[0] < 3, lambda i: i + 1, [C([1, 2])],
          shape_invariants=[tf.TensorShape([None]), tf.TensorShape([])])()
    with pytest.raises(TypeError, match="must return a boolean"):
        w(lambda i: i, lambda i: i - 1, [3])()


def test_while_with_side_effects_runs_every_iteration(capsys):
    v = tf.Variable(0.0)

    @tf.function
    def f(n):
        def body(i):
            v.assign_add(2.0)
            tf.print("it", i, output_stream=sys.stdout)
            return (i + 1,)
        tf.while_loop(lambda i: i < n, body, [0])
        return v.read_value()

    assert float(f(C(3))) == 6.0
    assert capsys.readouterr().out == "it 0\nit 1\nit 2\n"
    assert "While" in node_types(f, C(3))
    # a read of an assigned variable stays inside the body: it sees this iteration's value
    w = tf.Variable(1.0)
    g = tf.function(lambda: tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + w.assign_add(1.0) * 0.0 + w),
                                          [0, 0.0])[1])
    assert float(g()) == 2.0 + 3.0 + 4.0


def test_while_runs_many_iterations_without_replanning(monkeypatch):
    @tf.function
    def loop(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + tf.cast(i, tf.float32)), [0, 0.0])[1]

    built = []
    real = control_flow_util.Plan

    class CountingPlan(real):
        def __init__(self, *a, **k):
            built.append(1)
            super().__init__(*a, **k)

    monkeypatch.setattr(control_flow_util, "Plan", CountingPlan)
    assert float(loop(C(3000))) == 3000 * 2999 / 2
    assert len(built) == 2  # the condition's plan and the body's, once
    loop(C(10))
    assert len(built) == 2


def test_while_gradients_match_eager_and_finite_differences():
    def eager(x, n):
        i, y = 0, tf.ones_like(x)
        while i < n:
            y = y * x + tf.sin(y)
            i += 1
        return y

    traced = tf.function(lambda x, n: tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y * x + tf.sin(y)),
                                                    [0, tf.ones_like(x)])[1])
    x = np.array([0.7, -0.4, 1.1])
    check_gradients(lambda t: traced(t, C(4)), x)
    xs = C(x)
    with tf.GradientTape(persistent=True) as t:
        t.watch(xs)
        a = eager(xs, 4)
        b = traced(xs, C(4))
    np.testing.assert_allclose(t.gradient(a, xs).numpy(), t.gradient(b, xs).numpy())


def test_while_gradient_power_and_zero_iterations():
    for n in (0, 1, 5):
        x = C(1.3, tf.float64)
        with tf.GradientTape() as t:
            t.watch(x)
            y = power(x, C(n))
        assert np.isclose(float(t.gradient(y, x)), n * 1.3 ** (n - 1) if n else 0.0)


def test_while_gradient_wrt_loop_var_and_variable():
    v = tf.Variable(0.5, dtype=tf.float64)

    @tf.function
    def f(x):
        return tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * v + x), [0, x])[1]

    x = C(2.0, tf.float64)
    with tf.GradientTape() as t:
        t.watch(x)
        y = f(x)
    gx, gv = t.gradient(y, [x, v])
    # y = x v^3 + x v^2 + x v + x
    assert np.isclose(float(gx), 0.5 ** 3 + 0.5 ** 2 + 0.5 + 1)
    assert np.isclose(float(gv), 2.0 * (3 * 0.25 + 2 * 0.5 + 1))


def test_while_gradient_in_graph_via_backward():
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float64, [])
        y = tf.cond(x > 0, lambda: x * x * x, lambda: tf.sin(x))
        _, z = tf.while_loop(lambda i, z: i < 3, lambda i, z: (i + 1, tf.cond(z > 1, lambda: z * x, lambda: z + x)),
                             [0, y])
        gx, = backward(list(g.nodes), [z], [tf.ones_like(z)], [x])
    for v in (0.5, 1.2, -0.7):
        eps = 1e-6
        numeric = (run(g, [z], {x: v + eps})[0] - run(g, [z], {x: v - eps})[0]) / (2 * eps)
        assert np.isclose(run(g, [gx], {x: v})[0], numeric, rtol=1e-6)


def test_while_back_prop_false_stops_gradients():
    f = tf.function(lambda x: tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, y * x), [0, x],
                                            back_prop=False)[1])
    x = C(2.0)
    with tf.GradientTape() as t:
        t.watch(x)
        y = f(x)
    assert t.gradient(y, x) is None


# -- nesting ---------------------------------------------------------------------------------------
def test_cond_inside_while_body():
    def eager(x, n):
        i, y = 0, tf.constant(1.0, tf.float64)
        while i < n:
            y = y * x if i % 2 == 0 else y + x
            i += 1
        return y

    @tf.function
    def traced(x, n):
        def body(i, y):
            return i + 1, tf.cond(i % 2 == 0, lambda: y * x, lambda: y + x)
        return tf.while_loop(lambda i, y: i < n, body, [0, tf.constant(1.0, tf.float64)])[1]

    assert np.isclose(float(traced(C(1.3, tf.float64), C(5))), float(eager(C(1.3, tf.float64), 5)))
    check_gradients(lambda x: traced(x, C(5)), np.array(1.3))


def test_while_inside_cond_branch_and_while_inside_while():
    @tf.function
    def h(x, n):
        return tf.cond(n > 2, lambda: tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y * x), [0, x])[1],
                       lambda: -x)

    assert np.isclose(float(h(C(1.3), C(4))), 1.3 ** 5)
    assert float(h(C(1.3), C(1))) == pytest.approx(-1.3)
    check_gradients(lambda x: h(x, C(4)), np.array(1.3))

    @tf.function
    def nested(x):
        def outer(i, y):
            return i + 1, tf.while_loop(lambda j, z: j < 3, lambda j, z: (j + 1, z * x), [0, y])[1]
        return tf.while_loop(lambda i, y: i < 2, outer, [0, x])[1]

    assert np.isclose(float(nested(C(1.1))), 1.1 ** 7, rtol=1e-6)
    check_gradients(nested, np.array([1.1, 0.9]))


def test_nested_cond_captures_from_two_levels_up():
    @tf.function
    def f(x, y):
        return tf.cond(x > 0, lambda: tf.cond(y > 0, lambda: x * y, lambda: x - y), lambda: y * 2.0)

    assert float(f(C(2.0), C(3.0))) == 6.0 and float(f(C(2.0), C(-3.0))) == 5.0 and float(f(C(-2.0), C(3.0))) == 6.0
    for xv, yv in ((2.0, 3.0), (2.0, -3.0), (-2.0, 3.0)):
        check_gradients(f, np.array(xv), np.array(yv))


def test_variable_read_in_cond_inside_while_is_differentiable():
    v = tf.Variable(1.5, dtype=tf.float64)

    @tf.function
    def f(x):
        def body(i, y):
            return i + 1, tf.cond(y < 10.0, lambda: y * v + x * x + x, lambda: y - v)
        return tf.while_loop(lambda i, y: i < 4, body, [0, x])[1]

    def eager(x):
        y = x
        for _ in range(4):
            y = y * v + x * x + x if float(y) < 10.0 else y - v
        return y

    x = C(1.2, tf.float64)
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        a, b = f(x), eager(x)
    assert np.isclose(float(a), float(b))
    for u, w in zip(t.gradient(a, [x, v]), t.gradient(b, [x, v])):
        assert np.isclose(float(u), float(w))
    types = [n.type for n in f.get_concrete_function(x).graph.nodes]
    assert "ReadVariableOp" in types  # hoisted out of both levels


def test_eager_while_reads_variables():
    v = tf.Variable(3.0)
    out = tf.while_loop(lambda y: y < 10.0, lambda y: (y * 2.0,), [v])
    assert float(out[0]) == 12.0 and float(v.numpy()) == 3.0


def test_tape_inside_traced_function_differentiates_loops_and_conditionals():
    # the While and If nodes are recorded on a tape active while tracing, as ops are
    def body(x):
        ta = tf.TensorArray(tf.float32, size=tf.shape(x)[0]).unstack(x)
        _, acc = tf.while_loop(lambda i, a: i < tf.shape(x)[0], lambda i, a: (i + 1, a * x[0] + ta.read(i)),
                               (0, tf.ones([3])))
        return tf.reduce_sum(tf.cond(tf.reduce_sum(acc) > 0, lambda: acc * acc, lambda: -acc))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = body(x)
        return tape.gradient(y, x)

    x = tf.constant([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])
    traced = tf.function(grad, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    expected = grad(x).numpy()
    np.testing.assert_allclose(traced(x).numpy(), expected, rtol=1e-5)
    eps, xv = 1e-3, x.numpy().astype(np.float64)
    numeric = np.zeros_like(xv)
    for idx in np.ndindex(*xv.shape):
        d = np.zeros_like(xv)
        d[idx] = eps
        numeric[idx] = (float(body(tf.constant(xv + d, tf.float32))) - float(body(tf.constant(xv - d, tf.float32)))) / (2 * eps)
    np.testing.assert_allclose(expected, numeric, rtol=2e-2, atol=2e-2)
