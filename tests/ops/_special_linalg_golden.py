"""Shared by test_special2.py and test_linalg3.py: runs the cases of
tests/golden/special_linalg.npz (tools/make_special_linalg_golden.py, TF 2.21) with numtf and
compares outputs, gradients and errors with what TensorFlow gave."""
import importlib.util
import json
import os

import numpy as np
import pytest

import numtf as tf

_HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(_HERE, "..", "golden", "special_linalg.npz"))
CASES = {c["name"]: c for c in json.loads(str(GOLDEN["cases"]))}

# The case table's loss and evaluation are shared with the generator, which runs them under TF.
_spec = importlib.util.spec_from_file_location(
    "make_special_linalg_golden", os.path.join(_HERE, "..", "..", "tools", "make_special_linalg_golden.py"))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

ERRORS = {"InvalidArgumentError": tf.errors.InvalidArgumentError, "ValueError": ValueError,
          "TypeError": TypeError, "LookupError": LookupError}


def inputs(name):
    return [GOLDEN[f"{name}/in{i}"] for i in range(CASES[name]["n_in"])]


def outputs(name):
    return [GOLDEN[f"{name}/out{k}"] for k in range(CASES[name]["n_out"])]


def run_case(name, rtol, atol=0.0, grad_rtol=1e-9, grad_atol=1e-12, transform=None):
    """Evaluates case `name` with numtf and compares each output (dtype, shape, values; NaN where
    TF has NaN) and each gradient (None where TF gave None). `transform(k, array)` maps an output
    before comparing (e.g. sorting eigenvalues), applied to both sides."""
    case = CASES[name]
    outs, grads = gen.evaluate(tf, case["fn"], inputs(name), case["sources"])
    assert len(outs) == case["n_out"]
    for k, (got, want) in enumerate(zip(outs, outputs(name))):
        assert got.dtype == want.dtype, f"output {k}: dtype {got.dtype} != TF's {want.dtype}"
        assert got.shape == want.shape, f"output {k}: shape {got.shape} != TF's {want.shape}"
        if transform is not None:
            got, want = transform(k, got), transform(k, want)
        if got.dtype.kind in "biu":
            np.testing.assert_array_equal(got, want, err_msg=f"output {k}")
        else:
            np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True, err_msg=f"output {k}")
    for i, g in zip(case["sources"], grads):
        key = f"{name}/grad{i}"
        if key not in GOLDEN.files:
            assert g is None, f"TF gives no gradient for input {i}, numtf gave {g}"
            continue
        assert g is not None, f"TF has a gradient for input {i}, numtf gave None"
        want = GOLDEN[key]
        assert g.dtype == want.dtype and g.shape == want.shape
        scale = max(1.0, float(np.max(np.abs(want))))
        np.testing.assert_allclose(g, want, rtol=grad_rtol, atol=grad_atol * scale, err_msg=f"gradient of input {i}")


def check_error(name, fragment):
    """numtf raises TF's exception class for case `name`, and both messages contain `fragment`."""
    case = CASES[name]
    assert fragment in case["message"], f"fragment not in TF's message: {case['message']!r}"
    fn = eval(case["fn"], {"tf": tf, "np": np, "_grad": gen._grad})  # noqa: S307 - our own case table
    with pytest.raises(ERRORS[case["error"]]) as info:
        fn(*[tf.constant(v) for v in inputs(name)])
    assert fragment in str(info.value), f"{str(info.value)!r} lacks {fragment!r}"
