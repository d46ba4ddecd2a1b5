"""Writes tests/golden/optimizers.npz: tf-keras optimizer and learning-rate-schedule goldens.

Run with real TensorFlow (tf-keras semantics):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_optimizer_golden.py

Every optimizer case starts from the same 3x4 kernel `w` and bias `b` and applies the same five
gradient sets; the file records both variables after each step, the optimizer's variables
(names and values) at the end, and `iterations`. Schedules are recorded at a list of steps.
The case list is stored in the file as JSON, so the tests replay exactly these cases.
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "optimizers.npz")

EXP = {"class_name": "ExponentialDecay",
       "config": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5, "staircase": False}}
PIECE = {"class_name": "PiecewiseConstantDecay",
         "config": {"boundaries": [1, 3], "values": [0.05, 0.02, 0.01]}}

# (id, class name, kwargs, options): options may hold "legacy", "schedule" (a serialized
# schedule given as learning_rate) and "none_steps" (steps at which b's gradient is None).
CASES = [
    ("sgd", "SGD", {"learning_rate": 0.1}, {}),
    ("sgd_momentum", "SGD", {"learning_rate": 0.1, "momentum": 0.9}, {}),
    ("sgd_nesterov", "SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}, {}),
    ("sgd_weight_decay", "SGD", {"learning_rate": 0.1, "weight_decay": 0.05}, {}),
    ("sgd_clipnorm", "SGD", {"learning_rate": 0.1, "clipnorm": 0.5}, {}),
    ("sgd_global_clipnorm", "SGD", {"learning_rate": 0.1, "global_clipnorm": 0.8}, {}),
    ("sgd_clipvalue", "SGD", {"learning_rate": 0.1, "clipvalue": 0.3}, {}),
    ("sgd_exp_schedule", "SGD", {"momentum": 0.5}, {"schedule": EXP}),
    ("sgd_none_grad", "SGD", {"learning_rate": 0.1, "momentum": 0.9}, {"none_steps": [1, 2]}),
    ("sgd_ema", "SGD", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.5,
                        "ema_overwrite_frequency": 3}, {}),
    ("adam", "Adam", {"learning_rate": 0.01}, {}),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True}, {}),
    ("adam_betas", "Adam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-3}, {}),
    ("adam_clipnorm", "Adam", {"learning_rate": 0.01, "clipnorm": 1.0}, {}),
    ("adam_piecewise", "Adam", {}, {"schedule": PIECE}),
    ("adam_none_grad", "Adam", {"learning_rate": 0.01}, {"none_steps": [0, 3]}),
    ("adamw", "AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}, {}),
    ("adamw_amsgrad", "AdamW", {"learning_rate": 0.01, "amsgrad": True}, {}),
    ("rmsprop", "RMSprop", {"learning_rate": 0.01}, {}),
    ("rmsprop_momentum", "RMSprop", {"learning_rate": 0.01, "momentum": 0.9}, {}),
    ("rmsprop_centered", "RMSprop", {"learning_rate": 0.01, "centered": True}, {}),
    ("rmsprop_centered_momentum", "RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.5,
                                              "rho": 0.8}, {}),
    ("adagrad", "Adagrad", {"learning_rate": 0.1}, {}),
    ("adagrad_init", "Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5,
                                 "epsilon": 1e-3}, {}),
    ("adadelta", "Adadelta", {"learning_rate": 1.0}, {}),
    ("adadelta_rho", "Adadelta", {"learning_rate": 0.5, "rho": 0.9, "epsilon": 1e-6}, {}),
    ("adamax", "Adamax", {"learning_rate": 0.01}, {}),
    ("adamax_betas", "Adamax", {"learning_rate": 0.02, "beta_1": 0.5, "beta_2": 0.9}, {}),
    ("nadam", "Nadam", {"learning_rate": 0.01}, {}),
    ("nadam_betas", "Nadam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99}, {}),
    ("legacy_sgd", "SGD", {"learning_rate": 0.1, "momentum": 0.9, "decay": 0.1}, {"legacy": True}),
    ("legacy_adam", "Adam", {"learning_rate": 0.01, "decay": 0.05}, {"legacy": True}),
]

SCHEDULES = [
    ("exp", {"class_name": "ExponentialDecay",
             "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}}),
    ("exp_staircase", {"class_name": "ExponentialDecay",
                       "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5,
                                  "staircase": True}}),
    ("piecewise", {"class_name": "PiecewiseConstantDecay",
                   "config": {"boundaries": [10, 20], "values": [1.0, 0.5, 0.1]}}),
    ("cosine", {"class_name": "CosineDecay",
                "config": {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.1}}),
    ("cosine_warmup", {"class_name": "CosineDecay",
                       "config": {"initial_learning_rate": 0.0, "decay_steps": 100, "warmup_target": 0.1,
                                  "warmup_steps": 10}}),
    ("inverse_time", {"class_name": "InverseTimeDecay",
                      "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}}),
    ("inverse_time_staircase", {"class_name": "InverseTimeDecay",
                                "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5,
                                           "staircase": True}}),
    ("polynomial", {"class_name": "PolynomialDecay",
                    "config": {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.01,
                               "power": 0.5}}),
    ("polynomial_cycle", {"class_name": "PolynomialDecay",
                          "config": {"initial_learning_rate": 0.1, "decay_steps": 30, "power": 2.0,
                                     "cycle": True}}),
    ("cosine_restarts", {"class_name": "CosineDecayRestarts",
                         "config": {"initial_learning_rate": 0.1, "first_decay_steps": 20, "t_mul": 2.0,
                                    "m_mul": 0.8, "alpha": 0.05}}),
]
SCHEDULE_STEPS = [0, 1, 5, 9, 10, 11, 15, 20, 21, 45, 50, 99, 100, 101, 150]


def make_data():
    rng = np.random.default_rng(20240601)
    w0 = rng.standard_normal((3, 4)).astype(np.float32)
    b0 = (rng.standard_normal(4) * 0.1).astype(np.float32)
    scales = [1.0, 0.1, 2.0, 0.5, 3.0]
    gw = np.stack([rng.standard_normal((3, 4)) * s for s in scales]).astype(np.float32)
    gb = np.stack([rng.standard_normal(4) * s for s in scales]).astype(np.float32)
    return w0, b0, gw, gb


def build_optimizer(cls_name, kwargs, opts):
    kwargs = dict(kwargs)
    if "schedule" in opts:
        kwargs["learning_rate"] = tf.keras.optimizers.schedules.deserialize(opts["schedule"])
    module = tf.keras.optimizers.legacy if opts.get("legacy") else tf.keras.optimizers
    return getattr(module, cls_name)(**kwargs)


def main():
    w0, b0, gw, gb = make_data()
    out = {"w0": w0, "b0": b0, "gw": gw, "gb": gb}
    for case_id, cls_name, kwargs, opts in CASES:
        w = tf.Variable(w0, name="dense/kernel")
        b = tf.Variable(b0, name="dense/bias")
        opt = build_optimizer(cls_name, kwargs, opts)
        for k in range(len(gw)):
            gb_k = None if k in opts.get("none_steps", ()) else tf.constant(gb[k])
            opt.apply_gradients(zip([tf.constant(gw[k]), gb_k], [w, b]))
            out[f"{case_id}/w/{k}"] = w.numpy()
            out[f"{case_id}/b/{k}"] = b.numpy()
        opt_vars = opt.variables() if opts.get("legacy") else opt.variables
        out[f"{case_id}/slot_names"] = np.array([v.name for v in opt_vars])
        for i, v in enumerate(opt_vars):
            out[f"{case_id}/slot/{i}"] = v.numpy()
        out[f"{case_id}/iterations"] = np.int64(opt.iterations.numpy())
    for sched_id, spec in SCHEDULES:
        sched = tf.keras.optimizers.schedules.deserialize(spec)
        vals = [sched(s) for s in SCHEDULE_STEPS]
        out[f"schedule/{sched_id}"] = np.array([v.numpy() for v in vals])
        out[f"schedule/{sched_id}/dtype"] = np.array(vals[0].dtype.name)
    out["cases"] = np.array(json.dumps(CASES))
    out["schedules"] = np.array(json.dumps(SCHEDULES))
    out["schedule_steps"] = np.array(SCHEDULE_STEPS, np.int64)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    np.savez_compressed(OUT, **out)
    print(f"wrote {len(CASES)} optimizer cases and {len(SCHEDULES)} schedules to {os.path.normpath(OUT)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
