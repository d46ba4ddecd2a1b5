"""The handbook's Keras linear model: y = XW + b fitted by SGD(0.01) for 100 steps.

    python -m numtf.examples.linear
"""
import numtf as tf

X = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
y = tf.constant([[10.0], [20.0]])


class Linear(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(
            units=1,
            activation=None,
            kernel_initializer=tf.zeros_initializer(),
            bias_initializer=tf.zeros_initializer()
        )

    def call(self, input):
        output = self.dense(input)
        return output


def main():
    model = Linear()
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
    for i in range(100):
        with tf.GradientTape() as tape:
            y_pred = model(X)      # call the model rather than writing y_pred = a * X + b
            loss = tf.reduce_mean(tf.square(y_pred - y))
        grads = tape.gradient(loss, model.variables)    # model.variables lists all the model's variables
        optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    print(model.variables)
    return model


if __name__ == "__main__":
    main()
