"""`tf.io` namespace: re-exports only (files, the PNG/BMP codecs of ops/image_io_ops.py, gfile)."""
from .ops.image_io_ops import (read_file, write_file, decode_png, encode_png, decode_bmp, decode_image,  # noqa: F401
                               decode_jpeg)
from .util import gfile  # noqa: F401
from .ops.raw_codec_ops import decode_raw  # noqa: F401,E402
