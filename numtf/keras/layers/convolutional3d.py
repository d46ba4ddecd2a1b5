"""3-D convolution and pooling layers over volumes (batch, d1, d2, d3, channels): Conv3D,
Conv3DTranspose, MaxPooling3D, AveragePooling3D, GlobalMaxPooling3D, GlobalAveragePooling3D.

    >>> tf.keras.layers.Conv3D(4, 3, padding='same')(tf.ones([1, 5, 5, 5, 2])).shape
    TensorShape([1, 5, 5, 5, 4])

They run numtf's Conv3D / Conv3DBackpropInputV2 / MaxPool3D / AvgPool3D ops (tf.nn.conv3d and
friends). Conv3D is channels_last only, as Conv2D here (TF's CPU kernels are too); the
transposed and pooling layers take channels_first as well, computed channels last between two
transposes as tf-keras does on CPU.
"""
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, conv3d_ops, reduction_ops, stack_ops
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .convolutional import Conv, _padding, _tuple
from .conv_transpose import _ConvTranspose, _channels_to, _deconv_length
from .reshaping import _data_format


class Conv3D(Conv):
    """3-D convolution over (batch, depth, height, width, channels); the kernel is
    (kd, kh, kw, input channels, filters).

        >>> layer = tf.keras.layers.Conv3D(8, (3, 3, 2), strides=2, padding='same')
        >>> layer(tf.ones([2, 6, 6, 6, 3])).shape, layer.kernel.shape
        (TensorShape([2, 3, 3, 3, 8]), TensorShape([3, 3, 2, 3, 8]))
    """
    rank = 3

    def _convolve(self, inputs):
        return conv3d_ops.conv3d(inputs, self.kernel, (1,) + self.strides + (1,), self.padding.upper(),
                                 dilations=(1,) + self.dilation_rate + (1,))


class Conv3DTranspose(_ConvTranspose):
    """Transposed 3-D convolution: upsamples (batch, d, h, w, channels) by `strides`. The kernel
    is (kd, kh, kw, filters, input channels). Like tf-keras's, it ignores `dilation_rate` (and
    leaves it out of its config).

        >>> layer = tf.keras.layers.Conv3DTranspose(4, 3, strides=2, padding='same')
        >>> layer(tf.ones([1, 2, 3, 4, 5])).shape, layer.kernel.shape
        (TensorShape([1, 4, 6, 8, 4]), TensorShape([3, 3, 3, 4, 5]))
    """
    rank = 3

    def _convolve(self, x):
        if self.padding not in ("valid", "same"):
            raise AssertionError(f"Conv3DTranspose: padding='{self.padding}' has no transpose; use 'valid' or 'same'")
        output_padding = self.output_padding or (None,) * 3
        dims = x.shape.as_list()
        if None in dims:
            dynamic = array_ops.shape(x)
            dims = [dynamic[i] if d is None else d for i, d in enumerate(dims)]
        out = [dims[0]] + [_deconv_length(dims[i + 1], self.kernel_size[i], self.strides[i], 1, self.padding,
                                          output_padding[i]) for i in range(3)] + [self.filters]
        if not all(isinstance(d, int) for d in out):
            out = stack_ops.stack(out)
        return conv3d_ops.conv3d_transpose(x, self.kernel, out, self.strides, self.padding.upper())

    def get_config(self):
        config = super().get_config()
        config.pop("dilation_rate")
        return config


class _Pooling3D(Layer):
    _op = None

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _tuple(pool_size, 3, "pool_size")
        self.strides = self.pool_size if strides is None else _tuple(strides, 3, "strides")
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        first = self.data_format == "channels_first"
        x = _channels_to(inputs, 3, last=True) if first else inputs
        y = conv3d_ops._pool3d(getattr(conv3d_ops, self._op), x, self.pool_size, self.strides,
                               self.padding.upper(), "NDHWC")
        return _channels_to(y, 3, last=False) if first else y

    def get_config(self):
        config = super().get_config()
        config.update({"pool_size": self.pool_size, "padding": self.padding, "strides": self.strides,
                       "data_format": self.data_format})
        return config


class MaxPooling3D(_Pooling3D):
    """Max over pool_size windows of volumes (default 2x2x2, strides = pool size).

        >>> tf.keras.layers.MaxPooling3D(pool_size=(1, 2, 2))(tf.ones([1, 3, 4, 4, 2])).shape
        TensorShape([1, 3, 2, 2, 2])
    """
    _op = "MAX_POOL3D"


class AveragePooling3D(_Pooling3D):
    """Mean over pool_size windows of volumes ('same' averages the real elements only).

        >>> tf.keras.layers.AveragePooling3D(3, strides=2, padding='same')(tf.ones([1, 5, 5, 5, 2])).shape
        TensorShape([1, 3, 3, 3, 2])
    """
    _op = "AVG_POOL3D"


class _GlobalPooling3D(Layer):
    _reduce = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        axes = [2, 3, 4] if self.data_format == "channels_first" else [1, 2, 3]
        return getattr(reduction_ops, self._reduce)(inputs, axis=axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        axes = [2, 3, 4] if self.data_format == "channels_first" else [1, 2, 3]
        if self.keepdims:
            return TensorShape([1 if i in axes else d for i, d in enumerate(shape)])
        return TensorShape([d for i, d in enumerate(shape) if i not in axes])

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalMaxPooling3D(_GlobalPooling3D):
    """The maximum over the three spatial dimensions of each channel.

        >>> tf.keras.layers.GlobalMaxPooling3D()(tf.ones([2, 3, 4, 5, 6])).shape
        TensorShape([2, 6])
    """
    _reduce = "reduce_max"


class GlobalAveragePooling3D(_GlobalPooling3D):
    """The mean over the three spatial dimensions of each channel.

        >>> tf.keras.layers.GlobalAveragePooling3D(keepdims=True)(tf.ones([2, 3, 4, 5, 6])).shape
        TensorShape([2, 1, 1, 1, 6])
    """
    _reduce = "reduce_mean"


MaxPool3D, AvgPool3D = MaxPooling3D, AveragePooling3D
GlobalMaxPool3D, GlobalAvgPool3D = GlobalMaxPooling3D, GlobalAveragePooling3D
Convolution3D, Convolution3DTranspose = Conv3D, Conv3DTranspose
