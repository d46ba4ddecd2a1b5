"""Differences between numtf and tf-keras 2.21 found by running the same training programs under
both (fit/evaluate arguments, compiled metric names, output names, summary tables, metric
tracking). Expected values come from tf-keras 2.21. The module also runs against tf-keras
(NUMTF_TEST_AGAINST=tensorflow)."""
import importlib
import logging
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
AGAINST_TF = tf.__name__ != "numtf"

_R = np.random.RandomState(0)
X = _R.randn(16, 4).astype("float32")
Y = (X.sum(1, keepdims=True) * 0.5).astype("float32")


def _dense_model(units=1, activation=None):
    return tf.keras.Sequential([tf.keras.layers.Dense(units, activation=activation, input_shape=(4,))])


def _summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda line, *a, **k: lines.append(line), **kwargs)
    return lines


# -- compile: metrics named by strings ------------------------------------------------------------
def test_string_metrics_tf_keras_resolves_without_exporting_them():
    model = _dense_model(3, "softmax")
    y = np.eye(3, dtype="float32")[np.arange(16) % 3]
    model.compile("sgd", "categorical_crossentropy", metrics=["cosine_similarity", "categorical_hinge"])
    history = model.fit(X, y, epochs=1, verbose=0)
    assert sorted(history.history) == ["categorical_hinge", "cosine_similarity", "loss"]
    assert tf.keras.metrics.get("cosine_similarity").__name__ == "cosine_similarity"


def test_metrics_named_by_strings_do_not_take_the_global_name_counter():
    tf.keras.metrics.AUC()  # 'auc' taken eagerly
    y = (X[:, :1] > 0).astype("float32")
    names = []
    for _ in range(2):
        model = _dense_model(1, "sigmoid")
        model.compile("sgd", "binary_crossentropy", metrics=["AUC", "Precision"])
        model.fit(X, y, epochs=1, verbose=0)
        names.append(model.metrics_names)
    assert names == [["loss", "auc", "precision"]] * 2


# -- output names -------------------------------------------------------------------------------
def test_functional_input_and_output_names():
    inp = tf.keras.Input((4,), name="inp")
    model = tf.keras.Model(inp, {"b": tf.keras.layers.Dense(1, name="zz")(inp),
                                 "a": tf.keras.layers.Dense(3, name="yy")(inp)})
    assert model.output_names == ["yy", "zz"] and model.input_names == ["inp"]
    seq = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,), name="d")])
    assert seq.output_names == ["d"] and seq.input_names == ["d_input"]
    assert tf.keras.Sequential([tf.keras.layers.Dense(1)]).output_names is None

    class Sub(tf.keras.Model):
        def call(self, x):
            return x

    assert Sub().output_names is None


def test_dict_output_losses_and_metrics_are_named_after_the_output_layers():
    inp = tf.keras.Input((4,))
    hidden = tf.keras.layers.Dense(5)(inp)
    model = tf.keras.Model(inp, {"b": tf.keras.layers.Dense(1, name="r")(hidden),
                                 "a": tf.keras.layers.Dense(3, activation="softmax", name="c")(hidden)})
    model.compile("sgd", loss={"a": "sparse_categorical_crossentropy", "b": "mse"},
                  metrics={"a": "acc", "b": "mae"})
    history = model.fit(X, {"a": np.arange(16) % 3, "b": Y}, epochs=1, verbose=0)
    assert list(history.history) == ["loss", "c_loss", "r_loss", "c_acc", "r_mae"]


# -- fit / evaluate arguments -------------------------------------------------------------------
@pytest.mark.parametrize("epochs", [0, -1])
def test_fit_needs_a_positive_number_of_epochs(epochs):
    model = _dense_model()
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="Expected epochs to be positive"):
        model.fit(X, Y, epochs=epochs, verbose=0)


@pytest.mark.skipif(AGAINST_TF, reason="tf-keras logs through absl")
def test_evaluate_warns_about_sample_weights_without_weighted_metrics(caplog):
    sw = np.ones(16, "float32")
    message = "received a value for `sample_weight`, but `weighted_metrics` were not provided"
    for compile_kwargs, warns in [({}, True), ({"metrics": ["mae"]}, True),
                                  ({"metrics": ["mae"], "weighted_metrics": []}, False),
                                  ({"weighted_metrics": ["mae"]}, False)]:
        model = _dense_model()
        model.compile("sgd", "mse", **compile_kwargs)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            model.fit(X, Y, sample_weight=sw, epochs=1, verbose=0)  # training alone: no warning
            model.test_on_batch(X, Y, sample_weight=sw)
            assert message not in caplog.text
            model.evaluate(X, Y, sample_weight=sw, verbose=0)
            model.evaluate(tf.data.Dataset.from_tensor_slices((X, Y, sw)).batch(4), verbose=0)
            model.fit(X, Y, sample_weight=sw, validation_split=0.5, epochs=2, verbose=0)  # once per validation
        assert caplog.text.count(message) == (4 if warns else 0)


# -- metrics held as attributes -----------------------------------------------------------------
class _Tracked(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.seen = tf.keras.metrics.Mean(name="seen")
        self.dense = tf.keras.layers.Dense(1)

    def call(self, x):
        self.seen.update_state(tf.reduce_mean(x))
        return self.dense(x)


class _CustomModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.block = _Tracked()
        self.loss_tracker = tf.keras.metrics.Mean(name="my_loss")
        self.counters = [tf.keras.metrics.Sum(name="steps")]

    def call(self, x):
        return self.block(x)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self(x) - y))
        self.optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.counters[0].update_state(1.0)
        return {"my_loss": self.loss_tracker.result(), "steps": self.counters[0].result()}


