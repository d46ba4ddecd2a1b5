"""`tf.keras.optimizers.legacy`: the Keras 2.0-2.10 (OptimizerV2) optimizers.

They share the update kernels of the current optimizers and add what the old API had: `lr=`
and `decay=` (lr / (1 + decay * iterations)), `clipnorm`/`clipvalue`/`global_clipnorm` as
keyword arguments, the old variable names ('Adam/iter:0', 'Adam/dense/kernel/m:0') and config.

    >>> opt = tf.keras.optimizers.legacy.SGD(lr=0.1, momentum=0.9, decay=1e-4)

Legacy SGD and Adam (and Adamax, Adadelta) follow the old numerics; the legacy RMSprop without
momentum and Adagrad place epsilon slightly differently in TensorFlow (outside the square root)
and here use the current rule, which differs only when the accumulators are near epsilon.
"""
import warnings

import numpy as np

from ...framework.context import ctx
from ...framework.variables import Variable
from ...ops.convert import convert_to_tensor
from . import adam as _adam, sgd as _sgd
from .optimizer import Optimizer as _Base, _init_scope
from .schedules import LearningRateSchedule, deserialize as _deserialize_schedule

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"]

_ALLOWED = ("clipnorm", "clipvalue", "lr", "decay", "global_clipnorm")


class Optimizer(_Base):
    """Base class of the legacy optimizers (Keras's OptimizerV2)."""
    _LEGACY_SLOTS = {}   # current slot name -> legacy slot name
    _LEGACY_CONFIG = ()  # hyperparameters in the legacy config, after name/learning_rate/decay
    _DECAYS_LR = True
    decay = 0.0

    def _legacy_kwargs(self, kwargs, default_decay=0.0):
        """Validates OptimizerV2's keyword arguments; returns those the base class takes."""
        for k, v in kwargs.items():
            if k not in _ALLOWED:
                raise TypeError(f"Unexpected keyword argument passed to optimizer: {k}. Allowed kwargs are "
                                f"{set(_ALLOWED)}.")
            if v is not None and not isinstance(v, LearningRateSchedule) and not callable(v) and v < 0:
                raise ValueError(f"Expected {k} >= 0, received: {v}")
        if "lr" in kwargs:
            warnings.warn("The `lr` argument is deprecated, use `learning_rate` instead.", stacklevel=3)
        self.decay = float(kwargs.pop("decay", default_decay))
        return kwargs

    def _create_iteration_variable(self):
        with _init_scope():
            self._iterations = Variable(0, name=f"{self.name}/iter", dtype="int64", trainable=False)
        self._variables.append(self._iterations)

    def _process_kwargs(self, kwargs):
        lr = kwargs.pop("lr", None)
        if lr is not None:
            self._lr_alias = lr
        super()._process_kwargs(kwargs)

    def _slot_name(self, slot, variable):
        return f"{variable.name.rsplit(':', 1)[0]}/{self._LEGACY_SLOTS.get(slot, slot)}"

    def _create_slots(self, var_list):
        # OptimizerV2 creates one slot kind for all variables before the next kind.
        for group in self._slot_groups():
            for slot, attr in group:
                slots = [self.add_variable_from_reference(v, slot, initial_value=self._slot_initial(slot, v))
                         for v in var_list]
                setattr(self, attr, slots)

    def _decayed(self, lr):
        if not self._DECAYS_LR or self.decay <= 0.0:
            return lr
        f32 = np.float32
        return float(f32(lr) / (f32(1) + f32(self.decay) * f32(self._iterations._value)))

    def _current_lr_value(self):
        return self._decayed(super()._current_lr_value())

    def _lr_tensor(self):
        if ctx.graph is None:
            return self._current_lr_value()
        lr = convert_to_tensor(self.learning_rate)
        if not self._DECAYS_LR or self.decay <= 0.0:
            return lr
        import numtf as tf
        return lr / (1.0 + self.decay * tf.cast(self._iterations, lr.dtype))

    def _decayed_lr(self, var_dtype):
        """The learning rate after `decay`, as a tensor of `var_dtype`."""
        from ...ops.array_ops import cast
        return cast(convert_to_tensor(self._current_lr_value()), var_dtype)

    @property
    def weights(self):
        return list(self._variables)

    def get_weights(self):
        return [v.numpy() for v in self._variables]

    def get_config(self):
        config = {"name": self.name, "learning_rate": self._serialize_hyperparameter(self._learning_rate),
                  "decay": self.decay}
        config.update({k: getattr(self, k) for k in self._LEGACY_CONFIG})
        for k in ("clipnorm", "global_clipnorm", "clipvalue"):
            if getattr(self, k) is not None:
                config[k] = getattr(self, k)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "lr" in config:
            config["learning_rate"] = config.pop("lr")
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _deserialize_schedule(config["learning_rate"], custom_objects=custom_objects)
        return cls(**config)


