"""TF1's RNN drivers: `tf.compat.v1.nn.dynamic_rnn`, `static_rnn`, `bidirectional_dynamic_rnn` and
`static_bidirectional_rnn`, running an `rnn_cell` over the time steps of a sequence.

Past a sequence's `sequence_length` the outputs are zeros and the state is carried through
unchanged, so the final state is the state at each sequence's last step, as TF. Variables are
made under the variable scope 'rnn' (or `scope`), so a BasicLSTMCell's kernel is
'rnn/basic_lstm_cell/kernel:0' as in TF. The time loop runs in Python when the number of steps
is known (an unrolled graph inside tf.function and TF1 graphs) and as a tf.while_loop when it is
not.

    >>> cell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(64)
    >>> outputs, state = tf.compat.v1.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)  # [batch, time, 64]
"""
import sys

from ...util import nest

__all__ = ["dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn"]


def _tf():
    return sys.modules["numtf"]


def _scope(scope, default):
    from ._scope import variable_scope
    return variable_scope(scope or default)


def _initial_state(cell, initial_state, dtype, batch_size):
    if initial_state is not None:
        return initial_state
    if dtype is None:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    return cell.zero_state(batch_size, dtype)


def _lengths(sequence_length):
    if sequence_length is None:
        return None
    tf = _tf()
    lengths = tf.cast(sequence_length, tf.int32)
    if lengths.shape.rank not in (None, 1):
        raise ValueError(f"sequence_length must be a vector of length batch_size, but saw shape: {lengths.shape}")
    return lengths


def _step(cell, x_t, state, t, lengths):
    """One cell step; past a sequence's end, a zero output and the state carried through."""
    tf = _tf()
    out, new_state = cell(x_t, state)
    if lengths is None:
        return out, new_state
    alive = tf.expand_dims(t < lengths, 1)  # [batch, 1]
    out = nest.map_structure(lambda o: tf.where(alive, o, tf.zeros_like(o)), out)
    new_state = nest.map_structure(lambda n, s: tf.where(alive, n, s), new_state, state)
    return out, new_state


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """Runs `cell` over `inputs` ([batch, time, depth], or [time, batch, depth] when
    `time_major`); returns (outputs shaped like inputs with the cell's output depth, final state).

        >>> outputs, state = tf.compat.v1.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    """
    tf = _tf()
    flat = [tf.convert_to_tensor(x) for x in nest.flatten(inputs)]
    for x in flat:
        if x.shape.rank is not None and x.shape.rank < 3:
            shown = x.shape if time_major or x.shape.rank < 2 else \
                tf.TensorShape([x.shape[1], x.shape[0]] + x.shape.as_list()[2:])
            raise ValueError(f"Shape {tuple(shown.as_list())} must have rank at least 3")
    if not time_major:  # the loop runs over axis 0
        flat = [tf.transpose(x, [1, 0] + list(range(2, x.shape.rank))) for x in flat]
    steps = flat[0].shape[0]
    batch = flat[0].shape[1]
    batch = batch if batch is not None else tf.shape(flat[0])[1]
    lengths = _lengths(sequence_length)
    with _scope(scope, "rnn"):
        state = _initial_state(cell, initial_state, dtype, batch)
        if steps is not None:
            outs = []
            for t in range(steps):
                x_t = nest.pack_sequence_as(inputs, [x[t] for x in flat])
                out, state = _step(cell, x_t, state, t, lengths)
                outs.append(out)
            outputs = nest.map_structure(lambda *o: tf.stack(o), *outs) if outs else None
            if outputs is None:
                raise ValueError("dynamic_rnn needs at least one time step")
        else:
            outputs, state = _while_rnn(cell, inputs, flat, state, lengths)
    if not time_major:
        outputs = nest.map_structure(lambda o: tf.transpose(o, [1, 0] + list(range(2, o.shape.rank))), outputs)
    return outputs, state


