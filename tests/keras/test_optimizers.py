"""tf.keras.optimizers: golden updates vs tf-keras 2.21, schedules, clipping, errors, state ops.

Goldens come from tools/make_optimizer_golden.py (real TensorFlow): every case applies the same five
gradient sets to a 3x4 kernel and a bias; variables are compared after each step, the optimizer's
variables (names and values) at the end.
"""
import json
import logging
import os

import numpy as np
import pytest

import numtf as tf
from numtf.framework.errors import InvalidArgumentError
from numtf.graph.graph import Graph, run
from numtf.ops import state_ops, update_blocks

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "optimizers.npz"))
CASES = json.loads(str(GOLDEN["cases"]))
SCHEDULES = json.loads(str(GOLDEN["schedules"]))
RTOL, ATOL = 1e-5, 1e-6


def _make(cls_name, kwargs, opts):
    kwargs = dict(kwargs)
    if "schedule" in opts:
        kwargs["learning_rate"] = tf.keras.optimizers.schedules.deserialize(opts["schedule"])
    module = tf.keras.optimizers.legacy if opts.get("legacy") else tf.keras.optimizers
    return getattr(module, cls_name)(**kwargs)


def _replay(case, fused):
    case_id, cls_name, kwargs, opts = case
    w = tf.Variable(GOLDEN["w0"], name="dense/kernel")
    b = tf.Variable(GOLDEN["b0"], name="dense/bias")
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
        result = opt.apply_gradients(zip([tf.constant(GOLDEN["gw"][k]), gb], [w, b]))
        # (TF returns iterations.assign_add(1): the step count, printed as 'UnreadVariable')
        assert repr(result) == f"<tf.Variable 'UnreadVariable' shape=() dtype=int64, numpy={k + 1}>"
        assert int(result) == int(opt.iterations)
        np.testing.assert_allclose(w.numpy(), GOLDEN[f"{case_id}/w/{k}"], rtol=RTOL, atol=ATOL,
                                   err_msg=f"{case_id}: kernel after step {k}")
        np.testing.assert_allclose(b.numpy(), GOLDEN[f"{case_id}/b/{k}"], rtol=RTOL, atol=ATOL,
                                   err_msg=f"{case_id}: bias after step {k}")
    return opt, w, b


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "update_step"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_golden_updates(case, fused):
    opt, w, b = _replay(case, fused)
    case_id = case[0]
    expected_names = [str(n) for n in GOLDEN[f"{case_id}/slot_names"]]
    assert [v.name for v in opt.variables] == expected_names
    for i, v in enumerate(opt.variables):
        np.testing.assert_allclose(v.numpy(), GOLDEN[f"{case_id}/slot/{i}"], rtol=RTOL, atol=ATOL,
                                   err_msg=f"{case_id}: {v.name}")
        assert v.dtype == (tf.int64 if i == 0 else tf.float32)
        assert not v.trainable
    assert int(opt.iterations) == int(GOLDEN[f"{case_id}/iterations"])
    assert w.dtype == tf.float32 and w.numpy().dtype == np.float32


@pytest.mark.parametrize("spec", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedules_match_tf(spec):
    name, config = spec
    schedule = tf.keras.optimizers.schedules.deserialize(config)
    values = [schedule(s) for s in GOLDEN["schedule_steps"]]
    assert all(isinstance(v, tf.Tensor) and v.shape == () for v in values)
    assert values[0].dtype.name == str(GOLDEN[f"schedule/{name}/dtype"])
    np.testing.assert_allclose([v.numpy() for v in values], GOLDEN[f"schedule/{name}"], rtol=1e-6, atol=1e-9)
    # the step may also be a tensor or a variable, as the optimizer passes it
    np.testing.assert_allclose(float(schedule(tf.constant(15))), GOLDEN[f"schedule/{name}"][6], rtol=1e-6)
    np.testing.assert_allclose(float(schedule(tf.Variable(15, dtype=tf.int64))), GOLDEN[f"schedule/{name}"][6],
                               rtol=1e-6)


def test_schedule_config_round_trip_and_errors():
    s = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)
    ser = tf.keras.optimizers.schedules.serialize(s)
    assert ser == {"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay",
                   "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True,
                              "name": None}, "registered_name": None}
    s2 = tf.keras.optimizers.schedules.deserialize(ser)
    assert float(s2(25)) == float(s(25)) == pytest.approx(0.025)
    with pytest.raises(ValueError, match="length of boundaries should be 1 less"):
        tf.keras.optimizers.schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5])
    with pytest.raises(NotImplementedError, match="must override `__call__"):
        tf.keras.optimizers.schedules.LearningRateSchedule()(1)
    assert tf.keras.optimizers.schedules.ExponentialDecay(np.float64(0.1), 10, 0.5)(3).dtype == tf.float64


