"""tf.distribute on numtf's one CPU device, pinned to what TF 2.21 + tf-keras print and raise
on a CPU-only machine (every strategy has one replica there too)."""
import json
import os

import numpy as np
import pytest

import numtf as tf

D = tf.distribute
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


# -- contexts -------------------------------------------------------------------------------------
def test_default_context():
    s = D.get_strategy()
    assert type(s).__name__ == "_DefaultDistributionStrategy" and isinstance(s, D.Strategy)
    assert not D.has_strategy() and not D.in_cross_replica_context()
    rc = D.get_replica_context()
    assert type(rc).__name__ == "_DefaultReplicaContext" and isinstance(rc, D.ReplicaContext)
    assert rc.replica_id_in_sync_group == 0 and type(rc.replica_id_in_sync_group) is int
    assert rc.num_replicas_in_sync == 1 and rc.strategy is s
    with s.scope():  # the default scope changes nothing
        assert not D.has_strategy() and D.get_replica_context() is rc
        assert type(tf.Variable(1.)) is tf.Variable


def test_scope_and_run_contexts():
    s = D.MirroredStrategy()
    assert isinstance(s, D.Strategy) and s.num_replicas_in_sync == 1
    assert s.extended.worker_devices == (CPU0,) and s.extended.parameter_devices == (CPU0,)
    with s.scope() as entered:
        assert entered is s and D.get_strategy() is s and D.has_strategy()
        assert D.in_cross_replica_context() and D.get_replica_context() is None
        with s.scope():  # the same strategy again is fine
            assert D.get_strategy() is s
    assert not D.has_strategy()
    seen = {}

    def fn(x, y=0):
        rc = D.get_replica_context()
        seen["ctx"] = (D.in_cross_replica_context(), D.get_strategy() is s, rc.strategy is s)
        seen["id"] = rc.replica_id_in_sync_group
        seen["merge"] = rc.merge_call(lambda strategy, a: (strategy is s, D.in_cross_replica_context(), a), args=(4,))
        return x * 2 + y

    out = s.run(fn, args=(tf.constant([1., 2.]),), kwargs={"y": 1.})
    assert repr(out) == "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 5.], dtype=float32)>"
    assert seen["ctx"] == (False, True, True) and seen["merge"] == (True, True, 4)
    assert repr(seen["id"]) == "<tf.Tensor: shape=(), dtype=int32, numpy=0>"
    assert s.run(lambda: 7) == 7
    with pytest.raises(TypeError, match="'int' object is not callable"):
        s.run(5)


def test_nesting_errors():
    s1, s2, default = D.MirroredStrategy(), D.MirroredStrategy(), D.get_strategy()
    with s1.scope():
        with pytest.raises(RuntimeError, match=r"^Mixing different tf.distribute.Strategy objects: .* is not "):
            s2.scope().__enter__()
        with pytest.raises(RuntimeError, match=r"^Must not nest tf.distribute.Strategy scopes.$"):
            default.scope().__enter__()
    with D.get_strategy().scope():
        with s1.scope():
            assert D.get_strategy() is s1

    def enter_scope():
        with s1.scope():
            pass
    with pytest.raises(RuntimeError, match=r"^Method requires being in cross-replica context, use "
                                           r"get_replica_context\(\).merge_call\(\)$"):
        s1.run(enter_scope)
    with s1.scope():
        s1.scope().__enter__()  # entered by hand: leaving the outer scope leaves it too (as TF)
    assert not D.has_strategy()


def test_replica_context_collectives():
    s = D.MirroredStrategy()

    def fn():
        rc = D.get_replica_context()
        return rc.all_reduce("SUM", tf.constant(2.)), rc.all_reduce(D.ReduceOp.MEAN, {"a": tf.constant([2., 4.])}), \
            rc.all_gather(tf.constant([1., 2.]), axis=0)
    a, b, c = s.run(fn)
    assert repr(a) == "<tf.Tensor: shape=(), dtype=float32, numpy=2.0>"
    assert b["a"].numpy().tolist() == [2., 4.] and c.numpy().tolist() == [1., 2.]


