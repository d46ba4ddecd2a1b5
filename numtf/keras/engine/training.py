"""`tf.keras.Model`: a Layer with model-level APIs: compile/fit/evaluate/predict (delegated to
training_loop), summary, saving.

    >>> class Linear(tf.keras.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.dense = tf.keras.layers.Dense(1)
    ...     def call(self, x):
    ...         return self.dense(x)
"""
from ...framework.context import ctx as _ctx
from .base_layer import Layer, _dedup
from .distribution import model_strategy, strategy_at_creation


class Model(Layer):
    """Groups layers into an object with training and inference features."""

    input_names = output_names = None  # a functional model's layer names (see functional.GraphIO)

    def __new__(cls, *args, **kwargs):
        # tf.keras.Model(inputs, outputs) builds a functional model. A subclass becomes one only
        # when (inputs, outputs) reach Model.__init__ (see there): its own constructor's
        # arguments, however many, say nothing.
        if cls is Model and _functional_params(args, kwargs):
            from .functional import Functional
            return Functional.__new__(Functional)
        obj = super().__new__(cls)
        obj.__dict__["_distribution_strategy"] = strategy_at_creation()  # tf.distribute (distribution.py)
        return obj

    def __init__(self, *args, **kwargs):
        from .functional import Functional
        if _functional_params(args, kwargs):
            # a subclass given (inputs, outputs) (the Keras guide's CustomModel overriding
            # train_step) becomes a functional model keeping the subclass's methods
            if not isinstance(self, Functional):
                self.__class__ = _functional_subclass(type(self), Functional)
            if not hasattr(self, "_nodes"):
                Functional.__init__(self, *args, **kwargs)
                return
        super().__init__(**kwargs)

    def to_json(self, **kwargs):
        """The architecture as a JSON string (`tf.keras.models.model_from_json` rebuilds it);
        `kwargs` go to `json.dumps`."""
        from ..saving.model_json import model_to_json
        return model_to_json(self, **kwargs)

    # -- training API: thin delegations to training_loop / training_steps ----------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
                run_eagerly=None, steps_per_execution=None, jit_compile=None, pss_evaluation_shards=0, **kwargs):
        """Configures the model for training: optimizer, loss(es), metrics (names, functions or objects)."""
        from . import training_loop
        training_loop.compile(self, optimizer, loss, metrics, loss_weights, weighted_metrics, run_eagerly,
                              steps_per_execution, jit_compile, pss_evaluation_shards, **kwargs)

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1,
            max_queue_size=10, workers=1, use_multiprocessing=False):
        """Trains the model for `epochs` epochs; returns a `History`."""
        from . import training_loop
        return training_loop.fit(self, x, y, batch_size, epochs, verbose, callbacks, validation_split,
                                 validation_data, shuffle, class_weight, sample_weight, initial_epoch,
                                 steps_per_epoch, validation_steps, validation_batch_size, validation_freq,
                                 max_queue_size, workers, use_multiprocessing)

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False, return_dict=False,
                 **kwargs):
        """The loss (and metrics) on the data: a scalar, a list in `metrics_names` order, or a dict."""
        from . import training_loop
        return training_loop.evaluate(self, x, y, batch_size, verbose, sample_weight, steps, callbacks,
                                      max_queue_size, workers, use_multiprocessing, return_dict, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "input_layers" in config and "layers" in config:  # a functional model's config
            from .functional import Functional
            return Functional.from_config(config, custom_objects)
        return cls(**config)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, max_queue_size=10,
                workers=1, use_multiprocessing=False):
        """Runs the model on `x` in batches (default 32) and returns NumPy outputs."""
        from . import training_loop
        return training_loop.predict(self, x, batch_size, verbose, steps, callbacks, max_queue_size, workers,
                                     use_multiprocessing)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True,
                       return_dict=False):
        from . import training_loop
        return training_loop.train_on_batch(self, x, y, sample_weight, class_weight, reset_metrics, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        from . import training_loop
        return training_loop.test_on_batch(self, x, y, sample_weight, reset_metrics, return_dict)

    def predict_on_batch(self, x):
        from . import training_loop
        return training_loop.predict_on_batch(self, x)

    def train_step(self, data):
        """One training step on a batch `x`, `(x, y)` or `(x, y, sample_weight)`; returns the metrics."""
        from . import training_steps
        return training_steps.train_step(self, data)

    def test_step(self, data):
        from . import training_steps
        return training_steps.test_step(self, data)

    def predict_step(self, data):
        from . import training_steps
        return training_steps.predict_step(self, data)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None):
        from . import training_steps
        return training_steps.compute_loss(self, x, y, y_pred, sample_weight)

    def compute_metrics(self, x, y, y_pred, sample_weight):
        from . import training_steps
        return training_steps.compute_metrics(self, x, y, y_pred, sample_weight)

    def get_metrics_result(self):
        from . import training_steps
        return training_steps.get_metrics_result(self)

    def make_train_function(self, force=False):
        from . import training_loop
        return training_loop.make_function(self, "train", force)

    def make_test_function(self, force=False):
        from . import training_loop
        return training_loop.make_function(self, "test", force)

    def make_predict_function(self, force=False):
        from . import training_loop
        return training_loop.make_function(self, "predict", force)

    def reset_metrics(self):
        from . import training_loop
        training_loop.reset_metrics(self)

    @property
    def metrics(self):
        """The compiled loss and metric objects (empty until the first batch builds them)."""
        from . import training_loop
        return training_loop.model_metrics(self)

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    @property
    def distribute_strategy(self):
        """The `tf.distribute.Strategy` whose scope the model was created in (else the current one)."""
        return model_strategy(self)

    @property
    def run_eagerly(self):
        value = self.__dict__.get("_run_eagerly")
        if value is None:
            return bool(self.dynamic or _ctx.functions_eagerly)
        return value

    @run_eagerly.setter
    def run_eagerly(self, value):
        self.__dict__["_run_eagerly"] = value

    @property
    def stop_training(self):
        return self.__dict__.get("_stop_training", False)

    @stop_training.setter
    def stop_training(self, value):
        self.__dict__["_stop_training"] = value

    @property
    def history(self):
        return self.__dict__.get("_history")

    @history.setter
    def history(self, value):
        self.__dict__["_history"] = value

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints Keras's table of layers, output shapes and parameter counts."""
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by calling `build()` or "
                             "by calling the model on a batch of data.")
        from .summary import print_summary
        print_summary(self, line_length, positions, print_fn, expand_nested, show_trainable, layer_range)

    def build(self, input_shape):
        """Builds a subclassed model for inputs of `input_shape` (a shape, or a list/tuple/dict
        of them) by running `call` once on placeholders of a scratch graph, so its layers create
        their weights; `model.build((None, 3))` then `model.summary()` shows their counts."""
        if hasattr(self, "_nodes") or self.__dict__.get("_in_first_call"):
            # a functional model is built already; on the first real call the layers build
            # themselves on the real inputs (tf-keras does not run the default build there)
            self.built = True
            return
        if input_shape is None:
            raise ValueError("Input shape must be defined when calling `build()` on a `Model` subclass.")
        from ...graph.graph import Graph

        def placeholders(s):
            if isinstance(s, dict):
                return {k: placeholders(v) for k, v in s.items()}
            if isinstance(s, (list, tuple)) and s and not all(d is None or isinstance(d, int) for d in s):
                return [placeholders(v) for v in s]
            return g.placeholder(self._dtype, s)

        g = Graph()
        with g.as_default():
            x = placeholders(input_shape)
            kwargs = {"training": None} if self._expects_training_arg else {}
            self.call(x, **kwargs)
        self._build_input_shape = input_shape
        self.built = True

    def _maybe_build(self, inputs):
        self.__dict__["_in_first_call"] = True
        try:
            super()._maybe_build(inputs)
        finally:
            self.__dict__["_in_first_call"] = False

    def __call__(self, *args, **kwargs):
        return super().__call__(*args, **kwargs)

    # -- saving (numtf/keras/saving) --------------------------------------------------------
    def get_layer(self, name=None, index=None):
        """A layer of the model by name, or by index in `model.layers`.

            >>> model.get_layer("block_13_expand_relu").output
        """
        if index is not None and name is not None:
            raise ValueError(f"Provide only a layer name or a layer index. Received: index={index}, name={name}.")
        layers = self.layers
        if index is not None:
            if len(layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has {len(layers)} "
                                 f"layers.")
            return layers[index]
        if name is not None:
            for layer in layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: {[layer.name for layer in layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    # -- weights in tf-keras's Model order: layer by layer (each layer's trainable weights, then
    # its others), the model's own variables last. (A plain Layer lists all trainable weights first.)
    @property
    def trainable_weights(self):
        if not self._trainable:
            return []
        out = []
        for layer in self._direct_sublayers():
            out += layer.trainable_weights
        own = self._trainable_weights + self._container_variables()
        return _dedup(out + [v for v in own if v.trainable])

    @property
    def non_trainable_weights(self):
        out = []
        for layer in self._direct_sublayers():
            out += layer.non_trainable_weights if self._trainable else layer.weights
        own = self._trainable_weights + self._non_trainable_weights + self._container_variables()
        return _dedup(out + [v for v in own if not (self._trainable and v.trainable)])

    @property
    def weights(self):
        out = []
        for layer in self._direct_sublayers():
            out += layer.weights
        own = self._trainable_weights + self._non_trainable_weights + self._container_variables()
        return _dedup(out + [v for v in own if v.trainable] + [v for v in own if not v.trainable])

    def save(self, filepath, overwrite=True, save_format=None, **kwargs):
        """Saves architecture, weights and compile arguments: `model.save('model.keras')`."""
        from ..saving.keras_format import save_model
        return save_model(self, filepath, overwrite=overwrite, save_format=save_format, **kwargs)

    def save_weights(self, filepath, overwrite=True, save_format=None, options=None):
        """Saves the weights; `.weights.h5`, `.h5`, `.npz`, or a checkpoint prefix: `model.save_weights('w.npz')`."""
        from ..saving.weights_format import save_weights
        return save_weights(self, filepath, overwrite=overwrite, save_format=save_format, options=options)

    def load_weights(self, filepath, skip_mismatch=False, by_name=False, options=None):
        """Loads weights written by `save_weights` or `save`: `model.load_weights('w.npz')`."""
        from ..saving.weights_format import load_weights
        return load_weights(self, filepath, skip_mismatch=skip_mismatch, by_name=by_name, options=options)



_FUNCTIONAL_SUBCLASSES = {}


def _functional_params(args, kwargs):
    """Whether Model's arguments are a functional model's (inputs, outputs), as tf-keras decides."""
    return len(args) == 2 or (len(args) == 1 and "outputs" in kwargs) or ("inputs" in kwargs and "outputs" in kwargs)


def _functional_subclass(cls, functional):
    """`cls` with Functional mixed in after it (made once per class)."""
    made = _FUNCTIONAL_SUBCLASSES.get(cls)
    if made is None:
        made = type(cls.__name__, (cls, functional), {"__module__": cls.__module__})
        _FUNCTIONAL_SUBCLASSES[cls] = made
    return made
