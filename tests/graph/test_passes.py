"""Graph passes and the generated executor: every traced function gives bit-identical results with
the passes on and off (NUMTF_GRAPH_PASSES=0), in its first (interpreted) and later (compiled)
runs; each pass does what it says on small graphs and never touches stateful or opaque nodes."""
import contextlib

import numpy as np
import pytest

import numtf as tf
from numtf.graph import passes
from numtf.graph.executor import Plan
from numtf.graph.graph import Graph, CONST
from numtf.util import nest

CALLS = 3  # the first run is interpreted, the next ones run the generated code


def _arrays(values):
    return [np.asarray(v.numpy() if hasattr(v, "numpy") else v) for v in nest.flatten(values)]


def _same(a, b):
    """Bit-identical arrays (so -0.0 differs from 0.0 and equal NaNs match)."""
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.dtype == y.dtype and x.shape == y.shape
        assert x.tobytes() == y.tobytes(), (x, y)


def run_both(monkeypatch, make, *args, calls=CALLS, seed=None, signature=None):
    """Calls tf.function(make()) `calls` times with the passes on, then again from scratch with them
    off (`make` builds the function and any state it owns); asserts identical outputs; returns the
    traced functions (passes on, off)."""
    results, fns = [], []
    for setting in ("1", "0"):
        monkeypatch.setenv("NUMTF_GRAPH_PASSES", setting)
        if seed is not None:
            tf.random.set_seed(seed)
        f = tf.function(make(), input_signature=signature)
        results.append([_arrays(f(*args)) for _ in range(calls)])
        fns.append(f)
    for on, off in zip(*results):
        _same(on, off)
    return fns


def _plan(f, *args):
    return f.get_concrete_function(*args)._plan


