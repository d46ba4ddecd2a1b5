"""TF1 initializers (`tf.compat.v1.zeros_initializer`, `glorot_uniform_initializer`, ...).

TF1's signature: the dtype is a constructor argument, and `__call__(shape, dtype=None,
partition_info=None)`. They are built from numtf ops, so in a graph the initial value is a node
computed when the variable's initializer runs (a random one draws anew in every Session).

    >>> w = tf.compat.v1.get_variable('w', [3, 2], initializer=tf.compat.v1.glorot_uniform_initializer())
"""
import math
import sys

import numpy as np

from ...framework import dtypes
from ...ops.convert import constant

__all__ = ["Initializer", "zeros_initializer", "ones_initializer", "constant_initializer",
           "random_normal_initializer", "random_uniform_initializer", "truncated_normal_initializer",
           "variance_scaling_initializer", "glorot_uniform_initializer", "glorot_normal_initializer",
           "he_normal", "he_uniform", "lecun_normal", "lecun_uniform", "uniform_unit_scaling_initializer"]


def _tf():
    return sys.modules["numtf"]  # the public ops, looked up when called


def _random():
    return _tf().random


class Initializer:
    """Base class of TF1 initializers."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _dtype(self, dtype):
        return self.dtype if dtype is None else dtypes.as_dtype(dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class zeros_initializer(Initializer):  # noqa: N801 - TF's class names
    """Zeros."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return _tf().zeros(shape, self._dtype(dtype))


class ones_initializer(Initializer):  # noqa: N801
    """Ones."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return _tf().ones(shape, self._dtype(dtype))


class constant_initializer(Initializer):  # noqa: N801
    """`value` (a scalar, or a list/array of exactly shape's size, reshaped)."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        super().__init__(dtype)
        self.value = value
        self.verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        dtype = self._dtype(dtype)
        value = np.asarray(self.value.numpy() if hasattr(self.value, "numpy") else self.value)
        shape = tuple(int(d) for d in shape)
        size = int(np.prod(shape))
        if value.size == 1:
            arr = np.full(shape, value.reshape(()), dtype=dtype._np)
        elif value.size == size:
            arr = value.astype(dtype._np).reshape(shape)
        else:
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor {value.tolist()} "
                            f"(converted from {self.value}) has {value.size} elements, but got `shape` "
                            f"{shape} with {size} elements).")
        return constant(arr, dtype)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name, "verify_shape": self.verify_shape}


class random_normal_initializer(Initializer):  # noqa: N801
    """Normal(mean, stddev)."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return _random().normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class truncated_normal_initializer(random_normal_initializer):  # noqa: N801
    """Normal(mean, stddev) redrawn beyond two standard deviations."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return _random().truncated_normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class random_uniform_initializer(Initializer):  # noqa: N801
    """Uniform[minval, maxval)."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        maxval = self.maxval if self.maxval is not None else (1.0 if dtype.is_floating else None)
        return _random().uniform(shape, self.minval, maxval, dtype, seed=self.seed)


def _fans(shape):
    shape = tuple(int(d) for d in shape)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class variance_scaling_initializer(Initializer):  # noqa: N801
    """Samples scaled by the fan: stddev = sqrt(scale / n) (TF1's defaults: fan_in, truncated normal)."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=dtypes.float32):
        if scale <= 0.0:
            raise ValueError("`scale` must be positive float.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode}")
        distribution = distribution.lower()
        if distribution not in ("normal", "uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution}")
        super().__init__(dtype)
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        random = _random()
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / .87962566103423978  # stddev of a unit normal cut at +-2
            return random.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random.normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random.uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "dtype": self.dtype.name}


class glorot_uniform_initializer(variance_scaling_initializer):  # noqa: N801
    """Uniform within +-sqrt(6 / (fan_in + fan_out)) (get_variable's default)."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)


class glorot_normal_initializer(variance_scaling_initializer):  # noqa: N801
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out))."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)


def he_normal(seed=None):
    """Truncated normal with stddev sqrt(2 / fan_in).

        >>> tf.compat.v1.initializers.he_normal(seed=1)
    """
    return variance_scaling_initializer(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None):
    """Uniform within +-sqrt(6 / fan_in).

        >>> tf.compat.v1.initializers.he_uniform()
    """
    return variance_scaling_initializer(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed=None):
    """Truncated normal with stddev sqrt(1 / fan_in).

        >>> tf.compat.v1.initializers.lecun_normal()
    """
    return variance_scaling_initializer(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None):
    """Uniform within +-sqrt(3 / fan_in).

        >>> tf.compat.v1.initializers.lecun_uniform()
    """
    return variance_scaling_initializer(1.0, "fan_in", "uniform", seed)


class uniform_unit_scaling_initializer(Initializer):  # noqa: N801
    """Uniform within +-sqrt(3 / fan_in) * factor."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.factor, self.seed = factor, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        fan_in = int(np.prod(tuple(shape)[:-1])) if len(tuple(shape)) > 1 else int(np.prod(tuple(shape)) or 1)
        limit = math.sqrt(3.0 / max(1, fan_in)) * self.factor
        return _random().uniform(shape, -limit, limit, self._dtype(dtype), seed=self.seed)
