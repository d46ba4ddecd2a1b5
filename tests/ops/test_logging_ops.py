"""tf.print: the expected texts are what TensorFlow 2.21 printed for the same calls."""
import contextlib
import io
import sys

import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run
from numtf.ops.logging_ops import format_tensor

C = tf.constant


def R(n, shape=None, dtype=np.int32):
    a = np.arange(n).astype(dtype)
    return C(a.reshape(shape) if shape else a)


CASES = [
    # scalars and float precision (shortest of %.6g/%.9g, %.15g/%.17g that round-trips)
    (lambda: (C(0.1),), {}, "0.1"),
    (lambda: (C(1e-8),), {}, "1e-08"),
    (lambda: (C(123456789.0),), {}, "123456792"),
    (lambda: (C(2.0),), {}, "2"),
    (lambda: (C(1 / 3),), {}, "0.333333343"),
    (lambda: (C(0.1, tf.float64),), {}, "0.1"),
    (lambda: (C(1 / 3, tf.float64),), {}, "0.33333333333333331"),
    (lambda: (C(0.1, tf.float16),), {}, "0.0999755859"),
    (lambda: (C([1.5, 0.1, 65504], tf.float16),), {}, "[1.5 0.0999755859 65504]"),
    (lambda: (C(-3, tf.int64),), {}, "-3"),
    (lambda: (C(True),), {}, "1"),
    (lambda: (C([True, False]),), {}, "[1 0]"),
    (lambda: (C([np.nan, np.inf, -np.inf]),), {}, "[nan inf -inf]"),
    (lambda: (C([1e-8, 1e10, 123.456, 1e20, 0.0, -0.0]),), {}, "[1e-08 1e+10 123.456 1e+20 0 -0]"),
    (lambda: (C([1e-8, 1e10, 123.456, 1 / 3], tf.float64),), {}, "[1e-08 10000000000 123.456 0.33333333333333331]"),
    (lambda: (C([1234567.0, 12345678.0, 0.000123, 1.1]),), {}, "[1234567 12345678 0.000123 1.1]"),
    (lambda: (C([1e-5, 100.0, 1e16, 1e15, 123456789012.0], tf.float64),), {}, "[1e-05 100 1e+16 1e+15 123456789012]"),
    (lambda: (C([2 ** 40], tf.int64),), {}, "[1099511627776]"),
    (lambda: (C([1, 2], tf.uint8),), {}, "[1 2]"),
    (lambda: (C([1 + 2j]),), {}, "[?]"),
    # strings: a lone scalar prints raw; otherwise quoted and C-escaped (UTF-8 kept)
    (lambda: (C("hello"),), {}, "hello"),
    (lambda: (C("c\nd"),), {}, "c\nd"),
    (lambda: ("a", C("hello")), {}, 'a "hello"'),
    (lambda: (C("x"), C("y")), {}, '"x" "y"'),
    (lambda: (1, C("c\"d\n")), {}, '1 "c\\"d\\n"'),
    (lambda: (C(["a", "b c"]),), {}, '["a" "b c"]'),
    (lambda: (C(["a\"b", "c\nd", "e\\f", "tab\t", "é"]),), {}, '["a\\"b" "c\\nd" "e\\\\f" "tab\\t" "é"]'),
    (lambda: (C([b"a'b", b"\r", b"\x01\x7f"]),), {}, '["a\\\'b" "\\r" "\\001\\177"]'),
    (lambda: ({"k": C("v")},), {}, "{'k': \"v\"}"),
    (lambda: ([C("s"), "t"],), {}, "[\"s\", 't']"),
    (lambda: (C([str(i) for i in range(7)]),), {}, '["0" "1" "2" ... "4" "5" "6"]'),
    (lambda: (C([["a", "b"], ["c", "d"]]),), {}, '[["a" "b"]\n ["c" "d"]]'),
    # summarization
    (lambda: (R(6),), {}, "[0 1 2 3 4 5]"),
    (lambda: (R(7),), {}, "[0 1 2 ... 4 5 6]"),
    (lambda: (R(10),), {"summarize": -1}, "[0 1 2 3 4 5 6 7 8 9]"),
    (lambda: (R(10),), {"summarize": 1}, "[0 ... 9]"),
    (lambda: (R(10),), {"summarize": 0}, "[ ...]"),
    (lambda: (R(10),), {"summarize": None}, "[0 1 2 ... 7 8 9]"),
    (lambda: (C([[1, 2], [3, 4]]),), {"summarize": 0}, "[\n ...]"),
    (lambda: (C(5),), {"summarize": 0}, "..."),
    (lambda: ([R(10)],), {"summarize": 2}, "[[0 1 ... 8 9]]"),
    (lambda: (R(15, [3, 5]),), {"summarize": 2}, "[[0 1 ... 3 4]\n [5 6 ... 8 9]\n [10 11 ... 13 14]]"),
    (lambda: (R(27, [3, 3, 3]),), {"summarize": 1},
     "[[[0 ... 2]\n  ...\n  [6 ... 8]]\n\n ...\n\n [[18 ... 20]\n  ...\n  [24 ... 26]]]"),
    (lambda: (R(14, [7, 2]),), {}, "[[0 1]\n [2 3]\n [4 5]\n ...\n [8 9]\n [10 11]\n [12 13]]"),
    (lambda: (R(100, [10, 10]),), {},
     "[[0 1 2 ... 7 8 9]\n [10 11 12 ... 17 18 19]\n [20 21 22 ... 27 28 29]\n ...\n"
     " [70 71 72 ... 77 78 79]\n [80 81 82 ... 87 88 89]\n [90 91 92 ... 97 98 99]]"),
    (lambda: (R(24, [2, 3, 4]),), {},
     "[[[0 1 2 3]\n  [4 5 6 7]\n  [8 9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]"),
    (lambda: (C(np.zeros([2, 1, 1, 2], np.float32)),), {}, "[[[[0 0]]]\n\n\n [[[0 0]]]]"),
    (lambda: (C([[5]]),), {}, "[[5]]"),
    (lambda: (C(np.array([0.5, 1e-9, 3.0, 1e7], np.float32).reshape(2, 2)),), {}, "[[0.5 1e-09]\n [3 1e+07]]"),
    # empty tensors
    (lambda: (C([], tf.float32),), {}, "[]"),
    (lambda: (C(np.zeros([0, 3], np.float32)),), {}, "[]"),
    (lambda: (C(np.zeros([3, 0], np.float32)),), {}, "[\n ...]"),
    (lambda: (C(np.zeros([2, 0, 3], np.float32)),), {}, "[\n\n ...]"),
    # Python values and structures (pprint.pformat, tensors substituted)
    (lambda: ("x:", C(1), 2, 3.5, "end"), {}, "x: 1 2 3.5 end"),
    (lambda: ([C(1), C([1, 2])],), {}, "[1, [1 2]]"),
    (lambda: ({"b": C(1), "a": C([1.5])},), {}, "{'a': [1.5], 'b': 1}"),
    (lambda: ((1, "a", C(2.0)),), {}, "(1, 'a', 2)"),
    (lambda: ({"a": [C(1), {"c": 2}]},), {}, "{'a': [1, {'c': 2}]}"),
    (lambda: ([C([[1, 2], [3, 4]]), 5],), {}, "[[[1 2]\n [3 4]], 5]"),
    (lambda: (tf.Variable([1.0, 2.0]),), {}, "[1 2]"),
    (lambda: ([1, 2, 3],), {}, "[1, 2, 3]"),
    (lambda: (np.array([1.5, 2.5]),), {}, "array([1.5, 2.5])"),
    (lambda: ([np.array([1, 2])],), {}, "[array([1, 2])]"),
    (lambda: (0.1,), {}, "0.1"),
    (lambda: (None,), {}, "None"),
    (lambda: (["a", "b"],), {}, "['a', 'b']"),
    (lambda: ("{} {x}", C(1)), {}, "{} {x} 1"),
    (lambda: ("{}", [C(1)]), {}, "{} [1]"),
    (lambda: ("'{}'", [C(1)], ["'{}'"]), {}, "'{}' [1] [\"'{}'\"]"),
    (lambda: ([C(i) for i in range(13)],), {}, "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]"),
    (lambda: ([C(i) for i in range(14)],), {}, "[" + ",\n ".join(str(i) for i in range(14)) + "]"),
    (lambda: (list(range(26)),), {}, "[" + ",\n ".join(str(i) for i in range(26)) + "]"),
    (lambda: (), {}, ""),
    # sep and end
    (lambda: (1, 2), {"sep": ","}, "1,2"),
    (lambda: (1, 2), {"sep": ""}, "12"),
    (lambda: ("a", [1], C(2)), {"sep": " | "}, "a | [1] | 2"),
]


