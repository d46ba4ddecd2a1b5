"""`tf.nn` namespace: re-exports only."""
from .ops.nn_ops import (relu, relu6, leaky_relu, elu, selu, gelu, silu, swish, softmax,  # noqa: F401
                         log_softmax, bias_add, l2_loss, dropout, moments, batch_normalization,
                         embedding_lookup, compute_average_loss, scale_regularization_loss)
from .ops.nn_losses import (softmax_cross_entropy_with_logits,  # noqa: F401
                            sparse_softmax_cross_entropy_with_logits,
                            sigmoid_cross_entropy_with_logits, weighted_cross_entropy_with_logits)
from .ops.linalg_ops import l2_normalize  # noqa: F401
from .ops.math_ops2 import sigmoid, tanh, softplus  # noqa: F401
