"""tf.compat.v1.summary: TF1 summaries in a Session, merge_all, FileWriter, tf.compat.v1.Summary;
the records read back with the event reader (tf.compat.v1.train.summary_iterator)."""
import numpy as np
import pytest

import numtf as tf

v1 = tf.compat.v1


@pytest.fixture
def graph():
    v1.disable_eager_execution()
    v1.reset_default_graph()
    yield
    v1.enable_eager_execution()
    v1.reset_default_graph()


def read(logdir):
    (path,) = logdir.iterdir()
    return list(v1.train.summary_iterator(str(path)))[1:]  # after the file_version event


def test_session_summaries_merge_and_file_writer(graph, tmp_path):
    x = v1.placeholder(tf.float32, [None, 2, 2, 1])
    with tf.name_scope("train"):
        v1.summary.scalar("loss", tf.reduce_mean(x))
    v1.summary.histogram("values", x)
    v1.summary.image("pictures", x, max_outputs=2)
    v1.summary.text("note", tf.constant("hello"))
    merged = v1.summary.merge_all()
    assert len(v1.get_collection(v1.GraphKeys.SUMMARIES)) == 4
    data = np.array([[[[0.0], [1.0]], [[0.5], [0.25]]], [[[1.0], [1.0]], [[0.0], [0.0]]]], np.float32)
    with v1.Session() as sess, v1.summary.FileWriter(str(tmp_path), sess.graph) as writer:
        writer.add_summary(sess.run(merged, {x: data}), global_step=7)
    graph_event, summary_event = read(tmp_path)
    assert graph_event.graph_def  # the graph for TensorBoard's graph view
    assert summary_event.step == 7
    tags = [v.tag for v in summary_event.summary.value]
    assert tags == ["train/loss", "values", "pictures/image/0", "pictures/image/1", "note"]
    loss, histo, img = summary_event.summary.value[0], summary_event.summary.value[1], summary_event.summary.value[2]
    assert np.isclose(loss.simple_value, data.mean())
    assert histo.histo.num == 8 and histo.histo.max == 1.0
    assert (img.image.height, img.image.width, img.image.colorspace) == (2, 2, 1)
    assert img.image.encoded_image_string[:8] == b"\x89PNG\r\n\x1a\n"


def test_histogram_proto_as_tf():
    from numtf.compat.v1.summary import histogram_proto
    h = histogram_proto([0.0, 1.0, 1.0, -2.0])
    assert (h["min"], h["max"], h["num"], h["sum"], h["sum_squares"]) == (-2.0, 1.0, 4.0, 0.0, 6.0)
    assert sum(h["bucket"]) == 4 and h["bucket_limit"] == sorted(h["bucket_limit"])
    nonzero = [(lim, c) for lim, c in zip(h["bucket_limit"], h["bucket"]) if c]
    assert [c for _, c in nonzero] == [1.0, 1.0, 2.0]  # -2, 0, and the two ones
    assert nonzero[1][0] == 1e-12  # 0 falls in [0, 1e-12), TF's first positive bucket


def test_summary_protos_and_eager_rules(tmp_path):
    s = v1.Summary(value=[v1.Summary.Value(tag="acc", simple_value=0.5)])
    again = v1.Summary.FromString(s.SerializeToString())
    assert again.value[0].tag == "acc" and again.value[0].simple_value == 0.5
    with v1.summary.FileWriter(str(tmp_path)) as writer:
        writer.add_summary(s, global_step=2)
        writer.add_summary(v1.summary.scalar("eager", 3.0), global_step=3)  # eager: a string tensor
    first, second = read(tmp_path)
    assert (first.step, first.summary.value[0].tag) == (2, "acc")
    assert (second.step, second.summary.value[0].simple_value) == (3, 3.0)
    with pytest.raises(RuntimeError, match="not compatible with eager execution"):
        v1.summary.merge_all()
    with pytest.raises(ValueError, match="must be scalar"):
        v1.summary.scalar("bad", [1.0, 2.0])
