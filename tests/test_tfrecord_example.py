"""tf.train.Example protos, TFRecord files and Example parsing, against golden files written by
TensorFlow 2.21 (tools/make_tfrecord_golden.py) and TF's literal messages."""
import copy
import gzip
import json
import os

import numpy as np
import pytest

import numtf as tf
from numtf.util.events import frame_record
from numtf.util.protobuf import DecodeError

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "tfrecord")
with open(os.path.join(GOLDEN, "golden.json")) as _f:
    G = json.load(_f)
RECORDS = [bytes.fromhex(h) for h in G["records_hex"]]
COMPRESSIONS = [("", None), (".gz", "GZIP"), (".zlib", "ZLIB")]


def feature(kind, values):
    cls = {"bytes": tf.train.BytesList, "float": tf.train.FloatList, "int64": tf.train.Int64List}[kind]
    return tf.train.Feature(**{kind + "_list": cls(value=values)})


def single_key_messages():  # the same messages as tools/make_tfrecord_golden.py
    ex = lambda k, f: tf.train.Example(features=tf.train.Features(feature={k: f}))  # noqa: E731
    return {
        "empty": tf.train.Example(),
        "empty_features": tf.train.Example(features=tf.train.Features()),
        "int64": ex("label", feature("int64", [0, 1, -1, 300, 2 ** 63 - 1, -2 ** 63])),
        "float": ex("x", feature("float", [1.5, 0.1, 1 / 3, 1e10, -0.0, float("inf"), 1e-20, 100.0])),
        "bytes": ex("img", feature("bytes", [b"", b"\x00\xff\"'\\\n\r\t", "héllo".encode()])),
        "empty_feature": ex("", tf.train.Feature()),
        "empty_list": ex("k", feature("int64", [])),
        "unicode_key": ex("k\"é\n", feature("float", [2.0])),
        "sequence": tf.train.SequenceExample(
            context=tf.train.Features(feature={"c": feature("int64", [1])}),
            feature_lists=tf.train.FeatureLists(feature_list={"s": tf.train.FeatureList(
                feature=[feature("float", [1.0, 2.0]), feature("float", [3.0])])})),
    }


# -- messages -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(G["messages"]))
def test_message_bytes_and_text_match_tf(name):
    msg, want = single_key_messages()[name], G["messages"][name]
    assert msg.SerializeToString() == bytes.fromhex(want["hex"])
    assert str(msg) == want["text"] and repr(msg) == want["text"]
    back = type(msg).FromString(bytes.fromhex(want["hex"]))
    assert back == msg and back.SerializeToString() == msg.SerializeToString()


def test_records_written_by_tf_round_trip():
    for r in RECORDS:
        ex = tf.train.Example.FromString(r)
        assert ex.SerializeToString() == r  # map entries keep the file's order
        again = tf.train.Example()
        assert again.ParseFromString(r) == len(r) and again == ex
    ex = tf.train.Example.FromString(RECORDS[2])
    assert ex.features.feature["label"].int64_list.value[0] == 199
    assert list(ex.features.feature["tags"].bytes_list.value) == [b"t0", b"t1"]
    assert ex.features.feature["score"].float_list.value == [np.float32(2 / 3), -3.0]


def test_field_access_and_containers():
    ex = tf.train.Example(features=tf.train.Features(feature={"x": feature("int64", [1, 2, 3])}))
    v = ex.features.feature["x"].int64_list.value
    assert v == [1, 2, 3] and v[1:] == [2, 3] and len(v) == 3 and repr(v) == "[1, 2, 3]"
    assert ex.features.feature["x"].WhichOneof("kind") == "int64_list"
    assert "x" in ex.features.feature and "y" not in ex.features.feature
    assert ex.features.feature.get("y") is None
    assert tf.train.FloatList(value=[1, np.float64(0.1)]).value == [1.0, 0.10000000149011612]
    assert tf.train.Int64List(value=np.array([1, 2])).value == [1, 2]
    assert tf.train.BytesList(value=np.array([b"a", b"bc"])).value == [b"a", b"bc"]
    assert tf.train.Int64List(value=[tf.constant(3)]).value == [3]
    assert tf.train.Int64List(value=None).value == []


