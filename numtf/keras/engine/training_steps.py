"""The per-batch parts of Keras training: the default `train_step`/`test_step`/`predict_step`,
the loss and metric helpers they call, and the step functions `fit`/`evaluate`/`predict` run.

A step function runs the model's step through `tf.function` unless the model runs eagerly
(`compile(run_eagerly=True)` or `tf.config.run_functions_eagerly(True)`). As in tf-keras, the
trace gets the batch dimension unknown when the batches may differ in size, so one trace serves
every batch, the last partial one included, and the batch size when every batch is full (TF's
dataset then has a static batch dimension); the first call traces twice when it creates the
model's variables, as TF does.

    >>> model.compile('adam', 'mse')
    >>> model.make_train_function()(iter([(x, y)]))   # doctest: +SKIP
    {'loss': <tf.Tensor: ...>}
"""
import numpy as np

from ...autodiff.tape import GradientTape
from ...framework.context import ctx
from ...framework.tensor import Tensor
from ...graph.function import function as tf_function
from ...framework.tensor_spec import TensorSpec
from ...util import nest
from .data_adapter import unpack_x_y_sample_weight
from .distribution import step_strategy

__all__ = []


# -- the default steps ---------------------------------------------------------------------------
def _clear_call_losses(model):
    # tf-keras keeps only the latest call's `add_loss` tensors (activity regularizers): the
    # outermost call clears the rest, which would otherwise pile up (and from other graphs)
    for layer in model._flatten_layers(include_self=True):
        if layer.__dict__.get("_losses"):
            layer.__dict__["_losses"] = []


def call_model(model, x, training):
    """`model(x, training=training)`, also for a model whose `call` takes no `training`
    argument (its layers still see the flag, as in tf-keras)."""
    _clear_call_losses(model)
    if model._expects_training_arg:
        return model(x, training=training)
    from .base_layer import _call_ctx
    saved = _call_ctx.training
    _call_ctx.training = training
    try:
        return model(x)
    finally:
        _call_ctx.training = saved


def train_step(model, data):
    """Forward pass, compiled loss, one optimizer step, metric update; returns the metrics."""
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    with GradientTape() as tape:
        y_pred = call_model(model, x, True)
        loss = model.compute_loss(x, y, y_pred, sample_weight)
    validate_target_and_loss(model, y, loss)
    model.optimizer.minimize(loss, model.trainable_variables, tape=tape)
    return model.compute_metrics(x, y, y_pred, sample_weight)


def test_step(model, data):
    """Forward pass in inference mode, loss and metric updates; returns the metrics."""
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    y_pred = call_model(model, x, False)
    model.compute_loss(x, y, y_pred, sample_weight)
    return model.compute_metrics(x, y, y_pred, sample_weight)


def predict_step(model, data):
    """The model's outputs for the batch's `x` (labels, if any, are ignored)."""
    x, _, _ = unpack_x_y_sample_weight(data)
    return call_model(model, x, False)


def compute_loss(model, x=None, y=None, y_pred=None, sample_weight=None):
    """The compiled loss plus the model's regularization losses (`model.losses`)."""
    del x
    return model.compiled_loss(y, y_pred, sample_weight, regularization_losses=model.losses)


def compute_metrics(model, x, y, y_pred, sample_weight):
    """Updates the compiled metrics and returns every metric's result."""
    del x
    model.compiled_metrics.update_state(y, y_pred, sample_weight)
    return get_metrics_result(model)


def get_metrics_result(model):
    """{metric name: result} for `model.metrics` (dict results merged in)."""
    out = {}
    for metric in model.metrics:
        result = metric.result()
        if isinstance(result, dict):
            out.update(result)
        else:
            out[metric.name] = result
    return out


def validate_target_and_loss(model, y, loss):
    if model.loss and y is None:
        raise ValueError(f"Target data is missing. Your model was compiled with loss={model.loss}, and therefore "
                         "expects target data to be provided in `fit()`.")
    if loss is None:
        raise ValueError("No loss found. You may have forgotten to provide a `loss` argument in the `compile()` "
                         "method.")


