"""tf.keras.callbacks: hook order, History, ProgbarLogger, EarlyStopping, ModelCheckpoint,
LearningRateScheduler, ReduceLROnPlateau, TerminateOnNaN, CSVLogger, LambdaCallback,
BackupAndRestore, TensorBoard. Expected values come from tf-keras 2.21: run with
NUMTF_TEST_AGAINST=tensorflow (TF_USE_LEGACY_KERAS=1) under the TF venv to check them again."""
import contextlib
import importlib
import importlib.util
import io
import logging
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
NUMTF = tf.__name__ == "numtf"
# weight files: HDF5 when h5py is installed (as tf-keras writes them), else numtf's own .npz format
W = ".weights.h5" if importlib.util.find_spec("h5py") is not None else ".weights.npz"
numtf_only = pytest.mark.skipif(not NUMTF, reason="numtf behaviour that differs from tf-keras by design")
HOOKS = ["on_batch_begin", "on_batch_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
         "on_train_batch_end", "on_test_batch_begin", "on_test_batch_end", "on_predict_batch_begin",
         "on_predict_batch_end", "on_train_begin", "on_train_end", "on_test_begin", "on_test_end", "on_predict_begin",
         "on_predict_end"]


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def data(n=32):
    rng = np.random.RandomState(0)
    return rng.rand(n, 4).astype("float32"), rng.rand(n, 1).astype("float32")


def make(lr=0.1, optimizer="sgd"):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(4,))])
    opt = tf.keras.optimizers.SGD(lr) if optimizer == "sgd" else tf.keras.optimizers.Adam(lr)
    model.compile(opt, "mse", metrics=["mae"])
    return model


def rounded(history):
    return {k: np.round(np.asarray(v, dtype=np.float64), 5).tolist() for k, v in history.history.items()}


def captured(fn):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn()
    return result, out.getvalue()


class Recorder(tf.keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []


def _recording_hook(name):
    def hook(self, *args, **kwargs):
        logs = args[-1] if args else kwargs.get("logs")
        self.calls.append((name,) + tuple(args[:-1]) + (tuple(sorted(logs)) if isinstance(logs, dict) else logs,))
    return hook


for _name in HOOKS:
    setattr(Recorder, _name, _recording_hook(_name))


# -- hooks and logs -------------------------------------------------------------------------------
def test_hook_order_in_fit_evaluate_predict():
    x, y = data(10)
    model = make()
    rec = Recorder()
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x, y), validation_batch_size=5, callbacks=[rec],
              verbose=0)
    assert rec.params == {"verbose": 0, "epochs": 2, "steps": 3}
    train = [("on_train_batch_begin", i, ()) for i in range(3)]
    epoch = []
    for i in range(3):
        epoch += [("on_train_batch_begin", i, ()), ("on_train_batch_end", i, ("loss", "mae"))]
    test = [("on_test_begin", ()), ("on_test_batch_begin", 0, ()), ("on_test_batch_end", 0, ("loss", "mae")),
            ("on_test_batch_begin", 1, ()), ("on_test_batch_end", 1, ("loss", "mae")), ("on_test_end", ("loss", "mae"))]
    expected = [("on_train_begin", ())]
    for e in range(2):
        expected += [("on_epoch_begin", e, ())] + epoch + test + [
            ("on_epoch_end", e, ("loss", "mae", "val_loss", "val_mae"))]
    expected += [("on_train_end", ("loss", "mae", "val_loss", "val_mae"))]
    assert rec.calls == expected and train
    rec.calls.clear()
    model.evaluate(x, y, batch_size=6, callbacks=[rec], verbose=0)
    assert rec.params == {"verbose": 0, "epochs": 1, "steps": 2}
    model.predict(x, batch_size=6, callbacks=[rec], verbose=0)
    assert rec.calls == test + [("on_predict_begin", ()), ("on_predict_batch_begin", 0, ()),
                                ("on_predict_batch_end", 0, ("outputs",)), ("on_predict_batch_begin", 1, ()),
                                ("on_predict_batch_end", 1, ("outputs",)), ("on_predict_end", ())]


