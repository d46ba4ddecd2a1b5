"""Layers that wrap another layer (tf-keras semantics): `Bidirectional`, which runs a recurrent
layer over a sequence both ways, and `TimeDistributed`, which applies a layer to every time step.

    >>> bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8, return_sequences=True))
    >>> bi(tf.ones([4, 10, 3])).shape                          # forward and backward concatenated
    TensorShape([4, 10, 16])
    >>> tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(5))(tf.ones([4, 10, 3])).shape
    TensorShape([4, 10, 5])

A wrapper's config holds the wrapped layer serialized (`{"class_name": "LSTM", "config": ...}`).
"""
import inspect

from ...framework.tensor_shape import TensorShape
from ...ops import array_ops, creation_ops, join_ops, logic_ops, reduction_ops, stack_ops
from ...util import nest
from ..engine.base_layer import Layer, build_in_scope
from ..engine.input_spec import InputSpec
from .rnn import RNN, _flat_sizes
from .serialization import _tensor_shapes, deserialize_layer, serialize_layer

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _check_layer(wrapper, layer):
    if not isinstance(layer, Layer):
        raise ValueError(f"Please initialize `{wrapper}` layer with a `tf.keras.layers.Layer` instance. "
                         f"Received: {layer}")


def _set_mask(tensor, mask):
    try:
        tensor._keras_mask = mask
    except AttributeError:  # (not a Tensor: nothing carries it)
        pass


def _takes(layer, argument):
    return argument in inspect.signature(layer.call).parameters


