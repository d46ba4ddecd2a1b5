"""The summary-writing ops behind `tf.summary`: one stateful `WriteSummary` op (and a flush op),
so that summaries inside a `tf.function` are written on every call, as `tf.print` prints.

The op takes (should_record, step, data...) and a `kind` attribute saying how to turn the data
into the tensor TensorFlow 2.21 writes (with TensorBoard's plugins):

- "tensor": the data as it is (tf.summary.write; tf.summary.scalar casts to float32 first);
- "histogram": a float64 [buckets, 3] tensor of (left edge, right edge, count) rows;
- "image": a string vector [width, height, png_1, ..., png_k];
- "audio": a string [k, 2] tensor of (wav, label) rows;
- "raw": serialized Summary protos, merged into the event (experimental.write_raw_pb).

The kernels are NumPy; the event is handed to the writer object named in the attributes.

    >>> histogram_buckets(np.array([1., 5., 9.]), 4)[:, 2]
    array([1., 0., 1., 1.])
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import DataLossError, InvalidArgumentError
from ..util import events
from .image_io_ops import encode_png_array
from .registry import execute, no_gradient, primitive

__all__ = []


# -- the summary tensors ---------------------------------------------------------------------------
def histogram_buckets(data, buckets):
    """TensorBoard's histogram of `data`: `buckets` equal-width buckets from min to max, rows
    (left, right, count) in float64. All-equal data: every bucket is [v, v] and the last holds
    the count; no data: zeros; NaN or infinite data lands in no bucket, as in TF.

        >>> histogram_buckets(np.array([2., 2.]), 2).tolist()
        [[2.0, 2.0, 0.0], [2.0, 2.0, 2.0]]
    """
    x = np.asarray(data).astype(np.float64).ravel()
    if buckets <= 0:
        return np.zeros((0, 3), np.float64)
    out = np.zeros((buckets, 3), np.float64)
    if x.size == 0:
        return out
    lo, hi = x.min(), x.max()  # (NaN propagates, as tf.reduce_min/max do)
    span = hi - lo
    if span == 0:
        out[:, :2] = lo
        out[-1, 2] = x.size
        return out
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        index = np.floor((x - lo) / (span / buckets))
        delta = span / buckets
        edges = lo + np.arange(buckets + 1, dtype=np.float64) * delta
    edges[0], edges[-1] = lo, hi
    # A NaN index (NaN data, inf - inf) casts to int32's minimum in TF and so counts nowhere.
    index = np.minimum(index[np.isfinite(index)], buckets - 1).astype(np.int64)
    out[:, 0], out[:, 1] = edges[:-1], edges[1:]
    out[:, 2] = np.bincount(index, minlength=buckets)
    return out


def image_to_uint8(a):
    """`tf.image.convert_image_dtype(a, tf.uint8, saturate=True)` in NumPy: floats in [0, 1] are
    scaled by 255.5 and truncated, clipped to [0, 255] (NaN to 0); wider integers are shifted
    down (int16 // 128, uint16 // 256, int32 // 2**23), int8 is clipped at 0 and doubled."""
    a = np.asarray(a)
    kind = a.dtype.kind
    if a.dtype == np.uint8:
        return a
    if kind == "f":
        with np.errstate(invalid="ignore"):
            scaled = np.clip(a * a.dtype.type(255.5), 0, 255)
        return np.nan_to_num(scaled, nan=0.0).astype(np.uint8)
    info = np.iinfo(a.dtype)
    scale_in = int(info.max) + 1
    if scale_in > 256:
        return np.clip(a.astype(np.int64) // (scale_in // 256), 0, 255).astype(np.uint8)
    return (np.clip(a.astype(np.int64), 0, 255) * (256 // scale_in)).astype(np.uint8)


def encode_wav(samples, sample_rate):
    """16-bit PCM WAV bytes of float32 samples [frames, channels] in [-1, 1] (clipped; scaled by
    32768, rounded half away from zero, capped at 32767; NaN is silence), as tf.audio.encode_wav.

        >>> encode_wav(np.zeros((2, 1), np.float32), 8000)[:4]
        b'RIFF'
    """
    x = np.asarray(samples, np.float32)
    frames, channels = x.shape
    with np.errstate(invalid="ignore"):
        v = np.clip(x, -1, 1) * np.float32(32768)
        v = np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))
    pcm = np.clip(np.nan_to_num(v, nan=0.0), -32768, 32767).astype("<i2").tobytes()
    block = 2 * channels
    header = (b"RIFF" + (36 + len(pcm)).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
              + (1).to_bytes(2, "little") + channels.to_bytes(2, "little") + int(sample_rate).to_bytes(4, "little")
              + (int(sample_rate) * block).to_bytes(4, "little") + block.to_bytes(2, "little")
              + (16).to_bytes(2, "little") + b"data" + len(pcm).to_bytes(4, "little"))
    return header + pcm


def _image_tensor(data, max_outputs):
    images = image_to_uint8(data)[:max_outputs]
    h, w = data.shape[1], data.shape[2]
    out = np.empty(2 + len(images), object)
    out[0], out[1] = str(w).encode(), str(h).encode()
    for i, im in enumerate(images):
        out[2 + i] = encode_png_array(im)
    return out


def _audio_tensor(data, sample_rate, max_outputs):
    rate = int(sample_rate)
    if not 0 < rate < 2 ** 32:
        raise InvalidArgumentError(None, "EncodeWav", f"sample_rate must be in (0, 2^32), got: {rate} [Op:EncodeWav]")
    clips = np.asarray(data)[:max_outputs]
    out = np.empty((len(clips), 2), object)
    for i, clip in enumerate(clips):
        out[i, 0], out[i, 1] = encode_wav(clip, rate), b""
    return out


def summary_tensor(kind, arrays, params):
    """The TensorProto dict that `kind` writes for the kernel's data arrays."""
    if kind == "histogram":
        return events.tensor_proto(histogram_buckets(arrays[0], params["buckets"]))
    if kind == "image":
        return events.tensor_proto(_image_tensor(np.asarray(arrays[0]), params["max_outputs"]), "string")
    if kind == "audio":
        return events.tensor_proto(_audio_tensor(arrays[0], arrays[1], params["max_outputs"]), "string")
    return events.tensor_proto(arrays[0], params.get("dtype"))


# -- the ops -----------------------------------------------------------------------------------------
def _write_kernel(should_record, step, *data, writer, tag, kind, metadata, params):
    if not bool(should_record) or writer._closed:  # (a traced call after close writes nothing, as in TF)
        return np.array(False)
    step = int(step)
    if kind == "raw":  # serialized Summary protos: concatenating them merges them
        blobs = [v if isinstance(v, bytes) else str(v).encode() for v in np.ravel(data[0]).tolist()]
        for i, blob in enumerate(blobs):
            try:
                events.decode(events.SUMMARY, blob)
            except (ValueError, UnicodeDecodeError):
                raise DataLossError(None, "WriteRawProtoSummary", "Bad tf.compat.v1.Summary binary proto tensor "
                                    f"string at index {i} [Op:WriteRawProtoSummary]") from None
        summary = b"".join(blobs)
    else:
        value = events.encode(events.VALUE, {"tag": tag, "tensor": summary_tensor(kind, data, dict(params))})
        if metadata:  # already serialized: appended as the Value's field 9 (the last by number)
            value += events.field_bytes(9, metadata)
        summary = events.field_bytes(1, value)
    writer._write_summary(step, summary)
    return np.array(True)


WRITE_SUMMARY = primitive("WriteSummary", _write_kernel, lambda ins, attrs: [((), dtypes.bool)], stateful=True)
no_gradient(WRITE_SUMMARY, "it writes an event file")


def _flush_kernel(*, writer):
    writer._flush_now()
    return ()


FLUSH_SUMMARY_WRITER = primitive("FlushSummaryWriter", _flush_kernel, lambda ins, attrs: [], num_outputs=0,
                                 stateful=True)


def write_summary(writer, should_record, step, data, tag, kind, metadata=b"", params=()):
    """Runs (eagerly) or adds (while a graph is built) one WriteSummary op; returns its bool."""
    attrs = {"writer": writer, "tag": tag, "kind": kind, "metadata": bytes(metadata), "params": tuple(params)}
    return execute(WRITE_SUMMARY, [should_record, step] + list(data), attrs)


def flush_writer(writer):
    """Flushes `writer` now (eagerly) or each time the graph being built runs; returns the graph
    node, or None eagerly."""
    from ..framework.context import ctx
    if ctx.graph is None:
        writer._flush_now()
        return None
    ctx.graph.add_op(FLUSH_SUMMARY_WRITER, [], {"writer": writer})
    return ctx.graph.nodes[-1]