def test_logs_are_python_floats_and_history():
    x, y = data(10)
    model = make()
    seen = []

    class Types(tf.keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(("epoch", epoch, {k: type(v).__name__ for k, v in logs.items()}))

        def on_train_batch_end(self, batch, logs=None):
            seen.append(("batch", batch, {k: type(v).__name__ for k, v in logs.items()}))

    history = model.fit(x, y, batch_size=8, epochs=1, callbacks=[Types()], verbose=0)
    floats = {"loss": "float", "mae": "float"}
    assert seen == [("batch", 0, floats), ("batch", 1, floats), ("epoch", 0, floats)]
    assert isinstance(history, tf.keras.callbacks.History) and model.history is history
    assert history.params == {"verbose": 0, "epochs": 1, "steps": 2} and history.epoch == [0]
    assert isinstance(history.history, dict) and isinstance(history.history["loss"][0], float)


def test_lambda_callback():
    x, y = data()
    events = []
    model = make()
    model.fit(x, y, epochs=2, verbose=0, batch_size=16, callbacks=[tf.keras.callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: events.append(("e", e, sorted(logs))),
        on_batch_end=lambda b, logs: events.append(("b", b)),
        on_train_begin=lambda logs: events.append("begin"), on_train_end=lambda logs: events.append("end"))])
    assert events == ["begin", ("b", 0), ("b", 1), ("e", 0, ["loss", "mae"]), ("b", 0), ("b", 1),
                      ("e", 1, ["loss", "mae"]), "end"]


def test_progbar_logger_count_mode():
    with pytest.raises(ValueError, match="Unknown `count_mode`: foo."):
        tf.keras.callbacks.ProgbarLogger(count_mode="foo")


# -- learning rate --------------------------------------------------------------------------------
def test_learning_rate_scheduler():
    x, y = data()
    model = make()
    history, out = captured(lambda: model.fit(x, y, epochs=3, verbose=0, shuffle=False, callbacks=[
        tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5, verbose=1)]))
    assert rounded(history) == {"loss": [2.61493, 1.75114, 1.46167], "mae": [1.45782, 1.16581, 1.05385],
                                "lr": [0.05, 0.025, 0.0125]}
    assert history.history["lr"][0] == np.float32(0.05)  # the variable's float32 value, as tf-keras logs it
    assert out == ("\nEpoch 1: LearningRateScheduler setting learning rate to 0.05000000074505806.\n"
                   "\nEpoch 2: LearningRateScheduler setting learning rate to 0.02500000037252903.\n"
                   "\nEpoch 3: LearningRateScheduler setting learning rate to 0.012500000186264515.\n")
    model = make()
    history = model.fit(x, y, epochs=3, verbose=0, shuffle=False, callbacks=[
        tf.keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))])  # the one-argument form
    assert rounded(history)["loss"] == [2.61493, 2.4265, 2.08693]
    with pytest.raises(ValueError, match='The output of the "schedule" function should be float. Got: 1'):
        make().fit(x, y, verbose=0, callbacks=[tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1)])


def test_reduce_lr_on_plateau():
    x, y = data()
    model = make(lr=0.6)
    cb = tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, verbose=1, cooldown=1,
                                              min_lr=0.1)
    history, out = captured(lambda: model.fit(x, y, epochs=8, verbose=0, shuffle=False, batch_size=32,
                                              callbacks=[cb]))
    assert rounded(history) == {
        "loss": [2.61493, 5.17514, 10.57246, 0.7335, 0.28758, 0.21717, 0.20337, 0.19819],
        "mae": [1.45782, 2.25848, 3.12335, 0.77005, 0.43667, 0.37987, 0.36878, 0.36441],
        "lr": [0.6, 0.6, 0.3, 0.15, 0.15, 0.15, 0.15, 0.15]}
    assert out == ("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.30000001192092896.\n"
                   "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.15000000596046448.\n")
    with pytest.raises(ValueError, match="ReduceLROnPlateau does not support a factor >= 1.0. Got 1.5"):
        tf.keras.callbacks.ReduceLROnPlateau(factor=1.5)


