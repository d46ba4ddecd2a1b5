"""`tf.print`: prints tensors with TensorFlow's formatting, eagerly or each time a graph runs.

Tensors print like TF's `PrintV2` (not like NumPy): `[0 1 2 ... 7 8 9]`, floats with the fewest
digits that round-trip (`0.1`, `0.333333343`), bools as 1/0, strings quoted and C-escaped.
Python values print with `pprint.pformat`, tensors substituted in place, as TF does.

    >>> tf.print("x:", tf.range(10), {"a": tf.constant(1.5)})
    x: [0 1 2 ... 7 8 9] {'a': 1.5}
"""
import logging
import pprint
import sys
import time

import numpy as np

from ..framework.context import ctx
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.variables import Variable
from ..util import nest
from .convert import convert_to_tensor
from ..framework import dtypes
from .registry import primitive, execute, no_gradient

__all__ = ["print", "timestamp", "get_logger"]

_STREAMS = ("stderr", "stdout", "__stderr__", "__stdout__")
_LOG_LEVELS = ("info", "warning", "warn", "error", "fatal")


# -- formatting values -------------------------------------------------------------------------
def _f32(v):
    s = "%.6g" % v
    if float(np.float32(s)) != v and v == v:
        s = "%.9g" % v
    return s


def _f64(v):
    s = "%.15g" % v
    if float(s) != v and v == v:
        s = "%.17g" % v
    return s


_ESCAPES = {ord("\n"): b"\\n", ord("\r"): b"\\r", ord("\t"): b"\\t", ord('"'): b'\\"',
            ord("'"): b"\\'", ord("\\"): b"\\\\"}


def _escape(b):
    """C-escapes a byte string, keeping bytes >= 0x80 (UTF-8) as they are (TF's Utf8SafeCEscape)."""
    if isinstance(b, str):
        b = b.encode("utf-8")
    out = bytearray()
    for c in b:
        e = _ESCAPES.get(c)
        if e is not None:
            out += e
        elif c < 0x20 or c == 0x7F:
            out += b"\\%03o" % c
        else:
            out.append(c)
    return '"' + out.decode("utf-8", "backslashreplace") + '"'


def _element_formatter(dtype):
    """A function from a list of Python elements (from `.tolist()`) to their texts."""
    kind = dtype.kind
    if kind == "f":
        one = _f64 if dtype.itemsize == 8 else _f32
        return lambda xs: [one(x) for x in xs]
    if kind in "iu":
        return lambda xs: [str(x) for x in xs]
    if kind == "b":
        return lambda xs: ["1" if x else "0" for x in xs]
    if kind in "OSU":
        return lambda xs: [_escape(x) for x in xs]
    return lambda xs: ["?"] * len(xs)  # TF prints no value for other types (e.g. complex)


def format_tensor(value, summarize=3):
    """TF's text for a tensor value: the first and last `summarize` entries of each dimension
    (all of them when `summarize` is -1), elided with `...`.

        >>> format_tensor(np.arange(10))
        '[0 1 2 ... 7 8 9]'
    """
    a = np.asarray(value)
    fmt = _element_formatter(a.dtype)
    n = a.size
    # TF bounds the per-dimension count by the element count too, which is what makes an
    # empty tensor of shape [2, 0] print as "[\n ...]".
    limit = n if summarize is None or summarize < 0 else min(summarize, n)
    if a.ndim == 0:
        return "..." if limit == 0 else fmt([a.item()])[0]
    return _format_dims(a, 0, a.ndim, limit, fmt)


def _format_dims(a, depth, rank, limit, fmt):
    n = a.shape[0]
    elide = n > 2 * limit
    if rank - depth == 1:
        if not elide:
            return "[" + " ".join(fmt(a.tolist())) + "]"
        tail = "".join(" " + s for s in fmt(a[n - limit:].tolist()))
        return "[" + " ".join(fmt(a[:limit].tolist())) + " ..." + tail + "]"
    sep = "\n" * (rank - 1 - depth) + " " * (depth + 1)
    if not elide:
        return "[" + sep.join(_format_dims(s, depth + 1, rank, limit, fmt) for s in a) + "]"
    head = sep.join(_format_dims(a[i], depth + 1, rank, limit, fmt) for i in range(limit))
    tail = "".join(sep + _format_dims(a[i], depth + 1, rank, limit, fmt) for i in range(n - limit, n))
    return "[" + head + sep + "..." + tail + "]"


# -- the op --------------------------------------------------------------------------------------
def _write(text, stream):
    if type(stream) is str:
        if stream.startswith("file://"):
            with open(stream[7:], "a", encoding="utf-8") as f:
                f.write(text)
            return
        out = getattr(sys, stream)  # looked up now, so redirection and capsys are honoured
        out.write(text)
        out.flush()
    else:
        stream(text)


def _print_kernel(*arrays, pieces, summarize, stream, end, raw):
    if raw:  # a lone scalar string tensor prints as it is
        v = np.asarray(arrays[0]).item()
        body = v.decode("utf-8", "backslashreplace") if isinstance(v, bytes) else str(v)
    else:
        parts = [pieces[0]]
        for a, piece in zip(arrays, pieces[1:]):
            parts.append(format_tensor(a, summarize))
            parts.append(piece)
        body = "".join(parts)
    if type(stream) is str:
        _write(body + end, stream)
    else:
        _write(body, stream)  # a logging function adds its own line end
    return ()


