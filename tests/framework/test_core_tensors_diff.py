"""Core tensors and everyday ops: differences from TF 2.21 found by running the same small programs
under both (session 7). The expected values and messages are TF's own, asserted literally."""
import numpy as np
import pytest

import numtf as tf


def raises(exc, fn, msg):
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == msg
    return info.value


# -- tensors in Python protocols ---------------------------------------------------------------
def test_tensor_python_protocols():
    assert bool(tf.constant([])) is False and bool(tf.zeros([2, 0])) is False
    raises(TypeError, lambda: hash(tf.constant([1.])), "Tensor is unhashable. Instead, use tensor.ref() as the key.")
    with pytest.raises(TypeError, match="Tensor is unhashable"):
        {tf.constant(1)}
    # __index__ is the NumPy value's: a float tensor has none
    raises(AttributeError, lambda: [1, 2, 3][tf.constant(1.)], "'numpy.float32' object has no attribute '__index__'")
    assert [1, 2, 3][tf.constant(1, tf.int64)] == 2
    raises(AttributeError, lambda: tf.constant(1.).op, "Tensor.op is undefined when eager execution is enabled.")
    raises(AttributeError, lambda: tf.constant(1.).value_index,
           "Tensor.value_index is undefined when eager execution is enabled.")
    assert not hasattr(tf.constant(1.), "op")


# -- tf.as_dtype ---------------------------------------------------------------------------------
def test_as_dtype_takes_tf_names_only():
    assert tf.as_dtype("float") is tf.float32 and tf.as_dtype("double") is tf.float64
    assert tf.as_dtype(float) is tf.float32 and tf.as_dtype(object) is tf.string and tf.as_dtype(bool) is tf.bool
    assert tf.as_dtype(np.dtype("S3")) is tf.string and tf.as_dtype(np.array([1.])) is tf.float64
    for bad in (int, str, bytes, complex, None, "int", "f4", "i8", "str", "object", "bytes"):
        raises(TypeError, lambda: tf.as_dtype(bad),
               f"Cannot convert the argument `type_value`: {bad!r} to a TensorFlow DType.")
    raises(TypeError, lambda: tf.zeros([2], dtype=int),
           "Cannot convert the argument `type_value`: <class 'int'> to a TensorFlow DType.")
    assert tf.cast([1.5], "float").dtype is tf.float32
    assert tf.float32 != int and tf.float32 == "float"


# -- conversion ---------------------------------------------------------------------------------
MIXED = "Can't convert Python sequence with mixed types to Tensor."
NONE = "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor."


def test_sequence_type_inference_follows_tf():
    for v in ([1.5, 2j], [1, 2j], [True, 2j], [np.float64(1), 2j], [True, 1], [1.5, None], [1, [2]],
              [[1, 2], [3, None]], [1, [1, None]], ["a", None], [1, object()]):
        raises(ValueError, lambda: tf.constant(v), MIXED)
    raises(ValueError, lambda: tf.constant([None, 1.5]), NONE)
    raises(ValueError, lambda: tf.constant([[1], 2]), "Can't convert non-rectangular Python sequence to Tensor.")
    assert tf.constant([2j, 1.5]).dtype is tf.complex128 and tf.constant([2j, True]).dtype is tf.complex128
    assert tf.constant([1, True]).numpy().tolist() == [1, 1] and tf.constant([1, True]).dtype is tf.int32
    assert tf.constant([1.5, True]).dtype is tf.float32 and tf.constant([np.complex64(1), 2.]).dtype is tf.complex128


