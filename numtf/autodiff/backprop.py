"""The backward pass: reverse-mode accumulation over recorded ops (tape records or graph nodes).

Gradient rules are written with numtf ops, so the same walk works eagerly, while a graph is
being built (it then emits gradient nodes) and under an outer tape (higher-order derivatives).

A gradient may be a tf.IndexedSlices (a gather's, framework/indexed_slices.py): it passes through
variable reads and identities, two of them join by concatenation, and any other rule, or a sum
with a dense gradient, gets it dense.
"""
import numpy as np

from ..framework.context import ctx
from ..framework.indexed_slices import IndexedSlices, concat as concat_slices, densify
from ..framework.tensor import Tensor

_KEEP_SLICES = frozenset(["TapeVariableRead", "ReadVariableOp", "Identity"])  # rules that pass IndexedSlices on


def _differentiable(t):
    """Float and complex tensors carry gradients; ints, bools and strings don't."""
    return t.dtype._grad


def backward(records, targets, target_grads, sources):
    """Gradients of sum(targets * target_grads) with respect to each of `sources` (None when
    unconnected). `records` is a list of executed ops in execution order."""
    from ..ops.math_ops import add
    from ..ops.creation_ops import zeros_like
    reach = {id(s) for s in sources}
    live = []
    for rec in records:  # forward sweep: only ops downstream of a source matter
        for t in rec.inputs:
            if id(t) in reach:
                outs = rec.live_outputs()
                if outs is not None:  # a dead output can't lead to the target
                    live.append(rec)
                    for o in outs:
                        reach.add(id(o))
                break
    keep = {id(s) for s in sources}
    grads = {}
    sums = set()  # ids whose gradient is a sum this pass made (its own array: safe to add into)
    for t, g in zip(targets, target_grads):
        if id(t) in reach and t.dtype._grad:
            k = id(t)
            grads[k] = g if k not in grads else add(grads[k], g)
    for rec in reversed(live):
        outs = rec.outputs
        if len(outs) == 1:
            k = id(outs[0])
            g = grads.get(k)
            if g is None:
                continue
            if k not in keep:  # free intermediate gradients as soon as they are consumed
                del grads[k]
            if type(g) is IndexedSlices and rec.op.name not in _KEEP_SLICES:
                g = densify(g)
            out_grads = (g,)
        else:
            out_grads = [grads.get(id(o)) for o in outs]
            if all(g is None for g in out_grads):
                continue
            out_grads = [zeros_like(o) if g is None else densify(g) for o, g in zip(outs, out_grads)]
            for o in outs:
                if id(o) not in keep:
                    grads.pop(id(o), None)
        op = rec.op
        rule = op.grad
        if rule is None:
            if op.no_grad_reason is not None:
                continue
            rule = _user_rule(op.name)  # tf.RegisterGradient for an op type without a rule of its own
            if rule is None:
                continue
        needs = rec.needs = [id(i) in reach and i.dtype._grad for i in rec.inputs]
        rec.sources = keep
        in_grads = rule(rec, *out_grads)
        if not isinstance(in_grads, (tuple, list)):
            in_grads = (in_grads,)
        for inp, need, ig in zip(rec.inputs, needs, in_grads):
            if ig is not None and need:
                k = id(inp)
                prev = grads.get(k)
                if prev is None:
                    grads[k] = ig
                elif type(prev) is IndexedSlices and type(ig) is IndexedSlices:
                    grads[k] = concat_slices(prev, ig)
                elif k in sums and _add_into(prev, ig):
                    pass
                else:
                    grads[k] = add(densify(prev), densify(ig))
                    sums.add(k)
    return [grads.get(id(s)) for s in sources]


def _user_rule(op_type):
    """The function tf.RegisterGradient gave `op_type`, called as a rule (op, *grads) with the record
    as the op; None for tf.no_gradient; LookupError if neither."""
    from .gradient_registry import user_gradient
    found, fn = user_gradient(op_type)
    if not found:
        raise LookupError(f"gradient registry has no entry for: {op_type}")
    return fn


def _add_into(acc, g):
    """acc += g in place, for a sum this pass made (a weight used at every step of a loop gets
    one gradient per step): only eagerly with no tape watching, same shape and dtype."""
    if ctx.graph is not None or ctx.tapes or type(acc) is not Tensor or type(g) is not Tensor:
        return False
    a, b = acc._value, g._value
    if type(a) is not np.ndarray or a.shape != b.shape or a.dtype != b.dtype:
        return False
    np.add(a, b, out=a)
    return True


def is_float_dtype(dtype):
    return dtype._grad
