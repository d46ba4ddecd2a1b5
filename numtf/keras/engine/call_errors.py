"""The error a failing layer call raises: the same exception type, with tf-keras's account of
which layer failed and on what arguments.

    ValueError: Exception encountered when calling layer 'dense' (type Dense).
    <the original message>
    Call arguments received by layer 'dense' (type Dense):
      \u2022 inputs=tf.Tensor(shape=(2, 3), dtype=float32)
"""
import inspect

import numpy as np

from ...autograph import user_errors
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


def _inputs_name(layer):
    """The name of call()'s first argument, which tf-keras lists the inputs under."""
    try:
        params = list(inspect.signature(layer.call).parameters.values())
    except (TypeError, ValueError):
        return "inputs"
    return params[0].name if params and params[0].kind in _POSITIONAL else "inputs"


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _body(error):
    """The failure's text: TF's "in user code:" account when the error came from AutoGraph-converted
    code (a call traced in a graph), else the error's own message."""
    tb = error.__traceback__
    frame = tb
    while frame is not None and frame.tb_frame.f_code not in user_errors.converted_codes:
        frame = frame.tb_next
    if frame is None:
        return str(error)
    return user_errors.user_code_message(getattr(error, "_ag_original_error", error), tb)


def _argument_lines(layer, inputs, args, kwargs):
    """One line per argument of call(), bound with its defaults applied, as tf-keras lists them
    (`training=None` and `mask=None` too when call() takes them)."""
    try:
        sig = inspect.signature(layer.call)
        bound = sig.bind(inputs, *args, **kwargs)
    except (TypeError, ValueError):  # (a call that does not bind: what was passed)
        return [f"  \u2022 {_inputs_name(layer)}={_describe(inputs)}"] + [f"  \u2022 {_describe(a)}" for a in args] + \
            [f"  \u2022 {k}={_describe(v)}" for k, v in kwargs.items()]
    bound.apply_defaults()
    lines = []
    for name, value in bound.arguments.items():
        kind = sig.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            lines += [f"  \u2022 {_describe(v)}" for v in value]
        elif kind is inspect.Parameter.VAR_KEYWORD:
            lines += [f"  \u2022 {k}={_describe(v)}" for k, v in value.items()]
        else:
            lines.append(f"  \u2022 {name}={_describe(value)}")
    return lines


def with_call_info(error, layer, inputs, args, kwargs):
    """The same exception type with tf-keras's account of which layer failed and on what."""
    if getattr(error, "_keras_call_info_injected", False):
        return error.with_traceback(error.__traceback__)
    head = f"Exception encountered when calling layer '{layer.name}' (type {type(layer).__name__})."
    lines = _argument_lines(layer, inputs, args, kwargs)
    message = (f"{head}\n\n{_body(error)}\n\nCall arguments received by layer '{layer.name}' "
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
