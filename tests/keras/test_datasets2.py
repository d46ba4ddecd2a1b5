"""tf.keras.datasets cifar10, cifar100, imdb, reuters and boston_housing on synthetic archives of the
published formats in a temporary KERAS_HOME (the machine is offline: the published origins are
marked unreachable, so each load warns that it uses the cached file whose hash differs). The
processing (shuffles, index shifting, filtering, splits, dtypes and shapes) is compared with what
tf-keras gives on the same archives (tools/make_keras_gaps2_golden.py); the restricted unpickler
is shown to refuse a pickle that would run code."""
import io
import json
import os
import pickle
import warnings

import numpy as np
import pytest

import numtf as tf
import keras_gaps2_cases as cases
from numtf.keras.datasets import _safe_pickle, boston_housing, cifar10, cifar100, imdb, reuters
from numtf.keras.utils import data_utils

HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(HERE, "..", "golden", "keras_gaps2.npz"))
with open(os.path.join(HERE, "..", "golden", "keras_gaps2.json")) as _f:
    _ALL = json.load(_f)
STRINGS, CALLS = _ALL["datasets"], _ALL["get_file_calls"]


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    origins = [c["kwargs"]["origin"] for c in CALLS]
    monkeypatch.setattr(data_utils, "_unreachable",
                        {data_utils._server_key(o): OSError("offline (test)") for o in origins})
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))