# -- early stopping -------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs,epochs,stopped,best,message", [
    (dict(monitor="loss", patience=1), 2, 1, 0, ""),
    (dict(monitor="loss", patience=2, restore_best_weights=True, verbose=1), 3, 2, 0,
     "Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 1.\n"),
    (dict(monitor="loss", patience=0, baseline=0.0001), 2, 1, 0, ""),
    (dict(monitor="loss", patience=1, start_from_epoch=3, min_delta=10), 5, 4, 3, ""),
])
def test_early_stopping(kwargs, epochs, stopped, best, message):
    x, y = data()
    model = make(lr=0.6)  # diverges: the loss grows every epoch
    initial = model.get_weights()
    cb = tf.keras.callbacks.EarlyStopping(**kwargs)
    history, out = captured(lambda: model.fit(x, y, epochs=10, verbose=0, shuffle=False, batch_size=32,
                                              callbacks=[cb]))
    assert len(history.history["loss"]) == epochs and cb.stopped_epoch == stopped and cb.best_epoch == best
    assert out == message
    if kwargs.get("restore_best_weights"):
        # the weights after the first epoch: one SGD step from `initial`
        assert not np.allclose(model.get_weights()[0], initial[0])
        np.testing.assert_allclose(model.get_weights()[0].ravel(), [-0.0224, 0.0351, -0.0011, 0.045], atol=1e-4)


def test_early_stopping_on_validation_accuracy_and_missing_monitor(caplog):
    cb = tf.keras.callbacks.EarlyStopping(monitor="val_accuracy")
    assert cb.monitor_op is np.greater
    assert tf.keras.callbacks.EarlyStopping(monitor="val_loss", mode="max").monitor_op is np.greater
    x, y = data()
    model = make()
    with caplog.at_level(logging.WARNING):
        history = model.fit(x, y, epochs=2, verbose=0, callbacks=[tf.keras.callbacks.EarlyStopping()])
    assert len(history.history["loss"]) == 2
    assert "Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss,mae" \
        in caplog.text


# -- files ----------------------------------------------------------------------------------------
def test_csv_logger(tmp_path):
    x, y = data()
    path = str(tmp_path / "log.csv")
    model = make()
    model.fit(x, y, epochs=2, verbose=0, shuffle=False, validation_data=(x, y),
              callbacks=[tf.keras.callbacks.CSVLogger(path)])
    model.fit(x, y, epochs=1, verbose=0, shuffle=False, callbacks=[tf.keras.callbacks.CSVLogger(path, append=True,
                                                                                               separator=";")])
    with open(path, newline="") as f:
        assert f.read() == ("epoch,loss,mae,val_loss,val_mae\r\n"
                            "0,2.6149253845214844,1.4578197002410889,1.0832023620605469,0.8929357528686523\r\n"
                            "1,1.0832023620605469,0.8929357528686523,0.5441471338272095,0.6200900673866272\r\n"
                            "0;0.5441471338272095;0.6200900673866272;NA;NA\r\n")


def test_terminate_on_nan():
    x, y = data()
    model = make(lr=1e30)
    history, out = captured(lambda: model.fit(x * 1e20, y, epochs=3, verbose=0, shuffle=False, batch_size=8,
                                              callbacks=[tf.keras.callbacks.TerminateOnNaN()]))
    assert len(history.history["loss"]) == 1 and out == "Batch 0: Invalid loss, terminating training\n"


def test_model_checkpoint_save_best_only(tmp_path):
    x, y = data()
    model = make(lr=0.6)
    pattern = str(tmp_path / ("w-{epoch:02d}-{loss:.3f}" + W))
    cb = tf.keras.callbacks.ModelCheckpoint(pattern, monitor="loss", save_best_only=True, save_weights_only=True,
                                            verbose=1)
    _, out = captured(lambda: model.fit(x, y, epochs=4, verbose=0, shuffle=False, batch_size=32, callbacks=[cb]))
    assert sorted(os.listdir(tmp_path)) == ["w-01-2.615" + W]
    assert out.replace(str(tmp_path), "D") == (
        f"\nEpoch 1: loss improved from inf to 2.61493, saving model to D/w-01-2.615{W}\n"
        "\nEpoch 2: loss did not improve from 2.61493\n\nEpoch 3: loss did not improve from 2.61493\n"
        "\nEpoch 4: loss did not improve from 2.61493\n")
    best = make()
    best.load_weights(str(tmp_path / ("w-01-2.615" + W)))
    assert best.evaluate(x, y, verbose=0)[0] == pytest.approx(5.17514, rel=1e-4)  # the weights after epoch 1


