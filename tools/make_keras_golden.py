"""Writes tests/golden/keras_losses.npz and tests/golden/keras_metrics.npz: tf-keras loss and
metric goldens.

Run with real TensorFlow (tf-keras semantics):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_keras_golden.py

Inputs are generated here from a fixed seed and stored in the files ("in/<name>"), together with
the case lists as JSON, so the tests replay exactly these cases. A loss case calls a loss
function or a loss class (with a reduction and optional sample weights) on named inputs; its
`via` option first turns the prediction input (logits) into probabilities with a Keras softmax
or sigmoid (which remember their logits), `tf.nn.softmax`/`tf.math.sigmoid` (which don't), and
`graph` runs it inside a traced function (where a Softmax op's input is used). A metric case
makes three updates (`__call__`) on the batches of its inputs (optionally with sample weights)
and records the result after each, the variables (names, dtypes and values), and the result
after `reset_state` and after one more update.
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "tests", "golden")


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(np.float32)


def make_inputs():
    rng = np.random.default_rng(20240611)
    f32 = np.float32
    d = {}
    d["reg_true"] = rng.standard_normal((6, 4)).astype(f32)
    d["reg_pred"] = rng.standard_normal((6, 4)).astype(f32)
    d["reg_wide"] = (rng.standard_normal((6, 4)) * 2.5).astype(f32)
    d["reg_true1"] = rng.standard_normal(6).astype(f32)
    d["reg_pred_col"] = rng.standard_normal((6, 1)).astype(f32)
    pos_true = rng.uniform(0.1, 3.0, (6, 4)).astype(f32)
    pos_true[0, 0] = 0.0
    d["pos_true"] = pos_true
    d["pos_pred"] = rng.uniform(0.1, 3.0, (6, 4)).astype(f32)
    d["bin_true"] = rng.integers(0, 2, (6, 4)).astype(f32)
    bin_pred = rng.uniform(0.0, 1.0, (6, 4)).astype(f32)
    bin_pred[0, 0], bin_pred[1, 1], bin_pred[2, 2] = 0.0, 1.0, 1e-9
    d["bin_pred"] = bin_pred
    d["bin_logits"] = (rng.standard_normal((6, 4)) * 3).astype(f32)
    # saturated (|x| > 20: sigmoid rounds to 0 or 1, then clipped) or moderate (|x| < 5) logits:
    # in between, log(1 - sigmoid(x) + eps) turns a 1-ulp difference of sigmoid into 10%
    big = np.where(rng.integers(0, 2, (6, 4)) == 1, rng.uniform(20, 40, (6, 4)), rng.uniform(0, 5, (6, 4)))
    d["big_bin_logits"] = (big * rng.choice([-1, 1], (6, 4))).astype(f32)
    d["pm1_true"] = (rng.integers(0, 2, (6, 4)) * 2 - 1).astype(f32)
    lab = rng.integers(0, 5, 6).astype(np.int32)
    lab[:5] = [0, 1, 2, 3, 4]
    d["lab"] = lab
    d["lab_col"] = lab.reshape(6, 1)
    d["lab_f"] = lab.astype(f32) + np.float32(0.4)
    d["lab64"] = lab.astype(np.int64)
    lab_ign = lab.copy()
    lab_ign[[1, 4]] = 255
    d["lab_ign"] = lab_ign
    d["onehot"] = np.eye(5, dtype=f32)[lab]
    d["cat_logits"] = (rng.standard_normal((6, 5)) * 2).astype(f32)
    d["cat_probs"] = _softmax(d["cat_logits"])
    edge = _softmax(rng.standard_normal((6, 5)))
    edge[0] = [0, 1, 0, 0, 0]
    edge[1] = [1, 0, 0, 0, 0]
    edge[2] *= 0.8  # unnormalized: the categorical cross-entropy renormalizes
    d["cat_edge"] = edge.astype(f32)
    d["soft_labels"] = _softmax(rng.standard_normal((6, 5)))
    d["big_logits"] = (rng.standard_normal((6, 5)) * 30).astype(f32)
    d["cat_probs_t"] = np.ascontiguousarray(d["cat_probs"].T)
    d["onehot_t"] = np.ascontiguousarray(d["onehot"].T)
    d["logits3"] = (rng.standard_normal((2, 3, 5)) * 2).astype(f32)
    d["probs3"] = _softmax(d["logits3"])
    d["lab3"] = rng.integers(0, 5, (2, 3)).astype(np.int32)
    d["lab3_col"] = d["lab3"].reshape(2, 3, 1)
    d["sw_batch"] = rng.uniform(0.0, 2.0, 6).astype(f32)
    d["sw_col"] = d["sw_batch"].reshape(6, 1)
    d["sw_elem"] = rng.uniform(0.0, 2.0, (6, 4)).astype(f32)
    d["sw_scalar"] = np.array(0.7, f32)
    d["sw3"] = rng.uniform(0.0, 2.0, (2, 3)).astype(f32)
    # metric batches: 3 updates each
    d["m_values"] = rng.standard_normal((3, 6)).astype(f32)
    d["m_sw"] = rng.uniform(0.0, 2.0, (3, 6)).astype(f32)
    d["m_sw_zero"] = np.zeros((3, 6), f32)
    d["m_cls_true"] = rng.integers(0, 3, (3, 6)).astype(np.int32)
    d["m_cls_pred"] = rng.integers(0, 3, (3, 6)).astype(np.int32)
    d["m_bin_true"] = rng.integers(0, 2, (3, 6, 4)).astype(f32)
    d["m_bin_pred"] = np.round(rng.uniform(0.0, 1.0, (3, 6, 4)), 2).astype(f32)  # ties with thresholds
    d["m_bin_logits"] = (rng.standard_normal((3, 6, 4)) * 2).astype(f32)
    d["m_sw_elem"] = rng.uniform(0.0, 2.0, (3, 6, 4)).astype(f32)
    m_lab = rng.integers(0, 5, (3, 6)).astype(np.int32)
    d["m_lab"] = m_lab
    d["m_lab_col"] = m_lab.reshape(3, 6, 1)
    d["m_onehot"] = np.eye(5, dtype=f32)[m_lab]
    d["m_logits"] = (rng.standard_normal((3, 6, 5)) * 2).astype(f32)
    d["m_probs"] = _softmax(d["m_logits"])
    d["m_reg_true"] = rng.standard_normal((3, 6, 4)).astype(f32)
    d["m_reg_pred"] = rng.standard_normal((3, 6, 4)).astype(f32)
    d["m_pos_true"] = rng.uniform(0.1, 3.0, (3, 6, 4)).astype(f32)
    d["m_pos_pred"] = rng.uniform(0.1, 3.0, (3, 6, 4)).astype(f32)
    d["m_soft"] = _softmax(rng.standard_normal((3, 6, 5)))
    m_lab_ign = m_lab.copy()
    m_lab_ign[:, 0] = 7
    d["m_lab_ign"] = m_lab_ign
    return d


REDUCTIONS = ["auto", "sum", "none", "sum_over_batch_size"]


def loss_cases():
    """(id, kind, name, kwargs, [y_true, y_pred], options)."""
    cases = []

    def fn(name, inputs, kwargs=None, **opts):
        cid = opts.pop("id", None) or f"fn/{name}/{'/'.join(inputs)}" + "".join(
            f"/{k}={v}" for k, v in sorted((kwargs or {}).items()))
        for k, v in sorted(opts.items()):
            cid += f"/{k}={v}"
        cases.append((cid, "fn", name, kwargs or {}, inputs, opts))

    def cls(name, inputs, kwargs=None, **opts):
        cid = f"cls/{name}/{'/'.join(inputs)}" + "".join(f"/{k}={v}" for k, v in sorted((kwargs or {}).items()))
        for k, v in sorted(opts.items()):
            cid += f"/{k}={v}"
        cases.append((cid, "cls", name, kwargs or {}, inputs, opts))

    reg = ["reg_true", "reg_pred"]
    pos = ["pos_true", "pos_pred"]
    for name in ["mean_squared_error", "mean_absolute_error", "log_cosh", "cosine_similarity"]:
        fn(name, reg)
    fn("cosine_similarity", reg, {"axis": 0})
    for name in ["mean_absolute_percentage_error", "mean_squared_logarithmic_error", "poisson"]:
        fn(name, pos)
    fn("mean_squared_logarithmic_error", reg)
    fn("hinge", ["bin_true", "reg_pred"])
    fn("hinge", ["pm1_true", "reg_pred"])
    fn("squared_hinge", ["bin_true", "reg_pred"])
    fn("squared_hinge", ["pm1_true", "reg_wide"])
    fn("categorical_hinge", ["onehot", "cat_logits"])
    fn("huber", ["reg_true", "reg_wide"])
    fn("huber", ["reg_true", "reg_wide"], {"delta": 0.5})
    fn("kl_divergence", ["soft_labels", "cat_probs"])
    fn("kl_divergence", ["onehot", "cat_edge"])
    fn("mean_squared_error", ["reg_true1", "reg_pred_col"])  # broadcasts to (6, 6) in the function form
    # cross-entropies
    for inputs in (["onehot", "cat_probs"], ["onehot", "cat_edge"], ["soft_labels", "cat_probs"]):
        fn("categorical_crossentropy", inputs)
        fn("categorical_crossentropy", inputs, {"label_smoothing": 0.1})
    fn("categorical_crossentropy", ["onehot", "cat_logits"], {"from_logits": True})
    fn("categorical_crossentropy", ["onehot", "cat_logits"], {"from_logits": True, "label_smoothing": 0.2})
    fn("categorical_crossentropy", ["onehot_t", "cat_probs_t"], {"axis": 0})
    for labels in ("lab", "lab_col", "lab_f", "lab64"):
        fn("sparse_categorical_crossentropy", [labels, "cat_probs"])
    fn("sparse_categorical_crossentropy", ["lab", "cat_edge"])
    fn("sparse_categorical_crossentropy", ["lab", "cat_logits"], {"from_logits": True})
    fn("sparse_categorical_crossentropy", ["lab_col", "cat_logits"], {"from_logits": True})
    fn("sparse_categorical_crossentropy", ["lab", "cat_probs_t"], {"axis": 0})
    fn("sparse_categorical_crossentropy", ["lab3", "probs3"])
    fn("sparse_categorical_crossentropy", ["lab3_col", "probs3"])
    fn("sparse_categorical_crossentropy", ["lab3", "logits3"], {"from_logits": True})
    fn("sparse_categorical_crossentropy", ["lab_ign", "cat_probs"], {"ignore_class": 255})
    fn("sparse_categorical_crossentropy", ["lab_ign", "cat_logits"], {"from_logits": True, "ignore_class": 255})
    fn("binary_crossentropy", ["bin_true", "bin_pred"])
    fn("binary_crossentropy", ["bin_true", "bin_pred"], {"label_smoothing": 0.2})
    fn("binary_crossentropy", ["bin_true", "bin_pred"], {"axis": 0})
    fn("binary_crossentropy", ["bin_true", "bin_logits"], {"from_logits": True})
    fn("binary_crossentropy", ["bin_true", "bin_logits"], {"from_logits": True, "label_smoothing": 0.2})
    # the softmax/sigmoid logits rule
    for via in ("keras_softmax", "softmax_layer", "nn_softmax"):
        fn("categorical_crossentropy", ["onehot", "big_logits"], via=via)
        fn("sparse_categorical_crossentropy", ["lab", "big_logits"], via=via)
        fn("categorical_crossentropy", ["onehot", "big_logits"], via=via, graph=True)
        fn("sparse_categorical_crossentropy", ["lab", "big_logits"], via=via, graph=True)
    fn("categorical_crossentropy", ["onehot", "big_logits"], {"from_logits": True}, via="keras_softmax")
    for via in ("keras_sigmoid", "nn_sigmoid"):
        fn("binary_crossentropy", ["bin_true", "big_bin_logits"], via=via)
        fn("binary_crossentropy", ["bin_true", "big_bin_logits"], via=via, graph=True)
    # the metric functions
    fn("m:sparse_categorical_accuracy", ["lab", "cat_probs"])
    fn("m:sparse_categorical_accuracy", ["lab_col", "cat_probs"])
    fn("m:categorical_accuracy", ["onehot", "cat_probs"])
    fn("m:binary_accuracy", ["bin_true", "bin_pred"])
    fn("m:binary_accuracy", ["bin_true", "bin_pred"], {"threshold": 0.3})
    fn("m:top_k_categorical_accuracy", ["onehot", "cat_probs"], {"k": 2})
    fn("m:sparse_top_k_categorical_accuracy", ["lab", "cat_probs"], {"k": 2})
    fn("m:sparse_top_k_categorical_accuracy", ["lab_col", "cat_probs"], {"k": 3})
    fn("m:accuracy", ["bin_true", "bin_pred"])
    # classes: every reduction, with and without sample weights
    classes = [("MeanSquaredError", reg, {}), ("MeanAbsoluteError", reg, {}),
               ("MeanAbsolutePercentageError", pos, {}), ("MeanSquaredLogarithmicError", pos, {}),
               ("Hinge", ["bin_true", "reg_pred"], {}), ("SquaredHinge", ["pm1_true", "reg_pred"], {}),
               ("CategoricalHinge", ["onehot", "cat_logits"], {}), ("Huber", ["reg_true", "reg_wide"], {}),
               ("Huber", ["reg_true", "reg_wide"], {"delta": 2.0}), ("LogCosh", reg, {}),
               ("KLDivergence", ["soft_labels", "cat_probs"], {}), ("Poisson", pos, {}),
               ("CosineSimilarity", reg, {}), ("BinaryCrossentropy", ["bin_true", "bin_pred"], {}),
               ("BinaryCrossentropy", ["bin_true", "bin_logits"], {"from_logits": True, "label_smoothing": 0.1}),
               ("CategoricalCrossentropy", ["onehot", "cat_probs"], {}),
               ("CategoricalCrossentropy", ["onehot", "cat_logits"], {"from_logits": True, "label_smoothing": 0.1}),
               ("SparseCategoricalCrossentropy", ["lab", "cat_probs"], {}),
               ("SparseCategoricalCrossentropy", ["lab_col", "cat_logits"], {"from_logits": True}),
               ("SparseCategoricalCrossentropy", ["lab_ign", "cat_probs"], {"ignore_class": 255})]
    for name, inputs, kwargs in classes:
        for reduction in REDUCTIONS:
            cls(name, inputs, dict(kwargs, reduction=reduction))
            cls(name, inputs, dict(kwargs, reduction=reduction), sw="sw_batch")
    for sw in ("sw_col", "sw_scalar"):
        for reduction in ("auto", "none"):
            cls("MeanSquaredError", reg, {"reduction": reduction}, sw=sw)
    cls("SparseCategoricalCrossentropy", ["lab3", "probs3"], {"reduction": "none"}, sw="sw3")
    cls("SparseCategoricalCrossentropy", ["lab3", "probs3"], {}, sw="sw3")
    cls("MeanSquaredError", ["reg_true1", "reg_pred_col"], {"reduction": "none"})  # squeezed by the class
    cls("MeanSquaredError", ["reg_true1", "reg_pred_col"], {})
    cls("CategoricalCrossentropy", ["onehot", "big_logits"], {}, via="keras_softmax")
    cls("SparseCategoricalCrossentropy", ["lab", "big_logits"], {}, via="softmax_layer")
    cls("SparseCategoricalCrossentropy", ["lab", "big_logits"], {}, via="nn_softmax")
    return cases


def metric_cases():
    """(id, class name, kwargs, [y_true, y_pred] or [values], sample-weight input or None)."""
    cases = []

    def add(name, kwargs, inputs, sws=(None, "m_sw")):
        for sw in sws:
            cid = f"{name}/{'/'.join(inputs)}" + "".join(f"/{k}={v}" for k, v in sorted(kwargs.items()))
            cid += f"/sw={sw}" if sw else ""
            cases.append((cid, name, kwargs, inputs, sw))

    add("Mean", {}, ["m_values"], (None, "m_sw", "m_sw_zero"))
    add("Sum", {}, ["m_values"])
    add("Mean", {"dtype": "float64"}, ["m_values"])
    add("Accuracy", {}, ["m_cls_true", "m_cls_pred"])
    cls_bin = ["m_bin_true", "m_bin_pred"]
    add("BinaryAccuracy", {}, cls_bin, (None, "m_sw", "m_sw_elem"))
    add("BinaryAccuracy", {"threshold": 0.7}, cls_bin)
    add("CategoricalAccuracy", {}, ["m_onehot", "m_probs"])
    add("SparseCategoricalAccuracy", {}, ["m_lab", "m_probs"])
    add("SparseCategoricalAccuracy", {}, ["m_lab_col", "m_probs"])
    add("TopKCategoricalAccuracy", {"k": 2}, ["m_onehot", "m_probs"])
    add("SparseTopKCategoricalAccuracy", {"k": 2}, ["m_lab", "m_probs"])
    add("SparseTopKCategoricalAccuracy", {"k": 3}, ["m_lab_col", "m_probs"])
    for name in ("Precision", "Recall"):
        add(name, {}, cls_bin, (None, "m_sw", "m_sw_elem"))
        add(name, {"thresholds": [0.3, 0.6]}, cls_bin)
        add(name, {"thresholds": [0.0, 0.5, 1.0]}, cls_bin)
        add(name, {"thresholds": 0.25}, cls_bin)
        add(name, {"top_k": 2}, cls_bin)
        add(name, {"class_id": 1}, cls_bin)
        add(name, {"top_k": 1, "class_id": 2}, ["m_onehot", "m_probs"])
    for name in ("TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives"):
        add(name, {}, cls_bin)
        add(name, {"thresholds": [0.15, 0.5, 0.85]}, cls_bin)
    add("AUC", {}, cls_bin, (None, "m_sw", "m_sw_elem"))
    add("AUC", {"curve": "PR"}, cls_bin)
    add("AUC", {"curve": "PR", "summation_method": "minoring"}, cls_bin)
    add("AUC", {"summation_method": "majoring"}, cls_bin)
    add("AUC", {"summation_method": "minoring"}, cls_bin)
    add("AUC", {"curve": "PR_GAIN"}, cls_bin)
    add("AUC", {"num_thresholds": 7}, cls_bin)
    add("AUC", {"thresholds": [0.1, 0.35, 0.8]}, cls_bin)
    add("AUC", {"from_logits": True}, ["m_bin_true", "m_bin_logits"])
    add("AUC", {"multi_label": True}, cls_bin, (None, "m_sw"))
    add("AUC", {"multi_label": True, "curve": "PR"}, cls_bin)
    add("AUC", {"multi_label": True, "label_weights": [0.5, 1.0, 0.0, 2.0]}, cls_bin)
    add("AUC", {"label_weights": [0.5, 1.0, 0.0, 2.0]}, cls_bin)
    reg = ["m_reg_true", "m_reg_pred"]
    pos = ["m_pos_true", "m_pos_pred"]
    for name in ("MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError", "CosineSimilarity",
                 "LogCoshError", "SquaredHinge"):
        add(name, {}, reg)
    for name in ("MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "Poisson"):
        add(name, {}, pos)
    add("Hinge", {}, ["m_bin_true", "m_reg_pred"])
    add("CategoricalHinge", {}, ["m_onehot", "m_logits"])
    add("KLDivergence", {}, ["m_soft", "m_probs"])
    add("BinaryCrossentropy", {}, cls_bin)
    add("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, ["m_bin_true", "m_bin_logits"])
    add("CategoricalCrossentropy", {}, ["m_onehot", "m_probs"])
    add("CategoricalCrossentropy", {"from_logits": True}, ["m_onehot", "m_logits"])
    add("SparseCategoricalCrossentropy", {}, ["m_lab", "m_probs"])
    add("SparseCategoricalCrossentropy", {"from_logits": True}, ["m_lab_col", "m_logits"])
    add("SparseCategoricalCrossentropy", {"ignore_class": 7}, ["m_lab_ign", "m_probs"])
    add("MeanMetricWrapper", {"fn": "mean_squared_error", "name": "wrapped"}, reg)
    return cases


def _prediction(x, via):
    t = tf.constant(x)
    if via == "keras_softmax":
        return tf.keras.activations.softmax(t)
    if via == "softmax_layer":
        return tf.keras.layers.Softmax()(t)
    if via == "nn_softmax":
        return tf.nn.softmax(t)
    if via == "keras_sigmoid":
        return tf.keras.activations.sigmoid(t)
    if via == "nn_sigmoid":
        return tf.math.sigmoid(t)
    return t


def _loss_callable(kind, name, kwargs):
    if kind == "cls":
        return getattr(tf.keras.losses, name)(**kwargs)
    if name.startswith("m:"):
        fn = tf.keras.metrics.get(name[2:])
    else:
        fn = getattr(tf.keras.losses, name)
    return lambda y_true, y_pred, sample_weight=None: fn(y_true, y_pred, **kwargs)


def run_loss(case, inputs):
    cid, kind, name, kwargs, names, opts = case
    loss = _loss_callable(kind, name, kwargs)
    y_true = tf.constant(inputs[names[0]])
    sw = None if opts.get("sw") is None else tf.constant(inputs[opts["sw"]])
    via = opts.get("via")

    def compute(yt, logits):
        y_pred = _prediction(logits, via) if via else logits
        return loss(yt, y_pred, sample_weight=sw) if kind == "cls" else loss(yt, y_pred)

    if opts.get("graph"):
        def traced(yt, logits):
            y_pred = {"keras_softmax": tf.keras.activations.softmax, "softmax_layer": tf.keras.layers.Softmax(),
                      "nn_softmax": tf.nn.softmax, "keras_sigmoid": tf.keras.activations.sigmoid,
                      "nn_sigmoid": tf.math.sigmoid}[via](logits)
            return loss(yt, y_pred, sample_weight=sw) if kind == "cls" else loss(yt, y_pred)
        out = tf.function(traced)(y_true, tf.constant(inputs[names[1]]))
    else:
        pred = inputs[names[1]]
        out = compute(y_true, pred if via else tf.constant(pred))
    return out.numpy()


def run_metric(case, inputs, out, meta):
    cid, name, kwargs, names, sw = case
    kwargs = dict(kwargs)
    if name == "MeanMetricWrapper":
        kwargs["fn"] = getattr(tf.keras.losses, kwargs["fn"])
    m = getattr(tf.keras.metrics, name)(**kwargs)
    batches = [inputs[n] for n in names]

    def update(step):
        args = [tf.constant(b[step]) for b in batches]
        kw = {} if sw is None else {"sample_weight": tf.constant(inputs[sw][step])}
        return m(*args, **kw)

    results = []
    for step in range(3):
        update(step)
        results.append(m.result().numpy())
    variables = [v.numpy() for v in m.variables]
    m.reset_state()
    results.append(m.result().numpy())
    results.append(update(0).numpy())
    out[f"metric/{cid}/results"] = np.stack(results)
    out[f"metric/{cid}/vars"] = np.concatenate([np.ravel(v).astype(np.float64) for v in variables])
    meta[cid] = {"var_names": [v.name for v in m.variables], "var_shapes": [list(v.shape) for v in variables],
                 "var_dtypes": [v.dtype.name for v in m.variables], "name": m.name,
                 "result_dtype": m.result().dtype.name,
                 "config": json.loads(json.dumps(m.get_config(), default=_json_default))}


def _json_default(obj):
    if callable(obj):
        return getattr(obj, "__name__", str(obj))
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    if hasattr(obj, "__iter__"):
        return list(obj)
    return str(obj)


def main():
    inputs = make_inputs()
    loss_out = {f"in/{k}": v for k, v in inputs.items()}
    lcases = loss_cases()
    ids = [c[0] for c in lcases]
    assert len(ids) == len(set(ids)), "duplicate loss case ids"
    for case in lcases:
        res = run_loss(case, inputs)
        loss_out[f"loss/{case[0]}"] = res
    loss_out["cases"] = np.array(json.dumps(lcases))
    metric_out = {f"in/{k}": v for k, v in inputs.items()}
    mcases = metric_cases()
    ids = [c[0] for c in mcases]
    assert len(ids) == len(set(ids)), "duplicate metric case ids"
    meta = {}
    for case in mcases:
        run_metric(case, inputs, metric_out, meta)
    metric_out["cases"] = np.array(json.dumps(mcases))
    metric_out["meta"] = np.array(json.dumps(meta))
    os.makedirs(OUT_DIR, exist_ok=True)
    np.savez_compressed(os.path.join(OUT_DIR, "keras_losses.npz"), **loss_out)
    np.savez_compressed(os.path.join(OUT_DIR, "keras_metrics.npz"), **metric_out)
    print(f"wrote {len(lcases)} loss cases and {len(mcases)} metric cases to {os.path.normpath(OUT_DIR)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
