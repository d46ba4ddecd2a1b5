"""tf.saved_model.save / load in numtf's own SavedModel format (numtf/saved_model): the handbook's
deployment MLP, tf.Modules with several signatures and cond / while_loop / switch_case inside,
exact variables and outputs after loading, gradients through restored functions, TF's names,
keys and error messages (tests/golden/saved_model.json, from tools/make_saved_model_golden.py),
atomic writes, and a loader that never runs code from the files."""
import json
import os

import numpy as np
import pytest

import numtf as tf
import numtf.saved_model as saved_model  # (tf.saved_model once numtf/__init__.py lists it)

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "golden", "saved_model.json")))
X = np.random.RandomState(0).rand(50, 28, 28, 1).astype(np.float32)


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


class MLP(tf.keras.Model):  # the handbook's deployment example
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


class M(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
        self.n = tf.Variable(3, name="n")
        self.sub = tf.Module()
        self.sub.b = tf.Variable([0.5, -0.5], name="b")
        self.lst = [tf.Variable(1.5, name="l0")]

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32, name="x")])
    def f(self, x):
        return tf.matmul(x, self.w) + self.sub.b

    @tf.function
    def g(self, x, scale=2.0):
        return tf.cond(tf.reduce_sum(x) > 0, lambda: x * scale * self.lst[0], lambda: -x), x + 1.0

    @tf.function(input_signature=[tf.TensorSpec([], tf.int32)])
    def loop(self, k):
        i, s = tf.while_loop(lambda i, s: i < k, lambda i, s: (i + 1, s * self.lst[0] + self.sub.b[0]), (0, 0.0))
        return {"i": i, "s": s}

    @tf.function(input_signature=[tf.TensorSpec([], tf.int32)])
    def switch(self, k):
        return (tf.switch_case(k, [lambda: self.w[0, 0], lambda: self.w[1, 1] * 2.0]),
                tf.case([(k > 5, lambda: self.sub.b[1])], default=lambda: 2.0))


def saved_module(tmp_path):
    m = M()
    m.g(tf.constant([1.0, 2.0]))
    m.g(tf.constant([[1.0, 2.0]]), 3.0)
    saved_model.save(m, str(tmp_path / "m"), signatures={
        "lin": m.f, "loopy": m.loop.get_concrete_function(),
        "gg": m.g.get_concrete_function(tf.TensorSpec([2], tf.float32))})
    return m, saved_model.load(str(tmp_path / "m"))


def sig_info(loaded, key="serving_default"):
    s = loaded.signatures[key]
    _, ins = s.structured_input_signature
    return {"inputs": {k: [v.shape.as_list(), v.dtype.name] for k, v in ins.items()},
            "outputs": sorted(s.structured_outputs)}


# -- the handbook's MLP ------------------------------------------------------------------------------
def test_handbook_mlp_round_trip(tmp_path):
    model = MLP()
    expected = model(X).numpy()
    saved_model.save(model, str(tmp_path / "saved" / "1"))
    assert sorted(os.listdir(tmp_path / "saved" / "1")) == ["constants.npz", "keras_metadata.json", "saved_model.json",
                                                            "variables"]
    loaded = saved_model.load(str(tmp_path / "saved" / "1"))
    np.testing.assert_array_equal(loaded(X).numpy(), expected)
    np.testing.assert_array_equal(loaded.call(X).numpy(), expected)
    np.testing.assert_allclose(loaded.call(X[:3]).numpy(), expected[:3], rtol=1e-5)  # (BLAS: other batch sizes)
    assert loaded(X[:7]).shape == (7, 10)  # the batch size is open, as tf-keras saves it
    for a, b in zip(loaded.variables, model.variables):
        assert a.name == b.name and a.dtype == b.dtype
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert len(loaded.trainable_variables) == 4
    assert [v.name for v in loaded.dense1.variables] == [v.name for v in model.dense1.variables]
    gold = GOLDEN["mlp"]
    assert sig_info(loaded) == gold["signature"]
    assert sorted(loaded.signatures) == gold["signatures"]
    assert len(loaded.call.concrete_functions) == gold["call_traces"]
    assert callable(loaded) is gold["has_call"]
    assert sorted(a for a in ("dense1", "dense2", "flatten", "call") if hasattr(loaded, a)) == gold["attrs"]
    out = loaded.signatures["serving_default"](input_1=tf.constant(X[:3]))
    np.testing.assert_allclose(out["output_1"].numpy(), expected[:3], rtol=1e-5)


