"""`tf.compat.v1.train`: TF1 optimizers and the global step.

`minimize(loss)` is `compute_gradients` (tf.gradients over the graph, or a GradientTape when
`loss` is a callable and execution is eager) then `apply_gradients`, which in a graph adds one
fused, stateful update node per variable (numtf/ops/state_ops.py's in-place kernels) and
returns the op that runs them; eagerly it updates the variables at once. Numerics and slot
names are TF1's: Adam keeps `beta1_power`/`beta2_power` variables and epsilon=1e-8, RMSProp's
mean square starts at 1, Adagrad's accumulator at 0.1; slots are named '<var>/<Optimizer>',
'<var>/<Optimizer>_1'.

    >>> train_op = tf.compat.v1.train.GradientDescentOptimizer(0.01).minimize(loss)
    >>> sess.run(train_op, feed_dict={x: X, y: Y})
"""
import numpy as np

from ...framework import dtypes
from ...framework.context import ctx, eager_mode, name_scope
from ...framework.indexed_slices import densify
from ...framework.tensor import Tensor, SymbolicTensor
from ...framework.variables import Variable
from ...graph.gradients import gradients
from ...ops import state_ops
from ...ops.convert import convert_to_tensor
from ...ops.registry import Op
from ._graph import GraphKeys, control_dependencies, group, get_collection, default_graph_of, _default_graph
from ._variables import GraphVariable, _in_graph, _pending

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer", "RMSPropOptimizer",
           "AdagradOptimizer", "get_global_step", "create_global_step", "get_or_create_global_step",
           "global_step"]

_f32 = np.float32


def _eager():
    return ctx.graph is None and ctx.eager_default


# -- update kernels: arrays in, variables' buffers updated in place ---------------------------------
def _grad(grad, var):
    g = np.asarray(grad)
    dt = var._dtype._np
    return g if g.dtype == dt else g.astype(dt)


def _gd_kernel(grad, lr, var):
    state_ops.sgd_update(var._writable_buffer(), None, _grad(grad, var), float(lr))
    return ()


def _momentum_kernel(grad, lr, momentum, var, accum, use_nesterov=False):
    g = _grad(grad, var)
    v, a = var._writable_buffer(), accum._writable_buffer()
    lr, momentum = float(lr), float(momentum)
    a *= momentum  # accum = accum * momentum + g
    a += g
    if use_nesterov:  # var -= g * lr + accum * momentum * lr
        v -= g * lr + a * (momentum * lr)
    else:  # var -= accum * lr
        v -= a * lr
    return ()


def _adam_kernel(grad, lr, beta1_power, beta2_power, var, m, v, beta1, beta2, epsilon):
    # alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t), in float32 as TF's kernel computes it
    one = _f32(1)
    alpha = _f32(lr) * np.sqrt(one - _f32(beta2_power)) / (one - _f32(beta1_power))
    var_b, m_b, v_b = var._writable_buffer(), m._writable_buffer(), v._writable_buffer()
    # adam_update uses 1 - beta; TF's kernel takes 1 - beta in float32 (1 - 0.999f = 0.0010000467,
    # which moves v by 5e-5 relative): pass the betas whose Python complement is that value.
    b1 = 1.0 - float(one - _f32(beta1))
    b2 = 1.0 - float(one - _f32(beta2))
    state_ops.adam_update(var_b, m_b, v_b, None, _grad(grad, var), float(alpha), b1, b2, float(_f32(epsilon)))
    return ()


def _rmsprop_kernel(grad, lr, var, ms, mom, mg=None, decay=0.9, momentum=0.0, epsilon=1e-10):
    bufs = [var._writable_buffer(), ms._writable_buffer(), mom._writable_buffer(),
            None if mg is None else mg._writable_buffer()]
    state_ops.rmsprop_update(*bufs, _grad(grad, var), float(lr), decay, epsilon, momentum)
    return ()


