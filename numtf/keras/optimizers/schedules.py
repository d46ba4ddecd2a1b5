"""`tf.keras.optimizers.schedules`: learning rates that change with the optimizer's step.

    >>> s = tf.keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    >>> float(s(10))
    0.05000000074505806

Each formula is written once over a small math adapter: eagerly (a Python/NumPy step, an eager
tensor or a variable) it runs on NumPy scalars of the schedule's dtype (float32 for Python
floats, as tf-keras's `convert_to_tensor(initial_learning_rate)` gives) and returns a Tensor;
with a symbolic step (inside a graph) the same formula is built from numtf ops.
"""
import math

import numpy as np

from ...framework.context import ctx
from ...framework.tensor import Tensor, wrap
from ...framework.variables import Variable
from ...ops.convert import convert_to_tensor

__all__ = ["LearningRateSchedule", "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay",
           "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts", "serialize", "deserialize"]


class _NumpyMath:
    """Scalars of one NumPy dtype (NEP 50 keeps Python floats from widening them)."""
    __slots__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = dtype

    def cast(self, x):
        return self.dtype._np.type(x)

    floor, ceil, cos, log = np.floor, np.ceil, np.cos, np.log
    minimum, equal = staticmethod(np.minimum), staticmethod(np.equal)

    @staticmethod
    def where(cond, a, b):
        return a if cond else b


class _TensorMath:
    """The same operations as numtf ops, for symbolic steps."""
    __slots__ = ("dtype", "tf")

    def __init__(self, dtype):
        import numtf
        self.dtype = dtype
        self.tf = numtf

    def cast(self, x):
        return self.tf.cast(x, self.dtype)

    def floor(self, x):
        return self.tf.math.floor(x)

    def ceil(self, x):
        return self.tf.math.ceil(x)

    def cos(self, x):
        return self.tf.math.cos(x)

    def log(self, x):
        return self.tf.math.log(x)

    def minimum(self, a, b):
        return self.tf.minimum(a, b)

    def equal(self, a, b):  # (not ==: a TF1 graph's tensors compare by identity)
        return self.tf.equal(a, b)

    def where(self, cond, a, b):
        return self.tf.where(cond, a, b)


def _step_value(step):
    """The step as a NumPy scalar, or None when it is symbolic (graph mode)."""
    if isinstance(step, Variable):
        return None if ctx.graph is not None else step._value[()]
    if isinstance(step, Tensor):
        return step._value[()] if type(step) is Tensor else None
    return np.asarray(step)[()]


def _value_dtype(value):
    return value.dtype if isinstance(value, (Tensor, Variable)) else convert_to_tensor(value).dtype


class LearningRateSchedule:
    """Base class of learning-rate schedules: subclasses define `__call__(step)` (returning the
    rate as a scalar tensor) and `get_config()`.

        >>> class Inverse(tf.keras.optimizers.schedules.LearningRateSchedule):
        ...     def __call__(self, step): return 0.1 / tf.cast(step + 1, tf.float32)
    """

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{self.__class__.__name__}' "
                                  "must override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(f"Learning rate schedule '{self.__class__.__name__}' "
                                  "must override `get_config()` in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _Builtin(LearningRateSchedule):
    """Runs `_compute(xm, step)` with the adapter that fits the step. The constructor arguments
    are the attributes named in `_CONFIG`, which is also what `get_config` returns."""
    _dtype_of = "initial_learning_rate"
    _CONFIG = ()

    def _set_config(self, local_vars):
        """Stores the constructor's arguments, from the `locals()` it passes (its signature is TF's)."""
        for k in self._CONFIG:
            setattr(self, k, local_vars[k])

    def __call__(self, step):
        dtype = self._dtype()
        value = _step_value(step)
        if value is None:
            return self._compute(_TensorMath(dtype), step)
        out = self._compute(_NumpyMath(dtype), value)
        return wrap(np.asarray(out, dtype._np), dtype)

    def _dtype(self):
        d = self.__dict__.get("_cached_dtype")
        if d is None:
            d = self._cached_dtype = _value_dtype(getattr(self, self._dtype_of))
        return d

    def _initial(self, xm):
        lr = self.initial_learning_rate
        if isinstance(lr, (Tensor, Variable)) and not isinstance(xm, _TensorMath):
            lr = lr.numpy()
        return xm.cast(lr)

    def get_config(self):
        return {k: getattr(self, k) for k in self._CONFIG}


class _StepDecay(_Builtin):
    """ExponentialDecay's and InverseTimeDecay's shared arguments and progress step/decay_steps."""
    _CONFIG = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self._set_config(locals())

    def _progress(self, xm, step):
        p = xm.cast(step) / xm.cast(self.decay_steps)
        return xm.floor(p) if self.staircase else p


class ExponentialDecay(_StepDecay):
    """lr0 * decay_rate ** (step / decay_steps) (the exponent floored when `staircase`).

        >>> tf.keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.96, staircase=True)
    """

    def _compute(self, xm, step):
        return self._initial(xm) * xm.cast(self.decay_rate) ** self._progress(xm, step)


class PiecewiseConstantDecay(_Builtin):
    """values[i] for boundaries[i-1] < step <= boundaries[i].

        >>> tf.keras.optimizers.schedules.PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1])
    """
    _CONFIG = ("boundaries", "values", "name")

    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of values. "
                             f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                             f"values={values} of length {len(values)}.")
        self._set_config(locals())

    def __call__(self, step):
        value = _step_value(step)
        if value is None:
            return self._symbolic(step)
        i = 0
        while i < len(self.boundaries) and value > self.boundaries[i]:
            i += 1
        return convert_to_tensor(self.values[i])

    def _symbolic(self, step):
        import numtf
        x = convert_to_tensor(step)
        out = convert_to_tensor(self.values[-1])
        for b, v in zip(reversed(self.boundaries), reversed(self.values[:-1])):
            out = numtf.where(x <= numtf.cast(b, x.dtype), convert_to_tensor(v), out)
        return out


