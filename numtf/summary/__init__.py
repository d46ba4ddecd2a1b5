"""`tf.summary`: TensorBoard event files written by numtf itself (no tensorflow, tensorboard or
protobuf package): writers, the default writer and step, scalar/histogram/image/text/audio and
generic tensor summaries, record_if, and graph traces. See _writer.py, _plugins.py, _trace.py;
the file format is numtf.util.events.

    >>> writer = tf.summary.create_file_writer('/tmp/logs')           # doctest: +SKIP
    >>> with writer.as_default(step=0):                               # doctest: +SKIP
    ...     tf.summary.scalar('loss', 0.25)
"""
from ._writer import (SummaryWriter, create_file_writer, create_noop_writer, write, flush, record_if,  # noqa: F401
                      should_record_summaries)
from ._plugins import scalar, histogram, image, text, audio  # noqa: F401
from ._trace import trace_on, trace_off, trace_export, graph  # noqa: F401
from . import experimental  # noqa: F401

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "write", "flush", "record_if",
           "should_record_summaries", "scalar", "histogram", "image", "text", "audio", "trace_on", "trace_off",
           "trace_export", "graph", "experimental"]
