"""tf.keras.losses: golden values vs tf-keras 2.21, gradients, the softmax-logits rule, configs,
and bad-input errors.

Goldens come from tools/make_keras_golden.py (real TensorFlow): every loss function and class on
fixed inputs, each reduction, with and without sample weights, from probabilities and logits,
with label smoothing, and with predictions made by a Keras softmax/sigmoid (which remember
their logits) or by tf.nn (which don't), eagerly and inside a graph.
"""
import json
import os
import warnings

import numpy as np
import pytest

import numtf as tf
from numtf.framework.errors import InvalidArgumentError
from numtf.graph.graph import Graph, run
from helpers import check_gradients

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_losses.npz"))
CASES = json.loads(str(GOLDEN["cases"]))
RTOL, ATOL = 1e-5, 1e-6
L = tf.keras.losses


def _input(name):
    return GOLDEN[f"in/{name}"]


_VIA = {"keras_softmax": lambda: tf.keras.activations.softmax, "softmax_layer": lambda: tf.keras.layers.Softmax(),
        "nn_softmax": lambda: tf.nn.softmax, "keras_sigmoid": lambda: tf.keras.activations.sigmoid,
        "nn_sigmoid": lambda: tf.math.sigmoid}


def _loss_callable(kind, name, kwargs):
    if kind == "cls":
        return getattr(L, name)(**kwargs)
    fn = tf.keras.metrics.get(name[2:]) if name.startswith("m:") else getattr(L, name)
    return lambda y_true, y_pred, sample_weight=None: fn(y_true, y_pred, **kwargs)


