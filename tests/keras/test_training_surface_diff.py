"""Differences between numtf and tf-keras 2.21 in what users see of training: summary tables
(nested rows, layer_range), a subclassed model's build(), dict inputs, ModelCheckpoint into a
directory, the HDF5 legacy warning, and compile() fixing the layers' trainable flags. Expected
values are tf-keras 2.21's. The module also runs against tf-keras (NUMTF_TEST_AGAINST=tensorflow
with TF_USE_LEGACY_KERAS=1)."""
import importlib
import os
import warnings

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))

_R = np.random.RandomState(0)
X = _R.rand(8, 3).astype("float32")
Y = np.ones((8, 1), "float32")


def _summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda line, *a, **k: lines.append(line), **kwargs)
    return lines


# -- summary ----------------------------------------------------------------------------------------
def test_nested_rows_give_the_bars_room_in_the_name_column():
    inner = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(2,),
                                                       name="a_really_long_layer_name_for_testing_wraps")],
                                name="inner")
    mid = tf.keras.Sequential([inner, tf.keras.layers.Dense(2, name="d")], name="mid")
    bar = "\u00af"
    assert _summary(mid, expand_nested=True, line_length=50) == [
        'Model: "mid"', "_" * 50, " Layer (type)         Output Shape        Param # ", "=" * 50,
        " inner (Sequential)   (None, 3)           9       ",
        "|" + bar * 48 + "|",
        "| a_really_long_laye  (None, 3)           9      |",
        "| r_name_for_testing                             |",
        "| _wraps (Dense)                                 |",
        bar * 50,
        " d (Dense)            (None, 2)           8       ", " " * 50, "=" * 50,
        "Total params: 17 (68.00 Byte)", "Trainable params: 17 (68.00 Byte)", "Non-trainable params: 0 (0.00 Byte)",
        "_" * 50]


def _conv_model():
    return tf.keras.Sequential([tf.keras.Input((5, 4)), tf.keras.layers.Conv1D(3, 2, name="conv"),
                                tf.keras.layers.Flatten(name="flat"), tf.keras.layers.Dense(2, name="dense_a"),
                                tf.keras.layers.Dense(2, name="dense_b")], name="s")


def _range_table(rows):
    blank = " " * 65
    body = []
    for row in rows:
        body += [row, blank]
    return ['Model: "s"', "_" * 65, " Layer (type)                Output Shape              Param #   ", "=" * 65,
            *body, "=" * 65, "Total params: 59 (236.00 Byte)", "Trainable params: 59 (236.00 Byte)",
            "Non-trainable params: 0 (0.00 Byte)", "_" * 65]


def test_summary_layer_range_prints_only_that_slice():
    s = _conv_model()
    conv = " conv (Conv1D)               (None, 4, 3)              27        "
    flat = " flat (Flatten)              (None, 12)                0         "
    # the ends may come in either order; the totals still count the whole model
    assert _summary(s, layer_range=["flat", "conv"]) == _range_table([conv, flat])
    # patterns: from the first match of the first to the last match of the second
    assert _summary(s, layer_range=("dense.*", "dense.*")) == _range_table([
        " dense_a (Dense)             (None, 2)                 26        ",
        " dense_b (Dense)             (None, 2)                 6         "])


def test_summary_layer_range_errors():
    s = _conv_model()
    with pytest.raises(ValueError) as e:
        s.summary(layer_range=("conv", "flat", "dense_a"))
    assert str(e.value) == ("layer_range must be a list or tuple of length 2. Received: layer_range = "
                            "('conv', 'flat', 'dense_a') of length 3")
    with pytest.raises(ValueError) as e:
        s.summary(layer_range=(".*", "zz"))
    assert str(e.value) == "Passed layer_names do not match the layer names in the model. Received: ('.*', 'zz')"


