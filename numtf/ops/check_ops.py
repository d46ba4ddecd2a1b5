"""`tf.debugging` assertions, `tf.Assert`, `tf.ensure_shape` and `tf.debugging.check_numerics`,
with TF's texts.

Eagerly a failed check raises `InvalidArgumentError` at once, worded as TF words it eagerly
("Condition x == y did not hold." and the first values; `Assert`'s "Expected ... to be true.
Summarized data: ..."). In a graph it is a stateful node that raises when the graph runs (so it
is never pruned), worded as TF's graph Assert ("assertion failed: [..] [..]"). Static facts
(ranks, dtypes, known shapes) are checked when the call is made, with TF's `ValueError` and
`TypeError` texts.

    >>> tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2]) is None
    True
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import SymbolicTensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .script_ops import numpy_function
from .stack_ops import identity

__all__ = ["Assert", "ensure_shape"]


def _count(summarize):
    """How many values a message shows: 3 by default, all for a negative `summarize` (as TF)."""
    return 3 if summarize is None else (1 << 62 if summarize < 0 else int(summarize))


def _prefix(message):
    return f"{message}.  " if message else ""  # (TF's prefix of the static checks' texts)


def _described(dims, dtype):
    """'shape=(2,) dtype=int32': how TF names an eager tensor (of these dims) in its messages."""
    return f"shape={tuple(dims)} dtype={dtype.name}"


def _symbolic(tensors):
    return ctx.graph is not None or any(isinstance(t, SymbolicTensor) for t in tensors)


def _run_check(tensors, failure):
    """`failure(*arrays, graph=...)` returns the error text, or None when the check holds: now,
    eagerly, or as a stateful node when the graph runs."""
    if not _symbolic(tensors):
        text = failure(*[np.asarray(t._value) for t in tensors], graph=False)
        if text is not None:
            raise InvalidArgumentError(None, None, text)
        return None

    def kernel(*arrays):
        text = failure(*[np.asarray(a) for a in arrays], graph=True)
        if text is not None:
            raise InvalidArgumentError(None, "Assert", text)
    numpy_function(kernel, list(tensors), [], stateful=True)
    return None


def _graph_item(item, n):
    """One data item of TF's graph Assert text: '[msg]', '[1 2]', '[0 1 2...]'."""
    if isinstance(item, str):
        return f"[{item}]"
    a = np.asarray(item)
    if a.ndim == 0:
        return f"[{a.item().decode() if isinstance(a.item(), bytes) else a}]"
    flat = a.reshape(-1)
    more = "..." if flat.size > n else ""
    return "[" + " ".join(str(v) for v in flat[:n]) + more + "]"


def _graph_text(items, n):
    return "assertion failed: " + " ".join(_graph_item(i, n) for i in items)


def _pretty(a, n):
    """A tensor in TF's eager element-wise assertion text: '3', or "['-1', '0', '...']"."""
    if a.ndim == 0:
        return str(a[()])
    flat = a.reshape(-1)
    items = [str(v) for v in flat[:n]]
    return str(items + ["..."] if flat.size > n else items)


# -- x <op> y ---------------------------------------------------------------------------------------
def _pair(x, y):
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, x.dtype) if not hasattr(y, "dtype") else convert_to_tensor(y)
    return x, y


def _binary_failure(fn, op, message, summarize, names):
    n = _count(summarize)

    def failure(a, b, graph):
        test = np.asarray(fn(a, b))
        if bool(np.all(test)):
            return None
        if graph:
            return _graph_text(([message] if message else []) + [
                f"Condition x {op} y did not hold element-wise:", f"x ({names[0]}) = ", a, f"y ({names[1]}) = ", b], n)
        text = (f"{message}\n" if message else "") + f"Condition x {op} y did not hold.\n"
        if a.shape == b.shape and a.ndim:  # the same non-scalar shapes: where they differ
            bad = ~test
            where = np.argwhere(bad)
            k = min(n, len(where))
            text += (f"Indices of first {k} different values:\n{where[:k]}\nCorresponding x values:\n"
                     f"{a[bad][:k]}\nCorresponding y values:\n{b[bad][:k]}\n")
        fa, fb = a.reshape(-1), b.reshape(-1)
        return text + (f"First {min(n, fa.size)} elements of x:\n{fa[:n]}\n"
                       f"First {min(n, fb.size)} elements of y:\n{fb[:n]}")
    return failure


