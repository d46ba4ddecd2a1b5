"""The graph executor: a graph compiled into a flat plan over a slot array.

A plan is a list of steps `(kernel, input slots, output slots, attrs, node, frees)`; constants
are pre-filled slots; a slot is released right after its last use unless the caller keeps
everything (a traced call recorded on a tape keeps its intermediates for the backward pass). No
Tensor objects and no tape bookkeeping happen at run time.

The first run interprets the steps; from the second run on, the plan runs as generated Python
code: one line per step over local variables (no slot-list indexing, tuple unpacking or
`**attrs` per step), which keeps the executor's own cost per node around a tenth of a
microsecond. A plan built with `optimize=True` (numtf.graph.passes does) also calls
specialized kernels where the static shapes allow and writes elementwise results into dying
buffers (see passes.inplace_steps).

    >>> plan = Plan(graph, fetches=[y], feeds=[x])
    >>> plan.run([np.ones((2, 3), np.float32)])
"""
import keyword
import linecache
import weakref

import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.tensor import SymbolicTensor
from ..ops.registry import kernel_error, _tf_type_name
from .graph import CONST, PLACEHOLDER

_EMPTY = {}
COMPILE_AFTER = 1  # runs interpreted before the plan is compiled (one-off plans never pay for it)
MAX_COMPILED_STEPS = 50000  # Python's compiler takes ~30 us a line: huge plans stay interpreted
_plan_ids = iter(range(1, 1 << 62))


def needed_nodes(graph, fetch_nodes, include_stateful, fed=()):
    """The nodes the fetches depend on, plus every stateful node when asked (side effects such as
    assign and print run even when nothing fetches them). The inputs of `fed` nodes (ids of nodes
    whose outputs are all fed) are not needed."""
    roots = list(fetch_nodes)
    if include_stateful:
        roots += [n for n in graph.nodes if n.op.stateful]
    seen = set()
    stack = roots
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if id(n) in fed:
            continue
        stack.extend(t.op for t in n.inputs)
        stack.extend(n.control_inputs)
    return seen


