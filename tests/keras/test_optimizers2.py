"""tf.keras.optimizers Ftrl, Lion and Adafactor against goldens from tools/make_optimizer2_golden.py
(real TensorFlow): every case applies the same five gradient sets to a kernel, a bias and a
rank-3 tensor; the variables after each step, the optimizer's variables (names, values) and
get_config are compared, on the fused eager path and on the per-variable (update_step) path.
Plus tf.function, compile/fit, config round trips and tf-keras's errors for bad arguments.
"""
import json
import os

import numpy as np
import pytest

import numtf as tf

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "optimizers2.npz"))
CASES = json.loads(str(GOLDEN["cases"]))
RTOL, ATOL = 2e-5, 2e-6
O = tf.keras.optimizers


def _make(cls_name, kwargs, opts):
    kwargs = dict(kwargs)
    if "schedule" in opts:
        kwargs["learning_rate"] = O.schedules.deserialize(opts["schedule"])
    return getattr(O, cls_name)(**kwargs)


def _variables():
    return (tf.Variable(GOLDEN["w0"], name="dense/kernel"), tf.Variable(GOLDEN["b0"], name="dense/bias"),
            tf.Variable(GOLDEN["t0"], name="conv/kernel"))


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "update_step"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_golden_updates(case, fused):
    case_id, cls_name, kwargs, opts = case
    w, b, t = _variables()
    opt = _make(cls_name, kwargs, opts)
    if fused:
        opt._apply_per_variable = lambda *args: pytest.fail("the fused path was not taken")
    else:  # a subclass defining update_step takes the per-variable path (as graphs do)
        cls = type(opt)
        sub = type("Sub" + cls.__name__, (cls,), {"update_step": lambda self, g, v: cls.update_step(self, g, v)})
        opt = sub.from_config(opt.get_config())
        opt._apply_fused = lambda *args: pytest.fail("the per-variable path was not taken")
    for k in range(len(GOLDEN["gw"])):
        gb = None if k in opts.get("none_steps", ()) else tf.constant(GOLDEN["gb"][k])
        result = opt.apply_gradients(zip([tf.constant(GOLDEN["gw"][k]), gb, tf.constant(GOLDEN["gt"][k])],
                                         [w, b, t]))
        assert int(result) == int(opt.iterations) == k + 1 and result.name == "UnreadVariable"
        for name, var in (("w", w), ("b", b), ("t", t)):
            np.testing.assert_allclose(var.numpy(), GOLDEN[f"{case_id}/{name}/{k}"], rtol=RTOL, atol=ATOL,
                                       err_msg=f"{case_id}: {name} after step {k}")
    assert [v.name for v in opt.variables] == [str(n) for n in GOLDEN[f"{case_id}/slot_names"]]
    for i, v in enumerate(opt.variables):
        np.testing.assert_allclose(v.numpy(), GOLDEN[f"{case_id}/slot/{i}"], rtol=RTOL, atol=ATOL,
                                   err_msg=f"{case_id}: {v.name}")
        assert v.dtype == (tf.int64 if i == 0 else tf.float32)
        assert not v.trainable
    assert int(opt.iterations) == int(GOLDEN[f"{case_id}/iterations"])
    assert w.numpy().dtype == np.float32
    config = opt.get_config()
    want = json.loads(str(GOLDEN[f"{case_id}/config"]))
    assert list(config) == list(want)
    if want["learning_rate"] is None:
        want.pop("learning_rate"), config.pop("learning_rate")
    else:
        np.testing.assert_allclose(config.pop("learning_rate"), want.pop("learning_rate"), rtol=1e-7)
    assert config == want


