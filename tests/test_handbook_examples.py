"""The handbook's model-chapter programs (numtf/examples), run on small slices of the real MNIST
(and the Nietzsche text) in $KERAS_HOME (CI points it at ../shared/keras)."""
import numpy as np
import pytest

import numtf as tf
from numtf.examples import custom, dqn, linear, mnist, partial_update, rnn


@pytest.fixture(scope="module")
def loader():
    """The handbook's MNISTLoader, trimmed to 5,000 training and 1,000 test images."""
    data = mnist.MNISTLoader()
    data.train_data, data.train_label = data.train_data[:5000], data.train_label[:5000]
    data.test_data, data.test_label = data.test_data[:1000], data.test_label[:1000]
    data.num_train_data, data.num_test_data = 5000, 1000
    return data


def test_linear_example_matches_tensorflow(capsys):
    tf.keras.backend.clear_session()  # layer names restart: 'linear', 'dense'
    model = linear.main()
    kernel, bias = [v.numpy() for v in model.variables]
    # tf-keras 2.21 ends with kernel [[0.40784496] [1.191065] [1.9742855]] and bias [0.78322077]
    np.testing.assert_allclose(kernel.ravel(), [0.40784496, 1.191065, 1.9742855], rtol=1e-4)
    np.testing.assert_allclose(bias, [0.78322077], rtol=1e-4)
    assert "<tf.Variable 'linear/dense/kernel:0' shape=(3, 1) dtype=float32" in capsys.readouterr().out


def test_custom_layer_loss_metric(capsys):
    tf.keras.backend.clear_session()
    model, metric = custom.main()
    assert [v.name for v in model.variables] == ["linear_model/linear_layer/w:0", "linear_model/linear_layer/b:0"]
    assert float(metric.result()) == 0.75 and metric.result().dtype == tf.float64
    np.testing.assert_allclose(model.variables[0].numpy().ravel(), [0.40784496, 1.191065, 1.9742855], rtol=1e-4)


def test_mlp_on_5000_images_reaches_90_percent(loader):
    np.random.seed(0)
    tf.random.set_seed(0)
    model = mnist.MLP()
    mnist.train(model, loader, num_epochs=3, batch_size=50, learning_rate=0.001, quiet=True)
    accuracy = mnist.evaluate(model, loader, batch_size=50, verbose=0)
    assert accuracy > 0.9


def test_cnn_trains(loader):
    np.random.seed(0)
    tf.random.set_seed(0)
    model = mnist.CNN()
    mnist.train(model, loader, num_epochs=1, batch_size=50, learning_rate=0.001, max_batches=15, quiet=True)
    accuracy = mnist.evaluate(model, loader, batch_size=50, max_batches=2, verbose=0)
    assert accuracy > 0.4  # chance is 0.1; the full run reaches 0.99 (README)
    assert [v.shape.as_list() for v in model.variables][:2] == [[5, 5, 1, 32], [32]]


def test_partial_update_two_optimizers(monkeypatch, loader):
    monkeypatch.setattr(partial_update, "MNISTLoader", lambda: loader)
    np.random.seed(1)
    accuracy = partial_update.main(["--batches", "150"])
    assert accuracy > 0.8


def test_evaluation_prints_progress_like_keras(loader, capsys):
    model = mnist.MLP()
    mnist.evaluate(model, loader, batch_size=50, max_batches=2)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2/2 [==============================] - ")
    assert out[-1].startswith("test accuracy: ")


def test_rnn_text_generator_learns_and_writes(capsys):
    """The handbook's LSTM on nietzsche.txt, shortened: the loss falls from ~ln(57) and each
    diversity writes the asked number of characters of the corpus's alphabet."""
    np.random.seed(0)
    tf.random.set_seed(0)
    losses, texts = rnn.main(["--batches", "60", "--units", "32", "--seq-length", "10", "--generate", "15",
                              "--learning-rate", "0.01", "--every", "20"])
    chars = set(rnn.DataLoader().chars)
    assert abs(losses[0] - np.log(len(chars))) < 0.3  # uniform at first
    assert np.mean(losses[-10:]) < losses[0] - 0.8
    assert sorted(texts) == [0.2, 0.5, 1.0, 1.2]
    assert all(len(t) == 15 and set(t) <= chars for t in texts.values())
    out = capsys.readouterr().out
    assert "batch 0: loss" in out and "batch 40: loss" in out and "diversity 1.200000:" in out


def test_dqn_learns_cartpole(capsys):
    """The handbook's DQN (numtf's CartPole when gym is absent), shortened: exploration over 30
    episodes; by episodes 55-70 the pole stays up for hundreds of steps (random play: ~20)."""
    scores = dqn.main(["--episodes", "70", "--exploration", "30", "--seed", "0"])
    assert len(scores) == 70 and np.mean(scores[:20]) < 60
    assert np.mean(scores[-15:]) > 150
    assert "episode   69, epsilon 0.0100, score" in capsys.readouterr().out


def test_cartpole_follows_the_documented_dynamics():
    env = dqn.CartPole(seed=0)
    state = env.reset()
    assert state.shape == (4,) and state.dtype == np.float32 and np.all(np.abs(state) <= 0.05)
    env.state = np.zeros(4)
    state, reward, done, info = env.step(1)  # push right from rest: the cart accelerates right,
    np.testing.assert_allclose(state, [0.0, 0.195122, 0.0, -0.292683], atol=1e-6)  # the pole falls left
    assert reward == 1.0 and not done and info == {}
    env.state = np.array([0.0, 0.0, 0.21, 0.0])  # past 12 degrees after this step
    assert env.step(0)[2]


def test_mobilenet_program_learns_the_flowers_stand_in(capsys):
    """The handbook's MobileNetV2 loop (weights=None, classes=5, Adam), shortened to 32x32 images of
    the stand-in dataset (no tensorflow_datasets here): the loss falls from ~ln(5) by half."""
    from numtf.examples import mobilenet
    losses = mobilenet.main(["--epochs", "2", "--batch", "10", "--size", "32", "--samples", "60"])
    assert len(losses) == 12 and all(np.isfinite(losses))
    assert np.mean(losses[-3:]) < 0.5 * np.mean(losses[:3])
    out = capsys.readouterr().out
    assert out.count("loss ") == 12 and "shape=(10, 5), dtype=float32)" in out
