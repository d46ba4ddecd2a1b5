"""The math functions of tf.keras.backend and tf.keras.utils.pad_sequences. Run with
NUMTF_TEST_AGAINST=tensorflow (and TF_USE_LEGACY_KERAS=1) under the TF venv to check the
expectations against tf-keras."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
K = tf.keras.backend
X = [[1., 2.], [3., 4.]]


def values(t):
    return np.asarray(t).tolist()


def test_reductions():
    x = tf.constant(X)
    assert values(K.mean(x, axis=0)) == [2.0, 3.0] and float(K.sum(x)) == 10.0
    assert values(K.max(x, axis=1, keepdims=True)) == [[2.0], [4.0]] and float(K.min(x)) == 1.0
    assert values(K.prod(x, 0)) == [3.0, 8.0] and float(K.mean(x > 2)) == 0.5  # bools average as floats
    assert np.isclose(float(K.std(x)), 1.118034) and values(K.var(x, axis=1)) == [0.25, 0.25]
    assert bool(K.any(x > 3)) and values(K.all(x > 1, axis=1)) == [False, True]
    assert values(K.argmax(x)) == [1, 1] and values(K.argmin(x, axis=0)) == [0, 0]


def test_elementwise_and_shapes():
    x = tf.constant(X)
    assert values(K.sqrt(tf.constant([-1.0, 4.0]))) == [0.0, 2.0]  # clipped at 0, no NaN
    assert values(K.clip(x, 1.5, 3.5)) == [[1.5, 2.0], [3.0, 3.5]]
    assert values(K.clip(x, 2.0, 1.0)) == [[2.0, 2.0], [2.0, 2.0]]  # max below min: min
    assert values(K.square(x))[1] == [9.0, 16.0] and values(K.pow(x, 2))[0] == [1.0, 4.0]
    assert values(K.maximum(x, 2.5))[0] == [2.5, 2.5] and values(K.equal(x, 2.0))[0] == [False, True]
    assert values(K.dot(x, x)) == [[7.0, 10.0], [15.0, 22.0]]
    assert K.dot(tf.ones([2, 3, 4]), tf.ones([4, 5])).shape == (2, 3, 5)
    assert K.dot(tf.ones([2, 3]), tf.ones([4, 3, 5])).shape == (2, 4, 5)
    assert K.concatenate([x, x]).shape == (2, 4) and K.concatenate([x, x], axis=0).shape == (4, 2)
    assert K.expand_dims(x).shape == (2, 2, 1) and K.squeeze(tf.ones([2, 1]), 1).shape == (2,)
    assert K.batch_flatten(tf.ones([2, 3, 4])).shape == (2, 12) and values(K.flatten(x)) == [1., 2., 3., 4.]
    assert K.cast(x, "int32").dtype == tf.int32 and values(K.shape(x)) == [2, 2]
    assert values(K.one_hot(tf.constant([0, 2]), 3)) == [[1., 0., 0.], [0., 0., 1.]]


def test_values_and_losses():
    v = K.variable([1, 2])
    assert isinstance(v, tf.Variable) and v.dtype == tf.float32
    assert K.constant(3).dtype == tf.float32 and isinstance(K.zeros((2,)), tf.Variable)
    assert values(K.eye(2)) == [[1.0, 0.0], [0.0, 1.0]]
    assert np.allclose(K.softmax(tf.constant([[1.0, 1.0]])), [[0.5, 0.5]])
    assert np.allclose(K.categorical_crossentropy(tf.constant([[0., 1.]]), tf.constant([[0.3, 0.7]])), [0.35667497])
    assert np.allclose(K.sparse_categorical_crossentropy(tf.constant([1]), tf.constant([[0.3, 0.7]])), [0.35667497])
    assert np.allclose(K.binary_crossentropy(tf.constant([[0., 1.]]), tf.constant([[0.3, 0.7]])),
                       [[0.35667494, 0.35667497]])
    assert np.allclose(K.binary_crossentropy(tf.constant([[0., 1.]]), tf.constant([[0.3, 0.7]]), from_logits=True),
                       [[0.8543552, 0.40318602]])


def test_pad_sequences():
    pad = tf.keras.utils.pad_sequences
    assert pad([[1, 2], [3]]).tolist() == [[1, 2], [0, 3]] and pad([[1]]).dtype == np.int32
    seq = tf.keras.preprocessing.sequence.pad_sequences
    assert seq([[1, 2, 3, 4], [5]], maxlen=3, padding="post", truncating="post").tolist() == [[1, 2, 3], [5, 0, 0]]
    assert seq([[1, 2, 3, 4], [5], []], maxlen=2).tolist() == [[3, 4], [0, 5], [0, 0]]
    assert pad([[1.5, 2.5], [3.0]], dtype="float32", value=-1.0).tolist() == [[1.5, 2.5], [-1.0, 3.0]]
    assert pad([[[1, 2], [3, 4]], [[5, 6]]]).tolist() == [[[1, 2], [3, 4]], [[0, 0], [5, 6]]]
    assert pad([["a", "bb"], ["c"]], dtype=object, value="-").tolist() == [["a", "bb"], ["-", "c"]]
    with pytest.raises(ValueError, match="Padding type"):
        pad([[1]], padding="mid")
    with pytest.raises(ValueError):
        pad([[1]], value="x")
