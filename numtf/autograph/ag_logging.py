"""AutoGraph's debug log: `tf.autograph.set_verbosity(level, alsologtostdout=False)`.

Messages at a verbosity `level` are logged at INFO on the 'tensorflow' logger when the set
verbosity (or else the AUTOGRAPH_VERBOSITY environment variable, default 0) is at least
`level`, and printed to stdout too with `alsologtostdout=True`. Level 1 names the functions
converted, level 2 shows their converted code.

    >>> tf.autograph.set_verbosity(2, alsologtostdout=True)
"""
import os

from ..ops.logging_ops import get_logger

_state = {"verbosity": None, "echo": False}


def set_verbosity(level, alsologtostdout=False):
    """Sets AutoGraph's verbosity (0: quiet, 1: functions converted, 2+: their converted code),
    overriding AUTOGRAPH_VERBOSITY; `alsologtostdout` also prints the messages to stdout. The
    'tensorflow' logger shows them only at level INFO or below (`tf.get_logger().setLevel`).

        >>> tf.autograph.set_verbosity(1, alsologtostdout=True)
    """
    _state["verbosity"] = level
    _state["echo"] = alsologtostdout


def get_verbosity():
    """The set verbosity, else AUTOGRAPH_VERBOSITY's, else 0.

        >>> get_verbosity()
        0
    """
    if _state["verbosity"] is not None:
        return _state["verbosity"]
    return int(os.environ.get("AUTOGRAPH_VERBOSITY", 0))


def log(level, msg, *args):
    """Logs `msg % args` at INFO when the verbosity is at least `level` (and echoes it to stdout
    when asked to).

        >>> log(1, "Converted %s", "f")
    """
    if get_verbosity() < level:
        return
    get_logger().info(msg, *args)
    if _state["echo"]:
        print(msg % args if args else msg)