class _InverseTime(tf.keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, lr):
        self.lr = lr

    def __call__(self, step):
        return self.lr / tf.cast(step + 1, tf.float32)


def test_custom_schedule_in_optimizer():
    opt = tf.keras.optimizers.SGD(_InverseTime(1.0))
    v = tf.Variable(0.0)
    for _ in range(3):
        opt.apply_gradients([(tf.constant(1.0), v)])
    assert v.numpy() == pytest.approx(-1.8333334, rel=1e-6)  # TF: -(1 + 1/2 + 1/3)
    assert opt.learning_rate.name == "current_learning_rate:0"
    with pytest.raises(NotImplementedError, match="must override `get_config"):
        opt.get_config()
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.5


def test_schedule_learning_rate_property_follows_steps():
    opt = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True))
    assert float(opt.learning_rate) == pytest.approx(0.1)
    config = opt.get_config()
    assert config["learning_rate"]["class_name"] == "ExponentialDecay"
    opt2 = tf.keras.optimizers.SGD.from_config(config)
    assert isinstance(opt2._learning_rate, tf.keras.optimizers.schedules.ExponentialDecay)


# -- apply_gradients behaviour ----------------------------------------------------------------
def _vars():
    return (tf.Variable(np.ones((3, 4), np.float32), name="w"), tf.Variable(np.zeros(4, np.float32), name="b"))


def test_none_gradients_are_skipped_with_tf_warning(caplog):
    w, b = _vars()
    opt = tf.keras.optimizers.SGD(0.1)
    with caplog.at_level(logging.WARNING, logger="numtf"):
        opt.apply_gradients(zip([None, tf.ones(4)], [w, b]))
    assert "Gradients do not exist for variables ['w:0'] when minimizing the loss. If you're using " \
           "`model.compile()`, did you forget to provide a `loss` argument?" in caplog.text
    np.testing.assert_array_equal(w.numpy(), 1.0)
    np.testing.assert_allclose(b.numpy(), -0.1)
    assert int(opt.iterations) == 1


def test_all_none_gradients_raise():
    w, b = _vars()
    with pytest.raises(ValueError, match=r"No gradients provided for any variable: \(\['w:0', 'b:0'\],\)"):
        tf.keras.optimizers.Adam().apply_gradients([(None, w), (None, b)])


def test_gradient_shape_mismatch_names_variable_and_shapes():
    w, b = _vars()
    opt = tf.keras.optimizers.Adam()
    with pytest.raises(InvalidArgumentError, match=r"variable 'w:0' has shape \(4, 3\) but the variable has shape "
                                                   r"\(3, 4\)"):
        opt.apply_gradients([(tf.ones((4, 3)), w), (tf.ones(4), b)])
    with pytest.raises(InvalidArgumentError, match="'w:0' has dtype float64 but the variable has dtype float32"):
        opt.apply_gradients([(tf.ones((3, 4), tf.float64), w)])
    np.testing.assert_array_equal(w.numpy(), 1.0)  # nothing was applied
    assert int(opt.iterations) == 0


def test_unknown_variable_after_build():
    w, b = _vars()
    opt = tf.keras.optimizers.Adam()
    opt.apply_gradients([(tf.ones(4), b)])
    with pytest.raises(KeyError, match="cannot recognize variable w:0"):
        opt.apply_gradients([(tf.ones((3, 4)), w)])


