"""`BatchNormalization` and `LayerNormalization`, with tf-keras's (Keras 2) semantics.

    >>> bn = tf.keras.layers.BatchNormalization()
    >>> y = bn(x, training=True)   # normalizes with the batch's statistics, updates the moving ones
    >>> y = bn(x)                  # inference: the moving mean and variance

Training normalizes with the batch mean and (biased) variance over every axis but `axis`, and
moves `moving_mean`/`moving_variance` toward them by `1 - momentum`. As in tf-keras, 4-D and 5-D
float32 inputs normalized over their channel axis take TF's fused kernel, which moves the variance
toward the *unbiased* batch variance (times n/(n-1)); other inputs move it toward the biased one.
A layer with `trainable = False` always runs in inference mode (Keras 2's rule for fine-tuning).

LayerNormalization normalizes each example over `axis` (by default its last axis) with that
example's own mean and variance, the same in training and inference.
"""
from ...framework.tensor_shape import TensorShape
from ...framework.variables import VariableAggregationV2 as VariableAggregation, VariableSynchronization
from ...ops import array_ops, batch_norm_ops, creation_ops, math_ops2, nn_ops, stack_ops
from .. import backend, constraints, initializers, regularizers
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .core import _serialize, _serialize_constraint


def _known_rank(shape):
    if shape.rank is None:
        raise ValueError(f"Input has undefined rank. Received: input_shape={shape}.")
    return shape.rank


def _resolve_axes(axis, rank):
    """`axis` (an int or a list) as a list of non-negative axes, in the given order, checked as
    tf-keras checks them (negative axes are counted from the end before the range check)."""
    axes = [a + rank if a < 0 else a for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
    if any(not 0 <= a < rank for a in axes):
        raise ValueError(f"Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank (with "
                         f"inputs.rank={rank}). Received: axis={tuple(axes)}")
    if len(set(axes)) != len(axes):
        raise ValueError(f"Duplicate axis: {tuple(axes)}")
    return axes


def _param_dims(shape, axes):
    dims = [shape[a] for a in axes]
    if None in dims:
        raise ValueError(f"Input has undefined `axis` dimension. Received input with shape "
                         f"{tuple(shape.as_list())} and axis={tuple(axes)}")
    return dims


class _Normalization(Layer):
    """What BatchNormalization and LayerNormalization share: `axis`, `epsilon`, and the optional
    scale `gamma` and offset `beta` with their initializers, regularizers and constraints."""

    def __init__(self, axis, epsilon, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                 gamma_regularizer, beta_constraint, gamma_constraint, **kwargs):
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def _add_gamma_beta(self, param_shape):
        """Creates `gamma` and `beta` (None when `scale`/`center` is off), in tf-keras's order."""
        self.gamma = self.add_weight("gamma", shape=param_shape, initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer, constraint=self.gamma_constraint) \
            if self.scale else None
        self.beta = self.add_weight("beta", shape=param_shape, initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer, constraint=self.beta_constraint) \
            if self.center else None

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "axis": self.axis, "epsilon": self.epsilon, "center": self.center, "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": _serialize(self.beta_regularizer, regularizers),
            "gamma_regularizer": _serialize(self.gamma_regularizer, regularizers),
            "beta_constraint": _serialize_constraint(self.beta_constraint),
            "gamma_constraint": _serialize_constraint(self.gamma_constraint)})
        return config


