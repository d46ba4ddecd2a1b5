"""`tf.keras.regularizers`: penalties on weights, added to `layer.losses`.

    >>> float(tf.keras.regularizers.L2(0.1)(tf.ones([2])))
    0.2
"""
from ..ops import math_ops, reduction_ops


class Regularizer:
    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    """l1 * sum(|x|) + l2 * sum(x^2)."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        total = 0.0
        if self.l1:
            total = total + self.l1 * reduction_ops.reduce_sum(math_ops.abs(x))
        if self.l2:
            total = total + self.l2 * reduction_ops.reduce_sum(math_ops.square(x))
        return total

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    def __init__(self, l1=0.01, **kwargs):
        super().__init__(l1=kwargs.get("l", l1))

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    def __init__(self, l2=0.01, **kwargs):
        super().__init__(l2=kwargs.get("l", l2))

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (`mode='rows'`) or columns of a 2D weight towards orthogonality:
    factor * 0.5 * sum(|off-diagonal of the Gram matrix of the l2-normalized vectors|) / pairs.

        >>> r = tf.keras.regularizers.OrthogonalRegularizer(factor=1.0)
        >>> float(r(tf.eye(3)))
        0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        from . import backend
        if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor != factor \
                or factor in (float("inf"), float("-inf")):
            raise ValueError(f"Value {factor} is not a valid regularization penalty number, expected an int or "
                             "float value.")
        self.factor = float(backend.cast_to_floatx(factor))  # float32-rounded, as tf-keras's config shows it
        if mode not in {"rows", "columns"}:
            raise ValueError(f'Invalid value for argument `mode`. Expected one of {{"rows", "columns"}}. '
                             f"Received: mode={mode}")
        self.mode = mode

    def __call__(self, inputs):
        from ..ops import array_ops as aops, creation_ops, linalg_ops
        from ..ops.math_ops import matmul
        if inputs.shape.rank != 2:
            raise ValueError(f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape == "
                             f"{inputs.shape}")
        if self.mode == "rows":
            x = linalg_ops.l2_normalize(inputs, axis=1)
            product, size = matmul(x, aops.transpose(x)), inputs.shape[0]
        else:
            x = linalg_ops.l2_normalize(inputs, axis=0)
            product, size = matmul(aops.transpose(x), x), inputs.shape[1]
        off = product * (1.0 - creation_ops.eye(size, dtype=inputs.dtype))
        num_pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * reduction_ops.reduce_sum(math_ops.abs(off)) / num_pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1, l2, l1_l2 = L1, L2, L1L2
orthogonal_regularizer = OrthogonalRegularizer
_BY_NAME = {"l1": L1, "l2": L2, "l1_l2": L1L2, "L1": L1, "L2": L2, "L1L2": L1L2,
            "OrthogonalRegularizer": OrthogonalRegularizer, "orthogonal_regularizer": OrthogonalRegularizer}


def get(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown regularizer: '{identifier}'")
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict):
        return _BY_NAME[identifier["class_name"]].from_config(identifier.get("config", {}))
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")


def serialize(regularizer):
    return {"class_name": type(regularizer).__name__, "config": regularizer.get_config()}


def deserialize(config, custom_objects=None):
    """The regularizer a `serialize` dict (or a name) describes.

        >>> tf.keras.regularizers.deserialize({'class_name': 'L2', 'config': {'l2': 0.5}}).l2
        0.5
    """
    if isinstance(config, dict) and custom_objects and config.get("class_name") in custom_objects:
        return custom_objects[config["class_name"]].from_config(config.get("config", {}))
    if isinstance(config, str) and custom_objects and config in custom_objects:
        return custom_objects[config]()
    if isinstance(config, dict) and config.get("class_name") not in _BY_NAME:
        raise ValueError(f"Unknown regularizer: '{config.get('class_name')}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope.")
    return get(config)
