"""TF1 spellings of numtf ops: `keep_dims`/`reduction_indices`, `tf.random_normal`, `tf.to_float`,
`tf.div`, `tf.Print` and friends.

    >>> tf.compat.v1.reduce_sum([[1., 2.], [3., 4.]], reduction_indices=[1], keep_dims=True)
"""
import sys

import numpy as np

from ...framework import dtypes, random_seed
from ...framework.context import ctx, name_scope as _name_scope
from ...framework.tensor import Tensor
from ...ops.convert import convert_to_tensor, convert_pair
from ...ops.registry import Op, execute

__all__ = ["random_normal", "random_uniform", "truncated_normal", "random_shuffle", "multinomial",
           "set_random_seed", "get_seed", "to_float", "to_double", "to_int32", "to_int64", "to_bfloat16",
           "log", "div", "mod", "Print", "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
           "reduce_all", "reduce_any", "reduce_logsumexp", "count_nonzero", "argmax", "argmin", "arg_max",
           "arg_min", "expand_dims", "squeeze", "shape", "size", "name_scope"]


def _tf():
    return sys.modules["numtf"]  # the public ops, looked up when called (numtf is fully imported then)


def _random():
    return _tf().random


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples of Normal(mean, stddev) (`tf.random.normal`)."""
    return _random().normal(shape, mean, stddev, dtype, seed=seed, name=name)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Samples of Uniform[minval, maxval) (`tf.random.uniform`)."""
    return _random().uniform(shape, minval, maxval, dtype, seed=seed, name=name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples redrawn beyond two standard deviations (`tf.random.truncated_normal`)."""
    return _random().truncated_normal(shape, mean, stddev, dtype, seed=seed, name=name)


def random_shuffle(value, seed=None, name=None):
    """`value` shuffled along its first dimension."""
    return _random().shuffle(value, seed=seed, name=name)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """Draws class indices from `logits` (`tf.random.categorical`)."""
    return _random().categorical(logits, num_samples, dtype=output_dtype, seed=seed, name=name)


def set_random_seed(seed):
    """The graph-level seed (`tf.random.set_seed`): in a graph, that graph's seed.

        >>> tf.compat.v1.set_random_seed(1234)
    """
    from ._graph import default_graph_of
    if ctx.graph is None and not ctx.eager_default:
        default_graph_of().seed = seed
    return random_seed.set_seed(seed)


def get_seed(op_seed):
    """The (graph seed, op seed) pair an op with `op_seed` uses."""
    return random_seed.get_seed(op_seed)


def to_float(x, name="ToFloat"):
    """`tf.cast(x, tf.float32)`."""
    return _tf().cast(x, dtypes.float32)


def to_double(x, name="ToDouble"):
    """`tf.cast(x, tf.float64)`."""
    return _tf().cast(x, dtypes.float64)


def to_int32(x, name="ToInt32"):
    """`tf.cast(x, tf.int32)`.

        >>> tf.compat.v1.to_int32(2.7)   # 2
    """
    return _tf().cast(x, dtypes.int32)


def to_int64(x, name="ToInt64"):
    """`tf.cast(x, tf.int64)`."""
    return _tf().cast(x, dtypes.int64)


def to_bfloat16(x, name="ToBFloat16"):
    """`tf.cast(x, tf.bfloat16)`."""
    return _tf().cast(x, dtypes.bfloat16)


def log(x, name=None):
    """Natural logarithm (`tf.math.log`)."""
    return _tf().math.log(x, name=name)


def div(x, y, name=None):
    """TF1's division: floor division for integers, true division otherwise (Python 2's `/`).

        >>> tf.compat.v1.div(7, 2)   # 3
    """
    x, y = convert_pair(x, y)
    if x.dtype.is_integer:
        return _tf().math.floordiv(x, y)
    return _tf().math.divide(x, y)


def mod(x, y, name=None):
    """Remainder of floor division (`tf.math.floormod`)."""
    return _tf().math.floormod(x, y)


# -- Print -------------------------------------------------------------------------------------------
def _element(v, digits):
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.{digits}g}"
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def _summarize(arr, limit):
    """TF1's `Tensor::SummarizeValue`: at most `limit` entries, row-major, each row bracketed."""
    arr = np.asarray(arr)
    flat = arr.reshape(-1).tolist()
    digits = 17 if arr.dtype == np.float64 else 9
    n = len(flat)
    limit = n if limit < 0 else min(limit, n)
    if arr.ndim == 0:
        return " ".join(_element(v, digits) for v in flat[:limit]) + ("..." if n > limit else "")
    out = []
    index = [0]

    def one_dim(dim):
        if index[0] >= limit:
            return
        count = arr.shape[dim]
        if dim == arr.ndim - 1:
            for i in range(count):
                if index[0] >= limit:
                    if dim != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(_element(flat[index[0]], digits))
                index[0] += 1
            return
        for _ in range(count):
            opened = index[0] < limit
            if opened:
                out.append("[")
            one_dim(dim + 1)
            if index[0] < limit or opened:
                out.append("]")
    one_dim(0)
    return "".join(out) + ("..." if n > limit else "")


