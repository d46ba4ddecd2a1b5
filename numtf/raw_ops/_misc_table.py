"""`tf.raw_ops` table: random, string, linear algebra, matmul and FFT ops (see __init__).

Stateful random ops follow TF's seed attrs: `seed=seed2=0` draws nondeterministically; any
other pair names one stream (repeated eager calls continue it, `tf.random.set_seed` restarts
it). Stateless ops are functions of their seed (or key and counter); numtf's numbers are its
own, not TF's (DESIGN.md: a random op's contract is its distribution, shape and dtype).

    >>> TABLE["RandomUniform"][0]
    'shape, dtype, seed=0, seed2=0'
"""
from .. import linalg as L, strings as S
from ..framework import dtypes, random_seed
from ..framework.errors import InvalidArgumentError
from ..ops import random_ops as R, matmul_ops, linalg_ops2, fft_ops, special_ops, string_ops
from ..ops.array_ops import reshape, get_static_value
from ..ops.convert import convert_to_tensor
from ..ops.join_ops import concat
from ..ops.logic_ops import bitwise_xor, left_shift, right_shift
from ..ops.registry import execute

__all__ = ["TABLE"]


def _building(*ts):
    return R._building(ts)


def _sampler(op, **fixed):
    """RandomUniform / RandomStandardNormal / TruncatedNormal: a float sample of `shape`."""
    def run(shape, dtype, seed, seed2):
        d = R._float_dtype(dtype, 0.0, op.name)
        static, dyn = R._shape_ins(shape, op)
        return execute(op, dyn, {"shape": static, "dtype": d._np,
                                 "rng": random_seed.stream_for_pair(seed, seed2, _building(*dyn)), **fixed})
    return run


def _uniform_int(shape, minval, maxval, seed, seed2):
    lo = convert_to_tensor(minval)
    hi = convert_to_tensor(maxval, dtype_hint=lo.dtype)
    static, dyn = R._shape_ins(shape, R.UNIFORM_INT)
    ins = (lo, hi) + dyn
    return execute(R.UNIFORM_INT, ins, {"shape": static, "dtype": lo.dtype._np,
                                        "rng": random_seed.stream_for_pair(seed, seed2, _building(*ins))})


def _shuffle(value, seed, seed2):
    t = convert_to_tensor(value)
    return execute(R.SHUFFLE, (t,), {"rng": random_seed.stream_for_pair(seed, seed2, _building(t))})


def _multinomial(logits, num_samples, seed, seed2, output_dtype):
    d = R._check_dtype(output_dtype, R._INDEX_TYPES)
    t = R._logits(logits, "Multinomial")
    return execute(R.MULTINOMIAL, (t,), {"num_samples": R._num_samples(num_samples), "dtype": d._np,
                                         "rng": random_seed.stream_for_pair(seed, seed2, _building(t))})


_ALGS = {1: "philox", 2: "threefry", 3: "auto_select"}


def _key_counter_seed(op_name, key, counter, alg):
    """The V2 stateless ops' (key, counter, alg) as one int64 seed pair: the key, and the
    counter's words folded together (numtf's streams are keyed by seed pairs)."""
    a = get_static_value(convert_to_tensor(alg))  # None: only known when the graph runs
    if a is not None and int(a) not in _ALGS:
        raise InvalidArgumentError(None, op_name, f"Unsupported algorithm id: {a} [Op:{op_name}]")
    k = convert_to_tensor(key, dtypes.uint64)
    c = convert_to_tensor(counter, dtypes.uint64)
    if k.shape.rank is not None and k.shape.as_list() != [1]:
        raise InvalidArgumentError(None, op_name, f"key must have shape [1], not "
                                   f"[{','.join(map(str, k.shape.as_list()))}]. (Note that batched keys are not "
                                   f"supported yet.) [Op:{op_name}]")
    c = concat([reshape(c, [-1]), [0, 0]], 0)[:2]  # a shorter counter is padded with zeros
    mixed = bitwise_xor(c[:1], bitwise_xor(left_shift(c[1:], 32), right_shift(c[1:], 32)))
    return special_ops.bitcast(concat([k, mixed], 0), dtypes.int64)


def _stateless_v2(fn, op_name):
    return lambda shape, key, counter, alg, dtype: fn(shape, _key_counter_seed(op_name, key, counter, alg),
                                                      dtype=dtype)


