"""User gradient functions by op type: `tf.RegisterGradient`, `tf.no_gradient` and the graph's
`gradient_override_map`, as TF 2.21 has them.

numtf's own ops carry their gradient rules on the op (registry.defgrad); this module keeps what
users register: a function `fn(op, *output_grads) -> gradient per input` under a name. An op type
with no rule of its own uses the function registered under its type (tape and tf.gradients alike);
`graph.gradient_override_map({"Square": "MyGrad"})` makes the ops built in its scope use "MyGrad"
instead, for `tf.gradients` only (TF's GradientTape ignores the map too).

    >>> @tf.RegisterGradient("ClipGrad")
    ... def _clip_grad(op, grad):
    ...     return tf.clip_by_value(grad, -0.1, 0.1)
    >>> with tf.compat.v1.get_default_graph().gradient_override_map({"Square": "ClipGrad"}):
    ...     y = tf.square(x)                     # inside a tf.function or a v1 graph
"""
import contextlib
import sys

from ..ops.registry import REGISTRY

__all__ = ["RegisterGradient", "no_gradient"]

_USER = {}  # name -> (function or None, "file:line" of the registration)


def _check_type(op_type):
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")


def _register(name, fn, where):
    if name in _USER:
        previous = _USER[name][1]
    else:
        op = REGISTRY.get(name)  # numtf's op with its own rule (or declared non-differentiable)
        if op is None or (op.grad is None and op.no_grad_reason is None):
            _USER[name] = (fn, where)
            return
        previous = f"numtf's {op.name} gradient"
    raise KeyError(f"Registering two gradient with name '{name}'! (Previous registration was in {previous})")


def _caller():
    """Where the registration was made (for the duplicate-registration message)."""
    code, line = sys._getframe(2).f_code, sys._getframe(2).f_lineno
    return f"{code.co_name} {code.co_filename}:{line}"


class RegisterGradient:
    """Decorator registering a gradient function `fn(op, *grads)` under `op_type` (an op type, or a
    name for `gradient_override_map`). Registering a name twice raises KeyError.

        >>> @tf.RegisterGradient("MyGrad")
        ... def _my_grad(op, grad):
        ...     return 2.0 * grad
    """

    def __init__(self, op_type):
        _check_type(op_type)
        self._op_type = op_type

    def __call__(self, fn):
        _register(self._op_type, fn, _caller())
        return fn


def no_gradient(op_type):
    """Declares that ops of type `op_type` have no gradient (tf.gradients and the tape pass
    nothing through them; TF's `ops.NotDifferentiable`).

        >>> tf.no_gradient("MyLookup")
    """
    _check_type(op_type)
    _register(op_type, None, _caller())


def user_gradient(name):
    """(found, fn): the function registered under `name` (fn None: declared non-differentiable)."""
    entry = _USER.get(name)
    return (False, None) if entry is None else (True, entry[0])


@contextlib.contextmanager
def override_map(graph, op_type_map):
    """The body of Graph.gradient_override_map: ops of the mapped types built in this scope take
    their gradient from the function registered under the mapped name."""
    if not isinstance(op_type_map, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in op_type_map.items()):
        raise TypeError("op_type_map must be a dictionary mapping strings to strings")
    saved = graph.__dict__.get("_gradient_overrides")
    graph._gradient_overrides = {**(saved or {}), **op_type_map}
    try:
        yield
    finally:
        if saved is None:
            del graph._gradient_overrides
        else:
            graph._gradient_overrides = saved


class _Overridden:
    """A graph node seen by the backward pass with the user's gradient function as its rule."""
    __slots__ = ("node", "op", "needs", "sources")

    def __init__(self, node, name):
        self.node, self.needs, self.sources = node, None, ()
        self.op = _UserOp(node, name)

    inputs = property(lambda self: self.node.inputs)
    outputs = property(lambda self: self.node.outputs)

    def live_outputs(self):
        return self.node.outputs


class _UserOp:
    __slots__ = ("name", "grad", "no_grad_reason")

    def __init__(self, node, name):
        found, fn = user_gradient(name)
        self.name = node.op.name
        self.no_grad_reason = "tf.no_gradient" if found and fn is None else None
        if not found:
            self.grad = _missing(node)
        else:
            self.grad = None if fn is None else (lambda rec, *grads: _call(fn, node, grads))


def _call(fn, node, grads):
    out = fn(node, *grads)
    out = tuple(out) if isinstance(out, (list, tuple)) else (out,)
    if len(out) != len(node.inputs):
        inputs = "".join(f'input: "{t.op.name}"\n' for t in node.inputs)
        raise ValueError(f'Num gradients {len(out)} generated for op name: "{node.name}"\nop: "{node.op.name}"\n'
                         f"{inputs} do not match num inputs {len(node.inputs)}")
    return out


def with_overrides(graph, records):
    """`records` (graph nodes) with the nodes built under a gradient_override_map wrapped to use
    the mapped functions (looked up when the backward pass reaches them)."""
    types = graph.__dict__.get("gradient_op_types")
    if not types:
        return records
    return [node if types.get(node.name) is None else _Overridden(node, types[node.name]) for node in records]


def _missing(node):
    def rule(rec, *grads):  # TF too raises only when the gradient is needed
        raise LookupError(f"No gradient defined for operation'{node.name}' (op type: {node.op.name}). In "
                          "general every operation must have an associated `@tf.RegisterGradient` for correct "
                          "autodiff, which this op is lacking. If you want to pretend this operation is a "
                          "constant in your program, you may insert `tf.stop_gradient`. This can be useful to "
                          "silence the error in cases where you know gradients are not needed, e.g. the forward "
                          "pass of tf.custom_gradient. Please see more details in "
                          "https://www.tensorflow.org/api_docs/python/tf/custom_gradient.")
    return rule
