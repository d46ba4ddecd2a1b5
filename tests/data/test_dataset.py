"""tf.data.Dataset and tf.py_function. Expectations were checked against TensorFlow 2.21: run with
NUMTF_TEST_AGAINST=tensorflow under the TF venv to check them again (the tests of numtf's own
error texts and internals then differ, as they should)."""
import gc
import importlib
import os
import threading

import numpy as np
import pytest

tf = importlib.import_module(os.environ.get("NUMTF_TEST_AGAINST", "numtf"))
NUMTF = tf.__name__ == "numtf"
Dataset = tf.data.Dataset


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(_plain(v) for v in x)
    return x.tolist() if isinstance(x, np.ndarray) else x


def values(ds):
    """The elements as plain Python values (lists for arrays)."""
    return [_plain(x) for x in ds.as_numpy_iterator()]


def card(ds):
    return int(ds.cardinality())


# -- sources -------------------------------------------------------------------------------------
def test_from_tensor_slices_structures():
    ds = Dataset.from_tensor_slices((np.arange(6.).reshape(3, 2), [1, 2, 3]))
    assert ds.element_spec == (tf.TensorSpec([2], tf.float64), tf.TensorSpec([], tf.int32))
    first = next(iter(ds))
    assert isinstance(first, tuple) and first[0].dtype == tf.float64 and first[1].dtype == tf.int32
    np.testing.assert_array_equal(first[0].numpy(), [0., 1.])
    assert repr(ds).startswith("<_TensorSliceDataset element_spec=(TensorSpec(shape=(2,), dtype=tf.float64")
    # a list is a value (one tensor), a dict and tuples are structure
    assert Dataset.from_tensor_slices([[1, 2], [3, 4]]).element_spec == tf.TensorSpec([2], tf.int32)
    ds = Dataset.from_tensor_slices({"a": [1, 2], "b": (np.zeros((2, 3)), ["x", "y"])})
    spec = ds.element_spec
    assert spec["a"] == tf.TensorSpec([], tf.int32)
    assert spec["b"] == (tf.TensorSpec([3], tf.float64), tf.TensorSpec([], tf.string))
    out = list(ds.as_numpy_iterator())
    assert out[1]["a"] == 2 and out[1]["b"][1] == b"y"
    np.testing.assert_array_equal(out[0]["b"][0], np.zeros(3))
    # tensors work as well as arrays, and the user's array is not aliased
    x = np.arange(4.0, dtype=np.float32)
    ds = Dataset.from_tensor_slices(tf.constant(x) * 2)
    assert values(ds) == [0., 2., 4., 6.]
    ds = Dataset.from_tensor_slices(x)
    x[0] = 100.0
    assert values(ds)[0] == 0.0


def test_from_tensor_slices_errors():
    with pytest.raises(ValueError, match="Unbatching a tensor is only supported for rank >= 1"):
        Dataset.from_tensor_slices(1)
    with pytest.raises(ValueError, match="Dimensions 2 and 3 are not compatible"):
        Dataset.from_tensor_slices(([1, 2], [1, 2, 3]))


def test_from_tensors_and_range():
    ds = Dataset.from_tensors([1, 2])
    assert ds.element_spec == tf.TensorSpec([2], tf.int32) and card(ds) == 1
    assert values(ds) == [[1, 2]]
    assert values(Dataset.range(4)) == [0, 1, 2, 3]
    assert values(Dataset.range(2, 5)) == [2, 3, 4]
    assert values(Dataset.range(2, 10, 3)) == [2, 5, 8]
    assert values(Dataset.range(5, 0, -2)) == [5, 3, 1]
    assert Dataset.range(3).element_spec == tf.TensorSpec([], tf.int64)
    assert next(iter(Dataset.range(3))).dtype == tf.int64
    assert card(Dataset.range(2, 10, 3)) == 3 and len(Dataset.range(7)) == 7