# -- a subclassed model's build() ---------------------------------------------------------------------
class _TwoDense(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(4)
        self.d2 = tf.keras.layers.Dense(1)
        self.calls = []

    def call(self, x, training=None):
        self.calls.append(training)
        return self.d2(self.d1(x))


def test_subclassed_build_creates_the_layers_weights():
    m = _TwoDense()
    m.build((None, 3))
    assert m.built and m.calls == [None]
    assert [tuple(w.shape) for w in m.weights] == [(3, 4), (4,), (4, 1), (1,)]
    lines = _summary(m)
    assert lines[4].split()[-2:] == ["multiple", "16"]  # (the layer's name depends on the test order)
    assert lines[-4] == "Total params: 21 (84.00 Byte)"
    assert m(np.ones((2, 3), "float32")).shape == (2, 1)
    assert m.calls == [None, None]  # the real call runs once, with no second build


def test_subclassed_build_errors_and_structures():
    with pytest.raises(ValueError) as e:
        _TwoDense().build(None)
    assert str(e.value) == "Input shape must be defined when calling `build()` on a `Model` subclass."

    class Pair(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(4)

        def call(self, x):
            return self.d(x[0] + x[1])

    p = Pair()
    p.build([(None, 3), (None, 3)])
    assert [tuple(w.shape) for w in p.weights] == [(3, 4), (4,)]

    class Scaled(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(4)

        def build(self, input_shape):
            self.w = self.add_weight(name="w", shape=(1,))
            super().build(input_shape)

        def call(self, x):
            return self.d(x) * self.w

    s = Scaled()
    s.build((None, 2))
    assert [w.name.split("/")[-1] for w in s.weights] == ["kernel:0", "bias:0", "w:0"]


# -- dict inputs -------------------------------------------------------------------------------------
def test_sequential_takes_a_dict_keyed_by_its_input_name():
    s = tf.keras.Sequential([tf.keras.Input((3,), name="inp"), tf.keras.layers.Dense(2, kernel_initializer="ones")])
    np.testing.assert_allclose(s({"inp": X}).numpy(), s(X).numpy())
    s.compile("sgd", "mse")
    assert s.predict({"inp": X}, verbose=0).shape == (8, 2)
    with pytest.raises(ValueError) as e:
        s({"zz": X})
    assert str(e.value) == ('Missing data for input "inp". You passed a data dictionary with keys [\'zz\']. '
                            "Expected the following keys: ['inp']")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        s({"inp": X, "zz": X})
    assert [str(x.message) for x in w if x.category is UserWarning] == [
        "Input dict contained keys ['zz'] which did not match any model input. They will be ignored by the model."]


def test_functional_dict_missing_key_and_input_count():
    i1, i2 = tf.keras.Input((3,), name="p"), tf.keras.Input((3,), name="q")
    g = tf.keras.Model([i1, i2], tf.keras.layers.Add()([i1, i2]))
    with pytest.raises(ValueError) as e:
        g({"r": X, "p": X})
    assert str(e.value) == ('Missing data for input "q". You passed a data dictionary with keys [\'r\', \'p\']. '
                            "Expected the following keys: ['p', 'q']")
    h = tf.keras.Model({"b": i2, "a": i1}, tf.keras.layers.Add()([i1, i2]))
    with pytest.raises(ValueError) as e:
        h({"p": X, "q": X})
    assert str(e.value).startswith('Missing data for input "a".')
    assert str(e.value).endswith("Expected the following keys: ['a', 'b']")
    with pytest.raises(ValueError) as e:
        g.predict([X, X, X], verbose=0)
    assert 'Layer "model' in str(e.value) and "expects 2 input(s), but it received 3 input tensors" in str(e.value)
    assert "Exception encountered when calling layer" not in str(e.value)


# -- ModelCheckpoint and saving ------------------------------------------------------------------------
def _compiled_dense():
    m = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    m.compile("sgd", "mse")
    return m


def test_checkpoint_prefix_may_be_an_existing_directory(tmp_path, capsys):
    os.makedirs(tmp_path / "a")
    os.makedirs(tmp_path / "b.weights.h5")
    m = _compiled_dense()
    m.fit(X, Y, verbose=0, callbacks=[tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "a"),
                                                                         save_weights_only=True, verbose=1)])
    assert f"Epoch 1: saving model to {tmp_path / 'a'}" in capsys.readouterr().out
    target = str(tmp_path / "b.weights.h5")
    with pytest.raises(IOError) as e:
        m.fit(X, Y, verbose=0, callbacks=[tf.keras.callbacks.ModelCheckpoint(target, save_weights_only=True,
                                                                             verbose=1)])
    assert str(e.value) == ("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                            f"existing directory: {target}")
    assert f"Epoch 1: saving model to {target}" in capsys.readouterr().out  # printed before the failure


def test_saving_an_h5_model_warns_that_the_format_is_legacy(tmp_path):
    m = _compiled_dense()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            m.save(str(tmp_path / "m.h5"))
        except ImportError as e:  # no h5py (numtf needs only NumPy): the warning comes first all the same
            assert "h5py is required" in str(e)
    assert ("You are saving your model as an HDF5 file via `model.save()`. This file format is considered legacy. "
            "We recommend using instead the native TF-Keras format, e.g. `model.save('my_model.keras')`.") in \
        [str(x.message) for x in w]


# -- compile() fixes the trainable flags --------------------------------------------------------------
def _frozen_case(order):
    base = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,), kernel_initializer="ones"),
                                tf.keras.layers.BatchNormalization()], name="base")
    m = tf.keras.Sequential([base, tf.keras.layers.Dense(1, kernel_initializer="ones")])
    if order == "freeze_then_compile":
        base.trainable = False
        m.compile("sgd", "mse")
    else:
        m.compile("sgd", "mse")
        base.trainable = False
    return base, m


