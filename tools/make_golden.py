"""Writes tests/golden/: results of real TensorFlow 2.21 that tests/test_golden.py checks numtf against.

Run ONLY under the TensorFlow reference environment (CI never has TensorFlow):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_golden.py [family ...]

It regenerates every family (or the named ones), then re-reads the files and runs the checker of
tests/test_golden.py against TensorFlow itself, so every file it writes is known to be decodable
and self-consistent. Inputs come from a fixed NumPy seed; only deterministic ops are recorded.

File format
-----------
tests/golden/<family>.json is {"generator": "tools/make_golden.py", "cases": [CASE, ...]} (the
checker reads only JSON files with that generator mark); tests/golden/<family>.npz holds the
arrays, referenced by key. An op CASE is

    {"id": "add/broadcast_row_f32",       # unique in its family ("op/variant")
     "fn": "math.add",                    # dotted path resolved with getattr from the top-level
                                          # module (tf / numtf): "add", "nn.softmax", ...; a path
                                          # "operator.X" is Python's operator.X (operator.add,
                                          # operator.getitem, ...), to test the Tensor operators
     "args": [ARG, ...], "kwargs": {"name": ARG},
     then either
     "out": [key, ...], "out_dtypes": ["float32", ...]   # one per output, outputs flattened in
                                          # tf.nest order (tuples, namedtuples, lists; dicts by key);
                                          # a dtype "py:int" etc. marks a non-tensor Python result
     or
     "error": "InvalidArgumentError",     # the exception class name
     "error_contains": "[Op:AddV2]",      # a fragment of TF's message numtf must also contain
     and, for differentiable float cases,
     "grad": {"weights": [key|null per output], "wrt": [arg index (int) or kwarg name],
              "values": [key per wrt (a list of keys for a {"tensors"} arg; null = TF gave None)]}}
                                          # the gradient of sum_i(sum(out_i * weights_i)) w.r.t.
                                          # each listed argument, from a tf.GradientTape

ARG is one of
    {"tensor": key}                       tf.constant(array) with the array's dtype ('S' arrays
                                          are tf.string); "noncontiguous": true means pass numtf a
                                          non-C-contiguous view with the same values
    {"value": JSON}                       a Python value (int, float, bool, None, str, nested list)
    {"float": "inf"}                      float("inf" / "-inf" / "nan"), which JSON cannot hold
    {"tensors": [key, ...]}               a Python list of tensors (concat, stack, add_n)
    {"dtype": "float32"}                  tf.as_dtype(name)
    {"shape": [2, null]}                  tf.TensorShape(list)
    {"np": key}                           the raw NumPy array, passed as is (tests conversion)
    {"index": INDEX}                      a Python index for operator.getitem: a JSON list is a
                                          tuple of items, anything else a single item; an item is
                                          an int, null (tf.newaxis), "..." (Ellipsis),
                                          {"slice": [start, stop, step]} (each null, an int
                                          or {"tensor": key}),
                                          {"tensor": key} or {"bool": b}

A "build" CASE evaluates Python source with `tf` and `np` bound (an expression, or statements
that assign `result`), for printing and conversion rules:
    {"id": ..., "build": "tf.constant([1., 2.])", then "repr" and "str" (exact strings), or
     "out"/"out_dtypes" (as above, for the flattened result), or "error"/"error_contains"}
"""
import json
import os
import pathlib
import sys
import traceback

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "golden"
sys.path.insert(0, str(ROOT / "tests"))
import test_golden as G  # noqa: E402  (the shared decoder and checker)

SEED = 20240501
GENERATOR = "tools/make_golden.py"  # marks our files: other tests may keep golden files here too
rng = np.random.default_rng(SEED)


# -- argument markers --------------------------------------------------------------------------
class T:
    """A tensor argument; `nc=True` asks the checker for a non-contiguous view."""
    def __init__(self, a, nc=False):
        self.a, self.nc = np.asarray(a), nc


class NP:
    """A raw NumPy array argument."""
    def __init__(self, a):
        self.a = np.asarray(a)


class TS:
    """A Python list of tensors."""
    def __init__(self, arrays):
        self.arrays = [np.asarray(a) for a in arrays]


class D:
    def __init__(self, name):
        self.name = name


class S:
    def __init__(self, dims):
        self.dims = list(dims)


class IX:
    """A Python index (ints, slices, Ellipsis, None, NumPy arrays as tensors, tuples)."""
    def __init__(self, index):
        self.index = index


# -- random inputs -----------------------------------------------------------------------------
def f32(*shape, lo=-3.0, hi=3.0, dtype=np.float32):
    return rng.uniform(lo, hi, shape).astype(dtype)


def f64(*shape, lo=-3.0, hi=3.0):
    return f32(*shape, lo=lo, hi=hi, dtype=np.float64)


def i32(*shape, lo=-5, hi=6, dtype=np.int32):
    return rng.integers(lo, hi, shape).astype(dtype)


def i64(*shape, lo=-5, hi=6):
    return i32(*shape, lo=lo, hi=hi, dtype=np.int64)


def nz(*shape, dtype=np.float32):
    """Values bounded away from zero (divisors)."""
    return (rng.uniform(0.5, 3.0, shape) * rng.choice([-1, 1], shape)).astype(dtype)


def bools(*shape):
    return rng.random(shape) < 0.5


# -- a family of cases -------------------------------------------------------------------------
class Family:
    def __init__(self, name):
        self.name = name
        self.cases = []
        self.arrays = {}
        self.problems = []

    def key(self, a):
        a = np.asarray(a)
        if a.dtype.kind in "OU":
            a = np.array([s.encode() if isinstance(s, str) else s for s in a.reshape(-1)],
                         dtype=object).reshape(a.shape).astype(bytes)
        k = f"a{len(self.arrays)}"
        self.arrays[k] = a
        return k

    def enc_index(self, ix):
        def item(e):
            if e is None or isinstance(e, int) and not isinstance(e, bool):
                return e
            if e is Ellipsis:
                return "..."
            if isinstance(e, bool):
                return {"bool": e}
            if isinstance(e, slice):
                return {"slice": [item(b) for b in (e.start, e.stop, e.step)]}
            if isinstance(e, (np.ndarray, np.generic)):
                return {"tensor": self.key(e)}
            raise TypeError(f"cannot encode index item {e!r}")
        return [item(e) for e in ix] if isinstance(ix, tuple) else item(ix)

    def enc(self, x):
        if isinstance(x, T):
            d = {"tensor": self.key(x.a)}
            if x.nc:
                d["noncontiguous"] = True
            return d
        if isinstance(x, (np.ndarray, np.generic)):  # NumPy scalars too: 0-d tensors
            return {"tensor": self.key(x)}
        if isinstance(x, NP):
            return {"np": self.key(x.a)}
        if isinstance(x, TS):
            return {"tensors": [self.key(a) for a in x.arrays]}
        if isinstance(x, D):
            return {"dtype": x.name}
        if isinstance(x, S):
            return {"shape": x.dims}
        if isinstance(x, IX):
            return {"index": self.enc_index(x.index)}
        if isinstance(x, float) and not np.isfinite(x):
            return {"float": str(x)}
        json.dumps(x, allow_nan=False)  # Python values must be plain JSON
        return {"value": x}

    def _new(self, cid):
        assert all(c["id"] != cid for c in self.cases), f"{self.name}: duplicate id {cid}"
        return {"id": cid}

    def case(self, cid, fn, *args, err=None, grad=True, **kwargs):
        """Records TF's result of fn(*args, **kwargs). `err`: the message fragment of an
        expected error; `grad=False` suppresses the gradient record."""
        case = self._new(cid)
        case["fn"] = fn
        case["args"] = [self.enc(a) for a in args]
        if kwargs:
            case["kwargs"] = {k: self.enc(v) for k, v in kwargs.items()}
        try:
            self._run(case, err, grad)
        except Exception as e:  # noqa: BLE001 - collected and reported at the end
            self.problems.append(f"{self.name}:{cid}: {type(e).__name__}: {e}")
            return
        self.cases.append(case)

    def _call(self, case):
        fn = G.resolve(tf, case["fn"])
        args = [G.build_arg(tf, a, self.arrays) for a in case["args"]]
        kwargs = {k: G.build_arg(tf, a, self.arrays) for k, a in case.get("kwargs", {}).items()}
        return fn, args, kwargs

    def _record_error(self, case, err, thunk):
        try:
            result = thunk()
        except Exception as e:  # noqa: BLE001
            if err is None:
                raise RuntimeError(f"TF raised {type(e).__name__}: {e}") from e
            if not err:
                raise RuntimeError(f"choose a fragment of TF's {type(e).__name__}: {e}") from e
            if err not in str(e):
                raise RuntimeError(f"fragment {err!r} not in TF's {type(e).__name__}: {e}") from e
            case["error"] = type(e).__name__
            case["error_contains"] = err
            return None, True
        if err is not None:
            raise RuntimeError(f"expected an error containing {err!r}, TF returned {result!r}")
        return result, False

    def _record_outputs(self, case, result):
        outs = G.flatten(result)
        case["out"] = [self.key(G.to_numpy(o)) for o in outs]
        case["out_dtypes"] = [G.dtype_name(o) for o in outs]
        return outs

    def _run(self, case, err, grad):
        fn, args, kwargs = self._call(case)
        result, failed = self._record_error(case, err, lambda: fn(*args, **kwargs))
        if failed:
            return
        outs = self._record_outputs(case, result)
        if grad:
            self._record_grad(case, fn, args, kwargs, outs)

    def _record_grad(self, case, fn, args, kwargs, outs):
        floats = [o for o in outs if G.is_tensor_like(o) and o.dtype.is_floating]
        if not floats:
            return
        wrt = []
        for pos, a in list(enumerate(args)) + list(kwargs.items()):
            leaves = G.flatten(a)
            if leaves and all(isinstance(x, tf.Tensor) and x.dtype.is_floating for x in leaves):
                wrt.append(pos)
        if not wrt:
            return
        sources = [args[w] if isinstance(w, int) else kwargs[w] for w in wrt]
        with tf.GradientTape() as tape:
            for s in sources:
                for leaf in G.flatten(s):
                    tape.watch(leaf)
            outs = G.flatten(fn(*args, **kwargs))
        weights, wkeys, targets = [], [], []
        for o in outs:
            if G.is_tensor_like(o) and o.dtype.is_floating:
                w = rng.standard_normal(o.shape).astype(o.dtype.as_numpy_dtype)
                wkeys.append(self.key(w))
                weights.append(tf.constant(w))
                targets.append(o)
            else:
                wkeys.append(None)
        try:
            grads = tape.gradient(targets, sources, output_gradients=weights)
        except LookupError:  # no gradient registered: nothing to record
            return
        keep_wrt, values = [], []
        for w, g in zip(wrt, grads):
            leaves = G.flatten(g) if isinstance(g, (list, tuple)) else [g]
            if all(x is None for x in leaves):
                continue
            keys = [None if x is None else self.key(G.to_numpy(tf.convert_to_tensor(x)))
                    for x in leaves]
            keep_wrt.append(w)
            values.append(keys if isinstance(g, (list, tuple)) else keys[0])
        if keep_wrt:
            case["grad"] = {"weights": wkeys, "wrt": keep_wrt, "values": values}

    def build(self, cid, code, err=None, printing=False):
        """Records a "build" case: its repr/str (printing=True), its outputs, or its error."""
        case = self._new(cid)
        case["build"] = code
        try:
            result, failed = self._record_error(case, err, lambda: G.eval_build(tf, code))
            if not failed:
                if printing:
                    case["repr"], case["str"] = repr(result), str(result)
                else:
                    self._record_outputs(case, result)
        except Exception as e:  # noqa: BLE001
            self.problems.append(f"{self.name}:{cid}: {type(e).__name__}: {e}")
            return
        self.cases.append(case)

    def write(self):
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        with open(OUT_DIR / f"{self.name}.json", "w") as f:
            json.dump({"generator": GENERATOR, "cases": self.cases}, f, indent=1, allow_nan=False)
            f.write("\n")
        np.savez_compressed(OUT_DIR / f"{self.name}.npz", **self.arrays)


