"""tf.data checks with TF 2.21's texts: assert_cardinality, rebatch of scalars, and errors raised
inside dataset functions ("in user code:", the type kept). Expected texts are TF's, printed by
the same programs (2026-11-24)."""
import pytest

import numtf as tf


def test_assert_cardinality():
    def asserted(n):
        return tf.data.Dataset.range(n).apply(tf.data.experimental.assert_cardinality(5))

    ds = asserted(5)
    assert int(ds.cardinality()) == 5 and list(ds.as_numpy_iterator()) == [0, 1, 2, 3, 4]
    assert repr(ds) == "<_AssertCardinalityDataset element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None)>"
    with pytest.raises(tf.errors.FailedPreconditionError) as e:
        list(asserted(3))
    assert str(e.value) == ("Input dataset was expected to contain 5 elements but contained only 3 elements. "
                            "[Op:IteratorGetNext] name: ")
    with pytest.raises(tf.errors.FailedPreconditionError, match="expected to contain 5 elements but contained at "
                                                                "least 6 elements"):
        list(asserted(7))
    unknown = tf.data.Dataset.range(8).filter(lambda x: x < 5)
    assert int(unknown.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    known = unknown.apply(tf.data.experimental.assert_cardinality(5))
    assert len(known) == 5 and list(known.as_numpy_iterator()) == [0, 1, 2, 3, 4]
    forever = tf.data.Dataset.range(3).repeat().apply(
        tf.data.experimental.assert_cardinality(tf.data.INFINITE_CARDINALITY))
    assert int(forever.cardinality()) == -1


def test_rebatch_needs_batched_elements():
    assert [b.tolist() for b in tf.data.Dataset.range(7).batch(2).rebatch(3).as_numpy_iterator()] == \
        [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(ValueError, match=r"Invalid `batch_sizes`. Expected dataset with rank of >= 1 but found "
                                         r"a dataset with scalar elements. Fix the issue by adding the `batch`"):
        tf.data.Dataset.range(7).rebatch(3)


def test_errors_inside_dataset_functions_are_in_user_code():
    ds = tf.data.Dataset.from_tensor_slices(([1, 2], [1.0, 2.0]))

    def float_sum(state, element):
        return state + element[1]

    with pytest.raises(TypeError) as e:
        tf.data.Dataset.range(3).reduce(0.0, lambda s, x: s + x)  # float32 + int64
    text = str(e.value)
    assert text.startswith("in user code:") and "test_dataset_checks.py" in text
    assert "TypeError: Input 'y' of 'AddV2' Op has type int64 that does not match type float32 of argument 'x'." \
        in text
    with pytest.raises(TypeError, match="in user code:"):
        tf.data.Dataset.range(5).scan(0, lambda s, x: (s + x, s))  # int32 state + int64
    with pytest.raises(ValueError, match="in user code:"):
        ds.map(lambda a, b: tf.reshape(b, [3]))
    assert float(ds.reduce(0.0, float_sum)) == 3.0