# -- variables ------------------------------------------------------------------------------------
MIRRORED_1 = "MirroredVariable:{\n  0: <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>\n}"


def test_mirrored_variable():
    s = D.MirroredStrategy()
    with s.scope():
        v = tf.Variable(1.0)
        w = tf.Variable(2., aggregation=tf.VariableAggregation.MEAN)
    assert repr(v) == MIRRORED_1 and str(v) == MIRRORED_1
    assert type(v).__name__ == "MirroredVariable"
    assert isinstance(v, tf.Variable) and isinstance(v, D.DistributedValues)
    assert v.name == "Variable:0" and v.device == CPU0 and v.trainable
    assert v.synchronization == tf.VariableSynchronization.ON_WRITE
    assert v.aggregation == tf.VariableAggregation.NONE and w.aggregation == tf.VariableAggregation.MEAN
    assert repr(v.values) == "(<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>,)"
    assert s.experimental_local_results(v)[0].numpy() == 1.0
    assert s.extended.variable_created_in_scope(v)
    assert not D.get_strategy().extended.variable_created_in_scope(v)
    assert D.get_strategy().extended.variable_created_in_scope(tf.Variable(1.))
    r = v.assign(3.)
    assert repr(r) == "<tf.Variable 'UnreadVariable' shape=() dtype=float32, numpy=3.0>"
    assert repr(v * 2) == "<tf.Tensor: shape=(), dtype=float32, numpy=6.0>"

    @tf.function
    def g():
        v.assign_add(1.)
        return v.read_value()
    assert g().numpy() == 4.0 and g().numpy() == 5.0
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v).numpy() == 10.0
    with s.scope():
        on_read = tf.Variable(1., synchronization=tf.VariableSynchronization.ON_READ, trainable=False)
    assert repr(on_read) == MIRRORED_1.replace("MirroredVariable", "SyncOnReadVariable")


def test_other_strategies_make_plain_variables():
    o = D.OneDeviceStrategy("/cpu:0")
    c = D.experimental.CentralStorageStrategy()
    for s in (o, c):
        assert s.num_replicas_in_sync == 1 and s.extended.worker_devices == (CPU0,)
        with s.scope():
            v = tf.Variable(2.0)
        assert type(v) is tf.Variable and repr(v) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>"
        assert s.extended.variable_created_in_scope(v)
    assert not D.MirroredStrategy().extended.variable_created_in_scope(v)
    assert repr(o.run(lambda: D.get_replica_context().replica_id_in_sync_group)) == \
        "<tf.Tensor: shape=(), dtype=int32, numpy=0>"
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'device'"):
        D.OneDeviceStrategy()


# -- reduce, gather, local results ----------------------------------------------------------------
def test_reduce():
    s = D.MirroredStrategy()
    t = tf.constant([1., 2.])
    assert s.reduce(D.ReduceOp.SUM, t, axis=None) is not None
    assert repr(s.reduce("MEAN", t, axis=0)) == "<tf.Tensor: shape=(), dtype=float32, numpy=1.5>"
    assert s.reduce("sum", t, axis=0).numpy() == 3.0 and s.reduce("Mean", t, axis=None) is t
    # TF: an integer MEAN along an axis is a float64 division; SUM makes tensors of the leaves,
    # MEAN of one replica hands the value back as given
    assert repr(s.reduce(D.ReduceOp.MEAN, tf.constant([[1, 2], [3, 4]]), axis=0)) == \
        "<tf.Tensor: shape=(2,), dtype=float64, numpy=array([2., 3.])>"
    assert repr(s.reduce("SUM", 3.0, axis=None)) == "<tf.Tensor: shape=(), dtype=float32, numpy=3.0>"
    assert s.reduce("SUM", np.array([1., 2.]), axis=None).dtype == tf.float64
    assert [type(x) for x in s.reduce("SUM", [1.0, 2.0], axis=None)] == [tf.Tensor, tf.Tensor]
    assert s.reduce("MEAN", 3.0, axis=None) == 3.0 and s.reduce("MEAN", [1.0, 2.0], axis=None) == [1.0, 2.0]
    assert s.reduce("SUM", np.array([1., 2.]), axis=0).dtype == tf.float64
    for other in (D.get_strategy(), D.OneDeviceStrategy("/cpu:0")):
        assert other.reduce("SUM", 3.0, axis=None) == 3.0
        assert other.reduce("MEAN", tf.constant([1, 2]), axis=0).numpy() == 1.5
    with pytest.raises(AssertionError):
        s.reduce(3, t, axis=None)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'axis'"):
        s.reduce(D.ReduceOp.SUM, t)

    @tf.function
    def step(x):
        r = s.run(lambda y: y * 3 + tf.cast(D.get_replica_context().replica_id_in_sync_group, tf.float32), args=(x,))
        return s.reduce("SUM", r, axis=None), s.reduce("MEAN", r, axis=0)
    a, b = step(t)
    assert a.numpy().tolist() == [3., 6.] and b.numpy() == 4.5


