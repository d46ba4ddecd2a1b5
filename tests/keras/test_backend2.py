"""The tf.keras.backend functions added in backend.py/backend_ops2.py/backend_ops3.py, checked
against tf-keras goldens (tools/make_keras_gaps_golden.py runs the cases of keras_gaps_cases.py
under TensorFlow), plus errors, state helpers, gradients and traced calls."""
import os

import numpy as np
import pytest

import numtf as tf
import keras_gaps_cases as cases

K = tf.keras.backend
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_gaps.npz"))


def _np(v):
    if isinstance(v, tf.SparseTensor):
        v = tf.sparse.to_dense(v)
    return np.asarray(v.numpy() if hasattr(v, "numpy") else v)


def check_case(name, rtol=1e-5, atol=1e-5):
    got = getattr(cases, "case_" + name)(tf)
    keys = [k.split("/", 1)[1] for k in GOLDEN.files if k.startswith(name + "/")]
    assert sorted(keys) == sorted(got), (sorted(keys), sorted(got))
    for key in keys:
        want, have = GOLDEN[f"{name}/{key}"], _np(got[key])
        assert have.shape == want.shape, (key, have.shape, want.shape)
        assert have.dtype == want.dtype, (key, have.dtype, want.dtype)
        np.testing.assert_allclose(have, want, rtol=rtol, atol=atol, err_msg=key)
    return got


def test_math_against_tf():
    check_case("backend_math")


def test_rnn_against_tf():
    check_case("backend_rnn")


def test_conv_pool_pad_against_tf():
    check_case("backend_conv", rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("call, message", [
    (lambda: K.bias_add(tf.ones([2, 3]), tf.ones([2, 2])), "Unexpected bias dimensions 2, expect to be 1 or 1 dimensions"),
    (lambda: K.batch_dot(tf.ones([2]), tf.ones([2, 3])),
     "Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes (2,) and (2, 3)."),
    (lambda: K.batch_dot(tf.ones([2, 3]), tf.ones([3, 3])), "Cannot do batch_dot on inputs with different batch sizes"),
    (lambda: K.batch_dot(tf.ones([2, 3, 4]), tf.ones([2, 5, 4])),
     "Cannot do batch_dot on inputs with shapes (2, 3, 4) and (2, 5, 4) with axes=[2, 1]. x.shape[2] != y.shape[1] "
     "(4 != 5)."),
    (lambda: K.pool2d(tf.ones([1, 4, 4, 1]), (2, 2), pool_mode="sum"), "Invalid pooling mode: sum"),
    (lambda: K.switch(tf.ones([2, 2]) > 0, tf.ones([2]), tf.zeros([2])),
     "Rank of `condition` should be less than or equal to rank of `then_expression` and `else_expression`. "
     "ndim(condition)=2, ndim(then_expression)=1"),
    (lambda: K.resize_images(tf.ones([1, 2, 2, 1]), 2, 2, "channels_last", interpolation="foo"),
     '`interpolation` argument should be one of: "area", "bicubic", "bilinear", "gaussian", "lanczos3", "lanczos5", '
     '"mitchellcubic", "nearest". Received: "foo".'),
    (lambda: K.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), padding="foo"), "Invalid padding: foo"),
    (lambda: K.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), data_format="foo"), "Unknown data_format: foo"),
    (lambda: K.rnn(lambda x, s: (x, s), tf.ones([2, 3]), []), "Shape (3, 2) must have rank at least 3"),
    (lambda: K.function([K.placeholder((2,))], [K.placeholder((2,))], foo=1),
     "Session keyword arguments are not supported during eager execution. You passed: {'foo': 1}"),
    (lambda: K.resize_volumes(tf.ones([1, 1, 1, 1, 1]), 2, 1, 1, "bad"), "Invalid data_format: bad"),
])
def test_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


