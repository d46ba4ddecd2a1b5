"""`tf.compat.v1` (also `import numtf.compat.v1 as tf`): the TensorFlow 1.x namespace.

numtf's ops under their TF1 names and signatures, plus graph mode: `disable_eager_execution`,
`placeholder`, `Session`, graph variables with initializers, `get_variable`/`variable_scope`,
`gradients`, `train.*Optimizer`, `losses`. Re-exports only (the logic is in the private modules
of this package, numtf/graph/session.py and numtf/graph/gradients.py).

    >>> import numtf.compat.v1 as tf
    >>> tf.disable_eager_execution()
    >>> x = tf.placeholder(tf.float32, [None, 3])
"""
import numtf as _numtf

# Everything numtf exports, then TF1's names on top. Names numtf adds later (or lazily, like
# keras) are found by __getattr__ below.
globals().update({_k: _v for _k, _v in vars(_numtf).items()
                  if not _k.startswith("_") and _k not in (
                      "framework", "ops", "autodiff", "graph", "util", "examples", "optimizers", "metrics",
                      "train", "losses", "nn", "initializers", "logging", "summary", "io",
                      "image")})  # TF1's own submodules below

from ...graph.session import Session, InteractiveSession, get_default_session  # noqa: E402,F401
from ...framework.variables import VariableAggregation  # noqa: E402,F401  (TF1's enum; tf's is V2)
from ...graph.gradients import gradients  # noqa: E402,F401
from ...framework.indexed_slices import IndexedSlicesValue  # noqa: E402,F401
from ...framework.sparse_tensor import SparseTensorValue  # noqa: E402,F401
from ._graph import (Graph, GraphKeys, Operation, get_default_graph, reset_default_graph,  # noqa: E402,F401
                     enable_eager_execution, disable_eager_execution, executing_eagerly, enable_v2_behavior,
                     disable_v2_behavior, get_collection, get_collection_ref, add_to_collection,
                     add_to_collections, control_dependencies, group, no_op, placeholder,
                     placeholder_with_default, ConfigProto, GPUOptions, RunOptions, RunMetadata)
from ._variables import (VariableV1 as Variable, global_variables, trainable_variables,  # noqa: E402,F401
                         local_variables, model_variables, moving_average_variables, all_variables,
                         variables_initializer, global_variables_initializer, local_variables_initializer,
                         initialize_all_variables, initialize_variables, initialize_local_variables,
                         is_variable_initialized, report_uninitialized_variables, assert_variables_initialized,
                         assign, assign_add, assign_sub)
from ._scope import (variable_scope, VariableScope, get_variable_scope, get_variable,  # noqa: E402,F401
                     get_local_variable, AUTO_REUSE, no_regularizer)
from ._init_ops import (zeros_initializer, ones_initializer, constant_initializer,  # noqa: E402,F401
                        random_normal_initializer, random_uniform_initializer, truncated_normal_initializer,
                        variance_scaling_initializer, glorot_uniform_initializer, glorot_normal_initializer,
                        uniform_unit_scaling_initializer)
from ._ops import (random_normal, random_uniform, truncated_normal, random_shuffle, multinomial,  # noqa: E402,F401
                   set_random_seed, get_seed, to_float, to_double, to_int32, to_int64, to_bfloat16, log, div,
                   mod, Print, reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_all,
                   reduce_any, reduce_logsumexp, count_nonzero, argmax, argmin, arg_max, arg_min, expand_dims,
                   squeeze, shape, size, name_scope)
from ._extras import *  # noqa: E402,F401,F403
from . import train, losses, nn, initializers, logging, gfile, flags, app, summary  # noqa: E402,F401
from .summary import Summary  # noqa: E402,F401


def __getattr__(name):
    if name == "spectral":  # TF1's name for part of tf.signal
        return _numtf.signal
    # TF1's own versions (layers are built on Keras: imported on first use)
    if name in ("layers", "io", "python_io", "image"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    from ._aliases import V1_ALIASES
    path = V1_ALIASES.get(name)
    if path is None:
        return getattr(_numtf, name)  # numtf's (TF2) definition, for names TF1 spells the same way
    value = _numtf
    for part in path.split("."):  # a TF2 function under another path (matrix_inverse is linalg.inv)
        try:
            value = getattr(value, part)
        except AttributeError:
            raise AttributeError(f"module 'numtf.compat.v1' has no attribute {name!r}") from None
    globals()[name] = value
    return value
