"""Attention, AdditiveAttention and MultiHeadAttention against real tf-keras.

Every case of tests/golden/keras_attention.npz (tools/make_attention_golden.py, TF 2.21 + tf-keras)
is replayed with the same inputs, masks and weights: outputs, attention scores, output masks,
gradients of sum(y * r), weight names and shapes, get_config() and its round trip,
compute_output_shape and the shapes of the layer called on Keras inputs. Then: float64 gradients
against finite differences, graphs (tf.function), a functional model that trains and goes through
model.save/load_model, and the errors for bad inputs.
"""
import json
import os
import sys

import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients, numeric_grad

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
from make_attention_golden import MHA, call_layer, jsonable  # noqa: E402

layers = tf.keras.layers
GOLDEN_FILE = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_attention.npz")
DATA = np.load(GOLDEN_FILE)
CASES = {c["name"]: c for c in json.loads(str(DATA["cases"]))}


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def arrays_of(name):
    prefix = name + "/"
    return {k[len(prefix):]: DATA[k] for k in DATA.files if k.startswith(prefix)}


def golden_layer(c, arrays, dtype=None):
    """The case's layer, built by a first call and given the golden weights."""
    kwargs = dict(c["kwargs"], **({"dtype": dtype} if dtype else {}))
    layer = getattr(layers, c["layer"])(**kwargs)
    call_layer(tf, layer, c, arrays)
    layer.set_weights([arrays[f"w{i}"].astype(dtype or np.float32) for i in range(len(layer.weights))])
    return layer


def split(out):
    return out if isinstance(out, (list, tuple)) else (out, None)


