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
        return config


class SlicingOpLambda(TFOpLambda):
    """A slice (`x[:, :1]`) of a Keras tensor."""


def op_layer(op, attrs, sources):
    """The layer standing for `op` applied to Keras tensors."""
    cls = SlicingOpLambda if op.name == "StridedSlice" else TFOpLambda
    return cls(op, attrs, sources)
