"""`LocallyConnected1D` and `LocallyConnected2D`: convolutions whose weights are not shared, each
output position has its own filter bank (tf-keras semantics, channels_last or channels_first).

    >>> tf.keras.layers.LocallyConnected1D(4, 3)(tf.ones([2, 7, 3])).shape
    TensorShape([2, 5, 4])

The three `implementation`s compute the same function with different weight layouts, as tf-keras:
- 1: `kernel` (output positions, kernel patch size * channels, filters), one matrix product per
  output position (`K.local_conv1d/2d`); 'valid' padding only;
- 2: a dense `kernel` (*input dims, *output dims) in the input's layout (channels_last:
  (rows, cols, channels, out_rows, out_cols, filters); channels_first: (channels, rows, cols,
  filters, out_rows, out_cols)), multiplied by a fixed 0/1 mask of the connections, then one
  matrix product;
- 3: `kernel` holds only the connected entries (a flat vector), in the order of the sorted
  (flat output index, flat input index) pairs; scattered into the dense matrix at call time.
The bias is (*output positions, filters) in every implementation.
"""
import itertools

import numpy as np

import numtf as _tf
from ...framework.tensor_shape import TensorShape
from .. import activations, backend
from ..backend_ops2 import bias_add
from ..backend_ops3 import local_conv1d, local_conv2d
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .convolutional import _tuple, add_kind_weight, keep_weight_args, kind_config


def _output_length(length, kernel, padding, stride):
    """The number of output positions along one axis (Keras's conv output length, no dilation)."""
    size = length if padding == "same" else length - kernel + 1
    return (size + stride - 1) // stride


