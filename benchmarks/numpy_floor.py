"""The floor for the handbook's MLP training step: the same step hand-written in raw NumPy, float32.

    $ python benchmarks/numpy_floor.py [--steps N] [--data mnistlike|uniform] [--check]

The MLP (Flatten, Dense 784->100 relu, Dense 100->10, softmax), sparse categorical cross-entropy on
the probabilities averaged over a batch of 50, and Keras's Adam (learning rate 1e-3, beta 0.9/0.999,
epsilon 1e-7), with what a careful hand-written step does and no framework does for you:
- the backward pass uses the closed form of softmax + cross-entropy, (p - onehot) / batch;
- every intermediate array is preallocated once and written through `out=`;
- the four variables (and their gradients and Adam slots) are views into one flat buffer each, so
  the Adam update is 12 NumPy calls over 79,510 floats rather than 12 per variable;
- every 100 steps, Adam's moments below 1e-30 are set to zero. The first moment of a weight whose
  gradient stays zero (a dead relu unit) decays by 0.9 a step into float32 subnormals and stays
  there (0.9 times the smallest subnormal rounds back to it), and NumPy arithmetic on subnormals is
  ~50x slower: a few dead units triple the cost of the update. TensorFlow's kernels flush subnormals
  to zero; NumPy has no switch for it, and a value needs ~175 steps to fall from 1e-30 into them.
Everything the step must do is still done: forward pass, loss value, all four gradients, the
bias-corrected Adam update in place. `--check` compares the loss and the gradients of one step
with numtf's GradientTape on the same weights and batch (and runs a few hundred steps to see the
loss fall), to keep the floor honest.

BLAS threads: benchmarks/handbook.py measures the floor in numtf's process, so with numtf's BLAS
thread count (numtf/framework/blas.py: one OpenBLAS thread by default); run alone, this file gets
NumPy's default unless OPENBLAS_NUM_THREADS is set.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BATCH, IN, HIDDEN, OUT = 50, 784, 100, 10
SHAPES = [(IN, HIDDEN), (HIDDEN,), (HIDDEN, OUT), (OUT,)]
EPSILON = 1e-7  # Keras's backend epsilon: the clipping of probabilities and Adam's epsilon
FLUSH_EVERY, FLUSH_BELOW = 100, 1e-30


def _glorot_uniform(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


def _flat_views(flat):
    views, start = [], 0
    for shape in SHAPES:
        size = int(np.prod(shape))
        views.append(flat[start:start + size].reshape(shape))
        start += size
    return views


class NumpyMLP:
    """Weights, gradients, Adam slots and scratch buffers, allocated once; `step(X, y)` trains."""

    def __init__(self, seed=0, learning_rate=1e-3, beta_1=0.9, beta_2=0.999):
        rng = np.random.default_rng(seed)
        size = sum(int(np.prod(s)) for s in SHAPES)
        self.params = np.zeros(size, np.float32)
        self.grads = np.zeros(size, np.float32)
        self.m = np.zeros(size, np.float32)
        self.v = np.zeros(size, np.float32)
        self.tmp = np.zeros(size, np.float32)
        self.small = np.zeros(size, bool)
        self.W1, self.b1, self.W2, self.b2 = _flat_views(self.params)
        self.dW1, self.db1, self.dW2, self.db2 = _flat_views(self.grads)
        self.W1[...] = _glorot_uniform(rng, IN, HIDDEN)
        self.W2[...] = _glorot_uniform(rng, HIDDEN, OUT)
        self.h = np.empty((BATCH, HIDDEN), np.float32)
        self.dh = np.empty((BATCH, HIDDEN), np.float32)
        self.mask = np.empty((BATCH, HIDDEN), bool)
        self.p = np.empty((BATCH, OUT), np.float32)
        self.rowsum = np.empty((BATCH, 1), np.float32)
        self.rows = np.arange(BATCH)
        self.lr, self.beta_1, self.beta_2 = np.float32(learning_rate), beta_1, beta_2
        self.iterations = 0

    def forward(self, X, y):
        """Probabilities (kept in self.p) and the mean cross-entropy loss."""
        x = X.reshape(len(X), IN)
        h, p = self.h, self.p
        np.matmul(x, self.W1, out=h)
        h += self.b1
        np.maximum(h, 0, out=h)
        np.matmul(h, self.W2, out=p)
        p += self.b2
        p -= p.max(axis=1, keepdims=True)
        np.exp(p, out=p)
        np.sum(p, axis=1, keepdims=True, out=self.rowsum)
        p /= self.rowsum
        picked = p[self.rows, y]
        return -np.mean(np.log(np.clip(picked, EPSILON, 1 - EPSILON)))

    def backward(self, X, y):
        """All four gradients into self.grads, from the probabilities of `forward`."""
        x = X.reshape(len(X), IN)
        d = self.p  # reused in place: d(loss)/d(logits) = (p - onehot) / batch
        d[self.rows, y] -= 1
        d *= np.float32(1.0 / len(X))
        np.matmul(self.h.T, d, out=self.dW2)
        np.sum(d, axis=0, out=self.db2)
        np.matmul(d, self.W2.T, out=self.dh)
        np.greater(self.h, 0, out=self.mask)
        self.dh *= self.mask
        np.matmul(x.T, self.dh, out=self.dW1)
        np.sum(self.dh, axis=0, out=self.db1)

    def adam(self):
        """Keras's Adam over the flat buffers, in place."""
        self.iterations += 1
        t = self.iterations
        b1, b2, g, m, v, tmp = self.beta_1, self.beta_2, self.grads, self.m, self.v, self.tmp
        lr_t = np.float32(self.lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t))
        m *= np.float32(b1)
        np.multiply(g, np.float32(1 - b1), out=tmp)
        m += tmp
        v *= np.float32(b2)
        np.multiply(g, g, out=tmp)
        tmp *= np.float32(1 - b2)
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += np.float32(EPSILON)
        np.divide(m, tmp, out=tmp)
        tmp *= lr_t
        self.params -= tmp
        if t % FLUSH_EVERY == 0:
            for slot in (m, v):
                np.abs(slot, out=tmp)
                np.less(tmp, FLUSH_BELOW, out=self.small)
                slot[self.small] = 0

    def step(self, X, y):
        loss = self.forward(X, y)
        self.backward(X, y)
        self.adam()
        return loss


