"""tf.io.decode_raw (DecodeRaw / DecodePaddedRaw): values and messages as TF 2.21 gives them, and
strings whose trailing NUL bytes survive tf.constant and the string ops."""
import numpy as np
import pytest

import numtf as tf


def test_decode_raw_endianness_and_types():
    assert tf.io.decode_raw(b"\x01\x00\x02\x00", tf.int16).numpy().tolist() == [1, 2]
    assert tf.io.decode_raw(b"\x01\x00\x02\x00", tf.int16, little_endian=False).numpy().tolist() == [256, 512]
    f = tf.io.decode_raw(np.array([1.5, 2.0], np.float32).tobytes(), tf.float32)
    assert f.dtype == tf.float32 and f.numpy().tolist() == [1.5, 2.0]
    assert tf.io.decode_raw(b"ab", tf.bool).numpy().tolist() == [True, True]
    assert tf.io.decode_raw(b"\x00\x00\x80\x3f\x00\x00\x00\x40", tf.complex64).numpy().tolist() == [1 + 2j]
    assert tf.io.decode_raw(b"\x00\x3c", tf.float16).numpy().tolist() == [1.0]
    assert tf.io.decode_raw(b"\x00\x3c", tf.bfloat16).numpy().tolist() == [0.0078125]
    empty = tf.io.decode_raw(b"", tf.float32)
    assert empty.shape == (0,) and empty.dtype == tf.float32


def test_decode_raw_batches_and_fixed_length():
    out = tf.io.decode_raw([b"abcd", b"efgh"], tf.uint8)
    assert out.shape == (2, 4) and out.numpy()[1].tolist() == [101, 102, 103, 104]
    padded = tf.io.decode_raw([b"abc", b"de"], tf.uint8, fixed_length=4)
    assert padded.numpy().tolist() == [[97, 98, 99, 0], [100, 101, 0, 0]]
    traced = tf.function(lambda s: tf.io.decode_raw(s, tf.int32))(tf.constant([b"abcd"]))
    assert traced.numpy().tolist() == [[1684234849]]
    assert tf.compat.v1.decode_raw(bytes=b"ab", out_type=tf.uint8).numpy().tolist() == [97, 98]
    # tf.compat.v1.io is TF2's tf.io with TF1's decode_raw
    assert tf.compat.v1.io.decode_raw(bytes=[b"ab"], out_type=tf.uint8).numpy().tolist() == [[97, 98]]
    assert tf.compat.v1.io.read_file is tf.io.read_file and tf.compat.v1.io.gfile is tf.io.gfile


@pytest.mark.parametrize("call, message", [
    (lambda: tf.io.decode_raw([b"abcd", b"efghij"], tf.uint8),
     "DecodeRaw requires input strings to all be the same size, but element 1 has size 4 != 6 [Op:DecodeRaw]"),
    (lambda: tf.io.decode_raw(b"abc", tf.float32),
     "Input to DecodeRaw has length 3 that is not a multiple of 4, the size of float [Op:DecodeRaw]"),
    (lambda: tf.io.decode_raw(b"abcdef", tf.int16, fixed_length=3),
     "fixed_length (3) must be a multiple of the size of out_type (2) [Op:DecodePaddedRaw]"),
    (lambda: tf.io.decode_raw(b"ab", tf.string),
     "Value for attr 'out_type' of string is not in the list of allowed values: half, float, double, int32, "
     "uint16, uint8, int16, int8, int64, complex64, complex128, bool, bfloat16"),
])
def test_decode_raw_errors(call, message):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        call()
    assert message in str(info.value)


def test_decode_raw_needs_strings():
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        tf.io.decode_raw(1, tf.uint8)


def test_trailing_nul_bytes_are_kept():
    """NumPy's fixed-width bytes drop trailing NULs; TF's strings keep every byte."""
    assert tf.constant(b"\x01\x00\x02\x00").numpy() == b"\x01\x00\x02\x00"
    assert tf.constant([b"a\x00", b"b"]).numpy().tolist() == [b"a\x00", b"b"]
    assert int(tf.strings.length(tf.constant(b"ab\x00\x00"))) == 4


def test_base64_is_web_safe_and_unpadded_as_tf():
    enc = tf.io.encode_base64([b"hello", b"\xff\xfe", b""])
    assert enc.numpy().tolist() == [b"aGVsbG8", b"__4", b""]
    assert tf.io.encode_base64(b"hello", pad=True).numpy() == b"aGVsbG8="
    assert tf.io.decode_base64(enc).numpy().tolist() == [b"hello", b"\xff\xfe", b""]
    assert tf.io.decode_base64(b"aGVsbG8=").numpy() == b"hello"
    assert tf.function(lambda s: tf.io.encode_base64(s))(tf.constant([b"ab"])).numpy().tolist() == [b"YWI"]
    assert tf.compat.v1.decode_base64(b"YWI").numpy() == b"ab"
    for bad, message in ((b"a", "Base64 string length cannot be 1 modulo 4. [Op:DecodeBase64]"),
                         (b"ab+/", "Invalid character found in base64. [Op:DecodeBase64]"),
                         (b"aGVsbG8 ", "Invalid character found in base64. [Op:DecodeBase64]")):
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            tf.io.decode_base64(bad)
        assert str(e.value) == message