def test_asserts_as_tf_keras():
    with pytest.raises(AssertionError):
        K.repeat(tf.ones([2, 3, 4]), 2)
    with pytest.raises(AssertionError):
        K.temporal_padding(tf.ones([1, 2, 1]), (1, 2, 3))


def test_state_helpers():
    K.clear_session()
    assert (K.get_uid("dense"), K.get_uid("dense"), K.get_uid()) == (1, 2, 1)
    assert tf.keras.layers.Dense(2).name == "dense" and K.get_uid("dense") == 3  # names count apart
    K.clear_session()
    assert K.get_uid("dense") == 1
    with pytest.warns(UserWarning, match="learning_phase_scope` is deprecated"):
        with K.learning_phase_scope(1):
            assert K.learning_phase() == 1
            assert float(K.in_train_phase(tf.constant(1.), tf.constant(2.))) == 1.0
    assert K.learning_phase() == 0
    with pytest.raises(ValueError, match="Expected learning phase to be 0 or 1."):
        with pytest.warns(UserWarning):
            with K.learning_phase_scope(3):
                pass
    assert K.in_train_phase(lambda: 1, lambda: 2) == 2
    K.manual_variable_initialization(True)
    assert K._MANUAL_VAR_INIT is True
    K.manual_variable_initialization(False)
    with K.name_scope("block"):
        pass


def test_placeholder_function_and_sparse():
    p = K.placeholder((2, 3))
    K.clear_session()
    p = K.placeholder((2, 3))
    assert repr(p) == "<KerasTensor: shape=(2, 3) dtype=float32 (created by layer 'input_1')>"
    assert K.is_keras_tensor(p) and K.placeholder(ndim=3).shape.as_list() == [None, None, None]
    x = tf.keras.Input((2,))
    f = K.function([x], [x * 2.0])
    out = f([np.ones((1, 2), np.float32)])
    assert isinstance(out, list) and isinstance(out[0], np.ndarray) and out[0].tolist() == [[2.0, 2.0]]
    sp = tf.sparse.from_dense(tf.constant([[1, 0]]))
    assert K.is_sparse(sp) and not K.is_sparse(tf.ones([1]))
    assert isinstance(K.eval(tf.constant([1.])), np.ndarray)
    assert isinstance(K.count_params(tf.ones([2, 3])), np.integer)


def test_print_tensor(capsys):
    x = tf.constant([1, 2])
    assert K.print_tensor(x, "msg") is x
    assert capsys.readouterr().out == "msg [1 2]\n"

    @tf.function
    def f(t):
        return K.print_tensor(t * 2, "traced")
    assert f(x).numpy().tolist() == [2, 4]
    assert "traced [2 4]" in capsys.readouterr().out


def test_random_values():
    tf.random.set_seed(1)
    u = K.random_uniform((1000,), -1.0, 3.0, seed=3)
    assert u.dtype == tf.float32 and -1.0 <= float(tf.reduce_min(u)) and float(tf.reduce_max(u)) < 3.0
    n = K.random_normal((4000,), 2.0, 0.5)
    assert abs(float(tf.reduce_mean(n)) - 2.0) < 0.05 and abs(float(tf.math.reduce_std(n)) - 0.5) < 0.05
    t = K.truncated_normal((4000,), stddev=1.0)
    assert float(tf.reduce_max(tf.abs(t))) <= 2.0
    b = K.random_bernoulli((4000,), p=0.25)
    assert set(np.unique(b.numpy())) <= {0.0, 1.0} and abs(float(tf.reduce_mean(b)) - 0.25) < 0.03
    with pytest.warns(UserWarning, match="random_binomial` is deprecated"):
        assert K.random_binomial((3,), p=1.0).numpy().tolist() == [1.0, 1.0, 1.0]
    v = K.random_normal_variable((2, 3), 0.0, 1.0, name="w", seed=1)
    assert isinstance(v, tf.Variable) and v.name == "w:0" and v.shape == (2, 3)
    v = K.random_uniform_variable((2,), 1.0, 2.0, dtype="float64")
    assert v.dtype == tf.float64 and np.all((v.numpy() >= 1) & (v.numpy() < 2))
    d = K.dropout(tf.ones([1000]), 0.5, seed=1)
    assert set(np.unique(d.numpy())) <= {0.0, 2.0}
    with pytest.raises(ValueError, match="rate"):
        K.dropout(tf.ones([4]), 1.5)


