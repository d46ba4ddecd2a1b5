"""Saving and loading Keras models: model.save / load_model (.keras, .h5), save_weights /
load_weights (.npz, .weights.h5, .h5, checkpoint prefixes), custom objects, bad files, atomicity."""
import importlib.util
import json
import os
import sys
import zipfile

import numpy as np
import pytest

import numtf as tf
from numtf.keras.saving import serialization
from numtf.util import atomic

HAS_H5PY = importlib.util.find_spec("h5py") is not None
X = np.random.RandomState(0).rand(6, 4).astype("float32")


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@tf.keras.utils.register_keras_serializable(package="numtf_test")
class Scale(tf.keras.layers.Layer):
    """A registered custom layer with a constructor argument and a weight."""

    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1],), initializer="random_normal")

    def call(self, x):
        return x * self.w * self.factor

    def get_config(self):
        return dict(super().get_config(), factor=self.factor)


class Offset(tf.keras.layers.Layer):
    """A custom layer that is not registered (needs custom_objects)."""

    def build(self, input_shape):
        self.b = self.add_weight(name="b", shape=(input_shape[-1],), initializer="random_normal")

    def call(self, x):
        return x + self.b


class MLP(tf.keras.Model):
    """A subclassed model without get_config (rebuilt with no arguments)."""

    def __init__(self):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(5, activation="relu")
        self.blocks = [tf.keras.layers.Dense(4), Scale(2.0)]

    def call(self, x):
        x = self.d1(x)
        for block in self.blocks:
            x = block(x)
        return x


def sequential(out=3):
    return tf.keras.Sequential([tf.keras.layers.Dense(8, input_shape=(4,), activation="relu"),
                                tf.keras.layers.Dense(out)])


def functional():
    inp = tf.keras.Input(shape=(4,))
    h = tf.keras.layers.Dense(8, activation="relu")(inp)
    return tf.keras.Model(inp, tf.keras.layers.Dense(3)(h))


def built_mlp():
    m = MLP()
    m(X)
    return m


MAKERS = {"sequential": sequential, "subclassed": built_mlp, "functional": functional}


def values(model):
    return [v.numpy() for v in model.weights]


def no_temp_files(directory):
    return [n for n in os.listdir(directory) if atomic.TEMP_MARKER in n] == []


# -- .keras ---------------------------------------------------------------------------------------
def test_keras_file_layout_and_round_trip(tmp_path):
    model = sequential()
    y = model(X).numpy()
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["config.json", "metadata.json", "model.weights.npz"]
        config = json.loads(z.read("config.json"))
        metadata = json.loads(z.read("metadata.json"))
    assert config["class_name"] == "Sequential"
    assert [c["class_name"] for c in config["config"]["layers"]] == ["InputLayer", "Dense", "Dense"]  # as tf-keras
    assert metadata["keras_version"] == "2.21.0" and "date_saved" in metadata
    loaded = tf.keras.models.load_model(path)
    assert type(loaded) is tf.keras.Sequential
    np.testing.assert_array_equal(loaded(X).numpy(), y)
    assert [w.name for w in loaded.weights] == [w.name for w in model.weights]
    loaded2 = tf.keras.saving.load_model(str(path))
    np.testing.assert_array_equal(loaded2(X).numpy(), y)


def test_keras_registered_custom_layer_needs_nothing(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)), Scale(3.0)])
    y = model(X).numpy()
    tf.keras.models.save_model(model, tmp_path / "m.keras")
    loaded = tf.keras.models.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.layers[1], Scale) and loaded.layers[1].factor == 3.0
    np.testing.assert_array_equal(loaded(X).numpy(), y)


def test_keras_unregistered_custom_layer_needs_custom_objects(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)), Offset()])
    y = model(X).numpy()
    model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match="Offset") as info:
        tf.keras.models.load_model(tmp_path / "m.keras")
    assert "register_keras_serializable" in str(info.value) and "custom_objects" in str(info.value)
    loaded = tf.keras.models.load_model(tmp_path / "m.keras", custom_objects={"Offset": Offset})
    np.testing.assert_array_equal(loaded(X).numpy(), y)
    with tf.keras.utils.custom_object_scope({"Offset": Offset}):
        np.testing.assert_array_equal(tf.keras.models.load_model(tmp_path / "m.keras")(X).numpy(), y)


