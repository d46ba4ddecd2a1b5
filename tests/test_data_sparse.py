"""SparseTensor elements in tf.data and VarLenFeature/SparseFeature parsing in Dataset.map,
compared with real TensorFlow's results (tests/golden/data_sparse.json, written by
tools/make_data_sparse_golden.py, which also holds the programs)."""
import importlib.util
import json
import pathlib

import numpy as np
import pytest

import numtf
from numtf.framework.sparse_tensor import SparseTensorSpec

_ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_data_sparse_golden", _ROOT / "tools" / "make_data_sparse_golden.py")
golden_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden_tool)
GOLDEN = json.loads((_ROOT / "tests" / "golden" / "data_sparse.json").read_text())


class _TF:
    """numtf as the programs see it (tf.SparseTensorSpec until numtf/__init__ exports it)."""

    SparseTensorSpec = SparseTensorSpec

    def __getattr__(self, name):
        return getattr(numtf, name)


tf = _TF()


def run(name, cases, tmp_path):
    return golden_tool.run_case(tf, cases[name], str(tmp_path))


@pytest.mark.parametrize("name", sorted(golden_tool.DATA_CASES))
def test_matches_tensorflow(name, tmp_path):
    assert run(name, golden_tool.DATA_CASES, tmp_path) == GOLDEN[name]


def test_elements_are_sparse_tensors():
    sp = tf.SparseTensor([[0, 1], [1, 0]], [5, 6], [2, 3])
    first = next(iter(tf.data.Dataset.from_tensor_slices(sp)))
    assert isinstance(first, tf.SparseTensor)
    assert first.indices.dtype == tf.int64 and first.dense_shape.numpy().tolist() == [3]
    assert first.values.numpy().tolist() == [5]


def test_sliced_values_are_read_only():
    sp = tf.SparseTensor([[0, 1], [1, 0]], [5, 6], [2, 3])
    ds = tf.data.Dataset.from_tensor_slices(sp)
    flat = next(iter(ds._iter_flat()))[0]
    assert not flat.values.flags.writeable and not flat.indices.flags.writeable


def test_handbook_tfrecord_pipeline(tmp_path):
    path = str(tmp_path / "data.tfrecord")
    rows = [([3, 1, 4], b"cat"), ([1], b"dog"), ([], b"bird"), ([5, 9], b"cow")]
    with tf.io.TFRecordWriter(path) as w:
        for ids, name in rows:
            feature = {"ids": tf.train.Feature(int64_list=tf.train.Int64List(value=ids)),
                       "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[name]))}
            w.write(tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString())
    desc = {"ids": tf.io.VarLenFeature(tf.int64), "name": tf.io.FixedLenFeature([], tf.string)}
    ds = tf.data.TFRecordDataset(path).map(lambda s: tf.io.parse_single_example(s, desc)).batch(2)
    assert repr(ds.element_spec) == ("{'ids': SparseTensorSpec(TensorShape([None, None]), tf.int64), "
                                     "'name': TensorSpec(shape=(None,), dtype=tf.string, name=None)}")
    got = [(tf.sparse.to_dense(b["ids"]).numpy().tolist(), b["name"].numpy().tolist()) for b in ds]
    assert got == [([[3, 1, 4], [1, 0, 0]], [b"cat", b"dog"]), ([[0, 0], [5, 9]], [b"bird", b"cow"])]
    batch = next(iter(ds))
    assert batch["ids"].indices.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [1, 0]]
    assert batch["ids"].dense_shape.numpy().tolist() == [2, 3]


def test_spec_hash_and_equality():
    a, b = SparseTensorSpec([None, 2], numtf.int32), SparseTensorSpec([None, 2], "int32")
    assert a == b and hash(a) == hash(b) and a != SparseTensorSpec([None, 2])
    assert SparseTensorSpec([3]).value_type is numtf.SparseTensor


def test_map_over_sparse_keeps_static_shape():
    ds = tf.data.Dataset.from_tensors(tf.SparseTensor([[0, 0]], [1.0], [2, 5]))
    assert ds.map(lambda x: x * 3.0).element_spec == SparseTensorSpec([2, 5], numtf.float32)
    dense = ds.map(tf.sparse.to_dense)
    assert dense.element_spec.shape.as_list() == [2, 5]
    np.testing.assert_array_equal(next(iter(dense)).numpy(), [[1, 0, 0, 0, 0], [0] * 5])


def test_save_and_file_cache_of_sparse_are_refused(tmp_path):
    ds = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [2]))
    with pytest.raises(NotImplementedError, match="SparseTensor"):
        ds.cache(str(tmp_path / "c"))
    with pytest.raises(NotImplementedError, match="SparseTensor"):
        ds.save(str(tmp_path / "s"))
