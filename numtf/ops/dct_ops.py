"""`tf.signal`'s cosine transforms and mel features: dct/idct (types I-IV, norm=None or
'ortho'), mdct/inverse_mdct, linear_to_mel_weight_matrix and mfccs_from_log_mel_spectrograms.

The transforms are composites: a product with a cached cosine matrix (one BLAS call; exact
gradients through tensordot; fast for the few hundred points audio features use). Scalings are
TF's (SciPy's): unnormalized DCT-II is y_k = 2 sum_n x_n cos(pi k (2n + 1) / 2N).

    >>> tf.signal.dct([1., 2., 3., 4.], norm="ortho").numpy().round(4).tolist()
    [5.0, -2.2304, 0.0, -0.1585]
"""
import functools
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from .array_ops import get_static_value
from .convert import convert_to_tensor
from .join_ops import pad
from .linalg_ops import tensordot
from . import math_ops as M
from .signal_ops import frame, overlap_and_add, vorbis_window, _static_int, _rank_at_least

__all__ = []


def _float_input(x, op):
    t = convert_to_tensor(x)
    if t.dtype not in (dtypes.float32, dtypes.float64):
        # TF fails converting its float constants (int inputs) or building complex twiddles (float16).
        raise TypeError(f"{op} needs a float32 or float64 input, got {t.dtype.name} "
                        f"(Cannot convert 0.0 to EagerTensor of dtype {t.dtype.name})")
    return t


@functools.lru_cache(maxsize=64)
def _dct_matrix(kind, n, ortho, np_dtype):
    """C with dct(x) = x @ C for a length-n signal (float64 math, then cast)."""
    i = np.arange(n)[:, None]   # input index
    k = np.arange(n)[None, :]   # output index
    if kind == 1:
        if n == 1:
            c = np.ones((1, 1))
        else:
            c = np.cos(np.pi * i * k / (n - 1)) * np.where((i == 0) | (i == n - 1), 1.0, 2.0)
    elif kind == 2:
        c = 2 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))
        if ortho:
            c *= np.where(k == 0, math.sqrt(1 / (4 * n)), math.sqrt(1 / (2 * n)))
    elif kind == 3:
        c = np.cos(np.pi * i * (2 * k + 1) / (2 * n))
        c *= np.where(i == 0, math.sqrt(1 / n), math.sqrt(2 / n)) if ortho else np.where(i == 0, 1.0, 2.0)
    else:
        c = 2 * np.cos(np.pi * (2 * i + 1) * (2 * k + 1) / (4 * n))
        if ortho:
            c *= math.sqrt(1 / (2 * n))
    c = c.astype(np_dtype)
    c.setflags(write=False)
    return c


def _check_dct_args(type, n, axis, norm):  # noqa: A002 - TF's argument name
    if type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if type == 1 and norm == "ortho":
        raise ValueError("Normalization is not supported for the Type-I DCT.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    if n is not None and (not isinstance(n, (int, np.integer)) or n < 1):
        raise ValueError("n should be a positive integer or None")


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002
    """The discrete cosine transform of types I-IV over the last axis (SciPy's definitions);
    `n` truncates or zero-pads the signal first; norm='ortho' makes types II-IV orthonormal.

        >>> tf.signal.dct([1., 2., 3., 4.], type=1).numpy().tolist()
        [15.0, -4.0, 0.0, -1.0]
    """
    _check_dct_args(type, n, axis, norm)
    x = _float_input(input, "dct")
    _rank_at_least(x, 1)
    size = x.shape[-1]
    if size is None:
        raise NotImplementedError(f"numtf needs the last dimension of dct's input when the graph is built; "
                                  f"got shape {x.shape}")
    if type == 1 and size <= 1:
        raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if n is not None and n != size:
        r = x.shape.rank
        x = x[..., :n] if n < size else pad(x, [[0, 0]] * (r - 1) + [[0, n - size]])
        size = n
    c = _dct_matrix(type, size, norm == "ortho", x.dtype.as_numpy_dtype)
    return tensordot(x, convert_to_tensor(c, x.dtype), 1)


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002
    """The inverse DCT: TF's idct of type t is the dct of the inverse type (II <-> III, I and IV
    their own), so idct(dct(x)) == x with norm='ortho' and 2N x (2(N-1) x for type I) without.

        >>> tf.signal.idct(tf.signal.dct([1., 2., 3.], norm="ortho"), norm="ortho").numpy().round(5).tolist()
        [1.0, 2.0, 3.0]
    """
    _check_dct_args(type, n, axis, norm)
    return dct(input, type={1: 1, 2: 3, 3: 2, 4: 4}[type], n=n, axis=axis, norm=norm)


# -- MDCT ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _mdct_matrix(half, scale, np_dtype):
    """M[n, k] = scale * cos(pi / N (n + 1/2 + N/2)(k + 1/2)), n < 2N, k < N (N = half)."""
    n = np.arange(2 * half)[:, None]
    k = np.arange(half)[None, :]
    m = (scale * np.cos(np.pi / half * (n + 0.5 + half / 2) * (k + 0.5))).astype(np_dtype)
    m.setflags(write=False)
    return m


def _check_norm(norm):
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")


def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None):
    """The modified DCT of frames of frame_length (a multiple of 4) with 50% overlap: [...,
    frames, frame_length // 2]. window_fn should satisfy the Princen-Bradley condition (vorbis,
    kaiser_bessel_derived) for inverse_mdct to reconstruct; None scales frames by 1/sqrt(2).

        >>> tf.signal.mdct(tf.ones([8]), 4).shape
        TensorShape([3, 2])
    """
    x = convert_to_tensor(signals)
    _rank_at_least(x, 1)
    length = _static_int(frame_length, "frame_length", "mdct")
    if length % 4 != 0:
        raise ValueError("The frame length must be a multiple of 4.")
    _check_norm(norm)
    framed = frame(x, length, length // 2, pad_end=pad_end)
    if window_fn is not None:
        framed = M.multiply(framed, window_fn(length, dtype=x.dtype))
    else:
        framed = M.multiply(framed, convert_to_tensor(1 / math.sqrt(2), framed.dtype))
    half = length // 2
    scale = math.sqrt(2 / half) if norm == "ortho" else 2.0
    _float_input(framed, "mdct")
    return tensordot(framed, convert_to_tensor(_mdct_matrix(half, scale, x.dtype.as_numpy_dtype), x.dtype), 1)


def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None):
    """The inverse of mdct: each frame of N coefficients back to 2N windowed samples,
    overlap-added with step N into [..., (frames + 1) * N]."""
    z = _float_input(mdcts, "inverse_mdct")
    _rank_at_least(z, 2)
    _check_norm(norm)
    half = z.shape[-1]
    if half is None:
        raise NotImplementedError(f"numtf needs the last dimension of inverse_mdct's input when the graph is "
                                  f"built; got shape {z.shape}")
    if half % 2:
        raise InvalidArgumentError(None, "inverse_mdct", "Number of ways to split should evenly divide the split "
                                   f"dimension, but got split_dim {z.shape.rank - 1} (size = {half}) and num_split 2 "
                                   "[Op:Split] name: split")
    scale = math.sqrt(2 / half) if norm == "ortho" else 1.0 / half
    m = _mdct_matrix(half, scale, z.dtype.as_numpy_dtype).T
    frames = tensordot(z, convert_to_tensor(np.ascontiguousarray(m), z.dtype), 1)
    if window_fn is not None:
        frames = M.multiply(frames, window_fn(2 * half, dtype=z.dtype))
    else:
        frames = M.multiply(frames, convert_to_tensor(1 / math.sqrt(2), z.dtype))
    return overlap_and_add(frames, half)