def test_keras_subclassed_model(tmp_path):
    model = built_mlp()
    y = model(X).numpy()
    model.save(tmp_path / "s.keras")
    with zipfile.ZipFile(tmp_path / "s.keras") as z:
        config = json.loads(z.read("config.json"))
    assert config["class_name"] == "MLP" and config["config"] == {}
    with pytest.raises(ValueError, match="Could not locate class 'MLP'") as info:
        tf.keras.models.load_model(tmp_path / "s.keras")
    assert isinstance(info.value, TypeError)  # tf-keras raises TypeError here
    loaded = tf.keras.models.load_model(tmp_path / "s.keras", custom_objects={"MLP": MLP})
    assert isinstance(loaded, MLP)
    # no input shape was recorded: the weights are restored when the model builds, before its first output
    np.testing.assert_array_equal(loaded(X).numpy(), y)
    for a, b in zip(values(loaded), values(model)):
        np.testing.assert_array_equal(a, b)


@tf.keras.utils.register_keras_serializable(package="numtf_test")
class Tower(tf.keras.Model):
    """A registered subclassed model with constructor arguments and get_config."""

    def __init__(self, units=3, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units, self.factor = units, factor
        self.dense = tf.keras.layers.Dense(units)
        self.scale = Scale(factor)

    def call(self, x):
        return self.scale(self.dense(x))

    def get_config(self):
        return {"units": self.units, "factor": self.factor}


class NeedsArgs(tf.keras.layers.Layer):
    def __init__(self, k):
        super().__init__()
        self.k = k

    def call(self, x):
        return x * self.k


def test_keras_registered_subclassed_model_with_config(tmp_path):
    model = Tower(units=5, factor=0.5)
    y = model(X).numpy()
    model.save(tmp_path / "t.keras")
    with zipfile.ZipFile(tmp_path / "t.keras") as z:
        config = json.loads(z.read("config.json"))
    assert config["registered_name"] == "numtf_test>Tower" and config["config"] == {"units": 5, "factor": 0.5}
    loaded = tf.keras.models.load_model(tmp_path / "t.keras")
    assert isinstance(loaded, Tower) and loaded.units == 5
    np.testing.assert_array_equal(loaded(X).numpy(), y)


def test_custom_layer_without_get_config_fails_clearly(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(4,)), NeedsArgs(2.0)])
    model.save(tmp_path / "n.keras")
    with pytest.raises(TypeError, match="must define get_config"):
        tf.keras.models.load_model(tmp_path / "n.keras", custom_objects={"NeedsArgs": NeedsArgs})


def test_keras_sequential_built_by_its_first_call(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="relu"), tf.keras.layers.Dense(2)])
    y = model(X).numpy()
    model.save(tmp_path / "m.keras")
    np.testing.assert_array_equal(tf.keras.models.load_model(tmp_path / "m.keras")(X).numpy(), y)


def test_missing_weights_group_is_an_error(tmp_path):
    tf.keras.Sequential([tf.keras.layers.Dense(8, input_shape=(4,))]).save(tmp_path / "one.keras")
    with pytest.raises(ValueError, match=r"'dense_\d' \(at 'layers/dense_1'\) expected 2 variables, but received 0"):
        sequential().load_weights(tmp_path / "one.keras")


def test_saving_a_loaded_model_before_its_first_call_keeps_the_weights(tmp_path):
    model = built_mlp()
    y = model(X).numpy()
    model.save(tmp_path / "a.keras")
    loaded = tf.keras.models.load_model(tmp_path / "a.keras", custom_objects={"MLP": MLP})
    loaded.save(tmp_path / "b.keras")
    # the saved build shape lets the loaded model build at once: every weight is in place, so
    # any format can be written before the first call
    assert loaded.built and len(loaded.weights) == len(model.weights)
    loaded.save_weights(tmp_path / "b.npz")
    again = tf.keras.models.load_model(tmp_path / "b.keras", custom_objects={"MLP": MLP})
    np.testing.assert_array_equal(again(X).numpy(), y)
    np.testing.assert_array_equal(loaded(X).numpy(), y)


def test_keras_compiled_model_restores_optimizer_state(tmp_path):
    model = sequential()
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(X) - 1.0))
    model.optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    model.save(tmp_path / "c.keras")
    with zipfile.ZipFile(tmp_path / "c.keras") as z:
        compile_config = json.loads(z.read("config.json"))["compile_config"]
    assert compile_config["loss"] == "mse" and compile_config["metrics"] == ["mae"]
    assert compile_config["optimizer"]["class_name"] == "Adam"
    loaded = tf.keras.models.load_model(tmp_path / "c.keras")
    assert type(loaded.optimizer).__name__ == "Adam"
    assert loaded.optimizer.learning_rate.numpy() == np.float32(0.01)
    assert int(loaded.optimizer.iterations.numpy()) == 1
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert getattr(tf.keras.models.load_model(tmp_path / "c.keras", compile=False), "optimizer", None) is None