def test_numpy_gradients_and_generators_accepted():
    w, b = _vars()
    opt = tf.keras.optimizers.SGD(0.5)
    opt.apply_gradients((g, v) for g, v in [(np.ones((3, 4), np.float32), w), ([1.0, 1.0, 1.0, 1.0], b)])
    np.testing.assert_allclose(w.numpy(), 0.5)
    np.testing.assert_allclose(b.numpy(), -0.5)
    assert opt.apply_gradients([]) is opt.iterations and int(opt.iterations) == 1


def test_iterations_and_variables():
    opt = tf.keras.optimizers.Adam()
    it = opt.iterations
    assert it.name == "iteration:0" and it.dtype == tf.int64 and not it.trainable and int(it) == 0
    w, b = _vars()
    for _ in range(3):
        opt.apply_gradients(zip([tf.ones((3, 4)), tf.ones(4)], [w, b]))
    assert int(opt.iterations) == 3 and opt.iterations is it
    assert opt.variables() == opt.variables and len(opt.variables) == 5
    opt2 = tf.keras.optimizers.Adam()
    opt2.build([w, b])  # outside apply_gradients there is no 'Adam/' name scope, as in tf-keras
    assert [v.name for v in opt2.variables] == ["iteration:0", "m/w:0", "v/w:0", "m/b:0", "v/b:0"]


def test_read_before_update_keeps_old_value():
    w, b = _vars()
    opt = tf.keras.optimizers.Adam(0.1)
    opt.apply_gradients(zip([tf.ones((3, 4)), tf.ones(4)], [w, b]))
    before = w.read_value()
    before_np = w.numpy()
    m_before = opt.variables[1].read_value()
    snapshot = before.numpy().copy()
    opt.apply_gradients(zip([tf.ones((3, 4)), tf.ones(4)], [w, b]))
    np.testing.assert_array_equal(before.numpy(), snapshot)
    np.testing.assert_array_equal(before_np, snapshot)
    assert not np.array_equal(m_before.numpy(), opt.variables[1].numpy())
    assert not np.array_equal(w.numpy(), snapshot)
    # with no read outstanding the update writes the variable's own buffer
    buf = id(w._value)
    opt.apply_gradients(zip([tf.ones((3, 4)), tf.ones(4)], [w, b]))
    assert id(w._value) == buf


def test_learning_rate_forms():
    opt = tf.keras.optimizers.Adam(learning_rate=0.01)
    assert isinstance(opt.learning_rate, tf.Variable) and opt.learning_rate.name == "learning_rate:0"
    assert float(opt.learning_rate) == pytest.approx(0.01) and float(opt.lr) == pytest.approx(0.01)
    opt.learning_rate = 0.5
    assert float(opt.learning_rate) == 0.5 and opt.get_config()["learning_rate"] == np.float32(0.5)
    opt.lr = 0.25
    assert float(opt.learning_rate) == 0.25
    user_lr = tf.Variable(0.5)
    opt = tf.keras.optimizers.SGD(learning_rate=user_lr)
    user_lr.assign(0.1)  # tf-keras copies a variable learning rate
    assert float(opt.learning_rate) == 0.5
    v = tf.Variable(1.0)
    opt.apply_gradients([(tf.constant(1.0), v)])
    assert float(v) == 0.5


def test_lr_keyword_alias(caplog):
    with caplog.at_level(logging.WARNING, logger="numtf"):
        opt = tf.keras.optimizers.Adam(lr=0.1)
    assert "`lr` is deprecated" in caplog.text
    assert float(opt.learning_rate) == pytest.approx(0.1)
    with pytest.warns(UserWarning, match="`lr` argument is deprecated"):
        legacy = tf.keras.optimizers.legacy.SGD(lr=0.2)
    assert float(legacy.learning_rate) == pytest.approx(0.2)


