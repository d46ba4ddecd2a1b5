"""Recurrent cells: one time step each. `LSTMCell` (the handbook's text generator drives it by
hand), `GRUCell`, `SimpleRNNCell`, and `StackedRNNCells` chaining several; the `RNN` layer
(numtf/keras/layers/rnn.py) runs a cell over a sequence.

    >>> cell = tf.keras.layers.LSTMCell(units=256)
    >>> state = cell.get_initial_state(batch_size=50, dtype=tf.float32)   # [h, c], zeros
    >>> output, state = cell(x_t, state)                                    # output is the new h

The cells follow tf-keras (Keras 2). LSTMCell: weights `kernel` (input_dim, 4*units),
`recurrent_kernel` (units, 4*units) and `bias` (4*units,), gates in the order input, forget, cell,
output; the forget gate's bias starts at 1 (`unit_forget_bias`); `c = f*c_prev + i*tanh(z_c)`,
`h = o*tanh(c)`. GRUCell: gates update, reset, candidate; with `reset_after` (TF 2's default) the
bias is (2, 3*units), input and recurrent halves, and the reset gate scales the recurrent product;
`h = z*h_prev + (1-z)*hh`. SimpleRNNCell: `h = tanh(x W + h_prev U + b)`.
Dropout as tf-keras's cells do it: masks per input (one per gate) are made on the first call and
reused until `reset_dropout_mask()` / `reset_recurrent_dropout_mask()` (the RNN layer resets them
for each sequence); made outside training, they keep everything. `implementation=2` (the default)
multiplies the whole input by the first mask; `implementation=1` (forced by a recurrent dropout, as
in tf-keras) gives each gate its own masked input and product.
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, creation_ops, join_ops, math_ops, nn_ops, random_ops, stack_ops
from .. import activations, backend, constraints, initializers, regularizers
from ..engine.base_layer import Layer, build_in_scope
from .core import _serialize, _serialize_constraint


def zero_state(batch, size, dtype):
    """A (batch, size) state of zeros; `batch` may be a tensor (a traced batch size)."""
    return creation_ops.zeros(stack_ops.stack([batch, size]) if not isinstance(batch, int) else [batch, size],
                              dtype=dtype)


class _Cell(Layer):
    """What the cells share: argument storage, the three weights, dropout masks, zero states and
    the common config. Subclasses set `_gates` (weight columns are `_gates * units`)."""
    _gates = 1

    def __init__(self, units, activation="tanh", recurrent_activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        if not isinstance(units, int) or units <= 0:
            raise ValueError("Received an invalid value for argument `units`, expected a positive integer, "
                             f"got {units}.")
        self.units = units
        self.activation = activations.get(activation)
        if recurrent_activation is not None:
            self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.implementation = 1 if self.recurrent_dropout != 0 else implementation
        self.state_size = units
        self.output_size = units
        self._dropout_mask = self._recurrent_dropout_mask = None

    def build(self, input_shape):
        input_dim = TensorShape(input_shape)[-1]
        if input_dim is None:
            raise ValueError(f"The last dimension of the inputs to {type(self).__name__} should be defined. "
                             f"Found None. Full input shape received: {TensorShape(input_shape)}")
        cols = self.units * self._gates
        self.kernel = self.add_weight("kernel", shape=(input_dim, cols), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", shape=(self.units, cols), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=self._bias_shape(), initializer=self._bias_init(),
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def _bias_shape(self):
        return (self.units * self._gates,)

    def _bias_init(self):
        return self.bias_initializer

    def _states(self, states, count):
        """The previous states as a list of `count` tensors (a lone tensor is accepted for one)."""
        if count == 1 and not isinstance(states, (list, tuple)):
            return [array_ops._as_tensor(states)]
        if not isinstance(states, (list, tuple)) or len(states) != count:
            shape = f"(batch, {self.units})"
            raise ValueError(f"{type(self).__name__} expects its states as a list of {count} tensor(s) of "
                             f"shape {shape}; got {states!r}")
        return [array_ops._as_tensor(s) for s in states]

    def _masks(self, name, like, rate, training):
        """The cached dropout masks for `like` (None without dropout), one per gate: random when
        made in training, ones otherwise (kept until reset, as tf-keras keeps them)."""
        if not 0 < rate < 1:
            return None
        masks = self.__dict__.get(name)
        if masks is None:
            if training is None:
                training = backend.learning_phase()
            if training:
                masks = [stack_ops.cast(random_ops.uniform(array_ops.shape(like), dtype=like.dtype) >= rate,
                                        like.dtype) / (1.0 - rate) for _ in range(self._gates)]
            else:
                masks = [creation_ops.ones_like(like)] * self._gates
            self.__dict__[name] = masks
        return masks

    def reset_dropout_mask(self):
        self.__dict__["_dropout_mask"] = None

    def reset_recurrent_dropout_mask(self):
        self.__dict__["_recurrent_dropout_mask"] = None

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Zeros of shape (batch_size, size) per state (a list when the cell has several states),
        or of the batch and dtype of `inputs`."""
        if inputs is not None:
            inputs = array_ops._as_tensor(inputs)
            batch_size, dtype = array_ops.shape(inputs)[0], inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial state. "
                             f"Received: batch_size={batch_size}, dtype={dtype}")
        dtype = dtypes.as_dtype(dtype)
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [self.state_size]
        states = [zero_state(batch_size, size, dtype) for size in sizes]
        return states if isinstance(self.state_size, (list, tuple)) else states[0]

    def _input_bias(self):
        return self.bias if self.use_bias else None

    def _project(self, x, training=None):
        """The input's part of every gate (implementation 2): (x * dropout mask) @ kernel + the
        input bias. `x` is one step (batch, features) or a whole sequence (batch, time, features):
        the RNN layer projects all steps in one product, then runs only `_recur` per step."""
        masks = self._masks("_dropout_mask", x if x.shape.rank == 2 else x[:, 0], self.dropout, training)
        if masks:
            x = x * (masks[0] if x.shape.rank == 2 else array_ops.expand_dims(masks[0], 1))
        if x.shape.rank == 2:
            return _affine(x, self.kernel, self._input_bias())
        shape = array_ops.shape(x)  # (batch, time, features) -> one product over batch * time rows
        z = _affine(array_ops.reshape(x, [-1, x.shape[-1]]), self.kernel, self._input_bias())
        return array_ops.reshape(z, stack_ops.stack([shape[0], shape[1], self.units * self._gates]))

    def call(self, inputs, states, training=None):
        if self.implementation == 1:
            return self._call_per_gate(inputs, states, training)
        return self._recur(self._project(inputs, training), states, training)

    def _product(self, x, h, cols, x_mask=None, h_mask=None):
        """x @ kernel[:, cols] + h @ recurrent_kernel[:, cols] (+ bias[cols]), masked first."""
        x = x * x_mask if x_mask is not None else x
        h = h * h_mask if h_mask is not None else h
        z = math_ops.matmul(x, self.kernel[:, cols]) + math_ops.matmul(h, self.recurrent_kernel[:, cols])
        return nn_ops.bias_add(z, self.bias[cols]) if self.use_bias else z

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "activation": activations.serialize(self.activation)})
        if hasattr(self, "recurrent_activation"):
            config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config.update({
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer)})
        config.update(self._extra_config_before_regularizers())
        config.update({
            "kernel_regularizer": _serialize(self.kernel_regularizer, regularizers),
            "recurrent_regularizer": _serialize(self.recurrent_regularizer, regularizers),
            "bias_regularizer": _serialize(self.bias_regularizer, regularizers),
            "kernel_constraint": _serialize_constraint(self.kernel_constraint),
            "recurrent_constraint": _serialize_constraint(self.recurrent_constraint),
            "bias_constraint": _serialize_constraint(self.bias_constraint),
            "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout})
        return config

    def _extra_config_before_regularizers(self):
        return {}


def _forget_bias_initializer(bias_initializer, units):
    """The bias initializer with the forget gate's quarter set to ones (unit_forget_bias)."""
    def init(shape, dtype=None, **kwargs):
        return join_ops.concat([bias_initializer((units,), dtype=dtype), initializers.Ones()((units,), dtype=dtype),
                                 bias_initializer((units * 2,), dtype=dtype)], axis=0)
    return init


class LSTMCell(_Cell):
    """One LSTM step: `cell(inputs, [h, c])` returns `(h_new, [h_new, c_new])`.

        >>> cell = tf.keras.layers.LSTMCell(4)
        >>> h, (h, c) = cell(tf.ones([2, 3]), cell.get_initial_state(batch_size=2, dtype=tf.float32))
    """
    _gates = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, **kwargs):
        super().__init__(units, activation, recurrent_activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer, recurrent_regularizer,
                         bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout,
                         recurrent_dropout, **kwargs)
        self.unit_forget_bias = unit_forget_bias
        self.state_size = [units, units]

    def _bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        units, init = self.units, self.bias_initializer

        def forget_ones(shape, dtype=None, **kwargs):  # the forget gate's quarter starts at 1
            return join_ops.concat([init((units,), dtype=dtype), initializers.Ones()((units,), dtype=dtype),
                                    init((units * 2,), dtype=dtype)], axis=0)
        return forget_ones

    def _call_per_gate(self, inputs, states, training):  # a masked input and a product per gate
        h_prev, c_prev = self._states(states, 2)
        x_masks = self._masks("_dropout_mask", inputs, self.dropout, training)
        h_masks = self._masks("_recurrent_dropout_mask", h_prev, self.recurrent_dropout, training)
        u = self.units
        z = [self._product(inputs, h_prev, slice(k * u, (k + 1) * u), x_masks and x_masks[k],
                           h_masks and h_masks[k]) for k in range(4)]
        return self._gates_to_states(z, c_prev)

    def _recur(self, zx, states, training=None):
        h_prev, c_prev = self._states(states, 2)  # (implementation 2: no recurrent dropout)
        z = zx + math_ops.matmul(h_prev, self.recurrent_kernel)
        return self._gates_to_states(join_ops.split(z, 4, axis=1), c_prev)

    def _gates_to_states(self, z, c_prev):
        z_i, z_f, z_c, z_o = z
        gate = self.recurrent_activation
        c = gate(z_f) * c_prev + gate(z_i) * self.activation(z_c)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]

    def _extra_config_before_regularizers(self):
        return {"unit_forget_bias": self.unit_forget_bias}

    def get_config(self):
        config = super().get_config()
        config["implementation"] = self.implementation
        return config


