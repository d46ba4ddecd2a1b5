"""tf.signal inside tf.function (static shapes and dtypes, unknown batch dimensions), input
conversion and TF's errors (messages checked in TF 2.21), and the ND transforms, which TF 2.21
has no CPU kernel for: checked against NumPy's fftn family, the semantics TF documents."""
import numpy as np
import pytest

import numtf as tf
import numtf.signal as sig
from numtf.graph.graph import Graph, run

IAE = tf.errors.InvalidArgumentError
rng = np.random.default_rng(17)


def _graph(fn, *arrays, shapes=None):
    """Builds fn over placeholders (shapes may hold None), returns (symbolic outputs, values)."""
    g = Graph()
    shapes = shapes or [a.shape for a in arrays]
    with g.as_default():
        phs = [g.placeholder(tf.as_dtype(a.dtype), s) for a, s in zip(arrays, shapes)]
        out = fn(*phs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    return outs, run(g, outs, dict(zip(phs, arrays)))


@pytest.mark.parametrize("fn,x,static", [
    (sig.fft, (rng.standard_normal((3, 5)) + 1j).astype(np.complex64), [None, 5]),
    (sig.ifft3d, (rng.standard_normal((2, 3, 4, 2)) + 0j), [None, 3, 4, 2]),
    (lambda t: sig.rfft(t, [8]), rng.standard_normal((3, 5)).astype(np.float32), [None, 5]),
    (lambda t: sig.irfft2d(t, [4, 6]), (rng.standard_normal((2, 3, 4)) + 1j).astype(np.complex64), [None, 3, 4]),
    (lambda t: sig.fftnd(t, axes=[0, 2]), rng.standard_normal((2, 3, 4)) + 1j, [2, None, 4]),
    (lambda t: sig.irfftnd(t, [4, 6], axes=[1, 2]), rng.standard_normal((2, 3, 4)) + 1j, [2, 3, 4]),
    (lambda t: sig.stft(t, 16, 8), rng.standard_normal((2, 40)).astype(np.float32), [None, 40]),
    (lambda t: sig.inverse_stft(t, 16, 4), (rng.standard_normal((2, 5, 9)) + 1j).astype(np.complex64), [None, None, 9]),
    (lambda t: sig.mdct(t, 8), rng.standard_normal((2, 32)).astype(np.float32), [None, 32]),
    (lambda t: sig.inverse_mdct(t), rng.standard_normal((2, 3, 4)).astype(np.float32), [None, None, 4]),
    (lambda t: sig.dct(t, type=4, norm="ortho"), rng.standard_normal((3, 6)).astype(np.float32), [None, 6]),
    (lambda t: sig.frame(t, 4, 3, pad_end=True, axis=1), rng.standard_normal((2, 10, 3)), [None, 10, 3]),
    (lambda t: sig.overlap_and_add(t, 3), rng.standard_normal((2, 4, 6)), [None, None, 6]),
    (sig.mfccs_from_log_mel_spectrograms, rng.standard_normal((2, 7, 10)).astype(np.float32), [None, None, 10]),
    (lambda t: sig.fftshift(t, axes=1), rng.standard_normal((2, 5)), [None, 5]),
])
def test_graph_matches_eager(fn, x, static):
    eager = fn(tf.constant(x))
    for shape in (list(x.shape), static):
        (sym,), (val,) = _graph(fn, x, shapes=[shape])
        assert sym.dtype == eager.dtype
        assert sym.shape.is_compatible_with(eager.shape)
        if shape == list(x.shape):
            assert sym.shape == eager.shape
        np.testing.assert_allclose(val, eager.numpy(), rtol=1e-6, atol=1e-6)


def test_tf_function_and_gradient_inside():
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.abs(sig.stft(x, 8, 4)) ** 2)
        return y, tape.gradient(y, x)
    x = rng.standard_normal(32).astype(np.float32)
    y, g = f(tf.constant(x))
    with tf.GradientTape() as tape:
        t = tf.constant(x)
        tape.watch(t)
        y2 = tf.reduce_sum(tf.abs(sig.stft(t, 8, 4)) ** 2)
    np.testing.assert_allclose(y.numpy(), y2.numpy(), rtol=1e-5)
    np.testing.assert_allclose(g.numpy(), tape.gradient(y2, t).numpy(), rtol=1e-4, atol=1e-5)