def test_constructor_errors():
    with pytest.raises(ValueError, match="decay is deprecated in the new Keras optimizer"):
        tf.keras.optimizers.Adam(decay=0.1)
    with pytest.raises(TypeError, match="foo is not a valid argument"):
        tf.keras.optimizers.Adam(foo=1)
    with pytest.raises(ValueError, match="At most one of `clipnorm` and `global_clipnorm`"):
        tf.keras.optimizers.SGD(clipnorm=1.0, global_clipnorm=1.0)
    with pytest.raises(ValueError, match="`momentum` must be between"):
        tf.keras.optimizers.SGD(momentum=1.5)
    with pytest.raises(TypeError, match="Unexpected keyword argument passed to optimizer: weight_decay"):
        tf.keras.optimizers.legacy.Adam(weight_decay=0.1)
    with pytest.raises(ValueError, match=r"Expected decay >= 0"):
        tf.keras.optimizers.legacy.Adam(decay=-1.0)


def test_minimize():
    v = tf.Variable(5.0)
    opt = tf.keras.optimizers.SGD(0.1)
    opt.minimize(lambda: (v - 3.0) * (v - 3.0), [v])
    assert float(v) == pytest.approx(4.6)  # 5 - 0.1 * 2 * (5 - 3)
    with tf.GradientTape() as tape:
        loss = v * 2.0
    opt.minimize(loss, [v], tape=tape)
    assert float(v) == pytest.approx(4.4)
    with pytest.raises(ValueError, match="`tape` is required when a `Tensor` loss is passed"):
        opt.minimize(v * 2.0, [v])


def test_exclude_from_weight_decay():
    w, b = _vars()
    opt = tf.keras.optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["b"])
    opt.apply_gradients(zip([tf.zeros((3, 4)), tf.zeros(4)], [w, b]))
    np.testing.assert_allclose(w.numpy(), 0.95)  # w -= w * wd * lr; the zero-gradient Adam step is 0
    b2 = tf.Variable([1.0], name="bias")
    opt = tf.keras.optimizers.SGD(1.0, weight_decay=0.25)
    opt.exclude_from_weight_decay(var_list=[b2])
    opt.apply_gradients([(tf.zeros(1), b2)])
    assert float(b2[0]) == 1.0
    with pytest.raises(ValueError, match="can only be configued before"):
        opt.exclude_from_weight_decay(var_names=["x"])


def test_ema_finalize():
    v = tf.Variable(2.0)
    opt = tf.keras.optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5)
    for _ in range(2):
        opt.apply_gradients([(tf.constant(1.0), v)])
    assert float(v) == 0.0
    opt.finalize_variable_values([v])
    assert float(v) == 0.75  # average: 2 -> 0.5*2 + 0.5*1 = 1.5 -> 0.5*1.5 + 0.5*0 = 0.75


# -- serialization ------------------------------------------------------------------------------
ALL = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"]


@pytest.mark.parametrize("name", ALL)
def test_config_round_trip(name):
    cls = getattr(tf.keras.optimizers, name)
    opt = cls(learning_rate=0.05, clipnorm=2.0)
    config = opt.get_config()
    assert config["name"] == name and config["is_legacy_optimizer"] is False and config["jit_compile"] is False
    assert config["learning_rate"] == np.float32(0.05) and config["clipnorm"] == 2.0
    clone = cls.from_config(config)
    assert type(clone) is cls and clone.get_config() == config
    ser = tf.keras.optimizers.serialize(opt)
    assert ser["module"] == "keras.optimizers" and ser["class_name"] == name
    assert type(ser["config"]["learning_rate"]) is float
    assert type(tf.keras.optimizers.deserialize(ser)) is cls
    assert type(tf.keras.optimizers.get(name.lower())) is cls


def test_tf_default_configs():
    assert tf.keras.optimizers.Adam().get_config() == {
        "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
        "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": False,
        "is_legacy_optimizer": False, "learning_rate": np.float32(0.001), "beta_1": 0.9, "beta_2": 0.999,
        "epsilon": 1e-07, "amsgrad": False}
    assert tf.keras.optimizers.RMSprop().get_config()["ema_overwrite_frequency"] == 100
    assert tf.keras.optimizers.AdamW().get_config()["weight_decay"] == 0.004
    assert tf.keras.optimizers.legacy.SGD().get_config() == {
        "name": "SGD", "learning_rate": np.float32(0.01), "decay": 0.0, "momentum": 0.0, "nesterov": False}