@pytest.mark.parametrize("cls_name", ["Ftrl", "Lion", "Adafactor"])
def test_traced_steps_match_tf(cls_name):
    w, b, t = _variables()
    opt = getattr(O, cls_name)(learning_rate=0.05)
    step = tf.function(lambda g1, g2, g3: opt.apply_gradients(zip([g1, g2, g3], [w, b, t])))
    for k in range(len(GOLDEN["gw"])):
        step(tf.constant(GOLDEN["gw"][k]), tf.constant(GOLDEN["gb"][k]), tf.constant(GOLDEN["gt"][k]))
    got = np.concatenate([w.numpy().ravel(), b.numpy().ravel(), t.numpy().ravel()])
    np.testing.assert_allclose(got, GOLDEN[f"traced/{cls_name}"], rtol=RTOL, atol=ATOL)
    assert int(opt.iterations) == len(GOLDEN["gw"])


@pytest.mark.parametrize("optimizer", ["ftrl", O.Ftrl(learning_rate=0.5), O.Lion(learning_rate=0.01),
                                       O.Adafactor(learning_rate=0.1)], ids=["ftrl_string", "Ftrl", "Lion",
                                                                             "Adafactor"])
def test_compile_and_fit(optimizer):
    rng = np.random.RandomState(1)
    x = rng.rand(64, 3).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    hist = model.fit(x, y, epochs=8, batch_size=16, verbose=0)
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    assert int(model.optimizer.iterations) == 32
    if optimizer == "ftrl":
        assert isinstance(model.optimizer, O.Ftrl)


def test_config_round_trip_and_get():
    for opt in (O.Ftrl(learning_rate=0.3, l1_regularization_strength=0.1, beta=0.2), O.Lion(beta_2=0.95),
                O.Adafactor(relative_step=False, clip_threshold=2.0),
                O.Lion(learning_rate=O.schedules.ExponentialDecay(0.1, 10, 0.5))):
        again = type(opt).from_config(opt.get_config())
        a, b = again.get_config(), opt.get_config()
        if isinstance(b["learning_rate"], dict):
            assert a.pop("learning_rate") == b.pop("learning_rate")
        assert a == b
        again = O.deserialize(O.serialize(opt), custom_objects={type(opt).__name__: type(opt)})
        assert type(again) is type(opt)
    assert isinstance(O.get("ftrl"), O.Ftrl) and isinstance(O.get("Ftrl"), O.Ftrl)
    assert isinstance(O.deserialize(O.serialize(O.Ftrl(beta=0.1))), O.Ftrl)
    for name in ("lion", "Lion", "adafactor", "Adafactor"):  # tf-keras's get does not know these names
        with pytest.raises(ValueError, match=f"Unknown optimizer: '{name}'"):
            O.get(name)


def test_slot_variables():
    v, b = tf.Variable(np.ones((2, 3, 4), np.float32)), tf.Variable(np.ones(3, np.float32), name="b")
    opt = O.Adafactor()
    opt.build([v, b])
    assert [(x.name, tuple(x.shape)) for x in opt.variables] == [
        ("iteration:0", ()), ("r/Variable:0", (2, 3)), ("c/Variable:0", (2, 4)), ("v/Variable:0", (2, 3, 4)),
        ("v/b:0", (3,))]
    assert opt._r[1].dtype == tf.int32 and opt._r[1].name == "r/b:0"
    opt = O.Ftrl(initial_accumulator_value=0.3)
    opt.build([v, b])
    assert [x.name for x in opt.variables] == ["iteration:0", "accumulator/Variable:0", "linear/Variable:0",
                                               "accumulator/b:0", "linear/b:0"]
    assert np.all(opt.variables[1].numpy() == np.float32(0.3))
    opt = O.Lion()
    opt.build([v, b])
    assert [x.name for x in opt.variables] == ["iteration:0", "m/Variable:0", "m/b:0"]


