"""Writes tests/golden/nn2.npz and nn2.json: TF 2.21's values, gradients and errors for the
space/batch/depth rearrangements, dynamic_partition/stitch, unravel_index, histograms,
identity_n/tuple and the rarer tf.nn ops (crelu, lrn, moments helpers, log_poisson_loss,
max_pool_with_argmax, pool, conv_transpose, dilation2d/erosion2d, CTC, candidate sampling and the
sampled losses, sparse embedding lookups, fractional pooling).

Run with the TensorFlow reference environment (CI only reads the files):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_nn2_golden.py

Each case is a Python expression `fn` (a lambda over the case's inputs, evaluated with `tf` bound
to the module under test: TF here, numtf in tests/ops/test_nn2_*.py). Stored per case in the
npz: the inputs (`{name}/in{i}`), every output of fn flattened in order (a SparseTensor gives
indices, values, dense_shape; `{name}/out{k}`) and, for `grad` cases, the gradient of the loss
sum(output * fixed weights) over the float outputs w.r.t. the listed inputs (`{name}/grad{i}`; an
absent key means TF gave None). nn2.json lists the cases (name, fn, grad sources, output dtypes)
and the error cases with TF's exception class and message. "Special" entries hold TF outputs that
the tests check against a contract rather than by re-running fn (random ops).
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.join(os.path.dirname(__file__), "..", "tests", "golden")
OUT, OUT_JSON = os.path.join(HERE, "nn2.npz"), os.path.join(HERE, "nn2.json")

f64, f32, i32, i64 = np.float64, np.float32, np.int32, np.int64
rng = np.random.default_rng(77)


def A(v, dt=f64):
    return np.asarray(v, dt)


def rnd(*shape, dt=f64, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(dt)


def distinct(*shape, dt=f64):
    """Values with no ties (so max/argmax routing is unambiguous)."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.37 - n * 0.15).reshape(shape).astype(dt)


CASES, ERRORS = [], []


def C(name, fn, inputs, grad=None):
    CASES.append((name, fn, [np.asarray(v) for v in inputs], grad))


def E(name, fn, inputs):
    ERRORS.append((name, fn, [np.asarray(v) for v in inputs]))


# -- space / batch / depth -------------------------------------------------------------------------
C("s2b_2d", "lambda x: tf.space_to_batch(x, [2, 2], [[1, 0], [0, 2]])", [rnd(2, 5, 4, 3)], grad=[0])
C("s2b_1d", "lambda x: tf.space_to_batch_nd(x, [3], [[1, 1]])", [rnd(2, 4, 2)], grad=[0])
C("s2b_int", "lambda x: tf.space_to_batch(x, [2, 2], [[0, 0], [0, 0]])", [np.arange(16, dtype=i32).reshape(1, 4, 4, 1)])
C("s2b_3block", "lambda x: tf.space_to_batch_nd(x, [2, 1, 3], [[0, 0], [1, 0], [0, 0]])", [rnd(1, 4, 2, 6, 1)])
C("s2b_nn", "lambda x: tf.nn.space_to_batch(x, [2], [[0, 1]])", [rnd(3, 5, 2)])
C("b2s_2d", "lambda x: tf.batch_to_space(x, [2, 2], [[1, 0], [0, 2]])", [rnd(8, 3, 3, 3)], grad=[0])
C("b2s_1d", "lambda x: tf.batch_to_space(x, [3], [[1, 1]])", [rnd(6, 3, 2)], grad=[0])
C("s2d", "lambda x: tf.nn.space_to_depth(x, 2)", [rnd(2, 4, 6, 3)], grad=[0])
C("s2d_3", "lambda x: tf.nn.space_to_depth(x, 3)", [np.arange(36, dtype=i32).reshape(1, 3, 6, 2)])
C("d2s", "lambda x: tf.nn.depth_to_space(x, 2)", [rnd(2, 2, 3, 12)], grad=[0])
C("required_paddings", "lambda: tf.required_space_to_batch_paddings([5, 4], [2, 3])", [])
C("required_paddings_base", "lambda: tf.required_space_to_batch_paddings([5, 4, 7], [2, 3, 1], "
  "[[1, 1], [0, 2], [3, 0]])", [])
