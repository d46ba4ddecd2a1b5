"""dtypes, TensorShape, Tensor and Variable semantics. Run with NUMTF_TEST_AGAINST=tensorflow under
the TF venv to check these expectations against TensorFlow itself."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


# -- dtypes ------------------------------------------------------------------------------------
def test_dtype_objects():
    assert tf.as_dtype("float32") is tf.float32 and tf.as_dtype(np.float64) is tf.float64
    assert tf.as_dtype(np.dtype("int8")) is tf.int8 and tf.as_dtype(tf.int32) is tf.int32
    assert tf.float32 == "float32" and tf.float32 != tf.float64 and tf.float32 == np.float32
    assert repr(tf.float32) == "tf.float32" and tf.float32.name == "float32"
    assert tf.float16.is_floating and tf.int64.is_integer and not tf.float32.is_integer
    assert tf.uint8.is_unsigned and tf.bool.is_bool
    assert tf.int8.min == -128 and tf.int8.max == 127 and tf.uint8.max == 255
    assert tf.float32.max == pytest.approx(3.4028234663852886e38)
    assert tf.float32.as_numpy_dtype is np.float32 and tf.float32.size == 4
    assert tf.half is tf.float16 and tf.double is tf.float64
    assert hash(tf.float32) == hash(tf.as_dtype("float32"))
    with pytest.raises(TypeError):
        tf.as_dtype("floaty")


# -- TensorShape -----------------------------------------------------------------------------
def test_tensor_shape():
    s = tf.TensorShape([None, 3])
    assert s.as_list() == [None, 3] and s.rank == 2 and len(s) == 2 and s[1] == 3 and s[0] is None
    assert str(s) == "(None, 3)" and repr(s) == "TensorShape([None, 3])"
    assert s.is_compatible_with([5, 3]) and not s.is_compatible_with([5, 4])
    assert not s.is_compatible_with([5, 3, 1])
    assert s.merge_with([7, None]).as_list() == [7, 3]
    assert s.concatenate([2]).as_list() == [None, 3, 2]
    assert s[1:] == tf.TensorShape([3]) and not s.is_fully_defined()
    assert tf.TensorShape([2, 3]).num_elements() == 6 and s.num_elements() is None
    u = tf.TensorShape(None)
    assert u.rank is None and str(u) == "<unknown>" and u.is_compatible_with([1, 2])
    with pytest.raises(ValueError):
        u.as_list()
    with pytest.raises(ValueError):
        s.merge_with([7, 4])
    assert tf.TensorShape([3]) == (3,) and str(tf.TensorShape([3])) == "(3,)"
    assert tf.TensorShape([]) == () and str(tf.TensorShape([])) == "()"
    assert tf.TensorShape([1, 2]) + tf.TensorShape([3]) == [1, 2, 3]


# -- Tensor ------------------------------------------------------------------------------------
def test_tensor_basics_and_printing():
    a = tf.constant([[1, 2], [3, 4]])
    assert a.shape == (2, 2) and a.dtype == tf.int32 and a.ndim == 2
    assert isinstance(a.numpy(), np.ndarray) and a.numpy().tolist() == [[1, 2], [3, 4]]
    assert repr(a) == ("<tf.Tensor: shape=(2, 2), dtype=int32, numpy=\narray([[1, 2],\n"
                       "       [3, 4]], dtype=int32)>")
    assert str(tf.constant(6.0)) == "tf.Tensor(6.0, shape=(), dtype=float32)"
    assert repr(tf.constant(6.0)) == "<tf.Tensor: shape=(), dtype=float32, numpy=6.0>"
    assert type(tf.constant(6.0).numpy()) is np.float32
    assert str(tf.constant([1.5, 2.25])) == "tf.Tensor([1.5  2.25], shape=(2,), dtype=float32)"
    assert repr(tf.constant("ab")) == "<tf.Tensor: shape=(), dtype=string, numpy=b'ab'>"
    assert str(tf.zeros((2, 0))) == "tf.Tensor([], shape=(2, 0), dtype=float32)"


def test_tensor_python_protocol():
    t = tf.constant(3)
    assert int(t) == 3 and float(tf.constant(2.5)) == 2.5 and bool(tf.constant(True))
    assert [1, 2, 3, 4][t] == 4  # __index__
    assert len(tf.constant([1, 2, 3])) == 3
    assert [int(x) for x in tf.constant([5, 6])] == [5, 6]
    with pytest.raises(TypeError):
        len(tf.constant(1.0))
    with pytest.raises(TypeError):
        hash(t)
    r = t.ref()
    assert {r: 1}[t.ref()] == 1 and r.deref() is t
    assert np.asarray(tf.constant([1.0, 2.0])).dtype == np.float32


def test_numpy_operands_give_tensors():
    t = tf.constant([1.0, 2.0])
    r = np.array([1.0, 2.0]) + t
    assert isinstance(r, tf.Tensor) and r.dtype == tf.float32
    r = np.float64(2) * t
    assert isinstance(r, tf.Tensor) and r.dtype == tf.float32


# -- conversion rules (verified in TF 2.21) ---------------------------------------------------
def test_conversion_dtypes():
    assert tf.constant(1.0).dtype == tf.float32 and tf.constant(1).dtype == tf.int32
    assert tf.constant(2 ** 31).dtype == tf.int64 and tf.constant([1, 2 ** 40]).dtype == tf.int64
    assert tf.constant(True).dtype == tf.bool and tf.constant([1.0, 2]).dtype == tf.float32
    assert tf.constant(np.array([1.0])).dtype == tf.float64
    assert tf.constant(np.float64(1.5)).dtype == tf.float64
    assert tf.convert_to_tensor(np.array([1.5]), tf.int32).numpy().tolist() == [1]
    assert (tf.constant(1.0, tf.float64) * 2.0).dtype == tf.float64
    assert (tf.constant(1, tf.int8) + 300).numpy() == 45
    assert (tf.constant(1) * np.array([2.5])).numpy().tolist() == [2]
    assert tf.constant(300, tf.int8).numpy() == 44
    assert tf.constant(True, dtype=tf.int32).numpy() == 1
    assert tf.constant(0.0, shape=(2, 2)).shape == (2, 2)
    assert tf.constant([1, 2, 3, 4], shape=(2, 2)).numpy().tolist() == [[1, 2], [3, 4]]


def test_conversion_errors():
    with pytest.raises(TypeError, match="Cannot convert 1.7 to EagerTensor of dtype int32"):
        tf.constant(1.7, dtype=tf.int32)
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype bool"):
        tf.constant(1, dtype=tf.bool)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"cannot compute AddV2 as input #1\(zero-based\) was expected to be a int32 tensor but is a float tensor"):
        tf.constant(1) + 0.5
    with pytest.raises(tf.errors.InvalidArgumentError, match="AddV2"):
        tf.constant(1.0) + tf.constant(1.0, tf.float64)
    with pytest.raises(TypeError, match="Cannot convert 0.5 to EagerTensor of dtype int32"):
        tf.constant(1) * 0.5
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float64 for Tensor with dtype float32"):
        tf.convert_to_tensor(tf.constant(1.0), tf.float64)
    with pytest.raises(ValueError, match="non-rectangular"):
        tf.constant([[1, 2], [3]])
    with pytest.raises(ValueError, match="unsupported type"):
        tf.constant([1.0]) + None if os.environ.get("NUMTF_TEST_AGAINST") else tf.convert_to_tensor(None)


def test_op_errors_name_op_and_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,3\] vs. \[4,3\]"):
        tf.ones((2, 3)) + tf.ones((4, 3))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[2,3\]"):
        tf.matmul(tf.ones((2, 3)), tf.ones((2, 3)))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input to reshape is a tensor with 6 values, but the requested shape has 8"):
        tf.reshape(tf.ones((2, 3)), (4, 2))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[Op:MatMul\]"):
        tf.matmul(tf.constant([[1]]), tf.constant([[1.0]]))


# -- Variable ----------------------------------------------------------------------------------
def test_variable_basics():
    v = tf.Variable(3.0)
    assert v.name == "Variable:0" and tf.Variable(1.0).name == "Variable:0"  # not uniquified in eager
    assert repr(v) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=3.0>"
    w = tf.Variable([[1.0, 2.0]], name="w")
    assert repr(w) == "<tf.Variable 'w:0' shape=(1, 2) dtype=float32, numpy=array([[1., 2.]], dtype=float32)>"
    with tf.name_scope("layer1"):
        assert tf.Variable(1.0, name="k").name == "layer1/k:0"
        with tf.name_scope("inner"):
            assert tf.Variable(1.0).name == "layer1/inner/Variable:0"
    assert v.trainable and not tf.Variable(1.0, trainable=False).trainable
    assert v.dtype == tf.float32 and v.shape == () and tf.Variable(1, dtype=tf.float64).dtype == tf.float64
    assert tf.Variable(lambda: tf.ones([2])).shape == (2,)


def test_variable_updates_and_operators():
    v = tf.Variable([1.0, 2.0])
    v.assign([3.0, 4.0])
    v.assign_add([1.0, 1.0])
    v.assign_sub([0.5, 0.5])
    assert v.numpy().tolist() == [3.5, 4.5]
    r = v + 1.0
    assert isinstance(r, tf.Tensor) and r.numpy().tolist() == [4.5, 5.5]
    assert (2.0 * v).numpy().tolist() == [7.0, 9.0]
    assert isinstance(v.read_value(), tf.Tensor) and isinstance(tf.identity(v), tf.Tensor)
    with pytest.raises(ValueError):
        v.assign([1.0, 2.0, 3.0])
    s = tf.Variable(2.0)
    s.assign(s * 3.0)
    assert float(s) == 6.0


def test_read_tensor_survives_in_place_update():
    v = tf.Variable([1.0, 2.0])
    t = v.read_value()
    t2 = tf.identity(v)
    v.assign_add([10.0, 10.0])
    v.assign([0.0, 0.0])
    assert t.numpy().tolist() == [1.0, 2.0] and t2.numpy().tolist() == [1.0, 2.0]
    arr = v.numpy()
    v.assign_add([1.0, 1.0])
    assert arr.tolist() == [0.0, 0.0] and v.numpy().tolist() == [1.0, 1.0]


def test_user_numpy_array_never_modified():
    a = np.array([1.0, 2.0], np.float32)
    v = tf.Variable(a)
    v.assign_add([1.0, 1.0])
    t = tf.constant(a)
    a[0] = 100.0
    assert v.numpy().tolist() == [2.0, 3.0] and t.numpy().tolist() == [1.0, 2.0]
    b = np.array([5.0, 6.0], np.float32)
    v.assign(b)
    v.assign_add([1.0, 1.0])
    assert b.tolist() == [5.0, 6.0]


def test_errors_module():
    assert issubclass(tf.errors.InvalidArgumentError, tf.errors.OpError)
    assert issubclass(tf.errors.OpError, Exception)
    e = tf.errors.InvalidArgumentError(None, None, "bad")
    assert e.message == "bad" and str(e) == "bad"
    for name in ["NotFoundError", "FailedPreconditionError", "OutOfRangeError", "ResourceExhaustedError",
                 "UnimplementedError", "InternalError", "AbortedError", "CancelledError", "UnknownError"]:
        assert issubclass(getattr(tf.errors, name), tf.errors.OpError)


def test_scalar_variable_copy_on_write_then_in_place():
    v = tf.Variable(1.0)
    r = v.read_value()
    v.assign_add(1.0)  # r is alive: copy on write
    del r
    v.assign_add(1.0)  # nothing else holds the buffer: in place
    assert float(v) == 3.0


def test_lists_of_numpy_floats_keep_their_width():
    assert tf.constant([np.zeros(3), np.ones(3)]).dtype == tf.float64
    assert tf.constant([np.float64(1.5)]).dtype == tf.float64
    assert tf.constant([np.float32(1), 2.0]).dtype == tf.float32
    assert tf.constant([1.5, 2.0]).dtype == tf.float32
    assert tf.constant([np.int64(1)]).dtype == tf.int32


def test_empty_lists_convert_to_any_dtype():
    # TF 2.21: `tf.constant([], tf.int32)` is an empty int32 tensor (numtf raised TypeError).
    for d in (tf.int32, tf.int64, tf.bool, tf.string, tf.uint8, tf.float16):
        t = tf.constant([], d)
        assert t.dtype == d and t.shape == (0,)
    assert tf.constant([[], []], tf.int32).shape == (2, 0)
    assert tf.Variable([], dtype=tf.int32).dtype == tf.int32


def test_variable_assign_rejects_tensors_of_another_dtype():
    # TF 2.21: a tensor must have the variable's dtype (ValueError); Python values convert.
    w = tf.Variable([[1, 2], [3, 4]])
    for bad in (tf.zeros([2, 2]), tf.zeros([2, 2], tf.int64)):
        with pytest.raises(ValueError, match="Tensor conversion requested dtype int32"):
            w.assign(bad)
    with pytest.raises(TypeError):
        w.assign([[1.5, 2.0], [1.0, 1.0]])
    v = tf.Variable(1.0)
    for bad in (tf.constant(1.0, tf.float64), tf.constant(3)):
        with pytest.raises(ValueError, match="Tensor conversion requested dtype float32"):
            v.assign(bad)
    with pytest.raises(ValueError):
        v.assign_add(tf.constant(1, tf.int32))
    with pytest.raises(ValueError):
        v.assign_sub(tf.Variable(1.0, dtype=tf.float64))
    v.assign(2)  # a Python int converts
    assert float(v) == 2.0 and w.numpy().tolist() == [[1, 2], [3, 4]]


def test_assign_to_a_slice_of_a_variable():
    # TF 2.21's outputs for the same program.
    w = tf.Variable([[1, 2], [3, 4]])
    assert isinstance(w[0, 1].assign(20), tf.Variable) and w.numpy().tolist() == [[1, 20], [3, 4]]
    w[1].assign([7, 8])
    w[:, 0].assign(tf.constant([-1, -2]))
    assert w.numpy().tolist() == [[-1, 20], [-2, 8]]
    v = tf.Variable(tf.range(6.0))
    v[1:5:2].assign([10.0, 30.0])
    v[2:4].assign(0.5)  # broadcast
    assert v.numpy().tolist() == [0.0, 10.0, 0.5, 0.5, 4.0, 5.0]
    assert hasattr(v[0], "assign") and not hasattr(tf.constant(1), "assign")
    assert not hasattr(v.read_value()[0], "assign")
    assert float(v[1]) == 10.0 and (v[1:3] * 2).numpy().tolist() == [20.0, 1.0]
    with pytest.raises(tf.errors.InvalidArgumentError):
        w[0].assign([1, 2, 3])
    with pytest.raises(TypeError):
        w[0].assign([1.5, 2.5])

    @tf.function
    def f(i):
        v[i].assign(-1.0)
        return v.read_value()
    assert f(tf.constant(3)).numpy().tolist() == [0.0, 10.0, 0.5, -1.0, 4.0, 5.0]


def test_numpy_inside_tf_function_is_an_attribute_error():
    # TF 2.21: AttributeError: 'SymbolicTensor' object has no attribute 'numpy'
    @tf.function
    def f(x):
        return x.numpy()
    with pytest.raises(AttributeError, match="numpy"):
        f(tf.constant(1))


def test_adding_scalar_strings_concatenates():
    # TF 2.21: tf.Tensor(b'ab', shape=(), dtype=string) (numtf raised AttributeError for 0-d strings).
    t = tf.constant("a") + tf.constant("b")
    assert t.dtype == tf.string and t.shape == () and t.numpy() == b"ab"
    assert (tf.constant("a") + "c").numpy() == b"ac"
    assert (tf.constant(["a", "b"]) + "!").numpy().tolist() == [b"a!", b"b!"]
    assert tf.function(lambda a, b: a + b)(tf.constant("a"), tf.constant("b")).numpy() == b"ab"


def test_python_ints_beyond_int64_are_rejected():
    # TF 2.21: ValueError "Can't convert Python sequence with out-of-range integer to Tensor."
    # (numtf wrapped 2**63 to -2**63).
    for v in (2 ** 63, [2 ** 63], 2 ** 64, -2 ** 63 - 1, [1, 2 ** 63]):
        with pytest.raises(ValueError, match="out-of-range integer"):
            tf.constant(v)
    assert tf.constant(2 ** 63 - 1).numpy() == 2 ** 63 - 1 and tf.constant(-2 ** 63).dtype == tf.int64
    assert tf.constant(2 ** 63, tf.uint64).numpy() == 2 ** 63
    assert tf.constant([1e30, 2.0]).dtype == tf.float32
