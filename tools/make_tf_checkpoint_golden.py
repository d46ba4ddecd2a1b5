"""Writes tests/golden/tf_checkpoints/: checkpoints in TensorFlow's own format (tensor bundle V2)
written by real TensorFlow and by numtf, and tf_checkpoints.json describing them.

Run with the TensorFlow reference environment (CI only reads the files):

    TF_USE_LEGACY_KERAS=1 ~/tfref/bin/python tools/make_tf_checkpoint_golden.py

- tf_vars: `tf.train.Checkpoint(...).write` of plain tf.Variables of several dtypes (float32,
  float64, int32, int64, bool, string, a scalar int64 step), keyword arguments in sorted order
  (TensorFlow sorts them; numtf keeps their order).
- tf_mlp: a Checkpoint of a Sequential 4->3->2 MLP (fixed weights), an Adam optimizer after one
  step, and a step counter.
- numtf_vars / numtf_mlp: the same objects written by numtf (in a subprocess: $NUMTF_PYTHON, default
  `python`, with PYTHONPATH set to this repository); numtf_mlp is restored from tf_mlp first, so its values are TensorFlow's.
  TensorFlow then restores both, and the JSON records whether every value came back equal
  ("tf_restores") and whether numtf's files are byte-identical to TensorFlow's ("identical").
  numtf_mlp cannot be: TensorFlow's object graph also lists the new optimizers' `_index_dict`,
  `_momentums` and `_velocities`, which numtf's objects do not have; the tensors and their keys match.
"""
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "tests", "golden", "tf_checkpoints")

# Shared by TF and numtf (the numtf subprocess runs the same text with `import numtf as tf`).
OBJECTS = '''
import numpy as np

def make_vars(tf):
    return dict(b=tf.Variable([True, False]), f32=tf.Variable([[1.5, 2.0], [3.0, 4.0]]),
                f64=tf.Variable(np.array([1.25, -2.0])), i32=tf.Variable([1, 2, 3]),
                i64=tf.Variable(np.array([-5, 1 << 40], np.int64)), s=tf.Variable([b"ab", b"", b"hello world"]),
                s0=tf.Variable("x"), step=tf.Variable(np.int64(7)))

def make_mlp(tf):
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
                                 tf.keras.layers.Dense(2)])
    rng = np.random.default_rng(5)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.weights])
    return model, tf.keras.optimizers.Adam(0.01), tf.Variable(np.int64(1))

def train_step(tf, model, opt):
    x = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
'''

NUMTF_WRITER = OBJECTS + '''
import sys
import numtf as tf
out = sys.argv[1]
tf.train.Checkpoint(**make_vars(tf)).write(out + "/numtf_vars")
model, opt, step = make_mlp(tf)
tf.train.Checkpoint(model=model, optimizer=opt, step=step).restore(out + "/tf_mlp")
opt.build(model.trainable_variables)  # the slots exist (and take their restored values) once built
tf.train.Checkpoint(model=model, optimizer=opt, step=step).write(out + "/numtf_mlp")
'''

namespace = {}
exec(OBJECTS, namespace)  # noqa: S102 - this file's own text, not data


def describe(tf, prefix):
    reader = tf.train.load_checkpoint(prefix)
    dtypes = reader.get_variable_to_dtype_map()
    values = {}
    for key in sorted(reader.get_variable_to_shape_map()):
        if key == "_CHECKPOINTABLE_OBJECT_GRAPH":
            continue
        v = np.asarray(reader.get_tensor(key), dtype=object if dtypes[key].name == "string" else None)
        values[key] = {"dtype": dtypes[key].name, "shape": list(v.shape),  # strings as latin-1 text
                       "value": [x.decode("latin-1") for x in v.ravel()] if v.dtype == object else v.tolist()}
    return {"list_variables": [[k, s] for k, s in tf.train.list_variables(prefix)], "values": values}


def same_bytes(a, b):
    return all(open(a + ext, "rb").read() == open(b + ext, "rb").read()
               for ext in (".index", ".data-00000-of-00001"))


def main():
    import tensorflow as tf
    tmp = tempfile.mkdtemp()
    try:
        original = namespace["make_vars"](tf)
        tf.train.Checkpoint(**original).write(os.path.join(tmp, "tf_vars"))
        model, opt, step = namespace["make_mlp"](tf)
        namespace["train_step"](tf, model, opt)
        tf.train.Checkpoint(model=model, optimizer=opt, step=step).write(os.path.join(tmp, "tf_mlp"))
        env = dict(os.environ, PYTHONPATH=ROOT)
        subprocess.run([os.environ.get("NUMTF_PYTHON", "python"), "-c", NUMTF_WRITER, tmp], check=True, env=env)
        record = {name: describe(tf, os.path.join(tmp, name)) for name in ("tf_vars", "tf_mlp")}
        # TF restores numtf's checkpoints into fresh objects: every value must equal the original
        fresh = namespace["make_vars"](tf)
        for v in fresh.values():
            v.assign(tf.zeros_like(v))
        tf.train.Checkpoint(**fresh).restore(os.path.join(tmp, "numtf_vars")).assert_nontrivial_match()  # (write() saves no save_counter)
        vars_ok = all(np.array_equal(fresh[k].numpy(), original[k].numpy()) for k in fresh)
        model2, opt2, step2 = namespace["make_mlp"](tf)
        for w in model2.weights:
            w.assign(tf.zeros_like(w))
        status = tf.train.Checkpoint(model=model2, optimizer=opt2, step=step2).restore(
            os.path.join(tmp, "numtf_mlp"))
        opt2.build(model2.trainable_variables)
        status.assert_nontrivial_match()  # (write() saves no save_counter)
        mlp_ok = (all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(model.weights, model2.weights)) and
                  all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(opt.variables, opt2.variables)) and
                  int(step2.numpy()) == int(step.numpy()))
        record["numtf_vars"] = {"tf_restores": bool(vars_ok),
                                "identical": same_bytes(os.path.join(tmp, "numtf_vars"), os.path.join(tmp, "tf_vars"))}
        record["numtf_mlp"] = {"tf_restores": bool(mlp_ok),
                               "identical": same_bytes(os.path.join(tmp, "numtf_mlp"), os.path.join(tmp, "tf_mlp"))}
        record["tensorflow"] = tf.__version__
        os.makedirs(OUT, exist_ok=True)
        for name in sorted(os.listdir(tmp)):
            if name.startswith(("tf_", "numtf_")):
                shutil.copyfile(os.path.join(tmp, name), os.path.join(OUT, name + ".tmp"))
                os.replace(os.path.join(OUT, name + ".tmp"), os.path.join(OUT, name))
        with open(os.path.join(OUT, "tf_checkpoints.json.tmp"), "w") as f:
            json.dump(record, f, indent=1, sort_keys=True)
        os.replace(os.path.join(OUT, "tf_checkpoints.json.tmp"), os.path.join(OUT, "tf_checkpoints.json"))
        print(json.dumps({k: v for k, v in record.items() if k.startswith("numtf")}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
