"""Convolutional LSTMs: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D (channels_last).

An LSTM whose input and recurrent transforms are convolutions: inputs are (batch, time,
*spatial, channels); the states h and c are feature maps (batch, *out_spatial, filters). Each
step computes the four gates (i, f, c, o, in Keras's order) as conv(x_t, kernel) + bias +
conv(h, recurrent_kernel), the latter with stride 1 and 'same' padding so h keeps its shape.

    >>> tf.keras.layers.ConvLSTM2D(4, 3, padding='same', return_sequences=True)(tf.ones([2, 5, 8, 8, 3])).shape
    TensorShape([2, 5, 8, 8, 4])

The loop is the layer's own (a Python loop over a time axis known when it runs, as numtf's RNN
runs over known lengths); masks, go_backwards, return_state, initial_state and stateful behave as
in tf-keras's ConvRNN layers.
"""
from ...framework.tensor_shape import TensorShape
from ...framework.variables import Variable
from ...ops import array_ops, conv_ops, conv3d_ops, creation_ops, join_ops, logic_ops, nn_ops, stack_ops
from .. import activations, initializers
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .convolutional import _channels_last, _padding, _tuple, add_kind_weight, keep_weight_args, kind_config

_RNN_KEYS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major")


class _ForgetBiasOnes(initializers.Initializer):
    """unit_forget_bias: the bias initializer's values with the forget gate's quarter set to 1."""

    def __init__(self, base, filters):
        self.base, self.filters = base, filters

    def __call__(self, shape, dtype=None, **kwargs):
        f = self.filters
        return join_ops.concat([self.base((f,), dtype=dtype), creation_ops.ones((f,), dtype=dtype or "float32"),
                                self.base((2 * f,), dtype=dtype)], 0)


