"""tf.keras.datasets (mnist from the shared Keras cache, fashion_mnist from fake files served locally)
and the small tf.keras.utils helpers. No test touches the real internet: the published origin's
server is marked unreachable, as it is after a first failed attempt in an offline process."""
import functools
import gzip
import hashlib
import http.server
import os
import random
import threading
import urllib.parse

import numpy as np
import pytest

import numtf as tf
from numtf.keras.datasets import fashion_mnist, mnist
from numtf.keras.utils import data_utils

SHARED_KERAS_HOME = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "keras")
# MNIST's published test labels; the shared file's test set is the published one.
Y_TEST_SHA256 = "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5"
Y_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def _offline(mp):
    mp.setattr(data_utils, "_unreachable", {data_utils._server_key(mnist.ORIGIN): OSError("offline (test)")})


@pytest.fixture(scope="module")
def shared_mnist(tmp_path_factory):
    """load_data() once for the module, from $KERAS_HOME (CI: ../shared/keras), with its warning."""
    with pytest.MonkeyPatch.context() as mp:
        home = os.environ.get("KERAS_HOME") or SHARED_KERAS_HOME
        mp.setenv("KERAS_HOME", home)
        mp.setattr("tempfile.tempdir", str(tmp_path_factory.mktemp("systmp")))  # the read-only fallback
        _offline(mp)
        path = os.path.join(home, "datasets", "mnist.npz")
        size, mtime = os.path.getsize(path), os.path.getmtime(path)
        with pytest.warns(UserWarning) as record:
            data = mnist.load_data()
        assert (os.path.getsize(path), os.path.getmtime(path)) == (size, mtime)  # the user's file is untouched
        return data, [str(w.message) for w in record]


def test_mnist_shapes_dtypes_and_labels(shared_mnist):
    ((x_train, y_train), (x_test, y_test)), _ = shared_mnist
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert y_train.min() == 0 and y_train.max() == 9 and x_train.max() == 255
    assert hashlib.sha256(y_test.tobytes()).hexdigest() == Y_TEST_SHA256
    assert np.bincount(y_test).tolist() == Y_TEST_COUNTS


def test_mnist_warns_about_the_hash_and_names_the_file(shared_mnist):
    _, messages = shared_mnist
    assert len(messages) == 1
    assert "mnist.npz" in messages[0] and mnist.FILE_HASH in messages[0] and "offline (test)" in messages[0]


def test_mnist_matches_published_facts():
    assert mnist.ORIGIN == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    assert mnist.FILE_HASH == "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
    assert tf.keras.datasets.mnist is mnist and tf.keras.datasets.fashion_mnist is fashion_mnist


def test_mnist_custom_path_and_no_pickles(tmp_path, monkeypatch):
    _offline(monkeypatch)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = tmp_path / "datasets"
    folder.mkdir()
    arrays = {"x_train": np.zeros((2, 28, 28), np.uint8), "y_train": np.array([1, 2], np.uint8),
              "x_test": np.ones((1, 28, 28), np.uint8), "y_test": np.array([7], np.uint8)}
    np.savez(folder / "small.npz", **arrays)
    with pytest.warns(UserWarning, match="small.npz"):
        (x_train, y_train), (x_test, y_test) = mnist.load_data("small.npz", cache_dir=str(tmp_path))
    assert y_train.tolist() == [1, 2] and x_test.shape == (1, 28, 28) and y_test.tolist() == [7]
    np.savez(folder / "pickled.npz", x_train=np.array([{"code": 1}], dtype=object), y_train=arrays["y_train"],
             x_test=arrays["x_test"], y_test=arrays["y_test"])
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="allow_pickle=False"):
        mnist.load_data("pickled.npz", cache_dir=str(tmp_path))


def _idx_gz(path, magic, array):
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def fashion_server(tmp_path):
    rng = np.random.default_rng(0)
    served = tmp_path / "served"
    served.mkdir()
    data = {"train": (rng.integers(0, 256, (5, 28, 28)), rng.integers(0, 10, 5)),
            "t10k": (rng.integers(0, 256, (3, 28, 28)), rng.integers(0, 10, 3))}
    for split, (images, labels) in data.items():
        _idx_gz(served / f"{split}-images-idx3-ubyte.gz", 2051, images)
        _idx_gz(served / f"{split}-labels-idx1-ubyte.gz", 2049, labels)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", data, served
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_fashion_mnist_downloads_into_keras_layout(fashion_server, tmp_path, monkeypatch):
    base, data, served = fashion_server
    monkeypatch.setattr(data_utils, "_unreachable", {})
    monkeypatch.setattr(fashion_mnist, "BASE", base)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (5, 28, 28) and y_train.shape == (5,) and x_test.shape == (3, 28, 28)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    np.testing.assert_array_equal(x_train, data["train"][0])
    np.testing.assert_array_equal(y_test, data["t10k"][1])
    folder = tmp_path / "home" / "datasets" / "fashion-mnist"
    assert sorted(os.listdir(folder)) == sorted(fashion_mnist.FILES)
    # Cached now: works with the server gone.
    monkeypatch.setattr(fashion_mnist, "BASE", "http://127.0.0.1:1/")
    (x_again, _), _ = fashion_mnist.load_data()
    np.testing.assert_array_equal(x_again, x_train)
    # A file that is not IDX data is a clear error.
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"<html>not found</html>"))
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte.gz is not an IDX label file"):
        fashion_mnist.load_data(cache_dir=str(tmp_path / "home"))


