"""Writes tests/golden/keras_text.json: what real tf-keras computes for the lookup and text layers
(StringLookup, IntegerLookup, CategoryEncoding, Hashing, Discretization, TextVectorization).

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 KERAS_HOME=/tmp/kh ~/tfref/bin/python tools/make_text_golden.py

Each case: the layer's class and kwargs (a vocabulary "file" is written from case["vocab_file"]),
optional adapt data (given as a list, an array, or a dataset batched by "adapt_batch"), the call's
input and input dtype; tf-keras's output, output dtype, vocabulary, config. Error cases record the
exception class raised at construction, adapt or call. "hash" holds ~200 strings and their bins.
"""
import json
import os
import random
import tempfile

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "keras_text.json")

WORDS = ["the cat sat on the mat", "The dog ate my homework!", "a cat, a dog; a bird?", "Éclair café Straße ÄÖ",
         "new york is a big city", "the the the end", "", "  spaced   out\ttabs\nnewline  "]


def case(name, layer, kwargs, x, dtype="string", adapt=None, adapt_as="list", adapt_batch=None, vocab_file=None):
    return {"name": name, "layer": layer, "kwargs": kwargs, "x": x, "dtype": dtype, "adapt": adapt,
            "adapt_as": adapt_as, "adapt_batch": adapt_batch, "vocab_file": vocab_file}


