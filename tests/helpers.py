"""Shared test helpers: float64 finite-difference gradient checks and graph shape-rule checks."""
import numpy as np

import numtf as tf
from numtf.graph.graph import Graph, run


def numeric_grad(f, xs, eps=1e-6):
    """Central differences of sum(f(*xs) * w) for a fixed random w, per input array."""
    grads = []
    for i, x in enumerate(xs):
        g = np.zeros_like(x)
        flat, gflat = x.reshape(-1), g.reshape(-1)
        for j in range(flat.size):
            old = flat[j]
            flat[j] = old + eps
            up = f(*xs)
            flat[j] = old - eps
            down = f(*xs)
            flat[j] = old
            gflat[j] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def check_gradients(fn, *args, wrt=None, rtol=1e-5, atol=1e-6, seed=0):
    """Checks tape gradients of `fn` (numtf ops) against central differences in float64.

    `args` are float64 NumPy arrays (others are passed through as constants); `wrt` lists the
    indices to differentiate (default: every float64 array). Non-scalar outputs are reduced with
    random weights so every output element is checked.
    """
    args = [np.array(a, dtype=np.float64) if isinstance(a, (np.ndarray, float)) else a for a in args]
    wrt = [i for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.dtype == np.float64] if wrt is None else wrt
    out = fn(*[tf.constant(a) if isinstance(a, np.ndarray) else a for a in args])
    outs = out if isinstance(out, (list, tuple)) else [out]
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(np.shape(o)) for o in outs]

    def scalar(*arrs):
        vals = list(args)
        for i, a in zip(wrt, arrs):
            vals[i] = a
        o = fn(*[tf.constant(a) if isinstance(a, np.ndarray) else a for a in vals])
        o = o if isinstance(o, (list, tuple)) else [o]
        return sum(float(np.sum(np.asarray(t, np.float64) * w)) for t, w in zip(o, weights))

    xs = [args[i].copy() for i in wrt]
    expected = numeric_grad(scalar, xs)
    ts = [tf.constant(args[i]) for i in wrt]
    with tf.GradientTape() as tape:
        for t in ts:
            tape.watch(t)
        vals = list(args)
        for i, t in zip(wrt, ts):
            vals[i] = t
        vals = [tf.constant(a) if isinstance(a, np.ndarray) and not isinstance(a, tf.Tensor) else a for a in vals]
        o = fn(*vals)
        o = o if isinstance(o, (list, tuple)) else [o]
        total = tf.add_n([tf.reduce_sum(t * tf.constant(w)) for t, w in zip(o, weights)]) if hasattr(tf, "add_n") \
            else sum(tf.reduce_sum(t * tf.constant(w)) for t, w in zip(o, weights))
    got = tape.gradient(total, ts)
    for k, (g, e) in enumerate(zip(got, expected)):
        if g is None:
            assert np.allclose(e, 0, atol=atol), f"input {wrt[k]}: tape gave None, numeric {e}"
            continue
        g = tf.convert_to_tensor(g)  # (a gather's gradient is IndexedSlices, as in TF)
        np.testing.assert_allclose(np.asarray(g), e, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {wrt[k]}")


def check_graph(fn, *args, unknown_dims=True):
    """Builds `fn` over placeholders in a graph, checks the static shape/dtype rule against the
    eager result, and runs the graph through the reference executor to compare values.

    With `unknown_dims`, a second graph marks every input dimension unknown (None) and checks the
    static shape is compatible with the real one.
    """
    arrays = [np.asarray(a) for a in args]
    eager = fn(*[tf.constant(a) for a in arrays])
    eager_outs = eager if isinstance(eager, (list, tuple)) else [eager]
    variants = [False, True] if unknown_dims else [False]
    for unknown in variants:
        g = Graph()
        with g.as_default():
            phs = [g.placeholder(tf.as_dtype(a.dtype), [None] * a.ndim if unknown else a.shape) for a in arrays]
            sym = fn(*phs)
        syms = sym if isinstance(sym, (list, tuple)) else [sym]
        values = run(g, syms, dict(zip(phs, arrays)))
        for s, e, v in zip(syms, eager_outs, values):
            assert s.dtype == e.dtype, f"static dtype {s.dtype} != eager {e.dtype}"
            assert s.shape.is_compatible_with(e.shape), f"static shape {s.shape} vs eager {e.shape}"
            if not unknown:
                assert s.shape == e.shape, f"static shape {s.shape} should be fully known: {e.shape}"
            np.testing.assert_allclose(np.asarray(v, dtype=np.float64) if np.asarray(v).dtype.kind != "O" else v,
                                       np.asarray(e.numpy(), dtype=np.float64) if e.dtype != tf.string else e.numpy())
            assert np.asarray(v).dtype == np.asarray(e.numpy()).dtype
    return eager
