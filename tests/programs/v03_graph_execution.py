# From model-chapter-v0.3-en.txt ("Graph Execution Mode"): the first section's Linear model trained in
# a Session on placeholders. The page shows the graph part alone ("call the linear model built in the
# first section"); this file adds that section's model class and data. Graph mode is TF 1.x's default;
# TensorFlow 2 needs `import tensorflow.compat.v1 as tf` and `tf.disable_eager_execution()` for it, and
# the data are NumPy arrays because a Session feeds values (a tf.constant cannot be fed).
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_eager_execution()
X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
y = np.array([[10.0], [20.0]], dtype=np.float32)
class Linear(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(units=1, kernel_initializer=tf.zeros_initializer(),
            bias_initializer=tf.zeros_initializer())
    def call(self, input):
        output = self.dense(input)
        return output
model = Linear()
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
X_placeholder = tf.placeholder(name='X', shape=[None, 3], dtype=tf.float32)
y_placeholder = tf.placeholder(name='y', shape=[None, 1], dtype=tf.float32)
y_pred = model(X_placeholder)
loss = tf.reduce_mean(tf.square(y_pred - y_placeholder))
train_op = optimizer.minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(100):
        sess.run(train_op, feed_dict={X_placeholder: X, y_placeholder: y})
    print(sess.run(model.variables))
