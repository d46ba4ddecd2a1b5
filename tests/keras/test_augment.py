"""The image augmentation layers (RandomRotation, RandomZoom, RandomTranslation, RandomCrop,
RandomContrast, RandomBrightness, RandomHeight, RandomWidth) and ImageProjectiveTransformV3 against
real TF / tf-keras (tests/golden/keras_augment.npz, tools/make_augment_golden.py, TF 2.21 + tf-keras):
the transform op for fixed matrices in every fill mode and interpolation, with its gradient; layer
outputs at inference and in training with degenerate factor ranges (deterministic draws); configs,
output shapes, errors, which layers pass gradients. Then what can't match TF's streams: the ranges
of the random draws, per-image vs per-batch draws, seeded reproducibility, and the layers in
Sequential.fit, tf.function and Dataset.map.
"""
import json
import math
import os
import re

import numpy as np
import pytest

import numtf as tf
from layer_helpers import check_config
from numtf.ops.image_augment_ops import image_projective_transform_v3

layers = tf.keras.layers
ARRAYS = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_augment.npz"))
META = json.loads(str(ARRAYS["meta"]))
H, W = 5, 6


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def _label(c):
    return f"{c['transform']}-{c['fill_mode']}-{c['interpolation']}-{c['dtype']}-{c['output_shape']}-{c['fill_value']}"


@pytest.mark.parametrize("i", range(len(META["transforms"])), ids=[_label(c) for c in META["transforms"]])
def test_projective_transform_against_tf(i):
    c = META["transforms"][i]
    key = f"transform/{i}"
    x = tf.constant(ARRAYS[key + "/x"])
    with tf.GradientTape() as tape:
        if c["grad"]:
            tape.watch(x)
        y = image_projective_transform_v3(x, ARRAYS[key + "/t"], c["output_shape"], c["fill_value"],
                                          c["interpolation"], c["fill_mode"])
        loss = tf.reduce_sum(y * tf.constant(ARRAYS[key + "/dy"])) if c["grad"] else None
    ref = ARRAYS[key + "/y"]
    assert y.dtype.name == ref.dtype.name and y.shape == ref.shape
    if ref.dtype.kind == "u":  # interpolated in float32 then truncated: allow one unit off at a tie
        assert np.abs(y.numpy().astype(int) - ref.astype(int)).max() <= 1
    else:
        np.testing.assert_allclose(y.numpy(), ref, rtol=1e-5, atol=1e-3)
    if c["grad"]:  # TF's gradient: the upstream gradient warped back by the inverse transform
        np.testing.assert_allclose(tape.gradient(loss, x).numpy(), ARRAYS[key + "/dx"], rtol=1e-5, atol=1e-4)


