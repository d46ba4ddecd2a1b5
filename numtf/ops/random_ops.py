"""Random ops (`tf.random.*`): stateful samplers seeded by TF's global + op seed rules
(framework/random_seed.py) and stateless ones whose values depend only on their seed pair.

Stateful primitives are `stateful=True`: each keeps its NumPy Generator (eagerly) or a
restartable `SeededStream` (as a graph node) in its `rng` attr, and draws from it every time
it runs, so a graph gives fresh values per run. Samples are generated in the output dtype
(float32 stays float32); float16 is drawn in float32 and rounded.

    >>> tf.random.set_seed(0)
    >>> tf.random.uniform([2, 3], maxval=10, dtype=tf.int32).shape
    TensorShape([2, 3])
"""
import numpy as np

from ..framework import dtypes, random_seed
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, NotFoundError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from ..framework.variables import Variable
from . import math_ops
from .convert import convert_to_tensor
from .registry import primitive, no_gradient, execute

# TF2 exports these only under `tf.random` (numtf/random.py).
__all__ = []

_gen = random_seed.generator_of
_stream = random_seed.stream_for
_F32, _F64, _F16 = np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.float16)
_NO_GRAD = "sampling is not differentiable (TF registers no gradient for it)"


# -- shapes -----------------------------------------------------------------------------------
def _error(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _check_dims(dims, op):
    for d in dims:
        if d < 0:
            raise _error(op, f"Dimension {d} must be >= 0")
    return dims


def _shape_arg(shape, op):
    """(static dims tuple, None) or (None, dynamic int shape tensor) for a `shape` argument."""
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {shape} to a Tensor.")
        return tuple(shape.as_list()), None
    if isinstance(shape, (list, tuple)):
        if any(isinstance(d, SymbolicTensor) for d in shape):
            return None, _dynamic(convert_to_tensor(list(shape)), op)
        if any(d is None for d in shape):
            raise ValueError("Attempt to convert a value (None) with an unsupported type "
                             "(<class 'NoneType'>) to a Tensor.")
        # Python floats would be float32 tensors in TF (its error names that dtype).
        shape = np.array([np.asarray(d, np.float32 if isinstance(d, float) else None) for d in shape]) \
            if shape else np.zeros(0, np.int32)
    if isinstance(shape, SymbolicTensor):
        return None, _dynamic(shape, op)
    if isinstance(shape, (Tensor, Variable)):
        shape = convert_to_tensor(shape)._value
    arr = np.asarray(shape)
    if arr.dtype.kind not in "iu":
        raise _error(op, f"Value for attr 'T' of {_c_name(arr.dtype)} is not in the list of "
                         "allowed values: int32, int64")
    if arr.ndim != 1:
        raise _error(op, f"shape must be a vector of {{int32,int64}}, got shape "
                         f"[{','.join(map(str, arr.shape))}]")
    return _check_dims(tuple(int(d) for d in arr.tolist()), op), None


def _c_name(npd):
    return {"float32": "float", "float64": "double", "float16": "half"}.get(npd.name, npd.name)


def _dynamic(t, op):
    if not t.dtype.is_integer:
        raise TypeError(f"Value passed to parameter 'shape' of {op} has DataType {t.dtype.name} "
                        "not in list of allowed values: int32, int64")
    if t.shape.rank is not None and t.shape.rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {t.shape.rank} for '{op}'")
    return t


def _dims(shape, dyn, op):
    """The sample shape inside a kernel: the static attr, or the dynamic shape input's value."""
    if shape is not None:
        return shape
    return _check_dims(tuple(int(d) for d in np.asarray(dyn[-1]).tolist()), op)


def _dims_value(t):
    """What is statically known of an int shape tensor's value, as a TensorShape."""
    node = t.op
    kind = node.op.name
    if kind == "Const":
        return TensorShape([int(d) for d in np.asarray(node.attrs["value"]).tolist()])
    if kind == "Shape" and node.inputs[0].shape.rank is not None:
        return TensorShape(node.inputs[0].shape)
    if kind == "Pack" and all(i.shape.rank == 0 for i in node.inputs):
        return TensorShape([int(i.op.attrs["value"]) if i.op.op.name == "Const" else None
                            for i in node.inputs])
    n = t.shape[0] if t.shape.rank == 1 else None
    return TensorShape(None if n is None else [None] * n)


def _out_shape(ins, attrs):
    shape = attrs["shape"]
    return TensorShape(shape) if shape is not None else _dims_value(ins[-1])


def _sample_infer(ins, attrs):
    return [(_out_shape(ins, attrs), dtypes.from_numpy(attrs["dtype"]))]


def _param_infer(ins, attrs):
    """gamma/poisson: sample shape + the parameter's shape (input 0)."""
    s, p = _out_shape(ins, attrs), ins[0].shape
    shape = TensorShape(None) if s.rank is None or p.rank is None else TensorShape(list(s) + list(p))
    return [(shape, dtypes.from_numpy(attrs["dtype"]))]


def _scalar_infer(ins, attrs, first, op):
    for t, what in zip(ins[first:first + 2], ("minval", "maxval")):
        if t.shape.rank not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {t.shape.rank} for '{op}' ({what}).")
    return _sample_infer(ins, attrs)


# -- kernels ----------------------------------------------------------------------------------
def _float_sample(g, method, shape, dtype):
    wide = dtype if dtype == _F64 else _F32
    return method(g, shape, dtype=wide)


def _finish(out, dtype, lo, scale):
    # In place with Python floats: float32 stays float32 (NEP 50).
    if scale != 1.0:
        out *= scale
    if lo != 0.0:
        out += lo
    return out if out.dtype == dtype else out.astype(dtype)


def _uniform_kernel(*dyn, shape, dtype, rng, lo=0.0, hi=1.0):
    out = _float_sample(_gen(rng), np.random.Generator.random, _dims(shape, dyn, "RandomUniform"), dtype)
    return _finish(out, dtype, lo, hi - lo)


def _normal_kernel(*dyn, shape, dtype, rng, mean=0.0, stddev=1.0):
    out = _float_sample(_gen(rng), np.random.Generator.standard_normal,
                        _dims(shape, dyn, "RandomStandardNormal"), dtype)
    return _finish(out, dtype, mean, stddev)


def _truncated_kernel(*dyn, shape, dtype, rng, mean=0.0, stddev=1.0):
    g = _gen(rng)
    out = _float_sample(g, np.random.Generator.standard_normal, _dims(shape, dyn, "TruncatedNormal"), dtype)
    flat = out.reshape(-1)
    redo = np.flatnonzero(np.abs(flat) > 2.0)
    while redo.size:  # redraw what fell beyond two standard deviations
        new = g.standard_normal(redo.size, dtype=flat.dtype)
        flat[redo] = new
        redo = redo[np.abs(new) > 2.0]
    return _finish(out, dtype, mean, stddev)


def _uniform_int_kernel(minval, maxval, *dyn, shape, dtype, rng, op="RandomUniformInt"):
    for v, what in ((minval, "minval"), (maxval, "maxval")):
        if np.ndim(v) != 0:
            raise _error(op, f"{what} must be 0-D, got shape [{','.join(map(str, np.shape(v)))}]")
    lo, hi = int(minval), int(maxval)
    dims = _dims(shape, dyn, op)
    if lo >= hi and int(np.prod(dims)) > 0:
        raise _error(op, f"Need minval < maxval, got {lo} >= {hi}")
    return _gen(rng).integers(lo, max(hi, lo + 1), size=dims, dtype=dtype)


def _multinomial_kernel(logits, num_samples, dtype, rng, op="Multinomial"):
    if logits.ndim != 2:
        raise _error(op, f"logits should be a matrix, got shape [{','.join(map(str, logits.shape))}]")
    batch, classes = logits.shape
    if classes == 0:
        raise _error(op, "num_classes should be positive, got 0")
    if num_samples < 0:
        raise _error(op, f"num_samples should be non-negative, got {num_samples}")
    if batch == 0 or num_samples == 0:
        return np.zeros((batch, num_samples), dtype=dtype)
    x = logits if logits.dtype == _F64 else logits.astype(_F32, copy=False)
    top = x.max(axis=1, keepdims=True)
    top[~np.isfinite(top)] = 0
    cdf = np.cumsum(np.exp(x - top), axis=1)
    u = _gen(rng).random((batch, num_samples), dtype=x.dtype) * cdf[:, -1:]
    if batch * num_samples * classes <= 1 << 20:
        idx = (u[:, :, None] >= cdf[:, None, :]).sum(axis=2)
    else:
        idx = np.stack([np.searchsorted(cdf[i], u[i], side="right") for i in range(batch)])
    np.minimum(idx, classes - 1, out=idx)
    return idx.astype(dtype, copy=False)


def _shuffle_kernel(value, rng):
    if np.ndim(value) == 0:
        return value
    return value[_gen(rng).permutation(value.shape[0])]


def _gamma_kernel(alpha, *dyn, shape, dtype, rng):
    dims = _dims(shape, dyn, "RandomGamma") + np.shape(alpha)
    wide = _F64 if dtype == _F64 else _F32
    out = _gen(rng).standard_gamma(np.asarray(alpha, dtype=wide), size=dims, dtype=wide)
    np.maximum(out, np.finfo(dtype).tiny, out=out)  # TF never returns an exact 0
    return out if out.dtype == dtype else out.astype(dtype)


def _poisson_kernel(lam, *dyn, shape, dtype, rng):
    dims = _dims(shape, dyn, "RandomPoissonV2") + np.shape(lam)
    # NumPy's Poisson sampler only takes float64 rates and returns int64 counts.
    return _gen(rng).poisson(np.asarray(lam, dtype=_F64), size=dims).astype(dtype)


def _stateless(seed, op):
    seed = np.asarray(seed)
    if seed.dtype.kind not in "iu":
        raise _error(op, f"Value for attr 'Tseed' of {_c_name(seed.dtype)} is not in the list of "
                         "allowed values: int32, int64")
    if seed.shape != (2,):  # the V2 ops' seed goes through StatelessRandomGetKeyCounter first
        raise _error("StatelessRandomGetKeyCounter" if op.endswith("V2") else op,
                     f"seed must have shape [2], not [{','.join(map(str, seed.shape))}]")
    return random_seed.stateless_rng(seed.tolist())


def _stateless_full_int_kernel(seed, *dyn, shape, dtype):
    info = np.iinfo(dtype)
    g = _stateless(seed, "StatelessRandomUniformFullIntV2")
    return g.integers(info.min, info.max, size=_dims(shape, dyn, "StatelessRandomUniformFullIntV2"),
                      dtype=dtype, endpoint=True)


UNIFORM = primitive("RandomUniform", _uniform_kernel, _sample_infer, stateful=True)
NORMAL = primitive("RandomStandardNormal", _normal_kernel, _sample_infer, stateful=True)
TRUNCATED = primitive("TruncatedNormal", _truncated_kernel, _sample_infer, stateful=True)
UNIFORM_INT = primitive("RandomUniformInt", _uniform_int_kernel,
                        lambda ins, a: _scalar_infer(ins, a, 0, "RandomUniformInt"), stateful=True)


def _multinomial_infer(ins, attrs):
    s = ins[-1].shape
    if s.rank not in (None, 2):
        raise ValueError(f"Shape must be rank 2 but is rank {s.rank} for 'Multinomial'")
    batch = None if s.rank is None else s[0]
    return [(TensorShape([batch, attrs["num_samples"]]), dtypes.from_numpy(attrs["dtype"]))]


MULTINOMIAL = primitive("Multinomial", _multinomial_kernel, _multinomial_infer, stateful=True)
SHUFFLE = primitive("RandomShuffle", _shuffle_kernel, lambda ins, a: [(ins[0].shape, ins[0].dtype)],
                    stateful=True)
GAMMA = primitive("RandomGamma", _gamma_kernel, _param_infer, stateful=True)
POISSON = primitive("RandomPoissonV2", _poisson_kernel, _param_infer, stateful=True)

S_UNIFORM = primitive("StatelessRandomUniformV2", lambda seed, *d, **a: _uniform_kernel(
    *d, rng=_stateless(seed, "StatelessRandomUniformV2"), **a), _sample_infer)
S_NORMAL = primitive("StatelessRandomNormalV2", lambda seed, *d, **a: _normal_kernel(
    *d, rng=_stateless(seed, "StatelessRandomNormalV2"), **a), _sample_infer)
S_TRUNCATED = primitive("StatelessTruncatedNormalV2", lambda seed, *d, **a: _truncated_kernel(
    *d, rng=_stateless(seed, "StatelessTruncatedNormalV2"), **a), _sample_infer)
S_UNIFORM_INT = primitive("StatelessRandomUniformIntV2", lambda seed, lo, hi, *d, **a: _uniform_int_kernel(
    lo, hi, *d, rng=_stateless(seed, "StatelessRandomUniformIntV2"), op="StatelessRandomUniformIntV2", **a),
    lambda ins, a: _scalar_infer(ins, a, 1, "StatelessRandomUniformIntV2"))
S_FULL_INT = primitive("StatelessRandomUniformFullIntV2", _stateless_full_int_kernel, _sample_infer)
S_MULTINOMIAL = primitive("StatelessMultinomial", lambda seed, logits, **a: _multinomial_kernel(
    logits, rng=_stateless(seed, "StatelessMultinomial"), op="StatelessMultinomial", **a),
    _multinomial_infer)

for _op in (UNIFORM, NORMAL, TRUNCATED, UNIFORM_INT, MULTINOMIAL, S_UNIFORM, S_NORMAL, S_TRUNCATED,
            S_UNIFORM_INT, S_FULL_INT, S_MULTINOMIAL, POISSON):
    no_gradient(_op, _NO_GRAD)
no_gradient(SHUFFLE, "TF registers no gradient for RandomShuffle")
no_gradient(GAMMA, "numtf does not implement RandomGamma's implicit reparameterization gradient "
                   "with respect to alpha (TF does)")


# -- public API -------------------------------------------------------------------------------
_FLOATS = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)
_UNIFORM_TYPES = _FLOATS + (dtypes.int32, dtypes.int64)
_STATELESS_TYPES = _UNIFORM_TYPES + (dtypes.uint32, dtypes.uint64)
_POISSON_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)
_INDEX_TYPES = (dtypes.int32, dtypes.int64)
_SCALARS = (int, float, np.integer, np.floating)


