"""Keras inside the tf.compat.v1 Session (numtf/keras/engine/v1_graph.py): models built on
placeholders, v1 optimizers over Keras losses, `model.predict` and metrics run in the user's
Session, with tf-keras's behaviour.

The expected behaviours (what is initialized by whom, what `update_state` returns, the errors)
were checked against TensorFlow 2.21 with tf-keras (TF_USE_LEGACY_KERAS=1) running the same
programs after `tf.compat.v1.disable_eager_execution()`.
"""
import numpy as np
import pytest

import numtf as tf
from numtf.compat.v1._variables import GraphVariable
from numtf.examples import mnist
from numtf.keras.engine import v1_graph

v1 = tf.compat.v1
MODES = ["subclassing", "sequential", "functional"]


@pytest.fixture(autouse=True)
def graph_mode():
    """Each test starts in TF1 graph mode on a fresh default graph and leaves numtf eager."""
    v1.disable_eager_execution()
    v1.reset_default_graph()
    tf.random.set_seed(0)  # fixed initial weights: the training checks must not depend on luck
    yield
    from numtf.graph import session
    del session._stack()[:]  # a failed test may leave a default session behind
    v1.enable_eager_execution()
    v1.reset_default_graph()


class Small(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.dense1 = tf.keras.layers.Dense(8, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(3)

    def call(self, inputs):
        return tf.nn.softmax(self.dense2(self.dense1(self.flatten(inputs))))


def small_model(mode):
    """A small MLP on 4x4x1 images, built the handbook's three ways."""
    if mode == "subclassing":
        return Small()
    if mode == "sequential":
        return tf.keras.models.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(8, activation=tf.nn.relu),
                                           tf.keras.layers.Dense(3), tf.keras.layers.Softmax()])
    inputs = tf.keras.Input(shape=(4, 4, 1))
    x = tf.keras.layers.Flatten()(inputs)
    x = tf.keras.layers.Dense(8, activation=tf.nn.relu)(x)
    outputs = tf.keras.layers.Softmax()(tf.keras.layers.Dense(3)(x))
    return tf.keras.Model(inputs=inputs, outputs=outputs)


def data(n=20, seed=0):
    x = np.random.default_rng(seed).random((n, 4, 4, 1), dtype=np.float32)
    return x, x.reshape(n, 16)[:, :3].argmax(axis=1).astype(np.int32)  # labels a model can learn


def build_and_train(mode, steps=5):
    """The handbook's graph loop on the small model: returns what the checks need."""
    model = small_model(mode)
    X = v1.placeholder(name="X", shape=[None, 4, 4, 1], dtype=tf.float32)
    y = v1.placeholder(name="y", shape=[None], dtype=tf.int32)
    y_pred = model(X)
    loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred))
    train_op = v1.train.AdamOptimizer(learning_rate=0.01).minimize(loss, var_list=model.variables)
    return model, X, y, y_pred, loss, train_op


# -- building on placeholders --------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_model_on_a_placeholder_builds_into_the_default_graph(mode):
    model = small_model(mode)
    X = v1.placeholder(tf.float32, [None, 4, 4, 1])
    y = model(X)
    assert not tf.executing_eagerly()
    assert y.shape.as_list() == [None, 3] and y.dtype == tf.float32 and y.graph is v1.get_default_graph()
    assert len(model.variables) == 4 and all(isinstance(v, GraphVariable) for v in model.variables)
    assert [v.shape.as_list() for v in model.variables] == [[16, 8], [8], [8, 3], [3]]
    assert set(map(id, v1.trainable_variables())) == set(map(id, model.trainable_variables))
    with v1.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized"):
            sess.run(y, {X: data(2)[0]})  # Keras weights are graph variables: they need the initializer
        sess.run(v1.global_variables_initializer())
        out = sess.run(y, {X: data(5)[0]})
    assert out.shape == (5, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-6)


@pytest.mark.parametrize("mode", MODES)
def test_a_v1_optimizer_minimizes_a_keras_loss_over_model_variables(mode):
    model, X, y, _, loss, train_op = build_and_train(mode)
    x_data, y_data = data(30)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        before = sess.run(model.variables)
        losses = [sess.run([train_op, loss], {X: x_data, y: y_data})[1] for _ in range(30)]
        after = sess.run(model.variables)
    assert losses[-1] < losses[0] * 0.8
    assert all(not np.allclose(a, b) for a, b in zip(before, after))


