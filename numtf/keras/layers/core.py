"""Core layers: Dense, Flatten, Reshape, Activation, ReLU, Softmax, Dropout, Lambda, Embedding.

    >>> tf.keras.layers.Dense(3)(tf.ones([2, 4])).shape
    TensorShape([2, 3])
"""
import numpy as np

from ... import nn
from ...framework.tensor_shape import TensorShape
from ...framework.context import ctx
from ...framework.tensor import Tensor
from ...ops import array_ops, fused_ops, linalg_ops, math_ops
from ...ops.convert import convert_to_tensor
from .. import activations, backend, constraints, initializers, regularizers
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec


def _serialize(obj, module):
    return None if obj is None else module.serialize(obj)


def _serialize_constraint(c):
    return None if c is None else {"class_name": type(c).__name__, "config": c.get_config()}


_NOT_FUSED = object()


def fused_parts(layer, inputs):
    """(kernel, bias, activation) Tensors and name for fused_ops when `layer` (Dense or Conv2D)
    can run as one fused op on eager `inputs`: a bias, a relu or no activation, one float dtype.
    Otherwise None. Graphs keep TF's separate ops (named as TF names them); the executor does
    the same work in place there."""
    act = layer.activation
    activation = "relu" if act is activations.relu or act is nn.relu else \
        None if act is activations.linear else _NOT_FUSED
    if (activation is _NOT_FUSED or not layer.use_bias or ctx.graph is not None or type(inputs) is not Tensor
            or inputs._dtype is not layer.kernel.dtype or inputs._dtype is not layer.bias.dtype
            or not inputs._dtype.is_floating):
        return None
    return convert_to_tensor(layer.kernel), convert_to_tensor(layer.bias), activation


class Dense(Layer):
    """`activation(inputs @ kernel + bias)`; inputs of rank > 2 contract their last axis."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units) if not isinstance(units, int) else units
        if self.units < 0:
            raise ValueError("Received an invalid value for `units`, expected a positive integer. "
                             f"Received: units={units}")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        last_dim = input_shape[-1] if input_shape.rank else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should be defined. "
                             f"Found None. Full input shape received: {input_shape}")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint) \
            if self.use_bias else None
        self.built = True

    def call(self, inputs):
        if inputs.dtype is not self._dtype:  # e.g. int inputs: Dense computes in its own dtype
            inputs = array_ops.cast(inputs, self._dtype)
        rank = inputs.ndim
        if rank == 2:
            parts = fused_parts(self, inputs)
            if parts is not None:
                return fused_ops.fused_matmul(inputs, *parts)
        if rank == 2 or rank is None:
            outputs = math_ops.matmul(inputs, self.kernel)
        else:
            outputs = linalg_ops.tensordot(inputs, self.kernel, [[rank - 1], [0]])
        if self.use_bias:
            outputs = nn.bias_add(outputs, self.bias)
        if self.activation is not activations.linear:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)[:-1].concatenate([self.units])

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units, "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _serialize(self.kernel_regularizer, regularizers),
            "bias_regularizer": _serialize(self.bias_regularizer, regularizers),
            "activity_regularizer": _serialize(self.activity_regularizer, regularizers),
            "kernel_constraint": _serialize_constraint(self.kernel_constraint),
            "bias_constraint": _serialize_constraint(self.bias_constraint),
        })
        return config


class Flatten(Layer):
    """Flattens all but the batch axis: (N, 28, 28, 1) -> (N, 784)."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or backend.image_data_format()
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.shape.rank and inputs.shape.rank > 2:
            perm = [0] + list(range(2, inputs.shape.rank)) + [1]
            inputs = array_ops.transpose(inputs, perm)
        shape = inputs.shape
        if shape.rank == 1:
            return array_ops.expand_dims(inputs, 1)
        rest = shape[1:]
        if rest.is_fully_defined() and rest.num_elements():
            return array_ops.reshape(inputs, [-1, rest.num_elements()])
        # (an empty feature size can't infer the batch from -1: name it)
        batch = shape[0] if shape[0] is not None else array_ops.shape(inputs)[0]
        return array_ops.reshape(inputs, [batch, -1 if not rest.is_fully_defined() else 0])

    def compute_output_shape(self, input_shape):
        s = TensorShape(input_shape)
        rest = s[1:]
        return TensorShape([s[0], rest.num_elements()])

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class Reshape(Layer):
    """Reshapes the non-batch axes to `target_shape` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def call(self, inputs):
        target = self.target_shape
        if -1 in target and inputs.shape[0] is None:  # resolve it, so the unknown batch can be -1
            resolved = self.compute_output_shape(inputs.shape)[1:]
            if resolved.is_fully_defined():
                target = tuple(resolved.as_list())
        batch = inputs.shape[0]
        return array_ops.reshape(inputs, (batch if batch is not None else -1,) + target)

    def compute_output_shape(self, input_shape):
        s = TensorShape(input_shape)
        target = list(self.target_shape)
        if -1 in target and s[1:].is_fully_defined():
            known = int(np.prod([d for d in target if d != -1]))
            if known == 0 or s[1:].num_elements() % known:
                raise ValueError(f"The total size of the tensor must be unchanged. Received: input_shape={s[1:]}, "
                                 f"target_shape={self.target_shape}")
            target[target.index(-1)] = s[1:].num_elements() // known
        return TensorShape([s[0]] + [None if d == -1 else d for d in target])

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config


class Activation(Layer):
    """Applies an activation function (by name or callable)."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self):
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config