def _names(*tensors):
    return [t.name if isinstance(t, SymbolicTensor) else "" for t in tensors]


def _comparison(name, fn, op):
    def check(x, y, message=None, summarize=None, name=None):
        x, y = _pair(x, y)
        return _run_check([x, y], _binary_failure(fn, op, message, summarize, _names(x, y)))
    check.__name__ = name
    check.__doc__ = (f"Raises InvalidArgumentError unless `x {op} y` holds for every element.\n\n"
                     f"        >>> tf.debugging.{name}(x, y)")
    return check


assert_equal = _comparison("assert_equal", np.equal, "==")
assert_none_equal = _comparison("assert_none_equal", np.not_equal, "!=")
assert_less = _comparison("assert_less", np.less, "<")
assert_less_equal = _comparison("assert_less_equal", np.less_equal, "<=")
assert_greater = _comparison("assert_greater", np.greater, ">")
assert_greater_equal = _comparison("assert_greater_equal", np.greater_equal, ">=")


# -- x <op> 0 -----------------------------------------------------------------------------------------
def _sign_check(name, fn, what, joined=False):
    # (`joined`: TF's assert_non_positive runs its condition and 'x (...) = ' lines together)
    def check(x, message=None, summarize=None, name=None):
        x = convert_to_tensor(x)
        n = _count(summarize)
        dtype, graph_name = x.dtype, _names(x)[0]

        def failure(a, graph):
            if bool(np.all(fn(a))):
                return None
            head = f"Condition x {what} did not hold element-wise:"
            if graph:
                return _graph_text([_prefix(message), head, f"x ({graph_name}) = ", a], n)
            lines = [_prefix(message), head, f"x ({_described(a.shape, dtype)}) = ", _pretty(a, n)]
            if joined:
                lines[1:3] = [lines[1] + lines[2]]
            return "\n".join(lines)
        return _run_check([x], failure)
    check.__name__ = name
    check.__doc__ = f"Raises InvalidArgumentError unless `x {what}` for every element."
    return check


assert_positive = _sign_check("assert_positive", lambda a: a > 0, "> 0")
assert_negative = _sign_check("assert_negative", lambda a: a < 0, "< 0")
assert_non_negative = _sign_check("assert_non_negative", lambda a: a >= 0, ">= 0")
assert_non_positive = _sign_check("assert_non_positive", lambda a: a <= 0, "<= 0", joined=True)


# -- tf.Assert and assert_near ----------------------------------------------------------------------
_FALSE = "tf.Tensor(False, shape=(), dtype=bool)"  # (assert_near's condition, as TF shows it)


