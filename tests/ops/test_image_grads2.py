"""Gradients of the newer tf.image functions by float64 central differences, the ops TF does not
differentiate (None or LookupError, as there), graph tracing (static shapes and dtypes) and the
errors TF raises for bad input."""
import numpy as np
import pytest

import numtf as tf
from numtf.ops import image_crop_ops as crops
from numtf.ops import image_quality_ops as quality
from numtf.ops.registry import execute
from helpers import check_gradients, numeric_grad

RNG = np.random.default_rng(3)
IMG = RNG.uniform(0.05, 0.95, (2, 5, 6, 3))
# (corners chosen so that no sample point lands exactly on a pixel, where the bilinear sampling has a kink)
BOXES = np.array([[0.13, 0.21, 0.71, 0.93], [0.62, 0.11, 0.17, 0.83], [-0.23, 0.31, 0.52, 1.27]])
BOX_IND = np.array([0, 1, 1], np.int32)


@pytest.mark.parametrize("fn", [tf.image.rgb_to_hsv, tf.image.rgb_to_yiq, tf.image.yiq_to_rgb, tf.image.rgb_to_yuv,
                                tf.image.yuv_to_rgb, tf.image.total_variation, tf.image.sobel_edges,
                                lambda x: tf.image.image_gradients(x)[1],
                                lambda x: tf.image.stateless_random_crop(x, [1, 3, 3, 2], seed=[4, 5])],
                         ids=["hsv", "yiq", "yiq_inv", "yuv", "yuv_inv", "tv", "sobel", "image_gradients",
                              "stateless_random_crop"])
def test_composites_match_finite_differences(fn):
    check_gradients(fn, IMG[:1, :4, :4])


def test_adjust_gamma_gradient_matches_finite_differences():
    """adjust_gamma computes in float32 for every non-float16 image (as TF); its formula, checked
    here in float64, is gain * x ** gamma."""
    from numtf.ops.math_ops import multiply, pow as power
    check_gradients(lambda x: multiply(tf.constant(1.2, tf.float64), power(x, tf.constant(1.7, tf.float64))),
                    IMG[0])
    x = tf.constant(IMG[0].astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.image.adjust_gamma(x, 1.7, 1.2)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 1.2 * 1.7 * IMG[0] ** 0.7, rtol=1e-5)


