"""`tf.compat.v1.logging`: TF1's logging functions over Python's `logging` ('tensorflow' logger).

    >>> tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)
    >>> tf.compat.v1.logging.info('step %d', 10)
"""
import logging as _logging

DEBUG, INFO, WARN, ERROR, FATAL = _logging.DEBUG, _logging.INFO, _logging.WARN, _logging.ERROR, _logging.FATAL

_logger = _logging.getLogger("tensorflow")
_counts = {}


def get_logger():
    """The 'tensorflow' Python logger.

        >>> tf.compat.v1.logging.get_logger()
    """
    return _logger


def set_verbosity(v):
    """Logs messages at level `v` and above."""
    _logger.setLevel(v)


def get_verbosity():
    """The current logging level.

        >>> tf.compat.v1.logging.get_verbosity()
    """
    return _logger.getEffectiveLevel()


def log(level, msg, *args, **kwargs):
    """Logs `msg % args` at `level`.

        >>> tf.compat.v1.logging.log(...)
    """
    _logger.log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    """Logs `msg % args` at level DEBUG.

        >>> tf.compat.v1.logging.debug(...)
    """
    _logger.debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    """Logs `msg % args` at level INFO.

        >>> tf.compat.v1.logging.info(...)
    """
    _logger.info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    """Logs `msg % args` at level WARNING.

        >>> tf.compat.v1.logging.warning(...)
    """
    _logger.warning(msg, *args, **kwargs)


def warn(msg, *args, **kwargs):
    """Logs `msg % args` at level WARN.

        >>> tf.compat.v1.logging.warn(...)
    """
    _logger.warning(msg, *args, **kwargs)


def error(msg, *args, **kwargs):
    """Logs `msg % args` at level ERROR.

        >>> tf.compat.v1.logging.error(...)
    """
    _logger.error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    """Logs `msg % args` at level FATAL.

        >>> tf.compat.v1.logging.fatal(...)
    """
    _logger.fatal(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    """Logs `msg % args` at `level`.

        >>> tf.compat.v1.logging.vlog(...)
    """
    _logger.log(level, msg, *args, **kwargs)


def log_if(level, msg, condition, *args):
    """Logs when `condition` holds.

        >>> tf.compat.v1.logging.log_if(...)
    """
    if condition:
        _logger.log(level, msg, *args)


def log_first_n(level, msg, n, *args):
    """Logs only the first `n` times this call site's message is seen."""
    key = (level, msg)
    _counts[key] = _counts.get(key, 0) + 1
    if _counts[key] <= n:
        _logger.log(level, msg, *args)


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, ... call with this message.

        >>> tf.compat.v1.logging.log_every_n(...)
    """
    key = ("every", level, msg)
    count = _counts.get(key, 0)
    _counts[key] = count + 1
    if count % n == 0:
        _logger.log(level, msg, *args)