def test_keras_load_weights_from_keras_file(tmp_path):
    model = sequential()
    model.save(tmp_path / "m.keras")
    other = sequential()
    other.load_weights(tmp_path / "m.keras")
    np.testing.assert_array_equal(other(X).numpy(), model(X).numpy())


def test_save_unsupported_formats(tmp_path):
    model = sequential()
    model.save(tmp_path / "saved_model_dir")  # numtf's SavedModel (tests/keras/test_saved_model_keras.py)
    assert os.path.isfile(tmp_path / "saved_model_dir" / "saved_model.json")
    with pytest.raises(ValueError, match="model.save"):
        model.save_weights(tmp_path / "w.keras")


# -- weights files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("name", ["w.npz", "ckpt/weights", "w.weights.h5", "w.h5"])
def test_save_load_weights_round_trip(tmp_path, kind, name):
    model = MAKERS[kind]()
    y = model(X).numpy()
    fresh = MAKERS[kind]()
    path = tmp_path / name
    if name.endswith(".h5") and not HAS_H5PY:
        with pytest.raises(ImportError, match="pip install h5py"):
            model.save_weights(path)
        return
    model.save_weights(path)
    fresh.load_weights(path)
    np.testing.assert_array_equal(fresh(X).numpy(), y)
    assert no_temp_files(path.parent)


def test_npz_layout_is_plain_numpy(tmp_path):
    model = sequential()
    model.save_weights(tmp_path / "w.npz")
    with np.load(tmp_path / "w.npz", allow_pickle=False) as z:
        keys = set(z.files)
        np.testing.assert_array_equal(z["dense/dense/kernel:0"], model.layers[0].kernel.numpy())
    assert {"dense/dense/kernel:0", "dense/dense/bias:0", "dense_1/dense_1/kernel:0"} <= keys


def test_checkpoint_prefix_writes_state_file(tmp_path):
    model = sequential()
    model.save_weights(tmp_path / "ckpt" / "weights")
    assert sorted(os.listdir(tmp_path / "ckpt")) == ["checkpoint", "weights.data-00000-of-00001", "weights.index"]
    assert tf.train.latest_checkpoint(tmp_path / "ckpt") == str(tmp_path / "ckpt" / "weights")
    status = sequential().load_weights(tf.train.latest_checkpoint(tmp_path / "ckpt"))
    status.assert_consumed()


def test_checkpoint_prefix_into_unbuilt_subclassed_model(tmp_path):
    model = built_mlp()
    y = model(X).numpy()
    model.save_weights(tmp_path / "w" / "mlp")
    fresh = MLP()
    status = fresh.load_weights(tmp_path / "w" / "mlp")
    with pytest.raises(AssertionError, match="not built yet"):
        status.assert_consumed()
    np.testing.assert_array_equal(fresh(X).numpy(), y)  # restored before the first output
    status.assert_consumed()


