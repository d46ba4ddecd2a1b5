"""The last tf.keras layers: `DepthwiseConv1D`, `SpatialDropout3D`, `SpectralNormalization` (a
wrapper normalizing its layer's kernel by its largest singular value while training) and
`AbstractRNNCell` (the base of a user's RNN cell).

    >>> tf.keras.layers.DepthwiseConv1D(3, depth_multiplier=2)(tf.ones([1, 7, 4])).shape
    TensorShape([1, 5, 8])
"""
import numtf as _tf
from ...framework.tensor_shape import TensorShape
from ...ops import depthwise_ops
from .. import initializers
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .convolutional import Conv1D, _Depthwise, keep_weight_args
from .noise import _SpatialDropout
from .recurrent import zero_state
from .wrappers import Wrapper


class DepthwiseConv1D(_Depthwise, Conv1D):
    """Per-channel 1-D convolution of (batch, steps, channels) inputs: each channel is convolved
    with its own `depth_multiplier` filters; output channels = channels * depth_multiplier.

        >>> layer = tf.keras.layers.DepthwiseConv1D(2, strides=2)
        >>> layer(tf.ones([1, 6, 3])).shape, layer.depthwise_kernel.shape
        (TensorShape([1, 3, 3]), TensorShape([2, 3, 1]))
    """

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1, data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        if isinstance(padding, str) and padding.lower() == "causal":
            raise ValueError("Causal padding is only supported for `Conv1D`and `SeparableConv1D`.")
        super().__init__(None, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = depth_multiplier
        keep_weight_args(self, "depthwise", depthwise_initializer, depthwise_regularizer, depthwise_constraint)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.rank != 3:
            raise ValueError(f"Inputs to `DepthwiseConv` should have rank 3. Received input_shape={input_shape}.")
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs to `DepthwiseConv` should be defined. "
                             f"The input_shape received is {input_shape}, where axis -1 (0-based) is the "
                             "channel dimension, which found to be `None`.")
        self._build_depthwise(channels, InputSpec(ndim=3, axes={-1: channels}))

    def _convolve(self, inputs):
        # a 1-D depthwise convolution is the 2-D one over a height of 1 (the row stride and
        # dilation then change nothing; the 2-D kernel wants them equal to the column ones)
        x = _tf.expand_dims(inputs, 1)
        kernel = _tf.expand_dims(self.depthwise_kernel, 0)
        s, d = self.strides[0], self.dilation_rate[0]
        out = depthwise_ops.depthwise_conv2d(x, kernel, (1, s, s, 1), self.padding.upper(), dilations=(d, d))
        return _tf.squeeze(out, [1])


