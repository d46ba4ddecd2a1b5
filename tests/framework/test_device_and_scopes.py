"""tf.device / tf.DeviceSpec, tf.init_scope, tf.inside_function, tf.get_current_name_scope,
tf.timestamp, tf.get_logger, tf.is_symbolic_tensor, tf.is_tensor (behaviour checked against
TensorFlow 2.21 by hand: the expected values below are what TF printed)."""
import logging

import numpy as np
import pytest

import numtf as tf

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


def test_device_accepts_tf_device_strings_and_runs_on_the_cpu():
    for name in ["/GPU:0", "/cpu:0", "cpu:0", "/device:XPU:0", "/job:localhost/replica:0/task:0/device:CPU:0",
                 None, "", tf.DeviceSpec(device_type="GPU", device_index=1)]:
        with tf.device(name):
            x = tf.constant(2.0) * 3
        assert x.device == CPU and float(x) == 6.0


def test_device_errors_as_tf():
    with pytest.raises(ValueError, match="Unknown attribute 'foo' is encountered while parsing the device spec: 'foo'"):
        tf.device("foo")
    with pytest.raises(ValueError, match="Expecting a string device name. Got <class 'int'>"):
        tf.device(3)


def test_device_spec():
    spec = tf.DeviceSpec.from_string("/job:worker/replica:1/task:2/device:GPU:1")
    assert (spec.job, spec.replica, spec.task, spec.device_type, spec.device_index) == ("worker", 1, 2, "GPU", 1)
    assert spec.to_string() == "/job:worker/replica:1/task:2/device:GPU:1"
    assert tf.DeviceSpec.from_string("cpu:0").to_string() == "/device:CPU:0"
    merged = spec.make_merged_spec(tf.DeviceSpec(device_type="CPU", device_index=0))
    assert merged.to_string() == "/job:worker/replica:1/task:2/device:CPU:0"
    assert spec.replace(job="ps").job == "ps" and spec == tf.DeviceSpec.from_string(spec.to_string())


def test_name_scope_inside_function_and_init_scope():
    assert tf.get_current_name_scope() == "" and not tf.inside_function()
    with tf.name_scope("a"):
        with tf.name_scope("b"):
            assert tf.get_current_name_scope() == "a/b"
    seen = {}

    @tf.function
    def f(x):
        seen["inside"] = tf.inside_function()
        with tf.init_scope():  # TF: eager here, yet still inside the function
            seen["init"] = (tf.executing_eagerly(), tf.inside_function())
            v = tf.constant(5.0)
        seen["after"] = tf.executing_eagerly()
        return x + v
    assert float(f(tf.constant(1.0))) == 6.0
    assert seen == {"inside": True, "init": (True, True), "after": False}


def test_init_scope_pauses_tapes():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        with tf.init_scope():
            y = x * x
        z = x * 3.0
    assert tape.gradient(y, x) is None and float(tape.gradient(z, x)) == 3.0


def test_timestamp_logger_and_tensor_predicates():
    t = tf.timestamp()
    assert t.dtype == tf.float64 and t.shape == () and abs(float(t) - __import__("time").time()) < 60
    stamps = tf.function(lambda: tf.timestamp())
    assert float(stamps()) <= float(stamps())  # runs on every call, like tf.print
    assert isinstance(tf.get_logger(), logging.Logger)
    assert not tf.is_symbolic_tensor(tf.constant(1.0)) and not tf.is_symbolic_tensor(np.ones(2))

    @tf.function
    def g(x):
        assert tf.is_symbolic_tensor(x)
        return x
    g(tf.constant(1.0))
    assert tf.is_tensor(tf.SparseTensor([[0]], [1.0], [2])) and tf.is_tensor(tf.ragged.constant([[1], []]))
    assert tf.is_tensor(tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]))) and not tf.is_tensor([1.0])


def test_dimension_prints_as_tf():
    assert str(tf.Dimension(None)) == "?" and str(tf.Dimension(3)) == "3"
    assert repr(tf.Dimension(3)) == "Dimension(3)"