TOKENS = ["b", "a", "c", "a", "b", "d", "e", "e", "f", "a", "zz", "é", "é"]
X2 = [["a", "z"], ["e", "b"], ["é", "zz"]]
INTS = [3, 1, 1, 2, 7, 7, 9, 42, 42, 42, 5]
CASES = [
    case("string/adapt_ties", "StringLookup", {}, X2, adapt=TOKENS),
    case("string/adapt_max_tokens", "StringLookup", {"max_tokens": 4}, X2, adapt=TOKENS, adapt_as="array"),
    case("string/vocab_oov2", "StringLookup", {"vocabulary": ["a", "b", "c"], "num_oov_indices": 2},
         [["a", "q", "r"], ["s", "c", "hello"], ["", "b", "xyz"]]),
    case("string/vocab_oov0", "StringLookup", {"vocabulary": ["a", "b", "c"], "num_oov_indices": 0},
         [["c", "a"]]),
    case("string/mask_int", "StringLookup", {"vocabulary": ["a", "b"], "mask_token": ""}, [["a", "", "q"]]),
    case("string/oov_token", "StringLookup", {"vocabulary": ["a", "b"], "oov_token": "<oov>"}, ["a", "x"]),
    case("string/invert", "StringLookup", {"vocabulary": ["a", "b", "c"], "invert": True}, [[0, 1, 3, 7]],
         dtype="int64"),
    case("string/invert_mask", "StringLookup", {"vocabulary": ["a", "b"], "invert": True, "mask_token": "[M]"},
         [[0, 1, 2, 3, 9]], dtype="int64"),
    case("string/one_hot_rank1", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "one_hot"},
         ["a", "c", "x"]),
    case("string/one_hot_col", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "one_hot"},
         [["a"], ["c"], ["x"]]),
    case("string/multi_hot", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "multi_hot"},
         [["a", "a", "x"], ["c", "b", "b"]]),
    case("string/multi_hot_rank1", "StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "multi_hot"},
         ["a", "c"]),
    case("string/multi_hot_mask", "StringLookup", {"vocabulary": ["a", "b"], "output_mode": "multi_hot",
                                                   "mask_token": ""}, [["a", "", "x"], ["", "", "b"]]),
    case("string/count", "StringLookup", {"output_mode": "count"}, [["a", "a", "x", "e"], ["e", "e", "b", "b"]],
         adapt=TOKENS),
    case("string/tf_idf_adapt", "StringLookup", {"output_mode": "tf_idf"}, [["a", "a", "z"], ["b", "c", "c"]],
         adapt=[["a", "b"], ["a", "c"], ["d", "a"]]),
    case("string/tf_idf_given", "StringLookup", {"output_mode": "tf_idf", "vocabulary": ["a", "b", "c"],
                                                 "idf_weights": [0.5, 1.5, 2.0]}, [["a", "a", "q"], ["c", "b", "r"]]),
    case("string/pad_to_max", "StringLookup", {"max_tokens": 8, "output_mode": "multi_hot",
                                               "pad_to_max_tokens": True}, [["a", "b"], ["e", "q"]], adapt=TOKENS),
    case("string/vocab_file", "StringLookup", {}, [["dog", "cat", "eel"]], vocab_file=["cat", "dog", "fish"]),
    case("string/adapt_dataset", "StringLookup", {}, [["a", "f", "zz"]], adapt=TOKENS, adapt_as="dataset",
         adapt_batch=4),
    case("string/adapt_2d_oov3_max", "StringLookup", {"num_oov_indices": 3, "max_tokens": 6},
         [["a", "b", "c"], ["d", "e", "f"], ["zz", "é", "qq"]], adapt=[TOKENS[:6], TOKENS[6:12]]),
    case("integer/adapt_ties", "IntegerLookup", {}, [[1, 9, 7], [42, 100, -1]], dtype="int64", adapt=INTS),
    case("integer/vocab_oov3", "IntegerLookup", {"vocabulary": [10, 20, 30], "num_oov_indices": 3},
         [[10, 1, 2, 3, 4, 5, 6, 7, 8, 99, -5, 30]], dtype="int64"),
    case("integer/mask0", "IntegerLookup", {"vocabulary": [10, 20], "mask_token": 0}, [[10, 0, 20, 5]],
         dtype="int64"),
    case("integer/int32_input", "IntegerLookup", {"vocabulary": [10, 20]}, [[10, 20, 3]], dtype="int32"),
    case("integer/invert", "IntegerLookup", {"vocabulary": [10, 20, 30], "invert": True}, [[0, 1, 3, 5]],
         dtype="int64"),
    case("integer/multi_hot", "IntegerLookup", {"output_mode": "multi_hot", "max_tokens": 4},
         [[1, 42, 42], [7, 3, 9]], dtype="int64", adapt=INTS),
    case("integer/count", "IntegerLookup", {"output_mode": "count"}, [[1, 42, 42], [7, 3, 8]], dtype="int64",
         adapt=INTS[:9], adapt_as="dataset", adapt_batch=3),
    case("integer/tf_idf", "IntegerLookup", {"output_mode": "tf_idf"}, [[1, 1, 2], [3, 8, 8]], dtype="int64",
         adapt=[[1, 2], [1, 3], [2, 4]]),
    case("integer/one_hot", "IntegerLookup", {"output_mode": "one_hot", "vocabulary": [4, 5]}, [4, 5, 6],
         dtype="int64"),
    case("category/one_hot", "CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot"}, [3, 2, 0, 1],
         dtype="int32"),
    case("category/one_hot_col", "CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot"},
         [[3], [2], [0]], dtype="int64"),
    case("category/multi_hot", "CategoryEncoding", {"num_tokens": 5}, [[0, 1, 1], [4, 4, 2]], dtype="int32"),
    case("category/multi_hot_rank1", "CategoryEncoding", {"num_tokens": 5}, [0, 3, 3], dtype="int32"),
    case("category/count", "CategoryEncoding", {"num_tokens": 4, "output_mode": "count"},
         [[0, 1, 1, 1], [3, 3, 2, 0]], dtype="int64"),
    case("category/float_input", "CategoryEncoding", {"num_tokens": 3, "output_mode": "count"},
         [[0.0, 2.0, 2.0]], dtype="float32"),
    case("hashing/bins5", "Hashing", {"num_bins": 5}, [["a"], ["b"], [""], ["hello world"], ["日本"]]),
    case("hashing/mask", "Hashing", {"num_bins": 4, "mask_value": ""}, [["a", "", "b", "c", "dd"]]),
    case("hashing/salt_int", "Hashing", {"num_bins": 9, "salt": 133}, [["a", "b", "", "xyz", "日本"]]),
    case("hashing/salt_pair", "Hashing", {"num_bins": 11, "salt": [5, 7]}, [["a", "b", "", "xyz"]]),
    case("hashing/int_input", "Hashing", {"num_bins": 13}, [[0, 1, 2, -3, 100, 123456789]], dtype="int64"),
    case("hashing/int_mask", "Hashing", {"num_bins": 6, "mask_value": 0}, [[0, 1, 2, 3, 4, 0]], dtype="int32"),
    case("hashing/one_hot", "Hashing", {"num_bins": 4, "output_mode": "one_hot"}, ["a", "b", "c"]),
    case("hashing/multi_hot", "Hashing", {"num_bins": 4, "output_mode": "multi_hot"}, [["a", "b", "c", "a"]]),
    case("hashing/count", "Hashing", {"num_bins": 4, "output_mode": "count"}, [["a", "b", "c", "a"], ["q", "r",
                                                                                                 "s", "t"]]),
    case("discretization/boundaries", "Discretization", {"bin_boundaries": [0.0, 1.0, 2.5]},
         [[-1.0, 0.0, 0.5, 1.0, 2.4, 2.5, 9.0]], dtype="float32"),
    case("discretization/int_input", "Discretization", {"bin_boundaries": [0.0, 2.0]}, [[-1, 0, 1, 2, 3]],
         dtype="int64"),
    case("discretization/one_hot", "Discretization", {"bin_boundaries": [0.0, 1.0], "output_mode": "one_hot"},
         [-0.5, 0.5, 1.5], dtype="float32"),
    case("discretization/count", "Discretization", {"bin_boundaries": [0.0, 1.0], "output_mode": "count"},
         [[-0.5, 0.5, 1.5, 1.7]], dtype="float32"),
    case("discretization/multi_hot", "Discretization", {"bin_boundaries": [0.0, 1.0],
                                                        "output_mode": "multi_hot"},
         [[-0.5, 1.5, 1.7]], dtype="float32"),
    case("discretization/adapt_small", "Discretization", {"num_bins": 4}, [[0.0, 1.5, 3.0, 4.5, 9.0]],
         dtype="float32", adapt=[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]),
    case("discretization/adapt_few", "Discretization", {"num_bins": 6}, [[0.0, 1.5, 3.0]], dtype="float32",
         adapt=[1.0, 2.0, 3.0]),
    case("discretization/adapt_random", "Discretization", {"num_bins": 5}, [[-1.0, 0.0, 0.3, 1.0, 2.0]],
         dtype="float32", adapt="random500"),
    case("discretization/adapt_dataset", "Discretization", {"num_bins": 3, "epsilon": 0.05},
         [[-1.0, 0.0, 0.3, 1.0, 2.0]], dtype="float32", adapt="random300", adapt_as="dataset", adapt_batch=64),
    case("text/default", "TextVectorization", {}, ["the cat ran", "a", "The dog, the CAT!"], adapt=WORDS),
    case("text/col_input", "TextVectorization", {}, [["the cat ran"], ["a"]], adapt=WORDS),
    case("text/seq_len_pad", "TextVectorization", {"output_sequence_length": 5}, ["the cat", "a b c d e f g"],
         adapt=WORDS),
    case("text/standardize_none", "TextVectorization", {"standardize": None}, ["the cat, The Cat"], adapt=WORDS),
    case("text/standardize_lower", "TextVectorization", {"standardize": "lower"}, ["the cat, The Cat ÄÖ"],
         adapt=WORDS),
    case("text/strip_punct", "TextVectorization", {"standardize": "strip_punctuation"}, ["The cat, The Cat"],
         adapt=WORDS),
    case("text/unicode_lower", "TextVectorization", {}, ["éclair ÉCLAIR äö ÄÖ straße"], adapt=WORDS),
    case("text/split_char", "TextVectorization", {"split": "character"}, ["cab", "éa!"], adapt=WORDS),
    case("text/split_none", "TextVectorization", {"split": None}, ["the the the end", "zzz"], adapt=WORDS),
    case("text/ngrams2", "TextVectorization", {"ngrams": 2}, ["the cat sat", "new york"], adapt=WORDS),
    case("text/ngrams_tuple", "TextVectorization", {"ngrams": [1, 3], "output_mode": "count"},
         ["the cat sat on the mat"], adapt=WORDS),
    case("text/multi_hot", "TextVectorization", {"output_mode": "multi_hot"}, ["the cat the", "zebra"],
         adapt=WORDS),
    case("text/count_max_tokens", "TextVectorization", {"output_mode": "count", "max_tokens": 6},
         ["the cat the", "a a dog"], adapt=WORDS),
    case("text/pad_to_max", "TextVectorization", {"output_mode": "multi_hot", "max_tokens": 40,
                                                  "pad_to_max_tokens": True}, ["the cat"], adapt=WORDS),
    case("text/tf_idf", "TextVectorization", {"output_mode": "tf_idf"}, ["the cat the", "zebra a"], adapt=WORDS),
    case("text/tf_idf_given", "TextVectorization", {"output_mode": "tf_idf", "vocabulary": ["x", "y"],
                                                    "idf_weights": [0.25, 4.0]}, ["x y y q"]),
    case("text/vocab_given", "TextVectorization", {"vocabulary": ["hello", "world"]}, ["Hello, world!", "bye"]),
    case("text/max_tokens_int", "TextVectorization", {"max_tokens": 5, "output_sequence_length": 4},
         ["the cat sat on the mat"], adapt=WORDS),
    case("text/adapt_dataset", "TextVectorization", {}, ["the cat ran"], adapt=WORDS, adapt_as="dataset",
         adapt_batch=3),
    case("text/empty_batch_strings", "TextVectorization", {}, ["", "   "], adapt=WORDS),
]

