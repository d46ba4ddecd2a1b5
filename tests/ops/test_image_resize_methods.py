"""Image resizing against TensorFlow 2.21 (tests/golden/image_resize.npz, written by
tools/make_image_resize_golden.py): tf.image.resize with every method, the raw resize kernels on
each sampling grid, TF 1's tf.compat.v1.image functions; values, dtypes, shapes and gradients,
eagerly and in tf.function. Plus TF's errors, enums and signatures.
"""
import inspect
import json
import logging
import os

import numpy as np
import pytest

import numtf as tf
import numtf.compat.v1 as tf1
from numtf.ops import image_ops
from numtf.ops.registry import execute

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "image_resize.npz"))
CASES = json.loads(str(GOLDEN["cases"]))


def _lookup(path):
    fn = tf
    for part in path.split("."):
        fn = getattr(fn, part)
    return fn


def _run(c, in_function=False):
    g = GOLDEN
    x = tf.constant(g[c["name"] + "/in"])
    fn = _lookup(c["fn"])

    def call(x):
        return fn(**{c["image_arg"]: x}, **c["kwargs"])
    if in_function:
        call = tf.function(call)
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = call(x)
        total = tf.reduce_sum(out * tf.constant(g[c["name"] + "/w"])) if c["grad"] else None
    return out, (tape.gradient(total, x) if c["grad"] else None)


def _check(c, out, grad):
    want = GOLDEN[c["name"] + "/out"]
    assert out.dtype.name == want.dtype.name and tuple(out.shape) == want.shape, c["name"]
    np.testing.assert_allclose(np.asarray(out.numpy(), np.float64), want.astype(np.float64), rtol=1e-5, atol=2e-4,
                               err_msg=c["name"])
    if c["grad"]:
        np.testing.assert_allclose(grad.numpy(), GOLDEN[c["name"] + "/grad"], rtol=1e-5, atol=2e-4, err_msg=c["name"])


@pytest.mark.parametrize("group", sorted({c["name"].split("/")[0] + "/" + c["name"].split("/")[1] for c in CASES}))
def test_resize_matches_tensorflow(group):
    cases = [c for c in CASES if c["name"] == group or c["name"].startswith(group + "/")]
    assert cases
    for c in cases:
        _check(c, *_run(c))


@pytest.mark.parametrize("name", ["resize/lanczos3/True/[3, 4]", "resize/bicubic/False/[7, 10]",
                                  "resize/area/False/[2, 9]", "resize/gaussian/aspect",
                                  "raw/ResizeBilinear/True/False/[8, 11]",
                                  "raw/ResizeNearestNeighbor/True/False/[3, 4]", "raw/ScaleAndTranslate/keyscubic",
                                  "v1/resize_images/2/True/uint8",
                                  "v1/resize/1/same"])
def test_resize_in_tf_function_matches_tensorflow(name):
    c, = [c for c in CASES if c["name"] == name]
    _check(c, *_run(c, in_function=True))


@pytest.mark.parametrize("op,grad_op", [(image_ops.RESIZE_BILINEAR, image_ops.RESIZE_BILINEAR_GRAD),
                                        (image_ops.RESIZE_NEAREST, image_ops.RESIZE_NEAREST_GRAD),
                                        (image_ops.RESIZE_BICUBIC, image_ops.RESIZE_BICUBIC_GRAD)],
                         ids=lambda o: o.name)
@pytest.mark.parametrize("grid", [(False, True), (False, False), (True, False)])
def test_kernels_and_gradient_ops_are_adjoint(op, grad_op, grid):
    """<R x, g> = <x, R^T g>, and the gradient op's own gradient resizes again."""
    attrs = {"align_corners": grid[0], "half_pixel_centers": grid[1]}
    rng = np.random.default_rng(0)
    x = tf.constant(rng.standard_normal((2, 4, 3, 2)).astype(np.float32))
    g = tf.constant(rng.standard_normal((2, 5, 7, 2)).astype(np.float32))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, g])
        y = execute(op, (x, tf.constant([5, 7])), attrs)
        z = execute(grad_op, (g, x), attrs)
        ly, lz = tf.reduce_sum(y * g), tf.reduce_sum(z * x)
    np.testing.assert_allclose(tape.gradient(ly, x).numpy(), z.numpy(), rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(lz, g).numpy(), y.numpy(), rtol=1e-6)
    np.testing.assert_allclose(ly.numpy(), lz.numpy(), rtol=1e-5)


