"""Writes tests/golden/keras_gaps.npz (and keras_gaps.json): tf-keras goldens for the backend
functions, preprocessing helpers, layers, datasets and mixed precision added to numtf.keras.

Run with real TensorFlow (tf-keras semantics):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_keras_gaps_golden.py

The numeric cases live in tests/keras/keras_gaps_cases.py (`case_*(tf) -> {name: array}`) and run
unchanged on both libraries; each array is stored as "<case>/<name>". Printed forms, configs and
error messages (strings) go to the JSON file.
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "keras"))
import keras_gaps_cases  # noqa: E402

OUT_DIR = os.path.join(HERE, "..", "tests", "golden")


def _np(v):
    if isinstance(v, tf.SparseTensor):
        v = tf.sparse.to_dense(v)
    return np.asarray(v.numpy() if hasattr(v, "numpy") else v)


def run_cases():
    arrays = {}
    for name in sorted(dir(keras_gaps_cases)):
        if name.startswith("case_"):
            tf.keras.backend.clear_session()
            tf.random.set_seed(0)
            np.random.seed(0)
            for key, value in getattr(keras_gaps_cases, name)(tf).items():
                arrays[f"{name[5:]}/{key}"] = _np(value)
    return arrays


def run_strings():
    out = {}
    for name in sorted(dir(keras_gaps_cases)):
        if name.startswith("strings_"):
            tf.keras.backend.clear_session()
            out[name[8:]] = getattr(keras_gaps_cases, name)(tf)
    return out


def main():
    arrays = run_cases()
    np.savez_compressed(os.path.join(OUT_DIR, "keras_gaps.npz"), **arrays)
    with open(os.path.join(OUT_DIR, "keras_gaps.json"), "w") as f:
        json.dump(run_strings(), f, indent=1, sort_keys=True, default=str)
    print(f"{len(arrays)} arrays written")


if __name__ == "__main__":
    main()
