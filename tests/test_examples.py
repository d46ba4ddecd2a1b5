"""The examples print what TensorFlow prints for the same programs.

The expected outputs are TensorFlow 2.21's own, produced by running the example's file with
`numtf` resolved to TensorFlow (from the repository root):

    TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python -c "import sys, runpy, tensorflow; \
        sys.modules['numtf'] = tensorflow; \
        runpy.run_path('numtf/examples/basics.py', run_name='__main__')"

Outputs are compared as text with every number parsed and compared with a tolerance (float32
training loops may round differently), and NumPy 2's `np.float32(...)` scalar reprs unwrapped
(so the comparison holds under NumPy 1.x too).
"""
import re

import numpy as np

from numtf.examples import basics

# `(?<![\w.])` keeps digits inside names ("float32", "Variable:0" is fine either way) whole.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])|\bnan\b|\binf\b")
_NP_SCALAR = re.compile(r"\bnp\.(?:float|int|uint|bool|complex)\w*\(([^()]*)\)")


def _split(text):
    text = _NP_SCALAR.sub(r"\1", text)
    numbers = [float(m.group()) for m in _NUMBER.finditer(text)]
    skeleton = _NUMBER.sub("#", text)
    # NumPy pads array columns to the widest number, so spacing follows the digits printed.
    skeleton = "\n".join("".join(line.split()) for line in skeleton.strip().splitlines())
    return skeleton, numbers


def assert_same_output(actual, expected, rtol=1e-4, atol=1e-6):
    """Asserts two program outputs are equal, numbers up to `rtol`/`atol`."""
    a_skel, a_nums = _split(actual)
    e_skel, e_nums = _split(expected)
    assert a_skel == e_skel, f"output differs:\n--- numtf\n{actual}\n--- TensorFlow\n{expected}"
    np.testing.assert_allclose(a_nums, e_nums, rtol=rtol, atol=atol,
                               err_msg=f"\n--- numtf\n{actual}\n--- TensorFlow\n{expected}")


# TensorFlow 2.21's output (NumPy 2.4), first line (a random scalar) excepted: see the test.
BASICS_TF_OUTPUT = """\
tf.Tensor([0. 0.], shape=(2,), dtype=float32)
(2, 2)
<dtype: 'float32'>
[[1. 2.]
 [3. 4.]]
tf.Tensor(
[[ 6.  8.]
 [10. 12.]], shape=(2, 2), dtype=float32)
tf.Tensor(
[[19. 22.]
 [43. 50.]], shape=(2, 2), dtype=float32)
[<tf.Tensor: shape=(), dtype=float32, numpy=9.0>, <tf.Tensor: shape=(), dtype=float32, numpy=6.0>]
[np.float32(125.0), array([[ 70.],
       [100.]], dtype=float32), np.float32(30.0)]
0.97637 0.057565063
<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.9763699769973755> \
<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.05756506323814392>
"""


def test_basics_prints_what_tensorflow_prints(capsys):
    basics.main()
    out = capsys.readouterr().out
    first, rest = out.split("\n", 1)
    m = re.fullmatch(r"tf\.Tensor\(([0-9.e-]+), shape=\(\), dtype=float32\)", first)
    assert m, first
    assert 0.0 <= float(m.group(1)) < 1.0
    assert_same_output(rest, BASICS_TF_OUTPUT)


def test_output_comparison_catches_differences():
    assert_same_output("x = 1.00001 [[ 1.]\n [10.]]", "x = 1.0 [[1.]\n [10.]]")
    assert_same_output("[1.0, array([2.], dtype=float32)]",
                       "[np.float32(1.0), array([2.], dtype=float32)]")
    for wrong in ("x = 1.1 [[1.]\n [10.]]", "y = 1.0 [[1.]\n [10.]]", "x = 1.0 [[1.]]"):
        try:
            assert_same_output(wrong, "x = 1.0 [[1.]\n [10.]]")
        except AssertionError:
            continue
        raise AssertionError(f"{wrong!r} was accepted")
