"""`tf.keras.Sequential`: a linear stack of layers.

    >>> model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation='relu'),
    ...                              tf.keras.layers.Dense(1)])
    >>> model(tf.ones([2, 3])).shape
    TensorShape([2, 1])

As in tf-keras, a Sequential whose input is known is also a graph of Keras tensors (`model.inputs`,
`model.outputs`, each layer's `input`/`output`): from the start when it begins with a
`tf.keras.Input` (or a first layer declaring `input_shape=`), otherwise from `model.build(shape)`
or from its first call, whose input shape (relaxed to `None` where later calls differ) it records.
It still runs by calling its layers in turn.
"""
from ...framework.context import ctx
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...graph.graph import Graph
from ...util import nest
from . import keras_tensor as _kt
from .base_layer import Layer
from .functional import Functional, GraphIO, check_dict_inputs, int_shape
from .input_spec import check_model_inputs, conform_rank
from .training import Model

_SINGLE_OUTPUT = ("All layers in a Sequential model should have a single output tensor. For multi-output "
                  "layers, use the functional API.")


def _is_input_layer(layer):
    return type(layer).__name__ == "InputLayer"


def _declared_input(layer):
    """(batch_input_shape, dtype) a first layer declares, looking into nested models' first
    layers as tf-keras does; (None, None) when it declares none."""
    while isinstance(layer, (Sequential, Functional)):
        if not layer.layers:
            raise ValueError("An empty Model cannot be used as a Layer.")
        layer = layer.layers[0]
    shape = getattr(layer, "_batch_input_shape", None)
    return (tuple(shape), layer.dtype) if shape else (None, None)


def _dims(x):
    """The static shape of a symbolic tensor as a tuple (None for an unknown rank)."""
    shape = x.shape
    return None if shape.rank is None else tuple(shape.as_list())


def _relax(old, new):
    """tf-keras's inferred input shape after seeing `new`: dimensions that differ become None; a
    different rank keeps the old shape."""
    if old is None:
        return new
    if len(old) != len(new):
        return old
    return tuple(a if a == b else None for a, b in zip(old, new))