def _stateless_int_v2(shape, key, counter, alg, minval, maxval):
    lo = convert_to_tensor(minval)
    return R.stateless_uniform(shape, _key_counter_seed("StatelessRandomUniformIntV2", key, counter, alg),
                               minval=lo, maxval=maxval, dtype=lo.dtype)


def _stateless_full_int_v2(shape, key, counter, alg, dtype):
    d = dtypes.as_dtype(dtype)
    if d not in (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64):
        raise InvalidArgumentError(None, "StatelessRandomUniformFullIntV2", f"Value for attr 'dtype' of {d.name} "
                                   "is not in the list of allowed values: int32, int64, uint32, uint64")
    seed = _key_counter_seed("StatelessRandomUniformFullIntV2", key, counter, alg)
    return R.stateless_uniform(shape, seed, minval=None, maxval=None, dtype=d)


def _stateless_int(shape, seed, minval, maxval):
    lo = convert_to_tensor(minval)
    return R.stateless_uniform(shape, seed, minval=lo, maxval=maxval, dtype=lo.dtype)


def _batch_matmul(x, y, adj_x, adj_y, grad_x, grad_y, Tout=None):  # noqa: N803 - TF's attr name
    out = matmul_ops.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y,
                            output_type=None if Tout is None else dtypes.as_dtype(Tout))
    return out


def _svd(input, compute_uv, full_matrices):  # noqa: A002
    s, u, v = linalg_ops2.svd(input, full_matrices=full_matrices, compute_uv=True)
    if not compute_uv:  # TF's op then gives u and v as unused scalars
        return s, u[(0,) * u.shape.rank] * 0, v[(0,) * v.shape.rank] * 0
    return s, u, v


def _eigh(input, compute_v):  # noqa: A002
    e, v = L.eigh(input)
    return (e, v) if compute_v else (e, v[..., :0, :0])


def _fft_len(fn, tout_name):
    def op(input, fft_length, T):  # noqa: A002, N803
        from ._math_table import checked_tout
        return checked_tout(tout_name, fn(input, fft_length), T)
    return op


def _regex_replace(input, pattern, rewrite, replace_global):  # noqa: A002
    return string_ops.regex_replace(input, pattern, rewrite, replace_global)


def _string_split_v2(input, sep, maxsplit):  # noqa: A002
    """StringSplitV2: the sparse (indices, values, shape) of splitting each string of a vector."""
    import numpy as np
    t = convert_to_tensor(input)
    if t.shape.rank != 1:
        raise InvalidArgumentError(None, "StringSplitV2", f"input must be a vector, got shape: {t.shape} "
                                   "[Op:StringSplitV2]")
    sep_v = convert_to_tensor(sep).numpy()
    sep_s = sep_v.decode() if isinstance(sep_v, bytes) else str(sep_v)
    pieces = [string_ops._splitter(sep_s or None, int(maxsplit))(s) for s in t.numpy()]
    indices = [[i, j] for i, p in enumerate(pieces) for j in range(len(p))]
    values = [v for p in pieces for v in p]
    width = max((len(p) for p in pieces), default=0)
    return (convert_to_tensor(np.array(indices, dtype=np.int64).reshape(-1, 2)),
            convert_to_tensor(np.array(values, dtype=object), dtypes.string),
            convert_to_tensor(np.array([len(pieces), width], dtype=np.int64)))


