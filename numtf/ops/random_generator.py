"""`tf.random.Generator`: an explicit random stream (`from_seed`, `normal`, `uniform`, `split`, ...),
and the global generator (`tf.random.get_global_generator`).

As for numtf's other random ops (DESIGN.md), the contract is the distributions, shapes and
dtypes and reproducibility under numtf's seeds, not TF's numbers: a generator made
`from_seed(s)` draws the same values every time, and each draw advances it. The stream is a
NumPy Philox generator; `state` is an int64 variable of shape [3] (TF's Philox state) that
counts the draws. Draws inside a tf.function run when the graph runs (a stateful node), so two
calls give different values, as in TF.

    >>> g = tf.random.Generator.from_seed(1)
    >>> g.normal([2, 3]).shape
    TensorShape([2, 3])
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.tensor import wrap
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from .script_ops import numpy_function

__all__ = []  # public names live in tf.random

PHILOX = 1
_MASK64 = (1 << 64) - 1


def _shape(shape):
    if hasattr(shape, "numpy"):
        shape = shape.numpy()
    return tuple(int(d) for d in np.ravel(shape)) if np.ndim(shape) else ((int(shape),) if shape != () else ())


class Generator:
    """A random number generator with its own state (see `tf.random.Generator`)."""

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            self._seed = copy_from._seed
            self._rng = np.random.Generator(np.random.Philox())
            self._rng.bit_generator.state = copy_from._rng.bit_generator.state
            self._draws = copy_from._draws
        else:
            key = 0 if state is None else int(np.ravel(np.asarray(state, np.int64))[-1]) & _MASK64
            self._reset(key)
        self._state = Variable(np.zeros([3], np.int64), trainable=False, name="StateVar")
        self._sync_state()

    # -- construction ----------------------------------------------------------------------------
    @classmethod
    def from_seed(cls, seed, alg=None):
        g = cls.__new__(cls)
        g._reset(int(seed) & _MASK64)
        g._state = Variable(np.zeros([3], np.int64), trainable=False, name="StateVar")
        g._sync_state()
        return g

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        return cls.from_seed(int(np.random.SeedSequence().entropy) & _MASK64, alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        return cls.from_seed(int(np.ravel(key)[0]) ^ (int(np.ravel(counter)[0]) << 1), alg)

    def _reset(self, seed):
        self._seed = seed
        self._rng = np.random.Generator(np.random.Philox(key=seed))
        self._draws = 0

    def reset_from_seed(self, seed):
        """Restarts the stream as `from_seed(seed)` would."""
        self._reset(int(seed) & _MASK64)
        self._sync_state()

    def _sync_state(self):
        self._state.assign(np.array([self._draws, 0, self._seed & ((1 << 63) - 1)], np.int64))

    # -- properties ------------------------------------------------------------------------------
    @property
    def state(self):
        return self._state

    @property
    def algorithm(self):
        return PHILOX

    @property
    def key(self):
        return self._state[-1]

    # -- drawing ---------------------------------------------------------------------------------
    def _draw(self, shape, dtype, sample):
        """`sample(rng, shape)` as a tensor of `dtype`: now when eager; when the graph runs otherwise."""
        shape, dtype = _shape(shape), dtypes.as_dtype(dtype)

        def kernel():
            self._draws += 1
            return np.asarray(sample(self._rng, shape)).astype(dtype.as_numpy_dtype)
        if ctx.graph is None:
            out = wrap(kernel(), dtype)
            self._sync_state()
            return out
        out = numpy_function(kernel, [], dtype, stateful=True)
        out.set_shape(TensorShape(shape))
        return out

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        return self._draw(shape, dtype, lambda r, s: r.normal(mean, stddev, s))

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        def sample(r, s):
            out = r.standard_normal(s)
            bad = np.abs(out) > 2.0
            while bad.any():  # redraw outside two standard deviations
                out[bad] = r.standard_normal(int(bad.sum()))
                bad = np.abs(out) > 2.0
            return out * stddev + mean
        return self._draw(shape, dtype, sample)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer:
            if maxval is None:
                if minval is None or minval == 0:
                    raise ValueError("Must specify maxval for integer dtype " + dtype.name)
            return self._draw(shape, dtype, lambda r, s: r.integers(minval, maxval, s))
        hi = 1.0 if maxval is None else maxval
        return self._draw(shape, dtype, lambda r, s: r.uniform(minval, hi, s))

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        dtype = dtypes.as_dtype(dtype)
        info = np.iinfo(dtype.as_numpy_dtype)
        return self._draw(shape, dtype, lambda r, s: r.integers(info.min, info.max, s, dtype=dtype.as_numpy_dtype,
                                                                  endpoint=True))

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None):
        return self._draw(shape, dtype, lambda r, s: r.binomial(np.asarray(counts, np.int64), np.asarray(probs), s))

    def make_seeds(self, count=1):
        """int64 seeds of shape [2, count] for the stateless random ops."""
        return self._draw([2, count], dtypes.int64, lambda r, s: r.integers(0, 1 << 62, s))

    def split(self, count=1):
        """`count` new generators, each seeded from this one (which advances)."""
        seeds = np.asarray(self.make_seeds(count))
        return [Generator.from_seed(int(seeds[0, i]) ^ (int(seeds[1, i]) << 1)) for i in range(count)]

    def skip(self, delta):
        self._rng.bit_generator.advance(int(delta))
        self._sync_state()


_global = [None]


def get_global_generator():
    """The global generator (created from a nondeterministic state on first use)."""
    if _global[0] is None:
        _global[0] = Generator.from_non_deterministic_state()
    return _global[0]


def set_global_generator(generator):
    """Replaces the global generator."""
    _global[0] = generator
