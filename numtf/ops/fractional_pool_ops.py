"""tf.nn.fractional_max_pool and tf.nn.fractional_avg_pool (Graham, "Fractional Max-Pooling").

Each spatial dim of size N pools down to M = floor(N / ratio) regions given by a pooling
sequence 0 = s_0 < s_1 < ... < s_M = N whose steps are floor(N/M) or ceil(N/M): region i spans
rows s_i .. s_{i+1} - 1, or .. s_{i+1} with `overlapping` (clipped to the input). The sequence is
random: a random placement of the longer steps, or with `pseudo_random` the steps of
ceil(alpha * (i + u)) - ceil(alpha * u) for alpha = N / M and one uniform u. One row sequence and
one column sequence per call, shared by the batch and the channels; both are returned. Random
streams are numtf's (seeded by `seed` and the global seed), not TF's.

    >>> out, rows, cols = tf.nn.fractional_max_pool(tf.ones([1, 6, 6, 1]), [1.0, 1.5, 1.5, 1.0])
    >>> out.shape, rows.numpy()[[0, -1]].tolist()
    (TensorShape([1, 4, 4, 1]), [0, 6])
"""
import math

import numpy as np

from ..framework import dtypes, random_seed
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor, _dims_text
from .registry import primitive, no_gradient, execute

__all__ = []  # exported by numtf/nn.py


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _sequence(n, m, gen, pseudo_random):
    """A pooling sequence of length m + 1 from 0 to n (see the module docstring)."""
    if pseudo_random:
        alpha = n / m
        k = n // m
        u_max = min((k + 2) / alpha - 1, (n + 1 - k) / alpha - (m - 1))
        u = gen.random() * u_max
        seq = [0] + [int(math.ceil(alpha * (i + u)) - math.ceil(alpha * u)) for i in range(1, m)] + [n]
        return np.array(seq, np.int64)
    k, extra = divmod(n, m)
    steps = np.full(m, k, np.int64)
    steps[gen.permutation(m)[:extra]] += 1
    return np.concatenate([[0], np.cumsum(steps)]).astype(np.int64)


def _regions(seq, n, overlapping):
    ends = seq[1:] if overlapping else seq[1:] - 1
    return [(int(a), int(min(b, n - 1))) for a, b in zip(seq[:-1], ends)]


def _out_sizes(op, shape, ratio):
    sizes = []
    for d, r in zip(shape, ratio):
        o = int(math.floor(d / r))
        if o <= 0:
            raise _err(op, f"outputsize[{len(sizes)}] cannot be smaller than 1: input size {d}, pooling ratio {r}")
        sizes.append(o)
    return sizes


def _pool_with(x, rows, cols, overlapping, kind):
    """The pooled tensor for given row/column sequences (TF's pooling-sequence contract)."""
    n, h, w, c = x.shape
    rr, cr = _regions(rows, h, overlapping), _regions(cols, w, overlapping)
    out = np.empty((n, len(rr), len(cr), c), x.dtype)
    for i, (r0, r1) in enumerate(rr):
        for j, (c0, c1) in enumerate(cr):
            block = x[:, r0:r1 + 1, c0:c1 + 1]
            out[:, i, j] = block.max(axis=(1, 2)) if kind == "max" else block.mean(axis=(1, 2), dtype=x.dtype)
    return out


def _kernel(x, ratio, pseudo_random, overlapping, rng, kind):
    op = "FractionalMaxPool" if kind == "max" else "FractionalAvgPool"
    if x.ndim != 4:
        raise _err(op, f"input must be 4-dimensional, got shape {_dims_text(x.shape)}")
    sizes = _out_sizes(op, x.shape, ratio)
    gen = random_seed.generator_of(rng)
    rows = _sequence(x.shape[1], sizes[1], gen, pseudo_random)
    cols = _sequence(x.shape[2], sizes[2], gen, pseudo_random)
    return _pool_with(x, rows, cols, overlapping, kind), rows, cols


