"""tf.RaggedTensor and tf.ragged against TensorFlow 2.21 (tests/golden/sparse_ragged.json,
tools/make_sparse_ragged_golden.py): construction, printing, indexing, math, errors, gradients."""
import numpy as np
import pytest

import numtf as tf
from tests.helpers import check_gradients
from tests.ops._sparse_ragged_golden import GOLDEN, env, check, check_grad

# numtf's message for these names the problem in its own words (TF's is an assertion dump).
LOOSE_MESSAGES = {"rt + tf.constant([1, 2])"}
# NumPy's float32 exp differs from TF's in the last place for one element (values are compared).
LOOSE_REPR = {"tf.math.exp(rtf)"}


@pytest.mark.parametrize("src", sorted(GOLDEN["ragged"]))
def test_ragged_golden(src):
    check(src, GOLDEN["ragged"][src], env(), messages=src not in LOOSE_MESSAGES, repr_=src not in LOOSE_REPR)


@pytest.mark.parametrize("name", ["ragged_sum", "ragged_to_tensor", "ragged_mean_max"])
def test_ragged_gradients_match_tf(name):
    check_grad(name)


def test_ragged_finite_difference_gradients():
    v = np.array([1.0, -2.0, 3.0, 0.5])
    rl = [2, 0, 2]
    check_gradients(lambda x: tf.reduce_sum(tf.RaggedTensor.from_row_lengths(x, rl) * 3.0, axis=1), v)
    check_gradients(lambda x: tf.reduce_mean(tf.RaggedTensor.from_row_lengths(x, [1, 3]), axis=1), v)
    check_gradients(lambda x: tf.reduce_sum(tf.RaggedTensor.from_row_lengths(x, rl), axis=0), v)
    check_gradients(lambda x: tf.RaggedTensor.from_row_lengths(x, rl).to_tensor(default_value=1.0), v)
    check_gradients(lambda x: tf.math.exp(tf.RaggedTensor.from_row_lengths(x, rl)).flat_values, v)
    check_gradients(lambda x: tf.RaggedTensor.from_row_lengths(x, rl)[::-1].flat_values, v)
    check_gradients(lambda x: tf.RaggedTensor.from_row_lengths(x, rl)[:, 1:].flat_values, v)
    check_gradients(lambda x: tf.concat([tf.RaggedTensor.from_row_lengths(x, rl)] * 2, axis=1).flat_values, v)
    check_gradients(lambda x: tf.RaggedTensor.from_tensor(x, lengths=[1, 2]).flat_values,
                    np.array([[1.0, 2.0], [3.0, 4.0]]))


def test_ragged_details():
    rt = tf.ragged.constant([[1, 2], [3]])
    assert len(rt) == 2 and [r.numpy().tolist() for r in rt] == [[1, 2], [3]]
    assert str(rt) == repr(rt) == "<tf.RaggedTensor [[1, 2], [3]]>"
    assert rt.numpy()[1].tolist() == [3]
    assert tf.ragged.constant([[1, 2], [3, 4]]).numpy().tolist() == [[1, 2], [3, 4]]
    with pytest.raises(ValueError):
        tf.convert_to_tensor(rt)
    with pytest.raises(TypeError):
        bool(rt)