def test_iteration_restarts_and_yields_tensors():
    ds = Dataset.from_tensor_slices(([1, 2, 3], [4., 5., 6.]))
    for _ in range(2):  # each iter() starts over
        got = [(int(a), float(b)) for a, b in ds]
        assert got == [(1, 4.), (2, 5.), (3, 6.)]
    it = iter(ds)
    a, b = next(it)
    assert isinstance(a, tf.Tensor) and a.shape == () and b.dtype == tf.float32
    assert it.element_spec == ds.element_spec
    for _ in range(2):
        next(it)
    with pytest.raises(StopIteration):
        next(it)
    with pytest.raises(tf.errors.OutOfRangeError):
        iter(Dataset.range(0)).get_next()


def test_from_generator_signature():
    def gen():
        for i in range(3):
            yield np.arange(i), i

    ds = Dataset.from_generator(gen, output_signature=(tf.TensorSpec([None], tf.int32), tf.TensorSpec([], tf.int64)))
    assert ds.element_spec == (tf.TensorSpec([None], tf.int32), tf.TensorSpec([], tf.int64))
    assert card(ds) == tf.data.UNKNOWN_CARDINALITY
    got = list(ds)
    assert got[2][0].dtype == tf.int32 and got[2][0].numpy().tolist() == [0, 1] and int(got[2][1]) == 2
    assert len(list(ds)) == 3  # the generator is called again for each iteration
    ds = Dataset.from_generator(gen, output_types=(tf.float32, tf.int64), output_shapes=([None], []))
    assert ds.element_spec == (tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.int64))
    ds = Dataset.from_generator(gen, output_types=(tf.float32, tf.int64))
    assert ds.element_spec[0].shape.rank is None
    ds = Dataset.from_generator(lambda n: iter(range(n)), args=(3,), output_signature=tf.TensorSpec([], tf.int32))
    assert values(ds) == [0, 1, 2]
    ds = Dataset.from_generator(lambda: iter([1, 2]), output_signature=tf.TensorSpec([], tf.float32))
    assert [x.dtype for x in ds] == [tf.float32, tf.float32]


def test_from_generator_errors():
    with pytest.raises(TypeError, match="either the `output_signature` argument or the `output_types`"):
        Dataset.from_generator(lambda: iter([1]))
    with pytest.raises(TypeError, match="`generator` must be a Python callable"):
        Dataset.from_generator(5, output_types=tf.int32)

    def first_error(gen, spec):
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            list(Dataset.from_generator(gen, output_signature=spec))
        return str(info.value)

    msg = first_error(lambda: iter([np.zeros((2, 2))]), tf.TensorSpec([None], tf.float32))
    assert "`generator` yielded an element of shape (2, 2) where an element of shape (None,) was expected" in msg
    msg = first_error(lambda: iter(["a"]), tf.TensorSpec([], tf.float32))
    assert "could not be converted to the expected type. The expected type was float32" in msg
    msg = first_error(lambda: iter([5]), (tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.int32)))
    assert "did not match the expected structure" in msg

    def boom():
        yield 1
        raise ValueError("boom")

    ds = Dataset.from_generator(boom, output_signature=tf.TensorSpec([], tf.int32))
    it = iter(ds)
    assert int(next(it)) == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="ValueError: boom"):
        next(it)


def test_zip_concatenate_enumerate():
    a, b = Dataset.range(3), Dataset.from_tensor_slices([1.0, 2.0])
    z = Dataset.zip((a, b))
    assert z.element_spec == (tf.TensorSpec([], tf.int64), tf.TensorSpec([], tf.float32))
    assert values(z) == [(0, 1.0), (1, 2.0)] and card(z) == 2
    assert values(Dataset.zip(a, b)) == values(z)
    d = Dataset.zip({"x": a, "y": (b, a)})
    assert [(e["x"], e["y"][0], e["y"][1]) for e in values(d)] == [(0, 1.0, 0), (1, 2.0, 1)]
    with pytest.raises(TypeError, match="Python `list` is not supported"):
        Dataset.zip([a, b])
    c = a.concatenate(Dataset.range(2))
    assert values(c) == [0, 1, 2, 0, 1] and card(c) == 5
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        a.concatenate(b)
    mixed = a.concatenate(Dataset.from_tensors(tf.constant([1, 2], tf.int64)))
    assert mixed.element_spec.shape.rank is None  # () and (2,) relax to an unknown shape
    e = Dataset.range(3).enumerate(start=5)
    assert e.element_spec == (tf.TensorSpec([], tf.int64), tf.TensorSpec([], tf.int64))
    assert values(e) == [(5, 0), (6, 1), (7, 2)] and card(e) == 3