def test_traced_calls():
    @tf.function
    def f(a, b, x, k):
        return (K.batch_dot(a, b), K.conv2d(x, k, padding="same"), K.pool2d(x, (2, 2), (2, 2)),
                K.switch(a > 0, a, -a), K.hard_sigmoid(a), K.temporal_padding(a, (1, 0)))
    r = np.random.default_rng(0)
    a, b = r.standard_normal((2, 3, 4)).astype(np.float32), r.standard_normal((2, 4, 2)).astype(np.float32)
    x, k = r.standard_normal((1, 4, 4, 2)).astype(np.float32), r.standard_normal((3, 3, 2, 2)).astype(np.float32)
    traced = f(a, b, x, k)
    eager = f.python_function(tf.constant(a), tf.constant(b), tf.constant(x), tf.constant(k))
    for t, e in zip(traced, eager):
        np.testing.assert_allclose(t.numpy(), e.numpy(), rtol=1e-5, atol=1e-6)


def _fd_check(fn, *args, eps=1e-6):
    """float64 finite differences against the tape's gradient of sum(fn(*args))."""
    args = [tf.constant(np.asarray(a, np.float64)) for a in args]
    with tf.GradientTape() as tape:
        for a in args:
            tape.watch(a)
        y = tf.reduce_sum(fn(*args))
    grads = tape.gradient(y, args)
    for i, a in enumerate(args):
        base = a.numpy()
        num = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            plus, minus = base.copy(), base.copy()
            plus[idx] += eps
            minus[idx] -= eps
            vp = float(tf.reduce_sum(fn(*[tf.constant(plus) if j == i else args[j] for j in range(len(args))])))
            vm = float(tf.reduce_sum(fn(*[tf.constant(minus) if j == i else args[j] for j in range(len(args))])))
            num[idx] = (vp - vm) / (2 * eps)
        np.testing.assert_allclose(grads[i].numpy(), num, rtol=1e-5, atol=1e-6)


def test_gradients_float64():
    r = np.random.default_rng(5)
    _fd_check(lambda a, b: K.batch_dot(a, b), r.standard_normal((2, 3, 2)), r.standard_normal((2, 2, 3)))
    _fd_check(lambda x, k: K.local_conv1d(x, k, (2,), (1,)), r.standard_normal((1, 4, 2)), r.standard_normal((3, 4, 2)))
    _fd_check(lambda x, k: K.local_conv2d(x, k, (2, 2), (1, 1), (2, 2)), r.standard_normal((1, 3, 3, 1)),
              r.standard_normal((4, 4, 1)))
    _fd_check(lambda x: K.hard_sigmoid(x), np.array([-3.0, -1.0, 0.5, 2.0]))
    _fd_check(lambda x: K.softsign(x) * K.cumprod(x), np.array([-1.5, 0.3, 2.0]))
    _fd_check(lambda x, g: K.normalize_batch_in_training(x, g, None, [0])[0] * x, r.standard_normal((3, 2)),
              r.standard_normal(2))
    # resize_images goes through tf.image.resize, which computes in float32: its gradient is checked with that op
    _fd_check(lambda x: K.pool2d(K.spatial_2d_padding(x * x), (2, 2), pool_mode="avg")[:, :3, :3] * K.resize_volumes(
        x[..., None], 1, 1, 1, "channels_last")[..., 0][:, :3, :3], r.standard_normal((1, 3, 3, 1)))