def _data(*shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [tf.constant(rng.standard_normal(s).astype(np.float32)) for s in shapes]


# -- results are preserved -------------------------------------------------------------------
def test_math_chain_identical_and_uses_inplace_steps(monkeypatch):
    x, y, w = _data((50, 100), (50, 100), (100, 100))

    def make():
        def f(x, y, w):
            h = x
            for _ in range(3):
                h = tf.tanh(tf.matmul(h, w) + y) * y - x
                h = tf.nn.relu(h) + tf.sigmoid(h) + tf.exp(-tf.square(h)) / 2.0
            return h
        return f
    on, off = run_both(monkeypatch, make, x, y, w)
    plan = _plan(on, x, y, w)
    assert plan.inplace and plan.source is not None
    assert not _plan(off, x, y, w).inplace
    assert x.numpy().tobytes() == _data((50, 100))[0].numpy().tobytes()  # inputs never written


def test_inplace_chain_source_reuses_names_and_frees_only_made_values():
    # each in-place step's result keeps its dying input's name, so no line frees it; feeds are
    # never freed (the caller's feed list holds them); a buffer a fresh product replaces is
    x, y, w = _data((8, 16), (8, 16), (16, 16))
    f = tf.function(lambda x, y, w: tf.tanh(tf.matmul(tf.tanh(tf.matmul(x, w) + y) * y, w) + y) - x)
    expected = f(x, y, w).numpy()
    for _ in range(CALLS):
        np.testing.assert_array_equal(f(x, y, w).numpy(), expected)
    src = _plan(f, x, y, w).source
    body = [line.strip() for line in src.splitlines()[3:-3]]
    assert body[0].startswith("s3 = k0(s0, s2)")  # the first product: np.dot (a tiny one)
    assert _plan(f, x, y, w)._env["k0"] is np.dot
    assert body[1:4] == ["s3 = k1(s3, s1, s3)", "s3 = k2(s3, s3)", "s3 = k3(s3, s1, s3)"]
    assert body[5] == "s3 = _None"  # freed once the next product has read it
    assert not any(line.startswith(("s0 =", "s1 =", "s2 =")) for line in body)
    np.testing.assert_allclose(expected, np.tanh(np.tanh(x.numpy() @ w.numpy() + y.numpy()) * y.numpy()
                                                 @ w.numpy() + y.numpy()) - x.numpy(), rtol=1e-5, atol=1e-6)


def test_broadcasting_identical(monkeypatch):
    a, b, c, d = _data((4, 1, 3), (5, 3), (1, 3), (4, 5, 3))

    def make():
        def f(a, b, c, d):
            u = (a * 2.0) + b  # the dying (4,1,3) buffer can't hold the (4,5,3) result
            v = (c - 1.0) * d  # nor the (1,3) one
            w = (d + 1.0) * c  # but (4,5,3) can take (1,3)
            return u + v, tf.abs(w) - u
        return f
    run_both(monkeypatch, make, a, b, c, d)


def test_unknown_dims_reuse_only_when_shapes_match(monkeypatch):
    spec = [tf.TensorSpec([None, None], tf.float32)] * 2

    def make():
        def f(a, b):
            return ((a * 3.0) + b) * 2.0
        return f
    for shapes in [((3, 4), (3, 4)), ((1, 4), (3, 4)), ((3, 4), (3, 1))]:
        run_both(monkeypatch, make, *_data(*shapes), signature=spec)
    monkeypatch.setenv("NUMTF_GRAPH_PASSES", "1")
    f = tf.function(make(), input_signature=spec)
    a, b = _data((3, 4), (3, 4))
    f(a, b)
    assert any(check is not None for _, _, _, check in _plan(f, a, b).inplace.values())
    for shapes in [((1, 4), (3, 4)), ((3, 4), (3, 1)), ((2, 2), (2, 2))]:  # one plan, compiled by now
        a, b = _data(*shapes)
        np.testing.assert_array_equal(f(a, b).numpy(), ((a.numpy() * 3) + b.numpy()) * 2)


def test_reductions_and_matmul_variants_identical(monkeypatch):
    x, y, z = _data((6, 7), (7, 6), (3, 6, 7))

    def make():
        def f(x, y, z):
            s = tf.reduce_sum(x * x, axis=1, keepdims=True)
            m = tf.reduce_mean(x - s, axis=-1)
            mx = tf.reduce_max(tf.abs(z), axis=[0, 2])
            p = tf.matmul(x, y, transpose_a=True, transpose_b=True)
            q = tf.matmul(z, y) + 1.0
            return s, m, mx, p, tf.reduce_sum(q * q), tf.matmul(x, y) - 2.0
        return f
    run_both(monkeypatch, make, x, y, z)


def test_constants_fold_and_results_match(monkeypatch):
    x, = _data((3,))

    def make():
        def f(x):
            c = tf.constant([1.0, 2.0, 3.0]) * 2.0 + tf.sqrt(tf.constant(4.0))
            k = tf.cast(tf.range(3), tf.float32) ** 2
            return x * c + k, c, tf.reduce_sum(k)
        return f
    on, off = run_both(monkeypatch, make, x)
    kinds_on = [s[4].op.name for s in _plan(on, x).steps]
    kinds_off = [s[4].op.name for s in _plan(off, x).steps]
    assert len(kinds_on) < len(kinds_off)
    assert "Sqrt" not in kinds_on and "Range" not in kinds_on and "Sqrt" in kinds_off


def test_common_subexpressions_computed_once(monkeypatch):
    x, = _data((4, 4))

    def make():
        def f(x):
            a = tf.tanh(x * 2.0)
            b = tf.tanh(x * 2.0)
            return a + b, a * b
        return f
    on, off = run_both(monkeypatch, make, x)
    assert sum(s[4].op.name == "Tanh" for s in _plan(on, x).steps) == 1
    assert sum(s[4].op.name == "Tanh" for s in _plan(off, x).steps) == 2


@pytest.mark.parametrize("amsgrad", [False, True])
def test_keras_mlp_forward_and_backward_identical(monkeypatch, amsgrad):
    rng = np.random.default_rng(1)
    X = tf.constant(rng.random((16, 12)).astype(np.float32))
    Y = tf.constant(rng.integers(0, 3, 16).astype(np.int32))

    def make():
        model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="relu"),
                                     tf.keras.layers.Dense(3)])
        opt = tf.keras.optimizers.Adam(1e-2, amsgrad=amsgrad)

        def step(X, Y):
            with tf.GradientTape() as tape:
                logits = model(X)
                loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(Y, logits, from_logits=True))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            return loss, tf.nn.softmax(logits), [v.read_value() for v in model.trainable_variables]
        return step
    on, off = run_both(monkeypatch, make, X, Y, calls=4, seed=3)
    # the four Adam updates run as one step (coefficients computed once) with the passes on
    adam = [s for s in _plan(on, X, Y).steps if s[4].op.name == "ResourceApplyAdam"]
    assert len(adam) == 1 and len(adam[0][1]) == 4 + 2  # four gradients, the learning rate, the step
    assert sum(s[4].op.name == "ResourceApplyAdam" for s in _plan(off, X, Y).steps) == 4


