"""Writes tests/golden/signal.npz: tf.signal of real TensorFlow 2.21, values and gradients.

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_signal_golden.py

Each case is a Python expression `fn` over its inputs, evaluated with `sig` bound to the
tf.signal module under test (TF's here, numtf.signal in tests/ops/test_signal.py) and `tf` to
the framework; `S(t)` turns a real or complex tensor into a real scalar loss with fixed weights
on its real and imaginary parts. Stored per case: the inputs (`{name}/in{i}`), the output
(`{name}/out`) and TF's gradient of S(output) for each source input (`{name}/grad{i}`).
"cases" (JSON) lists name, fn, input dtypes, sources, `tf_grad` ("ok", "none": TF registers
no gradient, or "error": TF's gradient rule fails) and `true_grad` (float64/complex128 cases:
does TF's gradient equal dL/dx + i dL/dy by central differences?).

TF 2.21 has no CPU kernels for fftnd/ifftnd/rfftnd/irfftnd, so they have no golden here.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "signal.npz")

C, C64, F, F32 = "complex128", "complex64", "float64", "float32"
# name: (fn, [(dtype, shape, is_source), ...])
CASES = {
    # -- complex FFTs --
    "fft_c64": ("lambda x: sig.fft(x)", [(C64, [3, 5], 1)]),
    "fft_c128": ("lambda x: sig.fft(x)", [(C, [2, 6], 1)]),
    "ifft_c128": ("lambda x: sig.ifft(x)", [(C, [2, 5], 1)]),
    "fft2d_c128": ("lambda x: sig.fft2d(x)", [(C, [2, 3, 4], 1)]),
    "ifft2d_c64": ("lambda x: sig.ifft2d(x)", [(C64, [3, 4], 1)]),
    "fft3d_c128": ("lambda x: sig.fft3d(x)", [(C, [2, 3, 2], 1)]),
    "ifft3d_c128": ("lambda x: sig.ifft3d(x)", [(C, [2, 2, 3], 1)]),
    "fft_chain": ("lambda x: sig.ifft(sig.fft(x) * sig.fft(x))", [(C, [4], 1)]),
    # -- real FFTs --
    "rfft_f32": ("lambda x: sig.rfft(x)", [(F32, [3, 8], 1)]),
    "rfft_even": ("lambda x: sig.rfft(x)", [(F, [2, 6], 1)]),
    "rfft_odd": ("lambda x: sig.rfft(x)", [(F, [2, 7], 1)]),
    "rfft_pad": ("lambda x: sig.rfft(x, [8])", [(F, [2, 5], 1)]),
    "rfft_crop": ("lambda x: sig.rfft(x, [4])", [(F, [2, 6], 1)]),
    "rfft_len1": ("lambda x: sig.rfft(x)", [(F, [3, 1], 1)]),
    "rfft2d": ("lambda x: sig.rfft2d(x)", [(F, [3, 4], 1)]),
    "rfft2d_odd": ("lambda x: sig.rfft2d(x)", [(F, [2, 3, 5], 1)]),
    "rfft2d_pad": ("lambda x: sig.rfft2d(x, [4, 6])", [(F, [3, 5], 1)]),
    "rfft2d_crop": ("lambda x: sig.rfft2d(x, [2, 6])", [(F, [3, 5], 1)]),
    "rfft3d": ("lambda x: sig.rfft3d(x)", [(F, [2, 3, 4], 1)]),
    "irfft_c64": ("lambda x: sig.irfft(x)", [(C64, [2, 5], 1)]),
    "irfft_even": ("lambda x: sig.irfft(x)", [(C, [2, 4], 1)]),
    "irfft_odd": ("lambda x: sig.irfft(x, [5])", [(C, [2, 3], 1)]),
    "irfft_pad": ("lambda x: sig.irfft(x, [8])", [(C, [2, 3], 1)]),
    "irfft_crop": ("lambda x: sig.irfft(x, [4])", [(C, [2, 5], 1)]),
    "irfft2d": ("lambda x: sig.irfft2d(x)", [(C, [3, 3], 1)]),
    "irfft2d_odd": ("lambda x: sig.irfft2d(x, [3, 5])", [(C, [3, 3], 1)]),
    "irfft2d_pad0": ("lambda x: sig.irfft2d(x, [5, 4])", [(C, [3, 3], 1)]),
    "irfft2d_crop0": ("lambda x: sig.irfft2d(x, [2, 4])", [(C, [3, 3], 1)]),
    "irfft3d": ("lambda x: sig.irfft3d(x)", [(C, [2, 3, 3], 1)]),
    "rfft_irfft_roundtrip": ("lambda x: sig.irfft(sig.rfft(x) * sig.rfft(x), [7])", [(F, [7], 1)]),
    "fftshift": ("lambda x: sig.fftshift(x)", [(F, [4, 5], 1)]),
    "fftshift_axis": ("lambda x: sig.ifftshift(x, axes=1) + sig.fftshift(x, axes=[0])", [(F, [4, 5], 1)]),
    "fftshift_int": ("lambda x: sig.ifftshift(x)", [("int32", [5], 0)]),
    # -- windows --
    "hann_8": ("lambda: sig.hann_window(8)", []),
    "hann_7": ("lambda: sig.hann_window(7)", []),
    "hann_7_sym": ("lambda: sig.hann_window(7, periodic=False)", []),
    "hann_8_sym_f64": ("lambda: sig.hann_window(8, periodic=False, dtype=tf.float64)", []),
    "hann_1": ("lambda: sig.hann_window(1)", []),
    "hann_0": ("lambda: sig.hann_window(0)", []),
    "hamming_8": ("lambda: sig.hamming_window(8)", []),
    "hamming_9_sym": ("lambda: sig.hamming_window(9, periodic=False)", []),
    "kaiser_8": ("lambda: sig.kaiser_window(8, beta=6.0)", []),
    "kaiser_9_f64": ("lambda: sig.kaiser_window(9, dtype=tf.float64)", []),
    "kbd_8": ("lambda: sig.kaiser_bessel_derived_window(8)", []),
    "kbd_9_beta": ("lambda: sig.kaiser_bessel_derived_window(9, beta=4.0)", []),
    "vorbis_8": ("lambda: sig.vorbis_window(8)", []),
    "vorbis_7_f64": ("lambda: sig.vorbis_window(7, dtype=tf.float64)", []),
    "inverse_window_hann": ("lambda: sig.inverse_stft_window_fn(4)(16, dtype=tf.float32)", []),
    "inverse_window_vorbis": ("lambda: sig.inverse_stft_window_fn(3, sig.vorbis_window)(10, dtype=tf.float64)", []),
    # -- mel, mfcc --
    "mel_default": ("lambda: sig.linear_to_mel_weight_matrix()", []),
    "mel_custom": ("lambda: sig.linear_to_mel_weight_matrix(8, 33, 16000, 20.0, 8000.0, dtype=tf.float64)", []),
    "mel_small": ("lambda: sig.linear_to_mel_weight_matrix(4, 5, 8000, 100., 3000.)", []),
    "mfcc": ("lambda x: sig.mfccs_from_log_mel_spectrograms(x)", [(F, [3, 10], 1)]),
    "mfcc_f32": ("lambda x: sig.mfccs_from_log_mel_spectrograms(x)", [(F32, [2, 4, 6], 1)]),
    # -- dct --
    "dct1": ("lambda x: sig.dct(x, type=1)", [(F, [2, 6], 1)]),
    "dct2": ("lambda x: sig.dct(x)", [(F, [2, 6], 1)]),
    "dct2_ortho_f32": ("lambda x: sig.dct(x, norm='ortho')", [(F32, [3, 8], 1)]),
    "dct3": ("lambda x: sig.dct(x, type=3)", [(F, [2, 5], 1)]),
    "dct3_ortho": ("lambda x: sig.dct(x, type=3, norm='ortho')", [(F, [2, 5], 1)]),
    "dct4": ("lambda x: sig.dct(x, type=4)", [(F, [2, 6], 1)]),
    "dct4_ortho": ("lambda x: sig.dct(x, type=4, norm='ortho')", [(F, [7], 1)]),
    "dct2_n_crop": ("lambda x: sig.dct(x, n=4)", [(F, [2, 6], 1)]),
    "dct2_n_pad": ("lambda x: sig.dct(x, n=9, norm='ortho')", [(F, [2, 6], 1)]),
    "idct1": ("lambda x: sig.idct(x, type=1)", [(F, [5], 1)]),
    "idct2": ("lambda x: sig.idct(x)", [(F, [2, 6], 1)]),
    "idct2_ortho": ("lambda x: sig.idct(x, norm='ortho')", [(F, [2, 6], 1)]),
    "idct3_n": ("lambda x: sig.idct(x, type=3, n=8)", [(F, [2, 6], 1)]),
    "idct4_ortho": ("lambda x: sig.idct(x, type=4, norm='ortho')", [(F, [6], 1)]),
    # -- framing, stft --
    "frame": ("lambda x: sig.frame(x, 3, 2)", [(F, [2, 10], 1)]),
    "frame_pad_end": ("lambda x: sig.frame(x, 4, 3, pad_end=True, pad_value=0.5)", [(F, [2, 10], 1)]),
    "frame_axis0": ("lambda x: sig.frame(x, 3, 1, axis=0)", [(F, [6, 2], 1)]),
    "frame_int": ("lambda x: sig.frame(x, 4, 2, pad_end=True)", [("int32", [9], 0)]),
    "overlap_add": ("lambda x: sig.overlap_and_add(x, 2)", [(F, [2, 4, 6], 1)]),
    "overlap_add_uneven": ("lambda x: sig.overlap_and_add(x, 4)", [(F, [3, 6], 1)]),
    "overlap_add_gap": ("lambda x: sig.overlap_and_add(x, 5)", [(F, [3, 3], 1)]),
    "stft": ("lambda x: sig.stft(x, 16, 8)", [(F, [2, 40], 1)]),
    "stft_f32": ("lambda x: sig.stft(x, 16, 4, pad_end=True)", [(F32, [37], 1)]),
    "stft_fft_length": ("lambda x: sig.stft(x, 10, 5, fft_length=20)", [(F, [30], 1)]),
    "stft_short_fft": ("lambda x: sig.stft(x, 8, 4, fft_length=6)", [(F, [24], 1)]),
    "stft_no_window": ("lambda x: sig.stft(x, 8, 3, window_fn=None)", [(F, [20], 1)]),
    "inverse_stft": ("lambda x: sig.inverse_stft(x, 16, 4)", [(C, [5, 9], 1)]),
    "inverse_stft_c64": ("lambda x: sig.inverse_stft(x, 16, 4, window_fn=sig.inverse_stft_window_fn(4))",
                         [(C64, [2, 5, 9], 1)]),
    "inverse_stft_short_fft": ("lambda x: sig.inverse_stft(x, 12, 4, fft_length=8)", [(C, [4, 5], 1)]),
    "stft_roundtrip": ("lambda x: sig.inverse_stft(sig.stft(x, 16, 4), 16, 4, "
                       "window_fn=sig.inverse_stft_window_fn(4))", [(F, [64], 1)]),
    # -- mdct --
    "mdct": ("lambda x: sig.mdct(x, 8)", [(F, [2, 32], 1)]),
    "mdct_ortho_f32": ("lambda x: sig.mdct(x, 8, norm='ortho')", [(F32, [24], 1)]),
    "mdct_no_window": ("lambda x: sig.mdct(x, 4, window_fn=None)", [(F, [12], 1)]),
    "mdct_kbd_pad_end": ("lambda x: sig.mdct(x, 8, window_fn=sig.kaiser_bessel_derived_window, pad_end=True)",
                         [(F, [21], 1)]),
    "inverse_mdct": ("lambda x: sig.inverse_mdct(x)", [(F, [3, 4], 1)]),
    "inverse_mdct_ortho": ("lambda x: sig.inverse_mdct(x, norm='ortho')", [(F, [2, 3, 4], 1)]),
    "inverse_mdct_no_window": ("lambda x: sig.inverse_mdct(x, window_fn=None)", [(F, [3, 2], 1)]),
    "mdct_roundtrip": ("lambda x: sig.inverse_mdct(sig.mdct(x, 8, norm='ortho'), norm='ortho')", [(F, [32], 1)]),
}


def loss_helper(tf):
    """S(t): a real scalar from a tensor of any float/complex dtype (fixed weights per element)."""
    def S(t):
        shape = [int(d) for d in t.shape]
        n = int(np.prod(shape))
        w1 = np.cos(np.arange(n) * 1.3 + 0.2).reshape(shape)
        w2 = np.sin(np.arange(n) * 0.7 - 0.4).reshape(shape)
        if not t.dtype.is_complex:
            return tf.reduce_sum(t * tf.constant(w1, t.dtype))
        re, im = tf.math.real(t), tf.math.imag(t)
        return tf.reduce_sum(re * tf.constant(w1, re.dtype)) + tf.reduce_sum(im * tf.constant(w2, im.dtype))
    return S


def make_inputs(specs, rng):
    out = []
    for dtype, shape, _ in specs:
        if dtype == "int32":
            out.append(np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape))
            continue
        v = rng.standard_normal(shape)
        if dtype.startswith("complex"):
            v = v + 1j * rng.standard_normal(shape)
        out.append(v.astype(dtype))
    return out


def compile_fn(tf, sig, fn_src):
    return eval(fn_src, {"tf": tf, "sig": sig, "np": np})  # noqa: S307 - our own case table


def evaluate(tf, sig, fn_src, inputs, sources):
    """(output, gradients of S(output) for the source inputs) of one case."""
    fn = compile_fn(tf, sig, fn_src)
    ts = [tf.constant(v) for v in inputs]
    if not sources:
        return fn(*ts).numpy(), []
    with tf.GradientTape() as tape:
        tape.watch([ts[i] for i in sources])
        out = fn(*ts)
        loss = loss_helper(tf)(out)
    grads = tape.gradient(loss, [ts[i] for i in sources])
    return out.numpy(), [g.numpy() for g in grads]


def true_gradient(tf, sig, fn_src, inputs, i, eps=1e-6):
    """dL/dx + i dL/dy for input i by central differences (dL/dx alone for a real input)."""
    fn = compile_fn(tf, sig, fn_src)
    S = loss_helper(tf)

    def loss(vals):
        return float(S(fn(*[tf.constant(v) for v in vals])).numpy())
    x = inputs[i]
    g = np.zeros(x.shape, np.complex128 if x.dtype.kind == "c" else np.float64)
    for j in range(x.size):
        for s in ([1, 1j] if x.dtype.kind == "c" else [1]):
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
    sig = tf.signal
    rng = np.random.default_rng(21)
    arrays, cases = {}, []
    for name, (fn, specs) in CASES.items():
        inputs = make_inputs(specs, rng)
        sources = [i for i, s in enumerate(specs) if s[2]]
        tf_grad, true_grad = "ok", None
        try:
            out, grads = evaluate(tf, sig, fn, inputs, sources)
        except LookupError:
            tf_grad, grads = "none", []
            out = compile_fn(tf, sig, fn)(*[tf.constant(v) for v in inputs]).numpy()
        except tf.errors.InvalidArgumentError:
            tf_grad, grads = "error", []
            out = compile_fn(tf, sig, fn)(*[tf.constant(v) for v in inputs]).numpy()
        if tf_grad == "ok" and grads and any(g.shape != inputs[i].shape for i, g in zip(sources, grads)):
            tf_grad, grads = "error", []  # TF returns a gradient of the wrong shape (irfft2d cropping)
        if tf_grad == "ok" and sources and all(s[0] in (C, F) for s in specs):
            true_grad = all(np.allclose(g, true_gradient(tf, sig, fn, inputs, i), rtol=1e-6, atol=1e-6)
                            for i, g in zip(sources, grads))
        print(f"{name}: out {out.shape} {out.dtype}, tf_grad {tf_grad}, true_grad {true_grad}", flush=True)
        for i, v in enumerate(inputs):
            arrays[f"{name}/in{i}"] = v
        for i, g in zip(sources, grads):
            arrays[f"{name}/grad{i}"] = g
        arrays[f"{name}/out"] = out
        cases.append({"name": name, "fn": fn, "dtypes": [s[0] for s in specs], "sources": sources,
                      "tf_grad": tf_grad, "true_grad": true_grad})
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