def close(got, want, what, name):
    # the big-input cases have scores of order 1e8: compare relative to the largest value
    atol = 1e-5 * max(1.0, float(np.max(np.abs(want)))) if want.size else 0
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=atol, err_msg=f"{name}: {what}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_against_tf_keras(name):
    c, arrays = CASES[name], arrays_of(name)
    layer = golden_layer(c, arrays)
    assert [w.name for w in layer.weights] == c["tf"]["weight_names"]
    assert [w.shape.as_list() for w in layer.weights] == c["tf"]["weight_shapes"]
    assert [w.trainable for w in layer.weights] == c["tf"]["trainable"]
    n = len(c["shapes"])
    xs = [tf.constant(arrays[f"x{i}"]) for i in range(n)]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y, s = split(call_layer(tf, layer, c, arrays, xs))
        total = tf.reduce_sum(y * tf.constant(arrays["r"]))
    close(y.numpy(), arrays["y"], "output", name)
    if "s" in arrays:
        close(s.numpy(), arrays["s"], "attention scores", name)
        assert getattr(s, "_keras_mask", None) is None or c["layer"] == MHA
    else:
        assert s is None
    mask = getattr(y, "_keras_mask", None)
    if "ymask" in arrays:
        np.testing.assert_array_equal(mask.numpy(), arrays["ymask"])
    else:
        assert mask is None
    grads = tape.gradient(total, xs + layer.trainable_weights)
    for i, (g, source) in enumerate(zip(grads, c["tf"]["grad_sources"])):
        got = np.zeros_like(arrays[f"g{i}"]) if g is None else tf.convert_to_tensor(g).numpy()
        close(got, arrays[f"g{i}"], f"gradient wrt {source}", name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_and_shapes_against_tf_keras(name):
    c, arrays = CASES[name], arrays_of(name)
    layer = golden_layer(c, arrays)
    config = layer.get_config()
    assert jsonable(json.loads(json.dumps(jsonable(config)))) == c["tf"]["config"]
    # round trip: the same outputs with the same weights
    clone = type(layer).from_config(config)
    call_layer(tf, clone, c, arrays)
    clone.set_weights(layer.get_weights())
    for a, b in zip(split(call_layer(tf, layer, c, arrays)), split(call_layer(tf, clone, c, arrays))):
        if a is not None:
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    unknown = [(None,) + tuple(sh[1:]) for sh in c["shapes"]]
    want = c["tf"]["compute_output_shape"]
    compute = (lambda: layer.compute_output_shape(unknown)) if c["layer"] != MHA else \
        (lambda: layer.compute_output_shape(*unknown))
    if isinstance(want, str):  # tf-keras's MultiHeadAttention refuses a query and value of different features
        with pytest.raises(ValueError, match="last dimension of `query_shape` and `value_shape` must be equal"):
            compute()
    else:
        assert compute().as_list() == want
    inputs = [tf.keras.Input(sh[1:]) for sh in c["shapes"]]
    fresh = getattr(layers, c["layer"])(**c["kwargs"])
    out = fresh(inputs, **c["call"]) if c["layer"] != MHA else \
        fresh(inputs[0], inputs[1], key=inputs[2] if len(inputs) > 2 else None, **c["call"])
    out = out if isinstance(out, (list, tuple)) else [out]
    assert [o.shape.as_list() for o in out] == c["tf"]["functional_shapes"]


# -- float64 gradients against finite differences --------------------------------------------------
GRAD_CASES = ["attention/key", "attention/concat_scale", "attention/causal_masks", "additive/causal_masks",
              "mha/key_value_dim", "mha/keras_masks_key_causal", "mha/4d_axes12_mask", "mha/output_shape_tuple"]


@pytest.mark.parametrize("name", GRAD_CASES)
def test_float64_gradients_match_finite_differences(name):
    """The inputs' gradients with check_gradients; the weights' by perturbing the variables."""
    c, arrays = CASES[name], arrays_of(name)
    arrays = {k: v.astype(np.float64) if v.dtype == np.float32 else v for k, v in arrays.items()}
    layer = golden_layer(c, arrays, dtype="float64")
    n, weights = len(c["shapes"]), layer.trainable_weights

    def outputs(*xs):
        return [o for o in split(call_layer(tf, layer, c, arrays, list(xs))) if o is not None]

    xs = [arrays[f"x{i}"] for i in range(n)]
    check_gradients(outputs, *xs, rtol=1e-4, atol=1e-6)
    rs = [np.random.default_rng(3).standard_normal(o.shape) for o in outputs(*[tf.constant(x) for x in xs])]

    def total(*values):
        for w, v in zip(weights, values):
            w.assign(v.reshape(w.shape))
        return sum(float(np.sum(o.numpy() * r)) for o, r in zip(outputs(*[tf.constant(x) for x in xs]), rs))

    values = [w.numpy() for w in weights]
    expected = numeric_grad(total, [np.atleast_1d(v).copy() for v in values])  # (0-d arrays have no flat view)
    for w, v in zip(weights, values):
        w.assign(v)
    with tf.GradientTape() as tape:
        loss = tf.add_n([tf.reduce_sum(o * r) for o, r in zip(outputs(*[tf.constant(x) for x in xs]), rs)])
    for w, g, e in zip(weights, tape.gradient(loss, weights), expected):
        np.testing.assert_allclose(g.numpy(), e.reshape(w.shape), rtol=1e-4, atol=1e-6, err_msg=w.name)


# -- graphs, models, saving -------------------------------------------------------------------------
def test_inside_tf_function_matches_eager():
    c, arrays = CASES["mha/keras_masks_key_causal"], arrays_of("mha/keras_masks_key_causal")
    layer = golden_layer(c, arrays)
    step = tf.function(lambda q, v, k, am: layer(q, v, key=k, attention_mask=am, use_causal_mask=True))
    got = step(*[tf.constant(arrays[k]) for k in ("x0", "x1", "x2", "am")])
    eager = layer(*[tf.constant(arrays[k]) for k in ("x0", "x1")], key=tf.constant(arrays["x2"]),
                  attention_mask=tf.constant(arrays["am"]), use_causal_mask=True)
    np.testing.assert_allclose(got.numpy(), eager.numpy(), rtol=1e-6)
    att = layers.Attention(use_scale=True)
    fn = tf.function(lambda q, v: att([q, v], use_causal_mask=True, return_attention_scores=True))
    q = np.random.default_rng(0).standard_normal((2, 4, 3)).astype(np.float32)
    for a, b in zip(fn(q, q), att([q, q], use_causal_mask=True, return_attention_scores=True)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


def test_functional_model_trains_saves_and_loads(tmp_path):
    rng = np.random.default_rng(1)
    tokens = rng.integers(1, 20, (32, 6)).astype(np.int32)
    tokens[::3, 4:] = 0  # padding: the Embedding's mask reaches both attention layers
    labels = (tokens[:, 0] > 10).astype(np.float32)
    inp = tf.keras.Input((6,), dtype="int32")
    x = layers.Embedding(20, 8, mask_zero=True)(inp)
    h = layers.MultiHeadAttention(num_heads=2, key_dim=4)(x, x)
    h = layers.Attention(use_scale=True)([h, x])
    h = layers.AdditiveAttention()([h, x])
    out = layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(h))
    model = tf.keras.Model(inp, out)
    assert [w.name for w in model.weights if "query" in w.name] == ["multi_head_attention/query/kernel:0",
                                                                     "multi_head_attention/query/bias:0"]
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    history = model.fit(tokens, labels, epochs=8, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    expected = model.predict(tokens, verbose=0)
    model.save(tmp_path / "attention.keras")
    loaded = tf.keras.models.load_model(tmp_path / "attention.keras")
    np.testing.assert_allclose(loaded.predict(tokens, verbose=0), expected, rtol=1e-5, atol=1e-6)
    assert [type(la).__name__ for la in loaded.layers][2:5] == ["MultiHeadAttention", "Attention",
                                                                "AdditiveAttention"]


def test_symbolic_masks():
    inp = tf.keras.Input((5,), dtype="int32")
    emb = layers.Embedding(10, 4, mask_zero=True)(inp)
    out, scores = layers.MultiHeadAttention(2, 3)(emb, emb, return_attention_scores=True)
    assert out.shape.as_list() == [None, 5, 4] and scores.shape.as_list() == [None, 2, 5, 5]
    model = tf.keras.Model(inp, [out, scores])
    y, s = model(np.array([[1, 2, 0, 0, 0], [3, 4, 5, 6, 0]]))
    np.testing.assert_array_equal(y._keras_mask.numpy(), [[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]])
    np.testing.assert_allclose(s.numpy()[0, :, 0, 2:], 0, atol=1e-7)  # the padding gets no attention


def test_dropout_only_while_training():
    q = np.random.default_rng(2).standard_normal((2, 4, 3)).astype(np.float32)
    att = layers.Attention(dropout=0.5)
    np.testing.assert_array_equal(att([q, q]).numpy(), att([q, q], training=False).numpy())
    _, dropped = att([q, q], training=True, return_attention_scores=True)
    assert np.any(dropped.numpy() == 0)  # the returned scores are the dropped-out weights
    mha = layers.MultiHeadAttention(2, 2, dropout=0.5)
    _, kept = mha(q, q, training=True, return_attention_scores=True)
    np.testing.assert_allclose(kept.numpy().sum(-1), 1, rtol=1e-5)  # scores before dropout


def test_defaults():
    assert layers.Attention().get_config() == {"name": "attention", "trainable": True, "dtype": "float32",
                                               "dropout": 0.0, "use_scale": False, "score_mode": "dot"}
    mha = layers.MultiHeadAttention(4, 8)
    config = mha.get_config()
    assert (config["value_dim"], config["attention_axes"], config["query_shape"]) == (8, None, None)
    assert mha.weights == [] and mha.supports_masking
    mha(np.ones((1, 2, 6), np.float32), np.ones((1, 3, 6), np.float32))
    assert [w.shape.as_list() for w in mha.weights] == [[6, 4, 8], [4, 8], [6, 4, 8], [4, 8], [6, 4, 8], [4, 8],
                                                        [4, 8, 6], [6]]
    assert layers.Dropout(0.1).name == "dropout_1"  # the MultiHeadAttention's own took 'dropout', as in tf-keras


def test_bad_inputs_raise_errors_naming_the_layer():
    q, v = np.ones((2, 3, 4), np.float32), np.ones((2, 5, 4), np.float32)
    with pytest.raises(ValueError, match=r"(?s)'attention'.*must be called on a list of inputs"):
        layers.Attention()(q)
    with pytest.raises(ValueError, match=r"(?s)attention_1.*accepts inputs list of length 2 or 3.*length: 1"):
        layers.Attention()([q])
    with pytest.raises(ValueError, match="length: 4"):
        layers.AdditiveAttention()([q, v, v, v])
    with pytest.raises(ValueError, match=r"(?s)attention_2.*last dimension of the query \(4\).*key \(3"):
        layers.Attention()([q, np.ones((2, 5, 3), np.float32)])
    with pytest.raises(ValueError, match=r"(?s)additive_attention_1.*value"):
        layers.AdditiveAttention()([q, np.ones((2, 5, 3), np.float32)])
    with pytest.raises(ValueError, match="mask must be a list of length 2"):
        layers.Attention()([q, v], mask=[None])
    with pytest.raises(ValueError, match="score_mode=bad"):
        layers.Attention(score_mode="bad")
    mha = layers.MultiHeadAttention(2, 3)
    mha(q, v)
    with pytest.raises(ValueError, match=r"(?s)multi_head_attention.*built for a query with 4 features"):
        mha(np.ones((2, 3, 5), np.float32), v)
    with pytest.raises(ValueError, match=r"(?s)multi_head_attention.*needs a `value`"):
        mha(q)
    with pytest.raises(ValueError, match="key and the value must have the same shape"):
        layers.MultiHeadAttention(2, 3)(q, v, key=np.ones((2, 4, 4), np.float32))


def test_einsum_dense_stands_alone_as_in_tf_keras():
    # (weight names, shapes and config as tf-keras 2.21 prints them for this layer)
    layer = tf.keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de",
                                        activation="relu", kernel_initializer="ones", name="ed")
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10
    y = layer(x)
    assert y.shape == (2, 3, 2, 3)
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [("ed/kernel:0", (4, 2, 3)), ("ed/bias:0", (2, 3))]
    np.testing.assert_allclose(y.numpy(), np.maximum(np.einsum("abc,cde->abde", x, np.ones((4, 2, 3))), 0), rtol=1e-6)
    config = layer.get_config()
    assert list(config)[:6] == ["name", "trainable", "dtype", "output_shape", "equation", "activation"]
    assert config["output_shape"] == [None, 2, 3] and config["bias_axes"] == "de"
