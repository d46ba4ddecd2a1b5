# From model-chapter-v0.3-en.txt ("Models & Layers"): the linear model as a Keras model class, trained
# eagerly with the TF 1.x optimizer tf.train.GradientDescentOptimizer. Verbatim, except the import:
# TensorFlow 2 runs TF 1.x programs as `import tensorflow.compat.v1 as tf`.
import tensorflow.compat.v1 as tf
tf.enable_eager_execution()
X = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
y = tf.constant([[10.0], [20.0]])
class Linear(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(units=1, kernel_initializer=tf.zeros_initializer(),
            bias_initializer=tf.zeros_initializer())
    def call(self, input):
        output = self.dense(input)
        return output
# The structure of the following codes is similar to the previous one.
model = Linear()
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
for i in range(100):
    with tf.GradientTape() as tape:
        y_pred = model(X)      # Call the model.
        loss = tf.reduce_mean(tf.square(y_pred - y))
    grads = tape.gradient(loss, model.variables)
    optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
print(model.variables)
