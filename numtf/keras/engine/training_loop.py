"""`Model.compile`, `fit`, `evaluate`, `predict` and the `*_on_batch` methods (tf-keras 2).

`fit` loops over epochs and steps of a `DataHandler`, calling the model's train function (a
traced `train_step`, see training_steps.py) and the callbacks: a `History` (returned) and,
unless `verbose=0`, a `ProgbarLogger` printing Keras 2's progress bar. Logs are the running
means of the model's metrics over the epoch ('loss' includes the regularization losses), with
validation results under 'val_' names. `evaluate` returns the loss (a scalar) or a list in
`model.metrics_names` order (a dict with `return_dict=True`); `predict` concatenates the
batches' outputs into NumPy arrays.

    >>> model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    >>> history = model.fit(x, y, epochs=5, batch_size=32)       # doctest: +SKIP
    >>> loss, accuracy = model.evaluate(x_test, y_test)           # doctest: +SKIP
"""
import contextlib
import logging

import numpy as np

from ...framework.tensor import Tensor, wrap
from ...framework import dtypes
from ...util import nest
from . import compile_utils
from .distribution import check_compile_scope, strategy_scope
from .data_adapter import (DataHandler, single_batch_iterator, train_validation_split,
                           unpack_x_y_sample_weight)
from .training_steps import call_model, flatten_metrics_in_order, get_metrics_result, make_step_runner, to_python

__all__ = []
log = logging.getLogger("tensorflow")

_COMPILE_KWARGS = ("experimental_run_tf_function", "distribute", "target_tensors", "sample_weight_mode", "cloning")