def test_numpy_object_arrays():
    t = tf.constant(np.array(["a", b"b"], dtype=object))
    assert t.dtype is tf.string and t.numpy().tolist() == [b"a", b"b"]
    assert tf.Variable(np.array(["a"], dtype=object)).numpy().tolist() == [b"a"]
    for arr, name in ((np.array([1, 2], dtype=object), "int"), (np.array([1.5], dtype=object), "float"),
                      (np.array([None], dtype=object), "NoneType")):
        raises(ValueError, lambda: tf.constant(arr),
               f"Failed to convert a NumPy array to a Tensor (Unsupported object type {name}).")
    assert tf.constant(np.array([1, 2], dtype=object), dtype=tf.int32).dtype is tf.int32
    raises(ValueError, lambda: tf.constant(np.array([1.5]), dtype=tf.string),
           "Failed to convert a NumPy array to a Tensor (Unsupported object type float).")


def test_tensorshape_and_variable_conversion():
    assert tf.convert_to_tensor(tf.TensorShape([2, 3])).numpy().tolist() == [2, 3]
    assert tf.convert_to_tensor(tf.TensorShape([])).dtype is tf.int32
    assert tf.convert_to_tensor(tf.TensorShape([2, 2 ** 40])).dtype is tf.int64
    raises(ValueError, lambda: tf.convert_to_tensor(tf.TensorShape([None, 3])),
           "Cannot convert a partially known TensorShape (None, 3) to a Tensor.")
    raises(ValueError, lambda: tf.convert_to_tensor(tf.TensorShape(None)),
           "Cannot convert a partially known TensorShape <unknown> to a Tensor.")
    raises(TypeError, lambda: tf.convert_to_tensor(tf.TensorShape([2, 3]), dtype=tf.float32),
           "Cannot convert TensorShape (2, 3) to dtype <dtype: 'float32'>. Allowed dtypes are tf.int32 and tf.int64.")
    v = tf.Variable([1., 2.])
    raises(ValueError, lambda: tf.convert_to_tensor(v, dtype=tf.int32),
           "Incompatible type conversion requested to type int32 for `tf.Variable of type float32. (Variable: "
           "<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>)")
    with pytest.raises(ValueError, match="Incompatible type conversion requested to type float32 for `tf.Variable "
                                         "of type float64"):
        v.assign(tf.Variable([1., 2.], dtype=tf.float64))
    # tf.constant converts a variable's value anew (a tensor must match the dtype instead)
    assert tf.constant(tf.Variable([1.7, -2.2]), dtype=tf.int32).numpy().tolist() == [1, -2]


def test_shape_arguments_with_unknown_dims():
    x = tf.range(6)
    raises(ValueError, lambda: tf.reshape(x, [2, None]), MIXED)
    raises(ValueError, lambda: tf.zeros([None, 2]), NONE)
    for f in (lambda: tf.reshape(x, tf.TensorShape([None, 3])), lambda: tf.fill(tf.TensorShape([None]), 1),
              lambda: tf.broadcast_to(x, tf.TensorShape([None, 6]))):
        with pytest.raises(ValueError, match="Cannot convert a partially known TensorShape"):
            f()
    raises(ValueError, lambda: tf.ones(tf.TensorShape(None)),
           "Cannot convert a partially known TensorShape <unknown> to a Tensor.")
    raises(tf.errors.InvalidArgumentError, lambda: tf.reshape(x, [[2, 3]]),
           "sizes input must be 1-D, not [1,2] [Op:Reshape]")


# -- strings ---------------------------------------------------------------------------------------
def test_single_string_elements_are_scalar_tensors():
    s = tf.constant([["ab", "c"], ["d", "e"]])
    for t in (s[0, 1], s[0][1], tf.gather(tf.constant(["a", "c"]), 1), tf.gather_nd(s, [0, 1]),
              tf.unstack(tf.constant(["x", "c"]))[1], list(s)[0][1]):
        assert t.dtype is tf.string and t.shape == () and t.numpy() == b"c"
    raises(tf.errors.InvalidArgumentError, lambda: tf.sort(tf.constant(["b", "a"])),
           "Value for attr 'T' of string is not in the list of allowed values: bfloat16, half, float, double, "
           "int8, int16, int32, int64, complex64, complex128\n\t; NodeDef: {{node Neg}} [Op:Neg]")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of complex128 is not in the list "
                                                             "of allowed values: float, double, int32, uint8"):
        tf.sort(tf.constant([1 + 1j]), direction="DESCENDING")
    assert tf.sort(tf.constant([2, 1], tf.uint8)).numpy().tolist() == [1, 2]


