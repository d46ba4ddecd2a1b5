"""`tf.keras.mixed_precision.Policy` and the global policy.

A policy names the dtype a layer computes in (`compute_dtype`) and the dtype its variables are
kept in (`variable_dtype`): 'mixed_float16' computes in float16 with float32 variables,
'mixed_bfloat16' in bfloat16 (numtf stores bfloat16 as float32: see numtf.framework.dtypes),
and the name of any dtype ('float32', 'float64', 'float16', 'int32'...) uses that dtype for both.

    >>> policy = tf.keras.mixed_precision.Policy('mixed_float16')
    >>> policy.compute_dtype, policy.variable_dtype
    ('float16', 'float32')
"""
import threading

from ...framework import dtypes
from .. import backend

__all__ = ["Policy", "global_policy", "set_global_policy", "serialize", "deserialize", "layer_policy"]


class Policy:
    """A dtype policy for layers (see the module docstring).

        >>> tf.keras.layers.Dense(2, dtype=tf.keras.mixed_precision.Policy('mixed_float16')).compute_dtype
        'float16'
    """

    def __init__(self, name):
        if isinstance(name, dtypes.DType):
            raise TypeError("'name' must be a string, not a DType. Instead, pass DType.name. Got: " + name.name)
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string, but got: {name}")
        self._name = name
        self._compute_dtype, self._variable_dtype = self._parse_name(name)

    @staticmethod
    def _parse_name(name):
        """(compute dtype, variable dtype) names of a policy name."""
        if name.endswith("_float32_vars"):
            raise ValueError(f"Policies ending in '_float32_vars' have been removed from TensorFlow. Please use "
                             f"the 'mixed_float16' or 'mixed_bfloat16' policy instead. Got policy name: '{name}'")
        if name == "mixed_float16":
            return "float16", "float32"
        if name == "mixed_bfloat16":
            return "bfloat16", "float32"
        if name == "_infer":  # the dtype of a layer's first input (TF1-style layers)
            return None, None
        try:
            dtype = dtypes.as_dtype(name).name
        except (TypeError, ValueError):
            raise ValueError(f"Cannot convert value {name} to a mixed precision Policy. Valid policies include "
                             "'mixed_float16', 'mixed_bfloat16', and the name of any dtype such as "
                             "'float32'.") from None
        return dtype, dtype

    @property
    def name(self):
        return self._name

    @property
    def compute_dtype(self):
        """The dtype of a layer's computations (its inputs are cast to it)."""
        return self._compute_dtype

    @property
    def variable_dtype(self):
        """The dtype a layer's variables are created in."""
        return self._variable_dtype

    def __repr__(self):
        return f'<Policy "{self._name}">'

    def __eq__(self, other):
        return type(other) is type(self) and other._name == self._name

    def __hash__(self):
        return hash(self._name)

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**{k: v for k, v in config.items() if k == "name"})


class _Global(threading.local):
    policy = None  # None: Policy(floatx())


_global = _Global()


def global_policy():
    """The policy of layers created without a `dtype` (`Policy(floatx())` unless set).

        >>> tf.keras.mixed_precision.global_policy()
        <Policy "float32">
    """
    return _global.policy if _global.policy is not None else Policy(backend.floatx())


def set_global_policy(policy):
    """Sets the policy of the layers created from now on without a `dtype` (None: back to
    floatx). Only floating-point policies can be global.

        >>> tf.keras.mixed_precision.set_global_policy('mixed_float16')
        >>> tf.keras.layers.Dense(2).compute_dtype
        'float16'
        >>> tf.keras.mixed_precision.set_global_policy(None)
    """
    if policy is not None and not isinstance(policy, Policy):
        policy = Policy(policy)
    if policy is not None and policy.compute_dtype is not None and \
            not dtypes.as_dtype(policy.compute_dtype).is_floating:
        raise ValueError("set_global_policy can only be used to set the global policy to floating-point policies, "
                         f"such as \"float32\" and \"mixed_float16\", but got policy: {policy.name}")
    _global.policy = policy


def _equivalent_to_dtype(policy):
    return type(policy) is Policy and (policy.name == "_infer" or policy.compute_dtype == policy.variable_dtype)


def serialize(policy):
    """A layer config's 'dtype': the dtype name when the policy is just a dtype, else the policy's
    Keras serialization."""
    if _equivalent_to_dtype(policy):
        return policy.name
    return {"module": "keras.mixed_precision", "class_name": type(policy).__name__, "config": policy.get_config(),
            "registered_name": None}


def deserialize(config, custom_objects=None):
    """The policy of `serialize`'s output (a name or a {'class_name': 'Policy', ...} dict)."""
    if isinstance(config, str):
        return Policy(config)
    if config.get("class_name") not in ("Policy", "PolicyV1"):
        raise ValueError(f"Unknown policy class: {config.get('class_name')}")
    return Policy.from_config(config.get("config", {}))


def layer_policy(dtype):
    """The policy a layer's `dtype` argument gives: the global one for None; a Policy, a policy
    name, a serialized policy, or a dtype (tf.float64, np.float16, 'float64')."""
    if dtype is None:
        return global_policy()
    if isinstance(dtype, Policy):
        return dtype
    if isinstance(dtype, dict):
        return deserialize(dtype)
    if isinstance(dtype, str):
        return Policy(dtype)
    return Policy(dtypes.as_dtype(dtype).name)
