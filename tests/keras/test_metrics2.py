"""tf.keras metrics and losses added in tf-keras 2.11+ (F1Score, FBetaScore, R2Score, the IoU
family, MeanRelativeError, the *At* rate metrics, the focal cross-entropies), against goldens
from tools/make_metrics2_golden.py (real TensorFlow): the result after each update, after
reset_state and after one more update, the state variable names and get_config; loss values.
Plus config round trips, compile/fit, and tf-keras's errors for bad arguments.
"""
import json
import os
import warnings

import numpy as np
import pytest

import numtf as tf

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_metrics2.npz"))
CASES = json.loads(str(GOLDEN["cases"]))
RTOL, ATOL = 1e-5, 1e-6
M, L = tf.keras.metrics, tf.keras.losses


def _plain(obj):
    return json.loads(json.dumps(obj, default=lambda o: np.asarray(o).tolist()))


def _update(m, u, as_tensor):
    conv = tf.constant if as_tensor else (lambda x: x)
    sw = u["sample_weight"]
    m.update_state(conv(u["y_true"]), conv(u["y_pred"]), sample_weight=None if sw is None else conv(sw))


@pytest.mark.parametrize("as_tensor", [False, True], ids=["lists", "tensors"])
@pytest.mark.parametrize("case", CASES["metrics"], ids=[c[0] for c in CASES["metrics"]])
def test_metric_golden(case, as_tensor):
    cid, cls, kwargs, updates = case
    m = getattr(M, cls)(**kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # R2's adjusted-score fallback warning after reset
        for i, u in enumerate(updates):
            _update(m, u, as_tensor)
            got = m.result()
            assert got.dtype == tf.float32
            np.testing.assert_allclose(got.numpy(), GOLDEN[f"{cid}/r{i}"], rtol=RTOL, atol=ATOL,
                                       err_msg=f"{cid} update {i}")
        m.reset_state()
        np.testing.assert_allclose(m.result().numpy(), GOLDEN[f"{cid}/reset"], rtol=RTOL, atol=ATOL)
        _update(m, updates[-1], as_tensor)
        np.testing.assert_allclose(m.result().numpy(), GOLDEN[f"{cid}/again"], rtol=RTOL, atol=ATOL)
    assert [v.name for v in m.variables] == GOLDEN[f"{cid}/names"].tolist()
    want = json.loads(str(GOLDEN[f"{cid}/config"]))
    got = _plain(m.get_config())
    assert list(got) == list(want)
    # default names are uniquified per program (io_u, io_u_1, ...): compare their stem
    assert got.pop("name").rstrip("_0123456789") == want.pop("name").rstrip("_0123456789")
    assert got == want


@pytest.mark.parametrize("case", CASES["losses"], ids=[c[0] for c in CASES["losses"]])
def test_loss_golden(case):
    cid, cls, kwargs, yt, yp, sw = case
    loss = getattr(L, cls)(**kwargs)
    got = loss(tf.constant(yt), tf.constant(yp), sample_weight=None if sw is None else tf.constant(sw))
    np.testing.assert_allclose(got.numpy(), GOLDEN[f"{cid}/value"], rtol=RTOL, atol=ATOL)
    fn = L.binary_focal_crossentropy if cls == "BinaryFocalCrossentropy" else L.categorical_focal_crossentropy
    fkw = {k: v for k, v in kwargs.items() if k != "reduction"}
    got = fn(tf.constant(yt), tf.constant(yp), **fkw)
    assert got.dtype == tf.float32
    np.testing.assert_allclose(got.numpy(), GOLDEN[f"{cid}/fn"], rtol=RTOL, atol=ATOL)
    config = loss.get_config()
    assert config == json.loads(str(GOLDEN[f"{cid}/config"]))
    assert list(config) == list(json.loads(str(GOLDEN[f"{cid}/config"])))
    again = type(loss).from_config(config)
    assert again.get_config() == config


def test_focal_losses_use_logits_of_keras_activations():
    logits = tf.constant([[8., -9., 0.5]])
    got = L.binary_focal_crossentropy(tf.constant([[0., 1., 1.]]), tf.keras.activations.sigmoid(logits))
    np.testing.assert_allclose(got.numpy(), GOLDEN["logits_marked/bfce"], rtol=1e-5)
    got = L.categorical_focal_crossentropy(tf.constant([[0., 1., 0.]]),
                                           tf.keras.activations.softmax(tf.constant([[30., -20., 0.]])))
    np.testing.assert_allclose(got.numpy(), GOLDEN["logits_marked/cfce"], rtol=1e-5)


def test_focal_losses_in_tf_function_match_eager():
    yt, yp = tf.constant([[0., 1.], [1., 1.]]), tf.constant([[0.3, 0.8], [0.6, 0.1]])
    for loss in (L.BinaryFocalCrossentropy(apply_class_balancing=True), L.CategoricalFocalCrossentropy()):
        np.testing.assert_allclose(tf.function(lambda a, b: loss(a, b))(yt, yp).numpy(), loss(yt, yp).numpy(),
                                   rtol=1e-6)


def test_names_get_and_serialize():
    assert L.get("BinaryFocalCrossentropy").get_config()["gamma"] == 2.0
    assert L.get("binary_focal_crossentropy") is L.binary_focal_crossentropy
    assert L.get("categorical_focal_crossentropy") is L.categorical_focal_crossentropy
    assert isinstance(L.deserialize(L.serialize(L.CategoricalFocalCrossentropy(alpha=0.5))),
                      L.CategoricalFocalCrossentropy)
    assert M.binary_focal_crossentropy is L.binary_focal_crossentropy
    assert M.get("binary_focal_crossentropy") is L.binary_focal_crossentropy
    assert M.get("f1_score") == "f1_score"  # unknown function names come back as given, as in tf-keras
    assert isinstance(M.get("F1Score"), M.F1Score)
    assert str(M.get("R2Score")) == "R2Score(name=r2_score,dtype=float32,class_aggregation=uniform_average," \
                                    "num_regressors=0)"
    for m in (M.FBetaScore(beta=2.0, average="macro"), M.R2Score(num_regressors=1), M.IoU(3, [1, 2]),
              M.MeanIoU(3), M.BinaryIoU([1]), M.OneHotIoU(3, [0]), M.OneHotMeanIoU(4, ignore_class=0),
              M.MeanRelativeError([1., 2.]), M.PrecisionAtRecall(0.3, num_thresholds=9, class_id=1),
              M.SpecificityAtSensitivity(0.4)):
        again = M.deserialize(M.serialize(m))
        assert type(again) is type(m)
        assert _plain(again.get_config()) == _plain(m.get_config())


def test_default_names_and_attributes():
    assert [m.name.rstrip("_0123456789") for m in (
        M.IoU(2, [0]), M.MeanIoU(2), M.BinaryIoU(), M.OneHotIoU(2, [0]), M.OneHotMeanIoU(2),
        M.MeanRelativeError([1.]))] == [
        "io_u", "mean_io_u", "binary_io_u", "one_hot_io_u", "one_hot_mean_io_u", "mean_relative_error"]
    assert M.BinaryIoU().target_class_ids == [0, 1]
    m = M.SensitivityAtSpecificity(0.5, num_thresholds=4)
    assert np.allclose(m.thresholds, [0.0, 1 / 3, 2 / 3, 1.0]) and m.specificity == m.value == 0.5
    assert M.SensitivityAtSpecificity(0.5, num_thresholds=1).thresholds == [0.5]
    assert M.F1Score().variables == []
    assert [v.name for v in M.R2Score().variables] == ["num_samples:0"]
    assert M.R2Score().variables[0].dtype == tf.int32


def test_metrics_in_tf_function_and_fit():
    m = M.F1Score(average="macro", threshold=0.5)
    step = tf.function(lambda a, b: m.update_state(a, b))
    step(tf.constant([[1., 0.], [0., 1.]]), tf.constant([[0.8, 0.1], [0.7, 0.9]]))
    ref = M.F1Score(average="macro", threshold=0.5)
    ref.update_state([[1., 0.], [0., 1.]], [[0.8, 0.1], [0.7, 0.9]])
    np.testing.assert_allclose(m.result().numpy(), ref.result().numpy())

    rng = np.random.RandomState(0)
    x = rng.rand(32, 4).astype("float32")
    y = (x[:, :1] + x[:, 1:2] > 1).astype("float32")
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid", input_shape=(4,))])
    model.compile(optimizer="adam", loss=L.BinaryFocalCrossentropy(apply_class_balancing=True),
                  metrics=[M.F1Score(threshold=0.5), M.BinaryIoU(), M.PrecisionAtRecall(0.5), M.R2Score()])
    hist = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert {k.rstrip("_0123456789") for k in hist.history} == {
        "loss", "f1_score", "binary_io_u", "precision_at_recall", "r2_score"}
    assert all(np.isfinite(np.ravel(v)).all() for v in hist.history.values())
    model.compile(optimizer="sgd", loss="binary_focal_crossentropy", metrics=["binary_focal_crossentropy"])
    hist = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    assert set(hist.history) == {"loss", "binary_focal_crossentropy"}
    np.testing.assert_allclose(hist.history["loss"], hist.history["binary_focal_crossentropy"], rtol=1e-5)


@pytest.mark.parametrize("make, message", [
    (lambda: M.F1Score(average="bad"), "Invalid `average` argument value. Expected one of: {None, 'micro', "
                                       "'macro', 'weighted'}. Received: average=bad"),
    (lambda: M.FBetaScore(beta=1), "Invalid `beta` argument value. It should be a Python float. Received: "
                                   "beta=1 of type '<class 'int'>'"),
    (lambda: M.FBetaScore(beta=-1.), "Invalid `beta` argument value. It should be > 0. Received: beta=-1.0"),
    (lambda: M.F1Score(threshold=1), "Invalid `threshold` argument value. It should be a Python float. "
                                     "Received: threshold=1 of type '<class 'int'>'"),
    (lambda: M.F1Score(threshold=1.5), "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
                                       "Received: threshold=1.5"),
    (lambda: M.F1Score().update_state([1., 0.], [0.3, 0.4]),
     "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
     "y_pred.shape=(2,) and y_true.shape=(2,)."),
    (lambda: M.R2Score(class_aggregation="x"), "Invalid value for argument `class_aggregation`. Expected one of "
                                               "(None, 'uniform_average', 'variance_weighted_average'). "
                                               "Received: class_aggregation=x"),
    (lambda: M.R2Score(num_regressors=-1), "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                                           "Received: num_regressors=-1"),
    (lambda: M.R2Score().update_state([1., 0.], [0.3, 0.4]),
     "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
     "y_pred.shape=(2,) and y_true.shape=(2,)."),
    (lambda: M.IoU(3, [0, 3]), "Target class id 3 is out of range, which is [0, 3)."),
    (lambda: M.SensitivityAtSpecificity(1.5), "Argument `specificity` must be in the range [0, 1]. "
                                              "Received: specificity=1.5"),
    (lambda: M.SpecificityAtSensitivity(-0.1), "Argument `sensitivity` must be in the range [0, 1]. "
                                               "Received: sensitivity=-0.1"),
    (lambda: M.PrecisionAtRecall(2), "Argument `recall` must be in the range [0, 1]. Received: recall=2"),
    (lambda: M.RecallAtPrecision(2), "Argument `precision` must be in the range [0, 1]. Received: precision=2"),
    (lambda: M.RecallAtPrecision(0.5, num_thresholds=0), "Argument `num_thresholds` must be an integer > 0. "
                                                         "Received: num_thresholds=0"),
])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as err:
        make()
    assert str(err.value) == message


def test_unbuilt_results_and_shape_errors():
    with pytest.raises(AttributeError):
        M.F1Score().result()
    with pytest.raises(AttributeError):
        M.R2Score().result()
    with pytest.raises(tf.errors.InvalidArgumentError):
        L.binary_focal_crossentropy([[1., 0.]], [[0.5, 0.2, 0.1]])
    with pytest.raises(ValueError):
        L.categorical_focal_crossentropy([[1., 0.]], [[0.5, 0.2, 0.1]])
    with pytest.warns(SyntaxWarning, match="In loss categorical_focal_crossentropy, expected y_pred.shape"):
        L.categorical_focal_crossentropy([[1.]], [[0.5]])


def test_r2_adjusted_fallback_warnings():
    m = M.R2Score(num_regressors=3)
    m.update_state([[1.], [2.], [3.]], [[1.], [2.5], [3.]])
    with pytest.warns(UserWarning, match="More independent predictors than datapoints in adjusted R2 score"):
        np.testing.assert_allclose(float(m.result()), 0.875, rtol=1e-6)
    m = M.R2Score(num_regressors=2)
    m.update_state([[1.], [2.], [3.]], [[1.], [2.5], [3.]])
    with pytest.warns(UserWarning, match="Division by zero in adjusted R2 score"):
        m.result()


def test_updates_and_results_inside_tf_function_match_eager():
    cases = [(M.MeanIoU(4, ignore_class=2), [0, 1, 2, 3, 1], [0, 1, 1, 3, 2], [1., 2., 1., 0.5, 1.]),
             (M.SensitivityAtSpecificity(0.5), [0., 1., 1., 0.], [0.2, 0.7, 0.4, 0.6], None),
             (M.RecallAtPrecision(0.9, num_thresholds=5), [0., 1., 1., 0.], [0.2, 0.7, 0.4, 0.6], None),
             (M.R2Score(num_regressors=1), [[1.], [2.], [3.], [5.]], [[1.], [2.5], [3.], [4.]], None),
             (M.MeanRelativeError([1., 2., 4., 1.]), [1., 2., 3., 4.], [2., 2., 1., 4.], [1., 1., 2., 0.])]
    for m, yt, yp, sw in cases:
        ref = M.deserialize(M.serialize(m))
        ref.update_state(yt, yp, sample_weight=sw)
        sw_t = None if sw is None else tf.constant(sw)
        step = tf.function(lambda a, b: (m.update_state(a, b, sample_weight=sw_t), m.result())[1])
        got = step(tf.constant(yt), tf.constant(yp))
        np.testing.assert_allclose(got.numpy(), ref.result().numpy(), rtol=1e-6, err_msg=type(m).__name__)


def test_docstring_examples():
    import doctest
    import importlib
    for name in ("metrics.f_score", "metrics.regression2", "metrics.iou", "metrics.sensitivity", "losses.focal"):
        module = importlib.import_module(f"numtf.keras.{name}")
        result = doctest.testmod(module, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, name
