"""Fast Fourier transforms (`tf.signal.fft` ... `irfftnd`, `fftshift`, `ifftshift`).

Each transform is a primitive with a NumPy (pocketfft) kernel that keeps single precision:
complex64 in, complex64 out; float32 into rfft gives complex64. Gradients follow TF 2.21 with
its complex convention (numtf/ops/math_ops.py `cj`): for a real loss L and complex z = x + iy
the gradient is dL/dx + i dL/dy, which for these linear maps is the adjoint applied to the
incoming gradient. Checked against TF (tests/golden/signal.npz) and by finite differences:
- FFT/IFFT (1-3D): g -> N * ifft(g) and g -> fft(g) / N.
- RFFT/RFFT2D, IRFFT/IRFFT2D: TF's rules are the true gradients when the transform neither
  crops nor pads the input; where `fft_length` crops, TF's rules fail (Incompatible shapes,
  or a gradient of the wrong shape for irfft2d) and numtf returns the true gradient.
- RFFT3D, IRFFT3D and the ND ops have no gradient in TF: the tape raises TF's LookupError.

    >>> tf.signal.rfft([1., 2., 3., 4.]).numpy().tolist()
    [(10+0j), (-2+2j), (-2+0j)]
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import get_static_value, shape as _shape
from .convert import convert_to_tensor
from .registry import primitive, execute
from . import math_ops as M
from .join_ops import roll
from .reduction_ops import reduce_prod
from .special_ops import real
from .stack_ops import cast

__all__ = []

_COMPLEX = (dtypes.complex64, dtypes.complex128)
_REAL = (dtypes.float32, dtypes.float64)
_REAL_OF = {dtypes.complex64: dtypes.float32, dtypes.complex128: dtypes.float64}
_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}
_NP_COMPLEX_OF = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128}
_NORMS = (None, "backward", "ortho", "forward")


# -- kernels ---------------------------------------------------------------------------------------
def _resize(a, axes, sizes):
    """Crops or zero-pads array `a` along `axes` to `sizes` (TF's fft_length rule)."""
    sl, pads, need_pad = [slice(None)] * a.ndim, [(0, 0)] * a.ndim, False
    for ax, n in zip(axes, sizes):
        if n is None:
            continue
        d = a.shape[ax]
        if n < d:
            sl[ax] = slice(0, n)
        elif n > d:
            pads[ax] = (0, n - d)
            need_pad = True
    a = a[tuple(sl)]
    return np.pad(a, pads) if need_pad else a


def _check_rank(a, k, op_name):
    if a.ndim < k:
        raise InvalidArgumentError(None, op_name, f"Input must have rank of at least {k} but got: "
                                   f"[{','.join(map(str, a.shape))}] [Op:{op_name}] name: ")


def _c2c_kernel(k, inverse, op_name):
    fn = np.fft.ifftn if inverse else np.fft.fftn
    axes = tuple(range(-k, 0))

    def kernel(x):
        _check_rank(x, k, op_name)
        if x.size == 0:  # pocketfft refuses empty transforms; TF returns an empty result
            return np.zeros(x.shape, x.dtype)
        return fn(x, axes=axes).astype(x.dtype, copy=False)
    return kernel


def _r2c(x, axes, lengths, norm=None):
    x = _resize(x, axes, lengths)
    ct = _NP_COMPLEX_OF[x.dtype]
    if x.size == 0 or 0 in lengths:
        shape = list(x.shape)
        shape[axes[-1]] = lengths[-1] // 2 + 1
        return np.zeros(shape, ct)
    return np.fft.rfftn(x, axes=axes, norm=norm).astype(ct, copy=False)


def _c2r(z, axes, lengths, norm=None):
    z = _resize(z, axes, list(lengths[:-1]) + [lengths[-1] // 2 + 1])
    rt = z.real.dtype
    if z.size == 0 or 0 in lengths:
        shape = list(z.shape)
        shape[axes[-1]] = lengths[-1]
        return np.zeros(shape, rt)
    return np.fft.irfftn(z, s=lengths, axes=axes, norm=norm).astype(rt, copy=False)


def _rfft_kernel(k, op_name):
    def kernel(x, fft_length):
        _check_rank(x, k, op_name)
        return _r2c(x, tuple(range(-k, 0)), fft_length)
    return kernel


def _irfft_kernel(k, op_name):
    def kernel(z, fft_length):
        _check_rank(z, k, op_name)
        return _c2r(z, tuple(range(-k, 0)), fft_length)
    return kernel


def _fftnd_kernel(x, fft_length, axes, norm):
    if x.size == 0 or 0 in fft_length:
        return np.zeros([fft_length[axes.index(i)] if i in axes else d for i, d in enumerate(x.shape)], x.dtype)
    return np.fft.fftn(x, s=fft_length, axes=axes, norm=norm).astype(x.dtype, copy=False)


def _ifftnd_kernel(x, fft_length, axes, norm):
    if x.size == 0 or 0 in fft_length:
        return np.zeros([fft_length[axes.index(i)] if i in axes else d for i, d in enumerate(x.shape)], x.dtype)
    return np.fft.ifftn(x, s=fft_length, axes=axes, norm=norm).astype(x.dtype, copy=False)


# -- shape rules -----------------------------------------------------------------------------------
def _rank_error(s, k):
    return ValueError(f"Shape {s} must have rank at least {k}")


def _c2c_infer(k):
    def infer(ins, a):
        s = ins[0].shape
        if s.rank is not None and s.rank < k:
            raise _rank_error(s, k)
        return [(s, ins[0].dtype)]
    return infer


def _with_dims(s, axes, sizes):
    if s.rank is None:
        return TensorShape(None)
    dims = s.as_list()
    for ax, n in zip(axes, sizes):
        dims[ax] = n
    return TensorShape(dims)


def _rfft_infer(k):
    def infer(ins, a):
        s, n = ins[0].shape, a["fft_length"]
        if s.rank is not None and s.rank < k:
            raise _rank_error(s, k)
        sizes = list(n[:-1]) + [n[-1] // 2 + 1]
        return [(_with_dims(s, range(-k, 0), sizes), _COMPLEX_OF[ins[0].dtype])]
    return infer


def _irfft_infer(k):
    def infer(ins, a):
        s = ins[0].shape
        if s.rank is not None and s.rank < k:
            raise _rank_error(s, k)
        return [(_with_dims(s, range(-k, 0), a["fft_length"]), _REAL_OF[ins[0].dtype])]
    return infer


def _nd_infer(out_dtype, last_half=False):
    def infer(ins, a):
        sizes = list(a["fft_length"])
        if last_half:
            sizes[-1] = sizes[-1] // 2 + 1
        return [(_with_dims(ins[0].shape, a["axes"], sizes), out_dtype(ins[0].dtype))]
    return infer


# -- crop/pad helpers of the gradients -------------------------------------------------------------
def _resize_like_infer(ins, a):
    s, like = ins[0].shape, ins[1].shape
    if s.rank is None or like.rank is None:
        return [(s, ins[0].dtype)]
    return [(_with_dims(s, a["axes"], [like[ax] for ax in a["axes"]]), ins[0].dtype)]


# x cropped or zero-padded along `axes` to the sizes of `like` (the adjoint of TF's fft_length rule).
RESIZE_LIKE = primitive("FFTResizeLike", lambda x, like, axes: _resize(x, axes, [like.shape[a] for a in axes]),
                        _resize_like_infer,
                        grad=lambda n, g: (execute(RESIZE_LIKE, (g, n.inputs[0]), n.attrs), None))
RESIZE = primitive("FFTResize", lambda x, axes, sizes: _resize(x, axes, sizes),
                   lambda ins, a: [(_with_dims(ins[0].shape, a["axes"], a["sizes"]), ins[0].dtype)],
                   grad=lambda n, g: execute(RESIZE_LIKE, (g, n.inputs[0]), {"axes": n.attrs["axes"]}))


def _size(t, axes, dtype):
    """The number of points of a transform over `axes` of t, as a scalar of `dtype`."""
    dims = [t.shape[a] for a in axes] if t.shape.rank is not None else [None]
    if None not in dims:
        return convert_to_tensor(np.prod(dims, dtype=np.float64), dtype)
    s = _shape(t)
    return cast(reduce_prod(execute(_GATHER_DIMS, (s,), {"axes": tuple(axes)})), dtype)


_GATHER_DIMS = primitive("FFTGatherDims", lambda s, axes: s[list(axes)],
                         lambda ins, a: [(TensorShape([len(a["axes"])]), ins[0].dtype)])


# -- the primitives --------------------------------------------------------------------------------
def _c2c_op(name, k, inverse):
    return primitive(name, _c2c_kernel(k, inverse, name), _c2c_infer(k))


FFT, IFFT = _c2c_op("FFT", 1, False), _c2c_op("IFFT", 1, True)
FFT2D, IFFT2D = _c2c_op("FFT2D", 2, False), _c2c_op("IFFT2D", 2, True)
FFT3D, IFFT3D = _c2c_op("FFT3D", 3, False), _c2c_op("IFFT3D", 3, True)
_PAIRS = {FFT: (IFFT, 1), IFFT: (FFT, 1), FFT2D: (IFFT2D, 2), IFFT2D: (FFT2D, 2), FFT3D: (IFFT3D, 3),
          IFFT3D: (FFT3D, 3)}


def _c2c_grad(n, g):
    # FFT's adjoint is N * IFFT, IFFT's is FFT / N.
    other, k = _PAIRS[n.op]
    y = execute(other, (g,))
    size = _size(g, range(-k, 0), g.dtype)
    return M.multiply(y, size) if n.op.name.startswith("FFT") else M.divide(y, size)


for _op in _PAIRS:
    _op.grad = _c2c_grad

RFFT = primitive("RFFT", _rfft_kernel(1, "RFFT"), _rfft_infer(1))
RFFT2D = primitive("RFFT2D", _rfft_kernel(2, "RFFT2D"), _rfft_infer(2))
RFFT3D = primitive("RFFT3D", _rfft_kernel(3, "RFFT3D"), _rfft_infer(3))
IRFFT = primitive("IRFFT", _irfft_kernel(1, "IRFFT"), _irfft_infer(1))
IRFFT2D = primitive("IRFFT2D", _irfft_kernel(2, "IRFFT2D"), _irfft_infer(2))
IRFFT3D = primitive("IRFFT3D", _irfft_kernel(3, "IRFFT3D"), _irfft_infer(3))
# RFFT3D and IRFFT3D keep grad None: TF registers no gradient for them, so the tape raises TF's
# "LookupError: gradient registry has no entry for: RFFT3D".


def _rfft_grad(n, g):
    # y = rfftn(resize(x, N)): the adjoint is Re(prod(N) * ifftn(g zero-padded to N)) cropped or
    # padded back to x's shape (the half spectrum's missing bins contribute nothing).
    k = 1 if n.op is RFFT else 2
    N = n.attrs["fft_length"]
    full = execute(RESIZE, (g,), {"axes": (-1,), "sizes": (N[-1],)})
    y = real(M.multiply(execute(IFFT if k == 1 else IFFT2D, (full,)),
                        convert_to_tensor(float(np.prod(N)), g.dtype)))
    return execute(RESIZE_LIKE, (y, n.inputs[0]), {"axes": tuple(range(-k, 0))})


def _irfft_grad(n, g):
    # x = irfftn(resize(z)): the adjoint is rfftn(g) / prod(N), doubled on the bins that stand
    # for a conjugate pair (all but DC and, for even N, Nyquist), then cropped/padded to z.
    k = 1 if n.op is IRFFT else 2
    N = n.attrs["fft_length"]
    G = execute(RFFT if k == 1 else RFFT2D, (g,), {"fft_length": N})
    m = N[-1] // 2 + 1
    mask = np.full(m, 2.0)
    mask[0] = 1.0
    if N[-1] % 2 == 0:
        mask[-1] = 1.0
    mask /= max(1, int(np.prod(N)))
    z = n.inputs[0]
    G = M.multiply(G, convert_to_tensor(mask.astype(z.dtype.as_numpy_dtype), z.dtype))
    return execute(RESIZE_LIKE, (G, z), {"axes": tuple(range(-k, 0))})


RFFT.grad = RFFT2D.grad = _rfft_grad
IRFFT.grad = IRFFT2D.grad = _irfft_grad

FFTND = primitive("FFTND", _fftnd_kernel, _nd_infer(lambda d: d))
IFFTND = primitive("IFFTND", _ifftnd_kernel, _nd_infer(lambda d: d))
RFFTND = primitive("RFFTND", lambda x, fft_length, axes, norm: _r2c(x, axes, fft_length, norm),
                   _nd_infer(_COMPLEX_OF.get, last_half=True))
IRFFTND = primitive("IRFFTND", lambda z, fft_length, axes, norm: _c2r(z, axes, fft_length, norm),
                    _nd_infer(_REAL_OF.get))
# The ND ops keep grad None: TF 2.21 registers no gradient for FFTND/IFFTND/RFFTND/IRFFTND.


# -- argument handling -----------------------------------------------------------------------------
_C_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def _complex_input(x, op_name):
    """TF's conversion for the complex FFT ops: a tensor keeps its dtype (and must be complex);
    other values keep a complex dtype, anything else becomes complex64."""
    if isinstance(x, (list, tuple, int, float, complex, np.ndarray, np.generic)):
        t = convert_to_tensor(x) if np.asarray(x).dtype.kind == "c" else convert_to_tensor(x, dtypes.complex64)
    else:
        t = convert_to_tensor(x)
    if t.dtype not in _COMPLEX:
        if ctx.graph is not None or type(t) is not Tensor:
            raise TypeError(f"Value passed to parameter 'input' has DataType {t.dtype.name} not in list of allowed "
                            "values: complex64, complex128")
        sig = ("input:Tcomplex, fft_length:int32, axes:int32 -> output:Tcomplex" if op_name.endswith("ND")
               else "input:Tcomplex -> output:Tcomplex")
        raise InvalidArgumentError(
            None, op_name, f"Value for attr 'Tcomplex' of {_C_NAMES.get(t.dtype.name, t.dtype.name)} is not in the "
            f"list of allowed values: complex64, complex128\n\t; NodeDef: {{{{node {op_name}}}}}; Op<name={op_name}; "
            f"signature={sig}; attr=Tcomplex:type,default=DT_COMPLEX64,allowed=[DT_COMPLEX64, DT_COMPLEX128]> "
            f"[Op:{op_name}] name: ")
    return t


def _real_input(x, what):
    """TF's conversion for rfft: non-tensors prefer float32; the dtype must be float32/float64."""
    if isinstance(x, (list, tuple, int, float, complex, np.ndarray, np.generic)) and np.asarray(x).dtype.kind != "c":
        t = convert_to_tensor(x, dtype_hint=dtypes.float32)
    else:
        t = convert_to_tensor(x)
    if t.dtype not in _REAL:
        raise ValueError(f"{what} requires tf.float32 or tf.float64 inputs, got: {str(t)}")
    return t


def _complex_only(x, what):
    """TF's conversion for irfft: non-tensors (complex or real) become complex64."""
    if isinstance(x, (list, tuple, int, float, complex, np.ndarray, np.generic)):
        t = convert_to_tensor(np.asarray(x).astype(np.complex64))
    else:
        t = convert_to_tensor(x)
    if t.dtype not in _COMPLEX:
        raise ValueError(f"{what} requires tf.complex64 or tf.complex128 inputs, got: {str(t)}")
    return t


def _static_ints(v, what):
    if isinstance(v, Tensor):
        s = get_static_value(v)
        if s is None:
            raise NotImplementedError(f"numtf needs `{what}` to be known when the graph is built; got {v}")
        v = s
    return v


def _check_rank_static(t, k):
    r = t.shape.rank
    if r is not None and r < k:
        raise _rank_error(t.shape, k)


def _fft_length(t, fft_length, k, op_name, inverse):
    """fft_length as a tuple of k ints; the default comes from the input's inner dims."""
    if fft_length is None:
        dims = t.shape.as_list()[-k:] if t.shape.rank is not None else [None]
        if None in dims:
            raise NotImplementedError(f"numtf needs the inner dimensions of {op_name}'s input (or `fft_length`) "
                                      f"to be known when the graph is built; got shape {t.shape}")
        if inverse:
            dims[-1] = max(0, 2 * (dims[-1] - 1))
        return tuple(int(d) for d in dims)
    n = np.asarray(_static_ints(fft_length, "fft_length"))
    if n.ndim == 0:  # TF iterates over fft_length
        raise TypeError(f"'{type(n[()]).__name__}' object is not iterable")
    if n.shape != (k,):
        raise InvalidArgumentError(None, op_name, f"fft_length must have shape [{k}] [Op:{op_name}] name: ")
    for i, v in enumerate(n):
        if v < 0:
            raise InvalidArgumentError(None, op_name, f"fft_length[{i}] must >= 0, but got: {v} [Op:{op_name}] name: ")
    return tuple(int(v) for v in n)


def _c2c(op, k, input, op_name):  # noqa: A002
    t = _complex_input(input, op_name)
    return execute(op, (t,))


def fft(input, name=None):  # noqa: A002 - TF's argument name
    """The discrete Fourier transform over the innermost axis (complex64/complex128 in and out).

        >>> tf.signal.fft([1 + 0j, 2, 3, 4]).numpy().tolist()
        [(10+0j), (-2+2j), (-2+0j), (-2-2j)]
    """
    return _c2c(FFT, 1, input, "FFT")


def ifft(input, name=None):  # noqa: A002
    """The inverse DFT over the innermost axis (scaled by 1/n): `ifft(fft(x)) == x`."""
    return _c2c(IFFT, 1, input, "IFFT")


def fft2d(input, name=None):  # noqa: A002
    """The 2-D DFT over the two innermost axes."""
    return _c2c(FFT2D, 2, input, "FFT2D")


def ifft2d(input, name=None):  # noqa: A002
    """The inverse 2-D DFT over the two innermost axes."""
    return _c2c(IFFT2D, 2, input, "IFFT2D")


def fft3d(input, name=None):  # noqa: A002
    """The 3-D DFT over the three innermost axes."""
    return _c2c(FFT3D, 3, input, "FFT3D")


def ifft3d(input, name=None):  # noqa: A002
    """The inverse 3-D DFT over the three innermost axes."""
    return _c2c(IFFT3D, 3, input, "IFFT3D")


def _rfft(op, k, input_tensor, fft_length, op_name):
    t = _real_input(input_tensor, "RFFT")
    _check_rank_static(t, k)
    return execute(op, (t,), {"fft_length": _fft_length(t, fft_length, k, op_name, False)})


def _irfft(op, k, input_tensor, fft_length, op_name):
    t = _complex_only(input_tensor, "IRFFT")
    _check_rank_static(t, k)
    return execute(op, (t,), {"fft_length": _fft_length(t, fft_length, k, op_name, True)})


def rfft(input_tensor, fft_length=None, name=None):
    """The DFT of a real signal over the innermost axis: the fft_length // 2 + 1 non-negative
    frequencies. `fft_length` (a 1-element list) crops or zero-pads the signal first; float32
    gives complex64, float64 complex128.

        >>> tf.signal.rfft([1., 2., 3.], [4]).numpy().tolist()
        [(6+0j), (-2-2j), (2+0j)]
    """
    return _rfft(RFFT, 1, input_tensor, fft_length, "RFFT")


def irfft(input_tensor, fft_length=None, name=None):
    """The inverse of rfft: a real signal of length fft_length (default 2 * (n - 1)) from its
    half spectrum (cropped or zero-padded to fft_length // 2 + 1 bins first)."""
    return _irfft(IRFFT, 1, input_tensor, fft_length, "IRFFT")


def rfft2d(input_tensor, fft_length=None, name=None):
    """The 2-D DFT of a real signal over the two innermost axes (half spectrum in the last)."""
    return _rfft(RFFT2D, 2, input_tensor, fft_length, "RFFT2D")


def irfft2d(input_tensor, fft_length=None, name=None):
    """The inverse of rfft2d."""
    return _irfft(IRFFT2D, 2, input_tensor, fft_length, "IRFFT2D")


def rfft3d(input_tensor, fft_length=None, name=None):
    """The 3-D DFT of a real signal over the three innermost axes (TF defines no gradient)."""
    return _rfft(RFFT3D, 3, input_tensor, fft_length, "RFFT3D")


def irfft3d(input_tensor, fft_length=None, name=None):
    """The inverse of rfft3d (TF defines no gradient)."""
    return _irfft(IRFFT3D, 3, input_tensor, fft_length, "IRFFT3D")


# -- N-dimensional transforms ----------------------------------------------------------------------
def _nd_args(t, fft_length, axes, norm, inverse_real):
    """(fft_length, axes, norm) of the ND ops. TF 2.21 has no CPU kernel for them; their
    documented semantics are NumPy's fftn: axes default to the last len(fft_length) axes (all
    axes without fft_length), fft_length crops or zero-pads, norm is backward/ortho/forward."""
    if norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm!r}; should be "backward", "ortho" or "forward".')
    r = t.shape.rank
    if r is None:
        raise NotImplementedError("numtf needs the rank of the ND FFT's input when the graph is built")
    n = None if fft_length is None else [int(v) for v in np.ravel(_static_ints(fft_length, "fft_length"))]
    if axes is None:
        axes = list(range(r)) if n is None else list(range(r - len(n), r))
    else:
        axes = [int(a) for a in np.ravel(_static_ints(axes, "axes"))]
    for a in axes:
        if not -r <= a < r:
            raise ValueError(f"axes {axes} out of range for an input of rank {r}")
    axes = [a % r for a in axes]
    if len(set(axes)) != len(axes):
        raise ValueError(f"axes must be distinct, got {axes}")
    if n is None:
        dims = [t.shape[a] for a in axes]
        if None in dims:
            raise NotImplementedError(f"numtf needs the transformed dimensions (or `fft_length`) when the graph "
                                      f"is built; got shape {t.shape}")
        n = list(dims)
        if inverse_real and n:
            n[-1] = max(0, 2 * (n[-1] - 1))
    if len(n) != len(axes):
        raise ValueError(f"fft_length {n} and axes {axes} must have the same length")
    if any(v < 0 for v in n):
        raise ValueError(f"fft_length must be non-negative, got {n}")
    if not axes:
        raise ValueError("The ND FFT needs at least one axis")
    return {"fft_length": tuple(n), "axes": tuple(axes), "norm": None if norm == "backward" else norm}


def fftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None):
    """The N-D DFT over `axes` (default: all), each cropped or zero-padded to `fft_length`.

        >>> tf.signal.fftnd(tf.ones([2, 2], tf.complex64)).numpy().tolist()
        [[(4+0j), 0j], [0j, 0j]]
    """
    t = _complex_input(input_tensor, "FFTND")
    return execute(FFTND, (t,), _nd_args(t, fft_length, axes, norm, False))


def ifftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None):
    """The inverse N-D DFT over `axes`."""
    t = _complex_input(input_tensor, "IFFTND")
    return execute(IFFTND, (t,), _nd_args(t, fft_length, axes, norm, False))


def rfftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None):
    """The N-D DFT of a real signal; the last of `axes` keeps fft_length // 2 + 1 bins."""
    t = _real_input(input_tensor, "RFFT")
    return execute(RFFTND, (t,), _nd_args(t, fft_length, axes, norm, False))


