"""StringLookup, IntegerLookup, CategoryEncoding, Hashing, Discretization and TextVectorization
against real tf-keras (tests/golden/keras_text.json, tools/make_text_golden.py, TF 2.21 +
tf-keras): outputs, dtypes, vocabularies, configs, error types, FarmHash/SipHash bins of ~200
strings; then adapt on datasets, a text classifier trained with fit, Dataset.map and save/load.
"""
import json
import os

import numpy as np
import pytest

import numtf as tf

layers = tf.keras.layers
with open(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_text.json"), encoding="utf-8") as _f:
    GOLDEN = json.load(_f)
CASES = {c["name"]: c for c in GOLDEN["cases"]}
# tf-keras records adapt's input shape; numtf writes a learnt vocabulary into the config (no assets)
CONFIG_IGNORE = {"batch_input_shape", "name"}
ERROR_TYPES = {"ValueError": ValueError, "InvalidArgumentError": tf.errors.InvalidArgumentError}


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def build(case, tmp_path):
    kwargs = dict(case["kwargs"])
    if case["vocab_file"] is not None:
        path = tmp_path / "vocab.txt"
        path.write_text("\n".join(case["vocab_file"]) + "\n", encoding="utf-8")
        kwargs["vocabulary"] = str(path)
    if isinstance(kwargs.get("ngrams"), list):
        kwargs["ngrams"] = tuple(kwargs["ngrams"])
    layer = getattr(layers, case["layer"])(**kwargs)
    if case["adapt"] is not None:
        a = case["adapt"]
        if case["adapt_as"] == "dataset":
            layer.adapt(tf.data.Dataset.from_tensor_slices(a).batch(case["adapt_batch"]))
        elif case["adapt_as"] == "array":
            layer.adapt(np.array(a))
        else:
            layer.adapt(a)
    return layer


def as_py(value):
    value = value.tolist() if isinstance(value, np.ndarray) else value
    if isinstance(value, list):
        return [as_py(v) for v in value]
    return value.decode("utf-8") if isinstance(value, bytes) else value


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_against_tf_keras(name, tmp_path):
    case, ref = CASES[name], CASES[name]["tf"]
    layer = build(case, tmp_path)
    y = layer(tf.constant(case["x"], dtype=case["dtype"]))
    assert y.dtype.name == ref["dtype"]
    assert y.shape.as_list() == ref["shape"]
    if ref["dtype"] == "float32":
        np.testing.assert_allclose(y.numpy(), np.array(ref["y"], np.float32).reshape(ref["shape"]), rtol=1e-5,
                                   atol=1e-6)
    else:
        assert as_py(y.numpy()) == ref["y"]
    if "vocab" in ref:
        assert layer.get_vocabulary() == ref["vocab"]
        assert layer.get_vocabulary(include_special_tokens=False) == ref["vocab_plain"]
        assert layer.vocabulary_size() == ref["vocabulary_size"]
    if "bin_boundaries" in ref:
        np.testing.assert_allclose(layer.bin_boundaries, ref["bin_boundaries"], rtol=1e-6)
    config = layer.get_config()
    ignore = set(CONFIG_IGNORE)
    if case["adapt"] is not None:
        ignore |= {"vocabulary", "idf_weights", "bin_boundaries", "num_bins"}
    if case["vocab_file"] is not None:
        ignore.add("vocabulary")
    expected = {k: v for k, v in ref["config"].items() if k not in ignore}
    got = {k: as_py(list(v) if isinstance(v, tuple) else v) for k, v in config.items() if k not in ignore}
    assert got == expected
    # the config alone rebuilds the layer, learnt vocabulary included
    clone = type(layer).from_config(config)
    y2 = clone(tf.constant(case["x"], dtype=case["dtype"]))
    np.testing.assert_array_equal(y2.numpy(), y.numpy())


@pytest.mark.parametrize("err", GOLDEN["errors"], ids=[e["name"] for e in GOLDEN["errors"]])
def test_errors_as_tf_keras(err):
    def attempt():
        layer = getattr(layers, err["layer"])(**err["kwargs"])
        if err["x"] == "adapt":
            layer.adapt([1.0, 2.0])
        elif err["x"] is not None:
            layer(tf.constant(err["x"], dtype=err["dtype"]))
    if err["error"] is None:
        attempt()
    else:
        with pytest.raises(ERROR_TYPES[err["error"]]):
            attempt()


def test_hash_functions_match_tf():
    h = GOLDEN["hash"]
    strings = h["strings"]
    assert tf.strings.to_hash_bucket_fast(strings, 1000).numpy().tolist() == h["fast_1000"]
    assert tf.strings.to_hash_bucket_fast(strings, 2 ** 62).numpy().tolist() == h["fast_2_62"]
    assert tf.strings.to_hash_bucket_strong(strings, 97, [133, 133]).numpy().tolist() == h["strong_97"]
    assert tf.fingerprint(tf.constant(strings)).numpy().tolist() == h["fingerprint"]
    assert layers.Hashing(10)(tf.constant([[s] for s in strings])).numpy()[:, 0].tolist() == h["layer_10"]
    assert layers.Hashing(17, salt=[1, 2])(tf.constant(strings)).numpy().tolist() == h["layer_salt"]


def test_adapt_on_dataset_and_map():
    texts = ["the cat sat", "the dog ran", "a cat ran"]
    vec = layers.TextVectorization(output_sequence_length=4)
    vec.adapt(tf.data.Dataset.from_tensor_slices(texts).batch(2))
    assert vec.get_vocabulary()[:4] == ["", "[UNK]", "the", "ran"]
    ds = tf.data.Dataset.from_tensor_slices(texts).batch(3).map(vec)
    batch = next(iter(ds)).numpy()
    np.testing.assert_array_equal(batch, vec(tf.constant(texts)).numpy())
    lookup = layers.StringLookup(vocabulary=["a", "b"])
    out = [x.numpy().tolist() for x in tf.data.Dataset.from_tensor_slices(["b", "q", "a"]).map(lookup)]
    assert out == [2, 0, 1]


def test_lookup_in_tf_function():
    lookup = layers.IntegerLookup(vocabulary=[5, 6], output_mode="multi_hot")
    f = tf.function(lambda x: lookup(x))
    np.testing.assert_array_equal(f(tf.constant([[5, 9]], tf.int64)).numpy(), [[1.0, 1.0, 0.0]])


def text_data():
    texts = ["good movie", "great film", "loved it", "bad movie", "awful film", "hated it",
             "good good great", "bad awful bad"]
    labels = np.array([1, 1, 1, 0, 0, 0, 1, 0], np.float32)
    return texts, labels


def text_model(vec):
    inputs = tf.keras.Input(shape=(1,), dtype=tf.string)
    x = vec(inputs)
    x = layers.Embedding(vec.vocabulary_size(), 8)(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return tf.keras.Model(inputs, outputs)


def test_text_classifier_fit_and_save_load(tmp_path):
    texts, labels = text_data()
    vec = layers.TextVectorization(max_tokens=20, output_sequence_length=4)
    vec.adapt(texts)
    model = text_model(vec)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    x = tf.constant([[t] for t in texts])
    history = model.fit(x, labels, epochs=40, batch_size=4, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] == 1.0
    path = str(tmp_path / "text.keras")
    model.save(path)
    restored = tf.keras.models.load_model(path)
    probe = tf.constant([["good film"], ["awful movie"], ["unknown words here"]])
    np.testing.assert_allclose(restored(probe).numpy(), model(probe).numpy(), rtol=1e-6)
    vec2 = [layer for layer in restored.layers if isinstance(layer, layers.TextVectorization)][0]
    assert vec2.get_vocabulary() == vec.get_vocabulary()


def test_sequential_with_lookup_and_encoding(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,), dtype=tf.string),
                                 layers.StringLookup(vocabulary=["x", "y", "z"], output_mode="count"),
                                 layers.Dense(1, kernel_initializer="ones")])
    out = model(tf.constant([["x", "x"], ["q", "z"]])).numpy()
    np.testing.assert_allclose(out, [[2.0], [2.0]])
    path = str(tmp_path / "seq.keras")
    model.save(path)
    np.testing.assert_allclose(tf.keras.models.load_model(path)(tf.constant([["x", "x"], ["q", "z"]])).numpy(), out)


