"""Keras's message output switch (`tf.keras.utils.enable_interactive_logging` and friends):
interactive (the default) writes progress bars and messages to stdout; otherwise they go, one
finished line each, to Python's `logging` (logger 'numtf', level INFO), and `verbose='auto'`
in `fit` means one line per epoch (2) instead of a progress bar (1).

    >>> tf.keras.utils.disable_interactive_logging()
    >>> tf.keras.utils.is_interactive_logging_enabled()
    False
    >>> tf.keras.utils.enable_interactive_logging()
"""
import logging
import sys

__all__ = ["enable_interactive_logging", "disable_interactive_logging", "is_interactive_logging_enabled",
           "print_msg"]

_INTERACTIVE = [True]  # process-wide, so a fit running in a worker thread obeys it too


def enable_interactive_logging():
    """Messages and progress bars to stdout (the default)."""
    _INTERACTIVE[0] = True


def disable_interactive_logging():
    """Messages to the 'numtf' logger instead of stdout."""
    _INTERACTIVE[0] = False


def is_interactive_logging_enabled():
    return _INTERACTIVE[0]


def print_msg(message, line_break=True):
    """Writes `message` to stdout (interactive) or logs it at INFO level."""
    if is_interactive_logging_enabled():
        sys.stdout.write(message + ("\n" if line_break else ""))
        sys.stdout.flush()
    else:
        logging.getLogger("absl").info(message.strip("\r\n"))
