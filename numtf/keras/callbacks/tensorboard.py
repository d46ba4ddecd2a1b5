"""`tf.keras.callbacks.TensorBoard`: training summaries for TensorBoard, written with numtf's own
`tf.summary` (no tensorboard package needed), laid out as tf-keras 2.21 lays them out:

- `log_dir/train`: 'keras' (the model's JSON config, plugin 'graph_keras_model', step 0) when
  `write_graph`; 'batch_<metric>' (and 'batch_steps_per_second') every `update_freq` batches
  when it is an integer, at the global batch count; 'epoch_<metric>' per epoch (plus
  'epoch_learning_rate' when the learning rate is a schedule, 'epoch_steps_per_second' when
  asked); with `histogram_freq`, every that many epochs, '<weight>_0/histogram' for each weight
  (and '<weight>_0/image' with `write_images`);
- `log_dir/validation`: 'evaluation_<metric>_vs_iterations' at the optimizer's iteration count
  after each validation, and 'epoch_<metric>' per epoch.

Not written: the train function's graph (tf-keras adds a graph_def event), profiles
(`profile_batch` must be 0) and embeddings (`embeddings_freq` must be 0).

    >>> cb = tf.keras.callbacks.TensorBoard(log_dir='logs')   # doctest: +SKIP
"""
import os
import time

import numpy as np

from ... import summary as tf_summary
from ...ops.convert import convert_to_tensor
from ...util import events
from .base import Callback

__all__ = []


class TensorBoard(Callback):
    """Writes the training metrics (and optionally weight histograms and images) as TensorBoard
    event files; see the module docstring for the layout."""

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None, **kwargs):
        super().__init__()
        self._supports_tf_logs = True
        unknown = set(kwargs) - {"write_grads", "embeddings_layer_names", "embeddings_data", "batch_size"}
        if unknown:
            raise ValueError(f"Unrecognized arguments in `TensorBoard` Callback: {unknown}. Supported kwargs are: "
                             "{'write_grads', 'embeddings_layer_names', 'embeddings_data', 'batch_size'}")
        if profile_batch not in (0, None, (0, 0), [0, 0]):
            raise NotImplementedError("TensorBoard(profile_batch=...): numtf has no profiler; use profile_batch=0")
        if embeddings_freq:
            raise NotImplementedError("TensorBoard(embeddings_freq=...): embeddings are not written by numtf")
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self.profile_batch = profile_batch
        self._writers = {}
        self._global_train_batch = 0
        self._epoch_start = None
        self._epoch_steps = 0
        self._batch_start = None

    def _writer(self, run):
        writer = self._writers.get(run)
        if writer is None:
            writer = self._writers[run] = tf_summary.create_file_writer(os.path.join(self.log_dir, run))
        return writer

    def _implements_train_batch_hooks(self):
        return isinstance(self.update_freq, int)

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        if self.write_graph and hasattr(self.model, "to_json"):
            try:
                config = self.model.to_json()
            except (NotImplementedError, TypeError, ValueError):  # (a subclassed model has no config)
                config = None
            if config is not None:
                metadata = events.encode(events.SUMMARY_METADATA, {
                    "plugin_data": {"plugin_name": "graph_keras_model", "content": b"1"}})
                with self._writer("train").as_default():
                    tf_summary.write("keras", config, step=0, metadata=metadata)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.time()
        self._epoch_steps = 0

    def on_train_batch_begin(self, batch, logs=None):
        self._batch_start = time.time()

    def on_train_batch_end(self, batch, logs=None):
        self._global_train_batch += 1
        self._epoch_steps += 1
        if isinstance(self.update_freq, int) and self._global_train_batch % self.update_freq == 0:
            step = self._global_train_batch
            with self._writer("train").as_default(step=step):
                if self.write_steps_per_second and self._batch_start is not None:
                    tf_summary.scalar("batch_steps_per_second", 1.0 / max(time.time() - self._batch_start, 1e-9))
                for name, value in (logs or {}).items():
                    if np.ndim(value) == 0:
                        tf_summary.scalar("batch_" + name, value)

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if not logs or optimizer is None or not hasattr(optimizer, "iterations"):
            return
        step = int(np.asarray(optimizer.iterations.numpy()))
        with self._writer("validation").as_default(step=step):
            for name, value in logs.items():
                if np.ndim(value) == 0:
                    tf_summary.scalar("evaluation_" + name + "_vs_iterations", value)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train = {k: v for k, v in logs.items() if not k.startswith("val_") and np.ndim(v) == 0}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_") and np.ndim(v) == 0}
        lr = self._scheduled_learning_rate()
        if lr is not None:
            train["learning_rate"] = lr
        if self.write_steps_per_second and self._epoch_start is not None:
            train["steps_per_second"] = self._epoch_steps / max(time.time() - self._epoch_start, 1e-9)
        if train:
            with self._writer("train").as_default(step=epoch):
                for name, value in train.items():
                    tf_summary.scalar("epoch_" + name, value)
        if val:
            with self._writer("validation").as_default(step=epoch):
                for name, value in val.items():
                    tf_summary.scalar("epoch_" + name, value)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    def _scheduled_learning_rate(self):
        """The learning rate at this step when it is a schedule (tf-keras logs only that case)."""
        from ..optimizers.schedules import LearningRateSchedule
        optimizer = getattr(self.model, "optimizer", None)
        schedule = optimizer.__dict__.get("_learning_rate") if optimizer is not None else None
        if isinstance(schedule, LearningRateSchedule):
            return float(np.asarray(convert_to_tensor(schedule(optimizer.iterations)).numpy()))
        return None

    def _log_weights(self, epoch):
        with self._writer("train").as_default(step=epoch):
            for layer in self.model.layers:
                for weight in layer.weights:
                    name = weight.name.replace(":", "_")
                    tf_summary.histogram(name + "/histogram", weight)
                    if self.write_images:
                        self._log_weight_as_image(weight, name + "/image")

    @staticmethod
    def _log_weight_as_image(weight, tag):
        """A weight as a grayscale image, as tf-keras shows it: a vector as a column, a matrix
        with its longer side across, conv kernels one image per output channel."""
        w = np.squeeze(np.asarray(weight.numpy()))
        if w.ndim == 1:
            w = w.reshape(1, w.shape[0], 1, 1)
        elif w.ndim == 2:
            if w.shape[0] > w.shape[1]:
                w = w.T
            w = w.reshape(1, w.shape[0], w.shape[1], 1)
        elif w.ndim == 3:
            w = np.transpose(w, (2, 0, 1))[..., None]
        if w.ndim == 4 and w.shape[-1] in (1, 3, 4):
            tf_summary.image(tag, w)

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
