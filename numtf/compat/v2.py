"""`tf.compat.v2`: the TensorFlow 2 API, i.e. numtf itself (re-exports only)."""
import numtf as _numtf

globals().update({_k: _v for _k, _v in vars(_numtf).items() if not _k.startswith("_")})


def __getattr__(name):
    return getattr(_numtf, name)
