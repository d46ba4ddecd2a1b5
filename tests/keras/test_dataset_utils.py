"""tf.keras.utils.timeseries_dataset_from_array / text_dataset_from_directory /
image_dataset_from_directory / split_dataset against real tf-keras 2.21
(tests/golden/dataset_utils.npz, tools/make_dataset_utils_golden.py, and behaviour recorded from
TF below): windows, targets, specs, cardinalities, file order, label modes, the printed lines,
validation splits (seeded: TF's training/validation sets), errors with TF's types and messages."""
import json
import os

import numpy as np
import pytest

import numtf as tf

utils = tf.keras.utils
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "dataset_utils.npz"))
META = json.loads(str(GOLDEN["cases"]))


def _specs(ds):
    spec = ds.element_spec
    return [[s.shape.as_list(), s.dtype.name] for s in (spec if isinstance(spec, tuple) else (spec,))]


# -- timeseries ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(META["ts"]))
def test_timeseries_matches_tf(name):
    case = META["ts"][name]
    data = GOLDEN[f"ts/{name}/data"]
    targets = GOLDEN[f"ts/{name}/targets"] if case["targets"] else None
    if case["as_list"]:
        data, targets = data.tolist(), targets.tolist()
    if "error" in case:
        with pytest.raises(getattr(__builtins__, case["error"][0], None) or ValueError) as e:
            utils.timeseries_dataset_from_array(data, targets, **case["kwargs"])
        assert type(e.value).__name__ == case["error"][0] and str(e.value) == case["error"][1]
        return
    ds = utils.timeseries_dataset_from_array(data, targets, **case["kwargs"])
    assert _specs(ds) == case["spec"]
    assert int(ds.cardinality()) == case["cardinality"]
    elements = [el if isinstance(el, tuple) else (el,) for el in ds]
    batched = case["kwargs"].get("batch_size", 128) is not None
    sizes = [len(el[0]) if batched else 1 for el in elements]
    np.testing.assert_array_equal(sizes, GOLDEN[f"ts/{name}/sizes"])
    if elements:
        x = np.concatenate([el[0].numpy() if batched else el[0].numpy()[None] for el in elements])
        np.testing.assert_array_equal(x, GOLDEN[f"ts/{name}/x"])
        assert x.dtype == GOLDEN[f"ts/{name}/x"].dtype
    if case["targets"] and elements:
        y = np.concatenate([el[1].numpy() if batched else el[1].numpy()[None] for el in elements])
        np.testing.assert_array_equal(y, GOLDEN[f"ts/{name}/y"])


def test_timeseries_shuffle_is_a_seeded_permutation():
    data = np.arange(100)
    ds = utils.timeseries_dataset_from_array(data, data * 2, 5, batch_size=4, shuffle=True, seed=3)
    firsts, pairs_ok = [], True
    for x, y in ds:
        firsts += x.numpy()[:, 0].tolist()
        pairs_ok &= bool(np.all(x.numpy()[:, 0] * 2 == y.numpy()))
        pairs_ok &= bool(np.all(np.diff(x.numpy(), axis=1) == 1))
    assert pairs_ok and sorted(firsts) == list(range(96)) and firsts != list(range(96))
    again = [v for x, _ in utils.timeseries_dataset_from_array(data, data * 2, 5, batch_size=4, shuffle=True, seed=3)
             for v in x.numpy()[:, 0].tolist()]
    assert again == firsts


def test_timeseries_batch_size_zero_is_tf_error():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Batch size must be greater than zero"):
        utils.timeseries_dataset_from_array(np.arange(10), None, 3, batch_size=0)


