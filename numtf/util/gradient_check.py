"""`tf.test.compute_gradient`: the Jacobians of a function from its gradient (the tape) and from
central finite differences, as TF's gradient checker returns them.

    >>> theoretical, numerical = tf.test.compute_gradient(lambda x: x * x, [tf.constant([1.0, 2.0])])
    >>> theoretical[0]
    array([[2., 0.],
           [0., 4.]], dtype=float32)
"""
import numpy as np

__all__ = ["compute_gradient"]

_ALLOWED = ("float16", "bfloat16", "float32", "float64")


def compute_gradient(f, x, delta=None):
    """`(theoretical, numerical)`: two tuples with one Jacobian per argument in `x` (a list or
    tuple of values `f` takes). Each Jacobian is a NumPy array of shape [y.size, x_i.size] and
    x_i's dtype, where `J[j, k] = d y.flat[j] / d x_i.flat[k]`; the theoretical one comes from
    GradientTape, the numerical one from `(f(x + delta) - f(x - delta)) / (2 delta)` per element
    (delta 1/1024 unless given).

        >>> t, n = tf.test.compute_gradient(tf.sin, [tf.constant([0.5])])
        >>> np.allclose(t, n, atol=1e-3)
        True
    """
    from ..ops.convert import convert_to_tensor
    from ..autodiff.tape import GradientTape
    if not isinstance(x, (list, tuple)):
        raise ValueError("`x` must be a list or tuple of values convertible to a Tensor (arguments to `f`), "
                         f"not a {type(x)}")
    xs = [convert_to_tensor(v) for v in x]
    for i, t in enumerate(xs):
        if t.dtype.is_complex:
            raise NotImplementedError(f"numtf's compute_gradient does not support complex arguments "
                                      f"(argument {i} is {t.dtype.name})")
        if t.dtype.name not in _ALLOWED:
            raise AssertionError(f"Cannot compute gradient for unsupported type {t.dtype.name} of argument {i}")
    delta = 1.0 / 1024 if delta is None else delta
    values = [t.numpy() for t in xs]

    def call(arrays):
        y = f(*[convert_to_tensor(a, dtype=t.dtype) for a, t in zip(arrays, xs)])
        return np.asarray(convert_to_tensor(y).numpy())

    with GradientTape(persistent=True) as tape:
        args = [convert_to_tensor(v, dtype=t.dtype) for v, t in zip(values, xs)]
        for a in args:
            tape.watch(a)
        y = convert_to_tensor(f(*args))
    y_size = int(np.prod(y.shape.as_list()))
    y_shape = y.shape.as_list()
    theoretical = [np.zeros((y_size, v.size), v.dtype) for v in values]
    for j in range(y_size):
        onehot = np.zeros(y_size, y.dtype._np)
        onehot[j] = 1
        grads = tape.gradient(y, args, output_gradients=convert_to_tensor(onehot.reshape(y_shape), dtype=y.dtype))
        for i, g in enumerate(grads):
            if g is not None:
                theoretical[i][j] = np.asarray(convert_to_tensor(g).numpy(), values[i].dtype).reshape(-1)
    del tape

    numerical = []
    for i, v in enumerate(values):
        jac = np.zeros((y_size, v.size), v.dtype)
        step = np.asarray(delta, v.dtype)
        for k in range(v.size):
            plus, minus = [a.copy() for a in values], [a.copy() for a in values]
            plus[i] = v.copy().reshape(-1)
            minus[i] = v.copy().reshape(-1)
            plus[i][k] += step
            minus[i][k] -= step
            plus[i], minus[i] = plus[i].reshape(v.shape), minus[i].reshape(v.shape)
            diff = (call(plus).astype(v.dtype).reshape(-1) - call(minus).astype(v.dtype).reshape(-1))
            jac[:, k] = diff / (2 * step)
        numerical.append(jac)
    return tuple(theoretical), tuple(numerical)