class CompileArgs:
    """What `compile` was given (kept off the model's tracked containers)."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


def compile(model, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
            run_eagerly=None, steps_per_execution=None, jit_compile=None, pss_evaluation_shards=0, **kwargs):
    """Configures `model` for training (see `Model.compile`)."""
    invalid = set(kwargs) - set(_COMPILE_KWARGS)
    if invalid:
        raise TypeError(f"Invalid keyword argument(s) in `compile()`: {(invalid,)}. Valid keyword arguments include "
                        '"cloning", "experimental_run_tf_function", "distribute", "target_tensors", or '
                        '"sample_weight_mode".')
    if steps_per_execution is not None and (not isinstance(steps_per_execution, (int, np.integer))
                                            or steps_per_execution < 1):
        if steps_per_execution != "auto":
            raise ValueError(f"Expected `steps_per_execution` to be a positive integer. "
                             f"Received: steps_per_execution={steps_per_execution}")
    from .. import optimizers
    with strategy_scope(model):  # the optimizer's variables belong to the model's strategy
        check_compile_scope(model)
        opt = optimizers.get(optimizer) if optimizer is not None else None
        from ..mixed_precision.loss_scale_optimizer import wrap_for_policy
        opt = wrap_for_policy(model, opt)  # mixed_float16 trains with loss scaling, as in tf-keras
    output_names = compile_utils.model_output_names(model)
    compiled_loss = compile_utils.LossesContainer(loss, loss_weights, output_names=output_names)
    compiled_metrics = compile_utils.MetricsContainer(metrics, weighted_metrics, output_names=output_names)
    model.optimizer = opt
    model.compiled_loss = compiled_loss
    model.compiled_metrics = compiled_metrics
    model.loss = loss or {}
    model._compile_args = CompileArgs(optimizer=optimizer, loss=loss, metrics=metrics, loss_weights=loss_weights,
                                      weighted_metrics=weighted_metrics)
    model._run_eagerly = run_eagerly
    model._steps_per_execution = 1 if steps_per_execution in (None, "auto") else int(steps_per_execution)
    model._jit_compile = jit_compile
    model._is_compiled = True
    model.train_function = model.test_function = model.predict_function = None
    model.__dict__["_compiled_trainable_state"] = _trainable_state(model)


def _trainable_state(model):
    """Each layer of `model` (itself included) with its own `trainable` flag."""
    return [(layer, layer.__dict__.get("_trainable", True)) for layer in model._flatten_layers(include_self=True)]


@contextlib.contextmanager
def compiled_trainable_state(model):
    """Trains with the `trainable` flags the layers had when `model` was compiled, as tf-keras
    does ("compile() freezes the behaviour of the model": a `layer.trainable = False` set after
    compile takes effect at the next compile); the current flags are back afterwards."""
    compiled = model.__dict__.get("_compiled_trainable_state")
    if compiled is None:
        yield
        return
    current = _trainable_state(model)
    for layer, value in compiled:
        layer.__dict__["_trainable"] = value
    try:
        yield
    finally:
        for layer, value in current:
            layer.__dict__["_trainable"] = value


def disallow_inside_tf_function(method):
    from ...framework.context import ctx
    from ...graph.function import FuncGraph
    if isinstance(ctx.graph, FuncGraph):
        raise RuntimeError(f"Detected a call to `Model.{method}` inside a `tf.function`. `Model.{method} is a high-level "
                           f"endpoint that manages its own `tf.function`. Please move the call to `Model.{method}` "
                           "outside of all enclosing `tf.function`s. Note that you can call a `Model` directly on "
                           "`Tensor`s inside a `tf.function` like: `model(x)`.")


def assert_compiled(model):
    if not getattr(model, "_is_compiled", False):
        raise RuntimeError("You must compile your model before training/testing. Use "
                           "`model.compile(optimizer, loss)`.")


def model_metrics(model):
    """The compiled loss metrics, then the compiled metrics (built on the first batch), then
    the metric objects the model and its layers hold as attributes."""
    out = []
    if getattr(model, "_is_compiled", False):
        if model.compiled_loss is not None:
            out += model.compiled_loss.metrics
        if model.compiled_metrics is not None:
            out += model.compiled_metrics.metrics
    from .base_layer import Layer
    seen = {id(m) for m in out}
    return out + [m for m in Layer.metrics.fget(model) if id(m) not in seen]


def reset_metrics(model):
    for metric in model.metrics:
        metric.reset_state()


def _verbosity(verbose):
    # tf-keras: 'auto' is 1 (a progress bar), or 2 (a line per epoch) when interactive logging is off
    if verbose == "auto":
        from ..utils.io_utils import is_interactive_logging_enabled
        return 1 if is_interactive_logging_enabled() else 2
    return verbose


def _make_callbacks(model, callbacks, verbose, epochs, steps):
    from ..callbacks import CallbackList
    if isinstance(callbacks, CallbackList):
        return callbacks
    return CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=model, verbose=verbose,
                        epochs=epochs, steps=steps)


def make_function(model, kind, force=False):
    attr = kind + "_function"
    fn = getattr(model, attr, None)
    if fn is not None and not force:
        return fn
    fn = make_step_runner(model, kind)
    setattr(model, attr, fn)
    return fn


def _metrics_result(model, logs):
    """The model's metric results when the step returned exactly those (tf-keras re-reads them
    at the end of an epoch), else the step's logs."""
    try:
        metric_logs = to_python(get_metrics_result(model))
    except (TypeError, ValueError):
        return logs
    if isinstance(logs, dict) and set(logs) == set(metric_logs):
        return metric_logs
    return logs


def _should_eval(epoch, validation_freq):
    epoch += 1
    if isinstance(validation_freq, int) and not isinstance(validation_freq, bool):
        return epoch % validation_freq == 0
    if isinstance(validation_freq, list):
        return epoch in validation_freq
    raise ValueError("Expected `validation_freq` to be a list or int. Received: "
                     f"validation_freq={validation_freq} of the type {type(validation_freq)}.")


def _empty_logs_error(kind):
    return ValueError(f"Unexpected result of `{kind}_function` (Empty logs). This could be due to issues in input "
                      "pipeline that resulted in an empty dataset. Otherwise, please use "
                      "`Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` for more "
                      "information of where went wrong, or file a issue/bug to `tf.keras`.")


# -- fit ------------------------------------------------------------------------------------------
def fit(model, *args):
    """Trains `model` (see `Model.fit`) with its layers' trainable flags as compiled; returns its
    `History`."""
    assert_compiled(model)
    disallow_inside_tf_function("fit")
    with compiled_trainable_state(model), strategy_scope(model):
        return _fit(model, *args)


