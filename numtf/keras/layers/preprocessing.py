"""Preprocessing layers: Rescaling, Normalization (with `adapt`), Resizing, CenterCrop, RandomFlip.

    >>> tf.keras.layers.Rescaling(1 / 255)(tf.constant([[0, 255]], tf.uint8)).numpy().tolist()
    [[0.0, 1.0]]

Their outputs have the layer's dtype (float32), also for integer inputs, as in tf-keras. RandomFlip's
draws follow numtf's seeds, not TensorFlow's streams.
"""
import numpy as np

from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, image_basic_ops, image_ops, math_ops, math_ops2, stack_ops
from ...ops.convert import convert_to_tensor
from .. import backend
from ..engine.base_layer import Layer

_TF_METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


class _Preprocessing(Layer):
    """Casts every input (integer ones too) to the layer's dtype before `_transform`."""

    def call(self, inputs):
        return self._transform(self._cast(inputs))

    def _cast(self, inputs):
        inputs = convert_to_tensor(inputs)
        target = dtypes.as_dtype(self.compute_dtype)
        return inputs if inputs.dtype == target else stack_ops.cast(inputs, target)

    def _config(self, *keys):
        config = super().get_config()
        config.update({key: getattr(self, key) for key in keys})
        return config


class Rescaling(_Preprocessing):
    """`inputs * scale + offset`, in the layer's dtype (integer images become float32).

        >>> tf.keras.layers.Rescaling(1 / 127.5, offset=-1)(tf.constant([0, 255])).numpy().tolist()
        [-1.0, 1.0]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset

    def _transform(self, x):
        scale = convert_to_tensor(np.asarray(self.scale, dtype=x.dtype.as_numpy_dtype))
        offset = convert_to_tensor(np.asarray(self.offset, dtype=x.dtype.as_numpy_dtype))
        return x * scale + offset

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return self._config("scale", "offset")


def _axes(axis):
    if axis is None:
        return ()
    if isinstance(axis, int):
        return (axis,)
    return tuple(axis)


class Normalization(_Preprocessing):
    """`(inputs - mean) / sqrt(variance)` per index of `axis` (the kept axes; None keeps none), with
    `mean` and `variance` given or learnt by `adapt(data)` (then held by the non-trainable weights
    'mean', 'variance' and 'count'); `invert=True` maps normalized values back.

        >>> layer = tf.keras.layers.Normalization()
        >>> layer.adapt(np.array([[1.0, 2.0], [3.0, 6.0]]))
        >>> layer(np.array([[3.0, 6.0]])).numpy().tolist()
        [[1.0, 1.0]]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = _axes(axis)
        if (mean is not None) != (variance is not None):
            raise ValueError("When setting values directly, both `mean` and `variance` must be set. "
                             f"Got mean: {mean} and variance: {variance}")
        self.input_mean, self.input_variance, self.invert = mean, variance, invert
        self.adapt_mean = self.adapt_variance = self.count = None

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        ndim = shape.rank
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError("All `axis` values must be in the range [-ndim, ndim). "
                             f"Found ndim: `{ndim}`, axis: {self.axis}")
        self._kept = sorted(a % ndim for a in self.axis)
        dims = shape.as_list()
        for a in self._kept:
            if dims[a] is None:
                raise ValueError("All `axis` values to be kept must have known shape. Got axis: "
                                 f"{self.axis}, input shape: {dims}, with unknown axis at index: {a}")
        self._broadcast = [dims[a] if a in self._kept else 1 for a in range(ndim)]
        self._param_shape = [dims[a] for a in self._kept]
        if self.input_mean is None:
            if self.adapt_mean is None:
                self.adapt_mean = self.add_weight(name="mean", shape=self._param_shape, initializer="zeros",
                                                  trainable=False)
                self.adapt_variance = self.add_weight(name="variance", shape=self._param_shape,
                                                      initializer="ones", trainable=False)
                self.count = self.add_weight(name="count", shape=(), dtype="int64", initializer="zeros",
                                             trainable=False)
        else:
            self._given = [np.broadcast_to(np.asarray(v, self.compute_dtype), self._param_shape)
                           .reshape(self._broadcast) for v in (self.input_mean, self.input_variance)]
        self.built = True

    @property
    def mean(self):
        return self._params()[0] if self.built else None

    @property
    def variance(self):
        return self._params()[1] if self.built else None

    def _params(self):
        if self.input_mean is not None:
            return [convert_to_tensor(v) for v in self._given]
        return [array_ops.reshape(v, self._broadcast) for v in (self.adapt_mean, self.adapt_variance)]

    def adapt(self, data, batch_size=None, steps=None):
        """Sets mean, variance and count from `data` (an array, a tensor or a batched tf.data
        dataset), replacing what an earlier adapt learnt."""
        if self.input_mean is not None:
            raise ValueError("Cannot `adapt` a Normalization layer that is initialized with static "
                             "`mean` and `variance`, you passed mean {} and variance {}."
                             .format(self.input_mean, self.input_variance))
        batches = _batches(data, steps)
        if not batches:
            raise ValueError("`adapt` got no data.")
        if not self.built:
            self._maybe_build(convert_to_tensor(batches[0]))
        ndim = len(self._broadcast)
        reduce = tuple(a for a in range(ndim) if a not in self._kept)
        total, mean, m2 = 0, 0.0, 0.0
        for b in batches:
            b = np.asarray(b, np.float64)
            if b.ndim != ndim:
                raise ValueError(f"Expected data of rank {ndim} to adapt, got shape {b.shape}")
            n = int(np.prod([b.shape[a] for a in reduce])) if reduce else 1
            bm = b.mean(axis=reduce)
            bm2 = ((b - b.mean(axis=reduce, keepdims=True)) ** 2).sum(axis=reduce)
            delta = bm - mean
            new = total + n
            mean = mean + delta * n / new
            m2 = m2 + bm2 + delta ** 2 * total * n / new
            total = new
        dtype = self.adapt_mean.dtype.as_numpy_dtype
        self.adapt_mean.assign(np.asarray(mean, dtype).reshape(self._param_shape))
        self.adapt_variance.assign(np.asarray(m2 / total, dtype).reshape(self._param_shape))
        self.count.assign(np.int64(total))

    def _transform(self, x):
        mean, variance = (stack_ops.cast(p, x.dtype) if p.dtype != x.dtype else p for p in self._params())
        std = math_ops.maximum(math_ops2.sqrt(variance), backend.epsilon())
        return mean + x * std if self.invert else (x - mean) / std

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"axis": self.axis, "invert": self.invert,
                       "mean": _jsonable(self.input_mean), "variance": _jsonable(self.input_variance)})
        return config


