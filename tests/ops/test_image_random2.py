"""tf.image's random augmentations (random_contrast/hue/saturation/crop and the stateless_*
family) and sample_distorted_bounding_box: TF's argument checks, the distributions of what they
draw, shapes and dtypes, and reproducibility under numtf's seeds."""
import numpy as np
import pytest

import numtf as tf

IMG = tf.constant(np.random.default_rng(0).uniform(0, 1, (4, 5, 3)).astype(np.float32))


def _contrast_factor(out, image):
    mean = tf.reduce_mean(image, [0, 1], keepdims=True)
    return float(tf.reduce_sum((out - mean) * (image - mean)) / tf.reduce_sum((image - mean) ** 2))


def test_argument_checks_match_tensorflow():
    for fn in (tf.image.random_contrast, tf.image.random_saturation):
        with pytest.raises(ValueError, match="upper must be > lower."):
            fn(IMG, 0.5, 0.5)
        with pytest.raises(ValueError, match="lower must be non-negative."):
            fn(IMG, -1.0, 0.5)
    for fn in (tf.image.stateless_random_contrast, tf.image.stateless_random_saturation):
        with pytest.raises(ValueError, match="upper must be > lower."):
            fn(IMG, 0.5, 0.5, seed=[1, 2])
    with pytest.raises(ValueError, match="max_delta must be <= 0.5."):
        tf.image.random_hue(IMG, 0.6)
    with pytest.raises(ValueError, match="max_delta must be non-negative."):
        tf.image.stateless_random_hue(IMG, -0.1, seed=[1, 2])
    with pytest.raises(ValueError, match="max_delta must be non-negative."):
        tf.image.stateless_random_brightness(IMG, -0.1, seed=[1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seed must have shape \[2\], not \[1\]"):
        tf.image.stateless_random_flip_left_right(IMG, seed=[1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need value.shape >= size"):
        tf.image.random_crop(IMG, [5, 5, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[3\] vs. \[2\]"):
        tf.image.random_crop(IMG, [2, 2])


def test_random_contrast_draws_uniform_factors_reproducibly():
    tf.random.set_seed(7)
    first = [_contrast_factor(tf.image.random_contrast(IMG, 0.2, 1.8), IMG) for _ in range(300)]
    tf.random.set_seed(7)
    again = [_contrast_factor(tf.image.random_contrast(IMG, 0.2, 1.8), IMG) for _ in range(300)]
    assert np.allclose(first, again)
    assert 0.2 <= min(first) and max(first) < 1.8
    assert abs(np.mean(first) - 1.0) < 0.08 and abs(np.std(first) - 1.6 / np.sqrt(12)) < 0.06


def test_stateless_variants_are_functions_of_the_seed():
    calls = [lambda s: tf.image.stateless_random_brightness(IMG, 0.3, s),
             lambda s: tf.image.stateless_random_contrast(IMG, 0.5, 1.5, s),
             lambda s: tf.image.stateless_random_hue(IMG, 0.3, s),
             lambda s: tf.image.stateless_random_saturation(IMG, 0.2, 1.5, s),
             lambda s: tf.image.stateless_random_crop(IMG, [2, 3, 3], s)]
    for call in calls:
        a, b, c = call([1, 2]), call([1, 2]), call([3, 4])
        assert a.dtype == tf.float32 and a.numpy().tolist() == b.numpy().tolist()
        assert a.numpy().tolist() != c.numpy().tolist()
    deltas = [float(tf.reduce_mean(tf.image.stateless_random_brightness(IMG, 0.3, [i, 0]) - IMG)) for i in range(300)]
    assert -0.3 <= min(deltas) and max(deltas) < 0.3 and abs(np.mean(deltas)) < 0.03
    factors = [_contrast_factor(tf.image.stateless_random_contrast(IMG, 0.5, 1.5, [i, 9]), IMG) for i in range(300)]
    assert 0.5 <= min(factors) and max(factors) < 1.5 and abs(np.mean(factors) - 1.0) < 0.05


def test_hue_and_saturation_keep_dtype_and_range():
    u8 = tf.image.convert_image_dtype(IMG, tf.uint8)
    for out in (tf.image.random_hue(u8, 0.4, seed=3), tf.image.random_saturation(u8, 0.5, 2.0, seed=3)):
        assert out.dtype == tf.uint8 and out.shape == (4, 5, 3)
    hsv = tf.image.rgb_to_hsv(IMG)
    for _ in range(20):
        out = tf.image.rgb_to_hsv(tf.image.random_hue(IMG, 0.25))
        shift = np.mod(out[..., 0].numpy() - hsv[..., 0].numpy() + 0.5, 1.0) - 0.5
        assert np.ptp(shift) < 1e-4 and abs(shift.mean()) <= 0.25 + 1e-5  # one hue rotation per image
        np.testing.assert_allclose(out[..., 2], hsv[..., 2], atol=1e-5)  # value unchanged


def test_stateless_flips_per_image_with_probability_one_half():
    batch = tf.reshape(tf.range(8 * 3 * 2, dtype=tf.float32), [8, 3, 2, 1])
    flipped = 0
    for i in range(50):
        out = tf.image.stateless_random_flip_left_right(batch, seed=[i, 1]).numpy()
        assert out.tolist() == tf.image.stateless_random_flip_left_right(batch, seed=[i, 1]).numpy().tolist()
        same = np.all(out == batch.numpy(), axis=(1, 2, 3))
        flip = np.all(out == batch.numpy()[:, :, ::-1], axis=(1, 2, 3))
        assert np.all(same | flip)
        flipped += int(flip.sum())
    assert 150 < flipped < 250  # 400 coins
    one = tf.image.stateless_random_flip_up_down(IMG, seed=[5, 5]).numpy()
    assert one.tolist() in (IMG.numpy().tolist(), IMG.numpy()[::-1].tolist())


def test_random_crop_offsets_are_uniform_and_fresh_per_traced_call():
    line = tf.reshape(tf.range(6), [6, 1])
    tf.random.set_seed(1)
    starts = [int(tf.image.random_crop(line, [3, 1])[0, 0]) for _ in range(400)]
    counts = np.bincount(starts, minlength=4)
    assert counts.size == 4 and counts.min() > 60  # offsets 0..3 each about 100 times

    @tf.function
    def crop(x):
        return tf.image.random_crop(x, [3, 1], seed=2), tf.image.stateless_random_crop(x, [3, 1], seed=[1, 1])
    runs = [crop(line) for _ in range(30)]
    assert len({int(r[0][0, 0]) for r in runs}) > 1 and len({int(r[1][0, 0]) for r in runs}) == 1
    assert runs[0][0].shape == (3, 1) and runs[0][0].dtype == tf.int32


def test_sample_distorted_bounding_box_respects_its_constraints():
    boxes = tf.constant([[[0.1, 0.2, 0.5, 0.6], [0.6, 0.6, 0.9, 0.95]]])
    for i in range(100):
        begin, size, bbox = tf.image.stateless_sample_distorted_bounding_box(
            [40, 60, 3], boxes, seed=[i, 3], min_object_covered=0.5, aspect_ratio_range=(0.5, 2.0),
            area_range=(0.1, 0.8))
        (y, x, z), (h, w, c) = begin.numpy().tolist(), size.numpy().tolist()
        assert z == 0 and c == -1 and y + h <= 40 and x + w <= 60
        np.testing.assert_allclose(bbox.numpy()[0, 0], [y / 40, x / 60, (y + h) / 40, (x + w) / 60], rtol=1e-6)
        if (h, w) != (40, 60):  # (the whole image is the fallback)
            assert 0.1 <= h * w / 2400 <= 0.8 and 0.4 < w / h < 2.5
            cover = []
            for b in boxes.numpy()[0] * [40, 60, 40, 60]:
                ih = max(0, min(y + h, b[2]) - max(y, b[0]))
                iw = max(0, min(x + w, b[3]) - max(x, b[1]))
                cover.append(ih * iw / ((b[2] - b[0]) * (b[3] - b[1])))
            assert max(cover) >= 0.5 - 1e-6


def test_sample_distorted_bounding_box_seeds_dtypes_and_errors():
    boxes = [[[0.1, 0.1, 0.5, 0.5]]]
    tf.random.set_seed(4)
    a = [t.numpy().tolist() for t in tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, seed=3)]
    tf.random.set_seed(4)
    b = [t.numpy().tolist() for t in tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, seed=3)]
    assert a == b
    out = tf.image.stateless_sample_distorted_bounding_box(tf.constant([10, 20, 3], tf.int64), boxes, seed=[3, 4])
    assert [t.dtype for t in out] == [tf.int64, tf.int64, tf.float32]
    whole = tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, area_range=(0.5, 0.1))
    assert whole[1].numpy().tolist() == [10, 20, -1]  # no crop can satisfy the range
    empty = tf.image.sample_distorted_bounding_box([10, 20, 3], tf.zeros([1, 0, 4]), use_image_if_no_bounding_boxes=True)
    assert empty[2].shape == (1, 1, 4)
    err = tf.errors.InvalidArgumentError
    with pytest.raises(err, match="Min object covered must be non-negative: -1"):
        tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, min_object_covered=-1.0)
    with pytest.raises(err, match=r"Aspect ratio range must be non-negative: \[0, 1\]"):
        tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, aspect_ratio_range=(0.0, 1.0))
    with pytest.raises(err, match=r"Area range must be non-negative: \[0, 2\]"):
        tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, area_range=(0.0, 2.0))
    with pytest.raises(err, match="Max attempts must be non-negative: 0"):
        tf.image.sample_distorted_bounding_box([10, 20, 3], boxes, max_attempts=0)
    with pytest.raises(err, match="No bounding boxes provided as input."):
        tf.image.sample_distorted_bounding_box([10, 20, 3], tf.zeros([1, 0, 4]))
    with pytest.raises(err, match=r"image_size must contain 3 elements\[2\]"):
        tf.image.sample_distorted_bounding_box([10, 20], boxes)
