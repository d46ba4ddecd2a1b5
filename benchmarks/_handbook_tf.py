"""The handbook's workloads written against the TensorFlow API: run by numtf (in benchmarks/handbook.py's
interpreter) and by TensorFlow (as a worker in its own interpreter) from this very source.

The framework is picked at import time, as tests/keras/test_engine.py does:
`$NUMTF_BENCH_AGAINST` names the module to import as `tf` (default numtf). Worker mode:

    TF_USE_LEGACY_KERAS=1 NUMTF_BENCH_AGAINST=tensorflow ~/tfref/bin/python benchmarks/_handbook_tf.py \\
        --workloads linear,mlp,cnn [--data mnistlike|uniform] [--steps N] [--seconds S] [--fit]

prints one JSON line {"version": ..., "results": {workload: {"eager": timing, "traced": timing,
"fit": timing}}} (handbook.measure describes a timing). Models, loss and loop are the handbook's,
public API only.
"""
import argparse
import importlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from handbook import BATCH, SEED, batches, measure  # noqa: E402

tf = importlib.import_module(os.environ.get("NUMTF_BENCH_AGAINST", "numtf"))


class Linear(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(
            units=1,
            activation=None,
            kernel_initializer=tf.zeros_initializer(),
            bias_initializer=tf.zeros_initializer()
        )

    def call(self, input):
        output = self.dense(input)
        return output


class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.dense1 = tf.keras.layers.Dense(units=100, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    def call(self, inputs):         # [batch_size, 28, 28, 1]
        x = self.flatten(inputs)    # [batch_size, 784]
        x = self.dense1(x)          # [batch_size, 100]
        x = self.dense2(x)          # [batch_size, 10]
        output = tf.nn.softmax(x)
        return output


class CNN(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.conv1 = tf.keras.layers.Conv2D(
            filters=32,
            kernel_size=[5, 5],
            padding='same',
            activation=tf.nn.relu
        )
        self.pool1 = tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2)
        self.conv2 = tf.keras.layers.Conv2D(
            filters=64,
            kernel_size=[5, 5],
            padding='same',
            activation=tf.nn.relu
        )
        self.pool2 = tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2)
        self.flatten = tf.keras.layers.Reshape(target_shape=(7 * 7 * 64,))
        self.dense1 = tf.keras.layers.Dense(units=1024, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    def call(self, inputs):
        x = self.conv1(inputs)                  # [batch_size, 28, 28, 32]
        x = self.pool1(x)                       # [batch_size, 14, 14, 32]
        x = self.conv2(x)                       # [batch_size, 14, 14, 64]
        x = self.pool2(x)                       # [batch_size, 7, 7, 64]
        x = self.flatten(x)                     # [batch_size, 7 * 7 * 64]
        x = self.dense1(x)                      # [batch_size, 1024]
        x = self.dense2(x)                      # [batch_size, 10]
        output = tf.nn.softmax(x)
        return output


def linear_setup():
    """The handbook's linear regression: one step of its 100-step loop (SGD 0.01, X 2x3)."""
    X = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    y = tf.constant([[10.0], [20.0]])
    model = Linear()
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)

    def train_step(X, y):
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.reduce_mean(tf.square(y_pred - y))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
        return loss

    def next_batch():
        return X, y
    return model, train_step, next_batch, None


def mnist_setup(model_class, data):
    """The handbook's MNIST custom loop step (Adam 1e-3, sparse categorical cross-entropy on the
    softmax output, batch 50), fed fresh random batches (handbook.batches) in place of
    MNISTLoader.get_batch."""
    model = model_class()
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.001)

    def train_step(X, y):
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred)
            loss = tf.reduce_mean(loss)
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
        return loss

    def compile_for_fit():
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001),
                      loss=tf.keras.losses.sparse_categorical_crossentropy)
    return model, train_step, batches((28, 28, 1), data), compile_for_fit


WORKLOADS = {
    "linear": lambda data: linear_setup(),
    "mlp": lambda data: mnist_setup(MLP, data),
    "cnn": lambda data: mnist_setup(CNN, data),
}


def has_fit():
    return hasattr(tf.keras.Model, "fit") and hasattr(tf.keras.Model, "compile")


def fit_timing(setup, data, steps, seconds, step_ms):
    """`model.fit` per batch of 50: an epoch's wall time over its batches (fit has no per-step
    clock), median and best of 3 or more epochs after a warm-up one. An epoch has `steps` batches, or
    as many as take about `seconds` / 3 at `step_ms` a step (20 to 500)."""
    import time
    model, _, next_batch, compile_for_fit = setup(data)
    if compile_for_fit is None:
        return None
    compile_for_fit()
    n = steps or int(min(max(seconds / 3 * 1e3 / step_ms, 20), 500))
    parts = [next_batch() for _ in range(n)]
    X = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    model.fit(X, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)  # warm-up and tracing
    per_step, deadline = [], time.perf_counter() + seconds
    while len(per_step) < 3 or (time.perf_counter() < deadline and len(per_step) < 20):
        start = time.perf_counter()
        model.fit(X, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False)
        per_step.append((time.perf_counter() - start) / n * 1e3)
    return {"median": float(np.median(per_step)), "min": float(min(per_step)), "n": n * len(per_step)}


def run(workloads, data="mnistlike", steps=None, seconds=3.0, traced=None, fit=False):
    """Times each workload's eager step and, when this `tf` has `tf.function` (or `traced` is
    True), its `@tf.function` step; `fit` adds Model.fit per step when the framework has it."""
    if traced is None:
        traced = hasattr(tf, "function")
    results = {}
    for name in workloads:
        tf.random.set_seed(SEED)
        np.random.seed(SEED)
        _, train_step, next_batch, _ = WORKLOADS[name](data)
        res = results[name] = {"eager": measure(train_step, next_batch, steps, seconds)}
        if traced:
            tf.random.set_seed(SEED)
            _, train_step, next_batch, _ = WORKLOADS[name](data)
            res["traced"] = measure(tf.function(train_step), next_batch, steps, seconds)
        if fit and has_fit():
            tf.random.set_seed(SEED)
            step_ms = res.get("traced", res["eager"])["median"]
            res["fit"] = fit_timing(WORKLOADS[name], data, steps, seconds, step_ms)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--data", default="mnistlike")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    results = run(args.workloads.split(","), args.data, args.steps, args.seconds, fit=args.fit)
    print(json.dumps({"version": tf.__version__, "results": results}))


if __name__ == "__main__":
    main()