# -- ops ---------------------------------------------------------------------------------------------
def test_integer_means_do_not_overflow():
    assert tf.reduce_mean(tf.constant([200, 100], tf.uint8)).numpy() == 150
    assert tf.reduce_mean(tf.constant([2 ** 30] * 3)).numpy() == 2 ** 30
    assert tf.reduce_mean(tf.constant([[100, 100], [-100, -101]], tf.int8), axis=1).numpy().tolist() == [100, -100]
    m = tf.reduce_mean(tf.zeros([0], tf.int32))
    assert m.dtype is tf.int32 and m.numpy() == 0
    assert np.isinf(tf.reduce_mean(tf.constant([60000., 60000.], tf.float16)).numpy())  # TF's half sum overflows
    raises(TypeError, lambda: tf.reduce_sum(tf.ones([2, 3]), axis=1.0), "Cannot convert 1.0 to EagerTensor of dtype int32")


def test_dtype_messages_say_half():
    raises(tf.errors.InvalidArgumentError, lambda: tf.constant([1.], tf.float16) + tf.constant([1.]),
           "cannot compute AddV2 as input #1(zero-based) was expected to be a half tensor but is a float tensor "
           "[Op:AddV2] name: ")


def test_cast_complex_to_real_warns(caplog):
    with caplog.at_level("WARNING", logger="tensorflow"):
        assert tf.cast(tf.constant([1 + 2j]), tf.float32).numpy().tolist() == [1.]
    assert "You are casting an input of type complex128 to an incompatible dtype float32.  This will discard " \
           "the imaginary part and may not be what you intended." in caplog.text


