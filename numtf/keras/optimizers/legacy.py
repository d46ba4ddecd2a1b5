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
from . import adam as _adam, ftrl as _ftrl, sgd as _sgd
from .optimizer import Optimizer as _Base, _constructor_args, _init_scope
from .schedules import LearningRateSchedule

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl"]

_ALLOWED = ("clipnorm", "clipvalue", "lr", "decay", "global_clipnorm")


class Optimizer(_Base):
    """Base class of the legacy optimizers (Keras's OptimizerV2)."""
    _LEGACY_SLOTS = {}  # current slot name -> legacy slot name
    _DECAYS_LR = True
    _DEFAULT_DECAY = 0.0
    _IGNORES_LR = False  # legacy Ftrl warns about `lr=` and keeps `learning_rate` (tf-keras does so)
    decay = 0.0

    def _legacy_init(self, local_vars):
        """The legacy constructors (each passes its `locals()`): validates OptimizerV2's keyword
        arguments, then runs the current algorithm's constructor (the class after this one in the
        MRO) with the named arguments and the keywords it also takes (clipnorm, lr, ...)."""
        args, kwargs = _constructor_args(local_vars)
        for k, v in kwargs.items():
            if k not in _ALLOWED:
                raise TypeError(f"Unexpected keyword argument passed to optimizer: {k}. Allowed kwargs are "
                                f"{set(_ALLOWED)}.")
            if v is not None and not isinstance(v, LearningRateSchedule) and not callable(v) and v < 0:
                raise ValueError(f"Expected {k} >= 0, received: {v}")
        if "lr" in kwargs:
            warnings.warn("The `lr` argument is deprecated, use `learning_rate` instead.", stacklevel=3)
            if self._IGNORES_LR:
                kwargs.pop("lr")
        self.decay = float(kwargs.pop("decay", self._DEFAULT_DECAY))
        self._legacy_check(kwargs.get("lr", args["learning_rate"]))
        super(Optimizer, self).__init__(**args, **kwargs)

    def _legacy_check(self, learning_rate):
        """Legacy Nadam's extra checks, once `decay` is known."""

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

    def _decays(self):
        return self._DECAYS_LR and self.decay > 0.0

    def _current_lr_value(self):
        lr = super()._current_lr_value()
        if not self._decays():
            return lr
        f32 = np.float32
        return float(f32(lr) / (f32(1) + f32(self.decay) * f32(self._iterations._value)))

    def _lr_tensor(self):
        lr = super()._lr_tensor()  # eagerly: `_current_lr_value` above, decayed already
        if ctx.graph is None or not self._decays():
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
        config.update({k: getattr(self, k) for k in self._CONFIG or ()})
        for k in ("clipnorm", "global_clipnorm", "clipvalue"):
            if getattr(self, k) is not None:
                config[k] = getattr(self, k)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "lr" in config:
            config["learning_rate"] = config.pop("lr")
        return super().from_config(config, custom_objects=custom_objects)


class SGD(Optimizer, _sgd.SGD):
    """Legacy SGD: `tf.keras.optimizers.legacy.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)`.

        >>> tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9)
    """
    _LEGACY_SLOTS = {"m": "momentum"}

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        self._legacy_init(locals())

    def _slot_groups(self):
        return [[("m", "momentums")]] if self.momentum else []


class Adam(Optimizer, _adam.Adam):
    """Legacy Adam.

        >>> tf.keras.optimizers.legacy.Adam(lr=0.001, decay=1e-4)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, name="Adam",
                 **kwargs):
        self._legacy_init(locals())


class RMSprop(Optimizer, _sgd.RMSprop):
    """Legacy RMSprop.

        >>> tf.keras.optimizers.legacy.RMSprop(lr=0.001, rho=0.9)
    """
    _LEGACY_SLOTS = {"velocity": "rms", "average_gradient": "mg"}

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False, name="RMSprop",
                 **kwargs):
        self._legacy_init(locals())


class Adagrad(Optimizer, _sgd.Adagrad):
    """Legacy Adagrad.

        >>> tf.keras.optimizers.legacy.Adagrad(lr=0.01)
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07, name="Adagrad", **kwargs):
        self._legacy_init(locals())


class Adadelta(Optimizer, _sgd.Adadelta):
    """Legacy Adadelta.

        >>> tf.keras.optimizers.legacy.Adadelta(lr=1.0)
    """
    _LEGACY_SLOTS = {"accumulated_grad": "accum_grad", "accumulated_delta_var": "accum_var"}

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-07, name="Adadelta", **kwargs):
        self._legacy_init(locals())


class Adamax(Optimizer, _adam.Adamax):
    """Legacy Adamax.

        >>> tf.keras.optimizers.legacy.Adamax(lr=0.002)
    """
    _LEGACY_SLOTS = {"u": "v"}

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, name="Adamax", **kwargs):
        self._legacy_init(locals())


class Nadam(Optimizer, _adam.Nadam):
    """Legacy Nadam: `decay` (alias `schedule_decay`, default 0.004) scales the momentum schedule
    and does not decay the learning rate.

        >>> tf.keras.optimizers.legacy.Nadam(lr=0.002)
    """
    _DECAYS_LR = False
    _DEFAULT_DECAY = 0.004

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, name="Nadam", **kwargs):
        if "schedule_decay" in kwargs:
            kwargs["decay"] = kwargs.pop("schedule_decay")
        self._legacy_init(locals())

    def _legacy_check(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule):
            raise ValueError("The Nadam optimizer does not support tf.keras.optimizers.LearningRateSchedules as "
                             "the learning rate.")
        self._SCHEDULE_DECAY = self.decay  # the momentum schedule's scale, fixed at construction


class Ftrl(Optimizer, _ftrl.Ftrl):
    """Legacy FTRL-Proximal (slots 'accumulator' and 'linear').

        >>> tf.keras.optimizers.legacy.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01)
    """
    _IGNORES_LR = True

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, name="Ftrl",
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):
        self._legacy_init(locals())
