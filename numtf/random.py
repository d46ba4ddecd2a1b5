"""`tf.random` namespace: re-exports only."""
from .ops.random_ops import (uniform, normal, truncated_normal, categorical, shuffle, gamma,  # noqa: F401
                             poisson, stateless_uniform, stateless_normal, stateless_truncated_normal,
                             stateless_categorical, set_seed)
from .ops.random_generator import Generator, get_global_generator, set_global_generator  # noqa: F401,E402


# The candidate samplers load on first use: name -> module under numtf.ops.
_LAZY = dict.fromkeys(("uniform_candidate_sampler", "log_uniform_candidate_sampler", "fixed_unigram_candidate_sampler",
                       "learned_unigram_candidate_sampler", "all_candidate_sampler"), "sampling_ops")


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'numtf.random' has no attribute {name!r}")
    import importlib
    value = globals()[name] = getattr(importlib.import_module(f"numtf.ops.{_LAZY[name]}"), name)
    return value
