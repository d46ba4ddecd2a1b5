"""tf.RegisterGradient, tf.no_gradient and Graph.gradient_override_map, as TF 2.21 (values and
messages taken from it)."""
import itertools

import numpy as np
import pytest

import numtf as tf

_names = itertools.count()


def fresh(prefix):  # the registry is process-wide: every test registers its own names
    return f"{prefix}{next(_names)}"


def test_override_applies_to_tf_gradients_in_a_function_not_to_the_tape():
    name = fresh("ClipGrad")
    seen = []

    @tf.RegisterGradient(name)
    def _clip(op, grad):
        seen.append((op.type, op.name, [t.shape.as_list() for t in op.inputs], [t.name for t in op.outputs]))
        return tf.clip_by_value(grad, -0.1, 0.1)
    assert _clip.__name__ == "_clip"

    @tf.function
    def with_gradients(x):
        with tf.compat.v1.get_default_graph().gradient_override_map({"Square": name}):
            y = tf.square(x)
        return tf.gradients(y, x)[0]

    @tf.function
    def with_tape(x):
        with tf.GradientTape() as t:
            t.watch(x)
            with tf.compat.v1.get_default_graph().gradient_override_map({"Square": name}):
                y = tf.square(x)
        return t.gradient(y, x)
    x = tf.constant([1.0, 2.0])
    np.testing.assert_allclose(with_gradients(x).numpy(), [0.1, 0.1])
    assert seen == [("Square", "Square", [[2]], ["Square:0"])]
    np.testing.assert_allclose(with_tape(x).numpy(), [2.0, 4.0])  # TF's tape ignores the map


def test_override_in_a_v1_session():
    name = fresh("Halve")
    tf.RegisterGradient(name)(lambda op, grad: 0.5 * grad)
    with tf.Graph().as_default() as g:
        a = tf.compat.v1.placeholder(tf.float32, [2])
        with g.gradient_override_map({"Square": name}):
            b = tf.square(a)
        c = tf.square(a)  # outside the scope: the usual rule
        ga, gc = tf.compat.v1.gradients(b, a)[0], tf.compat.v1.gradients(c, a)[0]
        with tf.compat.v1.Session() as s:
            got = s.run([ga, gc], {a: [1., 2.]})
    np.testing.assert_allclose(got[0], [0.5, 0.5])
    np.testing.assert_allclose(got[1], [2., 4.])


def test_no_gradient_and_lookup_errors():
    none = fresh("NoGradHere")
    assert tf.no_gradient(none) is None
    with tf.Graph().as_default() as g:
        a = tf.compat.v1.placeholder(tf.float32, [2])
        with g.gradient_override_map({"Square": none}):
            b = tf.square(a)
        assert tf.compat.v1.gradients(b, a) == [None]
        with g.gradient_override_map({"Square": "NeverRegistered"}):
            c = tf.square(a)
        with pytest.raises(LookupError) as e:
            tf.compat.v1.gradients(c, a)
        assert str(e.value).startswith("No gradient defined for operation'Square_1' (op type: Square). In general "
                                       "every operation must have an associated `@tf.RegisterGradient`")
        two = fresh("TwoGrads")
        tf.RegisterGradient(two)(lambda op, grad: [grad, grad])
        with g.gradient_override_map({"Square": two}):
            d = tf.square(a)
        with pytest.raises(ValueError, match=r'Num gradients 2 generated for op name: "Square_2"[\s\S]* do not '
                                             r'match num inputs 1'):
            tf.compat.v1.gradients(d, a)


def test_registration_errors():
    name = fresh("Dup")
    tf.RegisterGradient(name)(lambda op, g: g)
    for call in (lambda: tf.RegisterGradient(name)(lambda op, g: g), lambda: tf.RegisterGradient("Square")(len),
                 lambda: tf.no_gradient("Square")):
        with pytest.raises(KeyError, match="Registering two gradient with name '(Dup[0-9]+|Square)'! "
                                           r"\(Previous registration was in "):
            call()
    for call in (lambda: tf.no_gradient(3), lambda: tf.RegisterGradient(3)):
        with pytest.raises(TypeError, match="^op_type must be a string$"):
            call()
    with tf.Graph().as_default() as g:
        with pytest.raises(TypeError, match="^op_type_map must be a dictionary mapping strings to strings$"):
            with g.gradient_override_map({"Square": 3}):
                pass
    assert tf.compat.v1.NotDifferentiable is tf.no_gradient is tf.compat.v1.NoGradient
    assert tf.compat.v1.RegisterGradient is tf.RegisterGradient


def test_registered_rule_for_an_op_type_without_one():
    # TruncateMod has no gradient (as in TF); registering one serves the tape and tf.gradients alike
    from numtf.autodiff import gradient_registry
    x, y = tf.constant([5.0, -7.0]), tf.constant([3.0, 2.0])
    with tf.GradientTape() as t:
        t.watch(x)
        z = tf.truncatemod(x, y)
    with pytest.raises(LookupError, match="gradient registry has no entry for: TruncateMod"):
        t.gradient(z, x)
    tf.RegisterGradient("TruncateMod")(lambda op, grad: (grad, -grad * tf.truncatediv(op.inputs[0], op.inputs[1])))
    try:
        with tf.GradientTape() as t:
            t.watch(x)
            z = tf.truncatemod(x, y)
        np.testing.assert_allclose(t.gradient(z, x).numpy(), [1.0, 1.0])
    finally:
        del gradient_registry._USER["TruncateMod"]
