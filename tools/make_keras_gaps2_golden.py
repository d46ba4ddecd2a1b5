"""Writes tests/golden/keras_gaps2.npz (and keras_gaps2.json): tf-keras goldens for the remaining
tf.keras gaps: layers (DepthwiseConv1D, SpatialDropout3D, LocallyConnected1D/2D, SpectralNormalization,
AbstractRNNCell), datasets (cifar10/100, imdb, reuters, boston_housing on small synthetic archives of
the published formats) and mixed precision (Policy, LossScaleOptimizer).

Run with real TensorFlow (tf-keras semantics):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_keras_gaps2_golden.py

The cases live in tests/keras/keras_gaps2_cases.py (`case_*(tf) -> {name: array}`, `strings_*(tf) ->
JSON-able`) and run unchanged on both libraries; arrays are stored as "<case>/<name>".
The dataset cases write their archives into a temporary KERAS_HOME; tf-keras would re-download a
cached file whose hash differs from the published one (and this machine is offline), so here its
hash check is told to accept the synthetic files: the loaders' processing is what is recorded.
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402
from tf_keras.src.utils import data_utils  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "keras"))
import keras_gaps2_cases  # noqa: E402

OUT_DIR = os.path.join(HERE, "..", "tests", "golden")


def _np(v):
    return np.asarray(v.numpy() if hasattr(v, "numpy") else v)


def _recording_get_file():
    """Records every get_file call of the dataset loaders (file names, origins, hashes, subdirs)."""
    calls = []
    real = data_utils.get_file

    def get_file(*args, **kwargs):
        calls.append({"args": list(args), "kwargs": {k: v for k, v in kwargs.items()}})
        if kwargs.get("cache_dir") is None:  # tf-keras's get_file ignores KERAS_HOME (numtf's honours it)
            kwargs["cache_dir"] = os.environ["KERAS_HOME"]
        return real(*args, **kwargs)
    data_utils.validate_file = lambda *a, **k: True  # the synthetic archives stand for the published ones
    import tf_keras.src.datasets as ds
    for name in ("cifar10", "cifar100", "imdb", "reuters", "boston_housing"):
        module = __import__(f"tf_keras.src.datasets.{name}", fromlist=["x"])
        module.get_file = get_file
    return ds, calls


def main():
    _, calls = _recording_get_file()
    keras_gaps2_cases.GET_FILE_CALLS = calls
    arrays, strings = {}, {}
    for name in sorted(dir(keras_gaps2_cases)):
        if name.startswith("case_") or name.startswith("strings_"):
            tf.keras.backend.clear_session()
            tf.random.set_seed(0)
            np.random.seed(0)
            result = getattr(keras_gaps2_cases, name)(tf)
            if name.startswith("case_"):
                for key, value in result.items():
                    arrays[f"{name[5:]}/{key}"] = _np(value)
            else:
                strings[name[8:]] = result
    strings["get_file_calls"] = calls
    np.savez_compressed(os.path.join(OUT_DIR, "keras_gaps2.npz"), **arrays)
    with open(os.path.join(OUT_DIR, "keras_gaps2.json"), "w") as f:
        json.dump(strings, f, indent=1, sort_keys=True, default=str)
    print(f"{len(arrays)} arrays written")


if __name__ == "__main__":
    main()
