"""Functional models and merge layers. Run with NUMTF_TEST_AGAINST=tensorflow (TF_USE_LEGACY_KERAS=1)
under the TF venv to check the expectations against tf-keras."""
import importlib
import os
import re

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
layers = tf.keras.layers


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def test_input_tensor():
    x = tf.keras.Input(shape=(3,))
    assert x.shape.as_list() == [None, 3] and x.dtype == tf.float32 and x.name == "input_1"
    assert str(x) == ("KerasTensor(type_spec=TensorSpec(shape=(None, 3), dtype=tf.float32, name='input_1'), "
                      "name='input_1', description=\"created by layer 'input_1'\")")
    y = tf.keras.Input(shape=(2, 5), batch_size=4, dtype="int32", name="ids")
    assert y.shape.as_list() == [4, 2, 5] and y.dtype == tf.int32 and y.name == "ids"
    h = layers.Dense(4, activation="relu")(x)
    assert h.name == "dense/Relu:0" and h.shape.as_list() == [None, 4]


def test_functional_equals_layers_called_by_hand():
    x = tf.keras.Input(shape=(4,))
    d1, d2 = layers.Dense(8, activation="relu"), layers.Dense(3)
    model = tf.keras.Model(inputs=x, outputs=d2(d1(x)))
    data = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(model(data).numpy(), d2(d1(tf.constant(data))).numpy(), rtol=1e-6)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(data) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    with tf.GradientTape() as tape:
        loss2 = tf.reduce_sum(d2(d1(tf.constant(data))) ** 2)
    grads2 = tape.gradient(loss2, d1.trainable_variables + d2.trainable_variables)
    for a, b in zip(grads, grads2):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5)
    assert [v.name for v in model.weights] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]


def test_multi_input_multi_output_and_ops_become_layers(capsys):
    x = tf.keras.Input(shape=(3,))
    y = tf.keras.Input(shape=(3,), name="other")
    h = layers.Dense(4, activation="relu")(x)
    z = h + y[:, :1] * 2.0
    c = tf.concat([z, h], axis=-1)
    out1, out2 = layers.Dense(2)(c), layers.Dense(1, activation="sigmoid")(h)
    model = tf.keras.Model(inputs=[x, y], outputs=[out1, out2])
    assert [l.name for l in model.layers] == ["other", "input_1", "tf.__operators__.getitem", "dense",
                                              "tf.math.multiply", "tf.__operators__.add", "tf.concat",
                                              "dense_2", "dense_1"] or \
        [l.name for l in model.layers][:2] == ["other", "input_1"]
    a = np.ones((2, 3), np.float32)
    o1, o2 = model([a, 2 * a])
    assert o1.shape == (2, 2) and o2.shape == (2, 1)
    opt = tf.keras.optimizers.SGD(0.1)
    before = model.get_weights()
    with tf.GradientTape() as tape:
        o1, o2 = model([a, a])
        loss = tf.reduce_mean(o1 ** 2) + tf.reduce_mean(o2)
    opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    assert any(not np.allclose(b, w) for b, w in zip(before, model.get_weights()))


def test_summary_matches_tf_keras(capsys):
    x = tf.keras.Input(shape=(3,))
    y = tf.keras.Input(shape=(3,), name="other")
    h = layers.Dense(4, activation="relu")(x)
    z = h + y[:, :1] * 2.0
    c = tf.concat([z, h], axis=-1)
    tf.keras.Model(inputs=[x, y], outputs=layers.Dense(2)(c)).summary()
    out = capsys.readouterr().out
    expected = open(os.path.join(os.path.dirname(__file__), "summary_functional.txt")).read()
    assert out == expected


def test_shared_layer_and_nested_model():
    shared = layers.Dense(3)
    a, b = tf.keras.Input(shape=(2,)), tf.keras.Input(shape=(2,))
    merged = layers.Add()([shared(a), shared(b)])
    inner = tf.keras.Model([a, b], merged)
    assert len(inner.weights) == 2
    p, q = tf.keras.Input(shape=(2,)), tf.keras.Input(shape=(2,))
    outer = tf.keras.Model([p, q], layers.Dense(1)(inner([p, q])))
    u, v = np.ones((4, 2), np.float32), np.full((4, 2), 2.0, np.float32)
    expected = outer.layers[-1](shared(tf.constant(u)) + shared(tf.constant(v)))
    np.testing.assert_allclose(outer([u, v]).numpy(), expected.numpy(), rtol=1e-6)
    assert len(outer.weights) == 4