def test_timeseries_trains_a_model():
    x = np.random.default_rng(0).standard_normal((40, 2)).astype("float32")
    ds = utils.timeseries_dataset_from_array(x, x[:, 0], sequence_length=4, batch_size=8)
    model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(4, 2)), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(ds, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1


# -- text directories ---------------------------------------------------------------------------------
def _text_tree(root):
    def w(rel, text):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    for c in ["b", "a", "c"]:
        for i in [3, 1, 10, 2]:
            w(f"{c}/f{i}.txt", f"{c}{i} hello world")
    w("a/sub/z.txt", "a-sub-z")
    w("a/sub/A.TXT", "upper")
    w("a/x.md", "md")
    w("root.txt", "root")
    w("a/Zsub/q.txt", "zsubq")
    return str(root)


ORDER = [b"a1 hello world", b"a10 hello world", b"a2 hello world", b"a3 hello world", b"zsubq", b"upper", b"a-sub-z",
         b"b1 hello world", b"b10 hello world", b"b2 hello world", b"b3 hello world", b"c1 hello world",
         b"c10 hello world", b"c2 hello world", b"c3 hello world"]


def _all(ds):
    xs, ys = [], []
    for el in ds:
        x, y = el if isinstance(el, tuple) else (el, None)
        xs += list(np.atleast_1d(x.numpy()))
        if y is not None:
            ys += list(y.numpy().reshape(len(np.atleast_1d(x.numpy())), -1).tolist())
    return xs, ys


def test_text_dataset_order_labels_and_spec(tmp_path, capsys):
    root = _text_tree(tmp_path)
    ds = utils.text_dataset_from_directory(root, shuffle=False, batch_size=5)
    assert capsys.readouterr().out == "Found 15 files belonging to 3 classes.\n"
    assert _specs(ds) == [[[None], "string"], [[None], "int32"]]
    assert int(ds.cardinality()) == 3 and ds.class_names == ["a", "b", "c"]
    assert not hasattr(ds, "file_paths")
    xs, ys = _all(ds)
    assert xs == ORDER and [y[0] for y in ys] == [0] * 7 + [1] * 4 + [2] * 4


def test_text_dataset_label_modes(tmp_path, capsys):
    root = _text_tree(tmp_path)
    ds = utils.text_dataset_from_directory(root, shuffle=False, batch_size=None, label_mode="categorical",
                                           max_length=3)
    assert _specs(ds) == [[[], "string"], [[3], "float32"]] and int(ds.cardinality()) == 15
    x, y = next(iter(ds))
    assert x.numpy() == b"a1 " and y.numpy().tolist() == [1.0, 0.0, 0.0]
    ds = utils.text_dataset_from_directory(root, shuffle=False, batch_size=4, labels=None)
    assert capsys.readouterr().out.splitlines()[-1] == "Found 16 files belonging to 1 classes."
    assert _specs(ds) == [[[None], "string"]] and ds.class_names == [""]
    assert _all(ds)[0] == [b"root"] + ORDER
    ds = utils.text_dataset_from_directory(root, shuffle=False, class_names=["c", "a", "b"])
    assert ds.class_names == ["c", "a", "b"]
    assert [y[0] for y in _all(ds)[1]] == [1] * 7 + [2] * 4 + [0] * 4
    ds = utils.text_dataset_from_directory(root + "/a", shuffle=False, label_mode="binary")
    assert _specs(ds) == [[[None], "string"], [[None, 1], "float32"]] and ds.class_names == ["Zsub", "sub"]
    assert _all(ds) == ([b"zsubq", b"upper", b"a-sub-z"], [[0.0], [1.0], [1.0]])
    ds = utils.text_dataset_from_directory(root, shuffle=False, batch_size=None, labels=list(range(16)))
    assert "Found 16 files belonging to 16 classes." in capsys.readouterr().out
    assert _specs(ds) == [[[], "string"], [[], "int32"]] and ds.class_names == list(range(16))
    ds = utils.text_dataset_from_directory(root, shuffle=False, labels=[0.5] * 16)
    assert _specs(ds) == [[[None], "string"], [[None], "float32"]] and ds.class_names == [0.5]


def test_text_dataset_splits(tmp_path, capsys):
    root = _text_tree(tmp_path)
    train, val = utils.text_dataset_from_directory(root, validation_split=0.2, subset="both", seed=1)
    assert capsys.readouterr().out.splitlines() == ["Found 15 files belonging to 3 classes.",
                                                    "Using 12 files for training.", "Using 3 files for validation."]
    # TF's sets for seed=1 (its file list is permuted by np.random.RandomState(seed), as here)
    assert set(_all(train)[0]) == {b"b3 hello world", b"c3 hello world", b"a2 hello world", b"a1 hello world",
                                   b"zsubq", b"a-sub-z", b"c2 hello world", b"a3 hello world", b"b1 hello world",
                                   b"a10 hello world", b"b10 hello world", b"b2 hello world"}
    assert set(_all(val)[0]) == {b"c1 hello world", b"upper", b"c10 hello world"}
    assert train.class_names == val.class_names == ["a", "b", "c"]
    texts, labels = _all(train)
    assert all(t[:1].decode() == "abc"[y[0]] or t in (b"zsubq", b"upper", b"a-sub-z") for t, y in zip(texts, labels))
    train = utils.text_dataset_from_directory(root, validation_split=0.2, subset="training", seed=1)
    assert set(_all(train)[0]) == set(_all(train)[0]) and len(_all(train)[0]) == 12
    first, second = _all(train)[0], _all(train)[0]
    assert sorted(first) == sorted(second)
    train, val = utils.text_dataset_from_directory(root, validation_split=0.5, subset="both", shuffle=False)
    assert _all(train)[0] == ORDER[:8] and _all(val)[0] == ORDER[8:]
    capsys.readouterr()
    # tf-keras quirk: int(0.01 * 15) == 0 validation files -> an empty training subset (an error) and a
    # validation subset holding every file
    val = utils.text_dataset_from_directory(root, validation_split=0.01, subset="validation", seed=1)
    assert capsys.readouterr().out.splitlines()[-1] == "Using 0 files for validation."
    assert len(_all(val)[0]) == 15
    with pytest.raises(ValueError, match="No text files found in directory"):
        utils.text_dataset_from_directory(root, validation_split=0.01, subset="training", seed=1)


@pytest.mark.parametrize("kwargs, message", [
    (dict(label_mode="binary"), "When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. "
                                "Received: class_names=['a', 'b', 'c']"),
    (dict(class_names=["a", "b"]), "The `class_names` passed did not match the names of the subdirectories of the "
                                   "target directory. Expected: ['a', 'b', 'c'], but received: ['a', 'b']"),
    (dict(label_mode="foo"), '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                             "Received: label_mode=foo"),
    (dict(validation_split=0.2), "If `subset` is set, `validation_split` must be set, and inversely."),
    (dict(subset="training"), "If `subset` is set, `validation_split` must be set, and inversely."),
    (dict(validation_split=1.2, subset="training"), "`validation_split` must be between 0 and 1, received: 1.2"),
    (dict(validation_split=0.2, subset="foo"), '`subset` must be either "training", "validation" or "both", '
                                               "received: foo"),
    (dict(validation_split=0.2, subset="training", shuffle=True),
     "If using `validation_split` and shuffling the data, you must provide a `seed` argument, to make sure that "
     "there is no overlap between the training and validation subset."),
    (dict(labels=[0, 1, 2], class_names=["x"]), "You can only pass `class_names` if `labels=\"inferred\"`. "
                                                "Received: labels=[0, 1, 2], and class_names=['x']"),
])
def test_text_dataset_errors(tmp_path, kwargs, message):
    root = _text_tree(tmp_path)
    with pytest.raises(ValueError) as e:
        utils.text_dataset_from_directory(root, **kwargs)
    assert str(e.value) == message


def test_text_dataset_file_errors(tmp_path, capsys):
    root = _text_tree(tmp_path)
    with pytest.raises(ValueError) as e:
        utils.text_dataset_from_directory(root, labels=[0, 1])
    assert str(e.value) == ("Expected the lengths of `labels` to match the number of files in the target directory. "
                            f"len(labels) is 2 while we found 16 files in directory {root}.")
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        utils.text_dataset_from_directory(str(tmp_path / "missing"))
    (tmp_path / "empty" / "x").mkdir(parents=True)
    with pytest.raises(ValueError) as e:
        utils.text_dataset_from_directory(str(tmp_path / "empty"))
    assert str(e.value) == f"No text files found in directory {tmp_path / 'empty'}. Allowed format: .txt"
    assert capsys.readouterr().out.splitlines()[-1] == "Found 0 files belonging to 1 classes."


# -- image directories ----------------------------------------------------------------------------------
@pytest.fixture
def image_root(tmp_path):
    for key in GOLDEN.files:
        if key.startswith("dir/"):
            path = tmp_path / key[4:]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(GOLDEN[key].tobytes())
    return tmp_path


@pytest.mark.parametrize("name", sorted(META["img"]))
def test_image_dataset_matches_tf(image_root, name, capsys):
    case = META["img"][name]
    top = os.path.join(str(image_root), *case["sub"])
    ds = utils.image_dataset_from_directory(top, shuffle=False, **case["kwargs"])
    assert _specs(ds) == case["spec"]
    assert ds.class_names == case["class_names"] and int(ds.cardinality()) == case["cardinality"]
    assert [os.path.relpath(p, top) for p in ds.file_paths] == case["file_paths"]
    assert capsys.readouterr().out.startswith("Found ")
    if "error" in case:  # grayscale BMP: TF's decoder refuses it while iterating
        with pytest.raises(tf.errors.InvalidArgumentError, match="`channels` must be 0, 3 or 4 for BMP, but got 1"):
            list(ds)
        return
    batched = case["kwargs"].get("batch_size", 32) is not None
    els = [el if isinstance(el, tuple) else (el,) for el in ds]
    x = np.concatenate([el[0].numpy() if batched else el[0].numpy()[None] for el in els])
    want = GOLDEN[f"img/{name}/x"]
    assert x.dtype == want.dtype and x.shape == want.shape
    np.testing.assert_allclose(x, want, rtol=1e-5, atol=1e-3)
    if f"img/{name}/y" in GOLDEN.files:
        y = np.concatenate([el[1].numpy() if batched else el[1].numpy()[None] for el in els])
        np.testing.assert_array_equal(y, GOLDEN[f"img/{name}/y"])


def test_image_dataset_split_shuffle_and_errors(image_root, tmp_path, capsys):
    train, val = utils.image_dataset_from_directory(str(image_root), image_size=(4, 4), validation_split=0.3,
                                                    subset="both", seed=7, batch_size=2)
    assert capsys.readouterr().out.splitlines() == ["Found 11 files belonging to 2 classes.",
                                                    "Using 8 files for training.", "Using 3 files for validation."]
    assert sorted(train.file_paths + val.file_paths) == sorted(
        utils.image_dataset_from_directory(str(image_root), image_size=(4, 4), shuffle=False).file_paths)
    assert sum(int(x.shape[0]) for x, _ in train) == 8
    with pytest.raises(ValueError, match=r'`color_mode` must be one of \{"rgb", "rgba", "grayscale"\}'):
        utils.image_dataset_from_directory(str(image_root), color_mode="foo")
    with pytest.raises(NotImplementedError, match="Value not recognized for `interpolation`: foo"):
        utils.image_dataset_from_directory(str(image_root), interpolation="foo")
    with pytest.raises(TypeError, match=r"Unknown keywords argument\(s\): \('foo',\)"):
        utils.image_dataset_from_directory(str(image_root), foo=1)
    (tmp_path / "jpg" / "a").mkdir(parents=True)
    (tmp_path / "jpg" / "a" / "x.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 40)
    ds = utils.image_dataset_from_directory(str(tmp_path / "jpg"), image_size=(2, 2))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"numtf cannot decode JPEG images \(.*x\.jpg\)"):
        list(ds)
    (tmp_path / "none" / "a").mkdir(parents=True)
    with pytest.raises(ValueError) as e:
        utils.image_dataset_from_directory(str(tmp_path / "none"))
    assert str(e.value) == (f"No images found in directory {tmp_path / 'none'}. "
                            "Allowed formats: ('.bmp', '.gif', '.jpeg', '.jpg', '.png')")


# -- split_dataset ----------------------------------------------------------------------------------------
def test_split_dataset():
    left, right = utils.split_dataset(np.arange(10).reshape(5, 2), left_size=0.6)
    assert [v.tolist() for v in left.as_numpy_iterator()] == [[0, 1], [2, 3], [4, 5]]
    assert [v.tolist() for v in right.as_numpy_iterator()] == [[6, 7], [8, 9]]
    left, right = utils.split_dataset(tf.data.Dataset.range(10), left_size=3, right_size=2)
    assert [int(v) for v in left] == [0, 1, 2] and [int(v) for v in right] == [3, 4]
    left, right = utils.split_dataset((np.arange(6), np.arange(6) * 2.0), right_size=0.5, shuffle=True, seed=1)
    got = [(int(a), float(b)) for a, b in left] + [(int(a), float(b)) for a, b in right]
    assert sorted(got) == [(i, 2.0 * i) for i in range(6)] and len(list(left)) == 3
    with pytest.raises(ValueError, match="At least one of the `left_size` or `right_size` must be specified"):
        utils.split_dataset(np.arange(10))
    with pytest.raises(ValueError, match="The sum of `left_size` and `right_size` is greater than 1"):
        utils.split_dataset(np.arange(10), left_size=0.5, right_size=0.6)
    with pytest.raises(ValueError) as e:
        utils.split_dataset(np.arange(10), left_size=11)
    assert str(e.value) == ("`left_size` should be either a positive integer smaller than 10, or a float within the "
                            "range `[0, 1]`. Received: left_size=11")
    with pytest.raises(TypeError, match="Invalid `left_size` Type"):
        utils.split_dataset(np.arange(10), left_size="a")
