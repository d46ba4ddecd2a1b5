"""Variables of mixed-precision layers read in the layer's compute dtype.

A layer whose policy computes in another dtype than its variables' (mixed_float16) creates its
floating weights as `AutoCastVariable`s: a `tf.Variable` kept in the variable dtype (float32,
what the optimizer updates) whose reads inside a layer call are cast to that layer's compute
dtype (float16). `Layer.__call__` sets the compute dtype for the duration of its call (`enter` /
`leave`), so a float32 layer inside a float16 model reads float32. The cast is an ordinary op:
gradients reach the variable in its own dtype.

    >>> layer = tf.keras.layers.Dense(2, dtype='mixed_float16')
    >>> layer(tf.ones([1, 2])).dtype, layer.kernel.dtype
    (tf.float16, tf.float32)
"""
import threading

from ...framework.variables import Variable
from ...ops.array_ops import cast

__all__ = ["AutoCastVariable", "enter", "leave"]


class _State(threading.local):
    dtype = None  # the DType reads are cast to, or None outside layer calls


_state = _State()


def enter(compute_dtype):
    """Starts a layer call computing in `compute_dtype` (a DType, or None); returns the previous
    setting for `leave`."""
    previous = _state.dtype
    _state.dtype = compute_dtype if compute_dtype is not None and compute_dtype.is_floating else None
    return previous


def leave(previous):
    _state.dtype = previous


class AutoCastVariable(Variable):
    """A floating variable read in the compute dtype of the layer call reading it (see the module
    docstring). `dtype` is the variable's own dtype, as in tf-keras; `true_dtype` says so too."""

    def _read(self):
        value = super()._read()
        target = _state.dtype
        if target is not None and target is not self._dtype:
            return cast(value, target)
        return value

    def _read_dtype(self):
        """The dtype a read gives now (convert_to_tensor checks a requested dtype against it)."""
        target = _state.dtype
        return target if target is not None else self._dtype

    @property
    def true_dtype(self):
        return self._dtype

    def __repr__(self):
        return (f"<AutoCastVariable '{self.name}' shape={self.shape} dtype={self._dtype.name} "
                f"dtype_to_cast_to={(_state.dtype or self._dtype).name}>")
