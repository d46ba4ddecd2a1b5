"""CTC: tf.nn.ctc_loss (dense and sparse labels, time- or batch-major, blank_index) and its
gradient, ctc_greedy_decoder, ctc_beam_search_decoder and collapse_repeated.

Values, gradients and errors were recorded from TF 2.21 (tests/golden/nn2.npz, made by
tools/make_nn2_golden.py); the loss is also checked against a brute-force sum over every
alignment, and its gradient by central differences in float64."""
import itertools

import numpy as np
import pytest

import numtf
from helpers import check_gradients
from _nn2_golden import run_case, check_error, tf

rng = np.random.default_rng(9)
CTC_CASES = ["ctc_dense", "ctc_batch_major", "ctc_blank_mid", "ctc_blank_last", "ctc_sparse", "ctc_sparse_blank0",
             "ctc_greedy", "ctc_greedy_nomerge", "ctc_greedy_blank0", "ctc_beam", "ctc_beam_narrow",
             "collapse_repeated"]


@pytest.mark.parametrize("name", CTC_CASES)
def test_matches_tf(name):
    run_case(name, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", ["ctc_sparse_no_blank", "ctc_beam_top_paths", "ctc_greedy_seq_len"])
def test_errors_match_tf(name):
    check_error(name)


def brute_force_nll(logits, label, blank):
    """-log of the summed probability of every frame path that collapses to `label`."""
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    total = 0.0
    for path in itertools.product(range(logits.shape[1]), repeat=logits.shape[0]):
        merged = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
        if [k for k in merged if k != blank] == list(label):
            total += np.exp(sum(logp[t, k] for t, k in enumerate(path)))
    return -np.log(total)


@pytest.mark.parametrize("label,blank", [([1, 1], 0), ([2, 1, 2], 0), ([], 0), ([0, 2], 1), ([1], 2)])
def test_loss_is_the_sum_over_alignments(label, blank):
    x = rng.standard_normal((5, 3))
    n = len(label)
    lab = np.array([label + [0] * (3 - n)], np.int32)
    got = tf.nn.ctc_loss(lab, x[:, None, :], [n], [5], blank_index=blank).numpy()[0]
    np.testing.assert_allclose(got, brute_force_nll(x, label, blank), rtol=1e-12)
    short = tf.nn.ctc_loss(lab, x[:, None, :], [n], [4], blank_index=blank).numpy()[0]  # frames past length unused
    np.testing.assert_allclose(short, brute_force_nll(x[:4], label, blank), rtol=1e-12)


def test_impossible_label_gives_inf_and_zero_gradient():
    x = tf.constant(rng.standard_normal((2, 1, 3)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.nn.ctc_loss([[1, 1]], x, [2], [2])  # "1 1" needs a blank between: 3 frames
    assert np.isinf(loss.numpy()[0])
    assert not np.any(tape.gradient(loss, x).numpy())


def test_ctc_gradients_by_finite_differences():
    lab = np.array([[1, 2, 2], [3, 0, 0]], np.int32)
    check_gradients(lambda x: tf.nn.ctc_loss(lab, x, [3, 1], [6, 4]), rng.standard_normal((6, 2, 4)))
    check_gradients(lambda x: tf.nn.ctc_loss(lab, x, [2, 1], [5, 3], logits_time_major=False, blank_index=3),
                    rng.standard_normal((2, 5, 4)))
    sp = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], [1, 0, 0], [2, 2])
    check_gradients(lambda x: tf.nn.ctc_loss(sp, x, None, [4, 4], blank_index=-1), rng.standard_normal((4, 2, 3)))


def test_ctc_loss_in_tf_function_with_gradient():
    x = rng.standard_normal((6, 2, 4)).astype(np.float32)
    lab = np.array([[1, 2], [3, 3]], np.int32)

    @numtf.function
    def step(logits):
        with tf.GradientTape() as tape:
            tape.watch(logits)
            loss = tf.reduce_sum(tf.nn.ctc_loss(lab, logits, [2, 2], [6, 5]))
        return loss, tape.gradient(loss, logits)
    loss, grad = step(tf.constant(x))
    t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        eager = tf.reduce_sum(tf.nn.ctc_loss(lab, t, [2, 2], [6, 5]))
    np.testing.assert_allclose(loss.numpy(), eager.numpy(), rtol=1e-6)
    np.testing.assert_allclose(grad.numpy(), tape.gradient(eager, t).numpy(), rtol=1e-5, atol=1e-7)
    with pytest.raises(ValueError, match="label_length"):
        tf.nn.ctc_loss(lab, x, None, [6, 5])


def test_decoders_contracts_and_graph():
    x = rng.standard_normal((7, 2, 4)).astype(np.float32)
    (d,), neg = tf.nn.ctc_greedy_decoder(x, [7, 3])
    best = x.argmax(-1)
    np.testing.assert_allclose(neg.numpy()[:, 0], [-x[:7, 0].max(-1).sum(), -x[:3, 1].max(-1).sum()], rtol=1e-6)
    row0 = [k for t, k in enumerate(best[:, 0]) if k != 3 and (t == 0 or k != best[t - 1, 0])]
    assert d.values.numpy()[d.indices.numpy()[:, 0] == 0].tolist() == row0
    # With a beam wide enough to be exact, the best path's log probability is -ctc_loss of it.
    (p1, p2), lp = tf.nn.ctc_beam_search_decoder(x, [7, 3], beam_width=64, top_paths=2)
    labels0 = p1.values.numpy()[p1.indices.numpy()[:, 0] == 0]
    nll = tf.nn.ctc_loss([labels0.tolist() or [0]], x[:, :1], [len(labels0)], [7], blank_index=3).numpy()[0]
    np.testing.assert_allclose(lp.numpy()[0, 0], -nll, rtol=1e-5)
    assert lp.numpy()[0, 0] >= lp.numpy()[0, 1]

    @numtf.function
    def decode(v):
        (dd,), n = tf.nn.ctc_greedy_decoder(v, [7, 3])
        return dd.indices, dd.values, n
    i, v, n = decode(x)
    np.testing.assert_array_equal(v.numpy(), d.values.numpy())
    np.testing.assert_array_equal(i.numpy(), d.indices.numpy())


def test_collapse_repeated_graph():
    @numtf.function
    def f(labels, lengths):
        return tf.nn.collapse_repeated(labels, lengths)
    out, n = f(np.array([[2, 2, 3, 3, 3], [1, 2, 1, 2, 1]], np.int32), np.array([4, 5], np.int32))
    assert out.numpy().tolist() == [[2, 3, 0, 0, 0], [1, 2, 1, 2, 1]] and n.numpy().tolist() == [2, 5]
