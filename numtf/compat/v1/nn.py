"""`tf.compat.v1.nn`: `tf.nn` with TF1's signatures, and `rnn_cell` (re-exports only)."""
from ...nn import *  # noqa: F401,F403
from ._nn import (dropout, softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,  # noqa: F401
                  sparse_softmax_cross_entropy_with_logits, sigmoid_cross_entropy_with_logits, softmax,
                  log_softmax, moments, l2_normalize, conv2d, max_pool, avg_pool, xw_plus_b, relu_layer)
from ...ops.batch_norm_ops import fused_batch_norm  # noqa: F401


def __getattr__(name):
    if name == "rnn_cell":  # built on Keras layers: imported on first use
        from . import rnn_cell
        return rnn_cell
    if name in ("dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn"):
        from . import rnn
        return getattr(rnn, name)
    from ... import nn as tf2_nn  # tf.nn's names that load on first use
    try:
        return getattr(tf2_nn, name)
    except AttributeError:
        raise AttributeError(f"module 'numtf.compat.v1.nn' has no attribute {name!r}") from None