ERRORS = [
    ("string_bad_mode", "StringLookup", {"output_mode": "bad"}, None, None),
    ("string_dup_vocab", "StringLookup", {"vocabulary": ["a", "b", "a"]}, None, None),
    ("string_neg_oov", "StringLookup", {"num_oov_indices": -1}, None, None),
    ("string_invert_one_hot", "StringLookup", {"invert": True, "output_mode": "one_hot"}, None, None),
    ("string_idf_int_mode", "StringLookup", {"vocabulary": ["a"], "idf_weights": [1.0]}, None, None),
    ("string_tf_idf_no_weights", "StringLookup", {"vocabulary": ["a"], "output_mode": "tf_idf"}, None, None),
    ("string_oov0_unknown", "StringLookup", {"vocabulary": ["a"], "num_oov_indices": 0}, [["a", "q"]], "string"),
    ("string_max_tokens_1", "StringLookup", {"max_tokens": 1}, None, None),
    ("string_vocab_has_oov", "StringLookup", {"vocabulary": ["a", "[UNK]"]}, None, None),
    ("category_no_tokens", "CategoryEncoding", {}, None, None),
    ("category_bad_mode", "CategoryEncoding", {"num_tokens": 3, "output_mode": "int"}, None, None),
    ("category_out_of_range", "CategoryEncoding", {"num_tokens": 3}, [[0, 5]], "int32"),
    ("category_negative", "CategoryEncoding", {"num_tokens": 3}, [[0, -1]], "int32"),
    ("category_rank3", "CategoryEncoding", {"num_tokens": 3}, [[[0, 1]]], "int32"),
    ("hashing_zero_bins", "Hashing", {"num_bins": 0}, None, None),
    ("hashing_bad_mode", "Hashing", {"num_bins": 3, "output_mode": "tf_idf"}, None, None),
    ("hashing_bad_salt", "Hashing", {"num_bins": 3, "salt": [1, 2, 3]}, None, None),
    ("discretization_both", "Discretization", {"bin_boundaries": [0.0], "num_bins": 3}, None, None),
    ("discretization_adapt_given", "Discretization", {"bin_boundaries": [0.0]}, "adapt", None),
    ("text_bad_standardize", "TextVectorization", {"standardize": "upper"}, None, None),
    ("text_bad_split", "TextVectorization", {"split": "comma"}, None, None),
    ("text_seq_len_multi_hot", "TextVectorization", {"output_mode": "multi_hot", "output_sequence_length": 3},
     None, None),
    ("text_bad_mode", "TextVectorization", {"output_mode": "one_hot"}, None, None),
    ("text_bad_ngrams", "TextVectorization", {"ngrams": "x"}, None, None),
    ("text_max_tokens_1", "TextVectorization", {"max_tokens": 1}, None, None),
    ("text_wide_input", "TextVectorization", {"vocabulary": ["a"]}, [["a", "b"]], "string"),
]


