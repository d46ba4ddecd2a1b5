"""Model.compile / fit / evaluate / predict / *_on_batch (tf-keras 2 semantics).

The expected values were produced by tf-keras 2.21; run with NUMTF_TEST_AGAINST=tensorflow
and TF_USE_LEGACY_KERAS=1 under the TF venv to check them again (tests marked numtf-only check
behaviour numtf deliberately does differently, e.g. the progress bar off a terminal).
"""
import importlib
import logging
import os
import re

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
NUMTF = tf.__name__ == "numtf"
numtf_only = pytest.mark.skipif(not NUMTF, reason="numtf behaviour that differs from tf-keras by design")
Sequence = getattr(tf.keras.utils, "Sequence", None) or importlib.import_module(
    "numtf.keras.engine.data_adapter").Sequence
SHARED_KERAS_HOME = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "keras")


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def data(n=100, d=4, classes=3, seed=0):
    rng = np.random.RandomState(seed)
    return rng.rand(n, d).astype("float32"), rng.randint(0, classes, n)


def weights(seed=0):
    rng = np.random.RandomState(seed)
    rng.rand(100, 4), rng.randint(0, 3, 100)  # the same stream as data() + weights() in the TF runs
    return [rng.randn(4, 8).astype("float32") * 0.5, np.zeros(8, "float32"),
            rng.randn(8, 3).astype("float32") * 0.5, np.zeros(3, "float32")]


def mlp(activation="softmax", regularizer=None):
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(8, activation="relu", kernel_regularizer=regularizer, input_shape=(4,)),
        tf.keras.layers.Dense(3, activation=activation)])
    model.set_weights(weights())
    return model


def rounded(history):
    return {k: np.round(v, 5).tolist() for k, v in history.history.items()}


class Handbook(tf.keras.Model):
    """The handbook's MLP shape: tf.nn.softmax output, `call` without `training`."""

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


# -- values against tf-keras ----------------------------------------------------------------------
@pytest.mark.parametrize("eager", [False, True])
def test_fit_history_matches_tf(eager):
    x, y = data()
    model = mlp()
    model.compile(tf.keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"],
                  run_eagerly=eager)
    h = model.fit(x, y, epochs=3, batch_size=32, shuffle=False, verbose=0, validation_split=0.2,
                  sample_weight=np.linspace(0.5, 1.5, 100))
    assert rounded(h) == {"loss": [0.94537, 0.93231, 0.92452], "accuracy": [0.3625, 0.4, 0.45],
                          "val_loss": [1.58504, 1.60059, 1.619], "val_accuracy": [0.3, 0.3, 0.3]}
    np.testing.assert_allclose(model.get_weights()[2][0], [-0.51404, -0.73713, 0.8481], atol=2e-5)
    assert h.params == {"verbose": 0, "epochs": 3, "steps": 3} and h.epoch == [0, 1, 2]
    assert model.history is h


def test_class_weight_regularization_weighted_metrics_match_tf():
    x, y = data()
    model = mlp(regularizer="l2")
    model.compile(tf.keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy", metrics=["accuracy", "ce"],
                  weighted_metrics=["accuracy"])
    h = model.fit(x, y, epochs=2, batch_size=30, shuffle=False, verbose=0, class_weight={0: 1., 1: 2., 2: 0.5})
    assert rounded(h) == {"loss": [1.34391, 1.26341], "accuracy": [0.4, 0.4], "ce": [1.07221, 1.07228],
                          "weighted_accuracy": [0.41667, 0.62917]}
    result = model.evaluate(x, y, batch_size=7, verbose=0, sample_weight=np.arange(100) % 3)
    np.testing.assert_allclose(result, [1.14976, 0.38, 1.07208, 0.34343], atol=2e-5)
    np.testing.assert_allclose(model.train_on_batch(x[:10], y[:10]), [1.16604, 0.3, 1.10404, 0.3], atol=2e-5)
    np.testing.assert_allclose(model.test_on_batch(x[:10], y[:10]), [1.15013, 0.3, 1.08839, 0.3], atol=2e-5)
    out = model.predict_on_batch(x[:2])
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [[0.28165, 0.41825, 0.3001], [0.29709, 0.42285, 0.28005]], atol=2e-5)