class _ConvLSTM(Layer):
    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, dropout=0.0,
                 recurrent_dropout=0.0, unroll=False, time_major=False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        n = self.rank
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, n, "kernel_size", positive=True)
        self.strides = _tuple(strides, n, "strides")
        self.padding = _padding(padding)
        self.data_format = _channels_last(data_format, type(self).__name__)
        self.dilation_rate = _tuple(dilation_rate, n, "dilation_rate", positive=True)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.unit_forget_bias = unit_forget_bias
        keep_weight_args(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        keep_weight_args(self, "recurrent", recurrent_initializer, recurrent_regularizer, recurrent_constraint)
        keep_weight_args(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.stateful, self.unroll, self.time_major = go_backwards, stateful, unroll, time_major
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.supports_masking = True
        self.input_spec = InputSpec(ndim=n + 3)
        self.__dict__["_state_vars"] = None  # (kept states are not weights: not tracked)

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        channels = shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        f = self.filters
        self.kernel = add_kind_weight(self, "kernel", self.kernel_size + (channels, 4 * f), "kernel")
        self.recurrent_kernel = add_kind_weight(self, "recurrent_kernel", self.kernel_size + (f, 4 * f), "recurrent")
        if self.use_bias:
            init = self.bias_initializer
            if self.unit_forget_bias:
                self.bias_initializer = _ForgetBiasOnes(init, f)
            try:
                self.bias = add_kind_weight(self, "bias", (4 * f,), "bias")
            finally:
                self.bias_initializer = init
        else:
            self.bias = None
        self.input_spec = InputSpec(ndim=self.rank + 3, axes={-1: channels})
        self.built = True

    # -- convolutions ------------------------------------------------------------------------
    def _conv(self, x, w, strides, padding, dilations):
        if self.rank == 1:
            return conv_ops.conv1d(x, w, strides[0], padding, dilations=dilations[0])
        if self.rank == 2:
            return conv_ops.conv2d(x, w, strides, padding, dilations=dilations)
        return conv3d_ops.conv3d(x, w, (1,) + strides + (1,), padding, dilations=(1,) + dilations + (1,))

    def _input_conv(self, x, w):
        return self._conv(x, w, self.strides, self.padding.upper(), self.dilation_rate)

    def _recurrent_conv(self, h, w):
        return self._conv(h, w, (1,) * self.rank, "SAME", (1,) * self.rank)

    # -- running -----------------------------------------------------------------------------
    def _zero_state(self, x0):
        """Zeros shaped like a step's output: the input convolution of zeros (unknown dims too)."""
        zeros = creation_ops.zeros(self.kernel_size + (x0.shape[-1], self.filters), dtype=x0.dtype)
        return self._input_conv(creation_ops.zeros_like(x0), zeros)

    def _initial_states(self, initial_state, x0):
        if initial_state is not None:
            states = [array_ops._as_tensor(s) for s in initial_state]
            if len(states) != 2:
                raise ValueError(f"Layer {self.name} expects 2 state(s), but it received {len(states)} initial "
                                 f"state(s). Input received: {initial_state!r}")
            return states
        if self.stateful:
            if self._state_vars is None:
                zero = self._zero_state(x0)
                if type(zero) is not type(x0) or None in zero.shape.as_list():
                    raise ValueError("If a RNN is stateful, it needs to know its batch size. Specify the batch size "
                                     "of your input tensors.")
                self.__dict__["_state_vars"] = [Variable(creation_ops.zeros_like(zero), trainable=False,
                                                         name=f"{self.name}/state_{i}") for i in range(2)]
            return [v.read_value() for v in self._state_vars]
        zero = self._zero_state(x0)
        return [zero, zero]

    def _dropout_masks(self, like, rate, training):
        if not training or not 0 < rate < 1:
            return None
        ones = creation_ops.ones_like(like)
        return [nn_ops.dropout(ones, rate) for _ in range(4)]

    def _step(self, x, h, c, in_masks, rec_masks):
        f = self.filters
        ks = [self.kernel[..., i * f:(i + 1) * f] for i in range(4)]
        rs = [self.recurrent_kernel[..., i * f:(i + 1) * f] for i in range(4)]
        z = []
        for i in range(4):
            xi = x * in_masks[i] if in_masks else x
            hi = h * rec_masks[i] if rec_masks else h
            zi = self._input_conv(xi, ks[i])
            if self.use_bias:
                zi = nn_ops.bias_add(zi, self.bias[i * f:(i + 1) * f])
            z.append(zi + self._recurrent_conv(hi, rs[i]))
        gate_i, gate_f, gate_o = (self.recurrent_activation(z[k]) for k in (0, 1, 3))
        c = gate_f * c + gate_i * self.activation(z[2])
        h = gate_o * self.activation(c)
        return h, c

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(inputs, (list, tuple)):  # [inputs, *initial states]
            inputs, rest = inputs[0], list(inputs[1:])
            initial_state = initial_state if initial_state is not None else (rest or None)
        inputs = array_ops._as_tensor(inputs)
        if self.time_major:
            inputs = array_ops.transpose(inputs, [1, 0] + list(range(2, self.rank + 3)))
        if inputs.shape[1] is None:
            raise ValueError(f"{type(self).__name__}: numtf needs the number of time steps known when the layer "
                             f"runs (inputs of shape {inputs.shape})")
        xs = stack_ops.unstack(inputs, axis=1)
        h, c = self._initial_states(initial_state, xs[0])
        in_masks = self._dropout_masks(xs[0], self.dropout, training)
        rec_masks = self._dropout_masks(h, self.recurrent_dropout, training)
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        ms = None
        if mask is not None:  # (batch, time) -> per step (batch, 1, ..., 1)
            m = array_ops.reshape(mask, [-1, inputs.shape[1]] + [1] * (self.rank + 1)) \
                if inputs.shape[0] is None else array_ops.reshape(mask, [inputs.shape[0], inputs.shape[1]]
                                                                  + [1] * (self.rank + 1))
            ms = stack_ops.unstack(m, axis=1)
        order = range(len(xs) - 1, -1, -1) if self.go_backwards else range(len(xs))
        outputs, prev = [], None
        for t in order:
            new_h, new_c = self._step(xs[t], h, c, in_masks, rec_masks)
            if ms is not None:
                keep = ms[t]
                prev = creation_ops.zeros_like(new_h) if prev is None else prev
                out = logic_ops.where(keep, new_h, prev)
                h, c = logic_ops.where(keep, new_h, h), logic_ops.where(keep, new_c, c)
                prev = out
            else:
                out, h, c = new_h, new_h, new_c
            outputs.append(out)
        if self.stateful:
            for var, value in zip(self._state_vars, (h, c)):
                var.assign(value)
        if self.return_sequences:
            output = stack_ops.stack(outputs, axis=1)
            if self.time_major:
                output = array_ops.transpose(output, [1, 0] + list(range(2, self.rank + 3)))
        else:
            output = outputs[-1]
        return [output, h, c] if self.return_state else output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        out = mask if self.return_sequences else None
        return [out, None, None] if self.return_state else out

    @property
    def states(self):
        """The kept states of a stateful layer (None before its first call)."""
        return None if self._state_vars is None else list(self._state_vars)

    def reset_states(self, states=None):
        """Zeroes a stateful layer's kept states (or sets them to `states`)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if self._state_vars is None:
            return
        values = [None, None] if states is None else list(states)
        for var, value in zip(self._state_vars, values):
            var.assign(creation_ops.zeros_like(var) if value is None else value)

    def get_config(self):
        config = super().get_config()
        config.update({k: getattr(self, k) for k in _RNN_KEYS})
        config.update({
            "filters": self.filters, "kernel_size": self.kernel_size, "strides": self.strides,
            "padding": self.padding, "data_format": self.data_format, "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation), "use_bias": self.use_bias})
        weights = kind_config(self, "kernel", "recurrent", "bias", activity=True)
        order = ["kernel_initializer", "recurrent_initializer", "bias_initializer"]
        config.update({k: weights[k] for k in order})
        config["unit_forget_bias"] = self.unit_forget_bias
        config.update({k: v for k, v in weights.items() if k not in order})
        config.update({"dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout})
        return config


class ConvLSTM1D(_ConvLSTM):
    """Convolutional LSTM over sequences of 1-D maps: (batch, time, steps, channels).

        >>> tf.keras.layers.ConvLSTM1D(4, 3)(tf.ones([2, 5, 8, 3])).shape
        TensorShape([2, 6, 4])
    """
    rank = 1


class ConvLSTM2D(_ConvLSTM):
    """Convolutional LSTM over sequences of images: (batch, time, rows, cols, channels). The
    kernel is (kh, kw, channels, 4 * filters), the recurrent kernel (kh, kw, filters, 4 * filters).

        >>> out, h, c = tf.keras.layers.ConvLSTM2D(4, 3, return_state=True)(tf.ones([2, 5, 8, 8, 3]))
        >>> out.shape, c.shape
        (TensorShape([2, 6, 6, 4]), TensorShape([2, 6, 6, 4]))
    """
    rank = 2


class ConvLSTM3D(_ConvLSTM):
    """Convolutional LSTM over sequences of volumes: (batch, time, d1, d2, d3, channels).

        >>> tf.keras.layers.ConvLSTM3D(2, 2, padding='same')(tf.ones([1, 3, 4, 4, 4, 1])).shape
        TensorShape([1, 4, 4, 4, 2])
    """
    rank = 3
