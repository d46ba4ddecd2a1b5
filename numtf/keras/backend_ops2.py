"""More of `tf.keras.backend` (tf-keras 2 semantics): ranges and products (`arange`, `batch_dot`,
`cumprod`), normalization helpers, the focal cross-entropies, random values and variables,
variable updates, control flow (`switch`, `in_train_phase`, `rnn`, `map_fn`, `foldl`/`foldr`) and
`function`. The convolutions, poolings, paddings and resizes are in `backend_ops3`.

    >>> K = tf.keras.backend
    >>> K.batch_dot(tf.ones([2, 3]), tf.ones([2, 3])).numpy().tolist()
    [[3.0], [3.0]]
"""
import sys
import warnings

import numpy as np

import numtf as _tf

from . import backend

__all__ = ["arange", "batch_dot", "batch_normalization", "bias_add", "binary_focal_crossentropy",
           "categorical_focal_crossentropy", "count_params", "cumprod", "dropout", "eval", "foldl", "foldr",
           "function", "greater_equal", "less_equal", "hard_sigmoid", "in_test_phase", "in_train_phase", "in_top_k",
           "is_sparse", "map_fn", "moving_average_update", "name_scope", "ndim", "normalize_batch_in_training",
           "permute_dimensions", "placeholder", "print_tensor", "random_bernoulli", "random_binomial",
           "random_normal", "random_normal_variable", "random_uniform", "random_uniform_variable", "repeat",
           "repeat_elements", "reverse", "rnn", "softsign", "switch", "tile", "to_dense", "truncated_normal",
           "update", "update_add", "update_sub"]

name_scope = _tf.name_scope


def _t(x):
    return x if isinstance(x, (_tf.Variable, _tf.SparseTensor)) else _tf.convert_to_tensor(x)


def _shape(x):
    """Static shape as a tuple (None for unknown dimensions)."""
    return tuple(_t(x).shape.as_list())


def ndim(x):
    """The rank of x (None when unknown).

        >>> tf.keras.backend.ndim(tf.ones([2, 3]))
        2
    """
    return _t(x).shape.rank


def count_params(x):
    """The number of entries of a variable or tensor (a NumPy integer, as tf-keras)."""
    return np.prod(_t(x).shape.as_list())


def arange(start, stop=None, step=1, dtype="int32"):
    """tf.range, cast to `dtype`; a negative `start` with no `stop` gives an empty range.

        >>> tf.keras.backend.arange(3).numpy().tolist()
        [0, 1, 2]
    """
    if stop is None and not isinstance(start, _tf.Tensor) and start < 0:
        start = 0
    result = _tf.range(start, limit=stop, delta=step, name="arange")
    return result if dtype == "int32" else _tf.cast(result, dtype)


def batch_dot(x, y, axes=None):
    """Per-sample dot product: contracts `axes` = (axis of x, axis of y) for every batch entry;
    the result has x's remaining axes then y's (at least 2 dims: (batch, 1) for two matrices).

        >>> tf.keras.backend.batch_dot(tf.ones([4, 2, 3]), tf.ones([4, 3, 5])).shape
        TensorShape([4, 2, 5])
    """
    x, y = _t(x), _t(y)
    xs, ys = _shape(x), _shape(y)
    xn, yn = len(xs), len(ys)
    if xn < 2 or yn < 2:
        raise ValueError(f"Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes {xs} and {ys}.")
    if xs[0] is not None and ys[0] is not None and xs[0] != ys[0]:
        raise ValueError("Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes "
                         f"{xs} and {ys}.")
    if isinstance(axes, int):
        axes = [axes, axes]
    if axes is None:
        axes = [xn - 1, yn - 1] if yn == 2 else [xn - 1, yn - 2]
    if any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError(f"Multiple target dimensions are not supported. Expected: None, int, (int, int), "
                         f"Provided: {axes}")
    axes = [axes[0] + xn if axes[0] < 0 else axes[0], axes[1] + yn if axes[1] < 0 else axes[1]]
    if 0 in axes:
        raise ValueError("Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch "
                         "dimension to your inputs using K.expand_dims(x, 0)")
    d1, d2 = xs[axes[0]], ys[axes[1]]
    if d1 is not None and d2 is not None and d1 != d2:
        raise ValueError(f"Cannot do batch_dot on inputs with shapes {xs} and {ys} with axes={axes}. "
                         f"x.shape[{axes[0]}] != y.shape[{axes[1]}] ({d1} != {d2}).")
    # an einsum: batch letter 'a', contracted letter 'z', the others distinct
    letters = iter("bcdefghijklmnopqrstuvwxy")
    xl = ["a"] + [("z" if i == axes[0] else next(letters)) for i in range(1, xn)]
    yl = ["a"] + [("z" if i == axes[1] else next(letters)) for i in range(1, yn)]
    out = "a" + "".join(c for c in xl[1:] if c != "z") + "".join(c for c in yl[1:] if c != "z")
    result = _tf.einsum(f"{''.join(xl)},{''.join(yl)}->{out}", x, y)
    return _tf.expand_dims(result, 1) if len(out) == 1 else result


