"""Writes tests/golden/complex_grads.npz: TF's gradients of real losses of complex intermediates.

Run with the TensorFlow reference environment (CI only reads the file):

    ~/tfref/bin/python tools/make_complex_golden.py

Each case is a Python expression `fn` over the case's inputs, evaluated with `tf` bound to the
module under test (TF here, numtf in tests/ops/test_complex_grads.py); `S(t)` turns any tensor
(complex or real) into a real scalar loss with fixed weights on its real and imaginary parts.
Stored per case: the inputs (`{name}/in{i}`), the loss (`{name}/loss`) and TF's gradient of the
loss with respect to each source input (`{name}/grad{i}`); "cases" (JSON) lists name, fn,
input dtypes/shapes, which inputs are sources, and whether TF's gradient equals the true one.

TF's convention for a complex source z = x + iy and real loss L: the gradient is dL/dx + i dL/dy.
This script checks that identity against TF itself with central differences (float64/complex128
cases): it holds for every case except those in QUIRKS, where TF's rule has no conjugate (or
drops a term) and numtf matches TF rather than the calculus; "true_grad" records the result.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "complex_grads.npz")

C, C64, F, F32 = "complex128", "complex64", "float64", "float32"
V, M2, B = [5], [3, 3], [2, 3, 3]
# name: (fn, [(dtype, shape, is_source), ...])
CASES = {
    "mul_of_complex_parts": ("lambda a, b: S(tf.complex(a, b) * tf.complex(a, b))", [(F, V, 1), (F, V, 1)]),
    "mul_of_complex_parts_f32": ("lambda a, b: S(tf.complex(a, b) * tf.complex(a, b))", [(F32, V, 1), (F32, V, 1)]),
    "mul": ("lambda z, w: S(z * w * z)", [(C, V, 1), (C, V, 1)]),
    "mul_broadcast": ("lambda z, w: S(z * w)", [(C, [2, 5], 1), (C, V, 1)]),
    "mul_c64": ("lambda z, w: S(z * w + z)", [(C64, V, 1), (C64, V, 1)]),
    "add_sub_neg": ("lambda z, w: S((z + w) * (z - w) - z * -w)", [(C, V, 1), (C, V, 1)]),
    "div": ("lambda z, w: S(z / (w + 2.0))", [(C, V, 1), (C, V, 1)]),
    "exp": ("lambda z: S(tf.exp(z))", [(C, V, 1)]),
    "log": ("lambda z: S(tf.math.log(z + 3.0))", [(C, V, 1)]),
    "sqrt": ("lambda z: S(tf.sqrt(z + 3.0))", [(C, V, 1)]),
    "rsqrt": ("lambda z: S(tf.math.rsqrt(z + 3.0))", [(C, V, 1)]),
    "square": ("lambda z: S(tf.square(z))", [(C, V, 1)]),
    "reciprocal": ("lambda z: S(tf.math.reciprocal(z + 2.0))", [(C, V, 1)]),
    "pow": ("lambda z, w: S(tf.pow(z + 3.0, w))", [(C, V, 1), (C, V, 1)]),
    "pow_scalar": ("lambda z: S(tf.pow(z, tf.constant(3 + 0j, z.dtype)))", [(C, V, 1)]),
    "tanh": ("lambda z: S(tf.tanh(z))", [(C, V, 1)]),
    "sigmoid": ("lambda z: S(tf.sigmoid(z))", [(C, V, 1)]),
    "sin_cos_tan": ("lambda z: S(tf.sin(z) + tf.cos(z) * 2.0 + tf.tan(z * 0.3))", [(C, V, 1)]),
    "hyperbolic": ("lambda z: S(tf.sinh(z) + tf.cosh(z) * 0.5 + tf.asinh(z) + tf.acosh(z + 3.0) "
                   "+ tf.atanh(z * 0.3))", [(C, V, 1)]),
    "inverse_trig": ("lambda z: S(tf.asin(z * 0.3) + tf.acos(z * 0.3) * 2.0 + tf.atan(z * 0.3))", [(C, V, 1)]),
    "expm1_log1p": ("lambda z: S(tf.math.expm1(z) + tf.math.log1p(z + 3.0))", [(C, V, 1)]),
    "abs": ("lambda z: S(tf.abs(z))", [(C, V, 1)]),
    "abs_c64": ("lambda z: S(tf.abs(z * z))", [(C64, V, 1)]),
    "angle": ("lambda z: S(tf.math.angle(z))", [(C, V, 1)]),
    "sign": ("lambda z: S(tf.sign(z))", [(C, V, 1)]),
    "conj": ("lambda z: S(tf.math.conj(z) * z * z)", [(C, V, 1)]),
    "real_imag": ("lambda z: S(tf.math.real(z) * tf.math.imag(z) + tf.math.real(z * z))", [(C, V, 1)]),
    "complex_of_abs": ("lambda a, b: S(tf.abs(tf.complex(a, b)) + tf.math.angle(tf.complex(b, a)))",
                       [(F, V, 1), (F, V, 1)]),
    "matmul": ("lambda a, b: S(tf.matmul(a, b))", [(C, [2, 3], 1), (C, [3, 4], 1)]),
    "matmul_transpose": ("lambda a, b: S(tf.matmul(a, b, transpose_a=True, transpose_b=True))",
                         [(C, [3, 2], 1), (C, [4, 3], 1)]),
    "matmul_adjoint": ("lambda a, b: S(tf.matmul(a, b, adjoint_a=True) + tf.matmul(a, b, transpose_a=True))",
                       [(C, M2, 1), (C, M2, 1)]),
    "matmul_batch_broadcast": ("lambda a, b: S(tf.matmul(a, b, adjoint_b=True))", [(C, B, 1), (C, M2, 1)]),
    "matmul_c64": ("lambda a, b: S(tf.matmul(a, b))", [(C64, [2, 3], 1), (C64, [3, 4], 1)]),
    "einsum": ("lambda a, b: S(tf.einsum('bij,jk->bik', a, b) + tf.einsum('bii->b', a)[:, None, None])",
               [(C, B, 1), (C, M2, 1)]),
    "tensordot_matvec": ("lambda a, b: S(tf.tensordot(a, b, 1)) + S(tf.linalg.matvec(a, b, adjoint_a=True))",
                         [(C, M2, 1), (C, [3], 1)]),
    "reduce_sum_mean": ("lambda z: S(tf.reduce_sum(z * z, 0)) + S(tf.reduce_mean(tf.exp(z), 1))", [(C, [4, 3], 1)]),
    "reduce_prod": ("lambda z: S(tf.reduce_prod(z, 0)) + S(tf.reduce_prod(z))", [(C, [4, 3], 1)]),
    "cumsum": ("lambda z: S(tf.cumsum(z * z, 1, reverse=True))", [(C, [4, 3], 1)]),
    "cumprod": ("lambda z: S(tf.math.cumprod(z, 1))", [(C, [4, 3], 1)]),
    "squared_difference": ("lambda z, w: S(tf.math.squared_difference(z, w))", [(C, V, 1), (C, V, 1)]),
    "div_no_nan": ("lambda z, w: S(tf.math.divide_no_nan(z, w))", [(C, V, 1), (C, V, 1)]),
    "mul_no_nan": ("lambda z, w: S(tf.math.multiply_no_nan(z, w))", [(C, V, 1), (C, V, 1)]),
    "xlogy_xdivy": ("lambda z, w: S(tf.math.xlogy(z, w + 3.0) + tf.math.xdivy(z, w + 3.0))",
                    [(C, V, 1), (C, V, 1)]),
    "cast": ("lambda z, a: S(tf.cast(z * z, tf.float64)) + tf.cast(S(tf.cast(tf.cast(a, z.dtype) * z, tf.complex64)), "
             "tf.float64)",
             [(C, V, 1), (F, V, 1)]),
    "array_ops": ("lambda z: S(tf.concat([tf.transpose(z), tf.reshape(z * z, [3, 4])], 0)) "
                  "+ S(tf.gather(tf.exp(z), [2, 0, 2])) + S(tf.stack([z, tf.tile(z[:1], [4, 1])]) ** 2) "
                  "+ S(tf.where(tf.constant([[True, False, True]] * 4), z, tf.sqrt(z + 3.0)))",
                  [(C, [4, 3], 1)]),
    "pad_slice": ("lambda z: S(tf.pad(z * z, [[1, 0], [0, 2]])[1:, 1:4] * tf.transpose(z, conjugate=True)[0])",
                  [(C, [3, 3], 1)]),
    "norms": ("lambda z: S(tf.nn.l2_normalize(z, 1)) + S(tf.math.reduce_euclidean_norm(z, 0)) "
              "+ S(tf.norm(z, ord=1)) + S(tf.math.reduce_variance(z, 1)) + S(tf.math.reduce_std(z))",
              [(C, [4, 3], 1)]),
    "det": ("lambda a: S(tf.linalg.det(a + tf.eye(3, dtype=a.dtype) * 3.0))", [(C, M2, 1)]),
    "inv": ("lambda a: S(tf.linalg.inv(a + tf.eye(3, dtype=a.dtype) * 3.0))", [(C, M2, 1)]),
    "solve": ("lambda a, b: S(tf.linalg.solve(a + tf.eye(3, dtype=a.dtype) * 3.0, b)) "
              "+ S(tf.linalg.triangular_solve(a + tf.eye(3, dtype=a.dtype) * 3.0, b, adjoint=True))",
              [(C, M2, 1), (C, [3, 2], 1)]),
    "cholesky": ("lambda a: S(tf.linalg.cholesky(tf.matmul(a, a, adjoint_b=True) + tf.eye(3, dtype=a.dtype)))",
                 [(C, M2, 1)]),
    "slogdet": ("lambda a: S(tf.linalg.slogdet(a + tf.eye(3, dtype=a.dtype) * 3.0)[1])", [(C, M2, 1)]),
    "add_n_mixed_sources": ("lambda z, a: S(tf.add_n([z, z * tf.cast(a, z.dtype), tf.exp(z)]))",
                            [(C, V, 1), (F, V, 1)]),
}
# TF's rules for these are not the true gradient for complex inputs (no conjugate, or dropped
# terms): numtf matches TF. The generator asserts exactly these fail the identity.
QUIRKS = {"cumprod", "squared_difference", "mul_no_nan", "xlogy_xdivy", "det", "slogdet", "norms"}


def loss_helper(tf):
    """S(t): a real scalar from a tensor of any float/complex dtype (fixed weights per element)."""
    def S(t):
        shape = [int(d) for d in t.shape]
        n = int(np.prod(shape))
        re, im = tf.math.real(t), tf.math.imag(t)
        w1 = np.cos(np.arange(n) * 1.3 + 0.2).reshape(shape)
        w2 = np.sin(np.arange(n) * 0.7 - 0.4).reshape(shape)
        return (tf.reduce_sum(re * tf.constant(w1, re.dtype)) +
                tf.reduce_sum(im * tf.constant(w2, im.dtype)))
    return S


def make_inputs(specs, rng):
    out = []
    for dtype, shape, _ in specs:
        v = rng.standard_normal(shape) * 0.8
        if dtype.startswith("complex"):
            v = v + 1j * rng.standard_normal(shape) * 0.8
        out.append(v.astype(dtype))
    return out


def evaluate(tf, fn_src, inputs, sources):
    """(loss, gradients of the source inputs) of one case under module `tf`."""
    fn = eval(fn_src, {"tf": tf, "S": loss_helper(tf), "np": np})  # noqa: S307 - our own case table
    ts = [tf.constant(v) for v in inputs]
    with tf.GradientTape() as tape:
        tape.watch([ts[i] for i in sources])
        loss = fn(*ts)
    grads = tape.gradient(loss, [ts[i] for i in sources])
    return loss.numpy(), [g.numpy() for g in grads]


def true_gradient(tf, fn_src, inputs, i, eps=1e-6):
    """dL/dx + i dL/dy for input i by central differences (dL/dx alone for a real input)."""
    fn = eval(fn_src, {"tf": tf, "S": loss_helper(tf), "np": np})  # noqa: S307

    def loss(vals):
        return float(fn(*[tf.constant(v) for v in vals]).numpy())
    x = inputs[i]
    g = np.zeros(x.shape, np.complex128 if x.dtype.kind == "c" else np.float64)
    steps = [1, 1j] if x.dtype.kind == "c" else [1]
    for j in range(x.size):
        for s in steps:
            vals = [v.copy() for v in inputs]
            flat = vals[i].reshape(-1)
            flat[j] += s * eps
            up = loss(vals)
            flat[j] -= 2 * s * eps
            down = loss(vals)
            g.reshape(-1)[j] += (up - down) / (2 * eps) * s
    return g


def main():
    import tensorflow as tf
    rng = np.random.default_rng(7)
    arrays, cases = {}, []
    for name, (fn, specs) in CASES.items():
        inputs = make_inputs(specs, rng)
        sources = [i for i, s in enumerate(specs) if s[2]]
        print(name, flush=True)
        loss, grads = evaluate(tf, fn, inputs, sources)
        # Only double precision end to end is checked against central differences.
        exact = all(s[0] in (C, F) for s in specs) and "complex64" not in fn and "float32" not in fn
        true_grad = None
        if exact:
            true_grad = all(np.allclose(g, true_gradient(tf, fn, inputs, i), rtol=1e-6, atol=1e-6)
                            for i, g in zip(sources, grads))
            assert true_grad == (name not in QUIRKS), f"{name}: identity {'holds' if true_grad else 'fails'}"
        for i, v in enumerate(inputs):
            arrays[f"{name}/in{i}"] = v
        for i, g in zip(sources, grads):
            arrays[f"{name}/grad{i}"] = g
        arrays[f"{name}/loss"] = np.asarray(loss)
        cases.append({"name": name, "fn": fn, "dtypes": [s[0] for s in specs], "sources": sources,
                      "true_grad": true_grad})
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}: {len(cases)} cases; TF's gradient is the true one for "
          f"{sum(bool(c['true_grad']) for c in cases)}, not for {sorted(QUIRKS)}")


if __name__ == "__main__":
    main()