def _jsonable(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if hasattr(value, "numpy"):
        return value.numpy().tolist()
    return value


def _batches(data, steps):
    """The adapt data as a list of NumPy batches."""
    if hasattr(data, "as_numpy_iterator"):  # a tf.data dataset of batches
        out = []
        for i, b in enumerate(data):
            if steps is not None and i >= steps:
                break
            out.append(b.numpy() if hasattr(b, "numpy") else np.asarray(b))
        return out
    return [data.numpy() if hasattr(data, "numpy") else np.asarray(data)]


def _crop_box(h, w, target_h, target_w):
    """The centered (top, left, height, width) box of aspect ratio target_w / target_h."""
    crop_h = min(h, int(float(w * target_h) / target_w))
    crop_w = min(w, int(float(h * target_w) / target_h))
    return int(float(h - crop_h) / 2), int(float(w - crop_w) / 2), crop_h, crop_w


def _spatial(x):
    rank = x.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"Expected images of rank 3 or 4 (height, width, channels), got shape {x.shape}")
    h, w = x.shape.as_list()[rank - 3:rank - 1]
    if h is None or w is None:
        raise ValueError("numtf's image preprocessing layers need the height and width known when called; "
                         f"got shape {x.shape}")
    return h, w


def _crop(x, top, left, height, width):
    return x[..., top:top + height, left:left + width, :]


