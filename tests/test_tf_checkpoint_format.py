"""TensorFlow's checkpoint format (tensor bundle V2 + the object graph), read and written by numtf.

The goldens in tests/golden/tf_checkpoints/ come from tools/make_tf_checkpoint_golden.py: tf_* were
written by TensorFlow 2.21, numtf_* by numtf and then restored by TensorFlow (the recorded outcome)."""
import json
import os
import shutil
import struct

import numpy as np
import pytest

import numtf as tf
from numtf.train import checkpoint_io, object_graph, tensor_bundle

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "tf_checkpoints")
with open(os.path.join(GOLDEN, "tf_checkpoints.json")) as _f:
    RECORD = json.load(_f)
FILES = (".index", ".data-00000-of-00001")



# the objects of tools/make_tf_checkpoint_golden.py, made with numtf
def make_vars():
    return dict(b=tf.Variable([True, False]), f32=tf.Variable([[1.5, 2.0], [3.0, 4.0]]),
                f64=tf.Variable(np.array([1.25, -2.0])), i32=tf.Variable([1, 2, 3]),
                i64=tf.Variable(np.array([-5, 1 << 40], np.int64)), s=tf.Variable([b"ab", b"", b"hello world"]),
                s0=tf.Variable("x"), step=tf.Variable(np.int64(7)))


def make_mlp():
    tf.keras.backend.clear_session()  # layer names (dense, dense_1) as in the tools script's fresh process
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
                                 tf.keras.layers.Dense(2)])
    return model, tf.keras.optimizers.Adam(0.01), tf.Variable(np.int64(0))


def golden(name):
    return os.path.join(GOLDEN, name)


def expected(value):
    if value["dtype"] == "string":
        return np.array([v.encode("latin-1") for v in value["value"]], object).reshape(value["shape"])
    return np.array(value["value"], value["dtype"])


