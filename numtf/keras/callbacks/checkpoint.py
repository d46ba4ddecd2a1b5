"""Callbacks that write files during training: `ModelCheckpoint` and `BackupAndRestore`.

`ModelCheckpoint` saves the model (`model.save`) or its weights (`model.save_weights`) after
every epoch or every `save_freq` batches, to a path formatted with the epoch (1-based), the
batch and the logs (`'ckpt-{epoch:02d}-{val_loss:.2f}.weights.h5'`), optionally only when
`monitor` improves.

`BackupAndRestore` keeps one backup of the training state (model weights, optimizer state and
learning rate, the epoch and batch reached) in `backup_dir`, rewritten atomically at the end of
each epoch (or every `save_freq` batches). A `fit` that finds a backup restores it and resumes
where the backup was taken; a `fit` that completes deletes it.

    >>> backup = tf.keras.callbacks.BackupAndRestore(backup_dir='/tmp/backup')
    >>> model.fit(x, y, epochs=10, callbacks=[backup])    # doctest: +SKIP
"""
import logging
import os
import re
import shutil
import tempfile

import numpy as np

from .base import Callback, print_msg, to_python_logs

__all__ = []

log = logging.getLogger("tensorflow")


class ModelCheckpoint(Callback):
    """Saves the model or its weights at some frequency (see module docstring).

        >>> cb = tf.keras.callbacks.ModelCheckpoint('ckpt-{epoch:02d}.weights.h5', save_weights_only=True,
        ...                                         monitor='val_loss', save_best_only=True)
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", options=None, initial_value_threshold=None, **kwargs):
        super().__init__()
        self._supports_tf_logs = True
        self.monitor = monitor
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.epochs_since_last_save = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = -1
        self._current_epoch = 0
        self.best = initial_value_threshold
        self._options = options
        if not save_weights_only and self.filepath.endswith(".keras") and options is not None:
            raise ValueError("The native TF-Keras format does not support the `options` argument. Please remove the "
                             "`options` argument, or use the SavedModel format by removing the `.keras` extension "
                             "from the model filepath.")
        self.load_weights_on_restart = kwargs.pop("load_weights_on_restart", False)
        if self.load_weights_on_restart:
            log.warning("`load_weights_on_restart` argument is deprecated. Please use `model.load_weights()` for "
                        "loading weights before the start of `model.fit()`.")
        self.period = 1
        if "period" in kwargs:
            self.period = kwargs.pop("period")
            log.warning("`period` argument is deprecated. Please use `save_freq` to specify the frequency in "
                        "number of batches seen.")
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
        if mode not in ("auto", "min", "max"):
            log.warning("ModelCheckpoint mode %s is unknown, fallback to auto mode.", mode)
            mode = "auto"
        if mode == "min" or (mode == "auto" and not ("acc" in monitor or monitor.startswith("fmeasure"))):
            self.monitor_op = np.less
            if self.best is None:
                self.best = np.inf
        else:
            self.monitor_op = np.greater
            if self.best is None:
                self.best = -np.inf
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError(f'Unrecognized save_freq: {save_freq}. Expected save_freq are "epoch" or integer')
        self._chief_worker_only = False

    def on_train_begin(self, logs=None):
        if self.load_weights_on_restart:
            path = self._most_recent_file(self.filepath)
            if path is not None and os.path.exists(path):
                try:
                    self.model.load_weights(path)
                except (IOError, ValueError) as e:
                    raise ValueError(f"Error loading file from {path}. Reason: {e}") from e

    def _implements_train_batch_hooks(self):
        return self.save_freq != "epoch"

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:  # a new epoch
            add = batch + 1
        else:
            add = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += add
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, epoch, batch, logs):
        logs = to_python_logs(logs or {})
        if not (isinstance(self.save_freq, int) or self.epochs_since_last_save >= self.period):
            return
        self.epochs_since_last_save = 0
        filepath = self._get_file_path(epoch, batch, logs)
        dirname = os.path.dirname(filepath)
        if dirname and not os.path.exists(dirname):
            os.makedirs(dirname, exist_ok=True)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                log.warning("Can save best model only with %s available, skipping.", self.monitor)
                return
            if self.monitor_op(current, self.best):
                if self.verbose > 0:
                    print_msg(f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to "
                              f"{current:.5f}, saving model to {filepath}")
                self.best = current
                self._save(filepath)
            elif self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
        else:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            self._save(filepath)

    def _save(self, filepath):
        from ..saving.weights_format import format_of
        # only a file-format save collides with a directory (reported after the "saving" line, as
        # tf-keras does); a checkpoint prefix or a SavedModel directory may already be one
        if os.path.isdir(filepath) and format_of(filepath) != "checkpoint":
            raise IOError("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                          f"existing directory: {filepath}")
        try:
            if self.save_weights_only:
                self.model.save_weights(filepath, overwrite=True)
            else:
                self.model.save(filepath, overwrite=True)
        except IsADirectoryError:
            raise IOError("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                          f"existing directory: {filepath}") from None

    def _get_file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}') from None

    def _most_recent_file(self, pattern):
        """The most recently modified file matching `pattern` (placeholders as wildcards)."""
        dir_name = os.path.dirname(pattern) or "."
        regex = "^" + re.sub(r"{.*}", r".*", os.path.basename(pattern)) + "$"
        if not os.path.isdir(dir_name):
            return None
        best, best_time, ties, largest = None, 0, 0, None
        for name in os.listdir(dir_name):
            if re.match(regex, name):
                path = os.path.join(dir_name, name)
                mtime = os.path.getmtime(path)
                if largest is None or path > largest:
                    largest = path
                if mtime > best_time:
                    best, best_time, ties = path, mtime, 1
                elif mtime == best_time:
                    ties += 1
        return best if ties == 1 else largest


# -- BackupAndRestore -----------------------------------------------------------------------------
_BACKUP_FILE = "training_state.npz"


def _optimizer_variables(optimizer):
    variables = getattr(optimizer, "variables", None)
    if variables is None:
        return []
    return list(variables() if callable(variables) and not isinstance(variables, list) else variables)


class BackupAndRestore(Callback):
    """Backs up the training state in `backup_dir` and resumes an interrupted `fit` from it
    (see module docstring). `save_freq`: 'epoch' or a number of batches.

        >>> cb = tf.keras.callbacks.BackupAndRestore(backup_dir='/tmp/backup')
    """

    _needs_built_model = True  # fit builds an unbuilt model on its first batch before on_train_begin

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True, save_before_preemption=False):
        super().__init__()
        self.backup_dir = os.fspath(backup_dir)
        self._supports_tf_logs = True
        self.save_freq = save_freq
        self.delete_checkpoint = delete_checkpoint
        self.save_before_preemption = save_before_preemption
        self._batches_count = 0
        self._current_epoch = 0
        self._current_batch = -1
        self._pending = None
        if not save_freq and not save_before_preemption:
            raise ValueError("Either `save_freq` or `save_before_preemption` must be set.")
        if save_freq != "epoch" and save_freq is not False and (
                not isinstance(save_freq, int) or isinstance(save_freq, bool) or save_freq < 1):
            raise ValueError(f'Unrecognized save_freq: {save_freq}. Expected save_freq are "epoch" or a positive '
                             "integer")
        self._chief_worker_only = False

    @property
    def _dir(self):
        return os.path.join(self.backup_dir, "chief")  # tf-keras's layout: backup_dir itself stays

    @property
    def _path(self):
        return os.path.join(self._dir, _BACKUP_FILE)

    def on_train_begin(self, logs=None):
        state = self._read()
        if state is None:
            return
        epoch, batch = int(state["epoch"]), int(state["batch"])
        steps = self.params.get("steps")
        if isinstance(self.save_freq, int) and not isinstance(self.save_freq, bool):
            if batch >= 0 and steps is not None and batch == steps - 1:
                resume = (epoch + 1, 0)
            elif batch >= 0:
                resume = (epoch, batch + 1)
            else:
                resume = (epoch + 1, 0)
        else:
            resume = (epoch + 1, 0)
        self.model._training_state_resume = resume
        if self.model.built:
            self._restore(state)
        else:
            log.warning("To use the BackupAndRestore callback, you model must be built before you call `fit()`. "
                        f"Model {self.model} is unbuilt. You can build it beforehand by calling it on a batch of "
                        "data.")
            self._pending = state  # restored once the first step has created the weights

    def _read(self):
        path = self._path
        if not os.path.exists(path):
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}
        except (OSError, ValueError) as e:
            raise ValueError(f"BackupAndRestore: the backup {path} cannot be read ({e}). Delete it to start "
                             "training from scratch.") from e

    def _restore(self, state):
        weights = [state[f"model_{i}"] for i in range(int(state["num_model"]))]
        self.model.set_weights(weights)
        optimizer = getattr(self.model, "optimizer", None)
        n_opt = int(state["num_optimizer"])
        if optimizer is not None and n_opt:
            if not getattr(optimizer, "_built", False) and callable(getattr(optimizer, "build", None)):
                optimizer.build(self.model.trainable_variables)
            variables = _optimizer_variables(optimizer)
            if len(variables) == n_opt and all(tuple(v.shape) == state[f"optimizer_{i}"].shape
                                               for i, v in enumerate(variables)):
                for i, v in enumerate(variables):
                    v.assign(state[f"optimizer_{i}"])
            else:
                log.warning("BackupAndRestore: the optimizer's state in %s does not match this optimizer; its "
                            "state is not restored.", self._path)
            lr = getattr(optimizer, "__dict__", {}).get("_learning_rate")
            if "learning_rate" in state and hasattr(lr, "assign"):
                lr.assign(state["learning_rate"].astype(lr.dtype.as_numpy_dtype))

    def on_train_batch_begin(self, batch, logs=None):
        self._current_batch = batch

    def on_train_batch_end(self, batch, logs=None):
        if self._pending is not None:
            state, self._pending = self._pending, None
            self._restore(state)
        if self.save_freq and self.save_freq != "epoch":
            self._batches_count += 1
            if self._batches_count >= self.save_freq:
                self._batches_count = 0
                self._backup(self._current_epoch, batch)

    def _implements_train_batch_hooks(self):
        return True

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._backup(epoch, self._current_batch)

    def on_train_end(self, logs=None):
        self._pending = None
        if self.delete_checkpoint and os.path.isdir(self._dir):
            shutil.rmtree(self._dir, ignore_errors=True)

    def _backup(self, epoch, batch):
        """Writes the state to a temporary file, then renames it over the old backup: a crash
        mid-write leaves the previous backup intact."""
        weights = self.model.get_weights()
        arrays = {"epoch": np.int64(epoch), "batch": np.int64(batch), "num_model": np.int64(len(weights))}
        arrays.update({f"model_{i}": w for i, w in enumerate(weights)})
        optimizer = getattr(self.model, "optimizer", None)
        opt_vars = _optimizer_variables(optimizer) if optimizer is not None else []
        arrays["num_optimizer"] = np.int64(len(opt_vars))
        arrays.update({f"optimizer_{i}": np.asarray(v.numpy()) for i, v in enumerate(opt_vars)})
        lr = getattr(optimizer, "__dict__", {}).get("_learning_rate") if optimizer is not None else None
        if hasattr(lr, "numpy") and hasattr(lr, "assign"):
            arrays["learning_rate"] = np.asarray(lr.numpy())
        os.makedirs(self._dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".npz", dir=self._dir)
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise
