"""`tf.keras.optimizers.Adafactor` (Shazeer & Stern, 2018), with tf-keras's update rule, in float32.
For a variable of rank >= 2 the second moment is factored into row and column statistics
r (shape[:-1]) and c (shape[:-2] + shape[-1:]); smaller variables keep a full v:

    t = iterations + 1;  rho = min(lr, 1 / sqrt(t));  alpha = max(epsilon_2, rms(w)) * rho
    b = 1 - t ** beta_2_decay;  G = g**2 + epsilon_1
    r = b*r + (1-b)*mean(G, -1);  c = b*c + (1-b)*mean(G, -2);  v = (r / mean(r, -1)) outer c
    (rank < 2: v = b*v + (1-b)*G)
    u = g / sqrt(v);  w -= alpha * u / max(1, rms(u) / clip_threshold)

`relative_step` caps the learning rate at 1 / sqrt(t); the step above already does, so it does
not change the result (as in tf-keras).

    >>> opt = tf.keras.optimizers.Adafactor(learning_rate=0.01)
    >>> v = tf.Variable(tf.ones([2, 3]))
    >>> _ = opt.apply_gradients([(tf.fill([2, 3], 0.5), v)])
"""

import numpy as np

from ...framework.variables import Variable
from ...ops.state_ops import _apply, _bufs, _declare
from .optimizer import Optimizer, _init_scope

__all__ = ["Adafactor"]


def _rms(x):
    return np.sqrt(np.mean(np.square(x)))


def adafactor_update(var, r, c, v, g, lr, step, beta_2_decay, epsilon_1, epsilon_2, clip_threshold):
    """On arrays (r and c are None for a variable of rank < 2)."""
    f = var.dtype.type
    t = f(step)
    rho = min(f(lr), f(1.0) / np.sqrt(t))
    alpha = max(f(epsilon_2), _rms(var)) * rho
    grad_sq = np.square(g) + f(epsilon_1)
    b = f(1.0) - np.power(t, f(beta_2_decay))
    if r is not None:
        r *= b
        r += (f(1.0) - b) * np.mean(grad_sq, axis=-1)
        c *= b
        c += (f(1.0) - b) * np.mean(grad_sq, axis=-2)
        v[...] = np.expand_dims(r / np.mean(r, axis=-1, keepdims=True), -1) * np.expand_dims(c, -2)
    else:
        v *= b
        v += (f(1.0) - b) * grad_sq
    u = g * (f(1.0) / np.sqrt(v))
    u /= max(f(1.0), _rms(u) / f(clip_threshold))
    var -= alpha * u


def _adafactor_kernel(grad, lr, step, var, r, c, v, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                      clip_threshold=1.0):
    adafactor_update(*_bufs(var, r, c, v), grad, float(lr), float(step), beta_2_decay, epsilon_1, epsilon_2,
                     clip_threshold)
    return ()


ADAFACTOR = _declare("ResourceApplyKerasAdafactor", _adafactor_kernel)


class Adafactor(Optimizer):
    """Adam-like steps with a factored second moment (memory O(rows + columns) per matrix) and
    update clipping (see the module docstring). Variables: 'r/<var>' and 'c/<var>' for rank >= 2,
    'v/<var>' for every variable.

        >>> opt = tf.keras.optimizers.Adafactor(learning_rate=0.001, beta_2_decay=-0.8, clip_threshold=1.0)
    """
    _CONFIG = ("beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold", "relative_step")

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3, clip_threshold=1.0,
                 relative_step=True, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True, name="Adafactor",
                 **kwargs):
        self._init_builtin(locals())

    def build(self, var_list):
        """Creates r and c (rank >= 2) and v for each variable, in that order per variable."""
        if getattr(self, "_built", False):
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in self._var_list:
            base = var.name.rsplit(":", 1)[0]
            shape = tuple(var.shape)
            if len(shape) < 2:
                # tf-keras keeps int32 placeholders here, outside the optimizer's variables
                with _init_scope():
                    self._r.append(Variable(0, name=f"r/{base}", trainable=False))
                    self._c.append(Variable(0, name=f"c/{base}", trainable=False))
            else:
                self._r.append(self.add_variable(shape[:-1], dtype=var.dtype, name=f"r/{base}"))
                self._c.append(self.add_variable(shape[:-2] + shape[-1:], dtype=var.dtype, name=f"c/{base}"))
            self._v.append(self.add_variable_from_reference(var, "v"))
        self._built = True

    def _slots(self, i, variable):
        factored = len(variable.shape) >= 2
        return (self._r[i] if factored else None), (self._c[i] if factored else None), self._v[i]

    def _hyper(self):
        return {"beta_2_decay": float(self.beta_2_decay), "epsilon_1": float(self.epsilon_1),
                "epsilon_2": float(self.epsilon_2), "clip_threshold": float(self.clip_threshold)}

    def update_step(self, gradient, variable):
        r, c, v = self._slots(self._index_dict[id(variable)], variable)
        _apply(ADAFACTOR, gradient, (self._lr_tensor(), self._step_tensor()),
               {"var": variable, "r": r, "c": c, "v": v, **self._hyper()})

    _FUSED_FOR = update_step

    def _fused_update(self, grads, idxs, variables, lr, step):
        hyper = self._hyper()
        for g, i, var in zip(grads, idxs, variables):
            _adafactor_kernel(g, lr, step, var, *self._slots(i, var), **hyper)