def test_conversion_rules():
    assert sig.fft([1., 2.]).dtype == tf.complex64          # non-tensors become complex64 ...
    assert sig.fft([1 + 0j, 2]).dtype == tf.complex128      # ... unless already complex
    assert sig.fft(np.array([1., 2.])).dtype == tf.complex64
    assert sig.rfft([1, 2]).dtype == tf.complex64
    assert sig.rfft(np.array([1., 2.])).dtype == tf.complex64
    assert sig.rfft(tf.constant([1., 2.], tf.float64)).dtype == tf.complex128
    assert sig.irfft([1 + 0j, 2, 3]).dtype == tf.float32
    assert sig.irfft(np.array([1., 2.])).dtype == tf.float32
    assert sig.irfft(tf.constant([1 + 1j, 2, 3 + 3j])).numpy().tolist() == [2.0, -0.5, 0.0, -0.5]  # DC/Nyquist imag ignored
    assert sig.fft(tf.zeros([0], tf.complex64)).shape == (0,)
    assert sig.stft([1., 2, 3, 4, 5], 4, 2).shape == (1, 3)
    assert sig.hann_window(tf.constant(4)).numpy().tolist() == [0.0, 0.5, 1.0, 0.5]
    assert sig.linear_to_mel_weight_matrix(num_spectrogram_bins=0).shape == (1, 20)
    assert sig.linear_to_mel_weight_matrix(sample_rate=tf.constant(8000.)).shape == (129, 20)
    assert sig.kaiser_bessel_derived_window(1).shape == (0,)
    assert sig.frame(tf.range(10), 11, 2).shape == (0, 11)
    assert sig.frame(tf.range(10), 0, 2).shape == (6, 0)
    assert sig.overlap_and_add(tf.ones([0, 4]), 2).numpy().tolist() == [0.0, 0.0]
    assert sig.fftshift([1, 2, 3, 4, 5]).numpy().tolist() == [4, 5, 1, 2, 3]
    assert sig.ifftshift([1, 2, 3, 4, 5]).numpy().tolist() == [3, 4, 5, 1, 2]


def test_fft_dtype_and_rank_errors():
    with pytest.raises(IAE, match=r"Value for attr 'Tcomplex' of float is not in the list of allowed values: "
                                  r"complex64, complex128\n\t; NodeDef: \{\{node FFT\}\}(?s:.*)\[Op:FFT\]"):
        sig.fft(tf.constant([1., 2.]))
    with pytest.raises(IAE, match=r"(?s)Value for attr 'Tcomplex' of int32 .*\[Op:IFFT2D\]"):
        sig.ifft2d(tf.constant([[1, 2]]))
    with pytest.raises(IAE, match=r"Input must have rank of at least 1 but got: \[\] \[Op:FFT\]"):
        sig.fft(tf.constant(1 + 0j))
    with pytest.raises(IAE, match=r"Input must have rank of at least 2 but got: \[2\] \[Op:FFT2D\]"):
        sig.fft2d(tf.constant([1 + 0j, 2]))
    with pytest.raises(ValueError, match=r"RFFT requires tf.float32 or tf.float64 inputs, got: "
                                         r"tf.Tensor\(\[1 2 3\], shape=\(3,\), dtype=int32\)"):
        sig.rfft(tf.constant([1, 2, 3]))
    with pytest.raises(ValueError, match="RFFT requires tf.float32 or tf.float64 inputs, got: .*complex128"):
        sig.rfft(tf.constant([1 + 0j, 2]))
    with pytest.raises(ValueError, match="RFFT requires .*float16"):
        sig.rfft(tf.constant([1., 2.], tf.float16))
    with pytest.raises(ValueError, match=r"IRFFT requires tf.complex64 or tf.complex128 inputs, got: .*float32"):
        sig.irfft(tf.constant([1., 2.]))
    with pytest.raises(ValueError, match=r"Shape \(\) must have rank at least 1"):
        sig.rfft(tf.constant(1.))
    with pytest.raises(ValueError, match=r"Shape \(4,\) must have rank at least 2"):
        sig.rfft2d(tf.ones([4]))
    with pytest.raises(IAE, match=r"fft_length\[0\] must >= 0, but got: -1 \[Op:RFFT\]"):
        sig.rfft([1., 2., 3.], [-1])
    with pytest.raises(IAE, match=r"fft_length must have shape \[1\] \[Op:RFFT\]"):
        sig.rfft([1., 2., 3.], [2, 2])
    with pytest.raises(IAE, match=r"fft_length must have shape \[2\] \[Op:RFFT2D\]"):
        sig.rfft2d(tf.ones([3, 4]), [5])
    with pytest.raises(TypeError, match="not iterable"):
        sig.rfft([1., 2., 3.], 2)