def self_check(name):
    """Runs the numtf checker against TensorFlow on the written files."""
    G.load_family.cache_clear()
    cases, arrays = G.load_family(name, str(OUT_DIR))
    bad = []
    for c in cases:
        try:
            G.run_case(tf, c, arrays)
        except Exception as e:  # noqa: BLE001
            bad.append(f"{name}:{c['id']}: {type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
    return len(cases), bad



# -- families ----------------------------------------------------------------------------------
SPECIAL = np.array([0., -0., 1., -1., 0.5, np.inf, -np.inf, np.nan, 1e-30, 88.0, -88.0, 100.],
                   np.float32)

# name -> (TF op name, accepts ints); inputs are chosen per op below
ARITH = {"add": ("AddV2", True), "subtract": ("Sub", True), "multiply": ("Mul", True),
         "truediv": ("RealDiv", True), "divide": ("RealDiv", True),
         "floordiv": ("FloorDiv", True), "floormod": ("FloorMod", True), "mod": ("FloorMod", True),
         "pow": ("Pow", True), "maximum": ("Maximum", True), "minimum": ("Minimum", True),
         "squared_difference": ("SquaredDifference", True)}
COMPARE = {"equal": "Equal", "not_equal": "NotEqual", "less": "Less", "less_equal": "LessEqual",
           "greater": "Greater", "greater_equal": "GreaterEqual"}


def binary_inputs(op, xs, ys, dtype):
    """Inputs suited to `op`: nonzero divisors, positive float bases, small int exponents."""
    if dtype.kind == "f":
        if op == "pow":
            return f32(*xs, lo=0.5, hi=2.0, dtype=dtype), f32(*ys, lo=-2.0, hi=2.0, dtype=dtype)
        if op in ("truediv", "divide", "floordiv", "floormod", "mod"):
            return f32(*xs, dtype=dtype), nz(*ys, dtype=dtype)
        return f32(*xs, dtype=dtype), f32(*ys, dtype=dtype)
    if op == "pow":
        return i32(*xs, lo=-3, hi=4, dtype=dtype), i32(*ys, lo=0, hi=4, dtype=dtype)
    if op in ("truediv", "divide", "floordiv", "floormod", "mod"):
        y = i32(*ys, lo=1, hi=5, dtype=dtype) * rng.choice(np.array([-1, 1], dtype), ys)
        return i32(*xs, lo=-9, hi=10, dtype=dtype), y.astype(dtype)
    return i32(*xs, dtype=dtype), i32(*ys, dtype=dtype)


BINARY_SHAPES = [("same", (3, 4), (3, 4)), ("row", (3, 4), (4,)), ("row_rev", (4,), (3, 4)),
                 ("outer", (3, 1), (1, 4)), ("scalar_left", (), (3, 4)),
                 ("scalar_right", (2, 3), ()), ("rank3", (2, 1, 4), (3, 1)),
                 ("empty", (0, 4), (4,)), ("empty_bcast", (0, 1), (1, 3))]


def binary_matrix(F, op, fn, opname, ints=True):
    for tag, xs, ys in BINARY_SHAPES:
        x, y = binary_inputs(op, xs, ys, np.dtype(np.float32))
        F.case(f"{op}/{tag}_f32", fn, x, y)
    x, y = binary_inputs(op, (3, 4), (4,), np.dtype(np.float64))
    F.case(f"{op}/row_f64", fn, x, y)
    x, y = binary_inputs(op, (4, 5), (4, 5), np.dtype(np.float32))
    F.case(f"{op}/noncontig_left_f32", fn, T(x, nc=True), y)
    x, y = binary_inputs(op, (2, 5), (5,), np.dtype(np.float32))
    F.case(f"{op}/noncontig_right_f32", fn, x, T(y, nc=True))
    x, y = binary_inputs(op, (2, 3), (), np.dtype(np.float32))
    F.case(f"{op}/python_float_right", fn, x, float(y) if op != "pow" else 2.0)
    F.case(f"{op}/python_int_right_f32", fn, x, 2)
    F.case(f"{op}/numpy_right_f64_into_f32", fn, x, NP(y.astype(np.float64)))
    if ints:
        for dt in (np.int32, np.int64):
            x, y = binary_inputs(op, (3, 4), (4,), np.dtype(dt))
            F.case(f"{op}/row_{np.dtype(dt).name}", fn, x, y)
        x, y = binary_inputs(op, (2, 3), (2, 3), np.dtype(np.int32))
        F.case(f"{op}/python_int_left_i32", fn, 3 if op != "pow" else 2, y)
    F.case(f"{op}/error_shapes", fn, f32(2, 3), nz(4, 3),
           err=f"Incompatible shapes: [2,3] vs. [4,3] [Op:{opname}]")
    if ints:
        F.case(f"{op}/error_dtypes", fn, i32(2, 3, lo=1, hi=4), nz(2, 3),
               err="`x` and `y` must have the same dtype, got tf.int32 != tf.float32."
               if op in ("truediv", "divide") else "expected to be a int32 tensor but is a float tensor")


def fam_math(F):
    for op, (opname, ints) in ARITH.items():
        binary_matrix(F, op, "math." + op, opname, ints)
        if hasattr(tf, op):
            x, y = binary_inputs(op, (2, 3), (3,), np.dtype(np.float32))
            F.case(f"{op}/toplevel_alias", op, x, y)
    # characteristic cases
    a = np.array([-7, -6, -1, 0, 1, 6, 7], np.int32)
    F.case("floordiv/int_signs", "math.floordiv", a, np.int32(2))
    F.case("floordiv/int_neg_divisor", "math.floordiv", a, np.int32(-2))
    F.case("floormod/int_signs", "math.floormod", a, np.int32(3))
    F.case("floormod/int_neg_divisor", "math.floormod", a, np.int32(-3))
    fa = np.array([-7.5, -1.0, -0.5, 0.0, 2.5, 7.25], np.float32)
    F.case("floormod/float_signs", "math.floormod", fa, np.float32(-2.0))
    F.case("floordiv/float_signs", "math.floordiv", fa, np.float32(2.0))
    F.case("floordiv/error_int_zero", "math.floordiv", np.array([1, 2], np.int32),
           np.array([0, 1], np.int32), err="Integer division by zero [Op:FloorDiv]")
    F.case("floormod/error_int_zero", "math.floormod", np.array([1, 2], np.int32),
           np.array([0, 1], np.int32), err="Integer division by zero")
    F.case("truediv/float_by_zero", "math.truediv", np.array([1., -1., 0.], np.float32),
           np.zeros(3, np.float32), grad=False)
    F.case("truediv/int32_gives_f64", "math.truediv", np.array([1, -7, 9], np.int32),
           np.array([2, 2, -4], np.int32))
    F.case("truediv/int16_gives_f32", "math.truediv", np.array([1, -7, 9], np.int16),
           np.array([2, 2, -4], np.int16))
    F.case("truediv/int64_gives_f64", "math.truediv", np.array([1, -7], np.int64), np.int64(3))
    F.case("divide/python_ints", "math.divide", 7, 2)
    F.case("pow/error_int_negative_exponent", "math.pow", np.array([2, 3], np.int32),
           np.array([-1, 2], np.int32), err="Integers to negative integer powers are not allowed")
    F.case("pow/zero_to_zero", "math.pow", np.array([0., 0., 2.], np.float32),
           np.array([0., 1., 0.], np.float32), grad=False)
    F.case("pow/negative_base_fractional", "math.pow", np.array([-2., -2.], np.float32),
           np.array([0.5, 2.], np.float32), grad=False)
    F.case("add/strings", "math.add", np.array(["ab", "c"]), np.array(["x", "yz"]))
    F.case("add/python_scalars", "math.add", 2, 3)
    F.case("add/python_floats", "math.add", 2.5, 3)
    F.case("add/python_list_and_tensor", "math.add", [1.0, 2.0], f32(2, 2))
    F.case("add/python_int_with_float_tensor_first", "math.add", 3, np.float32(1.5),
           err="expected to be a int32 tensor but is a float tensor [Op:AddV2]")
    F.case("add/f16", "math.add", f32(3, dtype=np.float16), f32(3, dtype=np.float16))
    F.case("add/uint8_wraps", "math.add", np.array([250, 5], np.uint8), np.array([10, 1], np.uint8))
    F.case("add/int32_overflow_wraps", "math.add", np.array([2**31 - 1], np.int32),
           np.array([1], np.int32))
    F.case("maximum/nan", "math.maximum", np.array([np.nan, 1., 2.], np.float32),
           np.array([0., np.nan, 1.], np.float32), grad=False)
    F.case("minimum/nan", "math.minimum", np.array([np.nan, 1., 2.], np.float32),
           np.array([0., np.nan, 1.], np.float32), grad=False)
    F.case("maximum/ties_grad", "math.maximum", np.array([1., 2., 3.], np.float32),
           np.array([1., 1., 3.], np.float32))
    F.case("minimum/ties_grad", "math.minimum", np.array([1., 2., 3.], np.float32),
           np.array([1., 1., 3.], np.float32))
    for op, opname in COMPARE.items():
        fn = "math." + op
        F.case(f"{op}/same_f32", fn, f32(3, 4), f32(3, 4))
        F.case(f"{op}/broadcast_ints", fn, i32(3, 1, lo=0, hi=3), i32(4, lo=0, hi=3))
        F.case(f"{op}/scalar_python", fn, i32(5, lo=0, hi=3), 1)
        F.case(f"{op}/f64_with_ties", fn, np.array([1., 2., np.nan], np.float64),
               np.array([1., 3., np.nan], np.float64))
        F.case(f"{op}/empty", fn, f32(0, 3), f32(3))
        F.case(f"{op}/noncontig", fn, T(i32(4, 5, lo=0, hi=3), nc=True), i32(5, lo=0, hi=3))
        F.case(f"{op}/error_shapes", fn, f32(2, 3), f32(4, 3),
               err=f"Incompatible shapes: [2,3] vs. [4,3] [Op:{opname}]")
        if hasattr(tf, op):
            F.case(f"{op}/toplevel_alias", op, f32(2), f32(2))
    F.case("equal/bools", "math.equal", bools(5), bools(5))
    F.case("equal/strings", "math.equal", np.array(["a", "b"]), np.array(["a", "c"]))
    F.case("not_equal/strings_broadcast", "math.not_equal", np.array(["a", "b"]), np.array("a"))
    F.case("equal/error_dtypes", "math.equal", i32(3), f32(3),
           err="expected to be a int32 tensor but is a float tensor")
    for op in ("logical_and", "logical_or"):
        F.case(f"{op}/same", "math." + op, bools(3, 4), bools(3, 4))
        F.case(f"{op}/broadcast", "math." + op, bools(3, 1), bools(4))
        F.case(f"{op}/python_bool", "math." + op, bools(4), True)
        F.case(f"{op}/empty", "math." + op, bools(0, 2), bools(2))
        F.case(f"{op}/error_int", "math." + op, i32(3), i32(3),
               err="expected to be a bool tensor but is a int32 tensor")
    F.case("logical_not/basic", "math.logical_not", bools(3, 4))
    F.case("logical_not/noncontig", "math.logical_not", T(bools(3, 4), nc=True))
    F.case("logical_xor/basic", "math.logical_xor", bools(6), bools(6))
    fam_math_unary(F)
    fam_math_misc(F)
    fam_operators(F)


UNARY = {  # name -> (input range or None for "any", accepts ints, TF op name)
    "negative": (None, True, "Neg"), "abs": (None, True, "Abs"), "sign": (None, True, "Sign"),
    "square": (None, True, "Square"), "sqrt": ((0.1, 4.0), False, "Sqrt"),
    "rsqrt": ((0.1, 4.0), False, "Rsqrt"), "exp": (None, False, "Exp"),
    "log": ((0.1, 4.0), False, "Log"), "log1p": ((-0.9, 3.0), False, "Log1p"),
    "expm1": (None, False, "Expm1"), "sin": (None, False, "Sin"), "cos": (None, False, "Cos"),
    "tan": ((-1.4, 1.4), False, "Tan"), "tanh": (None, False, "Tanh"),
    "sigmoid": (None, False, "Sigmoid"), "round": (None, True, "Round"),
    "floor": (None, False, "Floor"), "ceil": (None, False, "Ceil"),
    "reciprocal": (None, False, "Reciprocal"), "erf": (None, False, "Erf"),
    "softplus": (None, False, "Softplus"),
}


def fam_math_unary(F):
    for op, (rng_, ints, opname) in UNARY.items():
        fn = "math." + op
        lo, hi = rng_ or (-3.0, 3.0)
        if op == "reciprocal":
            F.case(f"{op}/f32", fn, nz(3, 4))
            F.case(f"{op}/f64", fn, nz(5, dtype=np.float64))
        else:
            F.case(f"{op}/f32", fn, f32(3, 4, lo=lo, hi=hi))
            F.case(f"{op}/f64", fn, f64(5, lo=lo, hi=hi))
        F.case(f"{op}/scalar", fn, np.float32(rng.uniform(max(lo, 0.2), hi)))
        F.case(f"{op}/empty", fn, f32(0, 3))
        F.case(f"{op}/noncontig", fn, T(f32(4, 5, lo=lo, hi=hi), nc=True))
        F.case(f"{op}/special_values", fn, SPECIAL, grad=False)
        F.case(f"{op}/f16", fn, f32(4, lo=max(lo, 0.2), hi=hi, dtype=np.float16), grad=False)
        if ints:
            for dt in (np.int32, np.int64):
                x = i32(6, dtype=dt)
                F.case(f"{op}/{np.dtype(dt).name}", fn, x)
        else:
            F.case(f"{op}/error_int32", fn, np.array([1, 2], np.int32),
                   err="Value for attr 'T' of int32 is not in the list of allowed values"
                   if op != "reciprocal" else "Could not find device for node")
        if hasattr(tf, op):
            F.case(f"{op}/toplevel_alias", op, f32(3, lo=max(lo, 0.2), hi=hi))
    half = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.4, 0.6], np.float32)
    F.case("round/half_to_even", "math.round", half)
    F.case("floor/halves", "math.floor", half)
    F.case("ceil/halves", "math.ceil", half)
    F.case("sigmoid/extremes", "math.sigmoid", np.array([-100., -20., 20., 100.], np.float32))
    F.case("softplus/extremes", "math.softplus", np.array([-100., -20., 20., 100.], np.float32))
    F.case("softplus/nn_alias", "nn.softplus", f32(4))
    F.case("tanh/extremes", "math.tanh", np.array([-100., -10., 10., 100.], np.float32))
    F.case("exp/overflow_f32", "math.exp", np.array([88., 89., 100., -104., -200.], np.float32))
    F.case("sqrt/negative_is_nan", "math.sqrt", np.array([-1., 0., 4.], np.float32), grad=False)
    F.case("log/zero_and_negative", "math.log", np.array([0., -1., 1.], np.float32), grad=False)
    F.case("abs/int32_min_wraps", "math.abs", np.array([-2**31, -3], np.int32))
    F.case("negative/uint8_error", "math.negative", np.array([1, 2], np.uint8),
           err="Value for attr 'T' of uint8 is not in the list of allowed values")
    F.case("sign/zero_and_nan", "math.sign", np.array([0., -0., np.nan, -3.], np.float32),
           grad=False)
    for op in ("is_nan", "is_finite", "is_inf"):
        F.case(f"{op}/special", "math." + op, SPECIAL)
        F.case(f"{op}/f64", "math." + op, SPECIAL.astype(np.float64))
        F.case(f"{op}/error_int", "math." + op, np.array([1], np.int32),
               err="Value for attr 'T' of int32 is not in the list of allowed values")


