"""The 1-D and 3-D reshaping layers (UpSampling1D/3D, ZeroPadding1D/3D, Cropping1D/3D) and
`Identity`, with tf-keras's (Keras 2) semantics.

    >>> tf.keras.layers.UpSampling1D(3)(tf.ones([2, 4, 5])).shape
    TensorShape([2, 12, 5])
    >>> tf.keras.layers.ZeroPadding3D(((1, 0), 2, 0))(tf.ones([1, 2, 3, 4, 5])).shape
    TensorShape([1, 3, 7, 4, 5])

Everything is built from `tf.repeat`, `tf.pad` and slicing, so gradients, graphs and unknown
dimensions come from those ops. Argument checks raise tf-keras's ValueErrors with its messages.
"""
from ...framework.tensor_shape import TensorShape
from ...ops import stack_ops
from ...ops.join_ops import pad, repeat
from ...util import nest
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .reshaping import _data_format

_ORDINALS = ("1st", "2nd", "3rd")


def _normalize_tuple(value, n, name, allow_zero=False):
    """`value` (an int or n ints) as a tuple of n ints, refused with tf-keras's messages (sizes
    must be > 0; paddings and croppings, `allow_zero`, >= 0)."""
    error = f"The `{name}` argument must be a tuple of {n} integers. Received: {value}"
    if isinstance(value, int):
        result = (value,) * n
    else:
        try:
            items = tuple(value)
        except TypeError:
            raise ValueError(error) from None
        if len(items) != n:
            raise ValueError(error)
        result = []
        for item in items:
            try:
                result.append(int(item))
            except (TypeError, ValueError):
                # tf-keras's message has no space before "including" here
                raise ValueError(f"{error}including element {item} of type {type(item)}") from None
        result = tuple(result)
    bad = {v for v in result if (v < 0 if allow_zero else v <= 0)}
    if bad:
        requirement = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{error} including {bad} that does not satisfy the requirement `{requirement}`.")
    return result


def _pairs3(value, name, what):
    """ZeroPadding3D's `padding` / Cropping3D's `cropping`: an int, 3 ints (symmetric), or 3 pairs;
    `what` is tf-keras's word in its long message ("pad" or "crop")."""
    if isinstance(value, int):
        return ((value, value),) * 3
    if hasattr(value, "__len__"):
        if len(value) != 3:
            raise ValueError(f"`{name}` should have 3 elements. Received: {value}.")
        return tuple(_normalize_tuple(entry, 2, f"{ordinal} entry of {name}", allow_zero=True)
                     for ordinal, entry in zip(_ORDINALS, value))
    raise ValueError(
        f"`{name}` should be either an int, a tuple of 3 ints (symmetric_dim1_{what}, symmetric_dim2_{what}, "
        f"symmetric_dim3_{what}), or a tuple of 3 tuples of 2 ints ((left_dim1_{what}, right_dim1_{what}), "
        f"(left_dim2_{what}, right_dim2_{what}), (left_dim3_{what}, right_dim2_{what})). Received: {value}.")


def _spatial_axes3(data_format):
    return (2, 3, 4) if data_format == "channels_first" else (1, 2, 3)


def _cropped_dim(dim, before, after):
    if dim is None:
        return None
    dim -= before + after
    if dim < 0:  # what TensorShape says of the negative size in tf-keras
        raise ValueError(f"Dimension {dim} must be >= 0")
    return dim


def _crop_slice(before, after):
    return slice(before, -after if after else None)


