"""`tf.keras.backend`: global Keras state (layer-name counters, float type, learning phase).

    >>> tf.keras.backend.floatx()
    'float32'
"""
import contextlib
import re
import threading
import warnings
import weakref

import numpy as np

from ..framework import dtypes

_state = threading.local()
_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_name_counts = {}  # layer-name counters of eager code (Keras's global graph)
_graph_name_counts = weakref.WeakKeyDictionary()  # and of each tf.compat.v1 Graph: names restart in each
_uids = {}
_learning_phase = None


def to_snake_case(name):
    """'MaxPooling2D' -> 'max_pooling2d', as Keras names layers after their class."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    snake = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return snake if snake[0] != "_" else "private" + snake


def unique_object_name(base, zero_based=True):
    """`base`, then `base_1`, `base_2`... (Keras's per-session layer-name counter); with
    `zero_based=False`: `base_1`, `base_2`... (how Keras names inputs)."""
    counts = _counts()
    n = counts.get(base, 0)
    counts[base] = n + 1
    if zero_based:
        return base if n == 0 else f"{base}_{n}"
    return f"{base}_{n + 1}"


def v1_graph():
    """The tf.compat.v1 Graph being built (None in eager code and while tracing a tf.function):
    tf-keras keeps layer-name counters and Keras tensors per such graph."""
    from ..graph.function import FuncGraph
    from ..ops.registry import ctx
    g = ctx.graph
    return None if g is None or isinstance(g, FuncGraph) else g


def _counts():
    """The name counters of the graph being built: a v1 Graph's own, else the eager ones."""
    g = v1_graph()
    return _name_counts if g is None else _graph_name_counts.setdefault(g, {})


def reset_uids():
    _name_counts.clear()
    _uids.clear()


def get_uid(prefix=""):
    """The next number for `prefix` (1, 2, ...); a counter of its own (layer names do not move
    it), reset by `clear_session`.

        >>> tf.keras.backend.get_uid('spam')
        1
    """
    _uids[prefix] = _uids.get(prefix, 0) + 1
    return _uids[prefix]


def clear_session(free_memory=True):
    """Resets layer-name counters (the next Dense is 'dense' again), the learning phase and the
    graph of Keras symbolic tensors (the next `Input`'s tensor is 'input_1' again)."""
    global _learning_phase
    from .engine import keras_tensor  # the engine imports this module
    _name_counts.clear()
    _graph_name_counts.clear()
    _uids.clear()
    _learning_phase = None
    keras_tensor.reset()


def floatx():
    return _FLOATX


def set_floatx(value):
    global _FLOATX
    if value not in ("float16", "float32", "float64", "bfloat16"):
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of float16, float32, float64.")
    _FLOATX = str(value)


def epsilon():
    return _EPSILON


def set_epsilon(value):
    global _EPSILON
    _EPSILON = float(value)


def image_data_format():
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format):
    global _IMAGE_DATA_FORMAT
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown data_format: {data_format}")
    _IMAGE_DATA_FORMAT = data_format


def learning_phase():
    """0 (inference) unless set; layers use it when `training` is not passed."""
    return 0 if _learning_phase is None else _learning_phase


def set_learning_phase(value):
    """Deprecated in TF 2 but still honoured: 1 makes Dropout etc. train when `training` is unset."""
    global _learning_phase
    # tf-keras warns from inside its backend module (stacklevel 1), once per process by default
    warnings.warn("`tf.keras.backend.set_learning_phase` is deprecated and will be removed after 2020-10-11. "
                  "To update it, simply pass a True/False value to the `training` argument of the `__call__` "
                  "method of your layer or model.")
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    _learning_phase = value


@contextlib.contextmanager
def learning_phase_scope(value):
    """Sets the learning phase (0 or 1) inside the block, then restores the previous one.

        >>> with tf.keras.backend.learning_phase_scope(1):
        ...     tf.keras.backend.learning_phase()
        1
    """
    global _learning_phase
    warnings.warn("`tf.keras.backend.learning_phase_scope` is deprecated and will be removed after 2020-10-11. "
                  "To update it, simply pass a True/False value to the `training` argument of the `__call__` "
                  "method of your layer or model.", stacklevel=3)
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    previous = _learning_phase
    _learning_phase = value
    try:
        yield
    finally:
        _learning_phase = previous


_MANUAL_VAR_INIT = False


def manual_variable_initialization(value):
    """Records whether variables are initialized by hand (a TF1 session setting: eager numtf
    variables are always initialized when made, so only the flag is kept, as tf-keras in TF 2)."""
    global _MANUAL_VAR_INIT
    _MANUAL_VAR_INIT = bool(value)


def global_learning_phase_is_set():
    return _learning_phase is not None


def cast_to_floatx(x):
    return np.asarray(x, dtype=_FLOATX)


def is_keras_tensor(x):
    return getattr(x, "_keras_history", None) is not None


def int_shape(x):
    shape = x.shape
    return tuple(shape) if not hasattr(shape, "as_list") else tuple(shape.as_list())


def dtype(x):
    return x.dtype.name


def get_value(x):
    return x.numpy()


def set_value(x, value):
    x.assign(np.asarray(value, dtype=x.dtype.as_numpy_dtype))


def batch_get_value(tensors):
    return [get_value(t) for t in tensors]


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


def as_dtype(d):
    return dtypes.as_dtype(d)


def __getattr__(name):
    # K.mean, K.dot, ... live in backend_ops (loaded on first use: they need the op library)
    from . import backend_ops, backend_ops2, backend_ops3
    for module in (backend_ops, backend_ops2, backend_ops3):
        if name in module.__all__:
            return getattr(module, name)
    raise AttributeError(f"module 'numtf.keras.backend' has no attribute {name!r}")
