"""The handbook's MNIST program, with its model / mode / training_loop switches.

An MLP or a CNN, built with Keras's subclassing, Sequential or Functional API, trained and
evaluated four ways (the program's switches, plus the handbook's `@tf.function` timing program):

- custom: the custom loop (GradientTape, Adam), then `model.predict` + SparseCategoricalAccuracy;
- keras: `model.compile` / `fit` / `evaluate`;
- graph: the TF1-style loop: eager execution disabled, the model called on placeholders,
  `tf.compat.v1.train.AdamOptimizer(...).minimize` run in a Session, then `model.predict` and the
  metric's `update_state`/`result` run in that same Session;
- function: the custom loop's step as `@tf.function def train_one_step(X, y)`, timed against the
  same step run eagerly from the same weights on the same batches (the handbook: 35.5 s traced vs
  43.8 s eager for 400 CNN batches; this loop runs 400 batches unless --batches says otherwise).

    python -m numtf.examples.mnist --model cnn --epochs 5
    python -m numtf.examples.mnist --model mlp --api functional --loop graph --epochs 1
    python -m numtf.examples.mnist --model cnn --api sequential --loop keras --batches 200 --quiet
    python -m numtf.examples.mnist --model cnn --loop function

The model and loop code is the handbook's, written against `import numtf as tf`.
"""
import argparse
import time

import numpy as np

import numtf as tf


class MNISTLoader():
    def __init__(self):
        mnist = tf.keras.datasets.mnist
        (self.train_data, self.train_label), (self.test_data, self.test_label) = mnist.load_data()
        # MNIST images are uint8 (0-255): scale to [0, 1] floats and add a channel axis
        self.train_data = np.expand_dims(self.train_data.astype(np.float32) / 255.0, axis=-1)  # [60000, 28, 28, 1]
        self.test_data = np.expand_dims(self.test_data.astype(np.float32) / 255.0, axis=-1)    # [10000, 28, 28, 1]
        self.train_label = self.train_label.astype(np.int32)    # [60000]
        self.test_label = self.test_label.astype(np.int32)      # [10000]
        self.num_train_data, self.num_test_data = self.train_data.shape[0], self.test_data.shape[0]

    def get_batch(self, batch_size):
        # a random batch of batch_size examples
        index = np.random.randint(0, self.num_train_data, batch_size)
        return self.train_data[index, :], self.train_label[index]


class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()    # flattens all but the batch axis
        self.dense1 = tf.keras.layers.Dense(units=100, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    def call(self, inputs):         # [batch_size, 28, 28, 1]
        x = self.flatten(inputs)    # [batch_size, 784]
        x = self.dense1(x)          # [batch_size, 100]
        x = self.dense2(x)          # [batch_size, 10]
        output = tf.nn.softmax(x)
        return output


class CNN(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.conv1 = tf.keras.layers.Conv2D(
            filters=32,             # number of kernels
            kernel_size=[5, 5],     # receptive field
            padding='same',         # padding policy ('valid' or 'same')
            activation=tf.nn.relu
        )
        self.pool1 = tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2)
        self.conv2 = tf.keras.layers.Conv2D(
            filters=64,
            kernel_size=[5, 5],
            padding='same',
            activation=tf.nn.relu
        )
        self.pool2 = tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2)
        self.flatten = tf.keras.layers.Reshape(target_shape=(7 * 7 * 64,))
        self.dense1 = tf.keras.layers.Dense(units=1024, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(units=10)

    def call(self, inputs):
        x = self.conv1(inputs)                  # [batch_size, 28, 28, 32]
        x = self.pool1(x)                       # [batch_size, 14, 14, 32]
        x = self.conv2(x)                       # [batch_size, 14, 14, 64]
        x = self.pool2(x)                       # [batch_size, 7, 7, 64]
        x = self.flatten(x)                     # [batch_size, 7 * 7 * 64]
        x = self.dense1(x)                      # [batch_size, 1024]
        x = self.dense2(x)                      # [batch_size, 10]
        output = tf.nn.softmax(x)
        return output


def train(model, data_loader, num_epochs, batch_size, learning_rate, max_batches=None, quiet=False):
    """The handbook's custom training loop (Adam, sparse categorical cross-entropy)."""
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    num_batches = int(data_loader.num_train_data // batch_size * num_epochs)
    if max_batches is not None:
        num_batches = min(num_batches, max_batches)
    for batch_index in range(num_batches):
        X, y = data_loader.get_batch(batch_size)
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred)
            loss = tf.reduce_mean(loss)
            if not quiet or batch_index % 100 == 0 or batch_index == num_batches - 1:
                print("batch %d: loss %f" % (batch_index, loss.numpy()))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))


