"""`tf.compat.v1.nn.rnn_cell`: TF1's RNN cells (Keras layers, as in tf-keras's legacy cells).

A cell maps (inputs, state) to (output, new state) for one time step; `zero_state(batch_size,
dtype)` gives the initial state. Weights are made on the first call: 'kernel' of shape
[input_depth + num_units, k * num_units] and 'bias'.

    >>> cell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(num_units=256)
    >>> state = cell.zero_state(batch_size=32, dtype=tf.float32)
    >>> output, state = cell(inputs[:, t, :], state)
"""
import collections
import sys
import warnings

from ...framework import dtypes
from ...framework.context import ctx
from ...keras.backend import to_snake_case
from ...keras.engine.base_layer import Layer

__all__ = ["RNNCell", "LSTMStateTuple", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell"]


def _tf():
    return sys.modules["numtf"]


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The (c, h) state of an LSTM cell."""
    __slots__ = ()

    @property
    def dtype(self):
        if self.c.dtype != self.h.dtype:
            raise TypeError(f"Inconsistent internal state: {self.c.dtype} vs {self.h.dtype}")
        return self.c.dtype


# The Keras cell TF names in each TF1 cell's deprecation warning.
_KERAS_EQUIVALENT = {"BasicRNNCell": "SimpleRNNCell", "BasicLSTMCell": "LSTMCell", "LSTMCell": "LSTMCell",
                     "GRUCell": "GRUCell"}


def _warn_deprecated(cls):
    """TF's UserWarning on making a TF1 cell, attributed to the line of user code that made it."""
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(f"`tf.nn.rnn_cell.{cls.__name__}` is deprecated and will be removed in a future version. This "
                  f"class is equivalent as `tf.keras.layers.{_KERAS_EQUIVALENT[cls.__name__]}`, and will be "
                  "replaced by that in Tensorflow 2.0.", UserWarning, stacklevel=level)


class RNNCell(Layer):
    """Base class: `state_size`, `output_size`, `zero_state`, and `call(inputs, state)`.

    Named as tf-keras's legacy TF1 layers are: `name` is Keras-unique and 1-based
    ('basic_lstm_cell_1', 'basic_lstm_cell_2', ...) unless given, while the variables live in the
    variable scope the first call opens with the base name, unique within the variable scope it
    is called in ('basic_lstm_cell/kernel:0', then 'basic_lstm_cell_1/...'; 'rnn/basic_lstm_cell'
    under dynamic_rnn). Name scopes, a Keras model's among them, do not enter variable names.
    """

    _name_scoped = False  # variables are named by the variable scope (see __call__)

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        if type(self).__module__ == __name__ and type(self).__name__ in _KERAS_EQUIVALENT:
            _warn_deprecated(type(self))
        base = name or to_snake_case(type(self).__name__)
        if name is None:
            from ...keras.backend import unique_object_name
            name = unique_object_name(base, zero_based=False)
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._base_name = base
        self._var_scope = None  # the VariableScope of the first call

    def __call__(self, inputs, state, scope=None, **kwargs):
        from ._scope import variable_scope
        if self.__dict__.get("_var_scope") is None:
            with variable_scope(scope, default_name=self._base_name) as captured:
                self._var_scope = captured
        with variable_scope(self._var_scope, auxiliary_name_scope=False) as vs:
            saved = ctx.scope
            ctx.scope = vs.name + "/"
            try:
                return super().__call__(inputs, state, **kwargs)
            finally:
                ctx.scope = saved

    @property
    def state_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    def zero_state(self, batch_size, dtype):
        """Zeros shaped like the state, for `batch_size` examples."""
        tf = _tf()

        def zeros(size):
            if isinstance(size, (tuple, list)):
                return type(size)(*[zeros(s) for s in size]) if hasattr(size, "_fields") else \
                    type(size)(zeros(s) for s in size)
            return tf.zeros([batch_size, size], dtype)
        return zeros(self.state_size)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            batch_size = _tf().shape(inputs)[0]
            dtype = dtype or inputs.dtype
        return self.zero_state(batch_size, dtype or dtypes.float32)


def _activation(activation):
    if activation is None:
        return _tf().tanh
    if isinstance(activation, str):
        from ...keras import activations
        return activations.get(activation)
    return activation


class BasicRNNCell(RNNCell):
    """output = new_state = activation(W [inputs, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = inputs_shape[-1]
        if depth is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, received shape: {inputs_shape}")
        self.kernel = self.add_weight("kernel", shape=[depth + self._num_units, self._num_units])
        self.bias = self.add_weight("bias", shape=[self._num_units], initializer="zeros")
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        output = self._activation(tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self.kernel), self.bias))
        return output, output


class BasicLSTMCell(RNNCell):
    """An LSTM step: i, j, f, o = split(W [inputs, h] + b); c' = c * sigmoid(f + forget_bias) +
    sigmoid(i) * tanh(j); h' = tanh(c') * sigmoid(o)."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)
        self._kernel_initializer = None

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = inputs_shape[-1]
        if depth is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, received shape: {inputs_shape}")
        n = self._num_units
        self.kernel = self.add_weight("kernel", shape=[depth + n, 4 * n], initializer=self._kernel_initializer)
        self.bias = self.add_weight("bias", shape=[4 * n], initializer="zeros")
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        sigmoid = tf.sigmoid
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = tf.split(state, 2, axis=1)
        gates = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1), self.kernel), self.bias)
        i, j, f, o = tf.split(gates, 4, axis=1)
        new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * sigmoid(o)
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else tf.concat([new_c, new_h], 1)
        return new_h, new_state


class LSTMCell(BasicLSTMCell):
    """TF1's LSTMCell without peepholes, clipping or projection (the same step as BasicLSTMCell,
    with a kernel `initializer`)."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None, **kwargs):
        if use_peepholes or cell_clip is not None or num_proj is not None or proj_clip is not None:
            raise NotImplementedError("numtf's LSTMCell has no peepholes, clipping or projection")
        super().__init__(num_units, forget_bias, state_is_tuple, activation, reuse, name, dtype, **kwargs)
        self._kernel_initializer = initializer


class GRUCell(RNNCell):
    """A GRU step: r, u = sigmoid(W_g [x, h] + b_g); c = tanh(W_c [x, r*h] + b_c); h' = u*h + (1-u)*c."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = inputs_shape[-1]
        n = self._num_units
        self._gate_kernel = self.add_weight("gates/kernel", shape=[depth + n, 2 * n],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight("gates/bias", shape=[2 * n], initializer=self._bias_initializer or "ones")
        self._candidate_kernel = self.add_weight("candidate/kernel", shape=[depth + n, n],
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight("candidate/bias", shape=[n],
                                               initializer=self._bias_initializer or "zeros")
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        gates = tf.sigmoid(tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
                                          self._gate_bias))
        r, u = tf.split(gates, 2, axis=1)
        candidate = self._activation(tf.nn.bias_add(
            tf.matmul(tf.concat([inputs, r * state], 1), self._candidate_kernel), self._candidate_bias))
        new_h = u * state + (1 - u) * candidate
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Cells stacked: each one's output is the next one's input; the state is a tuple of theirs."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not state_is_tuple:
            raise NotImplementedError("numtf's MultiRNNCell keeps its state as a tuple")
        self._cells = list(cells)

    @property
    def state_size(self):
        return tuple(c.state_size for c in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        return tuple(c.zero_state(batch_size, dtype) for c in self._cells)

    def call(self, inputs, state):
        from ._scope import variable_scope
        out, new_states = inputs, []
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                out, s = cell(out, state[i])
            new_states.append(s)
        return out, tuple(new_states)