# -- map and functions ---------------------------------------------------------------------------
def test_map_traces_once_and_unpacks_tuples(capsys):
    calls = []

    def f(img, label):
        calls.append(1)
        print("tracing")
        return tf.cast(img, tf.float32) / 255.0, label

    ds = Dataset.from_tensor_slices((np.full((5, 2), 255, np.uint8), np.arange(5)))
    m = ds.map(f)  # the handbook's `lambda img, label:` form
    assert capsys.readouterr().out == "tracing\n"  # traced when map() is called
    assert m.element_spec == (tf.TensorSpec([2], tf.float32), tf.TensorSpec([], tf.int64))
    out = list(m) + list(m)
    assert len(out) == 10 and len(calls) == 1 and capsys.readouterr().out == ""
    np.testing.assert_allclose(out[0][0].numpy(), [1.0, 1.0])
    assert [int(lbl) for _, lbl in out[:5]] == [0, 1, 2, 3, 4]


def test_map_structures():
    d = Dataset.from_tensor_slices({"a": [1, 2], "b": [3, 4]})
    assert values(d.map(lambda e: e["a"] + e["b"])) == [4, 6]  # a dict comes as one argument
    with pytest.raises(TypeError):
        d.map(lambda a, b: a)
    r = Dataset.range(2)
    # Python values become constants; a returned list becomes a tuple; nested lists are tensors
    m = r.map(lambda x: [x, 1, "s", np.float64(2)])
    assert m.element_spec == (tf.TensorSpec([], tf.int64), tf.TensorSpec([], tf.int32),
                              tf.TensorSpec([], tf.string), tf.TensorSpec([], tf.float64))
    assert values(m)[1] == (1, 1, b"s", 2.0)
    m = r.map(lambda x: {"a": x, "b": (x, [x, x])})
    assert m.element_spec["b"][1] == tf.TensorSpec([2], tf.int64)
    assert values(m)[1]["b"][1] == [1, 1]
    # variables are captured by reference: their current value is read per element
    v = tf.Variable(10, dtype=tf.int64)
    m = r.map(lambda x: x + v)
    assert values(m) == [10, 11]
    v.assign(20)
    assert values(m) == [20, 21]


def test_map_after_batch_runs_once_per_batch():
    calls = []

    def count(x):
        calls.append(x.shape[0])
        return x

    ds = Dataset.range(10).batch(4).map(lambda x: tf.py_function(count, [x], tf.int64) * 2)
    assert values(ds) == [[0, 2, 4, 6], [8, 10, 12, 14], [16, 18]]
    assert calls == [4, 4, 2]


def test_numpy_in_traced_map_error():
    with pytest.raises((NotImplementedError, AttributeError)) as info:
        Dataset.range(3).map(lambda x: x.numpy())
    if NUMTF:
        msg = str(info.value)
        assert "traced into a graph once" in msg and "tf.py_function" in msg
        assert "tf.data.experimental.enable_debug_mode()" in msg


def test_filter():
    f = Dataset.range(10).filter(lambda x: x % 3 == 0)
    assert values(f) == [0, 3, 6, 9] and card(f) == tf.data.UNKNOWN_CARDINALITY
    with pytest.raises(ValueError, match="must return a `tf.bool` scalar tensor"):
        Dataset.range(10).filter(lambda x: x)
    assert values(Dataset.range(10).take_while(lambda x: x < 3)) == [0, 1, 2]


