"""The backward pass: reverse-mode accumulation over recorded ops (tape records or graph nodes).

Gradient rules are written with numtf ops, so the same walk works eagerly, while a graph is
being built (it then emits gradient nodes) and under an outer tape (higher-order derivatives).
"""
from ..framework import dtypes


def _differentiable(t):
    d = t.dtype
    return d.is_floating or d.is_complex


def backward(records, targets, target_grads, sources):
    """Gradients of sum(targets * target_grads) with respect to each of `sources` (None when
    unconnected). `records` is a list of executed ops in execution order."""
    from ..ops import math_ops, array_ops
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

    def accumulate(key, g):
        prev = grads.get(key)
        grads[key] = g if prev is None else math_ops.add(prev, g)

    for t, g in zip(targets, target_grads):
        if id(t) in reach and _differentiable(t):
            accumulate(id(t), g)
    for rec in reversed(live):
        outs = rec.outputs
        if len(outs) == 1:
            g = grads.get(id(outs[0]))
            if g is None:
                continue
            out_grads = (g,)
        else:
            out_grads = [grads.get(id(o)) for o in outs]
            if all(g is None for g in out_grads):
                continue
            out_grads = [array_ops.zeros_like(o) if g is None else g for o, g in zip(outs, out_grads)]
        for o in outs:  # free intermediate gradients as soon as they are consumed
            if id(o) not in keep:
                grads.pop(id(o), None)
        op = rec.op
        if op.grad is None:
            if op.no_grad_reason is not None:
                continue
            raise LookupError(f"gradient registry has no entry for: {op.name}")
        rec.needs = [id(i) in reach and _differentiable(i) for i in rec.inputs]
        in_grads = op.grad(rec, *out_grads)
        if not isinstance(in_grads, (tuple, list)):
            in_grads = (in_grads,)
        for inp, need, ig in zip(rec.inputs, rec.needs, in_grads):
            if ig is not None and need:
                accumulate(id(inp), ig)
    return [grads.get(id(s)) for s in sources]


def ones_like_target(t):
    from ..ops import array_ops
    return array_ops.ones_like(t)


def is_float_dtype(dtype):
    return dtype.is_floating or dtype.is_complex or dtype is dtypes.variant