def test_merge_layers():
    a, b = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,))
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    y = np.full((2, 3), 2.0, np.float32)
    cases = {
        layers.Add(): x + y, layers.Subtract(): x - y, layers.Multiply(): x * y,
        layers.Average(): (x + y) / 2, layers.Maximum(): np.maximum(x, y), layers.Minimum(): np.minimum(x, y),
        layers.Concatenate(): np.concatenate([x, y], -1), layers.Dot(axes=1): np.sum(x * y, 1, keepdims=True),
    }
    for layer, expected in cases.items():
        model = tf.keras.Model([a, b], layer([a, b]))
        np.testing.assert_allclose(model([x, y]).numpy(), expected, rtol=1e-6)
    with pytest.raises(ValueError):
        layers.Add()([a, tf.keras.Input(shape=(4,))])
    with pytest.raises(ValueError):
        layers.Subtract()([a, b, a])


def test_sequential_with_input():
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), layers.Dense(2)])
    assert model.built and len(model.weights) == 2 and model.layers[0].name == "dense"
    model2 = tf.keras.Sequential()
    model2.add(layers.InputLayer(input_shape=(4,)))
    model2.add(layers.Dense(2))
    assert model2.built and model2(np.ones((1, 4), np.float32)).shape == (1, 2)


def test_errors():
    x = tf.keras.Input(shape=(3,))
    with pytest.raises(ValueError):
        tf.keras.Model(inputs=tf.constant([[1.0]]), outputs=layers.Dense(1)(x))
    other = tf.keras.Input(shape=(3,))
    with pytest.raises(ValueError, match="Graph disconnected"):
        tf.keras.Model(inputs=x, outputs=layers.Dense(1)(other))
    model = tf.keras.Model(x, layers.Dense(1)(x))
    with pytest.raises(ValueError, match="incompatible"):
        model(np.ones((2, 4), np.float32))


def test_config_round_trip_rebuilds_the_graph(tmp_path):
    import json
    x, y = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,), name="other")
    h = layers.Dense(4, activation="relu")(x)
    out = layers.Dense(2)(tf.concat([h + y[:, :1] * 2.0, h], axis=-1))
    model = tf.keras.Model(inputs=[x, y], outputs=out)
    clone = tf.keras.Model.from_config(json.loads(json.dumps(model.get_config())))
    clone.set_weights(model.get_weights())
    a, b = np.random.rand(2, 3).astype(np.float32), np.random.rand(2, 3).astype(np.float32)
    np.testing.assert_allclose(clone([a, b]).numpy(), model([a, b]).numpy(), rtol=1e-6)
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    model.save(str(tmp_path / "m.keras"))
    loaded = tf.keras.models.load_model(str(tmp_path / "m.keras"))
    np.testing.assert_allclose(loaded([a, b]).numpy(), model([a, b]).numpy(), rtol=1e-6)


def test_sequential_functional_and_subclassed_agree():
    """The same layers as a Sequential, a Functional and a subclassed model, with the same weights:
    the same outputs and the same gradients."""
    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.flatten = layers.Flatten()
            self.dense1 = layers.Dense(5, activation="relu")
            self.dense2 = layers.Dense(3)

        def call(self, x):
            return tf.nn.softmax(self.dense2(self.dense1(self.flatten(x))))

    sub = Sub()
    seq = tf.keras.Sequential([layers.Flatten(), layers.Dense(5, activation="relu"), layers.Dense(3),
                               layers.Softmax()])
    inp = tf.keras.Input(shape=(2, 2))
    x = layers.Flatten()(inp)
    fun = tf.keras.Model(inp, layers.Softmax()(layers.Dense(3)(layers.Dense(5, activation="relu")(x))))
    data = np.random.default_rng(1).standard_normal((4, 2, 2)).astype(np.float32)
    sub(data)
    seq(data)
    seq.set_weights(sub.get_weights())
    fun.set_weights(sub.get_weights())
    outs, grads = [], []
    for model in (sub, seq, fun):
        with tf.GradientTape() as tape:
            y = model(data)
            loss = tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0]))
        outs.append(y.numpy())
        grads.append([g.numpy() for g in tape.gradient(loss, model.trainable_variables)])
    for o, g in zip(outs[1:], grads[1:]):
        np.testing.assert_allclose(o, outs[0], rtol=1e-6)
        for a, b in zip(g, grads[0]):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