def _resize(x, height, width, method, crop_to_aspect_ratio):
    if crop_to_aspect_ratio:
        h, w = _spatial(x)
        x = _crop(x, *_crop_box(h, w, height, width))
    out = image_ops.resize(x, [height, width], method=method)
    return out if out.dtype == x.dtype else stack_ops.cast(out, x.dtype)


def _image_output_shape(input_shape, height, width):
    dims = TensorShape(input_shape).as_list()
    dims[-3:-1] = [height, width]
    return TensorShape(dims)


class Resizing(_Preprocessing):
    """Resizes images (..., height, width, channels) to (height, width), bilinear by default (numtf
    has "bilinear" and "nearest"); `crop_to_aspect_ratio` first takes the largest centered crop of
    the target's aspect ratio.

        >>> tf.keras.layers.Resizing(2, 3)(tf.ones([1, 4, 4, 1])).shape
        TensorShape([1, 2, 3, 1])
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False, **kwargs):
        super().__init__(**kwargs)
        if interpolation not in _TF_METHODS:
            raise NotImplementedError(f"Value not recognized for `interpolation`: {interpolation}. Supported "
                                      f"values are: dict_keys({list(_TF_METHODS)})")
        self.height, self.width = height, width
        self.interpolation, self.crop_to_aspect_ratio = interpolation, crop_to_aspect_ratio

    def _transform(self, x):
        _spatial(x)
        return _resize(x, self.height, self.width, self.interpolation, self.crop_to_aspect_ratio)

    def compute_output_shape(self, input_shape):
        return _image_output_shape(input_shape, self.height, self.width)

    def get_config(self):
        return self._config("height", "width", "interpolation", "crop_to_aspect_ratio")


class CenterCrop(_Preprocessing):
    """The centered (height, width) crop of images (..., H, W, channels); images smaller than that
    are first cropped to the target's aspect ratio and resized (bilinear), as tf-keras does.

        >>> tf.keras.layers.CenterCrop(2, 2)(tf.reshape(tf.range(16.0), [4, 4, 1]))[..., 0].numpy().tolist()
        [[5.0, 6.0], [9.0, 10.0]]
    """

    def __init__(self, height, width, **kwargs):
        super().__init__(**kwargs)
        self.height, self.width = height, width

    def _transform(self, x):
        h, w = _spatial(x)
        if h < self.height or w < self.width:
            return _resize(x, self.height, self.width, "bilinear", True)
        return _crop(x, (h - self.height) // 2, (w - self.width) // 2, self.height, self.width)

    def compute_output_shape(self, input_shape):
        return _image_output_shape(input_shape, self.height, self.width)

    def get_config(self):
        return self._config("height", "width")


_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class RandomFlip(_Preprocessing):
    """While training, flips each image left-right ("horizontal"), up-down ("vertical") or each way
    independently ("horizontal_and_vertical"), each with probability 1/2; the identity otherwise.

        >>> tf.keras.layers.RandomFlip("horizontal")(tf.ones([2, 3, 3, 1])).shape  # not training
        TensorShape([2, 3, 3, 1])
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, **kwargs):
        rng_type = kwargs.pop("rng_type", "stateful")
        super().__init__(**kwargs)
        if mode not in _FLIP_MODES:
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode argument {mode}")
        self.mode, self.seed, self.rng_type = mode, seed, rng_type

    def call(self, inputs, training=True):
        x = self._cast(inputs)
        if training is None:
            training = backend.learning_phase()
        if not training:
            return x
        seed = self.seed
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            x = image_basic_ops.random_flip_left_right(x, seed=seed)
        if self.mode in ("vertical", "horizontal_and_vertical"):
            x = image_basic_ops.random_flip_up_down(x, seed=None if seed is None else seed + 7919)
        return x

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return self._config("rng_type", "mode", "seed")
