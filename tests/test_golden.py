"""Checks numtf against golden results recorded from real TensorFlow 2.21 (tests/golden/).

The files are written by tools/make_golden.py (which documents the format and needs TensorFlow);
this test needs only numtf and NumPy. One test per golden family, parametrized by case id, so a
failure names the case, e.g. `test_golden[math:add/row_f32]`.

The decoding helpers below take the `tf` module as a parameter: make_golden.py runs them against
TensorFlow itself to validate every file it writes (self-check), the tests run them against numtf.
"""
import functools
import json
import operator
import pathlib

import numpy as np
import pytest

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"

# Tolerances per dtype name: (rtol, atol) for values, and for gradients. atol is multiplied by
# a scale: max(1, largest finite |value| among the expected output and the float inputs), so
# cancellations in sums of large inputs (e.g. logits of 1e4) are judged relative to the inputs.
VALUE_TOL = {"float16": (1e-3, 1e-3), "bfloat16": (1e-2, 1e-2), "float32": (1e-5, 1e-6),
             "float64": (1e-9, 1e-12), "complex64": (1e-5, 1e-6), "complex128": (1e-9, 1e-12)}
GRAD_TOL = {"float16": (1e-2, 1e-2), "bfloat16": (5e-2, 5e-2), "float32": (1e-4, 1e-5),
            "float64": (1e-7, 1e-10)}


class MissingOp(AssertionError):
    """The function a case calls does not exist (yet) in the module under test."""


# -- decoding (shared with tools/make_golden.py) -------------------------------------------------
@functools.lru_cache(maxsize=None)
def load_family(family, directory=str(GOLDEN)):
    """(cases, arrays) of one golden family; arrays is a dict key -> NumPy array."""
    d = pathlib.Path(directory)
    with open(d / f"{family}.json") as f:
        cases = json.load(f)["cases"]
    npz = d / f"{family}.npz"
    arrays = {}
    if npz.exists():
        with np.load(npz, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    return cases, arrays


def resolve(tf, path):
    """`"math.add"` -> tf.math.add; `"operator.add"` -> Python's operator.add."""
    if path.startswith("operator."):
        return getattr(operator, path[len("operator."):])
    obj = tf
    done = ["tf"]
    for part in path.split("."):
        if not hasattr(obj, part):
            raise MissingOp(f"MISSING OP: {'.'.join(done)} has no attribute {part!r} (case calls {path})")
        obj = getattr(obj, part)
        done.append(part)
    return obj


def noncontiguous(a):
    """A non-C-contiguous view holding the same values as `a` (transposed copy transposed back,
    or a strided slice of a larger buffer)."""
    a = np.asarray(a)
    if a.ndim >= 2 and a.shape[-1] > 1 and a.shape[-2] > 1:
        v = np.swapaxes(np.swapaxes(a, -1, -2).copy(), -1, -2)
    else:
        k = next(i for i, n in enumerate(a.shape) if n > 1)
        buf_shape = list(a.shape)
        buf_shape[k] *= 2
        buf = np.zeros(buf_shape, a.dtype)
        sl = (slice(None),) * k + (slice(None, None, 2),)
        buf[sl] = a
        v = buf[sl]
    assert not v.flags.c_contiguous and np.array_equal(v, a, equal_nan=v.dtype.kind in "fc")
    return v


def decode_index(tf, enc, arrays):
    """JSON index encoding -> Python index: a list is a tuple of items; an item is an int,
    null (tf.newaxis), "..." (Ellipsis), {"slice": [start, stop, step]} (entries may be null),
    {"tensor": key} (a tensor used as an index) or {"bool": b} (a Python bool)."""
    def item(e):
        if e is None:
            return None
        if e == "...":
            return Ellipsis
        if isinstance(e, dict):
            if "slice" in e:
                return slice(*[item(b) if isinstance(b, dict) else b for b in e["slice"]])
            if "tensor" in e:
                return tf.constant(arrays[e["tensor"]])
            if "bool" in e:
                return bool(e["bool"])
        if isinstance(e, int):
            return e
        raise ValueError(f"bad index item {e!r}")
    if isinstance(enc, list):
        return tuple(item(e) for e in enc)
    return item(enc)


def build_arg(tf, arg, arrays):
    """Decodes one ARG (see tools/make_golden.py) into a value for `tf`."""
    if "tensor" in arg:
        a = arrays[arg["tensor"]]
        if arg.get("noncontiguous"):
            a = noncontiguous(a)
        return tf.constant(a)
    if "value" in arg:
        return arg["value"]
    if "float" in arg:
        return float(arg["float"])
    if "tensors" in arg:
        return [tf.constant(arrays[k]) for k in arg["tensors"]]
    if "dtype" in arg:
        return tf.as_dtype(arg["dtype"])
    if "shape" in arg:
        return tf.TensorShape(arg["shape"])
    if "np" in arg:
        return arrays[arg["np"]].copy()
    if "index" in arg:
        return decode_index(tf, arg["index"], arrays)
    raise ValueError(f"unknown ARG {arg!r}")


def flatten(x):
    """Leaves of nested lists/tuples (incl. namedtuples)/dicts, in tf.nest order."""
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in flatten(x[k])]
    if isinstance(x, (list, tuple)):
        return [leaf for v in x for leaf in flatten(v)]
    return [x]