def test_graph_errors():
    g = Graph()
    with g.as_default():
        with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType float32 not in list of "
                                            "allowed values: complex64, complex128"):
            sig.fft(g.placeholder(tf.float32, [None, 3]))
        with pytest.raises(ValueError, match=r"must have rank at least 2"):
            sig.fft2d(g.placeholder(tf.complex64, [3]))
        with pytest.raises(NotImplementedError, match="fft_length"):
            sig.rfft(g.placeholder(tf.float32, [2, None]))


def test_signal_errors():
    with pytest.raises(ValueError, match="Normalization is not supported for the Type-I DCT."):
        sig.dct(tf.ones([4]), type=1, norm="ortho")
    with pytest.raises(ValueError, match=r"Types I, II, III and IV \(I\)DCT are supported."):
        sig.dct(tf.ones([4]), type=5)
    with pytest.raises(ValueError, match="Unknown normalization. Expected None or 'ortho', got: foo"):
        sig.dct(tf.ones([4]), norm="foo")
    with pytest.raises(NotImplementedError, match="axis must be -1. Got: 0"):
        sig.dct(tf.ones([2, 3]), axis=0)
    with pytest.raises(ValueError, match="n should be a positive integer or None"):
        sig.idct(tf.ones([4]), n=0)
    with pytest.raises(ValueError, match="Type-I DCT requires the dimension to be greater than one."):
        sig.dct(tf.constant([1.]), type=1)
    with pytest.raises(TypeError, match="int32"):
        sig.dct(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="dtype must be a floating point type. Found <dtype: 'int32'>"):
        sig.hann_window(4, dtype=tf.int32)
    with pytest.raises(ValueError, match="dtype must be a floating point type. Found <dtype: 'int32'>"):
        sig.stft(tf.ones([10], tf.int32), 4, 2)
    with pytest.raises(TypeError, match="Cannot convert 4.0 to EagerTensor of dtype int32"):
        sig.hann_window(4.0)
    with pytest.raises(IAE, match="Requires start <= limit"):
        sig.hann_window(-1)
    with pytest.raises(IAE, match="kaiser_window"):
        sig.kaiser_window(0)
    with pytest.raises(ValueError, match="num_mel_bins must be positive. Got: 0"):
        sig.linear_to_mel_weight_matrix(0)
    with pytest.raises(ValueError, match="lower_edge_hertz must be non-negative. Got: -1.0"):
        sig.linear_to_mel_weight_matrix(lower_edge_hertz=-1.)
    with pytest.raises(ValueError, match="lower_edge_hertz 4000.0 >= upper_edge_hertz 3800.0"):
        sig.linear_to_mel_weight_matrix(lower_edge_hertz=4000.)
    with pytest.raises(ValueError, match=r"upper_edge_hertz must not be larger than the Nyquist frequency "
                                         r"\(sample_rate / 2\). Got 5000.0 for sample_rate: 8000"):
        sig.linear_to_mel_weight_matrix(upper_edge_hertz=5000.)
    with pytest.raises(ValueError, match="sample_rate must be positive. Got: 0"):
        sig.linear_to_mel_weight_matrix(sample_rate=0)
    with pytest.raises(ValueError, match="dtype must be a floating point type. Got: <dtype: 'int32'>"):
        sig.linear_to_mel_weight_matrix(dtype=tf.int32)
    with pytest.raises(ValueError, match="num_mel_bins must be positive"):
        sig.mfccs_from_log_mel_spectrograms(tf.ones([2, 0]))
    with pytest.raises(IAE, match="Integer division by zero"):
        sig.frame(tf.range(10), 3, 0)
    with pytest.raises(ValueError, match=r"Shape \(1,\) must have rank 0"):
        sig.frame(tf.range(10), [3], 2)
    with pytest.raises(ValueError, match=r"Shape \(\) must have rank at least 1"):
        sig.frame(tf.constant(1.), 2, 1)
    with pytest.raises(ValueError, match=r"Shape \(4,\) must have rank at least 2"):
        sig.overlap_and_add(tf.ones([4]), 2)
    with pytest.raises(IAE, match="frame_step must be positive"):
        sig.overlap_and_add(tf.ones([3, 4]), 0)
    with pytest.raises(ValueError, match=r"Shape \(3,\) must have rank at least 2"):
        sig.inverse_stft(tf.ones([3], tf.complex64), 4, 2)
    with pytest.raises(ValueError, match="IRFFT requires tf.complex64 or tf.complex128 inputs"):
        sig.inverse_stft(tf.ones([4, 3]), 4, 2)
    with pytest.raises(ValueError, match="The frame length must be a multiple of 4."):
        sig.mdct(tf.ones([8]), 6)
    with pytest.raises(ValueError, match="Unknown normalization. Expected None or 'ortho', got: x"):
        sig.mdct(tf.ones([8]), 4, norm="x")
    with pytest.raises(IAE, match="Number of ways to split should evenly divide the split dimension"):
        sig.inverse_mdct(tf.ones([3, 3]))
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'dtype'"):
        sig.inverse_stft_window_fn(2)(4)


