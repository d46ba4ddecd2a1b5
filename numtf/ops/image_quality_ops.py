"""`tf.image`'s image metrics and derivative filters: total_variation, psnr, ssim, ssim_multiscale,
sobel_edges and image_gradients. All are composites of numtf ops (differentiable, as in TF).

psnr and ssim work in float32 as TF does (integer images are rescaled with convert_image_dtype,
max_val with them); the SSIM statistics are Gaussian-weighted means over VALID windows
(a depthwise convolution), with TF's constants c1 = (k1 max_val)^2, c2 = (k2 max_val)^2.

    >>> float(tf.image.psnr(tf.zeros([2, 2, 1]), tf.fill([2, 2, 1], 0.1), max_val=1.0))
    20.0
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from .array_ops import _as_tensor, reshape, shape as _shape, zeros_like
from .convert import convert_to_tensor
from .depthwise_ops import depthwise_conv2d
from .image_basic_ops import convert_image_dtype
from .join_ops import concat, pad
from .math_ops import abs as _abs, log, multiply, maximum, pow as _pow, squared_difference
from .pool_ops import avg_pool2d
from .reduction_ops import reduce_mean, reduce_prod, reduce_sum
from .stack_ops import cast, stack

__all__ = []  # public names live in tf.image

_LOG10 = float(np.log(10.0))


def total_variation(images, name=None):
    """The sum of absolute differences between neighbouring pixels (down and right): a scalar for
    one image [H, W, C], one value per image for a batch [N, H, W, C]. Same dtype as the images.

        >>> tf.image.total_variation(tf.constant([[[0.0], [1.0]], [[1.0], [3.0]]])).numpy().item()
        6.0
    """
    images = _as_tensor(images)
    rank = images.shape.rank
    if rank == 3:
        d1, d2, axis = images[1:, :, :] - images[:-1, :, :], images[:, 1:, :] - images[:, :-1, :], None
    elif rank == 4:
        d1, d2, axis = images[:, 1:, :, :] - images[:, :-1, :, :], images[:, :, 1:, :] - images[:, :, :-1, :], [1, 2, 3]
    else:
        raise ValueError("'images' must be either 3 or 4-dimensional.")
    if images.dtype.is_unsigned:
        raise InvalidArgumentError(None, "Abs", f"Value for attr 'T' of {images.dtype.name} is not in the list of "
                                   "allowed values: bfloat16, half, float, double, int8, int16, int32, int64 [Op:Abs]")
    return reduce_sum(_abs(d1), axis=axis) + reduce_sum(_abs(d2), axis=axis)


def _as_float32(img, max_val):
    """TF's preprocessing for psnr/ssim: images to float32 by convert_image_dtype, and max_val
    (given in the images' own units) converted the same way."""
    img = _as_tensor(img)
    max_val = convert_image_dtype(cast(convert_to_tensor(max_val), img.dtype), dtypes.float32)
    return convert_image_dtype(img, dtypes.float32), max_val


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio in dB, 20 log10(max_val) - 10 log10(mse), the mse over each
    image's last three axes: one float32 value per image.

        >>> float(tf.image.psnr(tf.zeros([2, 2, 1]), tf.fill([2, 2, 1], 0.1), max_val=1.0))
        20.0
    """
    a, max_val = _as_float32(a, max_val)
    b, _ = _as_float32(b, 1)
    mse = reduce_mean(squared_difference(a, b), axis=[-3, -2, -1])
    return multiply(log(max_val), 20.0 / _LOG10) - multiply(log(mse), 10.0 / _LOG10)


def _gaussian(size, sigma):
    """A normalized (size, size) Gaussian window."""
    coords = np.arange(size, dtype=np.float64) - (size - 1) / 2.0
    g = np.exp(-0.5 * coords ** 2 / float(sigma) ** 2)
    g = np.outer(g, g)
    return g / g.sum()


def _check_pair(img1, img2, op):
    s1, s2 = img1.shape, img2.shape
    if s1.rank is not None and s1.rank < 3 or s2.rank is not None and s2.rank < 3:
        raise ValueError(f"{op}: the images must have at least 3 dimensions, got {s1} and {s2}")
    if s1.rank is not None and s2.rank is not None:
        for x, y in zip(s1.as_list()[-3:], s2.as_list()[-3:]):
            if x is not None and y is not None and x != y:
                raise ValueError(f"{op}: the images' shapes {s1} and {s2} are not compatible")


def _ssim_per_channel(x, y, max_val, filter_size, filter_sigma, k1, k2):
    """(ssim map, contrast-structure map) per channel of images [..., H, W, C] in any float dtype
    (float32 from the public functions; the float64 path is for gradient checks)."""
    static = x.shape.as_list()
    h, w, c = static[-3:]
    if c is None:
        raise ValueError("ssim needs the number of channels to be known")
    if h is not None and w is not None and (h < filter_size or w < filter_size):
        raise InvalidArgumentError(None, "ssim", f"ssim: the images ({h}x{w}) must be at least filter_size "
                                   f"({filter_size}) in height and width")
    kernel = np.tile(_gaussian(filter_size, filter_sigma)[:, :, None, None], (1, 1, c, 1))
    kernel = convert_to_tensor(kernel.astype(x.dtype.as_numpy_dtype), x.dtype)
    dyn = _shape(x)
    outer = dyn[:-3]

    def blur(t):  # Gaussian-weighted mean over each VALID window
        flat = reshape(t, concat([[-1], dyn[-3:]], 0))
        out = depthwise_conv2d(flat, kernel, [1, 1, 1, 1], "VALID")
        return reshape(out, concat([outer, _shape(out)[1:]], 0))

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu_x, mu_y = blur(x), blur(y)
    num0 = mu_x * mu_y * 2.0
    den0 = mu_x * mu_x + mu_y * mu_y
    luminance = (num0 + c1) / (den0 + c1)
    num1 = blur(x * y) * 2.0
    den1 = blur(x * x + y * y)
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    return luminance * cs, cs


def _ssim_setup(img1, img2, max_val, op):
    img1, max_val = _as_float32(img1, max_val)
    img2, _ = _as_float32(img2, 1)
    _check_pair(img1, img2, op)
    return img1, img2, max_val


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, return_index_map=False):
    """The structural similarity of two batches of images [..., H, W, C]: the mean over windows and
    channels of luminance x contrast-structure, one float32 value per image (or, with
    `return_index_map`, the per-window map averaged over channels).

        >>> float(tf.image.ssim(tf.ones([1, 4, 4, 1]), tf.ones([1, 4, 4, 1]), 1.0, filter_size=3)[0])
        1.0
    """
    img1, img2, max_val = _ssim_setup(img1, img2, max_val, "ssim")
    index_map, _ = _ssim_per_channel(img1, img2, max_val, int(filter_size), filter_sigma, k1, k2)
    if return_index_map:
        return reduce_mean(index_map, axis=[-1])
    return reduce_mean(index_map, axis=[-3, -2, -1])


_MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def ssim_multiscale(img1, img2, max_val, power_factors=_MS_SSIM_WEIGHTS, filter_size=11, filter_sigma=1.5,
                    k1=0.01, k2=0.03):
    """Multi-scale SSIM: the contrast-structure term at each scale but the last and the full SSIM
    at the last, each clipped at 0 and raised to its power factor, multiplied; scales are 2x2
    average-pooled (odd sizes padded symmetrically first). One float32 value per image.

        >>> float(tf.image.ssim_multiscale(tf.ones([1, 8, 8, 1]), tf.ones([1, 8, 8, 1]), 1.0,
        ...                                power_factors=(0.5, 0.5), filter_size=3)[0])
        1.0
    """
    img1, img2, max_val = _ssim_setup(img1, img2, max_val, "ssim_multiscale")
    dyn = _shape(img1)
    outer = dyn[:-3]
    x = reshape(img1, concat([[-1], dyn[-3:]], 0))
    y = reshape(img2, concat([[-1], dyn[-3:]], 0))
    terms = []
    for k in range(len(power_factors)):
        if k > 0:
            x, y = _downscale(x), _downscale(y)
        ssim_map, cs_map = _ssim_per_channel(x, y, max_val, int(filter_size), filter_sigma, k1, k2)
        terms.append(maximum(reduce_mean(cs_map, axis=[1, 2]), 0.0))
    terms[-1] = maximum(reduce_mean(ssim_map, axis=[1, 2]), 0.0)
    powers = convert_to_tensor(np.asarray(power_factors, np.float32))
    per_channel = reduce_prod(_pow(stack(terms, axis=-1), powers), axis=[-1])
    return reshape(reduce_mean(per_channel, axis=[-1]), outer)


def _downscale(x):
    h, w = x.shape[1], x.shape[2]
    if h is None or w is None:
        raise ValueError("numtf's ssim_multiscale needs the images' height and width to be known")
    if h % 2 or w % 2:
        x = pad(x, [[0, 0], [0, h % 2], [0, w % 2], [0, 0]], mode="SYMMETRIC")
    return avg_pool2d(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")


def sobel_edges(image):
    """The Sobel derivatives of images [N, H, W, C] (edges reflected): [N, H, W, C, 2] holding
    d/dy and d/dx. Float images; differentiable.

        >>> tf.image.sobel_edges(tf.ones([1, 3, 3, 1])).shape
        TensorShape([1, 3, 3, 1, 2])
    """
    image = _as_tensor(image)
    if image.shape.rank != 4:
        raise InvalidArgumentError(None, "MirrorPad", "The first dimension of paddings must be the rank of "
                                   f"inputs[4,2], {image.shape.as_list() if image.shape.rank else []} [Op:MirrorPad]")
    c = image.shape[3]
    if c is None:
        raise ValueError("sobel_edges needs the number of channels to be known")
    dy = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], np.float64)
    kernels = np.stack([dy, dy.T], axis=-1)[:, :, None, :]  # (3, 3, 1, 2)
    kernels = np.tile(kernels, (1, 1, c, 1)).astype(image.dtype.as_numpy_dtype)
    padded = pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    out = depthwise_conv2d(padded, convert_to_tensor(kernels, image.dtype), [1, 1, 1, 1], "VALID")
    return reshape(out, concat([_shape(image), [2]], 0))


def image_gradients(image):
    """Forward differences (dy, dx) of images [N, H, W, C], each [N, H, W, C] with a zero last
    row (dy) or column (dx). Differentiable.

        >>> dy, dx = tf.image.image_gradients(tf.reshape(tf.range(4.0), [1, 2, 2, 1]))
        >>> dy[0, :, :, 0].numpy().tolist(), dx[0, :, :, 0].numpy().tolist()
        ([[2.0, 2.0], [0.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    """
    image = _as_tensor(image)
    if image.shape.rank != 4:
        raise ValueError("image_gradients expects a 4D tensor [batch_size, h, w, d], not "
                         f"{tuple(image.shape.as_list()) if image.shape.rank is not None else image.shape}.")
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    dy = concat([dy, zeros_like(image[:, :1, :, :])], 1)
    dx = concat([dx, zeros_like(image[:, :, :1, :])], 2)
    return dy, dx
