"""More of `tf.compat.v1.train`: the TF1 optimizers Adadelta, Ftrl, ProximalGradientDescent and
ProximalAdagrad, and TF1's learning-rate decay functions.

The optimizers follow train.py's Optimizer (slots named '<var>/<Optimizer>', '<var>/<Optimizer>_1';
one stateful update node per variable in a graph, in-place updates eagerly). The decays return a
tensor of `global_step` in a graph and, eagerly, a function computing it (as TF1 in eager mode);
most are tf.keras's schedules evaluated at the step.

    >>> opt = tf.compat.v1.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01)
    >>> lr = tf.compat.v1.train.polynomial_decay(0.1, global_step, 10000, end_learning_rate=0.01)
"""
import math

import numpy as np

from ...framework import dtypes
from ...ops import state_ops
from ...ops.convert import convert_to_tensor
from ...keras.optimizers import ftrl as _ftrl, schedules as _schedules
from .train import AdagradOptimizer, Optimizer, _declare, _eager, _filled, _grad, _scalar, _tf

__all__ = ["exponential_decay", "AdadeltaOptimizer", "FtrlOptimizer", "ProximalGradientDescentOptimizer", "ProximalAdagradOptimizer",
           "piecewise_constant", "polynomial_decay", "natural_exp_decay", "inverse_time_decay", "cosine_decay",
           "cosine_decay_restarts", "linear_cosine_decay"]


# -- update kernels ----------------------------------------------------------------------------------
def _adadelta_kernel(grad, lr, var, accum, accum_update, rho, epsilon):
    state_ops.adadelta_update(var._writable_buffer(), accum._writable_buffer(), accum_update._writable_buffer(),
                              _grad(grad, var), float(lr), rho, epsilon)
    return ()


def _ftrl_kernel(grad, lr, var, accum, linear, lr_power, l1, l2, l2_shrinkage, beta):
    _ftrl.ftrl_update(var._writable_buffer(), accum._writable_buffer(), linear._writable_buffer(),
                      _grad(grad, var), float(lr), lr_power, l1, l2, l2_shrinkage, beta)
    return ()


def _proximal_step(v, g, lr, l1, l2):
    """v = prox(v - lr*g): soft-threshold by lr*l1, then shrink by 1 + lr*l2 (`lr` may be an array)."""
    prox = v - lr * g
    if l1 > 0:
        prox = np.sign(prox) * np.maximum(np.abs(prox) - lr * l1, 0)
    v[...] = prox / (1 + lr * l2)


def _proximal_gd_kernel(grad, lr, var, l1, l2):
    v = var._writable_buffer()
    f = v.dtype.type
    _proximal_step(v, _grad(grad, var), f(lr), f(l1), f(l2))
    return ()


def _proximal_adagrad_kernel(grad, lr, var, accum, l1, l2):
    v, a, g = var._writable_buffer(), accum._writable_buffer(), _grad(grad, var)
    f = v.dtype.type
    a += g * g
    _proximal_step(v, g, f(lr) / np.sqrt(a), f(l1), f(l2))
    return ()


_ADADELTA = _declare("ResourceApplyAdadelta", _adadelta_kernel)
_FTRL = _declare("ResourceApplyFtrlV2", _ftrl_kernel)
_PROXIMAL_GD = _declare("ResourceApplyProximalGradientDescent", _proximal_gd_kernel)
_PROXIMAL_ADAGRAD = _declare("ResourceApplyProximalAdagrad", _proximal_adagrad_kernel)


# -- optimizers --------------------------------------------------------------------------------------
class _LearningRateOnly(Optimizer):
    """An optimizer whose only tensor hyperparameter is its learning rate (`self._lr`)."""

    def _prepare(self, eager):
        return {"lr": self._hyper(self._lr, eager, "learning_rate")}


