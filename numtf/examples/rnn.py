"""The handbook's RNN: an LSTMCell reads 40 characters of Nietzsche and predicts the next one;
then it writes text, sampling each character at four temperatures ("diversity").

    python -m numtf.examples.rnn [--batches 1000] [--generate 400]

The corpus is `nietzsche.txt` from the Keras cache (`$KERAS_HOME/datasets`), downloaded when
missing. The program is the handbook's, with its hyperparameters (1000 batches of 50 sequences of
40 characters, Adam 1e-3, 256 units) as defaults.
"""
import argparse

import numpy as np

import numtf as tf

ORIGIN = "https://s3.amazonaws.com/text-datasets/nietzsche.txt"


class DataLoader():
    def __init__(self):
        path = tf.keras.utils.get_file('nietzsche.txt', origin=ORIGIN)
        with open(path, encoding='utf-8') as f:
            self.raw_text = f.read().lower()
        self.chars = sorted(list(set(self.raw_text)))
        self.char_indices = dict((c, i) for i, c in enumerate(self.chars))
        self.indices_char = dict((i, c) for i, c in enumerate(self.chars))
        self.text = [self.char_indices[c] for c in self.raw_text]

    def get_batch(self, seq_length, batch_size):
        seq = []
        next_char = []
        for i in range(batch_size):
            index = np.random.randint(0, len(self.text) - seq_length)
            seq.append(self.text[index:index+seq_length])
            next_char.append(self.text[index+seq_length])
        return np.array(seq), np.array(next_char)  # [batch_size, seq_length], [num_batch]


class RNN(tf.keras.Model):
    def __init__(self, num_chars, batch_size, seq_length, units=256):
        super().__init__()
        self.num_chars = num_chars
        self.seq_length = seq_length
        self.batch_size = batch_size
        self.cell = tf.keras.layers.LSTMCell(units=units)
        self.dense = tf.keras.layers.Dense(units=self.num_chars)

    def call(self, inputs, from_logits=False):
        inputs = tf.one_hot(inputs, depth=self.num_chars)  # [batch_size, seq_length, num_chars]
        state = self.cell.get_initial_state(batch_size=self.batch_size, dtype=tf.float32)
        for t in range(self.seq_length):
            output, state = self.cell(inputs[:, t, :], state)
        logits = self.dense(output)
        if from_logits:
            return logits
        else:
            return tf.nn.softmax(logits)

    def predict(self, inputs, temperature=1.):
        batch_size, _ = tf.shape(inputs)
        logits = self(inputs, from_logits=True)
        prob = tf.nn.softmax(logits / temperature).numpy()
        return np.array([np.random.choice(self.num_chars, p=prob[i, :])
                         for i in range(batch_size.numpy())])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=1000)
    parser.add_argument("--seq-length", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--units", type=int, default=256)
    parser.add_argument("--generate", type=int, default=400, help="characters written per diversity")
    parser.add_argument("--every", type=int, default=1, help="print the loss every N batches")
    args = parser.parse_args(argv)
    num_batches, seq_length, batch_size = args.batches, args.seq_length, args.batch_size

    data_loader = DataLoader()
    model = RNN(num_chars=len(data_loader.chars), batch_size=batch_size, seq_length=seq_length, units=args.units)
    optimizer = tf.keras.optimizers.Adam(learning_rate=args.learning_rate)
    losses = []
    for batch_index in range(num_batches):
        X, y = data_loader.get_batch(seq_length, batch_size)
        with tf.GradientTape() as tape:
            y_pred = model(X)
            loss = tf.keras.losses.sparse_categorical_crossentropy(y_true=y, y_pred=y_pred)
            loss = tf.reduce_mean(loss)
        losses.append(float(loss.numpy()))
        if batch_index % args.every == 0:
            print("batch %d: loss %f" % (batch_index, loss.numpy()))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))

    X_, _ = data_loader.get_batch(seq_length, 1)
    texts = {}
    for diversity in [0.2, 0.5, 1.0, 1.2]:
        X = X_
        print("diversity %f:" % diversity)
        chars = []
        for t in range(args.generate):
            y_pred = model.predict(X, diversity)
            chars.append(data_loader.indices_char[y_pred[0]])
            print(chars[-1], end='', flush=True)
            X = np.concatenate([X[:, 1:], np.expand_dims(y_pred, axis=1)], axis=-1)
        print("\n")
        texts[diversity] = "".join(chars)
    return losses, texts


if __name__ == "__main__":
    main()