class SGD(Optimizer, _sgd.SGD):
    """Legacy SGD: `tf.keras.optimizers.legacy.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)`.

        >>> tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9)
    """
    _LEGACY_SLOTS = {"m": "momentum"}
    _LEGACY_CONFIG = ("momentum", "nesterov")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        kwargs = self._legacy_kwargs(kwargs)
        _sgd.SGD.__init__(self, learning_rate=learning_rate, momentum=momentum, nesterov=nesterov, name=name,
                          **kwargs)

    def _slot_groups(self):
        return [[("m", "momentums")]] if self.momentum else []


class Adam(Optimizer, _adam.Adam):
    """Legacy Adam.

        >>> tf.keras.optimizers.legacy.Adam(lr=0.001, decay=1e-4)
    """
    _LEGACY_CONFIG = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, name="Adam",
                 **kwargs):
        kwargs = self._legacy_kwargs(kwargs)
        _adam.Adam.__init__(self, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                            amsgrad=amsgrad, name=name, **kwargs)


class RMSprop(Optimizer, _sgd.RMSprop):
    """Legacy RMSprop.

        >>> tf.keras.optimizers.legacy.RMSprop(lr=0.001, rho=0.9)
    """
    _LEGACY_SLOTS = {"velocity": "rms", "average_gradient": "mg"}
    _LEGACY_CONFIG = ("rho", "momentum", "epsilon", "centered")

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False, name="RMSprop",
                 **kwargs):
        kwargs = self._legacy_kwargs(kwargs)
        _sgd.RMSprop.__init__(self, learning_rate=learning_rate, rho=rho, momentum=momentum, epsilon=epsilon,
                              centered=centered, name=name, **kwargs)


class Adagrad(Optimizer, _sgd.Adagrad):
    """Legacy Adagrad.

        >>> tf.keras.optimizers.legacy.Adagrad(lr=0.01)
    """
    _LEGACY_CONFIG = ("initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07, name="Adagrad", **kwargs):
        kwargs = self._legacy_kwargs(kwargs)
        _sgd.Adagrad.__init__(self, learning_rate=learning_rate, initial_accumulator_value=initial_accumulator_value,
                              epsilon=epsilon, name=name, **kwargs)


class Adadelta(Optimizer, _sgd.Adadelta):
    """Legacy Adadelta.

        >>> tf.keras.optimizers.legacy.Adadelta(lr=1.0)
    """
    _LEGACY_SLOTS = {"accumulated_grad": "accum_grad", "accumulated_delta_var": "accum_var"}
    _LEGACY_CONFIG = ("rho", "epsilon")

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-07, name="Adadelta", **kwargs):
        kwargs = self._legacy_kwargs(kwargs)
        _sgd.Adadelta.__init__(self, learning_rate=learning_rate, rho=rho, epsilon=epsilon, name=name, **kwargs)


class Adamax(Optimizer, _adam.Adamax):
    """Legacy Adamax.

        >>> tf.keras.optimizers.legacy.Adamax(lr=0.002)
    """
    _LEGACY_SLOTS = {"u": "v"}
    _LEGACY_CONFIG = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, name="Adamax", **kwargs):
        kwargs = self._legacy_kwargs(kwargs)
        _adam.Adamax.__init__(self, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                              name=name, **kwargs)


class Nadam(Optimizer, _adam.Nadam):
    """Legacy Nadam: `decay` (alias `schedule_decay`, default 0.004) scales the momentum schedule
    and does not decay the learning rate.

        >>> tf.keras.optimizers.legacy.Nadam(lr=0.002)
    """
    _LEGACY_CONFIG = ("beta_1", "beta_2", "epsilon")
    _DECAYS_LR = False

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, name="Nadam", **kwargs):
        if "schedule_decay" in kwargs:
            kwargs["decay"] = kwargs.pop("schedule_decay")
        kwargs = self._legacy_kwargs(kwargs, default_decay=0.004)
        if isinstance(kwargs.get("lr", learning_rate), LearningRateSchedule):
            raise ValueError("The Nadam optimizer does not support tf.keras.optimizers.LearningRateSchedules as "
                             "the learning rate.")
        self._SCHEDULE_DECAY = self.decay
        _adam.Nadam.__init__(self, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                             name=name, **kwargs)