def _changed(before, variables):
    # the Dense bias is left out: batch norm right after it makes its gradient (almost) zero
    return [not np.allclose(a, v.numpy()) for i, (a, v) in enumerate(zip(before, variables)) if i != 1]


def test_trainable_set_after_compile_waits_for_the_next_compile():
    seen = []

    class Seen(tf.keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append((self.model.layers[0].trainable, len(self.model.trainable_weights)))

    base, m = _frozen_case("compile_then_freeze")
    w0 = [v.numpy().copy() for v in base.weights]
    m.fit(X, Y, batch_size=8, verbose=0, callbacks=[Seen()])
    assert seen == [(True, 6)]  # inside fit the layers are as they were compiled
    assert _changed(w0, base.weights) == [True] * 5  # trained, batch norm in training mode
    assert base.trainable is False and len(m.trainable_weights) == 2  # and back afterwards
    w0 = [v.numpy().copy() for v in base.weights]
    m.train_on_batch(X, Y)
    assert _changed(w0, base.weights) == [True] * 5
    m.compile("sgd", "mse")  # now the freeze counts
    w0 = [v.numpy().copy() for v in base.weights]
    m.fit(X, Y, batch_size=8, verbose=0)
    assert _changed(w0, base.weights) == [False] * 5


def test_trainable_cleared_after_compile_still_frozen():
    base, m = _frozen_case("freeze_then_compile")
    base.trainable = True
    w0 = [v.numpy().copy() for v in base.weights]
    m.fit(X, Y, batch_size=8, verbose=0)
    assert _changed(w0, base.weights) == [False] * 5
    assert base.trainable is True


# -- tf.keras.utils.Progbar used directly ---------------------------------------------------------------
def _masked(text):
    import re
    return re.sub(r"\d+(s|ms|us)/", "T/", text)


def test_progbar_verbose_2_prints_one_finished_line(capsys):
    bar = tf.keras.utils.Progbar(4, verbose=2)
    for i in range(4):
        bar.add(1, values=[("loss", 0.5 * i)])
    assert _masked(capsys.readouterr().out) == "4/4 - 0s - loss: 0.7500 - T/epoch - T/step\n"


def test_progbar_time_per_unit_uses_unit_name(capsys):
    bar = tf.keras.utils.Progbar(3, unit_name="sample", width=10)
    for i in range(3):
        bar.update(i + 1)
    assert _masked(capsys.readouterr().out.split("\r")[-1]).endswith("3/3 [==========] - 0s T/sample\n")
