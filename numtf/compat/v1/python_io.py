"""`tf.compat.v1.python_io`: TF1's TFRecord file API (re-exports only).

    >>> with tf.compat.v1.python_io.TFRecordWriter("data.tfrecord") as w:
    ...     w.write(b"record")
"""
from ...util.tfrecord import TFRecordCompressionType, TFRecordOptions, TFRecordWriter  # noqa: F401
from ...data.readers import tf_record_iterator  # noqa: F401