def irfftnd(input_tensor, fft_length=None, axes=None, norm=None, name=None):
    """The inverse of rfftnd (default length of the last axis: 2 * (n - 1))."""
    t = _complex_only(input_tensor, "IRFFT")
    return execute(IRFFTND, (t,), _nd_args(t, fft_length, axes, norm, True))


# -- shifts ----------------------------------------------------------------------------------------
def _shift(x, axes, sign):
    t = convert_to_tensor(x)
    r = t.shape.rank
    if axes is None:
        axes = list(range(r))
    axes = [int(a) for a in np.ravel(_static_ints(axes, "axes"))]
    for a in axes:
        if r is not None and not -r <= a < r:
            raise InvalidArgumentError(None, "StridedSlice", f"slice index {a} of dimension 0 out of bounds. "
                                       "[Op:StridedSlice] name: strided_slice/")
    dims = [t.shape[a] for a in axes]
    if None in dims:
        raise NotImplementedError(f"numtf needs the shifted dimensions to be known when the graph is built; "
                                  f"got shape {t.shape}")
    if not axes:
        return t
    return roll(t, [sign * (d // 2) for d in dims], axes)


def fftshift(x, axes=None, name=None):
    """Moves the zero-frequency bin to the center along `axes` (default: all).

        >>> tf.signal.fftshift([0, 1, 2, -2, -1]).numpy().tolist()
        [-2, -1, 0, 1, 2]
    """
    return _shift(x, axes, 1)


def ifftshift(x, axes=None, name=None):
    """The inverse of fftshift."""
    return _shift(x, axes, -1)