class SpatialDropout3D(_SpatialDropout):
    """Drops whole 3-D feature maps of (batch, d1, d2, d3, channels) inputs (channels_last) or
    (batch, channels, d1, d2, d3) (channels_first) while training; the kept ones are scaled by
    1 / (1 - rate). Like numtf's SpatialDropout2D its config also has `data_format` (tf-keras
    leaves it out, so its round trip forgets channels_first).

        >>> y = tf.keras.layers.SpatialDropout3D(0.5, seed=1)(tf.ones([2, 2, 2, 2, 4]), training=True)
        >>> bool(tf.reduce_all(tf.equal(y, y[:, :1, :1, :1])))  # the same at every voxel
        True
    """
    ndim = 5

    def __init__(self, rate, data_format=None, **kwargs):
        super().__init__(rate, **kwargs)
        from .. import backend
        data_format = data_format or backend.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError('`data_format` must be "channels_last" or "channels_first". Received: '
                             f"data_format={data_format}.")
        self.data_format = data_format

    def _noise_shape(self):
        return [None, None, 1, 1, 1] if self.data_format == "channels_first" else [None, 1, 1, 1, None]

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class SpectralNormalization(Wrapper):
    """Wraps a layer with a `kernel` (or `embeddings`) and, on each training call, divides that
    weight by an estimate of its largest singular value (power iteration, Miyato et al. 2018)
    before running the layer. The weight is reshaped to (-1, last axis) as a matrix W; the state is
    the non-trainable `vector_u` (1, last axis), drawn from N(0, 0.02) truncated at 2 stddev. Each training call repeats
    `power_iterations` times v = normalize(u W^T), u = normalize(v W), then sigma = v W u^T, and
    assigns u to `vector_u` and W / sigma to the layer's weight (an all-zero weight is left as it
    is). Inference calls use the weight as it is. The normalization is not differentiated: the
    gradient is the wrapped layer's with respect to its (normalized) weight, as in tf-keras.

        >>> sn = tf.keras.layers.SpectralNormalization(tf.keras.layers.Dense(3), power_iterations=20)
        >>> _ = sn(tf.ones([2, 4]), training=True)
        >>> round(float(tf.linalg.svd(sn.layer.kernel, compute_uv=False)[0]), 1)  # the largest singular value
        1.0
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Layer {layer} supplied to wrapper is not a supported layer type. Please ensure "
                             "wrapped layer is a valid TF-Keras layer.")
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError("`power_iterations` should be greater than zero. Received: "
                             f"`power_iterations={power_iterations}`")
        self.power_iterations = power_iterations

    def build(self, input_shape):
        super().build(input_shape)
        self.input_spec = InputSpec(shape=[None] + list(TensorShape(input_shape).as_list()[1:]))
        if hasattr(self.layer, "kernel"):
            self._weight_name = "kernel"
        elif hasattr(self.layer, "embeddings"):
            self._weight_name = "embeddings"
        else:
            raise ValueError(f"{type(self.layer).__name__} object has no attribute 'kernel' nor 'embeddings'")
        weight = getattr(self.layer, self._weight_name)
        self.kernel_shape = weight.shape.as_list()
        self.vector_u = self.add_weight(shape=(1, self.kernel_shape[-1]),
                                        initializer=initializers.TruncatedNormal(stddev=0.02),
                                        trainable=False, name="vector_u", dtype=weight.dtype)
        self.built = True

    def call(self, inputs, training=False):
        if training:
            self.normalize_weights()
        return self.layer(inputs)

    def normalize_weights(self):
        """One power-iteration update of `vector_u` and the wrapped layer's weight (see the class)."""
        kernel = getattr(self.layer, self._weight_name)
        weights = _tf.reshape(kernel, [-1, self.kernel_shape[-1]])
        vector_u = _tf.convert_to_tensor(self.vector_u)
        for _ in range(self.power_iterations):
            vector_v = _tf.math.l2_normalize(_tf.matmul(vector_u, weights, transpose_b=True))
            vector_u = _tf.math.l2_normalize(_tf.matmul(vector_v, weights))
        vector_u, vector_v = _tf.stop_gradient(vector_u), _tf.stop_gradient(vector_v)
        sigma = _tf.matmul(_tf.matmul(vector_v, weights), vector_u, transpose_b=True)
        # an all-zero weight has no direction to estimate (sigma = 0): both stay as they were;
        # selected, not branched on, so that a traced call needs no control flow
        zero = _tf.reduce_all(_tf.equal(weights, 0))
        self.vector_u.assign(_tf.where(zero, self.vector_u, _tf.cast(vector_u, self.vector_u.dtype)))
        normalized = _tf.reshape(_tf.math.divide_no_nan(kernel, sigma[0, 0]), self.kernel_shape)
        kernel.assign(_tf.where(zero, kernel, _tf.cast(normalized, kernel.dtype)))

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config["power_iterations"] = self.power_iterations
        return config


class AbstractRNNCell(Layer):
    """The base of an RNN cell written by a user: define `state_size`, `output_size` and
    `call(inputs, states) -> (output, new_states)`; the initial state is zeros.

        >>> class Cell(tf.keras.layers.AbstractRNNCell):
        ...     state_size = output_size = 2
        ...     def call(self, inputs, states):
        ...         return states[0] + tf.reduce_sum(inputs), states[0] + tf.reduce_sum(inputs)
        >>> tf.keras.layers.RNN(Cell())(tf.ones([1, 3, 2])).numpy().tolist()
        [[6.0, 6.0]]
    """

    def call(self, inputs, states):
        """(output, new_states) for one time step: subclasses define it."""
        raise NotImplementedError

    @property
    def state_size(self):
        """An int, a TensorShape, or a list of them (one per state): subclasses define it."""
        raise NotImplementedError

    @property
    def output_size(self):
        """An int or TensorShape: subclasses define it."""
        raise NotImplementedError

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Zeros of shape (batch, size) per state: a tensor for one state, a list for several."""
        if inputs is not None:
            batch_size = _tf.shape(inputs)[0]
            dtype = inputs.dtype
        sizes = self.state_size
        if isinstance(sizes, (list, tuple)):
            return [zero_state(batch_size, int(s), dtype) for s in sizes]
        return zero_state(batch_size, int(sizes), dtype)
