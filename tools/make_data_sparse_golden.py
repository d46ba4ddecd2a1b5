"""Golden values for SparseTensor elements in tf.data, VarLen/SparseFeature parsing in Dataset.map
and SequenceExample parsing: runs each program of CASES under real TensorFlow and writes what it
shows to tests/golden/data_sparse.json (tests/test_data_sparse.py and
tests/test_parse_sequence_example.py run the same programs under numtf and compare).

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_data_sparse_golden.py

Each program is run with `tf`, `np`, `show` (a JSON form of tensors, SparseTensors, specs and
nested structures), `err` (the type and message of the exception a callable raises) and `tmp`
(a scratch directory); it leaves its result in `out`.
"""
import json
import os
import re
import sys
import tempfile

import numpy as np

_SP = ("sp = tf.SparseTensor(indices=[[0, 0], [1, 2], [2, 1]], values=[1.0, 2.0, 3.0], dense_shape=[3, 4])\n"
       "ds = tf.data.Dataset.from_tensor_slices(sp)\n")
_STR = "s = tf.SparseTensor([[0, 1], [2, 0]], [b'a', b'bc'], [3, 2])\n"
_VAR = ("m = tf.data.Dataset.range(4).map(lambda i: tf.SparseTensor(tf.reshape(tf.range(i), [-1, 1]), tf.range(i), "
        "tf.reshape(i, [1])))\n")

_WRITE = """
path = os.path.join(tmp, 'ex.tfrecord')
rows = [([1, 2, 3], b'cat', [0.5]), ([], b'dog', [1.5, 2.5]), ([7], b'', [])]
with tf.io.TFRecordWriter(path) as w:
    for ids, name, fl in rows:
        ex = tf.train.Example(features=tf.train.Features(feature={
            'ids': tf.train.Feature(int64_list=tf.train.Int64List(value=ids)),
            'name': tf.train.Feature(bytes_list=tf.train.BytesList(value=[name])),
            'fl': tf.train.Feature(float_list=tf.train.FloatList(value=fl)),
            'idx': tf.train.Feature(int64_list=tf.train.Int64List(value=[0, 2][:len(fl)])),
        }))
        w.write(ex.SerializeToString())
desc = {'ids': tf.io.VarLenFeature(tf.int64), 'name': tf.io.FixedLenFeature([], tf.string),
        'fl': tf.io.VarLenFeature(tf.float32), 'nm': tf.io.VarLenFeature(tf.string),
        'd': tf.io.FixedLenFeature([], tf.int64, default_value=-1)}
"""

_SEQ = """
def fl_int(rows):
    return tf.train.FeatureList(feature=[tf.train.Feature(int64_list=tf.train.Int64List(value=r)) for r in rows])
def fl_f(rows):
    return tf.train.FeatureList(feature=[tf.train.Feature(float_list=tf.train.FloatList(value=r)) for r in rows])
def seq(n, tok, emb, words):
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={
            'length': tf.train.Feature(int64_list=tf.train.Int64List(value=[n])),
            'title': tf.train.Feature(bytes_list=tf.train.BytesList(value=[b'hi']))}),
        feature_lists=tf.train.FeatureLists(feature_list={
            'tokens': fl_int(tok), 'emb': fl_f(emb),
            'words': tf.train.FeatureList(feature=[tf.train.Feature(bytes_list=tf.train.BytesList(value=w))
                                                   for w in words])})).SerializeToString()
s1 = seq(3, [[1], [2], [3]], [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [[b'a'], [b'b', b'c'], []])
s2 = seq(1, [[4]], [[1.0, 2.0]], [[b'z']])
cf = {'length': tf.io.FixedLenFeature([], tf.int64), 'title': tf.io.VarLenFeature(tf.string),
      'miss': tf.io.FixedLenFeature([], tf.int64, default_value=-1)}
sfa = {'tokens': tf.io.FixedLenSequenceFeature([], tf.int64), 'emb': tf.io.FixedLenSequenceFeature([2], tf.float32),
       'opt': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}
sfv = {'tokens': tf.io.VarLenFeature(tf.int64), 'words': tf.io.VarLenFeature(tf.string),
       'none': tf.io.VarLenFeature(tf.float32)}
"""

