"""MobileNetV2 (Sandler et al., 2018) as tf-keras builds it: the same layers, names and parameter
counts, so `tf.keras.applications.MobileNetV2(weights=None, classes=5)` is the handbook's model.

    >>> model = tf.keras.applications.MobileNetV2(weights=None, classes=5)
    >>> model.name, model.count_params()
    ('mobilenetv2_1.00_224', 2264389)

A stem convolution (stride 2), 17 inverted residual blocks (1x1 expansion, 3x3 depthwise, 1x1
linear projection; a skip connection when shapes allow), a 1x1 convolution to 1280 channels, then
global average pooling and the classifier. `weights` is None (random initialization) or the path
of a weights file numtf reads (`Model.load_weights`); the pretrained ImageNet weights are an HDF5
file, which numtf (NumPy only) does not read.
"""
import os
import warnings

from .. import backend
from ..engine.input_layer import Input
from ..engine.training import Model
from ..layers import (Add, BatchNormalization, Conv2D, Dense, DepthwiseConv2D, GlobalAveragePooling2D,
                      GlobalMaxPooling2D, ReLU, ZeroPadding2D)

# (filters, stride, expansion) of blocks 0..16
_BLOCKS = ([(16, 1, 1)] + [(24, 2, 6), (24, 1, 6)] + [(32, 2, 6)] + [(32, 1, 6)] * 2 + [(64, 2, 6)]
           + [(64, 1, 6)] * 3 + [(96, 1, 6)] * 3 + [(160, 2, 6)] + [(160, 1, 6)] * 2 + [(320, 1, 6)])
_SIZES = (96, 128, 160, 192, 224)


def _make_divisible(v, divisor=8):
    """The nearest multiple of `divisor` to v, never below 90% of v (the paper's channel rule)."""
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def _batch_norm(name):
    return BatchNormalization(epsilon=1e-3, momentum=0.999, name=name)


def _correct_pad(size):
    """Zero padding for a 3x3 stride-2 'valid' convolution to act as TF's 'same' on `size` (rows,
    cols): one more at the end than at the start when a side is even."""
    if size[0] is None:
        return (0, 1), (0, 1)
    return (size[0] % 2, 1), (size[1] % 2, 1)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    in_channels = inputs.shape[-1]
    pointwise_filters = _make_divisible(int(filters * alpha))
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = Conv2D(expansion * in_channels, kernel_size=1, padding="same", use_bias=False, activation=None,
                   name=prefix + "expand")(x)
        x = _batch_norm(prefix + "expand_BN")(x)
        x = ReLU(6.0, name=prefix + "expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = ZeroPadding2D(padding=_correct_pad(tuple(x.shape[1:3])), name=prefix + "pad")(x)
    x = DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                        padding="same" if stride == 1 else "valid", name=prefix + "depthwise")(x)
    x = _batch_norm(prefix + "depthwise_BN")(x)
    x = ReLU(6.0, name=prefix + "depthwise_relu")(x)
    x = Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False, activation=None,
               name=prefix + "project")(x)
    x = _batch_norm(prefix + "project_BN")(x)
    if in_channels == pointwise_filters and stride == 1:
        return Add(name=prefix + "add")([inputs, x])
    return x


