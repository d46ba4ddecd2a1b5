"""`tf.debugging` assertions, `tf.Assert`, `tf.ensure_shape` and `tf.debugging.check_numerics`.

Eagerly a failed check raises `InvalidArgumentError` at once; in a graph it is a stateful node
that raises when the graph runs (so it is never pruned). Static facts (ranks, dtypes, known
shapes) are checked when the call is made, with TF's `ValueError`/`TypeError`.

    >>> tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2]) is None
    True
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .script_ops import numpy_function
from .stack_ops import identity

__all__ = ["Assert", "ensure_shape"]


def _check(test, tensors, message):
    """Runs `test(*arrays)` (True when fine) now, or when the graph runs; raises with `message`."""
    def kernel(*arrays):
        if not test(*[np.asarray(a) for a in arrays]):
            raise InvalidArgumentError(None, None, message)
    if ctx.graph is None and not any(getattr(t, "_is_symbolic", lambda: False)() for t in tensors):
        kernel(*[t._value for t in tensors])
        return None
    numpy_function(kernel, list(tensors), [], stateful=True)
    return None


def _pair(x, y, message, what):
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, x.dtype) if not hasattr(y, "dtype") else convert_to_tensor(y)
    text = f"{message + chr(10) if message else ''}Condition x {what} y did not hold."
    return x, y, text


def _comparison(name, fn, what):
    def check(x, y, message=None, summarize=None, name=None):
        x, y, text = _pair(x, y, message, what)
        return _check(lambda a, b: bool(np.all(fn(a, b))), [x, y], text)
    check.__name__ = name
    check.__doc__ = f"Raises InvalidArgumentError unless `x {what} y` holds for every element."
    return check


assert_equal = _comparison("assert_equal", np.equal, "==")
assert_none_equal = _comparison("assert_none_equal", np.not_equal, "!=")
assert_less = _comparison("assert_less", np.less, "<")
assert_less_equal = _comparison("assert_less_equal", np.less_equal, "<=")
assert_greater = _comparison("assert_greater", np.greater, ">")
assert_greater_equal = _comparison("assert_greater_equal", np.greater_equal, ">=")


def _sign_check(name, fn, what):
    def check(x, message=None, summarize=None, name=None):
        x = convert_to_tensor(x)
        text = f"{message + chr(10) if message else ''}Condition x {what} did not hold element-wise."
        return _check(lambda a: bool(np.all(fn(a))), [x], text)
    check.__name__ = name
    return check


assert_positive = _sign_check("assert_positive", lambda a: a > 0, "> 0")
assert_negative = _sign_check("assert_negative", lambda a: a < 0, "< 0")
assert_non_negative = _sign_check("assert_non_negative", lambda a: a >= 0, ">= 0")
assert_non_positive = _sign_check("assert_non_positive", lambda a: a <= 0, "<= 0")


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises unless `|x - y| <= atol + rtol * |y|` everywhere (defaults: 10 * eps of the dtype)."""
    x, y, text = _pair(x, y, message, "~=")
    eps = float(np.finfo(x.dtype.as_numpy_dtype).eps) if x.dtype.is_floating else 0.0
    rtol = 10 * eps if rtol is None else rtol
    atol = 10 * eps if atol is None else atol
    return _check(lambda a, b: bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b))), [x, y], text)


def assert_rank(x, rank, message=None, name=None):
    """ValueError when `x`'s static rank is not `rank`."""
    x = convert_to_tensor(x)
    if x.shape.rank is not None and x.shape.rank != int(rank):
        raise ValueError(f"{message + ' ' if message else ''}Tensor must have rank {int(rank)}. Received rank "
                         f"{x.shape.rank}, shape {x.shape}")


def assert_type(tensor, tf_type, message=None, name=None):
    """TypeError unless `tensor` has dtype `tf_type`."""
    if convert_to_tensor(tensor).dtype is not dtypes.as_dtype(tf_type):
        raise TypeError(f"{message + ' ' if message else ''}{tensor!r} must be of type {dtypes.as_dtype(tf_type)!r}")


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks static shapes against symbolic ones: `[(x, ("N", 3)), (y, ("N",))]` (equal symbols
    must be equal sizes). ValueError on a mismatch."""
    sizes = {}
    for t, spec in (shapes.items() if isinstance(shapes, dict) else shapes):
        s = convert_to_tensor(t).shape
        spec = tuple(spec) if not isinstance(spec, str) else (spec,)
        if s.rank is None:
            continue
        if len(spec) != s.rank and "..." not in spec and "*" not in spec:
            raise ValueError(f"{message + ' ' if message else ''}Specified by tensor {t!r} dimension 0. "
                             f"Tensor rank {s.rank} does not match the expected rank {len(spec)}.")
        for dim, want in zip(s.as_list(), spec):
            if dim is None or want in ("...", "*"):
                continue
            if isinstance(want, str):
                want = sizes.setdefault(want, dim)
            if int(want) != dim:
                raise ValueError(f"{message + ' ' if message else ''}Tensor {t!r} has shape {s}, expected "
                                 f"{spec}.")


def check_numerics(tensor, message, name=None):
    """`tensor` itself, after checking that it holds no NaN or Inf."""
    t = convert_to_tensor(tensor)
    if not t.dtype.is_floating:
        raise TypeError(f"check_numerics expects a floating tensor, got {t.dtype.name}")
    _check(lambda a: bool(np.all(np.isfinite(a))), [t], f"{message} : Tensor had NaN or Inf values")
    return t if ctx.graph is None else identity(t)


def assert_all_finite(t, msg, name=None, x=None, message=None):
    return check_numerics(t if x is None else x, msg if message is None else message)


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TensorFlow's name
    """Raises InvalidArgumentError (listing `data`) unless the boolean scalar `condition` holds."""
    cond = convert_to_tensor(condition)
    items = [convert_to_tensor(d) for d in data]
    from .logging_ops import format_tensor
    n = 3 if summarize is None else summarize

    def test(c, *arrays):
        if not bool(c):
            raise InvalidArgumentError(None, "Assert", "assertion failed: " + " ".join(
                f"[{format_tensor(a, n)}]" for a in arrays))
        return True
    return _check(test, [cond] + items, "assertion failed")


def ensure_shape(x, shape, name=None):
    """`x`, checked to have a shape compatible with `shape` (None for unknown dimensions); in a graph
    the result also gets that static shape."""
    x = convert_to_tensor(x)
    want = TensorShape(shape)
    if ctx.graph is None:
        if not want.is_compatible_with(x.shape):
            raise InvalidArgumentError(None, "EnsureShape", f"Shape of tensor {x.shape} is not compatible "
                                       f"with expected shape {want}.")
        return x
    if not want.is_compatible_with(x.shape):
        raise ValueError(f"Shapes {x.shape} and {want} are incompatible")
    _check(lambda a: want.is_compatible_with(a.shape), [x],
           f"Shape of tensor {x.name} is not compatible with expected shape {want}.")
    out = identity(x)
    out.set_shape(x.shape.merge_with(want))
    return out