def _run_case(case):
    _, kind, name, kwargs, names, opts = case
    loss = _loss_callable(kind, name, kwargs)
    sw = None if opts.get("sw") is None else tf.constant(_input(opts["sw"]))
    via = opts.get("via")

    def compute(y_true, pred):
        y_pred = _VIA[via]()(pred) if via else pred
        return loss(y_true, y_pred, sample_weight=sw) if kind == "cls" else loss(y_true, y_pred)

    y_true, pred = _input(names[0]), _input(names[1])
    if opts.get("graph"):
        g = Graph()
        with g.as_default():
            yt = g.placeholder(tf.as_dtype(y_true.dtype), y_true.shape)
            yp = g.placeholder(tf.as_dtype(pred.dtype), pred.shape)
            out = compute(yt, yp)
        return np.asarray(run(g, [out], {yt: y_true, yp: pred})[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compute(tf.constant(y_true), tf.constant(pred)).numpy()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_golden(case):
    got = _run_case(case)
    want = GOLDEN[f"loss/{case[0]}"]
    assert np.shape(got) == want.shape, f"{case[0]}: shape {np.shape(got)} != {want.shape}"
    assert np.asarray(got).dtype == want.dtype, f"{case[0]}: dtype {np.asarray(got).dtype} != {want.dtype}"
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=case[0])


def test_golden_covers_every_loss():
    names = {c[2] for c in CASES}
    for fn in ["mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
               "mean_squared_logarithmic_error", "categorical_crossentropy", "sparse_categorical_crossentropy",
               "binary_crossentropy", "huber", "kl_divergence", "hinge", "squared_hinge", "categorical_hinge",
               "cosine_similarity", "log_cosh", "poisson"]:
        assert fn in names, fn
    for cls in ["MeanSquaredError", "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "Huber",
                "KLDivergence", "CosineSimilarity", "BinaryCrossentropy", "Hinge"]:
        assert cls in names, cls
    reductions = {c[3].get("reduction") for c in CASES if c[1] == "cls"}
    assert reductions >= {"auto", "sum", "none", "sum_over_batch_size"}
    assert {c[5].get("via") for c in CASES} >= {"keras_softmax", "softmax_layer", "nn_softmax", "keras_sigmoid",
                                                 "nn_sigmoid"}


# -- gradients ---------------------------------------------------------------------------------------
_rng = np.random.default_rng(3)
_P = _rng.uniform(0.05, 0.95, (4, 3))
_P_NORM = _P / _P.sum(-1, keepdims=True)
_ONEHOT = np.eye(3)[[0, 2, 1, 2]]
_REG_T, _REG_P = _rng.standard_normal((4, 3)), _rng.standard_normal((4, 3))
_POS_T, _POS_P = _rng.uniform(0.5, 2, (4, 3)), _rng.uniform(0.5, 2, (4, 3))
_BIN = _rng.integers(0, 2, (4, 3)).astype(np.float64)


@pytest.mark.parametrize("fn,y_true,y_pred,kwargs", [
    ("mean_squared_error", _REG_T, _REG_P, {}),
    ("mean_absolute_error", _REG_T, _REG_P, {}),
    ("mean_absolute_percentage_error", _POS_T, _POS_P, {}),
    ("mean_squared_logarithmic_error", _POS_T, _POS_P, {}),
    ("hinge", _BIN, _REG_P, {}),
    ("squared_hinge", _BIN, _REG_P, {}),
    ("categorical_hinge", _ONEHOT, _REG_P, {}),
    ("huber", _REG_T, 2 * _REG_P, {"delta": 0.7}),
    ("log_cosh", _REG_T, _REG_P, {}),
    ("kl_divergence", _P_NORM, _P_NORM[::-1].copy(), {}),
    ("poisson", _POS_T, _POS_P, {}),
    ("cosine_similarity", _REG_T, _REG_P, {}),
    ("cosine_similarity", _REG_T, _REG_P, {"axis": 0}),
    ("categorical_crossentropy", _ONEHOT, _P, {}),
    ("categorical_crossentropy", _ONEHOT, _P, {"label_smoothing": 0.1}),
    ("categorical_crossentropy", _ONEHOT, _REG_P, {"from_logits": True}),
    ("categorical_crossentropy", _ONEHOT.T.copy(), _P.T.copy(), {"axis": 0}),
    ("binary_crossentropy", _BIN, _P, {}),
    ("binary_crossentropy", _BIN, _REG_P, {"from_logits": True, "label_smoothing": 0.2}),
])
def test_gradients(fn, y_true, y_pred, kwargs):
    f = getattr(L, fn)
    if fn == "huber":  # huber computes in floatx
        tf.keras.backend.set_floatx("float64")
        try:
            check_gradients(lambda p: f(y_true, p, **kwargs), y_pred)
        finally:
            tf.keras.backend.set_floatx("float32")
        return
    check_gradients(lambda p: f(y_true, p, **kwargs), y_pred)


@pytest.mark.parametrize("labels", [np.array([0, 2, 1, 2]), np.array([[0], [2], [1], [2]]),
                                    np.array([0., 2., 1., 2.])])
@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_gradients(labels, from_logits):
    pred = _REG_P if from_logits else _P
    check_gradients(lambda p: L.sparse_categorical_crossentropy(labels, p, from_logits=from_logits), pred)


@pytest.mark.parametrize("cls,y_true,y_pred,kwargs", [
    ("MeanSquaredError", _REG_T, _REG_P, {}),
    ("SparseCategoricalCrossentropy", np.array([0, 2, 1, 2]), _P, {"reduction": "sum"}),
    ("CategoricalCrossentropy", _ONEHOT, _REG_P, {"from_logits": True, "reduction": "none"}),
    ("BinaryCrossentropy", _BIN, _P, {}),
])
def test_class_gradients_with_sample_weight(cls, y_true, y_pred, kwargs):
    loss = getattr(L, cls)(**kwargs)
    check_gradients(lambda p, w: loss(y_true, p, sample_weight=w), y_pred, np.array([0.5, 1.0, 2.0, 0.0]), wrt=[0])


def test_gradient_through_keras_softmax_uses_logits():
    logits = np.array([[60., 0., -60.], [0., 1., 2.]])
    check_gradients(lambda z: L.categorical_crossentropy(np.eye(3)[[2, 0]], tf.keras.activations.softmax(z)),
                    logits)
    check_gradients(lambda z: L.sparse_categorical_crossentropy([2, 0], tf.keras.layers.Softmax(dtype="float64")(z)),
                    logits)
    check_gradients(lambda z: L.binary_crossentropy([[1., 0., 1.]], tf.keras.activations.sigmoid(z)),
                    np.array([[40., 40., -3.]]))


# -- the logits rule and numerics ---------------------------------------------------------------------
def test_softmax_output_uses_logits_but_nn_softmax_is_clipped():
    logits = tf.constant([[100., 0.]])
    keras_p = tf.keras.activations.softmax(logits)
    nn_p = tf.nn.softmax(logits)
    assert not hasattr(nn_p, "_keras_logits") or getattr(nn_p, "_keras_logits", None) is None
    assert float(L.sparse_categorical_crossentropy([1], keras_p)[0]) == pytest.approx(100.0)
    # clipped at epsilon = 1e-7 (renormalized by the fused op: -log(1e-7 / (1 - 1e-7 + 1e-7)))
    assert float(L.sparse_categorical_crossentropy([1], nn_p)[0]) == pytest.approx(16.118095, rel=1e-5)
    assert float(L.categorical_crossentropy([[0., 1.]], nn_p)[0]) == pytest.approx(16.118095, rel=1e-5)


def test_from_logits_on_softmax_output_warns():
    p = tf.keras.activations.softmax(tf.constant([[1., 2.]]))
    with pytest.warns(UserWarning, match="does not represent logits"):
        L.categorical_crossentropy([[0., 1.]], p, from_logits=True)


def test_few_ops_per_sparse_crossentropy():
    labels = np.arange(50, dtype=np.int32) % 10
    logits = tf.constant(np.random.default_rng(0).standard_normal((50, 10)).astype(np.float32))
    probs = tf.nn.softmax(logits)
    for pred, most in ((probs, 4), (tf.keras.activations.softmax(logits), 1), (logits, 1)):
        with tf.GradientTape() as tape:
            tape.watch(pred)
            L.sparse_categorical_crossentropy(labels, pred, from_logits=pred is logits)
            n = len(tape._records)
        assert n <= most, f"{n} ops"
    with tf.GradientTape() as tape:
        tape.watch(logits)
        L.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
        assert len(tape._records) <= 3


def test_dtypes():
    assert L.mse(tf.constant([1., 2.], tf.float64), tf.constant([1., 4.], tf.float64)).dtype == tf.float64
    assert L.mse(np.array([1., 2.]), np.array([1., 4.])).dtype == tf.float64
    assert L.mse([1., 2.], [1., 4.]).dtype == tf.float32
    out = L.MeanSquaredError()(tf.constant([1, 2]), tf.constant([1, 4]))
    assert out.dtype == tf.int32 and int(out) == 2
    assert L.huber(tf.constant([1, 2]), tf.constant([1., 3.], tf.float64)).dtype == tf.float32
    p = tf.constant([[0.5, 0.5]], tf.float64)
    assert L.sparse_categorical_crossentropy([1], p).dtype == tf.float64


def test_ignore_class_masks_the_mean():
    p = tf.constant(np.full((4, 3), 1 / 3, np.float32))
    per = L.sparse_categorical_crossentropy([0, 255, 2, 255], p, ignore_class=255)
    np.testing.assert_allclose(per.numpy(), [np.log(3), 0, np.log(3), 0], rtol=1e-6)
    assert per._keras_mask.numpy().tolist() == [True, False, True, False]
    assert float(L.SparseCategoricalCrossentropy(ignore_class=255)([0, 255, 2, 255], p)) == pytest.approx(np.log(3))


# -- the Loss class, configs, get/serialize ----------------------------------------------------------
def test_handbook_custom_loss():
    class MeanSquaredError(tf.keras.losses.Loss):
        def call(self, y_true, y_pred):
            return tf.reduce_mean(tf.square(y_pred - y_true))

    loss = MeanSquaredError()
    assert float(loss(tf.constant([[1.], [2.]]), tf.constant([[3.], [2.]]))) == 2.0
    assert loss.get_config() == {"reduction": "auto", "name": None}
    assert float(MeanSquaredError(reduction="sum")(tf.constant([1.]), tf.constant([3.]), sample_weight=0.5)) == 2.0


def test_loss_base_call_is_abstract():
    with pytest.raises(NotImplementedError):
        L.Loss()([1.], [2.])


@pytest.mark.parametrize("cls", ["MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
                                 "MeanSquaredLogarithmicError", "BinaryCrossentropy", "CategoricalCrossentropy",
                                 "SparseCategoricalCrossentropy", "CosineSimilarity", "Hinge", "SquaredHinge",
                                 "CategoricalHinge", "Poisson", "LogCosh", "KLDivergence", "Huber"])
def test_config_round_trip(cls):
    loss = getattr(L, cls)(reduction="sum", name="custom")
    config = loss.get_config()
    assert config["reduction"] == "sum" and config["name"] == "custom" and "fn" in config
    again = getattr(L, cls).from_config(config)
    assert again.get_config() == config
    again = L.deserialize(L.serialize(loss))
    assert type(again) is type(loss) and again.get_config() == config


def test_configs_match_tf_keras():
    assert L.Huber().get_config() == {"reduction": "auto", "name": "huber_loss", "delta": 1.0, "fn": "huber"}
    assert L.SparseCategoricalCrossentropy().get_config() == {
        "reduction": "auto", "name": "sparse_categorical_crossentropy", "from_logits": False, "ignore_class": None,
        "fn": "sparse_categorical_crossentropy"}
    assert L.serialize(L.CategoricalCrossentropy(from_logits=True)) == {
        "module": "keras.losses", "class_name": "CategoricalCrossentropy",
        "config": {"reduction": "auto", "name": "categorical_crossentropy", "from_logits": True,
                   "label_smoothing": 0.0, "axis": -1, "fn": "categorical_crossentropy"}, "registered_name": None}
    assert L.Reduction.all() == ("auto", "none", "sum", "sum_over_batch_size")


def test_get():
    assert L.get("mse") is L.mean_squared_error
    assert L.get("categorical_crossentropy") is L.categorical_crossentropy
    assert L.get("kld") is L.kl_divergence and L.get("logcosh") is L.log_cosh and L.get("huber") is L.huber
    assert isinstance(L.get("MeanSquaredError"), L.MeanSquaredError)
    assert L.get(None) is None
    f = lambda a, b: a  # noqa: E731
    assert L.get(f) is f
    cfg = {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True, "reduction": "sum"}}
    assert L.get(cfg).get_config()["from_logits"] is True
    with pytest.raises(ValueError, match="Unknown loss function: 'foo'"):
        L.get("foo")
    with pytest.raises(ValueError, match="Could not interpret loss function identifier: 3"):
        L.get(3)
    with pytest.warns(UserWarning):
        assert L.serialize(L.mse)["config"] == "mean_squared_error"


