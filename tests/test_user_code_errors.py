"""TF's "in user code:" errors from traced functions. The layouts below are TF 2.21's for the
same programs (its texts with this file's path and line numbers substituted)."""
import numpy as np
import pytest

import numtf as tf
from numtf.autograph.user_errors import StagingError

F = __file__


def _at(fn, offset):
    """The line `offset` lines below the first line of `fn` (its decorator's, if any)."""
    return fn.__code__.co_firstlineno + offset


def _helper(x):
    raise ValueError("bad value %d" % 3)


def test_layout_lists_user_frames_marked_and_the_original_error():
    def f(x):
        y = x + 1
        return _helper(y)

    with pytest.raises(ValueError) as e:
        tf.function(f)(tf.constant(1))
    assert str(e.value) == (
        "in user code:\n\n"
        f'    File "{F}", line {_at(f, 2)}, in f  *\n'
        "        return _helper(y)\n"
        f'    File "{F}", line {_at(_helper, 1)}, in _helper  *\n'
        '        raise ValueError("bad value %d" % 3)\n\n'
        "    ValueError: bad value 3\n")
    assert e.value.args == (str(e.value),)
    # as TF: raised `from None`, the original kept as context, the traceback down to the raise
    assert e.value.__cause__ is None and e.value.__suppress_context__
    assert type(e.value.__context__) is ValueError and str(e.value.__context__) == "bad value 3"
    last = e.value.__traceback__
    while last.tb_next is not None:
        last = last.tb_next
    assert last.tb_frame.f_code.co_filename == F and last.tb_lineno == _at(_helper, 1)


class MyErr(Exception):
    pass


class TwoArg(Exception):
    def __init__(self, a, b):
        super().__init__(a, b)


class SubValueError(ValueError):
    pass


@pytest.mark.parametrize("raise_, kind, text", [
    (lambda: MyErr("mine"), MyErr, "MyErr: mine"),
    (lambda: TwoArg("a", "b"), StagingError, "TwoArg: ('a', 'b')"),
    (lambda: ValueError(), ValueError, "ValueError: "),
    (lambda: ZeroDivisionError("z"), StagingError, "ZeroDivisionError: z"),
    (lambda: IndexError("i"), StagingError, "IndexError: i"),
    (lambda: SubValueError("s"), StagingError, "SubValueError: s"),
    (lambda: RuntimeError("r"), RuntimeError, "RuntimeError: r"),
    (lambda: NotImplementedError("n"), NotImplementedError, "NotImplementedError: n"),
    (lambda: StopIteration("s"), StopIteration, "StopIteration: s"),
    (lambda: Exception("e"), Exception, "Exception: e"),
    (lambda: tf.errors.InvalidArgumentError(None, None, "opmsg"), tf.errors.InvalidArgumentError,
     "InvalidArgumentError: opmsg"),
])
def test_exception_types_kept_as_tf_keeps_them(raise_, kind, text):
    def f(x):
        raise raise_()

    with pytest.raises(Exception) as e:
        tf.function(f)(tf.constant(1))
    assert type(e.value) is kind
    assert str(e.value) == f'in user code:\n\n    File "{F}", line {_at(f, 1)}, in f  *\n        raise raise_()\n\n' \
                           f"    {text}\n"


def test_key_error_keeps_its_type_and_an_unquoted_message():
    def f(x):
        d = {}
        return d["k"]

    with pytest.raises(KeyError) as e:
        tf.function(f)(tf.constant(1))
    assert str(e.value) == f'in user code:\n\n    File "{F}", line {_at(f, 2)}, in f  *\n        return d["k"]\n\n' \
                           "    KeyError: 'k'\n"
    assert e.value.args == ("KeyError: 'k'",)


def test_errors_of_numtf_ops_while_tracing_hide_numtf_frames():
    def f(x):
        return tf.add(x, 1.5)

    with pytest.raises(TypeError) as e:
        tf.function(f)(tf.constant(1))
    assert str(e.value) == (
        f'in user code:\n\n    File "{F}", line {_at(f, 1)}, in f  *\n        return tf.add(x, 1.5)\n\n'
        "    TypeError: Input 'y' of 'AddV2' Op has type float32 that does not match type int32 of argument 'x'.\n")


def _not_converted(x):
    raise ValueError("nc")


_not_converted = tf.autograph.experimental.do_not_convert(_not_converted)


