"""`tf.keras.callbacks.Callback`, `CallbackList`, and the callbacks every `fit` uses: `History`
and `ProgbarLogger` (Keras 2's progress bar); also `BaseLogger`, `TerminateOnNaN`,
`LambdaCallback`.

    >>> class Printer(tf.keras.callbacks.Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print(epoch, sorted(logs))
"""
import time

import numpy as np

from ...framework.tensor import Tensor
from ...util import nest

__all__ = []


def _default(method):
    """Marks a base-class hook, so CallbackList can skip batch hooks no callback overrides."""
    method._is_default = True
    return method


def _is_default(method):
    return getattr(method, "_is_default", False)


def to_python_logs(logs):
    """Logs with tensors as Python numbers (0-d) or NumPy arrays."""
    if not logs:
        return {} if logs is None else logs
    out = {}
    for k, v in logs.items():
        if isinstance(v, Tensor):
            v = v._value
        if isinstance(v, (np.ndarray, np.generic)):
            v = v.item() if np.ndim(v) == 0 else np.asarray(v)
        out[k] = v
    return out


def print_msg(message, line_break=True):
    """To stdout, or to the log when `tf.keras.utils.disable_interactive_logging()` was called."""
    from ..utils.io_utils import print_msg as _print_msg
    _print_msg(message, line_break)


class Callback:
    """Base class of callbacks: override any `on_*` hook. `self.model` and `self.params`
    ({'verbose', 'epochs', 'steps'}) are set before training starts."""

    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = {}
        self._chief_worker_only = None
        self._supports_tf_logs = False

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    @_default
    def on_batch_begin(self, batch, logs=None):
        """A backwards-compatible alias of `on_train_batch_begin`."""

    @_default
    def on_batch_end(self, batch, logs=None):
        """A backwards-compatible alias of `on_train_batch_end`."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of an epoch (training only)."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of an epoch with the epoch's metric results ('val_' ones included)."""

    @_default
    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    @_default
    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    @_default
    def on_test_batch_begin(self, batch, logs=None):
        """Called in `evaluate` (and in `fit`'s validation) before a batch."""

    @_default
    def on_test_batch_end(self, batch, logs=None):
        """Called in `evaluate` after a batch, with the metric results so far."""

    @_default
    def on_predict_batch_begin(self, batch, logs=None):
        """Called in `predict` before a batch."""

    @_default
    def on_predict_batch_end(self, batch, logs=None):
        """Called in `predict` after a batch, with {'outputs': ...}."""

    def on_train_begin(self, logs=None):
        """Called at the start of `fit`."""

    def on_train_end(self, logs=None):
        """Called at the end of `fit` with the last epoch's logs."""

    def on_test_begin(self, logs=None):
        """Called at the start of `evaluate` (and of each validation in `fit`)."""

    def on_test_end(self, logs=None):
        """Called at the end of `evaluate` with its results."""

    def on_predict_begin(self, logs=None):
        """Called at the start of `predict`."""

    def on_predict_end(self, logs=None):
        """Called at the end of `predict`."""

    def _implements_train_batch_hooks(self):
        return not (_is_default(self.on_batch_begin) and _is_default(self.on_batch_end)
                    and _is_default(self.on_train_batch_begin) and _is_default(self.on_train_batch_end))

    def _implements_test_batch_hooks(self):
        return not (_is_default(self.on_test_batch_begin) and _is_default(self.on_test_batch_end))

    def _implements_predict_batch_hooks(self):
        return not (_is_default(self.on_predict_batch_begin) and _is_default(self.on_predict_batch_end))


