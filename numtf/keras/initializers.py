"""`tf.keras.initializers` (and TF's `tf.zeros_initializer` family): callables (shape, dtype).

Unseeded random initializers draw from numtf's random ops, so `tf.random.set_seed` makes them
reproducible; a seeded initializer gives the same values on every call, as in tf-keras.

    >>> tf.keras.initializers.Constant(2.)((2,)).numpy()
    array([2., 2.], dtype=float32)
"""
import math

import numpy as np

from ..framework import dtypes
from ..ops import array_ops
from ..ops.convert import constant as _constant


def _dtype(dtype):
    from . import backend
    return dtypes.as_dtype(dtype or backend.floatx())


class Initializer:
    """Base class: `__call__(shape, dtype=None)` returns a tensor; `get_config` its arguments."""

    def __call__(self, shape, dtype=None, **kwargs):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("dtype", None)
        return cls(**config)


class Zeros(Initializer):
    def __call__(self, shape, dtype=None, **kwargs):
        return array_ops.zeros(shape, _dtype(dtype))


class Ones(Initializer):
    def __call__(self, shape, dtype=None, **kwargs):
        return array_ops.ones(shape, _dtype(dtype))


class Constant(Initializer):
    """Fills with `value` (a scalar, or an array of exactly the requested shape)."""

    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None, **kwargs):
        value = np.asarray(self.value.numpy() if hasattr(self.value, "numpy") else self.value)
        shape = tuple(shape)
        if value.size != 1 and value.shape != shape:
            if value.size == int(np.prod(shape)):
                value = value.reshape(shape)
            else:
                raise TypeError(f"Constant initializer: value of shape {value.shape} does not fit the "
                                f"requested shape {shape}")
        return _constant(np.broadcast_to(value, shape).astype(_dtype(dtype).as_numpy_dtype), _dtype(dtype))

    def get_config(self):
        v = self.value
        return {"value": v.tolist() if isinstance(v, np.ndarray) else v}


class _Random(Initializer):
    def __init__(self, seed=None):
        self.seed = seed
        self._calls = 0

    def _rng(self):
        # Seeded: the same values every call. Unseeded: numtf's global seed rules.
        if self.seed is not None:
            return np.random.default_rng(self.seed)
        from ..framework import random_seed
        return random_seed.rng_for(None)

    def get_config(self):
        return {"seed": self.seed}


class RandomUniform(_Random):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None, **kwargs):
        d = _dtype(dtype)
        rng = self._rng()
        if d.is_integer:
            arr = rng.integers(self.minval, self.maxval, size=tuple(shape)).astype(d.as_numpy_dtype)
        else:
            arr = rng.uniform(self.minval, self.maxval, size=tuple(shape)).astype(d.as_numpy_dtype)
        return _constant(arr, d)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class RandomNormal(_Random):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None, **kwargs):
        d = _dtype(dtype)
        arr = self._rng().normal(self.mean, self.stddev, size=tuple(shape))
        return _constant(arr.astype(d.as_numpy_dtype), d)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


def _truncated(rng, shape, mean, stddev):
    out = rng.standard_normal(size=shape)
    bad = np.abs(out) > 2
    while bad.any():  # redraw beyond two standard deviations, as TF does
        out[bad] = rng.standard_normal(size=int(bad.sum()))
        bad = np.abs(out) > 2
    return out * stddev + mean


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None, **kwargs):
        d = _dtype(dtype)
        arr = _truncated(self._rng(), tuple(shape), self.mean, self.stddev)
        return _constant(arr.astype(d.as_numpy_dtype), d)