def test_steps_per_epoch_continues_the_stream_and_logits_losses():
    x, y = data()
    model = mlp(activation=None)
    model.compile(tf.keras.optimizers.RMSprop(0.01), tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.SparseTopKCategoricalAccuracy(k=2)])
    h = model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0, steps_per_epoch=4)
    assert rounded(h) == {"loss": [1.06187, 1.10204], "sparse_top_k_categorical_accuracy": [0.75, 0.65385]}
    model.compile(tf.keras.optimizers.RMSprop(0.01), tf.keras.losses.CategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"], loss_weights=0.5)
    h = model.fit(x, tf.keras.utils.to_categorical(y, 3), epochs=2, batch_size=16, shuffle=False, verbose=0)
    assert rounded(h) == {"loss": [0.5352, 0.53046], "accuracy": [0.38, 0.43]}


def test_steps_per_epoch_beyond_the_data_stops_with_a_warning(caplog):
    x, y = data(10)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with caplog.at_level(logging.WARNING):
        h = model.fit(x, y, batch_size=4, steps_per_epoch=5, epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2
    assert "Your input ran out of data; interrupting training" in caplog.text and "(in this case, 10 batches)" in \
        caplog.text


def test_regularization_losses_are_in_the_loss():
    class R(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(2, kernel_regularizer="l2", kernel_initializer="ones")

        def call(self, x, training=None):
            return self.d(x)

    x, _ = data(10)
    model = R()
    model.compile("sgd", "mse")
    loss = model.evaluate(x, np.zeros((10, 2)), verbose=0)
    mse = float(np.mean(np.mean(model.predict(x, verbose=0) ** 2, -1)))
    reg = float(tf.add_n(model.losses))
    assert reg == pytest.approx(0.08, rel=1e-5)  # 0.01 * sum(ones(4, 2) ** 2)
    assert loss == pytest.approx(mse + reg, rel=1e-5)


def test_multi_output_names_and_loss_weights():
    i1 = tf.keras.Input((4,), name="a")
    i2 = tf.keras.Input((2,), name="b")
    h = tf.keras.layers.Concatenate()([i1, i2])
    o1 = tf.keras.layers.Dense(3, activation="softmax", name="cls")(h)
    o2 = tf.keras.layers.Dense(1, name="reg")(h)
    model = tf.keras.Model([i1, i2], [o1, o2])
    rng = np.random.RandomState(0)
    x1, x2, y1, y2 = rng.rand(64, 4), rng.rand(64, 2), rng.randint(0, 3, 64), rng.rand(64)
    model.compile("adam", loss=["sparse_categorical_crossentropy", "mse"], metrics=["accuracy"], loss_weights=[1., .5])
    hist = model.fit([x1, x2], [y1, y2], epochs=1, verbose=0, validation_split=0.25)
    assert list(hist.history) == ["loss", "cls_loss", "reg_loss", "cls_accuracy", "reg_accuracy", "val_loss",
                                  "val_cls_loss", "val_reg_loss", "val_cls_accuracy", "val_reg_accuracy"]
    assert model.metrics_names == ["loss", "cls_loss", "reg_loss", "cls_accuracy", "reg_accuracy"]
    logs = model.evaluate([x1, x2], [y1, y2], verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(logs["cls_loss"] + 0.5 * logs["reg_loss"], rel=1e-5)
    model.compile("adam", loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"},
                  metrics={"cls": ["acc", "crossentropy"], "reg": "mae"}, weighted_metrics=["mse"])
    hist = model.fit({"a": x1, "b": x2}, {"cls": y1, "reg": y2}, epochs=1, verbose=0)
    assert list(hist.history) == ["loss", "cls_loss", "reg_loss", "cls_acc", "cls_crossentropy", "cls_mse", "reg_mae",
                                  "reg_mse"]
    fns = [getattr(m, "_fn", None) for m in model.metrics]
    assert fns[3] is tf.keras.metrics.sparse_categorical_accuracy
    assert fns[4] is tf.keras.metrics.sparse_categorical_crossentropy
    out = model.predict({"a": x1, "b": x2}, batch_size=10, verbose=0)
    assert isinstance(out, list) and out[0].shape == (64, 3) and out[1].shape == (64, 1)


@pytest.mark.parametrize("loss,labels,units,expected", [
    ("sparse_categorical_crossentropy", "sparse", 3, "sparse_categorical_accuracy"),
    ("sparse_categorical_crossentropy", "sparse_column", 3, "sparse_categorical_accuracy"),
    ("categorical_crossentropy", "onehot", 3, "categorical_accuracy"),
    ("binary_crossentropy", "binary", 1, "binary_accuracy"),
])
def test_accuracy_resolves_like_tf_keras(loss, labels, units, expected):
    x, y = data(20)
    y = {"sparse": y, "sparse_column": y.reshape(-1, 1), "onehot": np.eye(3)[y], "binary": (y > 0).astype("float32")}[
        labels]
    model = tf.keras.Sequential([tf.keras.layers.Dense(units, activation="sigmoid" if units == 1 else "softmax")])
    extra = ["AUC"] if units == 1 else []
    model.compile("sgd", loss, metrics=["accuracy"] + extra + [tf.keras.losses.mse])
    hist = model.fit(x, y, epochs=1, verbose=0)
    assert list(hist.history) == ["loss", "accuracy"] + [m.lower() for m in extra] + ["mean_squared_error"]
    assert model.metrics[1]._fn.__name__ == expected


def test_metrics_before_and_after_the_first_batch():
    x, y = data(10)
    model = mlp()
    assert model.metrics == [] and model.metrics_names == []
    model.compile("adam", "sparse_categorical_crossentropy", metrics="accuracy")
    assert model.metrics_names == [] and model.stop_training is False
    model.fit(x, y, verbose=0)
    assert model.metrics_names == ["loss", "accuracy"]
    assert [type(m).__name__ for m in model.metrics] == ["Mean", "MeanMetricWrapper"]
    model.compile("adam", "sparse_categorical_crossentropy")
    assert isinstance(model.evaluate(x, y, verbose=0), float) and model.metrics_names == ["loss"]
    assert model.evaluate(x, y, verbose=0, return_dict=True).keys() == {"loss"}


def test_compile_defaults_and_strings():
    model = mlp()
    model.compile()
    assert type(model.optimizer).__name__ == "RMSprop" and not model.loss and model.run_eagerly is False
    model.compile(optimizer="adam", loss="mse", run_eagerly=True)
    assert type(model.optimizer).__name__ == "Adam" and model.loss == "mse" and model.run_eagerly is True


# -- data handling --------------------------------------------------------------------------------
def test_validation_split_takes_the_end_before_shuffling():
    seen = {"train": [], "test": []}

    class Spy(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(1)

        def call(self, x, training=None):
            return self.d(x)

        def train_step(self, data):
            seen["train"].append(np.asarray(data[0])[:, 0].copy())
            return super().train_step(data)

        def test_step(self, data):
            seen["test"].append(np.asarray(data[0])[:, 0].copy())
            return super().test_step(data)

    x = np.arange(50, dtype="float32").reshape(50, 1)
    model = Spy()
    model.compile("sgd", "mse", run_eagerly=True)
    model.fit(x, x, validation_split=0.2, batch_size=8, epochs=2, shuffle=True, verbose=0)
    assert sorted(np.concatenate(seen["train"][:5]).tolist()) == list(range(40))
    assert np.concatenate(seen["test"]).tolist() == list(range(40, 50)) * 2
    assert np.concatenate(seen["train"][:5]).tolist() != list(range(40))  # shuffled


def test_fit_is_reproducible_with_set_random_seed():
    x, y = data()
    results = []
    for _ in range(2):
        tf.keras.utils.set_random_seed(7)
        model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dropout(0.3),
                                     tf.keras.layers.Dense(3, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        h = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
        results.append((h.history["loss"], [w.copy() for w in model.get_weights()]))
    assert results[0][0] == results[1][0]
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_array_equal(a, b)


def test_generators_sequences_and_lists():
    x, y = data(20)
    model = mlp()
    model.compile("sgd", "sparse_categorical_crossentropy")

    def gen():
        while True:
            for i in range(0, 20, 5):
                yield x[i:i + 5], y[i:i + 5]

    h = model.fit(gen(), steps_per_epoch=4, epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2

    class Batches(Sequence):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return x[i * 5:(i + 1) * 5], y[i * 5:(i + 1) * 5]

    h = model.fit(Batches(), epochs=2, verbose=0)
    assert h.params["steps"] == 4 and len(h.history["loss"]) == 2
    assert model.predict(Batches(), verbose=0).shape == (20, 3)
    assert model.predict(x.tolist(), verbose=0).shape == (20, 3)  # a list of rows is one array


def test_generator_without_steps_learns_the_epoch_length(caplog):
    x, y = data(10)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with caplog.at_level(logging.WARNING):
        h = model.fit((b for b in [(x, y), (x, y)]), epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2 and h.history["loss"][1] == 0.0  # tf-keras: the empty epoch reads 0
    assert "(in this case, 4 batches)" in caplog.text


@numtf_only
def test_datasets():
    x, y = data()
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    h = model.fit(ds, epochs=2, validation_data=ds.take(1), verbose=0)
    assert h.params["steps"] == 4 and list(h.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert model.predict(ds, verbose=0).shape == (100, 3)
    assert len(model.evaluate(ds, verbose=0)) == 2
    h = model.fit(ds.repeat(), steps_per_epoch=3, epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2
    with pytest.raises(ValueError, match="When providing an infinite dataset, you must specify the number of steps"):
        model.fit(ds.repeat(), verbose=0)
    with pytest.raises(ValueError, match="`y` argument is not supported when using dataset as input."):
        model.fit(ds, y, verbose=0)
    with pytest.raises(ValueError, match="`sample_weight` argument is not supported when using dataset as input"):
        model.fit(ds, sample_weight=y, verbose=0)
    with pytest.raises(ValueError, match="`validation_split` is only supported for Tensors or NumPy arrays"):
        model.fit(ds, validation_split=0.2, verbose=0)


@numtf_only
def test_datasets_match_arrays():
    x, y = data()
    results = []
    for make in (lambda: (x, y), lambda: (tf.data.Dataset.from_tensor_slices((x, y)).batch(32),)):
        model = mlp()
        model.compile(tf.keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy")
        args = make()
        kwargs = {"batch_size": 32, "shuffle": False} if len(args) == 2 else {}
        results.append(model.fit(*args, epochs=2, verbose=0, **kwargs).history["loss"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)


def test_validation_freq_and_initial_epoch():
    x, y = data(20)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    h = model.fit(x, y, epochs=3, validation_data=(x, y), validation_freq=[1, 3], verbose=0)
    assert {k: len(v) for k, v in h.history.items()} == {"loss": 3, "val_loss": 2}
    h = model.fit(x, y, epochs=3, validation_data=(x, y), validation_freq=2, verbose=0)
    assert {k: len(v) for k, v in h.history.items()} == {"loss": 3, "val_loss": 1}
    h = model.fit(x, y, epochs=3, initial_epoch=1, verbose=0)
    assert h.epoch == [1, 2]
    assert model.fit(x, y, epochs=2, initial_epoch=2, verbose=0).history == {}


# -- traced and eager steps -----------------------------------------------------------------------
def test_traced_once_with_unknown_batch_dimension():
    shapes = []

    class M(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(3)

        def call(self, x, training=None):
            return self.d(x)

        def train_step(self, data):
            shapes.append(tuple(data[0].shape))
            return super().train_step(data)

    x, y = data(100)
    model = M()
    model.compile("adam", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)  # 32, 32, 32, 4: the last batch does not retrace
    traces = len(shapes)
    assert 1 <= traces <= 2 and set(shapes) == {(None, 4)}  # twice when the first trace creates variables (TF)
    model.train_on_batch(x[:5], y[:5])
    model.fit(x, y, epochs=1, batch_size=7, verbose=0)
    assert len(shapes) == traces


def test_eager_and_traced_training_agree_on_the_handbook_mlp():
    rng = np.random.RandomState(1)
    x = rng.rand(200, 28, 28, 1).astype("float32")
    y = rng.randint(0, 10, 200).astype("int32")
    results = []
    for eager in (False, True):
        tf.keras.utils.set_random_seed(3)
        model = Handbook()
        model.compile(tf.keras.optimizers.Adam(learning_rate=0.001), loss=tf.keras.losses.sparse_categorical_crossentropy,
                      metrics=[tf.keras.metrics.sparse_categorical_accuracy], run_eagerly=eager)
        h = model.fit(x, y, epochs=2, batch_size=50, shuffle=False, verbose=0)
        results.append((h.history, model.get_weights()))
    np.testing.assert_allclose(results[0][0]["loss"], results[1][0]["loss"], rtol=1e-4)
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_overridden_train_step_with_gradient_tape():
    class CustomModel(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(1, kernel_initializer="ones")

        def call(self, x, training=None):
            return self.d(x)

        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
            gradients = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
            self.compiled_metrics.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    rng = np.random.RandomState(0)
    x, y = rng.rand(64, 4).astype("float32"), rng.rand(64, 1).astype("float32")
    model = CustomModel()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    h = model.fit(x, y, epochs=3, verbose=0, shuffle=False)
    assert rounded(h) == {"loss": [2.6168, 2.59798, 2.57924], "mae": [1.47977, 1.47393, 1.46808]}


def test_handbook_model_without_training_argument_trains():
    rng = np.random.RandomState(0)
    x, y = rng.rand(60, 28, 28, 1).astype("float32"), rng.randint(0, 10, 60).astype("int32")
    model = Handbook()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001),
                  loss=tf.keras.losses.sparse_categorical_crossentropy,
                  metrics=[tf.keras.metrics.sparse_categorical_accuracy])
    h = model.fit(x, y, epochs=2, batch_size=20, verbose=0)
    assert list(h.history) == ["loss", "sparse_categorical_accuracy"]
    assert model.predict(x[:7], verbose=0).shape == (7, 10)


def test_mnist_smoke_mlp_reaches_90_percent():
    """A short version of the handbook's Keras pipeline: 500 MLP steps on 5,000 MNIST images."""
    home = os.environ.get("KERAS_HOME") or SHARED_KERAS_HOME
    with np.load(os.path.join(home, "datasets", "mnist.npz")) as f:
        x_train, y_train = f["x_train"][:5000], f["y_train"][:5000]
        x_test, y_test = f["x_test"], f["y_test"]
    x_train = np.expand_dims(x_train.astype(np.float32) / 255.0, -1)
    x_test = np.expand_dims(x_test.astype(np.float32) / 255.0, -1)
    tf.keras.utils.set_random_seed(0)
    model = Handbook()
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001),
                  loss=tf.keras.losses.sparse_categorical_crossentropy,
                  metrics=[tf.keras.metrics.sparse_categorical_accuracy])
    model.fit(x_train, y_train.astype(np.int32), epochs=5, batch_size=50, verbose=0)
    loss, accuracy = model.evaluate(x_test, y_test.astype(np.int32), verbose=0)
    assert accuracy > 0.9 and loss < 0.4


# -- progress output ------------------------------------------------------------------------------
BAR = r"\d+/\d+ \[=+\] - \d+s \d+(us|ms|s)/step"


@numtf_only
def test_progress_bar_off_a_terminal_is_one_line_per_epoch(capsys):
    x, y = data()
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=32, validation_split=0.2)
    out = capsys.readouterr().out
    assert "\r" not in out and "\b" not in out
    lines = out.splitlines()
    assert len(lines) == 4 and lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert re.fullmatch(r"3/3 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - "
                        r"accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}", lines[1])
    model.fit(x, y, epochs=1, batch_size=32)
    assert re.fullmatch(r"4/4 \[=+\] - .*accuracy: \d\.\d{4}\n", capsys.readouterr().out)  # no "Epoch 1/1"
    model.evaluate(x, y)
    assert re.fullmatch(BAR + r" - loss: \d\.\d{4} - accuracy: \d\.\d{4}\n", capsys.readouterr().out)
    model.predict(x)
    assert re.fullmatch(BAR + "\n", capsys.readouterr().out)


def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, y = data()
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=32, verbose=2, validation_split=0.2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert re.fullmatch(r"3/3 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - "
                        r"val_accuracy: \d\.\d{4} - \d+(us|ms|s)/epoch - \d+(us|ms|s)/step", lines[1])
    model.evaluate(x, y, verbose=2)
    assert re.fullmatch(r"4/4 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - \d+(us|ms|s)/epoch - "
                        r"\d+(us|ms|s)/step\n", capsys.readouterr().out)
    model.fit(x, y, epochs=1, verbose=0)
    model.evaluate(x, y, verbose=0)
    assert capsys.readouterr().out == ""


# -- bad input ------------------------------------------------------------------------------------
def test_fit_before_compile():
    x, y = data(10)
    model = mlp()
    for call in (lambda: model.fit(x, y, verbose=0), lambda: model.evaluate(x, y, verbose=0),
                 lambda: model.train_on_batch(x, y)):
        with pytest.raises(RuntimeError, match=re.escape("You must compile your model before training/testing. Use "
                                                         "`model.compile(optimizer, loss)`.")):
            call()


def test_data_cardinality_is_ambiguous():
    x, y = data(100)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="Data cardinality is ambiguous:\n  x sizes: 100\n  y sizes: 90\nMake sure "
                                         "all arrays contain the same number of samples."):
        model.fit(x, y[:90], verbose=0)
    with pytest.raises(ValueError, match="  x sizes: 100\n  y sizes: 100\n  sample_weight sizes: 50\n"):
        model.fit(x, y, sample_weight=np.ones(50), verbose=0)


def test_unknown_loss_and_metric_names():
    x, y = data(10)
    model = mlp()
    with pytest.raises(ValueError, match="Unknown loss function: 'foo'. Please ensure you are using a "
                                         "`keras.utils.custom_object_scope`"):
        model.compile("adam", "foo")  # numtf fails here; tf-keras in fit
        model.fit(x, y, verbose=0)
    with pytest.raises(ValueError, match="Unknown optimizer: 'foo'"):
        model.compile("foo", "mse")
    with pytest.raises(TypeError, match=re.escape("Invalid keyword argument(s) in `compile()`: ({'foo'},).")):
        model.compile("adam", "mse", foo=1)


@numtf_only
def test_unknown_metric_fails_in_the_first_step():
    model = mlp()
    model.compile("adam", "mse", metrics=["foo"])  # tf-keras accepts the name here
    with pytest.raises(TypeError, match="'str' object is not callable"):
        model.fit(*data(10), verbose=0)


def test_labels_that_do_not_fit_the_outputs():
    x, _ = data(20)
    model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
    model.compile("adam", "mse")
    with pytest.raises(ValueError) as e:
        model.fit(x, np.random.rand(20, 5), verbose=0)
    if NUMTF:
        assert "mean_squared_error" in str(e.value) and "(None, 5)" in str(e.value) and "(None, 3)" in str(e.value)
    model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
    model.compile("adam", "categorical_crossentropy")
    with pytest.raises(ValueError) as e:
        model.fit(x, np.random.randint(0, 3, 20), verbose=0)
    if NUMTF:
        assert "categorical_crossentropy" in str(e.value) and "(None, 3)" in str(e.value)


def test_missing_targets_and_missing_loss():
    x, y = data(10)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="Target data is missing. Your model was compiled with "
                                         "loss=sparse_categorical_crossentropy, and therefore expects target data to "
                                         "be provided in `fit\\(\\)`."):
        model.fit(x, verbose=0)
    model.compile("adam")
    with pytest.raises(ValueError, match="No loss found. You may have forgotten to provide a `loss` argument in the "
                                         "`compile\\(\\)` method."):
        model.fit(x, y, verbose=0)


def test_other_bad_arguments():
    x, y = data(10)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    cases = [
        (dict(x=x[:0], y=y[:0]), "Expected input data to be non-empty."),
        (dict(x=x, y=y, steps_per_epoch=0), "steps_per_epoch must be positive, None or -1. Received 0."),
        (dict(x=x, y=y, batch_size=0), "Expected batch_size to be positive. Received is 0."),
        (dict(x=x[:1], y=y[:1], validation_split=0.5),
         "Training data contains 1 samples, which is not sufficient to split it into a validation and training set "
         "as specified by `validation_split=0.5`."),
        (dict(x=x, y=y, class_weight={0: 1., 5: 2.}),
         "Expected `class_weight` to be a dict with keys from 0 to one less than the number of classes, found "),
        (dict(x=x, y=y, validation_data=(x, y, y, y)), "Data is expected to be in format `x`, `\\(x,\\)`, `\\(x, y\\)`, "
                                                       "or `\\(x, y, sample_weight\\)`, found: "),
        (dict(x="abc", y=y), "Failed to find data adapter that can handle input: <class 'str'>"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=message):
            model.fit(verbose=0, **kwargs)
    with pytest.raises(ValueError, match="Expected input data to be non-empty."):
        model.predict(x[:0], verbose=0)
    with pytest.raises(TypeError, match=re.escape("Invalid keyword arguments: ['foo']")):
        model.evaluate(x, y, verbose=0, foo=1)


@numtf_only
def test_class_weight_bad_labels_and_outputs():
    x, y = data(10)
    model = mlp()
    model.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="`class_weight` has no weight for class 5"):
        model.fit(x, np.full(10, 5), class_weight={0: 1., 1: 2., 2: 1.}, verbose=0)
    with pytest.raises(ValueError, match="which is not sufficient to split it into a validation and training set"):
        model.fit(x, y, validation_split=1.0, verbose=0)
    with pytest.raises(ValueError, match="Expected `validation_freq` to be a list or int."):
        model.fit(x, y, validation_data=(x, y), validation_freq="often", verbose=0)


def test_steps_per_execution_and_tensor_inputs():
    rng = np.random.RandomState(0)
    x, y = rng.rand(50, 4).astype("float32"), rng.rand(50, 1).astype("float32")
    batches = []

    class Rec(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batches.append(batch)

        def on_predict_batch_end(self, batch, logs=None):
            batches.append(("predict", batch, logs["outputs"].shape))

    model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(4,))])
    model.compile(tf.keras.optimizers.SGD(0.1), "mse", metrics=["mae"], steps_per_execution=3)
    h = model.fit(tf.constant(x), tf.constant(y), batch_size=8, epochs=2, verbose=0, shuffle=False, callbacks=[Rec()])
    assert np.round(h.history["loss"], 5).tolist() == [0.9019, 0.18772]  # as with steps_per_execution=1
    assert batches == [2, 5, 6, 2, 5, 6]
    batches.clear()
    assert model.predict(x, batch_size=8, verbose=0, callbacks=[Rec()]).shape == (50, 1)
    assert batches == [("predict", 2, (24, 1)), ("predict", 5, (24, 1)), ("predict", 6, (2, 1))]
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=8, verbose=0), [0.16287, 0.32043], atol=2e-5)


def test_fit_inside_tf_function_is_refused():
    model = mlp()
    model.compile("sgd", "mse")

    @tf.function
    def f(x):
        return model.predict(x)

    with pytest.raises(RuntimeError, match="Detected a call to `Model.predict` inside a `tf.function`."):
        f(tf.ones((2, 4)))


def test_subclass_constructor_arguments_never_make_a_functional_model():
    """Only (inputs, outputs) reaching Model.__init__ make a functional model: a subclass whose own
    constructor takes two or more positional arguments stays a subclassed model."""
    class Positional(tf.keras.Model):
        def __init__(self, units, depth, scale):
            super().__init__()
            self.dense = tf.keras.layers.Dense(units)
            self.depth, self.scale = depth, scale

        def call(self, x):
            return self.dense(x) * self.scale

    model = Positional(3, 2, 0.5)
    assert type(model) is Positional and model.depth == 2
    assert model(np.ones((2, 4), np.float32)).shape == (2, 3)

    class WithGraph(tf.keras.Model):  # a subclass handing (inputs, outputs) on becomes functional
        def __init__(self, units, extra):
            inputs = tf.keras.Input((4,))
            super().__init__(inputs, tf.keras.layers.Dense(units)(inputs))
            self.extra = extra

    model = WithGraph(5, "kept")
    assert isinstance(model, WithGraph) and model.extra == "kept" and len(model.layers) == 2
    assert model(np.ones((2, 4), np.float32)).shape == (2, 5)
