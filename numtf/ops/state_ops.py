"""Fused in-place optimizer updates: TF's `ResourceApply*` ops (DESIGN.md "state").

Each algorithm is one stateful primitive. Its inputs are the gradient and the learning-rate and
step tensors; its attributes hold the Variable objects it updates (the model variable and its
slots) and the hyperparameters. Eagerly, the kernel writes the variables' buffers in place with
NumPy `out=` ufuncs (copy on write: `Variable._writable_buffer()`); in a graph it is a node with
no outputs that does the same when the graph runs.

    >>> v, m = tf.Variable([1., 2.]), tf.Variable([0., 0.])
    >>> resource_apply_gradient_descent(v, m, tf.constant([1., 1.]), 0.1)
    >>> v.numpy()
    array([0.9, 1.9], dtype=float32)

Scalars reach the ufuncs as Python floats (NEP 50 weak scalars), so a float32 variable is
updated in float32. Coefficients are computed once per step with tf-keras's float32 roundings
(`beta ** t` of the float32 beta; `1 - beta_1` from the Python value where tf-keras does that).
Large variables are updated block by block, so the several passes of an update run over data
in cache (update_blocks.py).

The optimizers call the array-level functions (`*_update`, `*_coefficients`) directly, to avoid
per-variable dispatch; `resource_apply_*` are the op-level entry points (eager or graph).
"""
import numpy as np

from ..framework.blas import axpby, has_axpby
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from .convert import convert_to_tensor, to_array
from .registry import primitive, no_gradient, execute
from . import update_packs
from .update_blocks import run_update as _run

__all__ = []  # internal: reached through tf.keras.optimizers

_f32 = np.float32


def check_gradient(var, grad):
    """`grad` as an array with `var`'s dtype and shape, or a clear error naming the variable."""
    if type(grad) is Tensor:
        g = grad._value
        if grad._dtype is not var._dtype:
            raise InvalidArgumentError(
                None, None, f"Gradient for variable '{var.name}' has dtype {grad._dtype.name} but the "
                            f"variable has dtype {var._dtype.name}.")
    else:
        g = to_array(grad, var._dtype)
    shape = var._value.shape
    if g.shape != shape:
        raise InvalidArgumentError(
            None, None, f"Gradient for variable '{var.name}' has shape {g.shape} but the variable has "
                        f"shape {shape} (Incompatible shapes: [{','.join(map(str, g.shape))}] vs. "
                        f"[{','.join(map(str, shape))}]).")
    if type(g) is not np.ndarray:  # a NumPy scalar from a 0-d computation
        g = np.asarray(g)
    return g


def _no_outputs(inputs, attrs):
    return []


def _declare(name, kernel):
    op = primitive(name, kernel, _no_outputs, num_outputs=0, stateful=True)
    no_gradient(op, "it updates variables in place")
    return op


def _symbolic(x):
    return isinstance(x, Tensor) and type(x) is not Tensor


def _apply(op, grad, scalars, attrs):
    """Runs an update eagerly (the kernel on arrays) or adds it to the graph being built. `grad`
    is None for the updates that take no gradient (weight decay, moving average)."""
    head = () if grad is None else (grad,)
    if ctx.graph is None and not _symbolic(grad) and not any(_symbolic(s) for s in scalars):
        if grad is not None:
            head = (check_gradient(attrs["var"], grad),)
        op.kernel(*head, *[float(s) for s in scalars], **attrs)
        return None
    execute(op, [convert_to_tensor(x) for x in head + tuple(scalars)], attrs)
    return None


def _bufs(*variables):
    """The variables' buffers, to write in place (None for an absent optional slot)."""
    return [None if v is None else v._writable_buffer() for v in variables]


def _step_power(beta, step):
    """beta ** step as TF computes it: float32 beta, float32 step, float32 result."""
    return float(_f32(beta) ** _f32(step))


# -- SGD ---------------------------------------------------------------------------------
def _sgd_block(var, m, g, t, neg_lr, momentum):
    np.multiply(g, neg_lr, out=t)  # -g * lr
    if momentum == 0.0:
        np.copyto(m, t)  # tf-keras keeps m = -g*lr + m*0 even without momentum
        var += t
    else:
        m *= momentum
        m += t
        var += m


def _sgd_plain_block(var, g, t, neg_lr):
    np.multiply(g, neg_lr, out=t)
    var += t