def test_projective_transform_graph_shape_and_errors():
    t = tf.constant([[1.0, 0, 0, 0, 1, 0, 0, 0]])

    @tf.function
    def warp(images):
        return image_projective_transform_v3(images, t, [3, 2], 0.0, "BILINEAR", "REFLECT")
    out = warp(tf.ones([2, 4, 4, 1]))
    assert out.shape == (2, 3, 2, 1)
    assert warp.get_concrete_function(tf.TensorSpec([None, 4, 4, 1])).structured_outputs.shape.as_list() == \
        [None, 3, 2, 1]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input images must have rank 4"):
        image_projective_transform_v3(tf.ones([4, 4, 1]), t, [4, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input transform should be num_images x 8"):
        image_projective_transform_v3(tf.ones([1, 4, 4, 1]), [[1.0, 0, 0]], [4, 4])
    x = tf.ones([1, 4, 4, 1])
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = image_projective_transform_v3(x, t, [4, 4])
    assert tape.gradient(y, t) is None  # as in TF: no gradient for the transforms


def _layer_label(c):
    return f"{c['layer']}-{json.dumps(c['kwargs'])}-{c['dtype']}-{'train' if c['training'] else 'infer'}"


@pytest.mark.parametrize("i", range(len(META["layers"])), ids=[_layer_label(c) for c in META["layers"]])
def test_layer_output_against_tf_keras(i):
    c = META["layers"][i]
    x, ref = ARRAYS[f"layer/{i}/x"], ARRAYS[f"layer/{i}/y"]
    layer = getattr(layers, c["layer"])(**c["kwargs"])
    y = layer(tf.constant(x), training=c["training"])
    assert y.dtype.name == c["out_dtype"] and y.shape == ref.shape
    np.testing.assert_allclose(y.numpy(), ref, rtol=1e-5, atol=2e-3)


@pytest.mark.parametrize("i", range(len(META["contrast"])))
def test_random_contrast_matches_tf_for_the_factor_it_drew(i):
    """tf-keras draws one contrast factor per batch and clips to [0, 255]: recover the factor TF
    drew, check its range, and that numtf's AdjustContrastv2 with it reproduces TF's output."""
    c = META["contrast"][i]
    x, ref = ARRAYS[f"contrast/{i}/x"], ARRAYS[f"contrast/{i}/y"]
    factor = c["kwargs"]["factor"]
    lower, upper = (factor, factor) if not isinstance(factor, list) else factor
    mean = x.mean(axis=(-3, -2), keepdims=True)
    dev = np.broadcast_to(x - mean, x.shape)
    inside = (ref > 0.5) & (ref < 254.5) & (np.abs(dev) > 1.0)
    drawn = np.median(((ref - mean) / np.where(inside, dev, 1.0))[inside])
    assert 1 - lower - 1e-4 <= drawn <= 1 + upper + 1e-4
    ours = tf.image.adjust_contrast(tf.constant(x), float(drawn))
    np.testing.assert_allclose(np.clip(ours.numpy(), 0, 255), ref, rtol=1e-4, atol=1e-2)


@pytest.mark.parametrize("i", range(len(META["configs"])),
                         ids=[f"{c['layer']}-{json.dumps(c['kwargs'])}" for c in META["configs"]])
def test_config_and_output_shape_against_tf_keras(i):
    c = META["configs"][i]
    layer = getattr(layers, c["layer"])(**c["kwargs"])
    config = layer.get_config()
    check_config(config, c["config"], label=c["layer"])
    assert list(config) == list(c["config"])  # tf-keras's key order
    shapes = [tf.TensorShape(layer.compute_output_shape(s)).as_list() for s in [(None, H, W, 3), (H, W, 3)]]
    assert shapes == c["compute_output_shape"]
    clone = type(layer).from_config(config)
    assert clone.get_config() == config


@pytest.mark.parametrize("i", range(len(META["errors"])),
                         ids=[f"{c['layer']}-{json.dumps(c['kwargs'])}" for c in META["errors"]])
def test_errors_as_tf_keras(i):
    c = META["errors"][i]
    cls = getattr(layers, c["layer"])
    kind, message = c["error"]
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in c["kwargs"].items()}  # TF got tuples
    exc = {"ValueError": ValueError, "TypeError": TypeError, "NotImplementedError": NotImplementedError}[kind]
    with pytest.raises(exc) as info:
        if "call" in c:
            cls(**kwargs)(tf.ones(c["call"]), training=True)
        else:
            cls(**kwargs)
    assert type(info.value) is exc
    assert re.search(re.escape(message), str(info.value)), (str(info.value), message)


@pytest.mark.parametrize("i", range(len(META["grads"])), ids=[c["layer"] for c in META["grads"]])
def test_gradients_pass_where_tf_passes_them(i):
    c = META["grads"][i]
    x = tf.constant(np.random.default_rng(i).uniform(0, 255, (2, H, W, 1)).astype("float32"))
    layer = getattr(layers, c["layer"])(**c["kwargs"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x, training=True) ** 2)
    if c["outcome"].startswith("LookupError"):
        with pytest.raises(LookupError, match=re.escape(c["outcome"].split(": ", 1)[1])):
            tape.gradient(loss, x)
    else:
        g = tape.gradient(loss, x)
        assert (g is None) == (c["outcome"] == "none")
        assert g is None or np.all(np.isfinite(g.numpy()))


# -- what can't match TF's streams ------------------------------------------------------------------------

IMAGES = np.random.default_rng(7).uniform(0, 255, (4, 7, 9, 2)).astype("float32")
ALL_LAYERS = [
    ("RandomRotation", {"factor": 0.2}), ("RandomZoom", {"height_factor": 0.3, "width_factor": 0.2}),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.3}), ("RandomCrop", {"height": 4, "width": 5}),
    ("RandomContrast", {"factor": 0.4}), ("RandomBrightness", {"factor": 0.3}), ("RandomHeight", {"factor": 0.4}),
    ("RandomWidth", {"factor": 0.4}),
]