def _check_dtype(dtype, allowed):
    d = dtypes.as_dtype(dtype)
    if d not in allowed:
        raise ValueError(f"Argument `dtype` got invalid value <dtype: '{d.name}'>. Accepted dtypes "
                         f"are ({', '.join('tf.' + a.name for a in allowed)}).")
    return d


def _float_dtype(dtype, value, op):
    d = dtypes.as_dtype(dtype)
    if not d.is_floating:
        convert_to_tensor(value, d)  # TF fails here first: "Cannot convert 0.0 to ... int32"
        raise InvalidArgumentError(None, op, f"Value for attr 'dtype' of {d.name} is not in the list "
                                   f"of allowed values: half, bfloat16, float, double [Op:{op}]")
    return d


def _is_scalar(v):
    return isinstance(v, _SCALARS) and not isinstance(v, bool)


def _building(inputs):
    return ctx.graph is not None or any(isinstance(t, SymbolicTensor) for t in inputs)


def _shape_ins(shape, op):
    static, dyn = _shape_arg(shape, op.name)
    return static, (() if dyn is None else (dyn,))


def _fold(op, ins, attrs, dtype, a, b, keys, combine):
    """Runs a sampler whose two parameters (minval/maxval or mean/stddev) fold into the kernel
    when they are Python scalars, and otherwise apply as TF's ops on the standard sample."""
    if _is_scalar(a) and _is_scalar(b):
        attrs[keys[0]], attrs[keys[1]] = float(a), float(b)
        return execute(op, ins, attrs)
    rnd = execute(op, ins, attrs)
    names = {"lo": "min", "hi": "max"}
    vals = []
    for v, key in ((a, keys[0]), (b, keys[1])):
        try:
            vals.append(convert_to_tensor(v, dtype))
        except ValueError as e:  # TF names the argument being converted
            raise ValueError(f"{names.get(key, key)}: {e}") from None
    return combine(rnd, *vals)


