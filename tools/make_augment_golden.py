"""Writes tests/golden/keras_augment.npz: what real TF / tf-keras compute for the image augmentation
layers (RandomRotation, RandomZoom, RandomTranslation, RandomCrop, RandomContrast, RandomBrightness,
RandomHeight, RandomWidth) and the op behind the geometric ones, ImageProjectiveTransformV3.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_augment_golden.py

Random draws can't match TF's, so the file holds what is deterministic:
- "transform/<i>": the raw op for fixed matrices, every fill mode and interpolation ("x", "t", "y"),
  and its gradient for a fixed upstream gradient ("dy", "dx");
- "layer/<i>": layer outputs at inference, and in training with degenerate factor ranges
  ((a, a) draws exactly a), which pins down the matrix each layer builds and its resizing;
- "contrast/<i>": RandomContrast's training outputs (the test recovers the one factor per batch);
- configs, compute_output_shape, constructor/call errors and which layers pass gradients.
"""
import json
import os

import numpy as np

from make_layer_golden import jsonable, save

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_augment.npz")


def rotation(deg, h, w):
    a = np.deg2rad(deg)
    c, s = np.cos(a), np.sin(a)
    cx, cy = (w - 1) / 2, (h - 1) / 2
    return [c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy, 0, 0]


H, W = 5, 6
TRANSFORMS = {
    "identity": [[1, 0, 0, 0, 1, 0, 0, 0]],
    "shift": [[1, 0, 1.3, 0, 1, -2.7, 0, 0]],
    "shift_far": [[1, 0, -13.3, 0, 1, 17.6, 0, 0]],
    "rotate": [rotation(33, H, W)],
    "zoom": [[0.7, 0, 0.6, 0, 1.6, -1.3, 0, 0]],
    "shear": [[1, 0.4, -0.8, 0.25, 1, 0.1, 0, 0]],
    "projective": [[1.1, 0.2, -0.5, -0.1, 0.9, 0.3, 0.02, -0.03]],
    "per_image": [[1, 0, 2.2, 0, 1, 0.6, 0, 0], rotation(-71, H, W)],
}
FILL_MODES = ["REFLECT", "WRAP", "CONSTANT", "NEAREST"]
INTERPOLATIONS = ["NEAREST", "BILINEAR"]


def transform_cases():
    cases = []
    for tname, t in TRANSFORMS.items():
        for fill in FILL_MODES:
            for interp in INTERPOLATIONS:
                cases.append({"transform": tname, "fill_mode": fill, "interpolation": interp, "fill_value": 0.0,
                              "output_shape": [H, W], "dtype": "float32", "grad": tname != "projective"})
    cases += [
        {"transform": "rotate", "fill_mode": "CONSTANT", "interpolation": "BILINEAR", "fill_value": 1.5,
         "output_shape": [H, W], "dtype": "float32", "grad": True},
        {"transform": "shear", "fill_mode": "REFLECT", "interpolation": "BILINEAR", "fill_value": 0.0,
         "output_shape": [4, 8], "dtype": "float32", "grad": False},
        {"transform": "rotate", "fill_mode": "WRAP", "interpolation": "BILINEAR", "fill_value": 0.0,
         "output_shape": [H, W], "dtype": "uint8", "grad": False},
        {"transform": "zoom", "fill_mode": "CONSTANT", "interpolation": "NEAREST", "fill_value": 7.0,
         "output_shape": [H, W], "dtype": "uint8", "grad": False},
        {"transform": "projective", "fill_mode": "NEAREST", "interpolation": "BILINEAR", "fill_value": 0.0,
         "output_shape": [H, W], "dtype": "float64", "grad": False},
    ]
    return cases


def layer_case(layer, kwargs, shape, dtype="float32", training=False):
    return {"layer": layer, "kwargs": kwargs, "shape": list(shape), "dtype": dtype, "training": training}