def test_flat_map_and_interleave():
    fm = Dataset.range(1, 4).flat_map(lambda x: Dataset.from_tensors(x).repeat(x))
    assert values(fm) == [1, 2, 2, 3, 3, 3]
    i = Dataset.range(1, 4).interleave(lambda x: Dataset.from_tensors(x).repeat(x), cycle_length=2, block_length=1)
    assert values(i) == [1, 2, 2, 3, 3, 3]  # these orders are TF's
    i = Dataset.range(1, 4).interleave(lambda x: Dataset.from_tensors(x).repeat(4), cycle_length=2, block_length=3)
    assert values(i) == [1, 1, 1, 2, 2, 2, 1, 2, 3, 3, 3, 3]
    nested = Dataset.range(3).flat_map(lambda x: Dataset.range(2).map(lambda y: y * 10 + x))
    assert values(nested) == [0, 10, 1, 11, 2, 12]
    sliced = Dataset.from_tensors([[1, 2], [3, 4]]).flat_map(Dataset.from_tensor_slices)
    assert values(sliced) == [[1, 2], [3, 4]]


def test_reduce():
    assert int(Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x)) == 10
    out = Dataset.range(3).reduce(tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, [x]], 0))
    assert out.numpy().tolist() == [0, 1, 2]  # the state's shape is relaxed as it grows
    with pytest.raises(TypeError):
        Dataset.range(5).reduce(0, lambda s, x: s + x)  # int32 state, int64 elements


# -- py_function ----------------------------------------------------------------------------------
def test_py_function_in_map_runs_eagerly_per_element():
    seen = []

    def py(x):
        seen.append(type(x).__name__)
        return x.numpy() * 2

    m = Dataset.range(3).map(lambda x: tf.py_function(py, [x], tf.int64))
    assert seen == []  # nothing ran at trace time
    assert m.element_spec == tf.TensorSpec(None, tf.int64)  # py_function's shape is unknown
    assert values(m) == [0, 2, 4] and len(seen) == 3
    m = Dataset.range(2).map(lambda x: tf.py_function(lambda a: (a, tf.cast(a, tf.float32)), [x],
                                                      [tf.int64, tf.float32]))
    assert values(m) == [(0, 0.0), (1, 1.0)]


