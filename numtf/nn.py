"""`tf.nn` namespace: re-exports only."""
from .util.lazy import lazy_attributes  # noqa: E402
from .ops.nn_ops import (relu, relu6, leaky_relu, elu, selu, gelu, silu, swish, softsign,  # noqa: F401
                         softmax, log_softmax, bias_add, l2_loss, dropout, moments,
                         batch_normalization, embedding_lookup, compute_average_loss,
                         scale_regularization_loss)
from .ops.nn_losses import (softmax_cross_entropy_with_logits,  # noqa: F401
                            sparse_softmax_cross_entropy_with_logits,
                            sigmoid_cross_entropy_with_logits, weighted_cross_entropy_with_logits)
from .ops.linalg_ops import l2_normalize  # noqa: F401
from .ops.math_ops2 import sigmoid, tanh, softplus  # noqa: F401
from .ops.conv_ops import (conv2d, conv1d, convolution, conv2d_transpose, conv1d_transpose,  # noqa: F401
                           atrous_conv2d)
from .ops.depthwise_ops import (depthwise_conv2d, depthwise_conv2d_backprop_input,  # noqa: F401
                                depthwise_conv2d_backprop_filter, separable_conv2d)
from .ops.pool_ops import max_pool, avg_pool, max_pool1d, avg_pool1d, max_pool2d, avg_pool2d  # noqa: F401
from .ops.sort_ops import top_k  # noqa: F401
from .ops.composite_ops import in_top_k  # noqa: F401,E402
from .ops.conv3d_ops import conv3d, conv3d_transpose, max_pool3d, avg_pool3d  # noqa: F401

# Loaded on first use (they would add ~15 ms to `import numtf`).
__getattr__ = lazy_attributes(__name__, {
    **dict.fromkeys(("space_to_batch", "space_to_depth", "depth_to_space"), "numtf.ops.space_ops"),
    **dict.fromkeys(("crelu", "local_response_normalization", "lrn", "zero_fraction", "sufficient_statistics",
                     "normalize_moments", "weighted_moments", "log_poisson_loss", "batch_norm_with_global_normalization",
                     "with_space_to_batch", "pool", "conv_transpose", "atrous_conv2d_transpose"), "numtf.ops.nn_ops3"),
    **dict.fromkeys(("max_pool_with_argmax", "dilation2d", "erosion2d"), "numtf.ops.pool_ops2"),
    **dict.fromkeys(("fractional_max_pool", "fractional_avg_pool"), "numtf.ops.fractional_pool_ops"),
    **dict.fromkeys(("ctc_loss", "ctc_greedy_decoder", "ctc_beam_search_decoder", "collapse_repeated"),
                    "numtf.ops.ctc_ops"),
    **dict.fromkeys(("compute_accidental_hits", "nce_loss", "sampled_softmax_loss", "all_candidate_sampler",
                     "fixed_unigram_candidate_sampler", "learned_unigram_candidate_sampler"), "numtf.ops.sampling_ops"),
    **dict.fromkeys(("embedding_lookup_sparse", "safe_embedding_lookup_sparse"), "numtf.ops.embedding_ops")})