def fam_math_misc(F):
    x = f32(3, 4)
    F.case("clip_by_value/python_scalars", "clip_by_value", x, -1.0, 1.5)
    F.case("clip_by_value/tensor_bounds_broadcast", "clip_by_value", x, f32(4, lo=-2, hi=-0.5),
           f32(4, lo=0.5, hi=2))
    F.case("clip_by_value/int32", "clip_by_value", i32(3, 4), -2, 3)
    F.case("clip_by_value/noncontig", "clip_by_value", T(f32(4, 5), nc=True), -1.0, 1.0)
    F.case("clip_by_value/empty", "clip_by_value", f32(0, 2), -1.0, 1.0)
    F.case("clip_by_value/f64", "clip_by_value", f64(5), np.float64(-1.0), np.float64(1.0))
    F.case("clip_by_value/error_dtype", "clip_by_value", i32(3), -1.5, 1.5,
           err='Cannot convert 1.5 to EagerTensor of dtype int32')
    F.case("add_n/three", "math.add_n", TS([f32(2, 3), f32(2, 3), f32(2, 3)]))
    F.case("add_n/one", "math.add_n", TS([f32(2, 3)]))
    F.case("add_n/int32", "add_n", TS([i32(4), i32(4)]))
    F.case("add_n/f64_scalars", "add_n", TS([np.float64(1.5), np.float64(2.25)]))
    F.case("add_n/python_list_values", "add_n", [[1.0, 2.0], [3.0, 4.0]])
    F.case("add_n/error_shapes", "add_n", TS([f32(2, 3), f32(3, 2)]),
           err='Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: [2,3] != input 1: [3,2]')
    F.case("add_n/error_empty", "add_n", [],
           err='Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape')
    F.case("where/one_arg_bool", "where", bools(3, 4))
    F.case("where/one_arg_numeric", "where", np.array([[0, 1, 0], [2, 0, 3]], np.int32))
    F.case("where/one_arg_1d", "where", np.array([True, False, True]))
    F.case("where/one_arg_empty", "where", np.zeros((0, 2), bool))
    F.case("where/one_arg_none_true", "where", np.zeros((2, 2), bool))
    F.case("where/three_args", "where", bools(3, 4), f32(3, 4), f32(3, 4))
    F.case("where/broadcast", "where", bools(3, 1), f32(1, 4), f32())
    F.case("where/python_scalars", "where", bools(5), 1.0, 0.0)
    F.case("where/int32", "where", bools(4), i32(4), i32(4))
    F.case("where/noncontig", "where", bools(4, 5), T(f32(4, 5), nc=True), f32(4, 5))
    F.case("where/empty", "where", bools(0, 3), f32(0, 3), f32(3))
    F.case("where/error_dtypes", "where", bools(3), i32(3), f32(3),
           err="expected to be a int32 tensor but is a float tensor")
    F.case("where/error_shapes", "where", bools(3), f32(2), f32(3),
           err='condition [3], then [2], and else [3] must be broadcastable [Op:SelectV2]')


def fam_operators(F):
    x, y = f32(3, 4), nz(3, 4)
    for op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lt", "le", "gt", "ge",
               "eq", "ne"):
        a = np.abs(x) + 0.5 if op == "pow" else x
        F.case(f"operator.{op}/tensors", f"operator.{op}", a, y if op != "pow" else x)
        F.case(f"operator.{op}/tensor_python", f"operator.{op}", a, 2.0)
        F.case(f"operator.{op}/python_tensor", f"operator.{op}", 2.0, y)
        F.case(f"operator.{op}/int_tensor_python_int", f"operator.{op}",
               i32(4, lo=0, hi=5), 2)
        F.case(f"operator.{op}/python_int_int_tensor", f"operator.{op}", 2,
               i32(4, lo=1, hi=5))
        F.case(f"operator.{op}/numpy_left", f"operator.{op}", NP(np.abs(x) + 0.5), y)
    F.case("operator.eq/incompatible_shapes", "operator.eq", f32(2), f32(3))
    F.case("operator.ne/incompatible_shapes", "operator.ne", f32(2), f32(3))
    F.case("operator.eq/none", "operator.eq", f32(2), None)
    F.case("operator.ne/none", "operator.ne", f32(2), None)
    F.case("operator.eq/string_scalar", "operator.eq", np.array(["a", "b"]), "a")
    F.case("operator.add/error_int_plus_float", "operator.add", i32(3), 0.5,
           err='cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor [Op:AddV2]')
    F.case("operator.add/error_tensor_dtypes", "operator.add", i32(3), f32(3),
           err="expected to be a int32 tensor but is a float tensor")
    F.case("operator.truediv/ints", "operator.truediv", np.array([7, -7], np.int32), 2)
    F.case("operator.floordiv/ints", "operator.floordiv", np.array([7, -7], np.int32), 2)
    F.case("operator.mod/ints", "operator.mod", np.array([7, -7], np.int32), 3)
    F.case("operator.floordiv/error_zero", "operator.floordiv", np.array([7], np.int32), 0,
           err="Integer division by zero")
    F.case("operator.neg/f32", "operator.neg", x)
    F.case("operator.neg/int", "operator.neg", i32(4))
    F.case("operator.abs/f32", "operator.abs", x)
    F.case("operator.invert/bool", "operator.invert", bools(4))
    F.case("operator.invert/int32", "operator.invert", np.array([0, 5, -1], np.int32))
    F.case("operator.pos/error", "operator.pos", x, err="bad operand type for unary +")
    for op in ("and_", "or_", "xor"):
        F.case(f"operator.{op}/bools", f"operator.{op}", bools(5), bools(5))
        F.case(f"operator.{op}/bool_python", f"operator.{op}", bools(5), True)
        F.case(f"operator.{op}/ints_bitwise", f"operator.{op}", np.array([12, 5], np.int32),
               np.array([10, 3], np.int32))
    F.case("operator.matmul/2d", "operator.matmul", f32(2, 3), f32(3, 4))
    F.case("operator.matmul/numpy_left", "operator.matmul", NP(f32(2, 3)), f32(3, 4))
    F.case("operator.add/numpy_f64_array_into_f32", "operator.add", f32(2), NP(f64(2)))
    F.case("operator.add/numpy_scalar_f64", "operator.add", f32(2), NP(np.float64(1.5)))
    F.case("operator.mul/list", "operator.mul", f32(2), [2.0, 3.0])
    F.case("operator.pow/python_base", "operator.pow", 2, np.array([1, 2, 3], np.int32))
    F.case("operator.sub/uint8_numpy", "operator.sub", np.array([3, 9], np.uint8), 5)


REDUCERS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
            "math.reduce_logsumexp", "math.reduce_std", "math.reduce_variance"]


def fam_reductions(F):
    for fn in REDUCERS:
        op = fn.split(".")[-1]
        lo, hi = (0.5, 1.5) if op == "reduce_prod" else (-3.0, 3.0)
        x = f32(2, 3, 4, lo=lo, hi=hi)
        F.case(f"{op}/all", fn, x)
        F.case(f"{op}/axis0", fn, x, axis=0)
        F.case(f"{op}/axis_neg1", fn, x, axis=-1)
        F.case(f"{op}/axes_0_2", fn, x, axis=[0, 2])
        F.case(f"{op}/axes_neg_tuple", fn, x, axis=(-1, 0))
        F.case(f"{op}/axis1_keepdims", fn, x, axis=1, keepdims=True)
        F.case(f"{op}/all_keepdims", fn, x, keepdims=True)
        F.case(f"{op}/axis_tensor", fn, x, np.array([0, 1], np.int32))
        F.case(f"{op}/f64", fn, f64(3, 4, lo=lo, hi=hi), axis=1)
        F.case(f"{op}/scalar_input", fn, np.float32(1.25))
        F.case(f"{op}/noncontig", fn, T(f32(4, 5, lo=lo, hi=hi), nc=True), axis=0)
        F.case(f"{op}/empty_axis0", fn, f32(0, 3), axis=0, grad=False)
        F.case(f"{op}/empty_axis1", fn, f32(0, 3), axis=1)
        F.case(f"{op}/empty_all", fn, f32(2, 0), grad=False)
        F.case(f"{op}/error_axis", fn, x, axis=3, err="Invalid reduction dimension")
        F.case(f"{op}/nan", fn, np.array([1., np.nan, 2.], np.float32), grad=False)
        if op in ("reduce_logsumexp", "reduce_std", "reduce_variance"):
            F.case(f"{op}/error_int32", fn, i32(3), err={
                "reduce_logsumexp": "Value for attr 'T' of int32 is not in the list of allowed values",
            }.get(op, "Input must be either real or complex. Received integer type"))
        else:
            F.case(f"{op}/int32", fn, i32(3, 4), axis=0)
            F.case(f"{op}/int64_all", fn, i64(3, 4))
            F.case(f"{op}/int32_empty", fn, np.zeros((0, 2), np.int32), axis=0)
        if fn.startswith("reduce_"):
            F.case(f"{op}/math_alias", "math." + op, x, axis=1)
        elif hasattr(tf, op):
            F.case(f"{op}/toplevel_alias", op, x, axis=1)
    F.case("reduce_mean/int_truncates", "reduce_mean", np.array([1, 2, -1, -2, -2], np.int32),
           axis=None)
    F.case("reduce_mean/int_negative", "reduce_mean", np.array([-1, -2], np.int32))
    F.case("reduce_sum/bool_error", "reduce_sum", bools(3),
           err="Value for attr 'T' of bool is not in the list of allowed values")
    F.case("reduce_max/with_inf", "reduce_max", np.array([-np.inf, -1.], np.float32))
    F.case("reduce_logsumexp/extremes", "math.reduce_logsumexp",
           np.array([[1e4, 1e4 - 1], [-1e4, -np.inf]], np.float32), axis=1)
    F.case("reduce_logsumexp/all_neg_inf", "math.reduce_logsumexp",
           np.array([-np.inf, -np.inf], np.float32), grad=False)
    F.case("reduce_max/ties_grad", "reduce_max", np.array([[1., 3., 3.], [2., 2., 0.]], np.float32),
           axis=1)
    F.case("reduce_min/ties_grad", "reduce_min", np.array([1., 1., 3.], np.float32))
    for op in ("reduce_any", "reduce_all"):
        b = bools(3, 4)
        F.case(f"{op}/all", op, b)
        F.case(f"{op}/axis0", op, b, axis=0)
        F.case(f"{op}/axis_neg1_keepdims", op, b, axis=-1, keepdims=True)
        F.case(f"{op}/empty", op, np.zeros((0, 3), bool), axis=0)
        F.case(f"{op}/empty_all", op, np.zeros((0,), bool))
        F.case(f"{op}/noncontig", op, T(bools(3, 4), nc=True), axis=1)
        F.case(f"{op}/math_alias", "math." + op, b, axis=1)
        F.case(f"{op}/error_int", op, i32(3),
               err="was expected to be a bool tensor but is a int32 tensor [Op:" + op[7:].title() + "]")
    for op in ("argmax", "argmin"):
        x = f32(3, 4)
        F.case(f"{op}/default_axis", op, x)
        F.case(f"{op}/axis0", op, x, axis=0)
        F.case(f"{op}/axis_neg1", op, x, axis=-1)
        F.case(f"{op}/output_type_int32", op, x, axis=1, output_type=D("int32"))
        F.case(f"{op}/ties_first", op, np.array([1, 3, 3, -1, -1, 2], np.int32))
        F.case(f"{op}/rank3_axis1", op, f32(2, 3, 4), axis=1)
        F.case(f"{op}/noncontig", op, T(f32(4, 5), nc=True), axis=1)
        F.case(f"{op}/f64", op, f64(5))
        F.case(f"{op}/empty_other_axis", op, f32(0, 3), axis=1)
        opname = "ArgMax" if op == "argmax" else "ArgMin"
        F.case(f"{op}/error_empty_axis", op, f32(0, 3), axis=0,
               err=f"Reduction axis 0 is empty in shape [0,3] [Op:{opname}]")
        F.case(f"{op}/error_axis", op, x, axis=2,
               err=f"Expected dimension in the range [-2, 2), but got 2 [Op:{opname}]")
        F.case(f"{op}/math_alias", "math." + op, x, axis=1)
        F.case(f"{op}/nan", op, np.array([1., np.nan, 3.], np.float32))
    x = f32(3, 4)
    for tag, kw in [("axis0", {}), ("axis1", {"axis": 1}), ("axis_neg1", {"axis": -1}),
                    ("exclusive", {"axis": 1, "exclusive": True}),
                    ("reverse", {"axis": 0, "reverse": True}),
                    ("exclusive_reverse", {"axis": 1, "exclusive": True, "reverse": True})]:
        F.case(f"cumsum/{tag}", "math.cumsum", x, **kw)
        F.case(f"cumprod/{tag}", "math.cumprod", x, **kw)
    F.case("cumsum/int32", "cumsum", i32(6))
    F.case("cumsum/f64", "cumsum", f64(2, 3), axis=1)
    F.case("cumsum/noncontig", "cumsum", T(f32(4, 5), nc=True), axis=1)
    F.case("cumsum/empty", "cumsum", f32(0, 3), axis=0)
    F.case("cumsum/error_axis", "cumsum", x, axis=2,
           err="ScanOp: Expected scan axis in the range [-2, 2), but got 2 [Op:Cumsum]")


