"""Gradient helpers built on `tf.custom_gradient` and `tf.gradients`: `tf.grad_pass_through`,
`tf.recompute_grad` and `tf.hessians`.

    >>> x = tf.Variable(2.0)
    >>> with tf.GradientTape() as t:
    ...     y = tf.grad_pass_through(tf.round)(x * 1.4)   # round's gradient taken as 1
    >>> float(t.gradient(y, x))
    1.4
"""
import functools

from .custom_gradient import custom_gradient
from .tape import GradientTape
from ..util import nest

__all__ = ["grad_pass_through", "recompute_grad", "hessians"]


def grad_pass_through(f):
    """`f` whose backward pass is the identity: the gradient reaching f's output goes to its
    input unchanged (straight-through estimators, gradients through an `assign`).

        >>> tf.grad_pass_through(tf.round)
    """
    @functools.wraps(f)
    def wrapped(x):
        @custom_gradient
        def through(x):
            return f(x), lambda dy: dy
        return through(x)
    return wrapped


def recompute_grad(f):
    """`f` computed without keeping its intermediate results: the backward pass runs f again
    under a tape (less memory, more compute; the values and gradients are f's own).

        >>> block = tf.recompute_grad(lambda x: tf.nn.relu(x @ w))
    """
    @functools.wraps(f)
    def wrapped(*args):
        @custom_gradient
        def inner(*args):
            out = f(*args)

            def grad(*dys, variables=None):
                with GradientTape() as tape:
                    tape.watch(args)
                    again = f(*args)
                sources = list(args) + list(variables or [])
                grads = tape.gradient(again, sources, output_gradients=nest.flatten(dys)
                                      if len(nest.flatten(again)) > 1 else dys[0])
                if variables is None:  # f read no variables: only the inputs' gradients
                    return grads[:len(args)]
                return grads[:len(args)], grads[len(args):]
            return out, grad
        return inner(*args)
    return wrapped


def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """The Hessian of sum(ys) with respect to each x in `xs`, shaped x.shape + x.shape, in the
    graph being built (as tf.gradients, it needs one: inside tf.function or a TF1 graph).

        >>> h, = tf.hessians(tf.reduce_sum(x ** 3), [x])   # inside a tf.function
    """
    from ..graph.gradients import gradients
    from ..ops import array_ops, stack_ops
    xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
    out = []
    for x, g in zip(xs, gradients(ys, xs)):
        if g is None:
            out.append(None)
            continue
        n = x.shape.num_elements()
        if n is None:
            raise ValueError(f"tf.hessians needs the shape of {x.name} to be known, not {x.shape}")
        flat = array_ops.reshape(g, [-1])
        rows = []
        for i in range(n):
            (row,) = gradients(flat[i], [x])
            rows.append(array_ops.zeros_like(x) if row is None else row)
        out.append(array_ops.reshape(stack_ops.stack(rows), x.shape.concatenate(x.shape)))
    return out