def test_presence_oneof_and_lazy_submessages():
    f = tf.train.Feature()
    assert f.int64_list.value == [] and f.WhichOneof("kind") is None and not f.HasField("int64_list")
    f.int64_list.value.append(5)
    assert f.WhichOneof("kind") == "int64_list" and f.SerializeToString() == b"\x1a\x03\n\x01\x05"
    f.float_list.value.extend([1, 2])
    assert f.WhichOneof("kind") == "float_list"
    assert f.SerializeToString() == b"\x12\n\n\x08\x00\x00\x80?\x00\x00\x00@"
    ex = tf.train.Example()
    ex.features.feature["a"].bytes_list.value.append(b"x")
    assert ex.SerializeToString() == b"\n\x0c\n\n\n\x01a\x12\x05\n\x03\n\x01x"
    ex.features.feature["c"]  # reading a missing map key creates it, as in protobuf
    assert len(ex.features.feature) == 2
    assert tf.train.Example(features=tf.train.Features()) != tf.train.Example()
    assert tf.train.Example() == tf.train.Example() and tf.train.Example() != 1
    # the last oneof member given wins; dicts initialize sub-messages
    both = tf.train.Feature(int64_list=tf.train.Int64List(value=[1]), float_list=tf.train.FloatList(value=[2]))
    assert both.SerializeToString() == b"\x12\x06\n\x04\x00\x00\x00@"
    d = tf.train.Example(features={"feature": {"k": {"int64_list": {"value": [1]}}}})
    assert d.SerializeToString() == b"\n\x0c\n\n\n\x01k\x12\x05\x1a\x03\n\x01\x01"
    fl = tf.train.FeatureList()
    fl.feature.add().int64_list.value.append(3)
    assert fl.SerializeToString() == b"\n\x05\x1a\x03\n\x01\x03"
    assert copy.deepcopy(d) == d and d.ByteSize() == 14


def test_deterministic_serialization_sorts_map_keys():
    ex = tf.train.Example(features=tf.train.Features(feature={"b": feature("int64", [1]),
                                                              "a": feature("int64", [2])}))
    plain, det = ex.SerializeToString(), ex.SerializeToString(deterministic=True)
    assert plain.index(b"\x01b") < plain.index(b"\x01a") and det.index(b"\x01a") < det.index(b"\x01b")
    assert tf.train.Example.FromString(plain) == tf.train.Example.FromString(det)


@pytest.mark.parametrize("make, exc, msg", [
    (lambda: tf.train.Int64List(value=[1.5]), TypeError, "'float' object cannot be interpreted as an integer"),
    (lambda: tf.train.Int64List(value=["a"]), TypeError, "'str' object cannot be interpreted as an integer"),
    (lambda: tf.train.Int64List(value=[True]), TypeError,
     "Field tensorflow.Int64List.value: Expected an int, got a boolean."),
    (lambda: tf.train.Int64List(value=[2 ** 63]), ValueError, "Value out of range: 9223372036854775808"),
    (lambda: tf.train.FloatList(value=["a"]), TypeError, "must be real number, not str"),
    (lambda: tf.train.BytesList(value=[1]), TypeError, "expected bytes, int found"),
    (lambda: tf.train.BytesList(value=["str"]), TypeError, "expected bytes, str found"),
    (lambda: tf.train.Int64List(value=1), TypeError, "must assign iterable"),
    (lambda: tf.train.Int64List([1]), TypeError, "No positional arguments allowed"),
    (lambda: tf.train.Example(foo=1), ValueError, 'Protocol message Example has no "foo" field.'),
    (lambda: tf.train.Features(feature={1: tf.train.Feature()}), TypeError,
     "bad argument type for built-in operation"),
    (lambda: tf.train.Example().features.feature.__setitem__("b", tf.train.Feature()), ValueError,
     "Message objects may not be assigned"),
    (lambda: setattr(tf.train.Feature(), "float_list", tf.train.FloatList()), AttributeError,
     'Assignment not allowed to message field "float_list" in protocol message object.'),
    (lambda: setattr(tf.train.Int64List(), "value", [2]), AttributeError,
     'Assignment not allowed to map, or repeated field "value" in protocol message object.'),
    (lambda: tf.train.Int64List().HasField("value"), ValueError,
     "Field tensorflow.Int64List.value does not have presence."),
    (lambda: tf.train.Example.FromString(b"garbage"), DecodeError,
     "Error parsing message with type 'tensorflow.Example': Wire format was corrupt"),
    (lambda: tf.train.Example.FromString("str"), TypeError, "expected bytes, str found"),
])
def test_message_errors_as_protobuf(make, exc, msg):
    with pytest.raises(exc) as info:
        make()
    assert str(info.value) == msg


