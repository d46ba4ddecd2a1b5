"""The newer tf.image functions against TensorFlow 2.21 (tests/golden/image2.npz, written by
tools/make_image2_golden.py): every case's outputs (values, dtypes, shapes) and, where TF
differentiates, the gradients of sum(out * w) with respect to the listed inputs."""
import json
import os

import numpy as np
import pytest

import numtf as tf

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "image2.npz"))
CASES = json.loads(str(GOLDEN["cases"]))
# Integer results of float computations may differ by one unit where TF's float32 rounding lands
# differently; indices and drawings must match exactly.
TOL = {"uint8": dict(rtol=0, atol=1), "int32": dict(rtol=0, atol=0), "float16": dict(rtol=1e-2, atol=1e-2)}


def _run(case):
    g = lambda k: GOLDEN[f"{case['name']}/{k}"]  # noqa: E731
    ins = [None if spec is None else tf.constant(g(f"in{i}")) for i, spec in enumerate(case["inputs"])]
    with tf.GradientTape(persistent=True) as tape:
        for i in case.get("wrt", []):
            tape.watch(ins[i])
        out = getattr(tf.image, case["fn"])(*ins, **case.get("kwargs", {}))
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        total = None
        if case.get("wrt"):
            total = tf.add_n([tf.reduce_sum(o * tf.constant(g(f"w{j}"))) for j, o in enumerate(outs)])
    return g, ins, outs, tape, total


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matches_tensorflow(case):
    g, ins, outs, tape, total = _run(case)
    for j, o in enumerate(outs):
        want = g(f"out{j}")
        assert o.dtype.name == want.dtype.name, (j, o.dtype, want.dtype)
        assert tuple(o.shape) == want.shape, (j, o.shape, want.shape)
        tol = TOL.get(want.dtype.name, dict(rtol=2e-5, atol=2e-5))
        np.testing.assert_allclose(o.numpy().astype(np.float64), want.astype(np.float64), **tol,
                                   err_msg=f"output {j}")
    for i in case.get("wrt", []):
        grad = tape.gradient(total, ins[i])
        np.testing.assert_allclose(grad.numpy(), g(f"grad{i}"), rtol=1e-4, atol=1e-4, err_msg=f"gradient {i}")
