"""tf.compat.v1: graph mode, placeholders, Session, v1 variables, get_variable, tf.gradients,
train.*Optimizer and losses, with TensorFlow 1 semantics.

Every expected value and error message here was produced by TensorFlow 2.21 running the same
program with `import tensorflow.compat.v1 as tf; tf.disable_eager_execution()` (the eager tests
without the second call). Known differences from TF are named where they show (node names: numtf
names a node after its op type, `Mul`, where TF uses `mul`).
"""
import collections

import numpy as np
import pytest

import numtf
import numtf.compat.v1 as tf
from numtf.framework.context import ctx


@pytest.fixture(autouse=True)
def graph_mode():
    """Each test starts in TF1 graph mode on a fresh default graph and leaves numtf eager."""
    tf.disable_eager_execution()
    tf.reset_default_graph()
    yield
    from numtf.graph import session
    del session._stack()[:]  # a failed test may leave a default session behind
    tf.enable_eager_execution()
    tf.reset_default_graph()


def test_the_namespace_is_tf1s():
    import numtf.compat
    assert numtf.compat.v1 is tf and tf.add is numtf.add and tf.keras is numtf.keras
    assert tf.train.GradientDescentOptimizer is not None and tf.train.Checkpoint is numtf.train.Checkpoint
    assert tf.losses.mean_squared_error.__module__ == "numtf.compat.v1.losses"
    assert tf.nn.relu is numtf.nn.relu and tf.nn.dropout is not numtf.nn.dropout
    assert numtf.compat.v2.add is numtf.add
    assert numtf.compat.as_bytes("a") == b"a" and numtf.compat.as_text(b"a") == "a"


# -- eager on/off, default graph ------------------------------------------------------------------
def test_disable_and_enable_eager_execution():
    assert not tf.executing_eagerly() and ctx.graph is tf.get_default_graph()
    assert not ctx.eager_default
    tf.enable_eager_execution()
    assert tf.executing_eagerly() and numtf.executing_eagerly()
    assert float(tf.constant(2.0) * 3) == 6.0
    tf.disable_eager_execution()
    c = tf.constant(1.0)
    assert c.graph is tf.get_default_graph() and repr(c) == "<tf.Tensor 'Const:0' shape=() dtype=float32>"


def test_reset_default_graph():
    a = tf.constant(1.0)
    tf.reset_default_graph()
    b = tf.constant(1.0)
    assert a.graph is not b.graph and b.graph is tf.get_default_graph() and b.name == "Const:0"
    with tf.Graph().as_default():
        with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph\\(\\) to clear nested graphs"):
            tf.reset_default_graph()


def test_a_graph_made_default_while_eager_builds_a_v1_graph():
    tf.enable_eager_execution()
    g = tf.Graph()
    with g.as_default():
        assert not tf.executing_eagerly()
        x = tf.placeholder(tf.float32, [None, 2])
        w = tf.Variable(tf.ones([2, 1]), name="w")
        y = tf.matmul(x, w)
        init = tf.global_variables_initializer()
        assert repr(w) == "<tf.Variable 'w:0' shape=(2, 1) dtype=float32>"
        assert tf.global_variables() == [w]
    assert tf.executing_eagerly() and tf.global_variables() == []
    with tf.Session(graph=g) as s:
        s.run(init)
        np.testing.assert_array_equal(s.run(y, {x: [[1., 2.]]}), [[3.]])
        assert not tf.executing_eagerly() and tf.get_default_graph() is g
    assert tf.executing_eagerly()
    with tf.Session() as s2:  # the eager default graph becomes the default inside `with`
        c = tf.constant(2.0) * 3
        assert s2.run(c) == 6.0
    assert tf.executing_eagerly()


# -- placeholders and feeding ----------------------------------------------------------------------
def test_placeholder():
    x = tf.placeholder(tf.float32, [None, 3])
    assert repr(x) == "<tf.Tensor 'Placeholder:0' shape=(None, 3) dtype=float32>"
    assert str(x) == 'Tensor("Placeholder:0", shape=(None, 3), dtype=float32)'
    assert x.op.type == "Placeholder" and x.op.name == "Placeholder"
    X = tf.placeholder(name="X", shape=[None, 3], dtype=tf.float32)
    assert X.name == "X:0"
    y = tf.reduce_sum(x * 2.0, axis=1)
    assert y.shape.as_list() == [None]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: np.ones((2, 3))}), [6., 6.])
        assert sess.run(y, {x: [[1, 2, 3]]}).dtype == np.float32