def test_metric_attributes_are_model_metrics_not_layers():
    model = _CustomModel()
    model(X[:1])
    assert [layer.name for layer in model.layers] == [model.block.name]
    assert [m.name for m in model.metrics] == ["my_loss", "steps", "seen"]
    assert [m.name for m in model.block.metrics] == ["seen"]
    # a layer's metric variables are not its weights; a model's own metrics' are
    assert len(model.block.weights) == 2
    assert len(model.weights) == 2 + 2 + 1
    lines = _summary(model)
    assert lines[4].startswith(f" {model.block.name} (") and sum("multiple" in line for line in lines) == 1


def test_metric_attributes_are_reset_every_epoch():
    model = _CustomModel()
    model.compile(tf.keras.optimizers.SGD(0.1))
    history = model.fit(X, Y, batch_size=4, epochs=2, verbose=0)
    assert history.history["steps"] == [4.0, 4.0]
    model.reset_metrics()
    assert float(model.block.seen.result()) == 0.0


# -- summary --------------------------------------------------------------------------------------
def test_summary_show_trainable_and_connection_wrapping():
    inp = tf.keras.Input((4,), name="inp")
    a = tf.keras.layers.Dense(5, name="a")(inp)
    b = tf.keras.layers.Dense(5, name="b", trainable=False)(inp)
    c = tf.keras.layers.Add(name="add")([a, b])
    model = tf.keras.Model(inp, tf.keras.layers.Dense(1, name="batch_normalization_like")(c), name="func")
    lines = _summary(model, show_trainable=True)
    assert [len(line) for line in lines[1:17]] == [109] * 16
    assert [line.rstrip() for line in lines] == [
        'Model: "func"',
        "_" * 109,
        " Layer (type)                Output Shape                 Param #   Connected to                  Trainable",
        "=" * 109,
        " inp (InputLayer)            [(None, 4)]                  0         []                            Y",
        "",
        " a (Dense)                   (None, 5)                    25        ['inp[0][0]']                 Y",
        "",
        " b (Dense)                   (None, 5)                    25        ['inp[0][0]']                 N",
        "",
        " add (Add)                   (None, 5)                    0         ['a[0][0]',                   Y",
        "                                                                     'b[0][0]']",
        "",
        " batch_normalization_like (  (None, 1)                    6         ['add[0][0]']                 Y",
        " Dense)",
        "",
        "=" * 109,
        "Total params: 56 (224.00 Byte)",
        "Trainable params: 31 (124.00 Byte)",
        "Non-trainable params: 25 (100.00 Byte)",
        "_" * 109]


def test_summary_columns_keep_three_characters_free():
    inp = tf.keras.Input((4, 5, 6, 7, 8, 9, 10, 11, 12), name="i")
    model = tf.keras.Model(inp, [tf.keras.layers.Dense(1, name="o")(inp), inp])
    rows = [line.rstrip() for line in _summary(model)[4:9]]
    assert rows == [" i (InputLayer)              [(None, 4, 5, 6, 7, 8,    0",
                    "                             9, 10, 11, 12)]",
                    "",
                    " o (Dense)                   (None, 4, 5, 6, 7, 8, 9   13",
                    "                             , 10, 11, 1)"]


def test_summary_expand_nested():
    inner = tf.keras.Sequential([tf.keras.layers.Dense(4, name="i1"), tf.keras.layers.Dense(1, name="i2")],
                                name="inner")
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,), name="d0"), inner], name="outer")
    lines = _summary(model, expand_nested=True)
    assert lines[4:12] == [
        " d0 (Dense)                  (None, 2)                 8         ",
        " " * 65,
        " inner (Sequential)          (None, 1)                 17        ",
        "|" + "\u00af" * 63 + "|",
        "| i1 (Dense)                 (None, 4)                 12       |",
        "|" + " " * 63 + "|",
        "| i2 (Dense)                 (None, 1)                 5        |",
        "\u00af" * 65]
    assert lines[12] == "=" * 65


def _deferred():
    model = tf.keras.Sequential([tf.keras.layers.Dense(2), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


def test_steps_trace_with_the_batch_size_when_every_batch_is_full():
    # tf-keras's dataset of the arrays has a static batch size exactly then: a deferred
    # Sequential built in fit reports it
    x, y = np.ones((8, 4), np.float32), np.ones((8, 1), np.float32)
    model = _deferred()
    model.fit(x, y, batch_size=4, verbose=0)
    assert model.input_shape == (4, 4) and model.layers[0].output_shape == (4, 2)
    model = _deferred()
    model.fit(np.ones((10, 4), np.float32), np.ones((10, 1), np.float32), batch_size=4, verbose=0)
    assert model.input_shape == (None, 4)
    model = _deferred()
    data = tf.data.Dataset.from_tensor_slices((np.ones((10, 4), np.float32), np.ones((10, 1), np.float32)))
    model.fit(data.batch(3, drop_remainder=True), verbose=0)
    assert model.input_shape == (3, 4)
    model = _deferred()
    model.fit(data.batch(3), verbose=0)
    assert model.input_shape == (None, 4)