@pytest.mark.parametrize("cls,kwargs", [
    ("RandomRotation", {"factor": 0}), ("RandomZoom", {"height_factor": 0}),
    ("RandomZoom", {"height_factor": 0, "width_factor": 0}), ("RandomTranslation", {"height_factor": 0, "width_factor": 0}),
    ("RandomBrightness", {"factor": 0}), ("RandomHeight", {"factor": 0}), ("RandomWidth", {"factor": 0}),
    ("RandomCrop", {"height": 7, "width": 9})])
def test_zero_factor_is_identity_in_training(cls, kwargs):
    y = getattr(layers, cls)(**kwargs)(tf.constant(IMAGES), training=True)
    np.testing.assert_allclose(y.numpy(), IMAGES, rtol=1e-6, atol=1e-3)


@pytest.mark.parametrize("cls,kwargs", ALL_LAYERS)
def test_training_switch_and_unbatched_images(cls, kwargs):
    layer = getattr(layers, cls)(**kwargs, seed=4)
    x = tf.constant(IMAGES)
    expected = layer(x, training=False)
    if cls != "RandomCrop":
        np.testing.assert_array_equal(expected.numpy(), IMAGES)
    out = layer(x)  # called directly, tf-keras's augmentation layers train
    assert out.dtype == tf.float32 and out.shape.rank == 4
    assert out.shape != x.shape or not np.allclose(out.numpy(), IMAGES)
    single = layer(tf.constant(IMAGES[0]), training=True)
    assert single.shape.rank == 3 and single.shape[-1] == 2
    inferred = tf.TensorShape(layer.compute_output_shape((None, 7, 9, 2))).as_list()
    assert all(d is None or d == s for d, s in zip(inferred, [None] + out.shape.as_list()[1:]))


def _draw_matrices(layer, n=2000, h=H, w=W):
    return layer._matrices(tf.constant([n]), h, w).numpy()


def test_random_rotation_angles_cover_the_range():
    m = _draw_matrices(layers.RandomRotation((-0.1, 0.2), seed=1))
    angles = np.arctan2(m[:, 3], m[:, 0]) / (2 * math.pi)
    assert angles.min() >= -0.1 - 1e-6 and angles.max() <= 0.2 + 1e-6
    assert angles.min() < -0.09 and angles.max() > 0.19
    np.testing.assert_allclose(m[:, 1], -m[:, 3], atol=1e-6)
    np.testing.assert_allclose(m[:, 6:], 0)
    cx, cy = (W - 1) / 2, (H - 1) / 2  # the center is a fixed point
    np.testing.assert_allclose(m[:, 0] * cx + m[:, 1] * cy + m[:, 2], cx, atol=1e-4)
    np.testing.assert_allclose(m[:, 3] * cx + m[:, 4] * cy + m[:, 5], cy, atol=1e-4)


def test_random_zoom_and_translation_ranges():
    m = _draw_matrices(layers.RandomZoom((-0.3, 0.2), seed=2))
    np.testing.assert_allclose(m[:, 0], m[:, 4])  # width_factor=None zooms both axes alike
    assert m[:, 4].min() >= 0.7 - 1e-6 and m[:, 4].max() <= 1.2 + 1e-6
    assert m[:, 4].min() < 0.71 and m[:, 4].max() > 1.19
    m = _draw_matrices(layers.RandomZoom(0.1, (0.3, 0.5), seed=2))
    assert 0.9 - 1e-6 <= m[:, 4].min() and m[:, 4].max() <= 1.1 + 1e-6
    assert 1.3 - 1e-6 <= m[:, 0].min() and m[:, 0].max() <= 1.5 + 1e-6
    m = _draw_matrices(layers.RandomTranslation((-0.2, 0.4), 0.1, seed=3))
    dy, dx = -m[:, 5] / H, -m[:, 2] / W
    assert -0.2 - 1e-6 <= dy.min() < -0.19 and 0.39 < dy.max() <= 0.4 + 1e-6
    assert -0.1 - 1e-6 <= dx.min() < -0.09 and 0.09 < dx.max() <= 0.1 + 1e-6


