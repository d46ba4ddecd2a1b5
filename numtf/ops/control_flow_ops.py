"""Control flow: the public names (`tf.cond`, `tf.case`, `tf.switch_case`, `tf.while_loop`,
`tf.TensorArray`). The ops live in cond_ops.py, while_ops.py and tensor_array_ops.py; their shared
sub-graph machinery in control_flow_util.py.

    >>> tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [0])
    (<tf.Tensor: shape=(), dtype=int32, numpy=3>,)
"""
from .cond_ops import cond, case, switch_case
from .while_ops import while_loop
from .tensor_array_ops import TensorArray

__all__ = ["cond", "case", "switch_case", "while_loop", "TensorArray"]