def test_control_flow_identical(monkeypatch):
    x, = _data((5,))

    def make():
        def f(x):
            y = tf.cond(tf.reduce_sum(x) > 0.0, lambda: x * 2.0 + 1.0, lambda: x - 1.0)
            c = tf.cond(tf.constant(True), lambda: y * 3.0, lambda: y)  # constant predicate: opaque
            i, acc = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, tf.tanh(a) * 2.0 + c),
                                   (tf.constant(0), x))
            with tf.GradientTape() as tape:
                tape.watch(x)
                r = tf.reduce_sum(tf.cond(x[0] > -10.0, lambda: x * x, lambda: x))
            return y, c, i, acc, tape.gradient(r, x)
        return f
    on, _ = run_both(monkeypatch, make, x)
    assert any(s[4].op.name in ("If", "StatelessIf") for s in _plan(on, x).steps)


def test_recorded_call_under_outer_tape(monkeypatch):
    x, = _data((3, 3))

    def grads(setting):
        monkeypatch.setenv("NUMTF_GRAPH_PASSES", setting)
        f = tf.function(lambda x: tf.reduce_sum(tf.tanh(x * 2.0) * x))
        out = []
        for _ in range(CALLS):
            f(x)  # the forward plan
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = f(x)  # the recording plan, then the gradient plan over its slots
            out.append([y.numpy(), tape.gradient(y, x).numpy()])
        return out
    for on, off in zip(grads("1"), grads("0")):
        _same(on, off)


# -- stateful nodes are never folded, merged or reused ---------------------------------------
def test_random_ops_not_folded_or_merged(monkeypatch):
    def make():
        def f():
            a = tf.random.uniform([3])
            b = tf.random.uniform([3])
            return a, b
        return f
    on, _ = run_both(monkeypatch, make, seed=7)
    a1, b1 = on()
    a2, _ = on()
    assert not np.array_equal(a1.numpy(), b1.numpy()) and not np.array_equal(a1.numpy(), a2.numpy())


def test_variable_reads_and_assigns_keep_their_order(monkeypatch):
    x = tf.constant([1.0, 2.0])

    def make():
        v = tf.Variable([10.0, 20.0])

        def f(x):
            r1 = v.read_value() * 2.0
            v.assign_add(x)
            r2 = v.read_value() * 2.0  # same op on another read: not merged
            v.assign(v * 3.0)
            return r1, r2, v.read_value() + 0.0, v
        return f
    on, _ = run_both(monkeypatch, make, x)
    r1, r2, r3, v = on(x)
    assert not np.array_equal(r1.numpy(), r2.numpy())


