"""tf.Module: names, name scopes, and the order in which variables and submodules are found (the
TF guide's "Introduction to modules" programs). Run with NUMTF_TEST_AGAINST=tensorflow (and
TF_USE_LEGACY_KERAS=1) under the TF venv to check the expectations against TensorFlow."""
import importlib
import os

import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


class Dense(tf.Module):
    def __init__(self, in_features, out_features, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.ones([in_features, out_features]), name="w")
        self.b = tf.Variable(tf.zeros([out_features]), name="b")

    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)


class SequentialModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.dense_1 = Dense(in_features=3, out_features=3)
        self.dense_2 = Dense(in_features=3, out_features=2)

    def __call__(self, x):
        return self.dense_2(self.dense_1(x))


def test_variables_and_submodules_in_tf_order():
    m = SequentialModule(name="the_model")
    assert m(tf.constant([[2.0, 2.0, 2.0]])).numpy().tolist() == [[18.0, 18.0]]
    assert m.name == "the_model" and [s.name for s in m.submodules] == ["dense", "dense"]
    assert [(v.name, tuple(v.shape)) for v in m.variables] == [("b:0", (3,)), ("w:0", (3, 3)), ("b:0", (2,)),
                                                               ("w:0", (3, 2))]

    class Holder(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(2, 2), Dense(2, 1)]
            self.d = {"k": tf.Variable(1.0, name="dv")}
            self.frozen = tf.Variable(2.0, trainable=False, name="frozen")
    h = Holder()
    assert h.name == "holder"  # the class name in snake case
    assert [v.name for v in h.variables] == ["dv:0", "frozen:0", "b:0", "w:0", "b:0", "w:0"]
    assert [v.name for v in h.trainable_variables] == ["dv:0", "b:0", "w:0", "b:0", "w:0"]
    assert tf.Module().name == "module" and tf.Module().variables == ()


def test_name_scopes_and_errors():
    with pytest.raises(ValueError, match="not a valid module name"):
        tf.Module(name="bad name")
    with tf.name_scope("outer"):
        m = tf.Module(name="inner")
    assert m.name_scope.name == "outer/inner/"
    with m.name_scope:
        v = tf.Variable(1.0, name="x")
    assert v.name == "outer/inner/x:0"

    class Lazy(tf.Module):
        @tf.Module.with_name_scope
        def __call__(self, x):
            if not hasattr(self, "v"):
                self.v = tf.Variable(x, name="v")
            return self.v
    lazy = Lazy(name="m2")
    assert float(lazy(tf.constant(1.0))) == 1.0 and lazy.v.name == "m2/v:0"


def test_modules_hold_keras_layers_and_tf_functions():
    tf.keras.backend.clear_session()  # layer names count from "dense" again
    class Mixed(tf.Module):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(2, kernel_initializer="ones")
            self.scale = tf.Variable(3.0, name="scale")

        def __call__(self, x):
            return self.dense(x) * self.scale
    m = Mixed()
    assert m(tf.ones([1, 2])).numpy().tolist() == [[6.0, 6.0]]
    assert [v.name for v in m.variables] == ["scale:0", "dense/kernel:0", "dense/bias:0"]
    assert len(m.submodules) == 1

    class Counter(tf.Module):
        def __init__(self):
            super().__init__()
            self.count = tf.Variable(0)

        @tf.function
        def __call__(self):
            self.count.assign_add(1)
            return self.count.read_value()
    c = Counter()
    assert int(c()) == 1 and int(c()) == 2 and len(c.variables) == 1


def test_keras_layers_and_models_are_modules():
    dense = tf.keras.layers.Dense(2, name="d")
    assert isinstance(dense, tf.Module) and isinstance(tf.keras.Sequential(), tf.Module)
    assert dense.name_scope() == "d/"
    dense(tf.ones([1, 3]))
    assert [v.name for v in dense.trainable_variables] == ["d/kernel:0", "d/bias:0"]
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2, name="e")])
    assert [v.name for v in model.variables] == ["e/kernel:0", "e/bias:0"]
