"""Writes tests/golden/summary.json: the event files TensorFlow 2.21 (with TensorBoard 2.21's
summary plugins) writes for tf.summary scenarios, and what each call returned or raised.

    ~/tfref/bin/python -m pip install --no-deps --target /tmp/tb tensorboard==2.21.0
    PYTHONPATH=/tmp/tb TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_summary_golden.py

(tf.summary.scalar and the other plugin summaries need the tensorboard package; it is kept out of
the reference venv.) With --check-numtf it also runs every scenario with numtf and reads numtf's
files back with TensorFlow's own record reader (which checks the CRCs) and Event parser, and with
TensorBoard's EventAccumulator, printing any difference from TF's files.

A scenario is Python source run with `tf`, `np`, `logdir` (a fresh directory), `call(f)` (f()'s
result, or ["EXC", type name, message]) and `count(path_part)` (the records now in the one event
file whose path contains path_part); it appends what it wants compared to `out`. Recorded per
scenario: `out` and every event file (relative directory, suffix, creation order, records in
base64). tests/test_summary.py runs the same source with numtf and compares field by field.
"""
import base64
import glob
import json
import os
import re
import shutil
import sys
import tempfile

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "summary.json")
FILE_RE = re.compile(r"events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)(\.[^.]*)$")

SCENARIOS = {
    "scalar": """
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=3):
    out.append(call(lambda: tf.summary.scalar("loss", 0.5)))
    out.append(call(lambda: tf.summary.scalar("loss", 0.25, step=4)))
    out.append(call(lambda: tf.summary.scalar("int", 7, description="desc")))
    out.append(call(lambda: tf.summary.scalar("f64", np.float64(1 / 3))))
    out.append(call(lambda: tf.summary.scalar("var", tf.Variable(2.5))))
    with tf.name_scope("outer"):
        out.append(call(lambda: tf.summary.scalar("in/scope", 1.0)))
        with tf.name_scope("deeper"):
            tf.summary.scalar("x", -1.0)
    tf.summary.scalar("bad name!", 2.0)
w.close()
""",
    "histogram": """
rng = np.random.default_rng(1)
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    for name, data, b in [("normal", rng.standard_normal(1000).astype(np.float32), None),
                          ("uniform2d", rng.uniform(-3, 5, (20, 7)), 7), ("single", [2.0, 2.0, 2.0], None),
                          ("single_b4", [-1.5], 4), ("empty", np.zeros([0], np.float32), None), ("b0", [1., 2.], 0),
                          ("b1", [1., 3.], 1), ("int", [1, 5, 9], 4), ("nan", [1., np.nan, 3.], 3),
                          ("inf", [1., np.inf], 3), ("neginf", [-np.inf, 1., 2.], 3), ("bool", [True, False], 2),
                          ("emptyb0", np.zeros([0]), 0), ("neg", [-3., -1., 0.5, 7.], 3), ("bneg", [1.], -1),
                          ("int64", np.arange(100, dtype=np.int64) ** 2, 10), ("f16", np.linspace(0, 1, 11).astype(np.float16), 5)]:
        out.append(call(lambda: tf.summary.histogram(name, data, buckets=b)))
    tf.summary.histogram("described", [1.0, 2.0], description="a histogram")
w.close()
""",
    "image": """
rng = np.random.default_rng(2)
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=2):
    cases = [("float", rng.random((4, 4, 5, 3)).astype(np.float32), 3),
             ("float_range", np.array([-1, -0.1, 0, 0.001, 0.002, 0.5, 0.998, 0.999, 1, 1.5, np.nan, np.inf, -np.inf],
                                      np.float32).reshape(1, 1, 13, 1), 3),
             ("rgba", rng.integers(0, 256, (4, 3, 3, 4)).astype(np.uint8), 2),
             ("gray_alpha", rng.integers(0, 256, (1, 6, 2, 2)).astype(np.uint8), 3),
             ("int8", np.array([-128, -1, 0, 1, 100, 127], np.int8).reshape(1, 2, 3, 1), 3),
             ("int16", np.array([-32768, -1, 0, 300, 1000, 32767], np.int16).reshape(1, 3, 2, 1), 3),
             ("int32", np.array([-5, 0, 2 ** 23, 2 ** 30, 2 ** 31 - 1, 100], np.int32).reshape(1, 1, 6, 1), 3),
             ("uint16", np.array([0, 255, 256, 1000, 65535, 40000], np.uint16).reshape(1, 2, 1, 3), 3),
             ("float16", rng.random((1, 3, 3, 3)).astype(np.float16), 3),
             ("float64", rng.random((2, 5, 4, 1)), 3), ("max0", np.zeros((2, 4, 4, 1), np.float32), 0),
             ("empty", np.zeros((0, 2, 2, 1), np.uint8), 3), ("big", rng.random((1, 64, 48, 3)).astype(np.float32), 1)]
    for name, data, n in cases:
        out.append(call(lambda: tf.summary.image(name, data, max_outputs=n)))
    tf.summary.image("described", np.ones((1, 2, 2, 1), np.float32), description="an image")
w.close()
""",
    "text": """
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=5):
    out.append(call(lambda: tf.summary.text("scalar", "hello *world*")))
    out.append(call(lambda: tf.summary.text("matrix", [["a", "b"], ["c", "d"]])))
    out.append(call(lambda: tf.summary.text("unicode", "h\\u00e9llo \\u2603")))
    out.append(call(lambda: tf.summary.text("bytes", tf.constant([b"\\x00\\xff", b""]))))
    tf.summary.text("described", "x", description="some text")
w.close()
""",
    "audio": """
rng = np.random.default_rng(3)
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=6):
    out.append(call(lambda: tf.summary.audio("stereo", rng.uniform(-1.5, 1.5, (2, 50, 2)).astype(np.float32), 44100)))
    out.append(call(lambda: tf.summary.audio("limited", rng.uniform(-1, 1, (4, 20, 1)).astype(np.float32), 8000,
                                             max_outputs=1)))
    out.append(call(lambda: tf.summary.audio("edge", np.array([-2, -1, -0.99999, -0.5, -1 / 65536, 0, 1 / 65536,
                                             1.5 / 32767, 0.3, 0.99999, 1, 2, np.nan, np.inf, -np.inf],
                                             np.float32).reshape(1, 15, 1), 16000, encoding="wav")))
    out.append(call(lambda: tf.summary.audio("empty", np.zeros((0, 10, 1), np.float32), 8000)))
    out.append(call(lambda: tf.summary.audio("rate_tensor", np.zeros((1, 3, 1), np.float32), tf.constant(22050))))
    tf.summary.audio("described", np.zeros((1, 4, 1), np.float32), 8000, description="sound")
w.close()
""",
    "write": """
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=7):
    out.append(call(lambda: tf.summary.write("int32", tf.constant([1, 2, 3]))))
    out.append(call(lambda: tf.summary.write("float64", np.arange(6.0).reshape(2, 3))))
    out.append(call(lambda: tf.summary.write("string", tf.constant(["a", "bc"]))))
    out.append(call(lambda: tf.summary.write("bool", tf.constant([True, False]))))
    out.append(call(lambda: tf.summary.write("int64", tf.constant(-5, tf.int64))))
    out.append(call(lambda: tf.summary.write("uint8", tf.constant([0, 255], tf.uint8))))
    out.append(call(lambda: tf.summary.write("float16", tf.constant([0.5, -2.0], tf.float16))))
    out.append(call(lambda: tf.summary.write("empty", tf.zeros([0, 2]))))
    out.append(call(lambda: tf.summary.write("callable", lambda: tf.constant(3.0))))
    out.append(call(lambda: tf.summary.write("meta", 1.0, metadata=b"\\n\\x05\\n\\x03abc\\x1a\\x01d")))
    with tf.name_scope("scope_is_not_added"):
        out.append(call(lambda: tf.summary.write("plain", 1.0, step=8)))
    raw = (b"\\n\\x0a\\n\\x03old\\x15\\x00\\x00\\x20\\x40")  # Summary(value=[Value(tag='old', simple_value=2.5)])
    out.append(call(lambda: tf.summary.experimental.write_raw_pb(raw, step=2)))
    out.append(call(lambda: tf.summary.experimental.write_raw_pb([raw, raw], step=3)))
    out.append(call(lambda: tf.summary.experimental.write_raw_pb([raw, b"\\n\\x0c\\n\\x03old"], step=4)))
w.close()
""",
    "errors": """
w = tf.summary.create_file_writer(logdir)
with w.as_default():
    out.append(call(lambda: tf.summary.scalar("a", 1.0)))
    out.append(call(lambda: tf.summary.write("a", 1.0)))
    out.append(call(lambda: tf.summary.histogram("a", [1.0])))
with w.as_default(step=1):
    out.append(call(lambda: tf.summary.scalar("a", [1.0, 2.0])))
    out.append(call(lambda: tf.summary.scalar("a", "x")))
    out.append(call(lambda: tf.summary.scalar("a", 1.0, step=1.5)))
    out.append(call(lambda: tf.summary.scalar("a", 1.0, step="x")))
    out.append(call(lambda: tf.summary.scalar("a", 1.0, step=[1, 2])))
    out.append(call(lambda: tf.summary.scalar("a", 1.0, step=tf.constant(3))))
    out.append(call(lambda: tf.summary.scalar("a", 1.0, step=tf.constant(4.0))))
    out.append(call(lambda: tf.summary.histogram("a", ["s"])))
    out.append(call(lambda: tf.summary.image("a", np.zeros((4, 4, 3), np.float32))))
    out.append(call(lambda: tf.summary.image("a", np.zeros((1, 4, 4, 5), np.float32))))
    out.append(call(lambda: tf.summary.image("a", np.array([[[["a"]]]]))))
    out.append(call(lambda: tf.summary.image("a", np.zeros((2, 4, 4, 1), np.float32), max_outputs=-1)))
    out.append(call(lambda: tf.summary.audio("a", np.zeros((4, 3), np.float32), 8000)))
    out.append(call(lambda: tf.summary.audio("a", np.zeros((1, 4, 1), np.float32), 8000, encoding="mp3")))
    out.append(call(lambda: tf.summary.audio("a", np.zeros((1, 4, 1), np.float32), 0)))
    out.append(call(lambda: tf.summary.audio("a", np.zeros((1, 4, 1), np.float32), 8000.5)))
    out.append(call(lambda: tf.summary.audio("a", np.zeros((1, 4, 1), np.int32), 8000)))
    out.append(call(lambda: tf.summary.audio("a", np.zeros((1, 4, 1), np.float64), 8000)))
    out.append(call(lambda: tf.summary.text("a", 1.0)))
    out.append(call(lambda: tf.summary.write("a", 1.0, metadata=5)))
    out.append(call(lambda: tf.summary.graph(5)))
w.close()
""",
    "no_writer": """
out.append(call(lambda: tf.summary.scalar("a", 1.0, step=1)))
out.append(call(lambda: tf.summary.scalar("a", 1.0)))
out.append(call(lambda: tf.summary.write("a", 1.0)))
out.append(call(lambda: tf.summary.histogram("a", ["s"])))
out.append(call(lambda: tf.summary.image("a", np.zeros((4, 4, 3)))))
out.append(call(lambda: tf.summary.scalar("a", [1.0, 2.0])))
out.append(call(lambda: tf.summary.text("a", 1.0)))
out.append(call(lambda: tf.summary.should_record_summaries()))
out.append(call(lambda: tf.summary.flush()))
out.append(call(lambda: tf.summary.experimental.get_step()))
n = tf.summary.create_noop_writer()
with n.as_default(step=1):
    out.append(call(lambda: tf.summary.scalar("a", 1.0)))
    out.append(call(lambda: tf.summary.should_record_summaries()))
out.append(call(lambda: n.set_as_default(step=3)))
out.append(call(lambda: tf.summary.experimental.get_step()))
out.append(call(lambda: (n.init(), n.flush(), n.close())))
""",
    "record_if": """
w = tf.summary.create_file_writer(logdir)
with w.as_default(step=1):
    out.append(call(lambda: tf.summary.should_record_summaries()))
    with tf.summary.record_if(False):
        out.append(call(lambda: tf.summary.scalar("no", 1.0)))
        out.append(call(lambda: tf.summary.should_record_summaries()))
        with tf.summary.record_if(True):
            out.append(call(lambda: tf.summary.scalar("nested_yes", 1.0)))
        out.append(call(lambda: tf.summary.histogram("lazy_no_error", ["s"])))
    with tf.summary.record_if(lambda: False):
        out.append(call(lambda: tf.summary.scalar("no_callable", 1.0)))
    with tf.summary.record_if(tf.constant(False)):
        out.append(call(lambda: tf.summary.scalar("no_tensor", 1.0)))
    with tf.summary.record_if(lambda: tf.constant(True)):
        out.append(call(lambda: tf.summary.scalar("yes_callable", 2.0)))
    out.append(call(lambda: tf.summary.scalar("yes", 3.0)))
with tf.summary.record_if(False):
    with w.as_default():
        out.append(call(lambda: tf.summary.scalar("no_step_not_recorded", 1.0)))
w.close()
""",
    "steps": """
w = tf.summary.create_file_writer(logdir)
out.append(call(lambda: tf.summary.experimental.get_step()))
with w.as_default(step=5):
    out.append(call(lambda: tf.summary.experimental.get_step()))
    tf.summary.scalar("at5", 1.0)
out.append(call(lambda: tf.summary.experimental.get_step()))
tf.summary.experimental.set_step(7)
with w.as_default():
    tf.summary.scalar("at7", 1.0)
    tf.summary.scalar("neg", 1.0, step=-5)
    tf.summary.scalar("np", 1.0, step=np.int32(4))
    tf.summary.scalar("big", 1.0, step=2 ** 40)
v = tf.Variable(11, dtype=tf.int64)
tf.summary.experimental.set_step(v)
out.append(call(lambda: tf.summary.experimental.get_step() is v))
with w.as_default():
    tf.summary.scalar("at11", 1.0)
    v.assign(12)
    tf.summary.scalar("at12", 1.0)
    out.append(call(lambda: tf.summary.scalar("a", 1.0, step=tf.Variable(3))))
tf.summary.experimental.set_step(None)
w.set_as_default(step=20)
tf.summary.scalar("default_writer", 1.0)
out.append(call(lambda: tf.summary.experimental.get_step()))
tf.summary.experimental.set_step(None)
w.close()
""",
    "function": """
w = tf.summary.create_file_writer(logdir)
step = tf.Variable(0, dtype=tf.int64)
@tf.function
def f(x):
    with tf.name_scope("fn"):
        r = tf.summary.scalar("x", x, step=step)
    tf.summary.histogram("h", tf.fill([3], x), step=step, buckets=2)
    tf.summary.scalar("y", x * 2)
    step.assign_add(1)
    return r
tf.summary.experimental.set_step(step)
with w.as_default():
    with tf.name_scope("outer"):
        out.append(call(lambda: f(tf.constant(1.0))))
        out.append(call(lambda: f(tf.constant(2.0))))
    with tf.summary.record_if(lambda: tf.equal(step % 2, 0)):
        out.append(call(lambda: f(tf.constant(3.0))))
out.append(call(lambda: f(tf.constant(5.0))))
tf.summary.experimental.set_step(None)
@tf.function
def g(x, s):
    with w.as_default():
        return tf.summary.scalar("g", x, step=s)
out.append(call(lambda: g(tf.constant(1.0), tf.constant(100, tf.int64))))
out.append(call(lambda: g(tf.constant(2.0), tf.constant(101, tf.int64))))
@tf.function
def cond_inside(x):
    with w.as_default(step=50):
        with tf.summary.record_if(x > 0):
            return tf.summary.scalar("cond", x)
out.append(call(lambda: cond_inside(tf.constant(1.0))))
out.append(call(lambda: cond_inside(tf.constant(-1.0))))
@tf.function
def h():
    return tf.summary.should_record_summaries()
out.append(call(h))
w.close()
""",
    "writers": """
w1 = tf.summary.create_file_writer(logdir)
w2 = tf.summary.create_file_writer(logdir, filename_suffix=".foo", name="x")
w3 = tf.summary.create_file_writer(logdir + "/deep/er", max_queue=5, flush_millis=1000)
with w3.as_default(step=1):
    tf.summary.scalar("deep", 1.0)
with w2.as_default(step=1):
    tf.summary.scalar("foo", 1.0)
for w in (w1, w2, w3):
    w.close()
out.append(call(lambda: w1.flush()))
out.append(call(lambda: w1.set_as_default()))
out.append(call(lambda: w1.init()))
def enter_closed():
    with w1.as_default(step=1):
        pass
out.append(call(enter_closed))
out.append(call(lambda: w1.close()))
out.append(call(lambda: tf.summary.create_file_writer(None)))
out.append(call(lambda: isinstance(w1, tf.summary.SummaryWriter)))
""",
    "queue": """
w = tf.summary.create_file_writer(logdir, max_queue=2)
with w.as_default(step=1):
    out.append(count(""))
    tf.summary.scalar("a", 1.0)
    out.append(count(""))
    tf.summary.scalar("b", 1.0)
    out.append(count(""))
    tf.summary.scalar("c", 1.0)
    out.append(count(""))
    tf.summary.scalar("d", 1.0)
    out.append(count(""))
    tf.summary.flush()
    out.append(count(""))
    tf.summary.scalar("e", 1.0)
    out.append(count(""))
out.append(count(""))
w.close()
""",
    "trace": """
w = tf.summary.create_file_writer(logdir)
out.append(call(lambda: tf.summary.trace_export("nothing", step=1)))
tf.summary.trace_on(graph=True)
@tf.function
def k(x):
    return x * 2 + 1
k(tf.constant(1.0))
with w.as_default():
    out.append(call(lambda: tf.summary.trace_export("trace", step=9)))
out.append(call(lambda: tf.summary.trace_export("again", step=9)))
out.append(call(lambda: tf.summary.trace_off()))
with w.as_default():
    out.append(call(lambda: tf.summary.graph(k.get_concrete_function(tf.constant(1.0)).graph)))
w.close()
""",
}