def fam_linalg(F):
    a, b = f32(2, 3), f32(3, 4)
    F.case("matmul/2d", "matmul", a, b)
    F.case("matmul/f64", "matmul", f64(2, 3), f64(3, 4))
    F.case("matmul/int32", "matmul", i32(2, 3), i32(3, 2))
    F.case("matmul/transpose_a", "matmul", f32(3, 2), b, transpose_a=True)
    F.case("matmul/transpose_b", "matmul", a, f32(4, 3), transpose_b=True)
    F.case("matmul/transpose_both", "matmul", f32(3, 2), f32(4, 3), transpose_a=True,
           transpose_b=True)
    F.case("matmul/adjoint_a", "matmul", f32(3, 2), b, adjoint_a=True)
    F.case("matmul/adjoint_b", "matmul", a, f32(4, 3), adjoint_b=True)
    F.case("matmul/batch", "matmul", f32(2, 2, 3), f32(2, 3, 4))
    F.case("matmul/batch_transpose_b", "matmul", f32(2, 2, 3), f32(2, 4, 3), transpose_b=True)
    F.case("matmul/broadcast_batch", "matmul", f32(2, 1, 2, 3), f32(3, 3, 4))
    F.case("matmul/batch_times_matrix", "matmul", f32(2, 2, 3), f32(3, 4))
    F.case("matmul/matrix_times_batch", "matmul", f32(2, 3), f32(2, 3, 4))
    F.case("matmul/noncontig", "matmul", T(f32(4, 5), nc=True), T(f32(5, 3), nc=True))
    F.case("matmul/empty_rows", "matmul", f32(0, 3), b)
    F.case("matmul/empty_inner", "matmul", f32(2, 0), f32(0, 3))
    F.case("matmul/python_lists", "matmul", [[1.0, 2.0]], [[3.0], [4.0]])
    F.case("matmul/linalg_alias", "linalg.matmul", a, b)
    F.case("matmul/error_inner", "matmul", a, f32(4, 5),
           err="Matrix size-incompatible: In[0]: [2,3], In[1]: [4,5] [Op:MatMul]")
    F.case("matmul/error_batch_inner", "matmul", f32(2, 2, 3), f32(2, 4, 5),
           err='Matrix size-incompatible: In[0]: [2,2,3], In[1]: [2,4,5]')
    F.case("matmul/error_batch_dims", "matmul", f32(2, 2, 3), f32(3, 3, 4),
           err='In[0] and In[1] must have compatible batch dimensions: [2,2,3] vs. [3,3,4] [Op:BatchMatMulV2]')
    F.case("matmul/error_rank1", "matmul", f32(3), f32(3, 2), err='In[0] ndims must be >= 2 [Op:MatMul]')
    F.case("matmul/error_dtypes", "matmul", i32(2, 3), f32(3, 2),
           err="expected to be a int32 tensor but is a float tensor")
    F.case("tensordot/axes1", "tensordot", f32(2, 3), f32(3, 4), 1)
    F.case("tensordot/axes2", "tensordot", f32(2, 3, 4), f32(3, 4, 2), 2)
    F.case("tensordot/axes0_outer", "tensordot", f32(2), f32(3), 0)
    F.case("tensordot/axes_lists", "tensordot", f32(2, 3, 4), f32(4, 3), [[1, 2], [1, 0]])
    F.case("tensordot/axes_pair_ints", "tensordot", f32(3, 2), f32(3, 4), [[0], [0]])
    F.case("tensordot/linalg_alias", "linalg.tensordot", f32(2, 3), f32(3), 1)
    F.case("tensordot/error_dims", "tensordot", f32(2, 3), f32(4, 2), 1,
           err='Matrix size-incompatible: In[0]: [2,3], In[1]: [4,2] [Op:MatMul]')
    for i, (eq, shapes) in enumerate([
            ("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
            ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("ij->", [(2, 3)]), ("ij->ji", [(2, 3)]),
            ("i,j->ij", [(2,), (3,)]), ("i,i->", [(4,), (4,)]), ("ij,ij->ij", [(2, 3), (2, 3)]),
            ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 4)]), ("bhqd,bhkd->bhqk", [(1, 2, 3, 4), (1, 2, 5, 4)]),
            ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]), ("ij", [(2, 3)]), ("ji", [(2, 3)])]):
        F.case(f"einsum/{eq.replace('->', '_to_').replace(',', '_').replace('...', 'E')}",
               "einsum", eq, *[f32(*s) for s in shapes])
    F.case("einsum/int32", "einsum", "ij,jk->ik", i32(2, 3), i32(3, 2))
    F.case("einsum/f64", "einsum", "ij,j->i", f64(2, 3), f64(3))
    F.case("einsum/linalg_alias", "linalg.einsum", "ij->j", f32(2, 3))
    F.case("einsum/error_dims", "einsum", "ij,jk->ik", f32(2, 3), f32(4, 2),
           err='Expected dimension 3 at axis 0 of the input shaped [4,2] but got dimension 4 [Op:Einsum]')
    F.case("trace/square", "linalg.trace", f32(3, 3))
    F.case("trace/batch", "linalg.trace", f32(2, 3, 3))
    F.case("trace/nonsquare", "linalg.trace", f32(2, 3))
    F.case("trace/int32", "linalg.trace", i32(3, 3))
    F.case("diag/vector", "linalg.diag", f32(3))
    F.case("diag/batch", "linalg.diag", f32(2, 3))
    F.case("diag/int32", "linalg.diag", i32(3))
    F.case("diag_part/square", "linalg.diag_part", f32(3, 3))
    F.case("diag_part/nonsquare", "linalg.diag_part", f32(2, 4))
    F.case("diag_part/batch", "linalg.diag_part", f32(2, 3, 3))
    F.case("diag_part/noncontig", "linalg.diag_part", T(f32(4, 4), nc=True))
    well = (np.eye(3) * 3 + rng.uniform(-1, 1, (3, 3)))
    F.case("inv/f32", "linalg.inv", well.astype(np.float32))
    F.case("inv/f64", "linalg.inv", well)
    F.case("inv/batch", "linalg.inv", (np.eye(2) * 2 + rng.uniform(-1, 1, (3, 2, 2))).astype(np.float32))
    F.case("inv/noncontig", "linalg.inv", T(well.astype(np.float32), nc=True))
    F.case("inv/error_singular", "linalg.inv", np.ones((2, 2), np.float32),
           err="Input is not invertible. [Op:MatrixInverse]")
    F.case("inv/error_nonsquare", "linalg.inv", f32(2, 3),
           err='Input matrix must be square. [Op:MatrixInverse]')
    F.case("inv/error_int", "linalg.inv", i32(2, 2),
           err="Value for attr 'T' of int32 is not in the list of allowed values")
    F.case("det/f32", "linalg.det", well.astype(np.float32))
    F.case("det/f64", "linalg.det", well)
    F.case("det/batch", "linalg.det", f32(2, 3, 3))
    F.case("det/singular", "linalg.det", np.ones((3, 3), np.float32), grad=False)
    F.case("det/1x1", "linalg.det", np.array([[2.5]], np.float32))
    v, m = f32(5), f32(3, 4)
    F.case("norm/vector", "norm", v)
    F.case("norm/matrix_default_all", "norm", m)
    F.case("norm/axis1", "norm", m, axis=1)
    F.case("norm/axis_neg1_keepdims", "norm", m, axis=-1, keepdims=True)
    F.case("norm/ord1_vector", "norm", v, ord=1)
    F.case("norm/ord_inf_vector", "norm", v, ord=np.inf)
    F.case("norm/ord3_vector", "norm", v, ord=3)
    F.case("norm/fro", "norm", m, ord="fro", axis=[-2, -1])
    F.case("norm/euclidean_axes", "norm", m, ord="euclidean", axis=(0, 1))
    F.case("norm/ord1_matrix", "norm", m, ord=1, axis=[0, 1])
    F.case("norm/ord_inf_matrix", "norm", m, ord=np.inf, axis=[0, 1])
    F.case("norm/ord2_matrix", "norm", m, ord=2, axis=[0, 1], grad=False)
    F.case("norm/f64", "norm", f64(3, 4), axis=0)
    F.case("norm/linalg_alias", "linalg.norm", m, axis=1)
    F.case("norm/zeros", "norm", np.zeros(3, np.float32))
    F.case("norm/error_ord", "norm", v, ord=0, err="'ord' must be a supported vector norm, got 0")
    F.case("norm/error_ord_matrix", "norm", m, ord=3, axis=[0, 1],
           err="'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got 3")


