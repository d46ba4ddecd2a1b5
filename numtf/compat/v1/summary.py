"""`tf.compat.v1.summary`: TF1's summaries. Each summary op gives a scalar string tensor, a
serialized `Summary` protocol buffer, and joins the SUMMARIES collection; `merge_all` joins
them; a `FileWriter` appends them to an event file at a step.

    >>> tf.compat.v1.summary.scalar('loss', loss)
    >>> merged = tf.compat.v1.summary.merge_all()
    >>> writer = tf.compat.v1.summary.FileWriter('logs', sess.graph)
    >>> writer.add_summary(sess.run(merged, feed), global_step=step)

The records are TF's (util/events.py): `simple_value` scalars, `HistogramProto` histograms with
TF's exponential buckets, PNG images and text tensors, readable by TensorBoard. Serialized
Summaries concatenate into their merge, as protocol buffers do.
"""
import sys
import time

import numpy as np

from ...framework import dtypes
from ...framework.context import ctx
from ...util import events
from ._graph import GraphKeys, add_to_collection, get_collection

__all__ = ["scalar", "histogram", "image", "text", "tensor_summary", "merge", "merge_all", "FileWriter",
           "FileWriterCache", "Summary", "SummaryDescription", "get_summary_description"]

V1_VALUE, V1_SUMMARY = events.VALUE, events.SUMMARY


def _tf():
    return sys.modules["numtf"]


def _default_limits():
    """TF's default histogram bucket limits: +-1e-12 * 1.1**k up to 1e20, and 0."""
    pos, v = [], 1e-12
    while v < 1e20:
        pos.append(v)
        v *= 1.1
    pos.append(np.finfo(np.float64).max)
    return np.array([-p for p in reversed(pos)] + [0.0] + pos)


_LIMITS = _default_limits()


def histogram_proto(values):
    """The HistogramProto of an array, as TF1 encodes it (runs of empty buckets folded into one)."""
    v = np.asarray(values, np.float64).reshape(-1)
    counts = np.bincount(np.searchsorted(_LIMITS, v, side="right"), minlength=len(_LIMITS))[:len(_LIMITS)]
    limits, buckets, i = [], [], 0
    while i < len(counts):
        j = i
        while counts[j] == 0 and j + 1 < len(counts) and counts[j + 1] == 0:
            j += 1
        limits.append(float(_LIMITS[j]))
        buckets.append(float(counts[j]))
        i = j + 1
    return {"min": float(v.min()) if v.size else 0.0, "max": float(v.max()) if v.size else 0.0,
            "num": float(v.size), "sum": float(v.sum()), "sum_squares": float(np.dot(v, v)),
            "bucket_limit": limits, "bucket": buckets}


def _summary_op(name, inputs, make_values, collections):
    """A string tensor holding Summary(value=make_values(tag, *arrays)), in `collections`."""
    tf = _tf()
    with tf.name_scope(name) as scope:
        tag = scope.rstrip("/") if scope else name
        out = tf.numpy_function(lambda *arrays: np.asarray(events.encode(
            V1_SUMMARY, {"value": make_values(tag, *arrays)}), object), list(inputs), dtypes.string, stateful=False)
        out.set_shape([])
    if ctx.graph is not None:
        for key in collections if collections is not None else [GraphKeys.SUMMARIES]:
            add_to_collection(key, out)
    return out


def scalar(name, tensor, collections=None, family=None):
    """A Summary holding one `simple_value` (the scalar `tensor` as a float), tagged by the name scope."""
    tensor = _tf().convert_to_tensor(tensor)
    if tensor.shape.rank not in (None, 0):
        raise ValueError(f"Tensor must be scalar: {name} has shape {tensor.shape}")
    return _summary_op(name, [tensor], lambda tag, v: [{"tag": tag, "simple_value": float(v)}], collections)


def histogram(name, values, collections=None, family=None):
    """A Summary holding a histogram of `values` (any shape), with TF's buckets."""
    return _summary_op(name, [_tf().convert_to_tensor(values)],
                       lambda tag, v: [{"tag": tag, "histo": histogram_proto(v)}], collections)