DATA_CASES = {
    "spec_basics": "sp = tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])\ns = tf.SparseTensorSpec.from_value(sp)\n"
                   "out = [repr(s), str(s), repr(tf.SparseTensorSpec()), repr(tf.SparseTensorSpec([None, 3], tf.int64)),"
                   " s == tf.SparseTensorSpec([3, 4], tf.float32), s == tf.SparseTensorSpec([3, None]),"
                   " s.is_compatible_with(sp), tf.SparseTensorSpec([None, 4]).is_compatible_with(sp),"
                   " tf.SparseTensorSpec([None, 5]).is_compatible_with(sp),"
                   " s.is_compatible_with(tf.TensorSpec([3, 4])), tf.SparseTensorSpec([None]) == tf.SparseTensorSpec([None]),"
                   " repr(s.most_specific_compatible_type(tf.SparseTensorSpec([2, 4]))),"
                   " repr(s.most_specific_common_supertype([tf.SparseTensorSpec([3, 4], tf.int32)])),"
                   " err(lambda: s.most_specific_compatible_type(tf.SparseTensorSpec([3, 4], tf.int32))),"
                   " err(lambda: tf.SparseTensorSpec.from_value(tf.constant([1])))]",
    "slices": _SP + "out = [repr(ds.element_spec), repr(ds), show(list(ds)), show(list(ds.as_numpy_iterator())),"
                    " int(ds.cardinality())]",
    "from_tensors": _SP + "d = tf.data.Dataset.from_tensors(sp)\nout = [repr(d.element_spec), show(list(d))]",
    "batch": _SP + "out = [repr(ds.batch(2).element_spec), show(list(ds.batch(2))),"
                   " repr(ds.batch(2, drop_remainder=True).element_spec), show(list(ds.batch(2, drop_remainder=True)))]",
    "unbatch": _SP + "u = ds.batch(2).unbatch()\nout = [repr(u.element_spec), show(list(u))]",
    "map_dense": _SP + "m = ds.map(lambda x: tf.sparse.to_dense(x))\nout = [repr(m.element_spec), show(list(m))]",
    "map_sparse": _SP + "m = ds.map(lambda x: x * 2.0)\nout = [repr(m.element_spec), show(list(m))]",
    "map_nested": _SP + "m = ds.map(lambda x: {'a': x, 'b': tf.sparse.reduce_sum(x)})\n"
                        "t = ds.map(lambda x: (x, 1))\nout = [repr(m.element_spec), show(list(m)), repr(t.element_spec)]",
    "map_tuple_in": _SP + "z = tf.data.Dataset.zip((ds, tf.data.Dataset.range(3)))\n"
                          "m = z.map(lambda x, i: (tf.sparse.to_dense(x), x, i))\n"
                          "out = [repr(z.element_spec), show(list(z)), repr(m.element_spec), show(list(m))]",
    "map_makes_sparse": _VAR + "out = [repr(m.element_spec), show(list(m)), repr(m.batch(4).element_spec),"
                               " show(list(m.batch(4))), show(list(m.batch(4).unbatch()))]",
    "constant_dense_shape": "m2 = tf.data.Dataset.range(3).map(lambda i: tf.SparseTensor([[0, 0]], [i], [2, 3]))\n"
                            "out = [repr(m2.element_spec), show(list(m2))]",
    "batch_differing": "a = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [3]))\n"
                       "b = tf.data.Dataset.from_tensors(tf.SparseTensor([[1], [4]], [2, 5], [6]))\n"
                       "c = a.concatenate(b)\nout = [repr(c.element_spec), show(list(c.batch(2))), repr(c.batch(2).element_spec)]",
    "batch_rank_error": "a = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [3]))\n"
                        "x = a.concatenate(tf.data.Dataset.from_tensors(tf.SparseTensor(tf.zeros([0, 2], tf.int64),"
                        " tf.zeros([0], tf.int32), [2, 2])))\nout = [repr(x.element_spec), err(lambda: list(x.batch(2)))]",
    "concatenate_error": "a = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [3]))\n"
                         "e = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1.], [3]))\n"
                         "out = [err(lambda: a.concatenate(e)), len(list(a.concatenate(a)))]",
    "padded_batch_error": _SP + "out = err(lambda: ds.padded_batch(2))",
    "filter": _SP + "f = ds.filter(lambda x: tf.sparse.reduce_sum(x) > 1.5)\nout = [repr(f.element_spec), show(list(f))]",
    "pipeline": _SP + "p = ds.shuffle(3, seed=1).repeat(2).take(5).cache().prefetch(1)\n"
                      "out = [repr(p.element_spec), sorted(str(show(x)) for x in p)]",
    "strings": _STR + "d = tf.data.Dataset.from_tensor_slices(s)\nout = [repr(d.element_spec), show(list(d)),"
                      " show(list(d.batch(3)))]",
    "dict_slices": _STR + "d = tf.data.Dataset.from_tensor_slices({'a': s, 'b': [1, 2, 3]})\n"
                          "out = [repr(d.element_spec), show(list(d)), err(lambda: tf.data.Dataset.from_tensor_slices((s, [1, 2])))]",
    "get_structure": "d = tf.data.Dataset.from_tensors({'a': tf.SparseTensor([[0]], [1], [2])})\n"
                     "out = repr(tf.data.experimental.get_structure(d))",
    "varlen_map": _WRITE + "d = tf.data.TFRecordDataset(path).map(lambda s: tf.io.parse_single_example(s, desc))\n"
                           "out = [repr(d.element_spec), show(list(d.batch(2)))]",
    "varlen_parse_example_map": _WRITE + "d = tf.data.TFRecordDataset(path).batch(2).map(lambda s: tf.io.parse_example(s, desc))\n"
                                         "out = [repr(d.element_spec), show(list(d))]",
    "varlen_to_dense": _WRITE + "d = tf.data.TFRecordDataset(path).map(lambda s: tf.io.parse_single_example(s, desc))"
                                ".map(lambda e: (tf.sparse.to_dense(e['ids']), e['name'])).padded_batch(3)\n"
                                "out = [repr(d.element_spec), show(list(d))]",
    "varlen_eager": _WRITE + "out = show([tf.io.parse_single_example(s, desc) for s in tf.data.TFRecordDataset(path)])",
    "sparse_feature_map": _WRITE + "d3 = {'sp': tf.io.SparseFeature(index_key='idx', value_key='fl', dtype=tf.float32, size=4)}\n"
                                   "d = tf.data.TFRecordDataset(path).map(lambda s: tf.io.parse_single_example(s, d3))\n"
                                   "b = tf.data.TFRecordDataset(path).batch(3).map(lambda s: tf.io.parse_example(s, d3))\n"
                                   "out = [repr(d.element_spec), show(list(d)), repr(b.element_spec), show(list(b)),"
                                   " repr(d3['sp'])]",
    "sparse_feature_eager": "def ex(**kw):\n    f = {}\n    for k, v in kw.items():\n"
                            "        f[k] = tf.train.Feature(float_list=tf.train.FloatList(value=v)) if isinstance(v[0], float)"
                            " else tf.train.Feature(int64_list=tf.train.Int64List(value=v))\n"
                            "    return tf.train.Example(features=tf.train.Features(feature=f)).SerializeToString()\n"
                            "s1 = ex(i=[3, 1], j=[0, 2], v=[1.0, 2.0])\ns2 = ex(i=[1], j=[1], v=[5.0])\n"
                            "d = {'s': tf.io.SparseFeature(['i', 'j'], 'v', tf.float32, [4, 3])}\n"
                            "d1 = {'s': tf.io.SparseFeature('i', 'v', tf.float32, 5), 'v': tf.io.VarLenFeature(tf.float32)}\n"
                            "bad = {'s': tf.io.SparseFeature('i', 'v', tf.float32, 5)}\n"
                            "out = [show(tf.io.parse_single_example(s1, d)), show(tf.io.parse_example([s1, s2], d)),"
                            " show(tf.io.parse_example([s1, s2], d1)), err(lambda: tf.io.parse_single_example(ex(i=[1, 2], v=[1.0]), bad)),"
                            " err(lambda: tf.io.parse_example([ex(v=[1.0])], bad)),"
                            " show(tf.io.parse_single_example(s1, {'s': tf.io.SparseFeature('i', 'v', tf.float32, 5,"
                            " already_sorted=True)}))]",
}