TABLE = {
    "MatMul": ("a, b, transpose_a=False, transpose_b=False, grad_a=False, grad_b=False",
               lambda a, b, transpose_a, transpose_b, grad_a, grad_b: matmul_ops.matmul(a, b, transpose_a,
                                                                                        transpose_b)),
    "BatchMatMulV2": ("x, y, adj_x=False, adj_y=False, grad_x=False, grad_y=False", _batch_matmul),
    "BatchMatMulV3": ("x, y, Tout, adj_x=False, adj_y=False, grad_x=False, grad_y=False",
                      lambda x, y, Tout, *rest: _batch_matmul(x, y, *rest, Tout=Tout)),  # noqa: N803
    "RandomUniform": ("shape, dtype, seed=0, seed2=0", _sampler(R.UNIFORM)),
    "RandomStandardNormal": ("shape, dtype, seed=0, seed2=0", _sampler(R.NORMAL)),
    "TruncatedNormal": ("shape, dtype, seed=0, seed2=0", _sampler(R.TRUNCATED)),
    "RandomUniformInt": ("shape, minval, maxval, seed=0, seed2=0", _uniform_int),
    "RandomShuffle": ("value, seed=0, seed2=0", _shuffle),
    "Multinomial": ("logits, num_samples, seed=0, seed2=0, output_dtype=@int64", _multinomial),
    "StatelessRandomUniform": ("shape, seed, dtype=@float32",
                               lambda shape, seed, dtype: R.stateless_uniform(shape, seed, dtype=dtype)),
    "StatelessRandomNormal": ("shape, seed, dtype=@float32",
                              lambda shape, seed, dtype: R.stateless_normal(shape, seed, dtype=dtype)),
    "StatelessTruncatedNormal": ("shape, seed, dtype=@float32",
                                 lambda shape, seed, dtype: R.stateless_truncated_normal(shape, seed, dtype=dtype)),
    "StatelessRandomUniformInt": ("shape, seed, minval, maxval", _stateless_int),
    "StatelessMultinomial": ("logits, num_samples, seed, output_dtype=@int64",
                             lambda logits, num_samples, seed, output_dtype: R.stateless_categorical(
                                 logits, num_samples, seed, output_dtype)),
    "StatelessRandomUniformV2": ("shape, key, counter, alg, dtype=@float32",
                                 _stateless_v2(R.stateless_uniform, "StatelessRandomUniformV2")),
    "StatelessRandomNormalV2": ("shape, key, counter, alg, dtype=@float32",
                                _stateless_v2(R.stateless_normal, "StatelessRandomNormalV2")),
    "StatelessTruncatedNormalV2": ("shape, key, counter, alg, dtype=@float32",
                                   _stateless_v2(R.stateless_truncated_normal, "StatelessTruncatedNormalV2")),
    "StatelessRandomUniformIntV2": ("shape, key, counter, alg, minval, maxval", _stateless_int_v2),
    "StatelessRandomUniformFullIntV2": ("shape, key, counter, alg, dtype=@uint64", _stateless_full_int_v2),
    "MatrixInverse": ("input, adjoint=False", L.inv),
    "MatrixDeterminant": ("input", L.det),
    "LogMatrixDeterminant": ("input", L.slogdet),
    "Cholesky": ("input", L.cholesky),
    "Qr": ("input, full_matrices=False", L.qr),
    "Svd": ("input, compute_uv=True, full_matrices=False", _svd),
    "SelfAdjointEigV2": ("input, compute_v=True", _eigh),
    "MatrixSolve": ("matrix, rhs, adjoint=False", L.solve),
    "MatrixTriangularSolve": ("matrix, rhs, lower=True, adjoint=False", L.triangular_solve),
    **{k: ("input", f) for k, f in (("FFT", fft_ops.fft), ("IFFT", fft_ops.ifft), ("FFT2D", fft_ops.fft2d),
                                    ("IFFT2D", fft_ops.ifft2d), ("FFT3D", fft_ops.fft3d), ("IFFT3D", fft_ops.ifft3d))},
    "RFFT": ("input, fft_length, Tcomplex=@complex64", _fft_len(fft_ops.rfft, "RFFT")),
    "IRFFT": ("input, fft_length, Treal=@float32", _fft_len(fft_ops.irfft, "IRFFT")),
    "RFFT2D": ("input, fft_length, Tcomplex=@complex64", _fft_len(fft_ops.rfft2d, "RFFT2D")),
    "IRFFT2D": ("input, fft_length, Treal=@float32", _fft_len(fft_ops.irfft2d, "IRFFT2D")),
    "StringJoin": ("inputs, separator=''", S.join),
    "StringLength": ("input, unit='BYTE'", S.length),
    "StringUpper": ("input, encoding=''", S.upper),
    "StringLower": ("input, encoding=''", S.lower),
    "StringStrip": ("input", S.strip),
    "Substr": ("input, pos, len, unit='BYTE'", S.substr),
    "RegexReplace": ("input, pattern, rewrite, replace_global=True", _regex_replace),
    "StaticRegexReplace": ("input, pattern, rewrite, replace_global=True", _regex_replace),
    "RegexFullMatch": ("input, pattern", S.regex_full_match),
    "AsString": ("input, precision=-1, scientific=False, shortest=False, width=-1, fill=''", S.as_string),
    "StringToNumber": ("string_tensor, out_type=@float32", S.to_number),
    "ReduceJoin": ("inputs, reduction_indices, keep_dims=False, separator=''", S.reduce_join),
    "StringToHashBucketFast": ("input, num_buckets", S.to_hash_bucket_fast),
    "StringSplitV2": ("input, sep, maxsplit=-1", _string_split_v2),
    "Fingerprint": ("data, method", string_ops.fingerprint),
}