def test_type_errors_name_the_class():
    with pytest.raises(TypeError, match=r"^Parameter to initialize message field must be dict or instance of same "
                                        r"class: expected <class '.*Int64List'> got <class 'list'>\.$"):
        tf.train.Feature(int64_list=[1])
    with pytest.raises(TypeError, match="unhashable type: 'Example'"):
        hash(tf.train.Example())


def test_unknown_fields_are_kept():
    ex = tf.train.Example.FromString(b"\x10\x01\n\x00")
    assert ex.SerializeToString() == b"\n\x00\x10\x01"


# -- TFRecord files ------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix, comp", COMPRESSIONS)
def test_read_tf_files_and_write_identical_bytes(tmp_path, suffix, comp):
    golden = os.path.join(GOLDEN, "examples.tfrecord" + suffix)
    ds = tf.data.TFRecordDataset(golden, compression_type=comp)
    assert [r.numpy() for r in ds] == RECORDS
    assert list(tf.compat.v1.io.tf_record_iterator(golden, comp)) == RECORDS
    path = str(tmp_path / ("out.tfrecord" + suffix))
    with tf.io.TFRecordWriter(path, tf.io.TFRecordOptions(compression_type=comp) if comp else comp) as w:
        for r in RECORDS:
            w.write(r)
    with open(path, "rb") as f, open(golden, "rb") as g:
        assert f.read() == g.read()  # TF writes zlib's default level, gzip header without time


def test_dataset_api(tmp_path):
    ds = tf.data.TFRecordDataset([os.path.join(GOLDEN, "examples.tfrecord")] * 2, num_parallel_reads=2)
    assert repr(ds) == "<TFRecordDatasetV2 element_spec=TensorSpec(shape=(), dtype=tf.string, name=None)>"
    assert [r.numpy() for r in ds] == [r for r in RECORDS for _ in range(2)]
    assert int(ds.cardinality()) == -2
    with pytest.raises(TypeError, match="The `filenames` argument must contain `tf.string` elements. Got `tf.int32`"):
        tf.data.TFRecordDataset(1)


def test_writer_api(tmp_path):
    path = str(tmp_path / "a.tfrecord")
    w = tf.io.TFRecordWriter(path)
    assert w.write(b"abc") is None and w.flush() is None
    w.write("str")
    with pytest.raises(TypeError, match="write\\(\\): incompatible function arguments"):
        w.write(1)
    w.close()
    with pytest.raises(tf.errors.FailedPreconditionError, match="Writer is closed."):
        w.write(b"x")
    with open(path, "rb") as f:
        assert f.read() == (b"\x03\x00\x00\x00\x00\x00\x00\x00\xb0\x99I\x0eabcnW\xf1!"
                            b"\x03\x00\x00\x00\x00\x00\x00\x00\xb0\x99I\x0estrKfb\x8c")
    with pytest.raises(ValueError, match='Not a valid compression_type: "BAD"'):
        tf.io.TFRecordWriter(path, "BAD")
    with pytest.raises(tf.errors.NotFoundError, match="; No such file or directory"):
        tf.io.TFRecordWriter(str(tmp_path / "nodir" / "x"))
    assert tf.io.TFRecordOptions.get_compression_type_string(None) == ""
    assert tf.compat.v1.python_io.TFRecordCompressionType.GZIP == 2
    assert tf.compat.v1.python_io.TFRecordWriter is tf.io.TFRecordWriter


