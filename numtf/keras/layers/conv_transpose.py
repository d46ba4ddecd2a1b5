"""Transposed and depthwise-separable convolution layers: Conv2DTranspose, Conv1DTranspose,
SeparableConv2D, SeparableConv1D. They take data_format='channels_first' too (computed channels
last between two transposes, as tf-keras does on CPU).

    >>> tf.keras.layers.Conv2DTranspose(4, 3, strides=2, padding='same')(tf.ones([1, 5, 5, 2])).shape
    TensorShape([1, 10, 10, 4])

A transposed convolution is the gradient of a convolution with respect to its input: it runs
numtf's Conv2DBackpropInput op (`tf.nn.conv2d_transpose`), whose own gradients are the forward
convolution and the filter gradient. Its kernel is (*kernel_size, filters, input channels), as in
Keras. A 1-D layer runs the 2-D op over a height of 1.
"""
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, conv_ops, depthwise_ops, stack_ops
from ..engine.input_spec import InputSpec
from .convolutional import Conv, _tuple, add_kind_weight, keep_weight_args, kind_config
from .reshaping import _data_format


def _channels_to(x, rank, last):
    """(N, C, *spatial) <-> (N, *spatial, C)."""
    perm = [0] + list(range(2, rank + 2)) + [1] if last else [0, rank + 1] + list(range(1, rank + 1))
    return array_ops.transpose(x, perm)


class _AnyFormat(Conv):
    """A convolution layer computing channels last, whichever `data_format` its inputs have."""

    def _data_format(self, data_format):
        return _data_format(data_format)

    def _finish_build(self, channels):
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis: channels})
        self.built = True

    def call(self, inputs):
        if self.data_format != "channels_first":
            return super().call(inputs)
        return _channels_to(super().call(_channels_to(inputs, self.rank, last=True)), self.rank, last=False)


