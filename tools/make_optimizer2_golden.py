"""Writes tests/golden/optimizers2.npz: goldens for tf-keras's Ftrl, Lion and Adafactor.

Run with real TensorFlow (tf-keras semantics):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_optimizer2_golden.py

Every case starts from the same variables (a 3x4 kernel `w`, a bias `b` of 4, and a 2x3x4
tensor `t` so Adafactor's factored moments of a rank-3 variable are covered) and applies the
same five float32 gradient sets; the file records each variable after every step, the optimizer's
variables (names and values) at the end, `iterations` and get_config. The case list is stored
in the file as JSON, so the tests replay exactly these cases.
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "optimizers2.npz")

EXP = {"class_name": "ExponentialDecay",
       "config": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5, "staircase": False}}

# (id, class name, kwargs, options): options may hold "schedule" (a serialized schedule given as
# learning_rate) and "none_steps" (steps at which b's gradient is None).
CASES = [
    ("ftrl", "Ftrl", {"learning_rate": 0.1}, {}),
    ("ftrl_l1_l2", "Ftrl", {"learning_rate": 0.2, "l1_regularization_strength": 0.05,
                            "l2_regularization_strength": 0.1}, {}),
    ("ftrl_shrinkage_beta", "Ftrl", {"learning_rate": 0.1, "l2_shrinkage_regularization_strength": 0.2,
                                     "beta": 0.5, "initial_accumulator_value": 0.5}, {}),
    ("ftrl_power", "Ftrl", {"learning_rate": 0.05, "learning_rate_power": -0.7, "l1_regularization_strength": 0.01},
     {}),
    ("ftrl_power0", "Ftrl", {"learning_rate": 0.05, "learning_rate_power": 0.0}, {}),
    ("ftrl_schedule_none", "Ftrl", {}, {"schedule": EXP, "none_steps": [1, 2]}),
    ("ftrl_weight_decay_clip", "Ftrl", {"learning_rate": 0.1, "weight_decay": 0.05, "clipnorm": 1.0}, {}),
    ("lion", "Lion", {"learning_rate": 0.01}, {}),
    ("lion_betas", "Lion", {"learning_rate": 0.02, "beta_1": 0.5, "beta_2": 0.9}, {}),
    ("lion_weight_decay", "Lion", {"learning_rate": 0.01, "weight_decay": 0.1}, {}),
    ("lion_schedule_ema", "Lion", {"use_ema": True, "ema_momentum": 0.5, "ema_overwrite_frequency": 3},
     {"schedule": EXP}),
    ("lion_beta1_one", "Lion", {"learning_rate": 0.01, "beta_1": 1.0}, {"none_steps": [0, 3]}),
    ("adafactor", "Adafactor", {}, {}),
    ("adafactor_lr", "Adafactor", {"learning_rate": 0.1, "relative_step": False}, {}),
    ("adafactor_relative", "Adafactor", {"learning_rate": 0.5}, {}),
    ("adafactor_params", "Adafactor", {"learning_rate": 0.05, "beta_2_decay": -0.5, "epsilon_1": 1e-20,
                                       "epsilon_2": 0.01, "clip_threshold": 0.5, "relative_step": False}, {}),
    ("adafactor_schedule", "Adafactor", {}, {"schedule": EXP}),
    ("adafactor_none_grad", "Adafactor", {"learning_rate": 0.1}, {"none_steps": [1, 2]}),
    ("adafactor_global_clip", "Adafactor", {"learning_rate": 0.1, "global_clipnorm": 0.5,
                                            "weight_decay": 0.01}, {}),
]


def make_data():
    rng = np.random.default_rng(20240611)
    w0 = rng.standard_normal((3, 4)).astype(np.float32)
    b0 = (rng.standard_normal(4) * 0.1).astype(np.float32)
    t0 = rng.standard_normal((2, 3, 4)).astype(np.float32)
    scales = [1.0, 0.1, 2.0, 0.5, 3.0]
    gw = np.stack([rng.standard_normal((3, 4)) * s for s in scales]).astype(np.float32)
    gb = np.stack([rng.standard_normal(4) * s for s in scales]).astype(np.float32)
    gt = np.stack([rng.standard_normal((2, 3, 4)) * s for s in scales]).astype(np.float32)
    return w0, b0, t0, gw, gb, gt


def build_optimizer(cls_name, kwargs, opts):
    kwargs = dict(kwargs)
    if "schedule" in opts:
        kwargs["learning_rate"] = tf.keras.optimizers.schedules.deserialize(opts["schedule"])
    return getattr(tf.keras.optimizers, cls_name)(**kwargs)


def main():
    w0, b0, t0, gw, gb, gt = make_data()
    out = {"w0": w0, "b0": b0, "t0": t0, "gw": gw, "gb": gb, "gt": gt}
    for case_id, cls_name, kwargs, opts in CASES:
        w = tf.Variable(w0, name="dense/kernel")
        b = tf.Variable(b0, name="dense/bias")
        t = tf.Variable(t0, name="conv/kernel")
        opt = build_optimizer(cls_name, kwargs, opts)
        for k in range(len(gw)):
            gb_k = None if k in opts.get("none_steps", ()) else tf.constant(gb[k])
            opt.apply_gradients(zip([tf.constant(gw[k]), gb_k, tf.constant(gt[k])], [w, b, t]))
            for name, var in (("w", w), ("b", b), ("t", t)):
                out[f"{case_id}/{name}/{k}"] = var.numpy()
        out[f"{case_id}/slot_names"] = np.array([v.name for v in opt.variables])
        for i, v in enumerate(opt.variables):
            out[f"{case_id}/slot/{i}"] = v.numpy()
        out[f"{case_id}/iterations"] = np.int64(opt.iterations.numpy())
        config = opt.get_config()
        config["learning_rate"] = None if "schedule" in opts else float(config["learning_rate"])
        out[f"{case_id}/config"] = np.array(json.dumps(config))
    # the same first case inside a tf.function (the tests compare numtf's traced step with it)
    w = tf.Variable(w0, name="dense/kernel")
    b = tf.Variable(b0, name="dense/bias")
    t = tf.Variable(t0, name="conv/kernel")
    for cls_name in ("Ftrl", "Lion", "Adafactor"):
        w.assign(w0), b.assign(b0), t.assign(t0)
        opt = getattr(tf.keras.optimizers, cls_name)(learning_rate=0.05)
        step = tf.function(lambda g1, g2, g3: opt.apply_gradients(zip([g1, g2, g3], [w, b, t])))
        for k in range(len(gw)):
            step(tf.constant(gw[k]), tf.constant(gb[k]), tf.constant(gt[k]))
        out[f"traced/{cls_name}"] = np.concatenate([w.numpy().ravel(), b.numpy().ravel(), t.numpy().ravel()])
    out["cases"] = np.array(json.dumps(CASES))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    np.savez_compressed(OUT, **out)
    print(f"wrote {len(CASES)} optimizer cases to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
