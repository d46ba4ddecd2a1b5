"""tf.keras.preprocessing.text (Tokenizer, tokenizer_from_json, text_to_word_sequence, one_hot,
hashing_trick): every output of keras_gaps_cases.strings_text equals tf-keras's (the golden JSON
written by tools/make_keras_gaps_golden.py)."""
import json
import os

import numpy as np
import pytest

import numtf as tf
import keras_gaps_cases as cases

with open(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_gaps.json")) as _f:
    GOLDEN = json.load(_f)["text"]
text = tf.keras.preprocessing.text


@pytest.fixture(scope="module")
def got():
    return json.loads(json.dumps(cases.strings_text(tf), sort_keys=True, default=str))


@pytest.mark.parametrize("key", sorted(GOLDEN))
def test_matches_tf_keras(got, key):
    assert got[key] == GOLDEN[key]


def test_one_hot_uses_python_hash():
    words = text.text_to_word_sequence("the cat the")
    assert text.one_hot("the cat the", 7) == [hash(w) % 6 + 1 for w in words]
    assert text.one_hot("x y", 50, analyzer=lambda s: s.split()) == [hash("x") % 49 + 1, hash("y") % 49 + 1]


def test_json_is_plain_json_and_kwargs_pass_through():
    t = text.Tokenizer(oov_token="?")
    t.fit_on_texts(["b a b"])
    s = t.to_json(indent=2)
    assert "\n  " in s and json.loads(s)["class_name"] == "Tokenizer"
    back = text.tokenizer_from_json(s)
    assert back.word_index == {"?": 1, "b": 2, "a": 3} and back.index_word[2] == "b"
    assert back.texts_to_sequences(["a z"]) == [[3, 1]]


def test_nb_words_is_renamed():
    with pytest.warns(UserWarning, match="renamed `num_words`"):
        assert text.Tokenizer(nb_words=4).num_words == 4


def test_sequence_helpers_match_tf_keras():
    """tf.keras.preprocessing.sequence: TimeseriesGenerator batches/JSON/errors, make_sampling_table,
    skipgrams (Python's `random` seeded the same way) equal tf-keras's."""
    with open(os.path.join(os.path.dirname(__file__), "..", "golden", "keras_gaps.json")) as f:
        want = json.load(f)["sequence"]
    have = json.loads(json.dumps(cases.strings_sequence(tf), default=str))
    for key in want:
        if key == "table":
            assert np.allclose(have[key], want[key], rtol=1e-12)
        else:
            assert have[key] == want[key], key


def test_timeseries_generator_trains_a_model():
    gen = tf.keras.preprocessing.sequence.TimeseriesGenerator(np.ones((30, 2), np.float32), np.ones(30, np.float32),
                                                              length=5, batch_size=8)
    assert isinstance(gen, tf.keras.utils.Sequence) and len(gen) == 4
    model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(5, 2)), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    assert len(model.fit(gen, epochs=2, verbose=0).history["loss"]) == 2
