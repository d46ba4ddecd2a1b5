"""Shared by test_lookup.py, test_sets.py, tests/data/test_text_line.py and tests/test_tf_test.py:
evaluates the expressions of tests/golden/lookup_sets.json (tools/make_lookup_sets_golden.py,
TF 2.21) with numtf, in a fresh directory holding the files the expressions read, and compares
with what TensorFlow gave (through tests/ops/_sparse_ragged_golden.py's `check`)."""
import json
import os

import numpy as np

import numtf as tf
import numtf.lookup  # noqa: F401  (until tf.lookup / tf.sets / tf.test load lazily from numtf/__init__.py)
import numtf.sets  # noqa: F401
import numtf.test  # noqa: F401
from tests.ops._sparse_ragged_golden import check as _check

with open(os.path.join(os.path.dirname(__file__), "..", "golden", "lookup_sets.json"), encoding="utf-8") as _f:
    GOLDEN = json.load(_f)


def env(directory):
    """The names the golden expressions use, with their files written into `directory`."""
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        e = {"tf": tf, "np": np}
        exec(GOLDEN["env"], e)
    finally:
        os.chdir(cwd)
    return e


def check(section, src, directory, messages=True):
    expected = GOLDEN[section][src]
    e = env(directory)
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        if expected["kind"] == "object":  # a table or initializer: its class name
            got = eval(src, e)
            assert type(got).__name__ == expected["type"], (src, got)
            return
        _check(src, expected, e, messages=messages)
    finally:
        os.chdir(cwd)
