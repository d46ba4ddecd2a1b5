"""Summary writers, the default writer and step, `record_if`, and `tf.summary.write` (TF 2.21's
summary_ops_v2 semantics, written on numtf.util.events and the WriteSummary op).

State is per thread, as in TF: the default writer (`as_default`/`set_as_default`), the default
step (`experimental.set_step`, `as_default(step=)`) and the recording condition (`record_if`).
Inside a `tf.function` the writer, step source and condition in force when the function is
traced are the ones its calls use (TF captures them the same way).

    >>> writer = tf.summary.create_file_writer('/tmp/logs')          # doctest: +SKIP
    >>> with writer.as_default(step=1):                              # doctest: +SKIP
    ...     tf.summary.write('loss', 0.5)
"""
import contextlib
import re
import threading

from ..framework import dtypes
from ..framework.context import ctx, init_scope, name_scope, get_current_name_scope
from ..framework.tensor import Tensor
from ..framework.variables import Variable
from ..ops import summary_ops
from ..ops.convert import convert_to_tensor
from ..util import events

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "write", "flush", "record_if",
           "should_record_summaries", "get_step", "set_step", "summary_scope", "write_raw_pb"]


class _State(threading.local):
    writer = None
    step = None
    is_recording = True


_state = _State()
_INVALID_SCOPE_CHARACTERS = re.compile(r"[^-_/.A-Za-z0-9]")


def _false():
    return convert_to_tensor(False)


class SummaryWriter:
    """The interface of summary writers (`tf.summary.SummaryWriter`): make one with
    `tf.summary.create_file_writer` or `tf.summary.create_noop_writer`."""

    def set_as_default(self, step=None):
        """Makes this the default writer (and `step` the default step when given) from now on."""
        raise NotImplementedError()

    def as_default(self, step=None):
        """Context manager: the default writer (and step) inside the block; flushed at its end."""
        raise NotImplementedError()

    def init(self):
        """Initializes the writer (file writers are ready once created)."""
        raise NotImplementedError()

    def flush(self):
        """Writes the queued events to disk."""
        raise NotImplementedError()

    def close(self):
        """Flushes and closes the writer; it can not be used again."""
        raise NotImplementedError()


class _ResourceSummaryWriter(SummaryWriter):
    """A writer of one event file (see create_file_writer)."""

    def __init__(self, logdir, max_queue, flush_millis, filename_suffix):
        self._file = events.EventFileWriter(logdir, max_queue, flush_millis, filename_suffix)
        self._closed = False

    def _check_open(self):
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed")

    def set_as_default(self, step=None):
        self._check_open()
        _state.writer = self
        if step is not None:
            _state.step = step

    @contextlib.contextmanager
    def as_default(self, step=None):
        self._check_open()
        old_writer, old_step = _state.writer, _state.step
        if step is not None:
            _state.step = step
        try:
            _state.writer = self
            yield self
            self.flush()  # (on a normal exit, as TF does)
        finally:
            _state.writer = old_writer
            if step is not None:
                _state.step = old_step

    def init(self):
        self._check_open()

    def flush(self):
        if self._closed:
            return None
        return summary_ops.flush_writer(self)

    def close(self):
        if ctx.graph is not None:
            raise NotImplementedError("SummaryWriter.close() inside a tf.function: close the writer eagerly")
        if not self._closed:
            self._closed = True
            self._file.close()

    # used by the WriteSummary / FlushSummaryWriter kernels
    def _write_summary(self, step, summary_bytes):
        import time
        self._file.add_event({"wall_time": time.time(), "step": step, "summary": summary_bytes})

    def _write_event(self, event):
        self._file.add_event(event)

    def _flush_now(self):
        if not self._closed:
            self._file.flush()


class _NoopSummaryWriter(SummaryWriter):
    """A writer that writes nothing (create_noop_writer): using it as the default leaves the
    default writer as it is, as in TF."""

    def set_as_default(self, step=None):
        pass

    @contextlib.contextmanager
    def as_default(self, step=None):
        yield self

    def init(self):
        pass

    def flush(self):
        pass

    def close(self):
        pass


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None, name=None,
                       experimental_trackable=False, experimental_mesh=None):
    """A SummaryWriter writing a new event file in `logdir` (created if needed), named
    `events.out.tfevents.<seconds>.<host>.<pid>.<n><filename_suffix>` (suffix '.v2' by
    default). Events are written when more than `max_queue` (10) are queued, every
    `flush_millis` (120000) at the next event, on flush/close, and at exit.

        >>> writer = tf.summary.create_file_writer('/tmp/logs')   # doctest: +SKIP
    """
    if logdir is None:
        raise ValueError("Argument `logdir` cannot be None")
    if experimental_trackable:
        raise NotImplementedError("create_file_writer: experimental_trackable=True (numtf writers are not "
                                  "trackable resources)")
    if experimental_mesh is not None:
        raise NotImplementedError("create_file_writer: experimental_mesh (numtf has no DTensor)")
    logdir = _py_value(logdir)
    logdir = logdir.decode() if isinstance(logdir, bytes) else str(logdir)
    suffix = ".v2" if filename_suffix is None else _py_value(filename_suffix)
    suffix = suffix.decode() if isinstance(suffix, bytes) else str(suffix)
    with init_scope():  # a writer made while tracing exists eagerly, like a variable
        return _ResourceSummaryWriter(logdir, 10 if max_queue is None else int(_py_value(max_queue)),
                                      120000 if flush_millis is None else int(_py_value(flush_millis)), suffix)


