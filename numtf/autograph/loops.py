"""The loop operators of converted code: `ag__.while_stmt` and `ag__.for_stmt`.

A Python condition or iterable runs a Python loop. A graph tensor condition, or a `for` over a
graph tensor (a `tf.range`, a tensor's first axis), stages one `tf.while_loop` whose loop
variables are the variables the loop carries (those its body assigns that are live at the top
of the loop). A variable first assigned inside the loop gets a placeholder value of the type
one traced iteration gives it (TF's behaviour); its shape and dtype must not change from one
iteration to the next unless `tf.autograph.experimental.set_loop_options(shape_invariants=...)`
relaxes the shape.

    >>> def body(): state[0] += 1
    >>> state = [0]
    >>> while_stmt(lambda: state[0] < 3, body, lambda: (), lambda v: None, (), {})
    >>> state
    [3]
"""
from ..framework.context import ctx, graph_mode
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from ..util import nest
from .operators import (Undefined, UndefinedReturnValue, _mark_graph, _to_output, scratch_depth,
                        verify_condition)

from .dataset_loop import is_dataset, dataset_for_stmt

__all__ = ["while_stmt", "for_stmt"]

_LIMITATIONS = ("See https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/"
                "reference/limitations.md#consistency-of-control-flow-types for more info.")


def while_stmt(test, body, get_state, set_state, symbol_names, opts):
    """`while test(): body()`; a graph tensor condition stages a tf.while_loop.

        >>> while_stmt(loop_test, loop_body, get_state, set_state, ('n', 'steps'), {})
    """
    cond = test()
    if isinstance(cond, SymbolicTensor):
        _tf_while_stmt(test, body, get_state, set_state, symbol_names, opts)
        return
    while True:
        if isinstance(cond, SymbolicTensor):
            raise NotImplementedError(
                "The condition of while loop started as non-Tensor, then changed to Tensor. This may happen "
                "either because variables changed type, or when a break or return statement inside the loop "
                "depends on a Tensor condition. In both cases, changing to a TF loop should remove the "
                "error.\n" + _LIMITATIONS)
        if not cond:
            break
        body()
        cond = test()


def for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts):
    """`for target in iter_: body(target)` while `extra_test()` (the break/return flags) holds.
    A graph tensor (incl. `tf.range(...)`) is iterated along its first axis by a tf.while_loop;
    a tf.data dataset, while building a graph, by one node that iterates it on every run.

        >>> for_stmt(tf.range(n), None, loop_body, get_state, set_state, ('s',), {'iterate_names': 'i'})
    """
    if isinstance(iter_, Variable):
        iter_ = iter_._read()
    if type(iter_).__name__ == "TensorArray":
        iter_ = iter_.stack()
    if isinstance(iter_, SymbolicTensor):
        _tf_tensor_for(iter_, extra_test, body, get_state, set_state, symbol_names, opts)
        return
    if ctx.graph is not None and is_dataset(iter_):
        dataset_for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts)
        return
    for target in iter_:
        if extra_test is not None:
            go = extra_test()
            if isinstance(go, SymbolicTensor):
                raise NotImplementedError(
                    "break and return statements which depend on a TF condition are not supported in Python "
                    "for loops. Did you intend to make it a TF loop?\n" + _LIMITATIONS)
            if not go:
                break
        body(target)


def _tf_tensor_for(iter_, extra_test, body, get_state, set_state, symbol_names, opts):
    from ..ops.array_ops import shape
    from ..ops.convert import convert_to_tensor
    from ..ops.gather_ops import gather_dense
    from ..ops.logic_ops import logical_and
    static = iter_.shape
    if static.rank == 0:
        raise ValueError(f"len requires a non-scalar tensor, got one of shape {static}")
    if static.rank is None:
        raise ValueError("Iterating over a tensor of unknown rank is not supported: its first axis is unknown.")
    step = _range_step(iter_)
    if step is not None:  # tf.range(start, limit, step): count directly, no gather per element
        start, limit = iter_.op.inputs[0], iter_.op.inputs[1]
        index = [start]
        n = None
    else:
        n = static[0] if static[0] is not None else shape(iter_)[0]
        index = [convert_to_tensor(0)]

    def get_all():
        return (index[0],) + tuple(get_state())

    def set_all(values):
        index[0] = values[0]
        set_state(tuple(values[1:]))

    def test():
        if step is None:
            more = index[0] < n
        else:
            more = index[0] < limit if step > 0 else index[0] > limit
        if extra_test is not None:
            more = logical_and(more, extra_test())
        return more

    def loop_body():
        i = index[0]
        if step is None:
            body(gather_dense(iter_, i))
            index[0] = i + 1
        else:
            body(i)
            index[0] = i + step

    _tf_while_stmt(test, loop_body, get_all, set_all, ("<iteration>",) + tuple(symbol_names), opts)


