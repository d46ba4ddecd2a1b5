"""The `RNN` layer, which runs a cell over the time axis, and the layers built on it: `LSTM`,
`GRU` and `SimpleRNN` (tf-keras semantics).

    >>> layer = tf.keras.layers.LSTM(32, return_sequences=True)
    >>> layer(tf.ones([8, 10, 4])).shape                       # (batch, time, units)
    TensorShape([8, 10, 32])
    >>> out, h, c = tf.keras.layers.LSTM(32, return_state=True)(tf.ones([8, 10, 4]))

Inputs are (batch, time, features) ((time, batch, features) with `time_major`); the cell's weights
are named under the layer ('lstm/lstm_cell/kernel:0'). A boolean `mask` (batch, time), passed or
carried by the inputs (an `Embedding(mask_zero=True)` output), skips steps: a masked step keeps
the previous states and repeats the previous output. `go_backwards` reads the sequence from its end
and returns the outputs in that order. `stateful` keeps the last states of each batch as the next
batch's initial states (`reset_states()` zeroes them). With a known number of steps the loop is
Python's (eagerly, or unrolled into a traced graph); an unknown number (a traced signature with
`None` steps) becomes a `tf.while_loop` over a TensorArray.
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from ...framework.variables import Variable
from ...ops import array_ops, creation_ops, logic_ops, stack_ops
from ...ops.tensor_array_ops import TensorArray
from ...ops.while_ops import while_loop
from ...util import nest
from .. import regularizers
from ..engine.base_layer import Layer, build_in_scope
from .core import _serialize
from .recurrent import GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells, _Cell, zero_state

_RNN_ARGS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major")
_CELL_ARGS = frozenset((
    "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
    "implementation", "reset_after"))


class RNN(Layer):
    """Runs `cell` (a cell, or a list of cells to stack) over the time axis of its inputs.

        >>> rnn = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(16), return_sequences=True)
        >>> rnn(tf.ones([4, 7, 3]), mask=tf.sequence_mask([7, 5, 2, 7], 7)).shape
        TensorShape([4, 7, 16])
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, time_major=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if not hasattr(cell, "state_size"):
            raise ValueError("The RNN cell should have a `state_size` attribute (tuple of integers, one integer "
                             f"per RNN state). Received: cell={cell}")
        self.zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.time_major = time_major
        self.supports_masking = True
        self.__dict__["_state_vars"] = None  # (kept states are not weights: not tracked)

    # -- shapes ----------------------------------------------------------------------------
    def _check_inputs(self, shape):
        if shape.rank is not None and shape.rank < 3:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected ndim=3, '
                             f"found ndim={shape.rank}. Full shape received: {tuple(shape.as_list())}")

    def build(self, input_shape):
        if isinstance(input_shape, (list, tuple)) and input_shape and not isinstance(input_shape[0], (int, type(None))):
            input_shape = input_shape[0]  # [inputs, *initial states]
        shape = TensorShape(input_shape)
        self._check_inputs(shape)
        step = TensorShape([shape[1] if self.time_major else shape[0]] + shape.as_list()[2:])
        if isinstance(self.cell, Layer):
            build_in_scope(self.cell, step)
        self.built = True

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        batch, steps = (shape[1], shape[0]) if self.time_major else (shape[0], shape[1])
        units = _output_size(self.cell)
        out = ([steps, batch, units] if self.time_major else [batch, steps, units]) if self.return_sequences \
            else [batch, units]
        if not self.return_state:
            return TensorShape(out)
        return [TensorShape(out)] + [TensorShape([batch, s]) for s in _flat_sizes(self.cell.state_size)]

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        out = mask if self.return_sequences else None
        return [out] + [None] * len(_flat_sizes(self.cell.state_size)) if self.return_state else out

    # -- running ---------------------------------------------------------------------------
    def call(self, inputs, mask=None, training=None, initial_state=None):
        if isinstance(inputs, (list, tuple)):  # [inputs, *initial states], as Keras accepts
            inputs, rest = inputs[0], list(inputs[1:])
            initial_state = initial_state if initial_state is not None else (rest or None)
        inputs = array_ops._as_tensor(inputs)
        self._check_inputs(inputs.shape)
        if self.time_major:
            inputs = array_ops.transpose(inputs, [1, 0] + list(range(2, inputs.shape.rank)))
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        batch = inputs.shape[0] if inputs.shape[0] is not None else array_ops.shape(inputs)[0]
        states = self._initial_states(initial_state, inputs, batch)
        cell = self.cell
        for reset in ("reset_dropout_mask", "reset_recurrent_dropout_mask"):
            getattr(cell, reset, lambda: None)()
        _prepare_dropout_masks(cell, inputs, batch, training)
        if isinstance(cell, _Cell) and cell.implementation == 2:
            # the inputs' part of every step in one product; the loop runs only the recurrence
            sequence = cell._project(inputs, training)
            step = lambda z, s: cell._recur(z, s, training)  # noqa: E731
        else:
            kwargs = {"training": training} if getattr(cell, "_expects_training_arg", False) else {}
            sequence = inputs

            def step(x, s):  # a cell may return a lone tensor for one state: kept in the states' structure
                out, new = cell(x, s, **kwargs)
                return out, nest.pack_sequence_as(s, nest.flatten(new))
        run = _static_loop if inputs.shape[1] is not None else _while_loop
        outputs, last, states = run(step, sequence, mask, states, self.go_backwards, self.zero_output_for_mask,
                                    self.return_sequences)
        if self.stateful:
            for var, value in zip(self._state_vars, nest.flatten(states)):
                var.assign(value)
        if self.return_sequences:
            output = array_ops.transpose(outputs, [1, 0, 2]) if self.time_major else outputs
            if mask is not None:
                try:
                    output._keras_mask = mask
                except AttributeError:
                    pass
        else:
            output = last
        if not self.return_state:
            return output
        if isinstance(cell, StackedRNNCells):
            return [output] + list(states)
        return [output] + nest.flatten(states)

    def _initial_states(self, initial_state, inputs, batch):
        """The states in the cell's structure: given, kept (stateful) or zeros."""
        cell = self.cell
        structure = _state_structure(cell)
        if initial_state is not None:
            flat = [array_ops._as_tensor(s) for s in nest.flatten(initial_state)]
            if len(flat) != len(nest.flatten(structure)):
                raise ValueError(f"Layer {self.name} expects {len(nest.flatten(structure))} state(s), but it received "
                                 f"{len(flat)} initial state(s). Input received: {initial_state!r}")
            return nest.pack_sequence_as(structure, flat)
        if self.stateful:
            if self._state_vars is None:
                if not isinstance(batch, int):
                    raise ValueError("If a RNN is stateful, it needs to know its batch size. Specify the batch size "
                                     "of your input tensors: pass `batch_input_shape` (or `batch_size`) to the first "
                                     "layer of the model, or a fixed batch to the layer.")
                self.__dict__["_state_vars"] = [Variable(creation_ops.zeros([batch, size], dtype=inputs.dtype), trainable=False,
                                             name=f"{self.name}/state_{i}")
                                    for i, size in enumerate(_flat_sizes(cell.state_size))]
            return nest.pack_sequence_as(structure, [v.read_value() for v in self._state_vars])
        if hasattr(cell, "get_initial_state"):
            states = cell.get_initial_state(inputs=None, batch_size=batch, dtype=inputs.dtype)
        else:
            states = [zero_state(batch, s, inputs.dtype) for s in _flat_sizes(cell.state_size)]
        return nest.pack_sequence_as(structure, nest.flatten(states))

    @property
    def states(self):
        """The kept states of a stateful layer (None before its first call)."""
        return None if self._state_vars is None else list(self._state_vars)

    def reset_states(self, states=None):
        """Zeroes a stateful layer's kept states (or sets them to `states`)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if self._state_vars is None:
            return
        values = [None] * len(self._state_vars) if states is None else nest.flatten(states)
        if len(values) != len(self._state_vars):
            raise ValueError(f"Layer {self.name} expects {len(self._state_vars)} states, but it received "
                             f"{len(values)} state values. States received: {states!r}")
        for var, value in zip(self._state_vars, values):
            var.assign(creation_ops.zeros_like(var) if value is None else value)

    def get_config(self):
        from .serialization import serialize_layer
        config = super().get_config()
        config.update({k: getattr(self, k) for k in _RNN_ARGS})
        if self.zero_output_for_mask:
            config["zero_output_for_mask"] = True
        config["cell"] = serialize_layer(self.cell)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from .serialization import deserialize_layer
        config = dict(config)
        cell = deserialize_layer(config.pop("cell"), custom_objects)
        return cls(cell, **config)


# -- the loops ---------------------------------------------------------------------------
def _static_loop(step, inputs, mask, states, backwards, zero_output, sequences):
    """Python's loop over a known number of steps: (the outputs stacked on axis 1 when
    `sequences`, the last output, the last states)."""
    xs = stack_ops.unstack(inputs, axis=1)
    ms = None if mask is None else stack_ops.unstack(array_ops.expand_dims(mask, -1), axis=1)
    order = range(len(xs) - 1, -1, -1) if backwards else range(len(xs))
    outputs, prev = [], None
    for t in order:
        out, new = step(xs[t], states)
        if ms is not None:
            out, new, prev = _masked(ms[t], out, new, states, prev, zero_output)
        states = new
        outputs.append(out)
    return stack_ops.stack(outputs, axis=1) if sequences else None, outputs[-1], states


def _masked(m, out, new, old, prev, zero_output):
    """A step under mask m (batch, 1): masked rows keep the old states and the previous output."""
    if prev is None:
        prev = creation_ops.zeros_like(out)
    out = logic_ops.where(m, out, creation_ops.zeros_like(out) if zero_output else prev)
    flat = [logic_ops.where(m, n, o) for n, o in zip(nest.flatten(new), nest.flatten(old))]
    return out, nest.pack_sequence_as(new, flat), out


def _while_loop(step, inputs, mask, states, backwards, zero_output, sequences):
    """tf.while_loop over a number of steps known only at run time."""
    steps = array_ops.shape(inputs)[1]
    xs = TensorArray(inputs.dtype, size=steps).unstack(array_ops.transpose(inputs, [1, 0, 2]))
    ms = None if mask is None else TensorArray(dtypes.bool, size=steps).unstack(
        array_ops.transpose(array_ops.expand_dims(mask, -1), [1, 0, 2]))
    out0, _ = step(xs.read(0), states)  # for the output's shape and dtype only (not run: not fetched)
    structure = states

    def body(i, prev, outputs, *flat):
        t = steps - 1 - i if backwards else i
        old = nest.pack_sequence_as(structure, list(flat))
        out, new = step(xs.read(t), old)
        if ms is not None:
            out, new, _ = _masked(ms.read(t), out, new, old, prev, zero_output)
        return (i + 1, out, outputs.write(i, out) if sequences else outputs) + tuple(nest.flatten(new))

    results = while_loop(lambda i, *_: i < steps, body,
                         (0, creation_ops.zeros_like(out0), TensorArray(out0.dtype, size=steps))
                         + tuple(nest.flatten(states)))
    outputs = array_ops.transpose(results[2].stack(), [1, 0, 2]) if sequences else None
    return outputs, results[1], nest.pack_sequence_as(structure, list(results[3:]))


# -- cells' structure ----------------------------------------------------------------------
def _flat_sizes(state_size):
    return [int(s) for s in nest.flatten(state_size)]


def _state_structure(cell):
    """A template of the states a cell takes: lists for our cells (one tensor per state), each
    stacked cell its own (a list for several states, a lone tensor for one)."""
    if isinstance(cell, StackedRNNCells):
        return [[0] * len(c.state_size) if isinstance(c.state_size, (list, tuple)) else 0 for c in cell.cells]
    size = cell.state_size
    return [0] * (len(size) if isinstance(size, (list, tuple)) else 1)


def _output_size(cell):
    try:
        size = getattr(cell, "output_size", None)
    except NotImplementedError:  # an AbstractRNNCell that leaves output_size undefined
        size = None
    return size if size is not None else _flat_sizes(cell.state_size)[0]


def _prepare_dropout_masks(cell, inputs, batch, training):
    """Makes the cells' dropout masks before the loop (so that a graph loop reuses one mask)."""
    cells = cell.cells if isinstance(cell, StackedRNNCells) else [cell]
    in_size = None  # None: the layer's inputs; else the previous cell's output size
    for c in cells:
        if isinstance(c, _Cell):
            if 0 < c.dropout < 1:
                like = inputs[:, 0] if in_size is None else zero_state(batch, in_size, inputs.dtype)
                c._masks("_dropout_mask", like, c.dropout, training)
            if 0 < c.recurrent_dropout < 1:
                c._masks("_recurrent_dropout_mask", zero_state(batch, c.units, inputs.dtype), c.recurrent_dropout,
                         training)
        in_size = _output_size(c)


