"""Writes tests/golden/tfrecord/: TFRecord files and Example bytes written by real TensorFlow.

Run with the TensorFlow reference environment (CI only reads the files):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_tfrecord_golden.py

- examples.tfrecord, examples.tfrecord.gz, examples.tfrecord.zlib: the Examples of `examples()`
  (image bytes + label + a float feature, several keys: TF's map order is a per-process hash
  order, so tests compare these by parsing, not by bytes), uncompressed / GZIP / ZLIB.
- golden.json: the bytes (hex) and `str()` of messages with at most one map entry (their bytes
  are deterministic), the parse results of parse_single_example / parse_example on the file's
  records, and tf.io.serialize_tensor bytes.
"""
import json
import os
import tempfile

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "tfrecord")


def feature(kind, values):
    cls = {"bytes": tf.train.BytesList, "float": tf.train.FloatList, "int64": tf.train.Int64List}[kind]
    return tf.train.Feature(**{kind + "_list": cls(value=values)})


def examples():
    out = []
    for i in range(4):
        out.append(tf.train.Example(features=tf.train.Features(feature={
            "image": feature("bytes", [bytes(range(i, i + 5 + i))]),
            "label": feature("int64", [i * 100 - 1]),
            "score": feature("float", [i / 3, -i * 1.5]),
            "tags": feature("bytes", [b"t%d" % j for j in range(i)]),
        })))
    return out


def single_key_messages():
    """(name, message) with deterministic bytes: at most one map entry per map."""
    ex = lambda k, f: tf.train.Example(features=tf.train.Features(feature={k: f}))  # noqa: E731
    return [
        ("empty", tf.train.Example()),
        ("empty_features", tf.train.Example(features=tf.train.Features())),
        ("int64", ex("label", feature("int64", [0, 1, -1, 300, 2 ** 63 - 1, -2 ** 63]))),
        ("float", ex("x", feature("float", [1.5, 0.1, 1 / 3, 1e10, -0.0, float("inf"), 1e-20, 100.0]))),
        ("bytes", ex("img", feature("bytes", [b"", b"\x00\xff\"'\\\n\r\t", "héllo".encode()]))),
        ("empty_feature", ex("", tf.train.Feature())),
        ("empty_list", ex("k", feature("int64", []))),
        ("unicode_key", ex("k\"é\n", feature("float", [2.0]))),
        ("sequence", tf.train.SequenceExample(
            context=tf.train.Features(feature={"c": feature("int64", [1])}),
            feature_lists=tf.train.FeatureLists(feature_list={"s": tf.train.FeatureList(
                feature=[feature("float", [1.0, 2.0]), feature("float", [3.0])])}))),
    ]


def tensors():
    return [("float32", tf.constant([1.5, 2.0])), ("int32", tf.constant([[1, 2], [3, 4]])),
            ("int64", tf.constant(5, tf.int64)), ("string", tf.constant([b"ab", b"c"])),
            ("float64", tf.constant(3.0, tf.float64)), ("bool", tf.constant([True, False])),
            ("empty", tf.zeros([0, 2]))]


def to_json(value):
    if isinstance(value, tf.SparseTensor):
        return {"indices": value.indices.numpy().tolist(), "values": to_json(value.values),
                "dense_shape": value.dense_shape.numpy().tolist()}
    a = np.asarray(value.numpy())
    if a.dtype.kind in "OS":
        return {"hex": [b.hex() for b in a.reshape(-1).tolist()], "shape": list(a.shape)}
    return a.tolist()


def main():
    os.makedirs(OUT, exist_ok=True)
    records = [e.SerializeToString() for e in examples()]
    for suffix, options in (("", None), (".gz", "GZIP"), (".zlib", "ZLIB")):
        path = os.path.join(OUT, "examples.tfrecord" + suffix)
        fd, temp = tempfile.mkstemp(dir=OUT)
        os.close(fd)
        with tf.io.TFRecordWriter(temp, options) as w:
            for r in records:
                w.write(r)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    path = os.path.join(OUT, "examples.tfrecord")
    desc = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64),
            "score": tf.io.FixedLenFeature([2], tf.float32), "tags": tf.io.VarLenFeature(tf.string),
            "missing": tf.io.FixedLenFeature([2], tf.int64, default_value=[7, 8])}
    single = [{k: to_json(v) for k, v in tf.io.parse_single_example(r, desc).items()} for r in records]
    batch_desc = dict(desc, tags=tf.io.FixedLenSequenceFeature([], tf.string, allow_missing=True),
                      scores=tf.io.VarLenFeature(tf.float32))
    batch = {k: to_json(v) for k, v in tf.io.parse_example(records, batch_desc).items()}
    golden = {
        "messages": {name: {"hex": m.SerializeToString().hex(), "text": str(m), "type": type(m).__name__}
                     for name, m in single_key_messages()},
        "records_hex": [r.hex() for r in records],
        "parse_single": single, "parse_single_order": list(tf.io.parse_single_example(records[0], desc)),
        "parse_batch": batch, "parse_batch_order": list(tf.io.parse_example(records, batch_desc)),
        "serialize_tensor": {name: tf.io.serialize_tensor(t).numpy().hex() for name, t in tensors()},
    }
    fd, temp = tempfile.mkstemp(dir=OUT)
    with os.fdopen(fd, "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=True)
    os.chmod(temp, 0o644)
    os.replace(temp, os.path.join(OUT, "golden.json"))
    print("wrote", OUT, np.__version__)


if __name__ == "__main__":
    main()
