"""The image and sequence functions of `tf.keras.backend` (tf-keras 2 semantics): convolutions
(`conv1d`..`conv3d`, transposed, depthwise, separable, locally connected), poolings, paddings,
resizes, and the CTC label helper. 'channels_first' inputs are transposed to channels-last
around the op, as tf-keras does on a CPU.

    >>> K = tf.keras.backend
    >>> K.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1])).shape
    TensorShape([1, 3, 3, 1])
"""
import numtf as _tf

from . import backend

__all__ = ["conv1d", "conv2d", "conv2d_transpose", "conv3d", "depthwise_conv2d", "separable_conv2d", "pool2d",
           "pool3d", "local_conv1d", "local_conv2d", "resize_images", "resize_volumes", "temporal_padding",
           "spatial_2d_padding", "spatial_3d_padding", "ctc_label_dense_to_sparse", "ctc_batch_cost",
           "ctc_decode"]

_INTERPOLATIONS = ("area", "bicubic", "bilinear", "gaussian", "lanczos3", "lanczos5", "mitchellcubic", "nearest")


def _data_format(data_format, message="Unknown data_format: "):
    data_format = data_format or backend.image_data_format()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(message + str(data_format))
    return data_format


def _padding(padding):
    if padding == "same":
        return "SAME"
    if padding == "valid":
        return "VALID"
    raise ValueError("Invalid padding: " + str(padding))


def _to_last(x, data_format):
    """channels_first -> channels_last (the op's layout)."""
    if data_format == "channels_first":
        rank = x.shape.rank
        return _tf.transpose(x, [0] + list(range(2, rank)) + [1])
    return x


def _to_first(x, data_format):
    if data_format == "channels_first":
        rank = x.shape.rank
        return _tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))
    return x


def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """1D convolution of (batch, steps, channels) by a (width, in, out) kernel; 'causal' padding
    pads dilation * (width - 1) steps on the left only.

        >>> tf.keras.backend.conv1d(tf.ones([1, 5, 2]), tf.ones([2, 2, 3]), padding='causal').shape
        TensorShape([1, 5, 3])
    """
    data_format = _data_format(data_format)
    x, kernel = _tf.convert_to_tensor(x), _tf.convert_to_tensor(kernel)
    strides, dilation = _tuple(strides, 1)[0], _tuple(dilation_rate, 1)[0]
    x = _to_last(x, data_format)
    if padding == "causal":
        x = temporal_padding(x, (dilation * (kernel.shape[0] - 1), 0))
        padding = "valid"
    out = _tf.nn.conv1d(x, kernel, strides, _padding(padding), dilations=dilation)
    return _to_first(out, data_format)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    """2D convolution by a (height, width, in, out) kernel."""
    data_format = _data_format(data_format)
    x = _to_last(_tf.convert_to_tensor(x), data_format)
    out = _tf.nn.conv2d(x, kernel, list(_tuple(strides, 2)), _padding(padding), dilations=list(_tuple(dilation_rate, 2)))
    return _to_first(out, data_format)


