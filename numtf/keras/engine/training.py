"""`tf.keras.Model`: a Layer with model-level APIs (predict, summary; compile/fit come with the
Keras training issue).

    >>> class Linear(tf.keras.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.dense = tf.keras.layers.Dense(1)
    ...     def call(self, x):
    ...         return self.dense(x)
"""
import numpy as np

from ...framework.tensor import Tensor
from ...ops.array_ops import concat
from ...ops.convert import convert_to_tensor
from ...util import nest
from .base_layer import Layer


class Model(Layer):
    """Groups layers into an object with training and inference features."""

    def __new__(cls, *args, **kwargs):
        # tf.keras.Model(inputs, outputs) builds a functional model
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            from .functional import Functional
            return Functional.__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if type(self).__name__ == "Functional" and type(self) is not Model and not hasattr(self, "_nodes"):
            from .functional import Functional
            if len(args) >= 2 or "inputs" in kwargs:
                Functional.__init__(self, *args, **kwargs)
                return
        super().__init__(**kwargs)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, **kwargs):
        """Runs the model on `x` in batches (default 32) and returns NumPy outputs."""
        from ..utils.progbar import Progbar
        batch_size = batch_size or 32
        flat = [np.asarray(a) for a in nest.flatten(x)]
        n = flat[0].shape[0]
        steps = steps or max(1, -(-n // batch_size))
        bar = Progbar(steps, verbose=1 if verbose == "auto" else int(verbose)) if verbose else None
        outs = []
        for i in range(steps):
            sl = slice(i * batch_size, (i + 1) * batch_size)
            batch = nest.pack_sequence_as(x, [convert_to_tensor(a[sl]) for a in flat])
            outs.append(self(batch, training=False) if self._expects_training_arg else self(batch))
            if bar is not None:
                bar.update(i + 1)
        return nest.map_structure(lambda *ts: np.concatenate([np.asarray(t) for t in ts]), *outs) \
            if len(outs) > 1 else nest.map_structure(np.asarray, outs[0])

    def predict_on_batch(self, x):
        out = self(x, training=False) if self._expects_training_arg else self(x)
        return nest.map_structure(np.asarray, out)

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints Keras's table of layers, output shapes and parameter counts."""
        from .summary import print_summary
        print_summary(self, line_length, positions, print_fn)

    def __call__(self, *args, **kwargs):
        return super().__call__(*args, **kwargs)


del Tensor, concat
