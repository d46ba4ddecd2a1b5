"""tf.gather's gradient is a tf.IndexedSlices, as in TF: through the tape, tf.function, tf.gradients
and Session.run, into optimizers and the clipping functions. Expected values are TF 2.21's,
printed by the same programs (2026-11-24)."""
import numpy as np

import numtf as tf


def _table():
    return tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def test_gather_gradient_is_indexed_slices_joined_by_concatenation():
    v = _table()
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.gather(v, [0, 0, 2]) ** 2) + tf.reduce_sum(tf.gather(v, [1]))
    g = tape.gradient(loss, v)
    assert isinstance(g, tf.IndexedSlices)
    assert g.indices.numpy().tolist() == [1, 0, 0, 2] and g.indices.dtype == tf.int32
    assert g.values.numpy().tolist() == [[1, 1], [2, 4], [2, 4], [10, 12]]
    assert g.dense_shape.numpy().tolist() == [3, 2] and g.dense_shape.dtype == tf.int32
    assert g.shape == (3, 2) and g.dtype == tf.float32
    assert str(g) == ("IndexedSlices(indices=tf.Tensor([1 0 0 2], shape=(4,), dtype=int32), values=tf.Tensor(\n"
                      "[[ 1.  1.]\n [ 2.  4.]\n [ 2.  4.]\n [10. 12.]], shape=(4, 2), dtype=float32), "
                      "dense_shape=tf.Tensor([3 2], shape=(2,), dtype=int32))")
    assert tf.convert_to_tensor(g).numpy().tolist() == [[4, 8], [1, 1], [10, 12]]
    np.testing.assert_allclose(float(tf.norm(g)), 18.05547, rtol=1e-6)  # (the dense tensor's norm)


def test_which_gradients_stay_sparse():
    v = _table()
    with tf.GradientTape() as tape:  # plus a dense gradient: the dense sum
        loss = tf.reduce_sum(tf.gather(v, [0, 0, 2]) ** 2) + tf.reduce_sum(v)
    assert tape.gradient(loss, v).numpy().tolist() == [[5, 9], [1, 1], [11, 13]]
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:  # a watched tensor too
        tape.watch(x)
        loss = tf.reduce_sum(tf.gather(x, [1]) * 2.0)
    g = tape.gradient(loss, x)
    assert isinstance(g, tf.IndexedSlices) and g.values.numpy().tolist() == [[2, 2]]
    cases = {  # TF's types: gathers on axis 0 (through identity, sparse_read, embedding_lookup) stay sparse
        "axis1": (lambda: tf.gather(v, [1], axis=1), tf.Tensor),
        "embedding_lookup": (lambda: tf.nn.embedding_lookup(v, [[1, 2]]), tf.IndexedSlices),
        "sparse_read": (lambda: v.sparse_read([2]), tf.IndexedSlices),
        "after_mul": (lambda: tf.gather(v * 2.0, [2]), tf.Tensor),
        "after_identity": (lambda: tf.gather(tf.identity(v), [2]), tf.IndexedSlices),
    }
    for name, (fn, kind) in cases.items():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(fn())
        assert isinstance(tape.gradient(loss, v), kind), name
    e = tf.keras.layers.Embedding(4, 2)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(e(tf.constant([[1, 1]])))
    assert isinstance(tape.gradient(loss, e.trainable_variables)[0], tf.IndexedSlices)
    # internal gathers of ops whose TF gradient is dense stay dense
    with tf.GradientTape() as tape:
        s = tf.constant(np.arange(8.0, dtype=np.float32))
        tape.watch(s)
        loss = tf.reduce_sum(tf.signal.frame(s, 4, 2, axis=0))
    assert isinstance(tape.gradient(loss, s), tf.Tensor)


