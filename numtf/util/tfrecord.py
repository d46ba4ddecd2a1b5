"""TFRecord files: `tf.io.TFRecordWriter`, `tf.io.TFRecordOptions`, and the record parser that
`tf.data.TFRecordDataset` and `tf.compat.v1.io.tf_record_iterator` use (numtf/data/readers.py).

A record is framed as numtf/util/events.py's `frame_record` does it (length, masked CRC32C of the
length, data, masked CRC32C of the data); a file may be compressed as a whole with GZIP or ZLIB,
which is what TensorFlow's own writer produces (zlib's default level and a gzip header with no
name and time 0, as TF writes it).

    >>> with tf.io.TFRecordWriter("data.tfrecord") as writer:
    ...     writer.write(example.SerializeToString())
    >>> [r for r in tf.compat.v1.io.tf_record_iterator("data.tfrecord")]
"""
import os
import struct
import zlib

from ..framework.errors import DataLossError, FailedPreconditionError, NotFoundError
from .events import frame_record, masked_crc32c

__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "iter_records"]


class TFRecordCompressionType:
    """The compression of a TFRecord file (TF1's enum: NONE, ZLIB, GZIP)."""
    NONE = 0
    ZLIB = 1
    GZIP = 2


_TYPE_STRINGS = {TFRecordCompressionType.NONE: "", TFRecordCompressionType.ZLIB: "ZLIB",
                 TFRecordCompressionType.GZIP: "GZIP"}


class TFRecordOptions:
    """How a TFRecord file is compressed: `compression_type` "" (none), "ZLIB" or "GZIP", plus
    zlib's tuning knobs (`compression_level`, `window_bits`, `mem_level`, `compression_strategy`,
    `flush_mode`); the buffer sizes are accepted and change nothing but speed.

        >>> writer = tf.io.TFRecordWriter("data.tfrecord.gz", tf.io.TFRecordOptions(compression_type="GZIP"))
    """
    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB", TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None, output_buffer_size=None,
                 window_bits=None, compression_level=None, compression_method=None, mem_level=None,
                 compression_strategy=None):
        if compression_type is not None:  # validated now, as TF does
            self.get_compression_type_string(compression_type)
        if compression_method not in (None, zlib.DEFLATED):
            raise NotImplementedError(f"compression_method={compression_method!r}: only zlib.DEFLATED (8) exists")
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """The compression of `options` (None, a string, an enum value or TFRecordOptions) as
        "", "ZLIB" or "GZIP".

            >>> tf.io.TFRecordOptions.get_compression_type_string("GZIP")
            'GZIP'
        """
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if isinstance(options, int) and options in _TYPE_STRINGS:
            return _TYPE_STRINGS[options]
        if options in ("", "ZLIB", "GZIP"):
            return options
        raise ValueError(f'Not a valid compression_type: "{options}"')


def _options(options):
    return options if isinstance(options, TFRecordOptions) else TFRecordOptions(options)


class TFRecordWriter:
    """Writes records (bytes, or str as UTF-8) to a TFRecord file, compressed as `options` says
    (None, "GZIP", "ZLIB" or a TFRecordOptions). The file is written as records arrive (a reader
    sees them after `flush()`), not atomically at the end, as TensorFlow's writer does.

        >>> with tf.io.TFRecordWriter("data.tfrecord") as writer:
        ...     writer.write(b"record")
    """

    def __init__(self, path, options=None):
        opts = _options(options)
        kind = TFRecordOptions.get_compression_type_string(opts)
        path = os.fspath(path.decode() if isinstance(path, bytes) else path)
        try:
            self._file = open(path, "wb")
        except FileNotFoundError:
            raise NotFoundError(None, None, f"{path}; No such file or directory") from None
        self._compressor = None
        self._flush_mode = opts.flush_mode
        if kind:
            level = -1 if opts.compression_level is None else opts.compression_level
            bits = 15 if opts.window_bits is None else opts.window_bits
            self._compressor = zlib.compressobj(
                level, zlib.DEFLATED, bits + 16 if kind == "GZIP" else bits,
                8 if opts.mem_level is None else opts.mem_level,
                zlib.Z_DEFAULT_STRATEGY if opts.compression_strategy is None else opts.compression_strategy)

    def _check_open(self):
        if self._file is None:
            raise FailedPreconditionError(None, None, "Writer is closed.")

    def write(self, record):
        """Appends one record."""
        if isinstance(record, str):
            record = record.encode("utf-8")
        if not isinstance(record, bytes):
            raise TypeError("write(): incompatible function arguments. The following argument types are supported:"
                            f"\n    1. (self: RecordWriter, record: str) -> None\n\nInvoked with: {self!r}, {record!r}")
        self._check_open()
        data = frame_record(record)
        self._file.write(self._compressor.compress(data) if self._compressor else data)

    def flush(self):
        """Pushes what was written to the file (a compressed stream is flushed to a byte boundary)."""
        self._check_open()
        if self._compressor is not None:
            self._file.write(self._compressor.flush(zlib.Z_SYNC_FLUSH if self._flush_mode is None
                                                    else self._flush_mode))
        self._file.flush()

    def close(self):
        """Finishes the file; later writes raise FailedPreconditionError."""
        if self._file is None:
            return
        if self._compressor is not None:
            self._file.write(self._compressor.flush(zlib.Z_FINISH))
        self._file.close()
        self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


def iter_records(data, error=DataLossError, op=None):
    """The payloads of the TFRecords in `data` (the whole, decompressed file), with TF's errors
    for a corrupted or truncated record. A partial header at the end ends the records quietly, as
    in TF.

        >>> list(iter_records(frame_record(b"ab")))
        [b'ab']
    """
    pos, n = 0, len(data)
    while pos + 12 <= n:
        header = data[pos:pos + 8]
        if struct.unpack("<I", data[pos + 8:pos + 12])[0] != masked_crc32c(header):
            hint = " (Is this even a TFRecord file?)" if pos == 0 else ""
            raise error(None, op, f"corrupted record at {pos}{hint}")
        (size,) = struct.unpack("<Q", header)
        if pos + 16 + size > n:
            raise error(None, op, f"truncated record at {pos}' failed with Read less bytes than requested")
        record = data[pos + 12:pos + 12 + size]
        if struct.unpack("<I", data[pos + 12 + size:pos + 16 + size])[0] != masked_crc32c(record):
            raise error(None, op, f"corrupted record at {pos + 12}")
        yield bytes(record)
        pos += 16 + size
