"""Writes tests/golden/v1_train_more.json: what TF 2.21's tf.compat.v1.train computes for the TF1
optimizers AdadeltaOptimizer, FtrlOptimizer, ProximalGradientDescentOptimizer and
ProximalAdagradOptimizer (three minimize steps of a small least-squares loss in a Session: the
variables, the slots of `w`, slot and variable names) and the TF1 learning-rate decays over
global steps 0..11.

    TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_v1_train_golden.py

`run(tf)` is the scenario; tests/compat/test_v1_train_more.py runs it with numtf.compat.v1.
"""
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "v1_train_more.json")


def optimizers(tf):
    return {
        "adadelta": lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6),
        "ftrl": lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02),
        "ftrl_shrink": lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=-0.3,
                                                      l2_shrinkage_regularization_strength=0.05, beta=0.2),
        "proximal_gd": lambda: tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.05,
                                                                         l2_regularization_strength=0.1),
        "proximal_adagrad": lambda: tf.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.05,
                                                                      l2_regularization_strength=0.1),
    }


def decays(tf, step):
    t = tf.train
    return {
        "piecewise_constant": t.piecewise_constant(step, [3, 6], [1.0, 0.5, 0.1]),
        "polynomial": t.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0),
        "polynomial_cycle": t.polynomial_decay(0.1, step, 4, end_learning_rate=0.01, power=1.0, cycle=True),
        "natural_exp": t.natural_exp_decay(0.1, step, 5, 0.5),
        "natural_exp_stair": t.natural_exp_decay(0.1, step, 5, 0.5, staircase=True),
        "inverse_time": t.inverse_time_decay(0.1, step, 5, 0.5),
        "inverse_time_stair": t.inverse_time_decay(0.1, step, 5, 0.5, staircase=True),
        "cosine": t.cosine_decay(0.1, step, 10, alpha=0.1),
        "cosine_restarts": t.cosine_decay_restarts(0.1, step, 3, t_mul=2.0, m_mul=0.5, alpha=0.1),
        "linear_cosine": t.linear_cosine_decay(0.1, step, 10),
        "exponential": t.exponential_decay(0.1, step, 5, 0.5),
    }


def run(tf):
    """The scenario, for `tf` = tensorflow.compat.v1 or numtf.compat.v1 (graph mode)."""
    out = {}
    for name, make in optimizers(tf).items():
        with tf.Graph().as_default():
            w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
            b = tf.Variable([0.1, -0.1], name="b")
            x = tf.placeholder(tf.float32, [None, 2])
            opt = make()
            train = opt.minimize(tf.reduce_sum(tf.square(tf.matmul(x, w) + b)))
            with tf.Session() as s:
                s.run(tf.global_variables_initializer())
                for _ in range(3):
                    s.run(train, {x: [[0.3, -0.2], [0.1, 0.4]]})
                out[name] = {"w": s.run(w).tolist(), "b": s.run(b).tolist(),
                             "slots": {n: s.run(opt.get_slot(w, n)).tolist() for n in opt.get_slot_names()},
                             "slot_names": list(opt.get_slot_names()),
                             "var_names": sorted(v.name for v in tf.global_variables())}
    with tf.Graph().as_default():
        step = tf.Variable(0, dtype=tf.int64, name="global_step")
        fetches = decays(tf, step)
        inc = tf.assign_add(step, 1)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            values = {k: [] for k in fetches}
            for _ in range(12):
                for k, v in s.run(fetches).items():
                    values[k].append(float(v))
                s.run(inc)
    out["decays"] = values
    return out


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf1
    tf1.disable_eager_execution()
    with open(OUT, "w") as f:
        json.dump(run(tf1), f, indent=1)
    print("wrote", OUT)