E("s2b_not_divisible", "lambda x: tf.space_to_batch(x, [2, 2], [[0, 0], [0, 0]])", [rnd(1, 5, 4, 1)])
E("b2s_batch", "lambda x: tf.batch_to_space(x, [2, 2], [[0, 0], [0, 0]])", [rnd(3, 2, 2, 1)])
E("s2d_not_divisible", "lambda x: tf.nn.space_to_depth(x, 2)", [rnd(1, 5, 4, 1)])
E("d2s_depth", "lambda x: tf.nn.depth_to_space(x, 2)", [rnd(1, 2, 2, 3)])
E("s2b_negative_pad", "lambda x: tf.space_to_batch(x, [2], [[-1, 1]])", [rnd(1, 4, 1)])

# -- partition / stitch / unravel / histograms / identity_n ----------------------------------------
C("dynamic_partition", "lambda d, p: tf.dynamic_partition(d, p, 3)", [rnd(6, 2), A([2, 0, 2, 1, 0, 2], i32)],
  grad=[0])
C("dynamic_partition_2d", "lambda d, p: tf.dynamic_partition(d, p, 2)", [rnd(2, 3, 2), A([[0, 1, 1], [1, 0, 0]], i32)],
  grad=[0])
C("dynamic_partition_empty", "lambda d, p: tf.dynamic_partition(d, p, 3)", [A([1, 2, 3], i32), A([0, 0, 2], i32)])
C("dynamic_stitch", "lambda i0, i1, d0, d1: tf.dynamic_stitch([i0, i1], [d0, d1])",
  [A([0, 2, 5], i32), A([[1, 2], [3, 4]], i32), rnd(3, 2), rnd(2, 2, 2)], grad=[2, 3])
C("dynamic_stitch_int", "lambda i0, d0: tf.dynamic_stitch([i0], [d0])", [A([3, 0], i32), A([7, 8], i32)])
C("unravel", "lambda i, d: tf.unravel_index(i, d)", [A([5, 7, 0, 11], i32), A([3, 4], i32)])
C("unravel_scalar", "lambda i, d: tf.unravel_index(i, d)", [A(22, i64), A([2, 3, 4], i64)])
HV = A([-1.0, 0.0, 0.99, 1.0, 1.5, 2.0, 4.999, 5.0, 15.0, 2.5, 3.3], f32)
C("histogram", "lambda v, r: tf.histogram_fixed_width(v, r, nbins=5)", [HV, A([0.0, 5.0], f32)])
C("histogram_i64", "lambda v, r: tf.histogram_fixed_width(v, r, nbins=3, dtype=tf.int64)",
  [A([[1, 5, 9], [0, 12, 7]], i32), A([0, 10], i32)])
C("histogram_f64", "lambda v, r: tf.histogram_fixed_width(v, r, nbins=7)", [rnd(40, scale=3.0), A([-2.0, 3.0])])
C("histogram_bins", "lambda v, r: tf.histogram_fixed_width_bins(v, r, nbins=5)", [HV, A([0.0, 5.0], f32)])
C("histogram_bins_2d", "lambda v, r: tf.histogram_fixed_width_bins(v, r, nbins=4)", [rnd(3, 4), A([-1.0, 1.0])])
C("identity_n", "lambda a, b: tf.identity_n([a, b])", [rnd(2, 3), A([1, 2], i32)], grad=[0])
C("tuple", "lambda a, b: tf.tuple([a, b])", [rnd(2), rnd(3)], grad=[0, 1])
E("dynamic_partition_range", "lambda d, p: tf.dynamic_partition(d, p, 2)", [rnd(3), A([0, 2, 1], i32)])
E("dynamic_partition_shape", "lambda d, p: tf.dynamic_partition(d, p, 2)", [rnd(3), A([0, 1], i32)])
E("unravel_bounds", "lambda i, d: tf.unravel_index(i, d)", [A([12], i32), A([3, 4], i32)])
E("histogram_nbins", "lambda v, r: tf.histogram_fixed_width(v, r, nbins=0)", [HV, A([0.0, 5.0], f32)])