class BatchNormalization(_Normalization):
    """Normalizes over every axis but `axis` (the channels, by default the last)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 synchronized=False, **kwargs):
        for option in ("renorm", "virtual_batch_size", "adjustment"):
            if kwargs.pop(option, None):
                raise NotImplementedError(f"BatchNormalization: `{option}` is not supported by numtf")
        kwargs.pop("renorm_clipping", None)
        kwargs.pop("renorm_momentum", None)
        self._fused_arg = kwargs.pop("fused", None)
        super().__init__(axis, epsilon, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                         gamma_regularizer, beta_constraint, gamma_constraint, **kwargs)
        self.momentum = momentum
        self.synchronized = synchronized
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        rank = _known_rank(shape)
        self.axis = _resolve_axes(self.axis, rank)
        params = _param_dims(shape, self.axis)
        self.input_spec = InputSpec(ndim=rank, axes={a: shape[a] for a in self.axis})
        param_shape = params if len(self.axis) == 1 else [shape[d] if d in self.axis else 1 for d in range(rank)]
        # TF's fused kernel: 4-D/5-D float32 normalized over the channels (first or last axis)
        self.fused = (self._fused_arg is not False and rank in (4, 5) and self.dtype == "float32"
                      and self.axis in ([1], [rank - 1]))
        self._add_gamma_beta(param_shape)
        # ON_READ/MEAN as in tf-keras: under a MirroredStrategy they are SyncOnReadVariables
        on_read = dict(trainable=False, synchronization=VariableSynchronization.ON_READ,
                       aggregation=VariableAggregation.MEAN)
        self.moving_mean = self.add_weight("moving_mean", shape=param_shape, initializer=self.moving_mean_initializer,
                                           **on_read)
        self.moving_variance = self.add_weight("moving_variance", shape=param_shape,
                                               initializer=self.moving_variance_initializer, **on_read)
        self.built = True

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        rank = inputs.shape.rank
        reduce_axes = [a for a in range(rank) if a not in self.axis]
        broadcast = len(self.axis) == 1 and self.axis[0] != rank - 1  # params need reshaping to broadcast

        def as_param(v):
            if v is None or not broadcast:
                return v
            return array_ops.reshape(v, [-1 if d in self.axis else 1 for d in range(rank)])

        if not (training and self.trainable):
            mean, variance = self.moving_mean, self.moving_variance
        elif self.fused:  # TF's fused kernel, which returns the unbiased variance for the averages
            fmt = "NHWC" if self.axis == [rank - 1] else "NCHW"
            channels = [inputs.shape[self.axis[0]]]
            params = [v if v is not None else make(channels, inputs.dtype)
                      for v, make in ((self.gamma, creation_ops.ones), (self.beta, creation_ops.zeros))]
            outputs, mean, variance = batch_norm_ops._fused(inputs, params[0], params[1], None, None,
                                                             self.epsilon, fmt, True, 1.0)[:3]
            self._update_moving_averages(mean, variance)
            return outputs
        else:
            mean, variance = nn_ops.moments(inputs, reduce_axes, keepdims=False)
            self._update_moving_averages(mean, variance)
        return nn_ops.batch_normalization(inputs, as_param(mean), as_param(variance), as_param(self.beta),
                                          as_param(self.gamma), self.epsilon)

    def _update_moving_averages(self, mean, variance):
        decay = 1.0 - self.momentum
        for var, value in ((self.moving_mean, mean), (self.moving_variance, variance)):
            var.assign_sub((var - stack_ops.cast(value, var.dtype)) * decay)

    def get_config(self):
        base = super().get_config()
        config = {k: base.pop(k) for k in ("name", "trainable", "dtype", "batch_input_shape", "axis")
                  if k in base}  # in tf-keras's order
        config["momentum"] = self.momentum
        config.update({k: base.pop(k) for k in ("epsilon", "center", "scale", "beta_initializer",
                                                "gamma_initializer")})
        config.update({"moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
                       "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer)})
        config.update(base)
        if self.synchronized:
            config["synchronized"] = True
        return config


class LayerNormalization(_Normalization):
    """Normalizes each example over `axis` (an int or a list, by default the last axis) with its own
    mean and variance, then scales by `gamma` and shifts by `beta` (shaped like those axes).

        >>> ln = tf.keras.layers.LayerNormalization()
        >>> y = ln(tf.constant([[1.0, 2.0, 3.0]]))   # about [[-1.22, 0, 1.22]]
        >>> [w.name for w in ln.weights]
        ['layer_normalization/gamma:0', 'layer_normalization/beta:0']
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        if not isinstance(axis, (list, tuple, int)):
            raise TypeError(f"Expected an int or a list/tuple of ints for the argument 'axis', but received: "
                            f"{axis!r}")
        super().__init__(axis, epsilon, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                         gamma_regularizer, beta_constraint, gamma_constraint, **kwargs)

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        self.axis = _resolve_axes(self.axis, _known_rank(shape))
        self._add_gamma_beta(_param_dims(shape, self.axis))
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_floating:  # integer inputs are normalized in the layer's dtype
            inputs = stack_ops.cast(inputs, self._dtype)
        rank = inputs.shape.rank
        axes = self.axis
        gamma, beta = self.gamma, self.beta
        if len(axes) != rank and axes != [rank - 1]:  # tf-keras reshapes (not transposes) the
            # parameters to the input's rank: axis=[2, 1] lays gamma's (d2, d1) out as (1, d1, d2)
            target = [inputs.shape[d] if d in axes else 1 for d in range(rank)]
            gamma, beta = (None if v is None else array_ops.reshape(v, target) for v in (gamma, beta))
        mean, variance = nn_ops.moments(inputs, axes, keepdims=True)
        trailing = max(axes) == rank - 1 and max(axes) - min(axes) == len(axes) - 1
        if trailing and self.epsilon >= 1.001e-5:
            # tf-keras's fused path: normalize, then scale and shift
            outputs = (inputs - mean) * math_ops2.rsqrt(variance + self.epsilon)
            if gamma is not None:
                outputs = outputs * gamma
            return outputs if beta is None else outputs + beta
        return nn_ops.batch_normalization(inputs, mean, variance, beta, gamma, self.epsilon)