def _connected_inputs(position, kernel, stride, padding, length):
    """The input positions output `position` reads along one axis. 'same' centres the window the
    way tf-keras's locally connected masks do: kernel // 2 positions before it."""
    start = position * stride - (kernel // 2 if padding == "same" else 0)
    return range(max(0, start), min(length, start + kernel))


class _LocallyConnected(Layer):
    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, self.rank, "kernel_size", positive=True)
        self.strides = _tuple(strides, self.rank, "strides")
        self.padding = padding.lower() if isinstance(padding, str) else padding
        if self.padding not in ("valid", "same", "causal"):
            raise ValueError('The `padding` argument must be a list/tuple or one of "valid", "same" (or "causal", '
                             f'only for `Conv1D). Received: {padding}')
        if self.padding != "valid" and implementation == 1:
            raise ValueError(f"Invalid border mode for {type(self).__name__} (only \"valid\" is supported if "
                             f"implementation is 1): {self.padding}")
        data_format = data_format or backend.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". '
                             f"Received: {data_format}")
        self.data_format = data_format
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        keep_weight_args(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        keep_weight_args(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.implementation = implementation
        self.input_spec = InputSpec(ndim=self.rank + 2)

    # -- shapes ----------------------------------------------------------------------------
    def _split(self, input_shape):
        """(spatial dims, channels) of an input shape in this layer's data format."""
        dims = list(input_shape)[1:]
        return (dims[1:], dims[0]) if self.data_format == "channels_first" else (dims[:-1], dims[-1])

    def _layout(self, spatial, channels):
        """A shape (spatial..., channels) laid out as the data format orders it."""
        return (channels,) + tuple(spatial) if self.data_format == "channels_first" else tuple(spatial) + (channels,)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        spatial, channels = self._split(input_shape.as_list())
        if channels is None or any(d is None for d in spatial):
            raise ValueError(f"{type(self).__name__} requires fully-defined spatial dimensions and channels. "
                             f"Received input shape {input_shape}.")
        out = [_output_length(n, k, self.padding, s) for n, k, s in zip(spatial, self.kernel_size, self.strides)]
        if min(out) <= 0:
            raise ValueError(f"One of the dimensions in the output is <= 0 due to downsampling in {self.name}. "
                             f"Consider increasing the input size. Received input shape {tuple(input_shape.as_list())} "
                             "which would produce output shape with a zero or negative value in a dimension.")
        self._spatial, self._channels, self._out = list(spatial), channels, out
        impl = self.implementation
        if impl == 1:
            shape = (int(np.prod(out)), int(np.prod(self.kernel_size)) * channels, self.filters)
        elif impl in (2, 3):
            if self.padding not in ("valid", "same"):
                raise NotImplementedError(f"Padding type {self.padding} not supported. Only \"valid\" and "
                                          "\"same\" are implemented.")
            mask = self._mask()
            if impl == 2:
                shape = mask.shape
                self._mask_const = mask.astype(self._dtype.as_numpy_dtype)
            else:
                size_in = int(np.prod(self._in_dims))
                cols, rows = np.nonzero(mask.reshape(size_in, -1).T)  # by output index, then input index
                shape = (rows.size,)
                # positions of the stored entries in the flat dense matrix; the last slot of the
                # gathered vector is a zero for every unconnected entry
                index = np.full(mask.size, rows.size, np.int64)
                index[rows * (mask.size // size_in) + cols] = np.arange(rows.size)
                self._scatter_index = index
        else:
            raise ValueError(f"Unrecognized implementation mode: {impl}.")
        self.kernel = add_kind_weight(self, "kernel", shape, "kernel")
        self.bias = add_kind_weight(self, "bias", tuple(out) + (self.filters,), "bias") if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={1 if self.data_format == "channels_first" else -1:
                                                             channels})
        self.built = True

    def _mask(self):
        """The 0/1 connections (*input dims, *output dims), each in the data format's layout."""
        n = self.rank
        self._in_dims = self._layout(self._spatial, self._channels)
        out_dims = self._layout(self._out, self.filters)
        spatial_mask = np.zeros(tuple(self._spatial) + tuple(self._out), bool)
        for pos in itertools.product(*(range(o) for o in self._out)):
            reads = [_connected_inputs(p, k, s, self.padding, length)
                     for p, k, s, length in zip(pos, self.kernel_size, self.strides, self._spatial)]
            for src in itertools.product(*reads):
                spatial_mask[src + pos] = True
        # broadcast over (channels, filters), then move them to their places in each layout
        full = np.broadcast_to(spatial_mask[(Ellipsis,) + (None, None)],
                               spatial_mask.shape + (self._channels, self.filters))
        if self.data_format == "channels_first":
            perm = [2 * n] + list(range(n)) + [2 * n + 1] + list(range(n, 2 * n))
        else:
            perm = list(range(n)) + [2 * n] + list(range(n, 2 * n)) + [2 * n + 1]
        return np.ascontiguousarray(np.transpose(full, perm)).reshape(self._in_dims + out_dims)

    # -- math ------------------------------------------------------------------------------
    def call(self, inputs):
        if self.implementation == 1:
            if self.rank == 1:
                out = local_conv1d(inputs, self.kernel, self.kernel_size, self.strides, self.data_format)
            else:
                out = local_conv2d(inputs, self.kernel, self.kernel_size, self.strides, self._out, self.data_format)
        else:
            size_in = int(np.prod(self._in_dims))
            if self.implementation == 2:
                dense = _tf.reshape(self.kernel * _tf.constant(self._mask_const, self.kernel.dtype), [size_in, -1])
            else:
                flat = _tf.concat([self.kernel, _tf.zeros([1], self.kernel.dtype)], 0)
                dense = _tf.reshape(_tf.gather(flat, self._scatter_index), [size_in, -1])
            flat_in = _tf.reshape(inputs, _tf.stack([_tf.shape(inputs)[0], size_in]))
            out = _tf.reshape(_tf.matmul(flat_in, dense),
                              [-1] + list(self._layout(self._out, self.filters)))
        if self.use_bias:
            out = bias_add(out, self.bias, data_format=self.data_format)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        input_shape = TensorShape(input_shape).as_list()
        spatial, _ = self._split(input_shape)
        out = [_output_length(n, k, self.padding, s) for n, k, s in zip(spatial, self.kernel_size, self.strides)]
        return TensorShape([input_shape[0]] + list(self._layout(out, self.filters)))

    def get_config(self):
        config = super().get_config()
        config.update({"filters": self.filters, "kernel_size": self.kernel_size, "strides": self.strides,
                       "padding": self.padding, "data_format": self.data_format,
                       "activation": activations.serialize(self.activation), "use_bias": self.use_bias})
        config.update(kind_config(self, "kernel", "bias", activity=True))
        config["implementation"] = self.implementation
        return config


class LocallyConnected1D(_LocallyConnected):
    """Unshared-weights 1-D convolution over (batch, steps, channels) inputs.

        >>> layer = tf.keras.layers.LocallyConnected1D(2, 3, implementation=2)
        >>> layer(tf.ones([1, 6, 4])).shape, layer.kernel.shape
        (TensorShape([1, 4, 2]), TensorShape([6, 4, 4, 2]))
    """
    rank = 1


class LocallyConnected2D(_LocallyConnected):
    """Unshared-weights 2-D convolution over (batch, rows, cols, channels) inputs.

        >>> layer = tf.keras.layers.LocallyConnected2D(2, (2, 2))
        >>> layer(tf.ones([1, 4, 5, 3])).shape, layer.kernel.shape
        (TensorShape([1, 3, 4, 2]), TensorShape([12, 12, 2]))
    """
    rank = 2
