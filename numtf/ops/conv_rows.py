"""Convolutions with row stride 1 by "row taps": im2col over the filter's columns only, one
product that yields every filter row's contribution at once, then kh shifted adds.

The full im2col matrix of a kh x kw convolution copies each input element kh*kw times; here
each is copied kw times, into R[n, y, ox, (j, c)] = x[n, y, ox*sw + j*dw - pl, c] for every input
row y. One product R @ W' with W'[(j, c), (i, o)] = w[i, j, c, o] gives P[n, y, ox, i, o], the
contribution of input row y through filter row i, and

    out[n, oy] = sum_i P[n, oy + i*dh - pt, :, i]        (rows outside the input add nothing)

For the filter gradient the shifts move to dy instead: D[n, y, ox, (i, o)] = dy[n, y - i*dh + pt, ox, o]
(zero where that row does not exist) and dw' = R^T @ D, one product again. Same FLOPs as im2col
when the output has as many rows as the input (SAME), a third of the copying or less. Measured on the
handbook CNN's second convolution (50x14x14x32 input, 5x5x32x64 filter): forward 5.9 -> 4.7 ms,
input gradient (a convolution of dy) 8.5 -> 5.0 ms, filter gradient 6.6 -> 5.7 ms.

Big batches run as two halves on two threads, each with one-thread BLAS products of its own chunks
(update_blocks.split_batch): faster than each product on both cores (filter gradient 5.6 -> 4.3 ms,
input gradient 5.1 -> 4.0 ms; the CNN's eager step 39.7 -> 36.8 ms).

    >>> conv2d_rows(x, w, 1, 1, 1, oh, ow, pads)   # == im2col's result, up to rounding
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided

from .conv_util import _buffer, _padded
from .update_blocks import split_batch, split_sum

ROW_TAPS = True  # off: every convolution takes the full-im2col path (tests compare the two)
MIN_DEPTH = 16   # kw*C below this: a product too shallow for BLAS (a 1-channel 5x5 input's is 5)
# Images per chunk: their R and P (or D) blocks, ~2 MB together, stay in the L2 cache between
# the copy, the product and the adds (chunks of 4-6 images of the CNN's second convolution ran
# ~1 ms faster than the whole batch at once or one image at a time).
ROW_CHUNK_BYTES = 1 << 21


def applies(x_shape, w_shape, sh, groups):
    """Whether a convolution takes this path: row stride 1 (else P would hold rows no output
    uses), several filter rows, and a product deep enough for BLAS (kw*C >= MIN_DEPTH; a
    1-channel input keeps the tap-major im2col)."""
    kh, kw, cf, _ = w_shape
    return ROW_TAPS and sh == 1 and groups == 1 and kh > 1 and kw * cf >= MIN_DEPTH and x_shape[0] > 0


def _row_patches(x, kw, sw, dw, ow, pl, pr):
    """R as a strided view (n, H, ow, kw, C) of x padded left and right only."""
    xp = _padded(x, 0, 0, pl, pr)
    n, h, _, c = xp.shape
    s0, s1, s2, s3 = xp.strides
    return as_strided(xp, (n, h, ow, kw, c), (s0, s1, s2 * sw, s2 * dw, s3), writeable=False)


def _tap_rows(i, dh, pt, h, oh):
    """(lo, hi, shift): output rows lo..hi-1 meet input rows lo+shift..hi-1+shift through filter row i."""
    shift = i * dh - pt
    lo, hi = max(0, -shift), min(oh, h - shift)
    return lo, max(lo, hi), shift


def _chunk(n, per_image_bytes):
    return max(1, min(n, ROW_CHUNK_BYTES // max(1, per_image_bytes)))


def conv2d_rows(x, w, dh, sw, dw, oh, ow, pads):
    """conv2d of NHWC `x` with `w` (kh, kw, C, O) at row stride 1; `pads` (top, bottom, left,
    right) as _geometry gives them (negative: crop)."""
    n, h, _, c = x.shape
    kh, kw, _, o = w.shape
    pt, _, pl, pr = pads
    patches = _row_patches(x, kw, sw, dw, ow, pl, pr)
    wb = np.ascontiguousarray(w.transpose(1, 2, 0, 3)).reshape(kw * c, kh * o)
    taps = [(i,) + _tap_rows(i, dh, pt, h, oh) for i in range(kh)]
    taps = [t for t in taps if t[1] < t[2]]
    full = next((t for t in taps if t[1] == 0 and t[2] == oh), None)  # one tap covering every row
    step = _chunk(n, h * ow * (kw * c + kh * o) * x.itemsize)
    out = np.empty((n, oh, ow, o), x.dtype)

    def images(first, stop):
        cols = _buffer(("rows-cols", step, h, ow, kw, c, x.dtype.str), (step, h, ow, kw, c), x.dtype)
        prod = _buffer(("rows-prod", step, h, ow, kh, o, x.dtype.str), (step, h, ow, kh, o), x.dtype)
        for b in range(first, stop, step):
            m = min(step, stop - b)
            np.copyto(cols[:m], patches[b:b + m])
            np.matmul(cols[:m].reshape(m * h * ow, kw * c), wb, out=prod[:m].reshape(m * h * ow, kh * o))
            block = out[b:b + m]
            if full is None:
                block.fill(0)
            else:
                i, lo, hi, s = full
                np.copyto(block, prod[:m, lo + s:hi + s, :, i])
            for t in taps:
                if t is not full:
                    i, lo, hi, s = t
                    block[:, lo:hi] += prod[:m, lo + s:hi + s, :, i]
    split_batch(images, n, n * h * ow * kh * o)
    return out


def filter_grad_rows(x, dy, kh, kw, dh, sw, dw, pads):
    """The gradient of conv2d_rows with respect to its filter: (kh, kw, C, O)."""
    n, h, _, c = x.shape
    _, oh, ow, o = dy.shape
    pt, _, pl, pr = pads
    patches = _row_patches(x, kw, sw, dw, ow, pl, pr)
    taps = [(i,) + _tap_rows(i, dh, pt, h, oh) for i in range(kh)]
    step = _chunk(n, h * ow * (kw * c + kh * o) * x.itemsize)

    def images(first, stop):  # the filter gradient's sum over images first..stop-1
        cols = _buffer(("rows-cols", step, h, ow, kw, c, x.dtype.str), (step, h, ow, kw, c), x.dtype)
        # D's rows that no output reaches are zero: the buffer is keyed by the geometry that
        # decides them, filled with zeros once, and only the reached rows are ever written.
        shifted = _buffer(("rows-dy", step, h, ow, kh, o, x.dtype.str, dh, pt, oh), (step, h, ow, kh, o),
                          x.dtype, fill=0)
        dwt = None
        for b in range(first, stop, step):
            m = min(step, stop - b)
            np.copyto(cols[:m], patches[b:b + m])
            for i, lo, hi, s in taps:
                if lo < hi:
                    shifted[:m, lo + s:hi + s, :, i] = dy[b:b + m, lo:hi]
            part = cols[:m].reshape(m * h * ow, kw * c).T @ shifted[:m].reshape(m * h * ow, kh * o)
            dwt = part if dwt is None else np.add(dwt, part, out=dwt)
        return dwt
    dwt = split_sum(images, n, n * h * ow * kh * o)
    return np.ascontiguousarray(dwt.reshape(kw, c, kh, o).transpose(2, 0, 1, 3))