def fam_array(F):
    x = f32(2, 3)
    F.case("reshape/basic", "reshape", x, [3, 2])
    F.case("reshape/minus_one", "reshape", x, [-1])
    F.case("reshape/minus_one_inner", "reshape", f32(2, 3, 4), [4, -1])
    F.case("reshape/to_scalar", "reshape", f32(1, 1), [])
    F.case("reshape/shape_tensor", "reshape", x, np.array([1, 6], np.int64))
    F.case("reshape/tuple_shape", "reshape", x, (3, 1, 2))
    F.case("reshape/noncontig", "reshape", T(f32(4, 5), nc=True), [5, 4])
    F.case("reshape/int32", "reshape", i32(6), [2, 3])
    F.case("reshape/strings", "reshape", np.array(["a", "b", "c", "d"]), [2, 2])
    F.case("reshape/empty", "reshape", f32(0, 3), [3, 0])
    F.case("reshape/empty_minus_one", "reshape", f32(0, 3), [-1, 3])
    F.case("reshape/error_size", "reshape", x, [8],
           err="Input to reshape is a tensor with 6 values, but the requested shape has 8")
    F.case("reshape/error_two_minus_one", "reshape", x, [-1, -1],
           err='Only one input size may be -1, not both 0 and 1 [Op:Reshape]')
    F.case("reshape/error_not_divisible", "reshape", x, [4, -1],
           err='Input to reshape is a tensor with 6 values, but the requested shape requires a multiple of 4 [Op:Reshape]')
    F.case("transpose/default", "transpose", f32(2, 3, 4))
    F.case("transpose/perm", "transpose", f32(2, 3, 4), perm=[1, 0, 2])
    F.case("transpose/perm_neg", "transpose", f32(2, 3), [1, 0])
    F.case("transpose/noncontig", "transpose", T(f32(4, 5), nc=True))
    F.case("transpose/int32", "transpose", i32(2, 3))
    F.case("transpose/empty", "transpose", f32(0, 3))
    F.case("transpose/scalar", "transpose", np.float32(2.0))
    F.case("transpose/error_perm", "transpose", f32(2, 3), [0, 1, 2],
           err='transpose expects a vector of size 2. But input(1) is a vector of size 3 [Op:Transpose]')
    F.case("transpose/linalg_matrix_transpose", "linalg.matrix_transpose", f32(2, 3, 4))
    for ax in (0, 1, -1, 2, -3):
        F.case(f"expand_dims/axis{ax}", "expand_dims", x, ax)
    F.case("expand_dims/scalar", "expand_dims", np.float32(3.0), 0)
    F.case("expand_dims/error_axis", "expand_dims", x, 3,
           err='Tried to expand dim index 3 for tensor with 2 dimensions. [Op:ExpandDims]')
    s = f32(1, 3, 1, 2)
    F.case("squeeze/all", "squeeze", s)
    F.case("squeeze/axis", "squeeze", s, [2])
    F.case("squeeze/neg_axes", "squeeze", s, axis=[-2, 0])
    F.case("squeeze/nothing", "squeeze", x)
    F.case("squeeze/error_not_one", "squeeze", s, [1],
           err="Can not squeeze dim[1], expected a dimension of 1, got 3")
    a, b, c = f32(2, 3), f32(2, 3), f32(2, 1)
    F.case("concat/axis0", "concat", TS([a, b]), 0)
    F.case("concat/axis1_three", "concat", TS([a, c, b]), 1)
    F.case("concat/axis_neg1", "concat", TS([a, c]), -1)
    F.case("concat/single", "concat", TS([a]), 0)
    F.case("concat/empty_part", "concat", TS([a, f32(0, 3)]), 0)
    F.case("concat/int32", "concat", TS([i32(2), i32(3)]), 0)
    F.case("concat/strings", "concat", TS([np.array(["a"]), np.array(["b", "c"])]), 0)
    F.case("concat/python_lists", "concat", [[1, 2], [3]], 0)
    F.case("concat/error_shapes", "concat", TS([a, f32(2, 4)]), 0,
           err="ConcatOp : Dimension 1 in both shapes must be equal")
    F.case("concat/error_rank", "concat", TS([a, f32(2)]), 0,
           err='ConcatOp : Ranks of all input tensors should match: shape[0] = [2,3] vs. shape[1] = [2] [Op:ConcatV2]')
    F.case("concat/error_dtypes", "concat", TS([i32(2), f32(2)]), 0,
           err='cannot compute ConcatV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor [Op:ConcatV2]')
    F.case("concat/error_axis", "concat", TS([a, b]), 2,
           err='ConcatOp : Expected concatenating dimensions in the range [-2, 2), but got 2 [Op:ConcatV2]')
    F.case("stack/axis0", "stack", TS([a, b]))
    F.case("stack/axis1", "stack", TS([a, b, a]), axis=1)
    F.case("stack/axis_neg1", "stack", TS([a, b]), axis=-1)
    F.case("stack/scalars", "stack", TS([np.float32(1), np.float32(2)]))
    F.case("stack/int32", "stack", TS([i32(3), i32(3)]), 0)
    F.case("stack/python_values", "stack", [1.0, 2.0, 3.0])
    F.case("stack/error_shapes", "stack", TS([a, f32(3, 2)]),
           err='Shapes of all inputs must match: values[0].shape = [2,3] != values[1].shape = [3,2] [Op:Pack]')
    F.case("stack/error_axis", "stack", TS([a, b]), axis=3,
           err='Argument `axis` = 3 not in range [-3, 3)')
    F.case("unstack/axis0", "unstack", f32(3, 2))
    F.case("unstack/axis1", "unstack", f32(2, 3), axis=1)
    F.case("unstack/axis_neg1_num", "unstack", f32(2, 3), num=3, axis=-1)
    F.case("unstack/int32", "unstack", i32(2, 2))
    F.case("unstack/error_num", "unstack", f32(2, 3), num=3,
           err='Input shape axis 0 must equal 3, got shape [2,3] [Op:Unpack]')
    y = f32(2, 6)
    F.case("split/num", "split", y, 3, axis=1)
    F.case("split/sizes", "split", y, [1, 2, 3], axis=1)
    F.case("split/sizes_minus_one", "split", y, [2, -1], 1)
    F.case("split/axis0_default", "split", f32(4, 2), 2)
    F.case("split/axis_neg1", "split", y, 2, axis=-1)
    F.case("split/sizes_tensor", "split", y, np.array([4, 2], np.int32), axis=1)
    F.case("split/error_not_divisible", "split", y, 4, axis=1,
           err='Number of ways to split should evenly divide the split dimension, but got split_dim 1 (size = 6) and num_split 4 [Op:Split]')
    F.case("split/error_sizes_sum", "split", y, [2, 3], axis=1,
           err='Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.')
    F.case("tile/rows", "tile", x, [2, 1])
    F.case("tile/cols", "tile", x, [1, 3])
    F.case("tile/rank3", "tile", f32(1, 2, 3), [2, 1, 2])
    F.case("tile/int32", "tile", i32(3), [2])
    F.case("tile/zero", "tile", x, [0, 2])
    F.case("tile/error_len", "tile", x, [2],
           err='Expected multiples argument to be a vector of length 2 but got length 1 [Op:Tile]')
    p = [[1, 1], [2, 0]]
    F.case("pad/constant", "pad", x, p)
    F.case("pad/constant_value", "pad", x, p, constant_values=5.0)
    F.case("pad/reflect", "pad", f32(3, 4), [[1, 2], [2, 1]], mode="REFLECT")
    F.case("pad/symmetric", "pad", f32(3, 4), [[2, 1], [0, 3]], mode="SYMMETRIC")
    F.case("pad/lowercase_mode", "pad", f32(3, 4), [[1, 1], [1, 1]], mode="reflect")
    F.case("pad/int32", "pad", i32(2, 2), [[0, 1], [1, 0]])
    F.case("pad/tensor_paddings", "pad", x, np.array([[0, 1], [1, 0]], np.int64))
    F.case("pad/noncontig", "pad", T(f32(4, 5), nc=True), [[1, 0], [0, 1]])
    F.case("pad/error_reflect_too_big", "pad", x, [[2, 2], [0, 0]], mode="REFLECT",
           err='paddings must be less than the dimension size: 2, 2 not less than 2 [Op:MirrorPad]')
    F.case("pad/error_shape", "pad", x, [[1, 1]],
           err='The first dimension of paddings must be the rank of inputs[1,2] [2,3] [Op:Pad]')
    F.case("pad/error_negative", "pad", x, [[-1, 0], [0, 0]],
           err='Paddings must be non-negative: -1 0 [Op:Pad]')
    g = f32(4, 3)
    F.case("gather/axis0", "gather", g, np.array([2, 0, 2], np.int32))
    F.case("gather/indices_2d", "gather", g, np.array([[0, 1], [3, 3]], np.int32))
    F.case("gather/axis1", "gather", g, np.array([2, 0], np.int32), axis=1)
    F.case("gather/axis_neg1", "gather", g, [1], axis=-1)
    F.case("gather/scalar_index", "gather", g, 1)
    F.case("gather/int64_indices", "gather", g, np.array([3, 1], np.int64))
    F.case("gather/batch_dims", "gather", f32(2, 3, 4), np.array([[0, 2], [1, 1]], np.int32),
           axis=1, batch_dims=1)
    F.case("gather/batch_dims_neg", "gather", f32(2, 4), np.array([[3, 0], [1, 2]], np.int32),
           batch_dims=-1)
    F.case("gather/int32_params", "gather", i32(5), [4, 0])
    F.case("gather/strings", "gather", np.array(["a", "b", "c"]), [2, 0])
    F.case("gather/empty_indices", "gather", g, np.zeros((0,), np.int32))
    F.case("gather/noncontig", "gather", T(f32(4, 5), nc=True), [1, 3], axis=1)
    F.case("gather/error_out_of_range", "gather", g, np.array([1, 5], np.int32),
           err="indices[1] = 5 is not in [0, 4)")
    F.case("gather/error_negative", "gather", g, np.array([-1], np.int32),
           err="indices[0] = -1 is not in [0, 4)")
    F.case("gather/error_float_indices", "gather", g, np.array([1.0], np.float32),
           err="Value for attr 'Tindices' of float is not in the list of allowed values")
    F.case("gather_nd/elements", "gather_nd", g, np.array([[0, 1], [3, 2]], np.int32))
    F.case("gather_nd/rows", "gather_nd", g, np.array([[2], [0]], np.int32))
    F.case("gather_nd/batch_dims", "gather_nd", f32(2, 3, 4), np.array([[[1], [0]], [[2], [2]]], np.int32),
           batch_dims=1)
    # grad=False: TF's own gradient of a scalar gather_nd fails (ScatterNd rank check)
    F.case("gather_nd/scalar_result", "gather_nd", g, np.array([1, 1], np.int64), grad=False)
    F.case("gather_nd/error_range", "gather_nd", g, np.array([[4, 0]], np.int32),
           err='indices[0] = [4, 0] does not index into param shape [4,3]')
    F.case("scatter_nd/vector", "scatter_nd", np.array([[0], [2]], np.int32),
           np.array([5., 7.], np.float32), [4])
    F.case("scatter_nd/rows", "scatter_nd", np.array([[1], [0]], np.int32), f32(2, 3), [3, 3])
    F.case("scatter_nd/duplicates_sum", "scatter_nd", np.array([[1], [1], [0]], np.int32),
           np.array([1., 2., 4.], np.float32), [3])
    F.case("scatter_nd/int32", "scatter_nd", np.array([[0, 1]], np.int32), np.array([9], np.int32), [2, 2])
    F.case("scatter_nd/error_range", "scatter_nd", np.array([[5]], np.int32),
           np.array([1.], np.float32), [3], err='indices[0] = [5] does not index into shape [3] [Op:ScatterNd]')
    F.case("tensor_scatter_nd_update/elements", "tensor_scatter_nd_update", g,
           np.array([[0, 0], [3, 2]], np.int32), np.array([10., 20.], np.float32))
    F.case("tensor_scatter_nd_update/rows", "tensor_scatter_nd_update", g,
           np.array([[1], [2]], np.int32), f32(2, 3))
    F.case("tensor_scatter_nd_update/int32", "tensor_scatter_nd_update", i32(4),
           np.array([[1]], np.int32), np.array([100], np.int32))
    F.case("tensor_scatter_nd_update/error_range", "tensor_scatter_nd_update", g,
           np.array([[4, 0]], np.int32), np.array([1.], np.float32), err='indices[0] = [4, 0] does not index into shape [4,3] [Op:TensorScatterUpdate]')
    F.case("tensor_scatter_nd_add/elements", "tensor_scatter_nd_add", g,
           np.array([[0, 0], [0, 0]], np.int32), np.array([10., 20.], np.float32))
    m = np.array([True, False, True, True])
    F.case("boolean_mask/rows", "boolean_mask", g, m)
    F.case("boolean_mask/full_2d", "boolean_mask", g, bools(4, 3))
    F.case("boolean_mask/axis1", "boolean_mask", g, np.array([False, True, True]), axis=1)
    F.case("boolean_mask/python_list", "boolean_mask", i32(3), [True, False, True])
    F.case("boolean_mask/none", "boolean_mask", g, np.zeros(4, bool))
    F.case("boolean_mask/error_shape", "boolean_mask", g, np.array([True, False]),
           err='Shapes (4,) and (2,) are incompatible')
    F.case("slice/basic", "slice", f32(3, 4), [1, 0], [2, 3])
    F.case("slice/minus_one", "slice", f32(3, 4), [1, 1], [-1, -1])
    F.case("slice/rank3", "slice", f32(2, 3, 4), [0, 1, 2], [2, 1, 2])
    F.case("slice/empty", "slice", f32(3, 4), [1, 1], [0, 2])
    F.case("slice/error_range", "slice", f32(3, 4), [2, 0], [2, 4],
           err='Expected size[0] in [0, 1], but got 2 [Op:Slice]')
    h = f32(3, 4, 5)
    ss = "strided_slice"
    F.case(f"{ss}/basic", ss, h, [0, 1, 0], [2, 3, 5], [1, 1, 2])
    F.case(f"{ss}/negative_strides", ss, h, [-1, -1, -1], [-4, -5, -6], [-1, -2, -1])
    F.case(f"{ss}/begin_end_mask", ss, h, [1, 1, 1], [2, 2, 2], [1, 1, 1], begin_mask=5, end_mask=2)
    F.case(f"{ss}/shrink", ss, h, [1, 0, 2], [2, 4, 3], [1, 1, 1], shrink_axis_mask=5)
    F.case(f"{ss}/new_axis", ss, h, [0, 0, 1], [1, 2, 3], [1, 1, 1], new_axis_mask=1)
    F.case(f"{ss}/ellipsis", ss, h, [0, 1], [1, 3], [1, 1], ellipsis_mask=1)
    F.case(f"{ss}/ellipsis_shrink", ss, h, [0, 2], [0, 3], [1, 1], ellipsis_mask=1, shrink_axis_mask=2)
    F.case(f"{ss}/clamped", ss, f32(5), [-10], [10], [1])
    F.case(f"{ss}/default_strides", ss, f32(5), [1], [4])
    F.case(f"{ss}/int32", ss, i32(6), [4], [0], [-2])
    F.case(f"{ss}/error_stride_zero", ss, f32(5), [0], [3], [0],
           err='strides[0] must be non-zero [Op:StridedSlice]')
    gi = "operator.getitem"
    for tag, ix in [("int", 1), ("neg_int", -1), ("slice", slice(1, 3)),
                    ("reverse", slice(None, None, -1)), ("step2", slice(None, None, 2)),
                    ("col", (slice(None), 1)), ("ellipsis_last", (Ellipsis, 0)),
                    ("newaxis", None), ("newaxis_mid", (slice(None), None, slice(1, None))),
                    ("int_ellipsis_newaxis", (1, Ellipsis, None)),
                    ("mixed_steps", (slice(None, None, 2), slice(1, None, -1))),
                    ("clamped", slice(-10, 10)), ("neg_slice", slice(-2, None)),
                    ("empty_slice", slice(3, 1)), ("two_ints", (1, 2)), ("three_ints", (1, 2, 3)),
                    ("ellipsis_only", Ellipsis), ("ellipsis_middle", (0, Ellipsis, 1)),
                    ("tensor_int", np.int32(2)), ("tensor_int64", np.int64(1)),
                    ("full_slice", slice(None, None, None)),
                    ("newaxis_twice", (None, Ellipsis, None)),
                    ("rev_step_bounds", slice(3, 0, -2)), ("full_tuple", (slice(1, 2), slice(None), slice(0, 5, 3)))]:
        F.case(f"getitem/{tag}", gi, h, IX(ix))
    F.case("getitem/vector_int", gi, f32(5), IX(3))
    F.case("getitem/tensor_slice_bounds", gi, h, IX((slice(np.int32(1), np.int32(3)), slice(None, np.int32(-1)))))
    F.case("getitem/tensor_stop_only", gi, f32(5), IX(slice(None, np.int32(2))))
    F.case("getitem/noncontig", gi, T(f32(4, 5), nc=True), IX((slice(1, None), 2)))
    F.case("getitem/int32", gi, i32(4, 3), IX((slice(None, None, -1), 0)))
    F.case("getitem/strings", gi, np.array(["a", "b", "c"]), IX(slice(1, None)))
    F.case("getitem/scalar_newaxis", gi, np.float32(2.0), IX(None))
    F.case("getitem/bool_mask", gi, f32(4), IX(np.array([True, False, True, False])))
    F.case("getitem/error_out_of_range", gi, f32(3, 4), IX(5),
           err="slice index 5 of dimension 0 out of bounds")
    F.case("getitem/error_too_many", gi, f32(3), IX((0, 0)),
           err='Index out of range using input dim 1; input has only 1 dims [Op:StridedSlice]')
    F.case("getitem/error_list", gi, f32(3), [0, 1],
           err='Index out of range using input dim 1; input has only 1 dims [Op:StridedSlice]')
    idx = np.array([0, 2, -1, 5], np.int32)
    F.case("one_hot/basic", "one_hot", idx, 3)
    F.case("one_hot/values", "one_hot", idx, 3, on_value=5.0, off_value=-1.0)
    F.case("one_hot/axis0", "one_hot", idx, 4, axis=0)
    F.case("one_hot/dtype_f64", "one_hot", idx, 3, dtype=D("float64"))
    F.case("one_hot/int_values", "one_hot", idx, 3, on_value=1, off_value=0)
    F.case("one_hot/rank2", "one_hot", np.array([[0, 1], [2, 0]], np.int64), 3)
    F.case("one_hot/python_list", "one_hot", [1, 0], 2)
    F.case("fill/int", "fill", [2, 3], 5)
    F.case("fill/float", "fill", [2, 1], 1.5)
    F.case("fill/tensor_value", "fill", np.array([3], np.int32), np.float64(2.0))
    F.case("fill/scalar", "fill", [], 7)
    F.case("fill/error_negative", "fill", [-1, 2], 1.0, err='Dimension -1 must be >= 0 [Op:Fill]')
    F.case("zeros/default", "zeros", [2, 3])
    F.case("zeros/int32", "zeros", [2], dtype=D("int32"))
    F.case("zeros/scalar", "zeros", [])
    F.case("zeros/tuple_shape", "zeros", (1, 2))
    F.case("zeros/bool", "zeros", [2], D("bool"))
    F.case("ones/default", "ones", [3])
    F.case("ones/f64", "ones", [2, 2], dtype=D("float64"))
    F.case("ones/tensorshape", "ones", S([2, 1]))
    F.case("ones/error_negative", "ones", [-1], err='Dimension -1 must be >= 0')
    F.case("ones_like/f32", "ones_like", x)
    F.case("ones_like/int32", "ones_like", i32(3))
    F.case("ones_like/bool", "ones_like", bools(2))
    F.case("ones_like/dtype", "ones_like", x, dtype=D("int64"))
    F.case("ones_like/python_list", "ones_like", [1.0, 2.0])
    F.case("zeros_like/f32", "zeros_like", x)
    F.case("zeros_like/strings", "zeros_like", np.array(["a", "b"]))
    F.case("range/limit", "range", 5)
    F.case("range/start_limit_delta", "range", 1, 10, 3)
    F.case("range/negative_delta", "range", 10, 1, -2)
    F.case("range/floats", "range", 0.0, 1.0, 0.25)
    F.case("range/int_start_float_delta", "range", 0, 2, 0.5)
    F.case("range/dtype", "range", 5, dtype=D("float32"))
    F.case("range/dtype_int64", "range", 3, dtype=D("int64"))
    F.case("range/error_empty", "range", 5, 1,
           err="Requires start <= limit when delta > 0: 5/1 [Op:Range]")
    F.case("range/tensor_limit", "range", np.int64(4))
    F.case("range/error_delta_zero", "range", 0, 5, 0, err="Requires delta != 0")
    F.case("linspace/basic", "linspace", 0.0, 1.0, 5)
    F.case("linspace/f64", "linspace", np.float64(-1.0), np.float64(1.0), 4)
    F.case("linspace/one", "linspace", 2.0, 3.0, 1)
    F.case("linspace/vector", "linspace", np.array([0., 1.], np.float32),
           np.array([1., 3.], np.float32), 3)
    F.case("linspace/vector_axis1", "linspace", np.array([0., 1.], np.float32),
           np.array([1., 3.], np.float32), 3, axis=1)
    F.case("linspace/math_alias", "linspace", 1.0, 0.0, 3)
    F.case("shape/basic", "shape", x)
    F.case("shape/int64", "shape", x, out_type=D("int64"))
    F.case("shape/scalar", "shape", np.float32(1))
    F.case("shape/empty", "shape", f32(0, 3))
    F.case("size/basic", "size", f32(2, 3, 4))
    F.case("size/int64", "size", x, out_type=D("int64"))
    F.case("rank/basic", "rank", f32(2, 3, 4))
    F.case("rank/scalar", "rank", np.float32(1))
    fl = np.array([-1.7, -0.5, 0.0, 0.5, 1.7, 2.5, 254.9], np.float32)
    F.case("cast/f32_to_int32", "cast", fl, D("int32"))
    F.case("cast/f32_to_int64", "cast", fl, D("int64"))
    F.case("cast/f32_to_bool", "cast", fl, D("bool"))
    F.case("cast/int_to_bool", "cast", np.array([0, 3, -1], np.int32), D("bool"))
    F.case("cast/bool_to_f32", "cast", np.array([True, False]), D("float32"))
    F.case("cast/f32_to_uint8", "cast", np.array([0., 1.9, 200.5, 255.], np.float32), D("uint8"))
    F.case("cast/int32_to_uint8_wraps", "cast", np.array([0, 255, 256, 300], np.int32), D("uint8"))
    F.case("cast/f64_to_f32", "cast", np.array([1/3, 1e-50, 1e300], np.float64), D("float32"))
    F.case("cast/int64_to_int32_wraps", "cast", np.array([2**31, 5], np.int64), D("int32"))
    F.case("cast/f32_to_f64_grad", "cast", f32(3), D("float64"))
    F.case("cast/f32_to_f16", "cast", f32(3), D("float16"))
    F.case("cast/string_dtype_name", "cast", np.array([1, 2], np.int32), "float32")
    F.case("cast/python_list", "cast", [1.7, -1.7], D("int32"))
    F.case("cast/noncontig", "cast", T(f32(4, 5), nc=True), D("int32"))
    F.case("cast/error_string", "cast", np.array(["1"]), D("int32"),
           err='Cast string to int32 is not supported [Op:Cast]')
    F.case("broadcast_to/vector", "broadcast_to", f32(3), [2, 3])
    F.case("broadcast_to/column", "broadcast_to", f32(3, 1), [2, 3, 4])
    F.case("broadcast_to/scalar", "broadcast_to", np.int32(7), [2, 2])
    F.case("broadcast_to/same", "broadcast_to", x, [2, 3])
    F.case("broadcast_to/error", "broadcast_to", f32(2), [3],
           err='Incompatible shapes: [2] vs. [3] [Op:BroadcastTo]')
    F.case("reverse/axis0", "reverse", x, [0])
    F.case("reverse/axis_neg1", "reverse", x, [-1])
    F.case("reverse/both", "reverse", f32(2, 3, 2), [0, 2])
    F.case("reverse/int32", "reverse", i32(4), [0])
    F.case("reverse/error_axis", "reverse", x, [2],
           err="'axis'[0] = 2 is out of valid range [0, 1 [Op:ReverseV2]")
    u = f32(3, 4)
    F.case("sort/default", "sort", u)
    F.case("sort/descending", "sort", u, direction="DESCENDING")
    F.case("sort/axis0", "sort", u, axis=0)
    F.case("sort/int32", "sort", np.array([3, 1, 2, 1], np.int32))
    F.case("sort/error_direction", "sort", u, direction="UP",
           err='Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction=UP')
    F.case("argsort/default", "argsort", u)
    F.case("argsort/descending_axis0", "argsort", u, axis=0, direction="DESCENDING")
    F.case("argsort/stable_ties", "argsort", np.array([3, 1, 2, 1, 3], np.int32), stable=True)
    F.case("top_k/default", "math.top_k", u)
    F.case("top_k/k2", "math.top_k", u, k=2)
    F.case("top_k/ties_int", "math.top_k", np.array([1, 3, 3, 2, 3], np.int32), k=3)
    F.case("top_k/nn_alias", "nn.top_k", f32(5), 2)
    F.case("top_k/error_k", "math.top_k", f32(3), k=4,
           err='input must have at least k columns. Had 3, needed 4 [Op:TopKV2]')
    F.case("unique/ints", "unique", np.array([1, 2, 1, 3, 2, 5], np.int32))
    F.case("unique/out_idx_int64", "unique", np.array([4., 4., 1.], np.float32), out_idx=D("int64"))
    F.case("unique/strings", "unique", np.array(["b", "a", "b"]))
    F.case("eye/square", "eye", 3)
    F.case("eye/rect", "eye", 2, 3)
    F.case("eye/batch", "eye", 2, batch_shape=[2])
    F.case("eye/int32", "eye", 2, dtype=D("int32"))
    F.case("eye/linalg_alias", "linalg.eye", 2)
    F.case("repeat/flat", "repeat", x, 2)
    F.case("repeat/axis0_list", "repeat", x, [1, 2], axis=0)
    F.case("repeat/axis1", "repeat", x, 2, axis=1)
    F.case("repeat/int32", "repeat", i32(3), np.array([0, 1, 2], np.int32), axis=0)
    F.case("roll/axis0", "roll", f32(4, 3), 1, 0)
    F.case("roll/two_axes", "roll", f32(4, 3), [1, -1], [0, 1])
    F.case("roll/wrap", "roll", f32(5), 7, 0)
    F.case("roll/same_axis_twice", "roll", f32(5), [1, 2], [0, 0])
    F.case("roll/int32", "roll", i32(5), -2, 0)
    F.case("identity/basic", "identity", x)
    F.case("stop_gradient/basic", "stop_gradient", x)
    F.case("zeros/error_float_shape", "zeros", [2.5],
           err='Cannot convert [2.5] to EagerTensor of dtype int32')


