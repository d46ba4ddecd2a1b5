"""tf.keras.metrics: golden state sequences vs tf-keras 2.21, the Metric contract (handbook custom
metric with int32 weights), configs, get/serialize, graphs, and bad-input errors.

Goldens come from tools/make_keras_golden.py (real TensorFlow): each metric gets three updates
(with and without sample weights); the result after each, the variables (names, dtypes, values),
the result after reset_state and after one more update are compared.
"""
import copy
import json
import os
import warnings

import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_metrics.npz"))
CASES = json.loads(str(GOLDEN["cases"]))
META = json.loads(str(GOLDEN["meta"]))
RTOL, ATOL = 1e-5, 1e-6
M = tf.keras.metrics


def _json_default(obj):
    if callable(obj):
        return getattr(obj, "__name__", str(obj))
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    if hasattr(obj, "__iter__"):
        return list(obj)
    return str(obj)


def _make(name, kwargs):
    kwargs = dict(kwargs)
    if name == "MeanMetricWrapper":
        kwargs["fn"] = getattr(tf.keras.losses, kwargs["fn"])
    return getattr(M, name)(**kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_golden(case):
    cid, name, kwargs, names, sw = case
    meta = META[cid]
    want = GOLDEN[f"metric/{cid}/results"]
    m = _make(name, kwargs)
    batches = [GOLDEN[f"in/{n}"] for n in names]

    def update(step):
        args = [tf.constant(b[step]) for b in batches]
        kw = {} if sw is None else {"sample_weight": tf.constant(GOLDEN[f"in/{sw}"][step])}
        return m(*args, **kw)

    for step in range(3):
        update(step)
        got = m.result()
        assert got.dtype.name == meta["result_dtype"]
        np.testing.assert_allclose(got.numpy(), want[step], rtol=RTOL, atol=ATOL, err_msg=f"{cid} step {step}")
    assert [v.name for v in m.variables] == meta["var_names"]
    assert [v.dtype.name for v in m.variables] == meta["var_dtypes"]
    assert [list(v.shape) for v in m.variables] == meta["var_shapes"]
    assert all(not v.trainable for v in m.variables) and m.trainable_weights == []
    values = np.concatenate([np.ravel(v.numpy()).astype(np.float64) for v in m.variables])
    np.testing.assert_allclose(values, GOLDEN[f"metric/{cid}/vars"], rtol=RTOL, atol=1e-5, err_msg=cid)
    m.reset_state()
    np.testing.assert_allclose(m.result().numpy(), want[3], rtol=RTOL, atol=ATOL, err_msg=f"{cid} after reset")
    np.testing.assert_allclose(update(0).numpy(), want[4], rtol=RTOL, atol=ATOL, err_msg=f"{cid} after reset")
    config = json.loads(json.dumps(m.get_config(), default=_json_default))
    assert config == meta["config"]
    name_stem = meta["name"].rsplit("_", 1)[0] if meta["name"].rsplit("_", 1)[-1].isdigit() else meta["name"]
    assert m.name.startswith(name_stem)


def test_handbook_custom_metric_int32():
    class SparseCategoricalAccuracy(tf.keras.metrics.Metric):
        def __init__(self):
            super().__init__()
            self.total = self.add_weight(name='total', dtype=tf.int32, initializer=tf.zeros_initializer())
            self.count = self.add_weight(name='count', dtype=tf.int32, initializer=tf.zeros_initializer())

        def update_state(self, y_true, y_pred, sample_weight=None):
            values = tf.cast(tf.equal(y_true, tf.argmax(y_pred, axis=-1, output_type=tf.int32)), tf.int32)
            self.total.assign_add(tf.shape(y_true)[0])
            self.count.assign_add(tf.reduce_sum(values))

        def result(self):
            return self.count / self.total

    m = SparseCategoricalAccuracy()
    assert [v.name for v in m.variables] == ["total:0", "count:0"] and m.dtype == "float32"
    assert m.update_state(np.array([1, 2], np.int32), np.array([[0, 1, 0], [1, 0, 0]], np.float32)) is None
    r = m.result()
    assert r.dtype == tf.float64 and float(r) == 0.5
    r = m(np.array([1, 2], np.int32), np.array([[0, 1, 0], [0, 0, 1]], np.float32))
    assert float(r) == 0.75 and int(m.total.numpy()) == 4 and int(m.count.numpy()) == 3
    m.reset_state()
    assert int(m.total.numpy()) == 0 and m.total.dtype == tf.int32
    assert m.name.startswith("sparse_categorical_accuracy")


def test_updates_in_place():
    for m in (M.Mean(), M.Sum(), M.AUC(num_thresholds=5)):
        variables = list(m.variables)
        buffers = [id(v._value) for v in variables]
        for _ in range(3):
            m.update_state([1., 0.], [0.3, 0.6]) if isinstance(m, M.AUC) else m.update_state([1., 2.])
            r = m.result()
            m.update_state([0., 1.], [0.1, 0.9]) if isinstance(m, M.AUC) else m.update_state([3.])
            del r
        assert [id(v) for v in m.variables] == [id(v) for v in variables]
        assert [id(v._value) for v in m.variables] == buffers
        m.reset_state()
        assert [id(v._value) for v in m.variables] == buffers
        assert float(m.result()) == 0.0


def test_names_and_uniquification():
    assert M.Mean().name == "mean" and M.Mean().name == "mean"  # a given name is kept
    a, b = M.Precision(), M.Precision()
    assert a.name.startswith("precision") and a.name != b.name
    assert [v.name for v in M.AUC().variables] == ["true_positives:0", "true_negatives:0", "false_positives:0",
                                                   "false_negatives:0"]


def test_str_and_result_wrapping():
    assert str(M.Mean()) == "Mean(name=mean,dtype=float32)"

    class Constant(M.Metric):
        def update_state(self, *args):
            pass

        def result(self):
            return 3.0

    r = Constant().result()
    assert isinstance(r, tf.Tensor) and float(r) == 3.0


def test_reset_states_alias_and_deprecated_override():
    m = M.Sum()
    m([1., 2.])
    m.reset_states()
    assert float(m.result()) == 0.0

    class Old(M.Sum):
        def reset_states(self):
            self.total.assign(5.0)

    o = Old()
    with pytest.warns(UserWarning, match="rename it to `reset_state"):
        o.reset_state()
    assert float(o.result()) == 5.0


def test_merge_state_and_deepcopy():
    a, b = M.Mean(), M.Mean()
    a([1., 2.])
    b([3.])
    a.merge_state([b])
    assert float(a.result()) == 2.0
    c = copy.deepcopy(a)
    assert float(c.result()) == 2.0 and c.total is not a.total


def test_mean_edge_cases():
    assert float(M.Mean().result()) == 0.0
    with pytest.raises(RuntimeError, match="can only be a single Tensor"):
        M.Mean()({"a": 1})
    m = M.Mean(dtype="float64")
    assert m([1., 2.]).dtype == tf.float64
    m = M.Mean()
    m([[1., 2.], [3., 4.]], sample_weight=[1., 0.])
    assert float(m.result()) == 1.5
    m = M.Sum()
    assert float(m([[1., 2., 3.], [4., 5., 6.]], sample_weight=[[1.], [0.]])) == 6.0


def test_function_forms_and_get():
    assert M.get("accuracy") is M.accuracy and M.get("acc") is M.accuracy
    assert M.get("mse") is M.mean_squared_error is tf.keras.losses.mean_squared_error
    assert M.get("sparse_categorical_accuracy") is M.sparse_categorical_accuracy
    assert isinstance(M.get("AUC"), M.AUC)
    assert M.get("foo") == "foo"  # tf-keras hands unknown names back
    with pytest.raises(ValueError, match="Could not interpret metric identifier: 3"):
        M.get(3)
    p = M.get({"class_name": "Precision", "config": {"thresholds": [0.3, 0.6], "name": "p"}})
    assert p.thresholds == [0.3, 0.6] and p.name == "p"
    np.testing.assert_array_equal(M.sparse_categorical_accuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]),
                                  [0., 1.])
    np.testing.assert_array_equal(M.binary_accuracy([[1., 0.]], [[0.7, 0.6]]), [0.5])


