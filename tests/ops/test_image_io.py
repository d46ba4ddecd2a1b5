"""tf.io.read_file / write_file and the PNG/BMP codecs against real TensorFlow 2.21
(tests/golden/dataset_utils.npz, tools/make_dataset_utils_golden.py): decodes of hand-written PNGs
(every colour type and bit depth, all five filters, Adam7, palettes with tRNS) and BMPs, at every
`channels` and dtype; decodes of PNGs written by TF's encode_png; encode/decode round trips; errors."""
import json
import os

import numpy as np
import pytest

import numtf as tf

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "dataset_utils.npz"))
META = json.loads(str(GOLDEN["cases"]))


def _bytes(key):
    return GOLDEN[key].tobytes()


@pytest.mark.parametrize("name", sorted(META["png"]))
def test_decode_png_matches_tf(name):
    data = _bytes(f"png/{name}/bytes")
    for key, result in META["png"][name].items():
        channels, dtype = key[1:].split("_")
        assert result == "ok"
        got = tf.io.decode_png(data, channels=int(channels), dtype=dtype)
        want = GOLDEN[f"png/{name}/{key}"]
        assert got.dtype.name == dtype and got.shape == want.shape, key
        np.testing.assert_array_equal(got.numpy(), want, err_msg=key)
    np.testing.assert_array_equal(tf.io.decode_image(data, expand_animations=False).numpy(),
                                  GOLDEN[f"png/{name}/decode_image"])


@pytest.mark.parametrize("name", sorted(META["bmp"]))
def test_decode_bmp_matches_tf(name):
    data = _bytes(f"bmp/{name}/bytes")
    for key, result in META["bmp"][name].items():
        channels = int(key[1:])
        if result == "ok":
            np.testing.assert_array_equal(tf.io.decode_bmp(data, channels=channels).numpy(),
                                          GOLDEN[f"bmp/{name}/{key}"])
        else:
            with pytest.raises(getattr(tf.errors, result[0])) as e:
                tf.io.decode_bmp(data, channels=channels)
            assert str(e.value) == result[1].split("}} ", 1)[1]
    np.testing.assert_array_equal(tf.io.decode_image(data).numpy(), GOLDEN[f"bmp/{name}/decode_image"])


@pytest.mark.parametrize("name", META["enc"])
def test_decode_tf_encoded_png_and_round_trip(name):
    image = GOLDEN[f"enc/{name}/image"]
    got = tf.io.decode_png(_bytes(f"enc/{name}/bytes"), dtype=image.dtype)
    np.testing.assert_array_equal(got.numpy(), image)
    ours = tf.io.encode_png(image)
    assert ours.dtype == tf.string and ours.shape == ()
    np.testing.assert_array_equal(tf.io.decode_png(ours, dtype=image.dtype).numpy(), image)
    for level in (0, 9):
        np.testing.assert_array_equal(tf.io.decode_png(tf.io.encode_png(image, compression=level),
                                                       dtype=image.dtype).numpy(), image)