def evaluate(model, data_loader, batch_size, max_batches=None, verbose="auto"):
    """The handbook's evaluation: model.predict per batch, SparseCategoricalAccuracy."""
    sparse_categorical_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
    num_batches = int(data_loader.num_test_data // batch_size)
    if max_batches is not None:
        num_batches = min(num_batches, max_batches)
    for batch_index in range(num_batches):
        start_index, end_index = batch_index * batch_size, (batch_index + 1) * batch_size
        y_pred = model.predict(data_loader.test_data[start_index: end_index], verbose=verbose)
        sparse_categorical_accuracy.update_state(y_true=data_loader.test_label[start_index: end_index],
                                                 y_pred=y_pred)
    print("test accuracy: %f" % sparse_categorical_accuracy.result())
    return float(sparse_categorical_accuracy.result())


def build_model(model="mlp", mode="subclassing"):
    """The handbook's MLP or CNN (`model`), built the `mode` way: 'subclassing' (the classes above),
    'sequential' (tf.keras.models.Sequential) or 'functional' (tf.keras.Input -> tf.keras.Model)."""
    model, mode = model.lower(), mode.lower()
    if model == "mlp":
        if mode == "sequential":
            return tf.keras.models.Sequential([
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(100, activation=tf.nn.relu),
                tf.keras.layers.Dense(10),
                tf.keras.layers.Softmax()
            ])
        if mode == "functional":
            inputs = tf.keras.Input(shape=(28, 28, 1))
            x = tf.keras.layers.Flatten()(inputs)
            x = tf.keras.layers.Dense(units=100, activation=tf.nn.relu)(x)
            x = tf.keras.layers.Dense(units=10)(x)
            outputs = tf.keras.layers.Softmax()(x)
            return tf.keras.Model(inputs=inputs, outputs=outputs)
        if mode == "subclassing":
            return MLP()
    if model == "cnn":
        if mode == "sequential":
            return tf.keras.models.Sequential([
                tf.keras.layers.Conv2D(
                    filters=32,             # number of kernels
                    kernel_size=[5, 5],     # receptive field
                    padding="same",         # padding policy
                    activation=tf.nn.relu   # activation function
                ),
                tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2),
                tf.keras.layers.Conv2D(
                    filters=64,
                    kernel_size=[5, 5],
                    padding="same",
                    activation=tf.nn.relu
                ),
                tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2),
                tf.keras.layers.Reshape(target_shape=(7 * 7 * 64,)),
                tf.keras.layers.Dense(units=1024, activation=tf.nn.relu),
                tf.keras.layers.Dense(units=10),
                tf.keras.layers.Softmax()
            ])
        if mode == "functional":
            inputs = tf.keras.Input(shape=(28, 28, 1))
            x = tf.keras.layers.Conv2D(
                filters=32,             # number of kernels
                kernel_size=[5, 5],     # receptive field
                padding="same",         # padding policy
                activation=tf.nn.relu   # activation function
            )(inputs)
            x = tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2)(x)
            x = tf.keras.layers.Conv2D(
                filters=64,
                kernel_size=[5, 5],
                padding="same",
                activation=tf.nn.relu
            )(x)
            x = tf.keras.layers.MaxPool2D(pool_size=[2, 2], strides=2)(x)
            x = tf.keras.layers.Reshape(target_shape=(7 * 7 * 64,))(x)
            x = tf.keras.layers.Dense(units=1024, activation=tf.nn.relu)(x)
            x = tf.keras.layers.Dense(units=10)(x)
            outputs = tf.keras.layers.Softmax()(x)
            return tf.keras.Model(inputs=inputs, outputs=outputs)
        if mode == "subclassing":
            return CNN()
    raise ValueError(f"unknown model {model!r} or mode {mode!r}: model is 'mlp' or 'cnn', mode 'subclassing', "
                     "'sequential' or 'functional'")


