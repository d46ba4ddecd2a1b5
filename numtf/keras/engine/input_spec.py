"""`tf.keras.layers.InputSpec`: what a layer accepts, checked on every call with Keras's messages."""
import numpy as np

from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape


class InputSpec:
    """Constraints on a layer input: ndim, min_ndim, max_ndim, and fixed `axes` sizes."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None):
        self.dtype = dtype
        self.shape = None if shape is None else TensorShape(shape)
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name

    def get_config(self):
        return {"dtype": self.dtype, "shape": None if self.shape is None else self.shape.as_list(),
                "ndim": self.ndim, "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in (("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim),
                                           ("max_ndim", self.max_ndim), ("min_ndim", self.min_ndim),
                                           ("axes", self.axes or None)) if v is not None]
        return f"InputSpec({', '.join(parts)})"


def assert_input_compatibility(specs, inputs, layer_name):
    """Raises Keras's ValueError when an input doesn't fit the layer's InputSpec(s)."""
    if not specs or isinstance(inputs, dict):  # inputs by name: the model maps them to its specs itself
        return
    if not isinstance(specs, (list, tuple)):
        specs = [specs]
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    for x in inputs:
        if not hasattr(x, "shape"):
            raise TypeError(f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as input for layer "
                            f"'{layer_name}'.")
    for i, (spec, x) in enumerate(zip(specs, inputs)):
        if spec is None:
            continue
        value = getattr(x, "_value", None)
        if type(value) is np.ndarray and spec.shape is None and spec.max_ndim is None:
            dims = value.shape  # eager fast path: plain tuples, no TensorShape
            rank = len(dims)
            if (spec.ndim is None or spec.ndim == rank) and (spec.min_ndim is None or rank >= spec.min_ndim) \
                    and all(v is None or (-rank <= a < rank and dims[a] == v) for a, v in spec.axes.items()):
                continue
        shape = x.shape
        rank = shape.rank
        head = f'Input {i} of layer "{layer_name}" is incompatible with the layer: '
        if rank is None:
            continue
        if spec.allow_last_axis_squeeze and spec.shape is not None:  # (N, 1) fits (N,) and back
            got, want = _squeeze_last(shape.as_list()), _squeeze_last(spec.shape.as_list())
            # (tf-keras compares the leading dims both have: another rank is left to the layers)
            if any(w is not None and g is not None and w != g for w, g in zip(want, got)):
                raise ValueError(f"{head}expected shape={_shape_str(spec.shape)}, found shape={_shape_str(shape)}")
            continue
        if spec.ndim is not None and rank != spec.ndim:
            raise ValueError(f"{head}expected ndim={spec.ndim}, found ndim={rank}. Full shape received: {tuple(shape.as_list())}")
        if spec.max_ndim is not None and rank > spec.max_ndim:
            raise ValueError(f"{head}expected max_ndim={spec.max_ndim}, found ndim={rank}")
        if spec.min_ndim is not None and rank < spec.min_ndim:
            raise ValueError(f"{head}expected min_ndim={spec.min_ndim}, found ndim={rank}. Full shape received: {tuple(shape.as_list())}")
        for axis, value in spec.axes.items():
            if value is None:
                continue
            dim = shape[axis] if -rank <= axis < rank else None
            if dim is not None and dim != value:
                raise ValueError(f"{head}expected axis {axis} of input shape to have value {value}, but "
                                 f"received input with shape {_shape_str(shape)}")
        if spec.shape is not None:
            for want, got in zip(spec.shape, shape):
                if want is not None and got is not None and want != got:
                    raise ValueError(f"{head}expected shape={_shape_str(spec.shape)}, found shape={_shape_str(shape)}")


def _shape_str(shape):
    return str(tuple(shape.as_list()))


def _squeeze_last(dims):
    while len(dims) > 1 and dims[-1] == 1:
        dims = dims[:-1]
    return dims


def check_model_inputs(model, shapes, inputs):
    """Keras 2's check of the inputs of a model with declared input shapes (a functional model, a
    Sequential whose first layer declares `input_shape`), eager or symbolic: the leading dims an
    input shares with its declared shape must fit, a trailing axis of size 1 left out on either
    side (so a (N, 28, 28) batch fits Input((28, 28, 1))); another rank is left to the layers.

        >>> check_model_inputs(model, [TensorShape([None, 28, 28, 1])], tf.ones([2, 27, 28, 1]))
        ValueError: Input 0 of layer "model" is incompatible with the layer: expected shape=...
    """
    flat = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    if len(flat) != len(shapes):
        return
    for i, (x, want) in enumerate(zip(flat, shapes)):
        got = x._value.shape if type(x) is Tensor else getattr(x, "shape", None)
        if got is None or want.rank is None:
            continue
        got = tuple(got) if isinstance(got, tuple) else (None if got.rank is None else tuple(got.as_list()))
        if got is None:
            continue
        w = tuple(want.as_list())
        g, w2 = (got[:-1] if got and got[-1] == 1 else got), (w[:-1] if w and w[-1] == 1 else w)
        if any(a is not None and b is not None and a != b for a, b in zip(w2, g)):
            raise ValueError(f'Input {i} of layer "{model.name}" is incompatible with the layer: expected '
                             f"shape={w}, found shape={got}")


def conform_rank(x, shape):
    """`x` with a trailing axis of size 1 added or removed when that makes its rank `shape`'s
    (Keras 2 feeds a (N, 28, 28) batch to an Input((28, 28, 1)) model that way)."""
    from ...ops import array_ops
    rank = x.shape.rank
    if rank is None or shape.rank is None:
        return x
    if rank == shape.rank - 1 and shape[-1] == 1:
        return array_ops.expand_dims(x, -1)
    if rank == shape.rank + 1 and x.shape[-1] == 1:
        return array_ops.squeeze(x, [-1])
    return x
