"""Adam (AMSGrad), AdamW, Adamax and Nadam, with tf-keras's update rules (epsilon 1e-7).

    >>> opt = tf.keras.optimizers.Adam(learning_rate=1e-3)
    >>> opt.apply_gradients(zip(grads, model.trainable_variables))

Each class declares its slots (`_slot_groups`) and config keys (`_CONFIG`); the constructors pass
their arguments to `Optimizer._init_builtin`, and `build`/`get_config` are the base class's.
"""
from ...ops import state_ops
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adaptive moment estimation: m, v running averages of g and g**2, bias-corrected.

        >>> tf.keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)
    """
    _CONFIG = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, adaptive_epsilon=False,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True, name="Adam",
                 **kwargs):
        self._init_builtin(locals())

    def _slot_groups(self):
        groups = [[("m", "_momentums"), ("v", "_velocities")]]
        if self.amsgrad:
            groups.append([("vhat", "_velocity_hats")])
        return groups

    def update_step(self, gradient, variable):
        i = self._index_dict[id(variable)]
        state_ops.resource_apply_adam(variable, self._momentums[i], self._velocities[i], gradient, self._lr_tensor(),
                                      self._step_tensor(), self.beta_1, self.beta_2, self.epsilon,
                                      vhat=self._velocity_hats[i] if self.amsgrad else None,
                                      adaptive_epsilon=self.adaptive_epsilon)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        beta_1, beta_2 = float(self.beta_1), float(self.beta_2)
        alpha, eps = state_ops.adam_coefficients(lr, step, beta_1, beta_2, float(self.epsilon),
                                                 self.adaptive_epsilon)
        ms, vs = self._momentums, self._velocities
        vhats = self._velocity_hats if self.amsgrad else None
        update = state_ops.adam_update
        for g, i, var in zip(grads, idxs, variables):
            update(var._writable_buffer(), ms[i]._writable_buffer(), vs[i]._writable_buffer(),
                   None if vhats is None else vhats[i]._writable_buffer(), g, alpha, beta_1, beta_2, eps, step=step)


class AdamW(Adam):
    """Adam with decoupled weight decay (w -= lr * weight_decay * w before each update).

        >>> tf.keras.optimizers.AdamW(learning_rate=0.001, weight_decay=0.004)
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-07,
                 amsgrad=False, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True, name="AdamW", **kwargs):
        if weight_decay is None:
            raise ValueError("Missing value of `weight_decay` which is required and must be a float value.")
        self._init_builtin(locals())
        self.adaptive_epsilon = False  # Adam's argument, not one of AdamW's

    _FUSED_FOR = Adam.update_step


class Adamax(Optimizer):
    """Adam with the infinity norm: u = max(beta_2*u, |g|).

        >>> tf.keras.optimizers.Adamax(learning_rate=0.001)
    """
    _CONFIG = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Adamax", **kwargs):
        self._init_builtin(locals())

    def _slot_groups(self):
        return [[("m", "_m"), ("u", "_u")]]

    def update_step(self, gradient, variable):
        i = self._index_dict[id(variable)]
        state_ops.resource_apply_adamax(variable, self._m[i], self._u[i], gradient, self._lr_tensor(),
                                        self._step_tensor(), self.beta_1, self.beta_2, self.epsilon)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        beta_1, beta_2, eps = float(self.beta_1), float(self.beta_2), float(self.epsilon)
        one_minus_b1p = state_ops.adamax_coefficients(step, beta_1)
        for g, i, var in zip(grads, idxs, variables):
            state_ops.adamax_update(var._writable_buffer(), self._m[i]._writable_buffer(),
                                    self._u[i]._writable_buffer(), g, lr, beta_1, beta_2, eps, one_minus_b1p)


class Nadam(Optimizer):
    """Adam with Nesterov momentum (tf-keras's momentum schedule, decay base 0.96).

        >>> tf.keras.optimizers.Nadam(learning_rate=0.001)
    """
    _CONFIG = ("beta_1", "beta_2", "epsilon")
    _SCHEDULE_DECAY = 1.0  # the legacy Nadam scales the schedule's exponent by its `decay`

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Nadam", **kwargs):
        self._init_builtin(locals())

    def _build_state(self):
        self._u_product = state_ops.NadamState(self._SCHEDULE_DECAY)

    def _slot_groups(self):
        return [[("m", "_momentums"), ("v", "_velocities")]]

    def update_step(self, gradient, variable):
        i = self._index_dict[id(variable)]
        state_ops.resource_apply_nadam(variable, self._momentums[i], self._velocities[i], gradient,
                                       self._lr_tensor(), self._step_tensor(), self._u_product, self.beta_1,
                                       self.beta_2, self.epsilon)

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        coeffs = state_ops.nadam_coefficients(self._u_product, lr, step, float(self.beta_1), float(self.beta_2))
        eps = float(self.epsilon)
        for g, i, var in zip(grads, idxs, variables):
            state_ops.nadam_update(var._writable_buffer(), self._momentums[i]._writable_buffer(),
                                   self._velocities[i]._writable_buffer(), g, lr, coeffs, eps)