@pytest.mark.parametrize("method", ["bilinear", "nearest"])
@pytest.mark.parametrize("crop", [(3, 4), (1, 1)])
def test_crop_and_resize_gradients_match_finite_differences(method, crop):
    """The kernels in float64 (the op itself returns float32, as TF's)."""
    w = RNG.standard_normal((3,) + crop + (3,))

    def f(image, boxes):
        out = crops.crop_and_resize_array(image, boxes, BOX_IND, crop, method, -1.0, work=np.float64)
        return float(np.sum(out * w))
    num_image, num_boxes = numeric_grad(f, [IMG.copy(), BOXES.copy()])
    got_image = crops.crop_and_resize_grad_image_array(w, BOXES, BOX_IND, IMG.shape, method, work=np.float64)
    np.testing.assert_allclose(got_image, num_image, rtol=1e-6, atol=1e-7)
    if method == "bilinear":  # TF's box gradient is the bilinear one for both methods
        got_boxes = crops.crop_and_resize_grad_boxes_array(w, IMG, BOXES, BOX_IND, work=np.float64)
        np.testing.assert_allclose(got_boxes, num_boxes, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("padding", ["VALID", "SAME"])
def test_extract_patches_and_its_gradient_op_match_finite_differences(padding):
    attrs = {"ksizes": (2, 3), "strides": (2, 1), "rates": (1, 2), "padding": padding}
    check_gradients(lambda x: execute(crops.EXTRACT_PATCHES, (x,), attrs), IMG)
    g = RNG.standard_normal(execute(crops.EXTRACT_PATCHES, (tf.constant(IMG),), attrs).shape)
    check_gradients(lambda g: execute(crops.EXTRACT_PATCHES_GRAD, (g, tf.constant(IMG)), attrs), g)


def test_ssim_statistics_match_finite_differences():
    """The SSIM maps in float64 (the public functions work in float32, as TF's)."""
    b = np.clip(IMG + RNG.uniform(-0.1, 0.1, IMG.shape), 0, 1)
    check_gradients(lambda x, y: quality._ssim_per_channel(x, y, 1.0, 3, 1.5, 0.01, 0.03), IMG, b)


def test_ops_tf_does_not_differentiate():
    x = tf.constant(IMG[0].astype(np.float32))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        rgb = tf.image.hsv_to_rgb(x)
        hue = tf.image.adjust_hue(x, 0.2)
        sat = tf.image.adjust_saturation(x, 1.5)
        drawn = tf.image.draw_bounding_boxes(x[None], [[[0.1, 0.1, 0.6, 0.6]]], None)
        scores = tf.reduce_sum(x[0], 1)
        boxes = tf.concat([x[0, :, :2] * 0.5, x[0, :, :2] * 0.5 + 0.5], 1)
        keep = tf.cast(tf.image.non_max_suppression(boxes, scores, 3), tf.float32)
    assert tape.gradient(rgb, x) is None  # TF: None (HSVToRGB is declared not differentiable)
    for y, op in ((hue, "AdjustHue"), (sat, "AdjustSaturation"), (drawn, "DrawBoundingBoxesV2")):
        with pytest.raises(LookupError, match=f"gradient registry has no entry for: {op}"):
            tape.gradient(y, x)
    assert tape.gradient(keep, x) is None


def test_traced_calls_have_static_shapes_and_dtypes():
    @tf.function
    def f(img, boxes):
        return (tf.image.rgb_to_hsv(img), tf.image.adjust_hue(img, 0.1), tf.image.rgb_to_yiq(img),
                tf.image.crop_and_resize(img, boxes, [0, 1], [3, 2]),
                tf.image.extract_patches(img, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"),
                tf.image.ssim(img, img * 0.5, 1.0, filter_size=3), tf.image.psnr(img, img * 0.5, 1.0),
                tf.image.sobel_edges(img), tf.image.total_variation(img),
                tf.image.non_max_suppression(boxes, [0.5, 0.6], 2),
                tf.image.draw_bounding_boxes(img, boxes[:, None], None),
                tf.image.stateless_random_contrast(img, 0.5, 1.5, seed=[1, 2]),
                tf.image.stateless_sample_distorted_bounding_box([5, 6, 3], boxes[None], seed=[1, 2])[1])
    img = tf.constant(IMG.astype(np.float32))
    boxes = tf.constant([[0.1, 0.1, 0.8, 0.9], [0.0, 0.0, 0.5, 0.5]])
    conc = f.get_concrete_function(tf.TensorSpec([2, 5, 6, 3]), tf.TensorSpec([2, 4]))
    shapes = [t.shape.as_list() for t in conc.structured_outputs]
    assert shapes == [[2, 5, 6, 3], [2, 5, 6, 3], [2, 5, 6, 3], [2, 3, 2, 3], [2, 4, 5, 12], [2], [2],
                      [2, 5, 6, 3, 2], [2], [None], [2, 5, 6, 3], [2, 5, 6, 3], [3]]
    traced, eager = f(img, boxes), f.python_function(img, boxes)
    for t, e in zip(traced, eager):
        assert t.dtype == e.dtype
        np.testing.assert_allclose(t.numpy(), e.numpy(), rtol=1e-6, atol=1e-6)


def test_errors_match_tensorflow():
    img = tf.constant(IMG.astype(np.float32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of uint8 is not in the list"):
        tf.image.rgb_to_hsv(tf.zeros([2, 2, 3], tf.uint8))
    with pytest.raises(tf.errors.FailedPreconditionError, match="input must have 3 channels but input only has 2"):
        tf.image.rgb_to_hsv(img[..., :2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Matrix size-incompatible"):
        tf.image.rgb_to_yiq(img[..., :2])
    with pytest.raises(TypeError, match="Cannot convert"):
        tf.image.rgb_to_yuv(tf.zeros([2, 2, 3], tf.int32))
    with pytest.raises(ValueError, match="Gamma should be a non-negative real number."):
        tf.image.adjust_gamma(img, -1.0)
    with pytest.raises(ValueError, match=r"delta must be in the interval \[-1, 1\]"):
        tf.image.adjust_hue(img, 1.5)
    with pytest.raises(tf.errors.OutOfRangeError, match=r"box_index has values outside \[0, batch_size\)"):
        tf.image.crop_and_resize(img, [[0.0, 0, 1, 1]], [5], [2, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="crop dimensions must be positive"):
        tf.image.crop_and_resize(img, [[0.0, 0, 1, 1]], [0], [0, 2])
    with pytest.raises(tf.errors.UnimplementedError, match="Only support ksizes across space."):
        tf.image.extract_patches(img, [2, 2, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="'images' must be either 3 or 4-dimensional."):
        tf.image.total_variation(img[0, 0])
    with pytest.raises(ValueError, match=r"image_gradients expects a 4D tensor \[batch_size, h, w, d\], not \(5, 6, 3\)."):
        tf.image.image_gradients(img[0])
    with pytest.raises(ValueError, match="target_height must be > 0."):
        tf.image.resize_with_pad(img, 0, 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"iou_threshold must be in \[0, 1\]"):
        tf.image.non_max_suppression(tf.ones([3, 4]), tf.ones([3]), 2, iou_threshold=1.5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="boxes must have 4 columns"):
        tf.image.non_max_suppression(tf.ones([3, 3]), tf.ones([3]), 2)
    with pytest.raises(ValueError, match="'pad_to_max_output_size' \\(value False\\) must be True for batched input"):
        tf.image.non_max_suppression_padded(tf.ones([1, 3, 4]), tf.ones([1, 3]), 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Channel depth should be either 1 \(GRY\), 3 \(RGB\)"):
        tf.image.draw_bounding_boxes(img[..., :2], tf.ones([2, 1, 4]), None)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of double is not in the list"):
        tf.image.draw_bounding_boxes(tf.zeros([1, 2, 2, 3], tf.float64), tf.ones([1, 1, 4]), None)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        tf.image.psnr(img, img[..., :2], 1.0)


def test_codecs_are_exported_under_tf_image():
    img = tf.constant(np.arange(12, dtype=np.uint8).reshape(2, 2, 3))
    png = tf.image.encode_png(img)
    assert tf.image.decode_png(png).numpy().tolist() == img.numpy().tolist()
    assert tf.image.decode_image(png).numpy().tolist() == img.numpy().tolist()
    assert callable(tf.image.decode_bmp) and callable(tf.image.decode_jpeg)
