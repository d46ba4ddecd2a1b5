"""Candidate samplers, compute_accidental_hits, nce_loss, sampled_softmax_loss, the sparse
embedding lookups and fractional pooling.

Deterministic values, gradients and errors were recorded from TF 2.21 (tests/golden/nn2.npz, made
by tools/make_nn2_golden.py). TF's random outputs are checked against numtf's contract: TF's
expected counts for the candidates TF drew follow numtf's class probabilities, and TF's pooling
sequences give TF's pooled values and gradients through numtf's kernels."""
import numpy as np
import pytest

import numtf
from numtf.ops import sampling_ops, fractional_pool_ops as fp
from helpers import check_gradients, numeric_grad
from _nn2_golden import CASES, GOLDEN, run_case, inputs, outputs, weights, tf

rng = np.random.default_rng(21)
F32_CASES = ["nce_loss_keep", "nce_loss_rm", "sampled_softmax_loss_keep", "sampled_softmax_loss_rm", "nce_loss_1"]
F64_CASES = ["accidental_hits", "all_sampler"] + [f"els_{c}{w}" for c in ("mean", "sqrtn", "sum") for w in ("", "_w")] \
    + [f"safe_{c}" for c in ("mean", "sqrtn", "sum")] + ["safe_default_id", "safe_rank3"]


