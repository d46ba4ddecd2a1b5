"""`tf.version`: numtf's version (VERSION is `tf.__version__`) and what it was built with.

    >>> tf.version.VERSION == tf.__version__
    True
"""
import platform

from . import __version__ as VERSION

GIT_VERSION = "unknown"  # (TF's git describe string; numtf installs from source)
COMPILER_VERSION = f"{platform.python_implementation()} {platform.python_version()}"

__all__ = ["VERSION", "GIT_VERSION", "COMPILER_VERSION"]