def _adagrad_kernel(grad, lr, var, accum):
    state_ops.adagrad_update(var._writable_buffer(), accum._writable_buffer(), _grad(grad, var), float(lr), 0.0)
    return ()


def _declare(name, kernel):
    # Unregistered: tf-keras's kernels already hold some of TF's names ("ResourceApplyAdam").
    op = Op(name, kernel, lambda ins, attrs: [], num_outputs=0, stateful=True)
    op.no_grad_reason = "it updates variables in place"
    return op


_GD = _declare("ResourceApplyGradientDescent", _gd_kernel)
_MOMENTUM = _declare("ResourceApplyMomentum", _momentum_kernel)
_ADAM = _declare("ResourceApplyAdam", _adam_kernel)
_RMSPROP = _declare("ResourceApplyRMSProp", _rmsprop_kernel)
_ADAGRAD = _declare("ResourceApplyAdagrad", _adagrad_kernel)


def _scalar(x):
    if isinstance(x, (Tensor, Variable)):
        return float(np.asarray(convert_to_tensor(x)._value))
    return float(x)


class Optimizer:
    """Base class of the TF1 optimizers: `minimize`, `compute_gradients`, `apply_gradients`,
    slots (`get_slot`, `get_slot_names`, `variables`)."""
    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}      # slot name -> {id(var): slot variable}
        self._slot_owner = {}  # id(var) -> var (keeps the ids valid)
        self._non_slot = {}   # (name, id(graph) or None) -> variable

    def get_name(self):
        return self._name

    # -- gradients ----------------------------------------------------------------------------
    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient, variable)] for `var_list` (default: the trainable variables; eagerly, those
        the callable `loss` reads)."""
        if callable(loss) and not isinstance(loss, (Tensor, Variable)):
            from ...autodiff.tape import GradientTape
            with GradientTape() as tape:
                if var_list is not None:
                    tape.watch(list(var_list))
                loss_value = loss()
            if var_list is None:
                var_list = tape.watched_variables()
            var_list = list(var_list)
            grads = tape.gradient(loss_value, var_list, grad_loss)
            return list(zip(grads, var_list))
        if _eager():
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a function when eager "
                               "execution is enabled.")
        loss = convert_to_tensor(loss)
        if loss.dtype not in (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64):
            raise ValueError(f"Invalid type {loss.dtype!r} for {loss.name}, expected: "
                             "[tf.float32, tf.float64, tf.float16, tf.bfloat16].")
        if var_list is None:
            var_list = (get_collection(GraphKeys.TRAINABLE_VARIABLES)
                        + get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES))
        else:
            var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        return list(zip(grads, var_list))

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        """compute_gradients then apply_gradients: the training op (None when eager).

            >>> train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)
        """
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        if not any(g is not None for g, _ in grads_and_vars):
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not "
                             f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} and "
                             f"loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    # -- applying -----------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Updates each variable with its gradient (None gradients are skipped); increments
        `global_step`. In a graph, returns the op doing all that when run.

            >>> optimizer.apply_gradients(zip(grads, model.variables))
        """
        pairs = tuple(grads_and_vars)
        if not pairs:
            raise ValueError("No variables provided.")
        for g, v in pairs:
            if not isinstance(v, Variable):
                raise TypeError(f"Variable must be a tf.Variable, got {v!r}")
        live = [(densify(g), v) for g, v in pairs if g is not None]
        if not live:
            raise ValueError(f"No gradients provided for any variable: {([str(v) for _, v in pairs],)}.")
        var_list = [v for _, v in live]
        graph = None
        for v in var_list:
            if isinstance(v, GraphVariable):
                graph = v.graph
                break
        if graph is None:  # eager variables: updated now, or by nodes of the graph being traced
            graph = ctx.graph
        if graph is None:
            return self._apply_eager(live, var_list, global_step)
        with _in_graph(graph, ctx.scope if ctx.graph is graph else ""):
            return self._apply_graph(graph, live, var_list, global_step, name)

    def _apply_eager(self, live, var_list, global_step):
        self._create_slots(var_list)
        hyper = self._prepare(eager=True)
        for g, v in live:
            if isinstance(g, SymbolicTensor):
                raise TypeError(f"Cannot apply the symbolic gradient {g.name} eagerly")
            self._apply_dense(state_ops.check_gradient(v, g), v, hyper, None)
        self._finish(None, hyper)
        if global_step is not None:
            global_step.assign_add(1)
        return None

    def _apply_graph(self, graph, live, var_list, global_step, name):
        with _in_graph(graph, ""):
            self._create_slots(var_list)
        with name_scope(name or self._name) as scope:
            hyper = self._prepare(eager=False)
            updates = []
            for g, v in live:
                with name_scope("update_" + v._name.replace(":", "_")):
                    self._apply_dense(convert_to_tensor(g), v, hyper, graph)
                    updates.append(graph.nodes[-1])
            if global_step is None:
                final = self._finish(updates, hyper)
            else:
                with control_dependencies([self._finish(updates, hyper)]):
                    global_step.assign_add(1, read_value=False)
                    final = graph.nodes[-1]
        final.name = scope.rstrip("/")  # TF names the training op after the scope itself
        return final

    def _node(self, op, inputs, attrs, graph):
        """Runs the update kernel (eager, `graph` None) or adds it as a node of `graph`."""
        if graph is None:
            op.kernel(*inputs, **attrs)
            return None
        graph.add_op(op, tuple(convert_to_tensor(t) for t in inputs), attrs, op.name)
        return graph.nodes[-1]

    def _finish(self, updates, hyper, name=None):
        if updates is None:
            return None
        return group(*updates, name="update")

    # -- hyperparameters ------------------------------------------------------------------------
    def _hyper(self, value, eager, name):
        if eager:
            if callable(value) and not isinstance(value, (Tensor, Variable)):
                value = value()
            return _scalar(value)
        if callable(value) and not isinstance(value, (Tensor, Variable)):
            value = value()
        if isinstance(value, (Tensor, Variable)):
            return convert_to_tensor(value)
        return ctx.graph.constant(np.asarray(value, np.float32), dtypes.float32, name)

    # -- slots --------------------------------------------------------------------------------------
    def _slot_variable(self, var, initial, slot_name):
        """Makes var's slot `slot_name` (once): a non-trainable variable named '<var>/<Optimizer>'."""
        named = self._slots.setdefault(slot_name, {})
        slot = named.get(id(var))
        if slot is not None:
            return slot
        base = var._name.split(":")[0]
        shape, dtype = var.shape.as_list(), var.dtype
        if isinstance(var, GraphVariable):
            with _in_graph(var.graph, ""):
                slot = Variable(lambda: initial(shape, dtype), name=f"{base}/{self._name}", trainable=False,
                                dtype=dtype)
        else:  # made eagerly, also while a tf.function is traced (TF's init_scope)
            k = sum(1 for slots in self._slots.values() if id(var) in slots)
            suffix = "" if k == 0 else f"_{k}"
            with eager_mode():
                slot = Variable(np.asarray(initial(shape, dtype)), name=f"{base}/{self._name}{suffix}",
                                trainable=False, dtype=dtype)
        named[id(var)] = slot
        self._slot_owner[id(var)] = var
        return slot

    def _zeros_slot(self, var, slot_name):
        return self._slot_variable(var, _zeros, slot_name)

    def _non_slot_variable(self, initial_value, name, graph):
        key = (name, None if graph is None else id(graph))
        v = self._non_slot.get(key)
        if v is None:
            if graph is None:
                with eager_mode():
                    v = Variable(np.float32(initial_value), name=name, trainable=False)
            else:
                with _in_graph(graph, ""):
                    v = Variable(lambda: np.float32(initial_value), name=name, trainable=False)
            self._non_slot[key] = v
        return v

    def get_slot(self, var, name):
        """The slot variable `name` of `var` (None if there is none)."""
        return self._slots.get(name, {}).get(id(var))

    def get_slot_names(self):
        """The names of the slots this optimizer makes, sorted."""
        return sorted(self._slot_names())

    def _slot_names(self):
        return []

    def variables(self):
        """This optimizer's slot and non-slot variables (of the current graph when building one),
        sorted by name."""
        vs = [s for slots in self._slots.values() for s in slots.values()]
        vs += list(self._non_slot.values())
        g = ctx.graph
        if g is not None:
            vs = [v for v in vs if not isinstance(v, GraphVariable) or v.graph is g]
        return sorted(vs, key=lambda v: v.name)

    # -- per algorithm --------------------------------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self, eager):
        return {}

    def _apply_dense(self, grad, var, hyper, graph):
        raise NotImplementedError


