"""The handbook's "TensorFlow basics": tensors, automatic differentiation, linear regression.

    $ python -m numtf.examples.basics

The code is the handbook's (English edition), with `import numtf as tf`; it prints what
TensorFlow prints for it (tests/test_examples.py compares against TensorFlow's own output).
The handbook's English edition writes the losses as a plain sum of squares with learning rate
5e-4; the older Chinese edition (and the reader notes in the seeds) halves the loss and uses
1e-3, which takes exactly the same gradient steps. Its TensorFlow linear regression updates the
variables with `tf.keras.optimizers.SGD(learning_rate=5e-4).apply_gradients`; here the same
update is written out as `var.assign_sub(learning_rate * grad)`, which is what SGD does.
"""
import numpy as np

import numtf as tf


def tensors():
    random_float = tf.random.uniform(shape=())  # a random scalar
    zero_vector = tf.zeros(shape=(2))           # a vector of two zeros
    A = tf.constant([[1., 2.], [3., 4.]])       # two 2x2 constant matrices
    B = tf.constant([[5., 6.], [7., 8.]])
    print(random_float)
    print(zero_vector)

    print(A.shape)      # (2, 2)
    print(A.dtype)      # <dtype: 'float32'>
    print(A.numpy())    # [[1. 2.]
    #                      [3. 4.]]

    C = tf.add(A, B)    # the elementwise sum of A and B
    D = tf.matmul(A, B)  # the matrix product of A and B
    print(C)
    print(D)


def derivative():
    x = tf.Variable(initial_value=3.)
    with tf.GradientTape() as tape:     # every step inside the tape's context is recorded
        y = tf.square(x)
    y_grad = tape.gradient(y, x)        # dy/dx at x = 3
    print([y, y_grad])


def partial_derivatives():
    X = tf.constant([[1., 2.], [3., 4.]])
    y = tf.constant([[1.], [2.]])
    w = tf.Variable(initial_value=[[1.], [2.]])
    b = tf.Variable(initial_value=1.)
    with tf.GradientTape() as tape:
        L = tf.reduce_sum(tf.square(tf.matmul(X, w) + b - y))
    w_grad, b_grad = tape.gradient(L, [w, b])        # dL/dw, dL/db
    print([L.numpy(), w_grad.numpy(), b_grad.numpy()])


def house_prices():
    """The 2013-2017 house prices, normalized to [0, 1]."""
    X_raw = np.array([2013, 2014, 2015, 2016, 2017], dtype=np.float32)
    y_raw = np.array([12000, 14000, 15000, 16500, 17500], dtype=np.float32)

    X = (X_raw - X_raw.min()) / (X_raw.max() - X_raw.min())
    y = (y_raw - y_raw.min()) / (y_raw.max() - y_raw.min())
    return X, y


def linear_regression_numpy(X, y):
    a, b = 0, 0

    num_epoch = 10000
    learning_rate = 5e-4
    for e in range(num_epoch):
        # The gradients of the loss sum((a * X + b - y) ** 2) with respect to a and b, by hand.
        y_pred = a * X + b
        grad_a, grad_b = 2 * (y_pred - y).dot(X), 2 * (y_pred - y).sum()

        # Update the parameters.
        a, b = a - learning_rate * grad_a, b - learning_rate * grad_b

    print(a, b)


def linear_regression_tf(X, y):
    X = tf.constant(X)
    y = tf.constant(y)

    a = tf.Variable(initial_value=0.)
    b = tf.Variable(initial_value=0.)
    variables = [a, b]

    num_epoch = 10000
    learning_rate = 5e-4
    for e in range(num_epoch):
        # tf.GradientTape() records what the loss is computed from
        with tf.GradientTape() as tape:
            y_pred = a * X + b
            loss = tf.reduce_sum(tf.square(y_pred - y))
        # TensorFlow computes the gradients of the loss with respect to the variables
        grads = tape.gradient(loss, variables)
        # and the variables take a gradient-descent step (what tf.keras.optimizers.SGD does)
        for grad, var in zip(grads, variables):
            var.assign_sub(learning_rate * grad)

    print(a, b)


def main():
    tensors()
    derivative()
    partial_derivatives()
    X, y = house_prices()
    linear_regression_numpy(X, y)
    linear_regression_tf(X, y)


if __name__ == "__main__":
    main()