KERAS = """
tf.keras.backend.clear_session()
rng = np.random.RandomState(0)
x = rng.rand(32, 4).astype("float32")
y = rng.rand(32, 1).astype("float32")
model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(4,))])
model.compile(tf.keras.optimizers.SGD(0.1), "mse", metrics=["mae"])
model.fit(x, y, epochs=2, batch_size=16, verbose=0, shuffle=False, validation_data=(x, y),
          callbacks=[tf.keras.callbacks.TensorBoard(logdir, **KWARGS)])
"""
KERAS_CASES = {"default": {}, "batches": {"update_freq": 2, "histogram_freq": 1, "write_images": True,
                                          "write_steps_per_second": True},
               "schedule": {"update_freq": "epoch"}}


def run_scenario(tf, code, logdir, read_records):
    out = []

    def call(f):
        try:
            r = f()
        except Exception as e:  # noqa: BLE001 - recorded
            return ["EXC", type(e).__name__, str(e)]
        return plain(r)

    def count(part):
        files = [p for p in glob.glob(os.path.join(logdir, "**", "events.*"), recursive=True) if part in p]
        assert len(files) == 1, files
        return len(list(read_records(files[0])))
    env = {"tf": tf, "np": np, "logdir": logdir, "out": out, "call": call, "count": count}
    exec(code, env)
    if tf.__name__ == "tensorflow":  # no scenario sees the default writer or step another left
        from tensorflow.python.ops import summary_ops_v2
        summary_ops_v2._summary_state.writer = None
        summary_ops_v2._summary_state.step = None
    else:
        tf.summary._writer._state.writer = tf.summary._writer._state.step = None
    return out


