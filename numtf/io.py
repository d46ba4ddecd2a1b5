"""`tf.io` namespace: re-exports only (files, the PNG/BMP codecs of ops/image_io_ops.py, gfile,
TFRecord files of util/tfrecord.py, Example parsing of ops/parsing_ops.py)."""
from .ops.image_io_ops import (read_file, write_file, decode_png, encode_png, decode_bmp, decode_image,  # noqa: F401
                               decode_jpeg)
from .util import gfile  # noqa: F401
from .ops.raw_codec_ops import decode_raw  # noqa: F401,E402
from .ops.string_ops import encode_base64, decode_base64  # noqa: F401,E402
from .util.tfrecord import TFRecordWriter, TFRecordOptions  # noqa: F401,E402
from .ops.parsing_ops import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature,  # noqa: F401,E402
                              SparseFeature, parse_single_example, parse_example, serialize_tensor, parse_tensor)
from .ops.parsing_sequence import parse_single_sequence_example, parse_sequence_example  # noqa: F401,E402
from .data.csv import decode_csv  # noqa: F401,E402
