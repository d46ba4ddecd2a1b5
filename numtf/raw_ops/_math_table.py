"""`tf.raw_ops` table: arithmetic, comparison, unary math and reduction ops (see __init__).

    >>> TABLE["Sum"][0]
    'input, axis, keep_dims=False'
"""
from .. import math as M, bitwise as B
from ..framework import dtypes
from ..framework.errors import NotFoundError
from ..ops import math_ops, logic_ops, reduction_ops, scan_ops, special_ops
from ..framework.tensor import Tensor
from ..ops.convert import convert_to_tensor
from ..ops.registry import REGISTRY, execute

__all__ = ["TABLE", "checked_tout", "run_primitive", "same_type"]


def run_primitive(op_name, inputs, attrs=None):
    """Runs the registered primitive `op_name` on `inputs` converted as TF's op does: each
    non-tensor input takes the dtype of the first input (`tf.raw_ops.ReluGrad(gradients=g, ...)`).

        >>> run_primitive("ReluGrad", [[1., 1.], [-1., 2.]]).numpy().tolist()
        [0.0, 1.0]
    """
    first = convert_to_tensor(inputs[0])
    ts = [first] + [convert_to_tensor(v, dtype_hint=first.dtype) for v in inputs[1:]]
    return execute(REGISTRY[op_name], ts, attrs)


def checked_tout(op_name, result, tout):
    """`result` when its dtype is the op's `Tout` attr; otherwise TF's error (it has no such kernel)."""
    want = dtypes.as_dtype(tout)
    if result.dtype != want:
        raise NotFoundError(None, op_name, f"Could not find device for node: {{{{node {op_name}}}}} = "
                            f"{op_name}[Tout={want.name}] [Op:{op_name}]")
    return result


def _tout(op_name, fn):
    return lambda input, Tout: checked_tout(op_name, fn(input), Tout)  # noqa: A002 - TF's name


def _div(x, y):
    # TF's Div divides integers with truncation toward zero, floats exactly.
    x, y = same_type(x, y)
    return math_ops.truncatediv(x, y) if x.dtype.is_integer else math_ops.realdiv(x, y)


def _reduce(fn):
    return lambda input, axis, keep_dims: fn(input, axis, keepdims=keep_dims)  # noqa: A002


def _equality(fn):
    def op(x, y, incompatible_shape_error):
        if not incompatible_shape_error:
            raise NotImplementedError("incompatible_shape_error=False is not supported by numtf's raw ops")
        return fn(x, y)
    return op


def _unary(**fns):
    return {k: ("x", f) for k, f in fns.items()}


def same_type(*values, default=None):
    """Inputs that share TF's type attr, converted as TF's raw ops do: each non-tensor takes the
    dtype of the first tensor among them (or `default`, or its own), strictly (`Add(x=int, y=2.5)`
    is a TypeError)."""
    first = next((v for v in values if isinstance(v, Tensor)), None)
    dtype = first.dtype if first is not None else default
    out = []
    for v in values:
        t = v if isinstance(v, Tensor) else convert_to_tensor(v, dtype)  # the op checks tensors' dtypes
        dtype = dtype or t.dtype
        out.append(t)
    return out


def _strict(fn):
    return lambda x, y: fn(*same_type(x, y))


def _binary(spec="x, y", **fns):
    return {k: (spec, _strict(f) if spec == "x, y" else f) for k, f in fns.items()}