# -- predict and metrics in the user's Session ------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_predict_and_metrics_in_a_session_agree_with_eager(mode):
    model, X, y, y_pred, _, train_op = build_and_train(mode)
    x_data, y_data = data(20)
    accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
    mean = tf.keras.metrics.Mean()
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        for _ in range(5):
            sess.run(train_op, {X: x_data, y: y_data})
        graph_pred = model.predict(x_data, batch_size=7)  # three batches, the last partial
        fed = sess.run(y_pred, {X: x_data})
        for start in (0, 10):
            assert sess.run(accuracy.update_state(y_true=y_data[start:start + 10],
                                                  y_pred=graph_pred[start:start + 10])) is None
        sess.run(mean.update_state(graph_pred[:, 0]))
        graph_accuracy, graph_mean = sess.run([accuracy.result(), mean.result()])
        weights = sess.run(model.variables)
    assert isinstance(graph_pred, np.ndarray) and graph_pred.shape == (20, 3) and graph_pred.dtype == np.float32
    np.testing.assert_allclose(graph_pred, fed, rtol=1e-6)

    v1.enable_eager_execution()
    eager_model = small_model(mode)
    eager_model(x_data[:1])
    eager_model.set_weights(weights)
    eager_pred = eager_model.predict(x_data, batch_size=7, verbose=0)
    np.testing.assert_allclose(graph_pred, eager_pred, rtol=1e-5, atol=1e-7)
    eager_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
    eager_accuracy.update_state(y_data, eager_pred)
    assert float(graph_accuracy) == float(eager_accuracy.result())
    np.testing.assert_allclose(graph_mean, float(tf.keras.metrics.Mean()(eager_pred[:, 0])), rtol=1e-6)


def test_metric_ops_in_a_session_as_tf_keras():
    # TF 2.21: update_state returns an op (sess.run gives None); results 0.5, [1.5, 7.0]; reset_state
    # sets the state in the session; metric variables are in no collection
    accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
    mean, total = tf.keras.metrics.Mean(), tf.keras.metrics.Sum()
    assert v1.global_variables() == [] and v1.local_variables() == []
    assert [v.name for v in accuracy.variables] == ["total:0", "count:0"]
    inputs = tf.keras.Input(shape=(3,))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(2)(inputs))
    with v1.Session() as sess:
        assert model.predict(np.ones((20, 3), np.float32), batch_size=7).shape == (20, 2)
        assert sess.run(accuracy.update_state([1, 2], [[0, 1, 0.], [1, 0, 0.]])) is None
        assert sess.run(accuracy.result()) == 0.5
        update = total.update_state([1.])
        assert isinstance(update, v1.Operation) and update.type == "NoOp"
        assert sess.run(mean.update_state([1., 2.])) is None and sess.run(total.update_state([3., 4.])) is None
        assert sess.run([mean.result(), total.result()]) == [1.5, 7.0]
        accuracy.reset_state()
        assert sess.run(accuracy.result()) == 0.0 and sess.run(accuracy.total) == 0.0
        late = tf.keras.metrics.SparseCategoricalAccuracy()  # Keras's next use of the session initializes it
        model.predict(np.ones((2, 3), np.float32))
        assert sess.run(late.update_state([1], [[0, 1.]])) is None and sess.run(late.result()) == 1.0


def test_metric_state_needs_keras_to_initialize_it():
    # TF 2.21: global_variables_initializer doesn't cover metric variables (NotFoundError in TF)
    accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        with pytest.raises(tf.errors.FailedPreconditionError, match="Could not find variable total"):
            sess.run(accuracy.update_state([1], [[0, 1.]]))


def test_predict_initializes_what_keras_has_not_seen_and_builds_its_graph_once(capsys):
    model = small_model("subclassing")  # never called: predict builds it, and initializes its weights
    x_data, _ = data(10)
    graph = v1.get_default_graph()
    with v1.Session() as sess:
        first = model.predict(x_data)
        version = graph.version
        second = model.predict(x_data[:3])  # another batch size: the same predict graph
        assert graph.version == version
        assert len(v1_graph._predict_graphs[model]) == 1
        np.testing.assert_array_equal(first[:3], second)
        sess.run(model.variables[0].assign(np.zeros((16, 8), np.float32)))
        np.testing.assert_allclose(model.predict(x_data[:2]), 1 / 3, rtol=1e-6)  # the session's new value
    assert capsys.readouterr().out == ""  # tf-keras's v1 predict is silent by default
    with v1.Session() as sess:
        sess.run(v1.variables_initializer(model.variables))  # Keras initializes a variable only once
        model.predict(x_data[:4], batch_size=2, verbose=1)
    out = capsys.readouterr().out
    assert out.startswith("2/2 [==============================] - ")


def test_predict_without_a_session_uses_keras_session():
    model = small_model("functional")
    x_data, _ = data(4)
    p = model.predict(x_data)  # Keras's own session for the graph, which initializes the weights
    assert p.shape == (4, 3)
    np.testing.assert_array_equal(model.predict(x_data), p)
    assert v1_graph.get_session() is v1_graph.get_session()