class GRUCell(_Cell):
    """One GRU step: `cell(inputs, [h])` returns `(h_new, [h_new])` (a lone state tensor in, a
    lone tensor out).

        >>> cell = tf.keras.layers.GRUCell(4)
        >>> h, (h,) = cell(tf.ones([2, 3]), [tf.zeros([2, 4])])
    """
    _gates = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 reset_after=True, **kwargs):
        super().__init__(units, activation, recurrent_activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer, recurrent_regularizer,
                         bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout,
                         recurrent_dropout, **kwargs)
        self.reset_after = reset_after

    def _bias_shape(self):  # with reset_after: an input bias row and a recurrent bias row
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def _biases(self):
        """(input bias, recurrent bias): with reset_after the bias's two rows, else (bias, None)."""
        if not self.use_bias:
            return None, None
        return (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)

    def _input_bias(self):
        return self._biases()[0]

    def _call_per_gate(self, inputs, states, training):  # a masked input and a product per gate
        nested = isinstance(states, (list, tuple))
        (h_prev,) = self._states(states, 1)
        x_masks = self._masks("_dropout_mask", inputs, self.dropout, training)
        h_masks = self._masks("_recurrent_dropout_mask", h_prev, self.recurrent_dropout, training)
        u = self.units
        x_bias, h_bias = self._biases()
        x_parts, h_parts = [], []
        for k in range(3):
            cols = slice(k * u, (k + 1) * u)
            xk = inputs * x_masks[k] if x_masks else inputs
            x_parts.append(_affine(xk, self.kernel[:, cols], None if x_bias is None else x_bias[cols]))
            hk = h_prev * h_masks[k] if h_masks else h_prev
            if k < 2 or self.reset_after:
                h_parts.append(_affine(hk, self.recurrent_kernel[:, cols], None if h_bias is None else h_bias[cols]))
            else:
                h_parts.append(hk)  # reset_before: the product comes after the reset gate
        h_new = self._combine(x_parts, h_parts, h_prev)
        return h_new, [h_new] if nested else h_new

    def _recur(self, zx, states, training=None):
        nested = isinstance(states, (list, tuple))
        (h_prev,) = self._states(states, 1)  # (implementation 2: no recurrent dropout)
        u = self.units
        x_parts = join_ops.split(zx, 3, axis=1)
        if self.reset_after:
            h_parts = join_ops.split(_affine(h_prev, self.recurrent_kernel, self._biases()[1]), 3, axis=1)
        else:
            h_parts = join_ops.split(math_ops.matmul(h_prev, self.recurrent_kernel[:, :2 * u]), 2, axis=1) + [h_prev]
        h_new = self._combine(x_parts, h_parts, h_prev)
        return h_new, [h_new] if nested else h_new

    def _combine(self, x_parts, h_parts, h_prev):
        """The gates from the input and recurrent parts (update, reset, candidate); without
        reset_after the candidate's recurrent part is the state to multiply after the reset."""
        gate = self.recurrent_activation
        z = gate(x_parts[0] + h_parts[0])
        r = gate(x_parts[1] + h_parts[1])
        if self.reset_after:
            recurrent_h = r * h_parts[2]
        else:
            recurrent_h = math_ops.matmul(r * h_parts[2], self.recurrent_kernel[:, 2 * self.units:])
        hh = self.activation(x_parts[2] + recurrent_h)
        return z * h_prev + (1 - z) * hh

    def get_config(self):
        config = super().get_config()
        config.update({"implementation": self.implementation, "reset_after": self.reset_after})
        return config