def fam_nn(F):
    x = f32(3, 4, lo=-4, hi=4)
    ext = np.array([-1e4, -20., -1., 0., 1., 20., 1e4], np.float32)
    for fn, extra in [("nn.relu", {}), ("nn.relu6", {}), ("nn.leaky_relu", {}),
                      ("nn.elu", {}), ("nn.selu", {}), ("nn.gelu", {}), ("nn.sigmoid", {}),
                      ("math.log_sigmoid", {}), ("nn.softplus", {}), ("nn.softsign", {}),
                      ("nn.silu", {})]:
        op = fn.split(".")[-1]
        F.case(f"{op}/f32", fn, x)
        F.case(f"{op}/f64", fn, f64(5, lo=-4, hi=4))
        F.case(f"{op}/empty", fn, f32(0, 2))
        F.case(f"{op}/noncontig", fn, T(f32(4, 5, lo=-4, hi=4), nc=True))
        F.case(f"{op}/extremes", fn, ext)
    F.case("relu/int32", "nn.relu", i32(6))
    F.case("relu6/int32", "nn.relu6", np.array([-3, 3, 9], np.int32))
    F.case("relu6/boundaries", "nn.relu6", np.array([-1., 0., 6., 7.], np.float32))
    F.case("relu/at_zero_grad", "nn.relu", np.array([-1., 0., 1.], np.float32))
    F.case("leaky_relu/alpha", "nn.leaky_relu", x, alpha=0.1)
    F.case("leaky_relu/alpha_gt1", "nn.leaky_relu", x, alpha=2.0)
    F.case("gelu/approximate", "nn.gelu", x, approximate=True)
    F.case("gelu/approximate_f64", "nn.gelu", f64(4), approximate=True)
    F.case("gelu/approximate_extremes", "nn.gelu", ext, approximate=True)
    F.case("tanh/math", "math.tanh", x)
    F.case("tanh/nn_alias", "nn.tanh", x)
    for fn in ("nn.softmax", "nn.log_softmax"):
        op = fn.split(".")[-1]
        F.case(f"{op}/default", fn, x)
        F.case(f"{op}/axis0", fn, x, axis=0)
        F.case(f"{op}/rank3_axis1", fn, f32(2, 3, 4), axis=1)
        F.case(f"{op}/vector", fn, f32(5))
        F.case(f"{op}/f64", fn, f64(2, 3))
        F.case(f"{op}/extremes", fn, np.array([[1e4, 0., -1e4], [-1e4, -1e4, -1e4],
                                                [1e4, 1e4, 0.]], np.float32))
        F.case(f"{op}/noncontig", fn, T(f32(4, 5), nc=True))
        F.case(f"{op}/empty", fn, f32(0, 3))
        F.case(f"{op}/math_alias", "math." + op, f32(2, 3))
        F.case(f"{op}/error_int", fn, i32(3),
               err="Value for attr 'T' of int32 is not in the list of allowed values")
    F.case("softmax/neg_inf", "nn.softmax", np.array([0., -np.inf, 1.], np.float32), grad=False)
    sce = "nn.softmax_cross_entropy_with_logits"
    lab = rng.dirichlet(np.ones(4), 3).astype(np.float32)
    F.case("softmax_ce/basic", sce, labels=lab, logits=f32(3, 4))
    F.case("softmax_ce/one_hot", sce, labels=np.eye(4, dtype=np.float32)[[1, 3, 0]], logits=f32(3, 4))
    F.case("softmax_ce/axis0", sce, labels=lab.T.copy(), logits=f32(4, 3), axis=0)
    F.case("softmax_ce/f64", sce, labels=lab.astype(np.float64), logits=f64(3, 4))
    F.case("softmax_ce/extremes", sce, labels=np.eye(3, dtype=np.float32),
           logits=np.array([[1e4, 0., -1e4], [1e4, 0., -1e4], [-1e4, -1e4, 1e4]], np.float32))
    F.case("softmax_ce/rank3", sce, labels=rng.dirichlet(np.ones(3), (2, 2)).astype(np.float32),
           logits=f32(2, 2, 3))
    F.case("softmax_ce/vector", sce, labels=lab[0], logits=f32(4))
    F.case("softmax_ce/error_shapes", sce, labels=lab, logits=f32(3, 5),
           err='logits and labels must be broadcastable: logits_size=[3,5] labels_size=[3,4] [Op:SoftmaxCrossEntropyWithLogits]')
    ssce = "nn.sparse_softmax_cross_entropy_with_logits"
    F.case("sparse_softmax_ce/basic", ssce, labels=np.array([1, 3, 0], np.int32), logits=f32(3, 4))
    F.case("sparse_softmax_ce/int64", ssce, labels=np.array([2, 0], np.int64), logits=f32(2, 4))
    F.case("sparse_softmax_ce/rank2_labels", ssce, labels=np.array([[0, 1], [2, 2]], np.int32),
           logits=f32(2, 2, 3))
    F.case("sparse_softmax_ce/f64", ssce, labels=np.array([1, 0], np.int32), logits=f64(2, 3))
    F.case("sparse_softmax_ce/extremes", ssce, labels=np.array([0, 2], np.int32),
           logits=np.array([[1e4, 0., -1e4], [1e4, 0., -1e4]], np.float32))
    F.case("sparse_softmax_ce/error_label_range", ssce, labels=np.array([0, 5], np.int32),
           logits=f32(2, 4), err="Received a label value of 5 which is outside the valid range of [0, 4)")
    F.case("sparse_softmax_ce/error_negative_label", ssce, labels=np.array([-1, 0], np.int32),
           logits=f32(2, 4), err="Received a label value of -1 which is outside the valid range of [0, 4)")
    F.case("sparse_softmax_ce/error_rank", ssce, labels=np.array([0, 1, 2], np.int32),
           logits=f32(2, 4), err='`labels.shape` must equal `logits.shape` except for the last dimension. Received: labels.shape=(3,) and logits.shape=(2, 4)')
    sig = "nn.sigmoid_cross_entropy_with_logits"
    F.case("sigmoid_ce/basic", sig, labels=f32(3, 4, lo=0, hi=1), logits=f32(3, 4))
    F.case("sigmoid_ce/extremes", sig, labels=np.array([0., 1., 0., 1.], np.float32),
           logits=np.array([1e4, 1e4, -1e4, -1e4], np.float32))
    F.case("sigmoid_ce/f64", sig, labels=f64(3, lo=0, hi=1), logits=f64(3))
    F.case("sigmoid_ce/error_shapes", sig, labels=f32(3), logits=f32(4),
           err='`logits` and `labels` must have the same shape, received ((4,) vs (3,)).')
    F.case("l2_loss/f32", "nn.l2_loss", f32(3, 4))
    F.case("l2_loss/f64", "nn.l2_loss", f64(5))
    F.case("l2_loss/scalar", "nn.l2_loss", np.float32(3.0))
    F.case("l2_loss/empty", "nn.l2_loss", f32(0, 3))
    F.case("bias_add/2d", "nn.bias_add", f32(2, 3), f32(3))
    F.case("bias_add/nhwc", "nn.bias_add", f32(2, 2, 2, 3), f32(3))
    F.case("bias_add/nchw", "nn.bias_add", f32(2, 3, 2, 2), f32(3), data_format="NCHW")
    F.case("bias_add/int32", "nn.bias_add", i32(2, 3), i32(3))
    F.case("bias_add/f64", "nn.bias_add", f64(2, 3), f64(3))
    F.case("bias_add/error_size", "nn.bias_add", f32(2, 3), f32(4),
           err='Must provide as many biases as the last dimension of the input tensor: [4] vs. [2,3] [Op:BiasAdd]')
    F.case("bias_add/error_rank", "nn.bias_add", f32(2, 3), f32(1, 3),
           err='Biases must be 1D: [1,3] [Op:BiasAdd]')
    F.case("moments/axis0", "nn.moments", f32(4, 3), axes=[0])
    F.case("moments/axes01", "nn.moments", f32(2, 3, 4), axes=[0, 1])
    F.case("moments/keepdims", "nn.moments", f32(2, 3, 4), axes=[0, 2], keepdims=True)
    F.case("moments/f64", "nn.moments", f64(5), [0])
    F.case("moments/neg_axis", "nn.moments", f32(3, 4), axes=[-1])
    F.case("l2_normalize/default", "nn.l2_normalize", f32(3, 4))
    F.case("l2_normalize/axis0", "nn.l2_normalize", f32(3, 4), axis=0)
    F.case("l2_normalize/axes", "nn.l2_normalize", f32(2, 3), axis=[0, 1])
    F.case("l2_normalize/zeros", "nn.l2_normalize", np.zeros((2, 3), np.float32), axis=1)
    F.case("l2_normalize/epsilon", "nn.l2_normalize", np.array([1e-4, 0.], np.float32),
           epsilon=1e-4)
    F.case("l2_normalize/f64", "nn.l2_normalize", f64(4))
    F.case("l2_normalize/math_alias", "math.l2_normalize", f32(3))