def test_layer_input_output_and_shapes():
    """A called layer's Keras tensors and shapes (the first call's), as feature extractors use them."""
    i = tf.keras.Input((3,))
    dense = layers.Dense(2)
    o = dense(i)
    model = tf.keras.Model(i, o)
    assert dense.input is i and dense.output is o
    assert dense.input_shape == (None, 3) and dense.output_shape == (None, 2)
    assert model.layers[0].input_shape == [(None, 3)] and model.layers[0].output_shape == [(None, 3)]
    assert model.layers[0].input is model.layers[0].output
    extractor = tf.keras.Model(model.input, dense.output)
    assert extractor(np.ones((1, 3), np.float32)).shape == (1, 2)
    unused = layers.Dense(2)
    with pytest.raises(AttributeError, match="Layer dense_1 has no inbound nodes."):
        unused.output
    with pytest.raises(AttributeError, match="Layer dense_1 is not connected, no input to return."):
        unused.input
    with pytest.raises(AttributeError, match='The layer "dense_1" has never been called and thus has no defined '
                                             "output shape."):
        unused.output_shape
    unused(i)
    unused(tf.keras.Input((3,)))
    assert unused.output.shape.as_list() == [None, 2] and unused.output_shape == (None, 2)


# -- Sequential as tf-keras's Functional: inputs/outputs, shapes, get_config/from_config ----------
# Expected values were read from tf-keras 2.21 (TF_USE_LEGACY_KERAS=1).
def _dense_config(name, units, batch_input_shape=None):
    """tf-keras's Dense config with default arguments (as get_config() gives it, JSON-style)."""
    config = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": "linear",
              "use_bias": True,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                     "config": {"seed": None}, "registered_name": None},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                   "registered_name": None},
              "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
              "kernel_constraint": None, "bias_constraint": None}
    if batch_input_shape is not None:
        config["batch_input_shape"] = batch_input_shape
    return config