class Sequential(GraphIO, Model):
    """Calls its layers in order (see module docstring); `input`, `output`, `input_shape`,
    `output_shape` raise AttributeError, as in tf-keras, until it is a graph of Keras tensors."""

    # A Sequential is a functional model in tf-keras: its layers are named in the caller's scope
    # ('conv2d/kernel:0', not 'sequential/conv2d/kernel:0') and it passes dtypes through.
    _name_scoped = False

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self._autocast = False
        self._stack = []
        d = self.__dict__  # plain entries: lists of Keras tensors are not tracked containers
        d["inputs"] = None   # [Keras tensor] once the model is a graph, as tf-keras's
        d["outputs"] = None
        d["_explicit_input"] = False  # an Input, or the first layer's input_shape, fixed the input
        d["_legacy_deferred"] = False  # called on something other than one tensor: never a graph
        d["_inferred_shape"] = None  # the input shape recorded from build() or calls
        d["_last_dims"] = None  # the last input shape seen (a fast path for repeated calls)
        d["_graph_nodes"] = []  # this model's node of each layer in the graph, in order
        d["_input_rank"] = None  # the rank of `inputs[0]`, while the model has a graph
        for layer in layers or []:
            self.add(layer)

    # -- the graph of Keras tensors --------------------------------------------------------
    def _set_graph(self, inputs, nodes):
        d = self.__dict__
        outputs = [nodes[-1].outputs[0]] if nodes else list(inputs)
        d["inputs"], d["outputs"], d["_graph_nodes"] = list(inputs), outputs, list(nodes)
        d["_nested_inputs"], d["_nested_outputs"] = inputs[0], outputs[0]
        d["_input_rank"] = inputs[0].shape.rank
        for node in nodes:
            node.layer._summary_output_shape = int_shape(node.outputs[0])
        self._build_input_shape = inputs[0].shape
        self.built = True

    def _call_on_graph(self, layer, x):
        """`layer` called on the Keras tensor `x` (recorded even when this model is itself being
        called on Keras tensors): its node, and whether it has the one output a Sequential needs."""
        saved = _kt.depth.value
        _kt.depth.value = 0
        try:
            y = layer(x)
        finally:
            _kt.depth.value = saved
        return layer._inbound_nodes[-1], len(nest.flatten(y)) == 1

    def _infer_graph(self, dims, dtype):
        """Makes the model a graph of Keras tensors for an input shape it was not declared with
        (`build(shape)`, or the shape of the inputs it is called on), as tf-keras does: the
        shape is relaxed against the one recorded before and the graph rebuilt when it changes.
        Layers that cannot run on Keras tensors leave the model without a graph."""
        d = self.__dict__
        if d["_explicit_input"] or d["_legacy_deferred"] or not self._stack or not ctx.eager_default:
            return
        shape = _relax(d["_inferred_shape"], tuple(dims))
        if shape == d["_inferred_shape"]:
            return
        from .input_layer import Input
        for layer, node in zip(self._stack, d["_graph_nodes"]):
            _forget_node(layer, node)
        first = self._stack[0]
        x = Input(batch_shape=shape, dtype=dtype, name=first.name + "_input")
        saved_losses = [(layer, list(layer._losses)) for layer in self._flatten_layers()]
        nodes, single = [], True
        try:
            for layer in self._stack:
                node, single = self._call_on_graph(layer, node.outputs[0] if nodes else x)
                if not single:
                    break
                nodes.append(node)
        except Exception:  # noqa: BLE001 - tf-keras then runs the layers one by one, with no graph
            d["_legacy_deferred"] = True
            return
        finally:
            for layer, losses in saved_losses:  # symbolic activity-regularizer losses are not kept
                layer.__dict__["_losses"] = losses
        if not single:
            raise ValueError(_SINGLE_OUTPUT)
        self._set_graph([x], nodes)
        d["_inferred_shape"] = shape

    def add(self, layer):
        """Appends a layer; a `tf.keras.Input` (or InputLayer) first, or a first layer declaring
        `input_shape=`, makes the model a graph of Keras tensors right away."""
        history = getattr(layer, "_keras_history", None)
        if history is not None and _is_input_layer(history[0]):  # a tf.keras.Input: its layer
            layer = history[0]
        d = self.__dict__
        if _is_input_layer(layer):
            if self._stack or d["_explicit_input"]:
                raise ValueError("An InputLayer can only be the first layer of a Sequential model.")
            d["_explicit_input"] = True
            self._set_graph([layer.output], [])
            return
        if not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer. "
                            f"Received: layer={layer} of type {type(layer)}.")
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(f'All layers added to a Sequential model should have unique names. Name '
                             f'"{layer.name}" is already the name of a layer in this model. Update the '
                             '`name` argument to pass a unique name.')
        if not self._stack and not d["_explicit_input"]:
            shape, dtype = _declared_input(layer)
            if shape is not None:
                from .input_layer import Input
                d["_explicit_input"] = True
                d["_nested_inputs"] = Input(batch_shape=shape, dtype=dtype, name=layer.name + "_input")
        graph_input = d.get("_nested_inputs") if d["_explicit_input"] else None
        tail = d["outputs"][0] if d["outputs"] else graph_input if not self._stack else None
        self.built = False
        if tail is not None:
            node, single = self._call_on_graph(layer, tail)
            if not single:
                raise ValueError(_SINGLE_OUTPUT)
            self._stack.append(layer)
            self._layers.append(layer)
            self._set_graph(d["inputs"] or [graph_input], d["_graph_nodes"] + [node])
            return
        self._stack.append(layer)
        self._layers.append(layer)

    def pop(self):
        """Removes the last layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self._layers.remove(layer)
        d = self.__dict__
        nodes = d["_graph_nodes"][:-1]
        if not self._stack:  # as in tf-keras: no inputs/outputs, though input_shape still answers
            d["inputs"] = d["outputs"] = d["_input_rank"] = None
            d["_graph_nodes"] = []
            self.built = False
        elif d["inputs"]:
            self._set_graph(d["inputs"], nodes)
        else:
            self.built = False
        return layer

    @property
    def layers(self):
        return list(self._stack)

    def build(self, input_shape=None):
        """Builds every layer for inputs of `input_shape` (a model that already has a graph of
        Keras tensors keeps it)."""
        if self.__dict__["inputs"]:
            self._set_graph(self.inputs, self._graph_nodes)
            return
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        shape = TensorShape(input_shape)
        if shape.rank is not None:
            self._infer_graph(shape.as_list(), None)
        if self.built:
            return
        if self._stack:  # layers that cannot run on Keras tensors: built on a scratch graph
            g = Graph()
            with g.as_default():
                x = g.placeholder(self._dtype, shape)
                for layer in self._stack:
                    x = layer(x)
                    layer._summary_output_shape = int_shape(x)
        self._build_input_shape = shape
        self.built = True

    def __call__(self, *args, **kwargs):
        inputs = args[0] if args else kwargs.get("inputs")
        d = self.__dict__
        if isinstance(inputs, dict) and d["inputs"]:
            # a dict keyed by the input layer's name feeds its one input, as in a functional model
            name = d["inputs"][0]._keras_history[0].name
            check_dict_inputs([name], inputs)
            inputs = inputs[name]
            if args:
                args = (inputs,) + tuple(args[1:])
            else:
                kwargs["inputs"] = inputs
        if d["_explicit_input"] and d["inputs"] and inputs is not None:
            check_model_inputs(self, [d["inputs"][0].shape], inputs)
        return super().__call__(*args, **kwargs)

    def call(self, inputs, training=None, mask=None):
        d = self.__dict__
        x = inputs
        if isinstance(inputs, Tensor):
            dims = inputs._value.shape if type(inputs) is Tensor else _dims(inputs)
            if dims is not None and dims != d["_last_dims"] and not d["_explicit_input"] and \
                    not d["_legacy_deferred"]:
                d["_last_dims"] = dims
                self._infer_graph(dims, inputs.dtype)
            rank = d["_input_rank"]
            if rank is not None and dims is not None and len(dims) != rank:  # (N, 28, 28) for (N, 28, 28, 1)
                x = conform_rank(inputs, d["inputs"][0].shape)
        elif not d["_explicit_input"]:  # several inputs: tf-keras runs the layers with no graph
            d["_legacy_deferred"] = True
        for layer in self._stack:
            if layer._expects_training_arg and training is not None:
                x = layer(x, training=training)
            else:
                x = layer(x)
        return x

    def _maybe_build(self, inputs):
        self.built = True  # layers build themselves on the first real call
        if self.__dict__.get("_build_input_shape") is None:
            self._build_input_shape = nest.map_structure(lambda t: getattr(t, "shape", None), inputs)

    # -- configuration ------------------------------------------------------------------------
    # -- weights: none to show before the model is built (tf-keras raises, naming the way out) --
    def _assert_weights_created(self):
        if not self.built:
            raise ValueError(f"Weights for model '{self.name}' have not yet been created. Weights are created "
                             "when the model is first called on inputs or `build()` is called with an "
                             "`input_shape`.")

    @property
    def weights(self):
        self._assert_weights_created()
        return super().weights

    @property
    def trainable_weights(self):
        self._assert_weights_created()
        return super().trainable_weights

    @property
    def non_trainable_weights(self):
        self._assert_weights_created()
        return super().non_trainable_weights

    def get_config(self):
        """{'name', 'layers'}; the layers start with the InputLayer when the model has a graph."""
        from ..layers.serialization import serialize_layer
        layers = []
        source = self.__dict__.get("_nested_inputs")
        if source is not None:
            layers.append(serialize_layer(source._keras_history[0]))
        return {"name": self.name, "layers": layers + [serialize_layer(layer) for layer in self._stack]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A new model with new layers, built as the original was when its config starts with an
        InputLayer (so `clone.set_weights(model.get_weights())` works at once)."""
        from ..layers.serialization import deserialize_layer
        if isinstance(config, list):  # the oldest Keras configs: the list of layers
            config = {"layers": config}
        model = cls(name=config.get("name"))
        for entry in config["layers"]:
            model.add(deserialize_layer(entry, custom_objects, build=True))
        shape = config.get("build_input_shape")  # written by older Keras versions
        if not model.inputs and isinstance(shape, (list, tuple)):
            model.build(shape)
        return model


def _forget_node(layer, node):
    """Removes a node this model recorded on `layer` (its graph is being rebuilt); the layer's
    later nodes keep consistent indices in their tensors' `_keras_history`."""
    nodes = layer._inbound_nodes
    if not any(n is node for n in nodes):
        return
    nodes[:] = [n for n in nodes if n is not node]
    for index, kept in enumerate(nodes):
        for i, t in enumerate(kept.outputs):
            t._keras_history = (layer, index, i)
