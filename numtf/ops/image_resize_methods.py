"""The weights of TF's resize kernels, one (out_size, in_size) matrix per spatial axis.

Every resize TF has is linear in the image and separable, so each kernel is two matrix products
(`apply_weights`) and its gradient is the same products with the transposed matrices. The
coordinates are computed in float32, as TF's kernels compute them, so that the pixel a nearest
neighbour picks and the taps of a cubic match TF's at exact halves.

- `legacy_weights`: ResizeBilinear, ResizeNearestNeighbor, ResizeBicubic and ResizeArea, with
  their `align_corners` / `half_pixel_centers` sampling grids.
- `scale_translate_weights`: ScaleAndTranslate (tf.image.resize's lanczos3/5, gaussian,
  mitchellcubic, and antialiased bilinear/bicubic): a kernel centred on each output pixel's
  source position, stretched by 1/scale when antialiasing a downscale, its taps renormalised.

    >>> legacy_weights(2, 4, "bilinear").tolist()[0]
    [1.0, 0.0]
"""
import functools

import numpy as np

__all__ = []  # kernels' helpers; the public function is tf.image.resize

_F = np.float32

LEGACY_METHODS = ("bilinear", "nearest", "bicubic", "area")


def _scale(in_size, out_size, align_corners):
    """TF's source step per output pixel: (in-1)/(out-1) when the corners are aligned."""
    if align_corners and out_size > 1:
        return _F(in_size - 1) / _F(out_size - 1)
    return _F(in_size) / _F(out_size)


def _source(out_size, scale, half_pixel_centers, shift=True):
    """Source coordinate of each output pixel: (i + 0.5) * scale - 0.5 (half-pixel centers; without
    the - 0.5 for nearest neighbour), or i * scale (the legacy grid)."""
    i = np.arange(out_size, dtype=_F)
    if half_pixel_centers:
        src = (i + _F(0.5)) * scale
        return src - _F(0.5) if shift else src
    return i * scale


def _bilinear(in_size, out_size, align_corners, half_pixel_centers):
    w = np.zeros((out_size, in_size), _F)
    rows = np.arange(out_size)
    src = _source(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers)
    below = np.floor(src)
    lerp = src - below
    lower = np.clip(below, 0, in_size - 1).astype(np.int64)
    upper = np.clip(np.ceil(src), 0, in_size - 1).astype(np.int64)
    np.add.at(w, (rows, lower), 1 - lerp)
    np.add.at(w, (rows, upper), lerp)
    return w


def nearest_indices(in_size, out_size, align_corners=False, half_pixel_centers=True):
    """The source pixel of each output pixel: rounded (half away from zero) with aligned corners,
    floored otherwise, clamped into the image."""
    src = _source(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers, shift=False)
    idx = np.trunc(src + _F(0.5)) if align_corners else np.floor(src)  # src >= 0: roundf
    return np.clip(idx, 0, in_size - 1).astype(np.int64)


def _nearest(in_size, out_size, align_corners, half_pixel_centers):
    w = np.zeros((out_size, in_size), _F)
    w[np.arange(out_size), nearest_indices(in_size, out_size, align_corners, half_pixel_centers)] = 1
    return w


