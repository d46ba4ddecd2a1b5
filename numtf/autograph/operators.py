"""The `ag__` operators that converted code calls.

Each control-flow operator decides at run time: a Python condition (or iterable) runs plain
Python, so Python conditions stay Python; an eager tensor condition uses its value; a symbolic
tensor condition stages `tf.cond` / `tf.while_loop`, with the construct's live variables
(read and written through `get_state` / `set_state`) as the branch outputs / loop variables.
The checks and error messages are TensorFlow AutoGraph's.

    >>> x = 1
    >>> def set_state(v): ...
    >>> if_stmt(x > 0, lambda: print("yes"), lambda: None, lambda: (), set_state, (), 0)
    yes
"""
from ..framework import dtypes
from ..framework.context import ctx
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.variables import Variable
from ..util import nest

__all__ = ["if_stmt", "if_exp", "and_", "or_", "not_", "ld", "ret", "Undefined", "UndefinedReturnValue"]


def _mark_graph():
    """Tells the graph being built that AutoGraph converted the code building it (so a symbolic
    tensor used as a Python bool says so in its error)."""
    g = ctx.graph
    if g is not None:
        g.autograph = True


def verify_condition(cond, what):
    """A graph condition must be a scalar bool tensor (TF's ValueError otherwise)."""
    shape = cond.shape
    if cond.dtype is not dtypes.bool or (shape.rank not in (0, None) and shape.num_elements() != 1):
        hint = "; to use as boolean Tensor, use `tf.cast`" if cond.dtype is not dtypes.bool else ""
        raise ValueError(f"condition of {what} expected to be `tf.bool` scalar, got {cond}{hint}; to check "
                         "for None, use `is not None`")


class Undefined:
    """The value of a variable the converted code has not assigned yet."""
    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name):
        self.symbol_name = symbol_name

    def read(self):
        raise UnboundLocalError(f"'{self.symbol_name}' is used before assignment")

    def __repr__(self):
        return self.symbol_name


class UndefinedReturnValue:
    """`retval_` before a `return` statement ran."""
    __slots__ = ()


def ld(value):
    """Reads a variable that may be undefined (TF's UnboundLocalError if it is).

        >>> ld(Undefined('y'))
        UnboundLocalError: 'y' is used before assignment
    """
    if type(value) is Undefined:
        value.read()
    return value


def ret(retval, do_return, falls_off=False):
    """The converted function's return value (None when no `return` ran). `falls_off`: the function
    can end without a `return`, which a graph cannot express when whether a `return` ran depends on
    a tensor (a `return` inside a TF loop with no `return` after the loop)."""
    if isinstance(retval, UndefinedReturnValue):
        return None
    if falls_off and isinstance(do_return, SymbolicTensor):
        raise NotImplementedError(
            "a return statement cannot be placed inside this TensorFlow loop unless the function also returns "
            "after the loop; this may happen if a return statement depends on a static Python condition such "
            "as a hyperparameter")
    return retval


# -- logical operators -----------------------------------------------------------------------
def _cond(pred, true_fn, false_fn):
    from ..ops.cond_ops import cond
    return cond(pred, true_fn, false_fn)


def and_(a, b):
    """`a and b` with lazy operands; over a graph tensor, a tf.cond so `b` runs only when needed.

        >>> and_(lambda: x > 0, lambda: x < 10)
    """
    a_val = a()
    if isinstance(a_val, SymbolicTensor):
        verify_condition(a_val, "logical and")
        return _cond(a_val, b, lambda: a_val)
    return b() if a_val else a_val


def or_(a, b):
    """`a or b` with lazy operands; over a graph tensor, a tf.cond so `b` runs only when needed.

        >>> or_(lambda: x < 0, lambda: x > 10)
    """
    a_val = a()
    if isinstance(a_val, SymbolicTensor):
        verify_condition(a_val, "logical or")
        return _cond(a_val, lambda: a_val, b)
    return a_val if a_val else b()


def not_(a):
    """`not a`; a tensor gives tf.logical_not (also eagerly, as in TF).

        >>> not_(tf.constant(True)).numpy()
        False
    """
    if isinstance(a, Tensor):
        from ..ops.logic_ops import logical_not
        return logical_not(a)
    return not a


def if_exp(cond, if_true, if_false, expr_repr):
    """`if_true() if cond else if_false()`; a graph tensor condition gives a tf.cond.

        >>> if_exp(x > 0, lambda: x, lambda: -x, "x > 0")
    """
    if isinstance(cond, SymbolicTensor):
        verify_condition(cond, f"if expression {expr_repr}")
        return _cond(cond, if_true, if_false)
    return if_true() if cond else if_false()