def test_a_fresh_session_does_not_reinitialize_what_keras_has_seen():
    # TF 2.21: predicting in a new session after the weights were seen in another one fails
    model, X, *_ = build_and_train("sequential")
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        model.predict(data(2)[0])
    with v1.Session():
        with pytest.raises(tf.errors.FailedPreconditionError, match="Could not find variable"):
            model.predict(data(2)[0])


def test_predict_in_an_explicit_graph_while_eager():
    v1.enable_eager_execution()
    g = v1.Graph()
    with g.as_default():
        model = small_model("sequential")
        X = v1.placeholder(tf.float32, [None, 4, 4, 1])
        y = model(X)
        init = v1.global_variables_initializer()
    assert tf.executing_eagerly()
    with v1.Session(graph=g) as sess:
        sess.run(init)
        np.testing.assert_allclose(model.predict(data(3)[0]), sess.run(y, {X: data(3)[0]}), rtol=1e-6)


# -- errors ---------------------------------------------------------------------------------------------
def test_predicting_in_a_closed_session():
    model, *_ = build_and_train("subclassing")
    sess = v1.Session()
    with sess.as_default():
        sess.run(v1.global_variables_initializer())
        model.predict(data(2)[0])
    sess.close()
    with sess.as_default():
        with pytest.raises(RuntimeError, match="^Attempted to use a closed Session.$"):
            model.predict(data(2)[0])
    with v1.Session() as sess2:
        pass
    with sess2.as_default():  # never used, then closed
        with pytest.raises(RuntimeError, match="^Attempted to use a closed Session.$"):
            model.predict(data(2)[0])


@pytest.mark.parametrize("mode", MODES)
def test_the_handbook_cnn_on_placeholders_of_the_wrong_rank(mode):
    # TF 2.21: ValueError: Input 0 of layer "conv2d" is incompatible with the layer: expected
    # min_ndim=4, found ndim=2. Full shape received: (None, 784); a functional model checks its
    # Input's shape first: Input 0 of layer "model" ... expected shape=(None, 28, 28, 1), ...
    model = mnist.build_model("cnn", mode)
    expected = (r'Input 0 of layer "model(_\d+)?" is incompatible with the layer: expected shape=\(None, 28, 28, 1\), '
                r"found shape=\(None, 784\)" if mode == "functional" else
                r'Input 0 of layer "conv2d(_\d+)?" is incompatible with the layer: '
                r"expected min_ndim=4, found ndim=2. Full shape received: \(None, 784\)")
    with pytest.raises(ValueError, match=expected):
        model(v1.placeholder(tf.float32, [None, 784]))


@pytest.mark.parametrize("declared", ["functional", "sequential"])
def test_models_with_declared_input_shapes_check_symbolic_inputs_as_tf_keras(declared):
    # TF 2.21 (graph mode): (None, 784) is refused with the model's name; a missing or extra
    # trailing axis of size 1 is added or removed. Eager inputs are checked the same way (TF 2.21,
    # in a fresh eager program: "found shape=(2, 784)").
    def build():
        if declared == "sequential":
            return tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28, 1)), tf.keras.layers.Dense(10)])
        inputs = tf.keras.Input((28, 28, 1))
        return tf.keras.Model(inputs, tf.keras.layers.Dense(10)(tf.keras.layers.Flatten()(inputs)))

    model = build()
    with pytest.raises(ValueError, match=r'^Input 0 of layer "(sequential|model)(_\d+)?" is incompatible with the '
                                         r"layer: expected shape=\(None, 28, 28, 1\), found shape=\(None, 784\)$"):
        model(v1.placeholder(tf.float32, [None, 784]))
    for shape in ([None, 28, 28], [None, 28, 28, 1, 1], [None, 28, 28, 1]):
        assert model(v1.placeholder(tf.float32, shape)).shape.as_list() == [None, 10]
    v1.enable_eager_execution()
    with pytest.raises(ValueError, match=r'^Input 0 of layer "(sequential|model)(_\d+)?" is incompatible with the '
                                         r"layer: expected shape=\(None, 28, 28, 1\), found shape=\(2, 784\)$"):
        build()(np.zeros([2, 784], np.float32))
    assert build()(np.zeros([2, 28, 28], np.float32)).shape == (2, 10)


def test_a_functional_cnn_conforms_a_missing_channel_axis():
    inputs = tf.keras.Input((6, 6, 1))
    model = tf.keras.Model(inputs, tf.keras.layers.Conv2D(2, 3)(inputs))
    assert model(v1.placeholder(tf.float32, [None, 6, 6])).shape.as_list() == [None, 4, 4, 2]


def test_predict_rejects_graph_tensors_and_mismatched_inputs():
    model = small_model("subclassing")
    with v1.Session():
        with pytest.raises(ValueError, match="takes NumPy data"):
            model.predict(v1.placeholder(tf.float32, [None, 4, 4, 1]))
        with pytest.raises(ValueError, match="Expected input data to have a batch dimension"):
            model.predict(np.float32(1.0))