def test_assigned_from_elementwise_result_is_not_overwritten(monkeypatch):
    x = tf.constant([1.0, 2.0])

    def make():
        v = tf.Variable([0.0, 0.0])

        def f(x):
            t = x * 2.0
            v.assign(t)  # the variable may keep this buffer: no later step may write into it
            return (t + 1.0) * 3.0, v.read_value()
        return f
    on, _ = run_both(monkeypatch, make, x)
    np.testing.assert_array_equal(on(x)[1].numpy(), [2.0, 4.0])


def test_buffer_with_a_live_view_is_not_reused(monkeypatch):
    x, = _data((4, 6))

    def make():
        def f(x):
            t = x * 2.0
            r = tf.reshape(t, [6, 4])  # a view of t's buffer, alive after t's last use below
            s = t[1]
            u = t + 1.0
            return r, s, u * 3.0
        return f
    on, _ = run_both(monkeypatch, make, x)
    r, s, u = on(x)
    np.testing.assert_array_equal(r.numpy(), (x.numpy() * 2.0).reshape(6, 4))
    np.testing.assert_array_equal(s.numpy(), x.numpy()[1] * 2.0)


def test_tensor_arrays_are_never_merged(monkeypatch):
    x, = _data((3,))

    def make():
        def f(x):
            a = tf.TensorArray(tf.float32, size=3)
            b = tf.TensorArray(tf.float32, size=3)  # same op, same constant inputs: still two lists
            for i in tf.range(3):
                a = a.write(i, x * 2.0)
                b = b.write(i, x - 1.0)
            return a.stack(), b.stack()
        return f
    on, _ = run_both(monkeypatch, make, x)
    a, b = on(x)
    np.testing.assert_array_equal(a.numpy(), np.tile(x.numpy() * 2.0, (3, 1)))
    np.testing.assert_array_equal(b.numpy(), np.tile(x.numpy() - 1.0, (3, 1)))


def test_print_runs_every_call(monkeypatch, capfd):
    monkeypatch.setenv("NUMTF_GRAPH_PASSES", "1")

    @tf.function
    def f(x):
        tf.print(tf.constant(2.0) * 3.0)
        return x + 1.0
    for _ in range(CALLS):
        f(tf.constant(1.0))
    assert capfd.readouterr().err.split() == ["6"] * CALLS


def test_fetched_and_fed_buffers_are_not_reused(monkeypatch):
    monkeypatch.setenv("NUMTF_GRAPH_PASSES", "1")
    c = tf.constant(np.full((4, 4), 2.0, np.float32))

    @tf.function
    def f(x):
        a = x + c
        b = tf.tanh(a)
        return a, b * 2.0, x
    x, = _data((4, 4))
    before = x.numpy().copy()
    outs = [f(x) for _ in range(CALLS)]
    for a, b, xx in outs:
        np.testing.assert_array_equal(a.numpy(), before + 2.0)
        np.testing.assert_array_equal(b.numpy(), np.tanh(before + 2.0) * 2.0)
        np.testing.assert_array_equal(xx.numpy(), before)
    assert not np.shares_memory(outs[0][0].numpy(), outs[1][0].numpy())
    np.testing.assert_array_equal(c.numpy(), 2.0)


# -- each pass on its own --------------------------------------------------------------------
def _graph():
    g = Graph()
    return g, g.as_default()


def test_fold_constants_unit():
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [2])
        c = tf.constant([1.0, 2.0]) * 3.0
        r = tf.random.uniform([2], seed=1)
        y = x + c + r
    nodes, replace = passes.fold_constants(g.nodes)
    assert replace[id(c)].op.op is CONST
    np.testing.assert_array_equal(replace[id(c)].op.attrs["value"], [3.0, 6.0])
    assert any(n.op.name == "RandomUniform" for n in nodes)  # stateful: kept
    assert r.op in nodes
    new_y = replace[id(y)]
    out = Plan(passes.GraphView(nodes), [new_y], [x]).run([np.ones(2, np.float32)])[0][0]
    assert out.shape == (2,) and g.nodes[-1].outputs[0] is y  # the graph itself is unchanged


