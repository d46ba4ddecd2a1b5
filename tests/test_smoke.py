import numpy as np
import numtf as tf
from helpers import check_gradients, check_graph


def test_handbook_partial_derivatives():
    X = tf.constant([[1., 2.], [3., 4.]])
    y = tf.constant([[1.], [2.]])
    w = tf.Variable(initial_value=[[1.], [2.]])
    b = tf.Variable(initial_value=1.)
    with tf.GradientTape() as tape:
        L = tf.reduce_sum(tf.square(tf.matmul(X, w) + b - y))
    w_grad, b_grad = tape.gradient(L, [w, b])
    assert float(L) == 125.0
    np.testing.assert_allclose(w_grad.numpy(), [[70.], [100.]])
    assert float(b_grad) == 30.0


def test_helpers_on_matmul_and_broadcast():
    rng = np.random.default_rng(0)
    check_gradients(lambda a, b: tf.matmul(a, b) * b[0, 0] + a[:, :1] if hasattr(tf.Tensor, "__getitem__") else tf.matmul(a, b),
                    rng.standard_normal((3, 4)), rng.standard_normal((4, 2)))
    check_gradients(lambda a, b: a * b - a, rng.standard_normal((3, 4)), rng.standard_normal((4,)))
    check_graph(lambda a, b: tf.reduce_sum(tf.matmul(a, b), axis=1), np.ones((3, 4), np.float32), np.ones((4, 2), np.float32))


def test_lazy_namespaces_load_every_name_they_list():
    """Names loaded on first use all exist (a listed name that fails would make hasattr raise),
    and unknown names give AttributeError, so hasattr(...) is False."""
    import importlib
    import numtf
    import numtf.keras
    for name in numtf._LAZY_MODULES + tuple(numtf._LAZY_ALIASES) + tuple(numtf._LAZY_ATTRS) + numtf._LAZY_GRAPH_ATTRS:
        assert getattr(numtf, name) is not None, name
    for name in numtf.keras._SUBMODULES:
        assert getattr(numtf.keras, name) is importlib.import_module(f"numtf.keras.{name}")
    assert not hasattr(numtf, "no_such_thing") and not hasattr(numtf.keras, "no_such_module")
    assert not hasattr(numtf.compat, "v3") and not hasattr(numtf.keras.utils, "no_such_helper")