# -- tf.nn composites --------------------------------------------------------------------------------
C("crelu", "lambda x: tf.nn.crelu(x)", [rnd(3, 4)], grad=[0])
C("crelu_axis0", "lambda x: tf.nn.crelu(x, axis=0)", [rnd(3, 4)], grad=[0])
C("lrn", "lambda x: tf.nn.local_response_normalization(x)", [rnd(2, 3, 3, 7, dt=f32)], grad=[0])
C("lrn_params", "lambda x: tf.nn.lrn(x, depth_radius=2, bias=0.5, alpha=0.3, beta=0.75)", [rnd(1, 2, 3, 6, dt=f32)],
  grad=[0])
C("zero_fraction", "lambda x: tf.nn.zero_fraction(x)", [A([[0, 1.5, 0], [2, 0, 0]])])
C("zero_fraction_int", "lambda x: tf.nn.zero_fraction(x)", [A([0, 3, 0, 0], i32)])
C("sufficient_statistics", "lambda x: tf.nn.sufficient_statistics(x, [0])", [rnd(3, 4)], grad=[0])
C("sufficient_statistics_shift", "lambda x, s: tf.nn.sufficient_statistics(x, [0, 2], shift=s, keepdims=True)",
  [rnd(3, 2, 4), A(0.5)], grad=[0, 1])
C("normalize_moments", "lambda c, m, v, s: tf.nn.normalize_moments(c, m, v, s)",
  [A(4.0), A([2.0, -1.0]), A([5.0, 3.0]), A(0.25)], grad=[1, 2, 3])
C("normalize_moments_noshift", "lambda c, m, v: tf.nn.normalize_moments(c, m, v, None)",
  [A(3.0), A([6.0]), A([14.0])], grad=[1, 2])
C("weighted_moments", "lambda x, w: tf.nn.weighted_moments(x, [0], w)", [rnd(3, 4), A([[1.0], [2.0], [0.5]])],
  grad=[0, 1])
C("weighted_moments_keep", "lambda x, w: tf.nn.weighted_moments(x, [1], w, keepdims=True)",
  [rnd(3, 4), A([1.0, 0.0, 2.0, 3.0])], grad=[0, 1])
C("weighted_moments_zero", "lambda x, w: tf.nn.weighted_moments(x, [0], w)", [rnd(2, 2), A([[0.0], [0.0]])])
PT = A([0.0, 0.5, 1.0, 2.0, 5.0, 7.5])
C("log_poisson", "lambda t, l: tf.nn.log_poisson_loss(t, l)", [PT, rnd(6)], grad=[0, 1])
C("log_poisson_full", "lambda t, l: tf.nn.log_poisson_loss(t, l, compute_full_loss=True)", [PT, rnd(6)],
  grad=[1])
C("bn_global", "lambda x, m, v, b, g: tf.nn.batch_norm_with_global_normalization(x, m, v, b, g, 0.001, True)",
  [rnd(2, 3), rnd(3), A([0.5, 1.0, 2.0]), rnd(3), rnd(3)], grad=[0, 1, 2, 3, 4])
C("bn_global_noscale", "lambda x, m, v, b, g: tf.nn.batch_norm_with_global_normalization(x, m, v, b, g, 0.01, False)",
  [rnd(2, 3), rnd(3), A([0.5, 1.0, 2.0]), rnd(3), rnd(3)], grad=[0, 4])