def test_get_and_deserialize():
    opt = tf.keras.optimizers.Adam()
    assert tf.keras.optimizers.get(opt) is opt
    assert type(tf.keras.optimizers.get("Adam")) is tf.keras.optimizers.Adam
    # a config without 'is_legacy_optimizer' is an old one: tf-keras builds the legacy class
    old = tf.keras.optimizers.get({"class_name": "SGD", "config": {"learning_rate": 0.5}})
    assert type(old) is tf.keras.optimizers.legacy.SGD and float(old.learning_rate) == 0.5
    with pytest.raises(ValueError, match="Unknown optimizer: 'foo'"):
        tf.keras.optimizers.get("foo")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 3"):
        tf.keras.optimizers.get(3)
    legacy = tf.keras.optimizers.legacy.Adam(0.1, decay=0.01)
    ser = tf.keras.optimizers.serialize(legacy)
    assert ser["module"] == "keras.optimizers.legacy" and ser["config"]["decay"] == 0.01
    assert type(tf.keras.optimizers.deserialize(ser)) is tf.keras.optimizers.legacy.Adam


def test_namespaces():
    assert tf.keras.optimizers.experimental.Adam is tf.keras.optimizers.Adam
    assert issubclass(tf.keras.optimizers.legacy.SGD, tf.keras.optimizers.legacy.Optimizer)
    assert tf.keras.optimizers.Optimizer is type(tf.keras.optimizers.SGD()).__mro__[1]


def test_legacy_variable_names_and_decay():
    w, b = _vars()
    opt = tf.keras.optimizers.legacy.Adam(learning_rate=0.1, decay=1.0)
    opt.apply_gradients(zip([tf.ones((3, 4)), tf.ones(4)], [w, b]))
    assert [v.name for v in opt.variables()] == ["Adam/iter:0", "Adam/w/m:0", "Adam/b/m:0", "Adam/w/v:0",
                                                 "Adam/b/v:0"]
    assert float(opt._decayed_lr(tf.float32)) == pytest.approx(0.05)  # 0.1 / (1 + 1.0 * 1)
    assert len(opt.get_weights()) == 5
    plain = tf.keras.optimizers.legacy.SGD(0.1)
    plain.apply_gradients([(tf.ones(4), b)])
    assert [v.name for v in plain.variables()] == ["SGD/iter:0"]  # no momentum slot without momentum


# -- custom optimizers ---------------------------------------------------------------------------
class _MySGD(tf.keras.optimizers.Optimizer):
    def __init__(self, learning_rate=0.1, name="MySGD", **kwargs):
        super().__init__(name=name, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)

    def build(self, var_list):
        super().build(var_list)
        if getattr(self, "_built", False):
            return
        self.velocity = [self.add_variable_from_reference(v, "velocity") for v in var_list]
        self._built = True

    def update_step(self, gradient, variable):
        velocity = self.velocity[self._index_dict[self._var_key(variable)]]
        velocity.assign(velocity * 0.5 + gradient)
        variable.assign_sub(velocity * self.learning_rate)


def test_custom_optimizer_subclass():
    v = tf.Variable([1.0, 2.0], name="x")
    opt = _MySGD(clipvalue=0.5)
    for _ in range(2):
        opt.apply_gradients([(tf.constant([1.0, -2.0]), v)])
    # clipped gradient [0.5, -0.5]; velocity 0.5*[1, -1] then 0.75*[1, -1]
    np.testing.assert_allclose(v.numpy(), [1.0 - 0.05 - 0.075, 2.0 + 0.05 + 0.075], rtol=1e-6)
    assert [x.name for x in opt.variables] == ["iteration:0", "MySGD/velocity/x:0"] and int(opt.iterations) == 2