# -- 1-D ------------------------------------------------------------------------------------------
class UpSampling1D(Layer):
    """Repeats each step of a (batch, steps, features) sequence `size` times (2 by default).

        >>> tf.keras.layers.UpSampling1D(size=2)(tf.constant([[[1.0], [2.0]]]))[0, :, 0].numpy().tolist()
        [1.0, 1.0, 2.0, 2.0]
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)  # as tf-keras: floats and numeric strings are truncated, tuples refused
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return repeat(inputs, self.size, axis=1)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape([shape[0], None if shape[1] is None else shape[1] * self.size, shape[2]])

    def get_config(self):
        config = super().get_config()
        config["size"] = self.size
        return config


class ZeroPadding1D(Layer):
    """Adds zero steps at the start and end of a (batch, steps, features) sequence: `padding` is an
    int (both sides) or (start, end).

        >>> tf.keras.layers.ZeroPadding1D((1, 2))(tf.ones([1, 3, 2])).shape
        TensorShape([1, 6, 2])
    """

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.padding = _normalize_tuple(padding, 2, "padding", allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return pad(inputs, [[0, 0], list(self.padding), [0, 0]])

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        steps = None if shape[1] is None else shape[1] + sum(self.padding)
        return TensorShape([shape[0], steps, shape[2]])

    def get_config(self):
        config = super().get_config()
        config["padding"] = self.padding
        return config


class Cropping1D(Layer):
    """Removes steps at the start and end of a (batch, steps, features) sequence: `cropping` is an
    int (both sides) or (start, end).

        >>> tf.keras.layers.Cropping1D((1, 2))(tf.ones([1, 6, 2])).shape
        TensorShape([1, 3, 2])
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = _normalize_tuple(cropping, 2, "cropping", allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        steps = inputs.shape[1]
        # tf-keras refuses to crop a known length to nothing (Cropping2D/3D allow it)
        if steps is not None and sum(self.cropping) >= steps:
            raise ValueError(f"cropping parameter of Cropping layer must be greater than the input shape. Received: "
                             f"inputs.shape={tuple(inputs.shape.as_list())}, and cropping={self.cropping}")
        return inputs[:, _crop_slice(*self.cropping), :]

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape([shape[0], _cropped_dim(shape[1], *self.cropping), shape[2]])

    def get_config(self):
        config = super().get_config()
        config["cropping"] = self.cropping
        return config


# -- 3-D ------------------------------------------------------------------------------------------
class UpSampling3D(Layer):
    """Repeats the three spatial dimensions of volumes `size` times ((2, 2, 2) by default), by
    nearest neighbour: (batch, d1, d2, d3, channels) or, channels_first, (batch, channels, d1, d2, d3).

        >>> tf.keras.layers.UpSampling3D((1, 2, 3))(tf.ones([1, 2, 2, 2, 4])).shape
        TensorShape([1, 2, 4, 6, 4])
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.size = _normalize_tuple(size, 3, "size")
        # tf-keras 2.21's UpSampling3D checks no rank (a 4-D input has its axes 1-3 repeated)

    def call(self, inputs):
        outputs = inputs
        for axis, factor in zip(_spatial_axes3(self.data_format), self.size):
            if factor != 1:
                outputs = repeat(outputs, factor, axis=axis)
        return outputs if outputs is not inputs else stack_ops.identity(inputs)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        for axis, factor in zip(_spatial_axes3(self.data_format), self.size):
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return TensorShape(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config


class ZeroPadding3D(Layer):
    """Zeros around the three spatial dimensions of volumes: `padding` is an int, 3 ints (both sides
    of each dimension) or 3 pairs ((before, after) for each).

        >>> tf.keras.layers.ZeroPadding3D((1, 0, 2))(tf.ones([1, 2, 3, 4, 1])).shape
        TensorShape([1, 4, 3, 8, 1])
    """

    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.padding = _pairs3(padding, "padding", "pad")
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        spatial = [list(p) for p in self.padding]
        if self.data_format == "channels_first":
            return pad(inputs, [[0, 0], [0, 0]] + spatial)
        return pad(inputs, [[0, 0]] + spatial + [[0, 0]])

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        for axis, (before, after) in zip(_spatial_axes3(self.data_format), self.padding):
            shape[axis] = None if shape[axis] is None else shape[axis] + before + after
        return TensorShape(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config


class Cropping3D(Layer):
    """Removes slices at the borders of the three spatial dimensions of volumes: `cropping` is an
    int, 3 ints (both sides of each dimension) or 3 pairs ((before, after) for each).

        >>> tf.keras.layers.Cropping3D(((1, 0), 1, (0, 2)))(tf.ones([1, 3, 4, 5, 2])).shape
        TensorShape([1, 2, 2, 3, 2])
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.cropping = _pairs3(cropping, "cropping", "crop")
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        # as in tf-keras, cropping more than a dimension holds leaves it empty (no error)
        spatial = tuple(_crop_slice(before, after) for before, after in self.cropping)
        if self.data_format == "channels_first":
            return inputs[(slice(None), slice(None)) + spatial]
        return inputs[(slice(None),) + spatial + (slice(None),)]

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        for axis, (before, after) in zip(_spatial_axes3(self.data_format), self.cropping):
            shape[axis] = _cropped_dim(shape[axis], before, after)
        return TensorShape(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"cropping": self.cropping, "data_format": self.data_format})
        return config


# -- Identity -------------------------------------------------------------------------------------
class Identity(Layer):
    """Returns its input (a tensor or a nest of them) unchanged: a placeholder layer. As in
    tf-keras it does not pass masks on.

        >>> tf.keras.layers.Identity()(tf.constant([1.0, 2.0])).numpy().tolist()
        [1.0, 2.0]
    """

    def call(self, inputs):
        return nest.map_structure(stack_ops.identity, inputs)

    def compute_output_shape(self, input_shape):
        return input_shape