def _zeros(shape, dtype):
    return np.zeros(shape, dtype._np) if ctx.graph is None else _tf().zeros(shape, dtype)


def _filled(value):
    def init(shape, dtype):
        if ctx.graph is None:
            return np.full(shape, value, dtype._np)
        return _tf().fill(shape, _tf().constant(value, dtype))
    return init


def _tf():
    import sys
    return sys.modules["numtf"]


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * gradient.

        >>> tf.compat.v1.train.GradientDescentOptimizer(learning_rate=0.01)
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self, eager):
        return {"lr": self._hyper(self._learning_rate, eager, "learning_rate")}

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_GD, (grad, hyper["lr"]), {"var": var}, graph)


class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + gradient; var -= learning_rate * accum (Nesterov optional)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _slot_names(self):
        return ["momentum"]

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum")

    def _prepare(self, eager):
        return {"lr": self._hyper(self._learning_rate, eager, "learning_rate"),
                "momentum": self._hyper(self._momentum, eager, "momentum")}

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_MOMENTUM, (grad, hyper["lr"], hyper["momentum"]),
                          {"var": var, "accum": self.get_slot(var, "momentum"),
                           "use_nesterov": bool(self._use_nesterov)}, graph)


class AdamOptimizer(Optimizer):
    """Adam with TF1's numerics: epsilon=1e-8 outside the square root and the bias correction
    folded into the step size (alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)).

        >>> tf.compat.v1.train.AdamOptimizer(learning_rate=0.001)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _slot_names(self):
        return ["m", "v"]

    def _create_slots(self, var_list):
        first = min(var_list, key=lambda v: v.name)  # TF keeps the powers with the first variable
        graph = first.graph if isinstance(first, GraphVariable) else None
        self._powers = (self._non_slot_variable(self._beta1, "beta1_power", graph),
                        self._non_slot_variable(self._beta2, "beta2_power", graph))
        for v in var_list:
            self._zeros_slot(v, "m")
            self._zeros_slot(v, "v")

    def _prepare(self, eager):
        b1p, b2p = self._powers
        hyper = {"lr": self._hyper(self._lr, eager, "learning_rate"),
                 "beta1": _scalar(self._beta1), "beta2": _scalar(self._beta2),
                 "epsilon": _scalar(self._epsilon)}
        if eager:
            hyper["b1p"], hyper["b2p"] = b1p._value, b2p._value
        else:
            hyper["b1p"], hyper["b2p"] = b1p._read(), b2p._read()
        return hyper

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_ADAM, (grad, hyper["lr"], hyper["b1p"], hyper["b2p"]),
                          {"var": var, "m": self.get_slot(var, "m"), "v": self.get_slot(var, "v"),
                           "beta1": hyper["beta1"], "beta2": hyper["beta2"], "epsilon": hyper["epsilon"]}, graph)

    def _finish(self, updates, hyper, name=None):
        b1p, b2p = self._powers
        if updates is None:
            b1p.assign(b1p._value * _f32(hyper["beta1"]))
            b2p.assign(b2p._value * _f32(hyper["beta2"]))
            return None
        with control_dependencies(updates):
            with name_scope("update"):
                a1 = b1p.assign(b1p._read() * hyper["beta1"], read_value=False)
                a2 = b2p.assign(b2p._read() * hyper["beta2"], read_value=False)
        return group(*updates, a1, a2, name="update")


class RMSPropOptimizer(Optimizer):
    """ms = decay * ms + (1 - decay) * g^2; mom = momentum * mom + lr * g / sqrt(ms + epsilon);
    var -= mom (centered: ms - mg^2 in the root). TF1 starts ms at 1."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._lr, self._decay, self._momentum, self._epsilon = learning_rate, decay, momentum, epsilon
        self._centered = centered

    def _slot_names(self):
        return ["rms", "momentum"] + (["mg"] if self._centered else [])

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot_variable(v, _filled(1.0), "rms")
            if self._centered:
                self._zeros_slot(v, "mg")
            self._zeros_slot(v, "momentum")

    def _prepare(self, eager):
        return {"lr": self._hyper(self._lr, eager, "learning_rate")}

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_RMSPROP, (grad, hyper["lr"]),
                          {"var": var, "ms": self.get_slot(var, "rms"), "mom": self.get_slot(var, "momentum"),
                           "mg": self.get_slot(var, "mg") if self._centered else None,
                           "decay": _scalar(self._decay), "momentum": _scalar(self._momentum),
                           "epsilon": _scalar(self._epsilon)}, graph)