def test_fold_inputs_read_only_for_their_known_shape():
    """A mean's gradient reads its input only for the shape: with the shape known statically,
    the seed, its broadcast and the reshape fold into one constant; with an unknown batch, not."""
    for batch in (5, None):
        g, scope = _graph()
        with scope:
            x = g.placeholder(tf.float32, [batch, 3])
            with tf.GradientTape() as tape:
                tape.watch(x)
                loss = tf.reduce_mean(tf.reduce_sum(x * x, axis=1))
            dx = tape.gradient(loss, x)
        nodes, (new_dx,) = passes.optimize(list(g.nodes), [dx])
        names = [n.op.name for n in nodes]
        folded = not any(name in names for name in ("FillLike", "ReduceGrad", "ExpandReducedDims"))
        assert folded == (batch is not None), names
        xv = np.arange(15, dtype=np.float32).reshape(5, 3)
        out = Plan(passes.GraphView(nodes), [new_dx], [x]).run([xv])[0][0]
        np.testing.assert_allclose(out, 2 * xv / 5, rtol=1e-6)


def test_fold_leaves_failing_and_opaque_nodes():
    g, scope = _graph()
    with scope:
        bad = tf.gather(tf.constant([1.0, 2.0]), tf.constant(5))  # fails at run time
        pred = tf.constant(True)
    nodes, replace = passes.fold_constants(g.nodes)
    assert id(bad) not in replace and bad.op in nodes
    with pytest.raises(tf.errors.InvalidArgumentError):
        Plan(passes.GraphView(nodes), [bad]).run([])
    from numtf.ops.registry import Op
    opaque = Op("If", None, None)
    node = type(g.nodes[0])(opaque, (pred,), {"branches": [lambda: 1]}, "If", g)
    assert passes.is_opaque(node)


def test_cse_compares_attrs_safely():
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [3])
        a = tf.reduce_sum(x, axis=0)
        b = tf.reduce_sum(x, axis=0)
        k1 = tf.constant(0.0)
        k2 = tf.constant(-0.0)
        k3 = tf.constant(0.0)
    nodes, replace = passes.eliminate_common_subexpressions(g.nodes)
    assert replace[id(b)] is a
    assert replace[id(k3)] is k1 and id(k2) not in replace
    assert passes.value_key(0.0) != passes.value_key(-0.0)
    assert passes.value_key(1) != passes.value_key(1.0) != passes.value_key(True)
    assert passes.value_key(float("nan")) == passes.value_key(float("nan"))
    assert passes.value_key(np.array([1, 2], np.int32)) != passes.value_key(np.array([1, 2], np.int64))
    assert passes.value_key(object()) is None and passes.value_key({"f": len}) is None


def test_dead_code_keeps_stateful_nodes():
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [2])
        unused = tf.exp(x)
        tf.print(x)
        y = x * 2.0
    nodes = passes.eliminate_dead_code(g.nodes, [y])
    names = [n.op.name for n in nodes]
    assert unused.op not in nodes and "PrintV2" in names and y.op in nodes


def test_identities_forwarded_unless_control_dependencies():
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [2])
        i = tf.identity(x)
        s = tf.stop_gradient(i * 2.0)
    nodes, replace = passes.forward_identities(g.nodes)
    assert replace[id(i)] is x and id(s) in replace
    assert not any(n.op.name in ("Identity", "StopGradient") for n in nodes)


def test_passes_off_builds_a_plain_plan(monkeypatch):
    monkeypatch.setenv("NUMTF_GRAPH_PASSES", "0")
    assert not passes.enabled()
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [2])
        y = tf.identity(x * (tf.constant(1.0) + 1.0))
    plan = passes.optimized_plan(g, [y], [x])
    assert len(plan.steps) == 3 and not plan.inplace
    monkeypatch.setenv("NUMTF_GRAPH_PASSES", "1")
    plan = passes.optimized_plan(g, [y], [x])
    assert [s[4].op.name for s in plan.steps] == ["Mul"]


