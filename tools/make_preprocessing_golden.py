"""Writes tests/golden/keras_preprocessing.npz: what real tf-keras computes for the deterministic
preprocessing layers (Rescaling, Normalization with given or adapted statistics, Resizing,
CenterCrop, and RandomFlip outside training).

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_preprocessing_golden.py

Each case: input "<case>/x", optional adapt data "<case>/adapt" (given to `adapt` as an array, a
tensor, or a dataset batched by c["adapt_batch"]), output "<case>/y", weight values "<case>/w<i>",
and in the JSON case list c["tf"]: weight names, output dtype, get_config(), compute_output_shape.
"""
import os

import numpy as np

from make_layer_golden import jsonable, save

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_preprocessing.npz")


def case(name, layer, kwargs, shape, dtype="float32", adapt=None, adapt_as="array", adapt_batch=None, call=None):
    return {"name": name, "layer": layer, "kwargs": kwargs, "shape": list(shape), "dtype": dtype,
            "adapt": None if adapt is None else list(adapt), "adapt_as": adapt_as, "adapt_batch": adapt_batch,
            "call": call or {}}


CASES = [
    case("rescaling/uint8", "Rescaling", {"scale": 1 / 255}, (2, 4, 4, 3), dtype="uint8"),
    case("rescaling/offset", "Rescaling", {"scale": 1 / 127.5, "offset": -1.0}, (3, 5)),
    case("rescaling/int32_offset_int", "Rescaling", {"scale": 2, "offset": 1}, (2, 3), dtype="int32"),
    case("rescaling/float64_input", "Rescaling", {"scale": 0.5}, (2, 3), dtype="float64"),
    case("normalization/adapt_array", "Normalization", {}, (4, 3), adapt=(10, 3)),
    case("normalization/adapt_tensor_axis_none", "Normalization", {"axis": None}, (2, 3), adapt=(6, 3),
         adapt_as="tensor"),
    case("normalization/adapt_dataset", "Normalization", {}, (3, 2), adapt=(7, 2), adapt_as="dataset",
         adapt_batch=3),
    case("normalization/adapt_images_axis_tuple", "Normalization", {"axis": [1, -1]}, (2, 3, 2, 2),
         adapt=(5, 3, 2, 2)),
    case("normalization/adapt_invert", "Normalization", {"invert": True}, (3, 2), adapt=(8, 2)),
    case("normalization/given", "Normalization", {"mean": [1.0, 2.0, -1.0], "variance": [4.0, 0.25, 1.0]}, (3, 3)),
    case("normalization/given_scalar_invert", "Normalization", {"mean": 2.0, "variance": 9.0, "invert": True},
         (2, 4)),
    case("normalization/not_adapted", "Normalization", {}, (2, 3)),
    case("resizing/bilinear_down", "Resizing", {"height": 3, "width": 4}, (2, 6, 7, 2)),
    case("resizing/bilinear_up_uint8", "Resizing", {"height": 7, "width": 5}, (1, 4, 3, 1), dtype="uint8"),
    case("resizing/nearest", "Resizing", {"height": 5, "width": 3, "interpolation": "nearest"}, (2, 4, 6, 1)),
    case("resizing/crop_to_aspect_ratio", "Resizing", {"height": 4, "width": 4, "crop_to_aspect_ratio": True},
         (2, 5, 8, 2)),
    case("resizing/crop_tall_single_image", "Resizing", {"height": 2, "width": 6, "crop_to_aspect_ratio": True},
         (7, 5, 3)),
    case("center_crop/basic", "CenterCrop", {"height": 3, "width": 2}, (2, 6, 5, 2)),
    case("center_crop/single_uint8", "CenterCrop", {"height": 2, "width": 4}, (5, 7, 1), dtype="uint8"),
    case("center_crop/larger_than_input", "CenterCrop", {"height": 6, "width": 5}, (1, 4, 3, 2)),
    case("random_flip/inference", "RandomFlip", {"seed": 3}, (2, 4, 4, 1), call={"training": False}),
    case("random_flip/horizontal_uint8_inference", "RandomFlip", {"mode": "horizontal"}, (2, 3, 3, 2),
         dtype="uint8", call={"training": False}),
]


def make(rng, shape, dtype):
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, 256 if dtype == "uint8" else 50, shape).astype(dtype)
    return (rng.standard_normal(shape) * 2 + 1).astype(dtype)


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2027)
    data = {}
    for c in CASES:
        tf.keras.backend.clear_session()
        name = c["name"]
        layer = getattr(tf.keras.layers, c["layer"])(**c["kwargs"])
        if c["adapt"] is not None:
            a = (rng.standard_normal(c["adapt"]) * 3 + 2).astype("float32")
            data[name + "/adapt"] = a
            if c["adapt_as"] == "tensor":
                layer.adapt(tf.constant(a))
            elif c["adapt_as"] == "dataset":
                layer.adapt(tf.data.Dataset.from_tensor_slices(a).batch(c["adapt_batch"]))
            else:
                layer.adapt(a)
        x = make(rng, c["shape"], c["dtype"])
        y = layer(tf.constant(x), **c["call"])
        data[name + "/x"], data[name + "/y"] = x, y.numpy()
        for i, w in enumerate(layer.weights):
            data[f"{name}/w{i}"] = w.numpy()
        c["tf"] = {"weight_names": [w.name for w in layer.weights], "dtype": y.dtype.name,
                   "config": jsonable(layer.get_config()),
                   "compute_output_shape": tf.TensorShape(
                       layer.compute_output_shape((None,) + tuple(c["shape"][1:]))).as_list()}
    save(tf, data, CASES, OUT)


if __name__ == "__main__":
    main()
