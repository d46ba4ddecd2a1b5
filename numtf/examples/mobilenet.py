"""The handbook's MobileNetV2 program: `tf.keras.applications.MobileNetV2(weights=None, classes=5)`
trained from scratch with Adam in the handbook's custom loop on tf_flowers.

    python -m numtf.examples.mobilenet [--epochs 5] [--batch 50] [--size 224] [--samples N]

The handbook loads tf_flowers with TensorFlow Datasets, which needs TensorFlow (and the network):
when `tensorflow_datasets` is not importable this program makes a stand-in with the same shape of
data: uint8 photos of five kinds, here images whose dominant colour and stripe direction give the
class (so that a network can learn them), fed through the handbook's own pipeline
(`map(resize / 255).shuffle(1024).batch(batch_size)`).
"""
import argparse

import numpy as np

import numtf as tf


def flowers_stand_in(samples, seed=0, side=64):
    """A tf.data.Dataset of (uint8 image (side, side, 3), int64 label) pairs in five classes."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 5, samples)
    hues = np.array([[200, 40, 40], [40, 200, 40], [40, 40, 200], [200, 200, 40], [200, 40, 200]], np.float32)
    stripes = (np.arange(side) // 4 % 2).astype(np.float32)
    images = np.empty((samples, side, side, 3), np.uint8)
    for i, label in enumerate(labels):
        pattern = stripes[:, None] if label % 2 else stripes[None, :]
        img = hues[label] * (0.6 + 0.4 * pattern[..., None]) + rng.normal(0, 25, (side, side, 3))
        images[i] = np.clip(img, 0, 255)
    return tf.data.Dataset.from_tensor_slices((images, labels.astype(np.int64)))


def load_flowers(samples):
    try:
        import tensorflow_datasets as tfds
    except ImportError:
        return flowers_stand_in(samples)
    return tfds.load("tf_flowers", split=tfds.Split.TRAIN, as_supervised=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="The handbook's MobileNetV2 on tf_flowers")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--size", type=int, default=224, help="image side (the handbook: 224)")
    parser.add_argument("--samples", type=int, default=500, help="stand-in dataset size")
    parser.add_argument("--learning-rate", type=float, default=0.001)
    args = parser.parse_args(argv)
    tf.random.set_seed(0)
    # -- the handbook's program (its 224 made a parameter) --
    num_epoch, batch_size, learning_rate, size = args.epochs, args.batch, args.learning_rate, args.size
    dataset = load_flowers(args.samples)
    dataset = dataset.map(lambda img, label: (tf.image.resize(img, (size, size)) / 255.0, label)).shuffle(
        1024).batch(batch_size)
    model = tf.keras.applications.MobileNetV2(weights=None, classes=5, input_shape=(size, size, 3))
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    losses = []
    for e in range(num_epoch):
        for images, labels in dataset:
            with tf.GradientTape() as tape:
                labels_pred = model(images, training=True)
                loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=labels, y_pred=labels_pred)
                loss = tf.reduce_mean(loss)
                print("loss %f" % loss.numpy())
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(grads_and_vars=zip(grads, model.trainable_variables))
            losses.append(float(loss))
    print(labels_pred)
    return losses


if __name__ == "__main__":
    main()