def test_loss_function_wrapper():
    w = L.LossFunctionWrapper(L.mae, reduction="sum", name="w")
    assert float(w([0., 0.], [1., 3.])) == 2.0
    again = L.LossFunctionWrapper.from_config(w.get_config())
    assert again.fn is L.mean_absolute_error and again.reduction == "sum"


def test_bad_reduction():
    with pytest.raises(ValueError, match="Invalid Reduction Key: mean"):
        L.MeanSquaredError(reduction="mean")


# -- bad input --------------------------------------------------------------------------------------
def test_categorical_crossentropy_with_integer_labels_hints_sparse():
    p = tf.constant(np.full((4, 3), 1 / 3, np.float32))
    for labels in ([0, 1, 2, 1], [[0], [1], [2], [1]]):
        for fn in (L.categorical_crossentropy, L.CategoricalCrossentropy()):
            with pytest.raises(ValueError, match=r"categorical_crossentropy.*\(4, 3\).*did you mean "
                                                 r"sparse_categorical_crossentropy\?"):
                fn(labels, p)


def test_sparse_crossentropy_shape_errors():
    p = tf.constant(np.full((4, 3), 1 / 3, np.float32))
    with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy.*\(3,\).*\(4, 3\)"):
        L.sparse_categorical_crossentropy([0, 1, 2], p)
    with pytest.raises(ValueError, match="did you mean categorical_crossentropy"):
        L.SparseCategoricalCrossentropy()(tf.one_hot([0, 1, 2, 1], 3), p)


