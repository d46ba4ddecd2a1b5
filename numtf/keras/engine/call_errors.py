"""The error a failing layer call raises: the same exception type, with tf-keras's account of
which layer failed and on what arguments.

    ValueError: Exception encountered when calling layer 'dense' (type Dense).
    <the original message>
    Call arguments received by layer 'dense' (type Dense):
      \u2022 inputs=tf.Tensor(shape=(2, 3), dtype=float32)
"""
import numpy as np

from ...framework.errors import OpError
from ...framework.tensor import Tensor


def _describe(value):
    if isinstance(value, Tensor):
        return f"tf.Tensor(shape={value.shape}, dtype={value.dtype.name})"
    if isinstance(value, np.ndarray):
        return f"np.ndarray(shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, (list, tuple)):
        text = ", ".join(_describe(v) for v in value)
        return f"[{text}]" if isinstance(value, list) else f"({text})"
    return repr(value)


def with_call_info(error, layer, inputs, args, kwargs):
    """The same exception type with tf-keras's account of which layer failed and on what."""
    if getattr(error, "_keras_call_info_injected", False):
        return error.with_traceback(error.__traceback__)
    head = f"Exception encountered when calling layer '{layer.name}' (type {type(layer).__name__})."
    lines = [f"  \u2022 inputs={_describe(inputs)}"] + [f"  \u2022 {_describe(a)}" for a in args] + \
        [f"  \u2022 {k}={_describe(v)}" for k, v in kwargs.items()]
    message = (f"{head}\n\n{error}\n\nCall arguments received by layer '{layer.name}' "
               f"(type {type(layer).__name__}):\n" + "\n".join(lines))
    try:
        if isinstance(error, OpError):
            new = type(error)(error.node_def, error.op, message)
        else:
            new = type(error)(message)
    except Exception:  # noqa: BLE001 - an exception type we can't rebuild keeps its own message
        new = error
    new._keras_call_info_injected = True
    return new.with_traceback(error.__traceback__)
