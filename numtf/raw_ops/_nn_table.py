"""`tf.raw_ops` table: convolution, pooling, activations, losses, normalization (see __init__).

    >>> TABLE["Conv2D"][0].split(",")[:2]
    ['input', ' filter']
"""
from .. import nn as N
from ..ops import nn_ops, conv_ops, depthwise_ops, pool_ops, conv3d_ops, batch_norm_ops, math_ops
from ..ops.composite_ops import in_top_k
from ..ops.convert import convert_to_tensor
from ..ops.nn_ops3 import local_response_normalization
from ..ops.registry import REGISTRY, execute
from ..ops.image_ops import RESIZE_AREA, RESIZE_BICUBIC, RESIZE_BILINEAR, RESIZE_NEAREST, SCALE_AND_TRANSLATE
from ._math_table import run_primitive

__all__ = ["TABLE"]

_CONV = ("input, filter, strides, padding, use_cudnn_on_gpu=True, explicit_paddings=[], data_format='NHWC', "
         "dilations=[1, 1, 1, 1]")
_DEPTHWISE = "input, filter, strides, padding, explicit_paddings=[], data_format='NHWC', dilations=[1, 1, 1, 1]"


def _padding(padding, explicit_paddings):
    """TF's raw `padding` + flat `explicit_paddings` as the public functions' padding argument."""
    if padding == "EXPLICIT":
        flat = list(explicit_paddings)
        return [flat[i:i + 2] for i in range(0, len(flat), 2)]
    if explicit_paddings:
        raise ValueError(f"explicit_paddings must be empty unless padding is 'EXPLICIT', got {padding!r}")
    return padding


def _conv2d(input, filter, strides, padding, use_cudnn_on_gpu, explicit_paddings, data_format,  # noqa: A002
            dilations):
    return conv_ops.conv2d(input, filter, strides, _padding(padding, explicit_paddings), data_format, dilations)


def _conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding, use_cudnn_on_gpu,  # noqa: A002
                           explicit_paddings, data_format, dilations):
    return conv_ops.conv2d_transpose(out_backprop, filter, input_sizes, strides,
                                     _padding(padding, explicit_paddings), data_format, dilations)


def _conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, use_cudnn_on_gpu,  # noqa: A002
                            explicit_paddings, data_format, dilations):
    x, dy, eager = conv_ops._convert(input, out_backprop, "Conv2DBackpropFilter", arg="out_backprop")
    attrs = conv_ops._conv_attrs("Conv2DBackpropFilter", strides, _padding(padding, explicit_paddings), dilations,
                                 data_format, eager)
    sizes = conv_ops._output_shape_tensor(filter_sizes, 4, "filter_sizes")
    return execute(conv_ops.CONV2D_BACKPROP_FILTER, (x, sizes, dy), attrs)


def _depthwise(fn):
    def op(a, b, c, *rest):
        if len(rest) == 5:  # the backprops: (sizes or input, ..., out_backprop) come first
            strides, padding, explicit_paddings, data_format, dilations = rest
            return fn(a, b, c, strides, _padding(padding, explicit_paddings), data_format, dilations)
        strides, padding, explicit_paddings, data_format, dilations = (c,) + rest
        return fn(a, b, strides, _padding(padding, explicit_paddings), data_format, dilations)
    return op


def _max_pool(input, ksize, strides, padding, explicit_paddings, data_format):  # noqa: A002
    return pool_ops.max_pool2d(input, ksize, strides, _padding(padding, explicit_paddings), data_format)


def _grad(op_name, n_inputs, attr_names=()):
    """A gradient primitive called with its inputs (converted like the forward op's) and attrs."""
    def op(*args):
        return run_primitive(op_name, list(args[:n_inputs]), dict(zip(attr_names, args[n_inputs:])) or None)
    return op


def _softmax_xent(features, labels):
    z = convert_to_tensor(features)
    return run_primitive("SoftmaxCrossEntropyWithLogits", [z, labels], {"axis": max(z.shape.rank or 2, 1) - 1})


def _sparse_softmax_xent(features, labels):
    z = convert_to_tensor(features)
    return execute(REGISTRY["SparseSoftmaxCrossEntropyWithLogits"], (z, convert_to_tensor(labels)))


def _fused_batch_norm_v3(x, scale, offset, mean, variance, epsilon, exponential_avg_factor, data_format,
                         is_training):
    outs = batch_norm_ops._fused(x, scale, offset, mean, variance, epsilon, data_format, is_training,
                                 exponential_avg_factor)
    # TF's sixth output (reserve_space_3) is an empty scratch tensor on CPU.
    return list(outs) + [math_ops.multiply(outs[4][:0], 0)]


def _bias_add_grad(out_backprop, data_format):
    return run_primitive("BiasAddGrad", [out_backprop], {"channels_first": data_format == "NCHW"})