class AdagradOptimizer(Optimizer):
    """accum += g^2; var -= lr * g / sqrt(accum) (accumulators start at 0.1)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._initial = initial_accumulator_value

    def _slot_names(self):
        return ["accumulator"]

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot_variable(v, _filled(self._initial), "accumulator")

    def _prepare(self, eager):
        return {"lr": self._hyper(self._lr, eager, "learning_rate")}

    def _apply_dense(self, grad, var, hyper, graph):
        return self._node(_ADAGRAD, (grad, hyper["lr"]), {"var": var, "accum": self.get_slot(var, "accumulator")},
                          graph)


# -- global step -----------------------------------------------------------------------------------------
def _step_graph(graph):
    if graph is not None:
        return graph
    return default_graph_of() if not _eager() else _default_graph()


def get_global_step(graph=None):
    """The global step variable (collection GLOBAL_STEP), or None."""
    g = _step_graph(graph)
    steps = g.get_collection(GraphKeys.GLOBAL_STEP)
    if len(steps) > 1:
        raise TypeError("There should be only one global step, found: " + ", ".join(s.name for s in steps))
    return steps[0] if steps else None


def create_global_step(graph=None):
    """Makes the int64 'global_step' variable (0) of the graph; ValueError if there is one."""
    g = _step_graph(graph)
    if get_global_step(g) is not None:
        raise ValueError('"global_step" already exists.')
    collections = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP]
    if _eager() and graph is None:
        v = Variable(np.int64(0), name="global_step", trainable=False, dtype=dtypes.int64)
        g.add_to_collection(GraphKeys.GLOBAL_STEP, v)
        return v
    with _in_graph(g, ""):
        _pending.collections = collections
        v = Variable(lambda: np.int64(0), name="global_step", trainable=False, dtype=dtypes.int64)
    g.variable_store.setdefault("global_step", v)
    return v


def get_or_create_global_step(graph=None):
    """The global step, made if needed.

        >>> step = tf.compat.v1.train.get_or_create_global_step()
    """
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def global_step(sess, global_step_tensor):
    """The global step's value as an int."""
    return int(sess.run(global_step_tensor))


# the other TF1 optimizers and decays (they build on this module's Optimizer)
from .train_more import *  # noqa: E402,F401,F403
from . import train_more as _more  # noqa: E402
__all__ += _more.__all__


def __getattr__(name):
    if name == "summary_iterator":  # reads event files (tf.summary's writer lives in util/events.py)
        from ...util.events import summary_iterator
        return summary_iterator
    import numtf.train as _train  # TF2's tf.train (Checkpoint, ...) is part of tf.compat.v1.train too
    return getattr(_train, name)
