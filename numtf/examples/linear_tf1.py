"""The basics' linear regression, TensorFlow 1 style: placeholders, `get_variable`, and
`GradientDescentOptimizer(...).minimize` run in a Session (the handbook's static-graph version).

    python -m numtf.examples.linear_tf1

It runs as TensorFlow 2 runs TF1 code, through `tf.compat.v1` with eager execution disabled;
the module turns eager execution back on when it is done (so it can be imported and run from
tests). `main(num_epoch)` returns [a, b].
"""
import numpy as np

import numtf.compat.v1 as tf

X_raw = np.array([2013, 2014, 2015, 2016, 2017], dtype=np.float32)
y_raw = np.array([12000, 14000, 15000, 16500, 17500], dtype=np.float32)

X = (X_raw - X_raw.min()) / (X_raw.max() - X_raw.min())
y = (y_raw - y_raw.min()) / (y_raw.max() - y_raw.min())


def main(num_epoch=10000):
    tf.disable_eager_execution()
    tf.reset_default_graph()
    try:
        learning_rate_ = tf.placeholder(dtype=tf.float32)
        X_ = tf.placeholder(dtype=tf.float32, shape=[5])
        y_ = tf.placeholder(dtype=tf.float32, shape=[5])
        a = tf.get_variable('a', dtype=tf.float32, shape=[], initializer=tf.zeros_initializer)
        b = tf.get_variable('b', dtype=tf.float32, shape=[], initializer=tf.zeros_initializer)

        y_pred = a * X_ + b
        loss = tf.constant(0.5) * tf.reduce_sum(tf.square(y_pred - y_))

        # backpropagation: TensorFlow's gradient descent optimizer computes and applies the gradients
        train_op = tf.train.GradientDescentOptimizer(learning_rate=learning_rate_).minimize(loss)

        learning_rate = 1e-3
        with tf.Session() as sess:
            # initialize the variables a and b
            tf.global_variables_initializer().run()
            # feed the data into the placeholders and train with sess.run
            for e in range(num_epoch):
                sess.run(train_op, feed_dict={X_: X, y_: y, learning_rate_: learning_rate})
            result = sess.run([a, b])
            print(result)
        return result
    finally:
        tf.enable_eager_execution()


if __name__ == "__main__":
    main()
