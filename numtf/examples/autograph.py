"""The handbook's "Graph Execution" programs: the @tf.function tracing quiz, quiz 2 (a captured
variable), and AutoGraph's conversion of `square_if_positive` (`tf.autograph.to_code`).

    $ python -m numtf.examples.autograph

Python's `print` runs only while a function is traced; `tf.print` is a graph node, runs on
every call and writes to stderr, as in TensorFlow. The output is the handbook's answer:

    The function is running in Python     (stdout)
    1                                     (stderr)
    2
    2
    The function is running in Python
    0.1
    ...

The converted code `to_code` prints has the shape of the handbook's (TensorFlow's AutoGraph
output): `def tf__square_if_positive(x):`, `do_return`/`retval_`, and the `if` as
`ag__.if_stmt(cond, if_body, else_body, get_state, set_state, ...)` over local functions.
"""
import numpy as np

import numtf as tf


def quiz():
    @tf.function
    def f(x):
        print('The function is running in Python')
        tf.print(x)

    a = tf.constant(1, dtype=tf.int32)
    f(a)
    b = tf.constant(2, dtype=tf.int32)
    f(b)
    b_ = np.array(2, dtype=np.int32)
    f(b_)
    c = tf.constant(0.1, dtype=tf.float32)
    f(c)
    d = tf.constant(0.2, dtype=tf.float32)
    f(d)
    f(1)
    f(2)
    f(1)
    f(0.1)
    f(0.2)
    f(0.1)


def quiz_2():
    a = tf.Variable(0.0)

    @tf.function
    def g():
        a.assign(a + 1.0)
        return a

    print(g())
    print(g())
    print(g())


@tf.function
def square_if_positive(x):
    if x > 0:
        x = x * x
    else:
        x = 0
    return x


def autograph():
    a = tf.constant(1)
    b = tf.constant(-1)
    print(square_if_positive(a), square_if_positive(b))
    print(tf.autograph.to_code(square_if_positive.python_function))


def main():
    quiz()
    quiz_2()
    autograph()


if __name__ == "__main__":
    main()