def test_feeding_the_wrong_shape_is_tfs_value_error():
    x = tf.placeholder(tf.float32, [None, 3])
    y = x + 1
    with tf.Session() as sess:
        with pytest.raises(ValueError) as e:
            sess.run(y, {x: [1., 2., 3.]})
        assert str(e.value) == "Cannot feed value of shape (3,) for Tensor Placeholder:0, which has shape (None, 3)"
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(\) for Tensor Placeholder:0"):
            sess.run(y, {x: 1.0})
        with pytest.raises(ValueError, match="could not convert string to float"):
            sess.run(y, {x: [["a", "b", "c"]]})


def test_an_unfed_placeholder_is_invalid_argument():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    z = tf.placeholder(tf.int32, name="z")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"You must feed a value for placeholder tensor 'x' with dtype float and shape \[\?,2\]"):
            sess.run(x * 2)
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(z + 1)
        assert str(e.value) == "You must feed a value for placeholder tensor 'z' with dtype int32"


def test_placeholder_errors_eagerly_and_with_default():
    tf.enable_eager_execution()
    with pytest.raises(RuntimeError, match=r"tf.placeholder\(\) is not compatible with eager execution."):
        tf.placeholder(tf.float32)
    tf.disable_eager_execution()
    p = tf.placeholder_with_default(2.0, shape=[])
    with tf.Session() as sess:
        assert sess.run(p) == 2.0 and sess.run(p * 2, {p: 5.0}) == 10.0


def test_feed_values_and_keys():
    x = tf.placeholder(tf.float32, name="x")
    y = x + 1
    c = tf.constant(3.0)
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                                            "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles"):
            sess.run(y, {x: c})
        # any tensor can be fed; what it depends on then is not needed (x is not fed here)
        out = sess.run(y, {y: 1.0, x: 2.0})
        assert type(out) is np.ndarray and out == 1.0  # a fetched feed comes back as given (a 0-d array)
        d = tf.constant(1.0) + 1
        assert sess.run(d * 2, {d: 7.0}) == 14.0
        assert sess.run(y.name, {"x:0": 1.0}) == 2.0
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: The name 'nope:0' refers to "
                                            "a Tensor which does not exist. The operation, 'nope', does not exist in the graph."):
            sess.run(y, {"nope:0": 1})


# -- fetches -----------------------------------------------------------------------------------------
def test_fetch_structures():
    P = collections.namedtuple("P", "a b")
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.get_variable("w", shape=[2], initializer=tf.constant_initializer(3.0))
    y = tf.reduce_sum(x * w)
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        assert sess.run(init) is None
        out = sess.run(P(y, [w]), {x: [[1, 2]]})
        assert isinstance(out, P) and out.a == 9.0 and type(out.a) is np.float32
        np.testing.assert_array_equal(out.b[0], [3., 3.])
        out = sess.run({"a": y, "b": [init, (y, w)]}, {x: [[1, 2]]})
        assert out["a"] == 9.0 and out["b"][0] is None and isinstance(out["b"][1], tuple)
        od = sess.run(collections.OrderedDict([("z", y), ("a", y)]), {x: [[1, 2]]})
        assert type(od) is collections.OrderedDict and list(od) == ["z", "a"]
        np.testing.assert_array_equal(sess.run("x:0", {"x:0": [[1, 2]]}), [[1., 2.]])
        assert sess.run(w.initializer.name) is None  # an op by name
        assert type(sess.run(tf.constant(3.0))) is np.float32
        np.testing.assert_array_equal(sess.run(tf.constant([1, 2])), [1, 2])


def test_fetch_errors():
    y = tf.constant(1.0)
    g2 = tf.Graph()
    with g2.as_default():
        z = tf.constant(1.0)
    with tf.Session() as sess:
        with pytest.raises(TypeError) as e:
            sess.run(None)
        assert str(e.value) == 'Argument `fetch` = None has invalid type "NoneType". Cannot be None'
        with pytest.raises(TypeError) as e:
            sess.run(5)
        assert str(e.value) == ('Argument `fetch` = 5 has invalid type "int" must be a string or Tensor. '
                                '(Can not convert a int into a Tensor or Operation.)')
        with pytest.raises(ValueError) as e:
            sess.run("nope:0")
        assert str(e.value) == ('Argument `fetch` = nope:0 cannot be interpreted as a Tensor. ("The name \'nope:0\' '
                                'refers to a Tensor which does not exist. The operation, \'nope\', does not exist '
                                'in the graph.")')
        with pytest.raises(ValueError) as e:
            sess.run([z])
        assert str(e.value) == ('Argument `fetch` = Tensor("Const:0", shape=(), dtype=float32) cannot be interpreted '
                                'as a Tensor. (Tensor Tensor("Const:0", shape=(), dtype=float32) is not an element '
                                'of this graph.)')
        assert sess.run(y) == 1.0