def test_serialize_round_trip():
    for m in (M.Mean(), M.SparseCategoricalAccuracy(), M.AUC(curve="PR", num_thresholds=50),
              M.Precision(thresholds=[0.2, 0.7], top_k=2), M.BinaryAccuracy(threshold=0.3),
              M.SparseCategoricalCrossentropy(from_logits=True),
              M.MeanMetricWrapper(tf.keras.losses.mae, name="wrapped")):
        s = M.serialize(m)
        assert s["module"] == "keras.metrics" and s["class_name"] == type(m).__name__
        again = M.deserialize(s)
        assert type(again) is type(m)
        cfg, cfg2 = m.get_config(), again.get_config()
        if "fn" in cfg:
            assert cfg2.pop("fn") is cfg.pop("fn")
        assert cfg == cfg2


def test_metric_inside_tf_function():
    m = M.SparseCategoricalAccuracy()
    auc = M.AUC()

    @tf.function
    def step(y_true, y_pred):
        m.update_state(y_true, y_pred)
        auc.update_state(tf.cast(tf.equal(y_true, 1), tf.float32), y_pred[:, 1])
        return m.result(), auc.result()

    p = np.array([[0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.3, 0.4, 0.3], [0.2, 0.5, 0.3]], np.float32)
    acc, area = step(np.array([1, 2, 1, 0], np.int32), p)
    assert float(acc) == 0.5 and float(area) == pytest.approx(0.75)
    acc, area = step(np.array([1, 0, 1, 0], np.int32), p)
    assert float(acc) == 0.625
    assert float(m.result()) == 0.625 and float(m.count.numpy()) == 8.0  # the eager variables were updated


def test_metric_in_a_graph_returns_its_update():
    m = M.Mean()
    g = Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None])
        upd = m.update_state(x)
        res = m.result()
    run(g, [upd], {x: np.array([1., 2., 6.], np.float32)})
    assert float(run(g, [res], {})[0]) == 3.0 and float(m.result()) == 3.0


