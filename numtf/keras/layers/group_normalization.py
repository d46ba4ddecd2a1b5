"""`GroupNormalization` and `UnitNormalization`, with tf-keras's (Keras 2) semantics.

    >>> gn = tf.keras.layers.GroupNormalization(groups=2)
    >>> gn(tf.ones([3, 8])).shape
    TensorShape([3, 8])
    >>> [w.name for w in gn.weights]
    ['group_normalization/gamma:0', 'group_normalization/beta:0']

GroupNormalization splits the channels (`axis`) into `groups` groups and normalizes each example's
group with its own mean and variance over the group's channels and every other non-batch axis, the
same in training and inference; `groups=-1` makes one group per channel (instance normalization).
With a mask (e.g. from `Masking`) the statistics are weighted by it, as tf-keras does: the mask is
broadcast to the input's shape, so it must be broadcastable to it.

UnitNormalization scales each example to unit L2 norm over `axis`.
"""
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, math_ops2, nn_ops, stack_ops
from ...ops.linalg_ops import l2_normalize
from ...ops.reduction_ops import reduce_sum
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .normalization import _Normalization, _known_rank, _resolve_axes


class GroupNormalization(_Normalization):
    """Normalizes groups of channels: `groups` must divide the channels of `axis` (-1, the last
    axis, by default); `gamma` and `beta` have one value per channel.

        >>> x = tf.constant([[1.0, 3.0, 10.0, 30.0]])
        >>> tf.keras.layers.GroupNormalization(groups=2, epsilon=0.0)(x).numpy().tolist()
        [[-1.0, 1.0, -1.0, 1.0]]
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        if not isinstance(axis, int):  # tf-keras 2.21 fails on a list with an obscure TypeError
            raise TypeError(f"Expected an int for the argument 'axis', but received: {axis!r}")
        super().__init__(axis, epsilon, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                         gamma_regularizer, beta_constraint, gamma_constraint, **kwargs)
        self.groups = groups

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        rank = _known_rank(shape)
        axis = _resolve_axes(self.axis, rank)[0]
        channels = shape[axis]
        if channels is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but the layer "
                             f"received an input with shape {tuple(shape.as_list())}.")
        if self.groups == -1:  # tf-keras's instance normalization (get_config then shows the channels)
            self.groups = channels
        if channels < self.groups:
            raise ValueError(f"Number of groups ({self.groups}) cannot be more than the number of channels "
                             f"({channels}).")
        if channels % self.groups != 0:  # (sic: tf-keras's wording)
            raise ValueError(f"Number of groups ({self.groups}) must be a multiple of the number of channels "
                             f"({channels}).")
        self._axis = axis
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: channels})
        self._add_gamma_beta([channels])
        self.built = True

    def _grouped_shape(self, inputs):
        """The input's shape with the channel axis split into (groups, channels // groups): static
        ints where known, read from the running tensor where not."""
        static = inputs.shape.as_list()
        dynamic = array_ops.shape(inputs) if None in static else None
        dims = [dynamic[i] if d is None else d for i, d in enumerate(static)]
        channels = static[self._axis]
        return dims[:self._axis] + [self.groups, channels // self.groups] + dims[self._axis + 1:]

    def call(self, inputs, mask=None):
        rank = inputs.shape.rank
        grouped_shape = self._grouped_shape(inputs)
        grouped = array_ops.reshape(inputs, grouped_shape)
        # every axis but the batch and the group index: the group's channels and the other axes
        reduce_axes = [a for a in range(1, rank + 1) if a != self._axis]
        if mask is None:
            mean, variance = nn_ops.moments(grouped, reduce_axes, keepdims=True)
        else:
            _check_broadcastable(mask, inputs)
            weights = stack_ops.cast(stack_ops.broadcast_to(mask, array_ops.shape(inputs)), inputs.dtype)
            mean, variance = _weighted_moments(grouped, reduce_axes, array_ops.reshape(weights, grouped_shape))
        normalized = (grouped - mean) * math_ops2.rsqrt(variance + self.epsilon)
        outputs = array_ops.reshape(normalized, array_ops.shape(inputs) if None in inputs.shape.as_list()
                                    else inputs.shape.as_list())
        param_shape = [-1 if d == self._axis else 1 for d in range(rank)]
        if self.gamma is not None:
            outputs = outputs * array_ops.reshape(self.gamma, param_shape)
        if self.beta is not None:
            outputs = outputs + array_ops.reshape(self.beta, param_shape)
        return outputs

    def get_config(self):
        config = super().get_config()
        # tf-keras's order: groups before axis
        ordered = {k: config.pop(k) for k in ("name", "trainable", "dtype", "batch_input_shape") if k in config}
        ordered["groups"] = self.groups
        ordered.update(config)
        return ordered


def _check_broadcastable(mask, inputs):
    """tf-keras's graph-time ValueError for a mask that can't broadcast to the input's static shape
    (e.g. Masking's (batch, steps) mask of a (batch, steps, channels) input); eagerly, broadcast_to
    raises InvalidArgumentError as TF does."""
    if not inputs._is_symbolic() or mask.shape.rank is None:
        return
    for a, b in zip(reversed(mask.shape.as_list()), reversed(inputs.shape.as_list())):
        if a is not None and b is not None and a != b and a != 1:
            raise ValueError(f"Dimensions must be equal, but are {a} and {b} for 'BroadcastTo' with input shapes: "
                             f"{mask.shape} and {inputs.shape}.")


def _weighted_moments(x, axes, weights):
    """tf.nn.weighted_moments's (mean, variance): a group whose weights are all zero gets mean and
    variance 0 (a no-NaN reciprocal of the weights' sum), as in tf-keras."""
    inv_total = math_ops2.reciprocal_no_nan(reduce_sum(weights, axes, keepdims=True))
    mean = reduce_sum(x * weights, axes, keepdims=True) * inv_total
    deviation = x - mean
    variance = reduce_sum(weights * deviation * deviation, axes, keepdims=True) * inv_total
    return mean, variance


class UnitNormalization(Layer):
    """Scales each example to unit L2 norm over `axis` (an int or a list of ints, -1 by default):
    x / sqrt(max(sum(x ** 2), 1e-12)); integer inputs are normalized in the layer's dtype.

        >>> tf.keras.layers.UnitNormalization()(tf.constant([[3.0, 4.0]])).numpy().tolist()
        [[0.6000000238418579, 0.800000011920929]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(f"Invalid value for `axis` argument: expected an int or a list/tuple of ints. "
                            f"Received: axis={axis}")
        self.supports_masking = True

    def build(self, input_shape):
        _resolve_axes(self.axis, _known_rank(TensorShape(input_shape)))  # checked; the config keeps `axis`
        self.built = True

    def call(self, inputs):
        if inputs.dtype != self._dtype:
            inputs = stack_ops.cast(inputs, self._dtype)
        # resolved on each call: like tf-keras, a built layer also takes inputs of another rank
        return l2_normalize(inputs, axis=_resolve_axes(self.axis, inputs.shape.rank), epsilon=1e-12)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config