def test_py_function_eager_graph_and_gradients():
    assert int(tf.py_function(lambda a: a.numpy() * 2, [tf.constant(3)], tf.int32)) == 6
    assert tf.py_function(lambda: None, [], []) == []
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.py_function(lambda a: a * a, [x], tf.float32)
    assert float(tape.gradient(y, x)) == 6.0

    @tf.function
    def g(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.py_function(lambda a: a * a * a, [x], tf.float32)
        return y, tape.gradient(y, x)

    y, dy = g(tf.constant(2.0))
    assert float(y) == 8.0 and float(dy) == 12.0

    @tf.function
    def h(x):
        return tf.py_function(lambda a: a.numpy() + 1, [x], tf.float32)

    assert h(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 3.0]
    dec = tf.py_function(Tout=tf.int32)(lambda a: a + 1)
    assert int(dec(1)) == 2


def test_py_function_errors():
    with pytest.raises(TypeError, match="Missing required argument: 'Tout'"):
        tf.py_function(lambda: None, [], None)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot convert 'a' to EagerTensor of dtype int32"):
        tf.py_function(lambda x: "a", [1], tf.int32)
    with pytest.raises(tf.errors.UnknownError, match="ZeroDivisionError: division by zero"):
        tf.py_function(lambda x: 1 / 0, [1], tf.int32)

    @tf.function
    def h(x):
        return tf.py_function(lambda x: 1 / 0, [x], tf.float32)

    with pytest.raises(tf.errors.UnknownError, match="ZeroDivisionError"):
        h(1.0)
    ds = Dataset.range(3).map(lambda x: tf.py_function(lambda a: 1 // (int(a) - 1), [x], tf.int64))
    it = iter(ds)
    assert int(next(it)) == -1
    with pytest.raises(tf.errors.UnknownError, match="ZeroDivisionError"):
        next(it)


def test_numpy_function():
    out = tf.numpy_function(lambda a: a * 2, [np.array([1., 2.])], tf.float64)
    assert out.dtype == tf.float64 and out.numpy().tolist() == [2.0, 4.0]

    @tf.function
    def h(x):
        return tf.numpy_function(lambda a: a * 2, [x], tf.float32)

    with pytest.raises(tf.errors.InvalidArgumentError, match="is double, but expects float"):
        h(tf.constant([1., 2.], tf.float64))
    m = Dataset.range(3).map(lambda x: tf.numpy_function(lambda a: a + np.int64(1), [x], tf.int64))
    assert values(m) == [1, 2, 3]


# -- shuffle ------------------------------------------------------------------------------------------
def _by_generator(n):
    """A range whose elements are not index-addressable (exercises the element-wise shuffle)."""
    return Dataset.from_generator(lambda: iter(range(n)), output_signature=tf.TensorSpec([], tf.int64))


@pytest.mark.parametrize("make", [Dataset.range, _by_generator], ids=["indexed", "elements"])
def test_shuffle_buffer_semantics(make):
    assert values(make(20).shuffle(1)) == list(range(20))  # a buffer of 1 keeps the order
    full = values(make(50).shuffle(50, seed=3))
    assert sorted(full) == list(range(50)) and full != list(range(50))  # a full buffer permutes
    for seed in range(5):  # with a buffer of 3, output i comes from the first i + 3 inputs
        out = values(make(50).shuffle(3, seed=seed))
        assert sorted(out) == list(range(50))
        assert all(x < i + 3 for i, x in enumerate(out))
        assert out != list(range(50))


@pytest.mark.parametrize("make", [Dataset.range, _by_generator], ids=["indexed", "elements"])
def test_shuffle_seeds_and_reshuffling(make):
    a = make(30).shuffle(30, seed=7)
    b = make(30).shuffle(30, seed=7)
    first, second = values(a), values(a)
    assert first != second  # reshuffle_each_iteration=True: a new order per iteration
    assert values(b) == first and values(b) == second  # the same seed gives the same orders
    fixed = make(30).shuffle(30, seed=7, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed)
    tf.random.set_seed(11)  # the global seed alone makes programs reproducible
    c = make(30).shuffle(30)
    c1, c2 = values(c), values(c)
    tf.random.set_seed(11)
    d = make(30).shuffle(30)
    assert values(d) == c1 and values(d) == c2
    tf.random.set_seed(None)
    # shuffle then repeat reshuffles each epoch
    epochs = values(make(10).shuffle(10, seed=1).repeat(3))
    parts = [epochs[i:i + 10] for i in (0, 10, 20)]
    assert all(sorted(p) == list(range(10)) for p in parts) and parts[0] != parts[1]
    same = values(make(10).shuffle(10, seed=1, reshuffle_each_iteration=False).repeat(2))
    assert same[:10] == same[10:]


@pytest.mark.parametrize("make", [Dataset.range, _by_generator], ids=["indexed", "elements"])
def test_repeat_before_shuffle_mixes_epochs(make):
    mixed = 0
    for seed in range(6):
        out = values(make(6).repeat(2).shuffle(12, seed=seed))
        assert sorted(out) == sorted(list(range(6)) * 2)
        mixed += sorted(out[:6]) != list(range(6))
        kept = values(make(6).shuffle(6, seed=seed).repeat(2))  # shuffle first: epochs stay apart
        assert sorted(kept[:6]) == list(range(6)) and sorted(kept[6:]) == list(range(6))
    assert mixed > 0


def test_shuffle_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="buffer_size must be greater than zero"):
        Dataset.range(3).shuffle(0)
    assert card(Dataset.range(6).shuffle(3)) == 6


# -- batching ------------------------------------------------------------------------------------------
def test_batch():
    b = Dataset.range(10).batch(3)
    assert b.element_spec == tf.TensorSpec([None], tf.int64)
    assert values(b) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]] and card(b) == 4 and len(b) == 4
    d = Dataset.range(10).batch(3, drop_remainder=True)
    assert d.element_spec == tf.TensorSpec([3], tf.int64) and values(d) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert card(d) == 3
    x = np.arange(24, dtype=np.float32).reshape(12, 2)
    y = np.arange(12)
    ds = Dataset.from_tensor_slices((x, y)).batch(5)
    assert ds.element_spec == (tf.TensorSpec([None, 2], tf.float32), tf.TensorSpec([None], tf.int64))
    batches = list(ds)
    assert [tuple(bx.shape) for bx, _ in batches] == [(5, 2), (5, 2), (2, 2)]
    np.testing.assert_array_equal(batches[1][0].numpy(), x[5:10])
    # shuffled and repeated index streams are gathered: all the rows, each exactly twice
    sh = Dataset.from_tensor_slices((x, y)).shuffle(12, seed=0).repeat(2).batch(5)
    pairs = list(sh)  # one pass (each iteration reshuffles)
    rows = np.concatenate([bx.numpy() for bx, _ in pairs])
    labels = np.concatenate([by.numpy() for _, by in pairs])
    np.testing.assert_array_equal(rows[:, 0] / 2, np.asarray(labels, np.float32))
    assert sorted(labels.tolist()) == sorted(list(range(12)) * 2)
    strings = Dataset.from_tensor_slices(["a", "b", "c"]).batch(2)
    assert values(strings) == [[b"a", b"b"], [b"c"]]
    assert Dataset.range(10).batch(3).batch(2, drop_remainder=True).element_spec == tf.TensorSpec([2, None], tf.int64)
    assert card(Dataset.range(10).repeat().batch(3)) == tf.data.INFINITE_CARDINALITY


