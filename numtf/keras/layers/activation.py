"""Activation layers with parameters: LeakyReLU, ELU, PReLU, ThresholdedReLU (tf-keras's Keras 2
versions: LeakyReLU's argument is `alpha`, 0.3 by default).

    >>> tf.keras.layers.LeakyReLU()(tf.constant([-1.0, 2.0])).numpy().tolist()
    [-0.30000001192092896, 2.0]
"""
import numpy as np

from ...framework.tensor_shape import TensorShape
from ...ops import logic_ops, math_ops, nn_ops, stack_ops
from .. import activations, constraints, initializers, regularizers
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .core import _serialize, _serialize_constraint


def _floatx(value):
    """A Python float holding the float32 value tf-keras keeps (its `cast_to_floatx`)."""
    return float(np.float32(value))


class _Elementwise(Layer):
    """A layer whose output has its input's shape and mask (the activations, noise.py's layers)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


class _ScalarActivation(_Elementwise):
    """An activation with one float parameter, kept as tf-keras keeps it (a float32 value)."""
    _param = "alpha"
    _none_message = ""

    def __init__(self, value, **kwargs):
        super().__init__(**kwargs)
        if value is None:
            raise ValueError(self._none_message + f" Received: {value}")
        setattr(self, self._param, _floatx(value))

    def get_config(self):
        config = super().get_config()
        config[self._param] = getattr(self, self._param)
        return config


class LeakyReLU(_ScalarActivation):
    """`x` where `x > 0`, `alpha * x` elsewhere (alpha=0.3 by default, as in Keras 2).

        >>> tf.keras.layers.LeakyReLU(alpha=0.1)(tf.constant([-2.0, 3.0])).numpy().tolist()
        [-0.20000000298023224, 3.0]
    """
    _none_message = "The alpha value of a Leaky ReLU layer cannot be None, Expecting a float."

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(alpha, **kwargs)

    def call(self, inputs):
        return activations.leaky_relu(inputs, alpha=self.alpha)


class ELU(_ScalarActivation):
    """Exponential linear unit: `x` where `x > 0`, `alpha * (exp(x) - 1)` elsewhere.

        >>> tf.keras.layers.ELU(alpha=0.5)(tf.constant([-1.0, 2.0])).numpy().tolist()
        [-0.31606027483940125, 2.0]
    """
    _none_message = "Alpha of an ELU layer cannot be None, expecting a float."

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(alpha, **kwargs)

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)


class ThresholdedReLU(_ScalarActivation):
    """`x` where `x > theta`, 0 elsewhere (theta=1.0 by default).

        >>> tf.keras.layers.ThresholdedReLU(theta=0.5)(tf.constant([0.5, 0.7])).numpy().tolist()
        [0.0, 0.699999988079071]
    """
    _param = "theta"
    _none_message = "Theta of a Thresholded ReLU layer cannot be None, expecting a float."

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(theta, **kwargs)
        if theta < 0:
            raise ValueError(f"The theta value of a Thresholded ReLU layer should be >=0. Received: {theta}")

    def call(self, inputs):
        theta = np.asarray(self.theta).astype(inputs.dtype.as_numpy_dtype)
        above = stack_ops.cast(logic_ops.greater(inputs, theta), self.compute_dtype)
        return math_ops.multiply(inputs, above)  # integer inputs fail here, as in tf-keras


class PReLU(_Elementwise):
    """Leaky ReLU with a learned slope: `relu(x) - alpha * relu(-x)`. `alpha` (initially zeros) has
    one entry per input element but the batch, or size 1 along the `shared_axes` (e.g. [1, 2] for
    one slope per channel of an image).

        >>> prelu = tf.keras.layers.PReLU(shared_axes=[1, 2])
        >>> prelu(tf.ones([2, 5, 5, 3])).shape, prelu.alpha.shape
        (TensorShape([2, 5, 5, 3]), TensorShape([1, 1, 3]))
    """

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None or isinstance(shared_axes, (list, tuple)):
            self.shared_axes = None if shared_axes is None else list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        param_shape = shape[1:]
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(shape):
                raise IndexError(f"PReLU: shared axis {axis} is not an axis of the inputs but the batch axis "
                                 f"(1 to {len(shape) - 1}); input shape {tuple(shape)}")
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise ValueError(f"PReLU: the input dimensions that are not shared must be known; got input shape "
                             f"{tuple(shape)} with shared_axes={self.shared_axes}")
        self.alpha = self.add_weight("alpha", shape=param_shape, initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        axes = {i: shape[i] for i in range(1, len(shape)) if i not in self.shared_axes} if self.shared_axes else {}
        self.input_spec = InputSpec(ndim=len(shape), axes=axes)
        self.built = True

    def call(self, inputs):
        positive = nn_ops.relu(inputs)
        return positive - self.alpha * nn_ops.relu(-inputs)

    def get_config(self):
        config = super().get_config()
        config.update({"alpha_initializer": initializers.serialize(self.alpha_initializer),
                       "alpha_regularizer": _serialize(self.alpha_regularizer, regularizers),
                       "alpha_constraint": _serialize_constraint(self.alpha_constraint),
                       "shared_axes": self.shared_axes})
        return config