def _while_rnn(cell, inputs, flat, state, lengths):
    """The time loop as a tf.while_loop (the number of steps known only when the graph runs).
    Step 0 runs first, outside the loop, so that the cell makes its weights once."""
    tf = _tf()
    steps = tf.shape(flat[0])[0]
    out0, state = _step(cell, nest.pack_sequence_as(inputs, [x[0] for x in flat]), state, 0, lengths)
    arrays = [tf.TensorArray(o.dtype, size=steps, element_shape=o.shape).write(0, o) for o in nest.flatten(out0)]

    def body(t, state, arrays):
        out, state = _step(cell, nest.pack_sequence_as(inputs, [x[t] for x in flat]), state, t, lengths)
        return t + 1, state, [a.write(t, o) for a, o in zip(arrays, nest.flatten(out))]
    _, state, arrays = tf.while_loop(lambda t, *_: t < steps, body, [tf.constant(1), state, arrays])
    return nest.pack_sequence_as(out0, [a.stack() for a in arrays]), state


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Runs `cell` over a Python list of [batch, depth] inputs, one per time step; returns (the
    list of outputs, final state).

        >>> outputs, state = tf.compat.v1.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
    """
    tf = _tf()
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    first = tf.convert_to_tensor(nest.flatten(inputs[0])[0])
    batch = first.shape[0] if first.shape[0] is not None else tf.shape(first)[0]
    lengths = _lengths(sequence_length)
    outputs = []
    with _scope(scope, "rnn"):
        state = _initial_state(cell, initial_state, dtype, batch)
        for t, x_t in enumerate(inputs):
            out, state = _step(cell, x_t, state, t, lengths)
            outputs.append(out)
    return outputs, state


def _reverse_time(x, lengths, time_axis):
    tf = _tf()
    if lengths is None:
        return tf.reverse(x, [time_axis])
    return tf.reverse_sequence(x, lengths, seq_axis=time_axis, batch_axis=1 - time_axis)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """A forward and a backward dynamic_rnn over `inputs` (the backward one reads each sequence
    from its last valid step); returns ((outputs_fw, outputs_bw), (state_fw, state_bw)), the
    backward outputs put back in time order.

        >>> (fw, bw), _ = tf.compat.v1.nn.bidirectional_dynamic_rnn(cell_f, cell_b, x, dtype=tf.float32)
    """
    tf = _tf()
    time_axis = 0 if time_major else 1
    lengths = _lengths(sequence_length)
    with _scope(scope, "bidirectional_rnn"):
        out_fw, state_fw = dynamic_rnn(cell_fw, inputs, lengths, initial_state_fw, dtype, time_major=time_major,
                                       scope="fw")
        reversed_inputs = nest.map_structure(lambda x: _reverse_time(tf.convert_to_tensor(x), lengths, time_axis),
                                             inputs)
        out_bw, state_bw = dynamic_rnn(cell_bw, reversed_inputs, lengths, initial_state_bw, dtype,
                                       time_major=time_major, scope="bw")
    out_bw = nest.map_structure(lambda o: _reverse_time(o, lengths, time_axis), out_bw)
    return (out_fw, out_bw), (state_fw, state_bw)


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """static_rnn forward and backward over a list of inputs; returns (outputs, state_fw,
    state_bw), each output the concatenation [forward, backward] of that step."""
    tf = _tf()
    with _scope(scope, "bidirectional_rnn"):
        out_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length, scope="fw")
        if sequence_length is None:
            rev = list(reversed(inputs))
        else:
            stacked = tf.stack(inputs)
            rev = tf.unstack(_reverse_time(stacked, _lengths(sequence_length), 0))
        out_bw, state_bw = static_rnn(cell_bw, rev, initial_state_bw, dtype, sequence_length, scope="bw")
    if sequence_length is None:
        out_bw = list(reversed(out_bw))
    else:
        out_bw = tf.unstack(_reverse_time(tf.stack(out_bw), _lengths(sequence_length), 0))
    return [tf.concat([f, b], 1) for f, b in zip(out_fw, out_bw)], state_fw, state_bw
