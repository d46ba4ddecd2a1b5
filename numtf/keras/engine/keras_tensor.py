"""Keras symbolic tensors: the outputs of `tf.keras.Input` and of layers called on them.

They are symbolic tensors in one scratch graph, carrying `_keras_history = (layer, node_index,
tensor_index)`. Calling a layer on them runs its `call` symbolically (shape inference) and
records a `KerasNode`; a raw op applied to them (`x + y`, `tf.concat([x, y])`) becomes an
`TFOpLambda` layer, through the dispatcher's keras hook.
"""
import threading
import weakref

import numpy as np

from ...framework.tensor import SymbolicTensor
from ...graph.graph import Graph, CONST
from ...ops import registry
from ...util import nest

_keras_graph = [None]
_graph_keras_graphs = weakref.WeakKeyDictionary()  # one per tf.compat.v1 Graph: names restart in each


class _Depth(threading.local):
    value = 0  # > 0 while a layer's call runs on Keras tensors (inner ops are not op layers)


depth = _Depth()


def keras_graph():
    """The scratch graph holding the Keras symbolic tensors made in eager code, or those made while
    a v1 Graph is the default (as tf-keras names `Input`s per graph)."""
    from .. import backend
    owner = backend.v1_graph()
    g = _keras_graph[0] if owner is None else _graph_keras_graphs.get(owner)
    if g is None:
        g = Graph()
        g.keras = True
        if owner is None:
            _keras_graph[0] = g
        else:
            _graph_keras_graphs[owner] = g
    return g


def reset():
    """Forgets every Keras symbolic tensor graph (`clear_session`)."""
    _keras_graph[0] = None
    _graph_keras_graphs.clear()


def is_keras_tensor(x):
    return isinstance(x, SymbolicTensor) and getattr(x, "_keras_history", None) is not None


def any_keras_tensor(structure):
    if isinstance(structure, SymbolicTensor):
        return getattr(structure, "_keras_history", None) is not None
    if nest.is_nested(structure):
        return any(is_keras_tensor(t) for t in nest.flatten(structure))
    return False


class KerasNode:
    """One call of a layer on Keras tensors: what it consumed and what it produced."""

    def __init__(self, layer, call_args, call_kwargs, outputs):
        self.layer = layer
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        self.outputs = nest.flatten(outputs)
        self.inbound = [t for t in nest.flatten((call_args, call_kwargs)) if is_keras_tensor(t)]
        layer._inbound_nodes.append(self)
        for i, t in enumerate(self.outputs):
            t._keras_history = (layer, len(layer._inbound_nodes) - 1, i)


def record_layer_call(layer, args, kwargs, outputs):
    KerasNode(layer, args, kwargs, outputs)
    return outputs


# TF names these ops' nodes after their Python functions, not their op types
_TF_NODE_NAMES = {"StridedSlice": "strided_slice", "ConcatV2": "concat", "Pack": "stack", "Transpose": "transpose",
                  "RealDiv": "truediv"}


def _op_layer_hook(op, inputs, outputs, attrs):
    """Called by the dispatcher when a raw op consumed Keras tensors outside any layer call."""
    if depth.value or not any(is_keras_tensor(t) for t in inputs):
        return
    from ..layers.op_layer import op_layer
    sources = []
    for t in inputs:
        if is_keras_tensor(t):
            sources.append(("keras", t))
        elif not isinstance(t, SymbolicTensor):  # an eager tensor (e.g. a Python scalar operand)
            sources.append(("const", np.asarray(t._value), t._dtype))
        elif t.op.op is CONST:
            sources.append(("const", t.op.attrs["value"], t.op.attrs["dtype"]))
        elif isinstance(t, SymbolicTensor) and "var" in (t.op.attrs or {}):
            sources.append(("var", t.op.attrs["var"]))
        else:
            sources.append(("const_tensor", t))
    layer = op_layer(op, attrs, sources)
    node = outputs[0].op  # named under its layer, as tf-keras names it ('tf.__operators__.add/AddV2:0')
    node.name = node.graph.unique_name(f"{layer.name}/{_TF_NODE_NAMES.get(op.name, op.name)}")
    record_layer_call(layer, [s[1] for s in sources if s[0] == "keras"], {}, list(outputs))


registry.keras_hook[0] = _op_layer_hook