class ReLU(Layer):
    """relu with optional `max_value`, `negative_slope` and `threshold`."""

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0:
            raise ValueError(f"max_value of a ReLU layer cannot be a negative value. Received: {max_value}")
        if negative_slope is None or negative_slope < 0:
            raise ValueError(f"negative_slope of a ReLU layer cannot be a negative value. Received: {negative_slope}")
        if threshold is None or threshold < 0:
            raise ValueError(f"threshold of a ReLU layer cannot be a negative value. Received: {threshold}")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)
        self.supports_masking = True

    def call(self, inputs):
        return activations.relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)

    def get_config(self):
        config = super().get_config()
        config.update({"max_value": self.max_value, "negative_slope": self.negative_slope,
                       "threshold": self.threshold})
        return config


class Softmax(Layer):
    """Softmax over `axis`; its output remembers the logits (tf-keras's cross-entropy rule)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            inputs = inputs + (1.0 - array_ops.cast(mask, inputs.dtype)) * -1e9
        return activations.softmax(inputs, axis=self.axis)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


class Dropout(Layer):
    """Zeroes a fraction `rate` of inputs while training and scales the rest by 1/(1-rate)."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value {rate} received for `rate`, expected a value between 0 and 1.")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed
        self.supports_masking = True

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        if not training or self.rate == 0:
            return array_ops.identity(inputs)
        return nn.dropout(inputs, rate=self.rate, noise_shape=self._noise_shape(), seed=self.seed)

    def _noise_shape(self):
        """The shape of the draws (None entries: the input's size there), broadcast over the input."""
        return self.noise_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed})
        return config


class Lambda(Layer):
    """Wraps a function of the inputs as a layer (not serializable across processes)."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def get_config(self):
        config = super().get_config()
        config.update({"function": getattr(self.function, "__name__", "lambda"), "arguments": self.arguments,
                       "output_shape": self._output_shape})
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        fn = (custom_objects or {}).get(config["function"])
        if fn is None:
            raise ValueError(f"Lambda layer function '{config['function']}' must be passed in "
                             "custom_objects: numtf never executes code stored in a file.")
        config = dict(config, function=fn)
        return cls(**config)


class Embedding(Layer):
    """Maps integer indices to dense vectors: (N, T) -> (N, T, output_dim)."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        if "input_shape" not in kwargs and "batch_input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)  # (None,) when the length is unknown, as tf-keras
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if input_dim <= 0 or output_dim <= 0:
            raise ValueError("Both `input_dim` and `output_dim` should be positive, Received "
                             f"input_dim = {input_dim} and output_dim = {output_dim}")
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.input_length = input_length
        self._autocast = False

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = array_ops.cast(inputs, "int32")
        out = array_ops.gather(self.embeddings, inputs)
        if self.mask_zero:
            try:
                out._keras_mask = math_ops.not_equal(inputs, 0)
            except AttributeError:
                pass
        return out

    def compute_mask(self, inputs, mask=None):
        return math_ops.not_equal(inputs, 0) if self.mask_zero else None

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "output_dim": self.output_dim,
                       "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                       "embeddings_regularizer": _serialize(self.embeddings_regularizer, regularizers),
                       "activity_regularizer": _serialize(self.activity_regularizer, regularizers),
                       "embeddings_constraint": _serialize_constraint(self.embeddings_constraint),
                       "mask_zero": self.mask_zero, "input_length": self.input_length})
        return config