# -- mel features ----------------------------------------------------------------------------------
def _hertz_to_mel(f):
    return 1127.0 * np.log1p(f / 700.0)


def _py_number(v, what):
    if isinstance(v, Tensor):
        s = get_static_value(v)
        if s is None:
            raise NotImplementedError(f"numtf needs `{what}` to be known when the graph is built; got {v}")
        return s.item()
    return v


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0, dtype=dtypes.float32, name=None):
    """A [num_spectrogram_bins, num_mel_bins] matrix mapping a linear magnitude spectrogram (bins
    from 0 to sample_rate / 2) onto triangular mel bands (HTK mel scale 1127 ln(1 + f / 700))
    spread evenly between lower_edge_hertz and upper_edge_hertz. The DC bin gets no weight.

        >>> tf.signal.linear_to_mel_weight_matrix(4, 5, 8000, 100., 3000.).shape
        TensorShape([5, 4])
    """
    num_mel_bins = _py_number(num_mel_bins, "num_mel_bins")
    num_spectrogram_bins = _py_number(num_spectrogram_bins, "num_spectrogram_bins")
    sample_rate = _py_number(sample_rate, "sample_rate")
    lower = _py_number(lower_edge_hertz, "lower_edge_hertz")
    upper = _py_number(upper_edge_hertz, "upper_edge_hertz")
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if lower < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower}")
    if lower >= upper:
        raise ValueError(f"lower_edge_hertz {lower} >= upper_edge_hertz {upper}")
    if sample_rate <= 0.0:
        raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
    if upper > sample_rate / 2:
        raise ValueError("upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). "
                         f"Got {upper} for sample_rate: {sample_rate}")
    d = dtypes.as_dtype(dtype)
    if not d.is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {d}")
    npd = d.as_numpy_dtype
    # TF computes in the requested dtype; so does this (the matrix's zeros land in the same bins).
    freqs = np.linspace(0.0, sample_rate / 2.0, int(num_spectrogram_bins)).astype(npd)[1:]
    spec_mel = _hertz_to_mel(freqs)[:, None]
    edges = np.linspace(_hertz_to_mel(np.asarray(lower, npd)), _hertz_to_mel(np.asarray(upper, npd)),
                        int(num_mel_bins) + 2).astype(npd)
    lo, center, hi = edges[:-2], edges[1:-1], edges[2:]
    lower_slopes = (spec_mel - lo) / (center - lo)
    upper_slopes = (hi - spec_mel) / (hi - center)
    w = np.maximum(npd(0), np.minimum(lower_slopes, upper_slopes)).astype(npd)
    return convert_to_tensor(np.pad(w, [[1, 0], [0, 0]]), d)


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """MFCCs of [..., num_mel_bins] log-magnitude mel spectrograms: a DCT-II scaled by
    1 / sqrt(2 num_mel_bins) (HTK's scaling; keep the first ~13 coefficients as features).

        >>> tf.signal.mfccs_from_log_mel_spectrograms(tf.ones([1, 4])).numpy().round(4).tolist()
        [[2.8284, 0.0, 0.0, 0.0]]
    """
    x = _float_input(log_mel_spectrograms, "mfccs_from_log_mel_spectrograms")
    if x.shape.rank == 0:
        raise InvalidArgumentError(None, "mfccs_from_log_mel_spectrograms", "slice index -1 of dimension 0 out of "
                                   "bounds. [Op:StridedSlice] name: strided_slice/")
    bins = x.shape[-1]
    if bins == 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {str(x)}")
    y = dct(x, type=2)
    return M.multiply(y, convert_to_tensor(1 / math.sqrt(2.0 * bins), x.dtype))
