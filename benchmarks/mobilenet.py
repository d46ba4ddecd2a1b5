"""MobileNetV2 training steps (the handbook's tf_flowers program: weights=None, classes=5, Adam
1e-3, `model(images, training=True)`, sparse categorical cross-entropy), numtf beside TensorFlow
2.21 (tf-keras) in the same run: eager and through tf.function.

    $ python benchmarks/mobilenet.py [--batch 8] [--size 224] [--steps 3]

Random images and labels; each figure is the median of `--steps` timed steps after two warm-up
steps, in milliseconds. TensorFlow runs in its own interpreter, `$NUMTF_TF_PYTHON` (default
~/tfref/bin/python; "not available" when missing). PyTorch is not compared: its MobileNetV2
lives in torchvision, which does not install beside the PyTorch build on this machine.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

STEP = '''
import json, os, sys, time
import numpy as np
batch, size, steps = {batch}, {size}, {steps}
import {module} as tf
model = tf.keras.applications.MobileNetV2(weights=None, classes=5, input_shape=(size, size, 3))
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
rng = np.random.default_rng(0)
images = rng.random((batch, size, size, 3)).astype(np.float32)
labels = rng.integers(0, 5, batch)

def step(images, labels):
    with tf.GradientTape() as tape:
        labels_pred = model(images, training=True)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=labels, y_pred=labels_pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(grads_and_vars=zip(grads, model.trainable_variables))
    return loss

out = {{}}
for name, fn in (("eager", step), ("traced", tf.function(step))):
    fn(images, labels)
    fn(images, labels)
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        float(fn(images, labels))
        times.append((time.perf_counter() - t0) * 1e3)
    out[name] = float(np.median(times))
print(json.dumps(out))
'''


def run(python, module, args, env=None):
    code = STEP.format(batch=args.batch, size=args.size, steps=args.steps, module=module)
    try:
        res = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=3600,
                             env=dict(os.environ, **(env or {})))
        return json.loads(res.stdout.strip().splitlines()[-1])
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--steps", type=int, default=3)
    args = parser.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    numtf = run(sys.executable, "numtf", args, {"PYTHONPATH": root})
    tf_python = os.path.expanduser(os.environ.get("NUMTF_TF_PYTHON", "~/tfref/bin/python"))
    tf = run(tf_python, "tensorflow", args, {"TF_USE_LEGACY_KERAS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}) \
        if os.path.exists(tf_python) else None
    print(f"MobileNetV2 training step, batch {args.batch}, {args.size}x{args.size}, median ms of {args.steps}")
    print(f"{'':10s}{'numtf':>10s}{'TF':>10s}{'numtf/TF':>10s}")
    for mode in ("eager", "traced"):
        ours = numtf[mode] if numtf else np.nan
        theirs = tf[mode] if tf else np.nan
        ratio = f"{ours / theirs:.2f}x" if tf and numtf else "-"
        print(f"{mode:10s}{ours:10.0f}{theirs if tf else float('nan'):10.0f}{ratio:>10s}")
    if tf is None:
        print("TensorFlow: not available")


if __name__ == "__main__":
    main()