LAYER_CASES = [
    # inference: the identity (a cast to float32), RandomCrop's center crop and resize
    layer_case("RandomRotation", {"factor": 0.2}, (2, H, W, 2)),
    layer_case("RandomRotation", {"factor": 0.2}, (H, W, 3), dtype="uint8"),
    layer_case("RandomZoom", {"height_factor": 0.3}, (2, H, W, 1), dtype="float64"),
    layer_case("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.2}, (2, H, W, 1)),
    layer_case("RandomContrast", {"factor": 0.5}, (2, H, W, 3), dtype="uint8"),
    layer_case("RandomBrightness", {"factor": 0.5}, (2, H, W, 3)),
    layer_case("RandomHeight", {"factor": 0.4}, (2, H, W, 3), dtype="uint8"),
    layer_case("RandomWidth", {"factor": 0.4}, (H, W, 1)),
    layer_case("RandomCrop", {"height": 3, "width": 4}, (2, H, W, 2)),
    layer_case("RandomCrop", {"height": 2, "width": 5}, (H, W, 1), dtype="uint8"),
    layer_case("RandomCrop", {"height": 8, "width": 7}, (2, H, W, 1)),
    layer_case("RandomCrop", {"height": H, "width": W}, (2, H, W, 1), dtype="uint8"),
    # training with degenerate ranges: deterministic
    layer_case("RandomRotation", {"factor": (0.1, 0.1)}, (2, H, W, 2), training=True),
    layer_case("RandomRotation", {"factor": (-0.3, -0.3), "fill_mode": "constant", "fill_value": 2.5},
               (H, W, 1), training=True),
    layer_case("RandomRotation", {"factor": (0.25, 0.25), "fill_mode": "wrap", "interpolation": "nearest"},
               (2, H, W, 1), training=True),
    layer_case("RandomRotation", {"factor": 0}, (2, H, W, 1), training=True),
    layer_case("RandomZoom", {"height_factor": (-0.3, -0.3)}, (2, H, W, 2), training=True),
    layer_case("RandomZoom", {"height_factor": (0.4, 0.4), "width_factor": (-0.2, -0.2), "fill_mode": "nearest"},
               (2, H, W, 1), training=True),
    layer_case("RandomZoom", {"height_factor": (0.5, 0.5), "fill_mode": "constant", "interpolation": "nearest"},
               (H, W, 1), dtype="uint8", training=True),
    layer_case("RandomTranslation", {"height_factor": (0.2, 0.2), "width_factor": (-0.3, -0.3)}, (2, H, W, 1),
               training=True),
    layer_case("RandomTranslation", {"height_factor": (-0.25, -0.25), "width_factor": (0.15, 0.15),
                                     "fill_mode": "constant", "fill_value": -1.0}, (H, W, 2), training=True),
    layer_case("RandomTranslation", {"height_factor": (0.5, 0.5), "width_factor": (0.5, 0.5), "fill_mode": "wrap",
                                     "interpolation": "nearest"}, (2, H, W, 1), training=True),
    layer_case("RandomBrightness", {"factor": (0.1, 0.1)}, (2, H, W, 3), training=True),
    layer_case("RandomBrightness", {"factor": (-0.4, -0.4), "value_range": (0, 1)}, (H, W, 1), training=True),
    layer_case("RandomHeight", {"factor": (0.5, 0.5)}, (2, H, W, 2), training=True),
    layer_case("RandomHeight", {"factor": (-0.3, -0.3), "interpolation": "nearest"}, (H, W, 1), dtype="uint8",
               training=True),
    layer_case("RandomWidth", {"factor": (0.25, 0.25)}, (2, H, W, 1), training=True),
    layer_case("RandomWidth", {"factor": (-0.5, -0.5)}, (H, W, 3), training=True),
    layer_case("RandomCrop", {"height": H, "width": W}, (2, H, W, 1), training=True),
    layer_case("RandomCrop", {"height": 8, "width": 7}, (2, H, W, 1), training=True),
    layer_case("RandomCrop", {"height": 3, "width": 8}, (H, W, 2), training=True),
]

CONTRAST_CASES = [
    {"kwargs": {"factor": 0.5}, "shape": [3, H, W, 2]},
    {"kwargs": {"factor": (0.9, 0.0)}, "shape": [2, H, W, 1]},
    {"kwargs": {"factor": (0.0, 1.0)}, "shape": [H, W, 3]},
]

CONFIG_CASES = [
    ("RandomRotation", {"factor": 0.2}),
    ("RandomRotation", {"factor": (-0.2, 0.3), "fill_mode": "constant", "interpolation": "nearest", "seed": 3,
                        "fill_value": 1.0}),
    ("RandomRotation", {"factor": [0.1, 0.2]}),
    ("RandomZoom", {"height_factor": 0.2}),
    ("RandomZoom", {"height_factor": (0.1, -0.2), "width_factor": 0.3, "fill_mode": "wrap", "seed": 1}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": (-0.2, 0.3), "fill_mode": "nearest"}),
    ("RandomCrop", {"height": 3, "width": 4, "seed": 9}),
    ("RandomContrast", {"factor": 0.3}),
    ("RandomContrast", {"factor": (0.3, 0.1), "seed": 2}),
    ("RandomBrightness", {"factor": 0.2}),
    ("RandomBrightness", {"factor": -0.2, "value_range": (255, 0)}),
    ("RandomBrightness", {"factor": (0.3, 0.1), "value_range": [0.0, 1.0], "seed": 4}),
    ("RandomBrightness", {"factor": 0}),
    ("RandomHeight", {"factor": 0.2}),
    ("RandomHeight", {"factor": (-0.2, 0.3), "interpolation": "nearest", "seed": 5}),
    ("RandomWidth", {"factor": 0.2}),
    ("RandomWidth", {"factor": (0.2, 1.5), "interpolation": "bicubic"}),
]

ERROR_CASES = [
    ("RandomRotation", {"factor": -0.2}), ("RandomRotation", {"factor": (0.3, 0.1)}),
    ("RandomRotation", {"factor": None}),
    ("RandomRotation", {"factor": 0.1, "fill_mode": "mirror"}),
    ("RandomRotation", {"factor": 0.1, "interpolation": "bicubic"}),
    ("RandomZoom", {"height_factor": 1.5}), ("RandomZoom", {"height_factor": (-1.5, 0.2)}),
    ("RandomZoom", {"height_factor": 0.1, "width_factor": -1.2}),
    ("RandomZoom", {"height_factor": 0.1, "width_factor": 1.5}),
    ("RandomZoom", {"height_factor": 0.1, "fill_mode": "mirror"}),
    ("RandomTranslation", {"height_factor": (0.3, 0.1), "width_factor": 0.1}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": (0.3, 0.1)}),
    ("RandomTranslation", {"height_factor": 1.5, "width_factor": 0.1}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 1.5}),
    ("RandomTranslation", {"height_factor": -1.5, "width_factor": 0.1}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.1, "interpolation": "area"}),
    ("RandomContrast", {"factor": -0.2}), ("RandomContrast", {"factor": 1.5}),
    ("RandomContrast", {"factor": (0.1, -0.2)}),
    ("RandomBrightness", {"factor": 1.5}), ("RandomBrightness", {"factor": (0.2, 1.5)}),
    ("RandomBrightness", {"factor": (0.1, 0.2, 0.3)}), ("RandomBrightness", {"factor": "a"}),
    ("RandomBrightness", {"factor": 0.1, "value_range": (0, 1, 2)}),
    ("RandomHeight", {"factor": -0.2}), ("RandomHeight", {"factor": 1.5}), ("RandomHeight", {"factor": -1.5}),
    ("RandomHeight", {"factor": (0.3, 0.1)}), ("RandomHeight", {"factor": 0.1, "interpolation": "foo"}),
    ("RandomWidth", {"factor": -0.2}), ("RandomWidth", {"factor": (-1.5, 0.2)}),
]

CALL_ERROR_CASES = [  # (layer, kwargs, input shape): errors raised when called in training
    ("RandomContrast", {"factor": 0}, [1, 4, 4, 1]),
    ("RandomBrightness", {"factor": 0.2}, [4, 4]),
]

GRAD_CASES = [
    ("RandomRotation", {"factor": 0.2}), ("RandomZoom", {"height_factor": 0.2}),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2}), ("RandomCrop", {"height": 3, "width": 3}),
    ("RandomContrast", {"factor": 0.5}), ("RandomBrightness", {"factor": 0.2}), ("RandomHeight", {"factor": 0.3}),
    ("RandomWidth", {"factor": 0.3}),
]