E("log_poisson_shape", "lambda t, l: tf.nn.log_poisson_loss(t, l)", [rnd(3), rnd(4)])
E("lrn_rank", "lambda x: tf.nn.lrn(x)", [rnd(3, 4, dt=f32)])

# -- pooling -------------------------------------------------------------------------------------
C("argmax_same", "lambda x: tf.nn.max_pool_with_argmax(x, 3, 2, 'SAME')", [distinct(2, 5, 5, 3)], grad=[0])
C("argmax_batch", "lambda x: tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID', "
  "include_batch_in_index=True)", [distinct(2, 4, 5, 2)], grad=[0])
C("argmax_int32", "lambda x: tf.nn.max_pool_with_argmax(x, 2, 1, 'VALID', output_dtype=tf.int32)",
  [distinct(1, 3, 3, 2, dt=f32)])
C("argmax_ties", "lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, 'VALID')",
  [A(np.tile([[1.0, 1.0, 2.0, 2.0], [1.0, 1.0, 2.0, 2.0], [3.0, 0.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]], (1, 1)))
   .reshape(1, 4, 4, 1)], grad=[0])
C("pool_max_dilated", "lambda x: tf.nn.pool(x, [2, 2], 'MAX', padding='VALID', dilations=[2, 2])",
  [distinct(2, 6, 5, 2)], grad=[0])
C("pool_avg_dilated_valid", "lambda x: tf.nn.pool(x, [3, 2], 'AVG', padding='VALID', dilations=[1, 2])",
  [rnd(1, 7, 6, 2)], grad=[0])
C("pool_avg_same", "lambda x: tf.nn.pool(x, [3, 3], 'AVG', padding='SAME')", [rnd(1, 5, 6, 1)], grad=[0])
C("pool_max_strided", "lambda x: tf.nn.pool(x, [2, 2], 'MAX', strides=[2, 2], padding='SAME')", [distinct(1, 5, 5, 2)],
  grad=[0])
C("pool_1d", "lambda x: tf.nn.pool(x, [3], 'AVG', strides=[2])", [rnd(2, 9, 3)], grad=[0])
C("pool_1d_dilated", "lambda x: tf.nn.pool(x, [2], 'MAX', padding='VALID', dilations=[3])", [distinct(2, 8, 2)],
  grad=[0])
E("pool_dilated_same", "lambda x: tf.nn.pool(x, [2, 2], 'MAX', padding='SAME', dilations=[2, 2])", [rnd(1, 6, 6, 1)])
C("pool_3d", "lambda x: tf.nn.pool(x, [2, 2, 2], 'MAX', strides=[2, 2, 2])", [distinct(1, 4, 4, 4, 2, dt=f32)], grad=[0])
E("pool_dilation_stride", "lambda x: tf.nn.pool(x, [2, 2], 'MAX', strides=[2, 2], dilations=[2, 2])",
  [rnd(1, 6, 6, 1)])
E("pool_type", "lambda x: tf.nn.pool(x, [2, 2], 'MIN')", [rnd(1, 6, 6, 1)])

# -- transposed convolutions, morphology --------------------------------------------------------
C("conv_transpose_2d", "lambda x, w: tf.nn.conv_transpose(x, w, [2, 5, 6, 4], [1, 2, 2, 1], 'SAME')",
  [rnd(2, 3, 3, 3), rnd(3, 3, 4, 3)], grad=[0, 1])
C("conv_transpose_1d", "lambda x, w: tf.nn.conv_transpose(x, w, [1, 7, 2], 2, 'VALID')",
  [rnd(1, 3, 3), rnd(3, 2, 3)], grad=[0, 1])
C("conv_transpose_3d", "lambda x, w: tf.nn.conv_transpose(x, w, [1, 4, 4, 4, 2], 2, 'SAME')",
  [rnd(1, 2, 2, 2, 3), rnd(2, 2, 2, 2, 3)], grad=[0, 1])