def test_local_results_gather_values_from_function():
    s = D.MirroredStrategy()
    assert s.experimental_local_results([1, 2]) == ([1, 2],)
    assert s.gather(tf.constant([1]), 0).numpy().tolist() == [1]
    pr = s.experimental_distribute_values_from_function(lambda ctx: ctx.replica_id_in_sync_group + 5)
    assert repr(pr) == "PerReplica:{\n  0: 5\n}" and isinstance(pr, D.DistributedValues)
    assert s.run(lambda x: x * 2, args=(pr,)) == 10 and s.experimental_local_results(pr) == (5,)
    assert str(D.experimental.ValueContext()) == "tf.distribute.ValueContext(replica id 0,  total replicas in sync: 1)"


# -- datasets -------------------------------------------------------------------------------------
def test_distributed_dataset():
    s = D.MirroredStrategy()
    ds = tf.data.Dataset.range(10).batch(4)
    dd = s.experimental_distribute_dataset(ds)
    assert isinstance(dd, D.DistributedDataset) and not isinstance(dd, tf.data.Dataset)
    assert [x.numpy().tolist() for x in dd] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert repr(dd.element_spec) == "TensorSpec(shape=(None,), dtype=tf.int64, name=None)"
    assert dd.cardinality == 3 and type(dd.cardinality) is np.int64
    assert dd.reduce(tf.constant(0, tf.int64), lambda st, x: st + tf.reduce_sum(x)).numpy() == 45
    it = iter(dd)
    assert isinstance(it, D.DistributedIterator) and iter(it) is it
    assert next(it).numpy().tolist() == [0, 1, 2, 3]
    opt = it.get_next_as_optional()
    assert bool(opt.has_value()) and opt.get_value().numpy().tolist() == [4, 5, 6, 7]
    it.get_next()
    assert not bool(it.get_next_as_optional().has_value())
    with pytest.raises(StopIteration):
        next(it)
    with pytest.raises(tf.errors.OutOfRangeError):
        it.get_next()

    @tf.function
    def total(d):
        t = tf.constant(0, tf.int64)
        for x in d:
            t += tf.reduce_sum(x)
        return t
    assert total(dd).numpy() == 45
    assert D.get_strategy().experimental_distribute_dataset(ds) is ds


def test_datasets_from_function_and_input_context():
    s = D.MirroredStrategy()
    seen = []

    def dataset_fn(ctx):
        seen.append((str(ctx), ctx.num_input_pipelines, ctx.input_pipeline_id, ctx.num_replicas_in_sync,
                     ctx.get_per_replica_batch_size(8)))
        return tf.data.Dataset.range(6).batch(3)
    dd = s.distribute_datasets_from_function(dataset_fn, options=D.InputOptions(experimental_fetch_to_device=False))
    assert seen == [("tf.distribute.InputContext(input pipeline id 0, total: 1)", 1, 0, 1, 8)]
    assert isinstance(dd, D.DistributedDataset) and [x.numpy().tolist() for x in dd] == [[0, 1, 2], [3, 4, 5]]
    assert str(D.InputContext(2, 1, 4)) == "tf.distribute.InputContext(input pipeline id 1, total: 2)"
    with pytest.raises(ValueError, match="^The `global_batch_size` 8 is not divisible by `num_replicas_in_sync` 3 $"):
        D.InputContext(1, 0, 3).get_per_replica_batch_size(8)
    assert repr(D.InputOptions()) == (
        "InputOptions(experimental_fetch_to_device=True, experimental_replication_mode=<InputReplicationMode."
        "PER_WORKER: 'PER_WORKER'>, experimental_place_dataset_on_device=False, "
        "experimental_per_replica_buffer_size=1)")