def is_tensor_like(x):
    return hasattr(x, "dtype") and hasattr(x, "numpy") and hasattr(x, "shape")


def dtype_name(x):
    """TF dtype name of a tensor output, or "py:<type>" for a plain Python/NumPy result."""
    if is_tensor_like(x):
        return x.dtype.name
    return "py:" + type(x).__name__


def to_numpy(x):
    """Tensor -> its value; Python/NumPy numbers, strings -> an array; any other object (a DType,
    a TensorShape) -> its repr as a bytes scalar."""
    if is_tensor_like(x):
        v = np.asarray(x.numpy())
    elif isinstance(x, (bool, int, float, complex, str, bytes, np.generic, np.ndarray)):
        v = np.asarray(x)
    else:
        v = np.asarray(repr(x).encode())
    if v.dtype.kind in "OU":
        v = np.array([s if isinstance(s, bytes) else str(s).encode() for s in v.reshape(-1)],
                     dtype=object).reshape(v.shape)
        v = v.astype(bytes) if v.size else np.zeros(v.shape, "S1")
    return v


def _finite_max(a):
    a = np.asarray(a)
    if a.dtype.kind not in "fc" or a.size == 0:
        return 0.0
    a = np.abs(a.astype(np.complex128 if a.dtype.kind == "c" else np.float64))
    a = a[np.isfinite(a)]
    return float(a.max()) if a.size else 0.0


def assert_values(actual, expected, dtype, what, tols, input_scale=0.0):
    """Shape and values: exact for ints/bools/strings; floats within tolerance, NaN and inf
    at the same positions."""
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != expected {expected.shape}"
    if expected.dtype.kind in "fc":
        a = actual.astype(expected.dtype, copy=False)
        nan_a, nan_e = np.isnan(a), np.isnan(expected)
        assert np.array_equal(nan_a, nan_e), (
            f"{what}: NaN positions differ\n actual={a}\n expected={expected}")
        inf_e = np.isinf(expected)
        assert np.array_equal(np.isinf(a), inf_e) and np.array_equal(a[inf_e], expected[inf_e]), (
            f"{what}: inf positions differ\n actual={a}\n expected={expected}")
        fin = ~(nan_e | inf_e)
        rtol, atol = tols.get(dtype, (1e-5, 1e-6))
        scale = max(1.0, _finite_max(expected), input_scale)
        wide = np.complex128 if expected.dtype.kind == "c" else np.float64
        af, ef = a[fin].astype(wide), expected[fin].astype(wide)
        err = np.abs(af - ef)
        bad = err > atol * scale + rtol * np.abs(ef)
        assert not bad.any(), (
            f"{what}: values differ (rtol={rtol}, atol={atol}*{scale:g}); max abs err "
            f"{err.max():.3g}\n actual={a}\n expected={expected}")
    elif expected.dtype.kind == "S":
        assert actual.tolist() == expected.tolist(), f"{what}: {actual!r} != {expected!r}"
    else:
        assert np.array_equal(actual, expected), f"{what}: {actual!r} != expected {expected!r}"


def check_error(case, exc):
    name = type(exc).__name__
    assert name == case["error"], (
        f"expected {case['error']} containing {case.get('error_contains')!r}, "
        f"got {name}: {exc}")
    frag = case.get("error_contains") or ""
    assert frag in str(exc), f"{name} message lacks {frag!r}: {exc}"


def check_outputs(case, result, arrays, input_scale):
    outs = flatten(result)
    keys = case["out"]
    assert len(outs) == len(keys), f"{len(outs)} outputs, expected {len(keys)}: {result!r}"
    for i, (o, k) in enumerate(zip(outs, keys)):
        want_dtype = case["out_dtypes"][i]
        assert dtype_name(o) == want_dtype, f"output {i}: dtype {dtype_name(o)} != {want_dtype}"
        assert_values(to_numpy(o), arrays[k], want_dtype, f"output {i}", VALUE_TOL, input_scale)


def input_scale_of(args, kwargs):
    scale = 0.0
    for a in list(args) + list(kwargs.values()):
        for leaf in flatten(a):
            if is_tensor_like(leaf) or isinstance(leaf, np.ndarray):
                scale = max(scale, _finite_max(to_numpy(leaf)))
    return scale


