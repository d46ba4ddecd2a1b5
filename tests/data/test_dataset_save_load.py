"""Dataset.save / tf.data.Dataset.load (and tf.data.experimental.save/load): numtf's own format
(a JSON element_spec and .npz shards), with TF 2.21's observable behaviour (element_spec,
cardinality, errors, saving into an existing directory)."""
import collections
import json
import os

import numpy as np
import pytest

import numtf as tf


def _nested():
    return tf.data.Dataset.range(5).map(lambda x: {"a": x, "b": (tf.cast(x, tf.float32), tf.strings.as_string(x))})


def test_round_trip_nested_strings_and_cardinality(tmp_path):
    path = str(tmp_path / "d1")
    assert _nested().save(path) is None
    assert sorted(os.listdir(path))[0] == "dataset_spec.json"
    loaded = tf.data.Dataset.load(path)
    assert repr(loaded).startswith("<_LoadDataset element_spec={'a': TensorSpec(shape=(), dtype=tf.int64")
    assert loaded.element_spec == _nested().element_spec
    assert int(loaded.cardinality()) == 5
    got = list(loaded.as_numpy_iterator())
    assert got[1] == {"a": 1, "b": (np.float32(1.0), b"1")}
    # a filter's unknown cardinality becomes known; batching keeps its spec
    tf.data.Dataset.range(3).filter(lambda x: x > 0).save(str(tmp_path / "f"))
    assert int(tf.data.Dataset.load(str(tmp_path / "f")).cardinality()) == 2
    tf.data.Dataset.range(10).batch(3).save(str(tmp_path / "b"))
    b = tf.data.Dataset.load(str(tmp_path / "b"))
    assert repr(b.element_spec) == "TensorSpec(shape=(None,), dtype=tf.int64, name=None)"
    assert int(b.cardinality()) == 4 and [x.tolist() for x in b.as_numpy_iterator()][-1] == [9]
    tf.data.Dataset.range(0).save(str(tmp_path / "empty"))
    e = tf.data.Dataset.load(str(tmp_path / "empty"))
    assert int(e.cardinality()) == 0 and list(e) == []
    od = collections.OrderedDict([("z", 1), ("a", 2)])
    tf.data.Dataset.from_tensors(od).save(str(tmp_path / "od"))
    spec = tf.data.Dataset.load(str(tmp_path / "od")).element_spec
    assert type(spec) is dict and list(spec) == ["z", "a"]  # (TF loads an OrderedDict as a dict)
    Point = collections.namedtuple("Point", ["x", "y"])
    tf.data.Dataset.from_tensors(Point(np.zeros([2, 3], np.float32), 1)).save(str(tmp_path / "nt"))
    p = next(iter(tf.data.Dataset.load(str(tmp_path / "nt"))))
    assert p.x.shape.as_list() == [2, 3] and int(p.y) == 1


def test_experimental_aliases_and_element_spec_argument(tmp_path):
    path = str(tmp_path / "e")
    assert tf.data.experimental.save(tf.data.Dataset.range(2), path) is None
    assert [int(x) for x in tf.data.experimental.load(path)] == [0, 1]
    ok = tf.data.Dataset.load(path, element_spec=tf.TensorSpec([], tf.int64))
    assert [int(x) for x in ok] == [0, 1]
    wrong = tf.data.Dataset.load(path, element_spec=tf.TensorSpec([], tf.int32))
    assert repr(wrong) == "<_LoadDataset element_spec=TensorSpec(shape=(), dtype=tf.int32, name=None)>"
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Data type mismatch at component 0: expected int32 but got int64."):
        list(wrong)


def test_errors(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="tf.data snapshot element_spec file not found: .*nope"):
        tf.data.Dataset.load(str(tmp_path / "nope"))
    with pytest.raises(tf.errors.NotFoundError, match=r"Could not find metadata file \[.*nope\]"):
        tf.data.Dataset.load(str(tmp_path / "nope"), element_spec=tf.TensorSpec([], tf.int64))
    (tmp_path / "file").write_text("x")
    with pytest.raises(tf.errors.FailedPreconditionError, match="file is not a directory"):
        tf.data.Dataset.range(3).save(str(tmp_path / "file"))
    with pytest.raises(tf.errors.InvalidArgumentError, match="`shard_func` must return a scalar int64."):
        tf.data.Dataset.range(3).save(str(tmp_path / "s"), shard_func=lambda x: tf.cast(x, tf.int32))
    with pytest.raises(NotImplementedError, match="checkpoint_args"):
        tf.data.Dataset.range(3).save(str(tmp_path / "c"), checkpoint_args={"checkpoint_interval": 1})
    with pytest.raises(NotImplementedError, match="SNAPPY"):
        tf.data.Dataset.range(3).save(str(tmp_path / "c"), compression="SNAPPY")
    with pytest.raises(ValueError, match="infinite"):
        tf.data.Dataset.range(3).repeat().save(str(tmp_path / "inf"))
    assert not os.path.exists(tmp_path / "s") and not os.path.exists(tmp_path / "c")
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []  # no temporary directories left


def test_existing_directory_keeps_other_files_and_replaces_previous_save(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("hi")
    tf.data.Dataset.range(3).save(str(other))
    first = sorted(os.listdir(other))
    assert "x.txt" in first and "dataset_spec.json" in first and len(first) == 3
    tf.data.Dataset.range(7, 9).save(str(other))
    assert [int(x) for x in tf.data.Dataset.load(str(other))] == [7, 8]
    second = sorted(os.listdir(other))
    assert len(second) == 3 and (other / "x.txt").read_text() == "hi" and second != first
    meta = json.loads((other / "dataset_spec.json").read_text())
    assert meta["cardinality"] == 2 and meta["element_spec"]["dtype"] == "int64"


def test_shards_compression_and_reader_func(tmp_path):
    path = str(tmp_path / "s")
    tf.data.Dataset.range(10).save(path, shard_func=lambda x: x % 3)
    loaded = tf.data.Dataset.load(path)
    assert int(loaded.cardinality()) == 10
    assert sorted(int(x) for x in loaded) == list(range(10))
    run = [n for n in os.listdir(path) if n.startswith("run_")][0]
    assert sorted(os.listdir(os.path.join(path, run))) == [f"shard_0000000{i}.npz" for i in range(3)]
    # TF's own reader_func example: the shards one after another
    flat = tf.data.Dataset.load(path, reader_func=lambda ds: ds.flat_map(lambda x: x))
    assert [int(x) for x in flat] == [0, 3, 6, 9, 1, 4, 7, 2, 5, 8]
    inter = tf.data.Dataset.load(path, reader_func=lambda ds: ds.interleave(lambda x: x, cycle_length=2))
    assert [int(x) for x in inter] == [0, 1, 3, 4, 6, 7, 9, 2, 5, 8]
    g = str(tmp_path / "g")
    tf.data.Dataset.range(10).save(g, compression="GZIP")
    assert [int(x) for x in tf.data.Dataset.load(g, compression="GZIP")] == list(range(10))
    with pytest.raises(tf.errors.DataLossError, match="corrupted record at 0"):
        list(tf.data.Dataset.load(g))
    _nested().save(str(tmp_path / "n"))
    with pytest.raises(NotImplementedError, match="reader_func"):  # (nested elements: numtf can't)
        tf.data.Dataset.load(str(tmp_path / "n"), reader_func=lambda ds: ds.flat_map(lambda x: x))