def _uniform_combine(rnd, lo, hi):
    return math_ops.add(math_ops.multiply(rnd, math_ops.subtract(hi, lo)), lo)


def _normal_combine(rnd, mean, stddev):
    return math_ops.add(math_ops.multiply(rnd, stddev), mean)


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval) (default [0, 1)); integer dtypes need `maxval`.

        >>> tf.random.uniform([2, 2], minval=-1., maxval=1.).shape
        TensorShape([2, 2])
    """
    dtype = _check_dtype(dtype, _UNIFORM_TYPES)
    static, dyn = _shape_ins(shape, UNIFORM)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        ins = (convert_to_tensor(minval, dtype), convert_to_tensor(maxval, dtype)) + dyn
        return execute(UNIFORM_INT, ins, {"shape": static, "dtype": dtype._np,
                                          "rng": _stream(seed, _building(ins))})
    attrs = {"shape": static, "dtype": dtype._np, "rng": _stream(seed, _building(dyn))}
    return _fold(UNIFORM, dyn, attrs, dtype, minval, 1 if maxval is None else maxval, ("lo", "hi"),
                 _uniform_combine)


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal (Gaussian) samples with the given mean and standard deviation.

        >>> tf.random.normal([3], mean=1.0, stddev=0.1).dtype
        tf.float32
    """
    dtype = _float_dtype(dtype, mean, "RandomStandardNormal")
    static, dyn = _shape_ins(shape, NORMAL)
    attrs = {"shape": static, "dtype": dtype._np, "rng": _stream(seed, _building(dyn))}
    return _fold(NORMAL, dyn, attrs, dtype, mean, stddev, ("mean", "stddev"), _normal_combine)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples redrawn until within two standard deviations of the mean.

        >>> float(tf.reduce_max(tf.abs(tf.random.truncated_normal([1000])))) <= 2.0
        True
    """
    dtype = _float_dtype(dtype, mean, "TruncatedNormal")
    static, dyn = _shape_ins(shape, TRUNCATED)
    attrs = {"shape": static, "dtype": dtype._np, "rng": _stream(seed, _building(dyn))}
    return _fold(TRUNCATED, dyn, attrs, dtype, mean, stddev, ("mean", "stddev"), _normal_combine)


def _num_samples(n):
    if isinstance(n, SymbolicTensor):
        raise TypeError("numtf's tf.random.categorical needs a Python or eager `num_samples`, "
                        "not a symbolic tensor")
    return int(np.asarray(n._value if isinstance(n, Tensor) else n))


def _logits(logits, op):
    t = convert_to_tensor(logits)
    if not t.dtype.is_floating:
        raise NotFoundError(None, op, f"Could not find device for node: {{{{node {op}}}}} = {op}"
                            f"[T=DT_{t.dtype.name.upper()}, output_dtype=DT_INT64]: logits must be "
                            "a floating-point tensor")
    return t


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws `num_samples` class indices per row of `logits` ([batch, classes], unnormalized log
    probabilities); returns [batch, num_samples] int64.

        >>> tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5).shape
        TensorShape([1, 5])
    """
    dtype = _check_dtype(dtypes.int64 if dtype is None else dtype, _INDEX_TYPES)
    t = _logits(logits, "Multinomial")
    return execute(MULTINOMIAL, (t,), {"num_samples": _num_samples(num_samples), "dtype": dtype._np,
                                       "rng": _stream(seed, _building((t,)))})


