"""SGD (momentum, Nesterov), RMSprop, Adagrad and Adadelta, with tf-keras's update rules.

    >>> opt = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    >>> opt.apply_gradients(zip(grads, model.trainable_variables))

As in adam.py, each class declares its slots (`_slot_groups`) and config keys (`_CONFIG`); the
constructors pass their arguments to `Optimizer._init_builtin`.
"""
import numpy as np

from ...ops import state_ops
from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with optional (Nesterov) momentum:
    m = momentum*m - lr*g; w += m (Nesterov: w += momentum*m - lr*g).

        >>> tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    """
    _CONFIG = ("momentum", "nesterov")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="SGD", **kwargs):
        self._init_builtin(locals())
        if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
            raise ValueError("`momentum` must be between [0, 1].")

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


class RMSprop(Optimizer):
    """Divides the gradient by a running root mean square of its recent values
    (with optional momentum, and `centered` by the running mean).

        >>> tf.keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9)
    """
    _CONFIG = ("rho", "momentum", "epsilon", "centered")

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=100, jit_compile=True, name="RMSprop", **kwargs):
        self._init_builtin(locals())

    def _build_state(self):
        self._momentums = []  # the slots' lists exist (empty) without momentum / centering, as in tf-keras
        self._average_gradients = []

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


class Adagrad(Optimizer):
    """Per-parameter learning rates scaled by the accumulated squared gradients.

        >>> tf.keras.optimizers.Adagrad(learning_rate=0.01, initial_accumulator_value=0.1)
    """
    _CONFIG = ("initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Adagrad", **kwargs):
        self._init_builtin(locals())

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


class Adadelta(Optimizer):
    """Adapts step sizes from running averages of squared gradients and squared updates.

        >>> tf.keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95)
    """
    _CONFIG = ("rho", "epsilon")

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-07, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Adadelta", **kwargs):
        self._init_builtin(locals())

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
