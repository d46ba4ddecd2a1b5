"""TF's "in user code:" errors: an exception raised while tf.function traces Python code is
re-raised with the user's frames that led to it listed before the original message.

    >>> @tf.function
    ... def f(x):
    ...     raise ValueError("bad")
    >>> f(tf.constant(1))
    Traceback (most recent call last):
    ValueError: in user code:
    <BLANKLINE>
        File "<stdin>", line 3, in f  *
            raise ValueError("bad")
    <BLANKLINE>
        ValueError: bad
    <BLANKLINE>

As in TF: frames of numtf itself are left out (TF leaves out its own); a frame of converted
(AutoGraph) code is marked `  *`, one that converted code called without converting it `  **`;
the exception keeps its type when TF's does (the builtin errors whose constructor takes a
message, exception classes keeping Exception's constructor, TF's own error classes), a KeyError
keeps its message unquoted, and any other type becomes a StagingError. BaseExceptions that are
not Exceptions pass through unchanged, and so does everything when the function is traced
without AutoGraph (`autograph=False`) or is marked do_not_convert, as in TF. The original exception is the
new one's `__context__`, and the new one carries the original's traceback, so a printed
traceback still ends where the error was raised.
"""
import linecache
import os

_NUMTF_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_CONVERTED_CALL = os.path.join(_NUMTF_DIR, "autograph", "api.py")

# The exception types TF re-raises as they are: their constructor takes one message.
_KEEP_TYPE = (AssertionError, AttributeError, NameError, NotImplementedError, RuntimeError, StopIteration,
              TypeError, UnboundLocalError, ValueError)

converted_codes = {}  # code object of AutoGraph-converted code -> its user function's name


class StagingError(Exception):
    """What an error raised while tracing becomes when its own type cannot carry TF's message.

        >>> raise StagingError("in user code: ...")
    """


class _KeyError(KeyError):
    """A KeyError whose text is not quoted (KeyError's own str() quotes its argument)."""

    def __init__(self, message, original):
        super().__init__(f"KeyError: {original}")
        self._message = message

    def __str__(self):
        return self._message


_KeyError.__name__ = _KeyError.__qualname__ = "KeyError"


def _marked_frames(tb):
    """(filename, lineno, name, marker) of the user frames in traceback `tb`. Frames of one
    converted function (its branch and loop bodies, its lambdas) show as one, the innermost,
    under the function's name, as TF's source map shows them."""
    frames = []
    previous = None
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        filename = code.co_filename
        if not filename.startswith(_NUMTF_DIR):
            name = converted_codes.get(code)
            if name is not None:
                entry = (filename, tb.tb_lineno, name, "  *")
                if frames and frames[-1][3] == "  *" and frames[-1][0] == filename and frames[-1][2] == name:
                    frames.pop()
            else:
                entry = (filename, tb.tb_lineno, code.co_name, "  **" if previous == _CONVERTED_CALL else "")
            frames.append(entry)
        previous = filename
        tb = tb.tb_next
    return frames


def user_code_message(error, tb):
    """The text TF gives an error raised by user code while tracing: 'in user code:', the user
    frames of traceback `tb`, and the original 'ExcType: message', indented.

        >>> user_code_message(ValueError("bad"), tb)
        'in user code:\\n\\n    File "f.py", line 3, in f  *\\n        raise ValueError("bad")\\n\\n    ValueError: bad\\n'
    """
    lines = ["in user code:", ""]
    for filename, lineno, name, marker in _marked_frames(tb):
        lines.append(f'    File "{filename}", line {lineno}, in {name}{marker}')
        source = linecache.getline(filename, lineno).strip()
        if source:
            lines.append("        " + source)
    text = f"{type(error).__name__}: {error}"
    return "\n".join(lines) + "\n\n" + "".join("    " + line + "\n" for line in text.split("\n"))


def in_user_code(error, tb):
    """The exception to raise for `error`, raised by user code while tracing; `tb` starts at
    the user's function's frame and becomes the new exception's traceback.

        >>> raise in_user_code(e, e.__traceback__.tb_next) from None
    """
    from ..framework.errors import OpError
    original = getattr(error, "_ag_original_error", error)  # a nested tf.function's: list all frames
    message = user_code_message(original, tb)
    kind = type(original)
    new = None
    if kind is KeyError:
        new = _KeyError(message, original)
    elif isinstance(original, OpError) or kind in _KEEP_TYPE or kind is Exception or \
            kind.__init__ is Exception.__init__ or kind.__module__.split(".")[0] == "numtf":
        attempts = [(original.node_def, original.op, message)] if isinstance(original, OpError) else []
        for args in attempts + [(message,)]:
            try:
                new = kind(*args)
                break
            except Exception:  # noqa: BLE001 - a constructor that wants other arguments
                pass
    if new is None:
        new = StagingError(message)
    new._ag_original_error = original
    return new.with_traceback(tb)
