"""tf.keras.mixed_precision: Policy, the global policy, layers honouring their policy (variables in
the variable dtype, inputs and variable reads in the compute dtype), LossScaleOptimizer's dynamic
loss scaling, and Model.compile's automatic wrapping; against tf-keras goldens
(tools/make_keras_gaps2_golden.py), and the handbook MLP trained under mixed_float16."""
import json
import os

import numpy as np
import pytest

import numtf as tf
import keras_gaps2_cases as cases

HERE = os.path.dirname(__file__)
GOLDEN = np.load(os.path.join(HERE, "..", "golden", "keras_gaps2.npz"))
with open(os.path.join(HERE, "..", "golden", "keras_gaps2.json")) as _f:
    STRINGS = json.load(_f)["mixed_precision"]
mp = tf.keras.mixed_precision


@pytest.fixture(autouse=True)
def float32_policy():
    yield
    mp.set_global_policy(None)


def _compare(case, rtol):
    tf.keras.backend.clear_session()
    got = getattr(cases, "case_" + case)(tf)
    keys = {k.split("/", 1)[1] for k in GOLDEN.files if k.startswith(case + "/")}
    assert set(got) == keys
    for key, value in got.items():
        want = GOLDEN[f"{case}/{key}"]
        have = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
        assert have.dtype == want.dtype and have.shape == want.shape, (key, have.dtype, want.dtype)
        if want.dtype.kind in "US":
            assert have.tolist() == want.tolist(), key
        else:
            np.testing.assert_allclose(have.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=rtol,
                                       err_msg=key)


def test_loss_scale_optimizer_matches_tf_keras():
    _compare("loss_scale_optimizer", 1e-6)


def test_mixed_layers_match_tf_keras():
    _compare("mixed_layers", 2e-3)  # float16 results: NumPy and TF round differently inside


def test_policies_layers_global_policy_and_errors_match_tf_keras():
    tf.keras.backend.clear_session()
    got = json.loads(json.dumps(cases.strings_mixed_precision(tf), default=str))
    # numtf keeps bfloat16 tensors as float32 (NumPy has no bfloat16): a bfloat16 layer's output
    # reports float32; the policy, the variables and the config are tf-keras's
    assert got["layers"]["policy"][5] == "float32" and STRINGS["layers"]["policy"][5] == "bfloat16"
    got["layers"]["policy"][5] = "bfloat16"
    for key, want in STRINGS.items():
        assert got[key] == want, key


def test_float32_is_unchanged():
    layer = tf.keras.layers.Dense(2)
    layer(tf.ones([1, 3]))
    assert layer.dtype_policy == mp.Policy("float32") and type(layer.kernel) is tf.Variable
    assert layer.get_config()["dtype"] == "float32"
    assert mp.global_policy().name == "float32"


def test_autocast_variables_read_in_the_callers_compute_dtype():
    dense = tf.keras.layers.Dense(2, dtype="mixed_float16")
    dense(tf.ones([1, 3]))
    assert dense.kernel.dtype == tf.float32 and tf.convert_to_tensor(dense.kernel).dtype == tf.float32  # outside calls
    inner32 = tf.keras.layers.Lambda(lambda x: tf.cast(x, tf.float32) + tf.reduce_sum(dense.kernel), dtype="float32")
    assert inner32(tf.ones([1, 2], tf.float16)).dtype == tf.float32  # a float32 layer reads float32
    # gradients reach the float32 variables in float32
    x = tf.ones([2, 3])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.cast(dense(x), tf.float32))
    grads = tape.gradient(y, dense.trainable_weights)
    assert [g.dtype for g in grads] == [tf.float32, tf.float32]
    np.testing.assert_allclose(grads[0].numpy(), np.full((3, 2), 2.0))
    # traced: the same casts in the graph
    traced = tf.function(lambda t: dense(t))(x)
    assert traced.dtype == tf.float16


def test_layer_config_round_trip_keeps_the_policy():
    layer = tf.keras.layers.Dense(3, dtype="mixed_float16")
    again = tf.keras.layers.Dense.from_config(layer.get_config())
    assert again.dtype_policy == mp.Policy("mixed_float16") and again.compute_dtype == "float16"
    mp.set_global_policy("mixed_float16")
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
    mp.set_global_policy(None)
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    assert rebuilt.layers[0].compute_dtype == "float16" and rebuilt.layers[0].kernel.dtype == tf.float32


def test_policy_errors():
    with pytest.raises(TypeError, match="not a DType"):
        mp.Policy(tf.float32)
    with pytest.raises(ValueError, match="_float32_vars"):
        mp.Policy("infer_float32_vars")
    with pytest.raises(TypeError, match="must be a bool"):
        mp.LossScaleOptimizer(tf.keras.optimizers.SGD(), dynamic=1)


def test_lso_traced_skips_non_finite_steps_and_delegates():
    v = tf.Variable([1.0, 2.0])
    lso = mp.LossScaleOptimizer(tf.keras.optimizers.Adam(0.1), initial_scale=16.0, dynamic_growth_steps=3)
    assert isinstance(lso, mp.LossScaleOptimizer) and isinstance(lso, tf.keras.optimizers.Optimizer)
    step = tf.function(lambda g: lso.apply_gradients([(g, v)]))
    step(tf.constant([1.0, 1.0]))
    after_one = v.numpy().copy()
    step(tf.constant([np.nan, 1.0]))
    np.testing.assert_array_equal(v.numpy(), after_one)  # skipped: Adam's state untouched too
    assert float(lso.loss_scale) == 8.0 and int(lso.iterations.numpy()) == 2
    for _ in range(3):
        step(tf.constant([1.0, 1.0]))
    assert float(lso.loss_scale) == 16.0 and int(lso.dynamic_counter.numpy()) == 0
    assert float(lso.learning_rate) == pytest.approx(0.1)
    lso.learning_rate = 0.05
    assert float(lso.inner_optimizer.learning_rate) == pytest.approx(0.05)
    again = mp.LossScaleOptimizer.from_config(lso.get_config())
    assert again.initial_scale == 16.0 and again.dynamic_growth_steps == 3


class MLP(tf.keras.Model):  # the handbook's MLP
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.dense1 = tf.keras.layers.Dense(units=100, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    def call(self, inputs):
        x = self.flatten(inputs)
        x = self.dense1(x)
        x = self.dense2(x)
        return tf.nn.softmax(x)


def test_handbook_mlp_trains_under_mixed_float16():
    mp.set_global_policy("mixed_float16")
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (128, 28, 28, 1)).astype(np.float32)
    y = (x[:, :14].mean(axis=(1, 2, 3)) * 10 % 10).astype(np.int64)
    model = MLP()
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss=tf.keras.losses.sparse_categorical_crossentropy,
                  metrics=[tf.keras.metrics.sparse_categorical_accuracy])
    history = model.fit(x, y, batch_size=32, epochs=3, verbose=0).history["loss"]
    assert history[-1] < history[0]
    assert type(model.optimizer).__name__ == "LossScaleOptimizerV3"
    assert int(model.optimizer.iterations.numpy()) == 12
    assert model.dense1.kernel.dtype == tf.float32 and model(x[:2]).dtype == tf.float16
    assert model.dense1.compute_dtype == "float16" and model.dtype_policy.name == "mixed_float16"