def _fans(shape):
    shape = tuple(shape)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[:-2]))
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(_Random):
    """Draws with variance scale / fan (fan_in, fan_out or their average)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        if scale <= 0.0:
            raise ValueError(f"`scale` must be positive. Received: scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution}")
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None, **kwargs):
        d = _dtype(dtype)
        fan_in, fan_out = _fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        rng = self._rng()
        shape = tuple(shape)
        if self.distribution == "truncated_normal":
            # 0.879... is the stddev of a unit normal truncated to [-2, 2]
            arr = _truncated(rng, shape, 0.0, math.sqrt(scale) / 0.87962566103423978)
        elif self.distribution == "untruncated_normal":
            arr = rng.normal(0.0, math.sqrt(scale), size=shape)
        else:
            limit = math.sqrt(3.0 * scale)
            arr = rng.uniform(-limit, limit, size=shape)
        return _constant(arr.astype(d.as_numpy_dtype), d)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed}


def _variance_scaling_class(name, scale, mode, distribution):
    def __init__(self, seed=None):
        VarianceScaling.__init__(self, scale, mode, distribution, seed)

    def get_config(self):
        return {"seed": self.seed}

    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config,
                                           "__doc__": f"VarianceScaling({scale}, {mode!r}, {distribution!r})."})


GlorotUniform = _variance_scaling_class("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _variance_scaling_class("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeUniform = _variance_scaling_class("HeUniform", 2.0, "fan_in", "uniform")
HeNormal = _variance_scaling_class("HeNormal", 2.0, "fan_in", "truncated_normal")
LecunUniform = _variance_scaling_class("LecunUniform", 1.0, "fan_in", "uniform")
LecunNormal = _variance_scaling_class("LecunNormal", 1.0, "fan_in", "truncated_normal")


class Orthogonal(_Random):
    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None, **kwargs):
        d = _dtype(dtype)
        shape = tuple(shape)
        if len(shape) < 2:
            raise ValueError(f"The tensor to initialize must be at least two-dimensional. Received: shape={shape}")
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        a = self._rng().standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return _constant((self.gain * q[:rows, :cols]).reshape(shape).astype(d.as_numpy_dtype), d)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed}


class Identity(Initializer):
    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None, **kwargs):
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices. Received: shape={tuple(shape)}")
        d = _dtype(dtype)
        return _constant((self.gain * np.eye(*shape)).astype(d.as_numpy_dtype), d)

    def get_config(self):
        return {"gain": self.gain}


_CLASSES = {c.__name__: c for c in (Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal,
                                     VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal,
                                     LecunUniform, LecunNormal, Orthogonal, Identity)}
_ALIASES = {"zeros": Zeros, "zero": Zeros, "ones": Ones, "one": Ones, "constant": Constant,
            "uniform": RandomUniform, "random_uniform": RandomUniform, "normal": RandomNormal,
            "random_normal": RandomNormal, "truncated_normal": TruncatedNormal,
            "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "he_uniform": HeUniform,
            "he_normal": HeNormal, "lecun_uniform": LecunUniform, "lecun_normal": LecunNormal,
            "orthogonal": Orthogonal, "identity": Identity, "variance_scaling": VarianceScaling}
# snake-case function aliases: tf.keras.initializers.glorot_uniform() etc.
zeros, ones, constant = Zeros, Ones, Constant
glorot_uniform, glorot_normal, he_uniform, he_normal = GlorotUniform, GlorotNormal, HeUniform, HeNormal
lecun_uniform, lecun_normal, orthogonal, identity = LecunUniform, LecunNormal, Orthogonal, Identity
random_uniform, random_normal, truncated_normal = RandomUniform, RandomNormal, TruncatedNormal
variance_scaling = VarianceScaling


def get(identifier):
    """An initializer from a name, class, instance, config dict or callable."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier) or _CLASSES.get(identifier)
        if cls is None:
            raise ValueError(f"Unknown initializer: '{identifier}'. Please ensure you are using a "
                             "`keras.utils.custom_object_scope` and that this object is included in the scope.")
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")


def serialize(initializer):
    return {"module": "keras.initializers", "class_name": type(initializer).__name__,
            "config": initializer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _CLASSES.get(name) or _ALIASES.get(name)
    if cls is None:
        raise ValueError(f"Unknown initializer: '{name}'")
    return cls.from_config(config.get("config", {}))