def _fit(model, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
         validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
         steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1,
         max_queue_size=10, workers=1, use_multiprocessing=False):
    verbose = _verbosity(verbose)
    if validation_split and validation_data is None:
        (x, y, sample_weight), validation_data = train_validation_split((x, y, sample_weight), validation_split)
    has_validation = validation_data is not None and not (
        isinstance(validation_data, (tuple, list)) and len(validation_data) == 0)
    if has_validation:
        val_x, val_y, val_sw = unpack_x_y_sample_weight(validation_data)
        _should_eval(0, validation_freq)  # validates validation_freq before training starts
    spe = model._steps_per_execution
    handler = DataHandler(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                          initial_epoch=initial_epoch, epochs=epochs, shuffle=shuffle, class_weight=class_weight,
                          model=model, steps_per_execution=spe)
    cbks = _make_callbacks(model, callbacks, verbose, epochs, handler.inferred_steps)
    model.stop_training = False
    train_function = make_function(model, "train")
    if not model.built and any(getattr(cb, "_needs_built_model", False) for cb in cbks):
        x0 = handler.peek_x()  # BackupAndRestore restores into built weights
        if x0 is not None:
            call_model(model, x0, False)
    cbks.on_train_begin()
    resume = model.__dict__.pop("_training_state_resume", None)  # set by BackupAndRestore
    if resume is not None:
        handler._initial_epoch, handler._initial_step = resume
    eval_handler = None
    logs = training_logs = None
    for epoch, iterator in handler.enumerate_epochs():
        model.reset_metrics()
        cbks.on_epoch_begin(epoch)
        with handler.catch_stop_iteration():
            for step in handler.steps():
                cbks.on_train_batch_begin(step)
                logs = train_function(iterator, handler.step_increment + 1)
                cbks.on_train_batch_end(step + handler.step_increment, logs)
                if model.stop_training:
                    break
        logs = to_python(logs)
        if logs is None:
            raise _empty_logs_error("train")
        logs = _metrics_result(model, logs)
        epoch_logs = dict(logs)
        if has_validation and _should_eval(epoch, validation_freq):
            if eval_handler is None:
                eval_handler = DataHandler(val_x, val_y, val_sw, batch_size=validation_batch_size or batch_size,
                                           steps_per_epoch=validation_steps, epochs=1, model=model,
                                           steps_per_execution=spe)
            val_logs = _test_loop(model, eval_handler, cbks)
            epoch_logs.update({"val_" + k: v for k, v in val_logs.items()})
        cbks.on_epoch_end(epoch, epoch_logs)
        training_logs = epoch_logs
        if model.stop_training:
            break
    finalize = getattr(model.optimizer, "finalize_variable_values", None)
    if finalize is not None and epochs > 0:
        finalize(model.trainable_variables)
    cbks.on_train_end(logs=training_logs)
    return model.history


# -- evaluate -------------------------------------------------------------------------------------
def _test_loop(model, handler, cbks):
    args = getattr(model, "_compile_args", None)
    if args is not None and args.weighted_metrics is None and handler.has_sample_weight():
        log.warning("`evaluate()` received a value for `sample_weight`, but `weighted_metrics` were not provided.  "
                    "Did you mean to pass metrics to `weighted_metrics` in `compile()`?  If this is intentional "
                    "you can pass `weighted_metrics=[]` to `compile()` in order to silence this warning.")
    test_function = make_function(model, "test")
    cbks.on_test_begin()
    logs = {}
    for _, iterator in handler.enumerate_epochs():
        model.reset_metrics()
        with handler.catch_stop_iteration():
            for step in handler.steps():
                cbks.on_test_batch_begin(step)
                logs = test_function(iterator, handler.step_increment + 1)
                cbks.on_test_batch_end(step + handler.step_increment, logs)
    logs = _metrics_result(model, to_python(logs))
    cbks.on_test_end(logs=logs)
    return logs


