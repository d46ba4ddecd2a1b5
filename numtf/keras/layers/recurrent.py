"""Recurrent cells: `LSTMCell`, one time step of an LSTM, as the handbook's text generator drives it.

    >>> cell = tf.keras.layers.LSTMCell(units=256)
    >>> state = cell.get_initial_state(batch_size=50, dtype=tf.float32)   # [h, c], zeros
    >>> output, state = cell(x_t, state)                                    # output is the new h

The cell follows tf-keras (Keras 2): weights `kernel` (input_dim, 4*units), `recurrent_kernel`
(units, 4*units) and `bias` (4*units,), gates in the order input, forget, cell, output; the forget
gate's bias starts at 1 (`unit_forget_bias`); `c = f*c_prev + i*tanh(z_c)`, `h = o*tanh(c)`.
Dropout as tf-keras's cells do it: four masks per input (one per gate) are made on the first call
and reused until `reset_dropout_mask()` / `reset_recurrent_dropout_mask()` (tf-keras's RNN layer
resets them for each sequence); made outside training, they keep everything. `implementation=2`
(the default) multiplies the whole input by the first mask; `implementation=1` (forced by a
recurrent dropout, as in tf-keras) gives each gate its own masked input and product.
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, creation_ops, join_ops, math_ops, nn_ops, random_ops, stack_ops
from .. import activations, backend, constraints, initializers, regularizers
from ..engine.base_layer import Layer
from .core import _serialize, _serialize_constraint


def _forget_bias_initializer(bias_initializer, units):
    """The bias initializer with the forget gate's quarter set to ones (unit_forget_bias)."""
    def init(shape, dtype=None, **kwargs):
        return join_ops.concat([bias_initializer((units,), dtype=dtype), initializers.Ones()((units,), dtype=dtype),
                                 bias_initializer((units * 2,), dtype=dtype)], axis=0)
    return init


class LSTMCell(Layer):
    """One LSTM step: `cell(inputs, [h, c])` returns `(h_new, [h_new, c_new])`."""

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        if not isinstance(units, int) or units <= 0:
            raise ValueError("Received an invalid value for argument `units`, expected a positive integer, "
                             f"got {units}.")
        self.units = units
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.implementation = 1 if self.recurrent_dropout != 0 else implementation
        self.state_size = [units, units]
        self.output_size = units
        self._dropout_mask = self._recurrent_dropout_mask = None

    def build(self, input_shape):
        input_dim = TensorShape(input_shape)[-1]
        if input_dim is None:
            raise ValueError(f"The last dimension of the inputs to {type(self).__name__} should be defined. "
                             f"Found None. Full input shape received: {TensorShape(input_shape)}")
        units = self.units
        self.kernel = self.add_weight("kernel", shape=(input_dim, units * 4), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", shape=(units, units * 4), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            init = (_forget_bias_initializer(self.bias_initializer, units) if self.unit_forget_bias
                    else self.bias_initializer)
            self.bias = self.add_weight("bias", shape=(units * 4,), initializer=init,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs, states, training=None):
        if not isinstance(states, (list, tuple)) or len(states) != 2:
            raise ValueError(f"{type(self).__name__} expects its states as a list [h, c] of two tensors of "
                             f"shape (batch, {self.units}); got {states!r}")
        h_prev, c_prev = (array_ops._as_tensor(s) for s in states)
        if training is None:
            training = backend.learning_phase()
        x_masks = self._masks("_dropout_mask", inputs, self.dropout, training)
        h_masks = self._masks("_recurrent_dropout_mask", h_prev, self.recurrent_dropout, training)
        if self.implementation == 1:  # a masked input and a product per gate
            z_i, z_f, z_c, z_o = (self._gate_input(k, inputs, h_prev, x_masks, h_masks) for k in range(4))
        else:
            if x_masks:
                inputs = inputs * x_masks[0]
            if h_masks:
                h_prev = h_prev * h_masks[0]
            z = math_ops.matmul(inputs, self.kernel) + math_ops.matmul(h_prev, self.recurrent_kernel)
            if self.use_bias:
                z = nn_ops.bias_add(z, self.bias)
            z_i, z_f, z_c, z_o = join_ops.split(z, 4, axis=1)
        gate = self.recurrent_activation
        c = gate(z_f) * c_prev + gate(z_i) * self.activation(z_c)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]

    def _gate_input(self, k, inputs, h_prev, x_masks, h_masks):
        """z of gate k (0: input, 1: forget, 2: cell, 3: output), from its own masked inputs."""
        cols = slice(k * self.units, (k + 1) * self.units)
        x = inputs * x_masks[k] if x_masks else inputs
        h = h_prev * h_masks[k] if h_masks else h_prev
        z = math_ops.matmul(x, self.kernel[:, cols]) + math_ops.matmul(h, self.recurrent_kernel[:, cols])
        return nn_ops.bias_add(z, self.bias[cols]) if self.use_bias else z

    def _masks(self, name, like, rate, training):
        """The 4 cached dropout masks for `like` (None without dropout): random when made in
        training, ones otherwise (kept until reset, as tf-keras keeps them)."""
        if not 0 < rate < 1:
            return None
        masks = self.__dict__.get(name)
        if masks is None:
            if training:
                masks = [stack_ops.cast(random_ops.uniform(array_ops.shape(like), dtype=like.dtype) >= rate,
                                        like.dtype) / (1.0 - rate) for _ in range(4)]
            else:
                masks = [creation_ops.ones_like(like)] * 4
            self.__dict__[name] = masks
        return masks

    def reset_dropout_mask(self):
        self.__dict__["_dropout_mask"] = None

    def reset_recurrent_dropout_mask(self):
        self.__dict__["_recurrent_dropout_mask"] = None

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """[h, c]: zeros of shape (batch_size, units), or of the batch and dtype of `inputs`."""
        if inputs is not None:
            inputs = array_ops._as_tensor(inputs)
            batch_size, dtype = array_ops.shape(inputs)[0], inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial state. "
                             f"Received: batch_size={batch_size}, dtype={dtype}")
        dtype = dtypes.as_dtype(dtype)
        return [creation_ops.zeros(stack_ops.stack([batch_size, size]) if not isinstance(batch_size, int)
                                   else [batch_size, size], dtype=dtype) for size in self.state_size]

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units, "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation), "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "unit_forget_bias": self.unit_forget_bias,
            "kernel_regularizer": _serialize(self.kernel_regularizer, regularizers),
            "recurrent_regularizer": _serialize(self.recurrent_regularizer, regularizers),
            "bias_regularizer": _serialize(self.bias_regularizer, regularizers),
            "kernel_constraint": _serialize_constraint(self.kernel_constraint),
            "recurrent_constraint": _serialize_constraint(self.recurrent_constraint),
            "bias_constraint": _serialize_constraint(self.bias_constraint),
            "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout,
            "implementation": self.implementation,
        })
        return config
