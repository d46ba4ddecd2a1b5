"""`tf.image` namespace: re-exports only."""
from .ops.image_ops import resize  # noqa: F401
from .ops.image_basic_ops import (flip_left_right, flip_up_down, rot90, convert_image_dtype,  # noqa: F401
                                  rgb_to_grayscale, grayscale_to_rgb, adjust_brightness, adjust_contrast,
                                  per_image_standardization, crop_to_bounding_box, pad_to_bounding_box,
                                  resize_with_crop_or_pad, central_crop, random_flip_left_right,
                                  random_flip_up_down, random_brightness)
from .ops.image_basic_ops import transpose_image as transpose  # noqa: F401


class ResizeMethod:
    """The `method` names `tf.image.resize` takes."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
