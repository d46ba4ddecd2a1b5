"""`tf.autograph.experimental`: `do_not_convert`, `set_loop_options`, `Feature`.

    >>> @tf.autograph.experimental.do_not_convert
    ... def f(x): return x
"""
import enum

from .api import do_not_convert

__all__ = ["do_not_convert", "set_loop_options", "Feature"]


def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None):
    """Options of the enclosing converted loop, e.g.
    `set_loop_options(shape_invariants=[(x, tf.TensorShape([None]))])` as the loop body's first
    statement. AutoGraph moves the call into the loop's options; called anywhere else (or in a
    Python loop) it does nothing, as in TF."""


class Feature(enum.Enum):
    """AutoGraph's optional features (accepted for compatibility; numtf has no optional passes)."""
    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"
