"""`tf.compat.v1.logging`: TF1's logging functions, over the 'tensorflow' Python logger
(`tf.get_logger()`), printing `LEVEL:tensorflow:message` to stderr by default.

    >>> tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)
    >>> tf.compat.v1.logging.info('step %d', 10)
    INFO:tensorflow:step 10
"""
import logging as _logging
import sys as _sys

from ...ops.logging_ops import get_logger as _get_logger

DEBUG, INFO, WARN, ERROR, FATAL = _logging.DEBUG, _logging.INFO, _logging.WARN, _logging.ERROR, _logging.FATAL

_counts = {}  # token -> calls so far, shared by log_every_n and log_first_n


def set_verbosity(v):
    """Logs messages at level `v` (a number or a level name) and above.

        >>> tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.ERROR)
    """
    _get_logger().setLevel(v)


def get_verbosity():
    """The logger's effective level (30, WARN, until set).

        >>> tf.compat.v1.logging.get_verbosity()
        30
    """
    return _get_logger().getEffectiveLevel()


# stacklevel=2: a record names the caller of these functions as where it was logged.
def log(level, msg, *args, **kwargs):
    """Logs `msg % args` at `level`.

        >>> tf.compat.v1.logging.log(tf.compat.v1.logging.WARN, "x=%d", 3)
        WARNING:tensorflow:x=3
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    """Logs `msg % args` at level DEBUG.

        >>> tf.compat.v1.logging.debug("shown after set_verbosity(DEBUG)")
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    """Logs `msg % args` at level INFO.

        >>> tf.compat.v1.logging.info("shown after set_verbosity(INFO)")
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    """Logs `msg % args` at level WARNING.

        >>> tf.compat.v1.logging.warning("careful")
        WARNING:tensorflow:careful
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    """Logs `msg % args` at level ERROR.

        >>> tf.compat.v1.logging.error("bad")
        ERROR:tensorflow:bad
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    """Logs `msg % args` at level FATAL (printed as CRITICAL); it does not exit, as in TF.

        >>> tf.compat.v1.logging.fatal("very bad")
        CRITICAL:tensorflow:very bad
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().critical(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    """Logs `msg % args` at Python logging level `level` (so vlog(1, ...) is below DEBUG).

        >>> tf.compat.v1.logging.vlog(20, "printed as INFO")
    """
    kwargs.setdefault("stacklevel", 2)
    _get_logger().log(level, msg, *args, **kwargs)


def log_if(level, msg, condition, *args):
    """Logs `msg % args` at `level` when `condition` holds.

        >>> tf.compat.v1.logging.log_if(tf.compat.v1.logging.WARN, "x=%d", True, 1)
        WARNING:tensorflow:x=1
    """
    if condition:
        _get_logger().log(level, msg, *args, stacklevel=3 if _called_from_here() else 2)


def _called_from_here():
    return _sys._getframe(2).f_code.co_filename == __file__


def _token():
    """What TF counts log_every_n / log_first_n calls by: the file and line of the nearest frame
    outside the caller's own file ('<unknown>', 0 at a script's top level), so calls from one
    module share a counter per call site of that module."""
    frame = _sys._getframe(3)  # _token <- _next_count <- log_every_n <- the caller
    own = frame.f_code.co_filename
    frame = frame.f_back
    while frame is not None:
        if frame.f_code.co_filename != own:
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return "<unknown>", 0


def _next_count():
    token = _token()
    count = _counts.get(token, -1) + 1
    _counts[token] = count
    return count


def log_every_n(level, msg, n, *args):
    """Logs `msg % args` on the 1st, (n+1)th, (2n+1)th, ... call (counted as TF counts them).

        >>> tf.compat.v1.logging.log_every_n(tf.compat.v1.logging.WARN, "step %d", 100, 0)
        WARNING:tensorflow:step 0
    """
    log_if(level, msg, not _next_count() % n, *args)


def log_first_n(level, msg, n, *args):
    """Logs `msg % args` only on the first `n` calls (counted as TF counts them).

        >>> tf.compat.v1.logging.log_first_n(tf.compat.v1.logging.WARN, "once", 1)
        WARNING:tensorflow:once
    """
    log_if(level, msg, _next_count() < n, *args)


def TaskLevelStatusMessage(msg):  # noqa: N802 - TensorFlow's public name
    """Logs `msg` at level ERROR, as TF does.

        >>> tf.compat.v1.logging.TaskLevelStatusMessage("done")
        ERROR:tensorflow:done
    """
    _get_logger().error(msg, stacklevel=2)


def flush():
    """Not implemented in TF either: raises NotImplementedError.

        >>> tf.compat.v1.logging.flush()
        Traceback (most recent call last):
        NotImplementedError
    """
    raise NotImplementedError()
