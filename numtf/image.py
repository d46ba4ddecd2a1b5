"""`tf.image` namespace: re-exports only (resizing so far)."""
from .ops.image_ops import resize  # noqa: F401


class ResizeMethod:
    """The `method` names `tf.image.resize` takes."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
