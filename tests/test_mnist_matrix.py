"""The handbook's MNIST program (numtf/examples/mnist.py) over its whole matrix: MLP and CNN,
built by subclassing, Sequential or Functional, trained by the custom loop, Keras's fit, the
TF1 Session loop (`graph`) and the `@tf.function` step timed against eager (`function`).
Each cell runs a few batches of the real MNIST in $KERAS_HOME (CI points it at ../shared/keras)."""
import os
import subprocess
import sys

import numpy as np
import pytest

import numtf as tf
from numtf.examples import mnist

APIS = ["subclassing", "sequential", "functional"]
LOOPS = ["custom", "keras", "graph", "function"]
BATCHES = {"mlp": 20, "cnn": 12}


@pytest.fixture(scope="module")
def full_loader():
    return mnist.MNISTLoader()


@pytest.fixture(scope="module")
def loader(full_loader):
    """The loader trimmed to 5,000 training and 1,000 test images."""
    data = mnist.MNISTLoader.__new__(mnist.MNISTLoader)
    data.train_data, data.train_label = full_loader.train_data[:5000], full_loader.train_label[:5000]
    data.test_data, data.test_label = full_loader.test_data[:1000], full_loader.test_label[:1000]
    data.num_train_data, data.num_test_data = 5000, 1000
    return data


@pytest.mark.parametrize("loop", LOOPS)
@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_every_cell_of_the_matrix_learns(model, api, loop, loader, monkeypatch, capsys):
    monkeypatch.setattr(mnist, "MNISTLoader", lambda: loader)
    tf.keras.backend.clear_session()
    accuracy = mnist.main(["--model", model, "--api", api, "--loop", loop, "--batches", str(BATCHES[model]),
                           "--test-batches", "4", "--quiet", "--seed", "0"])
    assert accuracy > 0.3  # chance is 0.1
    assert tf.executing_eagerly()  # the graph loop turns eager execution back on
    out = capsys.readouterr().out
    if loop == "keras":
        assert f"{BATCHES[model]}/{BATCHES[model]} - " in out and "sparse_categorical_accuracy: " in out
        assert out.splitlines()[-1].startswith("[") and out.splitlines()[-1].endswith(f", {accuracy}]")
    else:
        assert "test accuracy: %f" % accuracy in out
    if loop == "function":
        assert "traced (@tf.function): " in out and f"s for {BATCHES[model]} batches" in out and "eager: " in out
    if loop in ("custom", "graph"):
        assert "batch 0: loss " in out and f"batch {BATCHES[model] - 1}: loss " in out


def test_the_graph_loop_reaches_95_percent_after_one_epoch(full_loader, capsys):
    # the handbook's TF1 program as written: 1200 steps of 50 on the full training set, then the
    # 10,000 test images through model.predict and the metric's ops in the Session (real
    # TensorFlow 2.21 scores 0.944-0.953 over three seeds; numtf 0.944-0.956 over five)
    np.random.seed(0)
    accuracy = mnist.run_graph("mlp", "subclassing", full_loader, num_epochs=1, batch_size=50, learning_rate=0.001,
                               quiet=True, seed=0)
    assert accuracy >= 0.95
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("batch 1199: loss ") and out[-1] == "test accuracy: %f" % accuracy
    assert tf.executing_eagerly()


@pytest.mark.parametrize("model,api,batches", [("mlp", "subclassing", 15), ("mlp", "functional", 15),
                                               ("cnn", "sequential", 3)])
def test_traced_and_eager_steps_give_the_same_weights(model, api, batches, loader, capsys):
    np.random.seed(0)
    tf.random.set_seed(0)
    net = mnist.build_model(model, api)
    net(loader.train_data[:1])
    initial = net.get_weights()
    result = mnist.time_traced_and_eager(net, loader, batches, 50, 0.001, quiet=True)
    assert result["traced"] > 0 and result["eager"] > 0
    for w0, traced, eager, final in zip(initial, result["traced_weights"], result["eager_weights"], net.get_weights()):
        assert not np.allclose(w0, traced)  # training moved every weight
        np.testing.assert_allclose(traced, eager, rtol=1e-4, atol=1e-5)
        np.testing.assert_array_equal(final, traced)  # the model keeps the traced run's weights
    out = capsys.readouterr().out
    assert "traced (@tf.function): " in out and "eager: " in out


def test_the_traced_step_prints_the_loss_with_tf_print(loader, capfd):
    net = mnist.build_model("mlp", "sequential")
    step = tf.function(mnist.make_train_one_step(net, tf.keras.optimizers.Adam(learning_rate=0.001)))
    for _ in range(2):
        step(*loader.get_batch(50))
    lines = [line for line in capfd.readouterr().err.splitlines() if line.startswith("loss ")]
    assert len(lines) == 2 and float(lines[1].split()[1]) > 0
    assert step.experimental_get_tracing_count() == 2  # the first trace created variables: TF traces again


def test_the_command_line():
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "numtf.examples.mnist", "--model", "mlp", "--api", "functional",
                           "--loop", "graph", "--batches", "30", "--test-batches", "4", "--quiet", "--seed", "0"],
                          capture_output=True, text=True, env=env, timeout=300,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("batch 0: ")):]  # after get_file's notes
    assert lines[1].startswith("batch 29: loss ")
    assert lines[2].startswith("test accuracy: ") and float(lines[2].split()[-1]) > 0.3
    assert lines[3].startswith("training and test time: ")


def test_unknown_model_or_mode():
    with pytest.raises(ValueError, match="unknown model 'rnn' or mode 'subclassing'"):
        mnist.build_model("rnn")
    with pytest.raises(SystemExit):
        mnist.main(["--loop", "session"])
