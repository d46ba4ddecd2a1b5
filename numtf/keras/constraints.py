"""`tf.keras.constraints`: projections applied to weights after each optimizer update."""
from ..ops import array_ops, math_ops, reduction_ops


class Constraint:
    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class NonNeg(Constraint):
    def __call__(self, w):
        return w * array_ops.cast(math_ops.greater_equal(w, 0.0), w.dtype)


class MaxNorm(Constraint):
    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = math_ops.sqrt(reduction_ops.reduce_sum(math_ops.square(w), axis=self.axis, keepdims=True))
        desired = math_ops.clip_by_value(norms, 0, self.max_value)
        return w * (desired / (1e-7 + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class UnitNorm(Constraint):
    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return w / (1e-7 + math_ops.sqrt(reduction_ops.reduce_sum(math_ops.square(w), axis=self.axis, keepdims=True)))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        norms = math_ops.sqrt(reduction_ops.reduce_sum(math_ops.square(w), axis=self.axis, keepdims=True))
        desired = self.rate * math_ops.clip_by_value(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (1e-7 + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": self.axis}


class RadialConstraint(Constraint):
    """Makes a (height, width, channels, filters) square kernel constant on each ring around its
    center, as tf-keras does: ring r >= 1 takes the kernel's value on the diagonal just inside it
    (index start + r - 1 for odd sizes, start + r for even ones, start = size // 2) and the
    center (one entry, or 2x2 for even sizes) takes the entry at [start - 1, start - 1].

        >>> k = tf.reshape(tf.range(9.), (3, 3, 1, 1))
        >>> tf.keras.constraints.RadialConstraint()(k)[..., 0, 0].numpy().tolist()
        [[4.0, 4.0, 4.0], [4.0, 0.0, 4.0], [4.0, 4.0, 4.0]]
    """

    def __call__(self, w):
        import numpy as np
        from ..framework.errors import InvalidArgumentError
        from ..ops import array_ops as aops, stack_ops
        from ..ops.convert import constant
        shape = w.shape
        if shape.rank is None or shape.rank != 4:
            raise ValueError(f"The weight tensor must have rank 4. Received weight tensor with shape: {shape}")
        height, width, channels, kernels = shape.as_list()
        if height != width:
            raise InvalidArgumentError(None, None, f"RadialConstraint: the kernel must be square, got {height}x{width} "
                                       "(tf-keras fails reshaping it)")
        n, start = height, height // 2
        ring = np.maximum(np.abs(np.arange(n)[:, None] * 2 - (n - 1)), np.abs(np.arange(n)[None, :] * 2 - (n - 1)))
        ring = (ring // 2) if n % 2 else ((ring - 1) // 2)          # 0 at the center, 1, 2, ... outwards
        diag = [start - 1] + [start + r - 1 if n % 2 else start + r for r in range(1, (n + 1) // 2)]
        flat = aops.reshape(w, (n, n, channels * kernels))
        values = stack_ops.stack([flat[d, d] for d in diag], axis=0)  # (rings, channels * kernels)
        out = aops.gather(values, constant(ring.reshape(-1).astype(np.int32)))
        return aops.reshape(out, (height, width, channels, kernels))


max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm
radial_constraint = RadialConstraint
_BY_NAME = {"max_norm": MaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm, "min_max_norm": MinMaxNorm,
            "MaxNorm": MaxNorm, "NonNeg": NonNeg, "UnitNorm": UnitNorm, "MinMaxNorm": MinMaxNorm,
            "RadialConstraint": RadialConstraint, "radial_constraint": RadialConstraint}


def get(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, str):
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict):
        return _BY_NAME[identifier["class_name"]].from_config(identifier.get("config", {}))
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}")


def serialize(constraint):
    """{'module': 'keras.constraints', 'class_name', 'config', 'registered_name'} (tf-keras's form).

        >>> tf.keras.constraints.serialize(tf.keras.constraints.NonNeg())['class_name']
        'NonNeg'
    """
    return {"module": "keras.constraints", "class_name": type(constraint).__name__,
            "config": constraint.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """The constraint a `serialize` dict (or a name) describes."""
    name = config.get("class_name") if isinstance(config, dict) else config
    if custom_objects and name in custom_objects:
        cls = custom_objects[name]
        return cls.from_config(config.get("config", {})) if isinstance(config, dict) else cls()
    if name not in _BY_NAME:
        raise ValueError(f"Unknown constraint: '{name}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope.")
    return get(config)
