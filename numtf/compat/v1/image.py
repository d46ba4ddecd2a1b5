"""`tf.compat.v1.image`: TF2's tf.image, plus TF1's resize functions (`resize_images`/`resize` with
the integer `ResizeMethod` and `align_corners`, `resize_bilinear`, `resize_nearest_neighbor`,
`resize_bicubic`, `resize_area`, `resize_image_with_pad`) and TF1's names for TF2 functions.

    >>> tf.compat.v1.image.ResizeMethod.BICUBIC
    2
"""
from ...image import *  # noqa: F401,F403
from ...ops.image_resize_v1 import (ResizeMethodV1 as ResizeMethod, resize_images, resize_bilinear,  # noqa: F401
                                    resize_nearest_neighbor, resize_bicubic, resize_area, resize_image_with_pad)
from ...ops.image_resize_v1 import resize_images as resize  # noqa: F401
from ...ops.image_basic_ops import resize_with_crop_or_pad as resize_image_with_crop_or_pad  # noqa: F401
from ...ops.image_basic_ops import transpose_image  # noqa: F401