@pytest.mark.parametrize("make,kwargs,expected", CASES)
def test_print_matches_tf(make, kwargs, expected, capsys):
    assert tf.print(*make(), **kwargs) is None
    out, err = capsys.readouterr()
    assert out == ""
    assert err == expected + "\n"


def test_end_and_streams(capsys, tmp_path):
    tf.print(C(1), 2, end="!")
    tf.print(C([1, 2]), output_stream=sys.stdout)
    out, err = capsys.readouterr()
    assert err == "1 2!" and out == "[1 2]\n"
    path = tmp_path / "log.txt"
    tf.print(C([1, 2]), "hi", output_stream=f"file://{path}")
    tf.print("again", output_stream=f"file://{path}")  # appends, as TF does
    assert path.read_text() == "[1 2] hi\nagain\n"
    assert capsys.readouterr() == ("", "")


def test_current_stderr_is_used():
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        tf.print("to the redirected stream", C([1.5]))
    assert buf.getvalue() == "to the redirected stream [1.5]\n"


def test_logging_function_stream(capsys):
    got = []

    def info(msg):
        got.append(msg)

    tf.print("step", C(3), output_stream=info)
    assert got == ["step 3"] and capsys.readouterr() == ("", "")


def test_errors():
    with pytest.raises(ValueError, match=r"Unsupported output stream, logging level, or file.stdout\. Supported"):
        tf.print(1, output_stream="stdout")
    with pytest.raises(ValueError, match="Unsupported output stream"):
        tf.print(1, output_stream=io.StringIO())
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments for tf.print: \{'foo': 3\}"):
        tf.print(1, foo=3)


