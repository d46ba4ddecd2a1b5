"""tf.train.Checkpoint, CheckpointManager, latest_checkpoint and friends (TensorFlow's checkpoint format:
'<prefix>.index' + '<prefix>.data-00000-of-00001' per checkpoint plus TensorFlow's text 'checkpoint'
state file)."""
import os

import numpy as np
import pytest

import numtf as tf
from numtf.util import atomic

X = np.random.RandomState(0).rand(8, 4).astype("float32")
Y = np.random.RandomState(1).rand(8, 2).astype("float32")


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense1 = tf.keras.layers.Dense(6, activation="relu")
        self.dense2 = tf.keras.layers.Dense(2)

    def call(self, x):
        return self.dense2(self.dense1(x))


def train_step(model, optimizer):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(X) - Y))
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))


def snapshot(*objects):
    out = []
    for obj in objects:
        variables = obj.variables if not isinstance(obj, tf.Variable) else [obj]
        out += [np.array(v.numpy()) for v in variables]
    return out


def assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def test_save_restore_model_optimizer_step(tmp_path):
    model, opt, step = MLP(), tf.keras.optimizers.Adam(0.01), tf.Variable(0, dtype=tf.int64)
    ckpt = tf.train.Checkpoint(model=model, optimizer=opt, step=step)
    for _ in range(2):
        train_step(model, opt)
        step.assign_add(1)
    saved = snapshot(model, opt, step)
    path = ckpt.save(tmp_path / "ckpt")
    assert path == str(tmp_path / "ckpt") + "-1" and os.path.isfile(path + ".index")
    for _ in range(3):
        train_step(model, opt)
        step.assign_add(1)
    status = ckpt.restore(path)
    status.assert_consumed().assert_existing_objects_matched().assert_nontrivial_match()
    assert_same(snapshot(model, opt, step), saved)
    assert int(opt.iterations.numpy()) == 2 and int(step.numpy()) == 2


def test_keys_follow_attribute_paths(tmp_path):
    model, opt = MLP(), tf.keras.optimizers.Adam()
    train_step(model, opt)
    tf.train.Checkpoint(model=model, optimizer=opt, step=tf.Variable(3)).write(tmp_path / "w")
    keys = dict(tf.train.list_variables(tmp_path / "w"))
    # TensorFlow's own key names for the same objects
    assert keys["model/dense1/kernel/.ATTRIBUTES/VARIABLE_VALUE"] == [4, 6]
    assert keys["model/dense2/bias/.ATTRIBUTES/VARIABLE_VALUE"] == [2]
    assert keys["optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE"] == []
    assert keys["optimizer/_learning_rate/.ATTRIBUTES/VARIABLE_VALUE"] == []
    assert keys["optimizer/_variables/1/.ATTRIBUTES/VARIABLE_VALUE"] == [4, 6]
    assert keys["step/.ATTRIBUTES/VARIABLE_VALUE"] == []
    assert len(keys) == 4 + 2 + 8 + 1 + 1  # write() before any save(): no save_counter yet; + the object graph
    assert keys["_CHECKPOINTABLE_OBJECT_GRAPH"] == []
    reader = tf.train.load_checkpoint(tmp_path / "w")
    assert reader.get_tensor("step/.ATTRIBUTES/VARIABLE_VALUE") == 3
    assert reader.get_variable_to_dtype_map()["optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE"] == tf.int64
    np.testing.assert_array_equal(tf.train.load_variable(tmp_path / "w", "model/dense1/kernel/.ATTRIBUTES/"
                                                         "VARIABLE_VALUE"), model.dense1.kernel.numpy())


def test_deferred_restore_of_unbuilt_model_and_optimizer_slots(tmp_path):
    model, opt = MLP(), tf.keras.optimizers.Adam(0.01)
    train_step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).save(tmp_path / "ckpt")
    expected_output = model(X).numpy()
    model2, opt2 = MLP(), tf.keras.optimizers.Adam(0.01)
    status = tf.train.Checkpoint(model=model2, optimizer=opt2).restore(path)
    assert int(opt2.iterations.numpy()) == 1  # exists already: restored at once
    with pytest.raises(AssertionError, match="not built yet"):
        status.assert_consumed()
    np.testing.assert_array_equal(model2(X).numpy(), expected_output)  # restored on build, before use
    with pytest.raises(AssertionError, match="_variables/1"):
        status.assert_consumed()  # the slots wait for the optimizer's first step
    train_step(model2, opt2)
    train_step(model, opt)
    status.assert_consumed()
    assert_same(snapshot(model2, opt2), snapshot(model, opt))