SEQUENCE_CASES = {
    "seq_single": _SEQ + "c, s = tf.io.parse_single_sequence_example(s1, cf, sfa)\nout = [show(c), show(s)]",
    "seq_single_varlen": _SEQ + "c, s = tf.io.parse_single_sequence_example(s1, None, sfv)\nout = [show(c), show(s)]",
    "seq_batch": _SEQ + "out = show(tf.io.parse_sequence_example([s1, s2], cf, sfa))",
    "seq_batch_varlen": _SEQ + "out = show(tf.io.parse_sequence_example([s1, s2], None, sfv))",
    "seq_context_only": _SEQ + "out = show(tf.io.parse_single_sequence_example(s2, cf))",
    "seq_errors": _SEQ + "out = [err(lambda: tf.io.parse_single_sequence_example(s1, {'nope': tf.io.FixedLenFeature([], tf.int64)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, None, {'nope': tf.io.FixedLenSequenceFeature([], tf.int64)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, None, {'tokens': tf.io.FixedLenSequenceFeature([], tf.float32)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, {'length': tf.io.FixedLenFeature([], tf.string)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, None, {'tokens': tf.io.FixedLenFeature([], tf.int64)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, None, {'emb': tf.io.FixedLenSequenceFeature([3], tf.float32)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, None, None)),"
                         " err(lambda: tf.io.parse_single_sequence_example(b'garbage\\xff', None, sfv)),"
                         " err(lambda: tf.io.parse_sequence_example([s1, s2], None, {'nope': tf.io.FixedLenSequenceFeature([], tf.int64)})),"
                         " err(lambda: tf.io.parse_single_sequence_example(s1, None, {'opt': tf.io.FixedLenSequenceFeature([2],"
                         " tf.int64, allow_missing=True, default_value=[7, 8])}))]",
    "seq_map": _SEQ + "d = tf.data.Dataset.from_tensor_slices([s1, s2]).map(lambda x: tf.io.parse_single_sequence_example("
                      "x, cf, {'tokens': tf.io.FixedLenSequenceFeature([], tf.int64), 'tv': tf.io.VarLenFeature(tf.int64),"
                      " 'words': tf.io.VarLenFeature(tf.string)}))\nout = [repr(d.element_spec), show(list(d))]",
    "seq_map_batch": _SEQ + "d = tf.data.Dataset.from_tensor_slices([s1, s2]).batch(2).map(lambda x: "
                            "tf.io.parse_sequence_example(x, cf, sfa))\nout = [repr(d.element_spec), show(list(d))]",
    "seq_map_padded": _SEQ + "d = tf.data.Dataset.from_tensor_slices([s1, s2, s1]).map(lambda x: "
                             "tf.io.parse_single_sequence_example(x, sequence_features=sfa)[1]['tokens']).padded_batch(2)\n"
                             "out = [repr(d.element_spec), show(list(d))]",
}


