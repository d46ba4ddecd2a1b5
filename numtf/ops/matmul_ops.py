"""`tf.matmul` (MatMul / BatchMatMulV2): the product over the last two axes, leading axes as
batch axes. Big products run on all cores (framework/blas.py); products of two small matrices go
through np.dot. math_ops re-exports these names.

    >>> tf.matmul(tf.ones([2, 3]), tf.ones([3, 4])).shape
    TensorShape([2, 4])
"""
import numpy as np

from ..framework import dtypes
from ..framework.blas import big_product, PARALLEL_FLOPS
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_pair
from .registry import primitive, defgrad, execute, execute_binary
from . import array_ops

__all__ = ["matmul"]

_HALF_PARALLEL_FLOPS = PARALLEL_FLOPS / 2
# Below this many multiply-adds a product of two matrices goes through np.dot: the same BLAS call
# and bit-identical results, with a third less call overhead than np.matmul's (0.43 vs 0.63 us at
# 8x16x16); above it np.matmul is as fast or faster.
DOT_MAX_MACS = 1 << 18
_COMPLEX_IDS = frozenset((id(dtypes.complex64), id(dtypes.complex128)))
_unbroadcast = array_ops.unbroadcast


def _matmul_kernel(a, b, transpose_a=False, transpose_b=False):
    batched = a.ndim > 2 or b.ndim > 2
    op = "BatchMatMulV2" if batched else "MatMul"  # TF's op for batches, named in its errors
    if a.ndim < 2 or b.ndim < 2:
        raise InvalidArgumentError(None, op, f"In[{0 if a.ndim < 2 else 1}] ndims must be >= 2 [Op:{op}] name: ")
    if batched:
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            sa, sb = ",".join(map(str, a.shape)), ",".join(map(str, b.shape))
            raise InvalidArgumentError(None, op, f"In[0] and In[1] must have compatible batch dimensions: "
                                       f"[{sa}] vs. [{sb}] [Op:{op}] name: ") from None
    if a.shape[-2 if transpose_a else -1] != b.shape[-1 if transpose_b else -2]:
        sa, sb = ",".join(map(str, a.shape)), ",".join(map(str, b.shape))
        raise InvalidArgumentError(None, op, f"Matrix size-incompatible: In[0]: [{sa}], In[1]: [{sb}] [Op:{op}] name: ")
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    macs = a.size * b.shape[-1]
    if macs >= _HALF_PARALLEL_FLOPS:  # big (2*m*k*n flops): all cores pay
        with big_product(2.0 * macs):
            return np.matmul(a, b)
    if macs < DOT_MAX_MACS and not batched:
        return np.dot(a, b)
    return np.matmul(a, b)


def _matmul_infer(ins, attrs):
    a, b = ins[0].shape, ins[1].shape
    if a.rank is not None and a.rank < 2 or b.rank is not None and b.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 for 'MatMul' (input shapes: {a}, {b}).")
    if a.rank is None or b.rank is None:
        return [(TensorShape(None), ins[0].dtype)]
    m, ka = (a[-1], a[-2]) if attrs.get("transpose_a") else (a[-2], a[-1])
    kb, n = (b[-1], b[-2]) if attrs.get("transpose_b") else (b[-2], b[-1])
    if ka is not None and kb is not None and ka != kb:
        raise ValueError(f"Dimensions must be equal, but are {ka} and {kb} for 'MatMul' with input shapes: {a}, {b}.")
    from .shape_rules import broadcast_static
    batch = broadcast_static(a[:-2], b[:-2])
    return [(batch.concatenate([m, n]), ins[0].dtype)]


MATMUL = primitive("MatMul", _matmul_kernel, _matmul_infer)


@lambda f: defgrad(MATMUL, f)
def _matmul_grad(n, g):
    a, b = n.inputs
    attrs = n.attrs or {}
    ta, tb = attrs.get("transpose_a", False), attrs.get("transpose_b", False)
    needs = n.needs or (True, True)
    if id(a._dtype) in _COMPLEX_IDS:  # TF's rule uses adjoints: the real rule on conj(a), conj(b)
        a, b = array_ops.conj(a), array_ops.conj(b)
    ga = gb = None
    if not ta and not tb:
        ga = matmul(g, b, transpose_b=True) if needs[0] else None
        gb = matmul(a, g, transpose_a=True) if needs[1] else None
    elif not ta and tb:
        ga = matmul(g, b) if needs[0] else None
        gb = matmul(g, a, transpose_a=True) if needs[1] else None
    elif ta and not tb:
        ga = matmul(b, g, transpose_b=True) if needs[0] else None
        gb = matmul(a, g) if needs[1] else None
    else:
        ga = matmul(b, g, transpose_a=True, transpose_b=True) if needs[0] else None
        gb = matmul(g, a, transpose_a=True, transpose_b=True) if needs[1] else None
    if a.shape.rank != b.shape.rank or a.shape.rank > 2:  # batch broadcasting
        ga = None if ga is None else _unbroadcast(ga, a)
        gb = None if gb is None else _unbroadcast(gb, b)
    return ga, gb


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """Matrix product over the last two axes (leading axes are batch axes and broadcast).

        >>> tf.matmul([[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]])
        <tf.Tensor: shape=(2, 2), dtype=float32, numpy=
        array([[19., 22.],
               [43., 50.]], dtype=float32)>
    """
    if type(a) is not Tensor or type(b) is not Tensor:
        a, b = convert_pair(a, b)
    ta, tb = transpose_a or adjoint_a, transpose_b or adjoint_b
    if adjoint_a and a.dtype.is_complex:
        a = array_ops.conj(a)
    if adjoint_b and b.dtype.is_complex:
        b = array_ops.conj(b)
    if a._dtype is not b._dtype:
        return execute_binary(MATMUL, a, b)  # reports the dtype mismatch
    if ta or tb:
        return execute(MATMUL, (a, b), {"transpose_a": ta, "transpose_b": tb})
    return execute(MATMUL, (a, b))
