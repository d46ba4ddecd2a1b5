"""tf.image.resize against TensorFlow 2.21 (tests/golden/image.npz, written by
tools/make_image_golden.py): values and gradients; float64 finite differences of the kernels and
of their gradient ops; graphs with unknown image sizes (a dataset's map); errors."""
import json
import os

import numpy as np
import pytest

import numtf as tf
from numtf.ops import image_ops
from numtf.ops.registry import execute
from helpers import check_gradients

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "image.npz"))
CASES = json.loads(str(GOLDEN["cases"]))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_resize_matches_tensorflow(case):
    g = lambda k: GOLDEN[f"{case['name']}/{k}"]  # noqa: E731
    x = tf.constant(g("x"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.image.resize(x, case["size"], method=case["method"])
    want = g("y")
    assert y.dtype.name == want.dtype.name and y.shape == want.shape
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-5, atol=1e-4)
    if case["dtype"] == "float32":
        grad = tape.gradient(y, x, output_gradients=tf.constant(g("w")))
        np.testing.assert_allclose(grad.numpy(), g("grad"), rtol=1e-5, atol=1e-5)


# ResizeBilinear's result is float32 whatever the input (as TF's), too coarse for finite
# differences: tests/ops/test_image_resize_methods.py checks it as the adjoint of its gradient op.
@pytest.mark.parametrize("op", [image_ops.RESIZE_NEAREST], ids=lambda o: o.name)
@pytest.mark.parametrize("size", [(3, 5), (6, 2)])
def test_resize_kernels_and_their_gradient_ops_match_finite_differences(op, size):
    attrs = {"align_corners": False, "half_pixel_centers": True}
    x = np.random.default_rng(0).standard_normal((2, 4, 3, 2))
    check_gradients(lambda x: execute(op, (x, tf.constant(size, tf.int32)), attrs), x)
    grad_op = image_ops.RESIZE_BILINEAR_GRAD if op is image_ops.RESIZE_BILINEAR else image_ops.RESIZE_NEAREST_GRAD
    g = np.random.default_rng(1).standard_normal((2,) + size + (2,))
    check_gradients(lambda g: execute(grad_op, (g, tf.constant(x)), attrs), g)


def test_resize_in_graphs_with_unknown_sizes():
    """A dataset of images of different sizes, resized in `map` (traced once, sizes unknown)."""
    images = [np.full((h, w, 3), float(h), np.float32) for h, w in ((5, 7), (8, 4), (3, 3))]
    ds = tf.data.Dataset.from_generator(lambda: iter(images), output_signature=tf.TensorSpec([None, None, 3]))
    out = [t.numpy() for t in ds.map(lambda img: tf.image.resize(img, (4, 6)) / 255.0)]
    assert [o.shape for o in out] == [(4, 6, 3)] * 3
    np.testing.assert_allclose([o.max() for o in out], [5 / 255, 8 / 255, 3 / 255], rtol=1e-6)

    @tf.function(input_signature=[tf.TensorSpec([None, None, None, 1])])
    def resize(x):
        return tf.image.resize(x, (2, 3))
    assert resize.get_concrete_function().structured_outputs.shape.as_list() == [None, 2, 3, 1]
    np.testing.assert_allclose(resize(np.ones((1, 5, 5, 1), np.float32)).numpy(), 1.0)


def test_resize_errors():
    with pytest.raises(ValueError, match="'images' must have either 3 or 4 dimensions."):
        tf.image.resize(tf.ones([4, 4]), (2, 2))
    with pytest.raises(ValueError, match="'size' must be a 1-D Tensor of 2 elements: new_height, new_width"):
        tf.image.resize(tf.ones([1, 4, 4, 1]), (2, 2, 2))
    with pytest.raises(ValueError, match="Resize method is not implemented: foo"):
        tf.image.resize(tf.ones([1, 4, 4, 1]), (2, 2), method="foo")
    with pytest.raises(tf.errors.InvalidArgumentError, match="output dimensions must be positive"):
        tf.image.resize(tf.ones([1, 4, 4, 1]), (0, 2))
    assert tf.image.ResizeMethod.BILINEAR == "bilinear" and tf.image.ResizeMethod.NEAREST_NEIGHBOR == "nearest"
