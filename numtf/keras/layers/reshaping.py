"""Reshaping layers: UpSampling2D, Cropping2D, RepeatVector, Permute.

    >>> tf.keras.layers.UpSampling2D(size=(2, 3))(tf.ones([1, 4, 4, 1])).shape
    TensorShape([1, 8, 12, 1])
"""
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, image_ops, stack_ops
from .. import backend
from ..engine.base_layer import Layer
from ..engine.input_spec import InputSpec
from .convolutional import _tuple

# tf-keras's interpolation names; numtf resizes with the first two
_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")
_NHWC, _NCHW = [0, 2, 3, 1], [0, 3, 1, 2]


def _data_format(value):
    data_format = (value or backend.image_data_format()).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". '
                         f"Received: {value}")
    return data_format


def _spatial_axes(data_format):
    return (2, 3) if data_format == "channels_first" else (1, 2)


class UpSampling2D(Layer):
    """Repeats the rows and columns of images `size` times ((2, 2) by default), by nearest neighbour
    or bilinear interpolation (TF 2's half-pixel centers, as `tf.image.resize`).

        >>> up = tf.keras.layers.UpSampling2D(size=2, interpolation="bilinear")
        >>> up(tf.ones([1, 3, 3, 2])).shape
        TensorShape([1, 6, 6, 2])
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.size = _tuple(size, 2, "size")
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(f"Value not recognized for `interpolation`: {interpolation}. Supported values "
                                      f"are: {list(_INTERPOLATIONS)}")
        if interpolation not in _INTERPOLATIONS[:2]:
            raise NotImplementedError(f"UpSampling2D: numtf supports interpolation='nearest' and 'bilinear'. "
                                      f"Received: interpolation={interpolation!r}")
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        images = inputs if self.data_format == "channels_last" else array_ops.transpose(inputs, _NHWC)
        height, width = images.shape[1], images.shape[2]
        if height is not None and width is not None:
            new_size = [height * self.size[0], width * self.size[1]]
        else:  # tf-keras's rule: the new size is then unknown in both dimensions
            new_size = array_ops.shape(images)[1:3] * list(self.size)
        outputs = image_ops.resize(images, new_size, method=self.interpolation)
        return outputs if self.data_format == "channels_last" else array_ops.transpose(outputs, _NCHW)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        for axis, factor in zip(_spatial_axes(self.data_format), self.size):
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return TensorShape(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format, "interpolation": self.interpolation})
        return config


class Cropping2D(Layer):
    """Removes rows and columns at the borders of images: `cropping` is an int, (rows, cols) cropped
    on both sides, or ((top, bottom), (left, right)).

        >>> tf.keras.layers.Cropping2D(((1, 0), (2, 2)))(tf.ones([1, 5, 6, 3])).shape
        TensorShape([1, 4, 2, 3])
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        if isinstance(cropping, int):
            self.cropping = ((cropping, cropping), (cropping, cropping))
        elif hasattr(cropping, "__len__"):
            if len(cropping) != 2:
                raise ValueError(f"`cropping` should have two elements. Received: {cropping}.")
            self.cropping = (_tuple(cropping[0], 2, "1st entry of cropping"),
                             _tuple(cropping[1], 2, "2nd entry of cropping"))
        else:
            raise ValueError("`cropping` should be either an int, a tuple of 2 ints (symmetric_height_crop, "
                             "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), "
                             f"(left_crop, right_crop)). Received: {cropping}.")
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        shape = inputs.shape
        for axis, (before, after) in zip(_spatial_axes(self.data_format), self.cropping):
            if shape[axis] is not None and before + after >= shape[axis]:
                raise ValueError(f"Argument `cropping` must be greater than the input shape. Received: "
                                 f"inputs.shape={tuple(shape.as_list())}, and cropping={self.cropping}")
        (top, bottom), (left, right) = self.cropping
        rows, cols = slice(top, -bottom or None), slice(left, -right or None)
        if self.data_format == "channels_first":
            return inputs[:, :, rows, cols]
        return inputs[:, rows, cols, :]

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        for axis, (before, after) in zip(_spatial_axes(self.data_format), self.cropping):
            if shape[axis] is not None:
                shape[axis] -= before + after
                if shape[axis] < 0:
                    raise ValueError(f"Dimension {shape[axis]} must be >= 0")
        return TensorShape(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"cropping": self.cropping, "data_format": self.data_format})
        return config


class RepeatVector(Layer):
    """Repeats each (batch, features) row `n` times: (batch, features) -> (batch, n, features).

        >>> tf.keras.layers.RepeatVector(3)(tf.ones([2, 4])).shape
        TensorShape([2, 3, 4])
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return stack_ops.tile(array_ops.expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape([shape[0], self.n, shape[1]])

    def get_config(self):
        config = super().get_config()
        config["n"] = self.n
        return config


class Permute(Layer):
    """Permutes the non-batch axes: `dims` lists them, counted from 1, in their new order.

        >>> tf.keras.layers.Permute((2, 1))(tf.ones([8, 3, 5])).shape
        TensorShape([8, 5, 3])
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` "
                             f"must be consecutive and start from 1. Received dims={self.dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return array_ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape([shape[0]] + [shape[d] for d in self.dims])

    def get_config(self):
        config = super().get_config()
        config["dims"] = self.dims
        return config