def test_handbook_mlp_no_matching_trace_is_tf_error(tmp_path):
    model = MLP()
    model(X)
    saved_model.save(model, str(tmp_path / "1"))
    loaded = saved_model.load(str(tmp_path / "1"))
    with pytest.raises(ValueError) as info:
        loaded(np.zeros((2, 28, 28, 1)))
    assert [type(info.value).__name__, str(info.value)] == GOLDEN["mlp"]["float64_error"]


def test_gradients_after_load(tmp_path):
    model = MLP()
    model(X)
    saved_model.save(model, str(tmp_path / "1"))
    loaded = saved_model.load(str(tmp_path / "1"))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(loaded(X[:4]) * np.arange(10, dtype=np.float32))
    got = tape.gradient(y, loaded.trainable_variables)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(model(X[:4]) * np.arange(10, dtype=np.float32))
    want = tape.gradient(y, model.trainable_variables)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-7)
    # fine-tuning after load: the restored variables change, the restored function follows them
    before = loaded(X[:2]).numpy()
    tf.keras.optimizers.SGD(0.5).apply_gradients(zip(got, loaded.trainable_variables))
    assert np.abs(loaded(X[:2]).numpy() - before).max() > 0


# -- tf.Module: signatures, control flow ---------------------------------------------------------
def test_module_signatures_match_tf(tmp_path):
    m, loaded = saved_module(tmp_path)
    for key in ("lin", "loopy", "gg"):
        assert sig_info(loaded, key) == GOLDEN["module"][key], key
    out = loaded.signatures["lin"](x=tf.ones((3, 2)))
    np.testing.assert_array_equal(out["output_0"].numpy(), m.f(tf.ones((3, 2))).numpy())
    out = loaded.signatures["loopy"](tf.constant(4))
    assert out["i"].numpy() == 4 and out["s"].numpy() == m.loop(tf.constant(4))["s"].numpy()
    assert callable(loaded) is GOLDEN["module"]["callable"]


def test_module_functions_and_variables(tmp_path):
    m, loaded = saved_module(tmp_path)
    assert isinstance(loaded.w, tf.Variable) and loaded.w.name == "w:0"
    np.testing.assert_array_equal(loaded.w.numpy(), m.w.numpy())
    assert loaded.n.numpy() == 3 and loaded.n.dtype == tf.int32
    np.testing.assert_array_equal(loaded.sub.b.numpy(), [0.5, -0.5])
    assert isinstance(loaded.lst, list) and loaded.lst[0].numpy() == 1.5
    for args, kwargs in [((tf.constant([1.0, 2.0]),), {}), ((tf.constant([[1.0, 2.0]]), 3.0), {}),
                         ((tf.constant([[-1.0, -2.0]]),), {"scale": 3.0})]:
        for a, b in zip(loaded.g(*args, **kwargs), m.g(*args, **kwargs)):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert loaded.g(tf.constant([1.0, 2.0]))[0].numpy().tolist() == [3.0, 6.0]  # the default scale=2.0
    for k in (0, 1, 7):
        for a, b in zip(loaded.switch(tf.constant(k)), m.switch(tf.constant(k))):
            assert a.numpy() == b.numpy()
    np.testing.assert_array_equal(loaded.f(np.ones((1, 2), np.float32)).numpy(), [[4.5, 5.5]])
    with pytest.raises(ValueError) as info:
        loaded.g(tf.constant([[1.0, 2.0]]), 4.0)
    assert [type(info.value).__name__, str(info.value)] == GOLDEN["module"]["g_error"]


def test_gradients_through_restored_cond_and_while(tmp_path):
    m, loaded = saved_module(tmp_path)

    def grads(obj):
        with tf.GradientTape() as tape:
            a, _ = obj.g(tf.constant([1.0, 2.0]))
            y = tf.reduce_sum(a) + obj.loop(tf.constant(3))["s"] + obj.f(tf.ones((2, 2)))[0, 1]
        return tape.gradient(y, [obj.lst[0], obj.sub.b, obj.w])
    for a, b in zip(grads(loaded), grads(m)):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


