"""`TFOpLambda`: a raw op applied to Keras tensors in a functional model (tf-keras's TFOpLambda).

    x = tf.keras.Input(shape=(3,))
    y = x * 2.0 + 1.0          # two OpLayers: tf.math.multiply, tf.__operators__.add
"""
from ...framework.tensor import wrap
from ...ops.registry import execute
from ..engine.base_layer import Layer

# TF's public names for the primitives tf-keras shows in summaries
_PUBLIC_NAMES = {"AddV2": "tf.__operators__.add", "Sub": "tf.math.subtract", "Mul": "tf.math.multiply",
                 "RealDiv": "tf.math.truediv", "Neg": "tf.math.negative", "ConcatV2": "tf.concat",
                 "StridedSlice": "tf.__operators__.getitem", "Reshape": "tf.reshape", "Pack": "tf.stack",
                 "MatMul": "tf.linalg.matmul", "Transpose": "tf.compat.v1.transpose", "Sum": "tf.math.reduce_sum",
                 "Mean": "tf.math.reduce_mean", "Max": "tf.math.reduce_max", "Square": "tf.math.square",
                 "Exp": "tf.math.exp", "Log": "tf.math.log", "Relu": "tf.nn.relu", "Softmax": "tf.nn.softmax",
                 "Sigmoid": "tf.math.sigmoid", "Tanh": "tf.math.tanh", "Cast": "tf.cast",
                 "ExpandDims": "tf.expand_dims", "Squeeze": "tf.compat.v1.squeeze"}


class TFOpLambda(Layer):
    """Replays one op on the real inputs; constants and variables it used are kept as they were."""

    def __init__(self, op, attrs, sources, name=None, **kwargs):
        base = _PUBLIC_NAMES.get(op.name, f"tf.raw_ops.{op.name}")
        from .. import backend
        super().__init__(name=name or backend.unique_object_name(base), **kwargs)
        self.op = op
        self.op_attrs = dict(attrs or {})
        self.sources = sources
        self._autocast = False
        self.built = True

    def call(self, *inputs):
        if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):  # called with one list (from_config)
            inputs = inputs[0]
        it = iter(inputs)
        args = []
        for source in self.sources:
            kind = source[0]
            if kind == "keras":
                args.append(next(it))
            elif kind == "const":
                args.append(wrap(source[1], source[2]))
            elif kind == "var":
                args.append(source[1]._read())
            else:
                args.append(source[1])
        return execute(self.op, args, self.op_attrs)

    def get_config(self):
        config = super().get_config()
        config["function"] = self.op.name
        config["op_attrs"] = _encode(self.op_attrs)
        config["sources"] = [_encode_source(source) for source in self.sources]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ...ops.registry import REGISTRY
        config = dict(config)
        op = REGISTRY.get(config.pop("function"))
        if op is None or "sources" not in config:
            raise ValueError(f"Cannot rebuild the op layer '{config.get('name')}': its op is not a registered "
                             "numtf primitive.")
        attrs = _decode(config.pop("op_attrs", {}))
        sources = [_decode_source(source) for source in config.pop("sources")]
        for key in ("trainable", "dtype"):
            config.pop(key, None)
        return cls(op, attrs, sources, **config)


def _encode(value):
    """JSON-safe form of op attributes (arrays, tuples and dtypes are tagged)."""
    import numpy as np
    from ...framework.dtypes import DType
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, np.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": value.dtype.name}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, DType):
        return {"__dtype__": value.name}
    if isinstance(value, type) and issubclass(value, np.generic) or isinstance(value, np.dtype):
        return {"__npdtype__": np.dtype(value).name}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"An op attribute of type {type(value).__name__} cannot be saved")


def _decode(value):
    import numpy as np
    from ...framework.dtypes import as_dtype
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(_decode(v) for v in value["__tuple__"])
    if "__ndarray__" in value:
        return np.array(value["__ndarray__"], dtype=value["dtype"])
    if "__dtype__" in value:
        return as_dtype(value["__dtype__"])
    if "__npdtype__" in value:
        return np.dtype(value["__npdtype__"]).type
    return {k: _decode(v) for k, v in value.items()}


def _encode_source(source):
    if source[0] == "keras":
        return ["keras"]
    if source[0] == "const":
        return ["const", _encode(source[1]), source[2].name]
    raise ValueError("An op layer that reads a variable or a non-constant tensor cannot be saved")


def _decode_source(source):
    from ...framework.dtypes import as_dtype
    if source[0] == "keras":
        return ("keras", None)
    return ("const", _decode(source[1]), as_dtype(source[2]))


class SlicingOpLambda(TFOpLambda):
    """A slice (`x[:, :1]`) of a Keras tensor."""


def op_layer(op, attrs, sources):
    """The layer standing for `op` applied to Keras tensors."""
    cls = SlicingOpLambda if op.name == "StridedSlice" else TFOpLambda
    return cls(op, attrs, sources)
