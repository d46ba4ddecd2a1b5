"""tf.image's flips, crops, dtype conversion, grayscale, brightness/contrast and standardization.
Expected values are what TensorFlow 2.21 printed for the same calls."""
import numpy as np
import pytest

import numtf as tf

X = tf.reshape(tf.range(24, dtype=tf.float32), [2, 2, 2, 3]) / 24.0
GRID = tf.reshape(tf.range(16.0), [4, 4, 1])


def test_flips_and_rotations():
    assert np.allclose(tf.image.flip_left_right(X)[0, :, :, 0], [[0.125, 0.0], [0.375, 0.25]])
    assert np.allclose(tf.image.flip_up_down(X[0])[:, :, 1], [[0.29166666, 0.41666666], [0.04166667, 0.16666667]])
    assert np.allclose(tf.image.rot90(X[0])[:, :, 0], [[0.125, 0.375], [0.0, 0.25]])
    assert tf.image.rot90(tf.reshape(tf.range(4), [1, 2, 2, 1]), k=3)[0, :, :, 0].numpy().tolist() == [[2, 0], [3, 1]]
    assert tf.image.transpose(X[0]).shape == (2, 2, 3)
    with pytest.raises(ValueError):
        tf.image.flip_left_right(tf.ones([2, 3]))


def test_convert_image_dtype_scaling_rules():
    conv = tf.image.convert_image_dtype
    assert np.allclose(conv(tf.constant([[[0, 128, 255]]], tf.uint8), tf.float32), [[[0.0, 0.5019608, 1.0]]])
    # float -> int multiplies by MAX + 0.5 and wraps like a cast unless saturate
    assert conv(tf.constant([[[0.0, 0.5, 1.0, 1.2]]]), tf.uint8).numpy().tolist() == [[[0, 127, 255, 50]]]
    assert conv(tf.constant([[[0.0, 0.5, 1.0]]]), tf.uint8, saturate=True).numpy().tolist() == [[[0, 127, 255]]]
    assert conv(tf.constant([[[0, 1000]]], tf.int16), tf.uint8).numpy().tolist() == [[[0, 7]]]
    assert conv(tf.constant([[[0, 255]]], tf.uint8), tf.int32).numpy().tolist() == [[[0, 2139095040]]]
    assert conv(tf.constant([[[0.5]]]), tf.float64).dtype == tf.float64


def test_grayscale_brightness_contrast_standardization():
    gray = tf.image.rgb_to_grayscale(X)
    assert gray.shape == (2, 2, 2, 1) and np.allclose(gray[0, :, :, 0], [[0.03395833, 0.15894583],
                                                                         [0.28393334, 0.40892085]])
    assert tf.image.rgb_to_grayscale(tf.constant([[[10, 200, 30]]], tf.uint8)).numpy().tolist() == [[[124]]]
    assert tf.image.grayscale_to_rgb(tf.ones([1, 1, 1])).numpy().tolist() == [[[1.0, 1.0, 1.0]]]
    assert np.allclose(tf.image.adjust_brightness(X[0], 0.1)[0, 0], [0.1, 0.14166667, 0.18333334])
    assert tf.image.adjust_brightness(tf.constant([[[250]]], tf.uint8), 0.1).numpy().tolist() == [[[255]]]
    assert np.allclose(tf.image.adjust_contrast(X[0], 2.0)[0, 0], [-0.1875, -0.14583331, -0.10416666])
    std = tf.image.per_image_standardization(X)
    assert np.allclose(std[0, 0, 0], [-0.7938567, -0.6495191, -0.50518155], atol=1e-6)
    ones = tf.image.per_image_standardization(tf.ones([2, 2, 1], tf.uint8))
    assert ones.dtype == tf.float32 and ones.numpy().ravel().tolist() == [0.0] * 4


def test_crops_and_pads():
    assert tf.image.central_crop(GRID, 0.5)[:, :, 0].numpy().tolist() == [[5.0, 6.0], [9.0, 10.0]]
    assert tf.image.central_crop(tf.ones([2, 5, 5, 3]), 0.6).shape == (2, 3, 3, 3)
    assert tf.image.crop_to_bounding_box(GRID, 1, 1, 2, 2)[:, :, 0].numpy().tolist() == [[5.0, 6.0], [9.0, 10.0]]
    padded = tf.image.pad_to_bounding_box(tf.ones([2, 2, 1]), 1, 1, 4, 4)[:, :, 0].numpy().tolist()
    assert padded == [[0, 0, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0]]
    both = tf.image.resize_with_crop_or_pad(GRID, 2, 6)[:, :, 0].numpy().tolist()
    assert both == [[0, 4, 5, 6, 7, 0], [0, 8, 9, 10, 11, 0]]


def test_random_augmentation_in_a_dataset():
    ds = tf.data.Dataset.from_tensor_slices(tf.ones([4, 2, 2, 3], tf.uint8) * 100)
    ds = ds.map(lambda x: tf.image.convert_image_dtype(x, tf.float32))
    ds = ds.map(lambda x: tf.image.random_brightness(tf.image.random_flip_left_right(x, seed=1), 0.0))
    for x in ds:
        assert x.shape == (2, 2, 3) and x.dtype == tf.float32 and np.isclose(float(tf.reduce_mean(x)), 0.39215693)
    batch = tf.image.random_flip_up_down(tf.reshape(tf.range(8.0), [2, 2, 2, 1]))
    assert sorted(batch.numpy().ravel().tolist()) == list(range(8))
