"""tf.summary against TensorFlow 2.21 + TensorBoard 2.21 (tests/golden/summary.json, written by
tools/make_summary_golden.py): every scenario's source runs with numtf; its return values and
errors, and its event files (names, order, every record decoded field by field) must match
what TF wrote. PNGs are compared by their pixels and header (the zlib stream differs), traces
and graphs by their shape. Also: CRC32C, TFRecord framing and the protobuf codec
(numtf/util/events.py) on TF's own bytes."""
import base64
import glob
import json
import os
import re
import socket
import time

import numpy as np
import pytest

import numtf as tf
import numtf.summary  # noqa: F401  (until numtf/__init__.py lists it in _LAZY_MODULES)
from numtf.util import events

with open(os.path.join(os.path.dirname(__file__), "golden", "summary.json"), encoding="utf-8") as _f:
    GOLDEN = json.load(_f)
FILE_RE = re.compile(r"events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)(\.[^.]*)$")
# numtf's own wording where TF's names TF internals; the exception type still has to match.
TYPE_ONLY = ("Cast string to float",)


@pytest.fixture(autouse=True)
def _clean_state():
    tf.summary.experimental.set_step(None)
    tf.summary.trace_off()
    yield
    tf.summary.experimental.set_step(None)
    tf.summary.trace_off()
    numtf.summary._writer._state.writer = None


# -- the codec ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("data,crc", [(b"", 0), (b"123456789", 0xE3069283), (b"\x00" * 32, 0x8A9136AA),
                                      (b"\xff" * 32, 0x62A8AB43), (bytes(range(32)), 0x46DD794E)])
def test_crc32c_known_values(data, crc):
    assert events.crc32c(data) == crc


@pytest.mark.parametrize("n", [1023, 1024, 1025, 4097, 70001])
def test_crc32c_chunked_path_equals_the_byte_loop(n):
    data = np.random.default_rng(n).integers(0, 256, n, dtype=np.uint8).tobytes()
    assert events.crc32c(data) == events._crc_loop(0xFFFFFFFF, data) ^ 0xFFFFFFFF


def test_tf_file_framing_and_crcs(tmp_path):
    raw = base64.b64decode(GOLDEN["raw_file"])
    path = tmp_path / "events.out.tfevents.x"
    path.write_bytes(raw)
    records = list(events.read_records(str(path)))
    assert [base64.b64encode(r).decode() for r in records] == GOLDEN["scenarios"]["scalar"]["files"][0]["records"]
    assert b"".join(events.frame_record(r) for r in records) == raw  # same masked CRCs as TF
    bad = bytearray(raw)
    bad[-1] ^= 1
    path.write_bytes(bytes(bad))
    with pytest.raises(ValueError, match="bad data CRC"):
        list(events.read_records(str(path)))
    path.write_bytes(raw[:-3])  # a truncated last record (a writer still writing) ends the file
    assert len(list(events.read_records(str(path)))) == len(records) - 1


def _all_tf_records():
    for name, sc in GOLDEN["scenarios"].items():
        for f, parsed in zip(sc["files"], sc["parsed"]):
            for r, p in zip(f["records"], parsed):
                yield name, base64.b64decode(r), p


def test_decoder_reads_tf_records_as_tf_does_and_reencodes_them_byte_for_byte():
    n = 0
    for name, raw, parsed in _all_tf_records():
        e = events.decode(events.EVENT, raw)
        assert e.step == parsed["step"], name
        what = [w for w in ("file_version", "graph_def", "summary") if e.HasField(w)]
        assert what == [parsed["what"]], name
        values = [[v.tag, "tensor" if v.HasField("tensor") else ("simple_value" if v.HasField("simple_value") else ""),
                   v.metadata.plugin_data.plugin_name, v.tensor.dtype, [d.size for d in v.tensor.tensor_shape.dim]]
                  for v in e.summary.value]
        assert values == parsed["values"], name
        if parsed["what"] != "graph_def":  # (TF's GraphDefs hold fields numtf's schema skips)
            assert events.encode(events.EVENT, e) == raw, name
        n += 1
    assert n > 100