def test_print_in_graph_runs_each_time(capsys):
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None])
        node = tf.print("x =", x, [x, 1], {"s": tf.reduce_sum(x)})
        y = x * 2.0
    assert capsys.readouterr() == ("", "")  # nothing printed while building
    assert node.type == "PrintV2" and node.outputs == ()
    run(g, [node], {x: np.array([1., 2.], np.float32)})
    run(g, [node, y], {x: np.array([3.], np.float32)})
    assert capsys.readouterr().err == "x = [1 2] [[1 2], 1] {'s': 3}\nx = [3] [[3], 1] {'s': 3}\n"
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):  # the stream is looked up when the node runs
        run(g, [node], {x: np.array([0.5], np.float32)})
    assert buf.getvalue() == "x = [0.5] [[0.5], 1] {'s': 0.5}\n"


def test_print_random_in_graph_gives_fresh_values(capsys):
    g = Graph()
    with g.as_default():
        node = tf.print(tf.random.uniform([3]), summarize=-1)
    run(g, [node])
    run(g, [node])
    first, second = capsys.readouterr().err.splitlines()
    assert first != second and first.startswith("[") and len(first.split()) == 3


def test_format_tensor():
    assert format_tensor(np.arange(10)) == "[0 1 2 ... 7 8 9]"
    assert format_tensor(np.arange(10), summarize=-1) == "[0 1 2 3 4 5 6 7 8 9]"
    assert format_tensor(np.float32(0.1)) == "0.1"
    assert format_tensor(np.array(b"a\n", dtype=object)) == '"a\\n"'