def _corrupt(tmp_path, data):
    path = str(tmp_path / "bad.tfrecord")
    with open(path, "wb") as f:
        f.write(data)
    return path


@pytest.mark.parametrize("edit, result", [
    (lambda d: d[:40], 2),  # a partial header at the end ends the file quietly, as in TF
    (lambda d: d[:-3], "truncated record at 38' failed with Read less bytes than requested"),
    (lambda d: d[:13] + bytes([d[13] ^ 1]) + d[14:], "corrupted record at 12"),
    (lambda d: d[:2] + bytes([d[2] ^ 1]) + d[3:], "corrupted record at 0 (Is this even a TFRecord file?)"),
    (lambda d: d[:28] + bytes([d[28] ^ 1]) + d[29:], "corrupted record at 19"),
    (lambda d: d[:37] + bytes([d[37] ^ 1]) + d[38:], "corrupted record at 31"),
])
def test_corrupted_files(tmp_path, edit, result):
    data = b"".join(frame_record(r) for r in (b"abc", b"xyz", b"str"))
    path = _corrupt(tmp_path, edit(data))
    if isinstance(result, int):
        assert len(list(tf.data.TFRecordDataset(path))) == result
        return
    with pytest.raises(tf.errors.DataLossError) as info:
        list(tf.data.TFRecordDataset(path))
    assert str(info.value) == result
    with pytest.raises(tf.errors.DataLossError):
        list(tf.compat.v1.io.tf_record_iterator(path))


def test_missing_and_wrongly_compressed_files(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="missing; No such file or directory"):
        list(tf.data.TFRecordDataset(str(tmp_path / "missing")))
    with pytest.raises(tf.errors.DataLossError, match="inflate\\(\\) failed with error -3: incorrect header check"):
        list(tf.data.TFRecordDataset(os.path.join(GOLDEN, "examples.tfrecord"), compression_type="GZIP"))
    gen = tf.compat.v1.io.tf_record_iterator(str(tmp_path / "missing"))  # fails when iterated, as in TF
    with pytest.raises(tf.errors.NotFoundError):
        next(gen)
    assert gzip.decompress(open(os.path.join(GOLDEN, "examples.tfrecord.gz"), "rb").read())[:1] == b"\x52"


# -- parsing ---------------------------------------------------------------------------------------------
DESC = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64),
        "score": tf.io.FixedLenFeature([2], tf.float32), "tags": tf.io.VarLenFeature(tf.string),
        "missing": tf.io.FixedLenFeature([2], tf.int64, default_value=[7, 8])}


def to_json(value):
    if isinstance(value, tf.SparseTensor):
        return {"indices": value.indices.numpy().tolist(), "values": to_json(value.values),
                "dense_shape": value.dense_shape.numpy().tolist()}
    a = np.asarray(value.numpy())
    if a.dtype.kind in "OS":
        return {"hex": [b.hex() for b in a.reshape(-1).tolist()], "shape": list(a.shape)}
    return a.tolist()


def test_parse_single_example_matches_tf():
    for r, want in zip(RECORDS, G["parse_single"]):
        out = tf.io.parse_single_example(r, DESC)
        assert list(out) == G["parse_single_order"]
        assert {k: to_json(v) for k, v in out.items()} == want
        assert out["label"].dtype == tf.int64 and out["score"].dtype == tf.float32


def test_parse_example_batch_matches_tf():
    desc = dict(DESC, tags=tf.io.FixedLenSequenceFeature([], tf.string, allow_missing=True),
                scores=tf.io.VarLenFeature(tf.float32))
    out = tf.io.parse_example(RECORDS, desc)
    assert list(out) == G["parse_batch_order"]
    assert {k: to_json(v) for k, v in out.items()} == G["parse_batch"]