def _compare(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Could not download a fresh copy ...": expected here
        got = getattr(cases, "case_" + case)(tf)
    keys = {k.split("/", 1)[1] for k in GOLDEN.files if k.startswith(case + "/")}
    assert set(got) == keys
    for key, have in got.items():
        want = GOLDEN[f"{case}/{key}"]
        have = np.asarray(have)
        assert have.dtype == want.dtype and have.shape == want.shape, (key, have.dtype, want.dtype)
        np.testing.assert_array_equal(have, want, err_msg=key)
    return len(got)


def test_text_datasets_match_tf_keras():
    assert _compare("datasets_text") > 50


def test_cifar_match_tf_keras():
    # cifar10 at its published size (tf-keras fills 5 x 10000 slots), a pattern gzip squeezes
    assert _compare("datasets_cifar") > 10


def test_get_file_calls_match_tf_keras(monkeypatch):
    calls = []

    def recording(*args, **kwargs):
        calls.append({"args": list(args), "kwargs": kwargs})
        raise RuntimeError("stop")
    for module in (cifar10, cifar100, imdb, reuters, boston_housing):
        monkeypatch.setattr(module, "get_file", recording)
    for fn in (cifar10.load_data, cifar100.load_data, imdb.load_data, reuters.load_data, boston_housing.load_data,
               imdb.get_word_index, reuters.get_word_index):
        with pytest.raises(RuntimeError, match="stop"):
            fn()
    want = {json.dumps(c, sort_keys=True) for c in CALLS}
    assert {json.dumps(c, sort_keys=True) for c in calls} == want


def test_word_indexes_labels_and_errors_match_tf_keras():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        got = json.loads(json.dumps(cases.strings_datasets(tf)))
    assert got["imdb_index"] == STRINGS["imdb_index"] and got["reuters_index"] == STRINGS["reuters_index"]
    assert got["reuters_labels"] == STRINGS["reuters_labels"] and len(got["reuters_labels"]) == 46
    for i, (have, want) in enumerate(zip(got["errors"], STRINGS["errors"])):
        assert have[0] == want[0], (have, want)
        if i not in (2, 5):  # tf-keras: "max() arg is an empty sequence" / a bare assert; numtf says why
            assert have[1] == want[1]


def test_cache_layout_and_cache_dir(tmp_path):
    """The archive is extracted beside itself in <cache>/datasets; cache_dir= overrides KERAS_HOME."""
    folder = tmp_path / "mine" / "datasets"
    folder.mkdir(parents=True)
    cases.write_cifar100(str(folder), train=3, test=2)
    with pytest.warns(UserWarning, match="cifar-100-python"):
        (x, y), (xt, yt) = cifar100.load_data(label_mode="coarse", cache_dir=str(tmp_path / "mine"))
    assert (folder / "cifar-100-python" / "train").exists()
    assert x.shape == (3, 32, 32, 3) and x.dtype == np.uint8 and y.shape == (3, 1) and xt.shape == (2, 32, 32, 3)
    cases.write_text_datasets(str(folder))
    with pytest.warns(UserWarning, match="boston_housing.npz"):
        (x, y), (xt, yt) = boston_housing.load_data(cache_dir=str(tmp_path / "mine"), test_split=0.5)
    assert len(x) == 5 and len(xt) == 6 and x.dtype == np.float64


def test_cifar10_channels_first(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    folder.mkdir()
    cases.write_cifar10(str(folder), per_batch=2, test=3)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    tf.keras.backend.set_image_data_format("channels_first")
    try:
        with pytest.warns(UserWarning):
            (x, y), (xt, yt) = cifar10.load_data()
    finally:
        tf.keras.backend.set_image_data_format("channels_last")
    assert x.shape == (10, 3, 32, 32) and xt.shape == (3, 3, 32, 32) and y.dtype == yt.dtype == np.uint8
    np.testing.assert_array_equal(x[2].reshape(-1), cases._cifar_images(2, 17)[0])  # batch 2, first image


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_restricted_unpickler_refuses_code(tmp_path, monkeypatch):
    evil = pickle.dumps({b"data": np.zeros((1, 3072), np.uint8), b"labels": [_Boom()]}, protocol=2)
    with pytest.raises(pickle.UnpicklingError, match="Refusing to load (posix|os|nt).system"):
        _safe_pickle.load_pickle(io.BytesIO(evil), encoding="bytes")
    for payload in (pickle.dumps(eval), pickle.dumps(io.BytesIO)):  # builtins.eval, _io.BytesIO: refused
        with pytest.raises(pickle.UnpicklingError, match="Refusing"):
            _safe_pickle.load_pickle(io.BytesIO(payload))
    # _codecs.encode is let through only for latin-1 text
    with pytest.raises(pickle.UnpicklingError, match="only latin-1"):
        _safe_pickle.load_pickle(io.BytesIO(b"c_codecs\nencode\n(Vx\nVrot13\ntR."))
    # a poisoned CIFAR archive in the cache: load_data refuses it, nothing runs
    folder = tmp_path / "datasets" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        (folder / name).write_bytes(evil)
    (tmp_path / "datasets" / "cifar-10-batches-py.tar.gz").write_bytes(b"stale")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.warns(UserWarning), pytest.raises(pickle.UnpicklingError, match="Refusing"):
        cifar10.load_data()
    # and an .npz whose object array would run code
    np.savez(tmp_path / "datasets" / "imdb.npz", x_train=np.array([_Boom()], dtype=object),
             y_train=np.zeros(1), x_test=np.array([_Boom()], dtype=object), y_test=np.zeros(1))
    with pytest.warns(UserWarning), pytest.raises(pickle.UnpicklingError, match="Refusing"):
        imdb.load_data()


def test_safe_npz_reads_plain_and_fortran_arrays(tmp_path):
    a, b = np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(12).reshape(3, 4))
    seqs = cases._object_array([[1, 2], [3]])
    np.savez(tmp_path / "f.npz", a=a, b=b, c=seqs)
    out = _safe_pickle.load_npz(str(tmp_path / "f.npz"))
    np.testing.assert_array_equal(out["a"], a)
    np.testing.assert_array_equal(out["b"], b)
    assert out["c"].tolist() == [[1, 2], [3]] and out["a"].flags.writeable


def test_namespace():
    ds = tf.keras.datasets
    assert (ds.cifar10, ds.cifar100, ds.imdb, ds.reuters, ds.boston_housing) == \
        (cifar10, cifar100, imdb, reuters, boston_housing)
