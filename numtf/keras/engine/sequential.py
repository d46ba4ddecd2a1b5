"""`tf.keras.Sequential`: a linear stack of layers.

    >>> model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation='relu'),
    ...                              tf.keras.layers.Dense(1)])
    >>> model(tf.ones([2, 3])).shape
    TensorShape([2, 1])
"""
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...graph.graph import Graph
from .base_layer import Layer
from .input_spec import check_model_inputs, conform_rank
from .training import Model


class Sequential(Model):
    """Calls its layers in order; builds when the input shape is known (first call, or a first
    layer declaring `input_shape`), recording each layer's output shape for `summary()`."""

    # A Sequential is a functional model in tf-keras: its layers are named in the caller's scope
    # ('conv2d/kernel:0', not 'sequential/conv2d/kernel:0') and it passes dtypes through.
    _name_scoped = False

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self._autocast = False
        self._stack = []
        self._input_shape_from_layer = None
        self._declared_shape = None  # from an Input or the first layer's input_shape
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Appends a layer (a first layer with `input_shape=`, a `tf.keras.Input` or an InputLayer
        builds the model right away)."""
        history = getattr(layer, "_keras_history", None)
        if history is not None and type(history[0]).__name__ == "InputLayer" and not self._stack:
            layer = history[0]
        if type(layer).__name__ == "InputLayer":
            if self._stack:
                raise ValueError("An InputLayer can only be the first layer of a Sequential model.")
            self._input_shape_from_layer = layer._batch_input_shape
            self._declared_shape = TensorShape(layer._batch_input_shape)
            return
        if not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer. "
                            f"Received: layer={layer} of type {type(layer)}.")
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(f'All layers added to a Sequential model should have unique names. Name '
                             f'"{layer.name}" is already the name of a layer in this model. Update the '
                             '`name` argument to pass a unique name.')
        self._stack.append(layer)
        self._layers.append(layer)
        self.built = False
        first = self._stack[0]
        declared = self._input_shape_from_layer or first._batch_input_shape
        self._declared_shape = None if declared is None else TensorShape(declared)
        if declared is not None:
            self.build(declared)

    def pop(self):
        """Removes the last layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self._layers.remove(layer)
        if not self._stack and self._input_shape_from_layer is None:
            self._declared_shape = None
        self.built = False
        return layer

    @property
    def layers(self):
        return list(self._stack)

    def build(self, input_shape=None):
        """Builds every layer by running the stack symbolically on `input_shape`."""
        if input_shape is None:
            first = self._stack[0] if self._stack else None
            input_shape = self._input_shape_from_layer or (first._batch_input_shape if first else None)
            if input_shape is None:
                raise ValueError("You must provide an `input_shape` argument.")
        shape = TensorShape(input_shape)
        g = Graph()
        with g.as_default():
            x = g.placeholder(self._dtype, shape)
            for layer in self._stack:
                x = layer(x)
                layer._summary_output_shape = tuple(x.shape.as_list()) if x.shape.rank is not None else None
        self._build_input_shape = shape
        self.built = True

    def __call__(self, *args, **kwargs):
        inputs = args[0] if args else kwargs.get("inputs")
        if self._declared_shape is not None and inputs is not None:
            check_model_inputs(self, [self._declared_shape], inputs)
        return super().__call__(*args, **kwargs)

    def call(self, inputs, training=None, mask=None):
        declared = self._declared_shape
        x = inputs if declared is None or not isinstance(inputs, Tensor) else conform_rank(inputs, declared)
        for layer in self._stack:
            if layer._expects_training_arg and training is not None:
                x = layer(x, training=training)
            else:
                x = layer(x)
        return x

    def _maybe_build(self, inputs):
        self.built = True  # layers build themselves on the first real call

    def get_config(self):
        from ..layers.serialization import serialize_layer
        return {"name": self.name, "layers": [serialize_layer(layer) for layer in self._stack]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..layers.serialization import deserialize_layer
        return cls([deserialize_layer(c, custom_objects) for c in config["layers"]], name=config.get("name"))