def test_matmul_specialization_keeps_big_products_on_all_cores(monkeypatch):
    # a product the static shapes prove tiny becomes np.dot (same bits, less call overhead), a
    # small one np.matmul; one with an unknown batch
    # dimension keeps the run-time size check (all cores for >= PARALLEL_FLOPS), as MatMul's kernel
    calls = []
    monkeypatch.setattr(passes, "big_product", lambda flops: calls.append(flops) or contextlib.nullcontext())
    g, scope = _graph()
    with scope:
        small = g.placeholder(tf.float32, [2, 3])
        batch = g.placeholder(tf.float32, [None, 300])
        w = tf.ones([300, 200])
        y_small = tf.matmul(small, tf.ones([3, 4]))
        mid = g.placeholder(tf.float32, [64, 100])
        y_mid = tf.matmul(mid, tf.ones([100, 64]))
        y_batch = tf.matmul(batch, w)
        y_batch_t = tf.matmul(w, batch, transpose_a=True, transpose_b=True)
    plan = passes.optimized_plan(g, [y_small, y_mid, y_batch, y_batch_t], [small, mid, batch])
    kernels = {s[4].outputs[0].name: s[0] for s in plan.steps if s[4].op.name == "MatMul"}
    assert kernels[y_small.name] is np.dot
    assert kernels[y_mid.name] is np.matmul
    assert kernels[y_batch.name] in passes._BIG_MATMULS.values()
    x = np.ones([200, 300], np.float32)
    feed_mid = np.ones([64, 100], np.float32)
    out = plan.run([np.ones([2, 3], np.float32), feed_mid, x])[0]
    np.testing.assert_allclose(out[0], np.full([2, 4], 3.0))
    np.testing.assert_allclose(out[1], np.full([64, 64], 100.0))
    np.testing.assert_allclose(out[2], np.full([200, 200], 300.0))
    np.testing.assert_allclose(out[3], np.full([200, 200], 300.0))
    assert calls == [2.0 * 200 * 300 * 200] * 2
    plan.run([np.ones([2, 3], np.float32), feed_mid, x[:10]])
    assert len(calls) == 2  # 10 rows: 1.2 MFLOP, one thread


# -- the generated executor ------------------------------------------------------------------
def test_compiled_plan_matches_interpreted_and_keeps_all():
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [3])
        a, b = tf.split(x * 2.0, [1, 2])
        y = tf.concat([b, a], 0) + 1.0
    feed = [np.arange(3, dtype=np.float32)]
    plan = Plan(g, [y, a], [x], keep_all=True)
    first, slots1 = plan.run(feed)
    second, slots2 = plan.run(feed)
    assert plan.source is not None
    _same(first, second)
    assert len(slots1) == len(slots2) == plan.n_slots
    _same([s for s in slots1 if s is not None], [s for s in slots2 if s is not None])
    np.testing.assert_array_equal(second[0], [3.0, 5.0, 1.0])


def test_compiled_plan_kernel_errors_name_the_op():
    spec = [tf.TensorSpec([None], tf.float32)] * 2
    f = tf.function(lambda a, b: tf.tanh(a + b), input_signature=spec)
    ok = tf.constant([1.0, 2.0])
    f(ok, ok)
    f(ok, ok)
    assert _plan(f, ok, ok).source is not None
    for _ in range(2):
        with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
            f(ok, tf.constant([1.0, 2.0, 3.0]))


def test_preset_slots_gradient_plan_reads_forward_values():
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [2])
        y = tf.tanh(x) * 3.0
    fwd = Plan(g, [y], [x], keep_all=True)
    with scope:
        seed = g.placeholder(tf.float32, [2])
        dy = seed * (1.0 - tf.square(g.nodes[1].outputs[0])) * 3.0
    grad = Plan(g, [dy], [seed], include_stateful=False, preset=[t for n in g.nodes[:4] for t in n.outputs],
                slot_map=fwd._slot_of)
    xs = np.array([0.5, -1.0], np.float32)
    for _ in range(CALLS):
        _, slots = fwd.run([xs])
        (d,), _ = grad.run([np.ones(2, np.float32)], list(slots))
        np.testing.assert_allclose(d, 3.0 * (1 - np.tanh(xs) ** 2), rtol=1e-6)