# -- step functions -------------------------------------------------------------------------------
def _spec_key(data):
    """A hashable key for the structure, dtypes and non-batch shapes of a batch."""
    if type(data) is Tensor:  # eager batches: the NumPy shape, no TensorShape built
        value = data._value
        return (np.shape(value)[1:], np.ndim(value), data._dtype)
    if isinstance(data, Tensor):
        shape = data.shape
        return (None if shape.rank is None else tuple(shape.as_list()[1:]), shape.rank, data.dtype)
    if isinstance(data, (tuple, list)):
        return (type(data).__name__,) + tuple(_spec_key(d) for d in data)
    if isinstance(data, dict):
        return ("dict",) + tuple((k, _spec_key(data[k])) for k in sorted(data))
    if data is None or isinstance(data, (int, float, str, bool)):
        return ("py", data)
    return ("obj", id(data))


def _batch_spec(t, batch=None):
    """The trace's spec of a batch tensor: its batch dimension `batch` (None: unknown)."""
    if not isinstance(t, Tensor):
        return t
    shape = t.shape
    if shape.rank:
        return TensorSpec([batch] + shape.as_list()[1:], t.dtype)
    return TensorSpec(shape, t.dtype)


class StepFunction:
    """`model.<kind>_step` (kind: 'train', 'test' or 'predict'), traced once per batch
    signature (the batch dimension unknown unless `static_batch` gives it), or run eagerly."""

    def __init__(self, model, kind):
        self._model = model
        self._kind = kind
        self._function = None
        self._concrete = {}

    def _python_step(self, data):
        return getattr(self._model, self._kind + "_step")(data)

    def __call__(self, data, static_batch=None):
        model = self._model
        if ctx.functions_eagerly or model.run_eagerly:
            return self._python_step(data)
        key = (_spec_key(data), static_batch)
        concrete = self._concrete.get(key)
        if concrete is None:
            if self._function is None:
                self._function = tf_function(self._python_step, name=f"{self._kind}_function")
            specs = nest.map_structure(lambda t: _batch_spec(t, static_batch), data)
            concrete = self._function.get_concrete_function(specs)
            self._concrete[key] = concrete
        return concrete(*[t for t in nest.flatten(data) if isinstance(t, Tensor)])

    @property
    def python_function(self):
        return self._python_step

    def experimental_get_tracing_count(self):
        return 0 if self._function is None else self._function.experimental_get_tracing_count()


def make_step_runner(model, kind):
    """The `train_function`/`test_function`/`predict_function` of tf-keras: takes an iterator
    over batches and runs `num_steps` steps (default: the compiled `steps_per_execution`),
    returning the last step's outputs."""
    step = StepFunction(model, kind)

    def run(iterator, num_steps=None):
        n = int(num_steps or getattr(model, "_steps_per_execution", None) or 1)
        outputs = None
        strategy = step_strategy(model)  # tf-keras runs each step through strategy.run
        collected = [] if kind == "predict" and n > 1 else None
        for _ in range(n):
            try:
                data = next(iterator)
            except StopIteration:
                if outputs is None:
                    raise
                break
            static_batch = getattr(iterator, "static_batch", None)
            outputs = step(data, static_batch) if strategy is None else strategy.run(step, (data, static_batch))
            if collected is not None:
                collected.append(outputs)
        if collected is not None and len(collected) > 1:  # predict returns every step's outputs
            return nest.map_structure(lambda *ts: np.concatenate([np.asarray(t) for t in ts]), *collected)
        return outputs

    run.step_function = step
    run.__name__ = f"{kind}_function"
    return run


# -- logs -----------------------------------------------------------------------------------------
def to_python(value):
    """Tensors in logs as Python numbers (0-d) or NumPy arrays, as tf-keras's sync does."""
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(to_python(v) for v in value)
    if isinstance(value, Tensor):
        value = value._value
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item() if np.ndim(value) == 0 else np.asarray(value)
    return value


def flatten_metrics_in_order(logs, metrics_names):
    """`logs` as a list in `metrics_names` order (other keys after, sorted); one value alone
    is returned as a scalar."""
    results = [logs[name] for name in metrics_names if name in logs]
    results += [logs[k] for k in sorted(logs) if k not in metrics_names]
    return results[0] if len(results) == 1 else results
