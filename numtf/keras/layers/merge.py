"""Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot (and their
functional forms `tf.keras.layers.add(...)` etc.).

    >>> a, b = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,))
    >>> tf.keras.layers.Add()([a, b]).shape
    TensorShape([None, 3])
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops import creation_ops, join_ops, logic_ops, math_ops
from ...ops.shape_rules import broadcast_static
from ..engine.base_layer import Layer


class _Merge(Layer):
    """Elementwise merge of a list of same-shaped (or broadcastable) inputs."""
    _min_inputs = 2

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _check(self, shapes):
        if not isinstance(shapes, (list, tuple)) or len(shapes) < self._min_inputs:
            raise ValueError(f"A merge layer should be called on a list of at least {self._min_inputs} inputs. "
                             f"Got {len(shapes) if isinstance(shapes, (list, tuple)) else 1} inputs. "
                             f"Full input_shape received: {shapes}")
        out = TensorShape(shapes[0])[1:]
        for s in shapes[1:]:
            try:
                out = broadcast_static(out, TensorShape(s)[1:])
            except ValueError:
                raise ValueError(f"Inputs have incompatible shapes. Received shapes {TensorShape(shapes[0])[1:]} "
                                 f"and {TensorShape(s)[1:]}") from None

    def build(self, input_shape):
        self._check(input_shape)
        self.built = True

    def compute_mask(self, inputs, mask=None):
        """A step is kept where every input keeps it (the inputs' masks and-ed)."""
        masks = [m for m in (mask or ()) if m is not None]
        if not masks:
            return None
        out = masks[0]
        for m in masks[1:]:
            out = logic_ops.logical_and(out, m)
        return out

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = self._merge(out, x)
        return out


class Add(_Merge):
    """Sum of the inputs."""
    _merge = staticmethod(math_ops.add)


class Multiply(_Merge):
    """Product of the inputs."""
    _merge = staticmethod(math_ops.multiply)


class Maximum(_Merge):
    _merge = staticmethod(math_ops.maximum)


class Minimum(_Merge):
    _merge = staticmethod(math_ops.minimum)


class Subtract(_Merge):
    """inputs[0] - inputs[1] (exactly two inputs)."""

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs. "
                             f"Received: input_shape={input_shape}")
        super().build(input_shape)

    def call(self, inputs):
        return math_ops.subtract(inputs[0], inputs[1])


class Average(_Merge):
    """Mean of the inputs."""

    def call(self, inputs):
        return math_ops.multiply(_sum(inputs), 1.0 / len(inputs))


def _sum(inputs):
    out = inputs[0]
    for x in inputs[1:]:
        out = math_ops.add(out, x)
    return out


class Concatenate(_Merge):
    """Concatenation along `axis` (default -1)."""
    _min_inputs = 1

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 1:
            raise ValueError("A `Concatenate` layer should be called on a list of at least 1 input. "
                             f"Received: input_shape={input_shape}")
        shapes = [TensorShape(s) for s in input_shape]
        ranks = {s.rank for s in shapes}
        if len(ranks) == 1 and None not in ranks:
            rank = ranks.pop()
            axis = self.axis % rank
            for s in shapes[1:]:
                for i, (a, b) in enumerate(zip(shapes[0], s)):
                    if i != axis and a is not None and b is not None and a != b:  # (the batch axis too, as tf-keras)
                        raise ValueError("A `Concatenate` layer requires inputs with matching shapes except for "
                                         f"the concatenation axis. Received: input_shape={[tuple(x.as_list()) for x in shapes]}")
        self.built = True

    def call(self, inputs):
        return join_ops.concat(list(inputs), axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        """Along the feature axis the inputs' masks and-ed; along another axis the masks joined
        (an input without a mask keeps all its steps)."""
        if mask is None or all(m is None for m in mask):
            return None
        rank = inputs[0].shape.rank
        axis = self.axis % rank if rank is not None else self.axis
        if axis == rank - 1:
            return _Merge.compute_mask(self, inputs, mask)
        full = [creation_ops.ones_like(x[..., 0], dtype=dtypes.bool) if m is None else m  # (masks: a rank less)
                for x, m in zip(inputs, mask)]
        return join_ops.concat(full, axis=axis)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


class Dot(_Merge):
    """Dot product of two batches of vectors/matrices along `axes` (optionally L2-normalized)."""

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes
        self.normalize = normalize

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
            raise ValueError(f"A `Dot` layer should be called on a list of 2 inputs. Received: input_shape={input_shape}")
        self.built = True

    def call(self, inputs):
        x, y = inputs
        axes = self.axes if isinstance(self.axes, (list, tuple)) else (self.axes, self.axes)
        ax, ay = axes[0] % x.shape.rank, axes[1] % y.shape.rank
        if self.normalize:
            from ...nn import l2_normalize
            x, y = l2_normalize(x, axis=ax), l2_normalize(y, axis=ay)
        # batch-wise contraction: move the contracted axes last / first and use a batched matmul
        from ...ops.array_ops import transpose, expand_dims, squeeze
        rx, ry = x.shape.rank, y.shape.rank
        xt = transpose(x, [0] + [i for i in range(1, rx) if i != ax] + [ax])
        yt = transpose(y, [0, ay] + [i for i in range(1, ry) if i != ay])
        if rx == 2:
            xt = expand_dims(xt, 1)
        if ry == 2:
            yt = expand_dims(yt, 2)
        out = math_ops.matmul(xt, yt)
        if rx == 2:
            out = squeeze(out, 1)
        if ry == 2:
            out = squeeze(out, -1)
        if rx == 2 and ry == 2:
            out = expand_dims(out, -1)
        return out

    def get_config(self):
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)