def floor_step(data="mnistlike", seed=0):
    """(train_step, next_batch) for handbook.measure."""
    from handbook import batches
    model = NumpyMLP(seed)
    return model.step, batches((28, 28, 1), data)


def check(seed=0):
    """One step's loss and gradients against numtf's tape; then a few hundred steps of training."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import numtf as tf
    from handbook import batches
    model = NumpyMLP(seed)
    next_batch = batches((28, 28, 1), "mnistlike")
    X, y = next_batch()
    variables = [tf.Variable(a.copy()) for a in (model.W1, model.b1, model.W2, model.b2)]
    with tf.GradientTape() as tape:
        x = tf.reshape(X, [BATCH, IN])
        h = tf.nn.relu(tf.matmul(x, variables[0]) + variables[1])
        probs = tf.nn.softmax(tf.matmul(h, variables[2]) + variables[3])
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=probs))
    expected = tape.gradient(loss, variables)
    ours = model.forward(X, y)
    model.backward(X, y)
    np.testing.assert_allclose(ours, loss.numpy(), rtol=1e-5)
    for name, mine, theirs in zip(["W1", "b1", "W2", "b2"], _flat_views(model.grads), expected):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-4, atol=1e-6, err_msg=name)
    print(f"check: loss {ours:.6f} and the 4 gradients match numtf's tape")
    first = None
    for i in range(300):
        loss = model.step(*next_batch())
        first = loss if first is None else first
    print(f"check: training loss {first:.4f} -> {loss:.4f} over 300 Adam steps")
    assert loss < 0.7 * first


def main():
    from handbook import measure
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--data", default="mnistlike", help="mnistlike or uniform (handbook.batches)")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:
        check()
    step, next_batch = floor_step(args.data)
    r = measure(step, next_batch, args.steps, args.seconds)
    print(f"raw-NumPy MLP step (batch {BATCH}, float32, Adam): median {r['median']:.3f} ms, "
          f"min {r['min']:.3f} ms over {r['n']} steps (NumPy {np.__version__})")


if __name__ == "__main__":
    main()