def test_h5_without_h5py_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(ImportError, match=r"h5py is required to read and write \.h5 files: pip install h5py"):
        sequential().save_weights(tmp_path / "w.weights.h5")
    (tmp_path / "x.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(ImportError, match="pip install h5py"):
        sequential().load_weights(tmp_path / "x.h5")


class ZZ(MLP):
    def __init__(self):
        super().__init__()
        self.zz = tf.keras.layers.Dense(4)

    def call(self, x):
        return self.zz(super().call(x))


def test_weights_h5_layout_matches_tf_keras(tmp_path):
    model = ZZ()
    model(X)
    if not HAS_H5PY:
        with pytest.raises(ImportError, match="pip install h5py"):
            model.save_weights(tmp_path / "m.weights.h5")
        return
    import h5py
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5", "r") as f:
        names = []
        f.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        assert "vars" in f  # tf-keras reads the root's group unconditionally
    # what tf-keras 2.21 writes for the same model: attributes visited in reverse alphabetical order
    # ('zz' before 'layers'), the items of lists named after their class
    assert sorted(names) == ["layers/dense/vars/0", "layers/dense/vars/1", "layers/dense_1/vars/0",
                             "layers/dense_1/vars/1", "layers/scale/vars/0", "zz/vars/0", "zz/vars/1"]


# -- mismatches: clear errors, nothing half-loaded ------------------------------------------------
@pytest.mark.parametrize("name, pattern", [
    ("w.npz", r"Shape mismatch in layer #1 \(named dense_\d\) for weight dense_\d/kernel:0. Weight expects shape "
              r"\(8, 5\). Received saved weight with shape \(8, 3\)"),
    ("ckpt/w", r"Received incompatible tensor with shape \((8, )?3,?\) when attempting to restore variable with "
               r"shape \((8, )?5,?\) and name dense_\d/(bias|kernel):0"),
    ("m.keras", r"'dense_\d'.*dense_\d/kernel:0' has shape \(8, 5\) but the saved value has shape \(8, 3\)"),
])
def test_shape_mismatch_is_clear_and_loads_nothing(tmp_path, name, pattern):
    path = tmp_path / name
    if name.endswith(".keras"):
        sequential(3).save(path)
    else:
        sequential(3).save_weights(path)
    target = sequential(5)
    before = values(target)
    with pytest.raises(ValueError, match=pattern):
        target.load_weights(path)
    for a, b in zip(before, values(target)):  # the first layer matched, yet was not assigned
        np.testing.assert_array_equal(a, b)


def test_layer_count_mismatch(tmp_path):
    sequential().save_weights(tmp_path / "w.npz")
    three = tf.keras.Sequential([tf.keras.layers.Dense(8, input_shape=(4,)), tf.keras.layers.Dense(8),
                                 tf.keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="Layer count mismatch .* Model expected 3 layers, found 2 saved layers"):
        three.load_weights(tmp_path / "w.npz")


def test_by_name_and_skip_mismatch(tmp_path):
    src = tf.keras.Sequential([tf.keras.layers.Dense(8, input_shape=(4,), name="shared"),
                               tf.keras.layers.Dense(3, name="head")])
    src.save_weights(tmp_path / "w.npz")
    dst = tf.keras.Sequential([tf.keras.layers.Dense(8, input_shape=(4,), name="shared"),
                               tf.keras.layers.Dense(7, name="head"), tf.keras.layers.Dense(2, name="new")])
    head_before = dst.layers[1].kernel.numpy()
    with pytest.raises(ValueError, match="skip_mismatch can only be set to True when by_name is True"):
        dst.load_weights(tmp_path / "w.npz", skip_mismatch=True)
    with pytest.raises(ValueError, match="Shape mismatch in layer #1 \\(named head\\)"):
        dst.load_weights(tmp_path / "w.npz", by_name=True)
    dst.load_weights(tmp_path / "w.npz", by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(dst.layers[0].kernel.numpy(), src.layers[0].kernel.numpy())
    np.testing.assert_array_equal(dst.layers[1].kernel.numpy(), head_before)


def test_npz_into_unbuilt_subclassed_model(tmp_path):
    built_mlp().save_weights(tmp_path / "w.npz")
    with pytest.raises(ValueError, match="has not created its variables yet. Call the Model first"):
        MLP().load_weights(tmp_path / "w.npz")


# -- bad files -----------------------------------------------------------------------------------
def _keras_bytes(tmp_path):
    sequential().save(tmp_path / "good.keras")
    return (tmp_path / "good.keras").read_bytes()


def _zip_without_config(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", "{}")


def _corrupt_weights(data):
    # flip bytes in the middle of the stored weights entry: the zip's CRC check catches it
    i = data.index(b"model.weights.npz") + 200
    return data[:i] + bytes(255 - b for b in data[i:i + 50]) + data[i + 50:]


@pytest.mark.parametrize("case, pattern", [
    ("random", "not a zip archive"), ("text", "not a zip archive"), ("no_config", "has no config.json"),
    ("truncated", "not a zip archive|truncated or corrupt"), ("corrupt", "truncated or corrupt|Unable to read"),
    ("bad_json", "JSON is invalid"),
])
def test_load_model_bad_files(tmp_path, case, pattern):
    path = tmp_path / f"{case}.keras"
    good = _keras_bytes(tmp_path)
    if case == "random":
        path.write_bytes(np.random.RandomState(1).bytes(3000))
    elif case == "text":
        path.write_text("this is not a model\n")
    elif case == "no_config":
        _zip_without_config(path)
    elif case == "truncated":
        path.write_bytes(good[:len(good) // 2])
    elif case == "corrupt":
        path.write_bytes(_corrupt_weights(good))
    else:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("config.json", "{not json")
    with pytest.raises(ValueError, match=pattern) as info:
        tf.keras.models.load_model(path)
    assert str(path) in str(info.value)


def test_load_model_missing_or_directory(tmp_path):
    with pytest.raises(OSError, match="No file or directory found at"):
        tf.keras.models.load_model(tmp_path / "nothing.keras")
    with pytest.raises(OSError, match="SavedModel file does not exist at"):
        tf.keras.models.load_model(tmp_path)


@pytest.mark.parametrize("name", ["w.npz", "ckpt/w", "m.keras"])
def test_truncated_weights_file_loads_nothing(tmp_path, name):
    path = tmp_path / name
    model = sequential()
    model.save(path) if name.endswith(".keras") else model.save_weights(path)
    data_path = path.parent / (path.name + ".index") if name == "ckpt/w" else path
    data = data_path.read_bytes()
    data_path.write_bytes(data[:len(data) - 40])
    target = sequential()
    before = values(target)
    with pytest.raises(Exception, match="truncated|corrupt") as info:
        target.load_weights(path)
    assert isinstance(info.value, (ValueError, tf.errors.DataLossError)) and str(data_path) in str(info.value)
    for a, b in zip(before, values(target)):
        np.testing.assert_array_equal(a, b)


# -- atomic writes ---------------------------------------------------------------------------------
def _crash_halfway(monkeypatch):
    """Makes NumPy's array writer write a few bytes of the second array, then fail."""
    real = np.lib.format.write_array
    calls = []

    def write_array(fp, array, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            fp.write(b"partial")
            raise OSError("disk full")
        return real(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_array)


@pytest.mark.parametrize("name", ["w.npz", "ckpt/w", "m.keras"])
def test_crash_mid_save_keeps_the_old_file(tmp_path, monkeypatch, name):
    path = tmp_path / name
    old = sequential()
    old.save(path) if name.endswith(".keras") else old.save_weights(path)
    data_path = path.parent / (path.name + ".index") if name == "ckpt/w" else path
    good = data_path.read_bytes()
    new = sequential()
    with monkeypatch.context() as m:
        if name == "ckpt/w":  # TensorFlow's format: the data file is written, then renaming it fails
            m.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError("disk full")))
        else:
            _crash_halfway(m)
        with pytest.raises(OSError, match="disk full"):
            new.save(path) if name.endswith(".keras") else new.save_weights(path)
    assert data_path.read_bytes() == good
    assert no_temp_files(data_path.parent)
    restored = sequential()
    restored.load_weights(path)
    np.testing.assert_array_equal(restored(X).numpy(), old(X).numpy())


def test_crash_mid_h5_save_keeps_the_old_file(tmp_path, monkeypatch):
    if not HAS_H5PY:
        with pytest.raises(ImportError, match="pip install h5py"):
            sequential().save_weights(tmp_path / "w.weights.h5")
        return
    from numtf.keras.saving import weights_format
    path = tmp_path / "w.weights.h5"
    sequential().save_weights(path)
    good = path.read_bytes()
    real = weights_format.write_v3_h5

    def crash(target, groups):
        real(target, groups)
        raise KeyboardInterrupt  # even an interrupt after the data went out leaves the old file

    monkeypatch.setattr(weights_format, "write_v3_h5", crash)
    with pytest.raises(KeyboardInterrupt):
        sequential().save_weights(path)
    assert path.read_bytes() == good and no_temp_files(tmp_path)


def test_atomic_write_helper(tmp_path):
    path = tmp_path / "f.txt"
    atomic.write_text(path, "one")
    with pytest.raises(RuntimeError):
        with atomic.atomic_write(path, "w") as f:
            f.write("tw")
            raise RuntimeError("crash")
    assert path.read_text() == "one" and no_temp_files(tmp_path)
    atomic.write_bytes(path, b"two")
    assert path.read_bytes() == b"two" and no_temp_files(tmp_path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    os.chmod(path, 0o640)
    atomic.write_text(path, "three")
    assert os.stat(path).st_mode & 0o777 == 0o640  # an existing file keeps its permissions


# -- legacy .h5 model files -------------------------------------------------------------------------
def test_h5_model_file(tmp_path):
    model = sequential()
    if not HAS_H5PY:
        with pytest.raises(ImportError, match="pip install h5py"):
            model.save(tmp_path / "m.h5")
        return
    model.compile(optimizer="sgd", loss="mse")
    model.save(tmp_path / "m.h5")
    loaded = tf.keras.models.load_model(tmp_path / "m.h5")
    np.testing.assert_array_equal(loaded(X).numpy(), model(X).numpy())
    assert type(loaded.optimizer).__name__ == "SGD"
    with pytest.raises(NotImplementedError, match="subclassed models"):
        built_mlp().save(tmp_path / "s.h5")


# -- serialization helpers ---------------------------------------------------------------------------
def test_serialize_deserialize_keras_object():
    config = tf.keras.saving.serialize_keras_object(Scale(4.0, name="sc"))
    assert config["class_name"] == "Scale" and config["registered_name"] == "numtf_test>Scale"
    layer = tf.keras.saving.deserialize_keras_object(config)
    assert isinstance(layer, Scale) and layer.factor == 4.0 and layer.name == "sc"
    dense = tf.keras.saving.deserialize_keras_object({"class_name": "Dense", "config": {"units": 2}})
    assert isinstance(dense, tf.keras.layers.Dense) and dense.units == 2
    with pytest.raises(ValueError, match="Nope"):
        tf.keras.saving.deserialize_keras_object({"class_name": "Nope", "config": {}})
    assert serialization.to_json((1, np.float32(2.5), tf.TensorShape([None, 3]))) == [1, 2.5, [None, 3]]


def test_to_json_model_from_json_and_clone_model(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3, name="d"),
                                 tf.keras.layers.Dense(2, activation="softmax", name="out")])
    text = model.to_json()
    entry = json.loads(text)
    assert sorted(entry) == ["backend", "class_name", "config", "keras_version"]
    assert entry["class_name"] == "Sequential" and entry["backend"] == "tensorflow"
    assert [layer["class_name"] for layer in entry["config"]["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert model.to_json(indent=1).startswith('{\n "class_name": "Sequential"')
    again = tf.keras.models.model_from_json(text)
    assert type(again) is tf.keras.Sequential and again.built
    assert [w.name for w in again.weights] == ["d/kernel:0", "d/bias:0", "out/kernel:0", "out/bias:0"]
    x = np.random.default_rng(0).random((3, 4)).astype(np.float32)
    again.set_weights(model.get_weights())
    np.testing.assert_array_equal(again(x).numpy(), model(x).numpy())
    twin = tf.keras.models.clone_model(model)
    assert [w.name for w in twin.weights] == [w.name for w in model.weights]
    assert not np.array_equal(twin.get_weights()[0], model.get_weights()[0])  # new weights
    inputs = tf.keras.Input((4,))
    functional = tf.keras.Model(inputs, tf.keras.layers.Dense(2, name="f")(inputs))
    copy = tf.keras.models.clone_model(functional)
    assert [layer.name for layer in copy.layers] == [layer.name for layer in functional.layers]
    copy.set_weights(functional.get_weights())
    np.testing.assert_array_equal(copy(x).numpy(), functional(x).numpy())
    with pytest.raises(ValueError, match="model_from_json"):
        tf.keras.models.model_from_json("not json")


def test_custom_layer_without_get_config_records_its_arguments(tmp_path):
    """As tf-keras: a user's layer that defines no get_config gets its constructor's arguments in
    its config (keyword ones first), so it saves and loads; non-plain arguments need get_config."""
    class MyDense(tf.keras.layers.Layer):
        def __init__(self, units, scale=1.0, **kwargs):
            super().__init__(**kwargs)
            self.units, self.scale = units, scale

        def build(self, shape):
            self.w = self.add_weight("w", shape=(shape[-1], self.units))

        def call(self, x):
            return tf.matmul(x, self.w) * self.scale

    layer = MyDense(3, scale=2.0, name="md")
    assert layer.get_config() == {"name": "md", "trainable": True, "dtype": "float32", "scale": 2.0, "units": 3}
    assert list(layer.get_config())[-2:] == ["scale", "units"]
    clone = MyDense.from_config(layer.get_config())
    assert (clone.units, clone.scale, clone.name) == (3, 2.0, "md")
    model = tf.keras.Sequential([tf.keras.Input((4,)), MyDense(3, name="md")])
    model.save(tmp_path / "md.keras")
    loaded = tf.keras.models.load_model(tmp_path / "md.keras", custom_objects={"MyDense": MyDense})
    assert loaded.layers[0].units == 3
    np.testing.assert_array_equal(loaded.get_weights()[0], model.get_weights()[0])

    class TakesFunction(tf.keras.layers.Layer):
        def __init__(self, fn, **kwargs):
            super().__init__(**kwargs)
            self.fn = fn

    with pytest.raises(NotImplementedError, match="must override `get_config\\(\\)`"):
        TakesFunction(lambda x: x).get_config()