def test_subclass_overriding_update_step_is_used():
    calls = []

    class Logged(tf.keras.optimizers.Adam):
        def update_step(self, gradient, variable):
            calls.append(variable.name)
            super().update_step(gradient, variable)

    w, b = _vars()
    opt = Logged(0.01)
    opt.apply_gradients(zip([tf.ones((3, 4)), tf.ones(4)], [w, b]))
    assert calls == ["w:0", "b:0"]
    np.testing.assert_allclose(w.numpy(), 0.99, rtol=1e-6)


# -- the fused state ops --------------------------------------------------------------------------
def test_state_op_in_graph_updates_when_run():
    v = tf.Variable(np.ones((2, 3), np.float32))
    m = tf.Variable(np.zeros((2, 3), np.float32))
    s = tf.Variable(np.zeros((2, 3), np.float32))
    g = Graph()
    with g.as_default():
        grad = g.placeholder(tf.float32, [None, 3])
        lr = g.placeholder(tf.float32, [])
        step = g.placeholder(tf.int64, [])
        state_ops.resource_apply_adam(v, m, s, grad, lr, step)
    node = g.nodes[-1]
    assert node.type == "ResourceApplyAdam" and node.op.stateful and node.outputs == ()
    assert node.attrs["var"] is v and node.op.grad is None and node.op.no_grad_reason
    np.testing.assert_array_equal(v.numpy(), 1.0)  # building the graph ran nothing
    for k in (1, 2):  # with a constant gradient every Adam step moves by lr
        run(g, [node], {grad: np.full((2, 3), 2.0, np.float32), lr: np.float32(0.1), step: np.int64(k)})
        np.testing.assert_allclose(v.numpy(), 1.0 - 0.1 * k, rtol=1e-5)


@pytest.mark.parametrize("name", ["Adam", "SGD", "RMSprop"])
def test_traced_step_reads_learning_rate_and_step_once(name):
    """Inside tf.function the updates share one read of the learning rate and one iterations + 1
    (both change only after all the updates); results equal the eager ones."""
    rng = np.random.default_rng(4)
    inits = [rng.standard_normal(s).astype(np.float32) for s in ((3, 2), (2,), (2, 4))]
    grads = [tf.constant(rng.standard_normal(a.shape).astype(np.float32)) for a in inits]
    results = []
    for traced in (True, False):
        vs = [tf.Variable(a) for a in inits]
        opt = getattr(tf.keras.optimizers, name)(learning_rate=0.05)

        def step():
            opt.apply_gradients(zip(grads, vs))
        fn = tf.function(step) if traced else step
        for _ in range(3):
            fn()
        results.append([v.numpy() for v in vs])
        if traced:
            graph = fn.get_concrete_function().graph
            reads = [n.attrs["var"] for n in graph.nodes if n.type == "ReadVariableOp"]
            assert sum(r is opt.iterations for r in reads) == 1
            assert sum(r is opt.learning_rate for r in reads) == 1
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_state_op_eager_entry_points():
    v, m = tf.Variable([1.0, 2.0]), tf.Variable([0.0, 0.0])
    state_ops.resource_apply_gradient_descent(v, m, tf.constant([1.0, 1.0]), 0.1, momentum=0.9)
    np.testing.assert_allclose(v.numpy(), [0.9, 1.9], rtol=1e-6)
    np.testing.assert_allclose(m.numpy(), [-0.1, -0.1], rtol=1e-6)
    state_ops.resource_apply_weight_decay(v, 0.5, 0.2)
    np.testing.assert_allclose(v.numpy(), [0.81, 1.71], rtol=1e-6)
    avg = tf.Variable([0.0, 0.0])
    state_ops.resource_apply_moving_average(avg, v, 0.75)
    np.testing.assert_allclose(avg.numpy(), [0.2025, 0.4275], rtol=1e-6)
    with pytest.raises(InvalidArgumentError, match=r"has shape \(3,\) but the variable has shape \(2,\)"):
        state_ops.resource_apply_gradient_descent(v, m, tf.constant([1.0, 1.0, 1.0]), 0.1)


