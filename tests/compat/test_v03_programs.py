"""The TensorFlow 1.x programs of the handbook's v0.3 page run under numtf and print what TF prints.

tests/programs/v03_*.py are the programs of ../shared/seeds/model-chapter-v0.3-en.txt that need no
`tf.contrib` (the MLP and CNN load MNIST through `tf.contrib.learn`, which TensorFlow 2 dropped) and
no `gym` (the DQN plays CartPole through OpenAI Gym and renders to a screen): the Keras linear model
trained eagerly with `tf.train.GradientDescentOptimizer`, the custom-layer version of it, the same
model trained in a Session on placeholders, and the character-level LSTM (`tf.nn.rnn_cell`). The
page shows pieces of programs; each file puts its pieces together and says what it added.

How they run: the page's programs say `import tensorflow as tf` (TF 1.x); TensorFlow 2 runs TF 1.x
code through `import tensorflow.compat.v1 as tf`, the one-line change its migration guide gives, so
that is the only change to the page's code. The very same file then runs under TensorFlow 2.21
(whose stdout is stored next to it as NAME.tf.out, made with
`TF_CPP_MIN_LOG_LEVEL=3 TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python NAME.py > NAME.tf.out`) and under
numtf with `python -m numtf NAME.py`, which resolves `tensorflow.compat.v1` to `numtf.compat.v1`.
Each program also runs with that import written `import numtf.compat.v1 as tf`, as a user of
numtf would write it. Outputs are compared as text with numbers within a tolerance
(test_examples.assert_same_output).

The LSTM's output is random (weights, batches and sampled characters), so for it the form is
compared instead: a loss line per batch, the first loss (about ln 57) close to TensorFlow's, and
four blocks of sampled text of the right length. Its file trains 10 batches and samples 400
characters per temperature (about 20 s of CPU on numtf, 60 s on TensorFlow); the test runs a copy
shortened to 2 batches and 30 characters.
"""
import os
import re
import subprocess
import sys

import pytest

import numtf
from test_cli import run_numtf
from test_examples import assert_same_output

PROGRAMS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "programs")
DETERMINISTIC = ["v03_linear_eager", "v03_custom_layer", "v03_graph_execution"]
TF1_IMPORT = re.compile(r"^import tensorflow\.compat\.v1 as tf$", re.M)


def _source(name):
    with open(os.path.join(PROGRAMS, name + ".py"), encoding="utf-8") as f:
        return f.read()


def _expected(name):
    with open(os.path.join(PROGRAMS, name + ".tf.out"), encoding="utf-8") as f:
        return f.read()


def _run_python(path, cwd):
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(numtf.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, str(path)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_v03_program_prints_what_tensorflow_prints(name):
    assert len(TF1_IMPORT.findall(_source(name))) == 1
    r = run_numtf([name + ".py"], cwd=PROGRAMS)
    assert r.returncode == 0, r.stderr
    assert_same_output(r.stdout, _expected(name))


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_v03_program_with_import_numtf_compat_v1(name, tmp_path):
    path = tmp_path / (name + ".py")
    path.write_text(TF1_IMPORT.sub("import numtf.compat.v1 as tf", _source(name)), encoding="utf-8")
    r = _run_python(path, tmp_path)
    assert r.returncode == 0, r.stderr
    assert_same_output(r.stdout, _expected(name))


_BATCH = re.compile(r"batch (\d+): loss (\d+\.\d{6})\n")
_DIVERSITY = re.compile(r"diversity (\d+\.\d{6}):\n")


def _rnn_form(out):
    """(losses, [(diversity, sampled text)]) of the LSTM program's output, checking its layout."""
    head, sep, rest = out.partition("diversity ")
    assert sep, out[:500]
    batches = _BATCH.findall(head)
    assert "".join(f"batch {i}: loss {v}\n" for i, v in batches) == head
    assert [int(i) for i, _ in batches] == list(range(len(batches)))
    parts = _DIVERSITY.split("diversity " + rest)
    assert parts[0] == ""
    blocks = [(float(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]
    return [float(v) for _, v in batches], blocks


def test_v03_rnn_program_runs_and_prints_tensorflows_form(tmp_path):
    source = _source("v03_rnn")
    short = source.replace("num_batches = 10", "num_batches = 2").replace("for t in range(400):",
                                                                        "for t in range(30):")
    assert short.count("num_batches = 2") == 1 and short.count("range(30)") == 1
    (tmp_path / "v03_rnn.py").write_text(short, encoding="utf-8")
    r = run_numtf(["v03_rnn.py"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(os.environ["KERAS_HOME"], "datasets", "nietzsche.txt"), encoding="utf-8") as f:
        alphabet = set(f.read().lower())
    tf_losses, tf_blocks = _rnn_form(_expected("v03_rnn"))
    losses, blocks = _rnn_form(r.stdout)
    assert len(tf_losses) == 10 and len(losses) == 2
    # untrained, both predict about uniformly over the 57 characters: loss ln(57) = 4.043
    assert abs(losses[0] - tf_losses[0]) < 0.05 and losses[1] < losses[0] + 0.05
    assert [d for d, _ in blocks] == [d for d, _ in tf_blocks] == [0.2, 0.5, 1.0, 1.2]
    for (_, text), (_, tf_text) in zip(blocks, tf_blocks):
        assert len(tf_text) == 401 and len(text) == 31  # the sampled characters and print()'s newline
        assert text.endswith("\n") and set(text[:-1]) <= alphabet and set(tf_text[:-1]) <= alphabet