class PolynomialDecay(_Builtin):
    """(lr0 - end) * (1 - step/decay_steps) ** power + end; `cycle` restarts past decay_steps.

        >>> tf.keras.optimizers.schedules.PolynomialDecay(0.1, 10000, end_learning_rate=0.01)
    """
    _CONFIG = ("initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name")

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name=None):
        self._set_config(locals())

    def _compute(self, xm, step):
        lr0 = self._initial(xm)
        end = xm.cast(self.end_learning_rate)
        step = xm.cast(step)
        decay_steps = xm.cast(self.decay_steps)
        if self.cycle:
            multiplier = xm.where(xm.equal(step, 0), xm.cast(1.0), xm.ceil(step / decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = xm.minimum(step, decay_steps)
        p = step / decay_steps
        return (lr0 - end) * (1 - p) ** xm.cast(self.power) + end


class InverseTimeDecay(_StepDecay):
    """lr0 / (1 + decay_rate * step / decay_steps) (the ratio floored when `staircase`).

        >>> tf.keras.optimizers.schedules.InverseTimeDecay(0.1, 1.0, 0.5)
    """

    def _compute(self, xm, step):
        return self._initial(xm) / (xm.cast(1) + xm.cast(self.decay_rate) * self._progress(xm, step))


class CosineDecay(_Builtin):
    """Cosine decay from lr0 (or from `warmup_target` after a linear warmup) down to
    alpha * that rate over `decay_steps`.

        >>> tf.keras.optimizers.schedules.CosineDecay(0.1, 1000, alpha=0.01)
    """
    _CONFIG = ("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps")

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name=None, warmup_target=None,
                 warmup_steps=0):
        self._set_config(locals())

    def _decay(self, xm, step, decay_steps, from_lr):
        cosine = 0.5 * (1.0 + xm.cos(xm.cast(math.pi) * (step / decay_steps)))
        return from_lr * ((1 - self.alpha) * cosine + self.alpha)

    def _compute(self, xm, step):
        lr0 = self._initial(xm)
        decay_steps = xm.cast(self.decay_steps)
        step = xm.cast(step)
        if self.warmup_target is None:
            return self._decay(xm, xm.minimum(step, decay_steps), decay_steps, lr0)
        target = xm.cast(self.warmup_target)
        warmup_steps = xm.cast(self.warmup_steps)
        step = xm.minimum(step, decay_steps + warmup_steps)
        warm = (target - lr0) * (step / warmup_steps) + lr0 if self.warmup_steps else lr0
        return xm.where(step < warmup_steps, warm,
                        self._decay(xm, step - warmup_steps, decay_steps, target))


class CosineDecayRestarts(_Builtin):
    """Cosine decay with warm restarts (SGDR): periods grow by `t_mul`, peaks shrink by `m_mul`.

        >>> tf.keras.optimizers.schedules.CosineDecayRestarts(0.1, 1000)
    """
    _CONFIG = ("initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha", "name")

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None):
        self._set_config(locals())

    def _compute(self, xm, step):
        lr0 = self._initial(xm)
        alpha, t_mul, m_mul = xm.cast(self.alpha), xm.cast(self.t_mul), xm.cast(self.m_mul)
        fraction = xm.cast(step) / xm.cast(self.first_decay_steps)
        if self.t_mul == 1.0:
            i_restart = xm.floor(fraction)
            fraction = fraction - i_restart
        else:
            i_restart = xm.floor(xm.log(1.0 - fraction * (1.0 - t_mul)) / xm.log(t_mul))
            sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
            fraction = (fraction - sum_r) / t_mul ** i_restart
        cosine = 0.5 * m_mul ** i_restart * (1.0 + xm.cos(xm.cast(math.pi) * fraction))
        return lr0 * ((1 - alpha) * cosine + alpha)


_BUILTINS = {c.__name__: c for c in (ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay,
                                     InverseTimeDecay, CosineDecay, CosineDecayRestarts)}


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def serialize(learning_rate_schedule, use_legacy_format=False):
    """The schedule as a JSON-compatible dict (Keras's serialization format).

        >>> tf.keras.optimizers.schedules.serialize(ExponentialDecay(0.1, 10, 0.9))['class_name']
        'ExponentialDecay'
    """
    cls = type(learning_rate_schedule)
    config = _plain(learning_rate_schedule.get_config())
    if use_legacy_format:
        return {"class_name": cls.__name__, "config": config}
    builtin = _BUILTINS.get(cls.__name__) is cls
    return {"module": "keras.optimizers.schedules" if builtin else cls.__module__,
            "class_name": cls.__name__, "config": config,
            "registered_name": None if builtin else cls.__name__}


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """Rebuilds a schedule from `serialize`'s dict (or {'class_name', 'config'}).

        >>> deserialize({'class_name': 'ExponentialDecay', 'config': {...}})
    """
    if isinstance(config, LearningRateSchedule):
        return config
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _BUILTINS.get(name)
    if cls is None:
        raise ValueError(f"Unknown learning rate schedule: '{name}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope.")
    return cls.from_config(dict(config.get("config", {})))