# -- if statement ----------------------------------------------------------------------------
def if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts):
    """Runs `body()` if `cond` else `orelse()`. The first `nouts` symbols are the statement's
    outputs; a graph tensor condition stages them as the outputs of a tf.cond.

        >>> if_stmt(x > 0, if_body, else_body, get_state, set_state, ('x',), 1)
    """
    if isinstance(cond, SymbolicTensor):
        _tf_if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts)
    elif cond:
        body()
    else:
        orelse()


# > 0 while a loop body is traced in a scratch graph only to learn the types its variables take
scratch_depth = [0]


def _tf_if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts):
    verify_condition(cond, "if statement")
    init = tuple(get_state())
    if scratch_depth[0]:
        _scratch_if_stmt(body, orelse, get_state, set_state, init, nouts)
        return
    results = [None, None]

    def branch(index, fn, label):
        def run():
            _mark_graph()
            set_state(init)
            fn()
            values = tuple(get_state())[:nouts]
            _verify_branch(values, symbol_names, label)
            values = tuple(_to_output(v, n) for v, n in zip(values, symbol_names))
            results[index] = values
            if results[1 - index] is not None:
                _verify_branches(results[0], results[1], symbol_names)
            return values
        return run

    outs = _cond(cond, branch(0, body, "main"), branch(1, orelse, "else"))
    set_state(tuple(outs) + init[nouts:])


def _scratch_if_stmt(body, orelse, get_state, set_state, init, nouts):
    """Runs both branches, keeping for each output the value of the branch that defines it (with
    the shape both agree on): in a scratch trace only the types matter, and a variable one branch
    leaves undefined (e.g. `retval_` beside a `return`) is defined by the other."""
    set_state(init)
    body()
    main = tuple(get_state())
    set_state(init)
    orelse()
    other = tuple(get_state())
    merged = list(init)
    for i in range(nouts):
        a, b = main[i], other[i]
        if _is_undefined(a):
            merged[i] = b
        elif _is_undefined(b):
            merged[i] = a
        else:
            merged[i] = _relaxed(a, b)
    set_state(tuple(merged))


def _is_undefined(v):
    return v is None or isinstance(v, (Undefined, UndefinedReturnValue))


def _relaxed(a, b):
    try:
        a, b = _to_output(a, ""), _to_output(b, "")
        nest.assert_same_structure(a, b)
    except (TypeError, ValueError):
        return a

    def leaf(x, y):
        if isinstance(x, Tensor) and isinstance(y, Tensor) and x.dtype == y.dtype and x.shape != y.shape:
            return ctx.graph.placeholder(x.dtype, x.shape.most_specific_compatible_shape(y.shape), "merged")
        return x
    return nest.map_structure(leaf, a, b)


def _verify_branch(values, names, label):
    for name, value in zip(names, values):
        for leaf in nest.flatten(value):
            if isinstance(leaf, Undefined):
                raise ValueError(f"'{name}' must also be initialized in the {label} branch")
            if isinstance(leaf, UndefinedReturnValue):
                raise ValueError(f"the {label} branch must also have a return statement.")
            if leaf is None:
                raise ValueError(f"'{name}' is None at the end of the {label} branch.")


def _verify_branches(main, other, names):
    from ..ops.control_flow_util import structure_error
    for name, a, b in zip(names, main, other):
        detail = structure_error(a, b, False)
        if detail is not None:
            raise TypeError(f"'{name}' must have the same nested structure in the main and else branches:\n\n"
                            f"{detail}")
        for x, y in zip(nest.flatten(a), nest.flatten(b)):
            if isinstance(x, Tensor) and isinstance(y, Tensor) and x.dtype != y.dtype:
                raise TypeError(f"'{name}' has dtype {x.dtype.name} in the main branch, but dtype "
                                f"{y.dtype.name} in the else branch")


def _to_output(value, name):
    """A branch output or loop variable as tensors (Python numbers and arrays converted, the way
    tf.cond would, so dtypes can be compared); TensorArrays are kept."""
    from ..ops.convert import convert_to_tensor

    def leaf(x):
        if isinstance(x, Tensor) or type(x).__name__ == "TensorArray":
            return x
        if isinstance(x, Variable):
            return x._read()
        try:
            return convert_to_tensor(x)
        except (TypeError, ValueError) as e:
            raise TypeError(f"'{name}' has a value of type {type(x).__name__} that cannot be used in TF "
                            f"control flow: {e}") from None
    return nest.map_structure(leaf, value)

