"""`tf.compat.v1.layers` (TF1's `tf.layers`): Keras layers whose weights are `get_variable`s of a
variable scope, and the functions that make and call one (`tf.layers.dense(x, 10)`).

A layer takes its variable scope on its first call: its `name`, or the next free one of its kind
('dense', 'dense_1', ...), which a reusing outer scope reuses as TF1 does. Its weights are then
'<scope>/kernel:0' and so on, shared through `reuse=True` or `tf.AUTO_REUSE` with any other layer
or `get_variable` of that scope. A batch normalization trained in a graph puts its moving-average
updates in the UPDATE_OPS collection, to be run with the train op (eagerly they run at once).

    >>> x = tf.compat.v1.placeholder(tf.float32, [None, 784])
    >>> logits = tf.compat.v1.layers.dense(tf.compat.v1.layers.dense(x, 100, tf.nn.relu), 10)
"""
import sys

from ...framework.context import ctx
from ...keras import initializers, layers as keras_layers, regularizers
from ...keras.backend import to_snake_case
from ...keras.engine.base_layer import Layer as KerasLayer
from ...keras.engine.input_spec import InputSpec  # noqa: F401  (tf.compat.v1.layers.InputSpec)
from ._graph import GraphKeys, add_to_collection
from ._scope import get_variable, variable_scope

__all__ = ["Layer", "Dense", "Dropout", "Flatten", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose",
           "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
           "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "BatchNormalization", "InputSpec",
           "dense", "dropout", "flatten", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose",
           "separable_conv1d", "separable_conv2d", "max_pooling1d", "max_pooling2d", "max_pooling3d",
           "average_pooling1d", "average_pooling2d", "average_pooling3d", "batch_normalization"]


class _ScopedWeights:
    """Mixin placed before a Keras layer class: variable-scope naming and get_variable weights."""

    def __init__(self, *args, name=None, _reuse=None, _scope=None, **kwargs):
        super().__init__(*args, name=name or to_snake_case(self._keras_base().__name__), **kwargs)
        self._v1_name, self._v1_reuse, self._v1_scope = name, _reuse, _scope

    @classmethod
    def _keras_base(cls):
        return next(c for c in cls.__mro__[1:] if issubclass(c, KerasLayer) and not issubclass(c, _ScopedWeights))

    def __call__(self, inputs, *args, **kwargs):
        if self._v1_scope is None:  # the first call picks the scope, as TF1's layers do
            base = to_snake_case(self._keras_base().__name__)
            scope = variable_scope(self._v1_name or base, reuse=True, auxiliary_name_scope=False) \
                if self._v1_reuse else variable_scope(self._v1_name, default_name=base, auxiliary_name_scope=False)
        else:
            scope = variable_scope(self._v1_scope, reuse=True, auxiliary_name_scope=False)
        with scope as vs:
            if self._v1_scope is None:
                self._v1_scope = vs
                self._name = vs.name.rsplit("/", 1)[-1]  # ops go under the scope's own name
            return super().__call__(inputs, *args, **kwargs)

    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, **kwargs):
        init = initializers.get(initializer) if initializer is not None else None
        reg = regularizers.get(regularizer) if regularizer is not None else None
        var = get_variable(name, shape, dtype or self.dtype, initializer=init, regularizer=reg,
                           trainable=True if trainable is None else trainable, constraint=constraint)
        (self._trainable_weights if var.trainable else self._non_trainable_weights).append(var)
        return var

    @property
    def scope_name(self):
        return self._v1_scope.name if self._v1_scope is not None else None


def _legacy(keras_class, doc):
    cls = type(keras_class.__name__, (_ScopedWeights, keras_class), {"__doc__": doc})
    cls.__module__ = __name__
    return cls


Layer = _legacy(KerasLayer, "TF1's layer base: a Keras layer whose weights are get_variables of its scope.")
Dense = _legacy(keras_layers.Dense, "tf.layers.Dense: a densely connected layer with scoped weights.")
Flatten = _legacy(keras_layers.Flatten, "tf.layers.Flatten.")
Conv1D = _legacy(keras_layers.Conv1D, "tf.layers.Conv1D.")
Conv2D = _legacy(keras_layers.Conv2D, "tf.layers.Conv2D.")
Conv3D = _legacy(keras_layers.Conv3D, "tf.layers.Conv3D.")
Conv2DTranspose = _legacy(keras_layers.Conv2DTranspose, "tf.layers.Conv2DTranspose.")
Conv3DTranspose = _legacy(keras_layers.Conv3DTranspose, "tf.layers.Conv3DTranspose.")
SeparableConv1D = _legacy(keras_layers.SeparableConv1D, "tf.layers.SeparableConv1D.")
SeparableConv2D = _legacy(keras_layers.SeparableConv2D, "tf.layers.SeparableConv2D.")
MaxPooling1D = _legacy(keras_layers.MaxPooling1D, "tf.layers.MaxPooling1D.")
MaxPooling2D = _legacy(keras_layers.MaxPooling2D, "tf.layers.MaxPooling2D.")
MaxPooling3D = _legacy(keras_layers.MaxPooling3D, "tf.layers.MaxPooling3D.")
AveragePooling1D = _legacy(keras_layers.AveragePooling1D, "tf.layers.AveragePooling1D.")
AveragePooling2D = _legacy(keras_layers.AveragePooling2D, "tf.layers.AveragePooling2D.")
AveragePooling3D = _legacy(keras_layers.AveragePooling3D, "tf.layers.AveragePooling3D.")


class Dropout(_legacy(keras_layers.Dropout, "")):
    """tf.layers.Dropout: `training` defaults to False (no Keras learning phase)."""

    def call(self, inputs, training=False):
        return super().call(inputs, training=training)


