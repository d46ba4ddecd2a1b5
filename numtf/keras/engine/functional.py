"""Functional models: `tf.keras.Model(inputs, outputs)` over a DAG of layer calls.

The model runs by calling each layer (its `__call__`) in topological order on the real tensors,
so it behaves exactly like the same layers called by hand: eagerly, under a tape, or traced.

    >>> x = tf.keras.Input(shape=(3,))
    >>> model = tf.keras.Model(x, tf.keras.layers.Dense(2)(x))
    >>> model(tf.ones([4, 3])).shape
    TensorShape([4, 2])
"""
import json
import warnings

from ...util import nest
from .. import backend
from .input_spec import check_model_inputs, conform_rank
from .keras_tensor import is_keras_tensor
from .training import Model


class GraphIO:
    """tf-keras's `input`, `output`, `input_shape` and `output_shape` of a model that is a graph of
    Keras tensors (`_nested_inputs`/`_nested_outputs`, in the structure the model was given); an
    AttributeError naming them while it is not one (a Sequential with no input yet)."""

    @property
    def input(self):
        return self._nested_inputs

    @property
    def output(self):
        return self._nested_outputs

    @property
    def input_shape(self):
        return nest.map_structure(int_shape, self._nested_inputs)

    @property
    def output_shape(self):
        return nest.map_structure(int_shape, self._nested_outputs)

    @property
    def input_names(self):
        """The input layers' names, in flattened order (sorted keys for a dict); None while
        the model is not a graph. Assignable, as in tf-keras."""
        return self.__dict__.get("_input_names") or _layer_names(self.__dict__.get("_nested_inputs"))

    @input_names.setter
    def input_names(self, names):
        self.__dict__["_input_names"] = names

    @property
    def output_names(self):
        """The output layers' names, in flattened order (sorted keys for dict outputs, whose
        losses and metrics tf-keras also names after the layers, not the keys)."""
        return self.__dict__.get("_output_names") or _layer_names(self.__dict__.get("_nested_outputs"))

    @output_names.setter
    def output_names(self, names):
        self.__dict__["_output_names"] = names


def check_dict_inputs(expected, inputs):
    """tf-keras's check of a dict fed to a model: each of the `expected` keys (the input layers'
    names, or the keys of a model built on a dict of inputs) must be there (ValueError), and
    keys matching none of them are ignored with a UserWarning."""
    for name in expected:
        if name not in inputs:
            raise ValueError(f'Missing data for input "{name}". You passed a data dictionary with keys '
                             f"{list(inputs)}. Expected the following keys: {list(expected)}")
    extra = [k for k in inputs if k not in expected]
    if extra:
        warnings.warn(f"Input dict contained keys {extra} which did not match any model input. They will be "
                      "ignored by the model.", UserWarning, stacklevel=3)


def _layer_names(structure):
    if structure is None:
        return None
    return [t._keras_history[0].name for t in nest.flatten(structure)]


def int_shape(t):
    shape = t.shape
    return None if shape.rank is None else tuple(shape.as_list())


