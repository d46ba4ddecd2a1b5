"""Keras masks travel with the tensors as in tf-keras: a layer that supports masking passes its
input's mask on (Dense, Dropout, Activation, merge layers, RNNs with sequences...), one that does
not drops it (Flatten, a plain custom layer); merge layers and-merge their inputs' masks;
GlobalAveragePooling1D averages the kept steps; compiled losses skip masked steps. Expected values
from tf-keras 2.21. The module also runs against tf-keras (NUMTF_TEST_AGAINST=tensorflow)."""
import importlib
import os

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
X = np.array([[[1., 2.], [0., 0.], [3., 4.]]], np.float32)
KEPT = [[True, False, True]]


def _mask(t):
    m = getattr(t, "_keras_mask", None)
    return None if m is None else m.numpy().tolist()


@pytest.mark.parametrize("make", [lambda: tf.keras.layers.Dropout(0.5), lambda: tf.keras.layers.Dense(3),
                                  lambda: tf.keras.layers.Activation("relu"), lambda: tf.keras.layers.ReLU(),
                                  lambda: tf.keras.layers.LSTM(2, return_sequences=True),
                                  lambda: tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(2)),
                                  lambda: tf.keras.layers.LayerNormalization()])
def test_layers_that_support_masking_pass_it_on(make):
    masked = tf.keras.layers.Masking(0.0)(X)
    assert _mask(masked) == KEPT
    assert _mask(make()(masked)) == KEPT


def test_layers_without_masking_support_drop_it():
    class Doubler(tf.keras.layers.Layer):
        def call(self, x):
            return x * 2

    class MaskedDoubler(Doubler):
        def __init__(self):
            super().__init__()
            self.supports_masking = True

    masked = tf.keras.layers.Masking(0.0)(X)
    assert _mask(tf.keras.layers.Flatten()(masked)) is None
    assert _mask(Doubler()(masked)) is None
    assert _mask(MaskedDoubler()(masked)) == KEPT
    assert _mask(tf.keras.layers.LSTM(2)(masked)) is None  # the last output only: no steps left


def test_merge_layers_and_their_masks():
    a = tf.keras.layers.Masking(0.0)(X)
    b = tf.keras.layers.Masking(1.0)(X)  # every step differs from 1 somewhere: all kept
    assert _mask(b) == [[True, True, True]]
    assert _mask(tf.keras.layers.Add()([a, b])) == KEPT
    assert _mask(tf.keras.layers.Concatenate()([a, b])) == KEPT
    assert _mask(tf.keras.layers.Add()([tf.constant(X), tf.constant(X)])) is None


def test_global_average_pooling_averages_the_kept_steps():
    masked = tf.keras.layers.Masking(0.0)(X)
    pooled = tf.keras.layers.GlobalAveragePooling1D()(masked)
    np.testing.assert_allclose(pooled.numpy(), [[2.0, 3.0]])
    assert _mask(pooled) is None
    inputs = tf.keras.Input((None,), dtype="int32")
    embedded = tf.keras.layers.Embedding(5, 2, mask_zero=True)(inputs)
    model = tf.keras.Model(inputs, tf.keras.layers.GlobalAveragePooling1D()(embedded))
    model.set_weights([np.arange(10, dtype=np.float32).reshape(5, 2)])
    np.testing.assert_allclose(model(np.array([[1, 2, 0, 0]])).numpy(), [[3.0, 4.0]])


def test_compiled_loss_skips_masked_steps():
    inputs = tf.keras.Input((3, 2))
    outputs = tf.keras.layers.Dense(1, kernel_initializer="ones")(tf.keras.layers.Masking()(inputs))
    model = tf.keras.Model(inputs, outputs)
    model.compile(loss="mse")
    y = np.ones((1, 3, 1), np.float32)
    pred = model.predict(X, verbose=0)
    np.testing.assert_allclose(pred.ravel(), [3.0, 0.0, 7.0])
    kept = ((pred - 1) ** 2)[0, [0, 2]].mean()  # (4 + 36) / 2: the masked step does not count
    np.testing.assert_allclose(model.evaluate(X, y, verbose=0), kept, rtol=1e-6)


def test_an_explicit_mask_argument_is_the_outputs_mask():
    class Double(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.supports_masking = True

        def call(self, x, mask=None):
            return x * 2.0

    class NoMasking(tf.keras.layers.Layer):
        def call(self, x, mask=None):
            return x * 2.0

    x = tf.ones((2, 3, 4))
    m = tf.constant([[True, False, True], [True, True, False]])
    assert Double()(x, mask=m)._keras_mask.numpy().tolist() == m.numpy().tolist()
    assert getattr(NoMasking()(x, mask=m), "_keras_mask", None) is None
    inp, mask_in = tf.keras.Input((3, 4)), tf.keras.Input((3,), dtype=tf.bool)
    assert getattr(Double()(inp, mask=mask_in), "_keras_mask", None) is not None
