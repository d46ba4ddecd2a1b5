"""Keras models in numtf's SavedModel format: model.save(dir) / save_model(..., save_format='tf') /
load_model(dir) (numtf/keras/saving/saved_model_format.py), and tf.saved_model.load of a Keras
export: TF's signature names (tests/golden/saved_model.json), the config and compile arguments,
weights and optimizer state, training-mode calls, subclassed models as restored objects."""
import json
import os

import numpy as np
import pytest

import numtf as tf
import numtf.saved_model as saved_model

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "saved_model.json")))
rs = np.random.RandomState(0)
IMAGES = rs.rand(16, 8, 8, 1).astype(np.float32)
LABELS = rs.randint(0, 3, 16)


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def cnn():
    return tf.keras.Sequential([tf.keras.layers.Conv2D(4, 3, activation="relu", input_shape=(8, 8, 1)),
                                tf.keras.layers.Flatten(), tf.keras.layers.Dropout(0.5),
                                tf.keras.layers.Dense(3, activation="softmax")])


def sig_info(loaded):
    s = loaded.signatures["serving_default"]
    _, ins = s.structured_input_signature
    return {"inputs": {k: [v.shape.as_list(), v.dtype.name] for k, v in ins.items()},
            "outputs": sorted(s.structured_outputs)}


def test_sequential_cnn_save_and_load_model(tmp_path):
    model = cnn()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(IMAGES, LABELS, epochs=1, batch_size=8, verbose=0)
    path = str(tmp_path / "seq")
    model.save(path)
    assert "keras_metadata.json" in os.listdir(path)
    restored = tf.keras.models.load_model(path)
    assert type(restored).__name__ == GOLDEN["sequential"]["keras_class"]
    for a, b in zip(restored.weights, model.weights):
        assert a.name == b.name
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_array_equal(restored.predict(IMAGES, verbose=0), model.predict(IMAGES, verbose=0))
    assert type(restored.optimizer).__name__ == "Adam"
    np.testing.assert_array_equal(restored.optimizer.iterations.numpy(), model.optimizer.iterations.numpy())
    # the optimizer's state came back: one more step gives the same weights in both
    restored.fit(IMAGES, LABELS, epochs=1, batch_size=16, verbose=0, shuffle=False)
    model.fit(IMAGES, LABELS, epochs=1, batch_size=16, verbose=0, shuffle=False)
    for a, b in zip(restored.weights, model.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)


def test_sequential_as_saved_model_matches_tf_names(tmp_path):
    model = cnn()
    path = str(tmp_path / "seq")
    tf.keras.models.save_model(model, path, save_format="tf")
    loaded = saved_model.load(path)
    assert sig_info(loaded) == GOLDEN["sequential"]["signature"]
    out = loaded.signatures["serving_default"](conv2d_input=IMAGES)
    np.testing.assert_array_equal(out["dense"].numpy(), model(IMAGES).numpy())
    np.testing.assert_array_equal(loaded(IMAGES).numpy(), model(IMAGES).numpy())
    # training=True was traced too: Dropout is active there
    assert np.abs(loaded(IMAGES, training=True).numpy() - loaded(IMAGES, training=False).numpy()).max() > 0


def test_functional_multi_output(tmp_path):
    inp = tf.keras.Input((5,), name="feat")
    h = tf.keras.layers.Dense(4, name="hid")(inp)
    model = tf.keras.Model(inp, [tf.keras.layers.Dense(2, name="out_a")(h), tf.keras.layers.Dense(1, name="out_b")(h)])
    x = rs.rand(3, 5).astype(np.float32)
    saved_model.save(model, str(tmp_path / "fm"))
    loaded = saved_model.load(str(tmp_path / "fm"))
    assert sig_info(loaded) == GOLDEN["functional"]["signature"]
    out = loaded.signatures["serving_default"](feat=x)
    np.testing.assert_array_equal(out["out_b"].numpy(), model(x)[1].numpy())
    restored = tf.keras.models.load_model(str(tmp_path / "fm"))
    assert isinstance(restored, tf.keras.Model) and restored.output_names == ["out_a", "out_b"]
    for a, b in zip(restored(x), model(x)):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


class DictModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d = tf.keras.layers.Dense(2)

    def call(self, x):
        return {"a": self.d(x), "b": x * 2}


def test_subclassed_model_loads_as_restored_object(tmp_path):
    model = DictModel()
    x = rs.rand(5, 4).astype(np.float32)
    model(x[:3])
    path = str(tmp_path / "dm")
    model.save(path)
    loaded = saved_model.load(path)
    assert sig_info(loaded) == GOLDEN["dict_model"]["signature"]
    restored = tf.keras.models.load_model(path)
    out = restored(x)
    np.testing.assert_array_equal(out["a"].numpy(), model(x)["a"].numpy())
    pred = restored.predict(np.concatenate([x] * 10), batch_size=16)
    np.testing.assert_allclose(pred["a"], np.concatenate([model(x)["a"].numpy()] * 10), rtol=1e-6)
    np.testing.assert_array_equal(restored.d.kernel.numpy(), model.d.kernel.numpy())


def test_unbuilt_subclassed_model_saves_variables_only(tmp_path):
    model = DictModel()
    saved_model.save(model, str(tmp_path / "u"))
    loaded = saved_model.load(str(tmp_path / "u"))
    assert list(loaded.signatures) == [] and not callable(loaded)


def test_save_without_optimizer(tmp_path):
    model = cnn()
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(IMAGES, LABELS, epochs=1, batch_size=8, verbose=0)
    model.save(str(tmp_path / "m"), include_optimizer=False)
    keys = [k for k, _ in tf.train.list_variables(str(tmp_path / "m" / "variables" / "variables"))]
    assert keys and not any(k.startswith("optimizer") for k in keys)
    model.save(str(tmp_path / "m2"))
    keys = [k for k, _ in tf.train.list_variables(str(tmp_path / "m2" / "variables" / "variables"))]
    assert any(k.startswith("optimizer/") for k in keys)