def _input_shape(input_shape, include_top, weights):
    """tf-keras's rules for the input shape (imagenet_utils.obtain_input_shape, channels last)."""
    if input_shape is not None:
        input_shape = tuple(input_shape)
        rows, cols = input_shape[:2] if len(input_shape) == 3 else (None, None)
        default_size = rows if rows == cols and rows in _SIZES else 224
    else:
        default_size = 224
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        if input_shape[-1] not in (1, 3):
            warnings.warn("This model usually expects 1 or 3 input channels. However, it was passed an "
                          f"input_shape with {input_shape[-1]} input channels.", stacklevel=3)
        default_shape = (default_size, default_size, input_shape[-1])
    else:
        default_shape = (default_size, default_size, 3)
    if weights == "imagenet" and include_top:
        if input_shape is not None and input_shape != default_shape:
            raise ValueError("When setting `include_top=True` and loading `imagenet` weights, `input_shape` "
                             f"should be {default_shape}.  Received: input_shape={input_shape}")
        return default_shape
    if input_shape:
        if len(input_shape) != 3:
            raise ValueError("`input_shape` must be a tuple of three integers.")
        if input_shape[-1] != 3 and weights == "imagenet":
            raise ValueError(f"The input must have 3 channels; Received `input_shape={input_shape}`")
        if any(d is not None and d < 32 for d in input_shape[:2]):
            raise ValueError(f"Input size must be at least 32x32; Received: input_shape={input_shape}")
    else:
        input_shape = default_shape if include_top else (None, None, 3)
    if include_top and None in input_shape:
        raise ValueError("If `include_top` is True, you should specify a static `input_shape`. Received: "
                         f"input_shape={input_shape}")
    return input_shape


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights="imagenet", input_tensor=None,
                pooling=None, classes=1000, classifier_activation="softmax", **kwargs):
    """The MobileNetV2 architecture (channels last), as a functional Model.

        >>> model = tf.keras.applications.MobileNetV2(weights=None, classes=5)
        >>> tf.keras.applications.MobileNetV2(input_shape=(96, 96, 3), alpha=0.35, include_top=False,
        ...                                   weights=None, pooling="avg").output_shape
        (None, 1280)
    """
    if kwargs:
        raise ValueError(f"Unknown argument(s): {kwargs}")
    if not (weights in ("imagenet", None) or (isinstance(weights, str) and os.path.exists(weights))):
        raise ValueError("The `weights` argument should be either `None` (random initialization), `imagenet` "
                         "(pre-training on ImageNet), or the path to the weights file to be loaded.  Received "
                         f"`weights={weights}`")
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError('If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be '
                         f"1000. Received `classes={classes}`")
    if weights == "imagenet":
        raise ValueError("numtf cannot load MobileNetV2's pretrained ImageNet weights: they are an HDF5 file "
                         "and numtf reads only its own weight formats (NumPy is its one dependency). Pass "
                         "`weights=None` to start from random weights (as the handbook's flower classifier "
                         "does), or the path of weights saved by numtf.")
    if backend.image_data_format() != "channels_last":
        raise ValueError("numtf's MobileNetV2 is channels-last only (tf.keras.backend.image_data_format()).")
    if input_tensor is not None and backend.is_keras_tensor(input_tensor):
        img_input = input_tensor
        input_shape = _input_shape(input_shape or tuple(input_tensor.shape[1:]), include_top, weights)
    else:
        input_shape = _input_shape(input_shape, include_top, weights)
        img_input = Input(shape=input_shape) if input_tensor is None else Input(tensor=input_tensor,
                                                                                shape=input_shape)
    rows = input_shape[0]
    x = Conv2D(_make_divisible(32 * alpha), kernel_size=3, strides=(2, 2), padding="same", use_bias=False,
               name="Conv1")(img_input)
    x = _batch_norm("bn_Conv1")(x)
    x = ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)
    last_block_filters = _make_divisible(1280 * alpha) if alpha > 1.0 else 1280
    x = Conv2D(last_block_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = _batch_norm("Conv_1_bn")(x)
    x = ReLU(6.0, name="out_relu")(x)
    if include_top:
        x = GlobalAveragePooling2D()(x)
        x = Dense(classes, activation=classifier_activation, name="predictions")(x)
    elif pooling == "avg":
        x = GlobalAveragePooling2D()(x)
    elif pooling == "max":
        x = GlobalMaxPooling2D()(x)
    model = Model(img_input, x, name=f"mobilenetv2_{alpha:0.2f}_{rows}")
    if weights is not None:
        model.load_weights(weights)
    return model


def preprocess_input(x, data_format=None):
    """Scales pixels from [0, 255] to [-1, 1] (MobileNetV2's training inputs)."""
    import numpy as np
    from ...ops.convert import convert_to_tensor
    if isinstance(x, np.ndarray):
        return x / 127.5 - 1.0 if x.dtype.kind == "f" else x.astype(backend.floatx()) / 127.5 - 1.0
    t = convert_to_tensor(x)
    return t / 127.5 - 1.0