def test_matrix_builders_move_pixels_as_documented():
    img = np.zeros((1, 5, 5, 1), np.float32)
    img[0, 1, 3, 0] = 1.0  # above and right of the center (2, 2)
    quarter = layers.RandomRotation((0.25, 0.25), interpolation="nearest", fill_mode="constant")
    out = quarter(tf.constant(img), training=True).numpy()[0, ..., 0]
    assert out[1, 1] == 1.0 and out.sum() == 1.0  # counter-clockwise: now above and left
    shift = layers.RandomTranslation((0.2, 0.2), (-0.2, -0.2), interpolation="nearest", fill_mode="constant")
    out = shift(tf.constant(img), training=True).numpy()[0, ..., 0]
    assert out[2, 2] == 1.0 and out.sum() == 1.0  # down one, left one
    zoom_in = layers.RandomZoom((-0.5, -0.5), interpolation="nearest", fill_mode="constant")
    out = zoom_in(tf.constant(img), training=True).numpy()[0, ..., 0]
    assert out[0, 4] == 1.0  # twice as far from the center


def test_geometric_draws_are_per_image_and_contrast_per_batch():
    same = tf.constant(np.repeat(IMAGES[:1], 8, axis=0))
    for layer in [layers.RandomRotation(0.3), layers.RandomZoom(0.3), layers.RandomTranslation(0.3, 0.3),
                  layers.RandomBrightness(0.5)]:
        out = layer(same, training=True).numpy()
        assert len({o.tobytes() for o in out}) == 8, type(layer).__name__
    out = layers.RandomContrast(0.9)(same, training=True).numpy()
    assert len({o.tobytes() for o in out}) == 1
    out = layers.RandomCrop(3, 3)(same, training=True).numpy()
    assert len({o.tobytes() for o in out}) == 1  # one offset for the batch, as tf-keras


def test_random_brightness_deltas():
    x = np.full((500, 1, 1, 2), 0.5, np.float32)
    out = layers.RandomBrightness((-0.1, 0.3), value_range=(0, 1), seed=1)(tf.constant(x), training=True).numpy()
    np.testing.assert_allclose(out[..., 0], out[..., 1])  # one delta per image, all channels
    delta = out[:, 0, 0, 0] - 0.5
    assert -0.1 - 1e-6 <= delta.min() < -0.09 and 0.29 < delta.max() <= 0.3 + 1e-6
    out = layers.RandomBrightness(1.0)(tf.constant(IMAGES), training=True).numpy()
    assert out.min() >= 0 and out.max() <= 255


def test_random_contrast_factor_range_and_clip():
    x = IMAGES[:1]
    mean = x.mean(axis=(1, 2), keepdims=True)
    layer = layers.RandomContrast((0.2, 0.5), seed=3)
    drawn = []
    for _ in range(60):
        out = layer(tf.constant(x), training=True).numpy()
        assert out.min() >= 0 and out.max() <= 255
        inside = (out > 0) & (out < 255)
        drawn.append(np.median(((out - mean) / (x - mean))[inside]))
    assert 0.8 - 1e-4 <= min(drawn) < 0.9 and 1.4 < max(drawn) <= 1.5 + 1e-4


