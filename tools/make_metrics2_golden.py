"""Writes tests/golden/keras_metrics2.npz: goldens for the tf-keras metrics and losses added in
numtf/keras/metrics/{f_score,iou,r2,sensitivity}.py and numtf/keras/losses/focal.py.

Run with real TensorFlow (tf-keras semantics):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_metrics2_golden.py

Each metric case builds one metric from (class name, kwargs), applies a list of updates
(y_true, y_pred[, sample_weight]) and records `result()` after every update, then after
`reset_state()` and one more update. Each loss case records the loss class's value (and the
loss function's per-example values). The inputs are stored in the file as JSON, so the tests
replay exactly these cases.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_metrics2.npz")
rng = np.random.RandomState(7)


def r(*shape, lo=0.0, hi=1.0):
    return np.round(rng.uniform(lo, hi, shape), 3).astype(np.float32).tolist()


def onehot(labels, n):
    return np.eye(n, dtype=np.float32)[labels].tolist()


def labels(n, k):
    return rng.randint(0, k, n).tolist()


def binary(*shape):
    return rng.randint(0, 2, shape).astype(np.float32).tolist()


# multi-label style inputs for F-scores: (6, 3)
FT1, FP1 = binary(6, 3), r(6, 3)
FT2, FP2 = binary(4, 3), r(4, 3)
SW6 = r(6, lo=0.1, hi=2.0)
# regression inputs for R2: (8, 3)
RT1, RP1 = r(8, 3, lo=-2, hi=2), r(8, 3, lo=-2, hi=2)
RT2, RP2 = r(5, 3, lo=-2, hi=2), r(5, 3, lo=-2, hi=2)
SW8 = r(8, lo=0.1, hi=2.0)
# binary scores for the *At* metrics
BT1, BP1 = binary(20), r(20)
BT2, BP2 = binary(12), r(12)
SW20 = r(20, lo=0.0, hi=2.0)
CT, CP = binary(10, 3), r(10, 3)
# segmentation-like labels for IoU
IT1, IP1 = labels(12, 4), labels(12, 4)
IT2, IP2 = labels(9, 4), labels(9, 4)
IPROB = r(12, 4)
SW12 = r(12, lo=0.0, hi=2.0)
IT2D, IP2D = rng.randint(0, 3, (3, 4)).tolist(), rng.randint(0, 3, (3, 4)).tolist()
ISW2D = r(3, 4)


def upd(t, p, sw=None):
    return {"y_true": t, "y_pred": p, "sample_weight": sw}


METRICS = [
    ("f1_none", "F1Score", {}, [upd(FT1, FP1), upd(FT2, FP2)]),
    ("f1_micro_thr", "F1Score", {"average": "micro", "threshold": 0.5}, [upd(FT1, FP1), upd(FT2, FP2)]),
    ("f1_macro_sw", "F1Score", {"average": "macro", "threshold": 0.4}, [upd(FT1, FP1, SW6), upd(FT2, FP2)]),
    ("f1_weighted", "F1Score", {"average": "weighted"}, [upd(FT1, FP1, SW6), upd(FT2, FP2)]),
    ("fbeta_2", "FBetaScore", {"beta": 2.0, "threshold": 0.5}, [upd(FT1, FP1), upd(FT2, FP2)]),
    ("fbeta_half_micro", "FBetaScore", {"beta": 0.5, "average": "micro"}, [upd(FT1, FP1, SW6)]),
    ("fbeta_weighted", "FBetaScore", {"beta": 1.5, "average": "weighted", "threshold": 0.3},
     [upd(FT1, FP1), upd(FT2, FP2)]),
    ("r2_uniform", "R2Score", {}, [upd(RT1, RP1), upd(RT2, RP2)]),
    ("r2_sw", "R2Score", {}, [upd(RT1, RP1, SW8)]),
    ("r2_variance", "R2Score", {"class_aggregation": "variance_weighted_average"}, [upd(RT1, RP1), upd(RT2, RP2)]),
    ("r2_none", "R2Score", {"class_aggregation": None}, [upd(RT1, RP1, SW8), upd(RT2, RP2)]),
    ("r2_adjusted", "R2Score", {"num_regressors": 2}, [upd(RT1, RP1), upd(RT2, RP2)]),
    ("r2_1col", "R2Score", {}, [upd([[1.], [2.], [3.5], [4.]], [[1.2], [1.9], [3.], [4.4]])]),
    ("iou", "IoU", {"num_classes": 4, "target_class_ids": [0, 2]}, [upd(IT1, IP1), upd(IT2, IP2)]),
    ("iou_sw_ignore", "IoU", {"num_classes": 4, "target_class_ids": [1, 3], "ignore_class": 2},
     [upd(IT1, IP1, SW12), upd(IT2, IP2)]),
    ("iou_dense_pred", "IoU", {"num_classes": 4, "target_class_ids": [0, 1, 2], "sparse_y_pred": False},
     [upd(IT1, IPROB)]),
    ("mean_iou", "MeanIoU", {"num_classes": 4}, [upd(IT1, IP1), upd(IT2, IP2)]),
    ("mean_iou_2d_sw", "MeanIoU", {"num_classes": 3}, [upd(IT2D, IP2D, ISW2D)]),
    ("mean_iou_onehot_true", "MeanIoU", {"num_classes": 4, "sparse_y_true": False},
     [upd(onehot(IT1, 4), IP1, SW12)]),
    ("binary_iou", "BinaryIoU", {}, [upd(BT1, BP1), upd(BT2, BP2)]),
    ("binary_iou_thr_sw", "BinaryIoU", {"target_class_ids": [1], "threshold": 0.3}, [upd(BT1, BP1, SW20)]),
    ("onehot_iou", "OneHotIoU", {"num_classes": 4, "target_class_ids": [0, 3]}, [upd(onehot(IT1, 4), IPROB)]),
    ("onehot_mean_iou", "OneHotMeanIoU", {"num_classes": 4}, [upd(onehot(IT1, 4), IPROB, SW12)]),
    ("onehot_mean_iou_ignore", "OneHotMeanIoU", {"num_classes": 4, "ignore_class": 0},
     [upd(onehot(IT1, 4), IPROB)]),
    ("mre", "MeanRelativeError", {"normalizer": [1., 3., 2., 4.]},
     [upd([[1., 2., 3., 4.]], [[2., 2., 1., 5.]]), upd([[0., 1., 0., 1.]], [[1., 1., 1., 1.]])]),
    ("mre_sw", "MeanRelativeError", {"normalizer": [2., 0., 4.]},
     [upd([1., 2., 3.], [2., 5., 1.], [0.5, 1., 2.])]),
    ("p_at_r", "PrecisionAtRecall", {"recall": 0.6}, [upd(BT1, BP1), upd(BT2, BP2)]),
    ("p_at_r_sw_thr", "PrecisionAtRecall", {"recall": 0.8, "num_thresholds": 7}, [upd(BT1, BP1, SW20)]),
    ("p_at_r_class", "PrecisionAtRecall", {"recall": 0.5, "class_id": 1}, [upd(CT, CP)]),
    ("r_at_p", "RecallAtPrecision", {"precision": 0.6}, [upd(BT1, BP1), upd(BT2, BP2)]),
    ("r_at_p_sw", "RecallAtPrecision", {"precision": 0.7, "num_thresholds": 11}, [upd(BT1, BP1, SW20)]),
    ("r_at_p_none", "RecallAtPrecision", {"precision": 1.0}, [upd([1., 0., 1.], [0.2, 0.9, 0.3])]),
    ("sens_at_spec", "SensitivityAtSpecificity", {"specificity": 0.5}, [upd(BT1, BP1), upd(BT2, BP2)]),
    ("sens_at_spec_1thr", "SensitivityAtSpecificity", {"specificity": 0.3, "num_thresholds": 1},
     [upd(BT1, BP1)]),
    ("sens_at_spec_class", "SensitivityAtSpecificity", {"specificity": 0.7, "class_id": 2,
                                                        "num_thresholds": 50}, [upd(CT, CP)]),
    ("spec_at_sens", "SpecificityAtSensitivity", {"sensitivity": 0.5}, [upd(BT1, BP1, SW20), upd(BT2, BP2)]),
    ("spec_at_sens_3", "SpecificityAtSensitivity", {"sensitivity": 0.9, "num_thresholds": 3}, [upd(BT1, BP1)]),
]

# losses: (id, class name, kwargs, y_true, y_pred, sample_weight)
LT, LP = binary(4, 3), r(4, 3, lo=0.01, hi=0.99)
LLOG = r(4, 3, lo=-3, hi=3)
CLT = onehot(labels(5, 4), 4)
CLP = (np.asarray(r(5, 4, lo=0.05, hi=1.0)) / np.sum(r(5, 4, lo=0.05, hi=1.0), axis=-1, keepdims=True)).round(4).tolist()
CLOG = r(5, 4, lo=-3, hi=3)
SW4, SW5 = r(4, lo=0.1, hi=2.0), r(5, lo=0.1, hi=2.0)
LOSSES = [
    ("bfce", "BinaryFocalCrossentropy", {}, LT, LP, None),
    ("bfce_balanced", "BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
     LT, LP, SW4),
    ("bfce_logits_smooth", "BinaryFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.1, "gamma": 3.0},
     LT, LLOG, None),
    ("bfce_logits_bal_sum", "BinaryFocalCrossentropy", {"from_logits": True, "apply_class_balancing": True,
                                                        "reduction": "sum"}, LT, LLOG, SW4),
    ("bfce_axis0_none", "BinaryFocalCrossentropy", {"axis": 0, "reduction": "none"}, LT, LP, None),
    ("bfce_extreme", "BinaryFocalCrossentropy", {}, [[1., 0.]], [[0., 1.]], None),
    ("cfce", "CategoricalFocalCrossentropy", {}, CLT, CLP, None),
    ("cfce_sw_alpha", "CategoricalFocalCrossentropy", {"alpha": 0.5, "gamma": 1.0}, CLT, CLP, SW5),
    ("cfce_logits_smooth", "CategoricalFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.2},
     CLT, CLOG, None),
    ("cfce_none", "CategoricalFocalCrossentropy", {"reduction": "none", "gamma": 0.0}, CLT, CLP, None),
    ("cfce_unnormalized", "CategoricalFocalCrossentropy", {}, [[0., 1., 0.]], [[0.2, 0.6, 0.6]], None),
]


def main():
    out = {}
    for cid, cls, kwargs, updates in METRICS:
        m = getattr(tf.keras.metrics, cls)(**kwargs)
        for i, u in enumerate(updates):
            m.update_state(u["y_true"], u["y_pred"], sample_weight=u["sample_weight"])
            out[f"{cid}/r{i}"] = np.asarray(m.result())
        m.reset_state()
        out[f"{cid}/reset"] = np.asarray(m.result())
        u = updates[-1]
        m.update_state(u["y_true"], u["y_pred"], sample_weight=u["sample_weight"])
        out[f"{cid}/again"] = np.asarray(m.result())
        out[f"{cid}/names"] = np.asarray([v.name for v in m.variables])
        out[f"{cid}/config"] = np.asarray(json.dumps(m.get_config(), default=lambda o: np.asarray(o).tolist()))
    for cid, cls, kwargs, yt, yp, sw in LOSSES:
        loss = getattr(tf.keras.losses, cls)(**kwargs)
        out[f"{cid}/value"] = np.asarray(loss(yt, yp, sample_weight=sw))
        fn = {"BinaryFocalCrossentropy": tf.keras.losses.binary_focal_crossentropy,
              "CategoricalFocalCrossentropy": tf.keras.losses.categorical_focal_crossentropy}[cls]
        fkw = {k: v for k, v in kwargs.items() if k != "reduction"}
        out[f"{cid}/fn"] = np.asarray(fn(tf.constant(yt), tf.constant(yp), **fkw))
        out[f"{cid}/config"] = np.asarray(json.dumps(loss.get_config()))
    # a sigmoid/softmax output from Keras activations: tf-keras reads its logits
    logits = tf.constant([[8., -9., 0.5]])
    out["logits_marked/bfce"] = np.asarray(tf.keras.losses.binary_focal_crossentropy(
        tf.constant([[0., 1., 1.]]), tf.keras.activations.sigmoid(logits)))
    out["logits_marked/cfce"] = np.asarray(tf.keras.losses.categorical_focal_crossentropy(
        tf.constant([[0., 1., 0.]]), tf.keras.activations.softmax(tf.constant([[30., -20., 0.]]))))
    out["cases"] = np.asarray(json.dumps({"metrics": METRICS, "losses": LOSSES}))
    np.savez(OUT, **out)
    print(f"wrote {len(out)} arrays to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