@pytest.mark.parametrize("name", ["tf_vars", "tf_mlp"])
def test_reads_tensorflow_files(name):
    record = RECORD[name]
    assert [list(x) for x in tf.train.list_variables(golden(name))] == record["list_variables"]
    reader = tf.train.load_checkpoint(golden(name))
    shapes, dtypes = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
    assert shapes["_CHECKPOINTABLE_OBJECT_GRAPH"] == [] and dtypes["_CHECKPOINTABLE_OBJECT_GRAPH"] == tf.string
    assert isinstance(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"), bytes)
    for key, value in record["values"].items():
        got = np.asarray(reader.get_tensor(key), dtype=object if value["dtype"] == "string" else None)
        assert dtypes[key].name == value["dtype"] and shapes[key] == value["shape"], key
        np.testing.assert_array_equal(got, expected(value))
        assert got.dtype == expected(value).dtype


def test_scalars_come_back_as_tensorflow_gives_them():
    reader = tf.train.load_checkpoint(golden("tf_vars"))
    step = reader.get_tensor("step/.ATTRIBUTES/VARIABLE_VALUE")
    assert type(step) is np.int64 and step == 7
    assert reader.get_tensor("s0/.ATTRIBUTES/VARIABLE_VALUE") == b"x"
    assert tf.train.load_variable(golden("tf_vars"), "step/.ATTRIBUTES/VARIABLE_VALUE") == 7
    with pytest.raises(tf.errors.NotFoundError, match="Key zz not found in checkpoint"):
        reader.get_tensor("zz")


def test_restores_tensorflow_variables():
    objects = make_vars()
    for v in objects.values():
        v.assign(np.zeros_like(v.numpy()) if v.dtype != tf.string else np.full(v.shape, b"", object))
    tf.train.Checkpoint(**objects).restore(golden("tf_vars")).assert_consumed()
    for key, value in RECORD["tf_vars"]["values"].items():
        np.testing.assert_array_equal(objects[key.split("/")[0]].numpy(), expected(value))


def test_restores_tensorflow_model_and_adam_slots():
    model, opt, step = make_mlp()
    status = tf.train.Checkpoint(model=model, optimizer=opt, step=step).restore(golden("tf_mlp"))
    values = RECORD["tf_mlp"]["values"]
    for i, layer in enumerate(model.layers):  # TF's 'layer_with_weights-i' is numtf's 'layer-i' here
        for w in ("kernel", "bias"):
            np.testing.assert_array_equal(getattr(layer, w).numpy(),
                                          expected(values[f"model/layer_with_weights-{i}/{w}/.ATTRIBUTES/VARIABLE_VALUE"]))
    opt.build(model.trainable_variables)  # the slots exist now: their restored values are assigned
    status.assert_consumed()
    assert int(opt.iterations.numpy()) == 1 and int(step.numpy()) == 1
    for i, v in enumerate(opt.variables[1:], 1):
        np.testing.assert_array_equal(v.numpy(), expected(values[f"optimizer/_variables/{i}/.ATTRIBUTES/VARIABLE_VALUE"]))


def test_writes_byte_identical_files(tmp_path):
    assert RECORD["numtf_vars"] == {"identical": True, "tf_restores": True}
    tf.train.Checkpoint(**make_vars()).write(tmp_path / "v")
    for ext in FILES:
        data = (tmp_path / ("v" + ext)).read_bytes()
        assert data == open(golden("tf_vars") + ext, "rb").read() == open(golden("numtf_vars") + ext, "rb").read()


def test_model_checkpoint_tensorflow_restores(tmp_path):
    # TensorFlow restored numtf_mlp (tools script); numtf still writes exactly those bytes
    assert RECORD["numtf_mlp"] == {"identical": False, "tf_restores": True}
    model, opt, step = make_mlp()
    tf.train.Checkpoint(model=model, optimizer=opt, step=step).restore(golden("tf_mlp"))
    opt.build(model.trainable_variables)
    tf.train.Checkpoint(model=model, optimizer=opt, step=step).write(tmp_path / "m")
    for ext in FILES:
        assert (tmp_path / ("m" + ext)).read_bytes() == open(golden("numtf_mlp") + ext, "rb").read()
    graph = object_graph.parse(tf.train.load_checkpoint(tmp_path / "m").get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"))
    assert [c.local_name for c in graph.nodes[0].children] == ["model", "optimizer", "step"]
    names = {a.full_name for n in graph.nodes for a in n.attributes}
    assert {"dense/kernel", "iteration", "learning_rate"} <= names


def test_round_trip_and_manager(tmp_path):
    v = tf.Variable([1.0, 2.0])
    ckpt = tf.train.Checkpoint(v=v, names=tf.Variable([b"a", b"bc"]))
    manager = tf.train.CheckpointManager(ckpt, tmp_path, max_to_keep=1)
    manager.save()
    v.assign([3.0, 4.0])
    path = manager.save()
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-2.data-00000-of-00001", "ckpt-2.index"]
    v.assign([0.0, 0.0])
    ckpt.restore(path).assert_consumed()
    np.testing.assert_array_equal(v.numpy(), [3.0, 4.0])


def test_old_numtf_npz_checkpoints_still_read(tmp_path):
    index = {"format": checkpoint_io.FORMAT, "version": 1, "keys": ["v/.ATTRIBUTES/VARIABLE_VALUE"]}
    np.savez(tmp_path / "old.npz", **{"v/.ATTRIBUTES/VARIABLE_VALUE": np.float32([5, 6]),
                                      checkpoint_io.INDEX_KEY: np.frombuffer(json.dumps(index).encode(), np.uint8)})
    v = tf.Variable([0.0, 0.0])
    tf.train.Checkpoint(v=v).restore(tmp_path / "old").assert_consumed()
    np.testing.assert_array_equal(v.numpy(), [5, 6])
    assert tf.train.list_variables(tmp_path / "old") == [("v/.ATTRIBUTES/VARIABLE_VALUE", [2])]


def test_corrupt_files_are_data_loss(tmp_path):
    for ext in FILES:
        shutil.copyfile(golden("tf_vars") + ext, str(tmp_path / "c") + ext)
    index = (tmp_path / "c.index").read_bytes()
    (tmp_path / "c.index").write_bytes(index[:-10])
    with pytest.raises(tf.errors.DataLossError, match="c.index: not an sstable"):
        tf.train.load_checkpoint(tmp_path / "c")
    broken = bytearray(index)
    broken[20] ^= 1  # inside the data block: its checksum no longer matches
    (tmp_path / "c.index").write_bytes(bytes(broken))
    with pytest.raises(tf.errors.DataLossError, match="block checksum mismatch"):
        tf.train.list_variables(tmp_path / "c")
    (tmp_path / "c.index").write_bytes(index)
    data = bytearray((tmp_path / "c.data-00000-of-00001").read_bytes())
    data[3] ^= 1
    (tmp_path / "c.data-00000-of-00001").write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match="c.data-00000-of-00001: checksum mismatch for tensor 'f32/"):
        tf.train.load_checkpoint(tmp_path / "c").get_tensor("f32/.ATTRIBUTES/VARIABLE_VALUE")
    (tmp_path / "c.data-00000-of-00001").write_bytes(bytes(data[:40]))
    with pytest.raises(tf.errors.DataLossError, match="past the end of the file"):
        tf.train.Checkpoint(**make_vars()).restore(tmp_path / "c")
    os.remove(tmp_path / "c.data-00000-of-00001")
    with pytest.raises(tf.errors.DataLossError, match="data file .* is missing"):
        tf.train.load_checkpoint(tmp_path / "c").get_tensor("b/.ATTRIBUTES/VARIABLE_VALUE")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for"):
        tf.train.load_checkpoint(tmp_path / "nothing")


def test_table_with_many_blocks_and_restarts():
    items = [(f"key/{i:04d}".encode(), struct.pack("<I", i) * (i % 5)) for i in range(300)]
    table = tensor_bundle.build_table(items, block_size=256)
    assert tensor_bundle.read_table(table) == items


def test_keras_save_weights_prefix(tmp_path):
    model = make_mlp()[0]
    model.save_weights(str(tmp_path / "w"))
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "w.data-00000-of-00001", "w.index"]
    other = make_mlp()[0]
    other.load_weights(str(tmp_path / "w")).assert_consumed()
    for a, b in zip(model.weights, other.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_keras_model_keys_are_tensorflows(tmp_path):
    # TF 2.21 lists exactly these for the same objects: a layer with weights is keyed by its
    # 'layer_with_weights-k' name, layers without weights take no number of that kind
    inp = tf.keras.Input((2, 2))
    h = tf.keras.layers.Dense(3)(tf.keras.layers.Flatten()(inp))
    functional = tf.keras.Model(inp, tf.keras.layers.Dense(2)(tf.keras.layers.Dropout(0.1)(h)))
    sequential = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(3),
                                      tf.keras.layers.BatchNormalization()])
    sequential.build((None, 4))
    path = tf.train.Checkpoint(f=functional, s=sequential).write(str(tmp_path / "x"))
    keys = [k for k, _ in tf.train.list_variables(path)]
    assert keys == ["_CHECKPOINTABLE_OBJECT_GRAPH"] + [
        f"{m}/layer_with_weights-{i}/{w}/.ATTRIBUTES/VARIABLE_VALUE" for m, i, w in [
            ("f", 0, "bias"), ("f", 0, "kernel"), ("f", 1, "bias"), ("f", 1, "kernel"), ("s", 0, "bias"),
            ("s", 0, "kernel"), ("s", 1, "beta"), ("s", 1, "gamma"), ("s", 1, "moving_mean"),
            ("s", 1, "moving_variance")]]
    restored = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(3),
                                    tf.keras.layers.BatchNormalization()])
    tf.train.Checkpoint(s=restored).read(path).expect_partial()  # restored once built
    restored.build((None, 4))
    for a, b in zip(restored.variables, sequential.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
