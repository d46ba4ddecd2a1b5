"""`python -m numtf PROGRAM.py [ARGS...]` runs unmodified TensorFlow programs on numtf.

The programs under tests/programs/ are the handbook basics printed in the seeds' reader notes
(seeds/reader-notes-zh.txt), each next to TensorFlow 2.21's output for it (`NAME.tf.out`, made
with `TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python NAME.py > NAME.tf.out`).
"""
import os
import subprocess
import sys
import textwrap

import pytest

import numtf
from test_examples import assert_same_output

PROGRAMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "programs")
CORE_PROGRAMS = ["grad_square", "partial_derivatives", "linear_regression_numpy", "linear_regression_tf",
                 "linear_keras_model"]


def run_numtf(args, cwd, stdin=None):
    """Runs `python -m numtf ARGS` in a fresh interpreter that imports this numtf."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(numtf.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "numtf", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return path


def test_tensorflow_imports_resolve_to_the_numtf_modules(tmp_path):
    write(tmp_path, "prog.py", """
        import sys
        import tensorflow as tf
        import tensorflow.math
        import tensorflow.nn as tfnn
        from tensorflow import random, linalg
        from tensorflow.errors import InvalidArgumentError
        import numtf, numtf.math, numtf.nn, numtf.random, numtf.linalg

        checks = {
            "tf is numtf": tf is numtf,
            "sys.modules": sys.modules["tensorflow"] is numtf,
            "tensorflow.math": tensorflow.math is numtf.math is tf.math,
            "sys.modules math": sys.modules["tensorflow.math"] is numtf.math,
            "nn": tfnn is numtf.nn,
            "random": random is numtf.random,
            "linalg": linalg is numtf.linalg,
            # tf.errors is numtf.framework.errors: reached through the parent's attribute
            "errors": InvalidArgumentError is numtf.errors.InvalidArgumentError,
            "one Tensor class": tf.constant(1.0).__class__ is numtf.Tensor,
            "numtf keeps its own spec": numtf.__spec__.name == "numtf"
                                        and numtf.math.__spec__.name == "numtf.math",
            "no second copy": not any(m is not None and getattr(m, "__name__", "").startswith(
                "tensorflow") for m in sys.modules.values()),
        }
        for name, ok in checks.items():
            print(name, ok)
        print(tf.add(tf.constant([1.0, 2.0]), 1.0))
    """)
    r = run_numtf(["prog.py"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert [l for l in lines if l.endswith(" False")] == []
    assert len([l for l in lines if l.endswith(" True")]) == 11
    assert lines[-1] == "tf.Tensor([2. 3.], shape=(2,), dtype=float32)"


def test_argv_main_file_and_sys_path_are_a_scripts(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/helper_mod.py", "VALUE = 42\n")
    write(tmp_path, "sub/prog.py", """
        import sys
        import helper_mod  # found next to the program, as `python sub/prog.py` would
        print(sys.argv)
        print(__name__, __file__, helper_mod.VALUE)
        sys.exit(int(sys.argv[1]))
    """)
    r = run_numtf(["sub/prog.py", "3", "--flag", "x y"], cwd=tmp_path)
    assert r.returncode == 3, r.stderr
    assert r.stdout.splitlines() == ["['sub/prog.py', '3', '--flag', 'x y']",
                                     "__main__ sub/prog.py 42"]
    r = run_numtf(["sub/prog.py", "0"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_exit_status_and_traceback_of_a_failing_program(tmp_path):
    write(tmp_path, "fails.py", """
        import tensorflow as tf
        def f():
            raise ValueError("boom")
        f()
    """)
    r = run_numtf(["fails.py"], cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.startswith("Traceback (most recent call last):\n  File \"fails.py\", line 5")
    assert r.stderr.rstrip().endswith("ValueError: boom")
    assert "runpy" not in r.stderr
    write(tmp_path, "exits.py", "raise SystemExit('bad input')\n")
    r = run_numtf(["exits.py"], cwd=tmp_path)
    assert (r.returncode, r.stderr) == (1, "bad input\n")


def test_unknown_tensorflow_module_is_a_clear_module_not_found_error(tmp_path):
    write(tmp_path, "prog.py", """
        try:
            import tensorflow.no_such_module
        except ModuleNotFoundError as e:
            print(e.name)
            print(e)
        from tensorflow.python.keras import layers
    """)
    r = run_numtf(["prog.py"], cwd=tmp_path)
    assert r.returncode == 1
    name, message = r.stdout.splitlines()
    assert name == "tensorflow.no_such_module"
    assert message.startswith("No module named 'tensorflow.no_such_module': under numtf it is "
                              "'numtf.no_such_module', and numtf has no module")
    last = r.stderr.rstrip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: No module named 'tensorflow.python': ")
    assert "numtf" in last and "public API" in last


def test_run_module_version_and_usage(tmp_path):
    write(tmp_path, "tfmod.py", """
        import sys
        import tensorflow as tf
        print(tf.__name__, sys.argv[1:])
    """)
    r = run_numtf(["-m", "tfmod", "a"], cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "numtf ['a']\n"), r.stderr
    r = run_numtf(["--version"], cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith(f"numtf {numtf.__version__} ")
    r = run_numtf([], cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("usage: python -m numtf PROGRAM.py")
    r = run_numtf(["missing.py"], cwd=tmp_path)
    assert r.returncode == 2 and "missing.py" in r.stderr


@pytest.mark.parametrize("name", CORE_PROGRAMS)
def test_handbook_basics_program_prints_what_tensorflow_prints(name):
    r = run_numtf([os.path.join(PROGRAMS, name + ".py")], cwd=PROGRAMS)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(PROGRAMS, name + ".tf.out"), encoding="utf-8") as f:
        expected = f.read()
    assert_same_output(r.stdout, expected)


def test_tf_keras_package_name_resolves_to_numtf_keras(tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text(textwrap.dedent("""
        import tensorflow as tf
        import tf_keras
        from tensorflow.keras import layers
        print(tf_keras is tf.keras, layers is tf.keras.layers)
    """))
    r = run_numtf([str(prog)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "True True"