def test_crossentropy_metric_uses_softmax_logits():
    p = tf.keras.activations.softmax(tf.constant([[100., 0.]]))
    assert float(M.SparseCategoricalCrossentropy()([1], p)) == pytest.approx(100.0)
    assert float(M.CategoricalCrossentropy()([[0., 1.]], p)) == pytest.approx(100.0)


# -- bad input ---------------------------------------------------------------------------------------
P = np.full((4, 3), 1 / 3, np.float32)


@pytest.mark.parametrize("metric,y_true,y_pred,pattern", [
    (lambda: M.SparseCategoricalAccuracy(), [0, 1, 2], P, r"sparse_categorical_accuracy.*\(3,\).*\(4, 3\)"),
    (lambda: M.SparseCategoricalAccuracy(), np.eye(3)[[0, 1, 2, 1]], P, r"did you mean categorical_accuracy"),
    (lambda: M.CategoricalAccuracy(), [0, 1, 2, 1], P, r"\(4,\).*\(4, 3\).*did you mean SparseCategoricalAccuracy"),
    (lambda: M.CategoricalAccuracy(), [[0], [1], [2], [1]], P, r"did you mean SparseCategoricalAccuracy"),
    (lambda: M.Accuracy(), np.ones((4, 3)), np.ones((4, 2)), r"'accuracy'.*\(4, 3\).*\(4, 2\)"),
    (lambda: M.MeanSquaredError(), np.ones((4, 3)), np.ones((4, 2)), r"'mean_squared_error'.*\(4, 3\).*\(4, 2\)"),
    (lambda: M.RootMeanSquaredError(), np.ones((4, 3)), np.ones((4, 2)), r"\(4, 3\).*\(4, 2\)"),
    (lambda: M.BinaryAccuracy(), np.ones((4, 3)), np.ones((4, 2)), r"'binary_accuracy'.*\(4, 3\).*\(4, 2\)"),
    (lambda: M.Precision(name="prec"), np.ones((4, 3)), np.ones((4, 2)), r"'prec' \(Precision\).*\(4, 3\).*\(4, 2\)"),
    (lambda: M.AUC(name="auc_x"), np.ones((4, 3)), np.ones((4, 2)), r"'auc_x' \(AUC\).*\(4, 3\).*\(4, 2\)"),
    (lambda: M.TopKCategoricalAccuracy(), [0, 1, 2, 1], P, r"did you mean SparseTopKCategoricalAccuracy"),
    (lambda: M.SparseTopKCategoricalAccuracy(), [0, 1], P, r"\(2,\).*\(4, 3\)"),
    (lambda: M.CategoricalCrossentropy(), [0, 1, 2, 1], P, r"did you mean sparse_categorical_crossentropy"),
    (lambda: M.SparseCategoricalCrossentropy(), [0, 1, 2], P, r"\(3,\).*\(4, 3\)"),
])
def test_mismatched_shapes(metric, y_true, y_pred, pattern):
    m = metric()
    with pytest.raises(ValueError, match=pattern):
        m.update_state(y_true, y_pred)
    assert all(not np.any(v.numpy()) for v in m.variables)  # nothing was added


def test_bad_sample_weight_shape():
    with pytest.raises(ValueError, match=r"'mean'.*sample_weight.*cannot be broadcast"):
        M.Mean()(tf.ones((4, 3)), sample_weight=tf.ones((5,)))


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"Threshold values must be in \[0, 1\]. Received: \[1.5\]"):
        M.Precision(thresholds=[1.5])
    with pytest.raises(ValueError, match='Invalid AUC curve value: "foo"'):
        M.AUC(curve="foo")
    with pytest.raises(ValueError, match="num_thresholds` must be an integer > 1"):
        M.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="summation method"):
        M.AUC(summation_method="trapezoid")
    with pytest.raises(ValueError, match="`num_labels` is needed only when `multi_label` is True"):
        M.AUC(num_labels=3)
    with pytest.raises(NotImplementedError):
        M.Metric().update_state()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert M.AUC(num_thresholds=5).thresholds[0] == pytest.approx(-1e-7)


def test_confusion_update_in_a_graph_runs_every_count():
    m = M.AUC(num_thresholds=3)
    g = Graph()
    with g.as_default():
        yt = g.placeholder(tf.float32, [None])
        yp = g.placeholder(tf.float32, [None])
        upd = m.update_state(yt, yp)
    run(g, [upd], {yt: np.array([0., 0., 1., 1.], np.float32), yp: np.array([0., 0.5, 0.3, 0.9], np.float32)})
    assert float(m.result()) == pytest.approx(0.75)
    assert m.true_negatives.numpy().tolist() == [0.0, 2.0, 2.0]


def test_docstring_examples():
    import doctest
    import importlib
    for name in ("metrics", "metrics.base", "metrics.accuracy", "metrics.confusion", "metrics.regression",
                 "metrics.probabilistic"):
        module = importlib.import_module(f"numtf.keras.{name}")
        result = doctest.testmod(module, extraglobs={"tf": tf, "np": np}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, name
