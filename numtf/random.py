"""`tf.random` namespace: re-exports only."""
from .util.lazy import lazy_attributes  # noqa: E402
from .ops.random_ops import (uniform, normal, truncated_normal, categorical, shuffle, gamma,  # noqa: F401
                             poisson, stateless_uniform, stateless_normal, stateless_truncated_normal,
                             stateless_categorical, set_seed)
from .ops.random_generator import Generator, get_global_generator, set_global_generator  # noqa: F401,E402


# The candidate samplers load on first use.
__getattr__ = lazy_attributes(__name__, dict.fromkeys(
    ("uniform_candidate_sampler", "log_uniform_candidate_sampler", "fixed_unigram_candidate_sampler",
     "learned_unigram_candidate_sampler", "all_candidate_sampler"), "numtf.ops.sampling_ops"))
