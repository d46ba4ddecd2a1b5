"""tf.keras.preprocessing.image and the image helpers of tf.keras.utils: keras_gaps_cases.case_image
(affine warps in every edge mode, channel/brightness shifts, smart_resize, array/image conversion,
Pillow-style resizes in load_img, generator batches drawn from NumPy's generator, flow_from_directory)
matches tf-keras's output (golden written by tools/make_keras_gaps_golden.py under TF with Pillow and
SciPy), plus errors, saving and JPEG refusal."""
import json
import os
import warnings

import numpy as np
import pytest

import numtf as tf
import keras_gaps_cases as cases

HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(HERE, "..", "golden", "keras_gaps.npz"))
with open(os.path.join(HERE, "..", "golden", "keras_gaps.json")) as _f:
    STRINGS = json.load(_f)["image"]
image = tf.keras.preprocessing.image


@pytest.fixture(scope="module")
def got():
    np.random.seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cases.case_image(tf)


def _keys():
    return sorted(k.split("/", 1)[1] for k in GOLDEN.files if k.startswith("image/"))


@pytest.mark.parametrize("key", _keys())
def test_matches_tf_keras(got, key):
    want, have = GOLDEN["image/" + key], np.asarray(got[key])
    assert have.shape == want.shape and have.dtype == want.dtype, (have.shape, want.shape, have.dtype, want.dtype)
    if key.startswith("load_"):
        # Pillow sums 8-bit pixels with 22-bit fixed-point weights: at most one level apart
        assert np.max(np.abs(have.astype(np.float64) - want)) <= 1.0
    elif key == "dir_x":  # the same, after rescale=1/255
        assert np.max(np.abs(have.astype(np.float64) - want)) <= 1.0 / 255 + 1e-6
    else:
        np.testing.assert_allclose(have, want, rtol=1e-4, atol=1e-3)


def test_errors_match_tf_keras():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = json.loads(json.dumps(cases.strings_image(tf), default=str))
    assert got["random_zoom_ok"] == STRINGS["random_zoom_ok"]
    for have, want in zip(got["errors"], STRINGS["errors"]):
        assert have[0] == want[0], (have, want)
        if "{" in want[1]:  # a printed set: its order follows string hashing
            assert have[1].split("{")[0] == want[1].split("{")[0]
            assert sorted(have[1].split("{")[1].rstrip("}").split(", ")) == sorted(want[1].split("{")[1].rstrip("}").split(", "))
        else:
            assert have[1] == want[1], (have, want)


def test_save_and_load_roundtrip(tmp_path):
    x = np.random.default_rng(0).integers(0, 256, (5, 7, 3)).astype(np.float32)
    for ext in ("png", "bmp"):
        path = str(tmp_path / f"img.{ext}")
        tf.keras.utils.save_img(path, x, scale=False)
        back = tf.keras.utils.img_to_array(tf.keras.utils.load_img(path))
        assert back.shape == (5, 7, 3) and np.array_equal(back, x)
    img = tf.keras.utils.load_img(str(tmp_path / "img.png"), color_mode="rgba")
    assert img.mode == "RGBA" and img.size == (7, 5) and np.asarray(img)[..., 3].min() == 255
    with pytest.raises(ValueError, match="unknown file extension: .xyz"):
        tf.keras.utils.save_img(str(tmp_path / "a.xyz"), x)
    with pytest.raises(ValueError, match="JPEG"):
        tf.keras.utils.save_img(str(tmp_path / "a.jpg"), x)


def test_jpeg_is_refused_clearly(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(20))
    with pytest.raises(ValueError, match="cannot decode JPEG"):
        tf.keras.utils.load_img(str(path))


def test_load_img_errors(tmp_path):
    tf.keras.utils.save_img(str(tmp_path / "a.png"), np.zeros((4, 4, 3)))
    with pytest.raises(ValueError, match="Invalid interpolation method foo specified. Supported methods are nearest"):
        tf.keras.utils.load_img(str(tmp_path / "a.png"), target_size=(2, 2), interpolation="foo")
    with pytest.raises(ValueError, match='color_mode must be "grayscale", "rgb", or "rgba"'):
        tf.keras.utils.load_img(str(tmp_path / "a.png"), color_mode="cmyk")
    with pytest.warns(UserWarning, match="grayscale is deprecated"):
        assert tf.keras.utils.load_img(str(tmp_path / "a.png"), grayscale=True).mode == "L"


def test_iterator_is_a_sequence_for_fit():
    x = np.random.default_rng(1).uniform(size=(8, 4, 4, 1)).astype(np.float32)
    it = image.ImageDataGenerator().flow(x, np.arange(8) % 2, batch_size=4, shuffle=False)
    assert isinstance(it, tf.keras.utils.Sequence) and len(it) == 2
    model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(4, 4, 1)), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(it, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
    x_misc = it = image.ImageDataGenerator().flow((x, np.arange(8)), batch_size=3, shuffle=False)
    (bx, extra), = [x_misc[0]]
    assert bx.shape == (3, 4, 4, 1) and extra.tolist() == [0, 1, 2]