def test_batch_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Batch size must be greater than zero"):
        Dataset.range(3).batch(0)
    ragged = Dataset.range(1, 5).map(lambda x: tf.fill([x], x))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot add tensor to the batch: number of "
                       r"elements does not match. Shapes are: \[tensor\]: \[2\], \[batch\]: \[1\]"):
        list(ragged.batch(2))


def test_padded_batch():
    ds = Dataset.range(1, 5).map(lambda x: tf.fill([x], x))
    pb = ds.padded_batch(2)
    assert pb.element_spec == tf.TensorSpec([None, None], tf.int64)
    assert values(pb) == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]
    pb = ds.padded_batch(2, padded_shapes=[5], padding_values=tf.constant(-1, tf.int64), drop_remainder=True)
    assert pb.element_spec == tf.TensorSpec([2, 5], tf.int64)
    assert values(pb)[0] == [[1, -1, -1, -1, -1], [2, 2, -1, -1, -1]]
    z = Dataset.zip((ds, Dataset.from_tensor_slices(["0", "1", "2", "3"])))
    pb = z.padded_batch(3, padding_values=(np.int64(7), "pad"))
    assert pb.element_spec == (tf.TensorSpec([None, None], tf.int64), tf.TensorSpec([None], tf.string))
    assert values(pb)[0] == ([[1, 7, 7], [2, 2, 7], [3, 3, 3]], [b"0", b"1", b"2"])
    with pytest.raises(TypeError, match="`padding_values` values type <dtype: 'int32'> does not match type "
                                        "<dtype: 'int64'>"):
        ds.padded_batch(2, padding_values=-1)  # a Python int is an int32
    with pytest.raises(ValueError, match=r"The padded shape \(3, 3\) is not compatible with the shape \(None,\)"):
        ds.padded_batch(2, padded_shapes=[3, 3])
    with pytest.raises(tf.errors.DataLossError, match="Attempted to pad to a smaller size than the input element"):
        list(ds.padded_batch(2, padded_shapes=[3]))