@pytest.mark.parametrize("name", ALL)
def test_blocked_updates_match_whole_array_updates(name, monkeypatch):
    rng = np.random.default_rng(7)
    shape = (300, 250)  # 75000 elements: more than one block, the last one partial
    init = rng.standard_normal(shape).astype(np.float32)
    grads = [rng.standard_normal(shape).astype(np.float32) for _ in range(3)]

    def train(block, split=1 << 40):
        monkeypatch.setattr(update_blocks, "_BLOCK", block)
        monkeypatch.setattr(update_blocks, "_WHOLE", block)
        monkeypatch.setattr(state_ops, "AXPBY_MIN", 1 << 40)  # the same arithmetic in every block size
        # split: variables this large are updated by two threads, in blocks of 4096
        monkeypatch.setattr(update_blocks, "_SPLIT", split)
        monkeypatch.setattr(update_blocks, "_SPLIT_BLOCK", 1 << 12)
        monkeypatch.setattr(update_blocks, "second_core_free", lambda: True)
        v = tf.Variable(init)
        opt = getattr(tf.keras.optimizers, name)(learning_rate=0.01)
        for g in grads:
            opt.apply_gradients([(tf.constant(g), v)])
        return v.numpy()

    blocked = train(1 << 12)
    whole = train(1 << 30)
    two_threads = train(1 << 12, split=1 << 14)
    np.testing.assert_array_equal(blocked, whole)
    np.testing.assert_array_equal(two_threads, whole)
    assert blocked.dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["Adam", "Nadam"])
def test_axpby_updates_match_numpy_updates(name, dtype, monkeypatch):
    """Big variables take Adam's scale-and-add steps through OpenBLAS's axpby (one pass): the
    same values as NumPy's three-pass form, up to rounding."""
    from numtf.framework import blas
    assert blas.has_axpby(np.dtype(dtype))  # NumPy's OpenBLAS exports it here
    rng = np.random.default_rng(8)
    init = rng.standard_normal((200, 150)).astype(dtype)
    grads = [rng.standard_normal((200, 150)).astype(dtype) for _ in range(3)]

    def train(axpby_min):
        monkeypatch.setattr(state_ops, "AXPBY_MIN", axpby_min)
        v = tf.Variable(init)
        opt = getattr(tf.keras.optimizers, name)(learning_rate=0.01)
        for g in grads:
            opt.apply_gradients([(tf.constant(g), v)])
        return v.numpy()
    with_axpby, without = train(1), train(1 << 40)
    assert with_axpby.dtype == dtype and not np.array_equal(init, with_axpby)
    np.testing.assert_allclose(with_axpby, without, rtol=1e-6 if dtype == np.float32 else 1e-14, atol=1e-7)


@pytest.mark.parametrize("name", ALL)
def test_float64_variables_stay_float64(name):
    v = tf.Variable(np.ones(5), name="v64")
    opt = getattr(tf.keras.optimizers, name)(learning_rate=0.1)
    opt.apply_gradients([(tf.constant(np.full(5, 0.5)), v)])
    assert v.dtype == tf.float64 and v.numpy().dtype == np.float64
    assert all(s.dtype == tf.float64 for s in opt.variables[1:])
    assert np.all(v.numpy() < 1.0)


def test_clipping_values():
    v1, v2 = tf.Variable([0.0, 0.0]), tf.Variable([0.0])
    grads = [tf.constant([3.0, 4.0]), tf.constant([12.0])]
    opt = tf.keras.optimizers.SGD(1.0, clipnorm=1.0)
    opt.apply_gradients(zip(grads, [v1, v2]))
    np.testing.assert_allclose(v1.numpy(), [-0.6, -0.8], rtol=1e-6)
    np.testing.assert_allclose(v2.numpy(), [-1.0], rtol=1e-6)
    v1.assign([0.0, 0.0]), v2.assign([0.0])
    opt = tf.keras.optimizers.SGD(1.0, global_clipnorm=6.5)  # global norm 13 -> scale 0.5
    opt.apply_gradients(zip(grads, [v1, v2]))
    np.testing.assert_allclose(v1.numpy(), [-1.5, -2.0], rtol=1e-6)
    np.testing.assert_allclose(v2.numpy(), [-6.0], rtol=1e-6)
    np.testing.assert_array_equal(grads[0].numpy(), [3.0, 4.0])  # gradients are never modified
    v1.assign([0.0, 0.0])
    opt = tf.keras.optimizers.SGD(1.0, clipvalue=3.5)
    opt.apply_gradients([(grads[0], v1)])
    np.testing.assert_allclose(v1.numpy(), [-3.0, -3.5], rtol=1e-6)