def test_feature_namedtuples():
    assert repr(tf.io.FixedLenFeature([], tf.string)) == "FixedLenFeature(shape=[], dtype=tf.string, default_value=None)"
    assert repr(tf.io.VarLenFeature(tf.int64)) == "VarLenFeature(dtype=tf.int64)"
    assert repr(tf.io.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)) == \
        "FixedLenSequenceFeature(shape=[3], dtype=tf.float32, allow_missing=True, default_value=None)"
    assert tf.io.FixedLenFeature._fields == ("shape", "dtype", "default_value")
    assert tf.compat.v1.parse_single_example is tf.io.parse_single_example


EX = tf.train.Example(features=tf.train.Features(feature={
    "label": feature("int64", [7]), "f": feature("float", [1., 2., 3., 4.]), "v": feature("int64", [1, 2, 3]),
    "e": tf.train.Feature()})).SerializeToString()


@pytest.mark.parametrize("batch, desc, msg", [
    (False, {"m": tf.io.FixedLenFeature([], tf.int64)}, "Feature: m (data type: int64) is required but could not "
     "be found."),
    (True, {"m": tf.io.FixedLenFeature([], tf.int64)}, "Name: <unknown>, Feature: m (data type: int64) is required "
     "but could not be found."),
    (False, {"e": tf.io.FixedLenFeature([], tf.int64)}, "Feature: e (data type: int64) is required but could not "
     "be found."),
    (False, {"f": tf.io.FixedLenFeature([3], tf.float32)}, "Key: f.  Can't parse serialized Example: Some "
     "float_list slice was not parsed."),
    (True, {"f": tf.io.FixedLenFeature([5], tf.float32)}, "Name: <unknown>, Key: f, Index: 0.  Number of float "
     "values != expected.  Values size: 4 but output shape: [5]"),
    (False, {"label": tf.io.FixedLenFeature([], tf.float32)}, "Key: label.  Data types don't match. Data type: "
     "int64 but expected type: float"),
    (True, {"label": tf.io.VarLenFeature(tf.string)}, "Name: <unknown>, Key: label, Index: 0.  Data types don't "
     "match. Expected type: string, Actual type: int64"),
    (False, {"f": tf.io.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)}, "Error while parsing "
     "feature with key f: number of elements should be divisible by 3, found 4 instead"),
    (True, {"f": tf.io.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)}, "Name: <unknown>, Key: f, "
     "Index: 0.  Number of float values is not a multiple of stride length. Saw 4 values but output shape is: [?,3]"),
])
def test_parse_errors(batch, desc, msg):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.io.parse_example([EX], desc) if batch else tf.io.parse_single_example(EX, desc)
    assert str(info.value) == msg + " [Op:ParseExampleV2]"