C("atrous_transpose_same", "lambda x, w: tf.nn.atrous_conv2d_transpose(x, w, [1, 6, 5, 2], 2, 'SAME')",
  [rnd(1, 6, 5, 3), rnd(3, 2, 2, 3)], grad=[0, 1])
C("atrous_transpose_valid", "lambda x, w: tf.nn.atrous_conv2d_transpose(x, w, [1, 8, 7, 2], 2, 'VALID')",
  [rnd(1, 4, 5, 3), rnd(3, 2, 2, 3)], grad=[0, 1])
C("dilation2d_same", "lambda x, f: tf.nn.dilation2d(x, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
  [distinct(1, 5, 5, 2), rnd(2, 3, 2)], grad=[0, 1])
C("dilation2d_rate", "lambda x, f: tf.nn.dilation2d(x, f, [1, 2, 1, 1], 'VALID', 'NHWC', [1, 1, 2, 1])",
  [distinct(2, 7, 6, 2), rnd(2, 2, 2)], grad=[0, 1])
C("dilation2d_same_strided", "lambda x, f: tf.nn.dilation2d(x, f, [1, 2, 2, 1], 'SAME', 'NHWC', [1, 2, 2, 1])",
  [distinct(1, 6, 7, 1), rnd(2, 2, 1)], grad=[0, 1])
C("erosion2d", "lambda x, f: tf.nn.erosion2d(x, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
  [distinct(1, 5, 4, 2), rnd(3, 2, 2)], grad=[0, 1])
C("erosion2d_rate", "lambda x, f: tf.nn.erosion2d(x, f, [1, 1, 2, 1], 'VALID', 'NHWC', [1, 2, 1, 1])",
  [distinct(1, 6, 6, 1), rnd(2, 2, 1)], grad=[0, 1])
E("dilation2d_depth", "lambda x, f: tf.nn.dilation2d(x, f, [1, 1, 1, 1], 'SAME', 'NHWC', [1, 1, 1, 1])",
  [rnd(1, 4, 4, 2), rnd(2, 2, 3)])

# -- CTC -----------------------------------------------------------------------------------------
CL = A([[1, 2, 2, 3], [4, 1, 0, 0], [3, 0, 0, 0]], i32)
C("ctc_dense", "lambda l, x, ll, tl: tf.nn.ctc_loss(l, x, ll, tl, blank_index=0)",
  [CL, rnd(7, 3, 5, dt=f32), A([4, 2, 0], i32), A([7, 5, 3], i32)], grad=[1])
C("ctc_batch_major", "lambda l, x, ll, tl: tf.nn.ctc_loss(l, x, ll, tl, logits_time_major=False, blank_index=0)",
  [CL, rnd(3, 6, 5, dt=f32), A([3, 2, 1], i32), A([6, 6, 4], i32)], grad=[1])
C("ctc_blank_mid", "lambda l, x, ll, tl: tf.nn.ctc_loss(l, x, ll, tl, blank_index=2)",
  [A([[1, 3, 3], [0, 4, 1]], i32), rnd(6, 2, 5, dt=f32), A([3, 3], i32), A([6, 5], i32)], grad=[1])
C("ctc_blank_last", "lambda l, x, ll, tl: tf.nn.ctc_loss(l, x, ll, tl, blank_index=-1)",
  [A([[1, 1, 0], [2, 3, 0]], i64), rnd(5, 2, 5, dt=f32), A([2, 3], i32), A([5, 4], i32)], grad=[1])
E("ctc_sparse_no_blank", "lambda i, v, x, tl: tf.nn.ctc_loss(tf.SparseTensor(i, v, [1, 1]), x, None, tl)",
  [A([[0, 0]], i64), A([1], i32), rnd(3, 1, 3, dt=f32), A([3], i32)])
C("ctc_sparse", "lambda i, v, x, tl: tf.nn.ctc_loss(tf.SparseTensor(i, v, [2, 3]), x, None, tl, blank_index=-1)",
  [A([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], i64), A([1, 1, 0, 2, 3], i32), rnd(6, 2, 5, dt=f32), A([6, 5], i32)],
  grad=[2])