def test_a_closed_session_raises_runtime_error():
    c = tf.constant(1.0)
    sess = tf.Session()
    assert sess.run(c) == 1.0
    sess.close()
    with pytest.raises(RuntimeError) as e:
        sess.run(c)
    assert str(e.value) == "Attempted to use a closed Session."
    with tf.Session() as s2:
        pass
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        s2.run(c)


def test_default_session_eval_and_run():
    x = tf.placeholder(tf.float32, name="x")
    y = x + 1
    init = tf.global_variables_initializer()
    assert repr(init) == "<tf.Operation 'init' type=NoOp>"
    with pytest.raises(ValueError) as e:
        init.run()
    assert str(e.value) == ("Cannot execute operation using `run()`: No default session is registered. Use "
                            "`with sess.as_default():` or pass an explicit session to `run(session=sess)`")
    with pytest.raises(ValueError) as e:
        y.eval({x: 1.0})
    assert str(e.value) == ("Cannot evaluate tensor using `eval()`: No default session is registered. Use "
                            "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`")
    sess = tf.Session()
    assert y.eval({x: 1.0}, session=sess) == 2.0
    with sess.as_default():
        assert tf.get_default_session() is sess and y.eval({x: 1.0}) == 2.0
        init.run()
        g2 = tf.Graph()
        with g2.as_default():
            z = tf.constant(1.0)
        with pytest.raises(ValueError, match="Cannot use the default session to evaluate tensor: the tensor's "
                                             "graph is different from the session's graph."):
            z.eval()
    assert tf.get_default_session() is None
    with tf.Session() as s:
        assert tf.get_default_session() is s
    inter = tf.InteractiveSession()
    assert tf.get_default_session() is inter and y.eval({x: 5.0}) == 6.0
    inter.close()
    assert tf.get_default_session() is None


def test_make_callable_and_session_options():
    x = tf.placeholder(tf.float32)
    config = tf.ConfigProto(allow_soft_placement=True)
    config.gpu_options.allow_growth = True  # accepted and ignored
    with tf.Session(config=config) as sess:
        f = sess.make_callable(x * 3, [x])
        assert f(2.0) == 6.0 and f(1.0) == 3.0
        assert sess.run(x, {x: 1.0}, options=tf.RunOptions(), run_metadata=tf.RunMetadata()) == 1.0


# -- what runs ---------------------------------------------------------------------------------------
def test_a_session_runs_only_what_its_fetches_reach():
    w = tf.Variable([3., 3.])
    inc = w.assign_add([1., 1.])
    z = w * 2
    with tf.Session() as sess:
        sess.run(w.initializer)
        np.testing.assert_array_equal(sess.run(z), [6., 6.])
        np.testing.assert_array_equal(sess.run(z), [6., 6.])  # the assign nobody fetched did not run
        assert sess.run(inc.op) is None
        assert sess.run(tf.group(inc)) is None
        np.testing.assert_array_equal(sess.run(w), [5., 5.])


def test_control_dependencies_and_group():
    c = tf.Variable(0, name="counter")
    inc = tf.assign_add(c, 1)
    with tf.control_dependencies([inc]):
        out = tf.identity(c.read_value() * 10)
    with tf.Session() as sess:
        sess.run(c.initializer)
        assert (sess.run(out), sess.run(out), sess.run(c)) == (10, 20, 2)
        g = tf.group(inc, inc)
        g.run()
        g.run()
        assert c.eval() == 4
        with tf.control_dependencies(None):  # clears the dependencies
            plain = tf.identity(c.read_value())
        assert sess.run(plain) == 4


def test_plans_are_cached_per_fetches_feeds_and_graph_version():
    x = tf.placeholder(tf.float32)
    y = x * 2
    with tf.Session() as sess:
        for _ in range(3):
            assert sess.run(y, {x: 1.0}) == 2.0
        assert sess.run({"a": [y, y]}, {x: 1.0}) == {"a": [2.0, 2.0]}
        assert len(sess._plans) == 1  # the same fetched tensors: the same plan
        assert sess.run(y, {x: 1.0, y: 3.0}) == 3.0
        assert len(sess._plans) == 2
        z = y + 1  # the graph grows between runs: new plans, same answers
        assert sess.run(z, {x: 1.0}) == 3.0 and sess.run(y, {x: 2.0}) == 4.0


def test_random_streams_restart_in_each_session():
    tf.set_random_seed(1)
    r = tf.random_normal([2])
    s1 = tf.Session()
    a, b = s1.run(r), s1.run(r)
    c = tf.Session().run(r)
    assert np.array_equal(a, c) and not np.array_equal(a, b)


