"""Regularization layers: SpatialDropout1D/2D, GaussianNoise, GaussianDropout, AlphaDropout (all
active only while training, identity otherwise), ActivityRegularization, and Masking.

    >>> tf.keras.layers.GaussianNoise(0.1)(tf.ones([2, 3])).numpy().tolist()  # not training
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]

Their random draws follow numtf's seeds (the global seed and the layer's `seed`), not TensorFlow's
streams: the contract is the distribution.
"""
import math

from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, logic_ops, random_ops, reduction_ops, stack_ops
from .. import backend, regularizers
from ..engine.input_spec import InputSpec
from .activation import _Elementwise as _SameShape
from .core import Dropout

# SELU's negative saturation value, -alpha * scale (Klambauer et al., 2017): what AlphaDropout drops to
_SELU_SATURATION = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946


def _shape(x):
    """x's shape as a list of ints when known, else as a tensor read when the graph runs."""
    return x.shape.as_list() if x.shape.is_fully_defined() else array_ops.shape(x)


class _Noise(_SameShape):
    """Adds noise while training (`training=True`, or Keras's learning phase); identity otherwise.
    Subclasses give `_active()` (their parameters make noise) and `_noisy(inputs)`."""

    def call(self, inputs, training=None):
        if training is None:
            training = backend.learning_phase()
        if not training or not self._active():
            return array_ops.identity(inputs)
        return self._noisy(inputs)

    def _active(self):
        return 0 < self.rate < 1

    def get_config(self):
        config = super().get_config()
        config.update({key: getattr(self, key) for key in self._config_keys})
        return config


class GaussianNoise(_Noise):
    """Adds zero-mean Gaussian noise of standard deviation `stddev` while training.

        >>> layer = tf.keras.layers.GaussianNoise(0.5, seed=1)
        >>> y = layer(tf.zeros([1000, 100]), training=True)
        >>> round(float(tf.math.reduce_std(y)), 1)
        0.5
    """
    _config_keys = ("stddev", "seed")

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev, self.seed = stddev, seed

    def _active(self):
        return True

    def _noisy(self, inputs):
        return inputs + random_ops.normal(_shape(inputs), stddev=self.stddev, dtype=inputs.dtype, seed=self.seed)


class GaussianDropout(_Noise):
    """Multiplies the inputs by Gaussian noise of mean 1 and variance `rate / (1 - rate)` while
    training (for 0 < rate < 1; other rates leave the inputs as they are).

        >>> y = tf.keras.layers.GaussianDropout(0.2, seed=1)(tf.ones([1000, 100]), training=True)
        >>> round(float(tf.reduce_mean(y)), 1), round(float(tf.math.reduce_std(y)), 1)
        (1.0, 0.5)
    """
    _config_keys = ("rate", "seed")

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = rate, seed

    def _noisy(self, inputs):
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        return inputs * random_ops.normal(_shape(inputs), mean=1.0, stddev=stddev, dtype=inputs.dtype,
                                          seed=self.seed)


class AlphaDropout(_Noise):
    """Dropout for self-normalizing (SELU) networks: while training, a fraction `rate` of the inputs
    becomes SELU's saturation value, and an affine map restores the inputs' mean and variance.
    `noise_shape` (not in the config, as in tf-keras) shares the draws.

        >>> y = tf.keras.layers.AlphaDropout(0.3, seed=1)(tf.random.normal([1000, 100], seed=2), training=True)
        >>> abs(round(float(tf.reduce_mean(y)), 1)), round(float(tf.math.reduce_std(y)), 1)
        (0.0, 1.0)
    """
    _config_keys = ("rate", "seed")

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def _noisy(self, inputs):
        rate, saturation = self.rate, _SELU_SATURATION
        noise_shape = _shape(inputs) if self.noise_shape is None else self.noise_shape
        u = random_ops.uniform(noise_shape, dtype=inputs.dtype, seed=self.seed)
        kept = stack_ops.cast(logic_ops.greater_equal(u, rate), inputs.dtype)
        a = ((1 - rate) * (1 + rate * saturation ** 2)) ** -0.5
        b = -a * saturation * rate
        return a * (inputs * kept + saturation * (1 - kept)) + b


class _SpatialDropout(Dropout):
    """Dropout of whole channels: one draw per sample and channel, shared along the other axes."""
    ndim = 3

    def __init__(self, rate, **kwargs):
        super().__init__(rate, **kwargs)
        self.input_spec = InputSpec(ndim=self.ndim)

    def _noise_shape(self):
        return [None] + [1] * (self.ndim - 2) + [None]  # None: the input's size

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


class SpatialDropout1D(_SpatialDropout):
    """Drops whole feature channels of (batch, steps, channels) inputs while training (the kept
    ones are scaled by 1 / (1 - rate)).

        >>> y = tf.keras.layers.SpatialDropout1D(0.5, seed=1)(tf.ones([2, 4, 3]), training=True)
        >>> bool(tf.reduce_all(tf.equal(y, y[:, :1])))  # the same for every step
        True
    """
    ndim = 3


class SpatialDropout2D(_SpatialDropout):
    """Drops whole feature maps of (batch, h, w, channels) inputs (channels_last) or (batch,
    channels, h, w) (channels_first) while training. Its config also has `data_format` (tf-keras
    leaves it out, so its round trip forgets channels_first).

        >>> y = tf.keras.layers.SpatialDropout2D(0.5, seed=1)(tf.ones([2, 3, 3, 4]), training=True)
        >>> bool(tf.reduce_all(tf.equal(y, y[:, :1, :1])))  # the same at every pixel
        True
    """
    ndim = 4

    def __init__(self, rate, data_format=None, **kwargs):
        super().__init__(rate, **kwargs)
        data_format = data_format or backend.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError('`data_format` must be "channels_last" or "channels_first". Received: '
                             f"data_format={data_format}.")
        self.data_format = data_format

    def _noise_shape(self):
        return [None, None, 1, 1] if self.data_format == "channels_first" else [None, 1, 1, None]

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class ActivityRegularization(_SameShape):
    """Passes its inputs through and adds `l1 * sum(|x|) + l2 * sum(x^2)`, divided by the batch
    size, to `layer.losses` (and so to the loss a model trains on).

        >>> layer = tf.keras.layers.ActivityRegularization(l1=0.1)
        >>> _ = layer(tf.constant([[1.0, -2.0], [3.0, 4.0]]))
        >>> [round(float(loss), 4) for loss in layer.losses]
        [0.5]
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2

    def call(self, inputs):
        return inputs

    def get_config(self):
        config = super().get_config()
        config.update({"l1": self.l1, "l2": self.l2})
        return config


class Masking(_SameShape):
    """Masks the timesteps whose features all equal `mask_value`: they become zeros and the output
    carries the mask `any(inputs != mask_value, axis=-1)` (`output._keras_mask`), which recurrent
    layers called on it use to skip those steps.

        >>> y = tf.keras.layers.Masking()(tf.constant([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]]))
        >>> y._keras_mask.numpy().tolist()
        [[True, False, True]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def _keep(self, inputs, keepdims):
        return reduction_ops.reduce_any(logic_ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=keepdims)

    def compute_mask(self, inputs, mask=None):
        return self._keep(inputs, keepdims=False)

    def call(self, inputs):
        keep = self._keep(inputs, keepdims=True)
        outputs = inputs * stack_ops.cast(keep, inputs.dtype)
        outputs._keras_mask = array_ops.squeeze(keep, axis=-1)
        return outputs

    def get_config(self):
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
