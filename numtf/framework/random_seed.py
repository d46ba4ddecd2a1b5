"""Random seeds with TensorFlow's global + op seed rules (`tf.random.set_seed`).

An op's stream is chosen by the pair (global seed, op seed), as in TF:
- neither set: nondeterministic;
- global set, op seed None: the op seed is drawn from a counter the global seed restarts, so
  a program's sequence of random values is reproducible while successive calls differ (in a
  graph being built the op seed is the graph's node count, TF's `graph._last_id`);
- op seed set, global not: the global seed is `DEFAULT_GRAPH_SEED`;
- both set: the pair names one stream that advances on each eager call (TF's per-kernel
  state); `set_seed` restarts every stream, those of graph nodes included.

numtf does not reproduce TF's numbers, only these rules (and `get_seed`'s pairs, which match
TF's exactly). Streams are NumPy Generators keyed by `SeedSequence([global, op])`.

    >>> tf.random.set_seed(1); a = tf.random.uniform([2])
    >>> tf.random.set_seed(1); b = tf.random.uniform([2])
    >>> bool(tf.reduce_all(a == b))
    True
"""
import random as _pyrandom
import threading

import numpy as np

from .context import ctx

__all__ = ["set_seed", "get_seed", "rng_for", "stream_for", "stream_for_pair", "generator_of", "stateless_rng",
           "restart_graph_streams", "SeededStream", "DEFAULT_GRAPH_SEED"]

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1
_MASK64 = 2 ** 64 - 1
_STATELESS_TAG = 0x5EED  # keeps stateless streams apart from the stateful (global, op) ones
_Generator = np.random.Generator
_new_rng = np.random.default_rng
_UNSET = object()
_lock = threading.Lock()


class _State:
    global_seed = None
    op_seeds = None            # random.Random(global seed): draws op seeds, as TF's context does
    streams = {}               # (global, op) -> Generator: eager ops with an explicit op seed
    epoch = 0                  # bumped by set_seed so graph nodes' streams restart
    entropy = _new_rng()       # the nondeterministic stream


def _as_int_seed(seed):
    try:
        return int(seed)
    except (TypeError, ValueError):
        # TF accepts any hashable seed; derive a stable integer from it.
        return _pyrandom.Random(seed).getrandbits(31)


def _truncate(seed):
    return seed % _MAXINT32


def set_seed(seed):
    """Sets the global random seed; restarts every seeded random stream (`None` clears it).

        >>> tf.random.set_seed(42)
    """
    graph = ctx.graph
    if graph is not None:
        # Inside a graph build, TF sets that graph's own seed (`graph.seed`).
        graph.seed = None if seed is None else _as_int_seed(seed)
        return
    with _lock:
        if seed is None:
            _State.global_seed = None
            _State.op_seeds = None
        else:
            seed = _as_int_seed(seed)
            _State.global_seed = seed
            _State.op_seeds = _pyrandom.Random(seed)
        _State.streams = {}
        _State.epoch += 1


def _global_seed():
    graph = ctx.graph
    if graph is not None:
        seed = getattr(graph, "seed", _UNSET)
        if seed is not _UNSET:
            return seed
    return _State.global_seed


def get_seed(op_seed):
    """The (global seed, op seed) pair an op with `op_seed` uses, TF's `tf.compat.v1.get_seed`:
    `(None, None)` when neither is set. Draws from the op-seed counter when only the global
    seed is set.

        >>> tf.random.set_seed(5); get_seed(None), get_seed(3)
        ((5, 1097127993), (5, 3))
    """
    global_seed = _global_seed()
    if global_seed is None:
        if op_seed is None:
            return None, None
        global_seed = DEFAULT_GRAPH_SEED
    elif op_seed is None:
        graph = ctx.graph
        if graph is not None:
            op_seed = len(graph.nodes)
        else:
            with _lock:
                op_seed = _State.op_seeds.randint(0, _MAXINT32)
    seeds = _truncate(int(global_seed)), _truncate(_as_int_seed(op_seed))
    if seeds == (0, 0):  # (0, 0) means "nondeterministic" to TF's kernels
        seeds = (0, _MAXINT32)
    return seeds


def _seeded(seeds):
    return _new_rng([seeds[0], seeds[1]])


def rng_for(op_seed):
    """The NumPy Generator an eagerly run random op with `op_seed` draws from."""
    if op_seed is None and _State.global_seed is None and ctx.graph is None:
        return _State.entropy  # the common unseeded case, kept cheap
    seeds = get_seed(op_seed)
    if seeds[0] is None:
        return _State.entropy
    if op_seed is None:
        return _seeded(seeds)  # a fresh op seed each call: a fresh stream
    gen = _State.streams.get(seeds)
    if gen is None:
        with _lock:
            gen = _State.streams.setdefault(seeds, _seeded(seeds))
    return gen


class SeededStream:
    """The random state of one graph node: a Generator made from the node's seed pair (or from
    entropy when it has none), restarted when `set_seed` is called, as TF's kernels are."""
    __slots__ = ("seeds", "_gen", "_epoch")

    def __init__(self, seeds):
        self.seeds = seeds
        self._gen = None
        self._epoch = -1

    def generator(self):
        gen = self._gen
        if gen is None or (self.seeds is not None and self._epoch != _State.epoch):
            gen = self.restart()
        return gen

    def restart(self):
        """Starts the stream over (a new v1 Session does this for its graph's random ops)."""
        if self.seeds is None:
            self._gen = _new_rng(_State.entropy.integers(2 ** 63))
        else:
            self._gen = _seeded(self.seeds)
        self._epoch = _State.epoch
        return self._gen

    def __repr__(self):
        return f"SeededStream(seeds={self.seeds})"


def stream_for(op_seed, building=None):
    """What a random op keeps as its `rng` attr: a Generator when run eagerly, a restartable
    `SeededStream` for a node of the graph being built (`building` forces the graph case)."""
    if building or ctx.graph is not None:
        seeds = get_seed(op_seed)
        return SeededStream(None if seeds[0] is None else seeds)
    return rng_for(op_seed)


def stream_for_pair(seed, seed2, building=None):
    """The `rng` of a raw random op given its `seed` and `seed2` attrs (`tf.raw_ops.RandomUniform`):
    (0, 0) is nondeterministic; any other pair names the one stream that an op with global seed
    `seed` and op seed `seed2` uses (it advances per eager call and `set_seed` restarts it); the
    global seed is not consulted, as in TF.

        >>> stream_for_pair(1, 2) is stream_for_pair(1, 2)
        True
    """
    seeds = None if (int(seed), int(seed2)) == (0, 0) else (int(seed), int(seed2))
    if building or ctx.graph is not None:
        return SeededStream(seeds)
    if seeds is None:
        return _State.entropy
    gen = _State.streams.get(seeds)
    if gen is None:
        with _lock:
            gen = _State.streams.setdefault(seeds, _seeded(seeds))
    return gen


def generator_of(rng):
    """The Generator behind an `rng` attr (kernels call this)."""
    return rng if type(rng) is _Generator else rng.generator()


def stateless_rng(seed):
    """The Generator determined by a stateless op's seed pair (two ints, any sign)."""
    s0, s1 = (int(v) & _MASK64 for v in seed)
    return _new_rng([s0, s1, _STATELESS_TAG])


def restart_graph_streams(graph):
    """Restarts the random streams of every node of `graph` (for a new v1 Session)."""
    for node in graph.nodes:
        attrs = node.attrs
        if attrs:
            rng = attrs.get("rng")
            if isinstance(rng, SeededStream):
                rng.restart()
