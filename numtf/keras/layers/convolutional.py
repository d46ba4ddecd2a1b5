"""Convolution and pooling layers (channels_last): Conv1D, Conv2D, DepthwiseConv2D, MaxPool/
AveragePooling 1D/2D, GlobalAverage/GlobalMax pooling.

    >>> tf.keras.layers.Conv2D(8, 3, padding='same')(tf.ones([1, 5, 5, 2])).shape
    TensorShape([1, 5, 5, 8])
"""
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, conv_ops, depthwise_ops, fused_ops, pool_ops, reduction_ops, stack_ops
from ...ops.join_ops import pad as array_pad
from ... import nn
from .. import activations, constraints, initializers, regularizers
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .core import _serialize, _serialize_constraint, fused_parts


def _tuple(value, n, name, positive=False):
    """`value` (an int or n ints) as a tuple of n ints; `positive`: each must be > 0 (tf-keras's
    check of kernel sizes and dilation rates)."""
    received = value
    if isinstance(value, int):
        value = (value,) * n
    else:
        value = tuple(int(v) for v in value)
        if len(value) != n:
            raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}")
    bad = {v for v in value if v <= 0}
    if positive and bad:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {received} including "
                         f"{bad} that does not satisfy the requirement `> 0`.")
    return value


def _padding(padding):
    p = padding.lower() if isinstance(padding, str) else padding
    if p not in ("valid", "same", "causal"):
        raise ValueError('The `padding` argument must be a list/tuple or one of "valid", "same" (or "causal", '
                         f'only for `Conv1D). Received: {padding}')
    return p


def keep_weight_args(layer, kind, initializer, regularizer, constraint):
    """Stores a weight's initializer, regularizer and constraint as `<kind>_initializer`, ..."""
    setattr(layer, kind + "_initializer", initializers.get(initializer))
    setattr(layer, kind + "_regularizer", regularizers.get(regularizer))
    setattr(layer, kind + "_constraint", constraints.get(constraint))


def add_kind_weight(layer, name, shape, kind):
    """A weight made with the layer's `<kind>_initializer`, `_regularizer` and `_constraint`."""
    return layer.add_weight(name, shape=shape, initializer=getattr(layer, kind + "_initializer"),
                            regularizer=getattr(layer, kind + "_regularizer"),
                            constraint=getattr(layer, kind + "_constraint"))


def kind_config(layer, *kinds, activity=False):
    """The config entries of `keep_weight_args`'s three arguments for `kinds`, in tf-keras's order:
    the initializers, then the regularizers (and `activity_regularizer`), then the constraints."""
    config = {f"{kind}_initializer": initializers.serialize(getattr(layer, kind + "_initializer")) for kind in kinds}
    config.update({f"{kind}_regularizer": _serialize(getattr(layer, kind + "_regularizer"), regularizers)
                   for kind in kinds})
    if activity:
        config["activity_regularizer"] = _serialize(layer.activity_regularizer, regularizers)
    config.update({f"{kind}_constraint": _serialize_constraint(getattr(layer, kind + "_constraint")) for kind in kinds})
    return config


def _channels_last(data_format, layer):
    if data_format not in (None, "channels_last"):
        raise ValueError(f"{layer}: numtf supports data_format='channels_last' only (TensorFlow's CPU "
                         f"kernels do too). Received: data_format={data_format!r}")
    return "channels_last"


