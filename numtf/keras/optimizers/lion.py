"""`tf.keras.optimizers.Lion`: EvoLved Sign Momentum (Chen et al., 2023), with tf-keras's
update rule (the step is the sign of an interpolation of momentum and gradient):

    w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
    m = beta_2 * m + (1 - beta_2) * g

    >>> opt = tf.keras.optimizers.Lion(learning_rate=1e-4)
    >>> v = tf.Variable([1.0, 2.0])
    >>> _ = opt.apply_gradients([(tf.constant([0.5, -0.5]), v)])
    >>> v.numpy()
    array([0.9999, 2.0001], dtype=float32)
"""
import numpy as np

from ...ops.state_ops import _apply, _bufs, _declare
from .optimizer import Optimizer

__all__ = ["Lion"]


def lion_update(var, m, g, lr, beta_1, beta_2):
    """On arrays, in the variable's dtype."""
    f = var.dtype.type
    direction = np.sign(m * f(beta_1) + g * f(1.0 - beta_1))
    var -= f(lr) * direction
    m *= f(beta_2)
    m += g * f(1.0 - beta_2)


def _lion_kernel(grad, lr, var, m, beta_1=0.9, beta_2=0.99):
    lion_update(*_bufs(var, m), grad, float(lr), beta_1, beta_2)
    return ()


LION = _declare("ResourceApplyKerasLion", _lion_kernel)


class Lion(Optimizer):
    """Sign-of-momentum updates of size `learning_rate` (typically 3-10x smaller than Adam's);
    slot: 'm'.

        >>> opt = tf.keras.optimizers.Lion(learning_rate=1e-4, beta_1=0.9, beta_2=0.99)
    """
    _CONFIG = ("beta_1", "beta_2")

    def __init__(self, learning_rate=0.0001, beta_1=0.9, beta_2=0.99, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Lion", **kwargs):
        self._init_builtin(locals())
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(f"`beta_1`={beta_1} must be between ]0, 1]. Otherwise, the optimizer degenerates "
                             "to SignSGD.")

    def _slot_groups(self):
        return [[("m", "_momentums")]]

    def update_step(self, gradient, variable):
        m = self._momentums[self._index_dict[id(variable)]]
        _apply(LION, gradient, (self._lr_tensor(),), {"var": variable, "m": m, "beta_1": float(self.beta_1),
                                                      "beta_2": float(self.beta_2)})

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        beta_1, beta_2 = float(self.beta_1), float(self.beta_2)
        for g, i, v in zip(grads, idxs, variables):
            _lion_kernel(g, lr, v, self._momentums[i], beta_1, beta_2)