class Plan:
    """A compiled run of `graph`: computes `fetches` from `feeds` (symbolic tensors).

    `preset` are tensors whose values the caller supplies besides the feeds (e.g. the forward
    values a gradient plan reuses); `include_stateful` runs side-effecting nodes too;
    `keep_all` keeps every slot alive (for a later backward plan); `slot_map` numbers tensors like
    another plan, so this one can run over that plan's slot array. `optimize` lets the plan use
    specialized kernels and in-place elementwise steps (results are the same)."""

    def __init__(self, graph, fetches, feeds=(), include_stateful=True, keep_all=False, preset=(),
                 slot_map=None, optimize=False):
        self.graph = graph
        slot_of = {} if slot_map is None else slot_map  # shared with the plan whose slots we reuse
        self._slot_of = slot_of

        def slot(t):
            s = slot_of.get(id(t))
            if s is None:
                s = slot_of[id(t)] = len(slot_of)
            return s

        self.feed_slots = [slot(t) for t in feeds]
        given = set(self.feed_slots) | {slot(t) for t in preset}
        fetch_nodes = [f.op if isinstance(f, SymbolicTensor) else f for f in fetches]
        fed = {id(t.op) for t in feeds if all(id(o) in slot_of and slot_of[id(o)] in given for o in t.op.outputs)}
        needed = needed_nodes(graph, fetch_nodes, include_stateful, fed)
        self.consts = []
        steps = []
        for node in graph.nodes:
            if id(node) not in needed:
                continue
            outs = [slot(o) for o in node.outputs]
            if outs and all(s in given for s in outs):
                continue
            if node.op is CONST:
                self.consts.append((outs[0], node.attrs["value"]))
                given.add(outs[0])
                continue
            if node.op is PLACEHOLDER:
                shape = node.attrs["shape"]
                raise InvalidArgumentError(
                    None, node, f"You must feed a value for placeholder tensor '{node.name}' with dtype "
                    f"{_tf_type_name(node.attrs['dtype'])}" + ("" if shape.rank is None else
                                                     f" and shape [{','.join('?' if d is None else str(d) for d in shape)}]"))
            ins = [slot(t) for t in node.inputs]
            steps.append([node.op.kernel, tuple(ins), tuple(outs), node.attrs or _EMPTY, node, ()])
        self.fetch_slots = [slot(f) if isinstance(f, SymbolicTensor) else None for f in fetches]
        self.n_slots = len(slot_of)
        self.keep_all = keep_all
        keep = set(s for s in self.fetch_slots if s is not None)
        if not keep_all:  # release each slot after its last reader
            last = {}
            for i, step in enumerate(steps):
                for s in step[1]:
                    last[s] = i
            frees = [[] for _ in steps]
            for s, i in last.items():
                if s not in keep:
                    frees[i].append(s)
            for step, f in zip(steps, frees):
                step[5] = tuple(sorted(f))
        self.inplace = {}  # step index -> (ufunc, extra args, input reused as out, input to compare shapes with)
        if optimize:
            from . import passes
            passes.specialize_steps(steps)
            steps = passes.group_adam_steps(steps)
            if not keep_all:
                self.inplace = passes.inplace_steps(steps, keep, set(self.feed_slots) | given)
        self.steps = [tuple(s) for s in steps]
        const_slots = {s for s, _ in self.consts}
        # slots a step or a fetch reads that neither a feed, a constant nor a step provides: the
        # caller's slot array holds them (preset values)
        produced = set(self.feed_slots) | const_slots
        self._preset_reads = []
        for step in self.steps:
            for s in step[1]:
                if s not in produced:
                    produced.add(s)
                    self._preset_reads.append(s)
            produced.update(step[2])
        for s in self.fetch_slots:
            if s is not None and s not in produced:
                produced.add(s)
                self._preset_reads.append(s)
        self._runs = 0
        self.source = None  # the generated code, once compiled

    def slot(self, tensor):
        return self._slot_of[id(tensor)]

    def run(self, feed_values, slots=None):
        """Runs the plan; returns (fetched values, the slot array). The slot array holds every
        value when the plan keeps all; otherwise it is the array passed in (or a fresh one)."""
        self._runs += 1
        if self._runs > COMPILE_AFTER and len(self.steps) <= MAX_COMPILED_STEPS:
            fn = self._compile()
            self.run = fn  # later calls go straight to the generated function
            return fn(feed_values, slots)
        return self._interpret(feed_values, slots)

    def _interpret(self, feed_values, slots):
        if slots is None:
            slots = [None] * self.n_slots
        elif len(slots) < self.n_slots:
            slots.extend([None] * (self.n_slots - len(slots)))
        for s, v in zip(self.feed_slots, feed_values):
            slots[s] = v
        for s, v in self.consts:
            slots[s] = v
        for kernel, ins, outs, attrs, node, frees in self.steps:
            args = [slots[i] for i in ins]
            try:
                result = kernel(*args, **attrs) if attrs else kernel(*args)
            except Exception as e:  # noqa: BLE001 - every kernel failure becomes a TF error
                raise kernel_error(node.op, args, e) from None
            if len(outs) == 1:
                slots[outs[0]] = result
            elif outs:
                for s, r in zip(outs, result):
                    slots[s] = r
            for s in frees:
                slots[s] = None
        return [None if s is None else slots[s] for s in self.fetch_slots], slots

    # -- code generation ---------------------------------------------------------------------
    def _compile(self):
        """Generates `run(feed_values, slots=None)` with one line per step over local variables:
        constants, kernels and attribute values are globals of the generated module."""
        unpack = [f"  {', '.join(f's{s}' for s in self.feed_slots)}, = feed_values"] if self.feed_slots else []
        need_slots = bool(self._preset_reads) or self.keep_all

        def returns(fetched):
            return [f"  return [{', '.join(fetched)}], {'S' if need_slots else 'slots'}"]
        fn = self.generate("run(feed_values, slots=None)", unpack, returns, bad_feed=_run_interpreted)
        self.source, self._env = fn.source, fn.__globals__
        return fn

    def generate(self, signature, prologue, returns, env=None, bad_feed=None):
        """The plan as a generated function `def {signature}:`. `prologue` lines bind the feeds
        (names `s{slot}` for `self.feed_slots`); `returns(fetched)` gives the closing lines from
        the fetched values' expressions; `env` adds globals the prologue and returns use. A
        kernel failure raises TF's error naming the op. When the prologue's first line fails with a
        ValueError or TypeError (feeds that don't unpack), the function returns
        `bad_feed(plan, its locals)` instead. The function's `source` attribute is its code."""
        ref = weakref.ref(self)  # the generated function must not keep its plan alive
        meta = {}

        def fail(exc, frame_locals):
            return ref()._failure(exc, frame_locals, meta)
        env = {} if env is None else env  # (the caller's `returns` may still add to it)
        env.update(_fail=fail, _None=None)
        names = {}

        def glob(obj, prefix):
            key = (prefix, id(obj))
            name = names.get(key)
            if name is None:
                name = names[key] = f"{prefix}{len(names)}"
                env[name] = obj
            return name

        var = {s: glob(v, "c") for s, v in self.consts}  # slot -> the expression that reads it
        for s in list(self.feed_slots) + self._preset_reads:
            var[s] = f"s{s}"
        held = set(var)  # slots whose values the plan did not make
        lines = [f"def {signature}:", " try:"] + list(prologue)
        feed_line = 3 if bad_feed and prologue else None  # (after "def" and "try:")
        line_step = {}
        need_slots = bool(self._preset_reads) or self.keep_all
        if need_slots:
            lines.append(f"  S = slots if slots is not None else [None] * {self.n_slots}")
            lines.append(f"  if len(S) < {self.n_slots}: S.extend([None] * ({self.n_slots} - len(S)))")
        for s in self._preset_reads:
            lines.append(f"  s{s} = S[{s}]")
        for i, (kernel, ins, outs, attrs, node, frees) in enumerate(self.steps):
            args = [var[s] for s in ins]
            inplace = self.inplace.get(i)
            if inplace is not None:
                fn, extra, which, check = inplace
                call = glob(fn, "k")
                args += [glob(v, "a") for v in extra]
                buf = args[which]
                if check is not None:  # shapes unknown statically: reuse the buffer if they match at run time
                    buf = f"({buf} if {buf}.shape == {args[check]}.shape else _None)"
                # a positional `out` is the fastest, but NumPy deprecates it for maximum and minimum
                args.append(f"out={buf}" if fn is np.maximum or fn is np.minimum else buf)
            else:
                call = glob(kernel, "k")
                if attrs and all(k.isidentifier() and not keyword.iskeyword(k) for k in attrs):
                    args += [f"{k}={glob(v, 'a')}" for k, v in attrs.items()]
                elif attrs:
                    args.append(f"**{glob(attrs, 'a')}")
            for s in outs:
                var[s] = f"s{s}"
            reused = inplace is not None and inplace[3] is None and ins[inplace[2]]
            if reused is not False and reused in frees and var[reused][0] == "s":
                # the result is the dying input's buffer: keep its name (no line freeing it)
                var[outs[0]] = var[reused]
            target = (f"{var[outs[0]]} = " if len(outs) == 1 else
                      f"{', '.join(f's{s}' for s in outs)}, *_ = " if outs else "")
            lines.append(f"  {target}{call}({', '.join(args)})")
            line_step[len(lines)] = i
            # freed: what steps made (feeds and presets live on in the caller's lists, constants
            # are globals), unless the result took over its buffer and name
            result = var[outs[0]] if outs else None
            dead = [var[s] for s in frees if s not in held and var[s] != result]
            if dead:
                lines.append(f"  {' = '.join(dead)} = _None")
        if self.keep_all:
            for s, name in var.items():
                lines.append(f"  S[{s}] = {name}")
        lines += returns(["_None" if s is None else var[s] for s in self.fetch_slots])
        lines.append(" except Exception as e:")
        lines.append("  return _fail(e, locals())")
        source = "\n".join(lines) + "\n"
        filename = f"<numtf plan {next(_plan_ids)}>"
        # tracebacks through generated code show its lines (for as long as the plan lives)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        weakref.finalize(self, linecache.cache.pop, filename, None)
        # a numtf module name: NumPy's RuntimeWarnings (1/0 -> inf, as TF computes silently) are
        # filtered for numtf's modules (math_ops), the generated code included
        env.setdefault("__name__", "numtf.graph.plan")
        exec(compile(source, filename, "exec"), env)
        meta.update(filename=filename, line_step=line_step, var=var, env=env, feed_line=feed_line,
                    bad_feed=bad_feed)
        fn = env[signature.partition("(")[0]]
        fn.source = source
        return fn

    def _failure(self, exc, frame_locals, meta):
        """Handles an exception inside generated code: a kernel failure becomes TF's error naming
        the op; feeds that don't unpack go to the generated function's `bad_feed`."""
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != meta["filename"]:
            tb = tb.tb_next
        line = None if tb is None else tb.tb_lineno
        if line is not None and line == meta["feed_line"] and isinstance(exc, (ValueError, TypeError)):
            return meta["bad_feed"](self, frame_locals)
        i = meta["line_step"].get(line)
        if i is None:
            raise exc
        node = self.steps[i][4]
        env = meta["env"]
        args = [env[n] if n in env else frame_locals.get(n) for n in (meta["var"][s] for s in self.steps[i][1])]
        raise kernel_error(node.op, args, exc) from None


def _run_interpreted(plan, frame_locals):
    """A feed list of another length than the plan's feeds runs interpreted (it zips, as it always did)."""
    return plan._interpret(frame_locals["feed_values"], frame_locals["slots"])