@pytest.mark.parametrize("name", F32_CASES)
def test_sampled_losses_match_tf(name):
    run_case(name, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", F64_CASES)
def test_lookups_and_hits_match_tf(name):
    run_case(name, rtol=1e-12, atol=1e-12)


# -- samplers ---------------------------------------------------------------------------------------
SPECIAL = sorted(n for n, c in CASES.items() if c.get("special"))


def _probs(meta):
    kind, extra, rmax = meta["kind"], meta["extra"], meta["range_max"]
    if kind.startswith("fixed"):
        w = np.concatenate([np.zeros(extra.get("num_reserved_ids", 0)),
                            np.power(np.asarray(extra["unigrams"], float), extra.get("distortion", 1.0))])
        return w[np.arange(w.size) % extra.get("num_shards", 1) == extra.get("shard", 0)] / \
            w[np.arange(w.size) % extra.get("num_shards", 1) == extra.get("shard", 0)].sum()
    name = {"learned_unigram": "learned"}.get(kind, kind)
    params = {"state": sampling_ops._Unigram(rmax)} if name == "learned" else {}
    return sampling_ops._probabilities(name, rmax, params)


def _expected(p, n, tries):
    return p * n if tries is None or tries == n else -np.expm1(tries * np.log1p(-p))


@pytest.mark.parametrize("name", SPECIAL)
def test_tf_expected_counts_follow_numtfs_distribution(name):
    if name.startswith("fractional"):
        return  # (checked below)
    meta = CASES[name]
    tc = inputs(name)[0]
    sampled, true_exp, samp_exp = outputs(name)
    p = _probs(meta)
    assert sampled.dtype == np.int64 and true_exp.shape == tc.shape and samp_exp.shape == sampled.shape
    tries_options = [None] if not meta["unique"] else range(4, 200)
    ok = [t for t in tries_options if np.allclose(_expected(p[tc], 4, t), true_exp, rtol=2e-6)
          and np.allclose(_expected(p[sampled], 4, t), samp_exp, rtol=2e-6)]
    assert ok, f"{name}: TF's expected counts do not follow numtf's class probabilities"
    if meta["unique"]:
        assert len(set(sampled.tolist())) == 4


SAMPLERS = {"uniform": lambda t, u, n, s: tf.random.uniform_candidate_sampler(t, 2, n, u, 10, seed=s),
            "log_uniform": lambda t, u, n, s: tf.random.log_uniform_candidate_sampler(t, 2, n, u, 10, seed=s),
            "fixed": lambda t, u, n, s: tf.random.fixed_unigram_candidate_sampler(
                t, 2, n, u, 10, distortion=0.7, num_reserved_ids=2, unigrams=[3, 1, 4, 1, 5, 9, 2, 6], seed=s),
            "learned": lambda t, u, n, s: tf.random.learned_unigram_candidate_sampler(t, 2, n, u, 10, seed=s)}


@pytest.mark.parametrize("kind", sorted(SAMPLERS))
def test_numtf_samplers_contract(kind):
    tc = np.array([[2, 3], [9, 4]], np.int64)
    fn = SAMPLERS[kind]
    s, te, se = fn(tc, True, 6, 3)
    assert s.dtype == tf.int64 and te.dtype == tf.float32 and s.shape == (6,) and te.shape == (2, 2)
    assert len(set(s.numpy().tolist())) == 6 and s.numpy().min() >= 0 and s.numpy().max() < 10
    # Many draws with replacement follow the class probabilities.
    s, te, se = fn(tc, False, 40000, 3)
    params = {"state": sampling_ops._Unigram(10)} if kind == "learned" else {}
    if kind == "fixed":
        w = np.concatenate([np.zeros(2), np.power([3, 1, 4, 1, 5, 9, 2, 6], 0.7)])
        params = {"weights": w}
    p = sampling_ops._probabilities(kind, 10, params)
    freq = np.bincount(s.numpy(), minlength=10) / 40000
    np.testing.assert_allclose(freq, p, atol=0.012)
    np.testing.assert_allclose(te.numpy(), p[tc] * 40000, rtol=1e-5)
    np.testing.assert_allclose(se.numpy(), p[s.numpy()] * 40000, rtol=1e-5)
    tf.random.set_seed(4)
    a = fn(tc, True, 5, 8)[0].numpy()
    tf.random.set_seed(4)
    assert a.tolist() == fn(tc, True, 5, 8)[0].numpy().tolist()


def test_learned_unigram_learns_inside_a_graph_and_samplers_trace():
    tc = np.array([[1]], np.int64)

    @numtf.function
    def f(t):
        return tf.random.learned_unigram_candidate_sampler(t, 1, 3, False, 4, seed=1)
    first = f(tc)[1].numpy()[0, 0]
    second = f(tc)[1].numpy()[0, 0]
    assert first == pytest.approx(0.75) and second == pytest.approx(3 * 2 / 5)  # weight of class 1: 1, then 2

    @numtf.function
    def g(t):
        s, te, se = tf.random.log_uniform_candidate_sampler(t, 1, 5, True, 100)
        assert s.shape.as_list() == [5] and te.shape.as_list() == [1, 1]
        return s
    assert g(tc).shape == (5,)


def test_sampler_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="range is too small"):
        tf.random.uniform_candidate_sampler([[1]], 1, 5, True, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_true"):
        tf.random.uniform_candidate_sampler([[1, 2]], 1, 2, False, 3)
    with pytest.raises(TypeError, match="int64"):
        tf.random.uniform_candidate_sampler(tf.constant([[1]]), 1, 2, False, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="range_max"):
        tf.random.fixed_unigram_candidate_sampler([[1]], 1, 2, False, 5, unigrams=[1, 2])


# -- sampled losses ----------------------------------------------------------------------------------
def test_sampled_loss_gradients_by_finite_differences():
    sv = (np.array([3, 0, 5], np.int64), np.array([[0.2, 0.3], [0.1, 0.4]]), np.array([0.5, 0.6, 0.7]))
    lab = np.array([[1, 3], [5, 6]], np.int64)
    for loss in (tf.nn.nce_loss, tf.nn.sampled_softmax_loss):
        check_gradients(lambda w, b, x: loss(w, b, lab, x, 3, 7, num_true=2, sampled_values=sv,
                                             remove_accidental_hits=True),
                        rng.standard_normal((7, 3)), rng.standard_normal(7), rng.standard_normal((2, 3)))


def test_sampled_softmax_with_every_class_is_the_full_softmax():
    w, b, x = rng.standard_normal((6, 3)), rng.standard_normal(6), rng.standard_normal((4, 3))
    lab = np.array([[0], [5], [2], [2]], np.int64)
    sv = tf.random.all_candidate_sampler(lab, 1, 6, True)
    got = tf.nn.sampled_softmax_loss(w, b, lab, x, 6, 6, sampled_values=sv).numpy()
    full = tf.nn.sparse_softmax_cross_entropy_with_logits(lab[:, 0], x @ w.T + b).numpy()
    np.testing.assert_allclose(got, full, rtol=1e-12)

    @numtf.function
    def f(xx):
        return tf.nn.nce_loss(w, b, lab, xx, 6, 6, sampled_values=sv)
    np.testing.assert_allclose(f(x).numpy(), tf.nn.nce_loss(w, b, lab, x, 6, 6, sampled_values=sv).numpy())
    assert tf.nn.nce_loss(w.astype(np.float32), b.astype(np.float32), lab, x.astype(np.float32), 3, 6).shape == (4,)


# -- sparse embedding lookups ----------------------------------------------------------------------------
def test_embedding_lookup_sparse_reference_gradients_and_function():
    idx = np.array([[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], np.int64)
    ids, wts = np.array([3, 1, 0, 0, 2], np.int64), rng.random(5) + 0.2
    p = rng.standard_normal((4, 2))
    sp_ids, sp_w = tf.SparseTensor(idx, ids, [3, 3]), tf.SparseTensor(idx, wts, [3, 3])
    out = tf.nn.embedding_lookup_sparse(p, sp_ids, sp_w, combiner="sqrtn").numpy()
    row2 = (p[[0, 0, 2]] * wts[2:, None]).sum(0) / np.sqrt((wts[2:] ** 2).sum())
    np.testing.assert_allclose(out[2], row2)
    np.testing.assert_array_equal(out[1], [0.0, 0.0])
    for comb in ("mean", "sqrtn", "sum"):
        check_gradients(lambda params, w: tf.nn.embedding_lookup_sparse(
            params, sp_ids, tf.SparseTensor(idx, w, [3, 3]), combiner=comb), p, wts)
        check_gradients(lambda params: tf.nn.safe_embedding_lookup_sparse(params, sp_ids, combiner=comb,
                                                                          default_id=1), p)

    @numtf.function
    def f(params):
        return tf.nn.embedding_lookup_sparse(params, sp_ids, None)
    np.testing.assert_allclose(f(p).numpy(), tf.nn.embedding_lookup_sparse(p, sp_ids, None).numpy())
    with pytest.raises(ValueError, match="combiner"):
        tf.nn.embedding_lookup_sparse(p, sp_ids, None, combiner="max")
    with pytest.raises(TypeError, match="SparseTensor"):
        tf.nn.embedding_lookup_sparse(p, ids, None)


# -- fractional pooling -------------------------------------------------------------------------------
FRACTIONAL = [f"fractional_{k}_{pr}{ov}" for k in ("max", "avg") for pr in (0, 1) for ov in (0, 1)]


def _check_sequence(seq, n, m):
    steps = np.diff(seq)
    assert seq[0] == 0 and seq[-1] == n and len(seq) == m + 1
    assert set(steps.tolist()) <= {n // m, -(-n // m)}


@pytest.mark.parametrize("name", FRACTIONAL)
def test_fractional_pool_with_tfs_sequences(name):
    x = GOLDEN["fractional/in0"]
    out, rows, cols, grad = outputs(name)
    kind, ov = name.split("_")[1], bool(int(name[-1]))
    _check_sequence(rows, 10, 6)
    _check_sequence(cols, 7, 4)
    np.testing.assert_allclose(fp._pool_with(x, rows, cols, ov, kind), out, rtol=1e-12)
    g = weights(out.shape, 0)
    mine = fp._max_grad_kernel(x, out, g, rows, cols, ov) if kind == "max" else fp._avg_grad_kernel(x, g, rows, cols,
                                                                                                    ov)
    np.testing.assert_allclose(mine, grad, rtol=1e-12)
    # Central differences of the pooled values agree with the gradient kernel.
    xs = x[:1, :5, :5, :1].copy()
    r5, c5 = np.array([0, 2, 3, 5]), np.array([0, 1, 3, 5])
    w = weights((1, 3, 3, 1), 1)
    num = numeric_grad(lambda a: float((fp._pool_with(a, r5, c5, ov, kind) * w).sum()), [xs])[0]
    ana = fp._max_grad_kernel(xs, fp._pool_with(xs, r5, c5, ov, kind), w, r5, c5, ov) if kind == "max" \
        else fp._avg_grad_kernel(xs, w, r5, c5, ov)
    np.testing.assert_allclose(ana, num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("pseudo", [False, True])
@pytest.mark.parametrize("overlapping", [False, True])
def test_numtf_fractional_pool_contract(pseudo, overlapping):
    x = tf.constant(rng.standard_normal((2, 11, 9, 2)))
    for fn, kind in ((tf.nn.fractional_max_pool, "max"), (tf.nn.fractional_avg_pool, "avg")):
        with tf.GradientTape() as tape:
            tape.watch(x)
            out, rows, cols = fn(x, [1.0, 1.6, 2.0, 1.0], pseudo_random=pseudo, overlapping=overlapping, seed=2)
            loss = tf.reduce_sum(out * out)
        assert out.shape == (2, 6, 4, 2) and rows.dtype == tf.int64
        _check_sequence(rows.numpy(), 11, 6)
        _check_sequence(cols.numpy(), 9, 4)
        np.testing.assert_allclose(out.numpy(), fp._pool_with(x.numpy(), rows.numpy(), cols.numpy(), overlapping,
                                                              kind))
        g = 2 * out.numpy()
        ref = fp._max_grad_kernel(x.numpy(), out.numpy(), g, rows.numpy(), cols.numpy(), overlapping) \
            if kind == "max" else fp._avg_grad_kernel(x.numpy(), g, rows.numpy(), cols.numpy(), overlapping)
        np.testing.assert_allclose(tape.gradient(loss, x).numpy(), ref)


def test_fractional_pool_graph_and_errors():
    @numtf.function
    def f(v):
        out, r, c = tf.nn.fractional_max_pool(v, [1.0, 1.5, 1.5, 1.0], seed=1)
        assert out.shape.as_list() == [1, 4, 4, 1] and r.shape.as_list() == [5]
        return out, r
    a, r = f(np.arange(36.0).reshape(1, 6, 6, 1))
    _check_sequence(r.numpy(), 6, 4)
    with pytest.raises(ValueError, match="first and last"):
        tf.nn.fractional_avg_pool(np.zeros((1, 4, 4, 1)), [2.0, 1.5, 1.5, 1.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="smaller than 1"):
        tf.nn.fractional_max_pool(np.zeros((1, 2, 4, 1)), [1.0, 3.0, 1.5, 1.0])