def test_optimizers_update_as_with_the_dense_gradient():
    want = {"SGD": [[-0.54, -1.08], [3.0, 4.0], [0.31, 0.372]],
            "Adam": [[0.7015884518623352, 1.7006254196166992], [3.0, 4.0], [4.7002153396606445, 5.700176239013672]],
            "RMSprop": [[0.3691805303096771, 1.3087178468704224], [3.0, 4.0], [4.2792887687683105, 5.276313781738281]],
            "Adagrad": [[0.7809222340583801, 1.7759406566619873], [3.0, 4.0], [4.7732954025268555, 5.772991180419922]]}
    for name, expected in want.items():
        v = _table()
        opt = tf.keras.optimizers.SGD(0.1, momentum=0.9) if name == "SGD" else getattr(tf.keras.optimizers, name)(0.1)
        for _ in range(3):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(tf.gather(v, [0, 0, 2]) ** 2)
            opt.apply_gradients([(tape.gradient(loss, v), v)])
        np.testing.assert_allclose(v.numpy(), expected, rtol=1e-6, err_msg=name)


def test_clipping_uses_the_values():
    v = _table()
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.gather(v, [0, 0, 2]) ** 2) + tf.reduce_sum(tf.gather(v, [1]))
    g = tape.gradient(loss, v)
    clipped, norm = tf.clip_by_global_norm([g], 1.0)
    np.testing.assert_allclose(float(norm), 16.911535, rtol=1e-6)  # sqrt(sum of values**2), repeats apart
    assert isinstance(clipped[0], tf.IndexedSlices)
    np.testing.assert_allclose(tf.linalg.global_norm([clipped[0]]).numpy(), 1.0, rtol=1e-6)
    by_norm = tf.clip_by_norm(g, 1.0)
    assert isinstance(by_norm, tf.IndexedSlices) and by_norm.indices.numpy().tolist() == [1, 0, 0, 2]


def test_functions_graphs_and_sessions():
    v = tf.Variable(tf.ones([5, 2]))

    @tf.function
    def grad_of_gather():
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.gather(v, [0, 2]))
        return tape.gradient(y, v)

    r = grad_of_gather()
    assert isinstance(r, tf.IndexedSlices) and r.indices.numpy().tolist() == [0, 2]
    assert r.values.numpy().tolist() == [[1, 1], [1, 1]] and r.dense_shape.numpy().tolist() == [5, 2]

    v1 = tf.compat.v1
    with tf.Graph().as_default():
        p = v1.placeholder(tf.float32, [None, 2])
        w = v1.get_variable("w", [3, 2])
        out = tf.reduce_sum(tf.gather(p, [1, 0])) + tf.reduce_sum(tf.gather(w, [2]))
        gp, gw = tf.gradients(out, [p, w])
        assert isinstance(gp, tf.IndexedSlices) and isinstance(gw, tf.IndexedSlices)
        train = v1.train.AdamOptimizer(0.1).minimize(out)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            r = sess.run(gp, {p: np.ones([3, 2])})
            assert type(r).__name__ == "IndexedSlicesValue" and isinstance(r, v1.IndexedSlicesValue)
            assert r.values.tolist() == [[1, 1], [1, 1]] and r.indices.tolist() == [1, 0]
            assert r.dense_shape.tolist() == [3, 2]
            before = sess.run(w)
            sess.run(train, {p: np.ones([3, 2])})
            after = sess.run(w)
            assert np.allclose(after[:2], before[:2]) and np.allclose(after[2], before[2] - 0.1, atol=1e-5)


def test_keras_embedding_trains_eagerly_and_traced():
    model = tf.keras.Sequential([tf.keras.layers.Embedding(20, 4, input_length=3), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(2)])
    x = np.random.RandomState(0).randint(0, 20, (32, 3))
    y = np.random.RandomState(1).randint(0, 2, 32)
    model.compile("adam", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(x, y, epochs=3, verbose=0, batch_size=8)
    assert history.history["loss"][-1] < history.history["loss"][0]
    opt = tf.keras.optimizers.Adam(0.01)

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(yb, model(xb), from_logits=True))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    first = float(step(x, y))
    for _ in range(20):
        last = float(step(x, y))
    assert last < first
