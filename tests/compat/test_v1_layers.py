"""tf.compat.v1.layers (TF1's tf.layers) in TF1 graphs: variable names, scope reuse, the
UPDATE_OPS of batch normalization, training flags. Names and errors are TF 2.21's for the same
program (tf.compat.v1.layers with tf-keras)."""
import numpy as np
import pytest

import numtf as tf

v1 = tf.compat.v1


@pytest.fixture(autouse=True)
def graph_mode():
    v1.disable_eager_execution()
    v1.reset_default_graph()
    yield
    v1.enable_eager_execution()
    v1.reset_default_graph()


def build():
    x = v1.placeholder(tf.float32, [None, 8, 8, 3])
    h = v1.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
    h = v1.layers.max_pooling2d(h, 2, 2)
    h = v1.layers.batch_normalization(h, training=True)
    h = v1.layers.flatten(h)
    h = v1.layers.dropout(h, 0.5, training=False)
    return x, h


def test_names_reuse_and_collections_as_tf():
    x, h = build()
    y = v1.layers.dense(h, 10, name="logits")
    y2 = v1.layers.dense(h, 10, name="logits", reuse=True)
    v1.layers.dense(h, 5)
    z2 = v1.layers.dense(h, 5)
    assert [v.name for v in v1.global_variables()] == [
        "conv2d/kernel:0", "conv2d/bias:0", "batch_normalization/gamma:0", "batch_normalization/beta:0",
        "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0", "logits/kernel:0",
        "logits/bias:0", "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert [v.name for v in v1.trainable_variables()] == [
        n for n in (v.name for v in v1.global_variables()) if "moving" not in n]
    assert len(v1.get_collection(v1.GraphKeys.UPDATE_OPS)) == 2
    assert h.shape.as_list() == [None, 64] and y.shape.as_list() == [None, 10]
    assert y.name == "logits/BiasAdd:0" and z2.name == "dense_1/BiasAdd:0"
    with pytest.raises(ValueError, match="Variable logits/kernel already exists, disallowed"):
        v1.layers.dense(h, 10, name="logits")
    with v1.variable_scope("model"):
        a = v1.layers.dense(h, 3)
    with v1.variable_scope("model", reuse=True):  # the same default name again, reused
        b = v1.layers.dense(h, 3)
    assert [v.name for v in v1.global_variables()][-2:] == ["model/dense/kernel:0", "model/dense/bias:0"]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        feed = {x: np.random.default_rng(0).random((2, 8, 8, 3), dtype=np.float32)}
        ry, ry2, ra, rb = sess.run([y, y2, a, b], feed)
        np.testing.assert_array_equal(ry, ry2)
        np.testing.assert_array_equal(ra, rb)
        moving = [v for v in v1.global_variables() if "moving_mean" in v.name][0]
        before = sess.run(moving)
        sess.run(y, feed)
        np.testing.assert_array_equal(sess.run(moving), before)  # updates run only when asked
        sess.run(v1.get_collection(v1.GraphKeys.UPDATE_OPS), feed)
        assert np.abs(sess.run(moving) - before).max() > 0


def test_batch_norm_with_a_training_placeholder():
    x = v1.placeholder(tf.float32, [None, 3])
    training = v1.placeholder(tf.bool, [])
    y = v1.layers.batch_normalization(x, training=training, momentum=0.5)
    updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
    data = np.array([[1., 2., 3.], [3., 6., 9.]], np.float32)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out_train = sess.run(y, {x: data, training: True})
        np.testing.assert_allclose(out_train, [[-1, -1, -1], [1, 1, 1]], atol=2e-3)  # batch statistics
        out_infer = sess.run(y, {x: data, training: False})
        np.testing.assert_allclose(out_infer, data / np.sqrt(1 + 1e-3), rtol=1e-6)  # moving statistics
        sess.run(updates, {x: data, training: False})  # not training: the averages stay
        mean = [v for v in v1.global_variables() if "moving_mean" in v.name][0]
        np.testing.assert_array_equal(sess.run(mean), [0, 0, 0])
        sess.run(updates, {x: data, training: True})
        np.testing.assert_allclose(sess.run(mean), [1., 2., 3.])  # 0.5 * 0 + 0.5 * batch mean


def test_tf1_layers_train_in_a_session():
    rng = np.random.default_rng(0)
    data = rng.standard_normal((64, 4)).astype(np.float32)
    labels = (data[:, 0] + data[:, 1] > 0).astype(np.int32)
    x = v1.placeholder(tf.float32, [None, 4])
    y = v1.placeholder(tf.int32, [None])
    hidden = v1.layers.dense(x, 16, activation=tf.nn.relu, kernel_regularizer=tf.keras.regularizers.l2(1e-4))
    logits = v1.layers.dense(v1.layers.dropout(hidden, 0.1, training=True), 2)
    loss = v1.losses.sparse_softmax_cross_entropy(y, logits) + v1.losses.get_regularization_loss()
    assert len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)) == 1
    train = v1.train.AdamOptimizer(0.05).minimize(loss)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        first = sess.run(loss, {x: data, y: labels})
        for _ in range(60):
            sess.run(train, {x: data, y: labels})
        assert sess.run(loss, {x: data, y: labels}) < first * 0.5


def test_layer_classes():
    layer = v1.layers.Dense(3, name="head")
    x = v1.placeholder(tf.float32, [None, 2])
    layer(x)
    layer(x)  # the second call reuses the scope's variables
    assert [v.name for v in layer.variables] == ["head/kernel:0", "head/bias:0"] and layer.scope_name == "head"
    assert isinstance(layer, tf.keras.layers.Dense) and len(v1.global_variables()) == 2
