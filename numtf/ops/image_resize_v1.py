"""TF 1's image resizing (`tf.compat.v1.image`): `resize_images` / `resize` with the integer
`ResizeMethod` and `align_corners`, and the kernel wrappers `resize_bilinear`,
`resize_nearest_neighbor`, `resize_bicubic`, `resize_area` (TF 1's legacy sampling grid unless
`half_pixel_centers=True`).

    >>> import numtf.compat.v1 as tf1
    >>> tf1.image.resize_images(tf1.ones([4, 4, 1]), [2, 2], method=tf1.image.ResizeMethod.AREA).shape
    TensorShape([2, 2, 1])
"""
import logging
import sys

from .image_crop_ops import resize_and_pad
from .image_ops import (RESIZE_AREA, RESIZE_BICUBIC, RESIZE_BILINEAR, RESIZE_NEAREST, _const,
                        aspect_preserving_size, check_images_and_size)
from .array_ops import _as_tensor, squeeze
from .convert import convert_to_tensor
from .registry import execute

__all__ = []  # public names live in tf.compat.v1.image


class ResizeMethodV1:
    """TF 1's resize methods, the integers `tf.compat.v1.image.resize_images` takes."""
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


# method (TF 1's integer or TF 2's name) -> the kernel's key
_V1_METHODS = {0: "bilinear", 1: "nearest", 2: "bicubic", 3: "area", "bilinear": "bilinear", "nearest": "nearest",
               "bicubic": "bicubic", "area": "area"}
_KERNELS = {"bilinear": RESIZE_BILINEAR, "nearest": RESIZE_NEAREST, "bicubic": RESIZE_BICUBIC}
_warned = set()


def _warn_deprecated(fn_name, method):
    """TF's deprecation warning, logged once per function, naming the caller's line."""
    if fn_name in _warned:
        return
    _warned.add(fn_name)
    frame = sys._getframe(2)
    logging.getLogger("tensorflow").warning(
        f"From {frame.f_code.co_filename}:{frame.f_lineno}: {fn_name} (from numtf.compat.v1.image) is deprecated "
        f"and will be removed in a future version.\nInstructions for updating:\n"
        f"Use `tf.image.resize(...method=ResizeMethod.{method}...)` instead.")


def _kernel(method, images, size, align_corners, half_pixel_centers):
    images, size = _as_tensor(images), convert_to_tensor(size)
    if method == "area":
        return execute(RESIZE_AREA, (images, size), {"align_corners": bool(align_corners)})
    return execute(_KERNELS[method], (images, size),
                   {"align_corners": bool(align_corners), "half_pixel_centers": bool(half_pixel_centers)})


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """TF 1's ResizeBilinear on a batch (N, H, W, C): float32 results.

        >>> tf.compat.v1.image.resize_bilinear(tf.ones([1, 2, 2, 1]), [3, 3]).shape
        TensorShape([1, 3, 3, 1])
    """
    _warn_deprecated("resize_bilinear", "BILINEAR")
    return _kernel("bilinear", images, size, align_corners, half_pixel_centers)


def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """TF 1's ResizeNearestNeighbor on a batch (N, H, W, C): keeps the dtype.

        >>> tf.compat.v1.image.resize_nearest_neighbor(tf.ones([1, 2, 2, 1]), [3, 3]).shape
        TensorShape([1, 3, 3, 1])
    """
    _warn_deprecated("resize_nearest_neighbor", "NEAREST_NEIGHBOR")
    return _kernel("nearest", images, size, align_corners, half_pixel_centers)


def resize_bicubic(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """TF 1's ResizeBicubic on a batch (N, H, W, C): float32 results.

        >>> tf.compat.v1.image.resize_bicubic(tf.ones([1, 2, 2, 1]), [3, 3]).shape
        TensorShape([1, 3, 3, 1])
    """
    _warn_deprecated("resize_bicubic", "BICUBIC")
    return _kernel("bicubic", images, size, align_corners, half_pixel_centers)


def resize_area(images, size, align_corners=False, name=None):
    """TF 1's ResizeArea on a batch (N, H, W, C): float32 results (no gradient, as in TF).

        >>> tf.compat.v1.image.resize_area(tf.ones([1, 4, 4, 1]), [2, 2]).shape
        TensorShape([1, 2, 2, 1])
    """
    _warn_deprecated("resize_area", "AREA")
    return _kernel("area", images, size, align_corners, False)


def resize_images(images, size, method=ResizeMethodV1.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    """TF 1's resize of images (N, H, W, C) or one image (H, W, C) on the legacy sampling grid.
    A resize to the same (statically known) size returns the images unchanged, dtype included;
    otherwise the result is float32 but for NEAREST_NEIGHBOR, which keeps the dtype.

        >>> tf.compat.v1.image.resize_images(tf.ones([4, 4, 3], tf.uint8), [2, 2]).dtype
        tf.float32
    """
    key = _V1_METHODS.get(method) if isinstance(method, (int, str)) else None
    if key is None:
        raise ValueError(f"Resize method is not implemented: {method}")
    batch, unbatched, size_t = check_images_and_size(images, size)
    if preserve_aspect_ratio:
        size_t = aspect_preserving_size(batch, size_t)
    new = _const(size_t)
    if new is not None and list(batch.shape[1:3]) == [int(new[0]), int(new[1])]:
        out = batch  # TF 1 skips a resize that changes nothing
    else:
        out = _kernel(key, batch, size_t, align_corners, False)
    return squeeze(out, [0]) if unbatched else out


def resize_image_with_pad(image, target_height, target_width, method=ResizeMethodV1.BILINEAR, align_corners=False):
    """TF 1's resize_with_pad: fits the image inside the target keeping its aspect ratio (with
    `resize_images`), then zero-pads it centred.

        >>> tf.compat.v1.image.resize_image_with_pad(tf.ones([5, 3, 1]), 4, 7).shape
        TensorShape([4, 7, 1])
    """
    return resize_and_pad(image, target_height, target_width,
                          lambda img, size: resize_images(img, size, method=method, align_corners=align_corners))