def test_gradient_aliasing_a_variable_is_safe():
    v = tf.Variable([1.0, 2.0])
    opt = tf.keras.optimizers.SGD(0.5)
    g = v.read_value()  # shares v's buffer
    opt.apply_gradients([(g, v)])
    np.testing.assert_allclose(v.numpy(), [0.5, 1.0])
    np.testing.assert_allclose(g.numpy(), [1.0, 2.0])


GRAPH_OPTIONS = [{}, {"clipnorm": 0.7}, {"global_clipnorm": 0.9}, {"clipvalue": 0.4}, {"weight_decay": 0.05},
                 {"use_ema": True, "ema_momentum": 0.5, "ema_overwrite_frequency": 2}]


@pytest.mark.parametrize("options", GRAPH_OPTIONS, ids=lambda o: ",".join(o) or "plain")
@pytest.mark.parametrize("name", ALL)
def test_apply_gradients_in_a_graph_matches_eager(name, options):
    rng = np.random.default_rng(3)
    init = rng.standard_normal((2, 3)).astype(np.float32)
    grads = [rng.standard_normal((2, 3)).astype(np.float32) * s for s in (1.0, 3.0, 0.2)]
    kwargs = dict(options, learning_rate=0.1)
    eager_var, graph_var = tf.Variable(init, name="v"), tf.Variable(init, name="v")
    eager_opt = getattr(tf.keras.optimizers, name)(**kwargs)
    graph_opt = getattr(tf.keras.optimizers, name)(**kwargs)
    g = Graph()
    with g.as_default():
        grad = g.placeholder(tf.float32, [2, 3])
        graph_opt.apply_gradients([(grad, graph_var)])
    updates = [n for n in g.nodes if n.op.stateful and n.type != "ReadVariableOp"]
    assert any(n.type.startswith("ResourceApply") for n in updates)
    np.testing.assert_array_equal(graph_var.numpy(), init)  # building ran nothing
    for gv in grads:
        eager_opt.apply_gradients([(tf.constant(gv), eager_var)])
        run(g, updates, {grad: gv})
        np.testing.assert_allclose(graph_var.numpy(), eager_var.numpy(), rtol=1e-6, atol=1e-7)
    assert int(graph_opt.iterations) == 3
    for a, b in zip(graph_opt.variables, eager_opt.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6, atol=1e-7)


def test_schedules_with_a_symbolic_step():
    steps = GOLDEN["schedule_steps"]
    for name, config in SCHEDULES:
        schedule = tf.keras.optimizers.schedules.deserialize(config)
        g = Graph()
        with g.as_default():
            step = g.placeholder(tf.int64, [])
            out = schedule(step)
        assert out.dtype.name == str(GOLDEN[f"schedule/{name}/dtype"]) and out.shape == ()
        values = [run(g, [out], {step: np.int64(k)})[0] for k in steps]
        np.testing.assert_allclose(values, GOLDEN[f"schedule/{name}"], rtol=1e-6, atol=1e-9, err_msg=name)


def test_adam_moments_never_linger_as_subnormals():
    # a unit whose gradient becomes zero (a dead relu): its moments decay by beta each step; below
    # 1e-30 they are zeroed (every 100 steps) instead of sinking into float32's slow subnormals
    v = tf.Variable(np.ones(4, np.float32))
    opt = tf.keras.optimizers.Adam(0.01)
    opt.apply_gradients([(tf.constant(np.ones(4, np.float32)), v)])
    for _ in range(899):
        opt.apply_gradients([(tf.constant(np.zeros(4, np.float32)), v)])
    m = opt.variables[1].numpy()
    tiny = np.finfo(np.float32).tiny
    assert np.all((m == 0) | (np.abs(m) >= tiny))