class Conv(Layer):
    """N-D convolution over the spatial axes of (batch, *spatial, channels) inputs."""
    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if filters is not None and int(filters) <= 0:
            raise ValueError(f"Invalid value for argument `filters`. Expected a strictly positive value. "
                             f"Received filters={filters}.")
        self.filters = None if filters is None else int(filters)
        self.kernel_size = _tuple(kernel_size, self.rank, "kernel_size", positive=True)
        self.strides = _tuple(strides, self.rank, "strides")
        if 0 in self.strides:
            raise ValueError(f"The argument `strides` cannot contains 0(s). Received: {self.strides}")
        self.padding = _padding(padding)
        if self.padding == "causal" and self.rank != 1:
            raise ValueError("Causal padding is only supported for `Conv1D`and `SeparableConv1D`.")
        self.data_format = self._data_format(data_format)
        self.dilation_rate = _tuple(dilation_rate, self.rank, "dilation_rate", positive=True)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                             f"strides={self.strides} and dilation_rate={self.dilation_rate}")
        if self.filters is not None and self.filters % groups:
            raise ValueError("The number of filters must be evenly divisible by the number of groups. "
                             f"Received: groups={groups}, filters={filters}")
        self.groups = groups
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        keep_weight_args(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        keep_weight_args(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)
        self._conv_attrs = None

    def _data_format(self, data_format):
        """The data format this layer computes in (the transposed and separable ones take both)."""
        return _channels_last(data_format, type(self).__name__)

    @property
    def _channel_axis(self):
        return -1 - self.rank if self.data_format == "channels_first" else -1  # negative, as tf-keras's

    def _channels(self, input_shape, to=""):
        """The inputs' channel count (a ValueError when unknown; `to` names the layer in it)."""
        channels = input_shape[self._channel_axis] if input_shape.rank else None
        if channels is None:
            raise ValueError(f"The channel dimension of the inputs{to} should be defined. The input_shape received "
                             f"is {input_shape}, where axis {self._channel_axis} (0-based) is the channel dimension, "
                             "which found to be `None`.")
        return channels

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        channels = self._channels(input_shape)
        if channels % self.groups:
            raise ValueError(f"The number of input channels must be evenly divisible by the number of "
                             f"groups. Received groups={self.groups}, but the input has {channels} channels "
                             f"(full input shape is {input_shape}).")
        self.kernel = add_kind_weight(self, "kernel", self.kernel_size + (channels // self.groups, self.filters),
                                      "kernel")
        self.bias = add_kind_weight(self, "bias", (self.filters,), "bias") if self.use_bias else None
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def _causal(self, inputs):
        """(inputs, padding): 'causal' is 'VALID' after (kernel - 1) * dilation zeros before the steps."""
        if self.padding != "causal":
            return inputs, self.padding.upper()
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        return array_pad(inputs, [[0, 0], [left, 0], [0, 0]]), "VALID"

    def _convolve(self, inputs):
        padding = self.padding.upper()
        if self.rank == 1:
            inputs, padding = self._causal(inputs)
            return conv_ops.conv1d(inputs, self.kernel, self.strides[0], padding, dilations=self.dilation_rate[0])
        return conv_ops.conv2d(inputs, self.kernel, self.strides, padding, dilations=self.dilation_rate)

    def call(self, inputs):
        if self.rank == 2 and self.groups == 1 and type(self)._convolve is Conv._convolve:
            parts = fused_parts(self, inputs)
            if parts is not None:
                kernel, bias, activation = parts
                attrs = self._conv_attrs
                if attrs is None:  # TF's Conv2D attributes, checked once (an untracked dict:
                    # `variables` never needs to look inside it)
                    attrs = conv_ops._conv_attrs("Conv2D", self.strides, self.padding.upper(), self.dilation_rate,
                                                 "NHWC", True)
                    object.__setattr__(self, "_conv_attrs", attrs)
                return fused_ops.fused_conv2d(inputs, kernel, bias, activation, attrs)
        outputs = self._convolve(inputs)
        if self.use_bias:
            outputs = nn.bias_add(outputs, self.bias)
        if self.activation is not activations.linear:
            outputs = self.activation(outputs)
        return outputs

    def get_config(self):
        config = super().get_config()
        config.update({
            "filters": self.filters, "kernel_size": self.kernel_size, "strides": self.strides,
            "padding": self.padding, "data_format": self.data_format, "dilation_rate": self.dilation_rate,
            "groups": self.groups, "activation": activations.serialize(self.activation), "use_bias": self.use_bias})
        config.update(kind_config(self, "kernel", "bias", activity=True))
        return config


class Conv1D(Conv):
    """1-D convolution over (batch, steps, channels); padding may also be 'causal'."""
    rank = 1


class Conv2D(Conv):
    """2-D convolution over (batch, height, width, channels)."""
    rank = 2


class _Depthwise:
    """What the depthwise convolutions share: the per-channel kernel and bias, and a config
    naming `depthwise_*` where Conv has `kernel_*` (put before the Conv class in the bases)."""

    def _build_depthwise(self, channels, input_spec):
        self.depthwise_kernel = add_kind_weight(self, "depthwise_kernel",
                                                self.kernel_size + (channels, self.depth_multiplier), "depthwise")
        self.bias = add_kind_weight(self, "bias", (channels * self.depth_multiplier,), "bias") \
            if self.use_bias else None
        self.input_spec = input_spec
        self.built = True

    def get_config(self):
        config = super().get_config()
        for key in ("filters", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            config.pop(key, None)
        config["depth_multiplier"] = self.depth_multiplier
        config.update(kind_config(self, "depthwise"))
        return config


class DepthwiseConv2D(_Depthwise, Conv2D):
    """Per-channel 2-D convolution (`depth_multiplier` outputs per input channel)."""

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(None, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = depth_multiplier
        keep_weight_args(self, "depthwise", depthwise_initializer, depthwise_regularizer, depthwise_constraint)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs to `DepthwiseConv2D` should be defined. "
                             "Found `None`.")
        self._build_depthwise(channels, InputSpec(min_ndim=4, axes={-1: channels}))

    def _convolve(self, inputs):
        return depthwise_ops.depthwise_conv2d(inputs, self.depthwise_kernel, (1,) + self.strides + (1,),
                                         self.padding.upper(), dilations=self.dilation_rate)


class _Pooling(Layer):
    rank = 2
    _pool = None

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _tuple(pool_size, self.rank, "pool_size")
        self.strides = self.pool_size if strides is None else _tuple(strides, self.rank, "strides")
        self.padding = _padding(padding)
        self.data_format = _channels_last(data_format, type(self).__name__)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        fn = getattr(pool_ops, self._pool)
        if self.rank == 1:
            return fn(inputs, self.pool_size[0], self.strides[0], self.padding.upper())
        return fn(inputs, self.pool_size, self.strides, self.padding.upper())

    def get_config(self):
        config = super().get_config()
        if self.rank == 1:  # (tf-keras's order differs between its 1-D and 2-D pooling layers)
            config.update({"strides": self.strides, "pool_size": self.pool_size})
        else:
            config.update({"pool_size": self.pool_size})
        config.update({"padding": self.padding, "strides": self.strides, "data_format": self.data_format})
        return config


class MaxPooling2D(_Pooling):
    """Max over pool_size windows (default 2x2, stride = pool size)."""
    _pool = "max_pool2d"


class AveragePooling2D(_Pooling):
    """Mean over pool_size windows ('same' averages valid elements only)."""
    _pool = "avg_pool2d"


class MaxPooling1D(_Pooling):
    rank = 1
    _pool = "max_pool1d"


class AveragePooling1D(_Pooling):
    rank = 1
    _pool = "avg_pool1d"


class _GlobalPooling(Layer):
    rank = 2
    _reduce = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _channels_last(data_format, type(self).__name__)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        axes = list(range(1, self.rank + 1))
        return getattr(reduction_ops, self._reduce)(inputs, axis=axes, keepdims=self.keepdims)

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalAveragePooling2D(_GlobalPooling):
    _reduce = "reduce_mean"


class GlobalMaxPooling2D(_GlobalPooling):
    _reduce = "reduce_max"


class GlobalAveragePooling1D(_GlobalPooling):
    """The mean over the steps; with a mask (from Masking or Embedding(mask_zero=True)), over the
    kept steps only."""
    rank = 1
    _reduce = "reduce_mean"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format, keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        weights = array_ops.expand_dims(stack_ops.cast(mask, inputs.dtype), 2)  # (channels last)
        total = reduction_ops.reduce_sum(inputs * weights, axis=1, keepdims=self.keepdims)
        return total / reduction_ops.reduce_sum(weights, axis=1, keepdims=self.keepdims)

    def compute_mask(self, inputs, mask=None):
        return None


class GlobalMaxPooling1D(_GlobalPooling):
    rank = 1
    _reduce = "reduce_max"


MaxPool2D, AvgPool2D, MaxPool1D, AvgPool1D = MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D
GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D
GlobalAvgPool1D, GlobalMaxPool1D = GlobalAveragePooling1D, GlobalMaxPooling1D


class ZeroPadding2D(Layer):
    """Zeros around the rows and columns of images: `padding` is an int, (rows, cols), or
    ((top, bottom), (left, right)).

        >>> tf.keras.layers.ZeroPadding2D(((1, 2), (0, 3)))(tf.ones([1, 2, 3, 1])).shape
        TensorShape([1, 5, 6, 1])
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"
        if isinstance(padding, int):
            padding = ((padding, padding), (padding, padding))
        elif not hasattr(padding, "__len__") or len(padding) != 2:
            raise ValueError(f"`padding` should have two elements. Received: {padding}.")
        else:
            padding = tuple((int(p), int(p)) if isinstance(p, int) else tuple(int(q) for q in p) for p in padding)
            if any(len(p) != 2 for p in padding):
                raise ValueError(f"`padding` should be an int, a tuple of 2 ints or a tuple of 2 tuples of 2 "
                                 f"ints. Received: {padding}.")
        self.padding = padding
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        spatial = [list(p) for p in self.padding]
        pads = [[0, 0], [0, 0]] + spatial if self.data_format == "channels_first" else [[0, 0]] + spatial + [[0, 0]]
        return array_pad(inputs, pads)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        first = 2 if self.data_format == "channels_first" else 1
        for i, (before, after) in enumerate(self.padding):
            d = shape[first + i]
            shape[first + i] = None if d is None else d + before + after
        return TensorShape(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config
