"""Writes tests/golden/keras_attention.npz: what real tf-keras computes for Attention,
AdditiveAttention and MultiHeadAttention with fixed weights.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_attention_golden.py

Each case builds one layer after `clear_session()`, calls it once to build it, replaces every weight
with a fixed random array (set_weights) and calls it again. Arrays, under "<case>/":
- "x<i>": the inputs (query, value, key); "m<i>": their masks (`mask=[...]` for the dense
  attention layers, `_keras_mask` of the tensors for MultiHeadAttention); "am": attention_mask;
- "w<i>": the weights; "y": the output; "s": the attention scores (return_attention_scores);
- "r": a fixed random array shaped like y, and "g<i>": the gradients of sum(y * r) with respect to
  each input, then each trainable weight;
- "ymask": the output's `_keras_mask`, when it has one.
c["tf"] holds the weight names and shapes, get_config() (TensorShapes as lists), compute_output_shape
and the output shapes of the layer called on `tf.keras.Input`s. The case list is stored as JSON
under "cases".
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_attention.npz")


def case(name, layer, kwargs, shapes, call=None, masks=None, attention_mask=None, big=False):
    """`shapes`: query, value(, key) shapes; `masks`: for each input, None or a list of valid
    lengths per example (True for the first n steps); `attention_mask`: a shape (random bools,
    the first key step always visible); `big`: inputs scaled by 1e4 (masking that relies on
    the size of its large negative number shows)."""
    return {"name": name, "layer": layer, "kwargs": kwargs, "shapes": [list(s) for s in shapes],
            "call": call or {}, "masks": masks, "attention_mask": attention_mask, "big": big}


A, AA, MHA = "Attention", "AdditiveAttention", "MultiHeadAttention"
SCORES = {"return_attention_scores": True}
CASES = [
    # -- Attention ---------------------------------------------------------------------------
    case("attention/dot", A, {}, [(2, 3, 4), (2, 5, 4)]),
    case("attention/key", A, {}, [(2, 3, 4), (2, 5, 6), (2, 5, 4)], call=SCORES),
    case("attention/scale", A, {"use_scale": True}, [(2, 3, 4), (2, 5, 4)], call=SCORES),
    case("attention/concat", A, {"score_mode": "concat"}, [(2, 3, 4), (2, 5, 4)], call=SCORES),
    case("attention/concat_scale", A, {"score_mode": "concat", "use_scale": True}, [(2, 3, 4), (2, 5, 4), (2, 5, 4)]),
    case("attention/masks", A, {}, [(2, 3, 4), (2, 5, 4)], call=SCORES, masks=[[3, 1], [5, 2]]),
    case("attention/value_mask_only", A, {"use_scale": True}, [(2, 3, 4), (2, 5, 4)], masks=[None, [4, 2]]),
    case("attention/causal", A, {}, [(2, 4, 3), (2, 4, 3)], call=dict(SCORES, use_causal_mask=True)),
    case("attention/causal_masks", A, {"score_mode": "concat"}, [(2, 4, 3), (2, 6, 3)],
         call=dict(SCORES, use_causal_mask=True), masks=[[4, 2], [6, 3]]),
    case("attention/dropout_inference", A, {"dropout": 0.5}, [(2, 3, 4), (2, 5, 4)], call={"training": False}),
    # -- AdditiveAttention ---------------------------------------------------------------------
    case("additive/default", AA, {}, [(2, 3, 4), (2, 5, 4)], call=SCORES),
    case("additive/no_scale", AA, {"use_scale": False}, [(2, 3, 4), (2, 5, 4)]),
    case("additive/key", AA, {}, [(2, 3, 4), (2, 5, 4), (2, 5, 4)], call=SCORES),
    case("additive/causal_masks", AA, {"dropout": 0.3}, [(2, 4, 3), (2, 4, 3)],
         call=dict(SCORES, use_causal_mask=True, training=False), masks=[[2, 4], [3, 4]]),
    # -- MultiHeadAttention ------------------------------------------------------------------
    case("mha/basic", MHA, {"num_heads": 2, "key_dim": 3}, [(2, 3, 4), (2, 5, 4)], call=SCORES),
    case("mha/self", MHA, {"num_heads": 3, "key_dim": 2}, [(2, 4, 5), (2, 4, 5)]),
    case("mha/key_value_dim", MHA, {"num_heads": 2, "key_dim": 3, "value_dim": 5}, [(2, 3, 4), (2, 5, 6), (2, 5, 3)],
         call=SCORES),
    case("mha/output_shape", MHA, {"num_heads": 2, "key_dim": 3, "output_shape": 7}, [(2, 3, 4), (2, 5, 4)]),
    case("mha/output_shape_tuple", MHA, {"num_heads": 2, "key_dim": 2, "output_shape": [2, 3]},
         [(2, 3, 4), (2, 5, 4)]),
    case("mha/no_bias", MHA, {"num_heads": 2, "key_dim": 3, "use_bias": False}, [(2, 3, 4), (2, 5, 4)], call=SCORES),
    case("mha/attention_mask", MHA, {"num_heads": 2, "key_dim": 3}, [(2, 3, 4), (2, 5, 4)], call=SCORES,
         attention_mask=(2, 3, 5)),
    case("mha/causal", MHA, {"num_heads": 2, "key_dim": 3}, [(2, 4, 4), (2, 4, 4)],
         call=dict(SCORES, use_causal_mask=True)),
    case("mha/keras_masks", MHA, {"num_heads": 2, "key_dim": 3}, [(2, 3, 4), (2, 5, 4)], call=SCORES,
         masks=[[3, 2], [5, 2]]),
    case("mha/keras_masks_key_causal", MHA, {"num_heads": 2, "key_dim": 2}, [(2, 4, 4), (2, 4, 3), (2, 4, 4)],
         call=dict(SCORES, use_causal_mask=True), masks=[None, [4, 3], [4, 2]], attention_mask=(2, 4, 4)),
    case("mha/dropout_inference", MHA, {"num_heads": 2, "key_dim": 3, "dropout": 0.5}, [(2, 3, 4), (2, 5, 4)],
         call={"training": False}),
    case("mha/robust_masking", MHA, {"num_heads": 2, "key_dim": 3, "softmax_robust_masking": True},
         [(2, 3, 4), (2, 5, 4)], call=SCORES, attention_mask=(2, 3, 5), big=True),
    case("mha/big_additive_masking", MHA, {"num_heads": 2, "key_dim": 3},
         [(2, 3, 4), (2, 5, 4)], call=SCORES, attention_mask=(2, 3, 5), big=True),
    case("mha/4d_axes12", MHA, {"num_heads": 2, "key_dim": 3, "attention_axes": [1, 2]},
         [(2, 3, 2, 4), (2, 2, 3, 4)], call=SCORES),
    case("mha/4d_default", MHA, {"num_heads": 2, "key_dim": 2}, [(2, 3, 2, 4), (2, 3, 2, 4)], call=SCORES),
    case("mha/4d_axis2", MHA, {"num_heads": 2, "key_dim": 3, "attention_axes": 2}, [(2, 3, 2, 4), (2, 3, 4, 5)],
         call=SCORES),
    case("mha/4d_axes12_mask", MHA, {"num_heads": 2, "key_dim": 2, "attention_axes": [1, 2], "output_shape": 3},
         [(2, 2, 2, 4), (2, 3, 2, 4)], call=SCORES, attention_mask=(2, 2, 2, 3, 2)),
]


def jsonable(value):
    """Config values as JSON: TensorShapes and tuples become lists, NumPy values Python ones."""
    if hasattr(value, "as_list") and hasattr(value, "rank"):
        return None if value.rank is None else value.as_list()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ListWrapper":
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def lengths_mask(lengths, steps):
    return np.arange(steps)[None, :] < np.asarray(lengths)[:, None]


def make_arrays(c, rng):
    """{name: array} of the case's inputs, masks and attention mask."""
    data = {}
    for i, shape in enumerate(c["shapes"]):
        data[f"x{i}"] = (rng.standard_normal(shape) * (1e4 if c["big"] else 1.0)).astype(np.float32)
    for i, lengths in enumerate(c["masks"] or []):
        if lengths is not None:
            data[f"m{i}"] = lengths_mask(lengths, c["shapes"][i][1])
    if c["attention_mask"]:
        am = rng.uniform(size=c["attention_mask"]) < 0.6
        am[..., 0] = True  # every query step sees something (rows fully masked are tested by the masks)
        if c["big"]:
            am[0, 0] = False  # one fully masked row
        data["am"] = am
    return data