def plain(r):
    if hasattr(r, "numpy"):
        r = r.numpy()
    if isinstance(r, np.ndarray):
        return r.tolist()
    if isinstance(r, np.generic):
        return r.item()
    if isinstance(r, (bool, int, float, str)) or r is None:
        return r
    if isinstance(r, tuple):
        return [plain(v) for v in r]
    return type(r).__name__


def event_files(logdir):
    """[(relative dir, file name match groups, path)] in creation order (dir, then the file id)."""
    found = []
    for path in glob.glob(os.path.join(logdir, "**", "events.out.tfevents.*"), recursive=True):
        m = FILE_RE.match(os.path.basename(path))
        found.append((os.path.relpath(os.path.dirname(path), logdir), int(m.group(4)), m, path))
    return sorted(found)


def record_files(logdir, read_records):
    files = []
    for rel, _, m, path in event_files(logdir):
        files.append({"dir": rel, "suffix": m.group(5), "host": m.group(2), "pid": int(m.group(3)),
                      "seconds": int(m.group(1)),
                      "records": [base64.b64encode(r).decode() for r in read_records(path)]})
    return files


def main():
    import tensorflow as tf
    read = tf.compat.v1.io.tf_record_iterator
    golden = {"scenarios": {}, "keras": {}}
    for name, code in SCENARIOS.items():
        logdir = tempfile.mkdtemp()
        out = run_scenario(tf, code, logdir, read)
        golden["scenarios"][name] = {"code": code, "out": out, "files": record_files(logdir, read)}
        golden["scenarios"][name]["parsed"] = [[_parsed(tf, r) for r in f["records"]]
                                               for f in golden["scenarios"][name]["files"]]
        if name == "scalar":  # one whole file, framing and CRCs included
            with open(event_files(logdir)[0][3], "rb") as f:
                golden["raw_file"] = base64.b64encode(f.read()).decode()
        shutil.rmtree(logdir)
    for name, kwargs in KERAS_CASES.items():
        logdir = tempfile.mkdtemp()
        code = KERAS.replace("**KWARGS", ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) or "")
        if name == "schedule":
            code = code.replace("tf.keras.optimizers.SGD(0.1)", "tf.keras.optimizers.SGD("
                                "tf.keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))")
        run_scenario(tf, code, logdir, read)
        golden["keras"][name] = {"code": code, "files": record_files(logdir, read)}
        shutil.rmtree(logdir)
    golden["tf_version"] = tf.__version__
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1)
    print(f"wrote {OUT}")
    if "--check-numtf" in sys.argv:
        check_numtf(tf, golden)