# -- v1 variables ------------------------------------------------------------------------------------
def test_v1_variables_are_named_uniquely_and_uninitialized():
    v = tf.Variable(1.0)
    v2 = tf.Variable(2.0)
    assert (v.name, v2.name) == ("Variable:0", "Variable_1:0")
    assert repr(v) == "<tf.Variable 'Variable:0' shape=() dtype=float32>"
    assert isinstance(v, tf.Variable) and isinstance(v, numtf.Variable)
    assert (v.initializer.type, v.initializer.name) == ("AssignVariableOp", "Variable/Assign")
    assert (v.op.name, v.op.type) == ("Variable", "VarHandleOp")
    assert v.initial_value.name == "Variable/Initializer/initial_value:0"
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError) as e:
            sess.run(v)
        assert str(e.value).startswith("Could not find variable Variable. This could mean that the variable has "
                                       "been deleted. In TF1, it can also mean the variable is uninitialized.")
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(v * 2)
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(v.assign_add(1.0))
        sess.run(tf.global_variables_initializer())
        assert sess.run(v) == 1.0 and sess.run([v, {"a": v2}]) == [1.0, {"a": 2.0}]
        a = v.assign(5.0)
        assert sess.run(a) == 5.0
        assert sess.run(tf.assign_add(v, 1.0)) == 6.0 and sess.run(tf.assign_sub(v, 2.0)) == 4.0
        assert v.eval() == 4.0
        v.load(7.0)
        assert sess.run(v) == 7.0
    with pytest.raises(NotImplementedError, match="numpy\\(\\) is only available when eager execution is enabled"):
        v.numpy()


def test_each_session_has_its_own_variable_values():
    v = tf.Variable(tf.random_uniform([3]))
    v1 = tf.Variable(2.0, name="v1")
    v2 = tf.Variable(3.0, name="v2")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        x1 = s.run(v)
        s.run(v.initializer)  # a random initial value is drawn again
        assert not np.array_equal(x1, s.run(v))
        assert list(s.run(tf.report_uninitialized_variables())) == []
        assert s.run(tf.is_variable_initialized(v))
        s2 = tf.Session()
        assert list(s2.run(tf.report_uninitialized_variables())) == [b"Variable", b"v1", b"v2"]
        s2.run(tf.variables_initializer([v1]))
        assert list(s2.run(tf.report_uninitialized_variables())) == [b"Variable", b"v2"]
        with pytest.raises(tf.errors.FailedPreconditionError):
            s2.run(v2)
        s2.run(v1.assign(10.0))
        assert s.run(v1) == 2.0 and s2.run(v1) == 10.0 and s.run(v2) == 3.0


def test_collections_and_initializers():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    c = tf.Variable(3.0, name="c", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    assert tf.global_variables() == [a, b] and tf.trainable_variables() == [a, c]  # trainable joins c's collections
    assert tf.local_variables() == [c] and tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES) == [a, c]
    tf.add_to_collection("mine", 5)
    assert tf.get_collection("mine") == [5] and tf.get_collection("missing") == []
    with tf.Session() as s:
        s.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        assert s.run([a, b, c]) == [1.0, 2.0, 3.0]
    tf.enable_eager_execution()
    assert tf.global_variables_initializer() is None and tf.global_variables() == []
    v = tf.Variable(1.0)
    assert repr(v).startswith("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0")


def test_keras_weights_in_a_v1_graph_need_the_initializer():
    numtf.keras.backend.clear_session()  # layer names restart ('dense'), whatever ran before
    layer = numtf.keras.layers.Dense(2, kernel_initializer="ones")
    x = tf.placeholder(tf.float32, [None, 3])
    y = layer(x)
    assert y.shape.as_list() == [None, 2]
    assert [v.name for v in tf.global_variables()] == ["dense/kernel:0", "dense/bias:0"]
    with tf.Session() as s:
        with pytest.raises(tf.errors.FailedPreconditionError):
            s.run(y, {x: np.ones((1, 3))})
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(y, {x: np.ones((1, 3))}), [[3., 3.]])


# -- get_variable / variable_scope -------------------------------------------------------------------------
def test_get_variable_and_reuse():
    with tf.variable_scope("foo"):
        w = tf.get_variable("w", shape=[2], initializer=tf.constant_initializer(3.0))
        assert repr(w) == "<tf.Variable 'foo/w:0' shape=(2,) dtype=float32>"
    msg = "Variable foo/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?"
    with pytest.raises(ValueError) as e:
        tf.get_variable("foo/w", shape=[2])
    assert str(e.value) == msg
    with pytest.raises(ValueError) as e:
        with tf.variable_scope("foo"):
            tf.get_variable("w", shape=[2])
    assert str(e.value) == msg
    with pytest.raises(ValueError) as e:
        with tf.variable_scope("foo", reuse=True):
            tf.get_variable("z", shape=[2])
    assert str(e.value) == ("Variable foo/z does not exist, or was not created with tf.get_variable(). Did you mean "
                            "to set reuse=tf.AUTO_REUSE in VarScope?")
    with pytest.raises(ValueError) as e:
        with tf.variable_scope("foo", reuse=True):
            tf.get_variable("w", shape=[3])
    assert str(e.value) == "Trying to share variable foo/w, but specified shape (3,) and found shape (2,)."
    with pytest.raises(ValueError) as e:
        with tf.variable_scope("foo", reuse=True):
            tf.get_variable("w", shape=[2], dtype=tf.int32)
    assert str(e.value) == "Trying to share variable foo/w, but specified dtype int32 and found dtype float32."
    with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("w") is w
        q = tf.get_variable("q", shape=[])
        assert q.name == "foo/q:0" and tf.get_variable("q") is q
    with tf.variable_scope("foo", reuse=True):
        assert tf.get_variable("w", [2]) is w
    with tf.variable_scope("foo") as scope:
        scope.reuse_variables()
        assert tf.get_variable("w") is w
    with pytest.raises(ValueError) as e:
        tf.get_variable("nos")
    assert str(e.value) == "Variable nos did not get an initializer, so its `shape` argument must be specified."
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(w), [3., 3.])


