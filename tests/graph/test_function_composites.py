"""tf.function with SparseTensor arguments and results (graph/composites.py), and tf.TensorSpec's
type rules. Expected values are TF 2.21's, printed by the same programs (2026-11-24)."""
import numpy as np
import pytest

import numtf as tf


def _sparse(indices=((0, 1), (2, 3)), values=(1.0, 2.0), shape=(3, 4)):
    return tf.SparseTensor(list(indices), list(values), list(shape))


def test_sparse_argument_and_result_keyed_by_spec():
    traces = []

    @tf.function
    def f(x, y=None):
        traces.append((tuple(x.shape), x.indices.shape.as_list(), x.values.shape.as_list(),
                       x.dense_shape.shape.as_list()))
        return {"a": x * 2.0, "b": tf.sparse.reduce_sum(x)}

    out = f(_sparse())
    assert isinstance(out["a"], tf.SparseTensor)
    assert out["a"].values.numpy().tolist() == [2.0, 4.0] and out["a"].indices.numpy().tolist() == [[0, 1], [2, 3]]
    assert out["a"].dense_shape.numpy().tolist() == [3, 4] and float(out["b"]) == 3.0
    assert traces == [((3, 4), [None, 2], [None], [2])]
    # another number of stored values: the same trace; another dense shape: a new one
    assert f(_sparse([[1, 1]], [5.0])).get("a").values.numpy().tolist() == [10.0]
    assert f.experimental_get_tracing_count() == 1
    assert f(_sparse([[0, 1]], [5.0], [3, 5]))["a"].shape == (3, 5)
    assert f.experimental_get_tracing_count() == 2


def test_concrete_function_of_a_sparse_argument():
    @tf.function
    def f(x, y=None):
        return {"a": x * 2.0, "b": tf.sparse.reduce_sum(x)}

    cf = f.get_concrete_function(_sparse())
    assert [(t.name, t.shape.as_list(), t.dtype) for t in cf.inputs] == [
        ("x:0", [None, 2], tf.int64), ("x_1:0", [None], tf.float32), ("x_2:0", [2], tf.int64)]
    assert cf.structured_input_signature == ((tf.SparseTensorSpec([3, 4], tf.float32), None), {})
    assert repr(cf.structured_input_signature[0][0]) == "SparseTensorSpec(TensorShape([3, 4]), tf.float32)"
    assert len(cf.outputs) == 4 and isinstance(cf.structured_outputs["a"], tf.SparseTensor)
    assert str(cf).splitlines()[:3] == ["ConcreteFunction Input Parameters:",
                                        "  x (POSITIONAL_OR_KEYWORD): SparseTensorSpec(TensorShape([3, 4]), tf.float32)",
                                        "  y (POSITIONAL_OR_KEYWORD): Literal[None]"]
    out = cf(_sparse([[2, 2]], [4.0]), None)
    assert out["a"].values.numpy().tolist() == [8.0] and float(out["b"]) == 4.0
    with pytest.raises(TypeError, match="SparseTensor"):
        cf(tf.constant([1.0]), None)


def test_sparse_input_signature_and_reduce_retracing():
    g = tf.function(lambda x: x.values, input_signature=[tf.SparseTensorSpec([None, 4], tf.float32)])
    assert g(_sparse()).numpy().tolist() == [1.0, 2.0]
    assert g.get_concrete_function().structured_input_signature == \
        ((tf.SparseTensorSpec([None, 4], tf.float32),), {})
    with pytest.raises(TypeError, match="Binding inputs to tf.function failed"):
        g(tf.constant([1.0]))
    # TF checks a SparseTensor against the signature by its components only (dtype, rank)
    assert g(_sparse(shape=(3, 5))).numpy().tolist() == [1.0, 2.0]
    with pytest.raises(TypeError, match="Binding inputs to tf.function failed"):
        g(tf.SparseTensor([[1]], [1.0], [3]))

    h = tf.function(lambda x: x.values, reduce_retracing=True)
    h(_sparse())
    h(_sparse([[0, 1]], [5.0], [3, 5]))
    h(_sparse([[0, 1]], [5.0], [3, 6]))  # (the second trace's relaxed (3, None) takes it)
    assert h.experimental_get_tracing_count() == 2
    # a more general spec than any trace traces again (TF: the same)
    cf = h.get_concrete_function(tf.SparseTensorSpec([None, None], tf.float32))
    assert cf.structured_input_signature == ((tf.SparseTensorSpec([None, None], tf.float32),), {})
    assert h.experimental_get_tracing_count() == 3


