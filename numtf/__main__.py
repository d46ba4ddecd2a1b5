"""`python -m numtf PROGRAM.py [ARGS...]`: runs an unmodified TensorFlow program on numtf.

    $ python -m numtf train.py --epochs 5     # `import tensorflow as tf` gives numtf

`import tensorflow` and its public submodules (`tensorflow.keras`, `tensorflow.compat.v1`,
...) resolve to numtf's modules; the program runs as `__main__` with
`sys.argv == [PROGRAM, ARGS...]` and its directory first on `sys.path`, as `python PROGRAM.py`
would run it. `python -m numtf -m MODULE [ARGS...]` runs a module the same way.
"""
import os
import runpy
import sys
import traceback

USAGE = """usage: python -m numtf PROGRAM.py [ARGS...]
       python -m numtf -m MODULE [ARGS...]
       python -m numtf --version

Runs a TensorFlow program with `import tensorflow` (and its submodules) resolved to numtf."""


def _run_program(path, args):
    from numtf import _tf_alias
    if not os.path.exists(path):
        print(f"python -m numtf: can't open file {path!r}: no such file", file=sys.stderr)
        return 2
    _tf_alias.install()
    sys.argv = [path] + list(args)
    # `python -m` put the working directory first; a script gets its own directory instead.
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    try:
        runpy.run_path(path, run_name="__main__")
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: BLE001 - reported like Python reports a script's error
        _print_user_traceback(e, path)
        return 1
    return 0


def _run_module(name, args):
    from numtf import _tf_alias
    _tf_alias.install()
    sys.argv = [name] + list(args)  # run_module replaces argv[0] with the module's file
    try:
        runpy.run_module(name, run_name="__main__", alter_sys=True)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: BLE001
        _print_user_traceback(e, None)
        return 1
    return 0


def _print_user_traceback(exc, path):
    """Prints the traceback from the program's own frames on (without runpy's and ours)."""
    tb = exc.__traceback__
    here = os.path.abspath(__file__)
    start = tb
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == path or (path is None and filename != here and "runpy" not in filename):
            start = tb
            break
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, start)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        import numpy
        import numtf
        print(f"numtf {numtf.__version__} (NumPy {numpy.__version__}, Python "
              f"{sys.version.split()[0]})")
        return 0
    if argv[0] == "-m":
        if len(argv) < 2:
            print("python -m numtf: -m needs a module name\n" + USAGE, file=sys.stderr)
            return 2
        return _run_module(argv[1], argv[2:])
    if argv[0].startswith("-"):
        print(f"python -m numtf: unknown option {argv[0]!r}\n" + USAGE, file=sys.stderr)
        return 2
    return _run_program(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main())
