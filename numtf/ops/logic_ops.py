"""Comparisons, logic, `tf.where`, bitwise ops (`tf.bitwise`) and the operators of Tensor and
Variable. `math_ops` re-exports all of it: import these names from `math_ops` (this module
imports `math_ops`' names while that module is loading).

    >>> tf.where([True, False], [1, 2], [3, 4])
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 4], dtype=int32)>
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .convert import convert_pair, convert_to_tensor
from .registry import primitive, defgrad, no_gradient, execute, execute_binary, execute_unary, dtype_error
from .shape_rules import broadcast_static, broadcast_bool, broadcast_infer, same_as_input
from . import array_ops
from .math_ops import (REAL, NUMERIC, INTEGER, Types, _binary, _unary, _unbroadcast, _scalar_like, add,
                       subtract, multiply, truediv, floordiv, floormod, pow, matmul, negative)
from .math_ops2 import abs

__all__ = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
           "logical_or", "logical_not", "where"]
# tf.math only: logical_xor; tf.bitwise: bitwise_and/or/xor, invert, left_shift, right_shift.

_BOOL = dtypes.bool
_zeros_like = array_ops.zeros_like


# -- comparisons ---------------------------------------------------------------------------------
def _shapes_broadcast(x, y):
    try:
        np.broadcast_shapes(np.shape(x), np.shape(y))
        return True
    except ValueError:
        return False


def _equality_kernel(ufunc, mismatch):
    # With incompatible_shape_error=False (the `==` operator), unbroadcastable shapes compare
    # as a whole: a scalar False for ==, True for !=.
    def kernel(x, y, incompatible_shape_error=True):
        if not incompatible_shape_error and not _shapes_broadcast(x, y):
            return np.array(mismatch)
        return ufunc(x, y)
    return kernel


def _equality_infer(ins, attrs):
    if attrs.get("incompatible_shape_error", True):
        return broadcast_bool(ins, attrs)
    a, b = ins[0].shape, ins[1].shape
    try:
        s = broadcast_static(a, b)
    except ValueError:
        return [(TensorShape([]), _BOOL)]
    return [(s if a.is_fully_defined() and b.is_fully_defined() else TensorShape(None), _BOOL)]


EQUAL = primitive("Equal", _equality_kernel(np.equal, False), _equality_infer)
NOT_EQUAL = primitive("NotEqual", _equality_kernel(np.not_equal, True), _equality_infer)
LESS = primitive("Less", np.less, broadcast_bool)
LESS_EQUAL = primitive("LessEqual", np.less_equal, broadcast_bool)
GREATER = primitive("Greater", np.greater, broadcast_bool)
GREATER_EQUAL = primitive("GreaterEqual", np.greater_equal, broadcast_bool)
_ANY = Types(*NUMERIC.dtypes, _BOOL, dtypes.string)
for _op in (EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL):
    no_gradient(_op, "its output is boolean")


def equal(x, y, name=None):
    """x == y elementwise, with broadcasting (any dtype). `tf.equal`, `tf.math.equal`.

        >>> tf.equal([1, 2], 2)
        <tf.Tensor: shape=(2,), dtype=bool, numpy=array([False,  True])>
    """
    return _binary(EQUAL, x, y, _ANY)


def not_equal(x, y, name=None):
    """x != y elementwise. `tf.not_equal`, `tf.math.not_equal`: `tf.not_equal([1, 2], 2)` is
    [True, False]."""
    return _binary(NOT_EQUAL, x, y, _ANY)


def less(x, y, name=None):
    """x < y elementwise. `tf.less`, `Tensor.__lt__`.

        >>> tf.less([1, 3], 2)
        <tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>
    """
    return _binary(LESS, x, y, REAL)


def less_equal(x, y, name=None):
    """x <= y elementwise. `tf.less_equal`, `Tensor.__le__`: `tf.less_equal([1, 3], 1)` is [True, False]."""
    return _binary(LESS_EQUAL, x, y, REAL)


def greater(x, y, name=None):
    """x > y elementwise. `tf.greater`, `Tensor.__gt__`: `tf.greater([1, 3], 1)` is [False, True]."""
    return _binary(GREATER, x, y, REAL)


def greater_equal(x, y, name=None):
    """x >= y elementwise. `tf.greater_equal`, `Tensor.__ge__`: `tf.greater_equal([1, 3], 3)` is
    [False, True]."""
    return _binary(GREATER_EQUAL, x, y, REAL)


def equal_operator(eq, tensor):
    """`Tensor.__eq__`/`__ne__` (tensor=True) or the Variable ones, as in TF2: elementwise, with
    unbroadcastable shapes comparing unequal as a whole; a tensor compared with None is simply
    unequal (a variable raises); in TF1 graphs (eager disabled) `==` is identity."""
    op = EQUAL if eq else NOT_EQUAL

    def operator(self, other):
        if tensor and other is None:
            return not eq
        if not ctx.eager_default and (type(self) is not Tensor or not tensor):
            return (self is other) if eq else (self is not other)
        if type(self) is not Tensor or type(other) is not Tensor:
            s = _scalar_like(other, self) if type(self) is Tensor else None
            if s is not None:
                return execute_binary(op, self, s)
            self, other = convert_pair(self, other)
        if self._dtype is not other._dtype or type(self) is Tensor and type(other) is Tensor and ctx.graph is None \
                and (self._value.shape == other._value.shape or not np.ndim(other._value)):
            return execute_binary(op, self, other)
        return execute(op, (self, other), {"incompatible_shape_error": False})
    operator.__name__ = "__eq__" if eq else "__ne__"
    return operator


# -- logic ---------------------------------------------------------------------------------------
def _bool_operand(op_name, v, index):
    if isinstance(v, (Tensor, Variable)):
        t = convert_to_tensor(v)
        if t._dtype is not _BOOL:
            if ctx.graph is not None or type(t) is not Tensor:
                raise TypeError(f"Input '{'xy'[index]}' of '{op_name}' Op has type {t.dtype.name} that does "
                                "not match expected type of bool.")
            raise dtype_error(op_name, index, _BOOL, t._dtype)
        return t
    return convert_to_tensor(v, dtype=_BOOL)


def _logical(op, x, y):
    if type(x) is not Tensor or type(y) is not Tensor or x._dtype is not _BOOL or y._dtype is not _BOOL:
        x, y = _bool_operand(op.name, x, 0), _bool_operand(op.name, y, 1)
    return execute_binary(op, x, y)


LOGICAL_AND = primitive("LogicalAnd", np.logical_and, broadcast_bool)
LOGICAL_OR = primitive("LogicalOr", np.logical_or, broadcast_bool)
LOGICAL_XOR = primitive("LogicalXor", np.not_equal, broadcast_bool)
LOGICAL_NOT = primitive("LogicalNot", np.logical_not, same_as_input)
for _op in (LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, LOGICAL_NOT):
    no_gradient(_op, "it is boolean")


def logical_and(x, y, name=None):
    """x AND y for bool tensors. `tf.logical_and`, `&` on bool tensors.

        >>> tf.logical_and([True, True], [True, False])
        <tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>
    """
    return _logical(LOGICAL_AND, x, y)


def logical_or(x, y, name=None):
    """x OR y for bool tensors. `tf.logical_or`, `|` on bool tensors: `tf.logical_or(True, [False])` is [True]."""
    return _logical(LOGICAL_OR, x, y)


def logical_xor(x, y, name=None):
    """x XOR y for bool tensors. `tf.math.logical_xor`, `^` on bool tensors: `tf.math.logical_xor(True, [True])`
    is [False]."""
    return _logical(LOGICAL_XOR, x, y)


def logical_not(x, name=None):
    """NOT x for a bool tensor. `tf.logical_not`, `~` on a bool tensor.

        >>> tf.logical_not([True, False])
        <tf.Tensor: shape=(2,), dtype=bool, numpy=array([False,  True])>
    """
    return execute_unary(LOGICAL_NOT, _bool_operand("LogicalNot", x, 0))


# -- where ---------------------------------------------------------------------------------------
def _where_kernel(c):
    if np.ndim(c) == 0:
        raise InvalidArgumentError(None, "Where", "WhereOp : Unhandled input dimensions: 0 [Op:Where] name: ")
    return np.argwhere(c).astype(np.int64, copy=False)


WHERE = primitive("Where", _where_kernel, lambda ins, a: [(TensorShape([None, ins[0].shape.rank]), dtypes.int64)])
no_gradient(WHERE, "its output is integer coordinates")


def _select_kernel(c, x, y):
    try:
        return np.where(c, x, y)
    except ValueError:
        sh = [f"[{','.join(map(str, np.shape(a)))}]" for a in (c, x, y)]
        raise InvalidArgumentError(None, "SelectV2", f"condition {sh[0]}, then {sh[1]}, and else {sh[2]} must "
                                   "be broadcastable [Op:SelectV2]") from None


def _select_infer(ins, attrs):
    return [(broadcast_static(broadcast_static(ins[0].shape, ins[1].shape), ins[2].shape), ins[1].dtype)]


SELECT = primitive("SelectV2", _select_kernel, _select_infer)


@lambda f: defgrad(SELECT, f)
def _select_grad(n, g):
    c, x, y = n.inputs
    zeros = _zeros_like(g)
    needs = n.needs or (False, True, True)
    return (None,
            _unbroadcast(where(c, g, zeros), x) if needs[1] else None,
            _unbroadcast(where(c, zeros, g), y) if needs[2] else None)


def where(condition, x=None, y=None, name=None):
    """With x and y: elements of x where condition is True, else of y (all three broadcast).
    With condition only: the int64 coordinates of its True (nonzero) elements, one row each.
    `tf.where`; gradients flow to x and y through the mask.

        >>> tf.where([True, False], [1, 2], [3, 4])
        <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 4], dtype=int32)>
        >>> tf.where([[True, False], [False, True]]).numpy().tolist()
        [[0, 0], [1, 1]]
    """
    if x is None and y is None:
        return execute_unary(WHERE, convert_to_tensor(condition))
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    if type(condition) is not Tensor or condition._dtype is not _BOOL:
        if isinstance(condition, (Tensor, Variable)):
            given, condition = condition, convert_to_tensor(condition)
            if condition._dtype is not _BOOL:
                if ctx.graph is not None or type(condition) is not Tensor:
                    raise TypeError(f"Input 'condition' of 'SelectV2' Op has type {condition.dtype.name} that "
                                    "does not match expected type of bool.")
                if isinstance(x, (list, tuple)) or isinstance(y, (list, tuple)):
                    convert_to_tensor(given, dtype=_BOOL)  # TF's slower path converts it: its ValueError
                raise dtype_error("SelectV2", 0, _BOOL, condition._dtype)
        else:
            condition = convert_to_tensor(condition, dtype=_BOOL)
    if type(x) is not Tensor or type(y) is not Tensor:
        x, y = convert_pair(x, y)
    if x._dtype is not y._dtype:
        if ctx.graph is not None or type(x) is not Tensor or type(y) is not Tensor:
            raise TypeError(f"Input 'e' of 'SelectV2' Op has type {y.dtype.name} that does not match type "
                            f"{x.dtype.name} of argument 't'.")
        raise dtype_error("SelectV2", 2, x._dtype, y._dtype)
    return execute(SELECT, (condition, x, y))


# -- bitwise (tf.bitwise) ------------------------------------------------------------------------
def _shift_kernel(shift):
    def kernel(x, y):
        # TF clamps the shift to [0, bits - 1] where C would be undefined.
        return shift(x, np.clip(y, 0, x.dtype.itemsize * 8 - 1))
    return kernel


BITWISE_AND = primitive("BitwiseAnd", np.bitwise_and, broadcast_infer)
BITWISE_OR = primitive("BitwiseOr", np.bitwise_or, broadcast_infer)
BITWISE_XOR = primitive("BitwiseXor", np.bitwise_xor, broadcast_infer)
LEFT_SHIFT = primitive("LeftShift", _shift_kernel(np.left_shift), broadcast_infer)
RIGHT_SHIFT = primitive("RightShift", _shift_kernel(np.right_shift), broadcast_infer)
INVERT = primitive("Invert", np.invert, same_as_input)
for _op in (BITWISE_AND, BITWISE_OR, BITWISE_XOR, LEFT_SHIFT, RIGHT_SHIFT, INVERT):
    no_gradient(_op, "it works on integers")


def bitwise_and(x, y, name=None):
    """Bitwise AND of integer tensors. `tf.bitwise.bitwise_and`, `&` on integer tensors.

        >>> tf.bitwise.bitwise_and(12, 10)
        <tf.Tensor: shape=(), dtype=int32, numpy=8>
    """
    return _binary(BITWISE_AND, x, y, INTEGER)


def bitwise_or(x, y, name=None):
    """Bitwise OR of integer tensors. `tf.bitwise.bitwise_or`, `|` on integer tensors:
    `bitwise_or(12, 10)` is 14."""
    return _binary(BITWISE_OR, x, y, INTEGER)


def bitwise_xor(x, y, name=None):
    """Bitwise XOR of integer tensors. `tf.bitwise.bitwise_xor`, `^` on integer tensors:
    `bitwise_xor(12, 10)` is 6."""
    return _binary(BITWISE_XOR, x, y, INTEGER)


def invert(x, name=None):
    """Flips every bit of an integer tensor. `tf.bitwise.invert`, `~` on integer tensors.

        >>> tf.bitwise.invert(0)
        <tf.Tensor: shape=(), dtype=int32, numpy=-1>
    """
    return _unary(INVERT, x, INTEGER)


def left_shift(x, y, name=None):
    """x << y (shifts clamped to [0, bits - 1]). `tf.bitwise.left_shift`.

        >>> tf.bitwise.left_shift(1, 3)
        <tf.Tensor: shape=(), dtype=int32, numpy=8>
    """
    return _binary(LEFT_SHIFT, x, y, INTEGER)


def right_shift(x, y, name=None):
    """x >> y, arithmetic for signed types (shifts clamped to [0, bits - 1]). `tf.bitwise.right_shift`:
    `right_shift(-8, 1)` is -4."""
    return _binary(RIGHT_SHIFT, x, y, INTEGER)


# -- operators on Tensor and Variable ------------------------------------------------------
def _reflected(f):
    """`other OP tensor`: TF converts `other` strictly to the tensor's dtype first."""
    def op(self, other):
        s = _scalar_like(other, self) if type(self) is Tensor else None
        if s is not None:
            return f(s, self)
        x, y = convert_pair(other, self)
        return f(x, y)
    return op