TABLE = {
    **_binary(Add=math_ops.add, AddV2=math_ops.add, Sub=math_ops.subtract, Mul=math_ops.multiply, Div=_div,
              RealDiv=math_ops.realdiv, FloorDiv=math_ops.floordiv, FloorMod=math_ops.floormod,
              TruncateDiv=math_ops.truncatediv, TruncateMod=math_ops.truncatemod, Pow=math_ops.pow,
              Maximum=math_ops.maximum, Minimum=math_ops.minimum, SquaredDifference=math_ops.squared_difference,
              DivNoNan=M.divide_no_nan, MulNoNan=M.multiply_no_nan, Xdivy=M.xdivy, Xlogy=M.xlogy,
              Xlog1py=M.xlog1py, Less=M.less, LessEqual=M.less_equal, Greater=M.greater,
              GreaterEqual=M.greater_equal, LogicalAnd=M.logical_and, LogicalOr=M.logical_or,
              BitwiseAnd=B.bitwise_and, BitwiseOr=B.bitwise_or, BitwiseXor=B.bitwise_xor,
              LeftShift=B.left_shift, RightShift=B.right_shift),
    **_binary("x1, x2", NextAfter=M.nextafter),
    **_binary("x, q", Zeta=M.zeta),
    **_binary("a, x", Igamma=M.igamma, Igammac=M.igammac, Polygamma=M.polygamma),
    **_binary("x, y, incompatible_shape_error=True", Equal=_equality(M.equal), NotEqual=_equality(M.not_equal)),
    "Atan2": ("y, x", M.atan2),
    "Betainc": ("a, b, x", M.betainc),
    "AddN": ("inputs", math_ops.add_n),
    "ClipByValue": ("t, clip_value_min, clip_value_max", math_ops.clip_by_value),
    **_unary(Abs=M.abs, Neg=math_ops.negative, Square=math_ops.square, Sqrt=M.sqrt, Rsqrt=M.rsqrt, Exp=M.exp,
             Expm1=M.expm1, Log=M.log, Log1p=M.log1p, Sin=M.sin, Cos=M.cos, Tan=M.tan, Asin=M.asin,
             Acos=M.acos, Atan=M.atan, Sinh=M.sinh, Cosh=M.cosh, Tanh=M.tanh, Asinh=M.asinh, Acosh=M.acosh,
             Atanh=M.atanh, Sigmoid=M.sigmoid, Sign=M.sign, Floor=M.floor, Ceil=M.ceil, Round=M.round,
             Rint=M.rint, Reciprocal=M.reciprocal, Inv=M.reciprocal, Erf=M.erf, Erfc=M.erfc, Erfinv=M.erfinv,
             Ndtri=M.ndtri, Lgamma=M.lgamma, Digamma=M.digamma, IsNan=M.is_nan, IsInf=M.is_inf,
             IsFinite=M.is_finite, LogicalNot=M.logical_not, Invert=B.invert,
             InvertPermutation=M.invert_permutation, BesselI0=M.bessel_i0, BesselI0e=M.bessel_i0e,
             BesselI1=M.bessel_i1, BesselI1e=M.bessel_i1e),
    "ComplexAbs": ("x, Tout=@float32", lambda x, Tout: checked_tout("ComplexAbs", M.abs(x), Tout)),
    "Conj": ("input", M.conj),
    "Real": ("input, Tout=@float32", _tout("Real", M.real)),
    "Imag": ("input, Tout=@float32", _tout("Imag", M.imag)),
    "Angle": ("input, Tout=@float32", _tout("Angle", M.angle)),
    "Complex": ("real, imag, Tout=@complex64",
                lambda real, imag, Tout: checked_tout("Complex", special_ops.complex(real, imag), Tout)),
    **{k: ("input, axis, keep_dims=False", _reduce(f)) for k, f in (
        ("Sum", reduction_ops.reduce_sum), ("Mean", reduction_ops.reduce_mean), ("Max", reduction_ops.reduce_max),
        ("Min", reduction_ops.reduce_min), ("Prod", reduction_ops.reduce_prod), ("All", reduction_ops.reduce_all),
        ("Any", reduction_ops.reduce_any), ("EuclideanNorm", M.reduce_euclidean_norm))},
    "ArgMax": ("input, dimension, output_type=@int64", scan_ops.argmax),
    "ArgMin": ("input, dimension, output_type=@int64", scan_ops.argmin),
    "Cumsum": ("x, axis, exclusive=False, reverse=False", scan_ops.cumsum),
    "Cumprod": ("x, axis, exclusive=False, reverse=False", scan_ops.cumprod),
    **_binary("data, segment_ids", SegmentSum=M.segment_sum, SegmentMax=M.segment_max, SegmentMin=M.segment_min,
              SegmentProd=M.segment_prod),
    **_binary("data, segment_ids, num_segments", UnsortedSegmentSum=M.unsorted_segment_sum,
              UnsortedSegmentMax=M.unsorted_segment_max, UnsortedSegmentMin=M.unsorted_segment_min,
              UnsortedSegmentProd=M.unsorted_segment_prod),
    "SelectV2": ("condition, t, e", logic_ops.where),
}