def test_unconverted_callee_is_marked_with_two_stars_and_library_frames_listed():
    def f(x):
        return _not_converted(x)

    with pytest.raises(ValueError) as e:
        tf.function(f)(tf.constant(1))
    assert f'line {_at(f, 1)}, in f  *\n        return _not_converted(x)\n' in str(e.value)
    assert 'in _not_converted  **\n        raise ValueError("nc")\n\n    ValueError: nc\n' in str(e.value)

    def g(x):
        return np.linalg.inv(np.zeros((2, 2)))

    with pytest.raises(StagingError) as e:  # numpy's LinAlgError, as in TF
        tf.function(g)(tf.constant(1))
    text = str(e.value)
    assert ", in inv  **\n" in text and ", in _raise_linalgerror_singular\n" in text
    assert text.endswith("\n\n    LinAlgError: Singular matrix\n")


def test_branches_lambdas_and_nested_functions():
    def f(x):
        if x > 0:
            raise ValueError("in cond")
        return x

    with pytest.raises(ValueError) as e:
        tf.function(f)(tf.constant(1))
    assert str(e.value) == f'in user code:\n\n    File "{F}", line {_at(f, 2)}, in f  *\n' \
                           '        raise ValueError("in cond")\n\n    ValueError: in cond\n'

    def g(x):
        h = lambda y: 1 / 0  # noqa: E731
        return h(x)

    with pytest.raises(StagingError) as e:
        tf.function(g)(tf.constant(1))
    assert str(e.value) == f'in user code:\n\n    File "{F}", line {_at(g, 1)}, in g  *\n' \
                           '        h = lambda y: 1 / 0  # noqa: E731\n\n    ZeroDivisionError: division by zero\n'

    @tf.function
    def inner(x):
        raise ValueError("inner")

    @tf.function
    def outer(x):
        return inner(x) + 1

    with pytest.raises(ValueError) as e:
        outer(tf.constant(1))
    assert str(e.value) == (
        f'in user code:\n\n    File "{F}", line {_at(outer.python_function, 2)}, in outer  *\n'
        "        return inner(x) + 1\n"
        f'    File "{F}", line {_at(inner.python_function, 2)}, in inner  *\n'
        '        raise ValueError("inner")\n\n    ValueError: inner\n')


def test_loop_errors_point_at_the_loop_and_indent_every_line():
    def f(n):
        for i in tf.range(n):
            y = y + 1  # noqa: F821
        return y

    with pytest.raises(ValueError) as e:
        tf.function(f)(tf.constant(3))
    assert str(e.value) == (
        f'in user code:\n\n    File "{F}", line {_at(f, 1)}, in f  *\n        for i in tf.range(n):\n\n'
        "    ValueError: 'y' must be defined before the loop\n"
        "    Note: AutoGraph tried to define it automatically, but ran into a UnboundLocalError: 'y' is used "
        "before assignment\n")


def test_no_rewrite_without_autograph_for_do_not_convert_or_base_exceptions():
    def f(x):
        raise ValueError("noag")

    with pytest.raises(ValueError) as e:
        tf.function(f, autograph=False)(tf.constant(1))
    assert str(e.value) == "noag"
    with pytest.raises(ValueError) as e:
        tf.function(_not_converted)(tf.constant(1))
    assert str(e.value) == "nc"

    def g(x):
        raise KeyboardInterrupt()

    with pytest.raises(KeyboardInterrupt) as e:
        tf.function(g)(tf.constant(1))
    assert str(e.value) == ""


class FailingLayer(tf.keras.layers.Layer):
    def call(self, x):
        raise ValueError("boom")


def test_keras_layer_call_in_a_graph_reports_user_code():
    with pytest.raises(ValueError) as e:
        FailingLayer()(tf.keras.Input((3,)))
    # TF 2.21 (whose functional path quotes the layer name with " instead of ')
    assert str(e.value) == (
        "Exception encountered when calling layer 'failing_layer' (type FailingLayer).\n\n"
        f'in user code:\n\n    File "{F}", line {_at(FailingLayer.call, 1)}, in call  *\n'
        '        raise ValueError("boom")\n\n    ValueError: boom\n\n\n'
        "Call arguments received by layer 'failing_layer' (type FailingLayer):\n"
        "  \u2022 x=tf.Tensor(shape=(None, 3), dtype=float32)")
    with pytest.raises(ValueError) as e:  # eagerly: no "in user code"
        FailingLayer()(tf.ones((1, 3)))
    assert "\n\nboom\n\n" in str(e.value)


def test_keras_fit_wraps_the_layers_error():
    model = tf.keras.Sequential([FailingLayer(name="failing")])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError) as e:
        model.fit(np.zeros((4, 3)), np.zeros((4, 1)), verbose=0)
    text = str(e.value)
    assert text.startswith("in user code:\n\n")
    assert "\n    ValueError: Exception encountered when calling layer 'failing' (type FailingLayer).\n    \n" \
           "    in user code:\n    \n" in text
    assert "\n        ValueError: boom\n    \n    \n    Call arguments received by layer 'failing'" in text
