"""tf.get_logger(), tf.compat.v1.logging and tf.autograph.set_verbosity, as TF 2.21 behaves
(texts below were printed by TF 2.21 running the same calls)."""
import logging
import os
import subprocess
import sys

import pytest

import numtf as tf
from numtf.ops import logging_ops

L = tf.compat.v1.logging
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_PROGRAM = """
import logging, sys
if sys.argv[1] == "before":
    logging.basicConfig()
import numtf as tf
if sys.argv[1] == "after":
    logging.basicConfig()
lg = tf.get_logger()
print(len(lg.handlers), len(logging.getLogger().handlers), lg.level, lg.propagate)
lg.warning("hello")
lg.info("not shown")
lg.debug("not shown")
lg.error("err %d", 3)
tf.compat.v1.logging.info("not shown either")
tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)
tf.compat.v1.logging.info("v1 info2")
"""


@pytest.fixture(scope="module")
def runs():
    """stdout and stderr of the program under each basicConfig placement (run side by side)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    procs = {mode: subprocess.Popen([sys.executable, "-c", _PROGRAM, mode], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=env)
             for mode in ("none", "before", "after")}
    return {mode: p.communicate(timeout=60) for mode, p in procs.items()}


def test_import_installs_tf_handler_printing_level_name_message(runs):
    out, err = runs["none"]
    assert out == "1 0 0 True\n"  # its own handler, root untouched, level NOTSET, propagates
    assert err == "WARNING:tensorflow:hello\nERROR:tensorflow:err 3\nINFO:tensorflow:v1 info2\n"


def test_basic_config_before_import_leaves_printing_to_the_root(runs):
    out, err = runs["before"]
    assert out == "0 1 0 True\n"
    assert err == "WARNING:tensorflow:hello\nERROR:tensorflow:err 3\nINFO:tensorflow:v1 info2\n"


def test_basic_config_after_import_prints_twice_as_tf_does(runs):
    out, err = runs["after"]
    assert out == "1 1 0 True\n"
    assert err == ("WARNING:tensorflow:hello\n" * 2 + "ERROR:tensorflow:err 3\n" * 2 +
                   "INFO:tensorflow:v1 info2\n" * 2)


def test_get_logger_is_the_tensorflow_logger():
    lg = tf.get_logger()
    assert lg is logging.getLogger("tensorflow") and lg.name == "tensorflow"
    assert tf.get_logger() is lg and tf.compat.v1.get_logger() is lg


def test_interactive_handler_writes_info_to_stdout():
    lg = logging.Logger("scratch")
    handler = logging_ops._add_handler(lg, interactive=True)
    assert lg.level == logging.INFO and handler.stream is sys.stdout
    assert handler.formatter._fmt == "%(levelname)s:%(name)s:%(message)s"


@pytest.fixture
def verbosity():
    lg = tf.get_logger()
    saved = lg.level
    lg.setLevel(logging.NOTSET)  # as after import (other tests may have set a verbosity)
    yield
    lg.setLevel(saved)


def _texts(caplog):
    return [f"{r.levelname}:{r.name}:{r.getMessage()}" for r in caplog.records if r.name == "tensorflow"]


def test_v1_logging_functions_and_levels(caplog, verbosity):
    assert (L.DEBUG, L.INFO, L.WARN, L.ERROR, L.FATAL) == (10, 20, 30, 40, 50)
    assert L.get_verbosity() == logging.getLogger().getEffectiveLevel()
    L.set_verbosity(L.DEBUG)
    assert L.get_verbosity() == 10
    with caplog.at_level(1):
        L.debug("dbg %s", 1)
        L.vlog(1, "vlog1 %s", 2)
        L.vlog(20, "vlog20")
        L.log(L.INFO, "log info %d", 5)
        L.log_if(L.INFO, "if %d", True, 7)
        L.log_if(L.INFO, "ifno", False)
        L.warn("warn")
        L.TaskLevelStatusMessage("xx")
        assert L.fatal("fatal msg") is None
    assert _texts(caplog) == ["DEBUG:tensorflow:dbg 1", "INFO:tensorflow:vlog20", "INFO:tensorflow:log info 5",
                              "INFO:tensorflow:if 7", "WARNING:tensorflow:warn", "ERROR:tensorflow:xx",
                              "CRITICAL:tensorflow:fatal msg"]
    L.set_verbosity("WARNING")
    assert L.get_verbosity() == 30
    with pytest.raises(NotImplementedError):
        L.flush()


def test_v1_logging_names_are_tfs():
    names = sorted(n for n in dir(L) if not n.startswith("_") and n not in ("DEBUG", "INFO", "WARN", "ERROR", "FATAL"))
    assert names == ["TaskLevelStatusMessage", "debug", "error", "fatal", "flush", "get_verbosity", "info", "log",
                     "log_every_n", "log_first_n", "log_if", "set_verbosity", "vlog", "warn", "warning"]


def _every(i):
    L.log_every_n(L.WARN, "A %d", 3, i)


def _first(i):
    L.log_first_n(L.WARN, "B %d", 2, i)


def test_log_every_n_and_first_n_share_a_count_per_call_site_outside_the_calling_module(caplog):
    # TF counts by the nearest frame outside the caller's file: for every call in this test that
    # is pytest's call of the test, so all share one count (TF 2.21 prints the same for a module
    # whose function runs these two loops: A 0, B 0, A 3, then A 1).
    L._counts.clear()
    with caplog.at_level(logging.WARNING):
        for i in range(4):
            _every(i), _first(i)
    assert _texts(caplog) == ["WARNING:tensorflow:A 0", "WARNING:tensorflow:B 0", "WARNING:tensorflow:A 3"]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for i in range(4):
            _every(i)
    assert _texts(caplog) == ["WARNING:tensorflow:A 1"]


def test_records_name_the_callers_line(caplog):
    with caplog.at_level(logging.WARNING):
        L.warning("here")
    assert caplog.records[-1].filename == "test_logging_tf.py"
    assert caplog.records[-1].funcName == "test_records_name_the_callers_line"


def test_autograph_verbosity_logs_conversions(capsys, caplog, verbosity):
    def double(x):
        if x > 0:
            x = x * 2
        return x

    tf.get_logger().setLevel(logging.INFO)
    tf.autograph.set_verbosity(2, alsologtostdout=True)
    try:
        with caplog.at_level(logging.INFO):
            tf.function(double)(tf.constant(1))
    finally:
        tf.autograph.set_verbosity(0)
    out = capsys.readouterr().out
    assert "is not cached for subkey ConversionOptions[{}]" in out
    assert "Transformed <function test_autograph_verbosity_logs_conversions.<locals>.double" in out
    assert "ag__.if_stmt(" in out
    assert any("Transformed" in t for t in _texts(caplog))
    tf.function(lambda: None)()
    assert capsys.readouterr().out == ""


def test_numtf_warnings_go_through_the_tensorflow_logger(caplog):
    @tf.function
    def f(x):
        return x

    with caplog.at_level(logging.WARNING):
        for i in range(6):
            f(i)
    texts = _texts(caplog)
    assert texts and texts[0].startswith("WARNING:tensorflow:5 out of the last 5 calls to <function ")
