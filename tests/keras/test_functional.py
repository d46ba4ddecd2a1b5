"""Functional models and merge layers. Run with NUMTF_TEST_AGAINST=tensorflow (TF_USE_LEGACY_KERAS=1)
under the TF venv to check the expectations against tf-keras."""
import importlib
import os

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
