"""`tf.GradientTape`: records eagerly executed ops and differentiates through them.

    >>> x = tf.Variable(3.0)
    >>> with tf.GradientTape() as tape:
    ...     y = tf.square(x)
    >>> tape.gradient(y, x)
    <tf.Tensor: shape=(), dtype=float32, numpy=6.0>
"""
import enum
import logging
import weakref

from ..framework.context import ctx
from ..framework.tensor import Tensor
from ..framework.variables import Variable
from ..ops.registry import OpRecord, primitive, defgrad, tracks
from ..util import nest
from .backprop import backward, is_float_dtype

log = logging.getLogger("tensorflow")
_weakref = weakref.ref


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


# Reading a variable on a tape is recorded as this op, so a variable is a source like a tensor.
READ = primitive("TapeVariableRead", lambda v: v, infer=lambda ins, attrs: [(ins[0].shape, ins[0].dtype)],
                 grad=lambda node, g: g)


class GradientTape:
    """Records operations for automatic differentiation (see `tf.GradientTape`)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._records = []
        self._ids = {}        # id -> object for every tracked tensor/variable (keeps ids valid)
        self._watched_vars = {}
        self._used = False
        self._active = False
        self._entered = False  # a tape never entered has recorded nothing: TF refuses to use it

    # -- recording ----------------------------------------------------------------------
    def __enter__(self):
        if self._active:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an already-active tape.")
        self._push()
        return self

    def __exit__(self, *exc):
        self._pop()
        return False

    def _push(self):
        self._active = True
        self._entered = True
        ctx.tapes = ctx.tapes + (self,)

    def _pop(self):
        self._active = False
        ctx.tapes = tuple(t for t in ctx.tapes if t is not self)

    def watch(self, tensor):
        """Ensures `tensor` (a tensor, variable, or nested structure of them) is traced."""
        for t in nest.flatten(tensor):
            if not isinstance(t, (Tensor, Variable)):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not tf.Tensor or "
                                 "tf.Variable or ExtensionType.")
            if not is_float_dtype(t.dtype):
                log.warning("The dtype of the watched tensor must be floating (e.g. tf.float32), got %r", t.dtype)
            self._ids[id(t)] = t
            if isinstance(t, Variable):
                self._watched_vars[id(t)] = t

    def _variable_read(self, var, tensor):
        ids = self._ids
        if not tracks(ids, var):
            if not (self._watch_accessed and var.trainable):
                return
            ids[id(var)] = var
            self._watched_vars[id(var)] = var
        ref = _weakref(tensor)
        self._records.append(OpRecord(READ, (var,), (ref,), None, True))
        ids[id(tensor)] = ref

    def stop_recording(self):
        """Context manager that temporarily pauses recording on this tape."""
        return _StopRecording(self)

    def reset(self):
        """Clears everything recorded so far."""
        self._records = []
        self._ids = {}
        self._watched_vars = {}

    def watched_variables(self):
        return tuple(self._watched_vars.values())

    # -- differentiating ----------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(target)/d(sources), with the structure of `sources`. Non-scalar targets are summed."""
        self._check_usable()
        if self._active and self._persistent:
            log.warning("Calling GradientTape.gradient on a persistent tape inside its context is "
                        "significantly less efficient than calling it outside the context.")
        unconnected = _unconnected(unconnected_gradients)
        flat_sources = nest.flatten(sources)
        for s in flat_sources:
            if not isinstance(s, (Tensor, Variable)):
                raise ValueError(f"GradientTape.gradient: sources must be tensors or variables, got {s!r}")
        grads = self._gradient(nest.flatten(target), flat_sources, output_gradients)
        self._consume()
        if unconnected is UnconnectedGradients.ZERO:
            from ..ops.creation_ops import zeros_like
            grads = [zeros_like(s) if g is None else g for s, g in zip(flat_sources, grads)]
        return nest.pack_sequence_as(sources, grads)

    def _gradient(self, targets, sources, output_gradients):
        from ..ops.creation_ops import ones_like
        from ..ops.convert import convert_to_tensor
        # (TF logs these two at verbose level only: by default just `watch` warns about integers)
        for t in targets:
            if not is_float_dtype(t.dtype):
                log.debug("The dtype of the target tensor must be floating (e.g. tf.float32) when "
                          "calling GradientTape.gradient, got %r", t.dtype)
        for s in sources:
            if not is_float_dtype(s.dtype):
                log.debug("The dtype of the source tensor must be floating (e.g. tf.float32) when "
                          "calling GradientTape.gradient, got %r", s.dtype)
        if output_gradients is None:
            seeds = [None] * len(targets)
        else:
            seeds = [None if g is None else convert_to_tensor(g) for g in nest.flatten(output_gradients)]
            if len(seeds) != len(targets):
                raise ValueError("output_gradients must have the same structure as target")
        was_active = self._active
        if was_active:  # the tape does not record its own backward pass
            self._pop()
        try:
            seeds = [ones_like(t) if g is None else g for t, g in zip(targets, seeds)]
            grads = backward(self._records, targets, seeds, sources)
        finally:
            if was_active:
                self._push()
        # A source the tape never tracked (an unwatched constant that merely feeds a recorded op)
        # gets no gradient, as in TF; a source that is itself a target always gets its seed.
        ids = self._ids
        target_ids = {id(t) for t in targets}
        return [g if g is None or (is_float_dtype(s.dtype) and (isinstance(s, Variable) or tracks(ids, s)
                                                                 or id(s) in target_ids)) else None
                for s, g in zip(sources, grads)]

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """J[i..., j...] = d target[i...] / d source[j...], for each source (same structure)."""
        from ..ops import array_ops
        self._check_usable()
        flat_sources = nest.flatten(sources)
        target = array_ops._as_tensor(target)
        n = target.shape.num_elements()
        rows = [[] for _ in flat_sources]
        connected = [False] * len(flat_sources)
        for i in range(n):  # one backward pass per target element
            seed = array_ops.reshape(array_ops.one_hot(i, n, dtype=target.dtype), target.shape)
            for k, (s, g) in enumerate(zip(flat_sources, self._gradient([target], flat_sources, [seed]))):
                connected[k] = connected[k] or g is not None
                rows[k].append(array_ops.zeros_like(s) if g is None else g)
        zero = _unconnected(unconnected_gradients) is UnconnectedGradients.ZERO
        out = []
        for s, r, c in zip(flat_sources, rows, connected):
            shape = list(target.shape) + list(s.shape)
            if not c and not zero:
                out.append(None)
            elif not r:
                out.append(array_ops.zeros(shape, dtype=s.dtype))
            else:
                out.append(array_ops.reshape(array_ops.stack(r), shape))
        self._consume()
        return nest.pack_sequence_as(sources, out)

    def _check_usable(self):
        if self._used and not self._persistent or not self._entered:  # (TF's text for both)
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set "
                               "of gradients (or jacobians)")

    def _consume(self):
        if not self._persistent:
            self._used = True
            self._records, self._ids = [], {}

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """J[b, i..., j...] = d target[b, i...] / d source[b, j...] for batch-independent rows."""
        from ..ops import array_ops
        self._check_usable()
        target = array_ops._as_tensor(target)
        tshape = target.shape.as_list()
        b, m = tshape[0], 1
        for d in tshape[1:]:
            m *= d
        cols = []
        for j in range(m):
            seed = array_ops.reshape(
                array_ops.tile(array_ops.reshape(array_ops.one_hot(j, m, dtype=target.dtype), [1, m]), [b, 1]),
                tshape)
            g = self._gradient([target], [source], [seed])[0]
            cols.append(array_ops.zeros_like(source) if g is None else g)
        self._consume()
        j = array_ops.stack(cols, axis=1)
        return array_ops.reshape(j, [b] + tshape[1:] + list(source.shape)[1:])



def _unconnected(value):
    """`unconnected_gradients` as an UnconnectedGradients ('none'/'zero' or the enum)."""
    try:
        return UnconnectedGradients(value)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None


class _StopRecording:
    __slots__ = ("_tape", "_was")

    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        self._was = self._tape._active
        if self._was:
            self._tape._pop()

    def __exit__(self, *exc):
        if self._was:
            self._tape._push()
        return False


defgrad(READ, READ.grad)