def test_sparse_crossentropy_label_out_of_range():
    p = tf.constant(np.full((4, 3), 1 / 3, np.float32))
    for from_logits in (False, True):
        with pytest.raises(InvalidArgumentError, match=r"Received a label value of 3 which is outside the valid "
                                                       r"range of \[0, 3\)\.  Label values: 0 1 3 1"):
            L.sparse_categorical_crossentropy([0, 1, 3, 1], p, from_logits=from_logits)
    with pytest.raises(InvalidArgumentError, match="label value of -1"):
        L.sparse_categorical_crossentropy([0, -1, 2, 1], p)


@pytest.mark.parametrize("fn", ["mean_squared_error", "mean_absolute_error", "binary_crossentropy", "huber",
                                "hinge", "kl_divergence", "poisson", "log_cosh", "cosine_similarity"])
def test_elementwise_shape_mismatch(fn):
    with pytest.raises(ValueError, match=rf"{fn}.*y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"):
        getattr(L, fn)(tf.ones((4, 3)), tf.ones((4, 2)) * 0.5)


def test_class_shape_mismatch_names_the_loss():
    with pytest.raises(ValueError, match=r"mean_squared_error.*\(4, 3\).*\(4, 2\)"):
        L.MeanSquaredError()(tf.ones((4, 3)), tf.ones((4, 2)))


