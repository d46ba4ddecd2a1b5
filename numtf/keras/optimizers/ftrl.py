"""`tf.keras.optimizers.Ftrl`: Follow The Regularized Leader (McMahan et al., 2013), with
tf-keras's update rule, in float32:

    l2' = l2 + beta / (2 * lr)
    g' = g + 2 * l2_shrinkage * w
    n' = n + g**2
    z += g' - (n'**-p - n**-p) / lr * w                (p = learning_rate_power)
    w = (clip(z, -l1, l1) - z) / (n'**-p / lr + 2 * l2')
    n = n'

    >>> opt = tf.keras.optimizers.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01)
    >>> v = tf.Variable([1.0, 2.0])
    >>> _ = opt.apply_gradients([(tf.constant([0.5, -0.5]), v)])

One stateful op does the update ("ResourceApplyKerasFtrl"): eagerly its NumPy kernel writes
the variable and slots in place; inside a graph it is a node that does so when run.
"""
import numpy as np

from ...ops.state_ops import _apply, _bufs, _declare
from .optimizer import Optimizer

__all__ = ["Ftrl"]


def ftrl_update(var, accum, linear, g, lr, lr_power, l1, l2, l2_shrinkage, beta):
    """On arrays, in the variable's dtype (see the module docstring)."""
    f = var.dtype.type
    lr = f(lr)
    l2_reg = f(l2) + f(beta) / (f(2.0) * lr)
    grad = g + f(2 * l2_shrinkage) * var if l2_shrinkage else g
    new_accum = accum + g * g
    power = f(-lr_power)
    new_pow = np.power(new_accum, power)
    linear += grad - (new_pow - np.power(accum, power)) / lr * var
    quadratic = new_pow / lr + f(2.0) * l2_reg
    var[...] = (np.clip(linear, -f(l1), f(l1)) - linear) / quadratic
    accum[...] = new_accum


def _ftrl_kernel(grad, lr, var, accumulator, linear, learning_rate_power=-0.5, l1=0.0, l2=0.0, l2_shrinkage=0.0,
                 beta=0.0):
    ftrl_update(*_bufs(var, accumulator, linear), grad, float(lr), learning_rate_power, l1, l2, l2_shrinkage, beta)
    return ()


FTRL = _declare("ResourceApplyKerasFtrl", _ftrl_kernel)


class Ftrl(Optimizer):
    """FTRL-Proximal with L1, L2 and L2-shrinkage regularization (see the module docstring);
    slots: 'accumulator' (starting at `initial_accumulator_value`) and 'linear'.

        >>> opt = tf.keras.optimizers.Ftrl(learning_rate=0.001, learning_rate_power=-0.5,
        ...                                initial_accumulator_value=0.1, l1_regularization_strength=0.0)
    """
    _CONFIG = ("learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
               "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta")

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, jit_compile=True, name="Ftrl", **kwargs):
        self._init_builtin(locals())
        if initial_accumulator_value < 0.0:
            raise ValueError("`initial_accumulator_value` needs to be positive or zero. Received: "
                             f"initial_accumulator_value={initial_accumulator_value}.")
        if learning_rate_power > 0.0:
            raise ValueError("`learning_rate_power` needs to be negative or zero. Received: "
                             f"learning_rate_power={learning_rate_power}.")
        for arg in ("l1_regularization_strength", "l2_regularization_strength",
                    "l2_shrinkage_regularization_strength"):
            if locals()[arg] < 0.0:
                raise ValueError(f"`{arg}` needs to be positive or zero. Received: {arg}={locals()[arg]}.")

    def _slot_groups(self):
        return [[("accumulator", "_accumulators"), ("linear", "_linears")]]

    def _slot_initial(self, slot, var):
        if slot == "accumulator":
            return np.full(tuple(var.shape), self.initial_accumulator_value, var.dtype._np)
        return None

    def _hyper(self):
        return {"learning_rate_power": float(self.learning_rate_power),
                "l1": float(self.l1_regularization_strength), "l2": float(self.l2_regularization_strength),
                "l2_shrinkage": float(self.l2_shrinkage_regularization_strength), "beta": float(self.beta)}

    def update_step(self, gradient, variable):
        i = self._index_dict[id(variable)]
        _apply(FTRL, gradient, (self._lr_tensor(),), {"var": variable, "accumulator": self._accumulators[i],
                                                      "linear": self._linears[i], **self._hyper()})

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        hyper = self._hyper()
        for g, i, v in zip(grads, idxs, variables):
            _ftrl_kernel(g, lr, v, self._accumulators[i], self._linears[i], **hyper)
