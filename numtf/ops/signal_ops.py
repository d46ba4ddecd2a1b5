"""`tf.signal`'s windows, framing and short-time Fourier transforms: hann/hamming/kaiser/
kaiser-bessel-derived/vorbis windows, frame, overlap_and_add, stft, inverse_stft and
inverse_stft_window_fn. All are composites of other ops (gather, pad, reshape, rfft/irfft),
so they are differentiable and traceable without gradients of their own.

Lengths and steps (frame_length, frame_step, window_length, fft_length) must be known when a
graph is built (Python ints or constant tensors); other dimensions may be unknown.

    >>> tf.signal.frame(tf.range(6), 3, 2).numpy().tolist()
    [[0, 1, 2], [2, 3, 4]]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from .array_ops import get_static_value, reshape, shape as _shape
from .convert import convert_to_tensor
from .gather_ops import gather_dense
from .join_ops import concat, pad
from . import math_ops as M
from .reduction_ops import reduce_sum
from .fft_ops import rfft, irfft

__all__ = []


# -- argument helpers ------------------------------------------------------------------------------
def _static_int(v, what, op):
    """A scalar integer argument known now (Python int, NumPy int, eager or constant tensor)."""
    if not isinstance(v, (bool, int, float, np.generic, np.ndarray, list, tuple)):  # a tensor or variable
        s = get_static_value(convert_to_tensor(v))
        if s is None:
            raise NotImplementedError(f"numtf needs `{what}` of {op} to be known when the graph is built; got {v}")
        v = s
    a = np.asarray(v)
    if a.ndim != 0:
        raise ValueError(f"Shape {tuple(a.shape)} must have rank 0")
    if a.dtype.kind not in "iu":
        raise TypeError(f"Cannot convert {v!r} to EagerTensor of dtype int32")
    return int(a)


def _float_dtype(dtype):
    d = dtypes.as_dtype(dtype)
    if not d.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {d}")
    return d


def _rank_at_least(t, k):
    r = t.shape.rank
    if r is not None and r < k:
        raise ValueError(f"Shape {t.shape} must have rank at least {k}")


def _const(a, dtype):
    return convert_to_tensor(np.asarray(a, dtype.as_numpy_dtype), dtype)


# -- windows ---------------------------------------------------------------------------------------
def _window_length(window_length, op):
    n = _static_int(window_length, "window_length", op)
    if n < 0:
        raise InvalidArgumentError(None, op, f"Requires start <= limit when delta > 0: 0/{n} "
                                   f"(window_length of {op} must be >= 0) [Op:Range] name: ")
    return n


def _raised_cosine(window_length, periodic, dtype, a, b, op):
    d = _float_dtype(dtype)
    n = _window_length(window_length, op)
    npd = d.as_numpy_dtype
    if n == 1:
        return _const(np.ones(1), d)
    # TF's `periodic` only changes even lengths: an odd length gives the symmetric window.
    denom = n - 1 + (1 if periodic and n % 2 == 0 else 0)
    k = np.arange(n, dtype=npd)
    w = npd(a) - npd(b) * np.cos(npd(2 * np.pi) * k / npd(max(denom, 1)))
    return _const(w, d)


def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """The Hann window 0.5 - 0.5 cos(2 pi n / N) (N = length for periodic even lengths, else
    length - 1).

        >>> tf.signal.hann_window(4).numpy().tolist()
        [0.0, 0.5, 1.0, 0.5]
    """
    return _raised_cosine(window_length, periodic, dtype, 0.5, 0.5, "hann_window")


def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """The Hamming window 0.54 - 0.46 cos(2 pi n / N), N as in hann_window.

        >>> [round(v, 2) for v in tf.signal.hamming_window(3).numpy().tolist()]
        [0.08, 1.0, 0.08]
    """
    return _raised_cosine(window_length, periodic, dtype, 0.54, 0.46, "hamming_window")


def _kaiser(n, beta):
    if n == 1:
        return np.ones(1)
    half = (n - 1) / 2.0
    arg = beta * np.sqrt(np.maximum(0.0, 1.0 - ((np.arange(n) - half) / half) ** 2))
    return np.i0(arg) / np.i0(float(beta))


def kaiser_window(window_length, beta=12.0, dtype=dtypes.float32, name=None):
    """The Kaiser window I0(beta sqrt(1 - (2n/(N-1) - 1)^2)) / I0(beta).

        >>> tf.signal.kaiser_window(3, beta=0.).numpy().tolist()
        [1.0, 1.0, 1.0]
    """
    d = _float_dtype(dtype)
    n = _window_length(window_length, "kaiser_window")
    if n == 0:  # TF fails in its Range op here
        raise InvalidArgumentError(None, "kaiser_window", "Requires start <= limit when delta > 0: 0.5/-0.4 "
                                   "(kaiser_window needs window_length >= 1) [Op:Range] name: ")
    return _const(_kaiser(n, float(_static_float(beta))), d)


def _static_float(v):
    if isinstance(v, Tensor):
        s = get_static_value(v)
        if s is None:
            raise NotImplementedError(f"numtf needs `beta` to be known when the graph is built; got {v}")
        return float(s)
    return float(v)


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype=dtypes.float32, name=None):
    """The Kaiser-Bessel-derived window (for MDCTs): sqrt of the normalized cumulative sum of a
    Kaiser window of length window_length // 2 + 1, mirrored. An odd length gives
    window_length - 1 values, as in TF."""
    d = _float_dtype(dtype)
    half = _window_length(window_length, "kaiser_bessel_derived_window") // 2
    c = np.cumsum(_kaiser(half + 1, float(_static_float(beta))))
    w = np.sqrt(c[:-1] / c[-1])
    return _const(np.concatenate([w, w[::-1]]), d)


def vorbis_window(window_length, dtype=dtypes.float32, name=None):
    """The Vorbis power-complementary window sin(pi/2 sin^2(pi (n + 0.5) / N)) (for MDCTs)."""
    d = _float_dtype(dtype)
    n = _window_length(window_length, "vorbis_window")
    k = np.arange(n, dtype=np.float64)
    return _const(np.sin(np.pi / 2 * np.sin(np.pi * (k + 0.5) / max(n, 1)) ** 2), d)


# -- frame, overlap_and_add ------------------------------------------------------------------------
def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Slides a window of frame_length over `axis` in steps of frame_step: the axis becomes
    [num_frames, frame_length]. With pad_end the end is padded with pad_value so every sample
    lands in a frame (num_frames = ceil(n / frame_step)).

        >>> tf.signal.frame([1, 2, 3, 4, 5], 2, 2, pad_end=True).numpy().tolist()
        [[1, 2], [3, 4], [5, 0]]
    """
    x = convert_to_tensor(signal)
    _rank_at_least(x, 1)
    length = _static_int(frame_length, "frame_length", "frame")
    step = _static_int(frame_step, "frame_step", "frame")
    if step == 0:
        raise InvalidArgumentError(None, "frame", "Integer division by zero (frame_step must be positive) "
                                   "[Op:FloorDiv] name: ")
    if length < 0 or step < 0:
        raise InvalidArgumentError(None, "frame", f"frame_length ({length}) and frame_step ({step}) must not be "
                                   "negative [Op:Range] name: ")
    r = x.shape.rank
    ax = _static_int(axis, "axis", "frame")
    if not -r <= ax < r:
        raise IndexError(f"axis {ax} is out of range for a signal of rank {r}")
    ax %= r
    n = x.shape[ax]
    if n is None:
        raise NotImplementedError(f"numtf needs the length of the framed axis when the graph is built; "
                                  f"got shape {x.shape}")
    if pad_end:
        num = -(-n // step)
        extra = max(0, (num - 1) * step + length - n) if num else 0
        if extra:
            paddings = [[0, 0]] * r
            paddings[ax] = [0, extra]
            x = pad(x, paddings, constant_values=pad_value)
    else:
        num = max(0, 1 + (n - length) // step)
    idx = (np.arange(num)[:, None] * step + np.arange(length)[None, :]).astype(np.int32)
    return gather_dense(x, idx, axis=ax)  # (TF's frame has a dense gradient)


def overlap_and_add(signal, frame_step, name=None):
    """Adds frames [..., frames, frame_length] back together, frame i starting at i * frame_step:
    the result is [..., (frames - 1) * frame_step + frame_length].

        >>> tf.signal.overlap_and_add(tf.ones([3, 4]), 2).numpy().tolist()
        [1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0]
    """
    x = convert_to_tensor(signal)
    _rank_at_least(x, 2)
    step = _static_int(frame_step, "frame_step", "overlap_and_add")
    if step <= 0:
        raise InvalidArgumentError(None, "overlap_and_add", f"frame_step must be positive, got {step} "
                                   "[Op:Pad] name: ")
    length = x.shape[-1]
    if length is None:
        raise NotImplementedError(f"numtf needs frame_length (the last dimension) of overlap_and_add's input "
                                  f"when the graph is built; got shape {x.shape}")
    r = x.shape.rank
    # Cut each frame into `segs` pieces of frame_step samples: piece j of frame i lands in output
    # block i + j, so shifting piece j down by j frames and summing lines every piece up.
    segs = max(1, -(-length // step))
    if segs * step != length:
        x = pad(x, [[0, 0]] * (r - 1) + [[0, segs * step - length]])
    static = x.shape.as_list()
    if None in static[:-1]:
        x = reshape(x, concat([_shape(x)[:-1], [segs, step]], 0))
    else:
        x = reshape(x, static[:-1] + [segs, step])
    total = None
    for j in range(segs):
        piece = x[..., j, :]
        piece = pad(piece, [[0, 0]] * (r - 2) + [[j, segs - 1 - j], [0, 0]])
        total = piece if total is None else M.add(total, piece)
    static = total.shape.as_list()
    if None in static[:-2]:
        out = reshape(total, concat([_shape(total)[:-2], [-1]], 0))
    else:
        out = reshape(total, static[:-2] + [-1])
    cut = segs * step - length
    return out[..., :-cut] if cut else out


# -- short-time Fourier transforms -----------------------------------------------------------------
def _default_fft_length(frame_length):
    return 1 << max(0, math.ceil(math.log2(frame_length))) if frame_length > 0 else 1


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window, pad_end=False, name=None):
    """The short-time Fourier transform: frames of frame_length every frame_step samples,
    multiplied by window_fn(frame_length), each rfft'd with fft_length (default: the next power of
    two) into [..., frames, fft_length // 2 + 1] (complex64 for float32 signals).

        >>> tf.signal.stft(tf.ones([10]), 4, 2).shape
        TensorShape([4, 3])
    """
    x = convert_to_tensor(signals)
    _rank_at_least(x, 1)
    length = _static_int(frame_length, "frame_length", "stft")
    step = _static_int(frame_step, "frame_step", "stft")
    n = _default_fft_length(length) if fft_length is None else _static_int(fft_length, "fft_length", "stft")
    framed = frame(x, length, step, pad_end=pad_end)
    if window_fn is not None:
        framed = M.multiply(framed, window_fn(length, dtype=x.dtype))
    return rfft(framed, [n])


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window, name=None):
    """The inverse of stft: irfft each frame, keep frame_length samples (zero-padding when
    fft_length is shorter), multiply by window_fn(frame_length) and overlap-add. For perfect
    reconstruction pass window_fn=tf.signal.inverse_stft_window_fn(frame_step)."""
    z = convert_to_tensor(stfts)
    _rank_at_least(z, 2)
    length = _static_int(frame_length, "frame_length", "inverse_stft")
    step = _static_int(frame_step, "frame_step", "inverse_stft")
    n = _default_fft_length(length) if fft_length is None else _static_int(fft_length, "fft_length", "inverse_stft")
    frames = irfft(z, [n])
    if n > length:
        frames = frames[..., :length]
    elif n < length:
        frames = pad(frames, [[0, 0]] * (frames.shape.rank - 1) + [[0, length - n]])
    if window_fn is not None:
        frames = M.multiply(frames, window_fn(length, dtype=frames.dtype))
    return overlap_and_add(frames, step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window function for inverse_stft that undoes forward_window_fn: the forward window
    divided by the overlap-added sum of its squares (so stft then inverse_stft returns the
    signal away from its ends).

        >>> fn = tf.signal.inverse_stft_window_fn(2)
        >>> fn(4, dtype=tf.float32).numpy().tolist()
        [0.0, 1.0, 1.0, 1.0]
    """
    step = _static_int(frame_step, "frame_step", "inverse_stft_window_fn")

    def inverse_stft_window_fn_inner(frame_length, dtype):
        length = _static_int(frame_length, "frame_length", "inverse_stft_window_fn")
        forward = convert_to_tensor(forward_window_fn(length, dtype=dtype))
        denom = M.square(forward)
        overlaps = -(-length // step)
        denom = pad(denom, [[0, overlaps * step - length]])
        denom = reduce_sum(reshape(denom, [overlaps, step]), 0, keepdims=True)
        denom = reshape(concat([denom] * overlaps, 0), [overlaps * step])
        return M.divide(forward, denom[:length])
    return inverse_stft_window_fn_inner