def test_encode_png_random_images_round_trip():
    rng = np.random.default_rng(0)
    for shape in [(1, 1, 1), (17, 3, 2), (8, 31, 3), (5, 5, 4)]:
        for dtype, top in (("uint8", 256), ("uint16", 65536)):
            img = rng.integers(0, top, shape).astype(dtype)
            img[:, : shape[1] // 2] = img[:, :1]  # runs: Sub/Up/Paeth rows get picked
            out = tf.io.decode_png(tf.io.encode_png(tf.constant(img)), dtype=dtype).numpy()
            np.testing.assert_array_equal(out, img)


def test_encode_png_batch_and_errors():
    imgs = np.arange(2 * 3 * 4 * 3, dtype=np.uint8).reshape(2, 3, 4, 3)
    enc = tf.io.encode_png(imgs)
    assert enc.shape == (2,) and enc.dtype == tf.string
    np.testing.assert_array_equal(tf.io.decode_png(enc.numpy()[1]).numpy(), imgs[1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="image must have 1, 2, 3, or 4 channels, got 5"):
        tf.io.encode_png(np.zeros((2, 3, 5), np.uint8))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"images must be at least rank 3\[2, 3\]"):
        tf.io.encode_png(np.zeros((2, 3), np.uint8))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of float is not in the list"):
        tf.io.encode_png(np.zeros((2, 3, 3), np.float32))
    with pytest.raises(tf.errors.InternalError, match="PNG encoding failed at the following flattened batch"):
        tf.io.encode_png(np.zeros((0, 3, 3), np.uint8))


def test_decode_errors_match_tf():
    png = np.asarray(tf.io.encode_png(np.zeros((2, 3, 3), np.uint8)).numpy()).item()
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.io.decode_png(b"garbage")
    assert str(e.value) == ("Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required. "
                            "[Op:DecodePng]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"`channels` must be 0, 1, 3 or 4 but got 2 \[Op:DecodePng\]"):
        tf.io.decode_png(png, channels=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid PNG. Failed to initialize decoder."):
        tf.io.decode_png(png[:20])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'dtype' of float is not in the list"):
        tf.io.decode_png(png, dtype=tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"`contents` must be scalar but got shape\[2\]"):
        tf.io.decode_png([png, png])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Trying to decode PNG format using DecodeBmp op"):
        tf.io.decode_bmp(png)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incomplete bmp content, requires at least 32 bytes"):
        tf.io.decode_bmp(b"BM" + b"\0" * 10)
    with pytest.raises(tf.errors.InvalidArgumentError, match="numtf cannot decode JPEG images"):
        tf.io.decode_image(b"\xff\xd8\xff\xe0" + b"0" * 40)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`channels` must be 0, 1, 3 or 4 but got 2"):
        tf.io.decode_image(png, channels=2)


def test_decode_image_dtypes():
    img = np.array([[[255, 128, 1]]], np.uint8)
    png = tf.io.encode_png(img)
    f = tf.io.decode_image(png, dtype=tf.float32)
    assert f.dtype == tf.float32
    np.testing.assert_allclose(f.numpy(), [[[1.0, 0.50196075, 0.00392157]]], rtol=1e-6)
    png16 = tf.io.encode_png(np.array([[[65535, 32768, 1]]], np.uint16))
    np.testing.assert_array_equal(tf.io.decode_image(png16).numpy(), [[[255, 128, 0]]])
    np.testing.assert_array_equal(tf.io.decode_image(png16, dtype=tf.uint16).numpy(), [[[65535, 32768, 1]]])
    np.testing.assert_array_equal(tf.io.decode_png(png16).numpy(), [[[255, 128, 0]]])


def test_read_write_file(tmp_path):
    path = str(tmp_path / "sub" / "a.bin")
    tf.io.write_file(path, b"\x00\x01hello")
    t = tf.io.read_file(path)
    assert t.dtype == tf.string and t.shape == () and t.numpy() == b"\x00\x01hello"
    with pytest.raises(tf.errors.NotFoundError) as e:
        tf.io.read_file(str(tmp_path / "nope.txt"))
    assert str(e.value) == f"{tmp_path / 'nope.txt'}; No such file or directory [Op:ReadFile]"
    with pytest.raises(tf.errors.FailedPreconditionError, match="Is a directory"):
        tf.io.read_file(str(tmp_path))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Input filename tensor must be scalar, but had shape: \[1\]"):
        tf.io.read_file([path])


def test_codecs_in_graphs_and_datasets(tmp_path):
    img = np.arange(4 * 5 * 3, dtype=np.uint8).reshape(4, 5, 3)
    for i in range(3):
        tf.io.write_file(str(tmp_path / f"{i}.png"), tf.io.encode_png(img + i))

    @tf.function
    def load(path):
        x = tf.io.decode_png(tf.io.read_file(path), channels=3)
        assert x.shape.as_list() == [None, None, 3]
        y = tf.io.decode_image(tf.io.read_file(path), channels=1, expand_animations=False)
        assert y.shape.as_list() == [None, None, 1]
        return x
    np.testing.assert_array_equal(load(tf.constant(str(tmp_path / "1.png"))).numpy(), img + 1)
    ds = tf.data.Dataset.from_tensor_slices([str(tmp_path / f"{i}.png") for i in range(3)])
    ds = ds.map(lambda p: tf.io.decode_png(tf.io.read_file(p)))
    out = [x.numpy() for x in ds]
    for i in range(3):
        np.testing.assert_array_equal(out[i], img + i)