def _sgd_nesterov_block(var, m, g, t, t2, neg_lr, momentum):
    np.multiply(g, neg_lr, out=t)
    m *= momentum
    m += t
    np.multiply(m, momentum, out=t2)
    t += t2
    var += t


def sgd_update(var, m, g, lr, momentum=0.0, nesterov=False):
    """On arrays: m = -g*lr + m*momentum; var += m (Nesterov: var += -g*lr + m*momentum).
    `m` may be None when momentum is 0 (the legacy SGD keeps no slot then)."""
    if m is None:
        _run(_sgd_plain_block, (var,), g, 1, (-lr,))
    elif nesterov and momentum != 0.0:
        _run(_sgd_nesterov_block, (var, m), g, 2, (-lr, momentum))
    else:
        _run(_sgd_block, (var, m), g, 1, (-lr, momentum))


def _sgd_kernel(grad, lr, var, m=None, momentum=0.0, nesterov=False):
    sgd_update(*_bufs(var, m), grad, float(lr), momentum, nesterov)
    return ()


SGD = _declare("ResourceApplyKerasMomentum", _sgd_kernel)


def resource_apply_gradient_descent(var, m, grad, lr, momentum=0.0, nesterov=False, name=None):
    """tf-keras SGD update of `var` (and its momentum slot `m`) in place.

        >>> resource_apply_gradient_descent(v, m, g, 0.01, momentum=0.9)
    """
    return _apply(SGD, grad, (lr,), {"var": var, "m": m, "momentum": float(momentum),
                                      "nesterov": bool(nesterov)})


# -- Adam / AdamW ------------------------------------------------------------------------
def adam_coefficients(lr, step, beta_1, beta_2, epsilon, adaptive_epsilon=False):
    """(alpha, epsilon_hat): alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t), and epsilon,
    scaled by sqrt(1 - beta_2**t) when adaptive (float32 as in tf-keras)."""
    b1p = _f32(_step_power(beta_1, step))
    root = np.sqrt(_f32(1) - _f32(_step_power(beta_2, step)))
    alpha = float(_f32(lr) * root / (_f32(1) - b1p))
    return alpha, (float(_f32(epsilon) * root) if adaptive_epsilon else epsilon)


# From this many elements (a block), the updates below run their scale-and-add steps through
# OpenBLAS's axpby (one pass instead of NumPy's three): Adam on the handbook MLP's 784x100 kernel
# 108 -> 77 us. Smaller arrays stay in NumPy, whose calls cost less than a ctypes call.
AXPBY_MIN = 1 << 14


def _moments(m, v, g, t, c1, c2):
    """Adam's and Nadam's moment updates (c1 = 1 - beta_1, c2 = 1 - beta_2)."""
    if g.size >= AXPBY_MIN and has_axpby(g.dtype):
        axpby(c1, g, 1 - c1, m)  # m = beta_1*m + (1 - beta_1)*g
        np.multiply(g, g, out=t)
        axpby(c2, t, 1 - c2, v)  # v = beta_2*v + (1 - beta_2)*g*g
        return
    np.subtract(g, m, out=t)  # m += (g - m) * (1 - beta_1), tf-keras's form
    t *= c1
    m += t
    np.multiply(g, g, out=t)  # v += (g*g - v) * (1 - beta_2)
    t -= v
    t *= c2
    v += t


def _adam_block(var, m, v, g, t, t2, alpha, c1, c2, eps):
    _moments(m, v, g, t, c1, c2)
    np.sqrt(v, out=t)  # var -= (m * alpha) / (sqrt(v) + eps)
    t += eps
    if g.size >= AXPBY_MIN and has_axpby(g.dtype):
        np.divide(m, t, out=t)
        axpby(-alpha, t, 1.0, var)
        return
    np.multiply(m, alpha, out=t2)
    t2 /= t
    var -= t2


def _adam_amsgrad_block(var, m, v, vhat, g, t, t2, alpha, c1, c2, eps):
    _moments(m, v, g, t, c1, c2)
    np.maximum(vhat, v, out=vhat)
    np.sqrt(vhat, out=t)
    t += eps
    np.multiply(m, alpha, out=t2)
    t2 /= t
    var -= t2