def test_reduce_op():
    assert repr(D.ReduceOp.MEAN) == "<ReduceOp.MEAN: 'MEAN'>" and str(D.ReduceOp.SUM) == "ReduceOp.SUM"
    assert list(D.ReduceOp) == [D.ReduceOp.SUM, D.ReduceOp.MEAN]
    assert D.ReduceOp.from_variable_aggregation(tf.VariableAggregation.MEAN) is D.ReduceOp.MEAN
    with pytest.raises(ValueError, match="Could not convert from `tf.VariableAggregation`"):
        D.ReduceOp.from_variable_aggregation(tf.VariableAggregation.NONE)


# -- strategies' arguments ------------------------------------------------------------------------
def test_strategy_devices_and_cross_device_ops():
    assert D.MirroredStrategy(["/cpu:0"]).extended.worker_devices == (CPU0,)
    assert D.OneDeviceStrategy("/gpu:0").extended.worker_devices == ("/job:localhost/replica:0/task:0/device:GPU:0",)
    with pytest.raises(ValueError, match="^Unknown attribute 'c' is encountered while parsing the device spec: 'c'.$"):
        D.MirroredStrategy("/cpu:0")  # a string is a sequence of device names, as TF reads it
    with pytest.raises(NotImplementedError, match="numtf runs on one device"):
        D.MirroredStrategy(["/cpu:0", "/cpu:1"])
    for ops in (D.HierarchicalCopyAllReduce(), D.NcclAllReduce(num_packs=2), D.ReductionToOneDevice()):
        s = D.MirroredStrategy(cross_device_ops=ops)
        assert isinstance(ops, D.CrossDeviceOps) and s.num_replicas_in_sync == 1
        assert ops.reduce("SUM", tf.constant(2.), None).numpy() == 2.0


def test_multi_worker(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    w = D.MultiWorkerMirroredStrategy()
    assert type(w).__name__ == "CollectiveAllReduceStrategy" and w.num_replicas_in_sync == 1
    assert isinstance(w.cluster_resolver, D.cluster_resolver.TFConfigClusterResolver)
    with w.scope():
        assert repr(tf.Variable(1.)) == MIRRORED_1
    r = D.cluster_resolver.TFConfigClusterResolver()
    assert repr(r.cluster_spec()) == "ClusterSpec({})" and (r.task_type, r.task_id, r.rpc_layer) == (None, None, None)
    assert r.master() == "" and dict(r.num_accelerators()) == {}
    cluster = {"worker": ["localhost:12345", "localhost:23456"]}
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": cluster, "task": {"type": "worker", "index": 0}}))
    assert repr(r.cluster_spec()) == "ClusterSpec({'worker': ['localhost:12345', 'localhost:23456']})"
    assert (r.task_type, r.task_id, r.master()) == ("worker", 0, "localhost:12345")
    with pytest.raises(NotImplementedError, match="numtf runs one process"):
        D.MultiWorkerMirroredStrategy()
    with pytest.raises(NotImplementedError, match="numtf runs one process"):
        D.experimental.MultiWorkerMirroredStrategy()
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["localhost:1"]},
                                                "task": {"type": "worker", "index": 0}}))
    assert D.MultiWorkerMirroredStrategy().num_replicas_in_sync == 1
    assert repr(D.experimental.CommunicationOptions()) == \
        "Options(bytes_per_pack=0,timeout_seconds=None, implementation=CommunicationImplementation.AUTO)"


# -- Keras ----------------------------------------------------------------------------------------
def _mlp():
    return tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)), tf.keras.layers.Dense(1)])


