"""Keras inside the `tf.compat.v1` Session (tf-keras's TF1 integration).

While a TF1 graph is being built (`tf.compat.v1.disable_eager_execution()`, or inside a
`tf.compat.v1.Graph().as_default()`), Keras layers and models build into it: `model(placeholder)`
returns symbolic outputs with the batch dimension unknown, and the weights are TF1 graph
variables (initialized by `global_variables_initializer`, trained by `train.*Optimizer.minimize`
over `model.variables`). What Keras runs itself runs in the default Session, as tf-keras does
(`with tf.compat.v1.Session() as sess:` makes `sess` the default), or, when there is none, in
Keras's own Session for the graph (`get_session`):

- `Model.predict(numpy)` builds its graph (placeholders -> the model's outputs) once per model,
  graph and input signature, then feeds it batch by batch with `Session.run`. Model variables
  tf-keras has not seen yet and that are uninitialized in that Session are initialized first
  (tf-keras's `_initialize_variables`); a variable seen once is never initialized again, so
  predicting in a fresh Session after training in another one fails as in TensorFlow.
- Metric updates return an op (`sess.run(metric.update_state(...))` gives None) and
  `reset_state` sets the state variables in that Session.

    >>> tf.compat.v1.disable_eager_execution()
    >>> y = model(tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1]))
    >>> with tf.compat.v1.Session() as sess:
    ...     sess.run(tf.compat.v1.global_variables_initializer())
    ...     probs = model.predict(x_test)           # runs in `sess`
"""
import weakref

import numpy as np

from ...framework.context import ctx
from ...framework.tensor import SymbolicTensor
from ...util import nest

__all__ = []

_keras_sessions = weakref.WeakKeyDictionary()  # v1 graph -> Keras's own Session for it
_predict_graphs = weakref.WeakKeyDictionary()  # model -> {(id(graph), signature): _PredictGraph}
_tracked = weakref.WeakKeyDictionary()  # v1 graph -> {id: Keras's own variable} (metric state), weakly
# (by id: variables are unhashable, as TF's)


def building_v1_graph():
    """True while ops build a TF1 graph (eager execution disabled, or a v1 Graph as default)."""
    g = ctx.graph
    return g is not None and getattr(g, "v1", False)


def creating_graph_variables():
    """True when a new variable would be a TF1 graph variable (see compat/v1/_variables.py)."""
    g = ctx.graph
    if g is not None:
        return getattr(g, "v1", False)
    return not ctx.eager_default


def create_keras_variable(create):
    """Runs `create()` (which makes one variable) so that, in a TF1 graph, the variable joins no
    collection (`global_variables_initializer` leaves it alone, as tf-keras's metric weights) and
    Keras's session initializes it when first used (`initialize_variables`)."""
    from ...compat.v1._variables import _pending
    _pending.collections = []
    try:
        var = create()
    finally:
        _pending.collections = None
    if is_graph_variable(var):
        _tracked.setdefault(var.graph, weakref.WeakValueDictionary())[id(var)] = var
    return var


def is_graph_variable(v):
    """True for a TF1 graph variable (its value lives in a Session)."""
    from ...compat.v1._variables import GraphVariable
    return isinstance(v, GraphVariable)


def get_session(graph=None):
    """`tf.compat.v1.keras.backend.get_session()`: the default Session, else Keras's own Session
    for `graph` (the default graph when None), made once and remade if closed."""
    from ...graph.session import Session, get_default_session
    sess = get_default_session()
    if sess is not None:
        return sess
    if graph is None:
        from ...compat.v1._graph import default_graph_of
        graph = default_graph_of()
    sess = _keras_sessions.get(graph)
    if sess is None or sess._closed:
        sess = _keras_sessions[graph] = Session(graph=graph)
    return sess


def group(updates):
    """One op running every update (what tf-keras's `update_state` returns in a TF1 graph)."""
    from ...compat.v1._graph import group as _group
    return _group(*[u for u in updates if u is not None])


def batch_set_value(pairs):
    """Sets graph variables to values in Keras's session (the default one, if any), without
    adding nodes to the graph: `[(variable, value), ...]`."""
    if not pairs:
        return
    sess = get_session(pairs[0][0].graph)
    if sess._closed:
        raise RuntimeError("Attempted to use a closed Session.")
    for var, value in pairs:
        var.load(np.broadcast_to(np.asarray(value, var.dtype.as_numpy_dtype), var.shape.as_list()), sess)


def initialize_variables(variables, sess):
    """tf-keras's `_initialize_variables`: among `variables` and Keras's own variables of the
    session's graph (metric state) not seen yet, runs the initializers of those uninitialized in
    `sess`; marks them all as seen."""
    from ...compat.v1._variables import variables_initializer
    candidates = list(variables) + list(_tracked.get(sess.graph, {}).values())
    fresh = [v for v in candidates if is_graph_variable(v) and v.graph is sess.graph
             and not v.__dict__.get("_keras_initialized")]
    if not fresh:
        return
    flags = sess.run([v.is_initialized() for v in fresh])
    missing = [v for v, ok in zip(fresh, flags) if not ok]
    if missing:
        sess.run(variables_initializer(missing))
    for v in fresh:
        v.__dict__["_keras_initialized"] = True