def _range_step(t):
    """The (nonzero, constant) step of an integer `tf.range` tensor, else None."""
    node = t.op
    if node.type != "Range" or not t.dtype.is_integer or len(node.inputs) != 3:
        return None
    delta = node.inputs[2].op
    if delta.type != "Const":
        return None
    step = int(delta.attrs["value"])
    return step or None


# -- the staged loop ---------------------------------------------------------------------------
def _undefined(v):
    return v is None or isinstance(v, (Undefined, UndefinedReturnValue))


def _tf_while_stmt(test, body, get_state, set_state, symbol_names, opts):
    from ..ops.convert import convert_to_tensor
    from ..ops.while_ops import while_loop
    _mark_graph()
    init = tuple(get_state())
    keep, init, dummy_invariants = _define_undefined(body, get_state, set_state, init, symbol_names)
    names = [symbol_names[i] for i in keep]
    raw = [init[i] for i in keep]
    loop_vars = [_to_output(v, n) for v, n in zip(raw, names)]
    invariants = _invariants(opts, raw, loop_vars, names, dummy_invariants, keep)
    current = list(init)

    def set_loop_vars(values):
        for i, v in zip(keep, values):
            current[i] = v
        set_state(tuple(current))

    def aug_test(*values):
        _mark_graph()
        set_loop_vars(values)
        cond = test()
        if not isinstance(cond, Tensor):
            cond = convert_to_tensor(bool(cond))
        verify_condition(cond, "while loop")
        return cond

    def aug_body(*values):
        _mark_graph()
        set_loop_vars(values)
        body()
        state = tuple(get_state())
        new = [state[i] for i in keep]
        _verify_none(new, names)
        new = [_to_output(v, n) for v, n in zip(new, names)]
        _verify_loop_vars(loop_vars, new, names, invariants)
        return tuple(new)

    if not loop_vars:  # nothing is carried: count iterations so the loop has a variable
        keep_counter = [convert_to_tensor(0)]
        loop_vars = keep_counter
        invariants = [None]
        plain_test, plain_body = aug_test, aug_body
        aug_test = lambda i: plain_test()  # noqa: E731
        aug_body = lambda i: (plain_body(), i + 1)[1:]  # noqa: E731
    final = while_loop(aug_test, aug_body, list(loop_vars), shape_invariants=invariants,
                       maximum_iterations=opts.get("maximum_iterations"))
    if names:
        set_loop_vars(tuple(final))
    else:
        set_state(tuple(current))


def _define_undefined(body, get_state, set_state, init, names):
    """Loop variables undefined (or None) before the loop get a zero placeholder value of the type
    one iteration of the body gives them, traced in a scratch graph. Returns (indices of the loop
    variables, initial values, {index: shape invariants of placeholder values})."""
    undefined = [i for i, v in enumerate(init) if _undefined(v)]
    if not undefined:
        return list(range(len(init))), init, {}
    from ..graph.function import FuncGraph
    scratch = FuncGraph("autograph_scratch", outer=ctx.graph)
    error = None
    scratch_depth[0] += 1
    try:
        with graph_mode(scratch):
            _mark_graph()
            trial = tuple(v if _undefined(v) else nest.map_structure(lambda x: _placeholder(scratch, x), v)
                          for v in init)
            set_state(trial)
            body()
            after = tuple(get_state())
    except Exception as e:  # reported as TF does, naming the variable it tried to define
        error = e
    finally:
        scratch_depth[0] -= 1
        set_state(init)
    if error is not None:
        raise ValueError(_not_defined(names[undefined[0]], error)) from error
    from ..ops.creation_ops import zeros
    keep = [i for i in range(len(init)) if i not in undefined or not _undefined(after[i])]
    values = list(init)
    invariants = {}
    for i in undefined:
        if i not in keep:
            continue
        try:
            value = _to_output(after[i], names[i])
            leaves = nest.flatten(value)
            for leaf in leaves:
                if not isinstance(leaf, Tensor):
                    raise TypeError(f"Found an unsupported type '{type(leaf).__name__}' while creating "
                                    f"placeholder for {names[i]}.")
        except TypeError as e:
            raise ValueError(_not_defined(names[i], e)) from None
        values[i] = nest.map_structure(
            lambda t: zeros([d if d is not None else 0 for d in t.shape.as_list()], t.dtype), value)
        invariants[i] = nest.map_structure(lambda t: t.shape, value)
    return keep, tuple(values), invariants