def _summary_item(item, n):
    """One data item of TF's eager Assert text: b'text', '3' or '1.5, 2.0, 3.0, ...'."""
    if isinstance(item, str):
        return repr(item.encode())
    a = np.asarray(item)
    if a.dtype.kind in "SO":
        return repr(a.reshape(-1)[0] if a.ndim else a.item())
    if a.ndim == 0:
        return str(a[()])
    flat = a.reshape(-1)
    return ", ".join(str(v) for v in flat[:n]) + (", ..." if flat.size > n else "")


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TensorFlow's name
    """Raises InvalidArgumentError, listing `data` (its first `summarize` values, 3 by default),
    unless the boolean scalar `condition` holds.

        >>> tf.debugging.Assert(tf.reduce_all(x > 0), ["x must be positive:", x])
    """
    cond = convert_to_tensor(condition)
    strings = {i: d for i, d in enumerate(data) if isinstance(d, str)}
    tensors = [convert_to_tensor(d) for i, d in enumerate(data) if i not in strings]
    n = _count(summarize)
    shown = str(condition)  # (TF's "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true")

    def failure(c, *arrays, graph):
        if bool(c):
            return None
        it = iter(arrays)
        items = [strings[i] if i in strings else next(it) for i in range(len(data))]
        if graph:
            return _graph_text(items, n)
        return f"Expected '{shown}' to be true. Summarized data: " + "\n".join(_summary_item(i, n) for i in items)
    return _run_check([cond] + tensors, failure)


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises unless `|x - y| <= atol + rtol * |y|` everywhere (defaults: 10 * eps of the dtype).

        >>> tf.debugging.assert_near(x, y, rtol=1e-5)
    """
    x, y = _pair(x, y)
    dtype = x.dtype
    eps = float(np.finfo(dtype.as_numpy_dtype).eps) if dtype.is_floating else 0.0
    rt, at = (np.asarray(10 * eps if t is None else t, dtype.as_numpy_dtype) for t in (rtol, atol))
    n = _count(summarize)
    shown = [f"tf.Tensor({t[()]!s}, shape=(), dtype={dtype.name})" for t in (rt, at)]  # (how TF prints them)

    def failure(a, b, graph):
        if bool(np.all(np.abs(a - b) <= at + rt * np.abs(b))):
            return None
        items = [_prefix(message), f"x and y not equal to tolerance rtol = {shown[0]}, atol = {shown[1]}",
                 f"x ({_described(a.shape, dtype)}) = ", a, f"y ({_described(b.shape, dtype)}) = ", b]
        if graph:
            return _graph_text(items, n)
        return f"Expected '{_FALSE}' to be true. Summarized data: " + "\n".join(_summary_item(i, n) for i in items)
    return _run_check([x, y], failure)


# -- static checks ------------------------------------------------------------------------------------
def _rank_error(message, x, requirement):
    return ValueError(f"{_prefix(message)}Tensor {_graph_name(x)} must have rank {requirement}.  Received rank "
                      f"{x.shape.rank}, shape {x.shape}")


def _graph_name(x):
    return x.name if isinstance(x, SymbolicTensor) else ""


def assert_rank(x, rank, message=None, name=None):
    """ValueError when `x`'s static rank is not `rank`."""
    x = convert_to_tensor(x)
    if x.shape.rank is not None and x.shape.rank != int(rank):
        raise _rank_error(message, x, int(rank))


def assert_rank_at_least(x, rank, message=None, name=None):
    """ValueError when `x`'s static rank is below `rank`."""
    x = convert_to_tensor(x)
    if x.shape.rank is not None and x.shape.rank < int(rank):
        raise _rank_error(message, x, f"at least {int(rank)}")


def assert_rank_in(x, ranks, message=None, name=None):
    """ValueError when `x`'s static rank is none of `ranks`."""
    x = convert_to_tensor(x)
    ranks = tuple(int(r) for r in ranks)
    if x.shape.rank is not None and x.shape.rank not in ranks:
        raise _rank_error(message, x, f"in {ranks}")


def assert_type(tensor, tf_type, message=None, name=None):
    """TypeError unless `tensor` has dtype `tf_type`."""
    t = convert_to_tensor(tensor)
    want = dtypes.as_dtype(tf_type)
    if t.dtype is not want:
        raise TypeError(f"{_prefix(message)}{_graph_name(t) or 'tensor'} must be of type {want!r}; got {t.dtype!r}")


def assert_integer(x, message=None, name=None):
    """TypeError unless `x` has an integer dtype."""
    t = convert_to_tensor(x)
    if not t.dtype.is_integer:
        raise TypeError(f'{_prefix(message)}Expected "{_graph_name(t) or "x"}" to be integer type.  Found: tensor of '
                        f"dtype {t.dtype!s}")