# -- ND transforms (numpy's semantics; TF 2.21 has no CPU kernel) --------------------------------------
@pytest.mark.parametrize("kwargs", [{}, {"axes": [0, 2]}, {"fft_length": [5, 6]}, {"fft_length": [3, 2], "axes": [2, 0]},
                                    {"axes": [-1], "norm": "ortho"}, {"norm": "forward"}, {"norm": "backward"}])
def test_nd_transforms_match_numpy(kwargs):
    n = kwargs.get("fft_length")
    axes = kwargs.get("axes", None if n is None else list(range(3 - len(n), 3)))
    np_kw = {"s": n, "axes": axes, "norm": kwargs.get("norm")}
    z = (rng.standard_normal((2, 3, 4)) + 1j * rng.standard_normal((2, 3, 4))).astype(np.complex64)
    x = rng.standard_normal((2, 3, 4))
    for fn, np_fn, arg in [(sig.fftnd, np.fft.fftn, z), (sig.ifftnd, np.fft.ifftn, z),
                           (sig.rfftnd, np.fft.rfftn, x), (sig.irfftnd, np.fft.irfftn, z.astype(np.complex128))]:
        out = fn(arg, **kwargs)
        want = np_fn(arg, **np_kw)
        assert out.shape == want.shape, (fn.__name__, out.shape, want.shape)
        np.testing.assert_allclose(out.numpy(), want, rtol=1e-4, atol=1e-4)
    assert sig.fftnd(z, **kwargs).dtype == tf.complex64
    assert sig.rfftnd(x.astype(np.float32), **kwargs).dtype == tf.complex64
    assert sig.irfftnd(z, **kwargs).dtype == tf.float32


def test_nd_transforms_errors_and_no_gradient():
    with pytest.raises(IAE, match=r"(?s)Value for attr 'Tcomplex' of float .*\[Op:FFTND\]"):
        sig.fftnd(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="RFFT requires tf.float32 or tf.float64 inputs"):
        sig.rfftnd(tf.ones([2, 3], tf.complex64))
    with pytest.raises(ValueError, match="IRFFT requires tf.complex64 or tf.complex128 inputs"):
        sig.irfftnd(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="same length"):
        sig.fftnd(tf.ones([2, 3], tf.complex64), fft_length=[2, 3], axes=[0])
    with pytest.raises(ValueError, match="out of range"):
        sig.fftnd(tf.ones([2, 3], tf.complex64), axes=[2])
    with pytest.raises(ValueError, match="distinct"):
        sig.fftnd(tf.ones([2, 3], tf.complex64), axes=[0, 0])
    with pytest.raises(ValueError, match="Invalid norm"):
        sig.fftnd(tf.ones([2, 3], tf.complex64), norm="x")
    x = tf.ones([2, 2], tf.complex128)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.math.real(sig.fftnd(x)))
    with pytest.raises(LookupError, match="gradient registry has no entry for: FFTND"):
        tape.gradient(y, x)