def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)):
    """3D convolution by a (depth, height, width, in, out) kernel."""
    data_format = _data_format(data_format)
    x = _to_last(_tf.convert_to_tensor(x), data_format)
    out = _tf.nn.conv3d(x, kernel, [1] + list(_tuple(strides, 3)) + [1], _padding(padding),
                        dilations=[1] + list(_tuple(dilation_rate, 3)) + [1])
    return _to_first(out, data_format)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution to `output_shape` (batch first; None takes x's batch) by a
    (height, width, out, in) kernel."""
    data_format = _data_format(data_format)
    x = _tf.convert_to_tensor(x)
    output_shape = list(output_shape) if isinstance(output_shape, (list, tuple)) else output_shape
    if isinstance(output_shape, list):
        if data_format == "channels_first":
            output_shape = [output_shape[0], output_shape[2], output_shape[3], output_shape[1]]
        if output_shape[0] is None:
            output_shape = _tf.stack([_tf.shape(x)[0]] + output_shape[1:])
    x = _to_last(x, data_format)
    out = _tf.nn.conv2d_transpose(x, kernel, output_shape, [1] + list(_tuple(strides, 2)) + [1], _padding(padding),
                                  dilations=list(_tuple(dilation_rate, 2)))
    return _to_first(out, data_format)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    """Per-channel 2D convolution by a (height, width, in, multiplier) kernel."""
    data_format = _data_format(data_format)
    x = _to_last(_tf.convert_to_tensor(x), data_format)
    out = _tf.nn.depthwise_conv2d(x, depthwise_kernel, [1] + list(_tuple(strides, 2)) + [1], _padding(padding),
                                  dilations=list(_tuple(dilation_rate, 2)))
    return _to_first(out, data_format)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    """A depthwise convolution followed by a 1x1 (pointwise) one."""
    data_format = _data_format(data_format)
    if len(_tuple(strides, 2)) != 2:
        raise ValueError("`strides` must be a tuple of 2 integers.")
    x = _to_last(_tf.convert_to_tensor(x), data_format)
    out = _tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel, [1] + list(_tuple(strides, 2)) + [1],
                                  _padding(padding), dilations=list(_tuple(dilation_rate, 2)))
    return _to_first(out, data_format)


def _pool(x, pool_size, strides, padding, data_format, pool_mode, n):
    data_format = _data_format(data_format)
    padding = _padding(padding)
    if pool_mode not in ("max", "avg"):
        raise ValueError("Invalid pooling mode: " + str(pool_mode))
    x = _to_last(_tf.convert_to_tensor(x), data_format)
    ksize, strides = [1] + list(pool_size) + [1], [1] + list(strides) + [1]
    if n == 2:
        fn = _tf.nn.max_pool2d if pool_mode == "max" else _tf.nn.avg_pool2d
    else:
        fn = _tf.nn.max_pool3d if pool_mode == "max" else _tf.nn.avg_pool3d
    return _to_first(fn(x, ksize, strides, padding), data_format)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    """2D max ('max') or average ('avg') pooling.

        >>> tf.keras.backend.pool2d(tf.ones([1, 4, 4, 1]), (2, 2), (2, 2)).shape
        TensorShape([1, 2, 2, 1])
    """
    if len(pool_size) != 2:
        raise ValueError("`pool_size` must be a tuple of 2 integers.")
    if len(strides) != 2:
        raise ValueError("`strides` must be a tuple of 2 integers.")
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 2)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    """3D max ('max') or average ('avg') pooling."""
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 3)


def _local_conv(inputs, kernel, kernel_size, strides, output_shape, data_format):
    """Unshared weights: each output position has its own (patch size, filters) kernel slice.
    A patch is flattened in the input's layout ((rows, cols, channels) for channels_last,
    (channels, rows, cols) for channels_first), as tf-keras lays its kernels out."""
    data_format = _data_format(data_format)
    inputs, kernel = _tf.convert_to_tensor(inputs), _tf.convert_to_tensor(kernel)
    filters = kernel.shape[2]
    feature_dim = kernel.shape[1]
    n = len(output_shape)
    patches = []
    positions = [[]]
    for d in range(n):
        positions = [p + [i] for p in positions for i in range(output_shape[d])]
    for pos in positions:
        slices = [slice(None)]
        spatial = [slice(p * strides[d], p * strides[d] + kernel_size[d]) for d, p in enumerate(pos)]
        slices += ([slice(None)] + spatial) if data_format == "channels_first" else (spatial + [slice(None)])
        patches.append(_tf.reshape(inputs[tuple(slices)], [1, -1, feature_dim]))
    x_aggregate = _tf.concat(patches, axis=0)  # (positions, batch, patch)
    out = _tf.matmul(x_aggregate, kernel)       # (positions, batch, filters)
    out = _tf.reshape(out, list(output_shape) + [-1, filters])
    if data_format == "channels_first":
        return _tf.transpose(out, [n, n + 1] + list(range(n)))
    return _tf.transpose(out, [n] + list(range(n)) + [n + 1])


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Locally connected 1D: `kernel` is (output_length, kernel_size * channels, filters).

        >>> tf.keras.backend.local_conv1d(tf.ones([1, 5, 2]), tf.ones([4, 4, 3]), (2,), (1,)).shape
        TensorShape([1, 4, 3])
    """
    return _local_conv(inputs, kernel, kernel_size, strides, (int(kernel.shape[0]),), data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """Locally connected 2D: `kernel` is (rows * cols, kh * kw * channels, filters)."""
    return _local_conv(inputs, kernel, kernel_size, strides, tuple(output_shape), data_format)


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    """Scales the rows and columns by integer factors (tf.image.resize with `interpolation`).

        >>> tf.keras.backend.resize_images(tf.ones([1, 2, 2, 1]), 2, 3, 'channels_last').shape
        TensorShape([1, 4, 6, 1])
    """
    if data_format == "channels_first":
        rows, cols = 2, 3
    elif data_format == "channels_last":
        rows, cols = 1, 2
    else:
        raise ValueError(f"Invalid `data_format` argument: {data_format}")
    x = _tf.convert_to_tensor(x)
    new_shape = [x.shape[rows] * height_factor, x.shape[cols] * width_factor]
    if interpolation not in _INTERPOLATIONS:
        names = ", ".join(f'"{k}"' for k in _INTERPOLATIONS)
        raise ValueError(f'`interpolation` argument should be one of: {names}. Received: "{interpolation}".')
    x = _to_last(x, data_format)
    x = _tf.image.resize(x, new_shape, method=interpolation)
    return _to_first(x, data_format)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    """Repeats the depth, rows and columns by integer factors."""
    if data_format == "channels_first":
        axes = (2, 3, 4)
    elif data_format == "channels_last":
        axes = (1, 2, 3)
    else:
        raise ValueError("Invalid data_format: " + str(data_format))
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = _tf.repeat(x, factor, axis=axis)
    return x


def temporal_padding(x, padding=(1, 1)):
    """Zero-pads the middle (time) axis of a 3D tensor by (left, right) steps."""
    assert len(padding) == 2
    return _tf.pad(x, [[0, 0], list(padding), [0, 0]])


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Zero-pads rows and columns of a 4D tensor by ((top, bottom), (left, right))."""
    assert len(padding) == 2
    assert len(padding[0]) == 2
    assert len(padding[1]) == 2
    data_format = _data_format(data_format)
    pattern = [[0, 0]] + [list(p) for p in padding]
    pattern = ([[0, 0]] + pattern) if data_format == "channels_first" else (pattern + [[0, 0]])
    return _tf.pad(x, pattern)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    """Zero-pads depth, rows and columns of a 5D tensor."""
    assert len(padding) == 3
    for p in padding:
        assert len(p) == 2
    data_format = _data_format(data_format)
    pattern = [[0, 0]] + [list(p) for p in padding]
    pattern = ([[0, 0]] + pattern) if data_format == "channels_first" else (pattern + [[0, 0]])
    return _tf.pad(x, pattern)


def ctc_label_dense_to_sparse(labels, label_lengths):
    """Dense (batch, max_length) labels to a SparseTensor keeping each row's first
    `label_lengths[i]` entries.

        >>> sp = tf.keras.backend.ctc_label_dense_to_sparse(tf.constant([[1, 2, 0]]), tf.constant([2]))
        >>> sp.values.numpy().tolist()
        [1, 2]
    """
    labels = _tf.convert_to_tensor(labels)
    label_lengths = _tf.convert_to_tensor(label_lengths)
    shape = _tf.shape(labels)
    keep = _tf.range(shape[1])[None, :] < _tf.cast(label_lengths, _tf.int32)[:, None]
    indices = _tf.where(keep)
    return _tf.SparseTensor(indices, _tf.gather_nd(labels, indices), _tf.cast(shape, _tf.int64))


def _time_major_log(y_pred):
    """log(softmax outputs + epsilon), time-major, as tf-keras feeds TF's CTC ops."""
    y_pred = _tf.convert_to_tensor(y_pred)
    return _tf.math.log(_tf.transpose(y_pred, perm=[1, 0, 2]) + backend.epsilon())


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """The CTC loss of each batch element, shape (batch, 1): `y_pred` (batch, steps, classes) holds
    softmax outputs with the blank as the last class; `y_true` (batch, max_label_length) dense labels;
    `input_length` and `label_length` (batch, 1) the used steps and label entries.

        >>> K.ctc_batch_cost(labels, softmax_outputs, input_lengths, label_lengths).shape
        TensorShape([2, 1])
    """
    label_length = _tf.cast(_tf.squeeze(label_length, axis=-1), _tf.int32)
    input_length = _tf.cast(_tf.squeeze(input_length, axis=-1), _tf.int32)
    # dense labels cut at label_length: what tf-keras's sparse labels hold (and they work in graphs)
    labels = _tf.cast(y_true, _tf.int32)
    loss = _tf.nn.ctc_loss(labels, _time_major_log(y_pred), label_length, input_length, logits_time_major=True,
                           blank_index=-1)
    return _tf.expand_dims(loss, 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1):
    """Decodes softmax outputs (batch, steps, classes; blank last): greedy (best path) or beam search.
    Returns ([dense (batch, steps) int64 paths padded with -1] * top_paths, log probabilities):
    (batch, 1) negative sums of the best path's logits when greedy, (batch, top_paths) otherwise.

        >>> decoded, log_prob = K.ctc_decode(softmax_outputs, input_lengths)
    """
    y_pred = _tf.convert_to_tensor(y_pred)
    shape = _tf.shape(y_pred)
    logits = _time_major_log(y_pred)
    input_length = _tf.cast(input_length, _tf.int32)
    if greedy:
        decoded, log_prob = _tf.nn.ctc_greedy_decoder(logits, input_length)
    else:
        decoded, log_prob = _tf.nn.ctc_beam_search_decoder(logits, input_length, beam_width=beam_width,
                                                           top_paths=top_paths)
    dense_shape = _tf.cast(_tf.stack([shape[0], shape[1]]), _tf.int64)
    paths = [_tf.sparse.to_dense(_tf.SparseTensor(st.indices, st.values, dense_shape), default_value=-1)
             for st in decoded]
    return paths, log_prob