def test_restored_function_inside_tf_function(tmp_path):
    m, loaded = saved_module(tmp_path)

    @tf.function
    def outer(x):
        return loaded.f(x) * 2.0 + loaded.loop(tf.constant(2))["s"]
    np.testing.assert_allclose(outer(tf.ones((2, 2))).numpy(),
                               (m.f(tf.ones((2, 2))) * 2.0 + m.loop(tf.constant(2))["s"]).numpy())


def test_signatures_default_and_errors(tmp_path):
    m, _ = saved_module(tmp_path)
    saved_model.save(m, str(tmp_path / "nosig"))
    assert sorted(saved_model.load(str(tmp_path / "nosig")).signatures) == GOLDEN["module"]["no_signatures"]
    with pytest.raises(ValueError) as info:
        saved_model.save(m, str(tmp_path / "bad"), signatures=m.g)
    kind, text = GOLDEN["module"]["bad_signature"]
    assert kind == "ValueError" and str(info.value).startswith(text.split(" but got ")[0])
    assert str(info.value).endswith(text.split(">. ")[1])
    assert not os.path.exists(tmp_path / "bad")


class Single(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(2.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        return x * self.w


def test_single_signature_call_module(tmp_path):
    saved_model.save(Single(), str(tmp_path / "s"))
    loaded = saved_model.load(str(tmp_path / "s"))
    gold = GOLDEN["single"]
    assert sorted(loaded.signatures) == gold["signatures"]
    assert callable(loaded) is gold["callable"]
    assert loaded([1.0, 2.0]).numpy().tolist() == gold["list_call"]


# -- errors, format, safety ----------------------------------------------------------------------
def test_missing_directory_is_tf_oserror(tmp_path):
    kind, text = GOLDEN["missing"]
    with pytest.raises(OSError) as info:
        saved_model.load(str(tmp_path / "nope"))
    assert kind == "OSError"
    assert str(info.value).startswith(text.split(": ")[0] + ": " + str(tmp_path / "nope") + os.sep + "{")


def test_not_trackable(tmp_path):
    with pytest.raises(ValueError) as info:
        saved_model.save(object(), str(tmp_path / "o"))
    assert str(info.value).split(" Got ")[0] == GOLDEN["not_trackable"][1].split(" Got ")[0]


class PyModule(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
    def h(self, x):
        return tf.numpy_function(lambda a: a * 2, [x], tf.float32)


def test_unserializable_op_raises_and_keeps_previous_export(tmp_path):
    path = str(tmp_path / "e")
    saved_model.save(Single(), path)
    with pytest.raises(ValueError, match=r"Cannot save function 'h': its op 'PyFunc' \(type PyFunc\) holds the Python "
                                         r"function .* in its attribute 'func'"):
        saved_model.save(PyModule(), path)
    assert saved_model.load(path)([3.0]).numpy().tolist() == [6.0]  # the previous export is intact
    assert sorted(os.listdir(tmp_path)) == ["e"]  # no temporary directory left behind


def test_untracked_variable(tmp_path):
    ext = tf.Variable(3.0)

    class U(tf.Module):
        @tf.function(input_signature=[])
        def f(self):
            return ext * 2.0
    with pytest.raises(AssertionError, match="Tried to export a function which references an 'untracked' resource"):
        saved_model.save(U(), str(tmp_path / "u"))


def test_overwrite_replaces_export(tmp_path):
    path = str(tmp_path / "e")
    s = Single()
    saved_model.save(s, path)
    s.w.assign(5.0)
    saved_model.save(s, path)
    assert saved_model.load(path)([1.0]).numpy().tolist() == [5.0]
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not part of a numtf SavedModel"):
        saved_model.save(s, str(tmp_path / "other"))
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"


def test_corrupt_or_foreign_files(tmp_path):
    path = tmp_path / "e"
    saved_model.save(Single(), str(path))
    desc = json.loads((path / "saved_model.json").read_text())
    desc["functions"][0]["nodes"][-1]["op"] = "os.system"
    (path / "saved_model.json").write_text(json.dumps(desc))
    with pytest.raises(ValueError, match="uses the op 'os.system', which numtf does not have"):
        saved_model.load(str(path))
    (path / "saved_model.json").write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        saved_model.load(str(path))
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "saved_model.pb").write_bytes(b"\x00")
    with pytest.raises(ValueError, match="written by TensorFlow"):
        saved_model.load(str(tmp_path / "tf"))


def test_constants_options_and_contains(tmp_path):
    consts = GOLDEN["constants"]
    assert saved_model.SERVING == consts["SERVING"]
    assert saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY == consts["DEFAULT_SERVING_SIGNATURE_DEF_KEY"]
    saved_model.save(Single(), str(tmp_path / "m"), options=saved_model.SaveOptions())
    assert [saved_model.contains_saved_model(str(tmp_path / "m")),
            saved_model.contains_saved_model(str(tmp_path))] == consts["contains"]
    loaded = saved_model.load(str(tmp_path / "m"), tags=[saved_model.SERVING], options=saved_model.LoadOptions())
    assert loaded([1.0]).numpy().tolist() == [2.0]
    with pytest.raises(NotImplementedError, match="save_debug_info"):
        saved_model.SaveOptions(save_debug_info=True)
    with pytest.raises(NotImplementedError, match="experimental_io_device"):
        saved_model.LoadOptions(experimental_io_device="/job:localhost")
    assert saved_model.experimental.VariablePolicy.NONE.value is None


class Various(tf.Module):
    def __init__(self):
        super().__init__()
        self.v = tf.Variable([1.0, 2.0, 3.0])

    @tf.function(input_signature=[tf.TensorSpec([3], tf.float32)])
    def f(self, x):
        r = tf.random.uniform([3], seed=7)
        s = tf.reverse(tf.constant(["a!", "b!", "c!"]), [0])  # (string constants are saved as text)
        assign = self.v.assign_add(x)
        with tf.control_dependencies([assign]):
            y = tf.identity(self.v.read_value())
        return {"r": r, "s": s, "y": y, "t": tf.transpose(tf.reshape(x, [3, 1]))[0, ::2]}


def test_random_strings_and_assignments_round_trip(tmp_path):
    m = Various()
    saved_model.save(m, str(tmp_path / "v"))
    loaded = saved_model.load(str(tmp_path / "v"))
    out = loaded.f(tf.constant([1.0, 1.0, 1.0]))
    assert out["s"].numpy().tolist() == [b"c!", b"b!", b"a!"]
    np.testing.assert_array_equal(out["y"].numpy(), [2.0, 3.0, 4.0])  # the assign ran, in order
    np.testing.assert_array_equal(loaded.v.numpy(), [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(m.v.numpy(), [1.0, 2.0, 3.0])  # (the restored variable is its own)
    assert out["t"].numpy().tolist() == [1.0, 1.0]
    r = out["r"].numpy()
    assert r.shape == (3,) and r.dtype == np.float32 and ((r >= 0) & (r < 1)).all()
    again = saved_model.load(str(tmp_path / "v")).f(tf.constant([0.0, 0.0, 0.0]))["r"].numpy()
    np.testing.assert_array_equal(again, r)  # an op seed: the same stream in every loaded copy


def test_restored_variables_checkpoint_compatible(tmp_path):
    m = M()
    saved_model.save(m, str(tmp_path / "m"))
    keys = dict(tf.train.list_variables(str(tmp_path / "m" / "variables" / "variables")))
    assert keys["sub/b/.ATTRIBUTES/VARIABLE_VALUE"] == [2]
    assert keys["lst/0/.ATTRIBUTES/VARIABLE_VALUE"] == []


def test_private_attributes_and_shared_variables(tmp_path):
    m = tf.Module()
    m._hidden = tf.Variable(1.0, name="hidden")
    m.a = tf.Module()
    m.a.v = m._hidden  # the same variable reachable twice: one restored variable
    saved_model.save(m, str(tmp_path / "p"))
    loaded = saved_model.load(str(tmp_path / "p"))
    assert loaded.a.v is loaded._hidden
    assert [v.name for v in loaded.variables] == ["hidden:0"]