def test_shapes_broadcast_as_in_tf():
    # the function form broadcasts (N,) against (N, 1); the class squeezes first
    assert L.mse(tf.ones((4,)), tf.ones((4, 1))).shape == (4,)
    assert L.MeanSquaredError(reduction="none")(tf.ones((4,)), tf.ones((4, 1))).shape == ()


def test_graph_shapes():
    g = Graph()
    with g.as_default():
        yt = g.placeholder(tf.int32, [None])
        yp = g.placeholder(tf.float32, [None, 5])
        out = L.SparseCategoricalCrossentropy()(yt, yp)
        per = L.sparse_categorical_crossentropy(yt, tf.nn.softmax(yp))
    assert out.shape == () and per.shape.as_list() == [None]
    p = np.full((3, 5), 0.2, np.float32)
    val, = run(g, [out], {yt: np.array([0, 1, 2], np.int32), yp: p})
    assert float(val) == pytest.approx(np.log(5), rel=1e-6)


def test_losses_inside_tf_function_use_softmax_logits():
    loss = L.SparseCategoricalCrossentropy()

    @tf.function
    def f(labels, logits):
        p = tf.nn.softmax(logits)
        return loss(labels, p), L.categorical_crossentropy(tf.one_hot(labels, 2), p)

    a, b = f(np.array([1], np.int32), np.array([[100., 0.]], np.float32))
    assert float(a) == pytest.approx(100.0) and float(b[0]) == pytest.approx(100.0)
    # eagerly the same tf.nn.softmax output is clipped
    assert float(loss([1], tf.nn.softmax([[100., 0.]]))) == pytest.approx(16.118095, rel=1e-5)


def test_docstring_examples():
    import doctest
    import importlib
    for name in ("losses", "losses.utils", "losses.functions", "losses.crossentropy", "losses.classes"):
        module = importlib.import_module(f"numtf.keras.{name}")
        result = doctest.testmod(module, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, name