class CallbackList:
    """Calls a list of callbacks together; `fit` adds a `History` and (unless `verbose=0`) a
    `ProgbarLogger` after the user's callbacks. Logs reach the callbacks as Python numbers."""

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        self.callbacks = nest.flatten(callbacks) if callbacks else []
        for cb in self.callbacks:
            if not isinstance(cb, Callback) and not hasattr(cb, "on_epoch_end"):
                raise TypeError(f"Expected a `tf.keras.callbacks.Callback`, got {cb!r} of type {type(cb)}.")
        self._add_default_callbacks(add_history, add_progbar)
        self.model = None
        self.params = {}
        if model:
            self.set_model(model)
        if params:
            self.set_params(params)
        self._refresh_hooks()

    def _refresh_hooks(self):
        cbs = self.callbacks
        self._train_hooks = any(cb._implements_train_batch_hooks() for cb in cbs)
        self._test_hooks = any(cb._implements_test_batch_hooks() for cb in cbs)
        self._predict_hooks = any(cb._implements_predict_batch_hooks() for cb in cbs)

    def _add_default_callbacks(self, add_history, add_progbar):
        self._progbar = next((cb for cb in self.callbacks if isinstance(cb, ProgbarLogger)), None)
        self._history = next((cb for cb in self.callbacks if isinstance(cb, History)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger(count_mode="steps")
            self.callbacks.append(self._progbar)

    def append(self, callback):
        self.callbacks.append(callback)
        self._refresh_hooks()

    def set_params(self, params):
        self.params = params
        for cb in self.callbacks:
            cb.set_params(params)
        self._refresh_hooks()  # ProgbarLogger's batch hooks depend on `verbose`

    def set_model(self, model):
        self.model = model
        if self._history:
            model.history = self._history
        for cb in self.callbacks:
            cb.set_model(model)

    def _call(self, hook, *args):
        logs = to_python_logs(args[-1])
        head = args[:-1]
        for cb in self.callbacks:
            getattr(cb, hook)(*head, logs)

    def on_batch_begin(self, batch, logs=None):
        if self._train_hooks:
            self._call("on_train_batch_begin", batch, logs)

    def on_batch_end(self, batch, logs=None):
        if self._train_hooks:
            self._call("on_train_batch_end", batch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        if self._train_hooks:
            self._call("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        if self._train_hooks:
            self._call("on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        if self._test_hooks:
            self._call("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if self._test_hooks:
            self._call("on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        if self._predict_hooks:
            self._call("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        if self._predict_hooks:
            for cb in self.callbacks:  # {'outputs': arrays}: passed as is
                cb.on_predict_batch_end(batch, logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        # one dict for all callbacks, so that ones adding keys ('lr') are seen by History
        logs = to_python_logs(logs)
        for cb in self.callbacks:
            cb.on_epoch_end(epoch, logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)

    def __iter__(self):
        return iter(self.callbacks)


class History(Callback):
    """Records each epoch's logs: `history.history['loss']`, `history.epoch`, `history.params`.

        >>> history = model.fit(x, y, epochs=3, verbose=0)             # doctest: +SKIP
        >>> len(history.history['loss'])                               # doctest: +SKIP
        3
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)
        self.model.history = self


def _format_value(value, signed):
    avg = float(np.mean(value))
    return f"{avg:.4f}" if (abs(avg) if signed else avg) > 1e-3 else f"{avg:.4e}"


def _format_time(seconds, unit):
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit}"
    return f" {seconds * 1e6:.0f}us/{unit}"


class ProgbarLogger(Callback):
    """Prints Keras 2's progress: `Epoch 1/5` (when there are several epochs), then with
    verbose=1 the bar (`1875/1875 [==============================] - 3s 2ms/step - loss: 0.2...`,
    redrawn in place on a terminal, one line per epoch otherwise) and with verbose=2 one line
    per epoch (`1875/1875 - 3s - loss: 0.2... - 3s/epoch - 2ms/step`)."""

    def __init__(self, count_mode="samples", stateful_metrics=None):
        super().__init__()
        if count_mode not in ("samples", "steps"):
            raise ValueError(f"Unknown `count_mode`: {count_mode}. Expected values are [\"samples\", \"steps\"]")
        self.use_steps = count_mode == "steps"
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics else set()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False
        self._start = None
        self._metrics_known = False

    def set_params(self, params):
        self.verbose = params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        if self.use_steps and "steps" in params:
            self.target = params["steps"]
        elif not self.use_steps and "samples" in params:
            self.target = params["samples"]
        else:
            self.target = None

    def _implements_train_batch_hooks(self):
        return self.verbose == 1 or (self.verbose == 2 and self.target is None)  # counts the steps

    def _implements_test_batch_hooks(self):
        return self._implements_train_batch_hooks()

    def _implements_predict_batch_hooks(self):
        return self._implements_train_batch_hooks()

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset()
            self._maybe_init()

    def on_predict_begin(self, logs=None):
        self._reset()
        self._maybe_init()

    def on_epoch_begin(self, epoch, logs=None):
        self._reset()
        self._maybe_init()
        if self.verbose and self.epochs > 1:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._batch_update(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._batch_update(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._batch_update(batch, None)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize(logs)

    def on_predict_end(self, logs=None):
        self._finalize(logs)

    def _reset(self):
        self.seen = 0
        self.progbar = None
        self._start = time.time()
        self._metrics_known = False

    def _maybe_init(self):
        # the model's metrics are running means already: shown as they are, not averaged again
        # (they exist once the first batch has built them, so look until they do)
        if not self._metrics_known and self.model is not None:
            names = {m.name for m in getattr(self.model, "metrics", [])}
            self.stateful_metrics |= names
            self._metrics_known = bool(names)
            if self.progbar is not None:
                self.progbar.stateful_metrics = set(self.stateful_metrics)
        if self.progbar is None and self.verbose == 1:
            from ..utils.progbar import Progbar
            self.progbar = Progbar(target=self.target, verbose=1, stateful_metrics=self.stateful_metrics,
                                   unit_name="step" if self.use_steps else "sample")

    def _batch_update(self, batch, logs):
        if not self.verbose:
            return
        logs = logs or {}
        if self.use_steps:
            self.seen = batch + 1
        else:
            logs = dict(logs)
            self.seen += logs.pop("num_steps", 1) * logs.pop("size", 0)
            logs.pop("batch", None)
        if self.verbose == 1:
            self._maybe_init()
            self.progbar.update(self.seen, list(logs.items()), finalize=False)

    def _finalize(self, logs):
        logs = to_python_logs(logs or {})
        if self.target is None:
            self.target = self.seen or 1
            if self.progbar is not None:
                self.progbar.target = self.target
        if self.verbose == 1:
            self._maybe_init()
            self.progbar.update(self.target, list(logs.items()), finalize=True)
        elif self.verbose == 2:
            self._print_epoch_line(logs)

    def _print_epoch_line(self, logs):
        """verbose=2: tf-keras's one line per epoch (evaluation, prediction)."""
        now = time.time()
        elapsed = now - (self._start or now)
        digits = len(str(self.target))
        line = f"{self.target:{digits}d}/{self.target} - {elapsed:.0f}s"
        for k, v in logs.items():
            if np.ndim(v) == 0 and isinstance(v, (int, float, np.number)):
                line += f" - {k}: {_format_value(v, signed=False)}"
        line += " -" + _format_time(elapsed, "epoch") + " -" + _format_time(elapsed / self.target, "step")
        print_msg(line)


class BaseLogger(Callback):
    """Averages the batch logs over an epoch (a Keras 1 leftover; `fit` does not add it)."""

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or [])

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        size = logs.get("size", 0)
        self.seen += size * logs.get("num_steps", 1)
        for k, v in logs.items():
            if k in self.stateful_metrics:
                self.totals[k] = v
            else:
                self.totals[k] = self.totals.get(k, 0) + v * size

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            for k in self.params.get("metrics", []):
                if k in self.totals:
                    logs[k] = self.totals[k] if k in self.stateful_metrics else self.totals[k] / self.seen


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or infinite."""

    def __init__(self):
        super().__init__()
        self._supports_tf_logs = True

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None:
            loss = float(np.asarray(loss))
            if np.isnan(loss) or np.isinf(loss):
                print_msg(f"Batch {batch}: Invalid loss, terminating training")
                self.model.stop_training = True


class LambdaCallback(Callback):
    """A callback from functions: `on_epoch_begin(epoch, logs)`, `on_epoch_end(epoch, logs)`,
    `on_batch_begin(batch, logs)`, `on_batch_end(batch, logs)`, `on_train_begin(logs)`,
    `on_train_end(logs)`; other keyword arguments set other hooks.

        >>> cb = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: print(epoch))
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None,
                 on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        for name, fn in (("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_batch_begin", on_batch_begin), ("on_batch_end", on_batch_end),
                         ("on_train_begin", on_train_begin), ("on_train_end", on_train_end)):
            if fn is not None:
                setattr(self, name, fn)
