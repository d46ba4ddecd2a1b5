"""`tf.image` namespace: re-exports only."""
from .ops.image_ops import resize  # noqa: F401
from .ops.image_basic_ops import (flip_left_right, flip_up_down, rot90, convert_image_dtype,  # noqa: F401
                                  rgb_to_grayscale, grayscale_to_rgb, adjust_brightness, adjust_contrast,
                                  per_image_standardization, crop_to_bounding_box, pad_to_bounding_box,
                                  resize_with_crop_or_pad, central_crop, random_flip_left_right,
                                  random_flip_up_down, random_brightness)
from .ops.image_basic_ops import transpose_image as transpose  # noqa: F401
from .ops.image_color_ops import (rgb_to_hsv, hsv_to_rgb, adjust_hue, adjust_saturation, adjust_gamma,  # noqa: F401
                                  rgb_to_yiq, yiq_to_rgb, rgb_to_yuv, yuv_to_rgb)
from .ops.image_random_ops import (random_contrast, random_hue, random_saturation, random_crop,  # noqa: F401
                                   stateless_random_brightness, stateless_random_contrast, stateless_random_hue,
                                   stateless_random_saturation, stateless_random_crop,
                                   stateless_random_flip_left_right, stateless_random_flip_up_down)
from .ops.image_crop_ops import crop_and_resize, extract_patches, resize_with_pad  # noqa: F401
from .ops.image_quality_ops import (total_variation, psnr, ssim, ssim_multiscale, sobel_edges,  # noqa: F401
                                    image_gradients)
from .ops.image_box_ops import (non_max_suppression, non_max_suppression_with_scores,  # noqa: F401
                                non_max_suppression_padded, non_max_suppression_overlaps,
                                combined_non_max_suppression, draw_bounding_boxes, sample_distorted_bounding_box,
                                stateless_sample_distorted_bounding_box)
from .ops.image_io_ops import decode_png, encode_png, decode_bmp, decode_image, decode_jpeg  # noqa: F401


class ResizeMethod:
    """The `method` names `tf.image.resize` takes.

        >>> tf.image.ResizeMethod.LANCZOS3
        'lanczos3'
    """
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"
