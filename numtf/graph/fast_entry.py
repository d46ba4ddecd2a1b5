"""A traced function's generated entry: one Python function that checks the call's arguments
against the trace, runs the plan's steps and wraps the result, with no call in between.

A `tf.function` called with the same tensor shapes again and again (a training step, the chain
of a benchmark) spends its time here; a generic path (cache key, feed list, the plan's `run`,
result wrapping) costs about 2 us per call, which on small tensors is a third of the whole call.
The entry returns `MISS` for any call it does not cover (other shapes or dtypes, other
arguments, a recording tape, a trace in progress), and the caller takes the generic path.

    >>> entry = build_entry(concrete, tensors_only=False)
    >>> result = entry((x, y))          # or MISS
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.tensor import Tensor

MISS = object()


# Stateful ops that never keep an input array beyond the call (they read it, or copy it into a
# variable); any other stateful op (a py_function, a lookup-table insert, ...) might.
_KEEPS_NO_INPUT = frozenset(["ReadVariableOp", "AssignVariableOp", "PrintV2", "Print", "Timestamp", "RandomUniform",
                             "RandomStandardNormal", "TruncatedNormal", "RandomUniformInt", "Multinomial",
                             "RandomGamma", "RandomPoissonV2"])


def _keeps_no_input(plan):
    """Whether no step of `plan` can keep a fed array after the call (see _guard)."""
    for step in plan.steps:
        op = step[4].op
        if op.stateful and op.name not in _KEEPS_NO_INPUT and not op.name.startswith("ResourceApply"):
            return False
    return True


def _unshare(values, args):
    """`values` with copies of those that share memory with a NumPy argument fed uncopied."""
    for a in args:
        if type(a) is np.ndarray:
            values = [np.array(v) if type(v) is np.ndarray and np.may_share_memory(v, a) else v for v in values]
    return values


def _guard(i, placeholder, tensors_only, copy=True):
    """Lines binding `s{slot}` from argument `_a{i}` if its dtype and shape fit the placeholder.

    TF copies a NumPy argument into a tensor. The plan never writes a fed buffer in place (see
    passes.inplace_steps), so unless `copy`, a C-contiguous array is fed as it is (a 157 KB copy
    was 5% of the handbook MLP's traced step) and the entry copies any output that shares its
    memory instead; `copy` is set for plans whose stateful steps might keep the array."""
    shape = placeholder.shape
    dims = None if shape.rank is None else shape.as_list()
    if dims is None:
        fits = "True"
    elif None not in dims:
        fits = f"_v.shape == {tuple(dims)!r}"
    else:  # a relaxed or signature shape: the rank and the known sizes
        fits = " and ".join([f"len(_v.shape) == {len(dims)}"] +
                            [f"_v.shape[{k}] == {d}" for k, d in enumerate(dims) if d is not None])
    lines = [f"  if type(_a{i}) is _Tensor and _a{i}._dtype is _dt{i}:",
             f"   _v = _a{i}._value",
             f"   if not ({fits}): return _MISS"]
    if tensors_only:
        lines.append("  else: return _MISS")
    else:  # a NumPy array of the same dtype: copied, or fed as it is (see above)
        lines += [f"  elif type(_a{i}) is _ndarray and _a{i}.dtype == _np{i}:",
                  f"   _v = _copy(_a{i})" if copy else f"   _v = _a{i} if _a{i}.flags.c_contiguous else _copy(_a{i})",
                  f"   if not ({fits}): return _MISS",
                  "  else: return _MISS"]
    return lines


def _miss(plan, frame_locals):
    return MISS  # another number of arguments


def build_entry(concrete, tensors_only):
    """`entry(args)` for a ConcreteFunction whose plan is compiled: its result for positional
    tensor (or, unless `tensors_only`, NumPy array) arguments matching the trace's inputs, else
    MISS. (`tf.config.run_functions_eagerly` drops every entry: see function.py.)"""
    plan = concrete._plan
    inputs = concrete.graph.inputs
    n = len(inputs)
    env = {"_MISS": MISS, "_ctx": ctx, "_Tensor": Tensor, "_ndarray": np.ndarray, "_copy": np.array,
           "_new": object.__new__, "_from_np": dtypes.from_numpy, "_outputs": concrete._outputs,
           "_unshare": _unshare, "_shares": np.may_share_memory}
    copy = not _keeps_no_input(plan)
    uncopied = []  # the arguments that may be fed uncopied
    prologue = [f"  {''.join(f'_a{i}, ' for i in range(n))}= args" if n else "  if args: return _MISS",
                "  if _ctx.graph is not None or _ctx.tapes: return _MISS"]
    for i, (p, slot) in enumerate(zip(inputs, plan.feed_slots)):
        env[f"_dt{i}"] = p.dtype
        np_dtype = env[f"_np{i}"] = p.dtype._np
        numeric = np_dtype.kind in "biufc"  # other arrays convert on the generic path
        prologue += _guard(i, p, tensors_only or not numeric, copy) + [f"  s{slot} = _v"]
        if numeric and not tensors_only and not copy:
            uncopied.append(f"_a{i}")

    def returns(fetched):
        if not concrete._single_output:
            if uncopied:
                return [f"  return _outputs(_unshare([{', '.join(fetched)}], ({', '.join(uncopied)},)))"]
            return [f"  return _outputs([{', '.join(fetched)}])"]
        out = concrete._flat_outputs[0].dtype
        env["_dt_out"], env["_np_out"] = out, out._np
        unshare = [f"  if type({a}) is _ndarray and _shares(_r, {a}): _r = _copy(_r)" for a in uncopied]
        return [f"  _r = {fetched[0]}"] + unshare + [
                "  if type(_r) is not _ndarray or _r.dtype is not _np_out: return _outputs([_r])",
                "  _t = _new(_Tensor)",  # numtf.framework.tensor.wrap, inlined
                "  _t._value = _r",
                "  _t._dtype = _dt_out",
                "  return _t"]
    return plan.generate("entry(args)", prologue, returns, env, bad_feed=_miss)
