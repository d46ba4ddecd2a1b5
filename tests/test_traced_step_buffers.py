"""Buffers in traced training steps: small variables updated as one pack (ops/update_packs.py),
and NumPy arguments fed without a copy (graph/fast_entry.py). Neither may change a result or
let a caller's array and a tensor share memory."""
import numpy as np
import pytest

import numtf as tf
from numtf.ops import update_packs


def _mlp(seed=0):
    tf.random.set_seed(seed)
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(7, activation="relu"),
                                 tf.keras.layers.Dense(3)])
    model.build((None, 4, 2))
    return model


def _batches(n=6):
    rng = np.random.default_rng(1)
    return [(rng.random((5, 4, 2), np.float32), rng.integers(0, 3, 5)) for _ in range(n)]


def _step_fn(model, opt):
    def step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x)
            loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
        grads = tape.gradient(loss, model.variables)
        opt.apply_gradients(zip(grads, model.variables))
        return loss
    return step


def _train(traced, amsgrad=False):
    model, opt = _mlp(), tf.keras.optimizers.Adam(0.01, amsgrad=amsgrad)
    step = _step_fn(model, opt)
    if traced:
        step = tf.function(step)
    losses = [float(step(x, y)) for x, y in _batches()]
    return model, opt, losses


@pytest.mark.parametrize("amsgrad", [False, True])
def test_traced_adam_with_packs_gives_the_eager_bits(amsgrad):
    (m1, o1, l1), (m2, o2, l2) = _train(False, amsgrad), _train(True, amsgrad)
    assert l1 == l2
    for a, b in zip(m1.variables + o1.variables(), m2.variables + o2.variables()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_small_variables_share_one_buffer_after_a_traced_step():
    model, opt, _ = _train(True)
    bases = [v._value.base for v in model.variables]  # all four are small: one pack
    assert bases[0] is not None and all(b is bases[0] for b in bases)
    slots = [v._value.base for v in opt.variables()[1:]]  # (iterations is not updated by Adam)
    assert slots[0] is not None and len({id(b) for b in slots}) == 2


def test_a_tensor_read_before_the_step_keeps_its_value():
    model, opt = _mlp(), tf.keras.optimizers.Adam(0.01)
    step = tf.function(_step_fn(model, opt))
    batches = _batches()
    step(*batches[0])
    bias = model.variables[1]
    held = bias.value()  # shares the variable's buffer until the next update
    before = held.numpy().copy()
    step(*batches[1])
    np.testing.assert_array_equal(held.numpy(), before)
    assert not np.array_equal(bias.numpy(), before)
    step(*batches[2])  # the pack was rebuilt around the copy: updates still land in the variable
    after = bias.numpy().copy()
    step(*batches[3])
    assert not np.array_equal(bias.numpy(), after)


def test_assign_between_traced_steps_is_seen_by_the_next_step():
    model, opt = _mlp(), tf.keras.optimizers.Adam(0.01)
    step = tf.function(_step_fn(model, opt))
    batches = _batches()
    step(*batches[0])
    bias = model.variables[3]
    bias.assign(np.full(3, 100.0, np.float32))
    step(*batches[1])
    # one Adam step moves each element by at most ~lr
    assert np.all(np.abs(bias.numpy() - 100.0) < 0.02) and not np.all(bias.numpy() == 100.0)


def test_partition_packs_small_float_variables_only():
    small = [(tf.Variable(np.zeros(3, np.float32)), tf.Variable(np.zeros(3, np.float32))) for _ in range(3)]
    big = (tf.Variable(np.zeros(100, np.float32)), tf.Variable(np.zeros(100, np.float32)))
    ints = (tf.Variable(np.zeros(2, np.int32)), tf.Variable(np.zeros(2, np.int32)))
    singles, packs = update_packs.partition([small[0], big, None, small[1], ints, small[2]], limit=50)
    assert singles == [1, 2, 4] and packs == [[0, 3, 5]]
    singles, packs = update_packs.partition([small[0], small[1], small[2]], limit=7)
    assert singles == [2] and packs == [[0, 1]]  # 3 + 3 < 7; one more would reach it


def test_numpy_arguments_are_not_aliased_by_outputs():
    @tf.function
    def same(x):
        return tf.reshape(x, [-1])

    @tf.function
    def pair(x):
        return x, x * 2

    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    for _ in range(3):  # the later calls take the compiled entry
        flat = same(a)
        first, second = pair(a)
    a[0, 0] = 99.0
    assert flat.numpy().tolist() == [0, 1, 2, 3, 4, 5]
    assert first.numpy()[0, 0] == 0.0 and second.numpy()[0, 0] == 0.0


def test_numpy_arguments_are_never_written():
    @tf.function
    def f(x):
        y = tf.reshape(x, [-1])
        return tf.reduce_sum(tf.nn.relu(y) * 2.0 + 1.0)

    a = np.array([[-1.0, 2.0], [3.0, -4.0]], np.float32)
    copy = a.copy()
    for _ in range(4):
        assert float(f(a)) == 14.0
    np.testing.assert_array_equal(a, copy)


def test_a_py_function_keeps_getting_a_copy():
    kept = []

    def keep(x):
        kept.append(x)  # the tensor itself, as user code may keep it
        return x

    @tf.function
    def f(x):
        return tf.py_function(keep, [x], tf.float32)

    a = np.ones(3, np.float32)
    for _ in range(3):
        f(a)
    a[:] = 5.0
    assert len(kept) == 3 and all(k.numpy().tolist() == [1.0, 1.0, 1.0] for k in kept)