def call_layer(tf, layer, c, arrays, tensors=None):
    """Calls the layer as its kind is called: a list (and `mask=`) for the dense attention layers,
    (query, value, key, attention_mask=) with `_keras_mask`ed tensors for MultiHeadAttention."""
    n = len(c["shapes"])
    xs = tensors if tensors is not None else [tf.constant(arrays[f"x{i}"]) for i in range(n)]
    masks = [tf.constant(arrays[f"m{i}"]) if f"m{i}" in arrays else None for i in range(n)]
    kwargs = dict(c["call"])
    if c["layer"] != MHA:
        if any(m is not None for m in masks):
            kwargs["mask"] = masks[:2]
        return layer(list(xs), **kwargs)
    for x, m in zip(xs, masks):
        if m is not None:
            x._keras_mask = m
    if "am" in arrays:
        kwargs["attention_mask"] = tf.constant(arrays["am"])
    return layer(xs[0], xs[1], key=xs[2] if n > 2 else None, **kwargs)


def record(tf, c, rng):
    tf.keras.backend.clear_session()
    layer = getattr(tf.keras.layers, c["layer"])(**c["kwargs"])
    arrays = make_arrays(c, rng)
    call_layer(tf, layer, c, arrays)
    weights = [(rng.standard_normal(w.shape) * 0.5).astype(np.float32) for w in layer.weights]
    layer.set_weights(weights)
    arrays.update({f"w{i}": w for i, w in enumerate(weights)})
    n = len(c["shapes"])
    xs = [tf.constant(arrays[f"x{i}"]) for i in range(n)]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        out = call_layer(tf, layer, c, arrays, xs)
        y, s = out if isinstance(out, (list, tuple)) else (out, None)
        r = rng.standard_normal(y.shape).astype(np.float32)
        total = tf.reduce_sum(y * r)
    grads = tape.gradient(total, xs + layer.trainable_weights)
    arrays.update(y=y.numpy(), r=r)
    if s is not None:
        arrays["s"] = s.numpy()
    mask = getattr(y, "_keras_mask", None)
    if mask is not None:
        arrays["ymask"] = mask.numpy()
    for i, g in enumerate(grads):
        arrays[f"g{i}"] = np.zeros_like(arrays[f"x{i}"] if i < n else weights[i - n]) if g is None else \
            tf.convert_to_tensor(g).numpy()
    shapes = [tuple(sh) for sh in c["shapes"]]
    c["tf"] = {"weight_names": [w.name for w in layer.weights], "weight_shapes": [w.shape.as_list() for w in layer.weights],
               "trainable": [w.trainable for w in layer.weights], "config": jsonable(layer.get_config()),
               "grad_sources": ["x%d" % i for i in range(n)] + [w.name for w in layer.trainable_weights]}
    try:
        unknown = [(None,) + sh[1:] for sh in shapes]
        cos = layer.compute_output_shape(unknown) if c["layer"] != MHA else layer.compute_output_shape(*unknown)
        c["tf"]["compute_output_shape"] = jsonable(tf.TensorShape(cos))
    except Exception as e:  # noqa: BLE001 - recorded: the layer may not answer for these shapes
        c["tf"]["compute_output_shape"] = f"error: {type(e).__name__}: {e}"
    # the functional output shapes (unknown batch)
    tf.keras.backend.clear_session()
    fresh = getattr(tf.keras.layers, c["layer"])(**c["kwargs"])
    inputs = [tf.keras.Input(sh[1:]) for sh in shapes]
    out = fresh(inputs, **c["call"]) if c["layer"] != MHA else \
        fresh(inputs[0], inputs[1], key=inputs[2] if n > 2 else None, **c["call"])
    out = out if isinstance(out, (list, tuple)) else [out]
    c["tf"]["functional_shapes"] = [o.shape.as_list() for o in out]
    return {f"{c['name']}/{k}": v for k, v in arrays.items()}


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2027)
    data = {}
    for c in CASES:
        data.update(record(tf, c, rng))
    data["cases"] = np.array(json.dumps(CASES))
    np.savez_compressed(OUT, **data)
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
