"""`tf.keras.datasets`: Keras's small datasets, fetched into the Keras cache by `get_file`.

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()  # doctest: +SKIP
"""
from . import boston_housing, cifar10, cifar100, fashion_mnist, imdb, mnist, reuters  # noqa: F401