def _parsed(tf, b64):
    """What TF's own parser sees in a record (so the tests also check numtf's decoder)."""
    e = tf.compat.v1.Event.FromString(base64.b64decode(b64))
    values = [[v.tag, v.WhichOneof("value") or "", v.metadata.plugin_data.plugin_name,
               v.tensor.dtype, [d.size for d in v.tensor.tensor_shape.dim]] for v in e.summary.value]
    return {"step": e.step, "what": e.WhichOneof("what"), "values": values}


def check_numtf(tf, golden):
    """numtf's files read by TF's reader and parser (and TensorBoard's EventAccumulator)."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    import numtf
    import numtf.summary  # noqa: F401
    from google.protobuf import json_format
    problems = 0
    for name, code in SCENARIOS.items():
        logdir = tempfile.mkdtemp()
        run_scenario(numtf, code, logdir, lambda p: list(tf.compat.v1.io.tf_record_iterator(p)))
        ours = record_files(logdir, tf.compat.v1.io.tf_record_iterator)
        theirs = golden["scenarios"][name]["files"]
        for a, b in zip(ours, theirs):
            for ra, rb in zip(a["records"], b["records"]):
                ea = tf.compat.v1.Event.FromString(base64.b64decode(ra))
                eb = tf.compat.v1.Event.FromString(base64.b64decode(rb))
                ea.wall_time = eb.wall_time = 0
                da, db = json_format.MessageToDict(ea), json_format.MessageToDict(eb)
                if da != db:
                    problems += 1
                    print(f"{name}: differs\n  numtf: {str(da)[:300]}\n  tf:    {str(db)[:300]}")
        if [len(f["records"]) for f in ours] != [len(f["records"]) for f in theirs]:
            problems += 1
            print(f"{name}: record counts {[len(f['records']) for f in ours]} vs {[len(f['records']) for f in theirs]}")
        try:
            from tensorboard.backend.event_processing import event_accumulator
            for rel, _, _, path in event_files(logdir):
                acc = event_accumulator.EventAccumulator(path, size_guidance={"tensors": 0})
                acc.Reload()
                print(f"{name}/{rel}: EventAccumulator tensors tags {acc.Tags()['tensors']}")
        except ImportError as e:
            print("EventAccumulator not available:", e)
        shutil.rmtree(logdir)
    print(f"numtf check: {problems} differences")


if __name__ == "__main__":
    main()
