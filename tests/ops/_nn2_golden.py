"""Reads tests/golden/nn2.npz / nn2.json (made by tools/make_nn2_golden.py under TF 2.21) and
re-runs each case with numtf: the same lambda, inputs, loss weights and gradient sources."""
import json
import os
import re

import numpy as np

import numtf
from numtf.ops import space_ops, partition_ops, sampling_ops


class _Namespace:
    """numtf's namespace plus the names this area adds to numtf/__init__.py and numtf/random.py
    (those two files are edited separately; once they export the names, they are used as is)."""

    def __init__(self, base, extra, prefer_extra=()):
        self._base, self._extra, self._prefer = base, extra, prefer_extra

    def __getattr__(self, name):
        if name in self._prefer or not hasattr(self._base, name):
            return self._extra[name]
        return getattr(self._base, name)


_TOP = {n: getattr(space_ops, n) for n in ("space_to_batch", "space_to_batch_nd", "batch_to_space",
                                          "batch_to_space_nd", "required_space_to_batch_paddings")}
_TOP.update({n: getattr(partition_ops, n) for n in ("dynamic_partition", "dynamic_stitch", "unravel_index",
                                                     "histogram_fixed_width", "histogram_fixed_width_bins",
                                                     "identity_n", "tuple")})
SAMPLERS = ("uniform_candidate_sampler", "log_uniform_candidate_sampler", "fixed_unigram_candidate_sampler",
            "learned_unigram_candidate_sampler", "all_candidate_sampler")
_TOP["random"] = _Namespace(numtf.random, {n: getattr(sampling_ops, n) for n in SAMPLERS})
tf = _Namespace(numtf, _TOP, prefer_extra=("random",))

_DIR = os.path.join(os.path.dirname(__file__), "..", "golden")
GOLDEN = np.load(os.path.join(_DIR, "nn2.npz"))
with open(os.path.join(_DIR, "nn2.json")) as _f:
    CASES = {c["name"]: c for c in json.load(_f)}


def inputs(name):
    c = CASES.get(name, {"n_in": 0})
    n = c.get("n_in", sum(1 for k in GOLDEN.files if k.startswith(name + "/in")))
    return [GOLDEN[f"{name}/in{i}"] for i in range(n)]


def outputs(name):
    out, k = [], 0
    while f"{name}/out{k}" in GOLDEN.files:
        out.append(GOLDEN[f"{name}/out{k}"])
        k += 1
    return out


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


def fn_of(name):
    return eval(CASES[name]["fn"], {"tf": tf, "np": np})  # noqa: S307 - the golden case table


def evaluate(name):
    """numtf's (outputs, gradients) for the case, computed the way the generator did under TF."""
    c = CASES[name]
    fn = fn_of(name)
    ts = [tf.constant(v) for v in inputs(name)]
    sources = c["sources"]
    if not sources:
        return [np.asarray(o.numpy()) for o in flatten(fn(*ts))], []
    with tf.GradientTape() as tape:
        tape.watch([ts[i] for i in sources])
        outs = flatten(fn(*ts))
        total = 0.0
        for k, t in enumerate(outs):
            if t.dtype.is_floating:
                total = total + tf.reduce_sum(t * tf.constant(weights(tuple(t.shape), k), t.dtype))
    grads = tape.gradient(total, [ts[i] for i in sources])
    grads = [tf.convert_to_tensor(g) if g is not None else None for g in grads]  # (IndexedSlices, as TF's)
    return [np.asarray(o.numpy()) for o in outs], [None if g is None else np.asarray(g.numpy()) for g in grads]


def run_case(name, rtol=1e-6, atol=1e-6, grad_rtol=None, grad_atol=None):
    """Checks numtf's outputs (values and dtypes) and gradients against TF's for one case."""
    c = CASES[name]
    outs, grads = evaluate(name)
    expected = outputs(name)
    assert len(outs) == len(expected), f"{name}: {len(outs)} outputs, TF gave {len(expected)}"
    for k, (o, e) in enumerate(zip(outs, expected)):
        assert str(o.dtype) == c["dtypes"][k], f"{name} output {k}: dtype {o.dtype}, TF {c['dtypes'][k]}"
        assert o.shape == e.shape, f"{name} output {k}: shape {o.shape}, TF {e.shape}"
        np.testing.assert_allclose(o, e, rtol=rtol, atol=atol, err_msg=f"{name} output {k}")
    for i, g in zip(c["sources"], grads):
        key = f"{name}/grad{i}"
        if key not in GOLDEN.files:
            assert g is None or not np.any(g), f"{name}: TF gives no gradient for input {i}"
            continue
        assert g is not None, f"{name}: numtf gave no gradient for input {i}"
        np.testing.assert_allclose(g, GOLDEN[key], rtol=grad_rtol or rtol, atol=grad_atol or atol,
                                   err_msg=f"{name} gradient of input {i}")
    return outs, grads


def core_message(msg):
    """TF's eager message without the function-node prefix and the [Op:...] suffix."""
    msg = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", msg or "")
    return msg.split(" [Op:")[0].strip()


def check_error(name, contains=None):
    """numtf raises TF's exception class for the error case, with TF's message (or `contains`)."""
    c = CASES[name]
    fn = fn_of(name)
    try:
        fn(*[tf.constant(v) for v in inputs(name)])
    except Exception as e:  # noqa: BLE001 - compared with TF's below
        assert type(e).__name__ == c["error"], f"{name}: numtf raised {type(e).__name__}: {e}; TF {c['error']}"
        want = contains if contains is not None else core_message(c["message"])
        assert want in str(e), f"{name}: {str(e)!r} lacks {want!r}"
        return e
    raise AssertionError(f"{name}: numtf raised nothing; TF raised {c['error']}: {c['message']}")
