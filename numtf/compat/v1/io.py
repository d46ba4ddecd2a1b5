"""`tf.compat.v1.io`: TF2's tf.io, except where TF1's functions differ (`decode_raw` also takes
its input as `bytes=`), plus TF1's TFRecord reader and compression enum.

    >>> tf.compat.v1.io.decode_raw(bytes=[b"ab"], out_type=tf.uint8).numpy().tolist()
    [[97, 98]]
"""
from ...io import *  # noqa: F401,F403
from ...ops.raw_codec_ops import decode_raw_v1 as decode_raw  # noqa: F401
from ...data.csv import decode_csv_v1 as decode_csv  # noqa: F401
from ...util.tfrecord import TFRecordCompressionType  # noqa: F401
from ...data.readers import tf_record_iterator  # noqa: F401