def _max_grad_kernel(x, y, g, rows, cols, overlapping):
    """Each output's gradient goes to the first maximum (row-major) of its region."""
    n, h, w, c = x.shape
    out = np.zeros(x.shape, g.dtype)
    bi, ci = np.arange(n)[:, None], np.arange(c)[None, :]
    for i, (r0, r1) in enumerate(_regions(rows, h, overlapping)):
        for j, (c0, c1) in enumerate(_regions(cols, w, overlapping)):
            block = x[:, r0:r1 + 1, c0:c1 + 1].reshape(n, -1, c)
            k = block.argmax(axis=1)  # first maximum
            bw = c1 - c0 + 1
            np.add.at(out, (bi, r0 + k // bw, c0 + k % bw, ci), g[:, i, j])
    return out


def _avg_grad_kernel(x, g, rows, cols, overlapping):
    n, h, w, c = x.shape
    out = np.zeros(x.shape, g.dtype)
    for i, (r0, r1) in enumerate(_regions(rows, h, overlapping)):
        for j, (c0, c1) in enumerate(_regions(cols, w, overlapping)):
            cnt = (r1 - r0 + 1) * (c1 - c0 + 1)
            out[:, r0:r1 + 1, c0:c1 + 1] += (g[:, i, j] / g.dtype.type(cnt))[:, None, None, :]
    return out


def _infer(ins, attrs):
    s = ins[0].shape
    if s.rank is None:
        shape = TensorShape([None] * 4)
    else:
        shape = TensorShape([None if d is None else int(math.floor(d / r)) for d, r in zip(s, attrs["ratio"])])
    return [(shape, ins[0].dtype), (TensorShape([None if shape[1] is None else shape[1] + 1]), dtypes.int64),
            (TensorShape([None if shape[2] is None else shape[2] + 1]), dtypes.int64)]


FMP_GRAD = primitive("FractionalMaxPoolGrad", lambda x, y, g, r, c, overlapping: _max_grad_kernel(
    x, y, g, r, c, overlapping), lambda ins, a: [(ins[0].shape, ins[2].dtype)])
FAP_GRAD = primitive("FractionalAvgPoolGrad", lambda x, g, r, c, overlapping: _avg_grad_kernel(
    x, g, r, c, overlapping), lambda ins, a: [(ins[0].shape, ins[1].dtype)])
no_gradient(FMP_GRAD, "numtf stops at first derivatives of fractional pooling")
no_gradient(FAP_GRAD, "numtf stops at first derivatives of fractional pooling")
FMP = primitive("FractionalMaxPool", lambda x, **a: _kernel(x, kind="max", **a), _infer, num_outputs=3,
                stateful=True, grad=lambda n, g, *_: execute(FMP_GRAD, (n.inputs[0], n.outputs[0], g, n.outputs[1],
                                                                        n.outputs[2]),
                                                             {"overlapping": n.attrs["overlapping"]}))
FAP = primitive("FractionalAvgPool", lambda x, **a: _kernel(x, kind="avg", **a), _infer, num_outputs=3,
                stateful=True, grad=lambda n, g, *_: execute(FAP_GRAD, (n.inputs[0], g, n.outputs[1], n.outputs[2]),
                                                             {"overlapping": n.attrs["overlapping"]}))


def _ratio(pooling_ratio):
    r = [float(v) for v in np.ravel(pooling_ratio)]
    if len(r) == 1:
        r = [1.0, r[0], r[0], 1.0]
    elif len(r) == 2:
        r = [1.0, r[0], r[1], 1.0]
    elif len(r) != 4:
        raise ValueError(f"`pooling_ratio` should have length 1, 2, or 4. Received: pooling_ratio={pooling_ratio} "
                         f"of length {len(r)}")
    if r[0] != 1.0 or r[3] != 1.0:
        raise ValueError(f"`pooling_ratio` should have first and last elements with value 1.0. Received: "
                         f"pooling_ratio={pooling_ratio}")
    if min(r) < 1.0:
        raise ValueError(f"pooling_ratio must be >= 1.0, got {r}")
    return tuple(r)


def _fractional(op, value, pooling_ratio, pseudo_random, overlapping, seed):
    x = _as_tensor(value)
    if x.dtype not in (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'value' has DataType {x.dtype.name} not in list of allowed "
                        "values: float32, float64, int32, int64")
    rng = random_seed.stream_for(seed if seed else None, type(x) is not Tensor)
    out = execute(op, (x,), {"ratio": _ratio(pooling_ratio), "pseudo_random": bool(pseudo_random),
                             "overlapping": bool(overlapping), "rng": rng})
    return tuple(out)


def fractional_max_pool(value, pooling_ratio, pseudo_random=False, overlapping=False, seed=0, name=None):
    """Fractional max pooling of an NHWC tensor: (output, row_pooling_sequence,
    col_pooling_sequence). `pooling_ratio` is a float >= 1 per dim ([1.0, rh, rw, 1.0], or 1 or
    2 values for the spatial dims).

        >>> tf.nn.fractional_max_pool(tf.ones([2, 10, 7, 3]), [1.0, 2.0, 1.4, 1.0])[0].shape
        TensorShape([2, 5, 5, 3])
    """
    return _fractional(FMP, value, pooling_ratio, pseudo_random, overlapping, seed)


def fractional_avg_pool(value, pooling_ratio, pseudo_random=False, overlapping=False, seed=0, name=None):
    """Fractional average pooling (see `fractional_max_pool`).

        >>> tf.nn.fractional_avg_pool(tf.ones([1, 9, 9, 1]), [1.0, 1.5, 1.5, 1.0])[0].shape
        TensorShape([1, 6, 6, 1])
    """
    return _fractional(FAP, value, pooling_ratio, pseudo_random, overlapping, seed)
