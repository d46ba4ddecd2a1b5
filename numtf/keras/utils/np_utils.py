"""`tf.keras.utils.to_categorical` and `normalize` (NumPy in, NumPy out, as in Keras 2).

    >>> tf.keras.utils.to_categorical([0, 2], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
"""
import numpy as np

__all__ = ["to_categorical", "to_ordinal", "normalize"]


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot encodes integer labels `y`: shape `y.shape + (num_classes,)`, a trailing 1 dropped.

        >>> tf.keras.utils.to_categorical([[1], [0]]).shape
        (2, 2)
    """
    y = np.array(y, dtype="int")
    input_shape = y.shape
    # Labels shaped (N, 1), as many datasets store them, give (N, num_classes), not (N, 1, num_classes).
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = input_shape[:-1]
    y = y.ravel()
    if not num_classes:
        num_classes = int(np.max(y)) + 1
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return categorical.reshape(input_shape + (num_classes,))


def to_ordinal(y, num_classes=None, dtype="float32"):
    """Ordinal (cumulative) encoding: label k becomes k ones then zeros, over num_classes - 1
    columns; a trailing axis of size 1 is dropped, as in `to_categorical`.

        >>> tf.keras.utils.to_ordinal([0, 2, 1], 3)
        array([[0., 0.],
               [1., 1.],
               [1., 0.]], dtype=float32)
    """
    y = np.array(y, dtype="int")
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = input_shape[:-1]
    y = y.ravel()
    if not num_classes:
        num_classes = int(np.max(y)) + 1
    ordinal = (np.arange(num_classes - 1)[None, :] < y[:, None]).astype(dtype)
    return ordinal.reshape(input_shape + (num_classes - 1,))


def normalize(x, axis=-1, order=2):
    """Divides `x` by its `order`-norm along `axis` (zero vectors stay zero).

        >>> tf.keras.utils.normalize(np.array([[3.0, 4.0]]))
        array([[0.6, 0.8]])
    """
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)