def test_fashion_mnist_origins():
    assert fashion_mnist.BASE == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    assert urllib.parse.urlsplit(fashion_mnist.BASE + fashion_mnist.FILES[0]).path.endswith(
        "train-labels-idx1-ubyte.gz")


# ---- tf.keras.utils helpers ---------------------------------------------------------------------

def test_to_categorical():
    out = tf.keras.utils.to_categorical([0, 2, 1])
    assert out.dtype == np.float32 and out.tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert tf.keras.utils.to_categorical([[0], [2]]).shape == (2, 3)  # (N, 1) labels
    assert tf.keras.utils.to_categorical([[0, 1], [2, 1]]).shape == (2, 2, 3)
    assert tf.keras.utils.to_categorical(3).shape == (4,)
    assert tf.keras.utils.to_categorical([[1]]).shape == (1, 2)
    ints = tf.keras.utils.to_categorical([1], 3, dtype="int32")
    assert ints.dtype == np.int32 and ints.tolist() == [[0, 1, 0]]
    assert tf.keras.utils.to_categorical(tf.constant([0, 1])).tolist() == [[1, 0], [0, 1]]
    assert tf.keras.utils.to_categorical([-1, 0], 3).tolist() == [[0, 0, 1], [1, 0, 0]]  # NumPy indexing, as Keras
    assert tf.keras.utils.to_categorical([1.7, 0.2]).tolist() == [[0, 1], [1, 0]]
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 1 with size 3"):
        tf.keras.utils.to_categorical([5], 3)


def test_normalize():
    x = np.array([[3.0, 4.0], [0.0, 0.0]], np.float32)
    out = tf.keras.utils.normalize(x)
    assert out.dtype == np.float32 and np.allclose(out, [[0.6, 0.8], [0, 0]])
    assert np.allclose(tf.keras.utils.normalize(np.array([[3.0, 4.0]]), axis=0), [[1, 1]])
    assert np.allclose(tf.keras.utils.normalize(np.array([[3.0, 4.0]]), order=1), [[3 / 7, 4 / 7]])
    assert np.allclose(tf.keras.utils.normalize([3.0, 4.0]), [[0.6, 0.8]])
    t = tf.keras.utils.normalize(tf.constant(x))
    assert isinstance(t, tf.Tensor) and np.allclose(t.numpy(), [[0.6, 0.8], [0, 0]])


def test_set_random_seed():
    def draw():
        return random.random(), float(np.random.rand()), tf.random.uniform([3]).numpy().tolist()

    tf.keras.utils.set_random_seed(1234)
    first = draw()
    tf.keras.utils.set_random_seed(1234)
    assert draw() == first
    with pytest.raises(ValueError, match=r"Expected `seed` argument to be an integer. Received: seed=1.0"):
        tf.keras.utils.set_random_seed(1.0)


def test_custom_object_registry():
    utils = tf.keras.utils

    @utils.register_keras_serializable()
    class Scale(tf.keras.layers.Layer):
        pass

    @utils.register_keras_serializable("pk", "nm")
    def fn(x):
        return x

    assert utils.get_registered_name(Scale) == "Custom>Scale" and utils.get_registered_name(fn) == "pk>nm"
    assert utils.get_registered_name(len) == "len"
    assert utils.get_custom_objects()["Custom>Scale"] is Scale and utils.get_registered_object("pk>nm") is fn
    assert utils.get_registered_object("nothing") is None
    assert utils.get_registered_object("X", {"X": 1}) == 1 and utils.get_registered_object("l", None, {"l": len}) is len
    with utils.custom_object_scope({"Q": 1}, {"R": 2}) as scope:
        assert isinstance(scope, utils.CustomObjectScope)
        assert utils.get_registered_object("R") == 2 and "Q" not in utils.get_custom_objects()
    assert utils.get_registered_object("R") is None
    with pytest.raises(ValueError, match="Cannot register a class that does not have a get_config"):
        utils.register_keras_serializable()(type("Plain", (), {}))
    for name in ("Custom>Scale", "pk>nm"):
        utils.get_custom_objects().pop(name)


def test_utils_namespace():
    from numtf.keras.utils.progbar import Progbar
    assert tf.keras.utils.Progbar is Progbar
    assert tf.keras.utils.get_file is data_utils.get_file
