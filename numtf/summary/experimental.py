"""`tf.summary.experimental`: the default step, summary_scope and write_raw_pb.

    >>> tf.summary.experimental.get_step() is None
    True
"""
from ._writer import get_step, set_step, summary_scope, write_raw_pb  # noqa: F401

__all__ = ["get_step", "set_step", "summary_scope", "write_raw_pb"]