def _num_batches(num_examples, batch_size, num_epochs, max_batches):
    num_batches = int(num_examples // batch_size * num_epochs)
    return num_batches if max_batches is None else min(num_batches, max_batches)


# -- training_loop == 'keras' ---------------------------------------------------------------------------
def train_keras(model, data_loader, num_epochs, batch_size, learning_rate, max_batches=None, quiet=False):
    """The handbook's Keras pipeline: compile, then fit on the training set. A fractional
    `num_epochs` or `max_batches` fits one epoch on the first batches' worth of examples."""
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=learning_rate),
        loss=tf.keras.losses.sparse_categorical_crossentropy,
        metrics=[tf.keras.metrics.sparse_categorical_accuracy]
    )
    verbose = 2 if quiet else 1
    if max_batches is None and float(num_epochs).is_integer():
        return model.fit(data_loader.train_data, data_loader.train_label, epochs=int(num_epochs),
                         batch_size=batch_size, verbose=verbose)
    n = _num_batches(data_loader.num_train_data, batch_size, num_epochs, max_batches) * batch_size
    return model.fit(data_loader.train_data[:n], data_loader.train_label[:n], epochs=1, batch_size=batch_size,
                     verbose=verbose)


def evaluate_keras(model, data_loader, batch_size=None, max_batches=None, quiet=False):
    """`print(model.evaluate(test_data, test_label))` as the handbook; returns the accuracy."""
    n = data_loader.num_test_data if max_batches is None else max_batches * (batch_size or 32)
    results = model.evaluate(data_loader.test_data[:n], data_loader.test_label[:n], batch_size=batch_size,
                             verbose=0 if quiet else 1)
    print(results)
    return float(results[1])


# -- training_loop == 'graph' ---------------------------------------------------------------------------
def run_graph(model_name, mode, data_loader, num_epochs, batch_size, learning_rate, max_batches=None,
              test_batches=None, quiet=False, seed=None):
    """The handbook's TF1-style program: disables eager execution, builds the `model_name`/`mode`
    model on a fresh default graph, trains it with `AdamOptimizer.minimize` in a Session, then
    evaluates it with `model.predict` and the metric's ops in that Session. Eager execution is
    turned back on afterwards when it was on. Returns the test accuracy."""
    was_eager = tf.executing_eagerly()
    tf.compat.v1.disable_eager_execution()
    tf.compat.v1.reset_default_graph()
    try:
        if seed is not None:
            tf.compat.v1.set_random_seed(seed)  # the new graph's seed: the weights' initializers
        model = build_model(model_name, mode)
        optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate=learning_rate)
        num_batches = _num_batches(data_loader.num_train_data, batch_size, num_epochs, max_batches)
        # build the graph
        X_placeholder = tf.compat.v1.placeholder(name='X', shape=[None, 28, 28, 1], dtype=tf.float32)
        y_placeholder = tf.compat.v1.placeholder(name='y', shape=[None], dtype=tf.int32)
        y_pred = model(X_placeholder)
        loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=y_placeholder, y_pred=y_pred)
        loss = tf.reduce_mean(loss)
        train_op = optimizer.minimize(loss)
        sparse_categorical_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()
        # the Session
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for batch_index in range(num_batches):
                X, y = data_loader.get_batch(batch_size)
                # Session.run feeds the data to the graph's placeholders: one training step, and the loss
                _, loss_value = sess.run([train_op, loss], feed_dict={X_placeholder: X, y_placeholder: y})
                if not quiet or batch_index % 100 == 0 or batch_index == num_batches - 1:
                    print("batch %d: loss %f" % (batch_index, loss_value))

            num_batches = _num_batches(data_loader.num_test_data, batch_size, 1, test_batches)
            for batch_index in range(num_batches):
                start_index, end_index = batch_index * batch_size, (batch_index + 1) * batch_size
                y_pred = model.predict(data_loader.test_data[start_index: end_index])
                sess.run(sparse_categorical_accuracy.update_state(
                    y_true=data_loader.test_label[start_index: end_index], y_pred=y_pred))
            accuracy = sess.run(sparse_categorical_accuracy.result())
            print("test accuracy: %f" % accuracy)
        return float(accuracy)
    finally:
        if was_eager:
            tf.compat.v1.enable_eager_execution()