def test_summary_iterator_and_tensor_values(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(base64.b64decode(GOLDEN["raw_file"]))
    evs = list(events.summary_iterator(str(path)))
    assert evs[0].file_version == "brain.Event:2" and evs[0].source_metadata.writer == \
        "tensorflow.core.util.events_writer"
    assert [(e.step, e.summary.value[0].tag, float(events.tensor_to_ndarray(e.summary.value[0].tensor)))
            for e in evs[1:3]] == [(3, "loss", 0.5), (4, "loss", 0.25)]


# -- the scenarios -----------------------------------------------------------------------------------
def _message(text):
    text = re.sub(r"\{\{function_node [^}]*\}\} ", "", text)
    text = re.sub(r"\s*\[Op:\w+\]( name: )?\s*$", "", text)
    return re.sub(r" object at 0x[0-9a-f]+|tensorflow\.python\.ops\.summary_ops_v2\.|numtf\.summary\._writer\.",
                  "", text).strip()


def _check_out(got, want, where):
    assert len(got) == len(want), where
    for i, (g, w) in enumerate(zip(got, want)):
        if isinstance(w, list) and w[:1] == ["EXC"]:
            assert isinstance(g, list) and g[:2] == w[:2], (where, i, g, w)
            if not any(t in w[2] for t in TYPE_ONLY):
                assert _message(g[2]) == _message(w[2]), (where, i)
        else:
            assert g == w, (where, i)


def _files(logdir):
    found = []
    for path in glob.glob(os.path.join(logdir, "**", "events.out.tfevents.*"), recursive=True):
        m = FILE_RE.match(os.path.basename(path))
        found.append((os.path.relpath(os.path.dirname(path), logdir), int(m.group(4)), m, path))
    return sorted(found)


def _value_fields(v):
    return {k: val for k, val in v._fields.items() if k != "tensor"}


def _check_tensor(name, tag, plugin, got, want):
    assert got.dtype == want.dtype and got.tensor_shape == want.tensor_shape, (name, tag)
    if plugin == "graph_run_metadata_graph":
        return  # numtf's graphs are its own
    a, b = events.tensor_to_ndarray(got), events.tensor_to_ndarray(want)
    if plugin == "images":
        assert list(a[:2]) == list(b[:2]), (name, tag)
        for pa, pb in zip(a[2:], b[2:]):
            assert pa[:33] == pb[:33], (name, tag)  # signature and IHDR
            np.testing.assert_array_equal(tf.io.decode_png(pa).numpy(), tf.io.decode_png(pb).numpy())
    elif a.dtype == object:
        assert a.tolist() == b.tolist(), (name, tag)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0, equal_nan=True, err_msg=f"{name}/{tag}")


def _check_event(name, got, want, t0, t1):
    if want.HasField("file_version"):
        assert float(int(t0)) <= got.wall_time <= t1
    else:
        assert t0 <= got.wall_time <= t1
    assert got.step == want.step and got.file_version == want.file_version, name
    assert got.source_metadata == want.source_metadata
    assert got.HasField("graph_def") == want.HasField("graph_def"), name
    assert len(got.summary.value) == len(want.summary.value), name
    for gv, wv in zip(got.summary.value, want.summary.value):
        assert _value_fields(gv) == _value_fields(wv), (name, wv.tag)  # tag, metadata, simple_value
        assert gv.HasField("tensor") == wv.HasField("tensor")
        if wv.HasField("tensor"):
            _check_tensor(name, wv.tag, wv.metadata.plugin_data.plugin_name, gv.tensor, wv.tensor)


def _check_files(name, logdir, want_files, t0, t1):
    got = _files(logdir)
    assert [(rel, m.group(5)) for rel, _, m, _ in got] == [(f["dir"], f["suffix"]) for f in want_files], name
    for (rel, _, m, path), want in zip(got, want_files):
        assert m.group(2) == socket.gethostname() and int(m.group(3)) == os.getpid()
        assert int(t0) <= int(m.group(1)) <= t1
        records = list(events.read_records(path))
        assert len(records) == len(want["records"]), (name, rel)
        for r, w in zip(records, want["records"]):
            _check_event(name, events.decode(events.EVENT, r), events.decode(events.EVENT, base64.b64decode(w)), t0, t1)