def test_variable_scopes_nest_and_name_ops():
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner"):
            v = tf.get_variable("v", [1])
            op = tf.constant(1.0, name="c")
    with tf.variable_scope("outer"):  # same variable scope, a new name scope
        op2 = tf.constant(1.0, name="c")
        assert tf.get_variable_scope().name == "outer"
    assert v.name == "outer/inner/v:0" and op.name == "outer/inner/c:0" and op2.name == "outer_1/c:0"
    with tf.name_scope("ns"):
        assert tf.get_variable("free", [1]).name == "free:0"  # name scopes don't prefix get_variable
    with tf.variable_scope(None, default_name="dense"):
        a = tf.get_variable("k", [1])
    with tf.variable_scope(None, default_name="dense"):
        b = tf.get_variable("k", [1])
    assert (a.name, b.name) == ("dense/k:0", "dense_1/k:0")
    with tf.variable_scope("init", initializer=tf.ones_initializer()):
        ones = tf.get_variable("o", [2])
    with tf.variable_scope("reg", regularizer=lambda w: tf.reduce_sum(w) * 0.5):
        r = tf.get_variable("r", [2], initializer=tf.constant_initializer(2.0))
    regs = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(ones), [1., 1.])
        assert s.run(regs) == [2.0] and s.run(r).tolist() == [2., 2.]


def test_get_variable_initializers():
    a = tf.get_variable("a", dtype=tf.float32, shape=[], initializer=tf.zeros_initializer)  # the class itself
    b = tf.get_variable("b", initializer=tf.constant([1., 2.]))
    i = tf.get_variable("i", [2], dtype=tf.int32)
    g = tf.get_variable("g", [30, 20])  # glorot uniform by default
    n = tf.get_variable("n", [1000], initializer=tf.random_normal_initializer(1.0, 0.5, seed=1))
    t = tf.get_variable("t", [1000], initializer=tf.truncated_normal_initializer(stddev=2.0))
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("bad", [2], initializer=tf.constant([1., 2.]))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(a) == 0.0 and s.run(b).tolist() == [1., 2.] and s.run(i).tolist() == [0, 0]
        limit = np.sqrt(6 / 50)
        gv = s.run(g)
        assert gv.dtype == np.float32 and np.abs(gv).max() <= limit and gv.std() > limit / 3
        nv, tv = s.run(n), s.run(t)
        assert abs(nv.mean() - 1.0) < 0.1 and abs(nv.std() - 0.5) < 0.1 and np.abs(tv).max() <= 4.0


def test_get_variable_eagerly_makes_a_variable():
    tf.enable_eager_execution()
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [2], initializer=tf.ones_initializer())
    assert v.name == "s/v:0" and v.numpy().tolist() == [1., 1.]


# -- tf.gradients ------------------------------------------------------------------------------------------
def test_gradients_match_tensorflow():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    h = tf.matmul(x, w)
    y = tf.reduce_sum(tf.square(h)) + tf.reduce_sum(w)  # w is read twice: its gradient sums both
    g = tf.gradients(y, [w, x, h])
    assert g[1].shape.as_list() == [None, 2] and g[0].name.startswith("gradients/")
    g2 = tf.gradients([y, h], [x], grad_ys=[2.0, [[1.0], [3.0]]])
    g3 = tf.gradients(y, [w], stop_gradients=[h])
    assert tf.gradients(y, [x], stop_gradients=[h]) == [None]
    g4 = tf.gradients(y, [x, tf.placeholder(tf.float32)], unconnected_gradients="zero")
    assert tf.gradients(y, [x, tf.placeholder(tf.float32)])[1] is None
    hh = tf.gradients(tf.gradients(tf.reduce_sum(x ** 3), x)[0], x)
    with tf.Session() as s:
        s.run(w.initializer)
        fd = {x: [[1., 2.], [3., 4.]]}
        gw, gx, gh = s.run(g, fd)
        np.testing.assert_array_equal(gw, [[77.], [109.]])
        np.testing.assert_array_equal(gx, [[10., 20.], [22., 44.]])
        np.testing.assert_array_equal(gh, [[10.], [22.]])
        np.testing.assert_array_equal(s.run(g2, fd)[0], [[21., 42.], [47., 94.]])
        np.testing.assert_array_equal(s.run(g3, fd)[0], [[1.], [1.]])
        np.testing.assert_array_equal(s.run(g4[0], fd), [[10., 20.], [22., 44.]])
        np.testing.assert_array_equal(s.run(hh, fd)[0], [[6., 12.], [18., 24.]])