def test_saving_before_deferred_values_are_used_keeps_them(tmp_path):
    model, opt = MLP(), tf.keras.optimizers.Adam(0.01)
    train_step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).save(tmp_path / "a" / "ckpt")
    waiting = tf.train.Checkpoint(model=MLP(), optimizer=tf.keras.optimizers.Adam(0.01))
    waiting.restore(path)
    second = waiting.save(tmp_path / "b" / "ckpt")  # nothing built yet: the values are carried over
    assert tf.train.list_variables(second) == tf.train.list_variables(path)
    model3, opt3 = MLP(), tf.keras.optimizers.Adam(0.01)
    tf.train.Checkpoint(model=model3, optimizer=opt3).restore(second)
    train_step(model3, opt3)
    train_step(model, opt)
    assert_same(snapshot(model3, opt3), snapshot(model, opt))
    # under another root the waiting values take their new paths
    model.save_weights(tmp_path / "c" / "weights")
    loaded = MLP()
    loaded.load_weights(tmp_path / "c" / "weights")
    third = tf.train.Checkpoint(net=loaded).save(tmp_path / "d" / "ckpt")
    assert "net/dense1/kernel/.ATTRIBUTES/VARIABLE_VALUE" in dict(tf.train.list_variables(third))
    model4 = MLP()
    tf.train.Checkpoint(net=model4).restore(third).assert_nontrivial_match()
    np.testing.assert_array_equal(model4(X).numpy(), model(X).numpy())


def test_deferred_restore_inside_tf_function(tmp_path):
    model = MLP()
    expected = model(X).numpy()
    path = tf.train.Checkpoint(net=model).save(tmp_path / "ckpt")
    fresh = MLP()
    tf.train.Checkpoint(net=fresh).restore(path)
    np.testing.assert_allclose(tf.function(lambda x: fresh(x))(X).numpy(), expected, rtol=1e-6)


def test_deferred_optimizer_slots_in_a_traced_train_step(tmp_path):
    def make_step(model, optimizer):
        @tf.function
        def step(x):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(model(x) - Y))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            return loss
        return step

    model, opt = MLP(), tf.keras.optimizers.Adam(0.01)
    step = make_step(model, opt)
    step(X)
    path = tf.train.Checkpoint(model=model, optimizer=opt).save(tmp_path / "ckpt")
    model2, opt2 = MLP(), tf.keras.optimizers.Adam(0.01)
    status = tf.train.Checkpoint(model=model2, optimizer=opt2).restore(path)
    step2 = make_step(model2, opt2)
    assert float(step2(X)) == float(step(X))  # same weights; the slots were restored while tracing
    status.assert_consumed()
    assert_same(snapshot(model2, opt2), snapshot(model, opt))


def test_sequential_without_input_shape(tmp_path):
    def make():
        return tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu"), tf.keras.layers.Dense(2)])
    model = make()
    expected = model(X).numpy()
    path = tf.train.Checkpoint(model=model).save(tmp_path / "ckpt")
    assert "model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE" in dict(tf.train.list_variables(path))
    fresh = make()
    tf.train.Checkpoint(model=fresh).restore(path)
    np.testing.assert_array_equal(fresh(X).numpy(), expected)


def test_save_counter_state_file_write_and_read(tmp_path):
    v = tf.Variable(1.0)
    ckpt = tf.train.Checkpoint(v=v)
    assert ckpt.save(tmp_path / "a" / "ckpt") == str(tmp_path / "a" / "ckpt-1")  # directories are created
    v.assign(2.0)
    second = ckpt.save(tmp_path / "a" / "ckpt")
    assert second.endswith("ckpt-2") and int(ckpt.save_counter.numpy()) == 2
    state_text = (tmp_path / "a" / "checkpoint").read_text()
    assert state_text.startswith('model_checkpoint_path: "ckpt-2"\nall_model_checkpoint_paths: "ckpt-2"')
    assert tf.train.latest_checkpoint(tmp_path / "a") == second
    state = tf.train.get_checkpoint_state(str(tmp_path / "a"))
    assert state.model_checkpoint_path == second and state.all_model_checkpoint_paths == [second]
    v.assign(3.0)
    assert ckpt.write(tmp_path / "a" / "manual") == str(tmp_path / "a" / "manual")
    assert tf.train.latest_checkpoint(tmp_path / "a") == second  # write() does not touch the state file
    ckpt.restore(tmp_path / "a" / "ckpt-1")
    assert float(v.numpy()) == 1.0 and int(ckpt.save_counter.numpy()) == 1
    ckpt.read(tmp_path / "a" / "manual").assert_consumed()
    assert float(v.numpy()) == 3.0
    assert tf.train.latest_checkpoint(tmp_path / "empty") is None


