"""Keras Layer/Model engine semantics. Run with NUMTF_TEST_AGAINST=tensorflow (and
TF_USE_LEGACY_KERAS=1) under the TF venv to check the expectations against tf-keras."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


class Linear(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(units=1, activation=None,
                                           kernel_initializer=tf.zeros_initializer(),
                                           bias_initializer=tf.zeros_initializer())

    def call(self, input):
        return self.dense(input)


class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.dense1 = tf.keras.layers.Dense(units=100, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    def call(self, inputs):
        x = self.flatten(inputs)
        x = self.dense1(x)
        x = self.dense2(x)
        return tf.nn.softmax(x)


def test_weight_names_follow_scopes():
    m = Linear()
    assert m.name == "linear" and m.variables == []
    m(tf.ones((2, 3)))
    assert [v.name for v in m.variables] == ["linear/dense/kernel:0", "linear/dense/bias:0"]
    m2 = Linear()
    m2(tf.ones((2, 3)))
    assert m2.name == "linear_1"
    assert [v.name for v in m2.variables] == ["linear_1/dense_1/kernel:0", "linear_1/dense_1/bias:0"]
    d = tf.keras.layers.Dense(2)
    d(tf.ones((1, 2)))
    assert [v.name for v in d.weights] == ["dense_2/kernel:0", "dense_2/bias:0"]


def test_layer_names_count_per_graph():
    # tf-keras keeps one set of name counters per graph: each v1 Graph starts afresh, and eager
    # code (Keras's global graph) keeps counting where it was.
    assert tf.keras.layers.Dense(1).name == "dense"
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        m = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        m(x)
        assert (m.name, m.layers[0].name) == ("sequential", "dense")
        assert tf.keras.Input((3,)).shape.as_list() == [None, 3]
    assert (tf.keras.layers.Dense(1).name, tf.keras.Sequential().name) == ("dense_1", "sequential")
    assert tf.keras.Input((3,)).name == "input_1"
    with g.as_default():
        assert tf.keras.layers.Dense(1).name == "dense_1"


def test_linear_regression_handbook():
    X = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    y = tf.constant([[10.0], [20.0]])
    model = Linear()
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
    for _ in range(100):
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.reduce_mean(tf.square(y_pred - y))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    kernel, bias = [v.numpy() for v in model.variables]
    # tf-keras 2.21 prints kernel [[0.40784496] [1.191065] [1.9742855]] and bias [0.78322077]
    np.testing.assert_allclose(kernel.ravel(), [0.40784496, 1.191065, 1.9742855], rtol=1e-4)
    np.testing.assert_allclose(bias, [0.78322077], rtol=1e-4)


def test_mlp_structure_and_summary(capsys):
    mlp = MLP()
    y = mlp(tf.ones((3, 28, 28, 1)))
    assert y.shape == (3, 10)
    np.testing.assert_allclose(np.sum(y.numpy(), axis=1), 1.0, rtol=1e-5)
    assert [v.name for v in mlp.variables] == ["mlp/dense/kernel:0", "mlp/dense/bias:0",
                                               "mlp/dense_1/kernel:0", "mlp/dense_1/bias:0"]
    assert [layer.name for layer in mlp.layers] == ["flatten", "dense", "dense_1"]
    assert mlp.count_params() == 79510
    mlp.summary()
    out = capsys.readouterr().out
    expected = "\n".join([
        'Model: "mlp"',
        "_" * 65,
        " Layer (type)                Output Shape              Param #   ",
        "=" * 65,
        " flatten (Flatten)           multiple                  0         ",
        " " * 65,
        " dense (Dense)               multiple                  78500     ",
        " " * 65,
        " dense_1 (Dense)             multiple                  1010      ",
        " " * 65,
        "=" * 65,
        "Total params: 79510 (310.59 KB)",
        "Trainable params: 79510 (310.59 KB)",
        "Non-trainable params: 0 (0.00 Byte)",
        "_" * 65, ""])
    assert out == expected


def test_predict_batches_and_returns_numpy(capsys):
    mlp = MLP()
    out = mlp.predict(np.ones((70, 28, 28, 1), np.float32), batch_size=32, verbose=0)
    assert isinstance(out, np.ndarray) and out.shape == (70, 10) and out.dtype == np.float32
    assert capsys.readouterr().out == ""


def test_tracking_lists_dicts_and_freezing():
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.blocks = [tf.keras.layers.Dense(4), tf.keras.layers.Dense(3)]
            self.heads = {"a": tf.keras.layers.Dense(2)}
            self.pair = (tf.keras.layers.Dense(5), (2, "x"))  # a tuple holding a layer is tracked too
            self.sizes = (3, 4, None)
            self.scale = tf.Variable(1.0, name="scale")
            self.count = tf.Variable(0, trainable=False, name="count")

        def call(self, x):
            for b in self.blocks:
                x = b(x)
            return self.heads["a"](x) * self.scale + tf.reduce_sum(self.pair[0](x))

    net = Net()
    net(tf.ones((1, 5)))
    assert len(net.trainable_variables) == 9 and len(net.non_trainable_variables) == 1
    assert len(net.weights) == 10 and net.weights[-1].name == "count:0"
    net.blocks[0].trainable = False
    assert len(net.trainable_variables) == 7 and len(net.non_trainable_variables) == 3
    net.trainable = False
    assert net.trainable_variables == [] and len(net.non_trainable_variables) == 10


def test_get_set_weights_and_errors():
    d = tf.keras.layers.Dense(2)
    d(tf.ones((1, 3)))
    w = d.get_weights()
    assert [a.shape for a in w] == [(3, 2), (2,)]
    d.set_weights([np.ones((3, 2)), np.zeros(2)])
    np.testing.assert_allclose(d(tf.ones((1, 3))).numpy(), [[3.0, 3.0]])
    with pytest.raises(ValueError):
        d.set_weights([np.ones((2, 2)), np.zeros(2)])
    with pytest.raises(ValueError):
        d.set_weights([np.ones((3, 2))])


def test_input_spec_errors_name_layer_and_shapes():
    d = tf.keras.layers.Dense(2)
    d(tf.ones((1, 2)))
    with pytest.raises(ValueError, match=r'Input 0 of layer "dense" is incompatible with the layer: '
                                         r"expected axis -1 of input shape to have value 2, but received "
                                         r"input with shape \(1, 3\)"):
        d(tf.ones((1, 3)))


def test_custom_layer_with_add_variable_and_training_flag():
    class LinearLayer(tf.keras.layers.Layer):
        def __init__(self, units):
            super().__init__()
            self.units = units

        def build(self, input_shape):
            self.w = self.add_variable(name="w", shape=[input_shape[-1], self.units],
                                       initializer=tf.zeros_initializer())
            self.b = self.add_variable(name="b", shape=[self.units], initializer=tf.zeros_initializer())

        def call(self, inputs):
            return tf.matmul(inputs, self.w) + self.b

    seen = []

    class Probe(tf.keras.layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    class Outer(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.lin = LinearLayer(1)
            self.probe = Probe()

        def call(self, x, training=None):
            return self.probe(self.lin(x))

    m = Outer()
    m(tf.ones((2, 3)), training=True)
    m(tf.ones((2, 3)))
    m(tf.ones((2, 3)), training=False)
    assert seen == [True, None, False]
    assert [v.name for v in m.lin.weights] == ["outer/linear_layer/w:0", "outer/linear_layer/b:0"]


def test_autocast_and_numpy_inputs():
    d = tf.keras.layers.Dense(1, kernel_initializer="ones")
    out = d(np.ones((2, 3)))  # float64 NumPy input is cast to the layer's float32
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), [[3.0], [3.0]])


def test_dropout_honours_training():
    tf.random.set_seed(0)
    drop = tf.keras.layers.Dropout(0.5)
    x = tf.ones((1000,))
    np.testing.assert_array_equal(drop(x).numpy(), x.numpy())
    y = drop(x, training=True).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0} and 300 < np.count_nonzero(y) < 700


def test_config_round_trip():
    d = tf.keras.layers.Dense(3, activation="relu", name="d1")
    config = d.get_config()
    assert config["units"] == 3 and config["activation"] == "relu" and config["name"] == "d1"
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    d2 = tf.keras.layers.Dense.from_config(config)
    assert d2.units == 3 and d2.activation is tf.keras.activations.relu


def test_handbook_conv_7x7_example():
    image = np.array([[
        [0, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 1, 2, 1, 0],
        [0, 0, 2, 2, 0, 1, 0],
        [0, 1, 1, 0, 2, 1, 0],
        [0, 0, 2, 1, 1, 0, 0],
        [0, 2, 1, 1, 2, 0, 0],
        [0, 0, 0, 0, 0, 0, 0]]], dtype=np.float32)
    image = np.expand_dims(image, axis=-1)
    W = np.array([[[0, 0, -1], [0, 1, 0], [-2, 0, 2]]], dtype=np.float32)
    b = np.array([1], dtype=np.float32)
    model = tf.keras.models.Sequential([
        tf.keras.layers.Conv2D(filters=1, kernel_size=[3, 3],
                               kernel_initializer=tf.constant_initializer(W),
                               bias_initializer=tf.constant_initializer(b))])
    output = model(image)
    np.testing.assert_array_equal(tf.squeeze(output).numpy(),
                                  [[6, 5, -2, 1, 2], [3, 0, 3, 2, -2], [4, 2, -1, 0, 0],
                                   [2, 1, 2, -1, -3], [1, 1, 1, 3, 1]])


def test_get_layer_by_name_or_index():
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, name="a"), tf.keras.layers.Dense(1, name="b")])
    model.build((None, 3))
    assert model.get_layer("b") is model.layers[1] and model.get_layer(index=0) is model.layers[0]
    with pytest.raises(ValueError, match=r"No such layer: zz. Existing layers are: \['a', 'b'\]."):
        model.get_layer("zz")
    with pytest.raises(ValueError, match="Was asked to retrieve layer at index 5 but model only has 2 layers."):
        model.get_layer(index=5)
    with pytest.raises(ValueError, match="Provide either a layer name or layer index at `get_layer`."):
        model.get_layer()
    with pytest.raises(ValueError, match="Provide only a layer name or a layer index. Received: index=0, name=a."):
        model.get_layer("a", 0)


def test_model_weights_are_ordered_layer_by_layer():
    """tf-keras's Model lists each layer's weights in turn (a BatchNormalization's moving statistics
    right after its gamma and beta) and the model's own variables last; a Layer lists all trainable
    weights first."""
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.scale = tf.Variable(1.0, name="scale")
            self.d = tf.keras.layers.Dense(2)
            self.bn = tf.keras.layers.BatchNormalization()
            self.count = tf.Variable(0, trainable=False, name="count")

        def call(self, x):
            return self.bn(self.d(x)) * self.scale

    net = Net()
    net(np.ones((2, 3), np.float32))
    assert [v.name for v in net.weights] == [
        "net/dense/kernel:0", "net/dense/bias:0", "net/batch_normalization/gamma:0", "net/batch_normalization/beta:0",
        "net/batch_normalization/moving_mean:0", "net/batch_normalization/moving_variance:0", "scale:0", "count:0"]
    assert [v.name for v in net.trainable_weights][-1] == "scale:0"
    assert [v.name for v in net.non_trainable_weights] == [
        "net/batch_normalization/moving_mean:0", "net/batch_normalization/moving_variance:0", "count:0"]
    seq = tf.keras.Sequential([tf.keras.layers.Dense(2), tf.keras.layers.BatchNormalization(),
                               tf.keras.layers.Dense(1)])
    seq(np.ones((2, 3), np.float32))
    assert [v.name.split("/")[0] for v in seq.weights] == ["dense_1"] * 2 + ["batch_normalization_1"] * 4 + \
        ["dense_2"] * 2


def test_summary_of_an_unbuilt_model_raises():
    # tf-keras: "This model has not yet been built. ..." (numtf printed an empty table).
    for model in (tf.keras.Sequential([tf.keras.layers.Dense(1)]), Linear()):
        with pytest.raises(ValueError, match="This model has not yet been built"):
            model.summary()
    model = Linear()
    model(tf.ones([1, 2]))
    lines = []
    model.summary(print_fn=lines.append)
    assert any("Total params: 3" in line for line in lines)


def test_loss_shape_mismatch_is_an_invalid_argument_error_eagerly():
    # TF raises InvalidArgumentError from the eager op; numtf's clearer error is also one.
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.keras.losses.MeanSquaredError()(tf.ones([2, 3]), tf.ones([2, 4]))