def _deconv_length(size, kernel, stride, dilation, padding, output_padding):
    """A transposed convolution's output length for an input length `size` (an int or a scalar
    tensor): `size * stride` plus what the dilated kernel, the padding and output_padding add."""
    kernel = kernel + (kernel - 1) * (dilation - 1)
    if output_padding is None:
        extra = max(kernel - stride, 0) if padding == "valid" else 0
    else:
        extra = kernel - stride - 2 * (kernel // 2 if padding == "same" else 0) + output_padding
    return size * stride + extra


class _ConvTranspose(_AnyFormat):
    """The transpose of a convolution; `output_padding` (each < its stride) adds rows and columns
    at the end of the output (when None, 'valid' gives `size * stride + max(kernel - stride, 0)`
    and 'same' `size * stride`)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, **kwargs)
        self.output_padding = output_padding
        if output_padding is not None:
            self.output_padding = _tuple(output_padding, self.rank, "output_padding")
            if any(p >= s for p, s in zip(self.output_padding, self.strides)):
                raise ValueError(f"Strides must be greater than output padding. Received strides={self.strides}, "
                                 f"output_padding={self.output_padding}.")

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.rank != self.rank + 2:
            raise ValueError(f"Inputs should have rank {self.rank + 2}. Received input_shape={input_shape}.")
        channels = self._channels(input_shape, f" to `{type(self).__name__}`")
        self.kernel = add_kind_weight(self, "kernel", self.kernel_size + (self.filters, channels), "kernel")
        self.bias = add_kind_weight(self, "bias", (self.filters,), "bias") if self.use_bias else None
        self._finish_build(channels)

    def _convolve(self, x):
        if self.padding not in ("valid", "same"):
            raise AssertionError(f"{type(self).__name__}: padding='{self.padding}' has no transpose; use 'valid' or "
                                 "'same' (tf-keras fails with an AssertionError here too)")
        kernel, sizes, strides, dilations = self.kernel, self.kernel_size, self.strides, self.dilation_rate
        output_padding = self.output_padding or (None,) * self.rank
        if self.rank == 1:  # over a height of 1
            x, kernel = array_ops.expand_dims(x, 1), array_ops.expand_dims(kernel, 0)
            sizes, strides, dilations, output_padding = ((1,) + sizes, (1,) + strides, (1,) + dilations,
                                                         (None,) + output_padding)
        elif dilations[0] != dilations[1]:
            raise ValueError("Expected the 2 dimensions of the `dilation_rate` argument to be equal to each other. "
                             f"Received: dilation_rate={dilations}")
        dims = x.shape.as_list()
        if None in dims:
            dynamic = array_ops.shape(x)
            dims = [dynamic[i] if d is None else d for i, d in enumerate(dims)]
        out = [dims[0]] + [_deconv_length(dims[i + 1], sizes[i], strides[i], dilations[i], self.padding,
                                          output_padding[i]) for i in range(2)] + [self.filters]
        if not all(isinstance(d, int) for d in out):
            out = stack_ops.stack(out)
        y = conv_ops.conv2d_transpose(x, kernel, out, strides, self.padding.upper(), dilations=dilations)
        return array_ops.squeeze(y, 1) if self.rank == 1 else y

    def get_config(self):
        config = super().get_config()
        config["output_padding"] = self.output_padding
        return config


class Conv2DTranspose(_ConvTranspose):
    """Transposed 2-D convolution ("deconvolution"): upsamples (batch, h, w, channels) by `strides`.
    The kernel is (kh, kw, filters, input channels).

        >>> layer = tf.keras.layers.Conv2DTranspose(8, 3, strides=2, padding='same', output_padding=1)
        >>> layer(tf.ones([2, 4, 5, 3])).shape, layer.kernel.shape
        (TensorShape([2, 8, 10, 8]), TensorShape([3, 3, 8, 3]))
    """
    rank = 2


class Conv1DTranspose(_ConvTranspose):
    """Transposed 1-D convolution over (batch, steps, channels); the kernel is (k, filters, input
    channels).

        >>> tf.keras.layers.Conv1DTranspose(4, 3, strides=2)(tf.ones([2, 5, 3])).shape
        TensorShape([2, 11, 4])
    """
    rank = 1


class _SeparableConv(_AnyFormat):
    """A depthwise convolution (`depth_multiplier` filters per input channel) then a 1x1 one."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", depthwise_regularizer=None, pointwise_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, **kwargs):
        # bias_initializer/_regularizer/_constraint and activity_regularizer: keywords, to Conv
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, activation=activation,
                         use_bias=use_bias, **kwargs)
        self.depth_multiplier = depth_multiplier
        keep_weight_args(self, "depthwise", depthwise_initializer, depthwise_regularizer, depthwise_constraint)
        keep_weight_args(self, "pointwise", pointwise_initializer, pointwise_regularizer, pointwise_constraint)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        channels = self._channels(input_shape)
        multiplied = channels * self.depth_multiplier
        self.depthwise_kernel = add_kind_weight(self, "depthwise_kernel",
                                                self.kernel_size + (channels, self.depth_multiplier), "depthwise")
        self.pointwise_kernel = add_kind_weight(self, "pointwise_kernel", (1,) * self.rank + (multiplied, self.filters),
                                                "pointwise")
        self.bias = add_kind_weight(self, "bias", (self.filters,), "bias") if self.use_bias else None
        self._finish_build(channels)

    def _convolve(self, x):
        depthwise, pointwise = self.depthwise_kernel, self.pointwise_kernel
        strides, dilations = self.strides, self.dilation_rate
        x, padding = self._causal(x)
        if self.rank == 1:  # over a height of 1 (the height stride repeats the width's: TF's kernels
            x = array_ops.expand_dims(x, 1)  # want equal strides, and a height of 1 ignores it)
            depthwise, pointwise = array_ops.expand_dims(depthwise, 0), array_ops.expand_dims(pointwise, 0)
            strides, dilations = strides * 2, (1,) + dilations
        y = depthwise_ops.separable_conv2d(x, depthwise, pointwise, (1,) + strides + (1,), padding,
                                           dilations=dilations)
        return array_ops.squeeze(y, 1) if self.rank == 1 else y

    def get_config(self):
        config = super().get_config()
        config["depth_multiplier"] = self.depth_multiplier
        config.update(kind_config(self, "depthwise", "pointwise"))
        return config


class SeparableConv2D(_SeparableConv):
    """Depthwise-separable 2-D convolution: each input channel convolved with its own
    `depth_multiplier` (kh, kw) filters (`depthwise_kernel`), then mixed by a 1x1 convolution
    (`pointwise_kernel`) into `filters` channels. Far fewer weights than a Conv2D.

        >>> layer = tf.keras.layers.SeparableConv2D(8, 3, padding='same', depth_multiplier=2)
        >>> layer(tf.ones([2, 5, 5, 3])).shape, layer.depthwise_kernel.shape, layer.pointwise_kernel.shape
        (TensorShape([2, 5, 5, 8]), TensorShape([3, 3, 3, 2]), TensorShape([1, 1, 6, 8]))
    """
    rank = 2


class SeparableConv1D(_SeparableConv):
    """Depthwise-separable 1-D convolution over (batch, steps, channels); padding may also be
    'causal'.

        >>> tf.keras.layers.SeparableConv1D(4, 3, padding='causal')(tf.ones([2, 6, 3])).shape
        TensorShape([2, 6, 4])
    """
    rank = 1


Convolution2DTranspose, Convolution1DTranspose = Conv2DTranspose, Conv1DTranspose
SeparableConvolution2D, SeparableConvolution1D = SeparableConv2D, SeparableConv1D
