"""Packed small variables for a grouped optimizer step: one update over all of them at once.

An optimizer step costs ~12 NumPy calls per variable whatever its size, so a model's biases and
other small weights cost as much as its big kernels (the handbook MLP's Adam: four variables,
three of them 1,110 floats together). A pack keeps the small variables' values, and their slot
variables', as views into one flat buffer each; the step then gathers their gradients into one
flat array and runs the update once over all of them. Elementwise updates give the same bits
either way.

The views stay valid only while nothing else holds them: a variable whose buffer was replaced
(an assign of another shape, copy on write because a tensor read from it is still alive) or is
shared falls out of the buffer, and the pack is rebuilt from the variables' current values before
the update, as Variable._writable_buffer would copy.

    >>> pack = UpdatePack([(b1, m1, v1), (b2, m2, v2)])
    >>> var, m, v = pack.buffers(); g = pack.gather([g1, g2])   # then one update of var, m, v
"""
import sys

import numpy as np

from ..framework.variables import Variable

_refcount = sys.getrefcount


def packable(variables, limit):
    """Whether a step's (var, slot, ...) may join a pack: plain float variables of one dtype, each
    smaller than `limit` elements, none missing (`variables` None: a step that cannot)."""
    if variables is None or any(v is None or type(v) is not Variable for v in variables):
        return False
    first = variables[0]._value
    return (first.size < limit and first.dtype.kind == "f"
            and all(v._value.dtype == first.dtype and v._value.shape == first.shape for v in variables))


def partition(targets, limit):
    """(singles, packs): indices of `targets` (each step's variables, or None) updated one by one,
    and groups of indices (two or more packable targets, under `limit` elements in all) updated as one."""
    singles, packs, current, size = [], [], [], 0
    for i, t in enumerate(targets):
        if not packable(t, limit):
            singles.append(i)
            continue
        n = t[0]._value.size
        if current and (size + n >= limit or t[0]._value.dtype != targets[current[0]][0]._value.dtype):
            packs.append(current)
            current, size = [], 0
        current.append(i)
        size += n
    packs.append(current)
    for group in [g for g in packs if len(g) < 2]:
        packs.remove(group)
        singles.extend(group)
    return sorted(singles), packs


class UpdatePack:
    """Flat buffers behind the variables of several updates: `members` lists each update's
    variables (the variable, then its slots), all of one dtype."""

    def __init__(self, members):
        self.members = [tuple(m) for m in members]
        self.flats = None
        self.grad = None

    def _valid(self):
        flats = self.flats
        if flats is None:
            return False
        for j in range(len(flats)):  # (not enumerate: its cached result tuple holds a reference)
            flat = flats[j]
            # the list's + the local + getrefcount's argument + one base reference per member view
            if _refcount(flat) != 3 + len(self.members):
                return False
            for member in self.members:
                view = member[j]._value
                if view.base is not flat or _refcount(view) != 3:  # the variable's + local + argument
                    return False
        return True

    def _pack(self):
        dtype = self.members[0][0]._value.dtype
        sizes = [m[0]._value.size for m in self.members]
        offsets = np.cumsum([0] + sizes)
        flats = []
        for j in range(len(self.members[0])):
            flat = np.empty(offsets[-1], dtype)
            for member, a, b in zip(self.members, offsets[:-1], offsets[1:]):
                variable = member[j]
                flat[a:b] = variable._value.reshape(-1)
                variable._value = flat[a:b].reshape(variable._value.shape)
            flats.append(flat)
        self.flats = flats
        self.grad = np.empty(offsets[-1], dtype)

    def buffers(self):
        """The flat buffers (one per variable slot), packing the members' values first if needed."""
        if not self._valid():
            self._pack()
        return self.flats

    def gather(self, grads):
        """The members' gradients as one flat array, or None when one does not fit its variable."""
        parts = []
        for g, member in zip(grads, self.members):
            if type(g) is not np.ndarray or g.shape != member[0]._value.shape or g.dtype != self.grad.dtype:
                return None
            parts.append(g.reshape(-1))
        return np.concatenate(parts, out=self.grad)