def test_nested_functions_constant_results_and_gradients():
    @tf.function
    def inner(x):
        return x * 3.0

    @tf.function
    def outer(x):
        y = inner(x)
        return y, tf.sparse.to_dense(y)

    a, b = outer(_sparse())
    assert a.values.numpy().tolist() == [3.0, 6.0] and a.shape == (3, 4) and b.shape == (3, 4)
    assert b.numpy()[2, 3] == 6.0 and b.numpy().sum() == 9.0

    @tf.function
    def made_inside():
        return tf.SparseTensor([[0, 0]], [7.0], [2, 2])

    r = made_inside()
    assert isinstance(r, tf.SparseTensor) and r.values.numpy().tolist() == [7.0]
    assert r.dense_shape.numpy().tolist() == [2, 2]

    vals = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(vals)
        dense = outer(tf.SparseTensor([[0, 1], [2, 3]], vals, [3, 4]))[1]
        loss = tf.reduce_sum(dense * dense)
    np.testing.assert_allclose(tape.gradient(loss, vals).numpy(), [18.0, 36.0])

    v = tf.Variable([1.0, 2.0])

    @tf.function
    def grad_inside(x):
        with tf.GradientTape() as t:
            y = tf.sparse.reduce_sum(tf.SparseTensor(x.indices, x.values * v, x.dense_shape))
        return t.gradient(y, v)

    assert grad_inside(_sparse()).numpy().tolist() == [1.0, 2.0]  # (TF: the same)


def test_sparse_batches_from_a_dataset_into_a_function():
    inner = tf.function(lambda x: x * 3.0)
    ds = tf.data.Dataset.from_tensor_slices(tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [2, 3])).batch(2)
    (batch,) = list(ds)
    out = inner(batch)
    assert out.values.numpy().tolist() == [3.0, 6.0] and out.shape == (2, 3)


def test_tensor_spec_type_rules():
    s = tf.TensorSpec([None, 3], tf.float32, name="x")
    assert repr(s) == str(s) == "TensorSpec(shape=(None, 3), dtype=tf.float32, name='x')"
    assert s.is_compatible_with(tf.TensorSpec([2, 3])) and s.is_compatible_with(tf.ones([2, 3]))
    assert not s.is_compatible_with(tf.ones([2, 4]))
    # TF: lists, NumPy arrays and Variables are not compatible (only tensors and specs)
    assert not s.is_compatible_with([[1.0, 2.0, 3.0]]) and not s.is_compatible_with(np.ones((2, 3), np.float32))
    assert not s.is_compatible_with(tf.Variable(tf.ones([2, 3])))
    assert not s.is_compatible_with(tf.TensorSpec([None, 3], tf.int32))
    assert repr(tf.TensorSpec.from_spec(s, name="y")) == "TensorSpec(shape=(None, 3), dtype=tf.float32, name='y')"
    assert s.most_specific_common_supertype([tf.TensorSpec([2, 3])]) is None  # (names differ)
    assert repr(tf.TensorSpec([1, 3]).most_specific_common_supertype([tf.TensorSpec([2, 3])])) == \
        "TensorSpec(shape=(None, 3), dtype=tf.float32, name=None)"
    assert tf.TensorSpec([1, 3]).most_specific_common_supertype([tf.TensorSpec([2, 3], tf.int32)]) is None
    assert repr(tf.TensorSpec([2], name="a").most_specific_common_supertype([tf.TensorSpec([3], name="a")])) == \
        "TensorSpec(shape=(None,), dtype=tf.float32, name='a')"
    assert tf.TensorSpec([2, 3]).is_subtype_of(tf.TensorSpec([None, 3])) and not s.is_subtype_of(tf.TensorSpec([2, 3]))
    assert not tf.TensorSpec([2], name="a").is_subtype_of(tf.TensorSpec([None], name="b"))
    assert s.value_type is tf.Tensor
    assert s != tf.TensorSpec([None, 3]) and hash(s) == hash(tf.TensorSpec([None, 3]))  # (names: TF's rule)
    assert tf.TensorSpec(tf.TensorShape([1, None]), tf.int64) == tf.TensorSpec([1, None], "int64")
    assert repr(tf.TensorSpec(None)) == "TensorSpec(shape=<unknown>, dtype=tf.float32, name=None)"
    assert repr(tf.TensorSpec.from_tensor(tf.ones([2]))) == "TensorSpec(shape=(2,), dtype=tf.float32, name=None)"
    assert not tf.TensorSpec([2]).is_compatible_with(tf.SparseTensorSpec([2]))
    with pytest.raises(ValueError, match="No TypeSpec is compatible"):
        tf.TensorSpec([2]).most_specific_compatible_type(tf.TensorSpec([3], tf.int32))
    with pytest.raises(TypeError):
        tf.TensorSpec([2], "foo")
