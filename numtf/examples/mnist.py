"""The handbook's MNIST program: an MLP or a CNN trained in a custom loop, evaluated with
SparseCategoricalAccuracy.

    python -m numtf.examples.mnist --model cnn --epochs 5
    python -m numtf.examples.mnist --model mlp --batches 200 --quiet

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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--epochs", type=float, default=5)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--batches", type=int, default=None, help="stop training after this many batches")
    parser.add_argument("--test-batches", type=int, default=None, help="evaluate on this many test batches")
    parser.add_argument("--quiet", action="store_true", help="print the loss every 100 batches only, "
                                                                 "and no predict progress bars")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    if args.seed is not None:
        np.random.seed(args.seed)
        tf.random.set_seed(args.seed)
    model = MLP() if args.model == "mlp" else CNN()
    data_loader = MNISTLoader()
    start = time.time()
    train(model, data_loader, args.epochs, args.batch_size, args.learning_rate, args.batches, args.quiet)
    print("training time: %.1f s" % (time.time() - start))
    return evaluate(model, data_loader, args.batch_size, args.test_batches, 0 if args.quiet else "auto")


if __name__ == "__main__":
    main()