PRINTING = [
    ("scalar_f32", "tf.constant(1.5)"), ("scalar_f32_int_valued", "tf.constant(2.)"),
    ("scalar_f32_third", "tf.constant(1/3)"), ("scalar_f64", "tf.constant(1/3, dtype=tf.float64)"),
    ("scalar_int32", "tf.constant(7)"), ("scalar_int64", "tf.constant(7, dtype=tf.int64)"),
    ("scalar_bool", "tf.constant(True)"), ("scalar_string", "tf.constant('hello')"),
    ("scalar_uint8", "tf.constant(200, dtype=tf.uint8)"),
    ("scalar_f16", "tf.constant(0.1, dtype=tf.float16)"),
    ("scalar_nan", "tf.constant(float('nan'))"), ("scalar_inf", "tf.constant(-float('inf'))"),
    # tf.constant(-0.0) is left out: TF's eager cache of scalar constants hands back an earlier 0.0
    # (0.0 == -0.0), so what it prints depends on the program's history.
    ("vector_negative_zero", "tf.constant([-0.0, 1.0])"), ("scalar_big", "tf.constant(1e20)"),
    ("scalar_small", "tf.constant(1e-8)"),
    ("vector_f32", "tf.constant([1., 2., 3.])"), ("vector_f32_fractions", "tf.constant([0.5, 1.25, -3.])"),
    ("vector_int32", "tf.constant([1, 2, 3])"), ("vector_int64", "tf.constant([1, 2], dtype=tf.int64)"),
    ("vector_bool", "tf.constant([True, False])"), ("vector_strings", "tf.constant(['a', 'bc'])"),
    ("vector_f64", "tf.constant([1.5, 2.], dtype=tf.float64)"),
    ("vector_mixed_magnitudes", "tf.constant([1e-5, 1., 1e5])"),
    ("vector_nan_inf", "tf.constant([float('nan'), float('inf'), 1.])"),
    ("matrix_f32", "tf.constant([[1., 2.], [3., 4.]])"),
    ("matrix_int32", "tf.constant([[1, 2, 3], [4, 5, 6]])"),
    ("matrix_negative", "tf.constant([[-1.5, 2.], [3., -4.25]])"),
    ("rank3", "tf.reshape(tf.range(12), [2, 3, 2])"),
    ("rank3_f32", "tf.reshape(tf.range(8, dtype=tf.float32), [2, 2, 2]) / 3"),
    ("large_vector", "tf.range(2000)"), ("large_vector_f32", "tf.range(1500, dtype=tf.float32)"),
    ("large_matrix", "tf.reshape(tf.range(40 * 40), [40, 40])"),
    ("wide_vector", "tf.range(30, dtype=tf.float32) / 7"),
    ("empty_vector", "tf.constant([], dtype=tf.float32)"), ("empty_matrix", "tf.zeros([0, 3])"),
    ("empty_int", "tf.zeros([2, 0], dtype=tf.int32)"),
    ("bool_matrix", "tf.constant([[True, False], [False, True]])"),
    ("strings_matrix", "tf.constant([['a', 'b'], ['c', 'd']])"),
    ("string_bytes", "tf.constant(b'\\x00\\xff')"),
    ("result_of_op", "tf.constant([1., 2.]) * 3"),
    ("variable", "tf.Variable([1., 2.])"), ("variable_scalar", "tf.Variable(3)"),
    ("variable_named", "tf.Variable([[1., 2.]], name='w')"),
    ("variable_f64", "tf.Variable(1.5, dtype=tf.float64, name='v')"),
    ("variable_bool", "tf.Variable([True])"),
    ("variable_not_trainable", "tf.Variable(0, trainable=False, name='step')"),
    ("variable_in_name_scope",
     "with tf.name_scope('outer'):\n    result = tf.Variable([1., 2.], name='v')"),
    ("variable_nested_name_scope",
     "with tf.name_scope('a'):\n    with tf.name_scope('b'):\n        result = tf.Variable(1., name='v')"),
    ("variable_large", "tf.Variable(tf.zeros([1200]))"),
    ("shape", "tf.constant([[1, 2]]).shape"), ("shape_scalar", "tf.constant(1).shape"),
    ("tensorshape_unknown", "tf.TensorShape([None, 3])"), ("tensorshape_none", "tf.TensorShape(None)"),
    ("dtype", "tf.float32"), ("dtype_int64", "tf.int64"), ("dtype_string", "tf.string"),
    ("tuple_of_tensors", "(tf.constant(1), tf.constant([2.]))"),
    ("list_of_tensors", "[tf.constant([1, 2]), tf.constant(True)]"),
    ("format_tensor", "'{}'.format(tf.constant([1., 2.]))"),
    ("fstring_scalar", "f'{tf.constant(2.5)}'"),
    ("numpy_method", "tf.constant([[1., 2.]]).numpy()"),
    ("numpy_scalar", "tf.constant(3.5).numpy()"),
]