def test_checkpoint_manager_keeps_the_newest(tmp_path):
    v = tf.Variable(0.0)
    ckpt = tf.train.Checkpoint(v=v)
    manager = tf.train.CheckpointManager(ckpt, tmp_path, max_to_keep=2)
    assert manager.latest_checkpoint is None and manager.checkpoints == []
    paths = []
    for i in range(4):
        v.assign(float(i))
        paths.append(manager.save())
    assert paths == [str(tmp_path / f"ckpt-{i}") for i in range(1, 5)]
    assert manager.checkpoints == paths[2:] and manager.latest_checkpoint == paths[3]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-3.data-00000-of-00001", "ckpt-3.index",
                                         "ckpt-4.data-00000-of-00001", "ckpt-4.index"]
    text = (tmp_path / "checkpoint").read_text()
    assert 'all_model_checkpoint_paths: "ckpt-3"\nall_model_checkpoint_paths: "ckpt-4"' in text
    assert tf.train.latest_checkpoint(tmp_path) == paths[3]
    assert manager.save(checkpoint_number=100) == str(tmp_path / "ckpt-100")
    # a new manager on the same directory picks the list up and keeps deleting the oldest
    other = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(0.0)), str(tmp_path), max_to_keep=2,
                                       checkpoint_name="model.ckpt")
    assert other.checkpoints == [paths[3], str(tmp_path / "ckpt-100")]
    assert other.save() == str(tmp_path / "model.ckpt-1")
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-100.data-00000-of-00001", "ckpt-100.index",
                                         "model.ckpt-1.data-00000-of-00001", "model.ckpt-1.index"]
    restored = tf.Variable(-1.0)
    path = tf.train.CheckpointManager(tf.train.Checkpoint(v=restored), tmp_path, 2).restore_or_initialize()
    assert path == str(tmp_path / "model.ckpt-1") and float(restored.numpy()) == 0.0


def test_checkpoint_manager_without_limit_and_init_fn(tmp_path):
    ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))
    called = []
    manager = tf.train.CheckpointManager(ckpt, tmp_path / "all", max_to_keep=None, init_fn=lambda: called.append(1))
    assert manager.restore_or_initialize() is None and called == [1]
    for _ in range(3):
        manager.save()
    assert len(manager.checkpoints) == 3 and len(os.listdir(tmp_path / "all")) == 7


def test_handbook_pattern(tmp_path):
    # the handbook's tf.train.Checkpoint section: save during training, restore into a new model
    model = MLP()
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.001)
    checkpoint = tf.train.Checkpoint(myAwesomeModel=model)
    manager = tf.train.CheckpointManager(checkpoint, directory=str(tmp_path / "save"),
                                         checkpoint_name="model.ckpt", max_to_keep=3)
    for batch_index in range(1, 6):
        train_step(model, optimizer)
        manager.save(checkpoint_number=batch_index)
    expected = np.argmax(model(X).numpy(), axis=-1)
    model_to_be_restored = MLP()
    checkpoint = tf.train.Checkpoint(myAwesomeModel=model_to_be_restored)
    checkpoint.restore(tf.train.latest_checkpoint(str(tmp_path / "save")))
    np.testing.assert_array_equal(np.argmax(model_to_be_restored(X).numpy(), axis=-1), expected)
    assert sorted(os.listdir(tmp_path / "save")) == ["checkpoint"] + [
        f"model.ckpt-{i}.{ext}" for i in (3, 4, 5) for ext in ("data-00000-of-00001", "index")]


def test_status_checks(tmp_path):
    a, b = tf.Variable(1.0), tf.Variable([1, 2])
    path = tf.train.Checkpoint(a=a).save(tmp_path / "ckpt")
    status = tf.train.Checkpoint(a=tf.Variable(0.0), b=b).restore(path)
    with pytest.raises(AssertionError, match="b/.ATTRIBUTES/VARIABLE_VALUE"):
        status.assert_existing_objects_matched()
    with pytest.raises(AssertionError):
        status.assert_consumed()
    assert status.expect_partial() is status
    extra = tf.train.Checkpoint().restore(path)  # values the program does not use
    with pytest.raises(AssertionError, match="Unresolved object in checkpoint"):
        extra.assert_consumed()
    with pytest.raises(AssertionError, match="Nothing except the root object matched"):
        extra.assert_nontrivial_match()
    none = tf.train.Checkpoint(a=a).restore(None)
    with pytest.raises(AssertionError):
        none.assert_consumed()
    none.initialize_or_restore()


