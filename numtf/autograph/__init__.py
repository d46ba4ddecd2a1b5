"""`tf.autograph`: converts Python control flow over tensors into TensorFlow control flow.

`tf.function` converts the functions it traces (`autograph=True`): `if`/`elif`/`else`,
`while`, `for` (over tensors, `tf.range`, Python iterables), `break`, `continue`, `return`,
`and`/`or`/`not` and conditional expressions become `ag__` operators that stage tf.cond /
tf.while_loop when the condition is a graph tensor and run plain Python otherwise; calls into
other user functions convert those too.

    >>> def f(x):
    ...     if x > 0:
    ...         x = x * x
    ...     return x
    >>> print(tf.autograph.to_code(f))
    def tf__f(x):
        do_return = False
        retval_ = ag__.UndefinedReturnValue()
    ...
"""
from .api import convert, to_graph, to_code, do_not_convert  # noqa: F401
from . import experimental  # noqa: F401
from .ag_logging import set_verbosity  # noqa: F401

__all__ = ["to_graph", "to_code", "do_not_convert", "experimental", "set_verbosity", "trace"]


def trace(*args):
    """Prints its arguments while the converted code runs (at trace time in a graph).

        >>> tf.autograph.trace("x is", 1)
        x is 1
    """
    print(*args)