# -- LSTM, GRU, SimpleRNN ------------------------------------------------------------------
class _CellLayer(RNN):
    """An RNN over a cell it makes from its own arguments (named '<cell>' under the layer)."""
    _cell_class = None
    _cell_name = None

    def __init__(self, units, cell_kwargs, rnn_kwargs, kwargs):
        cell = self._cell_class(units, name=self._cell_name, dtype=kwargs.get("dtype"),
                                trainable=kwargs.get("trainable", True), **cell_kwargs)
        super().__init__(cell, **rnn_kwargs, **kwargs)

    def __getattr__(self, name):  # units, activation, dropout...: the cell's
        if name not in _CELL_ARGS or "cell" not in self.__dict__:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return getattr(self.__dict__["cell"], name)

    def get_config(self):
        config = Layer.get_config(self)
        config.update({k: getattr(self, k) for k in _RNN_ARGS})
        cell_config = self.cell.get_config()
        for k in ("name", "trainable", "dtype"):
            cell_config.pop(k, None)
        for k, v in cell_config.items():
            config[k] = v
            if k == "bias_regularizer":
                config["activity_regularizer"] = _serialize(self.activity_regularizer, regularizers)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _split_kwargs(local):
    rnn = {k: local.pop(k) for k in _RNN_ARGS}
    kwargs = local.pop("kwargs")
    local.pop("self")
    local.pop("__class__", None)
    units = local.pop("units")
    if "implementation" in kwargs:
        local["implementation"] = kwargs.pop("implementation")
    return units, local, rnn, kwargs


