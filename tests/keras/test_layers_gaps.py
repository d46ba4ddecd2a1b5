"""The registry and utils gaps filled in numtf.keras: regularizers.OrthogonalRegularizer/deserialize,
constraints.RadialConstraint/serialize/deserialize, initializers.variance_scaling, layers.serialize/
deserialize, models.model_from_yaml (RuntimeError as tf-keras), utils.to_ordinal/get_source_inputs/
serialize_keras_object/interactive logging. Values, configs and errors against tf-keras goldens
(tools/make_keras_gaps_golden.py)."""
import io
import json
import logging
import os
import sys

import numpy as np
import pytest

import numtf as tf
import keras_gaps_cases as cases

HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(HERE, "..", "golden", "keras_gaps.npz"))
with open(os.path.join(HERE, "..", "golden", "keras_gaps.json")) as _f:
    STRINGS = json.load(_f)["registry"]


def test_registry_values_match_tf_keras():
    got = cases.case_registry(tf)
    for key, value in got.items():
        want = GOLDEN["registry/" + key]
        have = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
        assert have.shape == want.shape and have.dtype == want.dtype, key
        np.testing.assert_allclose(have, want, rtol=1e-5, atol=1e-6, err_msg=key)


def test_registry_configs_and_errors_match_tf_keras():
    tf.keras.backend.clear_session()
    got = json.loads(json.dumps(cases.strings_registry(tf), default=str))
    for key, want in STRINGS.items():
        if key == "errors":
            for have, w in zip(got[key], want):
                assert have[0] == w[0], (have, w)
                if w[0] != "InvalidArgumentError":  # TF's reshape message vs numtf's own
                    assert have[1] == w[1]
        else:
            assert got[key] == want, key


def test_orthogonal_regularizer_gradient_float64():
    w = tf.constant(np.random.default_rng(0).standard_normal((3, 4)))
    reg = tf.keras.regularizers.OrthogonalRegularizer(0.5)
    with tf.GradientTape() as tape:
        tape.watch(w)
        y = reg(w)
    g = tape.gradient(y, w).numpy()
    num = np.zeros_like(g)
    for idx in np.ndindex(g.shape):
        d = np.zeros(g.shape)
        d[idx] = 1e-6
        num[idx] = (float(reg(tf.constant(w.numpy() + d))) - float(reg(tf.constant(w.numpy() - d)))) / 2e-6
    np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-8)


def test_constraint_and_regularizer_in_a_layer():
    layer = tf.keras.layers.Conv2D(2, 3, kernel_constraint=tf.keras.constraints.RadialConstraint())
    layer(tf.ones([1, 5, 5, 1]))
    model = tf.keras.Sequential([tf.keras.Input((5, 5, 1)), layer, tf.keras.layers.Flatten()])
    model.compile("sgd", "mse")
    model.fit(np.ones((2, 5, 5, 1)), np.ones((2, 18)), verbose=0)
    k = layer.kernel.numpy()[..., 0, 0]
    assert k[0, 0] == k[0, 2] == k[2, 1]  # one value on the ring
    dense = tf.keras.layers.Dense(3, kernel_regularizer=tf.keras.regularizers.OrthogonalRegularizer(0.1))
    dense(tf.ones([1, 4]))
    assert len(dense.losses) == 1 and float(dense.losses[0]) >= 0.0
    config = tf.keras.layers.serialize(dense)
    again = tf.keras.layers.deserialize(config)
    assert again.kernel_regularizer.get_config() == {"factor": np.float32(0.1).item(), "mode": "rows"}


def test_utils_source_inputs_and_serialization():
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input((3,)), tf.keras.Input((3,))
    y = tf.keras.layers.Dense(2)(tf.keras.layers.Add()([a, b]))
    assert tf.keras.utils.get_source_inputs(y) == [a, b] and tf.keras.utils.get_source_inputs(a) == [a]
    entry = tf.keras.utils.serialize_keras_object(tf.keras.layers.Dense(2, name="d"))
    assert entry["class_name"] == "Dense" and entry["module"] == "keras.layers"
    assert tf.keras.utils.deserialize_keras_object(entry).units == 2


def test_interactive_logging_switch(caplog, monkeypatch):
    assert tf.keras.utils.is_interactive_logging_enabled()
    tf.keras.utils.disable_interactive_logging()
    try:
        assert not tf.keras.utils.is_interactive_logging_enabled()
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        with caplog.at_level(logging.INFO, logger="absl"):
            model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
            model.compile("sgd", "mse")
            model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose="auto")
        assert out.getvalue() == ""  # nothing on stdout
        assert sum("loss:" in r.getMessage() for r in caplog.records) == 2  # one line per epoch
    finally:
        tf.keras.utils.enable_interactive_logging()
    assert tf.keras.utils.is_interactive_logging_enabled()


def test_model_from_yaml_is_removed():
    with pytest.raises(RuntimeError, match="has been removed due to security risk"):
        tf.keras.models.model_from_yaml("{}")
