"""Writes tests/golden/batch_norm.npz: what TF's fused batch normalization computes.

Run with the TensorFlow reference environment (CI only reads the file):

    ~/tfref/bin/python tools/make_batch_norm_golden.py

Cases ("cases", JSON in the file): `tf.compat.v1.nn.fused_batch_norm` on a random x with the
case's arguments (training or inference with given statistics, an exponential_avg_factor, NHWC or
NCHW): its three outputs and the gradients of sum(y * w) (fixed random w) with respect to x,
scale and offset.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "batch_norm.npz")

CASES = {
    "train_nhwc": {"shape": [3, 4, 5, 6], "is_training": True},
    "train_wide_rows": {"shape": [2, 8, 8, 4], "is_training": True, "epsilon": 1e-5},
    "train_many_channels": {"shape": [2, 3, 3, 600], "is_training": True},
    "train_avg_factor": {"shape": [2, 3, 3, 4], "is_training": True, "exponential_avg_factor": 0.25,
                         "stats": True},
    "inference": {"shape": [2, 3, 4, 5], "is_training": False, "stats": True},
    "train_nchw": {"shape": [2, 5, 3, 4], "is_training": True, "data_format": "NCHW"},
}


def main():
    import tensorflow as tf
    rng = np.random.default_rng(3)
    arrays, cases = {}, []
    for name, case in CASES.items():
        shape = case["shape"]
        c = shape[1] if case.get("data_format") == "NCHW" else shape[-1]
        x = (rng.standard_normal(shape) * 1.5 + 0.7).astype(np.float32)
        scale, offset = (rng.standard_normal(c).astype(np.float32) for _ in range(2))
        kwargs = {k: case[k] for k in ("is_training", "epsilon", "exponential_avg_factor", "data_format") if k in case}
        if case.get("stats"):
            kwargs["mean"] = rng.standard_normal(c).astype(np.float32)
            kwargs["variance"] = rng.random(c).astype(np.float32) + 0.5
            arrays[f"{name}/mean"], arrays[f"{name}/variance"] = kwargs["mean"], kwargs["variance"]
        xs = [tf.constant(v) for v in (x, scale, offset)]
        w = rng.standard_normal(shape).astype(np.float32)
        with tf.GradientTape() as tape:
            tape.watch(xs)
            y, m, v = tf.compat.v1.nn.fused_batch_norm(*xs, **kwargs)
            loss = tf.reduce_sum(y * w)
        grads = tape.gradient(loss, xs)
        for k, val in dict(x=x, scale=scale, offset=offset, w=w, y=y.numpy(), batch_mean=m.numpy(),
                           batch_variance=v.numpy(), dx=grads[0].numpy(), dscale=grads[1].numpy(),
                           doffset=grads[2].numpy()).items():
            arrays[f"{name}/{k}"] = val
        cases.append({"name": name, "kwargs": {k: v for k, v in kwargs.items() if k not in ("mean", "variance")},
                      "stats": bool(case.get("stats"))})
    arrays["cases"] = np.array(json.dumps(cases))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
