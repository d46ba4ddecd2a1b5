"""TF's small compat helpers: bytes/text conversion and `dimension_value`.

    >>> tf.compat.as_bytes('abc')
    b'abc'
"""
import os


def as_bytes(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as bytes (text is encoded)."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as str (bytes are decoded)."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value, encoding="utf-8"):
    """`value` as str: bytes decoded, anything else through str().

        >>> tf.compat.as_str_any(3)
    """
    return as_str(value, encoding) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    """A path-like object as str (other values unchanged).

        >>> tf.compat.path_to_str(pathlib.Path("a"))
    """
    return os.fspath(path) if isinstance(path, os.PathLike) else path


def dimension_value(dimension):
    """The int (or None) of a TensorShape dimension."""
    return getattr(dimension, "value", dimension)