@pytest.mark.parametrize("make, message", [
    (lambda: O.Ftrl(learning_rate_power=0.5),
     "`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=0.5."),
    (lambda: O.Ftrl(initial_accumulator_value=-1),
     "`initial_accumulator_value` needs to be positive or zero. Received: initial_accumulator_value=-1."),
    (lambda: O.Ftrl(l1_regularization_strength=-1),
     "`l1_regularization_strength` needs to be positive or zero. Received: l1_regularization_strength=-1."),
    (lambda: O.Ftrl(l2_regularization_strength=-1),
     "`l2_regularization_strength` needs to be positive or zero. Received: l2_regularization_strength=-1."),
    (lambda: O.Ftrl(l2_shrinkage_regularization_strength=-1),
     "`l2_shrinkage_regularization_strength` needs to be positive or zero. Received: "
     "l2_shrinkage_regularization_strength=-1."),
    (lambda: O.Lion(beta_1=0), "`beta_1`=0 must be between ]0, 1]. Otherwise, the optimizer degenerates to SignSGD."),
    (lambda: O.Lion(beta_1=1.5),
     "`beta_1`=1.5 must be between ]0, 1]. Otherwise, the optimizer degenerates to SignSGD."),
    (lambda: O.Adafactor(decay=0.1), "decay is deprecated in the new Keras optimizer"),
])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as err:
        make()
    assert str(err.value).startswith(message)


def test_experimental_namespace_has_ftrl_and_adafactor():
    assert O.experimental.Ftrl is O.Ftrl and O.experimental.Adafactor is O.Adafactor
    assert not hasattr(O.experimental, "Lion")


def test_docstring_examples():
    import doctest
    import importlib
    for name in ("ftrl", "lion", "adafactor"):
        module = importlib.import_module(f"numtf.keras.optimizers.{name}")
        result = doctest.testmod(module, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, name


@pytest.mark.parametrize("name", ["Lion", "Adafactor", "Ftrl"])
def test_a_saved_model_keeps_its_new_optimizer(tmp_path, name):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    model.compile(getattr(tf.keras.optimizers, name)(learning_rate=0.01), "mse")
    model.fit(np.ones((4, 2), np.float32), np.ones((4, 1), np.float32), verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = tf.keras.models.load_model(tmp_path / "m.keras")
    assert type(loaded.optimizer).__name__ == name
    np.testing.assert_allclose(float(loaded.optimizer.learning_rate), 0.01, rtol=1e-6)


def test_legacy_ftrl_matches_tf_keras():
    """tf.keras.optimizers.legacy.Ftrl: values, slot names and config as tf-keras 2.21 gives them
    (read off real TF: tools were not needed for these few literals)."""
    v = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
    opt = O.legacy.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02,
                        l2_shrinkage_regularization_strength=0.01, beta=0.1)
    for i in range(3):
        opt.apply_gradients([(tf.constant([[0.1, -0.2], [0.3, 0.05]]) * (i + 1), v)])
    np.testing.assert_allclose(v.numpy(), [[-0.08148093521595001, -0.062339261174201965],
                                           [-0.08798964321613312, -0.050433918833732605]], rtol=RTOL, atol=ATOL)
    assert [w.name for w in opt.weights] == ["Ftrl/iter:0", "Ftrl/w/accumulator:0", "Ftrl/w/linear:0"]
    assert opt.get_config()["decay"] == 0.0 and opt.get_config()["beta"] == pytest.approx(0.1)


def test_legacy_ftrl_decays_and_ignores_lr_as_tf_keras():
    """tf-keras's legacy Ftrl warns about `lr=` and keeps its `learning_rate` (0.001)."""
    results = []
    for kwargs in (dict(learning_rate=0.5, decay=0.1), dict(lr=0.5, decay=0.1)):
        if "lr" in kwargs:
            with pytest.warns(UserWarning, match="The `lr` argument is deprecated"):
                opt = O.legacy.Ftrl(**kwargs)
        else:
            opt = O.legacy.Ftrl(**kwargs)
        v = tf.Variable([1.0, 2.0])
        for _ in range(2):
            opt.apply_gradients([(tf.constant([0.5, -1.0]), v)])
        results.append(v.numpy())
    np.testing.assert_allclose(results[0], [-0.25348612666130066, 2.064093828201294], rtol=RTOL)
    np.testing.assert_allclose(results[1], [0.4317847490310669, 1.3065810203552246], rtol=RTOL)
