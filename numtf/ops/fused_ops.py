"""A layer's product, bias and relu as one op: TF's `_FusedConv2D` and `_FusedMatMul`.

TF's graph optimizer rewrites Conv2D+BiasAdd+Relu (and MatMul+BiasAdd+Relu) into one kernel;
numtf's eager Keras layers call these directly (`Conv2D` and `Dense` with a relu or no
activation). The kernel adds the bias and applies relu in place on the product's fresh output:
one array instead of three, and two passes over it fewer (on the handbook's CNN, whose first
convolution gives 50x28x28x32 floats, that is ~2 ms of a ~45 ms step). The gradient is the one of
the three ops: relu's mask, the bias gradient, then the product's own gradient rule.

    >>> fused_matmul(tf.ones([2, 3]), tf.ones([3, 4]), tf.ones([4]), "relu").numpy()[0].tolist()
    [4.0, 4.0, 4.0, 4.0]
"""
import numpy as np

from .conv_ops import CONV2D
from .matmul_ops import MATMUL
from ..framework.tensor import Tensor
from .nn_ops import RELU_MASKED, RELU_OUTPUT, bias_add_grad, relu_grad
from .registry import primitive, execute

__all__ = []  # internal: the Keras layers call these

ACTIVATIONS = (None, "relu")


def _fused(base, name):
    def kernel(x, w, b, activation=None, **attrs):
        out = base.kernel(x, w, **attrs)  # a fresh array (a BLAS product), ours to update in place
        out += b
        if activation == "relu":
            np.maximum(out, 0, out=out)
        return out

    def infer(ins, attrs):
        return base.infer(ins[:2], _base_attrs(attrs))

    def grad(node, g):
        if node.attrs["activation"] == "relu" and getattr(g, "_grad_hint", None) is not RELU_MASKED:
            g = relu_grad(g, node.outputs[0])
        needs = node.needs or (True, True, True)
        dx, dw = base.grad(_Part(node, needs), g)
        return dx, dw, (bias_add_grad(g) if needs[2] else None)

    return primitive(name, kernel, infer, grad=grad)


def _base_attrs(attrs):
    return {k: v for k, v in attrs.items() if k != "activation"}


class _Part:
    """The product inside a fused node, as the product's own gradient rule sees a node."""
    __slots__ = ("inputs", "outputs", "attrs", "needs")

    def __init__(self, node, needs):
        self.inputs, self.outputs = node.inputs[:2], None
        self.attrs, self.needs = _base_attrs(node.attrs), needs[:2]


FUSED_CONV2D = _fused(CONV2D, "_FusedConv2D")
FUSED_MATMUL = _fused(MATMUL, "_FusedMatMul")


def fused_conv2d(x, filters, bias, activation, conv_attrs):
    """relu(conv2d(x, filters) + bias) (or without the relu when `activation` is None), with
    `conv_attrs` as conv_ops.conv2d passes them to Conv2D. Inputs are Tensors of one dtype."""
    return _hinted(execute(FUSED_CONV2D, (x, filters, bias), dict(conv_attrs, activation=activation)), activation)


def fused_matmul(x, w, bias, activation):
    """relu(x @ w + bias) (or without the relu when `activation` is None), for rank-2 `x` and `w`
    Tensors of one dtype.

        >>> fused_matmul(x, kernel, bias, None)
    """
    return _hinted(execute(FUSED_MATMUL, (x, w, bias), {"activation": activation}), activation)


def _hinted(y, activation):
    if activation == "relu" and type(y) is Tensor:
        y._grad_hint = RELU_OUTPUT  # see nn_ops.RELU_OUTPUT: a max pool's gradient can use it
    return y
