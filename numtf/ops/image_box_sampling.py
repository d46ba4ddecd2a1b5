"""The kernels behind `tf.image.sample_distorted_bounding_box` and its stateless variant
(SampleDistortedBoundingBoxV2, StatelessSampleDistortedBoundingBox); the public functions are in
image_box_ops.py.

Each attempt draws an aspect ratio (width / height) and an area fraction uniformly from their
ranges, rounds the crop to whole pixels, rejects it if it leaves the image or the area range, and
places it uniformly; it is accepted when it covers at least `min_object_covered` of the area of
one of the bounding boxes. After `max_attempts` rejections the crop is the whole image.

    >>> from numtf.ops.image_box_sampling import sample_box_array
    >>> sample_box_array(np.random.default_rng(0), np.array([4, 4, 3]), np.zeros((0, 4), np.float32),
    ...                  0.1, (1.0, 1.0), (1.0, 1.0), 10, True)[1].tolist()
    [4, 4, -1]
"""
import math

import numpy as np

from ..framework import dtypes, random_seed
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import no_gradient, primitive

__all__ = []

_OP = "SampleDistortedBoundingBoxV2"
_SIZE_TYPES = (dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64)


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _covers(crop, boxes, min_covered):
    if min_covered <= 0:
        return True
    y1, x1, y2, x2 = crop
    b = np.clip(boxes.astype(np.float64), 0, 1)
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    ih = np.clip(np.minimum(y2, b[:, 2]) - np.maximum(y1, b[:, 0]), 0, None)
    iw = np.clip(np.minimum(x2, b[:, 3]) - np.maximum(x1, b[:, 1]), 0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(area > 0, ih * iw / np.where(area > 0, area, 1), 0)
    return bool(np.any(frac >= min_covered))


def sample_box_array(g, image_size, boxes, min_covered, aspect_range, area_range, attempts, use_image, op=_OP):
    """(begin, size, bboxes) arrays for one draw from Generator `g` (see the module docstring)."""
    image_size = np.asarray(image_size)
    if image_size.shape != (3,):
        raise _err(op, f"image_size must contain 3 elements[{','.join(map(str, image_size.shape))}]")
    h, w = int(image_size[0]), int(image_size[1])
    if h <= 0 or w <= 0:
        raise _err(op, f"image height and width must be positive, got {h}x{w}")
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
    if boxes.shape[0] == 0:
        if not use_image:
            raise _err(op, "No bounding boxes provided as input. One must enable use_image_if_no_bounding_boxes "
                           "if you wish to not provide any bounding boxes.")
        boxes = np.array([[0, 0, 1, 1]], np.float32)
    y, x, ch, cw = 0, 0, h, w
    for _ in range(attempts):
        aspect = g.uniform(aspect_range[0], aspect_range[1])
        frac = g.uniform(min(area_range), max(area_range))
        hh = int(round(math.sqrt(frac * h * w / aspect)))
        ww = int(round(hh * aspect))
        if hh < 1 or ww < 1 or hh > h or ww > w:
            continue
        if not area_range[0] <= hh * ww / (h * w) <= area_range[1]:
            continue
        yy, xx = int(g.integers(0, h - hh + 1)), int(g.integers(0, w - ww + 1))
        if _covers((yy / h, xx / w, (yy + hh) / h, (xx + ww) / w), boxes, min_covered):
            y, x, ch, cw = yy, xx, hh, ww
            break
    dt = image_size.dtype
    bbox = np.array([[[y / h, x / w, (y + ch) / h, (x + cw) / w]]], np.float32)
    return np.array([y, x, 0], dt), np.array([ch, cw, -1], dt), bbox


def _kernel(image_size, boxes, rng, **attrs):
    return sample_box_array(random_seed.generator_of(rng), image_size, boxes, **attrs)


def _stateless_kernel(image_size, boxes, seed, **attrs):
    from .random_ops import _stateless
    g = _stateless(seed, "StatelessSampleDistortedBoundingBox")
    return sample_box_array(g, image_size, boxes, op="StatelessSampleDistortedBoundingBox", **attrs)


def _infer(ins, attrs):
    d = ins[0].dtype
    return [(TensorShape([3]), d), (TensorShape([3]), d), (TensorShape([1, 1, 4]), dtypes.float32)]


SAMPLE_BOX = primitive(_OP, _kernel, _infer, num_outputs=3, stateful=True)
S_SAMPLE_BOX = primitive("StatelessSampleDistortedBoundingBox", _stateless_kernel, _infer, num_outputs=3)
no_gradient(SAMPLE_BOX, "sampling is not differentiable (TF defines no gradient)")
no_gradient(S_SAMPLE_BOX, "sampling is not differentiable (TF defines no gradient)")


def _g(v):
    return f"{float(v):g}"


def sample_box_attrs(image_size, bounding_boxes, min_object_covered, aspect_ratio_range, area_range,
                     max_attempts, use_image_if_no_bounding_boxes):
    """Validates the arguments as TF does (same messages) and returns (image_size, boxes, attrs)."""
    aspect = tuple(float(v) for v in (aspect_ratio_range or (0.75, 1.33)))
    area = tuple(float(v) for v in (area_range or (0.05, 1.0)))
    attempts = 100 if max_attempts is None else int(max_attempts)
    covered = float(min_object_covered)
    if covered < 0:
        raise _err(_OP, f"Min object covered must be non-negative: {_g(covered)}")
    if len(aspect) != 2 or min(aspect) <= 0:
        raise _err(_OP, f"Aspect ratio range must be non-negative: [{', '.join(map(_g, aspect))}]")
    if len(area) != 2 or min(area) < 0 or max(area) > 1:
        raise _err(_OP, f"Area range must be non-negative: [{', '.join(map(_g, area))}]")
    if attempts <= 0:
        raise _err(_OP, f"Max attempts must be non-negative: {attempts}")
    size = convert_to_tensor(image_size)
    if size.dtype not in _SIZE_TYPES:
        raise _err(_OP, f"Value for attr 'T' of {size.dtype.name} is not in the list of allowed values: "
                        "uint8, int8, int16, int32, int64")
    attrs = {"min_covered": covered, "aspect_range": aspect, "area_range": area, "attempts": attempts,
             "use_image": bool(use_image_if_no_bounding_boxes)}
    return size, convert_to_tensor(bounding_boxes, dtypes.float32), attrs
