"""Writes tests/golden/image_resize.npz: image resizing of real TensorFlow 2.21, values and
gradients: tf.image.resize with every method (antialias on and off, preserve_aspect_ratio), the
resize kernels of tf.raw_ops with each align_corners / half_pixel_centers grid, and TF 1's
tf.compat.v1.image resize functions.

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_image_resize_golden.py

Each case ("cases", JSON) names a function by its path under `tf` ("image.resize",
"raw_ops.ResizeBicubic", "compat.v1.image.resize_images"), its image (a random array of a shape
and dtype, passed as `image_arg`), its keyword arguments, and whether to differentiate. Recorded
per case: the image `<name>/in`, the output `<name>/out` (its dtype as the array's), and with
`grad` the gradient `<name>/grad` of sum(out * w) with random weights `<name>/w`.
tests/ops/test_image_resize_methods.py replays every case through numtf.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "image_resize.npz")

METHODS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"]
GRIDS = [(False, False), (True, False), (False, True)]  # (align_corners, half_pixel_centers)


def case(name, fn, shape, dtype="float32", grad=False, image_arg="images", **kwargs):
    return {"name": name, "fn": fn, "shape": shape, "dtype": dtype, "grad": grad, "image_arg": image_arg,
            "kwargs": kwargs}


CASES = []
for m in METHODS:
    for aa in (False, True):
        for size in ([3, 4], [7, 10], [2, 9]):
            CASES.append(case(f"resize/{m}/{aa}/{size}", "image.resize", [2, 5, 6, 2], grad=m != "area",
                              size=size, method=m, antialias=aa))
    for dtype in ("uint8", "float64", "float16"):
        CASES.append(case(f"resize/{m}/{dtype}", "image.resize", [1, 4, 3, 3], dtype, size=[6, 2], method=m))
    CASES.append(case(f"resize/{m}/aspect", "image.resize", [5, 8, 1], size=[4, 10], method=m,
                      preserve_aspect_ratio=True, antialias=True))
CASES.append(case("resize/aspect/same", "image.resize", [1, 3, 5, 1], "uint8", size=[30, 5],
                  preserve_aspect_ratio=True))
for op in ("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic"):
    for ac, hp in GRIDS:
        for size in ([3, 4], [8, 11], [1, 1]):
            CASES.append(case(f"raw/{op}/{ac}/{hp}/{size}", f"raw_ops.{op}", [2, 4, 5, 2], grad=True, size=size,
                              align_corners=ac, half_pixel_centers=hp))
    CASES.append(case(f"raw/{op}/uint8", f"raw_ops.{op}", [1, 3, 3, 1], "uint8", size=[5, 2]))
for ac in (False, True):
    for size in ([3, 4], [8, 11], [1, 1], [2, 7]):
        CASES.append(case(f"raw/ResizeArea/{ac}/{size}", "raw_ops.ResizeArea", [2, 4, 5, 2], size=size,
                          align_corners=ac))
for kernel, aa in (("lanczos3", True), ("keyscubic", False), ("triangle", True), ("gaussian", True)):
    CASES.append(case(f"raw/ScaleAndTranslate/{kernel}", "raw_ops.ScaleAndTranslate", [1, 5, 4, 2], grad=True,
                      size=[3, 7], scale=[0.6, 1.75], translation=[0.25, -0.5], kernel_type=kernel, antialias=aa))
for method in (0, 1, 2, 3, "bicubic"):
    for ac in (False, True):
        for dtype in ("float32", "uint8"):
            CASES.append(case(f"v1/resize_images/{method}/{ac}/{dtype}", "compat.v1.image.resize_images",
                              [2, 5, 4, 3], dtype, size=[3, 7], method=method, align_corners=ac))
    CASES.append(case(f"v1/resize/{method}/same", "compat.v1.image.resize", [5, 4, 3], "uint8", size=[5, 4],
                      method=method))
    CASES.append(case(f"v1/resize/{method}/aspect", "compat.v1.image.resize", [5, 4, 3], "float64", size=[8, 3],
                      method=method, preserve_aspect_ratio=True, align_corners=True))
for fn in ("resize_bilinear", "resize_nearest_neighbor", "resize_bicubic"):
    for ac, hp in GRIDS:
        CASES.append(case(f"v1/{fn}/{ac}/{hp}", f"compat.v1.image.{fn}", [1, 4, 6, 1], grad=True, size=[7, 3],
                          align_corners=ac, half_pixel_centers=hp))
CASES.append(case("v1/resize_area", "compat.v1.image.resize_area", [1, 4, 6, 1], "uint8", size=[3, 4],
                  align_corners=True))
CASES.append(case("v1/resize_image_with_pad", "compat.v1.image.resize_image_with_pad", [5, 3, 2], image_arg="image",
                  target_height=4, target_width=7, method=1, align_corners=True))
CASES.append(case("v1/resize_image_with_pad/uint8", "compat.v1.image.resize_image_with_pad", [2, 5, 3, 2], "uint8",
                  image_arg="image", target_height=6, target_width=4))
CASES.append(case("v1/resize_image_with_crop_or_pad", "compat.v1.image.resize_image_with_crop_or_pad", [5, 3, 2],
                  image_arg="image", target_height=4, target_width=7))
# one-hot columns reveal a kernel's weight matrix along the height: every small in/out pair
for H in (1, 2, 3, 5):
    for o in (1, 2, 3, 4, 7):
        for op, grids in (("ResizeBilinear", GRIDS), ("ResizeNearestNeighbor", GRIDS), ("ResizeBicubic", GRIDS),
                          ("ResizeArea", [(False, None), (True, None)])):
            for ac, hp in grids:
                extra = {} if hp is None else {"half_pixel_centers": hp}
                CASES.append(case(f"weights/{op}/{ac}/{hp}/{H}/{o}", f"raw_ops.{op}", [1, H, 1, H], "eye",
                                  size=[o, 1], align_corners=ac, **extra))


def make_image(c, rng):
    if c["dtype"] == "eye":
        return np.eye(c["shape"][1], dtype=np.float32).reshape(c["shape"])
    x = rng.uniform(0, 255 if c["dtype"] == "uint8" else 10, c["shape"])
    return x.astype(c["dtype"])


def lookup(root, path):
    for part in path.split("."):
        root = getattr(root, part)
    return root


def main():
    import tensorflow as tf
    rng = np.random.default_rng(7)
    arrays = {"cases": np.array(json.dumps(CASES))}
    for c in CASES:
        x = make_image(c, rng)
        fn = lookup(tf, c["fn"])
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            out = fn(**{c["image_arg"]: xt}, **c["kwargs"])
            if c["grad"]:
                w = rng.standard_normal(out.shape).astype(np.float32)
                total = tf.reduce_sum(out * w)
        arrays[c["name"] + "/in"] = x
        arrays[c["name"] + "/out"] = out.numpy()
        if c["grad"]:
            arrays[c["name"] + "/w"] = w
            arrays[c["name"] + "/grad"] = tape.gradient(total, xt).numpy()
    tmp = OUT + ".tmp.npz"
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, OUT)
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