def test_parse_argument_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse example input, value: 'garbage'"):
        tf.io.parse_single_example(b"garbage", {"v": tf.io.VarLenFeature(tf.int64)})
    with pytest.raises(ValueError, match="^Input serialized must be a scalar$"):
        tf.io.parse_single_example([EX], {"v": tf.io.VarLenFeature(tf.int64)})
    with pytest.raises(ValueError, match="^Invalid argument: features cannot be empty.$"):
        tf.io.parse_single_example(EX, {})
    with pytest.raises(ValueError, match="^Unsupported: FixedLenSequenceFeature requires allow_missing to be True"):
        tf.io.parse_single_example(EX, {"v": tf.io.FixedLenSequenceFeature([], tf.int64)})
    with pytest.raises(ValueError, match=r"^Missing shape for feature f\. Received feature=FixedLenFeature"):
        tf.io.parse_single_example(EX, {"f": tf.io.FixedLenFeature(None, tf.float32)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input to reshape is a tensor with 1 values, but the "
                       "requested shape has 4"):
        tf.io.parse_single_example(EX, {"f": tf.io.FixedLenFeature([4], tf.float32, default_value=0.)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="^Value for attr 'Tdense' of int32 is not in the list"):
        tf.io.parse_single_example(EX, {"label": tf.io.FixedLenFeature([], tf.int32)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expected serialized to be a scalar or vector, got "
                       r"shape: \[1,2\]"):
        tf.io.parse_example([[EX, EX]], {"label": tf.io.FixedLenFeature([], tf.int64)})


def test_sequence_features_and_defaults():
    out = tf.io.parse_single_example(EX, {"v": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
                                          "zz": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
                                          "m2": tf.io.FixedLenFeature([], tf.string, default_value="d")})
    assert out["v"].numpy().tolist() == [1, 2, 3] and out["zz"].shape == (0, 2) and out["m2"].numpy() == b"d"
    two = [EX, tf.train.Example(features=tf.train.Features(feature={"v": feature("int64", [4])})).SerializeToString()]
    v = tf.io.parse_example(two, {"v": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)})["v"]
    assert v.numpy().tolist() == [[1, 2, 3], [4, 0, 0]]
    e = tf.io.parse_example(two, {"e": tf.io.FixedLenFeature([], tf.int64, default_value=0)})["e"]
    assert e.numpy().tolist() == [0, 0] and e.dtype == tf.int64


def test_handbook_pipeline(tmp_path):
    """The handbook's tools chapter: images + labels as Examples, read back through Dataset.map."""
    path = str(tmp_path / "train.tfrecords")
    images = [bytes([i]) * (3 + i) for i in range(5)]
    with tf.io.TFRecordWriter(path) as writer:
        for i, image in enumerate(images):
            feat = {"image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[image])),
                    "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 2]))}
            writer.write(tf.train.Example(features=tf.train.Features(feature=feat)).SerializeToString())
    description = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64)}

    def _parse_example(example_string):
        feature_dict = tf.io.parse_single_example(example_string, description)
        return tf.io.decode_raw(feature_dict["image"], tf.uint8), feature_dict["label"]

    ds = tf.data.TFRecordDataset(path).map(_parse_example)
    assert repr(ds.element_spec[1]) == "TensorSpec(shape=(), dtype=tf.int64, name=None)"
    got = [(img.numpy().tobytes(), int(label)) for img, label in ds]
    assert got == [(image, i % 2) for i, image in enumerate(images)]
    batched = tf.data.TFRecordDataset(path).batch(5).map(lambda s: tf.io.parse_example(s, description))
    assert next(iter(batched))["label"].numpy().tolist() == [0, 1, 0, 1, 0]

    @tf.function
    def traced(s):
        return tf.io.parse_single_example(s, description)["label"]
    assert int(traced(tf.constant(RECORDS[1]))) == 99


# -- tensors -----------------------------------------------------------------------------------------------
TENSORS = {"float32": tf.constant([1.5, 2.0]), "int32": tf.constant([[1, 2], [3, 4]]),
           "int64": tf.constant(5, tf.int64), "string": tf.constant([b"ab", b"c"]),
           "float64": tf.constant(3.0, tf.float64), "bool": tf.constant([True, False]), "empty": tf.zeros([0, 2])}


@pytest.mark.parametrize("name", sorted(TENSORS))
def test_serialize_tensor_matches_tf(name):
    t = TENSORS[name]
    s = tf.io.serialize_tensor(t)
    assert s.shape == () and s.numpy() == bytes.fromhex(G["serialize_tensor"][name])
    back = tf.io.parse_tensor(s, t.dtype)
    assert back.dtype == t.dtype and back.shape == t.shape and back.numpy().tolist() == t.numpy().tolist()


def test_parse_tensor_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Type mismatch between parsed tensor \(float\) and "
                       r"dtype \(int32\) \[Op:ParseTensor\]"):
        tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([1.])), tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse `serialized` as TensorProto, base64: "
                       "Z2FyYmFnZQ=="):
        tf.io.parse_tensor(b"garbage", tf.int32)