def test_keras_cnn_forward_and_backward_identical(monkeypatch):
    """Conv2D+relu then max pool: the relu mask moves to the pooled gradient (same bits)."""
    rng = np.random.default_rng(2)
    X = tf.constant(rng.random((4, 8, 8, 1)).astype(np.float32) - 0.5)
    Y = tf.constant(rng.integers(0, 3, 4).astype(np.int32))

    def make():
        tf.random.set_seed(5)
        model = tf.keras.Sequential([tf.keras.layers.Conv2D(4, 3, padding="same", activation="relu",
                                                            bias_initializer=tf.keras.initializers.Constant(-0.3)),
                                     tf.keras.layers.MaxPool2D(), tf.keras.layers.Flatten(), tf.keras.layers.Dense(3)])
        opt = tf.keras.optimizers.Adam(1e-2)

        def step(X, Y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(Y, model(X), from_logits=True))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            return loss, grads
        return step
    on, _ = run_both(monkeypatch, make, X, Y, calls=3)
    graph = on.get_concrete_function(X, Y).graph
    nodes, _ = passes.optimize(list(graph.nodes), graph.outputs)
    masks = [tuple(n.outputs[0].shape) for n in nodes if n.op.name == "ReluGrad"]
    assert masks == [(4, 4, 4, 4)]  # on the pooled gradient, not the (4, 8, 8, 4) one


def test_pooled_relu_mask_unit():
    from numtf.ops import nn_ops, pool_ops
    from numtf.ops.registry import execute
    g, scope = _graph()
    with scope:
        x = g.placeholder(tf.float32, [2, 4, 4, 3])
        p = tf.nn.max_pool2d(x, 2, 2, "VALID")
        gp = g.placeholder(tf.float32, [2, 2, 2, 3])

        def routed():
            return execute(pool_ops.MAX_POOL_GRAD, (x, p, gp), p.op.attrs)
        masked = nn_ops.relu_grad(routed(), x)
        kept = routed()
        fetched = nn_ops.relu_grad(kept, x)  # its routed gradient is fetched too: left alone
        other = nn_ops.relu_grad(routed(), x * 2.0)  # masked by another tensor: left alone
    nodes, replace = passes.mask_pooled_relu_gradients(g.nodes, [masked, fetched, other, kept])
    new = replace[id(masked)]
    assert new.op.op.name == "MaxPoolGrad" and new.op.inputs[0] is x and new.op.inputs[1] is p
    mask = new.op.inputs[2].op
    assert mask.op.name == "ReluGrad" and mask.inputs == (gp, p) and tuple(new.shape) == (2, 4, 4, 3)
    assert id(fetched) not in replace and id(other) not in replace
    assert masked.op not in nodes and sum(n.op.name == "MaxPoolGrad" for n in nodes) == 3
    # The identity itself, on values with ties and all-zero windows (x >= 0 or not):
    rng = np.random.default_rng(0)
    for xv in (np.maximum(rng.integers(-2, 3, (2, 4, 4, 3)), 0).astype(np.float32),
               rng.integers(-2, 3, (2, 4, 4, 3)).astype(np.float32)):
        attrs = p.op.attrs
        pv = pool_ops.MAX_POOL.kernel(xv, **attrs)
        gv = rng.standard_normal(pv.shape).astype(np.float32)
        before = nn_ops.RELU_GRAD.kernel(pool_ops.MAX_POOL_GRAD.kernel(xv, pv, gv, **attrs), xv)
        after = pool_ops.MAX_POOL_GRAD.kernel(xv, pv, nn_ops.RELU_GRAD.kernel(gv, pv), **attrs)
        _same([before], [after])