def _resize(primitive_op):
    def op(images, size, align_corners, half_pixel_centers):
        return execute(primitive_op, (convert_to_tensor(images), convert_to_tensor(size)),
                       {"align_corners": bool(align_corners), "half_pixel_centers": bool(half_pixel_centers)})
    return op


def _resize_area(images, size, align_corners):
    return execute(RESIZE_AREA, (convert_to_tensor(images), convert_to_tensor(size)),
                   {"align_corners": bool(align_corners)})


def _scale_and_translate(images, size, scale, translation, kernel_type, antialias):
    ins = (convert_to_tensor(images), convert_to_tensor(size), convert_to_tensor(scale), convert_to_tensor(translation))
    return execute(SCALE_AND_TRANSLATE, ins, {"kernel_type": kernel_type, "antialias": bool(antialias)})


TABLE = {
    **{k: ("features", f) for k, f in (("Relu", nn_ops.relu), ("Relu6", nn_ops.relu6), ("Elu", nn_ops.elu),
                                       ("Selu", nn_ops.selu), ("Softplus", N.softplus),
                                       ("Softsign", nn_ops.softsign))},
    "LeakyRelu": ("features, alpha=0.2", nn_ops.leaky_relu),
    "Softmax": ("logits", nn_ops.softmax),
    "LogSoftmax": ("logits", nn_ops.log_softmax),
    "ReluGrad": ("gradients, features", _grad("ReluGrad", 2)),
    "Relu6Grad": ("gradients, features", _grad("Relu6Grad", 2)),
    "EluGrad": ("gradients, outputs", _grad("EluGrad", 2)),
    "SeluGrad": ("gradients, outputs", _grad("SeluGrad", 2)),
    "LeakyReluGrad": ("gradients, features, alpha=0.2", _grad("LeakyReluGrad", 2, ("alpha",))),
    "BiasAdd": ("value, bias, data_format='NHWC'", nn_ops.bias_add),
    "BiasAddGrad": ("out_backprop, data_format='NHWC'", _bias_add_grad),
    "L2Loss": ("t", nn_ops.l2_loss),
    "LRN": ("input, depth_radius=5, bias=1, alpha=1, beta=0.5", local_response_normalization),
    "SoftmaxCrossEntropyWithLogits": ("features, labels", _softmax_xent),
    "SparseSoftmaxCrossEntropyWithLogits": ("features, labels", _sparse_softmax_xent),
    "InTopKV2": ("predictions, targets, k", lambda predictions, targets, k: in_top_k(targets, predictions, k)),
    "FusedBatchNormV3": ("x, scale, offset, mean, variance, epsilon=0.0001, exponential_avg_factor=1, "
                         "data_format='NHWC', is_training=True", _fused_batch_norm_v3),
    "Conv2D": (_CONV, _conv2d),
    "Conv2DBackpropInput": (_CONV.replace("input, filter,", "input_sizes, filter, out_backprop,"),
                            _conv2d_backprop_input),
    "Conv2DBackpropFilter": (_CONV.replace("input, filter,", "input, filter_sizes, out_backprop,"),
                             _conv2d_backprop_filter),
    "DepthwiseConv2dNative": (_DEPTHWISE, _depthwise(depthwise_ops.depthwise_conv2d)),
    "DepthwiseConv2dNativeBackpropInput": (
        _DEPTHWISE.replace("input, filter,", "input_sizes, filter, out_backprop,"),
        _depthwise(depthwise_ops.depthwise_conv2d_backprop_input)),
    "DepthwiseConv2dNativeBackpropFilter": (
        _DEPTHWISE.replace("input, filter,", "input, filter_sizes, out_backprop,"),
        _depthwise(depthwise_ops.depthwise_conv2d_backprop_filter)),
    "Conv3D": ("input, filter, strides, padding, data_format='NDHWC', dilations=[1, 1, 1, 1, 1]",
               conv3d_ops.conv3d),
    "MaxPool": ("input, ksize, strides, padding, explicit_paddings=[], data_format='NHWC'", _max_pool),
    "AvgPool": ("value, ksize, strides, padding, data_format='NHWC'", pool_ops.avg_pool2d),
    "MaxPool3D": ("input, ksize, strides, padding, data_format='NDHWC'", conv3d_ops.max_pool3d),
    "AvgPool3D": ("input, ksize, strides, padding, data_format='NDHWC'", conv3d_ops.avg_pool3d),
    "ResizeBilinear": ("images, size, align_corners=False, half_pixel_centers=False", _resize(RESIZE_BILINEAR)),
    "ResizeNearestNeighbor": ("images, size, align_corners=False, half_pixel_centers=False",
                              _resize(RESIZE_NEAREST)),
    "ResizeBicubic": ("images, size, align_corners=False, half_pixel_centers=False", _resize(RESIZE_BICUBIC)),
    "ResizeArea": ("images, size, align_corners=False", _resize_area),
    "ScaleAndTranslate": ("images, size, scale, translation, kernel_type='lanczos3', antialias=True",
                          _scale_and_translate),
}