def test_gradients_agree_with_finite_differences():
    x = tf.placeholder(tf.float64, [3])
    y = tf.reduce_sum(tf.sin(x) * tf.exp(x / 2.0)) + tf.reduce_prod(x)
    (g,) = tf.gradients(y, [x])
    x0 = np.array([0.3, -1.2, 0.7])
    with tf.Session() as s:
        f = lambda v: s.run(y, {x: v})  # noqa: E731
        eps = 1e-6
        numeric = [(f(x0 + eps * e) - f(x0 - eps * e)) / (2 * eps) for e in np.eye(3)]
        np.testing.assert_allclose(s.run(g, {x: x0}), numeric, rtol=1e-6)


def test_gradients_need_a_graph():
    tf.enable_eager_execution()
    with pytest.raises(RuntimeError, match="tf.gradients is not supported when eager execution is enabled. Use "
                                           "tf.GradientTape instead."):
        tf.gradients(tf.constant(1.0), tf.constant(1.0))


# -- optimizers ------------------------------------------------------------------------------------------
def _regression():
    w = tf.Variable([1.0, 2.0], name="w")
    b = tf.get_variable("b", shape=[], initializer=tf.zeros_initializer)
    x = tf.placeholder(tf.float32, [2])
    loss = tf.reduce_sum(tf.square(w * x + b - 1.0))
    return w, b, x, loss


def test_optimizers_in_a_session_match_tensorflow():
    w, b, x, loss = _regression()
    gs = tf.train.get_or_create_global_step()
    assert repr(gs) == "<tf.Variable 'global_step:0' shape=() dtype=int64>" and tf.train.get_global_step() is gs
    opt = tf.train.AdamOptimizer(0.1)
    gv = opt.compute_gradients(loss)
    assert [v for _, v in gv] == [w, b]
    train = opt.apply_gradients(gv, global_step=gs)
    assert train.name == "Adam"
    assert [v.name for v in tf.global_variables()] == [
        "w:0", "b:0", "global_step:0", "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0", "b/Adam:0",
        "b/Adam_1:0"]
    assert opt.get_slot_names() == ["m", "v"] and opt.get_slot(w, "m").name == "w/Adam:0"
    assert [v.name for v in opt.variables()] == ["b/Adam:0", "b/Adam_1:0", "beta1_power:0", "beta2_power:0",
                                                 "w/Adam:0", "w/Adam_1:0"]
    m = tf.train.MomentumOptimizer(0.1, 0.9)
    t2 = m.minimize(loss, var_list=[w])
    assert t2.name == "Momentum" and t2.type == "NoOp" and m.get_slot_names() == ["momentum"]
    t3 = tf.train.RMSPropOptimizer(0.01).minimize(loss)
    t4 = tf.train.AdagradOptimizer(0.01).minimize(loss)
    t5 = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    assert t5.name == "GradientDescent"
    assert [v.name for v in tf.global_variables()][9:] == [
        "w/Momentum:0", "w/RMSProp:0", "w/RMSProp_1:0", "b/RMSProp:0", "b/RMSProp_1:0", "w/Adagrad:0", "b/Adagrad:0"]
    expected = [  # TensorFlow 2.21: [w, b, global_step] after 3 steps of each, in turn
        ([1.1602247, 1.7011563], -0.29853502, 3), ([1.2899598, 1.221735], -0.29853502, 3),
        ([1.2921963, 1.1503791], -0.36257678, 3), ([1.3041598, 1.1276985], -0.38518652, 3),
        ([1.3845202, -0.12483084], -0.7223358, 6)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for t, (ew, eb, es) in zip([train, t2, t3, t4, t5], expected):
            for _ in range(3):
                sess.run(t, {x: [1.0, 3.0]})
            vw, vb, vs = sess.run([w, b, gs])
            np.testing.assert_allclose(vw, ew, rtol=2e-6)
            np.testing.assert_allclose(vb, eb, rtol=2e-6)
            assert vs == es and type(vs) is np.int64
        np.testing.assert_allclose(sess.run(opt.get_slot(w, "m")).shape, [2])


def test_optimizer_errors():
    w, b, x, loss = _regression()
    unrelated = tf.Variable(1.0, name="u")
    with pytest.raises(ValueError, match="No gradients provided for any variable, check your graph for ops that do "
                                         "not support gradients, between variables"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[unrelated])
    with pytest.raises(ValueError, match="No variables provided."):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([])
    with pytest.raises(ValueError, match="Invalid type tf.int32"):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1))
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="No variables to optimize."):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0) * 2)


