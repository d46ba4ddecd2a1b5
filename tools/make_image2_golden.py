"""Writes tests/golden/image2.npz: the newer tf.image functions of real TensorFlow 2.21 (colour
spaces and adjustments, crop_and_resize, extract_patches, resize_with_pad, total_variation, psnr,
ssim, sobel_edges, non-max suppression, draw_bounding_boxes), values and gradients.

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_image2_golden.py

Each case ("cases", JSON) names a tf.image function, its inputs (random arrays of a shape and
dtype, or literal values) and keyword arguments, and `wrt`: the inputs to differentiate. Recorded
per case: the inputs `<name>/in<i>`, the outputs `<name>/out<j>`, and for each `wrt` input the
gradient `<name>/grad<i>` of sum(out_j * w_j) with random weights `<name>/w<j>`.
tests/ops/test_image_golden2.py replays every case through numtf.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "image2.npz")


def U(shape, lo=0.0, hi=1.0, dtype="float32"):
    return {"shape": shape, "lo": lo, "hi": hi, "dtype": dtype}


def V(value, dtype="float32"):
    return {"value": value, "dtype": dtype}


BOXES = V([[0.1, 0.2, 0.7, 0.9], [0.6, 0.1, 0.2, 0.8], [-0.2, 0.3, 0.5, 1.3], [0.33, 0.05, 0.95, 0.61]])
NMS_BOXES = {"boxes": True, "shape": [12, 4], "dtype": "float32"}
CASES = [
    # colour
    {"name": "rgb_to_hsv", "fn": "rgb_to_hsv", "inputs": [U([2, 3, 4, 3])], "wrt": [0]},
    {"name": "rgb_to_hsv/edges", "fn": "rgb_to_hsv",
     "inputs": [V([[[0.0, 0, 0], [1, 1, 1], [-1, 0.5, 0.2], [2, 0.5, 0.2], [0.5, 0.5, 0.2], [0.2, 0.9, 0.9]]])]},
    {"name": "rgb_to_hsv/f64", "fn": "rgb_to_hsv", "inputs": [U([5, 4, 3], dtype="float64")], "wrt": [0]},
    {"name": "hsv_to_rgb", "fn": "hsv_to_rgb", "inputs": [U([3, 4, 3])]},
    {"name": "hsv_to_rgb/out_of_range", "fn": "hsv_to_rgb",
     "inputs": [V([[[-1.3, 0.5, 0.8], [-0.1, 0.5, 0.8], [0.0, 1, 1], [1.0, 1, 1], [0.999, 1, 1], [1.7, 0.5, 0.8],
                    [0.5, 2, 0.5], [0.5, 0.5, -1], [0.3, 0.4, 0.8], [0.7, 0.2, 0.6]]])]},
    {"name": "adjust_hue", "fn": "adjust_hue", "inputs": [U([2, 3, 4, 3])], "kwargs": {"delta": 0.3}},
    {"name": "adjust_hue/negative", "fn": "adjust_hue", "inputs": [U([3, 4, 3])], "kwargs": {"delta": -0.7}},
    {"name": "adjust_hue/uint8", "fn": "adjust_hue", "inputs": [U([3, 4, 3], 0, 255, "uint8")],
     "kwargs": {"delta": 0.2}},
    {"name": "adjust_saturation", "fn": "adjust_saturation", "inputs": [U([2, 3, 4, 3])],
     "kwargs": {"saturation_factor": 1.7}},
    {"name": "adjust_saturation/down", "fn": "adjust_saturation", "inputs": [U([3, 4, 3])],
     "kwargs": {"saturation_factor": 0.4}},
    {"name": "adjust_saturation/uint8", "fn": "adjust_saturation", "inputs": [U([3, 4, 3], 0, 255, "uint8")],
     "kwargs": {"saturation_factor": 2.5}},
    {"name": "adjust_gamma", "fn": "adjust_gamma", "inputs": [U([2, 3, 4, 3], 0.1, 1.0)],
     "kwargs": {"gamma": 1.7, "gain": 1.3}, "wrt": [0]},
    {"name": "adjust_gamma/uint8", "fn": "adjust_gamma", "inputs": [U([3, 4, 3], 0, 255, "uint8")],
     "kwargs": {"gamma": 0.5, "gain": 1.2}},
    {"name": "adjust_gamma/f64", "fn": "adjust_gamma", "inputs": [U([3, 4, 3], dtype="float64")],
     "kwargs": {"gamma": 2.0}},
    {"name": "rgb_to_yiq", "fn": "rgb_to_yiq", "inputs": [U([2, 3, 4, 3])], "wrt": [0]},
    {"name": "yiq_to_rgb", "fn": "yiq_to_rgb", "inputs": [U([3, 4, 3], -0.5, 1.0)], "wrt": [0]},
    {"name": "rgb_to_yuv", "fn": "rgb_to_yuv", "inputs": [U([2, 3, 4, 3])], "wrt": [0]},
    {"name": "yuv_to_rgb", "fn": "yuv_to_rgb", "inputs": [U([3, 4, 3], -0.5, 1.0, "float64")], "wrt": [0]},
    # crops and patches
    {"name": "crop_and_resize", "fn": "crop_and_resize", "inputs": [U([2, 5, 6, 2]), BOXES, V([0, 1, 1, 0], "int32")],
     "kwargs": {"crop_size": [3, 4], "extrapolation_value": -1.0}, "wrt": [0, 1]},
    {"name": "crop_and_resize/nearest", "fn": "crop_and_resize",
     "inputs": [U([2, 5, 6, 2]), BOXES, V([0, 1, 1, 0], "int32")],
     "kwargs": {"crop_size": [4, 3], "method": "nearest"}, "wrt": [0, 1]},
    {"name": "crop_and_resize/1x1", "fn": "crop_and_resize", "inputs": [U([2, 5, 6, 2]), BOXES, V([0, 1, 1, 0], "int32")],
     "kwargs": {"crop_size": [1, 1]}, "wrt": [0, 1]},
    {"name": "crop_and_resize/uint8", "fn": "crop_and_resize",
     "inputs": [U([1, 6, 5, 3], 0, 255, "uint8"), BOXES, V([0, 0, 0, 0], "int32")], "kwargs": {"crop_size": [2, 5]},
     "wrt": [1]},
    {"name": "extract_patches/valid", "fn": "extract_patches", "inputs": [U([2, 5, 6, 2])],
     "kwargs": {"sizes": [1, 2, 3, 1], "strides": [1, 1, 2, 1], "rates": [1, 1, 1, 1], "padding": "VALID"}, "wrt": [0]},
    {"name": "extract_patches/same_rates", "fn": "extract_patches", "inputs": [U([1, 7, 6, 3])],
     "kwargs": {"sizes": [1, 3, 2, 1], "strides": [1, 2, 3, 1], "rates": [1, 2, 2, 1], "padding": "SAME"}, "wrt": [0]},
    {"name": "extract_patches/int32", "fn": "extract_patches", "inputs": [U([1, 4, 5, 1], 0, 100, "int32")],
     "kwargs": {"sizes": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "rates": [1, 1, 1, 1], "padding": "SAME"}},
    {"name": "resize_with_pad/wide", "fn": "resize_with_pad", "inputs": [U([2, 5, 8, 3])],
     "kwargs": {"target_height": 7, "target_width": 6}, "wrt": [0]},
    {"name": "resize_with_pad/tall", "fn": "resize_with_pad", "inputs": [U([9, 4, 1])],
     "kwargs": {"target_height": 5, "target_width": 9}, "wrt": [0]},
    {"name": "resize_with_pad/nearest_uint8", "fn": "resize_with_pad", "inputs": [U([6, 5, 2], 0, 255, "uint8")],
     "kwargs": {"target_height": 10, "target_width": 4, "method": "nearest"}},
    # metrics and filters
    {"name": "total_variation/4d", "fn": "total_variation", "inputs": [U([2, 4, 5, 3])], "wrt": [0]},
    {"name": "total_variation/3d_int", "fn": "total_variation", "inputs": [U([4, 5, 3], -50, 50, "int32")]},
    {"name": "psnr", "fn": "psnr", "inputs": [U([2, 4, 5, 3]), U([2, 4, 5, 3])], "kwargs": {"max_val": 1.0},
     "wrt": [0, 1]},
    {"name": "psnr/uint8", "fn": "psnr", "inputs": [U([3, 4, 5, 3], 0, 255, "uint8"), U([3, 4, 5, 3], 0, 255, "uint8")],
     "kwargs": {"max_val": 255}},
    {"name": "ssim", "fn": "ssim", "inputs": [U([2, 16, 16, 3]), U([2, 16, 16, 3])], "kwargs": {"max_val": 1.0},
     "wrt": [0, 1]},
    {"name": "ssim/small_filter", "fn": "ssim", "inputs": [U([2, 6, 7, 2]), U([2, 6, 7, 2])],
     "kwargs": {"max_val": 2.0, "filter_size": 3, "filter_sigma": 0.8, "k1": 0.02, "k2": 0.05}, "wrt": [0, 1]},
    {"name": "ssim/index_map", "fn": "ssim", "inputs": [U([2, 6, 7, 2]), U([2, 6, 7, 2])],
     "kwargs": {"max_val": 1.0, "filter_size": 3, "return_index_map": True}},
    {"name": "ssim/uint8", "fn": "ssim", "inputs": [U([1, 12, 12, 3], 0, 255, "uint8"), U([1, 12, 12, 3], 0, 255, "uint8")],
     "kwargs": {"max_val": 255}},
    {"name": "ssim_multiscale", "fn": "ssim_multiscale", "inputs": [U([2, 21, 20, 2]), {"near": 0, "noise": 0.2}],
     "kwargs": {"max_val": 1.0, "power_factors": [0.3, 0.3, 0.4], "filter_size": 3}, "wrt": [0, 1]},
    {"name": "ssim_multiscale/default", "fn": "ssim_multiscale", "inputs": [U([1, 176, 176, 1]), U([1, 176, 176, 1])],
     "kwargs": {"max_val": 1.0}},
    {"name": "sobel_edges", "fn": "sobel_edges", "inputs": [U([2, 4, 5, 3])], "wrt": [0]},
    {"name": "image_gradients", "fn": "image_gradients", "inputs": [U([2, 4, 5, 3])], "wrt": [0]},
    # boxes
    {"name": "nms", "fn": "non_max_suppression", "inputs": [NMS_BOXES, U([12])],
     "kwargs": {"max_output_size": 10, "iou_threshold": 0.2}},
    {"name": "nms/score_threshold", "fn": "non_max_suppression", "inputs": [NMS_BOXES, U([12])],
     "kwargs": {"max_output_size": 4, "iou_threshold": 0.5, "score_threshold": 0.3}},
    {"name": "nms_with_scores/soft", "fn": "non_max_suppression_with_scores", "inputs": [NMS_BOXES, U([12])],
     "kwargs": {"max_output_size": 12, "iou_threshold": 0.6, "score_threshold": 0.05, "soft_nms_sigma": 0.5}},
    {"name": "nms_with_scores/hard", "fn": "non_max_suppression_with_scores", "inputs": [NMS_BOXES, U([12])],
     "kwargs": {"max_output_size": 12, "iou_threshold": 0.3}},
    {"name": "nms_padded", "fn": "non_max_suppression_padded", "inputs": [NMS_BOXES, U([12])],
     "kwargs": {"max_output_size": 10, "iou_threshold": 0.3, "pad_to_max_output_size": True}},
    {"name": "nms_padded/unpadded", "fn": "non_max_suppression_padded", "inputs": [NMS_BOXES, U([12])],
     "kwargs": {"max_output_size": 10, "iou_threshold": 0.3}},
    {"name": "nms_padded/batch", "fn": "non_max_suppression_padded",
     "inputs": [{"boxes": True, "shape": [2, 3, 12, 4], "dtype": "float32"}, U([2, 3, 12])],
     "kwargs": {"max_output_size": 5, "iou_threshold": 0.3, "score_threshold": 0.2, "pad_to_max_output_size": True}},
    {"name": "nms_overlaps", "fn": "non_max_suppression_overlaps", "inputs": [U([10, 10]), U([10])],
     "kwargs": {"max_output_size": 8, "overlap_threshold": 0.6, "score_threshold": 0.1}},
    {"name": "combined_nms", "fn": "combined_non_max_suppression",
     "inputs": [{"boxes": True, "shape": [2, 12, 1, 4], "dtype": "float32", "spread": 1.4}, U([2, 12, 3])],
     "kwargs": {"max_output_size_per_class": 3, "max_total_size": 7, "iou_threshold": 0.3, "score_threshold": 0.1}},
    {"name": "combined_nms/per_class_boxes", "fn": "combined_non_max_suppression",
     "inputs": [{"boxes": True, "shape": [2, 12, 3, 4], "dtype": "float32", "spread": 1.4}, U([2, 12, 3])],
     "kwargs": {"max_output_size_per_class": 2, "max_total_size": 20, "iou_threshold": 0.4,
                "pad_per_class": True, "clip_boxes": False}},
    {"name": "draw_bounding_boxes", "fn": "draw_bounding_boxes",
     "inputs": [U([2, 9, 11, 3]), V([[[0.2, 0.1, 0.7, 0.9], [-0.1, 0.5, 0.5, 1.5], [0.0, 0.0, 1.0, 1.0]],
                                      [[0.9, 0.8, 0.3, 0.2], [0.5, -0.4, 1.3, 0.6], [0.45, 0.45, 0.55, 0.55]]]),
                V([[0.5, 1.0, 0.0, 1.0], [0.25, 0.0, 0.75, 0.0]])]},
    {"name": "draw_bounding_boxes/default_colors", "fn": "draw_bounding_boxes",
     "inputs": [U([1, 8, 8, 4]), {"boxes": True, "shape": [1, 12, 4], "dtype": "float32"}, None]},
]


def make_input(spec, rng, made):
    if spec is None:
        return None
    if "value" in spec:
        return np.array(spec["value"], spec["dtype"])
    if "near" in spec:  # a noisy copy of an earlier input (correlated images keep every SSIM term > 0)
        base = made[spec["near"]]
        return (base + rng.uniform(-spec["noise"], spec["noise"], base.shape)).astype(base.dtype)
    if spec.get("boxes"):  # boxes [y1, x1, y2, x2] around random centres, overlapping often
        shape = spec["shape"]
        centre = rng.uniform(0.2, 0.8, shape[:-1] + [2])
        half = rng.uniform(0.05, 0.25, shape[:-1] + [2]) * spec.get("spread", 1.0)
        return np.concatenate([centre - half, centre + half], -1).astype(spec["dtype"])
    x = rng.uniform(spec["lo"], spec["hi"], spec["shape"])
    return x.astype(spec["dtype"])


def main():
    import tensorflow as tf
    rng = np.random.default_rng(21)
    arrays = {}
    for case in CASES:
        name = case["name"]
        ins = []
        for s in case["inputs"]:
            ins.append(make_input(s, rng, ins))
        for i, a in enumerate(ins):
            if a is not None:
                arrays[f"{name}/in{i}"] = a
        ts = [None if a is None else tf.constant(a) for a in ins]
        with tf.GradientTape(persistent=True) as tape:
            for i in case.get("wrt", []):
                tape.watch(ts[i])
            out = getattr(tf.image, case["fn"])(*ts, **case.get("kwargs", {}))
            outs = list(out) if isinstance(out, (tuple, list)) else [out]
            if case.get("wrt"):
                ws = [rng.standard_normal(o.shape).astype(o.dtype.as_numpy_dtype) for o in outs]
                total = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outs, ws)])
        for j, o in enumerate(outs):
            arrays[f"{name}/out{j}"] = o.numpy()
        if case.get("wrt"):
            for j, w in enumerate(ws):
                arrays[f"{name}/w{j}"] = w
            for i in case["wrt"]:
                arrays[f"{name}/grad{i}"] = tape.gradient(total, ts[i]).numpy()
    arrays["cases"] = np.array(json.dumps(CASES))
    np.savez(OUT, **arrays)
    print(f"wrote {OUT} ({len(CASES)} cases)")


if __name__ == "__main__":
    main()
