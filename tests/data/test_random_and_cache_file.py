"""Dataset.random (TF 2.6+), and Dataset.cache(filename)'s file: plain NumPy arrays (no pickle),
read back by a later pipeline, strings with every byte."""
import zipfile

import numpy as np

import numtf as tf


def test_random_dataset_is_an_infinite_uint32_range_stream():
    ds = tf.data.Dataset.random(seed=4)
    assert int(ds.cardinality()) == -1  # INFINITE, as TF
    assert repr(ds) == "<_RandomDataset element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None)>"
    values = list(ds.take(200).as_numpy_iterator())
    assert all(0 <= v < 2 ** 32 for v in values) and len(set(values)) == 200
    assert list(ds.take(3).as_numpy_iterator()) == values[:3]  # seeded: the same values each pass
    fresh = tf.data.Dataset.random(seed=4, rerandomize_each_iteration=True).take(3)
    assert list(fresh.as_numpy_iterator()) != list(fresh.as_numpy_iterator())
    assert list(tf.data.Dataset.random(seed=1).take(2).map(lambda x: x % 10).as_numpy_iterator())[0] < 10


def test_cache_file_holds_arrays_only_and_is_reused(tmp_path):
    path = str(tmp_path / "c")
    source = ({"a": np.arange(6.0).reshape(3, 2)}, [b"x\x00", b"", b"zz"])

    def pipeline(src):
        return tf.data.Dataset.from_tensor_slices(src).map(
            lambda d, s: (d, s, tf.range(tf.cast(d["a"][0], tf.int32)))).cache(path)

    first = list(pipeline(source).as_numpy_iterator())
    with zipfile.ZipFile(path + ".numtf-cache") as z:  # an .npz: arrays only
        assert all(name.endswith(".npy") for name in z.namelist())
    with np.load(path + ".numtf-cache", allow_pickle=False) as z:
        assert int(z["count"]) == 3
    again = list(pipeline(({"a": np.zeros((3, 2))}, [b"q", b"q", b"q"])).as_numpy_iterator())  # read from the file
    for (d1, s1, r1), (d2, s2, r2) in zip(first, again):
        assert d1["a"].tolist() == d2["a"].tolist() and s1 == s2 and r1.tolist() == r2.tolist()
    assert [s for _, s, _ in again] == [b"x\x00", b"", b"zz"]