def assert_scalar(tensor, message=None, name=None):
    """ValueError unless `tensor` is a scalar; returns it."""
    t = convert_to_tensor(tensor)
    if t.shape.rank is not None and t.shape.rank != 0:
        raise ValueError(f"{_prefix(message)}Expected scalar shape, saw shape: {t.shape}.")
    return t


def is_numeric_tensor(tensor):
    """True for a tensor of a numeric dtype (not bool, string or resource)."""
    from ..framework.tensor import Tensor
    return isinstance(tensor, Tensor) and (tensor.dtype.is_floating or tensor.dtype.is_integer or tensor.dtype.is_complex
                                           or tensor.dtype.is_quantized)


def assert_proper_iterable(values):
    """TypeError for a tensor, array or string where a list of values is expected."""
    from ..framework.tensor import Tensor
    if isinstance(values, (Tensor, np.ndarray, str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}')


def assert_same_float_dtype(tensors=None, dtype=None):
    """The one floating dtype of `tensors` (and `dtype`); ValueError when they differ."""
    tensors = [t for t in tensors or () if t is not None]
    first = tensors[0] if tensors else None
    want = dtypes.as_dtype(dtype) if dtype is not None else (first.dtype if first is not None else dtypes.float32)
    for t in tensors:
        if t.dtype != want:
            raise ValueError(f"{t!s}, type={t.dtype!s}, must be of the same type ({want!s})"
                             f"{f' as {first!s}' if dtype is None else ''}.")
    if not want.is_floating:
        raise ValueError(f"Expected floating point type, got {want!s}.")
    return want


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks static shapes against symbolic ones: `[(x, ("N", 3)), (y, ("N",))]` (equal symbols
    must be equal sizes). ValueError on a mismatch, in TF's words."""
    sizes = {}  # symbol -> (size, the tensor that fixed it)
    for t, spec in (shapes.items() if isinstance(shapes, dict) else shapes):
        t = convert_to_tensor(t)
        s = t.shape
        spec = tuple(spec) if not isinstance(spec, str) else (spec,)
        if s.rank is None or "..." in spec or "*" in spec:
            continue
        if len(spec) != s.rank:
            raise _rank_error(message, t, len(spec))
        for axis, (dim, want) in enumerate(zip(s.as_list(), spec)):
            if dim is None:
                continue
            source = "Specified explicitly."
            if isinstance(want, str):
                want, by = sizes.setdefault(want, (dim, t))
                source = f"Specified by tensor {_described(by.shape.as_list(), by.dtype)} dimension {axis}."
            if int(want) != dim:
                raise ValueError(f"{_prefix(message)}{source}  Tensor {_described(s.as_list(), t.dtype)} dimension "
                                 f"{axis} must have size {int(want)}.  Received size {dim}, shape {s}")


# -- numerics and shapes ---------------------------------------------------------------------------------
def check_numerics(tensor, message, name=None):
    """`tensor` itself, after checking that it holds no NaN or Inf ("Tensor had Inf and NaN values")."""
    t = convert_to_tensor(tensor)
    if not t.dtype.is_floating:
        raise InvalidArgumentError(None, "CheckNumerics", f"Value for attr 'T' of {t.dtype.name} is not in the list "
                                   "of allowed values: bfloat16, half, float, double [Op:CheckNumerics] name: ")

    def failure(a, graph):
        inf, nan = bool(np.isinf(a).any()), bool(np.isnan(a).any())
        if not (inf or nan):
            return None
        what = "Inf and NaN" if inf and nan else "Inf" if inf else "NaN"
        return f"{message} : Tensor had {what} values" + ("" if graph else " [Op:CheckNumerics] name: ")
    _run_check([t], failure)
    return t if ctx.graph is None else identity(t)


def assert_all_finite(t, msg, name=None, x=None, message=None):
    return check_numerics(t if x is None else x, msg if message is None else message)


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
    _run_check([x], lambda a, graph: None if want.is_compatible_with(a.shape) else
               f"Shape of tensor {x.name} is not compatible with expected shape {want}.")
    out = identity(x)
    out.set_shape(x.shape.merge_with(want))
    return out