class Wrapper(Layer):
    """Base class of the layers that wrap another layer (`self.layer`), which their config holds
    serialized. Subclasses define `call`; `TimeDistributed` and `Bidirectional` are the two in Keras.

        >>> class Twice(tf.keras.layers.Wrapper):
        ...     def call(self, x):
        ...         return self.layer(self.layer(x))
        >>> Twice(tf.keras.layers.Dense(2))(tf.ones([1, 2])).shape
        TensorShape([1, 2])
    """
    _tracks_layer = True  # False: `layer` is a template only (Bidirectional's copies hold the weights)

    def __init__(self, layer, **kwargs):
        _check_layer(type(self).__name__, layer)
        super().__init__(**kwargs)
        if self._tracks_layer:
            self.layer = layer
        else:
            self.__dict__["layer"] = layer

    def build(self, input_shape=None):
        if not self.layer.built:  # in this layer's scope, as tf-keras: 'time_distributed/kernel:0'
            self.layer.build(input_shape)
            self.layer.built = True
            self.layer._build_input_shape = input_shape
        self.built = True

    def get_config(self):
        config = super().get_config()
        config["layer"] = serialize_layer(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_layer(config.pop("layer"), custom_objects)
        return cls(layer, **config)


# -- TimeDistributed -----------------------------------------------------------------------------
def _dims(head, tensor, start):
    """`head` followed by the tensor's dimensions from `start` on (a dynamic one where unknown)."""
    static = tensor.shape.as_list()[start:]
    if None not in static:
        return list(head) + static
    dynamic = array_ops.shape(tensor)
    return list(head) + [dynamic[start + i] if d is None else d for i, d in enumerate(static)]


class TimeDistributed(Wrapper):
    """Applies `layer` to every time step (axis 1) of its inputs, with the same weights.

        >>> frames = tf.ones([2, 10, 28, 28, 3])                  # (batch, time, height, width, channels)
        >>> tf.keras.layers.TimeDistributed(tf.keras.layers.Conv2D(8, 3))(frames).shape
        TensorShape([2, 10, 26, 26, 8])

    The steps are folded into the batch (one call on (batch * time, ...)); a layer defined outside
    Keras (or a stateful one) with a known batch size is called step by step instead, as tf-keras
    does. The wrapped layer's weights are named under this layer ('time_distributed/kernel:0'). A
    mask (batch, time) reaches a layer that takes one, folded the same way, and marks the outputs.
    """

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True
        self._always_use_reshape = type(layer).__module__.startswith("numtf.") and \
            not getattr(layer, "stateful", False)

    def build(self, input_shape):
        shapes = _tensor_shapes(input_shape, TensorShape)
        flat = nest.flatten(shapes)
        if any(s.rank is None or s.rank < 3 for s in flat):
            shown = tuple(flat[0].as_list()) if len(flat) == 1 and flat[0].rank is not None else input_shape
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape ` with at least 3 dimensions, "
                             f"received: {shown}")
        self.input_spec = nest.map_structure(lambda s: InputSpec(shape=[None, None] + s.as_list()[2:]), shapes)
        super().build(nest.map_structure(lambda s: TensorShape([s[0]] + s.as_list()[2:]), shapes))

    def compute_output_shape(self, input_shape):
        shapes = _tensor_shapes(input_shape, TensorShape)
        first = nest.flatten(shapes)[0]
        inner = self.layer.compute_output_shape(
            nest.map_structure(lambda s: TensorShape([s[0]] + s.as_list()[2:]), shapes))
        return nest.map_structure(lambda s: TensorShape([s[0], first[1]] + TensorShape(s).as_list()[1:]), inner)

    def call(self, inputs, training=None, mask=None):
        kwargs = {"training": training} if self.layer._expects_training_arg else {}
        first = nest.flatten(inputs)[0]
        batch, steps = first.shape[0], first.shape[1]
        if batch is not None and steps is not None and not self._always_use_reshape:
            return self._step_by_step(inputs, kwargs, mask, steps)
        inner = nest.map_structure(lambda x: array_ops.reshape(x, _dims([-1], x, 2)), inputs)
        inner_mask = None if mask is None else array_ops.reshape(mask, _dims([-1], mask, 2))
        if inner_mask is not None and self.layer._expects_mask_arg:
            kwargs["mask"] = inner_mask
        outputs = self.layer(inner, **kwargs)
        outer = [-1 if batch is None else batch, array_ops.shape(first)[1] if steps is None else steps]
        outputs = nest.map_structure(lambda y: array_ops.reshape(y, _dims(outer, y, 1)), outputs)
        out_mask = self.layer.compute_mask(inner, inner_mask) if hasattr(self.layer, "compute_mask") else None
        if isinstance(out_mask, (list, tuple)):  # (one per output: not folded back, as the outputs are)
            out_mask = None
        if out_mask is not None:
            out_mask = array_ops.reshape(out_mask, _dims(outer, out_mask, 1))
        elif mask is not None:  # the inner layer keeps the mask: one flag per step
            out_mask = mask
            if mask.shape.rank > 2:
                out_mask = reduction_ops.reduce_any(mask, axis=list(range(2, mask.shape.rank)))
        if out_mask is not None:
            for y in nest.flatten(outputs):
                _set_mask(y, out_mask)
        return outputs

    def _step_by_step(self, inputs, kwargs, mask, steps):
        """The layer called on each step in turn; a masked step repeats the previous output (zeros
        before the first), as tf-keras's step loop does."""
        slices = [stack_ops.unstack(x, num=steps, axis=1) for x in nest.flatten(inputs)]
        masks = None if mask is None else stack_ops.unstack(mask, num=steps, axis=1)
        steps_out, prev = [], None
        for t in range(steps):
            out = self.layer(nest.pack_sequence_as(inputs, [s[t] for s in slices]), **kwargs)
            flat = nest.flatten(out)
            if masks is not None:
                prev = prev or [creation_ops.zeros_like(y) for y in flat]
                m = masks[t]
                flat = [logic_ops.where(array_ops.reshape(m, [-1] + [1] * (y.shape.rank - 1)), y, p)
                        for y, p in zip(flat, prev)]
                prev = flat
            steps_out.append(flat)
        stacked = [stack_ops.stack([f[i] for f in steps_out], axis=1) for i in range(len(steps_out[0]))]
        if mask is not None:
            for y in stacked:
                _set_mask(y, mask)
        return nest.pack_sequence_as(out, stacked)


# -- Bidirectional -------------------------------------------------------------------------------
def _copy(layer, go_backwards=False):
    """A new layer from `layer`'s config, reading the other way with `go_backwards`."""
    config = layer.get_config()
    if go_backwards:
        config["go_backwards"] = not config["go_backwards"]
    cls = type(layer)
    if "custom_objects" in inspect.signature(cls.from_config).parameters:
        cell = getattr(layer, "cell", None)
        cells = [cell] + list(getattr(cell, "cells", [])) if cell is not None else []
        return cls.from_config(config, custom_objects={type(c).__name__: type(c) for c in cells})
    return cls.from_config(config)


def _state_count(layer):
    cell = getattr(layer, "cell", None)
    return len(_flat_sizes(cell.state_size)) if cell is not None else len(getattr(layer, "states", None) or [])


class Bidirectional(Wrapper):
    """Runs a recurrent layer forward and a copy of it backward over the sequence, and merges the
    two outputs (`merge_mode`: 'concat', 'sum', 'mul', 'ave', or None for both as a list).

        >>> model = tf.keras.Sequential([
        ...     tf.keras.layers.Embedding(1000, 16, mask_zero=True),
        ...     tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(32)),
        ...     tf.keras.layers.Dense(1)])
        >>> model(tf.ones([2, 7])).shape
        TensorShape([2, 1])

    The two directions are `forward_layer` and `backward_layer` ('forward_lstm' and 'backward_lstm',
    built from `layer`'s config, or `backward_layer` if given), weights named
    'bidirectional/forward_lstm/lstm_cell/kernel:0'. With `return_sequences` the backward outputs are
    put back in time order and masked steps give zeros; with `return_state` the outputs are followed
    by the forward states, then the backward ones. An `initial_state` list is split in halves: the
    first for the forward layer, the rest for the backward one. `weights` (forward then backward) are
    set once the layer is built.
    """
    _tracks_layer = False

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        _check_layer("Bidirectional", layer)
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError("`backward_layer` need to be a `tf.keras.layers.Layer` instance. "
                             f"Received: {backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                             '{"sum", "mul", "ave", "concat", None}')
        kwargs.setdefault("trainable", layer.trainable)
        if weights:
            kwargs["weights"] = weights
        super().__init__(layer, **kwargs)
        self.forward_layer = _copy(layer)
        if backward_layer is None:
            self.backward_layer = _copy(layer, go_backwards=True)
        else:
            self.backward_layer = backward_layer
            self.__dict__["_backward_layer_config"] = serialize_layer(backward_layer)
        for prefix, sub in (("forward_", self.forward_layer), ("backward_", self.backward_layer)):
            sub._name = prefix + sub.name
        self._verify_directions()
        for sub in (self.forward_layer, self.backward_layer):
            if hasattr(sub, "zero_output_for_mask"):  # masked steps give zeros in both directions
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec if layer.input_spec is not None or not isinstance(layer, RNN) \
            else InputSpec(ndim=3)

    def _verify_directions(self):
        fwd, bwd = self.forward_layer, self.backward_layer
        if fwd.go_backwards == bwd.go_backwards:
            raise ValueError("Forward layer and backward layer should have different `go_backwards` value."
                             f"forward_layer.go_backwards = {fwd.go_backwards},"
                             f"backward_layer.go_backwards = {bwd.go_backwards}")
        for attr in ("stateful", "return_sequences", "return_state"):
            if getattr(fwd, attr) != getattr(bwd, attr):
                raise ValueError(f'Forward layer and backward layer are expected to have the same value for attribute '
                                 f'"{attr}", got "{getattr(fwd, attr)}" for forward layer and "{getattr(bwd, attr)}" '
                                 "for backward layer")

    def build(self, input_shape):
        if isinstance(input_shape, (list, tuple)) and input_shape and \
                not isinstance(input_shape[0], (int, type(None))):
            input_shape = input_shape[0]  # [inputs, *initial states]
        build_in_scope(self.forward_layer, input_shape)
        build_in_scope(self.backward_layer, input_shape)
        self.built = True

    def __call__(self, inputs, *args, **kwargs):
        states = kwargs.get("initial_state")
        if states is None and isinstance(inputs, (list, tuple)):
            states = list(inputs[1:]) or None
        if states is not None and len(nest.flatten(states)) % 2:  # checked before the call, as tf-keras
            raise ValueError("When passing `initial_state` to a Bidirectional RNN, the state should be a list "
                             f"containing the states of the underlying RNNs. Received: {states}")
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs, training=None, mask=None, initial_state=None):
        if isinstance(inputs, (list, tuple)):  # [inputs, *initial states], as Keras accepts
            inputs, rest = inputs[0], list(inputs[1:])
            initial_state = rest or initial_state
        fwd, bwd = self.forward_layer, self.backward_layer
        kwargs = {}
        if fwd._expects_training_arg:
            kwargs["training"] = training
        if fwd._expects_mask_arg:
            kwargs["mask"] = mask
        states = [{}, {}]
        if initial_state is not None and _takes(fwd, "initial_state"):
            initial_state = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
            half = len(initial_state) // 2
            states = [{"initial_state": initial_state[:half]}, {"initial_state": initial_state[half:]}]
        y = fwd(inputs, **kwargs, **states[0])
        y_rev = bwd(inputs, **kwargs, **states[1])
        final_states = []
        if self.return_state:
            final_states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = join_ops.reverse(y_rev, [0 if getattr(fwd, "time_major", False) else 1])
        if self.merge_mode == "concat":
            outputs = [join_ops.concat([y, y_rev], axis=-1)]
        elif self.merge_mode == "sum":
            outputs = [y + y_rev]
        elif self.merge_mode == "ave":
            outputs = [(y + y_rev) / 2]
        elif self.merge_mode == "mul":
            outputs = [y * y_rev]
        else:
            outputs = [y, y_rev]
        if self.return_sequences and mask is not None:
            for out in outputs:
                _set_mask(out, mask)
        if self.merge_mode is None or self.return_state:
            return outputs + final_states
        return outputs[0]

    def compute_output_shape(self, input_shape):
        shape = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            shape, states = shape[0], [TensorShape(s) for s in shape[1:]]
        shape = TensorShape(shape)
        if self.merge_mode == "concat":
            dims = shape.as_list()
            shape = TensorShape(dims[:-1] + [None if dims[-1] is None else dims[-1] * 2])
        outputs = [shape, TensorShape(shape)] if self.merge_mode is None else [shape]
        if self.return_state:
            return outputs + states + [TensorShape(s) for s in states]
        return outputs if self.merge_mode is None else shape

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        out = mask if self.return_sequences else None
        outputs = [out, out] if self.merge_mode is None else [out]
        if self.return_state:
            return outputs + [None] * (2 * _state_count(self.forward_layer))
        return outputs if self.merge_mode is None else out

    def reset_states(self, states=None):
        """Resets both directions' kept states (`states`: the forward ones, then the backward ones)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if states is None:
            self.forward_layer.reset_states()
            self.backward_layer.reset_states()
            return
        if not isinstance(states, (list, tuple)):
            raise ValueError("Unrecognized value for `states`. Expected `states` to be list or tuple. "
                             f"Received: {states}")
        half = len(states) // 2
        self.forward_layer.reset_states(states[:half])
        self.backward_layer.reset_states(states[half:])

    def get_config(self):
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        if "_backward_layer_config" in self.__dict__:
            config["backward_layer"] = self._backward_layer_config
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize_layer(config["backward_layer"], custom_objects)
        return super().from_config(config, custom_objects)
