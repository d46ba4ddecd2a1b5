"""tf.strings: expected values are what TensorFlow 2.21 printed for the same calls."""
import pytest

import numtf as tf

S = tf.constant(["Hello", "World!"])


def values(t):
    return t.numpy().tolist()


def test_lengths_case_and_joins():
    assert values(tf.strings.length(S)) == [5, 6] and tf.strings.length(S).dtype == tf.int32
    assert int(tf.strings.length(tf.constant("héllo"))) == 6
    assert int(tf.strings.length(tf.constant("héllo"), unit="UTF8_CHAR")) == 5
    assert values(tf.strings.upper(S)) == [b"HELLO", b"WORLD!"] and values(tf.strings.lower(S)) == [b"hello", b"world!"]
    assert values(tf.strings.strip(tf.constant(["  a b  ", "c\n"]))) == [b"a b", b"c"]
    assert values(tf.strings.join([S, S], separator="-")) == [b"Hello-Hello", b"World!-World!"]
    assert tf.strings.join(["a", "b"]).numpy() == b"ab" and values(tf.strings.join([S, "x"])) == [b"Hellox", b"World!x"]
    assert tf.strings.reduce_join(S, separator=",").numpy() == b"Hello,World!"
    assert values(tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=1)) == [b"ab", b"cd"]


def test_substr_regex_and_numbers():
    assert values(tf.strings.substr(S, 1, 3)) == [b"ell", b"orl"]
    assert tf.strings.substr(tf.constant("abcdef"), -3, 2).numpy() == b"de"
    assert values(tf.strings.regex_replace(S, "o", "0")) == [b"Hell0", b"W0rld!"]
    assert tf.strings.regex_replace(tf.constant("aaa"), "a", "b", replace_global=False).numpy() == b"baa"
    assert values(tf.strings.regex_full_match(S, "H.*")) == [True, False]
    assert values(tf.strings.as_string(tf.constant([1, 2]))) == [b"1", b"2"]
    assert values(tf.strings.as_string(tf.constant([1.5, 2.25]))) == [b"1.500000", b"2.250000"]
    assert tf.strings.as_string(tf.constant(3.14159), precision=2).numpy() == b"3.14"
    assert values(tf.strings.as_string(tf.constant([True, False]))) == [b"true", b"false"]
    assert values(tf.strings.to_number(tf.constant(["1.5", "2"]))) == [1.5, 2.0]
    seven = tf.strings.to_number("7", out_type=tf.int32)
    assert seven.dtype == tf.int32 and int(seven) == 7
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.strings.to_number("abc")


def test_split_and_graphs():
    assert values(tf.strings.split(tf.constant("a b  c"))) == [b"a", b"b", b"c"]
    assert values(tf.strings.split("a,b,,c", sep=",")) == [b"a", b"b", b"", b"c"]
    assert values(tf.strings.bytes_split("abc")) == [b"a", b"b", b"c"]
    ragged = tf.strings.split(tf.constant(["a b", "c", ""]))  # TF: a RaggedTensor [3, None]
    assert isinstance(ragged, tf.RaggedTensor) and ragged.to_list() == [[b"a", b"b"], [b"c"], []]
    assert tf.strings.bytes_split(["ab", "c"]).to_list() == [[b"a", b"b"], [b"c"]]
    with pytest.raises(tf.errors.UnimplementedError, match="rank-2"):
        tf.strings.split(tf.constant([["a b"]]))

    @tf.function
    def f(x):
        return tf.strings.upper(x), tf.strings.length(x), tf.strings.join([x, "!"])
    up, n, joined = f(tf.constant(["ab", "c"]))
    assert values(up) == [b"AB", b"C"] and values(n) == [2, 1] and values(joined) == [b"ab!", b"c!"]
    assert n.shape == (2,)
    ds = tf.data.Dataset.from_tensor_slices(["a", "bb"]).map(tf.strings.length)
    assert [int(x) for x in ds] == [1, 2]


def test_format_prints_like_tf_print():
    out = tf.strings.format("x={} y={}", (tf.constant(3), tf.constant([1.5, 2.0])))
    assert out.dtype == tf.string and out.numpy() == b"x=3 y=[1.5 2]"
    assert tf.strings.format("{}", tf.range(10)).numpy() == b"[0 1 2 ... 7 8 9]"
    assert tf.strings.format("{}", tf.range(10), summarize=-1).numpy() == b"[0 1 2 3 4 5 6 7 8 9]"
    assert tf.strings.format("v: {} and {}", [tf.constant("s"), tf.constant([[True, False]])]).numpy() == \
        b'v: "s" and [[1 0]]'
    with pytest.raises(ValueError):
        tf.strings.format("{} {}", tf.constant(1))