def _logical_or_bitwise(logical, bitwise):
    def op(x, y):
        if type(x) is not Tensor or type(y) is not Tensor:
            x, y = convert_pair(x, y)
        return logical(x, y) if x._dtype is _BOOL else bitwise(x, y)
    return op


_and = _logical_or_bitwise(logical_and, bitwise_and)
_xor = _logical_or_bitwise(logical_xor, bitwise_xor)
_or_impl = _logical_or_bitwise(logical_or, bitwise_or)


def _or(x, y):
    try:
        if type(x) is not Tensor or type(y) is not Tensor:
            x, y = convert_pair(x, y)
    except (TypeError, ValueError):
        if not hasattr(y, "__ror__"):  # what TF raises here
            raise AttributeError(f"'{type(y).__name__}' object has no attribute '__ror__'") from None
        raise
    return _or_impl(x, y)


def _invert(x):
    x = convert_to_tensor(x)
    return logical_not(x) if x._dtype is _BOOL else invert(x)


def _install_operators():
    table = {"add": add, "sub": subtract, "mul": multiply, "truediv": truediv, "floordiv": floordiv,
             "mod": floormod, "pow": pow, "matmul": matmul, "and": _and, "or": _or, "xor": _xor}
    for cls in (Tensor, Variable):
        for name, f in table.items():
            setattr(cls, f"__{name}__", f)
            setattr(cls, f"__r{name}__", _reflected(f))
        cls.__neg__ = negative
        cls.__abs__ = abs
        cls.__invert__ = _invert
        cls.__lt__ = less
        cls.__le__ = less_equal
        cls.__gt__ = greater
        cls.__ge__ = greater_equal
    Tensor.__eq__ = equal_operator(True, tensor=True)
    Tensor.__ne__ = equal_operator(False, tensor=True)
    Variable.__eq__ = equal_operator(True, tensor=False)
    Variable.__ne__ = equal_operator(False, tensor=False)


_install_operators()