def run_case(tf, case, arrays):
    """Runs one golden case against module `tf`; raises AssertionError (or MissingOp) on mismatch."""
    if "build" in case:
        return run_build_case(tf, case, arrays)
    fn = resolve(tf, case["fn"])
    args = [build_arg(tf, a, arrays) for a in case.get("args", [])]
    kwargs = {k: build_arg(tf, a, arrays) for k, a in case.get("kwargs", {}).items()}
    if "error" in case:
        try:
            result = fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - the class is what is checked
            check_error(case, e)
            return
        raise AssertionError(f"expected {case['error']} ({case.get('error_contains')!r}), "
                             f"got result {result!r}")
    grad = case.get("grad")
    if grad is None:
        result = fn(*args, **kwargs)
        check_outputs(case, result, arrays, input_scale_of(args, kwargs))
        return
    with tf.GradientTape() as tape:
        sources = []
        for w in grad["wrt"]:
            src = args[w] if isinstance(w, int) else kwargs[w]
            for s in flatten(src):
                tape.watch(s)
            sources.append(src)
        result = fn(*args, **kwargs)
    check_outputs(case, result, arrays, input_scale_of(args, kwargs))
    outs = flatten(result)
    targets, weights = [], []
    for o, wk in zip(outs, grad["weights"]):
        if wk is not None:
            targets.append(o)
            weights.append(tf.constant(arrays[wk]))
    grads = tape.gradient(targets, sources, output_gradients=weights)
    for i, (g, want) in enumerate(zip(grads, grad["values"])):
        gs, wants = (g, want) if isinstance(want, list) else ([g], [want])
        assert len(flatten(gs)) == len(wants), f"gradient {i}: {len(flatten(gs))} parts != {len(wants)}"
        for j, (gj, wk) in enumerate(zip(flatten(gs), wants)):
            what = f"gradient wrt {grad['wrt'][i]!r}" + (f"[{j}]" if isinstance(want, list) else "")
            if wk is None:
                assert gj is None, f"{what}: expected None, got {gj!r}"
                continue
            assert gj is not None, f"{what}: got None"
            if hasattr(gj, "values") and hasattr(gj, "indices") and hasattr(tf, "convert_to_tensor"):
                gj = tf.convert_to_tensor(gj)  # IndexedSlices
            exp, got = arrays[wk], to_numpy(gj)
            assert got.dtype == exp.dtype, f"{what}: dtype {got.dtype} != expected {exp.dtype}"
            assert_values(got, exp, dtype_name(gj), what, GRAD_TOL, input_scale_of(args, kwargs))


def eval_build(tf, code):
    """A "build" case is a Python expression, or statements that assign `result`."""
    ns = {"tf": tf, "np": np}
    try:
        compiled = compile(code, "<golden>", "eval")
    except SyntaxError:
        exec(compile(code, "<golden>", "exec"), ns)
        return ns["result"]
    return eval(compiled, ns)


def run_build_case(tf, case, arrays):
    if "error" in case:
        try:
            result = eval_build(tf, case["build"])
        except AttributeError as e:
            if case["error"] != "AttributeError":
                raise MissingOp(f"MISSING: {e}") from e
            check_error(case, e)
            return
        except Exception as e:  # noqa: BLE001
            check_error(case, e)
            return
        raise AssertionError(f"expected {case['error']} ({case.get('error_contains')!r}), got {result!r}")
    try:
        result = eval_build(tf, case["build"])
    except AttributeError as e:
        raise MissingOp(f"MISSING: {e}") from e
    if "repr" in case:
        assert repr(result) == case["repr"], f"repr differs:\n got: {repr(result)!r}\nwant: {case['repr']!r}"
    if "str" in case:
        assert str(result) == case["str"], f"str differs:\n got: {str(result)!r}\nwant: {case['str']!r}"
    if "out" in case:
        check_outputs(case, result, arrays, 0.0)


# -- the tests ---------------------------------------------------------------------------------
def _is_ours(path):
    # other tests may keep their own golden files in tests/golden/
    with open(path) as f:
        data = json.load(f)
    return isinstance(data, dict) and data.get("generator") == "tools/make_golden.py"


def _params():
    params = []
    for path in sorted(GOLDEN.glob("*.json")):
        if not _is_ours(path):
            continue
        cases, _ = load_family(path.stem)
        params += [pytest.param(path.stem, c["id"], id=f"{path.stem}:{c['id']}") for c in cases]
    return params


_PARAMS = _params()


def test_golden_files_present():
    assert _PARAMS, f"no golden files in {GOLDEN}: run tools/make_golden.py"


@pytest.mark.parametrize("family,case_id", _PARAMS)
def test_golden(family, case_id):
    import numtf
    cases, arrays = load_family(family)
    case = next(c for c in cases if c["id"] == case_id)
    run_case(numtf, case, arrays)