def _print_kernel(value, *data, message, first_n, summarize, counter):
    counter[0] += 1
    if first_n is None or first_n < 0 or counter[0] <= first_n:
        sys.stderr.write(message + "".join("[" + _summarize(d, summarize) + "]" for d in data) + "\n")
    return value


PRINT = Op("Print", _print_kernel, lambda ins, a: [(ins[0].shape, ins[0].dtype)], stateful=True)
PRINT.grad = lambda node, g: (g,) + (None,) * (len(node.inputs) - 1)


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF's name
    """Returns `input_`, printing `message` and `data` to stderr each time it is evaluated.

        >>> y = tf.compat.v1.Print(y, [x, y], "x, y: ")
    """
    value = convert_to_tensor(input_)
    tensors = [convert_to_tensor(d) for d in data]
    attrs = {"message": message or "", "first_n": first_n, "summarize": 3 if summarize is None else summarize,
             "counter": [0]}
    if ctx.graph is None and type(value) is Tensor:
        _print_kernel(value._value, *[t._value for t in tensors], **attrs)
        return value
    return execute(PRINT, [value] + tensors, attrs)


# -- keep_dims / reduction_indices ------------------------------------------------------------------
def _axis(axis, reduction_indices):
    if reduction_indices is not None:
        if axis is not None:
            raise ValueError("Can not specify both 'axis' and 'reduction_indices'.")
        return reduction_indices
    return axis


def _keep(keepdims, keep_dims):
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Can not specify both 'keep_dims' and 'keepdims'.")
        return bool(keep_dims)
    return bool(keepdims)


def _reducer(op_name):
    def reduce(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        return getattr(_tf(), op_name)(input_tensor, _axis(axis, reduction_indices), _keep(keepdims, keep_dims))
    reduce.__name__ = op_name
    reduce.__doc__ = (f"`tf.{op_name}` with TF1's `keep_dims` and `reduction_indices`.\n\n"
                      f"        >>> tf.compat.v1.{op_name}(x, reduction_indices=[1])\n")
    return reduce


reduce_sum = _reducer("reduce_sum")
reduce_mean = _reducer("reduce_mean")
reduce_max = _reducer("reduce_max")
reduce_min = _reducer("reduce_min")
reduce_prod = _reducer("reduce_prod")
reduce_all = _reducer("reduce_all")
reduce_any = _reducer("reduce_any")
reduce_logsumexp = _reducer("reduce_logsumexp")


def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):  # noqa: A002
    """Number of nonzero entries (TF1 signature)."""
    x = input_tensor if input_tensor is not None else input
    return _tf().math.count_nonzero(x, _axis(axis, reduction_indices), _keep(keepdims, keep_dims), dtype)


def argmax(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """Index of the largest entry along `axis` (TF1 also calls it `dimension`)."""
    return _tf().argmax(input, _axis(axis, dimension) if dimension is not None else axis, output_type)


def argmin(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """Index of the smallest entry along `axis`."""
    return _tf().argmin(input, _axis(axis, dimension) if dimension is not None else axis, output_type)


def arg_max(input, dimension, output_type=dtypes.int64, name=None):  # noqa: A002
    """Index of the largest entry along `dimension`.

        >>> tf.compat.v1.arg_max(x, 1)
    """
    return _tf().argmax(input, dimension, output_type)


def arg_min(input, dimension, output_type=dtypes.int64, name=None):  # noqa: A002
    """Index of the smallest entry along `dimension`.

        >>> tf.compat.v1.arg_min(x, 1)
    """
    return _tf().argmin(input, dimension, output_type)


def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    """Inserts a dimension of size 1 at `axis` (TF1 also calls it `dim`)."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return _tf().expand_dims(input, axis)


def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    """Removes dimensions of size 1 (TF1 also calls `axis` `squeeze_dims`)."""
    if squeeze_dims is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'")
        axis = squeeze_dims
    return _tf().squeeze(input, axis)


def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The shape of `input` as a 1-D int32 tensor (TF1's argument order)."""
    return _tf().shape(input, out_type=out_type)


def size(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The number of elements of `input`."""
    return _tf().size(input, out_type=out_type)


class name_scope(_name_scope):  # noqa: N801 - TF's name
    """TF1's `name_scope(name, default_name=None, values=None)`."""
    __slots__ = ()

    def __init__(self, name, default_name=None, values=None):
        super().__init__(name if name is not None else default_name)