def _affine(x, w, b):
    z = math_ops.matmul(x, w)
    return z if b is None else nn_ops.bias_add(z, b)


class SimpleRNNCell(_Cell):
    """One fully-connected RNN step: `h = activation(x W + h_prev U + b)`; returns `(h, [h])`.

        >>> cell = tf.keras.layers.SimpleRNNCell(4)
        >>> h, (h,) = cell(tf.ones([2, 3]), [tf.zeros([2, 4])])
    """

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        super().__init__(units, activation, None, use_bias, kernel_initializer, recurrent_initializer,
                         bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
                         kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                         **kwargs)
        self.implementation = 2  # (tf-keras's SimpleRNNCell has one form: any dropout applies per step)

    def _recur(self, zx, states, training=None):
        nested = isinstance(states, (list, tuple))
        (h_prev,) = self._states(states, 1)
        h_masks = self._masks("_recurrent_dropout_mask", h_prev, self.recurrent_dropout, training)
        prev = h_prev * h_masks[0] if h_masks else h_prev
        out = zx + math_ops.matmul(prev, self.recurrent_kernel)
        if self.activation is not None:
            out = self.activation(out)
        return out, [out] if nested else out


class StackedRNNCells(Layer):
    """Several cells as one: each step feeds each cell's output to the next; the states are the
    cells' states in order (each cell's own structure: a list for an LSTM, a tensor for a GRU).

        >>> cells = tf.keras.layers.StackedRNNCells([tf.keras.layers.LSTMCell(8), tf.keras.layers.GRUCell(4)])
        >>> layer = tf.keras.layers.RNN(cells)
    """

    def __init__(self, cells, **kwargs):
        for cell in cells:
            if "call" not in dir(cell) or not hasattr(cell, "state_size"):
                raise ValueError("All cells must have a `call` method and a `state_size` attribute. "
                                 f"Received cells: {cells}")
        super().__init__(**kwargs)
        self.cells = list(cells)

    @property
    def state_size(self):
        return tuple(c.state_size for c in self.cells)

    @property
    def output_size(self):
        last = self.cells[-1]
        return getattr(last, "output_size", None) or _first_size(last.state_size)

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer):
                build_in_scope(cell, shape)
            shape = TensorShape([shape[0], getattr(cell, "output_size", None) or _first_size(cell.state_size)])
        self.built = True

    def call(self, inputs, states, training=None):
        new_states = []
        for cell, state in zip(self.cells, states):
            kwargs = {"training": training} if getattr(cell, "_expects_training_arg", False) else {}
            inputs, state = cell(inputs, state, **kwargs)
            new_states.append(state)
        return inputs, new_states

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        return [cell.get_initial_state(inputs=inputs, batch_size=batch_size, dtype=dtype) for cell in self.cells]

    def reset_dropout_mask(self):
        for cell in self.cells:
            getattr(cell, "reset_dropout_mask", lambda: None)()

    def reset_recurrent_dropout_mask(self):
        for cell in self.cells:
            getattr(cell, "reset_recurrent_dropout_mask", lambda: None)()

    def get_config(self):
        from .serialization import serialize_layer
        config = super().get_config()
        config["cells"] = [serialize_layer(cell) for cell in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from .serialization import deserialize_layer
        config = dict(config)
        cells = [deserialize_layer(c, custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)


def _first_size(size):
    return size[0] if isinstance(size, (list, tuple)) else size