def _cubic_table(a):
    """TF's bicubic weights come from a table of the Keys kernel at 1/1024 steps of the fraction:
    entry k holds the kernel at k/1024 and at 1 + k/1024."""
    x = np.arange(1025, dtype=np.float64) / 1024
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    x1 = x + 1
    far = ((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a
    return near.astype(_F), far.astype(_F)


_KEYS_TABLE = _cubic_table(-0.5)  # half-pixel centers: Keys' a = -0.5
_LEGACY_CUBIC_TABLE = _cubic_table(-0.75)  # the legacy grid: a = -0.75


def _bicubic(in_size, out_size, align_corners, half_pixel_centers):
    w = np.zeros((out_size, in_size), _F)
    src = _source(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers)
    base = np.floor(src)
    offset = np.rint((src - base) * _F(1024)).astype(np.int64)  # lrintf: ties to even
    near, far = _KEYS_TABLE if half_pixel_centers else _LEGACY_CUBIC_TABLE
    taps = np.stack([far[offset], near[offset], near[1024 - offset], far[1024 - offset]], 1)
    idx = base.astype(np.int64)[:, None] + np.arange(-1, 3)
    clamped = np.clip(idx, 0, in_size - 1)
    if half_pixel_centers:  # taps outside the image are dropped and the rest renormalised
        taps = np.where(idx == clamped, taps, _F(0))
        total = taps.sum(1, keepdims=True)
        taps = np.where(np.abs(total) >= 1000 * np.finfo(_F).tiny, taps / np.where(total == 0, 1, total), taps)
    np.add.at(w, (np.repeat(np.arange(out_size), 4), clamped.ravel()), taps.ravel())
    return w


def _area(in_size, out_size, align_corners):
    """Each output pixel averages the source interval [i * scale, (i + 1) * scale) by overlap
    (pixels past the edge count as the last one)."""
    w = np.zeros((out_size, in_size), _F)
    scale = _scale(in_size, out_size, align_corners)
    if scale == 0:  # one source pixel with aligned corners: every interval is that pixel
        w[:, 0] = 1
        return w
    for i in range(out_size):
        start, end = _F(i) * scale, _F(i + 1) * scale
        for j in range(int(np.floor(start)), int(np.ceil(end))):
            lo, hi = max(_F(j), start), min(_F(j + 1), end)
            w[i, min(j, in_size - 1)] += (hi - lo) / scale
    return w


def _frozen(w):
    w.setflags(write=False)  # cached and shared: callers only read it
    return w


# A dataset resizes images of a few sizes again and again: the matrices are cached per size.
@functools.lru_cache(maxsize=256)
def legacy_weights(in_size, out_size, method, align_corners=False, half_pixel_centers=True):
    """(out_size, in_size) float32 weights of ResizeBilinear / ResizeNearestNeighbor / ResizeBicubic
    / ResizeArea along one axis (ResizeArea has no half-pixel grid).

        >>> legacy_weights(3, 2, "nearest", half_pixel_centers=False).tolist()
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    """
    if in_size == 0 or out_size == 0:
        return _frozen(np.zeros((out_size, in_size), _F))
    if method == "bilinear":
        return _frozen(_bilinear(in_size, out_size, align_corners, half_pixel_centers))
    if method == "nearest":
        return _frozen(_nearest(in_size, out_size, align_corners, half_pixel_centers))
    if method == "bicubic":
        return _frozen(_bicubic(in_size, out_size, align_corners, half_pixel_centers))
    return _frozen(_area(in_size, out_size, align_corners))


# -- ScaleAndTranslate ---------------------------------------------------------------------------
def _lanczos(radius):
    def f(x):
        safe = np.where(x <= 1e-3, 1, x)
        v = radius * np.sin(np.pi * safe) * np.sin(np.pi * safe / radius) / (np.pi * np.pi * safe * safe)
        return np.where(x > radius, 0, np.where(x <= 1e-3, 1, v))
    return f


def _keys_cubic(x):
    return np.where(x >= 2, 0, np.where(x >= 1, ((-0.5 * x + 2.5) * x - 4) * x + 2, (1.5 * x - 2.5) * x * x + 1))


def _mitchell_cubic(x):  # Mitchell-Netravali with B = C = 1/3
    return np.where(x >= 2, 0, np.where(x >= 1, ((-7 / 18 * x + 2) * x - 10 / 3) * x + 16 / 9,
                                        (7 / 6 * x - 2) * x * x + 8 / 9))


def _gaussian(x):  # sigma 0.5, cut at 3 sigma
    return np.where(x >= 1.5, 0, np.exp(-x * x / (2 * 0.5 * 0.5)))


# kernel_type -> (radius, function of the distance |x| >= 0)
KERNELS = {
    "lanczos1": (1.0, _lanczos(1.0)), "lanczos3": (3.0, _lanczos(3.0)), "lanczos5": (5.0, _lanczos(5.0)),
    "gaussian": (1.5, _gaussian), "box": (0.5, lambda x: np.where(x < 0.5, 1.0, np.where(x == 0.5, 0.5, 0.0))),
    "triangle": (1.0, lambda x: np.maximum(1 - x, 0)), "keyscubic": (2.0, _keys_cubic),
    "mitchellcubic": (2.0, _mitchell_cubic),
}


@functools.lru_cache(maxsize=256)
def scale_translate_weights(in_size, out_size, kernel_type, scale, translation, antialias):
    """(out_size, in_size) float32 weights of ScaleAndTranslate along one axis: output pixel x
    samples the source at (x + 0.5 - translation) / scale with the kernel (stretched by 1/scale
    when antialiasing a downscale); taps are renormalised to sum to 1, and an output pixel whose
    source falls outside the image gets no weight.

        >>> scale_translate_weights(2, 4, "triangle", 2.0, 0.0, True).tolist()[1]
        [0.75, 0.25]
    """
    radius, kernel = KERNELS[kernel_type]
    w = np.zeros((out_size, in_size), _F)
    inv_scale = _F(1) / _F(scale)
    inv_translate = -inv_scale * _F(translation)
    kernel_scale = max(inv_scale, _F(1)) if antialias else _F(1)
    reach = _F(radius) * kernel_scale
    for x in range(out_size):
        sample = (_F(x) + _F(0.5)) * inv_scale + inv_translate
        if sample < 0 or sample > in_size:
            continue
        start = min(max(int(np.ceil(sample - reach - _F(0.5))), 0), in_size - 1)
        end = min(max(int(np.floor(sample + reach - _F(0.5))), 0), in_size - 1) + 1
        pos = np.arange(start, end, dtype=_F) + _F(0.5) - sample
        taps = kernel(np.abs(pos / kernel_scale).astype(np.float64)).astype(_F)
        total = taps.sum()
        if abs(total) >= 1000 * np.finfo(_F).tiny:
            taps = taps / total
        w[x, start:end] = taps
    return _frozen(w)


def apply_weights(x, wh, ww):
    """x (N, H, W, C) -> (N, h, w, C) with wh (h, H) and ww (w, W) (the transposes for gradients)."""
    t = np.einsum("ip,npqc->niqc", wh, x, optimize=True)
    return np.einsum("jq,niqc->nijc", ww, t, optimize=True)