def test_unbatch():
    u = Dataset.range(7).batch(3).unbatch()
    assert u.element_spec == tf.TensorSpec([], tf.int64) and values(u) == list(range(7))
    assert card(u) == tf.data.UNKNOWN_CARDINALITY
    pairs = Dataset.from_tensors((tf.constant([[1, 2], [3, 4]]), tf.constant(["a", "b"]))).unbatch()
    assert values(pairs) == [([1, 2], b"a"), ([3, 4], b"b")]
    with pytest.raises(ValueError, match="Cannot unbatch an input with scalar components"):
        Dataset.range(3).unbatch()
    with pytest.raises(ValueError, match="matching leading dimension. Encountered both 2 and 3"):
        Dataset.from_tensors((tf.zeros([2]), tf.zeros([3]))).unbatch()


# -- repeat, take, skip, cache ----------------------------------------------------------------------
def test_repeat_take_skip():
    r = Dataset.range
    assert values(r(3).repeat(2)) == [0, 1, 2, 0, 1, 2]
    assert values(r(3).repeat().take(7)) == [0, 1, 2, 0, 1, 2, 0]
    assert values(r(0).repeat()) == []  # an empty dataset repeated forever ends
    assert values(r(10).take(3)) == [0, 1, 2] and values(r(10).take(-1)) == list(range(10))
    assert values(r(10).skip(7)) == [7, 8, 9] and values(r(10).skip(-1)) == []
    assert values(r(10).skip(2).take(3)) == [2, 3, 4]
    gen = _by_generator(10)
    assert values(gen.skip(7)) == [7, 8, 9] and values(gen.take(2)) == [0, 1]
    assert values(gen.repeat(2).skip(8).take(4)) == [8, 9, 0, 1]
    assert [card(d) for d in (r(10).take(3), r(10).take(-1), r(10).take(20), r(10).skip(3), r(10).skip(20),
                              r(10).skip(-1), r(10).repeat(3), r(0).repeat(), r(10).repeat().take(5),
                              r(10).repeat().skip(5))] == [3, 10, 10, 7, 0, 0, 30, 0, 5, -1]
    assert card(r(10).filter(lambda x: True).take(3)) == tf.data.UNKNOWN_CARDINALITY


def test_cardinality_and_len():
    assert tf.data.INFINITE_CARDINALITY == -1 and tf.data.UNKNOWN_CARDINALITY == -2
    assert tf.data.AUTOTUNE == -1 and tf.data.experimental.AUTOTUNE == -1
    c = Dataset.range(10).batch(3).cardinality()
    assert c.dtype == tf.int64 and int(c) == 4
    assert int(tf.data.experimental.cardinality(Dataset.range(4))) == 4
    with pytest.raises(TypeError, match="The dataset is infinite"):
        len(Dataset.range(3).repeat())
    with pytest.raises(TypeError, match="The dataset length is unknown"):
        len(Dataset.range(3).filter(lambda x: x > 0))
    assert bool(Dataset.range(3).repeat())  # truthiness never asks for the length


def test_cache():
    calls = []

    def gen():
        calls.append(1)
        yield from range(4)

    ds = Dataset.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64)).cache()
    assert values(ds.take(2)) == [0, 1]  # a partial pass caches nothing
    assert values(ds) == [0, 1, 2, 3] and values(ds) == [0, 1, 2, 3]
    assert len(calls) == 2


def test_cache_file(tmp_path):
    path = str(tmp_path / "cache")
    ds = Dataset.range(5).map(lambda x: x * 2).cache(path)
    assert values(ds) == [0, 2, 4, 6, 8]
    again = Dataset.range(1).cache(path)  # a later program reads the file instead of its input
    assert values(again) == [0, 2, 4, 6, 8]


def test_prefetch_values_and_thread_shutdown():
    before = set(threading.enumerate())
    ds = Dataset.range(100).map(lambda x: x + 1).prefetch(2)
    assert values(ds) == list(range(1, 101))
    assert values(Dataset.range(5).prefetch(tf.data.AUTOTUNE)) == list(range(5))
    it = iter(Dataset.range(1000).repeat().prefetch(3))
    assert int(next(it)) == 0
    started = set(threading.enumerate()) - before
    del it
    gc.collect()
    for t in started:  # the producer stops once its consumer is gone
        t.join(timeout=30)
        assert not t.is_alive()