def test_errors(tmp_path):
    with pytest.raises(ValueError, match="`Checkpoint` was expecting model to be a trackable object"):
        tf.train.Checkpoint(model=3)
    ckpt = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0]))
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for"):
        ckpt.restore(tmp_path / "nothing-1")
    with pytest.raises(tf.errors.NotFoundError, match="is a directory"):
        ckpt.restore(tmp_path)
    (tmp_path / "tfckpt.index").write_bytes(b"\0")
    with pytest.raises(tf.errors.DataLossError, match="tfckpt.index"):
        ckpt.restore(tmp_path / "tfckpt")
    path = ckpt.save(tmp_path / "ckpt")
    data = (tmp_path / "ckpt-1.index").read_bytes()
    (tmp_path / "ckpt-1.index").write_bytes(data[:len(data) // 2])
    with pytest.raises(tf.errors.DataLossError, match="truncated, corrupt"):
        ckpt.restore(path)
    (tmp_path / "junk.npz").write_text("hello")
    with pytest.raises(tf.errors.DataLossError, match="junk.npz"):
        ckpt.restore(tmp_path / "junk")


def test_shape_mismatch_restores_nothing(tmp_path):
    path = tf.train.Checkpoint(a=tf.Variable(1.0), b=tf.Variable([1.0, 2.0])).save(tmp_path / "c")
    a, b = tf.Variable(5.0), tf.Variable([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"Received incompatible tensor with shape \(2,\) when attempting to "
                                         r"restore variable with shape \(3,\) and name Variable:0"):
        tf.train.Checkpoint(a=a, b=b).restore(path)
    assert float(a.numpy()) == 5.0


def test_crash_mid_write_keeps_the_old_checkpoint(tmp_path, monkeypatch):
    v = tf.Variable([1.0, 2.0])
    ckpt = tf.train.Checkpoint(v=v, w=tf.Variable(3.0))
    ckpt.write(tmp_path / "c")
    names = ["c.index", "c.data-00000-of-00001"]
    good = [(tmp_path / n).read_bytes() for n in names]
    real = os.replace

    def replace(src, dst):  # the data file is complete in its temporary file, then the disk fails
        raise OSError("disk full")

    v.assign([7.0, 8.0])
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="disk full"):
        ckpt.write(tmp_path / "c")
    monkeypatch.setattr(os, "replace", real)
    assert [(tmp_path / n).read_bytes() for n in names] == good
    assert [n for n in os.listdir(tmp_path) if atomic.TEMP_MARKER in n] == []
    ckpt.restore(tmp_path / "c")
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])


def test_checkpoint_attributes_and_nesting(tmp_path):
    inner = tf.train.Checkpoint(x=tf.Variable(1.0))
    ckpt = tf.train.Checkpoint(inner=inner)
    ckpt.extra = [tf.Variable(2.0), {"y": tf.Variable(3.0)}]
    assert ckpt.inner is inner
    ckpt.write(tmp_path / "n")
    assert [k for k, _ in tf.train.list_variables(tmp_path / "n")] == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "extra/0/.ATTRIBUTES/VARIABLE_VALUE", "extra/1/y/.ATTRIBUTES/VARIABLE_VALUE",
        "inner/x/.ATTRIBUTES/VARIABLE_VALUE"]
    target = tf.train.Checkpoint(inner=tf.train.Checkpoint(x=tf.Variable(0.0)),
                                 extra=[tf.Variable(0.0), {"y": tf.Variable(0.0)}])
    target.restore(tmp_path / "n").assert_consumed()
    assert float(target.extra[1]["y"].numpy()) == 3.0 and float(target.inner.x.numpy()) == 1.0
    with pytest.raises(AttributeError):
        ckpt.missing  # noqa: B018
    ckpt.n = 3  # a plain attribute: kept, not checkpointed
    assert ckpt.n == 3 and len(tf.train.list_variables(ckpt.write(tmp_path / "m"))) == 4


class _Scaled(tf.Module):
    def __init__(self):
        super().__init__()
        self.v = tf.Variable(1.0)
        self.sub = tf.Module()
        self.sub.w = tf.Variable([1.0, 2.0])
        self.ls = [tf.Variable(3.0)]


def test_plain_tf_module_is_a_checkpoint_dependency(tmp_path):
    """A tf.Module (not a Keras layer) saves its attributes' variables under TF's keys."""
    m = _Scaled()
    path = tf.train.Checkpoint(m=m).save(str(tmp_path / "ckpt"))
    names = [n for n, _ in tf.train.list_variables(str(tmp_path))]
    assert names == ["_CHECKPOINTABLE_OBJECT_GRAPH", "m/ls/0/.ATTRIBUTES/VARIABLE_VALUE", "m/sub/w/.ATTRIBUTES/VARIABLE_VALUE",
                     "m/v/.ATTRIBUTES/VARIABLE_VALUE", "save_counter/.ATTRIBUTES/VARIABLE_VALUE"]  # as TF lists them
    m.v.assign(5.0)
    m.sub.w.assign([0.0, 0.0])
    fresh = _Scaled()
    fresh.v.assign(7.0)
    tf.train.Checkpoint(m=fresh).restore(path).assert_consumed()
    assert float(fresh.v) == 1.0 and fresh.sub.w.numpy().tolist() == [1.0, 2.0] and float(fresh.ls[0]) == 3.0