def shuffle(value, seed=None, name=None):
    """Randomly shuffles a tensor along its first dimension.

        >>> sorted(tf.random.shuffle([1, 2, 3]).numpy().tolist())
        [1, 2, 3]
    """
    t = convert_to_tensor(value)
    return execute(SHUFFLE, (t,), {"rng": _stream(seed, _building((t,)))})


def gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma samples of shape `shape + broadcast(alpha, beta).shape` (`beta` is the rate).

        >>> tf.random.gamma([10], alpha=[0.5, 1.5]).shape
        TensorShape([10, 2])
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.float16, dtypes.float32, dtypes.float64):
        raise ValueError(f"data type {dtype._np.type} not inexact")
    static, dyn = _shape_ins(shape, GAMMA)
    a = convert_to_tensor(alpha, dtype)
    b = None if beta is None else convert_to_tensor(beta, dtype)
    if b is not None:
        from .array_ops import zeros_like
        a = math_ops.add(a, zeros_like(b))
    ins = (a,) + dyn
    out = execute(GAMMA, ins, {"shape": static, "dtype": dtype._np, "rng": _stream(seed, _building(ins))})
    return out if b is None else math_ops.truediv(out, b)


def poisson(shape, lam, dtype=dtypes.float32, seed=None, name=None):
    """Poisson samples of shape `shape + lam.shape` with rates `lam`.

        >>> tf.random.poisson([4], lam=[1., 5.]).shape
        TensorShape([4, 2])
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _POISSON_TYPES:
        raise InvalidArgumentError(None, "RandomPoissonV2", f"Value for attr 'dtype' of {dtype.name} is "
                                   "not in the list of allowed values: half, float, double, int32, int64")
    static, dyn = _shape_ins(shape, POISSON)
    ins = (convert_to_tensor(lam, dtype_hint=dtypes.float32),) + dyn
    return execute(POISSON, ins, {"shape": static, "dtype": dtype._np, "rng": _stream(seed, _building(ins))})


# -- stateless: the values are a function of (seed, shape) only ------------------------------
def _seed(seed):
    return convert_to_tensor(seed)


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select"):
    """Uniform samples fully determined by `seed` (a pair of ints): same values every call.

        >>> a = tf.random.stateless_uniform([2], seed=[1, 2])
        >>> bool(tf.reduce_all(a == tf.random.stateless_uniform([2], seed=[1, 2])))
        True
    """
    dtype = _check_dtype(dtype, _STATELESS_TYPES)
    static, dyn = _shape_ins(shape, S_UNIFORM)
    s = _seed(seed)
    if dtype.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError(f"For integer `dtype` argument <dtype: '{dtype.name}'>, argument `minval` "
                             f"and `maxval` must be both None or not None. Got `minval`={minval} and "
                             f"`maxval`={maxval}.")
        if minval is None:
            return execute(S_FULL_INT, (s,) + dyn, {"shape": static, "dtype": dtype._np})
        ins = (s, convert_to_tensor(minval, dtype), convert_to_tensor(maxval, dtype)) + dyn
        return execute(S_UNIFORM_INT, ins, {"shape": static, "dtype": dtype._np})
    return _fold(S_UNIFORM, (s,) + dyn, {"shape": static, "dtype": dtype._np}, dtype, minval,
                 1 if maxval is None else maxval, ("lo", "hi"), _uniform_combine)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                     alg="auto_select"):
    """Normal samples fully determined by `seed` (a pair of ints).

        >>> tf.random.stateless_normal([2], seed=[1, 2]).shape
        TensorShape([2])
    """
    dtype = _float_dtype(dtype, mean, "StatelessRandomNormalV2")
    static, dyn = _shape_ins(shape, S_NORMAL)
    return _fold(S_NORMAL, (_seed(seed),) + dyn, {"shape": static, "dtype": dtype._np}, dtype, mean,
                 stddev, ("mean", "stddev"), _normal_combine)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                               alg="auto_select"):
    """Truncated normal samples (within two stddevs) fully determined by `seed`.

        >>> tf.random.stateless_truncated_normal([2], seed=[1, 2]).shape
        TensorShape([2])
    """
    dtype = _float_dtype(dtype, mean, "StatelessTruncatedNormalV2")
    static, dyn = _shape_ins(shape, S_TRUNCATED)
    return _fold(S_TRUNCATED, (_seed(seed),) + dyn, {"shape": static, "dtype": dtype._np}, dtype, mean,
                 stddev, ("mean", "stddev"), _normal_combine)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """`categorical` fully determined by `seed` (a pair of ints).

        >>> tf.random.stateless_categorical([[0., 0.]], 3, seed=[1, 2]).shape
        TensorShape([1, 3])
    """
    dtype = _check_dtype(dtype, _INDEX_TYPES)
    t = _logits(logits, "StatelessMultinomial")
    return execute(S_MULTINOMIAL, (_seed(seed), t), {"num_samples": _num_samples(num_samples),
                                                    "dtype": dtype._np})


set_seed = random_seed.set_seed