def _entry(class_name, config, build_shape=None):
    entry = {"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None}
    if build_shape is not None:
        entry["build_config"] = {"input_shape": build_shape}
    return entry


def _input_entry(name, batch_input_shape, dtype="float32"):
    return _entry("InputLayer", {"batch_input_shape": batch_input_shape, "dtype": dtype, "sparse": False,
                                 "ragged": False, "name": name, "optional": False})


def _json(value):
    import json
    return json.loads(json.dumps(value))


def _mlp(how):
    """Dense(3) -> Dense(2) on 4 features, its input declared or inferred in each of tf-keras's ways."""
    if how == "input":
        return tf.keras.Sequential([tf.keras.Input((4,)), layers.Dense(3), layers.Dense(2)])
    if how == "input_shape":
        return tf.keras.Sequential([layers.Dense(3, input_shape=(4,)), layers.Dense(2)])
    model = tf.keras.Sequential([layers.Dense(3), layers.Dense(2)])
    if how == "build":
        model.build((None, 4))
    elif how == "call":
        model(np.ones((5, 4), np.float32))
    return model


SEQUENTIAL_CONFIGS = {  # tf-keras's get_config() of each _mlp, after clear_session
    "input": {"name": "sequential", "layers": [
        _input_entry("input_1", [None, 4]), _entry("Dense", _dense_config("dense", 3), [None, 4]),
        _entry("Dense", _dense_config("dense_1", 2), [None, 3])]},
    "input_shape": {"name": "sequential", "layers": [
        _input_entry("dense_input", [None, 4]), _entry("Dense", _dense_config("dense", 3, [None, 4]), [None, 4]),
        _entry("Dense", _dense_config("dense_1", 2), [None, 3])]},
    "build": {"name": "sequential", "layers": [
        _input_entry("dense_input", [None, 4]), _entry("Dense", _dense_config("dense", 3), [None, 4]),
        _entry("Dense", _dense_config("dense_1", 2), [None, 3])]},
    "call": {"name": "sequential", "layers": [
        _input_entry("dense_input", [5, 4]), _entry("Dense", _dense_config("dense", 3), [5, 4]),
        _entry("Dense", _dense_config("dense_1", 2), [5, 3])]},
    "never": {"name": "sequential", "layers": [
        _entry("Dense", _dense_config("dense", 3)), _entry("Dense", _dense_config("dense_1", 2))]},
}


@pytest.mark.parametrize("how,input_name,batch", [("input", "input_1", None), ("input_shape", "dense_input", None),
                                                  ("build", "dense_input", None), ("call", "dense_input", 5)])
def test_sequential_inputs_outputs_and_shapes(how, input_name, batch):
    model = _mlp(how)
    assert model.built
    assert model.input_shape == (batch, 4) and model.output_shape == (batch, 2)
    assert model.input.shape.as_list() == [batch, 4] and model.output.shape.as_list() == [batch, 2]
    assert model.inputs == [model.input] and model.outputs == [model.output]
    assert model.input.name == input_name and model.input.dtype == tf.float32
    first, last = model.layers
    assert first.input is model.input and last.output is model.output and first.output is last.input
    assert first.output_shape == (batch, 3) and last.input_shape == (batch, 3)
    extractor = tf.keras.Model(model.input, first.output)  # a feature extractor, as tf-keras allows
    assert extractor.output_shape == (batch, 3)
    data = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(extractor(data).numpy(), first(data).numpy(), rtol=1e-6)


@pytest.mark.parametrize("how", ["never", "empty", "list_input", "not_symbolic"])
def test_sequential_without_input_has_no_input_attributes(how):
    class EagerOnly(layers.Layer):  # fails when called on Keras tensors
        def call(self, x):
            if not tf.executing_eagerly():
                raise ValueError("eager only")
            return x

    if how == "never":
        model = tf.keras.Sequential([layers.Dense(3)])
    elif how == "empty":
        model = tf.keras.Sequential()
        model.build((None, 3))  # builds, with no graph to show
        assert model.built
    elif how == "list_input":
        model = tf.keras.Sequential([layers.Concatenate(), layers.Dense(2)])
        assert model([np.ones((2, 3), np.float32), np.ones((2, 1), np.float32)]).shape == (2, 2)
    else:
        model = tf.keras.Sequential([layers.Dense(2), EagerOnly()])
        assert model(np.ones((2, 3), np.float32)).shape == (2, 2)
        assert model(np.ones((4, 3), np.float32)).shape == (4, 2)
    assert model.inputs is None and model.outputs is None
    for name, missing in [("input", "_nested_inputs"), ("input_shape", "_nested_inputs"),
                          ("output", "_nested_outputs"), ("output_shape", "_nested_outputs")]:
        with pytest.raises(AttributeError, match=f"^'Sequential' object has no attribute '{missing}'$"):
            getattr(model, name)
    assert [e["class_name"] for e in model.get_config()["layers"]] == [type(l).__name__ for l in model.layers]


def test_sequential_called_on_data_records_the_relaxed_input_shape():
    model = tf.keras.Sequential([layers.Dense(3), layers.Dense(2)])
    model(np.ones((5, 4)))  # float64 NumPy data: the inferred Input is float64, as in tf-keras
    assert model.input_shape == (5, 4) and model.input.dtype == tf.float64
    model(tf.ones((6, 4)))
    assert model.input_shape == (None, 4) and model.output_shape == (None, 2)
    assert model.layers[0].input_shape == (None, 4)  # the graph was rebuilt, not added to
    model(tf.ones((7, 4)))
    assert model.input_shape == (None, 4)
    config = model.get_config()["layers"]
    assert config[0]["config"]["batch_input_shape"] == (None, 4) and config[1]["build_config"] == {
        "input_shape": (5, 4)}  # the layers keep the shape they were built with
    flat = tf.keras.Sequential([layers.Flatten()])
    flat(tf.ones((5, 4)))
    assert flat(tf.ones((5, 4, 3))).shape == (5, 12) and flat.input_shape == (5, 4)  # another rank: kept
    traced = tf.keras.Sequential([layers.Dense(2)])
    tf.function(lambda x: traced(x))(tf.ones((3, 4)))
    assert traced.input_shape == (3, 4) and traced.output_shape == (3, 2)


def test_sequential_graph_follows_add_and_pop():
    model = tf.keras.Sequential([tf.keras.Input((4,))])
    assert model.built and model.input_shape == (None, 4) and model.output is model.input
    model.add(layers.Dense(5))
    model.add(layers.Dense(2))
    assert model.output_shape == (None, 2) and [l.name for l in model.layers] == ["dense", "dense_1"]
    model.pop()
    assert model.built and model.output_shape == (None, 5) and model.outputs == [model.layers[0].output]
    model.pop()
    assert not model.built and model.inputs is None and model.outputs is None
    assert [e["class_name"] for e in model.get_config()["layers"]] == ["InputLayer"]
    with pytest.raises(TypeError, match="There are no layers in the model."):
        model.pop()
    called = tf.keras.Sequential([layers.Dense(3)])
    called(tf.ones((2, 4)))
    called.add(layers.Dense(1))  # joins the inferred graph
    assert called.input_shape == (2, 4) and called.output_shape == (2, 1)


def test_sequential_input_errors():
    class Two(layers.Layer):
        def call(self, x):
            return [x, x]

    single = ("All layers in a Sequential model should have a single output tensor. For multi-output layers, use "
              "the functional API.")
    with pytest.raises(ValueError, match=re.escape(single)):
        tf.keras.Sequential([tf.keras.Input((4,)), Two()])
    with pytest.raises(ValueError, match=re.escape(single)):
        tf.keras.Sequential([Two()])(tf.ones((2, 4)))
    with pytest.raises(ValueError, match="^An empty Model cannot be used as a Layer.$"):
        tf.keras.Sequential([tf.keras.Sequential(), layers.Dense(2)])
    with pytest.raises(ValueError, match="^You must provide an `input_shape` argument.$"):
        tf.keras.Sequential([layers.Dense(2)]).build()


def test_sequential_input_from_a_nested_first_model():
    x = tf.keras.Input((4,))
    base = tf.keras.Model(x, layers.Dense(3)(x))
    model = tf.keras.Sequential([base, layers.Dense(2)])  # the first model's Input declares the shape
    assert model.built and model.input.name == "model_input" and model.output_shape == (None, 2)
    inner = tf.keras.Sequential([tf.keras.Input((4,)), layers.Dense(3)])
    assert not tf.keras.Sequential([inner, layers.Dense(2)]).built  # tf-keras looks at inner.layers[0] only
    unbuilt = tf.keras.Sequential([layers.Dense(3), layers.Dense(2)])
    y = unbuilt(x)  # called on a Keras tensor: its own Input, of that shape
    assert unbuilt.input_shape == (None, 4) and unbuilt.output_shape == (None, 2) and unbuilt.inputs[0] is not x
    assert y.shape.as_list() == [None, 2]


@pytest.mark.parametrize("how", sorted(SEQUENTIAL_CONFIGS))
def test_sequential_get_config_matches_tf_keras(how):
    assert _json(_mlp(how).get_config()) == SEQUENTIAL_CONFIGS[how]


def test_nested_sequential_and_custom_layer_entries():
    @tf.keras.utils.register_keras_serializable(package="SeqTest")
    class Registered(layers.Layer):
        pass

    class Plain(layers.Layer):
        pass

    inner = tf.keras.Sequential([layers.Dense(3), layers.Dense(2)])
    model = tf.keras.Sequential([tf.keras.Input((4,)), inner, Registered(), Plain()])
    entries = _json(model.get_config())["layers"]
    assert entries[1] == {"module": "keras", "class_name": "Sequential", "registered_name": None,
                          "build_config": {"input_shape": [None, 4]}, "config": {"name": "sequential", "layers": [
                              _input_entry("dense_input", [None, 4]),
                              _entry("Dense", _dense_config("dense", 3), [None, 4]),
                              _entry("Dense", _dense_config("dense_1", 2), [None, 3])]}}
    assert [{k: v for k, v in e.items() if k != "config"} for e in entries[2:]] == [
        {"module": Registered.__module__, "class_name": "Registered", "registered_name": "SeqTest>Registered",
         "build_config": {"input_shape": [None, 2]}},
        {"module": Plain.__module__, "class_name": "Plain", "registered_name": "Plain",
         "build_config": {"input_shape": [None, 2]}}]  # (None for a class of __main__)
    assert entries[0]["class_name"] == "InputLayer"  # a layer returning its input leaves the Input's history
    assert inner.input_shape == (None, 4) and inner.output_shape == (None, 2)
    clone = tf.keras.Sequential.from_config(model.get_config(), custom_objects={"Plain": Plain})
    clone.set_weights(model.get_weights())
    data = np.ones((2, 4), np.float32)
    np.testing.assert_allclose(clone(data).numpy(), model(data).numpy(), rtol=1e-6)


@pytest.mark.parametrize("how", ["input", "input_shape", "build", "call"])
def test_sequential_from_config_builds_the_clone(how, tmp_path):
    model = _mlp(how)
    config = model.get_config()
    clone = tf.keras.Sequential.from_config(_json(config))
    assert clone.built and clone.input_shape == model.input_shape and clone.output_shape == model.output_shape
    assert [w.name for w in clone.weights] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    clone.set_weights(model.get_weights())  # at once, before any call
    data = np.random.default_rng(2).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(clone(data).numpy(), model(data).numpy(), rtol=1e-6)
    assert _json(clone.get_config()) == _json(config)
    model.save(str(tmp_path / "m.keras"))
    loaded = tf.keras.models.load_model(str(tmp_path / "m.keras"))
    assert loaded.input_shape == model.input_shape and _json(loaded.get_config()) == _json(config)
    np.testing.assert_allclose(loaded(data).numpy(), model(data).numpy(), rtol=1e-6)


def test_sequential_from_config_of_a_model_never_built():
    model = _mlp("never")
    clone = tf.keras.Sequential.from_config(_json(model.get_config()))
    assert not clone.built and clone.inputs is None and [l.name for l in clone.layers] == ["dense", "dense_1"]
    assert _json(clone.get_config()) == SEQUENTIAL_CONFIGS["never"]


def test_identity_layer_keeps_the_input_tensor():
    """A layer returning its input gives a new Keras tensor (the Input still comes from its InputLayer)."""
    class Identity(layers.Layer):
        pass

    x = tf.keras.Input((3,))
    y = Identity()(x)
    assert y is not x and y.shape.as_list() == [None, 3]
    model = tf.keras.Model(x, layers.Dense(2)(y))
    assert [type(l).__name__ for l in model.layers] == ["InputLayer", "Identity", "Dense"]
    assert model(np.ones((1, 3), np.float32)).shape == (1, 2)


def test_unbuilt_sequential_has_no_weights_yet():
    message = "Weights for model 'seq' have not yet been created. Weights are created when the model is first"
    model = tf.keras.Sequential([tf.keras.layers.Dense(3)], name="seq")
    for attr in ("weights", "trainable_weights", "non_trainable_weights", "variables", "trainable_variables"):
        with pytest.raises(ValueError, match=message):
            getattr(model, attr)
    with pytest.raises(ValueError, match=message):
        model.get_weights()
    model.build((None, 4))
    assert [w.shape.as_list() for w in model.weights] == [[4, 3], [3]]


def test_raw_ops_on_keras_tensors_are_named_under_their_op_layers():
    i = tf.keras.Input((3,))
    outs = [i * 2 + 1, tf.nn.relu(i), tf.reduce_sum(i, axis=1), i[:, 0], tf.concat([i, i], 1), tf.stack([i, i]),
            tf.cast(i, "int32"), tf.transpose(i), i - 1, i / 2, -i, tf.reduce_mean(i)]
    assert [o.name for o in outs] == [
        "tf.__operators__.add/AddV2:0", "tf.nn.relu/Relu:0", "tf.math.reduce_sum/Sum:0",
        "tf.__operators__.getitem/strided_slice:0", "tf.concat/concat:0", "tf.stack/stack:0", "tf.cast/Cast:0",
        "tf.compat.v1.transpose/transpose:0", "tf.math.subtract/Sub:0", "tf.math.truediv/truediv:0",
        "tf.math.negative/Neg:0", "tf.math.reduce_mean/Mean:0"]


def test_python_control_flow_in_a_custom_layer_builds_a_functional_model():
    """On Keras tensors a user's call() is converted by AutoGraph, as in tf-keras: a Python `if`
    on a tensor becomes a conditional, and the model runs it on real data."""
    class Flip(tf.keras.layers.Layer):
        def call(self, x):
            if tf.reduce_sum(x) > 0:
                return x
            return -x

    inputs = tf.keras.Input((3,))
    model = tf.keras.Model(inputs, Flip()(inputs))
    np.testing.assert_array_equal(model(np.array([[-1., -2., -3.]], np.float32)).numpy(), [[1., 2., 3.]])
    seq = tf.keras.Sequential([tf.keras.Input((3,)), Flip()])
    np.testing.assert_array_equal(seq.predict(np.array([[1., -2., 3.]], np.float32), verbose=0), [[1., -2., 3.]])


def test_config_keeps_call_arguments_as_tf_keras_writes_them(tmp_path):
    # (the inbound_nodes below are what tf-keras 2.21 writes for this model)
    L = tf.keras.layers
    q, v = tf.keras.Input((4, 8), name="q"), tf.keras.Input((5, 8), name="v")
    a = L.Attention(name="att")([q, v], use_causal_mask=True)
    mha = L.MultiHeadAttention(2, 4, name="mha")(q, v)
    d = L.Dropout(0.5, name="drop")(a, training=True)
    model = tf.keras.Model([q, v], L.Concatenate(name="cat")([d, mha]))
    nodes = {layer["name"]: layer["inbound_nodes"] for layer in model.get_config()["layers"]}
    assert nodes["att"] == [[["q", 0, 0, {"use_causal_mask": True}], ["v", 0, 0, {"use_causal_mask": True}]]]
    assert nodes["drop"] == [[["att", 0, 0, {"training": True}]]]
    assert nodes["mha"] == [[["q", 0, 0, {"value": ["v", 0, 0]}]]]
    assert nodes["cat"] == [[["drop", 0, 0, {}], ["mha", 0, 0, {}]]]
    rng = np.random.default_rng(0)
    x = [rng.standard_normal((2, 4, 8)).astype(np.float32), rng.standard_normal((2, 5, 8)).astype(np.float32)]
    model.save(tmp_path / "m.keras")
    loaded = tf.keras.models.load_model(tmp_path / "m.keras")
    attention = tf.keras.Model(model.inputs, model.get_layer("att").output)
    np.testing.assert_allclose(tf.keras.Model(loaded.inputs, loaded.get_layer("att").output)(x).numpy(),
                               attention(x).numpy(), rtol=1e-6)  # still causal
    dropped = loaded(x).numpy()[..., :8]
    assert (dropped == 0).mean() > 0.2  # training=True kept: dropout applies even in inference


def test_a_shared_layer_counts_only_its_calls_inside_the_model():
    shared = tf.keras.layers.Dense(3, name="shared")
    a, b = tf.keras.Input((2,), name="a"), tf.keras.Input((2,), name="b")
    tf.keras.Model(a, shared(a))  # the layer's first call belongs to another model
    model = tf.keras.Model(b, tf.keras.layers.Dense(1, name="head")(shared(b)))
    nodes = {layer["name"]: layer["inbound_nodes"] for layer in model.get_config()["layers"]}
    assert nodes["shared"] == [[["b", 0, 0, {}]]] and nodes["head"] == [[["shared", 0, 0, {}]]]
    clone = tf.keras.Model.from_config(model.get_config())
    assert clone(np.ones((1, 2), np.float32)).shape == (1, 1)


def test_a_call_argument_that_is_not_json_is_a_clear_error():
    class Scale(tf.keras.layers.Layer):
        def call(self, x, factor=None):
            return x * 2.0

    x = tf.keras.Input((2,))
    model = tf.keras.Model(x, Scale(name="scale")(x, factor=object()))
    with pytest.raises(TypeError, match="Layer scale was passed non-JSON-serializable arguments"):
        model.get_config()