def make(rng, shape, dtype):
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, 256, shape).astype(dtype)
    return (rng.uniform(0, 255, shape)).astype(dtype)


def error_text(e):
    return type(e).__name__, str(e).split("\n\nCall arguments")[0].split("\n\n")[-1]


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2028)
    data = {}
    transforms = transform_cases()
    for i, c in enumerate(transforms):
        t = np.array(TRANSFORMS[c["transform"]], np.float32)
        x = make(rng, (2, H, W, 2), c["dtype"])
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = tf.raw_ops.ImageProjectiveTransformV3(
                images=xt, transforms=tf.constant(t), output_shape=tf.constant(c["output_shape"], tf.int32),
                fill_value=tf.constant(c["fill_value"], tf.float32), interpolation=c["interpolation"],
                fill_mode=c["fill_mode"])
            dy = rng.standard_normal(y.shape).astype(c["dtype"]) if c["grad"] else None
            loss = tf.reduce_sum(y * dy) if c["grad"] else None
        key = f"transform/{i}"
        data[key + "/x"], data[key + "/t"], data[key + "/y"] = x, t, y.numpy()
        if c["grad"]:
            data[key + "/dy"], data[key + "/dx"] = dy, tape.gradient(loss, xt).numpy()
    layers = []
    for i, c in enumerate(LAYER_CASES):
        tf.keras.backend.clear_session()
        layer = getattr(tf.keras.layers, c["layer"])(**c["kwargs"])
        x = make(rng, c["shape"], c["dtype"])
        y = layer(tf.constant(x), training=c["training"])
        data[f"layer/{i}/x"], data[f"layer/{i}/y"] = x, y.numpy()
        layers.append(dict(c, kwargs=jsonable(c["kwargs"]), out_dtype=y.dtype.name))
    contrast = []
    for i, c in enumerate(CONTRAST_CASES):
        x = make(rng, c["shape"], "float32")
        x[..., 0, 0, :] = -20.0  # values the clip to [0, 255] changes
        y = tf.keras.layers.RandomContrast(**c["kwargs"])(tf.constant(x), training=True)
        data[f"contrast/{i}/x"], data[f"contrast/{i}/y"] = x, y.numpy()
        contrast.append(jsonable(c))
    configs = []
    for cls, kwargs in CONFIG_CASES:
        tf.keras.backend.clear_session()
        layer = getattr(tf.keras.layers, cls)(**kwargs)
        shapes = [tf.TensorShape(layer.compute_output_shape(s)).as_list() for s in [(None, H, W, 3), (H, W, 3)]]
        configs.append({"layer": cls, "kwargs": jsonable(kwargs), "config": jsonable(layer.get_config()),
                        "compute_output_shape": shapes})
    errors = []
    for cls, kwargs in ERROR_CASES:
        tf.keras.backend.clear_session()
        try:
            getattr(tf.keras.layers, cls)(**kwargs)
            errors.append({"layer": cls, "kwargs": jsonable(kwargs), "error": None})
        except Exception as e:  # noqa: BLE001 - recording what TF raises
            errors.append({"layer": cls, "kwargs": jsonable(kwargs), "error": error_text(e)})
    for cls, kwargs, shape in CALL_ERROR_CASES:
        try:
            getattr(tf.keras.layers, cls)(**kwargs)(tf.ones(shape), training=True)
            errors.append({"layer": cls, "kwargs": jsonable(kwargs), "call": shape, "error": None})
        except Exception as e:  # noqa: BLE001
            errors.append({"layer": cls, "kwargs": jsonable(kwargs), "call": shape, "error": error_text(e)})
    grads = []
    for cls, kwargs in GRAD_CASES:
        x = tf.constant(make(rng, (2, H, W, 1), "float32"))
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(getattr(tf.keras.layers, cls)(**kwargs)(x, training=True) ** 2)
        try:
            g = tape.gradient(loss, x)
            outcome = "none" if g is None else "gradient"
        except LookupError as e:
            outcome = "LookupError: " + str(e)
        grads.append({"layer": cls, "kwargs": jsonable(kwargs), "outcome": outcome})
    meta = {"transforms": transforms, "layers": layers, "contrast": contrast, "configs": configs,
            "errors": errors, "grads": grads}
    data["meta"] = np.array(json.dumps(meta))
    save(tf, data, [], OUT)


if __name__ == "__main__":
    main()