C("ctc_sparse_blank0", "lambda i, v, x, tl: tf.nn.ctc_loss(tf.SparseTensor(i, v, [2, 2]), x, None, tl, "
  "blank_index=0)", [A([[0, 0], [1, 0], [1, 1]], i64), A([3, 1, 2], i32), rnd(4, 2, 4, dt=f32), A([4, 3], i32)],
  grad=[2])
C("ctc_greedy", "lambda x, s: tf.nn.ctc_greedy_decoder(x, s)", [rnd(8, 3, 4, dt=f32), A([8, 5, 0], i32)])
C("ctc_greedy_nomerge", "lambda x, s: tf.nn.ctc_greedy_decoder(x, s, merge_repeated=False)",
  [rnd(8, 2, 3, dt=f32, scale=0.3) + A([0, 0, 0.2], f32), A([8, 6], i32)])
C("ctc_greedy_blank0", "lambda x, s: tf.nn.ctc_greedy_decoder(x, s, blank_index=0)",
  [rnd(6, 2, 4, dt=f32), A([6, 6], i32)])
C("ctc_beam", "lambda x, s: tf.nn.ctc_beam_search_decoder(x, s, beam_width=10, top_paths=3)",
  [rnd(5, 2, 4, dt=f32), A([5, 4], i32)])
C("ctc_beam_narrow", "lambda x, s: tf.nn.ctc_beam_search_decoder(x, s, beam_width=2, top_paths=1)",
  [rnd(6, 2, 3, dt=f32, scale=2.0), A([6, 6], i32)])
C("collapse_repeated", "lambda l, s: tf.nn.collapse_repeated(l, s)",
  [A([[1, 1, 2, 2, 1], [1, 2, 3, 4, 5], [7, 7, 7, 0, 0]], i32), A([5, 3, 2], i32)])
E("ctc_beam_top_paths", "lambda x, s: tf.nn.ctc_beam_search_decoder(x, s, beam_width=2, top_paths=3)",
  [rnd(3, 1, 3, dt=f32), A([3], i32)])
E("ctc_greedy_seq_len", "lambda x, s: tf.nn.ctc_greedy_decoder(x, s)", [rnd(3, 1, 3, dt=f32), A([4], i32)])

# -- candidate sampling and sampled losses --------------------------------------------------------------
C("accidental_hits", "lambda t, s: tf.nn.compute_accidental_hits(t, s, 2)",
  [A([[1, 2], [3, 4], [5, 1]], i64), A([1, 5, 7, 4, 1], i64)])
C("all_sampler", "lambda t: tf.random.all_candidate_sampler(t, 2, 5, True)", [A([[1, 2], [3, 0]], i64)])
SV = "(tf.constant([3, 0, 5, 1], tf.int64), tf.constant([[0.2, 0.3], [0.1, 0.4]]), tf.constant([0.5, 0.6, 0.7, 0.8]))"
for loss in ("nce_loss", "sampled_softmax_loss"):
    for rm in (False, True):
        C(f"{loss}_{'rm' if rm else 'keep'}", f"lambda w, b, l, x: tf.nn.{loss}(w, b, l, x, 4, 7, num_true=2, "
          f"sampled_values={SV}, remove_accidental_hits={rm})",
          [rnd(7, 3, dt=f32), rnd(7, dt=f32), A([[1, 2], [5, 6]], i64), rnd(2, 3, dt=f32)], grad=[0, 1, 3])
C("nce_loss_1", f"lambda w, b, l, x: tf.nn.nce_loss(w, b, l, x, 4, 7, sampled_values={SV.replace('[[0.2, 0.3], [0.1, 0.4]]', '[[0.2], [0.1], [0.3]]')})",
  [rnd(7, 2, dt=f32), rnd(7, dt=f32), A([[1], [0], [6]], i64), rnd(3, 2, dt=f32)], grad=[0, 1, 3])

