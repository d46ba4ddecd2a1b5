"""`tf.compat.v1.app` (TF1's `tf.app`): `run` parses the command-line flags, then calls `main`.

    >>> def main(argv):
    ...     print(tf.compat.v1.flags.FLAGS.batch_size)
    >>> tf.compat.v1.app.run(main)          # doctest: +SKIP
"""
import sys

from . import flags

__all__ = ["run", "flags"]


def run(main=None, argv=None):
    """Parses `argv` (default sys.argv) into flags.FLAGS, calls `main(remaining argv)` (by default
    the `main` of the __main__ module) and exits with its return value, as TF1 does."""
    args = flags.FLAGS(sys.argv if argv is None else argv, known_only=False)
    main = main or sys.modules["__main__"].main
    sys.exit(main(args))
