"""The graph executor: a graph compiled into a flat plan over a slot array.

A plan is a list of steps `(kernel, input slots, output slots, attrs)`; constants are pre-filled
slots; a slot is released right after its last use unless the caller keeps everything (a traced
call recorded on a tape keeps its intermediates for the backward pass). No Tensor objects and no
tape bookkeeping happen at run time.

    >>> plan = Plan(graph, fetches=[y], feeds=[x])
    >>> plan.run([np.ones((2, 3), np.float32)])
"""
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import SymbolicTensor
from ..ops.registry import kernel_error, _tf_type_name
from .graph import CONST, PLACEHOLDER

_EMPTY = {}


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
    another plan, so this one can run over that plan's slot array."""

    def __init__(self, graph, fetches, feeds=(), include_stateful=True, keep_all=False, preset=(),
                 slot_map=None):
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
            steps.append([node.op.kernel, ins, outs, node.attrs or _EMPTY, node, ()])
        self.fetch_slots = [slot(f) if isinstance(f, SymbolicTensor) else None for f in fetches]
        self.n_slots = len(slot_of)
        if not keep_all:  # release each slot after its last reader
            keep = set(s for s in self.fetch_slots if s is not None)
            last = {}
            for i, step in enumerate(steps):
                for s in step[1]:
                    last[s] = i
            frees = [[] for _ in steps]
            for s, i in last.items():
                if s not in keep:
                    frees[i].append(s)
            for step, f in zip(steps, frees):
                step[5] = tuple(f)
        self.steps = [tuple(s) for s in steps]

    def slot(self, tensor):
        return self._slot_of[id(tensor)]

    def run(self, feed_values, slots=None):
        """Runs the plan; returns (fetched values, the slot array)."""
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