def test_model_checkpoint_batches_and_bad_templates(tmp_path):
    x, y = data()
    model = make()
    model.fit(x, y, epochs=2, verbose=0, shuffle=False, batch_size=8, callbacks=[
        tf.keras.callbacks.ModelCheckpoint(str(tmp_path / ("b-{epoch}-{batch}" + W)), save_weights_only=True,
                                           save_freq=3)])
    assert sorted(os.listdir(tmp_path)) == ["b-1-3" + W, "b-2-2" + W]
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[tf.keras.callbacks.ModelCheckpoint(
            str(tmp_path / ("x-{foo}" + W)), save_weights_only=True)])
    with pytest.raises(ValueError, match='Unrecognized save_freq: often. Expected save_freq are "epoch" or integer'):
        tf.keras.callbacks.ModelCheckpoint("x.weights.h5", save_freq="often")


def test_model_checkpoint_whole_model(tmp_path):
    x, y = data()
    model = make()
    model.fit(x, y, epochs=2, verbose=0, shuffle=False, validation_data=(x, y), callbacks=[
        tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "m-{epoch}-{val_loss:.2f}.keras"))])
    assert sorted(os.listdir(tmp_path)) == ["m-1-1.08.keras", "m-2-0.54.keras"]
    loaded = tf.keras.models.load_model(str(tmp_path / "m-2-0.54.keras"))
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


class Crash(tf.keras.callbacks.Callback):
    """Simulates the process dying in epoch `epoch` (before batch `batch`, if given)."""

    def __init__(self, epoch, batch=None):
        super().__init__()
        self.epoch, self.batch, self.current = epoch, batch, None

    def on_epoch_begin(self, epoch, logs=None):
        if self.batch is None and epoch == self.epoch:
            raise RuntimeError("simulated crash")
        self.current = epoch

    def on_train_batch_begin(self, batch, logs=None):
        if self.batch is not None and self.current == self.epoch and batch == self.batch:
            raise RuntimeError("simulated crash")


class Subclassed(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d = tf.keras.layers.Dense(1, kernel_initializer="ones")

    def call(self, x, training=None):
        return self.d(x)


@pytest.mark.parametrize("subclassed", [False, True])
@pytest.mark.parametrize("save_freq,crash,resumed_epochs,first_loss", [
    ("epoch", (3, None), [3, 4], 0.19995),
    (3, (2, 2), [2, 3, 4], 0.47205),  # resumes mid-epoch 2, after the backup at batch 1
])
def test_backup_and_restore_resumes_after_a_crash(tmp_path, subclassed, save_freq, crash, resumed_epochs, first_loss):
    rng = np.random.RandomState(0)
    x, y = rng.rand(40, 4).astype("float32"), rng.rand(40, 1).astype("float32")

    def new_model():
        model = Subclassed() if subclassed else tf.keras.Sequential([
            tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(4,))])
        model.compile(tf.keras.optimizers.Adam(0.1), "mse")
        return model

    def fit(model, *callbacks):
        return model.fit(x, y, epochs=5, batch_size=8, shuffle=False, verbose=0, callbacks=list(callbacks))

    reference = new_model()
    fit(reference)
    backup_dir = str(tmp_path / "backup")
    with pytest.raises(RuntimeError, match="simulated crash"):
        fit(new_model(), tf.keras.callbacks.BackupAndRestore(backup_dir, save_freq=save_freq), Crash(*crash))
    assert os.listdir(backup_dir)
    resumed = new_model()  # a new process: fresh model and optimizer
    history = fit(resumed, tf.keras.callbacks.BackupAndRestore(backup_dir, save_freq=save_freq))
    assert history.epoch == resumed_epochs
    assert history.history["loss"][0] == pytest.approx(first_loss, abs=1e-5)
    if save_freq == "epoch":  # the same training as without the crash
        np.testing.assert_allclose(resumed.get_weights()[0], reference.get_weights()[0], atol=1e-5)
    # (mid-epoch, tf-keras resumes at the step after the backup but reads the epoch's data from its start)
    assert int(resumed.optimizer.iterations) == 25
    assert os.path.isdir(backup_dir) and not os.listdir(backup_dir)  # the backup is gone once fit completes