def test_prefetch_propagates_exceptions():
    def gen():
        yield 1
        yield 2
        raise RuntimeError("producer failed")

    before = set(threading.enumerate())
    ds = Dataset.from_generator(gen, output_signature=tf.TensorSpec([], tf.int32)).prefetch(4)
    it = iter(ds)
    assert [int(next(it)), int(next(it))] == [1, 2]
    with pytest.raises(tf.errors.UnknownError, match="RuntimeError: producer failed"):
        next(it)
    for t in set(threading.enumerate()) - before:
        t.join(timeout=30)
        assert not t.is_alive()


# -- misc -----------------------------------------------------------------------------------------------
def test_apply_shard_options_and_numpy_iterator():
    assert values(Dataset.range(3).apply(lambda d: d.map(lambda x: x + 1))) == [1, 2, 3]
    assert values(Dataset.range(10).shard(3, 1)) == [1, 4, 7] and card(Dataset.range(10).shard(3, 1)) == 3
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    ds = Dataset.range(3).with_options(options).map(lambda x: x)
    assert ds.options().experimental_distribute.auto_shard_policy == tf.data.experimental.AutoShardPolicy.DATA
    assert values(ds) == [0, 1, 2]
    with pytest.raises(AttributeError, match="Cannot set the property foo on Options"):
        options.foo = 1
    it = Dataset.from_tensor_slices({"a": [1, 2]}).as_numpy_iterator()
    first = next(it)
    assert isinstance(first["a"], np.integer) and first["a"] == 1


def test_element_spec_through_pipeline():
    x = np.zeros((8, 28, 28), np.float32)
    y = np.zeros(8, np.int64)
    ds = (Dataset.from_tensor_slices((x, y)).shuffle(8).map(lambda a, b: (tf.expand_dims(a, -1), b))
          .batch(4).prefetch(1))
    assert ds.element_spec == (tf.TensorSpec([None, 28, 28, 1], tf.float32), tf.TensorSpec([None], tf.int64))
    assert card(ds) == 2
    shapes = [tuple(a.shape) for a, _ in ds]
    assert shapes == [(4, 28, 28, 1), (4, 28, 28, 1)]


def test_debug_mode_runs_map_eagerly(capsys):
    tf.data.experimental.enable_debug_mode()
    try:
        def f(x):
            print(type(x).__name__)
            if tf.executing_eagerly():
                return x.numpy() * 2
            return x * 2

        m = Dataset.range(3).map(f)
        assert values(m) == [0, 2, 4]
        printed = capsys.readouterr().out.split()
        assert len(printed) == 4 and printed[0] == "SymbolicTensor"  # traced once, then eager per element
        if NUMTF:  # TF 2.21 still traces first, so there .numpy() fails at map() time
            m = Dataset.range(3).map(lambda x: x.numpy() + 1)
            assert m.element_spec.dtype == tf.int64 and values(m) == [1, 2, 3]
    finally:
        if NUMTF:
            tf.data.experimental._set_debug_mode(False)


def test_parallel_map_keeps_order(monkeypatch):
    if NUMTF:  # make the thread pool path run however cheap the function is
        from numtf.data import transforms
        monkeypatch.setattr(transforms, "_PARALLEL_THRESHOLD", 0.0)
    ds = Dataset.range(40).map(lambda x: x * x, num_parallel_calls=tf.data.AUTOTUNE)
    assert values(ds) == [i * i for i in range(40)]
    ds = Dataset.range(40).map(lambda x: x + 1, num_parallel_calls=3, deterministic=True).batch(8)
    assert values(ds)[0] == list(range(1, 9))

    def check(v):
        if int(v) == 20:
            raise ValueError("element 20")
        return v

    bad = Dataset.range(40).map(lambda x: tf.py_function(check, [x], tf.int64), num_parallel_calls=4)
    it = iter(bad)
    assert [int(next(it)) for _ in range(20)] == list(range(20))  # errors surface in order
    with pytest.raises(tf.errors.OpError, match="ValueError: element 20"):  # (TF says Unknown here)
        next(it)