# -- sparse embedding lookups -----------------------------------------------------------------------------
EI = A([[0, 0], [0, 1], [0, 2], [1, 0], [3, 0], [3, 1]], i64)
EV = A([2, 0, 2, 4, 1, 3], i64)
EW = A([1.0, 2.0, 0.5, 3.0, 1.5, 0.25])
for comb in ("mean", "sqrtn", "sum"):
    C(f"els_{comb}", f"lambda p, i, v: tf.nn.embedding_lookup_sparse(p, tf.SparseTensor(i, v, [5, 3]), None, "
      f"combiner='{comb}')", [rnd(5, 2), EI, EV], grad=[0])
    C(f"els_{comb}_w", f"lambda p, i, v, w: tf.nn.embedding_lookup_sparse(p, tf.SparseTensor(i, v, [5, 3]), "
      f"tf.SparseTensor(i, w, [5, 3]), combiner='{comb}')", [rnd(5, 2), EI, EV, EW], grad=[0, 3])
SI = A([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [4, 0]], i64)
SV2 = A([1, -1, 3, 0, 2, -5], i64)
SW = A([2.0, 1.0, -1.0, 0.5, 0.0, 1.0])
for comb in ("mean", "sqrtn", "sum"):
    C(f"safe_{comb}", f"lambda p, i, v, w: tf.nn.safe_embedding_lookup_sparse(p, tf.SparseTensor(i, v, [5, 2]), "
      f"tf.SparseTensor(i, w, [5, 2]), combiner='{comb}')", [rnd(4, 3), SI, SV2, SW], grad=[0, 3])
C("safe_default_id", "lambda p, i, v: tf.nn.safe_embedding_lookup_sparse(p, tf.SparseTensor(i, v, [5, 2]), "
  "default_id=3)", [rnd(4, 3), SI, SV2], grad=[0])
C("safe_rank3", "lambda p, i, v: tf.nn.safe_embedding_lookup_sparse(p, tf.SparseTensor(i, v, [2, 2, 2]))",
  [rnd(4, 3), A([[0, 0, 0], [0, 0, 1], [1, 1, 0]], i64), A([1, 2, 3], i64)], grad=[0])


# -- machinery -----------------------------------------------------------------------------------
def flatten(out):
    if out is None:
        return []
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flatten(o)]
    if hasattr(out, "dense_shape"):
        return [out.indices, out.values, out.dense_shape]
    return [out]


def weights(shape, k):
    n = int(np.prod(shape))
    return np.cos(np.arange(n) * 1.3 + 0.2 + k).reshape(shape)


def loss(tf, outs):
    total = 0.0
    for k, t in enumerate(outs):
        if t.dtype.is_floating:
            total = total + tf.reduce_sum(t * tf.constant(weights(tuple(int(d) for d in t.shape), k), t.dtype))
    return total


def evaluate(tf, fn_src, inputs, sources=None):
    fn = eval(fn_src, {"tf": tf, "np": np})  # noqa: S307 - our own case table
    ts = [tf.constant(v) for v in inputs]
    if not sources:
        return [np.asarray(o.numpy()) for o in flatten(fn(*ts))], []
    with tf.GradientTape() as tape:
        tape.watch([ts[i] for i in sources])
        outs = flatten(fn(*ts))
        total = loss(tf, outs)
    grads = tape.gradient(total, [ts[i] for i in sources])
    grads = [tf.convert_to_tensor(g) if g is not None else None for g in grads]  # (IndexedSlices)
    return [np.asarray(o.numpy()) for o in outs], [None if g is None else np.asarray(g.numpy()) for g in grads]