def test_where_stack_one_hot_einsum():
    # a non-bool condition: with list branches TF converts it (ValueError), else the kernel refuses it
    raises(ValueError, lambda: tf.where(tf.constant([1, 0]), [1, 2], [3, 4]),
           "Tensor conversion requested dtype bool for Tensor with dtype int32: <tf.Tensor: shape=(2,), "
           "dtype=int32, numpy=array([1, 0], dtype=int32)>")
    with pytest.raises(ValueError, match="Incompatible type conversion requested to type bool for `tf.Variable"):
        tf.where(tf.Variable([1, 0]), [1, 2], tf.constant([3, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="input #0.zero-based. was expected to be a bool"):
        tf.where(tf.constant([1, 0]), tf.constant([1, 2]), 3)
    t = tf.stack([1, 2.5])  # a plain list converts as a whole
    assert t.dtype is tf.float32 and t.numpy().tolist() == [1., 2.5]
    raises(TypeError, lambda: tf.one_hot([1], 2, dtype=tf.bool), "Cannot convert 1 to EagerTensor of dtype bool")
    raises(TypeError, lambda: tf.one_hot([1], 2, on_value=True), "Cannot convert 0 to EagerTensor of dtype bool")
    assert tf.one_hot([1], 2, on_value=True, off_value=False).numpy().tolist() == [[False, True]]
    raises(ValueError, lambda: tf.einsum("ij->k", tf.ones([2, 2])),
           "Output subscripts contain the label k not present in the input subscripts.")


def test_tensor_scatter_shape_errors():
    E = tf.errors.InvalidArgumentError
    z = tf.zeros([2, 2])
    raises(E, lambda: tf.tensor_scatter_nd_update(z, [[1]], [5., 6.]), "Outer dimensions of indices and update "
           "must match. Indices shape: [1,1], updates shape:[2] [Op:TensorScatterUpdate]")
    raises(E, lambda: tf.tensor_scatter_nd_update(z, [[1]], [[5., 6., 7.]]), "The inner 1 dimensions of "
           "output.shape=[2,2] must match the inner 1 dimensions of updates.shape=[1,3] [Op:TensorScatterUpdate]")
    raises(E, lambda: tf.tensor_scatter_nd_update(z, [[1]], 5.),
           "Updates shape must have rank at least one. Found:[] [Op:TensorScatterUpdate]")
    raises(E, lambda: tf.tensor_scatter_nd_add(z, [[1]], [[[5., 6.]]]), "Inner dimensions of output shape must "
           "match inner dimensions of updates shape. Output: [2,2] updates: [1,1,2] [Op:TensorScatterAdd]")


def test_random_argument_messages():
    raises(ValueError, lambda: tf.random.uniform([2], minval=tf.constant(1)),
           "min: Tensor conversion requested dtype float32 for Tensor with dtype int32: "
           "<tf.Tensor: shape=(), dtype=int32, numpy=1>")
    with pytest.raises(ValueError, match="^stddev: Tensor conversion requested dtype float32"):
        tf.random.normal([2], stddev=tf.constant(1., tf.float64))
    raises(tf.errors.InvalidArgumentError, lambda: tf.random.stateless_normal([2], seed=[1]),
           "seed must have shape [2], not [1] [Op:StatelessRandomGetKeyCounter]")


def test_tensorshape_checks():
    raises(ValueError, lambda: tf.TensorShape([1]).assert_same_rank([1, 2]), "Shapes (1,) and (1, 2) must have the same rank")
    tf.TensorShape(None).assert_same_rank([1, 2])
    raises(TypeError, lambda: tf.TensorShape([1.5]), "Dimension value must be integer or None or have an "
           "__index__ method, got value '1.5' with type '<class 'float'>'")


@pytest.mark.parametrize("make", [
    lambda: tf.TensorShape([-1]), lambda: tf.TensorSpec([-1, 3]), lambda: tf.keras.Input(shape=(-1,)),
    lambda: tf.ensure_shape(tf.ones([2, 3]), [-1, 3]), lambda: tf.TensorShape([2, 3]).is_compatible_with([-1, 3]),
    lambda: tf.Variable(tf.ones([2]), shape=[-1])])
def test_minus_one_is_not_an_unknown_dimension(make):
    # TF: an unknown size is None; -1 means "infer" to reshape only
    raises(ValueError, make, "Dimension -1 must be >= 0")


def test_placeholder_shape_errors():
    with tf.Graph().as_default():
        raises(ValueError, lambda: tf.compat.v1.placeholder(tf.float32, [-1, 3]),
               "Error converting shape to a TensorShape: Dimension -1 must be >= 0.")
        assert tf.compat.v1.placeholder(tf.float32, [None, 3]).shape.as_list() == [None, 3]


# -- variables -------------------------------------------------------------------------------------
def test_eager_assign_returns_unread_variable():
    v = tf.Variable([1., 2.], name="w")
    u = v.assign([3., 4.])
    assert u is not v and isinstance(u, tf.Variable) and u.name == "UnreadVariable"
    assert repr(u) == ("<tf.Variable 'UnreadVariable' shape=(2,) dtype=float32, "
                       "numpy=array([3., 4.], dtype=float32)>") == str(u)
    v.assign([5., 6.])
    assert u.numpy().tolist() == [5., 6.]  # a view: it reads the variable now
    assert repr(v.assign_add([1., 1.]).assign_sub([2., 2.])).startswith("<tf.Variable 'UnreadVariable'")
    assert v.numpy().tolist() == [4., 5.] and v.name == "w:0"
    u.assign([7., 7.])
    assert v.numpy().tolist() == [7., 7.] and u.trainable and u.shape == (2,) and u.dtype is tf.float32
    assert v[0].assign(1.).name == "UnreadVariable" and v.scatter_nd_update([[1]], [9.]).name == "UnreadVariable"
    assert v.numpy().tolist() == [1., 9.] and v.assign([0., 0.], read_value=False) is None
    with tf.GradientTape() as tape:  # reading the view is reading the variable
        y = tf.reduce_sum(v.assign([1., 1.]) * 3.)
    assert tape.gradient(y, v).numpy().tolist() == [3., 3.]


def test_variable_creation_messages():
    raises(ValueError, lambda: tf.Variable([1., 2.], shape=[3]), "In this `tf.Variable` creation, the initial "
           "value's shape ((2,)) is not compatible with the explicitly supplied `shape` argument ([3]).")
    raises(ValueError, lambda: tf.Variable(), "The `initial_value` arg to `tf.Variable` must be specified except "
           "when you are not providing a `variable_def`. You provided neither.")


def test_variables_are_unhashable_and_have_no_len():
    v = tf.Variable([1., 2., 3.], name="v")
    raises(TypeError, lambda: hash(v), "Variable is unhashable. Instead, use variable.ref() as the key. (Variable: "
           "<tf.Variable 'v:0' shape=(3,) dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>)")
    raises(TypeError, lambda: {v: 1}, "Variable is unhashable. Instead, use variable.ref() as the key. (Variable: "
           "<tf.Variable 'v:0' shape=(3,) dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>)")
    raises(TypeError, lambda: len(v), "object of type 'ResourceVariable' has no len()")
    with pytest.raises(TypeError, match="list indices must be integers or slices"):
        [0, 1, 2, 3][tf.Variable(3)]
    assert {v.ref()} == {v.ref()} and v in [v] and len(v.read_value()) == 3 and len(list(v)) == 3
    assert (float(tf.Variable(2.0)), int(tf.Variable(2.0)), bool(tf.Variable(2.0))) == (2.0, 2, True)


def test_variable_synchronization_and_aggregation_enums():
    assert repr(tf.VariableAggregation.SUM) == "<VariableAggregationV2.SUM: 1>"
    assert [m.name for m in tf.VariableSynchronization] == ["AUTO", "NONE", "ON_WRITE", "ON_READ"]
    v = tf.Variable(1.0, synchronization=tf.VariableSynchronization.ON_READ, aggregation=tf.VariableAggregation.MEAN)
    assert (str(v.synchronization), str(v.aggregation), v.trainable) == (
        "VariableSynchronization.ON_READ", "VariableAggregationV2.MEAN", False)
    w = tf.Variable(1.0)  # TF's default is TF1's enum
    assert (str(w.synchronization), str(w.aggregation)) == ("VariableSynchronization.AUTO", "VariableAggregation.NONE")
    assert str(tf.compat.v1.VariableAggregation.SUM) == "VariableAggregation.SUM"
    assert tf.VariableAggregation.SUM == tf.compat.v1.VariableAggregation.SUM and tf.VariableAggregation.SUM != 1
    assert hash(tf.VariableAggregation.SUM) == hash(tf.compat.v1.VariableAggregation.SUM)
    raises(ValueError, lambda: tf.Variable(1.0, name="q", aggregation=5), "Invalid variable aggregation mode: 5 for "
           "variable: q")
    raises(ValueError, lambda: tf.Variable(1.0, name="q", synchronization="x"), "Invalid variable synchronization "
           "mode: x for variable: q")
    assert tf.Variable(1.0, synchronization=tf.VariableSynchronization.ON_READ, trainable=True).trainable
    m = tf.keras.metrics.Mean()
    m.update_state(1.0)
    assert [(x.synchronization.name, str(x.aggregation)) for x in m.variables] == [
        ("ON_READ", "VariableAggregationV2.SUM")] * 2
    b = tf.keras.layers.BatchNormalization()
    b.build((None, 3))
    assert [(x.synchronization.name, x.aggregation.name) for x in b.weights] == [
        ("AUTO", "NONE"), ("AUTO", "NONE"), ("ON_READ", "MEAN"), ("ON_READ", "MEAN")]
