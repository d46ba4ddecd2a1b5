"""tf.summary.scalar / histogram / image / text / audio: TensorBoard's summary_v2 functions as
TF 2.21 runs them, writing tensor summaries with the SummaryMetadata of TensorBoard's plugins
('scalars', 'histograms', 'images', 'text', 'audio').

Validation follows TF's order: scalar and text check their data at once (even without a
default writer); histogram, image and audio prepare their data only when the summary is
recorded, so their errors appear only then.

    >>> tf.summary.scalar('loss', 0.5, step=1)    # no default writer: nothing written
    <tf.Tensor: shape=(), dtype=bool, numpy=False>
"""
from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError
from ..ops.convert import convert_to_tensor
from ..ops.stack_ops import cast
from ..util import events
from ._writer import summary_scope, write_with

__all__ = ["scalar", "histogram", "image", "text", "audio"]

_WAV = 11  # AudioPluginData.Encoding.WAV


def _metadata(plugin, description, content=b""):
    return events.encode(events.SUMMARY_METADATA, {"plugin_data": {"plugin_name": plugin, "content": content},
                                                   "summary_description": description or ""})


def _shape_text(t):
    return str(tuple(t.shape.as_list())) if t.shape.rank is not None else "<unknown>"


def _assert_rank(t, rank):
    if t.shape.rank is not None and t.shape.rank != rank:
        raise ValueError(f"Tensor  must have rank {rank}.  Received rank {t.shape.rank}, shape {_shape_text(t)}")


def _max_outputs(max_outputs):
    n = max_outputs
    if not isinstance(n, int):
        if ctx.graph is not None and not hasattr(n, "numpy"):
            raise NotImplementedError("max_outputs as a symbolic tensor: pass a Python int")
        n = int(convert_to_tensor(n).numpy())
    if n < 0:
        raise InvalidArgumentError(None, "assert_non_negative", "\nCondition x >= 0 did not hold element-wise:\n"
                                   f"x (shape=() dtype=int32) = \n{n}")
    return n


def scalar(name, data, step=None, description=None):
    """Writes a scalar (cast to float32) under tag `name` (prefixed by the name scope), with the
    'scalars' plugin. Returns True when written, False without a default writer.

        >>> with tf.summary.create_file_writer('/tmp/logs').as_default(step=0):   # doctest: +SKIP
        ...     tf.summary.scalar('loss', 0.25)
    """
    metadata = _metadata("scalars", description)
    with summary_scope(name, "scalar_summary") as (tag, _):
        data = convert_to_tensor(data)
        if data.shape.rank is not None and data.shape.rank != 0:
            raise ValueError(f"Expected scalar shape, saw shape: {_shape_text(data)}.")
        value = cast(data, dtypes.float32)
        return write_with(tag, lambda: ([value], {}), step, metadata, "tensor")


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes a histogram of `data` (any shape, cast to float64) in `buckets` (30) equal-width
    buckets from its min to its max: a float64 [buckets, 3] tensor of (left, right, count) rows,
    'histograms' plugin.

        >>> tf.summary.histogram('weights', tf.random.normal([100]), step=0)
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    metadata = _metadata("histograms", description)
    buckets = 30 if buckets is None else int(buckets)

    def data_fn():
        t = convert_to_tensor(data)
        if t.dtype == dtypes.string:
            raise _cast_error("double")
        return [t], {"buckets": buckets}
    with summary_scope(name, "histogram_summary") as (tag, _):
        return write_with(tag, data_fn, step, metadata, "histogram")


def _cast_error(to):
    from ..framework.errors import UnimplementedError
    return UnimplementedError(None, "Cast", f"Cast string to {to} is not supported [Op:Cast]")


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to `max_outputs` images of a [k, height, width, channels] batch (1-4 channels)
    as PNGs: floats are taken in [0, 1] (scaled by 255.5, truncated and clipped), integers
    rescaled to uint8, as tf.image.convert_image_dtype(saturate=True). The tensor written is
    [b'width', b'height', png, ...], 'images' plugin.

        >>> tf.summary.image('x', tf.zeros([1, 8, 8, 3]), step=0)
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    metadata = _metadata("images", description)

    def data_fn():
        t = convert_to_tensor(data)
        _assert_rank(t, 4)
        n = _max_outputs(max_outputs)
        if not (t.dtype.is_floating or t.dtype.is_integer):
            raise AttributeError("image dtype must be either floating point or integer")
        channels = t.shape[3] if t.shape.rank is not None else None
        if channels is not None and not 1 <= channels <= 4 and n > 0 and (t.shape[0] is None or t.shape[0] > 0):
            raise InvalidArgumentError(None, "EncodePng", f"image must have 1, 2, 3, or 4 channels, got {channels} "
                                       "[Op:EncodePng]")
        return [t], {"max_outputs": n}
    with summary_scope(name, "image_summary") as (tag, _):
        return write_with(tag, data_fn, step, metadata, "image")


def text(name, data, step=None, description=None):
    """Writes a string tensor (any shape; Markdown in TensorBoard), 'text' plugin.

        >>> tf.summary.text('notes', 'hello', step=0)
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    metadata = _metadata("text", description)
    with summary_scope(name, "text_summary") as (tag, _):
        t = convert_to_tensor(data)
        if t.dtype != dtypes.string:
            raise TypeError(f"tensor must be of type tf.string; got tf.{t.dtype.name}")
        return write_with(tag, lambda: ([t], {}), step, metadata, "tensor")


def audio(name, data, sample_rate, step=None, max_outputs=3, encoding=None, description=None):
    """Writes up to `max_outputs` clips of float32 audio [k, frames, channels] in [-1, 1] as
    16-bit WAV files at `sample_rate` Hz: a string [k, 2] tensor of (wav, label) rows, 'audio'
    plugin (encoding WAV).

        >>> tf.summary.audio('a', tf.zeros([1, 800, 1]), 8000, step=0)
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    if encoding is None:
        encoding = "wav"
    if encoding != "wav":
        raise ValueError(f"Unknown encoding: {encoding!r}")
    metadata = _metadata("audio", description, events.encode({"encoding": (2, "enum", False)}, {"encoding": _WAV}))

    def data_fn():
        t = convert_to_tensor(data)
        _assert_rank(t, 3)
        n = _max_outputs(max_outputs)
        if t.dtype != dtypes.float32:
            raise InvalidArgumentError(None, "EncodeWav", "cannot compute EncodeWav as input #0(zero-based) was "
                                       f"expected to be a float tensor but is a {_c_name(t.dtype)} tensor "
                                       "[Op:EncodeWav]")
        rate = convert_to_tensor(sample_rate, dtypes.int32)
        return [t, rate], {"max_outputs": n}
    with summary_scope(name, "audio_summary") as (tag, _):
        return write_with(tag, data_fn, step, metadata, "audio")


def _c_name(d):
    return {"float64": "double", "float32": "float"}.get(d.name, d.name)
