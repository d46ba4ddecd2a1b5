"""`python -m numtf.examples.autograph` prints the handbook's answers (model-chapter-zh.rst,
"Graph Execution"): Python's print on stdout while tracing, tf.print on stderr on every call."""
import ast
import subprocess
import sys

from numtf.examples import autograph

QUIZ_STDOUT = "The function is running in Python\n" * 6
QUIZ_STDERR = ["1", "2", "2", "0.1", "0.2", "1", "2", "1", "0.1", "0.2", "0.1"]
QUIZ_2 = ("tf.Tensor(1.0, shape=(), dtype=float32)\n"
          "tf.Tensor(2.0, shape=(), dtype=float32)\n"
          "tf.Tensor(3.0, shape=(), dtype=float32)\n")
SQUARE = "tf.Tensor(1, shape=(), dtype=int32) tf.Tensor(0, shape=(), dtype=int32)\n"


def _printed(err):
    # stderr also carries log lines (TF's retracing warning): keep tf.print's
    return [line for line in err.splitlines() if line.replace(".", "").isdigit()]


def test_quiz(capfd):
    autograph.quiz()
    out, err = capfd.readouterr()
    assert out == QUIZ_STDOUT
    assert _printed(err) == QUIZ_STDERR


def test_quiz_2(capfd):
    autograph.quiz_2()
    assert capfd.readouterr().out == QUIZ_2


def test_square_if_positive_and_its_converted_code(capfd):
    autograph.autograph()
    out = capfd.readouterr().out
    assert out.startswith(SQUARE)
    code = out[len(SQUARE):]
    # the shape of the handbook's (TensorFlow's) printout
    lines = code.splitlines()
    assert lines[:3] == ["def tf__square_if_positive(x):", "    do_return = False",
                         "    retval_ = ag__.UndefinedReturnValue()"]
    for piece in ("def get_state():", "def set_state(vars_):", "def if_body():", "def else_body():",
                  "ag__.if_stmt(x > 0, if_body, else_body, get_state, set_state, ('x',), 1)",
                  "retval_ = x", "return ag__.ret(retval_, do_return)"):
        assert piece in code
    ast.parse(code)


def test_runs_as_a_module():
    run = subprocess.run([sys.executable, "-m", "numtf.examples.autograph"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(QUIZ_STDOUT + QUIZ_2 + SQUARE + "def tf__square_if_positive(x):\n")
    assert _printed(run.stderr) == QUIZ_STDERR