def flush_subnormals(step, *arrays):
    """Every 100th step, zeroes float32 slots below 1e-30 in magnitude. A unit that stops getting
    gradients (a dead relu) has moments decaying by beta per step into float32's subnormal range,
    where NumPy's arithmetic is ~50x slower; TF's kernels flush such values to zero. A value needs
    ~175 steps to fall from 1e-30 to subnormal, so this check every 100 steps is enough."""
    if step is None or int(step) % 100:
        return
    for a in arrays:
        if a is not None and a.dtype == np.float32:
            np.putmask(a, np.abs(a) < 1e-30, 0)


def adam_update(var, m, v, vhat, g, alpha, beta_1, beta_2, epsilon, step=None):
    """On arrays, with `alpha` from `adam_coefficients`; `vhat` is None unless amsgrad."""
    if vhat is None:
        _run(_adam_block, (var, m, v), g, 2, (alpha, 1 - beta_1, 1 - beta_2, epsilon))
    else:
        _run(_adam_amsgrad_block, (var, m, v, vhat), g, 2, (alpha, 1 - beta_1, 1 - beta_2, epsilon))
    flush_subnormals(step, m, v, vhat)


def _adam_kernel(grad, lr, step, var, m, v, vhat=None, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 adaptive_epsilon=False):
    alpha, epsilon = adam_coefficients(float(lr), float(step), beta_1, beta_2, epsilon, adaptive_epsilon)
    adam_update(*_bufs(var, m, v, vhat), grad, alpha, beta_1, beta_2, epsilon, step=int(step))
    return ()


ADAM = _declare("ResourceApplyAdam", _adam_kernel)


def adam_group_kernel(targets, beta_1=0.9, beta_2=0.999, epsilon=1e-7, adaptive_epsilon=False):
    """One kernel for several ResourceApplyAdam updates of one optimizer step (a plan merges
    them, graph/passes.py): called as kernel(*grads, lr, step), it computes the step's
    coefficients once. `targets` lists each update's (var, m, v, vhat)."""
    # Small variables (not AMSGrad) are updated as packs. Packs stay under AXPBY_MIN elements, so
    # they take the same NumPy arithmetic as each of their variables alone: the same bits.
    members = [t[:3] if t[3] is None else None for t in targets]
    singles, groups = update_packs.partition(members, AXPBY_MIN)
    packs = [(ids, update_packs.UpdatePack([members[i] for i in ids])) for ids in groups]

    def kernel(*args):
        lr, step = args[-2:]
        alpha, eps = adam_coefficients(float(lr), float(step), beta_1, beta_2, epsilon, adaptive_epsilon)
        step = int(step)
        alone = list(singles)
        for ids, pack in packs:
            flats = pack.buffers()  # (packs first: gather writes into the pack's gradient buffer)
            g = pack.gather([args[i] for i in ids])
            if g is None:  # a gradient that does not fit its variable: update each one alone
                alone += ids
            else:
                adam_update(*flats, None, g, alpha, beta_1, beta_2, eps, step=step)
        for i in alone:
            adam_update(*_bufs(*targets[i]), args[i], alpha, beta_1, beta_2, eps, step=step)
    return kernel


def resource_apply_adam(var, m, v, grad, lr, step, beta_1=0.9, beta_2=0.999, epsilon=1e-7, vhat=None,
                        adaptive_epsilon=False, name=None):
    """tf-keras Adam update (AMSGrad when `vhat` is given); `step` counts from 1.

        >>> resource_apply_adam(v, m, s, g, 0.001, 1)
    """
    return _apply(ADAM, grad, (lr, step), {"var": var, "m": m, "v": v, "vhat": vhat, "beta_1": float(beta_1),
                                           "beta_2": float(beta_2), "epsilon": float(epsilon),
                                           "adaptive_epsilon": bool(adaptive_epsilon)})


# -- RMSprop -----------------------------------------------------------------------------
def _rms_step(var, acc, g, t, t2, lr, eps):
    """var -= lr*g / sqrt(acc + eps): RMSprop's (plain) and Adagrad's step."""
    np.add(acc, eps, out=t)
    np.sqrt(t, out=t)
    np.multiply(g, lr, out=t2)
    t2 /= t
    var -= t2


def _rmsprop_block(var, vel, g, t, t2, lr, rho, eps):
    np.multiply(g, g, out=t)  # vel = rho*vel + (1-rho)*g*g
    t *= 1 - rho
    vel *= rho
    vel += t
    _rms_step(var, vel, g, t, t2, lr, eps)