# -- predict --------------------------------------------------------------------------------------
class _PredictGraph:
    """A model's predict graph in one v1 graph: placeholders for the input leaves, the model's
    (flattened) outputs in inference mode."""
    __slots__ = ("graph", "inputs", "outputs", "structure")

    def __init__(self, model, graph, leaves, structure):
        from ...compat.v1._variables import _in_graph
        dtypes = _input_dtypes(model, leaves)
        with _in_graph(graph, ""):
            placeholders = [graph.placeholder(dtype, [None] + list(a.shape[1:]), "input")
                            for dtype, a in zip(dtypes, leaves)]
            outputs = model.predict_step((nest.pack_sequence_as(structure, placeholders),))
        self.graph = graph
        self.inputs = placeholders
        self.structure = outputs
        self.outputs = nest.flatten(outputs)
        for t in self.outputs:
            if not isinstance(t, SymbolicTensor):
                raise TypeError(f"Model.predict in a TF1 graph needs graph tensors as the model's outputs; got {t!r}")


def _input_dtypes(model, leaves):
    """The placeholders' dtypes: a functional model's declared input dtypes, else the data's."""
    from ...framework import dtypes
    declared = getattr(model, "inputs", None)
    if isinstance(declared, list) and len(declared) == len(leaves):
        return [t.dtype for t in declared]
    return [dtypes.from_numpy(a.dtype) for a in leaves]


def _predict_graph(model, graph, leaves, structure):
    signature = (repr(nest.map_structure(lambda _: 0, structure)),
                 tuple((a.dtype.str, a.shape[1:]) for a in leaves))
    per_model = _predict_graphs.get(model)
    if per_model is None:
        per_model = _predict_graphs[model] = {}
    key = (id(graph), signature)
    entry = per_model.get(key)
    if entry is None or entry.graph is not graph:
        entry = per_model[key] = _PredictGraph(model, graph, leaves, structure)
    return entry


def _as_inputs(x):
    """User data as (structure, leaves): NumPy arrays (floating ones float32, as tf-keras)."""
    from .data_adapter import _as_array, _structure
    if x is None:
        raise ValueError("When using data tensors as input to a model, you should specify the `steps` argument.")
    if isinstance(x, SymbolicTensor) or any(isinstance(t, SymbolicTensor) for t in nest.flatten(x)):
        raise ValueError("Model.predict in a TF1 graph takes NumPy data: to run the model on graph tensors, "
                         "call it (`model(x)`) and run its output in a Session.")
    if hasattr(x, "element_spec") or hasattr(x, "__next__"):
        raise ValueError(f"Model.predict in a TF1 graph (eager execution disabled) takes NumPy arrays, "
                         f"lists or dicts of them; got {type(x).__name__}.")
    structure = _structure(x)
    leaves = [_as_array(a) for a in nest.flatten(structure)]
    for a in leaves:
        if a.ndim == 0:
            raise ValueError(f"Expected input data to have a batch dimension, got a scalar: {a}")
    sizes = {int(a.shape[0]) for a in leaves}
    if len(sizes) > 1:
        raise ValueError("Data cardinality is ambiguous: the inputs have different numbers of samples: "
                         f"{', '.join(str(int(a.shape[0])) for a in leaves)}. Make sure all arrays contain the same "
                         "number of samples.")
    return structure, leaves


def predict(model, x, batch_size=None, verbose=0, steps=None, callbacks=None):
    """`Model.predict` while a TF1 graph is being built: runs the model's predict graph in Keras's
    session (the default Session) over batches of `batch_size` (default 32); NumPy outputs."""
    from .training_loop import _make_callbacks
    if verbose == "auto":
        verbose = 0  # tf-keras's v1 predict is silent unless asked
    structure, leaves = _as_inputs(x)
    n = int(leaves[0].shape[0])
    batch_size = int(batch_size or 32)
    starts = list(range(0, n, batch_size))
    if steps is not None:
        starts = starts[:int(steps)]
    sess = get_session()
    if sess._closed:
        raise RuntimeError("Attempted to use a closed Session.")
    entry = _predict_graph(model, sess.graph, leaves, structure)
    initialize_variables(model.variables, sess)
    cbks = _make_callbacks(model, callbacks, verbose, 1, len(starts))
    cbks.on_predict_begin()
    batches = []
    for step, start in enumerate(starts):
        cbks.on_predict_batch_begin(step)
        feed = {ph: a[start:start + batch_size] for ph, a in zip(entry.inputs, leaves)}
        values = sess.run(entry.outputs, feed_dict=feed)
        batches.append(values)
        cbks.on_predict_batch_end(step, {"outputs": nest.pack_sequence_as(entry.structure, values)})
    if not batches:
        raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). Please use "
                         "`Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` for "
                         "more information of where went wrong, or file a issue/bug to `tf.keras`.")
    cbks.on_predict_end()
    flat = [b[0] if len(batches) == 1 else np.concatenate(b, axis=0) for b in zip(*batches)]
    return nest.pack_sequence_as(entry.structure, flat)