def test_keras_model_in_scope():
    s1, s2 = D.MirroredStrategy(), D.MirroredStrategy()
    with s1.scope():
        m = _mlp()
    assert m.distribute_strategy is s1 and type(m.weights[0]).__name__ == "MirroredVariable"
    m.compile("adam", "mse", metrics=["mae"])  # outside the scope: the model's strategy's
    assert type(m.optimizer.iterations).__name__ == "MirroredVariable"
    with pytest.raises(RuntimeError, match="^Mixing different tf.distribute.Strategy objects"):
        with s2.scope():
            m.compile("adam", "mse")
    m.fit(np.ones((8, 4)), np.ones((8, 1)), verbose=0)
    assert {type(v).__name__ for v in m.optimizer.variables()} == {"MirroredVariable"}
    assert [type(v).__name__ for v in m.metrics[1].variables] == ["SyncOnReadVariable"] * 2
    with pytest.raises(RuntimeError, match="^Mixing different tf.distribute.Strategy objects"):
        with s2.scope():
            m.fit(np.ones((8, 4)), np.ones((8, 1)), verbose=0)
    assert m.predict(np.ones((2, 4)), verbose=0).shape == (2, 1)
    assert len(m.evaluate(np.ones((8, 4)), np.ones((8, 1)), verbose=0)) == 2
    plain = _mlp()
    assert plain.distribute_strategy is D.get_strategy()
    with pytest.raises(ValueError, match=r"(?s)^Variable \(<tf.Variable 'dense_\d+/kernel:0' shape=\(4, 3\) dtype=float32, "
                                         r"numpy=\n.*\) was not created in the distribution strategy scope of \(<.*"
                                         r"MirroredStrategy object at .*>\). It is most likely because some layers, "
                                         r"model, or optimizer was being created outside the distribution strategy "
                                         r"scope. Try to make sure your code looks similar to the following.\nwith "
                                         r"strategy.scope\(\):\n  model=_create_model\(\)\n  model.compile\(...\)$"):
        with s2.scope():
            plain.compile("adam", "mse")
    plain.compile("adam", "mse")
    with pytest.raises(ValueError, match=r"(?s)^in user code:.*    ValueError: `colocate_vars_with` must only be passed a variable created in this "
                                         r"tf.distribute.Strategy.scope\(\), not: <tf.Variable 'dense_\d+/kernel:0'"):
        with s1.scope():
            plain.fit(np.ones((8, 4)), np.ones((8, 1)), verbose=0)


def test_train_step_runs_in_replica_context():
    s = D.MirroredStrategy()
    seen = []

    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(1)

        def call(self, x):
            seen.append((type(D.get_replica_context()).__name__, D.in_cross_replica_context(), D.get_strategy() is s))
            return self.d(x)
    with s.scope():
        m = Sub()
    assert m.distribute_strategy is s
    m.compile("sgd", "mse")
    m.fit(np.ones((8, 4)), np.ones((8, 1)), verbose=0)
    assert seen[-1] == ("ReplicaContext", False, True)
    m(np.ones((1, 4)))
    assert seen[-1] == ("_DefaultReplicaContext", False, False)