def _rmsprop_full_block(var, vel, mom, avg, g, t, t2, lr, rho, eps, momentum):
    np.multiply(g, g, out=t)
    t *= 1 - rho
    vel *= rho
    vel += t
    if avg is not None:  # centered: denominator vel - avg**2 + eps
        avg *= rho
        np.multiply(g, 1 - rho, out=t)
        avg += t
        np.multiply(avg, avg, out=t)
        np.subtract(vel, t, out=t)
        t += eps
    else:
        np.add(vel, eps, out=t)
    np.sqrt(t, out=t)
    np.multiply(g, lr, out=t2)
    t2 /= t
    if mom is not None:
        mom *= momentum
        mom += t2
        var -= mom
    else:
        var -= t2


def _rmsprop_mom_block(var, vel, mom, g, t, t2, lr, rho, eps, momentum):
    _rmsprop_full_block(var, vel, mom, None, g, t, t2, lr, rho, eps, momentum)


def _rmsprop_centered_block(var, vel, avg, g, t, t2, lr, rho, eps, momentum):
    _rmsprop_full_block(var, vel, None, avg, g, t, t2, lr, rho, eps, momentum)


def rmsprop_update(var, vel, mom, avg, g, lr, rho, epsilon, momentum=0.0):
    """On arrays; `mom` is None without momentum, `avg` None unless centered."""
    if mom is None and avg is None:
        _run(_rmsprop_block, (var, vel), g, 2, (lr, rho, epsilon))
    elif avg is None:
        _run(_rmsprop_mom_block, (var, vel, mom), g, 2, (lr, rho, epsilon, momentum))
    elif mom is None:
        _run(_rmsprop_centered_block, (var, vel, avg), g, 2, (lr, rho, epsilon, momentum))
    else:
        _run(_rmsprop_full_block, (var, vel, mom, avg), g, 2, (lr, rho, epsilon, momentum))


def _rmsprop_kernel(grad, lr, var, velocity, momentum_slot=None, average_gradient=None, rho=0.9,
                    momentum=0.0, epsilon=1e-7):
    rmsprop_update(*_bufs(var, velocity, momentum_slot, average_gradient), grad, float(lr), rho, epsilon, momentum)
    return ()


RMSPROP = _declare("ResourceApplyRMSProp", _rmsprop_kernel)


def resource_apply_rmsprop(var, velocity, grad, lr, rho=0.9, momentum=0.0, epsilon=1e-7, momentum_slot=None,
                           average_gradient=None, name=None):
    """tf-keras RMSprop update (momentum when `momentum_slot` is given, centered when
    `average_gradient` is).

        >>> resource_apply_rmsprop(v, vel, g, 0.001)
    """
    return _apply(RMSPROP, grad, (lr,), {"var": var, "velocity": velocity, "momentum_slot": momentum_slot,
                                          "average_gradient": average_gradient, "rho": float(rho),
                                          "momentum": float(momentum), "epsilon": float(epsilon)})


# -- Adagrad -----------------------------------------------------------------------------
def _adagrad_block(var, acc, g, t, t2, lr, eps):
    np.multiply(g, g, out=t)  # acc += g*g
    acc += t
    _rms_step(var, acc, g, t, t2, lr, eps)


def adagrad_update(var, acc, g, lr, epsilon):
    """On arrays: acc += g*g; var -= lr*g / sqrt(acc + epsilon)."""
    _run(_adagrad_block, (var, acc), g, 2, (lr, epsilon))


def _adagrad_kernel(grad, lr, var, accumulator, epsilon=1e-7):
    adagrad_update(*_bufs(var, accumulator), grad, float(lr), epsilon)
    return ()


ADAGRAD = _declare("ResourceApplyAdagradV2", _adagrad_kernel)


def resource_apply_adagrad(var, accumulator, grad, lr, epsilon=1e-7, name=None):
    """tf-keras Adagrad update.

        >>> resource_apply_adagrad(v, acc, g, 0.001)
    """
    return _apply(ADAGRAD, grad, (lr,), {"var": var, "accumulator": accumulator, "epsilon": float(epsilon)})