def specials(tf, arrays, meta):
    """TF outputs of the random ops, for the tests' contract checks."""
    x = rnd(2, 10, 7, 3)
    arrays["fractional/in0"] = x
    for kind in ("max", "avg"):
        for pr in (False, True):
            for ov in (False, True):
                name = f"fractional_{kind}_{int(pr)}{int(ov)}"
                t = tf.constant(x)
                with tf.GradientTape() as tape:
                    tape.watch(t)
                    fn = tf.nn.fractional_max_pool if kind == "max" else tf.nn.fractional_avg_pool
                    out, rows, cols = fn(t, [1.0, 1.44, 1.73, 1.0], pseudo_random=pr, overlapping=ov, seed=7)
                    total = loss(tf, [out])
                g = tape.gradient(total, t)
                for k, v in enumerate([out, rows, cols, g]):
                    arrays[f"{name}/out{k}"] = np.asarray(v.numpy())
    tc = A([[0, 3], [9, 1]], i64)
    for kind, extra in (("uniform", {}), ("log_uniform", {}), ("fixed_unigram", {"unigrams": [3, 1, 4, 1, 5, 9, 2, 6]}),
                        ("fixed_unigram_dist", {"unigrams": [3, 1, 4, 1, 5, 9, 2, 6], "distortion": 0.5,
                                                "num_reserved_ids": 2}),
                        ("fixed_unigram_shard", {"unigrams": [3, 1, 4, 1, 5, 9, 2, 6], "num_shards": 2, "shard": 1}),
                        ("learned_unigram", {})):
        base = kind.split("_dist")[0].split("_shard")[0]
        fn = getattr(tf.random, f"{base}_candidate_sampler")
        range_max = {"fixed_unigram": 8, "fixed_unigram_dist": 10, "fixed_unigram_shard": 4}.get(kind, 10)
        tck = np.minimum(tc, range_max - 1)
        for unique in (False, True):
            name = f"sampler_{kind}_{int(unique)}"
            outs = fn(tf.constant(tck), 2, 4, unique, range_max, seed=5, **extra)
            arrays[f"{name}/in0"] = tck
            for k, v in enumerate(outs):
                arrays[f"{name}/out{k}"] = np.asarray(v.numpy())
            meta.append({"name": name, "special": True, "kind": kind, "extra": extra, "range_max": range_max,
                         "unique": unique})


def main():
    import tensorflow as tf
    arrays, cases = {}, []
    for name, fn, inputs, sources in CASES:
        try:
            outs, grads = evaluate(tf, fn, inputs, sources)
        except Exception as e:  # noqa: BLE001 - a case table mistake: say which
            raise RuntimeError(f"case {name} failed under TF: {e}") from e
        for i, v in enumerate(inputs):
            arrays[f"{name}/in{i}"] = v
        for k, o in enumerate(outs):
            arrays[f"{name}/out{k}"] = o
        for i, g in zip(sources or [], grads):
            if g is not None:
                arrays[f"{name}/grad{i}"] = g
        cases.append({"name": name, "fn": fn, "n_in": len(inputs), "n_out": len(outs), "sources": sources or [],
                      "dtypes": [str(o.dtype) for o in outs]})
    for name, fn, inputs in ERRORS:
        f = eval(fn, {"tf": tf, "np": np})  # noqa: S307
        try:
            f(*[tf.constant(v) for v in inputs])
            err, msg = None, None
        except Exception as e:  # noqa: BLE001 - recording TF's exception
            err, msg = type(e).__name__, str(e)
        print(f"{name}: {err}: {(msg or '')[:300]!r}")
        for i, v in enumerate(inputs):
            arrays[f"{name}/in{i}"] = v
        cases.append({"name": name, "fn": fn, "n_in": len(inputs), "error": err, "message": msg})
    specials(tf, arrays, cases)
    np.savez_compressed(OUT, **arrays)
    with open(OUT_JSON, "w") as f:
        json.dump(cases, f, indent=1)
    print(f"wrote {OUT} and {OUT_JSON}: {len(CASES)} value cases, {len(ERRORS)} error cases")


if __name__ == "__main__":
    main()
