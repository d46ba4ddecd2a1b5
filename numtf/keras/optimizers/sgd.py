"""SGD (momentum, Nesterov), RMSprop, Adagrad and Adadelta, with tf-keras's update rules.

    >>> opt = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    >>> opt.apply_gradients(zip(grads, model.trainable_variables))
"""
import numpy as np

from ...ops import state_ops
from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional (Nesterov) momentum:
    m = momentum*m - lr*g; w += m (Nesterov: w += momentum*m - lr*g).

        >>> tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="SGD", **kwargs):
        super().__init__(name=name, weight_decay=weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
                         global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency, jit_compile=jit_compile, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.momentum = momentum
        self.nesterov = nesterov
        if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
            raise ValueError("`momentum` must be between [0, 1].")

    def build(self, var_list):
        super().build(var_list)
        if getattr(self, "_built", False):
            return
        self._create_slots(var_list)
        self._built = True

    def _slot_groups(self):
        return [[("m", "momentums")]]

    momentums = None

    def update_step(self, gradient, variable):
        m = None if self.momentums is None else self.momentums[self._index_dict[id(variable)]]
        state_ops.resource_apply_gradient_descent(variable, m, gradient, self._lr_tensor(), self.momentum,
                                                  self.nesterov)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        momentums, momentum, nesterov = self.momentums, float(self.momentum), self.nesterov
        for g, i, v in zip(grads, idxs, variables):
            m = None if momentums is None else momentums[i]._writable_buffer()
            state_ops.sgd_update(v._writable_buffer(), m, g, lr, momentum, nesterov)

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter(self._learning_rate),
                       "momentum": self.momentum, "nesterov": self.nesterov})
        return config


class RMSprop(Optimizer):
    """Divides the gradient by a running root mean square of its recent values
    (with optional momentum, and `centered` by the running mean).

        >>> tf.keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9)
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=100, jit_compile=True, name="RMSprop", **kwargs):
        super().__init__(name=name, weight_decay=weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
                         global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency, jit_compile=jit_compile, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        super().build(var_list)
        if getattr(self, "_built", False):
            return
        self._built = True
        self._momentums = []
        self._average_gradients = []
        self._create_slots(var_list)

    def _slot_groups(self):
        groups = [[("velocity", "_velocities")]]
        if self.momentum > 0:
            groups.append([("momentum", "_momentums")])
        if self.centered:
            groups.append([("average_gradient", "_average_gradients")])
        return groups

    def _slots_of(self, i):
        mom = self._momentums[i] if self.momentum > 0 else None
        avg = self._average_gradients[i] if self.centered else None
        return self._velocities[i], mom, avg

    def update_step(self, gradient, variable):
        vel, mom, avg = self._slots_of(self._index_dict[id(variable)])
        state_ops.resource_apply_rmsprop(variable, vel, gradient, self._lr_tensor(), self.rho, self.momentum,
                                         self.epsilon, momentum_slot=mom, average_gradient=avg)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        rho, eps, momentum = float(self.rho), float(self.epsilon), float(self.momentum)
        for g, i, v in zip(grads, idxs, variables):
            vel, mom, avg = self._slots_of(i)
            state_ops.rmsprop_update(v._writable_buffer(), vel._writable_buffer(),
                                     None if mom is None else mom._writable_buffer(),
                                     None if avg is None else avg._writable_buffer(), g, lr, rho, eps, momentum)

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter(self._learning_rate), "rho": self.rho,
                       "momentum": self.momentum, "epsilon": self.epsilon, "centered": self.centered})
        return config


class Adagrad(Optimizer):
    """Per-parameter learning rates scaled by the accumulated squared gradients.

        >>> tf.keras.optimizers.Adagrad(learning_rate=0.01, initial_accumulator_value=0.1)
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Adagrad", **kwargs):
        super().__init__(name=name, weight_decay=weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
                         global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency, jit_compile=jit_compile, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        if getattr(self, "_built", False):
            return
        self._built = True
        self._create_slots(var_list)

    def _slot_groups(self):
        return [[("accumulator", "_accumulators")]]

    def _slot_initial(self, slot, var):
        return np.full(tuple(var.shape), self.initial_accumulator_value, var.dtype._np)

    def update_step(self, gradient, variable):
        acc = self._accumulators[self._index_dict[id(variable)]]
        state_ops.resource_apply_adagrad(variable, acc, gradient, self._lr_tensor(), self.epsilon)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        accumulators, eps = self._accumulators, float(self.epsilon)
        for g, i, v in zip(grads, idxs, variables):
            state_ops.adagrad_update(v._writable_buffer(), accumulators[i]._writable_buffer(), g, lr, eps)

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter(self._learning_rate),
                       "initial_accumulator_value": self.initial_accumulator_value, "epsilon": self.epsilon})
        return config


class Adadelta(Optimizer):
    """Adapts step sizes from running averages of squared gradients and squared updates.

        >>> tf.keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95)
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-07, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Adadelta", **kwargs):
        super().__init__(name=name, weight_decay=weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
                         global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency, jit_compile=jit_compile, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        if getattr(self, "_built", False):
            return
        self._built = True
        self._create_slots(var_list)

    def _slot_groups(self):
        return [[("accumulated_grad", "_accumulated_grads"), ("accumulated_delta_var", "_accumulated_delta_vars")]]

    def update_step(self, gradient, variable):
        i = self._index_dict[id(variable)]
        state_ops.resource_apply_adadelta(variable, self._accumulated_grads[i], self._accumulated_delta_vars[i],
                                          gradient, self._lr_tensor(), self.rho, self.epsilon)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        acc_g, acc_d = self._accumulated_grads, self._accumulated_delta_vars
        rho, eps = float(self.rho), float(self.epsilon)
        for g, i, v in zip(grads, idxs, variables):
            state_ops.adadelta_update(v._writable_buffer(), acc_g[i]._writable_buffer(), acc_d[i]._writable_buffer(),
                                      g, lr, rho, eps)

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter(self._learning_rate), "rho": self.rho,
                       "epsilon": self.epsilon})
        return config