# -- Adadelta ----------------------------------------------------------------------------
def _adadelta_block(var, acc_g, acc_d, g, t, t2, lr, rho, eps):
    np.multiply(g, 1 - rho, out=t)  # acc_g = rho*acc_g + (1-rho)*g*g
    t *= g
    acc_g *= rho
    acc_g += t
    np.add(acc_d, eps, out=t)  # delta = -sqrt(acc_d + eps) * g / sqrt(acc_g + eps)
    np.sqrt(t, out=t)
    np.negative(t, out=t)
    t *= g
    np.add(acc_g, eps, out=t2)
    np.sqrt(t2, out=t2)
    t /= t2
    np.multiply(t, 1 - rho, out=t2)  # acc_d = rho*acc_d + (1-rho)*delta*delta
    t2 *= t
    acc_d *= rho
    acc_d += t2
    t *= lr  # var += lr * delta
    var += t


def adadelta_update(var, acc_grad, acc_delta, g, lr, rho, epsilon):
    """On arrays (tf-keras Adadelta)."""
    _run(_adadelta_block, (var, acc_grad, acc_delta), g, 2, (lr, rho, epsilon))


def _adadelta_kernel(grad, lr, var, accumulated_grad, accumulated_delta_var, rho=0.95, epsilon=1e-7):
    adadelta_update(*_bufs(var, accumulated_grad, accumulated_delta_var), grad, float(lr), rho, epsilon)
    return ()


ADADELTA = _declare("ResourceApplyAdadelta", _adadelta_kernel)


def resource_apply_adadelta(var, accumulated_grad, accumulated_delta_var, grad, lr, rho=0.95, epsilon=1e-7,
                            name=None):
    """tf-keras Adadelta update.

        >>> resource_apply_adadelta(v, acc_g, acc_d, g, 1.0)
    """
    return _apply(ADADELTA, grad, (lr,), {"var": var, "accumulated_grad": accumulated_grad,
                                           "accumulated_delta_var": accumulated_delta_var,
                                           "rho": float(rho), "epsilon": float(epsilon)})


# -- Adamax ------------------------------------------------------------------------------
def adamax_coefficients(step, beta_1):
    """1 - beta_1**t in float32."""
    return float(_f32(1) - _f32(_step_power(beta_1, step)))


def _adamax_block(var, m, u, g, t, t2, lr, c1, beta_2, eps, one_minus_b1p):
    np.subtract(g, m, out=t)  # m += (g - m) * (1 - beta_1)
    t *= c1
    m += t
    u *= beta_2  # u = max(beta_2*u, |g|)
    np.abs(g, out=t)
    np.maximum(u, t, out=u)
    np.add(u, eps, out=t)  # var -= lr*m / ((1 - beta_1**t) * (u + eps))
    t *= one_minus_b1p
    np.multiply(m, lr, out=t2)
    t2 /= t
    var -= t2


def adamax_update(var, m, u, g, lr, beta_1, beta_2, epsilon, one_minus_b1p):
    """On arrays, with `one_minus_b1p` from `adamax_coefficients`."""
    _run(_adamax_block, (var, m, u), g, 2, (lr, 1 - beta_1, beta_2, epsilon, one_minus_b1p))


