"""tf.io.parse_single_sequence_example / parse_sequence_example, compared with real TensorFlow's
results (tests/golden/data_sparse.json, written by tools/make_data_sparse_golden.py, which also
holds the programs), plus a SequenceExample round trip."""
import importlib.util
import json
import pathlib

import numpy as np
import pytest

import numtf as tf

_ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_data_sparse_golden", _ROOT / "tools" / "make_data_sparse_golden.py")
golden_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden_tool)
GOLDEN = json.loads((_ROOT / "tests" / "golden" / "data_sparse.json").read_text())


@pytest.mark.parametrize("name", sorted(golden_tool.SEQUENCE_CASES))
def test_matches_tensorflow(name, tmp_path):
    assert golden_tool.run_case(tf, golden_tool.SEQUENCE_CASES[name], str(tmp_path)) == GOLDEN[name]


def _sequence_example(labels, frames):
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={"label": tf.train.Feature(int64_list=tf.train.Int64List(value=labels))}),
        feature_lists=tf.train.FeatureLists(feature_list={"frames": tf.train.FeatureList(feature=[
            tf.train.Feature(float_list=tf.train.FloatList(value=f)) for f in frames])}))


def test_round_trip():
    frames = [[0.25, 1.5], [2.0, -3.0], [4.5, 5.0]]
    data = _sequence_example([7], frames).SerializeToString()
    context, seq = tf.io.parse_single_sequence_example(
        data, {"label": tf.io.FixedLenFeature([], tf.int64)},
        {"frames": tf.io.FixedLenSequenceFeature([2], tf.float32)})
    assert context["label"].numpy() == 7 and context["label"].dtype == tf.int64
    assert seq["frames"].dtype == tf.float32 and seq["frames"].shape == (3, 2)
    np.testing.assert_array_equal(seq["frames"].numpy(), np.asarray(frames, np.float32))
    # parsed back from what the message holds after a proto round trip
    again = tf.train.SequenceExample.FromString(data)
    assert again.SerializeToString() == data


def test_batch_lengths_and_padding():
    a = _sequence_example([1], [[1.0, 2.0]]).SerializeToString()
    b = _sequence_example([2], [[3.0, 4.0], [5.0, 6.0]]).SerializeToString()
    context, seq, lengths = tf.io.parse_sequence_example(
        [a, b], {"label": tf.io.FixedLenFeature([], tf.int64)},
        {"frames": tf.io.FixedLenSequenceFeature([2], tf.float32)})
    assert context["label"].numpy().tolist() == [1, 2]
    assert seq["frames"].numpy().tolist() == [[[1, 2], [0, 0]], [[3, 4], [5, 6]]]
    assert lengths["frames"].numpy().tolist() == [1, 2] and lengths["frames"].dtype == tf.int64


def test_in_tf_function():
    data = _sequence_example([3], [[1.0, 2.0], [3.0, 4.0]]).SerializeToString()

    @tf.function
    def frames_sum(s):
        _, seq = tf.io.parse_single_sequence_example(
            s, sequence_features={"frames": tf.io.FixedLenSequenceFeature([2], tf.float32)})
        return tf.reduce_sum(seq["frames"])
    assert frames_sum(tf.constant(data)).numpy() == 10.0


def test_serialized_must_be_scalar():
    with pytest.raises(ValueError, match="must be a scalar"):
        tf.io.parse_single_sequence_example([b"", b""], sequence_features={"x": tf.io.VarLenFeature(tf.int64)})