class Functional(GraphIO, Model):
    """A model defined by connecting Keras tensors from `tf.keras.Input` to outputs."""

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        Model.__init__(self, name=name or backend.unique_object_name("model"), trainable=trainable)
        self._autocast = False
        if isinstance(inputs, dict) or isinstance(outputs, dict) or nest.is_nested(inputs) or nest.is_nested(outputs):
            pass
        for t in nest.flatten(inputs):
            if not is_keras_tensor(t) or type(t._keras_history[0]).__name__ != "InputLayer":
                raise ValueError("Input tensors to a Functional must come from `tf.keras.Input`. "
                                 f"Received: {t} (missing previous layer metadata).")
        for t in nest.flatten(outputs):
            if not is_keras_tensor(t):
                raise ValueError("Output tensors of a Functional model must be the output of a TensorFlow "
                                 f"`Layer` (thus holding past layer metadata). Found: {t}")
        self._nested_inputs = inputs
        self._nested_outputs = outputs
        self.inputs = nest.flatten(inputs)
        self.outputs = nest.flatten(outputs)
        self._nodes = self._nodes_by_depth(self._topological_nodes())
        seen, order = set(), []
        for node in self._nodes:
            if id(node.layer) not in seen:
                seen.add(id(node.layer))
                order.append(node.layer)
        self._functional_layers = order
        self._layers.extend(layer for layer in order if layer is not self)
        for layer in order:
            if type(layer).__name__ != "InputLayer":
                for node in layer._inbound_nodes:
                    if node.outputs:
                        layer._summary_output_shape = _shape_text(node.outputs)
        self.built = True

    def _topological_nodes(self):
        """Nodes from the inputs to the outputs (depth-first from each output)."""
        order, done, active = [], set(), set()
        inputs = {id(t) for t in self.inputs}

        def visit(tensor):
            layer, node_index, _ = tensor._keras_history
            node = layer._inbound_nodes[node_index]
            if id(node) in done:
                return
            if id(node) in active:
                raise ValueError("The functional model's graph has a cycle.")
            active.add(id(node))
            if id(tensor) not in inputs:
                for t in node.inbound:
                    visit(t)
            active.discard(id(node))
            done.add(id(node))
            order.append(node)

        for t in self.outputs:
            visit(t)
        missing = [n for n in order if type(n.layer).__name__ == "InputLayer"
                   and not any(o is t for o in n.outputs for t in self.inputs)]
        if missing:
            raise ValueError(f"Graph disconnected: cannot obtain value for tensor {missing[0].outputs[0]} at "
                             f"layer \"{missing[0].layer.name}\". The following previous layers were accessed "
                             "without issue: []")
        return order

    def _nodes_by_depth(self, order):
        """Nodes sorted by depth from the outputs, deepest first (Keras's layer order); a
        topological order too, so the model can run them in it."""
        depth = {}
        for node in reversed(order):  # outputs first
            d = depth.setdefault(id(node), 0)
            for t in node.inbound:
                layer, node_index, _ = t._keras_history
                parent = layer._inbound_nodes[node_index]
                depth[id(parent)] = max(depth.get(id(parent), 0), d + 1)
        self._node_depths = depth
        rank = {id(n): i for i, n in enumerate(order)}
        return sorted(order, key=lambda n: (-depth[id(n)], rank[id(n)]))

    @property
    def layers(self):
        return list(self._functional_layers)

    def _flatten_inputs(self, inputs):
        if isinstance(inputs, dict) and not isinstance(self._nested_inputs, dict):
            by_name = {t._keras_history[0].name: t for t in self.inputs}
            return [inputs[name] for name in by_name]
        if isinstance(self._nested_inputs, dict) and isinstance(inputs, dict):
            return nest.flatten({k: inputs[k] for k in self._nested_inputs})
        flat = nest.flatten(inputs)
        if len(flat) != len(self.inputs):
            raise ValueError(f'Layer "{self.name}" expects {len(self.inputs)} input(s), but it received '
                             f"{len(flat)} input tensors. Inputs received: {inputs}")
        return flat

    def __call__(self, *args, **kwargs):
        inputs = args[0] if args else kwargs.get("inputs")
        if isinstance(inputs, dict):
            expected = sorted(self._nested_inputs) if isinstance(self._nested_inputs, dict) else \
                [t._keras_history[0].name for t in self.inputs]
            check_dict_inputs(expected, inputs)
        elif inputs is not None:
            flat = nest.flatten(inputs)
            if len(flat) != len(self.inputs):  # checked before the call, as tf-keras's input spec
                raise ValueError(f'Layer "{self.name}" expects {len(self.inputs)} input(s), but it received '
                                 f"{len(flat)} input tensors. Inputs received: {flat}")
            check_model_inputs(self, [t.shape for t in self.inputs], inputs)
        return super().__call__(*args, **kwargs)

    def call(self, inputs, training=None, mask=None):
        from ...ops.convert import convert_to_tensor
        values = {}
        for t, v in zip(self.inputs, self._flatten_inputs(inputs)):
            v = conform_rank(convert_to_tensor(v), t.shape)
            if v.dtype != t.dtype and v.dtype.is_floating and t.dtype.is_floating:
                from ...ops.stack_ops import cast
                v = cast(v, t.dtype)
            values[id(t)] = v
        for node in self._nodes:
            layer = node.layer
            if type(layer).__name__ == "InputLayer":
                continue
            args, kwargs = nest.map_structure(lambda x: values[id(x)] if is_keras_tensor(x) else x,
                                              (list(node.call_args), dict(node.call_kwargs)))
            if layer._expects_training_arg and training is not None and kwargs.get("training") is None:
                kwargs["training"] = training
            outs = layer(*args, **kwargs)
            for k, o in zip(node.outputs, nest.flatten(outs)):
                values[id(k)] = o
        return nest.pack_sequence_as(self._nested_outputs, [values[id(t)] for t in self.outputs])

    def _maybe_build(self, inputs):
        self.built = True

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the model (new layers, same structure) from `get_config()`."""
        inputs, outputs = _rebuild(config, custom_objects)
        return cls(inputs[0] if len(inputs) == 1 else inputs, outputs[0] if len(outputs) == 1 else outputs,
                   name=config.get("name"))

    def get_config(self):
        from ..layers.serialization import serialize_layer
        in_model = {id(node) for node in self._nodes}
        # a node's index counts only the layer's calls inside this model (a shared layer's others don't)
        index = {id(node): i for layer in self._functional_layers
                 for i, node in enumerate(n for n in layer._inbound_nodes if id(n) in in_model)}

        def ref(t):
            layer, node_index, tensor_index = t._keras_history
            return [layer.name, index.get(id(layer._inbound_nodes[node_index]), node_index), tensor_index]
        layers = []
        for layer in self._functional_layers:
            entry = serialize_layer(layer)
            entry["name"] = layer.name
            entry["inbound_nodes"] = [_node_config(node, ref) for node in layer._inbound_nodes
                                      if id(node) in in_model and node.inbound]
            layers.append(entry)
        return {"name": self.name, "trainable": self.trainable, "layers": layers,
                "input_layers": [ref(t) for t in self.inputs], "output_layers": [ref(t) for t in self.outputs]}


def _node_config(node, ref):
    """One call of a layer as tf-keras saves it: an entry [layer, node, tensor, kwargs] per tensor
    of the first argument, where kwargs holds the call's other arguments (positional ones by
    their parameter names) with Keras tensors as [layer, node, tensor] references."""
    layer = node.layer
    args, kwargs = list(node.call_args), dict(node.call_kwargs)
    if type(layer).__name__ in ("TFOpLambda", "SlicingOpLambda") or not args:
        return [ref(t) + [{}] for t in node.inbound]  # op layers: their Keras operands, in order
    names = _positional_names(layer)
    extra = dict(zip(names, args[1:]))
    extra.update(kwargs)
    extra = nest.map_structure(lambda x: ref(x) if is_keras_tensor(x) else x, extra)
    try:
        json.dumps(extra)
    except TypeError:
        types = {k: type(v).__name__ for k, v in extra.items()}
        raise TypeError(f"Layer {layer.name} was passed non-JSON-serializable arguments. Arguments had types: "
                        f"{types}. They cannot be serialized out when saving the model.") from None
    return [ref(t) + [extra] if is_keras_tensor(t) else [_CONSTANT, -1, _plain(t), extra]
            for t in nest.flatten(args[0])]


_CONSTANT = "_CONSTANT_VALUE"  # tf-keras's marker for a constant in a call's first argument


def _plain(value):
    return value.tolist() if hasattr(value, "tolist") else value


def _positional_names(layer):
    """The names of `layer.call`'s parameters after the first (its inputs)."""
    import inspect
    try:
        params = list(inspect.signature(layer.call).parameters.values())
    except (TypeError, ValueError):
        return []
    return [p.name for p in params[1:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _rebuild(config, custom_objects=None):
    """The Keras tensors of a functional config, by calling each deserialized layer on its inbound
    tensors in the saved order (a layer's node indices then line up with the saved ones)."""
    from ..layers.serialization import deserialize_layer
    layers = {}
    pending = []
    for entry in config["layers"]:
        layer = deserialize_layer(entry, custom_objects, build=True)
        layers[entry["name"]] = layer
        pending.extend((layer, node) for node in entry.get("inbound_nodes", []))

    def tensor(ref):
        name, node_index, tensor_index = ref[:3]
        nodes = layers[name]._inbound_nodes
        return nodes[node_index].outputs[tensor_index] if node_index < len(nodes) else None

    def is_ref(x):
        return (isinstance(x, list) and len(x) == 3 and isinstance(x[0], str) and x[0] in layers
                and all(isinstance(i, int) for i in x[1:]))

    def call_args(node):
        """The node's first argument and keyword arguments as tensors, or None if one is not made yet."""
        kwargs = _map_refs(node[0][3] if node and len(node[0]) > 3 else {}, is_ref, tensor)
        inputs = [entry[2] if entry[0] == _CONSTANT else tensor(entry) for entry in node]
        if kwargs is None or any(t is None for t, entry in zip(inputs, node) if entry[0] != _CONSTANT):
            return None
        return inputs, kwargs

    while pending:
        progressed = False
        for item in list(pending):
            layer, node = item
            ready = call_args(node)
            if ready is None:
                continue
            inputs, kwargs = ready
            layer(inputs if len(inputs) > 1 else inputs[0], **kwargs)
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError("The functional model's config has a layer whose inputs never appear: "
                             f"{pending[0][0].name}")
    return [tensor(r) for r in config["input_layers"]], [tensor(r) for r in config["output_layers"]]


def _map_refs(value, is_ref, tensor):
    """`value` with every [layer, node, tensor] reference replaced by its tensor; None while one
    of them is not made yet."""
    if is_ref(value):
        return tensor(value)
    if isinstance(value, dict):
        out = {k: _map_refs(v, is_ref, tensor) for k, v in value.items()}
        return None if any(v is None and value[k] is not None for k, v in out.items()) else out
    if isinstance(value, list):
        out = [_map_refs(v, is_ref, tensor) for v in value]
        return None if any(v is None and w is not None for v, w in zip(out, value)) else out
    return value


def _shape_text(outputs):
    shapes = [tuple(t.shape.as_list()) if t.shape.rank is not None else None for t in outputs]
    return shapes[0] if len(shapes) == 1 else shapes