def _not_defined(name, error):
    return (f"'{name}' must be defined before the loop\nNote: AutoGraph tried to define it automatically, but "
            f"ran into a {type(error).__name__}: {error}")


def _placeholder(graph, x):
    if isinstance(x, Variable) or type(x).__name__ == "TensorArray":
        return x
    if not isinstance(x, Tensor):
        try:
            x = _to_output(x, "")
        except TypeError:
            return x
    return graph.placeholder(x.dtype, x.shape, "loop_var")


def _invariants(opts, raw, loop_vars, names, dummy_invariants, keep):
    """The shape invariant of every loop variable's leaves (None: its shape before the loop)."""
    given = {}
    for pair in opts.get("shape_invariants", ()) or ():
        var, shape = pair
        for leaf, s in zip(nest.flatten(var), nest.flatten(shape) if nest.is_nested(shape) else [shape]):
            given[id(leaf)] = TensorShape(s)
    out = []
    for k, (r, v, name) in enumerate(zip(raw, loop_vars, names)):
        if keep[k] in dummy_invariants:
            out.append(dummy_invariants[keep[k]])
            continue
        raw_leaves = nest.flatten(r)
        inv = [given.get(id(x)) for x in raw_leaves] if len(raw_leaves) == len(nest.flatten(v)) else \
            [None] * len(nest.flatten(v))
        for leaf, s in zip(nest.flatten(v), inv):
            if s is not None and isinstance(leaf, Tensor) and not _conforms(leaf.shape, s):
                raise ValueError(f"'{name}' has shape {leaf.shape} before the loop, which does not conform with "
                                 f"the shape invariant {s}.")
        out.append(nest.pack_sequence_as(v, inv) if nest.is_nested(v) else inv[0])
    return out


def _conforms(shape, invariant):
    """True if `shape` is at least as specific as `invariant` (every known dim of it agrees)."""
    if invariant.rank is None:
        return True
    if shape.rank != invariant.rank:
        return False
    return all(b is None or a == b for a, b in zip(shape.as_list(), invariant.as_list()))


def _verify_none(values, names):
    for name, v in zip(names, values):
        for leaf in nest.flatten(v):
            if leaf is None:
                raise ValueError(f"'{name}' is None at the end of the iteration.")
            if isinstance(leaf, (Undefined, UndefinedReturnValue)):
                raise ValueError(f"'{name}' must be defined before the loop")


def _verify_loop_vars(before, after, names, invariants):
    from ..ops.control_flow_util import structure_error
    for name, b, a, inv in zip(names, before, after, invariants):
        detail = structure_error(b, a, False)
        if detail is not None:
            raise TypeError(f"'{name}' does not have the same nested structure after one iteration.\n\n{detail}")
        inv_leaves = nest.flatten(inv) if nest.is_nested(inv) else [inv] * len(nest.flatten(b))
        for x, y, s in zip(nest.flatten(b), nest.flatten(a), inv_leaves):
            if not (isinstance(x, Tensor) and isinstance(y, Tensor)):
                continue
            if x.dtype != y.dtype:
                raise TypeError(f"'{name}' has dtype {x.dtype.name} before the loop, but dtype {y.dtype.name} "
                                "after one iteration")
            if s is None:
                if not _conforms(y.shape, x.shape):
                    raise ValueError(f"'{name}' has shape {x.shape} before the loop, but shape {y.shape} after "
                                     "one iteration. Use tf.autograph.experimental.set_loop_options to set "
                                     "shape invariants.")
            elif not _conforms(y.shape, s):
                raise ValueError(f"'{name}' has shape {y.shape} after one iteration, which does not conform "
                                 f"with the shape invariant {s}.")