def _adamax_kernel(grad, lr, step, var, m, u, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    adamax_update(*_bufs(var, m, u), grad, float(lr), beta_1, beta_2, epsilon, adamax_coefficients(float(step), beta_1))
    return ()


ADAMAX = _declare("ResourceApplyAdaMax", _adamax_kernel)


def resource_apply_adamax(var, m, u, grad, lr, step, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name=None):
    """tf-keras Adamax update; `step` counts from 1.

        >>> resource_apply_adamax(v, m, u, g, 0.001, 1)
    """
    return _apply(ADAMAX, grad, (lr, step), {"var": var, "m": m, "u": u, "beta_1": float(beta_1),
                                             "beta_2": float(beta_2), "epsilon": float(epsilon)})


# -- Nadam -------------------------------------------------------------------------------
class NadamState:
    """The running product of momentum-schedule factors, advanced once per step (tf-keras keeps
    it in an extra variable and a counter). `decay_scale` is 0.004 for the legacy Nadam."""
    __slots__ = ("step", "product", "decay_scale")

    def __init__(self, decay_scale=1.0):
        self.step = 0
        self.product = _f32(1)
        self.decay_scale = decay_scale


def nadam_coefficients(state, lr, step, beta_1, beta_2):
    """(c_m, c_g, c_v, lr): m_hat = c_m*m + c_g*g, v_hat = v / c_v, all in float32."""
    b1 = _f32(beta_1)
    one, half, base = _f32(1), _f32(0.5), _f32(0.96)
    scale = _f32(state.decay_scale)
    u_t = b1 * (one - half * base ** (scale * _f32(step)))
    u_t_1 = b1 * (one - half * base ** (scale * _f32(step + 1)))
    if state.step != step:  # first variable of this step advances the product
        state.product = _f32(state.product * u_t)
        state.step = step
    u_prod = state.product
    u_prod_1 = u_prod * u_t_1
    b2p = _f32(_step_power(beta_2, step))
    return (float(u_t_1 / (one - u_prod_1)), float((one - u_t) / (one - u_prod)), float(one - b2p),
            float(one - b1), float(one - _f32(beta_2)))


def _nadam_block(var, m, v, g, t, t2, lr, c_m, c_g, c_v, c1, c2, eps):
    _moments(m, v, g, t, c1, c2)
    np.multiply(m, c_m, out=t)  # m_hat = u_t_1*m/(1 - u_prod_1) + (1 - u_t)*g/(1 - u_prod)
    np.multiply(g, c_g, out=t2)
    t += t2
    t *= lr  # var -= (m_hat * lr) / (sqrt(v / (1 - beta_2**t)) + eps)
    np.divide(v, c_v, out=t2)
    np.sqrt(t2, out=t2)
    t2 += eps
    t /= t2
    var -= t


def nadam_update(var, m, v, g, lr, coefficients, epsilon):
    """On arrays, with `coefficients` from `nadam_coefficients`."""
    c_m, c_g, c_v, c1, c2 = coefficients
    _run(_nadam_block, (var, m, v), g, 2, (lr, c_m, c_g, c_v, c1, c2, epsilon))


def _nadam_kernel(grad, lr, step, var, m, v, state, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    coeffs = nadam_coefficients(state, float(lr), int(step), beta_1, beta_2)
    nadam_update(*_bufs(var, m, v), grad, float(lr), coeffs, epsilon)
    return ()


NADAM = _declare("ResourceApplyNadam", _nadam_kernel)


def resource_apply_nadam(var, m, v, grad, lr, step, state, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name=None):
    """tf-keras Nadam update; `state` is the optimizer's `NadamState`, `step` counts from 1.

        >>> resource_apply_nadam(v, m, s, g, 0.001, 1, NadamState())
    """
    return _apply(NADAM, grad, (lr, step), {"var": var, "m": m, "v": v, "state": state,
                                            "beta_1": float(beta_1), "beta_2": float(beta_2),
                                            "epsilon": float(epsilon)})


# -- weight decay and moving averages ----------------------------------------------------
def weight_decay_update(var, lr, weight_decay):
    """On an array: var -= var * wd * lr (tf-keras's decoupled weight decay)."""
    t = np.multiply(var, weight_decay)
    t *= lr
    var -= t


def _weight_decay_kernel(lr, var, weight_decay):
    weight_decay_update(var._writable_buffer(), float(lr), weight_decay)
    return ()


WEIGHT_DECAY = _declare("ResourceApplyWeightDecay", _weight_decay_kernel)


def resource_apply_weight_decay(var, lr, weight_decay, name=None):
    """var -= var * weight_decay * lr, in place.

        >>> resource_apply_weight_decay(v, 0.001, 0.004)
    """
    return _apply(WEIGHT_DECAY, None, (lr,), {"var": var, "weight_decay": float(weight_decay)})


def moving_average_update(average, value, momentum):
    """On arrays: average = momentum*average + (1 - momentum)*value."""
    t = np.multiply(value, 1 - momentum)
    average *= momentum
    average += t


def _moving_average_kernel(step, average, var, momentum, overwrite_every=0):
    moving_average_update(average._writable_buffer(), var._value, momentum)
    if overwrite_every and int(step) % overwrite_every == 0:
        var.assign(average._value)
    return ()


MOVING_AVERAGE = _declare("ResourceApplyMovingAverage", _moving_average_kernel)


def resource_apply_moving_average(average, var, momentum, step=0, overwrite_every=0, name=None):
    """average = momentum*average + (1 - momentum)*var, in place (the optimizers' EMA); then,
    when `overwrite_every` divides `step`, var = average.

        >>> resource_apply_moving_average(avg, v, 0.99)
    """
    return _apply(MOVING_AVERAGE, None, (step,), {"average": average, "var": var, "momentum": float(momentum),
                                                   "overwrite_every": int(overwrite_every or 0)})