def _broadcast_param(p, x, axis):
    """A per-channel parameter (rank 1) reshaped to broadcast along `axis` of x."""
    if p is None:
        return None
    p = _t(p)
    rank = x.shape.rank
    if p.shape.rank == 1 and rank and axis % rank != rank - 1:
        shape = [1] * rank
        shape[axis % rank] = -1
        p = _tf.reshape(p, shape)
    return p


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta, the parameters broadcast along `axis`.

        >>> tf.keras.backend.batch_normalization(tf.constant([[3.]]), [1.], [4.], None, None).numpy()
        array([[0.99987507]], dtype=float32)
    """
    x = _t(x)
    mean, var, beta, gamma = (_broadcast_param(p, x, axis) for p in (mean, var, beta, gamma))
    return _tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    """(normalized x, mean, variance) over `reduction_axes` (gamma, beta: None or the shape of the
    kept axes).

        >>> normed, mean, var = tf.keras.backend.normalize_batch_in_training(
        ...     tf.constant([[1., 2.], [3., 5.]]), None, None, [0])
        >>> mean.numpy().tolist()
        [2.0, 3.5]
    """
    x = _t(x)
    reduction_axes = [a % x.shape.rank for a in reduction_axes]
    mean, var = _tf.nn.moments(x, reduction_axes, keepdims=True)
    kept = [x.shape[i] if i not in reduction_axes else 1 for i in range(x.shape.rank)]
    gamma = None if gamma is None else _tf.reshape(gamma, kept)
    beta = None if beta is None else _tf.reshape(beta, kept)
    normed = _tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)
    return normed, _tf.squeeze(mean, reduction_axes), _tf.squeeze(var, reduction_axes)


def bias_add(x, bias, data_format=None):
    """x + bias on the channels axis (the last, or axis 1 with 'channels_first'); `bias` has rank 1
    or the rank of x minus 1.

        >>> tf.keras.backend.bias_add(tf.zeros([1, 2]), tf.constant([1., 2.])).numpy().tolist()
        [[1.0, 2.0]]
    """
    data_format = data_format or backend.image_data_format()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"Unknown data_format: {data_format}")
    x, bias = _t(x), _t(bias)
    bias_shape = _shape(bias)
    if len(bias_shape) != 1 and len(bias_shape) != ndim(x) - 1:
        raise ValueError(f"Unexpected bias dimensions {len(bias_shape)}, expect to be 1 or {ndim(x) - 1} dimensions")
    if len(bias_shape) == 1:
        if data_format == "channels_first" and ndim(x) > 2:
            return x + _tf.reshape(bias, [1, bias_shape[0]] + [1] * (ndim(x) - 2))
        return _tf.nn.bias_add(x, bias)
    if data_format == "channels_first":  # tf-keras reshapes (it does not transpose) the bias
        return x + _tf.reshape(bias, [1, bias_shape[-1]] + list(bias_shape[:-1]))
    return x + _tf.expand_dims(bias, 0)


def binary_focal_crossentropy(target, output, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False):
    """Elementwise (1 - p_t) ** gamma * binary cross-entropy (no mean: that is the loss's job).

        >>> round(float(tf.keras.backend.binary_focal_crossentropy(tf.constant([1.]), tf.constant([.5]))[0]), 4)
        0.1733
    """
    from .losses.focal import _elementwise_bce
    output = _t(output)
    target = _tf.cast(target, output.dtype)
    probs = _tf.sigmoid(output) if from_logits else output
    p_t = target * probs + (1.0 - target) * (1.0 - probs)
    focal = _tf.pow(1.0 - p_t, gamma) * _elementwise_bce(target, output, from_logits)
    if apply_class_balancing:
        focal = (target * alpha + (1.0 - target) * (1.0 - alpha)) * focal
    return focal


def categorical_focal_crossentropy(target, output, alpha=0.25, gamma=2.0, from_logits=False, axis=-1):
    """sum(alpha * (1 - p) ** gamma * -target * log(p), axis) per example."""
    from .losses.focal import categorical_focal_crossentropy as cfce
    return cfce(target, output, alpha=alpha, gamma=gamma, from_logits=from_logits, axis=axis)


def cumprod(x, axis=0):
    """Cumulative product along `axis` (default 0, as tf-keras)."""
    return _tf.math.cumprod(x, axis=axis)


def dropout(x, level, noise_shape=None, seed=None):
    """tf.nn.dropout with rate `level` (a seed drawn from NumPy when not given, as tf-keras)."""
    if seed is None:
        seed = np.random.randint(10e6)
    return _tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


def eval(x):  # noqa: A001 - Keras's name
    """The value of a tensor or variable as a NumPy array (sparse tensors made dense)."""
    return backend.get_value(to_dense(x))


def is_sparse(tensor):
    """True for a `tf.SparseTensor`."""
    return isinstance(tensor, _tf.SparseTensor) or type(tensor).__name__ == "SparseTensorSpec"


def to_dense(tensor):
    """A sparse tensor made dense; anything else returned as it is."""
    return _tf.sparse.to_dense(tensor) if isinstance(tensor, _tf.SparseTensor) else tensor


def greater_equal(x, y):
    return _tf.greater_equal(x, y)


def less_equal(x, y):
    return _tf.less_equal(x, y)


def softsign(x):
    """x / (1 + |x|)."""
    return _tf.nn.softsign(x)


def hard_sigmoid(x):
    """clip(0.2 * x + 0.5, 0, 1): tf-keras's piecewise-linear sigmoid.

        >>> tf.keras.backend.hard_sigmoid(tf.constant([-3., 0., 1.])).numpy().tolist()
        [0.0, 0.5, 0.699999988079071]
    """
    x = _t(x)
    x = x * _tf.constant(0.2, x.dtype) + _tf.constant(0.5, x.dtype)
    return _tf.clip_by_value(x, _tf.constant(0.0, x.dtype), _tf.constant(1.0, x.dtype))


def in_top_k(predictions, targets, k):
    """Whether each target is among the top `k` predictions of its row (note the argument order:
    predictions first, unlike tf.math.in_top_k)."""
    return _tf.math.in_top_k(targets, predictions, k)


def permute_dimensions(x, pattern):
    return _tf.transpose(x, perm=pattern)


def repeat(x, n):
    """(samples, dim) -> (samples, n, dim)."""
    assert ndim(x) == 2
    return _tf.tile(_tf.expand_dims(x, 1), [1, n, 1])


def repeat_elements(x, rep, axis):
    """Each entry repeated `rep` times along `axis` (np.repeat)."""
    return _tf.repeat(x, rep, axis=axis)


def reverse(x, axes):
    if isinstance(axes, int):
        axes = [axes]
    return _tf.reverse(x, axes)


def tile(x, n):
    if isinstance(n, int):
        n = [n]
    return _tf.tile(x, n)


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None, ragged=False):
    """A Keras symbolic input of the full (batch included) `shape`, or of rank `ndim` with unknown
    dimensions (an `Input` layer's tensor, as tf-keras makes in TF 2).

        >>> tf.keras.backend.placeholder((2, 3)).shape
        TensorShape([2, 3])
    """
    if sparse or ragged:
        raise NotImplementedError("tf.keras.backend.placeholder: `sparse` and `ragged` placeholders")
    from .engine.input_layer import Input
    if shape is None:
        shape = (None,) * (ndim or 0)
    return Input(batch_shape=tuple(shape), dtype=dtype or backend.floatx(), name=name)


def print_tensor(x, message="", summarize=3):
    """Prints `message` and the value of x to stdout (when the graph runs, inside a traced
    function) and returns x."""
    if _tf.executing_eagerly():
        _tf.print(message, x, output_stream=sys.stdout, summarize=summarize)
        return x
    op = _tf.print(message, x, output_stream=sys.stdout, summarize=summarize)
    with _tf.control_dependencies([op]):
        return _tf.identity(x)


# -- random values ----------------------------------------------------------------------------
def _seed(seed, high=10e6):
    return np.random.randint(high) if seed is None else seed


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples of `shape` (floatx by default)."""
    return _tf.random.normal(shape, mean=mean, stddev=stddev, dtype=dtype or backend.floatx(), seed=_seed(seed))


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform samples in [minval, maxval)."""
    return _tf.random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype or backend.floatx(), seed=_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples redrawn beyond two standard deviations."""
    return _tf.random.truncated_normal(shape, mean=mean, stddev=stddev, dtype=dtype or backend.floatx(),
                                       seed=_seed(seed))


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    """1 with probability p, else 0 (a uniform draw <= p)."""
    dtype = dtype or backend.floatx()
    return _tf.where(_tf.random.uniform(shape, dtype=dtype, seed=_seed(seed)) <= p,
                     _tf.ones(shape, dtype=dtype), _tf.zeros(shape, dtype=dtype))


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """Deprecated name of `random_bernoulli` (warns, as tf-keras)."""
    warnings.warn("`tf.keras.backend.random_binomial` is deprecated, and will be removed in a future version."
                  "Please use `tf.keras.backend.random_bernoulli` instead.", stacklevel=2)
    return random_bernoulli(shape, p, dtype, seed)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    """A variable of normal samples (mean, standard deviation `scale`)."""
    dtype = dtype or backend.floatx()
    value = _tf.random.normal(shape, mean=mean, stddev=scale, dtype=dtype, seed=_seed(seed, 10e8))
    return _tf.Variable(value, dtype=dtype, name=name)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    """A variable of uniform samples in [low, high)."""
    dtype = dtype or backend.floatx()
    value = _tf.random.uniform(shape, minval=low, maxval=high, dtype=dtype, seed=_seed(seed, 10e8))
    return _tf.Variable(value, dtype=dtype, name=name)


# -- variable updates -------------------------------------------------------------------------
def update(x, new_x):
    return x.assign(new_x)


def update_add(x, increment):
    return x.assign_add(increment)


def update_sub(x, decrement):
    return x.assign_sub(decrement)


def moving_average_update(x, value, momentum):
    """x <- x * momentum + value * (1 - momentum), written as x -= (x - value) * (1 - momentum)."""
    momentum = _tf.cast(momentum, x.dtype)
    value = _tf.cast(value, x.dtype)
    return x.assign_sub((x - value) * (1 - momentum))


# -- control flow -----------------------------------------------------------------------------
def map_fn(fn, elems, name=None, dtype=None):
    return _tf.map_fn(fn, elems, name=name, dtype=dtype)


def foldl(fn, elems, initializer=None, name=None):
    return _tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    return _tf.foldr(fn, elems, initializer=initializer, name=name)


def switch(condition, then_expression, else_expression):
    """A scalar condition picks a branch (callables are called only on their side); a tensor
    condition selects elementwise (tiled over the extra trailing axes of the expressions).

        >>> tf.keras.backend.switch(tf.constant(True), tf.constant(1.), tf.constant(2.)).numpy()
        1.0
    """
    condition = _t(condition)
    if condition.dtype != _tf.bool:
        condition = _tf.cast(condition, "bool")
    cond_ndim = ndim(condition)
    if not cond_ndim:
        then_fn = then_expression if callable(then_expression) else (lambda: then_expression)
        else_fn = else_expression if callable(else_expression) else (lambda: else_expression)
        return _tf.cond(condition, then_fn, else_fn)
    then_expression = _t(then_expression() if callable(then_expression) else then_expression)
    else_expression = _t(else_expression() if callable(else_expression) else else_expression)
    expr_ndim = ndim(then_expression)
    if cond_ndim > expr_ndim:
        raise ValueError("Rank of `condition` should be less than or equal to rank of `then_expression` and "
                         f"`else_expression`. ndim(condition)={cond_ndim}, ndim(then_expression)={expr_ndim}")
    if cond_ndim > 1:
        cond_shape = _tf.concat([_tf.shape(condition), [1] * (expr_ndim - cond_ndim)], axis=0)
        condition = _tf.reshape(condition, cond_shape)
        expr_shape = _tf.shape(then_expression)
        condition = _tf.tile(condition, _tf.where(expr_shape - cond_shape > 0, expr_shape, _tf.ones_like(expr_shape)))
    return _tf.where(condition, then_expression, else_expression)


def in_train_phase(x, alt, training=None):
    """x while training (the learning phase when `training` is None), else alt; callables are
    called only when chosen."""
    if training is None:
        training = backend.learning_phase()
    if training is True or (not isinstance(training, _tf.Tensor) and training == 1):
        return x() if callable(x) else x
    if training is False or (not isinstance(training, _tf.Tensor) and training == 0):
        return alt() if callable(alt) else alt
    return switch(training, x, alt)


def in_test_phase(x, alt, training=None):
    """x at inference, alt while training."""
    return in_train_phase(alt, x, training=training)


def function(inputs, outputs, updates=None, name=None, **kwargs):
    """A callable computing `outputs` from `inputs` (Keras symbolic tensors), returning NumPy
    values: a functional model underneath, as tf-keras does in TF 2.

        >>> x = tf.keras.Input((2,)); f = tf.keras.backend.function([x], [x * 2])
        >>> f([np.ones((1, 2))])[0].tolist()
        [[2.0, 2.0]]
    """
    if kwargs:
        raise ValueError(f"Session keyword arguments are not supported during eager execution. You passed: {kwargs}")
    if updates:
        raise ValueError(f"`updates` argument is not supported during eager execution. You passed: {updates}")
    from .engine.functional import Functional
    model = Functional(inputs=inputs, outputs=outputs)
    wrap = isinstance(outputs, list) and len(outputs) == 1

    def func(model_inputs):
        outs = model(model_inputs)
        if wrap and not isinstance(outs, (list, tuple)):  # a one-output model may hand back the bare tensor
            outs = [outs]
        return _tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, outs)
    return func


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None, unroll=False,
        input_length=None, time_major=False, zero_output_for_mask=False, return_all_outputs=True):
    """Runs `step_function(x_t, states + constants) -> (output, new_states)` over the time axis
    (axis 1, or 0 with `time_major`): (last output, outputs over time, last states). A boolean
    `mask` (batch, time) keeps a masked step's states and repeats the previous output (zeros
    with `zero_output_for_mask`). `unroll` and `input_length` change nothing here: the loop is
    Python's over the known number of steps.

        >>> last, outs, states = tf.keras.backend.rnn(
        ...     lambda x, s: (x + s[0], [x + s[0]]), tf.ones([2, 3, 1]), [tf.zeros([2, 1])])
        >>> last.numpy().tolist()
        [[3.0], [3.0]]
    """
    inputs = _tf.nest.map_structure(_t, inputs)
    flat = _tf.nest.flatten(inputs)
    if not time_major:
        flat = [_tf.transpose(t, [1, 0] + list(range(2, t.shape.rank))) for t in flat]
    for t in flat:
        if t.shape.rank is None or t.shape.rank < 3:
            raise ValueError(f"Shape {tuple(t.shape.as_list())} must have rank at least 3")
    steps = flat[0].shape[0]
    if steps is None:
        raise NotImplementedError("tf.keras.backend.rnn with an unknown number of time steps")
    constants = list(constants or [])
    if mask is not None:
        mask = _tf.cast(_t(mask), _tf.bool)
        if mask.shape.rank == 2:
            mask = _tf.expand_dims(mask, -1)
        mask = _tf.transpose(mask, [1, 0] + list(range(2, mask.shape.rank)))  # time first
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states, outputs, prev = list(initial_states), [], None
    for t in order:
        x_t = _tf.nest.pack_sequence_as(inputs, [f[t] for f in flat])
        out, new_states = step_function(x_t, tuple(states) + tuple(constants))
        new_states = list(_tf.nest.flatten(new_states))
        if mask is not None:
            m = mask[t]

            def keep(new, old, m=m):
                mm = m
                while mm.shape.rank < new.shape.rank:
                    mm = _tf.expand_dims(mm, -1)
                return _tf.where(mm, new, old)
            if prev is None:
                prev = _tf.zeros_like(out)
            out = keep(out, _tf.zeros_like(out) if zero_output_for_mask else prev)
            new_states = [keep(n, o) for n, o in zip(new_states, _tf.nest.flatten(states))]
            prev = out
        states = new_states
        outputs.append(out)
    if not return_all_outputs:
        outputs = outputs[-1:]
    stacked = _tf.stack(outputs, axis=0 if time_major else 1)
    return outputs[-1], stacked, states