def test_set_vocabulary_and_tf_idf_weights():
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.set_vocabulary(["a", "b"], idf_weights=[1.0, 3.0])
    np.testing.assert_allclose(layer(tf.constant([["a", "b", "b", "q"]])).numpy(), [[2.0, 1.0, 6.0]])
    with pytest.raises(ValueError):
        layer.set_vocabulary(["a", "b"])


def test_category_encoding_count_weights():
    layer = layers.CategoryEncoding(num_tokens=3, output_mode="count")
    out = layer(tf.constant([[0, 1, 1]]), count_weights=tf.constant([[0.5, 2.0, 1.0]]))
    np.testing.assert_allclose(out.numpy(), [[0.5, 3.0, 0.0]])
    with pytest.raises(ValueError):
        layers.CategoryEncoding(num_tokens=3)(tf.constant([[0]]), count_weights=tf.constant([[1.0]]))


def test_text_callables_and_ragged():
    vec = layers.TextVectorization(standardize=lambda x: tf.strings.regex_replace(x, "-", " "),
                                   split=lambda s: tf.strings.split(s, sep=" "), vocabulary=["a", "b"])
    assert vec(tf.constant(["a-b c"])).numpy().tolist() == [[2, 3, 1]]
    with pytest.raises(NotImplementedError, match="RaggedTensor"):
        layers.TextVectorization(ragged=True)


def test_fit_and_predict_take_numpy_string_arrays():
    texts = np.array(["good movie", "bad film", "great", "awful awful", "good good", "bad"])
    labels = np.array([1, 0, 1, 0, 1, 0])
    vec = tf.keras.layers.TextVectorization(max_tokens=20, output_sequence_length=4)
    vec.adapt(texts)
    model = tf.keras.Sequential([tf.keras.Input(shape=(1,), dtype=tf.string), vec, tf.keras.layers.Embedding(20, 4),
                                 tf.keras.layers.GlobalAveragePooling1D(), tf.keras.layers.Dense(1, "sigmoid")])
    model.compile("adam", "binary_crossentropy")
    assert len(model.fit(texts, labels, epochs=2, verbose=0).history["loss"]) == 2
    assert len(model.fit(texts.astype(object), labels, batch_size=2, verbose=0).history["loss"]) == 1
    assert model.predict(np.array(["good"]), verbose=0).shape == (1, 1)
    with pytest.raises(ValueError, match="Failed to find data adapter"):
        model.fit(np.array([object(), object()]), labels[:2], verbose=0)