# -- training_loop == 'function': @tf.function against eager ----------------------------------------------
def make_train_one_step(model, optimizer, verbose=True):
    """The handbook's training step (decorate it with `tf.function` for Graph Execution)."""
    def train_one_step(X, y):
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred)
            loss = tf.reduce_mean(loss)
            if verbose:
                # tf.print: Graph Execution's print (runs at every call of the traced function)
                tf.print("loss", loss)
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    return train_one_step


def _run_steps(step, data_loader, num_batches, batch_size):
    start_time = time.time()
    for batch_index in range(num_batches):
        X, y = data_loader.get_batch(batch_size)
        step(X, y)
    return time.time() - start_time


def time_traced_and_eager(model, data_loader, num_batches, batch_size, learning_rate, quiet=False):
    """Trains `model` for `num_batches` with the `@tf.function` step, then again from the same
    initial weights on the same batches with the step run eagerly (a fresh Adam each time).
    Prints and returns {'traced': seconds, 'eager': seconds, 'traced_weights', 'eager_weights'};
    the model ends with the traced run's weights."""
    model(data_loader.train_data[:1])  # build the weights now: both runs start from them
    initial = model.get_weights()
    batches = np.random.get_state()
    train_one_step = tf.function(make_train_one_step(model, tf.keras.optimizers.Adam(learning_rate=learning_rate),
                                                     not quiet))
    traced = _run_steps(train_one_step, data_loader, num_batches, batch_size)
    traced_weights = model.get_weights()
    print("traced (@tf.function): %.1f s for %d batches" % (traced, num_batches))
    model.set_weights(initial)
    np.random.set_state(batches)
    eager_step = make_train_one_step(model, tf.keras.optimizers.Adam(learning_rate=learning_rate), not quiet)
    eager = _run_steps(eager_step, data_loader, num_batches, batch_size)
    eager_weights = model.get_weights()
    print("eager: %.1f s for %d batches" % (eager, num_batches))
    model.set_weights(traced_weights)
    return {"traced": traced, "eager": eager, "traced_weights": traced_weights, "eager_weights": eager_weights}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--api", "--mode", dest="api", choices=["subclassing", "sequential", "functional"],
                        default="subclassing", help="how the model is built")
    parser.add_argument("--loop", "--training-loop", dest="loop", choices=["custom", "keras", "graph", "function"],
                        default="custom", help="how it is trained")
    parser.add_argument("--epochs", type=float, default=5)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--batches", type=int, default=None,
                        help="stop training after this many batches (--loop function: default 400, as the handbook)")
    parser.add_argument("--test-batches", type=int, default=None, help="evaluate on this many test batches")
    parser.add_argument("--quiet", action="store_true", help="print the loss every 100 batches only, "
                                                                 "and no progress bars")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    if args.seed is not None:
        np.random.seed(args.seed)
        tf.random.set_seed(args.seed)
    verbose = 0 if args.quiet else "auto"
    if args.loop == "graph":
        data_loader = MNISTLoader()
        start = time.time()
        accuracy = run_graph(args.model, args.api, data_loader, args.epochs, args.batch_size, args.learning_rate,
                             args.batches, args.test_batches, args.quiet, args.seed)
        print("training and test time: %.1f s" % (time.time() - start))
        return accuracy
    model = build_model(args.model, args.api)
    data_loader = MNISTLoader()
    if args.loop == "keras":
        start = time.time()
        train_keras(model, data_loader, args.epochs, args.batch_size, args.learning_rate, args.batches, args.quiet)
        print("training time: %.1f s" % (time.time() - start))
        return evaluate_keras(model, data_loader, None if args.test_batches is None else args.batch_size,
                              args.test_batches, args.quiet)
    if args.loop == "function":
        num_batches = 400 if args.batches is None else args.batches
        time_traced_and_eager(model, data_loader, num_batches, args.batch_size, args.learning_rate, args.quiet)
        return evaluate(model, data_loader, args.batch_size, args.test_batches, verbose)
    start = time.time()
    train(model, data_loader, args.epochs, args.batch_size, args.learning_rate, args.batches, args.quiet)
    print("training time: %.1f s" % (time.time() - start))
    return evaluate(model, data_loader, args.batch_size, args.test_batches, verbose)


if __name__ == "__main__":
    main()