PRINT = primitive("PrintV2", _print_kernel, lambda ins, attrs: [], num_outputs=0, stateful=True)


def _is_tensor(x):
    return isinstance(x, (Tensor, Variable))


def _stream_attr(output_stream):
    if output_stream is None:
        return "stderr"
    if isinstance(output_stream, str):
        if output_stream.startswith("file://"):
            return output_stream
    else:
        for name in _STREAMS:
            if output_stream is getattr(sys, name):
                return name
        if callable(output_stream) and getattr(output_stream, "__name__", None) in _LOG_LEVELS:
            return output_stream
    raise ValueError(f"Unsupported output stream, logging level, or file.{output_stream}. Supported "
                     "streams are sys.stdout, sys.stderr, tf.logging.info, tf.logging.warning, "
                     "tf.logging.error. File needs to be in the form of 'file://<filepath>'.")


def _template(inputs, sep):
    """The literal text around each tensor (len(tensors) + 1 pieces) and the tensors, in order."""
    tensors = []
    for x in inputs:
        if not isinstance(x, str):
            tensors.extend(t for t in nest.flatten(x) if _is_tensor(t))
    placeholder = "{}"
    while True:
        quoted = repr(placeholder)
        texts = []
        for x in inputs:
            if isinstance(x, str):
                texts.append(x)
            else:
                flat = [placeholder if _is_tensor(t) else t for t in nest.flatten(x)]
                texts.append(pprint.pformat(nest.pack_sequence_as(x, flat)))
        pieces = sep.join(texts).split(quoted)
        if len(pieces) == len(tensors) + 1:
            return pieces, tensors
        placeholder = "{" + "_" * len(placeholder) + "}"  # a string collided with it


def print(*inputs, **kwargs):  # noqa: A001 - TensorFlow's public name
    """Prints `inputs` (tensors, Python values and nested structures of them) to stderr.

    `output_stream`: sys.stderr (default, the current one), sys.stdout, a logging function
    (tf.compat.v1.logging.info/warning/error) or 'file://<path>' (appended to); `summarize`:
    entries shown at each end of every dimension (-1: all); `sep`, `end` as for Python's print.
    Eagerly it prints at once and returns None; while a graph is built it adds a stateful
    node, which prints each time the graph runs, and returns it.

        >>> tf.print("loss:", tf.constant(0.25), output_stream=sys.stdout)
        loss: 0.25
    """
    output_stream = kwargs.pop("output_stream", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", "\n")
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {kwargs}")
    stream = _stream_attr(output_stream)
    summarize = 3 if summarize is None else int(summarize)
    pieces, tensors = _template(inputs, sep)
    tensors = [convert_to_tensor(t) for t in tensors]
    raw = (len(inputs) == 1 and len(tensors) == 1 and _is_tensor(inputs[0])
           and tensors[0].dtype.name == "string" and tensors[0].shape.rank == 0)
    attrs = {"pieces": tuple(pieces), "summarize": summarize, "stream": stream, "end": end, "raw": raw}
    graph = ctx.graph
    if graph is None:
        graph = next((t.graph for t in tensors if isinstance(t, SymbolicTensor)), None)
    if graph is None:
        _print_kernel(*[t._value for t in tensors], **attrs)
        return None
    graph.add_op(PRINT, tensors, attrs, name)
    return graph.nodes[-1]


TIMESTAMP = primitive("Timestamp", lambda: np.asarray(time.time(), np.float64),
                      lambda ins, attrs: [((), dtypes.float64)], stateful=True)
no_gradient(TIMESTAMP)


def timestamp(name=None):
    """Seconds since the epoch as a float64 scalar, read when the op runs (on every call of a
    traced function, like tf.print).

        >>> tf.timestamp().dtype
        tf.float64
    """
    return execute(TIMESTAMP, ())


_logger = []  # the configured 'tensorflow' logger, once get_logger has run


def get_logger():
    """The Python logger named 'tensorflow', which all of numtf's warnings go through, as TF's do.

    The first call (made when numtf is imported) sets it up as TF does: unless the root logger
    already has a handler, it gets a StreamHandler writing `LEVEL:tensorflow:message`
    (logging.BASIC_FORMAT) to stderr, or to stdout with level INFO in an interactive shell. Its
    level stays NOTSET (so WARNING, the root's, applies) and records still propagate to the root
    logger: a `logging.basicConfig()` made after the import prints them twice, as in TF.

        >>> tf.get_logger().warning("hello")
        WARNING:tensorflow:hello
    """
    if _logger:
        return _logger[0]
    logger = logging.getLogger("tensorflow")
    if not logging.getLogger().handlers:  # a configured root logger already prints our records
        _add_handler(logger, _interactive())
    _logger.append(logger)
    return logger


def _interactive():
    return bool(getattr(sys, "ps1", None) or sys.flags.interactive)


def _add_handler(logger, interactive):
    if interactive:
        logger.setLevel(logging.INFO)
    handler = logging.StreamHandler(sys.stdout if interactive else sys.stderr)
    handler.setFormatter(logging.Formatter(logging.BASIC_FORMAT, None))
    logger.addHandler(handler)
    return handler


get_logger()  # TF configures its logger when it is imported