CONVERT = [
    # (id, code, error fragment or None)
    ("constant/python_int", "tf.constant(1)", None),
    ("constant/python_float", "tf.constant(1.5)", None),
    ("constant/python_bool", "tf.constant(True)", None),
    ("constant/python_str", "tf.constant('a')", None),
    ("constant/python_bytes", "tf.constant(b'a')", None),
    ("constant/big_int_int64", "tf.constant(2**40)", None),
    ("constant/too_big_int", "tf.constant(2**70)", "Can't convert Python sequence with out-of-range integer to Tensor."),
    ("constant/mixed_list", "tf.constant([1, 2.5])", None),
    ("constant/bool_int_list", "tf.constant([True, 2])", "Can't convert Python sequence with mixed types to Tensor."),
    ("constant/nested_list", "tf.constant([[1, 2], [3, 4]])", None),
    ("constant/ragged_list", "tf.constant([[1, 2], [3]])", "Can't convert non-rectangular Python sequence to Tensor."),
    ("constant/empty_list", "tf.constant([])", None),
    ("constant/numpy_f64", "tf.constant(np.array([1., 2.]))", None),
    ("constant/numpy_int64", "tf.constant(np.array([1, 2]))", None),
    ("constant/numpy_f16", "tf.constant(np.array([1., 2.], np.float16))", None),
    ("constant/numpy_uint8", "tf.constant(np.array([1, 2], np.uint8))", None),
    ("constant/numpy_scalar_f64", "tf.constant(np.float64(1.5))", None),
    ("constant/numpy_scalar_int64", "tf.constant(np.int64(3))", None),
    ("constant/numpy_scalar_f32", "tf.constant(np.float32(1.5))", None),
    ("constant/numpy_bool", "tf.constant(np.array([True]))", None),
    ("constant/numpy_str", "tf.constant(np.array(['ab', 'c']))", None),
    ("constant/dtype_float_from_int", "tf.constant(1, dtype=tf.float32)", None),
    ("constant/dtype_int_from_float", "tf.constant(1.5, dtype=tf.int32)", 'Cannot convert 1.5 to EagerTensor of dtype int32'),
    ("constant/dtype_int_from_float_list", "tf.constant([1., 2.], dtype=tf.int32)", 'Cannot convert [1.0, 2.0] to EagerTensor of dtype int32'),
    ("constant/dtype_f64_list", "tf.constant([1, 2], dtype=tf.float64)", None),
    ("constant/dtype_string_name", "tf.constant([1, 2], dtype='float32')", None),
    ("constant/dtype_numpy_type", "tf.constant([1, 2], dtype=np.float64)", None),
    ("constant/dtype_uint8_negative", "tf.constant(-1, dtype=tf.uint8)", None),
    ("constant/dtype_int32_overflow", "tf.constant(2**31, dtype=tf.int32)", None),
    ("constant/numpy_f64_to_f32", "tf.constant(np.array([1.5, 2.]), dtype=tf.float32)", None),
    ("constant/numpy_float_to_int", "tf.constant(np.array([1.5]), dtype=tf.int32)", None),
    ("constant/shape_fill", "tf.constant(0., shape=[2, 3])", None),
    ("constant/shape_reshape", "tf.constant([1, 2, 3, 4], shape=[2, 2])", None),
    ("constant/shape_mismatch", "tf.constant([1, 2, 3], shape=[2, 2])", 'has 3 elements, but got `shape` (2, 2) with 4 elements'),
    ("constant/from_tensor", "tf.constant(tf.constant([1, 2]))", None),
    ("constant/from_tensor_cast", "tf.constant(tf.constant([1, 2]), dtype=tf.float32)", 'Expected tensor [1 2] with dtype tf.float32, but got dtype tf.int32.'),
    ("convert/list_of_tensors", "tf.convert_to_tensor([tf.constant(1.), tf.constant(2.)])", None),
    ("convert/list_mixed_tensors", "tf.convert_to_tensor([tf.constant([1.]), [2.]])", None),
    ("constant/none", "tf.constant(None)", "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor."),
    ("constant/tuple", "tf.constant((1, 2))", None),
    ("convert/int", "tf.convert_to_tensor(3)", None),
    ("convert/float_dtype_f64", "tf.convert_to_tensor(1.5, dtype=tf.float64)", None),
    ("convert/int_to_float_dtype", "tf.convert_to_tensor(1, dtype=tf.float32)", None),
    ("convert/float_to_int_dtype", "tf.convert_to_tensor(1.5, dtype=tf.int32)", 'Cannot convert 1.5 to EagerTensor of dtype int32'),
    ("convert/tensor_same", "tf.convert_to_tensor(tf.constant([1.]))", None),
    ("convert/tensor_wrong_dtype", "tf.convert_to_tensor(tf.constant([1]), dtype=tf.float32)", 'Tensor conversion requested dtype float32 for Tensor with dtype int32'),
    ("convert/dtype_hint", "tf.convert_to_tensor(1, dtype_hint=tf.float32)", None),
    ("convert/dtype_hint_not_applicable", "tf.convert_to_tensor(1.5, dtype_hint=tf.int32)", None),
    ("convert/numpy_f64_to_f32", "tf.convert_to_tensor(np.array([1.5]), dtype=tf.float32)", None),
    ("convert/numpy_int64", "tf.convert_to_tensor(np.arange(3))", None),
    ("convert/list_dtype", "tf.convert_to_tensor([1, 2], dtype=tf.int64)", None),
    ("convert/variable", "tf.convert_to_tensor(tf.Variable([1., 2.]))", None),
    ("convert/string", "tf.convert_to_tensor('x')", None),
    ("convert/none", "tf.convert_to_tensor(None)", "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor."),
    ("convert/object", "tf.convert_to_tensor(object())", "with an unsupported type (<class 'object'>) to a Tensor."),
    ("op/f32_plus_python_int", "tf.constant([1., 2.]) + 1", None),
    ("op/f64_times_python_float", "tf.constant([1., 2.], tf.float64) * 2.5", None),
    ("op/int_plus_python_float", "tf.constant(1) + 0.5", 'cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor [Op:AddV2]'),
    ("op/int_plus_python_int_float_valued", "tf.constant(1) + 2.0", 'cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor [Op:AddV2]'),
    ("op/int64_plus_python_int", "tf.constant([1], tf.int64) + 2", None),
    ("op/int32_plus_big_python_int", "tf.constant([1]) + 2**40", None),
    ("op/uint8_plus_negative_python", "tf.constant([1], tf.uint8) + -1", None),
    ("op/f16_plus_python_float", "tf.constant([1.], tf.float16) + 0.1", None),
    ("op/python_float_plus_f64", "2.5 + tf.constant([1.], tf.float64)", None),
    ("op/python_float_minus_int", "2.5 - tf.constant([1])", 'Cannot convert 2.5 to EagerTensor of dtype int32'),
    ("op/f32_plus_numpy_f64_array", "tf.constant([1., 2.]) + np.array([0.5, 1.5])", None),
    ("op/numpy_f64_array_plus_f32", "np.array([0.5, 1.5]) + tf.constant([1., 2.])", None),
    ("op/f32_plus_numpy_f64_scalar", "tf.constant([1., 2.]) + np.float64(0.5)", None),
    ("op/numpy_f64_scalar_times_f32", "np.float64(2.0) * tf.constant([1., 2.])", None),
    ("op/numpy_f32_scalar_times_f32", "np.float32(2.0) * tf.constant([1., 2.])", None),
    ("op/f32_plus_numpy_int_array", "tf.constant([1., 2.]) + np.array([1, 2])", None),
    ("op/int32_plus_numpy_int64_array", "tf.constant([1, 2]) + np.array([1, 2])", None),
    ("op/int32_plus_numpy_float_array", "tf.constant([1, 2]) + np.array([1.5, 2.])", None),
    ("op/int32_plus_numpy_int64_scalar", "tf.constant([1, 2]) + np.int64(3)", None),
    ("op/f32_plus_list", "tf.constant([1., 2.]) + [1, 2]", None),
    ("op/int32_plus_float_list", "tf.constant([1, 2]) + [1.5, 2.]", 'cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor [Op:AddV2]'),
    ("op/int32_plus_f32_tensor", "tf.constant([1, 2]) + tf.constant([1., 2.])", "[Op:AddV2]"),
    ("op/f32_plus_f64_tensor", "tf.constant([1.]) + tf.constant([1.], tf.float64)", "[Op:AddV2]"),
    ("op/int32_plus_int64_tensor", "tf.constant([1]) + tf.constant([1], tf.int64)", "[Op:AddV2]"),
    ("op/bool_plus_bool", "tf.constant(True) + tf.constant(False)", "Value for attr 'T' of bool is not in the list of allowed values"),
    ("op/f32_plus_string", "tf.constant(1.) + 'a'", 'cannot compute AddV2 as input #1(zero-based) was expected to be a float tensor but is a string tensor [Op:AddV2]'),
    ("op/f32_plus_none", "tf.constant(1.) + None", "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor."),
    ("op/variable_plus_python", "tf.Variable([1., 2.]) + 1", None),
    ("op/variable_plus_tensor", "tf.Variable([1, 2]) * tf.constant([3, 4])", None),
    ("op/variable_plus_variable", "tf.Variable(1.) + tf.Variable(2.)", None),
    ("op/python_int_truediv_int_tensor", "1 / tf.constant([2, 4])", None),
    ("op/int_tensor_pow_python_float", "tf.constant([2]) ** 0.5", 'Cannot convert 0.5 to EagerTensor of dtype int32'),
    ("op/f32_pow_python_int", "tf.constant([2.]) ** 2", None),
    ("op/int64_floordiv_python", "tf.constant([7], tf.int64) // 2", None),
    ("op/bool_and_python_bool", "tf.constant([True, False]) & True", None),
    ("op/float_and", "tf.constant([1.]) & tf.constant([1.])", "Value for attr 'T' of float is not in the list of allowed values"),
    ("op/matmul_list", "tf.constant([[1., 2.]]) @ [[1.], [2.]]", None),
    ("func/add_list_and_python", "tf.add([1, 2], 1)", None),
    ("func/add_python_float_list_and_int", "tf.add([1.5], 1)", None),
    ("func/add_int_list_and_python_float", "tf.add([1], 1.5)", 'cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but is a float tensor [Op:AddV2]'),
    ("func/multiply_numpy_f64_and_f32_tensor", "tf.multiply(np.array([2.]), tf.constant([1.]))", None),
    ("func/maximum_f32_and_python", "tf.maximum(tf.constant([1.]), 0)", None),
    ("func/matmul_numpy_f64", "tf.matmul(np.ones((1, 2)), np.ones((2, 1)))", None),
    ("func/reduce_sum_list", "tf.reduce_sum([1, 2, 3])", None),
    ("func/reduce_mean_python_floats", "tf.reduce_mean([1., 2.])", None),
    ("func/concat_mixed", "tf.concat([tf.constant([1.]), [2.]], 0)", None),
    ("func/concat_mixed_int_float", "tf.concat([tf.constant([1.]), [2]], 0)", None),
    ("func/stack_numpy_f64_and_f32", "tf.stack([np.array(1.), tf.constant(2.)])", None),
    ("func/where_python", "tf.where([True, False], 1, 2)", None),
    ("func/cast_python_float", "tf.cast(1.9, tf.int32)", None),
    ("func/cast_python_list", "tf.cast([1, 2], tf.float32)", None),
    ("func/sqrt_python_int", "tf.sqrt(4)", "Value for attr 'T' of int32 is not in the list of allowed values"),
    ("func/sqrt_python_float", "tf.sqrt(4.)", None),
    ("func/exp_numpy_f64", "tf.exp(np.array([1.]))", None),
    ("func/square_python_int", "tf.square(3)", None),
    ("func/fill_numpy_f64", "tf.fill([2], np.float64(1.))", None),
    ("func/range_mixed", "tf.range(0, 1.5, 0.5)", None),
    ("func/range_numpy_int64", "tf.range(np.int64(3))", None),
    ("func/one_hot_float_indices", "tf.one_hot([1.], 2)", "Value for attr 'TI' of float is not in the list of allowed values"),
    ("func/reshape_float_shape", "tf.reshape(tf.constant([1, 2]), [2.])", "Value for attr 'Tshape' of float is not in the list of allowed values"),
    ("variable/int_then_assign_float", "v = tf.Variable(1)\nresult = v.assign(1.5)", 'Cannot convert 1.5 to EagerTensor of dtype int32'),
    ("variable/float_assign_int", "v = tf.Variable(1.)\nresult = v.assign(2)", None),
    ("variable/assign_add_numpy_f64", "v = tf.Variable([1., 2.])\nresult = v.assign_add(np.array([1., 1.]))", None),
    ("variable/dtype_f64_from_python", "tf.Variable(1., dtype=tf.float64).dtype", None),
    ("variable/numpy_f64_init", "tf.Variable(np.array([1., 2.])).dtype", None),
    ("variable/assign_wrong_shape", "v = tf.Variable([1., 2.])\nresult = v.assign([1., 2., 3.])", 'Shape mismatch.The variable shape (2,), and the assigned value shape (3,) are incompatible.'),
    ("dtype/as_dtype_name", "tf.as_dtype('float32')", None),
    ("dtype/as_dtype_numpy", "tf.as_dtype(np.int64)", None),
    ("dtype/properties", "(tf.float32.is_floating, tf.int32.is_integer, tf.bool.is_bool, tf.uint8.is_unsigned, tf.float32.size, tf.int64.max, tf.int8.min, tf.float16.max)", None),
    ("dtype/as_numpy", "tf.float64.as_numpy_dtype(1.5)", None),
    ("dtype/equality", "(tf.float32 == 'float32', tf.float32 == np.float32, tf.int32 == tf.int64)", None),
    ("dtype/bad_name", "tf.as_dtype('floatt32')", "Cannot convert the argument `type_value`: 'floatt32' to a TensorFlow DType."),
]


def fam_printing(F):
    for cid, code in PRINTING:
        F.build(cid, code, printing=True)


def fam_convert(F):
    for cid, code, err in CONVERT:
        F.build(cid, code, err=err)


FAMILIES = {"math": fam_math, "reductions": fam_reductions, "linalg": fam_linalg,
            "array": fam_array, "nn": fam_nn, "printing": fam_printing, "convert": fam_convert}


def main(names):
    names = names or list(FAMILIES)
    problems, bad, total = [], [], 0
    for name in names:
        F = Family(name)
        FAMILIES[name](F)
        problems += F.problems
        F.write()
        n, b = self_check(name)
        total += n
        bad += b
        print(f"{name}: {len(F.cases)} cases, {len(F.arrays)} arrays, "
              f"{(OUT_DIR / f'{name}.npz').stat().st_size // 1024} KiB npz")
    for p in problems:
        print("PROBLEM", p)
    for b in bad:
        print("SELF-CHECK FAILED", b)
    print(f"{total} cases written; {len(problems)} problems; {len(bad)} self-check failures")
    return 1 if problems or bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