def show(x, tf):
    """A JSON form: SparseTensors as {indices, values, dense_shape, dtype}, tensors as
    [value, dtype, shape], NumPy values as lists, containers recursively."""
    if isinstance(x, tf.SparseTensor):
        return {"indices": x.indices.numpy().tolist(), "values": _plain(x.values.numpy()),
                "dense_shape": x.dense_shape.numpy().tolist(), "dtype": x.dtype.name}
    if isinstance(x, dict):
        return {str(k): show(v, tf) for k, v in sorted(x.items())}
    if isinstance(x, (list, tuple)):
        return [show(v, tf) for v in x]
    if hasattr(x, "numpy") and hasattr(x, "dtype"):
        return [_plain(x.numpy()), x.dtype.name, x.shape.as_list()]
    if isinstance(x, (np.ndarray, np.generic)):
        return [_plain(x), str(x.dtype)]
    return x


def _plain(a):
    a = np.asarray(a)
    if a.dtype.kind in "OS":
        return _text(a.tolist())
    if a.dtype.kind == "f":
        return np.round(a.astype(np.float64), 6).tolist()
    return a.tolist()


def _text(v):
    if isinstance(v, list):
        return [_text(x) for x in v]
    return v.decode("latin-1") if isinstance(v, bytes) else v


def err(fn):
    """(exception type name, message without TF's function-node prefix), or 'no error'."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, re.sub(r"^\{\{function_node [^}]*\}\} ", "", str(e))]
    return "no error"


def run_case(tf, src, tmp):
    env = {"tf": tf, "np": np, "os": os, "tmp": tmp, "show": lambda x: show(x, tf), "err": err}
    exec(compile(src, "<case>", "exec"), env)  # our own program text, from this file
    return json.loads(json.dumps(env["out"]))


def main():
    import tensorflow as tf
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, src in {**DATA_CASES, **SEQUENCE_CASES}.items():
            out[name] = run_case(tf, src, tmp)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "golden", "data_sparse.json")
    fd, tmp_path = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    os.chmod(tmp_path, 0o644)
    os.replace(tmp_path, path)
    print(f"wrote {len(out)} cases to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