def test_random_height_width_and_crop_draws():
    x = tf.constant(IMAGES)
    heights = {layers.RandomHeight((-0.5, 0.5))(x, training=True).shape[1] for _ in range(80)}
    assert heights <= set(range(3, 11)) and len(heights) > 4  # int(7 * [0.5, 1.5))
    widths = {layers.RandomWidth(0.3)(x, training=True).shape[2] for _ in range(80)}
    assert widths <= set(range(6, 12)) and len(widths) > 3  # int(9 * [0.7, 1.3))
    crop = layers.RandomCrop(4, 5)
    corners = set()
    for _ in range(300):
        out = crop(x, training=True).numpy()
        matches = [(t, lft) for t in range(4) for lft in range(5)
                   if np.array_equal(out, IMAGES[:, t:t + 4, lft:lft + 5])]
        assert len(matches) == 1
        corners.add(matches[0])
    assert corners == {(t, lft) for t in range(4) for lft in range(5)}


@pytest.mark.parametrize("cls,kwargs", ALL_LAYERS)
def test_seeded_layers_reproduce(cls, kwargs):
    x = tf.constant(IMAGES)
    tf.random.set_seed(3)
    a = getattr(layers, cls)(**kwargs, seed=11)(x, training=True).numpy()
    tf.random.set_seed(3)
    b = getattr(layers, cls)(**kwargs, seed=11)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cls,kwargs", ALL_LAYERS)
def test_in_tf_function_and_dataset_map(cls, kwargs):
    layer = getattr(layers, cls)(**kwargs)

    @tf.function
    def augment(images):
        return layer(images, training=True)
    a, b = augment(tf.constant(IMAGES)).numpy(), augment(tf.constant(IMAGES)).numpy()
    assert a.shape[0] == 4 and a.dtype == np.float32
    assert a.shape != b.shape or not np.array_equal(a, b)  # fresh draws on every call of the trace
    ds = tf.data.Dataset.from_tensor_slices(IMAGES).batch(2).map(lambda im: layer(im, training=True))
    batches = [d.numpy() for d in ds]
    assert len(batches) == 2 and all(bt.shape[0] == 2 and bt.shape[-1] == 2 for bt in batches)
    single = tf.data.Dataset.from_tensor_slices(IMAGES).map(lambda im: layer(im, training=True))
    assert [d.shape.rank for d in single] == [3] * 4


def test_functional_model_shapes():
    inp = tf.keras.Input((7, 9, 2))
    out = layers.RandomHeight(0.2)(layers.RandomCrop(5, 6)(layers.RandomRotation(0.1)(inp)))
    assert out.shape.as_list() == [None, None, 6, 2]
    model = tf.keras.Model(inp, out)
    assert model.predict(IMAGES, verbose=0).shape == (4, 5, 6, 2)  # inference: no random height


def test_sequential_augmentation_in_fit():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (16, 8, 8, 1)).astype("uint8")
    labels = rng.integers(0, 2, (16,))
    model = tf.keras.Sequential([
        tf.keras.Input((8, 8, 1)), layers.RandomRotation(0.1, seed=1), layers.RandomZoom(0.1, seed=2),
        layers.RandomTranslation(0.1, 0.1, seed=3), layers.RandomBrightness(0.1, seed=4),
        layers.RandomContrast(0.2, seed=5), layers.RandomCrop(6, 6, seed=6), layers.Rescaling(1 / 255),
        layers.Flatten(), layers.Dense(2)])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    before = [w.numpy().copy() for w in model.trainable_weights]
    history = model.fit(images, labels, epochs=2, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 2 and np.all(np.isfinite(history.history["loss"]))
    assert any(not np.allclose(b, w.numpy()) for b, w in zip(before, model.trainable_weights))
    out = model.predict(images, verbose=0)
    np.testing.assert_array_equal(model.predict(images, verbose=0), out)  # no augmentation at inference
    assert np.isfinite(model.evaluate(images, labels, verbose=0))


def test_docstring_examples():
    import doctest
    from numtf.keras.layers import preprocessing_random
    from numtf.ops import image_augment_ops
    attempted = 0
    for module in (preprocessing_random, image_augment_ops):
        globs = {"tf": tf, "np": np}
        result = doctest.testmod(module, extraglobs=globs, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0
        attempted += result.attempted
    assert attempted >= 14