class AdadeltaOptimizer(_LearningRateOnly):
    """accum = rho*accum + (1-rho)*g^2; update = sqrt(accum_update + eps) / sqrt(accum + eps) * g;
    accum_update = rho*accum_update + (1-rho)*update^2; var -= lr * update.

        >>> tf.compat.v1.train.AdadeltaOptimizer(learning_rate=1.0, rho=0.95)
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _slot_names(self):
        return ["accum", "accum_update"]

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum")
            self._zeros_slot(v, "accum_update")

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_ADADELTA, (grad, hyper["lr"]),
                          {"var": var, "accum": self.get_slot(var, "accum"),
                           "accum_update": self.get_slot(var, "accum_update"), "rho": _scalar(self._rho),
                           "epsilon": _scalar(self._epsilon)}, graph)


class FtrlOptimizer(_LearningRateOnly):
    """FTRL-Proximal with TF's update (tf.keras.optimizers.Ftrl's rule; `beta` None is 0).

        >>> tf.compat.v1.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01)
    """

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0, beta=None):
        checks = (("learning_rate_power", learning_rate_power > 0, "negative or zero"),
                  ("initial_accumulator_value", initial_accumulator_value < 0, "positive or zero"),
                  ("l1_regularization_strength", l1_regularization_strength < 0, "positive or zero"),
                  ("l2_regularization_strength", l2_regularization_strength < 0, "positive or zero"),
                  ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength < 0,
                   "positive or zero"))
        for arg, bad, rule in checks:
            if bad:
                raise ValueError(f"{arg} {locals()[arg]:f} needs to be {rule}")
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._initial = initial_accumulator_value
        self._hyper_args = {"lr_power": float(learning_rate_power), "l1": float(l1_regularization_strength),
                            "l2": float(l2_regularization_strength),
                            "l2_shrinkage": float(l2_shrinkage_regularization_strength),
                            "beta": 0.0 if beta is None else float(beta)}
        self._accum_name, self._linear_name = accum_name, linear_name

    def _slot_names(self):
        return ["accum", "linear"]

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot_variable(v, _filled(self._initial), "accum")
            self._zeros_slot(v, "linear")

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_FTRL, (grad, hyper["lr"]),
                          {"var": var, "accum": self.get_slot(var, "accum"), "linear": self.get_slot(var, "linear"),
                           **self._hyper_args}, graph)


class ProximalGradientDescentOptimizer(_LearningRateOnly):
    """var = prox(var - lr*g) with L1 (soft threshold lr*l1) and L2 (shrink by 1 + lr*l2).

        >>> tf.compat.v1.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.01)
    """

    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._lr, self._l1, self._l2 = learning_rate, l1_regularization_strength, l2_regularization_strength

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_PROXIMAL_GD, (grad, hyper["lr"]),
                          {"var": var, "l1": _scalar(self._l1), "l2": _scalar(self._l2)}, graph)


class ProximalAdagradOptimizer(AdagradOptimizer):
    """accum += g^2; var = prox(var - lr/sqrt(accum) * g), L1/L2 as ProximalGradientDescent with
    the per-element step lr/sqrt(accum). Adagrad's accumulator slot and checks.

        >>> tf.compat.v1.train.ProximalAdagradOptimizer(0.1, l2_regularization_strength=0.01)
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        super().__init__(learning_rate, initial_accumulator_value, use_locking, name)
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_PROXIMAL_ADAGRAD, (grad, hyper["lr"]),
                          {"var": var, "accum": self.get_slot(var, "accumulator"), "l1": _scalar(self._l1),
                           "l2": _scalar(self._l2)}, graph)


# -- learning-rate decays ------------------------------------------------------------------------------
def _decay(global_step, compute):
    """A tensor of `compute(step)` in a graph; eagerly the function computing it (TF1's eager form)."""
    if _eager():
        return lambda: compute(_step(global_step))
    return compute(_step(global_step))


def _step(global_step):
    if global_step is None:
        raise ValueError("None values not supported.")  # TF's conversion error
    return global_step


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """lr * decay_rate ** (step / decay_steps) (the ratio floored with `staircase`).

        >>> lr = tf.compat.v1.train.exponential_decay(0.1, global_step, 1000, 0.96)
    """
    return _decay(global_step, _schedules.ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase))


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[1] while x <= boundaries[1], ... values[-1] after.

        >>> lr = tf.compat.v1.train.piecewise_constant(global_step, [1000, 2000], [0.1, 0.05, 0.01])
    """
    schedule = _schedules.PiecewiseConstantDecay(boundaries, values)
    return _decay(x, schedule)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(lr - end) * (1 - step/decay_steps)^power + end (decay_steps stretched by cycles with `cycle`)."""
    schedule = _schedules.PolynomialDecay(learning_rate, decay_steps, end_learning_rate, power, cycle)
    return _decay(global_step, schedule)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """lr * exp(-decay_rate * step / decay_steps) (the ratio floored with `staircase`)."""
    schedule = _schedules.ExponentialDecay(learning_rate, decay_steps, math.exp(-decay_rate), staircase)
    return _decay(global_step, schedule)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """lr / (1 + decay_rate * step / decay_steps) (the ratio floored with `staircase`)."""
    schedule = _schedules.InverseTimeDecay(learning_rate, decay_steps, decay_rate, staircase)
    return _decay(global_step, schedule)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    schedule = _schedules.CosineDecay(learning_rate, decay_steps, alpha)
    return _decay(global_step, schedule)


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          name=None):
    """Cosine decay with warm restarts (SGDR): periods grow by t_mul, restart peaks by m_mul."""
    schedule = _schedules.CosineDecayRestarts(learning_rate, first_decay_steps, t_mul, m_mul, alpha)
    return _decay(global_step, schedule)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001,
                        name=None):
    """lr * ((alpha + linear) * cosine + beta) with linear = (decay_steps - step') / decay_steps and
    cosine = 0.5 * (1 + cos(pi * 2 * num_periods * step' / decay_steps)), step' = min(step, decay_steps)."""
    def compute(step):
        tf = _tf()
        lr = convert_to_tensor(learning_rate, dtype=dtypes.float32)
        steps = float(decay_steps)
        s = tf.minimum(tf.cast(step, dtypes.float32), steps)
        linear = (steps - s) / steps
        cosine = 0.5 * (1.0 + tf.cos(math.pi * 2.0 * num_periods * s / steps))
        return lr * ((alpha + linear) * cosine + beta)
    return _decay(global_step, compute)
