"""Writes tests/golden/sparse_ragged.json: what TensorFlow prints and computes for tf.sparse and
tf.RaggedTensor expressions (tests/ops/test_sparse.py and test_ragged.py evaluate the same
expressions with numtf).

    TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_sparse_ragged_golden.py

Each case is a Python expression over `tf` and `np` (and `sp`, `sp2`, `rt`, `rt3`, see ENV). The
file records its repr, and for tensor results the value, dtype and shape; for an exception its
class name and message start. GRADS lists functions and inputs whose tape gradients are recorded.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "sparse_ragged.json")

ENV = """
sp = tf.SparseTensor([[0, 0], [0, 2], [2, 1]], [-1.0, -2.0, 3.0], [3, 4])
sp2 = tf.SparseTensor([[0, 2], [1, 1], [2, 1]], [10.0, 20.0, 30.0], [3, 4])
rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])
rtf = tf.ragged.constant([[1.5, -2.0], [3.0], [], [4.0, 0.5, -6.0]])
rt3 = tf.ragged.constant([[[1, 2], [3]], [[4]], []])
rti = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
"""

SPARSE = [
    "sp", "str(sp)", "sp.shape", "sp.dtype", "sp.indices", "sp.dense_shape",
    "tf.SparseTensor(indices=[[0]], values=tf.constant([1], tf.int64), dense_shape=[5])",
    "tf.sparse.to_dense(sp)", "tf.sparse.to_dense(sp, default_value=9.0)",
    "tf.sparse.to_dense(tf.SparseTensor([[1, 0], [0, 2]], [1.0, 2.0], [3, 4]))",
    "tf.sparse.to_dense(tf.SparseTensor([[1, 0], [0, 2]], [1.0, 2.0], [3, 4]), validate_indices=False)",
    "tf.sparse.to_dense(tf.SparseTensor([[0, 0], [0, 0]], [1.0, 2.0], [3, 4]))",
    "tf.sparse.to_dense(tf.SparseTensor([[5, 0]], [1.0], [3, 4]))",
    "tf.sparse.to_dense(sp, default_value=[1.0])",
    "tf.sparse.to_dense(tf.SparseTensor([[0], [1]], ['a', 'b'], [3]))",
    "tf.SparseTensor([[0, 0]], [1.0, 2.0], [3, 4])", "tf.SparseTensor([0, 0], [1.0], [3, 4])",
    "tf.SparseTensor([[0, 0]], [1.0], [3, 4, 5])",
    "tf.sparse.from_dense([[0, 1], [2, 0]])", "tf.sparse.from_dense(tf.constant(['a', '', 'c']))",
    "tf.sparse.from_dense(tf.zeros([2, 2]))",
    "tf.sparse.reorder(tf.SparseTensor([[1, 0], [0, 2], [0, 1]], [1, 2, 3], [2, 3]))",
    "tf.sparse.reshape(sp, [-1, 3])", "tf.sparse.reshape(sp, [2, 3, 2])", "tf.sparse.reshape(sp, [5, 3])",
    "tf.sparse.reshape(sp, [-1, 5])",
    "tf.sparse.add(sp, sp2)", "tf.sparse.add(sp, sp)", "tf.sparse.add(sp, -sp)",
    "tf.sparse.add(sp, sp2, threshold=15.0)",
    "tf.sparse.add(sp, tf.ones([3, 4]))", "tf.sparse.add(tf.ones([3, 4]), sp)",
    "tf.sparse.add(sp, tf.SparseTensor([[0, 0]], [1.0], [3, 5]))", "sp + sp2", "sp * 2.0",
    "sp * tf.constant([[1.0], [2.0], [3.0]])", "sp / 2.0", "-sp",
    "tf.sparse.reduce_sum(sp)", "tf.sparse.reduce_sum(sp, axis=1)", "tf.sparse.reduce_sum(sp, axis=0)",
    "tf.sparse.reduce_sum(sp, axis=1, keepdims=True)", "tf.sparse.reduce_sum(sp, axis=-1)",
    "tf.sparse.reduce_sum(sp, axis=1, output_is_sparse=True)",
    "tf.sparse.reduce_sum(sp, axis=0, keepdims=True, output_is_sparse=True)",
    "tf.sparse.reduce_max(sp)", "tf.sparse.reduce_max(sp, axis=1)", "tf.sparse.reduce_max(sp, axis=0)",
    "tf.sparse.sparse_dense_matmul(sp, tf.reshape(tf.range(8.0), [4, 2]))",
    "tf.sparse.sparse_dense_matmul(sp, tf.reshape(tf.range(6.0), [3, 2]), adjoint_a=True)",
    "tf.sparse.sparse_dense_matmul(sp, tf.reshape(tf.range(8.0), [2, 4]), adjoint_b=True)",
    "tf.sparse.sparse_dense_matmul(tf.reshape(tf.range(6.0), [2, 3]), sp)",
    "tf.sparse.sparse_dense_matmul(sp, tf.ones([5, 2]))",
    "tf.sparse.slice(sp, [0, 1], [2, 5])", "tf.sparse.slice(sp, [1, 1], [5, 2])",
    "tf.sparse.concat(1, [sp, sp2])", "tf.sparse.concat(0, [sp, sp2])", "tf.sparse.concat(-1, [sp, sp])",
    "tf.sparse.concat(0, [sp, tf.SparseTensor([[0, 4]], [1.0], [1, 5])], expand_nonconcat_dims=True)",
    "tf.sparse.transpose(sp)", "tf.sparse.transpose(tf.sparse.reshape(sp, [2, 3, 2]), [2, 0, 1])",
    "tf.sparse.retain(sp, [True, False, True])", "tf.sparse.retain(sp, [True, False])",
    "tf.sparse.fill_empty_rows(sp, 7.0)", "tf.sparse.fill_empty_rows(sp2, -1.0)",
    "tf.sparse.expand_dims(sp, 0)", "tf.sparse.expand_dims(sp, -1)", "tf.sparse.expand_dims(sp, 1)",
    "tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 2], tf.int64), [2, 2]), 4)",
    "tf.sparse.map_values(tf.math.square, sp)", "tf.sparse.map_values(tf.add, sp, sp)",
    "tf.sparse.eye(3)", "tf.sparse.eye(2, 3, dtype=tf.int32)",
    "tf.sparse.reset_shape(sp)", "tf.sparse.reset_shape(sp, [4, 5])",
]

RAGGED = [
    "rt", "str(rt)", "rt.shape", "rt.dtype", "rt.ragged_rank", "rt.values", "rt.flat_values", "rt.row_splits",
    "rt.row_lengths()", "rt.nrows()", "rt.value_rowids()", "rt.to_list()", "rt.to_tensor()",
    "rt.to_tensor(default_value=9)", "rt.to_tensor(shape=[2, 2])", "rt.to_tensor(default_value=-1, shape=[5, 4])",
    "rt.to_tensor(shape=[None, 4])", "rt.numpy().tolist()",
    "rt3", "rt3.shape", "rt3.ragged_rank", "rt3.flat_values", "rt3.nested_row_splits", "rt3.to_list()",
    "rt3.to_tensor()", "rt3.nested_row_lengths()", "rt3.row_lengths()",
    "rti", "rti.shape", "rti.to_tensor()", "rti.values",
    "tf.ragged.constant([[0.1, 1/3], [3.0]])", "tf.ragged.constant([[1, 0, 0], [2, 3, 0]])",
    "tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], inner_shape=(2,))",
    "tf.ragged.constant([[], []])", "tf.ragged.constant([list(range(20)), [1]])",
    "tf.ragged.constant([[1] * 3] * 1200)", "tf.ragged.constant([[True], []])",
    "tf.ragged.constant([['a', 'b\\u00e9'], []])", "tf.ragged.constant([[1.5, 2.0], [3.25]], dtype=tf.float64)",
    "tf.ragged.constant([[1, 2], [3]], dtype=tf.float32)", "tf.ragged.constant([1, 2])", "tf.ragged.constant([])",
    "tf.ragged.constant([[1, 2], [[3]]])", "tf.ragged.constant([[[1, 2], [3]], [[4]]], ragged_rank=1)",
    "tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)",
    "tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 2, 3])",
    "tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 2])", "tf.RaggedTensor.from_row_splits([1, 2, 3], [1, 2, 3])",
    "tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 1, 3])",
    "tf.RaggedTensor.from_row_lengths([1, 2, 3, 4], [1, 0, 3])", "tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, 1])",
    "tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, -1, 3])",
    "tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 0, 2], nrows=4)",
    "tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 2, 1])",
    "tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 0, 2], nrows=2)",
    "tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 1, 1])",
    "tf.RaggedTensor.from_nested_row_lengths([1, 2, 3, 4], [[2, 1], [1, 2, 1]])",
    "tf.RaggedTensor.from_nested_row_splits([1, 2, 3, 4], [[0, 2, 3], [0, 1, 3, 4]])",
    "tf.RaggedTensor.from_row_starts([1, 2, 3], [0, 1])", "tf.RaggedTensor.from_row_limits([1, 2, 3], [1, 3])",
    "tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0]], padding=0)",
    "tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0]], lengths=[1, 3])",
    "tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0]])",
    "tf.RaggedTensor.from_tensor([[[1, 1], [0, 0]], [[2, 2], [3, 0]]], padding=[0, 0])",
    "tf.RaggedTensor.from_tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], ragged_rank=2)",
    "rt[0]", "rt[-1]", "rt[2]", "rt[1:]", "rt[::-1]", "rt[1:3]", "rt[0, 1]", "rt[:, 1:]", "rt[:, :2]",
    "rt[:, 0]", "rt[4]", "rti[:, :, 0]", "rti[1]", "rt3[0]", "rt3[0, 0]", "rt3[1:]", "rt3[:, 1:]",
    "rt + 1", "rt * rt", "2 - rt", "rt - rt", "rt == 1", "rt > 2", "-rt", "abs(-rt)", "rt * 2", "rt // 2",
    "rtf / 2.0", "rtf ** 2", "rt3 * 10",
    "rt + tf.constant([[1], [2], [3], [4]])", "rt + tf.ragged.constant([[1], [3, 4], [], [1, 1, 1]])",
    "rt + tf.constant([1, 2])",
    "tf.math.exp(rtf)", "tf.math.square(rtf)", "tf.math.negative(rt)", "tf.math.sqrt(tf.ragged.constant([[4.0], []]))",
    "tf.ragged.map_flat_values(tf.ones_like, rt)", "tf.ragged.map_flat_values(tf.multiply, rt, rt)",
    "tf.ragged.map_flat_values(lambda x: x * 2 + 1, rt3)",
    "tf.reduce_sum(rt, axis=1)", "tf.reduce_sum(rt, axis=0)", "tf.reduce_sum(rt)", "tf.reduce_sum(rt, axis=-1)",
    "tf.reduce_sum(rt, axis=1, keepdims=True)", "tf.reduce_mean(rtf, axis=1)", "tf.reduce_mean(rtf, axis=0)",
    "tf.reduce_mean(rtf)", "tf.reduce_max(rtf, axis=1)", "tf.reduce_max(rt, axis=1)", "tf.reduce_min(rt, axis=1)",
    "tf.reduce_max(rt, axis=0)", "tf.reduce_prod(rt, axis=1)", "tf.reduce_sum(rt3, axis=2)",
    "tf.reduce_sum(rti, axis=1)", "tf.reduce_sum(rti, axis=2)", "tf.reduce_max(rti, axis=1)",
    "tf.concat([rt, rt], axis=0)", "tf.concat([rt, rt * 10], axis=1)", "tf.concat([rt3, rt3], axis=0)",
    "tf.concat([rti, rti], axis=2)",
    "tf.ragged.range([3, 1])", "tf.ragged.range([0, 5], [4, 8], 2)", "tf.ragged.range(3)",
    "tf.ragged.range([1.0, 2.0], 3.0, 0.5)", "tf.ragged.range([1, 2], 3, 0)",
    "tf.ragged.boolean_mask([[1, 2, 3], [4, 5, 6]], [[True, False, True], [False, False, False]])",
    "tf.ragged.boolean_mask([1, 2, 3], [True, False, True])",
    "tf.ragged.boolean_mask(rt, rt > 2)",
    "tf.ragged.stack([tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[4]])])",
    "tf.ragged.row_splits_to_segment_ids([0, 2, 2, 5])", "tf.ragged.segment_ids_to_row_splits([0, 0, 2])",
    "rt.to_sparse()", "rti.to_sparse()",
]

# (name, function source of (x, ...) -> tensor, inputs as nested lists): tape gradients in float64.
GRADS = [
    ("to_dense", "lambda v, d: tf.sparse.to_dense(tf.SparseTensor([[0, 1], [2, 0]], v, [3, 2]), default_value=d)",
     [[1.5, -2.0], 0.5]),
    ("matmul", "lambda v, b: tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]), b)",
     [[1.0, 2.0, -3.0], [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]]),
    ("matmul_adj", "lambda v, b: tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]), "
                   "b, adjoint_a=True, adjoint_b=True)", [[1.0, 2.0, -3.0], [[1.0, 2.0], [3.0, 4.0]]]),
    ("reduce_sum", "lambda v: tf.sparse.reduce_sum(tf.SparseTensor([[0, 1], [1, 0], [1, 2]], v, [2, 3]), axis=1)",
     [[1.0, 2.0, -3.0]]),
    ("add", "lambda a, b: tf.sparse.to_dense(tf.sparse.add(tf.SparseTensor([[0, 1], [1, 0]], a, [2, 3]), "
            "tf.SparseTensor([[0, 1], [1, 2]], b, [2, 3])))", [[1.0, 2.0], [3.0, 4.0]]),
    ("add_dense", "lambda a, d: tf.sparse.add(tf.SparseTensor([[0, 1], [1, 0]], a, [2, 3]), d)",
     [[1.0, 2.0], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]),
    ("ragged_sum", "lambda v: tf.reduce_sum(tf.RaggedTensor.from_row_lengths(v, [2, 0, 1]) ** 2, axis=1)",
     [[1.0, 2.0, 3.0]]),
    ("ragged_to_tensor", "lambda v: tf.RaggedTensor.from_row_lengths(v, [2, 0, 1]).to_tensor(default_value=7.0)",
     [[1.0, 2.0, 3.0]]),
    ("ragged_mean_max", "lambda v: tf.reduce_mean(tf.RaggedTensor.from_row_lengths(v, [2, 1]), axis=1) "
                        "+ tf.reduce_max(tf.RaggedTensor.from_row_lengths(v, [2, 1]), axis=1)", [[1.0, 2.0, 3.0]]),
]


def describe(tf, value):
    if isinstance(value, tf.Tensor):
        arr = value.numpy()
        if value.dtype == tf.string:
            arr = np.vectorize(lambda b: b.decode("latin-1"), otypes=[object])(arr) if arr.size else arr
        return {"kind": "tensor", "repr": repr(value), "value": np.asarray(arr).tolist(),
                "dtype": value.dtype.name, "shape": list(value.shape)}
    if isinstance(value, tf.SparseTensor):
        return {"kind": "sparse", "repr": repr(value), "indices": value.indices.numpy().tolist(),
                "values": value.values.numpy().tolist() if value.dtype != tf.string else
                [v.decode("latin-1") for v in value.values.numpy()],
                "dense_shape": value.dense_shape.numpy().tolist(), "dtype": value.dtype.name}
    if isinstance(value, tf.RaggedTensor):
        return {"kind": "ragged", "repr": repr(value), "dtype": value.dtype.name, "shape": str(value.shape),
                "ragged_rank": value.ragged_rank,
                "splits": [s.numpy().tolist() for s in value.nested_row_splits],
                "flat": value.flat_values.numpy().tolist() if value.dtype != tf.string else
                [v.decode("latin-1") for v in value.flat_values.numpy().reshape(-1)]}
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, (tf.Tensor, tf.SparseTensor)) for v in value):
        return {"kind": "tuple", "items": [describe(tf, v) for v in value]}
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return {"kind": "python", "repr": repr(value)}


def run(tf, cases):
    env = {"tf": tf, "np": np}
    exec(ENV, env)
    out = {}
    for src in cases:
        try:
            out[src] = describe(tf, eval(src, env))
        except Exception as e:  # noqa: BLE001 - the error is the answer
            out[src] = {"kind": "error", "type": type(e).__name__, "message": str(e)}
    return out


def main():
    import tensorflow as tf
    grads = {}
    for name, src, inputs in GRADS:
        xs = [tf.constant(np.array(v, np.float64)) for v in inputs]
        with tf.GradientTape() as tape:
            for x in xs:
                tape.watch(x)
            y = eval(src, {"tf": tf})(*xs)
            w = tf.constant(np.linspace(-1.0, 2.0, int(np.prod(y.shape))).reshape(y.shape))
            total = tf.reduce_sum(y * w)
        gs = tape.gradient(total, xs)
        grads[name] = {"src": src, "inputs": inputs, "value": y.numpy().tolist(),
                       "grads": [None if g is None else tf.convert_to_tensor(g).numpy().tolist() for g in gs]}
    data = {"tf_version": tf.__version__, "env": ENV, "sparse": run(tf, SPARSE), "ragged": run(tf, RAGGED),
            "grads": grads}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
