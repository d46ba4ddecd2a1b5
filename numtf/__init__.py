"""numtf: TensorFlow 2 and Keras on NumPy. Use it as `import numtf as tf`.

This module only re-exports; the logic lives in framework/, ops/, autodiff/, graph/, keras/.
"""
__version__ = "0.1.0"

from .framework import blas as _blas  # noqa: E402
_blas.configure()  # one BLAS thread unless the user says otherwise (see framework/blas.py)
from .framework import memory as _memory  # noqa: E402
_memory.configure()  # big arrays reuse freed memory instead of faulting in fresh pages

from .framework.dtypes import (DType, as_dtype, float16, float32, float64, half, double, bfloat16,  # noqa: F401
                               int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool,
                               string, complex64, complex128, variant, resource)
from .framework.tensor_shape import TensorShape, Dimension  # noqa: F401
from .framework.tensor import Tensor  # noqa: F401
from .framework.variables import (Variable, VariableAggregationV2 as VariableAggregation,  # noqa: F401
                                  VariableSynchronization)
from .framework.context import (name_scope, executing_eagerly, init_scope, inside_function,  # noqa: F401
                                get_current_name_scope)
from .framework.device import device, DeviceSpec  # noqa: F401
from .framework.module import Module  # noqa: F401
from .framework import errors  # noqa: F401
from .ops.convert import convert_to_tensor, constant  # noqa: F401
from .ops import variable_ops  # noqa: F401  (variables inside graphs)
from .ops.array_ops import *  # noqa: F401,F403
from .ops.creation_ops import *  # noqa: F401,F403
from .ops.stack_ops import *  # noqa: F401,F403
from .ops.indexing_ops import *  # noqa: F401,F403
from .ops.gather_ops import *  # noqa: F401,F403
from .ops.join_ops import *  # noqa: F401,F403
from .ops.sort_ops import *  # noqa: F401,F403
from .ops.math_ops import *  # noqa: F401,F403
from .ops.reduction_ops import *  # noqa: F401,F403
from .ops.linalg_ops import *  # noqa: F401,F403
from .ops.nn_ops import *  # noqa: F401,F403
from .ops.nn_losses import *  # noqa: F401,F403
from .ops.random_ops import *  # noqa: F401,F403
from .ops.logging_ops import *  # noqa: F401,F403
from .ops.script_ops import *  # noqa: F401,F403
from .ops.control_flow_ops import *  # noqa: F401,F403
from .ops.clip_ops import clip_by_norm, clip_by_global_norm  # noqa: F401
from .ops.map_ops import map_fn, foldl, foldr, scan, vectorized_map  # noqa: F401
from .ops.composite_ops import (is_tensor, is_symbolic_tensor, sequence_mask, saturate_cast,  # noqa: F401
                                parallel_stack, guarantee_const, AggregationMethod)
from .ops.check_ops import Assert, ensure_shape  # noqa: F401
from .ops.string_ops import fingerprint  # noqa: F401
from .framework.indexed_slices import IndexedSlices  # noqa: F401
from .framework.sparse_tensor import SparseTensor, SparseTensorSpec  # noqa: F401
from .framework.ragged_tensor import RaggedTensor  # noqa: F401
from .ops.special_ops import (complex, searchsorted, tensor_scatter_nd_max, tensor_scatter_nd_min,  # noqa: F401
                              bitcast)
from .autodiff.tape import GradientTape, UnconnectedGradients  # noqa: F401
from .autodiff.custom_gradient import stop_gradient, custom_gradient  # noqa: F401
from .autodiff.grad_utils import grad_pass_through, recompute_grad, hessians  # noqa: F401
from .autodiff.gradient_registry import RegisterGradient, no_gradient  # noqa: F401
from .graph.gradients import gradients  # noqa: F401  (graph-only, as TF2's tf.gradients)
from .util import nest  # noqa: F401
from .graph.function import function  # noqa: F401
from .framework.tensor_spec import TensorSpec  # noqa: F401
from . import math, bitwise, nn, random, linalg, config, strings, debugging, dtypes  # noqa: F401,E402

_LAZY_MODULES = ("keras", "data", "train", "autograph", "compat", "sparse", "ragged", "io", "image", "signal", "summary",
                 "saved_model", "lookup", "sets", "test", "distribute", "raw_ops", "version")  # loaded on first use
_LAZY_ALIASES = {"optimizers": "keras.optimizers", "losses": "keras.losses", "metrics": "keras.metrics",
                 "initializers": "keras.initializers"}
# TF's own initializer names; they are the Keras initializer classes, loaded with tf.keras.
_LAZY_ATTRS = {"zeros_initializer": "Zeros", "ones_initializer": "Ones", "constant_initializer": "Constant",
               "random_normal_initializer": "RandomNormal", "random_uniform_initializer": "RandomUniform",
               "glorot_uniform_initializer": "GlorotUniform", "glorot_normal_initializer": "GlorotNormal",
               "truncated_normal_initializer": "TruncatedNormal"}
# TF2's top-level graph utilities live with the v1 graph API (loaded on first use).
_LAZY_GRAPH_ATTRS = ("Graph", "control_dependencies", "group", "no_op", "get_default_graph")
_LAZY_LINALG = ("eig", "eigvals")  # tf.eig is tf.linalg.eig
_LAZY_OPS = {**dict.fromkeys(("space_to_batch", "space_to_batch_nd", "batch_to_space",
                              "required_space_to_batch_paddings"), "space_ops"),
             **dict.fromkeys(("dynamic_partition", "dynamic_stitch", "unravel_index", "histogram_fixed_width",
                              "histogram_fixed_width_bins", "identity_n", "tuple"), "partition_ops")}


def __getattr__(name):
    # tf.keras is imported on first use so that `import numtf` stays fast.
    import importlib
    if name in _LAZY_MODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name in _LAZY_ALIASES:  # tf.optimizers is tf.keras.optimizers, etc.
        value = importlib.import_module(f"{__name__}.{_LAZY_ALIASES[name]}")
    elif name in _LAZY_ATTRS:
        value = getattr(importlib.import_module(f"{__name__}.keras.initializers"), _LAZY_ATTRS[name])
    elif name in _LAZY_OPS:
        value = getattr(importlib.import_module(f"{__name__}.ops.{_LAZY_OPS[name]}"), name)
    elif name in _LAZY_LINALG:
        value = getattr(linalg, name)
    elif name in _LAZY_GRAPH_ATTRS:
        value = getattr(importlib.import_module(f"{__name__}.compat.v1"), name)
    else:
        raise AttributeError(f"module 'numtf' has no attribute {name!r}")
    globals()[name] = value
    return value
