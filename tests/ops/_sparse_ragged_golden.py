"""Shared by test_sparse.py and test_ragged.py: evaluates the expressions of
tests/golden/sparse_ragged.json (tools/make_sparse_ragged_golden.py, TF 2.21) with numtf and
compares the results with what TensorFlow gave."""
import json
import os
import re

import numpy as np

import numtf as tf

with open(os.path.join(os.path.dirname(__file__), "..", "golden", "sparse_ragged.json"), encoding="utf-8") as _f:
    GOLDEN = json.load(_f)


def env():
    e = {"tf": tf, "np": np}
    exec(GOLDEN["env"], e)
    return e


def _message(text):
    """A TF error message without the eager function-node prefix, op suffix and trailing space."""
    text = re.sub(r"\{\{function_node [^}]*\}\} ", "", text)
    text = re.sub(r"\s*\[Op:\w+\]( name: )?\s*$", "", text)
    return text.strip()


def _strings(v):
    return [x.decode("latin-1") if isinstance(x, bytes) else x for x in v]


def check(src, expected, e, messages=True, repr_=True):
    try:
        got = eval(src, e)
    except Exception as exc:  # noqa: BLE001
        assert expected["kind"] == "error", f"{src}: numtf raised {type(exc).__name__}: {exc}"
        assert type(exc).__name__ == expected["type"], f"{src}: {type(exc).__name__} vs {expected['type']}: {exc}"
        if messages:
            assert _message(str(exc)).startswith(_message(expected["message"]).split("\n")[0]), \
                f"{src}: {exc!s} vs {expected['message']}"
        return
    kind = expected["kind"]
    assert kind != "error", f"{src}: TF raised {expected['type']}: {expected['message']}, numtf gave {got!r}"
    if kind == "tensor":
        assert isinstance(got, tf.Tensor), src
        assert got.dtype.name == expected["dtype"] and list(got.shape) == expected["shape"], (src, got)
        if expected["dtype"] == "string":
            assert np.asarray(got.numpy()).tolist() == expected["value"] or \
                np.vectorize(lambda b: b.decode("latin-1"), otypes=[object])(got.numpy()).tolist() == expected["value"]
        else:
            np.testing.assert_allclose(np.asarray(got.numpy(), np.float64) if expected["dtype"] != "bool"
                                       else got.numpy(), expected["value"], rtol=1e-6, err_msg=src)
        assert repr(got) == expected["repr"], src
    elif kind == "sparse":
        assert isinstance(got, tf.SparseTensor), src
        assert got.indices.numpy().tolist() == expected["indices"], src
        assert _strings(got.values.numpy().tolist()) == expected["values"], src
        assert got.dense_shape.numpy().tolist() == expected["dense_shape"], src
        assert got.dtype.name == expected["dtype"], src
        assert repr(got) == expected["repr"], src
    elif kind == "ragged":
        assert isinstance(got, tf.RaggedTensor), src
        assert [s.numpy().tolist() for s in got.nested_row_splits] == expected["splits"], src
        assert got.dtype.name == expected["dtype"] and str(got.shape) == expected["shape"], src
        assert got.ragged_rank == expected["ragged_rank"], src
        flat = got.flat_values.numpy()
        if got.dtype.name == "string":
            assert _strings(flat.tolist()) == expected["flat"], src
        else:
            np.testing.assert_allclose(np.asarray(flat, np.float64), expected["flat"], rtol=1e-6, err_msg=src)
        if repr_:
            assert repr(got) == expected["repr"], src
    elif kind == "tuple":
        assert len(got) == len(expected["items"]), src
        for g, x in zip(got, expected["items"]):
            check_value(src, g, x)
    else:
        value = got.tolist() if isinstance(got, np.ndarray) else got
        assert repr(value) == expected["repr"], src


def check_value(src, got, expected):
    e = {"__value": got}
    check("__value", expected, e)


def check_grad(name):
    case = GOLDEN["grads"][name]
    xs = [tf.constant(np.array(v, np.float64)) for v in case["inputs"]]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = eval(case["src"], {"tf": tf})(*xs)
        w = tf.constant(np.linspace(-1.0, 2.0, int(np.prod(y.shape))).reshape(y.shape))
        total = tf.reduce_sum(y * w)
    np.testing.assert_allclose(y.numpy(), case["value"], rtol=1e-12)
    for g, want in zip(tape.gradient(total, xs), case["grads"]):
        if want is None:
            assert g is None or np.allclose(np.asarray(g), 0)
        else:
            np.testing.assert_allclose(np.asarray(g), want, rtol=1e-12, atol=1e-12)
