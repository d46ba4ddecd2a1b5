"""Real-valued functions of complex tensors: `tf.abs` of a complex tensor (TF's ComplexAbs)
and `tf.math.angle`. (tf.complex, tf.math.real and tf.math.imag live in special_ops, tf.math.conj
in stack_ops.)

Gradients follow TF's convention for complex z = x + iy and real loss L: the gradient is
dL/dx + i dL/dy.

    >>> tf.abs(tf.constant([3 + 4j])).numpy()
    array([5.])
"""
import math

import numpy as np

from ..framework import dtypes
from .array_ops import _as_tensor
from .registry import primitive, execute_unary
from . import array_ops, math_ops as M

__all__ = []

_REAL_OF = {id(dtypes.complex64): dtypes.float32, id(dtypes.complex128): dtypes.float64}


def _real_part_infer(ins, a):
    d = ins[0].dtype
    return [(ins[0].shape, _REAL_OF.get(id(d), d))]


def _complex_abs_grad(n, g):
    # d|z|/dx + i d|z|/dy = z/|z| = sign(z) (0 at z = 0, as TF).
    x = n.inputs[0]
    return M.multiply(array_ops.cast(g, x.dtype), M.sign(x))


COMPLEX_ABS = primitive("ComplexAbs", np.abs, _real_part_infer, grad=_complex_abs_grad)


def complex_abs(x, name=None):
    """|x| of a complex tensor, as a float32 (complex64) or float64 (complex128) tensor."""
    return execute_unary(COMPLEX_ABS, _as_tensor(x))


def _angle_kernel(x):
    if x.dtype.kind == "c":
        return np.angle(x)
    # TF's angle of a real tensor: pi below zero, else 0 (NaN gives 0).
    return np.where(x < 0, x.dtype.type(math.pi), x.dtype.type(0))


def _angle_grad(n, g):
    x = n.inputs[0]
    if id(x._dtype) not in _REAL_OF:
        return None  # piecewise constant on reals: TF gives no gradient
    # atan2(y, x): d/dx = -y/|z|^2, d/dy = x/|z|^2 (NaN at z = 0, as TF).
    from .special_ops import real, imag, complex as make_complex
    re, im = real(x), imag(x)
    scale = M.truediv(g, M.add(M.multiply(re, re), M.multiply(im, im)))
    return make_complex(M.negative(M.multiply(im, scale)), M.multiply(re, scale))


ANGLE = primitive("Angle", _angle_kernel, _real_part_infer, grad=_angle_grad)
_ANGLE_TYPES = M.Types(dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64,
                       dtypes.complex64, dtypes.complex128)


def angle(input, name=None):  # noqa: A002 - TensorFlow's public name
    """The argument of each complex element, in [-pi, pi] (`tf.math.angle`); for a real tensor,
    pi where it is negative and 0 elsewhere.

        >>> tf.math.angle(tf.constant([1j, -1 + 0j])).numpy()
        array([1.57079633, 3.14159265])
    """
    x = _as_tensor(input)
    if id(x.dtype) not in _ANGLE_TYPES.ids:
        raise TypeError(f"Cannot convert {math.pi} to EagerTensor of dtype {x.dtype.name}")
    return execute_unary(ANGLE, x)