class BatchNormalization(_legacy(keras_layers.BatchNormalization, "")):
    """tf.layers.BatchNormalization: `training` defaults to False and may be a boolean tensor; in a
    graph the moving-average updates go to the UPDATE_OPS collection instead of running."""

    def call(self, inputs, training=False):
        tf = sys.modules["numtf"]
        if not isinstance(training, tf.Tensor) or not training._is_symbolic():
            self.__dict__["_training_flag"] = None
            return super().call(inputs, training=bool(training))
        # a boolean tensor: both branches, the updates scaled to nothing when not training
        self.__dict__["_training_flag"] = training
        trained = super().call(inputs, training=True)
        self.__dict__["_training_flag"] = None
        return tf.cond(training, lambda: trained, lambda: super(BatchNormalization, self).call(inputs, training=False))

    def _update_moving_averages(self, mean, variance):
        tf = sys.modules["numtf"]
        decay = 1.0 - self.momentum
        if self._training_flag is not None:
            decay = decay * tf.cast(self._training_flag, self.moving_mean.dtype)
        for var, value in ((self.moving_mean, mean), (self.moving_variance, variance)):
            update = var.assign_sub((var - tf.cast(value, var.dtype)) * decay)
            if ctx.graph is not None:
                add_to_collection(GraphKeys.UPDATE_OPS, update)


def _apply(cls, inputs, *call_args, name=None, reuse=None, **kwargs):
    return cls(name=name, _reuse=reuse, **kwargs)(inputs, *call_args)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None, bias_initializer="zeros",
          kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None, trainable=True, name=None, reuse=None):
    """`Dense(units, ...)(inputs)` in its variable scope ('dense', 'dense_1', ... or `name`).

        >>> y = tf.compat.v1.layers.dense(x, 10, activation=tf.nn.relu, name='fc')
    """
    return _apply(Dense, inputs, units=units, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer or "glorot_uniform", bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name, reuse=reuse)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout of `rate` when `training` (False by default), the identity otherwise."""
    return Dropout(rate=rate, noise_shape=noise_shape, seed=seed, name=name)(inputs, training=training)


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens every dimension but the first."""
    return Flatten(name=name, data_format=data_format)(inputs)


def _conv(cls):
    def conv(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
             dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None, bias_initializer="zeros",
             kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
             bias_constraint=None, trainable=True, name=None, reuse=None):
        return _apply(cls, inputs, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                      data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                      kernel_initializer=kernel_initializer or "glorot_uniform", bias_initializer=bias_initializer,
                      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                      activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                      bias_constraint=bias_constraint, trainable=trainable, name=name, reuse=reuse)
    conv.__doc__ = f"`{cls.__name__}(filters, kernel_size, ...)(inputs)` in its variable scope."
    return conv


conv1d, conv2d, conv3d = _conv(Conv1D), _conv(Conv2D), _conv(Conv3D)


def _conv_transpose(cls):
    def conv(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", activation=None,
             use_bias=True, kernel_initializer=None, bias_initializer="zeros", kernel_regularizer=None,
             bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
             trainable=True, name=None, reuse=None):
        return _apply(cls, inputs, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                      data_format=data_format, activation=activation, use_bias=use_bias,
                      kernel_initializer=kernel_initializer or "glorot_uniform", bias_initializer=bias_initializer,
                      kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                      activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                      bias_constraint=bias_constraint, trainable=trainable, name=name, reuse=reuse)
    conv.__doc__ = f"`{cls.__name__}(filters, kernel_size, ...)(inputs)` in its variable scope."
    return conv


conv2d_transpose, conv3d_transpose = _conv_transpose(Conv2DTranspose), _conv_transpose(Conv3DTranspose)


def _separable(cls):
    def conv(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
             depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer=None,
             pointwise_initializer=None, bias_initializer="zeros", depthwise_regularizer=None,
             pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
             depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, trainable=True, name=None,
             reuse=None):
        return _apply(cls, inputs, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                      data_format=data_format, dilation_rate=dilation_rate, depth_multiplier=depth_multiplier,
                      activation=activation, use_bias=use_bias,
                      depthwise_initializer=depthwise_initializer or "glorot_uniform",
                      pointwise_initializer=pointwise_initializer or "glorot_uniform",
                      bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
                      pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
                      activity_regularizer=activity_regularizer, depthwise_constraint=depthwise_constraint,
                      pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint,
                      trainable=trainable, name=name, reuse=reuse)
    conv.__doc__ = f"`{cls.__name__}(filters, kernel_size, ...)(inputs)` in its variable scope."
    return conv


separable_conv1d, separable_conv2d = _separable(SeparableConv1D), _separable(SeparableConv2D)


def _pool(cls):
    def pool(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
        return cls(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format,
                   name=name)(inputs)
    pool.__doc__ = f"`{cls.__name__}(pool_size, strides, ...)(inputs)`."
    return pool


max_pooling1d, max_pooling2d, max_pooling3d = _pool(MaxPooling1D), _pool(MaxPooling2D), _pool(MaxPooling3D)
average_pooling1d, average_pooling2d, average_pooling3d = (_pool(AveragePooling1D), _pool(AveragePooling2D),
                                                           _pool(AveragePooling3D))


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                        moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                        beta_constraint=None, gamma_constraint=None, training=False, trainable=True, name=None,
                        reuse=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
    """`BatchNormalization(...)(inputs, training)`; in a graph, run the UPDATE_OPS collection with
    the train op to update the moving averages.

        >>> h = tf.compat.v1.layers.batch_normalization(h, training=True)
    """
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                               beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                               moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer,
                               beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                               beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
                               trainable=trainable, name=name, _reuse=reuse, renorm=renorm,
                               renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
                               virtual_batch_size=virtual_batch_size, adjustment=adjustment)
    return layer(inputs, training=training)
