"""tf.data.TextLineDataset and FixedLengthRecordDataset against TensorFlow 2.21
(tests/golden/lookup_sets.json, tools/make_lookup_sets_golden.py): lines, compression, file lists
and datasets, interleaved reads, records with header/footer, and errors at iteration."""
import gzip

import pytest

import numtf as tf
from tests.ops._lookup_sets_golden import GOLDEN, check

# TF's messages for these prefix the error with its pipeline's node names.
LOOSE = {"list(tf.data.TextLineDataset('z.txt', compression_type='BAD').as_numpy_iterator())",
         "list(tf.data.FixedLengthRecordDataset('r.bin', 0).as_numpy_iterator())"}


@pytest.mark.parametrize("src", sorted(GOLDEN["data"]))
def test_file_datasets_golden(src, tmp_path):
    check("data", src, str(tmp_path), messages=src not in LOOSE)


def test_text_lines_in_tf_function_loop_and_repeat(tmp_path):
    p = tmp_path / "t.txt"
    p.write_bytes(b"1\n22\n333\n")
    ds = tf.data.TextLineDataset(str(p))

    @tf.function
    def total(d):
        n = tf.constant(0)
        for line in d:
            n += tf.strings.length(line)
        return n
    assert int(total(ds)) == 6
    assert [x.numpy() for x in ds.repeat(2)] == [b"1", b"22", b"333"] * 2  # each pass re-reads the file
    p.write_bytes(b"x\n")
    assert [x.numpy() for x in ds] == [b"x"]


def test_gzip_records_and_batching(tmp_path):
    p = tmp_path / "r.gz"
    p.write_bytes(gzip.compress(bytes(range(10))))
    ds = tf.data.FixedLengthRecordDataset(str(p), 3, header_bytes=1, compression_type="GZIP")
    assert [x.numpy() for x in ds] == [b"\x01\x02\x03", b"\x04\x05\x06", b"\x07\x08\x09"]
    batch = next(iter(ds.batch(2)))
    assert batch.shape.as_list() == [2] and batch.dtype == tf.string