def evaluate(model, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
             callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False, return_dict=False, **kwargs):
    """Loss and metrics of `model` on the data (see `Model.evaluate`)."""
    assert_compiled(model)
    disallow_inside_tf_function("evaluate")
    kwargs.pop("_use_cached_eval_dataset", None)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments: {list(kwargs.keys())}")
    verbose = _verbosity(verbose)
    with strategy_scope(model):
        handler = DataHandler(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps, epochs=1,
                              model=model, steps_per_execution=model._steps_per_execution)
        cbks = _make_callbacks(model, callbacks, verbose, 1, handler.inferred_steps)
        logs = _test_loop(model, handler, cbks)
    if return_dict:
        return logs
    return flatten_metrics_in_order(logs, model.metrics_names)


# -- predict --------------------------------------------------------------------------------------
def _concat(batches):
    def cat(*arrays):
        return arrays[0] if len(arrays) == 1 else np.concatenate(arrays, axis=0)
    return nest.map_structure(cat, *batches)


def _numpy(outputs):
    return nest.map_structure(lambda t: np.asarray(t._value) if isinstance(t, Tensor) else np.asarray(t), outputs)


def predict(model, x, batch_size=None, verbose="auto", steps=None, callbacks=None, max_queue_size=10, workers=1,
            use_multiprocessing=False):
    """The model's outputs on `x`, batch by batch, concatenated (see `Model.predict`)."""
    disallow_inside_tf_function("predict")
    from .v1_graph import building_v1_graph, predict as v1_predict
    if building_v1_graph():  # TF1 graph mode: tf-keras runs predict in the default Session
        return v1_predict(model, x, batch_size, verbose, steps, callbacks)
    with strategy_scope(model):
        return _predict(model, x, batch_size, verbose, steps, callbacks)


def _predict(model, x, batch_size, verbose, steps, callbacks):
    verbose = _verbosity(verbose)
    handler = DataHandler(x, batch_size=batch_size, steps_per_epoch=steps, epochs=1, model=model,
                          steps_per_execution=getattr(model, "_steps_per_execution", 1))
    cbks = _make_callbacks(model, callbacks, verbose, 1, handler.inferred_steps)
    predict_function = make_function(model, "predict")
    cbks.on_predict_begin()
    outputs = []
    for _, iterator in handler.enumerate_epochs():
        with handler.catch_stop_iteration():
            for step in handler.steps():
                cbks.on_predict_batch_begin(step)
                batch = _numpy(predict_function(iterator, handler.step_increment + 1))
                outputs.append(batch)
                cbks.on_predict_batch_end(step + handler.step_increment, {"outputs": batch})
    if not outputs:
        raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). Please use "
                         "`Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` for "
                         "more information of where went wrong, or file a issue/bug to `tf.keras`.")
    cbks.on_predict_end()
    return _concat(outputs)


# -- single batches -------------------------------------------------------------------------------
def train_on_batch(model, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True, return_dict=False):
    """One training step on one batch; returns the metrics (see `Model.train_on_batch`)."""
    assert_compiled(model)
    disallow_inside_tf_function("train_on_batch")
    if reset_metrics:
        model.reset_metrics()
    with compiled_trainable_state(model), strategy_scope(model):
        logs = to_python(make_function(model, "train")(single_batch_iterator(x, y, sample_weight, class_weight)))
    return logs if return_dict else flatten_metrics_in_order(logs, model.metrics_names)


def test_on_batch(model, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
    """The loss and metrics on one batch, without training."""
    assert_compiled(model)
    disallow_inside_tf_function("test_on_batch")
    if reset_metrics:
        model.reset_metrics()
    with strategy_scope(model):
        logs = to_python(make_function(model, "test")(single_batch_iterator(x, y, sample_weight)))
    return logs if return_dict else flatten_metrics_in_order(logs, model.metrics_names)


def predict_on_batch(model, x):
    """The model's outputs on one batch, as NumPy arrays."""
    disallow_inside_tf_function("predict_on_batch")
    with strategy_scope(model):
        return _numpy(make_function(model, "predict")(single_batch_iterator(x)))


del wrap, dtypes
