"""Updating parts of a model with different optimizers: the handbook MLP's two Dense layers get
Adam(0.001) and Adam(0.01), from one persistent tape.

    python -m numtf.examples.partial_update --batches 200
"""
import argparse

import numtf as tf
from numtf.examples.mnist import MLP, MNISTLoader, evaluate


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args(argv)
    model = MLP()
    data_loader = MNISTLoader()
    optimizer_1 = tf.keras.optimizers.Adam(learning_rate=0.001)
    optimizer_2 = tf.keras.optimizers.Adam(learning_rate=0.01)
    for batch_index in range(args.batches):
        X, y = data_loader.get_batch(args.batch_size)
        with tf.GradientTape(persistent=True) as tape:
            y_pred = model(X)
            loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred))
        grads_1 = tape.gradient(loss, model.dense1.variables)
        grads_2 = tape.gradient(loss, model.dense2.variables)
        optimizer_1.apply_gradients(grads_and_vars=zip(grads_1, model.dense1.variables))
        optimizer_2.apply_gradients(grads_and_vars=zip(grads_2, model.dense2.variables))
        del tape
        if batch_index % 100 == 0:
            print("batch %d: loss %f" % (batch_index, loss.numpy()))
    return evaluate(model, data_loader, args.batch_size, verbose=0)


if __name__ == "__main__":
    main()
