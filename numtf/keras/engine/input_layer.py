"""`tf.keras.Input` and `InputLayer`: the entry points of a functional model.

    >>> x = tf.keras.Input(shape=(3,))
    >>> x.shape
    TensorShape([None, 3])
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from .. import backend
from .base_layer import Layer
from .keras_tensor import keras_graph, record_layer_call


class InputLayer(Layer):
    """Holds the placeholder a functional model starts from."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=None,
                 name=None, ragged=None, type_spec=None, batch_input_shape=None, **kwargs):
        if batch_input_shape is None:
            shape = () if input_shape is None else tuple(input_shape)
            batch_input_shape = (batch_size,) + shape
        super().__init__(name=name or backend.unique_object_name("input", zero_based=False),
                         dtype=dtype or backend.floatx())
        self._batch_input_shape = tuple(batch_input_shape)
        self.built = True
        g = keras_graph()
        record_layer_call(self, [], {}, [g.placeholder(self._dtype, TensorShape(self._batch_input_shape), self.name)])

    @property
    def input(self):  # an input layer's input is its output (the placeholder), as in tf-keras
        return self.output

    @property
    def input_shape(self):  # tf-keras gives an input layer's shapes as a one-element list
        return [tuple(self.output.shape.as_list())]

    @property
    def output_shape(self):
        return [tuple(self.output.shape.as_list())]

    def get_config(self):
        return {"batch_input_shape": self._batch_input_shape, "dtype": self.dtype, "sparse": False,
                "ragged": False, "name": self.name, "optional": False}

    @classmethod
    def from_config(cls, config):
        config = {k: v for k, v in config.items() if k in ("batch_input_shape", "dtype", "name")}
        return cls(**config)

    def call(self, inputs):
        return inputs


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=None, tensor=None, ragged=None,
          type_spec=None, batch_shape=None, **kwargs):
    """A Keras symbolic tensor: the input of a functional model (the batch dimension is None).

        >>> x = tf.keras.Input(shape=(28, 28, 1))
    """
    if shape is None and batch_shape is None:
        raise ValueError("Please provide to Input a `shape` or a `tensor` or a `type_spec` argument. Note that "
                         "`shape` does not include the batch dimension.")
    if isinstance(shape, int):
        shape = (shape,)
    batch_input_shape = tuple(batch_shape) if batch_shape is not None else (batch_size,) + tuple(shape)
    layer = InputLayer(batch_input_shape=batch_input_shape, name=name,
                       dtype=dtypes.as_dtype(dtype).name if dtype is not None else None)
    return layer.output