def test_strategy_does_not_change_training():
    """The same model from the same weights on the same batches trains to the same numbers with
    and without a strategy (one replica: the strategy changes contexts, not arithmetic)."""
    rng = np.random.RandomState(0)
    x, y = rng.rand(64, 6).astype(np.float32), rng.randint(0, 3, 64)
    weights = [rng.randn(6, 3).astype(np.float32) * 0.1, np.zeros(3, np.float32)]

    def train(strategy):
        with strategy.scope():
            model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(6,))])
            model.set_weights(weights)
            model.compile(tf.keras.optimizers.Adam(0.01),
                          tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
        ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
        h = model.fit(strategy.experimental_distribute_dataset(ds), epochs=2, verbose=0)
        return h.history, model.get_weights()
    h0, w0 = train(D.get_strategy())
    h1, w1 = train(D.MirroredStrategy())
    assert h0 == h1 and all(np.array_equal(a, b) for a, b in zip(w0, w1))


def test_custom_training_loop():
    """TF's custom-training-loop tutorial: strategy.run in a tf.function, reduce with SUM."""
    strategy = D.MirroredStrategy()
    global_batch = 16 * strategy.num_replicas_in_sync
    rng = np.random.RandomState(0)
    x, y = rng.rand(64, 6).astype(np.float32), rng.randint(0, 3, 64)
    dist_ds = strategy.experimental_distribute_dataset(tf.data.Dataset.from_tensor_slices((x, y)).batch(global_batch))
    with strategy.scope():
        loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True,
                                                                    reduction=tf.keras.losses.Reduction.NONE)
        model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(6,))])
        model.set_weights([rng.randn(6, 3).astype(np.float32) * 0.1, np.zeros(3, np.float32)])
        optimizer = tf.keras.optimizers.SGD(0.5)
        accuracy = tf.keras.metrics.SparseCategoricalAccuracy()

    def train_step(inputs):
        images, labels = inputs
        with tf.GradientTape() as tape:
            predictions = model(images, training=True)
            loss = tf.nn.compute_average_loss(loss_object(labels, predictions), global_batch_size=global_batch)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        accuracy.update_state(labels, predictions)
        return loss

    @tf.function
    def distributed_train_step(dataset_inputs):
        per_replica_losses = strategy.run(train_step, args=(dataset_inputs,))
        return strategy.reduce(D.ReduceOp.SUM, per_replica_losses, axis=None)
    losses = []
    for _ in range(3):
        total, n = 0.0, 0
        for batch in dist_ds:
            total += distributed_train_step(batch)
            n += 1
        losses.append(round(float(total / n), 5))
    # TF 2.21 + tf-keras, same weights and batches
    assert losses == [1.13905, 1.13095, 1.12298]
    assert np.allclose(model.get_weights()[0][0], [0.15237, -0.13534, -0.04908], atol=1e-5)


def test_handbook_program():
    """The handbook's distributed-training program (MirroredStrategy, model built and compiled in
    its scope, `model.fit(dataset)`) on a slice of MNIST."""
    with np.load(os.path.join(os.environ["KERAS_HOME"], "datasets", "mnist.npz")) as f:
        train_data, train_label = f["x_train"][:256], f["y_train"][:256]
    num_epochs, batch_size_per_replica, learning_rate = 2, 32, 0.001
    strategy = tf.distribute.MirroredStrategy()
    assert 'Number of devices: %d' % strategy.num_replicas_in_sync == "Number of devices: 1"
    batch_size = batch_size_per_replica * strategy.num_replicas_in_sync

    def normalize(image, label):
        return tf.cast(image, tf.float32)[..., tf.newaxis] / 255.0, label
    dataset = tf.data.Dataset.from_tensor_slices((train_data, train_label)).map(normalize).shuffle(1024)
    dataset = dataset.batch(batch_size)
    with strategy.scope():
        model = tf.keras.Sequential([
            tf.keras.layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
            tf.keras.layers.MaxPooling2D(),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=learning_rate),
                      loss=tf.keras.losses.sparse_categorical_crossentropy,
                      metrics=[tf.keras.metrics.sparse_categorical_accuracy])
    history = model.fit(dataset, epochs=num_epochs, verbose=0)
    assert sorted(history.history) == ["loss", "sparse_categorical_accuracy"]
    assert history.history["loss"][1] < history.history["loss"][0]
    assert int(model.optimizer.iterations.numpy()) == 16
    assert type(model.optimizer.iterations).__name__ == "MirroredVariable"


def test_experimental_set_strategy():
    s = D.MirroredStrategy()
    D.experimental_set_strategy(s)
    try:
        assert D.get_strategy() is s and D.in_cross_replica_context() and D.has_strategy()
        assert type(tf.Variable(1.)).__name__ == "MirroredVariable"
        with pytest.raises(RuntimeError, match="^Mixing different tf.distribute.Strategy objects"):
            with D.MirroredStrategy().scope():
                pass
        with s.scope():
            assert D.get_strategy() is s
    finally:
        D.experimental_set_strategy(None)
    assert not D.has_strategy()