def test_backup_and_restore_arguments():
    with pytest.raises(ValueError, match="Either `save_freq` or `save_before_preemption` must be set."):
        tf.keras.callbacks.BackupAndRestore("/tmp/unused", save_freq=False)


@numtf_only
def test_backup_is_replaced_atomically(tmp_path, monkeypatch):
    x, y = data()
    backup_dir = str(tmp_path / "backup")
    model = make()
    with pytest.raises(RuntimeError):
        model.fit(x, y, epochs=3, verbose=0, callbacks=[tf.keras.callbacks.BackupAndRestore(backup_dir),
                                                       Crash(2)])
    state = os.path.join(backup_dir, "chief", "training_state.npz")
    good = open(state, "rb").read()

    def failing_savez(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(OSError, match="disk full"):
        make().fit(x, y, epochs=3, verbose=0, callbacks=[tf.keras.callbacks.BackupAndRestore(backup_dir)])
    assert open(state, "rb").read() == good and os.listdir(os.path.dirname(state)) == ["training_state.npz"]


# -- TensorBoard ----------------------------------------------------------------------------------
def _tensorboard_golden():
    import json
    with open(os.path.join(os.path.dirname(__file__), "..", "golden", "summary.json"), encoding="utf-8") as f:
        return json.load(f)["keras"]


def _tensorboard_events(files):
    """[(run, step, tag, plugin, value)] of event files (records as bytes), graph_def events left out."""
    from numtf.util import events
    out = []
    for run, records in files:
        for raw in records[1:]:
            e = events.decode(events.EVENT, raw)
            for v in e.summary.value:
                out.append((run, e.step, v.tag, v.metadata.plugin_data.plugin_name,
                            events.tensor_to_ndarray(v.tensor)))
    return out


@numtf_only
@pytest.mark.parametrize("case", ["default", "batches", "schedule"])
def test_tensorboard_writes_what_tf_keras_writes(case, tmp_path):
    """Runs, tags, steps, plugins and values of tf-keras 2.21's TensorBoard callback
    (tests/golden/summary.json, tools/make_summary_golden.py), written by numtf's own tf.summary."""
    import base64
    import glob
    from numtf.util import events
    golden = _tensorboard_golden()[case]
    exec(golden["code"], {"tf": tf, "np": np, "logdir": str(tmp_path)})
    ours = []
    for run in ("train", "validation"):
        paths = glob.glob(str(tmp_path / run / "events.out.tfevents.*.v2"))
        assert len(paths) == 1
        ours.append((run, list(events.read_records(paths[0]))))
    theirs = [(f["dir"], [base64.b64decode(r) for r in f["records"]]) for f in golden["files"]]
    got, want = _tensorboard_events(ours), _tensorboard_events(theirs)
    assert [g[:4] for g in got] == [w[:4] for w in want]
    for (run, step, tag, plugin, a), (*_, b) in zip(got, want):
        if plugin == "scalars" and "steps_per_second" not in tag:
            np.testing.assert_allclose(a, b, rtol=1e-5, err_msg=tag)
        elif plugin == "histograms":
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6, err_msg=tag)
        elif plugin == "images":
            assert list(a[:2]) == list(b[:2])
            np.testing.assert_array_equal(tf.io.decode_png(a[2]).numpy(), tf.io.decode_png(b[2]).numpy())
        elif plugin == "graph_keras_model":
            assert '"class_name": "Sequential"' in a.item().decode()


@numtf_only
def test_tensorboard_errors_and_unsupported_arguments(tmp_path):
    with pytest.raises(ValueError, match="Unrecognized arguments in `TensorBoard` Callback"):
        tf.keras.callbacks.TensorBoard(foo=1)
    with pytest.raises(NotImplementedError, match="profile_batch"):
        tf.keras.callbacks.TensorBoard(str(tmp_path), profile_batch=2)
    with pytest.raises(NotImplementedError, match="embeddings_freq"):
        tf.keras.callbacks.TensorBoard(str(tmp_path), embeddings_freq=1)