def test_optimizers_eagerly_match_tensorflow():
    tf.enable_eager_execution()
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.AdamOptimizer(0.1)
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w * [1., 3.] - 1.0))
        g = tape.gradient(loss, [w])
        assert opt.apply_gradients(zip(g, [w])) is None
    np.testing.assert_allclose(w.numpy(), [1., 1.7007874], rtol=1e-6)
    np.testing.assert_allclose(opt.get_slot(w, "m").numpy(), [0., 7.6083784], rtol=1e-6)
    assert [v.name for v in opt.variables()] == ["beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]
    np.testing.assert_allclose(opt.variables()[0].numpy(), 0.6560999155044556)
    np.testing.assert_allclose(opt.variables()[3].numpy(), [0., 2.3897738], rtol=1e-6)
    opt2 = tf.train.GradientDescentOptimizer(0.1)
    assert opt2.minimize(lambda: tf.reduce_sum(w * w)) is None
    np.testing.assert_allclose(w.numpy(), [0.8, 1.3606299], rtol=1e-6)
    with pytest.raises(RuntimeError, match="`loss` passed to Optimizer.compute_gradients should be a function when "
                                           "eager execution is enabled."):
        opt2.minimize(tf.reduce_sum(w * w))
    gs = tf.train.get_or_create_global_step()
    assert int(gs) == 0 and tf.train.get_or_create_global_step() is gs
    opt2.minimize(lambda: tf.reduce_sum(w * w), global_step=gs)
    assert int(gs) == 1


def test_momentum_nesterov_rmsprop_centered_and_learning_rate_tensors():
    w = tf.Variable([1.0, -2.0])
    lr = tf.placeholder(tf.float32)
    loss = tf.reduce_sum(w * w)
    t1 = tf.train.MomentumOptimizer(lr, 0.9, use_nesterov=True).minimize(loss)
    t2 = tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True).minimize(loss)
    t3 = tf.train.GradientDescentOptimizer(tf.train.exponential_decay(0.1, tf.train.get_or_create_global_step(),
                                                                        10, 0.5)).minimize(loss)
    assert [v.name for v in tf.global_variables()] == [
        "Variable:0", "Variable/Momentum:0", "Variable/RMSProp:0", "Variable/RMSProp_1:0", "Variable/RMSProp_2:0",
        "global_step:0"]
    with tf.Session() as s:  # values from TensorFlow 2.21
        s.run(tf.global_variables_initializer())
        for _ in range(2):
            s.run(t1, {lr: 0.1})
        np.testing.assert_allclose(s.run(w), [0.22240001, -0.44480002], rtol=1e-6)
        for _ in range(2):
            s.run(t2)
        np.testing.assert_allclose(s.run(w), [0.21068321, -0.42221847], rtol=1e-6)
        s.run(t3)
        np.testing.assert_allclose(s.run(w), [0.16854657, -0.33777478], rtol=1e-6)


# -- losses and TF1 op spellings --------------------------------------------------------------------------
def test_losses_match_tensorflow():
    x = tf.placeholder(tf.float32, [None, 2])
    h = tf.matmul(x, tf.constant([[1.0], [2.0]]))
    fd = {x: [[1., 2.], [3., 4.]]}
    cases = [
        (tf.losses.mean_squared_error([[1.], [2.]], h), 48.5),
        (tf.losses.absolute_difference([[1.], [2.]], h, weights=[[1.], [0.]]), 4.0),
        (tf.losses.sigmoid_cross_entropy([[1.], [0.]], h, label_smoothing=0.1), 5.3533664),
        (tf.losses.huber_loss([[1.], [2.]], h, delta=2.0), 11.0),
        (tf.losses.log_loss([[1.], [0.]], tf.constant([[0.8], [0.3]])), 0.2899091),
        (tf.losses.hinge_loss([[1.], [0.]], h), 6.0),
        (tf.losses.softmax_cross_entropy([[0., 1.], [1., 0.]], x, label_smoothing=0.2), 0.8132617),
        (tf.losses.sparse_softmax_cross_entropy([1, 0], x, weights=[1., 3.]), 2.1265233),
        (tf.losses.mean_squared_error([[1.], [2.]], h, reduction=tf.losses.Reduction.SUM), 97.0),
        (tf.losses.mean_squared_error([[1.], [2.]], h, weights=[[2.], [1.]], reduction=tf.losses.Reduction.MEAN),
         37.666668)]
    none = tf.losses.mean_squared_error([[1.], [2.]], h, reduction=tf.losses.Reduction.NONE, loss_collection=None)
    assert len(tf.losses.get_losses()) == len(cases)
    total = tf.losses.get_total_loss()
    with tf.Session() as s:
        for t, expected in cases:
            np.testing.assert_allclose(s.run(t, fd), expected, rtol=1e-6)
        np.testing.assert_array_equal(s.run(none, fd), [[16.], [81.]])
        np.testing.assert_allclose(s.run(total, fd), sum(e for _, e in cases), rtol=1e-6)