def run_scenario(code, logdir):
    out = []

    def call(f):
        try:
            r = f()
        except Exception as e:  # noqa: BLE001 - compared with TF's
            return ["EXC", type(e).__name__, str(e)]
        return _plain(r)

    def count(part):
        files = [p for p in glob.glob(os.path.join(logdir, "**", "events.*"), recursive=True) if part in p]
        assert len(files) == 1, files
        return len(list(events.read_records(files[0])))
    exec(code, {"tf": tf, "np": np, "logdir": logdir, "out": out, "call": call, "count": count})
    return out


def _plain(r):
    if hasattr(r, "numpy"):
        r = r.numpy()
    if isinstance(r, np.ndarray):
        return r.tolist()
    if isinstance(r, np.generic):
        return r.item()
    if isinstance(r, (bool, int, float, str)) or r is None:
        return r
    if isinstance(r, tuple):
        return [_plain(v) for v in r]
    return type(r).__name__


@pytest.mark.parametrize("name", sorted(GOLDEN["scenarios"]))
def test_scenario_matches_tf(name, tmp_path):
    sc = GOLDEN["scenarios"][name]
    t0 = time.time()
    out = run_scenario(sc["code"], str(tmp_path))
    t1 = time.time()
    _check_out(out, sc["out"], name)
    _check_files(name, str(tmp_path), sc["files"], t0, t1)


# -- numtf specifics ---------------------------------------------------------------------------------
def _only_file(logdir):
    (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
    return [events.decode(events.EVENT, r) for r in events.read_records(path)]


def test_trace_export_writes_the_traced_graphs(tmp_path):
    from numtf.summary import _trace
    w = tf.summary.create_file_writer(str(tmp_path))

    @tf.function
    def k(x):
        return x * 2 + 1
    tf.summary.trace_on(graph=True)
    k(tf.constant(1.0))
    with w.as_default():
        assert tf.summary.trace_export("trace", step=9) is None  # (as in TF)
    w.close()
    (event,) = [e for e in _only_file(str(tmp_path)) if e.HasField("summary")]
    value = event.summary.value[0]
    assert (event.step, value.tag, value.metadata.plugin_data.plugin_name, value.metadata.plugin_data.content) == \
        (9, "trace", "graph_run_metadata_graph", b"1")
    run_metadata = events.decode(_trace.RUN_METADATA, value.tensor.string_val[0])
    (fg,) = run_metadata.function_graphs
    nodes = fg.pre_optimization_graph.node
    assert [n.op for n in nodes][0] == "Placeholder" and "Mul" in [n.op for n in nodes]
    mul = next(n for n in nodes if n.op == "Mul")
    assert mul.input[0] == nodes[0].name


def test_unsupported_arguments_raise(tmp_path):
    with pytest.raises(NotImplementedError, match="profiler"):
        tf.summary.trace_on(profiler=True)
    with pytest.raises(NotImplementedError, match="experimental_trackable"):
        tf.summary.create_file_writer(str(tmp_path), experimental_trackable=True)


def test_writer_inside_a_function_flushes_and_a_closed_writer_writes_nothing(tmp_path):
    w = tf.summary.create_file_writer(str(tmp_path), max_queue=100)

    @tf.function
    def f(x, step):
        tf.summary.scalar("x", x, step=step)
        tf.summary.flush(w)
        return x
    with w.as_default():
        f(tf.constant(1.0), tf.constant(1, tf.int64))
        assert len(_only_file(str(tmp_path))) == 2  # the traced flush ran
        f(tf.constant(2.0), tf.constant(2, tf.int64))
        assert [e.step for e in _only_file(str(tmp_path))] == [0, 1, 2]
    w.close()

    @tf.function
    def g(x):
        with w.as_default(step=3):
            return tf.summary.scalar("x", x)
    with pytest.raises(RuntimeError, match="already closed"):
        g(tf.constant(1.0))
    assert len(_only_file(str(tmp_path))) == 3


def test_event_file_writer_after_close_and_large_records(tmp_path):
    ew = events.EventFileWriter(str(tmp_path))
    big = np.random.default_rng(0).integers(0, 256, 300000, dtype=np.uint8)
    ew.add_event({"step": 1, "summary": {"value": [{"tag": "big", "tensor": events.tensor_proto(big)}]}})
    ew.close()
    with pytest.raises(ValueError, match="closed"):
        ew.add_event({"step": 2})
    evs = list(events.summary_iterator(ew.path))
    np.testing.assert_array_equal(events.tensor_to_ndarray(evs[1].summary.value[0].tensor), big)
