"""tf.random: distributions, shapes/dtypes, TF's seed rules (verified in TF 2.21 eager and
tf.function), graph execution and errors. Moments use 10^5 samples and generous tolerances."""
import numpy as np
import pytest

import numtf as tf
from numtf.framework import random_seed
from numtf.graph.graph import Graph, run
from helpers import check_graph

N = 100_000


@pytest.fixture(autouse=True)
def _no_global_seed():
    tf.random.set_seed(None)
    yield
    tf.random.set_seed(None)


def u(*args, **kwargs):
    return tf.random.uniform([4], *args, **kwargs).numpy()


# -- distributions --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_uniform_moments_and_bounds(dtype):
    x = tf.random.uniform([N], dtype=dtype, seed=1)
    assert x.dtype == dtype and x.shape == (N,)
    a = x.numpy().astype(np.float64)
    assert a.min() >= 0.0 and a.max() <= 1.0
    assert abs(a.mean() - 0.5) < 0.01 and abs(a.std() - np.sqrt(1 / 12)) < 0.01


def test_uniform_range_scalar_and_tensor_bounds():
    a = tf.random.uniform([N], minval=-3, maxval=5.0).numpy()
    assert a.dtype == np.float32 and a.min() >= -3 and a.max() < 5
    assert abs(a.mean() - 1.0) < 0.05
    lo, hi = tf.constant([0., 10., 20.]), tf.constant([1., 11., 30.])
    b = tf.random.uniform([N // 10, 3], lo, hi).numpy()
    assert b.dtype == np.float32 and b.shape == (N // 10, 3)
    # minval + u * (maxval - minval) in float32 rounds up to maxval now and then (u near 1): TF's
    # own uniform returns 11.0 for [10, 11) about once per million draws too
    assert (b >= [0, 10, 20]).all() and (b <= [1, 11, 30]).all() and (b[:, 0] < 1).all()
    np.testing.assert_allclose(b.mean(axis=0), [0.5, 10.5, 25], atol=0.1)


@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_uniform_int(dtype):
    x = tf.random.uniform([N], minval=-2, maxval=3, dtype=dtype)
    assert x.dtype == dtype
    a = x.numpy()
    assert sorted(set(a.tolist())) == [-2, -1, 0, 1, 2]
    assert abs(a.mean()) < 0.05
    assert tf.random.uniform([0], 5, 5, dtype=dtype).shape == (0,)  # TF: no check when empty


def test_uniform_errors():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype tf.int32"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Need minval < maxval, got 5 >= 5 \[Op:RandomUniformInt\]"):
        tf.random.uniform([2], 5, 5, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="minval must be 0-D, got shape"):
        tf.random.uniform([2], tf.constant([0, 1]), 5, dtype=tf.int32)
    with pytest.raises(ValueError, match=r"Accepted dtypes are \(tf.float16, tf.bfloat16, tf.float32"):
        tf.random.uniform([2], dtype=tf.int8)
    with pytest.raises(TypeError):
        tf.random.uniform([2], 0.5, 5, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="shape must be a vector of {int32,int64}, got shape"):
        tf.random.uniform(3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.random.uniform([-1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of float"):
        tf.random.uniform([2.0])


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_normal_moments(dtype):
    x = tf.random.normal([N], mean=2.0, stddev=3.0, dtype=dtype)
    assert x.dtype == dtype
    a = x.numpy().astype(np.float64)
    assert abs(a.mean() - 2.0) < 0.05 and abs(a.std() - 3.0) < 0.05


def test_normal_tensor_parameters_broadcast():
    x = tf.random.normal([N // 10, 3], mean=tf.constant([0., 100., 200.]), stddev=tf.constant(0.5))
    assert x.dtype == tf.float32
    np.testing.assert_allclose(x.numpy().mean(axis=0), [0, 100, 200], atol=0.05)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        tf.random.normal([2, 3], mean=tf.constant([0., 1.]))
    with pytest.raises(TypeError, match="Cannot convert 0.0 to EagerTensor of dtype int32"):
        tf.random.normal([2], dtype=tf.int32)


def test_truncated_normal_bounds_and_moments():
    a = tf.random.truncated_normal([N]).numpy().astype(np.float64)
    assert np.abs(a).max() <= 2.0
    assert abs(a.mean()) < 0.02 and abs(a.std() - 0.8796) < 0.02  # std of N(0,1) cut at +-2
    b = tf.random.truncated_normal([N], mean=5.0, stddev=0.1, dtype=tf.float64).numpy()
    assert b.dtype == np.float64 and np.abs(b - 5.0).max() <= 0.2 + 1e-12
    c = tf.random.truncated_normal([N // 10, 2], stddev=tf.constant([1., 10.])).numpy()
    assert np.abs(c[:, 0]).max() <= 2 and np.abs(c[:, 1]).max() <= 20 and np.abs(c[:, 1]).max() > 2


def test_categorical_frequencies():
    probs = np.array([[0.1, 0.2, 0.7], [0.5, 0.0, 0.5]], np.float32)
    with np.errstate(divide="ignore"):
        logits = np.log(probs)
    s = tf.random.categorical(logits, N // 2)
    assert s.dtype == tf.int64 and s.shape == (2, N // 2)
    a = s.numpy()
    for row, p in zip(a, probs):
        np.testing.assert_allclose(np.bincount(row, minlength=3) / row.size, p, atol=0.01)
    assert not (a[1] == 1).any()  # a -inf logit is never drawn
    big = tf.random.categorical(np.zeros((300, 50), np.float32), 100, dtype=tf.int32)  # row-wise path
    assert big.dtype == tf.int32 and big.numpy().min() >= 0 and big.numpy().max() <= 49
    f64 = tf.random.categorical(tf.constant([[0., 0.]], tf.float64), 3)
    assert f64.shape == (1, 3)
    assert tf.random.categorical([[1., 2.]], 0).shape == (1, 0)


def test_categorical_errors():
    with pytest.raises(ValueError, match=r"Accepted dtypes are \(tf.int32, tf.int64\)"):
        tf.random.categorical([[0.5, 0.5]], 5, dtype=tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="logits should be a matrix, got shape"):
        tf.random.categorical([0.5, 0.5], 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_classes should be positive, got 0"):
        tf.random.categorical(np.zeros((2, 0), np.float32), 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_samples should be non-negative, got -1"):
        tf.random.categorical([[1., 2.]], -1)
    with pytest.raises(tf.errors.NotFoundError):
        tf.random.categorical([[1, 2]], 5)


def test_shuffle():
    x = np.arange(12).reshape(6, 2).astype(np.int32)
    seen = set()
    for _ in range(20):
        y = tf.random.shuffle(x)
        assert y.dtype == tf.int32 and y.shape == (6, 2)
        rows = y.numpy()
        assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, x.tolist()))
        seen.add(tuple(rows[:, 0].tolist()))
    assert len(seen) > 1
    assert int(tf.random.shuffle(tf.constant(1))) == 1
    assert sorted(tf.random.shuffle(tf.constant(["a", "b"])).numpy().tolist()) == [b"a", b"b"]


def test_gamma_and_poisson():
    g = tf.random.gamma([N], alpha=[0.5, 3.0])
    assert g.dtype == tf.float32 and g.shape == (N, 2)
    np.testing.assert_allclose(g.numpy().mean(axis=0), [0.5, 3.0], rtol=0.03)
    assert g.numpy().min() > 0
    gb = tf.random.gamma([N // 10], alpha=[[1.], [2.]], beta=[1., 2., 4.])
    assert gb.shape == (N // 10, 2, 3)
    np.testing.assert_allclose(gb.numpy().mean(axis=0), [[1, .5, .25], [2, 1, .5]], rtol=0.05)
    assert tf.random.gamma([3], 1., dtype=tf.float64).dtype == tf.float64
    with pytest.raises(ValueError, match="not inexact"):
        tf.random.gamma([2], 1, dtype=tf.int32)
    p = tf.random.poisson([N], lam=[1., 5.])
    assert p.dtype == tf.float32 and p.shape == (N, 2)
    np.testing.assert_allclose(p.numpy().mean(axis=0), [1., 5.], rtol=0.03)
    assert tf.random.poisson([3], [1., 2.], dtype=tf.int64).dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'dtype' of bool"):
        tf.random.poisson([2], 1.0, dtype=tf.bool)


# -- shapes ----------------------------------------------------------------------------------
def test_shape_arguments():
    assert tf.random.uniform([]).shape == ()
    assert tf.random.uniform(tf.TensorShape([2, 3])).shape == (2, 3)
    assert tf.random.normal(tf.constant([2, 3])).shape == (2, 3)
    assert tf.random.normal((np.int64(2), tf.constant(3))).shape == (2, 3)
    assert tf.random.uniform([2, 0]).shape == (2, 0)
    with pytest.raises(ValueError):
        tf.random.uniform([None, 2])


def _graph_check(fn, *arrays, static=None):
    """Static shape/dtype of a random op in a graph (known and unknown input dims) against the
    values its run produces (random values can't be compared with an eager run)."""
    eager = fn(*[tf.constant(a) for a in arrays])
    for unknown in (False, True):
        g = Graph()
        with g.as_default():
            phs = [g.placeholder(tf.as_dtype(a.dtype), [None] * a.ndim if unknown else a.shape) for a in arrays]
            sym = fn(*phs)
        (value,) = run(g, [sym], dict(zip(phs, arrays)))
        assert sym.dtype == eager.dtype and np.asarray(value).dtype == eager.numpy().dtype
        assert np.shape(value) == eager.shape
        assert sym.shape.is_compatible_with(np.shape(value))
        if not unknown:
            assert sym.shape.as_list() == list(eager.shape if static is None else static)


def test_shape_rules_in_graphs():
    x = np.ones((4, 3), np.float32)
    _graph_check(lambda t: tf.random.uniform([2, 3]) + 0 * tf.reduce_sum(t), x)
    _graph_check(lambda t: tf.random.uniform([2], 0, 9, dtype=tf.int64), x)
    _graph_check(lambda t: tf.random.normal(tf.shape(t), dtype=tf.float64), x)
    _graph_check(lambda t: tf.random.truncated_normal(tf.shape(t)), x)
    _graph_check(lambda t: tf.random.categorical(t, 5, dtype=tf.int32), x)
    _graph_check(lambda t: tf.random.shuffle(t), x)
    _graph_check(lambda t: tf.random.gamma([2], t), x)
    _graph_check(lambda t: tf.random.poisson([2], t, dtype=tf.int32), x)
    _graph_check(lambda t: tf.random.uniform([tf.unstack(tf.shape(t))[0], 3]), x, static=[None, 3])
    g = Graph()
    with g.as_default():
        ph = g.placeholder(tf.int32, [None])
        assert tf.random.uniform(ph).shape.rank is None  # as TF: the shape's length is unknown
        assert tf.random.uniform(g.placeholder(tf.int32, [2])).shape.as_list() == [None, None]
        assert tf.random.uniform(tf.constant([2, 5])).shape == (2, 5)
        m = g.placeholder(tf.float32, [None, None])
        dyn = tf.random.uniform([tf.unstack(tf.shape(m))[0], 7])
        assert dyn.shape.as_list() == [None, 7]
    (v,) = run(g, [dyn], {m: np.ones((2, 3), np.float32)})
    assert v.shape == (2, 7) and v.dtype == np.float32


def test_stateless_ops():
    a = tf.random.stateless_uniform([3, 2], seed=[1, 2])
    b = tf.random.stateless_uniform([3, 2], seed=[1, 2])
    c = tf.random.stateless_uniform([3, 2], seed=[1, 3])
    assert a.dtype == tf.float32 and a.shape == (3, 2)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(a.numpy(), c.numpy())
    n = tf.random.stateless_normal([N], seed=tf.constant([7, -3], tf.int64), mean=1.0, stddev=2.0).numpy()
    assert abs(n.mean() - 1.0) < 0.05 and abs(n.std() - 2.0) < 0.05
    np.testing.assert_array_equal(n, tf.random.stateless_normal([N], seed=[7, -3], mean=1.0, stddev=2.0).numpy())
    t = tf.random.stateless_truncated_normal([N], seed=[0, 0]).numpy()
    assert np.abs(t).max() <= 2.0
    i = tf.random.stateless_uniform([N], seed=[1, 2], minval=0, maxval=3, dtype=tf.int32).numpy()
    assert i.dtype == np.int32 and sorted(set(i.tolist())) == [0, 1, 2]
    full = tf.random.stateless_uniform([N], seed=[1, 2], minval=None, maxval=None, dtype=tf.int64).numpy()
    assert full.min() < -2 ** 60 and full.max() > 2 ** 60
    cat = tf.random.stateless_categorical([[0., 0., 0.]], 50, seed=[4, 5])
    assert cat.dtype == tf.int64 and cat.shape == (1, 50)
    np.testing.assert_array_equal(cat.numpy(), tf.random.stateless_categorical([[0., 0., 0.]], 50, seed=[4, 5]).numpy())
    # stateless values don't depend on the global seed
    tf.random.set_seed(3)
    np.testing.assert_array_equal(a.numpy(), tf.random.stateless_uniform([3, 2], seed=[1, 2]).numpy())
    # deterministic, so the generic graph check (values included) applies
    check_graph(lambda s: tf.random.stateless_uniform([2, 3], seed=s), np.array([1, 2], np.int32))
    check_graph(lambda s: tf.random.stateless_normal([4], seed=s, mean=3.0), np.array([5, 2], np.int64))


def test_stateless_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seed must have shape \[2\], not \[1\]"):
        tf.random.stateless_uniform([2], seed=[1])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seed must have shape \[2\], not \[\]"):
        tf.random.stateless_uniform([2], seed=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'Tseed' of float"):
        tf.random.stateless_uniform([2], seed=[1., 2.])
    with pytest.raises(ValueError, match="must be both None or not None. Got `minval`=0 and `maxval`=None"):
        tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)


# -- seeds -------------------------------------------------------------------------------------
def test_no_seed_is_nondeterministic():
    assert not np.array_equal(u(), u())
    assert random_seed.get_seed(None) == (None, None)


def test_global_seed_reproducible_sequence():
    tf.random.set_seed(1)
    a1, a2 = u(), tf.random.normal([3]).numpy()
    tf.random.set_seed(1)
    b1, b2 = u(), tf.random.normal([3]).numpy()
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)
    assert not np.array_equal(u(), u())  # successive calls differ
    tf.random.set_seed(2)
    assert not np.array_equal(u(), a1)


def test_global_seed_op_seeds_do_not_depend_on_sizes():
    # Each op draws its own op seed (as in TF), so earlier sample sizes don't shift later ops.
    tf.random.set_seed(1)
    tf.random.uniform([2])
    b = tf.random.uniform([3]).numpy()
    tf.random.set_seed(1)
    tf.random.uniform([50])
    np.testing.assert_array_equal(b, tf.random.uniform([3]).numpy())


def test_op_seed_without_global_seed():
    x1, x2 = u(seed=1), u(seed=1)
    assert not np.array_equal(x1, x2)  # the (default global, 1) stream advances
    tf.random.set_seed(None)  # a fresh program
    np.testing.assert_array_equal(u(seed=1), x1)
    tf.random.set_seed(random_seed.DEFAULT_GRAPH_SEED)  # TF uses this global seed (verified)
    np.testing.assert_array_equal(u(seed=1), x1)
    assert random_seed.get_seed(3) == (87654321, 3)


def test_both_seeds():
    tf.random.set_seed(5)
    a = [u(seed=1), u(seed=1), u(), u(seed=1)]
    assert not np.array_equal(a[0], a[1])
    tf.random.set_seed(5)
    b = [u(seed=1), u(seed=1)]
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    tf.random.set_seed(5)
    np.testing.assert_array_equal(u(), a[2])  # explicit op seeds don't consume the counter
    tf.random.set_seed(5)
    assert not np.array_equal(u(seed=2), a[0])


def test_get_seed_matches_tf():
    tf.random.set_seed(5)
    assert random_seed.get_seed(None) == (5, 1097127993)
    assert random_seed.get_seed(None) == (5, 1539898300)
    assert random_seed.get_seed(3) == (5, 3)
    tf.random.set_seed(5)
    assert random_seed.get_seed(None) == (5, 1097127993)
    tf.random.set_seed(0)
    assert random_seed.get_seed(0) == (0, 2147483647)
    assert random_seed.get_seed(None) == (0, 1654615998)
    tf.random.set_seed(2 ** 40)
    assert random_seed.get_seed(2 ** 33) == (2 ** 40 % (2 ** 31 - 1), 2 ** 33 % (2 ** 31 - 1))


def test_rng_for():
    assert isinstance(random_seed.rng_for(None), np.random.Generator)
    tf.random.set_seed(9)
    g = random_seed.rng_for(4)
    assert random_seed.rng_for(4) is g
    tf.random.set_seed(9)
    assert random_seed.rng_for(4) is not g


def _uniform_graph(seed=None):
    g = Graph()
    with g.as_default():
        out = tf.random.uniform([3], seed=seed)
    return g, out


def test_graph_runs_give_fresh_values_and_follow_seeds():
    g, out = _uniform_graph()
    first, second = run(g, [out])[0], run(g, [out])[0]
    assert first.dtype == np.float32 and not np.array_equal(first, second)
    tf.random.set_seed(7)
    f, fo = _uniform_graph()
    h, ho = _uniform_graph()
    f1, f2 = run(f, [fo])[0], run(f, [fo])[0]
    assert not np.array_equal(f1, f2)
    # same structure, same seeds: same values (TF's op seed is the node's position in the graph)
    np.testing.assert_array_equal(run(h, [ho])[0], f1)
    tf.random.set_seed(7)  # restarts graph streams too (as TF does for tf.function kernels)
    np.testing.assert_array_equal(run(f, [fo])[0], f1)
    # a node with an explicit op seed has its own state, apart from the eager (7, 1) stream
    sg, so = _uniform_graph(seed=1)
    s1, s2 = run(sg, [so])[0], run(sg, [so])[0]
    assert not np.array_equal(s1, s2)
    tf.random.set_seed(7)
    np.testing.assert_array_equal(tf.random.uniform([3], seed=1).numpy(), s1)  # same pair, same start
    np.testing.assert_array_equal(run(sg, [so])[0], s1)
    assert not np.array_equal(run(sg, [so])[0], s1)
    random_seed.restart_graph_streams(sg)  # what a new v1 Session does
    np.testing.assert_array_equal(run(sg, [so])[0], s1)


def test_set_seed_inside_graph_sets_graph_seed():
    g = Graph()
    with g.as_default():
        tf.random.set_seed(11)
        out = tf.random.uniform([2])
    assert g.seed == 11 and random_seed._State.global_seed is None
    g2 = Graph()
    with g2.as_default():
        tf.random.set_seed(11)
        out2 = tf.random.uniform([2])
    np.testing.assert_array_equal(run(g, [out])[0], run(g2, [out2])[0])


def test_no_gradients():
    m = tf.constant([1., 2.])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(m)
        y = tf.reduce_sum(tf.random.normal([2], mean=m))  # through the `* stddev + mean` ops, as TF
        z = tf.reduce_sum(tf.random.shuffle(m))
    np.testing.assert_allclose(tape.gradient(y, m).numpy(), [1., 1.])
    assert tape.gradient(z, m) is None
    from numtf.ops import random_ops
    assert random_ops.SHUFFLE.no_grad_reason and random_ops.UNIFORM.stateful