def _png_images(images):
    from ...ops.image_io_ops import encode_png_array
    arr = np.asarray(images)
    if arr.dtype.kind == "f":  # TF1 scales floats to [0, 255] per image: [0,1] or, with negatives, around 127
        out = []
        for img in arr:
            low, high = float(img.min(initial=0.0)), float(img.max(initial=0.0))
            scale = 255.0 / high if low >= 0 and high > 0 else (127.0 / max(-low, high) if low < 0 else 0.0)
            offset = 0.0 if low >= 0 else 128.0
            out.append(np.clip(img * scale + offset, 0, 255).round().astype(np.uint8))
        arr = np.stack(out) if out else arr.astype(np.uint8)
    return [(img.shape[0], img.shape[1], img.shape[2], encode_png_array(img.astype(np.uint8))) for img in arr]


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A Summary holding up to `max_outputs` of the [batch, h, w, 1|3|4] images as PNGs, tagged
    'name/image' (one) or 'name/image/i'."""
    t = _tf().convert_to_tensor(tensor)
    if t.shape.rank not in (None, 4):
        raise ValueError(f"Tensor must be 4-D with last dim 1, 3, or 4, not {t.shape}")

    def values(tag, arr):
        pngs = _png_images(arr[:max_outputs])
        return [{"tag": f"{tag}/image" if max_outputs == 1 else f"{tag}/image/{i}",
                 "image": {"height": h, "width": w, "colorspace": c, "encoded_image_string": png}}
                for i, (h, w, c, png) in enumerate(pngs)]
    return _summary_op(name, [t], values, collections)


def _tensor_value(tag, arr, plugin):
    return [{"tag": tag, "tensor": events.tensor_proto(np.asarray(arr)),
             "metadata": {"plugin_data": {"plugin_name": plugin}} if plugin else None}]


def text(name, tensor, collections=None):
    """A Summary holding a string tensor for TensorBoard's text plugin."""
    t = _tf().convert_to_tensor(tensor)
    if t.dtype != dtypes.string:
        raise ValueError(f"Expected tensor {name} to have dtype string, got {t.dtype.name}")
    return _summary_op(name, [t], lambda tag, v: _tensor_value(tag, v, "text"), collections)


def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None, family=None,
                   display_name=None):
    """A Summary holding `tensor` itself."""
    return _summary_op(name, [_tf().convert_to_tensor(tensor)], lambda tag, v: _tensor_value(tag, v, None),
                       collections)


def merge(inputs, collections=None, name=None):
    """One Summary holding the values of every serialized Summary in `inputs`."""
    tf = _tf()
    out = tf.strings.reduce_join(tf.stack([tf.convert_to_tensor(i) for i in inputs]))
    if ctx.graph is not None:
        for key in collections or []:
            add_to_collection(key, out)
    return out


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """The merge of the summaries in collection `key`, or None if there are none."""
    if ctx.graph is None:
        raise RuntimeError("Merging tf.summary.* ops is not compatible with eager execution. Use "
                           "tf.contrib.summary instead.")
    found = get_collection(key, scope)
    return merge(found) if found else None


class Summary(events.Message):
    """TF1's Summary protocol buffer: `tf.compat.v1.Summary(value=[Summary.Value(tag='acc',
    simple_value=0.9)])`, for `FileWriter.add_summary`."""

    class Value(events.Message):
        def __init__(self, **fields):
            super().__init__(V1_VALUE, fields)

    def __init__(self, value=()):
        super().__init__(V1_SUMMARY, {"value": list(value)})

    def ParseFromString(self, data):  # noqa: N802 - protobuf's name
        self._fields = dict(events.decode(V1_SUMMARY, data)._fields)

    @staticmethod
    def FromString(data):  # noqa: N802 - protobuf's name
        s = Summary()
        s.ParseFromString(data)
        return s


class FileWriter:
    """Writes Summaries (serialized or Summary objects) and events to a new event file in `logdir`.

        >>> writer = tf.compat.v1.summary.FileWriter('logs')
        >>> writer.add_summary(summary_bytes, global_step=3)
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        self._logdir = str(logdir)
        self._writer = events.EventFileWriter(self._logdir, max_queue, flush_secs * 1000, filename_suffix or "")
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)

    def get_logdir(self):
        return self._logdir

    def add_summary(self, summary, global_step=None):
        """Appends `summary` at step `global_step`."""
        data = summary.SerializeToString() if isinstance(summary, events.Message) else summary
        if hasattr(data, "numpy"):
            data = data.numpy()
        self.add_event({"wall_time": time.time(), "step": int(global_step or 0), "summary": bytes(data)})

    def add_event(self, event):
        self._writer.add_event(event)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Writes `graph` (a tf.Graph) as a GraphDef of its ops (names, types, inputs, shapes) for
        TensorBoard's graph view, or `graph_def` (serialized) as given."""
        from ...summary._trace import GRAPH_DEF, graph_def as to_graph_def
        if graph_def is None:
            graph_def = events.encode(GRAPH_DEF, to_graph_def(graph))
        elif hasattr(graph_def, "SerializeToString"):
            graph_def = graph_def.SerializeToString()
        self.add_event({"wall_time": time.time(), "step": int(global_step or 0), "graph_def": bytes(graph_def)})

    def flush(self):
        self._writer.flush()

    def close(self):
        self._writer.close()

    def reopen(self):
        """A closed writer writes again, to a new event file."""
        self._writer = events.EventFileWriter(self._logdir, 10, 120000, "")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class FileWriterCache:
    """One FileWriter per log directory."""
    _writers = {}

    @staticmethod
    def get(logdir):
        return FileWriterCache._writers.setdefault(str(logdir), FileWriter(logdir))

    @staticmethod
    def clear():
        for w in FileWriterCache._writers.values():
            w.close()
        FileWriterCache._writers.clear()


class SummaryDescription(events.Message):
    """TF1's SummaryDescription protocol buffer (a type hint string)."""

    def __init__(self, type_hint=""):
        super().__init__({"type_hint": (1, "string", False)}, {"type_hint": type_hint})


def get_summary_description(node_def):
    """The SummaryDescription of a summary op's node: numtf's nodes carry none."""
    return SummaryDescription()