def create_noop_writer():
    """A SummaryWriter that writes nothing (its as_default/set_as_default change nothing).

        >>> tf.summary.create_noop_writer().flush()
    """
    return _NoopSummaryWriter()


def _py_value(x):
    if isinstance(x, (Tensor, Variable)):
        if ctx.graph is not None and not isinstance(x, Variable):
            raise NotImplementedError("a symbolic tensor as a summary writer argument")
        v = x.numpy()
        return v.item() if hasattr(v, "item") else v
    return x


def get_step():
    """The default step (an int, tensor or variable; None when not set).

        >>> tf.summary.experimental.get_step() is None
        True
    """
    return _state.step


def set_step(step):
    """Sets the default step for summaries written without `step=` (None clears it).

        >>> tf.summary.experimental.set_step(0)   # doctest: +SKIP
    """
    _state.step = step


@contextlib.contextmanager
def record_if(condition):
    """Context manager: summaries are written only when `condition` holds (a bool, a boolean
    tensor, or a callable returning one, called when each summary is written or traced).

        >>> with tf.summary.record_if(False):
        ...     pass
    """
    old = _state.is_recording
    try:
        _state.is_recording = condition
        yield
    finally:
        _state.is_recording = old


def _record_condition():
    """True, False, or a boolean tensor: whether a summary written now is recorded."""
    if _state.writer is None:
        return False
    cond = _state.is_recording
    if callable(cond):
        cond = cond()
    if isinstance(cond, (Tensor, Variable)):
        t = convert_to_tensor(cond, dtypes.bool)
        if type(t) is Tensor:
            return bool(t.numpy())
        return t
    return bool(cond)


def should_record_summaries():
    """A boolean tensor: whether summaries are written now (a default writer exists and the
    record_if condition holds).

        >>> tf.summary.should_record_summaries()
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    cond = _record_condition()
    return convert_to_tensor(cond) if isinstance(cond, bool) else cond


@contextlib.contextmanager
def summary_scope(name, default_name=None, values=None):
    """Context manager giving (tag, scope) for a summary called `name`: the tag is the current
    name scope plus `name`; the scope is a name scope for its ops (invalid characters removed).

        >>> with tf.summary.experimental.summary_scope('loss') as (tag, scope):
        ...     tag
        'loss'
    """
    name = name or default_name
    current = get_current_name_scope()
    tag = current + "/" + name if current else name
    scope_name = _INVALID_SCOPE_CHARACTERS.sub("", name) or default_name
    with name_scope(scope_name) as scope:
        yield tag, scope


def _serialize_metadata(metadata):
    if metadata is None:
        return b""
    if hasattr(metadata, "SerializeToString"):
        return metadata.SerializeToString()
    if isinstance(metadata, (Tensor, Variable)):
        metadata = _py_value(metadata)
    if isinstance(metadata, str):
        return metadata.encode("utf-8")
    if isinstance(metadata, (bytes, bytearray)):
        return bytes(metadata)
    raise TypeError(f"Cannot convert {metadata!r} to EagerTensor of dtype string")


def _step_tensor(step):
    if isinstance(step, Variable) and step.dtype is not dtypes.int64:
        raise ValueError(f"Incompatible type conversion requested to type int64 for `tf.Variable of type "
                         f"{step.dtype.name}. (Variable: {step!r})")
    t = convert_to_tensor(step, dtypes.int64)
    if t.shape.rank is not None and t.shape.rank != 0:
        raise ValueError(f"Argument `step` must be a scalar. Received step with shape {t.shape}.")
    return t


def write_with(tag, data_fn, step, metadata, kind):
    """The common path of every summary: checks the writer and the condition, resolves the step,
    makes the data (`data_fn()` -> (list of tensors, params of the kind), called only when
    recording) and writes."""
    writer = _state.writer
    if writer is None:
        return _false()
    serialized = _serialize_metadata(metadata)
    cond = _record_condition()
    if cond is False:
        return _false()
    if step is None:
        step = get_step()
        if step is None:
            raise ValueError("No step set. Please specify one either through the `step` argument or through "
                             "tf.summary.experimental.set_step()")
    step = _step_tensor(step)
    data, params = data_fn()
    return summary_ops.write_summary(writer, convert_to_tensor(cond) if cond is True else cond, step, data,
                                     tag, kind, serialized, sorted(params.items()))


def write(tag, tensor, step=None, metadata=None, name=None):
    """Writes `tensor` (or the result of calling it, only when recording) as a tensor summary
    with the exact `tag`. `metadata`: a SummaryMetadata proto or its serialized bytes. Returns
    a boolean tensor: True when written, False when there is no default writer or record_if
    says no. Raises ValueError when no step is given or set.

        >>> tf.summary.write('x', 1.0, step=0)   # no default writer
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    def data():
        t = tensor() if callable(tensor) else tensor
        return [convert_to_tensor(t)], {}
    return write_with(tag, data, step, metadata, "tensor")


def write_raw_pb(tensor, step=None, name=None):
    """Writes serialized `tf.compat.v1.Summary` protos (a string scalar or vector) in one event.

        >>> tf.summary.experimental.write_raw_pb(b'', step=0)
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    return write_with("", lambda: ([convert_to_tensor(tensor, dtypes.string)], {}), step, None, "raw")


def flush(writer=None, name=None):
    """Flushes `writer` (default: the default writer; nothing to do without one).

        >>> tf.summary.flush()
    """
    if writer is None:
        writer = _state.writer
        if writer is None:
            return None
    return writer.flush()
