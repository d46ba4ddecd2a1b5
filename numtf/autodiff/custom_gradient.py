"""`tf.stop_gradient` and `tf.custom_gradient`.

    >>> @tf.custom_gradient
    ... def clip_grad(x):
    ...     return tf.identity(x), lambda dy: tf.clip_by_value(dy, -1., 1.)
"""
import functools

from ..framework.context import ctx
from ..framework.tensor import Tensor
from ..ops.array_ops import identity
from ..ops.convert import convert_to_tensor
from ..ops.registry import primitive, no_gradient, execute_unary, execute, record, defgrad
from ..ops.shape_rules import same_as_input
from ..util import nest

STOP_GRADIENT = primitive("StopGradient", lambda x: x, same_as_input)
no_gradient(STOP_GRADIENT, "tf.stop_gradient blocks gradients by definition")


def stop_gradient(input, name=None):
    """The input's value, treated as a constant by gradient computations.

        >>> x = tf.Variable(2.0)
        >>> with tf.GradientTape() as t:
        ...     y = x * tf.stop_gradient(x)
        >>> float(t.gradient(y, x))
        2.0
    """
    t = input if type(input) is Tensor else convert_to_tensor(input)
    return execute_unary(STOP_GRADIENT, t)


def _custom_grad(node, *upstream):
    attrs = node.attrs
    grad_fn, n_args, variables = attrs["grad_fn"], attrs["n_args"], attrs["variables"]
    if variables:
        in_grads, var_grads = grad_fn(*upstream, variables=variables)
    else:
        in_grads, var_grads = grad_fn(*upstream), []
    in_grads = list(in_grads) if isinstance(in_grads, (list, tuple)) else [in_grads]
    if len(in_grads) != n_args:
        raise ValueError(f"custom_gradient function expected to return {n_args} gradients, "
                         f"but returned {len(in_grads)} instead.")
    grads = in_grads + list(var_grads)
    extra = len(node.inputs) - len(grads)  # graph mode also feeds the forward outputs
    return [None if g is None else convert_to_tensor(g) for g in grads] + [None] * extra


CUSTOM = primitive("CustomGradient", lambda *xs, **attrs: tuple(xs[-attrs["n_out"]:]), infer=None,
                   num_outputs=-1)
defgrad(CUSTOM, _custom_grad)


class _ReadRecorder:
    """Stands in for a tape while the forward function runs: notes which variables it reads."""

    def __init__(self):
        self.variables = {}
        self._ids = {}  # tracks nothing, so no op is recorded

    def _variable_read(self, var, tensor):
        if var.trainable:
            self.variables[id(var)] = var


def custom_gradient(f=None):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; gradients of y use `grad_fn(*dy)` instead of
    differentiating f. If f reads trainable variables, `grad_fn(*dy, variables=...)` must return
    `(input_grads, variable_grads)`."""
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        saved = ctx.tapes
        recorder = _ReadRecorder()
        ctx.tapes = (recorder,)  # inner ops are not recorded; variable reads are noted
        try:
            result, grad_fn = f(*args, **kwargs)
        finally:
            ctx.tapes = saved
        inputs = [a if type(a) is Tensor else convert_to_tensor(a) for a in args]
        variables = list(recorder.variables.values())
        if variables and not _accepts_variables(grad_fn):  # TF checks this on the forward call
            raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument 'variables', since "
                            f"function uses variables: {variables}")
        flat = [convert_to_tensor(r) for r in nest.flatten(result)]
        attrs = {"grad_fn": grad_fn, "n_args": len(inputs), "variables": variables, "n_out": len(flat)}
        if ctx.graph is not None or any(t._is_symbolic() for t in flat):
            outs = execute(_custom_op(len(flat)), inputs + [v._read() for v in variables] + flat, attrs)
            return nest.pack_sequence_as(result, list(outs) if isinstance(outs, (list, tuple)) else [outs])
        if ctx.tapes:
            ctx.tapes = ()  # fresh outputs, so an output that is an input doesn't make a cycle
            try:
                outs = [identity(t) for t in flat]
            finally:
                ctx.tapes = saved
            record(CUSTOM, tuple(inputs) + tuple(variables), tuple(outs), attrs)
            return nest.pack_sequence_as(result, outs)
        return result

    decorated.__ag_do_not_convert__ = True  # as in TF, AutoGraph calls it (and f) unconverted
    return decorated


def _accepts_variables(grad_fn):
    """Whether `grad_fn` takes a `variables` keyword (by name or through **kwargs)."""
    import inspect
    try:
        params = inspect.signature(grad_fn).parameters.values()
    except (TypeError, ValueError):
        return True  # (a builtin or C callable: let the call itself decide)
    return any(p.name == "variables" and p.kind is not p.POSITIONAL_ONLY or p.kind is p.VAR_KEYWORD
               for p in params)


_CUSTOM_OPS = {}


def _custom_op(n_out):
    op = _CUSTOM_OPS.get(n_out)
    if op is None:
        def infer(ins, attrs):
            return [(t.shape, t.dtype) for t in ins[-attrs["n_out"]:]]
        op = primitive(f"CustomGradient{n_out}", CUSTOM.kernel, infer, num_outputs=n_out)
        defgrad(op, _custom_grad)
        _CUSTOM_OPS[n_out] = op
    return op