def hash_strings():
    rng = random.Random(7)
    alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!-_éüß日本語😀"
    out = ["", " ", "a", "A", "hello", "Hello", "TensorFlow", "日本語", "😀", "café", "0", "-1", "1.5"]
    lengths = list(range(1, 80)) + [rng.randint(80, 400) for _ in range(108)]
    out += ["".join(rng.choice(alpha) for _ in range(n)) for n in lengths]
    return out


def listify(v):
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, (list, tuple)):
        return [listify(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, dict):
        return {str(k): listify(x) for k, x in v.items()}
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return listify(list(v)) if hasattr(v, "__iter__") else repr(v)


def adapt_data(c):
    a = c["adapt"]
    if isinstance(a, str) and a.startswith("random"):
        rng = np.random.default_rng(int(a[6:]))
        a = (rng.standard_normal(int(a[6:])) * 1.5 + 0.3).astype("float32").round(4).tolist()
        c["adapt"] = a
    return a


def build(tf, c, tmp):
    kwargs = dict(c["kwargs"])
    if c["vocab_file"] is not None:
        path = os.path.join(tmp, "vocab.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(c["vocab_file"]) + "\n")
        kwargs["vocabulary"] = path
    if isinstance(kwargs.get("ngrams"), list):  # JSON has no tuples; tf-keras wants one
        kwargs["ngrams"] = tuple(kwargs["ngrams"])
    layer = getattr(tf.keras.layers, c["layer"])(**kwargs)
    if c["adapt"] is not None:
        a = adapt_data(c)
        if c["adapt_as"] == "dataset":
            layer.adapt(tf.data.Dataset.from_tensor_slices(a).batch(c["adapt_batch"]))
        elif c["adapt_as"] == "array":
            layer.adapt(np.array(a))
        else:
            layer.adapt(a)
    return layer


def main():
    import tensorflow as tf
    tmp = tempfile.mkdtemp()
    for c in CASES:
        tf.keras.backend.clear_session()
        layer = build(tf, c, tmp)
        y = layer(tf.constant(c["x"], dtype=c["dtype"]))
        ref = {"y": listify(y.numpy()), "dtype": y.dtype.name, "shape": y.shape.as_list(),
               "config": listify(layer.get_config())}
        if hasattr(layer, "get_vocabulary"):
            ref["vocab"] = listify(layer.get_vocabulary())
            ref["vocab_plain"] = listify(layer.get_vocabulary(include_special_tokens=False))
            ref["vocabulary_size"] = int(layer.vocabulary_size())
        if c["layer"] == "Discretization":
            ref["bin_boundaries"] = listify(layer.bin_boundaries)
        c["tf"] = ref
    errors = []
    for name, cls, kwargs, x, dtype in ERRORS:
        tf.keras.backend.clear_session()
        phase, err = "init", None
        try:
            layer = getattr(tf.keras.layers, cls)(**kwargs)
            phase = "call"
            if x == "adapt":
                phase = "adapt"
                layer.adapt([1.0, 2.0])
            elif x is not None:
                layer(tf.constant(x, dtype=dtype))
            phase = None
        except Exception as e:  # noqa: BLE001 - recording the type is the point
            err = type(e).__name__
        errors.append({"name": name, "layer": cls, "kwargs": kwargs, "x": x, "dtype": dtype, "phase": phase,
                       "error": err})
    strings = hash_strings()
    hashes = {"strings": strings,
              "fast_1000": tf.strings.to_hash_bucket_fast(strings, 1000).numpy().tolist(),
              "fast_2_62": tf.strings.to_hash_bucket_fast(strings, 2 ** 62).numpy().tolist(),
              "strong_97": tf.strings.to_hash_bucket_strong(strings, 97, [133, 133]).numpy().tolist(),
              "fingerprint": tf.fingerprint(tf.constant(strings)).numpy().tolist(),
              "layer_10": tf.keras.layers.Hashing(10)(tf.constant([[s] for s in strings])).numpy()[:, 0].tolist(),
              "layer_salt": tf.keras.layers.Hashing(17, salt=[1, 2])(tf.constant(strings)).numpy().tolist()}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"tf_version": tf.__version__, "cases": CASES, "errors": errors, "hash": hashes}, f,
                  ensure_ascii=False, indent=0)
    print(f"wrote {len(CASES)} cases, {len(errors)} error cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
