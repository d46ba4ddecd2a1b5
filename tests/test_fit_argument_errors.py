"""Keras fit/evaluate/compile argument errors, as tf-keras 2.21 raises them (each text printed by
TF 2.21 for the same call)."""
import numpy as np
import pytest

import numtf as tf

X = np.zeros((8, 2), "float32")
Y = np.zeros((8, 1), "float32")


def _model(compiled=True):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    if compiled:
        model.compile("sgd", "mse")
    return model


def _ds():
    return tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)


def _gen():
    while True:
        yield X[:4], Y[:4]


def _message(fn):
    with pytest.raises(Exception) as e:
        fn()
    return type(e.value), str(e.value)


def _split_error(v):
    return (ValueError, f"Training data contains 8 samples, which is not sufficient to split it into a validation "
                        f"and training set as specified by `validation_split={v}`. Either provide more data, or a "
                        "different value for the `validation_split` argument.")


@pytest.mark.parametrize("split", [1.0, -0.1])
def test_validation_split_leaving_a_set_empty(split):
    assert _message(lambda: _model().fit(X, Y, validation_split=split, verbose=0)) == _split_error(split)


def test_validation_split_above_one_is_not_range_checked():
    # tf-keras 2.21 has no range check: 1.5 splits at int(8 * -0.5) = -4, training on 4 samples
    history = _model().fit(X, Y, validation_split=1.5, verbose=0)
    assert set(history.history) == {"loss", "val_loss"}


def test_validation_split_needs_arrays():
    kind, text = _message(lambda: _model().fit(_ds(), validation_split=0.2, verbose=0))
    assert kind is ValueError
    assert text.startswith("`validation_split` is only supported for Tensors or NumPy arrays, found following "
                           "types in the input: [<class '")
    assert _message(lambda: _model().fit(_gen(), steps_per_epoch=2, validation_split=0.2, verbose=0)) == (
        ValueError, "`validation_split` is only supported for Tensors or NumPy arrays, found following types in "
                    "the input: [<class 'generator'>]")
    history = _model().fit(tf.constant(X), tf.constant(Y), validation_split=0.5, verbose=0)
    assert "val_loss" in history.history


_UNKNOWN = ("Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in "
            "the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object "
            "for details.")


def test_unknown_loss_name_fails_in_fit_not_compile():
    model = _model(compiled=False)
    model.compile("sgd", "foo")
    kind, text = _message(lambda: model.fit(X, Y, verbose=0))
    assert kind is ValueError
    assert text.startswith("in user code:\n\n")
    assert text.endswith(f"\n    ValueError: Unknown loss function: 'foo'. {_UNKNOWN}\n")


def test_unknown_metric_name_fails_in_fit_with_tfs_type_error():
    model = _model(compiled=False)
    model.compile("sgd", "mse", metrics=["foo"])
    kind, text = _message(lambda: model.fit(X, Y, verbose=0))
    assert kind is TypeError
    assert text.startswith("in user code:\n\n") and text.endswith("\n    TypeError: 'str' object is not callable\n")


def test_unknown_optimizer_fails_in_compile():
    assert _message(lambda: _model(compiled=False).compile("foo", "mse")) == (
        ValueError, f"Unknown optimizer: 'foo'. {_UNKNOWN}")
    assert _message(lambda: _model(compiled=False).compile(3, "mse")) == (
        ValueError, "Could not interpret optimizer identifier: 3")


def test_fit_and_evaluate_before_compile():
    expected = (RuntimeError, "You must compile your model before training/testing. Use "
                              "`model.compile(optimizer, loss)`.")
    assert _message(lambda: _model(compiled=False).fit(X, Y, verbose=0)) == expected
    assert _message(lambda: _model(compiled=False).evaluate(X, Y, verbose=0)) == expected
    assert _model(compiled=False).predict(X, verbose=0).shape == (8, 1)  # predict needs no compile


def test_x_and_y_of_different_lengths():
    assert _message(lambda: _model().fit(X, Y[:5], verbose=0)) == (
        ValueError, "Data cardinality is ambiguous:\n  x sizes: 8\n  y sizes: 5\n"
                    "Make sure all arrays contain the same number of samples.")
    assert _message(lambda: _model().fit([X, X[:3]], Y, verbose=0)) == (
        ValueError, "Data cardinality is ambiguous:\n  x sizes: 8, 3\n  y sizes: 8\n"
                    "Make sure all arrays contain the same number of samples.")


def test_y_and_sample_weight_with_a_dataset():
    expected = (ValueError, "`y` argument is not supported when using dataset as input.")
    assert _message(lambda: _model().fit(_ds(), Y, verbose=0)) == expected
    assert _message(lambda: _model().evaluate(_ds(), Y, verbose=0)) == expected
    assert _message(lambda: _model().fit(_ds(), sample_weight=np.ones(8), verbose=0)) == (
        ValueError, "`sample_weight` argument is not supported when using dataset as input.")


def test_arguments_tf_keras_accepts():
    # batch_size with a dataset or generator, steps_per_epoch with arrays: no error in tf-keras 2.21
    assert _model().fit(_ds(), batch_size=4, verbose=0).history["loss"]
    assert _model().fit(_gen(), batch_size=4, steps_per_epoch=2, verbose=0).history["loss"]
    assert _model().fit(X, Y, steps_per_epoch=3, verbose=0).history["loss"]
    assert _model().fit(X, Y, batch_size=4, steps_per_epoch=1, verbose=0).history["loss"]
    assert _model().predict(_ds(), batch_size=3, verbose=0).shape == (8, 1)


def test_bad_validation_data_and_unknown_keywords():
    kind, text = _message(lambda: _model().fit(X, Y, validation_data=(X, Y, Y, Y), verbose=0))
    assert kind is ValueError and text.startswith(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, found: (array([[0., 0.],")
    assert _message(lambda: _model().fit(X, Y, foo=1, verbose=0)) == (
        TypeError, "Model.fit() got an unexpected keyword argument 'foo'")
    assert _message(lambda: _model().fit("abc", Y, verbose=0)) == (
        ValueError, "Failed to find data adapter that can handle input: <class 'str'>, <class 'numpy.ndarray'>")


def test_missing_targets_fail_in_the_first_step():
    kind, text = _message(lambda: _model().fit(X, verbose=0))
    assert kind is ValueError and text.startswith("in user code:\n\n")
    assert text.endswith("\n    ValueError: Target data is missing. Your model was compiled with loss=mse, and "
                         "therefore expects target data to be provided in `fit()`.\n")