def test_losses_eagerly():
    tf.enable_eager_execution()
    assert float(tf.losses.mean_squared_error(labels=[1., 2.], predictions=[2., 4.])) == 2.5
    np.testing.assert_allclose(float(tf.losses.sparse_softmax_cross_entropy(labels=[1, 0], logits=[[1., 2.], [3., 1.]])),
                               0.22009486, rtol=1e-6)
    np.testing.assert_allclose(float(tf.losses.softmax_cross_entropy(
        onehot_labels=[[0., 1.], [1., 0.]], logits=[[1., 2.], [3., 1.]], weights=2.0)), 0.44018972, rtol=1e-6)
    assert float(tf.losses.mean_squared_error(labels=[[1., 2.]], predictions=[[2., 4.]], weights=[[0., 1.]])) == 4.0
    assert tf.losses.get_losses() == []


def test_tf1_op_spellings():
    x = tf.placeholder(tf.float32, [None, 2])
    fd = {x: [[1., 2.], [3., 4.]]}
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(tf.reduce_sum(x, reduction_indices=[1], keep_dims=True), fd), [[3.], [7.]])
        assert s.run(tf.reduce_mean(x, 0, keepdims=True), fd).tolist() == [[2., 3.]]
        assert s.run(tf.argmax(x, dimension=1), fd).tolist() == [1, 1] and s.run(tf.arg_max(x, 0), fd).tolist() == [1, 1]
        assert s.run(tf.expand_dims(x, dim=0), fd).shape == (1, 2, 2)
        assert s.run(tf.squeeze(tf.ones([1, 2, 1]), squeeze_dims=[0])).shape == (2, 1)
        np.testing.assert_allclose(s.run(tf.nn.softmax_cross_entropy_with_logits(labels=[[0., 1.]], logits=[[1., 2.]])),
                                   [0.31326166], rtol=1e-6)
        assert s.run(tf.nn.dropout(tf.ones([4]), keep_prob=1.0)).tolist() == [1.] * 4
        assert s.run(tf.count_nonzero(x, reduction_indices=0), fd).tolist() == [2, 2]
        assert s.run(tf.shape(x, out_type=tf.int64), fd).tolist() == [2, 2] and s.run(tf.size(x), fd) == 4
        out = s.run([tf.div(-7, 2), tf.mod(-7, 3), tf.log(tf.constant(1.0)), tf.to_int32(2.7), tf.to_double(1),
                     tf.div(7.0, 2.0), tf.to_float(3)])
        assert out == [-4, 2, 0.0, 2, 1.0, 3.5, 3.0] and type(out[4]) is np.float64
    with pytest.raises(ValueError, match="Only call `sparse_softmax_cross_entropy_with_logits` with named arguments"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([1], [[1., 2.]])


def test_print_formats_like_tf1(capfd):
    x = tf.constant([[3.14159265, 1 / 3.], [2.0, 1e-8]])
    y = tf.Print(x, [x, tf.constant(3.5), tf.constant([1, 2, 3, 4, 5]), tf.constant(True),
                     tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]])], "m: ")
    once = tf.Print(x, [tf.constant([1, 2, 3, 4, 5])], "n: ", summarize=2, first_n=1)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(y), s.run(x))
        s.run(once)
        s.run(once)
    err = capfd.readouterr().err
    assert err == "m: [[3.14159274 0.333333343][2...]...][3.5][1 2 3...][1][[1 2 3]...]\nn: [1 2...]\n"


def test_logging_namespace():
    tf.logging.set_verbosity(tf.logging.INFO)
    assert tf.logging.get_verbosity() == tf.logging.INFO == 20
    tf.logging.info("step %d", 1)


def test_linear_tf1_example_prints_what_tensorflow_prints(capsys):
    from numtf.examples import linear_tf1
    a, b = linear_tf1.main()
    assert capsys.readouterr().out == "[np.float32(0.97637), np.float32(0.057565063)]\n"  # TF 2.21's output
    assert tf.executing_eagerly()
