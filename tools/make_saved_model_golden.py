"""Writes tests/golden/saved_model.json: TensorFlow's observable SavedModel behaviour that numtf
matches (signature input names and output keys of Keras and tf.Module exports, the functions a
loaded object has, and the error messages), for tests/test_saved_model.py and
tests/keras/test_saved_model_keras.py. Run under TF (see DEVELOPERS.md):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_saved_model_golden.py
"""
import json
import os
import tempfile

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "saved_model.json")


def sig_info(loaded, key="serving_default"):
    s = loaded.signatures[key]
    _, ins = s.structured_input_signature
    return {"inputs": {k: [v.shape.as_list(), v.dtype.name] for k, v in ins.items()},
            "outputs": sorted(s.structured_outputs)}


def error_text(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e)]
    return None


class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.dense1 = tf.keras.layers.Dense(units=100, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    @tf.function
    def call(self, inputs):
        x = self.flatten(inputs)
        x = self.dense1(x)
        x = self.dense2(x)
        return tf.nn.softmax(x)


class DictModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d = tf.keras.layers.Dense(2)

    def call(self, x):
        return {"a": self.d(x), "b": x * 2}


class M(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32, name="x")])
    def f(self, x):
        return tf.matmul(x, self.w)

    @tf.function
    def g(self, x, scale=2.0):
        return x * scale, x + 1.0

    @tf.function(input_signature=[tf.TensorSpec([], tf.int32)])
    def loop(self, k):
        i, s = tf.while_loop(lambda i, s: i < k, lambda i, s: (i + 1, s + 1.0), (0, 0.0))
        return {"i": i, "s": s}


class Single(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(2.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        return x * self.w


def main():
    out = {}
    d = tempfile.mkdtemp()
    mlp = MLP()
    mlp(np.zeros((50, 28, 28, 1), np.float32))
    tf.saved_model.save(mlp, d + "/mlp")
    lm = tf.saved_model.load(d + "/mlp")
    out["mlp"] = {"signature": sig_info(lm), "signatures": sorted(lm.signatures),
                  "call_traces": len(lm.call.concrete_functions), "has_call": callable(lm),
                  "float64_error": error_text(lambda: lm(np.zeros((2, 28, 28, 1)))),
                  "attrs": sorted(a for a in ("dense1", "dense2", "flatten", "call") if hasattr(lm, a))}
    tf.keras.backend.clear_session()  # (layer names as in a fresh program)
    seq = tf.keras.Sequential([tf.keras.layers.Conv2D(4, 3, activation="relu", input_shape=(8, 8, 1)),
                               tf.keras.layers.Flatten(), tf.keras.layers.Dense(3, activation="softmax")])
    seq.save(d + "/seq")
    out["sequential"] = {"signature": sig_info(tf.saved_model.load(d + "/seq")),
                         "keras_class": type(tf.keras.models.load_model(d + "/seq")).__name__}
    tf.keras.backend.clear_session()
    inp = tf.keras.Input((5,), name="feat")
    h = tf.keras.layers.Dense(4, name="hid")(inp)
    fm = tf.keras.Model(inp, [tf.keras.layers.Dense(2, name="out_a")(h), tf.keras.layers.Dense(1, name="out_b")(h)])
    tf.saved_model.save(fm, d + "/fm")
    out["functional"] = {"signature": sig_info(tf.saved_model.load(d + "/fm"))}
    tf.keras.backend.clear_session()
    dm = DictModel()
    dm(np.ones((3, 4), np.float32))
    tf.saved_model.save(dm, d + "/dm")
    out["dict_model"] = {"signature": sig_info(tf.saved_model.load(d + "/dm"))}
    m = M()
    m.g(tf.constant([1.0, 2.0]))
    m.g(tf.constant([[1.0, 2.0]]), 3.0)
    tf.saved_model.save(m, d + "/m", signatures={"lin": m.f, "loopy": m.loop.get_concrete_function(),
                                                 "gg": m.g.get_concrete_function(tf.TensorSpec([2], tf.float32))})
    lmod = tf.saved_model.load(d + "/m")
    out["module"] = {k: sig_info(lmod, k) for k in ("lin", "loopy", "gg")}
    out["module"]["g_error"] = error_text(lambda: lmod.g(tf.constant([[1.0, 2.0]]), 4.0))
    out["module"]["g_default"] = lmod.g(tf.constant([1.0, 2.0]))[0].numpy().tolist()
    out["module"]["callable"] = callable(lmod)
    tf.saved_model.save(m, d + "/nosig")
    out["module"]["no_signatures"] = sorted(tf.saved_model.load(d + "/nosig").signatures)
    out["module"]["bad_signature"] = error_text(lambda: tf.saved_model.save(m, d + "/bad", signatures=m.g))
    s = Single()
    tf.saved_model.save(s, d + "/single")
    ls = tf.saved_model.load(d + "/single")
    out["single"] = {"signatures": sorted(ls.signatures), "callable": callable(ls),
                     "list_call": ls([1.0, 2.0]).numpy().tolist()}
    out["missing"] = error_text(lambda: tf.saved_model.load(d + "/nope"))
    out["not_trackable"] = error_text(lambda: tf.saved_model.save(object(), d + "/o"))
    out["constants"] = {"SERVING": tf.saved_model.SERVING,
                        "DEFAULT_SERVING_SIGNATURE_DEF_KEY": tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY,
                        "contains": [tf.saved_model.contains_saved_model(d + "/m"), tf.saved_model.contains_saved_model(d)]}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