def test_resize_errors_as_tensorflow():
    x = tf.ones([1, 4, 4, 1])
    for op in ("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic"):
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=rf"If half_pixel_centers is True, align_corners must be False. \[Op:{op}\]"):
            getattr(tf.raw_ops, op)(images=x, size=[2, 2], align_corners=True, half_pixel_centers=True)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Unrecognized kernel type: foo \[Op:ScaleAndTranslate\]"):
        tf.raw_ops.ScaleAndTranslate(images=x, size=[2, 2], scale=[1.0, 1.0], translation=[0.0, 0.0],
                                     kernel_type="foo")
    with pytest.raises(ValueError, match="^Resize method is not implemented: 5$"):
        tf.image.resize(x, (2, 2), method=5)
    with pytest.raises(ValueError, match="^'size' must be a 1-D int32 Tensor$"):
        tf.image.resize(x, (2.0, 3.0))
    with pytest.raises(ValueError, match="^Resize method is not implemented: lanczos3$"):
        tf1.image.resize_images(x, (2, 2), method="lanczos3")
    with pytest.raises(ValueError, match="^Resize method is not implemented: 7$"):
        tf1.image.resize(x, (2, 2), method=7)
    with pytest.raises(LookupError, match="gradient registry has no entry for: ResizeArea"):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.image.resize(x, (3, 3), method="area")
        tape.gradient(y, x)


def test_resize_method_enums():
    assert {k: getattr(tf.image.ResizeMethod, k) for k in dir(tf.image.ResizeMethod) if k.isupper()} == {
        "AREA": "area", "BICUBIC": "bicubic", "BILINEAR": "bilinear", "GAUSSIAN": "gaussian",
        "LANCZOS3": "lanczos3", "LANCZOS5": "lanczos5", "MITCHELLCUBIC": "mitchellcubic",
        "NEAREST_NEIGHBOR": "nearest"}
    assert {k: getattr(tf1.image.ResizeMethod, k) for k in dir(tf1.image.ResizeMethod) if k.isupper()} == {
        "AREA": 3, "BICUBIC": 2, "BILINEAR": 0, "NEAREST_NEIGHBOR": 1}
    assert tf1.image.ResizeMethod.__name__ == "ResizeMethodV1"
    assert tf.compat.v1.image.resize is tf.compat.v1.image.resize_images
    assert tf.compat.v1.image.resize_images.__name__ == "resize_images"
    assert tf1.image.flip_left_right is tf.image.flip_left_right  # the rest is TF2's tf.image


def test_v1_signatures():
    sig = {f: str(inspect.signature(getattr(tf1.image, f))) for f in (
        "resize_bilinear", "resize_nearest_neighbor", "resize_bicubic", "resize_area", "resize_images", "resize",
        "resize_image_with_crop_or_pad", "resize_image_with_pad")}
    legacy = "(images, size, align_corners=False, name=None, half_pixel_centers=False)"
    assert sig == {"resize_bilinear": legacy, "resize_nearest_neighbor": legacy, "resize_bicubic": legacy,
                   "resize_area": "(images, size, align_corners=False, name=None)",
                   "resize_images": "(images, size, method=0, align_corners=False, preserve_aspect_ratio=False, "
                                    "name=None)",
                   "resize": "(images, size, method=0, align_corners=False, preserve_aspect_ratio=False, name=None)",
                   "resize_image_with_crop_or_pad": "(image, target_height, target_width)",
                   "resize_image_with_pad": "(image, target_height, target_width, method=0, align_corners=False)"}


def test_v1_kernels_warn_once_as_deprecated(caplog):
    from numtf.ops import image_resize_v1
    image_resize_v1._warned.discard("resize_bicubic")
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        tf1.image.resize_bicubic(tf.ones([1, 2, 2, 1]), [3, 3])
        tf1.image.resize_bicubic(tf.ones([1, 2, 2, 1]), [3, 3])
    msgs = [r.getMessage() for r in caplog.records if "resize_bicubic" in r.getMessage()]
    assert len(msgs) == 1 and "is deprecated and will be removed in a future version." in msgs[0]
    assert msgs[0].endswith("Instructions for updating:\nUse `tf.image.resize(...method=ResizeMethod.BICUBIC...)` "
                            "instead.")


def test_static_shapes_in_graphs():
    @tf.function(input_signature=[tf.TensorSpec([None, None, None, 1])])
    def f(a):
        out = [tf.image.resize(a, (4, 3), method=m, preserve_aspect_ratio=p) for m in ("bicubic", "nearest")
               for p in (False, True)]
        return [t.shape.as_list() for t in out] + [tf1.image.resize_images(a, (4, 3), method=1).shape.as_list()]
    shapes = f.get_concrete_function().structured_outputs
    assert shapes == [[None, 4, 3, 1], [None, None, None, 1], [None, 4, 3, 1], [None, None, None, 1],
                      [None, 4, 3, 1]]
    out = tf.function(lambda a: tf.image.resize(a, (4, 3), preserve_aspect_ratio=True))(tf.ones([2, 5, 7, 1]))
    assert out.shape == (2, 2, 3, 1)