class LSTM(_CellLayer):
    """Long short-term memory over a sequence (an RNN of `LSTMCell`, named 'lstm_cell').

        >>> tf.keras.layers.LSTM(4)(tf.ones([32, 10, 8])).shape
        TensorShape([32, 4])
    """
    _cell_class, _cell_name = LSTMCell, "lstm_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, time_major=False, unroll=False, **kwargs):
        super().__init__(*_split_kwargs(dict(locals())))


class GRU(_CellLayer):
    """Gated recurrent unit over a sequence (an RNN of `GRUCell`, named 'gru_cell').

        >>> tf.keras.layers.GRU(4, return_sequences=True)(tf.ones([32, 10, 8])).shape
        TensorShape([32, 10, 4])
    """
    _cell_class, _cell_name = GRUCell, "gru_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False,
                 time_major=False, reset_after=True, **kwargs):
        super().__init__(*_split_kwargs(dict(locals())))


class SimpleRNN(_CellLayer):
    """A fully-connected RNN over a sequence (an RNN of `SimpleRNNCell`, named 'simple_rnn_cell').

        >>> tf.keras.layers.SimpleRNN(4)(tf.ones([32, 10, 8])).shape
        TensorShape([32, 4])
    """
    _cell_class, _cell_name = SimpleRNNCell, "simple_rnn_cell"

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False, **kwargs):
        kwargs.pop("time_major", None)  # (tf-keras's SimpleRNN has no time_major argument)
        super().__init__(*_split_kwargs(dict(locals(), time_major=False)))
